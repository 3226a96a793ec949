/* test_util.c: unit tests for strings, paths, atomic output files and output directory holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "testutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_strbuf(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%s:%d", "foer.csv", 12);
	sb_addc(&sb, ':');
	sb_adds(&sb, "æøå");
	assert_string_equal(sb.buf, "foer.csv:12:æøå");
	assert_int_equal(sb.len, strlen("foer.csv:12:æøå"));
	sb_release(&sb);
}

static void test_trim(void **state)
{
	(void)state;
	char s[] = " \t Helt  enig \r\n";
	assert_string_equal(str_trim(s), "Helt  enig");
	char e[] = "   ";
	assert_string_equal(str_trim(e), "");
}

static void test_paths(void **state)
{
	(void)state;
	assert_text(path_join("sample-data", "foer/dataset.csv"), "sample-data/foer/dataset.csv");
	assert_text(path_join("sample-data", "/abs/x.csv"), "/abs/x.csv");
	assert_text(path_dirname("a/b/c.ini"), "a/b");
	assert_text(path_dirname("c.ini"), ".");
	assert_string_equal(path_basename("a/b/c.ini"), "c.ini");
}

/* Several problems in one message print as single ones, each prefixed. */
/* tillid's temporary names and the names that only look like them. */
static void test_temp_names(void **state)
{
	(void)state;
	char kind = 0;
	assert_int_equal(temp_name_base("clean.tds.tmp-Ab12Cd", &kind), 9);
	assert_int_equal(kind, 't');
	assert_int_equal(temp_name_base("clean.csv.tmp-Ab12Cd.tmp-Ef34Gh", &kind), 9);
	assert_int_equal(kind, 't');
	assert_int_equal(temp_name_base("charts.old-0aZ9zz", &kind), 6);
	assert_int_equal(kind, 'o');
	assert_int_equal(temp_name_base("clean.tds.tmp-short", &kind), 0);
	assert_int_equal(temp_name_base("clean.tds.tmp-Ab12C!", &kind), 0);
	assert_int_equal(temp_name_base(".tmp-Ab12Cd", &kind), 0);
	assert_int_equal(temp_name_base("clean.tds", &kind), 0);
	assert_int_equal(temp_name_base("x.tmp-Ab12Cd", &kind), 1);
}

static void test_print_prefixed(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	print_prefixed(fp, "init", "'a.csv':2:3: first\n\n'b.csv':1:1: second");
	print_prefixed(fp, "stats", "");
	fclose(fp);
	assert_string_equal(buf, "init: 'a.csv':2:3: first\ninit: 'b.csv':1:1: second\n");
	free(buf);
}

/* Shell words in advice: bare when safe, quoted so that sh reads back the
 * path itself otherwise. */
static void test_shell_word(void **state)
{
	(void)state;
	static const char *const words[] = { "../_shared/two-waves.ini", "/tmp/my dir", "Pårørende/ud", "",
					     "a'b c", "$HOME", "x\\y", "hej!", "~/o", "a\"b", NULL };
	static const char *const shown[] = { "../_shared/two-waves.ini", "\"/tmp/my dir\"", "Pårørende/ud", "\"\"",
					     "\"a'b c\"", "'$HOME'", "'x\\y'", "'hej!'", "\"~/o\"", "'a\"b'", NULL };
	for (int i = 0; words[i]; i++) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "printf '%s' ");
		size_t at = sb.len;
		sb_add_shell_word(&sb, words[i]);
		assert_string_equal(sb.buf + at, shown[i]);
		FILE *p = popen(sb.buf, "r");
		assert_non_null(p);
		char back[64] = "";
		size_t n = fread(back, 1, sizeof(back) - 1, p);
		back[n] = '\0';
		assert_int_equal(pclose(p), 0);
		assert_string_equal(back, words[i]);
		sb_release(&sb);
	}
}

/* A file in a directory that does not exist: the message names the file
 * asked for, not the temporary one. */
