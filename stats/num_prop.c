/* num_prop.c: McNemar test, Newcombe intervals for differences of proportions, and Cronbach's alpha. */
#include "numerics.h"
#include "num_internal.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* ---- McNemar ---- */

int num_mcnemar(double a, double b, double c, double d, struct num_test *out)
{
	num_gsl_init();
	if (!(a >= 0) || !(b >= 0) || !(c >= 0) || !(d >= 0)) {
		num_test_na(out, "invalid table: counts must be >= 0");
		return NUM_NA;
	}
	if (b + c == 0) {
		num_test_na(out, res_reason_text(RES_WHY_NO_DISCORDANT));
		return NUM_NA;
	}
	/* McNemar (1947) with continuity correction; R: mcnemar.test, which
	 * corrects only when b != c (so b = c gives 0, not 1/(b+c)). */
	double diff = b != c ? fabs(b - c) - 1 : 0;
	num_test_ok(out);
	out->stat = diff * diff / (b + c);
	out->df = 1;
	out->p = num_chisq1_Q(out->stat);
	out->est = (b - c) / (a + b + c + d);
	out->n = a + b + c + d;
	return NUM_OK;
}

/* ---- Newcombe intervals ---- */

int num_newcombe_diff(double x1, double n1, double x2, double n2, double conf,
		      struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	if (!(n1 > 0) || !(n2 > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	if (!(x1 >= 0 && x1 <= n1) || !(x2 >= 0 && x2 <= n2)) {
		num_interval_na(out, "successes outside 0..n");
		return NUM_NA;
	}
	/* Newcombe (1998a), method 10: Wilson bounds combined by square-and-add */
	double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
	double p1 = x1 / n1, p2 = x2 / n2, l1, u1, l2, u2;
	num_wilson_z(x1, n1, z, &l1, &u1);
	num_wilson_z(x2, n2, z, &l2, &u2);
	out->status = NUM_OK;
	out->reason = NULL;
	out->est = p1 - p2;
	out->lo = out->est - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
	out->hi = out->est + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
	return NUM_OK;
}

int num_newcombe_paired(double a, double b, double c, double d, double conf,
			struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	if (!(a >= 0) || !(b >= 0) || !(c >= 0) || !(d >= 0)) {
		num_interval_na(out, "invalid table: counts must be >= 0");
		return NUM_NA;
	}
	double n = a + b + c + d;
	if (!(n > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	/* Newcombe (1998b), method 10 */
	double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
	double p1 = (a + b) / n, p2 = (a + c) / n, l1, u1, l2, u2;
	num_wilson_z(a + b, n, z, &l1, &u1);
	num_wilson_z(a + c, n, z, &l2, &u2);
	double A = (a + b) * (c + d) * (a + c) * (b + d);
	double phi = 0;
	if (A > 0) {
		double num = a * d - b * c;
		/* continuity-corrected phi*: max(ad - bc - n/2, 0) when ad > bc */
		if (num > 0)
			num = fmax(num - n / 2, 0);
		phi = num / sqrt(A);
	}
	double dl1 = p1 - l1, du2 = u2 - p2, du1 = u1 - p1, dl2 = p2 - l2;
	double dl = dl1 * dl1 - 2 * phi * dl1 * du2 + du2 * du2;
	double du = du1 * du1 - 2 * phi * du1 * dl2 + dl2 * dl2;
	out->status = NUM_OK;
	out->reason = NULL;
	out->est = (b - c) / n;
	out->lo = out->est - sqrt(fmax(dl, 0));
	out->hi = out->est + sqrt(fmax(du, 0));
	return NUM_OK;
}

/* ---- Cronbach's alpha ---- */

int num_cov_from_sums(size_t k, double n, const double *s, const double *ss, double *cov)
{
	if (!(n >= 2))
		return NUM_NA;
	/* (n ss - s_i s_j) / (n (n-1)): both products are exact for exact
	 * integer sums below 2^53, so only the final division rounds. */
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < k; j++)
			cov[i * k + j] = (n * ss[i * k + j] - s[i] * s[j]) / (n * (n - 1));
	return NUM_OK;
}

/* The sum of the k x k matrix cov, and its trace in *tr. */
static double cov_sums(const double *cov, size_t k, double *tr)
{
	double tot = 0;
	*tr = 0;
	for (size_t i = 0; i < k; i++) {
		*tr += cov[i * k + i];
		for (size_t j = 0; j < k; j++)
			tot += cov[i * k + j];
	}
	return tot;
}

static void alpha_na(struct num_alpha *out, const char *reason, double n, size_t k)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->alpha = out->lo = out->hi = NAN;
	out->n = n;
	out->k = k;
}

int num_alpha_cov(const double *cov, size_t k, double n, double conf, struct num_alpha *out)
{
	num_gsl_init();
	if (k < 2) {
		alpha_na(out, res_reason_text(RES_WHY_FEWER_TWO_ITEMS), n, k);
		return NUM_NA;
	}
	if (n > 0 && !num_conf_ok(conf)) {
		alpha_na(out, "invalid confidence level", n, k);
		return NUM_NA;
	}
	double tr, tot = cov_sums(cov, k, &tr);
	if (!isfinite(tot)) {
		alpha_na(out, "invalid covariance matrix", n, k);
		return NUM_NA;
	}
	if (!(tot > 0)) {
		alpha_na(out, res_reason_text(RES_WHY_CONSTANT), n, k);
		return NUM_NA;
	}
	double kk = (double)k;
	/* Cronbach (1951) */
	out->status = NUM_OK;
	out->reason = NULL;
	out->alpha = kk / (kk - 1) * (1 - tr / tot);
	out->n = n;
	out->k = k;
	out->lo = out->hi = NAN;
	if (n > 1) {
		/* Feldt, Woodruff & Salih (1987) */
		double df1 = n - 1, df2 = (n - 1) * (kk - 1), c = 1 - conf;
		out->lo = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(1 - c / 2, df1, df2);
		out->hi = 1 - (1 - out->alpha) * gsl_cdf_fdist_Pinv(c / 2, df1, df2);
	}
	return NUM_OK;
}

int num_alpha_items(const double *cov, size_t k, double *alpha_drop, double *r_drop)
{
	if (k < 2)
		return NUM_NA;
	double tr, tot = cov_sums(cov, k, &tr);
	double kk = (double)k;
	for (size_t i = 0; i < k; i++) {
		double row = 0, vi = cov[i * k + i];
		for (size_t j = 0; j < k; j++)
			row += cov[i * k + j];
		/* the k-1 other items: their total variance and trace */
		double rest = tot - 2 * row + vi;
		double rtr = tr - vi;
		alpha_drop[i] = NAN;
		if (k >= 3 && rest > 0)
			alpha_drop[i] = (kk - 1) / (kk - 2) * (1 - rtr / rest);
		/* corrected item-total correlation: cor(item i, sum of the others) */
		double cv = row - vi;
		r_drop[i] = vi > 0 && rest > 0 ? cv / sqrt(vi * rest) : NAN;
	}
	return NUM_OK;
}
