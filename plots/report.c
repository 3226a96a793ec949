/* report.c: lays out the report's pages (cover, key findings, scales, items, effect sizes, response, method, data). */
#include "report.h"
#include "charts.h"
#include "fmt.h"
#include "layout.h"
#include "core/defaults.h"
#include "core/version.h"

#include <cairo-pdf.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_X 56.7
#define MARGIN_TOP 66.0
#define MARGIN_BOTTOM 62.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define MAX_SECTIONS 64

#define C_TEXT 0x1a1a1a
#define C_MUTED 0x555555
#define C_ACCENT 0x0b4f8a
#define C_RULE 0xc8c8c8

/* --- The page flow ------------------------------------------------------ */

struct section {
	char *title;
	int page;
	int level;
};

/* Pages are laid out twice: a dry run (cr NULL) that only measures, to
 * learn the page count and where each section starts, and the real run. */
struct doc {
	struct typo *ty;
	cairo_surface_t *surface; /* NULL in the dry run */
	cairo_t *cr;
	int page;
	double y;
	char *header_left;
	char *header_right;
	int total_pages;           /* from the dry run; 0 during it */
	struct section *known;     /* sections of the dry run, for the contents */
	size_t n_known;
	struct section sections[MAX_SECTIONS];
	size_t n_sections;
	int outline_parent;        /* id of the current top-level outline entry */
	int in_page;
};

static double bottom(void)
{
	return PAGE_H - MARGIN_BOTTOM;
}

static void page_frame(struct doc *d)
{
	cairo_t *cr = d->cr;
	enum lang lang = d->ty->lang;
	if (d->page > 1) {
		lay_rgb(cr, C_MUTED);
		double hw = CONTENT_W * 0.62;
		lay_box(cr, d->ty, TS_TINY, d->header_left, MARGIN_X, 34, hw, 12, LAY_NOWRAP);
		lay_box(cr, d->ty, TS_TINY, d->header_right ? d->header_right : "", MARGIN_X + hw, 34,
			CONTENT_W - hw, 12, LAY_RIGHT | LAY_NOWRAP);
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
}

static void doc_begin_page(struct doc *d)
{
	d->page++;
	d->y = MARGIN_TOP;
	d->in_page = 1;
	if (d->cr)
		page_frame(d);
}

static void doc_end_page(struct doc *d)
{
	if (!d->in_page)
		return;
	if (d->cr)
		cairo_show_page(d->cr);
	d->in_page = 0;
}

static void doc_new_page(struct doc *d)
{
	doc_end_page(d);
	doc_begin_page(d);
}

/* Make room for h points, on a new page if need be. */
static void doc_ensure(struct doc *d, double h)
{
	if (!d->in_page)
		doc_begin_page(d);
	else if (d->y + h > bottom() && d->y > MARGIN_TOP + 0.5)
		doc_new_page(d);
}

static void doc_space(struct doc *d, double h)
{
	d->y += h;
}

/* A section: a new page, a bookmark, a heading and a place in the contents. */
static void doc_section(struct doc *d, const char *title, int level, int new_page)
{
	if (level == 0 || !d->header_right) {
		free(d->header_right);
		d->header_right = xstrdup(title);
	}
	if (new_page || !d->in_page)
		doc_new_page(d);
	enum tstyle st = level == 0 ? TS_H1 : TS_H2;
	double h = lay_height(d->ty, st, title, CONTENT_W, 0);
	doc_ensure(d, h + 120);
	if (d->n_sections < MAX_SECTIONS) {
		d->sections[d->n_sections].title = xstrdup(title);
		d->sections[d->n_sections].page = d->page;
		d->sections[d->n_sections].level = level;
		d->n_sections++;
	}
	if (d->surface) {
		char *link = xasprintf("page=%d pos=[%.1f %.1f]", d->page, MARGIN_X, d->y - 6);
		int id = cairo_pdf_surface_add_outline(d->surface,
						       level == 0 ? CAIRO_PDF_OUTLINE_ROOT : d->outline_parent,
						       title, link, 0);
		if (level == 0)
			d->outline_parent = id;
		free(link);
	}
	if (d->cr) {
		lay_rgb(d->cr, level == 0 ? C_ACCENT : C_TEXT);
		lay_box(d->cr, d->ty, st, title, MARGIN_X, d->y, CONTENT_W, h, 0);
	}
	d->y += h + (level == 0 ? 10 : 6);
}

/* A paragraph; moves to a new page rather than split. */
static void doc_para(struct doc *d, enum tstyle st, const char *text, unsigned flags, double after)
{
	double h = lay_height(d->ty, st, text, CONTENT_W, flags);
	doc_ensure(d, h);
	if (d->cr) {
		lay_rgb(d->cr, C_TEXT);
		lay_box(d->cr, d->ty, st, text, MARGIN_X, d->y, CONTENT_W, h, flags);
	}
	d->y += h + after;
}

/* A heading kept on the page with at least `keep` points of what follows. */
static void doc_heading(struct doc *d, enum tstyle st, const char *text, double keep)
{
	double h = lay_height(d->ty, st, text, CONTENT_W, 0);
	doc_ensure(d, h + keep);
	doc_para(d, st, text, 0, 3);
}

/* A paragraph with a bullet and a hanging indent. */
static void doc_bullet(struct doc *d, enum tstyle st, const char *text, unsigned flags)
{
	double indent = 12;
	double h = lay_height(d->ty, st, text, CONTENT_W - indent, flags);
	doc_ensure(d, h);
	if (d->cr) {
		lay_rgb(d->cr, C_ACCENT);
		lay_box(d->cr, d->ty, st, "\xe2\x80\xa2", MARGIN_X + 2, d->y, indent - 2, h, 0);
		lay_rgb(d->cr, C_TEXT);
		lay_box(d->cr, d->ty, st, text, MARGIN_X + indent, d->y, CONTENT_W - indent, h, flags);
	}
	d->y += h + 4;
}

/* A table, split between rows over pages, with its header repeated. */
static void doc_table(struct doc *d, const struct table *t)
{
	double hh = table_header_height(d->ty, t, CONTENT_W);
	int header_due = 1;
	for (size_t r = 0; r < t->n_rows; r++) {
		double rh = table_row_height(d->ty, t, r, CONTENT_W);
		if (header_due || d->y + rh > bottom()) {
			if (!header_due || d->y + hh + rh > bottom())
				doc_new_page(d);
			if (d->cr)
				table_draw_header(d->cr, d->ty, t, MARGIN_X, d->y, CONTENT_W);
			d->y += hh;
			header_due = 0;
		}
		if (d->cr)
			table_draw_row(d->cr, d->ty, t, r, MARGIN_X, d->y, CONTENT_W);
		d->y += rh;
	}
	d->y += 10;
}

/* --- Reading the results -------------------------------------------------- */

/* A breakdown cell: g and m are indices into the metadata, -1 for all. */
struct cell {
	int g, m;
};

/* Chart files are compressed and written on a second thread while the
 * pages are laid out: one job per chart, in order. */
struct chart_job {
	struct chart ch;
	double w, h;
	char *name;
	struct chart_job *next;
};

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chart_job *head, *tail;
	int closed;
	const char *dir;
	const char *date;
	enum lang lang;
	int failed;
	struct strbuf err;
	unsigned overflow;
	struct strlist overflow_texts;
};

static void *writer_main(void *arg)
{
	struct writer *wr = arg;
	struct typo ty;
	typo_init(&ty, wr->lang);
	for (;;) {
		pthread_mutex_lock(&wr->mu);
		while (!wr->head && !wr->closed)
			pthread_cond_wait(&wr->cv, &wr->mu);
		struct chart_job *job = wr->head;
		if (job) {
			wr->head = job->next;
			if (!wr->head)
				wr->tail = NULL;
		}
		pthread_mutex_unlock(&wr->mu);
		if (!job)
			break;
		if (!wr->failed &&
		    chart_write_files(&job->ch, job->w, job->h, wr->dir, job->name, wr->date, &ty, &wr->err) != TILLID_OK)
			wr->failed = 1;
		chart_release(&job->ch);
		free(job->name);
		free(job);
	}
	wr->overflow = ty.overflow;
	for (size_t i = 0; i < ty.overflow_texts.n; i++)
		sl_push(&wr->overflow_texts, ty.overflow_texts.v[i]);
	typo_release(&ty);
	return NULL;
}

static int writer_start(struct writer *wr, const char *dir, const char *date, enum lang lang)
{
	memset(wr, 0, sizeof(*wr));
	sb_init(&wr->err);
	wr->dir = dir;
	wr->date = date;
	wr->lang = lang;
	pthread_mutex_init(&wr->mu, NULL);
	pthread_cond_init(&wr->cv, NULL);
	return pthread_create(&wr->thread, NULL, writer_main, wr);
}

/* Queue a chart; takes it over (*ch is left empty). */
static void writer_push(struct writer *wr, struct chart *ch, double w, double h, const char *name)
{
	struct chart_job *job = xcalloc(1, sizeof(*job));
	job->ch = *ch;
	memset(ch, 0, sizeof(*ch));
	job->w = w;
	job->h = h;
	job->name = xstrdup(name);
	pthread_mutex_lock(&wr->mu);
	if (wr->tail)
		wr->tail->next = job;
	else
		wr->head = job;
	wr->tail = job;
	pthread_cond_signal(&wr->cv);
	pthread_mutex_unlock(&wr->mu);
}

/* Wait for every queued chart; returns TILLID_OK or TILLID_ESYS with the
 * writer's message in err. */
static int writer_finish(struct writer *wr, struct typo *ty, struct strbuf *err)
{
	pthread_mutex_lock(&wr->mu);
	wr->closed = 1;
	pthread_cond_signal(&wr->cv);
	pthread_mutex_unlock(&wr->mu);
	pthread_join(wr->thread, NULL);
	pthread_mutex_destroy(&wr->mu);
	pthread_cond_destroy(&wr->cv);
	ty->overflow += wr->overflow;
	for (size_t i = 0; i < wr->overflow_texts.n; i++)
		sl_push(&ty->overflow_texts, wr->overflow_texts.v[i]);
	sl_release(&wr->overflow_texts);
	int rc = wr->failed ? TILLID_ESYS : TILLID_OK;
	if (wr->failed)
		sb_adds(err, wr->err.buf);
	sb_release(&wr->err);
	return rc;
}

