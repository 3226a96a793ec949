/* results_schema.h: the contract between stats and report: every statistic, status, reason and key name of results.csv as an enum with its name. */
#ifndef TILLID_RESULTS_SCHEMA_H
#define TILLID_RESULTS_SCHEMA_H

#include "util.h"

#include <stddef.h>

/* The first line of results.csv: its columns (docs/results-format.md). */
#define RES_HEADER_LINE "variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note"

/* Every statistic of results.csv (docs/results-format.md; formulas in
 * docs/statistics.md). X(ENUM, "name", indexed): an indexed statistic is
 * written once per scale point or answer, its name followed by "_" and the
 * index from 1 ("count_point_3"). stats writes rows by these enums and
 * plots looks them up by them, so a misspelt statistic does not compile. */
#define RES_STATISTICS(X) \
	/* study-wide (variable "*") */ \
	X(BOOTSTRAP_SEED, "bootstrap_seed", 0) \
	X(BOOTSTRAP_RESAMPLES, "bootstrap_resamples", 0) \
	X(MIN_GROUP_SIZE, "min_group_size", 0) \
	X(PAIRED_LEAD_MIN, "paired_lead_min", 0) \
	X(CONF_LEVEL, "conf_level", 0) \
	X(SMALLEST_CHANGE, "smallest_change", 0) \
	X(RESPONDENTS, "respondents", 0) \
	X(DATASET_FORMAT, "dataset_format", 0) \
	/* one wave */ \
	X(N, "n", 0) \
	X(REVERSED, "reversed", 0) \
	X(N_MISSING, "n_missing", 0) \
	X(COUNT_NONSUBST, "count_nonsubst", 1) \
	X(COUNT_BLANK, "count_blank", 0) \
	X(COUNT_REJECTED, "count_rejected", 0) \
	X(MEAN, "mean", 0) \
	X(SD, "sd", 0) \
	X(MEDIAN, "median", 0) \
	X(Q1, "q1", 0) \
	X(Q3, "q3", 0) \
	X(MEAN_CI_LOW, "mean_ci_low", 0) \
	X(MEAN_CI_HIGH, "mean_ci_high", 0) \
	X(MEAN_0_100, "mean_0_100", 0) \
	X(MEAN_0_100_CI_LOW, "mean_0_100_ci_low", 0) \
	X(MEAN_0_100_CI_HIGH, "mean_0_100_ci_high", 0) \
	X(COUNT_POINT, "count_point", 1) \
	X(PCT_POINT, "pct_point", 1) \
	X(COUNT_BIN, "count_bin", 1) \
	X(PCT_BIN, "pct_bin", 1) \
	X(TOP2, "top2", 0) \
	X(TOP2_CI_LOW, "top2_ci_low", 0) \
	X(TOP2_CI_HIGH, "top2_ci_high", 0) \
	/* change, paired */ \
	X(N_PAIRS, "n_pairs", 0) \
	X(PAIRED_LEADS, "paired_leads", 0) \
	X(MEAN_BASE, "mean_base", 0) \
	X(MEAN_LATER, "mean_later", 0) \
	X(MEAN_DIFF, "mean_diff", 0) \
	X(SD_DIFF, "sd_diff", 0) \
	X(MEAN_DIFF_CI_LOW, "mean_diff_ci_low", 0) \
	X(MEAN_DIFF_CI_HIGH, "mean_diff_ci_high", 0) \
	X(T, "t", 0) \
	X(DF, "df", 0) \
	X(P, "p", 0) \
	X(HOLM_P, "holm_p", 0) \
	X(BH_P, "bh_p", 0) \
	/* the verdict (both designs: of the paired t or of Welch's test) */ \
	X(VERDICT_M, "verdict_m", 0) \
	X(VERDICT_CI_LOW, "verdict_ci_low", 0) \
	X(VERDICT_CI_HIGH, "verdict_ci_high", 0) \
	X(VERDICT, "verdict", 0) \
	X(SIGNEDRANK_V, "signedrank_v", 0) \
	X(SIGNEDRANK_P, "signedrank_p", 0) \
	X(SIGNEDRANK_EXACT, "signedrank_exact", 0) \
	X(SIGNEDRANK_HOLM_P, "signedrank_holm_p", 0) \
	X(SIGNEDRANK_BH_P, "signedrank_bh_p", 0) \
	X(RANK_BISERIAL, "rank_biserial", 0) \
	X(D_Z, "d_z", 0) \
	X(D_Z_CI_LOW, "d_z_ci_low", 0) \
	X(D_Z_CI_HIGH, "d_z_ci_high", 0) \
	X(G_AV, "g_av", 0) \
	X(G_AV_CI_LOW, "g_av_ci_low", 0) \
	X(G_AV_CI_HIGH, "g_av_ci_high", 0) \
	X(TOP2_BASE, "top2_base", 0) \
	X(TOP2_LATER, "top2_later", 0) \
	X(TOP2_DIFF, "top2_diff", 0) \
	X(TOP2_DIFF_CI_LOW, "top2_diff_ci_low", 0) \
	X(TOP2_DIFF_CI_HIGH, "top2_diff_ci_high", 0) \
	X(MCNEMAR_CHI2, "mcnemar_chi2", 0) \
	X(MCNEMAR_P, "mcnemar_p", 0) \
	X(MCNEMAR_HOLM_P, "mcnemar_holm_p", 0) \
	X(MCNEMAR_BH_P, "mcnemar_bh_p", 0) \
	/* change, independent (with mean_*, rank_biserial, top2_* above) */ \
	X(N_BASE, "n_base", 0) \
	X(N_LATER, "n_later", 0) \
	X(WELCH_T, "welch_t", 0) \
	X(WELCH_DF, "welch_df", 0) \
	X(WELCH_P, "welch_p", 0) \
	X(WELCH_CI_LOW, "welch_ci_low", 0) \
	X(WELCH_CI_HIGH, "welch_ci_high", 0) \
	X(MANNWHITNEY_W, "mannwhitney_w", 0) \
	X(MANNWHITNEY_P, "mannwhitney_p", 0) \
	X(MANNWHITNEY_EXACT, "mannwhitney_exact", 0) \
	X(MANNWHITNEY_HOLM_P, "mannwhitney_holm_p", 0) \
	X(MANNWHITNEY_BH_P, "mannwhitney_bh_p", 0) \
	X(HEDGES_G, "hedges_g", 0) \
	X(HEDGES_G_CI_LOW, "hedges_g_ci_low", 0) \
	X(HEDGES_G_CI_HIGH, "hedges_g_ci_high", 0) \
	/* bootstrap (scales, both designs) */ \
	X(BOOT_PCT_CI_LOW, "boot_pct_ci_low", 0) \
	X(BOOT_PCT_CI_HIGH, "boot_pct_ci_high", 0) \
	X(BOOT_BCA_CI_LOW, "boot_bca_ci_low", 0) \
	X(BOOT_BCA_CI_HIGH, "boot_bca_ci_high", 0) \
	/* reliability */ \
	X(ALPHA_N, "alpha_n", 0) \
	X(ALPHA, "alpha", 0) \
	X(ALPHA_CI_LOW, "alpha_ci_low", 0) \
	X(ALPHA_CI_HIGH, "alpha_ci_high", 0) \
	X(ALPHA_IF_DELETED, "alpha_if_deleted", 0) \
	X(ITEM_TOTAL_R, "item_total_r", 0) \
	/* the Net Promoter Score (items with nps = yes): one wave, then both designs of a change */ \
	X(NPS, "nps", 0) \
	X(NPS_CI_LOW, "nps_ci_low", 0) \
	X(NPS_CI_HIGH, "nps_ci_high", 0) \
	X(NPS_PROMOTERS, "nps_promoters", 0) \
	X(NPS_PASSIVES, "nps_passives", 0) \
	X(NPS_DETRACTORS, "nps_detractors", 0) \
	X(NPS_BASE, "nps_base", 0) \
	X(NPS_LATER, "nps_later", 0) \
	X(NPS_DIFF, "nps_diff", 0) \
	X(NPS_DIFF_CI_LOW, "nps_diff_ci_low", 0) \
	X(NPS_DIFF_CI_HIGH, "nps_diff_ci_high", 0)

