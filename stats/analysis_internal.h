/* analysis_internal.h: what the parts of the statistics stage share: the row emitter, the run and the blocks of rows. */
#ifndef TILLID_ANALYSIS_INTERNAL_H
#define TILLID_ANALYSIS_INTERNAL_H

#include "analysis.h"

/* Names shared between the parts of the analysis start with an_. */
#include "numerics.h"
#include "tables.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the emitter (emit.c): one place decides ok / suppressed / not applicable ---- */

/* The rows of one block: one variable, cell, wave (or comparison) and design. */
struct emit {
	struct results *res;
	struct res_ctx ctx;   /* interned in res (results_ctx_intern) whenever it changes */
	enum res_reason supp; /* when set: every row of this block is suppressed, with this reason */
	enum res_reason na;   /* when set (and not suppressed): every row not applicable */
};

/* Is the block computed at all? */
static inline int an_live(const struct emit *e)
{
	return !e->supp && !e->na;
}

/* Append the row of statistic s (at index i when s is indexed): value v,
 * or not applicable with `why` when why is set; a suppressed or not
 * applicable block overrides both.  Returns the row's index. */
static inline size_t an_put_at(struct emit *e, enum res_stat s, int i, double v, enum res_reason why)
{
	if (e->supp)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_SUPPRESSED, e->supp);
	if (e->na)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_NA, e->na);
	if (why)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_NA, why);
	return results_add(e->res, &e->ctx, s, i, v, RES_OK, RES_WHY_NONE);
}

static inline size_t an_put(struct emit *e, enum res_stat s, double v, enum res_reason why)
{
	return an_put_at(e, s, 0, v, why);
}

/* The note of a numerics result: RES_WHY_NONE when status is NUM_OK, else
 * its reason (RES_WHY_NOT_APPLICABLE when it gives none).  The one place
 * where a message of the numerics becomes a note; a message that is no
 * note of results.csv names a bad argument, a bug: it aborts. */
enum res_reason an_note(int status, const char *reason);

/* Three rows of an estimate and its interval (s[0], s[1], s[2]: estimate,
 * low, high), all not applicable with why when it is set. */
void an_put_estimate(struct emit *e, const enum res_stat s[3], double est, double lo, double hi,
		  enum res_reason why);

/* ---- the run ---- */

struct boot_job;

/* A test whose p-value is adjusted with the others of its family (padjust.c). */
enum ptest_kind { PT_T, PT_SIGNRANK, PT_MCNEMAR, PT_WELCH, PT_MANNWHITNEY, PT_KINDS };

struct ptest {
	size_t family, comp, cell;
	int kind;
	double p;          /* NaN unless the test's p is published */
	size_t row_holm, row_bh;
};

/* The suppression of every count table (enum sup_kind per cell):
 * respondents [wave n_cells + cell], answers [(var n_waves + wave) n_cells
 * + cell], pairs [(var n_comp + comp) n_cells + cell], reliability (scales;
 * all and the groups) as the answers; force holds the cells the audit asked
 * for, per table in that order (suppress_plan.c). */
struct sup_plan {
	unsigned char *resp, *one, *pair, *rel;
	unsigned char *pair_withheld; /* [var n_comp + comp]: 1 when no cell suppression
					 protects the pair table, which is then not
					 published at all (docs/statistics.md) */
	unsigned char *force;
	unsigned rounds; /* audits run until it passed */
};

/* A t test (paired t or Welch) waiting for its verdict (verdict.c). */
struct vtest {
	size_t family, comp;     /* as a ptest's; the cell only by its breakdown */
	enum res_breakdown bd;
	int paired;              /* the paired t, else Welch's test */
	int leads;               /* its design is the one its cell leads with */
	int published;
	double m1, s1, n1;       /* paired: mean, SD and n of the differences; Welch: the later wave */
	double m2, s2, n2;       /* Welch: the baseline */
	size_t rows[4];          /* verdict_m, verdict_ci_low, verdict_ci_high, verdict */
};

