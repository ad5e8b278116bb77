/* textimport.c — the rubric (任务分解表) from the notice text: a Word table
 * pasted as text, one cell per line, cells wrapped over several lines and
 * merged cells repeated. Pure: no I/O; see textimport.h. */
#include "core/textimport.h"

#include "core/readtext.h"
#include "core/tableread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More criteria than any rubric has: a text with more is refused there. */
#define CRITERIA_MAX 5000

/* One non-empty line (or tab-separated cell) of the text, trimmed. */
struct line {
	int no; /* line number in the text, from 1 */
	char *s;
};

struct parser {
	const struct textimport_options *o;
	struct textimport_result *r;
	struct line *lines;
	int n;
	json_t *items;    /* the rubric's items as read */
	json_t *item;     /* the current item (borrowed from items) */
	int nseen, last;  /* criteria read so far, the number of the last one */
	int nread;        /* criterion lines read, duplicates included */
	bool seen[10000]; /* criterion numbers read (criterion_number reads at most 4 digits) */
	int cap;          /* room in lines */
};

/* ---- problems ---- */

void textimport_problem(struct textimport_result *r, int line, bool blocking, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->problems = xrealloc(r->problems, (size_t)(r->nproblems + 1) * sizeof *r->problems);
	r->problems[r->nproblems++] = (struct textimport_problem){line, blocking, xstrdup(buf)};
}

static bool has_blocking(const struct textimport_result *r)
{
	for (int i = 0; i < r->nproblems; i++)
		if (r->problems[i].blocking)
			return true;
	return false;
}

/* Lines [I, I+K) joined without separator (a cell wrapped in Word). */
static char *join(const struct parser *p, int i, int k)
{
	struct strbuf b = {0};
	for (int j = i; j < i + k; j++)
		sb_adds(&b, p->lines[j].s);
	char *s = xstrdup(sb_str(&b));
	sb_free(&b);
	return s;
}

/* How many lines from I (before END) make a known unit name, longest first
 * (区政府机关/各单位, 残/联); 0 when none. */
static int unit_lines(const struct parser *p, int i, int end)
{
	for (int k = end - i < 3 ? end - i : 3; k >= 1; k--) {
		char *s = join(p, i, k);
		int u = unitdir_lookup(p->o->units, s);
		free(s);
		if (u != UNITDIR_NONE)
			return k;
	}
	return 0;
}

static void unresolved(struct parser *p, int line, const char *name)
{
	struct textimport_result *r = p->r;
	r->unresolved = xrealloc(r->unresolved, (size_t)(r->nunresolved + 1) * sizeof *r->unresolved);
	r->unresolved[r->nunresolved++] = (struct textimport_name){line, xstrdup(name), rt_candidates(p->o->units, name)};
}

/* ---- one row of the table ---- */

static json_t *find_named(json_t *list, const char *name)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) if (!strcmp(json_string_value(json_object_get(v, "name")), name)) return v;
	return NULL;
}

/* The item and indicator cells before the first criterion of a row, lines
 * [A, B). The first line is an item when it names one already read (a merged
 * cell repeated), when there is no item yet, or when it is longer than the
 * next line: a cell wrapped in Word never has a longer second line, so a
 * longer first line is a wider column. Returns the indicator or NULL. */
