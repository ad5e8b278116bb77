/* test_package.c — the inspection package (迎检材料): safe and unique names,
 * and packages built by the real binary from files uploaded through the
 * API and the ledger command, read back with Debian's unzip: every entry's
 * SHA-256 is a stored file's, every live stored file is in, no entry
 * escapes its folder, index.html links every entry; --unit and the web's
 * unit scoping; a failure leaves no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/util.h"
#include "htmlcheck.h"
#include "papers/package.h"
#include "testutil.h"

/* ---- names ---- */

static char *safe_n(const char *s, size_t n)
{
	return package_safe_name(s, n, PACKAGE_NAME_MAX);
}
static char *safe_s(const char *s)
{
	return safe_n(s, strlen(s));
}

static void assert_safe(const char *got)
{
	assert_true(utf8_valid(got, strlen(got)));
	assert_null(strchr(got, '/'));
	assert_null(strchr(got, '\\'));
	assert_null(strstr(got, ".."));
	assert_true(*got && *got != '.' && *got != ' ');
	size_t n = strlen(got);
	assert_true(got[n - 1] != '.' && got[n - 1] != ' ');
	for (const char *p = got; *p; p++)
		assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
}

static void check_safe(const char *in, size_t n, const char *want)
{
	char *got = safe_n(in, n);
	assert_safe(got);
	if (want)
		assert_string_equal(got, want);
	free(got);
}

static void test_hostile_names_are_made_safe(void **state)
{
	(void)state;
	check_safe("../../etc/passwd", 16, "_._etc_passwd");
	check_safe("..\\..\\boot.ini", 14, "_._boot.ini");
	check_safe("a\0b.pdf", 7, "a_b.pdf");                 /* a NUL inside */
	check_safe("a\x01\x1f" "b\x7f.pdf", 9, "a__b_.pdf"); /* control characters */
	check_safe("\xb2\xe2\xca\xd4.doc", 8, "_.doc");      /* 测试 in GBK: not UTF-8 */
	check_safe("报告\xb2\xe2.pdf", 12, "报告_.pdf");
	check_safe("报告\u202efdp.exe", strlen("报告\u202efdp.exe"), "报告fdp.exe"); /* bidi override dropped */
	check_safe("CON.txt", 7, "_CON.txt");
	check_safe("nul", 3, "_nul");
	check_safe("com1.tar.gz", 11, "_com1.tar.gz");
	check_safe("CONSOLE.txt", 11, "CONSOLE.txt");
	check_safe("报告. . .", strlen("报告. . ."), "报告");
	check_safe("  .hidden", 9, "hidden");
	check_safe("a..b...pdf", 10, "a.b.pdf");
	check_safe("", 0, "未命名");
	check_safe("...", 3, "未命名");
	check_safe("a<b>c:d\"e|f?g*.pdf", 18, "a_b_c_d_e_f_g_.pdf");
	check_safe("会议纪要（2024）.pdf", strlen("会议纪要（2024）.pdf"), "会议纪要（2024）.pdf");
	/* 300 bytes: cut on a character boundary, the extension kept */
	struct strbuf b = {0};
	for (int i = 0; i < 100; i++)
		sb_adds(&b, "报");
	sb_adds(&b, ".jpg");
	char *got = safe_s(b.s);
	assert_safe(got);
	assert_true(strlen(got) <= PACKAGE_NAME_MAX);
	assert_true(strlen(got) > PACKAGE_NAME_MAX - 8);
	assert_string_equal(got + strlen(got) - 4, ".jpg");
	free(got);
	sb_free(&b);
	/* a long name of ASCII and a long "extension" that is not one */
	char longname[301];
	memset(longname, 'x', 300);
	longname[300] = 0;
	longname[10] = '.';
	got = safe_s(longname);
	assert_safe(got);
	assert_int_equal(strlen(got), PACKAGE_NAME_MAX);
	free(got);
}

