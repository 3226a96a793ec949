/* test_suggest.c: unit tests for the edit distance and the "did you mean" search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/suggest.h"
#include "core/util.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static size_t dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b));
}

/* Worked values: "kitten"/"sitting" is 3 (Levenshtein 1966, the textbook
 * example); a transposition is one edit under optimal string alignment, so
 * "ca"/"ac" is 1 and the classic OSA counter-example "ca"/"abc" is 3 (true
 * Damerau-Levenshtein would give 2). */
static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(dist("kitten", "sitting"), 3);
	assert_int_equal(dist("", "abc"), 3);
	assert_int_equal(dist("abc", ""), 3);
	assert_int_equal(dist("same", "same"), 0);
	assert_int_equal(dist("ca", "ac"), 1);
	assert_int_equal(dist("ca", "abc"), 3);
	assert_int_equal(dist("Gruppe", "gruppe"), 0); /* ASCII case is folded */
	assert_int_equal(dist("æ", "Æ"), 1);           /* bytes: C3 A6 against C3 86 */
}

static void test_closest(void **state)
{
	(void)state;
	const char *keys[] = { "municipality", "min_group_size", "name", "key_file" };
	assert_string_equal(suggest_closest("municipalty", keys, 4), "municipality");
	assert_string_equal(suggest_closest("nmae", keys, 4), "name");
	assert_null(suggest_closest("colour", keys, 4));
	assert_null(suggest_closest("x", keys, 4)); /* never as many edits as the word is long */
	/* the first of equally close candidates wins */
	const char *ties[] = { "ab", "ba" };
	assert_string_equal(suggest_closest("aa", ties, 2), "ab");
}

static void test_limit(void **state)
{
	(void)state;
	assert_int_equal(suggest_limit(4), 1);
	assert_int_equal(suggest_limit(5), 2);
	assert_int_equal(suggest_limit(8), 2);
	assert_int_equal(suggest_limit(9), 3);
	struct suggest s;
	suggest_init(&s, "quite", 5, 2);
	suggest_consider(&s, "lang");
	suggest_consider(&s, "quiet");
	suggest_consider(&s, "quit");
	assert_string_equal(s.best, "quiet"); /* transposition: 1 edit, seen first */
	assert_int_equal(s.best_d, 1);
}

/* An empty file name in the scratch directory. */
static void touch(const char *name)
{
	char *p = path_join(test_tmpdir, name);
	write_text(p, "");
	free(p);
}

/* The closest name in a folder: ties go to the first in byte order whatever
 * order the folder lists them in; dot files and far names are not offered. */
static void test_file(void **state)
{
	(void)state;
	touch("efter.csv");
	touch("eftEr.csv");
	touch(".eftr.csv");
	touch("foer.csv");
	char *s = suggest_file(test_tmpdir, "eftr.csv");
	assert_string_equal(s, "eftEr.csv"); /* 'E' (0x45) sorts before 'e' */
	free(s);
	assert_null(suggest_file(test_tmpdir, "resultater.xlsx"));
	s = suggest_file(test_tmpdir, "FOER.CSV");
	assert_string_equal(s, "foer.csv");
	free(s);
	char *missing = path_join(test_tmpdir, "nowhere");
	assert_null(suggest_file(missing, "efter.csv"));
	free(missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_file),
	};
	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