static json_t *row_indicator(struct parser *p, int a, int b, int crit_line)
{
	int k = b - a;
	if (k == 0) {
		textimport_problem(p->r, crit_line, true, "测评内容前缺少测评指标");
		return NULL;
	}
	json_t *known = find_named(p->items, p->lines[a].s);
	if (known) {
		textimport_problem(p->r, p->lines[a].no, false, "测评项目“%s”再次出现（合并单元格），并入同一项目",
			p->lines[a].s); /* 测评项目“X”再次出现（合并单元格），并入同一项目 */
		p->item = known, a++;
	} else if (k >= 2 && (!p->item || rt_chars(p->lines[a].s) > rt_chars(p->lines[a + 1].s))) {
		p->item = json_object();
		json_object_set_new(p->item, "no", json_integer((json_int_t)json_array_size(p->items) + 1));
		json_object_set_new(p->item, "name", json_string(p->lines[a].s));
		json_object_set_new(p->item, "indicators", json_array());
		json_array_append_new(p->items, p->item);
		a++;
	} else if (!p->item) {
		textimport_problem(p->r, p->lines[a].no, true, "表的第一行缺少测评项目或测评指标：每行先写测评项目，再写测评指标");
		return NULL;
	}
	if (a == b) {
		textimport_problem(p->r, p->lines[b - 1].no, true, "测评项目“%s”后缺少测评指标",
			json_string_value(json_object_get(p->item, "name"))); /* 测评项目“X”后缺少测评指标 */
		return NULL;
	}
	char *name = join(p, a, b - a);
	json_t *inds = json_object_get(p->item, "indicators"), *ind = find_named(inds, name);
	if (ind) {
		textimport_problem(p->r, p->lines[a].no, false, "测评指标“%s”再次出现，其测评内容并入同一指标",
			name); /* 测评指标“X”再次出现，其测评内容并入同一指标 */
	} else {
		ind = json_object();
		json_object_set_new(ind, "name", json_string(name));
		json_object_set_new(ind, "line", json_integer(p->lines[a].no)); /* removed before the end */
		json_object_set_new(ind, "criteria", json_array());
		json_array_append_new(inds, ind);
	}
	free(name);
	return ind;
}

/* Builds criterion NO from TEXT (without its number) read at LINE. */
static json_t *criterion_json(struct parser *p, int line, int no, const char *text, int column_points)
{
	struct rt_marker ms[16];
	int n = rt_find_markers(text, ms, 16);
	json_t *c = json_object();
	json_object_set_new(c, "no", json_integer(no));
	json_object_set_new(c, "text", json_string(text));
	if (n == 0 && column_points > 0) {
		json_object_set_new(c, "points", rubric_json_points(column_points));
		return c;
	}
	if (n == 0) {
		textimport_problem(p->r, line, true, "测评内容 %d 没有分值：在末尾写上“（得N分）”",
			no); /* 测评内容 N 没有分值：在末尾写上“（得N分）” */
		json_object_set_new(c, "points", json_integer(0));
		return c;
	}
	if (n > 16) {
		textimport_problem(p->r, line, true, "测评内容 %d 的得分点超过 16 个", no); /* 测评内容 N 的得分点超过 16 个 */
		n = 16;
	}
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += ms[i].points;
	json_object_set_new(c, "points", rubric_json_points(sum));
	if (n >= 2) {
		json_t *parts = json_array();
		const char *from = text;
		for (int i = 0; i < n; i++) {
			char *pt = rt_strip_marks(from, ms[i].start);
			if (!*pt)
				textimport_problem(p->r, line, true, "测评内容 %d 的第 %d 个得分点没有文字",
					no, i + 1); /* 测评内容 N 的第 K 个得分点没有文字 */
			json_array_append_new(parts, json_pack("{s:s,s:o}", "text", pt, "points", rubric_json_points(ms[i].points)));
			free(pt);
			from = ms[i].end;
		}
		json_object_set_new(c, "parts", parts);
	}
	return c;
}

/* Checks the numbering: unique, and (a note) one more than the last. */
static void criterion_number_check(struct parser *p, int line, int no)
{
	if (p->seen[no]) {
		textimport_problem(p->r, line, true, "测评内容编号 %d 重复", no); /* 测评内容编号 N 重复 */
		return;
	}
	if (p->nseen && no != p->last + 1)
		textimport_problem(p->r, line, false, "测评内容编号从 %d 跳到 %d",
			p->last, no); /* 测评内容编号从 A 跳到 B */
	p->seen[no] = true, p->last = no, p->nseen++;
}

/* Reads the criteria from line I of a row into IND (may be NULL); returns
 * the line after them. A criterion goes on over the next lines until its
 * text is complete (see criterion_complete). */
static int row_criteria(struct parser *p, int i, json_t *ind)
{
	while (i < p->n) {
		const char *rest;
		int no = rt_criterion_number(p->lines[i].s, &rest), line = p->lines[i].no, column = 0;
		if (!no || p->nread++ == CRITERIA_MAX)
			break;
		char *lead = text_trim(rest);
		struct strbuf text = {0};
		sb_adds(&text, lead);
		free(lead);
		const char *dummy;
		for (i++; i < p->n && !rt_criterion_complete(sb_str(&text)); i++) {
			const char *s = p->lines[i].s;
			if (rt_criterion_number(s, &dummy) || rt_known_method(s) || rt_is_deadline(s))
				break;
			if (rt_points_only(s, &column)) { /* the 分值 column of a text without markers */
				i++;
				break;
			}
			sb_adds(&text, s);
		}
		criterion_number_check(p, line, no);
		json_t *c = criterion_json(p, line, no, sb_str(&text), column);
		if (ind)
			json_array_append_new(json_object_get(ind, "criteria"), c);
		else
			json_decref(c);
		sb_free(&text);
	}
	return i;
}

