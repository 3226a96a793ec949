/* test_numerics.c: descriptives (NIST StRD), Wilson, t tests, tail probabilities, McNemar, Newcombe, alpha and p.adjust against R 4.2.2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/analysis_internal.h"
#include "core/results_schema.h"
#include "stats/numerics.h"
#include "testutil.h"
#include "core/util.h"

#define WS(xs, ws) ((struct wsample){ (xs), (ws), ARRAY_SIZE(xs) })

/* ---- NIST StRD univariate ---- */

struct nist {
	double *v;
	size_t n;
	double mean, sd;  /* certified */
};

/* Reads tests/data/nist/<name>.dat: "# certified mean X", "# certified sd Y",
 * then one value per line.  The tests run from the source tree (make check);
 * TILLID_SRCDIR overrides. */
static void nist_load(const char *name, struct nist *d)
{
	const char *dir = getenv("TILLID_SRCDIR");
	char path[512];
	snprintf(path, sizeof(path), "%s/tests/data/nist/%s.dat", dir ? dir : ".", name);
	FILE *fp = fopen(path, "r");
	if (!fp)
		fail_msg("cannot open '%s'", path);
	char line[256];
	size_t alloc = 0;
	memset(d, 0, sizeof(*d));
	d->mean = d->sd = NAN;
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#') {
			sscanf(line, "# certified mean %lf", &d->mean);
			sscanf(line, "# certified sd %lf", &d->sd);
			continue;
		}
		ALLOC_GROW(d->v, d->n + 1, alloc);
		d->v[d->n++] = strtod(line, NULL);
	}
	fclose(fp);
	assert_false(isnan(d->mean) || isnan(d->sd));
}

/* Two references per dataset.  NIST's certified values have 15
 * significant digits, so they are met to their own rounding (5e-15
 * relative), except where the inputs are not representable: Mavro
 * (2.0018...) and Michelso (299.85...) have SDs tiny next to the values,
 * and the rounding of the inputs moves the SD by 8e-14 relative.  The data themselves are not all representable (1000000.1 is
 * 1000000.09999999997672 as a double), so the best double arithmetic can
 * do is the mean and SD of the stored doubles: exact_mean and exact_sd,
 * computed with exact rational arithmetic (Python fractions.Fraction over
 * the parsed doubles), are met to 2e-15.  For NumAcc3 and NumAcc4 the
 * stored data's SD differs from the certified 0.1 by 3.5e-10 and 5.6e-9
 * (relative): that is the representation of the inputs, not the algorithm. */
static void check_nist(const char *name, double cert_sd_tol, double exact_mean, double exact_sd)
{
	struct nist d;
	struct wsample_buf b;
	struct num_desc out;
	nist_load(name, &d);
	wsample_buf_init(&b);
	num_wsample_from_values(&b, d.v, d.n);
	struct wsample s = wsample_of(&b);
	assert_int_equal(num_describe(&s, 0.95, &out), NUM_OK);
	assert_close(out.n, (double)d.n, 0);
	assert_close(out.mean, d.mean, 5e-15);
	assert_close(out.sd, d.sd, cert_sd_tol);
	assert_close(out.mean, exact_mean, 2e-15);
	assert_close(out.sd, exact_sd, 2e-15);
	/* the same through the plain moments on the raw values (w = 1) */
	double *ones = xmalloc(d.n * sizeof(*ones));
	for (size_t i = 0; i < d.n; i++)
		ones[i] = 1;
	double mean, var;
	struct wsample raw = { d.v, ones, d.n };
	num_moments(&raw, &mean, &var);
	assert_close(mean, exact_mean, 2e-15);
	assert_close(sqrt(var), exact_sd, 2e-15);
	free(ones);
	free(d.v);
	wsample_buf_release(&b);
}

static void test_nist(void **state)
{
	(void)state;
	check_nist("PiDigits", 5e-15, 4.5348, 2.867339060288708);
	check_nist("Lottery", 5e-15, 518.9587155963303, 291.6997274709691);
	check_nist("Lew", 5e-15, -177.435, 277.3321680443161);
	check_nist("Mavro", 1e-13, 2.001856, 0.0004291234540030854);
	check_nist("Michelso", 1e-13, 299.8524, 0.07901054781905066);
	check_nist("NumAcc1", 5e-15, 10000002.0, 1.0);
	check_nist("NumAcc2", 5e-15, 1.2, 0.09999999999999998);
	check_nist("NumAcc3", 1e-9, 1000000.2, 0.1000000000349246);
	check_nist("NumAcc4", 1e-8, 10000000.2, 0.10000000055879354);
}

/* ---- quantiles and the CI of the mean ---- */

