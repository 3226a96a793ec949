/* study_grammar.c: the grammar of the study file: its sections and keys, and the checks on values (ids, numbers, dates, lists). */
#include "study_internal.h"
#include "core/suggest.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- sections and their keys ---- */

static const struct key_def study_keys[] = {
	{ "name", 0, "name" },
	{ "min_group_size", 0, "min_group_size" },
	{ "smallest_change", 0, "smallest_change" },
	{ "output", 0, "output" },
	{ "key_file", 0, "key_file" },
	{ "data_date", 0, "data_date" },
	{ "municipality", KEY_LIST, "municipality" },
	{ "max_file_mb", 0, "max_file_mb" },
	{ NULL, 0, NULL }
};
static const struct key_def columns_keys[] = {
	{ "group", 0, "group" },
	{ "municipality", 0, "municipality" },
	{ "unit", 0, "unit" },
	{ "key", 0, "key" },
	{ "drop", KEY_LIST, "drop" },
	{ "key_normalize", KEY_LIST, "key_normalize" },
	{ NULL, 0, NULL }
};
static const struct key_def wave_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ "start", 0, "start" },
	{ "end", 0, "end" },
	{ "format", 0, "format" },
	{ "file", 0, "file" },
	{ "dataset", 0, "dataset" },
	{ "labels", 0, "labels" },
	{ "structure", 0, "structure" },
	{ "encoding", 0, "encoding" },
	{ "delimiter", 0, "delimiter" },
	{ "sheet", 0, "sheet" },
	{ "column", KEY_SUFFIX, "column.NAME" },
	{ NULL, 0, NULL }
};
static const struct key_def group_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ "value", KEY_LIST, "value" },
	{ NULL, 0, NULL }
};
static const struct key_def answers_keys[] = {
	{ "points", 0, "points" },
	{ "values", 0, "values" },
	{ "point", KEY_SUFFIX, "point.V" },
	{ "point_en", KEY_SUFFIX, "point_en.V" },
	{ "also", KEY_SUFFIX | KEY_LIST, "also.V" },
	{ "missing", KEY_LIST, "missing" },
	{ "missing_en", KEY_LIST, "missing_en" },
	{ "code", KEY_SUFFIX, "code.C" },
	{ NULL, 0, NULL }
};
static const struct key_def scale_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ NULL, 0, NULL }
};
static const struct key_def item_keys[] = {
	{ "column", 0, "column" },
	{ "text", 0, "text" },
	{ "text_en", 0, "text_en" },
	{ "answers", 0, "answers" },
	{ "scale", 0, "scale" },
	{ "reverse", 0, "reverse" },
	{ "nps", 0, "nps" },
	{ "findings", 0, "findings" },
	{ NULL, 0, NULL }
};
static const struct key_def report_keys[] = {
	{ "title", 0, "title" },
	{ "title_en", 0, "title_en" },
	{ "subtitle", 0, "subtitle" },
	{ "subtitle_en", 0, "subtitle_en" },
	{ "organisation", 0, "organisation" },
	{ "logo", 0, "logo" },
	{ "breakdowns", KEY_LIST, "breakdowns" },
	{ "pages", KEY_LIST, "pages" },
	{ NULL, 0, NULL }
};
static const struct key_def checks_keys[] = {
	{ "skip", KEY_LIST, "skip" },
	{ "unlabelled", 0, "unlabelled" },
	{ NULL, 0, NULL }
};

const struct sect_def sp_sect_defs[SECT_COUNT] = {
	[SECT_BAD] = { NULL, 0, NULL, NULL },
	[SECT_STUDY] = { "study", 0, NULL, study_keys },
	[SECT_COLUMNS] = { "columns", 0, NULL, columns_keys },
	[SECT_WAVE] = { "wave", 1, "foer", wave_keys },
	[SECT_GROUP] = { "group", 1, "borger", group_keys },
	[SECT_ANSWERS] = { "answers", 1, "enig5", answers_keys },
	[SECT_SCALE] = { "scale", 1, "tillid", scale_keys },
	[SECT_ITEM] = { "item", 1, "tillid_1", item_keys },
	[SECT_INVITED] = { "invited", 0, NULL, NULL },
	[SECT_CHECKS] = { "checks", 0, NULL, checks_keys },
	[SECT_REPORT] = { "report", 0, NULL, report_keys },
};

const char sp_sect_list[] = "[study], [columns], [wave ID], [group ID], [answers ID], [scale ID], "
			 "[item ID], [invited], [checks] and [report]";

const char *const study_role_names[STUDY_N_ROLES] = { "group", "municipality", "unit", "key" };

int study_is_role_name(const char *name)
{
	for (int c = 0; c < STUDY_N_ROLES; c++)
		if (strcmp(name, study_role_names[c]) == 0)
			return 1;
	return 0;
}

/* ---- values ---- */

