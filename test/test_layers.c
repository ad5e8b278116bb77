/* test_layers.c — tools/check-layers.sh, the build-time check that the
 * layers of src/ hold: it passes this tree and reports each kind of
 * violation in a small tree made for the purpose. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "testutil.h"

/* Runs the checker over ROOT (NULL: this tree); its report to *OUT. */
static int run_layers(const char *root, char **out)
{
	if (access("tools/check-layers.sh", R_OK) != 0)
		fail_msg("tools/check-layers.sh not found: run the tests from the source tree's top directory");
	const char *report = scratch_path("layers.txt");
	char *cmd = xasprintf("sh tools/check-layers.sh %s%s%s > '%s' 2>&1", root ? "'" : "", root ? root : "",
			      root ? "'" : "", report);
	int status = system(cmd);
	free(cmd);
	*out = read_file(report, NULL);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void put(const char *root, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", root, rel);
	char *dir = xstrdup(path);
	*strrchr(dir, '/') = '\0';
	char *mk = xasprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(mk), 0);
	write_file(path, text, strlen(text));
	free(mk), free(dir), free(path);
}

static void assert_reported(const char *report, const char *want)
{
	if (!strstr(report, want))
		fail_msg("no \"%s\" in the report:\n%s", want, report);
}

static void test_this_tree_keeps_its_layers(void **state)
{
	(void)state;
	scratch_dir();
	char *out;
	int rc = run_layers(NULL, &out);
	if (rc != 0)
		fail_msg("tools/check-layers.sh:\n%s", out);
	assert_string_equal(out, "");
	free(out);
}

static void test_each_kind_of_violation_is_reported_with_its_line(void **state)
{
	(void)state;
	char *root = xasprintf("%s/tree", scratch_dir());
	put(root, "src/main.c", "#include \"cli/cli.h\"\n");
	put(root, "src/core/pure.c", "#include \"core/util.h\"\n#include \"store/sql.h\"\n");
	put(root, "src/web/page.c",
	    "#include \"web/web.h\"\n#include \"store/sql.h\"\n#include \"domain/scores.h\"\n"
	    "int f(void) { store_stmt *st = store_sql(s, 1);\n return st_int(st, 0); }\n");
	put(root, "src/cli/cmd.c", "#include <sqlite3.h>\n#include \"cli/cli.h\"\n#include \"util.h\"\n");
	put(root, "src/domain/scores.c", "#include \"store/sql.h\"\n#include \"web/web.h\"\n"
					 "int g(void) { return st_int(0, 0); }\n");
	put(root, "src/loose.c", "int x;\n");
	char *out;
	assert_int_equal(run_layers(root, &out), 1);
	assert_reported(out, "src/core/pure.c:2: core/ may not include \"store/sql.h\"");
	assert_reported(out, "src/web/page.c:2: web/ may not include \"store/sql.h\"");
	assert_reported(out, "src/web/page.c:4: web/ reads or writes the store directly");
	assert_reported(out, "src/web/page.c:5: web/ reads or writes the store directly");
	assert_reported(out, "src/cli/cmd.c:1: <sqlite3.h> belongs to one layer");
	assert_reported(out, "src/cli/cmd.c:3: #include \"util.h\" names no layer");
	assert_reported(out, "src/domain/scores.c:2: domain/ may not include \"web/web.h\"");
	assert_reported(out, "src/loose.c: every module lives in a layer folder");
	/* Not reported: the domain's own statements, a web file's domain header. */
	if (strstr(out, "src/domain/scores.c:3") || strstr(out, "src/web/page.c:3") || strstr(out, "src/main.c"))
		fail_msg("reported what the layers allow:\n%s", out);
	int lines = 0;
	for (const char *p = out; (p = strchr(p, '\n')); p++)
		lines++;
	if (lines != 8)
		fail_msg("expected 8 reports, got:\n%s", out);
	free(out);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_this_tree_keeps_its_layers),
		cmocka_unit_test(test_each_kind_of_violation_is_reported_with_its_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
