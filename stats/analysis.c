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
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->threads = cores > 0 ? (size_t)cores : 1;
	o->progress = NULL;
}

static void ensure_scratch(struct analysis_ctx *c, size_t n)
{
	if (n <= c->scratch)
		return;
	c->scratch = n;
	c->w = xrealloc(c->w, n * sizeof(*c->w));
	c->w2 = xrealloc(c->w2, n * sizeof(*c->w2));
}

/* n[cell] = substantive answers of var in wave. */
static void answers_per_cell(const struct analysis_ctx *c, size_t var, size_t wave, uint64_t *n)
{
	const struct tvar *v = &c->t.vars[var];
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		const uint64_t *cnt = tables_counts(&c->t, var, wave, cell);
		uint64_t s = 0;
		for (size_t i = 0; i < v->n_values; i++)
			s += cnt[i];
		n[cell] = s;
	}
}

static void pairs_per_cell(const struct analysis_ctx *c, size_t var, size_t comp, uint64_t *n)
{
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		size_t ne;
		const struct pair_entry *pe = tables_pairs(&c->t, var, comp, cell, &ne);
		uint64_t s = 0;
		for (size_t i = 0; i < ne; i++)
			s += pe[i].n;
		n[cell] = s;
	}
}

/* The suppression of variable var's cells: sup[w n_cells + cell] for the
 * answers of each wave, psup[k n_cells + cell] for the pairs of each
 * comparison (enum sup_kind). */
static void suppression(const struct analysis_ctx *c, size_t var, unsigned char *sup,
			unsigned char *psup)
{
	size_t nc = c->t.n_cells;
	uint64_t *n = xmalloc(nc * sizeof(*n));
	for (size_t w = 0; w < c->t.n_waves; w++) {
		answers_per_cell(c, var, w, n);
		tables_suppress(&c->t, n, c->min, sup + w * nc);
	}
	for (size_t k = 0; k < c->t.n_comp; k++) {
		pairs_per_cell(c, var, k, n);
		tables_suppress(&c->t, n, c->min, psup + k * nc);
		for (size_t cell = 0; cell < nc; cell++)
			if (n[cell] == 0)
				psup[k * nc + cell] = SUP_SHOWN; /* "no pairs" says nothing about answers */
	}
	free(n);
}

/* Set the cell, wave and design of e's rows; the context is interned. */
static void set_ctx(struct emit *e, const struct cell *cl, const char *wave, enum res_design design)
{
	e->ctx.breakdown = res_breakdown_name(cl->kind);
	e->ctx.breakdown_value = cl->value;
	e->ctx.wave = wave;
	e->ctx.design = res_design_name(design);
	results_ctx_intern(e->res, &e->ctx);
}

/* The note of a block that rests on cells of kinds a and b (enum sup_kind;
 * SUP_SHOWN for a block with one cell): none when both are shown, else
 * why it is suppressed.  A side below the minimum is the reason, even when
 * the other side is a complementary cell. */
static enum res_reason sup_reason(unsigned char a, unsigned char b)
{
	if (a == SUP_PRIMARY || b == SUP_PRIMARY)
		return RES_WHY_FEWER;
	if (a == SUP_COMPLEMENTARY || b == SUP_COMPLEMENTARY)
		return RES_WHY_COMPLEMENTARY;
	return RES_WHY_NONE;
}

