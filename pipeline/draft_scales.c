/* draft_scales.c: answer scales for the draft, from SurveyXact labels or the answers found in a CSV column. */
#include "draft_internal.h"
#include "ini_write.h"

#include <stdlib.h>
#include <string.h>

/* Danish answer scales the draft recognises by their labels, with other
 * spellings of each point. */
static const struct known_scale {
	const char *id;
	const char *label[5];
	const char *variant[5][3];
} known_scales[] = {
	{ "enig5",
	  { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig" },
	  { { "Meget uenig" }, { "Delvis uenig", "Noget uenig" }, { "Hverken enig/uenig" },
	    { "Delvis enig", "Noget enig" }, { "Meget enig" } } },
	{ "tilfreds5",
	  { "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds" },
	  { { NULL }, { "Lidt utilfreds" }, { "Hverken tilfreds/utilfreds" }, { "Lidt tilfreds" },
	    { NULL } } },
};

/* The point (1..5) label means on scale ks, 0 if none; *variant says
 * whether it is one of the other spellings. */
static int known_point(const struct known_scale *ks, const char *label, int *variant)
{
	for (int v = 0; v < 5; v++) {
		if (str_ieq(label, ks->label[v])) {
			*variant = 0;
			return v + 1;
		}
		for (int j = 0; j < 3 && ks->variant[v][j]; j++)
			if (str_ieq(label, ks->variant[v][j])) {
				*variant = 1;
				return v + 1;
			}
	}
	return 0;
}

int draft_labels_look_like_scale(const struct strlist *labels)
{
	int n_known = 0;
	for (size_t i = 0; i < labels->n; i++) {
		int variant;
		for (size_t k = 0; k < ARRAY_SIZE(known_scales); k++)
			if (known_point(&known_scales[k], labels->v[i], &variant)) {
				n_known++;
				break;
			}
	}
	return labels->n && n_known * 2 >= (int)labels->n;
}

void draft_answer_set_release(struct answer_set *a)
{
	free(a->id);
	sl_release(&a->point);
	sl_release(&a->point_code);
	sl_release(&a->also);
	free(a->also_point);
	sl_release(&a->missing);
	sl_release(&a->missing_code);
	free(a->sig);
	free(a->first_item);
}

static void add_also(struct answer_set *a, const char *text, int point)
{
	sl_push(&a->also, text);
	ALLOC_GROW(a->also_point, a->also.n, a->alloc_also);
	a->also_point[a->also.n - 1] = point;
}

/* Check that every label can be written and that no two are the same. */
static const char *answer_set_problem(const struct answer_set *a)
{
	struct strlist all = STRLIST_INIT;
	const char *why = NULL;
	if (a->k < 2)
		why = "fewer than two answers that are scale points";
	else if (a->k > 99)
		why = "more than 99 answers";
	for (int v = 0; !why && v < a->k; v++)
		if (!*a->point.v[v] || !ini_kv_fits("point_en.99", a->point.v[v]))
			why = "a label that cannot be written in a study file (' ;' or too long a word)";
	for (size_t j = 0; !why && j < a->missing.n; j++)
		if (!ini_value_ok(a->missing.v[j], 1) || strlen(a->missing.v[j]) > INI_WRAP)
			why = "a non-substantive label that cannot be written in a list ('|', ' ;' or "
			      "too long)";
	for (size_t j = 0; !why && j < a->also.n; j++)
		if (!ini_value_ok(a->also.v[j], 1) || !ini_kv_fits("also.99", a->also.v[j]))
			why = "a spelling that cannot be written in a list";
	for (int pass = 0; !why && pass < 3; pass++) {
		const struct strlist *l = pass == 0 ? &a->point : pass == 1 ? &a->also : &a->missing;
		for (size_t j = 0; !why && j < l->n; j++) {
			for (size_t q = 0; q < all.n; q++)
				if (str_ieq(all.v[q], l->v[j]))
					why = "two answers with the same label";
			sl_push(&all, l->v[j]);
		}
	}
	sl_release(&all);
	return why;
}

void draft_answer_set_sign(struct answer_set *a)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (int v = 0; v < a->k; v++)
		sb_addf(&sb, "p%s\x1f%s\x1e", a->point.v[v], a->point_code.n ? a->point_code.v[v] : "");
	for (size_t j = 0; j < a->also.n; j++)
		sb_addf(&sb, "a%d\x1f%s\x1e", a->also_point[j], a->also.v[j]);
	for (size_t j = 0; j < a->missing.n; j++)
		sb_addf(&sb, "m%s\x1f%s\x1e", a->missing.v[j],
			a->missing_code.n ? a->missing_code.v[j] : "");
	a->sig = sb_detach(&sb);
}

/* Order points by a known scale when their labels are exactly its labels
 * (in any order, other spellings allowed). */
static int order_by_known(struct answer_set *a)
{
	for (size_t s = 0; s < ARRAY_SIZE(known_scales); s++) {
		const struct known_scale *ks = &known_scales[s];
		if (a->k != 5)
			continue;
		int where[5] = { -1, -1, -1, -1, -1 }, ok = 1;
		for (int v = 0; v < 5 && ok; v++) {
			int variant, p = known_point(ks, a->point.v[v], &variant);
			if (!p || where[p - 1] >= 0)
				ok = 0;
			else
				where[p - 1] = v;
		}
		if (!ok)
			continue;
		struct strlist point = STRLIST_INIT, code = STRLIST_INIT;
		for (int p = 0; p < 5; p++) {
			sl_push(&point, a->point.v[where[p]]);
			if (a->point_code.n)
				sl_push(&code, a->point_code.v[where[p]]);
		}
		sl_release(&a->point);
		sl_release(&a->point_code);
		a->point = point;
		a->point_code = code;
		a->id_base = ks->id;
		return 1;
	}
	return 0;
}

