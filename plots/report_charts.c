/* report_charts.c: the report's charts filled from the results (answer distributions, means per wave, changes and effect sizes) and placed on the page. */
#include "report_internal.h"
#include "chart_files.h"

#include <math.h>
#include <stdlib.h>

/* Draw a chart on the page with its title; in the dry run, queue it to
 * the chart writers (c->writer), which write it as files named after what
 * it shows while the pages are laid out. Takes the chart over when it is
 * queued (the caller's chart_release is then a no-op). */
void rp_place_chart(struct report_ctx *c, struct chart *ch, const char *title, const char *note,
		    const char *name)
{
	struct doc *d = &c->doc;
	double th = title ? lay_height(&c->ty, TS_H3, title, CONTENT_W, 0) + 4 : 0;
	double nh = note ? lay_height(&c->ty, TS_TINY, note, CONTENT_W, 0) + 3 : 0;
	double h = chart_height(&c->ty, ch, CONTENT_W);
	free(ch->title);
	ch->title = rp_doc_titled(d, title);
	rp_doc_ensure(d, th + h + nh);
	if (d->cr) {
		if (title) {
			lay_rgb(d->cr, C_TEXT);
			lay_box(d->cr, &c->ty, TS_H3, title, MARGIN_X, d->y, CONTENT_W, th, 0);
		}
		cairo_save(d->cr);
		cairo_translate(d->cr, MARGIN_X, d->y + th);
		chart_draw(d->cr, CONTENT_W, h, ch, &c->ty);
		cairo_restore(d->cr);
		if (note) {
			lay_rgb(d->cr, C_MUTED);
			lay_box(d->cr, &c->ty, TS_TINY, note, MARGIN_X, d->y + th + h + 1, CONTENT_W, nh, 0);
		}
		c->n_charts++;
	} else if (c->writer) {
		chart_writer_push(c->writer, ch, CONTENT_W, h, name);
	}
	d->y += th + h + nh + 10;
}

/* Non-substantive answers as a percentage of all answers to var. */
static double dk_percent(struct report_ctx *c, const char *var, struct cell k, size_t w, int n_nonsubst)
{
	double n, sum = 0;
	if (n_nonsubst <= 0 || rp_get(c, var, k, rp_wave_id(c, w), "", RS_N, &n) != RES_OK)
		return NAN;
	int any = 0;
	for (int j = 1; j <= n_nonsubst; j++) {
		double v;
		if (rp_get_at(c, var, k, rp_wave_id(c, w), "", RS_COUNT_NONSUBST, j, &v) == RES_OK) {
			sum += v;
			any = 1;
		}
	}
	if (!any || n + sum <= 0)
		return NAN;
	return sum / (n + sum) * 100;
}

/* Diverging bars of var: one row per cell and wave, grouped by group. */
void rp_diverging_chart(struct report_ctx *c, const char *var, const struct tds_answers *a, int with_project,
			enum res_stat dist, struct chart *ch)
{
	chart_init(ch, CHART_DIVERGING);
	ch->k = a->k > CHART_MAX_POINTS ? CHART_MAX_POINTS : a->k;
	ch->point_labels = xcalloc((size_t)ch->k, sizeof(char *));
	for (int v = 1; v <= ch->k; v++)
		ch->point_labels[v - 1] = xstrdup(rp_point_label(c, a, v));
	if (a->n_nonsubst == 1)
		ch->dk_label = xstrdup(rp_pick(c->lang, a->nonsubst_da[0], a->nonsubst_en ? a->nonsubst_en[0] : NULL));
	else if (a->n_nonsubst > 1)
		ch->dk_label = xstrdup(tx(c->lang, T_NONSUBST_ALL));
	ch->axis_label = xstrdup(tx(c->lang, T_AXIS_PCT));
	struct strbuf lb = STRBUF_INIT;
	sb_init(&lb);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[2];
		size_t nc = 1;
		cells[0] = CELL((int)g, c->muni);
		if (c->muni >= 0 && with_project)
			cells[nc++] = CELL((int)g, -1);
		for (size_t ci = 0; ci < nc; ci++) {
			for (size_t w = 0; w < c->m->n_waves; w++) {
				sb_reset(&lb);
				if (c->muni >= 0)
					sb_addf(&lb, "%s \xc2\xb7 ", rp_place_name(c, cells[ci]));
				sb_adds(&lb, rp_wave_label(c, w));
				struct chart_row *r = chart_add_row(ch, rp_group_label(c, g), lb.buf);
				r->emphasis = c->muni >= 0 && cells[ci].m >= 0;
				double n;
				int st = rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_N, &n);
				if (st == RES_SUPPRESSED) {
					chart_set(&r->missing, rp_hidden_text(c));
					continue;
				}
				int ok = st == RES_OK;
				for (int v = 1; v <= ch->k && ok; v++)
					if (rp_get_at(c, var, cells[ci], rp_wave_id(c, w), "", dist, v, &r->pct[v - 1]) != RES_OK)
						ok = 0;
				if (!ok) {
					chart_set(&r->missing, rp_hidden_text(c));
					continue;
				}
				r->dk_pct = dk_percent(c, var, cells[ci], w, a->n_nonsubst);
				char num[FMT_MAX];
				char *t = xasprintf("n = %s", fmt_count(num, n, c->lang));
				chart_set(&r->value_text, t);
				free(t);
			}
		}
	}
	sb_release(&lb);
	/* No column for answers the results do not count. */
	int any_dk = 0;
	for (size_t i = 0; i < ch->n_rows; i++)
		if (isfinite(ch->rows[i].dk_pct))
			any_dk = 1;
	if (!any_dk)
		chart_set(&ch->dk_label, NULL);
}

