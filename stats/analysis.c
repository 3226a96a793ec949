/* analysis.c: drives the statistics stage: count tables -> descriptives, changes, reliability, adjustment, bootstrap -> results rows. */
#include "analysis.h"

#include "numerics.h"
#include "scores.h"
#include "tables.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void stats_options_init(struct stats_options *o)
{
	o->seed = STATS_DEFAULT_SEED;
	o->resamples = STATS_DEFAULT_RESAMPLES;
	o->conf = 0.95;
	o->bh = 0;
	o->paired_lead = TILLID_PAIRED_LEAD_MIN;
	o->min_group_size = -1;
}

/* ---- the emitter: one place decides ok / suppressed / not applicable ---- */

struct emit {
	struct results *res;
	struct res_ctx ctx;
	enum res_reason supp; /* when set: every row of this block is suppressed, with this reason */
	enum res_reason na;   /* when set (and not suppressed): every row not applicable */
};

/* Is the block computed at all? */
static int live(const struct emit *e)
{
	return !e->supp && !e->na;
}

/* The row of statistic s (at index i when s is indexed): value v, or not
 * applicable with `why` when why is set. */
static size_t put_at(struct emit *e, enum res_stat s, int i, double v, enum res_reason why)
{
	if (e->supp)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_SUPPRESSED, e->supp);
	if (e->na)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_NA, e->na);
	if (why)
		return results_add(e->res, &e->ctx, s, i, NAN, RES_NA, why);
	return results_add(e->res, &e->ctx, s, i, v, RES_OK, RES_WHY_NONE);
}

static size_t put(struct emit *e, enum res_stat s, double v, enum res_reason why)
{
	return put_at(e, s, 0, v, why);
}

/* The note of a numerics result: none when status is NUM_OK, else its
 * reason.  This is where the numerics' messages become notes: a message
 * that is not a reason of results.csv names a bad argument, a bug. */
static enum res_reason num_why(int status, const char *reason)
{
	if (status == NUM_OK)
		return RES_WHY_NONE;
	enum res_reason r = RES_WHY_NOT_APPLICABLE;
	if (reason && res_reason_parse(reason, &r) != 0) {
		fprintf(stderr, "tillid: bug: the numerics say \"%s\", which is no note of results.csv\n", reason);
		abort();
	}
	return r;
}

/* ---- p-values waiting for adjustment ---- */

enum ptest_kind { PT_T, PT_SIGNRANK, PT_MCNEMAR, PT_WELCH, PT_MANNWHITNEY, PT_KINDS };
static const enum res_stat holm_stat[PT_KINDS] = {
	RS_HOLM_P, RS_SIGNEDRANK_HOLM_P, RS_MCNEMAR_HOLM_P, RS_HOLM_P, RS_MANNWHITNEY_HOLM_P,
};
static const enum res_stat bh_stat[PT_KINDS] = {
	RS_BH_P, RS_SIGNEDRANK_BH_P, RS_MCNEMAR_BH_P, RS_BH_P, RS_MANNWHITNEY_BH_P,
};

struct ptest {
	size_t family, comp, cell;
	int kind;
	double p;          /* NaN unless the test's p is published */
	size_t row_holm, row_bh;
};

struct ctx {
	const struct tds *d;
	const struct stats_options *o;
	struct tables t;
	struct scale_def *scales;
	uint64_t min;
	struct results *res;
	struct ptest *pt;
	size_t n_pt, alloc_pt;
	/* count scratch, sized for the variable with the most values */
	double *w, *w2;
	size_t scratch;
	struct { double d; double n; } *diff;
	size_t diff_alloc;
};

/* Queue the p-value of a test for adjustment and write its adjusted rows
 * as placeholders: published tests are filled in by adjust_all; a test
 * that is not published (suppressed, not applicable) passes its status on
 * through the emitter or `why`. */
static void add_ptest(struct ctx *c, struct emit *e, size_t var, size_t comp, size_t cell,
		      int kind, double p, enum res_reason why)
{
	const struct tds_meta *m = &c->d->meta;
	ALLOC_GROW(c->pt, c->n_pt + 1, c->alloc_pt);
	struct ptest *q = &c->pt[c->n_pt++];
	int published = live(e) && !why;
	if (var >= m->n_items)
		q->family = m->n_scales + 1; /* the scale scores form one family */
	else if (m->items[var].scale >= 0)
		q->family = (size_t)m->items[var].scale;
	else
		q->family = m->n_scales; /* the items outside every scale */
	q->comp = comp;
	q->cell = cell;
	q->kind = kind;
	q->p = published ? p : NAN;
	q->row_holm = put(e, holm_stat[kind], NAN, why);
	q->row_bh = c->o->bh ? put(e, bh_stat[kind], NAN, why) : SIZE_MAX;
}

