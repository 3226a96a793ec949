/* study_answers.c: pass two of the study-file reader for [answers ID]: the answer points, their labels and other spellings, the missing answers and the numeric codes. */
#include "study_internal.h"
#include "core/dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS 99

/* What sp_interpret_answers collects from the key lines before it checks the
 * section as a whole. Labels and their lines are indexed by the point V of
 * point.V (1..MAX_POINTS); [0] is point.V, [1] point_en.V. */
struct answers_draft {
	long k; /* points =, 0 when missing or invalid */
	long lo; /* values = LOW-HIGH: the value of point 1; 1 when not declared */
	int has_values; /* values = was given (and valid) */
	char *label[2][MAX_POINTS + 1];
	int label_line[2][MAX_POINTS + 1]; /* 0 when not given */
	struct strlist also_text;          /* also.V spellings ... */
	struct also_at {
		int point, line;
	} *also;                           /* ... what each means and where */
	size_t alloc_also;
	struct strlist code_key;           /* the C of code.C, as plain decimal */
	struct strlist code_val;           /* what it maps to, as written */
	int *code_line;
	size_t alloc_code_line;
	int missing_line, missing_en_line; /* the last missing = and missing_en = lines */
};

static void draft_release(struct answers_draft *d)
{
	for (int l = 0; l < 2; l++)
		for (int v = 0; v <= MAX_POINTS; v++)
			free(d->label[l][v]);
	sl_release(&d->also_text);
	free(d->also);
	sl_release(&d->code_key);
	sl_release(&d->code_val);
	free(d->code_line);
}

/* values = LOW-HIGH (or LOW..HIGH): whole numbers, 0 <= LOW < HIGH <=
 * TDS_MAX_VALUE, at most MAX_POINTS of them; 0 when valid (*lo, *k set). */
static int parse_values(const char *v, long *lo, long *k)
{
	const char *dash = strstr(v, "..");
	size_t skip = 2;
	if (!dash) {
		dash = strchr(v, '-');
		skip = 1;
	}
	if (!dash)
		return -1;
	char low[24];
	size_t len = (size_t)(dash - v);
	if (len == 0 || len >= sizeof(low))
		return -1;
	memcpy(low, v, len);
	low[len] = 0;
	char high[24];
	if (snprintf(high, sizeof(high), "%s", dash + skip) >= (int)sizeof(high))
		return -1;
	long a, b;
	if (sp_parse_count(str_trim(low), 0, TDS_MAX_VALUE, &a) != 0 ||
	    sp_parse_count(str_trim(high), 0, TDS_MAX_VALUE, &b) != 0 ||
	    b <= a || b - a + 1 > MAX_POINTS)
		return -1;
	*lo = a;
	*k = b - a + 1;
	return 0;
}

/* points = K and values = LOW-HIGH, read before the other keys, which are
 * checked against them: either gives the number of points; both must agree. */
static void read_points(struct parser *p, const struct section *sec, const char *id,
			struct answers_draft *d)
{
	long k = 0, vk = 0;
	int points_line = 0, values_line = 0;
	d->lo = 1;
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		/* A repeated key is reported by sp_lookup_key; the first counts. */
		if (strcmp(e->key, "points") == 0 && !points_line) {
			points_line = e->line;
			if (sp_parse_count(e->value.buf, 2, MAX_POINTS, &k) != 0) {
				sp_mistake(p, e->line, "points must be a whole number from 2 to 99, not '%s'; count "
						    "the answer points without the missing answers", e->value.buf);
				k = -1;
			}
		} else if (strcmp(e->key, "values") == 0 && !values_line) {
			values_line = e->line;
			if (parse_values(e->value.buf, &d->lo, &vk) != 0) {
				sp_mistake(p, e->line, "values must be two whole numbers LOW-HIGH with 0 <= LOW < "
						    "HIGH <= %d and at most %d values, not '%s'; write values = 0-10 "
						    "for a scale from 0 to 10", TDS_MAX_VALUE, MAX_POINTS,
					e->value.buf);
				d->lo = 1;
				vk = -1;
			}
		}
	}
	if (!points_line && !values_line)
		sp_mistake(p, sec->line, "answers '%s' has no points; add points = the number of answer "
				      "points (2 to 99), not counting missing answers like 'Ved ikke'", id);
	if (k < 0 || vk < 0)
		return;
	if (points_line && values_line && k != vk) {
		sp_mistake(p, points_line, "points = %ld disagrees with values = %ld-%ld (%ld values); remove "
					"points, the values say how many there are", k, d->lo, d->lo + vk - 1, vk);
		return;
	}
	d->has_values = values_line != 0;
	d->k = values_line ? vk : k;
}

