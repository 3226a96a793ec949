/* ingest_report.c: collecting ingest's findings, the wave summary, and the human-readable report (ingest.txt). */
#include "ingest_report.h"

#include "key_index.h"
#include "pii.h"
#include "core/version.h"

#include <stdlib.h>
#include <string.h>

const char *ingest_kind_name(int kind)
{
	if (kind >= 0 && kind < PROBLEM_KIND_COUNT)
		return problem_kind_name((enum problem_kind)kind);
	return "error";
}

const int ingest_kind_order[INGEST_N_KINDS] = {
	INGEST_ERROR, PROBLEM_BAD_ENCODING, PROBLEM_MISSING_COLUMN, PROBLEM_RAGGED_ROW,
	PROBLEM_UNKNOWN_GROUP, PROBLEM_DUPLICATE_KEY, PROBLEM_UNKNOWN_ANSWER, PROBLEM_OUT_OF_RANGE,
	PROBLEM_EMPTY_WAVE,
};

void ingest_report_init(struct ingest_report *r)
{
	memset(r, 0, sizeof(*r));
}

void ingest_report_release(struct ingest_report *r)
{
	free(r->study_name);
	free(r->study_file);
	free(r->study_sha256);
	free(r->output_dir);
	free(r->key_file);
	for (size_t i = 0; i < r->n_files; i++) {
		struct ingest_file *f = &r->files[i];
		free(f->role);
		free(f->path);
		free(f->study_path);
		free(f->encoding);
		free(f->encoding_how);
		free(f->delimiter);
		free(f->line_ending);
	}
	free(r->files);
	for (size_t i = 0; i < r->n_warnings; i++) {
		free(r->warnings[i].header);
		free(r->warnings[i].fate);
	}
	free(r->warnings);
	for (size_t i = 0; i < r->n_problems; i++)
		free(r->problems[i].message);
	free(r->problems);
	sl_release(&r->notes);
	sl_release(&r->pairing);
	sl_release(&r->changes);
	if (r->first_keys) {
		key_index_release(r->first_keys);
		free(r->first_keys);
	}
	for (size_t i = 0; i < r->n_waves; i++)
		free(r->waves[i].by_group);
	free(r->waves);
	ingest_report_init(r);
}

struct ingest_file *ingest_report_add_file(struct ingest_report *r, size_t wave,
					   const char *role, const char *path,
					   const char *study_path)
{
	ALLOC_GROW(r->files, r->n_files + 1, r->alloc_files);
	struct ingest_file *f = &r->files[r->n_files++];
	memset(f, 0, sizeof(*f));
	f->wave = wave;
	f->role = xstrdup(role);
	f->path = xstrdup(path);
	f->study_path = xstrdup(study_path);
	f->encoding = xstrdup("");
	f->encoding_how = xstrdup("");
	f->delimiter = xstrdup("");
	f->line_ending = xstrdup("");
	return f;
}

void ingest_report_set_skips(struct ingest_report *r, const struct study *s)
{
	for (int k = 0; k < PROBLEM_KIND_COUNT; k++)
		r->skipped[k] = s->skip[k] != 0;
	r->skipped[INGEST_ERROR] = 0;
}

void ingest_report_problem(struct ingest_report *r, size_t file, int kind, uint64_t line,
			   size_t column, const char *message)
{
	ingest_report_problems(r, file, kind, line, column, message, 1);
}

void ingest_report_problems(struct ingest_report *r, size_t file, int kind, uint64_t line,
			    size_t column, const char *message, uint64_t count)
{
	struct ingest_file *f = &r->files[file];
	f->problems[kind] += count;
	if (!message || f->problems_listed[kind] >= INGEST_PROBLEMS_KEPT)
		return;
	f->problems_listed[kind]++;
	ALLOC_GROW(r->problems, r->n_problems + 1, r->alloc_problems);
	struct ingest_problem *p = &r->problems[r->n_problems++];
	p->kind = kind;
	p->file = file;
	p->line = line;
	p->column = column;
	p->count = count;
	p->message = xstrdup(message);
}

int ingest_report_count_unlisted(struct ingest_report *r, size_t file, int kind)
{
	struct ingest_file *f = &r->files[file];
	if (f->problems_listed[kind] < INGEST_PROBLEMS_KEPT)
		return 0;
	f->problems[kind]++;
	return 1;
}

void ingest_report_warning(struct ingest_report *r, size_t file, size_t column,
			   const char *header, unsigned kinds, int by_header, int by_content,
			   const char *fate)
{
	ALLOC_GROW(r->warnings, r->n_warnings + 1, r->alloc_warnings);
	struct ingest_warning *w = &r->warnings[r->n_warnings++];
	w->file = file;
	w->column = column;
	w->header = xstrdup(header);
	w->kinds = kinds;
	w->by_header = by_header;
	w->by_content = by_content;
	w->fate = xstrdup(fate);
}

