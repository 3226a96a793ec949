/* chart_files.c: every chart as PDF, SVG and PNG files from the one drawing code, written by a pool of threads while the pages are laid out. */
#include "chart_files.h"
#include "pdf_finish.h"
#include "png_file.h"
#include "svg_finish.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static cairo_status_t finish(cairo_surface_t *s, cairo_t *cr)
{
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	return st;
}

#define CAPTION_GAP 8.0

/* The caption above a chart in its files: the chart's title, the context
 * (the study, the place, the answers per wave) and the counts behind each
 * row (c->n_note), so that a chart pasted into another document stands alone. Returns its height at width
 * w; draws it when cr is set. */
static double caption(cairo_t *cr, const struct chart *c, const char *context, double w, struct typo *ty)
{
	double y = 0;
	if (c->title && *c->title) {
		double th = lay_height(ty, TS_H3, c->title, w, 0);
		if (cr) {
			lay_rgb(cr, 0x1a1a1a);
			lay_box(cr, ty, TS_H3, c->title, 0, y, w, th, 0);
		}
		y += th + 2;
	}
	if (context && *context) {
		double ch = lay_height(ty, TS_TINY, context, w, 0);
		if (cr) {
			lay_rgb(cr, 0x555555);
			lay_box(cr, ty, TS_TINY, context, 0, y, w, ch, 0);
		}
		y += ch;
	}
	if (c->n_note && *c->n_note) {
		double nh = lay_height(ty, TS_TINY, c->n_note, w, 0);
		if (cr) {
			lay_rgb(cr, 0x555555);
			lay_box(cr, ty, TS_TINY, c->n_note, 0, y + 1, w, nh, 0);
		}
		y += nh + 1;
	}
	return y > 0 ? y + CAPTION_GAP : 0;
}

/* The caption and, below it, the chart (h high). */
static void draw_file(cairo_t *cr, const struct chart *c, const char *context, double w, double h,
		      struct typo *ty)
{
	double top = caption(cr, c, context, w, ty);
	cairo_save(cr);
	cairo_translate(cr, 0, top);
	chart_draw(cr, w, h, c, ty);
	cairo_restore(cr);
}

static cairo_status_t append_mem(void *closure, const unsigned char *data, unsigned int len)
{
	sb_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Write b to the file path (the chart directory is a temporary one,
 * published whole by the report). */
static cairo_status_t write_buf(const char *path, const struct strbuf *b)
{
	cairo_status_t st = CAIRO_STATUS_SUCCESS;
	FILE *fp = fopen(path, "wb");
	if (!fp || fwrite(b->buf, 1, b->len, fp) != b->len)
		st = CAIRO_STATUS_WRITE_ERROR;
	if (fp && fclose(fp) != 0)
		st = CAIRO_STATUS_WRITE_ERROR;
	return st;
}

/* Draw the chart file into pdf (cairo's bytes), tagged as the report is: a
 * Document holding the caption (its title a heading, the context a
 * paragraph) and the chart as a Figure, whose alternative text (the one the
 * report gives it) is appended to alts. */
static cairo_status_t draw_pdf(const struct chart *c, double w, double h, const char *name, const char *context,
			       const char *pdf_date, struct typo *ty, struct strbuf *pdf, struct strlist *alts)
{
	double top = caption(NULL, c, context, w, ty);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_mem, pdf, w, top + h);
	if (pdf_date) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, pdf_date);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, pdf_date);
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, c->title && *c->title ? c->title : name);
	cairo_t *cr = cairo_create(s);
	struct strlist saved = ty->figure_alts;
	int saved_level = ty->heading_level;
	ty->figure_alts = (struct strlist)STRLIST_INIT;
	ty->tagging = 1;
	ty->heading_level = 0;
	cairo_tag_begin(cr, "Document", "");
	draw_file(cr, c, context, w, h, ty);
	lay_list_close(cr, ty);
	if (ty->tag_depth != 0)
		abort(); /* a bug: a structure element left open */
	cairo_tag_end(cr, "Document");
	ty->tagging = 0;
	ty->heading_level = saved_level;
	for (size_t i = 0; i < ty->figure_alts.n; i++)
		sl_push(alts, ty->figure_alts.v[i]);
	sl_release(&ty->figure_alts);
	ty->figure_alts = saved;
	return finish(s, cr);
}

/* The PDF file: drawn tagged into memory, then finished (pdf_finish: the
 * document language and the Figure's alternative text, which cairo cannot
 * write) and written to path. */
