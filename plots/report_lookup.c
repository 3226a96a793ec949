/* report_lookup.c: what the report looks up: numbers and their status in the results, names and answer scales in the metadata. */
#include "report_internal.h"
#include "core/defaults.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *rp_pick(enum lang lang, const char *da, const char *en)
{
	return lang == LANG_EN && en && *en ? en : (da ? da : "");
}

const char *rp_wave_label(struct report_ctx *c, size_t w)
{
	return rp_pick(c->lang, c->m->waves[w].label_da, c->m->waves[w].label_en);
}

const char *rp_group_label(struct report_ctx *c, size_t g)
{
	return rp_pick(c->lang, c->m->groups[g].label_da, c->m->groups[g].label_en);
}

const char *rp_scale_label(struct report_ctx *c, size_t s)
{
	return rp_pick(c->lang, c->m->scales[s].label_da, c->m->scales[s].label_en);
}

const char *rp_item_text(struct report_ctx *c, size_t i)
{
	return rp_pick(c->lang, c->m->items[i].text_da, c->m->items[i].text_en);
}

const struct tds_answers *rp_item_answers(struct report_ctx *c, size_t i)
{
	int a = c->m->items[i].answers;
	return a >= 0 && (size_t)a < c->m->n_answers ? &c->m->answers[a] : NULL;
}

void rp_turned_answers(const struct tds_answers *a, struct tds_answers *out)
{
	*out = *a;
	out->point_da = xcalloc((size_t)a->k, sizeof(*out->point_da));
	out->point_en = a->point_en ? xcalloc((size_t)a->k, sizeof(*out->point_en)) : NULL;
	for (int v = 0; v < a->k; v++) {
		out->point_da[v] = a->point_da[a->k - 1 - v];
		if (a->point_en)
			out->point_en[v] = a->point_en[a->k - 1 - v];
	}
}

void rp_turned_release(struct tds_answers *t)
{
	free(t->point_da);
	free(t->point_en);
}

const struct tds_answers *rp_scale_answers(struct report_ctx *c, size_t s)
{
	for (size_t i = 0; i < c->m->n_items; i++)
		if (c->m->items[i].scale == (int)s)
			return rp_item_answers(c, i);
	return NULL;
}

const char *rp_point_label(struct report_ctx *c, const struct tds_answers *a, int v)
{
	const char *l = rp_pick(c->lang, a->point_da[v - 1], a->point_en ? a->point_en[v - 1] : NULL);
	if (*l)
		return l;
	/* a point the study file leaves unlabelled (a scale with values) is its value */
	int x = tds_point_value(a, v);
	if (x < 0 || x > TDS_MAX_VALUE)
		abort();
	snprintf(c->value_text[x], sizeof(c->value_text[x]), "%d", x);
	return c->value_text[x];
}

void rp_scale_range(struct report_ctx *c, const struct tds_answers *a, char *buf, size_t size)
{
	char lo[16], hi[16];
	snprintf(lo, sizeof(lo), "%d", a ? tds_point_value(a, 1) : 1);
	snprintf(hi, sizeof(hi), "%d", a ? tds_point_value(a, a->k) : 5);
	char *s = tx_fillf(c->lang, T_SCALE_RANGE, "lo", lo, "hi", hi, NULL);
	snprintf(buf, size, "%s", s);
	free(s);
}

const char *rp_wave_id(struct report_ctx *c, size_t w)
{
	return c->m->waves[w].id;
}

size_t rp_group_cells(struct report_ctx *c, int g, struct cell *cells, size_t max, int with_munis)
{
	size_t n = 0;
	if (c->muni >= 0) {
		cells[n++] = CELL(g, c->muni);
		cells[n++] = CELL(g, -1);
		return n;
	}
	cells[n++] = CELL(g, -1);
	if (with_munis && c->show_munis)
		for (size_t m = 0; m < c->m->n_municipalities && n < max; m++)
			cells[n++] = CELL(g, (int)m);
	return n;
}

const char *rp_place_name(struct report_ctx *c, struct cell k)
{
	if (k.u > 0)
		return c->m->units[k.u - 1].name;
	if (k.m >= 0)
		return c->m->municipalities[k.m];
	return tx(c->lang, c->muni >= 0 ? T_WHOLE_PROJECT : T_ALL_MUNICIPALITIES);
}

size_t rp_n_groups(const struct report_ctx *c)
{
	return c->show_groups ? c->m->n_groups : 1;
}

int rp_group_at(const struct report_ctx *c, size_t i)
{
	return c->show_groups ? (int)i : -1;
}

int rp_has_places(const struct report_ctx *c)
{
	return c->muni >= 0 || c->show_munis;
}