static void test_describe_counts(void **state)
{
	(void)state;
	/* lik <- rep(1:5, c(3, 7, 10, 25, 12)) */
	const double x[] = { 1, 2, 3, 4, 5 }, w[] = { 3, 7, 10, 25, 12 };
	struct wsample s = WS(x, w);
	struct num_desc d;
	assert_int_equal(num_describe(&s, 0.95, &d), NUM_OK);
	assert_close(d.n, 57, 0);
	assert_close(d.mean, 3.6315789473684212, 1e-15);      /* mean(lik) */
	assert_close(d.sd, 1.1121340320587074, 1e-14);        /* sd(lik) */
	assert_close(d.ci_lo, 3.3364900686734842, 1e-13);     /* t.test(lik)$conf.int */
	assert_close(d.ci_hi, 3.9266678260633583, 1e-13);
	/* quantile(lik, c(0, .1, .25, .5, .75, .9, 1)) = 1 2 3 4 4 5 5 */
	assert_close(d.min, 1, 0);
	assert_close(num_quantile(&s, 0.1), 2, 0);
	assert_close(d.q1, 3, 0);
	assert_close(d.median, 4, 0);
	assert_close(d.q3, 4, 0);
	assert_close(num_quantile(&s, 0.9), 5, 0);
	assert_close(d.max, 5, 0);
}

static void test_quantile_raw(void **state)
{
	(void)state;
	/* raw <- c(2.5, 3, 3, 4.25, 1, 5, 3.75, 4, 4, 2);
	 * quantile(raw, c(0, .1, .25, .33, .5, .75, .9, 1)); median(raw) */
	const double raw[] = { 2.5, 3, 3, 4.25, 1, 5, 3.75, 4, 4, 2 };
	const double p[] = { 0, .1, .25, .33, .5, .75, .9, 1 };
	const double want[] = { 1, 1.8999999999999999, 2.625, 2.9850000000000003, 3.375, 4,
				4.3249999999999993, 5 };
	struct wsample_buf b;
	wsample_buf_init(&b);
	assert_int_equal(num_wsample_from_values(&b, raw, ARRAY_SIZE(raw)), 0);
	assert_int_equal(b.m, 8);
	struct wsample s = wsample_of(&b);
	for (size_t i = 0; i < ARRAY_SIZE(p); i++)
		assert_close(num_quantile(&s, p[i]), want[i], 1e-15);
	assert_true(isnan(num_quantile(&s, 1.5)));
	wsample_buf_release(&b);
}

static void test_describe_edges(void **state)
{
	(void)state;
	struct num_desc d;
	const double x1[] = { 4 }, w1[] = { 1 }, w0[] = { 0 };
	struct wsample one = WS(x1, w1), none = WS(x1, w0);
	assert_int_equal(num_describe(&none, 0.95, &d), NUM_NA);
	assert_string_equal(d.reason, res_reason_text(RES_WHY_NO_OBSERVATIONS));
	assert_int_equal(num_describe(&one, 0.95, &d), NUM_OK);
	assert_close(d.mean, 4, 0);
	assert_close(d.median, 4, 0);
	assert_true(isnan(d.sd) && isnan(d.ci_lo));
	/* constant data: sd 0, no interval (R: "data are essentially constant") */
	const double w5[] = { 5 };
	struct wsample cst = WS(x1, w5);
	assert_int_equal(num_describe(&cst, 0.95, &d), NUM_OK);
	assert_close(d.sd, 0, 0);
	assert_true(isnan(d.ci_lo) && isnan(d.ci_hi));
	/* n = 2 */
	const double x2[] = { 1, 3 }, w2[] = { 1, 1 };
	struct wsample two = WS(x2, w2);
	assert_int_equal(num_describe(&two, 0.95, &d), NUM_OK);
	/* t.test(c(1, 3))$conf.int = -10.706204736174694 14.706204736174694 */
	assert_close(d.ci_lo, -10.706204736174694, 1e-12);
	assert_close(d.ci_hi, 14.706204736174694, 1e-12);
	/* broken preconditions are reported, not crashed on */
	const double xu[] = { 3, 1 };
	struct wsample uns = WS(xu, w2);
	assert_int_equal(num_describe(&uns, 0.95, &d), NUM_NA);
	assert_non_null(strstr(d.reason, "ascending"));
	const double wf[] = { 1, 0.5 };
	struct wsample frac = WS(x2, wf);
	assert_int_equal(num_describe(&frac, 0.95, &d), NUM_NA);
	assert_int_equal(num_describe(&two, 1.5, &d), NUM_NA);
}

/* ---- Wilson ---- */

static void test_wilson(void **state)
{
	(void)state;
	struct num_interval ci;
	/* prop.test(52, 100, correct = FALSE)$conf.int */
	assert_int_equal(num_wilson(52, 100, 0.95, &ci), NUM_OK);
	assert_close(ci.est, 0.52, 1e-15);
	assert_close(ci.lo, 0.42316577765223962, 1e-13);
	assert_close(ci.hi, 0.61535448241948099, 1e-13);
	/* prop.test(0, 10, correct = FALSE)$conf.int = 0 0.27753279986288915 */
	num_wilson(0, 10, 0.95, &ci);
	assert_close(ci.lo, 0, 0);
	assert_close(ci.hi, 0.27753279986288915, 1e-13);
	/* prop.test(10, 10, correct = FALSE)$conf.int = 0.72246720013711085 1 */
	num_wilson(10, 10, 0.95, &ci);
	assert_close(ci.lo, 0.72246720013711085, 1e-13);
	assert_close(ci.hi, 1, 0);
	/* prop.test(1, 3, correct = FALSE, conf.level = .9)$conf.int */
	num_wilson(1, 3, 0.9, &ci);
	assert_close(ci.lo, 0.078265726333728428, 1e-13);
	assert_close(ci.hi, 0.74646613171877574, 1e-13);
	assert_int_equal(num_wilson(0, 0, 0.95, &ci), NUM_NA);
	assert_int_equal(num_wilson(11, 10, 0.95, &ci), NUM_NA);
}

