/* test_chart.c — the charts' SVG (src/io/chart.c): well-formed XML as the
 * real reader sees it (xmllint, Debian's libxml2-utils), text escaped and
 * valid UTF-8, bars as long as their values, a heat map with a cell for
 * every row and column, the same bytes for the same chart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/util.h"
#include "io/chart.h"
#include "testutil.h"

/* CH drawn WIDTH px wide (NUL-terminated; caller frees). */
static char *svg_of(const struct chart *ch, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	chart_svg(ch, width, f);
	fclose(f);
	return buf;
}

/* Fails the test unless xmllint reads SVG as well-formed XML. */
static void assert_well_formed(const char *svg)
{
	const char *dir = scratch_dir();
	char path[512], cmd[1200];
	snprintf(path, sizeof path, "%s/chart.svg", dir);
	write_file(path, svg, strlen(svg));
	snprintf(cmd, sizeof cmd, "xmllint --noout '%s' 2>'%s/xmllint.err'", path, dir);
	int rc = system(cmd);
	if (rc) {
		snprintf(path, sizeof path, "%s/xmllint.err", dir);
		char *err = read_file(path, NULL);
		fail_msg("xmllint refused the SVG (status %d; is libxml2-utils installed? tools/deps.sh):\n%s\n%s", rc,
			 err ? err : "", svg);
	}
	assert_true(utf8_valid(svg, strlen(svg)));
}

/* How many times NEEDLE occurs in S. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	while ((s = strstr(s, needle)) != NULL)
		n++, s += len;
	return n;
}

/* The number (tenths of a pixel) of attribute NAME="…" in the tag that
 * starts at TAG; -1 when it has none. */
static int attr_tenths(const char *tag, const char *name)
{
	const char *end = strchr(tag, '>');
	char key[40];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *p = strstr(tag, key);
	if (!p || p > end)
		return -1;
	p += strlen(key);
	int v = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	v *= 10;
	if (*p == '.')
		v += p[1] - '0';
	return v;
}

/* The widths (tenths of a pixel) and x of the bars of SVG, in order. */
static int bar_widths(const char *svg, int *widths, int *xs, int max)
{
	int n = 0;
	for (const char *p = strstr(svg, "<rect class=\"bar\""); p && n < max; p = strstr(p + 1, "<rect class=\"bar\"")) {
		widths[n] = attr_tenths(p, "width");
		xs[n] = attr_tenths(p, "x");
		n++;
	}
	return n;
}

static void test_bars_are_well_formed_and_as_long_as_their_values(void **state)
{
	(void)state;
	struct chart *ch = chart_bars("各单位得分率", 1000);
	chart_band(ch, 0, "不合格");
	chart_band(ch, 600, "合格");
	chart_band(ch, 800, "良好");
	chart_band(ch, 900, "优秀");
	static const int values[] = {1000, 925, 899, 600, 333, 0};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		char label[32];
		snprintf(label, sizeof label, "单位%zu", i);
		chart_bar(ch, label, values[i], i == 0 ? "100.0 优秀" : NULL);
	}
	char *svg = svg_of(ch, 720);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(svg, " width=\"720\""));
	assert_non_null(strstr(svg, " viewBox=\"0 0 720 "));
	assert_non_null(strstr(svg, " role=\"img\""));
	assert_non_null(strstr(svg, "<title>各单位得分率</title>"));
	assert_non_null(strstr(svg, "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"));
	int w[16], x[16];
	int n = bar_widths(svg, w, x, 16);
	assert_int_equal(n, 6);
	/* every bar starts at the same x; its length is value / max of the
	 * full bar's (the first, 1000), to a tenth of a pixel */
	assert_true(w[0] > 3000);
	for (int i = 0; i < n; i++) {
		assert_int_equal(x[i], x[0]);
		int want = (int)((long long)values[i] * w[0] / 1000);
		if (abs(w[i] - want) > 1)
			fail_msg("bar %d: width %d tenths, want %d (value %d)", i, w[i], want, values[i]);
	}
	assert_true(x[0] + w[0] <= 7200);
	/* the note, else the value as a rate */
	assert_non_null(strstr(svg, ">100.0 优秀</text>"));
	assert_non_null(strstr(svg, ">92.5%</text>"));
	assert_non_null(strstr(svg, ">0.0%</text>"));
	/* the bands: named, shaded, a dashed line where each but the first starts */
	assert_int_equal(count(svg, "<g class=\"band\">"), 4);
	assert_int_equal(count(svg, "stroke-dasharray"), 3);
	assert_non_null(strstr(svg, ">优秀</text>"));
	/* the same chart, the same bytes */
	char *again = svg_of(ch, 720);
	assert_string_equal(svg, again);
	free(again);
	free(svg);
	chart_free(ch);

	/* a count of MAX: the value as value/max */
	ch = chart_bars("进度", 20);
	chart_bar(ch, "已评", 12, NULL);
	chart_bar(ch, "超出", 25, NULL); /* clamped to the maximum */
	svg = svg_of(ch, 400);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, ">12/20</text>"));
	assert_non_null(strstr(svg, ">20/20</text>"));
	n = bar_widths(svg, w, x, 16);
	assert_int_equal(n, 2);
	assert_true(abs(w[0] - w[1] * 12 / 20) <= 1);
	free(svg);
	chart_free(ch);
}

