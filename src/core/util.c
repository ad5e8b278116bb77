/* util.c — checked allocation, growable strings, errors, points in tenths,
 * UTF-8 validation and display width. No I/O beyond the abort message. */
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

__attribute__((format(printf, 4, 0)))
static int fail_with(struct kp_error *e, int code, int reason, const char *fmt, va_list ap)
{
	if (e && !e->code) {
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		e->code = code;
		e->reason = reason;
		e->field[0] = 0;
		e->value[0] = 0;
		e->lo = e->hi = 0;
	}
	return code;
}

int kp_fail(struct kp_error *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_with(e, code, KP_R_NONE, fmt, ap);
	va_end(ap);
	return code;
}

int kp_fail_why(struct kp_error *e, int code, int reason, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fail_with(e, code, reason, fmt, ap);
	va_end(ap);
	return code;
}

int kp_fail_at(struct kp_error *e, int code, int reason, const char *field, double lo, double hi,
	       const char *fmt, ...)
{
	if (!e || e->code)
		return code;
	va_list ap;
	va_start(ap, fmt);
	fail_with(e, code, reason, fmt, ap);
	va_end(ap);
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	e->lo = lo, e->hi = hi;
	return code;
}

void kp_error_value(struct kp_error *e, const char *value)
{
	if (!e || !e->code || !value)
		return;
	size_t n = strlen(value);
	if (n >= sizeof e->value) { /* never half a character */
		n = sizeof e->value - 1;
		while (n && ((unsigned char)value[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(e->value, value, n);
	e->value[n] = 0;
}

const char *kp_reason_name(int reason)
{
	static const char *const names[KP_R_COUNT] = {
		[KP_R_NONE] = "invalid", [KP_R_NOT_FOUND] = "not_found", [KP_R_FROZEN] = "frozen",
		[KP_R_USAGE] = "usage", [KP_R_REQUIRED] = "required", [KP_R_RANGE] = "range",
		[KP_R_FORMAT] = "format", [KP_R_TOO_LONG] = "too_long", [KP_R_TOO_LARGE] = "too_large",
		[KP_R_EMPTY] = "empty", [KP_R_FILE_TYPE] = "file_type", [KP_R_UNKNOWN] = "unknown",
		[KP_R_NOT_APPLICABLE] = "not_applicable", [KP_R_STATE] = "state", [KP_R_DEADLINE] = "deadline",
		[KP_R_DUPLICATE] = "duplicate", [KP_R_DENIED] = "denied", [KP_R_TOO_SHORT] = "too_short",
		[KP_R_WEAK] = "weak", [KP_R_CONFLICT] = "conflict",
	};
	return reason >= 0 && reason < KP_R_COUNT && names[reason] ? names[reason] : "invalid";
}

static void oom(void)
{
	fputs("kaoping: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf b = {0};
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	b.s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.s;
}

void sb_grow(struct strbuf *b, size_t more)
{
	if (b->len + more + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + more + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void sb_add(struct strbuf *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void sb_adds(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

void sb_addc(struct strbuf *b, char c)
{
	sb_add(b, &c, 1);
}

void sb_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *sb_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

void sb_reset(struct strbuf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	*b = (struct strbuf){0};
}

int points_parse(const char *s, int *tenths)
{
	char *t = text_normalize(s);
	const char *p = t;
	long whole = 0;
	int frac = 0, digits = 0, rc = -1;
	if (!*p)
		goto out;
	while (*p >= '0' && *p <= '9') {
		whole = whole * 10 + (*p++ - '0');
		if (whole > 100000)
			goto out;
		digits++;
	}
	if (!digits)
		goto out;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			goto out;
		frac = *p++ - '0';
		/* "3.50" is fine, "3.55" is more precise than tenths. */
		while (*p == '0')
			p++;
	}
	if (*p)
		goto out;
	*tenths = (int)whole * 10 + frac;
	rc = 0;
out:
	free(t);
	return rc;
}

/* Writes TENTHS as "-12.5" into BUF, with the decimal always (ONE) or
 * only when it is not zero. Written out by hand: reports print thousands
 * of these, and printf costs more than the digits. */
static char *format_tenths(int tenths, bool one, char *buf)
{
	char digits[16], *d = digits + sizeof digits, *out = buf;
	unsigned a = tenths < 0 ? 0u - (unsigned)tenths : (unsigned)tenths, whole = a / 10, decimal = a % 10;
	if (one || decimal) {
		*--d = (char)('0' + decimal);
		*--d = '.';
	}
	do
		*--d = (char)('0' + whole % 10);
	while (whole /= 10);
	if (tenths < 0)
		*out++ = '-';
	memcpy(out, d, (size_t)(digits + sizeof digits - d));
	out[digits + sizeof digits - d] = 0;
	return buf;
}

char *points_format(int tenths, char *buf)
{
	return format_tenths(tenths, false, buf);
}

char *points_format1(int tenths, char *buf)
{
	return format_tenths(tenths, true, buf);
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		uint32_t cp;
		size_t k = utf8_decode(p, n, &cp);
		if (!k)
			return false;
		p += k;
		n -= k;
	}
	return true;
}

static int cp_width(uint32_t c)
{
	if (c < 0x1100)
		return 1;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	int w = 0;
	while (n) {
		uint32_t cp;
		size_t k = utf8_decode(p, n, &cp);
		if (!k) {
			k = 1;
			cp = '?';
		}
		w += cp_width(cp);
		p += k;
		n -= k;
	}
	return w;
}

char *text_normalize(const char *s)
{
	struct strbuf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	sb_adds(&b, "");
	while (n) {
		uint32_t cp;
		size_t k = utf8_decode(p, n, &cp);
		if (!k) { /* keep invalid bytes as they are; callers validate */
			sb_add(&b, (const char *)p, 1);
			p++, n--;
			continue;
		}
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			sb_addc(&b, (char)(cp - 0xFEE0));
		else if (cp == 0x3000)
			sb_addc(&b, ' ');
		else
			sb_add(&b, (const char *)p, k);
		p += k;
		n -= k;
	}
	char *t = b.s;
	size_t start = 0, end = b.len;
	while (start < end && (t[start] == ' ' || t[start] == '\t' || t[start] == '\r' || t[start] == '\n'))
		start++;
	while (end > start && (t[end - 1] == ' ' || t[end - 1] == '\t' || t[end - 1] == '\r' || t[end - 1] == '\n'))
		end--;
	char *r = xstrndup(t + start, end - start);
	sb_free(&b);
	return r;
}

char *text_trim(const char *s)
{
	static const char ideo[] = "　"; /* U+3000 */
	size_t n = strlen(s);
	for (;;) {
		if (n && strchr(" \t\r\n", *s))
			s++, n--;
		else if (n >= 3 && !memcmp(s, ideo, 3))
			s += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n && strchr(" \t\r\n", s[n - 1]))
			n--;
		else if (n >= 3 && !memcmp(s + n - 3, ideo, 3))
			n -= 3;
		else
			break;
	}
	return xstrndup(s, n);
}

enum text_check text_check(const char *text, size_t max, bool required, char **out)
{
	char *t = text_trim(text ? text : "");
	enum text_check rc = !utf8_valid(t, strlen(t)) ? TEXT_NOT_UTF8
			     : required && !*t	      ? TEXT_MISSING
			     : strlen(t) > max	      ? TEXT_TOO_LONG
						      : TEXT_OK;
	if (rc != TEXT_OK)
		free(t), t = NULL;
	*out = t;
	return rc;
}

int64_t now_unix(void)
{
	const char *fixed = getenv("KAOPING_NOW");
	if (fixed && *fixed >= '0' && *fixed <= '9') {
		char *end;
		long long v = strtoll(fixed, &end, 10);
		if (!*end)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

void seconds_iso(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *now_utc_iso(void)
{
	char buf[21];
	seconds_iso(now_unix(), buf);
	return xstrdup(buf);
}

bool date_valid(const char *s)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int32_t day_number(const char *date)
{
	struct tm tm = {0};
	if (!date || !date_valid(date) || sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return INT32_MIN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int32_t)(timegm(&tm) / 86400);
}

void day_date(int32_t day, char out[11])
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void date_add(const char *date, int days, char out[11])
{
	day_date(day_number(date) + days, out);
}

long days_between(const char *from, const char *to)
{
	int32_t a = day_number(from), b = day_number(to);
	return a == INT32_MIN || b == INT32_MIN ? 0 : (long)b - (long)a;
}

int zone_offset(const char *tz)
{
	return tz && !strcmp(tz, "Asia/Shanghai") ? 8 * 3600 : 0;
}

int32_t zone_day(const char *tz, int64_t t)
{
	t += zone_offset(tz);
	return (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int64_t iso_seconds(const char *iso)
{
	struct tm tm = {0};
	char t, z;
	if (!iso || strlen(iso) < 19 ||
	    sscanf(iso, "%4d-%2d-%2d%c%2d:%2d:%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &t, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &z) < 7 ||
	    (t != 'T' && t != ' '))
		return INT64_MIN;
	char date[11];
	snprintf(date, sizeof date, "%.10s", iso);
	if (!date_valid(date) || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return INT64_MIN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

void time_shown(int offset, const char *iso, char out[24])
{
	int64_t t = iso_seconds(iso);
	if (t == INT64_MIN) {
		snprintf(out, 24, "%s", iso ? iso : "");
		return;
	}
	time_t local = (time_t)(t + offset);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(out, 24, "%Y-%m-%d %H:%M:%S", &tm);
}