#define RES_STAT_ENUM(id, name, indexed) RS_##id,
enum res_stat { RES_STATISTICS(RES_STAT_ENUM) RS_N_STATISTICS /* how many there are */ };
#undef RES_STAT_ENUM

/* The name of s ("mean"; for an indexed statistic the stem, "count_point"). */
const char *res_stat_name(enum res_stat s);
/* 1 when s is written once per index (count_point_V and the like). */
int res_stat_indexed(enum res_stat s);
/* The name as written in results.csv: the stem and "_index" for an indexed
 * statistic (index >= 1), the plain name otherwise (index ignored). Writes
 * at most size bytes (NUL included) to buf and returns buf. */
char *res_stat_format(enum res_stat s, int index, char *buf, size_t size);
/* The statistic a name of results.csv stands for, with its index (0 when
 * not indexed). Returns 0, or -1 for a name not in the catalogue. */
int res_stat_parse(const char *name, enum res_stat *s, int *index);

/* The value of a `verdict` row (docs/statistics.md, the verdict): what a
 * change is, judged from its adjusted interval [verdict_ci_low,
 * verdict_ci_high] and the smallest change that matters. */
enum res_verdict {
	RES_VERDICT_DOWN = -1,     /* surely lower: the interval lies below 0 */
	RES_VERDICT_UNCHANGED = 0, /* about unchanged: it lies inside +-smallest_change */
	RES_VERDICT_UP = 1,        /* surely higher: it lies above 0 */
	RES_VERDICT_UNDECIDED = 2  /* cannot be decided: too few answers to tell */
};

/* The status column. */
enum res_status {
	RES_OK,         /* "ok": value holds the number */
	RES_SUPPRESSED, /* "suppressed": hidden for anonymity; the reason says which kind */
	RES_NA          /* "not_applicable": not computable; the reason says why */
};
const char *res_status_name(enum res_status s);
/* Returns 0, or -1 for a name that is no status. */
int res_status_parse(const char *name, enum res_status *s);

