/* report_items.c: the questions section: each question's answers and change, grouped by scale. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

static void item_block(struct report_ctx *c, size_t i)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	const struct tds_answers *a = rp_item_answers(c, i);
	/* a reverse-worded item is counted turned (higher = more positive):
	 * so are its answer labels, and its wording says so */
	struct tds_answers turned;
	int rev = a && c->m->items[i].reverse;
	if (rev) {
		rp_turned_answers(a, &turned);
		a = &turned;
	}
	const char *var = c->m->items[i].id;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, rp_item_text(c, i));
	if (c->m->items[i].reverse)
		sb_addf(&sb, " %s", tx(lang, T_REVERSED));
	double th = lay_height(&c->ty, TS_H3, sb.buf, CONTENT_W, 0);
	struct chart ch;
	enum res_stat stat;
	int dist = a && rp_distribution(c, var, &stat);
	if (dist)
		rp_diverging_chart(c, var, a, 0, stat, &ch);
	double chh = dist ? chart_height(&c->ty, &ch, CONTENT_W) : 0;
	/* Keep the question with its chart. */
	rp_doc_ensure(d, th + 4 + chh + 10);
	rp_doc_para(d, TS_H3, sb.buf, 0, 4);
	if (dist) {
		char *name = xasprintf("%s-diverging-group", var);
		rp_place_chart(c, &ch, NULL, NULL, name);
		free(name);
		chart_release(&ch);
	}
	rp_nps_block(c, i);
	if (rp_item_is_share(c, i)) {
		rp_share_block(c, i);
	} else if (c->m->n_waves >= 2) {
		struct table t;
		rp_change_table(c, var, 0, &t);
		rp_doc_table(d, &t);
		table_release(&t);
	}
	rp_doc_space(d, 6);
	sb_release(&sb);
	if (rev)
		rp_turned_release(&turned);
}

/* Does the items section show a question's number as "skjult"?  True when
 * the results hide one complementarily for a group or a group in a
 * municipality the report shows. */
static int items_hidden(struct report_ctx *c)
{
	const char *muni = c->muni >= 0 ? c->m->municipalities[c->muni] : NULL;
	size_t lm = muni ? strlen(muni) : 0;
	for (size_t i = 0; i < c->res->n_rows; i++) {
		const struct rf_row *r = &c->res->rows[i];
		if (r->why != RES_WHY_COMPLEMENTARY || strcmp(r->variable_type, res_var_type_name(RES_VAR_ITEM)))
			continue;
		if (!strcmp(r->breakdown, res_breakdown_name(RES_BD_GROUP)))
			return 1;
		if (!strcmp(r->breakdown, res_breakdown_name(RES_BD_MUNICIPALITY_GROUP)) &&
		    (!muni || (!strncmp(r->breakdown_value, muni, lm) && r->breakdown_value[lm] == '|')))
			return 1;
	}
	return 0;
}

void rp_items_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	if (!c->m->n_items)
		return;
	rp_doc_section(d, tx(lang, T_SEC_ITEMS), 0, 1);
	c->hidden_used = 0;
	struct strbuf intro = STRBUF_INIT;
	sb_init(&intro);
	/* the table under each question holds its change (no means), and
	 * only with a later wave to change to */
	tx_fill(&intro, lang, c->m->n_groups == 1 ? T_ITEMS_INTRO_ONE : T_ITEMS_INTRO, "table",
		c->m->n_waves >= 2 ? tx(lang, T_ITEMS_INTRO_TABLE) : "", NULL);
	if (items_hidden(c)) {
		sb_addc(&intro, ' ');
		tx_fill(&intro, lang, T_HIDDEN_NOTE, "hidden", tx(lang, T_HIDDEN), "min", c->min_s, NULL);
	}
	rp_doc_para(d, TS_BODY, intro.buf, 0, 8);
	sb_release(&intro);
	for (size_t s = 0; s <= c->m->n_scales; s++) {
		int scale = s < c->m->n_scales ? (int)s : -1;
		int any = 0;
		for (size_t i = 0; i < c->m->n_items; i++)
			if (c->m->items[i].scale == scale)
				any = 1;
		if (!any)
			continue;
		rp_doc_section(d, scale >= 0 ? rp_scale_label(c, s) : tx(lang, T_ITEMS_OUTSIDE), 1, 0);
		for (size_t i = 0; i < c->m->n_items; i++)
			if (c->m->items[i].scale == scale)
				item_block(c, i);
	}
	c->hidden_used = 0; /* the introduction explains "skjult" */
}
