/* package.c — the inspection package (迎检材料): plans every entry from the
 * domain's typed listings (evidence per unit, ledger entries and their
 * files), names each safely and uniquely, writes index.html, and hands the
 * stored files to the zip writer by their paths in the blob store. */
#include "papers/package.h"

#include <assert.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unistd.h>

#include "domain/draws.h"
#include "domain/evidence.h"
#include "domain/ledger.h"
#include "domain/report.h"
#include "io/doc.h"
#include "io/zipw.h"
#include "papers/papers.h"
#include "store/blob.h"

/* ---- safe names ---- */

/* True for the bidirectional formatting characters (and the BOM) that
 * make a name read otherwise than it is. */
static bool invisible(uint32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* True when the N bytes at S are a device name of Windows. */
static bool reserved(const char *s, size_t n)
{
	static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (n == 3 && !strncasecmp(s, names[i], 3))
			return true;
	return n == 4 && (!strncasecmp(s, "COM", 3) || !strncasecmp(s, "LPT", 3)) && s[3] >= '1' && s[3] <= '9';
}

/* Removes trailing ASCII dots and spaces of B. */
static void trim_end(struct strbuf *b)
{
	while (b->len && (b->s[b->len - 1] == '.' || b->s[b->len - 1] == ' '))
		b->s[--b->len] = 0;
}

char *package_safe_name(const char *name, size_t n, size_t max)
{
	struct strbuf b = {0};
	const unsigned char *s = (const unsigned char *)name;
	bool bad_run = false;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c);
		if (!k) { /* not UTF-8: one "_" for a run of such bytes */
			if (!bad_run)
				sb_addc(&b, '_');
			bad_run = true;
			i++;
			continue;
		}
		bad_run = false;
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c < 0x80 && strchr("/\\<>:\"|?*", (int)c)))
			sb_addc(&b, '_');
		else if (c == '.' && b.len && b.s[b.len - 1] == '.')
			; /* ".." → "." */
		else if (c == '.' && !b.len)
			; /* no leading dot */
		else if (c == ' ' && !b.len)
			;
		else if (!invisible(c))
			sb_add(&b, (const char *)s + i, k);
		i += k;
	}
	trim_end(&b);
	if (max < 16)
		max = 16;
	if (b.len > max) {
		/* keep the extension: the last dot's part, when it is short */
		const char *dot = strrchr(sb_str(&b), '.');
		size_t ext = dot && dot != b.s && b.len - (size_t)(dot - b.s) <= 16 ? b.len - (size_t)(dot - b.s) : 0;
		size_t keep = max - ext;
		while (keep && ((unsigned char)b.s[keep] & 0xc0) == 0x80) /* a UTF-8 boundary */
			keep--;
		struct strbuf cut = {0};
		sb_add(&cut, b.s, keep);
		trim_end(&cut);
		if (ext)
			sb_add(&cut, b.s + b.len - ext, ext);
		sb_free(&b);
		b = cut;
	}
	if (!b.len || (b.s[0] == '.')) {
		struct strbuf named = {0};
		sb_adds(&named, "未命名");
		sb_adds(&named, sb_str(&b));
		sb_free(&b);
		b = named;
	}
	const char *dot = strchr(b.s, '.');
	if (reserved(b.s, dot ? (size_t)(dot - b.s) : b.len)) {
		char *t = xasprintf("_%s", b.s);
		sb_free(&b);
		return t;
	}
	return b.s;
}

/* ---- unique paths ---- */

struct package_names {
	char **slot; /* open addressing; keys ASCII lower-cased */
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

struct package_names *package_names_new(void)
{
	struct package_names *p = xcalloc(1, sizeof *p);
	p->cap = 64;
	p->slot = xcalloc(p->cap, sizeof *p->slot);
	return p;
}

void package_names_free(struct package_names *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->cap; i++)
		free(p->slot[i]);
	free(p->slot);
	free(p);
}

/* Takes KEY (owned) unless it is there: true when it was taken now. */
static bool names_take(struct package_names *p, char *key)
{
	if (2 * (p->n + 1) > p->cap) {
		struct package_names big = {.cap = 2 * p->cap};
		big.slot = xcalloc(big.cap, sizeof *big.slot);
		for (size_t i = 0; i < p->cap; i++)
			if (p->slot[i]) {
				size_t j = fnv(p->slot[i]) & (big.cap - 1);
				while (big.slot[j])
					j = (j + 1) & (big.cap - 1);
				big.slot[j] = p->slot[i];
			}
		free(p->slot);
		p->slot = big.slot, p->cap = big.cap;
	}
	size_t j = fnv(key) & (p->cap - 1);
	for (; p->slot[j]; j = (j + 1) & (p->cap - 1))
		if (!strcmp(p->slot[j], key)) {
			free(key);
			return false;
		}
	p->slot[j] = key;
	p->n++;
	return true;
}

