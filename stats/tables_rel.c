/* tables_rel.c: the Cronbach sums of the counting pass, counted by answer pattern or respondent by respondent. */
#include "tables.h"
#include "tables_internal.h"

#include <stdlib.h>

/* A scale of m items on k points whose answer patterns are at most
 * tables_rel_patterns_max (k^m) has its complete answers counted by
 * pattern while the pass runs, one counter per respondent instead of its
 * m(m + 3)/2 sums; rel_unfold turns the patterns into the same sums
 * afterwards (integers: the same values). */
enum { REL_MAX_ITEMS = 64 };
size_t tables_rel_patterns_max = 4096;

const struct rel_sums *tables_rel(const struct tables *t, size_t scale, size_t wave, size_t rcell)
{
	return &t->rel[(scale * t->n_waves + wave) * (1 + t->n_groups) + rcell];
}

void make_rel(struct tables *t)
{
	const struct tds_meta *m = &t->d->meta;
	size_t n = m->n_scales * t->n_waves * (1 + t->n_groups);
	t->rel = xcalloc(n ? n : 1, sizeof(*t->rel));
	for (size_t s = 0; s < m->n_scales; s++) {
		const struct scale_def *sd = t->vars[m->n_items + s].sd;
		if (sd->reason != RES_WHY_NONE)
			continue;
		for (size_t w = 0; w < t->n_waves; w++)
			for (size_t c = 0; c <= t->n_groups; c++) {
				struct rel_sums *r = &t->rel[(s * t->n_waves + w) * (1 + t->n_groups) + c];
				r->s = xcalloc(sd->m, sizeof(*r->s));
				r->ss = xcalloc(sd->m * sd->m, sizeof(*r->ss));
			}
	}
}

void rel_fill_init(struct rel_fill *rf, const struct tables *t)
{
	const struct tds_meta *m = &t->d->meta;
	size_t ns = m->n_scales ? m->n_scales : 1, total = 0, blocks = t->n_waves * (1 + t->n_groups);
	rf->off = xmalloc(ns * sizeof(*rf->off));
	rf->n_pat = xmalloc(ns * sizeof(*rf->n_pat));
	for (size_t s = 0; s < m->n_scales; s++) {
		const struct scale_def *sd = t->vars[m->n_items + s].sd;
		size_t n = 1, j = 0;
		for (; sd->reason == RES_WHY_NONE && j < sd->m && n <= tables_rel_patterns_max; j++)
			n *= (size_t)sd->k;
		rf->off[s] = SIZE_MAX;
		rf->n_pat[s] = n;
		if (sd->reason == RES_WHY_NONE && n <= tables_rel_patterns_max && sd->m <= REL_MAX_ITEMS) {
			rf->off[s] = total;
			total += n * blocks;
		}
	}
	rf->hist = xcalloc(total ? total : 1, sizeof(*rf->hist));
}

void rel_fill_release(struct rel_fill *rf)
{
	free(rf->off);
	free(rf->n_pat);
	free(rf->hist);
}

/* Cronbach sums of one respondent with values vals and answer patterns
 * pat (row_slots), counted in the cell of its group only (rcell 1 +
 * group, or 0 when it has none; fold_rel adds the groups into "all"
 * afterwards), by answer pattern or over the upper triangle of the cross
 * products of its scored values (fold_rel mirrors it; x: room for the
 * largest scale's m values). */
void add_rel(struct tables *t, struct rel_fill *rf, const struct tds_row *row,
		    const uint8_t *vals, const size_t *pat, uint64_t *x)
{
	const struct tds_meta *m = &t->d->meta;
	size_t rc = row->group != TDS_NONE ? 1 + (size_t)row->group : 0;
	size_t block = row->wave * (1 + t->n_groups) + rc;
	for (size_t s = 0; s < m->n_scales; s++) {
		if (pat[s] == NO_PATTERN)
			continue; /* listwise: only respondents who answered every item */
		if (rf->off[s] != SIZE_MAX) {
			rf->hist[rf->off[s] + block * rf->n_pat[s] + pat[s]]++;
			continue;
		}
		const struct scale_def *sd = t->vars[m->n_items + s].sd;
		struct rel_sums *r = &t->rel[s * t->n_waves * (1 + t->n_groups) + block];
		r->n++;
		for (size_t a = 0; a < sd->m; a++)
			x[a] = sd->scored[a * 256 + vals[sd->items[a]]];
		for (size_t a = 0; a < sd->m; a++) {
			r->s[a] += x[a];
			uint64_t *ss = r->ss + a * sd->m;
			for (size_t b = a; b < sd->m; b++)
				ss[b] += x[a] * x[b];
		}
	}
}

/* The patterns counted by add_rel added into the Cronbach sums (the upper
 * triangle), as add_rel would have added each respondent's. */
void rel_unfold(struct tables *t, const struct rel_fill *rf)
{
	const struct tds_meta *m = &t->d->meta;
	size_t blocks = t->n_waves * (1 + t->n_groups);
	uint64_t x[REL_MAX_ITEMS];
	for (size_t s = 0; s < m->n_scales; s++) {
		const struct scale_def *sd = t->vars[m->n_items + s].sd;
		if (rf->off[s] == SIZE_MAX)
			continue;
		for (size_t bl = 0; bl < blocks; bl++) {
			struct rel_sums *r = &t->rel[s * blocks + bl];
			const uint32_t *h = rf->hist + rf->off[s] + bl * rf->n_pat[s];
			for (size_t pat = 0; pat < rf->n_pat[s]; pat++) {
				if (!h[pat])
					continue;
				size_t rest = pat;
				for (size_t j = sd->m; j-- > 0; rest /= (size_t)sd->k)
					x[j] = rest % (size_t)sd->k + 1;
				uint64_t n = h[pat];
				r->n += n;
				for (size_t a = 0; a < sd->m; a++) {
					r->s[a] += n * x[a];
					for (size_t b = a; b < sd->m; b++)
						r->ss[a * sd->m + b] += n * (x[a] * x[b]);
				}
			}
		}
	}
}

/* The Cronbach sums as every cell's own: the lower triangle mirrored, and
 * "all" (rcell 0, so far the respondents without a group) the sum of
 * every rcell. */
void fold_rel(struct tables *t)
{
	const struct tds_meta *m = &t->d->meta;
	for (size_t s = 0; s < m->n_scales; s++) {
		const struct scale_def *sd = t->vars[m->n_items + s].sd;
		if (sd->reason != RES_WHY_NONE)
			continue;
		size_t mm = sd->m;
		for (size_t w = 0; w < t->n_waves; w++) {
			struct rel_sums *r = &t->rel[(s * t->n_waves + w) * (1 + t->n_groups)];
			for (size_t c = 0; c <= t->n_groups; c++)
				for (size_t a = 0; a < mm; a++)
					for (size_t b = 0; b < a; b++)
						r[c].ss[a * mm + b] = r[c].ss[b * mm + a];
			for (size_t c = 1; c <= t->n_groups; c++) {
				r[0].n += r[c].n;
				for (size_t a = 0; a < mm; a++)
					r[0].s[a] += r[c].s[a];
				for (size_t a = 0; a < mm * mm; a++)
					r[0].ss[a] += r[c].ss[a];
			}
		}
	}
}

