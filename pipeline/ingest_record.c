/* ingest_record.c: one record of a wave: row checks (group, municipality, pairing key), its places, its answers mapped. */
#include "ingest_internal.h"

#include <string.h>
#include <sys/stat.h>

/* The text a background column's field stands for: its label through
 * labels.csv when the variable has labels for it, else the field itself
 * (trimmed in place). */
static const char *background_text(struct wave_read *wr, const struct sx_variable *var, char *field)
{
	str_trim(field);
	if (var && var->n_labels && *field) {
		const char *label = sx_label(wr->sx, var->name, field);
		if (label)
			return label;
	}
	return field;
}

/* The group whose value is text (a label), the raw field, or the field's
 * code written canonically ("02" as "2"); -1 when none is. */
static long match_group(struct wave_read *wr, const char *text, const char *raw)
{
	struct run *run = wr->run;
	long e = hashmap_find_str(&run->group_values, text);
	if (e < 0 && raw != text)
		e = hashmap_find_str(&run->group_values, raw);
	long code;
	if (e < 0 && ingest_parse_code(raw, &code)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%ld", code);
		e = hashmap_find_str(&run->group_values, buf);
	}
	return e < 0 ? -1 : (long)run->group_values.entry[e].value;
}

/* Item i's field (column col) as a point 1..k, TDS_BLANK or a
 * non-substantive answer; TDS_REJECTED with the problem recorded when it is
 * no answer of the item's scale. SurveyXact codes go through labels.csv
 * first. */
static uint8_t map_item(struct wave_read *wr, size_t i, long col, char *field, size_t len,
		       uint64_t line)
{
	struct run *run = wr->run;
	const struct study_item *it = &run->s->items[i];
	struct answer_map *m = &run->maps[it->answers];
	const struct sx_variable *var = wr->var_item[i];
	const char *text = field;
	const char *label = NULL;
	uint8_t v;
	if (var && var->n_labels) {
		str_trim(field);
		if (!*field)
			return TDS_BLANK;
		label = sx_label(wr->sx, var->name, field);
		if (!label) {
			ingest_file_of(wr)->values_dropped[PROBLEM_UNKNOWN_ANSWER]++;
			if (!ingest_problem_unlisted(wr, PROBLEM_UNKNOWN_ANSWER))
				ingest_problem(wr, PROBLEM_UNKNOWN_ANSWER, line, (size_t)col + 1,
					"unknown_answer %s for item %s (column '%s'): the code is not in "
					"labels.csv",
					ingest_shown(wr, col, field), it->id, wr->headers.v[col]);
			return TDS_REJECTED;
		}
		text = label;
		len = strlen(label);
	}
	enum answer_result res = answer_map_lookup_fast(m, text, len, &v);
	if (res == ANSWER_OK)
		return v;
	if (res == ANSWER_UNKNOWN) {
		ingest_file_of(wr)->values_dropped[PROBLEM_UNKNOWN_ANSWER]++;
		ingest_unknown_answer(wr, i, col, text, line);
		return TDS_REJECTED;
	}
	int kind = PROBLEM_OUT_OF_RANGE;
	ingest_file_of(wr)->values_dropped[kind]++;
	if (ingest_problem_unlisted(wr, kind))
		return TDS_REJECTED;
	const struct study_answers *a = &run->s->answers[it->answers];
	if (label)
		ingest_problem(wr, kind, line, (size_t)col + 1,
			"out_of_range %s (code %s) for item %s (column '%s'): not an answer of '%s'",
			ingest_shown_answer(wr, col, label, a), field, it->id, wr->headers.v[col], a->id);
	else
		ingest_problem(wr, kind, line, (size_t)col + 1,
			"out_of_range %s for item %s (column '%s'): not a code of answers '%s' (%s)",
			ingest_shown(wr, col, field), it->id, wr->headers.v[col], a->id, m->codes);
	return TDS_REJECTED;
}

