/* layout.c: text boxes with pango (wrap, measure, count overflow) and tables built on them. */
#include "layout.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.2
#define MAX_OVERFLOW_TEXTS 8

static const struct {
	const char *family;
	double size;
	PangoWeight weight;
	PangoStyle style;
	double spacing;
} styles[TS_COUNT] = {
	[TS_TITLE] = { LAY_FAMILY, 24, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 2 },
	[TS_SUBTITLE] = { LAY_FAMILY, 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1.5 },
	[TS_H1] = { LAY_FAMILY, 16, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 1 },
	[TS_H2] = { LAY_FAMILY, 11.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 1 },
	[TS_H3] = { LAY_FAMILY, 9.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 1 },
	[TS_BODY] = { LAY_FAMILY, 9.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 2.2 },
	[TS_BODY_BOLD] = { LAY_FAMILY, 9.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 2.2 },
	[TS_SMALL] = { LAY_FAMILY, 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1 },
	[TS_SMALL_BOLD] = { LAY_FAMILY, 8.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 1 },
	[TS_SMALL_ITALIC] = { LAY_FAMILY, 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_OBLIQUE, 1 },
	[TS_TINY] = { LAY_FAMILY, 7.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.5 },
	[TS_TINY_BOLD] = { LAY_FAMILY, 7.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0.5 },
	[TS_MONO] = { LAY_FAMILY_MONO, 7.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0.5 },
};

static cairo_font_options_t *font_options(void)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	return fo;
}

static void prepare_context(PangoContext *ctx)
{
	cairo_font_options_t *fo = font_options();
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
}

void typo_init(struct typo *ty, enum lang lang)
{
	memset(ty, 0, sizeof(*ty));
	ty->lang = lang;
	for (int i = 0; i < TS_COUNT; i++) {
		PangoFontDescription *fd = pango_font_description_new();
		pango_font_description_set_family(fd, styles[i].family);
		pango_font_description_set_absolute_size(fd, styles[i].size * PANGO_SCALE);
		pango_font_description_set_weight(fd, styles[i].weight);
		pango_font_description_set_style(fd, styles[i].style);
		ty->font[i] = fd;
		ty->spacing[i] = styles[i].spacing;
	}
	PangoFontMap *fm = pango_cairo_font_map_get_default();
	ty->measure_ctx = pango_font_map_create_context(fm);
	prepare_context(ty->measure_ctx);
	ty->measure = pango_layout_new(ty->measure_ctx);
	hashmap_init(&ty->measured);
}

void typo_release(struct typo *ty)
{
	for (int i = 0; i < TS_COUNT; i++)
		if (ty->font[i])
			pango_font_description_free(ty->font[i]);
	if (ty->measure)
		g_object_unref(ty->measure);
	if (ty->measure_ctx)
		g_object_unref(ty->measure_ctx);
	sl_release(&ty->overflow_texts);
	sl_release(&ty->figure_alts);
	for (size_t i = 0; i < ty->n_boxes; i++)
		free(ty->boxes[i].text);
	free(ty->boxes);
	sl_release(&ty->overlap_texts);
	hashmap_release(&ty->measured);
	free(ty->sizes);
	memset(ty, 0, sizeof(*ty));
}

double typo_size(enum tstyle st)
{
	return styles[st].size;
}

void typo_used(struct typo *ty, enum tstyle st)
{
	if (ty->min_size == 0 || styles[st].size < ty->min_size)
		ty->min_size = styles[st].size;
}

void typo_add_counts(struct typo *ty, unsigned overflow, const struct strlist *overflow_texts, unsigned overlap,
		     const struct strlist *overlap_texts, double min_size)
{
	ty->overflow += overflow;
	for (size_t i = 0; i < overflow_texts->n && ty->overflow_texts.n < MAX_OVERFLOW_TEXTS; i++)
		if (sl_find(&ty->overflow_texts, overflow_texts->v[i]) < 0)
			sl_push(&ty->overflow_texts, overflow_texts->v[i]);
	ty->overlap += overlap;
	for (size_t i = 0; i < overlap_texts->n && ty->overlap_texts.n < MAX_OVERFLOW_TEXTS; i++)
		sl_push(&ty->overlap_texts, overlap_texts->v[i]);
	if (min_size > 0 && (ty->min_size == 0 || min_size < ty->min_size))
		ty->min_size = min_size;
}

