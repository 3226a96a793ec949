/* test_results_schema.c: unit tests for the names of results.csv: round trips, bad names, and the schema against docs/statistics.md and docs/results-format.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/results_schema.h"
#include "core/util.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* Every statistic's name parses back to it: plain names with index 0,
 * indexed ones at several indexes; names are unique. */
static void test_stat_round_trip(void **state)
{
	(void)state;
	static const int idx[] = { 1, 2, 9, 10, 99, 100000 };
	char name[64];
	for (int s = 0; s < RS_N_STATISTICS; s++) {
		enum res_stat got;
		int at;
		if (!res_stat_indexed((enum res_stat)s)) {
			res_stat_format((enum res_stat)s, 7, name, sizeof(name)); /* index ignored */
			assert_string_equal(name, res_stat_name((enum res_stat)s));
			assert_int_equal(res_stat_parse(name, &got, &at), 0);
			assert_int_equal(got, s);
			assert_int_equal(at, 0);
		} else {
			for (size_t i = 0; i < ARRAY_SIZE(idx); i++) {
				res_stat_format((enum res_stat)s, idx[i], name, sizeof(name));
				assert_int_equal(res_stat_parse(name, &got, &at), 0);
				assert_int_equal(got, s);
				assert_int_equal(at, idx[i]);
			}
		}
		for (int t = 0; t < s; t++)
			assert_string_not_equal(res_stat_name((enum res_stat)s), res_stat_name((enum res_stat)t));
	}
	assert_string_equal(res_stat_format(RS_COUNT_POINT, 3, name, sizeof(name)), "count_point_3");
	assert_string_equal(res_stat_format(RS_MEAN_0_100, 3, name, sizeof(name)), "mean_0_100");
	assert_string_equal(res_stat_name(RS_N_STATISTICS), "?");
}

/* Unknown names, a plain name with an index, an indexed name without one
 * or with an index that is not a positive decimal without leading zeros. */
static void test_stat_bad_names(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "Mean", "mean ", "means", "mean_", "mean_1", "top2_1", "holm",
		"count_point", "count_point_", "count_point_0", "count_point_01", "count_point_-1",
		"count_point_+1", "count_point_1x", "count_point_x", "count_point_1_2", "count_bin_ 1",
		"count_point_99999999999999999999", "pct_point_99999999",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		enum res_stat s = RS_N;
		int at = -5;
		if (res_stat_parse(bad[i], &s, &at) == 0)
			fail_msg("'%s' parsed as %s_%d", bad[i], res_stat_name(s), at);
	}
	/* names that are prefixes of others still parse to themselves */
	enum res_stat s;
	int at;
	assert_int_equal(res_stat_parse("top2", &s, &at), 0);
	assert_int_equal(s, RS_TOP2);
	assert_int_equal(res_stat_parse("mean_0_100", &s, &at), 0);
	assert_int_equal(s, RS_MEAN_0_100);
	assert_int_equal(res_stat_parse("count_nonsubst_12", &s, &at), 0);
	assert_int_equal(s, RS_COUNT_NONSUBST);
	assert_int_equal(at, 12);
}

static void test_status_and_reasons(void **state)
{
	(void)state;
	static const enum res_status st[] = { RES_OK, RES_SUPPRESSED, RES_NA };
	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
		enum res_status got;
		assert_int_equal(res_status_parse(res_status_name(st[i]), &got), 0);
		assert_int_equal(got, st[i]);
	}
	assert_string_equal(res_status_name(RES_NA), "not_applicable");
	enum res_status sx;
	assert_int_equal(res_status_parse("na", &sx), -1);

	int suppressions = 0;
	for (int r = 0; r < RES_WHY_COUNT; r++) {
		enum res_reason got;
		assert_int_equal(res_reason_parse(res_reason_text((enum res_reason)r), &got), 0);
		assert_int_equal(got, r);
		suppressions += res_reason_is_suppression((enum res_reason)r);
	}
	assert_int_equal(suppressions, 3);
	assert_true(res_reason_is_suppression(RES_WHY_SUPPRESSED));
	assert_true(res_reason_is_suppression(RES_WHY_FEWER));
	assert_true(res_reason_is_suppression(RES_WHY_COMPLEMENTARY));
	assert_string_equal(res_reason_text(RES_WHY_NONE), "");
	assert_string_equal(res_reason_text(RES_WHY_FEWER), "fewer than minimum");
	enum res_reason rx;
	assert_int_equal(res_reason_parse("fewer than minimum ", &rx), -1);
	assert_int_equal(res_reason_parse("invalid confidence level", &rx), -1);
}

/* Add the names in backticks of s[0..n) to names ("count_point_V" as
 * "count_point_"). */
