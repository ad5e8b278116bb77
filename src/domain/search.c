/* search.c — the search box's queries: units and criteria from the loaded
 * campaign, ledger entries, file names and cases from the store (prepared
 * statements, LIKE with the words' wildcards escaped), scoped to a unit. */
#include "domain/search.h"

#include <stdlib.h>
#include <string.h>

#include "store/sql.h"

/* The words of Q (split at ASCII and ideographic spaces), each a new
 * string, into WORDS (at most MAX); returns how many. */
static int split_words(const char *q, char **words, int max)
{
	int n = 0;
	const char *p = q;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || !strncmp(p, "\xe3\x80\x80", 3))
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\xe3\x80\x80", 3))
			p++;
		if (p > start)
			words[n++] = xstrndup(start, (size_t)(p - start));
	}
	return n;
}

/* Does TEXT hold the N words, in that order? */
static bool words_in(const char *text, char **words, int n)
{
	const char *p = text ? text : "";
	for (int i = 0; i < n; i++) {
		p = strstr(p, words[i]);
		if (!p)
			return false;
		p += strlen(words[i]);
	}
	return true;
}

/* The LIKE pattern "%w1%w2%" of the N words, with % _ and \ escaped. */
static char *like_pattern(char **words, int n)
{
	struct strbuf b = {0};
	sb_addc(&b, '%');
	for (int i = 0; i < n; i++) {
		for (const char *p = words[i]; *p; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				sb_addc(&b, '\\');
			sb_addc(&b, *p);
		}
		sb_addc(&b, '%');
	}
	return b.s;
}

static struct search_hit *add_hit(struct search_results *r, enum search_kind kind, int *cap)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r->hit = xrealloc(r->hit, (size_t)*cap * sizeof *r->hit);
	}
	struct search_hit *h = &r->hit[r->n++];
	memset(h, 0, sizeof *h);
	h->kind = kind;
	h->unit = -1;
	return h;
}

/* The index of unit store id ID in C, or -1. */
static int unit_index(const struct campaign *c, int64_t id)
{
	for (int i = 0; i < c->units.n; i++)
		if (c->units.ids[i] == id)
			return i;
	return -1;
}

/* Runs search statement SQL (columns: id, unit id, a third, text) and
 * adds its rows as hits of KIND. */
static int search_sql(store *s, const struct campaign *c, int sql, enum search_kind kind, int only_unit,
		      const char *pattern, struct search_results *r, int *cap, struct kp_error *e)
{
	store_stmt *st = store_sql(s, sql);
	st_bind_int(st, 1, c->id);
	st_bind_int(st, 2, only_unit >= 0 ? c->units.ids[only_unit] : 0);
	st_bind_text(st, 3, pattern);
	st_bind_int(st, 4, SEARCH_LIMIT + 1);
	int rc, got = 0;
	while ((rc = st_step(st, e)) == 1) {
		int u = unit_index(c, st_int(st, 1));
		if (u < 0)
			continue;
		if (++got > SEARCH_LIMIT) {
			r->more[kind] = true;
			continue;
		}
		struct search_hit *h = add_hit(r, kind, cap);
		h->id = st_int(st, 0);
		h->unit = u;
		switch (kind) {
		case SEARCH_LEDGER: snprintf(h->day, sizeof h->day, "%s", st_text(st, 2)); break;
		case SEARCH_EVIDENCE: h->no = (int)st_int(st, 2); break;
		case SEARCH_LEDGER_FILE: h->parent = st_int(st, 2); break;
		case SEARCH_CASE: h->state = (int)st_int(st, 3); break;
		default: break;
		}
		h->text = xstrdup(st_text(st, kind == SEARCH_CASE ? 2 : 3));
	}
	st_reset(st);
	return rc < 0 ? e->code : 0;
}

int search_run(store *s, const struct campaign *c, const char *q, int only_unit, struct search_results *r,
	       struct kp_error *e)
{
	memset(r, 0, sizeof *r);
	char *words[8];
	int nw = split_words(q ? q : "", words, 8), cap = 0;
	if (!nw)
		return 0;
	/* units: name or alias */
	int got = 0;
	for (int u = 0; u < c->units.n; u++) {
		if (only_unit >= 0 && u != only_unit)
			continue;
		bool hit = words_in(c->units.names[u], words, nw);
		for (int a = 0; !hit && c->units.aliases && c->units.aliases[u] && c->units.aliases[u][a]; a++)
			hit = words_in(c->units.aliases[u][a], words, nw);
		if (hit && ++got <= SEARCH_LIMIT)
			add_hit(r, SEARCH_UNIT, &cap)->unit = u;
	}
	r->more[SEARCH_UNIT] = got > SEARCH_LIMIT;
	/* criteria: the 序号, or the text */
	int no = nw == 1 && strspn(words[0], "0123456789") == strlen(words[0]) && strlen(words[0]) < 6 ? atoi(words[0]) : -1;
	got = 0;
	for (int k = 0; c->rubric && k < c->rubric->ncriteria; k++) {
		const struct rubric_criterion *cr = &c->rubric->criteria[k];
		if (only_unit >= 0 && !rubric_applies(c->rubric, k, only_unit))
			continue;
		if (cr->no != no && !words_in(cr->text, words, nw))
			continue;
		if (++got > SEARCH_LIMIT)
			continue;
		struct search_hit *h = add_hit(r, SEARCH_CRITERION, &cap);
		h->no = cr->no;
		h->unit = only_unit;
		h->text = xstrdup(cr->text);
	}
	r->more[SEARCH_CRITERION] = got > SEARCH_LIMIT;
	char *pattern = like_pattern(words, nw);
	int rc = search_sql(s, c, SQL_SEARCH_LEDGER, SEARCH_LEDGER, only_unit, pattern, r, &cap, e) ||
		 search_sql(s, c, SQL_SEARCH_EVIDENCE, SEARCH_EVIDENCE, only_unit, pattern, r, &cap, e) ||
		 search_sql(s, c, SQL_SEARCH_LEDGER_FILE, SEARCH_LEDGER_FILE, only_unit, pattern, r, &cap, e) ||
		 search_sql(s, c, SQL_SEARCH_CASE, SEARCH_CASE, only_unit, pattern, r, &cap, e);
	free(pattern);
	for (int i = 0; i < nw; i++)
		free(words[i]);
	if (rc)
		search_results_free(r);
	return rc ? e->code : 0;
}

void search_results_free(struct search_results *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->hit[i].text);
	free(r->hit);
	memset(r, 0, sizeof *r);
}
