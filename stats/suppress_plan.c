/* suppress_plan.c: which cells of every count table are hidden: the family rule, then more cells until the disclosure audit passes. */
#include "analysis_internal.h"
#include "audit.h"
#include "core/hashmap.h"

#include <stdlib.h>
#include <string.h>

/* The tables a plan covers: respondents per wave, the answers of each
 * variable and wave, the pairs of each variable and comparison, the
 * listwise-complete respondents of each scale and wave (all and groups). */
enum plan_table { PT_RESP, PT_ONE, PT_PAIR, PT_REL };

void sup_plan_init(struct sup_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void sup_plan_release(struct sup_plan *p)
{
	free(p->resp);
	free(p->one);
	free(p->pair);
	free(p->pair_withheld);
	free(p->rel);
	free(p->force);
	memset(p, 0, sizeof(*p));
}

/* The table index of (kind, var, where) into the plan's arrays, in cells. */
static size_t table_off(const struct analysis_ctx *c, enum plan_table kind, size_t var, size_t where)
{
	size_t nc = c->t.n_cells, nw = c->t.n_waves, nk = c->t.n_comp;
	switch (kind) {
	case PT_RESP:
		return where * nc;
	case PT_ONE:
		return (nw + var * nw + where) * nc;
	case PT_PAIR:
		return (nw + c->t.n_vars * nw + var * nk + where) * nc;
	default:
		return (nw + c->t.n_vars * (nw + nk) + var * nw + where) * nc;
	}
}

static unsigned char *table_sup(const struct analysis_ctx *c, struct sup_plan *p, enum plan_table kind,
				size_t var, size_t where)
{
	size_t nc = c->t.n_cells, nw = c->t.n_waves, nk = c->t.n_comp;
	switch (kind) {
	case PT_RESP:
		return p->resp + where * nc;
	case PT_ONE:
		return p->one + (var * nw + where) * nc;
	case PT_PAIR:
		return p->pair + (var * nk + where) * nc;
	default:
		return p->rel + (var * nw + where) * nc;
	}
}

/* n[cell] of a table: respondents, substantive answers, pairs, or
 * listwise-complete respondents (0 outside all and the groups). */
static void table_counts(const struct analysis_ctx *c, enum plan_table kind, size_t var, size_t where,
			 uint64_t *n)
{
	const struct tvar *v = &c->t.vars[var < c->t.n_vars ? var : 0];
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		uint64_t s = 0;
		if (kind == PT_RESP) {
			s = c->t.respondents[where * c->t.n_cells + cell];
		} else if (kind == PT_ONE) {
			const uint64_t *cnt = tables_counts(&c->t, var, where, cell);
			for (size_t i = 0; i < v->n_values; i++)
				s += cnt[i];
		} else if (kind == PT_REL) {
			if (v->is_scale && v->k && cell <= c->t.n_groups)
				s = tables_rel(&c->t, v->index, where, cell)->n;
		} else {
			size_t ne;
			const struct pair_entry *pe = tables_pairs(&c->t, var, where, cell, &ne);
			for (size_t i = 0; i < ne; i++)
				s += pe[i].n;
		}
		n[cell] = s;
	}
}

/* Suppress every table anew with the cells forced so far.  A cell hidden
 * in the respondents of a wave is hidden in every table of that wave (and
 * its pairs in every comparison with that wave): respondents = n +
 * n_missing for every variable, so one table showing the cell would give
 * it back. */
