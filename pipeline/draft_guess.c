/* draft_guess.c: the role of each column of an export: personal data and free text, pairing key, group, municipality, unit. */
#include "draft_internal.h"

#include <stdlib.h>
#include <string.h>

/* The draft's role of each of study_role_names. */
static const enum role role_of[STUDY_N_ROLES] = { ROLE_GROUP, ROLE_MUNICIPALITY, ROLE_UNIT,
						   ROLE_KEY };

int draft_is_closed_single(const struct column *c)
{
	const struct sx_variable *v = c->var;
	return v && v->question_type && str_ieq(v->question_type, "Closed") && v->subtype &&
	       str_ieq(v->subtype, "Single");
}

static int is_open_question(const struct column *c)
{
	return c->var && c->var->question_type && str_ieq(c->var->question_type, "Open");
}

/* The question text, when it is short enough to be a label like "Kommune". */
static const char *short_text(const struct column *c)
{
	const char *t = draft_column_text(c);
	return t && strlen(t) <= 60 ? t : NULL;
}

static int names_any(const struct column *c, const char *const *words)
{
	const char *t = short_text(c);
	for (; *words; words++)
		if (draft_has_word(c->header, *words) || (t && draft_has_word(t, *words)))
			return 1;
	return 0;
}

static const char *const group_words[] = { "gruppe", "rolle", "group", "role", "respondentgruppe",
					   "brugergruppe", "målgruppe", "respondenttype", NULL };
static const char *const group_phrases[] = { "er du ", "jeg er ", "hvem besvarer", "hvem udfylder",
					     "are you ", NULL };
static const char *const municipality_words[] = { "kommune", "kommunenavn", "municipality", NULL };
static const char *const unit_words[] = { "enhed", "afdeling", "unit", "skole", "institution",
					  "tilbud", "team", NULL };
/* Names of a pairing key, the surest first: a row counter ("løbenr") or a
 * plain "id" is a key only when nothing better is there. */
static const char *const key_words[] = { "pseudonym", "pseudo", "nøgle", "noegle", "key", "parkode",
					 NULL };
static const char *const weak_key_words[] = { "id", "løbenr", "loebenr", "løbenummer", NULL };

void draft_group_values(const struct column *c, struct strlist *out)
{
	if (c->var && c->var->n_labels) {
		for (size_t i = 0; i < c->var->n_labels; i++)
			if (!draft_is_nonsubstantive(c->var->labels[i].label))
				sl_push(out, c->var->labels[i].label);
	} else if (!c->many) {
		for (size_t i = 0; i < c->distinct.n; i++)
			if (!draft_is_nonsubstantive(c->distinct.v[i]))
				sl_push(out, c->distinct.v[i]);
	}
}

/* Are the answers of c mostly those of a known answer scale? */
static int looks_like_scale(const struct column *c)
{
	struct strlist v = STRLIST_INIT;
	draft_group_values(c, &v);
	int r = draft_labels_look_like_scale(&v);
	sl_release(&v);
	return r;
}

static int group_candidate(const struct column *c)
{
	if (c->role != ROLE_OTHER)
		return 0;
	if (!(c->var ? draft_is_closed_single(c) || (!c->var->question_type && c->var->n_labels) : !c->many))
		return 0;
	struct strlist v = STRLIST_INIT;
	draft_group_values(c, &v);
	int ok = v.n >= 2;
	sl_release(&v);
	return ok;
}

static void set_role(struct export *x, size_t i, enum role r, char *why)
{
	x->col[i].role = r;
	free(x->col[i].why);
	x->col[i].why = why;
	for (int k = 0; k < STUDY_N_ROLES; k++)
		if (role_of[k] == r)
			x->role_col[k] = (long)i;
}

/* Personal data (by header or content) and open questions: never read. */
static void drop_personal(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		unsigned by_header = pii_header_kinds(c->header);
		unsigned by_content = pii_sampler_kinds(&c->pii) & ~by_header;
		if (by_header || by_content) {
			struct strbuf sb = STRBUF_INIT;
			sb_init(&sb);
			if (by_header) {
				sb_adds(&sb, "its header suggests ");
				pii_describe_kinds(by_header, &sb);
			}
			if (by_content) {
				sb_adds(&sb, by_header ? "; its content looks like "
						       : "its content looks like ");
				pii_describe_kinds(by_content, &sb);
			}
			set_role(x, i, ROLE_DROP, sb_detach(&sb));
		} else if (is_open_question(c)) {
			set_role(x, i, ROLE_DROP,
				 xstrdup("free-text answers (an open question in structure.csv)"));
		}
	}
}