int rp_unit_shown(const struct report_ctx *c, size_t u)
{
	return c->show_units && (c->muni < 0 || c->m->units[u].municipality == (unsigned)c->muni);
}

char *rp_scope_words(struct report_ctx *c, int order)
{
	enum text_id parts[4];
	size_t n = 0;
	parts[n++] = T_SCOPE_ALL;
	if (c->show_groups)
		parts[n++] = T_SCOPE_GROUPS;
	if (c->show_munis)
		parts[n++] = order ? T_SCOPE_MUNIS : T_SCOPE_MUNIS_WHOLE;
	if (c->show_units)
		parts[n++] = T_SCOPE_UNITS;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	/* the overview lists all with "for" before each; the findings put
	 * all respondents first, the rest after */
	for (size_t i = (size_t)order; i < n; i++) {
		if (i > (size_t)order)
			sb_adds(&sb, i + 1 == n ? tx(c->lang, order ? T_LIST_AND : T_SCOPE_LAST_FOR)
						: order ? ", " : tx(c->lang, T_SCOPE_SEP_FOR));
		sb_adds(&sb, tx(c->lang, parts[i]));
	}
	char *r;
	if (!order)
		r = tx_fillf(c->lang, T_SCOPE_FOR, "list", sb.buf, NULL);
	else if (n > 1)
		r = tx_fillf(c->lang, T_SCOPE_ORDER, "first", tx(c->lang, parts[0]), "rest", sb.buf, NULL);
	else
		r = xstrdup("");
	sb_release(&sb);
	return r;
}

int rp_page_shown(const struct report_ctx *c, unsigned page)
{
	return !c->o->spec || (c->o->spec->pages & page);
}

/* Breakdown name and value of a cell; value written into buf. */
static const char *cell_key(struct report_ctx *c, struct cell k, struct strbuf *buf)
{
	sb_reset(buf);
	if (k.u > 0) {
		const struct tds_unit *un = &c->m->units[k.u - 1];
		res_cell_value(buf, un->municipality < c->m->n_municipalities ? c->m->municipalities[un->municipality] : "",
			       un->name);
		return res_breakdown_name(RES_BD_UNIT);
	}
	if (k.g < 0 && k.m < 0)
		return res_breakdown_name(RES_BD_ALL);
	if (k.m < 0) {
		sb_adds(buf, c->m->groups[k.g].id);
		return res_breakdown_name(RES_BD_GROUP);
	}
	if (k.g < 0) {
		sb_adds(buf, c->m->municipalities[k.m]);
		return res_breakdown_name(RES_BD_MUNICIPALITY);
	}
	res_cell_value(buf, c->m->municipalities[k.m], c->m->groups[k.g].id);
	return res_breakdown_name(RES_BD_MUNICIPALITY_GROUP);
}

/* The row of (var, cell, wave, design, statistic with its index), or NULL. */
static const struct rf_row *find_row(struct report_ctx *c, const char *var, struct cell k, const char *wave,
				      const char *design, enum res_stat stat, int index)
{
	struct strbuf b = STRBUF_INIT;
	sb_init(&b);
	const char *bd = cell_key(c, k, &b);
	const struct rf_row *row = resfile_find(c->res, var, bd, b.buf, wave, design, stat, index);
	sb_release(&b);
	return row;
}

int rp_get_at(struct report_ctx *c, const char *var, struct cell k, const char *wave,
	      const char *design, enum res_stat stat, int index, double *v)
{
	struct strbuf b = STRBUF_INIT;
	sb_init(&b);
	const char *bd = cell_key(c, k, &b);
	int st = resfile_get(c->res, var, bd, b.buf, wave, design, stat, index, v);
	sb_release(&b);
	return st;
}

int rp_get(struct report_ctx *c, const char *var, struct cell k, const char *wave, const char *design,
	   enum res_stat stat, double *v)
{
	return rp_get_at(c, var, k, wave, design, stat, 0, v);
}

/* Why a row is suppressed; RES_WHY_NONE when it is not (or is missing). */
static enum res_reason suppressed_why(const struct rf_row *row)
{
	return row && row->status == RES_SUPPRESSED ? row->why : RES_WHY_NONE;
}

enum res_reason rp_why(struct report_ctx *c, const char *var, struct cell k, const char *wave,
		       const char *design, enum res_stat stat)
{
	return suppressed_why(find_row(c, var, k, wave, design, stat, 0));
}

int rp_study_number(const struct resfile *res, enum res_stat stat, double *v)
{
	return resfile_get(res, "*", res_breakdown_name(RES_BD_ALL), NULL, NULL, NULL, stat, 0, v);
}

