/* num_rank.c: Wilcoxon signed-rank and rank-sum tests on count tables, as R 4.2's wilcox.test. */
#include "numerics.h"
#include "num_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#include "core/util.h"

/* ---- exact distributions ---- */

/* Number of subsets of {1..n} whose sum is k, for k = 0..c, into w[0..c]:
 * the recursion of R's csignrank (src/nmath/signrank.c), adding the
 * integers 1..n one at a time.  The distribution is symmetric around
 * n(n+1)/4, so c = floor(n(n+1)/4) suffices. */
static void signrank_counts(int n, double *w, int c)
{
	memset(w, 0, (size_t)(c + 1) * sizeof(*w));
	w[0] = 1;
	for (int j = 1; j <= n; j++) {
		int end = j * (j + 1) / 2 < c ? j * (j + 1) / 2 : c;
		for (int i = end; i >= j; i--)
			w[i] += w[i - j];
	}
}

double num_psignrank(double q, int n, int lower_tail)
{
	if (isnan(q) || n <= 0 || n > 1000)
		return NAN;
	/* As R's psignrank: q rounded with a 1e-7 fuzz, then the shorter tail summed. */
	double x = nearbyint(q + 1e-7);
	double u = (double)n * (n + 1) / 2;
	if (x < 0)
		return lower_tail ? 0 : 1;
	if (x >= u)
		return lower_tail ? 1 : 0;
	int c = (int)(u / 2);
	double *w = xmalloc((size_t)(c + 1) * sizeof(*w));
	signrank_counts(n, w, c);
	double f = exp(-n * NUM_LN2), p = 0;
	if (x <= u / 2) {
		for (int i = 0; i <= (int)x; i++)
			p += w[i <= c ? i : (int)u - i] * f;
	} else {
		x = u - x;
		for (int i = 0; i < (int)x; i++)
			p += w[i <= c ? i : (int)u - i] * f;
		lower_tail = !lower_tail;
	}
	free(w);
	return lower_tail ? p : 0.5 - p + 0.5;
}

/* Counts of the Mann-Whitney statistic for sample sizes (m, n): the number
 * of arrangements with W = k, k = 0..m n, into out[0..m n].  The recursion
 * of R's cwilcox (src/nmath/wilcox.c), f(i, j, k) = f(i-1, j, k-j) +
 * f(i, j-1, k) with f(i, 0, k) = f(0, j, k) = [k = 0], evaluated row by
 * row: rows[j] holds f(i, j, .) and is updated in place from the top. */
static void wilcox_counts(int m, int n, double *out)
{
	int big = m > n ? m : n, small = m > n ? n : m;
	double **rows = xcalloc((size_t)small + 1, sizeof(*rows));
	for (int j = 0; j <= small; j++) {
		rows[j] = xcalloc((size_t)big * j + 1, sizeof(**rows));
		rows[j][0] = 1;  /* f(0, j, .) */
	}
	for (int i = 1; i <= big; i++) {
		/* rows[0] stays [k = 0]; row j grows to degree i j */
		for (int j = 1; j <= small; j++) {
			double *r = rows[j], *left = rows[j - 1];
			int top = i * j, ltop = i * (j - 1);
			for (int k = top; k >= 0; k--) {
				double v = k >= j && k - j <= (i - 1) * j ? r[k - j] : 0;
				r[k] = v + (k <= ltop ? left[k] : 0);
			}
		}
	}
	memcpy(out, rows[small], ((size_t)m * n + 1) * sizeof(*out));
	for (int j = 0; j <= small; j++)
		free(rows[j]);
	free(rows);
}

double num_pwilcox(double q, int m, int n, int lower_tail)
{
	if (isnan(q) || m <= 0 || n <= 0 || m > 100 || n > 100)
		return NAN;
	/* As R's pwilcox: q = floor(q + 1e-7), the shorter tail summed with
	 * each count divided by choose(m + n, n). */
	double x = floor(q + 1e-7);
	double u = (double)m * n;
	if (x < 0)
		return lower_tail ? 0 : 1;
	if (x >= u)
		return lower_tail ? 1 : 0;
	double *w = xmalloc(((size_t)m * n + 1) * sizeof(*w));
	wilcox_counts(m, n, w);
	double c = gsl_sf_choose((unsigned)(m + n), (unsigned)n);
	double p = 0;
	if (x <= u / 2) {
		for (int i = 0; i <= (int)x; i++)
			p += w[i] / c;
	} else {
		x = u - x;
		for (int i = 0; i < (int)x; i++)
			p += w[i] / c;
		lower_tail = !lower_tail;
	}
	free(w);
	return lower_tail ? p : 0.5 - p + 0.5;
}

/* ---- normal approximation shared by both tests ---- */

/* z of R's wilcox.test with continuity correction: (s - mu - corr)/sigma,
 * corr = 0.5 sign(s - mu) (two-sided), +0.5 (greater), -0.5 (less). */
static void rank_normal(double s, double mu, double sigma, struct num_test *out)
{
	double d = s - mu;
	double corr = d > 0 ? 0.5 : d < 0 ? -0.5 : 0;
	double z = (d - corr) / sigma;
	double zg = (d - 0.5) / sigma, zl = (d + 0.5) / sigma;
	out->z = z;
	/* 2 min(P(Z <= z), P(Z > z)) from the upper tail of |z| */
	out->p = num_p_norm2(z);
	out->p_greater = num_norm_Q(zg);
	out->p_less = num_norm_Q(-zl);
}

/* ---- signed-rank test ---- */