struct ctx {
	const struct resfile *res;
	const struct tds_meta *m;
	const struct report_opts *o;
	enum lang lang;
	struct typo ty;
	struct doc doc;
	int muni;          /* the municipality of this report, -1: project */
	size_t base, last; /* baseline and the wave the headline change ends in */
	int min;           /* the minimum group size the results were made with */
	char min_s[16];    /* the same as text */
	char *few;         /* "færre end 5 svar" */
	int hidden_used;   /* "skjult" printed since the section began (it then explains it) */
	int min_pairs;
	int used_holm;
	char *charts_tmp;  /* temporary chart directory (real run only) */
	struct writer *writer;
	size_t n_charts;
	int failed;
	struct strbuf *err;
};

static const char *pick(enum lang lang, const char *da, const char *en)
{
	return lang == LANG_EN && en && *en ? en : (da ? da : "");
}

static const char *wave_label(struct ctx *c, size_t w)
{
	return pick(c->lang, c->m->waves[w].label_da, c->m->waves[w].label_en);
}

static const char *group_label(struct ctx *c, size_t g)
{
	return pick(c->lang, c->m->groups[g].label_da, c->m->groups[g].label_en);
}

static const char *scale_label(struct ctx *c, size_t s)
{
	return pick(c->lang, c->m->scales[s].label_da, c->m->scales[s].label_en);
}

static const char *item_text(struct ctx *c, size_t i)
{
	return pick(c->lang, c->m->items[i].text_da, c->m->items[i].text_en);
}

static const struct tds_answers *item_answers(struct ctx *c, size_t i)
{
	int a = c->m->items[i].answers;
	return a >= 0 && (size_t)a < c->m->n_answers ? &c->m->answers[a] : NULL;
}

/* The answer scale of a scale: that of its first item. */
static const struct tds_answers *scale_answers(struct ctx *c, size_t s)
{
	for (size_t i = 0; i < c->m->n_items; i++)
		if (c->m->items[i].scale == (int)s)
			return item_answers(c, i);
	return NULL;
}

static const char *point_label(struct ctx *c, const struct tds_answers *a, int v)
{
	return pick(c->lang, a->point_da[v - 1], a->point_en ? a->point_en[v - 1] : NULL);
}

/* Breakdown name and value of a cell; value written into buf. */
static const char *cell_key(struct ctx *c, struct cell k, struct strbuf *buf)
{
	sb_reset(buf);
	if (k.g < 0 && k.m < 0)
		return "all";
	if (k.m < 0) {
		sb_adds(buf, c->m->groups[k.g].id);
		return "group";
	}
	if (k.g < 0) {
		sb_adds(buf, c->m->municipalities[k.m]);
		return "municipality";
	}
	sb_addf(buf, "%s|%s", c->m->municipalities[k.m], c->m->groups[k.g].id);
	return "municipality_group";
}

/* The row of (var, cell, wave, design, statistic with its index), or NULL. */
static const struct rf_row *find_row(struct ctx *c, const char *var, struct cell k, const char *wave,
				      const char *design, enum res_stat stat, int index)
{
	struct strbuf b = STRBUF_INIT;
	sb_init(&b);
	const char *bd = cell_key(c, k, &b);
	const struct rf_row *row = resfile_find(c->res, var, bd, b.buf, wave, design, stat, index);
	sb_release(&b);
	return row;
}

/* The status of a number (an enum res_status, or RF_MISSING); *v (when v
 * is set) is the number, or NAN. get_at is for an indexed statistic. */
static int get_at(struct ctx *c, const char *var, struct cell k, const char *wave,
		  const char *design, enum res_stat stat, int index, double *v)
{
	const struct rf_row *row = find_row(c, var, k, wave, design, stat, index);
	if (v)
		*v = row ? row->value : NAN;
	return row ? (int)row->status : RF_MISSING;
}

static int get(struct ctx *c, const char *var, struct cell k, const char *wave, const char *design,
	       enum res_stat stat, double *v)
{
	return get_at(c, var, k, wave, design, stat, 0, v);
}

/* Why a row is suppressed; RES_WHY_NONE when it is not (or is missing). */
static enum res_reason suppressed_why(const struct rf_row *row)
{
	return row && row->status == RES_SUPPRESSED ? row->why : RES_WHY_NONE;
}

static enum res_reason why_of(struct ctx *c, const char *var, struct cell k, const char *wave,
			      const char *design, enum res_stat stat)
{
	return suppressed_why(find_row(c, var, k, wave, design, stat, 0));
}

/* A number of the whole study (variable "*", breakdown all). */
static int study_number(const struct resfile *res, enum res_stat stat, double *v)
{
	return resfile_get(res, "*", "all", NULL, NULL, NULL, stat, 0, v);
}

/* What stands in place of a suppressed number: "færre end 5 svar" for a
 * cell below the minimum, "skjult" for a cell hidden to protect another
 * (the section then explains the word). */
static const char *hidden_text(struct ctx *c, enum res_reason why)
{
	if (why == RES_WHY_FEWER)
		return c->few;
	c->hidden_used = 1;
	return tx(c->lang, T_HIDDEN);
}

static const char *wave_id(struct ctx *c, size_t w)
{
	return c->m->waves[w].id;
}

/* Respondents of a cell in a wave (variable "*", statistic respondents);
 * *why says why when they are suppressed. */
static int cell_count(struct ctx *c, struct cell k, size_t w, double *n, enum res_reason *why)
{
	const struct rf_row *row = find_row(c, "*", k, wave_id(c, w), "", RS_RESPONDENTS, 0);
	*n = row ? row->value : NAN;
	*why = suppressed_why(row);
	return row ? (int)row->status : RF_MISSING;
}

/* One change from base to a later wave, in the design the report uses. */
struct change {
	int st;
	enum res_reason why; /* why it is suppressed */
	int paired;
	double base, later, diff, lo, hi, p, g, g_lo, g_hi;
	double n_pairs, n_base, n_later; /* NAN when not to be printed */
	int sure;
	const char *note;
};

static void get_change(struct ctx *c, const char *var, struct cell k, size_t later, struct change *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->n_pairs = ch->n_base = ch->n_later = NAN;
	char *wv = xasprintf("%s..%s", wave_id(c, c->base), wave_id(c, later));
	double np, v;
	int need = c->min > c->min_pairs ? c->min : c->min_pairs;
	int sp = get(c, var, k, wv, "paired", RS_N_PAIRS, &np);
	int sd = get(c, var, k, wv, "paired", RS_MEAN_DIFF, &v);
	/* The stats stage says which design leads (paired_leads); without
	 * that row the same rule applies here. */
	double lead;
	int sl = get(c, var, k, wv, "paired", RS_PAIRED_LEADS, &lead);
	int paired = sl == RES_OK ? lead == 1 : sl == RF_MISSING && sp == RES_OK && np >= need;
	const char *design;
	if (paired && sd == RES_OK) {
		design = "paired";
		ch->paired = 1;
		if (sp == RES_OK)
			ch->n_pairs = np;
	} else {
		design = "independent";
	}
	ch->st = get(c, var, k, wv, design, RS_MEAN_DIFF, &ch->diff);
	if (ch->st != RES_OK) {
		const struct rf_row *row = find_row(c, var, k, wv, design, RS_MEAN_DIFF, 0);
		ch->why = suppressed_why(row);
		/* A wave that is itself suppressed hides the change too, for the
		 * same reason (below the minimum when either wave is). */
		enum res_reason wb = why_of(c, var, k, wave_id(c, c->base), "", RS_N);
		enum res_reason wl = why_of(c, var, k, wave_id(c, later), "", RS_N);
		if (ch->st != RES_SUPPRESSED && (wb != RES_WHY_NONE || wl != RES_WHY_NONE)) {
			ch->st = RES_SUPPRESSED;
			ch->why = wb == RES_WHY_FEWER || wl == RES_WHY_FEWER ? RES_WHY_FEWER : RES_WHY_COMPLEMENTARY;
		}
		ch->note = row && row->why != RES_WHY_NONE ? res_reason_text(row->why) : tx(c->lang, T_NOT_AVAILABLE);
		free(wv);
		return;
	}
	get(c, var, k, wv, design, RS_MEAN_BASE, &ch->base);
	get(c, var, k, wv, design, RS_MEAN_LATER, &ch->later);
	if (ch->paired) {
		get(c, var, k, wv, design, RS_MEAN_DIFF_CI_LOW, &ch->lo);
		get(c, var, k, wv, design, RS_MEAN_DIFF_CI_HIGH, &ch->hi);
		get(c, var, k, wv, design, RS_P, &ch->p);
		get(c, var, k, wv, design, RS_G_AV, &ch->g);
		get(c, var, k, wv, design, RS_G_AV_CI_LOW, &ch->g_lo);
		get(c, var, k, wv, design, RS_G_AV_CI_HIGH, &ch->g_hi);
	} else {
		get(c, var, k, wv, design, RS_WELCH_CI_LOW, &ch->lo);
		get(c, var, k, wv, design, RS_WELCH_CI_HIGH, &ch->hi);
		get(c, var, k, wv, design, RS_WELCH_P, &ch->p);
		get(c, var, k, wv, design, RS_HEDGES_G, &ch->g);
		get(c, var, k, wv, design, RS_HEDGES_G_CI_LOW, &ch->g_lo);
		get(c, var, k, wv, design, RS_HEDGES_G_CI_HIGH, &ch->g_hi);
		if (get(c, var, k, wv, design, RS_N_BASE, &v) == RES_OK)
			ch->n_base = v;
		if (get(c, var, k, wv, design, RS_N_LATER, &v) == RES_OK)
			ch->n_later = v;
	}
	double holm;
	if (get(c, var, k, wv, design, RS_HOLM_P, &holm) == RES_OK) {
		ch->p = holm;
		c->used_holm = 1;
	}
	ch->sure = isfinite(ch->p) && ch->p < 0.05;
	free(wv);
}

static enum text_id size_word(double g)
{
	double a = fabs(g);
	if (a < 0.2)
		return T_SIZE_NEGLIGIBLE;
	if (a < 0.5)
		return T_SIZE_SMALL;
	if (a < 0.8)
		return T_SIZE_MEDIUM;
	return T_SIZE_LARGE;
}

