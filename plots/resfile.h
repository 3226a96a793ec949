/* resfile.h: the results file (docs/results-format.md) in memory, each row typed by core/results_schema.h, with lookup by key. */
#ifndef TILLID_RESFILE_H
#define TILLID_RESFILE_H

#include "core/hashmap.h"
#include "core/results_schema.h"
#include "core/util.h"

#include <stddef.h>

/* What resfile_get answers for a key the file has no row for: the reader's
 * own answer beside the statuses of results.csv (enum res_status). */
enum { RF_MISSING = -1 };

/* One row. The strings belong to the resfile and stay valid until
 * resfile_release. */
struct rf_row {
	const char *variable, *breakdown, *breakdown_value, *wave, *design;
	const char *variable_type;
	enum res_stat stat;
	int index;             /* of an indexed statistic (count_point_3: 3); 0 otherwise */
	double value;          /* NAN unless status is RES_OK */
	enum res_status status;
	enum res_reason why;   /* the note; RES_WHY_FEWER and RES_WHY_COMPLEMENTARY
				  exactly on suppressed rows */
};

struct resfile {
	char *path;
	struct rf_row *rows; /* in file order */
	size_t n_rows, alloc_rows;
	struct hashmap keys;  /* a row's key (its strings, statistic and index) -> its index in rows */
	struct hashmap names; /* the variable types, each held once */
	char sha256[65];      /* of the file's bytes, lower-case hex */
	char dataset_sha256[65]; /* of the clean.tds the results came from (the
				    row of breakdown "dataset"); "" when the file
				    has none */
};

void resfile_init(struct resfile *r);
void resfile_release(struct resfile *r);

/* Read and check a results file. Every row must have the ten documented
 * columns (found by header name, in any order), a statistic, status and
 * note of core/results_schema.h, a finite number when the status is ok and
 * no number otherwise, one of the two suppression reasons as the note
 * exactly when it is suppressed, and a key not seen before. Returns
 * TILLID_OK; TILLID_EDATA with "'path':LINE: ..." in err for a malformed
 * file; TILLID_ESYS when it cannot be read. On failure r is left empty
 * (released). */
int resfile_read(struct resfile *r, const char *path, struct strbuf *err);

/* Are the results r (read by resfile_read from results_path) those of the
 * clean dataset whose whole-file SHA-256 is dataset_sha256? Returns
 * TILLID_OK, or TILLID_EDATA with a message that says what is stale and
 * ends with "run 'FIX' to compute the results of the data as it is" when
 * the file has no rows, names no dataset, or names another one. fix is
 * the stats command line that rewrites this results file, as the analyst
 * would type it ("tillid stats STUDY", or "tillid stats --data
 * DIR/clean.tds" for a folder given with --out). */
int resfile_check_dataset(const struct resfile *r, const char *dataset_path, const char *dataset_sha256,
			  const char *fix, struct strbuf *err);

/* The same from memory; name is used in messages. */
int resfile_parse(struct resfile *r, const char *name, const char *data, size_t len,
		  struct strbuf *err);

/* The row of a key, or NULL. breakdown_value, wave and design may be NULL
 * for an empty field. index is that of an indexed statistic (from 1) and
 * is ignored for the others. */
const struct rf_row *resfile_find(const struct resfile *r, const char *variable,
				   const char *breakdown, const char *breakdown_value,
				   const char *wave, const char *design, enum res_stat stat, int index);

/* One number: the row's status (an enum res_status), or RF_MISSING when
 * there is no such row. *value (may be NULL) is the number for RES_OK and
 * NAN otherwise. */
int resfile_get(const struct resfile *r, const char *variable, const char *breakdown,
		const char *breakdown_value, const char *wave, const char *design,
		enum res_stat stat, int index, double *value);

#endif
