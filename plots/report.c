/* report.c: report_write: lay the pages out twice (measure, then draw), then publish the PDF and the chart directory only when all succeeded. */
#include "report_internal.h"
#include "chart_files.h"
#include "pdf_finish.h"
#include "core/defaults.h"
#include "core/temps.h"
#include "core/version.h"

#include <cairo-pdf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void build(struct report_ctx *c)
{
	rp_cover(c);
	if (rp_page_shown(c, REPORT_PAGE_OVERVIEW))
		rp_overview_section(c);
	rp_key_findings(c);
	for (size_t s = 0; s < c->m->n_scales; s++)
		rp_scale_section(c, s);
	if (rp_page_shown(c, REPORT_PAGE_ITEMS))
		rp_items_section(c);
	if (rp_page_shown(c, REPORT_PAGE_EFFECTS))
		rp_effect_section(c);
	if (rp_page_shown(c, REPORT_PAGE_RESPONSE))
		rp_response_section(c);
	if (rp_page_shown(c, REPORT_PAGE_METHOD))
		rp_method_section(c);
	rp_data_section(c);
	rp_doc_end_page(&c->doc);
}

static cairo_status_t write_mem(void *closure, const unsigned char *data, unsigned int len)
{
	sb_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void report_stats_init(struct report_stats *st)
{
	memset(st, 0, sizeof(*st));
}

void report_stats_release(struct report_stats *st)
{
	sl_release(&st->overflow_texts);
	sl_release(&st->overlap_texts);
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

void report_muni_slugs(const struct tds_meta *meta, struct strlist *slugs)
{
	struct strlist base = STRLIST_INIT;
	*slugs = (struct strlist)STRLIST_INIT;
	for (size_t m = 0; m < meta->n_municipalities; m++)
		sl_push_owned(&base, report_slug(meta->municipalities[m]));
	for (size_t m = 0; m < meta->n_municipalities; m++) {
		char *s = xstrdup(base.v[m]);
		/* a numbered form may not be another municipality's own form either */
		for (int k = 2; sl_find(slugs, s) >= 0 || (k > 2 && sl_find(&base, s) >= 0); k++) {
			free(s);
			s = xasprintf("%s-%d", base.v[m], k);
		}
		sl_push_owned(slugs, s);
	}
	sl_release(&base);
}

/* The context of one report: which municipality, how many pairs a change
 * needs and the minimum group size. TILLID_EDATA when the dataset and the
 * options do not fit together. */
static int ctx_setup(struct report_ctx *c, const struct resfile *res, const struct tds_meta *meta,
		     const struct report_opts *o, struct strbuf *err)
{
	memset(c, 0, sizeof(*c));
	c->res = res;
	c->m = meta;
	c->o = o;
	c->lang = o->lang;
	c->muni = -1;
	c->min_pairs = o->min_pairs > 0 ? o->min_pairs : TILLID_PAIRED_LEAD_MIN;
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
		c->muni = (int)m;
	}
	double lead_min;
	if (o->min_pairs <= 0 && rp_study_number(res, RS_PAIRED_LEAD_MIN, &lead_min) == RES_OK &&
	    lead_min >= 1)
		c->min_pairs = (int)lead_min;
	c->base = 0;
	c->last = meta->n_waves - 1;
	/* the minimum the numbers were suppressed with (stats may have raised it) */
	double min;
	c->min = rp_study_number(res, RS_MIN_GROUP_SIZE, &min) == RES_OK && min >= 0 ? (int)min
										     : meta->min_group_size;
	snprintf(c->min_s, sizeof(c->min_s), "%d", c->min);
	unsigned bd = o->spec ? o->spec->breakdowns : REPORT_BD_DEFAULT;
	c->show_groups = (bd & REPORT_BD_GROUP) && meta->n_groups > 1;
	c->show_munis = (bd & REPORT_BD_MUNICIPALITY) && meta->n_municipalities > 0;
	c->show_units = (bd & REPORT_BD_UNIT) && meta->n_units > 0;
	typo_init(&c->ty, o->lang);
	c->doc.ty = &c->ty;
	c->doc.header_left = c->muni >= 0 ? xasprintf("%s \xc2\xb7 %s", meta->study_name,
						      meta->municipalities[c->muni])
					  : xstrdup(meta->study_name);
	return TILLID_OK;
}

static void ctx_release(struct report_ctx *c)
{
	for (size_t i = 0; i < c->doc.n_known; i++)
		free(c->doc.known[i].title);
	free(c->doc.known);
	rp_doc_reset(&c->doc);
	free(c->doc.header_left);
	free(c->charts_tmp);
	free(c->chart_context);
	if (c->logo)
		cairo_surface_destroy(c->logo);
	typo_release(&c->ty);
}

/* The dry run: learn the pages and where the sections start (for the
 * contents and "page n of m"). Returns the number of pages. */
static int dry_run(struct report_ctx *c)
{
	rp_doc_reset(&c->doc);
	build(c);
	int pages = c->doc.page;
	size_t n = c->doc.n_sections;
	struct section *known = xcalloc(n + 1, sizeof(*known));
	for (size_t i = 0; i < n; i++) {
		known[i] = c->doc.sections[i];
		c->doc.sections[i].title = NULL;
	}
	rp_doc_reset(&c->doc);
	c->doc.known = known;
	c->doc.n_known = n;
	c->doc.total_pages = pages;
	c->ty.overflow = 0;
	sl_release(&c->ty.overflow_texts);
	c->ty.overlap = 0;
	sl_release(&c->ty.overlap_texts);
	return pages;
}

/* The second line of a chart file's caption: the study, the place and its
 * answers per wave ("skjult" where the report does not show the count). Caller frees. */
static char *chart_context(struct report_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, c->m->study_name);
	struct cell k = CELL(-1, c->muni);
	/* a study without places names none */
	if (rp_has_places(c))
		sb_addf(&sb, " \xc2\xb7 %s", rp_place_name(c, k));
	sb_addf(&sb, " \xc2\xb7 %s:", tx(c->lang, T_COL_ANSWERS));
	for (size_t w = 0; w < c->m->n_waves; w++) {
		double n;
		enum res_reason why;
		char num[FMT_MAX];
		int st = rp_cell_count(c, k, w, &n, &why);
		sb_addf(&sb, "%s %s %s", w ? "," : "", rp_wave_label(c, w),
			st == RES_OK ? fmt_count(num, n, c->lang) : rp_hidden_text(c));
	}
	return sb_detach(&sb);
}

