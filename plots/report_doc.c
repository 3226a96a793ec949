/* report_doc.c: the page flow: pages with their header and footer, sections with bookmarks, paragraphs, and tables that break over pages. */
#include "report_internal.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double bottom(void)
{
	return PAGE_H - MARGIN_BOTTOM;
}

static void page_frame(struct doc *d)
{
	cairo_t *cr = d->cr;
	enum lang lang = d->ty->lang;
	d->ty->untagged++; /* running header and footer are no part of the text */
	if (d->page > 1) {
		lay_rgb(cr, C_MUTED);
		/* The section's name on the right; the study's gets the rest. */
		const char *right = d->header_right ? d->header_right : "";
		double rw = lay_width(d->ty, TS_TINY, right, 0);
		double hw = CONTENT_W - (rw < CONTENT_W * 0.38 ? rw : CONTENT_W * 0.38) - 12;
		lay_box(cr, d->ty, TS_TINY, d->header_left, MARGIN_X, 34, hw, 12, LAY_NOWRAP);
		lay_box(cr, d->ty, TS_TINY, right, MARGIN_X + hw, 34, CONTENT_W - hw, 12, LAY_RIGHT | LAY_NOWRAP);
		lay_rgb(cr, C_RULE);
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, MARGIN_X, 47);
		cairo_line_to(cr, MARGIN_X + CONTENT_W, 47);
		cairo_stroke(cr);
	}
	char n[16], m[16];
	snprintf(n, sizeof(n), "%d", d->page);
	snprintf(m, sizeof(m), "%d", d->total_pages > 0 ? d->total_pages : d->page);
	char *foot = tx_fillf(lang, T_PAGE, "n", n, "m", m, NULL);
	lay_rgb(cr, C_MUTED);
	lay_box(cr, d->ty, TS_TINY, foot, MARGIN_X, PAGE_H - 38, CONTENT_W, 12, LAY_CENTER | LAY_NOWRAP);
	free(foot);
	d->ty->untagged--;
}

static void doc_begin_page(struct doc *d)
{
	d->page++;
	d->y = MARGIN_TOP;
	d->in_page = 1;
	if (d->cr)
		page_frame(d);
}

static void draw_pending(struct doc *d);

/* How full the page is (0..1 of the text area) and whether it ends a
 * section (or the report) rather than breaking inside one. */
static void record_fill(struct doc *d)
{
	ALLOC_GROW(d->fill, (size_t)d->page, d->alloc_fill);
	while (d->n_fill < (size_t)d->page)
		d->fill[d->n_fill++] = (struct page_fill){ 0, 1 };
	double used = (d->y - MARGIN_TOP) / (bottom() - MARGIN_TOP);
	d->fill[d->page - 1] = (struct page_fill){ used > 1 ? 1 : used < 0 ? 0 : used, !d->breaking };
}

void rp_doc_end_page(struct doc *d)
{
	if (!d->in_page)
		return;
	if (!d->breaking && d->n_pending) {
		d->orphans += d->n_pending; /* a heading with nothing after it */
		draw_pending(d);
	}
	record_fill(d);
	if (d->cr)
		cairo_show_page(d->cr);
	d->in_page = 0;
}

void rp_doc_new_page(struct doc *d)
{
	rp_doc_end_page(d);
	doc_begin_page(d);
}

/* A page break inside a section: the page does not end the section. */
static void break_page(struct doc *d)
{
	d->breaking = 1;
	rp_doc_new_page(d);
	d->breaking = 0;
}

static double pending_height(const struct doc *d)
{
	double h = 0;
	for (size_t i = 0; i < d->n_pending; i++)
		h += lay_height(d->ty, d->pending[i].st, d->pending[i].text, CONTENT_W, 0) + d->pending[i].after;
	return h;
}

/* Draw the headings waiting for the block they head, at d->y: a section's
 * also gets its bookmark and its place in the contents. */