static void test_duplicates_in_a_folder_are_numbered(void **state)
{
	(void)state;
	struct package_names *p = package_names_new();
	char *a = package_names_claim(p, "d", "照片.jpg"), *b = package_names_claim(p, "d", "照片.jpg"),
	     *c = package_names_claim(p, "d", "照片.jpg"), *d = package_names_claim(p, "e", "照片.jpg"),
	     *e = package_names_claim(p, "d", "Photo.JPG"), *f = package_names_claim(p, "d", "photo.jpg"),
	     *g = package_names_claim(p, "d", "README"), *h = package_names_claim(p, "d", "README"),
	     *i = package_names_claim(p, "", "index.html"), *j = package_names_claim(p, "", "index.html");
	assert_string_equal(a, "d/照片.jpg");
	assert_string_equal(b, "d/照片（2）.jpg");
	assert_string_equal(c, "d/照片（3）.jpg");
	assert_string_equal(d, "e/照片.jpg");
	assert_string_equal(e, "d/Photo.JPG");
	assert_string_equal(f, "d/photo（2）.jpg"); /* Windows sees no case */
	assert_string_equal(g, "d/README");
	assert_string_equal(h, "d/README（2）");
	assert_string_equal(i, "index.html");
	assert_string_equal(j, "index（2）.html");
	free(a), free(b), free(c), free(d), free(e), free(f), free(g), free(h), free(i), free(j);
	/* many names: the table grows */
	for (int k = 0; k < 5000; k++) {
		char name[32];
		snprintf(name, sizeof name, "f%d.pdf", k % 2500);
		free(package_names_claim(p, "x", name));
	}
	char *last = package_names_claim(p, "x", "f7.pdf");
	assert_string_equal(last, "x/f7（3）.pdf");
	free(last);
	package_names_free(p);
}

/* ---- through the binary ---- */

static struct run kp(const char *const *argv)
{
	const char *args[32] = {"--db", db};
	int n = 2;
	for (int i = 0; argv[i]; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	return run_kaoping(NULL, args);
}

static void token_of(const char *account, char token[65])
{
	struct run t = kp((const char *const[]){"user", "token", account, NULL});
	if (t.status || strlen(t.out) < 64)
		fail_msg("user token %s: %s", account, t.err);
	snprintf(token, 65, "%.64s", t.out);
	run_free(&t);
}

/* Uploads LEN bytes at DATA as evidence NAME for criterion NO of unit
 * UNIT_ID through the API; returns its id. */
static long long upload(const char *token, int unit_id, int no, const char *name, const char *data, size_t len)
{
	struct strbuf body = {0}, req = {0};
	sb_addf(&body, "--B0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
		       "Content-Type: application/octet-stream\r\n\r\n", name);
	sb_add(&body, data, len);
	sb_adds(&body, "\r\n--B0undary--\r\n");
	sb_addf(&req, "POST /api/v1/units/%d/criteria/%d/evidence HTTP/1.1\r\nAuthorization: Bearer %s\r\n"
		      "Content-Type: multipart/form-data; boundary=B0undary\r\nContent-Length: %zu\r\n\r\n",
		unit_id, no, token, body.len);
	sb_add(&req, body.s, body.len);
	struct reply r = http(req.s);
	if (r.status != 201)
		fail_msg("upload %s answered %d: %s", name, r.status, r.body);
	json_error_t je;
	json_t *j = json_loads(r.body, 0, &je);
	long long id = (long long)json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	reply_free(&r);
	sb_free(&body), sb_free(&req);
	return id;
}

/* Output of the shell command CMD (caller frees). */
static char *sh(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct strbuf b = {0};
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		sb_add(&b, buf, n);
	int rc = pclose(p);
	if (rc)
		fail_msg("%s: exit %d", cmd, rc);
	return b.s ? b.s : xstrdup("");
}

/* A zip read back with unzip: its entries' names and content hashes. */
struct zipped {
	int n;
	char **name;
	char (*sha)[65];
	char *index; /* index.html */
};

static void file_sha(const char *path, char out[65])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: not extracted", path);
	struct sha256_stream h;
	sha256_begin(&h);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sha256_add(&h, buf, n);
	fclose(f);
	sha256_end(&h, out);
}

