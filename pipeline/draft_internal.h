/* draft_internal.h: what the files of tillid init's draft share: an export's columns, answer scales, items, the draft. */
#ifndef TILLID_DRAFT_INTERNAL_H
#define TILLID_DRAFT_INTERNAL_H

#include "core/csvread.h"
#include "core/hashmap.h"
#include "core/util.h"
#include "pii.h"
#include "record_source.h"
#include "study.h"
#include "surveyxact.h"

#include <stddef.h>
#include <stdint.h>

/*
 * How a draft is made (draft.c drives it):
 *   draft_scan.c    reads each export once, keeping per column what the
 *                   guesses need: a few distinct answers, a count of
 *                   distinct values, a personal-data sample;
 *   draft_guess.c   decides each column's role: personal data and free
 *                   text to drop, the pairing key, group, municipality, unit;
 *   draft_scales.c  turns a question's answers into an answer scale;
 *   draft_items.c   collects the items of every wave and their scales;
 *   draft_emit.c    writes the study file (through ini_write.h);
 *   draft_text.c    ids from texts, word matching, non-substantive answers.
 */

#define DISTINCT_MAX 15 /* answers remembered per column; more means "many" */
#define SKETCH_K 4096   /* hashes a column's sketch keeps (draft_keys.c) */

/* The SKETCH_K smallest 64-bit hashes of a column's distinct values,
 * sorted (draft_keys.c): distinct values and values shared with another
 * wave are counted from it, exactly below SKETCH_K distinct values. */
struct draft_sketch {
	uint64_t *h; /* [SKETCH_K] once a value was added */
	size_t n;
};

/* ---- an export and its columns (draft_scan.c) ---- */

enum role { ROLE_OTHER, ROLE_ITEM, ROLE_GROUP, ROLE_MUNICIPALITY, ROLE_UNIT, ROLE_KEY, ROLE_DROP };
/* ROLE_GROUP ... ROLE_KEY are the roles of study.h's study_role_names, in
 * that order: role_col[k] and the [columns] key study_role_names[k]. */

struct column {
	char *header; /* trimmed */
	char *text;   /* Qualtrics: the question text of its second header row, else NULL */
	const struct sx_variable *var; /* SurveyXact: its variable, NULL if not in labels/structure */
	uint64_t n_values;   /* non-blank */
	struct strlist distinct; /* the first DISTINCT_MAX distinct values (codes normalised);
				    memory only: written only for columns that are not dropped */
	int many;            /* more than DISTINCT_MAX distinct values */
	int all_numeric;     /* every non-blank value is an integer code */
	long min, max;       /* of the integer values, when all_numeric */
	uint64_t n_long;     /* values that read like sentences */
	uint64_t n_datetime; /* values that read like a date or a time of day */
	struct draft_sketch sketch; /* every value's draft_key_hash: never a value */
	struct pii_sampler pii;
	enum role role;
	char *why;           /* why it has its role, for a comment */
};

struct export {
	const char *arg;
	int sx;
	char *data; /* dataset.csv or the CSV file */
	char *labels, *structure;
	struct surveyxact sxd;
	struct source_info src; /* how the data file was read (CSV or workbook, Qualtrics) */
	struct column *col;
	size_t n_col;
	uint64_t n_rows;
	long role_col[STUDY_N_ROLES]; /* column index, -1 when none */
	int group_guessed;      /* the group column was chosen by content only */
	char *key_pairs;        /* the first export: how many would pair, for a comment */
	char *wave_id;
};

/* An empty export of wave wave_id (taken over: freed by draft_export_release). */
void draft_export_init(struct export *x, char *wave_id);
/* Find out what arg is (a SurveyXact directory, its dataset.csv, or a CSV
 * file; x keeps the pointer) and read it into x. Returns TILLID_OK;
 * TILLID_ESYS when it cannot be found or read; TILLID_EDATA when it is
 * malformed or empty; messages, one per line, go to err. */
int draft_export_read(struct export *x, const char *arg, struct strbuf *err);
void draft_export_release(struct export *x);
/* The question text of c (structure.csv or Qualtrics' second header row),
 * or NULL. */
const char *draft_column_text(const struct column *c);
/* How many distinct values column c holds (estimated past SKETCH_K). */
size_t draft_n_unique(const struct column *c);

/* ---- sketches of values (draft_keys.c) ---- */

void draft_sketch_init(struct draft_sketch *s);
void draft_sketch_release(struct draft_sketch *s);
/* The hash of a trimmed value as a pairing key: after key normalisation as
 * ingest does it by default (a value holding an e-mail address in ASCII
 * lower case). */
uint64_t draft_key_hash(const char *v);
/* Add hash h to s (once however often it is added). */
void draft_sketch_add(struct draft_sketch *s, uint64_t h);
/* The number of distinct values added to s; *exact says whether it is
 * counted (below SKETCH_K) or estimated. */
uint64_t draft_sketch_count(const struct draft_sketch *s, int *exact);
/* The number of distinct values added to both a and b, counted or
 * estimated (*exact). */