char *rp_diverging_note(struct report_ctx *c, const struct chart *ch, int binned)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (ch->k % 2)
		tx_fill(&sb, c->lang, T_DIVERGING_NOTE, "mid", ch->point_labels[ch->k / 2], NULL);
	else
		sb_adds(&sb, tx(c->lang, T_DIVERGING_NOTE_EVEN));
	if (ch->dk_label)
		tx_fill(&sb, c->lang, T_DIVERGING_NOTE_DK, "dk", ch->dk_label, NULL);
	if (binned)
		sb_adds(&sb, tx(c->lang, T_DIVERGING_NOTE_BINNED));
	return sb_detach(&sb);
}

/* Append to the counts note "group · label: n" for row r, the rows set off
 * by "; " (the note ends with a full stop). */
static void n_note_row(struct strbuf *sb, const struct chart_row *r, const char *n)
{
	if (sb->len && sb->buf[sb->len - 1] != ' ')
		sb_adds(sb, "; ");
	if (r->group && *r->group)
		sb_addf(sb, "%s \xc2\xb7 ", r->group);
	sb_addf(sb, "%s: %s", r->label ? r->label : "", n);
}

/* The answers behind a mean of var in cell k and wave w, into num: the
 * count, or the hidden mark where the mean or its count is not shown. */
static const char *mean_n(struct report_ctx *c, const char *var, struct cell k, size_t w, char *num)
{
	double n;
	if (rp_get(c, var, k, rp_wave_id(c, w), "", RS_MEAN, NULL) != RES_OK ||
	    rp_get(c, var, k, rp_wave_id(c, w), "", RS_N, &n) != RES_OK)
		return rp_hidden_text(c);
	return fmt_count(num, n, c->lang);
}

/* Means per wave for var, per group and place; the files' caption gives
 * the answers behind each mean (ch->n_note). */