/* Open the PDF (atomically) and, when charts are asked for, a temporary
 * chart directory with a thread writing into it. On failure nothing is
 * left behind. */
static int open_outputs(struct report_ctx *c, struct atomic_file *af, struct chart_writer *wr,
			struct strbuf *err)
{
	const struct report_opts *o = c->o;
	int rc = af_open(af, o->pdf_path, err);
	if (rc != TILLID_OK || !o->charts_dir)
		return rc;
	c->charts_tmp = temp_dir_beside(o->charts_dir, err);
	if (!c->charts_tmp) {
		af_abort(af);
		return TILLID_ESYS;
	}
	c->chart_context = chart_context(c);
	if (o->chart_pool)
		chart_writer_start_in(wr, o->chart_pool, c->charts_tmp, c->chart_context, o->pdf_date, o->lang);
	else if (chart_writer_start(wr, c->charts_tmp, c->chart_context, o->pdf_date, o->lang, o->threads) != 0) {
		sb_addf(err, "cannot start a thread to write the charts");
		remove_flat_dir(c->charts_tmp);
		af_abort(af);
		return TILLID_ESYS;
	}
	c->writer = wr;
	return TILLID_OK;
}

static void pdf_metadata(struct report_ctx *c, cairo_surface_t *surface)
{
	const struct tds_meta *meta = c->m;
	const char *date = c->o->pdf_date ? c->o->pdf_date : TILLID_FIXED_DATETIME;
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	char *title = c->muni >= 0 ? xasprintf("%s \xe2\x80\x93 %s", meta->study_name,
					       meta->municipalities[c->muni])
				   : xstrdup(meta->study_name);
	char *author = tx_fillf(c->lang, T_META_AUTHOR, "version", TILLID_VERSION, NULL);
	const char *org = c->o->spec ? c->o->spec->organisation : NULL;
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, org ? org : author);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, tx(c->lang, T_META_SUBJECT));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, author);
	free(title);
	free(author);
}

