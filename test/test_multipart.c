/* test_multipart.c — unit tests of the multipart/form-data parser
 * (src/web/multipart.c): browser bodies, boundaries, file names, and every refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/multipart.h"
#include "core/util.h"

/* Chrome's boundary style; the body's boundary lines carry two more dashes. */
#define WEBKIT_BOUNDARY "----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define WEBKIT_TYPE "multipart/form-data; boundary=" WEBKIT_BOUNDARY
#define WEBKIT_LINE "--" WEBKIT_BOUNDARY

/* Binary file contents: CR LF, blank lines, NUL bytes, "--" runs, a CR LF
 * followed by dashes, and a truncated copy of the boundary line. */
static const unsigned char binary_file[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0x00, 0x00, 0x00, 0x0d, '\r', '\n', '\r', '\n',
	'-', '-', 0x00, '-', '-', '\r', '\n', '-', '-', 0xff, 0xfe, '\r', '\n', '-', '-', '-', '-',
	'W', 'e', 'b', 'K', 'i', 't', 0x00, '\r', '\n', '\r', '\n', '-', '-', '\r', '\n', 0x00,
	'-', '-', '-', '-', '-', '-', 'W', 'e', 'b', 'K', 'i', 't', 'F', 'o', 'r', 'm', 0x00, 0xc0,
};

/* The outcome of one parse, freed with parsed_free. */
struct parsed {
	int rc;
	struct mp_part *parts;
	int n;
	struct kp_error e;
};

static struct parsed parse(const char *content_type, const void *body, size_t len)
{
	struct parsed r;
	memset(&r, 0, sizeof r);
	r.n = -1;
	r.rc = multipart_parse(content_type, body, len, &r.parts, &r.n, &r.e);
	return r;
}

static void parsed_free(struct parsed *r)
{
	multipart_free(r->parts, r->n);
	r->parts = NULL;
	r->n = 0;
}

/* Asserts that R is a refusal with exactly MSG, leaving nothing to free. */
static void assert_refused(const struct parsed *r, const char *msg)
{
	assert_int_equal(r->rc, KP_EINPUT);
	assert_int_equal(r->e.code, KP_EINPUT);
	assert_string_equal(r->e.msg, msg);
	assert_null(r->parts);
	assert_int_equal(r->n, 0);
}

/* Asserts that PART's data is exactly the N bytes at BODY + OFF. */
static void assert_data_at(const struct mp_part *part, const struct strbuf *body, size_t off, const void *bytes,
			   size_t n)
{
	assert_ptr_equal(part->data, (const unsigned char *)body->s + off);
	assert_int_equal(part->len, n);
	assert_memory_equal(part->data, bytes, n);
}

/* Appends one part (Content-Disposition line DISPOSITION, optional
 * Content-Type, then N bytes of DATA) after boundary line LINE; returns the
 * offset of the data in B. */
static size_t add_part(struct strbuf *b, const char *line, const char *disposition, const char *type,
		       const void *data, size_t n)
{
	sb_addf(b, "%s\r\nContent-Disposition: form-data; %s\r\n", line, disposition);
	if (type)
		sb_addf(b, "Content-Type: %s\r\n", type);
	sb_adds(b, "\r\n");
	size_t off = b->len;
	sb_add(b, data, n);
	sb_adds(b, "\r\n");
	return off;
}

/* ---- accepted bodies --------------------------------------------------- */

