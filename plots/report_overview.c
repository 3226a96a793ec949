/* report_overview.c: the overview page: every scale (and item outside the scales) against all respondents, each group and each municipality, one verdict per cell. */
#include "report_internal.h"
#include "table_cells.h"

#include <math.h>
#include <stdlib.h>

/* How a verdict is drawn: a shape that carries it without colour (for
 * greyscale prints and colour-blind readers) and a colour that repeats it:
 * blue for better, orange for worse (a pair that stays apart in the common
 * colour-vision deficiencies; Okabe & Ito 2008), grey for the others. */
static const struct {
	enum res_verdict v;
	const char *shape;
	const char *colour;
	enum text_id word;
} marks[] = {
	{ RES_VERDICT_UP, "\xe2\x96\xb2", "#0b4f8a", T_V_UP },          /* ▲ */
	{ RES_VERDICT_DOWN, "\xe2\x96\xbc", "#c05a00", T_V_DOWN },      /* ▼ */
	{ RES_VERDICT_UNCHANGED, "\xe2\x89\x88", "#555555", T_V_UNCHANGED }, /* ≈ */
	{ RES_VERDICT_UNDECIDED, "?", "#555555", T_V_UNDECIDED },
};

static size_t mark_of(enum res_verdict v)
{
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
		if (marks[i].v == v)
			return i;
	return ARRAY_SIZE(marks) - 1;
}

/* The cell of var in cell k: the verdict's mark and the change (in
 * percentage points of the positive answer's share for a two-answer item,
 * share set, as its own page gives it, without the unit: the page's note
 * names it), "skjult" for any suppressed number
 * (of either kind: the page says no more), a dash where there is no change
 * to show. */
static void overview_cell(struct report_ctx *c, struct table *t, size_t col, const char *var, int share,
			  struct cell k)
{
	struct change ch;
	rp_change(c, var, k, c->last, &ch);
	if (ch.st == RES_SUPPRESSED) {
		table_set(t, col, rp_hidden_text(c));
		return;
	}
	if (ch.st != RES_OK || !isfinite(ch.diff)) {
		table_set(t, col, tx(c->lang, T_DASH));
		return;
	}
	size_t i = mark_of(ch.verdict);
	char num[FMT_MAX];
	double f = share ? 100.0 : 1.0; /* the page's note names the unit */
	int dec = share ? 0 : 2;
	fmt_signed(num, f * ch.diff, dec, c->lang);
	char *m = xasprintf("<span foreground=\"%s\"%s>%s %s</span>", marks[i].colour,
			    ch.sure ? " weight=\"bold\"" : "", marks[i].shape, num);
	tc_marked_signed(t, col, m, marks[i].shape, f * ch.diff, dec);
	free(m);
}

/* One row: a variable against every column of cells. */
static void overview_row(struct report_ctx *c, struct table *t, const char *label, const char *var, int share,
			 const struct cell *cols, size_t n_cols, unsigned flags)
{
	table_row(t, flags);
	table_set(t, 0, label);
	for (size_t j = 0; j < n_cols; j++)
		overview_cell(c, t, j + 1, var, share, cols[j]);
}

/* A table: a row per scale (and item outside the scales), a column per
 * cell cols[0..n) headed heads[0..n). */
static void overview_table(struct report_ctx *c, const struct cell *cols, const char **heads, size_t n)
{
	struct table t;
	table_init(&t, n + 1);
	table_col(&t, 0, tx(c->lang, T_COL_TOPIC), 1, LAY_LEFT);
	/* each column as wide as its heading or its widest cell needs; the
	 * topic takes the rest */
	double cell_w = lay_width(&c->ty, TS_SMALL_BOLD, "\xe2\x96\xbc \xe2\x88\x92" "0,00", 0) + 12;
	double used = 0;
	for (size_t j = 0; j < n; j++) {
		double w = lay_width(&c->ty, TS_SMALL_BOLD, heads[j], 0) + 12;
		table_col(&t, j + 1, heads[j], w > cell_w ? w : cell_w, LAY_RIGHT);
		used += t.cols[j + 1].weight;
	}
	t.cols[0].weight = CONTENT_W - used > 90 ? CONTENT_W - used : 90;
	for (size_t s = 0; s < c->m->n_scales; s++)
		overview_row(c, &t, rp_scale_label(c, s), c->m->scales[s].id, 0, cols, n, 0);
	int first = 1;
	for (size_t i = 0; i < c->m->n_items; i++) {
		if (c->m->items[i].scale >= 0)
			continue;
		overview_row(c, &t, rp_item_text(c, i), c->m->items[i].id, rp_item_is_share(c, i), cols, n,
			     first ? TROW_RULE : 0);
		first = 0;
	}
	rp_doc_table(&c->doc, &t);
	table_release(&t);
}

