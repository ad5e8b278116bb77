/* csv.c — streaming CSV reader; see csv.h.
 *
 * Pipeline: raw bytes are read from the FILE into `raw` one block at a time.
 * In UTF-8 mode the block is validated in place and the valid prefix is
 * handed to the parser as is; a multi-byte character cut by the block's end
 * is carried over to the next block.  In GBK mode iconv converts the block
 * into `dec`, carrying over an incomplete sequence the same way.  An encoding
 * error is not reported at once: the text before it is parsed first, so that
 * the message names the physical line the bad bytes are on ("pending").
 *
 * The parser is a state machine that survives block boundaries; it copies
 * each record's fields, NUL-terminated, into `buf`.
 */
#include "io/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum state {
	S_REC,     /* at the start of a record (empty lines are skipped here) */
	S_REC_CR,  /* same, just after a CR that ended a line: skip one LF */
	S_FIELD,   /* at the start of a field after a comma */
	S_UNQ,     /* inside an unquoted field */
	S_QUO,     /* inside a quoted field */
	S_QUO_CR,  /* inside a quoted field, just after a CR */
	S_QQ,      /* inside a quoted field, just after a quote */
	S_DONE     /* end of input returned */
};

struct field {
	size_t off, len;
};

struct csv_reader {
	FILE *f;
	enum csv_encoding enc;  /* CSV_AUTO until the first block is seen */
	int started;            /* first block seen (BOM and detection done) */
	int eof;                /* the FILE has nothing more */

	unsigned char *raw;     /* raw bytes; [rpos, rlen) not yet decoded */
	size_t rlen, rpos;

	iconv_t cd;             /* GBK mode only */
	unsigned char *dec;     /* GBK mode: converted text */
	size_t dcap;

	const unsigned char *data; /* decoded text for the parser: [pos, end) */
	size_t pos, end;
	const char *pending;    /* encoding error after data[end] */

	enum state state;
	long line;              /* physical line of data[pos] */
	long rec_line;          /* line the record being parsed starts on */
	long field_line;        /* line the field being parsed starts on */
	long cur_line;          /* csv_line's answer */

	char *buf;              /* the record's fields, each NUL-terminated */
	size_t blen, bcap;
	size_t fstart;          /* offset in buf of the field being parsed */
	struct field *fields;
	size_t nf, fcap;

	int failed;
	char err[192];
};

static const char MSG_UTF8[] = "invalid UTF-8 (if the file is GBK, use --encoding gbk)";
static const char MSG_GBK[] = "not valid GBK text";

/* Bytes that end a run of ordinary text in each state. */
static const unsigned char unq_special[256] = {
	[0] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1,
};
static const unsigned char quo_special[256] = {
	[0] = 1, ['"'] = 1, ['\n'] = 1, ['\r'] = 1,
};

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fputs("kaoping: out of memory\n", stderr);
		abort();
	}
	return q;
}

__attribute__((format(printf, 3, 4)))
static int fail(csv_reader *r, long line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;
	if (line > 0)
		n = snprintf(r->err, sizeof r->err, "line %ld: ", line);
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	r->failed = 1;
	r->cur_line = line > 0 ? line : r->line;
	r->nf = 0;
	return -1;
}

/* ---- UTF-8 validation ------------------------------------------------ */

enum { U_OK, U_PARTIAL, U_BAD };

/* Returns the length of the longest prefix of s[0..n) made of complete,
 * well-formed UTF-8 characters (no overlong forms, surrogates or code points
 * above U+10FFFF).  *status tells what follows it: U_OK (nothing), U_PARTIAL
 * (the start of a character that the end of s cuts), or U_BAD. */
static size_t utf8_prefix(const unsigned char *s, size_t n, int *status)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & UINT64_C(0x8080808080808080))
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		unsigned c = s[i], lo = 0x80, hi = 0xBF;
		size_t need;
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c == 0xE0)
			need = 2, lo = 0xA0;
		else if (c == 0xED)
			need = 2, hi = 0x9F;
		else if (c >= 0xE1 && c <= 0xEF)
			need = 2;
		else if (c == 0xF0)
			need = 3, lo = 0x90;
		else if (c == 0xF4)
			need = 3, hi = 0x8F;
		else if (c >= 0xF1 && c <= 0xF3)
			need = 3;
		else {
            *status = U_BAD;
			return i;
		}
		for (size_t k = 1; k <= need; k++) {
			if (i + k >= n) {
                *status = U_PARTIAL;
				return i;
			}
			unsigned b = s[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) {
                *status = U_BAD;
				return i;
			}
		}
		i += need + 1;
	}
    *status = U_OK;
	return n;
}