static int ptest_cmp(const void *a, const void *b)
{
	const struct ptest *x = a, *y = b;
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	if (x->cell != y->cell)
		return x->cell < y->cell ? -1 : 1;
	return (x->kind > y->kind) - (x->kind < y->kind);
}

/* Holm (and BH) within each family: the items of one scale (or the items
 * outside every scale, or the scale scores) x one cell x one comparison x
 * one test (the test fixes the design). */
static void adjust_all(struct ctx *c)
{
	if (c->n_pt)
		qsort(c->pt, c->n_pt, sizeof(*c->pt), ptest_cmp);
	double *p = xmalloc((c->n_pt ? c->n_pt : 1) * sizeof(*p));
	double *q = xmalloc((c->n_pt ? c->n_pt : 1) * sizeof(*q));
	for (size_t i = 0; i < c->n_pt;) {
		size_t j = i;
		while (j < c->n_pt && !ptest_cmp(&c->pt[i], &c->pt[j]))
			j++;
		for (int method = 0; method < 2; method++) {
			if (method == 1 && !c->o->bh)
				break;
			for (size_t k = i; k < j; k++)
				p[k - i] = c->pt[k].p;
			num_p_adjust(p, j - i, method ? NUM_PADJ_BH : NUM_PADJ_HOLM, q);
			for (size_t k = i; k < j; k++) {
				if (isnan(c->pt[k].p))
					continue;
				results_set(c->res, method ? c->pt[k].row_bh : c->pt[k].row_holm, q[k - i],
					    RES_OK, RES_WHY_NONE);
			}
		}
		i = j;
	}
	free(p);
	free(q);
}

/* ---- helpers ---- */

static void ensure_scratch(struct ctx *c, size_t n)
{
	if (n <= c->scratch)
		return;
	c->scratch = n;
	c->w = xrealloc(c->w, n * sizeof(*c->w));
	c->w2 = xrealloc(c->w2, n * sizeof(*c->w2));
}

/* A count table as a weighted sample: the variable's values with counts. */
static struct wsample counts_sample(const struct tvar *v, const uint64_t *cnt, double *w)
{
	for (size_t i = 0; i < v->n_values; i++)
		w[i] = (double)cnt[i];
	return (struct wsample){ v->values, w, v->n_values };
}

static double sum_w(const struct wsample *s)
{
	double n = 0;
	for (size_t i = 0; i < s->m; i++)
		n += s->w[i];
	return n;
}

/* Answers at or above the second-highest point: v >= k - 1. */
static double top2_count(const struct tvar *v, const struct wsample *s)
{
	double x = 0;
	for (size_t i = 0; i < s->m; i++)
		if (s->x[i] >= v->k - 1)
			x += s->w[i];
	return x;
}

/* R's t.test stops when stderr < 10 * .Machine$double.eps * |mean|. */
static int r_essentially_constant(double se, double scale)
{
	return se < 10 * DBL_EPSILON * fabs(scale);
}

/* Seed of one bootstrap: splitmix64 of the run's seed mixed with an FNV-1a
 * hash of what is bootstrapped, so each interval has its own stream and
 * adding a variable does not change the others. */
static uint64_t boot_seed(uint64_t seed, const struct res_ctx *x)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[5] = { x->variable, x->breakdown, x->breakdown_value, x->wave, x->design };
	for (int i = 0; i < 5; i++) {
		for (const char *s = parts[i]; *s; s++) {
			h ^= (unsigned char)*s;
			h *= 0x100000001b3ULL;
		}
		h ^= 0xff; /* separator */
		h *= 0x100000001b3ULL;
	}
	uint64_t z = seed ^ h;
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void put_boot(struct emit *e, const struct num_boot *b)
{
	enum res_reason why = num_why(b->status, b->reason);
	put(e, RS_BOOT_PCT_CI_LOW, b->perc_lo, why);
	put(e, RS_BOOT_PCT_CI_HIGH, b->perc_hi, why);
	enum res_reason bwhy = why ? why : b->bca_reason ? num_why(NUM_NA, b->bca_reason) : RES_WHY_NONE;
	put(e, RS_BOOT_BCA_CI_LOW, b->bca_lo, bwhy);
	put(e, RS_BOOT_BCA_CI_HIGH, b->bca_hi, bwhy);
}

/* ---- one wave ---- */

