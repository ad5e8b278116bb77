/* test_look.c — what the pages look like to their readers, through the
 * real binary on a demo store: every page of every role carries the
 * stylesheet's layout (header, menu, search) and the script that shows
 * its data tables as cards on phones, shows no file path, command, option or English sentence;
 * states as badges; the search box finds only what the reader may see;
 * uploads take several files at once (all or none), iPhone photos (HEIC
 * by their content) and refuse other types in Chinese; the audit log
 * reads in Chinese. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "domain/auth.h"
#include "testutil.h"
#include "web/html.h"
#include "web/web.h"

/* ---- every page of every role ---- */

static const struct {
	const char *name;
	int role;
} accounts[] = {{"office", ROLE_ADMIN}, {"assessor1", ROLE_ASSESSOR}, {"shenji", ROLE_UNIT}, {"leader", ROLE_LEADER},
		{"auditor", ROLE_AUDITOR}};
#define NACCOUNTS (int)(sizeof accounts / sizeof accounts[0])

/* The visible text of HTML BODY: tags, <style>/<script> contents and
 * entities dropped (each tag becomes a space). Caller frees. */
static char *visible_text(const char *body)
{
	struct strbuf t = {0};
	for (const char *p = body; *p;) {
		if (*p == '<') {
			const char *skip_to = NULL;
			if (!strncmp(p, "<pre", 4))
				skip_to = "</pre>"; /* a draw's parameters: data, not wording */
			else if (!strncmp(p, "<svg", 4))
				skip_to = "</svg>";
			const char *end = skip_to ? strstr(p, skip_to) : strchr(p, '>');
			if (!end)
				break;
			p = end + (skip_to ? strlen(skip_to) : 1);
			sb_addc(&t, ' ');
		} else if (*p == '&') {
			const char *end = strchr(p, ';');
			p = end ? end + 1 : p + 1;
			sb_addc(&t, ' ');
		} else {
			sb_addc(&t, *p++);
		}
	}
	return t.s ? t.s : xstrdup("");
}

/* The first run of FOUR or more English words in TEXT (letters, spaces
 * between them), or NULL: a sentence left in English. */
static const char *english_sentence(const char *text)
{
	for (const char *p = text; *p; p++) {
		if (!isalpha((unsigned char)*p) || (p > text && isalpha((unsigned char)p[-1])))
			continue;
		int words = 0;
		const char *q = p;
		while (isalpha((unsigned char)*q)) {
			while (isalpha((unsigned char)*q))
				q++;
			words++;
			if (*q == ' ' && isalpha((unsigned char)q[1]))
				q++;
			else
				break;
		}
		if (words >= 4)
			return p;
	}
	return NULL;
}

/* Fails naming WHAT when page R lacks the layout or labels, or shows a
 * file path, a command, an option or English. */
static void check_look(const struct reply *r, const char *what, bool signed_in)
{
	const char *b = r->body;
	if (!strstr(b, "<link rel=\"stylesheet\" href=\"/assets/style.css\">"))
		fail_msg("%s: no stylesheet", what);
	if (signed_in && (!strstr(b, "class=\"nav-toggle\"") || !strstr(b, "<nav>") || !strstr(b, "退出")))
		fail_msg("%s: no header with the menu and 退出", what);
	/* the script that shows data tables as cards on a phone
	 * (journeys-look.mjs checks them in chromium) */
	if (signed_in && !strstr(b, "<script src=\"/assets/look.js\" defer></script></head>"))
		fail_msg("%s: no look.js", what);
	char *text = visible_text(b);
	static const char *const banned[] = {"docs/", "kaoping ", " --", ".md", "draw_inspectors", "STORE.files"};
	for (size_t i = 0; i < sizeof banned / sizeof *banned; i++) {
		const char *hit = strstr(text, banned[i]);
		if (hit)
			fail_msg("%s: shows \"%s\": …%.80s", what, banned[i], hit > text + 40 ? hit - 40 : text);
	}
	const char *en = english_sentence(text);
	if (en)
		fail_msg("%s: English on the page: %.80s", what, en);
	free(text);
}

/* Fills {u} in EXAMPLE with UNIT. */
static char *example_path(const char *example, long unit)
{
	const char *p = strstr(example, "{u}");
	if (!p)
		return xstrdup(example);
	return xasprintf("%.*s%ld%s", (int)(p - example), example, unit, p + 3);
}

