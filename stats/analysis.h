/* analysis.h: every statistic of the evaluation, from count tables to results rows. */
#ifndef TILLID_ANALYSIS_H
#define TILLID_ANALYSIS_H

#include "core/dataset.h"
#include "core/defaults.h"
#include "results.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

#define STATS_DEFAULT_SEED 20211001
#define STATS_DEFAULT_RESAMPLES 2000

/* What suppression hid: [0] primary, [1] complementary cells of every
 * count table (respondents, answers per variable and wave, pairs), and the
 * answers (respondents, pairs) in them summed over the tables. */
struct sup_summary {
	uint64_t cells[2];       /* [0] primary, [1] complementary: cells of every table */
	uint64_t answers[2];     /* the answers, pairs and respondents in them */
	uint64_t resp_cells[2];  /* of those, the cells of the respondents per wave */
	uint64_t respondents[2]; /* and the respondents in them */
};

/* The suppression of a run: by the family rule alone, and after the cells
 * the disclosure audit asked for, in rounds of the audit. */
struct stats_suppression {
	struct sup_summary family, audited;
	unsigned rounds;
};

struct audit_cache;
struct stats_options {
	uint64_t seed;        /* bootstrap seed */
	size_t resamples;     /* bootstrap resamples B (>= 2) */
	double conf;          /* confidence level of every interval, 0.95 */
	int bh;               /* 1: also write Benjamini-Hochberg adjusted p-values */
	int paired_lead;      /* the paired design leads when n_pairs >= max(min_group_size, this);
	                         TILLID_PAIRED_LEAD_MIN unless the command line says otherwise */
	int min_group_size;   /* -1: take the dataset's; else at least the dataset's */
	struct stats_suppression *suppression; /* when set: filled with what suppression hid */
	size_t threads;       /* threads for the bootstrap (>= 1); the results do not depend on it */
	struct progress *progress; /* NULL, or a progress line for a terminal (core/progress.h) */
	struct audit_cache *audit_cache; /* NULL, or the parts the suppression's audits solved,
					    kept for the caller's audit (stats/audit.h) */
};
void stats_options_init(struct stats_options *o);

/* Compute every statistic of docs/statistics.md for d and append the rows
 * to res (which the caller owns and writes).  One pass over d builds the
 * count tables; everything else is computed from them.  The suppression is
 * the family rule, widened until the disclosure audit passes on the counts
 * (suppress_plan.c).  Returns TILLID_OK, or TILLID_EDATA with a message in
 * err when the dataset is inconsistent (a row naming an undeclared wave,
 * group, municipality or unit) or no suppression passes the audit. */
int analysis_run(const struct tds *d, const struct stats_options *o, struct results *res,
		 struct strbuf *err);

#endif
