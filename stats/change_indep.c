/* change_indep.c: the rows of an independent change: the baseline and later answers as two samples: Welch, Mann-Whitney, Hedges' g. */
#include "analysis_internal.h"

#include <string.h>

/* Means, variances, SDs and sizes of the two samples. */
struct indep_moments {
	double mb, vb, sdb, nb;
	double ml, vl, sdl, nl;
};

/* Welch's t test (R: t.test(later, base)); returns why it is not
 * applicable, RES_WHY_NONE when it is published.  Unlike the paired t it
 * judges the data constant against the larger of the two means, and a
 * zero pooled standard error is constant too. */
static enum res_reason welch(struct analysis_ctx *c, struct emit *e, const struct change_at *at,
			     const struct indep_moments *im)
{
	struct num_test wt;
	memset(&wt, 0, sizeof(wt));
	enum res_reason why = im->nb < 2 || im->nl < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (!why && an_live(e)) {
		double se = sqrt(im->vl / im->nl + im->vb / im->nb);
		if (an_r_essentially_constant(se, fmax(fabs(im->ml), fabs(im->mb))) || se == 0)
			why = RES_WHY_CONSTANT;
		else if (num_welch_t(im->ml, im->sdl, im->nl, im->mb, im->sdb, im->nb, c->o->conf, &wt) != NUM_OK)
			why = an_note(NUM_NA, wt.reason);
	}
	an_put(e, RS_WELCH_T, wt.stat, why);
	an_put(e, RS_WELCH_DF, wt.df, why);
	an_put(e, RS_WELCH_P, wt.p, why);
	an_put(e, RS_WELCH_CI_LOW, wt.ci_lo, why);
	an_put(e, RS_WELCH_CI_HIGH, wt.ci_hi, why);
	an_ptest_add(c, e, at, PT_WELCH, wt.p, why);
	/* the independent design leads where the paired one does not (its
	 * block, written just before, says) */
	struct vtest vt = { .paired = 0, .leads = !c->paired_led, .m1 = im->ml, .s1 = im->sdl, .n1 = im->nl,
			    .m2 = im->mb, .s2 = im->sdb, .n2 = im->nb };
	an_verdict_add(c, e, at, &vt, why);
	return why;
}

void an_change_indep(struct analysis_ctx *c, const struct change_at *at, struct emit *e)
{
	static const enum res_stat ranksum_rows[3] = { RS_MANNWHITNEY_W, RS_MANNWHITNEY_P,
						       RS_MANNWHITNEY_EXACT };
	static const enum res_stat hedges_rows[3] = { RS_HEDGES_G, RS_HEDGES_G_CI_LOW, RS_HEDGES_G_CI_HIGH };
	const struct tvar *v = &c->t.vars[at->var];
	size_t wb = tables_comp_base(at->comp), wl = tables_comp_later(at->comp);
	struct wsample B = an_counts_sample(v, tables_counts(&c->t, at->var, wb, at->cell), c->w);
	struct wsample L = an_counts_sample(v, tables_counts(&c->t, at->var, wl, at->cell), c->w2);
	struct indep_moments im = { NAN, NAN, NAN, an_sample_n(&B), NAN, NAN, NAN, an_sample_n(&L) };
	double nb = im.nb, nl = im.nl;
	an_put(e, RS_N_BASE, nb, RES_WHY_NONE);
	an_put(e, RS_N_LATER, nl, RES_WHY_NONE);
	if (an_live(e)) {
		num_moments(&B, &im.mb, &im.vb);
		num_moments(&L, &im.ml, &im.vl);
	}
	im.sdb = sqrt(im.vb);
	im.sdl = sqrt(im.vl);
	enum res_reason none = nb == 0 || nl == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	an_put(e, RS_MEAN_BASE, im.mb, nb == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE);
	an_put(e, RS_MEAN_LATER, im.ml, nl == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE);
	an_put(e, RS_MEAN_DIFF, im.ml - im.mb, none);

	enum res_reason w_why = welch(c, e, at, &im);

	/* Mann-Whitney (R 4.2: wilcox.test(later, base)); the rank-biserial of
	 * the change is 2 W / (n_later n_base) - 1, positive = increase
	 * (num_rank_biserial with the samples swapped: W' = n1 n2 - W) */
	struct num_test mw;
	memset(&mw, 0, sizeof(mw));
	int mws = an_live(e) ? num_ranksum(&L, &B, &mw) : NUM_NA;
	an_put_rank_test(c, e, at, PT_MANNWHITNEY, ranksum_rows, &mw, mws,
		      num_rank_biserial(nl * nb - mw.stat, nb, nl));

	/* Hedges' g: defined where Welch's test has data, even when R's
	 * t.test would stop */
	struct num_effect hg;
	memset(&hg, 0, sizeof(hg));
	int hgs = NUM_NA;
	enum res_reason hwhy = w_why == RES_WHY_NOT_ENOUGH ? w_why : RES_WHY_NONE;
	if (an_live(e) && !hwhy)
		hgs = num_hedges_g(im.ml, im.sdl, nl, im.mb, im.sdb, nb, c->o->conf, &hg);
	an_put_estimate(e, hedges_rows, hg.g, hg.lo, hg.hi, hwhy ? hwhy : an_note(hgs, hg.reason));

	/* the top-2 box: Newcombe's interval for a difference of proportions */
	enum res_reason t2why = !an_positive_defined(v) ? RES_WHY_TOP2_POINTS : none;
	double xb = an_top2_count(v, &B), xl = an_top2_count(v, &L);
	struct num_interval nw;
	memset(&nw, 0, sizeof(nw));
	int nws = NUM_NA;
	if (an_live(e) && !t2why)
		nws = num_newcombe_diff(xl, nl, xb, nb, c->o->conf, &nw);
	an_put_top2_change(e, xb / nb, xl / nl, xl / nl - xb / nb, &nw, nws, t2why);
	an_nps_indep(c, e, v, &B, &L);

	if (v->is_scale)
		an_put_change_boot(c, e, NULL, &L, &B);
}
