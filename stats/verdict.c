/* verdict.c: the verdict of a change (surely up, surely down, about unchanged, cannot be decided) and the Bonferroni-adjusted interval it rests on. */
#include "analysis_internal.h"

#include <stdlib.h>
#include <string.h>

/* The one rule (docs/statistics.md, the verdict): an adjusted interval
 * that excludes 0 is a sure change; one inside +-delta is about unchanged
 * (equivalence by two one-sided tests, Lakens 2017; Schuirmann 1987);
 * anything else cannot be decided. */
enum res_verdict an_verdict(double lo, double hi, double delta)
{
	if (lo > 0)
		return RES_VERDICT_UP;
	if (hi < 0)
		return RES_VERDICT_DOWN;
	if (lo > -delta && hi < delta)
		return RES_VERDICT_UNCHANGED;
	return RES_VERDICT_UNDECIDED;
}

void an_verdict_add(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
		    const struct vtest *t, enum res_reason why)
{
	ALLOC_GROW(c->vt, c->n_vt + 1, c->alloc_vt);
	struct vtest *q = &c->vt[c->n_vt++];
	*q = *t;
	q->family = an_family(c, at->var);
	q->comp = at->comp;
	q->bd = c->t.cells[at->cell].kind;
	q->published = an_live(e) && !why;
	q->rows[0] = an_put(e, RS_VERDICT_M, NAN, why);
	q->rows[1] = an_put(e, RS_VERDICT_CI_LOW, NAN, why);
	q->rows[2] = an_put(e, RS_VERDICT_CI_HIGH, NAN, why);
	q->rows[3] = an_put(e, RS_VERDICT, NAN, why);
}

static int vtest_cmp(const void *a, const void *b)
{
	const struct vtest *x = a, *y = b;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	return (x->bd > y->bd) - (x->bd < y->bd);
}

/* The interval of test t at level 1 - (1 - conf)/m: R's t.test(...,
 * conf.level = 1 - 0.05/m) (Bonferroni 1936; Dunn 1961), and its
 * verdict. */
static void verdict_fill(struct analysis_ctx *c, const struct vtest *t, double m)
{
	struct num_test tt;
	memset(&tt, 0, sizeof(tt));
	double conf = 1 - (1 - c->o->conf) / m;
	int st = t->paired ? num_t_one(t->m1, t->s1, t->n1, 0, conf, &tt)
			   : num_welch_t(t->m1, t->s1, t->n1, t->m2, t->s2, t->n2, conf, &tt);
	if (st != NUM_OK) {
		enum res_reason why = an_note(NUM_NA, tt.reason);
		for (int i = 1; i < 4; i++)
			results_set(c->res, t->rows[i], NAN, RES_NA, why);
		results_set(c->res, t->rows[0], m, RES_OK, RES_WHY_NONE);
		return;
	}
	double delta = c->d->meta.smallest_change / 1000.0;
	results_set(c->res, t->rows[0], m, RES_OK, RES_WHY_NONE);
	results_set(c->res, t->rows[1], tt.ci_lo, RES_OK, RES_WHY_NONE);
	results_set(c->res, t->rows[2], tt.ci_hi, RES_OK, RES_WHY_NONE);
	results_set(c->res, t->rows[3], (double)an_verdict(tt.ci_lo, tt.ci_hi, delta), RES_OK, RES_WHY_NONE);
}

void an_verdict_all(struct analysis_ctx *c)
{
	if (c->n_vt)
		qsort(c->vt, c->n_vt, sizeof(*c->vt), vtest_cmp);
	for (size_t i = 0; i < c->n_vt;) {
		size_t j = i, m = 0;
		while (j < c->n_vt && !vtest_cmp(&c->vt[i], &c->vt[j])) {
			m += c->vt[j].published && c->vt[j].leads;
			j++;
		}
		for (size_t k = i; k < j; k++)
			if (c->vt[k].published)
				verdict_fill(c, &c->vt[k], m ? (double)m : 1);
		i = j;
	}
}
