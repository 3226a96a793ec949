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

void rp_response_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_section(d, tx(lang, T_SEC_RESPONSE), 0, 1);
	rp_doc_para(d, TS_BODY, tx(lang, T_RESPONSE_INTRO), 0, 3);
	if (c->m->n_invited)
		rp_doc_para(d, TS_BODY, tx(lang, T_RESPONSE_INVITED), 0, 3);
	rp_doc_space(d, 6);
	c->hidden_used = 0;
	size_t ng = c->m->n_groups;
	for (size_t w = 0; w < c->m->n_waves; w++) {
		rp_doc_heading(d, TS_H3, rp_wave_label(c, w), 60);
		struct table t;
		table_init(&t, ng + 2);
		table_col(&t, 0, tx(lang, T_COL_PLACE), 1.4, LAY_LEFT);
		for (size_t g = 0; g < ng; g++)
			table_col(&t, g + 1, rp_group_label(c, g), 1.0, LAY_RIGHT);
		table_col(&t, ng + 1, tx(lang, T_ALL_GROUPS), 1.0, LAY_RIGHT);
		if (c->muni >= 0) {
			table_row(&t, TROW_SHADE);
			table_set(&t, 0, c->m->municipalities[c->muni]);
			for (size_t g = 0; g < ng; g++)
				count_cell(c, &t, g + 1, (struct cell){ (int)g, c->muni }, w);
			count_cell(c, &t, ng + 1, (struct cell){ -1, c->muni }, w);
		} else {
			for (size_t m = 0; m < c->m->n_municipalities; m++) {
				table_row(&t, 0);
				table_set(&t, 0, c->m->municipalities[m]);
				for (size_t g = 0; g < ng; g++)
					count_cell(c, &t, g + 1, (struct cell){ (int)g, (int)m }, w);
				count_cell(c, &t, ng + 1, (struct cell){ -1, (int)m }, w);
			}
		}
		table_row(&t, TROW_BOLD | TROW_RULE);
		table_set(&t, 0, tx(lang, c->muni >= 0 ? T_WHOLE_PROJECT : T_ALL_MUNICIPALITIES));
		for (size_t g = 0; g < ng; g++)
			count_cell(c, &t, g + 1, (struct cell){ (int)g, -1 }, w);
		count_cell(c, &t, ng + 1, (struct cell){ -1, -1 }, w);
		rp_doc_table(d, &t);
		table_release(&t);
	}
	rp_hidden_note(c);
}
