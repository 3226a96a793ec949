/* test_num_boot.c: bootstrap of a mean change from count tables: reproducibility, percentile and BCa construction, acceleration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_pow_int.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "core/results_schema.h"
#include "stats/numerics.h"
#include "stats/num_internal.h"
#include "testutil.h"
#include "core/util.h"

#define WS(xs, ws) ((struct wsample){ (xs), (ws), ARRAY_SIZE(xs) })

/* bx <- rep(c(-2, -1, 0, 1, 2, 3), c(3, 8, 20, 14, 9, 2)): paired changes */
static const double bx_x[] = { -2, -1, 0, 1, 2, 3 }, bx_w[] = { 3, 8, 20, 14, 9, 2 };

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* R's quantile(type = 7) of sorted v, written out independently of the
 * library: index 1 + (n-1) p, linear between the neighbouring order
 * statistics. */
static double q7(const double *v, size_t n, double p)
{
	double idx = (double)(n - 1) * p;
	size_t lo = (size_t)floor(idx);
	if (lo >= n - 1)
		return v[n - 1];
	double h = idx - (double)lo;
	return v[lo] + h * (v[lo + 1] - v[lo]);
}

/* The BCa bounds rebuilt from the draws by the header's formulas. */
static void check_bca(const double *draws, size_t B, double est, const struct num_boot *out,
		      double conf)
{
	double *s = xmalloc(B * sizeof(*s));
	memcpy(s, draws, B * sizeof(*s));
	qsort(s, B, sizeof(*s), cmp);
	double below = 0, equal = 0;
	for (size_t b = 0; b < B; b++) {
		if (fabs(s[b] - est) < 1e-12)
			equal++;
		else if (s[b] < est)
			below++;
	}
	double z0 = gsl_cdf_ugaussian_Pinv((below + equal / 2) / (double)B);
	assert_close(out->z0, z0, 1e-14);
	double al = (1 - conf) / 2, ah = (1 + conf) / 2;
	assert_close(out->perc_lo, q7(s, B, al), 1e-14);
	assert_close(out->perc_hi, q7(s, B, ah), 1e-14);
	double a = out->a;
	double zl = z0 + gsl_cdf_ugaussian_Pinv(al), zh = z0 + gsl_cdf_ugaussian_Pinv(ah);
	double pl = gsl_cdf_ugaussian_P(z0 + zl / (1 - a * zl));
	double ph = gsl_cdf_ugaussian_P(z0 + zh / (1 - a * zh));
	assert_close_abs(out->bca_lo, q7(s, B, pl), 1e-14, 1e-15);
	assert_close_abs(out->bca_hi, q7(s, B, ph), 1e-14, 1e-15);
	free(s);
}

static void test_boot_paired(void **state)
{
	(void)state;
	struct wsample d = WS(bx_x, bx_w);
	size_t B = 4000;
	double *draws = xmalloc(B * sizeof(*draws));
	double *again = xmalloc(B * sizeof(*again));
	struct num_boot out, out2;
	assert_int_equal(num_boot_paired(&d, B, 20240501, 0.95, draws, &out), NUM_OK);
	assert_int_equal(out.B, B);
	assert_true(out.seed == 20240501);
	assert_close(out.est, 24.0 / 56, 1e-15);  /* mean(bx) = 3/7 */
	/* acceleration: boot::empinf(data = bx, statistic = function(d, i)
	 * mean(d[i]), stype = "i", type = "jack"); sum(L^3)/(6*sum(L^2)^1.5) */
	assert_close(out.a, 0.00089366322180897695, 1e-12);
	assert_null(out.bca_reason);
	check_bca(draws, B, out.est, &out, 0.95);

	/* same seed, same numbers; another seed, other numbers */
	assert_int_equal(num_boot_paired(&d, B, 20240501, 0.95, again, &out2), NUM_OK);
	assert_memory_equal(draws, again, B * sizeof(*draws));
	assert_true(out.bca_lo == out2.bca_lo && out.perc_hi == out2.perc_hi);
	num_boot_paired(&d, B, 7, 0.95, again, &out2);
	assert_memory_not_equal(draws, again, B * sizeof(*draws));

	/* every resample is a mean of n = 56 values from the table */
	for (size_t b = 0; b < B; b++) {
		double k = draws[b] * 56;
		assert_close_abs(k, nearbyint(k), 0, 1e-9);
		assert_true(draws[b] >= -2 && draws[b] <= 3);
	}
	/* the bootstrap SE is close to the plug-in SE sqrt(var (n-1)/n / n)
	 * (4000 resamples: within 5 %) */
	double mean, var;
	num_moments(&d, &mean, &var);
	double se = sqrt(var * 55 / 56 / 56);
	assert_close(out.se, se, 0.05);
	/* and the intervals bracket the estimate */
	assert_true(out.perc_lo < out.est && out.est < out.perc_hi);
	assert_true(out.bca_lo < out.est && out.est < out.bca_hi);
	free(draws);
	free(again);
}