/* Reads 测评方法 and 责任单位 from lines [I, END) into IND. With BOUNDED
 * (the row's 完成时限 follows END) every line left is a unit; otherwise the
 * units end at the first line that is not one (the next row starts there).
 * Returns where they end. */
static int row_methods_units(struct parser *p, int i, int end, bool bounded, json_t *ind)
{
	json_t *ms = json_array(), *units = json_array();
	int tenths, column_line = 0, column = -1;
	for (; i < end; i++) { /* 测评方法 (and a 分值 cell) */
		const char *s = p->lines[i].s;
		char *two = i + 1 < end ? join(p, i, 2) : NULL;
		struct rt_marker m;
		if (rt_points_only(s, &tenths)) {
			column = tenths, column_line = p->lines[i].no;
		} else if (rt_find_markers(s, &m, 1)) { /* a criterion that lost its number */
			textimport_problem(p->r, p->lines[i].no, true, "这一行有分值却没有编号：测评内容要以编号开头（如“""23.”）");
			/* 这一行有分值却没有编号：测评内容要以编号开头（如“23.”） */
		} else if (rt_known_method(s)) {
			json_array_append_new(ms, json_string(s));
		} else if (two && rt_known_method(two)) { /* 听取/汇报 */
			json_array_append_new(ms, json_string(two)), i++;
		} else if (unit_lines(p, i, end) || rt_looks_like_unit(s) || json_array_size(ms)) {
			free(two);
			break;
		} else {
			json_array_append_new(ms, json_string(s)); /* a method kaoping does not know */
		}
		free(two);
	}
	while (i < end) { /* 责任单位 */
		int k = unit_lines(p, i, end), line = p->lines[i].no;
		if (!k && !bounded && !rt_looks_like_unit(p->lines[i].s))
			break;
		bool known = k > 0;
		if (!known) { /* unknown: mend fragments that are not a name on their own (区教/育局) */
			k = 1;
			while (bounded && i + k < end && k < 3 && !rt_looks_like_unit(p->lines[i + k - 1].s) && !unit_lines(p, i + k, end))
				k++;
		}
		char *name = join(p, i, k);
		if (!known)
			unresolved(p, line, name);
		json_array_append_new(units, json_string(name));
		free(name);
		i += k;
	}
	if (ind && !json_object_get(ind, "methods")) {
		const char *iname = json_string_value(json_object_get(ind, "name"));
		int iline = (int)json_integer_value(json_object_get(ind, "line"));
		if (!json_array_size(ms))
			textimport_problem(p->r, iline, true, "测评指标“%s”缺少测评方法（如“听取汇报”“查阅资料”）",
				iname); /* 测评指标“X”缺少测评方法（如“听取汇报”“查阅资料”） */
		if (!json_array_size(units))
			textimport_problem(p->r, iline, true, "测评指标“%s”缺少责任单位",
				iname); /* 测评指标“X”缺少责任单位 */
		struct strbuf t = {0};
		size_t k;
		json_t *v;
		json_array_foreach(units, k, v) sb_addf(&t, "%s%s", k ? "、" : "", json_string_value(v));
		json_object_set(ind, "methods", ms);
		json_object_set_new(ind, "units_text", json_string(sb_str(&t)));
		json_object_set(ind, "units", units);
		sb_free(&t);
		if (column >= 0) { /* the 分值 column: a check of the criteria read */
			int sum = 0;
			size_t c;
			json_t *cr;
			json_array_foreach(json_object_get(ind, "criteria"), c, cr)
				sum += (int)(json_number_value(json_object_get(cr, "points")) * 10 + 0.5);
			if (sum != column) {
				char a[24], b[24];
				textimport_problem(p->r, column_line, false, "分值栏写 %s 分，测评内容合计 %s 分（以测评内容为准）",
					points_format(column, a), points_format(sum, b)); /* 分值栏写 A 分，测评内容合计 B 分（以测评内容为准） */
			}
		}
	}
	json_decref(ms);
	json_decref(units);
	return i;
}