static void test_atomic_file_no_dir(void **state)
{
	(void)state;
	struct atomic_file af;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(af_open(&af, "/nonexistent-tillid/r.csv", &err), TILLID_ESYS);
	assert_string_equal(err.buf, "cannot create '/nonexistent-tillid/r.csv': No such file or directory");
	sb_release(&err);
}

/* Why an output cannot be created names the output or its folder, never
 * the temporary name beside it. */
static void test_cannot_create(void **state)
{
	(void)state;
	struct strbuf err = STRBUF_INIT;
	sb_add_cannot_create(&err, "out-fremfaerd/clean.tds", EACCES);
	assert_string_equal(err.buf, "cannot write in 'out-fremfaerd': Permission denied");
	sb_reset(&err);
	sb_add_cannot_create(&err, "results.csv", EROFS);
	assert_string_equal(err.buf, "cannot write in '.': Read-only file system");
	sb_reset(&err);
	sb_add_cannot_create(&err, "out/results.csv", ENOSPC);
	assert_string_equal(err.buf, "cannot create 'out/results.csv': No space left on device");
	sb_reset(&err);
	/* a folder that is not there refuses before any temporary file exists */
	assert_int_equal(out_can_create("/nonexistent-tillid/results.csv", &err), TILLID_ESYS);
	assert_string_equal(err.buf, "cannot create '/nonexistent-tillid/results.csv': No such file or directory");
	sb_release(&err);
}

/* A failed write must leave the previous file as it was. */
static void test_atomic_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/tillid-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = path_join(dir, "out.txt");
	struct strbuf err = STRBUF_INIT;
	struct atomic_file af;

	assert_int_equal(af_open(&af, path, &err), TILLID_OK);
	fputs("good\n", af.fp);
	assert_int_equal(af_commit(&af, &err), TILLID_OK);

	assert_int_equal(af_open(&af, path, &err), TILLID_OK);
	fputs("half", af.fp);
	af_abort(&af);

	char *buf;
	size_t len;
	assert_int_equal(read_file(path, &buf, &len, &err), TILLID_OK);
	assert_string_equal(buf, "good\n");
	free(buf);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left behind */
	free(path);
	sb_release(&err);
}

static int exists(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	struct stat st;
	int r = lstat(p, &st) == 0;
	free(p);
	return r;
}

static void touch(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fclose(fp);
	free(p);
}

/* A run holding its output directory keeps its temporary files from a
 * second run, which holds the directory beside it and removes nothing;
 * once the first lets go, the next run removes what it left. (Two
 * descriptors of one process lock against each other as two processes do:
 * flock(2) locks an open file description.) */
static void test_out_hold(void **state)
{
	(void)state;
	char dir[] = "/tmp/tillid-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	touch(dir, "rapport.pdf.tmp-Ab12Cd"); /* left by a killed run */
	touch(dir, "keep.txt");

	struct out_hold first, second, third;
	out_hold_init(&first);
	out_hold_init(&second);
	out_hold_init(&third);
	int busy = -1;
	assert_int_equal(out_hold_take(&first, dir, temp_base_is, "rapport.pdf", &busy), 1);
	assert_int_equal(busy, 0);
	assert_false(exists(dir, "rapport.pdf.tmp-Ab12Cd"));

	touch(dir, "rapport.pdf.tmp-Ef34Gh"); /* the first run at work */
	assert_int_equal(out_hold_take(&second, dir, temp_base_is, "rapport.pdf", &busy), 0);
	assert_int_equal(busy, 1);
	assert_true(exists(dir, "rapport.pdf.tmp-Ef34Gh"));
	out_hold_release(&second);
	assert_int_equal(out_hold_take(&third, dir, temp_base_is, "rapport.pdf", &busy), 0);
	assert_int_equal(busy, 1);
	out_hold_release(&third);

	out_hold_release(&first); /* as when it is killed: the kernel lets go */
	out_hold_release(&first); /* a second release does nothing */
	assert_int_equal(out_hold_take(&third, dir, temp_base_is, "rapport.pdf", &busy), 1);
	assert_int_equal(busy, 0);
	assert_false(exists(dir, "rapport.pdf.tmp-Ef34Gh"));
	assert_true(exists(dir, "keep.txt"));
	out_hold_release(&third);

	/* a missing directory holds nothing and has nothing to remove */
	char *missing = path_join(dir, "missing");
	assert_int_equal(out_hold_take(&third, missing, temp_base_is, "rapport.pdf", &busy), 0);
	assert_int_equal(busy, 0);
	assert_int_equal(third.fd, -1);
	free(missing);

	char *keep = path_join(dir, "keep.txt");
	unlink(keep);
	free(keep);
	assert_int_equal(rmdir(dir), 0);
}

