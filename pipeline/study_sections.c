/* study_sections.c: pass two of the study-file reader: turns [study], [columns], [wave], [group], [scale], [item], [invited] and [checks] into the struct study, checking each value ([answers] is in study_answers.c). */
#include "study_internal.h"
#include "core/suggest.h"
#include "pii.h"
#include "core/textio.h"

#include <stdlib.h>
#include <string.h>

static void interpret_study(struct parser *p, const struct section *sec, struct study *s)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (!d)
			continue;
		if (strcmp(d->word, "municipality") == 0) {
			sp_split_list(v, &s->municipalities);
		} else if (strcmp(d->word, "name") == 0) {
			str_replace_owned(&s->name, v);
		} else if (strcmp(d->word, "min_group_size") == 0) {
			long n;
			if (sp_parse_count(v, 1, 1000000, &n) != 0)
				sp_mistake(p, e->line, "min_group_size must be a whole number of at least 1, not "
						    "'%s'; 5 is the usual anonymity limit", v);
			else
				s->min_group_size = (int)n;
		} else if (strcmp(d->word, "max_file_mb") == 0) {
			long n;
			if (sp_parse_count(v, 1, STUDY_MAX_FILE_MB_MAX, &n) != 0)
				sp_mistake(p, e->line, "max_file_mb must be a whole number of MiB from 1 to %d, "
						    "not '%s'", STUDY_MAX_FILE_MB_MAX, v);
			else
				s->max_file_mb = (uint64_t)n;
		} else if (strcmp(d->word, "smallest_change") == 0) {
			long n;
			if (sp_parse_milli(v, 1, 1000000, &n) != 0)
				sp_mistake(p, e->line, "smallest_change must be a number of answer points from 0.001 "
						    "to 1000 with at most three decimals, not '%s'; 0.2 is the default", v);
			else
				s->smallest_change = (int)n;
		} else if (strcmp(d->word, "output") == 0) {
			sp_set_path(p, &s->output, v);
		} else if (strcmp(d->word, "key_file") == 0) {
			sp_set_path(p, &s->key_file, v);
		} else if (strcmp(d->word, "data_date") == 0) {
			if (!sp_valid_date(v))
				sp_mistake(p, e->line, "data_date '%s' is not a date; write it as YYYY-MM-DD, "
						    "like 2022-04-15", v);
			else
				str_replace_owned(&s->data_date, v);
		}
	}
	if (!s->name)
		sp_mistake(p, sec->line, "[study] has no name; add name = the study's name for the report's "
				      "title page");
}

/* key_normalize = trim | lower: the list replaces the default (lower case
 * for keys that hold an e-mail address); trimming is always done. */
static void interpret_key_normalize(struct parser *p, int line, const char *v, struct study *s)
{
	struct strlist how = STRLIST_INIT;
	sp_split_list(v, &how);
	s->key_normalize = 0;
	for (size_t j = 0; j < how.n; j++) {
		if (!strcmp(how.v[j], "lower"))
			s->key_normalize |= PII_KEY_LOWER;
		else if (strcmp(how.v[j], "trim") != 0)
			sp_mistake(p, line, "unknown key_normalize '%s'; use trim, lower or both "
					    "(key_normalize = trim | lower)", how.v[j]);
	}
	sl_release(&how);
}

static void interpret_columns(struct parser *p, const struct section *sec, struct study *s)
{
	char **field[STUDY_N_ROLES] = { &s->col_group, &s->col_municipality, &s->col_unit, &s->col_key };
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (!d)
			continue;
		if (strcmp(d->word, "drop") == 0) {
			sp_split_list(v, &s->drop);
			continue;
		}
		if (strcmp(d->word, "key_normalize") == 0) {
			interpret_key_normalize(p, sec->e[i].line, v, s);
			continue;
		}
		for (int c = 0; c < STUDY_N_ROLES; c++)
			if (strcmp(d->word, study_role_names[c]) == 0) {
				str_replace_owned(field[c], v);
				p->col_line[c] = sec->e[i].line;
			}
	}
	if (!s->col_group)
		sp_mistake(p, sec->line, "[columns] has no group; add group = the header of the column that "
				      "holds the respondent group");
}

