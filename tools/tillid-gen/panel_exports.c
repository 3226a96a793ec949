/* panel_exports.c: one wave of a panel design as a LimeSurvey CSV export or a Microsoft Forms workbook. */
#include "panel.h"

#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

void panel_add_key(struct strbuf *out, const struct panel_sim *sim, const struct panel_person *p, int w)
{
	int width = 3;
	for (size_t k = 1000; k <= sim->n_people; k *= 10)
		width++;
	if (sim->d->key_is_email) {
		/* LimeSurvey keeps the address as the participant list spelt it,
		 * Forms records the sign-in in lower case */
		sb_adds(out, sim->d->waves[w].format == PF_LIMESURVEY ? "F" : "f");
		sb_adds(out, sim->d->key_prefix + 1);
		add_uint_pad(out, p->no, width);
		sb_adds(out, "@example.dk");
	} else {
		sb_adds(out, sim->d->key_prefix);
		add_uint_pad(out, p->no, width + 1);
	}
}

void panel_heading(struct strbuf *out, const struct panel_design *d, size_t j, enum panel_format f)
{
	if (f == PF_LIMESURVEY && d->items[j].grid)
		sb_addf(out, "%s [%s]", GRID_TEXT, d->items[j].text_da);
	else
		sb_adds(out, d->items[j].text_da);
}

/* The answer as a text (NULL for a blank). */
static const char *answer_text(const struct panel_design *d, size_t j, uint8_t v, char *buf, size_t size)
{
	const struct panel_answers *a = &d->answers[d->items[j].answers];
	if (v == 0)
		return NULL;
	if (v == V_DONTKNOW)
		return a->missing_da;
	if (a->point_da[v - 1])
		return a->point_da[v - 1];
	snprintf(buf, size, "%d", a->lo + v - 1);
	return buf;
}

/* The test person's name for a contact column: "Testforælder 017". */
static void add_name(struct strbuf *out, const struct panel_person *p)
{
	sb_adds(out, "Testforælder ");
	add_uint_pad(out, p->no, 3);
}

static int write_ls_wave(const char *dir, const struct panel_sim *sim, int w, struct strbuf *err)
{
	const struct panel_design *d = sim->d;
	const struct panel_wave *wave = &d->waves[w];
	struct out_file o;
	if (out_open(&o, dir, wave->file, err))
		return TILLID_ESYS;
	struct strbuf *b = &o.row;
	struct strbuf t = STRBUF_INIT;
	sb_adds(b, "\xEF\xBB\xBF\"Svar-ID\";\"Dato afsendt\";\"Sidste side\";\"Startsprog\";\"Seed\";"
		   "\"Dato startet\";\"Dato for sidste handling\"");
	if (d->key_is_email)
		sb_adds(b, ";\"Fornavn\";\"Efternavn\"");
	sb_addc(b, ';');
	add_ls_field(b, d->key_heading_ls);
	sb_addc(b, ';');
	add_ls_field(b, d->group_heading);
	for (int j = 0; j < d->n_items; j++) {
		sb_reset(&t);
		panel_heading(&t, d, (size_t)j, PF_LIMESURVEY);
		sb_addc(b, ';');
		add_ls_field(b, t.buf);
	}
	sb_addc(b, ';');
	add_ls_field(b, d->comment_heading);
	sb_adds(b, "\r\n");
	for (size_t k = 0; k < sim->n_replies[w]; k++) {
		const struct panel_reply *rep = &sim->replies[w][k];
		const struct panel_person *p = &sim->people[rep->person];
		char buf[16];
		sb_addf(b, "\"%zu\";\"", k + 1);
		add_date_time(b, wave->year, wave->month, wave->day, rep->t_end, 1);
		sb_addf(b, "\";\"2\";\"da\";\"%lu\";\"", (unsigned long)rep->ls_seed);
		add_date_time(b, wave->year, wave->month, wave->day, rep->t_start, 1);
		sb_adds(b, "\";\"");
		add_date_time(b, wave->year, wave->month, wave->day, rep->t_end, 1);
		sb_adds(b, "\";");
		if (d->key_is_email) {
			sb_adds(b, "\"Testforælder\";\"");
			add_uint_pad(b, p->no, 3);
			sb_adds(b, "\";");
		}
		sb_addc(b, '"');
		panel_add_key(b, sim, p, w);
		sb_adds(b, "\";");
		add_ls_field(b, d->groups[p->group].answer);
		for (int j = 0; j < d->n_items; j++) {
			sb_addc(b, ';');
			const char *s = answer_text(d, (size_t)j, rep->v[j], buf, sizeof(buf));
			add_ls_field(b, s ? s : "");
		}
		sb_addc(b, ';');
		add_ls_field(b, rep->comment >= 0 ? d->comments[rep->comment] : "");
		sb_adds(b, "\r\n");
		out_flush_row(&o);
	}
	sb_release(&t);
	return out_close(&o, err);
}