static void plan_compute(const struct analysis_ctx *c, struct sup_plan *p, uint64_t *n, unsigned char *force)
{
	size_t nc = c->t.n_cells;
	/* a cell hidden at another wave (this round or, for later waves, the
	 * last) is the cheaper corner of a rectangle: its changes are lost */
	for (size_t w = 0; w < c->t.n_waves; w++) {
		for (size_t cell = 0; cell < nc; cell++) {
			force[cell] = 0;
			for (size_t o = 0; o < c->t.n_waves; o++)
				force[cell] |= o != w && p->resp[o * nc + cell] != SUP_SHOWN;
		}
		table_counts(c, PT_RESP, 0, w, n);
		tables_suppress_prefer(&c->t, n, c->min, p->force + table_off(c, PT_RESP, 0, w), force,
				       table_sup(c, p, PT_RESP, 0, w));
	}
	for (size_t v = 0; v < c->t.n_vars; v++) {
		for (size_t w = 0; w < c->t.n_waves; w++) {
			const unsigned char *f = p->force + table_off(c, PT_ONE, v, w), *r = p->resp + w * nc;
			for (size_t cell = 0; cell < nc; cell++)
				force[cell] = f[cell] || r[cell];
			table_counts(c, PT_ONE, v, w, n);
			tables_suppress_forced(&c->t, n, c->min, force, table_sup(c, p, PT_ONE, v, w));
			if (!c->t.vars[v].is_scale)
				continue;
			/* reliability of all and the groups: a reader adds the groups' alpha_n up */
			f = p->force + table_off(c, PT_REL, v, w);
			for (size_t cell = 0; cell < nc; cell++)
				force[cell] = f[cell] || r[cell];
			table_counts(c, PT_REL, v, w, n);
			tables_suppress_forced(&c->t, n, c->min, force, table_sup(c, p, PT_REL, v, w));
		}
		for (size_t k = 0; k < c->t.n_comp; k++) {
			const unsigned char *f = p->force + table_off(c, PT_PAIR, v, k),
					    *rb = p->resp + tables_comp_base(k) * nc,
					    *rl = p->resp + tables_comp_later(k) * nc;
			for (size_t cell = 0; cell < nc; cell++)
				force[cell] = f[cell] || rb[cell] || rl[cell];
			table_counts(c, PT_PAIR, v, k, n);
			tables_suppress_forced(&c->t, n, c->min, force, table_sup(c, p, PT_PAIR, v, k));
		}
	}
}

/* The rows a reader could use against the plan: respondents, every
 * one-wave block, n_pairs and alpha_n, with the plan's suppression. */
static void audit_rows(struct analysis_ctx *c, struct sup_plan *p, struct results *res)
{
	const struct tds_meta *m = &c->d->meta;
	size_t nc = c->t.n_cells;
	struct results *keep = c->res;
	c->res = res;
	struct emit e = { res, { "*", "", "", "", "", "" }, RES_WHY_NONE, RES_WHY_NONE };
	for (size_t w = 0; w < c->t.n_waves; w++)
		for (size_t cell = 0; cell < nc; cell++) {
			if (!c->t.cells[cell].used)
				continue;
			an_set_ctx(&e, &c->t.cells[cell], m->waves[w].id, RES_DESIGN_NONE);
			e.supp = an_sup_reason(p->resp[w * nc + cell], SUP_SHOWN);
			an_put(&e, RS_RESPONDENTS, (double)c->t.respondents[w * nc + cell], RES_WHY_NONE);
		}
	for (size_t v = 0; v < c->t.n_vars; v++) {
		const struct tvar *tv = &c->t.vars[v];
		if (tv->is_scale && tv->sd->reason != RES_WHY_NONE)
			continue;
		e.ctx.variable = tv->id;
		e.ctx.variable_type = res_var_type_name(tv->is_scale ? RES_VAR_SCALE : RES_VAR_ITEM);
		for (size_t cell = 0; cell < nc; cell++) {
			const struct cell *cl = &c->t.cells[cell];
			if (!cl->used)
				continue;
			for (size_t w = 0; w < c->t.n_waves; w++) {
				an_set_ctx(&e, cl, m->waves[w].id, RES_DESIGN_NONE);
				e.supp = an_sup_reason(table_sup(c, p, PT_ONE, v, w)[cell], SUP_SHOWN);
				e.na = RES_WHY_NONE;
				an_one_wave(c, v, w, cell, &e);
				if (tv->is_scale && cell <= c->t.n_groups) {
					e.supp = an_sup_reason(table_sup(c, p, PT_REL, v, w)[cell], SUP_SHOWN);
					an_put(&e, RS_ALPHA_N, (double)tables_rel(&c->t, tv->index, w, cell)->n,
					       RES_WHY_NONE);
				}
			}
			uint64_t *n1 = xmalloc(sizeof(*n1));
			for (size_t k = 0; k < c->t.n_comp; k++) {
				char *label = res_comparison(m->waves[tables_comp_base(k)].id,
							     m->waves[tables_comp_later(k)].id);
				size_t ne;
				const struct pair_entry *pe = tables_pairs(&c->t, v, k, cell, &ne);
				*n1 = 0;
				for (size_t i = 0; i < ne; i++)
					*n1 += pe[i].n;
				an_set_ctx(&e, cl, label, RES_DESIGN_PAIRED);
				sup_plan_pair_notes(c, p, v, k, cell, &e);
				an_put(&e, RS_N_PAIRS, (double)*n1, RES_WHY_NONE);
				free(label);
			}
			free(n1);
		}
	}
	c->res = keep;
}