/* Sets IND's 完成时限 from line I, or (I < 0) the campaign's, with a note. */
static void row_deadline(struct parser *p, int i, json_t *ind)
{
	if (!ind || json_object_get(ind, "deadline_text") || json_object_get(ind, "deadline_missing"))
		return;
	const char *iname = json_string_value(json_object_get(ind, "name"));
	int iline = (int)json_integer_value(json_object_get(ind, "line"));
	if (i < 0) {
		json_object_set_new(ind, "deadline_missing", json_true()); /* removed before the end */
		if (p->o->deadline)
			textimport_problem(p->r, iline, false, "测评指标“%s”缺少完成时限，按活动的完成时限 %s",
				iname, p->o->deadline); /* 测评指标“X”缺少完成时限，按活动的完成时限 D */
		else
			textimport_problem(p->r, iline, true, "测评指标“%s”缺少完成时限",
				iname); /* 测评指标“X”缺少完成时限 */
		return;
	}
	char date[11];
	bool ongoing_word;
	const char *s = p->lines[i].s;
	json_object_set_new(ind, "deadline_text", json_string(s));
	if (!rt_deadline_parse(s, p->o->year, date, &ongoing_word)) {
		textimport_problem(p->r, p->lines[i].no, true, "完成时限“%s”定不出日期（缺少年份？）：写成“""2024年""7月底”或“""2024-07-31”",
			s); /* 完成时限“X”定不出日期（缺少年份？）：写成“2024年7月底”或“2024-07-31” */
	} else if (!ongoing_word) {
		json_object_set_new(ind, "deadline", json_string(date));
	} else if (p->o->deadline) {
		textimport_problem(p->r, p->lines[i].no, false, "完成时限“%s”按活动的完成时限 %s 计算",
			s, p->o->deadline); /* 完成时限“X”按活动的完成时限 D 计算 */
	}
}

/* ---- the table ---- */

static const char *const header_words[] = {
	"测评项目", "测评指标",
	"测评内容", "分值", "测评方法",
	"责任单位", "完成时限", "备注",
	"序号", /* 测评项目 测评指标 测评内容 分值 测评方法 责任单位 完成时限 备注 序号 */
};

/* Adds to *SEEN (bits by header_words index) the header words of S; false
 * when S holds anything else. */
static bool header_line(const char *s, unsigned *seen)
{
	unsigned bits = 0;
	while (*s) {
		size_t m;
		while ((m = rt_clause_mark(s)))
			s += m;
		if (!*s)
			break;
		size_t i;
		for (i = 0; i < sizeof header_words / sizeof *header_words; i++)
			if (rt_starts(s, header_words[i]))
				break;
		if (i == sizeof header_words / sizeof *header_words)
			return false;
		bits |= 1u << i;
		s += strlen(header_words[i]);
	}
	*seen |= bits;
	return bits != 0;
}

/* True for an annex heading "附件2：" "附件：1.…". */
static bool annex_heading(const char *s)
{
	return rt_starts(s, "附件");
}

/* Splits TEXT into trimmed non-empty lines; tabs separate cells like line
 * breaks. False (with a problem) when the text is not UTF-8. */
static bool split_lines(struct parser *p, const char *text, size_t len)
{
	if (len >= 3 && !memcmp(text, "﻿", 3)) /* BOM */
		text += 3, len -= 3;
	if (!utf8_valid(text, len) || memchr(text, 0, len)) {
		textimport_problem(p->r, 0, true, "文本不是 UTF-8：请另存为 UTF-8 编码后再导入");
		return false;
	}
	int no = 1;
	for (size_t at = 0; at < len;) {
		size_t end = at;
		while (end < len && text[end] != '\n' && text[end] != '\r' && text[end] != '\t')
			end++;
		char *raw = xstrndup(text + at, end - at), *s = text_trim(raw);
		free(raw);
		if (*s) {
			if (p->n == p->cap)
				p->cap = p->cap ? 2 * p->cap : 256, p->lines = xrealloc(p->lines, (size_t)p->cap * sizeof *p->lines);
			p->lines[p->n++] = (struct line){no, s};
		} else {
			free(s);
		}
		if (end < len && text[end] == '\r' && end + 1 < len && text[end + 1] == '\n')
			end++;
		if (end < len && text[end] != '\t')
			no++;
		at = end + 1;
	}
	return true;
}