static void test_every_page_has_the_layout_the_card_script_and_no_internal_words(void **state)
{
	(void)state;
	struct session sessions[NACCOUNTS];
	for (int a = 0; a < NACCOUNTS; a++)
		sessions[a] = login(accounts[a].name);
	int pages = 0, tables = 0;
	for (const struct route *rt = web_routes; rt->method; rt++) {
		if (strcmp(rt->method, "GET") || rt->api)
			continue;
		char *path = example_path(rt->example, 3);
		for (int a = -1; a < NACCOUNTS; a++) {
			if (a >= 0 && rt->roles != ROUTE_PUBLIC && !(rt->roles & accounts[a].role))
				continue;
			if (a < 0 && rt->roles != ROUTE_PUBLIC)
				continue;
			struct reply r = get(path, a >= 0 ? sessions[a].token : NULL);
			char *type = header(&r, "Content-Type");
			if (r.status == 200 && type && !strncmp(type, "text/html", 9)) {
				char *what = xasprintf("GET %s as %s", path, a >= 0 ? accounts[a].name : "anonymous");
				check_look(&r, what, a >= 0);
				tables += strstr(r.body, "<table") != NULL;
				pages++;
				free(what);
			}
			free(type);
			reply_free(&r);
		}
		free(path);
	}
	print_message("look: %d pages, %d with tables\n", pages, tables);
	assert_true(pages >= 60 && tables >= 20);
	/* the main pages show states as badges and lights, not bare words */
	struct reply r = get("/units/3", sessions[0].token);
	assert_non_null(strstr(r.body, "id=\"submission\" class=\"badge "));
	assert_non_null(strstr(r.body, "<span class=\"badge b-"));
	reply_free(&r);
	r = get("/", sessions[0].token);
	assert_non_null(strstr(r.body, "class=\"light l-red\""));
	reply_free(&r);
	r = get("/cases", sessions[0].token);
	assert_non_null(strstr(r.body, "<span class=\"badge b-yellow\">整改中</span>"));
	reply_free(&r);
	/* the menu by role: the office has 账号, a clerk its 待办 and not 汇总排名 */
	r = get("/rubric", sessions[0].token);
	assert_non_null(strstr(r.body, "<a href=\"/users\">账号</a>"));
	reply_free(&r);
	r = get("/rubric", sessions[2].token);
	assert_non_null(strstr(r.body, "<a href=\"/units/3/due\">待办</a>"));
	assert_null(strstr(r.body, "href=\"/ranking\""));
	assert_non_null(strstr(r.body, "<a href=\"/rubric\" class=\"here\">"));
	reply_free(&r);
	for (int a = 0; a < NACCOUNTS; a++)
		session_free(&sessions[a]);
}

/* ---- uploads ---- */

struct part {
	const char *field, *filename;
	const char *data;
};

/* `kaoping http` started as `serve --max-upload-mb MB` would be (MB NULL:
 * the default), answering REQUEST. */
static struct reply http_limited(const char *request, const char *mb)
{
	if (!mb)
		return http(request);
	struct run r = run_kaoping(request, (const char *const[]){"--db", db, "http", "--max-upload-mb", mb, NULL});
	struct reply rep = {0};
	char *split = strstr(r.out, "\r\n\r\n");
	if (r.status != 0 || !split || sscanf(r.out, "HTTP/1.1 %d", &rep.status) != 1)
		fail_msg("kaoping http failed (%d): %s %s", r.status, r.out, r.err);
	rep.head = xstrndup(r.out, (size_t)(split - r.out) + 2);
	rep.body = xstrdup(split + 4);
	rep.body_len = strlen(rep.body);
	run_free(&r);
	return rep;
}

/* GET PATH as session S from a server allowing MB megabytes of upload. */
static struct reply get_limited(const char *path, const struct session *s, const char *mb)
{
	char *req = xasprintf("GET %s HTTP/1.1\r\nCookie: kp_session=%s\r\n\r\n", path, s->token);
	struct reply r = http_limited(req, mb);
	free(req);
	return r;
}

/* Posts the form FIELDS (name, value pairs, NULL-terminated; may be NULL)
 * and the N file PARTS (and the session's CSRF token) as one multipart
 * form to PATH, on a server allowing MB megabytes of upload (NULL: 50). */
