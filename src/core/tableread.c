/* tableread.c — a rubric from a table's grid (see tableread.h).
 *
 * 1. The header: the first row (of the first ten) whose cells name two or
 *    more roles from the vocabulary below; without one, the columns are
 *    given roles from what their cells hold (numbers: points; 扣/得N分:
 *    rules; 听取汇报/查阅资料: methods; text: levels).
 * 2. The level columns (item, indicator, criterion), left to right: one is
 *    the criterion, two are item and criterion, three or more are item,
 *    indicator and, last, criterion.
 * 3. Each later row is a repeated header, a note (注：…), a subtotal
 *    (合计), an item of its own (一 组织领导 … 6), a line of the criterion
 *    above (its points cell merged with the one above, no points of its
 *    own: a checklist line), or a criterion. */
#include "core/tableread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/readtext.h"
#include "core/scorerule.h"

enum role {
	ROLE_NONE = 0,
	ROLE_SEQ,      /* 序号 */
	ROLE_LEVEL,    /* item, indicator or criterion: which, from their order */
	ROLE_POINTS,   /* 分值 */
	ROLE_RULE,     /* 评分标准 */
	ROLE_METHOD,   /* 测评方法 */
	ROLE_UNITS,    /* 责任单位 */
	ROLE_DEADLINE, /* 完成时限 */
	ROLE_NOTES,    /* 备注 */
	ROLE_SCORE,    /* 得分: left empty for the assessor, not read */
	ROLE_RULE_OR_METHOD, /* 考核办法: which, from the cells */
};

static const struct {
	const char *word;
	enum role role;
} vocabulary[] = {
	{"序号", ROLE_SEQ}, {"编号", ROLE_SEQ},
	{"评价要点", ROLE_LEVEL}, {"评价内容", ROLE_LEVEL}, {"检查内容", ROLE_LEVEL}, {"检查项目", ROLE_LEVEL},
	{"考核要求", ROLE_LEVEL}, {"评价标准", ROLE_RULE}, {"检查标准", ROLE_RULE},
	{"测评项目", ROLE_LEVEL}, {"考评项目", ROLE_LEVEL}, {"考核项目", ROLE_LEVEL}, {"一级指标", ROLE_LEVEL},
	{"二级指标", ROLE_LEVEL}, {"三级指标", ROLE_LEVEL}, {"测评类别", ROLE_LEVEL}, {"考核类别", ROLE_LEVEL},
	{"类别", ROLE_LEVEL}, {"项目", ROLE_LEVEL}, {"指标名称", ROLE_LEVEL}, {"测评指标", ROLE_LEVEL},
	{"考核指标", ROLE_LEVEL}, {"指标", ROLE_LEVEL}, {"考核点", ROLE_LEVEL}, {"考核要点", ROLE_LEVEL},
	{"测评内容", ROLE_LEVEL}, {"考核内容", ROLE_LEVEL}, {"考评内容", ROLE_LEVEL}, {"内容要求", ROLE_LEVEL},
	{"考核细目", ROLE_LEVEL}, {"具体内容", ROLE_LEVEL}, {"工作内容", ROLE_LEVEL}, {"工作任务", ROLE_LEVEL},
	{"目标任务", ROLE_LEVEL}, {"测评标准", ROLE_LEVEL}, {"考核标准", ROLE_LEVEL}, {"内容", ROLE_LEVEL},
	{"标准", ROLE_LEVEL}, {"任务", ROLE_LEVEL}, {"要求", ROLE_LEVEL},
	{"分值", ROLE_POINTS}, {"标准分", ROLE_POINTS}, {"分数", ROLE_POINTS}, {"权重", ROLE_POINTS},
	{"满分", ROLE_POINTS}, {"基本分", ROLE_POINTS}, {"赋分", ROLE_POINTS}, {"应得分", ROLE_POINTS},
	{"评分标准", ROLE_RULE}, {"评分细则", ROLE_RULE}, {"扣分标准", ROLE_RULE}, {"评分办法", ROLE_RULE},
	{"计分办法", ROLE_RULE}, {"计分方法", ROLE_RULE}, {"评分方法", ROLE_RULE}, {"评分说明", ROLE_RULE},
	{"考评标准", ROLE_RULE}, {"扣分办法", ROLE_RULE}, {"评分依据", ROLE_RULE},
	{"考核办法", ROLE_RULE_OR_METHOD}, {"考评办法", ROLE_RULE_OR_METHOD}, {"考核方法", ROLE_RULE_OR_METHOD},
	{"测评方法", ROLE_METHOD}, {"测评方式", ROLE_METHOD}, {"测评措施", ROLE_METHOD}, {"检查方法", ROLE_METHOD},
	{"考核方式", ROLE_METHOD}, {"检查方式", ROLE_METHOD}, {"核查方式", ROLE_METHOD}, {"考评方式", ROLE_METHOD},
	{"责任单位", ROLE_UNITS}, {"牵头单位", ROLE_UNITS}, {"配合单位", ROLE_UNITS}, {"考评分工", ROLE_UNITS},
	{"责任部门", ROLE_UNITS}, {"考核对象", ROLE_UNITS}, {"负责部门", ROLE_UNITS}, {"负责考核单位", ROLE_UNITS},
	{"信息提供部门", ROLE_UNITS}, {"牵头部门", ROLE_UNITS}, {"责任科室", ROLE_UNITS},
	{"完成时限", ROLE_DEADLINE}, {"时限", ROLE_DEADLINE}, {"完成时间", ROLE_DEADLINE}, {"时间要求", ROLE_DEADLINE},
	{"备注", ROLE_NOTES}, {"说明", ROLE_NOTES}, {"情况说明", ROLE_NOTES},
	{"得分", ROLE_SCORE}, {"考评得分", ROLE_SCORE}, {"实得分", ROLE_SCORE}, {"自评得分", ROLE_SCORE},
	{"自评分", ROLE_SCORE}, {"评分", ROLE_SCORE}, {"扣分", ROLE_SCORE}, {"扣分原因", ROLE_SCORE},
	{"检查情况", ROLE_SCORE}, {"测评得分", ROLE_SCORE}, {"考核得分", ROLE_SCORE}, {"自评", ROLE_SCORE},
};

#define COLS_MAX 64
#define CRITERIA_MAX 5000

struct reader {
	const struct grid *g;
	const struct textimport_options *o;
	struct textimport_result *r;
	enum role role[COLS_MAX];
	int ncols;
	int header;              /* the header row, or -1 */
	int item_col, ind_col, crit_col; /* -1 when absent */
	int seq_col, points_col, rule_col, method_col, units_col, deadline_col;
	json_t *items;           /* as read */
	json_t *item, *ind;      /* the current ones (borrowed) */
	char *item_key, *ind_key; /* the texts they were read from */
	json_t *crit;            /* the last criterion (borrowed) */
	int ncrit;
	int declared_total;      /* tenths, or -1 */
	bool any_points;
	bool item_rows;          /* items are rows of their own (一、…): the first level
				  * column then holds the indicators */
};


/* ---- words ---- */

/* S cut to about 40 characters on one line, for a message ("…" added). */
static char *excerpt(const char *s)
{
	struct strbuf b = {0};
	sb_adds(&b, "");
	int n = 0;
	for (const char *p = s; *p && n < 40; n++) {
		size_t len = 1;
		while (((unsigned char)p[len] & 0xc0) == 0x80)
			len++;
		if (*p == '\n')
			sb_addc(&b, ' ');
		else
			sb_add(&b, p, len);
		p += len;
		if (n == 39 && *p)
			sb_adds(&b, "…");
	}
	return b.s;
}

static bool at(const char *s, const char *w)
{
	return !strncmp(s, w, strlen(w));
}

/* S without any whitespace (spaces, ideographic spaces, line breaks):
 * "序 号" is 序号, "一\n票\n否\n决" is 一票否决. A new string. */
static char *compact(const char *s)
{
	struct strbuf b = {0};
	sb_adds(&b, "");
	for (const char *p = s; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else if (at(p, "　"))
			p += 3;
		else
			sb_addc(&b, *p++);
	}
	return b.s;
}