/* Respondents are the statistic "respondents" of variable "*". */
int rp_cell_count(struct report_ctx *c, struct cell k, size_t w, double *n, enum res_reason *why)
{
	*why = rp_why(c, "*", k, rp_wave_id(c, w), "", RS_RESPONDENTS);
	return rp_get(c, "*", k, rp_wave_id(c, w), "", RS_RESPONDENTS, n);
}

const char *rp_cell_label(struct report_ctx *c, struct cell k)
{
	if (k.u > 0)
		return c->m->units[k.u - 1].name;
	if (k.g < 0 && c->m->n_groups == 1)
		return rp_group_label(c, 0);
	return k.g >= 0 ? rp_group_label(c, (size_t)k.g) : tx(c->lang, T_ALL_RESPONDENTS);
}

double rp_delta(struct report_ctx *c)
{
	double d;
	if (rp_study_number(c->res, RS_SMALLEST_CHANGE, &d) != RES_OK)
		d = TILLID_SMALLEST_CHANGE_DEFAULT / 1000.0;
	return d;
}

char *rp_delta_text(struct report_ctx *c, char *buf)
{
	double d = rp_delta(c);
	/* as few decimals as the setting has (0.2 -> "0,2", 0.25 -> "0,25") */
	int dec = 0;
	while (dec < 3 && fabs(d * pow(10, dec) - round(d * pow(10, dec))) > 1e-9)
		dec++;
	return fmt_num(buf, d, dec, c->lang);
}

enum text_id rp_verdict_word(enum res_verdict v)
{
	switch (v) {
	case RES_VERDICT_UP: return T_V_UP;
	case RES_VERDICT_DOWN: return T_V_DOWN;
	case RES_VERDICT_UNCHANGED: return T_V_UNCHANGED;
	default: return T_V_UNDECIDED;
	}
}

enum text_id rp_unsure_words(const struct change *ch)
{
	if (!ch->constant)
		return T_S_UNSURE;
	if (!ch->paired)
		return T_S_UNSURE_ALIKE;
	return ch->diff == 0 ? T_S_UNSURE_NOBODY : T_S_UNSURE_SAME_CHANGE;
}

int rp_pairs_needed(const struct report_ctx *c)
{
	return c->min > c->min_pairs ? c->min : c->min_pairs;
}

void rp_change(struct report_ctx *c, const char *var, struct cell k, size_t later, struct change *ch)
{
	rp_change_from(c, var, k, c->base, later, ch);
}

/* rp_change_from reads the paired or the independent block of rows of the
 * comparison "base..later"; its interval is the verdict's (adjusted). */
