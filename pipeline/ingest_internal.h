/* ingest_internal.h: what the files of the ingest stage share: the state of a run and of the wave being read. */
#ifndef TILLID_INGEST_INTERNAL_H
#define TILLID_INGEST_INTERNAL_H

#include "ingest.h"
#include "key_index.h"
#include "pii.h"
#include "record_source.h"
#include "surveyxact.h"
#include "core/csvread.h"
#include "core/digest.h"
#include "core/hashmap.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* Whether a wave's pairing keys count rows: whole numbers, each one more
 * than the key of the row before (ingest_pairing.c). */
struct key_watch {
	long last;
	uint64_t n;
	int broken; /* a key that does not continue the count */
};

/* One ingest_read: the study, the dataset being filled and the report.
 * When the waves are read on several threads (ingest_parallel.c), each
 * wave has a run of its own with its own dataset rows, report, answer
 * maps, municipalities and units, merged into the study's run in wave
 * order; the parts marked "shared" are then the study run's, read only
 * or written at the wave's own index. */
struct run {
	const struct study *s;
	int keyed;                   /* the study has a secret: pairing keys are pseudonymised */
	struct hmac_sha256 key_hmac; /* the secret's HMAC, when keyed */
	const uint8_t *secret;       /* the secret (not owned), for a wave's own HMAC */
	size_t secret_len;
	struct tds *d;
	struct ingest_report *r;
	int room_for_later;          /* 1: d also gets room for the waves after the one read */
	pthread_mutex_t *progress_lock; /* held while the progress line is drawn; NULL: one thread */
	struct answer_map *maps;     /* [s->n_answers] */
	struct hashmap group_values; /* value text -> group index */
	struct hashmap muni_listed;  /* [study] municipality, when given */
	struct hashmap munis;        /* names in the order found: entry i is municipality i,
					its value the line where a wave's run first found it */
	struct hashmap units;        /* municipality index (2 bytes) and name in the order
					found: entry i is unit i, its value the municipality */
	uint64_t *unit_line;         /* [units.n]: the line where unit i was first found */
	size_t alloc_unit_line;
	char **sx_text;              /* [n_items]: question text from structure.csv, or NULL */
	struct key_index first_keys; /* the first wave's pairing keys, kept from its reading
					for the pair count (ingest_report's first_keys) */
	char *too_large_fix;         /* ingest_too_large_fix's text (shared) */
	struct key_watch *key_watch; /* [s->n_waves] (shared) */
	uint8_t *unlabelled;         /* [s->n_waves * s->n_items] (shared): 1 when the item's SurveyXact
					variable had no labels in that wave and its codes were read
					through its [answers] ([checks] unlabelled = warn) */
};

/* ingest.c: free what a run owns itself, not what a wave's run shares
 * with the study's (group_values, muni_listed, too_large_fix, key_watch,
 * unlabelled, which the study's run frees after it). */
void ingest_run_release_own(struct run *run);

/* The fix for an export past [study] max_file_mb (names the setting and
 * its value); valid while run is. */
const char *ingest_too_large_fix(struct run *run);

/* Column roles in a wave. */
enum role { ROLE_NONE, ROLE_GROUP, ROLE_MUNI, ROLE_UNIT, ROLE_KEY, ROLE_ITEM };

/* One distinct unknown answer of an answer scale in a wave's data file, or
 * one distinct unknown value of the group or municipality column. */
struct unknown_answer {
	enum role role;      /* ROLE_ITEM for an answer; ROLE_GROUP or ROLE_MUNI for a value */
	size_t answers;      /* index of the [answers] section (ROLE_ITEM) */
	const char *text;    /* trimmed, owned by wave_read.unknown */
	long col;            /* column of its first place (for hiding personal data) */
	uint64_t n;          /* places found */
	uint64_t line[3];    /* the first three places */
	size_t column[3];
	size_t item[3];      /* the first three items it was found for */
	size_t n_items;
	int more_items;      /* found for more than those three */
};

