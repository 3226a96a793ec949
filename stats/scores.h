/* scores.h: scale scores: the mean of a respondent's answered items, held exactly as an index into the scale's sorted distinct values. */
#ifndef TILLID_SCORES_H
#define TILLID_SCORES_H

#include "core/dataset.h"
#include "core/results_schema.h"

#include <stddef.h>
#include <stdint.h>

/* A respondent's score on a scale is the mean of the scored values
 * (tds_scored: reverse-coded items flipped to k + 1 - v; a point's value
 * is p + shift, see tds_point_value) of the items answered, when at least half of the scale's m items are answered
 * (c >= ceil(m/2)); otherwise the score is missing.  A score is the
 * rational s/c with c in [ceil(m/2), m] and s in [c, c k], so a scale
 * takes at most a few hundred distinct values: they are enumerated once,
 * sorted exactly (by cross-multiplication) and a respondent's score is
 * stored as the index of its value.  values[i] is the double nearest to
 * (s + c shift)/c, the mean of the values (one correctly rounded division,
 * as R's sum(x)/length(x)). */
#define SCORE_MISSING UINT32_MAX

struct scale_def {
	size_t scale;      /* index into meta.scales */
	size_t m;          /* number of items */
	size_t *items;     /* [m] item indices, in meta order */
	int k;             /* scale points shared by every item; 0 if undefined */
	int shift;         /* the items' point p has the value p + shift; a score is
	                      the mean of values, (s + c shift)/c */
	size_t min_answered; /* ceil(m / 2) */
	enum res_reason reason; /* why scores are undefined (RES_WHY_SCALE_NO_ITEMS,
	                           RES_WHY_SCALE_MIXED), else RES_WHY_NONE */
	size_t n_values;   /* distinct scores */
	double *values;    /* [n_values], strictly ascending */
	uint32_t *lookup;  /* [(m + 1) * (m k + 1)]: index of s/c at c (m k + 1) + s */
	uint8_t *scored;   /* [m * 256]: tds_scored of item j's value v at j 256 + v */
};

void scale_def_init(struct scale_def *sd);
void scale_def_release(struct scale_def *sd);

/* Build the definition of scale `scale` of m.  A scale without items, or
 * whose items use answer scales with different numbers of points, gets
 * reason set (not RES_WHY_NONE) and n_values = 0 (not an error: its statistics are then not
 * applicable).  Never fails otherwise; aborts only when out of memory. */
void scale_def_build(struct scale_def *sd, const struct tds_meta *m, size_t scale);

/* The score of respondent row of d as an index into sd->values, or
 * SCORE_MISSING when fewer than min_answered items are answered or the
 * scale is undefined.  *sum and *count (may be NULL) receive s and c. */
uint32_t scale_score(const struct scale_def *sd, const struct tds *d, size_t row,
		     int *sum, int *count);

/* The same for an item value vector of one respondent (values[item]);
 * scored (may be NULL; unset when the scale is undefined) receives the
 * scored value of each of the scale's m items, 0 for no answer. */
uint32_t scale_score_values(const struct scale_def *sd, const struct tds *d,
			    const uint8_t *values, int *sum, int *count, uint8_t *scored);

/* The score of a respondent who answered c of the scale's items with
 * scored values summing to s, as an index into sd->values, or
 * SCORE_MISSING when c < min_answered.  sd must be defined (reason
 * RES_WHY_NONE). */
static inline uint32_t scale_score_of(const struct scale_def *sd, int s, int c)
{
	if ((size_t)c < sd->min_answered)
		return SCORE_MISSING;
	return sd->lookup[(size_t)c * (sd->m * (size_t)sd->k + 1) + (size_t)s];
}

/* A score (or item value) v on lo..lo + k - 1 moved to 0..100:
 * (v - lo)/(k - 1) 100. */
double score_0_100(double v, int lo, int k);

#endif