/* Finds the header rows; returns the index of the first body line, or -1
 * (with a problem) when the text has no table header. *TITLE: the title
 * above the header, or NULL. */
static int find_header(struct parser *p, char **title)
{
	*title = NULL;
	for (int i = 0; i < p->n; i++) {
		unsigned seen = 0;
		if (!strstr(p->lines[i].s, header_words[0]) || !header_line(p->lines[i].s, &seen))
			continue;
		int j = i + 1;
		while (j < p->n && header_line(p->lines[j].s, &seen))
			j++;
		if ((seen & 7) != 7) {
			textimport_problem(p->r, p->lines[i].no, true, "表头缺少%s%s：表头应是“测评项目、测评指标、测评内容、分值、测评方法、责任单位、完成时限”",
				seen & 2 ? "" : "“测评指标”",
				seen & 4 ? "" : "“测评内容”");
			/* 表头缺少…：表头应是“测评项目、测评指标、测评内容、分值、测评方法、责任单位、完成时限” */
			return -1;
		}
		p->r->first_line = p->lines[i].no;
		/* The title: the line above the header (not an annex heading), or
		 * two lines under an annex heading when the title wraps. */
		if (i >= 3 && annex_heading(p->lines[i - 3].s) && !annex_heading(p->lines[i - 2].s))
			*title = join(p, i - 2, 2);
		else if (i >= 1 && !annex_heading(p->lines[i - 1].s))
			*title = xstrdup(p->lines[i - 1].s);
		return j;
	}
	textimport_problem(p->r, 0, true, "没有找到任务分解表：请从“附件""2”的表名或表头（测评项目、测评指标、测评内容…）开始粘贴，一直到表末"); /* 没有找到任务分解表：请从“附件2”的表名或表头（测评项目、测评指标、测评内容…）开始粘贴，一直到表末 */
	return -1;
}

/* Reads the rows of the table from line I. */
static void read_rows(struct parser *p, int i)
{
	int end = i;
	while (end < p->n && !annex_heading(p->lines[end].s))
		end++;
	for (int k = end; k < p->n; k++) /* the table ends at the next annex */
		free(p->lines[k].s);
	p->n = end;
	while (i < p->n) {
		int pre = i;
		const char *rest;
		if (p->nread > CRITERIA_MAX) {
			textimport_problem(p->r, p->lines[i].no, true, "测评内容超过 %d 条，从这里起未读", CRITERIA_MAX); /* 测评内容超过 N 条，从这里起未读 */
			break;
		}
		while (i < p->n && !rt_criterion_number(p->lines[i].s, &rest))
			i++;
		if (i == p->n) {
			if (pre < i)
				textimport_problem(p->r, p->lines[pre].no, false, "第 %d 行起的 %d 行不属于表格，已忽略",
					p->lines[pre].no, i - pre); /* 第 N 行起的 K 行不属于表格，已忽略 */
			break;
		}
		json_t *ind = row_indicator(p, pre, i, p->lines[i].no);
		i = row_criteria(p, i, ind);
		int post = i;
		while (i < p->n && !rt_is_deadline(p->lines[i].s) && !rt_criterion_number(p->lines[i].s, &rest))
			i++;
		p->r->last_line = p->lines[i < p->n ? i : p->n - 1].no;
		if (i < p->n && rt_is_deadline(p->lines[i].s)) {
			row_methods_units(p, post, i, true, ind);
			row_deadline(p, i, ind);
			i++;
		} else { /* no 完成时限: the next row (or the end) starts after the units */
			i = row_methods_units(p, post, i, false, ind);
			row_deadline(p, -1, ind);
			p->r->last_line = p->lines[i > post ? i - 1 : post - 1].no;
		}
	}
}

