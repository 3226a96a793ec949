/* panel_planted.c: planted.csv of a panel design: latent, expected and observed values per wave, group and measure. */
#include "panel.h"

#include <math.h>
#include <stdlib.h>

/* Sums of one cell of planted.csv. */
struct acc {
	unsigned long n;
	double latent, expected, observed;
};

static void acc_add(struct acc *a, double latent, double expected, double observed)
{
	a->n++;
	a->latent += latent;
	a->expected += expected;
	a->observed += observed;
}

/* The distribution of item j's value (index value - lo) at latent mean mu
 * (before a reverse-worded item is turned). */
static void value_probs(const struct panel_design *d, size_t j, double mu, double *p)
{
	const struct panel_answers *a = &d->answers[d->items[j].answers];
	double prev = 0;
	for (int k = 0; k <= a->hi - a->lo; k++) {
		double c = panel_cdf(d, j, mu, k);
		p[k] = c - prev;
		prev = c;
	}
}

/* Expected value of item j (scored: a reverse-worded item turned back). */
static double expected_item(const struct panel_design *d, size_t j, int w, int g)
{
	const struct panel_answers *a = &d->answers[d->items[j].answers];
	double p[PANEL_MAX_VALUES], e = 0;
	value_probs(d, j, panel_latent(d, w, g, d->items[j].trait) + d->items[j].offset, p);
	for (int k = 0; k <= a->hi - a->lo; k++)
		e += (a->lo + k) * p[k];
	return e;
}

static double expected_scale(const struct panel_design *d, int t, int w, int g)
{
	double sum = 0;
	int n = 0;
	for (int j = 0; j < d->n_items; j++)
		if (d->items[j].trait == t) {
			sum += expected_item(d, (size_t)j, w, g);
			n++;
		}
	return sum / n;
}

/* Scale score of trait t in a reply (scored values); 0 in *has when none. */
static double scale_score(const struct panel_design *d, const struct panel_reply *rep, int t, int *has)
{
	double sum = 0;
	int n = 0;
	for (int j = 0; j < d->n_items; j++) {
		const struct panel_answers *a = &d->answers[d->items[j].answers];
		uint8_t v = rep->v[j];
		if (d->items[j].trait != t || v == 0 || v == V_DONTKNOW)
			continue;
		int x = panel_value(d, (size_t)j, v);
		sum += d->items[j].reverse ? a->lo + a->hi - x : x;
		n++;
	}
	*has = n > 0;
	return n ? sum / n : 0;
}

/* x, or 0 when it would print as -0.0000. */
static double unsigned_zero(double x)
{
	return fabs(x) < 5e-5 ? 0 : x;
}

static void put_row(struct strbuf *b, const char *kind, const char *wave, const char *group, const char *measure,
		    const struct acc *a, int with_latent)
{
	if (!a->n)
		return;
	sb_addf(b, "%s,%s,%s,%s,%lu,", kind, wave, group, measure, a->n);
	if (with_latent)
		sb_addf(b, "%.4f", unsigned_zero(a->latent / a->n));
	sb_addf(b, ",%.4f,%.4f\n", unsigned_zero(a->expected / a->n), unsigned_zero(a->observed / a->n));
}

