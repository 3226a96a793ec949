/* report_response.c: the response section: answers (and response rates) per wave, municipality and group. */
#include "report_internal.h"
#include "table_cells.h"

#include <stdint.h>

static uint64_t invited_for(struct report_ctx *c, size_t w, struct cell k)
{
	uint16_t g = k.g < 0 ? TDS_NONE : (uint16_t)k.g;
	uint16_t m = k.m < 0 ? TDS_NONE : (uint16_t)k.m;
	for (size_t i = 0; i < c->m->n_invited; i++) {
		const struct tds_invited *iv = &c->m->invited[i];
		if (iv->wave == w && iv->group == g && iv->municipality == m)
			return iv->n;
	}
	return 0;
}

static void count_cell(struct report_ctx *c, struct table *t, size_t col, struct cell k, size_t w)
{
	double n;
	enum res_reason why;
	int st = rp_cell_count(c, k, w, &n, &why);
	if (st != RES_OK) {
		table_set(t, col, rp_hidden_text(c));
	} else {
		uint64_t inv = invited_for(c, w, k);
		if (inv > 0)
			tc_count_share(t, col, n, n / (double)inv, c->lang);
		else
			tc_count(t, col, n, c->lang);
	}
}

/* A table of counts headed first (its rows' column), then a column per
 * group shown (ng of them) and one for all. */
static void count_columns(struct report_ctx *c, struct table *t, const char *first, size_t ng)
{
	table_init(t, ng + 2);
	table_col(t, 0, first, 1.4, LAY_LEFT);
	for (size_t g = 0; g < ng; g++)
		table_col(t, g + 1, rp_group_label(c, g), 1.0, LAY_RIGHT);
	table_col(t, ng + 1, ng ? tx(c->lang, T_ALL_GROUPS) : rp_cell_label(c, CELL(-1, -1)), 1.0, LAY_RIGHT);
}

/* A study without places: one table, a row per wave, a column per group
 * shown and one for all. */
static void waves_table(struct report_ctx *c)
{
	size_t ng = c->show_groups ? c->m->n_groups : 0;
	struct table t;
	count_columns(c, &t, tx(c->lang, T_COL_WAVE), ng);
	for (size_t w = 0; w < c->m->n_waves; w++) {
		table_row(&t, 0);
		table_set(&t, 0, rp_wave_label(c, w));
		for (size_t g = 0; g < ng; g++)
			count_cell(c, &t, g + 1, CELL((int)g, -1), w);
		count_cell(c, &t, ng + 1, CELL(-1, -1), w);
	}
	rp_doc_table(&c->doc, &t);
	table_release(&t);
}

/* With units shown: a row per unit, a column per wave. */
static void units_table(struct report_ctx *c)
{
	enum lang lang = c->lang;
	size_t nw = c->m->n_waves;
	struct table t;
	table_init(&t, nw + 1);
	table_col(&t, 0, tx(lang, T_COL_UNIT), 1.6, LAY_LEFT);
	for (size_t w = 0; w < nw; w++)
		table_col(&t, w + 1, rp_wave_label(c, w), 1.0, LAY_RIGHT);
	for (size_t u = 0; u < c->m->n_units; u++) {
		if (!rp_unit_shown(c, u))
			continue;
		struct cell k = { -1, -1, (int)u + 1 };
		table_row(&t, 0);
		table_set(&t, 0, rp_cell_label(c, k));
		for (size_t w = 0; w < nw; w++) {
			double n;
			enum res_reason why;
			if (rp_cell_count(c, k, w, &n, &why) == RES_OK)
				tc_count(&t, w + 1, n, lang);
			else
				table_set(&t, w + 1, rp_hidden_text(c));
		}
	}
	rp_doc_heading(&c->doc, TS_H3, tx(lang, T_RESPONSE_UNITS), 60);
	rp_doc_table(&c->doc, &t);
	table_release(&t);
}

void rp_response_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_section(d, tx(lang, T_SEC_RESPONSE), 0, 1);
	rp_doc_para(d, TS_BODY, tx(lang, !rp_has_places(c) ? T_RESPONSE_INTRO_WAVES
					 : c->show_groups ? T_RESPONSE_INTRO : T_RESPONSE_INTRO_PLACES), 0, 3);
	if (c->m->n_invited)
		rp_doc_para(d, TS_BODY, tx(lang, T_RESPONSE_INVITED), 0, 3);
	rp_doc_space(d, 6);
	c->hidden_used = 0;
	size_t ng = c->show_groups ? c->m->n_groups : 0;
	if (!rp_has_places(c))
		waves_table(c);
	for (size_t w = 0; rp_has_places(c) && w < c->m->n_waves; w++) {
		rp_doc_heading(d, TS_H3, rp_wave_label(c, w), 60);
		struct table t;
		count_columns(c, &t, tx(lang, T_COL_PLACE), ng);
		if (c->muni >= 0) {
			table_row(&t, TROW_SHADE);
			table_set(&t, 0, c->m->municipalities[c->muni]);
			for (size_t g = 0; g < ng; g++)
				count_cell(c, &t, g + 1, CELL((int)g, c->muni), w);
			count_cell(c, &t, ng + 1, CELL(-1, c->muni), w);
		} else {
			for (size_t m = 0; m < c->m->n_municipalities; m++) {
				table_row(&t, 0);
				table_set(&t, 0, c->m->municipalities[m]);
				for (size_t g = 0; g < ng; g++)
					count_cell(c, &t, g + 1, CELL((int)g, (int)m), w);
				count_cell(c, &t, ng + 1, CELL(-1, (int)m), w);
			}
		}
		table_row(&t, TROW_BOLD | TROW_RULE);
		table_set(&t, 0, tx(lang, c->muni >= 0 ? T_WHOLE_PROJECT : T_ALL_MUNICIPALITIES));
		for (size_t g = 0; g < ng; g++)
			count_cell(c, &t, g + 1, CELL((int)g, -1), w);
		count_cell(c, &t, ng + 1, CELL(-1, -1), w);
		rp_doc_table(d, &t);
		table_release(&t);
	}
	if (c->show_units)
		units_table(c);
	rp_hidden_note(c);
}
