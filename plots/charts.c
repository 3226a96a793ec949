/* charts.c: diverging stacked bars, dumbbells and interval (forest) charts, drawn by chart_draw onto any cairo surface. */
#include "charts.h"
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MIN 13.0      /* height of a row of marks */
#define GROUP_GAP 4.0     /* space above a group heading */
#define LEGEND_GAP 6.0
#define AXIS_GAP 3.0
#define DK_COL 54.0       /* width of the "Ved ikke" column */
#define DK_BAR 24.0       /* its bar at the end of its scale (dk_scale) */
#define PAD 4.0
#define PI 3.14159265358979323846

#define C_TEXT 0x222222
#define C_GREY 0x666666
#define C_GRID 0xdddddd
#define C_AXIS 0x444444
#define C_DK 0xbdbdbd
#define C_MARK 0x2166ac
#define C_MARK_MID 0x92c5de
#define C_LINK 0xb8b8b8

/* ColorBrewer RdBu, 5 classes. */
static const unsigned rdbu5[5] = { 0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0 };

unsigned chart_point_colour(int v, int k)
{
	if (k <= 1)
		return rdbu5[2];
	if (k == 5)
		return rdbu5[v - 1];
	return chart_palette_at(rdbu5, 5, (double)(v - 1) / (k - 1));
}

unsigned chart_palette_at(const unsigned *pal, size_t n, double t)
{
	double x = t * (double)(n - 1);
	size_t i = x <= 0 ? 0 : (size_t)floor(x);
	if (i >= n - 1)
		return pal[n - 1];
	double f = x - (double)i;
	unsigned a = pal[i], b = pal[i + 1], out = 0;
	for (int sh = 16; sh >= 0; sh -= 8) {
		double ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
		out |= (unsigned)lround(ca + (cb - ca) * f) << sh;
	}
	return out;
}

static double luminance(unsigned rgb)
{
	return (0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff)) / 255.0;
}

void chart_init(struct chart *c, enum chart_kind kind)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->xmin = -1;
	c->xmax = 1;
	c->tick = 0.5;
	c->tick_decimals = 1;
}

