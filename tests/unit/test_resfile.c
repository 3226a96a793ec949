/* test_resfile.c: the results reader: typed rows, lookup by key, and every kind of malformed results file refused with its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/resfile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HDR "variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n"

static void parse_ok(struct resfile *r, const char *csv)
{
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = resfile_parse(r, "results.csv", csv, strlen(csv), &err);
	if (rc != TILLID_OK)
		fail_msg("resfile_parse: %s", err.buf);
	sb_release(&err);
}

/* The file is refused with needle in the message, and r is left empty. */
static void expect_bad(const char *csv, const char *needle)
{
	struct resfile r;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = resfile_parse(&r, "results.csv", csv, strlen(csv), &err);
	assert_int_equal(rc, TILLID_EDATA);
	if (!strstr(err.buf, needle))
		fail_msg("expected '%s' in: %s", needle, err.buf);
	assert_int_equal(r.n_rows, 0);
	assert_null(r.rows);
	sb_release(&err);
}

static void test_lookup(void **state)
{
	(void)state;
	struct resfile r;
	parse_ok(&r, "\xef\xbb\xbf" HDR
		     "tillid,scale,group,borger,foer,,mean,3.25,ok,\n"
		     "tillid,scale,group,borger,efter,,mean,,suppressed,fewer than minimum\n"
		     "tillid,scale,group,borger,efter,,sd,,suppressed,complementary\n"
		     "tillid,scale,group,borger,foer..efter,paired,t,,not_applicable,no pairs\n"
		     "tillid_1,item,all,,foer,,count_point_1,12,ok,\n"
		     "tillid_1,item,all,,foer,,count_point_12,3,ok,\n"
		     "*,,all,,,,min_group_size,5,ok,\n");
	assert_int_equal(r.n_rows, 7);
	assert_int_equal(strlen(r.sha256), 64);
	double v;
	assert_int_equal(resfile_get(&r, "tillid", "group", "borger", "foer", "", RS_MEAN, 0, &v), RES_OK);
	assert_true(v == 3.25);
	assert_int_equal(resfile_get(&r, "tillid", "group", "borger", "efter", "", RS_MEAN, 0, &v),
			 RES_SUPPRESSED);
	assert_true(isnan(v));
	assert_int_equal(resfile_get(&r, "tillid", "group", "borger", "x", "", RS_MEAN, 0, &v), RF_MISSING);
	assert_true(isnan(v));
	assert_int_equal(resfile_get(&r, "tillid", "group", "borger", "foer", "", RS_SD, 0, NULL), RF_MISSING);

	/* The note, typed: the kind of suppression, or why there is no number. */
	assert_int_equal(resfile_find(&r, "tillid", "group", "borger", "efter", "", RS_MEAN, 0)->why,
			 RES_WHY_FEWER);
	assert_int_equal(resfile_find(&r, "tillid", "group", "borger", "efter", "", RS_SD, 0)->why,
			 RES_WHY_COMPLEMENTARY);
	assert_int_equal(resfile_find(&r, "tillid", "group", "borger", "foer", "", RS_MEAN, 0)->why,
			 RES_WHY_NONE);
	const struct rf_row *row = resfile_find(&r, "tillid", "group", "borger", "foer..efter", "paired", RS_T, 0);
	assert_non_null(row);
	assert_int_equal(row->status, RES_NA);
	assert_int_equal(row->why, RES_WHY_NO_PAIRS);
	assert_string_equal(row->variable_type, "scale");
	assert_string_equal(row->design, "paired");

	/* Indexed statistics: the index is part of the key. */
	assert_int_equal(resfile_get(&r, "tillid_1", "all", NULL, "foer", NULL, RS_COUNT_POINT, 12, &v), RES_OK);
	assert_true(v == 3);
	assert_int_equal(resfile_get(&r, "tillid_1", "all", NULL, "foer", NULL, RS_COUNT_POINT, 1, &v), RES_OK);
	assert_true(v == 12);
	assert_int_equal(resfile_get(&r, "tillid_1", "all", NULL, "foer", NULL, RS_COUNT_POINT, 2, &v), RF_MISSING);
	row = resfile_find(&r, "tillid_1", "all", "", "foer", "", RS_COUNT_POINT, 12);
	assert_int_equal(row->stat, RS_COUNT_POINT);
	assert_int_equal(row->index, 12);
	assert_string_equal(row->variable_type, "item");
	assert_string_equal(row->breakdown_value, "");
	/* ... and ignored for a statistic without one. */
	assert_int_equal(resfile_get(&r, "*", "all", NULL, NULL, NULL, RS_MIN_GROUP_SIZE, 7, &v), RES_OK);
	assert_true(v == 5);
	assert_int_equal(resfile_find(&r, "*", "all", NULL, NULL, NULL, RS_MIN_GROUP_SIZE, 0)->index, 0);
	resfile_release(&r);
	assert_int_equal(r.n_rows, 0);
}

