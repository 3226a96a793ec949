/* ingest_parallel.c: the waves of a study read on several threads, each into a run of its own, merged in wave order. */
#include "ingest_internal.h"

#include <string.h>

/*
 * A wave reads into a run of its own: its own report (files, problems,
 * warnings, notes), answer maps (their memo is written as they are used),
 * HMAC state, municipalities and units in the order it found them, item
 * texts, and dataset rows; the first wave fills the study's dataset
 * itself, which it sizes for the later waves too. What the waves share is
 * read only (the study, the group values, the listed municipalities) or
 * written at the wave's own index (key_watch, unlabelled).
 *
 * After every thread has finished, the waves are merged in wave order:
 * files, problems and warnings are appended with their file indexes moved
 * past the files before them; municipalities and units enter the study's
 * maps in the order the wave found them, so every first-seen order is the
 * one reading the waves in turn gives, and the wave's rows are renumbered
 * to match as they are appended. Reading the waves one after the other
 * would leave the same run, dataset and report, to the byte.
 */

/* Rows copied at a time when a wave's rows are appended: the pages behind
 * them are then given back, so the copy costs no more memory than this. */
#define MERGE_CHUNK_ROWS ((size_t)1 << 16)

/* One wave read on its own. */
struct part {
	struct run run;
	struct tds d;           /* its rows (the first wave's go to the study's dataset) */
	struct ingest_report r; /* its files (indexes from 0), problems, warnings, notes */
	int rc;                 /* ingest_read_wave's result (a wave after a failed one
				   is not read: reading in turn would have stopped before it) */
	struct strbuf err;      /* ingest_read_wave's message */
};

/* The waves and the threads that take them in turn. */
struct pool {
	struct part *parts;
	size_t n;              /* waves */
	size_t next;           /* the next wave to take */
	size_t failed;         /* the first wave that failed; n: none */
	pthread_mutex_t lock;  /* over next and failed */
};

static void part_init(struct part *p, const struct run *run, size_t w, pthread_mutex_t *progress_lock)
{
	const struct study *s = run->s;
	struct run *pr = &p->run;
	memset(p, 0, sizeof(*p));
	sb_init(&p->err);
	tds_init(&p->d);
	p->d.meta.n_items = s->n_items; /* all that adding rows needs of the metadata */
	ingest_report_init(&p->r);
	memcpy(p->r.skipped, run->r->skipped, sizeof(p->r.skipped));
	p->r.progress = run->r->progress;

	pr->s = s;
	if (run->keyed) {
		hmac_sha256_init(&pr->key_hmac, run->secret, run->secret_len);
		pr->keyed = 1;
		pr->secret = run->secret;
		pr->secret_len = run->secret_len;
	}
	pr->d = w == 0 ? run->d : &p->d;
	pr->r = &p->r;
	pr->room_for_later = w == 0;
	pr->progress_lock = progress_lock;
	pr->maps = xcalloc(s->n_answers ? s->n_answers : 1, sizeof(*pr->maps));
	for (size_t i = 0; i < s->n_answers; i++)
		answer_map_init(&pr->maps[i], &s->answers[i]);
	pr->group_values = run->group_values; /* read only: released with run */
	pr->muni_listed = run->muni_listed;
	pr->sx_text = xcalloc(s->n_items ? s->n_items : 1, sizeof(char *));
	pr->too_large_fix = run->too_large_fix;
	pr->key_watch = run->key_watch;
	pr->unlabelled = run->unlabelled;
}

static void part_release(struct part *p)
{
	ingest_run_release_own(&p->run);
	ingest_report_release(&p->r);
	p->d.meta.n_items = 0; /* the part's dataset has no metadata of its own */
	tds_release(&p->d);
	sb_release(&p->err);
}

/* Take waves in turn until none is left; a wave after one that failed is
 * not read (reading in turn would have stopped before it). */
static void *read_waves(void *arg)
{
	struct pool *pool = arg;
	for (;;) {
		pthread_mutex_lock(&pool->lock);
		size_t w = pool->next < pool->n ? pool->next++ : pool->n;
		int wanted = w < pool->failed;
		pthread_mutex_unlock(&pool->lock);
		if (w == pool->n)
			return NULL;
		if (!wanted)
			continue;
		struct part *p = &pool->parts[w];
		p->rc = ingest_read_wave(&p->run, w, &p->err);
		if (p->rc != TILLID_OK) {
			pthread_mutex_lock(&pool->lock);
			if (w < pool->failed)
				pool->failed = w;
			pthread_mutex_unlock(&pool->lock);
		}
	}
}

