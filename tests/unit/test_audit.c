/* test_audit.c: unit tests for the disclosure audit: feasible ranges of suppressed counts on small tables worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats/audit.h"
#include "stats/results.h"

#include <math.h>
#include <string.h>

/* A published or suppressed row of statistic s (index i) in cell (bd, bv)
 * of variable var, wave w: status by note (RES_WHY_NONE: ok with value). */
static void row(struct results *r, const char *var, const char *bd, const char *bv, const char *w,
		enum res_stat s, int i, double value, enum res_reason note)
{
	struct res_ctx ctx = { var, strcmp(var, "*") ? "item" : "", bd, bv, w, "" };
	results_ctx_intern(r, &ctx);
	if (note)
		results_add(r, &ctx, s, i, NAN, RES_SUPPRESSED, note);
	else
		results_ok(r, &ctx, s, i, value);
}

static void resp(struct results *r, const char *bd, const char *bv, double n, enum res_reason note)
{
	row(r, "*", bd, bv, "w", RS_RESPONDENTS, 0, n, note);
}

/* The range the audit found for the respondents of cell bv. */
static const struct audit_cell *range_of(const struct audit *a, const struct results *r, const char *bv,
					 enum res_stat s, int index)
{
	for (size_t i = 0; i < a->n_cells; i++) {
		const struct res_row *x = &r->rows[a->cells[i].row];
		if (!strcmp(x->breakdown_value, bv) && x->statistic == s && x->index == index)
			return &a->cells[i];
	}
	fail_msg("no range for '%s'", bv);
	return NULL;
}

static void assert_range(const struct audit *a, const struct results *r, const char *bv, enum res_stat s,
			 int index, double lo, double hi)
{
	const struct audit_cell *c = range_of(a, r, bv, s, index);
	assert_true(c->lo == lo);
	assert_true(c->hi == hi);
}

/* Differencing: groups A 13 and B 7 and municipalities M1 10 and M2 10 of
 * 20 are shown; M1|A is hidden (fewer than minimum), M1|B 7 and M2|A 10
 * shown.  Everyone has a group (13 + 7 = 20), so M1 = M1|A + M1|B and
 * M1|A = 10 - 7 = 3 exactly (derived by hand; the attack of
 * "differencing", Hundepool et al., Statistical Disclosure Control, 2012,
 * section 5.3). */