void sup_plan_pair_notes(const struct analysis_ctx *c, const struct sup_plan *p, size_t var, size_t comp,
			 size_t cell, struct emit *e)
{
	int withheld = p->pair_withheld[var * c->t.n_comp + comp];
	e->supp = withheld ? RES_WHY_NONE : an_sup_reason(p->pair[(var * c->t.n_comp + comp) * c->t.n_cells + cell],
							   SUP_SHOWN);
	e->na = withheld ? RES_WHY_PAIRS_WITHHELD : RES_WHY_NONE;
}

/* Lookups from the rows' strings back to the tables. */
struct plan_index {
	struct hashmap vars, waves, comps, cells;
};

static void index_build(const struct analysis_ctx *c, struct plan_index *x)
{
	const struct tds_meta *m = &c->d->meta;
	hashmap_init(&x->vars);
	hashmap_init(&x->waves);
	hashmap_init(&x->comps);
	hashmap_init(&x->cells);
	for (size_t v = 0; v < c->t.n_vars; v++)
		hashmap_add_str(&x->vars, c->t.vars[v].id, NULL);
	for (size_t w = 0; w < c->t.n_waves; w++)
		hashmap_add_str(&x->waves, m->waves[w].id, NULL);
	for (size_t k = 0; k < c->t.n_comp; k++) {
		char *label =
			res_comparison(m->waves[tables_comp_base(k)].id, m->waves[tables_comp_later(k)].id);
		hashmap_add_str(&x->comps, label, NULL);
		free(label);
	}
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		char *key = xasprintf("%s\x1f%s", res_breakdown_name(c->t.cells[cell].kind), c->t.cells[cell].value);
		hashmap_add_str(&x->cells, key, NULL);
		free(key);
	}
}

static void index_release(struct plan_index *x)
{
	hashmap_release(&x->vars);
	hashmap_release(&x->waves);
	hashmap_release(&x->comps);
	hashmap_release(&x->cells);
}

/* Hide one more cell for a row the audit found too exposed, once per
 * table and cell in a round (done marks them).  Returns 1 when a cell was
 * added. */
static int protect_row(const struct analysis_ctx *c, struct sup_plan *p, const struct plan_index *x,
		       const struct res_row *r, uint64_t *n, unsigned char *done)
{
	char *key = xasprintf("%s\x1f%s", r->breakdown, r->breakdown_value);
	long cell = hashmap_find_str(&x->cells, key);
	free(key);
	if (cell < 0)
		return 0;
	enum plan_table kind = PT_ONE;
	long var = 0, where;
	if (r->statistic == RS_RESPONDENTS) {
		kind = PT_RESP;
		where = hashmap_find_str(&x->waves, r->wave);
	} else if (r->statistic == RS_N_PAIRS) {
		kind = PT_PAIR;
		var = hashmap_find_str(&x->vars, r->variable);
		where = hashmap_find_str(&x->comps, r->wave);
	} else if (r->statistic == RS_ALPHA_N) {
		kind = PT_REL;
		var = hashmap_find_str(&x->vars, r->variable);
		where = hashmap_find_str(&x->waves, r->wave);
	} else {
		var = hashmap_find_str(&x->vars, r->variable);
		where = hashmap_find_str(&x->waves, r->wave);
	}
	if (var < 0 || where < 0)
		return 0;
	size_t at = table_off(c, kind, (size_t)var, (size_t)where) + (size_t)cell;
	if (done[at])
		return 0;
	done[at] = 1;
	table_counts(c, kind, (size_t)var, (size_t)where, n);
	return tables_protect(&c->t, n, table_sup(c, p, kind, (size_t)var, (size_t)where), (size_t)cell,
			      p->force + table_off(c, kind, (size_t)var, (size_t)where));
}

/* When no cell is left to hide: withhold every pair table in which the
 * audit still finds a breach.  The notes alone can give a pair count away:
 * a pair cell marked complementary holds at least min, so with two
 * children below the minimum each holds at least one, and a group's pairs
 * summed over two such municipalities at least two, whatever else is
 * hidden.  A withheld table publishes no count and no note, so the reader
 * learns nothing of its pairs beyond n_pairs <= n.  Returns 1 when a table
 * was withheld. */
