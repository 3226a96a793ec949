/* scores.c: scale definitions and exact scale scores (mean of answered items, at least half answered). */
#include "scores.h"

#include <stdlib.h>
#include <string.h>

void scale_def_init(struct scale_def *sd)
{
	memset(sd, 0, sizeof(*sd));
}

void scale_def_release(struct scale_def *sd)
{
	free(sd->items);
	free(sd->values);
	free(sd->lookup);
	free(sd->scored);
	scale_def_init(sd);
}

struct frac {
	int s, c;
};

/* s1/c1 versus s2/c2 for positive denominators, exactly. */
static int frac_cmp(const void *a, const void *b)
{
	const struct frac *x = a, *y = b;
	long l = (long)x->s * y->c, r = (long)y->s * x->c;
	return (l > r) - (l < r);
}

void scale_def_build(struct scale_def *sd, const struct tds_meta *m, size_t scale)
{
	scale_def_init(sd);
	sd->scale = scale;
	for (size_t i = 0; i < m->n_items; i++)
		if (m->items[i].scale >= 0 && (size_t)m->items[i].scale == scale)
			sd->m++;
	if (!sd->m) {
		sd->reason = RES_WHY_SCALE_NO_ITEMS;
		return;
	}
	sd->items = xmalloc(sd->m * sizeof(*sd->items));
	size_t j = 0;
	int k = -1;
	for (size_t i = 0; i < m->n_items; i++) {
		if (m->items[i].scale < 0 || (size_t)m->items[i].scale != scale)
			continue;
		sd->items[j++] = i;
		const struct tds_answers *a = &m->answers[m->items[i].answers];
		if (k < 0) {
			k = a->k;
			sd->shift = a->shift;
		} else if (k != a->k || sd->shift != a->shift) {
			k = 0; /* the study file refuses the same k with other values */
		}
	}
	if (k <= 0) {
		sd->reason = RES_WHY_SCALE_MIXED;
		return;
	}
	sd->k = k;
	sd->min_answered = (sd->m + 1) / 2;
	/* tds_scored's value of every byte of every item, read once per
	 * respondent and item in the counting pass. */
	struct tds d = { .meta = *m };
	sd->scored = xmalloc(sd->m * 256);
	for (size_t jj = 0; jj < sd->m; jj++)
		for (int v = 0; v < 256; v++)
			sd->scored[jj * 256 + (size_t)v] = (uint8_t)tds_scored(&d, sd->items[jj], (uint8_t)v);

	/* Enumerate every s/c, sort exactly, merge equal fractions. */
	size_t width = sd->m * (size_t)k + 1;
	size_t n_frac = 0;
	for (size_t c = sd->min_answered; c <= sd->m; c++)
		n_frac += c * (size_t)k - c + 1;
	struct frac *f = xmalloc(n_frac * sizeof(*f));
	size_t nf = 0;
	for (size_t c = sd->min_answered; c <= sd->m; c++)
		for (size_t s = c; s <= c * (size_t)k; s++)
			f[nf++] = (struct frac){ (int)s, (int)c };
	qsort(f, nf, sizeof(*f), frac_cmp);

	sd->values = xmalloc(nf * sizeof(*sd->values));
	sd->lookup = xmalloc((sd->m + 1) * width * sizeof(*sd->lookup));
	for (size_t i = 0; i < (sd->m + 1) * width; i++)
		sd->lookup[i] = SCORE_MISSING;
	for (size_t i = 0; i < nf; i++) {
		if (!i || frac_cmp(&f[i - 1], &f[i]))
			sd->values[sd->n_values++] = (double)(f[i].s + f[i].c * sd->shift) / (double)f[i].c;
		sd->lookup[(size_t)f[i].c * width + (size_t)f[i].s] = (uint32_t)(sd->n_values - 1);
	}
	free(f);
}

uint32_t scale_score_values(const struct scale_def *sd, const struct tds *d,
			    const uint8_t *values, int *sum, int *count, uint8_t *scored)
{
	int s = 0, c = 0;
	(void)d; /* sd->scored holds what tds_scored gives for d's items */
	if (sd->reason == RES_WHY_NONE) {
		for (size_t j = 0; j < sd->m; j++) {
			int v = sd->scored[j * 256 + values[sd->items[j]]];
			if (scored)
				scored[j] = (uint8_t)v;
			s += v;
			c += v > 0;
		}
	}
	if (sum)
		*sum = s;
	if (count)
		*count = c;
	if (sd->reason != RES_WHY_NONE)
		return SCORE_MISSING;
	return scale_score_of(sd, s, c);
}

uint32_t scale_score(const struct scale_def *sd, const struct tds *d, size_t row,
		     int *sum, int *count)
{
	return scale_score_values(sd, d, d->values + row * d->meta.n_items, sum, count, NULL);
}

/* 0-100 rescaling of a score on lo..lo + k - 1, as Danish survey reports do: (v-lo)/(k-1)*100. */
double score_0_100(double v, int lo, int k)
{
	return (v - (double)lo) / (double)(k - 1) * 100.0;
}