static int tags_on(cairo_t *cr, const struct typo *ty)
{
	return cr && ty->tagging && !ty->untagged;
}

void lay_list_close(cairo_t *cr, struct typo *ty)
{
	if (!ty->list_open)
		return;
	ty->list_open = 0;
	if (tags_on(cr, ty))
		cairo_tag_end(cr, "L");
}

void lay_tag_begin(cairo_t *cr, struct typo *ty, const char *tag)
{
	if (!tags_on(cr, ty))
		return;
	if (ty->tag_depth == 0)
		lay_list_close(cr, ty);
	cairo_tag_begin(cr, tag, "");
	ty->tag_depth++;
}

void lay_tag_end(cairo_t *cr, struct typo *ty, const char *tag)
{
	if (!tags_on(cr, ty))
		return;
	if (ty->tag_depth <= 0)
		abort(); /* a bug: an element closed that was never opened */
	cairo_tag_end(cr, tag);
	ty->tag_depth--;
}

const char *lay_heading_tag(struct typo *ty, int want)
{
	static const char *const names[] = { "H1", "H2", "H3" };
	int level = want < 1 ? 1 : want > 3 ? 3 : want;
	if (level > ty->heading_level + 1)
		level = ty->heading_level + 1;
	ty->heading_level = level;
	return names[level - 1];
}

void lay_list_item_begin(cairo_t *cr, struct typo *ty)
{
	if (!tags_on(cr, ty))
		return;
	if (!ty->list_open && ty->tag_depth == 0) {
		cairo_tag_begin(cr, "L", "");
		ty->list_open = 1;
	}
	lay_tag_begin(cr, ty, "LI");
}

void lay_list_item_end(cairo_t *cr, struct typo *ty)
{
	lay_tag_end(cr, ty, "LI");
}

/* The element of text drawn at the top in style st: a heading or a paragraph. */
static const char *auto_tag(struct typo *ty, enum tstyle st)
{
	switch (st) {
	case TS_TITLE:
	case TS_H1:
		return lay_heading_tag(ty, 1);
	case TS_H2:
		return lay_heading_tag(ty, 2);
	case TS_H3:
		return lay_heading_tag(ty, 3);
	default:
		return "P";
	}
}

void typo_prepare_layout(struct typo *ty, PangoLayout *pl)
{
	(void)ty;
	prepare_context(pango_layout_get_context(pl));
	pango_layout_context_changed(pl);
}

