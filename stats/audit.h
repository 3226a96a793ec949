/* audit.h: the disclosure audit: what a reader of results.csv can work out about every suppressed count, by linear programming (GLPK). */
#ifndef TILLID_AUDIT_H
#define TILLID_AUDIT_H

#include "results.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One suppressed count of the results (docs/statistics.md, "Protection
 * rule"): the row, and the integer range [lo, hi] of values that agree
 * with everything published beside it. */
struct audit_cell {
	size_t row;   /* index in the results' rows */
	double lo, hi; /* feasible range after integer rounding; hi may be INFINITY */
	int exact;    /* lo == hi: the count is determined (a breach unless it is an
			 answer count known to be zero) */
	int narrow;   /* a breach: not exact, but fewer possible values than the rule
			 asks (docs/statistics.md, "Protection rule") */
	size_t size;  /* an answer count: the cell holding its cell size n, SIZE_MAX
			 when n is published or this count is a size */
	double size_known; /* that n when published, else NAN */
};

/* The bounds of every independent part of the linear system an audit
 * solved, kept for the next audit (audit_cache.c): the rounds of
 * suppression and the audit before publishing meet many parts again
 * unchanged.  A part is reused only when everything that decides its
 * bounds is equal, compared in full: its constraints with their
 * coefficients and sides, its unknowns' bounds, its targets in order with
 * their rule, the minimum group size and the ranges flag.  Only the parts
 * the last audit used are kept.  Without full ranges the cache also keeps
 * the values every count took in the last audit's solutions: a round of
 * suppression only hides more, so its system relaxes the last one's (every
 * solution of that is one of this), and those values prove the rule for
 * most counts before any is solved (docs/statistics.md). */
struct audit_solved;
struct audit_model;
struct audit_cache {
	struct hashmap keys;          /* a part's key -> index into solved */
	struct audit_solved *solved;
	size_t n, alloc;
	unsigned gen;                 /* the audit under way */
	size_t n_reused, n_solved;    /* parts taken from the cache, and solved, in all audits */
	struct audit_model *last;     /* the last audit's counts with the values its
					 solutions took (without full ranges; NULL: none) */
};

/* An empty cache.  Release frees every part it keeps; c is empty (and
 * usable after audit_cache_init) afterwards.  An audit whose cache is set
 * fills it; the caller owns it and may pass it to any later audit. */
void audit_cache_init(struct audit_cache *c);
void audit_cache_release(struct audit_cache *c);

/* What the audit found. */
struct audit {
	uint64_t min;              /* the minimum group size the rule applies */
	int ranges;                /* set before audit_run: 1 to bound every count fully
				      (tillid audit prints them); 0 to stop where the rule
				      is proven, faster */
	struct audit_cache *cache; /* set before audit_run (may be NULL; the caller owns it):
				      parts solved by an earlier audit are reused, and the
				      parts this one solves are kept */
	struct audit_cell *cells;  /* every suppressed count whose value is published nowhere else */
	size_t n_cells, alloc_cells;
	size_t n_exact, n_narrow;  /* cells breaking the rule */
	size_t n_leaks;            /* published rows of a block whose count is suppressed */
	size_t first_leak;         /* the first such row (when n_leaks > 0) */
	size_t n_lp_vars, n_lp_rows; /* the size of the linear system */
	size_t n_components;       /* independent parts it was solved in */
	size_t n_reused;           /* of them, taken from the cache */
	size_t n_carried;          /* suppressed counts given values an earlier audit's
				      solutions took (the cache's last) */
	int closed;                /* the reader was taken to know that every respondent
				      has a group and a municipality */
};

void audit_init(struct audit *a);
void audit_release(struct audit *a);

/* Audit the rows of res as published together (results.csv is the superset
 * of every report).  min is the minimum group size (the row min_group_size
 * when res has one overrides it).  Builds the linear system of every
 * published count and every identity a reader knows (audit_model.c),
 * bounds each suppressed count from below and above (audit_solve.c) and
 * fills a.  Returns TILLID_OK (whether or not the rule holds: see
 * audit_passed), or TILLID_EDATA with a message in err when the published
 * numbers contradict each other (no solution at all: a bug of the writer or
 * an edited file). */
int audit_run(struct audit *a, const struct results *res, uint64_t min, struct strbuf *err);

/* 1 when no suppressed count is determined, every range holds at least min
 * values and no statistic of a suppressed block is published. */
int audit_passed(const struct audit *a);

/* Print a's summary line ("audit: ...") to fp; with detail, also every
 * suppressed count per table with its feasible range (never its value),
 * breaches first marked (audit_report.c). */
void audit_print(const struct audit *a, const struct results *res, int detail, FILE *fp);

/* Append to err a message naming the first breach of the rule and the fix. */
void audit_describe_failure(const struct audit *a, const struct results *res, struct strbuf *err);

#endif
