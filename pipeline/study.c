/* study.c: the study file's public entry points: study_load (reading, checking and reporting every mistake at once), study_init/study_release, the column and output look-ups and the problem-kind names. */
#include "study.h"
#include "study_internal.h"
#include "core/defaults.h"
#include "pii.h"
#include "core/textio.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const problem_names[PROBLEM_KIND_COUNT] = {
	[PROBLEM_UNKNOWN_ANSWER] = "unknown_answer",
	[PROBLEM_OUT_OF_RANGE] = "out_of_range",
	[PROBLEM_RAGGED_ROW] = "ragged_row",
	[PROBLEM_DUPLICATE_KEY] = "duplicate_key",
	[PROBLEM_UNKNOWN_GROUP] = "unknown_group",
	[PROBLEM_MISSING_COLUMN] = "missing_column",
	[PROBLEM_BAD_ENCODING] = "bad_encoding",
	[PROBLEM_EMPTY_WAVE] = "empty_wave",
};

const char *problem_kind_name(enum problem_kind k)
{
	if ((unsigned)k >= PROBLEM_KIND_COUNT)
		abort();
	return problem_names[k];
}

int problem_kind_from_name(const char *name)
{
	for (int k = 0; k < PROBLEM_KIND_COUNT; k++)
		if (strcmp(name, problem_names[k]) == 0)
			return k;
	return -1;
}

/* ---- the mistakes ---- */

void sp_mistake(struct parser *p, int line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(p->m, p->n_m + 1, p->alloc_m);
	p->m[p->n_m].line = line;
	p->m[p->n_m].seq = p->n_m;
	p->m[p->n_m].msg = sb_detach(&sb);
	p->n_m++;
}