static void one_wave(struct ctx *c, size_t var, size_t wave, size_t cell, struct emit *e)
{
	const struct tvar *v = &c->t.vars[var];
	const uint64_t *cnt = tables_counts(&c->t, var, wave, cell);
	struct wsample s = counts_sample(v, cnt, c->w);
	double n = sum_w(&s);
	double n_missing = 0;
	for (size_t i = v->n_values; i < v->n_slots; i++)
		n_missing += (double)cnt[i];

	struct num_desc ds;
	memset(&ds, 0, sizeof(ds));
	enum res_reason none = n == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	if (live(e) && n > 0)
		num_describe(&s, c->o->conf, &ds);

	put(e, RS_N, n, RES_WHY_NONE);
	put(e, RS_N_MISSING, n_missing, RES_WHY_NONE);
	if (!v->is_scale) {
		for (int j = 1; j <= v->n_nonsubst; j++)
			put_at(e, RS_COUNT_NONSUBST, j, (double)cnt[v->n_values + (size_t)j - 1], RES_WHY_NONE);
	}
	put(e, RS_COUNT_BLANK, (double)(cnt[tslot_blank(v)] + cnt[tslot_rejected(v)]), RES_WHY_NONE);
	if (!v->is_scale)
		put(e, RS_COUNT_REJECTED, (double)cnt[tslot_rejected(v)], RES_WHY_NONE);

	put(e, RS_MEAN, ds.mean, none);
	put(e, RS_SD, ds.sd, none ? none : n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE);
	put(e, RS_MEDIAN, ds.median, none);
	put(e, RS_Q1, ds.q1, none);
	put(e, RS_Q3, ds.q3, none);
	enum res_reason ci_why = none ? none : n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (!ci_why && live(e) && (ds.sd == 0 || r_essentially_constant(ds.se, ds.mean)))
		ci_why = RES_WHY_CONSTANT;
	put(e, RS_MEAN_CI_LOW, ds.ci_lo, ci_why);
	put(e, RS_MEAN_CI_HIGH, ds.ci_hi, ci_why);
	put(e, RS_MEAN_0_100, score_0_100(ds.mean, v->k), none);
	put(e, RS_MEAN_0_100_CI_LOW, score_0_100(ds.ci_lo, v->k), ci_why);
	put(e, RS_MEAN_0_100_CI_HIGH, score_0_100(ds.ci_hi, v->k), ci_why);

	/* The distribution: items over their points; scales binned to the
	 * nearest point (half up), V - 0.5 <= score < V + 0.5. */
	for (int p = 1; p <= v->k; p++) {
		double k = 0;
		if (!v->is_scale) {
			k = (double)cnt[p - 1];
		} else {
			for (size_t i = 0; i < v->n_values; i++)
				if ((int)floor(v->values[i] + 0.5) == p)
					k += (double)cnt[i];
		}
		put_at(e, v->is_scale ? RS_COUNT_BIN : RS_COUNT_POINT, p, k, RES_WHY_NONE);
		put_at(e, v->is_scale ? RS_PCT_BIN : RS_PCT_POINT, p, n > 0 ? 100.0 * k / n : NAN, none);
	}

	enum res_reason t2why = v->k < 4 ? RES_WHY_TOP2_POINTS : none;
	struct num_interval wi;
	memset(&wi, 0, sizeof(wi));
	double x2 = top2_count(v, &s);
	if (live(e) && !t2why)
		num_wilson(x2, n, c->o->conf, &wi);
	put(e, RS_TOP2, n > 0 ? x2 / n : NAN, t2why);
	enum res_reason wwhy = t2why ? t2why : num_why(wi.status, wi.reason);
	put(e, RS_TOP2_CI_LOW, wi.lo, wwhy);
	put(e, RS_TOP2_CI_HIGH, wi.hi, wwhy);
}

/* ---- paired change ---- */

static int diff_cmp(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return (*x > *y) - (*x < *y);
}

