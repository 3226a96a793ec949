/* ingest_report.h: what ingest found, kept and rejected, written as text (ingest.txt) and JSON (ingest.json). */
#ifndef TILLID_INGEST_REPORT_H
#define TILLID_INGEST_REPORT_H

#include "core/dataset.h"
#include "core/progress.h"
#include "key_index.h"
#include "study.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>

/* Problems that no skip rule allows (malformed CSV, a free-text column
 * declared as an item, broken labels.csv, ...) have this kind. */
#define INGEST_ERROR PROBLEM_KIND_COUNT
#define INGEST_N_KINDS (PROBLEM_KIND_COUNT + 1)

/* "unknown_answer", ..., and "error" for INGEST_ERROR. */
const char *ingest_kind_name(int kind);
/* Append "kind N, kind N" for the non-zero counts (INGEST_N_KINDS of them). */
void ingest_kinds_line(struct strbuf *sb, const uint64_t *counts);

/* The order problems are listed in: root causes first (a file that cannot
 * be parsed or decoded explains the problems that follow from it). */
extern const int ingest_kind_order[INGEST_N_KINDS];

/* One problem in the data, located as precisely as the file allows. */
struct ingest_problem {
	int kind;       /* enum problem_kind or INGEST_ERROR */
	size_t file;    /* index into report.files */
	uint64_t line;  /* physical line where the record starts; 0 = none */
	size_t column;  /* 1-based field number; 0 = none */
	uint64_t count; /* problems the entry stands for: 1, or the places of one
			   unknown answer (the message gives the first three) */
	char *message;  /* "'efter.csv':5:3: unknown_answer 'Helt  enig' for item ..." */
};

/* One input file of one wave. */
struct ingest_file {
	size_t wave;
	char *role;        /* "dataset", "labels", "structure", "csv" */
	char *path;        /* as opened (relative to the current directory) */
	char *study_path;  /* as written in the study file */
	char sha256[65];
	uint64_t bytes;
	char *encoding;    /* text_encoding_name */
	char *encoding_how; /* why: "byte order mark", "valid utf-8", "forced", ... */
	char *delimiter;   /* text_delimiter_name */
	int delimiter_forced;
	int bom;
	char *line_ending;
	uint64_t rows_read;     /* records after the header */
	uint64_t rows_kept;
	uint64_t rows_rejected;
	uint64_t rejected_by[INGEST_N_KINDS]; /* rows dropped, by problem kind */
	uint64_t values_dropped[INGEST_N_KINDS]; /* values set to TDS_REJECTED, by kind */
	uint64_t problems[INGEST_N_KINDS];       /* every problem found, by kind */
	uint64_t problems_listed[INGEST_N_KINDS]; /* of those, kept in report.problems */
};

/* A column that looks like personal data. */
struct ingest_warning {
	size_t file;
	size_t column;      /* 1-based */
	char *header;
	unsigned kinds;     /* enum pii_kind bits */
	int by_header;
	int by_content;
	char *fate;         /* "not read", "pairing key: only its pseudonym is kept", ... */
};

/* Kept respondents of one wave. */
struct ingest_wave {
	uint64_t rows;
	uint64_t *by_group;   /* [n_groups] */
	uint64_t with_key;    /* rows carrying a pairing key */
	uint64_t paired;      /* of those, keys also in the first wave (for the first
				 wave: keys also in a later wave) */
};

struct ingest_report {
	char *study_name;
	char *study_file;
	char *study_sha256;
	char *output_dir;
	char *key_file;     /* NULL when the study has no pairing key */
	int key_created;
	int status;         /* TILLID_OK or TILLID_EDATA (outputs are written only on OK) */
	int skipped[INGEST_N_KINDS]; /* 1: the study skips the kind ([checks] skip), so its
					problems are dropped and counted; never INGEST_ERROR */
	int whole_group; /* 1: an unknown_group value differs from a [group] value or a listed
			    municipality only in case or spacing: skipping would drop all of it */

