/* panel_ini.c: the study file of a panel design (NAME.ini, through pipeline/ini_write). */
#include "panel.h"
#include "pipeline/ini_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void ini_study(struct strbuf *b, const struct panel_sim *sim)
{
	const struct panel_design *d = sim->d;
	ini_add_commentf(b, "%s.ini: %s", d->name, d->about);
	ini_add_commentf(b, "Written by tillid-gen --design %s --seed %lu --respondents %ld; see README.md.", d->name,
			 sim->seed, sim->n);
	sb_addc(b, '\n');
	ini_add_section(b, "study", NULL);
	put_kv(b, "name", "%s", d->title);
	put_kv(b, "min_group_size", "5");
	put_kv(b, "key_file", "%s.key", d->name);
	sb_addc(b, '\n');
	ini_add_section(b, "columns", NULL);
	put_kv(b, "group", "%s", d->group_heading);
	put_kv(b, "key", "%s", d->key_is_email ? d->key_heading_forms : d->key_heading_ls);
	ini_add_comment(b, "contact details and free text");
	put_kv(b, "drop", "%s", d->key_is_email ? "Navn | Fornavn | Efternavn" : "Mail | Navn");
	put_kv(b, "drop", "%s", d->comment_heading);
	sb_addc(b, '\n');
}

/* The [report] section: the cover's words and which breakdowns appear. */
static void ini_report(struct strbuf *b, const struct panel_report *r)
{
	const char *const keys[] = { "title", "title_en", "subtitle", "subtitle_en", "organisation", "breakdowns" };
	const char *const values[] = { r->title, r->title_en, r->subtitle, r->subtitle_en, r->organisation,
				       r->breakdowns };
	ini_add_section(b, "report", NULL);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (values[i])
			put_kv(b, keys[i], "%s", values[i]);
	sb_addc(b, '\n');
}

static void ini_waves(struct strbuf *b, const struct panel_design *d)
{
	struct strbuf t = STRBUF_INIT;
	char key[64];
	for (int w = 0; w < d->n_waves; w++) {
		const struct panel_wave *wave = &d->waves[w];
		ini_add_section(b, "wave", wave->id);
		put_kv(b, "label", "%s", wave->label_da);
		put_kv(b, "label_en", "%s", wave->label_en);
		put_kv(b, "start", "%s", wave->start);
		put_kv(b, "end", "%s", wave->end);
		put_kv(b, "format", "%s", wave->format == PF_FORMS ? "xlsx" : "csv");
		put_kv(b, "file", "%s", wave->file);
		if (wave->format == PF_LIMESURVEY) {
			if (d->key_is_email)
				put_kv(b, "column.key", "%s", d->key_heading_ls);
			for (int j = 0; j < d->n_items; j++) {
				if (!d->items[j].grid)
					continue;
				sb_reset(&t);
				panel_heading(&t, d, (size_t)j, PF_LIMESURVEY);
				snprintf(key, sizeof(key), "column.%s", d->items[j].id);
				put_kv(b, key, "%s", t.buf);
			}
		}
		sb_addc(b, '\n');
	}
	sb_release(&t);
}

static void ini_answers(struct strbuf *b, const struct panel_answers *a)
{
	char key[64];
	ini_add_section(b, "answers", a->id);
	if (a->lo == 1)
		put_kv(b, "points", "%d", a->hi);
	else
		put_kv(b, "values", "%d-%d", a->lo, a->hi);
	for (int lang = 0; lang < 2; lang++)
		for (int v = a->lo; v <= a->hi; v++) {
			const char *label = (lang ? a->point_en : a->point_da)[v - a->lo];
			if (!label)
				continue;
			snprintf(key, sizeof(key), "%s.%d", lang ? "point_en" : "point", v);
			put_kv(b, key, "%s", label);
		}
	if (a->missing_da) {
		put_kv(b, "missing", "%s", a->missing_da);
		put_kv(b, "missing_en", "%s", a->missing_en);
	}
	sb_addc(b, '\n');
}

static void ini_design(struct strbuf *b, const struct panel_design *d)
{
	for (int g = 0; g < d->n_groups; g++) {
		ini_add_section(b, "group", d->groups[g].id);
		put_kv(b, "label", "%s", d->groups[g].label_da);
		put_kv(b, "label_en", "%s", d->groups[g].label_en);
		put_kv(b, "value", "%s", d->groups[g].answer);
		sb_addc(b, '\n');
	}
	for (int k = 0; k < d->n_answers; k++)
		ini_answers(b, &d->answers[k]);
	for (int t = 0; t < d->n_traits; t++) {
		if (!d->traits[t].scale)
			continue;
		ini_add_section(b, "scale", d->traits[t].id);
		put_kv(b, "label", "%s", d->traits[t].label_da);
		put_kv(b, "label_en", "%s", d->traits[t].label_en);
		sb_addc(b, '\n');
	}
	for (int j = 0; j < d->n_items; j++) {
		const struct panel_item *it = &d->items[j];
		ini_add_section(b, "item", it->id);
		put_kv(b, "column", "%s", it->text_da);
		put_kv(b, "text", "%s", it->text_da);
		put_kv(b, "text_en", "%s", it->text_en);
		put_kv(b, "answers", "%s", d->answers[it->answers].id);
		if (d->traits[it->trait].scale)
			put_kv(b, "scale", "%s", d->traits[it->trait].id);
		if (it->reverse)
			put_kv(b, "reverse", "yes");
		if (it->nps)
			put_kv(b, "nps", "yes");
		if (!d->traits[it->trait].scale)
			put_kv(b, "findings", "yes");
		sb_addc(b, '\n');
	}
}

/* Numbers invited: a panel invites everyone to every wave; otherwise each
 * wave's respondents are RESPONSE_RATE of those invited. */
#define RESPONSE_RATE 0.55
static void ini_invited(struct strbuf *b, const struct panel_sim *sim)
{
	const struct panel_design *d = sim->d;
	ini_add_section(b, "invited", NULL);
	for (int w = 0; w < d->n_waves; w++) {
		double n = d->panel ? (double)sim->n_people : ceil((double)sim->n_replies[w] / RESPONSE_RATE);
		put_kv(b, d->waves[w].id, "%.0f", n);
	}
}

int panel_write_ini(const char *dir, const struct panel_sim *sim, struct strbuf *err)
{
	struct out_file o;
	char *name = xasprintf("%s.ini", sim->d->name);
	int rc = out_open(&o, dir, name, err);
	free(name);
	if (rc)
		return TILLID_ESYS;
	ini_study(&o.row, sim);
	ini_report(&o.row, &sim->d->report);
	ini_waves(&o.row, sim->d);
	ini_design(&o.row, sim->d);
	ini_invited(&o.row, sim);
	return out_close(&o, err);
}
