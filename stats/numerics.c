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

#include "util.h"

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

double num_moments(const struct wsample *s, double *mean, double *var)
{
	double n = 0, sum = 0;
	for (size_t i = 0; i < s->m; i++) {
		n += s->w[i];
		sum += s->w[i] * s->x[i];
	}
	if (n == 0) {
		*mean = NAN;
		*var = NAN;
		return 0;
	}
	double m0 = sum / n;
	/* Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): c is the
	 * rounding error of m0, which also corrects the sum of squares. */
	double c = 0, ss = 0;
	for (size_t i = 0; i < s->m; i++) {
		double d = s->x[i] - m0;
		c += s->w[i] * d;
		ss += s->w[i] * d * d;
	}
	*mean = m0 + c / n;
	*var = n >= 2 ? (ss - c * c / n) / (n - 1) : NAN;
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
		desc_na(out, "no observations");
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

/* P(|T| > |t|) for Student's t with df degrees of freedom, as R's pt
 * (src/nmath/pt.c): a normal approximation for df > 4e5 (Abramowitz &
 * Stegun 26.7.8), an asymptotic form when 1 + t^2/df > 1e100, otherwise
 * the incomplete beta function on the side that avoids cancellation. */
static double t_two_tail(double t, double df)
{
	double at = fabs(t);
	if (isinf(at))
		return 0;
	if (df > 4e5) {
		double v = 1 / (4 * df);
		return 2 * gsl_cdf_ugaussian_Q(at * (1 - v) / sqrt(1 + at * at * 2 * v));
	}
	double nx = 1 + (at / df) * at;
	if (nx > 1e100) {
		double lval = -0.5 * df * (2 * log(at) - log(df)) - gsl_sf_lnbeta(0.5 * df, 0.5) -
			log(0.5 * df);
		return 2 * exp(lval);
	}
	if (df > at * at)
		return gsl_cdf_beta_Q(at * at / (df + at * at), 0.5, df / 2);
	return gsl_cdf_beta_P(1 / nx, df / 2, 0.5);
}

double num_t_Q(double t, double df)
{
	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	if (df > 4e5) {
		double v = 1 / (4 * df);
		return gsl_cdf_ugaussian_Q(t * (1 - v) / sqrt(1 + t * t * 2 * v));
	}
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
	num_gsl_init();
	if (!num_conf_ok(conf)) {
		num_interval_na(out, "invalid confidence level");
		return NUM_NA;
	}
	if (!(n > 0)) {
		num_interval_na(out, "no observations");
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
		num_test_na(out, "not enough observations");
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
		num_test_na(out, "data are essentially constant");
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
		num_test_na(out, "not enough observations");
		return NUM_NA;
	}
	if (!isfinite(m) || !(s >= 0) || !isfinite(mu)) {
		num_test_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	double se = s / sqrt(n);
	/* R: stop("data are essentially constant") when stderr < 10 eps |mx| */
	if (!(se > 10 * DBL_EPSILON * fabs(m))) {
		num_test_na(out, "data are essentially constant");
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
