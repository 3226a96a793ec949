/* padjust.c: the p-values waiting for adjustment, and Holm (and Benjamini-Hochberg) within each family of tests. */
#include "analysis_internal.h"

#include <stdlib.h>

/* The adjusted rows of each kind of test: the t tests' are holm_p, bh_p. */
static const enum res_stat holm_stat[PT_KINDS] = {
	RS_HOLM_P, RS_SIGNEDRANK_HOLM_P, RS_MCNEMAR_HOLM_P, RS_HOLM_P, RS_MANNWHITNEY_HOLM_P,
};
static const enum res_stat bh_stat[PT_KINDS] = {
	RS_BH_P, RS_SIGNEDRANK_BH_P, RS_MCNEMAR_BH_P, RS_BH_P, RS_MANNWHITNEY_BH_P,
};

size_t an_family(const struct analysis_ctx *c, size_t var)
{
	const struct tds_meta *m = &c->d->meta;
	if (var >= m->n_items)
		return m->n_scales + 1; /* the scale scores form one family */
	if (m->items[var].scale >= 0)
		return (size_t)m->items[var].scale;
	return m->n_scales; /* the items outside every scale */
}

void an_ptest_add(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
	       enum ptest_kind kind, double p, enum res_reason why)
{
	ALLOC_GROW(c->pt, c->n_pt + 1, c->alloc_pt);
	struct ptest *q = &c->pt[c->n_pt++];
	int published = an_live(e) && !why;
	q->family = an_family(c, at->var);
	q->comp = at->comp;
	q->cell = at->cell;
	q->kind = kind;
	q->p = published ? p : NAN;
	q->row_holm = an_put(e, holm_stat[kind], NAN, why);
	q->row_bh = c->o->bh ? an_put(e, bh_stat[kind], NAN, why) : SIZE_MAX;
}

static int ptest_cmp(const void *a, const void *b)
{
	const struct ptest *x = a, *y = b;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

void an_ptest_adjust_all(struct analysis_ctx *c)
{
	if (c->n_pt)
		qsort(c->pt, c->n_pt, sizeof(*c->pt), ptest_cmp);
	double *p = xmalloc((c->n_pt ? c->n_pt : 1) * sizeof(*p));
	double *q = xmalloc((c->n_pt ? c->n_pt : 1) * sizeof(*q));
	for (size_t i = 0; i < c->n_pt;) {
		size_t j = i;
		while (j < c->n_pt && !ptest_cmp(&c->pt[i], &c->pt[j]))
			j++;
		for (int method = 0; method < 2; method++) {
			if (method == 1 && !c->o->bh)
				break;
			for (size_t k = i; k < j; k++)
				p[k - i] = c->pt[k].p;
			num_p_adjust(p, j - i, method ? NUM_PADJ_BH : NUM_PADJ_HOLM, q);
			for (size_t k = i; k < j; k++) {
				if (isnan(c->pt[k].p))
					continue;
				results_set(c->res, method ? c->pt[k].row_bh : c->pt[k].row_holm, q[k - i],
					    RES_OK, RES_WHY_NONE);
			}
		}
		i = j;
	}
	free(p);
	free(q);
}
