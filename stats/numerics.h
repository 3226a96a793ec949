/* numerics.h: pure statistical functions (descriptives, tests, intervals, effect sizes, bootstrap) on count tables. */
#ifndef TILLID_NUMERICS_H
#define TILLID_NUMERICS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Conventions shared by every function in this file
 * --------------------------------------------------
 *
 * Weighted samples.  Likert answers and scale scores take few distinct
 * values, so a sample is passed as its count table: the sorted distinct
 * values x[0..m-1] (strictly ascending, finite) with their counts
 * w[0..m-1] (> 0).  Counts are doubles holding whole numbers (< 2^53), so
 * the cost of every statistic depends on m, not on the number of
 * respondents.  A plain array of raw values is the special case w = 1
 * (num_moments accepts it unsorted and with repeats; every other function
 * checks for the sorted, distinct form, which num_wsample_from_values
 * builds).  Entries with w = 0 are allowed and ignored.  Functions never
 * modify or keep the arrays.
 *
 * Results.  Every result struct starts with `status` and `reason`.
 * NUM_OK: all fields are set.  NUM_NA: the statistic is not applicable to
 * these data (n too small, zero variance, all differences zero, ...);
 * `reason` is a static string (never freed) saying why: the note of
 * results.csv for that case, res_reason_text(RES_WHY_CONSTANT) and the
 * like (core/results_schema.h), and the numeric fields are NaN.
 * Some fields may be NaN under NUM_OK when documented (e.g. the bootstrap's
 * BCa bounds when the acceleration cannot be estimated, see there).
 * Passing arguments that break a documented precondition (NULL pointers,
 * unsorted x, negative counts, conf outside (0,1)) is a bug, not a data
 * error: such calls also return NUM_NA with a reason naming the argument
 * ("invalid confidence level"), which is no note of results.csv, so the
 * caller can report it instead of crashing.
 *
 * Two-sample differences are always "first minus second", as R's
 * t.test(x, y): the caller passes (after, before) to get a change.
 *
 * p-values are computed from upper-tail functions (never 1 - P), so tiny
 * p-values stay positive down to ~1e-308 and are 0 only where R's are.
 * Every p field is in [0, 1]; "p" is two-sided, "p_less"/"p_greater" are
 * the one-sided alternatives "first < second" / "first > second" (for
 * one-sample tests: "location < mu" / "location > mu").
 *
 * Functions that use GSL call gsl_set_error_handler_off() themselves
 * (idempotent), so they never abort on a GSL domain error.
 */

enum num_status {
	NUM_OK = 0,
	NUM_NA = 1  /* not applicable; see reason */
};

/* A weighted sample (count table).  See the conventions above. */
struct wsample {
	const double *x;  /* distinct values, strictly ascending */
	const double *w;  /* counts (whole numbers >= 0) */
	size_t m;         /* number of distinct values */
};

/* An owned count table built from raw values. */
struct wsample_buf {
	double *x;
	double *w;
	size_t m;
};
void wsample_buf_init(struct wsample_buf *b);
void wsample_buf_release(struct wsample_buf *b);
/* Sort v[0..n-1] (NaN entries skipped) into distinct values with counts.
 * b is reset first; the result is valid until the next call or release.
 * Returns the number of NaN values skipped. */
size_t num_wsample_from_values(struct wsample_buf *b, const double *v, size_t n);
/* A view of b as a struct wsample. */
struct wsample wsample_of(const struct wsample_buf *b);

/* ---------------------------------------------------------------------
 * 1. Descriptives
 *
 *   n      = sum w_i
 *   mean   = sum w_i x_i / n, refined by one correction pass
 *            mean += sum w_i (x_i - mean) / n
 *   var    = (sum w_i (x_i - mean)^2 - (sum w_i (x_i - mean))^2 / n)/(n-1)
 *            (corrected two-pass algorithm, Chan, Golub & LeVeque 1983),
 *            every sum compensated (Neumaier 1974) with the products
 *            split exactly by fma (Ogita, Rump & Oishi 2005), so the
 *            result is that of the stored data to ~1 ulp whatever the
 *            order or spread of the values
 *   sd     = sqrt(var), se = sd / sqrt(n)
 *   CI     = mean -+ t(1 - (1-conf)/2; n-1) se   (R: t.test(x)$conf.int)
 *   quantile type 7 (R: quantile(x, p), Hyndman & Fan 1996):
 *            h = (n-1) p, j = floor(h), Q = x_(j+1) + (h - j)(x_(j+2) - x_(j+1))
 *            where x_(k) is the k-th order statistic (1-based), found by
 *            walking the cumulative counts.
 *   median = quantile(0.5) (R: median(x))
 *
 * Reproduces NIST StRD univariate certified means and SDs (tests).
 * --------------------------------------------------------------------- */
