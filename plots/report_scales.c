/* report_scales.c: a section per scale (its questions, charts, means and changes) and the effect sizes of all scales. */
#include "report_internal.h"
#include "table_cells.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void mean_table(struct report_ctx *c, const char *var, struct table *t)
{
	enum lang lang = c->lang;
	table_init(t, 7);
	table_col(t, 0, tx(lang, T_COL_GROUP), 1.1, LAY_LEFT);
	table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	table_col(t, 2, tx(lang, T_COL_WAVE), 1.1, LAY_LEFT);
	table_col(t, 3, tx(lang, T_COL_N), 0.9, LAY_RIGHT);
	table_col(t, 4, tx(lang, T_COL_MEAN), 1.05, LAY_RIGHT);
	table_col(t, 5, tx(lang, T_COL_CI), 1.15, LAY_RIGHT);
	table_col(t, 6, tx(lang, T_COL_POSITIVE), 0.9, LAY_RIGHT);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[64];
		size_t nc = rp_group_cells(c, (int)g, cells, ARRAY_SIZE(cells), 1);
		for (size_t ci = 0; ci < nc; ci++) {
			for (size_t w = 0; w < c->m->n_waves; w++) {
				unsigned fl = (ci == 0 && w == 0 && g > 0) ? TROW_RULE : 0;
				if ((c->muni >= 0) == (cells[ci].m >= 0))
					fl |= TROW_SHADE;
				table_row(t, fl);
				if (ci == 0 && w == 0)
					table_set(t, 0, rp_group_label(c, g));
				if (w == 0)
					table_set(t, 1, rp_place_name(c, cells[ci]));
				table_set(t, 2, rp_wave_label(c, w));
				double n, mean, lo, hi, top2;
				int st = rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_N, &n);
				if (st != RES_OK) {
					table_set(t, 3, rp_hidden_text(c));
					continue;
				}
				tc_count(t, 3, n, lang);
				if (rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN, &mean) == RES_OK)
					tc_num(t, 4, mean, 2, lang);
				if (rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN_CI_LOW, &lo) == RES_OK &&
				    rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN_CI_HIGH, &hi) == RES_OK)
					tc_interval(t, 5, lo, hi, 2, 0, lang);
				if (rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_TOP2, &top2) == RES_OK)
					tc_pct(t, 6, top2, 0, lang);
			}
		}
	}
}

/* The change table of var from wave base to wave later; with `share` (a
 * two-answer item) the shares answering its positive answer before and
 * after and the change in percentage points: on values lo and lo + 1 the
 * mean is lo + share, so the change of the mean is the change of the
 * share and its verdict and interval are the share's. */
static void change_table(struct report_ctx *c, const char *var, int with_munis, size_t base, size_t later,
			 int share, double lo, struct table *t)
{
	enum lang lang = c->lang;
	size_t x = share ? 2 : 0; /* the columns of the shares before the change */
	table_init(t, 6 + x);
	table_col(t, 0, tx(lang, T_COL_GROUP), 1.2, LAY_LEFT);
	table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	if (share) {
		table_col(t, 2, tx(lang, T_COL_SHARE_BASE), 0.6, LAY_RIGHT);
		table_col(t, 3, tx(lang, T_COL_SHARE_LATER), 0.6, LAY_RIGHT);
	}
	table_col(t, 2 + x, tx(lang, share ? T_COL_CHANGE_PP : T_COL_CHANGE), share ? 1.1 : 0.8, LAY_RIGHT);
	table_col(t, 3 + x, tx(lang, T_COL_CI_ADJ), 1.2, LAY_RIGHT);
	table_col(t, 4 + x, tx(lang, T_COL_BASIS), 1.0, LAY_LEFT);
	table_col(t, 5 + x, tx(lang, T_COL_VERDICT), 1.3, LAY_LEFT);
	double f = share ? 100 : 1;  /* shares in percentage points */
	int dec = share ? 0 : 2;
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[64];
		size_t nc = rp_group_cells(c, (int)g, cells, ARRAY_SIZE(cells), with_munis);
		for (size_t ci = 0; ci < nc; ci++) {
			unsigned fl = (ci == 0 && g > 0) ? TROW_RULE : 0;
			if ((c->muni >= 0) == (cells[ci].m >= 0))
				fl |= TROW_SHADE;
			table_row(t, fl);
			if (ci == 0)
				table_set(t, 0, rp_group_label(c, g));
			table_set(t, 1, rp_place_name(c, cells[ci]));
			struct change ch;
			rp_change_from(c, var, cells[ci], base, later, &ch);
			if (ch.st == RES_SUPPRESSED) {
				table_set(t, 2 + x, rp_hidden_text(c));
				continue;
			}
			if (ch.st != RES_OK) {
				table_set(t, 2 + x, ch.note);
				continue;
			}
			char buf[FMT_MAX];
			if (share) {
				tc_pct(t, 2, ch.base - lo, 0, lang);
				tc_pct(t, 3, ch.later - lo, 0, lang);
			}
			tc_signed(t, 2 + x, f * ch.diff, dec, lang);
			if (isfinite(ch.lo) && isfinite(ch.hi))
				tc_interval(t, 3 + x, f * ch.lo, f * ch.hi, dec, 1, lang);
			if (ch.paired && isfinite(ch.n_pairs)) {
				char *s = tx_fillf(lang, T_BASIS_PAIRED, "n", fmt_count(buf, ch.n_pairs, lang), NULL);
				table_set(t, 4 + x, s);
				free(s);
			} else {
				table_set(t, 4 + x, tx(lang, ch.paired ? T_BASIS_PAIRED_NO_N : T_BASIS_INDEP));
			}
			table_set(t, 5 + x, tx(lang, rp_verdict_word(ch.verdict)));
		}
	}
}

void rp_change_table(struct report_ctx *c, const char *var, int with_munis, struct table *t)
{
	change_table(c, var, with_munis, c->base, c->last, 0, 0, t);
}

void rp_change_table_from(struct report_ctx *c, const char *var, int with_munis, size_t base, size_t later,
			  struct table *t)
{
	change_table(c, var, with_munis, base, later, 0, 0, t);
}

void rp_share_table(struct report_ctx *c, const char *var, double lo, struct table *t)
{
	change_table(c, var, 0, c->base, c->last, 1, lo, t);
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
	char *name = xasprintf("%s-dumbbell-%s", var, c->muni >= 0 ? "group" : "municipality");
	rp_place_chart(c, &ch, tx(lang, T_DUMBBELL_TITLE), tx(lang, T_DUMBBELL_NOTE), name);
	free(name);
	chart_release(&ch);

	rp_doc_heading(d, TS_H3, tx(lang, T_TABLE_TITLE), 60);
	struct table t;
	mean_table(c, var, &t);
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