static void backticked(const char *s, size_t n, struct strlist *names)
{
	const char *end = s + n, *p = memchr(s, '`', n);
	while (p) {
		const char *q = memchr(p + 1, '`', (size_t)(end - p - 1));
		if (!q)
			break;
		char *name = xstrndup(p + 1, (size_t)(q - p - 1));
		size_t len = strlen(name);
		if (len > 2 && name[len - 2] == '_' && (name[len - 1] == 'V' || name[len - 1] == 'J'))
			name[len - 1] = '\0';
		sl_push_owned(names, name);
		p = q + 1 < end ? memchr(q + 1, '`', (size_t)(end - q - 1)) : NULL;
	}
}

/* The statistic names of docs/statistics.md, the catalogue results.csv
 * follows: the first column of the tables of the one-wave, change and
 * reliability sections, and the names after the colon of the study-wide
 * rows' paragraph. */
static void doc_names(struct strlist *names)
{
	char *doc = slurp_file("docs/statistics.md", NULL);
	int in_tables = 0;
	for (char *line = doc, *next; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		size_t n = (size_t)(next - line);
		if (!strncmp(line, "## ", 3))
			in_tables = !strncmp(line, "## One wave", 11) || !strncmp(line, "## Change,", 10) ||
				    !strncmp(line, "## Reliability", 14) ||
				    !strncmp(line, "## The Net Promoter Score", 25);
		if (in_tables && line[0] == '|' && strncmp(line, "| statistic", 11) && strncmp(line, "|---", 4)) {
			const char *bar = memchr(line + 1, '|', n - 1);
			backticked(line + 1, (size_t)(bar - line - 1), names);
		}
		if (!strncmp(line, "## Study-wide rows", 18)) {
			const char *para = next + strspn(next, "\n"), *stop = strstr(para, "\n\n");
			const char *colon = memchr(para, ':', (size_t)(stop - para));
			backticked(colon, (size_t)(stop - colon), names);
		}
	}
	free(doc);
}

/* The schema's statistics are exactly the catalogue's. */
static void test_catalogue(void **state)
{
	(void)state;
	struct strlist doc = STRLIST_INIT;
	doc_names(&doc);
	assert_true(doc.n > 80);
	char *seen = xcalloc(RS_N_STATISTICS, 1);
	for (size_t i = 0; i < doc.n; i++) {
		const char *name = doc.v[i];
		size_t len = strlen(name);
		int indexed = name[len - 1] == '_';
		char full[80];
		snprintf(full, sizeof(full), "%s%s", name, indexed ? "1" : "");
		enum res_stat s;
		int at;
		if (res_stat_parse(full, &s, &at) != 0 || res_stat_indexed(s) != indexed)
			fail_msg("docs/statistics.md names '%s', which the schema does not", name);
		seen[s] = 1;
	}
	for (int s = 0; s < RS_N_STATISTICS; s++)
		if (!seen[s])
			fail_msg("the schema's '%s' is not in docs/statistics.md", res_stat_name((enum res_stat)s));
	free(seen);
	sl_release(&doc);
}

/* The names in backticks in the second column of the row of
 * docs/results-format.md's table of columns that describes column. */
static void format_names(const char *column, struct strlist *names)
{
	char *doc = slurp_file("docs/results-format.md", NULL);
	char *head = xasprintf("| `%s` |", column);
	const char *line = strstr(doc, head);
	if (!line)
		fail_msg("docs/results-format.md describes no column '%s'", column);
	const char *cell = line + strlen(head), *end = strchr(cell, '|');
	backticked(cell, (size_t)(end - cell), names);
	free(head);
	free(doc);
}

/* Name i of the key column c of test_key_names. */
static const char *key_name(size_t c, int i)
{
	return c == 0 ? res_breakdown_name((enum res_breakdown)i)
	       : c == 1 ? res_design_name((enum res_design)i)
			: res_var_type_name((enum res_var_type)i);
}

/* The names of a row's key, and the comparison label: the schema's
 * breakdowns, designs and variable types are those results-format.md
 * lists (besides the empty one). */
static void test_key_names(void **state)
{
	(void)state;
	static const struct {
		const char *column;
		int first, count;
	} cols[] = {
		{ "breakdown", RES_BD_ALL, RES_BD_COUNT },
		{ "design", RES_DESIGN_PAIRED, RES_DESIGN_COUNT },
		{ "variable_type", RES_VAR_ITEM, RES_VAR_COUNT },
	};
	for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
		struct strlist doc = STRLIST_INIT;
		format_names(cols[c].column, &doc);
		assert_int_equal(doc.n, cols[c].count - cols[c].first);
		for (int i = cols[c].first; i < cols[c].count; i++)
			assert_string_equal(key_name(c, i), doc.v[i - cols[c].first]);
		assert_string_equal(key_name(c, cols[c].count), "?");
		sl_release(&doc);
	}
	assert_string_equal(res_design_name(RES_DESIGN_NONE), "");
	assert_string_equal(res_var_type_name(RES_VAR_NONE), "");
	char *label = res_comparison("foer", "efter");
	assert_string_equal(label, "foer..efter");
	free(label);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stat_round_trip),
		cmocka_unit_test(test_stat_bad_names),
		cmocka_unit_test(test_status_and_reasons),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_key_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
