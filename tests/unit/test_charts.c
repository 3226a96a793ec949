/* test_charts.c: the charts drawn onto image surfaces: palette, marks, suppressed rows, wrapping, files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/chart_files.h"
#include "plots/charts.h"
#include "plots/layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

#define W 480.0

static void diverging_fixture(struct chart *c, int suppressed)
{
	static const char *const labels[] = { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig",
					      "Overvejende enig", "Helt enig" };
	chart_init(c, CHART_DIVERGING);
	c->k = 5;
	c->point_labels = xcalloc(5, sizeof(char *));
	for (int v = 0; v < 5; v++)
		c->point_labels[v] = xstrdup(labels[v]);
	c->dk_label = xstrdup("Ved ikke");
	c->axis_label = xstrdup("Procent af svarene");
	static const double pct[5] = { 10, 20, 30, 25, 15 };
	struct chart_row *r = chart_add_row(c, "Pårørende", "Førmåling");
	memcpy(r->pct, pct, sizeof(pct));
	r->dk_pct = 12;
	r = chart_add_row(c, "Pårørende", "Eftermåling");
	if (suppressed)
		chart_set(&r->missing, "færre end 5 svar");
	else
		memcpy(r->pct, pct, sizeof(pct));
}

/* Draw c at 2 px per point onto a white image; caller destroys it. */
static cairo_surface_t *render(const struct chart *c, struct typo *ty, double *h)
{
	*h = chart_height(ty, c, W);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(2 * W), (int)ceil(2 * *h));
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, 2, 2);
	chart_draw(cr, W, *h, c, ty);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	return s;
}

/* Pixels of exactly colour rgb in rows y0..y1 (points). */
static long count_colour(cairo_surface_t *s, unsigned rgb, double y0, double y1)
{
	int w = cairo_image_surface_get_width(s), stride = cairo_image_surface_get_stride(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	long n = 0;
	for (int y = (int)(2 * y0); y < (int)(2 * y1) && y < cairo_image_surface_get_height(s); y++) {
		const uint32_t *px = (const uint32_t *)(const void *)(d + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++)
			if ((px[x] & 0xffffff) == rgb)
				n++;
	}
	return n;
}

static void test_palette(void **state)
{
	(void)state;
	static const unsigned rdbu[5] = { 0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0 };
	for (int v = 1; v <= 5; v++)
		assert_int_equal(chart_point_colour(v, 5), rdbu[v - 1]);
	/* Other k keep the ends and stay diverging. */
	assert_int_equal(chart_point_colour(1, 7), 0xca0020);
	assert_int_equal(chart_point_colour(7, 7), 0x0571b0);
	assert_int_equal(chart_point_colour(4, 7), 0xf7f7f7);
	assert_int_equal(chart_point_colour(1, 2), 0xca0020);
}

static void test_diverging(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_DA);
	struct chart c;
	diverging_fixture(&c, 0);
	double h;
	cairo_surface_t *s = render(&c, &ty, &h);
	assert_int_equal(ty.overflow, 0);
	assert_true(h > 40 && h < 200);
	/* Both bars are drawn in the palette's end colours. */
	assert_true(count_colour(s, 0xca0020, 0, h) > 50);
	assert_true(count_colour(s, 0x0571b0, 0, h) > 50);
	cairo_surface_destroy(s);
	chart_release(&c);

	/* A suppressed row: no bar of its own, but a visible mark. */
	diverging_fixture(&c, 1);
	double h2;
	s = render(&c, &ty, &h2);
	long red_one = count_colour(s, 0xca0020, 0, h2);
	cairo_surface_destroy(s);
	chart_release(&c);
	diverging_fixture(&c, 0);
	s = render(&c, &ty, &h);
	long red_two = count_colour(s, 0xca0020, 0, h);
	cairo_surface_destroy(s);
	chart_release(&c);
	assert_true(red_one > 0 && red_two > red_one);
	assert_int_equal(ty.overflow, 0);
	typo_release(&ty);
}

/* "Ved ikke" is a labelled share on its own scale: 12 % on a scale to
 * 20 % is a bar 12 / 20 of the column's 24 pt (14.4 pt; on the full 0-100 %
 * it would be under 3 pt), and the scale's end is written under it. */