static void test_browser_body_gives_two_fields_and_a_binary_file_byte_for_byte(void **state)
{
	(void)state;
	struct strbuf b = {0};
	size_t unit_off = add_part(&b, WEBKIT_LINE, "name=\"unit\"", NULL, "区审计局", strlen("区审计局"));
	size_t year_off = add_part(&b, WEBKIT_LINE, "name=\"year\"", NULL, "2024", 4);
	size_t file_off = add_part(&b, WEBKIT_LINE, "name=\"evidence\"; filename=\"scan.png\"", "image/png",
				   binary_file, sizeof binary_file);
	sb_adds(&b, WEBKIT_LINE "--\r\n");

	struct parsed r = parse(WEBKIT_TYPE, b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.e.code, 0);
	assert_int_equal(r.n, 3);

	assert_string_equal(r.parts[0].name, "unit");
	assert_null(r.parts[0].filename);
	assert_null(r.parts[0].type);
	assert_data_at(&r.parts[0], &b, unit_off, "区审计局", strlen("区审计局"));

	assert_string_equal(r.parts[1].name, "year");
	assert_null(r.parts[1].filename);
	assert_data_at(&r.parts[1], &b, year_off, "2024", 4);

	assert_string_equal(r.parts[2].name, "evidence");
	assert_string_equal(r.parts[2].filename, "scan.png");
	assert_string_equal(r.parts[2].type, "image/png");
	assert_data_at(&r.parts[2], &b, file_off, binary_file, sizeof binary_file);

	parsed_free(&r);
	sb_free(&b);
}

static void test_file_content_type_is_kept_as_sent(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, "--AaB03x", "name=\"report\"; filename=\"r.pdf\"", "application/pdf", "%PDF-1.7", 8);
	add_part(&b, "--AaB03x", "name=\"sheet\"; filename=\"s.xlsx\"",
		 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK", 2);
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.parts[0].type, "application/pdf");
	assert_string_equal(r.parts[1].type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	parsed_free(&r);
	sb_free(&b);
}

static void test_unquoted_boundary_ends_at_semicolon_or_space(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x\r\n"
				   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
				   "1\r\n"
				   "--AaB03x--\r\n";
	static const char *const types[] = {
		"multipart/form-data; boundary=AaB03x",
		"multipart/form-data; boundary=AaB03x; charset=UTF-8",
		"multipart/form-data; boundary=AaB03x ",
		"Multipart/Form-Data; BOUNDARY=AaB03x",
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		struct parsed r = parse(types[i], body, sizeof body - 1);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.n, 1);
		assert_string_equal(r.parts[0].name, "a");
		assert_ptr_equal(r.parts[0].data, (const unsigned char *)strstr(body, "\r\n\r\n") + 4);
		assert_int_equal(r.parts[0].len, 1);
		assert_memory_equal(r.parts[0].data, "1", 1);
		parsed_free(&r);
	}
}

static void test_quoted_boundary_may_hold_spaces_and_semicolons(void **state)
{
	(void)state;
	static const char body[] = "--gc0p4Jq0M2Yt08j34c0p; x y\r\n"
				   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
				   "value\r\n"
				   "--gc0p4Jq0M2Yt08j34c0p; x y--\r\n";
	struct parsed r = parse("multipart/form-data; boundary=\"gc0p4Jq0M2Yt08j34c0p; x y\"; charset=utf-8", body,
				sizeof body - 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.parts[0].len, 5);
	assert_memory_equal(r.parts[0].data, "value", 5);
	parsed_free(&r);
}

static void test_utf8_filename_with_space_is_kept(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, "--AaB03x", "name=\"minutes\"; filename=\"区审计局 会议纪要.pdf\"", "application/pdf", "%PDF", 4);
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.parts[0].filename, "区审计局 会议纪要.pdf");
	parsed_free(&r);
	sb_free(&b);
}

static void test_filename_backslash_escaped_quote_is_unescaped_and_percent22_kept(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, "--AaB03x", "name=\"f1\"; filename=\"say \\\"hi\\\".txt\"", "text/plain", "x", 1);
	add_part(&b, "--AaB03x", "name=\"f2\"; filename=\"say %22hi%22.txt\"", "text/plain", "y", 1);
	add_part(&b, "--AaB03x", "name=\"f3\"; filename=\"a\\\\b.txt\"", "text/plain", "z", 1);
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.parts[0].filename, "say \"hi\".txt");
	assert_string_equal(r.parts[1].filename, "say %22hi%22.txt");
	assert_string_equal(r.parts[2].filename, "a\\b.txt");
	parsed_free(&r);
	sb_free(&b);
}

static void test_filename_holding_name_equals_does_not_change_the_field_name(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, "--AaB03x", "name=\"doc\"; filename=\"x; name=evil.txt\"", "text/plain", "x", 1);
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.parts[0].name, "doc");
	assert_string_equal(r.parts[0].filename, "x; name=evil.txt");
	parsed_free(&r);
	sb_free(&b);
}