static void paired(struct ctx *c, size_t var, size_t comp, size_t cell, struct emit *e)
{
	const struct tvar *v = &c->t.vars[var];
	size_t ne;
	const struct pair_entry *pe = tables_pairs(&c->t, var, comp, cell, &ne);
	double npairs = 0;
	for (size_t i = 0; i < ne; i++)
		npairs += (double)pe[i].n;
	put(e, RS_N_PAIRS, npairs, RES_WHY_NONE);
	uint64_t lead = c->min > (uint64_t)c->o->paired_lead ? c->min : (uint64_t)c->o->paired_lead;
	put(e, RS_PAIRED_LEADS, npairs >= (double)lead, RES_WHY_NONE);
	if (live(e) && npairs == 0)
		e->na = RES_WHY_NO_PAIRS;

	/* marginals among the pairs, and the table of differences */
	memset(c->w, 0, v->n_values * sizeof(*c->w));
	memset(c->w2, 0, v->n_values * sizeof(*c->w2));
	ALLOC_GROW(c->diff, ne + 1, c->diff_alloc);
	double a = 0, b = 0, cc = 0, dd = 0; /* top-2: later yes/base yes, later yes/base no, ... */
	for (size_t i = 0; i < ne; i++) {
		double xb = v->values[pe[i].pre], xl = v->values[pe[i].post], k = (double)pe[i].n;
		c->w[pe[i].pre] += k;
		c->w2[pe[i].post] += k;
		c->diff[i].d = xl - xb; /* as R: x - y in double */
		c->diff[i].n = k;
		int yb = xb >= v->k - 1, yl = xl >= v->k - 1;
		if (yl && yb)
			a += k;
		else if (yl)
			b += k;
		else if (yb)
			cc += k;
		else
			dd += k;
	}
	qsort(c->diff, ne, sizeof(*c->diff), diff_cmp);
	double *dx = xmalloc((ne + 1) * sizeof(*dx)), *dw = xmalloc((ne + 1) * sizeof(*dw));
	size_t nd = 0;
	for (size_t i = 0; i < ne; i++) {
		if (nd && dx[nd - 1] == c->diff[i].d) {
			dw[nd - 1] += c->diff[i].n;
		} else {
			dx[nd] = c->diff[i].d;
			dw[nd++] = c->diff[i].n;
		}
	}
	struct wsample D = { dx, dw, nd };
	struct wsample B = { v->values, c->w, v->n_values };
	struct wsample L = { v->values, c->w2, v->n_values };

	double mb = NAN, vb = NAN, ml = NAN, vl = NAN, md = NAN, vd = NAN;
	if (live(e)) {
		num_moments(&B, &mb, &vb);
		num_moments(&L, &ml, &vl);
		num_moments(&D, &md, &vd);
	}
	double sdd = sqrt(vd), sdb = sqrt(vb), sdl = sqrt(vl);
	put(e, RS_MEAN_BASE, mb, RES_WHY_NONE);
	put(e, RS_MEAN_LATER, ml, RES_WHY_NONE);
	put(e, RS_MEAN_DIFF, md, RES_WHY_NONE);
	put(e, RS_SD_DIFF, sdd, npairs < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE);

	/* paired t (R: t.test(later, base, paired = TRUE)) */
	struct num_test tt;
	memset(&tt, 0, sizeof(tt));
	enum res_reason twhy = npairs < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (!twhy && live(e)) {
		double se = sdd / sqrt(npairs);
		if (md == 0 && sdd == 0)
			twhy = RES_WHY_ZERO_DIFFERENCES;
		else if (r_essentially_constant(se, md))
			twhy = RES_WHY_CONSTANT;
		else if (num_t_one(md, sdd, npairs, 0, c->o->conf, &tt) != NUM_OK)
			twhy = num_why(NUM_NA, tt.reason);
	}
	put(e, RS_MEAN_DIFF_CI_LOW, tt.ci_lo, twhy);
	put(e, RS_MEAN_DIFF_CI_HIGH, tt.ci_hi, twhy);
	put(e, RS_T, tt.stat, twhy);
	put(e, RS_DF, tt.df, twhy);
	put(e, RS_P, tt.p, twhy);
	add_ptest(c, e, var, comp, cell, PT_T, tt.p, twhy);

	/* Wilcoxon signed-rank (R 4.2: wilcox.test(later, base, paired = TRUE)) */
	struct num_test sr;
	memset(&sr, 0, sizeof(sr));
	int srs = NUM_NA;
	if (live(e))
		srs = num_signrank(&D, &sr);
	enum res_reason srwhy = num_why(srs, sr.reason);
	put(e, RS_SIGNEDRANK_V, sr.stat, srwhy);
	put(e, RS_SIGNEDRANK_P, sr.p, srwhy);
	put(e, RS_SIGNEDRANK_EXACT, sr.exact, srwhy);
	put(e, RS_RANK_BISERIAL, num_rank_biserial_paired(sr.stat, sr.n), srwhy);
	add_ptest(c, e, var, comp, cell, PT_SIGNRANK, sr.p, srwhy);

	/* standardised changes */
	struct num_effect dz, gav;
	memset(&dz, 0, sizeof(dz));
	memset(&gav, 0, sizeof(gav));
	int dzs = NUM_NA, gavs = NUM_NA;
	enum res_reason ewhy = twhy;
	/* g_av needs Hedges' J(n - 1), defined for n - 1 > 1 */
	enum res_reason gwhy = ewhy ? ewhy : npairs < 3 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	if (live(e) && !ewhy)
		dzs = num_dz(md, sdd, npairs, c->o->conf, &dz);
	if (live(e) && !gwhy)
		gavs = num_gav(ml, sdl, mb, sdb, sdd, npairs, c->o->conf, &gav);
	ewhy = ewhy ? ewhy : num_why(dzs, dz.reason);
	put(e, RS_D_Z, dz.d, ewhy);
	put(e, RS_D_Z_CI_LOW, dz.d_lo, ewhy);
	put(e, RS_D_Z_CI_HIGH, dz.d_hi, ewhy);
	gwhy = gwhy ? gwhy : num_why(gavs, gav.reason);
	put(e, RS_G_AV, gav.g, gwhy);
	put(e, RS_G_AV_CI_LOW, gav.lo, gwhy);
	put(e, RS_G_AV_CI_HIGH, gav.hi, gwhy);

	/* top-2 box: McNemar and Newcombe's paired interval */
	enum res_reason t2why = v->k < 4 ? RES_WHY_TOP2_POINTS : RES_WHY_NONE;
	struct num_test mc;
	struct num_interval nw;
	memset(&mc, 0, sizeof(mc));
	memset(&nw, 0, sizeof(nw));
	int mcs = NUM_NA, nws = NUM_NA;
	if (live(e) && !t2why) {
		mcs = num_mcnemar(a, b, cc, dd, &mc);
		nws = num_newcombe_paired(a, b, cc, dd, c->o->conf, &nw);
	}
	put(e, RS_TOP2_BASE, (a + cc) / npairs, t2why);
	put(e, RS_TOP2_LATER, (a + b) / npairs, t2why);
	put(e, RS_TOP2_DIFF, (b - cc) / npairs, t2why);
	enum res_reason nwhy = t2why ? t2why : num_why(nws, nw.reason);
	put(e, RS_TOP2_DIFF_CI_LOW, nw.lo, nwhy);
	put(e, RS_TOP2_DIFF_CI_HIGH, nw.hi, nwhy);
	enum res_reason mwhy = t2why ? t2why : num_why(mcs, mc.reason);
	put(e, RS_MCNEMAR_CHI2, mc.stat, mwhy);
	put(e, RS_MCNEMAR_P, mc.p, mwhy);
	add_ptest(c, e, var, comp, cell, PT_MCNEMAR, mc.p, mwhy);

	if (v->is_scale) {
		struct num_boot bo;
		memset(&bo, 0, sizeof(bo));
		bo.status = NUM_NA;
		if (live(e))
			num_boot_paired(&D, c->o->resamples, boot_seed(c->o->seed, &e->ctx), c->o->conf,
					NULL, &bo);
		put_boot(e, &bo);
	}
	free(dx);
	free(dw);
}

