/* num_binom.c: binomial draws with constants kept per probability, the same draws as GSL's gsl_ran_binomial. */
#include "num_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* GSL 2.7 (randist/binomial_tpe.c) draws by inversion when n p < 14 and by
 * BTPE (Kachitvichyanukul & Schmeiser 1988) otherwise; its inversion stops
 * after 111 steps and starts again with a fresh uniform; BTPE evaluates
 * f(x)/f(m) by its recursion within 20 of the mode and by Stirling's
 * series beyond. */
#define BINOM_SMALL_MEAN 14
#define BINOM_INV_CUTOFF 110
#define BINOM_FAR_FROM_MEAN 20

void num_binom_init(struct num_binom *b, double p)
{
	b->p = p;
	b->flipped = p > 0.5;
	b->ps = b->flipped ? 1.0 - p : p;
	b->q = 1 - b->ps;
	b->s = b->ps / b->q;
	b->q46 = 4.6 * b->q;
	/* q^(2^j): the squares gsl_pow_uint forms on its way to q^n */
	double x = b->q;
	for (int j = 0; j < NUM_BINOM_SQUARES; j++) {
		b->sq[j] = x;
		x *= x;
	}
}

double num_binom_pow(const struct num_binom *b, unsigned n)
{
	double value = 1.0;
	for (; n; n &= n - 1)  /* the lowest set bit each time */
		value *= b->sq[__builtin_ctz(n)];
	return value;
}

/* The first terms of Stirling's series for ln Gamma(y) - (y - 1/2) ln y + y
 * - ln(2 pi)/2 (Abramowitz & Stegun 6.1.40), as GSL evaluates them. */
static inline double stirling(double y1)
{
	double y2 = y1 * y1;
	return (13860.0 - (462.0 - (132.0 - (99.0 - 140.0 / y2) / y2) / y2) / y2) / y1 / 166320.0;
}

/* BTPE's constants for n trials (Kachitvichyanukul & Schmeiser 1988, step
 * 0): the mode m, the triangle's half width p1 around xm = m + 1/2, its
 * edges xl and xr, the tails' rates and the cumulative areas p2..p4 of the
 * parallelogram and the two exponential tails. */
struct btpe {
	int m;
	double ffm, fm, xm, npq, p1, xl, xr, c, p2, lambda_l, lambda_r, p3, p4;
};

static inline void btpe_setup(const struct num_binom *b, double np, struct btpe *t)
{
	double p = b->ps, q = b->q;
	t->ffm = np + p;
	t->m = (int)t->ffm;
	t->fm = t->m;
	t->xm = t->fm + 0.5;
	t->npq = np * q;
	/* floor of a positive double below 2^63 by truncation, the same value
	 * (npq >= 14 q >= 7, so the argument is at least 2.195 sqrt 7 - 4.6) */
	t->p1 = (double)(int64_t)(2.195 * sqrt(t->npq) - b->q46) + 0.5;
	t->xl = t->xm - t->p1;
	t->xr = t->xm + t->p1;
	t->c = 0.134 + 20.5 / (15.3 + t->fm);
	t->p2 = t->p1 * (1.0 + t->c + t->c);
	double al = (t->ffm - t->xl) / (t->ffm - t->xl * p);
	t->lambda_l = al * (1.0 + 0.5 * al);
	double ar = (t->xr - t->ffm) / (t->xr * q);
	t->lambda_r = ar * (1.0 + 0.5 * ar);
	t->p3 = t->p2 + t->c / t->lambda_l;
	t->p4 = t->p3 + t->c / t->lambda_r;
}

/* 1 when v accepts ix, v <= f(ix)/f(m), -1 when it rejects ix, decided by
 * GSL's squeeze: the recursion f(x + 1)/f(x) = ((n + 1) s/(x + 1) - s)
 * near the mode, else log bounds when |ix - m| < npq/2 - 1 and Stirling's
 * series for ln f(ix)/f(m). */
