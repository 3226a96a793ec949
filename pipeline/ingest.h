/* ingest.h: the ingest stage: read every wave's export, check it, map answers to scale points, pseudonymise, write the clean dataset. */
#ifndef TILLID_INGEST_H
#define TILLID_INGEST_H

#include "core/dataset.h"
#include "ingest_report.h"
#include "study.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * ingest_study runs the whole stage for one study file:
 *   1. study_load;
 *   2. the key file (created when missing) when the study pairs waves;
 *   3. every wave in order: SurveyXact triple or plain CSV, each record
 *      checked and mapped (ingest_read);
 *   4. the problems listed on the log; when any is of a kind the study
 *      does not skip, the run stops with TILLID_EDATA and writes nothing;
 *   5. clean.tds, ingest.txt, ingest.json and, when asked (csv), clean.csv
 *      written under temporary names and renamed into place only when all
 *      were written, so a failed run leaves the previous outputs as they
 *      were; without csv, a clean.csv of an earlier run is removed.
 */

struct ingest_options {
	const char *out_dir;  /* NULL: study_output_dir() */
	int quiet;            /* 1: no summary and no notes, only problems and warnings */
	size_t max_listed;    /* problems printed per kind and file; 0: all */
	FILE *log;            /* messages ("ingest: ..."); stderr when NULL */
	FILE *out;            /* the summary; stdout when NULL */
	int csv;              /* 1: also write clean.csv (--csv, or --csv-dialect) */
	enum csv_dialect csv_dialect; /* clean.csv's dialect (core/csvwrite.h) */
	size_t threads;       /* waves read at once; 0: as many as there are cores */
};
#define INGEST_OPTIONS_INIT { NULL, 0, 20, NULL, NULL, 0, CSV_RFC4180, 0 }

/* Run the stage. Returns TILLID_OK, TILLID_EDATA (bad data or a bad study
 * file; all problems were printed to the log) or TILLID_ESYS (missing file,
 * unwritable directory; the message was printed to the log). */
int ingest_study(const char *study_path, const struct ingest_options *opt);

/* The number of threads threads stands for: itself, or for 0 the cores
 * available. */
size_t ingest_threads(size_t threads);

/* Read every wave of s into d (tds_init'ed by the caller; metadata filled
 * from s here) and record files, warnings and problems in r. secret (NULL
 * when the study has no key column) keys the pseudonyms. The waves are
 * read on up to threads threads at once (0: ingest_threads), and d, r and
 * err come out the same, to the byte, for every number. Returns TILLID_OK
 * when every file could be read to its end, whatever the problems in the
 * data (see r); TILLID_ESYS with a message in err when a file is missing or
 * unreadable. Callers decide from r whether the data may be used. */
int ingest_read(const struct study *s, const uint8_t *secret, size_t secret_len, size_t threads,
		struct tds *d, struct ingest_report *r, struct strbuf *err);

/* Number of problems in r (filled by ingest_read) of kinds that the study
 * does not skip (0: the data may be written). */
uint64_t ingest_blocking_problems(const struct ingest_report *r);

/* The metadata a dataset of study s starts from (study, waves, groups,
 * answers, scales, items; the study file's digest empty), into m, which
 * is zeroed or released; the caller releases it (tds_meta_release).
 * Municipalities, units, item texts from structure.csv and sources come
 * from the exports, as ingest reads them. */
void ingest_meta_from_study(const struct study *s, struct tds_meta *m);

/* Can every export of s be opened? Returns TILLID_OK, or TILLID_ESYS with
 * one line per file that cannot ("cannot open 'PATH': reason"), so one run
 * names every missing file. */
int ingest_check_inputs(const struct study *s, struct strbuf *err);

/* Is any input of s (the study file, the key file, every wave's files) one
 * of the outputs that would be written into dir (an export named
 * clean.csv in the output directory)? And may an existing dir take them
 * (out_can_create)? Returns TILLID_OK, or TILLID_ESYS with one line per
 * such input, or why dir refuses the outputs, in err. */
int ingest_check_outputs(const struct study *s, const char *dir, struct strbuf *err);

/* Hold dir for this run and, when no other run holds it, remove the
 * temporary outputs a killed run left there (core/util's out_hold_take, for
 * the four outputs' names only); returns how many were removed. */
