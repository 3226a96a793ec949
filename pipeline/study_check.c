/* study_check.c: pass three of the study-file reader: resolves the ids that sections use to refer to each other, checks what must differ across sections, and suggests the nearest id for a mistyped one. */
#include "study_internal.h"
#include "core/suggest.h"

#include <stdlib.h>
#include <string.h>

/* The ids of one kind of section, borrowed from the study. */
struct ids {
	char **v;
	size_t n;
};

#define FILL_IDS(ids, arr, count)                                \
	do {                                                     \
		(ids).n = (count);                               \
		(ids).v = xcalloc((ids).n + 1, sizeof(char *));  \
		for (size_t i_ = 0; i_ < (ids).n; i_++)          \
			(ids).v[i_] = (arr)[i_].id;              \
	} while (0)

/* Every declared id, by kind of section. */
struct known {
	struct ids waves, groups, answers, scales, items;
};

static long id_index(const struct ids *ids, const char *id)
{
	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0)
			return (long)i;
	return -1;
}

/* How to fix a reference to id, which is not among ids: "did you mean
 * 'x'?" for the nearest id, else otherwise. The caller frees it. */
static char *id_hint(const struct ids *ids, const char *id, const char *otherwise)
{
	const char *near = suggest_closest(id, (const char *const *)ids->v, ids->n);
	return near ? xasprintf("did you mean '%s'?", near) : xstrdup(otherwise);
}

/* The index among ids of the `what` that item it names as id on line; -1
 * when none is declared (reported). */
static int item_ref(struct parser *p, const struct study_item *it, const char *what, const char *id,
		    int line, const struct ids *ids, const char *otherwise)
{
	long i = id_index(ids, id);
	if (i >= 0)
		return (int)i;
	char *hint = id_hint(ids, id, otherwise);
	sp_mistake(p, line, "item '%s' refers to %s '%s', which is not declared; %s", it->id, what, id,
		hint);
	free(hint);
	return -1;
}

/* An item with nps = yes is answered on values 0-10; the items of a scale
 * whose answer scales have the same number of points also share their
 * values (a scale score averages values: 0-10 and 1-11 do not mix). */
static void check_item_values(struct parser *p)
{
	const struct study *s = p->s;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct study_item *it = &s->items[i];
		if (it->answers < 0)
			continue;
		const struct study_answers *a = &s->answers[it->answers];
		if (it->nps && (a->k != 11 || a->shift != -1))
			sp_mistake(p, it->nps, "nps = yes needs answers on 0 to 10, but item '%s' uses answers "
					    "'%s'; declare values = 0-10 in [answers %s] or remove nps", it->id,
				a->id, a->id);
		for (size_t j = 0; j < i && it->scale >= 0; j++) {
			const struct study_item *o = &s->items[j];
			if (o->scale != it->scale || o->answers < 0)
				continue;
			const struct study_answers *b = &s->answers[o->answers];
			if (a->k == b->k && a->shift != b->shift) {
				sp_mistake(p, it->line, "item '%s' answers from %d to %d but item '%s' of the same "
						     "scale from %d to %d; give the scale's items the same values",
					it->id, 1 + a->shift, a->k + a->shift, o->id, 1 + b->shift, b->k + b->shift);
				break;
			}
		}
	}
}

/* Items refer to declared answers and scales, and every scale has items. */
static void check_items(struct parser *p, const struct known *k)
{
	struct study *s = p->s;
	for (size_t i = 0; i < s->n_items; i++) {
		struct study_item *it = &s->items[i];
		const struct item_aux *aux = &p->item_aux[i];
		if (aux->answers)
			it->answers = item_ref(p, it, "answers", aux->answers, aux->answers_line, &k->answers,
					       "add an [answers ID] section with that id");
		if (aux->scale)
			it->scale = item_ref(p, it, "scale", aux->scale, aux->scale_line, &k->scales,
					     "add a [scale ID] section with that id");
	}
	for (size_t c = 0; c < s->n_scales; c++) {
		size_t n = 0;
		for (size_t i = 0; i < s->n_items; i++)
			n += s->items[i].scale == (int)c;
		if (!n)
			sp_mistake(p, s->scales[c].line, "scale '%s' has no item; add scale = %s to its items, or "
						      "remove the section", s->scales[c].id, s->scales[c].id);
	}
	check_item_values(p);
}

/* column.NAME in a wave names an item or a fixed column. */
static void check_overrides(struct parser *p, const struct known *k)
{
	struct study *s = p->s;
	for (size_t w = 0; w < s->n_waves; w++) {
		struct study_wave *wv = &s->waves[w];
		for (size_t j = 0; j < wv->override_names.n; j++) {
			const char *name = wv->override_names.v[j];
			if (study_is_role_name(name) || id_index(&k->items, name) >= 0)
				continue;
			char *hint = id_hint(&k->items, name, "write column.ITEM_ID = the header in this wave");
			sp_mistake(p, wv->override_line[j], "column.%s in wave '%s' names no item and "
								    "is not group, municipality, unit or key; %s",
				name, wv->id, hint);
			free(hint);
		}
	}
}

