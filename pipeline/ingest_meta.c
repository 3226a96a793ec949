/* ingest_meta.c: the clean dataset's metadata: from the study file, completed from structure.csv, places ordered, sources. */
#include "ingest_internal.h"
#include "core/version.h"

#include <stdlib.h>
#include <string.h>

/* a when it is given and not empty, else b ("" for NULL): labels default
 * to the id, English ones to the Danish. */
static const char *or(const char *a, const char *b)
{
	return a && *a ? a : (b ? b : "");
}

/* The study, its waves and its groups. */
static void fill_study(const struct study *s, struct tds_meta *m, const char *study_sha256)
{
	m->study_name = xstrdup(or(s->name, ""));
	m->study_file = xstrdup(s->path);
	m->study_sha256 = xstrdup(study_sha256);
	m->data_date = xstrdup(or(s->data_date, ""));
	m->tillid_version = xstrdup(TILLID_VERSION);
	m->min_group_size = s->min_group_size;
	m->smallest_change = s->smallest_change;

	m->n_waves = s->n_waves;
	m->waves = xcalloc(s->n_waves ? s->n_waves : 1, sizeof(*m->waves));
	for (size_t w = 0; w < s->n_waves; w++) {
		const struct study_wave *sw = &s->waves[w];
		m->waves[w].id = xstrdup(sw->id);
		m->waves[w].label_da = xstrdup(or(sw->label_da, sw->id));
		m->waves[w].label_en = xstrdup(or(sw->label_en, or(sw->label_da, sw->id)));
		m->waves[w].start = xstrdup(or(sw->start, ""));
		m->waves[w].end = xstrdup(or(sw->end, ""));
	}
	m->n_groups = s->n_groups;
	m->groups = xcalloc(s->n_groups ? s->n_groups : 1, sizeof(*m->groups));
	for (size_t g = 0; g < s->n_groups; g++) {
		const struct study_group *sg = &s->groups[g];
		m->groups[g].id = xstrdup(sg->id);
		m->groups[g].label_da = xstrdup(or(sg->label_da, sg->id));
		m->groups[g].label_en = xstrdup(or(sg->label_en, or(sg->label_da, sg->id)));
	}
}

/* The answer scales: labels of points and of non-substantive answers. */
static void fill_answers(const struct study *s, struct tds_meta *m)
{
	m->n_answers = s->n_answers;
	m->answers = xcalloc(s->n_answers ? s->n_answers : 1, sizeof(*m->answers));
	for (size_t i = 0; i < s->n_answers; i++) {
		const struct study_answers *a = &s->answers[i];
		struct tds_answers *t = &m->answers[i];
		t->id = xstrdup(a->id);
		t->k = a->k;
		t->shift = a->shift;
		t->point_da = xcalloc((size_t)(a->k ? a->k : 1), sizeof(char *));
		t->point_en = xcalloc((size_t)(a->k ? a->k : 1), sizeof(char *));
		for (int v = 0; v < a->k; v++) {
			t->point_da[v] = xstrdup(or(a->point_da[v], ""));
			t->point_en[v] = xstrdup(or(a->point_en[v], ""));
		}
		t->n_nonsubst = (int)a->nonsubst_da.n;
		t->nonsubst_da = xcalloc(a->nonsubst_da.n ? a->nonsubst_da.n : 1, sizeof(char *));
		t->nonsubst_en = xcalloc(a->nonsubst_da.n ? a->nonsubst_da.n : 1, sizeof(char *));
		for (size_t j = 0; j < a->nonsubst_da.n; j++) {
			t->nonsubst_da[j] = xstrdup(a->nonsubst_da.v[j]);
			t->nonsubst_en[j] = xstrdup(j < a->nonsubst_en.n ? a->nonsubst_en.v[j] : "");
		}
	}
}

/* Scales and items. Items are filled before reading (the rows need
 * n_items); their texts are completed from structure.csv afterwards. */
static void fill_items(const struct study *s, struct tds_meta *m)
{
	m->n_scales = s->n_scales;
	m->scales = xcalloc(s->n_scales ? s->n_scales : 1, sizeof(*m->scales));
	for (size_t i = 0; i < s->n_scales; i++) {
		m->scales[i].id = xstrdup(s->scales[i].id);
		m->scales[i].label_da = xstrdup(or(s->scales[i].label_da, s->scales[i].id));
		m->scales[i].label_en = xstrdup(or(s->scales[i].label_en, or(s->scales[i].label_da, s->scales[i].id)));
	}
	m->n_items = s->n_items;
	m->items = xcalloc(s->n_items ? s->n_items : 1, sizeof(*m->items));
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		m->items[i].id = xstrdup(it->id);
		m->items[i].text_da = xstrdup(or(it->text_da, it->column));
		m->items[i].text_en = xstrdup(or(it->text_en, or(it->text_da, it->column)));
		m->items[i].scale = it->scale;
		m->items[i].answers = it->answers;
		m->items[i].reverse = it->reverse;
		m->items[i].nps = it->nps != 0;
	}
}

