/* num_nps.c: the Net Promoter Score of a 0-10 item: one sample, and the change between two samples or within pairs, with their intervals. */
#include "numerics.h"
#include "num_internal.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

/* The NPS on -100..100 of proportions pp (promoters) and pd (detractors). */
static double nps_of(double pp, double pd)
{
	return 100 * (pp - pd);
}

/* The variance of one respondent's score (+1 promoter, 0 passive, -1
 * detractor): E[s^2] - E[s]^2 = pp + pd - (pp - pd)^2, the variance of a
 * difference of two proportions of one multinomial sample (Rocks 2016). */
static double score_var(double pp, double pd)
{
	return fmax(pp + pd - (pp - pd) * (pp - pd), 0);
}

static int check_counts(const double *x, size_t n, struct num_interval *out)
{
	for (size_t i = 0; i < n; i++)
		if (!(x[i] >= 0)) {
			num_interval_na(out, "invalid counts: counts must be >= 0");
			return NUM_NA;
		}
	return NUM_OK;
}

/* [centre - z se, centre + z se] cut at -bound and bound (the range of
 * the estimate: 100 for an NPS, 200 for the difference of two), with est
 * the estimate. */
static int nps_interval(double est, double centre, double se, double bound, double conf,
			struct num_interval *out)
{
	double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2);
	out->status = NUM_OK;
	out->reason = NULL;
	out->est = est;
	out->lo = fmax(centre - z * se, -bound);
	out->hi = fmin(centre + z * se, bound);
	return NUM_OK;
}

int num_nps(double xp, double xd, double n, double conf, struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	double x[3] = { xp, xd, n - xp - xd };
	if (check_counts(x, 3, out) != NUM_OK)
		return NUM_NA;
	if (!(n > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	/* Rocks (2016), adjusted Wald: 3/4 added to the promoters and to the
	 * detractors, 3 to n, and the interval centred on the adjusted NPS */
	double na = n + 3, pp = (xp + 0.75) / na, pd = (xd + 0.75) / na;
	return nps_interval(nps_of(xp / n, xd / n), nps_of(pp, pd), 100 * sqrt(score_var(pp, pd) / na), 100,
			    conf, out);
}

int num_nps_diff(double xp1, double xd1, double n1, double xp2, double xd2, double n2, double conf,
		 struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	double x[6] = { xp1, xd1, n1 - xp1 - xd1, xp2, xd2, n2 - xp2 - xd2 };
	if (check_counts(x, 6, out) != NUM_OK)
		return NUM_NA;
	if (!(n1 > 0) || !(n2 > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	/* Wald for a difference of two independent NPS: Var = V1/n1 + V2/n2 */
	double p1 = xp1 / n1, d1 = xd1 / n1, p2 = xp2 / n2, d2 = xd2 / n2;
	double var = score_var(p1, d1) / n1 + score_var(p2, d2) / n2;
	if (!(var > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	double est = nps_of(p1, d1) - nps_of(p2, d2);
	return nps_interval(est, est, 100 * sqrt(var), 200, conf, out);
}

int num_nps_paired(const double t[3][3], double conf, struct num_interval *out)
{
	if (num_interval_begin(conf, out) != NUM_OK)
		return NUM_NA;
	if (check_counts(&t[0][0], 9, out) != NUM_OK)
		return NUM_NA;
	/* d = later score - base score of a pair, class i = score + 1; the
	 * change is mean(d) = sum p_ij d_ij, a linear function of the 3 x 3
	 * multinomial, Var = (sum p_ij d_ij^2 - (sum p_ij d_ij)^2)/n
	 * (Bishop, Fienberg & Holland 1975, sec. 14.6; Agresti 2013, sec. 16.1) */
	double n = 0, s1 = 0, s2 = 0;
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			double d = (double)(j - i);
			n += t[i][j];
			s1 += t[i][j] * d;
			s2 += t[i][j] * d * d;
		}
	if (!(n > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_NO_OBSERVATIONS));
		return NUM_NA;
	}
	double m = s1 / n, var = fmax(s2 / n - m * m, 0) / n;
	if (!(var > 0)) {
		num_interval_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	return nps_interval(100 * m, 100 * m, 100 * sqrt(var), 200, conf, out);
}
