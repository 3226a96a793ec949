/* analysis.c: drives the statistics stage: count tables, then per variable and cell the blocks of rows, then the adjusted p-values. */
#include "analysis_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void stats_options_init(struct stats_options *o)
{
	o->seed = STATS_DEFAULT_SEED;
	o->resamples = STATS_DEFAULT_RESAMPLES;
	o->conf = 0.95;
	o->bh = 0;
	o->paired_lead = TILLID_PAIRED_LEAD_MIN;
	o->min_group_size = -1;
	o->suppression = NULL;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = cores > 0 ? (size_t)cores : 1;
	o->progress = NULL;
	o->audit_cache = NULL;
}

static void ensure_scratch(struct analysis_ctx *c, size_t n)
{
	if (n <= c->scratch)
		return;
	c->scratch = n;
	c->w = xrealloc(c->w, n * sizeof(*c->w));
	c->w2 = xrealloc(c->w2, n * sizeof(*c->w2));
}

void an_set_ctx(struct emit *e, const struct cell *cl, const char *wave, enum res_design design)
{
	e->ctx.breakdown = res_breakdown_name(cl->kind);
	e->ctx.breakdown_value = cl->value;
	e->ctx.wave = wave;
	e->ctx.design = res_design_name(design);
	results_ctx_intern(e->res, &e->ctx);
}

enum res_reason an_sup_reason(unsigned char a, unsigned char b)
{
	/* one note for every hidden cell, primary or complementary: a note
	 * that told them apart would tell the reader which hidden cells are
	 * small (docs/statistics.md) */
	return a != SUP_SHOWN || b != SUP_SHOWN ? RES_WHY_SUPPRESSED : RES_WHY_NONE;
}

static void study_rows(struct analysis_ctx *c)
{
	const struct tds_meta *m = &c->d->meta;
	struct emit e = { c->res, { "*", res_var_type_name(RES_VAR_NONE), "", "", "", "" }, RES_WHY_NONE,
			  RES_WHY_NONE };
	an_set_ctx(&e, &c->t.cells[cell_all(&c->t)], "", RES_DESIGN_NONE);
	an_put(&e, RS_BOOTSTRAP_SEED, (double)c->o->seed, RES_WHY_NONE);
	an_put(&e, RS_BOOTSTRAP_RESAMPLES, (double)c->o->resamples, RES_WHY_NONE);
	an_put(&e, RS_MIN_GROUP_SIZE, (double)c->min, RES_WHY_NONE);
	an_put(&e, RS_PAIRED_LEAD_MIN, (double)an_paired_lead_min(c), RES_WHY_NONE);
	an_put(&e, RS_CONF_LEVEL, c->o->conf, RES_WHY_NONE);
	an_put(&e, RS_SMALLEST_CHANGE, m->smallest_change / 1000.0, RES_WHY_NONE);

	/* respondents per wave and cell, suppressed by the same rule */
	for (size_t w = 0; w < c->t.n_waves; w++) {
		const unsigned char *sup = c->plan.resp + w * c->t.n_cells;
		for (size_t cell = 0; cell < c->t.n_cells; cell++) {
			if (!c->t.cells[cell].used)
				continue;
			an_set_ctx(&e, &c->t.cells[cell], m->waves[w].id, RES_DESIGN_NONE);
			e.supp = an_sup_reason(sup[cell], SUP_SHOWN);
			an_put(&e, RS_RESPONDENTS, (double)c->t.respondents[w * c->t.n_cells + cell], RES_WHY_NONE);
		}
	}
}

