/* report_cover.c: the cover page: title, scope, waves with their answers, and the contents. */
#include "report_internal.h"
#include "table_cells.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct section *known_section(struct report_ctx *c, const char *title)
{
	for (size_t i = 0; i < c->doc.n_known; i++)
		if (!strcmp(c->doc.known[i].title, title))
			return &c->doc.known[i];
	return NULL;
}

static char *page_of(struct report_ctx *c, enum text_id sec)
{
	const struct section *s = known_section(c, tx(c->lang, sec));
	return xasprintf("%d", s ? s->page : 0);
}

/* The band above the title: the logo at the left, scaled to fit its box
 * and tagged as a figure with its alternative text, and the
 * organisation's name at the right. */
static void cover_brand(struct report_ctx *c)
{
	const struct report_spec *sp = c->o->spec;
	cairo_t *cr = c->doc.cr;
	if (!cr || !sp)
		return;
	const double top = 26, box_w = 200, box_h = 64;
	if (sp->organisation) {
		double h = lay_height(&c->ty, TS_SMALL_BOLD, sp->organisation, CONTENT_W / 2, 0);
		lay_rgb(cr, C_MUTED);
		lay_box(cr, &c->ty, TS_SMALL_BOLD, sp->organisation, MARGIN_X + CONTENT_W / 2, top + (box_h - h) / 2,
			CONTENT_W / 2, h, LAY_RIGHT);
	}
	if (!c->logo)
		return;
	double w = cairo_image_surface_get_width(c->logo), h = cairo_image_surface_get_height(c->logo);
	double scale = box_w / w < box_h / h ? box_w / w : box_h / h;
	int figure = c->ty.tagging;
	if (figure) {
		lay_tag_begin(cr, &c->ty, "Figure");
		sl_push_owned(&c->ty.figure_alts,
			      sp->organisation ? tx_fillf(c->lang, T_COVER_LOGO_OF, "org", sp->organisation, NULL)
					       : xstrdup(tx(c->lang, T_COVER_LOGO)));
	}
	cairo_save(cr);
	cairo_translate(cr, MARGIN_X, top + (box_h - h * scale) / 2);
	cairo_scale(cr, scale, scale);
	cairo_set_source_surface(cr, c->logo, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
	cairo_paint(cr);
	cairo_restore(cr);
	if (figure)
		lay_tag_end(cr, &c->ty, "Figure");
}

/* The title and the subtitle: without a title of the study file's own, a
 * kicker above the study's name; with one, the title above the subtitle
 * (the study's name unless given). */
static void cover_title(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	const struct report_spec *sp = c->o->spec;
	const char *title = sp ? rp_pick(c->lang, sp->title, sp->title_en) : "";
	const char *sub = sp ? rp_pick(c->lang, sp->subtitle, sp->subtitle_en) : "";
	if (!*sub)
		sub = c->m->study_name;
	if (!*title)
		rp_doc_para(d, TS_SMALL_BOLD, tx(c->lang, T_COVER_KICKER), 0, 8);
	const char *big = *title ? title : sub;
	double h = lay_height(&c->ty, TS_TITLE, big, CONTENT_W, 0);
	if (d->cr) {
		lay_rgb(d->cr, C_ACCENT);
		lay_box(d->cr, &c->ty, TS_TITLE, big, MARGIN_X, d->y, CONTENT_W, h, 0);
	}
	d->y += h + 10;
	if (*title)
		rp_doc_para(d, TS_SUBTITLE, sub, 0, 6);
}

void rp_cover(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_new_page(d);
	cairo_t *cr = d->cr;
	if (cr) {
		lay_rgb(cr, C_ACCENT);
		cairo_rectangle(cr, 0, 0, PAGE_W, 10);
		cairo_fill(cr);
	}
	cover_brand(c);
	d->y = 110;
	cover_title(c);
	char *scope = c->muni >= 0 ? tx_fillf(lang, T_COVER_SCOPE_MUNI, "place", c->m->municipalities[c->muni], NULL)
				   : xstrdup(tx(lang, T_COVER_SCOPE_PROJECT));
	rp_doc_para(d, TS_SUBTITLE, scope, 0, 22);
	free(scope);

	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t m = 0; m < c->m->n_municipalities; m++) {
		if (m)
			sb_adds(&sb, m + 1 == c->m->n_municipalities ? tx(lang, T_LIST_AND) : ", ");
		sb_adds(&sb, c->m->municipalities[m]);
	}
	if (c->m->n_municipalities) {
		rp_doc_para(d, TS_SMALL_BOLD, tx(lang, T_COVER_MUNIS), 0, 1);
		rp_doc_para(d, TS_BODY, sb.buf, 0, 12);
	}

	struct table t;
	table_init(&t, 3);
	table_col(&t, 0, tx(lang, T_COL_WAVE), 1.2, LAY_LEFT);
	table_col(&t, 1, tx(lang, T_COL_PERIOD), 2.0, LAY_LEFT);
	table_col(&t, 2, tx(lang, T_COL_ANSWERS), 1.0, LAY_RIGHT);
	struct cell scope_cell = CELL(-1, c->muni);
	for (size_t w = 0; w < c->m->n_waves; w++) {
		table_row(&t, 0);
		table_set(&t, 0, rp_wave_label(c, w));
		char buf[FMT_MAX];
		table_set(&t, 1, fmt_period(buf, c->m->waves[w].start, c->m->waves[w].end, lang));
		double n;
		enum res_reason why;
		int st = rp_cell_count(c, scope_cell, w, &n, &why);
		if (st != RES_OK)
			table_set(&t, 2, rp_hidden_text(c));
		else
			tc_count(&t, 2, n, lang);
	}
	rp_doc_para(d, TS_SMALL_BOLD, tx(lang, T_COVER_WAVES), 0, 2);
	rp_doc_table(d, &t);
	table_release(&t);

	if (c->m->data_date && *c->m->data_date) {
		char buf[FMT_MAX];
		char *s = tx_fillf(lang, T_COVER_DATA_DATE, "date", fmt_date(buf, c->m->data_date, lang), NULL);
		rp_doc_para(d, TS_SMALL, s, 0, 14);
		free(s);
	}

	char *kp = page_of(c, T_SEC_KEY), *mp = page_of(c, T_SEC_METHOD);
	char *method = rp_page_shown(c, REPORT_PAGE_METHOD)
		? tx_fillf(lang, c->m->n_waves > 1 ? T_COVER_ABOUT_METHOD : T_COVER_ABOUT_ONE_WAVE_METHOD,
			   "methodpage", mp, NULL)
		: xstrdup("");
	char *about = c->m->n_waves > 1
		? tx_fillf(lang, T_COVER_ABOUT, "base", rp_wave_label(c, c->base), "later", rp_wave_label(c, c->last),
			   "keypage", kp, "method", method, NULL)
		: tx_fillf(lang, T_COVER_ABOUT_ONE_WAVE, "base", rp_wave_label(c, c->base), "method", method, NULL);
	rp_doc_para(d, TS_BODY, about, 0, 16);
	free(about);
	free(method);
	free(kp);
	free(mp);

	/* Contents, from the dry run; each line links to its page. */
	rp_doc_para(d, TS_H2, tx(lang, T_COVER_CONTENTS), 0, 4);
	for (size_t i = 0; i < c->doc.n_known; i++) {
		const struct section *s = &c->doc.known[i];
		if (s->level > 0)
			continue;
		double lh = lay_height(&c->ty, TS_BODY, s->title, CONTENT_W - 60, 0);
		rp_doc_ensure(d, lh + 3);
		if (cr) {
			char *link = xasprintf("page=%d pos=[%.1f %.1f]", s->page, MARGIN_X, MARGIN_TOP - 6);
			cairo_tag_begin(cr, CAIRO_TAG_LINK, link);
			lay_rgb(cr, C_TEXT);
			lay_box(cr, &c->ty, TS_BODY, s->title, MARGIN_X, d->y, CONTENT_W - 60, lh, 0);
			char pg[16];
			snprintf(pg, sizeof(pg), "%d", s->page);
			lay_box(cr, &c->ty, TS_BODY, pg, MARGIN_X + CONTENT_W - 60, d->y, 60, lh, LAY_RIGHT);
			cairo_tag_end(cr, CAIRO_TAG_LINK);
			free(link);
			lay_rgb(cr, C_RULE);
			cairo_set_line_width(cr, 0.3);
			cairo_move_to(cr, MARGIN_X, d->y + lh + 1.5);
			cairo_line_to(cr, MARGIN_X + CONTENT_W, d->y + lh + 1.5);
			cairo_stroke(cr);
		}
		d->y += lh + 4;
	}
	sb_release(&sb);
}
