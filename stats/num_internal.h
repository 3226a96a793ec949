/* num_internal.h: helpers shared by the stats/num*.c files; not part of the numerics API. */
#ifndef TILLID_NUM_INTERNAL_H
#define TILLID_NUM_INTERNAL_H

#include "numerics.h"

#include <stdint.h>

#include "core/results_schema.h"

/* M_LN2 and M_PI are not in strict C11. */
#define NUM_LN2 0.693147180559945309417232121458176568
#define NUM_PI 3.141592653589793238462643383279502884

/* gsl_set_error_handler_off(), idempotent. */
void num_gsl_init(void);
/* NULL when s is a valid count table, else a static reason. */
const char *num_check_sample(const struct wsample *s);
/* 1 when 0 < conf < 1. */
int num_conf_ok(double conf);

/* Upper tails as R computes them: P(Z > z), P(T > t), P(chi2_1 > x). */
double num_norm_Q(double z);
double num_t_Q(double t, double df);
double num_chisq1_Q(double x);

/* ln(Gamma(a + 1/2) / Gamma(a)) without cancellation for large a. */
double num_ln_gamma_half_ratio(double a);

/* Wilson bounds for x/n at normal quantile z (R's prop.test, correct = FALSE). */
int num_wilson_z(double x, double n, double z, double *lo, double *hi);

/* Fill a result with NaN and status NUM_NA (reason) or NUM_OK (reason NULL). */
void num_test_na(struct num_test *out, const char *reason);
void num_test_ok(struct num_test *out);
void num_interval_na(struct num_interval *out, const char *reason);
/* The start of every interval function: set up GSL and check the
 * confidence level. Returns NUM_OK, or NUM_NA with out filled in. */
int num_interval_begin(double conf, struct num_interval *out);

/* The MT19937 generator (Matsumoto & Nishimura 1998) as GSL 2.7's
 * gsl_rng_mt19937 has it: from the same seed, num_mt_get returns what
 * gsl_rng_get returns and num_mt_uniform what gsl_rng_uniform returns,
 * number for number, inlined where the bootstrap draws. */
#define NUM_MT_N 624
struct num_mt {
	uint32_t mt[NUM_MT_N];
	int mti;  /* the next word of mt; NUM_MT_N: mt must be refilled first */
};
/* Seed as gsl_rng_set(r, seed) seeds gsl_rng_mt19937 (0 means 4357). */
void num_mt_seed(struct num_mt *g, unsigned long seed);
/* The next NUM_MT_N words of the sequence into mt. */
void num_mt_refill(struct num_mt *g);

static inline uint32_t num_mt_get(struct num_mt *g)
{
	if (g->mti >= NUM_MT_N)
		num_mt_refill(g);
	uint32_t k = g->mt[g->mti++];
	/* tempering */
	k ^= k >> 11;
	k ^= (k << 7) & 0x9d2c5680u;
	k ^= (k << 15) & 0xefc60000u;
	k ^= k >> 18;
	return k;
}

/* In [0, 1): the word over 2^32, as GSL's mt_get_double. */
static inline double num_mt_uniform(struct num_mt *g)
{
	return num_mt_get(g) / 4294967296.0;
}

/* A binomial probability p with the constants of its draws: draws equal
 * to gsl_ran_binomial(r, p, n), from the same random numbers, bit for bit
 * (GSL 2.7's inversion with q^(2^j) kept and its BTPE with the constants
 * of p kept, each with GSL's operations in GSL's order). 0 <= p <= 1. */
#define NUM_BINOM_SQUARES 32
struct num_binom {
	double p, ps, q, s;      /* p; min(p, 1 - p); 1 - ps; ps/q */
	double q46;              /* 4.6 q, of BTPE's triangle */
	int flipped;             /* p > 0.5: draws count failures */
	double sq[NUM_BINOM_SQUARES];  /* q^(2^j) */
};
void num_binom_init(struct num_binom *b, double p);
/* (1 - min(p, 1 - p))^n as gsl_pow_uint computes it, bit for bit: the
 * product of q^(2^j) over the set bits j of n, lowest first, from 1
 * (repeated squaring). */
double num_binom_pow(const struct num_binom *b, unsigned n);
/* One Binomial(n, p) draw from r; 0 without a random number when n = 0. */
unsigned num_binom_draw(const struct num_binom *b, struct num_mt *r, unsigned n);

#endif