static struct reply upload_form(const char *path, const struct session *s, const char *const *fields,
				const struct part *parts, int n, const char *mb)
{
	struct strbuf b = {0};
	sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", s->csrf);
	for (; fields && *fields; fields += 2)
		sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", fields[0], fields[1]);
	for (int i = 0; i < n; i++) {
		sb_addf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
			    "Content-Type: application/octet-stream\r\n\r\n%s\r\n",
			parts[i].field, parts[i].filename, parts[i].data);
	}
	sb_adds(&b, "--XyZ--\r\n");
	struct strbuf req = {0};
	sb_addf(&req, "POST %s HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %zu\r\n"
		      "Cookie: kp_session=%s\r\n\r\n%s", path, b.len, s->token, b.s);
	struct reply r = http_limited(req.s, mb);
	sb_free(&b), sb_free(&req);
	return r;
}

/* Posts the N file PARTS (and the session's CSRF token) as one multipart
 * form to PATH. */
static struct reply upload(const char *path, const struct session *s, const struct part *parts, int n)
{
	return upload_form(path, s, NULL, parts, n, NULL);
}

/* An iPhone photo's first bytes (an ISO media box "ftyp" of brand heic;
 * the box size holds no NUL, which http() cannot send). */
#define HEIC "\x01\x01\x01\x18" "ftypheic" "\x01\x01\x01\x01" "mif1heic" "rest of the photo"
#define PDF "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

static void test_uploads_take_several_files_iphone_photos_and_refuse_others_in_chinese(void **state)
{
	(void)state;
	struct session s = login("shenji");
	struct reply r = get("/units/3/criteria/2", s.token);
	/* the form: several files, the camera, the types and limit in Chinese */
	assert_non_null(strstr(r.body, "name=\"file\" multiple accept=\".pdf,"));
	assert_non_null(strstr(r.body, ".heic,.heif,"));
	assert_non_null(strstr(r.body, "name=\"photo\" accept=\"image/*\" capture=\"environment\""));
	assert_non_null(strstr(r.body, "合计不超过 50 MB"));
	reply_free(&r);
	/* one file refused: none of the request's files is kept */
	struct part mixed[] = {{"file", "会议纪要.pdf", PDF}, {"file", "说明.txt", "plain text"}};
	r = upload("/units/3/criteria/2/evidence", &s, mixed, 2);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "不接受 .txt 文件"));
	assert_non_null(strstr(r.body, "本次 2 个文件均未保存"));
	reply_free(&r);
	r = get("/units/3/criteria/2", s.token);
	assert_null(strstr(r.body, "会议纪要.pdf"));
	reply_free(&r);
	/* a HEIC photo named in capitals, a PDF and a camera shot at once */
	struct part three[] = {{"file", "IMG_0001.HEIC", HEIC}, {"file", "会议纪要.pdf", PDF}, {"photo", "image.heic", HEIC}};
	r = upload("/units/3/criteria/2/evidence", &s, three, 3);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/criteria/2", s.token);
	assert_non_null(strstr(r.body, ">IMG_0001.HEIC</a>"));
	assert_non_null(strstr(r.body, ">会议纪要.pdf</a>"));
	assert_non_null(strstr(r.body, ">image.heic</a>"));
	assert_non_null(strstr(r.body, "苹果手机照片"));
	reply_free(&r);
	/* a PNG or a video named .heic is not a HEIC photo */
	struct part fake[] = {{"file", "photo.heic", "\x89PNG\r\n\x1a\nxxxxxxxx"}};
	r = upload("/units/3/criteria/2/evidence", &s, fake, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "的内容与扩展名 .heic 不符"));
	reply_free(&r);
	struct part mp4[] = {{"file", "clip.heic", "\x01\x01\x01\x18" "ftypisom" "\x01\x01\x01\x01" "isomavc1"}};
	r = upload("/units/3/criteria/2/evidence", &s, mp4, 1);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	/* nothing chosen */
	struct part none[] = {{"photo", "", ""}};
	r = upload("/units/3/criteria/2/evidence", &s, none, 1);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "请选择要上传的文件或拍照"));
	reply_free(&r);
	session_free(&s);
}

/* Every upload form (evidence, a new ledger entry, a ledger entry's
 * files, a case's rectification report, the score sheet) says the limits
 * the server was started with; the ledger and case forms take several
 * files and the camera's HEIC photo as the evidence form does. */
