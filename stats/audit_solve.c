/* audit_solve.c: the disclosure audit's solver: the feasible range of every suppressed count by GLPK's simplex, part by independent part. */
#include "audit_internal.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Union-find over the unknowns: two unknowns in one constraint are in one part. */
static uint32_t uf_find(uint32_t *up, uint32_t x)
{
	while (up[x] != x) {
		up[x] = up[up[x]];
		x = up[x];
	}
	return x;
}

static int bound_type(double lo, double hi)
{
	if (isinf(lo) && isinf(hi))
		return GLP_FR;
	if (isinf(hi))
		return GLP_LO;
	if (isinf(lo))
		return GLP_UP;
	return lo == hi ? GLP_FX : GLP_DB;
}

/* One part of the system as a GLPK problem: its unknowns (vars, col[v] =
 * their column from 1) and its constraints (rows). */
static glp_prob *part_problem(const struct audit_lp *lp, const uint32_t *vars, size_t nv,
			      const size_t *rows, size_t nr, const int *col)
{
	glp_prob *P = glp_create_prob();
	glp_add_cols(P, (int)nv);
	for (size_t j = 0; j < nv; j++) {
		uint32_t v = vars[j];
		glp_set_col_bnds(P, (int)j + 1, bound_type(lp->lb[v], lp->ub[v]), isinf(lp->lb[v]) ? 0 : lp->lb[v],
				 isinf(lp->ub[v]) ? 0 : lp->ub[v]);
	}
	if (nr)
		glp_add_rows(P, (int)nr);
	for (size_t i = 0; i < nr; i++) {
		size_t r = rows[i];
		glp_set_row_bnds(P, (int)i + 1, bound_type(lp->lo[r], lp->hi[r]), isinf(lp->lo[r]) ? 0 : lp->lo[r],
				 isinf(lp->hi[r]) ? 0 : lp->hi[r]);
	}
	/* GLPK takes each column once per row: a variable twice in one
	 * constraint is merged first */
	for (size_t i = 0; i < nr; i++) {
		int len = (int)(lp->start[rows[i] + 1] - lp->start[rows[i]]);
		int *ind = xmalloc(((size_t)len + 1) * sizeof(*ind));
		double *val = xmalloc(((size_t)len + 1) * sizeof(*val));
		int n = 0;
		for (size_t t = lp->start[rows[i]]; t < lp->start[rows[i] + 1]; t++) {
			int c = col[lp->var[t]], found = 0;
			for (int q = 1; q <= n; q++)
				if (ind[q] == c) {
					val[q] += lp->coef[t];
					found = 1;
				}
			if (!found)
				ind[++n] = c, val[n] = lp->coef[t];
		}
		glp_set_mat_row(P, (int)i + 1, n, ind, val);
		free(ind);
		free(val);
	}
	glp_scale_prob(P, GLP_SF_AUTO);
	return P;
}

/* Minimise or maximise the total of columns cols[0..n) of P from the
 * basis it holds.  Returns the optimum, +-INFINITY when unbounded, NAN
 * when there is no solution. */
static double optimise(glp_prob *P, const int *cols, size_t n, int dir)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_set_obj_dir(P, dir);
	for (size_t k = 0; k < n; k++)
		glp_set_obj_coef(P, cols[k], 1);
	int rc = glp_simplex(P, &parm);
	if (rc == GLP_EFAIL || rc == GLP_ESING || rc == GLP_ECOND) {
		glp_std_basis(P);
		rc = glp_simplex(P, &parm);
	}
	double z = NAN;
	int st = glp_get_status(P);
	if (rc == 0 && st == GLP_OPT)
		z = glp_get_obj_val(P);
	else if (rc == 0 && st == GLP_UNBND)
		z = dir == GLP_MIN ? -INFINITY : INFINITY;
	for (size_t k = 0; k < n; k++)
		glp_set_obj_coef(P, cols[k], 0);
	return z;
}

/* Widen the values seen of each unknown of a part by P's solution. */
static void seen(glp_prob *P, const uint32_t *vars, size_t n, double *lo, double *hi)
{
	if (glp_get_status(P) != GLP_OPT)
		return;
	for (size_t j = 0; j < n; j++) {
		double x = glp_get_col_prim(P, (int)j + 1);
		if (x < lo[vars[j]])
			lo[vars[j]] = x;
		if (x > hi[vars[j]])
			hi[vars[j]] = x;
	}
}