static cairo_status_t write_pdf(const struct chart *c, double w, double h, const char *path, const char *name,
				const char *context, const char *pdf_date, struct typo *ty, struct strbuf *err)
{
	struct strbuf raw = STRBUF_INIT, done = STRBUF_INIT;
	struct strlist alts = STRLIST_INIT;
	sb_init(&raw);
	sb_init(&done);
	cairo_status_t st = draw_pdf(c, w, h, name, context, pdf_date, ty, &raw, &alts);
	if (st == CAIRO_STATUS_SUCCESS) {
		struct pdf_finish_opts fo = { ty->lang == LANG_EN ? "en" : "da", &alts, 0 };
		if (pdf_finish((const unsigned char *)raw.buf, raw.len, &fo, &done, err) != TILLID_OK) {
			st = CAIRO_STATUS_INVALID_STRING;
		} else {
			st = write_buf(path, &done);
		}
	}
	sb_release(&raw);
	sb_release(&done);
	sl_release(&alts);
	return st;
}

/* The SVG file: cairo draws the shapes into memory while the texts are
 * collected as SVG text elements (ty->svg_text), so they stay text; then
 * svg_finish gives the ids stable names and puts the texts in. */
static cairo_status_t write_svg(const struct chart *c, double w, double h, const char *path,
				const char *context, struct typo *ty, struct strbuf *err)
{
	struct strbuf raw = STRBUF_INIT, texts = STRBUF_INIT, out = STRBUF_INIT;
	sb_init(&raw);
	sb_init(&texts);
	sb_init(&out);
	double top = caption(NULL, c, context, w, ty);
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(append_mem, &raw, w, top + h);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	cairo_t *cr = cairo_create(s);
	struct strbuf *saved = ty->svg_text;
	ty->svg_text = &texts;
	draw_file(cr, c, context, w, h, ty);
	ty->svg_text = saved;
	cairo_status_t st = finish(s, cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		if (svg_finish(raw.buf, raw.len, texts.buf, &out, err) != TILLID_OK) {
			st = CAIRO_STATUS_INVALID_STRING;
		} else {
			st = write_buf(path, &out);
		}
	}
	sb_release(&raw);
	sb_release(&texts);
	sb_release(&out);
	return st;
}

/* A writer's pixels and PNG encoder, kept from one PNG to the next so
 * that a 300 dpi chart does not map and fault in fresh memory each time.
 * pixels[0 .. white) is white between charts: the encoder whitens what
 * it reads (png_file_write), so a chart is drawn without clearing the
 * canvas first. */
struct canvas {
	unsigned char *pixels;
	size_t pixels_size, white;
	struct png_encoder png;
};

static void canvas_release(struct canvas *cv)
{
	free(cv->pixels);
	png_encoder_release(&cv->png);
	memset(cv, 0, sizeof(*cv));
}

/* Make pixels[0 .. size) white and held by cv. The block is reserved
 * for the largest image expected (PNG_FILE_RESERVE_W x _H) at once, so
 * that it is mapped once, not again as the charts differ in height; only
 * the pages drawn on are touched. */
static void canvas_prepare(struct canvas *cv, size_t size)
{
	if (size > cv->pixels_size) {
		size_t reserve = (size_t)cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, PNG_FILE_RESERVE_W) *
				 PNG_FILE_RESERVE_H;
		free(cv->pixels);
		cv->pixels_size = size > reserve ? size : reserve;
		cv->pixels = xmalloc_big(cv->pixels_size);
		cv->white = 0;
	}
	if (size > cv->white) {
		memset(cv->pixels + cv->white, 0xff, size - cv->white);
		cv->white = size;
	}
}

/* The PNG file at 300 dpi: drawn on white into the canvas, then encoded. */
static cairo_status_t write_png300(const struct chart *c, double w, double h, const char *path,
				   const char *context, struct typo *ty, struct canvas *cv)
{
	double scale = 300.0 / 72.0;
	double top = caption(NULL, c, context, w, ty);
	int pw = (int)ceil(w * scale - 1e-6), ph = (int)ceil((top + h) * scale - 1e-6);
	int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, pw);
	if (pw <= 0 || ph <= 0 || stride <= 0)
		return CAIRO_STATUS_INVALID_SIZE;
	size_t size = (size_t)stride * (size_t)ph;
	canvas_prepare(cv, size);
	cairo_surface_t *s = cairo_image_surface_create_for_data(cv->pixels, CAIRO_FORMAT_RGB24, pw, ph, stride);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, scale, scale);
	draw_file(cr, c, context, w, h, ty);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (st != CAIRO_STATUS_SUCCESS)
		memset(cv->pixels, 0xff, size); /* white again without the encoder */
	else if (png_file_write(&cv->png, cv->pixels, pw, ph, stride, 300.0, 1, path) != 0)
		st = CAIRO_STATUS_WRITE_ERROR;
	cairo_surface_destroy(s);
	return st;
}

enum { CHART_PDF = 1, CHART_SVG = 2, CHART_PNG = 4 };

