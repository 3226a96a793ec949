/* study_drift.c: what a study file says now that the clean dataset ingest wrote from it does not. */
#include "study_drift.h"
#include "ingest.h"

#include <stdio.h>
#include <string.h>

/* Differences are named as the study file names them: "[scale tillid]
 * label", "[study] min_group_size 10 (the dataset: 5)". */
struct drift {
	struct strlist *what;
	size_t n;
};

static void note_text(struct drift *d, const char *text)
{
	d->n++;
	sl_push(d->what, text);
}

/* "[section id] key", or "[section] key" for id NULL */
static void note(struct drift *d, const char *section, const char *id, const char *key)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "[%s%s%s] %s", section, id ? " " : "", id ? id : "", key);
	note_text(d, buf);
}

static void same_str(struct drift *d, const char *section, const char *id, const char *key, const char *now,
		     const char *then)
{
	if (strcmp(now ? now : "", then ? then : ""))
		note(d, section, id, key);
}

static void same_int(struct drift *d, const char *section, const char *id, const char *key, int now, int then)
{
	if (now != then)
		note(d, section, id, key);
}

static void compare_study(struct drift *d, const struct tds_meta *now, const struct tds_meta *then)
{
	if (strcmp(now->study_name, then->study_name))
		note(d, "study", NULL, "name");
	if (now->min_group_size != then->min_group_size) {
		char buf[128];
		snprintf(buf, sizeof(buf), "[study] min_group_size %d (the dataset: %d)", now->min_group_size,
			 then->min_group_size);
		note_text(d, buf);
	}
	if (now->smallest_change != then->smallest_change)
		note(d, "study", NULL, "smallest_change");
	if (now->n_waves != then->n_waves) {
		note_text(d, "the waves");
	} else {
		for (size_t w = 0; w < now->n_waves; w++) {
			const struct tds_wave *a = &now->waves[w], *b = &then->waves[w];
			if (strcmp(a->id, b->id)) {
				note_text(d, "the waves");
				break;
			}
			same_str(d, "wave", a->id, "label", a->label_da, b->label_da);
			same_str(d, "wave", a->id, "label_en", a->label_en, b->label_en);
			same_str(d, "wave", a->id, "start", a->start, b->start);
			same_str(d, "wave", a->id, "end", a->end, b->end);
		}
	}
	if (now->n_groups != then->n_groups) {
		note_text(d, "the groups");
	} else {
		for (size_t g = 0; g < now->n_groups; g++) {
			const struct tds_group *a = &now->groups[g], *b = &then->groups[g];
			if (strcmp(a->id, b->id)) {
				note_text(d, "the groups");
				break;
			}
			same_str(d, "group", a->id, "label", a->label_da, b->label_da);
			same_str(d, "group", a->id, "label_en", a->label_en, b->label_en);
		}
	}
}

static void compare_answers(struct drift *d, const struct tds_meta *now, const struct tds_meta *then)
{
	if (now->n_answers != then->n_answers) {
		note_text(d, "the [answers] sections");
		return;
	}
	for (size_t i = 0; i < now->n_answers; i++) {
		const struct tds_answers *a = &now->answers[i], *b = &then->answers[i];
		if (strcmp(a->id, b->id)) {
			note_text(d, "the [answers] sections");
			return;
		}
		if (a->k != b->k || a->shift != b->shift) {
			note(d, "answers", a->id, "points");
			continue;
		}
		int labels = 0;
		for (int v = 0; v < a->k; v++)
			labels |= strcmp(a->point_da[v], b->point_da[v]) || strcmp(a->point_en[v], b->point_en[v]);
		if (a->n_nonsubst != b->n_nonsubst)
			labels = 1;
		for (int j = 0; !labels && j < a->n_nonsubst; j++)
			labels |= strcmp(a->nonsubst_da[j], b->nonsubst_da[j]) ||
				  strcmp(a->nonsubst_en[j], b->nonsubst_en[j]);
		if (labels)
			note(d, "answers", a->id, "labels");
	}
}

static void compare_items(struct drift *d, const struct study *s, const struct tds_meta *now,
			  const struct tds_meta *then)
{
	if (now->n_scales != then->n_scales) {
		note_text(d, "the scales");
	} else {
		for (size_t i = 0; i < now->n_scales; i++) {
			const struct tds_scale *a = &now->scales[i], *b = &then->scales[i];
			if (strcmp(a->id, b->id)) {
				note_text(d, "the scales");
				break;
			}
			same_str(d, "scale", a->id, "label", a->label_da, b->label_da);
			same_str(d, "scale", a->id, "label_en", a->label_en, b->label_en);
		}
	}
	if (now->n_items != then->n_items) {
		note_text(d, "the items");
		return;
	}
	for (size_t i = 0; i < now->n_items; i++) {
		const struct tds_item *a = &now->items[i], *b = &then->items[i];
		const struct study_item *it = &s->items[i];
		if (strcmp(a->id, b->id)) {
			note_text(d, "the items");
			return;
		}
		same_int(d, "item", a->id, "scale", a->scale, b->scale);
		same_int(d, "item", a->id, "answers", a->answers, b->answers);
		same_int(d, "item", a->id, "reverse", a->reverse, b->reverse);
		same_int(d, "item", a->id, "nps", a->nps, b->nps);
		/* A text the study file does not give (the column's name stands
		 * in, and the English text follows the Danish) came from the
		 * export's structure.csv, which only ingest reads. */
		int da = it->text_da && *it->text_da && strcmp(it->text_da, it->column);
		int en = da || (it->text_en && it->text_da && strcmp(it->text_en, it->text_da));
		if (da)
			same_str(d, "item", a->id, "text", a->text_da, b->text_da);
		if (en)
			same_str(d, "item", a->id, "text_en", a->text_en, b->text_en);
	}
}

size_t study_drift(const struct study *s, const struct tds_meta *m, struct strlist *what)
{
	struct tds_meta now;
	memset(&now, 0, sizeof(now));
	ingest_meta_from_study(s, &now);
	struct drift d = { what, 0 };
	compare_study(&d, &now, m);
	compare_answers(&d, &now, m);
	compare_items(&d, s, &now, m);
	tds_meta_release(&now);
	return d.n;
}