void chart_release(struct chart *c)
{
	free(c->title);
	strv_free(c->point_labels, (size_t)(c->k > 0 ? c->k : 0));
	strv_free(c->wave_labels, c->n_waves);
	strv_free(c->wave_notes, c->n_waves);
	free(c->dk_label);
	free(c->lo_label);
	free(c->hi_label);
	free(c->axis_label);
	for (int i = 0; i < 4; i++)
		free(c->band_labels[i]);
	free(c->legend_filled);
	free(c->legend_hollow);
	free(c->n_note);
	for (size_t i = 0; i < c->n_rows; i++) {
		struct chart_row *r = &c->rows[i];
		free(r->group);
		free(r->label);
		free(r->missing);
		free(r->value_text);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

void chart_set(char **field, const char *s)
{
	free(*field);
	*field = s ? xstrdup(s) : NULL;
}

struct chart_row *chart_add_row(struct chart *c, const char *group, const char *label)
{
	ALLOC_GROW(c->rows, c->n_rows + 1, c->alloc_rows);
	struct chart_row *r = &c->rows[c->n_rows++];
	memset(r, 0, sizeof(*r));
	r->group = xstrdup(group ? group : "");
	r->label = xstrdup(label ? label : "");
	for (int i = 0; i < CHART_MAX_POINTS; i++)
		r->pct[i] = NAN;
	r->dk_pct = NAN;
	for (int i = 0; i < CHART_MAX_WAVES; i++)
		r->mean[i] = r->lo[i] = r->hi[i] = NAN;
	r->est = r->est_lo = r->est_hi = NAN;
	return r;
}

/* Where everything goes, computed once for measuring and drawing. */
struct geom {
	double w;
	double legend_h;
	double lw;      /* label column */
	double vw;      /* value column on the right */
	double dkw;     /* "Ved ikke" column */
	double px0, px1; /* plot area */
	double *group_y; /* y of the group heading above row i, or -1 */
	double *row_y, *row_h;
	double rows_end;
	double axis_h;
	double total;
};

static int new_group(const struct chart *c, size_t i)
{
	const char *g = c->rows[i].group;
	if (!*g)
		return 0;
	return i == 0 || strcmp(g, c->rows[i - 1].group) != 0;
}

/* Legend items as (swatch kind, text): measured in a flow of lines. */
struct legend_item {
	const char *text;
	unsigned colour;
	int kind; /* 0 box, 1 hollow circle, 2 filled circle, 3 mid circle, 4 circle in colour */
};

static size_t legend_items(const struct chart *c, struct legend_item *items, size_t max)
{
	size_t n = 0;
	if (c->kind == CHART_DIVERGING) {
		for (int v = 1; v <= c->k && n < max; v++)
			items[n++] = (struct legend_item){ c->point_labels ? c->point_labels[v - 1] : "",
							   chart_point_colour(v, c->k), 0 };
		if (c->dk_label && n < max)
			items[n++] = (struct legend_item){ c->dk_label, C_DK, 0 };
	} else if (c->kind == CHART_DUMBBELL) {
		for (size_t w = 0; w < c->n_waves && n < max; w++)
			items[n++] = (struct legend_item){ c->wave_labels[w], chart_wave_colour(w, c->n_waves), 4 };
	} else {
		if (c->legend_filled && n < max)
			items[n++] = (struct legend_item){ c->legend_filled, C_MARK, 2 };
		if (c->legend_hollow && n < max)
			items[n++] = (struct legend_item){ c->legend_hollow, C_MARK, 1 };
	}
	return n;
}

#define SWATCH 7.0
#define ITEM_GAP 10.0

/* Lay the legend out in lines from x0 across width w; draw when cr is set.
 * Returns its height. */
static double legend(cairo_t *cr, struct typo *ty, const struct chart *c, double x0, double y0, double w)
{
	struct legend_item items[CHART_MAX_POINTS + 2];
	size_t n = legend_items(c, items, ARRAY_SIZE(items));
	if (!n)
		return 0;
	double line_h = lay_height(ty, TS_TINY, "Xg", -1, 0);
	double x = 0, y = 0;
	double max_text = w / 2.5;
	for (size_t i = 0; i < n; i++) {
		double tw = lay_width(ty, TS_TINY, items[i].text, 0);
		if (tw > max_text)
			tw = fmax(max_text, lay_widest_word(ty, TS_TINY, items[i].text));
		double th = lay_height(ty, TS_TINY, items[i].text, tw + 0.5, 0);
		double iw = SWATCH + 3 + tw;
		if (x > 0 && x + iw > w) {
			x = 0;
			y += line_h + 3;
		}
		if (cr) {
			double sy = y0 + y + (line_h - SWATCH) / 2;
			double sx = x0 + x;
			if (items[i].kind == 0) {
				lay_rgb(cr, items[i].colour);
				cairo_rectangle(cr, sx, sy, SWATCH, SWATCH);
				cairo_fill_preserve(cr);
				lay_rgb(cr, 0x999999);
				cairo_set_line_width(cr, 0.4);
				cairo_stroke(cr);
			} else {
				cairo_new_sub_path(cr);
				cairo_arc(cr, sx + SWATCH / 2, sy + SWATCH / 2, SWATCH / 2 - 0.6, 0, 2 * PI);
				lay_rgb(cr, items[i].kind == 4 ? items[i].colour : items[i].kind == 1 ? 0xffffff
							 : items[i].kind == 2 ? C_MARK : C_MARK_MID);
				cairo_fill_preserve(cr);
				lay_rgb(cr, items[i].kind == 4 ? C_TEXT : C_MARK);
				cairo_set_line_width(cr, 1.1);
				cairo_stroke(cr);
			}
			lay_rgb(cr, C_TEXT);
			lay_box(cr, ty, TS_TINY, items[i].text, sx + SWATCH + 3, y0 + y, tw + 0.5, th, 0);
		}
		if (th > line_h)
			y += th - line_h;
		x += iw + ITEM_GAP;
	}
	return y + line_h;
}

/* The width of a group heading: the label column, left of the plot. */
static double heading_w(const struct geom *g)
{
	return g->px0 - 2;
}

static void geom_init(struct geom *g, struct typo *ty, const struct chart *c, double w)
{
	memset(g, 0, sizeof(*g));
	g->w = w;
	g->group_y = xcalloc(c->n_rows + 1, sizeof(double));
	g->row_y = xcalloc(c->n_rows + 1, sizeof(double));
	g->row_h = xcalloc(c->n_rows + 1, sizeof(double));

	/* Label column: as wide as the widest label, within limits. */
	double lw = 0;
	for (size_t i = 0; i < c->n_rows; i++) {
		double t = lay_width(ty, c->rows[i].emphasis ? TS_SMALL_BOLD : TS_SMALL, c->rows[i].label, 0) + 8;
		if (t > lw)
			lw = t;
		/* the group headings stay left of the plot too */
		t = new_group(c, i) ? lay_width(ty, TS_SMALL_BOLD, c->rows[i].group, 0) : 0;
		if (t > lw)
			lw = t;
	}
	if (lw < w * 0.14)
		lw = w * 0.14;
	if (lw > w * 0.30)
		lw = w * 0.30;
	g->lw = lw;
	double vw = 0;
	for (size_t i = 0; i < c->n_rows; i++) {
		const char *v = c->rows[i].value_text;
		double t = v ? lay_width(ty, TS_TINY, v, 0) + 6 : 0;
		if (t > vw)
			vw = t;
	}
	if (vw > w * 0.28)
		vw = w * 0.28;
	g->vw = vw;
	g->dkw = c->kind == CHART_DIVERGING && c->dk_label ? DK_COL : 0;
	g->px0 = lw + PAD;
	g->px1 = w - vw - g->dkw - PAD;
	if (c->kind != CHART_DIVERGING) {
		g->px0 += 6;
		g->px1 -= 6;
	}

	g->legend_h = legend(NULL, ty, c, g->px0, 0, w - g->px0);
	double y = g->legend_h + LEGEND_GAP;
	if (c->kind == CHART_INTERVAL && c->effect_bands)
		y += 2 * lay_height(ty, TS_TINY, "Xg", -1, 0) + 2; /* band names on two lines */
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		g->group_y[i] = -1;
		if (new_group(c, i)) {
			if (i > 0)
				y += GROUP_GAP;
			g->group_y[i] = y;
			y += lay_height(ty, TS_SMALL_BOLD, r->group, heading_w(g), 0) + 1.5;
		}
		double lh = lay_height(ty, r->emphasis ? TS_SMALL_BOLD : TS_SMALL, r->label, lw - 8, 0) + 3;
		double vh = r->value_text ? lay_height(ty, TS_TINY, r->value_text, vw, 0) + 3 : 0;
		double h = ROW_MIN;
		if (lh > h)
			h = lh;
		if (vh > h)
			h = vh;
		g->row_y[i] = y;
		g->row_h[i] = h;
		y += h;
	}
	g->rows_end = y;
	double tick_h = lay_height(ty, TS_TINY, "0", -1, 0);
	g->axis_h = AXIS_GAP + tick_h + 2;
	if (c->kind == CHART_DUMBBELL && (c->lo_label || c->hi_label)) {
		double half = (g->px1 - g->px0) / 2 - 4;
		double a = c->lo_label ? lay_height(ty, TS_TINY, c->lo_label, half, 0) : 0;
		double b = c->hi_label ? lay_height(ty, TS_TINY, c->hi_label, half, 0) : 0;
		g->axis_h += (a > b ? a : b) + 2;
	}
	if (c->axis_label)
		g->axis_h += lay_height(ty, TS_TINY, c->axis_label, g->px1 - g->px0, 0) + 3;
	g->total = y + g->axis_h + 1;
}

static void geom_release(struct geom *g)
{
	free(g->group_y);
	free(g->row_y);
	free(g->row_h);
}

double chart_height(struct typo *ty, const struct chart *c, double w)
{
	if (c->kind == CHART_TREND)
		return chart_trend_height(ty, c, w);
	struct geom g;
	geom_init(&g, ty, c, w);
	double h = g.total;
	geom_release(&g);
	return h;
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

static void draw_labels(cairo_t *cr, struct typo *ty, const struct chart *c, const struct geom *g)
{
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		if (g->group_y[i] >= 0) {
			lay_rgb(cr, C_TEXT);
			double hh = lay_box(cr, ty, TS_SMALL_BOLD, r->group, 0, g->group_y[i], heading_w(g), -1, 0);
			/* the plot beside a heading is no place for text */
			lay_obstacle(cr, ty, g->px0, g->group_y[i], g->px1, g->group_y[i] + hh);
		}
		lay_rgb(cr, C_TEXT);
		lay_box(cr, ty, r->emphasis ? TS_SMALL_BOLD : TS_SMALL, r->label, 8, g->row_y[i],
			g->lw - 8, g->row_h[i], LAY_VCENTER);
		if (r->value_text) {
			lay_rgb(cr, C_TEXT);
			lay_box(cr, ty, TS_TINY, r->value_text, g->w - g->vw, g->row_y[i], g->vw, g->row_h[i],
				LAY_RIGHT | LAY_VCENTER);
		}
	}
}

/* A visible mark for a row without numbers: dashed box with the reason. */
static void draw_missing(cairo_t *cr, struct typo *ty, const char *text, double x0, double x1,
			 double y, double h)
{
	double bh = h - 4;
	cairo_save(cr);
	lay_rgb(cr, 0xf4f4f4);
	cairo_rectangle(cr, x0, y + 2, x1 - x0, bh);
	cairo_fill_preserve(cr);
	static const double dash[] = { 2.0, 1.5 };
	cairo_set_dash(cr, dash, 2, 0);
	cairo_set_line_width(cr, 0.5);
	lay_rgb(cr, 0x9a9a9a);
	cairo_stroke(cr);
	cairo_restore(cr);
	lay_rgb(cr, 0x555555);
	lay_box(cr, ty, TS_TINY, text, x0 + 2, y + 2, x1 - x0 - 4, bh, LAY_CENTER | LAY_VCENTER);
}

/* The end of the "Ved ikke" column's scale: the smallest of 10, 20, 25, 50
 * and 100 % that holds every row's share, so that a share of a few per cent
 * is a bar one can see and compare. */
static double dk_scale(const struct chart *c)
{
	static const double ends[] = { 10, 20, 25, 50, 100 };
	double max = 0;
	for (size_t i = 0; i < c->n_rows; i++)
		if (!c->rows[i].missing && isfinite(c->rows[i].dk_pct) && c->rows[i].dk_pct > max)
			max = c->rows[i].dk_pct;
	for (size_t i = 0; i < ARRAY_SIZE(ends); i++)
		if (max <= ends[i] + 1e-9)
			return ends[i];
	return 100;
}

static void draw_x_axis_ticks(cairo_t *cr, struct typo *ty, const struct geom *g, const double *xs,
			      char labels[][FMT_MAX], size_t n, double y_top)
{
	double y = g->rows_end;
	lay_rgb(cr, C_AXIS);
	cairo_set_line_width(cr, 0.6);
	line(cr, g->px0, y, g->px1, y);
	for (size_t i = 0; i < n; i++) {
		lay_rgb(cr, C_GRID);
		cairo_set_line_width(cr, 0.4);
		line(cr, xs[i], y_top, xs[i], y);
		lay_rgb(cr, C_AXIS);
		cairo_set_line_width(cr, 0.6);
		line(cr, xs[i], y, xs[i], y + 2);
		double tw = lay_width(ty, TS_TINY, labels[i], 0);
		lay_rgb(cr, C_GREY);
		lay_box(cr, ty, TS_TINY, labels[i], xs[i] - tw / 2 - 1, y + AXIS_GAP, tw + 2, -1, LAY_CENTER);
	}
}

static void draw_axis_label(cairo_t *cr, struct typo *ty, const struct chart *c, const struct geom *g)
{
	if (!c->axis_label)
		return;
	double lh = lay_height(ty, TS_TINY, c->axis_label, g->px1 - g->px0, 0);
	lay_rgb(cr, C_GREY);
	lay_box(cr, ty, TS_TINY, c->axis_label, g->px0, g->total - lh - 1, g->px1 - g->px0, lh, LAY_CENTER);
}

static void draw_diverging(cairo_t *cr, struct typo *ty, const struct chart *c, const struct geom *g)
{
	double cx = (g->px0 + g->px1) / 2;
	double half = (g->px1 - g->px0) / 2;
	double top = g->legend_h + LEGEND_GAP - 2;
	double xs[9];
	char labels[9][FMT_MAX];
	for (int i = 0; i < 9; i++) {
		double p = -100 + 25.0 * i;
		xs[i] = cx + p / 100 * half;
		if (i % 2 == 0)
			fmt_pct(labels[i], fabs(p) / 100, 0, ty->lang);
		else
			labels[i][0] = '\0';
	}
	draw_x_axis_ticks(cr, ty, g, xs, labels, 9, top);
	lay_rgb(cr, C_AXIS);
	cairo_set_line_width(cr, 0.8);
	line(cr, cx, top, cx, g->rows_end);

	int k = c->k;
	double dk_max = dk_scale(c);
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		double y = g->row_y[i], h = g->row_h[i];
		double bh = h - 4 < 9 ? h - 4 : 9;
		double by = y + (h - bh) / 2;
		if (r->missing) {
			draw_missing(cr, ty, r->missing, g->px0, g->px1, y, h);
			continue;
		}
		double neg = 0;
		int mid = k % 2 ? (k - 1) / 2 : -1;
		for (int v = 0; v < k / 2; v++)
			neg += isfinite(r->pct[v]) ? r->pct[v] : 0;
		if (mid >= 0 && isfinite(r->pct[mid]))
			neg += r->pct[mid] / 2;
		double x = cx - neg / 100 * half;
		for (int v = 0; v < k; v++) {
			double p = isfinite(r->pct[v]) ? r->pct[v] : 0;
			double sw = p / 100 * half;
			if (sw <= 0)
				continue;
			unsigned col = chart_point_colour(v + 1, k);
			lay_rgb(cr, col);
			cairo_rectangle(cr, x, by, sw, bh);
			cairo_fill_preserve(cr);
			if (luminance(col) > 0.9) {
				/* The near-white middle needs an outline on white paper. */
				lay_rgb(cr, 0x8c8c8c);
				cairo_set_line_width(cr, 0.5);
			} else {
				cairo_set_source_rgb(cr, 1, 1, 1);
				cairo_set_line_width(cr, 0.4);
			}
			cairo_stroke(cr);
			char num[FMT_MAX];
			fmt_num(num, p, 0, ty->lang);
			double tw = lay_width(ty, TS_TINY, num, 0);
			if (tw + 2 <= sw) {
				lay_rgb(cr, luminance(col) < 0.45 ? 0xffffff : 0x111111);
				lay_box(cr, ty, TS_TINY, num, x, by, sw, bh, LAY_CENTER | LAY_VCENTER | LAY_NOWRAP);
			}
			x += sw;
		}
		if (g->dkw > 0 && isfinite(r->dk_pct)) {
			double x0 = g->px1 + PAD + 4;
			/* the track of the whole scale, then the share on it */
			lay_rgb(cr, C_GRID);
			cairo_set_line_width(cr, 0.4);
			cairo_rectangle(cr, x0, by, DK_BAR, bh);
			cairo_stroke(cr);
			lay_rgb(cr, C_DK);
			cairo_rectangle(cr, x0, by, fmin(r->dk_pct, dk_max) / dk_max * DK_BAR, bh);
			cairo_fill(cr);
			char num[FMT_MAX];
			fmt_pct(num, r->dk_pct / 100, 0, ty->lang);
			lay_rgb(cr, C_GREY);
			lay_box(cr, ty, TS_TINY, num, x0 + DK_BAR + 2, by, g->dkw - DK_BAR - 6, bh,
				LAY_VCENTER | LAY_NOWRAP);
		}
	}
	if (g->dkw > 0) {
		/* The column's own scale, labelled under it like the main axis. */
		double x0 = g->px1 + PAD + 4;
		char lo[FMT_MAX], hi[FMT_MAX];
		fmt_num(lo, 0, 0, ty->lang);
		fmt_pct(hi, dk_max / 100, 0, ty->lang);
		char *scale = xasprintf("%s\xe2\x80\x93%s", lo, hi);
		/* right of the main axis' last tick label ("100 %", centred on px1) */
		char end[FMT_MAX];
		fmt_pct(end, 1, 0, ty->lang);
		double lx = fmax(x0, g->px1 + lay_width(ty, TS_TINY, end, 0) / 2 + 8);
		lay_rgb(cr, C_GREY);
		lay_box(cr, ty, TS_TINY, scale, lx, g->rows_end + AXIS_GAP, g->px1 + PAD + g->dkw - lx, -1, LAY_NOWRAP);
		free(scale);
	}
}

