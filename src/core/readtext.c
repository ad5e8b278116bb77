/* readtext.c — reading the words and numbers of rubric tables (see readtext.h). */
#include "core/readtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters ---- */

char *rt_simplified(const char *s)
{
	static const char *const map[][2] = {
		{"評", "评"}, {"項", "项"}, {"內", "内"}, {"號", "号"}, {"標", "标"}, {"準", "准"}, {"測", "测"},
		{"責", "责"}, {"單", "单"}, {"時", "时"}, {"備", "备"}, {"註", "注"}, {"說", "说"}, {"類", "类"},
		{"別", "别"}, {"體", "体"}, {"係", "系"}, {"細", "细"}, {"則", "则"}, {"辦", "办"}, {"檢", "检"},
		{"處", "处"}, {"個", "个"}, {"點", "点"}, {"達", "达"}, {"發", "发"}, {"現", "现"}, {"減", "减"},
		{"為", "为"}, {"級", "级"}, {"檔", "档"}, {"決", "决"}, {"實", "实"}, {"數", "数"}, {"門", "门"},
		{"務", "务"}, {"見", "见"}, {"計", "计"}, {"總", "总"}, {"獎", "奖"}, {"勵", "励"}, {"達", "达"},
		{"開", "开"}, {"會", "会"}, {"議", "议"}, {"組", "组"}, {"織", "织"}, {"導", "导"}, {"領", "领"},
		{"記", "记"}, {"錄", "录"}, {"資", "资"}, {"聽", "听"}, {"匯", "汇"}, {"報", "报"}, {"閱", "阅"},
		{"訪", "访"}, {"問", "问"}, {"調", "调"}, {"與", "与"}, {"優", "优"}, {"寫", "写"}, {"權", "权"},
		{"重", "重"}, {"無", "无"}, {"滿", "满"}, {"積", "积"}, {"極", "极"}, {"縣", "县"}, {"區", "区"},
	};
	struct strbuf b = {0};
	sb_adds(&b, "");
	for (const char *p = s; *p;) {
		size_t i = 0, n = sizeof map / sizeof *map;
		for (; i < n; i++)
			if (rt_starts(p, map[i][0]))
				break;
		if (i < n) {
			sb_adds(&b, map[i][1]);
			p += strlen(map[i][0]);
		} else {
			sb_addc(&b, *p++);
		}
	}
	return b.s;
}

bool rt_starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool rt_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !memcmp(s + n - m, suffix, m);
}

/* Code points in S (valid UTF-8). */
int rt_chars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Start of the character before S (S > BASE). */
const char *rt_prev_char(const char *base, const char *s)
{
	do
		s--;
	while (s > base && ((unsigned char)*s & 0xc0) == 0x80);
	return s;
}

/* The digit at S (ASCII or full-width ０-９): its value, *LEN its bytes; -1 if none. */
int rt_digit_at(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (*u >= '0' && *u <= '9')
		return *len = 1, *u - '0';
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) /* ０ U+FF10 … ９ U+FF19 */
		return *len = 3, u[2] - 0x90;
	return -1;
}

/* Reads digits with at most one decimal ("4", "０.５", "2．5") at S into
 * BUF as ASCII; returns the bytes read (0: no number). */
size_t rt_read_number(const char *s, char buf[16])
{
	size_t at = 0, k = 0, len;
	int d;
	bool dot = false;
	for (;;) {
		if ((d = rt_digit_at(s + at, &len)) >= 0) {
			if (k + 2 >= 16)
				return 0;
			buf[k++] = (char)('0' + d), at += len;
		} else if (!dot && k && (s[at] == '.' || rt_starts(s + at, "．")) && rt_digit_at(s + at + (s[at] == '.' ? 1 : 3), &len) >= 0) {
			dot = true, buf[k++] = '.', at += s[at] == '.' ? 1 : 3; /* ． */
		} else {
			break;
		}
	}
	buf[k] = 0;
	return k ? at : 0;
}

/* Punctuation that ends a clause or separates list entries. */
static const char *const clause_marks[] = {
	"；", ";", "。", "，", ",", "、", ".", ":", "：", " ",
	"　", /* ； ; 。 ， , 、 . : ： space, ideographic space */
};

size_t rt_clause_mark(const char *s)
{
	for (size_t i = 0; i < sizeof clause_marks / sizeof *clause_marks; i++)
		if (rt_starts(s, clause_marks[i]))
			return strlen(clause_marks[i]);
	return 0;
}

/* Copies [A, B) without clause marks at either end. */
char *rt_strip_marks(const char *a, const char *b)
{
	size_t m;
	while (a < b && (m = rt_clause_mark(a)))
		a += m;
	for (bool again = true; again && b > a;) {
		again = false;
		const char *c = rt_prev_char(a, b);
		if (rt_clause_mark(c) == (size_t)(b - c))
			b = c, again = true;
	}
	return xstrndup(a, (size_t)(b - a));
}