struct num_desc {
	enum num_status status;
	const char *reason;
	double n;
	double mean;
	double var;     /* NaN when n < 2 */
	double sd;      /* NaN when n < 2 */
	double se;      /* NaN when n < 2 */
	double ci_lo;   /* t-based CI of the mean; NaN when n < 2 or sd = 0 */
	double ci_hi;
	double min, q1, median, q3, max;  /* type-7 quantiles */
};
/* Descriptives of s with a conf-level (e.g. 0.95) t interval for the mean.
 * n = 0: NUM_NA "no observations".  n = 1: NUM_OK with mean, min..max set
 * and var/sd/se/CI NaN.  sd = 0: NUM_OK with sd = 0 and CI NaN (R: t.test
 * stops with "data are essentially constant"). */
int num_describe(const struct wsample *s, double conf, struct num_desc *out);
/* The type-7 quantile of s at probability p in [0,1] (R: quantile(x, p,
 * type = 7)).  NaN when n = 0 or p outside [0,1]. */
double num_quantile(const struct wsample *s, double p);
/* Moments only: n, mean and variance (NaN when n < 2), by the corrected
 * two-pass formulas above.  Returns n. */
double num_moments(const struct wsample *s, double *mean, double *var);

/* ---------------------------------------------------------------------
 * 2-3. Intervals and t tests
 * --------------------------------------------------------------------- */
struct num_interval {
	enum num_status status;
	const char *reason;
	double est;
	double lo;
	double hi;
};

/* Wilson score interval for x successes out of n (Wilson 1927; R:
 * prop.test(x, n, correct = FALSE)$conf.int):
 *   z = qnorm(1 - (1-conf)/2), p = x/n,
 *   centre = (p + z^2/(2n)) / (1 + z^2/n),
 *   half   = z sqrt(p(1-p)/n + z^2/(4n^2)) / (1 + z^2/n),
 *   bounds clamped to [0, 1].
 * n = 0: NUM_NA.  x outside [0, n]: NUM_NA. */
int num_wilson(double x, double n, double conf, struct num_interval *out);

/* Result of a hypothesis test. */
struct num_test {
	enum num_status status;
	const char *reason;
	double stat;      /* t, V, W or chi-square */
	double df;        /* degrees of freedom (t, chi-square); NaN for rank tests */
	double p;         /* two-sided p-value */
	double p_less;    /* one-sided: first < second (or location < mu) */
	double p_greater; /* one-sided: first > second (or location > mu) */
	double est;       /* estimate: mean difference, or NaN for rank tests */
	double ci_lo;     /* conf-level CI of est (t tests); NaN otherwise */
	double ci_hi;
	double n;         /* observations used (rank tests: after dropping zeros) */
	double z;         /* rank tests: continuity-corrected z of the normal
	                   * approximation (two-sided correction); NaN when exact */
	int exact;        /* rank tests: 1 when the exact distribution was used */
	int ties;         /* rank tests: 1 when ranks were tied */
	int zeros;        /* signed rank: 1 when zero differences were dropped */
};

/* Welch two-sample t test from summary statistics (Welch 1947;
 * R: t.test(x, y, var.equal = FALSE)):
 *   se^2 = s1^2/n1 + s2^2/n2,  t = (m1 - m2)/se,
 *   df = se^4 / ((s1^2/n1)^2/(n1-1) + (s2^2/n2)^2/(n2-1))
 *        (Welch-Satterthwaite),
 *   p = 2 Q_t(|t|; df),  CI = (m1 - m2) -+ t(1-(1-conf)/2; df) se.
 * n1 < 2 or n2 < 2: NUM_NA "not enough observations";
 * se = 0: NUM_NA "data are essentially constant" (as R). */
int num_welch_t(double m1, double s1, double n1, double m2, double s2, double n2,
		double conf, struct num_test *out);

