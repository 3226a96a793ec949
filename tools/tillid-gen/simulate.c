/* simulate.c: the response model of tillid-gen: draws respondents, their pseudonyms and answers, and the expected means. */
#include "gen.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

double latent_mean(int w, int g, int m, int s)
{
	double mu = scales[s].base[g] + munis[m].offset;
	if (w == W_EFTER) {
		mu += scales[s].change[g];
		if (scales[s].declines)
			mu += munis[m].decline;
	}
	return mu;
}

/* E[clamp(round(Y), 1, 5)] for Y ~ N(mu, sd^2). */
static double expected_point(double mu, double sd)
{
	double e = 0, prev = 0;
	for (int k = 1; k <= 4; k++) {
		double c = gsl_cdf_ugaussian_P((k + 0.5 - mu) / sd);
		e += k * (c - prev);
		prev = c;
	}
	return e + 5 * (1 - prev);
}

double expected_scored(int w, int g, int m, size_t j)
{
	double sd = sqrt(SIGMA_T * SIGMA_T + SIGMA_E * SIGMA_E);
	return expected_point(latent_mean(w, g, m, items[j].scale) + items[j].offset, sd);
}

static int clamp_point(double y)
{
	long v = lround(y);
	return v < 1 ? 1 : v > 5 ? 5 : (int)v;
}

/* Seconds from the start of the field period at which a respondent answers:
 * most in the first days, a second wave after the reminder on day 14. */
static int32_t draw_answer_time(gsl_rng *r, const gsl_ran_discrete_t *hours)
{
	double d = gsl_rng_uniform(r) < 0.65 ? gsl_ran_exponential(r, 4.0)
					      : 14 + gsl_ran_exponential(r, 4.0);
	int day = d > FIELD_DAYS ? FIELD_DAYS : (int)d;
	int hour = (int)gsl_ran_discrete(r, hours);
	return day * 86400 + hour * 3600 + (int32_t)gsl_rng_uniform_int(r, 3600);
}

static void answer_wave(gsl_rng *r, const gsl_ran_discrete_t *hours, const struct person *p, int w,
			const double trait[1 + N_SCALES], struct reply *rep)
{
	int g = p->group;
	rep->pages = 3;
	if (gsl_rng_uniform(r) < BREAKOFF_RATE)
		rep->pages = 1 + (uint8_t)gsl_rng_uniform_int(r, 2);
	double scored_sum = 0;
	int scored_n = 0;
	for (size_t j = 0; j < N_ITEMS; j++) {
		const struct item_def *it = &items[j];
		double y = latent_mean(w, g, p->muni, it->scale) + it->offset +
			   SIGMA_T * (sqrt(R_GENERAL) * trait[0] + sqrt(1 - R_GENERAL) * trait[1 + it->scale]) +
			   gsl_ran_gaussian_ziggurat(r, SIGMA_E);
		double u = gsl_rng_uniform(r);
		double refuse = it->answers == A_ENIG ? refuse_rate[g] : 0;
		if (it->page > rep->pages || u < BLANK_RATE) {
			rep->v[j] = 0;
		} else if (u < BLANK_RATE + refuse) {
			rep->v[j] = V_REFUSED;
		} else if (u < BLANK_RATE + refuse + it->dontknow[g]) {
			rep->v[j] = V_DONTKNOW;
		} else {
			int v = clamp_point(y);
			scored_sum += v;
			scored_n++;
			rep->v[j] = (uint8_t)(it->reverse ? 6 - v : v);
		}
	}
	rep->comment = -1;
	if (rep->pages == 3 && gsl_rng_uniform(r) < groups[g].comment_rate) {
		int pool = 3;
		if (g != G_MEDARB) {
			double mean = scored_n ? scored_sum / scored_n : 3;
			pool = mean < 3.0 ? 0 : mean <= 3.7 ? 1 : 2;
		}
		rep->comment = (int16_t)(pool * 100 + gsl_rng_uniform_int(r, comment_pools[pool].n));
	}
	rep->t_start = draw_answer_time(r, hours);
	rep->t_end = rep->t_start + 180 + (int32_t)gsl_rng_uniform_int(r, 1200);
	if (rep->t_end >= (FIELD_DAYS + 1) * 86400) /* the survey closes at midnight */
		rep->t_end = (FIELD_DAYS + 1) * 86400 - 1;
	if (rep->t_start > rep->t_end - 180)
		rep->t_start = rep->t_end - 180;
	rep->ls_seed = (uint32_t)gsl_rng_uniform_int(r, 2147483647UL);
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (int k = 0; k < 15; k++)
		rep->token[k] = alnum[gsl_rng_uniform_int(r, sizeof(alnum) - 1)];
	rep->token[15] = '\0';
}

