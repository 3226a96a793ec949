/* chart_trend.c: the trend chart (a scale's mean with its interval at each wave, one line per respondent group) and the colours that mark the waves. */
#include "charts.h"
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define PLOT_H 170.0     /* height of the plot area */
#define LEGEND_GAP 8.0
#define SWATCH_W 16.0    /* a legend item's line with its marker */
#define ITEM_GAP 12.0
#define TICK_W 16.0      /* the y axis' tick labels */
#define C_TEXT 0x222222
#define C_GREY 0x666666
#define C_GRID 0xdddddd
#define C_AXIS 0x444444

/* viridis (van der Walt & Smith, matplotlib 2015) at 0, 0.1, ..., 1:
 * perceptually uniform, ordered from dark to light, and readable with
 * every common colour-vision deficiency. */
static const unsigned viridis11[11] = {
	0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
	0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725,
};

unsigned chart_wave_colour(size_t w, size_t n)
{
	/* steps from 0 to 0.8: the lightest yellows vanish on white paper */
	return chart_palette_at(viridis11, 11, n > 1 ? 0.8 * (double)w / (double)(n - 1) : 0);
}

/* Okabe & Ito (2008), "Color universal design", with black first (the
 * line of all respondents): distinct for every common colour-vision
 * deficiency; each line also has its own marker shape. */
static const unsigned okabe_ito[8] = {
	0x000000, 0x0072b2, 0xd55e00, 0x009e73, 0xcc79a7, 0xe69f00, 0x56b4e9, 0xf0e442,
};

unsigned chart_series_colour(size_t i)
{
	return okabe_ito[i % 8];
}

/* Marker shape i % 4: circle, square, triangle, diamond, centred on (x, y). */
static void shape(cairo_t *cr, size_t i, double x, double y, double r)
{
	cairo_new_sub_path(cr);
	switch (i % 4) {
	case 0:
		cairo_arc(cr, x, y, r, 0, 2 * PI);
		break;
	case 1:
		cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
		break;
	case 2:
		cairo_move_to(cr, x, y - r * 1.15);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		break;
	default:
		cairo_move_to(cr, x, y - r * 1.2);
		cairo_line_to(cr, x + r * 1.05, y);
		cairo_line_to(cr, x, y + r * 1.2);
		cairo_line_to(cr, x - r * 1.05, y);
		cairo_close_path(cr);
		break;
	}
}

static void marker(cairo_t *cr, size_t i, double x, double y)
{
	shape(cr, i, x, y, 3.2);
	lay_rgb(cr, chart_series_colour(i));
	cairo_fill_preserve(cr);
	lay_rgb(cr, 0xffffff);
	cairo_set_line_width(cr, 0.7);
	cairo_stroke(cr);
}

static void line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* A legend item's text: the row's label, and why it has no line. */
static char *legend_text(const struct chart_row *r)
{
	return r->missing ? xasprintf("%s: %s", r->label, r->missing) : xstrdup(r->label);
}

/* Lay the legend out in lines across w; draw when cr is set. Returns its
 * height. */
static double legend(cairo_t *cr, struct typo *ty, const struct chart *c, double w)
{
	double line_h = lay_height(ty, TS_TINY, "Xg", -1, 0);
	double x = 2, y = 0;
	for (size_t i = 0; i < c->n_rows; i++) {
		char *t = legend_text(&c->rows[i]);
		double tw = fmin(lay_width(ty, TS_TINY, t, 0), w / 2);
		double th = lay_height(ty, TS_TINY, t, tw + 0.5, 0);
		double iw = SWATCH_W + 3 + tw;
		if (x > 2 && x + iw > w) {
			x = 2;
			y += line_h + 3;
		}
		if (cr) {
			double yc = y + line_h / 2;
			if (!c->rows[i].missing) {
				lay_rgb(cr, chart_series_colour(i));
				cairo_set_line_width(cr, 1.6);
				line(cr, x, yc, x + SWATCH_W, yc);
				marker(cr, i, x + SWATCH_W / 2, yc);
			}
			lay_rgb(cr, C_TEXT);
			lay_box(cr, ty, TS_TINY, t, x + SWATCH_W + 3, y, tw + 0.5, th, 0);
		}
		free(t);
		if (th > line_h)
			y += th - line_h;
		x += iw + ITEM_GAP;
	}
	return c->n_rows ? y + line_h : 0;
}