struct analysis_ctx {
	const struct tds *d;
	struct sup_plan plan;
	const struct stats_options *o;
	struct tables t;
	struct scale_def *scales;
	uint64_t min;      /* the minimum group size applied */
	struct results *res;
	struct ptest *pt;  /* the tests waiting for adjustment */
	size_t n_pt, alloc_pt;
	struct vtest *vt;  /* the t tests waiting for their verdict */
	size_t n_vt, alloc_vt;
	int paired_led;    /* the cell's last paired block is the one it leads with */
	/* count scratch, sized for the variable with the most values */
	double *w, *w2;
	size_t scratch;
	struct { double d; double n; } *diff;
	size_t diff_alloc;
	struct boot_job *boot;  /* the bootstraps waiting to run (boot_jobs.c) */
	size_t n_boot, alloc_boot;
};

/* Where a change is: variable, comparison (tables_comp_base/_later name
 * its two waves) and cell. */
struct change_at {
	size_t var, comp, cell;
};

/* The paired design leads from max(min_group_size, --paired-lead) pairs. */
static inline uint64_t an_paired_lead_min(const struct analysis_ctx *c)
{
	return c->min > (uint64_t)c->o->paired_lead ? c->min : (uint64_t)c->o->paired_lead;
}

/* ---- the rows' context and suppression (analysis.c, suppress_plan.c) ---- */

/* Set the cell, wave and design of e's rows; the context is interned. */
void an_set_ctx(struct emit *e, const struct cell *cl, const char *wave, enum res_design design);
/* The note of a block that rests on cells of kinds a and b (enum sup_kind;
 * SUP_SHOWN for a block with one cell): none when both are shown, else
 * RES_WHY_SUPPRESSED, the same for primary and complementary cells. */
enum res_reason an_sup_reason(unsigned char a, unsigned char b);

void sup_plan_init(struct sup_plan *p);
void sup_plan_release(struct sup_plan *p);
/* Suppress every count table of c by the family rule (tables_suppress),
 * then audit the counts as a reader would (audit.h) and hide more cells
 * (tables_protect) for each count the audit finds exposed, round by round,
 * until it passes; a pair table still exposed when no cell is left to hide
 * is withheld (p->pair_withheld).  first and last (may be NULL) get what
 * the family rule and the final plan hide.  Returns TILLID_OK, or
 * TILLID_EDATA with the audit's finding in err when a count outside the
 * pair tables stays exposed and no cell is left to hide. */
int sup_plan_build(struct analysis_ctx *c, struct sup_plan *p, struct sup_summary *first,
		   struct sup_summary *last, struct strbuf *err);
/* Set e's notes for the paired block of variable var, comparison comp and
 * cell as p plans it: suppressed with the pair cell's reason, not
 * applicable throughout when the pair table is withheld, else none. */
void sup_plan_pair_notes(const struct analysis_ctx *c, const struct sup_plan *p, size_t var, size_t comp,
			 size_t cell, struct emit *e);

/* ---- p-value adjustment (padjust.c) ---- */

/* Queue the p-value p of a test of kind `kind` at `at` for adjustment and
 * write its adjusted rows (holm, and bh with --adjust=bh) as placeholders:
 * an_ptest_adjust_all fills in the published tests; one that is not published
 * (suppressed, not applicable) passes its status on through the emitter
 * or `why`. */
void an_ptest_add(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
	       enum ptest_kind kind, double p, enum res_reason why);
/* Adjust the queued p-values with Holm (and BH with --adjust=bh) within
 * each family: the items of one scale (or the items outside every scale,
 * or the scale scores) x one cell x one comparison x one test (the test
 * fixes the design); fills in the adjusted rows of the published tests. */
void an_ptest_adjust_all(struct analysis_ctx *c);

/* The family of variable var: the items of one scale, the items outside
 * every scale, or the scale scores (an index). */
size_t an_family(const struct analysis_ctx *c, size_t var);

/* ---- the verdict (verdict.c) ---- */

/* The verdict of a change whose adjusted interval is [lo, hi], with
 * delta the smallest change that matters: the one place the rule is
 * written. */
enum res_verdict an_verdict(double lo, double hi, double delta);
/* Queue the t test t (its moments, paired, leads set by the caller) at
 * `at` and write its verdict rows as placeholders (not applicable with
 * why when set); an_verdict_all fills in the published ones. */
void an_verdict_add(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
		    const struct vtest *t, enum res_reason why);
/* For each family of variables x comparison x breakdown: m = the published
 * tests of the leading designs; each published test's interval at level
 * 1 - (1 - conf)/m (Bonferroni) and its verdict. */
void an_verdict_all(struct analysis_ctx *c);