void rp_dumbbell_chart(struct report_ctx *c, const char *var, const struct tds_answers *a, struct chart *ch)
{
	chart_init(ch, CHART_DUMBBELL);
	ch->k = a->k;
	ch->shift = a->shift;
	ch->n_waves = c->m->n_waves < CHART_MAX_WAVES ? c->m->n_waves : CHART_MAX_WAVES;
	ch->wave_labels = xcalloc(ch->n_waves, sizeof(char *));
	for (size_t w = 0; w < ch->n_waves; w++)
		ch->wave_labels[w] = xstrdup(rp_wave_label(c, w));
	ch->lo_label = xasprintf("%d = %s", tds_point_value(a, 1), rp_point_label(c, a, 1));
	ch->hi_label = xasprintf("%d = %s", tds_point_value(a, a->k), rp_point_label(c, a, a->k));
	ch->axis_label = xstrdup(tx(c->lang, T_AXIS_MEAN));
	struct strbuf vt = STRBUF_INIT, note = STRBUF_INIT, nt = STRBUF_INIT;
	sb_init(&vt);
	sb_init(&note);
	sb_init(&nt);
	for (size_t w = 0; w < ch->n_waves; w++)
		sb_addf(&vt, "%s%s", w ? " \xe2\x86\x92 " : "", rp_wave_label(c, w));
	tx_fill(&note, c->lang, T_N_NOTE_MEANS, "waves", vt.buf, NULL);
	for (size_t gi = 0; gi < rp_n_groups(c); gi++) {
		int g = rp_group_at(c, gi);
		struct cell cells[64];
		size_t nc = rp_group_cells(c, g, cells, ARRAY_SIZE(cells), 1);
		for (size_t ci = 0; ci < nc; ci++) {
			/* without places a row is its group (or all respondents) */
			struct chart_row *r = rp_has_places(c)
				? chart_add_row(ch, rp_cell_label(c, CELL(g, -1)), rp_place_name(c, cells[ci]))
				: chart_add_row(ch, NULL, rp_cell_label(c, cells[ci]));
			r->emphasis = (c->muni >= 0) == (cells[ci].m >= 0);
			int shown = 0;
			sb_reset(&vt);
			for (size_t w = 0; w < ch->n_waves; w++) {
				int st = rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN, &r->mean[w]);
				if (w > 0)
					sb_adds(&vt, " \xe2\x86\x92 ");
				if (st == RES_OK) {
					rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN_CI_LOW, &r->lo[w]);
					rp_get(c, var, cells[ci], rp_wave_id(c, w), "", RS_MEAN_CI_HIGH, &r->hi[w]);
					char num[FMT_MAX];
					sb_adds(&vt, fmt_num(num, r->mean[w], 1, c->lang));
					shown++;
				} else {
					/* below the minimum, hidden to protect one, or
					 * nobody answered: one mark for all three */
					sb_adds(&vt, rp_hidden_text(c));
				}
			}
			if (!shown)
				chart_set(&r->missing, rp_hidden_text(c));
			else
				chart_set(&r->value_text, vt.buf);
			sb_reset(&nt);
			for (size_t w = 0; w < ch->n_waves; w++) {
				char num[FMT_MAX];
				sb_addf(&nt, "%s%s", w ? " \xe2\x86\x92 " : "", mean_n(c, var, cells[ci], w, num));
			}
			n_note_row(&note, r, nt.buf);
		}
	}
	sb_adds(&note, ".");
	ch->n_note = sb_detach(&note);
	sb_release(&vt);
	sb_release(&nt);
}

/* Axis limits symmetric about 0 that hold every estimate and interval,
 * in steps of step, within [min_half, max_half]. */
static void symmetric_axis(struct chart *ch, double step, double min_half, double max_half)
{
	double m = 0;
	for (size_t i = 0; i < ch->n_rows; i++) {
		const struct chart_row *r = &ch->rows[i];
		double v[] = { r->est, r->est_lo, r->est_hi };
		for (int j = 0; j < 3; j++)
			if (isfinite(v[j]) && fabs(v[j]) > m)
				m = fabs(v[j]);
	}
	double half = ceil(m / step - 1e-9) * step;
	if (half < min_half)
		half = min_half;
	if (half > max_half)
		half = max_half;
	ch->xmin = -half;
	ch->xmax = half;
	ch->tick = half <= 1.0 ? 0.25 : half <= 2.0 ? 0.5 : 1.0;
	ch->tick_decimals = ch->tick < 0.5 ? 2 : 1;
	ch->zero = 0;
}

/* Append to note the basis of the shown change chg of row r: "N par" for
 * the same people, "N → M svar" for all answers (the hidden mark for a
 * count the report does not show). */
static void change_n(struct report_ctx *c, const struct change *chg, struct strbuf *note, const struct chart_row *r)
{
	char a[FMT_MAX], b[FMT_MAX];
	char *t;
	if (chg->paired && isfinite(chg->n_pairs))
		t = tx_fillf(c->lang, T_BASIS_PAIRED, "n", fmt_count(a, chg->n_pairs, c->lang), NULL);
	else if (chg->paired)
		t = xasprintf("%s, %s", tx(c->lang, T_BASIS_PAIRED_NO_N), rp_hidden_text(c));
	else
		t = xasprintf("%s, %s \xe2\x86\x92 %s", tx(c->lang, T_BASIS_INDEP),
			      isfinite(chg->n_base) ? fmt_count(a, chg->n_base, c->lang) : rp_hidden_text(c),
			      isfinite(chg->n_later) ? fmt_count(b, chg->n_later, c->lang) : rp_hidden_text(c));
	n_note_row(note, r, t);
	free(t);
}