/* One-sample t test of mean = mu from summary statistics; the paired t
 * test is this on the differences (Student 1908; R: t.test(x, y,
 * paired = TRUE) == t.test(x - y)):
 *   t = (m - mu)/(s/sqrt(n)), df = n - 1, p = 2 Q_t(|t|; df),
 *   CI = m -+ t(1-(1-conf)/2; n-1) s/sqrt(n)  (est = m, CI of the mean).
 * n < 2: NUM_NA "not enough observations"; s = 0: NUM_NA "data are
 * essentially constant". */
int num_t_one(double m, double s, double n, double mu, double conf,
	      struct num_test *out);

/* ---------------------------------------------------------------------
 * 4-5. Rank tests, exactly as R 4.2.2's wilcox.test defaults
 *      (correct = TRUE, exact = NULL).
 * --------------------------------------------------------------------- */

/* Wilcoxon signed-rank test on a count table of paired differences d
 * (e.g. after - before), H0: distribution of d symmetric about 0
 * (Wilcoxon 1945; R 4.2: wilcox.test(x, y, paired = TRUE)):
 *   zeros are dropped (n = number of non-zero differences);
 *   ranks r = midranks of |d| (computed from the counts);
 *   V = sum of ranks of positive d;
 *   exact when n < 50, no tied |d| and no zeros: distribution of V by
 *     R's csignrank recursion (src/nmath/signrank.c),
 *     p = min(1, 2 P(V <= v)) or min(1, 2 P(V >= v)) by the side of n(n+1)/4;
 *   otherwise normal approximation:
 *     z = (V - n(n+1)/4 - corr) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48),
 *     t = sizes of tie groups of |d|, corr = 0.5 sign(V - n(n+1)/4)
 *     (two-sided), +0.5 (greater), -0.5 (less).
 * stat = V, n = non-zero count, p_greater: d tends to be > 0.
 * All differences zero (n = 0) or n(n+1)(2n+1)/24 = sum(t^3-t)/48:
 * NUM_NA "all differences are zero" (R returns NaN).
 * Note: R >= 4.6 changed the treatment of ties and zeros; this is 4.2. */
int num_signrank(const struct wsample *d, struct num_test *out);

/* Matched-pairs rank-biserial correlation from the signed-rank V and n
 * (Kerby 2014, "simple difference formula"): r = (T+ - T-)/(T+ + T-) =
 * 4V/(n(n+1)) - 1, with T+ = V and T+ + T- = n(n+1)/2 (midranks sum to
 * the same total).  Positive when the differences tend to be positive.
 * NaN when n = 0. */
double num_rank_biserial_paired(double v, double n);

/* Wilcoxon rank-sum / Mann-Whitney test of two count tables x and y
 * (Wilcoxon 1945, Mann & Whitney 1947; R 4.2: wilcox.test(x, y)):
 *   midranks over the merged value grid from the counts,
 *   W = (sum of ranks of x) - n1(n1+1)/2  (= #{x_i > y_j} + #{ties}/2),
 *   exact when n1 < 50, n2 < 50 and no ties: distribution of W by R's
 *     cwilcox recursion (src/nmath/wilcox.c), two-sided as above around
 *     n1 n2 / 2;
 *   otherwise z = (W - n1 n2/2 - corr) /
 *     sqrt(n1 n2/12 ((n1+n2+1) - sum(t^3 - t)/((n1+n2)(n1+n2-1)))).
 * stat = W, n = n1 + n2, p_greater: x tends to be larger than y.
 * n1 = 0 or n2 = 0: NUM_NA "not enough observations"; all values equal:
 * NUM_NA "data are essentially constant" (R returns NaN). */
int num_ranksum(const struct wsample *x, const struct wsample *y, struct num_test *out);

/* Rank-biserial correlation for two independent samples from W
 * (Cureton 1956; Kerby 2014): r = 1 - 2W/(n1 n2).  Sign convention:
 * positive when the SECOND sample (y) tends to be larger, i.e. when x is
 * the baseline and y the follow-up, positive = increase.  NaN when
 * n1 n2 = 0. */
double num_rank_biserial(double w, double n1, double n2);

/* Exact distribution helpers (exposed for tests and for callers that want
 * one-sided values): R's psignrank(q, n, lower.tail) and pwilcox(q, m, n,
 * lower.tail).  n <= 1000 for psignrank, m, n <= 100 for pwilcox (memory
 * about max(m,n) min(m,n)^2 / 2 doubles); NaN beyond. */