/* ---- input: reading, detection, decoding ------------------------------ */

/* Reads until raw is full or the FILE ends. */
static int fill(csv_reader *r)
{
	while (!r->eof && r->rlen < CSV_BLOCK_SIZE) {
		size_t want = CSV_BLOCK_SIZE - r->rlen;
		errno = 0;
		size_t got = fread(r->raw + r->rlen, 1, want, r->f);
		r->rlen += got;
		if (got < want) {
			if (ferror(r->f)) {
				int e = errno;
				return fail(r, 0, "read error: %s", strerror(e ? e : EIO));
			}
			r->eof = 1;
		}
	}
	return 0;
}

/* Called once, with the first block in raw: handles BOMs and picks the
 * encoding. */
static int start(csv_reader *r)
{
	const unsigned char *s = r->raw;
	size_t n = r->rlen;
	int bom = n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;

	r->started = 1;
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
		return fail(r, 1, "file is UTF-16 (Excel \"Unicode text\"); "
						  "save it as \"CSV UTF-8\" or \"CSV\"");
	if (r->enc == CSV_AUTO) {
		int st;
		if (bom) {
			r->enc = CSV_UTF8;
		} else {
			/* A character cut by the block's end still counts as valid; at
             * the end of the file it is a truncated UTF-8 file, and choosing
             * UTF-8 gives a message that mentions both encodings. */
			utf8_prefix(s, n, &st);
			r->enc = st == U_BAD ? CSV_GBK : CSV_UTF8;
		}
	}
	if (bom && r->enc == CSV_GBK)
		return fail(r, 1, "file starts with a UTF-8 byte order mark, "
						  "but GBK was requested; use --encoding utf-8");
	if (bom)
		r->rpos = 3;
	if (r->enc == CSV_GBK) {
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1) {
			int e = errno;
			return fail(r, 0, "cannot convert GB18030 text: %s", strerror(e));
		}
		/* GB18030 to UTF-8 at most multiplies the size by 1.5. */
		r->dcap = CSV_BLOCK_SIZE * 2;
		r->dec = xrealloc(NULL, r->dcap);
	}
	return 0;
}

/* Converts raw[rpos..rlen) into dec. */
static void decode_gbk(csv_reader *r)
{
	char *in = (char *)r->raw + r->rpos;
	size_t inleft = r->rlen - r->rpos;
	char *out = (char *)r->dec;
	size_t outleft = r->dcap;

	while (inleft > 0) {
		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
			break;
		if (errno == EILSEQ && (unsigned char)*in == 0x80) {
			if (outleft < 3)
				break;
			/* Code page 936, which Excel writes, has the euro sign at 0x80;
             * GB18030 does not. */
			memcpy(out, "€", 3);
			out += 3, outleft -= 3;
			in++, inleft--;
			continue;
		}
		if (errno == E2BIG || (errno == EINVAL && !r->eof))
			break;
		r->pending = MSG_GBK;
		break;
	}
	r->data = r->dec;
	r->pos = 0;
	r->end = (size_t)(out - (char *)r->dec);
	r->rpos = (size_t)(in - (char *)r->raw);
}

/* Makes decoded text available in data[pos..end).
 * Returns 1 if there is some, 0 at the end of input, -1 on an error. */
static int refill(csv_reader *r)
{
	for (;;) {
		if (r->pending)
			return fail(r, r->line, "%s", r->pending);
		if (r->rpos > 0) {
			memmove(r->raw, r->raw + r->rpos, r->rlen - r->rpos);
			r->rlen -= r->rpos;
			r->rpos = 0;
		}
		if (fill(r) < 0)
			return -1;
		if (!r->started && start(r) < 0)
			return -1;
		if (r->rpos == r->rlen)
			return 0; /* fill stops short only at EOF */
		if (r->enc == CSV_GBK) {
			decode_gbk(r);
		} else {
			int st;
			size_t n = utf8_prefix(r->raw + r->rpos, r->rlen - r->rpos, &st);
			if (st == U_BAD || (st == U_PARTIAL && r->eof))
				r->pending = MSG_UTF8;
			r->data = r->raw + r->rpos;
			r->pos = 0;
			r->end = n;
			r->rpos += n;
		}
		if (r->end > 0)
			return 1;
	}
}