static char *fewer_text(struct ctx *c)
{
	return tx_fillf(c->lang, T_SUPPRESSED, "min", c->min_s, NULL);
}

/* The labels of the kinds of suppression among fewer and comp suppressed
 * numbers, into sb: "færre end 5 svar", "skjult", or both. */
static void kinds_text(struct ctx *c, struct strbuf *sb, int fewer, int comp)
{
	if (fewer)
		sb_adds(sb, hidden_text(c, RES_WHY_FEWER));
	if (fewer && comp)
		sb_adds(sb, "; ");
	if (comp)
		sb_adds(sb, hidden_text(c, RES_WHY_COMPLEMENTARY));
}

/* The footnote that explains "skjult", when the section printed it. */
static void hidden_note(struct ctx *c)
{
	if (!c->hidden_used)
		return;
	char *s = tx_fillf(c->lang, T_HIDDEN_NOTE, "hidden", tx(c->lang, T_HIDDEN), "min", c->min_s, NULL);
	doc_para(&c->doc, TS_SMALL, s, 0, 3);
	free(s);
	c->hidden_used = 0;
}

/* --- Charts -------------------------------------------------------------- */

/* Draw a chart on the page with its title and, in the real run, write it
 * as files named after what it shows. Takes the chart over when it is
 * written (the caller's chart_release is then a no-op). */
static void place_chart(struct ctx *c, struct chart *ch, const char *title, const char *note,
			const char *name)
{
	struct doc *d = &c->doc;
	double th = title ? lay_height(&c->ty, TS_H3, title, CONTENT_W, 0) + 4 : 0;
	double nh = note ? lay_height(&c->ty, TS_TINY, note, CONTENT_W, 0) + 3 : 0;
	double h = chart_height(&c->ty, ch, CONTENT_W);
	doc_ensure(d, th + h + nh);
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
		if (c->writer)
			writer_push(c->writer, ch, CONTENT_W, h, name);
		c->n_charts++;
	}
	d->y += th + h + nh + 10;
}

/* The cells a chart row list shows for group g: the municipality's own and
 * the project's (municipality report), or the project's and each
 * municipality's (project report). */
static size_t group_cells(struct ctx *c, int g, struct cell *cells, size_t max, int with_munis)
{
	size_t n = 0;
	if (c->muni >= 0) {
		cells[n++] = (struct cell){ g, c->muni };
		cells[n++] = (struct cell){ g, -1 };
		return n;
	}
	cells[n++] = (struct cell){ g, -1 };
	if (with_munis)
		for (size_t m = 0; m < c->m->n_municipalities && n < max; m++)
			cells[n++] = (struct cell){ g, (int)m };
	return n;
}

static const char *cell_place(struct ctx *c, struct cell k)
{
	if (k.m >= 0)
		return c->m->municipalities[k.m];
	return tx(c->lang, c->muni >= 0 ? T_WHOLE_PROJECT : T_ALL_MUNICIPALITIES);
}

/* Non-substantive answers as a percentage of all answers to var. */
static double dk_percent(struct ctx *c, const char *var, struct cell k, size_t w, int n_nonsubst)
{
	double n, sum = 0;
	if (n_nonsubst <= 0 || get(c, var, k, wave_id(c, w), "", RS_N, &n) != RES_OK)
		return NAN;
	int any = 0;
	for (int j = 1; j <= n_nonsubst; j++) {
		double v;
		if (get_at(c, var, k, wave_id(c, w), "", RS_COUNT_NONSUBST, j, &v) == RES_OK) {
			sum += v;
			any = 1;
		}
	}
	if (!any || n + sum <= 0)
		return NAN;
	return sum / (n + sum) * 100;
}

/* The statistic that holds var's answer distribution into *stat:
 * pct_point (items) or pct_bin (scales, each person's mean rounded to the
 * nearest point). Returns 0 when the results have none. */
static int distribution(struct ctx *c, const char *var, enum res_stat *stat)
{
	static const enum res_stat kinds[] = { RS_PCT_POINT, RS_PCT_BIN };
	for (size_t p = 0; p < ARRAY_SIZE(kinds); p++)
		for (size_t w = 0; w < c->m->n_waves; w++)
			for (size_t g = 0; g < c->m->n_groups; g++)
				if (get_at(c, var, (struct cell){ (int)g, -1 }, wave_id(c, w), "", kinds[p], 1,
					   NULL) != RF_MISSING) {
					*stat = kinds[p];
					return 1;
				}
	return 0;
}

