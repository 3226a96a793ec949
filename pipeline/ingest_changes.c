/* ingest_changes.c: what changed since the last good run: the input files of the clean.tds in the output directory compared with this run's, by SHA-256. */
#include "ingest_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* The source of m whose study path is path, or NULL. */
static const struct tds_source *find_source(const struct tds_meta *m, const char *path)
{
	for (size_t i = 0; i < m->n_sources; i++)
		if (!strcmp(m->sources[i].path, path))
			return &m->sources[i];
	return NULL;
}

/* labels.csv and structure.csv have no rows to count. */
static int has_rows(const struct tds_source *s)
{
	return strcmp(s->role, "labels") && strcmp(s->role, "structure");
}

/* The lines for the files of now against those of before. */
static void compare(struct ingest_report *r, const struct tds_meta *before, const struct tds_meta *now)
{
	size_t same = 0, changed = 0;
	for (size_t i = 0; i < now->n_sources; i++) {
		const struct tds_source *n = &now->sources[i];
		const struct tds_source *b = find_source(before, n->path);
		if (!b) {
			sl_push_owned(&r->changes, has_rows(n)
				? xasprintf("added '%s': %llu rows read, %llu kept", n->path,
					    (unsigned long long)n->rows_read, (unsigned long long)n->rows_kept)
				: xasprintf("added '%s'", n->path));
			changed++;
		} else if (strcmp(b->sha256, n->sha256)) {
			sl_push_owned(&r->changes, has_rows(n)
				? xasprintf("changed '%s' (sha256 %.12s... -> %.12s...): rows read %llu -> %llu, "
					    "kept %llu -> %llu", n->path, b->sha256, n->sha256,
					    (unsigned long long)b->rows_read, (unsigned long long)n->rows_read,
					    (unsigned long long)b->rows_kept, (unsigned long long)n->rows_kept)
				: xasprintf("changed '%s' (sha256 %.12s... -> %.12s...)", n->path, b->sha256,
					    n->sha256));
			changed++;
		} else {
			same++;
		}
	}
	for (size_t i = 0; i < before->n_sources; i++) {
		const struct tds_source *b = &before->sources[i];
		if (find_source(now, b->path))
			continue;
		sl_push_owned(&r->changes, has_rows(b)
			? xasprintf("removed '%s': it had %llu rows read, %llu kept", b->path,
				    (unsigned long long)b->rows_read, (unsigned long long)b->rows_kept)
			: xasprintf("removed '%s'", b->path));
		changed++;
	}
	if (strcmp(before->study_sha256 ? before->study_sha256 : "",
		   now->study_sha256 ? now->study_sha256 : ""))
		sl_push(&r->changes, "the study file changed");
	if (!changed)
		sl_push_owned(&r->changes, xasprintf("no input file changed (%zu file%s, same sha256)",
						     same, same == 1 ? "" : "s"));
	else if (same)
		sl_push_owned(&r->changes, xasprintf("%zu other file%s unchanged", same,
						     same == 1 ? "" : "s"));
}

/* The earlier clean.tds read: its metadata, or why there is none. */
static void *read_before(void *arg)
{
	struct ingest_before *b = arg;
	struct stat st;
	if (stat(b->path, &st) != 0 && errno == ENOENT)
		b->state = BEFORE_NONE;
	else
		b->state = tds_read_meta(&b->tds, b->path, &b->err) == TILLID_OK ? BEFORE_READ : BEFORE_BAD;
	return NULL;
}

void ingest_changes_begin(struct ingest_before *b, const char *dir, int threaded)
{
	memset(b, 0, sizeof(*b));
	b->dir = dir;
	b->path = path_join(dir, "clean.tds");
	tds_init(&b->tds);
	sb_init(&b->err);
	b->threaded = threaded && pthread_create(&b->tid, NULL, read_before, b) == 0;
	if (!b->threaded)
		read_before(b);
}

void ingest_changes_end(struct ingest_before *b, struct ingest_report *r, const struct tds *d)
{
	if (b->threaded)
		pthread_join(b->tid, NULL);
	b->threaded = 0;
	if (r && b->state == BEFORE_NONE)
		sl_push_owned(&r->changes, xasprintf("first run: '%s' holds no clean.tds from an earlier "
						     "run", b->dir));
	else if (r && b->state == BEFORE_BAD)
		sl_push_owned(&r->changes, xasprintf("not compared: the earlier clean.tds cannot be "
						     "read (%s)", b->err.buf));
	else if (r)
		compare(r, &b->tds.meta, &d->meta);
	sb_release(&b->err);
	tds_release(&b->tds);
	free(b->path);
	b->path = NULL;
}
