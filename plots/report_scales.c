/* report_scales.c: a section per scale (its questions, charts, means and changes) and the effect sizes of all scales. */
#include "report_internal.h"
#include "table_cells.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The rows of a table: per group shown (rp_n_groups) its cells
 * (rp_group_cells; with_munis: each municipality's too), or with units a
 * row per unit shown instead. label is the first column (the group or
 * unit), NULL where a group continues; flags the row's rule and shade. */
struct trow {
	struct cell k;
	const char *label;
	unsigned flags;
};

/* The rows into *out (caller frees); returns how many. */
static size_t table_rows(struct report_ctx *c, int with_munis, int units, struct trow **out)
{
	size_t n = 0, alloc = 0;
	struct trow *r = NULL;
	for (size_t u = 0; units && u < c->m->n_units; u++) {
		if (!rp_unit_shown(c, u))
			continue;
		ALLOC_GROW(r, n + 1, alloc);
		struct cell k = { -1, -1, (int)u + 1 };
		r[n] = (struct trow){ k, rp_cell_label(c, k), n ? TROW_RULE : 0 };
		n++;
	}
	for (size_t gi = 0; !units && gi < rp_n_groups(c); gi++) {
		int g = rp_group_at(c, gi);
		struct cell cells[64];
		size_t nc = rp_group_cells(c, g, cells, ARRAY_SIZE(cells), with_munis);
		for (size_t ci = 0; ci < nc; ci++) {
			ALLOC_GROW(r, n + 1, alloc);
			unsigned fl = (ci == 0 && gi > 0) ? TROW_RULE : 0;
			if ((c->muni >= 0) == (cells[ci].m >= 0))
				fl |= TROW_SHADE;
			r[n++] = (struct trow){ cells[ci], ci == 0 ? rp_cell_label(c, cells[ci]) : NULL, fl };
		}
	}
	*out = r;
	return n;
}

/* The means of var per row (table_rows: the groups and places, or the
 * units) and wave. */
static void mean_table(struct report_ctx *c, const char *var, int units, struct table *t)
{
	enum lang lang = c->lang;
	size_t p = rp_has_places(c) && !units ? 1 : 0; /* the place column */
	table_init(t, 6 + p);
	/* a unit's name is often one long word ("Myndighedsafdelingen") */
	table_col(t, 0, tx(lang, units ? T_COL_UNIT : T_COL_GROUP), units ? 2.0 : 1.1, LAY_LEFT);
	if (p)
		table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	table_col(t, 1 + p, tx(lang, T_COL_WAVE), 1.1, LAY_LEFT);
	table_col(t, 2 + p, tx(lang, T_COL_N), 0.9, LAY_RIGHT);
	table_col(t, 3 + p, tx(lang, T_COL_MEAN), 1.05, LAY_RIGHT);
	table_col(t, 4 + p, tx(lang, T_COL_CI), 1.15, LAY_RIGHT);
	table_col(t, 5 + p, tx(lang, T_COL_POSITIVE), 0.9, LAY_RIGHT);
	struct trow *rows;
	size_t nr = table_rows(c, 1, units, &rows);
	for (size_t ri = 0; ri < nr; ri++) {
		struct cell k = rows[ri].k;
		for (size_t w = 0; w < c->m->n_waves; w++) {
			table_row(t, w ? rows[ri].flags & ~(unsigned)TROW_RULE : rows[ri].flags);
			if (w == 0 && rows[ri].label)
				table_set(t, 0, rows[ri].label);
			if (w == 0 && p)
				table_set(t, 1, rp_place_name(c, k));
			table_set(t, 1 + p, rp_wave_label(c, w));
			double n, mean, lo, hi, top2;
			int st = rp_get(c, var, k, rp_wave_id(c, w), "", RS_N, &n);
			if (st != RES_OK) {
				table_set(t, 2 + p, rp_hidden_text(c));
				continue;
			}
			tc_count(t, 2 + p, n, lang);
			if (rp_get(c, var, k, rp_wave_id(c, w), "", RS_MEAN, &mean) == RES_OK)
				tc_num(t, 3 + p, mean, 2, lang);
			if (rp_get(c, var, k, rp_wave_id(c, w), "", RS_MEAN_CI_LOW, &lo) == RES_OK &&
			    rp_get(c, var, k, rp_wave_id(c, w), "", RS_MEAN_CI_HIGH, &hi) == RES_OK)
				tc_interval(t, 4 + p, lo, hi, 2, 0, lang);
			if (rp_get(c, var, k, rp_wave_id(c, w), "", RS_TOP2, &top2) == RES_OK)
				tc_pct(t, 5 + p, top2, 0, lang);
		}
	}
	free(rows);
}

/* The change table of var from wave base to wave later; with `share` (a
 * two-answer item) the shares answering its positive answer before and
 * after and the change in percentage points: on values lo and lo + 1 the
 * mean is lo + share, so the change of the mean is the change of the
 * share and its verdict and interval are the share's. */
static void change_table(struct report_ctx *c, const char *var, int with_munis, size_t base, size_t later,
			 int share, double lo, int units, struct table *t)
{
	enum lang lang = c->lang;
	size_t p = rp_has_places(c) && !units ? 1 : 0; /* the place column */
	size_t x = p + (share ? 2 : 0); /* the columns before the change */
	table_init(t, 5 + x);
	table_col(t, 0, tx(lang, units ? T_COL_UNIT : T_COL_GROUP), units ? 2.0 : 1.2, LAY_LEFT);
	if (p)
		table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	if (share) {
		table_col(t, 1 + p, tx(lang, T_COL_SHARE_BASE), 0.6, LAY_RIGHT);
		table_col(t, 2 + p, tx(lang, T_COL_SHARE_LATER), 0.6, LAY_RIGHT);
	}
	table_col(t, 1 + x, tx(lang, share ? T_COL_CHANGE_PP : T_COL_CHANGE), share ? 1.1 : 0.8, LAY_RIGHT);
	table_col(t, 2 + x, tx(lang, T_COL_CI_ADJ), 1.2, LAY_RIGHT);
	table_col(t, 3 + x, tx(lang, T_COL_BASIS), 1.0, LAY_LEFT);
	table_col(t, 4 + x, tx(lang, T_COL_VERDICT), 1.3, LAY_LEFT);
	double f = share ? 100 : 1;  /* shares in percentage points */
	int dec = share ? 0 : 2;
	struct trow *rows;
	size_t nr = table_rows(c, with_munis, units, &rows);
	for (size_t ri = 0; ri < nr; ri++) {
		struct cell k = rows[ri].k;
		table_row(t, rows[ri].flags);
		if (rows[ri].label)
			table_set(t, 0, rows[ri].label);
		if (p)
			table_set(t, 1, rp_place_name(c, k));
		struct change ch;
		rp_change_from(c, var, k, base, later, &ch);
		if (ch.st == RES_SUPPRESSED) {
			table_set(t, 1 + x, rp_hidden_text(c));
			continue;
		}
		if (ch.st != RES_OK) {
			table_set(t, 1 + x, ch.note);
			continue;
		}
		char buf[FMT_MAX];
		if (share) {
			tc_pct(t, 1 + p, ch.base - lo, 0, lang);
			tc_pct(t, 2 + p, ch.later - lo, 0, lang);
		}
		tc_signed(t, 1 + x, f * ch.diff, dec, lang);
		if (isfinite(ch.lo) && isfinite(ch.hi))
			tc_interval(t, 2 + x, f * ch.lo, f * ch.hi, dec, 1, lang);
		if (ch.paired && isfinite(ch.n_pairs)) {
			char *s = tx_fillf(lang, T_BASIS_PAIRED, "n", fmt_count(buf, ch.n_pairs, lang), NULL);
			table_set(t, 3 + x, s);
			free(s);
		} else {
			table_set(t, 3 + x, tx(lang, ch.paired ? T_BASIS_PAIRED_NO_N : T_BASIS_INDEP));
		}
		table_set(t, 4 + x, tx(lang, rp_verdict_word(ch.verdict)));
	}
	free(rows);
}

void rp_change_table(struct report_ctx *c, const char *var, int with_munis, struct table *t)
{
	change_table(c, var, with_munis, c->base, c->last, 0, 0, 0, t);
}

void rp_change_table_from(struct report_ctx *c, const char *var, int with_munis, size_t base, size_t later,
			  struct table *t)
{
	change_table(c, var, with_munis, base, later, 0, 0, 0, t);
}

void rp_share_table(struct report_ctx *c, const char *var, double lo, struct table *t)
{
	change_table(c, var, 0, c->base, c->last, 1, lo, 0, t);
}

/* With units shown ([report] breakdowns = unit): var's means per unit
 * and wave, and each unit's change, suppressed as the results say. */
static void unit_tables(struct report_ctx *c, const char *var)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	struct table t;
	rp_doc_heading(d, TS_H3, tx(lang, T_UNIT_TABLE_TITLE), 60);
	mean_table(c, var, 1, &t);
	rp_doc_table(d, &t);
	table_release(&t);
	if (c->m->n_waves < 2)
		return;
	char *title = tx_fillf(lang, T_UNIT_CHANGE_TITLE, "base", rp_wave_label(c, c->base), "later",
			       rp_wave_label(c, c->last), NULL);
	rp_doc_heading(d, TS_H3, title, 60);
	free(title);
	change_table(c, var, 0, c->base, c->last, 0, 0, 1, &t);
	rp_doc_table(d, &t);
	table_release(&t);
}