/* Diverging bars of var: one row per cell and wave, grouped by group. */
static void diverging_chart(struct ctx *c, const char *var, const struct tds_answers *a, int with_project,
			    enum res_stat dist, struct chart *ch)
{
	chart_init(ch, CHART_DIVERGING);
	ch->k = a->k > CHART_MAX_POINTS ? CHART_MAX_POINTS : a->k;
	ch->point_labels = xcalloc((size_t)ch->k, sizeof(char *));
	for (int v = 1; v <= ch->k; v++)
		ch->point_labels[v - 1] = xstrdup(point_label(c, a, v));
	if (a->n_nonsubst == 1)
		ch->dk_label = xstrdup(pick(c->lang, a->nonsubst_da[0], a->nonsubst_en ? a->nonsubst_en[0] : NULL));
	else if (a->n_nonsubst > 1)
		ch->dk_label = xstrdup(tx(c->lang, T_NONSUBST_ALL));
	ch->axis_label = xstrdup(tx(c->lang, T_AXIS_PCT));
	struct strbuf lb = STRBUF_INIT;
	sb_init(&lb);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[2];
		size_t nc = 1;
		cells[0] = (struct cell){ (int)g, c->muni };
		if (c->muni >= 0 && with_project)
			cells[nc++] = (struct cell){ (int)g, -1 };
		for (size_t ci = 0; ci < nc; ci++) {
			for (size_t w = 0; w < c->m->n_waves; w++) {
				sb_reset(&lb);
				if (c->muni >= 0)
					sb_addf(&lb, "%s \xc2\xb7 ", cell_place(c, cells[ci]));
				sb_adds(&lb, wave_label(c, w));
				struct chart_row *r = chart_add_row(ch, group_label(c, g), lb.buf);
				r->emphasis = c->muni >= 0 && cells[ci].m >= 0;
				double n;
				int st = get(c, var, cells[ci], wave_id(c, w), "", RS_N, &n);
				if (st == RES_SUPPRESSED) {
					chart_set(&r->missing, hidden_text(c, why_of(c, var, cells[ci], wave_id(c, w), "", RS_N)));
					continue;
				}
				int ok = st == RES_OK;
				for (int v = 1; v <= ch->k && ok; v++)
					if (get_at(c, var, cells[ci], wave_id(c, w), "", dist, v, &r->pct[v - 1]) != RES_OK)
						ok = 0;
				if (!ok) {
					chart_set(&r->missing, tx(c->lang, T_NOT_AVAILABLE));
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

static char *diverging_note(struct ctx *c, const struct chart *ch, int binned)
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

/* Means per wave for var, per group and place. */
static void dumbbell_chart(struct ctx *c, const char *var, const struct tds_answers *a, struct chart *ch)
{
	chart_init(ch, CHART_DUMBBELL);
	ch->k = a->k;
	ch->n_waves = c->m->n_waves < CHART_MAX_WAVES ? c->m->n_waves : CHART_MAX_WAVES;
	ch->wave_labels = xcalloc(ch->n_waves, sizeof(char *));
	for (size_t w = 0; w < ch->n_waves; w++)
		ch->wave_labels[w] = xstrdup(wave_label(c, w));
	ch->lo_label = xasprintf("1 = %s", point_label(c, a, 1));
	ch->hi_label = xasprintf("%d = %s", a->k, point_label(c, a, a->k));
	ch->axis_label = xstrdup(tx(c->lang, T_AXIS_MEAN));
	struct strbuf vt = STRBUF_INIT;
	sb_init(&vt);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[64];
		size_t nc = group_cells(c, (int)g, cells, ARRAY_SIZE(cells), 1);
		for (size_t ci = 0; ci < nc; ci++) {
			struct chart_row *r = chart_add_row(ch, group_label(c, g), cell_place(c, cells[ci]));
			r->emphasis = (c->muni >= 0) == (cells[ci].m >= 0);
			int shown = 0, fewer = 0, comp = 0;
			sb_reset(&vt);
			for (size_t w = 0; w < ch->n_waves; w++) {
				int st = get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN, &r->mean[w]);
				if (w > 0)
					sb_adds(&vt, " \xe2\x86\x92 ");
				if (st == RES_OK) {
					get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN_CI_LOW, &r->lo[w]);
					get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN_CI_HIGH, &r->hi[w]);
					char num[FMT_MAX];
					sb_adds(&vt, fmt_num(num, r->mean[w], 1, c->lang));
					shown++;
				} else {
					enum res_reason why = why_of(c, var, cells[ci], wave_id(c, w), "",
								 st == RES_SUPPRESSED ? RS_MEAN : RS_N);
					fewer += why == RES_WHY_FEWER;
					comp += why == RES_WHY_COMPLEMENTARY;
					sb_adds(&vt, tx(c->lang, T_DASH));
				}
			}
			if (!shown) {
				sb_reset(&vt);
				kinds_text(c, &vt, fewer, comp);
				chart_set(&r->missing, vt.len ? vt.buf : tx(c->lang, T_NOT_AVAILABLE));
			} else {
				if (fewer || comp) {
					sb_adds(&vt, " (");
					kinds_text(c, &vt, fewer, comp);
					sb_addc(&vt, ')');
				}
				chart_set(&r->value_text, vt.buf);
			}
		}
	}
	sb_release(&vt);
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

/* The changes (effect: Hedges' g) of every scale and group: rows grouped by
 * group for changes, by scale for effect sizes. */
static void interval_chart(struct ctx *c, int effect, struct chart *ch)
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
	struct strbuf lb = STRBUF_INIT;
	sb_init(&lb);
	for (size_t o = 0; o < outer; o++) {
		for (size_t i = 0; i < inner; i++) {
			size_t s = effect ? o : i, g = effect ? i : o;
			const struct tds_answers *a = scale_answers(c, s);
			if (a && a->k > max_k)
				max_k = a->k;
			struct cell cells[2];
			size_t nc = 0;
			cells[nc++] = (struct cell){ (int)g, c->muni };
			if (c->muni >= 0)
				cells[nc++] = (struct cell){ (int)g, -1 };
			for (size_t ci = 0; ci < nc; ci++) {
				sb_reset(&lb);
				sb_adds(&lb, effect ? group_label(c, g) : scale_label(c, s));
				if (c->muni >= 0)
					sb_addf(&lb, " \xc2\xb7 %s", cell_place(c, cells[ci]));
				struct chart_row *r = chart_add_row(ch, effect ? scale_label(c, s) : group_label(c, g), lb.buf);
				r->emphasis = c->muni >= 0 && cells[ci].m >= 0;
				struct change chg;
				get_change(c, c->m->scales[s].id, cells[ci], c->last, &chg);
				if (chg.st == RES_SUPPRESSED) {
					chart_set(&r->missing, hidden_text(c, chg.why));
					continue;
				}
				if (chg.st != RES_OK) {
					chart_set(&r->missing, chg.note);
					continue;
				}
				r->est = effect ? chg.g : chg.diff;
				r->est_lo = effect ? chg.g_lo : chg.lo;
				r->est_hi = effect ? chg.g_hi : chg.hi;
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
	if (effect)
		symmetric_axis(ch, 0.5, 1.0, 3.0);
	else
		symmetric_axis(ch, 0.5, 1.0, max_k - 1);
}

/* --- Pages --------------------------------------------------------------- */

static const struct section *known_section(struct ctx *c, const char *title)
{
	for (size_t i = 0; i < c->doc.n_known; i++)
		if (!strcmp(c->doc.known[i].title, title))
			return &c->doc.known[i];
	return NULL;
}

static char *page_of(struct ctx *c, enum text_id sec)
{
	const struct section *s = known_section(c, tx(c->lang, sec));
	return xasprintf("%d", s ? s->page : 0);
}

static void cover(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	doc_new_page(d);
	cairo_t *cr = d->cr;
	if (cr) {
		lay_rgb(cr, C_ACCENT);
		cairo_rectangle(cr, 0, 0, PAGE_W, 10);
		cairo_fill(cr);
	}
	d->y = 110;
	doc_para(d, TS_SMALL_BOLD, tx(lang, T_COVER_KICKER), 0, 8);
	double h = lay_height(&c->ty, TS_TITLE, c->m->study_name, CONTENT_W, 0);
	if (cr) {
		lay_rgb(cr, C_ACCENT);
		lay_box(cr, &c->ty, TS_TITLE, c->m->study_name, MARGIN_X, d->y, CONTENT_W, h, 0);
	}
	d->y += h + 10;
	char *scope = c->muni >= 0 ? tx_fillf(lang, T_COVER_SCOPE_MUNI, "place", c->m->municipalities[c->muni], NULL)
				   : xstrdup(tx(lang, T_COVER_SCOPE_PROJECT));
	doc_para(d, TS_SUBTITLE, scope, 0, 22);
	free(scope);

	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t m = 0; m < c->m->n_municipalities; m++) {
		if (m)
			sb_adds(&sb, m + 1 == c->m->n_municipalities ? tx(lang, T_LIST_AND) : ", ");
		sb_adds(&sb, c->m->municipalities[m]);
	}
	if (c->m->n_municipalities) {
		doc_para(d, TS_SMALL_BOLD, tx(lang, T_COVER_MUNIS), 0, 1);
		doc_para(d, TS_BODY, sb.buf, 0, 12);
	}

	struct table t;
	table_init(&t, 3);
	table_col(&t, 0, tx(lang, T_COL_WAVE), 1.2, LAY_LEFT);
	table_col(&t, 1, tx(lang, T_COL_PERIOD), 2.0, LAY_LEFT);
	table_col(&t, 2, tx(lang, T_COL_ANSWERS), 1.0, LAY_RIGHT);
	struct cell scope_cell = { -1, c->muni };
	for (size_t w = 0; w < c->m->n_waves; w++) {
		table_row(&t, 0);
		table_set(&t, 0, wave_label(c, w));
		char buf[FMT_MAX];
		table_set(&t, 1, fmt_period(buf, c->m->waves[w].start, c->m->waves[w].end, lang));
		double n;
		enum res_reason why;
		int st = cell_count(c, scope_cell, w, &n, &why);
		if (st == RES_SUPPRESSED)
			table_set(&t, 2, hidden_text(c, why));
		else if (st != RES_OK)
			table_set(&t, 2, tx(lang, T_DASH));
		else
			table_set(&t, 2, fmt_count(buf, n, lang));
	}
	doc_para(d, TS_SMALL_BOLD, tx(lang, T_COVER_WAVES), 0, 2);
	doc_table(d, &t);
	table_release(&t);

	if (c->m->data_date && *c->m->data_date) {
		char buf[FMT_MAX];
		char *s = tx_fillf(lang, T_COVER_DATA_DATE, "date", fmt_date(buf, c->m->data_date, lang), NULL);
		doc_para(d, TS_SMALL, s, 0, 14);
		free(s);
	}

	char *kp = page_of(c, T_SEC_KEY), *mp = page_of(c, T_SEC_METHOD);
	char *about = c->m->n_waves > 1
		? tx_fillf(lang, T_COVER_ABOUT, "base", wave_label(c, c->base), "later", wave_label(c, c->last),
			   "keypage", kp, "methodpage", mp, NULL)
		: tx_fillf(lang, T_COVER_ABOUT_ONE_WAVE, "base", wave_label(c, c->base), "methodpage", mp, NULL);
	doc_para(d, TS_BODY, about, 0, 16);
	free(about);
	free(kp);
	free(mp);

	/* Contents, from the dry run; each line links to its page. */
	doc_para(d, TS_H2, tx(lang, T_COVER_CONTENTS), 0, 4);
	for (size_t i = 0; i < c->doc.n_known; i++) {
		const struct section *s = &c->doc.known[i];
		if (s->level > 0)
			continue;
		double lh = lay_height(&c->ty, TS_BODY, s->title, CONTENT_W - 60, 0);
		doc_ensure(d, lh + 3);
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

/* How a sentence names scale s after a possessive: the label itself when
 * it is one word ("Pårørendes tillid"), else "vurdering af »at blive
 * hørt«", which reads right whatever the label is. */
static char *scale_subject(struct ctx *c, size_t s)
{
	char *low = tx_lower_first(scale_label(c, s));
	if (!strchr(low, ' '))
		return low;
	char *r = tx_fillf(c->lang, T_S_RATING_OF, "label", low, NULL);
	free(low);
	return r;
}

/* The scale as a quoted topic: »At blive hørt«. */
static char *scale_topic(struct ctx *c, size_t s)
{
	return tx_fillf(c->lang, T_QUOTED, "label", scale_label(c, s), NULL);
}

/* The key sentence of scale s for cell k, into sb. */
static void key_sentence(struct ctx *c, struct strbuf *sb, size_t s, struct cell k)
{
	enum lang lang = c->lang;
	const struct tds_answers *a = scale_answers(c, s);
	char *scale = scale_subject(c, s);
	char *topic = scale_topic(c, s);
	char *where = k.m >= 0 && c->muni >= 0 ? tx_fillf(lang, T_IN_PLACE, "place", c->m->municipalities[k.m], NULL)
						: xstrdup("");
	const char *glabel = group_label(c, (size_t)k.g);
	struct change ch;
	get_change(c, c->m->scales[s].id, k, c->last, &ch);
	if (ch.st == RES_SUPPRESSED && ch.why == RES_WHY_FEWER) {
		tx_fill(sb, lang, T_S_SUPPRESSED, "group", glabel, "topic", topic, "where", where, "few", c->few, NULL);
	} else if (ch.st == RES_SUPPRESSED) {
		tx_fill(sb, lang, T_S_HIDDEN, "group", glabel, "topic", topic, "where", where, "hidden",
			hidden_text(c, ch.why), "min", c->min_s, NULL);
	} else if (ch.st != RES_OK) {
		tx_fill(sb, lang, T_S_NOT_AVAILABLE, "group", glabel, "topic", topic, "where", where, "note", ch.note, NULL);
	} else {
		char *who = tx_genitive(glabel, lang);
		char a1[FMT_MAX], b1[FMT_MAX], kk[16];
		fmt_num(a1, ch.base, 1, lang);
		fmt_num(b1, ch.later, 1, lang);
		snprintf(kk, sizeof(kk), "%d", a ? a->k : 5);
		enum text_id verb = !strcmp(a1, b1) ? T_S_SAME : ch.diff > 0 ? T_S_ROSE : T_S_FELL;
		tx_fill(sb, lang, verb, "who", who, "scale", scale, "where", where, "a", a1, "b", b1, "k", kk, NULL);
		if (ch.sure && verb != T_S_SAME) {
			sb_adds(sb, tx(lang, ch.diff > 0 ? T_S_SURE_UP : T_S_SURE_DOWN));
			if (isfinite(ch.g))
				tx_fill(sb, lang, T_S_EFFECT, "size", tx(lang, size_word(ch.g)), NULL);
		} else {
			sb_adds(sb, tx(lang, T_S_UNSURE));
		}
		sb_addc(sb, '.');
		char n1[FMT_MAX], n2[FMT_MAX];
		if (ch.paired && isfinite(ch.n_pairs))
			tx_fill(sb, lang, T_S_PAIRED, "n", fmt_count(n1, ch.n_pairs, lang), NULL);
		else if (ch.paired)
			sb_adds(sb, tx(lang, T_S_PAIRED_NO_N));
		else if (isfinite(ch.n_base) && isfinite(ch.n_later))
			tx_fill(sb, lang, T_S_INDEP, "n1", fmt_count(n1, ch.n_base, lang), "n2",
				fmt_count(n2, ch.n_later, lang), NULL);
		else
			sb_adds(sb, tx(lang, T_S_INDEP_NO_N));
		free(who);
	}
	if (c->muni >= 0 && k.m >= 0) {
		struct change pc;
		get_change(c, c->m->scales[s].id, (struct cell){ k.g, -1 }, c->last, &pc);
		if (pc.st == RES_OK) {
			char a1[FMT_MAX], b1[FMT_MAX];
			tx_fill(sb, lang, T_S_PROJECT, "a", fmt_num(a1, pc.base, 1, lang), "b",
				fmt_num(b1, pc.later, 1, lang), NULL);
		}
	}
	free(scale);
	free(topic);
	free(where);
}

/* A level sentence for a study with one wave only. */
static void level_sentence(struct ctx *c, struct strbuf *sb, size_t s, struct cell k)
{
	const struct tds_answers *a = scale_answers(c, s);
	char *topic = scale_topic(c, s);
	char *where = k.m >= 0 && c->muni >= 0 ? tx_fillf(c->lang, T_IN_PLACE, "place", c->m->municipalities[k.m], NULL)
						: xstrdup("");
	const char *glabel = group_label(c, (size_t)k.g);
	double mean;
	int st = get(c, c->m->scales[s].id, k, wave_id(c, 0), "", RS_MEAN, &mean);
	if (st == RES_OK) {
		char a1[FMT_MAX], kk[16];
		snprintf(kk, sizeof(kk), "%d", a ? a->k : 5);
		tx_fill(sb, c->lang, T_S_LEVEL, "group", glabel, "topic", topic, "where", where, "a",
			fmt_num(a1, mean, 1, c->lang), "k", kk, "wave", wave_label(c, 0), NULL);
	} else if (st == RES_SUPPRESSED && why_of(c, c->m->scales[s].id, k, wave_id(c, 0), "", RS_MEAN) == RES_WHY_FEWER) {
		tx_fill(sb, c->lang, T_S_SUPPRESSED, "group", glabel, "topic", topic, "where", where, "few", c->few, NULL);
	} else if (st == RES_SUPPRESSED) {
		tx_fill(sb, c->lang, T_S_HIDDEN, "group", glabel, "topic", topic, "where", where, "hidden",
			hidden_text(c, RES_WHY_COMPLEMENTARY), "min", c->min_s, NULL);
	} else {
		tx_fill(sb, c->lang, T_S_NOT_AVAILABLE, "group", glabel, "topic", topic, "where", where, "note",
			tx(c->lang, T_NOT_AVAILABLE), NULL);
	}
	free(topic);
	free(where);
}

static void key_findings(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	doc_section(d, tx(lang, T_SEC_KEY), 0, 1);
	c->hidden_used = 0;
	char *intro;
	if (c->m->n_waves < 2)
		intro = NULL;
	else if (c->muni >= 0)
		intro = tx_fillf(lang, T_KEY_INTRO_MUNI, "base", wave_label(c, c->base), "later",
				 wave_label(c, c->last), "place", c->m->municipalities[c->muni], NULL);
	else
		intro = tx_fillf(lang, T_KEY_INTRO, "base", wave_label(c, c->base), "later", wave_label(c, c->last), NULL);
	if (intro)
		doc_para(d, TS_BODY, intro, 0, 10);
	free(intro);

	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		doc_heading(d, TS_H3, group_label(c, g), 30);
		for (size_t s = 0; s < c->m->n_scales; s++) {
			sb_reset(&sb);
			struct cell k = { (int)g, c->muni };
			if (c->m->n_waves < 2)
				level_sentence(c, &sb, s, k);
			else
				key_sentence(c, &sb, s, k);
			doc_bullet(d, TS_BODY, sb.buf, 0);
		}
		doc_space(d, 4);
	}

	if (c->m->n_waves >= 2 && c->m->n_scales > 0) {
		struct chart ch;
		interval_chart(c, 0, &ch);
		char *title = tx_fillf(lang, T_OVERVIEW_TITLE, "base", wave_label(c, c->base), "later",
				       wave_label(c, c->last), NULL);
		place_chart(c, &ch, title, NULL, "changes-overview");
		free(title);
		chart_release(&ch);
	}

	/* Where the numbers are too few, and where numbers are hidden to
	 * protect those: one list each. */
	doc_heading(d, TS_H2, tx(lang, T_FEW_HEAD), 50);
	struct strbuf places[2] = { STRBUF_INIT, STRBUF_INIT };
	struct strlist lines[2] = { STRLIST_INIT, STRLIST_INIT };
	for (int i = 0; i < 2; i++)
		sb_init(&places[i]);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		for (size_t w = 0; w < c->m->n_waves; w++) {
			for (int i = 0; i < 2; i++)
				sb_reset(&places[i]);
			/* the places of group g in wave w that are suppressed, by kind
			 * (0: below the minimum, 1: hidden); a group below the
			 * minimum in the whole project is so in every municipality */
			struct cell cells[64];
			size_t nc = 0;
			if (c->muni >= 0)
				cells[nc++] = (struct cell){ (int)g, c->muni };
			else
				nc = group_cells(c, (int)g, cells, ARRAY_SIZE(cells), 1);
			for (size_t ci = 0; ci < nc; ci++) {
				double n;
				enum res_reason why;
				if (cell_count(c, cells[ci], w, &n, &why) != RES_SUPPRESSED)
					continue;
				struct strbuf *pl = &places[why == RES_WHY_FEWER ? 0 : 1];
				if (pl->len)
					sb_adds(pl, ", ");
				sb_adds(pl, cell_place(c, cells[ci]));
				if (ci == 0 && why == RES_WHY_FEWER)
					break;
			}
			for (int i = 0; i < 2; i++)
				if (places[i].len)
					sl_push_owned(&lines[i], tx_fillf(lang, T_FEW_LINE, "group", group_label(c, g), "wave",
									  wave_label(c, w), "places", places[i].buf, NULL));
		}
	}
	if (lines[0].n) {
		char *intro = tx_fillf(lang, T_FEW_INTRO, "min", c->min_s, NULL);
		doc_para(d, TS_BODY, intro, 0, 4);
		free(intro);
		for (size_t i = 0; i < lines[0].n; i++)
			doc_bullet(d, TS_BODY, lines[0].v[i], 0);
	} else {
		char *none = tx_fillf(lang, T_FEW_NONE, "min", c->min_s, NULL);
		doc_para(d, TS_BODY, none, 0, 6);
		free(none);
	}
	size_t lines_hidden = lines[1].n;
	if (lines_hidden) {
		char *intro = tx_fillf(lang, T_FEW_HIDDEN_INTRO, "min", c->min_s, "hidden", tx(lang, T_HIDDEN), NULL);
		doc_space(d, 4);
		doc_para(d, TS_BODY, intro, 0, 4);
		free(intro);
		for (size_t i = 0; i < lines[1].n; i++)
			doc_bullet(d, TS_BODY, lines[1].v[i], 0);
	}
	for (int i = 0; i < 2; i++) {
		sb_release(&places[i]);
		sl_release(&lines[i]);
	}
	/* "skjult" in a sentence or the chart above, when the list does not
	 * explain it */
	if (lines_hidden)
		c->hidden_used = 0;
	hidden_note(c);

	/* Groups where the change rests on all answers for want of pairs. */
	struct strbuf groups = STRBUF_INIT;
	sb_init(&groups);
	if (c->m->n_waves >= 2) {
		size_t cnt = 0;
		for (size_t g = 0; g < c->m->n_groups; g++) {
			int fell_back = 0;
			for (size_t s = 0; s < c->m->n_scales; s++) {
				struct change ch;
				get_change(c, c->m->scales[s].id, (struct cell){ (int)g, c->muni }, c->last, &ch);
				if (ch.st == RES_OK && !ch.paired)
					fell_back = 1;
			}
			if (fell_back) {
				if (cnt++)
					sb_adds(&groups, ", ");
				sb_adds(&groups, group_label(c, g));
			}
		}
		if (cnt) {
			int need = c->min > c->min_pairs ? c->min : c->min_pairs;
			char np[16];
			snprintf(np, sizeof(np), "%d", need);
			sb_reset(&sb);
			tx_fill(&sb, lang, T_FEW_PAIRS, "pairs", np, "list", groups.buf, NULL);
			doc_para(d, TS_BODY, sb.buf, 0, 6);
		}
	}
	sb_release(&groups);
	sb_release(&sb);
}

static void mean_table(struct ctx *c, const char *var, struct table *t)
{
	enum lang lang = c->lang;
	table_init(t, 7);
	table_col(t, 0, tx(lang, T_COL_GROUP), 1.1, LAY_LEFT);
	table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	table_col(t, 2, tx(lang, T_COL_WAVE), 1.1, LAY_LEFT);
	table_col(t, 3, tx(lang, T_COL_N), 0.9, LAY_RIGHT);
	table_col(t, 4, tx(lang, T_COL_MEAN), 1.05, LAY_RIGHT);
	table_col(t, 5, tx(lang, T_COL_CI), 1.15, LAY_RIGHT);
	table_col(t, 6, tx(lang, T_COL_POSITIVE), 0.9, LAY_RIGHT);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[64];
		size_t nc = group_cells(c, (int)g, cells, ARRAY_SIZE(cells), 1);
		for (size_t ci = 0; ci < nc; ci++) {
			for (size_t w = 0; w < c->m->n_waves; w++) {
				unsigned fl = (ci == 0 && w == 0 && g > 0) ? TROW_RULE : 0;
				if ((c->muni >= 0) == (cells[ci].m >= 0))
					fl |= TROW_SHADE;
				table_row(t, fl);
				if (ci == 0 && w == 0)
					table_set(t, 0, group_label(c, g));
				if (w == 0)
					table_set(t, 1, cell_place(c, cells[ci]));
				table_set(t, 2, wave_label(c, w));
				double n, mean, lo, hi, top2;
				int st = get(c, var, cells[ci], wave_id(c, w), "", RS_N, &n);
				char buf[FMT_MAX];
				if (st == RES_SUPPRESSED) {
					table_set(t, 3, hidden_text(c, why_of(c, var, cells[ci], wave_id(c, w), "", RS_N)));
					continue;
				}
				if (st != RES_OK) {
					table_set(t, 3, tx(lang, T_DASH));
					continue;
				}
				table_set(t, 3, fmt_count(buf, n, lang));
				if (get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN, &mean) == RES_OK)
					table_set(t, 4, fmt_num(buf, mean, 2, lang));
				if (get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN_CI_LOW, &lo) == RES_OK &&
				    get(c, var, cells[ci], wave_id(c, w), "", RS_MEAN_CI_HIGH, &hi) == RES_OK)
					table_set(t, 5, fmt_interval(buf, lo, hi, 2, 0, lang));
				if (get(c, var, cells[ci], wave_id(c, w), "", RS_TOP2, &top2) == RES_OK)
					table_set(t, 6, fmt_pct(buf, top2, 0, lang));
			}
		}
	}
}

