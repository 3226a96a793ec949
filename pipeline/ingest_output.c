/* ingest_output.c: the outputs (clean.csv only when asked) staged under temporary names and renamed into place only when all were written. */
/* realpath(3) */
#define _DEFAULT_SOURCE
#include "ingest.h"
#include "core/suggest.h"
#include "core/temps.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The outputs, in the order they are written. */
static const char *const output_names[] = { "clean.tds", "clean.csv", "ingest.txt", "ingest.json" };

static int is_output_name(const char *name, size_t len, void *ctx)
{
	(void)ctx;
	for (size_t i = 0; i < ARRAY_SIZE(output_names); i++)
		if (strlen(output_names[i]) == len && !strncmp(name, output_names[i], len))
			return 1;
	return 0;
}

size_t ingest_remove_stale_temps(struct out_hold *hold, const char *dir)
{
	int busy;
	return out_hold_take(hold, dir, is_output_name, NULL, &busy);
}

/* Is the input at path (what it is; of wave w, or NULL) one of the
 * outputs in dir? Then say so in err and return TILLID_ESYS. */
static int input_not_output(const char *dir, const char *path, const char *what, const char *wave,
			    struct strbuf *err)
{
	struct stat in;
	if (!path || stat(path, &in) != 0)
		return TILLID_OK;
	for (size_t i = 0; i < ARRAY_SIZE(output_names); i++) {
		char *out = path_join(dir, output_names[i]);
		struct stat st;
		int same = stat(out, &st) == 0 && st.st_dev == in.st_dev && st.st_ino == in.st_ino;
		if (same) {
			sb_addf(err, "the output '%s' is %s", out, what);
			if (wave)
				sb_addf(err, " of wave %s", wave);
			sb_addf(err, " ('%s'), which ingest would overwrite; write the outputs to another "
				     "directory (--out DIR, or output = DIR in [study]) or rename the input\n",
				path);
		}
		free(out);
		if (same)
			return TILLID_ESYS;
	}
	return TILLID_OK;
}

/* When the study file is a symbolic link and value (a path as the study
 * file writes it) names a file beside the file the link points to, the
 * fix for a path read from the link's folder: give the study file where
 * it lies. Returns 1 after adding it to err, else 0. */
static int through_link(const struct study *s, const char *value, struct strbuf *err)
{
	struct stat st;
	if (lstat(s->path, &st) != 0 || !S_ISLNK(st.st_mode))
		return 0;
	char *target = realpath(s->path, NULL);
	if (!target)
		return 0;
	char *tdir = path_dirname(target);
	char *there = path_join(tdir, value);
	int found = access(there, R_OK) == 0;
	if (found)
		sb_addf(err, "; '%s' is a link to '%s', beside which the file is: paths are read from the "
			     "folder of the study file as named, so give '%s' instead\n", s->path, target, target);
	free(there);
	free(tdir);
	free(target);
	return found;
}

/* Can the export that key k of wave sw names (file, dataset, labels,
 * structure; NULL: not used) be opened for reading? Else one line in err
 * at the key's study-file line, and for a file that is not there the
 * closest name in its folder. */
static int input_opens(const struct study *s, const struct study_wave *sw, int k, struct strbuf *err)
{
	static const char *const key[4] = { "file", "dataset", "labels", "structure" };
	const char *path = k == 0 ? sw->file : k == 1 ? sw->dataset : k == 2 ? sw->labels : sw->structure;
	if (!path)
		return TILLID_OK;
	FILE *fp = fopen(path, "rb");
	if (fp) {
		fclose(fp);
		return TILLID_OK;
	}
	int e = errno;
	const char *value = study_relative(s, path);
	sb_addf(err, "'%s':%d: [wave %s] %s '%s': ", s->path, sw->path_line[k], sw->id, key[k], value);
	char *dir = path_dirname(path);
	struct stat st;
	if (e != ENOENT) {
		sb_addf(err, "cannot open '%s': %s\n", path, strerror(e));
	} else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		sb_addf(err, "no such folder '%s'", dir);
		if (!through_link(s, value, err))
			sb_adds(err, "; write the path relative to the study file's folder\n");
	} else {
		sb_addf(err, "no such file in '%s'", dir);
		char *near = suggest_file(dir, path_basename(path));
		if (!near && through_link(s, value, err))
			;
		else if (near)
			sb_addf(err, "; did you mean '%.*s%s'?\n", (int)(path_basename(value) - value), value, near);
		else
			sb_adds(err, "; put the export there or write its name as the folder shows it\n");
		free(near);
	}
	free(dir);
	return TILLID_ESYS;
}

int ingest_check_inputs(const struct study *s, struct strbuf *err)
{
	int rc = 0;
	for (size_t w = 0; w < s->n_waves; w++)
		for (int k = 0; k < 4; k++)
			rc |= input_opens(s, &s->waves[w], k, err);
	return rc ? TILLID_ESYS : TILLID_OK;
}