/* The point (1..k) of the number V written in point.V, also.V or
 * code.C = V: V itself, or with values = LOW-HIGH the point whose value is
 * V; -1 when V is not a point of the scale. */
static long point_of(const struct answers_draft *d, const char *text)
{
	long v;
	if (sp_parse_count(text, d->has_values ? d->lo : 1, d->has_values ? d->lo + d->k - 1 : MAX_POINTS,
			   &v) != 0)
		return -1;
	return v - d->lo + 1;
}

/* code.C = ...: kept as written; map_codes reads the value. */
static void read_code(struct parser *p, const struct entry *e, const char *suffix, const char *id,
		      struct answers_draft *d)
{
	long c;
	if (sp_parse_code(suffix, &c) != 0) {
		sp_mistake(p, e->line, "'%s' needs a whole-number code after 'code.'; write it like code.6 = 5 "
				    "or code.9 = missing:1", e->key);
		return;
	}
	char ctext[24];
	snprintf(ctext, sizeof(ctext), "%ld", c);
	long prev = sl_find(&d->code_key, ctext);
	if (prev >= 0) {
		sp_mistake(p, e->line, "code %s is mapped twice in answers '%s' (first on line %d); keep one "
				    "of them", ctext, id, d->code_line[prev]);
		return;
	}
	if (!sp_need_value(p, e))
		return;
	sl_push(&d->code_key, ctext);
	sl_push(&d->code_val, e->value.buf);
	ALLOC_GROW(d->code_line, d->code_key.n, d->alloc_code_line);
	d->code_line[d->code_key.n - 1] = e->line;
}

/* point.V, point_en.V and also.V: a label or other spellings of point V. */
static void read_point_key(struct parser *p, const struct entry *e, const struct key_def *kd,
			   const char *suffix, const char *id, struct answers_draft *d)
{
	long pv = point_of(d, suffix);
	if (pv < 0 && d->has_values) {
		sp_mistake(p, e->line, "'%s' is not one of values = %ld-%ld; write %s.V with V the value the "
				    "label belongs to (%s.%ld for the lowest)", e->key, d->lo, d->lo + d->k - 1,
			kd->word, kd->word, d->lo);
		return;
	}
	if (pv < 0) {
		sp_mistake(p, e->line, "'%s' needs a point number after the dot; write it like %s.1 for the "
				    "most negative point", e->key, kd->word);
		return;
	}
	if (d->k && pv > d->k) {
		sp_mistake(p, e->line, "'%s' is beyond points = %ld; remove it or raise points", e->key, d->k);
		return;
	}
	if (strcmp(kd->word, "also") == 0) {
		size_t before = d->also_text.n;
		sp_split_list(e->value.buf, &d->also_text);
		ALLOC_GROW(d->also, d->also_text.n, d->alloc_also);
		for (size_t j = before; j < d->also_text.n; j++)
			d->also[j] = (struct also_at){ (int)pv, e->line };
		return;
	}
	int l = strcmp(kd->word, "point_en") == 0;
	if (d->label_line[l][pv]) {
		sp_mistake(p, e->line, "point %ld is labelled twice in answers '%s' (first on line %d); keep "
				    "one of them", pv, id, d->label_line[l][pv]);
		return;
	}
	if (!sp_need_value(p, e))
		return;
	d->label_line[l][pv] = e->line;
	str_replace_owned(&d->label[l][pv], e->value.buf);
}