static void change_table(struct ctx *c, const char *var, int with_munis, struct table *t)
{
	enum lang lang = c->lang;
	table_init(t, 7);
	table_col(t, 0, tx(lang, T_COL_GROUP), 1.2, LAY_LEFT);
	table_col(t, 1, tx(lang, T_COL_PLACE), 1.3, LAY_LEFT);
	table_col(t, 2, tx(lang, T_COL_CHANGE), 0.8, LAY_RIGHT);
	table_col(t, 3, tx(lang, T_COL_CI), 1.2, LAY_RIGHT);
	table_col(t, 4, tx(lang, T_COL_BASIS), 1.0, LAY_LEFT);
	table_col(t, 5, tx(lang, T_COL_P), 0.9, LAY_RIGHT);
	table_col(t, 6, tx(lang, T_COL_SURE), 0.9, LAY_CENTER);
	for (size_t g = 0; g < c->m->n_groups; g++) {
		struct cell cells[64];
		size_t nc = group_cells(c, (int)g, cells, ARRAY_SIZE(cells), with_munis);
		for (size_t ci = 0; ci < nc; ci++) {
			unsigned fl = (ci == 0 && g > 0) ? TROW_RULE : 0;
			if ((c->muni >= 0) == (cells[ci].m >= 0))
				fl |= TROW_SHADE;
			table_row(t, fl);
			if (ci == 0)
				table_set(t, 0, group_label(c, g));
			table_set(t, 1, cell_place(c, cells[ci]));
			struct change ch;
			get_change(c, var, cells[ci], c->last, &ch);
			if (ch.st == RES_SUPPRESSED) {
				table_set(t, 2, hidden_text(c, ch.why));
				continue;
			}
			if (ch.st != RES_OK) {
				table_set(t, 2, ch.note);
				continue;
			}
			char buf[FMT_MAX];
			table_set(t, 2, fmt_signed(buf, ch.diff, 2, lang));
			table_set(t, 3, fmt_interval(buf, ch.lo, ch.hi, 2, 1, lang));
			if (ch.paired && isfinite(ch.n_pairs)) {
				char *s = tx_fillf(lang, T_BASIS_PAIRED, "n", fmt_count(buf, ch.n_pairs, lang), NULL);
				table_set(t, 4, s);
				free(s);
			} else {
				table_set(t, 4, tx(lang, ch.paired ? T_BASIS_PAIRED_NO_N : T_BASIS_INDEP));
			}
			table_set(t, 5, fmt_p(buf, ch.p, lang));
			table_set(t, 6, tx(lang, ch.sure ? T_YES : T_NO));
		}
	}
}

