/* results.h: the rows of results.csv, collected in memory and written atomically in long format. */
#ifndef TILLID_RESULTS_H
#define TILLID_RESULTS_H

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
	const char *statistic;
	double value;              /* meaningful only when status is RES_OK */
	enum res_status status;
	const char *note;
};

/* Strings are interned: equal strings share one copy, so a million rows
 * cost a million small structs and few strings. */
struct res_pool {
	char **slot;
	size_t cap, used;
};

struct results {
	struct res_row *rows;
	size_t n, alloc;
	struct res_pool pool;
};

void results_init(struct results *r);
void results_release(struct results *r);

/* Intern s in r's pool; the copy lives until results_release. */
const char *results_intern(struct results *r, const char *s);

/* The row context shared by the rows of one variable, cell and wave. */
struct res_ctx {
	const char *variable;
	const char *variable_type;
	const char *breakdown;
	const char *breakdown_value;
	const char *wave;
	const char *design;
};

/* Append a row (strings of ctx, statistic and note are interned; note may
 * be NULL).  A non-finite value with status RES_OK becomes RES_NA with the
 * note "not finite".  An ok row keeps no note; a suppressed row must have the
 * text of RES_WHY_FEWER or RES_WHY_COMPLEMENTARY as its note (anything else is a
 * bug and aborts).  Returns the row's index, for results_set. */
size_t results_add(struct results *r, const struct res_ctx *ctx, const char *statistic,
		   double value, enum res_status status, const char *note);
/* Shorthand for an RES_OK row. */
size_t results_ok(struct results *r, const struct res_ctx *ctx, const char *statistic, double value);
/* Overwrite the value, status and note of row i (as results_add). */
void results_set(struct results *r, size_t i, double value, enum res_status status, const char *note);

/* Write every row to path as CSV (header, RFC 4180 quoting, values as
 * %.17g), atomically: on failure the previous file at path is untouched.
 * Returns TILLID_OK or TILLID_ESYS with a message in err. */
int results_write(const struct results *r, const char *path, struct strbuf *err);
/* The same to an open stream (no atomicity); returns 0 or -1 on a write error. */
int results_write_fp(const struct results *r, FILE *fp);

#endif
