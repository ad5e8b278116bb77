/* htmlcheck.c — the strict HTML well-formedness checker of the test suite
 * (see htmlcheck.h). A single pass over the bytes with a stack of open
 * elements; it stops at the first problem. */
#include "htmlcheck.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

#define MAX_DEPTH 256
#define MAX_IDS 4096

static const char *const void_elements[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
					     "link", "meta", "source", "track", "wbr", NULL};

struct open {
	char name[32];
	int line;
};

struct checker {
	const char *doc, *p, *end;
	struct html_problem *out;
	struct open stack[MAX_DEPTH];
	int depth;
	char *ids[MAX_IDS];
	int nids;
	int html, head, body, title;
	bool failed;
};

static bool is_void(const char *name)
{
	for (int i = 0; void_elements[i]; i++)
		if (!strcmp(name, void_elements[i]))
			return true;
	return false;
}

/* Records the first problem, at byte AT. */
__attribute__((format(printf, 3, 4))) static int fail(struct checker *c, const char *at, const char *fmt, ...)
{
	if (c->failed)
		return -1;
	c->failed = true;
	int line = 1, col = 1;
	for (const char *q = c->doc; q < at && q < c->end; q++) {
		if (*q == '\n')
			line++, col = 1;
		else
			col++;
	}
	c->out->line = line, c->out->col = col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->out->reason, sizeof c->out->reason, fmt, ap);
	va_end(ap);
	return -1;
}

/* A character reference at P (just after '&'): its length up to and with
 * the ';', or 0 when it is not one. */
static size_t reference(const char *p, const char *end)
{
	const char *q = p;
	if (q < end && *q == '#') {
		q++;
		bool hex = q < end && (*q == 'x' || *q == 'X');
		if (hex)
			q++;
		const char *digits = q;
		while (q < end && (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q)))
			q++;
		if (q == digits)
			return 0;
	} else {
		const char *name = q;
		while (q < end && isalnum((unsigned char)*q))
			q++;
		if (q == name)
			return 0;
	}
	return q < end && *q == ';' ? (size_t)(q - p + 1) : 0;
}

/* Checks text (or an attribute value) from P to E for raw '<' (text only)
 * and bare '&'. */
static int text(struct checker *c, const char *p, const char *e, bool attribute)
{
	for (const char *q = p; q < e; q++) {
		if (*q == '&' && !reference(q + 1, e))
			return fail(c, q, "a bare & (write &amp;)");
		if (*q == '<' && !attribute)
			return fail(c, q, "a raw < in text (write &lt;)");
	}
	return 0;
}

static int add_id(struct checker *c, const char *at, const char *v, size_t n)
{
	if (n == 0)
		return fail(c, at, "an empty id");
	for (int i = 0; i < c->nids; i++)
		if (strlen(c->ids[i]) == n && !memcmp(c->ids[i], v, n))
			return fail(c, at, "id \"%.*s\" is used twice", (int)n, v);
	if (c->nids == MAX_IDS)
		return fail(c, at, "more than %d ids", MAX_IDS);
	c->ids[c->nids++] = xstrndup(v, n);
	return 0;
}