static void scale_section(struct ctx *c, size_t s)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	const char *var = c->m->scales[s].id;
	const struct tds_answers *a = scale_answers(c, s);
	doc_section(d, scale_label(c, s), 0, 1);
	c->hidden_used = 0;
	if (!a) {
		doc_para(d, TS_BODY, tx(lang, T_NOT_AVAILABLE), 0, 6);
		return;
	}
	size_t n_items = 0;
	for (size_t i = 0; i < c->m->n_items; i++)
		if (c->m->items[i].scale == (int)s)
			n_items++;
	char ni[16], kk[16];
	snprintf(ni, sizeof(ni), "%zu", n_items);
	snprintf(kk, sizeof(kk), "%d", a->k);
	char *intro = tx_fillf(lang, T_SCALE_INTRO, "scale", scale_label(c, s), "n", ni, "k", kk, "lo",
			       point_label(c, a, 1), "hi", point_label(c, a, a->k), NULL);
	doc_para(d, TS_BODY, intro, 0, 4);
	free(intro);
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t i = 0; i < c->m->n_items; i++) {
		if (c->m->items[i].scale != (int)s)
			continue;
		sb_reset(&sb);
		sb_adds(&sb, item_text(c, i));
		if (c->m->items[i].reverse)
			sb_addf(&sb, " %s", tx(lang, T_REVERSED));
		doc_bullet(d, TS_SMALL, sb.buf, 0);
	}
	doc_space(d, 8);

	struct chart ch;
	enum res_stat dist;
	if (distribution(c, var, &dist)) {
		diverging_chart(c, var, a, 1, dist, &ch);
		char *note = diverging_note(c, &ch, dist == RS_PCT_BIN);
		char *name = xasprintf("%s-diverging-group", var);
		place_chart(c, &ch, tx(lang, T_DIVERGING_TITLE), note, name);
		free(name);
		free(note);
		chart_release(&ch);
	}
	dumbbell_chart(c, var, a, &ch);
	char *name = xasprintf("%s-dumbbell-%s", var, c->muni >= 0 ? "group" : "municipality");
	place_chart(c, &ch, tx(lang, T_DUMBBELL_TITLE), tx(lang, T_DUMBBELL_NOTE), name);
	free(name);
	chart_release(&ch);

	doc_heading(d, TS_H3, tx(lang, T_TABLE_TITLE), 60);
	struct table t;
	mean_table(c, var, &t);
	doc_table(d, &t);
	table_release(&t);
	if (c->m->n_waves >= 2) {
		char *title = tx_fillf(lang, T_CHANGE_TITLE, "base", wave_label(c, c->base), "later",
				       wave_label(c, c->last), NULL);
		doc_heading(d, TS_H3, title, 60);
		free(title);
		change_table(c, var, 1, &t);
		doc_table(d, &t);
		table_release(&t);
	}
	hidden_note(c);
	sb_release(&sb);
}

static void item_block(struct ctx *c, size_t i)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	const struct tds_answers *a = item_answers(c, i);
	const char *var = c->m->items[i].id;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, item_text(c, i));
	if (c->m->items[i].reverse)
		sb_addf(&sb, " %s", tx(lang, T_REVERSED));
	double th = lay_height(&c->ty, TS_H3, sb.buf, CONTENT_W, 0);
	struct chart ch;
	enum res_stat stat;
	int dist = a && distribution(c, var, &stat);
	if (dist)
		diverging_chart(c, var, a, 0, stat, &ch);
	double chh = dist ? chart_height(&c->ty, &ch, CONTENT_W) : 0;
	/* Keep the question with its chart. */
	doc_ensure(d, th + 4 + chh + 10);
	doc_para(d, TS_H3, sb.buf, 0, 4);
	if (dist) {
		char *name = xasprintf("%s-diverging-group", var);
		place_chart(c, &ch, NULL, NULL, name);
		free(name);
		chart_release(&ch);
	}
	if (c->m->n_waves >= 2) {
		struct table t;
		change_table(c, var, 0, &t);
		doc_table(d, &t);
		table_release(&t);
	}
	doc_space(d, 6);
	sb_release(&sb);
}

/* Does the items section show a question's number as "skjult"?  True when
 * the results hide one complementarily for a group or a group in a
 * municipality the report shows. */
static int items_hidden(struct ctx *c)
{
	const char *muni = c->muni >= 0 ? c->m->municipalities[c->muni] : NULL;
	size_t lm = muni ? strlen(muni) : 0;
	for (size_t i = 0; i < c->res->n_rows; i++) {
		const struct rf_row *r = &c->res->rows[i];
		if (r->why != RES_WHY_COMPLEMENTARY || strcmp(r->variable_type, "item"))
			continue;
		if (!strcmp(r->breakdown, "group"))
			return 1;
		if (!strcmp(r->breakdown, "municipality_group") &&
		    (!muni || (!strncmp(r->breakdown_value, muni, lm) && r->breakdown_value[lm] == '|')))
			return 1;
	}
	return 0;
}

static void items_section(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	if (!c->m->n_items)
		return;
	doc_section(d, tx(lang, T_SEC_ITEMS), 0, 1);
	c->hidden_used = 0;
	struct strbuf intro = STRBUF_INIT;
	sb_init(&intro);
	sb_adds(&intro, tx(lang, T_ITEMS_INTRO));
	if (items_hidden(c)) {
		sb_addc(&intro, ' ');
		tx_fill(&intro, lang, T_HIDDEN_NOTE, "hidden", tx(lang, T_HIDDEN), "min", c->min_s, NULL);
	}
	doc_para(d, TS_BODY, intro.buf, 0, 8);
	sb_release(&intro);
	for (size_t s = 0; s <= c->m->n_scales; s++) {
		int scale = s < c->m->n_scales ? (int)s : -1;
		int any = 0;
		for (size_t i = 0; i < c->m->n_items; i++)
			if (c->m->items[i].scale == scale)
				any = 1;
		if (!any)
			continue;
		doc_section(d, scale >= 0 ? scale_label(c, s) : tx(lang, T_ITEMS_OUTSIDE), 1, 0);
		for (size_t i = 0; i < c->m->n_items; i++)
			if (c->m->items[i].scale == scale)
				item_block(c, i);
	}
	c->hidden_used = 0; /* the introduction explains "skjult" */
}

static void effect_section(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	if (c->m->n_waves < 2 || !c->m->n_scales)
		return;
	doc_section(d, tx(lang, T_SEC_EFFECT), 0, 1);
	c->hidden_used = 0;
	doc_para(d, TS_BODY, tx(lang, T_EFFECT_INTRO), 0, 10);
	struct chart ch;
	interval_chart(c, 1, &ch);
	char *title = tx_fillf(lang, T_EFFECT_TITLE, "base", wave_label(c, c->base), "later", wave_label(c, c->last), NULL);
	place_chart(c, &ch, title, NULL, "effect-sizes");
	free(title);
	chart_release(&ch);
	hidden_note(c);
}

static uint64_t invited_for(struct ctx *c, size_t w, struct cell k)
{
	uint16_t g = k.g < 0 ? TDS_NONE : (uint16_t)k.g;
	uint16_t m = k.m < 0 ? TDS_NONE : (uint16_t)k.m;
	for (size_t i = 0; i < c->m->n_invited; i++) {
		const struct tds_invited *iv = &c->m->invited[i];
		if (iv->wave == w && iv->group == g && iv->municipality == m)
			return iv->n;
	}
	return 0;
}