	struct ingest_file *files;
	size_t n_files, alloc_files;
	struct ingest_warning *warnings;
	size_t n_warnings, alloc_warnings;
	struct ingest_problem *problems;
	size_t n_problems, alloc_problems;
	struct strlist notes; /* other things the analyst should know, one line each */
	struct strlist changes; /* what changed since the last good run, one line
				   each (ingest_changes.c) */
	struct strlist pairing; /* why the pairing looks implausible, one line each
				   (ingest_pairing.c) */

	struct progress *progress; /* where reading shows rows read on a terminal
				      (not owned); NULL: nowhere. Never written to a report */

	struct key_index *first_keys; /* the first wave's pairing keys as ingest_read
					 indexed them (owned), for ingest_report_summarise,
					 which releases it; NULL: it indexes them anew */

	struct ingest_wave *waves; /* [n_waves], filled by ingest_report_summarise */
	size_t n_waves;
	size_t n_groups;
};

/* Problems kept per kind and file for the listing; beyond it they are
 * only counted (protects memory on a file where every value is wrong). */
#define INGEST_PROBLEMS_KEPT 100000

void ingest_report_init(struct ingest_report *r);
void ingest_report_release(struct ingest_report *r);

/* Note in r->skipped which kinds of problem s skips. */
void ingest_report_set_skips(struct ingest_report *r, const struct study *s);

/* Append a file entry (zeroed, strings owned by the report) and return it;
 * the pointer is valid until the next ingest_report_add_file. */
struct ingest_file *ingest_report_add_file(struct ingest_report *r, size_t wave,
					   const char *role, const char *path,
					   const char *study_path);

/* Record a problem in file f; message is copied. Counts it, and keeps it
 * for the listing unless INGEST_PROBLEMS_KEPT of its kind are kept. */
void ingest_report_problem(struct ingest_report *r, size_t file, int kind, uint64_t line,
			   size_t column, const char *message);
/* When file already keeps INGEST_PROBLEMS_KEPT problems of kind, count one
 * more and return 1: it will not be listed, so it needs no message.
 * Otherwise count nothing and return 0: the problem is to be recorded with
 * ingest_report_problem. */
int ingest_report_count_unlisted(struct ingest_report *r, size_t file, int kind);
/* Record count problems of kind in file that one message stands for (its
 * first place at line and column): counts them all and keeps one entry
 * unless INGEST_PROBLEMS_KEPT are kept or message is NULL (only counted). */
void ingest_report_problems(struct ingest_report *r, size_t file, int kind, uint64_t line,
			    size_t column, const char *message, uint64_t count);

void ingest_report_warning(struct ingest_report *r, size_t file, size_t column,
			   const char *header, unsigned kinds, int by_header, int by_content,
			   const char *fate);

/* Problems of kind found in all files (listed or not). */
uint64_t ingest_report_total(const struct ingest_report *r, int kind);

/* Append the problems of kind in file (a report index) kept for the
 * listing to out, one a line as prefix, message and newline, in the order
 * found and at most max lines (0: all kept); returns how many problems the
 * lines stand for (the sum of their counts). */
uint64_t ingest_report_list(const struct ingest_report *r, size_t file, int kind, size_t max,
			    const char *prefix, struct strbuf *out);

/* Append "'PATH': column N 'HEADER' looks like ... (by header); FATE" for
 * warning w of r to out. */
void ingest_report_describe_warning(const struct ingest_report *r, const struct ingest_warning *w,
				    struct strbuf *out);

/* Fill r->waves from the clean dataset (rows per wave and group, keys,
 * pairs), with r->first_keys when ingest_read left it (and released). */
void ingest_report_summarise(struct ingest_report *r, const struct tds *d);

/* The human-readable report (ingest.txt) and the machine-readable one
 * (ingest.json). d supplies wave, group and item names. Write errors are
 * left for the caller to find with ferror. */
void ingest_report_write_text(const struct ingest_report *r, const struct tds *d, FILE *fp);
void ingest_report_write_json(const struct ingest_report *r, const struct tds *d, FILE *fp);

/* Append s to out as a JSON string literal (quotes included), escaping
 * quotes, backslashes and control characters; invalid UTF-8 bytes become
 * U+FFFD so the output is always valid JSON. */
void ingest_json_string(struct strbuf *out, const char *s);

#endif