uint64_t ingest_report_total(const struct ingest_report *r, int kind)
{
	uint64_t n = 0;
	for (size_t i = 0; i < r->n_files; i++)
		n += r->files[i].problems[kind];
	return n;
}

/* ---- the wave summary ---- */

/* Later rows looked up together in count_pairs: their slots are asked
 * for before the first is read, so the cache misses overlap. */
#define PAIR_BATCH 16

/* The bit of a first-wave key's value that a later wave's row sets when
 * it has the key; the other bits count the key's first-wave rows. */
#define PAIRED_MARK ((uint64_t)1 << 63)

/* A later row whose key the first wave has is paired and marks the key. */
static void find_later(struct ingest_report *r, struct key_index *ix, const struct tds_row *row,
		       uint64_t h)
{
	uint64_t *v = key_index_find(ix, row->key, h);
	if (!v)
		return;
	*v |= PAIRED_MARK;
	if (row->wave < r->n_waves)
		r->waves[row->wave].paired++;
}

/* find_later for every keyed row of a later wave, in batches. */
static void find_later_rows(struct ingest_report *r, struct key_index *ix, const struct tds *d)
{
	const struct tds_row *batch[PAIR_BATCH];
	uint64_t h[PAIR_BATCH];
	size_t n = 0;
	for (size_t i = 0; i <= d->n_rows; i++) {
		if (i < d->n_rows) {
			const struct tds_row *row = &d->rows[i];
			if (row->wave == 0 || !tds_key_is_set(row))
				continue;
			batch[n] = row;
			h[n] = key_index_hash(row->key);
			key_index_prefetch(ix, h[n], 1);
			if (++n < PAIR_BATCH)
				continue;
		}
		for (size_t j = 0; j < n; j++)
			find_later(r, ix, batch[j], h[j]);
		n = 0;
	}
}

/* The first wave's rows of a marked key are paired. */
static void add_paired(void *ctx, const uint8_t *key, uint64_t *value)
{
	struct ingest_report *r = ctx;
	(void)key;
	if (*value & PAIRED_MARK && r->n_waves)
		r->waves[0].paired += *value & ~PAIRED_MARK;
}

/* A key of the index ingest_read kept stands for one first-wave row: the
 * wave's duplicate keys were dropped as it was read. */
static void one_row(void *ctx, const uint8_t *key, uint64_t *value)
{
	(void)ctx;
	(void)key;
	*value = 1;
}

/* The index of the first wave's keys, each with the number of its rows,
 * from the keyed rows of d: into ix, which is empty when there are none. */
static void index_first_wave(struct key_index *ix, const struct tds *d)
{
	size_t n_first = 0;
	for (size_t i = 0; i < d->n_rows; i++)
		n_first += d->rows[i].wave == 0 && tds_key_is_set(&d->rows[i]);
	if (!n_first)
		return;
	key_index_reserve(ix, n_first);
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct tds_row *row = &d->rows[i];
		if (row->wave != 0 || !tds_key_is_set(row))
			continue;
		uint64_t h = key_index_hash(row->key);
		if (!key_index_add_new(ix, row->key, h, 1, NULL))
			++*key_index_find(ix, row->key, h);
	}
}

/* Pairs: a later wave's row is paired when its key is in the first wave;
 * a first-wave row when its key is in any later wave. The first wave's
 * keys are in an index (r->first_keys, which ingest_read kept from reading
 * the wave, else one built from d), each with the number of its rows; a
 * later wave's row looks its key up there and, when found, is paired and
 * marks the key (PAIRED_MARK). The first wave's paired rows are then those
 * of the keys so marked. The index is released afterwards. */
static void count_pairs(struct ingest_report *r, const struct tds *d)
{
	struct key_index built;
	key_index_init(&built);
	struct key_index *first = r->first_keys;
	if (first)
		key_index_each(first, one_row, NULL);
	else
		index_first_wave(first = &built, d);
	if (first->n) {
		find_later_rows(r, first, d);
		key_index_each(first, add_paired, r);
	}
	key_index_release(&built);
	if (r->first_keys) {
		key_index_release(r->first_keys);
		free(r->first_keys);
		r->first_keys = NULL;
	}
}