/* ---- points markers: （得2分） (得2分) （2分） 得2分； 2分 ---- */

/* Characters that make a bare "N分" a deduction or a total, not points earned. */
static const char *const not_earned[] = {
	"扣", "减", "计", "每", "共", "满", "加",
	"第", "分", /* 扣 减 计 每 共 满 加 第 分 */
};

/* Whether a points marker starts at S (BASE: start of the text). */
bool rt_marker_at(const char *base, const char *s, struct rt_marker *m)
{
	static const char de[] = "得", fen[] = "分";
	const char *a = s;
	bool paren = false, earned = false;
	char num[16];
	if (rt_starts(a, "（") || *a == '(')
		paren = true, a += *a == '(' ? 1 : 3;
	if (rt_starts(a, de))
		earned = true, a += 3;
	size_t n = rt_read_number(a, num);
	if (!n)
		return false;
	a += n;
	if (!rt_starts(a, fen))
		return false;
	a += 3;
	if (paren) {
		if (!rt_starts(a, "）") && *a != ')')
			return false;
		a += *a == ')' ? 1 : 3;
	} else {
		if (*a && *a != '\n' && !rt_clause_mark(a) && !rt_starts(a, "）") && *a != ')')
			return false; /* 2分钟 */
		if (!earned && s > base) {
			const char *pc = rt_prev_char(base, s);
			for (size_t i = 0; i < sizeof not_earned / sizeof *not_earned; i++)
				if (rt_starts(pc, not_earned[i]))
					return false; /* 扣1分 满分10分 */
			if (rt_digit_at(pc, &n) >= 0 || *pc == '.' || rt_starts(pc, "．"))
				return false; /* 0.25分: not 25分 */
		}
	}
	if (points_parse(num, &m->points) < 0)
		return false;
	m->start = s, m->end = a;
	return true;
}

/* Finds the markers of TEXT; returns how many (at most MAX are stored). */
int rt_find_markers(const char *text, struct rt_marker *ms, int max)
{
	int n = 0;
	for (const char *s = text; *s;) {
		struct rt_marker m;
		if (rt_marker_at(text, s, &m)) {
			if (n < max)
				ms[n] = m;
			n++;
			s = m.end;
		} else {
			s++;
			while (((unsigned char)*s & 0xc0) == 0x80)
				s++;
		}
	}
	return n;
}

/* True when a criterion's text is complete: it ends with a marker or with
 * the clause's closing mark, so the next line starts another cell. */
bool rt_criterion_complete(const char *text)
{
	static const char *const tail[] = {"；", ";", "。"};
	for (size_t i = 0; i < 3; i++)
		if (rt_ends(text, tail[i]))
			return true;
	return rt_ends(text, "分）") || rt_ends(text, "分)");
}

/* A line that is only points ("7", "7分", "（7分）"): the 分值 column. */
bool rt_points_only(const char *s, int *tenths)
{
	struct rt_marker m;
	char num[16];
	size_t n = rt_read_number(s, num);
	if (n && (!s[n] || !strcmp(s + n, "分")))
		return points_parse(num, tenths) == 0;
	if (rt_marker_at(s, s, &m) && !*m.end)
		return *tenths = m.points, true;
	return false;
}

/* ---- criterion numbers "1." "１．" "12、" ---- */

/* The criterion number starting line S, or 0; *REST: the text after it. */
int rt_criterion_number(const char *s, const char **rest)
{
	size_t at = 0, len;
	int no = 0, d, k = 0;
	while ((d = rt_digit_at(s + at, &len)) >= 0 && k < 4)
		no = no * 10 + d, at += len, k++;
	if (!k || rt_digit_at(s + at, &len) >= 0)
		return 0;
	if (s[at] == '.')
		at += 1;
	else if (rt_starts(s + at, "．") || rt_starts(s + at, "、"))
		at += 3;
	else
		return 0;
	if (rt_digit_at(s + at, &len) >= 0 || !s[at])
		return 0; /* 2.5 is a number, not criterion 2 */
	*rest = s + at;
	return no;
}

/* ---- 完成时限 ---- */

static const char *const ongoing[] = {
	"长期坚持", "长期", "持续推进",
	"常态化", "全年", /* 长期坚持 长期 持续推进 常态化 全年 */
};

/* Reads a whole number at *S (ASCII after normalising); -1 when none. */
int rt_take_int(const char **s)
{
	int v = 0, k = 0;
	while (**s >= '0' && **s <= '9' && k < 5)
		v = v * 10 + (*(*s)++ - '0'), k++;
	return k ? v : -1;
}

/* Parses a 完成时限 cell: "2024年7月底", "7月29日前", "2024年底",
 * "2024-07-31", or a word for "ongoing" (长期坚持: *ONGOING set, no date).
 * YEAR fills a missing year (0: none). Returns false when S is not one. */
