/* chart_files.h: charts as files (PDF, SVG, PNG), one by one or queued to threads that write them while the report is laid out. */
#ifndef TILLID_CHART_FILES_H
#define TILLID_CHART_FILES_H

#include "charts.h"
#include "text.h"
#include "core/util.h"

#include <pthread.h>

/* Write the chart as DIR/NAME.pdf, DIR/NAME.svg and DIR/NAME.png (300 dpi)
 * with the same drawing code, the chart (w x h points) below a caption of
 * its title (c->title) and context (the study, place and answers; both may
 * be NULL); pdf_date (ISO 8601, may be NULL) becomes the PDF's creation
 * and modification date. The SVG keeps its texts as text elements and is
 * the same bytes on every run (svg_finish). Returns TILLID_OK or
 * TILLID_ESYS with a message. */
int chart_write_files(const struct chart *c, double w, double h, const char *dir, const char *name,
		      const char *context, const char *pdf_date, struct typo *ty, struct strbuf *err);

struct chart_job;
struct chart_writer;

/* Threads that write the PDF, SVG and PNG files of queued charts, each
 * with a typo and pixels of its own, kept for a run of reports so that
 * fonts, measured texts and canvases are set up once. They write one
 * report's charts (a chart_writer) at a time. */
struct chart_pool {
	pthread_t *threads;
	size_t n_threads;
	pthread_mutex_t mu;
	pthread_cond_t work, idle;   /* a job was queued or the pool closed; a report's jobs are done */
	struct chart_writer *batch;  /* the report whose charts are written, or NULL */
	int closed;
	enum lang lang;
};

/* The charts of one report, written by a pool's threads taking them in
 * queue order; the files are the same bytes whatever the number of
 * threads (every file is drawn from its chart alone). */
struct chart_writer {
	struct chart_pool *pool;
	int own_pool; /* started by chart_writer_start, finished with the writer */
	struct chart_job *head, *tail; /* every job pushed, in order (freed by finish) */
	struct chart_job *next;        /* the first job no thread has taken yet */
	size_t busy; /* jobs being written */
	int failed;  /* a job failed: the jobs not yet taken are skipped */
	const char *dir;  /* the caller's, kept until chart_writer_finish */
	const char *context; /* the caller's: the caption's second line (may be NULL) */
	const char *date;
};

/* The number of writing threads for `threads` asked for: threads itself,
 * or the cores available when it is 0. */
size_t chart_writer_threads(size_t threads);

/* Start chart_writer_threads(threads) threads writing charts in lang.
 * Returns 0 (also when only some threads could start), or
 * pthread_create's error when none could (pool then holds nothing: there
 * is nothing to finish). */
int chart_pool_start(struct chart_pool *pool, enum lang lang, size_t threads);

/* End the pool's threads and free what they held; no report may be
 * writing (a bug: abort). A pool that did not start is left as it is. */
void chart_pool_finish(struct chart_pool *pool);

/* Write a report's charts into dir with the started pool's threads, each
 * chart captioned with its title and context (may be NULL; kept, not
 * copied, until chart_writer_finish), the PDFs dated date (may be NULL).
 * One report at a time per pool, in the pool's lang (else a bug: abort). */
void chart_writer_start_in(struct chart_writer *wr, struct chart_pool *pool, const char *dir, const char *context,
			   const char *date, enum lang lang);

/* chart_writer_start_in with a pool of chart_writer_threads(threads)
 * threads of the writer's own, ended by chart_writer_finish. Returns 0
 * (also when only some threads could start), or pthread_create's error
 * when none could (wr then holds nothing: there is nothing to finish). */
int chart_writer_start(struct chart_writer *wr, const char *dir, const char *context, const char *date,
		       enum lang lang, size_t threads);

/* Queue a chart drawn at w x h points as files NAME.*; takes the chart
 * over (*ch is left empty). */
void chart_writer_push(struct chart_writer *wr, struct chart *ch, double w, double h, const char *name);

/* Wait until every queued chart's files are written (and end the
 * threads of the writer's own pool);
 * the texts that overflowed or overlapped in the chart files are added to
 * ty chart by chart in queue order. Returns TILLID_OK, or TILLID_ESYS
 * with the message of the first chart in queue order that failed
 * appended to err (the charts not started by then are not written). */
int chart_writer_finish(struct chart_writer *wr, struct typo *ty, struct strbuf *err);

#endif