/* The data file of one wave while it is read, record by record. */
struct wave_read {
	struct run *run;
	size_t w;
	size_t file;                  /* report index of the file being read */
	const char *path;             /* as opened */
	const struct source_info *src; /* what the reader found: positions are in its terms */
	const struct surveyxact *sx;  /* NULL for plain CSV */
	int header_seen;
	size_t n_header;
	struct strlist headers;
	struct hashmap header_col;    /* header name -> its first column (0-based) */
	enum role *role;              /* [n_header] */
	unsigned *pii_header;         /* [n_header] */
	struct pii_sampler *samplers; /* [n_header] */
	long col_group, col_muni, col_unit, col_key;
	long *col_item;               /* [n_items] */
	const struct sx_variable *var_group, *var_muni, *var_unit;
	const struct sx_variable **var_item; /* [n_items] */
	struct key_index keys;        /* pairing key -> line where the wave first had it */
	uint64_t rows_kept;
	uint64_t sample_bytes;        /* bytes of the first rows, for the size of the wave */
	struct hashmap unknown;       /* scale index, NUL, trimmed text -> its unk entry;
					 "g" or "m", NUL, value for the group or municipality */
	struct unknown_answer *unk;   /* unknown answers in the order first found */
	size_t n_unk, alloc_unk;
	struct strbuf msg;            /* scratch */
	struct strbuf val;            /* scratch */
	uint64_t unused_invalid;      /* invalid bytes in columns the study does not read */
	uint64_t unused_invalid_line; /* the first one's line */
	struct csv_invalid unused_invalid_first; /* and place */
};

/* The report's entry for the file being read. */
static inline struct ingest_file *ingest_file_of(struct wave_read *wr)
{
	return &wr->run->r->files[wr->file];
}

/* ingest_problem.c: record a problem of kind in the wave's data file at
 * line and column col (0: none); fmt continues "'PATH':LINE:COL: ". Past
 * what the report lists, the problem is only counted. */
