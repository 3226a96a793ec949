/* ingest_unknown.c: unknown answers gathered per answer scale and text, and unknown group and municipality values per value: one problem each, with its count, first places and the study-file line that fixes it. */
#include "ingest_internal.h"
#include "core/suggest.h"

#include <string.h>

void ingest_unknown_release(struct wave_read *wr)
{
	hashmap_release(&wr->unknown);
	free(wr->unk);
	wr->unk = NULL;
	wr->n_unk = wr->alloc_unk = 0;
}

/* The entry of the key in wr->val (a prefix, a NUL, the text), added for
 * role when new and counted at line and column col; NULL (the problem only
 * counted, as kind) past the most the report keeps. */
static struct unknown_answer *note(struct wave_read *wr, enum role role, int kind, long col, uint64_t line)
{
	struct strbuf *k = &wr->val;
	long e = hashmap_find(&wr->unknown, k->buf, k->len);
	if (e < 0) {
		if (wr->n_unk >= INGEST_PROBLEMS_KEPT) {
			ingest_report_problems(wr->run->r, wr->file, kind, 0, 0, NULL, 1);
			return NULL;
		}
		e = (long)hashmap_add(&wr->unknown, k->buf, k->len, NULL);
		ALLOC_GROW(wr->unk, wr->n_unk + 1, wr->alloc_unk);
		struct unknown_answer *u = &wr->unk[wr->n_unk++];
		memset(u, 0, sizeof(*u));
		u->role = role;
		u->text = wr->unknown.entry[e].key + strlen(wr->unknown.entry[e].key) + 1;
		u->col = col;
	}
	struct unknown_answer *u = &wr->unk[e];
	if (u->n < 3) {
		u->line[u->n] = line;
		u->column[u->n] = (size_t)col + 1;
	}
	u->n++;
	return u;
}

void ingest_unknown_group(struct wave_read *wr, enum role role, long col, const char *text, uint64_t line)
{
	struct strbuf *k = &wr->val;
	sb_reset(k);
	sb_addc(k, role == ROLE_GROUP ? 'g' : 'm');
	sb_addc(k, '\0');
	sb_adds(k, text);
	note(wr, role, PROBLEM_UNKNOWN_GROUP, col, line);
}

void ingest_unknown_answer(struct wave_read *wr, size_t item, long col, const char *text,
			   uint64_t line)
{
	const struct study_item *it = &wr->run->s->items[item];
	const char *a;
	size_t n;
	ingest_trim_span(text, &a, &n);
	/* The key: the scale's index, a NUL, the trimmed text. */
	struct strbuf *k = &wr->val;
	sb_reset(k);
	sb_addf(k, "%d", (int)it->answers);
	sb_addc(k, '\0');
	sb_add(k, a, n);
	struct unknown_answer *u = note(wr, ROLE_ITEM, PROBLEM_UNKNOWN_ANSWER, col, line);
	if (!u)
		return;
	u->answers = it->answers;
	size_t j;
	for (j = 0; j < u->n_items && u->item[j] != item; j++)
		;
	if (j == u->n_items && j < 3)
		u->item[u->n_items++] = item;
	else if (j == u->n_items)
		u->more_items = 1;
}

static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether a and b differ only in ASCII case and runs of white space. */
static int same_words(const char *a, const char *b)
{
	for (;;) {
		int sa = 0, sb = 0;
		while (is_ascii_space((unsigned char)*a))
			a++, sa = 1;
		while (is_ascii_space((unsigned char)*b))
			b++, sb = 1;
		if (!*a || !*b)
			return !*a && !*b;
		if (sa != sb || fold((unsigned char)*a) != fold((unsigned char)*b))
			return 0;
		a++, b++;
	}
}

/* The point (1..k) whose label or also spelling text is a typo of, 0 when
 * none is or two points are equally close. */
static int near_point(const struct study_answers *a, const char *text)
{
	size_t n = (size_t)a->k + a->also_text.n;
	size_t len = strlen(text), limit = suggest_limit(len), best = (size_t)-1;
	int point = 0, tie = 0;
	for (size_t j = 0; j < n; j++) {
		const char *cand = j < (size_t)a->k ? (a->point_da ? a->point_da[j] : NULL)
						    : a->also_text.v[j - (size_t)a->k];
		int v = j < (size_t)a->k ? (int)j + 1 : a->also_point[j - (size_t)a->k];
		if (!cand || !*cand)
			continue;
		size_t d = same_words(text, cand) ? 0 : suggest_distance(text, len, cand, strlen(cand));
		if (d > limit || d >= len)
			continue;
		if (d < best) {
			best = d;
			point = v;
			tie = 0;
		} else if (d == best && v != point) {
			tie = 1;
		}
	}
	return tie ? 0 : point;
}

/* "KEY = old | ... | text": the line of [answers] a that adds text to
 * the list KEY (also.V when point > 0, missing otherwise). */
static void fix_line(const struct study_answers *a, int point, const char *text, struct strbuf *out)
{
	const char *sep = "";
	if (point > 0) {
		sb_addf(out, "also.%d = ", point);
		for (size_t j = 0; j < a->also_text.n; j++)
			if (a->also_point[j] == point) {
				sb_addf(out, "%s%s", sep, a->also_text.v[j]);
				sep = " | ";
			}
	} else {
		sb_adds(out, "missing = ");
		for (size_t j = 0; j < a->nonsubst_da.n; j++) {
			sb_addf(out, "%s%s", sep, a->nonsubst_da.v[j]);
			sep = " | ";
		}
	}
	sb_addf(out, "%s%s", sep, text);
}