/* The lines of a cell joined as one text: a line break inside a sentence
 * (a narrow column's wrap) is dropped, one before a numbered line kept
 * as "\n". A new string. */
static char *unwrap(const char *s)
{
	struct strbuf b = {0};
	sb_adds(&b, "");
	for (const char *p = s; *p; p++) {
		if (*p != '\n') {
			sb_addc(&b, *p);
			continue;
		}
		const char *next = p + 1, *rest;
		size_t len;
		bool numbered = rt_criterion_number(next, &rest) > 0 || at(next, "（") || *next == '(' ||
				(rt_digit_at(next, &len) >= 0 && (at(next + len, "）") || next[len] == ')')) ||
				at(next, "①") || at(next, "②") || at(next, "③") || at(next, "④") || at(next, "⑤");
		if (numbered)
			sb_addc(&b, '\n');
		else if (b.len && (unsigned char)b.s[b.len - 1] < 0x80 && b.s[b.len - 1] != ' ' &&
			 (unsigned char)*next < 0x80 && *next != ' ')
			sb_addc(&b, ' '); /* two words of Latin text */
	}
	char *t = text_trim(b.s);
	sb_free(&b);
	return t;
}

static enum role header_role(const char *cell)
{
	char *raw = compact(cell), *c = rt_simplified(raw); /* 考評項目 as 考评项目 */
	free(raw);
	/* 分值（分） 得分(分): the unit after the word */
	size_t n = strlen(c);
	if (n > 9 && (rt_ends(c, "（分）") || rt_ends(c, "(分)")))
		c[n - (rt_ends(c, "(分)") ? 5 : 9)] = 0;
	enum role best = ROLE_NONE;
	size_t best_len = 0;
	for (size_t i = 0; i < sizeof vocabulary / sizeof *vocabulary; i++) {
		size_t w = strlen(vocabulary[i].word);
		if (!strcmp(c, vocabulary[i].word)) {
			best = vocabulary[i].role;
			break;
		}
		/* 考核要点及分值分解, 对应检查内容及分值(单项扣完为止): the longest
		 * word it holds, when the cell is a header's length */
		if (w > best_len && rt_chars(c) <= 24 && strstr(c, vocabulary[i].word))
			best = vocabulary[i].role, best_len = w;
	}
	free(c);
	return best;
}

