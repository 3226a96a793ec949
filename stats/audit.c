/* audit.c: the disclosure audit's entry point: the linear system's storage, the run and the verdict. */
#include "audit_internal.h"
#include "core/hashmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void audit_lp_init(struct audit_lp *lp)
{
	memset(lp, 0, sizeof(*lp));
	lp->start = xmalloc(sizeof(*lp->start));
	lp->start[0] = 0;
	lp->alloc_rows = 0;
}

void audit_lp_release(struct audit_lp *lp)
{
	free(lp->lb);
	free(lp->ub);
	free(lp->start);
	free(lp->lo);
	free(lp->hi);
	free(lp->var);
	free(lp->coef);
	free(lp->target_row);
	free(lp->target_var);
	free(lp->target_need);
	free(lp->target_answer);
	free(lp->target_size);
	free(lp->target_size_known);
	free(lp->seen_lo);
	free(lp->seen_hi);
	memset(lp, 0, sizeof(*lp));
}

uint32_t audit_lp_var(struct audit_lp *lp, double lb, double ub)
{
	size_t a = lp->alloc_vars;
	ALLOC_GROW(lp->lb, lp->n_vars + 1, lp->alloc_vars);
	if (a != lp->alloc_vars)
		lp->ub = xrealloc(lp->ub, lp->alloc_vars * sizeof(*lp->ub));
	lp->lb[lp->n_vars] = lb;
	lp->ub[lp->n_vars] = ub;
	return (uint32_t)lp->n_vars++;
}

void audit_lp_row(struct audit_lp *lp, const uint32_t *var, const double *coef, size_t n, double lo,
		  double hi)
{
	if (!n)
		return;
	size_t a = lp->alloc_rows;
	ALLOC_GROW(lp->lo, lp->n_rows + 1, lp->alloc_rows);
	if (a != lp->alloc_rows) {
		lp->hi = xrealloc(lp->hi, lp->alloc_rows * sizeof(*lp->hi));
		lp->start = xrealloc(lp->start, (lp->alloc_rows + 1) * sizeof(*lp->start));
	}
	a = lp->alloc_terms;
	ALLOC_GROW(lp->var, lp->n_terms + n, lp->alloc_terms);
	if (a != lp->alloc_terms)
		lp->coef = xrealloc(lp->coef, lp->alloc_terms * sizeof(*lp->coef));
	memcpy(lp->var + lp->n_terms, var, n * sizeof(*var));
	memcpy(lp->coef + lp->n_terms, coef, n * sizeof(*coef));
	lp->n_terms += n;
	lp->lo[lp->n_rows] = lo;
	lp->hi[lp->n_rows] = hi;
	lp->start[++lp->n_rows] = lp->n_terms;
}

void audit_init(struct audit *a)
{
	memset(a, 0, sizeof(*a));
}

void audit_release(struct audit *a)
{
	int ranges = a->ranges;
	struct audit_cache *cache = a->cache;
	free(a->cells);
	memset(a, 0, sizeof(*a));
	a->ranges = ranges;
	a->cache = cache;
}

void audit_rule(const struct res_row *r, uint64_t min, double *need, int *answer)
{
	enum res_stat s = r->statistic;
	*answer = !(s == RS_RESPONDENTS || s == RS_N || s == RS_N_PAIRS || s == RS_N_BASE || s == RS_N_LATER ||
		    s == RS_ALPHA_N);
	/* Every suppressed row carries the same note, so the reader cannot
	 * tell a cell of fewer than min from a complementary one: every
	 * suppressed count must keep min - 1 values, the whole interval 1..min-1
	 * a small cell may hold. */
	*need = min > 2 ? (double)(min - 1) : 0; /* min 2: the one respondent a cell has */
}

/* The protection rule (docs/statistics.md) for one suppressed count. */
static void judge(struct audit *a, struct audit_cell *c, const struct res_row *r)
{
	double need;
	int answer;
	audit_rule(r, a->min, &need, &answer);
	/* a count known to be zero is safe (tau-ARGUS's zero cells): no one is
	 * in it to be told about */
	int zero = c->hi <= 0;
	/* a count known to hold at least min is no small group, and the answers
	 * of a cell known to hold at least min are no more secret than those
	 * of a published cell of that size: the note does not say which hidden
	 * cells are small, so the rule is asked of every count and waived where
	 * the reader can tell that the cell is large (audit_lp_solve bounds a
	 * size from below exactly) */
	int large = c->lo >= (double)a->min || c->size_known >= (double)a->min ||
		    (c->size != SIZE_MAX && a->cells[c->size].lo >= (double)a->min);
	c->exact = c->lo >= c->hi && need > 1 && !zero && !large;
	c->narrow = !c->exact && !zero && !large && !audit_rule_holds(c->lo, c->hi, need, answer);
	a->n_exact += (size_t)c->exact;
	a->n_narrow += (size_t)c->narrow;
}