static void marker(cairo_t *cr, double x, double y, double rad, int kind)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x, y, rad, 0, 2 * PI);
	lay_rgb(cr, kind == 1 ? 0xffffff : kind == 2 ? C_MARK : C_MARK_MID);
	cairo_fill_preserve(cr);
	lay_rgb(cr, C_MARK);
	cairo_set_line_width(cr, 1.1);
	cairo_stroke(cr);
}

static void draw_dumbbell(cairo_t *cr, struct typo *ty, const struct chart *c, const struct geom *g)
{
	int k = c->k > 1 ? c->k : 2, v0 = 1 + c->shift; /* the axis runs over the values v0..v0 + k - 1 */
	double top = g->legend_h + LEGEND_GAP - 2;
	double xs[CHART_MAX_POINTS];
	char labels[CHART_MAX_POINTS][FMT_MAX];
	size_t nt = 0;
	int step = k > 11 ? (k + 9) / 10 : 1;
#define XPOS(v) (g->px0 + ((v) - (double)v0) / (k - 1.0) * (g->px1 - g->px0))
	for (int v = v0; v < v0 + k; v += step) {
		xs[nt] = XPOS(v);
		fmt_num(labels[nt], v, 0, ty->lang);
		nt++;
	}
	draw_x_axis_ticks(cr, ty, g, xs, labels, nt, top);
	if (c->lo_label || c->hi_label) {
		double half = (g->px1 - g->px0) / 2 - 4;
		double y = g->rows_end + AXIS_GAP + lay_height(ty, TS_TINY, "0", -1, 0) + 2;
		lay_rgb(cr, C_GREY);
		if (c->lo_label)
			lay_box(cr, ty, TS_TINY, c->lo_label, g->px0 - 6, y, half, -1, LAY_LEFT);
		if (c->hi_label)
			lay_box(cr, ty, TS_TINY, c->hi_label, g->px1 + 6 - half, y, half, -1, LAY_RIGHT);
	}
	size_t nw = c->n_waves < CHART_MAX_WAVES ? c->n_waves : CHART_MAX_WAVES;
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		double y = g->row_y[i], h = g->row_h[i], yc = y + h / 2;
		if (r->missing) {
			draw_missing(cr, ty, r->missing, g->px0, g->px1, y, h);
			continue;
		}
		/* The link from the first to the last mean shown. */
		double first = NAN, last = NAN;
		for (size_t w = 0; w < nw; w++)
			if (isfinite(r->mean[w])) {
				if (!isfinite(first))
					first = r->mean[w];
				last = r->mean[w];
			}
		if (isfinite(first) && isfinite(last) && first != last) {
			lay_rgb(cr, C_LINK);
			cairo_set_line_width(cr, 2.2);
			line(cr, XPOS(first), yc, XPOS(last), yc);
		}
		for (size_t w = 0; w < nw; w++) {
			if (!isfinite(r->mean[w]))
				continue;
			double dy = ((double)w - (nw - 1) / 2.0) * 2.6;
			if (isfinite(r->lo[w]) && isfinite(r->hi[w])) {
				double lo = r->lo[w] < v0 ? v0 : r->lo[w], hi = r->hi[w] > v0 + k - 1 ? v0 + k - 1 : r->hi[w];
				lay_rgb(cr, chart_wave_colour(w, nw));
				cairo_set_line_width(cr, 0.8);
				line(cr, XPOS(lo), yc + dy, XPOS(hi), yc + dy);
				line(cr, XPOS(lo), yc + dy - 1.5, XPOS(lo), yc + dy + 1.5);
				line(cr, XPOS(hi), yc + dy - 1.5, XPOS(hi), yc + dy + 1.5);
			}
		}
		for (size_t w = 0; w < nw; w++) {
			if (!isfinite(r->mean[w]))
				continue;
			double dy = ((double)w - (nw - 1) / 2.0) * 2.6;
			cairo_new_sub_path(cr);
			cairo_arc(cr, XPOS(r->mean[w]), yc + dy, 3.0, 0, 2 * PI);
			lay_rgb(cr, chart_wave_colour(w, nw));
			cairo_fill_preserve(cr);
			lay_rgb(cr, C_TEXT);
			cairo_set_line_width(cr, 0.6);
			cairo_stroke(cr);
		}
	}