static void test_text_is_escaped_cut_and_valid_utf8(void **state)
{
	(void)state;
	struct chart *ch = chart_bars("A&B <测评> \"引号\" 'x'", 1000);
	chart_band(ch, 900, "优&秀");
	chart_bar(ch, "R&D <局>", 500, "5 < 6 & \"好\"");
	chart_bar(ch, "坏\xe5\xbe字节\x01控制", 100, NULL);
	chart_bar(ch, "一个名字非常非常非常非常非常非常非常非常非常非常长的单位", 900, NULL);
	char *svg = svg_of(ch, 480);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "<title>A&amp;B &lt;测评&gt; &quot;引号&quot; &#39;x&#39;</title>"));
	assert_non_null(strstr(svg, ">优&amp;秀</text>"));
	assert_non_null(strstr(svg, "<title>R&amp;D &lt;局&gt;</title>"));
	assert_non_null(strstr(svg, ">5 &lt; 6 &amp; &quot;好&quot;</text>"));
	assert_null(strstr(svg, "R&D"));
	assert_null(strstr(svg, "<局>"));
	/* each invalid byte and a control character become U+FFFD */
	assert_non_null(strstr(svg, "<title>坏\xef\xbf\xbd\xef\xbf\xbd字节\xef\xbf\xbd控制</title>"));
	/* a label too long for its column is cut with …, whole in its <title> */
	assert_non_null(strstr(svg, "<title>一个名字非常非常非常非常非常非常非常非常非常非常长的单位</title>"));
	const char *label = strstr(svg, "</title><text class=\"label\"");
	assert_non_null(label);
	assert_non_null(strstr(svg, "\xe2\x80\xa6</text>"));
	assert_null(strstr(svg, ">一个名字非常非常非常非常非常非常非常非常非常非常长的单位</text>"));
	free(svg);
	chart_free(ch);

	/* nothing to draw is still a chart */
	ch = chart_bars(NULL, 1000);
	svg = svg_of(ch, 300);
	assert_well_formed(svg);
	assert_non_null(strstr(svg, "<title></title>"));
	free(svg);
	chart_free(ch);
}

static void test_heat_map_has_a_cell_for_every_row_and_column(void **state)
{
	(void)state;
	const char *rows[] = {"区审计局", "区工信局", "R&D <中心>"};
	const char *cols[] = {"1", "2", "3", "4", "5"};
	struct chart *ch = chart_heatmap("截止提醒", rows, 3, cols, 5);
	chart_set(ch, 0, 0, CHART_RED, 0);
	chart_set(ch, 0, 1, CHART_YELLOW, 0);
	chart_set(ch, 1, 2, CHART_GREEN, 0);
	chart_set(ch, 1, 3, CHART_DONE, 0);
	chart_set(ch, 2, 4, CHART_RATE, 925);
	char *svg = svg_of(ch, 600);
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"cell "), 3 * 5);
	assert_int_equal(count(svg, "<g class=\"row\">"), 3);
	assert_non_null(strstr(svg, "<title>R&amp;D &lt;中心&gt;</title>"));
	/* each light with its mark, readable without colour */
	assert_non_null(strstr(svg, ">\xe2\x9c\x97</text>")); /* ✗ red */
	assert_non_null(strstr(svg, ">!</text>"));            /* yellow */
	assert_non_null(strstr(svg, ">\xe2\x97\x8b</text>")); /* ○ green */
	assert_non_null(strstr(svg, ">\xe2\x9c\x93</text>")); /* ✓ done */
	assert_non_null(strstr(svg, ">93%</text>"));           /* a rate */
	/* the legend names what occurs */
	assert_non_null(strstr(svg, "<g class=\"legend\">"));
	assert_non_null(strstr(svg, ">红灯</text>"));
	assert_non_null(strstr(svg, ">不适用</text>"));
	char *again = svg_of(ch, 600);
	assert_string_equal(svg, again);
	free(again);
	free(svg);
	chart_free(ch);

	/* long column labels are turned; many columns widen the chart */
	const char *long_cols[] = {"实施全覆盖工程", "加强党的全面领导", "三", "四", "五", "六", "七", "八", "九", "十",
				   "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
				   "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十",
				   "三十一", "三十二", "三十三", "三十四", "三十五", "三十六", "三十七", "三十八", "三十九", "四十"};
	ch = chart_heatmap("任务", rows, 3, long_cols, 40);
	svg = svg_of(ch, 390);
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"cell "), 3 * 40);
	assert_non_null(strstr(svg, "rotate(-45)"));
	free(svg);
	chart_free(ch);

	ch = chart_heatmap("空", NULL, 0, NULL, 0);
	svg = svg_of(ch, 300);
	assert_well_formed(svg);
	assert_int_equal(count(svg, "<rect class=\"cell "), 0);
	free(svg);
	chart_free(ch);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars_are_well_formed_and_as_long_as_their_values),
		cmocka_unit_test(test_text_is_escaped_cut_and_valid_utf8),
		cmocka_unit_test(test_heat_map_has_a_cell_for_every_row_and_column),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
