/* numerics.c: count tables, descriptives, Wilson and t intervals, tail probabilities, p-value adjustment. */
#include "numerics.h"
#include "num_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

#include "core/util.h"

void num_gsl_init(void)
{
	gsl_set_error_handler_off();
}

const char *num_check_sample(const struct wsample *s)
{
	if (!s || (s->m && (!s->x || !s->w)))
		return "invalid sample: missing arrays";
	for (size_t i = 0; i < s->m; i++) {
		if (!isfinite(s->x[i]))
			return "invalid sample: value is not finite";
		if (!(s->w[i] >= 0) || !isfinite(s->w[i]) || s->w[i] != floor(s->w[i]))
			return "invalid sample: count is not a whole number >= 0";
		if (i && !(s->x[i] > s->x[i - 1]))
			return "invalid sample: values are not strictly ascending";
	}
	return NULL;
}

int num_conf_ok(double conf)
{
	return conf > 0 && conf < 1;
}

/* ---- count tables ---- */

void wsample_buf_init(struct wsample_buf *b)
{
	b->x = NULL;
	b->w = NULL;
	b->m = 0;
}

void wsample_buf_release(struct wsample_buf *b)
{
	free(b->x);
	free(b->w);
	wsample_buf_init(b);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

size_t num_wsample_from_values(struct wsample_buf *b, const double *v, size_t n)
{
	size_t k = 0, skipped = 0;
	wsample_buf_release(b);
	if (!n)
		return 0;
	double *tmp = xmalloc(n * sizeof(*tmp));
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			skipped++;
		else
			tmp[k++] = v[i];
	}
	qsort(tmp, k, sizeof(*tmp), cmp_double);
	b->x = xmalloc((k ? k : 1) * sizeof(*b->x));
	b->w = xmalloc((k ? k : 1) * sizeof(*b->w));
	for (size_t i = 0; i < k; i++) {
		if (b->m && tmp[i] == b->x[b->m - 1]) {
			b->w[b->m - 1] += 1;
		} else {
			b->x[b->m] = tmp[i];
			b->w[b->m] = 1;
			b->m++;
		}
	}
	free(tmp);
	return skipped;
}

struct wsample wsample_of(const struct wsample_buf *b)
{
	struct wsample s = { b->x, b->w, b->m };
	return s;
}

/* ---- moments and quantiles ---- */

/* Compensated summation (Neumaier 1974) of products w x, each product
 * split exactly into its rounded value and rounding error by fma (the
 * "Dot2" of Ogita, Rump & Oishi 2005): about twice working precision, so
 * the order of the terms (sorted tables) does not matter. */
struct csum {
	double s, c;
};

static void cs_add(struct csum *a, double v)
{
	double t = a->s + v;
	if (fabs(a->s) >= fabs(v))
		a->c += (a->s - t) + v;
	else
		a->c += (v - t) + a->s;
	a->s = t;
}

static void cs_addprod(struct csum *a, double w, double x)
{
	double p = w * x;
	cs_add(a, p);
	a->c += fma(w, x, -p);
}

double num_moments(const struct wsample *s, double *mean, double *var)
{
	double n = 0;
	struct csum sum = { 0, 0 };
	for (size_t i = 0; i < s->m; i++) {
		n += s->w[i];
		cs_addprod(&sum, s->w[i], s->x[i]);
	}
	if (n == 0) {
		*mean = NAN;
		*var = NAN;
		return 0;
	}
	double m0 = (sum.s + sum.c) / n;
	/* Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): c is
	 * n times the rounding error of m0 and also corrects the sum of
	 * squares; both sums compensated as above. */
	struct csum c = { 0, 0 }, q = { 0, 0 };
	for (size_t i = 0; i < s->m; i++) {
		double d = s->x[i] - m0;
		double dd = d * d;
		cs_addprod(&c, s->w[i], d);
		cs_addprod(&q, s->w[i], dd);
		q.c += s->w[i] * fma(d, d, -dd);
	}
	double cc = c.s + c.c, ss = q.s + q.c;
	*mean = m0 + cc / n;
	*var = n >= 2 ? (ss - cc * cc / n) / (n - 1) : NAN;
	if (*var < 0)
		*var = 0;
	return n;
}

/* The k-th order statistic (0-based) of s: walk the cumulative counts. */
static double order_stat(const struct wsample *s, double k)
{
	double cum = 0;
	for (size_t i = 0; i < s->m; i++) {
		cum += s->w[i];
		if (k < cum)
			return s->x[i];
	}
	return s->m ? s->x[s->m - 1] : NAN;
}