/* The line that declares column `name` for wave w (override, else default). */
static int column_line(const struct parser *p, const struct known *k, size_t w, const char *name)
{
	const struct study_wave *wv = &p->s->waves[w];
	long j = sl_find(&wv->override_names, name);
	if (j >= 0)
		return wv->override_line[j];
	for (int c = 0; c < STUDY_N_ROLES; c++)
		if (strcmp(name, study_role_names[c]) == 0)
			return p->col_line[c];
	long i = id_index(&k->items, name);
	return i >= 0 ? p->item_aux[i].column_line : 0;
}

/* The n-th name a wave reads a column for: the fixed columns, then the items. */
static const char *read_name(const struct study *s, size_t n)
{
	return n < STUDY_N_ROLES ? study_role_names[n] : s->items[n - STUDY_N_ROLES].id;
}

/* Column `header`, read in wave w as name a, is also read as name b: report it once. */
static void report_shared(struct parser *p, const struct known *k, struct strlist *reported,
			  size_t w, size_t a, size_t b, const char *header)
{
	const struct study *s = p->s;
	const char *na = read_name(s, a), *nb = read_name(s, b);
	char *tag = xasprintf("%s\n%s", na, nb);
	if (sl_find(reported, tag) < 0) {
		int la = column_line(p, k, w, na), lb = column_line(p, k, w, nb);
		int fa = a < STUDY_N_ROLES, fb = b < STUDY_N_ROLES, waves = s->n_waves > 1;
		sp_mistake(p, la > lb ? la : lb, "column '%s' is read both as %s%s%s and as %s%s%s%s%s%s; give "
					      "each its own column",
			header, fa ? "" : "item '", na, fa ? "" : "'", fb ? "" : "item '", nb, fb ? "" : "'",
			waves ? " in wave '" : "", waves ? s->waves[w].id : "", waves ? "'" : "");
		sl_push(reported, tag);
	}
	free(tag);
}

/* In every wave, each column holds one thing and no declared column is dropped. */
static void check_columns(struct parser *p, const struct known *k)
{
	struct study *s = p->s;
	struct strlist reported = STRLIST_INIT;
	size_t n_names = STUDY_N_ROLES + s->n_items;
	for (size_t w = 0; w < s->n_waves; w++) {
		for (size_t a = 0; a < n_names; a++) {
			const char *na = read_name(s, a);
			const char *ha = study_column(s, w, na);
			int fa = a < STUDY_N_ROLES;
			if (!ha || (!fa && study_is_role_name(na)))
				continue; /* an item called "group" is reported already */
			if (sl_find(&s->drop, ha) >= 0) {
				char *tag = xasprintf("drop\n%s\n%s", na, ha);
				if (sl_find(&reported, tag) < 0) {
					sp_mistake(p, column_line(p, k, w, na), "column '%s' is read as %s%s%s but is "
									     "also listed in drop; remove it from "
									     "one of them",
						ha, fa ? "" : "item '", na, fa ? "" : "'");
					sl_push(&reported, tag);
				}
				free(tag);
			}
			for (size_t b = a + 1; b < n_names; b++) {
				const char *nb = read_name(s, b);
				const char *hb = study_column(s, w, nb);
				if (hb && study_is_role_name(nb) == (b < STUDY_N_ROLES) && strcmp(ha, hb) == 0)
					report_shared(p, k, &reported, w, a, b, ha);
			}
		}
	}
	sl_release(&reported);
}

/* Each group value means one group. */
static void check_groups(struct parser *p)
{
	struct study *s = p->s;
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t v = 0; v < s->groups[g].values.n; v++) {
			const char *val = s->groups[g].values.v[v];
			for (size_t h = 0; h <= g; h++) {
				size_t lim = h == g ? v : s->groups[h].values.n;
				size_t u;
				for (u = 0; u < lim; u++)
					if (strcmp(s->groups[h].values.v[u], val) == 0)
						break;
				if (u == lim)
					continue;
				if (h == g)
					sp_mistake(p, s->groups[g].line, "value '%s' is listed twice in group '%s'; "
								      "keep one", val, s->groups[g].id);
				else
					sp_mistake(p, s->groups[g].line, "value '%s' means both group '%s' (line %d) "
								      "and group '%s'; give each value to one group",
						val, s->groups[h].id, s->groups[h].line, s->groups[g].id);
				break;
			}
		}
}

/* Split an [invited] key WAVE[.GROUP[.MUNICIPALITY]] in place; -1 when a
 * part is empty. */
static int split_invited_key(char *key, char **group, char **mun)
{
	*group = *mun = NULL;
	char *d1 = strchr(key, '.');
	if (d1) {
		*d1 = '\0';
		*group = d1 + 1;
		char *d2 = strchr(*group, '.');
		if (d2) {
			*d2 = '\0';
			*mun = d2 + 1;
		}
	}
	return !*key || (*group && !**group) || (*mun && !**mun) ? -1 : 0;
}

/* The wave *w and group *g (-1: all) that invited count r names; 0 when
 * they, the municipality mun and the number *n are valid, else -1
 * (reported). */
