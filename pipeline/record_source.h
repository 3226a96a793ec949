/* record_source.h: where the rows of an export come from: a CSV file (core/csvread) or a workbook's sheet (xlsx), Qualtrics' extra header rows taken out. */
#ifndef TILLID_RECORD_SOURCE_H
#define TILLID_RECORD_SOURCE_H

#include "qualtrics.h"
#include "xlsx.h"
#include "core/csvread.h"
#include "core/util.h"

/*
 * Ingest and tillid init read every export through source_read, which
 * calls a csv_record_fn for each record (the header first) whatever the
 * file is, so that what follows does not care where a row came from.
 * A record's line is the CSV file's physical line or the sheet's row;
 * source_where says where a line and column are, in the file's own terms.
 */

enum source_kind {
	SOURCE_AUTO, /* a workbook when the file starts like one, else CSV */
	SOURCE_CSV,  /* CSV; a workbook given as CSV is an error saying so */
	SOURCE_XLSX
};

struct source_options {
	enum source_kind kind;
	struct csv_options csv; /* CSV: encoding, delimiter, invalid bytes */
	const char *sheet;      /* workbook: the sheet to read, NULL for the first */
	const struct xlsx_limits *limits; /* workbook: NULL for XLSX_LIMITS_INIT */
};
#define SOURCE_OPTIONS_INIT { SOURCE_AUTO, CSV_OPTIONS_INIT, NULL, NULL }

/* What reading found out; the caller owns it (source_info_init before,
 * source_info_release after). */
struct source_info {
	enum source_kind kind;     /* SOURCE_CSV or SOURCE_XLSX once known */
	struct csv_info csv;       /* SOURCE_CSV */
	struct xlsx_info xlsx;     /* SOURCE_XLSX: the sheet read, ... */
	int qualtrics;             /* Qualtrics' header rows were found and taken out */
	struct strlist question;   /* Qualtrics: the question text of each column */
	struct strlist import_id;  /* Qualtrics: the import id of each column ("QID1") */
};
void source_info_init(struct source_info *info);
void source_info_release(struct source_info *info);

/* Read the export at path record by record into fn (see csvread.h for a
 * record; xlsx.h for a workbook's). name is used in messages (NULL: path).
 * Returns TILLID_OK; TILLID_ESYS when the file cannot be opened or read;
 * TILLID_EDATA for a file that is malformed, of the wrong kind (a workbook
 * read as CSV, an .xls or .ods) or damaged, with one message a line in
 * err starting with its position ("'efter.xlsx':Ark1!F23: ...",
 * "'foer.csv':12:7: ..."); or the callback's non-zero status. */
int source_read(const char *path, const char *name, const struct source_options *opt,
		csv_record_fn *fn, void *ctx, struct source_info *info, struct strbuf *err);

/* Append where line and column col (1-based; 0: none) of the file name
 * read into info are, followed by ':' and no space: "'foer.csv':12:7:",
 * "'foer.csv':12:", "'efter.xlsx':Ark1!F23:", "'efter.xlsx':Ark1!12:12:";
 * with line 0 "'name':". */
void source_where(const struct source_info *info, const char *name, uint64_t line, size_t col,
		  struct strbuf *out);

#endif
