/* report_trend.c: a scale's trend page when the study has three waves or more: the mean at each wave per group, and the latest change. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The line of cell k: its mean and interval at each wave, NAN where the
 * results do not show it (the line is then broken there); a line with no
 * wave shown says so in the legend. */
static void trend_row(struct report_ctx *c, const char *var, struct cell k, struct chart *ch)
{
	struct chart_row *r = chart_add_row(ch, NULL, rp_cell_label(c, k));
	r->emphasis = k.g < 0;
	int shown = 0;
	for (size_t w = 0; w < ch->n_waves; w++) {
		const char *wid = rp_wave_id(c, w);
		double mean, lo, hi;
		if (rp_get(c, var, k, wid, "", RS_MEAN, &mean) != RES_OK)
			continue; /* below the minimum, hidden to protect one, or nobody answered */
		r->mean[w] = mean;
		if (rp_get(c, var, k, wid, "", RS_MEAN_CI_LOW, &lo) == RES_OK &&
		    rp_get(c, var, k, wid, "", RS_MEAN_CI_HIGH, &hi) == RES_OK) {
			r->lo[w] = lo;
			r->hi[w] = hi;
		}
		shown++;
	}
	if (!shown)
		chart_set(&r->missing, rp_hidden_text(c));
}

/* Means of var at every wave: a line for all respondents (or the
 * municipality as a whole) and one per group; the waves on the x axis by
 * their labels, with the field period under each. */
static void trend_chart(struct report_ctx *c, const char *var, const struct tds_answers *a, struct chart *ch)
{
	chart_init(ch, CHART_TREND);
	ch->k = a->k;
	ch->shift = a->shift;
	ch->n_waves = c->m->n_waves < CHART_MAX_WAVES ? c->m->n_waves : CHART_MAX_WAVES;
	ch->wave_labels = xcalloc(ch->n_waves, sizeof(char *));
	ch->wave_notes = xcalloc(ch->n_waves, sizeof(char *));
	for (size_t w = 0; w < ch->n_waves; w++) {
		char period[FMT_MAX];
		ch->wave_labels[w] = xstrdup(rp_wave_label(c, w));
		ch->wave_notes[w] = xstrdup(fmt_period(period, c->m->waves[w].start, c->m->waves[w].end, c->lang));
	}
	ch->lo_label = xasprintf("1 = %s", rp_point_label(c, a, 1));
	ch->hi_label = xasprintf("%d = %s", a->k, rp_point_label(c, a, a->k));
	ch->axis_label = xstrdup(tx(c->lang, T_AXIS_MEAN));
	trend_row(c, var, CELL(-1, c->muni), ch);
	for (size_t g = 0; c->show_groups && g < c->m->n_groups; g++)
		trend_row(c, var, CELL((int)g, c->muni), ch);
}

void rp_trend_page(struct report_ctx *c, size_t s)
{
	size_t nw = c->m->n_waves;
	const struct tds_answers *a = rp_scale_answers(c, s);
	if (nw < 3 || !a || !rp_page_shown(c, REPORT_PAGE_TREND))
		return;
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	const char *var = c->m->scales[s].id;
	char *head = tx_fillf(lang, T_TREND_SEC, "scale", rp_scale_label(c, s), NULL);
	rp_doc_section(d, head, 1, 1);
	free(head);
	c->hidden_used = 0;

	char n[24];
	snprintf(n, sizeof(n), "%zu", nw);
	size_t prev = c->last - 1;
	char *intro = c->muni >= 0
		? tx_fillf(lang, T_TREND_INTRO_MUNI, "place", c->m->municipalities[c->muni], "n", n, "prev",
			   rp_wave_label(c, prev), "later", rp_wave_label(c, c->last), "base",
			   rp_wave_label(c, c->base), NULL)
		: tx_fillf(lang, c->show_groups ? T_TREND_INTRO : T_TREND_INTRO_ALL, "n", n, "prev", rp_wave_label(c, prev), "later",
			   rp_wave_label(c, c->last), "base", rp_wave_label(c, c->base), NULL);
	rp_doc_para(d, TS_BODY, intro, 0, 8);
	free(intro);

	struct chart ch;
	trend_chart(c, var, a, &ch);
	char *name = xasprintf("%s-trend", var);
	rp_place_chart(c, &ch, tx(lang, c->show_groups ? T_TREND_TITLE : T_TREND_TITLE_ALL),
		       tx(lang, c->show_groups ? T_TREND_NOTE : T_TREND_NOTE_ALL), name);
	free(name);
	chart_release(&ch);

	char *title = tx_fillf(lang, T_CHANGE_TITLE, "base", rp_wave_label(c, prev), "later",
			       rp_wave_label(c, c->last), NULL);
	rp_doc_heading(d, TS_H3, title, 60);
	free(title);
	struct table t;
	rp_change_table_from(c, var, 1, prev, c->last, &t);
	rp_doc_table(d, &t);
	table_release(&t);
	rp_hidden_note(c);
}