bool rt_deadline_parse(const char *s, int year, char out[11], bool *ongoing_word)
{
	*ongoing_word = false;
	for (size_t i = 0; i < sizeof ongoing / sizeof *ongoing; i++)
		if (!strcmp(s, ongoing[i]))
			return *ongoing_word = true, true;
	char *t = text_normalize(s);
	const char *c = t;
	int y = -1, m = -1, d = -1;
	bool ok = false;
	int v = rt_take_int(&c);
	if (v >= 1000 && (*c == '-' || *c == '/' || *c == '.')) { /* 2024-07-31 */
		char sep = *c++;
		y = v, m = rt_take_int(&c);
		if (*c++ == sep)
			d = rt_take_int(&c), ok = !*c;
	} else if (v >= 0) {
		if (rt_starts(c, "年"))
			y = v, c += 3, v = rt_take_int(&c);
		if (v < 0 && y >= 0 && (rt_starts(c, "底") || rt_starts(c, "末"))) /* 2024年底 年末 */
			m = 12, d = 31, c += 3;
		else if (v >= 1 && rt_starts(c, "月")) {
			m = v, c += 3;
			v = rt_take_int(&c);
			if (v >= 1 && (rt_starts(c, "日") || rt_starts(c, "号")))
				d = v, c += 3;
			else if (v < 0 && rt_starts(c, "上旬"))
				d = 10, c += 6;
			else if (v < 0 && rt_starts(c, "中旬"))
				d = 20, c += 6;
			else if (v < 0 && (rt_starts(c, "底") || rt_starts(c, "末")))
				d = 0, c += 3;
			else if (v < 0 && rt_starts(c, "下旬"))
				d = 0, c += 6;
			else if (v < 0)
				d = 0;
		}
		static const char *const before[] = {"前", "以前", "之前"};
		for (size_t i = 0; i < 3; i++)
			if (!strcmp(c, before[i]))
				c += strlen(c);
		ok = m >= 1 && !*c;
		if (y < 0)
			y = year;
	}
	free(t);
	if (!ok || y < 1000 || y > 9999 || m < 1 || m > 12)
		return false;
	if (d == 0)
		d = month_days(y, m); /* 月底: the last day */
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return date_valid(out);
}

/* Whether line S is a 完成时限 cell (with or without a year). */
bool rt_is_deadline(const char *s)
{
	char out[11];
	bool ongoing_word;
	return rt_deadline_parse(s, 2000, out, &ongoing_word);
}

/* ---- 测评方法 ---- */

static const char *const methods[] = {
	"听取汇报", "查阅资料",
	"查阅台账", "查看资料",
	"查看台账", "实地查看",
	"实地察看", "现场查看",
	"现场检查", "实地检查",
	"座谈了解", "座谈交流",
	"个别访谈", "个别谈话",
	"走访了解", "问卷调查",
	"随机抽查", "抽查",
	/* 听取汇报 查阅资料 查阅台账 查看资料 查看台账 实地查看 实地察看 现场查看 现场检查 实地检查
	 * 座谈了解 座谈交流 个别访谈 个别谈话 走访了解 问卷调查 随机抽查 抽查 */
};

bool rt_known_method(const char *s)
{
	for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
		if (!strcmp(s, methods[i]))
			return true;
	return false;
}

/* ---- 责任单位 ---- */

/* Last characters of unit names: 局 办 委 会 院 所 队 站 社 联 部 室 处 科
 * 心 (中心) 位 (单位) 组 团 馆 校 厅 署 司 道 镇 乡 村 府. */
static const char *const unit_ends[] = {
	"局", "办", "委", "会", "院", "所", "队",
	"站", "社", "联", "部", "室", "处", "科",
	"心", "位", "组", "团", "馆", "校", "厅",
	"署", "司", "道", "镇", "乡", "村", "府",
};

bool rt_looks_like_unit(const char *s)
{
	for (size_t i = 0; i < sizeof unit_ends / sizeof *unit_ends; i++)
		if (rt_ends(s, unit_ends[i]))
			return true;
	return false;
}

/* Units whose names contain NAME (without a leading 区), 、-separated, or NULL. */
char *rt_candidates(const struct unitdir *d, const char *name)
{
	static const char qu[] = "区";
	const char *key = rt_starts(name, qu) ? name + 3 : name;
	struct strbuf b = {0};
	int found = 0;
	if (rt_chars(key) < 2)
		return NULL;
	for (int u = 0; u < d->n && found < 3; u++) {
		bool hit = strstr(d->names[u], key) != NULL;
		for (int a = 0; !hit && a < d->naliases[u]; a++)
			hit = strstr(d->aliases[u][a], key) || strstr(key, d->aliases[u][a]);
		if (hit)
			sb_addf(&b, "%s%s", found++ ? "、" : "", d->names[u]);
	}
	char *s = found ? xstrdup(sb_str(&b)) : NULL;
	sb_free(&b);
	return s;
}