int num_signrank(const struct wsample *d, struct num_test *out)
{
	const char *bad = num_check_sample(d);
	num_gsl_init();
	if (bad) {
		num_test_na(out, bad);
		return NUM_NA;
	}
	/* Zeros are dropped (R 4.2).  The non-zero |d| in ascending order
	 * come from merging the negative values read downwards with the
	 * positive values read upwards; equal magnitudes form one tie group. */
	size_t neg = 0;
	while (neg < d->m && d->x[neg] < 0)
		neg++;
	size_t pos = neg;
	int zeros = 0;
	while (pos < d->m && d->x[pos] == 0) {
		if (d->w[pos] > 0)
			zeros = 1;
		pos++;
	}
	double n = 0;
	for (size_t i = 0; i < d->m; i++)
		if (d->x[i] != 0)
			n += d->w[i];
	if (n == 0) {
		num_test_na(out, res_reason_text(RES_WHY_ZERO_DIFFERENCES));
		out->zeros = zeros;
		return NUM_NA;
	}
	size_t a = neg, b = pos;  /* a: next negative is x[a-1]; b: next positive is x[b] */
	double below = 0, v = 0, tie3 = 0;
	int ties = 0;
	while (a > 0 || b < d->m) {
		double mag, wn = 0, wp = 0;
		if (b >= d->m || (a > 0 && -d->x[a - 1] <= d->x[b]))
			mag = -d->x[a - 1];
		else
			mag = d->x[b];
		if (a > 0 && -d->x[a - 1] == mag)
			wn = d->w[--a];
		if (b < d->m && d->x[b] == mag)
			wp = d->w[b++];
		double t = wn + wp;
		if (t == 0)
			continue;
		double midrank = below + (t + 1) / 2;
		v += wp * midrank;
		if (t > 1) {
			ties = 1;
			tie3 += t * t * t - t;
		}
		below += t;
	}
	num_test_ok(out);
	out->stat = v;
	out->n = n;
	out->ties = ties;
	out->zeros = zeros;
	double mu = n * (n + 1) / 4;
	if (n < 50 && !ties && !zeros) {
		/* exact: R's psignrank */
		int nn = (int)n;
		out->exact = 1;
		out->p_less = num_psignrank(v, nn, 1);
		out->p_greater = num_psignrank(v - 1, nn, 0);
		double p = v > mu ? out->p_greater : out->p_less;
		out->p = 2 * p < 1 ? 2 * p : 1;
		return NUM_OK;
	}
	double sigma = sqrt(n * (n + 1) * (2 * n + 1) / 24 - tie3 / 48);
	if (!(sigma > 0)) {
		num_test_na(out, res_reason_text(RES_WHY_ZERO_DIFFERENCES));
		return NUM_NA;
	}
	rank_normal(v, mu, sigma, out);
	return NUM_OK;
}

double num_rank_biserial_paired(double v, double n)
{
	/* Kerby (2014): (T+ - T-)/(T+ + T-), T+ + T- = n(n+1)/2 */
	if (!(n > 0))
		return NAN;
	return 4 * v / (n * (n + 1)) - 1;
}

/* ---- rank-sum test ---- */

int num_ranksum(const struct wsample *x, const struct wsample *y, struct num_test *out)
{
	const char *bad = num_check_sample(x);
	if (!bad)
		bad = num_check_sample(y);
	num_gsl_init();
	if (bad) {
		num_test_na(out, bad);
		return NUM_NA;
	}
	double n1 = 0, n2 = 0;
	for (size_t i = 0; i < x->m; i++)
		n1 += x->w[i];
	for (size_t j = 0; j < y->m; j++)
		n2 += y->w[j];
	if (n1 == 0 || n2 == 0) {
		num_test_na(out, res_reason_text(RES_WHY_NOT_ENOUGH));
		return NUM_NA;
	}
	/* Midranks over the merged grid of values, from the counts. */
	size_t i = 0, j = 0;
	double below = 0, rx = 0, tie3 = 0;
	int ties = 0;
	while (i < x->m || j < y->m) {
		double v;
		if (j >= y->m || (i < x->m && x->x[i] <= y->x[j]))
			v = x->x[i];
		else
			v = y->x[j];
		double wx = 0, wy = 0;
		if (i < x->m && x->x[i] == v)
			wx = x->w[i++];
		if (j < y->m && y->x[j] == v)
			wy = y->w[j++];
		double t = wx + wy;
		if (t == 0)
			continue;
		rx += wx * (below + (t + 1) / 2);
		if (t > 1) {
			ties = 1;
			tie3 += t * t * t - t;
		}
		below += t;
	}
	double w = rx - n1 * (n1 + 1) / 2;
	num_test_ok(out);
	out->stat = w;
	out->n = n1 + n2;
	out->ties = ties;
	double mu = n1 * n2 / 2;
	if (n1 < 50 && n2 < 50 && !ties) {
		/* exact: R's pwilcox */
		out->exact = 1;
		out->p_less = num_pwilcox(w, (int)n1, (int)n2, 1);
		out->p_greater = num_pwilcox(w - 1, (int)n1, (int)n2, 0);
		double p = w > mu ? out->p_greater : out->p_less;
		out->p = 2 * p < 1 ? 2 * p : 1;
		return NUM_OK;
	}
	double N = n1 + n2;
	double sigma = sqrt((n1 * n2 / 12) * ((N + 1) - tie3 / (N * (N - 1))));
	if (!(sigma > 0)) {
		num_test_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	rank_normal(w, mu, sigma, out);
	return NUM_OK;
}

double num_rank_biserial(double w, double n1, double n2)
{
	/* Cureton (1956), Kerby (2014): r = 1 - 2W/(n1 n2); W counts pairs
	 * with x > y, so r > 0 when y (the second sample) tends to be larger. */
	if (!(n1 * n2 > 0))
		return NAN;
	return 1 - 2 * w / (n1 * n2);
}
