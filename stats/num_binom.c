/* num_binom.c: binomial draws with constants kept per probability, the same draws as GSL's gsl_ran_binomial. */
#include "num_internal.h"

#include <gsl/gsl_randist.h>

/* GSL 2.7 (randist/binomial_tpe.c) draws by inversion when n p < 14 and by
 * BTPE (Kachitvichyanukul & Schmeiser 1988) otherwise; its inversion stops
 * after 111 steps and starts again with a fresh uniform. */
#define BINOM_SMALL_MEAN 14
#define BINOM_INV_CUTOFF 110

void num_binom_init(struct num_binom *b, double p)
{
	b->p = p;
	b->flipped = p > 0.5;
	b->ps = b->flipped ? 1.0 - p : p;
	b->q = 1 - b->ps;
	b->s = b->ps / b->q;
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

unsigned num_binom_draw(const struct num_binom *b, gsl_rng *r, unsigned n)
{
	if (n == 0)
		return 0;
	double np = n * b->ps;
	if (!(np < BINOM_SMALL_MEAN))
		return gsl_ran_binomial(r, b->p, n);
	/* Inversion (Kachitvichyanukul & Schmeiser 1988, BINV): walk the
	 * probabilities f(x + 1) = f(x) (n - x)/(x + 1) p/q from f(0) = q^n. */
	double f0 = num_binom_pow(b, n);
	for (;;) {
		double f = f0;
		double u = gsl_rng_uniform(r);
		for (int ix = 0; ix <= BINOM_INV_CUTOFF; ++ix) {
			if (u < f)
				return b->flipped ? n - (unsigned)ix : (unsigned)ix;
			u -= f;
			f *= b->s * (n - (unsigned)ix) / (ix + 1);
		}
	}
}