/* Row-level checks: each returns 0 when the row stays, or records the
 * problem, counts the row as rejected and returns -1; a row they drop is
 * not looked at further. */

/* The group the group column names, into row->group. */
static int check_group(struct wave_read *wr, const struct csv_record *rec, struct tds_row *row)
{
	long col = wr->col_group;
	if (col < 0)
		return 0;
	char *field = rec->field[col];
	const char *text = background_text(wr, wr->var_group, field);
	long g = *field ? match_group(wr, text, field) : -1;
	if (g >= 0) {
		row->group = (uint16_t)g;
		return 0;
	}
	ingest_unknown_group(wr, ROLE_GROUP, col, *field ? text : "", rec->line);
	ingest_reject_row(wr, PROBLEM_UNKNOWN_GROUP);
	return -1;
}

/* The municipality named, into *muni (NULL when none is), which must be
 * one of [study] municipality when the study lists them. */
static int check_municipality(struct wave_read *wr, const struct csv_record *rec, const char **muni)
{
	long col = wr->col_muni;
	*muni = NULL;
	if (col < 0)
		return 0;
	const char *text = background_text(wr, wr->var_muni, rec->field[col]);
	if (!*text)
		return 0;
	if (wr->run->s->municipalities.n && hashmap_find_str(&wr->run->muni_listed, text) < 0) {
		ingest_unknown_group(wr, ROLE_MUNI, col, text, rec->line);
		ingest_reject_row(wr, PROBLEM_UNKNOWN_GROUP);
		return -1;
	}
	*muni = text;
	return 0;
}

/* The pseudonym of a pairing key, computed before the row's checks. */
struct early_key {
	int state;  /* 0: not computed; 1: row->key holds it; -1: the key is blank */
	uint64_t h; /* its key_index_hash */
};

/* Longest key field pseudonymised ahead of the checks (on a copy). */
#define EARLY_KEY_MAX 128

/* The pseudonym of the pairing key into row->key, from a normalised copy
 * of the field (check_key still sees the field as it is), and a request
 * for its place in the wave's key index, which then loads while the
 * row's group and municipality are checked. */
static void early_pseudonym(struct wave_read *wr, const struct csv_record *rec, struct tds_row *row,
			    struct early_key *ek)
{
	struct run *run = wr->run;
	long col = wr->col_key;
	ek->state = 0;
	ek->h = 0;
	if (col < 0 || !run->keyed || rec->len[col] >= EARLY_KEY_MAX)
		return;
	char copy[EARLY_KEY_MAX];
	memcpy(copy, rec->field[col], rec->len[col] + 1);
	pii_key_normalize(run->s->key_normalize, copy, rec->len[col]);
	if (pii_pseudonym_hmac(&run->key_hmac, copy, rec->len[col], row->key) != 0) {
		ek->state = -1;
		return;
	}
	ek->state = 1;
	ek->h = key_index_hash(row->key);
	key_index_prefetch(&wr->keys, ek->h, 0);
}

/* The pseudonym of the pairing key, into row->key (ek: as far as
 * early_pseudonym got), which must be new in this wave. */
static int check_key(struct wave_read *wr, const struct csv_record *rec, struct tds_row *row,
		     const struct early_key *ek)
{
	struct run *run = wr->run;
	long col = wr->col_key;
	if (col < 0 || !run->keyed)
		return 0;
	ingest_key_watch(run, wr->w, rec->field[col]);
	pii_key_normalize(run->s->key_normalize, rec->field[col], rec->len[col]);
	if (ek->state < 0 ||
	    (!ek->state && pii_pseudonym_hmac(&run->key_hmac, rec->field[col], rec->len[col], row->key) != 0))
		return 0;
	uint64_t h = ek->state ? ek->h : key_index_hash(row->key);
	uint64_t first;
	if (key_index_add_new(&wr->keys, row->key, h, rec->line, &first))
		return 0;
	ingest_problem(wr, PROBLEM_DUPLICATE_KEY, rec->line, (size_t)col + 1,
		"duplicate_key (value hidden: pairing key) for the key column '%s': "
		"the same key is on line %llu; the first row is kept",
		wr->headers.v[col], (unsigned long long)first);
	ingest_reject_row(wr, PROBLEM_DUPLICATE_KEY);
	return -1;
}

