/* audit_internal.h: the linear system of the disclosure audit, shared by its model builder and its solver. */
#ifndef TILLID_AUDIT_INTERNAL_H
#define TILLID_AUDIT_INTERNAL_H

#include "audit.h"

#include <stddef.h>
#include <stdint.h>

/* The reader's knowledge as a linear system over the unknown counts x:
 *   lb[j] <= x[j] <= ub[j]            (non-negativity, the notes' bounds)
 *   lo[i] <= sum_t coef[t] x[var[t]] <= hi[i]   for t in [start[i], start[i + 1])
 * (lo == hi for an identity; -INFINITY / INFINITY for a missing side). */
struct audit_lp {
	size_t n_vars, alloc_vars;
	double *lb, *ub;
	size_t n_rows, alloc_rows;
	size_t *start;          /* [n_rows + 1] */
	double *lo, *hi;
	size_t n_terms, alloc_terms;
	uint32_t *var;
	double *coef;
	size_t n_targets, alloc_targets;
	size_t *target_row;     /* the results row of each suppressed count to bound */
	uint32_t *target_var;   /* its unknown */
	double *target_need;    /* the values its range must hold (audit_rule) */
	unsigned char *target_answer; /* 1: an answer count, safe when it may be zero */
	size_t *target_size;    /* an answer count's cell size (the n of its variable, wave
				   and cell) as a target index; SIZE_MAX when that n is
				   published or the target is a size itself */
	double min;             /* the minimum group size */
	double *target_size_known; /* that n when published, else NAN */
	/* per unknown: the least and most values it takes in the solutions
	 * seen, those an earlier audit's solutions showed to start with
	 * (INFINITY and -INFINITY: none); audit_lp_solve widens them */
	double *seen_lo, *seen_hi;
	int feasible;           /* the system is known to have a solution (it relaxes
				   one solved before) */
};

/* The protection rule for one suppressed count (docs/statistics.md): the
 * range [lo, hi] holds at least need values and more than one; an answer
 * count also passes when it may be zero (nobody in the cell is known to
 * have given that answer); need 0 asks nothing.  A wider range never fails where a narrower one
 * passes, so a range seen in part can prove the rule. */
static inline int audit_rule_holds(double lo, double hi, double need, int answer)
{
	if (need <= 0 || (answer && lo <= 0))
		return 1;
	return lo < hi && hi - lo + 1 >= need;
}

void audit_lp_init(struct audit_lp *lp);
void audit_lp_release(struct audit_lp *lp);

/* Add an unknown count with bounds [lb, ub]; returns its index. */
uint32_t audit_lp_var(struct audit_lp *lp, double lb, double ub);
/* Add the constraint lo <= sum coef[k] x[var[k]] <= hi (n terms; a
 * variable may occur more than once).  A constraint without terms is
 * dropped. */
void audit_lp_row(struct audit_lp *lp, const uint32_t *var, const double *coef, size_t n, double lo,
		  double hi);

/* The counts, blocks and families of an audit's rows, by name (audit_model.c). */
struct audit_model;

/* Build lp from the rows of res (audit_model.c): every count the rows
 * publish or suppress, every identity between them, the targets; min is
 * the minimum group size the notes stand for.  closed: the reader is taken
 * to know that every respondent has a group and a municipality (the rests
 * of those families are empty); else they are unknowns.  lp's
 * values seen start as those prev (NULL: none) kept when lp's system
 * relaxes prev's: the same counts and identities, with nothing published
 * that prev did not publish alike, so that every solution of prev's
 * system is one of lp's (a->n_carried counts the targets given some).
 * Returns the model, which the caller frees (audit_model_free) or keeps
 * for the next audit. */
struct audit_model *audit_model_build(struct audit_lp *lp, struct audit *a, const struct results *res,
				      uint64_t min, int closed, const struct audit_model *prev);
/* Keep in m the values seen of lp's unknowns (lp built from m and solved; audit_carry.c). */
void audit_model_keep_seen(struct audit_model *m, const struct audit_lp *lp);
void audit_model_free(struct audit_model *m);

/* The rule's terms for row r: *need, the values its range must hold
 * (min - 1 for a cell of fewer than min, which may not be empty, else min)
 * and whether it is an answer count (audit.c). */
void audit_rule(const struct res_row *r, uint64_t min, double *need, int *answer);

/* Bound every target of lp from below and above with GLPK's simplex
 * (audit_solve.c) into a->cells, part by independent part, reusing the
 * parts a->cache holds (when set) and keeping those it solves.  With
 * a->ranges unset a bound is sought only until the rule is known to hold
 * (by the values seen, lp->seen_lo and seen_hi, which it widens with every
 * solution, and when lp->feasible is set no part needs a solution to
 * prove it has one), so a passing range may be reported narrower than it
 * is, and a size the
 * reader can tell holds at least min by bound propagation keeps the
 * propagated bounds (wider than its range; whether it is large is all the
 * rule asks of it).  Returns TILLID_OK, or TILLID_EDATA with a message in
 * err when the system has no solution. */
int audit_lp_solve(struct audit_lp *lp, struct audit *a, struct strbuf *err);

/* One independent part of lp: its unknowns (vars, col[v] their column from
 * 1), its constraints (rows) and its targets in the order they are solved;
 * part_of[v] is the part of every unknown of lp (SIZE_MAX: none), index
 * this part's. */
struct audit_part {
	const uint32_t *vars;
	size_t n_vars;
	const size_t *rows;
	size_t n_rows;
	const size_t *targets;
	size_t n_targets;
	const int *col;
	const size_t *part_of;
	size_t index;
};

/* The cache key of part p into k (audit_cache.c): every number that
 * decides its bounds, in the part's own numbering, so that equal keys
 * give the same GLPK problems solved the same way.  lo holds the bounds
 * found so far: a target's cell size in another part enters by its value. */
void audit_part_key(const struct audit_lp *lp, const struct audit_part *p, int ranges, const double *lo,
		    struct strbuf *k);
/* Look key up in c: when found, copy its bounds into lo/hi (indexed by
 * unknown), set *rc to how its solving ended (TILLID_EDATA: no solution,
 * no bounds), mark it used by the audit under way and return 1; else 0. */
int audit_cache_find(struct audit_cache *c, const struct strbuf *key, const struct audit_part *p, double *lo,
		     double *hi, int *rc);
/* Keep how solving part p ended (rc) and its bounds lo/hi (indexed by
 * unknown) under key. */
void audit_cache_put(struct audit_cache *c, const struct strbuf *key, const struct audit_part *p,
		     const double *lo, const double *hi, int rc);
/* End an audit: drop every part it did not use. */
void audit_cache_sweep(struct audit_cache *c);

#endif