/* Do the values seen of target i prove the rule?  (Rounded inward.) */
static int proven(const struct audit_lp *lp, size_t i, double lo, double hi)
{
	if (isinf(lo) || isinf(hi))
		return 0;
	return audit_rule_holds(ceil(lo - 1e-7), floor(hi + 1e-7), lp->target_need[i], lp->target_answer[i]);
}

static void add_cell(struct audit *a, const struct audit_lp *lp, size_t i, double lo, double hi)
{
	size_t row = lp->target_row[i];
	ALLOC_GROW(a->cells, a->n_cells + 1, a->alloc_cells);
	struct audit_cell *c = &a->cells[a->n_cells++];
	memset(c, 0, sizeof(*c));
	/* LP relaxation, then integer rounding: a count is an integer, so its
	 * range is [ceil(lo), floor(hi)] (the tolerance absorbs the simplex's
	 * rounding) */
	c->row = row;
	c->lo = ceil(lo - 1e-7);
	c->hi = isinf(hi) ? hi : floor(hi + 1e-7);
	if (!(c->lo > 0))
		c->lo = 0; /* also -0 */
	c->size = lp->target_size[i];
	c->size_known = lp->target_size_known[i];
}

/* Is target i an answer count of a cell the reader can tell holds at
 * least min (its size bounded from below already, sizes going first)? */
static int answer_exempt(const struct audit_lp *lp, size_t i, const double *lo)
{
	double min = lp->min;
	if (lp->target_size_known[i] >= min)
		return 1;
	size_t s = lp->target_size[i];
	return s != SIZE_MAX && !isnan(lo[lp->target_var[s]]) && ceil(lo[lp->target_var[s]] - 1e-7) >= min;
}

/* Bounds of every unknown of part p implied by its constraints one at a
 * time, repeated while they tighten (bound propagation, Savelsbergh 1994,
 * "Preprocessing and probing techniques for mixed integer programming
 * problems", ORSA J. Computing 6(4), section 2): for a row lo <= sum a x
 * <= hi, a_k x_k >= lo - max(sum over the other terms) and a_k x_k <= hi -
 * min(sum over the other terms).  Every bound found holds for every
 * solution of the linear system (no integer rounding), so it never lies
 * beyond the simplex's optimum.  L and U are indexed by unknown. */
static void propagate(const struct audit_lp *lp, const struct audit_part *p, double *L, double *U)
{
	for (size_t j = 0; j < p->n_vars; j++)
		L[p->vars[j]] = lp->lb[p->vars[j]], U[p->vars[j]] = lp->ub[p->vars[j]];
	for (int pass = 0, changed = 1; changed && pass < 50; pass++) {
		changed = 0;
		for (size_t i = 0; i < p->n_rows; i++) {
			size_t r = p->rows[i];
			/* the least and most the row's terms can sum to, and how many
			 * of them are unbounded that way */
			double mn = 0, mx = 0;
			size_t inf_mn = 0, inf_mx = 0;
			for (size_t t = lp->start[r]; t < lp->start[r + 1]; t++) {
				double a = lp->coef[t], l = a > 0 ? L[lp->var[t]] : U[lp->var[t]],
				       u = a > 0 ? U[lp->var[t]] : L[lp->var[t]];
				if (isinf(l))
					inf_mn++;
				else
					mn += a * l;
				if (isinf(u))
					inf_mx++;
				else
					mx += a * u;
			}
			for (size_t t = lp->start[r]; t < lp->start[r + 1]; t++) {
				uint32_t v = lp->var[t];
				double a = lp->coef[t], l = a > 0 ? L[v] : U[v], u = a > 0 ? U[v] : L[v];
				/* the other terms' least and most */
				double rest_mn = isinf(l) ? (inf_mn == 1 ? mn : -INFINITY) : (inf_mn ? -INFINITY : mn - a * l);
				double rest_mx = isinf(u) ? (inf_mx == 1 ? mx : INFINITY) : (inf_mx ? INFINITY : mx - a * u);
				/* a x <= hi - rest_mn and a x >= lo - rest_mx */
				double top = lp->hi[r] - rest_mn, bottom = lp->lo[r] - rest_mx;
				double nl = a > 0 ? bottom / a : top / a, nu = a > 0 ? top / a : bottom / a;
				if (!isnan(nl) && nl > L[v] + 1e-9 * (1 + fabs(nl)))
					L[v] = nl, changed = 1;
				if (!isnan(nu) && nu < U[v] - 1e-9 * (1 + fabs(nu)))
					U[v] = nu, changed = 1;
			}
		}
	}
}