/* A pairing key: named like one, with a different value in nearly every row. */
static void find_key(struct export *x)
{
	for (int strength = 0; strength < 2; strength++)
		for (size_t i = 0; i < x->n_col && x->role_col[3] < 0; i++) {
			struct column *c = &x->col[i];
			if (c->role == ROLE_OTHER && !draft_is_closed_single(c) &&
			    names_any(c, strength ? weak_key_words : key_words) && c->n_values >= 2 &&
			    (draft_n_unique(c) >= UNIQUE_MAX || draft_n_unique(c) * 10 >= c->n_values * 9))
				set_role(x, i, ROLE_KEY,
					 xasprintf("'%s' is named like a key and has a different value in "
						   "nearly every row", c->header));
		}
}

/* Text columns without labels whose answers read like free text or vary too much. */
static void drop_free_text(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (c->role != ROLE_OTHER || (c->var && c->var->n_labels) || c->all_numeric)
			continue;
		if (c->n_long)
			set_role(x, i, ROLE_DROP, xstrdup("its answers read like free text"));
		else if (c->many)
			set_role(x, i, ROLE_DROP, xstrdup("it holds many different texts (free text or "
							  "identifiers)"));
	}
}

/* Group, municipality and unit by their header or question text. */
static void roles_by_name(struct export *x)
{
	for (size_t i = 0; i < x->n_col && x->role_col[0] < 0; i++) {
		struct column *c = &x->col[i];
		const char *t = draft_column_text(c) ? draft_column_text(c) : c->header;
		int phrase = 0;
		for (const char *const *p = group_phrases; *p; p++)
			phrase |= draft_starts_with_ci(t, *p);
		if (group_candidate(c) && (names_any(c, group_words) || phrase))
			set_role(x, i, ROLE_GROUP, xasprintf("%s '%s' reads like the respondent group",
							     draft_column_text(c) ? "the question" : "the column",
							     t));
	}
	for (size_t i = 0; i < x->n_col && x->role_col[1] < 0; i++)
		if (x->col[i].role == ROLE_OTHER && names_any(&x->col[i], municipality_words))
			set_role(x, i, ROLE_MUNICIPALITY, xasprintf("'%s' is named like the municipality",
								    short_text(&x->col[i]) ?
								    short_text(&x->col[i]) : x->col[i].header));
	for (size_t i = 0; i < x->n_col && x->role_col[2] < 0; i++)
		if (x->col[i].role == ROLE_OTHER && names_any(&x->col[i], unit_words))
			set_role(x, i, ROLE_UNIT, xasprintf("'%s' is named like a unit",
							    short_text(&x->col[i]) ?
							    short_text(&x->col[i]) : x->col[i].header));
}

/* Without a name to go by: the closed question with the fewest answers
 * that is not an answer scale. */
static void guess_group(struct export *x)
{
	long best = -1;
	size_t best_n = 0;
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (!group_candidate(c) || looks_like_scale(c))
			continue;
		struct strlist v = STRLIST_INIT;
		draft_group_values(c, &v);
		if (v.n <= 8 && (best < 0 || v.n < best_n) && (c->var || !c->all_numeric)) {
			best = (long)i;
			best_n = v.n;
		}
		sl_release(&v);
	}
	if (best >= 0) {
		set_role(x, (size_t)best, ROLE_GROUP,
			 xasprintf("no column is named like the respondent group; '%s' has few answers",
				   x->col[best].header));
		x->group_guessed = 1;
	}
}

void draft_decide_roles(struct export *x)
{
	for (int k = 0; k < STUDY_N_ROLES; k++)
		x->role_col[k] = -1;
	/* In this order: what is never read first, then the surest guesses. */
	drop_personal(x);
	find_key(x);
	drop_free_text(x);
	roles_by_name(x);
	if (x->role_col[0] < 0)
		guess_group(x);
}