double num_psignrank(double q, int n, int lower_tail);
double num_pwilcox(double q, int m, int n, int lower_tail);

/* ---------------------------------------------------------------------
 * 6. Noncentral t
 * --------------------------------------------------------------------- */

/* CDF of the noncentral t distribution with df > 0 degrees of freedom and
 * noncentrality ncp, lower tail P(T <= t) or upper tail (R's pnt:
 * Lenth 1989, AS 243, with R's changes in src/nmath/pnt.c: reflection for
 * t < 0, normal approximation for df > 4e5 or ncp^2 > 2 log(DBL_MAX)
 * (ncp > 37.62), series to errmax 1e-12 with at most 1000 terms).
 * ncp = 0 gives the central t (as num_p_t2).  Agrees with R's pt(q, df,
 * ncp) to ~1e-15; like R's, the upper tail is 1 - lower (absolute, not
 * relative, accuracy far out in that tail).  NaN for df <= 0 or NaN. */
double num_pnt(double t, double df, double ncp, int lower_tail);

/* Confidence interval for the noncentrality parameter given an observed
 * t and df (Steiger & Fouladi 1997; Cumming & Finch 2001):
 *   lo solves P(T <= t | df, lo) = 1 - (1-conf)/2,
 *   hi solves P(T <= t | df, hi) = (1-conf)/2,
 * by bracketing and Brent-style root finding (GSL gsl_root_fsolver_brent)
 * on ncp; pnt is decreasing in ncp.  Returns NUM_OK or NUM_NA (df <= 0,
 * non-finite t, or no root found). */
int num_ncp_ci(double t, double df, double conf, double *lo, double *hi);

/* ---------------------------------------------------------------------
 * 7. Standardised effect sizes
 * --------------------------------------------------------------------- */
struct num_effect {
	enum num_status status;
	const char *reason;
	double d;   /* uncorrected standardised difference */
	double g;   /* small-sample corrected: g = J d */
	double J;   /* correction factor used */
	double lo;  /* conf-level CI for the corrected effect (g) */
	double hi;
	double d_lo;  /* the same CI for the uncorrected effect (d) */
	double d_hi;
};

/* Hedges' exact small-sample correction (Hedges 1981, eq. 6e):
 *   J(df) = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)),
 * computed with lgamma; approximately 1 - 3/(4 df - 1).  NaN for df <= 1. */
double num_hedges_j(double df);

/* Hedges' g for two independent groups, first minus second (Hedges 1981;
 * Hedges & Olkin 1985):
 *   sp = sqrt(((n1-1)s1^2 + (n2-1)s2^2)/(n1+n2-2)),  d = (m1-m2)/sp,
 *   df = n1+n2-2, g = J(df) d  (exact gamma-ratio J).
 * CI: t = d / sqrt(1/n1 + 1/n2); the noncentral-t interval [l, u] for
 * ncp at df (num_ncp_ci) gives d in [l, u] sqrt(1/n1 + 1/n2) (Steiger &
 * Fouladi 1997; Cumming & Finch 2001); g's interval is J times that
 * (as R's effectsize::hedges_g).
 * n1 < 2, n2 < 2: NUM_NA; sp = 0: NUM_NA "data are essentially constant". */
int num_hedges_g(double m1, double s1, double n1, double m2, double s2, double n2,
		 double conf, struct num_effect *out);

/* Paired standardised mean change d_z = mean(d)/sd(d) (Cohen 1988;
 * Lakens 2013, eq. 6), d the paired differences, df = n-1, g = J(n-1) d.
 * CI: t = d_z sqrt(n); noncentral-t interval for ncp at df = n-1, divided
 * by sqrt(n) (Steiger & Fouladi 1997).  n < 2: NUM_NA; sd = 0: NUM_NA
 * "data are essentially constant". */
int num_dz(double mean_d, double sd_d, double n, double conf, struct num_effect *out);

/* Paired standardised mean change on the average SD, Lakens' (2013,
 * eq. 10) d_av = (m1 - m2) / ((s1 + s2)/2), g_av = J(n-1) d_av, where
 * m1, s1 / m2, s2 are the means and SDs of the two paired waves and
 * sd_d the SD of the n paired differences (m1 - m2 = mean difference).
 * CI (Algina & Keselman 2003, dependent-samples approximation): the
 * noncentral-t interval [l, u] for the paired t = (m1-m2)/(sd_d/sqrt(n))
 * at df = n-1 is rescaled to the d_av metric,
 *   d_av in [l, u] sd_d / (sqrt(n) (s1+s2)/2),
 * and g_av's interval is J times that.  n < 2: NUM_NA; s1 + s2 = 0 or
 * sd_d = 0: NUM_NA "data are essentially constant". */