static inline int btpe_accept(const struct num_binom *b, const struct btpe *t, unsigned n,
			      int ix, double v)
{
	int m = t->m;
	int k = abs(ix - m);
	double var, accept;
	if (k <= BINOM_FAR_FROM_MEAN) {
		double s = b->s;
		double g = (n + 1) * s;  /* unsigned n + 1, as GSL computes it */
		double f = 1.0;
		var = v;
		if (m < ix) {
			for (int i = m + 1; i <= ix; i++)
				f *= (g / i - s);
		} else if (m > ix) {
			for (int i = ix + 1; i <= m; i++)
				f /= (g / i - s);
		}
		accept = f;
	} else {
		var = log(v);
		if (k < t->npq / 2 - 1) {
			double amaxp = k / t->npq * ((k * (k / 3.0 + 0.625) + (1.0 / 6.0)) / t->npq + 0.5);
			/* GSL squares k in int, which wraps beyond 46 340 (the
			 * library's code takes the low 32 bits): the same value,
			 * without the undefined overflow */
			int kk = (int)((unsigned)k * (unsigned)k);
			double ynorm = -(kk / (2.0 * t->npq));
			if (var < ynorm - amaxp)
				return 1;
			if (var > ynorm + amaxp)
				return -1;
		}
		double x1 = ix + 1.0;
		double w1 = n - ix + 1.0;
		double f1 = t->fm + 1.0;
		double z1 = n + 1.0 - t->fm;
		accept = t->xm * log(f1 / x1) + (n - m + 0.5) * log(z1 / w1)
			 + (ix - m) * log(w1 * b->ps / (x1 * b->q))
			 + stirling(f1) + stirling(z1) - stirling(x1) - stirling(w1);
	}
	return var <= accept ? 1 : -1;
}

/* BTPE (Kachitvichyanukul & Schmeiser 1988) for n p >= 14 with GSL's
 * operations in GSL's order: a triangle, a parallelogram and two
 * exponential tails over f, sampled by two uniforms per try. */
static unsigned binom_btpe(const struct num_binom *b, struct num_mt *r, unsigned n, double np)
{
	struct btpe t;
	btpe_setup(b, np, &t);
	for (;;) {
		double u = num_mt_uniform(r) * t.p4;
		double v = num_mt_uniform(r);
		int ix;
		if (u <= t.p1)  /* triangle: accepted at once */
			return (unsigned)(int)(t.xm - t.p1 * v + u);
		if (u <= t.p2) {  /* parallelogram */
			double x = t.xl + (u - t.p1) / t.c;
			v = v * t.c + 1.0 - fabs(x - t.xm) / t.p1;
			if (v > 1.0 || v <= 0.0)
				continue;
			ix = (int)x;
		} else if (u <= t.p3) {  /* left tail */
			ix = (int)(t.xl + log(v) / t.lambda_l);
			if (ix < 0)
				continue;
			v *= ((u - t.p2) * t.lambda_l);
		} else {  /* right tail */
			ix = (int)(t.xr - log(v) / t.lambda_r);
			if (ix > (double)n)
				continue;
			v *= ((u - t.p3) * t.lambda_r);
		}
		if (btpe_accept(b, &t, n, ix, v) > 0)
			return (unsigned)ix;
	}
}

unsigned num_binom_draw(const struct num_binom *b, struct num_mt *r, unsigned n)
{
	if (n == 0)
		return 0;
	double np = n * b->ps;
	if (!(np < BINOM_SMALL_MEAN)) {
		unsigned ix = binom_btpe(b, r, n, np);
		return b->flipped ? n - ix : ix;
	}
	/* Inversion (Kachitvichyanukul & Schmeiser 1988, BINV): walk the
	 * probabilities f(x + 1) = f(x) (n - x)/(x + 1) p/q from f(0) = q^n. */
	double f0 = num_binom_pow(b, n);
	for (;;) {
		double f = f0;
		double u = num_mt_uniform(r);
		for (int ix = 0; ix <= BINOM_INV_CUTOFF; ++ix) {
			if (u < f)
				return b->flipped ? n - (unsigned)ix : (unsigned)ix;
			u -= f;
			f *= b->s * (n - (unsigned)ix) / (ix + 1);
		}
	}
}
