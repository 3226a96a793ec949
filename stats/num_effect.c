/* num_effect.c: noncentral t distribution, its inversion in the noncentrality, and standardised effect sizes. */
#include "numerics.h"
#include "num_internal.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

/* ---- noncentral t ---- */

/* Lenth (1989), algorithm AS 243, as R's pnt (src/nmath/pnt.c) runs it:
 * P(T <= t) = Phi(-delta) + sum_j [p_j I_x(j + 1/2, df/2) + q_j I_x(j + 1, df/2)]
 * with x = t^2/(t^2 + df), p_j = e^{-delta^2/2} (delta^2/2)^j / (2 j!),
 * q_j = delta e^{-delta^2/2} (delta^2/2)^j / (sqrt(2) Gamma(j + 3/2)),
 * summed by the recurrences of Guenther (1978) until the error bound
 * 2 s (xodd - godd) drops below 1e-12 (at most 1000 terms).  R's changes
 * kept here: t < 0 by reflection (delta -> -delta, tails swapped); the
 * left tail is 0 when t < 0 and delta > 40; a normal approximation
 * (Abramowitz & Stegun 26.7.10) when df > 4e5 or delta^2 > 2 log(2) 1021;
 * 1 - x computed as df/(t^2 + df); s = 1/2 - p by expm1 when small; long
 * double accumulators. */
double num_pnt(double t, double df, double ncp, int lower_tail)
{
	if (isnan(t) || isnan(df) || isnan(ncp) || !(df > 0))
		return NAN;
	if (ncp == 0)
		return lower_tail ? num_t_Q(-t, df) : num_t_Q(t, df);
	if (isinf(t))
		return (t < 0) == (lower_tail != 0) ? 0 : 1;

	int negdel;
	double tt, del;
	if (t >= 0) {
		negdel = 0;
		tt = t;
		del = ncp;
	} else {
		if (ncp > 40)
			return lower_tail ? 0 : 1;
		negdel = 1;
		tt = -t;
		del = -ncp;
	}
	int lower = (lower_tail != 0) != negdel;

	if (df > 4e5 || del * del > 2 * NUM_LN2 * -(DBL_MIN_EXP)) {
		double s = 1 / (4 * df);
		double z = (tt * (1 - s) - del) / sqrt(1 + tt * tt * 2 * s);
		return lower ? gsl_cdf_ugaussian_P(z) : gsl_cdf_ugaussian_Q(z);
	}

	double x = t * t;
	double rxb = df / (x + df);  /* 1 - x, accurately */
	x = x / (x + df);
	long double tnc;
	if (x > 0) {
		double lambda = del * del;
		long double p = 0.5 * exp(-0.5 * lambda);
		if (p == 0)  /* underflow: |delta| too large for the series */
			return lower ? 0 : 1;
		long double q = sqrt(2 / NUM_PI) * p * del;
		long double s = 0.5L - p;
		if (s < 1e-7)
			s = -0.5 * expm1(-0.5 * lambda);
		double a = 0.5, b = 0.5 * df;
		rxb = pow(rxb, b);
		double albeta = 0.5 * log(NUM_PI) + gsl_sf_lngamma(b) - gsl_sf_lngamma(0.5 + b);
		long double xodd = gsl_cdf_beta_P(x, a, b);
		long double godd = 2 * rxb * exp(a * log(x) - albeta);
		double bx = b * x;
		long double xeven = bx < DBL_EPSILON ? bx : 1 - rxb;
		long double geven = bx * rxb;
		tnc = p * xodd + q * xeven;
		for (int it = 1; it <= 1000; it++) {
			a += 1;
			xodd -= godd;
			xeven -= geven;
			godd *= x * (a + b - 1) / a;
			geven *= x * (a + b - 0.5) / (a + 0.5);
			p *= lambda / (2 * it);
			q *= lambda / (2 * it + 1);
			tnc += p * xodd + q * xeven;
			s -= p;
			if (s < -1e-10)  /* rounding has eaten the remainder */
				break;
			if (s <= 0 && it > 1)
				break;
			double errbd = (double)(2 * s * (xodd - godd));
			if (fabs(errbd) < 1e-12)
				break;
		}
	} else {
		tnc = 0;
	}
	tnc += gsl_cdf_ugaussian_P(-del);
	double r = tnc < 1 ? (double)tnc : 1;
	return lower ? r : 0.5 - r + 0.5;
}