/* Lists ZIP with zipinfo and extracts it with unzip into a scratch folder. */
static struct zipped read_zip(const char *zip)
{
	struct zipped z = {0};
	char *cmd = xasprintf("LC_ALL=C.UTF-8 zipinfo -1 '%s'", zip);
	char *list = sh(cmd);
	free(cmd);
	char *dir = xstrdup(scratch_path("unzipped"));
	cmd = xasprintf("rm -rf '%s' && mkdir '%s' && LC_ALL=C.UTF-8 unzip -q -d '%s' '%s' && echo ok", dir, dir, dir, zip);
	char *ok = sh(cmd);
	assert_string_equal(ok, "ok\n");
	free(ok), free(cmd);
	for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
		z.name = xrealloc(z.name, (size_t)(z.n + 1) * sizeof *z.name);
		z.sha = xrealloc(z.sha, (size_t)(z.n + 1) * sizeof *z.sha);
		z.name[z.n] = xstrdup(line);
		char *path = xasprintf("%s/%s", dir, line);
		file_sha(path, z.sha[z.n]);
		if (strlen(line) > 11 && !strcmp(line + strlen(line) - 11, "/index.html") && !strchr(strchr(line, '/') + 1, '/'))
			z.index = read_file(path, NULL);
		free(path);
		z.n++;
	}
	free(list), free(dir);
	return z;
}

static void zipped_free(struct zipped *z)
{
	for (int i = 0; i < z->n; i++)
		free(z->name[i]);
	free(z->name), free(z->sha), free(z->index);
}

/* The hashes of the files kept in the store's blob folder. */
static int stored_blobs(char (**sha)[65])
{
	char *top = xasprintf("%s", db_files());
	DIR *d = opendir(top);
	int n = 0;
	*sha = NULL;
	struct dirent *a;
	while (d && (a = readdir(d))) {
		if (strlen(a->d_name) != 2)
			continue;
		char *sub = xasprintf("%s/%s", top, a->d_name);
		DIR *s = opendir(sub);
		struct dirent *b;
		while (s && (b = readdir(s))) {
			if (strlen(b->d_name) != 62)
				continue;
			*sha = xrealloc(*sha, (size_t)(n + 1) * sizeof **sha);
			memcpy((*sha)[n], a->d_name, 2);
			memcpy((*sha)[n] + 2, b->d_name, 63); /* 62 hex digits and the NUL */
			n++;
		}
		if (s)
			closedir(s);
		free(sub);
	}
	if (d)
		closedir(d);
	free(top);
	return n;
}

static bool has_sha(const struct zipped *z, const char *sha)
{
	for (int i = 0; i < z->n; i++)
		if (!strcmp(z->sha[i], sha))
			return true;
	return false;
}

static int entry_of(const struct zipped *z, const char *name)
{
	for (int i = 0; i < z->n; i++)
		if (!strcmp(z->name[i], name))
			return i;
	return -1;
}

/* Percent-decodes S. */
static char *unescape(const char *s, size_t n)
{
	struct strbuf b = {0};
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (s[i] == '%' && i + 2 < n + 0 && sscanf(s + i + 1, "%2x", &v) == 1)
			sb_addc(&b, (char)v), i += 2;
		else
			sb_addc(&b, s[i]);
	}
	return b.s;
}

/* Every entry's name stays inside TOP; index.html links each entry, and
 * the hash beside each link is that entry's. */
