/* test_num_rank.c: Wilcoxon signed-rank and rank-sum tests on count tables against R 4.2.2's wilcox.test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "core/results_schema.h"
#include "stats/numerics.h"
#include "testutil.h"
#include "core/util.h"

#define WS(xs, ws) ((struct wsample){ (xs), (ws), ARRAY_SIZE(xs) })

/* Build a count table from raw values; the caller releases b. */
static struct wsample table(struct wsample_buf *b, const double *v, size_t n)
{
	wsample_buf_init(b);
	num_wsample_from_values(b, v, n);
	return wsample_of(b);
}

/* num_signrank of the raw differences d[0..n) into t; returns its status. */
static int signrank_values(const double *d, size_t n, struct num_test *t)
{
	struct wsample_buf b;
	struct wsample s = table(&b, d, n);
	int rc = num_signrank(&s, t);
	wsample_buf_release(&b);
	return rc;
}

/* num_ranksum of the raw values x[0..nx) against y[0..ny) into t;
 * returns its status. */
static int ranksum_values(const double *x, size_t nx, const double *y, size_t ny, struct num_test *t)
{
	struct wsample_buf bx, by;
	struct wsample sx = table(&bx, x, nx), sy = table(&by, y, ny);
	int rc = num_ranksum(&sx, &sy, t);
	wsample_buf_release(&bx);
	wsample_buf_release(&by);
	return rc;
}

/* R's documented example (?wilcox.test, Hollander & Wolfe 1973, p. 29):
 * depression scale before (x) and after (y) therapy. */
static void test_signrank_depression(void **state)
{
	(void)state;
	const double x[] = { 1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30 };
	const double y[] = { 0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29 };
	double d[9];
	for (int i = 0; i < 9; i++)
		d[i] = x[i] - y[i];
	struct num_test t;
	assert_int_equal(signrank_values(d, 9, &t), NUM_OK);
	/* wilcox.test(x, y, paired = TRUE): V = 40, p = 0.0390625 */
	assert_close(t.stat, 40, 0);
	assert_true(t.exact);
	assert_close(t.p, 0.0390625, 1e-14);
	assert_close(t.p_greater, 0.01953125, 1e-14);  /* alternative = "greater" */
	assert_close(t.p_less, 0.986328125, 1e-14);    /* alternative = "less" */
	assert_close(t.n, 9, 0);
	/* Kerby's r = 4V/(n(n+1)) - 1 = 160/90 - 1 */
	assert_close(num_rank_biserial_paired(t.stat, t.n), 160.0 / 90 - 1, 1e-15);
}

/* Likert-like differences with ties and zeros: the normal approximation
 * with tie correction and continuity correction.
 * dd <- c(rep(-2, 3), rep(-1, 5), rep(0, 4), rep(1, 9), rep(2, 6), rep(3, 2)) */
static void test_signrank_ties_zeros(void **state)
{
	(void)state;
	const double x[] = { -2, -1, 0, 1, 2, 3 }, w[] = { 3, 5, 4, 9, 6, 2 };
	struct wsample s = WS(x, w);
	struct num_test t;
	assert_int_equal(num_signrank(&s, &t), NUM_OK);
	assert_false(t.exact);
	assert_true(t.ties && t.zeros);
	assert_close(t.n, 25, 0);
	assert_close(t.stat, 230.5, 0);                        /* wilcox.test(dd)$statistic */
	assert_close(t.p, 0.062113019557234417, 1e-12);        /* wilcox.test(dd)$p.value */
	assert_close(t.p_greater, 0.031056509778617208, 1e-12); /* alternative = "greater" */
	assert_close(t.p_less, 0.97082937283712956, 1e-12);    /* alternative = "less" */
}

/* Exact, n = 20, no ties:
 * ex <- c(-3.1, -0.4, 0.7, 1.2, 2.5, 3.3, 4.8, 5.1, -6.2, 7.7, 8.4, 9.9, 10.5,
 *         -11.3, 12.6, 13.1, 14.8, 15.2, 16.9, -17.4); wilcox.test(ex) */