double num_quantile(const struct wsample *s, double p)
{
	double n = 0;
	if (num_check_sample(s) || !(p >= 0 && p <= 1))
		return NAN;
	for (size_t i = 0; i < s->m; i++)
		n += s->w[i];
	if (n == 0)
		return NAN;
	/* Type 7 as R's quantile.default: index = 1 + (n-1) p. */
	double index = 1 + (n - 1) * p;
	double lo = floor(index), hi = ceil(index);
	double qs = order_stat(s, lo - 1);
	if (index > lo) {
		double xh = order_stat(s, hi - 1);
		if (xh != qs) {
			double h = index - lo;
			qs = (1 - h) * qs + h * xh;
		}
	}
	return qs;
}

static void desc_na(struct num_desc *out, const char *reason)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->n = out->mean = out->var = out->sd = out->se = NAN;
	out->ci_lo = out->ci_hi = NAN;
	out->min = out->q1 = out->median = out->q3 = out->max = NAN;
}

int num_describe(const struct wsample *s, double conf, struct num_desc *out)
{
	const char *bad = num_check_sample(s);
	num_gsl_init();
	if (bad) {
		desc_na(out, bad);
		return NUM_NA;
	}
	if (!num_conf_ok(conf)) {
		desc_na(out, "invalid confidence level");
		return NUM_NA;
	}
	double mean, var;
	double n = num_moments(s, &mean, &var);
	if (n == 0) {
		desc_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	out->status = NUM_OK;
	out->reason = NULL;
	out->n = n;
	out->mean = mean;
	out->var = var;
	out->sd = sqrt(var);
	out->se = out->sd / sqrt(n);
	out->ci_lo = out->ci_hi = NAN;
	if (n >= 2 && out->sd > 0) {
		/* R: t.test(x, conf.level = conf)$conf.int */
		double q = gsl_cdf_tdist_Pinv(0.5 + conf / 2, n - 1);
		out->ci_lo = mean - q * out->se;
		out->ci_hi = mean + q * out->se;
	}
	out->min = num_quantile(s, 0);
	out->q1 = num_quantile(s, 0.25);
	out->median = num_quantile(s, 0.5);
	out->q3 = num_quantile(s, 0.75);
	out->max = num_quantile(s, 1);
	return NUM_OK;
}

/* ---- tail probabilities ---- */

double num_norm_Q(double z)
{
	/* GSL's Cody (1969) algorithm, which is R's pnorm's: 0 beyond z = 37.5193. */
	if (isnan(z))
		return NAN;
	return gsl_cdf_ugaussian_Q(z);
}

double num_p_norm2(double z)
{
	if (isnan(z))
		return NAN;
	double p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
	return p > 1 ? 1 : p;
}

#define LENTZ_TINY 1e-300

/* One step of the modified Lentz method with partial numerator aa: updates
 * c and d and returns the factor d c of the convergent. */
static double lentz_step(double aa, double *c, double *d)
{
	*d = 1 + aa * *d;
	if (fabs(*d) < LENTZ_TINY)
		*d = LENTZ_TINY;
	*c = 1 + aa / *c;
	if (fabs(*c) < LENTZ_TINY)
		*c = LENTZ_TINY;
	*d = 1 / *d;
	return *d * *c;
}

/* Continued fraction of the incomplete beta function I_x(a, b), evaluated
 * by the modified Lentz method (Press et al., Numerical Recipes, 2nd ed.,
 * sec. 6.4, betacf); converges for x < (a+1)/(a+b+2) in O(sqrt(max(a, b)))
 * terms, hence the generous limit for the df of large samples. */
static double beta_cf(double a, double b, double x)
{
	double qab = a + b, qap = a + 1, qam = a - 1;
	double c = 1, d = 1 - qab * x / qap;
	if (fabs(d) < LENTZ_TINY)
		d = LENTZ_TINY;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 20000; m++) {
		double m2 = 2.0 * m;
		h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), &c, &d);
		double del = lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), &c, &d);
		h *= del;
		if (fabs(del - 1) < 1e-16)
			break;
	}
	return h;
}

/* P(|T| > |t|) for Student's t with df degrees of freedom: the formulas
 * of R's pt (src/nmath/pt.c), I_x(df/2, 1/2) with x = df/(df + t^2), and
 * for 1 + t^2/df > 1e100 the asymptotic form of Abramowitz & Stegun
 * 26.5.4.  The incomplete beta comes from beta_cf on the side where it
 * converges, with log x and log(1-x) both computed without cancellation
 * and ln B(df/2, 1/2) = ln sqrt(pi) - ln(Gamma(df/2 + 1/2)/Gamma(df/2))
 * without a difference of two large lgammas (num_ln_gamma_half_ratio).  GSL's own
 * beta CDF underflows to 0 for df ~ 1e5 and t ~ 20 where R does not. */