static void read_answers_keys(struct parser *p, const struct section *sec, struct study_answers *a,
			      struct answers_draft *d)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix;
		const struct key_def *kd = sp_lookup_key(p, sec, i, &suffix);
		if (!kd || strcmp(kd->word, "points") == 0 || strcmp(kd->word, "values") == 0)
			continue;
		if (strcmp(kd->word, "missing") == 0) {
			sp_split_list(e->value.buf, &a->nonsubst_da);
			d->missing_line = e->line;
		} else if (strcmp(kd->word, "missing_en") == 0) {
			sp_split_list(e->value.buf, &a->nonsubst_en);
			d->missing_en_line = e->line;
		} else if (strcmp(kd->word, "code") == 0) {
			read_code(p, e, suffix, a->id, d);
		} else {
			read_point_key(p, e, kd, suffix, a->id, d);
		}
	}
}

/* Every point has a label (with values = LOW-HIGH: any points may have
 * one, the ends for instance), English labels are given for all labelled
 * points or for none, and each missing answer has its English text. */
static void check_labels(struct parser *p, const struct section *sec, const struct study_answers *a,
			 const struct answers_draft *d)
{
	int any_en = 0;
	for (long v = 1; v <= d->k; v++)
		any_en |= d->label_line[1][v] != 0;
	for (long v = 1; v <= d->k; v++) {
		long shown = v + d->lo - 1; /* the V of point.V */
		if (!d->label_line[0][v] && !d->has_values)
			sp_mistake(p, sec->line, "answers '%s' has no point.%ld; add point.%ld = the label of "
					      "point %ld of %ld", a->id, v, v, v, d->k);
		if (any_en && !d->label_line[1][v] && (d->label_line[0][v] || !d->has_values))
			sp_mistake(p, sec->line, "answers '%s' has no point_en.%ld; give English labels for all "
					      "%spoints or for none", a->id, shown, d->has_values ? "labelled " : "");
		if (d->has_values && d->label_line[1][v] && !d->label_line[0][v])
			sp_mistake(p, d->label_line[1][v], "answers '%s' has point_en.%ld but no point.%ld; "
							"add the Danish label", a->id, shown, shown);
	}
	if (a->nonsubst_en.n && a->nonsubst_en.n != a->nonsubst_da.n)
		sp_mistake(p, d->missing_en_line, "missing_en has %zu answers but missing has %zu; give one "
					       "English text for each missing answer, in the same order",
			a->nonsubst_en.n, a->nonsubst_da.n);
}

/* The spellings seen so far in one [answers] section, with their lines. */
struct spellings {
	struct strlist text;
	int *line;
	size_t alloc;
};

/* Add spelling t of line; report it when it was seen before (ignoring ASCII case). */
static void add_spelling(struct parser *p, const char *id, struct spellings *seen, const char *t,
			 int line)
{
	if (!t)
		return;
	for (size_t q = 0; q < seen->text.n; q++)
		if (str_ieq(seen->text.v[q], t)) {
			sp_mistake(p, line, "'%s' is used twice in answers '%s' (also on line %d); each label, "
					 "also spelling and missing answer must differ", t, id, seen->line[q]);
			return;
		}
	sl_push(&seen->text, t);
	ALLOC_GROW(seen->line, seen->text.n, seen->alloc);
	seen->line[seen->text.n - 1] = line;
}

/* Every spelling must mean one thing: labels, also spellings and missing
 * answers all differ. */
static void check_spellings(struct parser *p, const struct study_answers *a,
			    const struct answers_draft *d)
{
	struct spellings seen = { STRLIST_INIT, NULL, 0 };
	for (long v = 1; v <= d->k; v++)
		add_spelling(p, a->id, &seen, d->label[0][v], d->label_line[0][v]);
	for (size_t j = 0; j < d->also_text.n; j++)
		add_spelling(p, a->id, &seen, d->also_text.v[j], d->also[j].line);
	for (size_t j = 0; j < a->nonsubst_da.n; j++)
		add_spelling(p, a->id, &seen, a->nonsubst_da.v[j], d->missing_line);
	sl_release(&seen.text);
	free(seen.line);
}

