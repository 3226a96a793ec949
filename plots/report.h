/* report.h: the report stage: results.csv and the dataset's metadata in, an A4 PDF and chart files out. */
#ifndef TILLID_REPORT_H
#define TILLID_REPORT_H

#include "core/dataset.h"
#include "core/report_spec.h"
#include "resfile.h"
#include "text.h"
#include "core/util.h"

struct chart_pool;

struct report_opts {
	enum lang lang;
	const char *municipality; /* NULL: the whole project; else one of meta's municipalities */
	const char *pdf_path;     /* the PDF, written atomically */
	const char *charts_dir;   /* NULL: no chart files; else a directory replaced as a whole */
	const char *pdf_date;     /* ISO 8601 date for the PDF's dates; NULL: TILLID_FIXED_DATETIME */
	const char *run_date;     /* ISO date shown as the date of the run; NULL: not shown */
	const char *results_path; /* shown in the manifest */
	int min_pairs;            /* the pairs a change needs to lead with the paired result
				     (and at least the minimum group size); 0: results.csv's
				     paired_lead_min, else TILLID_PAIRED_LEAD_MIN */
	const struct report_spec *spec; /* the study file's [report] (cover, logo, breakdowns,
					   pages, items for the findings); NULL: the defaults */
	size_t threads;           /* threads writing the chart files; 0: the cores available
				     (the files are the same whatever the number) */
	struct chart_pool *chart_pool; /* started threads (in lang) that write the chart files,
					  kept for several reports; NULL: threads of the
					  report's own (threads) */
};

struct report_stats {
	int pages;
	size_t charts;     /* charts drawn */
	unsigned overflow; /* text boxes whose text did not fit: 0 in a good report */
	struct strlist overflow_texts;
	unsigned overlap;  /* chart labels that overlap another or leave their chart: 0 in a good report */
	struct strlist overlap_texts;
	double min_type_size; /* the smallest type size drawn on the pages, points */
	/* Pages less than half full that do not end a section (0 in a good
	 * report: docs/report.md), and the first of them (from 1; 0: none). */
	int half_empty;
	int first_half_empty;
	int orphan_headings; /* headings with nothing after them on their page: 0 */
	int split_tables;    /* tables split though they fit on a page, or begun with
				fewer than three rows at a page foot: 0 */
};

void report_stats_init(struct report_stats *st);
void report_stats_release(struct report_stats *st);

/* Write the report. The PDF replaces o->pdf_path only when everything
 * succeeded, and the chart directory likewise; a failed run leaves the last
 * good report in place. Returns TILLID_OK; TILLID_EDATA when the results
 * and the metadata do not fit together (e.g. an unknown municipality);
 * TILLID_ESYS when a file cannot be written. err says why. */
int report_write(const struct resfile *res, const struct tds_meta *meta, const struct report_opts *o,
		 struct report_stats *st, struct strbuf *err);

struct table_book;

/* Collect into book (tables_book.h) every table of the report o describes
 * (o's pdf_path and charts_dir are not used), cell for cell as the PDF
 * shows it: the same layout run, without drawing. Returns TILLID_OK or, as
 * report_write, TILLID_EDATA with a message. */
int report_tables(const struct resfile *res, const struct tds_meta *meta, const struct report_opts *o,
		  struct table_book *book, struct strbuf *err);

/* A file-name-safe form of a municipality name ("Vesthimmerland" ->
 * "vesthimmerland", "Ærø" -> "aeroe"); caller frees. */
char *report_slug(const char *name);
/* The file-name forms of every municipality of meta, in its order, into
 * slugs (initialised here; the caller releases it): report_slug of each
 * name, and where an earlier municipality already has that form, the form
 * with "-2", "-3", ... after it, the first not taken ("Høje-Taastrup" and
 * "Høje Taastrup": "hoeje-taastrup" and "hoeje-taastrup-2"), so that no
 * municipality's report replaces another's. */
void report_muni_slugs(const struct tds_meta *meta, struct strlist *slugs);

#endif