/* The count a row's block rests on: n (one wave), n_pairs (paired),
 * n_base (independent), alpha_n (reliability); -1 for other rows. */
static int block_of(const struct res_row *r, int *is_size)
{
	enum res_stat s = r->statistic;
	int alpha = s == RS_ALPHA || s == RS_ALPHA_CI_LOW || s == RS_ALPHA_CI_HIGH || s == RS_ALPHA_N;
	*is_size = s == RS_N || s == RS_N_PAIRS || s == RS_N_BASE || s == RS_ALPHA_N;
	if (s == RS_ALPHA_IF_DELETED || s == RS_ITEM_TOTAL_R || !strcmp(r->variable, "*"))
		return -1;
	if (alpha)
		return 3;
	if (!strcmp(r->design, "paired"))
		return 1;
	if (!strcmp(r->design, "independent"))
		return 2;
	return 0;
}

/* Published rows of a block whose count is suppressed: a->n_leaks and
 * a->first_leak. */
static void find_leaks(const struct results *res, struct audit *a)
{
	struct hashmap hidden = HASHMAP_INIT;
	struct { const void *p[5]; long kind; } key;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < res->n; i++) {
			const struct res_row *r = &res->rows[i];
			int size, kind = block_of(r, &size);
			if (kind < 0)
				continue;
			memset(&key, 0, sizeof(key));
			key.p[0] = r->variable, key.p[1] = r->breakdown, key.p[2] = r->breakdown_value;
			key.p[3] = r->wave, key.p[4] = r->design, key.kind = kind;
			if (pass == 0 && size && r->status == RES_SUPPRESSED)
				hashmap_add(&hidden, &key, sizeof(key), NULL);
			if (pass == 1 && r->status == RES_OK && hashmap_find(&hidden, &key, sizeof(key)) >= 0) {
				if (!a->n_leaks)
					a->first_leak = i;
				a->n_leaks++;
			}
		}
	hashmap_release(&hidden);
}

int audit_run(struct audit *a, const struct results *res, uint64_t min, struct strbuf *err)
{
	audit_release(a);
	for (size_t i = 0; i < res->n; i++) {
		const struct res_row *r = &res->rows[i];
		if (r->statistic == RS_MIN_GROUP_SIZE && r->status == RES_OK && !strcmp(r->variable, "*") &&
		    r->value >= 0)
			min = (uint64_t)r->value;
	}
	/* The strongest reader the numbers allow: one who knows that every
	 * respondent has a group and a municipality, unless the published
	 * counts show that some have none (the system then has no solution). */
	int rc = TILLID_EDATA;
	for (int closed = 1; closed >= 0 && rc != TILLID_OK; closed--) {
		struct strbuf e = STRBUF_INIT;
		audit_release(a);
		a->min = min;
		struct audit_lp lp;
		audit_lp_init(&lp);
		/* full ranges are sought from scratch */
		struct audit_model *keep = a->cache && !a->ranges ? a->cache->last : NULL;
		struct audit_model *m = audit_model_build(&lp, a, res, min, closed, keep);
		find_leaks(res, a);
		lp.min = (double)min;
		lp.target_need = xmalloc((lp.n_targets + 1) * sizeof(*lp.target_need));
		lp.target_answer = xmalloc(lp.n_targets + 1);
		for (size_t i = 0; i < lp.n_targets; i++) {
			int answer;
			audit_rule(&res->rows[lp.target_row[i]], min, &lp.target_need[i], &answer);
			lp.target_answer[i] = (unsigned char)answer;
		}
		rc = audit_lp_solve(&lp, a, &e);
		if (rc == TILLID_OK && a->cache && !a->ranges) {
			audit_model_keep_seen(m, &lp);
			audit_model_free(a->cache->last);
			a->cache->last = m;
		} else {
			audit_model_free(m);
		}
		a->closed = closed && rc == TILLID_OK;
		for (size_t i = 0; rc == TILLID_OK && i < a->n_cells; i++)
			judge(a, &a->cells[i], &res->rows[a->cells[i].row]);
		audit_lp_release(&lp);
		if (rc != TILLID_OK && !closed)
			sb_adds(err, e.buf);
		sb_release(&e);
	}
	if (a->cache)
		audit_cache_sweep(a->cache);
	return rc;
}

int audit_passed(const struct audit *a)
{
	return !a->n_exact && !a->n_narrow && !a->n_leaks;
}