/* ---- t tests ---- */

static void test_welch(void **state)
{
	(void)state;
	/* t.test(1:10, y = c(7:20)) */
	const double x[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, wx[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	double y[14], wy[14];
	for (int i = 0; i < 14; i++) {
		y[i] = 7 + i;
		wy[i] = 1;
	}
	struct wsample sx = WS(x, wx), sy = WS(y, wy);
	struct num_desc dx, dy;
	num_describe(&sx, 0.95, &dx);
	num_describe(&sy, 0.95, &dy);
	struct num_test t;
	assert_int_equal(num_welch_t(dx.mean, dx.sd, dx.n, dy.mean, dy.sd, dy.n, 0.95, &t), NUM_OK);
	assert_close(t.stat, -5.4349297638940595, 1e-13);
	assert_close(t.df, 21.982212340189001, 1e-13);
	assert_close(t.p, 1.8552818325118105e-05, 1e-9);
	assert_close(t.ci_lo, -11.052801725158162, 1e-13);
	assert_close(t.ci_hi, -4.9471982748418393, 1e-13);
	assert_close(t.est, -8, 1e-15);  /* mean(1:10) - mean(7:20) */
	/* alternative = "less" / "greater" */
	assert_close(t.p_less, 9.2764091625590526e-06, 1e-9);
	assert_close(t.p_greater, 0.9999907235908374, 1e-13);
	assert_int_equal(num_welch_t(1, 0, 5, 1, 0, 5, 0.95, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_CONSTANT));
	assert_int_equal(num_welch_t(1, 1, 1, 2, 1, 5, 0.95, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_NOT_ENOUGH));
}

static void test_paired_t(void **state)
{
	(void)state;
	/* with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE)),
	 * the differences of the sleep data as a count table */
	const double g1[] = { 0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0 };
	const double g2[] = { 1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4 };
	double dv[10];
	for (int i = 0; i < 10; i++)
		dv[i] = g1[i] - g2[i];
	struct wsample_buf b;
	wsample_buf_init(&b);
	num_wsample_from_values(&b, dv, 10);
	struct wsample s = wsample_of(&b);
	struct num_desc d;
	struct num_test t;
	num_describe(&s, 0.95, &d);
	assert_close(d.mean, -1.58, 1e-14);
	assert_close(d.sd, 1.2299954832798732, 1e-14);
	assert_int_equal(num_t_one(d.mean, d.sd, d.n, 0, 0.95, &t), NUM_OK);
	assert_close(t.stat, -4.0621276833820366, 1e-13);
	assert_close(t.df, 9, 0);
	assert_close(t.p, 0.0028328901973842702, 1e-10);
	assert_close(t.ci_lo, -2.4598857632769824, 1e-13);
	assert_close(t.ci_hi, -0.70011423672301754, 1e-13);
	wsample_buf_release(&b);
	assert_int_equal(num_t_one(3, 0, 10, 0, 0.95, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_CONSTANT));
	assert_int_equal(num_t_one(3, 1, 1, 0, 0.95, &t), NUM_NA);
}

/* ---- tails ---- */

static void test_tails(void **state)
{
	(void)state;
	assert_close(num_p_t2(-200, 30), 1.9096271172310769e-48, 1e-9);    /* 2*pt(-200, 30) */
	assert_close(num_p_t2(-1e60, 3), 2.2053155816871095e-180, 1e-9);   /* 2*pt(-1e60, 3) */
	assert_close(num_p_t2(-3, 5e5), 0.0026999290204542622, 1e-10);     /* 2*pt(-3, 5e5) */
	assert_close(num_p_t2(2, 9), 2 * 0.03827641188535047, 1e-13);      /* 2*pt(2, 9, lower = F) */
	assert_close(num_p_t2(-1e20, 1.5), 7.5417048640324935e-31, 1e-9);  /* 2*pt(-1e20, 1.5) */
	assert_close(num_p_t2(-1e154, 2), 9.9999999999998706e-309, 1e-9);  /* 2*pt(-1e154, 2) */
	assert_close(num_p_t2(-40, 1e6), 0, 0);                            /* 2*pt(-40, 1e6) = 0 */
	/* p < 1e-300 stays positive where R's is: 2 * pnorm(-37.2) */
	double p = num_p_norm2(-37.2);
	assert_true(p > 0 && p < 1e-300);
	assert_close(p, 6.8241086869404775e-303, 1e-9);
	assert_close(num_p_norm2(38), 0, 0);  /* 2 * pnorm(-38) = 0 in R 4.2.2 */
	assert_close(num_p_norm2(0), 1, 0);
}

/* 2 * pt(-t, df) over a grid (R: for (df in c(1, 2.5, 9, 30, 120, 1000,
 * 1e4, 1e5, 5e5, 1e7)) for (t in c(0.1, 1, 2, 5, 20, 100))).  Our
 * incomplete beta's continued fraction loses digits to cancellation when
 * df/2 is huge and t moderate: agreement is 1e-11 up to df = 1e5 and
 * 1e-9 beyond (p-values need 1e-6). */
static void test_t_grid(void **state)
{
	(void)state;
	static const double g[][3] = {
		{ 0.10000000000000001, 1, 0.93654896513889285 },
		{ 1, 1, 0.49999999999999956 },
		{ 2, 1, 0.29516723530086642 },
		{ 5, 1, 0.12566591637800234 },
		{ 20, 1, 0.031804502512352749 },
		{ 100, 1, 0.0063659855298165095 },
		{ 0.10000000000000001, 2.5, 0.92780654406248964 },
		{ 1, 2.5, 0.40406102727827353 },
		{ 2, 2.5, 0.15739149575796593 },
		{ 5, 2.5, 0.023451189970861843 },
		{ 20, 2.5, 0.00079938824450243333 },
		{ 100, 2.5, 1.4383298423332362e-05 },
		{ 0.10000000000000001, 9, 0.92253644795668122 },
		{ 1, 9, 0.34343639613791355 },
		{ 2, 9, 0.07655282377070094 },
		{ 5, 9, 0.00073896790980324239 },
		{ 20, 9, 9.0795212999165496e-09 },
		{ 100, 9, 5.0730897662085631e-15 },
		{ 0.10000000000000001, 30, 0.92100961179027108 },
		{ 1, 30, 0.32530861542602985 },
		{ 2, 30, 0.054625044962983101 },
		{ 5, 30, 2.3296685467007786e-05 },
		{ 20, 30, 6.7490836657712847e-19 },
		{ 100, 30, 1.9846117967270174e-39 },
		{ 0.10000000000000001, 120, 0.92051119931566983 },
		{ 1, 120, 0.31932272386442129 },
		{ 2, 120, 0.047758527340328358 },
		{ 5, 120, 1.9781905804539661e-06 },
		{ 20, 120, 5.1053899181563114e-40 },
		{ 100, 120, 2.013892249187178e-117 },
		{ 0.10000000000000001, 1000, 0.92036436902360419 },
		{ 1, 1000, 0.31755241808467266 },
		{ 2, 1000, 0.045770346493251658 },
		{ 5, 1000, 6.7672563646486137e-07 },
		{ 20, 1000, 4.0622884995249839e-75 },
		{ 100, 1000, 0 },
		{ 0.10000000000000001, 10000, 0.9203463300310748 },
		{ 1, 10000, 0.31733470433042943 },
		{ 2, 10000, 0.045527260661435469 },
		{ 5, 10000, 5.8303266136626421e-07 },
		{ 20, 10000, 2.7646525865406926e-87 },
		{ 100, 10000, 0 },
		{ 0.10000000000000001, 100000, 0.92034452590672622 },
		{ 1, 100000, 0.31731292756411023 },
		{ 2, 100000, 0.045502963457506464 },
		{ 5, 100000, 5.7427016786416476e-07 },
		{ 20, 100000, 8.2234939106546871e-89 },
		{ 100, 100000, 0 },
		{ 0.10000000000000001, 500000, 0.92034436553813914 },
		{ 1, 500000, 0.31731099180412153 },
		{ 2, 500000, 0.045500803806536483 },
		{ 5, 500000, 5.7349644354509906e-07 },
		{ 20, 500000, 5.9680592735053828e-89 },
		{ 100, 500000, 0 },
		{ 0.10000000000000001, 10000000, 0.92034432745055239 },
		{ 1, 10000000, 0.31731053205998633 },
		{ 2, 10000000, 0.045500290891842946 },
		{ 5, 10000000, 5.7331280750085435e-07 },
		{ 20, 10000000, 5.5294312069575847e-89 },
		{ 100, 10000000, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(g); i++) {
		double tol = g[i][1] <= 1e5 ? 1e-11 : 1e-9;
		assert_close_abs(num_p_t2(-g[i][0], g[i][1]), g[i][2], tol, 1e-300);
		assert_close_abs(num_p_t2(g[i][0], g[i][1]), g[i][2], tol, 1e-300);
	}
}

/* ---- McNemar ---- */

static void test_mcnemar(void **state)
{
	(void)state;
	struct num_test t;
	/* mcnemar.test(matrix(c(794, 86, 150, 570), 2)) */
	assert_int_equal(num_mcnemar(794, 150, 86, 570, &t), NUM_OK);
	assert_close(t.stat, 16.817796610169491, 1e-14);
	assert_close(t.p, 4.1145622813459436e-05, 1e-12);
	assert_close(t.df, 1, 0);
	assert_close(t.est, 64.0 / 1600, 1e-15);
	/* mcnemar.test(matrix(c(10, 5, 5, 10), 2)): no correction when b = c */
	num_mcnemar(10, 5, 5, 10, &t);
	assert_close(t.stat, 0, 0);
	assert_close(t.p, 1, 0);
	/* mcnemar.test(matrix(c(0, 0, 1400^2, 0), 2)): p underflows to 0 in R too */
	num_mcnemar(0, 1960000, 0, 0, &t);
	assert_close(t.stat, 1959998.0000005101, 1e-14);
	assert_close(t.p, 0, 0);
	/* mcnemar.test(matrix(c(5, 0, 0, 7), 2)) is NaN */
	assert_int_equal(num_mcnemar(5, 0, 0, 7, &t), NUM_NA);
	assert_string_equal(t.reason, res_reason_text(RES_WHY_NO_DISCORDANT));
	assert_true(isnan(t.p));
}

/* ---- Newcombe ---- */

static void test_newcombe(void **state)
{
	(void)state;
	struct num_interval ci;
	/* Newcombe 1998a method 10, the formula written in R (tests: newc());
	 * engineering notes: 0.1765 [0.0189, 0.3404] */
	num_newcombe_diff(7, 34, 1, 34, 0.95, &ci);
	assert_close(ci.est, 0.1764705882352941, 1e-14);
	assert_close(ci.lo, 0.018921443885773048, 1e-12);
	assert_close(ci.hi, 0.3403686870327074, 1e-12);
	/* Newcombe 1998a table II: 56/70 - 48/80 = 0.2000 [0.0524, 0.3339] */
	num_newcombe_diff(56, 70, 48, 80, 0.95, &ci);
	assert_close(ci.lo, 0.052431472402364926, 1e-12);
	assert_close(ci.hi, 0.33387265403690586, 1e-12);
	/* 9/10 - 3/10 = 0.6 [0.1705, 0.8090] */
	num_newcombe_diff(9, 10, 3, 10, 0.95, &ci);
	assert_close(ci.lo, 0.17052272393450307, 1e-12);
	assert_close(ci.hi, 0.80901797353548799, 1e-12);
	/* 5/56 - 0/29 and 0/10 - 0/20 (boundary cases) */
	num_newcombe_diff(5, 56, 0, 29, 0.95, &ci);
	assert_close(ci.lo, -0.038137147903536853, 1e-12);
	assert_close(ci.hi, 0.19256001385511157, 1e-12);
	num_newcombe_diff(0, 10, 0, 20, 0.95, &ci);
	assert_close(ci.lo, -0.1611251580528193, 1e-12);
	assert_close(ci.hi, 0.27753279986288915, 1e-12);
	assert_int_equal(num_newcombe_diff(1, 0, 1, 5, 0.95, &ci), NUM_NA);

	/* paired, Newcombe 1998b method 10 (R formula newp()):
	 * (59, 6, 16, 80): -0.0621 [-0.1186, -0.0046] (engineering notes) */
	num_newcombe_paired(59, 6, 16, 80, 0.95, &ci);
	assert_close(ci.est, -0.062111801242236024, 1e-14);
	assert_close(ci.lo, -0.11862119563870993, 1e-12);
	assert_close(ci.hi, -0.0046251139330500679, 1e-10);
	/* Newcombe 1998b table II: (36, 12, 2, 0) 0.2000 [0.0569, 0.3404] */
	num_newcombe_paired(36, 12, 2, 0, 0.95, &ci);
	assert_close(ci.lo, 0.056929584003238803, 1e-12);
	assert_close(ci.hi, 0.34042760297494068, 1e-12);
	/* (5, 5, 0, 0): phi = 0 because a margin is empty */
	num_newcombe_paired(5, 5, 0, 0, 0.95, &ci);
	assert_close(ci.lo, 0.1173674674502222, 1e-12);
	assert_close(ci.hi, 0.76340690948743595, 1e-12);
	assert_int_equal(num_newcombe_paired(0, 0, 0, 0, 0.95, &ci), NUM_NA);
}

/* ---- the Net Promoter Score ---- */

/* Reference values from R 4.2.2 on raw scores (+1 promoter, 0 passive,
 * -1 detractor), R code beside each. */
static void test_nps(void **state)
{
	(void)state;
	struct num_interval ci;
	/* 38 answers, 4 promoters, 23 detractors (tests/cases/report-numeric-scales, foer):
	 * P <- 4; D <- 23; n <- 38; na <- n + 3; pp <- (P + .75)/na; pd <- (D + .75)/na
	 * 100 * ((pp - pd) + c(-1, 1) * qnorm(0.975) * sqrt((pp + pd - (pp - pd)^2)/na)) */
	assert_int_equal(num_nps(4, 23, 38, 0.95, &ci), NUM_OK);
	assert_close(ci.est, -50, 1e-14);
	assert_close(ci.lo, -67.556489565631452, 1e-12);
	assert_close(ci.hi, -25.126437263636838, 1e-12);
	/* 10 of 10 promoters: the same R code gives 47.503551544790206 and
	 * 106.34260230136363, cut at 100 */
	num_nps(10, 0, 10, 0.95, &ci);
	assert_close(ci.est, 100, 1e-14);
	assert_close(ci.lo, 47.503551544790206, 1e-12);
	assert_true(ci.hi == 100);
	assert_int_equal(num_nps(0, 0, 0, 0.95, &ci), NUM_NA);

	/* independent, later (14 P, 16 D of 38) - base (4 P, 23 D of 38):
	 * sb <- rep(c(1, 0, -1), c(4, 11, 23)); sl <- rep(c(1, 0, -1), c(14, 8, 16))
	 * v <- function(s) mean(s^2) - mean(s)^2; d <- mean(sl) - mean(sb)
	 * 100 * c(d, d + c(-1, 1) * qnorm(0.975) * sqrt(v(sl)/38 + v(sb)/38)) */
	num_nps_diff(14, 16, 38, 4, 23, 38, 0.95, &ci);
	assert_close(ci.est, 44.736842105263158, 1e-13);
	assert_close(ci.lo, 9.2285689191763662, 1e-12);
	assert_close(ci.hi, 80.245115291349947, 1e-12);
	/* both samples all passives: no variance */
	assert_int_equal(num_nps_diff(0, 0, 5, 0, 0, 7, 0.95, &ci), NUM_NA);
	assert_string_equal(ci.reason, "data are essentially constant");

	/* paired, rows baseline class, columns later (detractor, passive, promoter):
	 * t <- matrix(c(5, 3, 2, 1, 6, 4, 0, 2, 7), 3, byrow = TRUE)
	 * b <- rep(rep(-1:1, each = 3), as.vector(t(t))); l <- rep(rep(-1:1, 3), as.vector(t(t)))
	 * d <- l - b; n <- length(d)
	 * 100 * c(mean(d), mean(d) + c(-1, 1) * qnorm(0.975) * sqrt((mean(d^2) - mean(d)^2)/n)) */
	const double t[3][3] = { { 5, 3, 2 }, { 1, 6, 4 }, { 0, 2, 7 } };
	assert_int_equal(num_nps_paired(t, 0.95, &ci), NUM_OK);
	assert_close(ci.est, 26.666666666666668, 1e-13);
	assert_close(ci.lo, 0.64292822532983629, 1e-10);
	assert_close(ci.hi, 52.690405108003489, 1e-12);
	/* every pair on the diagonal: every d is 0 */
	const double same[3][3] = { { 3, 0, 0 }, { 0, 2, 0 }, { 0, 0, 4 } };
	assert_int_equal(num_nps_paired(same, 0.95, &ci), NUM_NA);
	const double none[3][3] = { { 0 } };
	assert_int_equal(num_nps_paired(none, 0.95, &ci), NUM_NA);
	assert_string_equal(ci.reason, "no observations");

	/* A change lies in -200..200, so its interval may pass 100 (the
	 * range of one NPS) and is cut at 200 only.  Independent, 6
	 * detractors, then 3 promoters and 3 passives:
	 * sb <- rep(-1, 6); sl <- rep(c(1, 0), c(3, 3)); d <- mean(sl) - mean(sb)
	 * 100 * (d + c(-1, 1) * qnorm(0.975) * sqrt(v(sl)/6 + v(sb)/6)) */
	assert_int_equal(num_nps_diff(3, 0, 6, 0, 6, 6, 0.95, &ci), NUM_OK);
	assert_close(ci.est, 150, 1e-14);
	assert_close(ci.lo, 109.9924026970391, 1e-12);
	assert_close(ci.hi, 190.0075973029609, 1e-12);
	/* the same as pairs, t <- matrix(c(0, 3, 3, 0, 0, 0, 0, 0, 0), 3, byrow = TRUE)
	 * and the paired R code above: 150 [109.9924026970391, 190.0075973029609] */
	const double up[3][3] = { { 0, 3, 3 }, { 0, 0, 0 }, { 0, 0, 0 } };
	assert_int_equal(num_nps_paired(up, 0.95, &ci), NUM_OK);
	assert_close(ci.lo, 109.9924026970391, 1e-12);
	assert_close(ci.hi, 190.0075973029609, 1e-12);
	/* t <- matrix(c(0, 1, 4, 0, 0, 0, 0, 0, 0), 3, byrow = TRUE): 180
	 * [144.93909837693678, 215.06090162306322], cut at 200 */
	const double most[3][3] = { { 0, 1, 4 }, { 0, 0, 0 }, { 0, 0, 0 } };
	assert_int_equal(num_nps_paired(most, 0.95, &ci), NUM_OK);
	assert_close(ci.est, 180, 1e-14);
	assert_close(ci.lo, 144.93909837693678, 1e-12);
	assert_true(ci.hi == 200);
}

/* ---- Cronbach's alpha ---- */

/* X, 12 respondents x 4 items, as in the R session (cov(X), alpha()) */
static const double alpha_X[12][4] = {
	{ 4, 5, 3, 4 }, { 3, 4, 3, 5 }, { 5, 5, 4, 4 }, { 2, 3, 2, 3 },
	{ 4, 4, 5, 5 }, { 3, 2, 3, 3 }, { 5, 4, 4, 5 }, { 1, 2, 2, 1 },
	{ 4, 3, 4, 4 }, { 2, 2, 1, 3 }, { 3, 4, 4, 4 }, { 5, 5, 5, 4 },
};

static void test_alpha(void **state)
{
	(void)state;
	double s[4] = { 0 }, ss[16] = { 0 }, cov[16];
	for (int r = 0; r < 12; r++)
		for (int i = 0; i < 4; i++) {
			s[i] += alpha_X[r][i];
			for (int j = 0; j < 4; j++)
				ss[i * 4 + j] += alpha_X[r][i] * alpha_X[r][j];
		}
	assert_int_equal(num_cov_from_sums(4, 12, s, ss, cov), NUM_OK);
	/* cov(X) */
	const double want_cov[16] = {
		1.7196969696969697, 1.1893939393939394, 1.303030303030303, 1.1136363636363635,
		1.1893939393939394, 1.356060606060606, 0.96969696969696972, 0.88636363636363635,
		1.303030303030303, 0.96969696969696972, 1.5151515151515151, 0.90909090909090906,
		1.1136363636363635, 0.88636363636363635, 0.90909090909090906, 1.2954545454545454,
	};
	for (int i = 0; i < 16; i++)
		assert_close(cov[i], want_cov[i], 1e-15);
	struct num_alpha a;
	assert_int_equal(num_alpha_cov(cov, 4, 12, 0.95, &a), NUM_OK);
	/* k/(k-1) (1 - sum(diag(C))/sum(C)); Feldt: 1 - (1-a) qf(.975/.025, 11, 33) */
	assert_close(a.alpha, 0.91202385793683061, 1e-14);
	assert_close(a.lo, 0.78777824013743791, 1e-12);
	assert_close(a.hi, 0.97159600143913061, 1e-12);
	double drop[4], rdrop[4];
	const double want_drop[4] = { 0.85546875, 0.89227642276422758, 0.89006342494714585,
				      0.90197368421052637 };                  /* alpha(C[-i, -i]) */
	const double want_r[4] = { 0.88305761357834311, 0.78208932635761441, 0.78839360856719165,
				   0.75320184505256071 };  /* cor(X[, i], rowSums(X[, -i])) */
	assert_int_equal(num_alpha_items(cov, 4, drop, rdrop), NUM_OK);
	for (int i = 0; i < 4; i++) {
		assert_close(drop[i], want_drop[i], 1e-13);
		assert_close(rdrop[i], want_r[i], 1e-13);
	}
	assert_int_equal(num_alpha_cov(cov, 1, 12, 0.95, &a), NUM_NA);
	const double zero[4] = { 0 };
	assert_int_equal(num_alpha_cov(zero, 2, 12, 0.95, &a), NUM_NA);
	assert_string_equal(a.reason, res_reason_text(RES_WHY_CONSTANT));
}

static void test_feldt(void **state)
{
	(void)state;
	/* alpha = .913, n = 873, k = 20: 1 - (1 - .913) qf(c(.975, .025), 872, 872 * 19)
	 * = 0.90440239773437858 0.92115884223383593 (engineering notes: [0.9044024, 0.9211588]).
	 * A 20 x 20 matrix with unit variances and equal covariances c has
	 * alpha = 20 c / (1 + 19 c); c = .913 / (20 - 19 .913) gives .913. */
	double cov[400];
	double c = 0.913 / (20 - 19 * 0.913);
	for (int i = 0; i < 20; i++)
		for (int j = 0; j < 20; j++)
			cov[i * 20 + j] = i == j ? 1 : c;
	struct num_alpha a;
	assert_int_equal(num_alpha_cov(cov, 20, 873, 0.95, &a), NUM_OK);
	assert_close(a.alpha, 0.913, 1e-13);
	assert_close(a.lo, 0.90440239773437858, 1e-12);
	assert_close(a.hi, 0.92115884223383593, 1e-12);
	/* without n, no interval */
	num_alpha_cov(cov, 20, 0, 0.95, &a);
	assert_true(isnan(a.lo) && isnan(a.hi));
}

/* ---- p.adjust ---- */

static void test_p_adjust(void **state)
{
	(void)state;
	/* p <- c(0.01, 0.04, 0.03, NA, 0.2, 0.04, 0.5, 1e-5, 0.9) */
	const double p[] = { 0.01, 0.04, 0.03, NAN, 0.2, 0.04, 0.5, 1e-5, 0.9 };
	const double holm[] = { 0.070000000000000007, 0.20000000000000001, 0.17999999999999999, NAN,
				0.60000000000000009, 0.20000000000000001, 1, 8.0000000000000007e-05, 1 };
	const double bh[] = { 0.040000000000000001, 0.064000000000000001, 0.064000000000000001, NAN,
			      0.26666666666666666, 0.064000000000000001, 0.5714285714285714,
			      8.0000000000000007e-05, 0.90000000000000002 };
	double out[9];
	assert_int_equal(num_p_adjust(p, 9, NUM_PADJ_HOLM, out), 8);  /* p.adjust(p, "holm") */
	for (int i = 0; i < 9; i++)
		assert_close(out[i], holm[i], 1e-15);
	num_p_adjust(p, 9, NUM_PADJ_BH, out);                         /* p.adjust(p, "BH") */
	for (int i = 0; i < 9; i++)
		assert_close(out[i], bh[i], 1e-15);
	/* in place, and a family of one is left alone: p.adjust(0.3, "holm") = 0.3 */
	double q[] = { NAN, 0.3 };
	assert_int_equal(num_p_adjust(q, 2, NUM_PADJ_HOLM, q), 1);
	assert_close(q[1], 0.3, 0);
	assert_true(isnan(q[0]));
}

/* ---- the numerics' reasons are notes of results.csv ---- */

/* Fails unless status is NUM_NA and an_note, which turns a numerics
 * result into the note of its rows, gives why for *reason (read through
 * the pointer, after the call that returned status has set it). */
static void expect_note(int status, const char *const *reason, enum res_reason why)
{
	assert_int_equal(status, NUM_NA);
	assert_non_null(*reason);
	assert_int_equal(an_note(status, *reason), why);
}

static void test_reasons_are_notes(void **state)
{
	(void)state;
	const double x[] = { 1, 2 }, w0[] = { 0, 0 }, w1[] = { 1, 0 }, w2[] = { 1, 1 }, zero[] = { 0 },
		     w5[] = { 5 }, huge[] = { 3e9, 3e9 };
	struct wsample none = WS(x, w0), one = WS(x, w1), two = WS(x, w2), zeros = WS(zero, w5),
		       big = WS(x, huge);
	struct num_desc d;
	struct num_interval ci;
	struct num_test t;
	struct num_effect e;
	struct num_alpha a;
	struct num_boot b;
	expect_note(num_describe(&none, 0.95, &d), &d.reason, RES_WHY_NO_OBSERVATIONS);
	expect_note(num_wilson(0, 0, 0.95, &ci), &ci.reason, RES_WHY_NO_OBSERVATIONS);
	expect_note(num_newcombe_diff(0, 0, 1, 2, 0.95, &ci), &ci.reason, RES_WHY_NO_OBSERVATIONS);
	expect_note(num_newcombe_paired(0, 0, 0, 0, 0.95, &ci), &ci.reason, RES_WHY_NO_OBSERVATIONS);
	expect_note(num_welch_t(1, 1, 1, 2, 1, 5, 0.95, &t), &t.reason, RES_WHY_NOT_ENOUGH);
	expect_note(num_welch_t(3, 0, 5, 3, 0, 5, 0.95, &t), &t.reason, RES_WHY_CONSTANT);
	expect_note(num_t_one(1, 1, 1, 0, 0.95, &t), &t.reason, RES_WHY_NOT_ENOUGH);
	expect_note(num_t_one(3, 0, 5, 0, 0.95, &t), &t.reason, RES_WHY_CONSTANT);
	expect_note(num_signrank(&zeros, &t), &t.reason, RES_WHY_ZERO_DIFFERENCES);
	expect_note(num_ranksum(&none, &two, &t), &t.reason, RES_WHY_NOT_ENOUGH);
	expect_note(num_ranksum(&zeros, &zeros, &t), &t.reason, RES_WHY_CONSTANT);
	expect_note(num_mcnemar(5, 0, 0, 7, &t), &t.reason, RES_WHY_NO_DISCORDANT);
	expect_note(num_hedges_g(1, 1, 1, 2, 1, 5, 0.95, &e), &e.reason, RES_WHY_NOT_ENOUGH);
	expect_note(num_hedges_g(3, 0, 5, 3, 0, 5, 0.95, &e), &e.reason, RES_WHY_CONSTANT);
	expect_note(num_dz(1, 0, 5, 0.95, &e), &e.reason, RES_WHY_CONSTANT);
	expect_note(num_gav(1, 0, 2, 0, 1, 5, 0.95, &e), &e.reason, RES_WHY_CONSTANT);
	const double cov1[] = { 1 }, cov0[] = { 0, 0, 0, 0 };
	expect_note(num_alpha_cov(cov1, 1, 10, 0.95, &a), &a.reason, RES_WHY_FEWER_TWO_ITEMS);
	expect_note(num_alpha_cov(cov0, 2, 10, 0.95, &a), &a.reason, RES_WHY_CONSTANT);
	expect_note(num_boot_paired(&one, 10, 1, 0.95, NULL, &b), &b.reason, RES_WHY_NOT_ENOUGH);
	expect_note(num_boot_paired(&zeros, 10, 1, 0.95, NULL, &b), &b.reason, RES_WHY_CONSTANT);
	expect_note(num_boot_paired(&big, 10, 1, 0.95, NULL, &b), &b.reason, RES_WHY_BOOT_TOO_LARGE);
	expect_note(num_boot_indep(&zeros, &zeros, 10, 1, 0.95, NULL, &b), &b.reason, RES_WHY_CONSTANT);
	/* Two resamples of a sample of 0s and 1s fall both above its mean for
	 * about one seed in five: then the BCa bounds have no bias correction. */
	const double w50[] = { 50, 50 };
	struct wsample half = WS(x, w50);
	uint64_t seed = 1;
	while (num_boot_paired(&half, 2, seed, 0.95, NULL, &b) == NUM_OK && !b.bca_reason && seed < 100)
		seed++;
	assert_non_null(b.bca_reason);
	expect_note(NUM_NA, &b.bca_reason, RES_WHY_BCA_ONE_SIDE);
	/* an argument that breaks a precondition is no note (an_note aborts) */
	num_describe(&two, 1.5, &d);
	assert_int_equal(res_reason_parse(d.reason, &(enum res_reason){ 0 }), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist),
		cmocka_unit_test(test_describe_counts),
		cmocka_unit_test(test_quantile_raw),
		cmocka_unit_test(test_describe_edges),
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_welch),
		cmocka_unit_test(test_paired_t),
		cmocka_unit_test(test_tails),
		cmocka_unit_test(test_t_grid),
		cmocka_unit_test(test_mcnemar),
		cmocka_unit_test(test_newcombe),
		cmocka_unit_test(test_nps),
		cmocka_unit_test(test_alpha),
		cmocka_unit_test(test_feldt),
		cmocka_unit_test(test_p_adjust),
		cmocka_unit_test(test_reasons_are_notes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
