/* ingest_columns.c: the columns of a wave: roles from the header, item columns, and personal-data warnings per column. */
#include "ingest_internal.h"
#include "core/suggest.h"

#include <string.h>

static long find_header(const struct wave_read *wr, const char *name)
{
	if (!name)
		return -2; /* not declared */
	long e = hashmap_find_str(&wr->header_col, name);
	return e < 0 ? -1 : (long)wr->header_col.entry[e].value;
}

static const char *role_name(enum role r)
{
	switch (r) {
	case ROLE_GROUP: return "group";
	case ROLE_MUNI: return "municipality";
	case ROLE_UNIT: return "unit";
	case ROLE_KEY: return "key";
	default: return "item";
	}
}

/* A missing_column problem for the column header that `name` (an item id
 * or a role) reads, with the closest name of a column not read otherwise
 * when it looks like a typo (core/suggest) and the study-file line to fix. */
static void missing_column(struct wave_read *wr, const char *name, const char *header, const char *what,
			   uint64_t line)
{
	struct suggest sg;
	size_t len = strlen(header);
	suggest_init(&sg, header, len, suggest_limit(len));
	for (size_t j = 0; j < wr->headers.n; j++)
		if (wr->role[j] == ROLE_NONE) /* a column read for something else is no typo */
			suggest_consider(&sg, wr->headers.v[j]);
	const struct study *s = wr->run->s;
	int at = study_column_line(s, wr->w, name);
	struct strbuf hint = STRBUF_INIT;
	sb_init(&hint);
	if (sg.best)
		sb_addf(&hint, "; did you mean '%s' (column %ld)?", sg.best,
			(long)wr->header_col.entry[hashmap_find_str(&wr->header_col, sg.best)].value + 1);
	if (at)
		sb_addf(&hint, "%s fix the name at '%s':%d", sg.best ? "" : ";", s->path, at);
	ingest_problem(wr, PROBLEM_MISSING_COLUMN, line, 0,
		       "missing_column '%s' for %s: the header has no such column%s", header, what, hint.buf);
	sb_release(&hint);
}

/* Declare column `name` (group, municipality, unit, key) of this wave. */
static long declare(struct wave_read *wr, const char *name, enum role role, uint64_t line)
{
	const char *header = study_column(wr->run->s, wr->w, name);
	long col = find_header(wr, header);
	if (col == -1) {
		char *what = xasprintf("the %s column", role_name(role));
		missing_column(wr, name, header, what, line);
		free(what);
	}
	if (col >= 0)
		wr->role[col] = role;
	return col < 0 ? -1 : col;
}

/* The header's names, trimmed (and without a byte order mark), indexed by
 * name (one look-up each, so a header of 100,000 columns costs no more
 * than its length); a name given twice is noted, and the first of the two
 * is read. */
static void read_names(struct wave_read *wr, struct csv_record *rec)
{
	wr->n_header = rec->n;
	for (size_t j = 0; j < rec->n; j++) {
		char *h = rec->field[j];
		if (j == 0 && str_starts_with(h, "\xEF\xBB\xBF"))
			h += 3;
		str_trim(h);
		sl_push(&wr->headers, h);
	}
	wr->role = xcalloc(rec->n, sizeof(*wr->role));
	wr->pii_header = xcalloc(rec->n, sizeof(*wr->pii_header));
	wr->samplers = xcalloc(rec->n, sizeof(*wr->samplers));
	for (size_t j = 0; j < rec->n; j++) {
		wr->pii_header[j] = pii_header_kinds(wr->headers.v[j]);
		pii_sampler_init(&wr->samplers[j]);
		int added;
		size_t e = hashmap_add_str(&wr->header_col, wr->headers.v[j], &added);
		if (added)
			wr->header_col.entry[e].value = j;
		else if (*wr->headers.v[j])
			sl_push_owned(&wr->run->r->notes,
				      xasprintf("'%s': the header names column '%s' twice (columns "
						"%zu and %zu); the first is read",
						wr->path, wr->headers.v[j], (size_t)wr->header_col.entry[e].value + 1,
						j + 1));
	}
}

/* Item i's column; with SurveyXact, its variable, which must not be a
 * free-text question, and its question text. */