static int mistake_cmp(const void *a, const void *b)
{
	const struct mistake *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Append the mistakes to err by line, "'path':LINE: message" each. */
static void report_mistakes(struct parser *p, const char *path, struct strbuf *err)
{
	qsort(p->m, p->n_m, sizeof(*p->m), mistake_cmp);
	for (size_t i = 0; i < p->n_m; i++)
		sb_addf(err, "'%s':%d: %s\n", path, p->m[i].line, p->m[i].msg);
}

/* ---- freeing ---- */

void sp_release_wave(struct study_wave *w)
{
	free(w->id);
	free(w->label_da);
	free(w->label_en);
	free(w->start);
	free(w->end);
	free(w->file);
	free(w->sheet);
	free(w->dataset);
	free(w->labels);
	free(w->structure);
	free(w->encoding);
	free(w->delimiter);
	sl_release(&w->override_names);
	sl_release(&w->override_headers);
	free(w->override_line);
}

void sp_release_group(struct study_group *g)
{
	free(g->id);
	free(g->label_da);
	free(g->label_en);
	sl_release(&g->values);
}

void sp_release_answers(struct study_answers *a)
{
	for (int v = 0; v < a->k; v++) {
		free(a->point_da[v]);
		free(a->point_en[v]);
	}
	free(a->point_da);
	free(a->point_en);
	free(a->id);
	sl_release(&a->also_text);
	free(a->also_point);
	sl_release(&a->nonsubst_da);
	sl_release(&a->nonsubst_en);
	sl_release(&a->code_text);
	free(a->code_value);
}

void sp_release_scale(struct study_scale *c)
{
	free(c->id);
	free(c->label_da);
	free(c->label_en);
}

void sp_release_item(struct study_item *it)
{
	free(it->id);
	free(it->column);
	free(it->text_da);
	free(it->text_en);
}

void sp_release_item_aux(struct item_aux *a)
{
	free(a->answers);
	free(a->scale);
}

void study_init(struct study *s)
{
	memset(s, 0, sizeof(*s));
	s->min_group_size = TILLID_MIN_GROUP_SIZE_DEFAULT;
	s->max_file_mb = STUDY_MAX_FILE_MB_DEFAULT;
	s->key_normalize = PII_KEY_LOWER_EMAIL;
	s->smallest_change = TILLID_SMALLEST_CHANGE_DEFAULT;
	report_spec_init(&s->report);
}

void study_release(struct study *s)
{
	free(s->path);
	free(s->dir);
	free(s->name);
	free(s->output);
	free(s->key_file);
	free(s->data_date);
	free(s->col_group);
	free(s->col_municipality);
	free(s->col_unit);
	free(s->col_key);
	sl_release(&s->drop);
	sl_release(&s->municipalities);
	for (size_t i = 0; i < s->n_waves; i++)
		sp_release_wave(&s->waves[i]);
	free(s->waves);
	for (size_t i = 0; i < s->n_groups; i++)
		sp_release_group(&s->groups[i]);
	free(s->groups);
	for (size_t i = 0; i < s->n_answers; i++)
		sp_release_answers(&s->answers[i]);
	free(s->answers);
	for (size_t i = 0; i < s->n_scales; i++)
		sp_release_scale(&s->scales[i]);
	free(s->scales);
	for (size_t i = 0; i < s->n_items; i++)
		sp_release_item(&s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->n_invited; i++)
		free(s->invited[i].municipality);
	free(s->invited);
	report_spec_release(&s->report);
	study_init(s);
}

static void parser_release(struct parser *p)
{
	for (size_t i = 0; i < p->n_sec; i++) {
		struct section *sec = &p->sec[i];
		for (size_t j = 0; j < sec->n; j++) {
			free(sec->e[j].key);
			sb_release(&sec->e[j].value);
		}
		free(sec->e);
		free(sec->id);
		free(sec->header);
	}
	free(p->sec);
	for (size_t i = 0; i < p->n_m; i++)
		free(p->m[i].msg);
	free(p->m);
	for (size_t i = 0; i < p->s->n_items; i++)
		sp_release_item_aux(&p->item_aux[i]);
	free(p->item_aux);
	for (size_t i = 0; i < p->n_inv; i++) {
		free(p->inv[i].key);
		free(p->inv[i].value);
	}
	free(p->inv);
}

/* ---- loading ---- */

/* path without a final ".ini" (any case), as a new string. */
static char *strip_ini(const char *path)
{
	size_t n = strlen(path);
	if (n > 4 && str_ieq(path + n - 4, ".ini"))
		n -= 4;
	return xstrndup(path, n);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The message for a folder given where a study file belongs: the study
 * files (*.ini) in it, in name order, as the fix. */
static void say_folder(const char *dir, struct strbuf *err)
{
	struct strlist ini = STRLIST_INIT;
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp))) {
		size_t n = strlen(e->d_name);
		if (n > 4 && !strcmp(e->d_name + n - 4, ".ini") && e->d_name[0] != '.')
			sl_push_owned(&ini, path_join(dir, e->d_name));
	}
	if (dp)
		closedir(dp);
	if (ini.n)
		qsort(ini.v, ini.n, sizeof(*ini.v), by_name);
	sb_addf(err, "'%s' is a folder, not a study file; ", dir);
	if (!ini.n)
		sb_adds(err, "it holds no study file (NAME.ini): name the study file, or draft one with 'tillid init'");
	else if (ini.n == 1)
		sb_addf(err, "name the study file in it: '%s'", ini.v[0]);
	else {
		sb_adds(err, "name one of the study files in it:");
		for (size_t i = 0; i < ini.n; i++)
			sb_addf(err, " '%s'", ini.v[i]);
	}
	sl_release(&ini);
}

/* Does text look like an export given where the study file belongs (a
 * workbook, or a CSV file: no [section] line, and a first line of three
 * fields or more, split at ';', ',' or tabs, with no '=')? Then say so in
 * err, with the fix, and return 1: every line of it would otherwise be a
 * mistake of its own. */
static int say_export(const char *path, const char *text, size_t len, struct strbuf *err)
{
	const char *fix = "give the study file (NAME.ini) that names it, or draft one with";
	struct strbuf word = STRBUF_INIT;
	sb_init(&word);
	sb_add_shell_word(&word, path);
	const char *init = word.buf;
	int export = 0;
	if (len >= 4 && !memcmp(text, "PK\x03\x04", 4)) {
		sb_addf(err, "'%s' is a workbook (an export), not a study file; %s 'tillid init %s'", path, fix, init);
		export = 1;
	} else {
		size_t pos = text_bom_len(text, len, TEXT_UTF8);
		size_t end = pos;
		while (end < len && text[end] != '\n' && text[end] != '\r')
			end++;
		size_t fields[3] = { 1, 1, 1 };
		int eq = 0;
		for (size_t i = pos; i < end; i++) {
			fields[0] += text[i] == ';';
			fields[1] += text[i] == ',';
			fields[2] += text[i] == '\t';
			eq |= text[i] == '=';
		}
		size_t most = fields[0] > fields[1] ? fields[0] : fields[1];
		most = most > fields[2] ? most : fields[2];
		int section = 0;
		for (size_t i = pos; i < len && !section; i++)
			if (i == pos || text[i - 1] == '\n') {
				size_t j = i;
				while (j < len && (text[j] == ' ' || text[j] == '\t'))
					j++;
				section = j < len && text[j] == '[';
			}
		if (!section && !eq && most >= 3) {
			sb_addf(err, "'%s' looks like an export (a CSV file: its first line is a header of "
				     "columns, not key = value), not a study file; %s 'tillid init %s'", path, fix, init);
			export = 1;
		}
	}
	sb_release(&word);
	return export;
}