/* Move the files, problems, warnings and notes of from to the end of r. */
static void merge_report(struct ingest_report *r, struct ingest_report *from)
{
	size_t base = r->n_files;
	for (size_t i = 0; i < from->n_files; i++) {
		ALLOC_GROW(r->files, r->n_files + 1, r->alloc_files);
		r->files[r->n_files++] = from->files[i];
	}
	from->n_files = 0; /* its strings are r's now */
	for (size_t i = 0; i < from->n_problems; i++) {
		ALLOC_GROW(r->problems, r->n_problems + 1, r->alloc_problems);
		r->problems[r->n_problems] = from->problems[i];
		r->problems[r->n_problems++].file += base;
	}
	from->n_problems = 0;
	for (size_t i = 0; i < from->n_warnings; i++) {
		ALLOC_GROW(r->warnings, r->n_warnings + 1, r->alloc_warnings);
		r->warnings[r->n_warnings] = from->warnings[i];
		r->warnings[r->n_warnings++].file += base;
	}
	from->n_warnings = 0;
	for (size_t i = 0; i < from->notes.n; i++)
		sl_push_owned(&r->notes, from->notes.v[i]);
	from->notes.n = 0;
	r->whole_group |= from->whole_group;
}

/* The message place_row gives past the most a dataset holds. */
static int too_many(const struct part *p, const char *what, uint64_t line, struct strbuf *err)
{
	const struct ingest_report *r = &p->r;
	const char *path = r->n_files ? r->files[r->n_files - 1].path : "";
	sb_addf(err, "'%s':%llu: more than %d %s; tillid keeps at most that many", path,
		(unsigned long long)line, TDS_NONE - 1, what);
	return TILLID_ESYS;
}

/* Enter the municipalities and units of p into run's maps in the order p
 * found them: *mrank and *urank (the caller frees them) give their indexes
 * there; *moved is 0 when every index stays what it is. TILLID_ESYS with
 * place_row's message past the most a dataset holds. Call before
 * merge_report (the message names p's data file). */
static int merge_places(struct run *run, const struct part *p, uint16_t **mrank, uint16_t **urank,
			int *moved, struct strbuf *err)
{
	const struct hashmap *pm = &p->run.munis, *pu = &p->run.units;
	*mrank = xcalloc(pm->n ? pm->n : 1, sizeof(**mrank));
	*urank = xcalloc(pu->n ? pu->n : 1, sizeof(**urank));
	*moved = 0;
	for (size_t i = 0; i < pm->n; i++) {
		const struct hm_entry *e = &pm->entry[i];
		if (run->munis.n >= TDS_NONE && hashmap_find(&run->munis, e->key, e->len) < 0)
			return too_many(p, "municipalities", e->value, err);
		int added;
		size_t m = hashmap_add(&run->munis, e->key, e->len, &added);
		if (added)
			run->munis.entry[m].value = e->value;
		(*mrank)[i] = (uint16_t)m;
		*moved |= m != i;
	}
	struct strbuf k = STRBUF_INIT;
	sb_init(&k);
	int rc = TILLID_OK;
	for (size_t i = 0; i < pu->n && rc == TILLID_OK; i++) {
		const struct hm_entry *e = &pu->entry[i];
		uint16_t muni = e->value == TDS_NONE ? TDS_NONE : (*mrank)[e->value];
		sb_reset(&k);
		sb_add(&k, &muni, sizeof(muni));
		sb_add(&k, e->key + sizeof(muni), e->len - sizeof(muni));
		if (run->units.n >= TDS_NONE && hashmap_find(&run->units, k.buf, k.len) < 0) {
			rc = too_many(p, "units", p->run.unit_line[i], err);
			break;
		}
		int added;
		size_t u = hashmap_add(&run->units, k.buf, k.len, &added);
		if (added) {
			run->units.entry[u].value = muni;
			ALLOC_GROW(run->unit_line, run->units.n, run->alloc_unit_line);
			run->unit_line[u] = p->run.unit_line[i];
		}
		(*urank)[i] = (uint16_t)u;
		*moved |= u != i;
	}
	sb_release(&k);
	return rc;
}

