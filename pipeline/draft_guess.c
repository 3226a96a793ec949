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

/* An open question of the survey; a Background question of the Open
 * type holds what the respondent list gave (a group, a pseudonym) and is
 * judged by its content instead. */
static int is_open_question(const struct column *c)
{
	return c->var && !c->var->background && c->var->question_type &&
	       str_ieq(c->var->question_type, "Open");
}

static int is_background(const struct column *c)
{
	return c->var && c->var->background;
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
/* Names of a pairing key, for a single wave, where no values can recur. */
static const char *const key_words[] = { "pseudonym", "pseudo", "pseudoid", "nøgle", "noegle", "key",
					 "parkode", NULL };

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

/* Could c be the group column, with at least min answers that name a group? */
static int group_candidate(const struct column *c, size_t min)
{
	if (c->role != ROLE_OTHER)
		return 0;
	if (!(c->var ? draft_is_closed_single(c) || (!c->var->question_type && c->var->n_labels) ||
		       (is_background(c) && (c->var->n_labels || !c->many))
		     : !c->many))
		return 0;
	/* an agreement or satisfaction question is an item, whatever its words */
	if (looks_like_scale(c))
		return 0;
	struct strlist v = STRLIST_INIT;
	draft_group_values(c, &v);
	int ok = v.n >= min;
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

/* Columns a survey tool adds to every export, by their header (LimeSurvey
 * with codes and with Danish headings, Microsoft Forms, SurveyXact): never
 * a question, a group or a key. */
static int is_tool_column(const char *header)
{
	static const char *const names[] = {
		"submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
		"ipaddr", "refurl", "Dato afsendt", "Sidste side", "Startsprog", "Dato startet",
		"Dato for sidste handling", "IP-adresse", "Henvisende URL", "Starttidspunkt",
		"Fuldførelsestidspunkt", "Tidspunkt for sidste ændring", "created", "closetim",
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_ieq(header, names[i]))
			return 1;
	return 0;
}

/* Could c be a pairing key: a different value in nearly every row, no
 * answer of a question, no personal data but e-mail addresses, no
 * response id or row number (consecutive whole numbers), no dates, no
 * column of the survey tool? */
static int key_candidate(const struct column *c)
{
	unsigned pii = pii_header_kinds(c->header) | pii_sampler_kinds(&c->pii);
	if ((c->role != ROLE_OTHER && c->role != ROLE_DROP) || c->n_values < 2 || c->n_long ||
	    c->n_datetime * 2 > c->n_values ||
	    draft_is_closed_single(c) || is_open_question(c) || (pii & ~(unsigned)PII_EMAIL) ||
	    pii_header_response_id(c->header) || pii_header_free_text(c->header) ||
	    is_tool_column(c->header))
		return 0;
	if (c->all_numeric && (uint64_t)(c->max - c->min) + 1 == c->n_values)
		return 0; /* 1, 2, 3, ...: a row number */
	size_t u = draft_n_unique(c);
	return u * 10 >= c->n_values * 9;
}

static void set_key(struct export *x, size_t i, const char *why)
{
	unsigned pii = pii_header_kinds(x->col[i].header) | pii_sampler_kinds(&x->col[i].pii);
	set_role(x, i, ROLE_KEY, xasprintf("%s%s", why, pii & PII_EMAIL ?
		"; it holds e-mail addresses, compared in lower case (key_normalize), and only "
		"their pseudonyms are kept" : ""));
}

/* In x[w], the candidate sharing the most values with column c0 of x[0];
 * -1 when none shares any. */
static long best_partner(const struct export *x, size_t w, const struct column *c0, uint64_t *common,
			 int *exact)
{
	long best = -1;
	*common = 0;
	for (size_t i = 0; i < x[w].n_col; i++) {
		const struct column *c = &x[w].col[i];
		int ex;
		uint64_t k = key_candidate(c) ? draft_sketch_common(&c0->sketch, &c->sketch, &ex) : 0;
		if (k > *common) {
			*common = k;
			*exact = ex;
			best = (long)i;
		}
	}
	return best;
}

/* One wave: a candidate named like a key. */
static void key_by_name(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++)
		if (key_candidate(&x->col[i]) && names_any(&x->col[i], key_words)) {
			set_key(x, i, "named like a key, with a different value in nearly every row");
			return;
		}
}

void draft_choose_key(struct export *x, size_t n)
{
	if (!n)
		return;
	if (n == 1) {
		key_by_name(&x[0]);
		return;
	}
	/* The column of the first wave whose values recur most in the later ones. */
	long best = -1;
	uint64_t best_sum = 0;
	for (size_t i = 0; i < x[0].n_col; i++) {
		if (!key_candidate(&x[0].col[i]))
			continue;
		uint64_t sum = 0, k;
		int ex;
		for (size_t w = 1; w < n; w++)
			if (best_partner(x, w, &x[0].col[i], &k, &ex) >= 0)
				sum += k;
		if (sum > best_sum) {
			best_sum = sum;
			best = (long)i;
		}
	}
	if (best < 0 || best_sum < 2) {
		key_by_name(&x[0]);
		if (x[0].role_col[3] >= 0)
			x[0].key_pairs = xstrdup("CHECK: no value of it recurs in a later wave, so nobody "
						 "would pair");
		return;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	const struct column *c0 = &x[0].col[best];
	for (size_t w = 1; w < n; w++) {
		uint64_t k;
		int ex = 1;
		long p = best_partner(x, w, c0, &k, &ex);
		if (p < 0)
			continue;
		sb_addf(&sb, "%s%s%llu of %llu respondents of %s have a value also found in %s",
			sb.len ? "; " : "", ex ? "" : "about ", (unsigned long long)k,
			(unsigned long long)x[w].col[p].n_values, x[w].wave_id, x[0].wave_id);
		set_key(&x[w], (size_t)p, "its values recur across the waves");
	}
	set_key(&x[0], (size_t)best, "its values recur across the waves");
	x[0].key_pairs = sb_detach(&sb);
}

/* Text columns without labels whose answers read like free text or vary
 * too much, response ids and row numbers, and the survey tool's columns. */
static void drop_free_text(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (c->role == ROLE_OTHER && !draft_is_closed_single(c) &&
		    pii_header_response_id(c->header)) {
			set_role(x, i, ROLE_DROP, xstrdup("it is named like a response id or row number, "
							  "which differs from wave to wave"));
			continue;
		}
		if (c->role == ROLE_OTHER && !c->var && is_tool_column(c->header)) {
			set_role(x, i, ROLE_DROP, xstrdup("a column the survey tool adds, not a question"));
			continue;
		}
		if (c->role != ROLE_OTHER || (c->var && c->var->n_labels) || c->all_numeric)
			continue;
		if (c->n_long)
			set_role(x, i, ROLE_DROP, xstrdup("its answers read like free text"));
		else if (c->n_datetime * 2 > c->n_values)
			set_role(x, i, ROLE_DROP, xstrdup("its values are dates or times"));
		else if ((pii_header_free_text(c->header) ||
			  (draft_column_text(c) && pii_header_free_text(draft_column_text(c)))) &&
			 !looks_like_scale(c))
			set_role(x, i, ROLE_DROP, xstrdup("its header reads like a free-text question "
							  "(comments, \"Andet, angiv\")"));
		else if (c->many || (c->n_values >= 3 && draft_n_unique(c) == c->n_values &&
				     !looks_like_scale(c)))
			set_role(x, i, ROLE_DROP, xstrdup(c->many ? "it holds many different texts (free "
								    "text or identifiers)" :
								    "it holds a different text in every row "
								    "(free text or identifiers)"));
	}
}

/* Is c the respondent group by its header or question text? */
static int named_like_group(const struct column *c)
{
	const char *t = draft_column_text(c) ? draft_column_text(c) : c->header;
	int phrase = 0;
	for (const char *const *p = group_phrases; *p; p++)
		phrase |= draft_starts_with_ci(t, *p);
	/* named so, one group is enough (a study of citizens only) */
	return group_candidate(c, 1) && (names_any(c, group_words) || phrase);
}

/* The first column of x (a Background question or not, as bg says) named
 * with one of words takes role k of study_role_names, unless one has it. */
static void role_by_words(struct export *x, int bg, int k, const char *const *words,
			  const char *what)
{
	for (size_t i = 0; i < x->n_col && x->role_col[k] < 0; i++) {
		const struct column *c = &x->col[i];
		if (c->role == ROLE_OTHER && is_background(c) == bg && names_any(c, words))
			set_role(x, i, role_of[k], xasprintf("'%s' is named like %s",
							     short_text(c) ? short_text(c) : c->header,
							     what));
	}
}

/* Group, municipality and unit by their header or question text: the
 * Background questions of structure.csv first, then the others. */
static void roles_by_name(struct export *x)
{
	for (int bg = 1; bg >= 0; bg--) {
		for (size_t i = 0; i < x->n_col && x->role_col[0] < 0; i++) {
			struct column *c = &x->col[i];
			if (is_background(c) == bg && named_like_group(c))
				set_role(x, i, ROLE_GROUP,
					 xasprintf("%s '%s' reads like the respondent group",
						   bg ? "the Background question" :
						   draft_column_text(c) ? "the question" : "the column",
						   draft_column_text(c) ? draft_column_text(c) : c->header));
		}
		role_by_words(x, bg, 1, municipality_words, "the municipality");
		role_by_words(x, bg, 2, unit_words, "a unit");
	}
}

/* Without a name to go by: the closed question with the fewest answers
 * that is not an answer scale. */
static void guess_group(struct export *x)
{
	long best = -1;
	size_t best_n = 0;
	int best_bg = 0;
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (!group_candidate(c, 2))
			continue;
		struct strlist v = STRLIST_INIT;
		draft_group_values(c, &v);
		int bg = is_background(c);
		/* a Background question before any other, then the fewest answers */
		if (v.n <= 8 && (best < 0 || bg > best_bg || (bg == best_bg && v.n < best_n)) &&
		    (c->var || !c->all_numeric)) {
			best = (long)i;
			best_n = v.n;
			best_bg = bg;
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
	drop_free_text(x);
	roles_by_name(x);
	if (x->role_col[0] < 0)
		guess_group(x);
}