static void test_dont_know_scale(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_DA);
	struct chart c;
	diverging_fixture(&c, 1);
	double h;
	cairo_surface_t *s = render(&c, &ty, &h);
	/* 2 px per point: the bar 14.4 x 9 pt is about 518 px, the legend's
	 * swatch 7 x 7 pt under 200 px. */
	long grey = count_colour(s, 0xbdbdbd, 0, h);
	assert_true(grey > 450 && grey < 800);
	cairo_surface_destroy(s);
	struct strbuf texts = STRBUF_INIT;
	sb_init(&texts);
	ty.svg_text = &texts;
	s = render(&c, &ty, &h);
	ty.svg_text = NULL;
	assert_non_null(strstr(texts.buf, ">0\xe2\x80\x93" "20\xc2\xa0%</text>"));
	assert_non_null(strstr(texts.buf, ">12\xc2\xa0%</text>"));
	assert_int_equal(ty.overlap, 0);
	assert_int_equal(ty.overflow, 0);
	sb_release(&texts);
	cairo_surface_destroy(s);
	chart_release(&c);
	typo_release(&ty);
}

/* The label boxes: two texts drawn over each other, or one outside the
 * chart's rectangle, are counted; side by side they are not. */
static void test_label_boxes(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_DA);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 100);
	cairo_t *cr = cairo_create(img);
	ty.collect_boxes = 1;
	lay_box(cr, &ty, TS_TINY, "Borgere", 10, 10, -1, -1, 0);
	double bw = lay_width(&ty, TS_TINY, "Borgere", 0);
	lay_box(cr, &ty, TS_TINY, "Pårørende", 10 + bw + 1, 10, -1, -1, 0);
	assert_int_equal(lay_check_boxes(&ty, 0, 0, 0, 200, 100), 0);
	lay_box(cr, &ty, TS_TINY, "Borgere", 10, 10, -1, -1, 0);
	lay_box(cr, &ty, TS_TINY, "Pårørende", 10 + bw / 2, 12, -1, -1, 0);
	assert_int_equal(lay_check_boxes(&ty, 0, 0, 0, 200, 100), 1);
	assert_string_equal(ty.overlap_texts.v[0], "'Borgere' overlaps 'Pårørende'");
	/* Translated: the boxes are compared where they land. */
	cairo_translate(cr, 190, 0);
	lay_box(cr, &ty, TS_TINY, "Borgere", 0, 10, -1, -1, 0);
	assert_int_equal(lay_check_boxes(&ty, 0, 0, 0, 200, 100), 1);
	assert_int_equal(ty.overlap, 2);
	/* A text that runs into a place kept free (the plot beside a heading). */
	cairo_identity_matrix(cr);
	lay_obstacle(cr, &ty, 40, 0, 200, 30);
	lay_box(cr, &ty, TS_SMALL_BOLD, "Koordinering og roller", 0, 10, -1, -1, 0);
	assert_int_equal(lay_check_boxes(&ty, 0, 0, 0, 200, 100), 1);
	assert_string_equal(ty.overlap_texts.v[2], "'Koordinering og roller' runs into the plot");
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	typo_release(&ty);
}

static void test_long_labels_wrap(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_DA);
	struct chart c;
	chart_init(&c, CHART_DUMBBELL);
	c.k = 5;
	c.n_waves = 2;
	c.wave_labels = xcalloc(2, sizeof(char *));
	c.wave_labels[0] = xstrdup("Førmåling");
	c.wave_labels[1] = xstrdup("Eftermåling");
	struct chart_row *r = chart_add_row(&c, "Borgere",
					    "Borgere med nedsat funktionsevne i Vesthimmerlands Kommune, "
					    "bostøtte til unge og myndighedsafdelingen");
	r->mean[0] = 3.1;
	r->lo[0] = 2.8;
	r->hi[0] = 3.4;
	r->mean[1] = 3.6;
	r->lo[1] = 3.3;
	r->hi[1] = 3.9;
	double one = chart_height(&ty, &c, W);
	double h;
	cairo_surface_t *s = render(&c, &ty, &h);
	cairo_surface_destroy(s);
	assert_int_equal(ty.overflow, 0);
	/* The label wraps: the row is taller than one line. */
	chart_set(&c.rows[0].label, "Rebild");
	assert_true(chart_height(&ty, &c, W) < one);
	chart_release(&c);

	/* A box too small for its text is counted, not hidden. */
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 100, 100);
	cairo_t *cr = cairo_create(img);
	lay_box(cr, &ty, TS_BODY, "Forventningsafstemningen", 0, 0, 20, 10, 0);
	assert_int_equal(ty.overflow, 1);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	typo_release(&ty);
}

