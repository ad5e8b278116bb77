/* test_csv.c — unit tests for the streaming CSV reader (src/io/csv.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "io/csv.h"

/* "区审计局" in GBK (printf '区审计局' | iconv -f utf-8 -t gbk | xxd -i) */
#define GBK_QSJJ "\xc7\xf8\xc9\xf3\xbc\xc6\xbe\xd6"
#define UTF8_QSJJ "区审计局"
/* "姓名" and "张三" in GBK */
#define GBK_XINGMING "\xd0\xd5\xc3\xfb"
#define GBK_ZHANGSAN "\xd5\xc5\xc8\xfd"
/* U+20000 "𠀀", outside GBK: a four-byte GB18030 sequence */
#define GB18030_U20000 "\x95\x32\x82\x36"

#define UTF16_MSG "line 1: file is UTF-16 (Excel \"Unicode text\"); save it as \"CSV UTF-8\" or \"CSV\""
#define UTF8_MSG "invalid UTF-8 (if the file is GBK, use --encoding gbk)"

/* ---- helpers ----------------------------------------------------------- */

struct src {
    FILE *f;
    csv_reader *r;
};

/* A reader over a copy of data[0..n) in a temporary file. */
static struct src src_open(const void *data, size_t n, enum csv_encoding enc)
{
    struct src s;
    s.f = tmpfile();
    assert_non_null(s.f);
    if (n > 0)
        assert_int_equal(fwrite(data, 1, n, s.f), n);
    rewind(s.f);
    s.r = csv_open(s.f, enc);
    assert_non_null(s.r);
    return s;
}

/* Same, for a string literal (which may hold NUL bytes). */
#define SRC(lit, enc) src_open(lit, sizeof(lit) - 1, enc)

static void src_close(struct src *s)
{
    csv_close(s->r);
    fclose(s->f);
}

/* Reads the next record and checks it has exactly the fields want[0..n)
 * and starts on line `line`. */
static void expect_rec(csv_reader *r, long line, const char *const *want, size_t n)
{
    int rc = csv_next(r);
    if (rc < 0)
        fail_msg("unexpected error: %s", csv_error(r));
    assert_int_equal(rc, 1);
    assert_int_equal(csv_nfields(r), n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(csv_field(r, i), want[i]);
        assert_int_equal(csv_field_len(r, i), strlen(want[i]));
    }
    assert_int_equal(csv_line(r), line);
}

