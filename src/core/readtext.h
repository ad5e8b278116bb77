/* readtext.h — the words and numbers of rubric tables, shared by the
 * readers of pasted text (textimport.c) and of tables (tableread.c): digits
 * ASCII or full-width, points markers （得2分）, criterion numbers, 完成时限,
 * 测评方法, unit names. Pure: no I/O. Text is valid UTF-8. */
#ifndef KAOPING_READTEXT_H
#define KAOPING_READTEXT_H
#include <stdbool.h>
#include <stddef.h>

#include "core/unitdir.h"
#include "core/util.h"

bool rt_starts(const char *s, const char *prefix);
/* S with the traditional characters rubrics use folded to simplified ones
 * (考評項目 as 考评项目, 每做到一項 as 每做到一项, 一票否決 as 一票否决): for
 * reading words, never for the text kept. A new string. */
char *rt_simplified(const char *s);
bool rt_ends(const char *s, const char *suffix);
/* Code points in S. */
int rt_chars(const char *s);
/* Start of the character before S (S > BASE). */
const char *rt_prev_char(const char *base, const char *s);
/* The digit at S (ASCII or full-width ０-９): its value, *LEN its bytes; -1 if none. */
int rt_digit_at(const char *s, size_t *len);
/* Reads digits with at most one decimal ("4", "０.５", "2．5") at S into
 * BUF as ASCII; returns the bytes read (0: no number). */
size_t rt_read_number(const char *s, char buf[16]);
/* The length of the clause mark (；;。，,、.:： or a space) at S, or 0. */
size_t rt_clause_mark(const char *s);
/* Copies [A, B) without clause marks at either end. */
char *rt_strip_marks(const char *a, const char *b);

/* A points marker in a text: （得2分） (得2分) （2分） 得2分； 2分 — not 扣1分 or 满分10分. */
struct rt_marker {
	const char *start, *end;
	int points; /* tenths */
};
/* Whether a points marker starts at S (BASE: start of the text). */
bool rt_marker_at(const char *base, const char *s, struct rt_marker *m);
/* Finds the markers of TEXT; returns how many (at most MAX are stored). */
int rt_find_markers(const char *text, struct rt_marker *ms, int max);
/* True when a criterion's text ends with a marker or a clause's closing mark. */
bool rt_criterion_complete(const char *text);
/* A text that is only points ("7", "7分", "（7分）"): true and *TENTHS. */
bool rt_points_only(const char *s, int *tenths);
/* The criterion number starting S ("1." "１．" "12、"), or 0; *REST: the text after it. */
int rt_criterion_number(const char *s, const char **rest);
/* Reads a whole number at *S (ASCII); -1 when none. */
int rt_take_int(const char **s);
/* Parses a 完成时限: "2024年7月底", "7月29日前", "2024年底", "2024-07-31",
 * or a word for "ongoing" (长期坚持: *ONGOING set, no date). YEAR fills a
 * missing year (0: none). False when S is not one. */
bool rt_deadline_parse(const char *s, int year, char out[11], bool *ongoing_word);
bool rt_is_deadline(const char *s);
/* A 测评方法 of the usual list (听取汇报, 查阅资料, 实地查看 …). */
bool rt_known_method(const char *s);
/* Ends like a unit name (局 办 委 会 …). */
bool rt_looks_like_unit(const char *s);
/* Units of D whose names contain NAME (without a leading 区), 、-separated,
 * or NULL: the suggestions for a name that is no unit. */
char *rt_candidates(const struct unitdir *d, const char *name);
#endif
