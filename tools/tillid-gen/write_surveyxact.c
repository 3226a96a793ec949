/* write_surveyxact.c: the baseline as a SurveyXact export: structure.csv, labels.csv and dataset.csv in Windows-1252. */
#include "gen.h"
#include "core/textio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Append UTF-8 s to out as Windows-1252. Every text here is ours, so a
 * character without a Windows-1252 byte is a bug: it aborts. */
static void add_cp1252(struct strbuf *out, const char *s)
{
	struct strbuf err = STRBUF_INIT;
	if (text_encode_cp1252(out, s, strlen(s), 0, &err) != TILLID_OK) {
		fprintf(stderr, "tillid-gen: %s in '%s'\n", err.buf, s);
		abort();
	}
}

/* A SurveyXact field: quoted only when it holds the delimiter, a quote or a
 * line break; line breaks inside become CRLF. */
static void add_sx_field(struct strbuf *out, const char *utf8)
{
	if (!strpbrk(utf8, ";\"\r\n")) {
		add_cp1252(out, utf8);
		return;
	}
	struct strbuf t = STRBUF_INIT;
	for (const char *p = utf8; *p; p++) {
		if (*p == '"')
			sb_adds(&t, "\"\"");
		else if (*p == '\n')
			sb_adds(&t, "\r\n");
		else
			sb_addc(&t, *p);
	}
	sb_addc(out, '"');
	add_cp1252(out, t.buf);
	sb_addc(out, '"');
	sb_release(&t);
}

static void sx_item_question(struct strbuf *q, size_t j)
{
	if (items[j].answers == A_ENIG)
		sb_addf(q, "%s - %s", GRID_TEXT, items[j].text_da);
	else
		sb_adds(q, items[j].text_da);
}

static const char *const stato_da[5] = { "Ny", "Distribueret", "Nogen svar", "Gennemført", "Frafaldet" };

int write_sx_structure(const char *dir, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/structure.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	struct strbuf q = STRBUF_INIT;
	sb_adds(b, "questionName;variableName;questionType;subType;questionText;choiceValue;choiceText\r\n");
	for (size_t j = 0; j < N_ITEMS; j++) {
		sb_reset(&q);
		sx_item_question(&q, j);
		sb_addf(b, "%s;%s;Closed;Single;", items[j].sx_var, items[j].sx_var);
		add_sx_field(b, q.buf);
		sb_adds(b, ";;\r\n");
	}
	sb_adds(b, "kommentar;kommentar;Open;String;");
	add_sx_field(b, COMMENT_TEXT);
	sb_adds(b, ";;\r\n");
	sb_adds(b, "kommune;kommune;Closed;Single;Baggrundsoplysninger - Kommune;;\r\n");
	sb_adds(b, "enhed;enhed;Closed;Single;Baggrundsoplysninger - Enhed;;\r\n");
	sb_adds(b, "gruppe;gruppe;Closed;Single;Baggrundsoplysninger - Gruppe;;\r\n");
	sb_adds(b, "pseudonym;pseudonym;Open;String;Kontaktoplysninger - pseudonym;;\r\n");
	/* Multiple-choice rows carry an empty trailing column, as in real exports. */
	for (int k = 0; k < 5; k++) {
		sb_addf(b, "statoverall;stato_%d;Closed;Multiple;Samlet status;%d;", k + 1, k + 1);
		add_sx_field(b, stato_da[k]);
		sb_adds(b, ";\r\n");
	}
	sb_release(&q);
	return out_close(&o, err);
}

