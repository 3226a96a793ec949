/* panel_sim.c: the response model of the panel designs: draws respondents, their waves and answers, and the answer distributions. */
#include "panel.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

double panel_latent(const struct panel_design *d, int w, int g, int t)
{
	return d->traits[t].base[g] + d->traits[t].change[w][g];
}

/* The point nearest to lo + (y - 1) * (hi - lo) / 4, clamped: a value lo..hi. */
static int value_of(const struct panel_answers *a, double y)
{
	long v = lround(a->lo + (y - 1) * (a->hi - a->lo) / 4);
	return v < a->lo ? a->lo : v > a->hi ? a->hi : (int)v;
}

double panel_cdf(const struct panel_design *d, size_t j, double mu, int k)
{
	const struct panel_answers *a = &d->answers[d->items[j].answers];
	if (k >= a->hi - a->lo)
		return 1;
	/* value <= lo + k exactly when y < 1 + (k + 0.5) * 4 / (hi - lo) */
	double cut = 1 + (k + 0.5) * 4 / (a->hi - a->lo);
	double sd = sqrt(SIGMA_T * SIGMA_T + SIGMA_E * SIGMA_E);
	return gsl_cdf_ugaussian_P((cut - mu) / sd);
}

int panel_value(const struct panel_design *d, size_t j, uint8_t v)
{
	return d->answers[d->items[j].answers].lo + v - 1;
}

/* One respondent's answers in wave w, and when they answered. */
static void answer(const struct panel_sim *sim, gsl_rng *r, const struct panel_person *p, int w,
		   const double *trait, struct panel_reply *rep)
{
	const struct panel_design *d = sim->d;
	const struct panel_wave *wave = &d->waves[w];
	for (int j = 0; j < d->n_items; j++) {
		const struct panel_item *it = &d->items[j];
		double y = panel_latent(d, w, p->group, it->trait) + it->offset +
			   SIGMA_T * (sqrt(R_GENERAL) * trait[0] + sqrt(1 - R_GENERAL) * trait[1 + it->trait]) +
			   gsl_ran_gaussian_ziggurat(r, SIGMA_E);
		double u = gsl_rng_uniform(r);
		const struct panel_answers *a = &d->answers[it->answers];
		if (u < BLANK_RATE) {
			rep->v[j] = 0;
		} else if (u < BLANK_RATE + it->dontknow) {
			rep->v[j] = V_DONTKNOW;
		} else {
			int v = value_of(a, y);
			if (it->reverse)
				v = a->lo + a->hi - v;
			rep->v[j] = (uint8_t)(v - a->lo + 1);
		}
	}
	rep->comment = -1;
	if (gsl_rng_uniform(r) < 0.12)
		rep->comment = (int16_t)gsl_rng_uniform_int(r, (unsigned long)d->n_comments);
	/* most answer in the first week, the rest after the reminder */
	double day = gsl_rng_uniform(r) < 0.7 ? gsl_ran_exponential(r, 2.0) : 7 + gsl_ran_exponential(r, 3.0);
	if (day > wave->days - 1)
		day = wave->days - 1;
	rep->t_start = (int32_t)day * 86400 + (8 + (int32_t)gsl_rng_uniform_int(r, 14)) * 3600 +
		       (int32_t)gsl_rng_uniform_int(r, 3600);
	rep->t_end = rep->t_start + 120 + (int32_t)gsl_rng_uniform_int(r, 600);
	rep->ls_seed = (uint32_t)gsl_rng_uniform_int(r, 2147483647UL);
}

static int cmp_start(const void *a, const void *b)
{
	const struct panel_reply *x = a, *y = b;
	if (x->t_start != y->t_start)
		return x->t_start < y->t_start ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

/* Who answers which wave: a panel answers each wave with probability
 * response; otherwise people 0..paired-1 answer both waves, then the first
 * wave only, then the second only. Groups by the design's shares. */
static void draw_people(struct panel_sim *sim, gsl_rng *r)
{
	const struct panel_design *d = sim->d;
	long paired = lround(d->paired_share * sim->n), single = sim->n - paired;
	sim->n_people = d->panel ? (size_t)sim->n : (size_t)(paired + 2 * single);
	sim->people = xcalloc(sim->n_people, sizeof(*sim->people));
	double share[PANEL_MAX_GROUPS];
	for (int g = 0; g < d->n_groups; g++)
		share[g] = d->groups[g].share;
	gsl_ran_discrete_t *group_t = gsl_ran_discrete_preproc((size_t)d->n_groups, share);
	for (size_t i = 0; i < sim->n_people; i++) {
		struct panel_person *p = &sim->people[i];
		p->group = (uint8_t)gsl_ran_discrete(r, group_t);
		p->no = (uint32_t)i + 1;
		if (d->panel) {
			for (int w = 0; w < d->n_waves; w++)
				if (gsl_rng_uniform(r) < d->response)
					p->waves |= (uint8_t)(1u << w);
		} else {
			p->waves = (long)i < paired ? 3 : (long)i < paired + single ? 1 : 2;
		}
	}
	gsl_ran_discrete_free(group_t);
	/* participant numbers: a random order, so the number says nothing of the wave */
	gsl_ran_shuffle(r, sim->people, sim->n_people, sizeof(*sim->people));
}

void panel_simulate(struct panel_sim *sim, gsl_rng *r)
{
	const struct panel_design *d = sim->d;
	draw_people(sim, r);
	for (int w = 0; w < d->n_waves; w++) {
		sim->replies[w] = xcalloc(sim->n_people, sizeof(struct panel_reply));
		sim->reply_of[w] = xmalloc(sim->n_people * sizeof(long));
	}
	double c = sqrt(1 - RHO * RHO);
	for (size_t i = 0; i < sim->n_people; i++) {
		const struct panel_person *p = &sim->people[i];
		double trait[1 + PANEL_MAX_TRAITS];
		for (int k = 0; k < 1 + d->n_traits; k++)
			trait[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
		for (int w = 0; w < d->n_waves; w++) {
			if (w > 0)
				for (int k = 0; k < 1 + d->n_traits; k++)
					trait[k] = RHO * trait[k] + c * gsl_ran_gaussian_ziggurat(r, 1.0);
			if (!(p->waves & (1u << w)))
				continue;
			struct panel_reply *rep = &sim->replies[w][sim->n_replies[w]++];
			rep->person = (uint32_t)i;
			answer(sim, r, p, w, trait, rep);
		}
	}
	/* both tools list responses in the order they started */
	for (int w = 0; w < d->n_waves; w++) {
		qsort(sim->replies[w], sim->n_replies[w], sizeof(struct panel_reply), cmp_start);
		for (size_t i = 0; i < sim->n_people; i++)
			sim->reply_of[w][i] = -1;
		for (size_t k = 0; k < sim->n_replies[w]; k++)
			sim->reply_of[w][sim->replies[w][k].person] = (long)k;
	}
}

void panel_release(struct panel_sim *sim)
{
	free(sim->people);
	for (int w = 0; w < PANEL_MAX_WAVES; w++) {
		free(sim->replies[w]);
		free(sim->reply_of[w]);
	}
}