/* The legend: each mark with its words. */
static void overview_legend(struct report_ctx *c, struct strbuf *sb)
{
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		char *w = lay_escape(tx(c->lang, marks[i].word));
		sb_addf(sb, "%s<span foreground=\"%s\">%s</span> %s", i ? "   " : "", marks[i].colour, marks[i].shape, w);
		free(w);
	}
	char *h = lay_escape(tx(c->lang, T_HIDDEN));
	char *hw = lay_escape(tx(c->lang, T_OVERVIEW_HIDDEN));
	sb_addf(sb, "   %s %s", h, hw);
	free(h);
	free(hw);
}

void rp_overview_section(struct report_ctx *c)
{
	if (c->m->n_waves < 2 || (!c->m->n_scales && !c->m->n_items))
		return;
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_section(d, tx(lang, T_SEC_OVERVIEW), 0, 1);
	char delta[FMT_MAX];
	rp_delta_text(c, delta);
	/* a municipality's report shows the whole project here; its key
	 * findings speak of the municipality */
	char *scope = rp_scope_words(c, 0);
	char *intro = tx_fillf(lang, c->muni >= 0 ? T_OVERVIEW_INTRO_MUNI : T_OVERVIEW_INTRO, "base",
			       rp_wave_label(c, c->base), "later", rp_wave_label(c, c->last), "delta", delta,
			       "place", c->muni >= 0 ? c->m->municipalities[c->muni] : "", "scope", scope, NULL);
	free(scope);
	rp_doc_para(d, TS_BODY, intro, 0, 6);
	free(intro);

	/* blocks of columns, each with a row per scale, so that every
	 * heading fits the page: all respondents and the groups; the
	 * municipalities; the units */
	size_t ng = c->show_groups ? c->m->n_groups : 0;
	size_t nm = c->show_munis ? c->m->n_municipalities : 0;
	size_t n = 1 + ng + nm + c->m->n_units;
	struct cell *cols = xcalloc(n, sizeof(*cols));
	const char **heads = xcalloc(n, sizeof(*heads));
	cols[0] = CELL(-1, -1);
	heads[0] = rp_cell_label(c, cols[0]);
	for (size_t g = 0; g < ng; g++) {
		cols[1 + g] = CELL((int)g, -1);
		heads[1 + g] = rp_group_label(c, g);
	}
	for (size_t m = 0; m < nm; m++) {
		cols[1 + ng + m] = CELL(-1, (int)m);
		heads[1 + ng + m] = c->m->municipalities[m];
	}
	size_t nu = 0;
	for (size_t u = 0; u < c->m->n_units; u++) {
		if (!c->show_units)
			break;
		cols[1 + ng + nm + nu] = (struct cell){ -1, -1, (int)u + 1 };
		heads[1 + ng + nm + nu] = c->m->units[u].name;
		nu++;
	}
	overview_table(c, cols, heads, 1 + ng);
	if (nm) {
		rp_doc_space(d, 8);
		overview_table(c, cols + 1 + ng, heads + 1 + ng, nm);
	}
	/* units in blocks of four columns: their names are long and many */
	for (size_t u0 = 0; u0 < nu; u0 += 4) {
		rp_doc_space(d, 8);
		overview_table(c, cols + 1 + ng + nm + u0, heads + 1 + ng + nm + u0, nu - u0 < 4 ? nu - u0 : 4);
	}
	free(cols);
	free(heads);

	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	overview_legend(c, &sb);
	rp_doc_space(d, 4);
	rp_doc_para(d, TS_SMALL, sb.buf, LAY_MARKUP, 4);
	sb_release(&sb);
	rp_doc_para(d, TS_SMALL, tx(lang, c->muni >= 0 ? T_OVERVIEW_NOTE_MUNI : T_OVERVIEW_NOTE), 0, 4);
	for (size_t i = 0; i < c->m->n_items; i++)
		if (c->m->items[i].scale < 0 && rp_item_is_share(c, i)) {
			rp_doc_para(d, TS_SMALL, tx(lang, T_OVERVIEW_SHARE_NOTE), 0, 4);
			break;
		}
}
