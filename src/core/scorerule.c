/* scorerule.c — scoring rules read from their words (see scorerule.h).
 *
 * The text is normalised (full-width digits, brackets and punctuation to
 * ASCII) and cut into clauses at 。；; and line ends. Each clause is
 * searched for the phrases below; a clause may give several rules
 * (未召开动员会扣1分，未成立组织扣1分 are two deductions), and each rule
 * keeps its clause as its text. */
#include "core/scorerule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/readtext.h"
#include "core/rubric.h"
#include "core/util.h"

static bool at(const char *s, const char *word)
{
	return !strncmp(s, word, strlen(word));
}

/* The number at S: ASCII digits with at most one decimal, or a small
 * Chinese numeral (一 两 二 … 十); its value in tenths and *LEN its bytes,
 * or -1. */
static int number_at(const char *s, size_t *len)
{
	static const char *const zh[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
	if (*s >= '0' && *s <= '9') {
		long v = 0;
		size_t k = 0;
		while (s[k] >= '0' && s[k] <= '9' && v < 1000000)
			v = v * 10 + (s[k++] - '0');
		v *= 10;
		if (s[k] == '.' && s[k + 1] >= '0' && s[k + 1] <= '9') {
			v += s[k + 1] - '0';
			k += 2;
			if (s[k] >= '0' && s[k] <= '9')
				return -1; /* 0.25: finer than the tenths points keep */
		}
		*len = k;
		return v > 10000000 ? -1 : (int)v;
	}
	if (at(s, "两"))
		return *len = 3, 20;
	if (at(s, "半"))
		return *len = 3, 5;
	for (int i = 0; i <= 10; i++)
		if (at(s, zh[i])) {
			*len = 3;
			if (i == 10 && number_at(s + 3, len) > 0 && *len == 3) { /* 十二 */
				int more = number_at(s + 3, len);
				*len = 6;
				return 100 + more;
			}
			return i * 10;
		}
	return -1;
}

/* "N分" at S: its points and *LEN; a range "1-3分" gives *HI too. -1 when
 * S is no such. */
static int points_at(const char *s, size_t *len, int *hi)
{
	size_t a, b;
	int lo = number_at(s, &a);
	if (lo < 0)
		return -1;
	*hi = lo;
	const char *p = s + a;
	static const char *const dash[] = {"-", "~", "～", "—", "至", "到", "–"};
	for (size_t i = 0; i < sizeof dash / sizeof *dash; i++)
		if (at(p, dash[i])) {
			int h = number_at(p + strlen(dash[i]), &b);
			if (h >= lo) {
				*hi = h;
				p += strlen(dash[i]) + b;
			}
			break;
		}
	if (!at(p, "分"))
		return -1;
	*len = (size_t)(p + 3 - s);
	return lo;
}

/* Does the text [A, B) hold WORD? */
static bool holds(const char *a, const char *b, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = a; p + n <= b; p++)
		if (!memcmp(p, word, n))
			return true;
	return false;
}

/* The text of a clause [A, B), trimmed of its marks. */
static char *clause_text(const char *a, const char *b)
{
	while (a < b && (*a == ' ' || *a == ',' || *a == ':'))
		a++;
	while (b > a && (b[-1] == ' ' || b[-1] == ',' || b[-1] == '.'))
		b--;
	return xstrndup(a, (size_t)(b - a));
}

struct reading {
	struct scorerule_read *r;
	int points;
	int ndeduct;
	bool floor_seen, cap_seen, other;
	int cap;
};

static void add(struct reading *rd, json_t *rule)
{
	if (!rd->r->rules)
		rd->r->rules = json_array();
	json_array_append_new(rd->r->rules, rule);
}

static json_t *rule_new(const char *kind, const char *a, const char *b)
{
	char *t = clause_text(a, b);
	json_t *j = json_pack("{s:s, s:s}", "kind", kind, "text", t);
	free(t);
	return j;
}

static void over(struct reading *rd, int points)
{
	if (rd->points > 0 && points > rd->points) {
		rd->r->over = true;
		if (points > rd->r->over_points)
			rd->r->over_points = points;
	}
}

/* The grade levels of a clause: "A" "B" "C" "C#" (or A级, A档, A类) each with
 * a share "100%" or written as 满分/得满分 after it. True when two or more
 * levels were read with their shares. */
