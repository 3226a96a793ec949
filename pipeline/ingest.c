/* ingest.c: the ingest stage's driver: one run over every wave of a study, and the whole stage from study file to outputs. */
#include "ingest_internal.h"
#include "core/digest.h"
#include "core/suggest.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Map the group value v to group g, unless another group has it first. */
static void index_group_value(struct hashmap *m, const char *v, size_t g)
{
	int added;
	size_t e = hashmap_add_str(m, v, &added);
	if (added)
		m->entry[e].value = g;
}

/* Everything a run needs before the first wave: answer maps, group
 * values (as written and as canonical codes), the study's municipalities,
 * the metadata from the study. */
static void run_init(struct run *run, const struct study *s, const uint8_t *secret,
		     size_t secret_len, struct tds *d, struct ingest_report *r)
{
	memset(run, 0, sizeof(*run));
	run->s = s;
	if (secret) {
		hmac_sha256_init(&run->key_hmac, secret, secret_len);
		run->keyed = 1;
		run->secret = secret;
		run->secret_len = secret_len;
	}
	run->d = d;
	run->r = r;
	run->room_for_later = 1;
	run->maps = xcalloc(s->n_answers ? s->n_answers : 1, sizeof(*run->maps));
	for (size_t i = 0; i < s->n_answers; i++)
		answer_map_init(&run->maps[i], &s->answers[i]);
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t j = 0; j < s->groups[g].values.n; j++) {
			const char *v = s->groups[g].values.v[j];
			index_group_value(&run->group_values, v, g);
			long code;
			if (ingest_parse_code(v, &code)) {
				char buf[32];
				snprintf(buf, sizeof(buf), "%ld", code);
				index_group_value(&run->group_values, buf, g);
			}
		}
	for (size_t i = 0; i < s->municipalities.n; i++)
		hashmap_add_str(&run->muni_listed, s->municipalities.v[i], NULL);
	run->sx_text = xcalloc(s->n_items ? s->n_items : 1, sizeof(char *));
	run->key_watch = xcalloc(s->n_waves ? s->n_waves : 1, sizeof(*run->key_watch));
	run->unlabelled = xcalloc(s->n_waves * s->n_items + 1, 1);
}

void ingest_run_release_own(struct run *run)
{
	const struct study *s = run->s;
	if (run->keyed)
		hmac_sha256_release(&run->key_hmac);
	for (size_t i = 0; i < s->n_answers; i++)
		answer_map_release(&run->maps[i]);
	free(run->maps);
	hashmap_release(&run->munis);
	hashmap_release(&run->units);
	free(run->unit_line);
	key_index_release(&run->first_keys);
	for (size_t i = 0; i < s->n_items; i++)
		free(run->sx_text[i]);
	free(run->sx_text);
}

static void run_release(struct run *run)
{
	ingest_run_release_own(run);
	hashmap_release(&run->group_values);
	hashmap_release(&run->muni_listed);
	free(run->key_watch);
	free(run->unlabelled);
	free(run->too_large_fix);
}

const char *ingest_too_large_fix(struct run *run)
{
	if (!run->too_large_fix)
		run->too_large_fix = xasprintf("the study reads exports of at most max_file_mb = %llu (MiB, "
					       "in [study]); raise it when the export really is this large, "
					       "or check that the path names the export",
					       (unsigned long long)run->s->max_file_mb);
	return run->too_large_fix;
}

size_t ingest_threads(size_t threads)
{
	if (threads)
		return threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return cores > 0 ? (size_t)cores : 1;
}

int ingest_read(const struct study *s, const uint8_t *secret, size_t secret_len, size_t threads,
		struct tds *d, struct ingest_report *r, struct strbuf *err)
{
	if (s->n_waves > 255) {
		sb_addf(err, "'%s': %zu waves; the clean dataset holds at most 255", s->path, s->n_waves);
		return TILLID_ESYS;
	}
	char study_sha[65] = "";
	uint64_t study_bytes;
	if (sha256_file(s->path, study_sha, &study_bytes, err) != TILLID_OK)
		return TILLID_ESYS;
	str_replace_owned(&r->study_name, s->name);
	str_replace_owned(&r->study_file, s->path);
	str_replace_owned(&r->study_sha256, study_sha);
	ingest_report_set_skips(r, s);

	struct run run;
	run_init(&run, s, secret, secret_len, d, r);
	ingest_fill_meta(&run, study_sha);
	int rc = TILLID_OK;
	threads = ingest_threads(threads);
	if (threads > 1 && s->n_waves > 1)
		rc = ingest_read_waves_parallel(&run, threads, err);
	else
		for (size_t w = 0; w < s->n_waves && rc == TILLID_OK; w++)
			rc = ingest_read_wave(&run, w, err);
	if (rc == TILLID_OK) {
		ingest_same_exports(&run);
		ingest_finish_meta(&run);
		if (r->first_keys)
			key_index_release(r->first_keys);
		else
			r->first_keys = xmalloc(sizeof(*r->first_keys));
		*r->first_keys = run.first_keys;
		key_index_init(&run.first_keys);
	}
	run_release(&run);
	return rc;
}