#undef XPOS
}

static void draw_interval(cairo_t *cr, struct typo *ty, const struct chart *c, const struct geom *g)
{
	double top = g->legend_h + LEGEND_GAP - 2;
	double span = c->xmax - c->xmin;
#define XPOS(v) (g->px0 + ((v) - c->xmin) / span * (g->px1 - g->px0))
	if (c->effect_bands) {
		/* Darker the larger the effect: large everywhere, then medium,
		 * small and negligible on top, each nearer to 0. */
		static const double edges[] = { 1e9, 0.8, 0.5, 0.2 };
		static const unsigned shades[] = { 0xdadada, 0xe6e6e6, 0xf2f2f2, 0xffffff };
		double by = g->legend_h + LEGEND_GAP - 1;
		double line_h = lay_height(ty, TS_TINY, "Xg", -1, 0);
		double bands_y = by + 2 * line_h + 2;
		for (int b = 0; b < 4; b++) {
			double lo = -edges[b] < c->xmin ? c->xmin : -edges[b];
			double hi = edges[b] > c->xmax ? c->xmax : edges[b];
			lay_rgb(cr, shades[b]);
			cairo_rectangle(cr, XPOS(lo), bands_y, XPOS(hi) - XPOS(lo), g->rows_end - bands_y);
			cairo_fill(cr);
		}
		/* Names of the bands on two lines, every other band on the lower
		 * one, so that a name may take its band and half of each
		 * neighbour's; where even that is too narrow it is left out. */
		double bounds[] = { 0, 0.2, 0.5, 0.8, 1e9 };
		for (int side = -1; side <= 1; side += 2) {
			for (int b = 0; b < 4; b++) {
				double a = bounds[b], z = bounds[b + 1];
				double x0 = side > 0 ? a : -z, x1 = side > 0 ? z : -a;
				if (b == 0) { /* the negligible band is one band about 0: named once */
					if (side > 0)
						continue;
					x1 = z;
				}
				x0 = fmax(x0, c->xmin);
				x1 = fmin(x1, c->xmax);
				if (x1 <= x0 || !c->band_labels[b])
					continue;
				double lw = b > 0 ? (bounds[b] - bounds[b - 1]) / 2 : 0;
				double rw = b < 3 ? (fmin(bounds[b + 2], c->xmax) - bounds[b + 1]) / 2 : 0;
				double ax0 = fmax(side > 0 ? x0 - lw : x0 - rw, c->xmin);
				double ax1 = fmin(side > 0 ? x1 + rw : x1 + lw, c->xmax);
				double room = XPOS(ax1) - XPOS(ax0);
				double tw = lay_width(ty, TS_TINY, c->band_labels[b], 0) + 2;
				if (tw > room)
					continue;
				double mid = (XPOS(x0) + XPOS(x1)) / 2;
				double left = fmin(fmax(mid - tw / 2, XPOS(ax0)), XPOS(ax1) - tw);
				lay_rgb(cr, C_GREY);
				lay_box(cr, ty, TS_TINY, c->band_labels[b], left, by + (b % 2) * line_h, tw, -1, LAY_CENTER);
			}
		}
		top = bands_y;
	}
	double xs[64];
	char labels[64][FMT_MAX];
	size_t nt = 0;
	double first = ceil(c->xmin / c->tick - 1e-9) * c->tick;
	for (double v = first; v <= c->xmax + 1e-9 && nt < ARRAY_SIZE(xs); v += c->tick) {
		xs[nt] = XPOS(v);
		fmt_signed(labels[nt], fabs(v) < 1e-9 ? 0 : v, c->tick_decimals, ty->lang);
		nt++;
	}
	draw_x_axis_ticks(cr, ty, g, xs, labels, nt, top);
	if (c->zero >= c->xmin && c->zero <= c->xmax) {
		lay_rgb(cr, C_AXIS);
		cairo_set_line_width(cr, 0.9);
		line(cr, XPOS(c->zero), top, XPOS(c->zero), g->rows_end);
	}
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		double y = g->row_y[i], h = g->row_h[i], yc = y + h / 2;
		if (r->missing || !isfinite(r->est)) {
			draw_missing(cr, ty, r->missing ? r->missing : tx(ty->lang, T_NOT_AVAILABLE), g->px0, g->px1, y, h);
			continue;
		}
		if (isfinite(r->est_lo) && isfinite(r->est_hi)) {
			double lo = r->est_lo, hi = r->est_hi;
			int cut_lo = lo < c->xmin, cut_hi = hi > c->xmax;
			if (cut_lo)
				lo = c->xmin;
			if (cut_hi)
				hi = c->xmax;
			lay_rgb(cr, C_MARK);
			cairo_set_line_width(cr, 1.2);
			line(cr, XPOS(lo), yc, XPOS(hi), yc);
			if (cut_lo) {
				cairo_move_to(cr, XPOS(lo), yc);
				cairo_rel_line_to(cr, 3.5, -2.5);
				cairo_rel_line_to(cr, 0, 5);
				cairo_close_path(cr);
				cairo_fill(cr);
			} else {
				line(cr, XPOS(lo), yc - 2.5, XPOS(lo), yc + 2.5);
			}
			if (cut_hi) {
				cairo_move_to(cr, XPOS(hi), yc);
				cairo_rel_line_to(cr, -3.5, -2.5);
				cairo_rel_line_to(cr, 0, 5);
				cairo_close_path(cr);
				cairo_fill(cr);
			} else {
				line(cr, XPOS(hi), yc - 2.5, XPOS(hi), yc + 2.5);
			}
		}
		double e = r->est < c->xmin ? c->xmin : r->est > c->xmax ? c->xmax : r->est;
		marker(cr, XPOS(e), yc, 3.2, r->filled ? 2 : 1);
	}