/* The real run: draw every page, tagged, into pdf. Returns cairo's status. */
static cairo_status_t draw_pdf(struct report_ctx *c, struct strbuf *pdf)
{
	c->doc.surface = cairo_pdf_surface_create_for_stream(write_mem, pdf, PAGE_W, PAGE_H);
	pdf_metadata(c, c->doc.surface);
	c->doc.cr = cairo_create(c->doc.surface);
	c->ty.tagging = 1;
	c->ty.heading_level = 0;
	sl_release(&c->ty.figure_alts);
	cairo_tag_begin(c->doc.cr, "Document", "");
	build(c);
	lay_list_close(c->doc.cr, &c->ty);
	if (c->ty.tag_depth != 0)
		abort(); /* a bug: a structure element left open */
	cairo_tag_end(c->doc.cr, "Document");
	c->ty.tagging = 0;
	cairo_status_t cst = cairo_status(c->doc.cr);
	cairo_destroy(c->doc.cr);
	c->doc.cr = NULL;
	cairo_surface_finish(c->doc.surface);
	if (cst == CAIRO_STATUS_SUCCESS)
		cst = cairo_surface_status(c->doc.surface);
	cairo_surface_destroy(c->doc.surface);
	c->doc.surface = NULL;
	return cst;
}

/* Draw the PDF, add what cairo cannot write (pdf_finish) and write it to fp. */
static int write_pdf(struct report_ctx *c, FILE *fp, struct strbuf *err)
{
	struct strbuf raw = STRBUF_INIT, done = STRBUF_INIT;
	sb_init(&raw);
	sb_init(&done);
	int rc = TILLID_OK;
	cairo_status_t cst = draw_pdf(c, &raw);
	if (cst != CAIRO_STATUS_SUCCESS) {
		sb_addf(err, "cannot write '%s': %s", c->o->pdf_path, cairo_status_to_string(cst));
		rc = TILLID_ESYS;
	} else {
		struct pdf_finish_opts fo = { c->lang == LANG_EN ? "en" : "da", &c->ty.figure_alts, 1 };
		rc = pdf_finish((const unsigned char *)raw.buf, raw.len, &fo, &done, err);
		if (rc == TILLID_OK && fwrite(done.buf, 1, done.len, fp) != done.len) {
			sb_addf(err, "cannot write '%s': %s", c->o->pdf_path, strerror(errno));
			rc = TILLID_ESYS;
		}
	}
	sb_release(&raw);
	sb_release(&done);
	return rc;
}

/* Put the PDF and the chart directory in place when rc says all went
 * well; else (or when that fails) drop them, leaving the last good report. */
static int publish(struct report_ctx *c, struct atomic_file *af, int rc, struct strbuf *err)
{
	if (rc != TILLID_OK) {
		af_abort(af);
		if (c->charts_tmp)
			remove_flat_dir(c->charts_tmp);
		return rc;
	}
	/* the PDF and its charts come from one run: a signal waits for both */
	temps_defer_begin();
	if ((rc = af_commit(af, err)) == TILLID_OK && c->charts_tmp)
		rc = dir_replace(c->charts_tmp, c->o->charts_dir, err);
	if (rc != TILLID_OK && c->charts_tmp)
		remove_flat_dir(c->charts_tmp);
	temps_defer_end();
	return rc;
}

/* The real run and publishing into the outputs open_outputs opened;
 * pages is what the dry run laid out. */