static void test_boot_indep(void **state)
{
	(void)state;
	/* gx <- rep(1:5, c(4, 6, 10, 12, 8)); gy <- rep(1:5, c(2, 9, 14, 10, 5)) */
	const double v[] = { 1, 2, 3, 4, 5 };
	const double wx[] = { 4, 6, 10, 12, 8 }, wy[] = { 2, 9, 14, 10, 5 };
	struct wsample x = WS(v, wx), y = WS(v, wy);
	size_t B = 3000;
	double *draws = xmalloc(B * sizeof(*draws));
	struct num_boot out;
	assert_int_equal(num_boot_indep(&x, &y, B, 99, 0.9, draws, &out), NUM_OK);
	assert_close(out.est, 134.0 / 40 - 127.0 / 40, 1e-15);  /* mean(gx) - mean(gy) */
	/* equal group sizes, where boot's unscaled stratified jackknife equals
	 * the scaled one: empinf(data = c(gx, gy), statistic = <difference of
	 * means>, stype = "i", strata = s, type = "jack"); sum(L^3)/(6*sum(L^2)^1.5) */
	assert_close(out.a, -0.0043177857443190675, 1e-12);
	check_bca(draws, B, out.est, &out, 0.9);
	/* reproducible */
	double *again = xmalloc(B * sizeof(*again));
	struct num_boot out2;
	num_boot_indep(&x, &y, B, 99, 0.9, again, &out2);
	assert_memory_equal(draws, again, B * sizeof(*draws));
	/* SE close to the plug-in SE of a difference of independent means */
	double mx, vx, my, vy;
	num_moments(&x, &mx, &vx);
	num_moments(&y, &my, &vy);
	double se = sqrt(vx * 39 / 40 / 40 + vy * 39 / 40 / 40);
	assert_close(out.se, se, 0.05);
	free(draws);
	free(again);
}

static void test_boot_edges(void **state)
{
	(void)state;
	struct num_boot out;
	const double x1[] = { 2 }, w1[] = { 1 }, w9[] = { 9 };
	struct wsample one = WS(x1, w1), cst = WS(x1, w9);
	assert_int_equal(num_boot_paired(&one, 100, 1, 0.95, NULL, &out), NUM_NA);
	assert_string_equal(out.reason, res_reason_text(RES_WHY_NOT_ENOUGH));
	assert_int_equal(num_boot_paired(&cst, 100, 1, 0.95, NULL, &out), NUM_NA);
	assert_string_equal(out.reason, res_reason_text(RES_WHY_CONSTANT));
	struct wsample d = WS(bx_x, bx_w);
	assert_int_equal(num_boot_paired(&d, 1, 1, 0.95, NULL, &out), NUM_NA);
	assert_int_equal(num_boot_paired(&d, 100, 1, 1.0, NULL, &out), NUM_NA);
	/* one constant group is fine for the independent case */
	assert_int_equal(num_boot_indep(&cst, &d, 200, 3, 0.95, NULL, &out), NUM_OK);
	assert_close(out.est, 2 - 24.0 / 56, 1e-15);
	assert_int_equal(num_boot_indep(&cst, &cst, 200, 3, 0.95, NULL, &out), NUM_NA);
	/* n = 2: resample means are 0, 0.5 or 1 around 0.5 */
	const double x2[] = { 0, 1 }, w2[] = { 1, 1 };
	struct wsample two = WS(x2, w2);
	assert_int_equal(num_boot_paired(&two, 500, 5, 0.95, NULL, &out), NUM_OK);
	assert_close(out.perc_lo, 0, 0);
	assert_close(out.perc_hi, 1, 0);
}

/* num_binom_draw makes the draws of gsl_ran_binomial from the same random
 * numbers: equal values and generators in the same state afterwards, on
 * both of GSL's branches (n p below and above 14), p on both sides of 1/2,
 * p = 0 and 1, and n from 0 to beyond 2^31. */
static void test_binom_same_draws(void **state)
{
	(void)state;
	gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937), *pick = gsl_rng_alloc(gsl_rng_mt19937);
	struct num_mt r2;
	assert_non_null(r1);
	assert_non_null(pick);
	gsl_rng_set(r1, 7);
	num_mt_seed(&r2, 7);
	gsl_rng_set(pick, 11);
	const unsigned ns[] = { 0, 1, 2, 13, 100, 1000, 99999, 1000000, 3000000000u };
	const double ps[] = { 0, 1, 0.5, 1e-9, 1 - 1e-9, 0.3, 0.7 };
	size_t draws = 0, inversion = 0;
	for (int round = 0; round < 4000; round++) {
		double p = round < 7 ? ps[round] : gsl_rng_uniform(pick);
		if (round % 3 == 0)
			p *= 1e-4;  /* small means at large n */
		struct num_binom b;
		num_binom_init(&b, p);
		for (int k = 0; k < 20; k++) {  /* q^n to the last bit */
			unsigned n = (unsigned)gsl_rng_get(pick);
			n >>= k + 1;
			double want = gsl_pow_uint(b.q, n), got = num_binom_pow(&b, n);
			assert_memory_equal(&got, &want, sizeof(got));
		}
		for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
			unsigned n = ns[i] ? ns[i] - (unsigned)gsl_rng_uniform_int(pick, ns[i]) / 2 : 0;
			for (int k = 0; k < 5; k++) {
				unsigned want = gsl_ran_binomial(r1, p, n);
				unsigned got = num_binom_draw(&b, &r2, n);
				assert_int_equal(got, want);
				draws++;
				inversion += n * (p > 0.5 ? 1 - p : p) < 14;
			}
		}
		assert_true(gsl_rng_get(r1) == num_mt_get(&r2));
	}
	assert_true(inversion > draws / 4 && inversion < draws * 3 / 4);  /* both branches */
	gsl_rng_free(r1);
	gsl_rng_free(pick);
}