static void add_code(struct study_answers *a, const char *code, int value, size_t *alloc)
{
	sl_push(&a->code_text, code);
	ALLOC_GROW(a->code_value, a->code_text.n, *alloc);
	a->code_value[a->code_text.n - 1] = value;
}

/* The value of code.C = V (point V) or code.C = missing:J (-J) of code j
 * of the draft into *value; -1 when it is neither (reported). */
static int code_value(struct parser *p, const struct study_answers *a, const struct answers_draft *d,
		      size_t j, int *value)
{
	const char *v = d->code_val.v[j];
	long n;
	if (str_starts_with(v, "missing:")) {
		if (sp_parse_count(v + 8, 1, MAX_POINTS, &n) != 0 || (size_t)n > a->nonsubst_da.n) {
			sp_mistake(p, d->code_line[j], "code.%s = %s names a missing answer that answers '%s' "
						    "does not have (it has %zu); list them in missing = ... and "
						    "write missing:1 for the first",
				d->code_key.v[j], v, a->id, a->nonsubst_da.n);
			return -1;
		}
		*value = -(int)n;
		return 0;
	}
	n = point_of(d, v);
	if (n >= 1 && n <= d->k) {
		*value = (int)n;
		return 0;
	}
	sp_mistake(p, d->code_line[j], "code.%s = '%s' is neither a %s nor missing:J; write a %s "
				    "from %ld to %ld, or missing:J for the J-th missing answer",
		d->code_key.v[j], v, d->has_values ? "value" : "point", d->has_values ? "value" : "point",
		d->lo, d->lo + d->k - 1);
	return -1;
}

/* The codes: code.C = V replaces the default mapping (code V means point
 * V, or with values = LOW-HIGH the point whose value is V); code.C =
 * missing:J lines add to it. */
static void map_codes(struct parser *p, struct study_answers *a, const struct answers_draft *d)
{
	int explicit_points = 0;
	size_t alloc = 0;
	for (size_t j = 0; j < d->code_key.n; j++) {
		int value;
		if (code_value(p, a, d, j, &value) != 0)
			continue;
		explicit_points |= value > 0;
		add_code(a, d->code_key.v[j], value, &alloc);
	}
	if (explicit_points)
		return;
	for (long v = 1; v <= d->k; v++) {
		char c[24];
		snprintf(c, sizeof(c), "%ld", v + d->lo - 1);
		if (sl_find(&a->code_text, c) < 0)
			add_code(a, c, (int)v, &alloc);
	}
}

/* Move the labels and spellings of the draft into a. */
static void fill_answers(struct study_answers *a, struct answers_draft *d)
{
	a->k = (int)d->k;
	a->shift = (int)d->lo - 1;
	a->point_da = xcalloc((size_t)d->k, sizeof(char *));
	a->point_en = xcalloc((size_t)d->k, sizeof(char *));
	for (long v = 1; v <= d->k; v++) {
		a->point_da[v - 1] = d->label[0][v] ? d->label[0][v] : xstrdup("");
		a->point_en[v - 1] = d->label[1][v] ? d->label[1][v] : xstrdup("");
		d->label[0][v] = d->label[1][v] = NULL;
	}
	if (!a->nonsubst_en.n)
		for (size_t j = 0; j < a->nonsubst_da.n; j++)
			sl_push(&a->nonsubst_en, "");
	a->also_point = xcalloc(d->also_text.n, sizeof(int));
	for (size_t j = 0; j < d->also_text.n; j++) {
		sl_push(&a->also_text, d->also_text.v[j]);
		a->also_point[j] = d->also[j].point;
	}
}

void sp_interpret_answers(struct parser *p, const struct section *sec, struct study_answers *a)
{
	struct answers_draft d;
	memset(&d, 0, sizeof(d));
	memset(a, 0, sizeof(*a));
	a->id = xstrdup(sec->id);
	a->line = sec->line;
	read_points(p, sec, a->id, &d);
	read_answers_keys(p, sec, a, &d);
	if (d.k) {
		check_labels(p, sec, a, &d);
		check_spellings(p, a, &d);
		map_codes(p, a, &d);
		fill_answers(a, &d);
	}
	draft_release(&d);
}
