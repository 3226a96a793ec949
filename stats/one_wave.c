/* one_wave.c: the rows of one wave: counts, descriptives, the distribution and the top-2 box; and count tables read as samples. */
#include "analysis_internal.h"

#include <float.h>
#include <string.h>

struct wsample an_counts_sample(const struct tvar *v, const uint64_t *cnt, double *w)
{
	for (size_t i = 0; i < v->n_values; i++)
		w[i] = (double)cnt[i];
	return (struct wsample){ v->values, w, v->n_values };
}

double an_sample_n(const struct wsample *s)
{
	double n = 0;
	for (size_t i = 0; i < s->m; i++)
		n += s->w[i];
	return n;
}

double an_top2_count(const struct tvar *v, const struct wsample *s)
{
	double x = 0;
	for (size_t i = 0; i < s->m; i++)
		if (an_positive(v, s->x[i]))
			x += s->w[i];
	return x;
}

int an_r_essentially_constant(double se, double scale)
{
	return se < 10 * DBL_EPSILON * fabs(scale);
}

/* The distribution: items over their points; scales binned to the
 * nearest point (half up), V - 0.5 <= score < V + 0.5. */
static void distribution(struct emit *e, const struct tvar *v, const uint64_t *cnt, double n,
			 enum res_reason none)
{
	for (int p = 1; p <= v->k; p++) {
		double k = 0;
		if (!v->is_scale) {
			k = (double)cnt[p - 1];
		} else {
			for (size_t i = 0; i < v->n_values; i++)
				if ((int)floor(v->values[i] + 0.5) == p + v->shift)
					k += (double)cnt[i];
		}
		an_put_at(e, v->is_scale ? RS_COUNT_BIN : RS_COUNT_POINT, p, k, RES_WHY_NONE);
		an_put_at(e, v->is_scale ? RS_PCT_BIN : RS_PCT_POINT, p, n > 0 ? 100.0 * k / n : NAN, none);
	}
}

void an_one_wave(struct analysis_ctx *c, size_t var, size_t wave, size_t cell, struct emit *e)
{
	const struct tvar *v = &c->t.vars[var];
	const uint64_t *cnt = tables_counts(&c->t, var, wave, cell);
	struct wsample s = an_counts_sample(v, cnt, c->w);
	double n = an_sample_n(&s);
	double n_missing = 0;
	for (size_t i = v->n_values; i < v->n_slots; i++)
		n_missing += (double)cnt[i];

	struct num_desc ds;
	memset(&ds, 0, sizeof(ds));
	enum res_reason none = n == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	if (an_live(e) && n > 0)
		num_describe(&s, c->o->conf, &ds);

	an_put(e, RS_N, n, RES_WHY_NONE);
	an_put(e, RS_N_MISSING, n_missing, RES_WHY_NONE);
	if (!v->is_scale) {
		for (int j = 1; j <= v->n_nonsubst; j++)
			an_put_at(e, RS_COUNT_NONSUBST, j, (double)cnt[v->n_values + (size_t)j - 1], RES_WHY_NONE);
	}
	an_put(e, RS_COUNT_BLANK, (double)(cnt[tslot_blank(v)] + cnt[tslot_rejected(v)]), RES_WHY_NONE);
	if (!v->is_scale)
		an_put(e, RS_COUNT_REJECTED, (double)cnt[tslot_rejected(v)], RES_WHY_NONE);

	an_put(e, RS_MEAN, ds.mean, none);
	an_put(e, RS_SD, ds.sd, none ? none : n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE);
	an_put(e, RS_MEDIAN, ds.median, none);
	an_put(e, RS_Q1, ds.q1, none);
	an_put(e, RS_Q3, ds.q3, none);
	enum res_reason ci_why = none ? none : n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (!ci_why && an_live(e) && (ds.sd == 0 || an_r_essentially_constant(ds.se, ds.mean)))
		ci_why = RES_WHY_CONSTANT;
	an_put(e, RS_MEAN_CI_LOW, ds.ci_lo, ci_why);
	an_put(e, RS_MEAN_CI_HIGH, ds.ci_hi, ci_why);
	int lo = 1 + v->shift;
	an_put(e, RS_MEAN_0_100, score_0_100(ds.mean, lo, v->k), none);
	an_put(e, RS_MEAN_0_100_CI_LOW, score_0_100(ds.ci_lo, lo, v->k), ci_why);
	an_put(e, RS_MEAN_0_100_CI_HIGH, score_0_100(ds.ci_hi, lo, v->k), ci_why);
	distribution(e, v, cnt, n, none);

	/* top-2 box with Wilson's interval */
	enum res_reason t2why = !an_positive_defined(v) ? RES_WHY_TOP2_POINTS : none;
	struct num_interval wi;
	memset(&wi, 0, sizeof(wi));
	double x2 = an_top2_count(v, &s);
	if (an_live(e) && !t2why)
		num_wilson(x2, n, c->o->conf, &wi);
	an_put(e, RS_TOP2, n > 0 ? x2 / n : NAN, t2why);
	enum res_reason ciwhy = t2why ? t2why : an_note(wi.status, wi.reason);
	an_put(e, RS_TOP2_CI_LOW, wi.lo, ciwhy);
	an_put(e, RS_TOP2_CI_HIGH, wi.hi, ciwhy);
	an_nps_one_wave(c, e, v, &s);
}