static void count_cell(struct ctx *c, struct table *t, size_t col, struct cell k, size_t w)
{
	double n;
	enum res_reason why;
	char buf[FMT_MAX], pct[FMT_MAX];
	int st = cell_count(c, k, w, &n, &why);
	if (st == RES_SUPPRESSED) {
		table_set(t, col, hidden_text(c, why));
	} else if (st != RES_OK) {
		table_set(t, col, tx(c->lang, T_DASH));
	} else {
		uint64_t inv = invited_for(c, w, k);
		if (inv > 0)
			table_setf(t, col, "%s (%s)", fmt_count(buf, n, c->lang), fmt_pct(pct, n / (double)inv, 0, c->lang));
		else
			table_set(t, col, fmt_count(buf, n, c->lang));
	}
}

static void response_section(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	doc_section(d, tx(lang, T_SEC_RESPONSE), 0, 1);
	doc_para(d, TS_BODY, tx(lang, T_RESPONSE_INTRO), 0, 3);
	if (c->m->n_invited)
		doc_para(d, TS_BODY, tx(lang, T_RESPONSE_INVITED), 0, 3);
	doc_space(d, 6);
	c->hidden_used = 0;
	size_t ng = c->m->n_groups;
	for (size_t w = 0; w < c->m->n_waves; w++) {
		doc_heading(d, TS_H3, wave_label(c, w), 60);
		struct table t;
		table_init(&t, ng + 2);
		table_col(&t, 0, tx(lang, T_COL_PLACE), 1.4, LAY_LEFT);
		for (size_t g = 0; g < ng; g++)
			table_col(&t, g + 1, group_label(c, g), 1.0, LAY_RIGHT);
		table_col(&t, ng + 1, tx(lang, T_ALL_GROUPS), 1.0, LAY_RIGHT);
		if (c->muni >= 0) {
			table_row(&t, TROW_SHADE);
			table_set(&t, 0, c->m->municipalities[c->muni]);
			for (size_t g = 0; g < ng; g++)
				count_cell(c, &t, g + 1, (struct cell){ (int)g, c->muni }, w);
			count_cell(c, &t, ng + 1, (struct cell){ -1, c->muni }, w);
		} else {
			for (size_t m = 0; m < c->m->n_municipalities; m++) {
				table_row(&t, 0);
				table_set(&t, 0, c->m->municipalities[m]);
				for (size_t g = 0; g < ng; g++)
					count_cell(c, &t, g + 1, (struct cell){ (int)g, (int)m }, w);
				count_cell(c, &t, ng + 1, (struct cell){ -1, (int)m }, w);
			}
		}
		table_row(&t, TROW_BOLD | TROW_RULE);
		table_set(&t, 0, tx(lang, c->muni >= 0 ? T_WHOLE_PROJECT : T_ALL_MUNICIPALITIES));
		for (size_t g = 0; g < ng; g++)
			count_cell(c, &t, g + 1, (struct cell){ (int)g, -1 }, w);
		count_cell(c, &t, ng + 1, (struct cell){ -1, -1 }, w);
		doc_table(d, &t);
		table_release(&t);
	}
	hidden_note(c);
}

static void method_section(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	doc_section(d, tx(lang, T_SEC_METHOD), 0, 1);
	char pairs[16], seed[32];
	int need = c->min > c->min_pairs ? c->min : c->min_pairs;
	snprintf(pairs, sizeof(pairs), "%d", need);
	double sv;
	if (study_number(c->res, RS_BOOTSTRAP_SEED, &sv) == RES_OK)
		snprintf(seed, sizeof(seed), "%.0f", sv);
	else
		snprintf(seed, sizeof(seed), "%s", tx(lang, T_DASH));

	static const enum text_id order[][2] = {
		{ T_M_SCALE_H, T_M_SCALE }, { T_M_MEAN_H, T_M_MEAN }, { T_M_CI_H, T_M_CI },
		{ T_M_SURE_H, T_M_SURE }, { T_M_EFFECT_H, T_M_EFFECT }, { T_M_TESTS_H, T_M_TESTS },
		{ T_M_MIN_H, T_M_MIN }, { T_M_WAVES_H, T_M_WAVES },
	};
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		if (order[i][1] == T_M_WAVES && c->m->n_waves < 2)
			continue;
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		tx_fill(&sb, lang, order[i][1], "min", c->min_s, "pairs", pairs, "seed", seed, "base",
			wave_label(c, c->base), "later", wave_label(c, c->last), NULL);
		if (order[i][1] == T_M_SURE && c->used_holm)
			sb_adds(&sb, tx(lang, T_M_HOLM));
		double hh = lay_height(&c->ty, TS_H3, tx(lang, order[i][0]), CONTENT_W, 0);
		doc_ensure(d, hh + 40);
		doc_para(d, TS_H3, tx(lang, order[i][0]), 0, 2);
		doc_para(d, TS_BODY, sb.buf, 0, 9);
		sb_release(&sb);
	}
}

/* A path with break opportunities after each '/', for narrow columns. */
static char *breakable(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const char *s = path; *s; s++) {
		sb_addc(&sb, *s);
		if (*s == '/' || *s == '_' || *s == '-' || *s == '.')
			sb_adds(&sb, "\xe2\x80\x8b"); /* ZERO WIDTH SPACE */
	}
	return sb_detach(&sb);
}

static void data_section(struct ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	doc_section(d, tx(lang, T_SEC_DATA), 0, 1);
	doc_para(d, TS_BODY, tx(lang, T_DATA_INTRO), 0, 8);

	struct table t;
	table_init(&t, 2);
	table_col(&t, 0, "", 1.0, LAY_LEFT);
	table_col(&t, 1, "", 3.0, LAY_LEFT);
	table_col_style(&t, 1, TS_SMALL);
	char buf[FMT_MAX];
	char *p;
#define KV(label, value)                   \
	do {                               \
		table_row(&t, 0);          \
		table_set(&t, 0, (label)); \
		table_set(&t, 1, (value)); \
	} while (0)
	p = breakable(c->m->study_file ? c->m->study_file : "");
	KV(tx(lang, T_DATA_STUDY), p);
	free(p);
	table_row(&t, 0);
	table_set(&t, 0, "SHA-256");
	table_set(&t, 1, c->m->study_sha256 ? c->m->study_sha256 : "");
	p = breakable(c->o->results_path ? c->o->results_path : c->res->path);
	KV(tx(lang, T_DATA_RESULTS), p);
	free(p);
	KV("SHA-256", c->res->sha256);
	if (c->m->data_date && *c->m->data_date)
		KV(tx(lang, T_DATA_DATE), fmt_date(buf, c->m->data_date, lang));
	char *ver = c->m->tillid_version && *c->m->tillid_version && strcmp(c->m->tillid_version, TILLID_VERSION)
			    ? xasprintf("%s (data: %s)", TILLID_VERSION, c->m->tillid_version)
			    : xstrdup(TILLID_VERSION);
	KV(tx(lang, T_DATA_VERSION), ver);
	free(ver);
	double v;
	if (study_number(c->res, RS_BOOTSTRAP_SEED, &v) == RES_OK) {
		snprintf(buf, sizeof(buf), "%.0f", v);
		KV(tx(lang, T_DATA_SEED), buf);
	}
	if (study_number(c->res, RS_BOOTSTRAP_RESAMPLES, &v) == RES_OK)
		KV(tx(lang, T_DATA_RESAMPLES), fmt_count(buf, v, lang));
	p = tx_fillf(lang, T_DATA_MIN_VALUE, "min", c->min_s, NULL);
	KV(tx(lang, T_DATA_MIN), p);
	free(p);
	KV(tx(lang, T_DATA_RUN_DATE), c->o->run_date ? fmt_date(buf, c->o->run_date, lang) : tx(lang, T_DATA_RUN_DATE_NONE));
#undef KV
	/* The digest rows in a fixed-width font. */
	for (size_t r = 0; r < t.n_rows; r++)
		if (!strcmp(t.cells[r * 2], "SHA-256")) {
			char *mono = xasprintf("<span font_family=\"%s\" size=\"%d\">%s</span>", LAY_FAMILY_MONO,
					       (int)(6.3 * PANGO_SCALE), t.cells[r * 2 + 1]);
			free(t.cells[r * 2 + 1]);
			t.cells[r * 2 + 1] = mono;
		}
	/* No header line for a key-value list. */
	for (size_t r = 0; r < t.n_rows; r++)
		t.row_flags[r] |= r % 2 ? 0 : TROW_SHADE;
	for (size_t r = 0; r < t.n_rows; r++) {
		double rh = table_row_height(&c->ty, &t, r, CONTENT_W);
		doc_ensure(d, rh);
		if (d->cr)
			table_draw_row(d->cr, &c->ty, &t, r, MARGIN_X, d->y, CONTENT_W);
		d->y += rh;
	}
	table_release(&t);
	doc_space(d, 12);

	if (c->m->n_sources) {
		doc_heading(d, TS_H3, tx(lang, T_DATA_FILES), 40);
		table_init(&t, 4);
		table_col(&t, 0, tx(lang, T_COL_FILE), 0.9, LAY_LEFT);
		table_col(&t, 1, tx(lang, T_COL_ROLE), 0.7, LAY_LEFT);
		table_col(&t, 2, tx(lang, T_COL_ROWS), 0.4, LAY_RIGHT);
		table_col(&t, 3, tx(lang, T_COL_SHA), 2.3, LAY_LEFT);
		table_col_style(&t, 3, TS_MONO);
		for (size_t i = 0; i < c->m->n_sources; i++) {
			const struct tds_source *s = &c->m->sources[i];
			table_row(&t, i % 2 ? 0 : TROW_SHADE);
			p = breakable(s->path);
			table_set(&t, 0, p);
			free(p);
			const char *wl = s->wave < c->m->n_waves ? wave_label(c, s->wave) : "";
			table_setf(&t, 1, "%s, %s", wl, s->role);
			table_set(&t, 2, fmt_count(buf, (double)s->rows_kept, lang));
			table_set(&t, 3, s->sha256);
		}
		doc_table(d, &t);
		table_release(&t);
	}
}

