/* report_share.c: a two-answer question (yes/no) as the share answering its positive answer, and the Net Promoter Score of a 0-10 question, in the questions section. */
#include "report_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int rp_item_is_share(struct report_ctx *c, size_t i)
{
	const struct tds_answers *a = rp_item_answers(c, i);
	return a && a->k == 2;
}

/* The positive answer of two-answer item i in lower case ("ja"): the
 * upper point, or the lower one of a reverse-worded item; caller frees. */
static char *positive_word(struct report_ctx *c, size_t i, const struct tds_answers *a)
{
	return tx_lower_first(rp_point_label(c, a, c->m->items[i].reverse ? 1 : 2));
}

/* One sentence for cell k of two-answer item i, led by who: the shares
 * before and after with the verdict of the change (the numbers of
 * rp_share_table), or the share of the one wave. */
static void share_sentence(struct report_ctx *c, struct strbuf *sb, size_t i, struct cell k, const char *who,
			   const char *answer, double lo)
{
	enum lang lang = c->lang;
	const char *var = c->m->items[i].id;
	char a1[FMT_MAX], b1[FMT_MAX];
	if (c->m->n_waves < 2) {
		double p;
		if (rp_get(c, var, k, rp_wave_id(c, 0), "", RS_TOP2, &p) == RES_OK)
			tx_fill(sb, lang, T_SHARE_LEVEL, "group", who, "a", fmt_pct(a1, p, 0, lang), "answer", answer,
				"wave", rp_wave_label(c, 0), NULL);
		return;
	}
	struct change ch;
	rp_change(c, var, k, c->last, &ch);
	if (ch.st != RES_OK)
		return; /* the table beside says "skjult" or why */
	enum text_id verb = ch.verdict == RES_VERDICT_UP	? T_SHARE_ROSE
			    : ch.verdict == RES_VERDICT_DOWN	? T_SHARE_FELL
			    : ch.verdict == RES_VERDICT_UNCHANGED ? T_SHARE_SAME
								  : T_SHARE_MOVED;
	tx_fill(sb, lang, verb, "group", who, "answer", answer, "a", fmt_pct(a1, ch.base - lo, 0, lang), "b",
		fmt_pct(b1, ch.later - lo, 0, lang), NULL);
	if (ch.sure) {
		sb_adds(sb, tx(lang, ch.verdict == RES_VERDICT_UP ? T_S_SURE_UP : T_S_SURE_DOWN));
	} else if (ch.verdict == RES_VERDICT_UNCHANGED) {
		/* the margin is smallest_change answer points, here percentage
		 * points of the share (docs/statistics.md): say it, as a scale's
		 * sentence does */
		tx_fill(sb, lang, T_S_UNCHANGED_PP, "delta", fmt_num(a1, 100.0 * rp_delta(c), 0, lang), NULL);
	} else {
		sb_adds(sb, tx(lang, rp_unsure_words(&ch)));
	}
	sb_adds(sb, ". ");
}

void rp_share_sentence(struct report_ctx *c, struct strbuf *sb, size_t i, struct cell k, const char *who)
{
	const struct tds_answers *a = rp_item_answers(c, i);
	char *answer = positive_word(c, i, a);
	share_sentence(c, sb, i, k, who, answer, tds_point_value(a, 1));
	free(answer);
}

void rp_share_block(struct report_ctx *c, size_t i)
{
	const struct tds_answers *a = rp_item_answers(c, i);
	double lo = tds_point_value(a, 1);
	char *answer = positive_word(c, i, a);
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t g = 0; g < c->m->n_groups; g++)
		share_sentence(c, &sb, i, CELL((int)g, c->muni), rp_cell_label(c, CELL((int)g, c->muni)), answer, lo);
	if (sb.len)
		rp_doc_para(&c->doc, TS_BODY, sb.buf, 0, 4);
	if (c->m->n_waves >= 2) {
		struct table t;
		rp_share_table(c, c->m->items[i].id, lo, &t);
		rp_doc_table(&c->doc, &t);
		table_release(&t);
	}
	sb_release(&sb);
	free(answer);
}

/* The NPS sentence of cell k: the level in the one wave, or the change
 * of the design the cell leads with (its interval from results.csv). */
void rp_nps_sentence(struct report_ctx *c, struct strbuf *sb, const char *var, struct cell k, const char *who)
{
	enum lang lang = c->lang;
	char a1[FMT_MAX], b1[FMT_MAX], d1[FMT_MAX], ci[FMT_MAX];
	double v, lo, hi, b, l, d;
	if (c->m->n_waves < 2) {
		const char *w = rp_wave_id(c, 0);
		if (rp_get(c, var, k, w, "", RS_NPS, &v) == RES_OK && rp_get(c, var, k, w, "", RS_NPS_CI_LOW, &lo) == RES_OK &&
		    rp_get(c, var, k, w, "", RS_NPS_CI_HIGH, &hi) == RES_OK)
			tx_fill(sb, lang, T_NPS_LEVEL, "group", who, "a", fmt_signed(a1, v, 0, lang), "wave",
				rp_wave_label(c, 0), "ci", fmt_interval(ci, lo, hi, 0, 1, lang), NULL);
		return;
	}
	struct change ch;
	rp_change(c, var, k, c->last, &ch);
	if (ch.st != RES_OK)
		return;
	char *wv = res_comparison(rp_wave_id(c, c->base), rp_wave_id(c, c->last));
	const char *design = res_design_name(ch.paired ? RES_DESIGN_PAIRED : RES_DESIGN_INDEPENDENT);
	if (rp_get(c, var, k, wv, design, RS_NPS_BASE, &b) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_NPS_LATER, &l) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_NPS_DIFF, &d) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_NPS_DIFF_CI_LOW, &lo) == RES_OK &&
	    rp_get(c, var, k, wv, design, RS_NPS_DIFF_CI_HIGH, &hi) == RES_OK) {
		tx_fill(sb, lang, T_NPS_CHANGE, "group", who, "a", fmt_signed(a1, b, 0, lang), "b",
			fmt_signed(b1, l, 0, lang), "d", fmt_signed(d1, d, 0, lang), "ci",
			fmt_interval(ci, lo, hi, 0, 1, lang), NULL);
		sb_addc(sb, ' ');
	}
	free(wv);
}

void rp_nps_block(struct report_ctx *c, size_t i)
{
	if (!c->m->items[i].nps)
		return;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t g = 0; g < c->m->n_groups; g++)
		rp_nps_sentence(c, &sb, c->m->items[i].id, CELL((int)g, c->muni), rp_cell_label(c, CELL((int)g, c->muni)));
	if (sb.len)
		rp_doc_para(&c->doc, TS_BODY, sb.buf, 0, 4);
	sb_release(&sb);
}