int num_gav(double m1, double s1, double m2, double s2, double sd_d, double n,
	    double conf, struct num_effect *out);

/* ---------------------------------------------------------------------
 * 8-9. Paired and independent proportions
 *
 * 2x2 paired table:  a = yes/yes, b = yes (first) / no (second),
 *                    c = no / yes, d = no / no.
 * --------------------------------------------------------------------- */

/* McNemar test with continuity correction (McNemar 1947; R:
 * mcnemar.test(matrix(c(a, c, b, d), 2))):
 *   chi2 = (|b - c| - 1)^2 / (b + c), df = 1, p = Q_chi2(chi2; 1);
 *   as R, the correction is applied only when b != c (b = c: chi2 = 0).
 * est = (b - c)/n, the difference of the two proportions of "yes"
 * (first minus second); n = a + b + c + d; p_less/p_greater are NaN.
 * b + c = 0: NUM_NA "no discordant pairs" (R returns NaN). */
int num_mcnemar(double a, double b, double c, double d, struct num_test *out);

/* Newcombe's hybrid score interval for p1 - p2 of two independent
 * proportions, p1 = x1/n1, p2 = x2/n2 (Newcombe 1998a, method 10):
 *   [l1,u1], [l2,u2] Wilson intervals (no continuity correction),
 *   lo = p1 - p2 - sqrt((p1-l1)^2 + (u2-p2)^2),
 *   hi = p1 - p2 + sqrt((u1-p1)^2 + (p2-l2)^2).
 * n1 = 0 or n2 = 0: NUM_NA. */
int num_newcombe_diff(double x1, double n1, double x2, double n2, double conf,
		      struct num_interval *out);

/* Newcombe's square-and-add interval for the paired difference
 * p1 - p2 = (b - c)/n of a 2x2 table, n = a+b+c+d (Newcombe 1998b,
 * method 10, with the phi correction):
 *   [l1,u1] Wilson for (a+b)/n, [l2,u2] Wilson for (a+c)/n,
 *   A = (a+b)(c+d)(a+c)(b+d), phi = 0 if A = 0, else
 *   phi = (ad - bc)/sqrt(A), and when ad > bc, phi uses max(ad - bc - n/2, 0)
 *   in place of ad - bc (the continuity-corrected phi*),
 *   dl = sqrt((p1-l1)^2 - 2 phi (p1-l1)(u2-p2) + (u2-p2)^2),
 *   du = sqrt((u1-p1)^2 - 2 phi (u1-p1)(p2-l2) + (p2-l2)^2),
 *   lo = p1 - p2 - dl, hi = p1 - p2 + du.
 * n = 0: NUM_NA. */
int num_newcombe_paired(double a, double b, double c, double d, double conf,
			struct num_interval *out);

/* ---------------------------------------------------------------------
 * The Net Promoter Score (num_nps.c)
 * ---------------------------------------------------------------------
 * Of a 0-10 item: promoters answer 9 or 10, detractors 0 to 6, passives
 * 7 or 8; NPS = 100 (promoters - detractors)/n, on -100..100.  Each
 * returns NUM_NA with "no observations" for an empty sample; the
 * interval of an NPS is cut at -100 and 100, that of a change (the
 * difference of two NPS) at -200 and 200. */

/* One sample of n answers, xp promoters and xd detractors: est the NPS;
 * [lo, hi] the adjusted Wald interval (Rocks 2016): 3/4 added to xp and
 * to xd and 3 to n, centred on the adjusted NPS, with the variance
 * pp + pd - (pp - pd)^2 of the adjusted proportions over n + 3. */
int num_nps(double xp, double xd, double n, double conf, struct num_interval *out);

/* The difference NPS(1) - NPS(2) of two independent samples with its
 * Wald interval, Var = V1/n1 + V2/n2, V = pp + pd - (pp - pd)^2; NUM_NA
 * "data are essentially constant" when the variance is 0. */
int num_nps_diff(double xp1, double xd1, double n1, double xp2, double xd2, double n2, double conf,
		 struct num_interval *out);

