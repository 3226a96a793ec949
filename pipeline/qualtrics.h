/* qualtrics.h: Qualtrics exports recognised by their header rows: question texts and import ids kept, never read as data. */
#ifndef TILLID_QUALTRICS_H
#define TILLID_QUALTRICS_H

#include "core/csvread.h"
#include "core/util.h"

/*
 * A Qualtrics export (CSV or workbook) has three header rows: the column
 * ids (QID1, Q2_1, StartDate, ...), the question texts, and the import ids
 * as JSON ({"ImportId":"QID1"}). The filter sits between a reader and its
 * callback: it passes the first record on, holds the second until it has
 * seen the third, and when the third is a row of import ids it keeps rows
 * two and three here (question and import_id, by column) and passes on
 * only the rows after them. Anything else passes through unchanged.
 */
struct qualtrics_filter {
	csv_record_fn *fn; /* the callback records are passed to */
	void *ctx;
	int found;                /* rows two and three were Qualtrics' */
	struct strlist question;  /* row two's texts, when found */
	struct strlist import_id; /* row three's ids ("QID1", "startDate"), when found */
	/* private */
	struct strlist held;
	size_t *held_len;
	struct csv_invalid *held_invalid;
	size_t held_n_invalid;
	uint64_t held_line, seen;
};
void qualtrics_filter_init(struct qualtrics_filter *q, csv_record_fn *fn, void *ctx);
void qualtrics_filter_release(struct qualtrics_filter *q);
/* The csv_record_fn to read with (ctx is the filter). */
int qualtrics_on_record(void *ctx, struct csv_record *rec, struct strbuf *err);
/* After the last record: pass on a record still held (a file of two
 * records). Returns the callback's status. */
int qualtrics_finish(struct qualtrics_filter *q, struct strbuf *err);

/* Is field an import id of Qualtrics ({"ImportId":"QID1"})? */
int qualtrics_is_import_id(const char *field);
/* The id inside an import id field, into out (reset first): "QID1". */
void qualtrics_import_id(const char *field, struct strbuf *out);
/* Is id (from qualtrics_import_id) one of Qualtrics' own columns (start
 * and end date, status, IP address, progress, duration, recipient, location,
 * channel, language), which hold no answer? */
int qualtrics_is_metadata(const char *id);
/* Is id a text entry ("QID5_TEXT")? */
int qualtrics_is_text_entry(const char *id);

#endif