/* A time of wave w as an Excel date. */
static lxw_datetime forms_time(const struct panel_wave *wave, long secs)
{
	struct strbuf s = STRBUF_INIT;
	add_date_time(&s, wave->year, wave->month, wave->day, secs, 1);
	lxw_datetime t = { 0 };
	t.year = atoi(s.buf);
	t.month = atoi(s.buf + 5);
	t.day = atoi(s.buf + 8);
	t.hour = atoi(s.buf + 11);
	t.min = atoi(s.buf + 14);
	t.sec = atoi(s.buf + 17);
	sb_release(&s);
	return t;
}

/* Forms: Id, start and end as dates, Mail, Navn, then one column per
 * question headed by its text; a 0-10 answer is a number, the others the
 * label text; a blank answer is an empty cell. The workbook's creation
 * time is the wave's first day, so the bytes depend on the seed alone. */
static int write_forms_wave(const char *dir, const struct panel_sim *sim, int w, struct strbuf *err)
{
	const struct panel_design *d = sim->d;
	const struct panel_wave *wave = &d->waves[w];
	char *path = path_join(dir, wave->file);
	struct atomic_file af;
	int rc = af_open(&af, path, err);
	free(path);
	if (rc)
		return rc;
	lxw_workbook *wb = workbook_new(af.tmp);
	if (!wb) {
		sb_addf(err, "cannot create '%s'", af.tmp);
		af_abort(&af);
		return TILLID_ESYS;
	}
	lxw_doc_properties props = { 0 };
	props.created = (time_t)days_since_epoch(wave->year, wave->month, wave->day) * 86400;
	workbook_set_properties(wb, &props);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "dd-mm-yyyy hh:mm:ss");
	static const char *const head[] = { "Id", "Starttidspunkt", "Fuldførelsestidspunkt", "Mail", "Navn" };
	lxw_col_t c = 0;
	for (size_t k = 0; k < ARRAY_SIZE(head); k++)
		worksheet_write_string(ws, 0, c++, head[k], NULL);
	if (!d->key_is_email)
		worksheet_write_string(ws, 0, c++, d->key_heading_forms, NULL);
	worksheet_write_string(ws, 0, c++, d->group_heading, NULL);
	struct strbuf t = STRBUF_INIT;
	for (int j = 0; j < d->n_items; j++) {
		sb_reset(&t);
		panel_heading(&t, d, (size_t)j, PF_FORMS);
		worksheet_write_string(ws, 0, c++, t.buf, NULL);
	}
	worksheet_write_string(ws, 0, c, d->comment_heading, NULL);
	for (size_t k = 0; k < sim->n_replies[w]; k++) {
		const struct panel_reply *rep = &sim->replies[w][k];
		const struct panel_person *p = &sim->people[rep->person];
		lxw_row_t row = (lxw_row_t)k + 1;
		c = 0;
		worksheet_write_number(ws, row, c++, (double)(k + 1), NULL);
		lxw_datetime t0 = forms_time(wave, rep->t_start), t1 = forms_time(wave, rep->t_end);
		worksheet_write_datetime(ws, row, c++, &t0, date);
		worksheet_write_datetime(ws, row, c++, &t1, date);
		sb_reset(&t);
		if (d->key_is_email)
			panel_add_key(&t, sim, p, w);
		else
			sb_adds(&t, "anonymous");
		worksheet_write_string(ws, row, c++, t.buf, NULL);
		sb_reset(&t);
		if (d->key_is_email)
			add_name(&t, p);
		if (t.len)
			worksheet_write_string(ws, row, c, t.buf, NULL);
		c++;
		if (!d->key_is_email) {
			sb_reset(&t);
			panel_add_key(&t, sim, p, w);
			worksheet_write_string(ws, row, c++, t.buf, NULL);
		}
		worksheet_write_string(ws, row, c++, d->groups[p->group].answer, NULL);
		for (int j = 0; j < d->n_items; j++, c++) {
			uint8_t v = rep->v[j];
			const struct panel_answers *a = &d->answers[d->items[j].answers];
			char buf[16];
			if (v >= 1 && v != V_DONTKNOW && a->hi - a->lo > 4)
				worksheet_write_number(ws, row, c, panel_value(d, (size_t)j, v), NULL);
			else if (v)
				worksheet_write_string(ws, row, c, answer_text(d, (size_t)j, v, buf, sizeof(buf)), NULL);
		}
		if (rep->comment >= 0)
			worksheet_write_string(ws, row, c, d->comments[rep->comment], NULL);
	}
	sb_release(&t);
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR) {
		sb_addf(err, "cannot write '%s': %s", wave->file, lxw_strerror(e));
		af_abort(&af);
		return TILLID_ESYS;
	}
	return af_commit(&af, err);
}

int panel_write_wave(const char *dir, const struct panel_sim *sim, int w, struct strbuf *err)
{
	return sim->d->waves[w].format == PF_FORMS ? write_forms_wave(dir, sim, w, err)
						   : write_ls_wave(dir, sim, w, err);
}
