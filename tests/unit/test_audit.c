/* test_audit.c: unit tests for the disclosure audit: feasible ranges of suppressed counts on small tables worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats/audit.h"
#include "stats/results.h"

#include <math.h>
#include <stdio.h>
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

/* A rectangle of hidden respondents in wave w, municipalities Mi and Mj
 * (i = mu, j = mu + 1): Mi|A x, Mi|B m1 - x, Mj|A a - x, Mj|B m2 - a + x
 * inside the shown margins (all m1 + m2, groups a and m1 + m2 - a,
 * municipalities m1 and m2), as in test_rectangle_protects; with hide_one
 * only Mi|A is hidden and the others shown (m1a its value): differencing
 * gives it away. */
static void rectangle(struct results *r, const char *w, int mu, double m1, double m2, double a, double m1a,
		      int hide_one)
{
	char mi[8], mj[8], c[4][12];
	snprintf(mi, sizeof(mi), "M%d", mu);
	snprintf(mj, sizeof(mj), "M%d", mu + 1);
	snprintf(c[0], sizeof(c[0]), "M%d|A", mu);
	snprintf(c[1], sizeof(c[1]), "M%d|B", mu);
	snprintf(c[2], sizeof(c[2]), "M%d|A", mu + 1);
	snprintf(c[3], sizeof(c[3]), "M%d|B", mu + 1);
	row(r, "*", "all", "", w, RS_RESPONDENTS, 0, m1 + m2, RES_WHY_NONE);
	row(r, "*", "group", "A", w, RS_RESPONDENTS, 0, a, RES_WHY_NONE);
	row(r, "*", "group", "B", w, RS_RESPONDENTS, 0, m1 + m2 - a, RES_WHY_NONE);
	row(r, "*", "municipality", mi, w, RS_RESPONDENTS, 0, m1, RES_WHY_NONE);
	row(r, "*", "municipality", mj, w, RS_RESPONDENTS, 0, m2, RES_WHY_NONE);
	row(r, "*", "municipality_group", c[0], w, RS_RESPONDENTS, 0, NAN, RES_WHY_SUPPRESSED);
	enum res_reason note = hide_one ? RES_WHY_NONE : RES_WHY_SUPPRESSED;
	row(r, "*", "municipality_group", c[1], w, RS_RESPONDENTS, 0, m1 - m1a, note);
	row(r, "*", "municipality_group", c[2], w, RS_RESPONDENTS, 0, a - m1a, note);
	row(r, "*", "municipality_group", c[3], w, RS_RESPONDENTS, 0, m2 - a + m1a, note);
}

/* The audit of r with and without the cache c: the same cells, bit for bit. */
static void assert_same_as_cold(struct audit *warm, const struct results *r, int ranges)
{
	struct audit cold;
	audit_init(&cold);
	cold.ranges = ranges;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&cold, r, 5, &err), TILLID_OK);
	assert_int_equal(warm->n_cells, cold.n_cells);
	assert_int_equal(warm->n_exact, cold.n_exact);
	assert_int_equal(warm->n_narrow, cold.n_narrow);
	assert_int_equal(warm->n_components, cold.n_components);
	assert_memory_equal(warm->cells, cold.cells, cold.n_cells * sizeof(*cold.cells));
	audit_release(&cold);
	sb_release(&err);
}

/* Rounds of suppression in two waves, each wave its own part of the
 * system.  Round 1: wave w1 hides only M1|A (3, given away by
 * differencing), wave w2 a whole rectangle.  Round 2 hides w1's whole
 * rectangle as well: w2's part is the same and taken from the cache, w1's
 * is solved.  Round 3 changes only w2's published margins (the same
 * unknowns and identities with other sides): reusing w2's bounds would be
 * wrong (M4|B was [28, 49], now [29, 50], by hand as in
 * test_rectangle_protects), so it is solved again and w1's part reused.
 * Without full ranges, round 2 only hides more than round 1, so it starts
 * from the values round 1's solutions took; round 3 publishes other
 * values, so it starts from none.  Every audit equals a cold one, with
 * full ranges and without.  (Wave w2 has municipalities M3 and M4, so
 * that no cell is in both waves.) */