void rp_scale_section(struct report_ctx *c, size_t s)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	const char *var = c->m->scales[s].id;
	const struct tds_answers *a = rp_scale_answers(c, s);
	rp_doc_section(d, rp_scale_label(c, s), 0, 1);
	c->hidden_used = 0;
	if (!a) {
		rp_doc_para(d, TS_BODY, tx(lang, T_NOT_AVAILABLE), 0, 6);
		return;
	}
	size_t n_items = 0;
	for (size_t i = 0; i < c->m->n_items; i++)
		if (c->m->items[i].scale == (int)s)
			n_items++;
	char ni[16], kk[16], first[16];
	snprintf(ni, sizeof(ni), "%zu", n_items);
	snprintf(kk, sizeof(kk), "%d", tds_point_value(a, a->k));
	snprintf(first, sizeof(first), "%d", tds_point_value(a, 1));
	char *intro = tx_fillf(lang, T_SCALE_INTRO, "scale", rp_scale_label(c, s), "n", ni, "k", kk, "first", first, "lo",
			       rp_point_label(c, a, 1), "hi", rp_point_label(c, a, a->k), NULL);
	rp_doc_para(d, TS_BODY, intro, 0, 4);
	free(intro);
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t i = 0; i < c->m->n_items; i++) {
		if (c->m->items[i].scale != (int)s)
			continue;
		sb_reset(&sb);
		sb_adds(&sb, rp_item_text(c, i));
		if (c->m->items[i].reverse)
			sb_addf(&sb, " %s", tx(lang, T_REVERSED));
		rp_doc_bullet(d, TS_SMALL, sb.buf, 0);
	}
	rp_doc_space(d, 8);

	struct chart ch;
	enum res_stat dist;
	if (rp_distribution(c, var, &dist)) {
		rp_diverging_chart(c, var, a, 1, dist, &ch);
		char *note = rp_diverging_note(c, &ch, dist == RS_PCT_BIN);
		char *name = xasprintf("%s-diverging-group", var);
		rp_place_chart(c, &ch, tx(lang, T_DIVERGING_TITLE), note, name);
		free(name);
		free(note);
		chart_release(&ch);
	}
	rp_dumbbell_chart(c, var, a, &ch);
	char *name = xasprintf("%s-dumbbell-%s", var, c->muni < 0 && rp_has_places(c) ? "municipality" : "group");
	rp_place_chart(c, &ch, tx(lang, T_DUMBBELL_TITLE), tx(lang, T_DUMBBELL_NOTE), name);
	free(name);
	chart_release(&ch);

	rp_doc_heading(d, TS_H3, tx(lang, T_TABLE_TITLE), 60);
	struct table t;
	mean_table(c, var, 0, &t);
	rp_doc_table(d, &t);
	table_release(&t);
	if (a->k >= 4) {
		/* the one definition of a positive answer (docs/statistics.md) */
		char lo[FMT_MAX];
		char *note = tx_fillf(lang, T_POSITIVE_NOTE, "lo", fmt_num(lo, tds_point_value(a, a->k) - 1.5, 1, lang),
				      NULL);
		rp_doc_space(d, 2);
		rp_doc_para(d, TS_SMALL, note, 0, 6);
		free(note);
	}
	if (c->m->n_waves >= 2) {
		char *title = tx_fillf(lang, T_CHANGE_TITLE, "base", rp_wave_label(c, c->base), "later",
				       rp_wave_label(c, c->last), NULL);
		rp_doc_heading(d, TS_H3, title, 60);
		free(title);
		rp_change_table(c, var, 1, &t);
		rp_doc_table(d, &t);
		table_release(&t);
	}
	if (c->show_units)
		unit_tables(c, var);
	rp_hidden_note(c);
	sb_release(&sb);
	rp_trend_page(c, s);
}

void rp_effect_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	if (c->m->n_waves < 2 || !c->m->n_scales)
		return;
	rp_doc_section(d, tx(lang, T_SEC_EFFECT), 0, 1);
	c->hidden_used = 0;
	rp_doc_para(d, TS_BODY, tx(lang, T_EFFECT_INTRO), 0, 10);
	struct chart ch;
	rp_interval_chart(c, 1, &ch);
	char *title = tx_fillf(lang, T_EFFECT_TITLE, "base", rp_wave_label(c, c->base), "later", rp_wave_label(c, c->last), NULL);
	rp_place_chart(c, &ch, title, NULL, "effect-sizes");
	free(title);
	chart_release(&ch);
	rp_hidden_note(c);
}