#undef XPOS
}

void chart_draw(cairo_t *cr, double w, double h, const struct chart *c, struct typo *ty)
{
	struct geom g;
	geom_init(&g, ty, c, w);
	if (c->kind == CHART_TREND)
		g.total = chart_trend_height(ty, c, w);
	if (g.total > h + 0.5) {
		/* The caller gave less room than the chart needs: count it,
		 * as for text. */
		ty->overflow++;
		if (ty->overflow_texts.n < 8)
			sl_push(&ty->overflow_texts, "(a chart taller than its box)");
	}
	int figure = ty->tagging && !ty->untagged;
	if (figure) {
		lay_tag_begin(cr, ty, "Figure");
		sl_push_owned(&ty->figure_alts, chart_alt_text(c, ty->lang));
	}
	/* Every label's box is measured: none may overlap another or leave
	 * the chart (counted in ty->overlap). */
	int collect = ty->collect_boxes;
	size_t from = ty->n_boxes;
	ty->collect_boxes = 1;
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_clip(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	if (c->kind != CHART_TREND)
		legend(cr, ty, c, g.px0, 0, w - g.px0);
	switch (c->kind) {
	case CHART_DIVERGING:
		draw_diverging(cr, ty, c, &g);
		break;
	case CHART_DUMBBELL:
		draw_dumbbell(cr, ty, c, &g);
		break;
	case CHART_INTERVAL:
		draw_interval(cr, ty, c, &g);
		break;
	case CHART_TREND:
		chart_trend_draw(cr, ty, c, w);
		break;
	}
	if (c->kind != CHART_TREND) {
		draw_labels(cr, ty, c, &g);
		draw_axis_label(cr, ty, c, &g);
	}
	double bx0 = 0, by0 = 0, bx1 = w, by1 = h;
	cairo_user_to_device(cr, &bx0, &by0);
	cairo_user_to_device(cr, &bx1, &by1);
	lay_check_boxes(ty, from, fmin(bx0, bx1), fmin(by0, by1), fmax(bx0, bx1), fmax(by0, by1));
	ty->collect_boxes = collect;
	cairo_restore(cr);
	if (figure)
		lay_tag_end(cr, ty, "Figure");
	geom_release(&g);
}