/* ---- independent change ---- */

static void independent(struct ctx *c, size_t var, size_t comp, size_t cell, struct emit *e)
{
	const struct tvar *v = &c->t.vars[var];
	struct wsample B = counts_sample(v, tables_counts(&c->t, var, 0, cell), c->w);
	struct wsample L = counts_sample(v, tables_counts(&c->t, var, comp + 1, cell), c->w2);
	double nb = sum_w(&B), nl = sum_w(&L);
	put(e, RS_N_BASE, nb, RES_WHY_NONE);
	put(e, RS_N_LATER, nl, RES_WHY_NONE);
	double mb = NAN, vb = NAN, ml = NAN, vl = NAN;
	if (live(e)) {
		num_moments(&B, &mb, &vb);
		num_moments(&L, &ml, &vl);
	}
	enum res_reason none = nb == 0 || nl == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE;
	put(e, RS_MEAN_BASE, mb, nb == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE);
	put(e, RS_MEAN_LATER, ml, nl == 0 ? RES_WHY_NO_OBSERVATIONS : RES_WHY_NONE);
	put(e, RS_MEAN_DIFF, ml - mb, none);

	/* Welch (R: t.test(later, base)) */
	struct num_test wt;
	memset(&wt, 0, sizeof(wt));
	enum res_reason wwhy = nb < 2 || nl < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NONE;
	double sb = sqrt(vb), sl = sqrt(vl);
	if (!wwhy && live(e)) {
		double se = sqrt(vl / nl + vb / nb);
		if (r_essentially_constant(se, fmax(fabs(ml), fabs(mb))) || se == 0)
			wwhy = RES_WHY_CONSTANT;
		else if (num_welch_t(ml, sl, nl, mb, sb, nb, c->o->conf, &wt) != NUM_OK)
			wwhy = num_why(NUM_NA, wt.reason);
	}
	put(e, RS_WELCH_T, wt.stat, wwhy);
	put(e, RS_WELCH_DF, wt.df, wwhy);
	put(e, RS_WELCH_P, wt.p, wwhy);
	put(e, RS_WELCH_CI_LOW, wt.ci_lo, wwhy);
	put(e, RS_WELCH_CI_HIGH, wt.ci_hi, wwhy);
	add_ptest(c, e, var, comp, cell, PT_WELCH, wt.p, wwhy);

	/* Mann-Whitney (R 4.2: wilcox.test(later, base)) */
	struct num_test mw;
	memset(&mw, 0, sizeof(mw));
	int mws = NUM_NA;
	if (live(e))
		mws = num_ranksum(&L, &B, &mw);
	enum res_reason mwwhy = num_why(mws, mw.reason);
	put(e, RS_MANNWHITNEY_W, mw.stat, mwwhy);
	put(e, RS_MANNWHITNEY_P, mw.p, mwwhy);
	put(e, RS_MANNWHITNEY_EXACT, mw.exact, mwwhy);
	/* rank-biserial of the change: 2 W / (n_later n_base) - 1, positive = increase
	 * (num_rank_biserial with the samples swapped: W' = n1 n2 - W) */
	put(e, RS_RANK_BISERIAL, num_rank_biserial(nl * nb - mw.stat, nb, nl), mwwhy);
	add_ptest(c, e, var, comp, cell, PT_MANNWHITNEY, mw.p, mwwhy);

	struct num_effect hg;
	memset(&hg, 0, sizeof(hg));
	int hgs = NUM_NA;
	enum res_reason hwhy = wwhy == RES_WHY_NOT_ENOUGH ? wwhy : RES_WHY_NONE;
	if (live(e) && !hwhy)
		hgs = num_hedges_g(ml, sl, nl, mb, sb, nb, c->o->conf, &hg);
	hwhy = hwhy ? hwhy : num_why(hgs, hg.reason);
	put(e, RS_HEDGES_G, hg.g, hwhy);
	put(e, RS_HEDGES_G_CI_LOW, hg.lo, hwhy);
	put(e, RS_HEDGES_G_CI_HIGH, hg.hi, hwhy);

	enum res_reason t2why = v->k < 4 ? RES_WHY_TOP2_POINTS : none;
	double xb = top2_count(v, &B), xl = top2_count(v, &L);
	struct num_interval nw;
	memset(&nw, 0, sizeof(nw));
	int nws = NUM_NA;
	if (live(e) && !t2why)
		nws = num_newcombe_diff(xl, nl, xb, nb, c->o->conf, &nw);
	put(e, RS_TOP2_BASE, xb / nb, t2why);
	put(e, RS_TOP2_LATER, xl / nl, t2why);
	put(e, RS_TOP2_DIFF, xl / nl - xb / nb, t2why);
	enum res_reason nwhy = t2why ? t2why : num_why(nws, nw.reason);
	put(e, RS_TOP2_DIFF_CI_LOW, nw.lo, nwhy);
	put(e, RS_TOP2_DIFF_CI_HIGH, nw.hi, nwhy);

	if (v->is_scale) {
		struct num_boot bo;
		memset(&bo, 0, sizeof(bo));
		bo.status = NUM_NA;
		if (live(e))
			num_boot_indep(&L, &B, c->o->resamples, boot_seed(c->o->seed, &e->ctx), c->o->conf,
				       NULL, &bo);
		put_boot(e, &bo);
	}
}

