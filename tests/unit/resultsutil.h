/* resultsutil.h: what the tests of the statistics stage share: rows of the results by their key, an analysis run (of a dataset or a study file), the rows as CSV. */
#ifndef TILLID_RESULTSUTIL_H
#define TILLID_RESULTSUTIL_H

#include "core/dataset.h"
#include "stats/analysis.h"
#include "stats/results.h"

/* The name of row x's statistic as results.csv writes it ("count_point_3");
 * a static buffer, valid until the next call. */
const char *rows_stat_name(const struct res_row *x);

/* The row of r with this key: variable, breakdown, breakdown value, wave,
 * design and statistic (at index i when the statistic is indexed). Fails
 * the test, naming the key, when there is none. */
const struct res_row *rows_find_at(const struct results *r, const char *var, const char *bd, const char *bv,
				   const char *wave, const char *design, enum res_stat stat, int i);
const struct res_row *rows_find(const struct results *r, const char *var, const char *bd, const char *bv,
				const char *wave, const char *design, enum res_stat stat);

/* The value of the row with this key, which must be ok (else the test
 * fails, printing its status and note). */
double rows_val_at(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		   const char *design, enum res_stat stat, int i);
double rows_val(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		const char *design, enum res_stat stat);

/* Fails the test unless the row with this key is not applicable with the
 * note why. */
void rows_expect_na(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		    const char *design, enum res_stat stat, enum res_reason why);

/* Analyses d with options o (NULL: the defaults) into r, which it
 * initialises (the caller releases it); fails the test when the analysis
 * fails. */
void rows_analyse(const struct tds *d, const struct stats_options *o, struct results *r);

/* Ingests the study file ini into a temporary directory, quietly, and
 * analyses it with resamples bootstrap resamples (the other options the
 * defaults) into r, which the caller releases; removes what ingest wrote.
 * Fails the test when a stage fails. */
void rows_analyse_study(const char *ini, unsigned resamples, struct results *r);

/* The rows of r as results.csv holds them, in a new string the caller
 * frees. */
char *rows_render(const struct results *r);

#endif
