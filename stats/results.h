/* results.h: the rows of results.csv, collected in memory and written atomically in long format. */
#ifndef TILLID_RESULTS_H
#define TILLID_RESULTS_H

#include "core/hashmap.h"
#include "core/results_schema.h"
#include "core/util.h"

#include <stddef.h>

/* One row.  Every string points into the results' string pool. */
struct res_row {
	const char *variable;
	const char *variable_type; /* "item", "scale" or "" */
	const char *breakdown;
	const char *breakdown_value;
	const char *wave;          /* wave id or "BASE..LATER" */
	const char *design;        /* "", "paired", "independent" */
	enum res_stat statistic;
	int index;                 /* the point or answer of an indexed statistic (from 1), else 0 */
	double value;              /* meaningful only when status is RES_OK */
	enum res_status status;
	enum res_reason note;      /* RES_WHY_NONE for an ok row */
};

struct results {
	struct res_row *rows;
	size_t n, alloc;
	struct hashmap pool; /* the interned strings: equal strings share one
			      * copy, so a million rows cost a million small
			      * structs and few strings */
};

void results_init(struct results *r);
void results_release(struct results *r);

/* Intern s (NULL: "") in r's pool; the copy lives until results_release. */
const char *results_intern(struct results *r, const char *s);

/* The row context shared by the rows of one variable, cell, wave (or
 * comparison) and design. */
struct res_ctx {
	const char *variable;
	const char *variable_type;
	const char *breakdown;
	const char *breakdown_value;
	const char *wave;
	const char *design;
};

/* Replace each string of ctx (NULL: "") by its copy in r's pool.  A
 * context is interned once when it is set, not for each of the 40 to 80
 * rows written in it. */
void results_ctx_intern(struct results *r, struct res_ctx *ctx);

/* Append the row of statistic s (index: its point or answer, from 1, when
 * s is indexed; ignored otherwise).  The strings of ctx must be r's
 * (results_ctx_intern): the row keeps the pointers.  A
 * non-finite value with status RES_OK becomes RES_NA with the note
 * RES_WHY_NOT_FINITE.  An ok row keeps no note; a suppressed row must carry
 * a suppression reason (res_reason_is_suppression), and an indexed
 * statistic an index >= 1: anything else is a bug and aborts.  Returns the
 * row's index, for results_set. */
size_t results_add(struct results *r, const struct res_ctx *ctx, enum res_stat s, int index,
		   double value, enum res_status status, enum res_reason note);
/* Shorthand for an RES_OK row. */
size_t results_ok(struct results *r, const struct res_ctx *ctx, enum res_stat s, int index,
		  double value);
/* Overwrite the value, status and note of row i (as results_add). */
void results_set(struct results *r, size_t i, double value, enum res_status status,
		 enum res_reason note);

/* Append the row that names the dataset the results come from: variable
 * "*", breakdown "dataset", breakdown_value sha256 (the SHA-256 of the
 * whole clean.tds, 64 hex digits), statistic dataset_format with the
 * dataset's format version as value. The report refuses results whose row
 * does not name the clean.tds beside them. */
void results_add_dataset(struct results *r, const char *sha256, int format_version);

/* Write every row to path as CSV (header, RFC 4180 quoting, values as
 * the shortest form that reads back exactly, format_double),
 * atomically: on failure the previous file at path is untouched.
 * Returns TILLID_OK or TILLID_ESYS with a message in err. */
int results_write(const struct results *r, const char *path, struct strbuf *err);
/* The same to an open stream (no atomicity); returns 0 or -1 on a write error. */
int results_write_fp(const struct results *r, FILE *fp);

#endif