/* Put text, font and wrapping into pl. */
static void setup(struct typo *ty, PangoLayout *pl, enum tstyle st, const char *text, double w,
		  unsigned flags)
{
	pango_layout_set_font_description(pl, ty->font[st]);
	pango_layout_set_spacing(pl, (int)(ty->spacing[st] * PANGO_SCALE));
	pango_layout_set_attributes(pl, NULL);
	if (flags & LAY_MARKUP)
		pango_layout_set_markup(pl, text, -1);
	else
		pango_layout_set_text(pl, text, -1);
	if (w > 0 && !(flags & LAY_NOWRAP)) {
		pango_layout_set_width(pl, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(pl, PANGO_WRAP_WORD);
	} else {
		pango_layout_set_width(pl, -1);
	}
	PangoAlignment a = PANGO_ALIGN_LEFT;
	if (flags & LAY_CENTER)
		a = PANGO_ALIGN_CENTER;
	else if (flags & LAY_RIGHT)
		a = PANGO_ALIGN_RIGHT;
	pango_layout_set_alignment(pl, a);
}

/* The size (points) of text in style st laid out at width w (w <= 0: no
 * wrapping) with flags: measured once per typo, then looked up. */
static const double *measure(struct typo *ty, enum tstyle st, const char *text, double w, unsigned flags)
{
	if (w <= 0 || (flags & LAY_NOWRAP))
		w = -1; /* setup lays these out alike: unwrapped */
	size_t len = strlen(text);
	unsigned char stack[256];
	size_t klen = 1 + sizeof(flags) + sizeof(w) + len;
	unsigned char *key = klen <= sizeof(stack) ? stack : xmalloc(klen);
	key[0] = (unsigned char)st;
	memcpy(key + 1, &flags, sizeof(flags));
	memcpy(key + 1 + sizeof(flags), &w, sizeof(w));
	memcpy(key + 1 + sizeof(flags) + sizeof(w), text, len);
	int added;
	size_t i = hashmap_add(&ty->measured, key, klen, &added);
	if (key != stack)
		free(key);
	if (added) {
		ALLOC_GROW(ty->sizes, i + 1, ty->alloc_sizes);
		setup(ty, ty->measure, st, text, w, flags);
		int lw, lh;
		pango_layout_get_size(ty->measure, &lw, &lh);
		ty->sizes[i][0] = (double)lw / PANGO_SCALE;
		ty->sizes[i][1] = (double)lh / PANGO_SCALE;
	}
	return ty->sizes[i];
}

double lay_height(struct typo *ty, enum tstyle st, const char *text, double w, unsigned flags)
{
	if (!text || !*text)
		return 0;
	return measure(ty, st, text, w, flags)[1];
}

double lay_width(struct typo *ty, enum tstyle st, const char *text, unsigned flags)
{
	if (!text || !*text)
		return 0;
	return measure(ty, st, text, -1, flags)[0];
}

static void count_overflow(struct typo *ty, const char *text)
{
	ty->overflow++;
	/* a running header overflows on every page: name it once */
	if (ty->overflow_texts.n < MAX_OVERFLOW_TEXTS && sl_find(&ty->overflow_texts, text) < 0)
		sl_push(&ty->overflow_texts, text);
}

/* Each line of pl, laid out at (x, y) in cr's user space, as an SVG
 * <text> element at its baseline in device space, appended to ty->svg_text. */
static void svg_lines(cairo_t *cr, struct typo *ty, enum tstyle st, PangoLayout *pl, double x, double y)
{
	double r = 0, g = 0, b = 0, a = 1;
	cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a);
	const char *text = pango_layout_get_text(pl);
	PangoLayoutIter *it = pango_layout_get_iter(pl);
	do {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		if (!line->length)
			continue;
		PangoRectangle le;
		pango_layout_iter_get_line_extents(it, NULL, &le);
		double bx = x + (double)le.x / PANGO_SCALE;
		double by = y + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		cairo_user_to_device(cr, &bx, &by);
		double ux = 1, uy = 0;
		cairo_user_to_device_distance(cr, &ux, &uy);
		gchar *esc = g_markup_escape_text(text + line->start_index, line->length);
		sb_addf(ty->svg_text,
			"<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s\" font-size=\"%.2f\"%s%s fill=\"#%02x%02x%02x\""
			" xml:space=\"preserve\">%s</text>\n",
			bx, by, styles[st].family, styles[st].size * hypot(ux, uy),
			styles[st].weight >= PANGO_WEIGHT_BOLD ? " font-weight=\"bold\"" : "",
			styles[st].style == PANGO_STYLE_OBLIQUE ? " font-style=\"oblique\"" : "",
			(unsigned)lround(r * 255), (unsigned)lround(g * 255), (unsigned)lround(b * 255), esc);
		g_free(esc);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void push_box(struct typo *ty, double ax, double ay, double bx, double by, char *text)
{
	ALLOC_GROW(ty->boxes, ty->n_boxes + 1, ty->alloc_boxes);
	ty->boxes[ty->n_boxes++] = (struct lay_rect){ fmin(ax, bx), fmin(ay, by), fmax(ax, bx), fmax(ay, by), text };
}

/* Record the box pl's text takes when drawn at (x, y) of cr. */
static void record_box(cairo_t *cr, struct typo *ty, PangoLayout *pl, double x, double y)
{
	PangoRectangle lr;
	pango_layout_get_extents(pl, NULL, &lr);
	double ax = x + (double)lr.x / PANGO_SCALE, ay = y + (double)lr.y / PANGO_SCALE;
	double bx = ax + (double)lr.width / PANGO_SCALE, by = ay + (double)lr.height / PANGO_SCALE;
	cairo_user_to_device(cr, &ax, &ay);
	cairo_user_to_device(cr, &bx, &by);
	push_box(ty, ax, ay, bx, by, xstrdup(pango_layout_get_text(pl)));
}

void lay_obstacle(cairo_t *cr, struct typo *ty, double x0, double y0, double x1, double y1)
{
	if (!ty->collect_boxes)
		return;
	cairo_user_to_device(cr, &x0, &y0);
	cairo_user_to_device(cr, &x1, &y1);
	push_box(ty, x0, y0, x1, y1, NULL);
}

static void count_overlap(struct typo *ty, const char *what)
{
	ty->overlap++;
	if (ty->overlap_texts.n < MAX_OVERFLOW_TEXTS)
		sl_push(&ty->overlap_texts, what);
}

unsigned lay_check_boxes(struct typo *ty, size_t from, double x0, double y0, double x1, double y1)
{
	const double tol = 0.1;
	unsigned n = 0;
	for (size_t i = from; i < ty->n_boxes; i++) {
		const struct lay_rect *a = &ty->boxes[i];
		if (a->text && (a->x0 < x0 - tol || a->y0 < y0 - tol || a->x1 > x1 + tol || a->y1 > y1 + tol)) {
			char *m = xasprintf("'%s' leaves its chart", a->text);
			count_overlap(ty, m);
			free(m);
			n++;
		}
		for (size_t j = i + 1; j < ty->n_boxes; j++) {
			const struct lay_rect *b = &ty->boxes[j];
			if (!a->text && !b->text)
				continue;
			if (fmin(a->x1, b->x1) - fmax(a->x0, b->x0) > tol && fmin(a->y1, b->y1) - fmax(a->y0, b->y0) > tol) {
				char *m = !a->text   ? xasprintf("'%s' runs into the plot", b->text)
					  : !b->text ? xasprintf("'%s' runs into the plot", a->text)
						     : xasprintf("'%s' overlaps '%s'", a->text, b->text);
				count_overlap(ty, m);
				free(m);
				n++;
			}
		}
	}
	for (size_t i = from; i < ty->n_boxes; i++)
		free(ty->boxes[i].text);
	ty->n_boxes = from;
	return n;
}

double lay_box(cairo_t *cr, struct typo *ty, enum tstyle st, const char *text, double x, double y,
	       double w, double h, unsigned flags)
{
	if (!text || !*text)
		return 0;
	PangoLayout *pl = pango_cairo_create_layout(cr);
	typo_prepare_layout(ty, pl);
	setup(ty, pl, st, text, w, flags);
	int lw, lh;
	pango_layout_get_size(pl, &lw, &lh);
	double tw = (double)lw / PANGO_SCALE, th = (double)lh / PANGO_SCALE;
	int over = (h >= 0 && th > h + 0.01) || (w > 0 && (flags & LAY_NOWRAP) && tw > w + 0.01);
	/* With a set width pango reports the box's width; a line wider than
	 * that is a word that stuck out. */
	if (w > 0 && !(flags & LAY_NOWRAP)) {
		PangoLayoutIter *it = pango_layout_get_iter(pl);
		do {
			PangoRectangle le;
			pango_layout_iter_get_line_extents(it, NULL, &le);
			if ((double)le.width / PANGO_SCALE > w + 0.01)
				over = 1;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
	}
	if (over)
		count_overflow(ty, text);
	typo_used(ty, st);

	const char *tag = tags_on(cr, ty) && ty->tag_depth == 0 ? auto_tag(ty, st) : NULL;
	if (tag)
		lay_tag_begin(cr, ty, tag);
	double dy = 0;
	if ((flags & LAY_VCENTER) && h > 0 && th < h)
		dy = (h - th) / 2;
	double dx = 0;
	if (w > 0 && (flags & LAY_NOWRAP)) {
		if (flags & LAY_CENTER)
			dx = (w - tw) / 2;
		else if (flags & LAY_RIGHT)
			dx = w - tw;
	}
	if (ty->collect_boxes)
		record_box(cr, ty, pl, x + dx, y + dy);
	if (ty->svg_text) {
		svg_lines(cr, ty, st, pl, x + dx, y + dy);
		g_object_unref(pl);
		return th;
	}
	cairo_save(cr);
	if (over) {
		cairo_rectangle(cr, x, y, w > 0 ? w : tw, h >= 0 ? h : th);
		cairo_clip(cr);
	}
	cairo_move_to(cr, x + dx, y + dy);
	pango_cairo_show_layout(cr, pl);
	cairo_restore(cr);
	if (tag)
		lay_tag_end(cr, ty, tag);
	g_object_unref(pl);
	return th;
}

char *lay_escape(const char *s)
{
	gchar *e = g_markup_escape_text(s, -1);
	char *r = xstrdup(e);
	g_free(e);
	return r;
}

void lay_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
			     (rgb & 0xff) / 255.0);
}

void table_init(struct table *t, size_t n_cols)
{
	memset(t, 0, sizeof(*t));
	t->n_cols = n_cols;
	t->cols = xcalloc(n_cols, sizeof(*t->cols));
	for (size_t i = 0; i < n_cols; i++) {
		t->cols[i].head = xstrdup("");
		t->cols[i].weight = 1;
		t->cols[i].style = TS_SMALL;
	}
}

void table_release(struct table *t)
{
	for (size_t i = 0; i < t->n_cols; i++)
		free(t->cols[i].head);
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	free(t->values);
	free(t->row_flags);
	memset(t, 0, sizeof(*t));
}

void table_col(struct table *t, size_t col, const char *head, double weight, unsigned align)
{
	free(t->cols[col].head);
	t->cols[col].head = xstrdup(head);
	t->cols[col].weight = weight;
	t->cols[col].align = align;
}

void table_row(struct table *t, unsigned flags)
{
	size_t old = t->alloc_rows;
	ALLOC_GROW(t->row_flags, t->n_rows + 1, t->alloc_rows);
	if (t->alloc_rows != old) {
		t->cells = xrealloc(t->cells, t->alloc_rows * t->n_cols * sizeof(*t->cells));
		t->values = xrealloc(t->values, t->alloc_rows * t->n_cols * sizeof(*t->values));
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		t->cells[t->n_rows * t->n_cols + c] = xstrdup("");
		t->values[t->n_rows * t->n_cols + c] = (struct table_value){ 0 };
	}
	t->row_flags[t->n_rows++] = flags;
}

struct table_value *table_value(struct table *t, size_t col)
{
	return &t->values[(t->n_rows - 1) * t->n_cols + col];
}

void table_set_markup(struct table *t, size_t col, const char *markup)
{
	char **cell = &t->cells[(t->n_rows - 1) * t->n_cols + col];
	free(*cell);
	*cell = xstrdup(markup ? markup : "");
	*table_value(t, col) = (struct table_value){ 0 };
}

void table_set(struct table *t, size_t col, const char *text)
{
	char **cell = &t->cells[(t->n_rows - 1) * t->n_cols + col];
	free(*cell);
	*cell = lay_escape(text ? text : "");
	*table_value(t, col) = (struct table_value){ 0 };
}

void table_col_style(struct table *t, size_t col, enum tstyle st)
{
	t->cols[col].style = st;
}

void table_setf(struct table *t, size_t col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	table_set(t, col, sb.buf);
	sb_release(&sb);
}

/* The widths of the columns at total width w into cw[n_cols]: by weight,
 * but never narrower than the widest word of the heading; what that takes
 * comes from the columns with room to spare, in proportion to it. */
static void col_widths(struct typo *ty, const struct table *t, double w, double *cw)
{
	double sum = 0, deficit = 0, spare = 0;
	for (size_t c = 0; c < t->n_cols; c++)
		sum += t->cols[c].weight;
	double *minw = xcalloc(t->n_cols, sizeof(*minw));
	for (size_t c = 0; c < t->n_cols; c++) {
		cw[c] = w * t->cols[c].weight / sum;
		minw[c] = lay_widest_word(ty, TS_SMALL_BOLD, t->cols[c].head) + 2 * CELL_PAD_X + 0.5;
		if (minw[c] > cw[c])
			deficit += minw[c] - cw[c];
		else
			spare += cw[c] - minw[c];
	}
	if (deficit > 0 && spare > 0) {
		double share = deficit < spare ? deficit / spare : 1;
		for (size_t c = 0; c < t->n_cols; c++)
			cw[c] = minw[c] > cw[c] ? minw[c] : cw[c] - (cw[c] - minw[c]) * share;
	}
	free(minw);
}

double lay_widest_word(struct typo *ty, enum tstyle st, const char *text)
{
	double max = 0;
	char *copy = xstrdup(text ? text : "");
	char *save = NULL;
	for (char *wd = strtok_r(copy, " \n", &save); wd; wd = strtok_r(NULL, " \n", &save)) {
		double x = lay_width(ty, st, wd, 0);
		if (x > max)
			max = x;
	}
	free(copy);
	return max;
}

static enum tstyle cell_style(const struct table *t, size_t r, size_t c)
{
	if (t->row_flags[r] & TROW_BOLD)
		return t->cols[c].style == TS_MONO ? TS_MONO : TS_SMALL_BOLD;
	return t->cols[c].style;
}

double table_header_height(struct typo *ty, const struct table *t, double w)
{
	double h = 0;
	double *cw = xcalloc(t->n_cols, sizeof(*cw));
	col_widths(ty, t, w, cw);
	for (size_t c = 0; c < t->n_cols; c++) {
		double ch = lay_height(ty, TS_SMALL_BOLD, t->cols[c].head, cw[c] - 2 * CELL_PAD_X, 0);
		if (ch > h)
			h = ch;
	}
	free(cw);
	return h + 2 * CELL_PAD_Y + 1;
}

double table_row_height(struct typo *ty, const struct table *t, size_t r, double w)
{
	double h = 0;
	double *cw = xcalloc(t->n_cols, sizeof(*cw));
	col_widths(ty, t, w, cw);
	for (size_t c = 0; c < t->n_cols; c++) {
		const char *s = t->cells[r * t->n_cols + c];
		double ch = lay_height(ty, cell_style(t, r, c), s, cw[c] - 2 * CELL_PAD_X, LAY_MARKUP);
		if (ch > h)
			h = ch;
	}
	free(cw);
	if (h == 0)
		h = lay_height(ty, TS_SMALL, "X", -1, 0);
	return h + 2 * CELL_PAD_Y;
}

double table_draw_header(cairo_t *cr, struct typo *ty, const struct table *t, double x, double y, double w)
{
	double h = table_header_height(ty, t, w);
	double cx = x;
	double *cws = xcalloc(t->n_cols, sizeof(*cws));
	col_widths(ty, t, w, cws);
	lay_tag_begin(cr, ty, "TR");
	for (size_t c = 0; c < t->n_cols; c++) {
		double cw = cws[c];
		lay_rgb(cr, 0x222222);
		lay_tag_begin(cr, ty, "TH");
		lay_box(cr, ty, TS_SMALL_BOLD, t->cols[c].head, cx + CELL_PAD_X, y + CELL_PAD_Y,
			cw - 2 * CELL_PAD_X, h - 2 * CELL_PAD_Y, t->cols[c].align);
		lay_tag_end(cr, ty, "TH");
		cx += cw;
	}
	lay_tag_end(cr, ty, "TR");
	free(cws);
	lay_rgb(cr, 0x333333);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, x, y + h - 0.5);
	cairo_line_to(cr, x + w, y + h - 0.5);
	cairo_stroke(cr);
	return h;
}

