/* charts.h: the report's charts, each drawn by one function onto any cairo surface (PDF page, SVG, PNG). */
#ifndef TILLID_CHARTS_H
#define TILLID_CHARTS_H

#include "layout.h"
#include "core/util.h"

#include <cairo.h>

#define CHART_MAX_POINTS 99
#define CHART_MAX_WAVES 8

enum chart_kind {
	CHART_DIVERGING, /* stacked answer shares, disagree left, agree right */
	CHART_DUMBBELL,  /* means per wave with intervals on the full 1..k axis */
	CHART_INTERVAL,  /* one estimate with interval per row (changes, effect sizes) */
	CHART_TREND      /* means per wave with intervals, a line per row (chart_trend.c) */
};

/* One row of a chart. Strings are owned by the row. Numbers that are NAN
 * are not drawn. */
struct chart_row {
	char *group;      /* heading above the row when it differs from the previous row's */
	char *label;
	int emphasis;     /* bold label: the municipality's own rows */
	char *missing;    /* non-NULL: no marks, this text instead (e.g. "færre end 5 svar") */
	char *value_text; /* the numbers, in a column on the right (may be NULL) */
	/* CHART_DIVERGING: percent of the scale answers at point v (pct[v-1]),
	 * and the percent of non-substantive answers among all answers. */
	double pct[CHART_MAX_POINTS];
	double dk_pct;
	/* CHART_DUMBBELL, CHART_TREND: mean and interval per wave. */
	double mean[CHART_MAX_WAVES], lo[CHART_MAX_WAVES], hi[CHART_MAX_WAVES];
	/* CHART_INTERVAL: estimate and interval; filled: statistically reliable. */
	double est, est_lo, est_hi;
	int filled;
};

struct chart {
	enum chart_kind kind;
	char *title;         /* what the chart shows (alternative text, file caption); may be NULL */
	int k;               /* answer points (diverging, dumbbell) */
	int shift;           /* dumbbell and trend: point v has the value v + shift (0: 1..k) */
	char **point_labels; /* [k]: legend of the diverging chart */
	char *dk_label;      /* "Ved ikke": a column of its own; NULL: none */
	size_t n_waves;
	char **wave_labels;  /* [n_waves]: legend of the dumbbell chart, the trend chart's x axis */
	char **wave_notes;   /* [n_waves] or NULL: trend chart, the field period under each label */
	char *lo_label, *hi_label; /* dumbbell: labels under the ends of the axis */
	char *axis_label;
	/* CHART_INTERVAL */
	double xmin, xmax, tick;
	int tick_decimals;
	double zero;        /* the reference line, drawn dark */
	int effect_bands;   /* shade |g| < 0.2, 0.5, 0.8 and name the bands */
	char *band_labels[4]; /* negligible, small, medium, large */
	char *legend_filled, *legend_hollow;
	char *n_note;       /* the counts behind each row's numbers, for the caption of the
			     * chart's files; NULL when the rows show them (n = ...) */
	struct chart_row *rows;
	size_t n_rows, alloc_rows;
};

void chart_init(struct chart *c, enum chart_kind kind);
void chart_release(struct chart *c);

/* Append a row (numbers NAN, no texts) and return it; valid until the
 * next chart_add_row. group and label are copied. */
struct chart_row *chart_add_row(struct chart *c, const char *group, const char *label);

/* Replace an owned string (the field's old value is freed; s is copied,
 * NULL allowed). */
void chart_set(char **field, const char *s);

/* The height the chart needs at width w. */
double chart_height(struct typo *ty, const struct chart *c, double w);

/* Draw the chart into the rectangle (0, 0, w, h) of cr. Text that does not
 * fit is counted in ty->overflow. On a tagged PDF (ty->tagging) the chart
 * is a Figure whose alternative text (chart_alt_text) is appended to
 * ty->figure_alts. */
void chart_draw(cairo_t *cr, double w, double h, const struct chart *c, struct typo *ty);

/* The colour of point v of k in the diverging palette (ColorBrewer RdBu,
 * interpolated for k other than 5), as 0xRRGGBB. */
unsigned chart_point_colour(int v, int k);

/* The colour at t (0..1) along the palette pal[0..n) (n >= 2), linear in
 * RGB between its two nearest entries, as 0xRRGGBB. */
unsigned chart_palette_at(const unsigned *pal, size_t n, double t);
/* The colour that marks wave w of n wherever waves appear (viridis
 * steps: distinct and ordered in time for every common colour-vision
 * deficiency), as 0xRRGGBB. (chart_trend.c) */
unsigned chart_wave_colour(size_t w, size_t n);
/* The colour of line i of a trend chart (Okabe-Ito, black first). */
unsigned chart_series_colour(size_t i);
/* The trend chart's height at width w, and its drawing into (0, 0, w, h)
 * (chart_height and chart_draw call them for CHART_TREND). */
double chart_trend_height(struct typo *ty, const struct chart *c, double w);
void chart_trend_draw(cairo_t *cr, struct typo *ty, const struct chart *c, double w);

/* The alternative text of the chart, from its data: what it shows (its
 * title and kind) and its main message (the share of positive answers per
 * row, the means per wave, or which changes are statistically sure).
 * Caller frees. Never fails. (chart_alt.c) */
char *chart_alt_text(const struct chart *c, enum lang lang);

#endif