static void draw_pending(struct doc *d)
{
	for (size_t i = 0; i < d->n_pending; i++) {
		struct pending_heading *p = &d->pending[i];
		double h = lay_height(d->ty, p->st, p->text, CONTENT_W, 0);
		if (p->section && d->n_sections < MAX_SECTIONS) {
			d->sections[d->n_sections].title = xstrdup(p->text);
			d->sections[d->n_sections].page = d->page;
			d->sections[d->n_sections].level = p->level;
			d->n_sections++;
		}
		if (p->section && d->surface) {
			char *link = xasprintf("page=%d pos=[%.1f %.1f]", d->page, MARGIN_X, d->y - 6);
			int id = cairo_pdf_surface_add_outline(d->surface,
							       p->level == 0 ? CAIRO_PDF_OUTLINE_ROOT : d->outline_parent,
							       p->text, link, 0);
			if (p->level == 0)
				d->outline_parent = id;
			free(link);
		}
		if (d->cr) {
			lay_rgb(d->cr, p->section && p->level == 0 ? C_ACCENT : C_TEXT);
			lay_box(d->cr, d->ty, p->st, p->text, MARGIN_X, d->y, CONTENT_W, h, 0);
		}
		d->y += h + p->after;
		free(p->text);
	}
	d->n_pending = 0;
}

/* Make room for h points, on a new page if need be; the headings waiting
 * for this block go with it. */
void rp_doc_ensure(struct doc *d, double h)
{
	double ph = pending_height(d);
	if (!d->in_page)
		doc_begin_page(d);
	else if (d->y + ph + h > bottom() && d->y > MARGIN_TOP + 0.5)
		break_page(d);
	draw_pending(d);
}

void rp_doc_space(struct doc *d, double h)
{
	if (d->n_pending)
		d->pending[d->n_pending - 1].after += h;
	else
		d->y += h;
}

/* A heading waits until the block after it is placed (rp_doc_ensure), so
 * that it never stands alone at the foot of a page. */
static void push_pending(struct doc *d, const char *text, enum tstyle st, int section, int level, double after)
{
	if (d->n_pending == ARRAY_SIZE(d->pending))
		draw_pending(d); /* headings upon headings: the first ones go */
	d->pending[d->n_pending++] = (struct pending_heading){ xstrdup(text), st, section, level, after };
}

/* A section: a new page, a bookmark, a heading and a place in the contents. */
void rp_doc_section(struct doc *d, const char *title, int level, int new_page)
{
	if (level == 0 || !d->header_right) {
		free(d->header_right);
		d->header_right = xstrdup(title);
	}
	free(d->subheading);
	d->subheading = NULL;
	if (new_page || !d->in_page)
		rp_doc_new_page(d);
	push_pending(d, title, level == 0 ? TS_H1 : TS_H2, 1, level, level == 0 ? 10 : 6);
}

/* A paragraph; moves to a new page rather than split. */
void rp_doc_para(struct doc *d, enum tstyle st, const char *text, unsigned flags, double after)
{
	double h = lay_height(d->ty, st, text, CONTENT_W, flags);
	rp_doc_ensure(d, h);
	if (st == TS_H2 || st == TS_H3)
		str_replace_owned(&d->subheading, text);
	if (d->cr) {
		lay_rgb(d->cr, C_TEXT);
		lay_box(d->cr, d->ty, st, text, MARGIN_X, d->y, CONTENT_W, h, flags);
	}
	d->y += h + after;
}

/* A heading kept on the page with the block that follows it (and at
 * least `keep` points of room below it). */
void rp_doc_heading(struct doc *d, enum tstyle st, const char *text, double keep)
{
	double h = lay_height(d->ty, st, text, CONTENT_W, 0);
	if (d->in_page && d->y + pending_height(d) + h + keep > bottom() && d->y > MARGIN_TOP + 0.5)
		break_page(d);
	str_replace_owned(&d->subheading, text);
	push_pending(d, text, st, 0, 0, 3);
}