char *package_names_claim(struct package_names *p, const char *folder, const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
	for (int k = 1;; k++) {
		char *path = k == 1 ? xasprintf("%s%s%s", folder, *folder ? "/" : "", name)
				    : xasprintf("%s%s%.*s（%d）%s", folder, *folder ? "/" : "", (int)stem, name, k, name + stem);
		char *key = xstrdup(path);
		for (char *q = key; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		if (names_take(p, key))
			return path;
		free(path);
	}
}

/* ---- the plan ---- */

enum { FROM_EVIDENCE, FROM_LEDGER, FROM_DOC, FROM_FINDING };

/* One entry of the zip, its path relative to the top folder. */
struct entry {
	char *path;     /* owned */
	char *src;      /* the stored file (owned), NULL for a document given as bytes */
	int from;       /* FROM_* */
	int unit, crit; /* unit index (-1 for a document), criterion index (-1: none in the rubric) */
	int64_t criterion_no;
	const char *name, *sha256, *type, *by, *at; /* borrowed from the listings */
	int64_t size;
	bool late;
	const struct ledger_entry *ledger; /* FROM_LEDGER */
	const struct package_doc *doc;     /* FROM_DOC */
	const struct draw_record *draw;    /* FROM_FINDING: the draw, the finding the file goes with */
	const struct drawn_finding *finding;
};

/* Everything one package_build holds while it runs. */
struct build {
	store *s;
	const struct campaign *c;
	const struct package_options *o;
	struct blob_store *bs;
	struct package_names *names;
	char *top;
	struct evidence_list *ev; /* per unit index */
	struct ledger_entry *entries;
	int nentries;
	struct ledger_file_row *files;
	int nfiles;
	char **unit_dir; /* each unit's folder name, unique among units */
	struct entry *e;
	int n, cap;
	/* the ledger entries of unit u: entries[by_unit[unit_at[u] … unit_at[u + 1])] */
	int *by_unit, *unit_at;
	struct package_doc index_pdf; /* its bytes owned */
	struct draw_record *draws;    /* the published draws, oldest first (their findings' photos) */
	int ndraws;
};

static struct entry *entry_new(struct build *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->e = xrealloc(b->e, (size_t)b->cap * sizeof *b->e);
	}
	struct entry *x = &b->e[b->n++];
	memset(x, 0, sizeof *x);
	x->unit = x->crit = -1;
	return x;
}

/* A safe name for the text S, at most MAX bytes. */
static char *safe(const char *s, size_t max)
{
	return package_safe_name(s, strlen(s), max);
}

/* N (1 … 99) in Chinese numerals: 一, 十, 十二, 二十三. */
static void chinese_number(int n, struct strbuf *out)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n < 1 || n > 99) {
		sb_addf(out, "%d", n);
		return;
	}
	if (n >= 20)
		sb_adds(out, d[n / 10]);
	if (n >= 10)
		sb_adds(out, "十");
	if (n % 10)
		sb_adds(out, d[n % 10]);
}

/* The criterion's text to its first clause (before "（得", "，", "。" …),
 * at most 24 characters: what its folder is called after its number. */
static char *short_text(const char *text)
{
	static const uint32_t stops[] = {0xff08, 0xff0c, 0x3002, 0xff1b, 0xff1a, 0x3001, ',', ';', ':', '('};
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	int chars = 0;
	while (i < n && chars < 24) {
		uint32_t c;
		size_t k = utf8_decode(p + i, n - i, &c);
		if (!k)
			break;
		bool stop = false;
		for (size_t j = 0; j < sizeof stops / sizeof *stops; j++)
			stop |= c == stops[j];
		if (stop)
			break;
		i += k, chars++;
	}
	return xstrndup(text, i);
}

/* The folder of criterion K: "一、项目/（一）指标/3 内容" (owned). */
static char *criterion_folder(const struct build *b, int k)
{
	const struct rubric *r = b->c->rubric;
	const struct rubric_criterion *cr = &r->criteria[k];
	const struct rubric_indicator *in = &r->indicators[cr->indicator];
	const struct rubric_item *it = &r->items[in->item];
	struct strbuf item = {0}, ind = {0}, crit = {0};
	chinese_number(in->item + 1, &item);
	sb_adds(&item, "、");
	sb_adds(&item, it->name);
	sb_adds(&ind, "（");
	chinese_number(cr->indicator - it->first + 1, &ind);
	sb_adds(&ind, "）");
	sb_adds(&ind, in->name);
	char *st = short_text(cr->text);
	sb_addf(&crit, "%d %s", cr->no, st);
	free(st);
	char *a = safe(sb_str(&item), 60), *i = safe(sb_str(&ind), 60), *c = safe(sb_str(&crit), 80);
	char *path = xasprintf("%s/%s/%s", a, i, c);
	free(a), free(i), free(c);
	sb_free(&item), sb_free(&ind), sb_free(&crit);
	return path;
}

/* The folder of ledger entry EN under PARENT: "2024-03-12 标题", unique. */
static char *ledger_folder(struct build *b, const char *parent, const struct ledger_entry *en)
{
	char *title = xasprintf("%s %s", en->day, en->title);
	char *name = safe(title, 60);
	char *path = package_names_claim(b->names, parent, name);
	free(title), free(name);
	return path;
}

/* Adds the stored file SHA256 as a planned entry at FOLDER/NAME. */
static int plan_file(struct build *b, const char *folder, const char *name, const char *sha256, int64_t size,
		     struct entry **out, struct kp_error *e)
{
	char *src;
	uint64_t len;
	struct kp_error why = {0};
	if (blob_open(b->bs, sha256, &src, &len, &why))
		return kp_fail(e, KP_EFAIL, "the stored file of \"%s\" (sha256 %s) cannot be read: %s", name, sha256,
			       why.msg);
	if ((int64_t)len != size) {
		free(src);
		return kp_fail(e, KP_EFAIL, "the stored file of \"%s\" (sha256 %s) is %llu bytes, not %lld", name,
			       sha256, (unsigned long long)len, (long long)size);
	}
	char *safe_name = safe(name, PACKAGE_NAME_MAX);
	struct entry *x = entry_new(b);
	x->path = package_names_claim(b->names, folder, safe_name);
	x->src = src;
	x->size = size;
	free(safe_name);
	*out = x;
	return 0;
}