/* A kept row's municipality and unit: their indexes in the order found
 * (numbered anew by ingest_finish_meta). TILLID_ESYS with a message past
 * the most a dataset holds. */
static int place_row(struct wave_read *wr, const struct csv_record *rec, const char *muni,
		     struct tds_row *row, struct strbuf *err)
{
	struct run *run = wr->run;
	if (muni) {
		if (run->munis.n >= TDS_NONE && hashmap_find_str(&run->munis, muni) < 0) {
			sb_addf(err, "'%s':%llu: more than %d municipalities; tillid keeps at most that many",
				wr->path, (unsigned long long)rec->line, TDS_NONE - 1);
			return TILLID_ESYS;
		}
		int added;
		size_t e = hashmap_add_str(&run->munis, muni, &added);
		if (added)
			run->munis.entry[e].value = rec->line;
		row->municipality = (uint16_t)e;
	}
	if (wr->col_unit < 0)
		return TILLID_OK;
	const char *unit = background_text(wr, wr->var_unit, rec->field[wr->col_unit]);
	if (!*unit)
		return TILLID_OK;
	/* A unit is its name within its municipality. */
	struct strbuf *k = &wr->val;
	sb_reset(k);
	sb_add(k, &row->municipality, sizeof(row->municipality));
	sb_adds(k, unit);
	if (run->units.n >= TDS_NONE && hashmap_find(&run->units, k->buf, k->len) < 0) {
		sb_addf(err, "'%s':%llu: more than %d units; tillid keeps at most that many",
			wr->path, (unsigned long long)rec->line, TDS_NONE - 1);
		return TILLID_ESYS;
	}
	int added;
	size_t ui = hashmap_add(&run->units, k->buf, k->len, &added);
	if (added) {
		run->units.entry[ui].value = row->municipality;
		ALLOC_GROW(run->unit_line, run->units.n, run->alloc_unit_line);
		run->unit_line[ui] = rec->line;
	}
	row->unit = (uint16_t)ui;
	return TILLID_OK;
}

/* Rows whose size tells the size of the wave: after them the key index
 * gets room for the rows the rest of a CSV export likely holds (its bytes
 * over theirs, and a sixteenth more), and the dataset room for those and
 * for the CSV exports of the waves still to come, estimated alike; so
 * neither grows by steps, copying what it holds, through a large study.
 * Room the dataset does not fill is address space, not memory; the key
 * index is filled evenly, so an export whose first rows are much shorter
 * than the rest gets an index larger by that factor. A workbook's bytes
 * are compressed and tell nothing: its rows grow both as they come. */
#define SIZE_SAMPLE_ROWS 1024

/* Bytes of the CSV exports of the waves after w. */
static uint64_t later_csv_bytes(const struct study *s, size_t w)
{
	uint64_t n = 0;
	struct stat st;
	for (size_t v = w + 1; v < s->n_waves; v++) {
		const struct study_wave *sw = &s->waves[v];
		const char *path = sw->format == FORMAT_CSV ? sw->file :
				   sw->format == FORMAT_SURVEYXACT ? sw->dataset : NULL;
		if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			n += (uint64_t)st.st_size;
	}
	return n;
}

