/* write_planted.c: planted.csv, the truths the sample was drawn from: latent, expected and observed means per cell. */
#include "gen.h"

#include <stdlib.h>

/* Accumulators for planted.csv: group and municipality index N_* = all. */
struct acc {
	unsigned long n;
	double latent, expected, observed;
};
#define AG (N_GROUPS + 1)
#define AM (N_MUNIS + 1)

static void acc_add(struct acc *cell, double latent, double expected, double observed)
{
	cell->n++;
	cell->latent += latent;
	cell->expected += expected;
	cell->observed += observed;
}

/* Add to the four cells (group or all) x (municipality or all). */
static void acc_add4(struct acc *base, size_t stride_g, size_t stride_m, int g, int m, double latent,
		     double expected, double observed)
{
	int gs[2] = { g, N_GROUPS }, ms[2] = { m, N_MUNIS };
	for (int a = 0; a < 2; a++)
		for (int c = 0; c < 2; c++)
			acc_add(&base[(size_t)gs[a] * stride_g + (size_t)ms[c] * stride_m], latent, expected,
				observed);
}

/* Scale scores: the mean of the scored answers to each scale's items;
 * has[s] is 0 when none of them was a scale point. */
static void scale_scores(const struct reply *rep, double score[N_SCALES], int has[N_SCALES])
{
	double sum[N_SCALES] = { 0 };
	int n[N_SCALES] = { 0 };
	for (size_t j = 0; j < N_ITEMS; j++) {
		uint8_t v = rep->v[j];
		if (v < 1 || v > 5)
			continue;
		sum[items[j].scale] += items[j].reverse ? 6 - v : v;
		n[items[j].scale]++;
	}
	for (int s = 0; s < N_SCALES; s++) {
		has[s] = n[s] > 0;
		score[s] = n[s] ? sum[s] / n[s] : 0;
	}
}

static double expected_scale(int w, int g, int m, int s)
{
	double sum = 0;
	int n = 0;
	for (size_t j = 0; j < N_ITEMS; j++)
		if (items[j].scale == s) {
			sum += expected_scored(w, g, m, j);
			n++;
		}
	return sum / n;
}

static void put_row(struct strbuf *b, const char *kind, const char *wave, int g, int m, const char *measure,
		    const struct acc *a, int with_latent)
{
	if (!a->n)
		return;
	sb_addf(b, "%s,%s,%s,%s,%s,%lu,", kind, wave, g == N_GROUPS ? "*" : groups[g].id,
		m == N_MUNIS ? "*" : munis[m].name, measure, a->n);
	if (with_latent)
		sb_addf(b, "%.4f", a->latent / a->n);
	sb_addf(b, ",%.4f,%.4f\n", a->expected / a->n, a->observed / a->n);
}

int write_planted(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	/* [wave][group][muni][scale], paired [group][muni][scale], item [wave][group][muni][item] */
	struct acc *sc = xcalloc((size_t)N_WAVES * AG * AM * N_SCALES, sizeof(struct acc));
	struct acc *pa = xcalloc((size_t)AG * AM * N_SCALES, sizeof(struct acc));
	struct acc *it = xcalloc((size_t)N_WAVES * AG * AM * N_ITEMS, sizeof(struct acc));
	double exp_item[N_WAVES][N_GROUPS][N_MUNIS][N_ITEMS];
	double exp_scale[N_WAVES][N_GROUPS][N_MUNIS][N_SCALES];
	for (int w = 0; w < N_WAVES; w++)
		for (int g = 0; g < N_GROUPS; g++)
			for (int m = 0; m < N_MUNIS; m++) {
				for (size_t j = 0; j < N_ITEMS; j++) {
					double e = expected_scored(w, g, m, j);
					exp_item[w][g][m][j] = items[j].reverse ? 6 - e : e;
				}
				for (int s = 0; s < N_SCALES; s++)
					exp_scale[w][g][m][s] = expected_scale(w, g, m, s);
			}

	for (int w = 0; w < N_WAVES; w++)
		for (size_t k = 0; k < sim->n_replies[w]; k++) {
			const struct reply *rep = &sim->replies[w][k];
			const struct person *p = &sim->people[rep->person];
			int g = p->group, m = p->muni;
			for (size_t j = 0; j < N_ITEMS; j++)
				if (rep->v[j] >= 1 && rep->v[j] <= 5)
					acc_add4(it + (size_t)w * AG * AM * N_ITEMS + j, AM * N_ITEMS, N_ITEMS, g, m, 0,
						 exp_item[w][g][m][j], rep->v[j]);
			double score[N_SCALES], before[N_SCALES];
			int has[N_SCALES], has_before[N_SCALES] = { 0 };
			scale_scores(rep, score, has);
			long other = w == W_EFTER ? sim->reply_of[W_FOER][rep->person] : -1;
			if (other >= 0)
				scale_scores(&sim->replies[W_FOER][other], before, has_before);
			for (int s = 0; s < N_SCALES; s++) {
				if (!has[s])
					continue;
				acc_add4(sc + (size_t)w * AG * AM * N_SCALES + s, AM * N_SCALES, N_SCALES, g, m,
					 latent_mean(w, g, m, s), exp_scale[w][g][m][s], score[s]);
				if (has_before[s])
					acc_add4(pa + s, AM * N_SCALES, N_SCALES, g, m,
						 latent_mean(W_EFTER, g, m, s) - latent_mean(W_FOER, g, m, s),
						 exp_scale[W_EFTER][g][m][s] - exp_scale[W_FOER][g][m][s],
						 score[s] - before[s]);
			}
		}

	struct out_file o;
	int rc = out_open(&o, dir, "planted.csv", err);
	if (!rc) {
		struct strbuf *b = &o.row;
		sb_adds(b, "kind,wave,group,municipality,measure,n,latent,expected,observed\n");
		for (int w = 0; w < N_WAVES; w++)
			for (int g = 0; g < AG; g++)
				for (int m = 0; m < AM; m++)
					for (int s = 0; s < N_SCALES; s++)
						put_row(b, "scale", waves[w].id, g, m, scales[s].id,
							&sc[(((size_t)w * AG + g) * AM + m) * N_SCALES + s], 1);
		for (int g = 0; g < AG; g++)
			for (int m = 0; m < AM; m++)
				for (int s = 0; s < N_SCALES; s++)
					put_row(b, "paired", "efter-foer", g, m, scales[s].id,
						&pa[((size_t)g * AM + m) * N_SCALES + s], 1);
		for (int w = 0; w < N_WAVES; w++)
			for (int g = 0; g < AG; g++)
				for (int m = 0; m < AM; m++)
					for (size_t j = 0; j < N_ITEMS; j++)
						put_row(b, "item", waves[w].id, g, m, items[j].id,
							&it[(((size_t)w * AG + g) * AM + m) * N_ITEMS + j], 0);
		rc = out_close(&o, err);
	}
	free(sc);
	free(pa);
	free(it);
	return rc;
}