/* ---- inversion in the noncentrality ---- */

/* The values of num_pnt(t, df, ncp, 1) worked out for one interval, kept
 * for the ncp seen again: Brent's start evaluates the ends the bracket
 * search has just evaluated, and both ends of an interval start from
 * ncp = t.  A value read here is the value num_pnt gives, so the roots
 * are the same; at 10^6 respondents per wave this skips a fifth of the
 * series' terms. */
enum { NCP_MEMO = 32 };

struct ncp_goal {
	double t, df, target;
	double ncp[NCP_MEMO], p[NCP_MEMO];
	int n, next; /* entries held; the one to replace next */
};

static double ncp_pnt(struct ncp_goal *g, double ncp)
{
	for (int i = 0; i < g->n; i++)
		if (g->ncp[i] == ncp) /* 0 and -0 alike: num_pnt treats them so */
			return g->p[i];
	double p = num_pnt(g->t, g->df, ncp, 1);
	g->ncp[g->next] = ncp;
	g->p[g->next] = p;
	g->next = (g->next + 1) % NCP_MEMO;
	if (g->n < NCP_MEMO)
		g->n++;
	return p;
}

static double ncp_f(double ncp, void *arg)
{
	struct ncp_goal *g = arg;
	return ncp_pnt(g, ncp) - g->target;
}

/* The ncp at which P(T <= t | df, ncp) = g->target (g->t, g->df); f is
 * decreasing in ncp. */
static int ncp_solve(struct ncp_goal *g, double *root)
{
	double t = g->t;
	double a = t, fa = ncp_f(a, g);
	if (isnan(fa))
		return NUM_NA;
	if (fa == 0) {
		*root = a;
		return NUM_OK;
	}
	/* Bracket: walk away from t in the direction that changes the sign,
	 * doubling the step. */
	double step = 1 + fabs(t) / 8, b = a, fb = fa;
	int k;
	for (k = 0; k < 200; k++) {
		b = fa > 0 ? a + step : a - step;
		fb = ncp_f(b, g);
		if (isnan(fb))
			return NUM_NA;
		if ((fa > 0) != (fb > 0) || fb == 0)
			break;
		a = b;
		fa = fb;
		step *= 2;
	}
	if (k == 200)
		return NUM_NA;
	if (fb == 0) {
		*root = b;
		return NUM_OK;
	}
	double lo = fmin(a, b), hi = fmax(a, b);
	gsl_function F = { ncp_f, g };
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	if (!s)
		return NUM_NA;
	int rc = NUM_NA;
	if (gsl_root_fsolver_set(s, &F, lo, hi) == GSL_SUCCESS) {
		for (int it = 0; it < 300; it++) {
			if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
				break;
			double l = gsl_root_fsolver_x_lower(s), h = gsl_root_fsolver_x_upper(s);
			if (gsl_root_test_interval(l, h, 1e-14, 1e-13) == GSL_SUCCESS) {
				*root = gsl_root_fsolver_root(s);
				rc = NUM_OK;
				break;
			}
		}
	}
	gsl_root_fsolver_free(s);
	return rc;
}

int num_ncp_ci(double t, double df, double conf, double *lo, double *hi)
{
	num_gsl_init();
	*lo = *hi = NAN;
	if (!isfinite(t) || !(df > 0) || !num_conf_ok(conf))
		return NUM_NA;
	double alpha = 1 - conf;
	/* Steiger & Fouladi (1997): lo has t at its upper alpha/2 point. */
	struct ncp_goal g = { .t = t, .df = df, .target = 1 - alpha / 2 };
	int rc = ncp_solve(&g, lo);
	g.target = alpha / 2;
	if (rc != NUM_OK || ncp_solve(&g, hi) != NUM_OK) {
		*lo = *hi = NAN;
		return NUM_NA;
	}
	return NUM_OK;
}

/* ---- effect sizes ---- */