static int real_run(struct report_ctx *c, struct atomic_file *af, int pages, struct strbuf *err)
{
	int rc = TILLID_OK;
	struct strbuf pdf_err = STRBUF_INIT;
	sb_init(&pdf_err);
	int pdf_rc = write_pdf(c, af->fp, &pdf_err);
	int charts_failed = c->writer && chart_writer_finish(c->writer, &c->ty, err) != TILLID_OK;
	c->writer = NULL;
	if (charts_failed) {
		rc = TILLID_ESYS;
	} else if (pdf_rc != TILLID_OK) {
		sb_add(err, pdf_err.buf, pdf_err.len);
		rc = pdf_rc;
	} else if (c->doc.page != pages) {
		sb_addf(err, "bug: the dry run laid out %d pages, the real run %d", pages, c->doc.page);
		rc = TILLID_ESYS;
	}
	sb_release(&pdf_err);
	return publish(c, af, rc, err);
}

/* Read the cover's logo, a PNG file, before anything is written: a
 * missing file is TILLID_ESYS, one that is no PNG TILLID_EDATA. */
static int load_logo(struct report_ctx *c, const char *path, struct strbuf *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		sb_addf(err, "cannot read the logo '%s' ([report] logo): %s; give logo = the path of a PNG "
			     "file, relative to the study file",
			path, strerror(errno));
		return TILLID_ESYS;
	}
	fclose(fp);
	cairo_surface_t *img = cairo_image_surface_create_from_png(path);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_width(img) <= 0 ||
	    cairo_image_surface_get_height(img) <= 0) {
		/* cairo 1.16 reports a file that is no PNG as out of memory:
		 * its status would mislead */
		sb_addf(err, "the logo '%s' ([report] logo) is not a PNG image; save it as PNG (not JPEG or "
			     "SVG) and give its path",
			path);
		cairo_surface_destroy(img);
		return TILLID_EDATA;
	}
	c->logo = img;
	return TILLID_OK;
}

int report_tables(const struct resfile *res, const struct tds_meta *meta, const struct report_opts *o,
		  struct table_book *book, struct strbuf *err)
{
	struct report_ctx c;
	int rc = ctx_setup(&c, res, meta, o, err);
	if (rc != TILLID_OK)
		return rc;
	/* one measuring run lays out every table the PDF holds */
	rp_doc_reset(&c.doc);
	c.doc.book = book;
	build(&c);
	c.doc.book = NULL;
	ctx_release(&c);
	return TILLID_OK;
}

int report_write(const struct resfile *res, const struct tds_meta *meta, const struct report_opts *o,
		 struct report_stats *st, struct strbuf *err)
{
	struct report_ctx c;
	int rc = ctx_setup(&c, res, meta, o, err);
	if (rc != TILLID_OK)
		return rc;
	if (o->spec && o->spec->logo && (rc = load_logo(&c, o->spec->logo, err)) != TILLID_OK) {
		ctx_release(&c);
		return rc;
	}
	/* The chart writers start before the dry run, which queues the
	 * charts to them: their files are written while both runs lay out
	 * the pages. */
	struct atomic_file af = { 0 };
	struct chart_writer wr;
	if ((rc = open_outputs(&c, &af, &wr, err)) == TILLID_OK) {
		int pages = dry_run(&c);
		rc = real_run(&c, &af, pages, err);
	}
	if (st) {
		st->pages = c.doc.page;
		st->charts = c.n_charts;
		st->overflow = c.ty.overflow;
		st->min_type_size = c.ty.min_size;
		st->overlap = c.ty.overlap;
		st->orphan_headings = c.doc.orphans;
		st->split_tables = c.doc.split_tables;
		for (size_t i = 0; i < c.ty.overlap_texts.n; i++)
			sl_push(&st->overlap_texts, c.ty.overlap_texts.v[i]);
		for (size_t p = 0; p < c.doc.n_fill; p++)
			if (!c.doc.fill[p].section_end && c.doc.fill[p].used < 0.5) {
				st->half_empty++;
				if (!st->first_half_empty)
					st->first_half_empty = (int)p + 1;
			}
		for (size_t i = 0; i < c.ty.overflow_texts.n; i++)
			if (sl_find(&st->overflow_texts, c.ty.overflow_texts.v[i]) < 0)
				sl_push(&st->overflow_texts, c.ty.overflow_texts.v[i]);
	}
	ctx_release(&c);
	return rc;
}