/* Write the files of c that kinds names, in the order PDF, SVG, PNG. */
static int write_kinds(const struct chart *c, double w, double h, const char *dir, const char *name,
		       const char *context, const char *pdf_date, unsigned kinds, struct typo *ty,
		       struct canvas *cv, struct strbuf *err)
{
	static const char *const ext[] = { "pdf", "svg", "png" };
	for (unsigned k = 0; k < 3; k++) {
		if (!(kinds & (1u << k)))
			continue;
		char *path = xasprintf("%s/%s.%s", dir, name, ext[k]);
		size_t before = err->len;
		cairo_status_t st = k == 0   ? write_pdf(c, w, h, path, name, context, pdf_date, ty, err)
				    : k == 1 ? write_svg(c, w, h, path, context, ty, err)
					     : write_png300(c, w, h, path, context, ty, cv);
		if (st != CAIRO_STATUS_SUCCESS) {
			if (err->len == before)
				sb_addf(err, "cannot write chart '%s': %s", path, cairo_status_to_string(st));
			free(path);
			return TILLID_ESYS;
		}
		free(path);
	}
	return TILLID_OK;
}

int chart_write_files(const struct chart *c, double w, double h, const char *dir, const char *name,
		      const char *context, const char *pdf_date, struct typo *ty, struct strbuf *err)
{
	struct canvas cv = { 0 };
	int rc = write_kinds(c, w, h, dir, name, context, pdf_date, CHART_PDF | CHART_SVG | CHART_PNG, ty, &cv, err);
	canvas_release(&cv);
	return rc;
}

/* One chart waiting to be written; the queue keeps them in order. What
 * its files' texts did (overflow, overlap, the smallest type) is kept
 * with it, so that chart_writer_finish adds it up in queue order whatever
 * thread wrote it. */
struct chart_job {
	struct chart ch;
	double w, h;
	char *name;
	int rc;
	struct strbuf err;
	unsigned overflow, overlap;
	struct strlist overflow_texts, overlap_texts;
	double min_size;
	struct chart_job *next;
};

/* Move what ty counted while it wrote job's files into job and start ty
 * afresh for the next job. */
static void job_take_counts(struct chart_job *job, struct typo *ty)
{
	job->overflow = ty->overflow;
	job->overflow_texts = ty->overflow_texts;
	job->overlap = ty->overlap;
	job->overlap_texts = ty->overlap_texts;
	job->min_size = ty->min_size;
	ty->overflow = 0;
	ty->overlap = 0;
	ty->min_size = 0;
	ty->overflow_texts = (struct strlist)STRLIST_INIT;
	ty->overlap_texts = (struct strlist)STRLIST_INIT;
}

/* Write job, a chart of wr, with the thread's typo and canvas, outside
 * the pool's lock. */
static void write_job(struct chart_writer *wr, struct chart_job *job, struct typo *ty, struct canvas *cv)
{
	job->rc = write_kinds(&job->ch, job->w, job->h, wr->dir, job->name, wr->context, wr->date,
			      CHART_PDF | CHART_SVG | CHART_PNG, ty, cv, &job->err);
	job_take_counts(job, ty);
}

/* A writing thread: take the next job of the report being written in
 * queue order until the pool is closed, and write its PDF, SVG and PNG
 * files with a typo and a canvas of its own, kept from report to report.
 * After a failure the report's jobs left are only taken. */
static void *pool_main(void *arg)
{
	struct chart_pool *pool = arg;
	struct typo ty;
	struct canvas cv = { 0 };
	typo_init(&ty, pool->lang);
	pthread_mutex_lock(&pool->mu);
	for (;;) {
		struct chart_writer *wr = pool->batch;
		if (wr && wr->next) {
			struct chart_job *job = wr->next;
			wr->next = job->next;
			wr->busy++;
			int failed = wr->failed;
			pthread_mutex_unlock(&pool->mu);
			if (!failed)
				write_job(wr, job, &ty, &cv);
			pthread_mutex_lock(&pool->mu);
			if (!failed && job->rc != TILLID_OK)
				wr->failed = 1;
			if (--wr->busy == 0 && !wr->next)
				pthread_cond_broadcast(&pool->idle);
			continue;
		}
		if (pool->closed)
			break;
		pthread_cond_wait(&pool->work, &pool->mu);
	}
	pthread_mutex_unlock(&pool->mu);
	canvas_release(&cv);
	typo_release(&ty);
	return NULL;
}

size_t chart_writer_threads(size_t threads)
{
	if (threads)
		return threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores > 0 ? (size_t)cores : 1;
}