int write_sx_labels(const char *dir, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/labels.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	for (size_t j = 0; j < N_ITEMS; j++) {
		const struct answers_def *a = &answer_scales[items[j].answers];
		for (int k = 0; k < 7; k++) {
			int o_ = a->sx_order[k];
			if (o_ == 0)
				continue;
			struct strbuf t = STRBUF_INIT;
			int code;
			if (o_ > 0) {
				code = a->code[o_ - 1];
				sb_adds(&t, a->point_da[o_ - 1]);
			} else {
				code = a->missing_code[-o_ - 1];
				sb_adds(&t, a->missing_da[-o_ - 1]);
				if (o_ == -1)
					sb_adds(&t, a->sx_label_pad);
			}
			sb_addf(b, "%s;%d;", items[j].sx_var, code);
			add_sx_field(b, t.buf);
			sb_adds(b, "\r\n");
			sb_release(&t);
		}
	}
	for (int m = 0; m < N_MUNIS; m++) {
		sb_addf(b, "kommune;%d;", munis[m].code);
		add_sx_field(b, munis[m].name);
		sb_adds(b, "\r\n");
	}
	for (size_t u = 0; u < N_UNITS; u++) {
		sb_addf(b, "enhed;%d;", units[u].code);
		add_sx_field(b, units[u].name);
		sb_adds(b, "\r\n");
	}
	for (int g = 0; g < N_GROUPS; g++) {
		sb_addf(b, "gruppe;%d;", g + 1);
		add_sx_field(b, groups[g].answer);
		sb_adds(b, "\r\n");
	}
	for (int k = 1; k <= 5; k++)
		sb_addf(b, "stato_%d;0;Ikke valgt\r\nstato_%d;1;Valgt\r\n", k, k);
	return out_close(&o, err);
}

int write_sx_dataset(const char *dir, const struct study_sim *sim, struct strbuf *err)
{
	struct out_file o;
	if (out_open(&o, dir, "foer/dataset.csv", err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	sb_adds(b, "responde");
	for (size_t j = 0; j < N_ITEMS; j++)
		sb_addf(b, ";%s", items[j].sx_var);
	sb_adds(b, ";kommune;enhed;gruppe;pseudonym;email;stato_1;stato_2;stato_3;stato_4;stato_5;"
		   "created;closetim;kommentar\r\n");
	out_flush_row(&o);
	for (size_t k = 0; k < sim->n_replies[W_FOER]; k++) {
		const struct reply *rep = &sim->replies[W_FOER][k];
		const struct person *p = &sim->people[rep->person];
		add_uint(b, 48213077UL + k);
		for (size_t j = 0; j < N_ITEMS; j++) {
			const struct answers_def *a = &answer_scales[items[j].answers];
			uint8_t v = rep->v[j];
			sb_addc(b, ';');
			if (v >= 1 && v <= 5)
				add_uint(b, (unsigned long)a->code[v - 1]);
			else if (v == V_DONTKNOW)
				add_uint(b, (unsigned long)a->missing_code[0]);
			else if (v == V_REFUSED)
				add_uint(b, (unsigned long)a->missing_code[1]);
		}
		sb_addc(b, ';');
		add_uint(b, (unsigned long)munis[p->muni].code);
		sb_addc(b, ';');
		add_uint(b, (unsigned long)units[p->unit].code);
		sb_addc(b, ';');
		add_uint(b, (unsigned long)p->group + 1);
		sb_addc(b, ';');
		add_pseudonym(b, sim, p);
		sb_addc(b, ';');
		if (p->has_email) {
			sb_adds(b, "testbruger");
			add_contact_no(b, sim, rep->person);
			sb_adds(b, "@example.dk");
		}
		sb_adds(b, rep->pages == 3 ? ";0;0;0;1;0;" : ";0;0;1;0;0;");
		add_time(b, W_FOER, sim->created_offset[W_FOER], 0);
		sb_addc(b, ';');
		if (rep->pages == 3)
			add_time(b, W_FOER, rep->t_end, 0);
		sb_addc(b, ';');
		if (rep->comment >= 0)
			add_sx_field(b, comment_text(rep->comment));
		sb_adds(b, "\r\n");
		out_flush_row(&o);
	}
	return out_close(&o, err);
}