/* A paragraph with a bullet and a hanging indent. */
void rp_doc_bullet(struct doc *d, enum tstyle st, const char *text, unsigned flags)
{
	double indent = 12;
	double h = lay_height(d->ty, st, text, CONTENT_W - indent, flags);
	rp_doc_ensure(d, h);
	if (d->cr) {
		lay_list_item_begin(d->cr, d->ty);
		lay_tag_begin(d->cr, d->ty, "Lbl");
		lay_rgb(d->cr, C_ACCENT);
		lay_box(d->cr, d->ty, st, "\xe2\x80\xa2", MARGIN_X + 2, d->y, indent - 2, h, 0);
		lay_tag_end(d->cr, d->ty, "Lbl");
		lay_tag_begin(d->cr, d->ty, "LBody");
		lay_rgb(d->cr, C_TEXT);
		lay_box(d->cr, d->ty, st, text, MARGIN_X + indent, d->y, CONTENT_W - indent, h, flags);
		lay_tag_end(d->cr, d->ty, "LBody");
		lay_list_item_end(d->cr, d->ty);
	}
	d->y += h + 4;
}

/* The rows a table starts with at least, on the page where it starts:
 * fewer at a page foot would leave a header and a row or two there. */
#define TABLE_MIN_START_ROWS 3

/* A table, split between rows over pages, with its header repeated. A
 * table that fits on a page is kept whole (it starts on the next page when
 * this one has too little room); a longer one starts only where its header
 * and its first TABLE_MIN_START_ROWS rows fit. */
void rp_doc_table(struct doc *d, const struct table *t)
{
	double hh = table_header_height(d->ty, t, CONTENT_W);
	int header_due = 1;
	double whole = hh, start = hh;
	for (size_t r = 0; r < t->n_rows; r++) {
		double rh = table_row_height(d->ty, t, r, CONTENT_W);
		whole += rh;
		if (r < TABLE_MIN_START_ROWS)
			start += rh;
	}
	if (t->n_rows)
		rp_doc_ensure(d, whole <= bottom() - MARGIN_TOP ? whole : start);
	int start_page = d->page;
	lay_tag_begin(d->cr, d->ty, "Table");
	for (size_t r = 0; r < t->n_rows; r++) {
		double rh = table_row_height(d->ty, t, r, CONTENT_W);
		if (header_due || d->y + rh > bottom()) {
			if (!header_due || d->y + hh + rh > bottom()) {
				/* a table that fits on a page, or one with fewer than
				 * its first rows on its first page: a bug here */
				if (r > 0 && d->page == start_page &&
				    (whole <= bottom() - MARGIN_TOP || r < TABLE_MIN_START_ROWS))
					d->split_tables++;
				break_page(d);
			}
			/* a repeated header is page furniture, not a row of the table */
			if (r > 0)
				d->ty->untagged++;
			if (d->cr)
				table_draw_header(d->cr, d->ty, t, MARGIN_X, d->y, CONTENT_W);
			if (r > 0)
				d->ty->untagged--;
			d->y += hh;
			header_due = 0;
		}
		if (d->cr)
			table_draw_row(d->cr, d->ty, t, r, MARGIN_X, d->y, CONTENT_W);
		d->y += rh;
	}
	lay_tag_end(d->cr, d->ty, "Table");
	d->y += 10;
	if (d->book)
		table_book_add(d->book, d->header_right, d->subheading, t);
}

char *rp_doc_titled(const struct doc *d, const char *title)
{
	const char *sec = d->header_right;
	if (!title || !*title)
		title = d->subheading;
	if (!title || !*title)
		return sec ? xstrdup(sec) : NULL;
	if (!sec || !*sec || strstr(title, sec))
		return xstrdup(title);
	return xasprintf("%s: %s", sec, title);
}

void rp_doc_reset(struct doc *d)
{
	for (size_t i = 0; i < d->n_sections; i++)
		free(d->sections[i].title);
	d->n_sections = 0;
	for (size_t i = 0; i < d->n_pending; i++)
		free(d->pending[i].text);
	d->n_pending = 0;
	free(d->fill);
	d->fill = NULL;
	d->n_fill = d->alloc_fill = 0;
	d->orphans = 0;
	d->split_tables = 0;
	free(d->header_right);
	d->header_right = NULL;
	free(d->subheading);
	d->subheading = NULL;
	d->page = 0;
	d->in_page = 0;
	d->y = 0;
	d->outline_parent = CAIRO_PDF_OUTLINE_ROOT;
}
