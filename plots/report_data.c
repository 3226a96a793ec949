/* report_data.c: the data section: which files and settings the report rests on, with their digests. */
#include "report_internal.h"
#include "table_cells.h"
#include "core/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path with break opportunities after each '/', '_' and '-', for narrow
 * columns; never before the extension, so that "structure.csv" stays whole. */
static char *breakable(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const char *s = path; *s; s++) {
		sb_addc(&sb, *s);
		if (*s == '/' || *s == '_' || *s == '-')
			sb_adds(&sb, "\xe2\x80\x8b"); /* ZERO WIDTH SPACE */
	}
	return sb_detach(&sb);
}

/* What a source file holds, in the report's language (its role as
 * core/dataset.h names it). */
/* Does a source of this role hold a wave's answers (not SurveyXact's
 * answer labels or questionnaire)? */
static int answers_file(const char *role)
{
	return strcmp(role, "labels") && strcmp(role, "structure");
}

static const char *role_name(const char *role, enum lang lang)
{
	static const struct {
		const char *role, *da, *en;
	} names[] = {
		{ "dataset", "svardata", "answers" },
		{ "labels", "svartekster", "answer labels" },
		{ "structure", "spørgeskema", "questionnaire" },
		{ "csv", "svardata (CSV-fil)", "answers (CSV file)" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(role, names[i].role))
			return lang == LANG_EN ? names[i].en : names[i].da;
	return role;
}

void rp_data_section(struct report_ctx *c)
{
	struct doc *d = &c->doc;
	enum lang lang = c->lang;
	rp_doc_section(d, tx(lang, T_SEC_DATA), 0, 1);
	rp_doc_para(d, TS_BODY, tx(lang, T_DATA_INTRO), 0, 8);

	struct table t;
	table_init(&t, 2);
	table_col(&t, 0, "", 1.0, LAY_LEFT);
	table_col(&t, 1, "", 3.0, LAY_LEFT);
	table_col_style(&t, 1, TS_SMALL);
	char buf[FMT_MAX];
	char *p;
#define KV(label, value)                   \
	do {                               \
		table_row(&t, 0);          \
		table_set(&t, 0, (label)); \
		table_set(&t, 1, (value)); \
	} while (0)
	p = breakable(c->m->study_file ? c->m->study_file : "");
	KV(tx(lang, T_DATA_STUDY), p);
	free(p);
	table_row(&t, 0);
	table_set(&t, 0, "SHA-256");
	table_set(&t, 1, c->m->study_sha256 ? c->m->study_sha256 : "");
	p = breakable(c->o->results_path ? c->o->results_path : c->res->path);
	KV(tx(lang, T_DATA_RESULTS), p);
	free(p);
	KV("SHA-256", c->res->sha256);
	if (c->m->data_date && *c->m->data_date)
		KV(tx(lang, T_DATA_DATE), fmt_date(buf, c->m->data_date, lang));
	char *ver = c->m->tillid_version && *c->m->tillid_version && strcmp(c->m->tillid_version, TILLID_VERSION)
			    ? xasprintf("%s (data: %s)", TILLID_VERSION, c->m->tillid_version)
			    : xstrdup(TILLID_VERSION);
	KV(tx(lang, T_DATA_VERSION), ver);
	free(ver);
	double v;
	if (rp_study_number(c->res, RS_BOOTSTRAP_SEED, &v) == RES_OK) {
		snprintf(buf, sizeof(buf), "%.0f", v);
		KV(tx(lang, T_DATA_SEED), buf);
	}
	if (rp_study_number(c->res, RS_BOOTSTRAP_RESAMPLES, &v) == RES_OK)
		KV(tx(lang, T_DATA_RESAMPLES), fmt_count(buf, v, lang));
	p = tx_fillf(lang, T_DATA_MIN_VALUE, "min", c->min_s, NULL);
	KV(tx(lang, T_DATA_MIN), p);
	free(p);
	KV(tx(lang, T_DATA_RUN_DATE), c->o->run_date ? fmt_date(buf, c->o->run_date, lang) : tx(lang, T_DATA_RUN_DATE_NONE));
#undef KV
	/* The digest rows in a fixed-width font. */
	for (size_t r = 0; r < t.n_rows; r++)
		if (!strcmp(t.cells[r * 2], "SHA-256")) {
			char *mono = xasprintf("<span font_family=\"%s\" size=\"%d\">%s</span>", LAY_FAMILY_MONO,
					       (int)(typo_size(TS_MONO) * PANGO_SCALE), t.cells[r * 2 + 1]);
			free(t.cells[r * 2 + 1]);
			t.cells[r * 2 + 1] = mono;
		}
	/* No header line for a key-value list. */
	for (size_t r = 0; r < t.n_rows; r++)
		t.row_flags[r] |= r % 2 ? 0 : TROW_SHADE;
	lay_tag_begin(d->cr, &c->ty, "Table");
	for (size_t r = 0; r < t.n_rows; r++) {
		double rh = table_row_height(&c->ty, &t, r, CONTENT_W);
		rp_doc_ensure(d, rh);
		if (d->cr)
			table_draw_row(d->cr, &c->ty, &t, r, MARGIN_X, d->y, CONTENT_W);
		d->y += rh;
	}
	lay_tag_end(d->cr, &c->ty, "Table");
	table_release(&t);
	rp_doc_space(d, 12);

	if (c->m->n_sources) {
		rp_doc_heading(d, TS_H3, tx(lang, T_DATA_FILES), 40);
		table_init(&t, 4);
		table_col(&t, 0, tx(lang, T_COL_FILE), 0.72, LAY_LEFT);
		table_col(&t, 1, tx(lang, T_COL_ROLE), 0.75, LAY_LEFT);
		table_col(&t, 2, tx(lang, T_COL_ROWS), 0.63, LAY_RIGHT);
		table_col(&t, 3, tx(lang, T_COL_SHA), 3.35, LAY_LEFT);
		table_col_style(&t, 3, TS_MONO);
		for (size_t i = 0; i < c->m->n_sources; i++) {
			const struct tds_source *s = &c->m->sources[i];
			table_row(&t, i % 2 ? 0 : TROW_SHADE);
			p = breakable(s->path);
			table_set(&t, 0, p);
			free(p);
			const char *wl = s->wave < c->m->n_waves ? rp_wave_label(c, s->wave) : "";
			table_setf(&t, 1, "%s, %s", wl, role_name(s->role, lang));
			/* the rows kept of a wave's answers are its respondents: shown
			 * only where the wave's count of all respondents is */
			double n;
			enum res_reason why;
			if (answers_file(s->role) && s->wave < c->m->n_waves &&
			    rp_cell_count(c, CELL(-1, -1), s->wave, &n, &why) != RES_OK)
				table_set(&t, 2, rp_hidden_text(c));
			else
				tc_count(&t, 2, (double)s->rows_kept, lang);
			table_set(&t, 3, s->sha256);
		}
		rp_doc_table(d, &t);
		table_release(&t);
	}
}
