/* write_limesurvey.c: the follow-up as a LimeSurvey CSV export (UTF-8 with a byte order mark, every field quoted). */
#include "gen.h"

#include <string.h>

void add_ls_field(struct strbuf *out, const char *s)
{
	if (!s)
		return;
	sb_addc(out, '"');
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		sb_add(out, s, (size_t)(q + 1 - s));
		sb_addc(out, '"');
	}
	sb_adds(out, s);
	sb_addc(out, '"');
}

void ls_item_heading(struct strbuf *h, size_t j)
{
	if (items[j].answers == A_ENIG)
		sb_addf(h, "%s [%s]", GRID_TEXT, items[j].text_da);
	else
		sb_adds(h, items[j].text_da);
}

static const char *ls_group_answer(const struct person *p)
{
	if (p->group != G_MEDARB)
		return groups[p->group].answer;
	return units[p->unit].myndighed ? STAFF_MYNDIGHED : STAFF_UDFOERER;
}

int write_ls(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	static const char *const head[] = {
		"Svar-ID", "Dato afsendt", "Sidste side", "Startsprog", "Seed", "Dato startet",
		"Dato for sidste handling", "Adgangsnøgle", "Fornavn", "Efternavn", "E-mail",
		"Pseudonym", "Kommune", "Enhed", "Hvem besvarer skemaet?",
	};
	struct out_file o;
	if (out_open(&o, dir, "efter.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	struct strbuf t = STRBUF_INIT;
	sb_adds(b, "\xEF\xBB\xBF");
	for (size_t k = 0; k < ARRAY_SIZE(head); k++) {
		if (k)
			sb_addc(b, ';');
		add_ls_field(b, head[k]);
	}
	for (size_t j = 0; j < N_ITEMS; j++) {
		sb_reset(&t);
		ls_item_heading(&t, j);
		sb_addc(b, ';');
		add_ls_field(b, t.buf);
	}
	sb_addc(b, ';');
	add_ls_field(b, COMMENT_TEXT);
	sb_adds(b, "\r\n");
	out_flush_row(&o);

	for (size_t k = 0; k < sim->n_replies[W_EFTER]; k++) {
		const struct reply *rep = &sim->replies[W_EFTER][k];
		const struct person *p = &sim->people[rep->person];
		sb_addc(b, '"');
		add_uint(b, k + 1);
		sb_adds(b, "\";");
		if (rep->pages == 3) {
			sb_addc(b, '"');
			add_time(b, W_EFTER, rep->t_end, 1);
			sb_addc(b, '"');
		}
		sb_adds(b, ";\"");
		add_uint(b, rep->pages);
		sb_adds(b, "\";\"da\";\"");
		add_uint(b, rep->ls_seed);
		sb_adds(b, "\";\"");
		add_time(b, W_EFTER, rep->t_start, 1);
		sb_adds(b, "\";\"");
		add_time(b, W_EFTER, rep->pages == 3 ? rep->t_end : rep->t_start + (rep->t_end - rep->t_start) / 3, 1);
		sb_adds(b, "\";\"");
		sb_adds(b, rep->token);
		sb_adds(b, "\";");
		if (p->has_email) {
			sb_adds(b, "\"Testbruger\";\"");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "\";\"testbruger");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "@example.dk\";");
		} else {
			sb_adds(b, ";;;");
		}
		sb_addc(b, '"');
		add_pseudonym(b, sim, p);
		sb_adds(b, "\";");
		add_ls_field(b, munis[p->muni].name);
		sb_addc(b, ';');
		add_ls_field(b, units[p->unit].name);
		sb_addc(b, ';');
		add_ls_field(b, ls_group_answer(p));
		for (size_t j = 0; j < N_ITEMS; j++) {
			const struct answers_def *a = &answer_scales[items[j].answers];
			uint8_t v = rep->v[j];
			sb_addc(b, ';');
			/* A page never reached is NULL; an item skipped on a page
			 * that was shown is an empty string. */
			if (items[j].page > rep->pages)
				continue;
			if (v >= 1 && v <= 5)
				add_ls_field(b, a->point_da[v - 1]);
			else if (v == V_DONTKNOW)
				add_ls_field(b, a->missing_da[0]);
			else if (v == V_REFUSED)
				add_ls_field(b, a->missing_da[1]);
			else
				add_ls_field(b, "");
		}
		sb_addc(b, ';');
		if (rep->pages == 3)
			add_ls_field(b, rep->comment >= 0 ? comment_text(rep->comment) : "");
		sb_adds(b, "\r\n");
		out_flush_row(&o);
	}
	sb_release(&t);
	return out_close(&o, err);
}