/* ---- reliability ---- */

__extension__ typedef __int128 i128;

static void reliability(struct ctx *c, size_t scale, size_t wave, size_t rcell, struct emit *e)
{
	const struct scale_def *sd = &c->scales[scale];
	const struct rel_sums *rs = tables_rel(&c->t, scale, wave, rcell);
	size_t m = sd->m;
	double n = (double)rs->n;
	put(e, RS_ALPHA_N, n, RES_WHY_NONE);
	double *cov = xcalloc(m * m, sizeof(*cov));
	double *adrop = xcalloc(m, sizeof(*adrop)), *rdrop = xcalloc(m, sizeof(*rdrop));
	i128 *z = xcalloc(m * m, sizeof(*z));
	struct num_alpha al;
	memset(&al, 0, sizeof(al));
	al.status = NUM_NA;
	enum res_reason awhy = n < 2 ? RES_WHY_NOT_ENOUGH : RES_WHY_NOT_APPLICABLE;
	int items_ok = 0;
	i128 total = 0;
	if (live(e) && n >= 2) {
		/* n(n-1) cov[i][j] = n ss[i][j] - s[i] s[j], exact in integers, so
		 * a variance that is zero is recognised as zero (rounding would
		 * leave noise that alpha divides by) */
		i128 nn = (i128)rs->n;
		for (size_t i = 0; i < m; i++)
			for (size_t j = 0; j < m; j++) {
				z[i * m + j] = nn * (i128)rs->ss[i * m + j] - (i128)rs->s[i] * (i128)rs->s[j];
				cov[i * m + j] = (double)z[i * m + j] / (n * (n - 1));
				total += z[i * m + j];
			}
		if (total == 0) {
			awhy = RES_WHY_CONSTANT;
		} else {
			num_alpha_cov(cov, m, n, c->o->conf, &al);
			awhy = num_why(al.status, al.reason);
			items_ok = num_alpha_items(cov, m, adrop, rdrop) == NUM_OK && al.status == NUM_OK;
		}
	}
	put(e, RS_ALPHA, al.alpha, awhy);
	put(e, RS_ALPHA_CI_LOW, al.lo, awhy);
	put(e, RS_ALPHA_CI_HIGH, al.hi, awhy);

	struct emit ie = *e;
	ie.ctx.variable_type = "item";
	for (size_t i = 0; i < m; i++) {
		ie.ctx.variable = c->d->meta.items[sd->items[i]].id;
		enum res_reason dwhy = RES_WHY_NONE, rwhy = RES_WHY_NONE;
		if (!items_ok) {
			dwhy = rwhy = awhy ? awhy : RES_WHY_NOT_APPLICABLE;
		} else {
			i128 rest = 0; /* n(n-1) var(sum of the other items) */
			for (size_t j = 0; j < m; j++)
				for (size_t l = 0; l < m; l++)
					if (j != i && l != i)
						rest += z[j * m + l];
			if (m < 3)
				dwhy = RES_WHY_FEWER_THREE_ITEMS;
			else if (rest == 0 || isnan(adrop[i]))
				dwhy = RES_WHY_CONSTANT;
			if (rest == 0 || z[i * m + i] == 0 || isnan(rdrop[i]))
				rwhy = RES_WHY_CONSTANT;
		}
		put(&ie, RS_ALPHA_IF_DELETED, adrop[i], dwhy);
		put(&ie, RS_ITEM_TOTAL_R, rdrop[i], rwhy);
	}
	free(z);
	free(cov);
	free(adrop);
	free(rdrop);
}

