/* test_num_effect.c: noncentral t, its inversion and standardised effect sizes against R 4.2.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/results_schema.h"
#include "stats/numerics.h"
#include "testutil.h"
#include "core/util.h"

/* pt(q, df, ncp) and pt(q, df, ncp, lower.tail = FALSE) in R 4.2.2, which
 * runs the same algorithm (AS 243 with R's changes): agreement to a few
 * ulps shows the series, the reflection and the branches are the same. */
static void test_pnt(void **state)
{
	(void)state;
	static const double g[][5] = {
		/* q, df, ncp, lower, upper */
		{ 1, 10, 1, 0.49024005139543136, 0.50975994860456864 },
		{ 2.5, 5, 1.5, 0.754756243508372, 0.245243756491628 },
		{ -1, 8, 0.5, 0.076723093111404017, 0.92327690688859598 },
		{ 3, 30, 2.8, 0.56449746376335708, 0.43550253623664292 },
		{ 10, 20, 8, 0.8429884424412839, 0.1570115575587161 },
		{ 40, 10, 38.5, 0.52215206434178218, 0.47784793565821782 },  /* R warns: precision */
		{ 1.5, 4, -2, 0.99899493570878184, 0.0010050642912181607 },
		{ 5, 3, 40, 4.8808855092564443e-55, 1 },   /* ncp > 37.62: normal approximation */
		{ -2, 10, 45, 0, 1 },                      /* t < 0, ncp > 40: left tail 0 */
		{ 0, 10, 2, 0.022750131948179212, 0.97724986805182079 },
		{ 0.5, 2.5, 0.3, 0.55937623421836258, 0.44062376578163742 },
		{ -3, 12, -1, 0.047782369808606506, 0.95221763019139349 },
		{ 2, 1e6, 1.5, 0.69146210920903828, 0.30853789079096172 },  /* df > 4e5 */
		{ 25, 50, 30, 0.03045568230172534, 0.96954431769827465 },
		{ -0.5, 7, 37, 0, 1 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
		assert_close_abs(num_pnt(g[i][0], g[i][1], g[i][2], 1), g[i][3], 1e-12, 1e-300);
		assert_close_abs(num_pnt(g[i][0], g[i][1], g[i][2], 0), g[i][4], 1e-12, 1e-300);
	}
	/* ncp = 0 is the central t: pt(2, 9, lower.tail = FALSE) */
	assert_close(num_pnt(2, 9, 0, 0), 0.03827641188535047, 1e-13);
	assert_close(num_pnt(INFINITY, 5, 1, 1), 1, 0);
	assert_close(num_pnt(-INFINITY, 5, 1, 1), 0, 0);
	assert_true(isnan(num_pnt(1, 0, 1, 1)));
}

/* The noncentrality interval against base R's uniroot on pt(t, df, ncp),
 * an independent root finder (tol = 1e-14):
 *   g <- function(target) uniroot(function(ncp) pt(t, df, ncp) - target,
 *          c(t - 10 - abs(t), t + 10 + abs(t)), tol = 1e-14)$root
 *   c(g(0.975), g(0.025)) */
static void test_ncp_ci(void **state)
{
	(void)state;
	static const double g[][4] = {
		{ 2.5, 20, 0.36731384297485548, 4.578713549996376 },
		{ -4.0621276833820366, 9, -6.6977563060173884, -1.311168091286665 },
		{ 0.3, 5, -1.6826982010041558, 2.2538792794046967 },
		{ 8, 40, 5.3457729267569976, 10.597081351328418 },
		{ -1.2, 3, -3.2877920633341722, 1.0379587249695588 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
		double lo, hi;
		assert_int_equal(num_ncp_ci(g[i][0], g[i][1], 0.95, &lo, &hi), NUM_OK);
		assert_close(lo, g[i][2], 1e-9);
		assert_close(hi, g[i][3], 1e-9);
		/* the defining property, directly */
		assert_close(num_pnt(g[i][0], g[i][1], lo, 1), 0.975, 1e-11);
		assert_close(num_pnt(g[i][0], g[i][1], hi, 1), 0.025, 1e-10);
	}
	double lo, hi;
	assert_int_equal(num_ncp_ci(NAN, 5, 0.95, &lo, &hi), NUM_NA);
	assert_int_equal(num_ncp_ci(1, 0, 0.95, &lo, &hi), NUM_NA);
}

static void test_hedges_j(void **state)
{
	(void)state;
	/* exact values (mpmath, 40 digits): gamma(df/2)/(sqrt(df/2)*gamma((df-1)/2)) */
	static const double g[][3] = {
		/* df, exact, R: exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df - 1)/2)) */
		{ 2, 0.5641895835477563, 0.56418958354775628 },
		{ 9, 0.9138748917925522, 0.91387489179255255 },
		{ 22, 0.9654506587906299, 0.96545065879063485 },
		{ 100, 0.9924780549814448, 0.99247805498141328 },
		{ 1000, 0.9992497811797164, 0.99924978117947805 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
		assert_close(num_hedges_j(g[i][0]), g[i][1], 2e-15);
		/* R's lgamma difference cancels (2.4e-13 off at df = 1000) */
		assert_close(num_hedges_j(g[i][0]), g[i][2], 1e-12);
	}
	/* the approximation 1 - 3/(4 df - 1) (Hedges 1981) is close for df = 100 */
	assert_close(num_hedges_j(100), 1 - 3.0 / 399, 1e-5);
	assert_true(isnan(num_hedges_j(1)));
}

/* e holds d and g within 1e-14 and the intervals of g (lo, hi) and d
 * (d_lo, d_hi) within 1e-9, the root finder's tolerance; a failure names
 * the line of the expect_effect. */
static void check_effect(const struct num_effect *e, double d, double g, double lo, double hi, double d_lo,
			 double d_hi, int line)
{
	check_close(e->d, d, 1e-14, 0, "e.d", __FILE__, line);
	check_close(e->g, g, 1e-14, 0, "e.g", __FILE__, line);
	check_close(e->lo, lo, 1e-9, 0, "e.lo", __FILE__, line);
	check_close(e->hi, hi, 1e-9, 0, "e.hi", __FILE__, line);
	check_close(e->d_lo, d_lo, 1e-9, 0, "e.d_lo", __FILE__, line);
	check_close(e->d_hi, d_hi, 1e-9, 0, "e.d_hi", __FILE__, line);
}

#define expect_effect(e, d, g, lo, hi, d_lo, d_hi) check_effect((e), (d), (g), (lo), (hi), (d_lo), (d_hi), __LINE__)

/* Hedges' g for 1:10 vs 7:20 (R, by the formulas in the header:
 *   sp <- sqrt(((n1-1)*var(x) + (n2-1)*var(y))/df); d <- (mean(x) - mean(y))/sp;
 *   sc <- sqrt(1/n1 + 1/n2); ci <- ncpci(d/sc, df) * sc; J(df) * ci) */
static void test_hedges_g(void **state)
{
	(void)state;
	double sx = sqrt(55.0 / 6), sy = sqrt(17.5);  /* sd(1:10), sd(7:20) */
	struct num_effect e;
	assert_int_equal(num_hedges_g(5.5, sx, 10, 13.5, sy, 14, 0.95, &e), NUM_OK);
	assert_close(e.J, 0.96545065879063485, 1e-14);
	expect_effect(&e, -2.1311817106645243, -2.0575507865636173,
		      -3.0322043556733482, -1.0533504619616159, -3.1407139537007702, -1.0910453603927186);
	assert_int_equal(num_hedges_g(1, 0, 5, 1, 0, 5, 0.95, &e), NUM_NA);
	assert_string_equal(e.reason, res_reason_text(RES_WHY_CONSTANT));
	assert_int_equal(num_hedges_g(1, 1, 1, 1, 1, 5, 0.95, &e), NUM_NA);
}

/* Paired effect sizes on R's sleep data (group 1 minus group 2):
 *   dz <- mean(dd)/sd(dd); ncpci(dz*sqrt(n), n-1)/sqrt(n)
 *   sav <- (sd(d1) + sd(d2))/2; dav <- (mean(d1) - mean(d2))/sav
 *   ncpci(mean(dd)/(sd(dd)/sqrt(n)), n-1) * sd(dd)/(sqrt(n)*sav) */
static void test_paired_effects(void **state)
{
	(void)state;
	struct num_effect e;
	assert_int_equal(num_dz(-1.58, 1.2299954832798732, 10, 0.95, &e), NUM_OK);
	expect_effect(&e, -1.2845575625910546, -1.173924903514205,
		      -1.935602112525632, -0.37891789599609249, -2.1180165139770675, -0.41462775638014349);

	assert_int_equal(num_gav(0.75, 1.7890096577591625, 2.33, 2.002248735796829,
				 1.2299954832798732, 10, 0.95, &e), NUM_OK);
	expect_effect(&e, -0.83349634131270445, -0.76171137872663619,
		      -1.2559322571524678, -0.24586417079948014, -1.3742934272862828, -0.26903482414011953);

	assert_int_equal(num_dz(1, 0, 10, 0.95, &e), NUM_NA);
	assert_int_equal(num_dz(1, 1, 1, 0.95, &e), NUM_NA);
	assert_int_equal(num_gav(1, 0, 1, 0, 1, 10, 0.95, &e), NUM_NA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pnt),
		cmocka_unit_test(test_ncp_ci),
		cmocka_unit_test(test_hedges_j),
		cmocka_unit_test(test_hedges_g),
		cmocka_unit_test(test_paired_effects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