static void test_cache_rounds(void **state)
{
	(void)state;
	for (int ranges = 0; ranges < 2; ranges++) {
		struct audit_cache cache;
		audit_cache_init(&cache);
		struct audit a;
		audit_init(&a);
		a.ranges = ranges;
		a.cache = &cache;
		struct strbuf err = STRBUF_INIT;
		struct results r1, r2, r3;
		results_init(&r1);
		rectangle(&r1, "w1", 1, 23, 50, 23, 3, 1);
		rectangle(&r1, "w2", 3, 23, 50, 23, 3, 0);
		assert_int_equal(audit_run(&a, &r1, 5, &err), TILLID_OK);
		assert_int_equal(a.n_components, 2);
		assert_int_equal(a.n_reused, 0);
		assert_false(audit_passed(&a));
		assert_same_as_cold(&a, &r1, ranges);

		results_init(&r2);
		rectangle(&r2, "w1", 1, 23, 50, 23, 3, 0);
		rectangle(&r2, "w2", 3, 23, 50, 23, 3, 0);
		assert_int_equal(audit_run(&a, &r2, 5, &err), TILLID_OK);
		assert_int_equal(a.n_reused, 1);
		assert_true(audit_passed(&a));
		assert_int_equal(a.n_carried > 0, !ranges);
		assert_same_as_cold(&a, &r2, ranges);
		if (ranges)
			assert_range(&a, &r2, "M4|B", RS_RESPONDENTS, 0, 28, 49);

		results_init(&r3);
		rectangle(&r3, "w1", 1, 23, 50, 23, 3, 0);
		rectangle(&r3, "w2", 3, 23, 51, 23, 3, 0);
		assert_int_equal(audit_run(&a, &r3, 5, &err), TILLID_OK);
		assert_int_equal(a.n_reused, 1);
		assert_int_equal(a.n_carried, 0);
		assert_same_as_cold(&a, &r3, ranges);
		if (ranges) {
			assert_range(&a, &r3, "M2|B", RS_RESPONDENTS, 0, 28, 49);
			assert_range(&a, &r3, "M4|B", RS_RESPONDENTS, 0, 29, 50);
		}
		/* the same rows again: every part from the cache, the same audit */
		assert_int_equal(audit_run(&a, &r3, 5, &err), TILLID_OK);
		assert_int_equal(a.n_reused, 2);
		assert_int_equal(a.n_carried > 0, !ranges);
		assert_same_as_cold(&a, &r3, ranges);
		assert_int_equal(cache.n_solved, 4);
		assert_int_equal(cache.n_reused, 4);
		audit_release(&a);
		audit_cache_release(&cache);
		results_release(&r1);
		results_release(&r2);
		results_release(&r3);
		sb_release(&err);
	}
}

/* The values seen are carried only into a system that relaxes the last
 * one.  The rectangle of M1|A (3 respondents) hidden with its three
 * corners passes; the next audit publishes the corners again, so the
 * values M1|A took in the last audit's solutions (0 to 23) are no
 * solutions now: carried, they would pass it, while differencing gives
 * it away, as a cold audit finds.  The rectangle again after that: a
 * relaxation, carried. */
static void test_seen_only_relaxed(void **state)
{
	(void)state;
	struct audit_cache cache;
	audit_cache_init(&cache);
	struct audit a;
	audit_init(&a);
	a.cache = &cache;
	struct strbuf err = STRBUF_INIT;
	struct results whole, one;
	results_init(&whole);
	results_init(&one);
	rectangle(&whole, "w1", 1, 23, 50, 23, 3, 0);
	rectangle(&one, "w1", 1, 23, 50, 23, 3, 1);
	assert_int_equal(audit_run(&a, &whole, 5, &err), TILLID_OK);
	assert_true(audit_passed(&a));
	assert_int_equal(a.n_carried, 0);
	assert_int_equal(audit_run(&a, &one, 5, &err), TILLID_OK);
	assert_int_equal(a.n_carried, 0);
	assert_false(audit_passed(&a));
	assert_int_equal(a.n_exact, 1);
	assert_same_as_cold(&a, &one, 0);
	assert_int_equal(audit_run(&a, &whole, 5, &err), TILLID_OK);
	assert_true(a.n_carried > 0);
	assert_true(audit_passed(&a));
	assert_same_as_cold(&a, &whole, 0);
	audit_release(&a);
	audit_cache_release(&cache);
	results_release(&whole);
	results_release(&one);
	sb_release(&err);
}

/* Without full ranges the audit stops where the verdict is known (values
 * seen, bounds propagated, totals optimised in bulk): every count's
 * verdict is the one of its exact range, on tables that pass and tables
 * that fail, for several minimum group sizes. */
static void test_verdicts_without_ranges(void **state)
{
	(void)state;
	static const double shapes[][4] = { { 23, 50, 23, 3 }, { 10, 12, 9, 2 }, { 6, 40, 7, 1 }, { 30, 30, 31, 4 } };
	static const uint64_t mins[] = { 2, 3, 5, 10, 30 };
	size_t breaches = 0, passes = 0;
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++)
		for (int hide_one = 0; hide_one < 2; hide_one++)
			for (size_t m = 0; m < sizeof(mins) / sizeof(mins[0]); m++) {
				struct results r;
				results_init(&r);
				const double *x = shapes[k];
				rectangle(&r, "w1", 1, x[0], x[1], x[2], x[3], hide_one);
				rectangle(&r, "w2", 3, x[1], x[0], x[2], x[3], !hide_one);
				struct audit full, fast;
				audit_init(&full);
				audit_init(&fast);
				full.ranges = 1;
				struct strbuf err = STRBUF_INIT;
				assert_int_equal(audit_run(&full, &r, mins[m], &err), TILLID_OK);
				assert_int_equal(audit_run(&fast, &r, mins[m], &err), TILLID_OK);
				assert_int_equal(fast.n_cells, full.n_cells);
				assert_int_equal(fast.n_exact, full.n_exact);
				assert_int_equal(fast.n_narrow, full.n_narrow);
				for (size_t i = 0; i < full.n_cells; i++) {
					assert_int_equal(fast.cells[i].row, full.cells[i].row);
					assert_int_equal(fast.cells[i].exact, full.cells[i].exact);
					assert_int_equal(fast.cells[i].narrow, full.cells[i].narrow);
				}
				breaches += !audit_passed(&full);
				passes += audit_passed(&full);
				audit_release(&full);
				audit_release(&fast);
				results_release(&r);
				sb_release(&err);
			}
	/* both verdicts occur */
	assert_true(breaches > 0);
	assert_true(passes > 0);
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
		cmocka_unit_test(test_cache_rounds),
		cmocka_unit_test(test_seen_only_relaxed),
		cmocka_unit_test(test_verdicts_without_ranges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