/* One part being solved: its problem P (NULL until a bound needs the
 * simplex), the bounds found (lo, hi), the values seen in solutions so far
 * (seen_lo, seen_hi: lp's) and its propagated bounds (L, U), all indexed
 * by unknown; cols is scratch for a column per target. */
struct solver {
	const struct audit_lp *lp;
	const struct audit_part *p;
	glp_prob *P;
	double *lo, *hi, *seen_lo, *seen_hi, *L, *U;
	int *cols;
	int ranges;
};

/* P, made on first use from a triangular starting basis (GLPK's
 * glp_adv_basis: far fewer iterations to the first optimum than the basis
 * of the slacks). */
static glp_prob *problem(struct solver *s)
{
	if (!s->P) {
		s->P = part_problem(s->lp, s->p->vars, s->p->n_vars, s->p->rows, s->p->n_rows, s->p->col);
		glp_adv_basis(s->P, 0);
	}
	return s->P;
}

/* Does target i's verdict follow without its own optimum?  With !ranges:
 * a size whose propagated bound makes it large, or whose values seen are
 * below min and prove the rule; an answer count of a cell known to be
 * large, or whose values seen prove the rule. */
static int decided(const struct solver *s, size_t i)
{
	const struct audit_lp *lp = s->lp;
	uint32_t v = lp->target_var[i];
	if (s->ranges)
		return 0;
	if (lp->target_answer[i])
		return answer_exempt(lp, i, s->lo) || proven(lp, i, s->seen_lo[v], s->seen_hi[v]);
	return ceil(s->L[v] - 1e-7) >= lp->min ||
	       (ceil(s->seen_lo[v] - 1e-7) < lp->min && proven(lp, i, s->seen_lo[v], s->seen_hi[v]));
}

/* Bound target i into lo/hi.  A size is minimised exactly unless its
 * verdict is decided (and a part's first target always is, which proves
 * the part has a solution); an answer count's maximum is not sought when
 * the values seen prove the rule.  Returns TILLID_EDATA when P has no
 * solution. */
static int bound(struct solver *s, size_t i)
{
	const struct audit_lp *lp = s->lp;
	uint32_t v = lp->target_var[i];
	int size = !lp->target_answer[i];
	int solved = lp->feasible || (s->P && (glp_get_status(s->P) == GLP_OPT || glp_get_status(s->P) == GLP_UNBND));
	if (!s->ranges && !size && answer_exempt(lp, i, s->lo)) {
		s->lo[v] = s->seen_lo[v], s->hi[v] = s->seen_hi[v];
		return TILLID_OK;
	}
	if (solved && decided(s, i)) {
		int large = size && ceil(s->L[v] - 1e-7) >= lp->min;
		s->lo[v] = large ? s->L[v] : s->seen_lo[v];
		s->hi[v] = large ? s->U[v] : s->seen_hi[v];
		return TILLID_OK;
	}
	if (!isnan(s->lo[v]))
		return TILLID_OK;
	int j = s->p->col[v];
	s->lo[v] = optimise(problem(s), &j, 1, GLP_MIN);
	seen(s->P, s->p->vars, s->p->n_vars, s->seen_lo, s->seen_hi);
	int large = size && ceil(s->lo[v] - 1e-7) >= lp->min;
	if (!s->ranges && !isnan(s->lo[v]) && (large || proven(lp, i, s->lo[v], s->seen_hi[v])))
		s->hi[v] = s->seen_hi[v];
	else
		s->hi[v] = optimise(s->P, &j, 1, GLP_MAX);
	seen(s->P, s->p->vars, s->p->n_vars, s->seen_lo, s->seen_hi);
	return isnan(s->lo[v]) || isnan(s->hi[v]) ? TILLID_EDATA : TILLID_OK;
}

/* The targets of one kind (sizes or answer counts) whose verdict is not
 * yet decided, as columns into s->cols: with a finite propagated bound on
 * the side dir optimises, so that their total is bounded.  Returns how many. */
static size_t undecided(struct solver *s, int size, int dir)
{
	const struct audit_lp *lp = s->lp;
	size_t n = 0;
	for (size_t q = 0; q < s->p->n_targets; q++) {
		size_t i = s->p->targets[q];
		uint32_t v = lp->target_var[i];
		if (size == !lp->target_answer[i] && isnan(s->lo[v]) && !decided(s, i) &&
		    !isinf(dir == GLP_MIN ? s->L[v] : s->U[v]))
			s->cols[n++] = s->p->col[v];
	}
	return n;
}