static void check_package(const struct zipped *z, const char *top)
{
	assert_non_null(z->index);
	struct html_problem hp;
	if (html_check(z->index, strlen(z->index), &hp))
		fail_msg("index.html:%d:%d: %s", hp.line, hp.col, hp.reason);
	int linked = 0;
	for (int i = 0; i < z->n; i++) {
		const char *name = z->name[i];
		assert_null(strstr(name, ".."));
		assert_true(name[0] != '/');
		assert_null(strchr(name, '\\'));
		assert_true(utf8_valid(name, strlen(name)));
		assert_true(!strncmp(name, top, strlen(top)) && name[strlen(top)] == '/');
	}
	for (const char *p = z->index; (p = strstr(p, "<a href=\"")); ) {
		p += 9;
		const char *q = strchr(p, '"');
		char *rel = unescape(p, (size_t)(q - p));
		char *full = xasprintf("%s/%s", top, rel);
		int at = entry_of(z, full);
		if (at < 0)
			fail_msg("index.html links %s, which is not in the zip", full);
		const char *h = strstr(q, "<td class=\"h\">");
		if (h && (!strstr(q, "<a href=\"") || h < strstr(q, "<a href=\""))) {
			if (strncmp(h + 14, z->sha[at], 64))
				fail_msg("index.html gives %s another SHA-256 than its content's", full);
			linked++;
		}
		free(rel), free(full);
		p = q;
	}
	/* every entry but the index itself and the papers made for the
	 * package (index.pdf, the 测评表) is linked with its hash */
	int made = 0;
	for (int i = 0; i < z->n; i++) {
		size_t len = strlen(z->name[i]);
		bool pdf = len > 4 && !strcmp(z->name[i] + len - 4, ".pdf");
		if (pdf && (strstr(z->name[i], "/index.pdf") || strstr(z->name[i], "测评表.pdf")) &&
		    strchr(z->name[i] + strlen(top) + 1, '/') == NULL)
			made++;
	}
	assert_int_equal(made, 2);
	assert_non_null(strstr(z->index, "index.pdf"));
	assert_int_equal(linked, z->n - 1 - made);
}

