/* package.h — the inspection package (迎检材料): every live piece of
 * evidence and every ledger file of the campaign (or of one unit) in one
 * zip, arranged 测评项目 → 测评指标 → 测评内容 → 单位 → file under the
 * files' original names made safe, then the photos of the published
 * spot checks' findings under 随机抽查发现/ (a draw → unit → file), with an
 * index.html that opens offline.
 * File contents are streamed from the blob store when the zip is written,
 * never held in memory. */
#ifndef KAOPING_PACKAGE_H
#define KAOPING_PACKAGE_H
#include <stddef.h>
#include <stdint.h>

#include "domain/campaign.h"
#include "store/store.h"

/* A document made elsewhere (the index as PDF, a unit's 测评表 as PDF) to
 * put in the package beside the files: given as bytes or as a file. */
struct package_doc {
	/* where it goes, inside the package's top folder, "/" between the
	 * folders: "index.pdf", "测评表/区审计局 测评表.pdf" (each part is made
	 * safe, and a name already taken gets "（2）") */
	const char *path;
	const char *title; /* what the index calls it (NULL: its name) */
	/* the content: LEN bytes at BYTES (copied), or, when BYTES is NULL,
	 * the file FILE, read only while the zip is written (it must stay in
	 * place until package_build returns; the caller removes it after) */
	const void *bytes;
	size_t len;
	const char *file;
};

/* What to put in a package. Zero-initialise, then set UNIT. */
struct package_options {
	int unit;         /* the one unit (index into the campaign's units), -1: every unit */
	const char *top;  /* the top folder; NULL: package_top's */
	/* the generated documents to add (index.pdf, score sheets), NDOCS of
	 * them; listed in index.html under 生成的文件 */
	const struct package_doc *docs;
	int ndocs;
	int64_t now;      /* when it is made (Unix seconds; 0: now) */
	/* the 测评表 as a PDF: the unit's, or every unit's one after the other
	 * in 各单位测评表.pdf (rendered into a folder
	 * beside PATH while the zip is written, removed after), with the
	 * scores a report counts (struct report_options: submitted and final) */
	bool sheets;
};

/* What a package holds. */
struct package_summary {
	int64_t files;  /* evidence, ledger and spot-check finding files placed (a ledger file linked to two
			 * criteria counts twice) */
	uint64_t bytes; /* their bytes */
	int units;      /* units with at least one file */
	int64_t entries; /* zip entries, index.html and generated documents included */
};

/* The package's top folder for unit U (-1: every unit), "迎检材料" or
 * "迎检材料-区审计局"; also the download's name without ".zip". Caller frees. */
char *package_top(const struct campaign *c, int u);

/* Writes the package O asks for to PATH, with index.html and the same
 * listing as an A4 paper, index.pdf (replaced when the zip is
 * complete; nothing is left at PATH on an error). *SUM (may be NULL) says
 * what it holds. Reads evidence and ledger listings from S (the caller may
 * hold a read snapshot), the files through the blob store. KP_EFAIL naming
 * what could not be read or written (a stored file missing, a full disk),
 * a store error's code otherwise. */
int package_build(store *s, const struct campaign *c, const struct package_options *o, const char *path,
		  struct package_summary *sum, struct kp_error *e);

/* ---- names (exposed for the tests) ---- */

/* Longest file or folder name made by package_safe_name, in bytes. */
#define PACKAGE_NAME_MAX 120

/* The N bytes at NAME (any bytes, NULs included) as one safe path part of
 * at most MAX bytes (caller frees): "/", "\\" and the characters Windows
 * refuses (<>:"|?*), NUL and other control characters become "_"; a byte
 * that is not UTF-8 (GBK, say) becomes "_" (a run of them one "_");
 * bidirectional formatting characters are dropped; ".." becomes ".";
 * leading dots and spaces and trailing dots and spaces go; a longer name
 * is cut on a UTF-8 boundary keeping its extension; a Windows device
 * name (CON, NUL, COM1 …, with any extension) gets a leading "_"; nothing
 * left gives "未命名". Never fails. */
char *package_safe_name(const char *name, size_t n, size_t max);

/* The paths given out in one zip, to keep every name unique (compared
 * without regard to ASCII case, as Windows does). */
struct package_names;
struct package_names *package_names_new(void);
void package_names_free(struct package_names *p);
/* FOLDER "/" NAME (FOLDER "" : NAME alone), or, when that is taken, with
 * "（2）", "（3）" … before NAME's extension ("名称（2）.jpg"); the path is
 * taken from then on. Caller frees. */
char *package_names_claim(struct package_names *p, const char *folder, const char *name);
#endif