/* The paired change NPS(later) - NPS(base) of a 3 x 3 table of pairs,
 * t[i][j] = pairs in class i at baseline and class j later (0 detractor,
 * 1 passive, 2 promoter): est = 100 mean(d), d = j - i; Wald interval with
 * the multinomial variance (sum p_ij d_ij^2 - (sum p_ij d_ij)^2)/n;
 * NUM_NA "data are essentially constant" when it is 0. */
int num_nps_paired(const double t[3][3], double conf, struct num_interval *out);

/* ---------------------------------------------------------------------
 * 10. Cronbach's alpha
 * --------------------------------------------------------------------- */
struct num_alpha {
	enum num_status status;
	const char *reason;
	double alpha;
	double lo, hi;   /* Feldt interval (NaN when n is not given) */
	double n;        /* listwise-complete respondents */
	size_t k;        /* items */
};

/* Sample covariance matrix from sums over n listwise-complete respondents:
 * s[i] = sum x_i, ss[i*k+j] = sum x_i x_j (the full k x k matrix):
 *   cov[i][j] = (ss[i][j] - s[i] s[j]/n) / (n - 1),
 * evaluated as (n ss[i][j] - s[i] s[j]) / (n (n-1)): with integer item
 * scores both products are exact while below 2^53 (scores up to 100 and
 * n up to 10^5, say), so only the final division rounds.  cov is k*k,
 * caller-owned.  Returns NUM_NA when n < 2. */
int num_cov_from_sums(size_t k, double n, const double *s, const double *ss, double *cov);

/* Cronbach's alpha from a k x k covariance matrix (Cronbach 1951):
 *   alpha = k/(k-1) (1 - sum_i cov[i][i] / sum_ij cov[i][j]).
 * With n > 1 the Feldt interval at level conf (Feldt, Woodruff & Salih
 * 1987): with df1 = n-1, df2 = (n-1)(k-1),
 *   lo = 1 - (1-alpha) F(1-(1-conf)/2; df1, df2),
 *   hi = 1 - (1-alpha) F((1-conf)/2; df1, df2)
 * (F quantiles from GSL gsl_cdf_fdist_Pinv).  Pass n = 0 to skip it.
 * k < 2: NUM_NA "fewer than two items"; total variance 0: NUM_NA "data
 * are essentially constant". */
int num_alpha_cov(const double *cov, size_t k, double n, double conf, struct num_alpha *out);

/* Item analysis from the covariance matrix: for each item i,
 *   alpha_drop[i] = alpha of the k-1 other items (alpha if item deleted),
 *   r_drop[i] = corrected item-total correlation, the correlation of item
 *     i with the sum of the other items:
 *     (sum_{j != i} cov[i][j]) / sqrt(cov[i][i] var(rest)),
 *     var(rest) = sum_{j,l != i} cov[j][l]
 *   (as psych::alpha's r.drop).  Arrays of k, caller-owned; entries are
 *   NaN where undefined (k < 3 for alpha_drop, zero variance).
 * Returns NUM_NA when k < 2. */
int num_alpha_items(const double *cov, size_t k, double *alpha_drop, double *r_drop);

/* ---------------------------------------------------------------------
 * 11. Multiple-testing adjustment
 * --------------------------------------------------------------------- */
enum num_padjust {
	NUM_PADJ_HOLM,  /* Holm 1979 */
	NUM_PADJ_BH     /* Benjamini & Hochberg 1995 */
};
/* Adjusted p-values exactly as R's p.adjust(p, method) with n = the
 * number of non-NaN entries; NaN entries stay NaN and do not count in the
 * family (R: p.adjust with NA).
 *   Holm: sort ascending, q_(i) = min(1, cummax((n - i + 1) p_(i))).
 *   BH:   sort descending, q_(i) = min(1, cummin(n/i p_(i))).
 * out may equal p (in place).  Returns the family size. */
size_t num_p_adjust(const double *p, size_t n, enum num_padjust method, double *out);