static void interpret_checks(struct parser *p, const struct section *sec, struct study *s)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *kd = sp_entry_key(p, sec, i, &suffix, &v);
		if (!kd)
			continue;
		if (!strcmp(kd->word, "unlabelled")) {
			if (str_ieq(v, "warn") || str_ieq(v, "error"))
				s->unlabelled_warn = str_ieq(v, "warn");
			else
				sp_mistake(p, e->line, "unlabelled must be error or warn, not '%s'; write "
						       "unlabelled = warn to read the codes of a SurveyXact "
						       "variable that labels.csv does not list through the "
						       "item's [answers]", v);
			continue;
		}
		struct strlist kinds = STRLIST_INIT;
		sp_split_list(v, &kinds);
		for (size_t j = 0; j < kinds.n; j++) {
			int k = problem_kind_from_name(kinds.v[j]);
			if (k >= 0) {
				s->skip[k] = 1;
				continue;
			}
			const char *names[PROBLEM_KIND_COUNT];
			for (int n = 0; n < PROBLEM_KIND_COUNT; n++)
				names[n] = problem_kind_name((enum problem_kind)n);
			const char *near = suggest_closest(kinds.v[j], names, PROBLEM_KIND_COUNT);
			if (near)
				sp_mistake(p, e->line, "unknown problem kind '%s' in skip; did you mean '%s'?",
					kinds.v[j], near);
			else
				sp_mistake(p, e->line, "unknown problem kind '%s' in skip; use unknown_answer, "
						    "out_of_range, ragged_row, duplicate_key, unknown_group, "
						    "missing_column, bad_encoding or empty_wave", kinds.v[j]);
		}
		sl_release(&kinds);
	}
}

/* ---- [wave ID] ---- */

/* What interpret_wave notes while it reads a wave's keys. */
struct wave_reading {
	int format; /* enum export_format; -1 when not given, -2 when unknown (reported) */
	int format_line, start_line, end_line, sheet_line;
	int path_line[4]; /* of path_key */
	size_t alloc_ov;
};

static const char *const path_key[4] = { "file", "dataset", "labels", "structure" };

static void wave_encoding(struct parser *p, int line, struct study_wave *w, const char *v)
{
	static const char *const names[] = { "auto", "utf-8", "windows-1252", "utf-16le", "utf-16be" };
	enum text_encoding enc;
	if (str_ieq(v, "auto"))
		str_replace_owned(&w->encoding, "auto");
	else if (text_encoding_from_name(v, &enc) == 0)
		str_replace_owned(&w->encoding, text_encoding_name(enc));
	else
		sp_unknown_choice(p, line, "encoding", v, names, ARRAY_SIZE(names),
			       "auto, utf-8, windows-1252, utf-16le or utf-16be");
}

static void wave_delimiter(struct parser *p, int line, struct study_wave *w, const char *v)
{
	static const char *const names[] = { "auto", "semicolon", "comma", "tab" };
	char delim;
	if (str_ieq(v, "auto"))
		str_replace_owned(&w->delimiter, "auto");
	else if (text_delimiter_from_name(v, &delim) == 0)
		str_replace_owned(&w->delimiter, text_delimiter_name(delim));
	else
		sp_unknown_choice(p, line, "delimiter", v, names, ARRAY_SIZE(names),
			       "auto, semicolon, comma or tab");
}