/* Chinese numerals and Roman numbers as item labels: 一 二 … 十二, Ⅰ Ⅱ … */
static int numeral_len(const char *s)
{
	static const char *const zh[] = {"十", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *const roman[] = {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ", "Ⅺ", "Ⅻ"};
	int n = 0;
	for (bool more = true; more && n < 9;) {
		more = false;
		for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
			if (at(s + n, zh[i]))
				n += 3, more = true;
	}
	if (n)
		return n;
	for (size_t i = 0; i < sizeof roman / sizeof *roman; i++)
		if (at(s, roman[i]))
			return 3;
	return 0;
}

/* The label a text starts with, as written, and *REST the text after it:
 * 一、 （一） (三) 1、 1. 1．1.1.1 1） (1) ① Ⅲ-2-1 Ⅱ—3 A. ; NULL when none.
 * Digits glued to a name (7社区服务) are a label too, when a name follows. */
static char *label_of(const char *s, const char **rest)
{
	const char *p = s;
	size_t len;
	*rest = s;
	bool paren = false;
	if (at(p, "（") || *p == '(') {
		paren = true;
		p += *p == '(' ? 1 : 3;
	}
	const char *body = p;
	int n = numeral_len(p);
	if (n) {
		p += n;
	} else if (rt_digit_at(p, &len) >= 0) {
		while (rt_digit_at(p, &len) >= 0)
			p += len;
		/* 1.1.1 1-2-1: more numbers after dots or dashes */
		while ((*p == '.' || *p == '-' || at(p, "．")) && rt_digit_at(p + (*p == '.' || *p == '-' ? 1 : 3), &len) >= 0) {
			p += *p == '.' || *p == '-' ? 1 : 3;
			while (rt_digit_at(p, &len) >= 0)
				p += len;
		}
	} else if (!paren && *p >= 'A' && *p <= 'Z' && (((unsigned char)p[1] >= 0xe4 && (unsigned char)p[1] <= 0xe9) ||
							   p[1] == '.' || at(p + 1, "、") || at(p + 1, "．"))) {
		/* B积极开展… A. A、: a lettered item */
		p++;
		const char *e = p;
		if (*e == '.')
			e++;
		else if (at(e, "、") || at(e, "．"))
			e += 3;
		*rest = e;
		return xstrndup(s, 1);
	} else if (at(p, "①") || at(p, "②") || at(p, "③") || at(p, "④") || at(p, "⑤") || at(p, "⑥") || at(p, "⑦") ||
		   at(p, "⑧") || at(p, "⑨") || at(p, "⑩")) {
		p += 3;
		*rest = p;
		return xstrndup(s, (size_t)(p - s));
	} else {
		return NULL;
	}
	/* Ⅲ-2-1, Ⅱ—3: a Roman item with numbers */
	if (n && numeral_len(body) == 3 && (at(p, "-") || at(p, "—") || at(p, "－"))) {
		while (at(p, "-") || at(p, "—") || at(p, "－")) {
			const char *q = p + (*p == '-' ? 1 : 3);
			if (rt_digit_at(q, &len) < 0)
				break;
			p = q;
			while (rt_digit_at(p, &len) >= 0)
				p += len;
		}
	}
	const char *end = p;
	if (paren) {
		if (at(p, "）") || *p == ')')
			end = p + (*p == ')' ? 1 : 3);
		else
			return NULL;
	} else if (at(p, "、") || at(p, "．") || at(p, "。")) {
		end = p + 3;
	} else if (*p == '.' || *p == ')' || *p == ' ') {
		end = p + 1;
	} else if (at(p, "）") || at(p, "　")) {
		end = p + 3;
	} else if (!*p) {
		end = p; /* a label alone (a 序号 cell) */
	} else if (n && numeral_len(body) == 3 && p > body + 3) {
		end = p; /* Ⅲ-2-1测评内容 */
	} else if (!n && (unsigned char)*p >= 0x80 && !at(p, "分") && !at(p, "个") && !at(p, "项") && !at(p, "次") &&
		   !at(p, "%") && !at(p, "年") && !at(p, "月") && !at(p, "日") && !at(p, "小") && !at(p, "万") &&
		   !at(p, "人") && !at(p, "天") && !at(p, "名") && !at(p, "家") && !at(p, "所") && !at(p, "户")) {
		end = p; /* 7社区服务 */
	} else if (n && (unsigned char)*p >= 0x80 && (at(p, "是") || at(p, "要") || at(p, "级") || at(p, "票"))) {
		return NULL; /* 一是… 一级指标 一票否决 */
	} else if (n) {
		end = p; /* 一组织领导 */
	} else {
		return NULL;
	}
	*rest = end;
	while (**rest == ' ' || at(*rest, "　"))
		*rest += **rest == ' ' ? 1 : 3;
	char *label = xstrndup(s, (size_t)(p - s) + (paren ? (size_t)(end - p) : 0));
	return label;
}

/* Points written in a name: 环境卫生（20分） 村级班子强15分 (三)…60分) 1.政府组织工作与保障(75分)
 * (共4项,10分): *POINTS and the name without them (a new string). -1 when none. */
static int name_points(const char *s, char **name)
{
	char *t = text_normalize(s); /* １５分 （２０分） as 15分 (20分) */
	int points = -1;
	size_t n = strlen(t);
	/* strip a closing bracket, then look for "N分" at the end */
	char *end = t + n;
	while (end > t && (end[-1] == ' '))
		end--;
	bool closed = false;
	if (end - t >= 3 && !memcmp(end - 3, "）", 3))
		end -= 3, closed = true;
	else if (end > t && end[-1] == ')')
		end--, closed = true;
	if (end - t >= 3 && !memcmp(end - 3, "分", 3)) {
		const char *q = end - 3;
		const char *num_end = q;
		while (q > t && ((q[-1] >= '0' && q[-1] <= '9') || q[-1] == '.'))
			q--;
		if (q < num_end) {
			char num[16];
			size_t k = (size_t)(num_end - q) < 15 ? (size_t)(num_end - q) : 15;
			memcpy(num, q, k), num[k] = 0;
			int v;
			if (points_parse(num, &v) == 0) {
				points = v;
				/* the name ends before "（", "(", "共…," or the number */
				char *cut = (char *)q;
				for (char *b = (char *)q; b > t;) {
					const char *pc = rt_prev_char(t, b);
					if (!memcmp(pc, "（", 3) || *pc == '(') {
						cut = (char *)pc;
						break;
					}
					if (!closed)
						break;
					b = (char *)pc;
				}
				*cut = 0;
			}
		}
	}
	*name = text_trim(t);
	free(t);
	if (!**name) {
		free(*name);
		*name = xstrdup(s);
		return -1;
	}
	return points;
}

/* A cell's points: "10" "6.0" "0.5" "10分" "（10分）"; -1 when it holds none. */
static int cell_points(const char *s)
{
	char *c = compact(s);
	int v = -1;
	if (!rt_points_only(c, &v))
		v = -1;
	free(c);
	return v;
}

/* The text of ROW at COL, or "" (merged cells read as their merge). */
static const char *text_at(const struct reader *rd, int row, int col)
{
	return col < 0 ? "" : grid_text(rd->g, row, col);
}

static bool own_at(const struct reader *rd, int row, int col)
{
	return col >= 0 && grid_own(rd->g, row, col);
}

/* ---- columns ---- */

static bool rule_like(const char *s)
{
	return strstr(s, "扣") || strstr(s, "不得分") || strstr(s, "得分") || strstr(s, "计分") ||
	       (strstr(s, "得") && strstr(s, "分"));
}

static bool method_like(const char *s)
{
	static const char *const starts[] = {"查", "听取", "实地", "现场", "访问", "审核", "座谈", "问卷", "抽查",
					    "走访", "暗访", "调查", "材料审核", "网上", "测试"};
	for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
		if (at(s, starts[i]))
			return true;
	return false;
}

/* How the data rows' cells of COL look: how many are non-empty, numbers,
 * rule-like, method-like. */
struct looks {
	int filled, numbers, rules, methods, small_ints, marked, vetoes;
};

static struct looks column_looks(const struct reader *rd, int col, int from)
{
	struct looks l = {0};
	for (int i = from; i < rd->g->n; i++) {
		if (!own_at(rd, i, col))
			continue;
		const char *s = text_at(rd, i, col);
		if (!*s)
			continue;
		l.filled++;
		int v = cell_points(s);
		if (v >= 0)
			l.numbers++;
		if (v >= 0 && v % 10 == 0 && v <= 400 && !strchr(s, '.'))
			l.small_ints++;
		if (rule_like(s))
			l.rules++;
		struct rt_marker m[2];
		if (rt_find_markers(s, m, 2) > 0)
			l.marked++; /* （4分）: a criterion's points in its text */
		char *c = compact(s);
		l.vetoes += !strcmp(c, "一票否决");
		free(c);
		if (method_like(s))
			l.methods++;
	}
	return l;
}

static bool find_header(struct reader *rd)
{
	int best = -1, best_hits = 1;
	for (int i = 0; i < rd->g->n && i < 10; i++) {
		int hits = 0;
		for (int k = 0; k < rd->g->rows[i].n; k++)
			if (grid_own(rd->g, i, k) && header_role(rd->g->rows[i].cells[k].text) != ROLE_NONE)
				hits++;
		if (hits > best_hits)
			best = i, best_hits = hits;
		if (hits >= 3)
			break;
	}
	rd->header = best;
	return best >= 0;
}

/* Gives every column its role. */
static void column_roles(struct reader *rd)
{
	const struct grid *g = rd->g;
	rd->ncols = g->cols < COLS_MAX ? g->cols : COLS_MAX;
	int from = rd->header + 1;
	bool in_level = false; /* the header cells so far since the last word are a level's merge */
	for (int k = 0; k < rd->ncols; k++) {
		enum role role = ROLE_NONE;
		struct looks l = column_looks(rd, k, from);
		if (rd->header >= 0) {
			const struct grid_cell *c = grid_at(g, rd->header, k);
			/* a header cell left empty after a level's (a merge pasted as
			 * text) reads as that merge */
			bool widened = c && c->cover == GRID_OWN && !*c->text && in_level && l.filled;
			if (c && c->cover == GRID_OWN && *c->text)
				in_level = header_role(c->text) == ROLE_LEVEL;
			if (c && c->cover == GRID_OWN && !widened)
				role = header_role(c->text);
			else if (c && (c->cover == GRID_LEFT || widened)) {
				/* a header over several columns (指标名称 over 项目, 序号, 指标):
				 * the first keeps the word's role, the others are read by
				 * their cells */
				role = ROLE_LEVEL;
				if (l.filled && l.small_ints == l.filled)
					role = ROLE_SEQ;
			}
		} else if (l.filled) {
			role = ROLE_LEVEL;
			if (l.numbers == l.filled)
				role = k == 0 && l.small_ints == l.filled ? ROLE_SEQ : ROLE_POINTS;
			else if (l.rules * 2 > l.filled)
				role = ROLE_RULE;
			else if (l.methods * 2 > l.filled)
				role = ROLE_METHOD;
		}
		if (role == ROLE_RULE_OR_METHOD)
			role = l.methods > l.rules ? ROLE_METHOD : ROLE_RULE;
		/* a column of 一/票/否/决 cells marks rows; it is no level */
		if (l.filled && l.vetoes == l.filled && role != ROLE_NONE)
			role = ROLE_NOTES;
		/* a criterion column that reads as rules (测评标准 after 测评内容) */
		if (role == ROLE_SCORE && l.filled > 2 && l.numbers < l.filled)
			role = ROLE_NONE; /* filled in: not a score column after all (kept out) */
		rd->role[k] = role;
	}
	/* one level of names (宣传氛围（20分）) beside a "标准" column whose
	 * cells carry the points (1.…（4分）2.…（4分）): that column is the criteria */
	int nlevels = 0, rule_k = -1;
	for (int k = 0; k < rd->ncols; k++) {
		nlevels += rd->role[k] == ROLE_LEVEL;
		if (rd->role[k] == ROLE_RULE && rule_k < 0)
			rule_k = k;
	}
	if (nlevels == 1 && rule_k >= 0) {
		struct looks l = column_looks(rd, rule_k, from);
		if (l.filled && l.marked * 2 > l.filled)
			rd->role[rule_k] = ROLE_LEVEL;
	}
	/* the levels, left to right */
	int levels[COLS_MAX], n = 0;
	for (int k = 0; k < rd->ncols; k++)
		if (rd->role[k] == ROLE_LEVEL)
			levels[n++] = k;
	/* a level column after the criterion that reads as rules is the rule */
	if (n >= 2) {
		int last = levels[n - 1];
		struct looks l = column_looks(rd, last, from);
		bool have_rule = false;
		for (int k = 0; k < rd->ncols; k++)
			have_rule |= rd->role[k] == ROLE_RULE;
		const struct grid_cell *h = rd->header >= 0 ? grid_at(rd->g, rd->header, last) : NULL;
		char *word = h && h->cover == GRID_OWN ? compact(h->text) : xstrdup("");
		bool standard = rt_ends(word, "标准") || rt_ends(word, "要求");
		free(word);
		if (!have_rule && l.filled && l.rules * 2 > l.filled && l.marked * 2 <= l.filled && (standard || n >= 3)) {
			rd->role[last] = ROLE_RULE;
			n--;
		}
	}
	rd->item_col = rd->ind_col = rd->crit_col = -1;
	if (n == 1)
		rd->crit_col = levels[0];
	else if (n == 2)
		rd->item_col = levels[0], rd->crit_col = levels[1];
	else if (n >= 3)
		rd->item_col = levels[0], rd->ind_col = levels[1], rd->crit_col = levels[n - 1];
	rd->seq_col = rd->points_col = rd->rule_col = rd->method_col = rd->units_col = rd->deadline_col = -1;
	for (int k = rd->ncols - 1; k >= 0; k--) {
		switch (rd->role[k]) {
		case ROLE_SEQ: rd->seq_col = k; break;
		case ROLE_POINTS: rd->points_col = k; break;
		case ROLE_RULE: rd->rule_col = k; break;
		case ROLE_METHOD: rd->method_col = k; break;
		case ROLE_UNITS: rd->units_col = k; break;
		case ROLE_DEADLINE: rd->deadline_col = k; break;
		default: break;
		}
	}
	/* the last level merged over rows whose 评分标准 and points are their
	 * own (二级指标 over its rows, each row a standard with its points): the
	 * standards are the criteria, the level their indicator */
	if (rd->crit_col >= 0 && rd->rule_col >= 0 && rd->points_col >= 0 && rd->ind_col < 0) {
		int under = 0;
		for (int row = from + 1; row < g->n; row++)
			under += (!own_at(rd, row, rd->crit_col) || !*text_at(rd, row, rd->crit_col)) &&
				 own_at(rd, row, rd->rule_col) && *text_at(rd, row, rd->rule_col) && own_at(rd, row, rd->points_col) &&
				 *text_at(rd, row, rd->points_col) && !own_at(rd, row, rd->item_col);
		if (under) {
			rd->ind_col = rd->crit_col;
			rd->crit_col = rd->rule_col;
			rd->role[rd->rule_col] = ROLE_LEVEL;
			rd->rule_col = -1;
		}
	}
}

/* ---- rows ---- */

/* 注：… 注1. 说明：… 备注：…: a note across the table, not a criterion
 * (注重… is one). */
static bool is_note(const char *s)
{
	static const char *const heads[] = {"注", "说明", "备注"};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
		if (!at(s, heads[i]))
			continue;
		const char *p = s + strlen(heads[i]);
		size_t len;
		if (at(p, "：") || *p == ':' || at(p, "　") || *p == ' ' || rt_digit_at(p, &len) >= 0 || at(p, "①") || !*p)
			return true;
	}
	return false;
}

static bool is_subtotal(const char *s)
{
	char *c = compact(s);
	bool yes = !strcmp(c, "合计") || !strcmp(c, "小计") || !strcmp(c, "总计") || !strcmp(c, "总分") ||
		   !strcmp(c, "合计分") || !strcmp(c, "得分合计");
	free(c);
	return yes;
}

static bool is_header_again(const struct reader *rd, int row)
{
	if (rd->header < 0)
		return false;
	int same = 0, filled = 0;
	for (int k = 0; k < rd->g->rows[row].n; k++) {
		if (!grid_own(rd->g, row, k) || !*rd->g->rows[row].cells[k].text)
			continue;
		filled++;
		same += !strcmp(rd->g->rows[row].cells[k].text, grid_text(rd->g, rd->header, k));
	}
	return filled >= 2 && same == filled;
}

/* The one text of a row whose other cells are empty or its own merge
 * (a note across the table), or NULL. */
static const char *spanning_text(const struct reader *rd, int row)
{
	const char *text = NULL;
	for (int k = 0; k < rd->g->rows[row].n; k++) {
		const struct grid_cell *c = &rd->g->rows[row].cells[k];
		if (c->cover != GRID_OWN || !*c->text)
			continue;
		if (text)
			return NULL;
		text = c->text;
	}
	return text;
}

static json_t *names_split(const char *s)
{
	json_t *a = json_array();
	char *t = xstrdup(s);
	for (char *p = t; *p;) {
		size_t m = 0;
		char *q = p;
		int depth = 0;
		while (*q) {
			if (*q == '(' || at(q, "（"))
				depth++;
			else if ((*q == ')' || at(q, "）")) && depth)
				depth--;
			m = *q == '\n' || *q == ',' || *q == ';' ? 1 : at(q, "、") || at(q, "，") || at(q, "；") ? 3 : 0;
			if (m && (!depth || *q == '\n'))
				break;
			m = 0;
			q++;
		}
		char save = *q;
		*q = 0;
		char *name = text_trim(p);
		if (*name)
			json_array_append_new(a, json_string(name));
		free(name);
		*q = save;
		p = q + m;
		if (!m)
			break;
	}
	free(t);
	return a;
}

/* Methods written one per line or separated (听取汇报、查阅资料 / 听取汇报 查阅资料). */
static json_t *methods_split(const char *s)
{
	char *t = xstrdup(s);
	/* a space between two known methods separates them */
	for (char *p = t; *p; p++)
		if (*p == ' ')
			*p = ',';
	json_t *a = names_split(t);
	free(t);
	return a;
}

static void new_item(struct reader *rd, const char *text, int line, int declared_cell)
{
	char *name = NULL, *rest_name;
	const char *rest;
	char *c = compact(text);
	char *label = label_of(text, &rest);
	int declared = name_points(rest, &rest_name);
	char *u = unwrap(rest_name);
	free(rest_name);
	name = u;
	if (!strcmp(c, "一票否决") || strstr(c, "一票否决")) {
		free(name);
		name = xstrdup("一票否决");
	}
	free(c);
	if (declared < 0)
		declared = declared_cell;
	rd->item = json_pack("{s:s, s:o, s:i}", "name", *name ? name : "（无名称）", "indicators", json_array(), "line", line);
	if (label)
		json_object_set_new(rd->item, "label", json_string(label));
	if (declared >= 0)
		json_object_set_new(rd->item, "declared_points", rubric_json_points(declared));
	json_array_append_new(rd->items, rd->item);
	free(rd->item_key);
	rd->item_key = xstrdup(text);
	free(rd->ind_key);
	rd->ind_key = NULL;
	rd->ind = NULL;
	free(label), free(name);
}

static void new_indicator(struct reader *rd, const char *text, int line, int declared_cell)
{
	const char *rest;
	char *label = label_of(text, &rest), *rest_name;
	int declared = name_points(rest, &rest_name);
	char *name = unwrap(rest_name);
	free(rest_name);
	if (declared < 0)
		declared = declared_cell;
	rd->ind = json_pack("{s:s, s:o, s:i}", "name", *name ? name : json_string_value(json_object_get(rd->item, "name")),
			    "criteria", json_array(), "line", line);
	if (label)
		json_object_set_new(rd->ind, "label", json_string(label));
	if (declared >= 0)
		json_object_set_new(rd->ind, "declared_points", rubric_json_points(declared));
	json_array_append_new(json_object_get(rd->item, "indicators"), rd->ind);
	free(rd->ind_key);
	rd->ind_key = xstrdup(text);
	free(label), free(name);
}

static bool vetoing(const char *s)
{
	char *raw = compact(s), *c = rt_simplified(raw); /* 一票否決 */
	free(raw);
	bool v = strstr(c, "一票否决") != NULL;
	free(c);
	return v;
}

/* Does the points cell of ROW go on over the next data row (merged
 * there, or left empty as a pasted merge leaves it)? A header repeated
 * after a page break in between is passed over. */
static bool points_go_on(const struct reader *rd, int row)
{
	if (rd->points_col < 0)
		return false;
	int next = row + 1;
	while (next < rd->g->n && is_header_again(rd, next))
		next++;
	if (next >= rd->g->n || !grid_at(rd->g, next, rd->points_col))
		return false;
	if (!own_at(rd, next, rd->points_col))
		return true;
	return !*text_at(rd, next, rd->points_col) && *text_at(rd, next, rd->crit_col);
}

/* Reads the criterion of ROW. */
static void criterion_row(struct reader *rd, int row, int ind_col)
{
	const struct grid *g = rd->g;
	int line = g->rows[row].line;
	const char *raw = text_at(rd, row, rd->crit_col);
	const char *rest;
	char *label = label_of(raw, &rest);
	if (!label && rd->seq_col >= 0 && own_at(rd, row, rd->seq_col) && *text_at(rd, row, rd->seq_col))
		label = compact(text_at(rd, row, rd->seq_col));
	char *text = unwrap(rest);
	/* points: its cell, or what its text says ((10分), （得2分）…（得2分）) */
	int cell = -1;
	bool merged_points = false;
	if (rd->points_col >= 0) {
		if (own_at(rd, row, rd->points_col))
			cell = cell_points(text_at(rd, row, rd->points_col));
		else
			merged_points = true;
	}
	struct rt_marker ms[16];
	int nm = rt_find_markers(text, ms, 16);
	int inline_points = -1;
	if (nm == 1)
		inline_points = ms[0].points;
	int sum = 0;
	for (int i = 0; i < nm && i < 16; i++)
		sum += ms[i].points;
	/* the points cell goes on over the next row (merged there, or left
	 * empty when pasted) */
	bool spans = points_go_on(rd, row);
	int points = cell;
	if (nm >= 1 && (cell < 0 || merged_points || spans)) /* the cell is the indicator's: 1.1 … 20, 1.1.1 …（10分） */
		points = nm == 1 ? inline_points : sum;
	const char *rule = rd->rule_col >= 0 && own_at(rd, row, rd->rule_col) ? text_at(rd, row, rd->rule_col) : "";
	/* a line of the criterion above: its points cell merged with the one
	 * above (or empty) and no points in its own text */
	if (points < 0 && rd->crit && !vetoing(text_at(rd, row, rd->item_col)) &&
	    (merged_points || (rd->points_col >= 0 && !*text_at(rd, row, rd->points_col))) &&
	    !(own_at(rd, row, ind_col) && *text_at(rd, row, ind_col))) {
		json_t *list = json_object_get(rd->crit, "checklist");
		if (!list)
			json_object_set_new(rd->crit, "checklist", list = json_array());
		char *t = label ? xasprintf("%s%s", label, text) : xstrdup(text);
		json_array_append_new(list, json_string(t));
		free(t);
		if (*rule) {
			const char *old = json_string_value(json_object_get(rd->crit, "rule_text"));
			char *both = old ? xasprintf("%s\n%s", old, rule) : xstrdup(rule);
			json_object_set_new(rd->crit, "rule_text", json_string(both));
			free(both);
		}
		free(label), free(text);
		return;
	}
	if (rd->ncrit >= CRITERIA_MAX) {
		textimport_problem(rd->r, line, true, "测评内容超过 %d 项", CRITERIA_MAX);
		free(label), free(text);
		return;
	}
	/* 一票否决 in the item's or indicator's cell, or in a cell of its own
	 * beside the rows (一/票/否/决 down a merged cell) */
	bool veto = vetoing(text_at(rd, row, rd->item_col)) || vetoing(text_at(rd, row, rd->ind_col));
	for (int k = 0; k < rd->g->rows[row].n && !veto; k++)
		if (k != rd->crit_col && k != rd->rule_col)
			veto = vetoing(grid_text(rd->g, row, k)) && rt_chars(grid_text(rd->g, row, k)) <= 12;
	json_t *c = json_pack("{s:i, s:s}", "no", ++rd->ncrit, "text", *text ? text : "（无内容）");
	if (label)
		json_object_set_new(c, "label", json_string(label));
	/* the rule: its column, or the text itself when it has none */
	struct scorerule_read sr;
	scorerule_parse(*rule ? rule : text, points > 0 ? points : 0, &sr);
	if (*rule)
		json_object_set_new(c, "rule_text", json_string(rule));
	if (sr.rules)
		json_object_set(c, "rules", sr.rules);
	if (sr.vetoes && points <= 0)
		veto = true;
	if (veto && points > 0 && !json_object_get(rd->ind, "veto_line")) {
		/* rows that carry points and veto: scored as they are, and one
		 * veto criterion for their indicator (finish adds it) */
		json_object_set_new(rd->ind, "veto_line", json_integer(line));
		textimport_problem(rd->r, line, false, "“%s”各项既有分值又标明一票否决：按分值计分，另列一项否决项",
			json_string_value(json_object_get(rd->ind, "name")));
	}
	if (veto && points <= 0) {
		json_object_set_new(c, "points", json_integer(0));
		json_object_set_new(c, "kind", json_string("veto"));
	} else if (points > 0) {
		json_object_set_new(c, "points", rubric_json_points(points));
		rd->any_points = true;
		char *urule = *rule ? unwrap(rule) : NULL;
		struct rt_marker rm[16];
		int nr = urule ? rt_find_markers(urule, rm, 16) : 0, rsum = 0;
		for (int i = 0; i < nr && i < 16; i++)
			rsum += rm[i].points;
		if (nm < 2 && nr >= 2 && nr <= 16 && rsum == points && strchr(urule, '\n')) {
			/* the rule lists the criterion's scored pieces: its parts */
			json_t *parts = json_array();
			const char *from = urule;
			for (int i = 0; i < nr; i++) {
				const char *lrest;
				char *lb = label_of(from, &lrest);
				char *pt = rt_strip_marks(lrest < rm[i].start ? lrest : from, rm[i].start);
				json_array_append_new(parts, json_pack("{s:s, s:o}", "text", *pt ? pt : urule, "points",
								     rubric_json_points(rm[i].points)));
				free(pt), free(lb);
				from = rm[i].end;
				while (*from == ';' || *from == '\n' || rt_starts(from, "；") || rt_starts(from, "。") || *from == '.')
					from += (unsigned char)*from < 0x80 ? 1 : 3;
			}
			json_object_set_new(c, "parts", parts);
		} else if (nm >= 2 && sum == points && (cell < 0 || cell == sum)) {
			json_t *parts = json_array();
			const char *from = text;
			for (int i = 0; i < nm && i < 16; i++) {
				char *pt = rt_strip_marks(from, ms[i].start);
				json_array_append_new(parts, json_pack("{s:s, s:o}", "text", *pt ? pt : text, "points",
								     rubric_json_points(ms[i].points)));
				free(pt);
				from = ms[i].end;
			}
			json_object_set_new(c, "parts", parts);
		} else if (sr.machine && sr.deduct_max) {
			json_t *d = sr.deduct_min == sr.deduct_max
					    ? json_pack("{s:o}", "per", rubric_json_points(sr.deduct_max))
					    : json_pack("{s:o, s:o}", "min", rubric_json_points(sr.deduct_min), "max",
							rubric_json_points(sr.deduct_max));
			if (sr.floor)
				json_object_set_new(d, "floor", rubric_json_points(sr.floor));
			json_object_set_new(c, "deduct", d);
		} else if (sr.machine && sr.award) {
			json_object_set_new(c, "award", json_pack("{s:o}", "per", rubric_json_points(sr.award)));
		}
		free(urule);
		if (sr.over) {
			char a[24], b[24];
			textimport_problem(rd->r, line, false, "第 %d 项的评分标准给到 %s 分，超过该项分值 %s 分（照原文保留）", rd->ncrit,
				points_format(sr.over_points, a), points_format(points, b));
		}
		if (sr.rules && !sr.machine && !sr.vetoes && !json_object_get(c, "parts")) {
			char *ex = excerpt(*rule ? rule : text);
			textimport_problem(rd->r, line, false, "第 %d 项的评分标准不能自动计分，由测评人按原文评分：%s", rd->ncrit, ex);
			free(ex);
		}
		/* 加分项: an item or indicator of bonus points */
		const char *iname = json_string_value(json_object_get(rd->item, "name"));
		const char *nname = rd->ind ? json_string_value(json_object_get(rd->ind, "name")) : "";
		if (strstr(iname, "加分") || strstr(nname, "加分") || rt_starts(text, "加分"))
			json_object_set_new(c, "kind", json_string("bonus"));
	} else {
		json_object_set_new(c, "points", json_integer(0));
		/* a row of deductions only (…减2.5分，最高减5分) or one whose points
		 * are lost: every criterion needs its maximum */
		/* said in finish: the one criterion of a group that declares its
		 * points takes them */
		json_object_set_new(c, "no_points", json_integer(sr.rules ? 2 : 1));
	}
	scorerule_free(&sr);
	/* methods, units and deadline of the row */
	if (rd->method_col >= 0 && *text_at(rd, row, rd->method_col)) {
		json_t *m = methods_split(text_at(rd, row, rd->method_col));
		if (json_array_size(m))
			json_object_set_new(c, "methods", m);
		else
			json_decref(m);
	}
	if (rd->units_col >= 0 && *text_at(rd, row, rd->units_col)) {
		char *ut = unwrap(text_at(rd, row, rd->units_col));
		json_object_set_new(c, "units_text", json_string(ut));
		json_object_set_new(c, "units", names_split(text_at(rd, row, rd->units_col)));
		free(ut);
	}
	if (rd->deadline_col >= 0 && *text_at(rd, row, rd->deadline_col)) {
		char *dt = unwrap(text_at(rd, row, rd->deadline_col));
		json_object_set_new(c, "deadline_text", json_string(dt));
		free(dt);
	}
	json_object_set_new(c, "line", json_integer(line));
	json_array_append_new(json_object_get(rd->ind, "criteria"), c);
	rd->crit = c;
	free(label), free(text);
}

static void read_rows(struct reader *rd)
{
	const struct grid *g = rd->g;
	for (int row = rd->header + 1; row < g->n; row++) {
		int line = g->rows[row].line;
		if (is_header_again(rd, row))
			continue;
		const char *span = spanning_text(rd, row);
		if (span && is_note(span)) {
			if (vetoing(span))
				textimport_problem(rd->r, line, false, "注中写有一票否决：请核对否决项");
			continue;
		}
		bool subtotal = false;
		for (int k = 0; k < g->rows[row].n && !subtotal; k++)
			subtotal = grid_own(g, row, k) && is_subtotal(g->rows[row].cells[k].text);
		if (subtotal) {
			int v = rd->points_col >= 0 ? cell_points(text_at(rd, row, rd->points_col)) : -1;
			if (v >= 0)
				rd->declared_total = v;
			continue;
		}
		const char *crit = text_at(rd, row, rd->crit_col);
		const char *item = text_at(rd, row, rd->item_col);
		const char *seq = rd->seq_col >= 0 ? text_at(rd, row, rd->seq_col) : "";
		bool any = false;
		for (int k = 0; k < g->rows[row].n && !any; k++)
			any = grid_own(g, row, k) && *g->rows[row].cells[k].text;
		if (!any)
			continue;
		int cell_pts = rd->points_col >= 0 && own_at(rd, row, rd->points_col)
				       ? cell_points(text_at(rd, row, rd->points_col))
				       : -1;
		/* an item row of its own: 一 组织领导 (no rule) 6, or a row across
		 * the table 一、组织领导（20分） */
		const char *rest;
		char *seq_label = *seq ? label_of(seq, &rest) : NULL;
		bool zh_seq = seq_label && numeral_len(seq_label) > 0;
		free(seq_label);
		const char *rule = rd->rule_col >= 0 && own_at(rd, row, rd->rule_col) ? text_at(rd, row, rd->rule_col) : "";
		bool item_row = zh_seq && !*rule && own_at(rd, row, rd->crit_col);
		/* 三、 综合奖扣分项目 上级…检查评比情况 扣…: an item and its first criterion in one row */
		bool item_and_criterion = zh_seq && rd->item_rows && *rule && rd->item_col >= 0 && *item && *crit &&
					  strcmp(item, crit);
		if (item_and_criterion) {
			char *name = rt_ends(seq, "、") || rt_ends(seq, ".") ? xasprintf("%s%s", seq, item) : xasprintf("%s、%s", seq, item);
			new_item(rd, name, line, cell_pts);
			free(name);
			new_indicator(rd, json_string_value(json_object_get(rd->item, "name")), line, -1);
			rd->crit = NULL;
			criterion_row(rd, row, -1);
			continue;
		}
		if (!item_row && span && !*rule) {
			char *l = label_of(span, &rest);
			item_row = l && numeral_len(l) > 0;
			free(l);
		}
		if (item_row) {
			const char *title = crit;
			if (rd->item_col >= 0 && *item)
				title = item;
			else if (rd->ind_col >= 0 && *text_at(rd, row, rd->ind_col))
				title = text_at(rd, row, rd->ind_col);
			char *name = !zh_seq ? xstrdup(span) : rt_ends(seq, "、") || rt_ends(seq, ".") ? xasprintf("%s%s", seq, title)
											  : xasprintf("%s、%s", seq, title);
			rd->item_rows = true;
			new_item(rd, name, line, cell_pts);
			free(name);
			rd->crit = NULL;
			continue;
		}
		if (!*crit)
			continue;
		/* the item and indicator this row is under: a cell of its own with
		 * a new text starts one (the same text again is a merged cell
		 * pasted once per row) */
		int item_col = rd->item_rows ? -1 : rd->item_col, ind_col = rd->item_rows ? rd->item_col : rd->ind_col;
		if (item_col >= 0 && own_at(rd, row, item_col) && *item && (!rd->item_key || strcmp(item, rd->item_key)))
			new_item(rd, item, line, -1);
		if (!rd->item)
			new_item(rd, "测评内容", line, -1);
		const char *ind = ind_col >= 0 ? text_at(rd, row, ind_col) : "";
		bool spans = cell_pts >= 0 && points_go_on(rd, row);
		if (own_at(rd, row, ind_col) && *ind && (!rd->ind || !rd->ind_key || strcmp(ind, rd->ind_key)))
			new_indicator(rd, ind, line, spans ? cell_pts : -1);
		if (!rd->ind)
			new_indicator(rd, json_string_value(json_object_get(rd->item, "name")), line, spans ? cell_pts : -1);
		criterion_row(rd, row, ind_col);
		if (!rd->r->first_line)
			rd->r->first_line = line;
		rd->r->last_line = line;
	}
}

/* ---- cells holding several criteria ---- */

/* The places in TEXT where another numbered criterion starts, right after a
 * points marker (…（4分）2有善行义举榜…（4分）3.在显著位置…): their count, at
 * most MAX stored in AT. Only when every piece has its marker. */
static int criteria_in(const char *text, const char **at, int max)
{
	struct rt_marker m[32];
	int nm = rt_find_markers(text, m, 32), n = 0;
	if (nm < 2 || nm > 32)
		return 0;
	for (int i = 0; i + 1 < nm; i++) {
		const char *p = m[i].end;
		while (*p == ';' || *p == ' ' || *p == '.' || rt_starts(p, "；") || rt_starts(p, "。") || rt_starts(p, "，") ||
		       *p == '\n')
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		size_t len;
		if (rt_digit_at(p, &len) < 0)
			return 0; /* （得2分）…（得2分）: parts of one criterion */
		if (n < max)
			at[n] = p;
		n++;
	}
	return n;
}

/* RD's grid with each criterion cell that holds several numbered
 * criteria as rows of their own (the other cells of the row covered from
 * above), into *OUT: true when there was one. */
static bool split_criteria(const struct reader *rd, struct grid *out)
{
	const struct grid *g = rd->g;
	bool any = false;
	*out = (struct grid){0};
	for (int row = 0; row < g->n; row++) {
		const char *at[32];
		const char *text = row > rd->header && own_at(rd, row, rd->crit_col) ? text_at(rd, row, rd->crit_col) : "";
		int n = *text ? criteria_in(text, at, 32) : 0;
		if (n > 31)
			n = 0;
		any |= n > 0;
		for (int piece = 0; piece <= n; piece++) {
			grid_row_add(out, g->rows[row].line);
			const char *from = piece ? at[piece - 1] : text, *to = piece < n ? at[piece] : text + strlen(text);
			for (int k = 0; k < g->rows[row].n; k++) {
				const struct grid_cell *c = &g->rows[row].cells[k];
				if (k == rd->crit_col && n) {
					char *t = xstrndup(from, (size_t)(to - from));
					char *trimmed = text_trim(t);
					grid_cell_add(out, trimmed, GRID_OWN);
					free(t), free(trimmed);
				} else {
					grid_cell_add(out, piece ? "" : c->text, piece ? GRID_UP : c->cover);
				}
			}
		}
	}
	if (!any)
		grid_free(out);
	return any;
}

/* ---- the whole ---- */

/* The title in the text around: the last line before the table that names
 * a rubric (测评/考核/细则/标准/体系/评分), or NULL. */
static char *title_of(const char *context)
{
	if (!context)
		return NULL;
	char *best = NULL;
	char *t = xstrdup(context);
	char *table = strchr(t, '\f'); /* the table's place: the title is above it */
	if (table)
		*table = 0;
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char *s = text_trim(line);
		if (*s && rt_chars(s) <= 60 && (strstr(s, "测评") || strstr(s, "考核") || strstr(s, "细则") || strstr(s, "标准") ||
						 strstr(s, "体系") || strstr(s, "评分") || strstr(s, "考评"))) {
			free(best);
			best = s;
		} else {
			free(s);
		}
	}
	free(t);
	return best;
}