void ingest_fill_meta(struct run *run, const char *study_sha256)
{
	ingest_meta_from_study(run->s, &run->d->meta);
	str_replace_owned(&run->d->meta.study_sha256, study_sha256);
}

void ingest_meta_from_study(const struct study *s, struct tds_meta *m)
{
	fill_study(s, m, "");
	fill_answers(s, m);
	fill_items(s, m);
}

/* An item whose text is only its column name (the study file gave none)
 * takes the question text from structure.csv. */
static void complete_item_texts(struct run *run)
{
	const struct study *s = run->s;
	struct tds_meta *m = &run->d->meta;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		if (!run->sx_text[i])
			continue;
		int no_text = !it->text_da || !*it->text_da || !strcmp(it->text_da, it->column);
		if (!no_text)
			continue;
		int en_default = !strcmp(m->items[i].text_en, m->items[i].text_da);
		str_replace_owned(&m->items[i].text_da, run->sx_text[i]);
		if (en_default)
			str_replace_owned(&m->items[i].text_en, run->sx_text[i]);
	}
}

/* qsort has no context pointer: the map being ordered is passed here. */
static const struct hashmap *sort_map;
static const uint16_t *sort_muni_rank;

static int cmp_muni_order(const void *a, const void *b)
{
	return strcmp(sort_map->entry[*(const size_t *)a].key, sort_map->entry[*(const size_t *)b].key);
}

/* A unit's name: its key in run->units after the municipality index. */
static const char *unit_name(const struct hm_entry *e)
{
	return e->key + sizeof(uint16_t);
}

static int cmp_unit_order(const void *a, const void *b)
{
	const struct hm_entry *x = &sort_map->entry[*(const size_t *)a];
	const struct hm_entry *y = &sort_map->entry[*(const size_t *)b];
	uint32_t rx = x->value == TDS_NONE ? UINT32_MAX : sort_muni_rank[x->value];
	uint32_t ry = y->value == TDS_NONE ? UINT32_MAX : sort_muni_rank[y->value];
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(unit_name(x), unit_name(y));
}

static size_t *identity(size_t n)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	return order;
}

/* The municipalities of m: the study's list in its order, else the names
 * found sorted. Returns rank (the caller frees it): municipality i as found
 * (entry i of run->munis) is m->municipalities[rank[i]]. */
static uint16_t *order_municipalities(struct run *run, struct tds_meta *m)
{
	const struct study *s = run->s;
	const struct hashmap *mu = &run->munis;
	uint16_t *rank = xcalloc(mu->n ? mu->n : 1, sizeof(*rank));
	struct strlist final = STRLIST_INIT;
	if (s->municipalities.n) {
		for (size_t i = 0; i < s->municipalities.n; i++)
			sl_push(&final, s->municipalities.v[i]);
		for (size_t i = 0; i < mu->n; i++)
			rank[i] = (uint16_t)sl_find(&final, mu->entry[i].key);
	} else {
		size_t *order = identity(mu->n);
		sort_map = mu;
		qsort(order, mu->n, sizeof(*order), cmp_muni_order);
		for (size_t i = 0; i < mu->n; i++) {
			sl_push(&final, mu->entry[order[i]].key);
			rank[order[i]] = (uint16_t)i;
		}
		free(order);
	}
	m->n_municipalities = final.n;
	m->municipalities = final.v; /* the tds takes the strings */
	return rank;
}

/* The units of m, sorted by municipality (ordered by rank) and name.
 * Returns urank (the caller frees it): unit i as found is m->units[urank[i]]. */
static uint16_t *order_units(struct run *run, struct tds_meta *m, const uint16_t *rank)
{
	const struct hashmap *un = &run->units;
	size_t *order = identity(un->n);
	uint16_t *urank = xcalloc(un->n ? un->n : 1, sizeof(*urank));
	sort_map = un;
	sort_muni_rank = rank;
	qsort(order, un->n, sizeof(*order), cmp_unit_order);
	m->n_units = un->n;
	m->units = xcalloc(un->n ? un->n : 1, sizeof(*m->units));
	for (size_t i = 0; i < un->n; i++) {
		const struct hm_entry *e = &un->entry[order[i]];
		urank[order[i]] = (uint16_t)i;
		m->units[i].name = xstrdup(unit_name(e));
		m->units[i].municipality = e->value == TDS_NONE ? TDS_NONE : rank[e->value];
	}
	free(order);
	return urank;
}