static void wave_format(struct parser *p, int line, struct wave_reading *r, const char *v)
{
	r->format_line = line;
	if (str_ieq(v, "surveyxact"))
		r->format = FORMAT_SURVEYXACT;
	else if (str_ieq(v, "csv"))
		r->format = FORMAT_CSV;
	else if (str_ieq(v, "xlsx"))
		r->format = FORMAT_XLSX;
	else {
		r->format = -2;
		sp_mistake(p, line, "unknown format '%s'; write format = surveyxact for the three SurveyXact "
				 "files, format = csv for one CSV file or format = xlsx for an Excel "
				 "workbook", v);
	}
}

/* One key line of a [wave ID] section. */
static void wave_key(struct parser *p, const struct key_def *d, const char *suffix, int line,
		     const char *v, struct study_wave *w, struct wave_reading *r)
{
	char **path[4] = { &w->file, &w->dataset, &w->labels, &w->structure };
	for (int k = 0; k < 4; k++)
		if (strcmp(d->word, path_key[k]) == 0) {
			sp_set_path(p, path[k], v);
			r->path_line[k] = line;
			return;
		}
	if (strcmp(d->word, "label") == 0) {
		str_replace_owned(&w->label_da, v);
	} else if (strcmp(d->word, "label_en") == 0) {
		str_replace_owned(&w->label_en, v);
	} else if (strcmp(d->word, "start") == 0 || strcmp(d->word, "end") == 0) {
		int is_start = d->word[0] == 's';
		if (!sp_valid_date(v)) {
			sp_mistake(p, line, "%s '%s' is not a date; write it as YYYY-MM-DD, like 2021-03-01",
				d->word, v);
			return;
		}
		str_replace_owned(is_start ? &w->start : &w->end, v);
		*(is_start ? &r->start_line : &r->end_line) = line;
	} else if (strcmp(d->word, "format") == 0) {
		wave_format(p, line, r, v);
	} else if (strcmp(d->word, "encoding") == 0) {
		wave_encoding(p, line, w, v);
	} else if (strcmp(d->word, "delimiter") == 0) {
		wave_delimiter(p, line, w, v);
	} else if (strcmp(d->word, "sheet") == 0) {
		str_replace_owned(&w->sheet, v);
		r->sheet_line = line;
	} else if (strcmp(d->word, "column") == 0) {
		sl_push(&w->override_names, suffix);
		sl_push(&w->override_headers, v);
		ALLOC_GROW(w->override_line, w->override_names.n, r->alloc_ov);
		w->override_line[w->override_names.n - 1] = line;
	}
}

/* Fill in what the wave leaves out and check its field period. */
static void wave_defaults(struct parser *p, struct study_wave *w, const struct wave_reading *r)
{
	sp_default_labels(&w->label_da, &w->label_en, w->id);
	if (!w->start)
		w->start = xstrdup("");
	if (!w->end)
		w->end = xstrdup("");
	if (!w->encoding)
		w->encoding = xstrdup("auto");
	if (!w->delimiter)
		w->delimiter = xstrdup("auto");
	if (*w->start && *w->end && strcmp(w->end, w->start) < 0)
		sp_mistake(p, r->end_line > r->start_line ? r->end_line : r->start_line,
			"wave '%s' ends (%s) before it starts (%s); swap start and end", w->id, w->end,
			w->start);
}

