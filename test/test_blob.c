/* test_blob.c — unit tests of the blob store (src/store/blob.c): a blob
 * put in pieces is hashed and kept under its content address, the same
 * content is kept once, an aborted or dropped blob leaves nothing, a blob
 * past its limit is refused, and left-over temporary copies are swept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "core/util.h"
#include "store/blob.h"
#include "testutil.h"

/* A blob store for a database path in a fresh scratch folder; *DIR
 * receives its folder (DB.files), *TMP its temporary folder. */
static struct blob_store *fresh_blobs(char **dir, char **tmp)
{
	const char *at = scratch_path("kaoping.db");
	struct blob_store *bs;
	struct kp_error e = {0};
	assert_int_equal(blob_store_open(at, &bs, &e), 0);
	*dir = xasprintf("%s.files", at);
	*tmp = xasprintf("%s.files/tmp", at);
	return bs;
}

static void test_put_in_pieces_is_hashed_and_kept_under_its_address(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	struct blob_put p;
	struct blob b = {0};
	const char *text = "%PDF-1.4 a blob written in three pieces";
	size_t n = strlen(text);
	assert_int_equal(blob_put_begin(bs, 1024, &p, &e), 0);
	assert_int_equal(blob_put_write(&p, text, 3, &e), 0);
	assert_int_equal(blob_put_write(&p, text + 3, 10, &e), 0);
	assert_int_equal(blob_put_write(&p, text + 13, n - 13, &e), 0);
	assert_int_equal(blob_put_finish(&p, &b, &e), 0);
	blob_put_abort(&p); /* after finish: nothing to do, B keeps its copy */
	char want[65];
	sha256_hex(text, n, want);
	assert_string_equal(b.sha256, want);
	assert_int_equal(b.len, n);
	assert_int_equal(b.headlen, 16);
	assert_memory_equal(b.head, text, 16);
	assert_non_null(b.tmp);
	assert_int_equal(files_under(tmp), 1);
	assert_int_equal(blob_commit(bs, &b, &e), 0);
	assert_null(b.tmp);
	assert_int_equal(files_under(tmp), 0);
	/* blob_open names the kept file and its size */
	char *path;
	uint64_t len;
	assert_int_equal(blob_open(bs, want, &path, &len, &e), 0);
	assert_int_equal(len, n);
	char *expect = xasprintf("%s/%.2s/%s", dir, want, want + 2);
	assert_string_equal(path, expect);
	size_t got;
	char *data = read_file(path, &got);
	assert_int_equal(got, n);
	assert_memory_equal(data, text, n);
	free(data), free(expect), free(path);
	blob_store_close(bs);
	free(dir), free(tmp);
}

static void test_same_content_is_kept_once(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	struct blob a = {0}, b = {0}, c = {0};
	assert_int_equal(blob_put_data(bs, "same bytes", 10, 1024, &a, &e), 0);
	assert_int_equal(blob_put_data(bs, "same bytes", 10, 1024, &b, &e), 0);
	assert_int_equal(blob_put_data(bs, "other", 5, 1024, &c, &e), 0);
	assert_string_equal(a.sha256, b.sha256);
	assert_int_equal(blob_commit(bs, &a, &e), 0);
	assert_int_equal(blob_commit(bs, &b, &e), 0); /* already there: its copy is dropped */
	assert_null(b.tmp);
	assert_int_equal(blob_commit(bs, &c, &e), 0);
	assert_int_equal(files_under(tmp), 0);
	assert_int_equal(files_under(dir), 2);
	blob_store_close(bs);
	free(dir), free(tmp);
}

static void test_abort_and_drop_leave_nothing(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	struct blob_put p;
	assert_int_equal(blob_put_begin(bs, 1024, &p, &e), 0);
	assert_int_equal(blob_put_write(&p, "half a file", 11, &e), 0);
	assert_int_equal(files_under(tmp), 1);
	blob_put_abort(&p);
	blob_put_abort(&p); /* twice is safe */
	assert_int_equal(files_under(dir), 0);
	struct blob b = {0};
	assert_int_equal(blob_put_data(bs, "received, not kept", 18, 1024, &b, &e), 0);
	assert_int_equal(files_under(dir), 1);
	blob_drop(&b);
	assert_null(b.tmp);
	blob_drop(&b);
	assert_int_equal(files_under(dir), 0);
	/* nothing kept: blob_open finds nothing */
	char *path;
	uint64_t len;
	assert_int_not_equal(blob_open(bs, b.sha256, &path, &len, &e), 0);
	assert_null(path);
	blob_store_close(bs);
	free(dir), free(tmp);
}

static void test_a_blob_past_its_limit_is_refused_and_removed(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	struct blob_put p;
	char buf[600] = {0};
	assert_int_equal(blob_put_begin(bs, 1u << 20, &p, &e), 0);
	for (int i = 0; i < 1747; i++) /* 1 048 200 bytes: within a MB */
		assert_int_equal(blob_put_write(&p, buf, sizeof buf, &e), 0);
	assert_int_equal(blob_put_write(&p, buf, sizeof buf, &e), KP_EINPUT);
	assert_string_equal(e.msg, "file is larger than 1 MB");
	assert_int_equal(files_under(dir), 0);
	blob_put_abort(&p);
	struct blob b = {0};
	struct kp_error e2 = {0};
	assert_int_equal(blob_put_data(bs, buf, sizeof buf, 100, &b, &e2), KP_EINPUT);
	assert_null(b.tmp);
	assert_int_equal(files_under(dir), 0);
	blob_store_close(bs);
	free(dir), free(tmp);
}

static void test_open_refuses_what_is_not_a_sha256(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	char *path;
	uint64_t len;
	assert_int_equal(blob_open(bs, "../../etc/passwd", &path, &len, &e), KP_EFAIL);
	assert_null(path);
	blob_store_close(bs);
	free(dir), free(tmp);
}

static void test_sweep_removes_copies_of_gone_processes_and_spares_live_ones(void **state)
{
	(void)state;
	char *dir, *tmp;
	scratch_dir();
	struct blob_store *bs = fresh_blobs(&dir, &tmp);
	struct kp_error e = {0};
	struct blob live = {0};
	assert_int_equal(blob_put_data(bs, "in flight", 9, 1024, &live, &e), 0); /* this process: spared */
	char *gone = xasprintf("%s/upload-999999999-AAAAAA", tmp), *older = xasprintf("%s/upload-Xy12Zq", dir);
	write_file(gone, "x", 1);
	write_file(older, "x", 1);
	int removed = -1;
	char *where = NULL;
	assert_int_equal(blob_sweep(bs, &removed, &where, &e), 0);
	assert_int_equal(removed, 2);
	assert_string_equal(where, tmp);
	assert_int_equal(access(live.tmp, F_OK), 0);
	assert_int_equal(files_under(dir), 1);
	blob_drop(&live);
	free(gone), free(older), free(where);
	blob_store_close(bs);
	free(dir), free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_in_pieces_is_hashed_and_kept_under_its_address),
		cmocka_unit_test(test_same_content_is_kept_once),
		cmocka_unit_test(test_abort_and_drop_leave_nothing),
		cmocka_unit_test(test_a_blob_past_its_limit_is_refused_and_removed),
		cmocka_unit_test(test_open_refuses_what_is_not_a_sha256),
		cmocka_unit_test(test_sweep_removes_copies_of_gone_processes_and_spares_live_ones),
	};
	return cmocka_run_group_tests_name("blob", tests, NULL, NULL);
}