/* The note column: why a row has no number. The two suppression reasons
 * are the only notes of a suppressed row (docs/statistics.md, suppression);
 * the others are the reasons a statistic cannot be computed from the data
 * (docs/statistics.md, the notes). A message of the numerics that names a
 * bad argument ("invalid confidence level") is no reason: stats aborts
 * when one reaches a row, as a bug. */
#define RES_REASONS(X) \
	X(NONE, "") \
	X(FEWER, "fewer than minimum") \
	X(COMPLEMENTARY, "complementary") \
	X(SUPPRESSED, "suppressed to protect small groups") \
	X(NO_OBSERVATIONS, "no observations") \
	X(NOT_ENOUGH, "not enough observations") \
	X(CONSTANT, "data are essentially constant") \
	X(NO_PAIRS, "no pairs") \
	X(ZERO_DIFFERENCES, "all differences are zero") \
	X(NO_DISCORDANT, "no discordant pairs") \
	X(TOP2_POINTS, "top-2 box needs at least 4 scale points") \
	X(FEWER_TWO_ITEMS, "fewer than two items") \
	X(FEWER_THREE_ITEMS, "fewer than three items") \
	X(CI_NOT_FOUND, "confidence interval not found") \
	X(BOOT_TOO_LARGE, "sample too large for the bootstrap") \
	X(BCA_ONE_SIDE, "all resamples on one side of the estimate") \
	X(BCA_NO_ACCELERATION, "acceleration undefined") \
	X(BCA_ACCELERATION_TOO_LARGE, "acceleration too large") \
	X(SCALE_NO_ITEMS, "scale has no items") \
	X(SCALE_MIXED, "items of the scale use answer scales with different numbers of points") \
	X(NOT_FINITE, "not finite") \
	X(NOT_APPLICABLE, "not applicable") \
	X(PAIRS_WITHHELD, "pairs withheld to protect small groups")

#define RES_REASON_ENUM(id, text) RES_WHY_##id,
enum res_reason { RES_REASONS(RES_REASON_ENUM) RES_WHY_COUNT };
#undef RES_REASON_ENUM
/* Code tests a reason for "any" with if (why): none must be 0. */
_Static_assert(RES_WHY_NONE == 0, "RES_WHY_NONE must be 0");

/* The note written for r ("" for RES_WHY_NONE). */
const char *res_reason_text(enum res_reason r);
/* Returns 0, or -1 for a note that is no known reason. */
int res_reason_parse(const char *text, enum res_reason *r);
/* 1 for the reasons a suppressed row may carry: SUPPRESSED, the one note
 * stats writes for every suppressed row, and FEWER, COMPLEMENTARY, which
 * the report still reads. */
int res_reason_is_suppression(enum res_reason r);

/* The names of a row's key (docs/results-format.md) besides the variable,
 * the breakdown value and the wave id, which come from the study: stats
 * writes and plots looks up rows by these, so a misspelt one does not
 * compile. */

/* The breakdown column: which respondents a row is about. */
enum res_breakdown {
	RES_BD_ALL,                /* "all" (breakdown_value empty) */
	RES_BD_GROUP,              /* "group": a respondent group */
	RES_BD_MUNICIPALITY,       /* "municipality" */
	RES_BD_MUNICIPALITY_GROUP, /* "municipality_group": a group in a municipality */
	RES_BD_UNIT,               /* "unit": a unit of a municipality */
	RES_BD_DATASET,            /* "dataset": the clean.tds the results came from
				      (breakdown_value its SHA-256) */
	RES_BD_COUNT               /* how many there are */
};
const char *res_breakdown_name(enum res_breakdown b);

/* The design column: empty for a number about one wave, else how a
 * change between two waves is estimated. */
enum res_design {
	RES_DESIGN_NONE,        /* "" */
	RES_DESIGN_PAIRED,      /* "paired": respondents paired by key */
	RES_DESIGN_INDEPENDENT, /* "independent": the two waves as samples */
	RES_DESIGN_COUNT
};
const char *res_design_name(enum res_design d);

/* The variable_type column: empty for the study-wide rows (variable "*"). */
enum res_var_type {
	RES_VAR_NONE,  /* "" */
	RES_VAR_ITEM,  /* "item" */
	RES_VAR_SCALE, /* "scale" */
	RES_VAR_COUNT
};
const char *res_var_type_name(enum res_var_type t);

/* Append the breakdown_value of a cell inside a municipality to sb:
 * "MUNICIPALITY|GROUPID" (municipality_group) or "MUNICIPALITY|UNIT" (unit;
 * an empty municipality for a unit that belongs to none). */
void res_cell_value(struct strbuf *sb, const char *municipality, const char *part);

/* The wave column of a change from wave base to wave later: "base..later"
 * ("foer..efter"). Returns a new string, which the caller frees. */
char *res_comparison(const char *base, const char *later);

#endif