/* Where things go: the legend, the plot, the wave labels under it. */
struct tgeom {
	double legend_h, top, bottom, px0, px1, slot;
	double labels_h, notes_h, ends_h, axis_h, total;
};

static void tgeom_init(struct tgeom *g, struct typo *ty, const struct chart *c, double w)
{
	memset(g, 0, sizeof(*g));
	g->legend_h = legend(NULL, ty, c, w);
	g->top = g->legend_h + LEGEND_GAP;
	g->bottom = g->top + PLOT_H;
	g->px0 = TICK_W + 4;
	g->px1 = w - 4;
	size_t nw = c->n_waves ? c->n_waves : 1;
	g->slot = (g->px1 - g->px0) / (double)nw;
	for (size_t k = 0; k < c->n_waves; k++) {
		double lw = g->slot - 6 - 9;
		double h = lay_height(ty, TS_TINY_BOLD, c->wave_labels[k], lw, 0);
		if (h > g->labels_h)
			g->labels_h = h;
		if (c->wave_notes && c->wave_notes[k] && *c->wave_notes[k]) {
			h = lay_height(ty, TS_TINY, c->wave_notes[k], g->slot - 6, 0);
			if (h > g->notes_h)
				g->notes_h = h;
		}
	}
	double half = (w - g->px0) / 2 - 4;
	double a = c->lo_label ? lay_height(ty, TS_TINY, c->lo_label, half, 0) : 0;
	double b = c->hi_label ? lay_height(ty, TS_TINY, c->hi_label, half, 0) : 0;
	g->ends_h = a > b ? a : b;
	g->axis_h = c->axis_label ? lay_height(ty, TS_TINY, c->axis_label, w - g->px0, 0) : 0;
	g->total = g->bottom + 4 + g->labels_h + (g->notes_h ? g->notes_h + 1 : 0) + 5 + g->ends_h + 2 +
		   g->axis_h + 2;
}

double chart_trend_height(struct typo *ty, const struct chart *c, double w)
{
	struct tgeom g;
	tgeom_init(&g, ty, c, w);
	return g.total;
}

/* The grid, the y axis' ticks and the wave labels (each with its colour
 * swatch, as in every chart where the waves appear) under the plot. */
static void axes(cairo_t *cr, struct typo *ty, const struct chart *c, const struct tgeom *g, double w)
{
	int k = c->k > 1 ? c->k : 2, v0 = 1 + c->shift; /* the axis runs over the values v0..v0 + k - 1 */
	int step = k > 11 ? (k + 9) / 10 : 1;
	double th = lay_height(ty, TS_TINY, "0", -1, 0);
	for (int v = v0; v < v0 + k; v += step) {
		double y = g->bottom - (v - (double)v0) / (k - 1.0) * PLOT_H;
		lay_rgb(cr, v == v0 ? C_AXIS : C_GRID);
		cairo_set_line_width(cr, v == v0 ? 0.8 : 0.5);
		line(cr, g->px0, y, g->px1, y);
		char num[FMT_MAX];
		fmt_num(num, v, 0, ty->lang);
		lay_rgb(cr, C_GREY);
		lay_box(cr, ty, TS_TINY, num, 0, y - th / 2, TICK_W, th, LAY_RIGHT | LAY_NOWRAP);
	}
	double y = g->bottom + 4;
	for (size_t wv = 0; wv < c->n_waves; wv++) {
		double x = g->px0 + g->slot * (double)wv + 3;
		double lw = g->slot - 6 - 9;
		double lh = lay_height(ty, TS_TINY_BOLD, c->wave_labels[wv], lw, 0);
		double tw = fmin(lay_width(ty, TS_TINY_BOLD, c->wave_labels[wv], 0), lw);
		double x0 = x + (g->slot - 6 - (tw + 9)) / 2;
		lay_rgb(cr, chart_wave_colour(wv, c->n_waves));
		cairo_rectangle(cr, x0, y + (th - 6) / 2 + 0.5, 6, 6);
		cairo_fill(cr);
		lay_rgb(cr, C_TEXT);
		lay_box(cr, ty, TS_TINY_BOLD, c->wave_labels[wv], x0 + 9, y, tw + 0.5, lh, 0);
		if (c->wave_notes && c->wave_notes[wv] && *c->wave_notes[wv]) {
			lay_rgb(cr, C_GREY);
			lay_box(cr, ty, TS_TINY, c->wave_notes[wv], x, y + g->labels_h + 1, g->slot - 6, g->notes_h,
				LAY_CENTER);
		}
	}
	y += g->labels_h + (g->notes_h ? g->notes_h + 1 : 0) + 5;
	double half = (w - g->px0) / 2 - 4;
	lay_rgb(cr, C_GREY);
	if (c->lo_label)
		lay_box(cr, ty, TS_TINY, c->lo_label, g->px0, y, half, -1, LAY_LEFT);
	if (c->hi_label)
		lay_box(cr, ty, TS_TINY, c->hi_label, g->px1 - half, y, half, -1, LAY_RIGHT);
	if (c->axis_label)
		lay_box(cr, ty, TS_TINY, c->axis_label, g->px0, y + g->ends_h + 2, w - g->px0, g->axis_h, LAY_CENTER);
}

