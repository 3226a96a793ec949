/* resfile.c: parse results.csv with libcsv, check every row, and index the rows by key. */
#include "resfile.h"
#include "core/digest.h"
#include "core/hashmap.h"
#include "core/results_schema.h"

#include <csv.h>
#include <math.h>
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
}

void resfile_release(struct resfile *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		free(r->rows[i].buf);
	free(r->rows);
	free(r->slots);
	free(r->path);
	resfile_init(r);
}

/* FNV-1a over the parts, each followed by a separator byte. */
static uint64_t hash_key(const char *const parts[], size_t n)
{
	static const char sep = 0x1f;
	uint64_t h = FNV1A_INIT;
	for (size_t i = 0; i < n; i++) {
		h = fnv1a(h, parts[i], strlen(parts[i]));
		h = fnv1a(h, &sep, 1);
	}
	return h;
}

#define KEY_PARTS 6
static void row_key(const struct rf_row *row, const char *parts[KEY_PARTS])
{
	parts[0] = row->variable;
	parts[1] = row->breakdown;
	parts[2] = row->breakdown_value;
	parts[3] = row->wave;
	parts[4] = row->design;
	parts[5] = row->statistic;
}

static int key_equal(const struct rf_row *row, const char *const parts[KEY_PARTS])
{
	const char *mine[KEY_PARTS];
	row_key(row, mine);
	for (int i = 0; i < KEY_PARTS; i++)
		if (strcmp(mine[i], parts[i]))
			return 0;
	return 1;
}

static size_t *lookup_slot(const struct resfile *r, const char *const parts[KEY_PARTS])
{
	if (!r->n_slots)
		return NULL;
	size_t mask = r->n_slots - 1;
	for (size_t i = (size_t)hash_key(parts, KEY_PARTS) & mask;; i = (i + 1) & mask) {
		size_t *slot = &r->slots[i];
		if (!*slot || key_equal(&r->rows[*slot - 1], parts))
			return slot;
	}
}

/* Resize the hash for want rows and insert the rows there are. */
static void rehash(struct resfile *r, size_t want)
{
	free(r->slots);
	r->n_slots = 1024;
	while (r->n_slots < 2 * want + 2)
		r->n_slots *= 2;
	r->slots = xcalloc(r->n_slots, sizeof(*r->slots));
	for (size_t i = 0; i < r->n_rows; i++) {
		const char *parts[KEY_PARTS];
		row_key(&r->rows[i], parts);
		*lookup_slot(r, parts) = i + 1;
	}
}

/* Parser state shared with the libcsv callbacks. */
struct parse {
	struct resfile *r;
	const char *name;
	struct strbuf *err;
	int failed;
	unsigned long line;        /* current physical line */
	unsigned long record_line; /* line where the current record began */
	unsigned long next_line;   /* line after the last complete record */
	int in_record;
	int header_done;
	int col_of[C_COUNT]; /* field index of each column */
	int n_header;
	struct strlist fields;
};

static void on_field(void *data, size_t len, void *p)
{
	struct parse *ps = p;
	if (!ps->in_record) {
		ps->in_record = 1;
		ps->record_line = ps->line;
	}
	sl_push_owned(&ps->fields, xstrndup(data ? data : "", data ? len : 0));
}

static void fail(struct parse *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parse *ps, const char *fmt, ...)
{
	if (ps->failed)
		return;
	ps->failed = 1;
	sb_addf(ps->err, "'%s':%lu: ", ps->name, ps->record_line);
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(ps->err, fmt, ap);
	va_end(ap);
}

static int parse_status(const char *s, enum rf_status *st)
{
	if (!strcmp(s, "ok"))
		*st = RF_OK;
	else if (!strcmp(s, "suppressed"))
		*st = RF_SUPPRESSED;
	else if (!strcmp(s, "not_applicable"))
		*st = RF_NOT_APPLICABLE;
	else
		return -1;
	return 0;
}

static void header_record(struct parse *ps)
{
	char *first = ps->fields.n ? ps->fields.v[0] : NULL;
	if (first && !strncmp(first, "\xef\xbb\xbf", 3))
		memmove(first, first + 3, strlen(first + 3) + 1);
	for (int c = 0; c < C_COUNT; c++) {
		long i = sl_find(&ps->fields, col_names[c]);
		if (i < 0) {
			fail(ps, "the header has no column '%s'; is this a results file from 'tillid stats'?",
			     col_names[c]);
			return;
		}
		ps->col_of[c] = (int)i;
	}
	ps->n_header = (int)ps->fields.n;
	ps->header_done = 1;
}