struct coded_label {
	const struct sx_label *l;
	long code;
};

static int coded_cmp(const void *a, const void *b)
{
	const struct coded_label *x = a, *y = b;
	return (x->code > y->code) - (x->code < y->code);
}

const char *draft_sx_answers(const struct sx_variable *var, struct answer_set *a)
{
	size_t n = var->n_labels;
	struct coded_label *cl = xcalloc(n, sizeof(*cl));
	int all_int = 1;
	for (size_t i = 0; i < n; i++) {
		cl[i].l = &var->labels[i];
		all_int &= draft_parse_long(var->labels[i].code, &cl[i].code);
	}
	if (all_int)
		qsort(cl, n, sizeof(*cl), coded_cmp);
	for (size_t i = 0; i < n; i++) {
		if (draft_is_nonsubstantive(cl[i].l->label)) {
			sl_push(&a->missing, cl[i].l->label);
			sl_push(&a->missing_code, cl[i].l->code);
		} else {
			sl_push(&a->point, cl[i].l->label);
			sl_push(&a->point_code, cl[i].l->code);
		}
	}
	free(cl);
	a->k = (int)a->point.n;
	a->id_base = "svar";
	if (!all_int) {
		sl_release(&a->point_code);
		sl_release(&a->missing_code);
	}
	if (!order_by_known(a))
		a->check = all_int ? "the points are in the order of their codes: point.1 must be the most "
				     "negative answer and point.K the most positive"
				   : "the points are in the order of labels.csv: point.1 must be the most "
				     "negative answer and point.K the most positive";
	return answer_set_problem(a);
}

/* Numeric answers from lo to hi: the codes 0 or 1 up to hi, unlabelled;
 * from 0 the scale's values are the answers (values = 0-hi), so that a
 * 0-10 question is averaged on 0-10. */
static const char *coded_scale(struct answer_set *a, long lo, long hi)
{
	if (lo < 0 || hi > 10)
		return "numeric answers outside 0 to 10";
	long first = lo == 0 ? 0 : 1;
	a->k = (int)(hi - first + 1);
	for (long v = first; v <= hi; v++) {
		sl_push_owned(&a->point, xasprintf("%ld", v));
		sl_push_owned(&a->point_code, xasprintf("%ld", v));
	}
	a->id_base = "koder";
	a->from_zero = first == 0;
	a->check = first == 0 ? "the answers are the numbers 0 to the largest found: label the ends "
				"(point.0 and the highest) with the answers the respondents saw, and "
				"raise the upper value if the scale is longer"
			      : "the answers are codes 1 to the largest found: label each point "
				"with the answer the respondents saw, and raise points if the "
				"scale is longer";
	return NULL;
}

/* Known scale ks, when every answer is one of its points (each usual
 * spelling once, other spellings as also.P). Returns 1 when it is. */
static int known_scale_answers(struct answer_set *a, const struct known_scale *ks,
			       const struct strlist *answers)
{
	int seen[5] = { 0, 0, 0, 0, 0 }, ok = 1, variant;
	for (size_t i = 0; i < answers->n && ok; i++) {
		int p = known_point(ks, answers->v[i], &variant);
		ok = p && (!seen[p - 1] || variant);
		if (ok && !variant)
			seen[p - 1] = 1;
	}
	if (!ok)
		return 0;
	a->k = 5;
	a->id_base = ks->id;
	for (int p = 0; p < 5; p++) {
		/* the spelling found in the data, else the usual one */
		const char *label = ks->label[p];
		for (size_t i = 0; i < answers->n; i++)
			if (known_point(ks, answers->v[i], &variant) == p + 1 && !variant)
				label = answers->v[i];
		sl_push(&a->point, label);
	}
	for (size_t i = 0; i < answers->n; i++) {
		int p = known_point(ks, answers->v[i], &variant);
		if (variant)
			add_also(a, answers->v[i], p);
	}
	return 1;
}

/* Text answers: a known scale, else the answers in the order found. */
static void text_scale(struct answer_set *a, const struct strlist *answers)
{
	for (size_t s = 0; s < ARRAY_SIZE(known_scales); s++)
		if (known_scale_answers(a, &known_scales[s], answers))
			return;
	for (size_t i = 0; i < answers->n; i++)
		sl_push(&a->point, answers->v[i]);
	a->k = (int)answers->n;
	a->id_base = "svar";
	a->check = "the points are in the order the answers were found: order them from the most "
		   "negative (point.1) to the most positive";
}

const char *draft_csv_answers(const struct column *c, struct answer_set *a)
{
	struct strlist rest = STRLIST_INIT;
	int numeric = 1;
	long lo = 0, hi = 0;
	for (size_t i = 0; i < c->distinct.n; i++) {
		const char *v = c->distinct.v[i];
		long x;
		if (draft_is_nonsubstantive(v)) {
			sl_push(&a->missing, v);
			continue;
		}
		sl_push(&rest, v);
		if (!draft_parse_long(v, &x)) {
			numeric = 0;
		} else {
			if (rest.n == 1 || x < lo)
				lo = x;
			if (rest.n == 1 || x > hi)
				hi = x;
		}
	}

	const char *why = NULL;
	if (numeric && rest.n)
		why = coded_scale(a, lo, hi);
	else if (rest.n)
		text_scale(a, &rest);
	sl_release(&rest);
	if (!why && !a->k)
		why = "no answers that are scale points";
	if (!why)
		why = answer_set_problem(a);
	/* codes matter only for numeric answers */
	if (!numeric)
		sl_release(&a->point_code);
	return why;
}