static void study_rows(struct analysis_ctx *c)
{
	const struct tds_meta *m = &c->d->meta;
	struct emit e = { c->res, { "*", res_var_type_name(RES_VAR_NONE), "", "", "", "" }, RES_WHY_NONE,
			  RES_WHY_NONE };
	set_ctx(&e, &c->t.cells[cell_all(&c->t)], "", RES_DESIGN_NONE);
	an_put(&e, RS_BOOTSTRAP_SEED, (double)c->o->seed, RES_WHY_NONE);
	an_put(&e, RS_BOOTSTRAP_RESAMPLES, (double)c->o->resamples, RES_WHY_NONE);
	an_put(&e, RS_MIN_GROUP_SIZE, (double)c->min, RES_WHY_NONE);
	an_put(&e, RS_PAIRED_LEAD_MIN, (double)an_paired_lead_min(c), RES_WHY_NONE);
	an_put(&e, RS_CONF_LEVEL, c->o->conf, RES_WHY_NONE);
	an_put(&e, RS_SMALLEST_CHANGE, m->smallest_change / 1000.0, RES_WHY_NONE);

	/* respondents per wave and cell, suppressed by the same rule */
	unsigned char *sup = xmalloc(c->t.n_cells);
	for (size_t w = 0; w < c->t.n_waves; w++) {
		tables_suppress(&c->t, c->t.respondents + w * c->t.n_cells, c->min, sup);
		for (size_t cell = 0; cell < c->t.n_cells; cell++) {
			if (!c->t.cells[cell].used)
				continue;
			set_ctx(&e, &c->t.cells[cell], m->waves[w].id, RES_DESIGN_NONE);
			e.supp = sup_reason(sup[cell], SUP_SHOWN);
			an_put(&e, RS_RESPONDENTS, (double)c->t.respondents[w * c->t.n_cells + cell], RES_WHY_NONE);
		}
	}
	free(sup);
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
		set_ctx(&e, &c->t.cells[0], "", RES_DESIGN_NONE);
		e.na = v->sd->reason;
		an_put(&e, RS_N, NAN, RES_WHY_NONE);
		return;
	}
	if (!v->is_scale) {
		/* which items are turned: said once, for the whole study */
		set_ctx(&e, &c->t.cells[cell_all(&c->t)], "", RES_DESIGN_NONE);
		an_put(&e, RS_REVERSED, v->reverse, RES_WHY_NONE);
	}
	unsigned char *sup = xmalloc(nw * nc), *psup = xmalloc((c->t.n_comp ? c->t.n_comp : 1) * nc);
	suppression(c, var, sup, psup);

	for (size_t cell = 0; cell < nc; cell++) {
		const struct cell *cl = &c->t.cells[cell];
		if (!cl->used)
			continue;
		for (size_t w = 0; w < nw; w++) {
			set_ctx(&e, cl, m->waves[w].id, RES_DESIGN_NONE);
			e.supp = sup_reason(sup[w * nc + cell], SUP_SHOWN);
			e.na = RES_WHY_NONE;
			an_one_wave(c, var, w, cell, &e);
		}
		for (size_t k = 0; k < c->t.n_comp; k++) {
			size_t wb = tables_comp_base(k), wl = tables_comp_later(k);
			char *label = res_comparison(m->waves[wb].id, m->waves[wl].id);
			struct change_at at = { var, k, cell };
			set_ctx(&e, cl, label, RES_DESIGN_PAIRED);
			e.supp = sup_reason(psup[k * nc + cell], SUP_SHOWN);
			e.na = RES_WHY_NONE;
			an_change_paired(c, &at, &e);
			set_ctx(&e, cl, label, RES_DESIGN_INDEPENDENT);
			e.supp = sup_reason(sup[wb * nc + cell], sup[wl * nc + cell]);
			e.na = RES_WHY_NONE;
			an_change_indep(c, &at, &e);
			free(label);
		}
	}
	if (v->is_scale) {
		/* reliability for "all" and each group; only the minimum size rule
		 * applies (alpha cannot be recovered by subtraction) */
		for (size_t rc = 0; rc <= c->t.n_groups; rc++) {
			const struct cell *cl = &c->t.cells[rc];
			if (!cl->used)
				continue;
			for (size_t w = 0; w < nw; w++) {
				set_ctx(&e, cl, m->waves[w].id, RES_DESIGN_NONE);
				e.supp = tables_rel(&c->t, v->index, w, rc)->n < c->min ? RES_WHY_FEWER : RES_WHY_NONE;
				e.na = RES_WHY_NONE;
				an_reliability(c, v->index, w, rc, &e);
			}
		}
	}
	free(sup);
	free(psup);
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
		study_rows(&c);
		for (size_t v = 0; v < c.t.n_vars; v++)
			variable_rows(&c, v);
		an_boot_run_all(&c);
		an_ptest_adjust_all(&c);
		an_verdict_all(&c);
		tables_release(&c.t);
	}
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