/* ln(Gamma(a + 1/2) / Gamma(a)) for a > 0.  For a >= 20 the asymptotic series
 *   1/2 ln a - 1/(8a) + 1/(192 a^3) - 1/(640 a^5) + 17/(14336 a^7) - 31/(18432 a^9)
 * (from ln Gamma(z + h) ~ (z + h - 1/2) ln z - z + ln sqrt(2 pi)
 *  + sum_n (-1)^(n+1) B_{n+1}(h) / (n (n+1) z^n), Abramowitz & Stegun 6.1.40
 *  with B_k(1/2) = (2^(1-k) - 1) B_k), truncation error < 1e-17; below 20
 * the recurrence r(a) = r(a+1) - log1p(1/(2a)) moves a up first.  No
 * difference of two large lgammas, which would cancel. */
double num_ln_gamma_half_ratio(double a)
{
	double shift = 0;
	while (a < 20) {
		shift += log1p(0.5 / a);
		a += 1;
	}
	double r = 1 / a, r2 = r * r;
	return 0.5 * log(a) - shift +
	       r * (-1.0 / 8 + r2 * (1.0 / 192 + r2 * (-1.0 / 640 + r2 * (17.0 / 14336 +
								       r2 * (-31.0 / 18432)))));
}

static double t_two_tail(double t, double df)
{
	double at = fabs(t);
	if (isinf(at))
		return 0;
	if (at == 0)
		return 1;
	double a = df / 2, b = 0.5;
	double lnbeta = 0.5 * log(NUM_PI) - num_ln_gamma_half_ratio(a);
	double nx = 1 + (at / df) * at;
	if (nx > 1e100) {
		double lval = -0.5 * df * (2 * log(at) - log(df)) - lnbeta - log(0.5 * df);
		return exp(lval);
	}
	double tt = at * at;
	double x = df / (df + tt), y = tt / (df + tt);  /* x + y = 1 */
	double lx = x < 0.5 ? log(x) : log1p(-y);
	double ly = y < 0.5 ? log(y) : log1p(-x);
	double lpre = a * lx + b * ly - lnbeta;
	if (x < (a + 1) / (a + b + 2))
		return exp(lpre) * beta_cf(a, b, x) / a;
	double v = 1 - exp(lpre) * beta_cf(b, a, y) / b;
	return v < 0 ? 0 : v;
}

double num_t_Q(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	double half = t_two_tail(t, df) / 2;
	return t > 0 ? half : 0.5 - half + 0.5;
}

double num_p_t2(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	double p = t_two_tail(t, df);
	return p > 1 ? 1 : p;
}

double num_chisq1_Q(double x)
{
	/* P(chi2_1 > x) = 2 Q(sqrt(x)); R's pchisq(x, 1, lower.tail = FALSE)
	 * agrees to the rounding of sqrt. */
	if (isnan(x))
		return NAN;
	if (x <= 0)
		return 1;
	return gsl_cdf_chisq_Q(x, 1);
}

/* ---- Wilson interval ---- */

void num_interval_na(struct num_interval *out, const char *reason)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->est = out->lo = out->hi = NAN;
}

int num_interval_begin(double conf, struct num_interval *out)
{
	num_gsl_init();
	if (!num_conf_ok(conf)) {
		num_interval_na(out, "invalid confidence level");
		return NUM_NA;
	}
	return NUM_OK;
}

int num_wilson_z(double x, double n, double z, double *lo, double *hi)
{
	/* R's prop.test(x, n, correct = FALSE): p.c = x/n, z22n = z^2/(2n),
	 * bounds (p + z22n -+ z sqrt(p(1-p)/n + z22n/(2n))) / (1 + 2 z22n),
	 * with 0 and 1 exact at x = 0 and x = n. */
	double p = x / n;
	double z22n = z * z / (2 * n);
	double root = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
	*hi = p >= 1 ? 1 : (p + z22n + root) / (1 + 2 * z22n);
	*lo = p <= 0 ? 0 : (p + z22n - root) / (1 + 2 * z22n);
	return NUM_OK;
}