/* A row's municipality and unit renumbered from a wave's maps to the run's. */
static void renumber(struct tds_row *row, const uint16_t *mrank, const uint16_t *urank)
{
	if (row->municipality != TDS_NONE)
		row->municipality = mrank[row->municipality];
	if (row->unit != TDS_NONE)
		row->unit = urank[row->unit];
}

/* Append the rows of from to d, renumbered when moved, a chunk at a time,
 * giving back the pages of from behind the copy. */
static void append_rows(struct tds *d, struct tds *from, const uint16_t *mrank, const uint16_t *urank,
			int moved)
{
	size_t k = d->meta.n_items, n = from->n_rows;
	if (!n)
		return;
	tds_reserve(d, d->n_rows + n);
	size_t rows_given = 0, values_given = 0;
	for (size_t i = 0; i < n; i += MERGE_CHUNK_ROWS) {
		size_t c = n - i < MERGE_CHUNK_ROWS ? n - i : MERGE_CHUNK_ROWS;
		struct tds_row *to = d->rows + d->n_rows;
		memcpy(to, from->rows + i, c * sizeof(*to));
		if (moved)
			for (size_t j = 0; j < c; j++)
				renumber(&to[j], mrank, urank);
		memcpy(d->values + d->n_rows * k, from->values + i * k, c * k);
		d->n_rows += c;
		rows_given += mem_drop_pages((char *)from->rows + rows_given,
					     (i + c) * sizeof(*from->rows) - rows_given);
		values_given += mem_drop_pages(from->values + values_given, (i + c) * k - values_given);
	}
}

/* Merge wave w's part into run (see the comment at the top). */
static int merge_part(struct run *run, struct part *p, size_t w, struct strbuf *err)
{
	uint16_t *mrank, *urank;
	int moved;
	int rc = merge_places(run, p, &mrank, &urank, &moved, err);
	if (rc == TILLID_OK) {
		merge_report(run->r, &p->r);
		for (size_t i = 0; i < run->s->n_items; i++)
			if (!run->sx_text[i] && p->run.sx_text[i]) {
				run->sx_text[i] = p->run.sx_text[i];
				p->run.sx_text[i] = NULL;
			}
		if (w == 0) {
			key_index_release(&run->first_keys);
			run->first_keys = p->run.first_keys;
			key_index_init(&p->run.first_keys);
		}
		if (p->run.d != run->d)
			append_rows(run->d, &p->d, mrank, urank, moved);
		else if (moved) /* the first wave's places are the run's first: never so */
			for (size_t r = 0; r < run->d->n_rows; r++)
				if (run->d->rows[r].wave == w)
					renumber(&run->d->rows[r], mrank, urank);
	}
	free(mrank);
	free(urank);
	return rc;
}

int ingest_read_waves_parallel(struct run *run, size_t threads, struct strbuf *err)
{
	size_t n = run->s->n_waves;
	(void)ingest_too_large_fix(run); /* made once, before the waves share it */
	struct pool pool = { NULL, n, 0, n, PTHREAD_MUTEX_INITIALIZER };
	pthread_mutex_t progress_lock = PTHREAD_MUTEX_INITIALIZER;
	pool.parts = xcalloc(n ? n : 1, sizeof(*pool.parts));
	for (size_t w = 0; w < n; w++)
		part_init(&pool.parts[w], run, w, &progress_lock);

	size_t extra = (threads < n ? threads : n) - 1;
	pthread_t *tid = xcalloc(extra ? extra : 1, sizeof(*tid));
	size_t started = 0;
	while (started < extra && pthread_create(&tid[started], NULL, read_waves, &pool) == 0)
		started++; /* a thread that cannot start leaves its waves to the others */
	read_waves(&pool);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);

	int rc = TILLID_OK;
	for (size_t w = 0; w < n && rc == TILLID_OK; w++) {
		struct part *p = &pool.parts[w];
		rc = merge_part(run, p, w, err);
		if (rc == TILLID_OK && p->rc != TILLID_OK) {
			sb_add(err, p->err.buf, p->err.len);
			rc = p->rc;
		}
	}
	for (size_t w = 0; w < n; w++)
		part_release(&pool.parts[w]);
	free(pool.parts);
	pthread_mutex_destroy(&pool.lock);
	pthread_mutex_destroy(&progress_lock);
	return rc;
}