double table_draw_row(cairo_t *cr, struct typo *ty, const struct table *t, size_t r, double x, double y, double w)
{
	double h = table_row_height(ty, t, r, w);
	if (t->row_flags[r] & TROW_SHADE) {
		lay_rgb(cr, 0xf0f0f0);
		cairo_rectangle(cr, x, y, w, h);
		cairo_fill(cr);
	}
	if (t->row_flags[r] & TROW_RULE) {
		lay_rgb(cr, 0xbbbbbb);
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, x, y + 0.25);
		cairo_line_to(cr, x + w, y + 0.25);
		cairo_stroke(cr);
	}
	double cx = x;
	double *cws = xcalloc(t->n_cols, sizeof(*cws));
	col_widths(ty, t, w, cws);
	lay_tag_begin(cr, ty, "TR");
	for (size_t c = 0; c < t->n_cols; c++) {
		double cw = cws[c];
		lay_rgb(cr, 0x111111);
		lay_tag_begin(cr, ty, "TD");
		lay_box(cr, ty, cell_style(t, r, c), t->cells[r * t->n_cols + c], cx + CELL_PAD_X,
			y + CELL_PAD_Y, cw - 2 * CELL_PAD_X, h - 2 * CELL_PAD_Y, t->cols[c].align | LAY_MARKUP);
		lay_tag_end(cr, ty, "TD");
		cx += cw;
	}
	lay_tag_end(cr, ty, "TR");
	free(cws);
	return h;
}