int num_wilson(double x, double n, double conf, struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	if (!(n > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	if (!(x >= 0 && x <= n)) {
		num_interval_na(out, "successes outside 0..n");
		return NUM_NA;
	}
	double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
	out->status = NUM_OK;
	out->reason = NULL;
	out->est = x / n;
	num_wilson_z(x, n, z, &out->lo, &out->hi);
	return NUM_OK;
}

/* ---- t tests ---- */

void num_test_na(struct num_test *out, const char *reason)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->stat = out->df = out->p = out->p_less = out->p_greater = NAN;
	out->est = out->ci_lo = out->ci_hi = out->n = out->z = NAN;
	out->exact = out->ties = out->zeros = 0;
}

void num_test_ok(struct num_test *out)
{
	num_test_na(out, NULL);
	out->status = NUM_OK;
}

/* Shared tail of both t tests: t = est/se with df. */
static int t_finish(double est, double se, double df, double conf, double n,
		    struct num_test *out)
{
	num_test_ok(out);
	double t = est / se;
	out->stat = t;
	out->df = df;
	out->est = est;
	out->n = n;
	out->p = num_p_t2(t, df);
	out->p_greater = num_t_Q(t, df);
	out->p_less = num_t_Q(-t, df);
	double q = gsl_cdf_tdist_Pinv(0.5 + conf / 2, df);
	out->ci_lo = est - q * se;
	out->ci_hi = est + q * se;
	return NUM_OK;
}

int num_welch_t(double m1, double s1, double n1, double m2, double s2, double n2,
		double conf, struct num_test *out)
{
	num_gsl_init();
	if (!num_conf_ok(conf)) {
		num_test_na(out, "invalid confidence level");
		return NUM_NA;
	}
	if (!(n1 >= 2) || !(n2 >= 2)) {
		num_test_na(out, res_reason_text(RES_WHY_NOT_ENOUGH));
		return NUM_NA;
	}
	if (!isfinite(m1) || !isfinite(m2) || !(s1 >= 0) || !(s2 >= 0)) {
		num_test_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	/* Welch (1947); R: t.test(x, y) */
	double v1 = s1 * s1 / n1, v2 = s2 * s2 / n2;
	double se2 = v1 + v2;
	double se = sqrt(se2);
	if (!(se > 10 * DBL_EPSILON * fmax(fabs(m1), fabs(m2)))) {
		num_test_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	/* Welch-Satterthwaite degrees of freedom */
	double df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
	return t_finish(m1 - m2, se, df, conf, n1 + n2, out);
}

int num_t_one(double m, double s, double n, double mu, double conf, struct num_test *out)
{
	num_gsl_init();
	if (!num_conf_ok(conf)) {
		num_test_na(out, "invalid confidence level");
		return NUM_NA;
	}
	if (!(n >= 2)) {
		num_test_na(out, res_reason_text(RES_WHY_NOT_ENOUGH));
		return NUM_NA;
	}
	if (!isfinite(m) || !(s >= 0) || !isfinite(mu)) {
		num_test_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	double se = s / sqrt(n);
	/* R: stop("data are essentially constant") when stderr < 10 eps |mx| */
	if (!(se > 10 * DBL_EPSILON * fabs(m))) {
		num_test_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	/* Student (1908); R: t.test(x, mu = mu); CI of the mean itself. */
	num_test_ok(out);
	double t = (m - mu) / se;
	out->stat = t;
	out->df = n - 1;
	out->est = m;
	out->n = n;
	out->p = num_p_t2(t, n - 1);
	out->p_greater = num_t_Q(t, n - 1);
	out->p_less = num_t_Q(-t, n - 1);
	double q = gsl_cdf_tdist_Pinv(0.5 + conf / 2, n - 1);
	out->ci_lo = m - q * se;
	out->ci_hi = m + q * se;
	return NUM_OK;
}

/* ---- p-value adjustment ---- */

struct pidx {
	double p;
	size_t i;
};

static int cmp_pidx(const void *a, const void *b)
{
	const struct pidx *x = a, *y = b;
	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->i > y->i) - (x->i < y->i);
}

size_t num_p_adjust(const double *p, size_t n, enum num_padjust method, double *out)
{
	size_t lp = 0;
	struct pidx *v = xmalloc((n ? n : 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		if (!isnan(p[i])) {
			v[lp].p = p[i];
			v[lp].i = i;
			lp++;
		}
	if (out != p)
		for (size_t i = 0; i < n; i++)
			out[i] = isnan(p[i]) ? NAN : p[i];
	if (lp <= 1) {  /* R: p.adjust returns p unchanged when n <= 1 */
		free(v);
		return lp;
	}
	qsort(v, lp, sizeof(*v), cmp_pidx);
	double fam = (double)lp;
	if (method == NUM_PADJ_HOLM) {
		/* Holm (1979); R: pmin(1, cummax((n + 1 - i) * p[o])) */
		double run = -INFINITY;
		for (size_t k = 0; k < lp; k++) {
			double q = (fam - (double)k) * v[k].p;
			if (q > run)
				run = q;
			out[v[k].i] = run < 1 ? run : 1;
		}
	} else {
		/* Benjamini & Hochberg (1995); R: pmin(1, cummin(n/i * p[o]))
		 * over p in decreasing order, i = lp..1. */
		double run = INFINITY;
		for (size_t k = lp; k-- > 0;) {
			double q = fam / (double)(k + 1) * v[k].p;
			if (q < run)
				run = q;
			out[v[k].i] = run < 1 ? run : 1;
		}
	}
	free(v);
	return lp;
}