static void test_signrank_exact20(void **state)
{
	(void)state;
	const double ex[] = { -3.1, -0.4, 0.7, 1.2, 2.5, 3.3, 4.8, 5.1, -6.2, 7.7, 8.4, 9.9, 10.5,
			      -11.3, 12.6, 13.1, 14.8, 15.2, 16.9, -17.4 };
	struct num_test t;
	signrank_values(ex, ARRAY_SIZE(ex), &t);
	assert_true(t.exact);
	assert_close(t.stat, 161, 0);
	assert_close(t.p, 0.036233901977539062, 1e-13);
	assert_close(t.p_greater, 0.018116950988769531, 1e-13);
	assert_close(t.p_less, 0.98361587524414062, 1e-13);
}

/* n >= 50 without ties: normal approximation with continuity correction.
 * big <- seq(-20.25, 40.75, by = 1); wilcox.test(big) */
static void test_signrank_large(void **state)
{
	(void)state;
	double v[62], w[62];
	for (int i = 0; i < 62; i++) {
		v[i] = -20.25 + i;
		w[i] = 1;
	}
	struct wsample s = { v, w, 62 };
	struct num_test t;
	num_signrank(&s, &t);
	assert_false(t.exact);
	assert_false(t.ties);
	assert_close(t.stat, 1512, 0);
	assert_close(t.p, 0.00017618402727101058, 1e-10);
	assert_close(t.p_greater, 8.8092013635505292e-05, 1e-10);
	assert_close(t.p_less, 0.99991433937699459, 1e-12);
}

static void test_signrank_edges(void **state)
{
	(void)state;
	struct num_test t;
	/* all differences zero: R gives V = 0, p = NaN */
	const double z[] = { 0 }, wz[] = { 7 };
	struct wsample sz = WS(z, wz);
	assert_int_equal(num_signrank(&sz, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_ZERO_DIFFERENCES));
	assert_true(isnan(t.p));
	/* one difference: wilcox.test(2.5) V = 1, p = 1 */
	const double one[] = { 2.5 }, w1[] = { 1 };
	struct wsample s1 = WS(one, w1);
	assert_int_equal(num_signrank(&s1, &t), NUM_OK);
	assert_close(t.stat, 1, 0);
	assert_close(t.p, 1, 0);
	/* -2 and 2 tie in |d|: wilcox.test(c(-2, 2, 3)) is not exact, V = 4.5,
	 * p = 0.58621368107313998 */
	const double x3[] = { -2, 2, 3 }, w3[] = { 1, 1, 1 };
	struct wsample s3 = WS(x3, w3);
	num_signrank(&s3, &t);
	assert_false(t.exact);
	assert_true(t.ties);
	assert_close(t.stat, 4.5, 0);
	assert_close(t.p, 0.58621368107313998, 1e-12);
}

/* R's documented example (?wilcox.test): permeability constants. */
static void test_ranksum_permeability(void **state)
{
	(void)state;
	const double x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
	const double y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
	struct num_test t;
	assert_int_equal(ranksum_values(x, 10, y, 5, &t), NUM_OK);
	assert_true(t.exact);
	assert_close(t.stat, 35, 0);                         /* W = 35 */
	assert_close(t.p, 0.2544122544122544, 1e-13);        /* wilcox.test(x, y) */
	assert_close(t.p_greater, 0.1272061272061272, 1e-13); /* alternative = "greater" */
	assert_close(t.p_less, 0.89676989676989671, 1e-13);  /* alternative = "less" */
	/* r = 1 - 2W/(n1 n2) = 1 - 70/50 < 0: x (first) tends to be larger */
	assert_close(num_rank_biserial(t.stat, 10, 5), 1 - 70.0 / 50, 1e-15);
}

/* Two Likert count tables: midranks from counts, tie-corrected normal.
 * lx <- rep(1:5, c(2, 5, 8, 10, 5)); ly <- rep(1:5, c(5, 8, 7, 6, 4)) */