/* Before bounding the targets of one kind one by one, optimise the total
 * of those still undecided, from below and from above in turn: each
 * solution widens the values seen of every unknown at once, which decides
 * most of them for the price of one optimum (only the values seen change;
 * every verdict is that of the exact ranges). Stops when a total decides
 * fewer than a few. */
static void sweep(struct solver *s, int size)
{
	for (int k = 0; k < 4; k++) {
		int dir = k % 2 ? GLP_MAX : GLP_MIN;
		size_t n = undecided(s, size, dir);
		if (n < 4)
			return;
		optimise(problem(s), s->cols, n, dir);
		seen(s->P, s->p->vars, s->p->n_vars, s->seen_lo, s->seen_hi);
		size_t left = undecided(s, size, dir);
		if (k >= 1 && left + 4 > n)
			return;
	}
}

/* The parts of lp: part_of[v] for every unknown (SIZE_MAX: in no part
 * with a target), the parts numbered in the order of their first target;
 * each part's unknowns, constraints and targets in lp's order, from
 * vstart, rstart and tstart[part] (counting sort). */
struct parts {
	size_t n;
	size_t *part_of;
	uint32_t *vars;
	size_t *rows, *targets;
	size_t *vstart, *rstart, *tstart;
};

static void parts_build(const struct audit_lp *lp, struct parts *s)
{
	size_t nv = lp->n_vars;
	uint32_t *up = xmalloc((nv ? nv : 1) * sizeof(*up));
	for (size_t v = 0; v < nv; v++)
		up[v] = (uint32_t)v;
	for (size_t r = 0; r < lp->n_rows; r++)
		for (size_t t = lp->start[r] + 1; t < lp->start[r + 1]; t++) {
			uint32_t x = uf_find(up, lp->var[lp->start[r]]), y = uf_find(up, lp->var[t]);
			if (x != y)
				up[x] = y;
		}
	size_t *root_part = xmalloc((nv ? nv : 1) * sizeof(*root_part));
	for (size_t v = 0; v < nv; v++)
		root_part[v] = SIZE_MAX;
	s->n = 0;
	for (size_t i = 0; i < lp->n_targets; i++) {
		uint32_t root = uf_find(up, lp->target_var[i]);
		if (root_part[root] == SIZE_MAX)
			root_part[root] = s->n++;
	}
	s->part_of = xmalloc((nv ? nv : 1) * sizeof(*s->part_of));
	for (size_t v = 0; v < nv; v++)
		s->part_of[v] = root_part[uf_find(up, (uint32_t)v)];
	free(root_part);
	free(up);
	s->vstart = xcalloc(s->n + 2, sizeof(*s->vstart));
	s->rstart = xcalloc(s->n + 2, sizeof(*s->rstart));
	s->tstart = xcalloc(s->n + 2, sizeof(*s->tstart));
	for (size_t v = 0; v < nv; v++)
		if (s->part_of[v] != SIZE_MAX)
			s->vstart[s->part_of[v] + 2]++;
	for (size_t r = 0; r < lp->n_rows; r++)
		if (s->part_of[lp->var[lp->start[r]]] != SIZE_MAX)
			s->rstart[s->part_of[lp->var[lp->start[r]]] + 2]++;
	for (size_t i = 0; i < lp->n_targets; i++)
		s->tstart[s->part_of[lp->target_var[i]] + 2]++;
	for (size_t q = 0; q < s->n; q++) {
		s->vstart[q + 2] += s->vstart[q + 1];
		s->rstart[q + 2] += s->rstart[q + 1];
		s->tstart[q + 2] += s->tstart[q + 1];
	}
	s->vars = xmalloc((nv ? nv : 1) * sizeof(*s->vars));
	s->rows = xmalloc((lp->n_rows ? lp->n_rows : 1) * sizeof(*s->rows));
	s->targets = xmalloc((lp->n_targets ? lp->n_targets : 1) * sizeof(*s->targets));
	for (size_t v = 0; v < nv; v++)
		if (s->part_of[v] != SIZE_MAX)
			s->vars[s->vstart[s->part_of[v] + 1]++] = (uint32_t)v;
	for (size_t r = 0; r < lp->n_rows; r++)
		if (s->part_of[lp->var[lp->start[r]]] != SIZE_MAX)
			s->rows[s->rstart[s->part_of[lp->var[lp->start[r]]] + 1]++] = r;
	for (size_t i = 0; i < lp->n_targets; i++)
		s->targets[s->tstart[s->part_of[lp->target_var[i]] + 1]++] = i;
}

