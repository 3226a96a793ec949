/* resfile.c: read results.csv (with core/csvread), type and check every row (core/results_schema), and index the rows by key (core/hashmap). */
#include "resfile.h"
#include "core/csvread.h"
#include "core/digest.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum col { C_VARIABLE, C_TYPE, C_BREAKDOWN, C_BVALUE, C_WAVE, C_DESIGN, C_STATISTIC, C_VALUE, C_STATUS, C_NOTE, C_COUNT };
static const char *const col_names[C_COUNT] = {
	"variable", "variable_type", "breakdown", "breakdown_value", "wave",
	"design", "statistic", "value", "status", "note",
};

void resfile_init(struct resfile *r)
{
	memset(r, 0, sizeof(*r));
	hashmap_init(&r->keys);
	hashmap_init(&r->names);
}

void resfile_release(struct resfile *r)
{
	free(r->rows);
	hashmap_release(&r->keys);
	hashmap_release(&r->names);
	free(r->path);
	resfile_init(r);
}

/* --- Keys ------------------------------------------------------------------ */

/* A row's key is its variable, breakdown, breakdown value, wave and design,
 * each with its NUL, one after another, and then the statistic and its
 * index: no string holds a NUL, so two keys are equal exactly when every
 * part is, and the map's copy of the key holds the row's strings. */
#define KEY_PARTS 5
#define KEY_STACK 256

struct key {
	char stack[KEY_STACK];
	char *buf; /* stack, or a heap copy for a longer key */
	size_t len;
};

static void key_make(struct key *k, const char *const part[KEY_PARTS], enum res_stat stat, int index)
{
	const int32_t tail[2] = { (int32_t)stat, res_stat_indexed(stat) ? index : 0 };
	size_t n[KEY_PARTS];
	k->len = sizeof(tail);
	for (int i = 0; i < KEY_PARTS; i++)
		k->len += (n[i] = strlen(part[i])) + 1;
	k->buf = k->len <= sizeof(k->stack) ? k->stack : xmalloc(k->len);
	char *w = k->buf;
	for (int i = 0; i < KEY_PARTS; i++) {
		memcpy(w, part[i], n[i] + 1);
		w += n[i] + 1;
	}
	memcpy(w, tail, sizeof(tail));
}

static void key_release(struct key *k)
{
	if (k->buf != k->stack)
		free(k->buf);
}

/* Point the row's strings at the parts of the map's copy of its key. */
static void row_strings(struct rf_row *row, const char *key)
{
	const char **dst[KEY_PARTS] = { &row->variable, &row->breakdown, &row->breakdown_value,
					&row->wave, &row->design };
	for (int i = 0; i < KEY_PARTS; i++) {
		*dst[i] = key;
		key += strlen(key) + 1;
	}
}

/* --- Parsing --------------------------------------------------------------- */

struct parse {
	struct resfile *r;
	const char *name;
	int col_of[C_COUNT]; /* field index of each column */
	size_t n_header;     /* 0 until the header is read */
};

static int fail(struct parse *ps, const struct csv_record *rec, struct strbuf *err, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));
static int fail(struct parse *ps, const struct csv_record *rec, struct strbuf *err, const char *fmt,
		...)
{
	sb_addf(err, "'%s':%llu: ", ps->name, (unsigned long long)rec->line);
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(err, fmt, ap);
	va_end(ap);
	return TILLID_EDATA;
}

static int header_record(struct parse *ps, const struct csv_record *rec, struct strbuf *err)
{
	for (int c = 0; c < C_COUNT; c++) {
		size_t i = 0;
		while (i < rec->n && strcmp(rec->field[i], col_names[c]))
			i++;
		if (i == rec->n)
			return fail(ps, rec, err,
				    "the header has no column '%s'; is this a results file from 'tillid stats'?",
				    col_names[c]);
		ps->col_of[c] = (int)i;
	}
	ps->n_header = rec->n;
	return TILLID_OK;
}