uint64_t ingest_blocking_problems(const struct ingest_report *r)
{
	uint64_t n = 0;
	for (int k = 0; k < INGEST_N_KINDS; k++)
		if (!r->skipped[k])
			n += ingest_report_total(r, k);
	return n;
}

static int study_has_key(const struct study *s)
{
	for (size_t w = 0; w < s->n_waves; w++)
		if (study_column(s, w, "key"))
			return 1;
	return 0;
}

/* The message for a key file that is missing while dir holds an earlier
 * run's clean.tds: a new secret would change every pseudonym, so name the
 * nearest file in the key file's folder (a typo in key_file, or a study
 * file renamed, whose default key file is named after it). */
static void key_missing(const struct study *s, const char *earlier, struct strbuf *err)
{
	char *kdir = path_dirname(s->key_file);
	const char *want = path_basename(s->key_file);
	struct suggest sg;
	suggest_init(&sg, want, strlen(want), suggest_limit(strlen(want)));
	struct strlist names = STRLIST_INIT;
	DIR *dp = opendir(kdir);
	struct dirent *e;
	while (dp && (e = readdir(dp)))
		if (e->d_name[0] != '.')
			sl_push(&names, e->d_name);
	if (dp)
		closedir(dp);
	for (size_t i = 0; i < names.n; i++)
		suggest_consider(&sg, names.v[i]);
	sb_addf(err, "the key file '%s' does not exist, yet an earlier run wrote '%s': a new secret would "
		     "give every respondent another pseudonym than that run gave; fix key_file in '%s'",
		s->key_file, earlier, s->path);
	if (sg.best) {
		char *near = path_join(kdir, sg.best);
		sb_addf(err, " (did you mean '%s'?)", near);
		free(near);
	}
	sb_addf(err, ", or remove '%s' to start afresh with a new secret", earlier);
	sl_release(&names);
	free(kdir);
}

/* The secret of the study's key file, when the study pairs waves (*secret
 * stays NULL when it does not). A missing key file gets a new secret that
 * is only kept in memory here (*pending = 1): save_key writes it when the
 * run has succeeded, so a failed run creates no key file. A missing key
 * file while the output folder dir holds an earlier clean.tds is refused
 * (TILLID_ESYS): its pseudonyms came from another secret. */
static int load_key(const struct study *s, const char *dir, struct ingest_report *r, uint8_t **secret,
		    size_t *secret_len, int *pending, struct strbuf *err)
{
	int created = 0;
	*pending = 0;
	if (!study_has_key(s))
		return TILLID_OK;
	struct stat st;
	int rc;
	if (stat(s->key_file, &st) != 0 && errno == ENOENT) {
		char *earlier = path_join(dir, "clean.tds");
		if (stat(earlier, &st) == 0) {
			key_missing(s, earlier, err);
			free(earlier);
			return TILLID_ESYS;
		}
		free(earlier);
		char *kdir = path_dirname(s->key_file);
		if (access(kdir, W_OK) != 0) {
			sb_addf(err, "cannot create key file '%s': %s", s->key_file, strerror(errno));
			free(kdir);
			return TILLID_ESYS;
		}
		free(kdir);
		rc = pii_new_secret(secret, secret_len, err);
		*pending = rc == TILLID_OK;
	} else {
		rc = pii_load_secret(s->key_file, secret, secret_len, &created, err);
	}
	if (rc != TILLID_OK)
		return rc;
	r->key_file = xstrdup(s->key_file);
	r->key_created = *pending;
	return TILLID_OK;
}

/* Write the new secret of load_key to the study's key file, right before
 * the outputs (which need it to be read again: every later run must use
 * the same secret). */
static int save_key(const struct study *s, const uint8_t *secret, size_t len, struct strbuf *err)
{
	int created;
	if (pii_save_secret(s->key_file, secret, len, &created, err) != TILLID_OK)
		return TILLID_ESYS;
	if (!created) {
		sb_addf(err, "the key file '%s' appeared while this run pseudonymised the keys with "
			     "another secret (a second run at the same time?); run ingest again",
			s->key_file);
		return TILLID_ESYS;
	}
	return TILLID_OK;
}

/* Print the problems and warnings of r; returns TILLID_EDATA when a
 * problem blocks the outputs. */
