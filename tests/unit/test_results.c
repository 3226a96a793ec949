/* test_results.c: the results writer: RFC 4180 quoting, every value read back exactly, statuses and notes, atomic replacement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats/results.h"
#include "resultsutil.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The writer: RFC 4180 quoting, the shortest exact digits, empty values unless ok, the reason
 * of a suppressed row, atomic. */
static void test_writer(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	struct res_ctx x = { "a1", "item", "unit", "Odder|Bo, \"unge\"", "foer", "" };
	results_ctx_intern(&r, &x);
	results_ok(&r, &x, RS_MEAN, 0, 0.1);
	results_add(&r, &x, RS_SD, 0, 1.0, RES_SUPPRESSED, RES_WHY_COMPLEMENTARY);
	results_add(&r, &x, RS_N, 0, 3.0, RES_SUPPRESSED, RES_WHY_FEWER);
	results_add(&r, &x, RS_T, 0, NAN, RES_NA, RES_WHY_CONSTANT);
	results_ok(&r, &x, RS_P, 0, INFINITY);
	results_ok(&r, &x, RS_D_Z, 0, -0.0);
	results_ok(&r, &x, RS_COUNT_POINT, 12, 3);
	results_add(&r, &x, RS_MEAN_CI_LOW, 0, 2.0, RES_OK, RES_WHY_CONSTANT);
	size_t i = results_ok(&r, &x, RS_HOLM_P, 0, 0);
	results_set(&r, i, 1.5e-300, RES_OK, RES_WHY_NONE);
	char *s = rows_render(&r);
	assert_string_equal(s,
		"variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,mean,0.1,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,sd,,suppressed,complementary\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,n,,suppressed,fewer than minimum\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,t,,not_applicable,data are essentially constant\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,p,,not_applicable,not finite\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,d_z,0,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,count_point_12,3,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,mean_ci_low,2,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,holm_p,1.5e-300,ok,\n");
	free(s);
	assert_true(r.rows[0].variable == results_intern(&r, "a1")); /* the pool's copy */

	char dir[] = "/tmp/tillid-results-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = path_join(dir, "results.csv");
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(results_write(&r, path, &err), TILLID_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	off_t size = st.st_size;
	/* a failing write (directory not writable) leaves the old file */
	if (geteuid() != 0) {
		chmod(dir, 0500);
		results_ok(&r, &x, RS_MEDIAN, 0, 1);
		assert_int_equal(results_write(&r, path, &err), TILLID_ESYS);
		chmod(dir, 0700);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, size);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	sb_release(&err);
	results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