void rp_change_from(struct report_ctx *c, const char *var, struct cell k, size_t base, size_t later,
		    struct change *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->n_pairs = ch->n_base = ch->n_later = ch->m = NAN;
	ch->verdict = RES_VERDICT_UNDECIDED;
	char *wv = res_comparison(rp_wave_id(c, base), rp_wave_id(c, later));
	const char *pd = res_design_name(RES_DESIGN_PAIRED);
	double np, v;
	int need = rp_pairs_needed(c);
	int sp = rp_get(c, var, k, wv, pd, RS_N_PAIRS, &np);
	int sd = rp_get(c, var, k, wv, pd, RS_MEAN_DIFF, &v);
	/* The stats stage says which design leads (paired_leads); without
	 * that row the same rule applies here. */
	double lead;
	int sl = rp_get(c, var, k, wv, pd, RS_PAIRED_LEADS, &lead);
	int paired = sl == RES_OK ? lead == 1 : sl == RF_MISSING && sp == RES_OK && np >= need;
	const char *design;
	ch->pairs_hidden = sp == RES_SUPPRESSED;
	if (paired && sd == RES_OK) {
		design = pd;
		ch->paired = 1;
		if (sp == RES_OK)
			ch->n_pairs = np;
	} else {
		design = res_design_name(RES_DESIGN_INDEPENDENT);
	}
	ch->st = rp_get(c, var, k, wv, design, RS_MEAN_DIFF, &ch->diff);
	/* A wave the tables mark hidden hides the change too: a sentence
	 * "went from 3,9" beside a wave shown as "skjult" would give a figure
	 * for it (the pairs' mean, but a reader cannot tell). */
	if (ch->st == RES_OK && (rp_get(c, var, k, rp_wave_id(c, base), "", RS_N, NULL) != RES_OK ||
				 rp_get(c, var, k, rp_wave_id(c, later), "", RS_N, NULL) != RES_OK))
		ch->st = RF_MISSING;
	if (ch->st != RES_OK) {
		const struct rf_row *row = find_row(c, var, k, wv, design, RS_MEAN_DIFF, 0);
		ch->why = suppressed_why(row);
		/* A wave that is itself suppressed hides the change too, for the
		 * same reason (below the minimum when either wave is). */
		enum res_reason wb = rp_why(c, var, k, rp_wave_id(c, base), "", RS_N);
		enum res_reason wl = rp_why(c, var, k, rp_wave_id(c, later), "", RS_N);
		/* A change with no row at all (nobody in the cell answered)
		 * reads like a hidden one, so that no page tells the two apart. */
		if (ch->st == RF_MISSING || (ch->st != RES_SUPPRESSED && (wb != RES_WHY_NONE || wl != RES_WHY_NONE))) {
			ch->st = RES_SUPPRESSED;
			ch->why = wb == RES_WHY_FEWER || wl == RES_WHY_FEWER ? RES_WHY_FEWER : RES_WHY_COMPLEMENTARY;
		}
		ch->note = row && row->why != RES_WHY_NONE ? res_reason_text(row->why) : tx(c->lang, T_NOT_AVAILABLE);
		free(wv);
		return;
	}
	rp_get(c, var, k, wv, design, RS_MEAN_BASE, &ch->base);
	rp_get(c, var, k, wv, design, RS_MEAN_LATER, &ch->later);
	if (ch->paired) {
		rp_get(c, var, k, wv, design, RS_MEAN_DIFF_CI_LOW, &ch->lo);
		rp_get(c, var, k, wv, design, RS_MEAN_DIFF_CI_HIGH, &ch->hi);
		rp_get(c, var, k, wv, design, RS_P, &ch->p);
		rp_get(c, var, k, wv, design, RS_G_AV, &ch->g);
		rp_get(c, var, k, wv, design, RS_G_AV_CI_LOW, &ch->g_lo);
		rp_get(c, var, k, wv, design, RS_G_AV_CI_HIGH, &ch->g_hi);
	} else {
		rp_get(c, var, k, wv, design, RS_WELCH_CI_LOW, &ch->lo);
		rp_get(c, var, k, wv, design, RS_WELCH_CI_HIGH, &ch->hi);
		rp_get(c, var, k, wv, design, RS_WELCH_P, &ch->p);
		rp_get(c, var, k, wv, design, RS_HEDGES_G, &ch->g);
		rp_get(c, var, k, wv, design, RS_HEDGES_G_CI_LOW, &ch->g_lo);
		rp_get(c, var, k, wv, design, RS_HEDGES_G_CI_HIGH, &ch->g_hi);
		if (rp_get(c, var, k, wv, design, RS_N_BASE, &v) == RES_OK)
			ch->n_base = v;
		if (rp_get(c, var, k, wv, design, RS_N_LATER, &v) == RES_OK)
			ch->n_later = v;
	}
	/* The verdict and its adjusted interval replace the test's own: every
	 * word, marker and interval of the report follows them. */
	double vd, lo, hi;
	ch->verdict = RES_VERDICT_UNDECIDED;
	if (rp_get(c, var, k, wv, design, RS_VERDICT, &vd) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_VERDICT_CI_LOW, &lo) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_VERDICT_CI_HIGH, &hi) == RES_OK) {
		ch->verdict = (enum res_verdict)vd;
		ch->lo = lo;
		ch->hi = hi;
		double m;
		if (rp_get(c, var, k, wv, design, RS_VERDICT_M, &m) == RES_OK)
			ch->m = m;
	} else {
		ch->lo = ch->hi = NAN;
		const struct rf_row *row = find_row(c, var, k, wv, design, RS_VERDICT, 0);
		ch->constant = row && row->status == RES_NA &&
			       (row->why == RES_WHY_CONSTANT || row->why == RES_WHY_ZERO_DIFFERENCES);
	}
	ch->sure = ch->verdict == RES_VERDICT_UP || ch->verdict == RES_VERDICT_DOWN;
	free(wv);
}

/* Scales have their scores binned: each person's mean rounded to the
 * nearest point. */
int rp_distribution(struct report_ctx *c, const char *var, enum res_stat *stat)
{
	static const enum res_stat kinds[] = { RS_PCT_POINT, RS_PCT_BIN };
	for (size_t p = 0; p < ARRAY_SIZE(kinds); p++)
		for (size_t w = 0; w < c->m->n_waves; w++)
			for (size_t g = 0; g < c->m->n_groups; g++) {
				struct cell k = CELL((int)g, -1);
				if (rp_get_at(c, var, k, rp_wave_id(c, w), "", kinds[p], 1, NULL) != RF_MISSING) {
					*stat = kinds[p];
					return 1;
				}
			}
	return 0;
}