void ingest_report_summarise(struct ingest_report *r, const struct tds *d)
{
	for (size_t i = 0; i < r->n_waves; i++)
		free(r->waves[i].by_group);
	free(r->waves);
	r->n_waves = d->meta.n_waves;
	r->n_groups = d->meta.n_groups;
	r->waves = xcalloc(r->n_waves ? r->n_waves : 1, sizeof(*r->waves));
	for (size_t w = 0; w < r->n_waves; w++)
		r->waves[w].by_group = xcalloc(r->n_groups ? r->n_groups : 1, sizeof(uint64_t));
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct tds_row *row = &d->rows[i];
		if (row->wave >= r->n_waves)
			continue;
		struct ingest_wave *w = &r->waves[row->wave];
		w->rows++;
		if (row->group < r->n_groups)
			w->by_group[row->group]++;
		w->with_key += tds_key_is_set(row);
	}
	count_pairs(r, d);
}

/* ---- text ---- */

void ingest_kinds_line(struct strbuf *sb, const uint64_t *counts)
{
	int first = 1;
	for (int k = 0; k < INGEST_N_KINDS; k++) {
		if (!counts[k])
			continue;
		sb_addf(sb, "%s%s %llu", first ? "" : ", ", ingest_kind_name(k),
			(unsigned long long)counts[k]);
		first = 0;
	}
}

static uint64_t sum_kinds(const uint64_t *counts)
{
	uint64_t n = 0;
	for (int k = 0; k < INGEST_N_KINDS; k++)
		n += counts[k];
	return n;
}

void ingest_report_describe_warning(const struct ingest_report *r, const struct ingest_warning *w,
				    struct strbuf *out)
{
	sb_addf(out, "'%s': column %zu '%s' looks like ", r->files[w->file].path, w->column, w->header);
	pii_describe_kinds(w->kinds, out);
	sb_addf(out, " (by %s%s%s); %s", w->by_header ? "header" : "",
		w->by_header && w->by_content ? " and " : "", w->by_content ? "content" : "", w->fate);
}

uint64_t ingest_report_list(const struct ingest_report *r, size_t file, int kind, size_t max,
			    const char *prefix, struct strbuf *out)
{
	size_t lines = 0;
	uint64_t covered = 0;
	for (size_t i = 0; i < r->n_problems && (!max || lines < max); i++) {
		const struct ingest_problem *p = &r->problems[i];
		if (p->file != file || p->kind != kind)
			continue;
		sb_addf(out, "%s%s\n", prefix, p->message);
		lines++;
		covered += p->count;
	}
	return covered;
}

static void text_head(const struct ingest_report *r, struct strbuf *sb)
{
	sb_addf(sb, "tillid ingest report\n\n");
	sb_addf(sb, "study:          %s\n", r->study_name ? r->study_name : "");
	sb_addf(sb, "study file:     %s\n", r->study_file ? r->study_file : "");
	sb_addf(sb, "  sha256        %s\n", r->study_sha256 ? r->study_sha256 : "");
	sb_addf(sb, "tillid version: %s\n", TILLID_VERSION);
	sb_addf(sb, "output:         %s\n", r->output_dir ? r->output_dir : "");
	if (r->key_file)
		sb_addf(sb, "key file:       %s (%s)\n", r->key_file,
			r->key_created ? "created by this run" : "existing");
	else
		sb_addf(sb, "key file:       none (the study declares no pairing key)\n");
	sb_addf(sb, "result:         %s\n", r->status == TILLID_OK ? "ok" : "stopped on data problems");
}

/* The end of a line with a total: " (kind N, ...)" when it is not 0. */
static void text_kinds_end(struct strbuf *sb, uint64_t total, const uint64_t *counts)
{
	if (total) {
		sb_adds(sb, " (");
		ingest_kinds_line(sb, counts);
		sb_adds(sb, ")");
	}
	sb_addc(sb, '\n');
}

static void text_files(const struct ingest_report *r, const struct tds_meta *m, struct strbuf *sb)
{
	sb_adds(sb, "\nFiles\n");
	for (size_t i = 0; i < r->n_files; i++) {
		const struct ingest_file *f = &r->files[i];
		const char *wid = f->wave < m->n_waves ? m->waves[f->wave].id : "?";
		sb_addf(sb, "  wave %s, %s: %s\n", wid, f->role, f->path);
		sb_addf(sb, "    sha256      %s\n", f->sha256);
		sb_addf(sb, "    bytes       %llu\n", (unsigned long long)f->bytes);
		sb_addf(sb, "    encoding    %s (%s)\n", f->encoding, f->encoding_how);
		sb_addf(sb, "    delimiter   %s%s\n", f->delimiter,
			f->delimiter_forced ? " (forced)" : " (detected)");
		sb_addf(sb, "    format      %s, %s\n", f->bom ? "byte order mark" : "no byte order mark",
			f->line_ending);
		sb_addf(sb, "    rows        read %llu, kept %llu, rejected %llu",
			(unsigned long long)f->rows_read, (unsigned long long)f->rows_kept,
			(unsigned long long)f->rows_rejected);
		text_kinds_end(sb, f->rows_rejected, f->rejected_by);
		uint64_t dropped = sum_kinds(f->values_dropped);
		sb_addf(sb, "    values      dropped %llu", (unsigned long long)dropped);
		text_kinds_end(sb, dropped, f->values_dropped);
		uint64_t found = sum_kinds(f->problems);
		sb_addf(sb, "    problems    %llu", (unsigned long long)found);
		text_kinds_end(sb, found, f->problems);
	}
}