/* ---- parsing ---------------------------------------------------------- */

static void reserve(csv_reader *r, size_t extra)
{
	if (r->bcap - r->blen < extra) {
		size_t cap = r->bcap;
		while (cap - r->blen < extra)
			cap *= 2;
		r->buf = xrealloc(r->buf, cap);
		r->bcap = cap;
	}
}

/* Appends text to the field being parsed. */
static int append(csv_reader *r, const unsigned char *s, size_t n)
{
	if (r->blen - r->fstart + n > CSV_MAX_FIELD_LEN)
		return fail(r, r->field_line, "field longer than %d bytes", CSV_MAX_FIELD_LEN);
	reserve(r, n + 1); /* + 1 for the field's NUL */
	memcpy(r->buf + r->blen, s, n);
	r->blen += n;
	return 0;
}

static int end_field(csv_reader *r)
{
	if (r->nf == CSV_MAX_FIELDS)
		return fail(r, r->rec_line, "record has more than %d fields", CSV_MAX_FIELDS);
	if (r->nf == r->fcap) {
		r->fcap *= 2;
		r->fields = xrealloc(r->fields, r->fcap * sizeof *r->fields);
	}
	reserve(r, 1);
	r->buf[r->blen] = '\0';
	r->fields[r->nf].off = r->fstart;
	r->fields[r->nf].len = r->blen - r->fstart;
	r->nf++;
	r->blen++;
	r->fstart = r->blen;
	return 0;
}

/* Parses data[pos..end).  Returns 1 when a record is complete, 0 when the
 * text ran out first, -1 on an error. */
static int parse(csv_reader *r)
{
	const unsigned char *p = r->data + r->pos, *e = r->data + r->end, *q;
	enum state st = r->state;
	long line = r->line;
	int ret = 0;

	while (p < e) {
		switch (st) {
		case S_REC_CR:
			st = S_REC;
			if (*p == '\n') {
				p++;
				continue;
			}
			/* fallthrough */
		case S_REC:
			if (*p == '\n') {
				line++, p++;
				continue;
			}
			if (*p == '\r') {
				line++, p++;
				st = S_REC_CR;
				continue;
			}
			r->rec_line = line;
			/* fallthrough */
		case S_FIELD:
			r->field_line = line;
			if (*p == '"') {
				p++;
				st = S_QUO;
				continue;
			}
			st = S_UNQ;
			/* fallthrough */
		case S_UNQ:
			for (q = p; q < e && !unq_special[*q]; q++)
				;
			if (q > p) {
				if (append(r, p, (size_t)(q - p)) < 0)
					goto failed;
				p = q;
				if (p == e)
					continue;
			}
			switch (*p) {
			case ',':
				p++;
				if (end_field(r) < 0)
					goto failed;
				st = S_FIELD;
				continue;
			case '\n':
			case '\r':
				st = *p == '\r' ? S_REC_CR : S_REC;
				line++, p++;
				if (end_field(r) < 0)
					goto failed;
				ret = 1;
				goto out;
			case '"':
				fail(r, line, "quote inside unquoted field");
				goto failed;
			default:
				fail(r, line, "NUL byte in file");
				goto failed;
			}
		case S_QUO:
			for (q = p; q < e && !quo_special[*q]; q++)
				;
			if (q > p) {
				if (append(r, p, (size_t)(q - p)) < 0)
					goto failed;
				p = q;
				if (p == e)
					continue;
			}
			if (*p == '"') {
				p++;
				st = S_QQ;
				continue;
			}
			if (*p == 0) {
				fail(r, line, "NUL byte in file");
				goto failed;
			}
			/* a line break inside the field: kept as it is */
			if (*p == '\r')
				st = S_QUO_CR;
			line++;
			if (append(r, p, 1) < 0)
				goto failed;
			p++;
			continue;
		case S_QUO_CR:
			st = S_QUO;
			if (*p == '\n') {
				if (append(r, p, 1) < 0)
					goto failed;
				p++;
			}
			continue;
		case S_QQ:
			switch (*p) {
			case '"':
				if (append(r, p, 1) < 0)
					goto failed;
				p++;
				st = S_QUO;
				continue;
			case ',':
				p++;
				if (end_field(r) < 0)
					goto failed;
				st = S_FIELD;
				continue;
			case '\n':
			case '\r':
				st = *p == '\r' ? S_REC_CR : S_REC;
				line++, p++;
				if (end_field(r) < 0)
					goto failed;
				ret = 1;
				goto out;
			case 0:
				fail(r, line, "NUL byte in file");
				goto failed;
			default:
				fail(r, line, "unexpected character after closing quote");
				goto failed;
			}
		case S_DONE:
			/* not reached: csv_next returns before parsing */
			p = e;
			continue;
		}
	}
out:
	r->pos = (size_t)(p - r->data);
	r->state = st;
	r->line = line;
	return ret;
failed:
	return -1;
}