static void test_every_upload_form_states_the_servers_limit_and_takes_the_camera(void **state)
{
	(void)state;
	struct session s = login("shenji"), admin = login("office");
	static const char *const pages[] = {"/units/3/criteria/2", "/units/3/ledger", "/units/3/cases"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		struct reply r = get_limited(pages[i], &s, "10");
		assert_int_equal(r.status, 200);
		if (!strstr(r.body, "每次最多 8 个文件，合计不超过 10 MB") || strstr(r.body, "50 MB"))
			fail_msg("%s does not say the limit of 10 MB: %s", pages[i], r.body);
		assert_non_null(strstr(r.body, "name=\"file\" multiple accept=\".pdf,.doc,.wps,.xls,.et,.ppt,.dps,.docx,"));
		assert_non_null(strstr(r.body, ".heic,.heif,"));
		assert_non_null(strstr(r.body, "name=\"photo\" accept=\"image/*\" capture=\"environment\""));
		reply_free(&r);
		r = get_limited(pages[i], &s, "200"); /* more in all, still 50 MB a file */
		assert_non_null(strstr(r.body, "合计不超过 200 MB，每个文件不超过 50 MB"));
		reply_free(&r);
	}
	struct reply r = get_limited("/scores/import", &admin, "1");
	assert_non_null(strstr(r.body, "最大 1 MB"));
	reply_free(&r);
	r = get_limited("/scores/import", &admin, NULL);
	assert_non_null(strstr(r.body, "最大 2 MB"));
	reply_free(&r);
	/* a ledger entry with a PDF and a photo from the camera */
	struct part two[] = {{"file", "签到表.pdf", PDF}, {"photo", "image.heic", HEIC}};
	r = upload_form("/units/3/ledger", &s,
			(const char *const[]){"date", "2024-06-03", "kind", "专题会议", "title", "拍照的会议", NULL}, two, 2,
			NULL);
	assert_int_equal(r.status, 303);
	char *where = header(&r, "Location");
	reply_free(&r);
	r = get_limited(where, &s, "10");
	assert_non_null(strstr(r.body, "签到表.pdf"));
	assert_non_null(strstr(r.body, "image.heic"));
	/* the entry's own form for more files says the limit and takes the camera */
	assert_non_null(strstr(r.body, "合计不超过 10 MB"));
	assert_non_null(strstr(r.body, "capture=\"environment\""));
	reply_free(&r);
	free(where);
	/* a rectification report with the camera's photo */
	struct part photo[] = {{"photo", "IMG_0002.HEIC", HEIC}};
	r = upload_form("/units/3/cases/1/report", &s, (const char *const[]){"text", "已现场整改，附照片", NULL}, photo,
			1, NULL);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/3/cases", s.token);
	assert_non_null(strstr(r.body, "IMG_0002.HEIC"));
	reply_free(&r);
	/* a body over the limit is refused with the limit said */
	char *big = xmalloc(1100 * 1024 + 1);
	memset(big, 'x', 1100 * 1024);
	memcpy(big, "%PDF-1.4\n", 9);
	big[1100 * 1024] = 0;
	struct part large[] = {{"file", "大.pdf", big}};
	r = upload_form("/units/3/criteria/2/evidence", &s, NULL, large, 1, "1");
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "上传的文件合计过大：每次合计最多 1 MB"));
	reply_free(&r);
	free(big);
	session_free(&s), session_free(&admin);
}

/* ---- search ---- */