static void item_column(struct wave_read *wr, size_t i, uint64_t line)
{
	const struct study *s = wr->run->s;
	const char *header = study_column(s, wr->w, s->items[i].id);
	long col = find_header(wr, header);
	wr->col_item[i] = col < 0 ? -1 : col;
	if (col == -1) {
		char *what = xasprintf("item %s", s->items[i].id);
		missing_column(wr, s->items[i].id, header, what, line);
		free(what);
		return;
	}
	if (col < 0)
		return;
	wr->role[col] = ROLE_ITEM;
	if (!wr->sx)
		return;
	const struct sx_variable *v = sx_variable(wr->sx, header);
	wr->var_item[i] = v;
	if (v && v->question_type && str_ieq(v->question_type, "Open")) {
		ingest_problem(wr, INGEST_ERROR, line, (size_t)col + 1,
			"item %s reads column '%s', a free-text question (structure.csv line %llu "
			"says Open); free text is never carried into the clean dataset, so point the "
			"item at a closed question or remove it",
			s->items[i].id, header, (unsigned long long)v->structure_line);
		wr->col_item[i] = -1;
		return;
	}
	if ((!v || !v->n_labels) && s->unlabelled_warn) {
		const struct answer_map *m = &wr->run->maps[s->items[i].answers];
		sl_push_owned(&wr->run->r->notes, xasprintf(
			"unlabelled: item %s reads the SurveyXact variable '%s', which '%s' does not list: "
			"its codes are read through answers '%s' (%s), as [checks] unlabelled = warn "
			"allows; check them against the questionnaire, since a scale coded in reverse "
			"would be read flipped",
			s->items[i].id, header, s->waves[wr->w].labels,
			s->answers[s->items[i].answers].id, m->codes));
		wr->run->unlabelled[wr->w * s->n_items + i] = 1;
	} else if (!v || !v->n_labels) {
		/* Without labels the codes would be read as scale points 1..k,
		 * which silently flips a scale coded in reverse. */
		ingest_problem(wr, INGEST_ERROR, line, (size_t)col + 1,
			"item %s reads the SurveyXact variable '%s', which '%s' does not list: its codes "
			"cannot be mapped to answers; export the labels again with the variable, or point "
			"the item at a labelled variable (fix the name at '%s':%d)",
			s->items[i].id, header, s->waves[wr->w].labels, s->path,
			study_column_line(s, wr->w, s->items[i].id));
		wr->col_item[i] = -1;
		return;
	}
	if (v && v->question_text && *v->question_text && !wr->run->sx_text[i])
		wr->run->sx_text[i] = xstrdup(v->question_text);
}

/* The SurveyXact variable of a background column (-1: none), or NULL. */
static const struct sx_variable *background_variable(const struct wave_read *wr, long col)
{
	return wr->sx && col >= 0 ? sx_variable(wr->sx, wr->headers.v[col]) : NULL;
}

int ingest_on_header(struct wave_read *wr, struct csv_record *rec)
{
	wr->header_seen = 1;
	read_names(wr, rec);
	wr->col_key = declare(wr, "key", ROLE_KEY, rec->line);
	wr->col_group = declare(wr, "group", ROLE_GROUP, rec->line);
	wr->col_muni = declare(wr, "municipality", ROLE_MUNI, rec->line);
	wr->col_unit = declare(wr, "unit", ROLE_UNIT, rec->line);
	for (size_t i = 0; i < wr->run->s->n_items; i++)
		item_column(wr, i, rec->line);
	wr->var_group = background_variable(wr, wr->col_group);
	wr->var_muni = background_variable(wr, wr->col_muni);
	wr->var_unit = background_variable(wr, wr->col_unit);
	return TILLID_OK;
}

/* What becomes of column j, for its personal-data warning. */
static const char *column_fate(const struct wave_read *wr, size_t j)
{
	switch (wr->role[j]) {
	case ROLE_KEY:
		return "it is the pairing key: only its keyed pseudonym is kept";
	case ROLE_GROUP:
		return "it is the group column: only the group it names is kept";
	case ROLE_ITEM:
		return "it is read as an item: only answers that map to the item's scale are kept";
	case ROLE_MUNI:
		return "it is the municipality column: its values ARE kept in the clean dataset";
	case ROLE_UNIT:
		return "it is the unit column: its values ARE kept in the clean dataset; make sure "
		       "it holds no personal data";
	default:
		return sl_find(&wr->run->s->drop, wr->headers.v[j]) >= 0
			       ? "dropped by [columns] drop: not carried forward"
			       : "not declared: not carried forward";
	}
}

void ingest_pii_warnings(struct wave_read *wr)
{
	for (size_t j = 0; j < wr->n_header; j++) {
		unsigned by_header = wr->pii_header[j];
		unsigned by_content = pii_sampler_kinds(&wr->samplers[j]);
		/* Group values and municipalities are declared place and group
		 * names; they repeat like names but are not personal. */
		if (wr->role[j] == ROLE_GROUP || wr->role[j] == ROLE_MUNI)
			by_content &= ~(unsigned)PII_NAME;
		if (!by_header && !by_content)
			continue;
		ingest_report_warning(wr->run->r, wr->file, j + 1, wr->headers.v[j],
				      by_header | by_content, by_header != 0, by_content != 0,
				      column_fate(wr, j));
	}
}