/* The changes (effect: Hedges' g) of every scale and group: rows grouped by
 * group for changes, by scale for effect sizes; the files' caption gives
 * the basis of each (ch->n_note). */
void rp_interval_chart(struct report_ctx *c, int effect, struct chart *ch)
{
	chart_init(ch, CHART_INTERVAL);
	ch->legend_filled = xstrdup(tx(c->lang, T_LEGEND_SURE));
	ch->legend_hollow = xstrdup(tx(c->lang, T_LEGEND_UNSURE));
	ch->axis_label = xstrdup(tx(c->lang, effect ? T_AXIS_G : T_AXIS_CHANGE));
	if (effect) {
		ch->effect_bands = 1;
		ch->band_labels[0] = xstrdup(tx(c->lang, T_SIZE_NEGLIGIBLE));
		ch->band_labels[1] = xstrdup(tx(c->lang, T_SIZE_SMALL));
		ch->band_labels[2] = xstrdup(tx(c->lang, T_SIZE_MEDIUM));
		ch->band_labels[3] = xstrdup(tx(c->lang, T_SIZE_LARGE));
	}
	size_t outer = effect ? c->m->n_scales : c->m->n_groups;
	size_t inner = effect ? c->m->n_groups : c->m->n_scales;
	double max_k = 2;
	struct strbuf lb = STRBUF_INIT, note = STRBUF_INIT;
	sb_init(&lb);
	sb_init(&note);
	sb_adds(&note, tx(c->lang, T_N_NOTE_CHANGES));
	for (size_t o = 0; o < outer; o++) {
		for (size_t i = 0; i < inner; i++) {
			size_t s = effect ? o : i, g = effect ? i : o;
			const struct tds_answers *a = rp_scale_answers(c, s);
			if (a && a->k > max_k)
				max_k = a->k;
			struct cell cells[2];
			size_t nc = 0;
			cells[nc++] = CELL((int)g, c->muni);
			if (c->muni >= 0)
				cells[nc++] = CELL((int)g, -1);
			for (size_t ci = 0; ci < nc; ci++) {
				sb_reset(&lb);
				sb_adds(&lb, effect ? rp_group_label(c, g) : rp_scale_label(c, s));
				if (c->muni >= 0)
					sb_addf(&lb, " \xc2\xb7 %s", rp_place_name(c, cells[ci]));
				struct chart_row *r = chart_add_row(ch, effect ? rp_scale_label(c, s) : rp_group_label(c, g), lb.buf);
				r->emphasis = c->muni >= 0 && cells[ci].m >= 0;
				struct change chg;
				rp_change(c, c->m->scales[s].id, cells[ci], c->last, &chg);
				if (chg.st == RES_SUPPRESSED) {
					chart_set(&r->missing, rp_hidden_text(c));
					n_note_row(&note, r, rp_hidden_text(c));
					continue;
				}
				if (chg.st != RES_OK) {
					chart_set(&r->missing, chg.note);
					n_note_row(&note, r, chg.note);
					continue;
				}
				change_n(c, &chg, &note, r);
				/* the change's adjusted interval; for the effect size the
				 * same interval in units of g (times g / change), so that it
				 * too excludes 0 exactly when the verdict is sure */
				double to_g = effect && chg.diff != 0 ? chg.g / chg.diff : 1;
				r->est = effect ? chg.g : chg.diff;
				r->est_lo = chg.lo * to_g;
				r->est_hi = chg.hi * to_g;
				if (effect && chg.diff == 0)
					r->est_lo = r->est_hi = NAN;
				r->filled = chg.sure;
				char a1[FMT_MAX], iv[FMT_MAX];
				char *t = xasprintf("%s %s", fmt_signed(a1, r->est, effect ? 2 : 1, c->lang),
						    fmt_interval(iv, r->est_lo, r->est_hi, effect ? 2 : 1, 1, c->lang));
				chart_set(&r->value_text, t);
				free(t);
			}
		}
	}
	sb_release(&lb);
	sb_adds(&note, ".");
	ch->n_note = sb_detach(&note);
	if (effect)
		symmetric_axis(ch, 0.5, 1.0, 3.0);
	else
		symmetric_axis(ch, 0.5, 1.0, max_k - 1);
}