/* The index of the first of B's ledger files (sorted by entry) of entry ID. */
static int files_of(const struct build *b, int64_t id)
{
	int lo = 0, hi = b->nfiles;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (b->files[mid].entry_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int by_entry(const void *a, const void *b)
{
	const struct ledger_file_row *x = a, *y = b;
	if (x->entry_id != y->entry_id)
		return (x->entry_id > y->entry_id) - (x->entry_id < y->entry_id);
	return (x->id > y->id) - (x->id < y->id);
}

/* Plans the evidence and ledger files of unit U for criterion K (K -1:
 * the evidence of criteria no longer in the rubric and the ledger entries
 * linked to none) under FOLDER. */
static int plan_unit(struct build *b, int u, int k, const char *folder, struct kp_error *e)
{
	const struct campaign *c = b->c;
	int no = k >= 0 ? c->rubric->criteria[k].no : 0;
	const struct evidence_list *l = &b->ev[u];
	for (int i = 0; i < l->n; i++) {
		const struct evidence_row *r = &l->row[i];
		if (r->withdrawn || (k >= 0 ? r->criterion != no : rubric_find(c->rubric, r->criterion) >= 0))
			continue;
		char *dir = k >= 0 ? xasprintf("%s/佐证材料", folder)
				   : xasprintf("其他材料（测评内容已不在测评表中）/第%d条/%s", r->criterion, folder);
		struct entry *x;
		int rc = plan_file(b, dir, r->file_name, r->sha256, r->size, &x, e);
		free(dir);
		if (rc)
			return rc;
		*x = (struct entry){.path = x->path, .src = x->src, .size = x->size, .from = FROM_EVIDENCE, .unit = u,
				    .crit = k, .criterion_no = r->criterion, .name = r->file_name, .sha256 = r->sha256,
				    .type = r->type, .by = r->uploaded_by, .at = r->uploaded_at, .late = r->late};
	}
	for (int i = b->unit_at[u]; i < b->unit_at[u + 1]; i++) {
		const struct ledger_entry *en = &b->entries[b->by_unit[i]];
		bool linked = false;
		for (int j = 0; j < en->ncriteria; j++)
			linked |= k >= 0 ? en->criteria[j] == no : rubric_find(c->rubric, en->criteria[j]) >= 0;
		if (k >= 0 ? !linked : linked)
			continue;
		char *dir = NULL;
		for (int f = files_of(b, en->id); f < b->nfiles && b->files[f].entry_id == en->id; f++) {
			const struct ledger_file_row *lf = &b->files[f];
			if (!dir) {
				char *parent = k >= 0 ? xasprintf("%s/台账", folder)
						      : xasprintf("其他台账（未关联测评内容）/%s", folder);
				dir = ledger_folder(b, parent, en);
				free(parent);
			}
			struct entry *x;
			if (plan_file(b, dir, lf->name, lf->sha256, lf->size, &x, e)) {
				free(dir);
				return e->code;
			}
			*x = (struct entry){.path = x->path, .src = x->src, .size = x->size, .from = FROM_LEDGER,
					    .unit = u, .crit = k, .criterion_no = no, .name = lf->name,
					    .sha256 = lf->sha256, .type = lf->type, .by = lf->uploaded_by,
					    .at = lf->uploaded_at, .ledger = en};
		}
		free(dir);
	}
	return 0;
}

/* The units in the package: O's one, or every unit. */
static int unit_first(const struct build *b)
{
	return b->o->unit >= 0 ? b->o->unit : 0;
}
static int unit_end(const struct build *b)
{
	return b->o->unit >= 0 ? b->o->unit + 1 : b->c->units.n;
}

static int plan_findings(struct build *b, struct kp_error *e);

/* Reads the listings and plans every file entry, criterion by criterion. */
static int plan(struct build *b, struct kp_error *e)
{
	const struct campaign *c = b->c;
	b->ev = xcalloc((size_t)c->units.n, sizeof *b->ev);
	for (int u = unit_first(b); u < unit_end(b); u++)
		if (evidence_list(b->s, c->units.ids[u], &b->ev[u], e))
			return e->code;
	if (ledger_load(b->s, c, b->o->unit, 0, &b->entries, &b->nentries, e) ||
	    ledger_files_list(b->s, c, b->o->unit, &b->files, &b->nfiles, e))
		return e->code;
	/* each unit's entries (in their order), each entry's files */
	if (b->nfiles)
		qsort(b->files, (size_t)b->nfiles, sizeof *b->files, by_entry);
	b->unit_at = xcalloc((size_t)c->units.n + 1, sizeof *b->unit_at);
	b->by_unit = xcalloc((size_t)b->nentries + 1, sizeof *b->by_unit);
	int *at = xcalloc((size_t)c->units.n + 1, sizeof *at);
	for (int i = 0; i < b->nentries; i++) {
		int u = unitdir_by_id(&c->units, b->entries[i].unit_id);
		assert(u >= 0);
		b->unit_at[u + 1]++;
	}
	for (int u = 0; u < c->units.n; u++)
		at[u + 1] = b->unit_at[u + 1] += b->unit_at[u];
	memcpy(at, b->unit_at, ((size_t)c->units.n + 1) * sizeof *at);
	for (int i = 0; i < b->nentries; i++)
		b->by_unit[at[unitdir_by_id(&c->units, b->entries[i].unit_id)]++] = i;
	free(at);
	/* unit folders: unique among the units once made safe */
	struct package_names *units = package_names_new();
	b->unit_dir = xcalloc((size_t)c->units.n, sizeof *b->unit_dir);
	for (int u = unit_first(b); u < unit_end(b); u++) {
		char *name = safe(c->units.names[u], 80);
		b->unit_dir[u] = package_names_claim(units, "", name);
		free(name);
	}
	package_names_free(units);
	/* the top level's names first: the index and the folders */
	free(package_names_claim(b->names, "", "index.html"));
	for (int k = 0; k < c->rubric->ncriteria; k++) {
		char *folder = criterion_folder(b, k);
		for (int u = unit_first(b); u < unit_end(b); u++) {
			char *dir = xasprintf("%s/%s", folder, b->unit_dir[u]);
			int rc = plan_unit(b, u, k, dir, e);
			free(dir);
			if (rc) {
				free(folder);
				return rc;
			}
		}
		free(folder);
	}
	for (int u = unit_first(b); u < unit_end(b); u++)
		if (plan_unit(b, u, -1, b->unit_dir[u], e))
			return e->code;
	return plan_findings(b, e);
}

/* Plans the files (photos) of the findings of every published spot-check
 * draw, for the package's units, under 随机抽查发现/第N次 标题/单位/: what a
 * unit's clerk may see too once a draw is published. */
static int plan_findings(struct build *b, struct kp_error *e)
{
	struct draw_list l = {0};
	if (draws_list(b->s, b->c, true, &l, e))
		return e->code;
	b->draws = xcalloc((size_t)l.n + 1, sizeof *b->draws);
	for (int i = l.n - 1; i >= 0 && !e->code; i--) { /* oldest first */
		struct draw_record *d = &b->draws[b->ndraws];
		if (draws_load(b->s, b->c, l.row[i].id, d, e))
			break;
		b->ndraws++;
		char *title = xasprintf("第%lld次 %s", (long long)d->id, d->title), *dir = safe(title, 80);
		for (int f = 0; f < d->nfindings && !e->code; f++) {
			const struct drawn_finding *x = &d->findings[f];
			int u = unitdir_by_id(&b->c->units, x->unit);
			if (u < unit_first(b) || u >= unit_end(b) || !x->nfiles)
				continue;
			char *folder = xasprintf("随机抽查发现/%s/%s", dir, b->unit_dir[u]);
			for (int k = 0; k < x->nfiles; k++) {
				const struct drawn_finding_file *ff = &x->files[k];
				struct entry *en;
				if (plan_file(b, folder, ff->name, ff->sha256, ff->size, &en, e))
					break;
				*en = (struct entry){.path = en->path, .src = en->src, .size = en->size, .from = FROM_FINDING,
						     .unit = u, .crit = -1, .criterion_no = x->criterion, .name = ff->name,
						     .sha256 = ff->sha256, .type = ff->type, .by = ff->by, .at = ff->at,
						     .draw = d, .finding = x};
			}
			free(folder);
		}
		free(title), free(dir);
	}
	draws_list_free(&l);
	return e->code;
}

/* The one place where generated documents (index.pdf, each unit's
 * 测评表.pdf: struct package_options' DOCS) join the package: each gets a
 * safe, unique path under the top folder and is listed in the index. */
static void plan_documents(struct build *b)
{
	for (int i = 0; i < b->o->ndocs; i++) {
		const struct package_doc *d = &b->o->docs[i];
		struct strbuf folder = {0};
		const char *p = d->path;
		for (const char *slash; (slash = strchr(p, '/')); p = slash + 1) {
			if (slash == p)
				continue;
			char *part = package_safe_name(p, (size_t)(slash - p), 80);
			if (folder.len)
				sb_addc(&folder, '/');
			sb_adds(&folder, part);
			free(part);
		}
		char *name = safe(p, PACKAGE_NAME_MAX);
		struct entry *x = entry_new(b);
		x->path = package_names_claim(b->names, sb_str(&folder), name);
		x->src = !d->bytes && d->file ? xstrdup(d->file) : NULL;
		x->from = FROM_DOC;
		x->doc = d;
		x->size = d->bytes ? (int64_t)d->len : -1;
		x->name = d->title ? d->title : p;
		free(name);
		sb_free(&folder);
	}
}

/* ---- index.html ---- */

static void esc(struct strbuf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': sb_adds(b, "&amp;"); break;
		case '<': sb_adds(b, "&lt;"); break;
		case '>': sb_adds(b, "&gt;"); break;
		case '"': sb_adds(b, "&quot;"); break;
		case '\'': sb_adds(b, "&#39;"); break;
		default: sb_addc(b, *s);
		}
}

/* PATH as a relative URL: each byte outside the unreserved set
 * percent-encoded, the "/" between parts kept. */
static void href(struct strbuf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			sb_addc(b, (char)*p);
		else
			sb_addf(b, "%%%02X", *p);
}

static void row(struct strbuf *h, const struct build *b, const struct entry *x)
{
	char at[24];
	time_shown(zone_offset(b->c->timezone), x->at, at);
	sb_adds(h, "<tr><td>");
	esc(h, b->c->units.names[x->unit]);
	sb_adds(h, "</td><td>");
	if (x->from == FROM_EVIDENCE) {
		sb_adds(h, "佐证材料");
	} else if (x->from == FROM_FINDING) {
		sb_adds(h, "检查发现");
		if (x->finding->criterion)
			sb_addf(h, "（测评内容 %d）", x->finding->criterion);
		sb_adds(h, "：");
		esc(h, x->finding->text);
	} else {
		sb_adds(h, "台账：");
		esc(h, x->ledger->day);
		sb_adds(h, " ");
		esc(h, x->ledger->kind);
		sb_adds(h, " ");
		esc(h, x->ledger->title);
	}
	sb_adds(h, "</td><td><a href=\"");
	href(h, x->path);
	sb_adds(h, "\">");
	esc(h, x->path);
	sb_adds(h, "</a>");
	if (strcmp(x->name, strrchr(x->path, '/') ? strrchr(x->path, '/') + 1 : x->path)) {
		sb_adds(h, "<br><small>原名：");
		esc(h, x->name);
		sb_adds(h, "</small>");
	}
	sb_addf(h, "</td><td class=\"n\">%lld</td><td class=\"h\">%s</td><td>", (long long)x->size, x->sha256);
	esc(h, x->by);
	sb_adds(h, "</td><td>");
	esc(h, at);
	sb_addf(h, "</td><td>%s</td></tr>\n", x->late ? "<span class=\"late\">逾期提交</span>" : "");
}

static const char TABLE_HEAD[] = "<table><thead><tr><th>单位</th><th>类别</th><th>文件（包内路径）</th>"
				 "<th>大小（字节）</th><th>SHA-256</th><th>上传人</th><th>上传时间</th><th>备注</th>"
				 "</tr></thead><tbody>\n";

/* Writes the table of the entries of criterion K (-1: those of no criterion
 * in the rubric, the ledger's when OTHER_LEDGER, else the evidence). */
static void rows_of(struct strbuf *h, const struct build *b, int k, bool other_ledger)
{
	bool open = false;
	for (int i = 0; i < b->n; i++) {
		const struct entry *x = &b->e[i];
		if (x->from == FROM_DOC || x->from == FROM_FINDING || x->crit != k ||
		    (k < 0 && (x->from == FROM_LEDGER) != other_ledger))
			continue;
		if (!open)
			sb_adds(h, TABLE_HEAD);
		open = true;
		row(h, b, x);
	}
	if (open)
		sb_adds(h, "</tbody></table>\n");
	else
		sb_adds(h, "<p class=\"none\">（无材料）</p>\n");
}

/* The photos of the published spot checks' findings, a table a draw. */
static void findings_html(struct strbuf *h, const struct build *b)
{
	bool any = false;
	for (int i = 0; i < b->n && !any; i++)
		any = b->e[i].from == FROM_FINDING;
	if (!any)
		return;
	sb_adds(h, "<h2>随机抽查发现（现场检查照片）</h2>\n");
	for (int d = 0; d < b->ndraws; d++) {
		bool open = false;
		for (int i = 0; i < b->n; i++) {
			const struct entry *x = &b->e[i];
			if (x->from != FROM_FINDING || x->draw != &b->draws[d])
				continue;
			if (!open) {
				sb_addf(h, "<h3>第%lld次 ", (long long)x->draw->id);
				esc(h, x->draw->title);
				sb_adds(h, "</h3>\n");
				sb_adds(h, TABLE_HEAD);
			}
			open = true;
			row(h, b, x);
		}
		if (open)
			sb_adds(h, "</tbody></table>\n");
	}
}

/* index.html: every entry with its path as a link, grouped as the folders
 * are, then the totals per unit. Owned by the caller. */
static char *index_html(struct build *b, int64_t now, size_t *len)
{
	const struct campaign *c = b->c;
	const struct rubric *r = c->rubric;
	struct strbuf h = {0};
	char made[24], iso[21];
	seconds_iso(now, iso);
	time_shown(zone_offset(c->timezone), iso, made);
	int64_t files = 0;
	uint64_t bytes = 0;
	for (int i = 0; i < b->n; i++)
		if (b->e[i].from != FROM_DOC)
			files++, bytes += (uint64_t)b->e[i].size;
	sb_adds(&h, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>");
	esc(&h, b->top);
	sb_adds(&h, "</title>\n<style>\nbody{font-family:\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;margin:1.5em;"
		    "color:#222}\ntable{border-collapse:collapse;margin:.5em 0 1em;font-size:90%}\nth,td{border:1px solid #bbb;"
		    "padding:.2em .4em;text-align:left;vertical-align:top}\nth{background:#eee}\ntd.n{text-align:right}\n"
		    "td.h{font-family:monospace;font-size:80%;word-break:break-all}\n.late{color:#b00;font-weight:bold}\n"
		    ".none{color:#777}\nh2{border-bottom:2px solid #b00;margin-top:1.5em}\nh4{margin-bottom:.2em}\n"
		    "@media print{a{color:inherit;text-decoration:none}}\n</style></head>\n<body>\n<h1>");
	esc(&h, c->title);
	sb_adds(&h, " · 迎检材料</h1>\n<p>");
	esc(&h, b->top);
	sb_addf(&h, "：共 %lld 个文件，%llu 字节；生成于 ", (long long)files, (unsigned long long)bytes);
	esc(&h, made);
	sb_adds(&h, "（");
	esc(&h, c->timezone);
	sb_adds(&h, " 时间，上传时间同）。点击文件路径打开包内文件；SHA-256 可用于核对文件未被改动。</p>\n");
	bool docs = false;
	for (int i = 0; i < b->n; i++) {
		const struct entry *x = &b->e[i];
		if (x->from != FROM_DOC)
			continue;
		if (!docs)
			sb_adds(&h, "<h2>生成的文件</h2>\n<ul>\n");
		docs = true;
		sb_adds(&h, "<li><a href=\"");
		href(&h, x->path);
		sb_adds(&h, "\">");
		esc(&h, x->name);
		sb_adds(&h, "</a></li>\n");
	}
	if (docs)
		sb_adds(&h, "</ul>\n");
	for (int it = 0; it < r->nitems; it++) {
		sb_adds(&h, "<h2>");
		chinese_number(it + 1, &h);
		sb_adds(&h, "、");
		esc(&h, r->items[it].name);
		sb_adds(&h, "</h2>\n");
		for (int in = r->items[it].first; in < r->items[it].first + r->items[it].count; in++) {
			sb_adds(&h, "<h3>（");
			chinese_number(in - r->items[it].first + 1, &h);
			sb_adds(&h, "）");
			esc(&h, r->indicators[in].name);
			sb_adds(&h, "</h3>\n");
			for (int k = r->indicators[in].first; k < r->indicators[in].first + r->indicators[in].count; k++) {
				sb_addf(&h, "<h4 id=\"c%d\">%d. ", r->criteria[k].no, r->criteria[k].no);
				esc(&h, r->criteria[k].text);
				sb_adds(&h, "</h4>\n");
				rows_of(&h, b, k, false);
			}
		}
	}
	bool other_ev = false, other_ledger = false;
	for (int i = 0; i < b->n; i++)
		if (b->e[i].from != FROM_DOC && b->e[i].from != FROM_FINDING && b->e[i].crit < 0)
			*(b->e[i].from == FROM_LEDGER ? &other_ledger : &other_ev) = true;
	if (other_ledger) {
		sb_adds(&h, "<h2>其他台账（未关联测评内容）</h2>\n");
		rows_of(&h, b, -1, true);
	}
	if (other_ev) {
		sb_adds(&h, "<h2>其他材料（测评内容已不在测评表中）</h2>\n");
		rows_of(&h, b, -1, false);
	}
	findings_html(&h, b);
	sb_adds(&h, "<h2>单位汇总</h2>\n<table><thead><tr><th>单位</th><th>文件数</th><th>字节</th>"
		    "<th>其中逾期提交</th></tr></thead><tbody>\n");
	int64_t *n = xcalloc((size_t)c->units.n, sizeof *n), *late = xcalloc((size_t)c->units.n, sizeof *late);
	uint64_t *size = xcalloc((size_t)c->units.n, sizeof *size);
	for (int i = 0; i < b->n; i++)
		if (b->e[i].from != FROM_DOC) {
			int u = b->e[i].unit;
			n[u]++, size[u] += (uint64_t)b->e[i].size, late[u] += b->e[i].late;
		}
	for (int u = unit_first(b); u < unit_end(b); u++) {
		sb_adds(&h, "<tr><td>");
		esc(&h, c->units.names[u]);
		sb_addf(&h, "</td><td class=\"n\">%lld</td><td class=\"n\">%llu</td><td class=\"n\">%lld</td></tr>\n",
			(long long)n[u], (unsigned long long)size[u], (long long)late[u]);
	}
	free(n), free(late), free(size);
	sb_addf(&h, "<tr><th>合计</th><th class=\"n\">%lld</th><th class=\"n\">%llu</th><th></th></tr>\n"
		    "</tbody></table>\n</body></html>\n", (long long)files, (unsigned long long)bytes);
	*len = h.len;
	return h.s;
}

/* ---- writing ---- */

char *package_top(const struct campaign *c, int u)
{
	if (u < 0)
		return xstrdup("迎检材料");
	char *name = xasprintf("迎检材料-%s", c->units.names[u]);
	char *top = safe(name, 100);
	free(name);
	return top;
}

/* Files that are compressed already (PDF, images, video, the zip-based
 * Office formats) are stored as they are; the old Office formats shrink. */
static bool worth_compressing(const char *type)
{
	return type && (!strcmp(type, "application/msword") || !strcmp(type, "application/vnd.ms-excel") ||
			!strcmp(type, "application/vnd.ms-powerpoint"));
}

static void build_free(struct build *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->e[i].path), free(b->e[i].src);
	free(b->e);
	if (b->ev)
		for (int u = 0; u < b->c->units.n; u++)
			evidence_list_free(&b->ev[u]);
	free(b->ev);
	if (b->unit_dir)
		for (int u = 0; u < b->c->units.n; u++)
			free(b->unit_dir[u]);
	free(b->unit_dir);
	free(b->unit_at), free(b->by_unit);
	ledger_entries_free(b->entries, b->nentries);
	free(b->entries);
	ledger_file_rows_free(b->files, b->nfiles);
	for (int i = 0; i < b->ndraws; i++)
		draws_free(&b->draws[i]);
	free(b->draws);
	package_names_free(b->names);
	blob_store_close(b->bs);
	free(b->top);
	free((void *)b->index_pdf.bytes);
}

/* index.pdf: index.html's listing as an A4 paper (landscape), a group
 * row for each criterion. */
static struct doc *index_doc(const struct build *b, const char *made)
{
	const struct campaign *c = b->c;
	struct doc *d = doc_new("迎检材料目录");
	d->landscape = true;
	doc_set_footer(d, c->title);
	struct doc_heading h = {.title = "迎检材料目录", .subtitle = b->top};
	doc_heading(d, &h);
	int64_t files = 0;
	uint64_t bytes = 0;
	for (int i = 0; i < b->n; i++)
		if (b->e[i].from != FROM_DOC)
			files++, bytes += (uint64_t)b->e[i].size;
	doc_para(d, doc_printf(d, "%s：共 %lld 个文件，%llu 字节；生成于 %s（%s 时间，上传时间同）。SHA-256 可用于核对文件未被改动。",
			       c->title, (long long)files, (unsigned long long)bytes, made, c->timezone),
		 false);
	static const struct doc_column cols[] = {
		{"单位", 6, true},  {"类别", 7, true},        {"文件（包内路径）", 20, true}, {"大小（字节）", 5, false},
		{"SHA-256", 11, true}, {"上传人", 4, true}, {"上传时间", 8, false},          {"备注", 4, false},
	};
	struct doc_table *t = doc_table(d, "迎检材料目录", cols, 8);
	int crit = -2;
	const struct draw_record *draw = NULL;
	for (int i = 0; i < b->n; i++) {
		const struct entry *x = &b->e[i];
		if (x->from == FROM_DOC)
			continue;
		if (x->from == FROM_FINDING && x->draw != draw) {
			draw = x->draw;
			crit = -3;
			doc_group(d, t, 2, doc_printf(d, "随机抽查发现：第%lld次 %s", (long long)draw->id, draw->title));
		} else if (x->from != FROM_FINDING && x->crit != crit) {
			crit = x->crit;
			if (crit >= 0)
				doc_group(d, t, 2, doc_printf(d, "测评内容 %d：%s", c->rubric->criteria[crit].no,
							     c->rubric->criteria[crit].text));
			else
				doc_group(d, t, 2, "其他台账（未关联测评内容）");
		}
		char at[24];
		time_shown(zone_offset(c->timezone), x->at, at);
		struct doc_cell cells[] = {
			{CELL_TEXT, c->units.names[x->unit], 0, FILL_NONE, 0},
			{CELL_TEXT, x->from == FROM_EVIDENCE ? "佐证材料"
				    : x->from == FROM_FINDING ? doc_printf(d, "检查发现：%s", x->finding->text)
							      : doc_printf(d, "台账：%s %s %s", x->ledger->day, x->ledger->kind,
									   x->ledger->title),
			 0, FILL_NONE, 0},
			{CELL_TEXT, x->path, 0, FILL_NONE, 0},
			{CELL_INT, NULL, x->size, FILL_NONE, 0},
			{CELL_TEXT, x->sha256, 0, FILL_NONE, 0},
			{CELL_TEXT, x->by, 0, FILL_NONE, 0},
			{CELL_TEXT, at, 0, FILL_NONE, 0},
			{CELL_TEXT, x->late ? "逾期提交" : "", 0, x->late ? FILL_RED : FILL_NONE, 0},
		};
		doc_row(d, t, cells);
	}
	return d;
}

/* Renders index.pdf into B->index_pdf and plans it as a generated document. */
static int plan_index_pdf(struct build *b, int64_t now, struct kp_error *e)
{
	char made[24], iso[21];
	seconds_iso(now, iso);
	time_shown(zone_offset(b->c->timezone), iso, made);
	struct doc *d = index_doc(b, made);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = f ? doc_write_pdf(d, f, e) : kp_fail(e, KP_EFAIL, "index.pdf: out of memory");
	if (f)
		fclose(f);
	doc_free(d);
	if (rc) {
		free(buf);
		return rc;
	}
	b->index_pdf = (struct package_doc){.path = "index.pdf", .title = "目录（PDF，可打印）", .bytes = buf, .len = len};
	struct entry *x = entry_new(b);
	x->path = package_names_claim(b->names, "", "index.pdf");
	x->from = FROM_DOC;
	x->doc = &b->index_pdf;
	x->size = (int64_t)len;
	x->name = b->index_pdf.title;
	return 0;
}

static int build_package(store *s, const struct campaign *c, const struct package_options *o, const char *path,
			 struct package_summary *sum, struct kp_error *e);

/* The units' 测评表, one paper at a time (doc_write_pdf_papers). */
struct sheet_feed {
	store *s;
	const struct campaign *c;
	const struct paper_office *off;
	struct report_options ro;
	int u, to;
};

static struct doc *next_sheet(void *arg, struct kp_error *e)
{
	struct sheet_feed *f = arg;
	struct report_sheet sh;
	if (f->u >= f->to || report_sheet_load(f->s, f->c, f->u, &f->ro, &sh, e))
		return NULL;
	f->u++;
	struct doc *d = papers_unit_sheet(f->c, &sh, &f->ro, f->off);
	report_sheet_free(&sh);
	return d;
}

/* The 测评表 as one PDF in DIR: unit O->unit's, or every unit's, one
 * after the other, drawn a unit at a time (the fonts embedded once, memory
 * one sheet's: a province's package stays quick and small); its doc
 * appended to *DOCS (N of them). */
static int sheets_render(store *s, const struct campaign *c, const struct package_options *o, const char *dir,
			 struct package_doc **docs, int *n, struct kp_error *e)
{
	struct paper_office off;
	if (papers_office_load(s, c, &off, e))
		return e->code;
	struct sheet_feed feed = {s, c, &off, {.kind = SCORE_ASSESSOR}, o->unit >= 0 ? o->unit : 0,
				  o->unit >= 0 ? o->unit + 1 : c->units.n};
	char *file = xasprintf("%s/sheets.pdf", dir);
	FILE *f = fopen(file, "wb");
	if (!f) {
		kp_fail(e, KP_EFAIL, "%s: cannot write", file);
	} else {
		int rc = doc_write_pdf_papers(next_sheet, &feed, o->unit >= 0 ? "测评表" : "各单位测评表", off.office, f, e);
		if (fclose(f) != 0 && !rc)
			kp_fail(e, KP_EFAIL, "%s: cannot write", file);
	}
	papers_office_free(&off);
	*docs = xrealloc(*docs, (size_t)(*n + 1) * sizeof **docs);
	(*docs)[(*n)++] = (struct package_doc){
		.path = o->unit >= 0 ? xasprintf("%s测评表.pdf", c->units.names[o->unit]) : xstrdup("各单位测评表.pdf"),
		.title = o->unit >= 0 ? xasprintf("%s测评表", c->units.names[o->unit]) : xstrdup("各单位测评表（每单位一份）"),
		.file = file,
	};
	return e->code;
}

int package_build(store *s, const struct campaign *c, const struct package_options *o, const char *path,
		  struct package_summary *sum, struct kp_error *e)
{
	if (!o->sheets)
		return build_package(s, c, o, path, sum, e);
	char *dir = xasprintf("%s.sheets.XXXXXX", path);
	if (!mkdtemp(dir)) {
		kp_fail(e, KP_EFAIL, "%s: cannot make a folder for the score sheets", dir);
		free(dir);
		return e->code;
	}
	struct package_doc *docs = xcalloc((size_t)o->ndocs + 1, sizeof *docs);
	int n = o->ndocs;
	for (int i = 0; i < o->ndocs; i++)
		docs[i] = o->docs[i];
	if (!sheets_render(s, c, o, dir, &docs, &n, e)) {
		struct package_options with = *o;
		with.docs = docs;
		with.ndocs = n;
		with.sheets = false;
		build_package(s, c, &with, path, sum, e);
	}
	for (int i = o->ndocs; i < n; i++) {
		unlink(docs[i].file);
		free((char *)docs[i].path), free((char *)docs[i].title), free((char *)docs[i].file);
	}
	free(docs);
	rmdir(dir);
	free(dir);
	return e->code;
}

static int build_package(store *s, const struct campaign *c, const struct package_options *o, const char *path,
			 struct package_summary *sum, struct kp_error *e)
{
	struct build b = {.s = s, .c = c, .o = o, .names = package_names_new()};
	struct zipw *z = NULL;
	int64_t now = o->now ? o->now : now_unix();
	if (sum)
		*sum = (struct package_summary){0};
	b.top = o->top ? safe(o->top, 100) : package_top(c, o->unit);
	if (blob_store_open(store_path(s), &b.bs, e) || plan(&b, e))
		goto out;
	plan_documents(&b);
	if (plan_index_pdf(&b, now, e))
		goto out;
	size_t len;
	char *index = index_html(&b, now, &len);
	char *name = xasprintf("%s/index.html", b.top);
	int rc = zipw_open(path, &z, e) || zipw_add_data(z, name, index, len, true, (time_t)now, true, e);
	free(name);
	if (rc)
		goto out;
	for (int i = 0; i < b.n; i++) {
		const struct entry *x = &b.e[i];
		char *zname = xasprintf("%s/%s", b.top, x->path);
		if (x->from == FROM_DOC && !x->src)
			rc = zipw_add_data(z, zname, (void *)x->doc->bytes, x->doc->len, false, (time_t)now, true, e);
		else
			rc = zipw_add_file(z, zname, x->src,
					   x->from == FROM_DOC || iso_seconds(x->at) < 0 ? (time_t)now
										       : (time_t)iso_seconds(x->at),
					   x->from == FROM_DOC || worth_compressing(x->type), e);
		free(zname);
		if (rc)
			goto out;
		if (sum && x->from != FROM_DOC)
			sum->files++, sum->bytes += (uint64_t)x->size;
	}
	if (sum) {
		sum->entries = zipw_entries(z);
		for (int u = unit_first(&b); u < unit_end(&b); u++)
			for (int i = 0; i < b.n; i++)
				if (b.e[i].from != FROM_DOC && b.e[i].unit == u) {
					sum->units++;
					break;
				}
	}
	rc = zipw_close(z, e);
	z = NULL;
out:
	zipw_discard(z);
	build_free(&b);
	return e->code;
}
