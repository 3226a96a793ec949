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

/* Minimise or maximise column j of P from the basis it holds.  Returns
 * the optimum, +-INFINITY when unbounded, NAN when there is no solution. */
static double optimise(glp_prob *P, int j, int dir)
{
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	glp_set_obj_dir(P, dir);
	glp_set_obj_coef(P, j, 1);
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
	glp_set_obj_coef(P, j, 0);
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

/* Bound target i (column j of P; vars its part) into lo/hi.  A size is
 * always minimised (whether it is large decides its answers); with
 * !ranges, a maximum the values seen already prove the rule for is not
 * sought.  Returns TILLID_EDATA when P has no solution. */
static int bound(glp_prob *P, const struct audit_lp *lp, size_t i, const uint32_t *vars, size_t n, int j,
		 double *lo, double *hi, double *seen_lo, double *seen_hi, int ranges)
{
	uint32_t v = lp->target_var[i];
	int size = !lp->target_answer[i];
	if (!ranges && !size && proven(lp, i, seen_lo[v], seen_hi[v])) {
		lo[v] = seen_lo[v], hi[v] = seen_hi[v];
		return TILLID_OK;
	}
	if (!isnan(lo[v]))
		return TILLID_OK;
	lo[v] = optimise(P, j, GLP_MIN);
	seen(P, vars, n, seen_lo, seen_hi);
	int large = size && ceil(lo[v] - 1e-7) >= lp->min;
	if (!ranges && !isnan(lo[v]) && (large || proven(lp, i, lo[v], seen_hi[v])))
		hi[v] = seen_hi[v];
	else
		hi[v] = optimise(P, j, GLP_MAX);
	seen(P, vars, n, seen_lo, seen_hi);
	return isnan(lo[v]) || isnan(hi[v]) ? TILLID_EDATA : TILLID_OK;
}

int audit_lp_solve(const struct audit_lp *lp, struct audit *a, struct strbuf *err)
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
	/* the parts holding a target, in the order of their first target */
	size_t *part_of = xmalloc((nv ? nv : 1) * sizeof(*part_of));
	for (size_t v = 0; v < nv; v++)
		part_of[v] = SIZE_MAX;
	size_t n_parts = 0;
	for (size_t i = 0; i < lp->n_targets; i++) {
		uint32_t root = uf_find(up, lp->target_var[i]);
		if (part_of[root] == SIZE_MAX)
			part_of[root] = n_parts++;
	}
	a->n_components = n_parts;
	a->n_lp_vars = nv;
	a->n_lp_rows = lp->n_rows;
	double *lo = xmalloc((nv ? nv : 1) * sizeof(*lo)), *hi = xmalloc((nv ? nv : 1) * sizeof(*hi));
	double *seen_lo = xmalloc((nv ? nv : 1) * sizeof(*lo)), *seen_hi = xmalloc((nv ? nv : 1) * sizeof(*hi));
	int *col = xmalloc((nv ? nv : 1) * sizeof(*col));
	uint32_t *vars = xmalloc((nv ? nv : 1) * sizeof(*vars));
	size_t *rows = xmalloc((lp->n_rows ? lp->n_rows : 1) * sizeof(*rows));
	int rc = TILLID_OK;
	glp_term_out(GLP_OFF);
	/* the unknowns and constraints of each part, by counting sort */
	size_t *vstart = xcalloc(n_parts + 2, sizeof(*vstart)), *rstart = xcalloc(n_parts + 2, sizeof(*rstart));
	size_t *vpart = xmalloc((nv ? nv : 1) * sizeof(*vpart));
	for (size_t v = 0; v < nv; v++) {
		vpart[v] = part_of[uf_find(up, (uint32_t)v)];
		if (vpart[v] != SIZE_MAX)
			vstart[vpart[v] + 2]++;
	}
	for (size_t r = 0; r < lp->n_rows; r++) {
		size_t q = vpart[lp->var[lp->start[r]]];
		if (q != SIZE_MAX)
			rstart[q + 2]++;
	}
	for (size_t q = 0; q < n_parts; q++) {
		vstart[q + 2] += vstart[q + 1];
		rstart[q + 2] += rstart[q + 1];
	}
	for (size_t v = 0; v < nv; v++)
		if (vpart[v] != SIZE_MAX) {
			vars[vstart[vpart[v] + 1]++] = (uint32_t)v;
			lo[v] = hi[v] = NAN;
		} else {
			col[v] = 0;
		}
	for (size_t r = 0; r < lp->n_rows; r++) {
		size_t q = vpart[lp->var[lp->start[r]]];
		if (q != SIZE_MAX)
			rows[rstart[q + 1]++] = r;
	}
	for (size_t p = 0; p < n_parts && rc == TILLID_OK; p++) {
		size_t n = vstart[p + 1] - vstart[p], nr = rstart[p + 1] - rstart[p];
		for (size_t k = vstart[p]; k < vstart[p + 1]; k++)
			col[vars[k]] = (int)(k - vstart[p]) + 1;
		glp_prob *P = part_problem(lp, vars + vstart[p], n, rows + rstart[p], nr, col);
		for (size_t k = vstart[p]; k < vstart[p + 1]; k++)
			seen_lo[vars[k]] = INFINITY, seen_hi[vars[k]] = -INFINITY;
		/* sizes first, each bounded from below exactly: an answer count of a
		 * cell the reader can tell is large asks nothing (audit.c) */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = 0; i < lp->n_targets && rc == TILLID_OK; i++) {
				uint32_t v = lp->target_var[i];
				int size = !lp->target_answer[i];
				if (vpart[v] != p || size != (pass == 0))
					continue;
				if (!a->ranges && !size && answer_exempt(lp, i, lo))
					lo[v] = seen_lo[v], hi[v] = seen_hi[v];
				else
					rc = bound(P, lp, i, vars + vstart[p], n, col[v], lo, hi, seen_lo, seen_hi, a->ranges);
				if (rc != TILLID_OK)
					sb_addf(err, "the published counts contradict each other (no solution of %zu "
						     "identities over %zu hidden counts); rerun 'tillid stats' to rewrite the results",
						nr, n);
			}
		glp_delete_prob(P);
	}
	glp_term_out(GLP_ON);
	for (size_t i = 0; i < lp->n_targets && rc == TILLID_OK; i++) {
		uint32_t v = lp->target_var[i];
		add_cell(a, lp, i, lo[v], hi[v]);
	}
	free(up);
	free(part_of);
	free(vpart);
	free(vstart);
	free(rstart);
	free(lo);
	free(hi);
	free(seen_lo);
	free(seen_hi);
	free(col);
	free(vars);
	free(rows);
	return rc;
}
