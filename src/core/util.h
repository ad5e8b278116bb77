/* util.h — small helpers every module shares: checked allocation, growable
 * strings, error reports, points in tenths, UTF-8 checks and display width. */
#ifndef KAOPING_UTIL_H
#define KAOPING_UTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses of the kaoping command (and error codes inside it). */
enum {
	KP_OK = 0,
	KP_EFAIL = 1,  /* something went wrong that is not the caller's input */
	KP_EINPUT = 2, /* bad usage or bad input: nothing was changed */
	KP_EBUSY = 3,  /* the store is busy: try again shortly; nothing was changed
			* (the command exits 1, the web answers 503 with Retry-After) */
};

/* What an error is about, for an interface that words it or picks the
 * answer's status itself (instead of reading MSG, which is for the command
 * line and the logs): the CLI names its flag, the web says it in Chinese
 * beside the field, the API returns {"error":{"field","code","message"}}. */
enum kp_reason {
	KP_R_NONE = 0,
	KP_R_NOT_FOUND, /* the record asked for is not there */
	KP_R_FROZEN,    /* a submitted self-assessment holds it until the office returns it */
	KP_R_USAGE,     /* the arguments do not fit the command (the CLI shows its usage) */
	KP_R_REQUIRED,  /* FIELD is empty */
	KP_R_RANGE,     /* FIELD is a number outside LO … HI */
	KP_R_FORMAT,    /* FIELD is not of its form (a number, a date, a list) */
	KP_R_TOO_LONG,  /* FIELD is longer than HI characters */
	KP_R_TOO_LARGE, /* the file FIELD is larger than HI bytes */
	KP_R_EMPTY,     /* the file FIELD is empty */
	KP_R_FILE_TYPE, /* the file FIELD is of a type not accepted (or not what its name says) */
	KP_R_UNKNOWN,   /* FIELD names nothing known (a unit, a criterion, a kind) */
	KP_R_NOT_APPLICABLE, /* the criterion does not apply to the unit */
	KP_R_STATE,     /* not allowed in the record's present state */
	KP_R_DEADLINE,  /* the deadline has passed */
	KP_R_DUPLICATE, /* FIELD is already taken */
	KP_R_DENIED,    /* not this user's to do */
	KP_R_TOO_SHORT, /* FIELD is shorter than LO characters */
	KP_R_WEAK,      /* the password FIELD is too easy to guess */
	KP_R_CONFLICT,  /* FIELD does not go with the rest of the form */
	KP_R_COUNT      /* (the number of reasons) */
};

/* The reason's stable name for the API ("range", "required", …). */
const char *kp_reason_name(int reason);

/* An error to report once, at the boundary, in words a user can act on. */
struct kp_error {
	int code;       /* KP_EFAIL, KP_EINPUT or KP_EBUSY; 0 while no error */
	int reason;     /* enum kp_reason: KP_R_NONE unless the failing function says */
	char field[32]; /* the input it is about, as the domain names it ("points",
			 * "file", "reason"), or "" */
	double lo, hi;  /* the limits of KP_R_RANGE (LO … HI), of KP_R_TOO_LONG
			 * and KP_R_TOO_LARGE (HI) */
	char value[64]; /* the part of the input at fault, where it helps to
			 * say it (a file's extension), or "" (kp_error_value) */
	char msg[1024]; /* one line, no trailing newline: for the CLI and logs */
};

/* Records CODE and the formatted message in E (first error wins) and returns
 * CODE, so a caller can write `return kp_fail(e, KP_EINPUT, "...")`. */
