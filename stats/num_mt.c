/* num_mt.c: the MT19937 generator of the bootstrap, the numbers of GSL's gsl_rng_mt19937 from the same seed. */
#include "num_internal.h"

/* Matsumoto & Nishimura (1998), with the 2002 seeding that GSL 2.7's
 * mt_set uses (rng/mt.c): a seed of 0 is taken as 4357. */
#define MT_M 397
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu
#define MT_MATRIX_A 0x9908b0dfu

void num_mt_seed(struct num_mt *g, unsigned long seed)
{
	if (seed == 0)
		seed = 4357;
	g->mt[0] = (uint32_t)(seed & 0xffffffffUL);
	for (int i = 1; i < NUM_MT_N; i++)  /* Knuth TAOCP vol. 2, 3rd ed., p. 106 */
		g->mt[i] = 1812433253u * (g->mt[i - 1] ^ (g->mt[i - 1] >> 30)) + (uint32_t)i;
	g->mti = NUM_MT_N;
}

/* The next y >> 1 xor the twist matrix times y's low bit, without a branch. */
static inline uint32_t mt_twist(uint32_t hi, uint32_t lo, uint32_t far)
{
	uint32_t y = (hi & MT_UPPER) | (lo & MT_LOWER);
	return far ^ (y >> 1) ^ (-(y & 1u) & MT_MATRIX_A);
}

void num_mt_refill(struct num_mt *g)
{
	uint32_t *mt = g->mt;
	int kk;
	for (kk = 0; kk < NUM_MT_N - MT_M; kk++)
		mt[kk] = mt_twist(mt[kk], mt[kk + 1], mt[kk + MT_M]);
	for (; kk < NUM_MT_N - 1; kk++)
		mt[kk] = mt_twist(mt[kk], mt[kk + 1], mt[kk + (MT_M - NUM_MT_N)]);
	mt[NUM_MT_N - 1] = mt_twist(mt[NUM_MT_N - 1], mt[0], mt[MT_M - 1]);
	g->mti = 0;
}