void chart_trend_draw(cairo_t *cr, struct typo *ty, const struct chart *c, double w)
{
	struct tgeom g;
	tgeom_init(&g, ty, c, w);
	int k = c->k > 1 ? c->k : 2, v0 = 1 + c->shift;
	size_t nw = c->n_waves < CHART_MAX_WAVES ? c->n_waves : CHART_MAX_WAVES;
	legend(cr, ty, c, w);
	axes(cr, ty, c, &g, w);
	/* the lines side by side within a wave's slot, so that their
	 * intervals do not hide each other */
	double dodge = c->n_rows > 1 ? fmin(7.0, g.slot * 0.5 / (double)(c->n_rows - 1)) : 0;
#define YPOS(v) (g.bottom - (((v) < v0 ? v0 : (v) > v0 + k - 1 ? v0 + k - 1 : (v)) - (double)v0) / (k - 1.0) * PLOT_H)
#define XPOS(wv, i) (g.px0 + g.slot * ((double)(wv) + 0.5) + ((double)(i) - (c->n_rows - 1) / 2.0) * dodge)
	for (size_t i = 0; i < c->n_rows; i++) {
		const struct chart_row *r = &c->rows[i];
		if (r->missing)
			continue;
		lay_rgb(cr, chart_series_colour(i));
		cairo_set_line_width(cr, 0.9);
		for (size_t wv = 0; wv < nw; wv++) {
			if (!isfinite(r->mean[wv]) || !isfinite(r->lo[wv]) || !isfinite(r->hi[wv]))
				continue;
			double x = XPOS(wv, i);
			line(cr, x, YPOS(r->lo[wv]), x, YPOS(r->hi[wv]));
			line(cr, x - 1.8, YPOS(r->lo[wv]), x + 1.8, YPOS(r->lo[wv]));
			line(cr, x - 1.8, YPOS(r->hi[wv]), x + 1.8, YPOS(r->hi[wv]));
		}
		/* a line joins two neighbouring waves that are both shown: a
		 * hidden wave leaves a gap rather than a guess */
		cairo_set_line_width(cr, 1.6);
		for (size_t wv = 1; wv < nw; wv++)
			if (isfinite(r->mean[wv - 1]) && isfinite(r->mean[wv]))
				line(cr, XPOS(wv - 1, i), YPOS(r->mean[wv - 1]), XPOS(wv, i), YPOS(r->mean[wv]));
		for (size_t wv = 0; wv < nw; wv++)
			if (isfinite(r->mean[wv]))
				marker(cr, i, XPOS(wv, i), YPOS(r->mean[wv]));
	}
#undef XPOS
#undef YPOS
}
