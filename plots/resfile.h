/* resfile.h: the results file (docs/results-format.md) in memory, with lookup by key. */
#ifndef TILLID_RESFILE_H
#define TILLID_RESFILE_H

#include "core/hashmap.h"
#include "core/util.h"

#include <stddef.h>

enum rf_status {
	RF_OK,             /* value holds the number */
	RF_SUPPRESSED,     /* hidden for anonymity; why says which kind */
	RF_NOT_APPLICABLE, /* not computable; note says why */
	RF_MISSING         /* no such row in the file */
};

/* Why a suppressed row has no number (its note, docs/results-format.md). */
enum rf_why {
	RF_WHY_NONE,         /* not suppressed */
	RF_WHY_FEWER,        /* "fewer than minimum": the cell is below the minimum group size */
	RF_WHY_COMPLEMENTARY /* "complementary": hidden so that a smaller cell cannot be recovered */
};

/* One row. The strings belong to the resfile: they stay valid until
 * resfile_release. */
struct rf_row {
	const char *variable, *breakdown, *breakdown_value, *wave, *design, *statistic;
	const char *variable_type, *note;
	double value; /* NAN unless status is RF_OK */
	enum rf_status status;
	enum rf_why why; /* RF_WHY_NONE unless status is RF_SUPPRESSED */
};

struct resfile {
	char *path;
	struct rf_row *rows; /* in file order */
	size_t n_rows, alloc_rows;
	struct hashmap keys;  /* a row's key (its strings) -> its index in rows */
	struct hashmap names; /* variable types and notes, each held once */
	char sha256[65]; /* of the file's bytes, lower-case hex */
};

void resfile_init(struct resfile *r);
void resfile_release(struct resfile *r);

/* Read and check a results file. Every row must have the ten documented
 * columns (found by header name, in any order), a known status, a finite
 * number when status is ok and no number otherwise, one of the two
 * reasons as the note of a suppressed row, and a key not seen before. Returns TILLID_OK; TILLID_EDATA with "'path':LINE: ..." in err
 * for a malformed file; TILLID_ESYS when it cannot be read. On failure r
 * is left empty (released). */
int resfile_read(struct resfile *r, const char *path, struct strbuf *err);

/* The same from memory; name is used in messages. */
int resfile_parse(struct resfile *r, const char *name, const char *data, size_t len,
		  struct strbuf *err);

/* Find one number. Empty strings stand for empty fields (breakdown_value,
 * wave and design). Returns the row's status, RF_MISSING when there is no
 * such row; *value is set to the number for RF_OK and NAN otherwise. */
enum rf_status resfile_get(const struct resfile *r, const char *variable, const char *breakdown,
			    const char *breakdown_value, const char *wave, const char *design,
			    const char *statistic, double *value);

/* The row itself (for its note), or NULL. */
const struct rf_row *resfile_find(const struct resfile *r, const char *variable,
				   const char *breakdown, const char *breakdown_value,
				   const char *wave, const char *design, const char *statistic);

#endif