/* Keys longer than the reader's stack buffer, and many rows. */
static void test_long_keys(void **state)
{
	(void)state;
	struct strbuf csv = STRBUF_INIT;
	sb_init(&csv);
	sb_adds(&csv, HDR);
	char bv[400];
	memset(bv, 'x', sizeof(bv) - 1);
	bv[sizeof(bv) - 1] = '\0';
	for (int i = 1; i <= 3000; i++)
		sb_addf(&csv, "v%d,item,municipality,%s,foer,,pct_point_%d,%d,ok,\n", i % 7, bv, i, i);
	struct resfile r;
	parse_ok(&r, csv.buf);
	assert_int_equal(r.n_rows, 3000);
	for (int i = 1; i <= 3000; i += 97) {
		double v;
		assert_int_equal(resfile_get(&r, ((const char *[]){ "v0", "v1", "v2", "v3", "v4", "v5", "v6" })[i % 7],
					     "municipality", bv, "foer", "", RS_PCT_POINT, i, &v),
				 RES_OK);
		assert_true(v == i);
	}
	resfile_release(&r);
	/* The same key twice is found however long it is. */
	sb_addf(&csv, "v1,item,municipality,%s,foer,,pct_point_1,1,ok,\n", bv);
	expect_bad(csv.buf, "'results.csv':3002: 'pct_point_1' of 'v1'");
	sb_release(&csv);
}

/* Malformed results files, each refused with a message that holds needle. */
static const struct {
	const char *csv, *needle;
} malformed[] = {
	{ "variable,wave\n", "'results.csv':1: the header has no column 'variable_type'" },
	{ HDR "tillid,scale,group,borger,foer,,mean,3.25,ok\n", "'results.csv':2: the row has 9 fields" },
	{ HDR "tillid,scale,group,borger,foer,,n,3,suppressed,fewer than minimum\n",
	  "'results.csv':2: row with status 'suppressed' carries a value" },
	/* the report says why a number is hidden, so it must know */
	{ HDR "tillid,scale,group,borger,foer,,n,,suppressed,\n",
	  "'results.csv':2: suppressed row with note ''" },
	{ HDR "tillid,scale,group,borger,foer,,n,,suppressed,3 answers\n", "note '3 answers'" },
	{ HDR "tillid,scale,group,borger,foer,,n,,suppressed,no pairs\n",
	  "suppressed row with note 'no pairs'" },
	{ HDR "tillid,scale,group,borger,foer,,n,4,ok,complementary\n",
	  "'results.csv':2: row with status 'ok' has the note 'complementary' of a suppressed row" },
	{ HDR "tillid,scale,group,borger,foer,,mean,abc,ok,\n", "value 'abc'" },
	{ HDR "tillid,scale,group,borger,foer,,mean,,ok,\n", "value '' of 'mean' is not a finite number" },
	{ HDR "a,scale,all,,foer,,mean,1,ok,\nb,scale,all,,foer,,mean,1,ok,\na,scale,all,,foer,,mean,2,ok,\n",
	  "'results.csv':4: 'mean' of 'a'" },
	{ HDR "a,scale,all,,foer,,mean,1,maybe,\n", "'results.csv':2: unknown status 'maybe'" },
	{ HDR ",scale,all,,foer,,mean,1,ok,\n", "'results.csv':2: the row has no variable or no statistic" },
	{ HDR "a,scale,all,,foer,,mean,1,ok,\"open\n", "'results.csv':2:30: unterminated quoted field" },
	{ HDR "a,scale,all,,foer,,mean,1,ok,\n\"a\"b,scale,all,,foer,,sd,1,ok,\n",
	  "'results.csv':3:4: text after the closing quote" },
	{ HDR "a,scale,all,,f\xf8r,,mean,1,ok,\n", "'results.csv':2:15: invalid utf-8 byte 0xf8" },
	{ "", "'results.csv':1: the file is empty" },
};