uint64_t draft_sketch_common(const struct draft_sketch *a, const struct draft_sketch *b, int *exact);

/* ---- roles (draft_guess.c) ---- */

/* Set the role of every column of x, with the reason in its why, and
 * x->role_col and x->group_guessed; every role but the pairing key. */
void draft_decide_roles(struct export *x);
/* The pairing key of the n exports x, each read and with its roles
 * decided: the column whose values recur across the waves (never a
 * response id or row number, never personal data other than e-mail
 * addresses); in one wave only, a column named like a key. Sets its role
 * in each wave that has it, and x[0].key_pairs, x[0].key_note. */
void draft_choose_key(struct export *x, size_t n);
/* Is c a closed single-choice question of structure.csv? */
int draft_is_closed_single(const struct column *c);
/* Append to out the answers of c that can name a group: its labels
 * (SurveyXact) or the distinct answers found, without the non-substantive. */
void draft_group_values(const struct column *c, struct strlist *out);

/* ---- answer scales (draft_scales.c) ---- */

struct answer_set {
	char *id;
	int k;
	struct strlist point;  /* [k] labels */
	struct strlist point_code; /* [k] codes (SurveyXact), empty when unknown */
	struct strlist also;   /* other spellings ... */
	int *also_point;       /* ... and their points */
	size_t alloc_also;
	struct strlist missing;
	struct strlist missing_code; /* parallel to missing (SurveyXact) */
	int from_zero;         /* numeric answers 0..k - 1: written as values = 0-(k - 1) */
	const char *id_base;   /* "enig5", "koder", "svar" */
	const char *check;     /* what the analyst should check, or NULL */
	char *sig;             /* everything above, to find identical sets */
	size_t n_items;
	char *first_item;
};

/* Fill the zeroed a with the answer scale of a SurveyXact question (from
 * its labels) or of a CSV column (from the answers found in it). Returns
 * NULL, or why no scale can be written (a static text); a is to be
 * released either way. */
const char *draft_sx_answers(const struct sx_variable *var, struct answer_set *a);
const char *draft_csv_answers(const struct column *c, struct answer_set *a);
/* Do at least half of labels (and at least one) belong to a known scale? */
int draft_labels_look_like_scale(const struct strlist *labels);
/* Set a->sig, which is equal for answer sets that would be written alike. */
void draft_answer_set_sign(struct answer_set *a);
void draft_answer_set_release(struct answer_set *a);

/* ---- the draft (draft_items.c, draft_emit.c) ---- */

struct ditem {
	char *id;
	char *header;
	char *text;      /* the question text, cleaned for text = ("" when none) */
	size_t answers;
	unsigned char *in_wave;
	char *differs;   /* a later wave whose labels differ, NULL */
	const struct column *col; /* where it was first found */
	int sx;
};

struct draft {
	struct export *x;
	size_t n_x;
	const char *draft_dir;
	struct answer_set *sets;
	size_t n_sets, alloc_sets;
	struct ditem *items;
	size_t n_items, alloc_items;
	struct strlist used_item_ids, used_answer_ids, used_group_ids;
	struct strlist skipped; /* "header: why", for a comment */
};

/* Make an item of each closed question of wave w that is no other role
 * (the same header in a later wave is the same item), with its answer set;
 * a question whose scale cannot be written goes to d->skipped. */
void draft_add_items(struct draft *d, size_t w);
/* Give each answer set its id, once every item is known. */
void draft_name_answer_sets(struct draft *d);
/* Append the whole study file of d to out. */
void draft_emit(struct draft *d, struct strbuf *out);

/* ---- text (draft_text.c) ---- */

/* A text for text = ...: white space collapsed, and no ';' that would
 * start a comment. Texts need not read back byte for byte. Returns a new
 * string. */
char *draft_clean_text(const char *s);
/* An id from a text: ASCII letters and digits lower-cased, æ ø å spelt
 * ae oe aa, anything else one '_'; at most max bytes; "" when nothing is
 * left. Returns a new string. */
char *draft_make_id(const char *s, size_t max);
/* id, or id_2, id_3, ... when taken; the result (a new string) is added to used. */
char *draft_unique_id(struct strlist *used, const char *id);
/* Does text hold word (lower case) as a whole word, ASCII case ignored? */
int draft_has_word(const char *text, const char *word);
/* Does s start with prefix (lower case), ASCII case ignored? */
int draft_starts_with_ci(const char *s, const char *prefix);
/* Is label an answer that is no position on a scale ("Ved ikke", ...)? */
int draft_is_nonsubstantive(const char *label);
/* Does s read like a date or a time ("2021-03-01 09:00", "3/1/21",
 * "08:15:00"): digits, spaces and separators only, with a ':' or two of
 * the same separator among '-', '/' and '.'? */
int draft_is_datetime(const char *s);
/* Parse a whole decimal number; 1 and *v on success, 0 otherwise. */
int draft_parse_long(const char *s, long *v);

#endif