/* The wave has a format and exactly the files that format reads. */
static void check_wave_files(struct parser *p, const struct section *sec, struct study_wave *w,
			     const struct wave_reading *r)
{
	if (r->format == -1) {
		sp_mistake(p, sec->line, "wave '%s' has no format; add format = surveyxact (dataset, labels "
				      "and structure files), format = csv (one file) or format = xlsx (a "
				      "workbook)", w->id);
		return;
	}
	if (r->format == -2)
		return;
	w->format = (enum export_format)r->format;
	const char *fmt = r->format == FORMAT_XLSX ? "xlsx" : r->format == FORMAT_CSV ? "csv" : "surveyxact";
	if (r->sheet_line && r->format != FORMAT_XLSX)
		sp_mistake(p, r->sheet_line, "'sheet' belongs to format xlsx, but wave '%s' has format %s "
					     "(line %d); remove it or change the format", w->id, fmt,
			   r->format_line);
	if (r->format == FORMAT_CSV || r->format == FORMAT_XLSX) {
		if (!w->file)
			sp_mistake(p, sec->line, "wave '%s' has format %s but no file; add file = the path "
					      "of the %s", w->id, fmt,
				   r->format == FORMAT_XLSX ? "workbook (.xlsx)" : "CSV export");
		for (int k = 1; k < 4; k++)
			if (r->path_line[k])
				sp_mistake(p, r->path_line[k], "'%s' belongs to format surveyxact, but wave '%s' "
							    "has format %s (line %d); remove it or change "
							    "the format", path_key[k], w->id, fmt, r->format_line);
		return;
	}
	for (int k = 1; k < 4; k++)
		if (!r->path_line[k])
			sp_mistake(p, sec->line, "wave '%s' has format surveyxact but no %s; add %s = the "
					      "path of the export's %s.csv", w->id, path_key[k], path_key[k],
				path_key[k]);
	if (r->path_line[0])
		sp_mistake(p, r->path_line[0], "'file' belongs to format csv, but wave '%s' has format "
					    "surveyxact (line %d); use dataset, labels and structure, or "
					    "change the format", w->id, r->format_line);
}

static void interpret_wave(struct parser *p, const struct section *sec, struct study_wave *w)
{
	struct wave_reading r;
	memset(&r, 0, sizeof(r));
	r.format = -1;
	memset(w, 0, sizeof(*w));
	w->id = xstrdup(sec->id);
	w->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (d)
			wave_key(p, d, suffix, sec->e[i].line, v, w, &r);
	}
	memcpy(w->path_line, r.path_line, sizeof(w->path_line));
	wave_defaults(p, w, &r);
	check_wave_files(p, sec, w, &r);
}

/* ---- [group ID], [scale ID], [item ID] ---- */

static void interpret_group(struct parser *p, const struct section *sec, struct study_group *g)
{
	memset(g, 0, sizeof(*g));
	g->id = xstrdup(sec->id);
	g->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (!d)
			continue;
		if (strcmp(d->word, "value") == 0)
			sp_split_list(v, &g->values);
		else if (strcmp(d->word, "label") == 0)
			str_replace_owned(&g->label_da, v);
		else if (strcmp(d->word, "label_en") == 0)
			str_replace_owned(&g->label_en, v);
	}
	sp_default_labels(&g->label_da, &g->label_en, g->id);
	if (!g->values.n)
		sp_mistake(p, sec->line, "group '%s' has no value; add value = the answer in the group "
				      "column that means this group", g->id);
}

static void interpret_scale(struct parser *p, const struct section *sec, struct study_scale *c)
{
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(sec->id);
	c->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (!d)
			continue;
		if (strcmp(d->word, "label") == 0)
			str_replace_owned(&c->label_da, v);
		else if (strcmp(d->word, "label_en") == 0)
			str_replace_owned(&c->label_en, v);
	}
	sp_default_labels(&c->label_da, &c->label_en, c->id);
}

