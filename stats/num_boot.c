/* num_boot.c: percentile and BCa bootstrap intervals for a mean or a difference of means, resampling count tables. */
#include "numerics.h"
#include "num_internal.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "core/util.h"

/* One count table prepared for multinomial resampling. */
struct btab {
	const struct wsample *s;
	double n;
	double mean;      /* observed mean, by the same formula as a resample's */
	double s2, s3;    /* sum w U^2, sum w U^3 with U = x - mean (jackknife influence) */
	struct num_binom *cond;  /* category i's probability given that it is none of 0..i-1 */
	double tol;       /* two means closer than this are ties */
};

/* The conditional probabilities of the sequential binomial method, which
 * draws category i's count as Binomial(n - counts so far, p_i / (1 - sum of
 * p_j, j < i)) (Davis 1993): computed once per table with the operations
 * and in the order of GSL's gsl_ran_multinomial, so that every draw below
 * is the one GSL makes, bit for bit. */
static void btab_conditionals(struct btab *t)
{
	const struct wsample *s = t->s;
	double norm = 0, sum_p = 0;
	for (size_t i = 0; i < s->m; i++)
		norm += s->w[i] / t->n;
	for (size_t i = 0; i < s->m; i++) {
		double p = s->w[i] / t->n;
		num_binom_init(&t->cond[i], p > 0 ? p / (norm - sum_p) : 0);
		sum_p += p;
	}
}

static const char *btab_init(struct btab *t, const struct wsample *s)
{
	const char *bad = num_check_sample(s);
	memset(t, 0, sizeof(*t));
	if (bad)
		return bad;
	t->s = s;
	double sum = 0, amax = 0;
	for (size_t i = 0; i < s->m; i++) {
		t->n += s->w[i];
		sum += s->w[i] * s->x[i];
		if (fabs(s->x[i]) > amax)
			amax = fabs(s->x[i]);
	}
	if (t->n < 2)
		return res_reason_text(RES_WHY_NOT_ENOUGH);
	if (t->n > UINT_MAX)
		return res_reason_text(RES_WHY_BOOT_TOO_LARGE);
	t->mean = sum / t->n;
	t->tol = 1024 * DBL_EPSILON * amax;
	/* The jackknife value without one observation x_i is (sum - x_i)/(n-1),
	 * so (n-1)(mean of jackknife values - that) = x_i - mean: the influence
	 * U_i, the same for every copy of x_i, weighted by its count. */
	double mean, var;
	num_moments(s, &mean, &var);
	for (size_t i = 0; i < s->m; i++) {
		double u = s->x[i] - mean;
		t->s2 += s->w[i] * u * u;
		t->s3 += s->w[i] * u * u * u;
	}
	t->cond = xmalloc((s->m ? s->m : 1) * sizeof(*t->cond));
	btab_conditionals(t);
	return NULL;
}

static void btab_release(struct btab *t)
{
	free(t->cond);
}

/* Mean of one multinomial resample of t. */
static double btab_draw(struct btab *t, struct num_mt *r)
{
	/* gsl_ran_multinomial's sequence of binomial draws; a binomial of
	 * zero trials is zero without a random number, so the draw ends
	 * where the trials run out. */
	unsigned left = (unsigned)t->n;
	double sum = 0;
	for (size_t i = 0; i < t->s->m && left; i++) {
		if (!(t->cond[i].p > 0))
			continue;
		unsigned k = num_binom_draw(&t->cond[i], r, left);
		left -= k;
		sum += (double)k * t->s->x[i];
	}
	return sum / t->n;
}

static void boot_na(struct num_boot *out, const char *reason, size_t B, uint64_t seed)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->est = out->perc_lo = out->perc_hi = out->bca_lo = out->bca_hi = NAN;
	out->bca_reason = reason;
	out->z0 = out->a = out->se = NAN;
	out->B = B;
	out->seed = seed;
}