void ingest_problem(struct wave_read *wr, int kind, uint64_t line, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Is a problem of kind in the wave's data file past what the report lists?
 * Then it is counted here and needs no message: where wording a problem
 * costs (ingest_shown), callers ask this first, so a file where every
 * value is wrong costs no wording. */
int ingest_problem_unlisted(struct wave_read *wr, int kind);
/* The value of column col (-1: none) quoted for a message, or why it is
 * hidden; valid until the next call for wr. */
const char *ingest_shown(struct wave_read *wr, long col, const char *value);
/* The same for a value of an item whose answer scale is a: a near-miss of
 * one of its labels is shown even when long (pii_may_show_value). */
const char *ingest_shown_answer(struct wave_read *wr, long col, const char *value, const struct study_answers *a);
/* Count a row dropped for a problem of kind. */
void ingest_reject_row(struct wave_read *wr, int kind);
/* Invalid bytes the reader replaced in rec (rec->invalid; the header
 * record after ingest_on_header): in a column the study reads, or one that
 * cannot be told, each a bad_encoding problem at its line and field,
 * naming the column; in a column the study does not read (dropped or not
 * declared), counted for a note. */
void ingest_invalid_bytes(struct wave_read *wr, const struct csv_record *rec);
/* After the wave's data file: invalid bytes the reader replaced and no
 * record named (too many at once) are one bad_encoding problem
 * (ingest_encoding_problem); those in columns the study does not read one
 * note; a file read as Windows-1252 because its header is not UTF-8 a
 * note saying so. */
void ingest_data_encoding(struct wave_read *wr, const struct csv_info *info);
/* Invalid bytes a reader replaced in file (a report index; SurveyXact's
 * labels and structure, or a data file's that no record named) are one
 * bad_encoding problem. */
void ingest_encoding_problem(struct run *run, size_t file, const struct csv_info *info);
/* One line of a reader's error text ("'PATH':LINE:COL: ...") is an
 * unskippable problem of file; so is each line of text. */
void ingest_reader_error(struct run *run, size_t file, const char *line);
void ingest_reader_errors(struct run *run, size_t file, const char *text);
/* Call fn with each non-empty line of text (without its newline; the
 * string is valid during the call only). */
void ingest_each_line(const char *text, void (*fn)(const char *line, void *ctx), void *ctx);

/* ingest_unknown.c: note text (a value or its labels.csv label) as an
 * unknown answer of item at line and column col; counted at once, worded
 * by ingest_unknown_flush after the file's last record as one problem per
 * scale and text, with its count, first three places and the study-file
 * line that declares it. ingest_unknown_release frees what was noted. */
void ingest_unknown_answer(struct wave_read *wr, size_t item, long col, const char *text,
			   uint64_t line);
/* Likewise a value of the group (role ROLE_GROUP) or municipality column
 * (ROLE_MUNI) that names no [group] or no listed municipality ("" for a
 * blank group): one unknown_group problem per column and value. */
void ingest_unknown_group(struct wave_read *wr, enum role role, long col, const char *text, uint64_t line);
void ingest_unknown_flush(struct wave_read *wr);
void ingest_unknown_release(struct wave_read *wr);

/* ingest_map.c: s without leading and trailing white space: *a, *n bytes. */
void ingest_trim_span(const char *s, const char **a, size_t *n);

/* ingest_columns.c: take the header record: the columns' roles, the item
 * columns and their SurveyXact variables. */
int ingest_on_header(struct wave_read *wr, struct csv_record *rec);
/* After the last record: a warning for each column that looks like
 * personal data, saying what becomes of it. */
void ingest_pii_warnings(struct wave_read *wr);

/* ingest_record.c: the csv_read_file callback (ctx is the wave_read): the
 * header first, then each record checked, mapped and added to the dataset. */
int ingest_on_record(void *ctx, struct csv_record *rec, struct strbuf *err);

/* ingest_wave.c: read wave w (its SurveyXact labels and structure first,
 * then the data) into run. TILLID_ESYS with a message when a file cannot
 * be read; problems in the data go to the report. */
int ingest_read_wave(struct run *run, size_t w, struct strbuf *err);

/* ingest_parallel.c: read the waves of run on up to threads threads, each wave into a run of its own, and merge
 * them into run in wave order: run, its dataset and its report end as
 * ingest_read_wave for every wave in turn leaves them, and the first
 * failing wave's message is the one in err. */
int ingest_read_waves_parallel(struct run *run, size_t threads, struct strbuf *err);

/* ingest_wave.c: after every wave is read, an error problem on the data
 * file of each wave whose export holds the same bytes (the same SHA-256) as
 * an earlier wave's: one export read twice, or copied over another, would
 * publish every change as none. Exports without rows are left to
 * empty_wave; SurveyXact labels and structure may be shared. */
void ingest_same_exports(struct run *run);

/* ingest_meta.c: the dataset's metadata from the study, before the rows
 * are read (they need the number of items). */
void ingest_fill_meta(struct run *run, const char *study_sha256);
/* After every wave: item texts from structure.csv, municipalities and
 * units in their final order (rows renumbered), invited numbers, sources,
 * and the answers read without labels. */
void ingest_finish_meta(struct run *run);

/* ingest_pairing.c: watch the pairing key (the raw field) of each kept
 * row of wave w; after the last wave, warn in r->pairing of a key that
 * counts rows or is named like a response id (ingest_key_warnings), and,
 * once r->waves is filled, of pairing that looks implausible: everyone
 * pairs, or no one does (ingest_pairing_warnings). */
void ingest_key_watch(struct run *run, size_t w, const char *key);
void ingest_key_warnings(struct run *run);
void ingest_pairing_warnings(struct ingest_report *r, const struct study *s);

/* ingest_changes.c: what changed since the last good run: the input files
 * of d (this run's metadata) against those of the clean.tds in dir (added,
 * removed, changed by SHA-256, rows read and kept before -> after), or that
 * there is none to compare with. ingest_changes_begin starts reading the
 * earlier clean.tds (its checksum and metadata; it only reads), when
 * threaded on a thread of its own, so it overlaps the reading of the waves
 * (else, or when no thread can start, there and then); ingest_changes_end waits for it, notes
 * the changes in r->changes (r NULL: a failed run, nothing noted) and
 * frees b. Every begin needs its end; dir must outlive them. */
enum { BEFORE_NONE, BEFORE_READ, BEFORE_BAD };
struct ingest_before {
	const char *dir;
	char *path;       /* dir/clean.tds */
	int state;        /* BEFORE_*: none there, read, cannot be read */
	struct tds tds;   /* its metadata when read */
	struct strbuf err; /* why it cannot be read */
	pthread_t tid;
	int threaded;
};
void ingest_changes_begin(struct ingest_before *b, const char *dir, int threaded);
void ingest_changes_end(struct ingest_before *b, struct ingest_report *r, const struct tds *d);

/* ingest_console.c: what ingest_study prints.
 * The problems, per file in the listing order: those the study skips as
 * one count, the others one a line (opt->max_listed per file and kind). */
void ingest_print_problems(const struct ingest_report *r, const struct ingest_options *opt,
			   FILE *log);
void ingest_print_warnings(const struct ingest_report *r, FILE *log);
/* Why nothing was written: the blocking problems by kind, and the way out. */
void ingest_print_stopped(const struct study *s, const struct ingest_report *r, uint64_t blocking,
			  FILE *log);
/* The summary after a successful run: rows per file, pairs, outputs
 * (clean.csv among them when with_csv). */
void ingest_print_summary(const struct ingest_report *r, const struct tds *d, const char *dir,
			  int with_csv, FILE *out);

#endif