int study_load(struct study *s, const char *path, struct strbuf *err)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		study_init(s);
		say_folder(path, err);
		sb_addc(err, '\n');
		return TILLID_ESYS;
	}
	char *text;
	size_t len;
	study_init(s);
	if (read_file_max(path, STUDY_FILE_MAX, "a study file",
			  "name the study file (the short text file NAME.ini that tillid init writes)", &text, &len,
			  err) != TILLID_OK) {
		sb_addc(err, '\n');
		return TILLID_ESYS;
	}
	if (say_export(path, text, len, err)) {
		sb_addc(err, '\n');
		free(text);
		return TILLID_ESYS;
	}
	if (text_bom_len(text, len, TEXT_UTF16LE) || text_bom_len(text, len, TEXT_UTF16BE)) {
		sb_addf(err, "'%s':1: the study file is UTF-16; save it as UTF-8\n", path);
		free(text);
		return TILLID_EDATA;
	}

	struct parser p;
	memset(&p, 0, sizeof(p));
	p.s = s;
	p.text = text;
	p.len = len;
	p.pos = text_bom_len(text, len, TEXT_UTF8);
	s->path = xstrdup(path);
	s->dir = path_dirname(path);

	sp_read_sections(&p);
	sp_interpret(&p);
	sp_check_references(&p);
	if (!s->key_file) {
		char *base = strip_ini(path);
		s->key_file = xasprintf("%s.key", base);
		free(base);
	}

	memcpy(s->col_line, p.col_line, sizeof(s->col_line));
	for (size_t i = 0; i < s->n_items; i++)
		s->items[i].column_line = p.item_aux[i].column_line;

	int rc = TILLID_OK;
	if (p.n_m) {
		report_mistakes(&p, path, err);
		rc = TILLID_EDATA;
	}
	parser_release(&p);
	free(text);
	if (rc != TILLID_OK)
		study_release(s);
	return rc;
}

const char *study_column(const struct study *s, size_t w, const char *name)
{
	if (w < s->n_waves) {
		long j = sl_find(&s->waves[w].override_names, name);
		if (j >= 0)
			return s->waves[w].override_headers.v[j];
	}
	const char *fixed[STUDY_N_ROLES] = { s->col_group, s->col_municipality, s->col_unit, s->col_key };
	for (int c = 0; c < STUDY_N_ROLES; c++)
		if (strcmp(name, study_role_names[c]) == 0)
			return fixed[c];
	for (size_t i = 0; i < s->n_items; i++)
		if (strcmp(s->items[i].id, name) == 0)
			return s->items[i].column;
	return NULL;
}

int study_column_line(const struct study *s, size_t w, const char *name)
{
	long j = w < s->n_waves ? sl_find(&s->waves[w].override_names, name) : -1;
	if (j >= 0)
		return s->waves[w].override_line[j];
	for (int c = 0; c < STUDY_N_ROLES; c++)
		if (strcmp(name, study_role_names[c]) == 0)
			return s->col_line[c];
	for (size_t i = 0; i < s->n_items; i++)
		if (strcmp(s->items[i].id, name) == 0)
			return s->items[i].column_line ? s->items[i].column_line : s->items[i].line;
	return 0;
}

const char *study_relative(const struct study *s, const char *path)
{
	size_t n = s->dir ? strlen(s->dir) : 0;
	if (n && strcmp(s->dir, ".") && !strncmp(path, s->dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

char *study_output_dir(const struct study *s)
{
	if (s->output)
		return xstrdup(s->output);
	/* Beside the study file, so the outputs go with the study wherever it
	 * is run from; named after it, so two study files in one folder keep
	 * theirs apart; "out-" so one ignore pattern covers them all. */
	char *base = strip_ini(path_basename(s->path));
	char *name = xasprintf("out-%s", base);
	char *dir = path_join(s->dir, name);
	free(name);
	free(base);
	return dir;
}
