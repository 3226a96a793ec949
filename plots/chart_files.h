/* chart_files.h: charts as files (PDF, SVG, PNG), one by one or queued to a thread that writes them while the report is laid out. */
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

/* A thread that writes the PDF and PNG files of queued charts in order,
 * with a typo of its own (text measured there counts its own overflow);
 * chart_writer_finish then writes their SVG files on the calling thread. */
struct chart_writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct chart_job *head, *tail; /* waiting */
	struct chart_job *done, *done_tail; /* PDF and PNG written (the thread's) */
	int closed;
	const char *dir;  /* the caller's, kept until chart_writer_finish */
	const char *context; /* the caller's: the caption's second line (may be NULL) */
	const char *date;
	enum lang lang;
	int failed;
	struct strbuf err;
	unsigned overflow;
	struct strlist overflow_texts;
	unsigned overlap; /* labels that overlap or leave their chart (layout.h) */
	struct strlist overlap_texts;
};

/* Start the thread writing into dir, each chart captioned with its title
 * and context (may be NULL; kept, not copied, until chart_writer_finish),
 * the PDFs dated date (may be NULL). Returns 0, or pthread_create's error
 * (wr then holds nothing: there is nothing to finish). */
int chart_writer_start(struct chart_writer *wr, const char *dir, const char *context, const char *date,
		       enum lang lang);

/* Queue a chart drawn at w x h points as files NAME.*; takes the chart
 * over (*ch is left empty). */
void chart_writer_push(struct chart_writer *wr, struct chart *ch, double w, double h, const char *name);

/* Wait until every queued chart's PDF and PNG are written, end the
 * thread, then write the SVG files in queue order; overflow counts are
 * added to ty. Returns TILLID_OK, or TILLID_ESYS with
 * the first failure's message appended to err (the charts after it are
 * not written). */
int chart_writer_finish(struct chart_writer *wr, struct typo *ty, struct strbuf *err);

#endif