/* Counts and cleans the rubric read: drops the bookkeeping members. */
static void finish_json(struct parser *p, const char *title)
{
	struct textimport_result *r = p->r;
	json_t *root = json_object(), *it, *ind, *c;
	size_t i, k, m;
	json_object_set_new(root, "title", json_string(title));
	if (p->o->current) {
		json_t *cur = rubric_to_json(p->o->current, p->o->units);
		json_object_set(root, "grades", json_object_get(cur, "grades"));
		json_decref(cur);
	}
	json_array_foreach(p->items, i, it) {
		r->nitems++;
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			r->nindicators++;
			json_object_del(ind, "line");
			json_object_del(ind, "deadline_missing");
			if (!json_object_get(ind, "methods")) { /* a row cut short at the end */
				json_object_set_new(ind, "methods", json_array());
				json_object_set_new(ind, "units", json_array());
			}
			json_array_foreach(json_object_get(ind, "criteria"), m, c) {
				r->ncriteria++;
				r->points += (int)(json_number_value(json_object_get(c, "points")) * 10 + 0.5);
			}
		}
	}
	json_object_set(root, "items", p->items);
	r->json = root;
	if (r->points != 1000) { /* allowed, but seldom meant: annex 2 of a notice adds up to 100 */
		char a[24];
		textimport_problem(p->r, 0, false, "测评内容合计 %s 分，不是 100 分",
			points_format(r->points, a)); /* 测评内容合计 N 分，不是 100 分 */
	}
}

/* Does the LEN bytes of TEXT hold WORD? */
static bool memmem_text(const char *text, size_t len, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(text + i, word, n))
			return true;
	return false;
}

void textimport_read(const char *text, size_t len, const struct textimport_options *o, struct textimport_result *r)
{
	/* a table copied from Excel, WPS or Word arrives tab-separated: the
	 * table reader's; one cell a line (the notice as copied) is read here */
	struct grid g;
	char *before = NULL;
	if (utf8_valid(text, len) && !memchr(text, 0, len) && tableread_tsv(text, len, &g, &before)) {
		tableread_grid(&g, before, o, r);
		grid_free(&g);
		free(before);
		return;
	}
	struct parser p = {.o = o, .r = r};
	memset(r, 0, sizeof *r);
	/* no table header (测评项目 …) but a numbered list of criteria
	 * (一、… 1.…,1分。): the table reader's, as a two-column grid */
	if (utf8_valid(text, len) && !memmem_text(text, len, header_words[0]) && tableread_list(text, len, &g, &before)) {
		tableread_grid(&g, before, o, r);
		grid_free(&g);
		free(before);
		return;
	}
	char *title = NULL;
	int body;
	if (!split_lines(&p, text, len) || (body = find_header(&p, &title)) < 0)
		goto out;
	if (!title && o->current) {
		title = xstrdup(o->current->title);
		textimport_problem(p.r, r->first_line, false, "表头上方没有表名，沿用“%s”",
			title); /* 表头上方没有表名，沿用“X” */
	} else if (!title) {
		textimport_problem(p.r, r->first_line, true, "表头上方没有表名：请连同表名一起粘贴");
		goto out;
	}
	p.items = json_array();
	read_rows(&p, body);
	if (!p.nseen) {
		textimport_problem(p.r, r->first_line, true, "表头之后没有找到编号的测评内容（如“""1.成立…（得""2分）”）：请粘贴整张表"); /* 表头之后没有找到编号的测评内容（如“1.成立…（得2分）”）：请粘贴整张表 */
		goto out;
	}
	finish_json(&p, title);
	if (!has_blocking(r) && !r->nunresolved) {
		struct kp_error e = {0};
		if (rubric_from_json(r->json, o->units, o->deadline, &r->rubric, &e))
			textimport_problem(p.r, 0, true, "%s", e.msg);
	}
out:
	free(title);
	json_decref(p.items);
	for (int i = 0; i < p.n; i++)
		free(p.lines[i].s);
	free(p.lines);
}

bool textimport_ready(const struct textimport_result *r)
{
	return r->rubric && !r->nunresolved && !has_blocking(r);
}

void textimport_free(struct textimport_result *r)
{
	json_decref(r->json);
	rubric_free(r->rubric);
	for (int i = 0; i < r->nproblems; i++)
		free(r->problems[i].msg);
	free(r->problems);
	for (int i = 0; i < r->nunresolved; i++)
		free(r->unresolved[i].name), free(r->unresolved[i].hint);
	free(r->unresolved);
	memset(r, 0, sizeof *r);
}