int chart_pool_start(struct chart_pool *pool, enum lang lang, size_t threads)
{
	memset(pool, 0, sizeof(*pool));
	pool->lang = lang;
	threads = chart_writer_threads(threads);
	pthread_mutex_init(&pool->mu, NULL);
	pthread_cond_init(&pool->work, NULL);
	pthread_cond_init(&pool->idle, NULL);
	pool->threads = xcalloc(threads, sizeof(*pool->threads));
	int rc = 0;
	while (pool->n_threads < threads &&
	       !(rc = pthread_create(&pool->threads[pool->n_threads], NULL, pool_main, pool)))
		pool->n_threads++;
	if (pool->n_threads)
		return 0; /* fewer threads than asked for still write every chart */
	pthread_cond_destroy(&pool->idle);
	pthread_cond_destroy(&pool->work);
	pthread_mutex_destroy(&pool->mu);
	free(pool->threads);
	memset(pool, 0, sizeof(*pool));
	return rc;
}

void chart_pool_finish(struct chart_pool *pool)
{
	if (!pool->n_threads)
		return;
	pthread_mutex_lock(&pool->mu);
	if (pool->batch)
		abort(); /* a bug: a report's writer not finished */
	pool->closed = 1;
	pthread_cond_broadcast(&pool->work);
	pthread_mutex_unlock(&pool->mu);
	for (size_t t = 0; t < pool->n_threads; t++)
		pthread_join(pool->threads[t], NULL);
	free(pool->threads);
	pthread_cond_destroy(&pool->idle);
	pthread_cond_destroy(&pool->work);
	pthread_mutex_destroy(&pool->mu);
	memset(pool, 0, sizeof(*pool));
}

void chart_writer_start_in(struct chart_writer *wr, struct chart_pool *pool, const char *dir, const char *context,
			   const char *date, enum lang lang)
{
	if (lang != pool->lang)
		abort(); /* a bug: the pool's threads write another language */
	memset(wr, 0, sizeof(*wr));
	wr->dir = dir;
	wr->context = context;
	wr->date = date;
	wr->pool = pool;
	pthread_mutex_lock(&pool->mu);
	if (pool->batch || !pool->n_threads)
		abort(); /* a bug: two reports at once on one pool, or a pool not started */
	pool->batch = wr;
	pthread_mutex_unlock(&pool->mu);
}

int chart_writer_start(struct chart_writer *wr, const char *dir, const char *context, const char *date,
		       enum lang lang, size_t threads)
{
	struct chart_pool *own = xmalloc(sizeof(*own));
	int rc = chart_pool_start(own, lang, threads);
	if (rc != 0) {
		free(own);
		memset(wr, 0, sizeof(*wr));
		return rc;
	}
	chart_writer_start_in(wr, own, dir, context, date, lang);
	wr->own_pool = 1;
	return 0;
}

void chart_writer_push(struct chart_writer *wr, struct chart *ch, double w, double h, const char *name)
{
	struct chart_job *job = xcalloc(1, sizeof(*job));
	job->ch = *ch;
	memset(ch, 0, sizeof(*ch));
	job->w = w;
	job->h = h;
	job->name = xstrdup(name);
	sb_init(&job->err);
	job->overflow_texts = (struct strlist)STRLIST_INIT;
	job->overlap_texts = (struct strlist)STRLIST_INIT;
	pthread_mutex_lock(&wr->pool->mu);
	if (wr->tail)
		wr->tail->next = job;
	else
		wr->head = job;
	wr->tail = job;
	if (!wr->next)
		wr->next = job;
	pthread_cond_signal(&wr->pool->work);
	pthread_mutex_unlock(&wr->pool->mu);
}

int chart_writer_finish(struct chart_writer *wr, struct typo *ty, struct strbuf *err)
{
	struct chart_pool *pool = wr->pool;
	pthread_mutex_lock(&pool->mu);
	while (wr->next || wr->busy)
		pthread_cond_wait(&pool->idle, &pool->mu);
	pool->batch = NULL;
	pthread_mutex_unlock(&pool->mu);
	if (wr->own_pool) {
		chart_pool_finish(pool);
		free(pool);
	}
	/* Every chart's texts in queue order, as one thread writing them
	 * one after another would have counted them. */
	int rc = TILLID_OK;
	struct chart_job *job = wr->head;
	while (job) {
		struct chart_job *next = job->next;
		typo_add_counts(ty, job->overflow, &job->overflow_texts, job->overlap, &job->overlap_texts,
				job->min_size);
		if (job->rc != TILLID_OK && rc == TILLID_OK) {
			rc = job->rc;
			sb_adds(err, job->err.buf);
		}
		sl_release(&job->overflow_texts);
		sl_release(&job->overlap_texts);
		sb_release(&job->err);
		chart_release(&job->ch);
		free(job->name);
		free(job);
		job = next;
	}
	memset(wr, 0, sizeof(*wr));
	return rc;
}