static void test_search_finds_what_the_reader_may_see_and_no_more(void **state)
{
	(void)state;
	struct session clerk = login("shenji"), other = login("gongxin"), office = login("office");
	struct part mine[] = {{"file", "审计局经费台账.pdf", PDF}}, theirs[] = {{"file", "工信局经费台账.pdf", PDF}};
	struct reply r = upload("/units/3/criteria/1/evidence", &clerk, mine, 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	r = get("/units/6", other.token);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	r = upload("/units/6/criteria/1/evidence", &other, theirs, 1);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* the office finds both files; each clerk only its own */
	r = get("/search?q=%E7%BB%8F%E8%B4%B9%E5%8F%B0%E8%B4%A6", office.token); /* 经费台账 */
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "审计局经费台账.pdf"));
	assert_non_null(strstr(r.body, "工信局经费台账.pdf"));
	assert_non_null(strstr(r.body, "<h2>佐证材料 <small>2 项</small></h2>"));
	reply_free(&r);
	r = get("/search?q=%E7%BB%8F%E8%B4%B9%E5%8F%B0%E8%B4%A6", clerk.token);
	assert_non_null(strstr(r.body, "<a href=\"/units/3/criteria/1\">审计局经费台账.pdf</a>"));
	assert_null(strstr(r.body, "工信局经费台账.pdf"));
	reply_free(&r);
	/* ledger entries: the demo's 专题研究 of 区审计局 and of 区工信局 */
	r = get("/search?q=%E4%B8%93%E9%A2%98%E7%A0%94%E7%A9%B6", clerk.token); /* 专题研究 */
	assert_non_null(strstr(r.body, "href=\"/units/3/ledger/"));
	assert_null(strstr(r.body, "href=\"/units/6/"));
	reply_free(&r);
	r = get("/search?q=%E4%B8%93%E9%A2%98%E7%A0%94%E7%A9%B6", office.token);
	assert_non_null(strstr(r.body, "href=\"/units/3/ledger/"));
	assert_non_null(strstr(r.body, "href=\"/units/6/ledger/"));
	reply_free(&r);
	/* cases: 区发改局's 全区末位 is not the clerk's */
	r = get("/search?q=%E5%85%A8%E5%8C%BA%E6%9C%AB%E4%BD%8D", office.token); /* 全区末位 */
	assert_non_null(strstr(r.body, "<a href=\"/cases/2\">督办 2 号</a>"));
	reply_free(&r);
	r = get("/search?q=%E5%85%A8%E5%8C%BA%E6%9C%AB%E4%BD%8D", clerk.token);
	assert_non_null(strstr(r.body, "没有找到"));
	reply_free(&r);
	/* units by alias, criteria by 序号: the clerk's own unit only */
	r = get("/search?q=%E5%B7%A5%E4%BF%A1", office.token); /* 工信 */
	assert_non_null(strstr(r.body, "<a href=\"/units/6\">区工信局</a>"));
	reply_free(&r);
	r = get("/search?q=%E5%B7%A5%E4%BF%A1", clerk.token);
	assert_null(strstr(r.body, "区工信局</a>"));
	reply_free(&r);
	r = get("/search?q=2", clerk.token);
	assert_non_null(strstr(r.body, "<a href=\"/units/3/criteria/2\">第 2 项</a>"));
	reply_free(&r);
	/* LIKE's wildcards are text: "%" finds the case whose reason holds
	 * one (得分率 78.5%), not every ledger entry; "_" finds nothing */
	r = get("/search?q=%25", office.token);
	assert_non_null(strstr(r.body, "<a href=\"/cases/2\">督办 2 号</a>"));
	assert_null(strstr(r.body, "<h2>台账 "));
	reply_free(&r);
	r = get("/search?q=_", office.token);
	assert_non_null(strstr(r.body, "没有找到"));
	reply_free(&r);
	/* the auditor reads the audit log only */
	struct session auditor = login("auditor");
	r = get("/search?q=2", auditor.token);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	session_free(&auditor);
	session_free(&clerk), session_free(&other), session_free(&office);
}

/* ---- the audit log ---- */

static void test_the_audit_log_reads_in_chinese(void **state)
{
	(void)state;
	struct session s = login("auditor");
	struct reply r = get("/audit", s.token);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, ">登录</td>"));
	assert_non_null(strstr(r.body, "登录（来自 "));
	assert_null(strstr(r.body, "log-in from"));
	assert_null(strstr(r.body, ">auth.login<"));
	reply_free(&r);
	r = get("/audit?action=case.", s.token);
	assert_non_null(strstr(r.body, ">立案</td>"));
	assert_non_null(strstr(r.body, "级别 1，整改中，整改期限 "));
	reply_free(&r);
	r = get("/audit?action=campaign.create", s.token);
	assert_non_null(strstr(r.body, "18 个单位，23 项测评内容，100 分"));
	assert_non_null(strstr(r.body, "<option value=\"campaign.create\" selected>创建活动</option>"));
	reply_free(&r);
	session_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_page_has_the_layout_the_card_script_and_no_internal_words, demo_store,
						drop_store),
		cmocka_unit_test_setup_teardown(test_uploads_take_several_files_iphone_photos_and_refuse_others_in_chinese,
						demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_every_upload_form_states_the_servers_limit_and_takes_the_camera,
						demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_search_finds_what_the_reader_may_see_and_no_more, demo_store, drop_store),
		cmocka_unit_test_setup_teardown(test_the_audit_log_reads_in_chinese, demo_store, drop_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