static void size_from_sample(struct wave_read *wr, const struct csv_record *rec)
{
	struct run *run = wr->run;
	const struct ingest_file *f = ingest_file_of(wr);
	for (size_t j = 0; j < rec->n; j++)
		wr->sample_bytes += rec->len[j] + 1; /* with its delimiter or line break */
	if (f->rows_read != SIZE_SAMPLE_ROWS || wr->src->kind != SOURCE_CSV)
		return;
	enum text_encoding enc = wr->src->csv.encoding;
	uint64_t unit = enc == TEXT_UTF16LE || enc == TEXT_UTF16BE ? 2 : 1;
	uint64_t per_row = unit * wr->sample_bytes / SIZE_SAMPLE_ROWS + 1;
	uint64_t rows = f->bytes / per_row;
	uint64_t later = run->room_for_later ? later_csv_bytes(run->s, wr->w) / per_row : 0;
	rows += rows / 16;
	later += later / 16;
	tds_reserve(run->d, run->d->n_rows + (size_t)(rows + later));
	if (wr->col_key >= 0 && run->keyed)
		key_index_reserve(&wr->keys, (size_t)rows);
}

/* The progress line: rows read in the wave (the waves read on several
 * threads share the line, drawn by one at a time). */
static void show_progress(struct wave_read *wr, uint64_t rows)
{
	struct run *run = wr->run;
	if (run->progress_lock)
		pthread_mutex_lock(run->progress_lock);
	if (progress_due(run->r->progress))
		progress_show(run->r->progress, "ingest: wave '%s': %llu rows read",
			      run->s->waves[wr->w].id, (unsigned long long)rows);
	if (run->progress_lock)
		pthread_mutex_unlock(run->progress_lock);
}

int ingest_on_record(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct wave_read *wr = ctx;
	struct run *run = wr->run;
	if (!wr->header_seen) {
		int rc = ingest_on_header(wr, rec);
		if (rec->n_invalid)
			ingest_invalid_bytes(wr, rec);
		return rc;
	}
	if (rec->n_invalid)
		ingest_invalid_bytes(wr, rec);

	struct ingest_file *f = ingest_file_of(wr);
	f->rows_read++;
	/* The clock is read once every 65536 rows, the line drawn only on a terminal. */
	if (!(f->rows_read & 0xFFFF))
		show_progress(wr, f->rows_read);
	if (f->rows_read <= SIZE_SAMPLE_ROWS)
		size_from_sample(wr, rec);
	if (f->rows_read <= PII_SAMPLE_MAX) {
		size_t n = rec->n < wr->n_header ? rec->n : wr->n_header;
		for (size_t j = 0; j < n; j++)
			pii_sample(&wr->samplers[j], rec->field[j]);
	}
	if (rec->n != wr->n_header) {
		ingest_problem(wr, PROBLEM_RAGGED_ROW, rec->line, 0,
			"ragged_row: %zu fields where the header has %zu", rec->n, wr->n_header);
		ingest_reject_row(wr, PROBLEM_RAGGED_ROW);
		return TILLID_OK;
	}

	struct tds_row row;
	memset(&row, 0, sizeof(row));
	row.wave = (uint8_t)wr->w;
	row.group = row.municipality = row.unit = TDS_NONE;
	const char *muni;
	struct early_key ek;
	early_pseudonym(wr, rec, &row, &ek);
	if (check_group(wr, rec, &row) || check_municipality(wr, rec, &muni) ||
	    check_key(wr, rec, &row, &ek))
		return TILLID_OK;
	int rc = place_row(wr, rec, muni, &row, err);
	if (rc != TILLID_OK)
		return rc;

	uint8_t *values = tds_add_row(run->d, &row);
	const struct study_item *items = run->s->items;
	for (size_t i = 0; i < run->s->n_items; i++) {
		long col = wr->col_item[i];
		if (col < 0)
			continue;
		/* A one-byte answer of a plain export maps through its table
		 * here; anything else (and what the table rejects, for the
		 * message) goes through map_item. */
		if (rec->len[col] == 1 && !wr->var_item[i] &&
		    answer_map_lookup_byte(&run->maps[items[i].answers], (unsigned char)rec->field[col][0],
					   &values[i]) == ANSWER_OK)
			continue;
		values[i] = map_item(wr, i, col, rec->field[col], rec->len[col], rec->line);
	}
	f->rows_kept++;
	wr->rows_kept++;
	return TILLID_OK;
}