static void fill_invited(struct run *run, const uint16_t *rank)
{
	const struct study *s = run->s;
	struct tds_meta *m = &run->d->meta;
	m->n_invited = s->n_invited;
	m->invited = xcalloc(s->n_invited ? s->n_invited : 1, sizeof(*m->invited));
	for (size_t i = 0; i < s->n_invited; i++) {
		const struct study_invited *si = &s->invited[i];
		struct tds_invited *ti = &m->invited[i];
		ti->wave = (uint8_t)si->wave;
		ti->group = si->group < 0 ? TDS_NONE : (uint16_t)si->group;
		ti->municipality = TDS_NONE;
		if (si->municipality) {
			long mi = hashmap_find_str(&run->munis, si->municipality);
			if (mi >= 0)
				ti->municipality = rank[mi];
		}
		ti->n = si->n;
	}
}

/* Municipalities and units in their final order (see order_municipalities
 * and order_units), the rows renumbered to match, so equal data gives
 * equal files whatever the order of the rows. */
static void finish_places(struct run *run)
{
	const struct study *s = run->s;
	struct tds *d = run->d;
	/* Municipalities named only in [invited] exist too. */
	for (size_t i = 0; i < s->n_invited; i++) {
		const char *name = s->invited[i].municipality;
		if (name && run->munis.n < TDS_NONE)
			hashmap_add_str(&run->munis, name, NULL);
	}
	uint16_t *rank = order_municipalities(run, &d->meta);
	uint16_t *urank = order_units(run, &d->meta, rank);
	for (size_t r = 0; r < d->n_rows; r++) {
		struct tds_row *row = &d->rows[r];
		if (row->municipality != TDS_NONE)
			row->municipality = rank[row->municipality];
		if (row->unit != TDS_NONE)
			row->unit = urank[row->unit];
	}
	fill_invited(run, rank);
	free(rank);
	free(urank);
}

static void fill_sources(struct run *run)
{
	struct tds_meta *m = &run->d->meta;
	const struct ingest_report *r = run->r;
	m->n_sources = r->n_files;
	m->sources = xcalloc(r->n_files ? r->n_files : 1, sizeof(*m->sources));
	for (size_t i = 0; i < r->n_files; i++) {
		const struct ingest_file *f = &r->files[i];
		struct tds_source *t = &m->sources[i];
		t->wave = (uint8_t)f->wave;
		t->role = xstrdup(f->role);
		t->path = xstrdup(f->study_path);
		t->sha256 = xstrdup(f->sha256);
		t->bytes = f->bytes;
		t->encoding = xstrdup(f->encoding);
		t->delimiter = xstrdup(f->delimiter);
		t->rows_read = f->rows_read;
		t->rows_kept = f->rows_kept;
		t->rows_rejected = f->rows_rejected;
	}
}

/* For each item read without labels in a wave, the answers read so: one
 * pass over the rows, only when there is such an item. */
static void fill_unlabelled(struct run *run)
{
	const struct study *s = run->s;
	struct tds *d = run->d;
	size_t k = s->n_items;
	int any = 0;
	for (size_t i = 0; i < s->n_waves * k; i++)
		any |= run->unlabelled[i];
	if (!any)
		return;
	uint64_t *n = xcalloc(s->n_waves * k, sizeof(*n));
	for (size_t r = 0; r < d->n_rows; r++) {
		size_t w = d->rows[r].wave;
		for (size_t i = 0; i < k; i++) {
			uint8_t v = tds_value(d, r, i);
			if (run->unlabelled[w * k + i] && v != TDS_BLANK && v != TDS_REJECTED)
				n[w * k + i]++;
		}
	}
	struct tds_meta *m = &d->meta;
	for (size_t w = 0; w < s->n_waves; w++)
		for (size_t i = 0; i < k; i++) {
			if (!run->unlabelled[w * k + i])
				continue;
			m->unlabelled = xrealloc(m->unlabelled, (m->n_unlabelled + 1) * sizeof(*m->unlabelled));
			m->unlabelled[m->n_unlabelled++] = (struct tds_unlabelled){ (uint8_t)w, i, n[w * k + i] };
		}
	free(n);
}

void ingest_finish_meta(struct run *run)
{
	ingest_key_warnings(run);
	complete_item_texts(run);
	finish_places(run);
	fill_sources(run);
	fill_unlabelled(run);
}