/* Reads the attributes of a start tag from c->p up to '>' or "/>". */
static int attributes(struct checker *c, const char *tag_at, bool *self_closing)
{
	char seen[64][32];
	int nseen = 0;
	*self_closing = false;
	for (;;) {
		const char *q = c->p;
		while (q < c->end && isspace((unsigned char)*q))
			q++;
		bool spaced = q > c->p;
		c->p = q;
		if (q >= c->end)
			return fail(c, tag_at, "the tag is not closed with >");
		if (*q == '>') {
			c->p = q + 1;
			return 0;
		}
		if (*q == '/') {
			if (q + 1 < c->end && q[1] == '>') {
				*self_closing = true;
				c->p = q + 2;
				return 0;
			}
			return fail(c, q, "a stray / in a tag");
		}
		if (!spaced)
			return fail(c, q, "attributes must be separated by spaces");
		const char *name = q;
		while (q < c->end && !isspace((unsigned char)*q) && !strchr("\"'>/=<`", *q))
			q++;
		if (q == name)
			return fail(c, q, "a stray %c in a tag", *q);
		size_t nlen = (size_t)(q - name);
		if (nlen >= sizeof seen[0])
			return fail(c, name, "an attribute name too long");
		char lname[32];
		for (size_t i = 0; i < nlen; i++)
			lname[i] = (char)tolower((unsigned char)name[i]);
		lname[nlen] = '\0';
		for (int i = 0; i < nseen; i++)
			if (!strcmp(seen[i], lname))
				return fail(c, name, "attribute %s given twice", lname);
		if (nseen < 64)
			strcpy(seen[nseen++], lname);
		const char *v = NULL, *ve = NULL;
		if (q < c->end && *q == '=') {
			q++;
			if (q < c->end && (*q == '"' || *q == '\'')) {
				char quote = *q++;
				v = q;
				while (q < c->end && *q != quote)
					q++;
				if (q >= c->end)
					return fail(c, v - 1, "attribute %s: the quote is not closed", lname);
				ve = q++;
			} else {
				v = q;
				while (q < c->end && !isspace((unsigned char)*q) && *q != '>')
					q++;
				ve = q;
				if (v == ve)
					return fail(c, v, "attribute %s has = but no value", lname);
				for (const char *k = v; k < ve; k++)
					if (strchr("\"'=<`", *k))
						return fail(c, k, "attribute %s: unquoted value with %c", lname, *k);
			}
			if (text(c, v, ve, true))
				return -1;
		}
		if (!strcmp(lname, "id") && add_id(c, name, v ? v : "", v ? (size_t)(ve - v) : 0))
			return -1;
		c->p = q;
	}
}

/* The element name at c->p (lower-cased into NAME); 0 or -1. */
static int element_name(struct checker *c, char name[32])
{
	const char *q = c->p;
	size_t n = 0;
	if (q >= c->end || !isalpha((unsigned char)*q))
		return fail(c, q, "a < that starts no tag (write &lt;)");
	while (q < c->end && isalnum((unsigned char)*q)) {
		if (n == 31)
			return fail(c, c->p, "an element name too long");
		name[n++] = (char)tolower((unsigned char)*q++);
	}
	name[n] = '\0';
	c->p = q;
	return 0;
}

/* Whether an <svg> is open: its content is foreign (SVG) content. */
static bool in_svg(const struct checker *c)
{
	for (int i = 0; i < c->depth; i++)
		if (!strcmp(c->stack[i].name, "svg"))
			return true;
	return false;
}

static int start_tag(struct checker *c, const char *at)
{
	char name[32];
	bool self_closing;
	if (element_name(c, name) || attributes(c, at, &self_closing))
		return -1;
	bool v = is_void(name);
	if (c->html && !c->depth)
		return fail(c, at, "<%s> after </html>", name);
	/* Inside <svg> (inline SVG, as HTML parses it: foreign content) an
	 * element may close itself (<rect/>) and <title> is the SVG's own
	 * accessible name, ordinary content, not the page's title. */
	if (in_svg(c)) {
		if (!strcmp(name, "svg"))
			return fail(c, at, "an <svg> inside an <svg>");
		if (self_closing)
			return 0;
		if (c->depth == MAX_DEPTH)
			return fail(c, at, "elements nested deeper than %d", MAX_DEPTH);
		struct open *o = &c->stack[c->depth++];
		snprintf(o->name, sizeof o->name, "%s", name);
		o->line = 1;
		for (const char *q = c->doc; q < at; q++)
			o->line += *q == '\n';
		return 0;
	}
	if (self_closing && !v)
		return fail(c, at, "<%s/> is not a void element: close it with </%s>", name, name);
	if (!strcmp(name, "html"))
		c->html++;
	else if (!strcmp(name, "head"))
		c->head++;
	else if (!strcmp(name, "body"))
		c->body++;
	else if (!strcmp(name, "title")) {
		c->title++;
		if (!c->depth || strcmp(c->stack[c->depth - 1].name, "head"))
			return fail(c, at, "<title> outside <head>");
	}
	if (c->html > 1 || c->head > 1 || c->body > 1 || c->title > 1)
		return fail(c, at, "a second <%s>", name);
	if (strcmp(name, "html") && !c->html)
		return fail(c, at, "<%s> before <html>", name);
	if (v)
		return 0;
	if (c->depth == MAX_DEPTH)
		return fail(c, at, "elements nested deeper than %d", MAX_DEPTH);
	struct open *o = &c->stack[c->depth++];
	snprintf(o->name, sizeof o->name, "%s", name);
	o->line = 1;
	for (const char *q = c->doc; q < at; q++)
		o->line += *q == '\n';
	if (!strcmp(name, "script") || !strcmp(name, "style") || !strcmp(name, "textarea") ||
	    !strcmp(name, "title")) {
		/* raw text up to the matching end tag */
		char close[40];
		int n = snprintf(close, sizeof close, "</%s", name);
		const char *q = c->p;
		while (q + n <= c->end && strncasecmp(q, close, (size_t)n))
			q++;
		if (q + n > c->end)
			return fail(c, at, "<%s> is never closed", name);
		if ((!strcmp(name, "textarea") || !strcmp(name, "title")) && text(c, c->p, q, false))
			return -1;
		c->p = q;
	}
	return 0;
}

