/* audit_carry.c: whether an audit's system relaxes the last one's, and the values the last one's solutions took, carried over. */
#include "audit_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Are two interning maps the same strings in the same order? */
static int same_names(const struct hashmap *a, const struct hashmap *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->entry[i].len != b->entry[i].len || memcmp(a->entry[i].key, b->entry[i].key, a->entry[i].len))
			return 0;
	return 1;
}

/* Is every solution of old's system, with old's published values for the
 * counts new hides, a solution of new's?  So when both have the same
 * counts and the same identities between them (the same rows, with the
 * same names, blocks and families), every count new publishes old
 * published with the same value, every mean or share new publishes old
 * published alike, and old's reader knew at least as much of the rests
 * (closed).  Then new's system relaxes old's, and a value old's solutions
 * took is one new's can take. */
static int relaxes(const struct audit_model *old, const struct audit_model *new)
{
	if (!old->consistent || !new->consistent || old->closed < new->closed || !same_names(&old->vars, &new->vars) ||
	    !same_names(&old->waves, &new->waves) || !same_names(&old->comps, &new->comps) ||
	    !same_names(&old->cells, &new->cells) || old->terms.n != new->terms.n ||
	    old->blocks.n != new->blocks.n || old->pairsets.n != new->pairsets.n ||
	    old->alphasets.n != new->alphasets.n || old->n_fam != new->n_fam)
		return 0;
	for (size_t i = 0; i < new->terms.n; i++) {
		long j = hashmap_find(&old->terms, new->terms.entry[i].key, new->terms.entry[i].len);
		if (j < 0 || (new->term[i].known && !(old->term[j].known && old->term[j].value == new->term[i].value)))
			return 0;
	}
	for (size_t i = 0; i < new->blocks.n; i++) {
		const struct block *b = &new->block[i];
		long j = hashmap_find(&old->blocks, new->blocks.entry[i].key, new->blocks.entry[i].len);
		if (j < 0)
			return 0;
		const struct block *o = &old->block[j];
		if (o->is_scale != b->is_scale || o->k != b->k || o->nonsubst != b->nonsubst ||
		    (b->has_mean && !(o->has_mean && o->mean == b->mean)) ||
		    (b->has_top2 && !(o->has_top2 && o->top2 == b->top2)))
			return 0;
	}
	return 1;
}

void audit_model_seen_from(struct audit_model *m, const struct audit_model *prev, struct audit *a)
{
	struct audit_lp *lp = m->lp;
	size_t nv = lp->n_vars ? lp->n_vars : 1;
	lp->seen_lo = xmalloc(nv * sizeof(*lp->seen_lo));
	lp->seen_hi = xmalloc(nv * sizeof(*lp->seen_hi));
	for (size_t v = 0; v < lp->n_vars; v++)
		lp->seen_lo[v] = INFINITY, lp->seen_hi[v] = -INFINITY;
	if (!prev || !prev->seen_lo || !relaxes(prev, m))
		return;
	lp->feasible = 1;
	for (size_t i = 0; i < m->terms.n; i++) {
		const struct term *t = &m->term[i];
		if (t->lpvar < 0)
			continue;
		long j = hashmap_find(&prev->terms, m->terms.entry[i].key, m->terms.entry[i].len);
		const struct term *o = &prev->term[j];
		if (o->known)
			lp->seen_lo[t->lpvar] = lp->seen_hi[t->lpvar] = o->value;
		else if (!isnan(prev->seen_lo[j]))
			lp->seen_lo[t->lpvar] = prev->seen_lo[j], lp->seen_hi[t->lpvar] = prev->seen_hi[j];
	}
	for (size_t i = 0; i < lp->n_targets; i++)
		a->n_carried += lp->seen_lo[lp->target_var[i]] <= lp->seen_hi[lp->target_var[i]];
}

void audit_model_keep_seen(struct audit_model *m, const struct audit_lp *lp)
{
	free(m->seen_lo);
	free(m->seen_hi);
	size_t n = m->terms.n ? m->terms.n : 1;
	m->seen_lo = xmalloc(n * sizeof(*m->seen_lo));
	m->seen_hi = xmalloc(n * sizeof(*m->seen_hi));
	for (size_t i = 0; i < m->terms.n; i++) {
		int64_t v = m->term[i].lpvar;
		int any = v >= 0 && lp->seen_lo[v] <= lp->seen_hi[v];
		m->seen_lo[i] = any ? lp->seen_lo[v] : NAN;
		m->seen_hi[i] = any ? lp->seen_hi[v] : NAN;
	}
}
