/* change.c: the rows both designs of a change write alike: a rank test, the top-2 box change and the bootstrap intervals. */
#include "analysis_internal.h"
#include "core/hashmap.h"

/* What stays apart in change_paired.c and change_indep.c differs in
 * substance: the paired t test works on the differences (R stops when all
 * of them are zero and judges them constant against the mean difference),
 * Welch's on two samples (constant against the larger mean); d_z and g_av
 * standardise by the SD of the differences or the mean of the two SDs,
 * Hedges' g by the pooled SD of two samples; and the McNemar test exists
 * only for pairs. */

#include <string.h>

void an_put_rank_test(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
		   enum ptest_kind kind, const enum res_stat names[3], const struct num_test *t,
		   int status, double rank_biserial)
{
	enum res_reason why = an_note(status, t->reason);
	an_put(e, names[0], t->stat, why);
	an_put(e, names[1], t->p, why);
	an_put(e, names[2], t->exact, why);
	an_put(e, RS_RANK_BISERIAL, rank_biserial, why);
	an_ptest_add(c, e, at, kind, t->p, why);
}

void an_put_top2_change(struct emit *e, double base, double later, double diff,
		     const struct num_interval *ci, int ci_status, enum res_reason why)
{
	an_put(e, RS_TOP2_BASE, base, why);
	an_put(e, RS_TOP2_LATER, later, why);
	an_put(e, RS_TOP2_DIFF, diff, why);
	enum res_reason ci_why = why ? why : an_note(ci_status, ci->reason);
	an_put(e, RS_TOP2_DIFF_CI_LOW, ci->lo, ci_why);
	an_put(e, RS_TOP2_DIFF_CI_HIGH, ci->hi, ci_why);
}

/* Seed of one bootstrap: splitmix64 of the run's seed mixed with an FNV-1a
 * hash of what is bootstrapped (each part followed by a 0xff byte), so each
 * interval has its own stream and adding a variable does not change the
 * others. */
static uint64_t boot_seed(uint64_t seed, const struct res_ctx *x)
{
	uint64_t h = FNV1A_INIT;
	const char *parts[5] = { x->variable, x->breakdown, x->breakdown_value, x->wave, x->design };
	for (int i = 0; i < 5; i++) {
		h = fnv1a(h, parts[i], strlen(parts[i]));
		h = fnv1a(h, "\xff", 1);
	}
	uint64_t z = seed ^ h;
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void an_put_change_boot(struct analysis_ctx *c, struct emit *e, const struct wsample *d,
		     const struct wsample *later, const struct wsample *base)
{
	static const enum res_stat rows[4] = { RS_BOOT_PCT_CI_LOW, RS_BOOT_PCT_CI_HIGH,
					       RS_BOOT_BCA_CI_LOW, RS_BOOT_BCA_CI_HIGH };
	/* A live block gets four placeholders that an_boot_run_all fills in;
	 * a suppressed or not applicable one its rows at once. */
	size_t first = an_put(e, rows[0], NAN, RES_WHY_NONE);
	for (int k = 1; k < 4; k++)
		an_put(e, rows[k], NAN, RES_WHY_NONE);
	if (an_live(e))
		an_boot_queue(c, boot_seed(c->o->seed, &e->ctx), first, d, later, base);
}