/* ---- the driver ---- */

static char *comp_label(const struct tds_meta *m, size_t comp)
{
	return xasprintf("%s..%s", m->waves[0].id, m->waves[comp + 1].id);
}

/* n[cell] = substantive answers of var in wave. */
static void answers_per_cell(const struct ctx *c, size_t var, size_t wave, uint64_t *n)
{
	const struct tvar *v = &c->t.vars[var];
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		const uint64_t *cnt = tables_counts(&c->t, var, wave, cell);
		uint64_t s = 0;
		for (size_t i = 0; i < v->n_values; i++)
			s += cnt[i];
		n[cell] = s;
	}
}

static void pairs_per_cell(const struct ctx *c, size_t var, size_t comp, uint64_t *n)
{
	for (size_t cell = 0; cell < c->t.n_cells; cell++) {
		size_t ne;
		const struct pair_entry *pe = tables_pairs(&c->t, var, comp, cell, &ne);
		uint64_t s = 0;
		for (size_t i = 0; i < ne; i++)
			s += pe[i].n;
		n[cell] = s;
	}
}

static void set_ctx(struct emit *e, const struct cell *cl, const char *wave, const char *design)
{
	e->ctx.breakdown = bd_kind_name(cl->kind);
	e->ctx.breakdown_value = cl->value;
	e->ctx.wave = wave;
	e->ctx.design = design;
}

/* The note of a block that rests on cells of kinds a and b (enum sup_kind;
 * SUP_SHOWN for a block with one cell): none when both are shown, else
 * why it is suppressed.  A side below the minimum is the reason, even when
 * the other side is a complementary cell. */
static enum res_reason sup_reason(unsigned char a, unsigned char b)
{
	if (a == SUP_PRIMARY || b == SUP_PRIMARY)
		return RES_WHY_FEWER;
	if (a == SUP_COMPLEMENTARY || b == SUP_COMPLEMENTARY)
		return RES_WHY_COMPLEMENTARY;
	return RES_WHY_NONE;
}

static void study_rows(struct ctx *c)
{
	const struct tds_meta *m = &c->d->meta;
	struct emit e = { c->res, { "*", "", "all", "", "", "" }, RES_WHY_NONE, RES_WHY_NONE };
	put(&e, RS_BOOTSTRAP_SEED, (double)c->o->seed, RES_WHY_NONE);
	put(&e, RS_BOOTSTRAP_RESAMPLES, (double)c->o->resamples, RES_WHY_NONE);
	put(&e, RS_MIN_GROUP_SIZE, (double)c->min, RES_WHY_NONE);
	put(&e, RS_PAIRED_LEAD_MIN,
	    (double)(c->min > (uint64_t)c->o->paired_lead ? c->min : (uint64_t)c->o->paired_lead), RES_WHY_NONE);
	put(&e, RS_CONF_LEVEL, c->o->conf, RES_WHY_NONE);

	/* respondents per wave and cell, suppressed by the same rule */
	unsigned char *sup = xmalloc(c->t.n_cells);
	for (size_t w = 0; w < c->t.n_waves; w++) {
		tables_suppress(&c->t, c->t.respondents + w * c->t.n_cells, c->min, sup);
		for (size_t cell = 0; cell < c->t.n_cells; cell++) {
			if (!c->t.cells[cell].used)
				continue;
			set_ctx(&e, &c->t.cells[cell], m->waves[w].id, "");
			e.supp = sup_reason(sup[cell], SUP_SHOWN);
			put(&e, RS_RESPONDENTS, (double)c->t.respondents[w * c->t.n_cells + cell], RES_WHY_NONE);
		}
	}
	free(sup);
}