static void test_interval_and_files(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_EN);
	struct chart c;
	chart_init(&c, CHART_INTERVAL);
	c.effect_bands = 1;
	c.xmin = -1;
	c.xmax = 1;
	c.tick = 0.5;
	c.band_labels[1] = xstrdup("small");
	c.legend_filled = xstrdup("statistically reliable");
	struct chart_row *r = chart_add_row(&c, "Trust", "Relatives");
	r->est = 0.53;
	r->est_lo = 0.27;
	r->est_hi = 1.4; /* beyond the axis: drawn as an arrow, not off the chart */
	r->filled = 1;
	r = chart_add_row(&c, "Trust", "Citizens");
	chart_set(&r->missing, "fewer than 5 answers");

	char dir[] = "/tmp/tillid-charts-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	double h = chart_height(&ty, &c, W);
	assert_int_equal(chart_write_files(&c, W, h, dir, "effect-sizes", "Study · Place · Answers: 12", "2022-04-15T00:00:00", &ty, &err), TILLID_OK);
	assert_int_equal(ty.overflow, 0);
	static const char *const ext[] = { "pdf", "svg", "png" };
	for (int i = 0; i < 3; i++) {
		char *p = xasprintf("%s/effect-sizes.%s", dir, ext[i]);
		struct stat sb;
		assert_int_equal(stat(p, &sb), 0);
		assert_true(sb.st_size > 200);
		char *data;
		size_t len;
		assert_int_equal(read_file(p, &data, &len, &err), TILLID_OK);
		if (i == 1) {
			/* The texts are text, not glyph outlines: searchable and editable. */
			assert_non_null(strstr(data, "<svg"));
			assert_non_null(strstr(data, ">Relatives</text>"));
			assert_non_null(strstr(data, ">Study · Place · Answers: 12</text>"));
			assert_null(strstr(data, "glyph"));
			/* Another surface of the same process (cairo's counter has
			 * moved on) gives the same bytes. */
			struct strbuf err2 = STRBUF_INIT;
			sb_init(&err2);
			char dir2[] = "/tmp/tillid-charts-XXXXXX";
			assert_non_null(mkdtemp(dir2));
			assert_int_equal(chart_write_files(&c, W, h, dir2, "again", "Study · Place · Answers: 12", NULL,
							   &ty, &err2), TILLID_OK);
			char *p2 = xasprintf("%s/again.svg", dir2);
			char *data2;
			size_t len2;
			assert_int_equal(read_file(p2, &data2, &len2, &err2), TILLID_OK);
			assert_int_equal(len2, len);
			assert_memory_equal(data2, data, len);
			free(data2);
			for (int k = 0; k < 3; k++) {
				char *f = xasprintf("%s/again.%s", dir2, ext[k]);
				unlink(f);
				free(f);
			}
			rmdir(dir2);
			free(p2);
			sb_release(&err2);
		}
		if (i == 2) {
			/* 300 dpi, 1250 px wide for 300 pt. */
			assert_memory_equal(data + 1, "PNG", 3);
			uint32_t wpx = (uint32_t)(unsigned char)data[16] << 24 | (uint32_t)(unsigned char)data[17] << 16 |
				       (uint32_t)(unsigned char)data[18] << 8 | (unsigned char)data[19];
			assert_int_equal(wpx, (uint32_t)ceil(W * 300 / 72));
			int phys = 0;
			for (size_t j = 0; j + 4 < len; j++)
				if (!memcmp(data + j, "pHYs", 4))
					phys = 1;
			assert_true(phys);
		}
		free(data);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	/* A directory that does not exist is a system error with a message. */
	assert_int_equal(chart_write_files(&c, W, h, "/nonexistent/dir", "x", NULL, NULL, &ty, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot write chart"));
	sb_release(&err);
	chart_release(&c);
	typo_release(&ty);
}

/* The alternative text says what the chart shows and its numbers: the
 * fixture's 25 + 15 = 40 % agree (points 4 and 5 of 5), 10 + 20 = 30 %
 * disagree, 12 % "Ved ikke"; a hidden row says why instead. */
static void test_alt_text_diverging(void **state)
{
	(void)state;
	struct chart c;
	diverging_fixture(&c, 1);
	chart_set(&c.title, "Tillid");
	char *alt = chart_alt_text(&c, LANG_DA);
	assert_non_null(strstr(alt, "Tillid. Stablede søjler"));
	assert_non_null(strstr(alt, "Pårørende, Førmåling: 40\xc2\xa0% positive, 30\xc2\xa0% negative, "
				    "12\xc2\xa0% ikke taget stilling"));
	assert_non_null(strstr(alt, "Pårørende, Eftermåling: færre end 5 svar"));
	free(alt);
	chart_release(&c);
}

/* A dumbbell's text gives each row's mean per wave, and says which it
 * does not show. */
static void test_alt_text_dumbbell(void **state)
{
	(void)state;
	struct chart c;
	chart_init(&c, CHART_DUMBBELL);
	c.k = 5;
	c.n_waves = 2;
	c.wave_labels = xcalloc(2, sizeof(char *));
	c.wave_labels[0] = xstrdup("Førmåling");
	c.wave_labels[1] = xstrdup("Eftermåling");
	chart_set(&c.lo_label, "1 = Helt uenig");
	chart_set(&c.hi_label, "5 = Helt enig");
	struct chart_row *r = chart_add_row(&c, "Borgere", "Odder");
	r->mean[0] = NAN;
	r->mean[1] = 3.84;
	char *alt = chart_alt_text(&c, LANG_DA);
	assert_string_equal(alt, "Gennemsnit med 95\xc2\xa0%-interval for hver måling på skalaen fra 1 = Helt uenig "
				 "til 5 = Helt enig. Borgere, Odder: Førmåling ikke vist, Eftermåling 3,8.");
	free(alt);
	chart_release(&c);
}

/* The waves' colours: viridis steps (van der Walt & Smith 2015; the
 * first is viridis(0) = #440154, matplotlib's _viridis_data[0]), each wave
 * far from every other in RGB for up to CHART_MAX_WAVES waves (waves 2 and
 * 3 of four are not two near-identical light blues). */
static void test_wave_colours(void **state)
{
	(void)state;
	assert_int_equal(chart_wave_colour(0, 4), 0x440154);
	assert_int_equal(chart_wave_colour(0, 1), 0x440154);
	assert_int_equal(chart_wave_colour(1, 2), 0x7ad151); /* viridis(0.8) */
	for (size_t n = 2; n <= CHART_MAX_WAVES; n++)
		for (size_t a = 0; a < n; a++)
			for (size_t b = a + 1; b < n; b++) {
				unsigned x = chart_wave_colour(a, n), y = chart_wave_colour(b, n);
				double d = 0;
				for (int sh = 0; sh <= 16; sh += 8) {
					double e = (double)((x >> sh) & 0xff) - (double)((y >> sh) & 0xff);
					d += e * e;
				}
				assert_true(sqrt(d) > 25);
			}
	/* the lines of a trend chart: Okabe & Ito (2008), black first */
	assert_int_equal(chart_series_colour(0), 0x000000);
	assert_int_equal(chart_series_colour(1), 0x0072b2);
	assert_int_equal(chart_series_colour(2), 0xd55e00);
}

/* A trend chart of three lines over four waves: drawn without a text
 * that overflows or overlaps another, each line in its colour, a line
 * with no wave shown only in the legend; its alternative text gives each
 * line's mean per wave. */
static void test_trend(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_DA);
	struct chart c;
	chart_init(&c, CHART_TREND);
	c.k = 5;
	c.n_waves = 4;
	c.wave_labels = xcalloc(4, sizeof(char *));
	c.wave_notes = xcalloc(4, sizeof(char *));
	static const char *const q[4] = { "1. kvartal", "2. kvartal", "3. kvartal", "4. kvartal" };
	for (int w = 0; w < 4; w++) {
		c.wave_labels[w] = xstrdup(q[w]);
		c.wave_notes[w] = xasprintf("%d.\xe2\x80\x93%d. marts 2026", w + 1, w + 10);
	}
	chart_set(&c.lo_label, "1 = Helt uenig");
	chart_set(&c.hi_label, "5 = Helt enig");
	chart_set(&c.axis_label, "Gennemsnit");
	static const double m[2][4] = { { 3.1, 3.2, 3.6, 3.7 }, { 2.5, NAN, 2.9, 3.4 } };
	for (int i = 0; i < 2; i++) {
		struct chart_row *r = chart_add_row(&c, NULL, i ? "Pårørende" : "Alle svarpersoner");
		for (int w = 0; w < 4; w++) {
			r->mean[w] = m[i][w];
			r->lo[w] = m[i][w] - 0.3;
			r->hi[w] = m[i][w] + 0.3;
		}
	}
	struct chart_row *r = chart_add_row(&c, NULL, "Borgere");
	chart_set(&r->missing, "skjult");
	double h;
	cairo_surface_t *s = render(&c, &ty, &h);
	assert_int_equal(ty.overflow, 0);
	assert_int_equal(ty.overlap, 0);
	assert_true(h > 170 && h < 300);
	assert_true(count_colour(s, chart_series_colour(1), 0, h) > 100);
	assert_int_equal(count_colour(s, chart_series_colour(2), 0, h), 0);
	cairo_surface_destroy(s);
	char *alt = chart_alt_text(&c, LANG_DA);
	assert_string_equal(alt, "Linjediagram over gennemsnittet ved hver måling, én linje pr. gruppe, med "
				 "95\xc2\xa0%-interval på skalaen fra 1 = Helt uenig til 5 = Helt enig. "
				 "Alle svarpersoner: 1. kvartal 3,1, 2. kvartal 3,2, 3. kvartal 3,6, 4. kvartal 3,7; "
				 "Pårørende: 1. kvartal 2,5, 2. kvartal ikke vist, 3. kvartal 2,9, 4. kvartal 3,4; "
				 "Borgere: skjult.");
	free(alt);
	chart_release(&c);
	typo_release(&ty);
}

/* An interval chart's main message: the sure changes first, then the rest. */
static void test_alt_text_interval(void **state)
{
	(void)state;
	struct chart c;
	chart_init(&c, CHART_INTERVAL);
	chart_set(&c.title, "Changes");
	struct chart_row *r = chart_add_row(&c, "Trust", "Citizens");
	r->est = -0.1;
	r->est_lo = -0.3;
	r->est_hi = 0.1;
	chart_set(&r->value_text, "-0.1 [-0.3, +0.1]");
	r = chart_add_row(&c, "Trust", "Relatives");
	r->est = 0.4;
	r->est_lo = 0.2;
	r->est_hi = 0.5;
	r->filled = 1;
	chart_set(&r->value_text, "+0.4 [+0.2, +0.5]");
	char *alt = chart_alt_text(&c, LANG_EN);
	assert_string_equal(alt, "Changes. Changes with intervals; a filled point is a statistically sure change. "
				 "Statistically sure changes: Trust, Relatives: +0.4 [+0.2, +0.5]. "
				 "Others: Trust, Citizens: -0.1 [-0.3, +0.1].");
	free(alt);
	r->filled = 0;
	alt = chart_alt_text(&c, LANG_EN);
	assert_non_null(strstr(alt, "None of the changes is statistically sure. Others: Trust, Citizens: -0.1 [-0.3, +0.1]; Trust, Relatives"));
	free(alt);
	chart_release(&c);
}

/* A chart of one row without numbers whose note, one long word, sticks
 * out of its box: one overflow each time it is drawn. */
static void overflowing_chart(struct chart *c, char letter)
{
	char note[121];
	memset(note, letter, sizeof(note) - 1);
	note[sizeof(note) - 1] = '\0';
	chart_init(c, CHART_INTERVAL);
	c->xmin = -1;
	c->xmax = 1;
	c->tick = 0.5;
	chart_set(&chart_add_row(c, "Trust", "Citizens")->missing, note);
}

/* Fails unless the files a and b hold the same bytes. */
static void assert_same_file(const char *a, const char *b)
{
	char *da, *db;
	size_t alen, blen;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(read_file(a, &da, &alen, &err), TILLID_OK);
	assert_int_equal(read_file(b, &db, &blen, &err), TILLID_OK);
	assert_int_equal(alen, blen);
	assert_memory_equal(da, db, alen);
	free(da);
	free(db);
	sb_release(&err);
}

/* The chart writers draw each queued chart's PDF, SVG and PNG files (the
 * PDFs dated, as cairo would stamp the clock otherwise): the
 * texts that overflowed come chart by chart in queue order, each once, and
 * every file is the same bytes, whatever the number of threads. */
static void writer_run(const char *dir, size_t threads, struct typo *ty)
{
	struct chart_writer wr;
	assert_int_equal(chart_writer_start(&wr, dir, NULL, "2022-04-15T00:00:00", LANG_EN, threads), 0);
	assert_int_equal(wr.pool->n_threads, threads);
	static const char letters[] = "abcde";
	for (size_t i = 0; letters[i]; i++) {
		struct chart ch;
		overflowing_chart(&ch, letters[i]);
		double h = chart_height(ty, &ch, W);
		char name[2] = { letters[i], 0 };
		chart_writer_push(&wr, &ch, W, h, name);
	}
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(chart_writer_finish(&wr, ty, &err), TILLID_OK);
	sb_release(&err);
}

static void test_writer_threads(void **state)
{
	(void)state;
	static const char *const ext[] = { "pdf", "svg", "png" };
	char dir1[] = "/tmp/tillid-charts-XXXXXX";
	assert_non_null(mkdtemp(dir1));
	static const size_t counts[] = { 1, 2, 4 };
	for (size_t t = 0; t < ARRAY_SIZE(counts); t++) {
		struct typo ty;
		typo_init(&ty, LANG_EN);
		char dir[] = "/tmp/tillid-charts-XXXXXX";
		assert_non_null(mkdtemp(dir));
		writer_run(t == 0 ? dir1 : dir, counts[t], &ty);
		/* a.pdf a.svg a.png b.pdf ...: three overflows per chart, each
		 * chart's text kept once, in queue order */
		static const char drawn[] = "abcde";
		assert_int_equal(ty.overflow, 15);
		assert_int_equal(ty.overflow_texts.n, strlen(drawn));
		for (size_t i = 0; i < ty.overflow_texts.n; i++)
			assert_int_equal(ty.overflow_texts.v[i][0], drawn[i]);
		for (char l = 'a'; l <= 'e'; l++)
			for (size_t k = 0; k < ARRAY_SIZE(ext); k++) {
				char *p = xasprintf("%s/%c.%s", dir, l, ext[k]);
				if (t > 0) {
					char *p1 = xasprintf("%s/%c.%s", dir1, l, ext[k]);
					assert_same_file(p1, p);
					free(p1);
					assert_int_equal(unlink(p), 0);
				}
				free(p);
			}
		if (t > 0)
			assert_int_equal(rmdir(dir), 0);
		else
			rmdir(dir);
		typo_release(&ty);
	}
	for (char l = 'a'; l <= 'e'; l++)
		for (size_t k = 0; k < ARRAY_SIZE(ext); k++) {
			char *p = xasprintf("%s/%c.%s", dir1, l, ext[k]);
			assert_int_equal(unlink(p), 0);
			free(p);
		}
	assert_int_equal(rmdir(dir1), 0);
}

/* Queue the five overflowing charts of writer_run to a report on pool,
 * writing into dir; returns chart_writer_finish's code, with ty counting
 * the texts. */
static int pool_report(struct chart_pool *pool, const char *dir, struct typo *ty)
{
	struct chart_writer wr;
	chart_writer_start_in(&wr, pool, dir, NULL, "2022-04-15T00:00:00", LANG_EN);
	static const char letters[] = "abcde";
	for (size_t i = 0; letters[i]; i++) {
		struct chart ch;
		overflowing_chart(&ch, letters[i]);
		char name[2] = { letters[i], 0 };
		chart_writer_push(&wr, &ch, W, chart_height(ty, &ch, W), name);
	}
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = chart_writer_finish(&wr, ty, &err);
	sb_release(&err);
	return rc;
}

/* One pool writes report after report, as `tillid report
 * --per-municipality` does: each report's files are the bytes of a writer
 * of its own, its texts counted on their own, and a report that fails
 * leaves the next one whole. */
static void test_pool_reports(void **state)
{
	(void)state;
	static const char *const ext[] = { "pdf", "svg", "png" };
	char fresh[] = "/tmp/tillid-charts-XXXXXX", dirs[2][32] = { "/tmp/tillid-charts-XXXXXX",
								   "/tmp/tillid-charts-XXXXXX" };
	assert_non_null(mkdtemp(fresh));
	struct typo ty;
	typo_init(&ty, LANG_EN);
	writer_run(fresh, 1, &ty);
	typo_release(&ty);
	struct chart_pool pool;
	assert_int_equal(chart_pool_start(&pool, LANG_EN, 2), 0);
	for (int r = 0; r < 3; r++) {
		typo_init(&ty, LANG_EN);
		if (r == 1) {
			assert_int_equal(pool_report(&pool, "/nonexistent/dir", &ty), TILLID_ESYS);
		} else {
			char *dir = dirs[r / 2];
			assert_non_null(mkdtemp(dir));
			assert_int_equal(pool_report(&pool, dir, &ty), TILLID_OK);
			assert_int_equal(ty.overflow, 15);
		}
		typo_release(&ty);
	}
	chart_pool_finish(&pool);
	for (char l = 'a'; l <= 'e'; l++)
		for (size_t k = 0; k < ARRAY_SIZE(ext); k++) {
			char *p1 = xasprintf("%s/%c.%s", fresh, l, ext[k]);
			for (int d = 0; d < 2; d++) {
				char *p = xasprintf("%s/%c.%s", dirs[d], l, ext[k]);
				assert_same_file(p1, p);
				assert_int_equal(unlink(p), 0);
				free(p);
			}
			assert_int_equal(unlink(p1), 0);
			free(p1);
		}
	assert_int_equal(rmdir(fresh), 0);
	assert_int_equal(rmdir(dirs[0]), 0);
	assert_int_equal(rmdir(dirs[1]), 0);
}

/* A chart that cannot be written fails the writer with its message, and
 * the threads still end. */
static void test_writer_failure(void **state)
{
	(void)state;
	struct typo ty;
	typo_init(&ty, LANG_EN);
	struct chart_writer wr;
	assert_int_equal(chart_writer_start(&wr, "/nonexistent/dir", NULL, NULL, LANG_EN, 2), 0);
	for (int i = 0; i < 3; i++) {
		struct chart ch;
		overflowing_chart(&ch, 'x');
		chart_writer_push(&wr, &ch, W, chart_height(&ty, &ch, W), "x");
	}
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(chart_writer_finish(&wr, &ty, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot write chart '/nonexistent/dir/x.pdf'"));
	sb_release(&err);
	typo_release(&ty);
}

/* A text measured again comes from the typo's cache with the size a fresh
 * typo measures; the width, the flags and the style are part of the key. */
static void test_measure_cache(void **state)
{
	(void)state;
	static const char *const texts[] = { "Tillid mellem borgere og medarbejdere", "<b>fed</b> og tynd",
					     "kort", "æøå ÆØÅ – en tekst der ombrydes over flere linjer" };
	static const double widths[] = { -1, 40, 90, 400 };
	static const unsigned flags[] = { 0, LAY_NOWRAP, LAY_CENTER, LAY_MARKUP };
	struct typo a, b;
	typo_init(&a, LANG_DA);
	for (int pass = 0; pass < 2; pass++)
		for (size_t t = 0; t < ARRAY_SIZE(texts); t++)
			for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
				for (size_t f = 0; f < ARRAY_SIZE(flags); f++)
					for (int st = TS_TITLE; st < TS_COUNT; st += 4) {
						double h = lay_height(&a, st, texts[t], widths[w], flags[f]);
						double x = lay_width(&a, st, texts[t], flags[f]);
						/* a fresh typo for each: nothing cached */
						typo_init(&b, LANG_DA);
						assert_true(h == lay_height(&b, st, texts[t], widths[w], flags[f]));
						assert_true(x == lay_width(&b, st, texts[t], flags[f]));
						typo_release(&b);
					}
	/* wrapping at 40 points makes the long text taller than unwrapped, and
	 * LAY_NOWRAP at 40 points is the unwrapped size */
	assert_true(lay_height(&a, TS_BODY, texts[3], 40, 0) > lay_height(&a, TS_BODY, texts[3], -1, 0));
	assert_true(lay_height(&a, TS_BODY, texts[3], 40, LAY_NOWRAP) == lay_height(&a, TS_BODY, texts[3], -1, 0));
	assert_true(lay_width(&a, TS_H1, texts[2], 0) > lay_width(&a, TS_TINY, texts[2], 0));
	typo_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_alt_text_diverging),
		cmocka_unit_test(test_alt_text_interval),
		cmocka_unit_test(test_alt_text_dumbbell),
		cmocka_unit_test(test_wave_colours),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_dont_know_scale),
		cmocka_unit_test(test_label_boxes),
		cmocka_unit_test(test_diverging),
		cmocka_unit_test(test_long_labels_wrap),
		cmocka_unit_test(test_interval_and_files),
		cmocka_unit_test(test_writer_threads),
		cmocka_unit_test(test_pool_reports),
		cmocka_unit_test(test_measure_cache),
		cmocka_unit_test(test_writer_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