static int report_problems(const struct study *s, struct ingest_report *r, const struct ingest_options *opt,
			   const char *dir, FILE *log)
{
	r->output_dir = xstrdup(dir);
	ingest_print_problems(r, opt, log);
	ingest_print_warnings(r, log);
	if (!opt->quiet)
		for (size_t i = 0; i < r->notes.n; i++)
			fprintf(log, "ingest: note: %s\n", r->notes.v[i]);
	uint64_t blocking = ingest_blocking_problems(r);
	if (blocking) {
		ingest_print_stopped(s, r, blocking, log);
		return TILLID_EDATA;
	}
	return TILLID_OK;
}

/* What the report adds to the counts of ingest_read, worked out while the
 * data files are written: the waves' rows and pairs, the pairing
 * warnings (printed on log) and what changed since the last good run. */
struct summary {
	const struct study *s;
	const struct tds *d;
	struct ingest_report *r;
	struct ingest_before *before;
	FILE *log;
};

static void summarise(void *ctx)
{
	struct summary *x = ctx;
	ingest_report_summarise(x->r, x->d);
	ingest_pairing_warnings(x->r, x->s);
	ingest_changes_end(x->before, x->r, x->d);
	for (size_t i = 0; i < x->r->pairing.n; i++)
		fprintf(x->log, "ingest: warning: %s\n", x->r->pairing.v[i]);
}

/* Read the study's waves, report what was found, and write the outputs
 * (and a new key file) when nothing blocks. */
static int run_stage(const struct study *s, const struct ingest_options *opt, const char *dir,
		     FILE *log, FILE *out, struct strbuf *err)
{
	uint8_t *secret = NULL;
	size_t secret_len = 0;
	int new_key = 0;
	struct tds d;
	tds_init(&d);
	struct ingest_report r;
	ingest_report_init(&r);
	int rc = ingest_check_inputs(s, err);
	if (rc == TILLID_OK)
		rc = ingest_check_outputs(s, dir, err);
	if (rc == TILLID_OK)
		rc = load_key(s, dir, &r, &secret, &secret_len, &new_key, err);
	int threaded = ingest_threads(opt->threads) > 1;
	struct ingest_before before;
	int comparing = rc == TILLID_OK;
	if (comparing)
		ingest_changes_begin(&before, dir, threaded);
	struct progress progress;
	progress_init(&progress, log);
	r.progress = &progress;
	if (rc == TILLID_OK)
		rc = ingest_read(s, secret, secret_len, opt->threads, &d, &r, err);
	progress_done(&progress);
	r.progress = NULL;
	if (rc == TILLID_OK)
		rc = report_problems(s, &r, opt, dir, log);
	if (rc == TILLID_OK && new_key)
		rc = save_key(s, secret, secret_len, err);
	if (rc == TILLID_OK) {
		r.status = TILLID_OK;
		struct summary sum = { s, &d, &r, &before, log };
		rc = ingest_write_outputs_meanwhile(&d, &r, dir, opt->csv, opt->csv_dialect, summarise, &sum,
						    threaded, err);
		comparing = 0; /* ended by summarise */
		if (rc != TILLID_OK && new_key)
			unlink(s->key_file); /* created by this run, which failed */
		if (rc == TILLID_OK && new_key)
			fprintf(log, "ingest: created the key file '%s' with a new random secret (mode 0600); "
				     "keep it with the exports and out of reports: the same secret gives the "
				     "same pseudonyms in later runs\n",
				s->key_file);
		if (rc == TILLID_OK && !opt->quiet)
			ingest_print_summary(&r, &d, dir, opt->csv, out);
	}
	if (comparing)
		ingest_changes_end(&before, NULL, NULL);
	if (secret) {
		memset(secret, 0, secret_len);
		free(secret);
	}
	ingest_report_release(&r);
	tds_release(&d);
	return rc;
}

int ingest_study(const char *study_path, const struct ingest_options *opt)
{
	FILE *log = opt->log ? opt->log : stderr;
	FILE *out = opt->out ? opt->out : stdout;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	struct study s;
	study_init(&s);
	int rc = study_load(&s, study_path, &err);
	if (rc == TILLID_OK) {
		char *dir = opt->out_dir ? xstrdup(opt->out_dir) : study_output_dir(&s);
		struct out_hold hold;
		out_hold_init(&hold);
		size_t stale = ingest_remove_stale_temps(&hold, dir);
		if (stale && !opt->quiet)
			fprintf(log, "ingest: note: removed %zu temporary output%s left in '%s' by an "
				     "interrupted run\n", stale, stale == 1 ? "" : "s", dir);
		rc = run_stage(&s, opt, dir, log, out, &err);
		out_hold_release(&hold);
		free(dir);
	}
	if (rc != TILLID_OK && err.len)
		print_prefixed(log, "ingest", err.buf);
	study_release(&s);
	sb_release(&err);
	return rc;
}