static void test_differencing(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	resp(&r, "all", "", 20, RES_WHY_NONE);
	resp(&r, "group", "A", 13, RES_WHY_NONE);
	resp(&r, "group", "B", 7, RES_WHY_NONE);
	resp(&r, "municipality", "M1", 10, RES_WHY_NONE);
	resp(&r, "municipality", "M2", 10, RES_WHY_NONE);
	resp(&r, "municipality_group", "M1|A", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M1|B", 7, RES_WHY_NONE);
	resp(&r, "municipality_group", "M2|A", 10, RES_WHY_NONE);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_int_equal(a.n_cells, 1);
	assert_range(&a, &r, "M1|A", RS_RESPONDENTS, 0, 3, 3);
	assert_true(a.cells[0].exact);
	assert_false(audit_passed(&a));
	audit_release(&a);
	results_release(&r);
	sb_release(&err);
}

/* A 2 x 2 block of hidden cells inside shown margins: M1 10, M2 12, A 9,
 * B 13, all 22; M1|A has fewer than the minimum, the other three hide it.
 * With x = M1|A: M1|B = 10 - x, M2|A = 9 - x, M2|B = 3 + x (one free
 * parameter, the cycle of Hundepool et al. 2012, section 4.3 / the
 * tau-ARGUS manual's hypercube).  Every hidden cell carries the same note,
 * so the reader knows only that each cell of this one-wave study holds
 * someone: x >= 1, 10 - x >= 1, 9 - x >= 1, so x in [1, 8] (by hand),
 * M1|B in [2, 9], M2|A in [1, 8], M2|B in [4, 11]: every range holds at
 * least min - 1 = 4 values and the rule holds. */
static void test_rectangle_notes(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	resp(&r, "all", "", 22, RES_WHY_NONE);
	resp(&r, "group", "A", 9, RES_WHY_NONE);
	resp(&r, "group", "B", 13, RES_WHY_NONE);
	resp(&r, "municipality", "M1", 10, RES_WHY_NONE);
	resp(&r, "municipality", "M2", 12, RES_WHY_NONE);
	resp(&r, "municipality_group", "M1|A", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M1|B", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M2|A", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M2|B", NAN, RES_WHY_SUPPRESSED);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_int_equal(a.n_cells, 4);
	assert_range(&a, &r, "M1|A", RS_RESPONDENTS, 0, 1, 8);
	assert_range(&a, &r, "M1|B", RS_RESPONDENTS, 0, 2, 9);
	assert_range(&a, &r, "M2|A", RS_RESPONDENTS, 0, 1, 8);
	assert_range(&a, &r, "M2|B", RS_RESPONDENTS, 0, 4, 11);
	assert_int_equal(a.n_exact, 0);
	assert_int_equal(a.n_narrow, 0);
	assert_true(audit_passed(&a));
	audit_release(&a);
	results_release(&r);
	sb_release(&err);
}

/* The same cycle with room: M1|A 3, M1|B 20, M2|A 20, M2|B 30 hidden, the
 * margins M1 23, M2 50, A 23, B 50, all 73 shown.  x = M1|A: M1|B = 23 - x,
 * M2|A = 23 - x, M2|B = 27 + x.  A cell appears in the results only when
 * someone of some wave is in it, and this study has one wave: x in
 * [1, 22] (by hand), M1|B and M2|A in [1, 22], M2|B in [28, 49]: the rule
 * holds. */
static void test_rectangle_protects(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	resp(&r, "all", "", 73, RES_WHY_NONE);
	resp(&r, "group", "A", 23, RES_WHY_NONE);
	resp(&r, "group", "B", 50, RES_WHY_NONE);
	resp(&r, "municipality", "M1", 23, RES_WHY_NONE);
	resp(&r, "municipality", "M2", 50, RES_WHY_NONE);
	resp(&r, "municipality_group", "M1|A", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M1|B", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M2|A", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality_group", "M2|B", NAN, RES_WHY_SUPPRESSED);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_range(&a, &r, "M1|A", RS_RESPONDENTS, 0, 1, 22);
	assert_range(&a, &r, "M1|B", RS_RESPONDENTS, 0, 1, 22);
	assert_range(&a, &r, "M2|A", RS_RESPONDENTS, 0, 1, 22);
	assert_range(&a, &r, "M2|B", RS_RESPONDENTS, 0, 28, 49);
	assert_true(audit_passed(&a));
	audit_release(&a);
	results_release(&r);
	sb_release(&err);
}

/* One wave of item q (2 points, "Ved ikke") in cell bv: n, n_missing, the
 * points, "Ved ikke", blank, rejected; all hidden with note when set. */
static void item(struct results *r, const char *bd, const char *bv, double p1, double p2, double vi,
		 enum res_reason note)
{
	row(r, "q", bd, bv, "w", RS_N, 0, p1 + p2, note);
	row(r, "q", bd, bv, "w", RS_N_MISSING, 0, vi, note);
	row(r, "q", bd, bv, "w", RS_COUNT_NONSUBST, 1, vi, note);
	row(r, "q", bd, bv, "w", RS_COUNT_BLANK, 0, 0, note);
	row(r, "q", bd, bv, "w", RS_COUNT_REJECTED, 0, 0, note);
	row(r, "q", bd, bv, "w", RS_COUNT_POINT, 1, p1, note);
	row(r, "q", bd, bv, "w", RS_COUNT_POINT, 2, p2, note);
}

/* The attack on the family-by-family suppression: in municipality M1 the
 * two relatives (group B) both answered "Ved ikke"; their cells (M1|B and
 * group B) have n = 0 and are hidden as fewer than minimum, and nothing
 * else is, since a cell without answers did not count as hidden.  All: 10
 * citizens (A: 4 at point 1, 6 at point 2) and the 2 relatives.  Everyone
 * has a group and a municipality, so every count of M1|B is M1's minus
 * M1|A's: "Ved ikke" 2 - 0 = 2, respondents 12 - 10 = 2, n 10 - 10 = 0 (by
 * hand): both relatives said "Ved ikke". */
static void test_attack_ved_ikke(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	resp(&r, "all", "", 12, RES_WHY_NONE);
	resp(&r, "group", "A", 10, RES_WHY_NONE);
	resp(&r, "group", "B", NAN, RES_WHY_SUPPRESSED);
	resp(&r, "municipality", "M1", 12, RES_WHY_NONE);
	resp(&r, "municipality_group", "M1|A", 10, RES_WHY_NONE);
	resp(&r, "municipality_group", "M1|B", NAN, RES_WHY_SUPPRESSED);
	item(&r, "all", "", 4, 6, 2, RES_WHY_NONE);
	item(&r, "group", "A", 4, 6, 0, RES_WHY_NONE);
	item(&r, "group", "B", 0, 0, 2, RES_WHY_SUPPRESSED);
	item(&r, "municipality", "M1", 4, 6, 2, RES_WHY_NONE);
	item(&r, "municipality_group", "M1|A", 4, 6, 0, RES_WHY_NONE);
	item(&r, "municipality_group", "M1|B", 0, 0, 2, RES_WHY_SUPPRESSED);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_range(&a, &r, "M1|B", RS_COUNT_NONSUBST, 1, 2, 2);
	assert_range(&a, &r, "M1|B", RS_RESPONDENTS, 0, 2, 2);
	assert_range(&a, &r, "M1|B", RS_N, 0, 0, 0);
	assert_false(audit_passed(&a));
	audit_describe_failure(&a, &r, &err);
	assert_non_null(strstr(err.buf, "must not be published"));
	/* never the value itself: the ranges are printed, not the counts */
	audit_release(&a);
	results_release(&r);
	sb_release(&err);
}

/* A published statistic of a block whose n is hidden is a breach. */
static void test_leak(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	resp(&r, "all", "", 12, RES_WHY_NONE);
	row(&r, "q", "group", "B", "w", RS_N, 0, NAN, RES_WHY_SUPPRESSED);
	row(&r, "q", "group", "B", "w", RS_MEAN, 0, 1.5, RES_WHY_NONE);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_int_equal(a.n_leaks, 1);
	assert_false(audit_passed(&a));
	audit_release(&a);
	results_release(&r);
	sb_release(&err);
}

/* The pair table of a variable between waves a and b, every cell hidden;
 * each cell has 10 answers at both waves (n_pairs <= 10; groups and
 * municipalities 20).  With one note for every hidden cell the notes say
 * nothing of the sizes (a note that told small cells from complementary
 * ones would put pairs(B) in [2, 4], three values where the rule asks
 * four): only n_pairs <= n and the sums bound them, pairs(B) in [0, 20]
 * and pairs(M1|B) in [0, 10] (by hand), and the rule holds.  Withheld
 * (every count of the table not applicable) the table tells nothing. */
static void pair_row(struct results *r, const char *bd, const char *bv, enum res_reason note)
{
	struct res_ctx ctx = { "v", "item", bd, bv, "a..b", "paired" };
	results_ctx_intern(r, &ctx);
	results_add(r, &ctx, RS_N_PAIRS, 0, NAN, note == RES_WHY_PAIRS_WITHHELD ? RES_NA : RES_SUPPRESSED, note);
}

static void pair_table(struct results *r, int withheld)
{
	static const char *const cells[][2] = { { "all", "" },
						{ "group", "A" },
						{ "group", "B" },
						{ "municipality", "M1" },
						{ "municipality", "M2" },
						{ "municipality_group", "M1|A" },
						{ "municipality_group", "M1|B" },
						{ "municipality_group", "M2|A" },
						{ "municipality_group", "M2|B" } };
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		row(r, "v", cells[i][0], cells[i][1], "a", RS_N, 0, 10 * (i == 0 ? 4 : i < 5 ? 2 : 1), RES_WHY_NONE);
		row(r, "v", cells[i][0], cells[i][1], "b", RS_N, 0, 10 * (i == 0 ? 4 : i < 5 ? 2 : 1), RES_WHY_NONE);
		pair_row(r, cells[i][0], cells[i][1], withheld ? RES_WHY_PAIRS_WITHHELD : RES_WHY_SUPPRESSED);
	}
}

static void test_pairs_from_notes(void **state)
{
	(void)state;
	for (int withheld = 0; withheld < 2; withheld++) {
		struct results r;
		results_init(&r);
		pair_table(&r, withheld);
		struct audit a;
		audit_init(&a);
		a.ranges = 1;
		struct strbuf err = STRBUF_INIT;
		assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
		if (!withheld) {
			assert_int_equal(a.n_cells, 9);
			/* one note for all: only n_pairs <= n bounds them (by hand) */
			assert_range(&a, &r, "B", RS_N_PAIRS, 0, 0, 20);
			assert_range(&a, &r, "M1|B", RS_N_PAIRS, 0, 0, 10);
			assert_true(audit_passed(&a));
		} else {
			assert_int_equal(a.n_cells, 0);
			assert_true(audit_passed(&a));
		}
		audit_release(&a);
		results_release(&r);
		sb_release(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_differencing),
		cmocka_unit_test(test_rectangle_notes),
		cmocka_unit_test(test_rectangle_protects),
		cmocka_unit_test(test_attack_ved_ikke),
		cmocka_unit_test(test_leak),
		cmocka_unit_test(test_pairs_from_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