/* Rows of one wave and one group (g = n_groups: all) for every measure. */
static void put_wave(struct strbuf *b, const struct panel_sim *sim, int w, int g)
{
	const struct panel_design *d = sim->d;
	const char *group = g == d->n_groups ? "*" : d->groups[g].id;
	for (int t = 0; t < d->n_traits; t++) {
		if (!d->traits[t].scale)
			continue;
		struct acc a = { 0 };
		for (size_t k = 0; k < sim->n_replies[w]; k++) {
			const struct panel_reply *rep = &sim->replies[w][k];
			int pg = sim->people[rep->person].group, has;
			double s = scale_score(d, rep, t, &has);
			if (has && (g == d->n_groups || pg == g))
				acc_add(&a, panel_latent(d, w, pg, t), expected_scale(d, t, w, pg), s);
		}
		put_row(b, "scale", d->waves[w].id, group, d->traits[t].id, &a, 1);
	}
	for (int j = 0; j < d->n_items; j++) {
		const struct panel_answers *a = &d->answers[d->items[j].answers];
		int nps = d->items[j].nps, yes = a->hi - a->lo == 1;
		struct acc mean = { 0 }, share = { 0 };
		for (size_t k = 0; k < sim->n_replies[w]; k++) {
			const struct panel_reply *rep = &sim->replies[w][k];
			int pg = sim->people[rep->person].group;
			uint8_t v = rep->v[j];
			if (v == 0 || v == V_DONTKNOW || (g != d->n_groups && pg != g))
				continue;
			int x = panel_value(d, (size_t)j, v);
			double e = expected_item(d, (size_t)j, w, pg);
			acc_add(&mean, 0, d->items[j].reverse ? a->lo + a->hi - e : e, x);
			double mu = panel_latent(d, w, pg, d->items[j].trait) + d->items[j].offset;
			if (nps) /* percentage points: promoters 9-10 minus detractors 0-6 */
				acc_add(&share, 0, 100 * (1 - panel_cdf(d, (size_t)j, mu, 8) - panel_cdf(d, (size_t)j, mu, 6)),
					x >= 9 ? 100 : x <= 6 ? -100 : 0);
			else if (yes)
				acc_add(&share, 0, 1 - panel_cdf(d, (size_t)j, mu, 0), x == a->hi);
		}
		put_row(b, "item", d->waves[w].id, group, d->items[j].id, &mean, 0);
		if (nps || yes)
			put_row(b, nps ? "nps" : "yes", d->waves[w].id, group, d->items[j].id, &share, 0);
	}
}

/* Paired rows of the comparison of waves w0 and w1 for group g (all when
 * g = n_groups): the change of the scale score of respondents with a score
 * in both. */
static void put_pairs(struct strbuf *b, const struct panel_sim *sim, int w0, int w1, int g)
{
	const struct panel_design *d = sim->d;
	char wave[64];
	snprintf(wave, sizeof(wave), "%s..%s", d->waves[w0].id, d->waves[w1].id);
	for (int t = 0; t < d->n_traits; t++) {
		if (!d->traits[t].scale)
			continue;
		struct acc a = { 0 };
		for (size_t k = 0; k < sim->n_replies[w1]; k++) {
			const struct panel_reply *rep = &sim->replies[w1][k];
			long other = sim->reply_of[w0][rep->person];
			int pg = sim->people[rep->person].group, has0, has1;
			if (other < 0 || (g != d->n_groups && pg != g))
				continue;
			double s1 = scale_score(d, rep, t, &has1);
			double s0 = scale_score(d, &sim->replies[w0][other], t, &has0);
			if (has0 && has1)
				acc_add(&a, panel_latent(d, w1, pg, t) - panel_latent(d, w0, pg, t),
					expected_scale(d, t, w1, pg) - expected_scale(d, t, w0, pg), s1 - s0);
		}
		put_row(b, "paired", wave, g == d->n_groups ? "*" : d->groups[g].id, d->traits[t].id, &a, 1);
	}
}

int panel_write_planted(const char *dir, const struct panel_sim *sim, struct strbuf *err)
{
	const struct panel_design *d = sim->d;
	struct out_file o;
	if (out_open(&o, dir, "planted.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	sb_adds(b, "kind,wave,group,measure,n,latent,expected,observed\n");
	/* groups, then all of them; one group is the whole */
	int last = d->n_groups > 1 ? d->n_groups : 0;
	for (int w = 0; w < d->n_waves; w++)
		for (int g = 0; g <= last; g++)
			put_wave(b, sim, w, g);
	/* the comparisons tillid makes: every wave against the baseline, and
	 * from the third on against the one before */
	for (int w = 1; w < d->n_waves; w++)
		for (int prev = 0; prev < 2; prev++) {
			if (prev && w < 2)
				continue;
			for (int g = 0; g <= last; g++)
				put_pairs(b, sim, prev ? w - 1 : 0, w, g);
		}
	return out_close(&o, err);
}