/* ---------------------------------------------------------------------
 * 12. Bootstrap of a mean change from count tables
 *
 * Resampling: a resample of a count table with n observations is a
 * multinomial draw of n over its m cells with probabilities w_i/n
 * (gsl_ran_multinomial, gsl_rng_mt19937 seeded with seed; equivalent to
 * resampling the n observations with replacement).  Same seed, same data,
 * same B -> identical numbers.
 *   paired:      theta = mean of the paired differences d; one table.
 *   independent: theta = mean(x) - mean(y), each table resampled on its own.
 * Intervals from the B resampled theta*:
 *   percentile: type-7 quantiles of theta* at (1-conf)/2, (1+conf)/2
 *     (Efron 1979; Efron & Tibshirani 1993, ch. 13);
 *   BCa (Efron 1987; DiCiccio & Efron 1996):
 *     z0 = Phi^-1((#{theta* < theta} + #{theta* = theta}/2) / B)
 *       (ties split in half because means of count tables tie often;
 *       theta* = theta when they differ by less than 1024 eps max|x|;
 *       R's boot.ci counts only theta* < theta),
 *     a from the jackknife per distinct value, weighted by its count:
 *       U_i = (n_s - 1)(mean of jackknife values - theta_(i)) in sample s,
 *       which for a mean is x_i - mean(x) (for y in mean(x) - mean(y): -U),
 *       a = sum_s sum_i w_i U_i^3 / n_s^3 / (6 (sum_s sum_i w_i U_i^2 / n_s^2)^(3/2))
 *       (one sample: a = sum w U^3 / (6 (sum w U^2)^(3/2)), as boot's
 *       bca.ci with empinf(type = "jack"); several samples: each sample's
 *       influence values scaled by 1/n_s as in the stratified variance
 *       v_L = sum_s n_s^-2 sum_i U_i^2 of Davison & Hinkley 1997, sec. 3.2;
 *       boot's bca.ci leaves them unscaled, which agrees when n1 = n2),
 *     alpha_j = Phi(z0 + (z0 + z_j)/(1 - a (z0 + z_j))), z_j = Phi^-1 of
 *     (1-conf)/2 and (1+conf)/2, bounds = type-7 quantiles at alpha_j.
 *   BCa bounds are NaN (status still NUM_OK) when z0 is infinite (all
 *   resamples on one side) or a is undefined; bca_reason says why.
 * --------------------------------------------------------------------- */
struct num_boot {
	enum num_status status;
	const char *reason;
	double est;          /* theta on the observed data */
	double perc_lo, perc_hi;
	double bca_lo, bca_hi;
	const char *bca_reason;  /* NULL when the BCa bounds are set */
	double z0, a;
	double se;           /* SD of the resampled theta* */
	size_t B;            /* resamples drawn */
	uint64_t seed;       /* seed used */
};

/* Paired: theta = mean of the differences in d.  B >= 2.  When draws is
 * not NULL it receives the B resampled theta* in draw order (caller
 * allocates B doubles).  n < 2: NUM_NA "not enough observations"; all
 * differences equal: NUM_NA "data are essentially constant".  Memory is
 * O(B + m); time O(B m). */
int num_boot_paired(const struct wsample *d, size_t B, uint64_t seed, double conf,
		    double *draws, struct num_boot *out);

/* Independent: theta = mean(x) - mean(y) (first minus second), each
 * table resampled separately (stratified bootstrap) from one generator:
 * per replicate, first x's multinomial draw, then y's.  Same contract as
 * num_boot_paired; n1 < 2 or n2 < 2: NUM_NA. */
int num_boot_indep(const struct wsample *x, const struct wsample *y, size_t B,
		   uint64_t seed, double conf, double *draws, struct num_boot *out);

/* ---------------------------------------------------------------------
 * Distribution helpers shared with the stats stage
 * --------------------------------------------------------------------- */
/* Two-sided p-value of a standard normal z: 2 Q(|z|), computed from the
 * upper tail (R: 2 * pnorm(-abs(z))) by Cody's algorithm (GSL), which is
 * R's: positive down to |z| = 37.519, 0 beyond, exactly where R 4.2's
 * pnorm is (2 * pnorm(-38) is 0 in R).  NaN for NaN. */
double num_p_norm2(double z);
/* Two-sided p-value of a t statistic: 2 Q_t(|t|; df) (R: 2*pt(-abs(t), df)),
 * from the incomplete beta function I_x(df/2, 1/2), x = df/(df + t^2), as
 * R's pt; positive down to the smallest subnormal where R's is.  Agrees
 * with R to 1e-11 relative for df <= 1e5 and 1e-9 up to df = 1e7 (the
 * continued fraction loses digits when df/2 is huge). */
double num_p_t2(double t, double df);

#endif