static void test_preamble_and_epilogue_are_ignored(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_adds(&b, "This is a message with multiple parts in MIME format.\r\n-- not a boundary --\r\n");
	size_t off = add_part(&b, "--AaB03x", "name=\"a\"", NULL, "kept", 4);
	sb_adds(&b, "--AaB03x--\r\nThis is the epilogue.\r\n--AaB03x\r\nContent-Disposition: garbage\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.parts[0].name, "a");
	assert_data_at(&r.parts[0], &b, off, "kept", 4);
	parsed_free(&r);
	sb_free(&b);
}

static void test_empty_file_part_has_zero_length_data_at_its_place(void **state)
{
	(void)state;
	struct strbuf b = {0};
	/* What a browser sends for a file input left empty. */
	size_t off = add_part(&b, WEBKIT_LINE, "name=\"evidence\"; filename=\"\"", "application/octet-stream", "", 0);
	size_t note_off = add_part(&b, WEBKIT_LINE, "name=\"note\"", NULL, "", 0);
	sb_adds(&b, WEBKIT_LINE "--\r\n");
	struct parsed r = parse(WEBKIT_TYPE, b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.parts[0].name, "evidence");
	assert_string_equal(r.parts[0].filename, "");
	assert_string_equal(r.parts[0].type, "application/octet-stream");
	assert_ptr_equal(r.parts[0].data, (const unsigned char *)b.s + off);
	assert_int_equal(r.parts[0].len, 0);
	assert_ptr_equal(r.parts[1].data, (const unsigned char *)b.s + note_off);
	assert_int_equal(r.parts[1].len, 0);
	parsed_free(&r);
	sb_free(&b);
}

static void test_body_with_only_a_closing_boundary_has_no_parts(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x--\r\n";
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", body, sizeof body - 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 0);
	parsed_free(&r);
}

static void test_exactly_64_parts_are_accepted(void **state)
{
	(void)state;
	struct strbuf b = {0};
	for (int i = 0; i < MULTIPART_MAX_PARTS; i++) {
		char disp[32];
		snprintf(disp, sizeof disp, "name=\"f%d\"", i);
		add_part(&b, "--AaB03x", disp, NULL, "v", 1);
	}
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, MULTIPART_MAX_PARTS);
	assert_string_equal(r.parts[63].name, "f63");
	parsed_free(&r);
	sb_free(&b);
}

static void test_repeated_part_headers_keep_the_last_and_leak_nothing(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x\r\n"
				   "Content-Disposition: form-data; name=\"first\"; filename=\"a.txt\"\r\n"
				   "Content-Type: text/plain\r\n"
				   "Content-Disposition: form-data; name=\"second\"\r\n"
				   "Content-Type: text/csv\r\n"
				   "\r\n"
				   "x\r\n"
				   "--AaB03x--\r\n";
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", body, sizeof body - 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.parts[0].name, "second");
	assert_null(r.parts[0].filename);
	assert_string_equal(r.parts[0].type, "text/csv");
	parsed_free(&r);
}

/* ---- refusals ---------------------------------------------------------- */

#define NOT_MULTIPART "upload: Content-Type is not multipart/form-data with a boundary"

static const char simple_body[] = "--AaB03x\r\n"
				  "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
				  "1\r\n"
				  "--AaB03x--\r\n";

static void test_content_type_without_boundary_is_refused(void **state)
{
	(void)state;
	static const char *const types[] = {
		"multipart/form-data",
		"multipart/form-data; charset=utf-8",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		/* RFC 2046: at most 70 characters */
		"multipart/form-data; boundary=12345678901234567890123456789012345678901234567890123456789012345678901",
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		struct parsed r = parse(types[i], simple_body, sizeof simple_body - 1);
		assert_refused(&r, NOT_MULTIPART);
	}
}