static void test_the_package_holds_every_live_file_under_safe_names(void **state)
{
	(void)state;
	char shenji[65], gongxin[65], office[65];
	token_of("shenji", shenji);
	token_of("gongxin", gongxin);
	token_of("office", office);
	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	char buf[256];
	/* hostile and awkward names, each with its own content */
	static const char *const names[] = {
		"../../etc/passwd.pdf", "CON.pdf", "..报告...pdf", "会议纪要.pdf", "会议纪要.pdf", "Scan.PDF", "scan.pdf",
		"a:b?c*.pdf", "nul.pdf",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		int n = snprintf(buf, sizeof buf, "%s%zu\n", pdf, i);
		upload(shenji, 3, 4, names[i], buf, (size_t)n);
	}
	struct strbuf longname = {0};
	for (int i = 0; i < 70; i++)
		sb_adds(&longname, "报");
	sb_adds(&longname, ".pdf");
	upload(shenji, 3, 2, longname.s, "%PDF-1.4 long\n", 14);
	sb_free(&longname);
	upload(gongxin, 6, 12, "工信局 活动照片.jpg", "\xff\xd8\xff\xe0 jpeg", 9);
	/* one withdrawn: it stays in the store, out of the package */
	long long gone = upload(shenji, 3, 5, "撤回的材料.pdf", "%PDF-1.4 withdrawn\n", 19);
	char *req = xasprintf("POST /units/3/evidence/%lld/withdraw HTTP/1.1\r\nAuthorization: Bearer %s\r\n"
			      "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n", gone, office);
	struct reply r = http(req);
	free(req);
	assert_true(r.status == 303 || r.status == 200);
	reply_free(&r);
	/* ledger files through the command, one linked to two criteria, one to none */
	const char *minutes = scratch_path("会议 纪要.pdf");
	write_file(minutes, "%PDF-1.4 minutes\n", 17);
	const char *photo = scratch_path("CON.jpg");
	write_file(photo, "\xff\xd8\xff ledger photo", 17);
	struct run run = kp((const char *const[]){"ledger", "add", "审计局", "--date", "2024-07-20", "--kind", "专题会议",
						  "--title", "第二次专题会议", "--criteria", "4,8", "--file", minutes, "--file",
						  photo, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);
	const char *visit = scratch_path("走访记录.pdf");
	write_file(visit, "%PDF-1.4 visit\n", 15);
	run = kp((const char *const[]){"ledger", "add", "工信局", "--date", "2024-07-21", "--kind", "走访慰问", "--title",
				       "走访/慰问", "--file", visit, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);

	const char *zip = scratch_path("迎检材料.zip");
	run = kp((const char *const[]){"package", "--output", zip, NULL});
	if (run.status)
		fail_msg("package: %s", run.err);
	/* 9 + 1 + 1 evidence, the two ledger files under criteria 4 and 8, one under 其他台账 */
	assert_non_null(strstr(run.out, "16 files"));
	run_free(&run);
	char *tmp = xasprintf("%s.tmp", zip);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	struct zipped z = read_zip(zip);
	check_package(&z, "迎检材料");
	assert_int_equal(z.n, 19);
	/* index.pdf and the score sheets open in a real reader */
	if (system("command -v pdftotext >/dev/null 2>&1") == 0) {
		char *cmd = xasprintf("unzip -p '%s' 迎检材料/index.pdf | pdftotext - - | tr -d ' \\n' | grep -q 'passwd.pdf' && "
				      "unzip -p '%s' 迎检材料/各单位测评表.pdf | pdftotext - - | grep -q 区工信局", zip, zip);
		if (system(cmd) != 0)
			fail_msg("index.pdf does not list the files, or 各单位测评表.pdf lacks a unit: %s", cmd);
		free(cmd);
	} /* the files, index.html, index.pdf and 各单位测评表.pdf */
	/* every stored file but the withdrawn one is in, and nothing else */
	char(*blobs)[65];
	int nb = stored_blobs(&blobs);
	assert_int_equal(nb, 15); /* 12 evidence (one withdrawn), 3 ledger files */
	char withdrawn[65];
	sha256_hex("%PDF-1.4 withdrawn\n", 19, withdrawn);
	for (int i = 0; i < nb; i++)
		if (has_sha(&z, blobs[i]) == !strcmp(blobs[i], withdrawn))
			fail_msg("stored file %s is %s the package", blobs[i], has_sha(&z, blobs[i]) ? "in" : "missing from");
	for (int i = 0; i < z.n; i++) {
		bool stored = false;
		for (int k = 0; k < nb; k++)
			stored |= !strcmp(z.sha[i], blobs[k]);
		assert_true(stored || strstr(z.name[i], "index.html") || strstr(z.name[i], "index.pdf") ||
			    strstr(z.name[i], "各单位测评表.pdf"));
	}
	free(blobs);
	/* where things went, under which names */
	const char *c4 = "迎检材料/一、加强党的全面领导/（二）健全制度/4 把深入持久开展民族团结进步创建工作纳入工作计划/区审计局";
	static const char *const want[] = {
		"佐证材料/passwd.pdf", "佐证材料/_CON.pdf", "佐证材料/报告.pdf", "佐证材料/会议纪要.pdf",
		"佐证材料/会议纪要（2）.pdf", "佐证材料/Scan.PDF", "佐证材料/scan（2）.pdf", "佐证材料/a_b_c_.pdf",
		"佐证材料/_nul.pdf", "台账/2024-07-20 第二次专题会议/会议 纪要.pdf", "台账/2024-07-20 第二次专题会议/_CON.jpg",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char *full = xasprintf("%s/%s", c4, want[i]);
		if (entry_of(&z, full) < 0)
			fail_msg("no entry %s", full);
		free(full);
	}
	assert_true(entry_of(&z, "迎检材料/二、深化民族团结进步宣传教育/（一）民族理论政策学习/8 理论中心组每年至少安排1次民族理论政策专题学习/"
				 "区审计局/台账/2024-07-20 第二次专题会议/会议 纪要.pdf") >= 0);
	assert_true(entry_of(&z, "迎检材料/其他台账（未关联测评内容）/区工信局/2024-07-21 走访_慰问/走访记录.pdf") >= 0);
	/* the index: uploaders, the late mark (uploaded after the material deadline), totals */
	assert_non_null(strstr(z.index, "审计局联络员"));
	assert_non_null(strstr(z.index, "逾期提交"));
	assert_non_null(strstr(z.index, "<td>区工信局</td><td class=\"n\">2</td>"));
	assert_null(strstr(z.index, "撤回的材料"));
	zipped_free(&z);

	/* --unit: that unit's files only */
	const char *one = scratch_path("gx.zip");
	run = kp((const char *const[]){"package", "--unit", "工信局", "--output", one, NULL});
	assert_int_equal(run.status, 0);
	run_free(&run);
	z = read_zip(one);
	check_package(&z, "迎检材料-区工信局");
	assert_int_equal(z.n, 5); /* index.html, index.pdf, the unit's 测评表, the photo, the visit */
	for (int i = 0; i < z.n; i++)
		assert_true(strstr(z.name[i], "/区工信局/") || strstr(z.name[i], "index.html") || strstr(z.name[i], "index.pdf") || strstr(z.name[i], "区工信局测评表.pdf"));
	assert_null(strstr(z.index, "区审计局"));
	zipped_free(&z);

	/* over HTTP: the office gets every unit, a clerk only its own unit */
	req = xasprintf("GET /package HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", office);
	r = http(req);
	free(req);
	assert_int_equal(r.status, 200);
	char *type = header(&r, "Content-Type"), *disp = header(&r, "Content-Disposition");
	assert_string_equal(type, "application/zip");
	assert_non_null(strstr(disp, "attachment"));
	assert_non_null(strstr(disp, "filename*=UTF-8''%E8%BF%8E%E6%A3%80%E6%9D%90%E6%96%99.zip")); /* 迎检材料.zip */
	free(type), free(disp);
	const char *web = scratch_path("web.zip");
	write_file(web, r.body, r.body_len);
	reply_free(&r);
	z = read_zip(web);
	check_package(&z, "迎检材料");
	assert_int_equal(z.n, 19);
	zipped_free(&z);
	/* no temporary package is left beside the store */
	char *dir = xstrdup(db);
	*strrchr(dir, '/') = 0;
	char *cmd = xasprintf("ls -a '%s' | grep -c kaoping-package || true", dir);
	char *count = sh(cmd);
	assert_string_equal(count, "0\n");
	free(count), free(cmd), free(dir);

	const struct {
		const char *token, *path;
		int status;
	} asks[] = {
		{gongxin, "/units/6/package", 200}, {gongxin, "/units/3/package", 403}, {gongxin, "/package", 403},
		{shenji, "/units/6/package", 403},  {office, "/units/3/package", 200},  {gongxin, "/units/9999/package", 404},
	};
	for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
		req = xasprintf("GET %s HTTP/1.1\r\nAuthorization: Bearer %s\r\n\r\n", asks[i].path, asks[i].token);
		r = http(req);
		free(req);
		if (r.status != asks[i].status)
			fail_msg("%s answered %d, not %d", asks[i].path, r.status, asks[i].status);
		if (r.status == 200 && !strcmp(asks[i].path, "/units/6/package")) {
			write_file(web, r.body, r.body_len);
			z = read_zip(web);
			check_package(&z, "迎检材料-区工信局");
			assert_int_equal(z.n, 5);
			zipped_free(&z);
		}
		reply_free(&r);
	}
}

static void test_a_failed_package_leaves_no_file(void **state)
{
	(void)state;
	/* refused before any work */
	struct run r = kp((const char *const[]){"package", NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--output"));
	run_free(&r);
	r = kp((const char *const[]){"package", "--unit", "不存在的局", "--output", scratch_path("x.zip"), NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--unit"));
	run_free(&r);
	const char *nowhere = scratch_path("no/such/dir/p.zip");
	r = kp((const char *const[]){"package", "--output", nowhere, NULL});
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--output"));
	run_free(&r);
	/* a stored file gone missing: refused, and nothing at FILE or FILE.tmp */
	const char *ledger = scratch_path("纪要.pdf");
	write_file(ledger, "%PDF-1.4 lost\n", 14);
	r = kp((const char *const[]){"ledger", "add", "审计局", "--date", "2024-07-20", "--kind", "专题会议", "--title",
				     "会", "--criteria", "4", "--file", ledger, NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	const char *zip = scratch_path("ok.zip");
	write_file(zip, "old", 3); /* an older package stays as it was */
	char sha[65];
	sha256_hex("%PDF-1.4 lost\n", 14, sha);
	char *blob = xasprintf("%s/%.2s/%s", db_files(), sha, sha + 2);
	assert_int_equal(unlink(blob), 0);
	free(blob);
	r = kp((const char *const[]){"package", "--output", zip, NULL});
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "纪要.pdf"));
	run_free(&r);
	size_t len;
	char *old = read_file(zip, &len);
	assert_int_equal(len, 3);
	free(old);
	char *tmp = xasprintf("%s.tmp", zip);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	/* nor libzip's own temporary file (ok.zip.XXXXXX) */
	char *dir = xstrdup(zip);
	*strrchr(dir, '/') = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "ok.zip", 6) && strcmp(de->d_name, "ok.zip"))
			fail_msg("%s left behind", de->d_name);
	closedir(d);
	free(dir);
}

/* The photos of a published spot check's findings go into the package
 * under 随机抽查发现/, listed in the index with their finding; those of a
 * draw not published stay out (a clerk does not see them either). */
static void test_the_package_holds_the_photos_of_published_findings(void **state)
{
	(void)state;
	const char *photo = scratch_path("宣传栏.jpg"), *heic = scratch_path("IMG_0002.HEIC"),
		   *hidden = scratch_path("内部.jpg");
	write_file(photo, "\xff\xd8\xff\xe0 board", 10);
	write_file(heic, "\x20\x20\x20\x18" "ftypheic" "\x01\x01", 14);
	write_file(hidden, "\xff\xd8\xff\xe0 internal", 13);
	struct run r = kp((const char *const[]){"draw", "--count", "2", "--seed", "pkg", "--units", "审计局,工信局",
						"--title", "第一季度抽查", "--publish", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = kp((const char *const[]){"draw", "finding", "1", "工信局", "--criterion", "2", "--file", photo, "--file", heic,
				     "宣传栏内容陈旧", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = kp((const char *const[]){"draw", "--count", "1", "--seed", "inner", "--units", "工信局", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	r = kp((const char *const[]){"draw", "finding", "2", "工信局", "--file", hidden, "内部复查", NULL});
	assert_int_equal(r.status, 0);
	run_free(&r);
	const char *zip = scratch_path("gx.zip");
	r = kp((const char *const[]){"package", "--unit", "工信局", "--output", zip, NULL});
	if (r.status)
		fail_msg("package: %s", r.err);
	run_free(&r);
	struct zipped z = read_zip(zip);
	check_package(&z, "迎检材料-区工信局"); /* every photo linked from the index with its hash */
	assert_true(entry_of(&z, "迎检材料-区工信局/随机抽查发现/第1次 第一季度抽查/区工信局/宣传栏.jpg") >= 0);
	assert_true(entry_of(&z, "迎检材料-区工信局/随机抽查发现/第1次 第一季度抽查/区工信局/IMG_0002.HEIC") >= 0);
	for (int i = 0; i < z.n; i++)
		assert_null(strstr(z.name[i], "内部"));
	assert_non_null(strstr(z.index, "随机抽查发现（现场检查照片）"));
	assert_non_null(strstr(z.index, "检查发现（测评内容 2）：宣传栏内容陈旧"));
	assert_null(strstr(z.index, "内部复查"));
	assert_int_equal(z.n, 5); /* index.html, index.pdf, the 测评表, two photos */
	zipped_free(&z);
}

int main(void)
{
#define D(f) cmocka_unit_test_setup_teardown(f, demo_store, drop_store)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_names_are_made_safe),
		cmocka_unit_test(test_duplicates_in_a_folder_are_numbered),
		D(test_the_package_holds_every_live_file_under_safe_names),
		D(test_a_failed_package_leaves_no_file),
		D(test_the_package_holds_the_photos_of_published_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