static int withhold_pairs(const struct analysis_ctx *c, struct sup_plan *p, const struct plan_index *x,
			  const struct audit *a, const struct results *res)
{
	int added = 0;
	for (size_t i = 0; i < a->n_cells; i++) {
		const struct res_row *r = &res->rows[a->cells[i].row];
		if (!(a->cells[i].exact || a->cells[i].narrow) || r->statistic != RS_N_PAIRS)
			continue;
		long var = hashmap_find_str(&x->vars, r->variable), comp = hashmap_find_str(&x->comps, r->wave);
		if (var < 0 || comp < 0 || p->pair_withheld[(size_t)var * c->t.n_comp + (size_t)comp])
			continue;
		p->pair_withheld[(size_t)var * c->t.n_comp + (size_t)comp] = 1;
		added = 1;
	}
	return added;
}

/* What the plan hides: cells and the answers (respondents, pairs) in them. */
static void plan_summary(const struct analysis_ctx *c, struct sup_plan *p, uint64_t *n, struct sup_summary *s)
{
	memset(s, 0, sizeof(*s));
	for (int kind = PT_RESP; kind <= PT_REL; kind++) {
		size_t nvar = kind == PT_RESP ? 1 : c->t.n_vars, nwh = kind == PT_PAIR ? c->t.n_comp : c->t.n_waves;
		for (size_t v = 0; v < nvar; v++)
			for (size_t w = 0; w < nwh; w++) {
				table_counts(c, (enum plan_table)kind, v, w, n);
				const unsigned char *sup = table_sup(c, p, (enum plan_table)kind, v, w);
				for (size_t cell = 0; cell < c->t.n_cells; cell++) {
					if (!c->t.cells[cell].used || !sup[cell] ||
					    (kind == PT_REL && (!c->t.vars[v].is_scale || cell > c->t.n_groups)))
						continue;
					int comp = sup[cell] == SUP_COMPLEMENTARY;
					s->cells[comp]++;
					s->answers[comp] += n[cell];
					if (kind == PT_RESP) {
						s->resp_cells[comp]++;
						s->respondents[comp] += n[cell];
					}
				}
			}
	}
}

int sup_plan_build(struct analysis_ctx *c, struct sup_plan *p, struct sup_summary *first,
		   struct sup_summary *last, struct strbuf *err)
{
	size_t nc = c->t.n_cells;
	size_t n_tables = c->t.n_waves + c->t.n_vars * (2 * c->t.n_waves + c->t.n_comp);
	p->resp = xcalloc(c->t.n_waves * nc + 1, 1);
	p->one = xcalloc(c->t.n_vars * c->t.n_waves * nc + 1, 1);
	p->pair = xcalloc(c->t.n_vars * c->t.n_comp * nc + 1, 1);
	p->rel = xcalloc(c->t.n_vars * c->t.n_waves * nc + 1, 1);
	p->pair_withheld = xcalloc(c->t.n_vars * c->t.n_comp + 1, 1);
	p->force = xcalloc(n_tables * nc + 1, 1);
	uint64_t *n = xmalloc((nc ? nc : 1) * sizeof(*n));
	unsigned char *done = xmalloc(n_tables * nc + 1);
	struct plan_index x;
	index_build(c, &x);
	int rc = TILLID_OK;
	for (p->rounds = 1;; p->rounds++) {
		plan_compute(c, p, n, done);
		if (p->rounds == 1 && first)
			plan_summary(c, p, n, first);
		struct results res;
		results_init(&res);
		audit_rows(c, p, &res);
		struct audit a;
		audit_init(&a);
		a.cache = c->o->audit_cache;
		rc = audit_run(&a, &res, c->min, err);
		int added = 0;
		if (rc == TILLID_OK && !audit_passed(&a)) {
			memset(done, 0, n_tables * nc + 1);
			for (size_t i = 0; i < a.n_cells; i++)
				if (a.cells[i].exact || a.cells[i].narrow)
					added |= protect_row(c, p, &x, &res.rows[a.cells[i].row], n, done);
			if (!added)
				added = withhold_pairs(c, p, &x, &a, &res);
			if (!added) {
				audit_describe_failure(&a, &res, err);
				rc = TILLID_EDATA;
			}
		}
		audit_release(&a);
		results_release(&res);
		if (rc != TILLID_OK || !added)
			break;
	}
	if (last)
		plan_summary(c, p, n, last);
	index_release(&x);
	free(done);
	free(n);
	return rc;
}
