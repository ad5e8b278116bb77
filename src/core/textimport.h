/* textimport.h — reads a rubric from text into the rubric format of
 * docs/rubric-format.md: the seed's kind (任务分解表, annex 2 of the notice,
 * as copied from Word, one table cell per line) here; a table pasted
 * tab-separated, or a numbered list of criteria, through the table reader
 * (core/tableread.h). Pure: text in, JSON out. */
#ifndef KAOPING_TEXTIMPORT_H
#define KAOPING_TEXTIMPORT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/rubric.h"
#include "core/unitdir.h"

/* What the text alone does not say. */
struct textimport_options {
	const struct unitdir *units; /* resolves 责任单位 (required) */
	int year;                    /* for a 完成时限 without a year ("7月底"); 0 = none */
	const char *deadline;        /* campaign deadline YYYY-MM-DD for a missing 完成时限 (may be NULL) */
	const struct rubric *current; /* the rubric in use (may be NULL): its title stands in for a
				       * missing one and its grade bands are kept (the text has none) */
};

/* A problem found in the text. LINE counts from 1 in the text given (0:
 * the text as a whole). A blocking problem stops the import. */
struct textimport_problem {
	int line;
	bool blocking;
	char *msg; /* Chinese, one line, without the line number */
};

/* A 责任单位 name that is no unit, alias or collective name. */
struct textimport_name {
	int line;
	char *name; /* as mended from its lines: "区教育局" */
	char *hint; /* "区审计局" (candidates, 、-separated) or NULL */
};

/* What reading a text gave. */
struct textimport_result {
	json_t *json;          /* the rubric read (rubric format), or NULL when the text is refused */
	struct rubric *rubric; /* JSON validated by rubric_from_json, or NULL */
	int nitems, nindicators, ncriteria;
	int points;            /* sum of the criteria read, tenths */
	int first_line, last_line; /* the table's header line and last line read */
	int nproblems;
	struct textimport_problem *problems; /* in line order of discovery */
	int nunresolved;
	struct textimport_name *unresolved;  /* every unknown unit name */
};

/* Reads the annex 2 table in the LEN bytes of TEXT (the whole notice or the
 * pasted table: the table starts at its header row 测评项目/测评指标/测评内容
 * and ends at the next 附件 heading or the end). Mends cells split over
 * lines, merges a repeated item cell, resolves unit names through O->units.
 * Always fills *R (free with textimport_free); a text that is not a table
 * gets R->json NULL and a blocking problem saying what to fix. */
void textimport_read(const char *text, size_t len, const struct textimport_options *o, struct textimport_result *r);

/* Adds a problem (printf FMT, Chinese, one line) at LINE to R: every
 * reader of rubric text and tables reports this way. */
void textimport_problem(struct textimport_result *r, int line, bool blocking, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* True when R can be saved: a validated rubric, no blocking problem and no
 * unresolved unit name. */
bool textimport_ready(const struct textimport_result *r);

void textimport_free(struct textimport_result *r);
#endif