size_t ingest_remove_stale_temps(struct out_hold *hold, const char *dir);

/* Write the outputs into dir (created when missing), clean.csv only when
 * with_csv and in dialect csv, atomically as described above. Returns
 * TILLID_OK or TILLID_ESYS with a message. */
int ingest_write_outputs(const struct tds *d, const struct ingest_report *r, const char *dir, int with_csv,
			 enum csv_dialect csv, struct strbuf *err);
/* The same, with meanwhile(ctx) called before ingest.txt and ingest.json
 * are written: it may fill in r (which those two are written from) but
 * must not change d. When threaded, clean.tds (and clean.csv) are written
 * on another thread meanwhile (else, or when no thread can start, first).
 * meanwhile is called in any case, also when the outputs cannot be created
 * (the error is returned after it), so what it prints comes before the
 * error as when it is called before the writing. */
int ingest_write_outputs_meanwhile(const struct tds *d, const struct ingest_report *r, const char *dir,
				   int with_csv, enum csv_dialect csv, void (*meanwhile)(void *ctx),
				   void *ctx, int threaded, struct strbuf *err);

/*
 * Answer mapping, shared by every wave: a compiled form of one [answers]
 * section. A trimmed answer is looked up
 *   1. among the labels (point.V, point_en.V), also spellings and missing
 *      answers (missing, missing_en), exactly, case and inner spaces
 *      included;
 *   2. as a numeric code ("4", "4.0", "04") through code.C (the study
 *      fills in the default 1..k);
 * blank is TDS_BLANK. SurveyXact codes are turned into their label first
 * (by the caller) and then go through the same lookup.
 */
enum { ANSWER_MEMO_SLOTS = 64, ANSWER_MEMO_MAX_LEN = 64 };
struct answer_map {
	int k;
	size_t n_text;
	struct answer_text {
		const char *text; /* borrowed from the study */
		uint8_t value;
	} *text;                  /* sorted by text */
	size_t n_code;
	struct answer_code {
		long code;
		uint8_t value;
	} *code;                  /* sorted by code */
	char *codes;              /* "codes 1 to 5", or the list of codes when they
				     are not a range, for out_of_range messages */
	/* answer_map_lookup_fast's memo: the result of every one-byte value,
	 * and recent longer values (untrimmed, as found) in a small
	 * direct-mapped table, so that a column of a million answers costs a
	 * few compares each, not a trim, a binary search and a number parse. */
	uint8_t one_res[256], one_value[256];
	struct answer_memo {
		char *text;       /* owned copy; NULL: empty slot */
		size_t len;
		uint8_t res, value;
	} memo[ANSWER_MEMO_SLOTS];
};

/* Compile a into m (which borrows a's texts: a must outlive m). */
void answer_map_init(struct answer_map *m, const struct study_answers *a);
void answer_map_release(struct answer_map *m);

enum answer_result {
	ANSWER_OK = 0,
	ANSWER_UNKNOWN,     /* neither a label nor a number: unknown_answer */
	ANSWER_OUT_OF_RANGE /* a number that is not a code of the scale: out_of_range */
};
/* Map value (trimmed here; not modified) to TDS_BLANK, a point 1..k or
 * TDS_NONSUBST_BASE + j. */
enum answer_result answer_map_lookup(const struct answer_map *m, const char *value, uint8_t *out);
/* The same result for value of len bytes, from m's memo when value was
 * looked up before (m remembers it; not thread-safe). */
enum answer_result answer_map_lookup_fast(struct answer_map *m, const char *value, size_t len,
					  uint8_t *out);
/* The same for the one-byte value c (not NUL), from the table alone: inline
 * for the rows' loop over their items. */
static inline enum answer_result answer_map_lookup_byte(const struct answer_map *m, unsigned char c,
							uint8_t *out)
{
	*out = m->one_value[c];
	return (enum answer_result)m->one_res[c];
}

/* Parse a numeric code: optional sign, digits, and an optional fraction of
 * zeros ("4", "-1", "4.0", "4."). Returns 1 and sets *code, 0 otherwise
 * (also for "4.5", which is a number but no code; see ingest_is_number). */
int ingest_parse_code(const char *s, long *code);
/* Does s (trimmed) look like a decimal number ("4.5", "-3", "1e3" not)? */
int ingest_is_number(const char *s);

#endif
