/* report_method.c: the method section: how the numbers were made, in words. */
#include "report_internal.h"

#include <stdio.h>

/* The families of the adjusted intervals (docs/statistics.md, the
 * verdict: one per breakdown), of the breakdowns the report shows. */
static void holm_families(struct report_ctx *c, struct strbuf *sb)
{
	enum lang lang = c->lang;
	if (c->show_groups && c->show_munis && !c->show_units) {
		sb_adds(sb, tx(lang, T_M_HOLM));
		return;
	}
	enum text_id fam[4];
	size_t n = 0;
	if (c->show_groups)
		fam[n++] = T_M_FAMILY_GROUPS;
	if (c->show_munis)
		fam[n++] = T_M_FAMILY_MUNIS;
	if (c->show_groups && c->show_munis)
		fam[n++] = T_M_FAMILY_CELLS;
	if (c->show_units)
		fam[n++] = T_M_FAMILY_UNITS;
	struct strbuf list = STRBUF_INIT;
	sb_init(&list);
	tx_fill(&list, lang, T_M_FAMILY, "first", tx(lang, T_M_FAMILY_ALL), NULL);
	for (size_t i = 0; i < n; i++) {
		sb_adds(&list, i == 0 ? tx(lang, T_M_FAMILY_MORE) : i + 1 == n ? tx(lang, T_LIST_AND) : ", ");
		sb_adds(&list, tx(lang, fam[i]));
	}
	tx_fill(sb, lang, T_M_HOLM_FAMILIES, "families", list.buf, NULL);
	sb_release(&list);
}

void rp_method_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_section(d, tx(lang, T_SEC_METHOD), 0, 1);
	char pairs[16], seed[32], delta[FMT_MAX];
	rp_delta_text(c, delta);
	snprintf(pairs, sizeof(pairs), "%d", rp_pairs_needed(c));
	double sv;
	if (rp_study_number(c->res, RS_BOOTSTRAP_SEED, &sv) == RES_OK)
		snprintf(seed, sizeof(seed), "%.0f", sv);
	else
		snprintf(seed, sizeof(seed), "%s", tx(lang, T_DASH));

	/* the surveys first: what every change is measured between */
	static const enum text_id order[][2] = {
		{ T_M_WAVES_H, T_M_WAVES }, { T_M_SCALE_H, T_M_SCALE }, { T_M_MEAN_H, T_M_MEAN },
		{ T_M_CI_H, T_M_CI }, { T_M_SURE_H, T_M_SURE }, { T_M_EFFECT_H, T_M_EFFECT },
		{ T_M_TESTS_H, T_M_TESTS }, { T_M_MIN_H, T_M_MIN },
	};
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		if (order[i][1] == T_M_WAVES && c->m->n_waves < 2)
			continue;
		struct strbuf sb = STRBUF_INIT;
		sb_init(&sb);
		tx_fill(&sb, lang, order[i][1], "min", c->min_s, "pairs", pairs, "seed", seed, "delta", delta, "base",
			rp_wave_label(c, c->base), "later", rp_wave_label(c, c->last), NULL);
		if (order[i][1] == T_M_SURE)
			holm_families(c, &sb);
		if (order[i][1] == T_M_WAVES && c->m->n_waves >= 3) {
			char n[24];
			snprintf(n, sizeof(n), "%zu", c->m->n_waves);
			tx_fill(&sb, lang, T_M_WAVES_MANY, "n", n, "base", rp_wave_label(c, c->base), NULL);
		}
		/* a paragraph is never split, so the heading keeps with all of it:
		 * room for less leaves the heading alone at the page foot */
		double hh = lay_height(&c->ty, TS_H3, tx(lang, order[i][0]), CONTENT_W, 0);
		double bh = lay_height(&c->ty, TS_BODY, sb.buf, CONTENT_W, 0);
		rp_doc_ensure(d, hh + 2 + bh);
		rp_doc_para(d, TS_H3, tx(lang, order[i][0]), 0, 2);
		rp_doc_para(d, TS_BODY, sb.buf, 0, 9);
		sb_release(&sb);
	}
	rp_unlabelled_note(c);
}

/* The paragraph lists the items with "og" before the last; a count under
 * the minimum reads as the hidden mark. */
void rp_unlabelled_note(struct report_ctx *c)
{
	const struct tds_meta *m = c->m;
	if (!m->n_unlabelled)
		return;
	struct strbuf items = STRBUF_INIT, sb = STRBUF_INIT;
	sb_init(&items);
	sb_init(&sb);
	for (size_t i = 0; i < m->n_unlabelled; i++) {
		const struct tds_unlabelled *u = &m->unlabelled[i];
		const struct tds_item *it = &m->items[u->item];
		char num[FMT_MAX];
		/* a count under the minimum is not printed */
		const char *n = u->n < (uint64_t)c->min ? rp_hidden_text(c) : fmt_count(num, (double)u->n, c->lang);
		if (i)
			sb_adds(&items, i + 1 == m->n_unlabelled ? tx(c->lang, T_LIST_AND) : ", ");
		tx_fill(&items, c->lang, T_M_UNLABELLED_ITEM, "item", rp_pick(c->lang, it->text_da, it->text_en),
			"wave", rp_wave_label(c, u->wave), "n", n, NULL);
	}
	tx_fill(&sb, c->lang, T_M_UNLABELLED, "items", items.buf, NULL);
	double hh = lay_height(&c->ty, TS_H3, tx(c->lang, T_M_UNLABELLED_H), CONTENT_W, 0);
	double bh = lay_height(&c->ty, TS_BODY, sb.buf, CONTENT_W, 0);
	rp_doc_ensure(&c->doc, hh + 2 + bh);
	rp_doc_para(&c->doc, TS_H3, tx(c->lang, T_M_UNLABELLED_H), 0, 2);
	rp_doc_para(&c->doc, TS_BODY, sb.buf, 0, 9);
	sb_release(&items);
	sb_release(&sb);
}