int ingest_check_outputs(const struct study *s, const char *dir, struct strbuf *err)
{
	int rc = input_not_output(dir, s->path, "the study file", NULL, err);
	rc |= input_not_output(dir, s->key_file, "the key file", NULL, err);
	for (size_t w = 0; w < s->n_waves; w++) {
		const struct study_wave *sw = &s->waves[w];
		rc |= input_not_output(dir, sw->file, "the export", sw->id, err);
		rc |= input_not_output(dir, sw->dataset, "the dataset", sw->id, err);
		rc |= input_not_output(dir, sw->labels, "the labels", sw->id, err);
		rc |= input_not_output(dir, sw->structure, "the structure", sw->id, err);
	}
	/* a folder that refuses the outputs refuses them before the work (one
	 * still to be made is made, or refused, when they are written) */
	struct stat st;
	if (!rc && stat(dir, &st) == 0) {
		char *path = path_join(dir, output_names[0]);
		rc = out_can_create(path, err);
		free(path);
	}
	return rc ? TILLID_ESYS : TILLID_OK;
}

struct staged {
	const char *name;
	char *final;
	char *tmp;
};

static int stage_create(struct staged *st, const char *dir, struct strbuf *err)
{
	st->final = path_join(dir, st->name);
	st->tmp = xasprintf("%s.tmp-XXXXXX", st->final);
	int fd = mkstemp(st->tmp);
	if (fd < 0) {
		sb_add_cannot_create(err, st->final, errno);
		free(st->tmp);
		st->tmp = NULL;
		return TILLID_ESYS;
	}
	temps_own(st->tmp, TEMP_FILE, NULL);
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	close(fd);
	return TILLID_OK;
}

/* Write the staged file of st with put(ctx, fp) and flush it to disk. A
 * failure (a full disk, an I/O error) is named by the output the analyst
 * knows (st->final), never by the temporary file it is staged in, which
 * the caller removes. */