/* 总分100分, 满分100分, 总分值为1000分 in the text around: tenths or -1. */
static int total_of(const char *context)
{
	if (!context)
		return -1;
	static const char *const words[] = {"总分", "满分", "总分值"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		const char *p = strstr(context, words[i]);
		if (!p)
			continue;
		p += strlen(words[i]);
		while (at(p, "为") || at(p, "是") || *p == ' ' || at(p, "：") || *p == ':')
			p += (unsigned char)*p < 0x80 ? 1 : 3;
		char num[16];
		size_t n = rt_read_number(p, num);
		int v;
		if (n && at(p + n, "分") && points_parse(num, &v) == 0)
			return v;
	}
	return -1;
}

static void finish(struct reader *rd, const char *context)
{
	struct textimport_result *r = rd->r;
	char *title = title_of(context);
	/* or a row above the header holding one text (a sheet's title row) */
	for (int row = rd->header - 1; !title && row >= 0; row--) {
		const char *t = spanning_text(rd, row);
		if (t && rt_chars(t) <= 60)
			title = title_of(t);
	}
	if (!title && rd->o->current)
		title = xstrdup(rd->o->current->title);
	if (!title) {
		title = xstrdup("测评表");
		textimport_problem(rd->r, 0, false, "没有找到表名，暂名“测评表”");
	}
	json_t *root = json_pack("{s:s}", "title", title);
	free(title);
	if (rd->o->current) {
		json_t *cur = rubric_to_json(rd->o->current, rd->o->units);
		json_object_set(root, "grades", json_object_get(cur, "grades"));
		json_decref(cur);
	}
	int total = 0;
	size_t i, k, m;
	json_t *it, *ind, *c;
	/* the veto criteria of indicators whose scored rows veto, after their
	 * rows; then every criterion numbered in order */
	int no = 0;
	json_array_foreach(rd->items, i, it) json_array_foreach(json_object_get(it, "indicators"), k, ind)
	{
		/* a criterion without points: the sole one of an indicator (or of an
		 * item of one indicator) whose value is declared takes that value
		 * (1-1组织领导(15分) over one graded cell); any other cannot be saved */
		json_t *crits = json_object_get(ind, "criteria");
		json_array_foreach(crits, m, c) {
			json_t *np = json_object_get(c, "no_points");
			if (!np)
				continue;
			json_t *declared = json_object_get(ind, "declared_points");
			if (!declared && json_array_size(json_object_get(it, "indicators")) == 1)
				declared = json_object_get(it, "declared_points");
			int line = (int)json_integer_value(json_object_get(c, "line"));
			if (declared && json_array_size(crits) == 1 && json_integer_value(np) == 1 && json_number_value(declared) > 0) {
				json_object_set(c, "points", declared);
				char a[24];
				textimport_problem(rd->r, line, false, "该测评内容没有单独的分值，取所属项目标明的 %s 分",
					points_format((int)(json_number_value(declared) * 10 + 0.5), a));
			} else {
				char *ex = excerpt(json_string_value(json_object_get(c, "text")));
				textimport_problem(rd->r, line, true, "测评内容“%s”没有分值%s：每项测评内容都要有分值，请写明它的分值，或把它的扣分写进所属测评内容的评分标准",
					ex, json_integer_value(np) == 2 ? "（只有扣分）" : "");
				free(ex);
			}
			json_object_del(c, "no_points");
		}

		json_t *vl = json_object_get(ind, "veto_line");
		if (vl) {
			char *t = xasprintf("一票否决：%s", json_string_value(json_object_get(ind, "name")));
			json_array_append_new(json_object_get(ind, "criteria"),
					      json_pack("{s:i, s:s, s:i, s:s}", "no", 0, "text", t, "points", 0, "kind", "veto"));
			free(t);
			json_object_del(ind, "veto_line");
		}
		json_array_foreach(json_object_get(ind, "criteria"), m, c)
			json_object_set_new(c, "no", json_integer(++no));
		/* one 完成时限 for all the indicator's criteria: the indicator's, with
		 * its date when one can be read from it (2024年7月底, 7月29日前) */
		const char *dt = NULL;
		bool same = true;
		json_array_foreach(json_object_get(ind, "criteria"), m, c) {
			const char *d = json_string_value(json_object_get(c, "deadline_text"));
			if (!m)
				dt = d;
			same &= d && dt && !strcmp(d, dt);
		}
		if (dt && same) {
			char *keep = xstrdup(dt), date[11];
			bool ongoing;
			json_array_foreach(json_object_get(ind, "criteria"), m, c) json_object_del(c, "deadline_text");
			json_object_set_new(ind, "deadline_text", json_string(keep));
			if (rt_deadline_parse(keep, rd->o->year, date, &ongoing) && !ongoing)
				json_object_set_new(ind, "deadline", json_string(date));
			free(keep);
		}
	}
	json_array_foreach(rd->items, i, it) {
		r->nitems++;
		int item_sum = 0;
		json_array_foreach(json_object_get(it, "indicators"), k, ind) {
			r->nindicators++;
			int ind_sum = 0;
			json_array_foreach(json_object_get(ind, "criteria"), m, c) {
				r->ncriteria++;
				int p = (int)(json_number_value(json_object_get(c, "points")) * 10 + 0.5);
				const char *kind = json_string_value(json_object_get(c, "kind"));
				if (!kind)
					ind_sum += p;
				r->points += p;
				json_object_del(c, "line");
			}
			item_sum += ind_sum;
			json_t *d = json_object_get(ind, "declared_points");
			if (d && (int)(json_number_value(d) * 10 + 0.5) != ind_sum) {
				char a[24], b[24];
				textimport_problem(rd->r, (int)json_integer_value(json_object_get(ind, "line")), false,
					"测评指标“%s”标明 %s 分，其测评内容合计 %s 分", json_string_value(json_object_get(ind, "name")),
					points_format((int)(json_number_value(d) * 10 + 0.5), a), points_format(ind_sum, b));
			}
			json_object_del(ind, "line");
		}
		total += item_sum;
		json_t *d = json_object_get(it, "declared_points");
		if (d && (int)(json_number_value(d) * 10 + 0.5) != item_sum) {
			char a[24], b[24];
			textimport_problem(rd->r, (int)json_integer_value(json_object_get(it, "line")), false, "测评项目“%s”标明 %s 分，其测评内容合计 %s 分",
				json_string_value(json_object_get(it, "name")), points_format((int)(json_number_value(d) * 10 + 0.5), a),
				points_format(item_sum, b));
		}
		json_object_del(it, "line");
	}
	int declared = rd->declared_total >= 0 ? rd->declared_total : total_of(context);
	if (declared >= 0) {
		json_object_set_new(root, "declared_total", rubric_json_points(declared));
		if (declared != total) {
			char a[24], b[24];
			textimport_problem(rd->r, 0, false, "标明总分 %s 分，测评内容合计 %s 分", points_format(declared, a), points_format(total, b));
		}
	}
	json_object_set(root, "items", rd->items);
	r->json = root;
}