static void test_content_type_that_is_not_multipart_is_refused(void **state)
{
	(void)state;
	static const char *const types[] = {
		"application/x-www-form-urlencoded",
		"multipart/mixed; boundary=AaB03x",
		"text/plain; boundary=AaB03x",
		"",
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		struct parsed r = parse(types[i], simple_body, sizeof simple_body - 1);
		assert_refused(&r, NOT_MULTIPART);
	}
	struct parsed r = parse(NULL, simple_body, sizeof simple_body - 1);
	assert_refused(&r, NOT_MULTIPART);
}

static void test_body_without_the_boundary_is_refused(void **state)
{
	(void)state;
	struct parsed r = parse("multipart/form-data; boundary=Other", simple_body, sizeof simple_body - 1);
	assert_refused(&r, "upload: the body has no boundary");
	r = parse("multipart/form-data; boundary=AaB03x", "", 0);
	assert_refused(&r, "upload: the body has no boundary");
}

static void test_truncated_upload_without_closing_boundary_is_refused(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, WEBKIT_LINE, "name=\"unit\"", NULL, "区审计局", strlen("区审计局"));
	add_part(&b, WEBKIT_LINE, "name=\"evidence\"; filename=\"scan.png\"", "image/png", binary_file,
		 sizeof binary_file);
	sb_adds(&b, WEBKIT_LINE "--\r\n");
	size_t whole = b.len;
	/* Cut anywhere inside the file's data or its closing boundary line:
	 * from the data's start up to just before the final "--". */
	const char *msg = "upload: the body ends without its closing boundary (upload cut short?)";
	size_t data_end = whole - strlen("\r\n" WEBKIT_LINE "--\r\n");
	for (size_t cut = data_end - sizeof binary_file; cut < whole - 4; cut++) {
		struct parsed r = parse(WEBKIT_TYPE, b.s, cut);
		assert_refused(&r, msg);
	}
	/* Cut right after the last boundary's name, before "--": */
	struct parsed r = parse(WEBKIT_TYPE, b.s, whole - 4);
	assert_refused(&r, "upload: malformed boundary line");
	sb_free(&b);
}

static void test_boundary_line_followed_by_garbage_is_refused(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x\r\n"
				   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
				   "1\r\n"
				   "--AaB03xZ\r\n";
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", body, sizeof body - 1);
	assert_refused(&r, "upload: malformed boundary line");
}

static void test_part_without_a_name_is_refused(void **state)
{
	(void)state;
	static const char *const dispositions[] = {
		"filename=\"a.pdf\"",
		"name=\"\"",
		"name=",
		"filename=\"name=x\"",
	};
	for (size_t i = 0; i < sizeof dispositions / sizeof *dispositions; i++) {
		struct strbuf b = {0};
		add_part(&b, "--AaB03x", "name=\"ok\"", NULL, "1", 1);
		add_part(&b, "--AaB03x", dispositions[i], NULL, "2", 1);
		sb_adds(&b, "--AaB03x--\r\n");
		struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
		assert_refused(&r, "upload: part 2 has no name, or a name that is not UTF-8");
		sb_free(&b);
	}
	/* No Content-Disposition at all. */
	static const char body[] = "--AaB03x\r\nContent-Type: text/plain\r\n\r\nx\r\n--AaB03x--\r\n";
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", body, sizeof body - 1);
	assert_refused(&r, "upload: part 1 has no name, or a name that is not UTF-8");
}

