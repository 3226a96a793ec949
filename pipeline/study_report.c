/* study_report.c: the [report] section of the study file: the cover's texts and logo, the breakdowns and optional pages the report shows. */
#include "study_internal.h"

#include <string.h>

/* A list of names (breakdowns, pages) as bits into *bits; each unknown
 * name is a mistake with the nearest name. */
static void name_list(struct parser *p, int line, const char *what, const char *v, const char *const *names,
		      size_t n, const char *choices, unsigned *bits)
{
	struct strlist list = STRLIST_INIT;
	sp_split_list(v, &list);
	for (size_t i = 0; i < list.n; i++) {
		unsigned b = report_spec_bit(list.v[i], names, n);
		if (b)
			*bits |= b;
		else
			sp_unknown_choice(p, line, what, list.v[i], names, n, choices);
	}
	sl_release(&list);
}

void sp_interpret_report(struct parser *p, const struct section *sec, struct study *s)
{
	struct report_spec *r = &s->report;
	/* a list key given at all replaces its default */
	unsigned bd = 0, pages = 0;
	int bd_line = 0, pages_line = 0;
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (!d)
			continue;
		if (!strcmp(d->word, "title"))
			str_replace_owned(&r->title, v);
		else if (!strcmp(d->word, "title_en"))
			str_replace_owned(&r->title_en, v);
		else if (!strcmp(d->word, "subtitle"))
			str_replace_owned(&r->subtitle, v);
		else if (!strcmp(d->word, "subtitle_en"))
			str_replace_owned(&r->subtitle_en, v);
		else if (!strcmp(d->word, "organisation"))
			str_replace_owned(&r->organisation, v);
		else if (!strcmp(d->word, "logo"))
			sp_set_path(p, &r->logo, v);
		else if (!strcmp(d->word, "breakdowns")) {
			bd_line = e->line;
			name_list(p, e->line, "breakdown", v, report_breakdown_names, REPORT_BD_COUNT,
				  "group, municipality or unit", &bd);
		} else if (!strcmp(d->word, "pages")) {
			pages_line = e->line;
			name_list(p, e->line, "page", v, report_page_names, REPORT_PAGE_COUNT,
				  "overview, items, effects, response, method or trend", &pages);
		}
	}
	if (bd_line) {
		r->breakdowns = bd;
		p->report_bd_line = bd_line;
	}
	if (pages_line)
		r->pages = pages;
}

void sp_check_report(struct parser *p)
{
	struct study *s = p->s;
	int line = p->report_bd_line;
	if ((s->report.breakdowns & REPORT_BD_MUNICIPALITY) && line && !s->col_municipality)
		sp_mistake(p, line, "breakdowns names municipality, but [columns] has no municipality; "
				    "add municipality = its column to [columns], or leave municipality out");
	if ((s->report.breakdowns & REPORT_BD_UNIT) && !s->col_unit)
		sp_mistake(p, line, "breakdowns names unit, but [columns] has no unit; add unit = its "
				    "column to [columns], or leave unit out");
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		if (!it->findings)
			continue;
		if (it->scale >= 0)
			sp_mistake(p, it->findings, "item '%s' belongs to scale '%s', whose own sentences are in "
						    "the key findings already; findings = yes is for an item outside "
						    "the scales, so remove it here",
				   it->id, s->scales[it->scale].id);
		else
			sl_push(&s->report.findings, it->id);
	}
}
