/* audit_cache.c: the disclosure audit's memory of solved parts: a part's bounds reused whenever a later audit meets the very same part. */
#include "audit_internal.h"

#include <stdlib.h>
#include <string.h>

/* The bounds of one solved part, per unknown in the part's order (none
 * when rc says it has no solution); gen is the audit that last used them. */
struct audit_solved {
	double *lo, *hi;
	size_t n;
	int rc;
	unsigned gen;
};

void audit_cache_init(struct audit_cache *c)
{
	memset(c, 0, sizeof(*c));
	hashmap_init(&c->keys);
}

static void solved_release(struct audit_solved *s)
{
	free(s->lo);
	free(s->hi);
}

void audit_cache_release(struct audit_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		solved_release(&c->solved[i]);
	free(c->solved);
	hashmap_release(&c->keys);
	audit_model_free(c->last);
	memset(c, 0, sizeof(*c));
}

static void add_u64(struct strbuf *k, uint64_t x)
{
	sb_add(k, &x, sizeof(x));
}

static void add_double(struct strbuf *k, double x)
{
	sb_add(k, &x, sizeof(x));
}

void audit_part_key(const struct audit_lp *lp, const struct audit_part *p, int ranges, const double *lo,
		    struct strbuf *k)
{
	sb_reset(k);
	add_u64(k, p->n_vars);
	add_u64(k, p->n_rows);
	add_u64(k, p->n_targets);
	add_u64(k, (uint64_t)ranges);
	add_double(k, lp->min);
	for (size_t j = 0; j < p->n_vars; j++) {
		add_double(k, lp->lb[p->vars[j]]);
		add_double(k, lp->ub[p->vars[j]]);
	}
	for (size_t i = 0; i < p->n_rows; i++) {
		size_t r = p->rows[i];
		add_double(k, lp->lo[r]);
		add_double(k, lp->hi[r]);
		add_u64(k, lp->start[r + 1] - lp->start[r]);
		for (size_t t = lp->start[r]; t < lp->start[r + 1]; t++) {
			add_u64(k, (uint64_t)p->col[lp->var[t]]);
			add_double(k, lp->coef[t]);
		}
	}
	for (size_t q = 0; q < p->n_targets; q++) {
		size_t i = p->targets[q];
		add_u64(k, (uint64_t)p->col[lp->target_var[i]]);
		add_double(k, lp->target_need[i]);
		add_u64(k, lp->target_answer[i]);
		add_double(k, lp->target_size_known[i]);
		size_t s = lp->target_size[i];
		if (s == SIZE_MAX) {
			add_u64(k, 0);
		} else if (p->part_of[lp->target_var[s]] == p->index) {
			/* its cell size is bounded in this part */
			add_u64(k, 1);
			add_u64(k, (uint64_t)p->col[lp->target_var[s]]);
		} else {
			/* in another part: what that part found decides this one */
			add_u64(k, 2);
			add_double(k, lo[lp->target_var[s]]);
		}
	}
}

int audit_cache_find(struct audit_cache *c, const struct strbuf *key, const struct audit_part *p, double *lo,
		     double *hi, int *rc)
{
	long e = hashmap_find(&c->keys, key->buf, key->len);
	if (e < 0)
		return 0;
	struct audit_solved *s = &c->solved[c->keys.entry[e].value];
	if (s->n != p->n_vars)
		abort(); /* the key holds the number of unknowns */
	*rc = s->rc;
	for (size_t j = 0; s->rc == TILLID_OK && j < p->n_vars; j++) {
		lo[p->vars[j]] = s->lo[j];
		hi[p->vars[j]] = s->hi[j];
	}
	s->gen = c->gen;
	c->n_reused++;
	return 1;
}

void audit_cache_put(struct audit_cache *c, const struct strbuf *key, const struct audit_part *p,
		     const double *lo, const double *hi, int rc)
{
	int added;
	size_t e = hashmap_add(&c->keys, key->buf, key->len, &added);
	if (!added)
		return; /* solved twice in one audit: the same bounds */
	ALLOC_GROW(c->solved, c->n + 1, c->alloc);
	struct audit_solved *s = &c->solved[c->n];
	c->keys.entry[e].value = c->n++;
	s->n = p->n_vars;
	s->rc = rc;
	s->lo = xmalloc((s->n ? s->n : 1) * sizeof(*s->lo));
	s->hi = xmalloc((s->n ? s->n : 1) * sizeof(*s->hi));
	for (size_t j = 0; j < p->n_vars; j++) {
		s->lo[j] = lo[p->vars[j]];
		s->hi[j] = hi[p->vars[j]];
	}
	s->gen = c->gen;
	c->n_solved++;
}

void audit_cache_sweep(struct audit_cache *c)
{
	struct hashmap keys;
	hashmap_init(&keys);
	size_t n = 0;
	for (size_t e = 0; e < c->keys.n; e++) {
		struct audit_solved *s = &c->solved[c->keys.entry[e].value];
		if (s->gen != c->gen) {
			solved_release(s);
			continue;
		}
		size_t at = hashmap_add(&keys, c->keys.entry[e].key, c->keys.entry[e].len, NULL);
		keys.entry[at].value = n;
		c->solved[n++] = *s;
	}
	hashmap_release(&c->keys);
	c->keys = keys;
	c->n = n;
	c->gen++;
}