/* One key line of an [item ID] section. */
static void item_key(struct parser *p, const struct key_def *d, int line, const char *v,
		     struct study_item *it, struct item_aux *aux)
{
	if (strcmp(d->word, "column") == 0) {
		str_replace_owned(&it->column, v);
		aux->column_line = line;
	} else if (strcmp(d->word, "text") == 0) {
		str_replace_owned(&it->text_da, v);
	} else if (strcmp(d->word, "text_en") == 0) {
		str_replace_owned(&it->text_en, v);
	} else if (strcmp(d->word, "answers") == 0) {
		str_replace_owned(&aux->answers, v);
		aux->answers_line = line;
	} else if (strcmp(d->word, "scale") == 0) {
		str_replace_owned(&aux->scale, v);
		aux->scale_line = line;
	} else if (strcmp(d->word, "reverse") == 0) {
		if (str_ieq(v, "yes"))
			it->reverse = 1;
		else if (str_ieq(v, "no"))
			it->reverse = 0;
		else
			sp_mistake(p, line, "reverse must be yes or no, not '%s'; write reverse = yes for a "
					 "negatively worded item", v);
	} else if (strcmp(d->word, "nps") == 0) {
		if (str_ieq(v, "yes"))
			it->nps = line;
		else if (!str_ieq(v, "no"))
			sp_mistake(p, line, "nps must be yes or no, not '%s'; write nps = yes for the Net "
					 "Promoter Score of a 0-10 recommend question", v);
	} else if (strcmp(d->word, "findings") == 0) {
		if (str_ieq(v, "yes"))
			it->findings = line;
		else if (!str_ieq(v, "no"))
			sp_mistake(p, line, "findings must be yes or no, not '%s'; write findings = yes to give "
					 "an item outside the scales its own sentences in the key findings", v);
	}
}

static void interpret_item(struct parser *p, const struct section *sec, struct study_item *it,
			   struct item_aux *aux)
{
	memset(it, 0, sizeof(*it));
	memset(aux, 0, sizeof(*aux));
	it->id = xstrdup(sec->id);
	it->line = sec->line;
	it->scale = -1;
	it->answers = -1;
	aux->column_line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = sp_entry_key(p, sec, i, &suffix, &v);
		if (d)
			item_key(p, d, sec->e[i].line, v, it, aux);
	}
	if (!it->column)
		it->column = xstrdup(it->id);
	sp_default_labels(&it->text_da, &it->text_en, it->column);
	if (!aux->answers)
		sp_mistake(p, sec->line, "item '%s' has no answers; add answers = the id of its [answers] "
				      "section", it->id);
	if (study_is_role_name(it->id))
		sp_mistake(p, sec->line, "item id '%s' is taken by the %s column (column.%s in [wave]); "
				      "give the item another id", it->id, it->id, it->id);
}

/* ---- every section into the study ---- */

/* Each add_* interprets one section into the study. A repeated section
 * (same kind and id as an earlier one, reported by sp_interpret) is still
 * checked, into a scratch object that is then dropped. */
typedef void add_fn(struct parser *p, const struct section *sec, int repeated);

/* A section that sets fields of the struct study itself; *line records
 * the header of the first one. */
static void add_fields(struct parser *p, const struct section *sec, int repeated,
		       void (*fn)(struct parser *, const struct section *, struct study *), int *line)
{
	if (!repeated) {
		if (line)
			*line = sec->line;
		fn(p, sec, p->s);
		return;
	}
	struct study scratch;
	int save[STUDY_N_ROLES];
	memcpy(save, p->col_line, sizeof(save));
	study_init(&scratch);
	fn(p, sec, &scratch);
	study_release(&scratch);
	memcpy(p->col_line, save, sizeof(save));
}

static void add_study(struct parser *p, const struct section *sec, int repeated)
{
	add_fields(p, sec, repeated, interpret_study, &p->study_line);
}

static void add_columns(struct parser *p, const struct section *sec, int repeated)
{
	add_fields(p, sec, repeated, interpret_columns, &p->columns_line);
}

static void add_checks(struct parser *p, const struct section *sec, int repeated)
{
	add_fields(p, sec, repeated, interpret_checks, NULL);
}

static void add_report(struct parser *p, const struct section *sec, int repeated)
{
	add_fields(p, sec, repeated, sp_interpret_report, NULL);
}

static void add_wave(struct parser *p, const struct section *sec, int repeated)
{
	struct study *s = p->s;
	ALLOC_GROW(s->waves, s->n_waves + 1, p->alloc_waves);
	interpret_wave(p, sec, &s->waves[s->n_waves]);
	if (!repeated) {
		s->n_waves++;
		return;
	}
	sp_release_wave(&s->waves[s->n_waves]);
}