/* The value, status and note of a row. The report says which kind of
 * suppression hid a number and why another is missing, so a note it does
 * not know is refused. */
static int row_value(struct parse *ps, const struct csv_record *rec, const char *const f[C_COUNT],
		     struct rf_row *row, struct strbuf *err)
{
	if (res_status_parse(f[C_STATUS], &row->status))
		return fail(ps, rec, err, "unknown status '%s'; expected ok, suppressed or not_applicable",
			    f[C_STATUS]);
	row->value = NAN;
	if (row->status == RES_OK) {
		char *end;
		row->value = strtod(f[C_VALUE], &end);
		if (!*f[C_VALUE] || *end || !isfinite(row->value))
			return fail(ps, rec, err, "value '%s' of '%s' is not a finite number", f[C_VALUE],
				    f[C_STATISTIC]);
	} else if (*f[C_VALUE]) {
		/* A suppressed number must never reach the report. */
		return fail(ps, rec, err,
			    "row with status '%s' carries a value; the results file must leave it empty",
			    f[C_STATUS]);
	}
	int known = !res_reason_parse(f[C_NOTE], &row->why);
	if (row->status == RES_SUPPRESSED && (!known || !res_reason_is_suppression(row->why)))
		return fail(ps, rec, err,
			    "suppressed row with note '%s'; expected '%s' (run 'tillid stats' again)",
			    f[C_NOTE], res_reason_text(RES_WHY_SUPPRESSED));
	/* one mark for every hidden cell: the report shows it as hidden */
	if (known && row->why == RES_WHY_SUPPRESSED)
		row->why = RES_WHY_COMPLEMENTARY;
	if (!known)
		return fail(ps, rec, err, "unknown note '%s' of '%s' (run 'tillid stats' again)",
			    f[C_NOTE], f[C_STATISTIC]);
	if (row->status != RES_SUPPRESSED && res_reason_is_suppression(row->why))
		return fail(ps, rec, err, "row with status '%s' has the note '%s' of a suppressed row",
			    f[C_STATUS], f[C_NOTE]);
	return TILLID_OK;
}

static int data_record(struct parse *ps, const struct csv_record *rec, struct strbuf *err)
{
	if (rec->n != ps->n_header)
		return fail(ps, rec, err, "the row has %zu fields, the header %zu", rec->n, ps->n_header);
	const char *f[C_COUNT];
	for (int c = 0; c < C_COUNT; c++)
		f[c] = rec->field[ps->col_of[c]];

	struct rf_row row;
	memset(&row, 0, sizeof(row));
	int rc = row_value(ps, rec, f, &row, err);
	if (rc)
		return rc;
	if (!*f[C_VARIABLE] || !*f[C_STATISTIC])
		return fail(ps, rec, err, "the row has no variable or no statistic");
	if (res_stat_parse(f[C_STATISTIC], &row.stat, &row.index))
		return fail(ps, rec, err, "unknown statistic '%s' of '%s' (run 'tillid stats' again)",
			    f[C_STATISTIC], f[C_VARIABLE]);

	struct resfile *r = ps->r;
	const char *part[KEY_PARTS] = { f[C_VARIABLE], f[C_BREAKDOWN], f[C_BVALUE], f[C_WAVE],
					f[C_DESIGN] };
	struct key k;
	key_make(&k, part, row.stat, row.index);
	int added;
	size_t e = hashmap_add(&r->keys, k.buf, k.len, &added);
	key_release(&k);
	if (!added)
		return fail(ps, rec, err, "'%s' of '%s' (%s %s, wave '%s', design '%s') appears twice",
			    f[C_STATISTIC], f[C_VARIABLE], f[C_BREAKDOWN], f[C_BVALUE], f[C_WAVE],
			    f[C_DESIGN]);
	row_strings(&row, r->keys.entry[e].key);
	if (row.stat == RS_DATASET_FORMAT && !strcmp(row.breakdown, res_breakdown_name(RES_BD_DATASET)) &&
	    strlen(row.breakdown_value) == sizeof(r->dataset_sha256) - 1)
		memcpy(r->dataset_sha256, row.breakdown_value, sizeof(r->dataset_sha256));
	row.variable_type = hashmap_intern(&r->names, f[C_TYPE]);
	r->keys.entry[e].value = r->n_rows;
	ALLOC_GROW(r->rows, r->n_rows + 1, r->alloc_rows);
	r->rows[r->n_rows++] = row;
	return TILLID_OK;
}