static int cmp_start(const void *a, const void *b)
{
	const struct reply *x = a, *y = b;
	if (x->t_start != y->t_start)
		return x->t_start < y->t_start ? -1 : 1;
	return x->person < y->person ? -1 : x->person > y->person;
}

/* People 0..paired-1 answer both waves, then baseline only, then
 * follow-up only; each in a municipality, unit and group drawn by the
 * design's weights. Returns TILLID_ESYS (err) when too few land in the
 * suppressed group's municipality to fill it. */
static int draw_people(struct study_sim *sim, gsl_rng *r, long paired, long single, struct strbuf *err)
{
	double mw[N_MUNIS], gw[N_GROUPS], gw_tiny[N_GROUPS];
	for (int m = 0; m < N_MUNIS; m++)
		mw[m] = munis[m].weight;
	for (int g = 0; g < N_GROUPS; g++)
		gw[g] = gw_tiny[g] = groups[g].share;
	gw_tiny[TINY_GROUP] = 0;
	gsl_ran_discrete_t *muni_t = gsl_ran_discrete_preproc(N_MUNIS, mw);
	gsl_ran_discrete_t *group_t = gsl_ran_discrete_preproc(N_GROUPS, gw);
	gsl_ran_discrete_t *group_tiny_t = gsl_ran_discrete_preproc(N_GROUPS, gw_tiny);
	gsl_ran_discrete_t *unit_t[N_MUNIS];
	size_t unit_first[N_MUNIS];
	for (int m = 0; m < N_MUNIS; m++) {
		double uw[N_UNITS];
		size_t k = 0;
		unit_first[m] = N_UNITS;
		for (size_t u = 0; u < N_UNITS; u++) {
			if (units[u].muni != m)
				continue;
			if (unit_first[m] == N_UNITS)
				unit_first[m] = u;
			uw[k++] = units[u].weight;
		}
		unit_t[m] = gsl_ran_discrete_preproc(k, uw);
	}

	size_t tiny_need[3] = { TINY_PAIRED, TINY_PER_WAVE - TINY_PAIRED, TINY_PER_WAVE - TINY_PAIRED };
	for (size_t i = 0; i < sim->n_people; i++) {
		struct person *p = &sim->people[i];
		int kind = (long)i < paired ? 0 : (long)i < paired + single ? 1 : 2;
		p->waves = kind == 0 ? 3 : kind == 1 ? 1 : 2;
		p->muni = (uint8_t)gsl_ran_discrete(r, muni_t);
		p->unit = (uint8_t)(unit_first[p->muni] + gsl_ran_discrete(r, unit_t[p->muni]));
		p->group = (uint8_t)gsl_ran_discrete(r, p->muni == TINY_MUNI ? group_tiny_t : group_t);
		p->has_email = gsl_rng_uniform(r) < groups[p->group].email_rate;
		if (p->muni == TINY_MUNI && tiny_need[kind] > 0) {
			tiny_need[kind]--;
			p->group = TINY_GROUP;
			p->has_email = gsl_rng_uniform(r) < groups[TINY_GROUP].email_rate;
		}
	}
	gsl_ran_discrete_free(muni_t);
	gsl_ran_discrete_free(group_t);
	gsl_ran_discrete_free(group_tiny_t);
	for (int m = 0; m < N_MUNIS; m++)
		gsl_ran_discrete_free(unit_t[m]);
	if (tiny_need[0] || tiny_need[1] || tiny_need[2]) {
		sb_addf(err, "too few respondents in %s for the design; use --respondents %d or more",
			munis[TINY_MUNI].name, MIN_RESPONDENTS);
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

/* Pseudonyms: distinct random numbers, at least four digits, drawn from a
 * range four times the municipality's head count. */
static void draw_pseudonyms(struct study_sim *sim, gsl_rng *r)
{
	size_t count[N_MUNIS] = { 0 };
	for (size_t i = 0; i < sim->n_people; i++)
		count[sim->people[i].muni]++;
	for (int m = 0; m < N_MUNIS; m++) {
		uint64_t range = 10000;
		int width = 4;
		while (range < 4 * (uint64_t)count[m] + 1) {
			range *= 10;
			width++;
		}
		sim->pseudo_width[m] = width;
		unsigned char *taken = xcalloc((size_t)(range / 8 + 1), 1);
		for (size_t i = 0; i < sim->n_people; i++) {
			struct person *p = &sim->people[i];
			if (p->muni != m)
				continue;
			uint32_t x;
			do
				x = 1 + (uint32_t)gsl_rng_uniform_int(r, (unsigned long)(range - 1));
			while (taken[x / 8] & (1u << (x % 8)));
			taken[x / 8] |= (unsigned char)(1u << (x % 8));
			p->pseudo = x;
		}
		free(taken);
	}
}

/* Traits and answers of everyone in each wave they answer. */
static void draw_answers(struct study_sim *sim, gsl_rng *r)
{
	for (int w = 0; w < N_WAVES; w++) {
		sim->replies[w] = xcalloc((size_t)sim->n, sizeof(struct reply));
		sim->reply_of[w] = xmalloc(sim->n_people * sizeof(long));
		sim->n_replies[w] = 0;
	}
	/* Weights of the hour of day at which people answer. */
	static const double hour_w[24] = {
		0, 0, 0, 0, 0, 0, 0.2, 1, 2, 3, 3, 2.5, 2, 2.5, 2.5, 2, 1.5, 1.5, 2, 3, 3.5, 3, 2, 0.8,
	};
	gsl_ran_discrete_t *hours = gsl_ran_discrete_preproc(24, hour_w);
	double c = sqrt(1 - RHO * RHO);
	for (size_t i = 0; i < sim->n_people; i++) {
		struct person *p = &sim->people[i];
		double trait[1 + N_SCALES];
		for (int k = 0; k < 1 + N_SCALES; k++)
			trait[k] = gsl_ran_gaussian_ziggurat(r, 1.0);
		for (int w = 0; w < N_WAVES; w++) {
			sim->reply_of[w][i] = -1;
			if (!(p->waves & (1 << w)))
				continue;
			if (w == W_EFTER && (p->waves & 1))
				for (int k = 0; k < 1 + N_SCALES; k++)
					trait[k] = RHO * trait[k] + c * gsl_ran_gaussian_ziggurat(r, 1.0);
			struct reply *rep = &sim->replies[w][sim->n_replies[w]++];
			rep->person = (uint32_t)i;
			answer_wave(r, hours, p, w, trait, rep);
		}
	}
	gsl_ran_discrete_free(hours);
}

int simulate(struct study_sim *sim, gsl_rng *r, struct strbuf *err)
{
	long paired = lround(PAIRED_SHARE * sim->n);
	long single = sim->n - paired;
	sim->n_people = (size_t)(paired + 2 * single);
	sim->people = xcalloc(sim->n_people, sizeof(*sim->people));
	int rc = draw_people(sim, r, paired, single, err);
	if (rc != TILLID_OK)
		return rc;
	draw_pseudonyms(sim, r);
	draw_answers(sim, r);

	/* Export order: SurveyXact lists respondents in the (random) order the
	 * list was uploaded; LimeSurvey numbers responses as they start. */
	gsl_ran_shuffle(r, sim->replies[W_FOER], sim->n_replies[W_FOER], sizeof(struct reply));
	qsort(sim->replies[W_EFTER], sim->n_replies[W_EFTER], sizeof(struct reply), cmp_start);
	for (int w = 0; w < N_WAVES; w++) {
		sim->created_offset[w] = -3 * 86400 + 13 * 3600 + (int)gsl_rng_uniform_int(r, 3600);
		for (size_t k = 0; k < sim->n_replies[w]; k++)
			sim->reply_of[w][sim->replies[w][k].person] = (long)k;
	}
	return TILLID_OK;
}

void sim_release(struct study_sim *sim)
{
	free(sim->people);
	for (int w = 0; w < N_WAVES; w++) {
		free(sim->replies[w]);
		free(sim->reply_of[w]);
	}
}
