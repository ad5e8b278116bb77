/* test_html.c — unit tests of the escaping printf: each conversion with
 * hostile and non-ASCII input, URL decoding, buffer growth, the abort on an
 * unknown conversion, and the build-time checker tools/check-html.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/chart.h"
#include "io/gz.h"
#include "web/html.h"
#include "testutil.h"

#define FFFD "\xEF\xBF\xBD"

/* Returns what html_vprintf makes of FMT and its arguments (static buffer
 * reused by the next call; plenty for these tests). */
static const char *fmt(const char *format, ...)
{
	static struct strbuf b;
	va_list ap;
	sb_reset(&b);
	va_start(ap, format);
	html_vprintf(&b, format, ap);
	va_end(ap);
	return sb_str(&b);
}

static void test_h_escapes_markup_quotes_and_ampersands(void **state)
{
	(void)state;
	assert_string_equal(fmt("<p>%h</p>", "<script>alert(1)</script>"),
			    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	assert_string_equal(fmt("%h", "\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
	assert_string_equal(fmt("%h", "'"), "&#39;");
	/* Already-escaped text is text: it is escaped again, on purpose. */
	assert_string_equal(fmt("%h", "&amp;"), "&amp;amp;");
	assert_string_equal(fmt("%h", "a<b>c&d\"e'f"), "a&lt;b&gt;c&amp;d&quot;e&#39;f");
	assert_string_equal(fmt("%h", "plain text 123"), "plain text 123");
}

static void test_a_keeps_attribute_values_inside_their_quotes(void **state)
{
	(void)state;
	assert_string_equal(fmt("<input value=\"%a\">", "\" onmouseover=\"x"),
			    "<input value=\"&quot; onmouseover=&quot;x\">");
	assert_string_equal(fmt("<a title='%a'>", "' onclick='x"),
			    "<a title='&#39; onclick=&#39;x'>");
	assert_string_equal(fmt("%a", "<script>alert(1)</script>"),
			    "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_string_equal(fmt("%a", "&amp;"), "&amp;amp;");
}

static void test_h_and_a_leave_chinese_text_untouched(void **state)
{
	(void)state;
	const char *zh = "区审计局：整改完成（第３批）😀";
	assert_string_equal(fmt("%h", zh), zh);
	assert_string_equal(fmt("%a", zh), zh);
	assert_string_equal(fmt("<td>%h</td>", "区审计局<b>"), "<td>区审计局&lt;b&gt;</td>");
}

static void test_invalid_utf8_becomes_one_fffd_per_byte(void **state)
{
	(void)state;
	assert_string_equal(fmt("%h", "a\xff" "b"), "a" FFFD "b");
	/* Cut short at the end, and before an ASCII byte. */
	assert_string_equal(fmt("%h", "x\xe5\x8c"), "x" FFFD FFFD);
	assert_string_equal(fmt("%h", "\xe5\x8c<"), FFFD FFFD "&lt;");
	/* Overlong "/" and a UTF-16 surrogate are not UTF-8. */
	assert_string_equal(fmt("%h", "\xc0\xaf"), FFFD FFFD);
	assert_string_equal(fmt("%a", "\xed\xa0\x80"), FFFD FFFD FFFD);
	/* Beyond U+10FFFF, and a stray continuation byte between characters. */
	assert_string_equal(fmt("%h", "\xf4\x90\x80\x80"), FFFD FFFD FFFD FFFD);
	assert_string_equal(fmt("%h", "区\x80局"), "区" FFFD "局");
	assert_string_equal(fmt("%j", "a\xfe\"b"), "a" FFFD "\\\"b");
	/* Whatever goes in, what comes out is valid UTF-8. */
	const char *out = fmt("%h%a%j", "\xc3\x28\xa0\xa1", "\xe2\x82", "\xf0\x28\x8c\xbc");
	assert_true(utf8_valid(out, strlen(out)));
}

static void test_u_percent_encodes_utf8_and_reserved_characters(void **state)
{
	(void)state;
	assert_string_equal(fmt("%u", "区审计局"), "%E5%8C%BA%E5%AE%A1%E8%AE%A1%E5%B1%80");
	assert_string_equal(fmt("%u", "a b&c=d/e?"), "a%20b%26c%3Dd%2Fe%3F");
	assert_string_equal(fmt("%u", "AZaz09-_.~"), "AZaz09-_.~");
	assert_string_equal(fmt("%u", "\"'<>#%+"), "%22%27%3C%3E%23%25%2B");
	assert_string_equal(fmt("<a href=\"/unit?name=%u&amp;y=%d\">", "区 局", 2024),
			    "<a href=\"/unit?name=%E5%8C%BA%20%E5%B1%80&amp;y=2024\">");
}

/* Decodes S (all of it) and compares with WANT; NULL WANT means refused. */
static void assert_decodes(const char *s, const char *want)
{
	char *got = url_decode(s, strlen(s));
	if (!want) {
		if (got)
			fail_msg("url_decode(\"%s\") gave \"%s\", wanted a refusal", s, got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_url_decode_round_trips_url_escape(void **state)
{
	(void)state;
	const char *samples[] = {
		"区审计局", "a b&c=d/e?", "1+1=2", "100%", "<script>alert(1)</script>",
		"\" onmouseover=\"x", "tab\there\nnewline", "~-_.", "", "😀 ＡＢ　全角",
	};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		struct strbuf b = {0};
		url_escape(&b, samples[i]);
		char *back = url_decode(b.s ? b.s : "", b.len);
		assert_non_null(back);
		assert_string_equal(back, samples[i]);
		free(back);
		sb_free(&b);
	}
	assert_decodes("a+b%20c", "a b c");
	assert_decodes("%e5%8c%ba%E5%AE%A1", "区审");
	assert_decodes("%2B", "+");
	assert_decodes("区审计局", "区审计局");
	/* Only N bytes are read: what follows is not part of the component. */
	char *part = url_decode("abc%2", 3);
	assert_string_equal(part, "abc");
	free(part);
	part = url_decode("name=x&y", 4);
	assert_string_equal(part, "name");
	free(part);
}

static void test_url_decode_refuses_bad_escapes_nul_and_invalid_utf8(void **state)
{
	(void)state;
	assert_decodes("%G1", NULL);
	assert_decodes("%1G", NULL);
	assert_decodes("abc%", NULL);
	assert_decodes("abc%4", NULL);
	assert_decodes("%%41", NULL);
	assert_decodes("%00", NULL);
	assert_decodes("a%00b", NULL);
	assert_decodes("%FF", NULL);
	assert_decodes("%C0%AF", NULL);       /* overlong "/" */
	assert_decodes("%ED%A0%80", NULL);    /* surrogate */
	assert_decodes("%E5%8C", NULL);       /* cut short */
	assert_decodes("ok\xe5\x8c", NULL);   /* raw invalid bytes too */
	/* A NUL byte inside the N bytes is refused like %00. */
	assert_null(url_decode("a\0b", 3));
	/* An escape cut off by N is malformed even if the string goes on. */
	assert_null(url_decode("%41", 2));
}

static void test_j_escapes_quotes_backslashes_and_control_characters(void **state)
{
	(void)state;
	assert_string_equal(fmt("%j", "say \"hi\""), "say \\\"hi\\\"");
	assert_string_equal(fmt("%j", "C:\\dir\\"), "C:\\\\dir\\\\");
	assert_string_equal(fmt("%j", "a\nb\rc\td"), "a\\nb\\rc\\td");
	assert_string_equal(fmt("%j", "\x01\x1f\b\f\x7f"), "\\u0001\\u001f\\u0008\\u000c\x7f");
	assert_string_equal(fmt("{\"unit\":\"%j\"}", "区审计局"), "{\"unit\":\"区审计局\"}");
	/* JSON needs no HTML escaping: & ' > stay as they are. */
	assert_string_equal(fmt("%j", "a&b'c>d"), "a&b'c>d");
}

static void test_j_is_safe_inside_a_script_element(void **state)
{
	(void)state;
	assert_string_equal(fmt("%j", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c"), "a\\u2028b\\u2029c");
	assert_string_equal(fmt("<script>var s = \"%j\";</script>", "</script><script>alert(1)</script>"),
			    "<script>var s = \"<\\/script><script>alert(1)<\\/script>\";</script>");
	assert_string_equal(fmt("%j", "</SCRIPT"), "<\\/SCRIPT");
	assert_string_equal(fmt("%j", "<!--<script>"), "\\u003c!--<script>");
	assert_string_equal(fmt("%j", "a < b <"), "a < b <");
}

static void test_j_output_parses_back_with_jansson(void **state)
{
	(void)state;
	const char *samples[] = {
		"say \"hi\" \\ </script> <!-- \x01\x1f\n\r\t",
		"区审计局\xe2\x80\xa8\xe2\x80\xa9😀",
		"",
	};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		const char *doc = fmt("[\"%j\"]", samples[i]);
		json_error_t je;
		json_t *v = json_loads(doc, 0, &je);
		if (!v)
			fail_msg("%s: %s", doc, je.text);
		assert_string_equal(json_string_value(json_array_get(v, 0)), samples[i]);
		json_decref(v);
	}
}

static void test_P_prints_points_in_tenths(void **state)
{
	(void)state;
	assert_string_equal(fmt("%P", 0), "0");
	assert_string_equal(fmt("%P", 5), "0.5");
	assert_string_equal(fmt("%P", 35), "3.5");
	assert_string_equal(fmt("%P", 40), "4");
	assert_string_equal(fmt("%P", 1000), "100");
	assert_string_equal(fmt("%P", -5), "-0.5");
	assert_string_equal(fmt("%P/%P分", 35, 1000), "3.5/100分");
}

static void test_null_strings_print_as_nothing(void **state)
{
	(void)state;
	const char *none = NULL;
	assert_string_equal(fmt("[%h|%a|%u|%j|%s]", none, none, none, none, none), "[||||]");
	struct strbuf b = {0};
	html_escape(&b, NULL);
	url_escape(&b, NULL);
	json_escape(&b, NULL);
	assert_string_equal(sb_str(&b), "");
	sb_free(&b);
}

static void test_percent_sign_and_integers_print_as_printf(void **state)
{
	(void)state;
	assert_string_equal(fmt("100%%"), "100%");
	assert_string_equal(fmt("%%h %%%d%%", 5), "%h %5%");
	char *want = xasprintf("0 %d %ld %lld %zu", INT_MIN, LONG_MAX, LLONG_MIN, SIZE_MAX);
	assert_string_equal(fmt("%d %d %ld %lld %zu", 0, INT_MIN, LONG_MAX, LLONG_MIN, SIZE_MAX), want);
	free(want);
	/* Each conversion takes its own argument type, in order. */
	assert_string_equal(fmt("%h=%lld,%u=%zu,%P", "<x>", 1LL << 40, "a b", (size_t)7, 15),
			    "&lt;x&gt;=1099511627776,a%20b=7,1.5");
	assert_string_equal(fmt("no conversions"), "no conversions");
	assert_string_equal(fmt(""), "");
}

static void test_s_prints_trusted_fragments_raw(void **state)
{
	(void)state;
	struct strbuf row_html = {0};
	html_printf(&row_html, "<td>%h</td>", "<区>");
	assert_string_equal(fmt("<tr>%s</tr>", sb_str(&row_html)), "<tr><td>&lt;区&gt;</td></tr>");
	sb_free(&row_html);
}

static void test_printf_appends_to_what_the_buffer_holds(void **state)
{
	(void)state;
	struct strbuf b = {0};
	sb_adds(&b, "<ul>");
	html_printf(&b, "<li>%h</li>", "a&b");
	html_printf(&b, "<li>%d</li></ul>", 2);
	assert_string_equal(sb_str(&b), "<ul><li>a&amp;b</li><li>2</li></ul>");
	assert_int_equal(b.len, strlen(b.s));
	sb_free(&b);
}

static void test_long_output_grows_the_buffer(void **state)
{
	(void)state;
	/* One 100 KB argument: every byte becomes a 4-byte entity. */
	size_t n = 100 * 1024;
	char *in = malloc(n + 1);
	memset(in, '<', n);
	in[n] = 0;
	struct strbuf b = {0};
	html_printf(&b, "[%h]", in);
	assert_int_equal(b.len, 4 * n + 2);
	assert_int_equal(strlen(sb_str(&b)), b.len);
	assert_memory_equal(b.s, "[&lt;&lt;", 9);
	assert_memory_equal(b.s + b.len - 5, "&lt;]", 5);
	sb_free(&b);
	/* Many small appends, mixed Chinese text, past 100 KB. */
	for (int i = 0; i < 5000; i++)
		html_printf(&b, "<li>%d %h</li>\n", i, "区审计局&");
	const char *line = "<li>4999 区审计局&amp;</li>\n";
	assert_true(b.len > 100 * 1024);
	assert_string_equal(b.s + b.len - strlen(line), line);
	assert_memory_equal(b.s, "<li>0 区审计局&amp;</li>\n<li>1 ", 33);
	sb_free(&b);
	free(in);
}

/* Runs html_printf(FORMAT) in a child and returns how it ended (as from
 * waitpid); what it wrote on stderr goes to ERR (at most ERRLEN - 1 bytes). */
static int run_in_child(const char *format, char *err, size_t errlen)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		struct strbuf b = {0};
		html_printf(&b, format, "x", 1);
		_exit(0);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t k;
	while (len + 1 < errlen && (k = read(fds[0], err + len, errlen - 1 - len)) > 0)
		len += (size_t)k;
	err[len] = 0;
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_unknown_conversion_or_flag_aborts_with_a_message(void **state)
{
	(void)state;
	const char *bad[] = {"%q", "<p>%x</p>", "%5d", "%-s", "%.3s", "%c", "%lu", "%l", "%z",
			     "%lx", "%i", "%H", "trailing %"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char err[512];
		int status = run_in_child(bad[i], err, sizeof err);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
			fail_msg("html_printf(\"%s\") did not abort (status %d)", bad[i], status);
		assert_non_null(strstr(err, "unsupported conversion"));
		assert_non_null(strstr(err, bad[i]));
	}
	/* The known conversions do not abort. */
	char err[512];
	int status = run_in_child("%h %d %%", err, sizeof err);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* Runs tools/check-html.sh on FILES (from the source tree's top directory,
 * where make runs the tests) and returns its exit status; its report goes
 * to OUT (caller frees). */
static int run_checker(const char *files, char **out)
{
	if (access("tools/check-html.sh", R_OK) != 0)
		fail_msg("tools/check-html.sh not found: run the tests from the source tree's top directory");
	const char *report = scratch_path("report.txt");
	char *cmd = xasprintf("sh tools/check-html.sh %s > '%s' 2>&1", files, report);
	int status = system(cmd);
	free(cmd);
	*out = read_file(report, NULL);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Asserts that REPORT has a line starting "FILE:WANT". */
static void assert_reported(const char *report, const char *file, const char *want)
{
	char *line = xasprintf("%s:%s", file, want);
	if (!strstr(report, line))
		fail_msg("no \"%s\" in the report:\n%s", line, report);
	free(line);
}

static void test_checker_flags_nonliteral_formats_and_raw_user_data(void **state)
{
	(void)state;
	scratch_dir();
	/* A wrapper in one file, its callers in another. */
	const char *wrap_c = scratch_path("wrap.c");
	const char *wrap =
		"/* html_printf(b, fmt) in a comment is not a call */\n"
		"void out(struct web *w, const char *fmt, ...)\n"
		"{\n"
		"\tva_list ap;\n"
		"\tva_start(ap, fmt);\n"
		"\thtml_vprintf(&w->body, fmt, ap);\n"
		"\tva_end(ap);\n"
		"}\n";
	write_file(wrap_c, wrap, strlen(wrap));
	const char *use_c = scratch_path("use.c");
	const char *use =
		"void html_printf(struct strbuf *b, const char *fmt, ...);\n"
		"static void page(struct web *w, struct strbuf *b, const char *name, const char *title_html)\n"
		"{\n"
		"\thtml_printf(b, \"<p>%h</p><a href=\\\"?n=%u\\\">%s</a>\", name, name, title_html);\n"
		"\tout(w, \"%s%s%s\", \"<hr>\", sb_str(&p->body_html), ok ? \"\" : \"<br>\");\n"
		"\tout(w, \"<p>%s</p>\",\n"
		"\t\tname);\n"
		"\thtml_printf(b, fmt, name);\n"
		"\thtml_vprintf(b, name, ap);\n"
		"\tout(w, \"%q\", name);\n"
		"\thtml_printf(b, \"%h %h\", name);\n"
		"\tconst char *s = \"html_printf(b, name)\";\n"
		"\tout(w, \"%s\", ok ? name : \"\");\n"
		"}\n";
	write_file(use_c, use, strlen(use));
	char *files = xasprintf("'%s' '%s'", use_c, wrap_c);
	char *out;
	assert_int_equal(run_checker(files, &out), 1);
	assert_reported(out, use_c, "6: out: %s prints raw: name");
	assert_reported(out, use_c, "8: html_printf: format is not a string literal: fmt");
	assert_reported(out, use_c, "9: html_vprintf: format is not a string literal: name");
	assert_reported(out, use_c, "10: out: unsupported conversion %q");
	assert_reported(out, use_c, "11: html_printf: format has 2 conversions but there are 1 arguments");
	assert_reported(out, use_c, "13: out: %s prints raw: ok ? name : \"\"");
	/* Exactly those six: not the comment, declaration, string, good calls
	 * or the wrapper forwarding its own format. */
	int lines = 0;
	for (const char *p = out; (p = strchr(p, '\n')); p++)
		lines++;
	if (lines != 6)
		fail_msg("expected 6 reports, got:\n%s", out);
	free(out);
	free(files);
}

static void test_checker_passes_html_c(void **state)
{
	(void)state;
	scratch_dir();
	char *out;
	int rc = run_checker("src/web/html.c", &out);
	if (rc != 0)
		fail_msg("check-html.sh src/web/html.c:\n%s", out);
	assert_string_equal(out, "");
	free(out);
}

static void test_gzip_is_accepted_as_accept_encoding_lists_it(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		bool accepted;
	} cases[] = {
		{NULL, false},
		{"", false},
		{"gzip", true},
		{"GZip", true},
		{"x-gzip", true},
		{"gzip, deflate, br", true}, /* what browsers send */
		{"deflate, gzip;q=0.5", true},
		{"br ; q=1.0, gzip ; q=0.001", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"gzip;Q=0.0, deflate", false},
		{"identity", false},
		{"gzipper, xgzip", false},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false}, /* gzip named and refused: "*" does not bring it back */
		{"*;q=0, gzip", true},
		{"deflate;q=1, *;q=0.1", true},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (gz_accepted(cases[i].header) != cases[i].accepted)
			fail_msg("Accept-Encoding: %s: want %s", cases[i].header ? cases[i].header : "(none)",
				 cases[i].accepted ? "gzip" : "no gzip");
}

static void test_only_text_answers_are_worth_compressing(void **state)
{
	(void)state;
	assert_true(gz_worth("text/html; charset=utf-8"));
	assert_true(gz_worth("text/csv; charset=utf-8"));
	assert_true(gz_worth("application/json"));
	assert_false(gz_worth("application/pdf"));
	assert_false(gz_worth("image/png"));
	assert_false(gz_worth("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
	assert_false(gz_worth(NULL));
}

static void test_gzip_round_trips_and_appends(void **state)
{
	(void)state;
	struct strbuf text = {0};
	for (int i = 0; i < 5000; i++)
		sb_addf(&text, "{\"rank\":%d,\"unit\":\"单位%06d\",\"points\":%d.%d},\n", i + 1, i * 7 % 5000, 90 - i % 60, i % 10);
	for (int level = 1; level <= 9; level += 5) {
		struct strbuf gz = {0};
		sb_adds(&gz, "head");
		assert_true(gz_compress(text.s, text.len, level, &gz));
		assert_memory_equal(gz.s, "head", 4);
		assert_true(gz.len - 4 < text.len / 4);
		size_t n;
		char *back = gunzip(gz.s + 4, gz.len - 4, &n);
		assert_non_null(back);
		assert_int_equal(n, text.len);
		assert_memory_equal(back, text.s, n);
		free(back);
		sb_free(&gz);
	}
	struct strbuf empty = {0};
	assert_true(gz_compress("", 0, 6, &empty));
	size_t n = 1;
	char *back = gunzip(empty.s, empty.len, &n);
	assert_non_null(back);
	assert_int_equal(n, 0);
	free(back);
	sb_free(&empty);
	sb_free(&text);
}

/* A chart enters a page as chart_svg draws it, in its <div>, its labels
 * escaped by io/chart.c. */
static void test_a_chart_is_appended_as_chart_svg_draws_it(void **state)
{
	(void)state;
	struct chart *ch = chart_bars("<script>alert(1)</script>", 1000);
	chart_bar(ch, "R&D \"局\"", 500, "<b>");
	char *svg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&svg, &len);
	chart_svg(ch, 600, f);
	fclose(f);
	struct strbuf b = {0};
	sb_adds(&b, "x");
	html_chart(&b, ch, 600);
	char *want = xasprintf("x<div class=\"chart\">%s</div>", svg);
	assert_string_equal(sb_str(&b), want);
	assert_null(strstr(sb_str(&b), "<script>"));
	assert_null(strstr(sb_str(&b), "<b>"));
	assert_non_null(strstr(sb_str(&b), "R&amp;D &quot;局&quot;"));
	free(want), free(svg);
	sb_free(&b);
	chart_free(ch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_h_escapes_markup_quotes_and_ampersands),
		cmocka_unit_test(test_a_keeps_attribute_values_inside_their_quotes),
		cmocka_unit_test(test_h_and_a_leave_chinese_text_untouched),
		cmocka_unit_test(test_invalid_utf8_becomes_one_fffd_per_byte),
		cmocka_unit_test(test_u_percent_encodes_utf8_and_reserved_characters),
		cmocka_unit_test(test_url_decode_round_trips_url_escape),
		cmocka_unit_test(test_url_decode_refuses_bad_escapes_nul_and_invalid_utf8),
		cmocka_unit_test(test_j_escapes_quotes_backslashes_and_control_characters),
		cmocka_unit_test(test_j_is_safe_inside_a_script_element),
		cmocka_unit_test(test_j_output_parses_back_with_jansson),
		cmocka_unit_test(test_P_prints_points_in_tenths),
		cmocka_unit_test(test_null_strings_print_as_nothing),
		cmocka_unit_test(test_percent_sign_and_integers_print_as_printf),
		cmocka_unit_test(test_s_prints_trusted_fragments_raw),
		cmocka_unit_test(test_printf_appends_to_what_the_buffer_holds),
		cmocka_unit_test(test_long_output_grows_the_buffer),
		cmocka_unit_test(test_unknown_conversion_or_flag_aborts_with_a_message),
		cmocka_unit_test(test_checker_flags_nonliteral_formats_and_raw_user_data),
		cmocka_unit_test(test_checker_passes_html_c),
		cmocka_unit_test(test_gzip_is_accepted_as_accept_encoding_lists_it),
		cmocka_unit_test(test_only_text_answers_are_worth_compressing),
		cmocka_unit_test(test_gzip_round_trips_and_appends),
		cmocka_unit_test(test_a_chart_is_appended_as_chart_svg_draws_it),
	};
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