/* Expected strings are Python 3's repr() of the same doubles (the shortest
 * round-trip digits, David Gay's algorithm), written in %g form. */
static void test_format_double(void **state)
{
	(void)state;
	char b[FORMAT_DOUBLE_MAX];
	assert_string_equal(format_double(0.95, b), "0.95");
	assert_string_equal(format_double(1.0 / 3, b), "0.3333333333333333");
	assert_string_equal(format_double(0.1 + 0.2, b), "0.30000000000000004");
	assert_string_equal(format_double(-0.0, b), "0");
	assert_string_equal(format_double(2000, b), "2000");
	assert_string_equal(format_double(1e16, b), "10000000000000000");
	assert_string_equal(format_double(-2.5e6, b), "-2500000");
	assert_string_equal(format_double(1e-5, b), "1e-05");
	assert_string_equal(format_double(5e-324, b), "5e-324");
	assert_string_equal(format_double(1.7976931348623157e308, b), "1.7976931348623157e+308");
	assert_string_equal(format_double(123456789012345678.0, b), "1.2345678901234568e+17");
	/* whole numbers on both sides of 10^15, where the digits are written
	 * directly below and searched for above (Python: repr(int)) */
	assert_string_equal(format_double(7, b), "7");
	assert_string_equal(format_double(-40, b), "-40");
	assert_string_equal(format_double(999999999999999.0, b), "999999999999999");
	assert_string_equal(format_double(-999999999999999.0, b), "-999999999999999");
	assert_string_equal(format_double(1e15, b), "1000000000000000");
	assert_string_equal(format_double(1e15 + 2, b), "1000000000000002");
	assert_string_equal(format_double(4503599627370497.0, b), "4503599627370497");
	assert_string_equal(format_double(0.5, b), "0.5");
	assert_string_equal(format_double(-1e14 - 0.5, b), "-100000000000000.5");
	/* from 1 to 15 significant digits, where %.15g reads back, and
	 * subnormals (Python: repr) */
	assert_string_equal(format_double(0.1, b), "0.1");
	assert_string_equal(format_double(0.000123, b), "0.000123");
	assert_string_equal(format_double(2.5e-300, b), "2.5e-300");
	assert_string_equal(format_double(12345.678, b), "12345.678");
	assert_string_equal(format_double(1.23456789012345, b), "1.23456789012345");
	assert_string_equal(format_double(99999999999999.9, b), "99999999999999.9");
	assert_string_equal(format_double(2.2250738585072009e-308, b), "2.225073858507201e-308");
	assert_string_equal(format_double(5.3134582970482935e-310, b), "5.3134582970483e-310");
	/* Every value reads back exactly, over many magnitudes. */
	double x = 1.0;
	for (int i = 0; i < 2000; i++) {
		x = x * 1.0001234567 + 1e-3;
		double y = (i & 1) ? -x / 7 : x * 1e-9;
		assert_true(strtod(format_double(y, b), NULL) == y);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_atomic_file),
		cmocka_unit_test(test_atomic_file_no_dir),
		cmocka_unit_test(test_cannot_create),
		cmocka_unit_test(test_print_prefixed),
		cmocka_unit_test(test_shell_word),
		cmocka_unit_test(test_format_double),
		cmocka_unit_test(test_temp_names),
		cmocka_unit_test(test_out_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