/* The input ended in state r->state. */
static int at_eof(csv_reader *r)
{
	switch (r->state) {
	case S_QUO:
	case S_QUO_CR:
		return fail(r, r->field_line, "unterminated quoted field");
	case S_FIELD:
	case S_UNQ:
	case S_QQ:
		if (end_field(r) < 0)
			return -1;
		r->state = S_DONE;
		r->cur_line = r->rec_line;
		return 1;
	default:
		r->state = S_DONE;
		r->nf = 0;
		return 0;
	}
}

/* ---- public interface --------------------------------------------------- */

csv_reader *csv_open(FILE *f, enum csv_encoding enc)
{
	csv_reader *r = xrealloc(NULL, sizeof *r);
	memset(r, 0, sizeof *r);
	r->f = f;
	r->enc = enc == CSV_UTF8 || enc == CSV_GBK ? enc : CSV_AUTO;
	r->cd = (iconv_t)-1;
	r->raw = xrealloc(NULL, CSV_BLOCK_SIZE);
	r->bcap = 4096;
	r->buf = xrealloc(NULL, r->bcap);
	r->fcap = 64;
	r->fields = xrealloc(NULL, r->fcap * sizeof *r->fields);
	r->state = S_REC;
	r->line = 1;
	return r;
}

int csv_next(csv_reader *r)
{
	if (r->failed)
		return -1;
	r->nf = 0;
	if (r->state == S_DONE)
		return 0;
	r->blen = 0;
	r->fstart = 0;
	for (;;) {
		if (r->pos == r->end) {
			int k = refill(r);
			if (k < 0)
				return -1;
			if (k == 0)
				return at_eof(r);
		}
		int k = parse(r);
		if (k > 0)
			r->cur_line = r->rec_line;
		if (k != 0)
			return k;
	}
}

size_t csv_nfields(const csv_reader *r)
{
	return r->nf;
}

const char *csv_field(const csv_reader *r, size_t i)
{
	return i < r->nf ? r->buf + r->fields[i].off : NULL;
}

size_t csv_field_len(const csv_reader *r, size_t i)
{
	return i < r->nf ? r->fields[i].len : 0;
}

long csv_line(const csv_reader *r)
{
	return r->cur_line;
}

const char *csv_error(const csv_reader *r)
{
	return r->failed ? r->err : NULL;
}

enum csv_encoding csv_encoding_used(const csv_reader *r)
{
	return r->enc;
}

void csv_close(csv_reader *r)
{
	if (!r)
		return;
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->dec);
	free(r->raw);
	free(r->buf);
	free(r->fields);
	free(r);
}

const char *csv_encoding_name(enum csv_encoding e)
{
	switch (e) {
	case CSV_AUTO:
		return "auto";
	case CSV_UTF8:
		return "utf-8";
	case CSV_GBK:
		return "gbk";
	}
	return "?";
}

int csv_parse_encoding(const char *name, enum csv_encoding *out)
{
	static const struct {
		const char *name;
		enum csv_encoding enc;
	} names[] = {
		{"utf-8", CSV_UTF8}, {"utf8", CSV_UTF8},    {"gbk", CSV_GBK},
		{"gb2312", CSV_GBK}, {"gb18030", CSV_GBK},  {"cp936", CSV_GBK},
		{"auto", CSV_AUTO},
	};
	if (!name)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].enc;
			return 0;
		}
	}
	return -1;
}