/* Type-7 quantile of sorted v[0..n-1]. */
static double sorted_q7(const double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	double j = floor(h);
	size_t lo = (size_t)j;
	if (lo + 1 >= n)
		return v[n - 1];
	double f = h - j;
	return f > 0 && v[lo + 1] != v[lo] ? (1 - f) * v[lo] + f * v[lo + 1] : v[lo];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Intervals from the B resampled values th (sorted in place). */
static void boot_intervals(double *th, size_t B, double est, double tol, double a,
			   double conf, struct num_boot *out)
{
	double below = 0, equal = 0, sum = 0;
	for (size_t b = 0; b < B; b++) {
		sum += th[b];
		if (fabs(th[b] - est) <= tol)
			equal++;
		else if (th[b] < est)
			below++;
	}
	double mean = sum / (double)B, ss = 0;
	for (size_t b = 0; b < B; b++)
		ss += (th[b] - mean) * (th[b] - mean);
	out->se = sqrt(ss / (double)(B - 1));
	qsort(th, B, sizeof(*th), cmp_double);
	double al = (1 - conf) / 2, ah = (1 + conf) / 2;
	out->perc_lo = sorted_q7(th, B, al);
	out->perc_hi = sorted_q7(th, B, ah);

	out->a = a;
	out->bca_lo = out->bca_hi = NAN;
	out->bca_reason = NULL;
	double share = (below + equal / 2) / (double)B;
	if (share <= 0 || share >= 1) {
		out->z0 = share <= 0 ? -INFINITY : INFINITY;
		out->bca_reason = res_reason_text(RES_WHY_BCA_ONE_SIDE);
		return;
	}
	if (!isfinite(a)) {
		out->z0 = gsl_cdf_ugaussian_Pinv(share);
		out->bca_reason = res_reason_text(RES_WHY_BCA_NO_ACCELERATION);
		return;
	}
	double z0 = gsl_cdf_ugaussian_Pinv(share);
	out->z0 = z0;
	double bound[2];
	double al_h[2] = { al, ah };
	for (int k = 0; k < 2; k++) {
		double zz = z0 + gsl_cdf_ugaussian_Pinv(al_h[k]);
		double den = 1 - a * zz;
		if (!(den > 0)) {
			out->bca_reason = res_reason_text(RES_WHY_BCA_ACCELERATION_TOO_LARGE);
			return;
		}
		bound[k] = sorted_q7(th, B, gsl_cdf_ugaussian_P(z0 + zz / den));
	}
	out->bca_lo = bound[0];
	out->bca_hi = bound[1];
}

/* NUM_NA with its reason in out unless B and conf are usable. */
static int boot_args(size_t B, double conf, uint64_t seed, struct num_boot *out)
{
	if (B >= 2 && num_conf_ok(conf))
		return NUM_OK;
	boot_na(out, B < 2 ? "need at least two resamples" : "invalid confidence level", B, seed);
	return NUM_NA;
}

/* Resample the tables t[0..nt) (nt 1 or 2) B times with the generator
 * seeded by seed: each resample's value is the mean of t[0], minus the
 * mean of t[1] when there are two; then out's intervals around est, with
 * two values closer than tol taken as ties and acceleration a. */
static void boot_run(struct btab *t, size_t nt, size_t B, uint64_t seed, double est, double tol,
		     double a, double conf, double *draws, struct num_boot *out)
{
	struct num_mt *r = xmalloc(sizeof(*r));
	num_mt_seed(r, (unsigned long)seed);
	double *th = xmalloc(B * sizeof(*th));
	for (size_t b = 0; b < B; b++) {
		double m = btab_draw(&t[0], r);
		th[b] = nt > 1 ? m - btab_draw(&t[1], r) : m;
	}
	if (draws)
		memcpy(draws, th, B * sizeof(*th));
	out->status = NUM_OK;
	out->reason = NULL;
	out->est = est;
	out->B = B;
	out->seed = seed;
	boot_intervals(th, B, est, tol, a, conf, out);
	free(th);
	free(r);
}

int num_boot_paired(const struct wsample *d, size_t B, uint64_t seed, double conf,
		    double *draws, struct num_boot *out)
{
	struct btab t;
	num_gsl_init();
	if (boot_args(B, conf, seed, out) != NUM_OK)
		return NUM_NA;
	const char *bad = btab_init(&t, d);
	if (!bad && !(t.s2 > 0))
		bad = res_reason_text(RES_WHY_CONSTANT);
	if (bad) {
		btab_release(&t);
		boot_na(out, bad, B, seed);
		return NUM_NA;
	}
	/* Efron (1987): a = sum U^3 / (6 (sum U^2)^(3/2)) */
	double a = t.s3 / (6 * pow(t.s2, 1.5));
	boot_run(&t, 1, B, seed, t.mean, t.tol, a, conf, draws, out);
	btab_release(&t);
	return NUM_OK;
}

int num_boot_indep(const struct wsample *x, const struct wsample *y, size_t B,
		   uint64_t seed, double conf, double *draws, struct num_boot *out)
{
	struct btab t[2];
	num_gsl_init();
	if (boot_args(B, conf, seed, out) != NUM_OK)
		return NUM_NA;
	const char *bad = btab_init(&t[0], x);
	const char *bady = btab_init(&t[1], y);
	if (!bad)
		bad = bady;
	if (!bad && !(t[0].s2 > 0) && !(t[1].s2 > 0))
		bad = res_reason_text(RES_WHY_CONSTANT);
	if (bad) {
		btab_release(&t[0]);
		btab_release(&t[1]);
		boot_na(out, bad, B, seed);
		return NUM_NA;
	}
	/* Efron (1987), several samples: the influence of a y observation on
	 * mean(x) - mean(y) is -U; each sample's sums are scaled by n_s. */
	double n1 = t[0].n, n2 = t[1].n;
	double s2 = t[0].s2 / (n1 * n1) + t[1].s2 / (n2 * n2);
	double s3 = t[0].s3 / (n1 * n1 * n1) - t[1].s3 / (n2 * n2 * n2);
	double a = s3 / (6 * pow(s2, 1.5));
	boot_run(t, 2, B, seed, t[0].mean - t[1].mean, t[0].tol + t[1].tol, a, conf, draws, out);
	btab_release(&t[0]);
	btab_release(&t[1]);
	return NUM_OK;
}