static int end_tag(struct checker *c, const char *at)
{
	char name[32];
	if (element_name(c, name))
		return -1;
	while (c->p < c->end && isspace((unsigned char)*c->p))
		c->p++;
	if (c->p >= c->end || *c->p != '>')
		return fail(c, at, "</%s must end with >", name);
	c->p++;
	if (is_void(name))
		return fail(c, at, "</%s>: %s is a void element and takes no end tag", name, name);
	if (!c->depth)
		return fail(c, at, "</%s> closes nothing", name);
	struct open *o = &c->stack[c->depth - 1];
	if (strcmp(o->name, name))
		return fail(c, at, "</%s> where <%s> of line %d is still open", name, o->name, o->line);
	c->depth--;
	return 0;
}

int html_check(const char *doc, size_t len, struct html_problem *p)
{
	struct checker c = {.doc = doc, .p = doc, .end = doc + len, .out = p};
	memset(p, 0, sizeof *p);
	int rc = 0;
	if (!utf8_valid(doc, len)) {
		const char *q = doc;
		while (q < c.end && (unsigned char)*q < 0x80)
			q++;
		rc = fail(&c, q, "the text is not valid UTF-8");
		goto out;
	}
	while (c.p < c.end && isspace((unsigned char)*c.p))
		c.p++;
	if ((size_t)(c.end - c.p) < 15 || strncasecmp(c.p, "<!DOCTYPE html>", 15)) {
		rc = fail(&c, c.p, "the page does not start with <!DOCTYPE html>");
		goto out;
	}
	c.p += 15;
	while (c.p < c.end && !c.failed) {
		const char *lt = memchr(c.p, '<', (size_t)(c.end - c.p));
		const char *stop = lt ? lt : c.end;
		if (text(&c, c.p, stop, false))
			break;
		if (c.depth == 0 && c.html && stop > c.p) {
			for (const char *q = c.p; q < stop; q++)
				if (!isspace((unsigned char)*q)) {
					fail(&c, q, "text after </html>");
					break;
				}
		}
		if (!lt) {
			c.p = c.end;
			break;
		}
		c.p = lt + 1;
		if (c.p + 3 <= c.end && !memcmp(c.p, "!--", 3)) {
			const char *e = c.p + 3;
			while (e + 3 <= c.end && memcmp(e, "-->", 3))
				e++;
			if (e + 3 > c.end) {
				fail(&c, lt, "a comment is never closed");
				break;
			}
			c.p = e + 3;
		} else if (c.p < c.end && *c.p == '/') {
			c.p++;
			end_tag(&c, lt);
		} else if (c.p < c.end && *c.p == '!') {
			fail(&c, lt, "a second <!DOCTYPE> or a stray <!");
		} else {
			start_tag(&c, lt);
		}
	}
	if (!c.failed && c.depth)
		fail(&c, c.end, "<%s> of line %d is never closed", c.stack[c.depth - 1].name, c.stack[c.depth - 1].line);
	if (!c.failed && (!c.html || !c.head || !c.body || !c.title))
		fail(&c, c.end, "the page lacks <%s>", !c.html ? "html" : !c.head ? "head" : !c.body ? "body" : "title");
	rc = c.failed ? -1 : 0;
out:
	for (int i = 0; i < c.nids; i++)
		free(c.ids[i]);
	return rc;
}