static int on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct parse *ps = ctx;
	return rec->index == 0 ? header_record(ps, rec, err) : data_record(ps, rec, err);
}

int resfile_parse(struct resfile *r, const char *name, const char *data, size_t len,
		  struct strbuf *err)
{
	resfile_init(r);
	r->path = xstrdup(name);
	sha256_hex(data, len, r->sha256);

	struct parse ps;
	memset(&ps, 0, sizeof(ps));
	ps.r = r;
	ps.name = name;
	int rc = csv_read_utf8(name, data, len, ',', on_record, &ps, err);
	if (rc == TILLID_OK && !ps.n_header) {
		sb_addf(err, "'%s':1: the file is empty; run 'tillid stats' first", name);
		rc = TILLID_EDATA;
	}
	if (rc != TILLID_OK) {
		resfile_release(r);
		return TILLID_EDATA;
	}
	return TILLID_OK;
}

int resfile_read(struct resfile *r, const char *path, struct strbuf *err)
{
	char *data;
	size_t len;
	resfile_init(r);
	if (read_file(path, &data, &len, err) != TILLID_OK)
		return TILLID_ESYS;
	int rc = resfile_parse(r, path, data, len, err);
	free(data);
	return rc;
}

int resfile_check_dataset(const struct resfile *r, const char *dataset_path, const char *dataset_sha256,
			  const char *fix, struct strbuf *err)
{
	if (!r->n_rows)
		sb_addf(err, "'%s' holds a header and no results (a run of 'tillid stats' was cut short?)", r->path);
	else if (!r->dataset_sha256[0])
		sb_addf(err, "'%s' does not name the clean dataset it was computed from (written by an older tillid)",
			r->path);
	else if (strcmp(r->dataset_sha256, dataset_sha256))
		sb_addf(err, "'%s' is stale: it was computed from another '%s' (SHA-256 %.12s…, now %.12s…); "
			     "the data changed since 'tillid stats' ran",
			r->path, path_basename(dataset_path), r->dataset_sha256, dataset_sha256);
	else
		return TILLID_OK;
	sb_addf(err, "; run '%s' to compute the results of the data as it is", fix);
	return TILLID_EDATA;
}

/* --- Lookup ---------------------------------------------------------------- */

const struct rf_row *resfile_find(const struct resfile *r, const char *variable,
				   const char *breakdown, const char *breakdown_value,
				   const char *wave, const char *design, enum res_stat stat, int index)
{
	const char *part[KEY_PARTS] = { variable, breakdown, breakdown_value ? breakdown_value : "",
					wave ? wave : "", design ? design : "" };
	struct key k;
	key_make(&k, part, stat, index);
	long e = hashmap_find(&r->keys, k.buf, k.len);
	key_release(&k);
	return e >= 0 ? &r->rows[r->keys.entry[e].value] : NULL;
}

int resfile_get(const struct resfile *r, const char *variable, const char *breakdown,
		const char *breakdown_value, const char *wave, const char *design,
		enum res_stat stat, int index, double *value)
{
	const struct rf_row *row = resfile_find(r, variable, breakdown, breakdown_value, wave,
						 design, stat, index);
	if (value)
		*value = row ? row->value : NAN;
	return row ? (int)row->status : RF_MISSING;
}