static void test_more_than_64_parts_are_refused(void **state)
{
	(void)state;
	struct strbuf b = {0};
	for (int i = 0; i < MULTIPART_MAX_PARTS + 1; i++)
		add_part(&b, "--AaB03x", "name=\"f\"", NULL, "v", 1);
	sb_adds(&b, "--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_refused(&r, "upload: more than 64 parts");
	sb_free(&b);
}

static void test_part_headers_without_blank_line_are_refused(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x\r\n"
				   "Content-Disposition: form-data; name=\"a\"\r\n"
				   "value\r\n"
				   "--AaB03x--\r\n";
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", body, sizeof body - 1);
	assert_refused(&r, "upload: part 1 has no end of headers");
}

static void test_part_headers_longer_than_8k_are_refused(void **state)
{
	(void)state;
	struct strbuf b = {0};
	add_part(&b, "--AaB03x", "name=\"a\"", NULL, "1", 1);
	sb_adds(&b, "--AaB03x\r\nContent-Disposition: form-data; name=\"b\"\r\nX-Padding: ");
	for (int i = 0; i < 9000; i++)
		sb_addc(&b, 'x');
	sb_adds(&b, "\r\n\r\n2\r\n--AaB03x--\r\n");
	struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
	assert_refused(&r, "upload: part 2 has no end of headers");
	sb_free(&b);
}

static void test_field_or_file_name_not_utf8_is_refused(void **state)
{
	(void)state;
	static const char *const dispositions[] = {
		"name=\"\xc7\xf8\xc9\xf3\"", /* "区审" in GBK */
		"name=\xc0\xaf",             /* overlong "/" */
		"name=\"ok\"; filename=\"\xbb\xe1\xd2\xe9.pdf\"", /* "会议" in GBK */
		"name=\"\xed\xa0\x80\"",     /* a surrogate */
	};
	for (size_t i = 0; i < sizeof dispositions / sizeof *dispositions; i++) {
		struct strbuf b = {0};
		add_part(&b, "--AaB03x", dispositions[i], NULL, "x", 1);
		sb_adds(&b, "--AaB03x--\r\n");
		struct parsed r = parse("multipart/form-data; boundary=AaB03x", b.s, b.len);
		assert_refused(&r, "upload: part 1 has no name, or a name that is not UTF-8");
		sb_free(&b);
	}
}

/* A quoted filename holding "name=" before the real name parameter must
 * not set the field's name: parameters are read in order. */
static void test_filename_before_name_cannot_fake_the_field_name(void **state)
{
	(void)state;
	static const char body[] = "--AaB03x\r\nContent-Disposition: form-data; filename=\"x name=evil\"; name=\"real\"\r\n\r\n"
				   "data\r\n--AaB03x--\r\n";
	struct mp_part *parts;
	int n;
	struct kp_error e = {0};
	assert_int_equal(multipart_parse("multipart/form-data; boundary=AaB03x", (const unsigned char *)body, sizeof body - 1,
					 &parts, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(parts[0].name, "real");
	assert_string_equal(parts[0].filename, "x name=evil");
	multipart_free(parts, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filename_before_name_cannot_fake_the_field_name),
		cmocka_unit_test(test_browser_body_gives_two_fields_and_a_binary_file_byte_for_byte),
		cmocka_unit_test(test_file_content_type_is_kept_as_sent),
		cmocka_unit_test(test_unquoted_boundary_ends_at_semicolon_or_space),
		cmocka_unit_test(test_quoted_boundary_may_hold_spaces_and_semicolons),
		cmocka_unit_test(test_utf8_filename_with_space_is_kept),
		cmocka_unit_test(test_filename_backslash_escaped_quote_is_unescaped_and_percent22_kept),
		cmocka_unit_test(test_filename_holding_name_equals_does_not_change_the_field_name),
		cmocka_unit_test(test_preamble_and_epilogue_are_ignored),
		cmocka_unit_test(test_empty_file_part_has_zero_length_data_at_its_place),
		cmocka_unit_test(test_body_with_only_a_closing_boundary_has_no_parts),
		cmocka_unit_test(test_exactly_64_parts_are_accepted),
		cmocka_unit_test(test_repeated_part_headers_keep_the_last_and_leak_nothing),
		cmocka_unit_test(test_content_type_without_boundary_is_refused),
		cmocka_unit_test(test_content_type_that_is_not_multipart_is_refused),
		cmocka_unit_test(test_body_without_the_boundary_is_refused),
		cmocka_unit_test(test_truncated_upload_without_closing_boundary_is_refused),
		cmocka_unit_test(test_boundary_line_followed_by_garbage_is_refused),
		cmocka_unit_test(test_part_without_a_name_is_refused),
		cmocka_unit_test(test_more_than_64_parts_are_refused),
		cmocka_unit_test(test_part_headers_without_blank_line_are_refused),
		cmocka_unit_test(test_part_headers_longer_than_8k_are_refused),
		cmocka_unit_test(test_field_or_file_name_not_utf8_is_refused),
	};
	return cmocka_run_group_tests_name("multipart", tests, NULL, NULL);
}