static void variable_rows(struct ctx *c, size_t var)
{
	const struct tds_meta *m = &c->d->meta;
	const struct tvar *v = &c->t.vars[var];
	size_t nc = c->t.n_cells, nw = c->t.n_waves;
	struct emit e = { c->res, { v->id, v->is_scale ? "scale" : "item", "", "", "", "" }, RES_WHY_NONE, RES_WHY_NONE };

	if (v->is_scale && v->sd->reason != RES_WHY_NONE) {
		set_ctx(&e, &c->t.cells[0], "", "");
		e.na = v->sd->reason;
		put(&e, RS_N, NAN, RES_WHY_NONE);
		return;
	}
	uint64_t *n = xmalloc(nc * sizeof(*n));
	unsigned char *sup = xmalloc(nw * nc), *psup = xmalloc((c->t.n_comp ? c->t.n_comp : 1) * nc);
	for (size_t w = 0; w < nw; w++) {
		answers_per_cell(c, var, w, n);
		tables_suppress(&c->t, n, c->min, sup + w * nc);
	}
	for (size_t k = 0; k < c->t.n_comp; k++) {
		pairs_per_cell(c, var, k, n);
		tables_suppress(&c->t, n, c->min, psup + k * nc);
		for (size_t cell = 0; cell < nc; cell++)
			if (n[cell] == 0)
				psup[k * nc + cell] = SUP_SHOWN; /* "no pairs" says nothing about answers */
	}

	for (size_t cell = 0; cell < nc; cell++) {
		const struct cell *cl = &c->t.cells[cell];
		if (!cl->used)
			continue;
		for (size_t w = 0; w < nw; w++) {
			set_ctx(&e, cl, m->waves[w].id, "");
			e.supp = sup_reason(sup[w * nc + cell], SUP_SHOWN);
			e.na = RES_WHY_NONE;
			one_wave(c, var, w, cell, &e);
		}
		for (size_t k = 0; k < c->t.n_comp; k++) {
			char *label = comp_label(m, k);
			set_ctx(&e, cl, label, "paired");
			e.supp = sup_reason(psup[k * nc + cell], SUP_SHOWN);
			e.na = RES_WHY_NONE;
			paired(c, var, k, cell, &e);
			set_ctx(&e, cl, label, "independent");
			e.supp = sup_reason(sup[cell], sup[(k + 1) * nc + cell]);
			e.na = RES_WHY_NONE;
			independent(c, var, k, cell, &e);
			free(label);
		}
	}
	if (v->is_scale) {
		/* reliability for "all" and each group; only the minimum size rule
		 * applies (alpha cannot be recovered by subtraction) */
		for (size_t rc = 0; rc <= c->t.n_groups; rc++) {
			const struct cell *cl = &c->t.cells[rc];
			if (!cl->used)
				continue;
			for (size_t w = 0; w < nw; w++) {
				set_ctx(&e, cl, m->waves[w].id, "");
				e.ctx.variable = v->id;
				e.ctx.variable_type = "scale";
				e.supp = tables_rel(&c->t, v->index, w, rc)->n < c->min ? RES_WHY_FEWER : RES_WHY_NONE;
				e.na = RES_WHY_NONE;
				reliability(c, v->index, w, rc, &e);
			}
		}
	}
	free(n);
	free(sup);
	free(psup);
}

int analysis_run(const struct tds *d, const struct stats_options *o, struct results *res,
		 struct strbuf *err)
{
	const struct tds_meta *m = &d->meta;
	struct ctx c;
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.o = o;
	c.res = res;
	int min = m->min_group_size;
	if (o->min_group_size > min)
		min = o->min_group_size;
	c.min = min > 0 ? (uint64_t)min : 0;

	c.scales = xcalloc(m->n_scales ? m->n_scales : 1, sizeof(*c.scales));
	for (size_t s = 0; s < m->n_scales; s++)
		scale_def_build(&c.scales[s], m, s);
	int rc = tables_build(&c.t, d, c.scales, err);
	if (rc == TILLID_OK) {
		size_t most = 1;
		for (size_t v = 0; v < c.t.n_vars; v++)
			if (c.t.vars[v].n_values > most)
				most = c.t.vars[v].n_values;
		ensure_scratch(&c, most);
		study_rows(&c);
		for (size_t v = 0; v < c.t.n_vars; v++)
			variable_rows(&c, v);
		adjust_all(&c);
		tables_release(&c.t);
	}
	for (size_t s = 0; s < m->n_scales; s++)
		scale_def_release(&c.scales[s]);
	free(c.scales);
	free(c.pt);
	free(c.w);
	free(c.w2);
	free(c.diff);
	return rc;
}