static void parts_release(struct parts *s)
{
	free(s->part_of);
	free(s->vars);
	free(s->rows);
	free(s->targets);
	free(s->vstart);
	free(s->rstart);
	free(s->tstart);
}

/* Bound the targets of part s->p into s->lo/hi (indexed by unknown;
 * scratch L, U, seen_lo, seen_hi likewise, cols one per target).  Returns
 * TILLID_EDATA when the part has no solution. */
static int solve_part(struct solver *s)
{
	const struct audit_lp *lp = s->lp;
	const struct audit_part *p = s->p;
	int rc = TILLID_OK;
	if (!s->ranges)
		propagate(lp, p, s->L, s->U);
	s->P = NULL;
	/* sizes first, each bounded from below exactly: an answer count of a
	 * cell the reader can tell is large asks nothing (audit.c) */
	for (int pass = 0; pass < 2 && rc == TILLID_OK; pass++) {
		if (!s->ranges)
			sweep(s, pass == 0);
		for (size_t q = 0; q < p->n_targets && rc == TILLID_OK; q++) {
			size_t i = p->targets[q];
			if (!lp->target_answer[i] == (pass == 0))
				rc = bound(s, i);
		}
	}
	if (s->P)
		glp_delete_prob(s->P);
	return rc;
}

static void no_solution(const struct audit_part *p, struct strbuf *err)
{
	sb_addf(err, "the published counts contradict each other (no solution of %zu identities over %zu hidden "
		     "counts); rerun 'tillid stats' to rewrite the results",
		p->n_rows, p->n_vars);
}

int audit_lp_solve(struct audit_lp *lp, struct audit *a, struct strbuf *err)
{
	size_t nv = lp->n_vars;
	struct parts s;
	parts_build(lp, &s);
	a->n_components = s.n;
	a->n_lp_vars = nv;
	a->n_lp_rows = lp->n_rows;
	double *lo = xmalloc((nv ? nv : 1) * sizeof(*lo)), *hi = xmalloc((nv ? nv : 1) * sizeof(*hi));
	double *L = xmalloc((nv ? nv : 1) * sizeof(*L)), *U = xmalloc((nv ? nv : 1) * sizeof(*U));
	int *col = xmalloc((nv ? nv : 1) * sizeof(*col));
	int *cols = xmalloc((lp->n_targets ? lp->n_targets : 1) * sizeof(*cols));
	for (size_t v = 0; v < nv; v++) {
		lo[v] = hi[v] = NAN;
		col[v] = 0;
	}
	struct strbuf key = STRBUF_INIT;
	int rc = TILLID_OK;
	glp_term_out(GLP_OFF);
	for (size_t q = 0; q < s.n && rc == TILLID_OK; q++) {
		struct audit_part p = { s.vars + s.vstart[q], s.vstart[q + 1] - s.vstart[q],
					s.rows + s.rstart[q], s.rstart[q + 1] - s.rstart[q],
					s.targets + s.tstart[q], s.tstart[q + 1] - s.tstart[q],
					col, s.part_of, q };
		for (size_t k = 0; k < p.n_vars; k++)
			col[p.vars[k]] = (int)k + 1;
		int found = 0;
		if (a->cache) {
			audit_part_key(lp, &p, a->ranges, lo, &key);
			found = audit_cache_find(a->cache, &key, &p, lo, hi, &rc);
			a->n_reused += (size_t)found;
		}
		if (!found) {
			struct solver sv = { lp, &p, NULL, lo, hi, lp->seen_lo, lp->seen_hi, L, U, cols, a->ranges };
			rc = solve_part(&sv);
			if (a->cache)
				audit_cache_put(a->cache, &key, &p, lo, hi, rc);
		}
		if (rc != TILLID_OK)
			no_solution(&p, err);
	}
	glp_term_out(GLP_ON);
	for (size_t i = 0; i < lp->n_targets && rc == TILLID_OK; i++) {
		uint32_t v = lp->target_var[i];
		add_cell(a, lp, i, lo[v], hi[v]);
	}
	sb_release(&key);
	parts_release(&s);
	free(lo);
	free(hi);
	free(L);
	free(U);
	free(col);
	free(cols);
	return rc;
}