void tableread_grid(const struct grid *g, const char *context, const struct textimport_options *o,
		    struct textimport_result *r)
{
	memset(r, 0, sizeof *r);
	struct reader rd = {.g = g, .o = o, .r = r, .declared_total = -1, .items = json_array()};
	if (!g->n) {
		textimport_problem(rd.r, 0, true, "表格是空的");
		goto out;
	}
	find_header(&rd);
	column_roles(&rd);
	if (rd.crit_col < 0) {
		textimport_problem(rd.r, rd.header >= 0 ? g->rows[rd.header].line : 1, true,
			"没有找到测评内容所在的列：表头应有“测评内容”“考核内容”“测评标准”等");
		goto out;
	}
	struct grid split = {0};
	if (split_criteria(&rd, &split))
		rd.g = &split;
	read_rows(&rd);
	rd.g = g;
	grid_free(&split);
	if (!rd.ncrit) {
		textimport_problem(rd.r, 0, true, "表中没有读到测评内容");
		goto out;
	}
	finish(&rd, context);
	if (!rd.any_points && !r->points)
		textimport_problem(rd.r, 0, true, "表中没有分值：请在“分值”列或测评内容中写明分值");
	bool blocking = false;
	for (int i = 0; i < r->nproblems; i++)
		blocking |= r->problems[i].blocking;
	/* units: resolved against the campaign's, every unknown name listed */
	json_t *it, *ind, *c;
	size_t i, k, m;
	json_array_foreach(rd.items, i, it) json_array_foreach(json_object_get(it, "indicators"), k, ind)
		json_array_foreach(json_object_get(ind, "criteria"), m, c)
	{
		size_t u;
		json_t *name;
		json_array_foreach(json_object_get(c, "units"), u, name) {
			const char *s = json_string_value(name);
			if (o->units && unitdir_lookup(o->units, s) == UNITDIR_NONE) {
				r->unresolved = xrealloc(r->unresolved, (size_t)(r->nunresolved + 1) * sizeof *r->unresolved);
				r->unresolved[r->nunresolved++] =
					(struct textimport_name){r->first_line, xstrdup(s), rt_candidates(o->units, s)};
			}
		}
	}
	if (!blocking && !r->nunresolved && o->units) {
		struct kp_error e = {0};
		if (rubric_from_json(r->json, o->units, o->deadline, &r->rubric, &e))
			textimport_problem(rd.r, 0, true, "%s", e.msg);
	}
out:
	json_decref(rd.items);
	free(rd.item_key), free(rd.ind_key);
}