static void test_ranksum_ties(void **state)
{
	(void)state;
	const double v[] = { 1, 2, 3, 4, 5 };
	const double wx[] = { 2, 5, 8, 10, 5 }, wy[] = { 5, 8, 7, 6, 4 };
	struct wsample sx = WS(v, wx), sy = WS(v, wy);
	struct num_test t;
	num_ranksum(&sx, &sy, &t);
	assert_false(t.exact);
	assert_true(t.ties);
	assert_close(t.stat, 552, 0);                           /* wilcox.test(lx, ly) */
	assert_close(t.p, 0.12376427916606844, 1e-12);
	assert_close(t.p_greater, 0.061882139583034221, 1e-12);
	assert_close(t.p_less, 0.93994691465874358, 1e-12);
	/* the grids need not match: y without the value 5, x with an extra 6 */
	const double vx[] = { 1, 2, 6 }, cx[] = { 1, 1, 1 }, vy[] = { 2, 3 }, cy[] = { 2, 1 };
	struct wsample gx = WS(vx, cx), gy = WS(vy, cy);
	num_ranksum(&gx, &gy, &t);
	/* wilcox.test(c(1, 2, 6), c(2, 2, 3)): W = 4, p = 1 */
	assert_close(t.stat, 4, 0);
	assert_close(t.p, 1, 1e-15);
}

/* set.seed(1); ex1 <- round(rnorm(30), 6); ex2 <- round(rnorm(40, 0.5), 6) */
static const double ex1[] = {
	-0.626454, 0.183643, -0.835629, 1.595281, 0.329508, -0.820468, 0.487429, 0.738325,
	0.575781, -0.305388, 1.511781, 0.389843, -0.621241, -2.214700, 1.124931, -0.044934,
	-0.016190, 0.943836, 0.821221, 0.593901, 0.918977, 0.782136, 0.074565, -1.989352,
	0.619826, -0.056129, -0.155796, -1.470752, -0.478150, 0.417942,
};
static const double ex2[] = {
	1.858680, 0.397212, 0.887672, 0.446195, -0.877060, 0.085005, 0.105710, 0.440687,
	1.600025, 1.263176, 0.335476, 0.246638, 1.196963, 1.056663, -0.188756, -0.207495,
	0.864582, 1.268533, 0.387654, 1.381108, 0.898106, -0.112026, 0.841120, -0.629363,
	1.933024, 2.480400, 0.132779, -0.544135, 1.069720, 0.364945, 2.901618, 0.460760,
	1.189739, 0.528002, -0.243273, 0.688792, -1.304959, 1.965555, 0.653253, 2.672612,
};

/* Exact with n1 = 30, n2 = 40 (cwilcox counts reach ~1e19):
 * wilcox.test(ex1, ex2): W = 402 */
static void test_ranksum_exact_large(void **state)
{
	(void)state;
	struct num_test t;
	ranksum_values(ex1, ARRAY_SIZE(ex1), ex2, ARRAY_SIZE(ex2), &t);
	assert_true(t.exact);
	assert_close(t.stat, 402, 0);
	assert_close(t.p, 0.018399774924764793, 1e-12);
	assert_close(t.p_greater, 0.99109927131787723, 1e-13);
	assert_close(t.p_less, 0.0091998874623823966, 1e-12);
}

/* set.seed(2); nx <- round(rnorm(60), 6); ny <- round(rnorm(55, 0.3), 6) */
static const double nx[] = {
	-0.896915, 0.184849, 1.587845, -1.130376, -0.080252, 0.132420, 0.707955, -0.239698,
	1.984474, -0.138787, 0.417651, 0.981753, -0.392695, -1.039669, 1.782229, -2.311069,
	0.878605, 0.035807, 1.012829, 0.432265, 2.090819, -1.199926, 1.589638, 1.954652,
	0.004938, -2.451706, 0.477237, -0.596558, 0.792203, 0.289637, 0.738939, 0.318960,
	1.076164, -0.284158, -0.776675, -0.595660, -1.725980, -0.902584, -0.559062, -0.246513,
	-0.383586, -1.959103, -0.841705, 1.903547, 0.622494, 1.990920, -0.305484, -0.090844,
	-0.184161, -1.198768, -0.838287, 2.066301, -0.562247, 1.275716, -1.047573, -1.965878,
	-0.322971, 0.935863, 1.139230, 1.671619,
};
static const double ny[] = {
	-1.488242, 2.331243, -0.403144, 0.458165, 0.806235, -0.519995, -1.698847, -0.179293,
	0.384180, -0.595487, -0.621276, 0.630450, 0.158339, 0.734848, 0.246277, -0.607110,
	1.603512, 1.071790, 1.352526, -1.110038, 1.295985, -1.395765, -0.233372, -1.072269,
	-1.907920, 2.122123, -0.353393, 0.015319, -0.086950, 0.686695, 1.900391, 1.981155,
	-0.883606, -1.058457, -1.212671, -0.953105, 2.259357, 0.307646, -0.542615, -0.301160,
	1.374459, 0.560598, -0.014272, -0.449630, -0.562198, 2.348040, 1.239920, 2.308687,
	-0.121374, -0.050834, -0.727381, 0.049481, 0.771859, 1.658940, 0.864169,
};