static void text_changes(const struct ingest_report *r, struct strbuf *sb)
{
	sb_adds(sb, "\nChanges since the last good run\n");
	for (size_t i = 0; i < r->changes.n; i++)
		sb_addf(sb, "  %s\n", r->changes.v[i]);
}

static void text_warnings(const struct ingest_report *r, struct strbuf *sb)
{
	sb_adds(sb, "\nWarnings\n");
	if (!r->n_warnings && !r->notes.n)
		sb_adds(sb, "  none\n");
	for (size_t i = 0; i < r->n_warnings; i++) {
		sb_adds(sb, "  ");
		ingest_report_describe_warning(r, &r->warnings[i], sb);
		sb_addc(sb, '\n');
	}
	for (size_t i = 0; i < r->notes.n; i++)
		sb_addf(sb, "  %s\n", r->notes.v[i]);
}

static void text_problems(const struct ingest_report *r, struct strbuf *sb)
{
	sb_adds(sb, "\nProblems\n");
	if (!r->n_problems)
		sb_adds(sb, "  none\n");
	for (size_t fi = 0; fi < r->n_files; fi++) {
		const struct ingest_file *f = &r->files[fi];
		for (int o = 0; o < INGEST_N_KINDS; o++) {
			int k = ingest_kind_order[o];
			if (!f->problems[k])
				continue;
			sb_addf(sb, "  %s in '%s': %llu%s\n", ingest_kind_name(k), f->path,
				(unsigned long long)f->problems[k],
				r->skipped[k] ? " (skipped by [checks] skip: dropped and counted)" : "");
			uint64_t listed = ingest_report_list(r, fi, k, 0, "    ", sb);
			if (f->problems[k] > listed)
				sb_addf(sb, "    ... and %llu more, not listed\n",
					(unsigned long long)(f->problems[k] - listed));
		}
	}
}

/* A group's column is as wide as its id, at least 8. */
static int group_width(const struct tds_meta *m, size_t g)
{
	size_t n = strlen(m->groups[g].id);
	return (int)(n > 8 ? n : 8);
}

static void text_waves(const struct ingest_report *r, const struct tds_meta *m, struct strbuf *sb)
{
	sb_adds(sb, "\nRespondents kept, by wave and group\n");
	size_t widest = strlen("wave");
	for (size_t w = 0; w < m->n_waves; w++)
		if (strlen(m->waves[w].id) > widest)
			widest = strlen(m->waves[w].id);
	sb_addf(sb, "  %-*s", (int)widest, "wave");
	for (size_t g = 0; g < m->n_groups; g++)
		sb_addf(sb, " %*s", group_width(m, g), m->groups[g].id);
	sb_addf(sb, " %8s %8s %8s\n", "total", "with key", "paired");
	for (size_t w = 0; w < r->n_waves && w < m->n_waves; w++) {
		const struct ingest_wave *iw = &r->waves[w];
		sb_addf(sb, "  %-*s", (int)widest, m->waves[w].id);
		for (size_t g = 0; g < m->n_groups; g++)
			sb_addf(sb, " %*llu", group_width(m, g), (unsigned long long)iw->by_group[g]);
		sb_addf(sb, " %8llu %8llu %8llu\n", (unsigned long long)iw->rows,
			(unsigned long long)iw->with_key, (unsigned long long)iw->paired);
	}
	if (m->n_waves > 1)
		sb_addf(sb, "  (paired: in %s, rows whose pseudonymous key occurs in a later wave; in the "
			    "later waves, rows whose key occurs in %s)\n",
			m->waves[0].id, m->waves[0].id);
	for (size_t i = 0; i < r->pairing.n; i++)
		sb_addf(sb, "  warning: %s\n", r->pairing.v[i]);
}

void ingest_report_write_text(const struct ingest_report *r, const struct tds *d, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	text_head(r, &sb);
	text_files(r, &d->meta, &sb);
	text_changes(r, &sb);
	text_warnings(r, &sb);
	text_problems(r, &sb);
	text_waves(r, &d->meta, &sb);
	fwrite(sb.buf, 1, sb.len, fp);
	sb_release(&sb);
}