/* ---- tab-separated text ---- */

bool tableread_tsv(const char *text, size_t len, struct grid *g, char **before)
{
	/* records, a quoted cell running over line breaks (Excel's copy) */
	int lines = 0, tabbed = 0, first_tab = -1;
	size_t start = 0;
	bool tab = false, blank = true, cell_start = true;
	for (size_t i = 0; i <= len; i++) {
		char ch = i < len ? text[i] : '\n';
		if (ch == '"' && cell_start) { /* a quoted cell: to its closing quote */
			size_t j = i + 1;
			while (j < len && !(text[j] == '"' && (j + 1 >= len || text[j + 1] != '"')))
				j += text[j] == '"' ? 2 : 1;
			i = j < len ? j : len - 1;
			blank = false, cell_start = false;
			continue;
		}
		cell_start = false;
		if (ch == '\t') {
			tab = true, cell_start = true;
		} else if (ch == '\n') {
			if (!blank) {
				lines++;
				tabbed += tab;
				if (tab && first_tab < 0)
					first_tab = (int)start;
			}
			start = i + 1, tab = false, blank = true, cell_start = true;
		} else if (ch != ' ' && ch != '\r') {
			blank = false;
		}
	}
	if (first_tab < 0 || tabbed * 2 < lines || tabbed < 2)
		return false;
	*g = (struct grid){0};
	*before = first_tab > 0 ? xstrndup(text, (size_t)first_tab) : NULL;
	int line = 1;
	for (size_t k = 0; k < (size_t)first_tab; k++)
		line += text[k] == '\n';
	struct strbuf cell = {0};
	bool row_open = false;
	for (size_t i = (size_t)first_tab; i <= len;) {
		if (!row_open) {
			/* a blank line ends nothing: skipped */
			size_t j = i;
			while (j < len && (text[j] == ' ' || text[j] == '\r'))
				j++;
			if (j < len && text[j] == '\n') {
				i = j + 1, line++;
				continue;
			}
			if (j >= len)
				break;
			grid_row_add(g, line);
			row_open = true;
		}
		/* one cell */
		sb_free(&cell);
		sb_adds(&cell, "");
		if (i < len && text[i] == '"') {
			size_t j = i + 1;
			for (; j < len; j++) {
				if (text[j] == '"' && j + 1 < len && text[j + 1] == '"') {
					sb_addc(&cell, '"');
					j++;
				} else if (text[j] == '"') {
					j++;
					break;
				} else {
					if (text[j] == '\n')
						line++;
					if (text[j] != '\r')
						sb_addc(&cell, text[j]);
				}
			}
			i = j;
			while (i < len && text[i] != '\t' && text[i] != '\n')
				sb_addc(&cell, text[i++]);
		} else {
			while (i < len && text[i] != '\t' && text[i] != '\n') {
				if (text[i] != '\r')
					sb_addc(&cell, text[i]);
				i++;
			}
		}
		char *t = text_trim(cell.s);
		grid_cell_add(g, t, GRID_OWN);
		free(t);
		if (i >= len) {
			break;
		} else if (text[i] == '\t') {
			i++;
		} else { /* '\n' */
			i++, line++;
			row_open = false;
		}
	}
	sb_free(&cell);
	/* a merged cell copied from Excel or Word leaves the cells it covered
	 * empty: an empty cell under a text in the first columns reads as
	 * covered from above */
	for (int r = 1; r < g->n; r++)
		for (int k = 0; k < g->rows[r].n && k < 2; k++) {
			struct grid_cell *c = &g->rows[r].cells[k];
			bool rest_filled = false;
			for (int j = k + 1; j < g->rows[r].n; j++)
				rest_filled |= *g->rows[r].cells[j].text != 0;
			if (!*c->text && rest_filled && grid_at(g, r - 1, k) && (k == 0 || c[-1].cover == GRID_UP))
				c->cover = GRID_UP;
		}
	return g->n > 0;
}

