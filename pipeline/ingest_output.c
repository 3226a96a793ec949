/* ingest_output.c: the outputs (clean.csv only when asked) staged under temporary names and renamed into place only when all were written. */
#include "ingest.h"
#include "core/temps.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
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

/* Can path (NULL: not used) be opened for reading? Else one line in err. */
static int input_opens(const char *path, struct strbuf *err)
{
	if (!path)
		return TILLID_OK;
	FILE *fp = fopen(path, "rb");
	if (fp) {
		fclose(fp);
		return TILLID_OK;
	}
	sb_addf(err, "cannot open '%s': %s\n", path, strerror(errno));
	return TILLID_ESYS;
}

int ingest_check_inputs(const struct study *s, struct strbuf *err)
{
	int rc = 0;
	for (size_t w = 0; w < s->n_waves; w++) {
		const struct study_wave *sw = &s->waves[w];
		rc |= input_opens(sw->file, err);
		rc |= input_opens(sw->dataset, err);
		rc |= input_opens(sw->labels, err);
		rc |= input_opens(sw->structure, err);
	}
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

typedef void report_writer(const struct ingest_report *r, const struct tds *d, FILE *fp);

static int stage_report(const struct staged *st, report_writer *fn, const struct ingest_report *r,
			const struct tds *d, struct strbuf *err)
{
	FILE *fp = fopen(st->tmp, "wb");
	if (!fp) {
		sb_addf(err, "cannot write '%s': %s", st->final, strerror(errno));
		return TILLID_ESYS;
	}
	fn(r, d, fp);
	int bad = fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0;
	int saved = errno;
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

/* The data files (clean.tds, and clean.csv when asked), written while the
 * caller goes on with the report. */
struct data_job {
	const struct tds *d;
	const struct staged *st; /* the outputs, in output_names' order */
	enum csv_dialect csv;
	int rc;
	struct strbuf err;
};

static void *write_data(void *arg)
{
	struct data_job *j = arg;
	j->rc = tds_write(j->d, j->st[0].tmp, &j->err);
	if (j->rc == TILLID_OK && j->st[1].tmp)
		j->rc = tds_write_csv_dialect(j->d, j->st[1].tmp, j->csv, &j->err);
	return NULL;
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
	/* the four outputs come from one run: a signal waits until all are in place */
	temps_defer_begin();
	for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
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
	out_hold_release(&hold);
	return rc;
}