static int stage_write(const struct staged *st, void (*put)(const void *ctx, FILE *fp), const void *ctx,
		       struct strbuf *err)
{
	FILE *fp = fopen(st->tmp, "wb");
	if (!fp) {
		sb_addf(err, "cannot write '%s': %s", st->final, strerror(errno));
		return TILLID_ESYS;
	}
	errno = 0;
	put(ctx, fp);
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	int saved = errno ? errno : EIO;
	if (fclose(fp) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		sb_addf(err, "cannot write '%s': %s", st->final, strerror(saved));
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

typedef void report_writer(const struct ingest_report *r, const struct tds *d, FILE *fp);

/* One report (ingest.txt or ingest.json) for stage_write. */
struct report_job {
	report_writer *fn;
	const struct ingest_report *r;
	const struct tds *d;
};

static void put_report(const void *ctx, FILE *fp)
{
	const struct report_job *j = ctx;
	j->fn(j->r, j->d, fp);
}

static int stage_report(const struct staged *st, report_writer *fn, const struct ingest_report *r,
			const struct tds *d, struct strbuf *err)
{
	struct report_job j = { fn, r, d };
	return stage_write(st, put_report, &j, err);
}

/* The data files (clean.tds, and clean.csv when asked), written while the
 * caller goes on with the report. */
struct data_job {
	const struct tds *d;
	const struct staged *st; /* the outputs, in output_names' order */
	enum csv_dialect csv;
	int rc;
	struct strbuf err;
};

static void put_tds(const void *ctx, FILE *fp)
{
	const struct data_job *j = ctx;
	tds_write_fp(j->d, fp);
}

static void put_csv(const void *ctx, FILE *fp)
{
	const struct data_job *j = ctx;
	tds_write_csv_fp(j->d, j->csv, fp);
}

static void *write_data(void *arg)
{
	struct data_job *j = arg;
	j->rc = stage_write(&j->st[0], put_tds, j, &j->err);
	if (j->rc == TILLID_OK && j->st[1].tmp)
		j->rc = stage_write(&j->st[1], put_csv, j, &j->err);
	return NULL;
}

/*
 * The commit: another ingest into the same directory must not put its
 * files in place between ours, or the directory would hold clean.tds of
 * one run and ingest.txt of the other. The lock is an exclusive flock on
 * the file named clean.tds. This run locks its staged clean.tds first
 * (no one else knows that file yet), then the file at clean.tds, checks
 * that the name still leads to the file it locked, and renames its own in
 * place: a run waiting on the old file finds, once it gets it, that the
 * name leads elsewhere and waits on this run's file, which stays locked
 * until this run's last output is in place. A directory without clean.tds
 * gets this run's by link(2), which fails when another run got there
 * first. The directory itself is not locked exclusively: a report holds it
 * shared for as long as it draws. A file system without flock or hard
 * links commits unlocked.
 */
struct commit {
	int own;    /* the staged clean.tds, locked; -1: none */
	int old;    /* the clean.tds it replaces, locked; -1: none */
	int linked; /* the staged clean.tds is in place already (first run) */
};

static void commit_end(struct commit *c)
{
	if (c->old >= 0)
		close(c->old); /* closing drops the lock */
	if (c->own >= 0)
		close(c->own);
	c->old = c->own = -1;
}

/* Lock clean.tds of the directory for the commit of st (the staged
 * clean.tds), as the comment above says. Returns TILLID_OK, or
 * TILLID_ESYS with a message when the staged file cannot be opened. */
static int commit_begin(struct commit *c, const struct staged *st, struct strbuf *err)
{
	*c = (struct commit){ -1, -1, 0 };
	c->own = open(st->tmp, O_RDONLY | O_CLOEXEC);
	if (c->own < 0) {
		sb_addf(err, "cannot put '%s' in place: %s", st->final, strerror(errno));
		return TILLID_ESYS;
	}
	if (flock_retry(c->own, LOCK_EX) != 0)
		return TILLID_OK;
	for (;;) {
		int fd = open(st->final, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT || link(st->tmp, st->final) != 0) {
				if (errno == EEXIST)
					continue; /* another run's clean.tds came first */
				return TILLID_OK;
			}
			c->linked = 1;
			unlink(st->tmp);
			return TILLID_OK;
		}
		struct stat locked, named;
		if (flock_retry(fd, LOCK_EX) != 0 ||
		    (fstat(fd, &locked) == 0 && stat(st->final, &named) == 0 &&
		     locked.st_dev == named.st_dev && locked.st_ino == named.st_ino)) {
			c->old = fd;
			return TILLID_OK;
		}
		close(fd); /* replaced while this run waited: lock the new one */
	}
}

int ingest_write_outputs(const struct tds *d, const struct ingest_report *r, const char *dir, int with_csv,
			 enum csv_dialect csv, struct strbuf *err)
{
	return ingest_write_outputs_meanwhile(d, r, dir, with_csv, csv, NULL, NULL, 0, err);
}

int ingest_write_outputs_meanwhile(const struct tds *d, const struct ingest_report *r, const char *dir,
				   int with_csv, enum csv_dialect csv, void (*meanwhile)(void *ctx),
				   void *ctx, int threaded, struct strbuf *err)
{
	struct staged st[ARRAY_SIZE(output_names)];
	for (size_t i = 0; i < ARRAY_SIZE(st); i++)
		st[i] = (struct staged){ output_names[i], NULL, NULL };
	int rc = mkdir_p(dir, err);
	/* A directory made just now was held by no one: hold it while the
	 * temporary files are in it (a second hold of this run's is harmless). */
	struct out_hold hold;
	out_hold_init(&hold);
	int busy;
	if (rc == TILLID_OK)
		out_hold_take(&hold, dir, NULL, NULL, &busy);
	for (size_t i = 0; i < ARRAY_SIZE(st) && rc == TILLID_OK; i++)
		if (i != 1 || with_csv)
			rc = stage_create(&st[i], dir, err);
	struct data_job job = { d, st, csv, TILLID_OK, STRBUF_INIT };
	sb_init(&job.err);
	pthread_t tid;
	threaded = threaded && rc == TILLID_OK && pthread_create(&tid, NULL, write_data, &job) == 0;
	if (rc == TILLID_OK && !threaded)
		write_data(&job);
	if (meanwhile)
		meanwhile(ctx);
	if (threaded)
		pthread_join(tid, NULL);
	if (rc == TILLID_OK && job.rc != TILLID_OK) {
		sb_add(err, job.err.buf, job.err.len);
		rc = job.rc;
	}
	sb_release(&job.err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[2], ingest_report_write_text, r, d, err);
	if (rc == TILLID_OK)
		rc = stage_report(&st[3], ingest_report_write_json, r, d, err);
	/* The four outputs come from one run: a signal waits until all are
	 * in place (or until another run's are, while this one waits for
	 * the commit lock, which is held only while files are renamed). */
	temps_defer_begin();
	struct commit commit = { -1, -1, 0 };
	if (rc == TILLID_OK)
		rc = commit_begin(&commit, &st[0], err);
	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
		if (i == 0 && commit.linked) {
			temps_disown(st[i].tmp);
			free(st[i].final);
			free(st[i].tmp);
			continue;
		}
		if (rc == TILLID_OK && st[i].tmp && rename(st[i].tmp, st[i].final) != 0) {
			sb_addf(err, "cannot put '%s' in place: %s", st[i].final, strerror(errno));
			rc = TILLID_ESYS;
		}
		if (rc != TILLID_OK && st[i].tmp)
			unlink(st[i].tmp);
		if (st[i].tmp)
			temps_disown(st[i].tmp);
		free(st[i].final);
		free(st[i].tmp);
	}
	temps_defer_end();
	/* A clean.csv of an earlier run would no longer match clean.tds. */
	if (rc == TILLID_OK && !with_csv) {
		char *csv = path_join(dir, output_names[1]);
		if (unlink(csv) != 0 && errno != ENOENT) {
			sb_addf(err, "cannot remove the earlier '%s': %s", csv, strerror(errno));
			rc = TILLID_ESYS;
		}
		free(csv);
	}
	commit_end(&commit);
	out_hold_release(&hold);
	return rc;
}