/* ---- count tables as samples (one_wave.c) ---- */

/* The variable's values with the counts cnt (copied to w as doubles). */
struct wsample an_counts_sample(const struct tvar *v, const uint64_t *cnt, double *w);
/* The number of observations of s. */
double an_sample_n(const struct wsample *s);
/* Answers at or above the second-highest point: v >= k - 1. */
double an_top2_count(const struct tvar *v, const struct wsample *s);
/* A positive answer, the one definition (docs/statistics.md, top-2 box):
 * the answer point nearest to x is one of the two highest, x >= top - 1.5
 * with top = k + shift the highest value (halves up, as count_bin): an
 * item's v >= k - 1; a scale score of at least 3.5 on five points, 8.5 on
 * 0-10.  On two points (yes/no) it is the upper answer: x >= top - 0.5. */
static inline int an_positive(const struct tvar *v, double x)
{
	return x >= v->k + v->shift - (v->k == 2 ? 0.5 : 1.5);
}
/* Is a positive answer defined: k = 2 or k >= 4 (with three points the
 * top two would hold the midpoint)? */
static inline int an_positive_defined(const struct tvar *v)
{
	return v->k == 2 || v->k >= 4;
}
/* R's t.test stops when stderr < 10 * .Machine$double.eps * |mean|. */
int an_r_essentially_constant(double se, double scale);

/* ---- the blocks of rows ---- */

/* One wave of variable var in a cell (one_wave.c). */
void an_one_wave(struct analysis_ctx *c, size_t var, size_t wave, size_t cell, struct emit *e);
/* A change between two waves (a later wave against the baseline or the
 * wave before): the pairs (change_paired.c) and the two samples
 * (change_indep.c). */
void an_change_paired(struct analysis_ctx *c, const struct change_at *at, struct emit *e);
void an_change_indep(struct analysis_ctx *c, const struct change_at *at, struct emit *e);
/* Cronbach's alpha of a scale in a wave and reliability cell (all, or a
 * group: rcell 1 + group), with its items' rows (reliability.c). */
void an_reliability(struct analysis_ctx *c, size_t scale, size_t wave, size_t rcell, struct emit *e);

/* ---- what both designs of a change write (change.c) ---- */

/* The rows of a rank test (statistic, p, exact; rank_biserial; the
 * adjusted p-values): names[3] are its statistic, p and exact rows. */
void an_put_rank_test(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
		   enum ptest_kind kind, const enum res_stat names[3], const struct num_test *t,
		   int status, double rank_biserial);
/* The top-2 box rows: shares at base and later, their difference and its
 * interval (ci, with status ci_status), or all not applicable with why. */
void an_put_top2_change(struct emit *e, double base, double later, double diff,
		     const struct num_interval *ci, int ci_status, enum res_reason why);
/* The bootstrap rows of a scale's change: the paired design resamples the
 * differences d; the independent one (d NULL) later and base. A live
 * block's rows are placeholders until an_boot_run_all. */
void an_put_change_boot(struct analysis_ctx *c, struct emit *e, const struct wsample *d,
		     const struct wsample *later, const struct wsample *base);

/* ---- the Net Promoter Score (nps.c) ---- */

/* Does the study file ask for the NPS of variable v (an item with nps = yes)? */
int an_nps_asked(const struct analysis_ctx *c, const struct tvar *v);
/* The NPS rows of one wave (sample s), of an independent change (base and
 * later) and of a paired change (the pre x post table pe[0..ne)); nothing
 * for a variable whose NPS is not asked for. */
void an_nps_one_wave(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct wsample *s);
void an_nps_indep(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct wsample *base,
		  const struct wsample *later);
void an_nps_paired(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct pair_entry *pe,
		   size_t ne);

/* ---- the bootstraps (boot_jobs.c) ---- */

/* Queue the bootstrap of d (paired: the differences) or of later − base
 * (independent) with seed; its four rows (percentile low, high, BCa low,
 * high) are the placeholders from row on. The samples are copied. Returns
 * the job's number. */
size_t an_boot_queue(struct analysis_ctx *c, uint64_t seed, size_t row, const struct wsample *d,
		     const struct wsample *later, const struct wsample *base);
/* Run every queued bootstrap on c->o->threads threads and fill in their
 * rows; the rows do not depend on the number of threads. */
void an_boot_run_all(struct analysis_ctx *c);

#endif
