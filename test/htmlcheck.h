/* htmlcheck.h — a strict well-formedness checker for the HTML kaoping
 * renders, for the test suite: what a page must be before a browser's
 * error recovery is needed. Stricter than HTML5 allows on purpose. */
#ifndef KAOPING_HTMLCHECK_H
#define KAOPING_HTMLCHECK_H
#include <stddef.h>

/* Where the first problem is, and what it is. */
struct html_problem {
	int line, col;   /* 1-based, in bytes */
	char reason[200];
};

/* Checks the LEN bytes at DOC: valid UTF-8; <!DOCTYPE html> first; one
 * <html>, <head>, <title> (in the head) and <body>; every element but the
 * void ones (br, img, input, meta, link, hr, …) closed explicitly and in
 * order; void elements never closed; attributes well formed (quoted, or
 * unquoted without spaces, quotes, =, <, > or `), none twice in a tag; no
 * id used twice; every & starting a character reference (&amp; &#38;
 * &#x26;); no raw < in text. Inline <svg> (not nested) is foreign content:
 * in it an element may close itself (<rect/>) and <title> is the SVG's,
 * checked as text; the rest holds there too. Returns 0, or -1 with *P
 * describing the first problem found. */
int html_check(const char *doc, size_t len, struct html_problem *p);
#endif