int study_valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* A whole number in [lo, hi] written with digits only. */
int sp_parse_count(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	if (!*s)
		return -1;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*c - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A decimal number d with at most three decimals after '.' or ',', as
 * thousandths (0.25 -> 250), in [lo, hi] thousandths. */
int sp_parse_milli(const char *s, long lo, long hi, long *out)
{
	const char *sep = strpbrk(s, ".,");
	size_t whole = sep ? (size_t)(sep - s) : strlen(s);
	if (whole == 0 || whole > 9)
		return -1;
	long v = 0;
	for (size_t i = 0; i < whole; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	long frac = 0;
	int digits = 0;
	if (sep) {
		for (const char *c = sep + 1; *c; c++, digits++) {
			if (*c < '0' || *c > '9' || digits == 3)
				return -1;
			frac = frac * 10 + (*c - '0');
		}
		if (digits == 0)
			return -1;
	}
	for (; digits < 3; digits++)
		frac *= 10;
	v = v * 1000 + frac;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* An integer code with optional '-' (codes may be negative, e.g. -1 for "not shown"). */
int sp_parse_code(const char *s, long *out)
{
	int neg = *s == '-';
	long v;
	if (sp_parse_count(s + neg, 0, 999999999L, &v) != 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* An ISO calendar date YYYY-MM-DD that exists. */
int sp_valid_date(const char *s)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	int max = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}

/* Split a value on '|' into trimmed, non-empty elements. */
void sp_split_list(const char *v, struct strlist *out)
{
	const char *start = v;
	for (;;) {
		const char *bar = strchr(start, '|');
		size_t n = bar ? (size_t)(bar - start) : strlen(start);
		char *el = str_trim(xstrndup(start, n));
		if (*el)
			sl_push_owned(out, el);
		else
			free(el);
		if (!bar)
			break;
		start = bar + 1;
	}
}

void sp_unknown_choice(struct parser *p, int line, const char *what, const char *v, const char *const *names,
		       size_t n, const char *choices)
{
	const char *near = suggest_closest(v, names, n);
	sp_mistake(p, line, "unknown %s '%s'; use %s%s%s%s", what, v, choices, near ? " (did you mean " : "",
		near ? near : "", near ? "?)" : "");
}

/* ---- keys ---- */

/* Report e, whose key is not among defs, with the nearest key or the list
 * of keys; wlen is the length of its word before any '.'. */
static void unknown_key(struct parser *p, const struct section *sec, const struct entry *e,
			size_t wlen)
{
	const struct key_def *defs = sp_sect_defs[sec->kind].keys;
	const char *dot = strchr(e->key, '.');
	const char *words[16];
	size_t n = 0;
	struct strbuf all = STRBUF_INIT;
	sb_init(&all);
	for (const struct key_def *d = defs; d->word; d++) {
		words[n++] = d->word;
		sb_addf(&all, "%s%s", all.len ? ", " : "", d->shown);
	}
	char *word = xstrndup(e->key, wlen);
	const char *near = suggest_closest(word, words, n);
	const struct key_def *nd = NULL;
	for (const struct key_def *d = defs; near && d->word; d++)
		if (d->word == near)
			nd = d;
	if (nd && (nd->flags & KEY_SUFFIX) && dot)
		sp_mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s%s'?", e->key, sec->header,
			near, dot);
	else if (nd && !(nd->flags & KEY_SUFFIX) && !dot)
		sp_mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s'?", e->key, sec->header, near);
	else if (nd)
		sp_mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s'?", e->key, sec->header,
			nd->shown);
	else
		sp_mistake(p, e->line, "unknown key '%s' in %s; the keys of [%s] are %s", e->key, sec->header,
			sp_sect_defs[sec->kind].word, all.buf);
	free(word);
	sb_release(&all);
}

const struct key_def *sp_lookup_key(struct parser *p, const struct section *sec, size_t i,
				 const char **suffix)
{
	const struct entry *e = &sec->e[i];
	const char *dot = strchr(e->key, '.');
	size_t wlen = dot ? (size_t)(dot - e->key) : strlen(e->key);
	*suffix = NULL;
	for (const struct key_def *d = sp_sect_defs[sec->kind].keys; d->word; d++) {
		if (strlen(d->word) != wlen || strncmp(d->word, e->key, wlen) != 0)
			continue;
		if ((d->flags & KEY_SUFFIX) && (!dot || !dot[1])) {
			sp_mistake(p, e->line, "'%s' needs what it is about after a dot; write it like %s",
				e->key, d->shown);
			return NULL;
		}
		if (!(d->flags & KEY_SUFFIX) && dot)
			break;
		if (!(d->flags & KEY_LIST)) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(sec->e[j].key, e->key) == 0) {
					sp_mistake(p, e->line, "'%s' is given twice in %s (first on line %d); "
							    "keep one of them", e->key, sec->header, sec->e[j].line);
					return NULL;
				}
		}
		*suffix = dot ? dot + 1 : NULL;
		return d;
	}
	unknown_key(p, sec, e, wlen);
	return NULL;
}

const char *sp_need_value(struct parser *p, const struct entry *e)
{
	if (!e->value.len) {
		sp_mistake(p, e->line, "'%s' is empty; give it a value or remove the line", e->key);
		return NULL;
	}
	return e->value.buf;
}

const struct key_def *sp_entry_key(struct parser *p, const struct section *sec, size_t i,
				const char **suffix, const char **v)
{
	const struct key_def *d = sp_lookup_key(p, sec, i, suffix);
	if (!d)
		return NULL;
	if (d->flags & KEY_LIST)
		*v = sec->e[i].value.buf;
	else if (!(*v = sp_need_value(p, &sec->e[i])))
		return NULL;
	return d;
}

void sp_set_path(struct parser *p, char **dst, const char *v)
{
	free(*dst);
	*dst = path_join(p->s->dir, v);
}

void sp_default_labels(char **da, char **en, const char *fallback)
{
	if (!*da)
		*da = xstrdup(fallback);
	if (!*en)
		*en = xstrdup(*da);
}