/* The same on the edges of GSL's BTPE branch, draw for draw and with the
 * generators in step: n p at and just above 14, p at and around 1/2, p
 * above 1/2 (GSL draws the failures), n from 14 to 2^32 - 1, under many
 * seeds. */
static void test_binom_btpe_edges(void **state)
{
	(void)state;
	gsl_rng *r1 = gsl_rng_alloc(gsl_rng_mt19937);
	struct num_mt r2;
	assert_non_null(r1);
	const unsigned ns[] = { 14, 15, 28, 29, 100, 1001, 65536, 1000003, 123456789u,
				2147483647u, 2147483648u, 4294967294u, 4294967295u };
	const double near_half[] = { 0.5, 0.49999999999999994, 0.50000000000000011, 0.4999,
				     0.5001, 0.45, 0.55, 0.3, 0.7, 0.05, 0.95 };
	size_t draws = 0;
	for (unsigned long seed = 1; seed <= 400; seed++) {
		gsl_rng_set(r1, seed);
		num_mt_seed(&r2, seed);
		for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
			unsigned n = ns[i];
			double ps[4 + ARRAY_SIZE(near_half)];
			size_t np = 0;
			/* n p just at and above 14, on both sides of 1/2 */
			ps[np++] = 14.0 / n;
			ps[np++] = nextafter(14.0 / n, 1);
			ps[np++] = 14.5 / n;
			ps[np++] = 1 - nextafter(14.0 / n, 1);
			for (size_t j = 0; j < ARRAY_SIZE(near_half); j++)
				ps[np++] = near_half[j];
			for (size_t j = 0; j < np; j++) {
				double p = ps[j];
				/* GSL's BTPE takes its mode as an int: beyond 2^31 - 1 it is undefined */
				if (p > 1 || (double)n * (p > 0.5 ? 1 - p : p) + p >= 2147483647.0)
					continue;
				struct num_binom b;
				num_binom_init(&b, p);
				for (int k = 0; k < 8; k++) {
					unsigned want = gsl_ran_binomial(r1, p, n);
					unsigned got = num_binom_draw(&b, &r2, n);
					assert_int_equal(got, want);
					draws++;
				}
				assert_true(gsl_rng_get(r1) == num_mt_get(&r2));
			}
		}
	}
	assert_true(draws > 400000);
	gsl_rng_free(r1);
}

/* num_mt is GSL's gsl_rng_mt19937: the same words and the same uniforms,
 * bit for bit, from seeds 0 (GSL's 4357), small, 2^32 and beyond (only the
 * low 32 bits seed) and random ones, across many refills of the state. */
static void test_mt_same_as_gsl(void **state)
{
	(void)state;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937), *pick = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(r);
	assert_non_null(pick);
	gsl_rng_set(pick, 3);
	struct num_mt g;
	const unsigned long seeds[] = { 0, 1, 4357, 20211001, 4294967295UL, 4294967296UL,
					4294967296UL + 5, (unsigned long)-1 };
	for (size_t i = 0; i < ARRAY_SIZE(seeds) + 40; i++) {
		unsigned long seed = i < ARRAY_SIZE(seeds) ? seeds[i]
			: gsl_rng_get(pick) << 32 ^ gsl_rng_get(pick);
		gsl_rng_set(r, seed);
		num_mt_seed(&g, seed);
		for (int k = 0; k < 5 * NUM_MT_N + 7; k++) {
			if (k % 3) {
				assert_true(num_mt_get(&g) == gsl_rng_get(r));
			} else {
				double want = gsl_rng_uniform(r), got = num_mt_uniform(&g);
				assert_memory_equal(&got, &want, sizeof(got));
			}
		}
	}
	/* the first word of seed 5489, the reference implementation's default
	 * seed (mt19937ar.c, Matsumoto & Nishimura 2002: 3499211612) */
	num_mt_seed(&g, 5489);
	assert_true(num_mt_get(&g) == 3499211612u);
	gsl_rng_free(r);
	gsl_rng_free(pick);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_paired),
		cmocka_unit_test(test_boot_indep),
		cmocka_unit_test(test_boot_edges),
		cmocka_unit_test(test_binom_same_draws),
		cmocka_unit_test(test_binom_btpe_edges),
		cmocka_unit_test(test_mt_same_as_gsl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