#define EXPECT(r, line, ...)                                                 \
    expect_rec(r, line, (const char *const[]){__VA_ARGS__},                 \
               sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

static void expect_end(csv_reader *r)
{
    int rc = csv_next(r);
    if (rc < 0)
        fail_msg("unexpected error: %s", csv_error(r));
    assert_int_equal(rc, 0);
    assert_int_equal(csv_nfields(r), 0);
    assert_int_equal(csv_next(r), 0);
    assert_null(csv_error(r));
}

/* Reads records until one fails; checks the error message, that csv_line
 * gives the line the message names, and that the error sticks. */
static void expect_error(csv_reader *r, const char *msg)
{
    int rc;
    while ((rc = csv_next(r)) == 1)
        ;
    assert_int_equal(rc, -1);
    assert_non_null(csv_error(r));
    assert_string_equal(csv_error(r), msg);
    long line;
    if (sscanf(msg, "line %ld:", &line) == 1)
        assert_int_equal(csv_line(r), line);
    assert_int_equal(csv_nfields(r), 0);
    assert_int_equal(csv_next(r), -1);
    assert_int_equal(csv_next(r), -1);
    assert_string_equal(csv_error(r), msg);
}

/* Whole input from a literal must fail with msg. */
static void check_error(const void *data, size_t n, enum csv_encoding enc, const char *msg)
{
    struct src s = src_open(data, n, enc);
    expect_error(s.r, msg);
    src_close(&s);
}
#define CHECK_ERROR(lit, enc, msg) check_error(lit, sizeof(lit) - 1, enc, msg)

/* A growable byte buffer for building large inputs. */
struct bytes {
    char *p;
    size_t n, cap;
};

static void put(struct bytes *b, const void *s, size_t n)
{
    if (n == 0)
        return;
    if (b->cap - b->n < n) {
        while (b->cap - b->n < n)
            b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void puts_b(struct bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putc_n(struct bytes *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(b, &c, 1);
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    assert_non_null(s);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* ---- basic parsing ----------------------------------------------------- */

static void test_plain_utf8_records_are_split_on_commas(void **state)
{
    (void)state;
    struct src s = SRC("name,score,rate\n区审计局,1,3.5\n", CSV_AUTO);
    EXPECT(s.r, 1, "name", "score", "rate");
    assert_int_equal(csv_encoding_used(s.r), CSV_UTF8);
    EXPECT(s.r, 2, UTF8_QSJJ, "1", "3.5");
    expect_end(s.r);
    src_close(&s);
}

static void test_utf8_bom_is_dropped_and_means_utf8(void **state)
{
    (void)state;
    struct src s = SRC("\xEF\xBB\xBFname,score\n区审计局,1\n", CSV_AUTO);
    EXPECT(s.r, 1, "name", "score");
    assert_int_equal(csv_encoding_used(s.r), CSV_UTF8);
    EXPECT(s.r, 2, UTF8_QSJJ, "1");
    expect_end(s.r);
    src_close(&s);

    /* also when UTF-8 is forced */
    s = SRC("\xEF\xBB\xBF" "a\n", CSV_UTF8);
    EXPECT(s.r, 1, "a");
    expect_end(s.r);
    src_close(&s);

    /* a file that is nothing but a BOM has no records */
    s = SRC("\xEF\xBB\xBF", CSV_AUTO);
    expect_end(s.r);
    assert_int_equal(csv_encoding_used(s.r), CSV_UTF8);
    src_close(&s);
}

static void test_crlf_line_endings_end_records(void **state)
{
    (void)state;
    struct src s = SRC("a,b\r\nc,d\r\n", CSV_AUTO);
    EXPECT(s.r, 1, "a", "b");
    EXPECT(s.r, 2, "c", "d");
    expect_end(s.r);
    src_close(&s);
}

static void test_lone_cr_ends_a_record_and_counts_a_line(void **state)
{
    (void)state;
    struct src s = SRC("a,b\rc,d\r\re\r\nf", CSV_AUTO);
    EXPECT(s.r, 1, "a", "b");
    EXPECT(s.r, 2, "c", "d");
    EXPECT(s.r, 4, "e");
    EXPECT(s.r, 5, "f");
    expect_end(s.r);
    src_close(&s);
}

static void test_quoted_fields_keep_commas_line_breaks_and_doubled_quotes(void **state)
{
    (void)state;
    struct src s = SRC("\"a,b\",\"say \"\"hi\"\"\",\"one\ntwo\",\"\",\"x\r\ny\"\n"
                       "\"\"\"\",\"end\"\n",
                       CSV_AUTO);
    EXPECT(s.r, 1, "a,b", "say \"hi\"", "one\ntwo", "", "x\r\ny");
    EXPECT(s.r, 4, "\"", "end");
    expect_end(s.r);
    src_close(&s);
}

static void test_empty_fields_are_kept(void **state)
{
    (void)state;
    struct src s = SRC(",a,,b,\n,\n\"\"\n", CSV_AUTO);
    EXPECT(s.r, 1, "", "a", "", "b", "");
    EXPECT(s.r, 2, "", "");
    EXPECT(s.r, 3, "");
    expect_end(s.r);
    src_close(&s);
}

static void test_trailing_comma_gives_a_trailing_empty_field(void **state)
{
    (void)state;
    struct src s = SRC("a,b,\nc,d,", CSV_AUTO);
    EXPECT(s.r, 1, "a", "b", "");
    EXPECT(s.r, 2, "c", "d", "");
    expect_end(s.r);
    src_close(&s);
}

static void test_empty_lines_are_skipped_but_counted(void **state)
{
    (void)state;
    struct src s = SRC("\n\r\na\n\n\nb\r\n\r\n\rc\n\n", CSV_AUTO);
    EXPECT(s.r, 3, "a");
    EXPECT(s.r, 6, "b");
    EXPECT(s.r, 9, "c");
    expect_end(s.r);
    src_close(&s);
}

static void test_fields_are_not_trimmed(void **state)
{
    (void)state;
    struct src s = SRC(" a , b\t,\" c \"\n", CSV_AUTO);
    EXPECT(s.r, 1, " a ", " b\t", " c ");
    expect_end(s.r);
    src_close(&s);
}

static void test_last_line_without_newline_is_returned(void **state)
{
    (void)state;
    struct src s = SRC("a,b\nc,d", CSV_AUTO);
    EXPECT(s.r, 1, "a", "b");
    EXPECT(s.r, 2, "c", "d");
    expect_end(s.r);
    src_close(&s);

    s = SRC("a,\"quoted last\"", CSV_AUTO);
    EXPECT(s.r, 1, "a", "quoted last");
    expect_end(s.r);
    src_close(&s);
}

static void test_empty_input_has_no_records(void **state)
{
    (void)state;
    struct src s = src_open("", 0, CSV_AUTO);
    assert_int_equal(csv_line(s.r), 0);
    assert_int_equal(csv_nfields(s.r), 0);
    expect_end(s.r);
    assert_int_equal(csv_encoding_used(s.r), CSV_UTF8);
    src_close(&s);

    s = SRC("\n\r\n\r\n\n", CSV_AUTO);
    expect_end(s.r);
    src_close(&s);
}

static void test_line_numbers_continue_after_multiline_fields(void **state)
{
    (void)state;
    struct src s = SRC("h1,h2\n"
                       "\"multi\nline\",x\r\n"   /* lines 2-3 */
                       "\"a\r\nb\r\nc\",y\r"     /* lines 4-6 */
                       "\r"                       /* line 7: empty */
                       "\"p\rq\",z\n"             /* lines 8-9 */
                       "last,w",                  /* line 10 */
                       CSV_AUTO);
    EXPECT(s.r, 1, "h1", "h2");
    EXPECT(s.r, 2, "multi\nline", "x");
    EXPECT(s.r, 4, "a\r\nb\r\nc", "y");
    EXPECT(s.r, 8, "p\rq", "z");
    EXPECT(s.r, 10, "last", "w");
    expect_end(s.r);
    src_close(&s);
}

static void test_field_pointers_are_nul_terminated_and_lengths_match(void **state)
{
    (void)state;
    struct src s = SRC("abc,,\"d\"\"e\"\n", CSV_AUTO);
    assert_int_equal(csv_next(s.r), 1);
    assert_int_equal(csv_nfields(s.r), 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(strlen(csv_field(s.r, i)), csv_field_len(s.r, i));
    assert_null(csv_field(s.r, 3));
    assert_int_equal(csv_field_len(s.r, 3), 0);
    src_close(&s);
}

/* ---- encodings --------------------------------------------------------- */

static void test_gbk_file_is_detected_and_converted(void **state)
{
    (void)state;
    struct src s = SRC(GBK_XINGMING ",n,x\r\n" GBK_QSJJ ",1,3.5\r\n" GBK_ZHANGSAN ",2,4\r\n",
                       CSV_AUTO);
    EXPECT(s.r, 1, "姓名", "n", "x");
    assert_int_equal(csv_encoding_used(s.r), CSV_GBK);
    EXPECT(s.r, 2, UTF8_QSJJ, "1", "3.5");
    EXPECT(s.r, 3, "张三", "2", "4");
    expect_end(s.r);
    src_close(&s);
}

static void test_forced_gbk_converts_gbk_bytes(void **state)
{
    (void)state;
    struct src s = SRC(GBK_QSJJ ",1,3.5\n", CSV_GBK);
    EXPECT(s.r, 1, UTF8_QSJJ, "1", "3.5");
    assert_int_equal(csv_encoding_used(s.r), CSV_GBK);
    expect_end(s.r);
    src_close(&s);

    /* pure ASCII is the same in GBK */
    s = SRC("a,b\n", CSV_GBK);
    EXPECT(s.r, 1, "a", "b");
    assert_int_equal(csv_encoding_used(s.r), CSV_GBK);
    expect_end(s.r);
    src_close(&s);
}

static void test_gb18030_four_byte_sequences_are_converted(void **state)
{
    (void)state;
    struct src s = SRC("x," GB18030_U20000 "\n", CSV_AUTO);
    EXPECT(s.r, 1, "x", "\xF0\xA0\x80\x80");
    assert_int_equal(csv_encoding_used(s.r), CSV_GBK);
    expect_end(s.r);
    src_close(&s);
}

static void test_cp936_euro_byte_0x80_becomes_euro_sign(void **state)
{
    (void)state;
    struct src s = SRC("\x80" "5," GBK_ZHANGSAN "\n", CSV_AUTO);
    EXPECT(s.r, 1, "€5", "张三");
    assert_int_equal(csv_encoding_used(s.r), CSV_GBK);
    expect_end(s.r);
    src_close(&s);
}

static void test_forced_utf8_on_gbk_bytes_is_an_error_naming_the_line(void **state)
{
    (void)state;
    CHECK_ERROR("name,score,rate\n" GBK_QSJJ ",1,3.5\n", CSV_UTF8, "line 2: " UTF8_MSG);
    /* in the second line of a multi-line field */
    CHECK_ERROR("a\n\"x\ny" GBK_ZHANGSAN "\"\n", CSV_UTF8, "line 3: " UTF8_MSG);
    /* right after a lone CR */
    CHECK_ERROR("a\r" GBK_ZHANGSAN "\n", CSV_UTF8, "line 2: " UTF8_MSG);
}

static void test_records_before_an_encoding_error_are_returned(void **state)
{
    (void)state;
    struct src s = SRC("a,b\nc,d\n" GBK_ZHANGSAN "\n", CSV_UTF8);
    EXPECT(s.r, 1, "a", "b");
    EXPECT(s.r, 2, "c", "d");
    expect_error(s.r, "line 3: " UTF8_MSG);
    src_close(&s);
}

static void test_gbk_after_an_ascii_first_block_is_an_error_naming_the_line(void **state)
{
    (void)state;
    struct bytes b = {0};
    size_t lines = 0;
    while (b.n < CSV_BLOCK_SIZE + 1000) {
        puts_b(&b, "ascii,only,here\n");
        lines++;
    }
    puts_b(&b, GBK_QSJJ ",1,3.5\n");
    char msg[128];
    snprintf(msg, sizeof msg, "line %zu: " UTF8_MSG, lines + 1);
    struct src s = src_open(b.p, b.n, CSV_AUTO);
    for (size_t i = 1; i <= lines; i++)
        EXPECT(s.r, (long)i, "ascii", "only", "here");
    assert_int_equal(csv_encoding_used(s.r), CSV_UTF8);
    expect_error(s.r, msg);
    src_close(&s);
    free(b.p);
}

static void test_invalid_utf8_forms_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "\x80",                 /* lone continuation byte */
        "\xC0\x80",             /* overlong NUL */
        "\xC1\xBF",             /* overlong */
        "\xE0\x80\x80",         /* overlong three-byte */
        "\xE0\x9F\xBF",         /* overlong three-byte */
        "\xF0\x80\x80\x80",     /* overlong four-byte */
        "\xF0\x8F\xBF\xBF",     /* overlong four-byte */
        "\xED\xA0\x80",         /* surrogate U+D800 */
        "\xED\xBF\xBF",         /* surrogate U+DFFF */
        "\xF4\x90\x80\x80",     /* U+110000 */
        "\xF5\x80\x80\x80",     /* beyond any code point */
        "\xFF",
        "\xE5\x8C!",            /* cut short */
        "\xC3",                 /* cut by the end of the file */
        "\xF0\x9F\x98",         /* cut by the end of the file */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char in[64];
        int n = snprintf(in, sizeof in, "ok\nx,%s", bad[i]);
        check_error(in, (size_t)n, CSV_UTF8, "line 2: " UTF8_MSG);
    }
}

static void test_utf8_edge_code_points_are_accepted(void **state)
{
    (void)state;
    struct src s = SRC("\xC2\x80,\xDF\xBF,\xE0\xA0\x80,\xED\x9F\xBF,\xEE\x80\x80,"
                       "\xEF\xBF\xBF,\xF0\x90\x80\x80,\xF4\x8F\xBF\xBF\n",
                       CSV_UTF8);
    EXPECT(s.r, 1, "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
           "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF");
    expect_end(s.r);
    src_close(&s);
}

static void test_invalid_gbk_is_an_error_naming_the_line(void **state)
{
    (void)state;
    /* 0x81 0x20: a lead byte followed by a byte that cannot trail */
    CHECK_ERROR("a\nb\n\x81\x20x\n", CSV_GBK, "line 3: not valid GBK text");
    /* 0xFF is never valid */
    CHECK_ERROR(GBK_QSJJ "\n\"q\n\xFF\"\n", CSV_AUTO, "line 3: not valid GBK text");
    /* a lead byte cut by the end of the file */
    CHECK_ERROR(GBK_QSJJ "\n" GBK_ZHANGSAN "\xD5", CSV_AUTO, "line 2: not valid GBK text");
}

static void test_utf16_bom_is_refused(void **state)
{
    (void)state;
    CHECK_ERROR("\xFF\xFEn\0a\0m\0e\0\r\0\n\0", CSV_AUTO, UTF16_MSG);
    CHECK_ERROR("\xFE\xFF\0n\0a\0m\0e\0\r\0\n", CSV_AUTO, UTF16_MSG);
    CHECK_ERROR("\xFF\xFE", CSV_UTF8, UTF16_MSG);
    CHECK_ERROR("\xFF\xFE", CSV_GBK, UTF16_MSG);
    struct src s = SRC("\xFF\xFEx\0", CSV_AUTO);
    assert_int_equal(csv_next(s.r), -1);
    assert_int_equal(csv_line(s.r), 1);
    src_close(&s);
}

static void test_utf8_bom_with_forced_gbk_is_refused(void **state)
{
    (void)state;
    CHECK_ERROR("\xEF\xBB\xBF" "a,b\n", CSV_GBK,
                "line 1: file starts with a UTF-8 byte order mark, but GBK was requested; "
                "use --encoding utf-8");
}

static void test_nul_byte_is_refused_naming_the_line(void **state)
{
    (void)state;
    CHECK_ERROR("a,b\nc,\0d\n", CSV_AUTO, "line 2: NUL byte in file");
    CHECK_ERROR("\0", CSV_AUTO, "line 1: NUL byte in file");
    CHECK_ERROR("a\n\n\"x\ny\0\"\n", CSV_AUTO, "line 4: NUL byte in file");
    CHECK_ERROR("a\n\"x\"\0\n", CSV_AUTO, "line 2: NUL byte in file");
    CHECK_ERROR("a\n\0", CSV_AUTO, "line 2: NUL byte in file");
    CHECK_ERROR(GBK_QSJJ "\na,\0\n", CSV_GBK, "line 2: NUL byte in file");
    /* UTF-16 without a BOM is full of NULs */
    CHECK_ERROR("n\0a\0m\0e\0", CSV_AUTO, "line 1: NUL byte in file");
}

/* ---- CSV syntax errors ------------------------------------------------- */

static void test_quote_inside_unquoted_field_is_an_error_naming_the_line(void **state)
{
    (void)state;
    CHECK_ERROR("a,b\nc,d\"e\n", CSV_AUTO, "line 2: quote inside unquoted field");
    /* on the line after a multi-line field of the same record */
    CHECK_ERROR("x\n\"m\nn\",o\"p\n", CSV_AUTO, "line 3: quote inside unquoted field");
    CHECK_ERROR("ab\"", CSV_AUTO, "line 1: quote inside unquoted field");
}

static void test_text_after_closing_quote_is_an_error_naming_the_line(void **state)
{
    (void)state;
    CHECK_ERROR("a\n\n\"b\"c,d\n", CSV_AUTO, "line 3: unexpected character after closing quote");
    CHECK_ERROR("\"a\nb\" ,c\n", CSV_AUTO, "line 2: unexpected character after closing quote");
}

static void test_unterminated_quote_is_an_error_naming_the_line_it_opens_on(void **state)
{
    (void)state;
    CHECK_ERROR("a\nb\n\"c\nd\ne", CSV_AUTO, "line 3: unterminated quoted field");
    CHECK_ERROR("a,\"", CSV_AUTO, "line 1: unterminated quoted field");
    CHECK_ERROR("a,\"x\r", CSV_AUTO, "line 1: unterminated quoted field");
    CHECK_ERROR("\"x\"\"", CSV_AUTO, "line 1: unterminated quoted field");
    /* a field on a later line of a record */
    CHECK_ERROR("\"a\nb\",\"c", CSV_AUTO, "line 2: unterminated quoted field");
}

static void test_errors_are_sticky(void **state)
{
    (void)state;
    struct src s = SRC("a\"b\nc,d\n", CSV_AUTO);
    assert_null(csv_error(s.r));
    assert_int_equal(csv_next(s.r), -1);
    for (int i = 0; i < 3; i++)
        assert_int_equal(csv_next(s.r), -1);
    assert_string_equal(csv_error(s.r), "line 1: quote inside unquoted field");
    assert_int_equal(csv_nfields(s.r), 0);
    src_close(&s);
}

static void test_read_error_is_reported_with_strerror(void **state)
{
    (void)state;
    /* Reading a directory fails with EISDIR. */
    FILE *f = fopen("/", "r");
    if (!f)
        skip();
    csv_reader *r = csv_open(f, CSV_AUTO);
    char msg[128];
    snprintf(msg, sizeof msg, "read error: %s", strerror(EISDIR));
    expect_error(r, msg);
    csv_close(r);
    fclose(f);
}

/* ---- limits ------------------------------------------------------------ */

static void test_field_of_exactly_the_limit_is_accepted(void **state)
{
    (void)state;
    char *big = repeat('x', CSV_MAX_FIELD_LEN);
    struct bytes b = {0};
    puts_b(&b, "a\n");
    puts_b(&b, big);
    puts_b(&b, ",\"");
    puts_b(&b, big);
    puts_b(&b, "\"\nz\n");
    struct src s = src_open(b.p, b.n, CSV_AUTO);
    EXPECT(s.r, 1, "a");
    EXPECT(s.r, 2, big, big);
    EXPECT(s.r, 3, "z");
    expect_end(s.r);
    src_close(&s);
    free(b.p);
    free(big);
}

static void test_field_longer_than_the_limit_is_an_error_naming_the_line(void **state)
{
    (void)state;
    char msg[128];
    snprintf(msg, sizeof msg, "line 2: field longer than %d bytes", CSV_MAX_FIELD_LEN);

    struct bytes b = {0};
    puts_b(&b, "a\nb,");
    putc_n(&b, 'x', CSV_MAX_FIELD_LEN + 1);
    puts_b(&b, "\n");
    check_error(b.p, b.n, CSV_AUTO, msg);

    /* quoted, starting on line 2 and spanning many lines */
    b.n = 0;
    puts_b(&b, "a\n\"");
    for (int i = 0; i < CSV_MAX_FIELD_LEN / 8 + 1; i++)
        puts_b(&b, "1234567\n");
    puts_b(&b, "\"\n");
    check_error(b.p, b.n, CSV_AUTO, msg);
    free(b.p);
}

static void test_record_of_exactly_the_field_limit_is_accepted(void **state)
{
    (void)state;
    struct bytes b = {0};
    puts_b(&b, "h\n");
    for (int i = 0; i < CSV_MAX_FIELDS - 1; i++)
        puts_b(&b, "v,");
    puts_b(&b, "v\n");
    struct src s = src_open(b.p, b.n, CSV_AUTO);
    EXPECT(s.r, 1, "h");
    assert_int_equal(csv_next(s.r), 1);
    assert_int_equal(csv_nfields(s.r), CSV_MAX_FIELDS);
    assert_string_equal(csv_field(s.r, CSV_MAX_FIELDS - 1), "v");
    expect_end(s.r);
    src_close(&s);
    free(b.p);
}

static void test_record_with_too_many_fields_is_an_error_naming_the_line(void **state)
{
    (void)state;
    char msg[128];
    snprintf(msg, sizeof msg, "line 2: record has more than %d fields", CSV_MAX_FIELDS);
    struct bytes b = {0};
    puts_b(&b, "h\n");
    for (int i = 0; i < CSV_MAX_FIELDS; i++)
        puts_b(&b, "v,");
    puts_b(&b, "v\n");
    check_error(b.p, b.n, CSV_AUTO, msg);

    /* the same with a trailing comma at the end of the file */
    b.n = 0;
    puts_b(&b, "h\n\"\n\",");
    for (int i = 0; i < CSV_MAX_FIELDS - 1; i++)
        puts_b(&b, ",");
    check_error(b.p, b.n, CSV_AUTO, msg);
    free(b.p);
}

/* ---- block boundaries -------------------------------------------------- */

/* Line 1 is "<head>" padded with 'a' so that line 2, "x,<ch>,y", has <ch>
 * starting `shift` bytes before the end of the first block. */
static void check_split(const char *head, const char *ch, const char *ch_utf8,
                        const char *head_utf8, enum csv_encoding enc,
                        enum csv_encoding want_enc)
{
    for (size_t shift = 0; shift <= 4; shift++) {
        struct bytes b = {0};
        size_t pad = CSV_BLOCK_SIZE - shift - strlen("x,") - strlen(head) - 1;
        puts_b(&b, head);
        putc_n(&b, 'a', pad);
        puts_b(&b, "\n");
        puts_b(&b, "x,");
        assert_int_equal(b.n, CSV_BLOCK_SIZE - shift);
        puts_b(&b, ch);
        puts_b(&b, ",y\n");
        for (int l = 0; l < 10; l++) {  /* more blocks */
            for (int i = 0; i < 3000; i++) {
                puts_b(&b, ch);
                puts_b(&b, ",");
            }
            puts_b(&b, "end\n");
        }

        char *line1 = malloc(strlen(head_utf8) + pad + 1);
        assert_non_null(line1);
        strcpy(line1, head_utf8);
        memset(line1 + strlen(head_utf8), 'a', pad);
        line1[strlen(head_utf8) + pad] = '\0';

        struct src s = src_open(b.p, b.n, enc);
        EXPECT(s.r, 1, line1);
        assert_int_equal(csv_encoding_used(s.r), want_enc);
        EXPECT(s.r, 2, "x", ch_utf8, "y");
        for (long l = 0; l < 10; l++) {
            assert_int_equal(csv_next(s.r), 1);
            assert_int_equal(csv_line(s.r), 3 + l);
            assert_int_equal(csv_nfields(s.r), 3001);
            for (size_t i = 0; i < 3000; i++)
                assert_string_equal(csv_field(s.r, i), ch_utf8);
            assert_string_equal(csv_field(s.r, 3000), "end");
        }
        expect_end(s.r);
        src_close(&s);
        free(line1);
        free(b.p);
    }
}

static void test_utf8_character_split_across_the_block_boundary(void **state)
{
    (void)state;
    static const char *const chars[] = {"é", "区", "😀", "\xF4\x8F\xBF\xBF"};
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        check_split("", chars[i], chars[i], "", CSV_AUTO, CSV_UTF8);
        check_split("", chars[i], chars[i], "", CSV_UTF8, CSV_UTF8);
        check_split("\xEF\xBB\xBF", chars[i], chars[i], "", CSV_AUTO, CSV_UTF8);
    }
}

static void test_gbk_sequence_split_across_the_block_boundary(void **state)
{
    (void)state;
    check_split(GBK_QSJJ, GBK_ZHANGSAN, "张三", UTF8_QSJJ, CSV_AUTO, CSV_GBK);
    check_split(GBK_QSJJ, GB18030_U20000, "\xF0\xA0\x80\x80", UTF8_QSJJ, CSV_AUTO, CSV_GBK);
    check_split("", GBK_QSJJ, UTF8_QSJJ, "", CSV_GBK, CSV_GBK);
}

static void test_crlf_split_across_the_block_boundary_counts_one_line(void **state)
{
    (void)state;
    for (int quoted = 0; quoted <= 1; quoted++) {
        struct bytes b = {0};
        if (quoted)
            puts_b(&b, "\"");
        putc_n(&b, 'a', CSV_BLOCK_SIZE - 1 - (size_t)quoted);
        if (quoted)
            puts_b(&b, "\r\nb\"\r\n");
        else
            puts_b(&b, "\r\n");
        assert_int_equal(b.p[CSV_BLOCK_SIZE - 1], '\r');
        puts_b(&b, "next\r\n");
        struct src s = src_open(b.p, b.n, CSV_AUTO);
        assert_int_equal(csv_next(s.r), 1);
        assert_int_equal(csv_line(s.r), 1);
        EXPECT(s.r, quoted ? 3 : 2, "next");
        expect_end(s.r);
        src_close(&s);
        free(b.p);
    }
}

static void test_many_records_stream_across_many_blocks(void **state)
{
    (void)state;
    for (int gbk = 0; gbk <= 1; gbk++) {
        struct bytes b = {0};
        const int n = 200000;
        char line[64];
        for (int i = 0; i < n; i++) {
            int k = snprintf(line, sizeof line, "%s%d,\"q%d\",%d\r\n",
                             gbk ? GBK_ZHANGSAN : "r", i, i % 7, i * 3);
            put(&b, line, (size_t)k);
        }
        struct src s = src_open(b.p, b.n, CSV_AUTO);
        char f0[32], f1[32], f2[32];
        for (int i = 0; i < n; i++) {
            snprintf(f0, sizeof f0, "%s%d", gbk ? "张三" : "r", i);
            snprintf(f1, sizeof f1, "q%d", i % 7);
            snprintf(f2, sizeof f2, "%d", i * 3);
            int rc = csv_next(s.r);
            if (rc != 1)
                fail_msg("record %d: rc %d: %s", i, rc, csv_error(s.r));
            if (csv_nfields(s.r) != 3 || strcmp(csv_field(s.r, 0), f0) != 0 ||
                strcmp(csv_field(s.r, 1), f1) != 0 || strcmp(csv_field(s.r, 2), f2) != 0 ||
                csv_line(s.r) != i + 1)
                fail_msg("record %d differs", i);
        }
        assert_int_equal(csv_encoding_used(s.r), gbk ? CSV_GBK : CSV_UTF8);
        expect_end(s.r);
        src_close(&s);
        free(b.p);
    }
}

static void test_reader_works_on_fmemopen_streams(void **state)
{
    (void)state;
    char data[] = "a,b\n" GBK_QSJJ ",1\n";
    FILE *f = fmemopen(data, sizeof data - 1, "r");
    assert_non_null(f);
    csv_reader *r = csv_open(f, CSV_AUTO);
    EXPECT(r, 1, "a", "b");
    EXPECT(r, 2, UTF8_QSJJ, "1");
    expect_end(r);
    csv_close(r);
    fclose(f);
    csv_close(NULL);
}

/* ---- encoding names ---------------------------------------------------- */

static void test_parse_encoding_accepts_aliases_in_any_case(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        enum csv_encoding enc;
    } ok[] = {
        {"utf-8", CSV_UTF8}, {"UTF-8", CSV_UTF8},  {"utf8", CSV_UTF8},     {"Utf8", CSV_UTF8},
        {"gbk", CSV_GBK},    {"GBK", CSV_GBK},     {"gb2312", CSV_GBK},    {"GB2312", CSV_GBK},
        {"gb18030", CSV_GBK}, {"GB18030", CSV_GBK}, {"cp936", CSV_GBK},    {"CP936", CSV_GBK},
        {"auto", CSV_AUTO},  {"AUTO", CSV_AUTO},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        enum csv_encoding e = (enum csv_encoding)99;
        assert_int_equal(csv_parse_encoding(ok[i].name, &e), 0);
        assert_int_equal(e, ok[i].enc);
    }
    static const char *const bad[] = {"", "latin1", "utf-16", "utf", "gbk ", "936", "big5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        enum csv_encoding e = CSV_GBK;
        assert_int_equal(csv_parse_encoding(bad[i], &e), -1);
        assert_int_equal(e, CSV_GBK);
    }
    enum csv_encoding e = CSV_UTF8;
    assert_int_equal(csv_parse_encoding(NULL, &e), -1);
}

static void test_encoding_names_round_trip(void **state)
{
    (void)state;
    assert_string_equal(csv_encoding_name(CSV_UTF8), "utf-8");
    assert_string_equal(csv_encoding_name(CSV_GBK), "gbk");
    assert_string_equal(csv_encoding_name(CSV_AUTO), "auto");
    enum csv_encoding all[] = {CSV_AUTO, CSV_UTF8, CSV_GBK};
    for (size_t i = 0; i < 3; i++) {
        enum csv_encoding e;
        assert_int_equal(csv_parse_encoding(csv_encoding_name(all[i]), &e), 0);
        assert_int_equal(e, all[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_utf8_records_are_split_on_commas),
        cmocka_unit_test(test_utf8_bom_is_dropped_and_means_utf8),
        cmocka_unit_test(test_crlf_line_endings_end_records),
        cmocka_unit_test(test_lone_cr_ends_a_record_and_counts_a_line),
        cmocka_unit_test(test_quoted_fields_keep_commas_line_breaks_and_doubled_quotes),
        cmocka_unit_test(test_empty_fields_are_kept),
        cmocka_unit_test(test_trailing_comma_gives_a_trailing_empty_field),
        cmocka_unit_test(test_empty_lines_are_skipped_but_counted),
        cmocka_unit_test(test_fields_are_not_trimmed),
        cmocka_unit_test(test_last_line_without_newline_is_returned),
        cmocka_unit_test(test_empty_input_has_no_records),
        cmocka_unit_test(test_line_numbers_continue_after_multiline_fields),
        cmocka_unit_test(test_field_pointers_are_nul_terminated_and_lengths_match),
        cmocka_unit_test(test_gbk_file_is_detected_and_converted),
        cmocka_unit_test(test_forced_gbk_converts_gbk_bytes),
        cmocka_unit_test(test_gb18030_four_byte_sequences_are_converted),
        cmocka_unit_test(test_cp936_euro_byte_0x80_becomes_euro_sign),
        cmocka_unit_test(test_forced_utf8_on_gbk_bytes_is_an_error_naming_the_line),
        cmocka_unit_test(test_records_before_an_encoding_error_are_returned),
        cmocka_unit_test(test_gbk_after_an_ascii_first_block_is_an_error_naming_the_line),
        cmocka_unit_test(test_invalid_utf8_forms_are_rejected),
        cmocka_unit_test(test_utf8_edge_code_points_are_accepted),
        cmocka_unit_test(test_invalid_gbk_is_an_error_naming_the_line),
        cmocka_unit_test(test_utf16_bom_is_refused),
        cmocka_unit_test(test_utf8_bom_with_forced_gbk_is_refused),
        cmocka_unit_test(test_nul_byte_is_refused_naming_the_line),
        cmocka_unit_test(test_quote_inside_unquoted_field_is_an_error_naming_the_line),
        cmocka_unit_test(test_text_after_closing_quote_is_an_error_naming_the_line),
        cmocka_unit_test(test_unterminated_quote_is_an_error_naming_the_line_it_opens_on),
        cmocka_unit_test(test_errors_are_sticky),
        cmocka_unit_test(test_read_error_is_reported_with_strerror),
        cmocka_unit_test(test_field_of_exactly_the_limit_is_accepted),
        cmocka_unit_test(test_field_longer_than_the_limit_is_an_error_naming_the_line),
        cmocka_unit_test(test_record_of_exactly_the_field_limit_is_accepted),
        cmocka_unit_test(test_record_with_too_many_fields_is_an_error_naming_the_line),
        cmocka_unit_test(test_utf8_character_split_across_the_block_boundary),
        cmocka_unit_test(test_gbk_sequence_split_across_the_block_boundary),
        cmocka_unit_test(test_crlf_split_across_the_block_boundary_counts_one_line),
        cmocka_unit_test(test_many_records_stream_across_many_blocks),
        cmocka_unit_test(test_reader_works_on_fmemopen_streams),
        cmocka_unit_test(test_parse_encoding_accepts_aliases_in_any_case),
        cmocka_unit_test(test_encoding_names_round_trip),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