/* n1 >= 50: normal approximation without ties; wilcox.test(nx, ny) */
static void test_ranksum_normal(void **state)
{
	(void)state;
	struct num_test t;
	ranksum_values(nx, ARRAY_SIZE(nx), ny, ARRAY_SIZE(ny), &t);
	assert_false(t.exact);
	assert_close(t.stat, 1573, 0);
	assert_close(t.p, 0.66841978252569367, 1e-12);
	assert_close(t.p_greater, 0.6678255324369482, 1e-12);
	assert_close(t.p_less, 0.33420989126284684, 1e-12);
}

static void test_ranksum_edges(void **state)
{
	(void)state;
	struct num_test t;
	const double v[] = { 3 }, w4[] = { 4 }, w6[] = { 6 }, w0[] = { 0 };
	struct wsample a = WS(v, w4), b = WS(v, w6), e = WS(v, w0);
	/* all values equal: R's p is NaN */
	assert_int_equal(num_ranksum(&a, &b, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_CONSTANT));
	assert_int_equal(num_ranksum(&a, &e, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_NOT_ENOUGH));
	/* one against one: wilcox.test(1, 2) W = 0, p = 1 */
	const double v1[] = { 1 }, v2[] = { 2 }, one[] = { 1 };
	struct wsample s1 = WS(v1, one), s2 = WS(v2, one);
	assert_int_equal(num_ranksum(&s1, &s2, &t), NUM_OK);
	assert_close(t.stat, 0, 0);
	assert_close(t.p, 1, 0);
	assert_close(num_rank_biserial(0, 1, 1), 1, 0);  /* y larger: +1 */
}

/* The exact distributions against R's psignrank and pwilcox. */
static void test_exact_distributions(void **state)
{
	(void)state;
	assert_close(num_psignrank(30, 15, 1), 0.047302246093750007, 1e-14);   /* psignrank(30, 15) */
	assert_close(num_psignrank(100, 30, 0), 0.99730861000716686, 1e-14);   /* psignrank(100, 30, lower = F) */
	assert_close(num_psignrank(5, 49, 1), 1.7763568394002524e-14, 1e-13);  /* psignrank(5, 49) */
	assert_close(num_pwilcox(1000, 49, 49, 1), 0.077968162023427587, 1e-13); /* pwilcox(1000, 49, 49) */
	assert_close(num_pwilcox(20, 10, 12, 0), 0.99642772088592524, 1e-14);  /* pwilcox(20, 10, 12, lower = F) */
	assert_close(num_pwilcox(3, 49, 49, 1), 2.7475102175371515e-28, 1e-13); /* pwilcox(3, 49, 49) */
	assert_close(num_pwilcox(-1, 5, 5, 1), 0, 0);
	assert_close(num_pwilcox(25, 5, 5, 1), 1, 0);
	assert_true(isnan(num_pwilcox(1, 0, 5, 1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signrank_depression),
		cmocka_unit_test(test_signrank_ties_zeros),
		cmocka_unit_test(test_signrank_exact20),
		cmocka_unit_test(test_signrank_large),
		cmocka_unit_test(test_signrank_edges),
		cmocka_unit_test(test_ranksum_permeability),
		cmocka_unit_test(test_ranksum_ties),
		cmocka_unit_test(test_ranksum_exact_large),
		cmocka_unit_test(test_ranksum_normal),
		cmocka_unit_test(test_ranksum_edges),
		cmocka_unit_test(test_exact_distributions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
