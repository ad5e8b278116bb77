/* duty.c — recurring duties in a criterion's text, and the verdict of a
 * unit's ledger against one. Works on UTF-8 bytes; no store, no clock. */
#include "core/duty.h"

#include <stdio.h>
#include <string.h>

const char *const ledger_builtin_kinds[] = {
	"专题会议", "理论中心组学习", "宣传月活动", "节庆活动", "走访慰问", "培训", NULL,
};

/* Keywords naming a kind, most specific first: criterion 8's "理论中心组
 * …专题学习" is a study of the theory group, not a 专题会议. */
static const struct {
	const char *word, *kind;
} kind_words[] = {
	{"理论中心组", "理论中心组学习"}, {"宣传月", "宣传月活动"}, {"专题研究", "专题会议"},
	{"专题会议", "专题会议"},         {"专题部署", "专题会议"}, {"研究部署", "专题会议"},
	{"走访", "走访慰问"},             {"慰问", "走访慰问"},     {"培训", "培训"},
	{"节庆", "节庆活动"},             {"节日", "节庆活动"},
};

/* Words that introduce a minimum, and verbs that may stand between it and
 * the number ("至少安排1次"). */
static const char *const minimum_words[] = {"不少于", "不得少于", "不低于", "至少", "最少", "每年"};
static const char *const verbs[] = {"安排", "开展", "召开", "组织", "举办", "进行"};
static const char *const times_words[] = {"次", "场", "期", "回"};

/* Clause and sentence ends: ，。；：（） and their ASCII forms. */
static size_t clause_break(const char *p, bool sentence)
{
	static const char *const clause[] = {"，", "（", "）", "：", ",", "(", ")", ":"}; /* not 、: it lists within a clause */
	static const char *const full[] = {"。", "；", ";", "\n"};
	for (size_t i = 0; i < sizeof full / sizeof *full; i++)
		if (!strncmp(p, full[i], strlen(full[i])))
			return strlen(full[i]);
	for (size_t i = 0; !sentence && i < sizeof clause / sizeof *clause; i++)
		if (!strncmp(p, clause[i], strlen(clause[i])))
			return strlen(clause[i]);
	return 0;
}

static const char *skip_word(const char *p, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strncmp(p, words[i], strlen(words[i])))
			return p + strlen(words[i]);
	return NULL;
}

int duty_number(const char **p)
{
	static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	const char *s = *p;
	int v = 0, n = 0;
	for (;;) { /* 0-9 and ０-９ */
		if (*s >= '0' && *s <= '9')
			v = v * 10 + (*s++ - '0');
		else if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc && (unsigned char)s[2] >= 0x90 &&
			 (unsigned char)s[2] <= 0x99)
			v = v * 10 + ((unsigned char)s[2] - 0x90), s += 3;
		else
			break;
		if (++n > 4)
			return -1;
	}
	if (n) {
		*p = s;
		return v;
	}
	/* 一 … 九, 两, 十, 十二, 二十, 二十三 */
	int d1 = -1, d2 = -1;
	const char *t = s;
	for (int i = 0; i < 10 && d1 < 0; i++)
		if (!strncmp(t, digits[i], strlen(digits[i])))
			d1 = i, t += strlen(digits[i]);
	if (d1 < 0 && !strncmp(t, "两", strlen("两")))
		d1 = 2, t += strlen("两");
	if (!strncmp(t, "十", strlen("十"))) {
		t += strlen("十");
		for (int i = 1; i < 10 && d2 < 0; i++)
			if (!strncmp(t, digits[i], strlen(digits[i])))
				d2 = i, t += strlen(digits[i]);
		*p = t;
		return (d1 < 0 ? 1 : d1) * 10 + (d2 < 0 ? 0 : d2);
	}
	if (d1 <= 0)
		return -1;
	*p = t;
	return d1;
}

/* The count of a minimum at P ("不少于2次"), or -1. */
static int minimum_at(const char *p)
{
	const char *q = skip_word(p, minimum_words, sizeof minimum_words / sizeof *minimum_words);
	if (!q)
		return -1;
	if (!strncmp(p, "每年", strlen("每年"))) { /* 每年至少…: the minimum word follows */
		const char *r = skip_word(q, minimum_words, sizeof minimum_words / sizeof *minimum_words);
		if (r)
			q = r;
	}
	while (*q == ' ')
		q++;
	const char *v = skip_word(q, verbs, sizeof verbs / sizeof *verbs);
	if (v)
		q = v;
	int n = duty_number(&q);
	if (n <= 0 || !skip_word(q, times_words, sizeof times_words / sizeof *times_words))
		return -1;
	return n;
}

/* The kind named in the N bytes at P, or NULL. */
static const char *kind_in(const char *p, size_t n)
{
	for (size_t k = 0; k < sizeof kind_words / sizeof *kind_words; k++) {
		size_t len = strlen(kind_words[k].word);
		for (size_t i = 0; i + len <= n; i++)
			if (!memcmp(p + i, kind_words[k].word, len))
				return kind_words[k].kind;
	}
	return NULL;
}

/* Copies the N bytes at P into OUT (SIZE bytes) without leading or trailing
 * spaces, cut at a character boundary. */
static void copy_clause(char *out, size_t size, const char *p, size_t n)
{
	while (n && *p == ' ')
		p++, n--;
	while (n && p[n - 1] == ' ')
		n--;
	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--; /* not inside a character */
	}
	memcpy(out, p, n);
	out[n] = 0;
}

int duty_find(const char *text, struct duty_found *out, int max)
{
	int found = 0;
	const char *sentence = text;
	const char *clause = text;
	for (const char *p = text; *p && found < max;) {
		size_t br = clause_break(p, false);
		if (br) {
			if (clause_break(p, true))
				sentence = p + br;
			p += br;
			clause = p;
			continue;
		}
		int n = minimum_at(p);
		if (n < 0) {
			p++;
			continue;
		}
		/* The clause runs to the next break; the kind is named in it, or
		 * failing that elsewhere in its sentence. */
		const char *end = p, *send;
		while (*end && !clause_break(end, false))
			end++;
		for (send = end; *send && !clause_break(send, true); send++)
			;
		const char *kind = kind_in(clause, (size_t)(end - clause));
		const char *from = clause, *to = end;
		if (!kind) {
			kind = kind_in(sentence, (size_t)(send - sentence));
			from = sentence, to = send;
		}
		if (kind) {
			out[found].count = n;
			out[found].kind = kind;
			copy_clause(out[found].clause, sizeof out[found].clause, from, (size_t)(to - from));
			found++;
		}
		p = end; /* one duty per clause */
	}
	return found;
}

enum duty_verdict duty_verdict(int done, int need, const char *today, const char *deadline)
{
	if (done >= need)
		return DUTY_MET;
	return strcmp(today, deadline) > 0 ? DUTY_MISSED : DUTY_PENDING;
}

const char *duty_verdict_label(enum duty_verdict v)
{
	switch (v) {
	case DUTY_MET: return "已完成";
	case DUTY_PENDING: return "未完成";
	case DUTY_MISSED: return "未按期完成";
	}
	return "";
}

const char *duty_verdict_name(enum duty_verdict v)
{
	switch (v) {
	case DUTY_MET: return "met";
	case DUTY_PENDING: return "pending";
	case DUTY_MISSED: return "missed";
	}
	return "";
}
