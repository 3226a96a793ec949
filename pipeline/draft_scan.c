/* draft_scan.c: reads an export once for the draft, keeping per column what the guesses need. */
#include "draft_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void column_release(struct column *c)
{
	free(c->header);
	free(c->text);
	sl_release(&c->distinct);
	draft_sketch_release(&c->sketch);
	pii_sampler_release(&c->pii);
	free(c->why);
}

static void column_sample(struct column *c, char *raw)
{
	char *v = str_trim(raw);
	if (!*v)
		return;
	c->n_values++;
	pii_sample(&c->pii, v);

	size_t words = 1;
	for (const char *p = v; *p; p++)
		words += *p == ' ' && p[1] && p[1] != ' ';
	if (strlen(v) > 60 || words > 6)
		c->n_long++;
	c->n_datetime += draft_is_datetime(v);

	draft_sketch_add(&c->sketch, draft_key_hash(v));
	char norm[32];
	long num;
	if (strlen(v) < 24 && sx_code_normalize(v, norm, sizeof(norm)) != (size_t)-1 &&
	    draft_parse_long(norm, &num)) {
		v = norm;
		c->min = c->n_values == 1 || num < c->min ? num : c->min;
		c->max = c->n_values == 1 || num > c->max ? num : c->max;
	} else {
		c->all_numeric = 0;
	}
	/* The first DISTINCT_MAX distinct values are kept in distinct; all are
	 * counted in the sketch. */
	if (!c->many && sl_find(&c->distinct, v) < 0) {
		if (c->distinct.n < DISTINCT_MAX)
			sl_push(&c->distinct, v);
		else
			c->many = 1;
	}
}

const char *draft_column_text(const struct column *c)
{
	if (c->var && c->var->question_text && *c->var->question_text)
		return c->var->question_text;
	return c->text && *c->text ? c->text : NULL;
}

size_t draft_n_unique(const struct column *c)
{
	int exact;
	return c->many ? (size_t)draft_sketch_count(&c->sketch, &exact) : c->distinct.n;
}

static int on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct export *x = ctx;
	(void)err;
	if (rec->index == 0) {
		x->n_col = rec->n;
		x->col = xcalloc(rec->n, sizeof(*x->col));
		for (size_t i = 0; i < rec->n; i++) {
			struct column *c = &x->col[i];
			c->header = str_trim(xstrdup(rec->field[i]));
			c->all_numeric = 1;
			pii_sampler_init(&c->pii);
			draft_sketch_init(&c->sketch);
			if (x->sx)
				c->var = sx_variable(&x->sxd, c->header);
		}
		return TILLID_OK;
	}
	x->n_rows++;
	for (size_t i = 0; i < rec->n && i < x->n_col; i++)
		column_sample(&x->col[i], rec->field[i]);
	return TILLID_OK;
}

/* A Qualtrics export: question texts from its second header row, and its
 * own columns (dates, status, IP address, ...) and text entries dropped
 * before any guess, by their import ids. */
static void qualtrics_columns(struct export *x)
{
	const struct source_info *src = &x->src;
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (i < src->question.n && *src->question.v[i])
			c->text = xstrdup(str_trim(src->question.v[i]));
		const char *id = i < src->import_id.n ? src->import_id.v[i] : "";
		if (qualtrics_is_metadata(id)) {
			c->role = ROLE_DROP;
			c->why = xasprintf("Qualtrics' own column (import id '%s'), no answer", id);
		} else if (qualtrics_is_text_entry(id)) {
			c->role = ROLE_DROP;
			c->why = xasprintf("a Qualtrics text entry (import id '%s'): free text", id);
		}
	}
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Find out what arg is: a SurveyXact directory, its dataset.csv, or a CSV. */
static int locate(struct export *x, const char *arg, struct strbuf *err)
{
	struct stat st;
	x->arg = arg;
	if (stat(arg, &st) != 0) {
		sb_addf(err, "cannot open export '%s': %s\n", arg, strerror(errno));
		return TILLID_ESYS;
	}
	if (S_ISDIR(st.st_mode)) {
		x->data = path_join(arg, "dataset.csv");
		x->labels = path_join(arg, "labels.csv");
		x->structure = path_join(arg, "structure.csv");
		if (!file_exists(x->data) || !file_exists(x->labels) || !file_exists(x->structure)) {
			sb_addf(err, "directory '%s' does not hold dataset.csv, labels.csv and "
				     "structure.csv; give a SurveyXact export directory or a CSV file\n", arg);
			return TILLID_ESYS;
		}
		x->sx = 1;
		return TILLID_OK;
	}
	x->data = xstrdup(arg);
	if (str_ieq(path_basename(arg), "dataset.csv")) {
		char *dir = path_dirname(arg);
		x->labels = path_join(dir, "labels.csv");
		x->structure = path_join(dir, "structure.csv");
		free(dir);
		if (file_exists(x->labels) && file_exists(x->structure)) {
			x->sx = 1;
			return TILLID_OK;
		}
		free(x->labels);
		free(x->structure);
		x->labels = x->structure = NULL;
	}
	return TILLID_OK;
}

void draft_export_init(struct export *x, char *wave_id)
{
	memset(x, 0, sizeof(*x));
	sx_init(&x->sxd);
	source_info_init(&x->src);
	x->wave_id = wave_id;
}

int draft_export_read(struct export *x, const char *arg, struct strbuf *err)
{
	int rc = locate(x, arg, err);
	if (rc != TILLID_OK)
		return rc;
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.replace_invalid = 1; /* a draft is still useful when a few bytes are bad */
	opt.may_quote = pii_may_quote;
	if (x->sx) {
		rc = sx_load(&x->sxd, x->labels, x->structure, &opt, err);
		if (rc != TILLID_OK)
			return rc;
	}
	struct source_options so = SOURCE_OPTIONS_INIT;
	so.kind = x->sx ? SOURCE_CSV : SOURCE_AUTO;
	so.csv = opt;
	rc = source_read(x->data, NULL, &so, on_record, x, &x->src, err);
	if (rc == TILLID_OK && !x->n_col && x->src.kind == SOURCE_XLSX) {
		sb_addf(err, "'%s': its first sheet '%s' is empty; tillid init reads the first sheet: "
			     "move the sheet with the answers to the front, or save it as CSV\n",
			x->data, x->src.xlsx.sheet ? x->src.xlsx.sheet : "");
		return TILLID_EDATA;
	}
	if (rc == TILLID_OK && !x->n_col) {
		sb_addf(err, "'%s' is empty\n", x->data);
		return TILLID_EDATA;
	}
	if (rc == TILLID_OK && x->src.qualtrics)
		qualtrics_columns(x);
	return rc;
}

void draft_export_release(struct export *x)
{
	for (size_t i = 0; i < x->n_col; i++)
		column_release(&x->col[i]);
	free(x->col);
	free(x->data);
	free(x->labels);
	free(x->structure);
	free(x->wave_id);
	free(x->key_pairs);
	sx_release(&x->sxd);
	source_info_release(&x->src);
}