static void data_record(struct parse *ps)
{
	if ((int)ps->fields.n != ps->n_header) {
		fail(ps, "the row has %zu fields, the header %d", ps->fields.n, ps->n_header);
		return;
	}
	const char *f[C_COUNT];
	for (int c = 0; c < C_COUNT; c++)
		f[c] = ps->fields.v[ps->col_of[c]];

	struct rf_row row;
	memset(&row, 0, sizeof(row));
	if (parse_status(f[C_STATUS], &row.status)) {
		fail(ps, "unknown status '%s'; expected ok, suppressed or not_applicable", f[C_STATUS]);
		return;
	}
	row.value = NAN;
	if (row.status == RF_OK) {
		char *end;
		row.value = strtod(f[C_VALUE], &end);
		if (!*f[C_VALUE] || *end || !isfinite(row.value)) {
			fail(ps, "value '%s' of '%s' is not a finite number", f[C_VALUE], f[C_STATISTIC]);
			return;
		}
	} else if (*f[C_VALUE]) {
		/* A suppressed number must never reach the report. */
		fail(ps, "row with status '%s' carries a value; the results file must leave it empty",
		     f[C_STATUS]);
		return;
	}
	if (row.status == RF_SUPPRESSED) {
		/* The report says which kind of suppression hid a number; a note
		 * it does not know could be anything, so it is refused. */
		if (!strcmp(f[C_NOTE], res_reason_text(RES_WHY_FEWER))) {
			row.why = RF_WHY_FEWER;
		} else if (!strcmp(f[C_NOTE], res_reason_text(RES_WHY_COMPLEMENTARY))) {
			row.why = RF_WHY_COMPLEMENTARY;
		} else {
			fail(ps, "suppressed row with note '%s'; expected '%s' or '%s' (run 'tillid stats' again)",
			     f[C_NOTE], res_reason_text(RES_WHY_FEWER), res_reason_text(RES_WHY_COMPLEMENTARY));
			return;
		}
	}
	if (!*f[C_VARIABLE] || !*f[C_STATISTIC]) {
		fail(ps, "the row has no variable or no statistic");
		return;
	}

	/* One buffer with the eight strings one after another. */
	static const enum col keep[] = { C_VARIABLE, C_TYPE, C_BREAKDOWN, C_BVALUE,
					 C_WAVE, C_DESIGN, C_STATISTIC, C_NOTE };
	size_t total = 0;
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++)
		total += strlen(f[keep[i]]) + 1;
	row.buf = xmalloc(total);
	const char *ptr[ARRAY_SIZE(keep)];
	char *w = row.buf;
	for (size_t i = 0; i < ARRAY_SIZE(keep); i++) {
		size_t n = strlen(f[keep[i]]) + 1;
		memcpy(w, f[keep[i]], n);
		ptr[i] = w;
		w += n;
	}
	row.variable = ptr[0];
	row.variable_type = ptr[1];
	row.breakdown = ptr[2];
	row.breakdown_value = ptr[3];
	row.wave = ptr[4];
	row.design = ptr[5];
	row.statistic = ptr[6];
	row.note = ptr[7];

	struct resfile *r = ps->r;
	if (2 * (r->n_rows + 1) + 2 > r->n_slots)
		rehash(r, 2 * r->n_rows + 1);
	const char *parts[KEY_PARTS];
	row_key(&row, parts);
	size_t *slot = lookup_slot(r, parts);
	if (*slot) {
		fail(ps, "'%s' of '%s' (%s %s, wave '%s', design '%s') appears twice", row.statistic,
		     row.variable, row.breakdown, row.breakdown_value, row.wave, row.design);
		free(row.buf);
		return;
	}
	ALLOC_GROW(r->rows, r->n_rows + 1, r->alloc_rows);
	r->rows[r->n_rows++] = row;
	*slot = r->n_rows;
}

static void on_record(int c, void *p)
{
	(void)c;
	struct parse *ps = p;
	if (!ps->failed && ps->in_record) {
		if (!ps->header_done)
			header_record(ps);
		else
			data_record(ps);
	}
	sl_release(&ps->fields);
	ps->in_record = 0;
	ps->next_line = ps->line + 1;
}

int resfile_parse(struct resfile *r, const char *name, const char *data, size_t len,
		  struct strbuf *err)
{
	resfile_init(r);
	r->path = xstrdup(name);

	sha256_hex(data, len, r->sha256);

	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_blk_size(&p, 1 << 16);
	struct parse ps;
	memset(&ps, 0, sizeof(ps));
	ps.r = r;
	ps.name = name;
	ps.err = err;
	ps.line = 1;
	ps.next_line = 1;

	/* Feed one physical line at a time so that records know their line. */
	size_t off = 0;
	while (off < len && !ps.failed) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t chunk = nl ? (size_t)(nl - (data + off)) + 1 : len - off;
		size_t used = csv_parse(&p, data + off, chunk, on_field, on_record, &ps);
		if (used != chunk) {
			ps.record_line = ps.in_record ? ps.record_line : ps.next_line;
			fail(&ps, "malformed CSV: %s", csv_strerror(csv_error(&p)));
			break;
		}
		off += chunk;
		if (nl)
			ps.line++;
	}
	if (!ps.failed && csv_fini(&p, on_field, on_record, &ps) != 0) {
		ps.record_line = ps.in_record ? ps.record_line : ps.next_line;
		fail(&ps, "malformed CSV at the end of the file: %s", csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	sl_release(&ps.fields);
	if (!ps.failed && !ps.header_done) {
		ps.record_line = 1;
		fail(&ps, "the file is empty; run 'tillid stats' first");
	}
	if (ps.failed) {
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

const struct rf_row *resfile_find(const struct resfile *r, const char *variable,
				   const char *breakdown, const char *breakdown_value,
				   const char *wave, const char *design, const char *statistic)
{
	const char *parts[KEY_PARTS] = { variable, breakdown, breakdown_value ? breakdown_value : "",
					 wave ? wave : "", design ? design : "", statistic };
	size_t *slot = lookup_slot(r, parts);
	return slot && *slot ? &r->rows[*slot - 1] : NULL;
}

enum rf_status resfile_get(const struct resfile *r, const char *variable, const char *breakdown,
			    const char *breakdown_value, const char *wave, const char *design,
			    const char *statistic, double *value)
{
	const struct rf_row *row = resfile_find(r, variable, breakdown, breakdown_value, wave,
						 design, statistic);
	if (value)
		*value = row ? row->value : NAN;
	return row ? row->status : RF_MISSING;
}
