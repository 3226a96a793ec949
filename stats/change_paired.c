/* change_paired.c: the rows of a paired change: the pairs' differences, paired t, signed-rank, d_z, g_av, McNemar. */
#include "analysis_internal.h"

#include <stdlib.h>
#include <string.h>

/* The pairs of one change as samples. */
struct pairs {
	double n;
	struct wsample base, later; /* the pairs' answers at each wave (their marginals) */
	struct wsample diff;        /* later - base, distinct differences with counts */
	double a, b, cc, dd;        /* top-2 box later/base: yes/yes, yes/no, no/yes, no/no */
	double *dx, *dw;            /* diff's storage (owned) */
};

/* Means and SDs of the pairs' answers and differences. */
struct paired_moments {
	double mb, sdb, ml, sdl, md, sdd;
};

static int diff_cmp(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

/* The pre x post table pe[0..ne) of variable v as samples (the marginals
 * in c's scratch). */
static void pairs_build(struct analysis_ctx *c, const struct tvar *v, const struct pair_entry *pe,
			size_t ne, struct pairs *p)
{
	memset(p, 0, sizeof(*p));
	memset(c->w, 0, v->n_values * sizeof(*c->w));
	memset(c->w2, 0, v->n_values * sizeof(*c->w2));
	ALLOC_GROW(c->diff, ne + 1, c->diff_alloc);
	for (size_t i = 0; i < ne; i++) {
		double xb = v->values[pe[i].pre], xl = v->values[pe[i].post], k = (double)pe[i].n;
		p->n += k;
		c->w[pe[i].pre] += k;
		c->w2[pe[i].post] += k;
		c->diff[i].d = xl - xb; /* as R: x - y in double */
		c->diff[i].n = k;
		int yb = an_positive(v, xb), yl = an_positive(v, xl);
		if (yl && yb)
			p->a += k;
		else if (yl)
			p->b += k;
		else if (yb)
			p->cc += k;
		else
			p->dd += k;
	}
	qsort(c->diff, ne, sizeof(*c->diff), diff_cmp);
	p->dx = xmalloc((ne + 1) * sizeof(*p->dx));
	p->dw = xmalloc((ne + 1) * sizeof(*p->dw));
	size_t nd = 0;
	for (size_t i = 0; i < ne; i++) {
		if (nd && p->dx[nd - 1] == c->diff[i].d) {
			p->dw[nd - 1] += c->diff[i].n;
		} else {
			p->dx[nd] = c->diff[i].d;
			p->dw[nd++] = c->diff[i].n;
		}
	}
	p->diff = (struct wsample){ p->dx, p->dw, nd };
	p->base = (struct wsample){ v->values, c->w, v->n_values };
	p->later = (struct wsample){ v->values, c->w2, v->n_values };
}

/* The paired t test (R: t.test(later, base, paired = TRUE)); returns why
 * it is not applicable, RES_WHY_NONE when it is published.  Unlike Welch's
 * test it works on the differences: R stops when they are all zero, and
 * judges them constant against the mean difference. */
static enum res_reason paired_t(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
				const struct paired_moments *pm, double n)
{
	struct num_test tt;
	memset(&tt, 0, sizeof(tt));
	enum res_reason why = n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (!why && an_live(e)) {
		double se = pm->sdd / sqrt(n);
		if (pm->md == 0 && pm->sdd == 0)
			why = RES_WHY_ZERO_DIFFERENCES;
		else if (an_r_essentially_constant(se, pm->md))
			why = RES_WHY_CONSTANT;
		else if (num_t_one(pm->md, pm->sdd, n, 0, c->o->conf, &tt) != NUM_OK)
			why = an_note(NUM_NA, tt.reason);
	}
	an_put(e, RS_MEAN_DIFF_CI_LOW, tt.ci_lo, why);
	an_put(e, RS_MEAN_DIFF_CI_HIGH, tt.ci_hi, why);
	an_put(e, RS_T, tt.stat, why);
	an_put(e, RS_DF, tt.df, why);
	an_put(e, RS_P, tt.p, why);
	an_ptest_add(c, e, at, PT_T, tt.p, why);
	struct vtest vt = { .paired = 1, .leads = c->paired_led, .m1 = pm->md, .s1 = pm->sdd, .n1 = n };
	an_verdict_add(c, e, at, &vt, why);
	return why;
}

/* The standardised changes d_z and g_av, not applicable where the t test
 * is (t_why). */
static void paired_effects(struct analysis_ctx *c, struct emit *e, const struct paired_moments *pm,
			   double n, enum res_reason t_why)
{
	static const enum res_stat dz_rows[3] = { RS_D_Z, RS_D_Z_CI_LOW, RS_D_Z_CI_HIGH };
	static const enum res_stat gav_rows[3] = { RS_G_AV, RS_G_AV_CI_LOW, RS_G_AV_CI_HIGH };
	struct num_effect dz, gav;
	memset(&dz, 0, sizeof(dz));
	memset(&gav, 0, sizeof(gav));
	int dzs = NUM_NA, gavs = NUM_NA;
	/* g_av needs Hedges' J(n - 1), defined for n - 1 > 1 */
	enum res_reason gwhy = t_why ? t_why : n < 3 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (an_live(e) && !t_why)
		dzs = num_dz(pm->md, pm->sdd, n, c->o->conf, &dz);
	if (an_live(e) && !gwhy)
		gavs = num_gav(pm->ml, pm->sdl, pm->mb, pm->sdb, pm->sdd, n, c->o->conf, &gav);
	an_put_estimate(e, dz_rows, dz.d, dz.d_lo, dz.d_hi, t_why ? t_why : an_note(dzs, dz.reason));
	an_put_estimate(e, gav_rows, gav.g, gav.lo, gav.hi, gwhy ? gwhy : an_note(gavs, gav.reason));
}

/* The top-2 box: Newcombe's paired interval and McNemar's test. */
static void paired_top2(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
			const struct tvar *v, const struct pairs *p)
{
	enum res_reason why = !an_positive_defined(v) ? RES_WHY_TOP2_POINTS : RES_WHY_NONE;
	struct num_test mc;
	struct num_interval nw;
	memset(&mc, 0, sizeof(mc));
	memset(&nw, 0, sizeof(nw));
	int mcs = NUM_NA, nws = NUM_NA;
	if (an_live(e) && !why) {
		mcs = num_mcnemar(p->a, p->b, p->cc, p->dd, &mc);
		nws = num_newcombe_paired(p->a, p->b, p->cc, p->dd, c->o->conf, &nw);
	}
	an_put_top2_change(e, (p->a + p->cc) / p->n, (p->a + p->b) / p->n, (p->b - p->cc) / p->n, &nw, nws,
			why);
	enum res_reason mwhy = why ? why : an_note(mcs, mc.reason);
	an_put(e, RS_MCNEMAR_CHI2, mc.stat, mwhy);
	an_put(e, RS_MCNEMAR_P, mc.p, mwhy);
	an_ptest_add(c, e, at, PT_MCNEMAR, mc.p, mwhy);
}

void an_change_paired(struct analysis_ctx *c, const struct change_at *at, struct emit *e)
{
	static const enum res_stat signrank_rows[3] = { RS_SIGNEDRANK_V, RS_SIGNEDRANK_P,
							RS_SIGNEDRANK_EXACT };
	const struct tvar *v = &c->t.vars[at->var];
	size_t ne;
	const struct pair_entry *pe = tables_pairs(&c->t, at->var, at->comp, at->cell, &ne);
	struct pairs p;
	pairs_build(c, v, pe, ne, &p);
	an_put(e, RS_N_PAIRS, p.n, RES_WHY_NONE);
	an_put(e, RS_PAIRED_LEADS, p.n >= (double)an_paired_lead_min(c), RES_WHY_NONE);
	if (an_live(e) && p.n == 0)
		e->na = RES_WHY_NO_PAIRS;
	c->paired_led = an_live(e) && p.n >= (double)an_paired_lead_min(c);

	struct paired_moments pm = { NAN, NAN, NAN, NAN, NAN, NAN };
	double vb = NAN, vl = NAN, vd = NAN;
	if (an_live(e)) {
		num_moments(&p.base, &pm.mb, &vb);
		num_moments(&p.later, &pm.ml, &vl);
		num_moments(&p.diff, &pm.md, &vd);
	}
	pm.sdb = sqrt(vb);
	pm.sdl = sqrt(vl);
	pm.sdd = sqrt(vd);
	an_put(e, RS_MEAN_BASE, pm.mb, RES_WHY_NONE);
	an_put(e, RS_MEAN_LATER, pm.ml, RES_WHY_NONE);
	an_put(e, RS_MEAN_DIFF, pm.md, RES_WHY_NONE);
	an_put(e, RS_SD_DIFF, pm.sdd, p.n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE);

	enum res_reason t_why = paired_t(c, e, at, &pm, p.n);

	/* Wilcoxon signed-rank (R 4.2: wilcox.test(later, base, paired = TRUE)) */
	struct num_test sr;
	memset(&sr, 0, sizeof(sr));
	int srs = an_live(e) ? num_signrank(&p.diff, &sr) : NUM_NA;
	an_put_rank_test(c, e, at, PT_SIGNRANK, signrank_rows, &sr, srs,
		      num_rank_biserial_paired(sr.stat, sr.n));

	paired_effects(c, e, &pm, p.n, t_why);
	paired_top2(c, e, at, v, &p);
	an_nps_paired(c, e, v, pe, ne);
	if (v->is_scale)
		an_put_change_boot(c, e, &p.diff, NULL, NULL);
	free(p.dx);
	free(p.dw);
}