/* ---- a numbered list ---- */

bool tableread_list(const char *text, size_t len, struct grid *g, char **before)
{
	if (!utf8_valid(text, len) || memchr(text, 0, len))
		return false;
	char *t = xstrndup(text, len);
	/* the lines, trimmed, with their numbers */
	struct strbuf pre = {0};
	sb_adds(&pre, "");
	*g = (struct grid){0};
	int line = 0, numbered = 0, with_points = 0;
	bool started = false;
	for (char *p = t, *next; p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = 0;
		line++;
		char *s = text_trim(p);
		size_t n = strlen(s);
		if (n && s[n - 1] == '\r')
			s[--n] = 0;
		if (!*s) {
			free(s);
			continue;
		}
		const char *rest;
		char *label = label_of(s, &rest);
		bool heading = label && numeral_len(label) > 0 && !rt_starts(label, "（") && !rt_starts(label, "(");
		bool item_heading = label && numeral_len(label + (rt_starts(label, "（") ? 3 : *label == '(' ? 1 : 0)) > 0;
		struct rt_marker m[4];
		int nm = rt_find_markers(s, m, 4);
		if (item_heading || heading) {
			if (!g->n) {
				grid_row_add(g, 0);
				grid_cell_add(g, "测评项目", GRID_OWN);
				grid_cell_add(g, "测评内容", GRID_OWN);
			}
			grid_row_add(g, line);
			grid_cell_add(g, s, GRID_OWN);
			grid_cell_add(g, "", GRID_LEFT);
			started = true;
		} else if (label && started) {
			grid_row_add(g, line);
			grid_cell_add(g, "", g->n > 1 ? GRID_UP : GRID_OWN);
			grid_cell_add(g, s, GRID_OWN);
			numbered++;
			with_points += nm > 0;
		} else if (started && g->n > 1 && grid_own(g, g->n - 1, 1)) {
			/* a criterion's text wrapped onto the next line */
			struct grid_cell *c = &g->rows[g->n - 1].cells[1];
			char *joined = xasprintf("%s%s", c->text, s);
			free(c->text);
			c->text = joined;
		} else if (!started) {
			sb_addf(&pre, "%s\n", s);
		}
		free(label);
		free(s);
	}
	free(t);
	if (numbered < 3 || with_points < 2) {
		grid_free(g);
		sb_free(&pre);
		return false;
	}
	*before = pre.s;
	return true;
}
