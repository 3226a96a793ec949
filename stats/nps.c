/* nps.c: the rows of the Net Promoter Score of an item whose study file asks for it (nps = yes): per wave and for both designs of a change. */
#include "analysis_internal.h"

#include <string.h>

int an_nps_asked(const struct analysis_ctx *c, const struct tvar *v)
{
	return !v->is_scale && c->d->meta.items[v->index].nps;
}

/* The class of an answer on 0..10: 0 detractor (0-6), 1 passive (7-8),
 * 2 promoter (9-10) (Reichheld 2003). */
static int nps_class(double x)
{
	return x >= 9 ? 2 : x >= 7 ? 1 : 0;
}

/* The sample's answers by class; returns their number. */
static double class_counts(const struct wsample *s, double k[3])
{
	k[0] = k[1] = k[2] = 0;
	for (size_t i = 0; i < s->m; i++)
		k[nps_class(s->x[i])] += s->w[i];
	return k[0] + k[1] + k[2];
}

/* A change's rows: the NPS of both waves, their difference and its
 * interval (ci with status st), or none of them when why is set. */
static void put_change(struct emit *e, double base, double later, const struct num_interval *ci, int st,
		       enum res_reason why)
{
	an_put(e, RS_NPS_BASE, base, why);
	an_put(e, RS_NPS_LATER, later, why);
	an_put(e, RS_NPS_DIFF, later - base, why);
	enum res_reason ci_why = why ? why : an_note(st, ci->reason);
	an_put(e, RS_NPS_DIFF_CI_LOW, ci->lo, ci_why);
	an_put(e, RS_NPS_DIFF_CI_HIGH, ci->hi, ci_why);
}

void an_nps_one_wave(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct wsample *s)
{
	if (!an_nps_asked(c, v))
		return;
	double k[3], n = class_counts(s, k);
	enum res_reason none = n == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	struct num_interval ci;
	memset(&ci, 0, sizeof(ci));
	int st = NUM_NA;
	if (an_live(e) && n > 0)
		st = num_nps(k[2], k[0], n, c->o->conf, &ci);
	an_put(e, RS_NPS, 100 * (k[2] - k[0]) / n, none);
	enum res_reason ci_why = none ? none : an_note(st, ci.reason);
	an_put(e, RS_NPS_CI_LOW, ci.lo, ci_why);
	an_put(e, RS_NPS_CI_HIGH, ci.hi, ci_why);
	an_put(e, RS_NPS_PROMOTERS, k[2] / n, none);
	an_put(e, RS_NPS_PASSIVES, k[1] / n, none);
	an_put(e, RS_NPS_DETRACTORS, k[0] / n, none);
}

void an_nps_indep(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct wsample *base,
		  const struct wsample *later)
{
	if (!an_nps_asked(c, v))
		return;
	double kb[3], kl[3], nb = class_counts(base, kb), nl = class_counts(later, kl);
	enum res_reason why = nb == 0 || nl == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	struct num_interval ci;
	memset(&ci, 0, sizeof(ci));
	int st = NUM_NA;
	if (an_live(e) && !why)
		st = num_nps_diff(kl[2], kl[0], nl, kb[2], kb[0], nb, c->o->conf, &ci);
	put_change(e, 100 * (kb[2] - kb[0]) / nb, 100 * (kl[2] - kl[0]) / nl, &ci, st, why);
}

void an_nps_paired(struct analysis_ctx *c, struct emit *e, const struct tvar *v, const struct pair_entry *pe,
		   size_t ne)
{
	if (!an_nps_asked(c, v))
		return;
	double t[3][3] = { { 0 } }, n = 0;
	for (size_t i = 0; i < ne; i++) {
		t[nps_class(v->values[pe[i].pre])][nps_class(v->values[pe[i].post])] += (double)pe[i].n;
		n += (double)pe[i].n;
	}
	double base = 0, later = 0; /* promoters minus detractors at each wave */
	for (int i = 0; i < 3; i++) {
		base += t[2][i] - t[0][i];
		later += t[i][2] - t[i][0];
	}
	enum res_reason why = n == 0 ? RES_WHY_NO_PAIRS : RES_WHY_NONE;
	struct num_interval ci;
	memset(&ci, 0, sizeof(ci));
	int st = NUM_NA;
	if (an_live(e) && !why)
		st = num_nps_paired(t, c->o->conf, &ci);
	put_change(e, 100 * base / n, 100 * later / n, &ci, st, why);
}