/* --- The whole document ---------------------------------------------------- */

static void build(struct ctx *c)
{
	cover(c);
	key_findings(c);
	for (size_t s = 0; s < c->m->n_scales; s++)
		scale_section(c, s);
	items_section(c);
	effect_section(c);
	response_section(c);
	method_section(c);
	data_section(c);
	doc_end_page(&c->doc);
}

static void doc_reset(struct doc *d)
{
	for (size_t i = 0; i < d->n_sections; i++)
		free(d->sections[i].title);
	d->n_sections = 0;
	free(d->header_right);
	d->header_right = NULL;
	d->page = 0;
	d->in_page = 0;
	d->y = 0;
	d->outline_parent = CAIRO_PDF_OUTLINE_ROOT;
}

static cairo_status_t write_af(void *closure, const unsigned char *data, unsigned int len)
{
	FILE *fp = closure;
	return fwrite(data, 1, len, fp) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void remove_tree(const char *dir)
{
	DIR *dp = opendir(dir);
	if (dp) {
		struct dirent *e;
		while ((e = readdir(dp))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *p = path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(dir);
}

/* Put the finished chart directory in place of the old one. */
static int swap_dir(const char *tmp, const char *dir, struct strbuf *err)
{
	char *old = xasprintf("%s.old-XXXXXX", dir);
	struct stat sb;
	int had = stat(dir, &sb) == 0;
	if (had) {
		if (!mkdtemp(old)) {
			sb_addf(err, "cannot create '%s': %s", old, strerror(errno));
			free(old);
			return TILLID_ESYS;
		}
		rmdir(old);
		if (rename(dir, old) != 0) {
			sb_addf(err, "cannot move '%s' aside: %s", dir, strerror(errno));
			free(old);
			return TILLID_ESYS;
		}
	}
	if (rename(tmp, dir) != 0) {
		sb_addf(err, "cannot rename '%s' to '%s': %s", tmp, dir, strerror(errno));
		if (had)
			rename(old, dir);
		free(old);
		return TILLID_ESYS;
	}
	if (had)
		remove_tree(old);
	free(old);
	return TILLID_OK;
}

void report_stats_init(struct report_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void report_stats_release(struct report_stats *st)
{
	sl_release(&st->overflow_texts);
	report_stats_init(st);
}

char *report_slug(const char *name)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{ "\xc3\xa6", "ae" }, { "\xc3\xb8", "oe" }, { "\xc3\xa5", "aa" },
		{ "\xc3\x86", "ae" }, { "\xc3\x98", "oe" }, { "\xc3\x85", "aa" },
		{ "\xc3\xa9", "e" }, { "\xc3\xbc", "u" }, { "\xc3\xb6", "o" }, { "\xc3\xa4", "a" },
	};
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const char *s = name; *s;) {
		size_t i;
		for (i = 0; i < ARRAY_SIZE(map); i++)
			if (str_starts_with(s, map[i].from))
				break;
		if (i < ARRAY_SIZE(map)) {
			sb_adds(&sb, map[i].to);
			s += strlen(map[i].from);
			continue;
		}
		unsigned char ch = (unsigned char)*s++;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			sb_addc(&sb, (char)ch);
		else if (ch >= 'A' && ch <= 'Z')
			sb_addc(&sb, (char)(ch - 'A' + 'a'));
		else if (sb.len && sb.buf[sb.len - 1] != '-')
			sb_addc(&sb, '-');
	}
	while (sb.len && sb.buf[sb.len - 1] == '-')
		sb.buf[--sb.len] = '\0';
	if (!sb.len)
		sb_adds(&sb, "x");
	return sb_detach(&sb);
}

int report_write(const struct resfile *res, const struct tds_meta *meta, const struct report_opts *o,
		 struct report_stats *st, struct strbuf *err)
{
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.res = res;
	c.m = meta;
	c.o = o;
	c.lang = o->lang;
	c.err = err;
	c.muni = -1;
	c.min_pairs = o->min_pairs > 0 ? o->min_pairs : TILLID_PAIRED_LEAD_MIN;
	if (!meta->n_waves) {
		sb_addf(err, "the dataset declares no waves; nothing to report");
		return TILLID_EDATA;
	}
	if (o->municipality) {
		long m = -1;
		for (size_t i = 0; i < meta->n_municipalities; i++)
			if (!strcmp(meta->municipalities[i], o->municipality))
				m = (long)i;
		if (m < 0) {
			sb_addf(err, "unknown municipality '%s'; the dataset knows %zu municipalities",
				o->municipality, meta->n_municipalities);
			return TILLID_EDATA;
		}
		c.muni = (int)m;
	}
	double lead_min;
	if (o->min_pairs <= 0 && study_number(res, RS_PAIRED_LEAD_MIN, &lead_min) == RES_OK &&
	    lead_min >= 1)
		c.min_pairs = (int)lead_min;
	c.base = 0;
	c.last = meta->n_waves - 1;
	/* the minimum the numbers were suppressed with (stats may have raised it) */
	double min;
	c.min = study_number(res, RS_MIN_GROUP_SIZE, &min) == RES_OK && min >= 0 ? (int)min
												      : meta->min_group_size;
	snprintf(c.min_s, sizeof(c.min_s), "%d", c.min);
	typo_init(&c.ty, o->lang);
	c.few = fewer_text(&c);
	c.doc.ty = &c.ty;
	c.doc.header_left = c.muni >= 0 ? xasprintf("%s \xc2\xb7 %s", meta->study_name, meta->municipalities[c.muni])
					: xstrdup(meta->study_name);

	/* The dry run: pages and sections. */
	doc_reset(&c.doc);
	build(&c);
	int pages = c.doc.page;
	struct section *known = xcalloc(c.doc.n_sections + 1, sizeof(*known));
	size_t n_known = c.doc.n_sections;
	for (size_t i = 0; i < n_known; i++) {
		known[i] = c.doc.sections[i];
		c.doc.sections[i].title = NULL;
	}
	doc_reset(&c.doc);
	c.doc.known = known;
	c.doc.n_known = n_known;
	c.doc.total_pages = pages;
	c.ty.overflow = 0;
	sl_release(&c.ty.overflow_texts);

	/* The real run. */
	int rc = TILLID_OK;
	struct atomic_file af = { 0 };
	struct writer wr;
	if ((rc = af_open(&af, o->pdf_path, err)) != TILLID_OK)
		goto out;
	if (o->charts_dir) {
		c.charts_tmp = xasprintf("%s.tmp-XXXXXX", o->charts_dir);
		if (!mkdtemp(c.charts_tmp)) {
			sb_addf(err, "cannot create '%s': %s", c.charts_tmp, strerror(errno));
			free(c.charts_tmp);
			c.charts_tmp = NULL;
			af_abort(&af);
			rc = TILLID_ESYS;
			goto out;
		}
		chmod(c.charts_tmp, 0755);
		if (writer_start(&wr, c.charts_tmp, o->pdf_date, o->lang) != 0) {
			sb_addf(err, "cannot start a thread to write the charts");
			remove_tree(c.charts_tmp);
			af_abort(&af);
			rc = TILLID_ESYS;
			goto out;
		}
		c.writer = &wr;
	}
	c.doc.surface = cairo_pdf_surface_create_for_stream(write_af, af.fp, PAGE_W, PAGE_H);
	const char *date = o->pdf_date ? o->pdf_date : TILLID_FIXED_DATETIME;
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	char *title = c.muni >= 0 ? xasprintf("%s \xe2\x80\x93 %s", meta->study_name, meta->municipalities[c.muni])
				  : xstrdup(meta->study_name);
	char *author = tx_fillf(o->lang, T_META_AUTHOR, "version", TILLID_VERSION, NULL);
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_AUTHOR, author);
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_SUBJECT, tx(o->lang, T_META_SUBJECT));
	cairo_pdf_surface_set_metadata(c.doc.surface, CAIRO_PDF_METADATA_CREATOR, author);
	free(title);
	free(author);
	c.doc.cr = cairo_create(c.doc.surface);
	build(&c);
	cairo_status_t cst = cairo_status(c.doc.cr);
	cairo_destroy(c.doc.cr);
	c.doc.cr = NULL;
	cairo_surface_finish(c.doc.surface);
	if (cst == CAIRO_STATUS_SUCCESS)
		cst = cairo_surface_status(c.doc.surface);
	cairo_surface_destroy(c.doc.surface);
	c.doc.surface = NULL;
	if (c.writer && writer_finish(c.writer, &c.ty, err) != TILLID_OK)
		c.failed = 1;
	c.writer = NULL;
	if (c.failed) {
		rc = TILLID_ESYS;
	} else if (cst != CAIRO_STATUS_SUCCESS) {
		sb_addf(err, "cannot write '%s': %s", o->pdf_path, cairo_status_to_string(cst));
		rc = TILLID_ESYS;
	} else if (c.doc.page != pages) {
		sb_addf(err, "bug: the dry run laid out %d pages, the real run %d", pages, c.doc.page);
		rc = TILLID_ESYS;
	}
	if (rc != TILLID_OK) {
		af_abort(&af);
		if (c.charts_tmp)
			remove_tree(c.charts_tmp);
		goto out;
	}
	if ((rc = af_commit(&af, err)) != TILLID_OK) {
		if (c.charts_tmp)
			remove_tree(c.charts_tmp);
		goto out;
	}
	if (c.charts_tmp)
		rc = swap_dir(c.charts_tmp, o->charts_dir, err);
	if (rc != TILLID_OK && c.charts_tmp)
		remove_tree(c.charts_tmp);
out:
	if (st) {
		st->pages = c.doc.page;
		st->charts = c.n_charts;
		st->overflow = c.ty.overflow;
		for (size_t i = 0; i < c.ty.overflow_texts.n; i++)
			sl_push(&st->overflow_texts, c.ty.overflow_texts.v[i]);
	}
	for (size_t i = 0; i < n_known; i++)
		free(known[i].title);
	free(known);
	doc_reset(&c.doc);
	free(c.doc.header_left);
	free(c.charts_tmp);
	free(c.few);
	typo_release(&c.ty);
	return rc;
}