double num_hedges_j(double df)
{
	/* Hedges (1981), eq. 6e: Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)),
	 * the Gamma ratio taken without a difference of two large lgammas */
	if (!(df > 1))
		return NAN;
	return exp(num_ln_gamma_half_ratio((df - 1) / 2)) / sqrt(df / 2);
}

static void effect_na(struct num_effect *out, const char *reason)
{
	out->status = NUM_NA;
	out->reason = reason;
	out->d = out->g = out->J = out->lo = out->hi = out->d_lo = out->d_hi = NAN;
}

/* NUM_OK when the confidence level is usable and there are enough
 * observations; else NUM_NA with the reason in out. */
static int effect_args(double conf, int enough, struct num_effect *out)
{
	if (!num_conf_ok(conf)) {
		effect_na(out, "invalid confidence level");
		return NUM_NA;
	}
	if (!enough) {
		effect_na(out, res_reason_text(RES_WHY_NOT_ENOUGH));
		return NUM_NA;
	}
	return NUM_OK;
}

/* d = t scale with its noncentral-t interval, corrected by J(df). */
static int effect_finish(double d, double scale, double df, double conf,
			 struct num_effect *out)
{
	double l, u;
	out->status = NUM_OK;
	out->reason = NULL;
	out->d = d;
	out->J = num_hedges_j(df);
	out->g = out->J * d;
	if (num_ncp_ci(d / scale, df, conf, &l, &u) != NUM_OK) {
		double g = out->g, J = out->J;
		effect_na(out, res_reason_text(RES_WHY_CI_NOT_FOUND));
		/* keep the point estimates: only the interval failed */
		out->status = NUM_OK;
		out->d = d;
		out->g = g;
		out->J = J;
		return NUM_OK;
	}
	out->d_lo = l * scale;
	out->d_hi = u * scale;
	out->lo = out->J * out->d_lo;
	out->hi = out->J * out->d_hi;
	return NUM_OK;
}

int num_hedges_g(double m1, double s1, double n1, double m2, double s2, double n2,
		 double conf, struct num_effect *out)
{
	num_gsl_init();
	if (effect_args(conf, n1 >= 2 && n2 >= 2, out) != NUM_OK)
		return NUM_NA;
	if (!isfinite(m1) || !isfinite(m2) || !(s1 >= 0) || !(s2 >= 0)) {
		effect_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	double df = n1 + n2 - 2;
	/* pooled SD (Hedges & Olkin 1985) */
	double sp = sqrt(((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / df);
	if (!(sp > 0)) {
		effect_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	return effect_finish((m1 - m2) / sp, sqrt(1 / n1 + 1 / n2), df, conf, out);
}

int num_dz(double mean_d, double sd_d, double n, double conf, struct num_effect *out)
{
	num_gsl_init();
	if (effect_args(conf, n >= 2, out) != NUM_OK)
		return NUM_NA;
	if (!isfinite(mean_d) || !(sd_d >= 0)) {
		effect_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	if (!(sd_d > 0)) {
		effect_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	/* Cohen (1988) d_z; t = d_z sqrt(n) */
	return effect_finish(mean_d / sd_d, 1 / sqrt(n), n - 1, conf, out);
}

int num_gav(double m1, double s1, double m2, double s2, double sd_d, double n,
	    double conf, struct num_effect *out)
{
	num_gsl_init();
	if (effect_args(conf, n >= 2, out) != NUM_OK)
		return NUM_NA;
	if (!isfinite(m1) || !isfinite(m2) || !(s1 >= 0) || !(s2 >= 0) || !(sd_d >= 0)) {
		effect_na(out, "invalid summary statistics");
		return NUM_NA;
	}
	double sav = (s1 + s2) / 2;
	if (!(sav > 0) || !(sd_d > 0)) {
		effect_na(out, res_reason_text(RES_WHY_CONSTANT));
		return NUM_NA;
	}
	/* Lakens (2013) eq. 10; interval: paired t = (m1-m2) sqrt(n)/sd_d and
	 * d_av = t sd_d/(sqrt(n) sav), the rescaling of Algina & Keselman (2003). */
	return effect_finish((m1 - m2) / sav, sd_d / (sqrt(n) * sav), n - 1, conf, out);
}