static void variable_rows(struct analysis_ctx *c, size_t var)
{
	const struct tds_meta *m = &c->d->meta;
	const struct tvar *v = &c->t.vars[var];
	size_t nc = c->t.n_cells, nw = c->t.n_waves;
	struct emit e = { c->res,
			  { v->id, res_var_type_name(v->is_scale ? RES_VAR_SCALE : RES_VAR_ITEM), "", "", "", "" },
			  RES_WHY_NONE, RES_WHY_NONE };

	if (v->is_scale && v->sd->reason != RES_WHY_NONE) {
		an_set_ctx(&e, &c->t.cells[0], "", RES_DESIGN_NONE);
		e.na = v->sd->reason;
		an_put(&e, RS_N, NAN, RES_WHY_NONE);
		return;
	}
	if (!v->is_scale) {
		/* which items are turned: said once, for the whole study */
		an_set_ctx(&e, &c->t.cells[cell_all(&c->t)], "", RES_DESIGN_NONE);
		an_put(&e, RS_REVERSED, v->reverse, RES_WHY_NONE);
	}
	const unsigned char *sup = c->plan.one + var * nw * nc;

	for (size_t cell = 0; cell < nc; cell++) {
		const struct cell *cl = &c->t.cells[cell];
		if (!cl->used)
			continue;
		for (size_t w = 0; w < nw; w++) {
			an_set_ctx(&e, cl, m->waves[w].id, RES_DESIGN_NONE);
			e.supp = an_sup_reason(sup[w * nc + cell], SUP_SHOWN);
			e.na = RES_WHY_NONE;
			an_one_wave(c, var, w, cell, &e);
		}
		for (size_t k = 0; k < c->t.n_comp; k++) {
			size_t wb = tables_comp_base(k), wl = tables_comp_later(k);
			char *label = res_comparison(m->waves[wb].id, m->waves[wl].id);
			struct change_at at = { var, k, cell };
			an_set_ctx(&e, cl, label, RES_DESIGN_PAIRED);
			sup_plan_pair_notes(c, &c->plan, var, k, cell, &e);
			an_change_paired(c, &at, &e);
			an_set_ctx(&e, cl, label, RES_DESIGN_INDEPENDENT);
			e.supp = an_sup_reason(sup[wb * nc + cell], sup[wl * nc + cell]);
			e.na = RES_WHY_NONE;
			an_change_indep(c, &at, &e);
			free(label);
		}
	}
	if (v->is_scale) {
		/* reliability for "all" and each group, suppressed as planned (a
		 * reader adds the groups' alpha_n up to all's) */
		for (size_t rc = 0; rc <= c->t.n_groups; rc++) {
			const struct cell *cl = &c->t.cells[rc];
			if (!cl->used)
				continue;
			for (size_t w = 0; w < nw; w++) {
				an_set_ctx(&e, cl, m->waves[w].id, RES_DESIGN_NONE);
				e.supp = an_sup_reason(c->plan.rel[(var * nw + w) * nc + rc], SUP_SHOWN);
				e.na = RES_WHY_NONE;
				an_reliability(c, v->index, w, rc, &e);
			}
		}
	}
}

int analysis_run(const struct tds *d, const struct stats_options *o, struct results *res,
		 struct strbuf *err)
{
	const struct tds_meta *m = &d->meta;
	struct analysis_ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.o = o;
	c.res = res;
	int min = m->min_group_size;
	if (o->min_group_size > min)
		min = o->min_group_size;
	c.min = min > 0 ? (uint64_t)min : 0;

	c.scales = xcalloc(m->n_scales ? m->n_scales : 1, sizeof(*c.scales));
	for (size_t s = 0; s < m->n_scales; s++)
		scale_def_build(&c.scales[s], m, s);
	int rc = tables_build(&c.t, d, c.scales, o->progress, err);
	if (rc == TILLID_OK) {
		size_t most = 1;
		for (size_t v = 0; v < c.t.n_vars; v++)
			if (c.t.vars[v].n_values > most)
				most = c.t.vars[v].n_values;
		ensure_scratch(&c, most);
		struct stats_suppression *ss = o->suppression;
		rc = sup_plan_build(&c, &c.plan, ss ? &ss->family : NULL, ss ? &ss->audited : NULL, err);
		if (ss)
			ss->rounds = c.plan.rounds;
	}
	if (rc == TILLID_OK) {
		study_rows(&c);
		for (size_t v = 0; v < c.t.n_vars; v++)
			variable_rows(&c, v);
		an_boot_run_all(&c);
		an_ptest_adjust_all(&c);
		an_verdict_all(&c);
	}
	if (c.t.n_cells)
		tables_release(&c.t);
	sup_plan_release(&c.plan);
	for (size_t s = 0; s < m->n_scales; s++)
		scale_def_release(&c.scales[s]);
	free(c.scales);
	free(c.pt);
	free(c.vt);
	free(c.w);
	free(c.w2);
	free(c.diff);
	free(c.boot);
	return rc;
}