static bool grades(struct reading *rd, const char *a, const char *b)
{
	json_t *levels = json_array();
	for (const char *p = a; p < b; p++) {
		if (*p < 'A' || *p > 'D' || (p > a && ((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'))))
			continue;
		char name[4] = {*p, 0, 0, 0};
		const char *q = p + 1;
		if (*q == '#')
			name[1] = '#', q++;
		if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'))
			continue;
		if (at(q, "级") || at(q, "档") || at(q, "类") || at(q, "等"))
			q += 3;
		while (*q == ' ' || *q == '(' || *q == ':' || *q == '=' || at(q, "为") || at(q, "得") || at(q, "按"))
			q += *q == ' ' || *q == '(' || *q == ':' || *q == '=' ? 1 : 3;
		size_t len;
		int share = -1;
		int v = number_at(q, &len);
		if (v >= 0 && q[len] == '%')
			share = v;
		else if (at(q, "满分"))
			share = 1000;
		else if (v == 0 && at(q + len, "分"))
			share = 0;
		if (share < 0 || share > 1000)
			continue;
		json_array_append_new(levels, json_pack("{s:s, s:o}", "name", name, "share", rubric_json_points(share)));
	}
	if (json_array_size(levels) < 2) {
		json_decref(levels);
		return false;
	}
	json_t *g = rule_new("grade", a, b);
	json_object_set_new(g, "levels", levels);
	add(rd, g);
	return true;
}

static void clause(struct reading *rd, const char *a, const char *b)
{
	if (a >= b)
		return;
	bool any = false;
	if (holds(a, b, "一票否决")) {
		add(rd, rule_new("veto", a, b));
		rd->r->vetoes = true;
		any = true;
	}
	bool graded = grades(rd, a, b);
	if (graded)
		any = true, rd->other = true;
	/* 低于90%的，每低2个百分点扣1分 */
	for (const char *p = a; p < b; p++) {
		static const char *const below[] = {"低于", "不足", "未达到", "少于", "达不到"};
		size_t n = 0;
		for (size_t i = 0; i < sizeof below / sizeof *below && !n; i++)
			if (at(p, below[i]))
				n = strlen(below[i]);
		if (!n)
			continue;
		size_t len;
		int limit = number_at(p + n, &len);
		if (limit < 0 || p[n + len] != '%')
			continue;
		const char *q = p + n + len + 1, *step_at = NULL;
		for (const char *s = q; s < b && !step_at; s++)
			if (at(s, "每"))
				step_at = s + 3;
		if (!step_at)
			continue;
		static const char *const fall[] = {"降低", "下降", "减少", "低", "少", "下降了"};
		for (size_t i = 0; i < sizeof fall / sizeof *fall; i++)
			if (at(step_at, fall[i])) {
				step_at += strlen(fall[i]);
				break;
			}
		int step = number_at(step_at, &len);
		if (step <= 0)
			continue;
		const char *s = step_at + len;
		if (at(s, "个"))
			s += 3;
		if (!at(s, "百分点") && !at(s, "%"))
			continue;
		const char *k = strstr(s, "扣");
		int hi, per = -1;
		if (!k || k >= b)
			continue;
		per = points_at(k + 3, &len, &hi);
		bool finer = per < 0 && k[3] >= '0' && k[3] <= '9'; /* 扣0.25分: said in the text only */
		if (per <= 0 && !finer)
			continue;
		json_t *t = rule_new("threshold", a, b);
		json_object_set_new(t, "below", rubric_json_points(limit));
		json_object_set_new(t, "step", rubric_json_points(step));
		if (!finer)
			json_object_set_new(t, "per", rubric_json_points(per));
		add(rd, t);
		rd->other = any = true;
		return; /* the clause's deduction is the rate's */
	}
	/* deductions and their caps and floors */
	for (const char *p = a; p < b; p++) {
		if (!at(p, "扣") && !at(p, "减"))
			continue;
		const char *q = p + 3;
		if (at(q, "除"))
			q += 3;
		size_t len;
		int hi, lo = points_at(q, &len, &hi);
		if (lo < 0 && *q >= '0' && *q <= '9') {
			/* 扣0.25分: finer than tenths, read as written, scored by the assessor */
			add(rd, rule_new("deduct", a, b));
			rd->other = any = true;
			while (*q && ((*q >= '0' && *q <= '9') || *q == '.'))
				q++;
			p = q - 1;
			continue;
		}
		if (lo < 0) {
			if ((at(q, "完") || at(q, "光")) && !rd->floor_seen) /* 扣完为止: the floor is 0 */
				rd->floor_seen = true;
			continue;
		}
		/* 最多扣5分 限扣5分 最高扣5分 扣分不超过5分: a cap on the deductions */
		const char *before = p;
		bool cap = false;
		static const char *const caps[] = {"最多", "最高", "限", "累计最多", "至多", "共"};
		for (size_t i = 0; i < sizeof caps / sizeof *caps && !cap; i++) {
			size_t n = strlen(caps[i]);
			cap = (size_t)(before - a) >= n && !memcmp(before - n, caps[i], n);
		}
		if (cap) {
			rd->cap_seen = true;
			rd->cap = hi;
			json_t *c = rule_new("cap", a, b);
			json_object_set_new(c, "max", rubric_json_points(hi));
			add(rd, c);
			any = true;
			p = q + len - 1;
			continue;
		}
		/* 每发现一处, 少一次, 缺一项: per occurrence */
		bool per = holds(a, p, "每") || holds(a, p, "一次") || holds(a, p, "一处") || holds(a, p, "一项") ||
			   holds(a, p, "一人") || holds(a, p, "一个") || holds(a, p, "一例") || holds(a, p, "一起") ||
			   holds(a, p, "一篇") || holds(a, p, "一条") || holds(a, p, "一户");
		json_t *d = rule_new("deduct", a, b);
		if (per && lo == hi)
			json_object_set_new(d, "per", rubric_json_points(lo));
		else {
			json_object_set_new(d, "min", rubric_json_points(lo));
			json_object_set_new(d, "max", rubric_json_points(hi));
		}
		add(rd, d);
		if (!rd->ndeduct++ || lo < rd->r->deduct_min)
			rd->r->deduct_min = lo;
		if (hi > rd->r->deduct_max)
			rd->r->deduct_max = hi;
		any = true;
		p = q + len - 1;
	}
	if (holds(a, b, "扣完为止") || holds(a, b, "减完为止") || holds(a, b, "扣完") || holds(a, b, "减完"))
		rd->floor_seen = true;
	if (holds(a, b, "酌情扣分") && !any) {
		add(rd, rule_new("deduct", a, b));
		rd->other = any = true;
	}
	/* 不得分: all or nothing */
	static const char *const none[] = {"不得分", "不计分", "不给分", "得0分", "计0分", "为0分", "记0分"};
	for (size_t i = 0; i < sizeof none / sizeof *none && !graded; i++) /* C#档得0分 is a grade's */
		if (holds(a, b, none[i])) {
			add(rd, rule_new("all_or_nothing", a, b));
			rd->other = any = true;
			break;
		}
	/* awards: 每开展一次得1分 (additive), 最高计5分 (their cap), 得N分 */
	for (const char *p = a; p < b; p++) {
		if (!at(p, "得") && !at(p, "加") && !at(p, "计") && !at(p, "记"))
			continue;
		size_t len;
		int hi, v = points_at(p + 3, &len, &hi);
		if (v <= 0)
			continue;
		bool capped = false;
		static const char *const caps[] = {"最多", "最高", "累计", "至多", "上限"};
		for (size_t i = 0; i < sizeof caps / sizeof *caps && !capped; i++) {
			size_t n = strlen(caps[i]);
			capped = (size_t)(p - a) >= n && !memcmp(p - n, caps[i], n);
		}
		if (capped) {
			json_t *c = rule_new("cap", a, b);
			json_object_set_new(c, "max", rubric_json_points(hi));
			add(rd, c);
			over(rd, hi);
			any = true;
		} else if (holds(a, p, "每")) {
			json_t *w = rule_new("award", a, b);
			json_object_set_new(w, "per", rubric_json_points(v));
			add(rd, w);
			over(rd, v);
			if (!rd->r->award)
				rd->r->award = v;
			else if (rd->r->award != v)
				rd->other = true;
			any = true;
		} else {
			over(rd, hi);
		}
		p += 3 + len - 1;
	}
}

void scorerule_parse(const char *text, int points, struct scorerule_read *r)
{
	memset(r, 0, sizeof *r);
	if (!text || !*text)
		return;
	char *n = text_normalize(text), *t = rt_simplified(n); /* 每做到一項 as 每做到一项 */
	free(n);
	struct reading rd = {.r = r, .points = points};
	const char *a = t;
	for (const char *p = t;; p++) {
		bool end = !*p || *p == ';' || *p == '\n' || at(p, "。") || at(p, "；");
		if (!end)
			continue;
		clause(&rd, a, p);
		if (!*p)
			break;
		a = p + (at(p, "。") || at(p, "；") ? 3 : 1);
		p = a - 1;
	}
	free(t);
	if (!r->rules)
		return;
	/* what kaoping scores by itself: deductions (one amount or a range)
	 * with their floor or cap, or one award, and nothing else */
	bool plain = !rd.other && !r->vetoes;
	bool only_deduct = plain && rd.ndeduct > 0 && !r->award && (points <= 0 || r->deduct_max <= points);
	bool only_award = plain && r->award > 0 && !rd.ndeduct && (points <= 0 || r->award <= points);
	r->machine = only_deduct || only_award;
	if (only_deduct && rd.cap_seen && points > 0 && rd.cap < points)
		r->floor = points - rd.cap;
	if (!only_deduct)
		r->deduct_min = r->deduct_max = r->floor = 0;
	if (!only_award)
		r->award = 0;
}

void scorerule_free(struct scorerule_read *r)
{
	json_decref(r->rules);
	memset(r, 0, sizeof *r);
}

char *scorerule_describe(const json_t *rules)
{
	struct strbuf b = {0};
	size_t i;
	json_t *v;
	char x[24], y[24], z[24];
	json_array_foreach(rules, i, v) {
		const char *kind = json_string_value(json_object_get(v, "kind"));
		json_t *per = json_object_get(v, "per"), *min = json_object_get(v, "min"), *max = json_object_get(v, "max");
		if (i)
			sb_adds(&b, "；");
		if (!strcmp(kind, "deduct") && per)
			sb_addf(&b, "每处扣%s分", points_format((int)(json_number_value(per) * 10 + 0.5), x));
		else if (!strcmp(kind, "deduct") && min && max && json_number_value(min) == json_number_value(max))
			sb_addf(&b, "扣%s分", points_format((int)(json_number_value(min) * 10 + 0.5), x));
		else if (!strcmp(kind, "deduct") && min && max)
			sb_addf(&b, "扣%s–%s分", points_format((int)(json_number_value(min) * 10 + 0.5), x),
				points_format((int)(json_number_value(max) * 10 + 0.5), y));
		else if (!strcmp(kind, "deduct"))
			sb_adds(&b, "酌情扣分");
		else if (!strcmp(kind, "cap") && max)
			sb_addf(&b, "最多%s分", points_format((int)(json_number_value(max) * 10 + 0.5), x));
		else if (!strcmp(kind, "threshold"))
			sb_addf(&b, "低于%s%%时每低%s个百分点扣%s分",
				points_format((int)(json_number_value(json_object_get(v, "below")) * 10 + 0.5), x),
				points_format((int)(json_number_value(json_object_get(v, "step")) * 10 + 0.5), y),
				per ? points_format((int)(json_number_value(per) * 10 + 0.5), z) : "若干");
		else if (!strcmp(kind, "all_or_nothing"))
			sb_adds(&b, "不达标不得分");
		else if (!strcmp(kind, "award") && per)
			sb_addf(&b, "每项得%s分", points_format((int)(json_number_value(per) * 10 + 0.5), x));
		else if (!strcmp(kind, "grade")) {
			sb_adds(&b, "按等次计分");
			size_t k;
			json_t *lv;
			json_array_foreach(json_object_get(v, "levels"), k, lv)
				sb_addf(&b, "%s%s %s%%", k ? "、" : "（", json_string_value(json_object_get(lv, "name")),
					points_format((int)(json_number_value(json_object_get(lv, "share")) * 10 + 0.5), x));
			sb_adds(&b, "）");
		} else if (!strcmp(kind, "veto"))
			sb_adds(&b, "一票否决");
		else
			sb_adds(&b, "按文字评分");
	}
	char *said = xstrdup(sb_str(&b));
	sb_free(&b);
	return said;
}