/* "; N times, first at PLACE, PLACE, PLACE" for a text found more than once. */
static void add_places(struct wave_read *wr, const struct unknown_answer *u, struct strbuf *m)
{
	if (u->n < 2)
		return;
	sb_addf(m, "; %llu times, first at ", (unsigned long long)u->n);
	for (size_t j = 0; j < u->n && j < 3; j++) {
		if (j)
			sb_adds(m, ", ");
		source_where(wr->src, wr->path, u->line[j], u->column[j], m);
		if (m->len && m->buf[m->len - 1] == ':')
			m->buf[--m->len] = '\0';
	}
}

/* The message for an unknown group or municipality value u, into wr->msg:
 * with a value of the study file that it differs from only in case or
 * spacing, which makes it a whole group rather than stray rows (then
 * skipping the kind is not advised), or else the closest value. */
static void describe_group(struct wave_read *wr, const struct unknown_answer *u)
{
	const struct study *s = wr->run->s;
	struct strbuf *m = &wr->msg;
	int group = u->role == ROLE_GROUP;
	sb_reset(m);
	source_where(wr->src, wr->path, u->line[0], u->column[0], m);
	if (!*u->text) {
		sb_addf(m, " unknown_group '' (blank) for the group column '%s'", wr->headers.v[u->col]);
		add_places(wr, u, m);
		return;
	}
	const char *shown = ingest_shown(wr, u->col, u->text);
	sb_addf(m, " unknown_group %s for the %s column '%s': %s", shown, group ? "group" : "municipality",
		wr->headers.v[u->col], group ? "no [group] has this value" : "not in [study] municipality");
	add_places(wr, u, m);
	if (*shown != '\'')
		return;
	const struct strlist *values = &s->municipalities;
	struct suggest near;
	size_t len = strlen(u->text);
	suggest_init(&near, u->text, len, suggest_limit(len));
	size_t n = group ? s->n_groups : 1;
	for (size_t g = 0; g < n; g++) {
		if (group)
			values = &s->groups[g].values;
		for (size_t j = 0; j < values->n; j++) {
			const char *v = values->v[j];
			if (same_words(u->text, v)) {
				if (group)
					sb_addf(m, "; [group %s] value is '%s', which differs only in case or spacing: "
						   "add '%s' to its value list", s->groups[g].id, v, u->text);
				else
					sb_addf(m, "; [study] municipality has '%s', which differs only in case or "
						   "spacing: write it there as '%s'", v, u->text);
				wr->run->r->whole_group = 1;
				return;
			}
			suggest_consider(&near, v);
		}
	}
	if (near.best)
		sb_addf(m, "; did you mean '%s'?", near.best);
}

/* The problem's message for u, into wr->msg. */
static void describe(struct wave_read *wr, const struct unknown_answer *u)
{
	const struct study *s = wr->run->s;
	const struct study_answers *a = &s->answers[u->answers];
	struct strbuf *m = &wr->msg;
	sb_reset(m);
	source_where(wr->src, wr->path, u->line[0], u->column[0], m);
	const char *shown = ingest_shown_answer(wr, u->col, u->text, a);
	sb_addf(m, " unknown_answer %s for item%s ", shown, u->n_items > 1 ? "s" : "");
	for (size_t j = 0; j < u->n_items; j++)
		sb_addf(m, "%s%s", j ? ", " : "", s->items[u->item[j]].id);
	if (u->more_items)
		sb_adds(m, ", ...");
	else if (u->n_items == 1)
		sb_addf(m, " (column '%s')", wr->headers.v[u->col]);
	sb_addf(m, ": not a label, also spelling or missing answer of '%s'", a->id);
	add_places(wr, u, m);
	if (*shown != '\'') {
		sb_addf(m, "; if it is an answer, add it to [answers %s] as also.N or missing", a->id);
		return;
	}
	if (strstr(u->text, "\xEF\xBF\xBD")) {
		/* U+FFFD stands for bytes the file's encoding has not: the fix
		 * is in the export, and no line of a study file would match. */
		sb_adds(m, "; save the export as UTF-8 and read it again");
		return;
	}
	int point = near_point(a, u->text);
	sb_adds(m, "; add to [answers ");
	sb_addf(m, "%s] the line '", a->id);
	fix_line(a, point, u->text, m);
	if (point > 0) {
		sb_addf(m, "' if it means point %d '%s', or the line '", point, a->point_da[point - 1]);
		fix_line(a, 0, u->text, m);
		sb_adds(m, "' if it is no answer");
	} else {
		sb_adds(m, "' if it is no answer, or 'also.N = ");
		sb_addf(m, "%s' for the point N it means", u->text);
	}
}

void ingest_unknown_flush(struct wave_read *wr)
{
	for (size_t i = 0; i < wr->n_unk; i++) {
		const struct unknown_answer *u = &wr->unk[i];
		int kind = u->role == ROLE_ITEM ? PROBLEM_UNKNOWN_ANSWER : PROBLEM_UNKNOWN_GROUP;
		if (u->role == ROLE_ITEM)
			describe(wr, u);
		else
			describe_group(wr, u);
		ingest_report_problems(wr->run->r, wr->file, kind, u->line[0], u->column[0], wr->msg.buf, u->n);
	}
	ingest_unknown_release(wr);
}