static int invited_target(struct parser *p, const struct known *k, const struct invited_raw *r,
			  const char *wave, const char *group, const char *mun, long *w, long *g,
			  long *n)
{
	int ok = 1;
	*w = id_index(&k->waves, wave);
	*g = -1;
	if (*w < 0) {
		char *hint = id_hint(&k->waves, wave, "use the id of a [wave ID] section");
		sp_mistake(p, r->line, "[invited] names wave '%s', which is not declared; %s", wave, hint);
		free(hint);
		ok = 0;
	}
	if (group && strcmp(group, "*") != 0 && (*g = id_index(&k->groups, group)) < 0) {
		char *hint = id_hint(&k->groups, group, "use the id of a [group ID] section, or * for all "
							"groups");
		sp_mistake(p, r->line, "[invited] names group '%s', which is not declared; %s", group, hint);
		free(hint);
		ok = 0;
	}
	if (mun && p->s->municipalities.n && sl_find(&p->s->municipalities, mun) < 0) {
		sp_mistake(p, r->line, "[invited] names municipality '%s', which is not in [study] "
				    "municipality; use one of those names", mun);
		ok = 0;
	}
	if (sp_parse_count(r->value, 1, 100000000L, n) != 0) {
		sp_mistake(p, r->line, "the number invited must be a whole number of at least 1, not '%s'; "
				    "write the number of people who got the questionnaire", r->value);
		ok = 0;
	}
	return ok ? 0 : -1;
}

/* Keep the invited count of line r unless it counts the same people as
 * one kept before (reported). */
static void keep_invited(struct parser *p, const struct invited_raw *r, long w, long g,
			 const char *mun, long n, size_t *alloc)
{
	struct study *s = p->s;
	for (size_t j = 0; j < s->n_invited; j++) {
		const struct study_invited *o = &s->invited[j];
		if (o->wave == (int)w && o->group == (int)g &&
		    ((!o->municipality && !mun) || (o->municipality && mun && strcmp(o->municipality, mun) == 0))) {
			sp_mistake(p, r->line, "'%s' in [invited] counts the same people as line %d; keep one of "
					    "them", r->key, o->line);
			return;
		}
	}
	ALLOC_GROW(s->invited, s->n_invited + 1, *alloc);
	s->invited[s->n_invited++] = (struct study_invited){
		.wave = (int)w,
		.group = (int)g,
		.municipality = mun ? xstrdup(mun) : NULL,
		.n = (uint64_t)n,
		.line = r->line,
	};
}

/* [invited] counts into s->invited. */
static void check_invited(struct parser *p, const struct known *k)
{
	size_t alloc = 0;
	for (size_t i = 0; i < p->n_inv; i++) {
		const struct invited_raw *r = &p->inv[i];
		char *key = xstrdup(r->key), *group, *mun;
		long w, g, n;
		if (split_invited_key(key, &group, &mun) != 0)
			sp_mistake(p, r->line, "'%s' in [invited] is not WAVE, WAVE.GROUP or "
					    "WAVE.GROUP.MUNICIPALITY; write it like foer = 400 or foer.borger = 150",
				r->key);
		else if (invited_target(p, k, r, key, group, mun, &w, &g, &n) == 0)
			keep_invited(p, r, w, g, mun, n, &alloc);
		free(key);
	}
}

/* The sections every study file needs. */
static void check_required(struct parser *p)
{
	const struct study *s = p->s;
	int end = p->line > 0 ? p->line : 1;
	if (!p->study_line)
		sp_mistake(p, end, "the study file has no [study] section; add one with name = the study's name");
	if (!p->columns_line)
		sp_mistake(p, end, "the study file has no [columns] section; add one with group = the header "
				"of the column that holds the respondent group");
	if (!s->n_waves)
		sp_mistake(p, end, "the study file declares no [wave]; add a [wave ID] section for each "
				"export, the baseline first");
	if (!s->n_groups)
		sp_mistake(p, end, "the study file declares no [group]; add a [group ID] section for each "
				"respondent group, with value = the answer that means it");
	if (!s->n_items)
		sp_mistake(p, end, "the study file declares no [item]; add an [item ID] section for each "
				"question to analyse");
}

void sp_check_references(struct parser *p)
{
	struct study *s = p->s;
	struct known k;
	FILL_IDS(k.waves, s->waves, s->n_waves);
	FILL_IDS(k.groups, s->groups, s->n_groups);
	FILL_IDS(k.answers, s->answers, s->n_answers);
	FILL_IDS(k.scales, s->scales, s->n_scales);
	FILL_IDS(k.items, s->items, s->n_items);
	check_required(p);
	check_items(p, &k);
	check_overrides(p, &k);
	check_columns(p, &k);
	check_groups(p);
	check_invited(p, &k);
	sp_check_report(p);
	if (!s->data_date) {
		const char *last = s->n_waves ? s->waves[s->n_waves - 1].end : "";
		s->data_date = xstrdup(last);
	}
	free(k.waves.v);
	free(k.groups.v);
	free(k.answers.v);
	free(k.scales.v);
	free(k.items.v);
}