static void add_item(struct parser *p, const struct section *sec, int repeated)
{
	struct study *s = p->s;
	ALLOC_GROW(s->items, s->n_items + 1, p->alloc_items);
	ALLOC_GROW(p->item_aux, s->n_items + 1, p->alloc_item_aux);
	interpret_item(p, sec, &s->items[s->n_items], &p->item_aux[s->n_items]);
	if (!repeated) {
		s->n_items++;
		return;
	}
	sp_release_item(&s->items[s->n_items]);
	sp_release_item_aux(&p->item_aux[s->n_items]);
}

static void add_group(struct parser *p, const struct section *sec, int repeated)
{
	struct study *s = p->s;
	ALLOC_GROW(s->groups, s->n_groups + 1, p->alloc_groups);
	interpret_group(p, sec, &s->groups[s->n_groups]);
	if (repeated)
		sp_release_group(&s->groups[s->n_groups]);
	else
		s->n_groups++;
}

static void add_answers(struct parser *p, const struct section *sec, int repeated)
{
	struct study *s = p->s;
	ALLOC_GROW(s->answers, s->n_answers + 1, p->alloc_answers);
	sp_interpret_answers(p, sec, &s->answers[s->n_answers]);
	if (repeated)
		sp_release_answers(&s->answers[s->n_answers]);
	else
		s->n_answers++;
}

static void add_scale(struct parser *p, const struct section *sec, int repeated)
{
	struct study *s = p->s;
	ALLOC_GROW(s->scales, s->n_scales + 1, p->alloc_scales);
	interpret_scale(p, sec, &s->scales[s->n_scales]);
	if (repeated)
		sp_release_scale(&s->scales[s->n_scales]);
	else
		s->n_scales++;
}

/* [invited] keys name waves and groups, so pass three reads them; a
 * repeated [invited] adds to the first. */
static void add_invited(struct parser *p, const struct section *sec, int repeated)
{
	(void)repeated;
	for (size_t i = 0; i < sec->n; i++) {
		ALLOC_GROW(p->inv, p->n_inv + 1, p->alloc_inv);
		p->inv[p->n_inv].key = xstrdup(sec->e[i].key);
		p->inv[p->n_inv].value = xstrdup(sec->e[i].value.buf);
		p->inv[p->n_inv].line = sec->e[i].line;
		p->n_inv++;
	}
}

static add_fn *const add_section[SECT_COUNT] = {
	[SECT_STUDY] = add_study,
	[SECT_COLUMNS] = add_columns,
	[SECT_WAVE] = add_wave,
	[SECT_GROUP] = add_group,
	[SECT_ANSWERS] = add_answers,
	[SECT_SCALE] = add_scale,
	[SECT_ITEM] = add_item,
	[SECT_INVITED] = add_invited,
	[SECT_CHECKS] = add_checks,
	[SECT_REPORT] = add_report,
};

/* The first section of the same kind and id before sec, or NULL. */
static const struct section *earlier(const struct parser *p, const struct section *sec)
{
	for (const struct section *o = p->sec; o < sec; o++)
		if (o->kind == sec->kind &&
		    ((!o->id && !sec->id) || (o->id && sec->id && strcmp(o->id, sec->id) == 0)))
			return o;
	return NULL;
}

void sp_interpret(struct parser *p)
{
	for (size_t i = 0; i < p->n_sec; i++) {
		const struct section *sec = &p->sec[i];
		if (sec->kind == SECT_BAD)
			continue;
		const struct section *first = earlier(p, sec);
		const char *word = sp_sect_defs[sec->kind].word;
		if (first && sec->id)
			sp_mistake(p, sec->line, "%s '%s' is declared twice (first on line %d); give each %s "
					      "its own id", word, sec->id, first->line, word);
		else if (first)
			sp_mistake(p, sec->line, "[%s] appears twice (first on line %d); merge the two sections "
					      "into one", word, first->line);
		add_section[sec->kind](p, sec, first != NULL);
	}
}