static void test_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(malformed); i++)
		expect_bad(malformed[i].csv, malformed[i].needle);
}

/* Statistics, indexes and notes are those of core/results_schema.h; any
 * other is refused at its line. */
static void test_typed_parse(void **state)
{
	(void)state;
	const char *const bad_stats[] = {
		"meen", "Mean", "mean ", "count_point", "count_point_", "count_point_0", "count_point_x",
		"count_point_01", "count_point_-1", "count_point_2x", "mean_2", "pct_bin_1_2",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad_stats); i++) {
		char *csv = xasprintf(HDR "a,scale,all,,foer,,mean,1,ok,\n\na,scale,all,,foer,,%s,1,ok,\n",
				      bad_stats[i]);
		char *want = xasprintf("'results.csv':4: unknown statistic '%s' of 'a'", bad_stats[i]);
		expect_bad(csv, want);
		free(want);
		free(csv);
	}
	expect_bad(HDR "a,scale,all,,foer..efter,paired,t,,not_applicable,no pairs\n"
		       "a,scale,all,,foer..efter,paired,p,,not_applicable,\"no pairs, none\"\n",
		   "'results.csv':3: unknown note 'no pairs, none' of 'p'");
	expect_bad(HDR "a,scale,all,,foer,,mean,1,ok,No pairs\n", "'results.csv':2: unknown note 'No pairs'");

	/* Every name the schema knows reads back as itself. */
	struct strbuf csv = STRBUF_INIT;
	sb_init(&csv);
	sb_adds(&csv, HDR);
	for (int s = 0; s < RS_N_STATISTICS; s++) {
		char name[64];
		res_stat_format((enum res_stat)s, 3, name, sizeof(name));
		sb_addf(&csv, "a,scale,all,,foer,,%s,%d,ok,\n", name, s);
	}
	for (int w = 0; w < RES_WHY_COUNT; w++)
		if (!res_reason_is_suppression((enum res_reason)w))
			sb_addf(&csv, "r%d,scale,all,,foer,,mean,,not_applicable,\"%s\"\n", w,
				res_reason_text((enum res_reason)w));
	struct resfile r;
	parse_ok(&r, csv.buf);
	for (int s = 0; s < RS_N_STATISTICS; s++) {
		const struct rf_row *row = resfile_find(&r, "a", "all", NULL, "foer", NULL, (enum res_stat)s, 3);
		assert_non_null(row);
		assert_int_equal(row->stat, s);
		assert_int_equal(row->index, res_stat_indexed((enum res_stat)s) ? 3 : 0);
		assert_true(row->value == s);
	}
	for (int w = 0; w < RES_WHY_COUNT; w++) {
		if (res_reason_is_suppression((enum res_reason)w))
			continue;
		char var[16];
		snprintf(var, sizeof(var), "r%d", w);
		assert_int_equal(resfile_find(&r, var, "all", NULL, "foer", NULL, RS_MEAN, 0)->why, w);
	}
	resfile_release(&r);
	sb_release(&csv);
}

static void test_read_file(void **state)
{
	(void)state;
	struct resfile r;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(resfile_read(&r, "/nonexistent/results.csv", &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "/nonexistent/results.csv"));

	char path[] = "/tmp/tillid-resfile-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *csv = HDR "a,scale,all,,foer,,mean,1.5,ok,\n";
	assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
	close(fd);
	sb_reset(&err);
	assert_int_equal(resfile_read(&r, path, &err), TILLID_OK);
	assert_string_equal(r.path, path);
	double v;
	assert_int_equal(resfile_get(&r, "a", "all", "", "foer", "", RS_MEAN, 0, &v), RES_OK);
	assert_true(v == 1.5);
	resfile_release(&r);
	unlink(path);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_long_keys),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_typed_parse),
		cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