int kp_fail(struct kp_error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* kp_fail with a REASON (enum kp_reason) recorded beside the message. */
int kp_fail_why(struct kp_error *e, int code, int reason, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* kp_fail with a REASON about the input FIELD, and the limits LO and HI
 * (0 where the reason has none). */
int kp_fail_at(struct kp_error *e, int code, int reason, const char *field, double lo, double hi,
	       const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Records VALUE (cut to fit) as the part of E's input at fault. Call it
 * right after the kp_fail_at that set E, and only when that call set it
 * (E had no error before): first error wins, its value with it. */
void kp_error_value(struct kp_error *e, const char *value);

/* Allocation that never returns NULL: failure aborts with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string. Zero-initialise before use. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *b, const char *s, size_t n);
void sb_adds(struct strbuf *b, const char *s);
void sb_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_addc(struct strbuf *b, char c);
/* Makes room for MORE bytes after the LEN there are (and the NUL). */
void sb_grow(struct strbuf *b, size_t more);
/* Returns the string (never NULL, "" when empty); it stays owned by B. */
const char *sb_str(const struct strbuf *b);
void sb_reset(struct strbuf *b);
void sb_free(struct strbuf *b);

/* Parses points written by a person ("3", "3.5", "０.５") into tenths.
 * Returns 0 and sets *tenths, or -1 when S is not a non-negative number
 * with at most one decimal place. */
int points_parse(const char *s, int *tenths);
/* Formats tenths as "3.5" or "3" into BUF (at least 24 bytes); returns BUF. */
char *points_format(int tenths, char *buf);
/* Like points_format but always with one decimal ("3.0"). */
char *points_format1(int tenths, char *buf);

/* Decodes one UTF-8 sequence at S (N bytes left, N >= 1): returns its
 * length and sets *CP, or 0 when it is invalid (overlong, surrogate, above
 * U+10FFFF) or cut short. */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* True when the N bytes at S are valid UTF-8 (no overlongs, surrogates). */
bool utf8_valid(const char *s, size_t n);
/* Terminal display width of UTF-8 text: CJK and full-width count 2. */
int utf8_width(const char *s);

/* Copies S with leading/trailing ASCII and ideographic spaces removed and
 * full-width ASCII forms (ＡＢ１２) folded to ASCII; the caller frees it. */
char *text_normalize(const char *s);

/* Copies S without leading/trailing whitespace (ASCII and U+3000), leaving
 * everything else byte for byte; the caller frees it. */
char *text_trim(const char *s);
/* Checks a person's free text TEXT (NULL: ""): trimmed, it must be UTF-8,
 * at most MAX bytes and, when REQUIRED, not empty. TEXT_OK puts the trimmed
 * copy in *OUT (the caller frees it); otherwise *OUT is NULL and the
 * caller words the error for its field. */
enum text_check { TEXT_OK, TEXT_MISSING, TEXT_NOT_UTF8, TEXT_TOO_LONG };
enum text_check text_check(const char *text, size_t max, bool required, char **out);

/* ---- dates and times: stored in UTC, counted and shown in China time ---- */

/* Now in UTC as ISO 8601 ("2026-11-27T08:00:00Z"), as times are stored. */
char *now_utc_iso(void);
/* Now as Unix seconds. Testing aid: KAOPING_NOW=SECONDS stands in for the
 * clock (sessions, tokens and stored times), read here and nowhere else. */
int64_t now_unix(void);
/* Unix time T as ISO 8601 UTC ("2026-11-27T08:00:00Z") into OUT. */
void seconds_iso(int64_t t, char out[21]);
/* True when S is a valid calendar date "YYYY-MM-DD". */
bool date_valid(const char *s);
/* The number of days in month M (1..12) of year Y. */
int month_days(int y, int m);
/* Day number of DATE (YYYY-MM-DD; days since 1970-01-01), or INT32_MIN
 * when it is not a date. */
int32_t day_number(const char *date);
/* Day number DAY as YYYY-MM-DD into OUT. */
void day_date(int32_t day, char out[11]);
/* DATE (a valid date) plus DAYS (may be negative) into OUT. */
void date_add(const char *date, int days, char out[11]);
/* Days from date FROM to date TO (negative when TO is earlier); 0 when
 * either is not a date. */
long days_between(const char *from, const char *to);
/* Seconds that a campaign's time zone TZ is ahead of UTC: Asia/Shanghai is
 * UTC+8 all year (no daylight saving since 1991); anything else is taken
 * as UTC. */
int zone_offset(const char *tz);
/* Day number of Unix time T in time zone TZ. */
int32_t zone_day(const char *tz, int64_t t);
/* The Unix time of a stored ISO 8601 UTC time ("2024-07-29T08:00:00Z"),
 * or INT64_MIN when ISO is not one. */
int64_t iso_seconds(const char *iso);
/* A stored UTC time as people read it OFFSET seconds east of UTC
 * (zone_offset), "2024-07-29 16:00:00", into OUT; ISO as it is when it is
 * not a time (NULL: ""). */
void time_shown(int offset, const char *iso, char out[24]);
#endif
