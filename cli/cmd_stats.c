/* cmd_stats.c: tillid stats: read the clean dataset, compute every statistic, write results.csv. */
#include "stats/analysis.h"
#include "stats/audit.h"
#include "cmds.h"
#include "core/dataset.h"
#include "core/defaults.h"
#include "core/parse_options.h"
#include "core/progress.h"
#include "core/results_schema.h"
#include "stats/results.h"
#include "pipeline/study.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const stats_usage[] = {
	"usage: tillid stats [options] STUDY.ini",
	"   or: tillid stats [options] --data CLEAN.tds [--out RESULTS.csv]",
	"",
	"Reads the clean dataset that 'tillid ingest STUDY.ini' wrote (clean.tds in",
	"the study's output directory) and writes every number of the evaluation to",
	"results.csv beside it (docs/results-format.md; the statistics are described",
	"in docs/statistics.md). A failed run leaves the previous results in place.",
	"",
	"options:",
	NULL
};

/* A number macro as a string literal, for the defaults in the help text. */

/* The values of --adjust; the index is stats_options.bh. */
static const char *const adjust_names[] = { "holm", "bh", NULL };

int cli_study_output_file(const char *cmd, const char *study_path, const char *name, char **path)
{
	struct study st;
	struct strbuf err = STRBUF_INIT;
	int rc = study_load(&st, study_path, &err);
	if (rc != TILLID_OK) {
		print_prefixed(stderr, cmd, err.buf);
		sb_release(&err);
		return rc;
	}
	char *dir = study_output_dir(&st);
	*path = path_join(dir, name);
	rc = cli_output_folder_check(dir, 0, study_path, &err);
	if (rc != TILLID_OK) {
		print_prefixed(stderr, cmd, err.buf);
		free(*path);
		*path = NULL;
	}
	free(dir);
	study_release(&st);
	sb_release(&err);
	return rc;
}

/* The stats log's line on suppression: what the family rule hid, and
 * what was hidden after the audit's rounds. */
static void print_suppression(const struct stats_suppression *ss)
{
	const struct sup_summary *f = &ss->family, *a = &ss->audited;
#define LLU(x) ((unsigned long long)(x))
	fprintf(stderr,
		"stats: suppression: %llu cells hidden (%llu primary, %llu complementary) holding %llu answers, "
		"pairs and respondents (%llu, %llu); among them %llu cells of respondents per wave holding %llu "
		"respondents (%llu, %llu); after %u audit round%s; the family rule alone hid %llu cells (%llu, %llu) "
		"holding %llu\n",
		LLU(a->cells[0] + a->cells[1]), LLU(a->cells[0]), LLU(a->cells[1]), LLU(a->answers[0] + a->answers[1]),
		LLU(a->answers[0]), LLU(a->answers[1]), LLU(a->resp_cells[0] + a->resp_cells[1]),
		LLU(a->respondents[0] + a->respondents[1]), LLU(a->respondents[0]), LLU(a->respondents[1]),
		ss->rounds, ss->rounds == 1 ? "" : "s", LLU(f->cells[0] + f->cells[1]), LLU(f->cells[0]), LLU(f->cells[1]),
		LLU(f->answers[0] + f->answers[1]));
#undef LLU
}

/* Audit every row about to be published (stats/audit.h), reusing the
 * parts the suppression's last round solved; a breach publishes nothing. */
static int audit_before_publishing(const struct results *res, const struct stats_suppression *ss,
				   struct audit_cache *cache, struct strbuf *err)
{
	print_suppression(ss);
	struct audit a;
	audit_init(&a);
	a.cache = cache;
	int rc = audit_run(&a, res, 0, err);
	if (rc == TILLID_OK && !audit_passed(&a)) {
		audit_describe_failure(&a, res, err);
		rc = TILLID_EDATA;
	}
	if (rc == TILLID_OK)
		audit_print(&a, res, 0, stderr);
	audit_release(&a);
	return rc;
}

/* Before any work: may path take the results? A folder may not, nor an
 * existing file that is not a results file (an export, the study file, the
 * dataset): --out replaces what it names. */
static int check_out_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return TILLID_OK;  /* a new file; a bad folder fails when written */
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "stats: --out '%s' is a folder; --out names the results file ('%s/results.csv')\n",
			path, path);
		return TILLID_ESYS;
	}
	static const char head[] = RES_HEADER_LINE "\n";
	char buf[sizeof(head)] = "";
	FILE *fp = fopen(path, "rb");
	size_t got = fp ? fread(buf, 1, sizeof(head) - 1, fp) : 0;
	if (fp)
		fclose(fp);
	if (st.st_size == 0 || (got == sizeof(head) - 1 && !memcmp(buf, head, got)))
		return TILLID_OK;
	fprintf(stderr, "stats: --out '%s' is not a results file of tillid and would be replaced; "
			"give a new path or an earlier results.csv\n", path);
	return TILLID_ESYS;
}

/* Every statistic of d into res, audited before it may be published. */
static int compute(const struct tds *d, struct stats_options *so, struct results *res, struct strbuf *err)
{
	struct stats_suppression ss;
	so->suppression = &ss;
	results_add_dataset(res, d->sha256, TDS_VERSION);
	struct progress progress;
	progress_init(&progress, stderr);
	so->progress = &progress;
	struct audit_cache cache;
	audit_cache_init(&cache);
	so->audit_cache = &cache;
	int rc = analysis_run(d, so, res, err);
	progress_done(&progress);
	if (rc == TILLID_OK)
		rc = audit_before_publishing(res, &ss, &cache, err);
	audit_cache_release(&cache);
	so->suppression = NULL;
	so->progress = NULL;
	so->audit_cache = NULL;
	return rc;
}

/* Write res to outpath, holding its folder and removing what an
 * interrupted run left there. */
static int publish(const struct results *res, const char *outpath, struct strbuf *err)
{
	char *outdir = path_dirname(outpath);
	struct out_hold hold;
	out_hold_init(&hold);
	int busy;
	size_t stale = out_hold_take(&hold, outdir, temp_base_is, (void *)path_basename(outpath), &busy);
	if (stale)
		fprintf(stderr, "stats: note: removed %zu temporary file%s left in '%s' by an interrupted run\n",
			stale, stale == 1 ? "" : "s", outdir);
	free(outdir);
	int rc = results_write(res, outpath, err);
	out_hold_release(&hold);
	return rc;
}

/* Warn of a study file changed since ingest (cli_study_drift); a minimum
 * group size it raises counts at once, as --min-group-size would. */
static void study_now(const char *study_path, const struct tds_meta *m, struct stats_options *so)
{
	int now = cli_study_drift("stats", study_path, NULL, m);
	if (now > m->min_group_size && now > so->min_group_size) {
		so->min_group_size = now;
		fprintf(stderr, "stats: note: the minimum group size is %d, as '%s' says now\n", now, study_path);
	}
}

int cmd_stats(int argc, char **argv)
{
	struct stats_options so;
	stats_options_init(&so);
	const char *data = NULL, *out = NULL;
	uint64_t seed = so.seed, resamples = so.resamples, paired_lead = (uint64_t)so.paired_lead;
	uint64_t threads = so.threads;
	/* UINT64_MAX: not given, keep the dataset's minimum group size. */
	uint64_t min_group = UINT64_MAX;
	int adjust = so.bh;
	const struct option options[] = {
		OPT_NONEMPTY_STRING(0, "data", &data, "PATH", "read this clean dataset instead of the study's"),
		OPT_NONEMPTY_STRING(0, "out", &out, "PATH",
				    "the results file (default: results.csv beside the dataset); it replaces only a "
				    "results file"),
		OPT_UINT(0, "seed", &seed, "N", "bootstrap seed (default " STR(STATS_DEFAULT_SEED) ")", 0,
			 UINT64_MAX),
		OPT_UINT(0, "resamples", &resamples, "N",
			 "bootstrap resamples, at least 2 (default " STR(STATS_DEFAULT_RESAMPLES) ")", 2, 100000000),
		OPT_UINT(0, "threads", &threads, "N",
			 "threads for the bootstrap (default: the cores available); the results are the same", 1, 1024),
		OPT_CHOICE(0, "adjust", &adjust, "METHOD", "holm (default), or bh to add Benjamini-Hochberg p-values",
			   adjust_names),
		OPT_UINT(0, "paired-lead", &paired_lead, "N",
			 "the report leads with the paired change when n_pairs >= max(min_group_size, N) "
			 "(default " STR(TILLID_PAIRED_LEAD_MIN) ")",
			 0, 1000000),
		OPT_UINT(0, "min-group-size", &min_group, "N",
			 "raise the minimum group size above the dataset's (it cannot be lowered)", 0, 1000000),
		OPT_HELP(),
		OPT_END(),
	};
	struct option_args args;

	int prc = parse_command(argc, argv, "stats", stats_usage, options, (struct command_args){ 0, 1, "study file" },
				&args);
	if (prc >= 0)
		return prc;
	const char *positional = args.argc ? args.argv[0] : NULL;
	so.seed = seed;
	so.resamples = (size_t)resamples;
	so.threads = (size_t)threads;
	so.bh = adjust;
	so.paired_lead = (int)paired_lead;
	if (min_group != UINT64_MAX)
		so.min_group_size = (int)min_group;

	if (positional && data) {
		fprintf(stderr, "stats: give a study file or --data, not both\n");
		return TILLID_ESYS;
	}
	if (!positional && !data) {
		usage_with_options(stderr, stats_usage, options);
		return TILLID_ESYS;
	}
	char *study_data = NULL;
	if (positional) {
		int src = cli_study_output_file("stats", positional, "clean.tds", &study_data);
		if (src != TILLID_OK)
			return src;
		data = study_data;
	}

	if (out && check_out_path(out) != TILLID_OK) {
		free(study_data);
		return TILLID_ESYS;
	}
	char *outpath;
	if (out) {
		outpath = xstrdup(out);
	} else {
		char *dir = path_dirname(data);
		outpath = path_join(dir, "results.csv");
		free(dir);
	}
	struct strbuf err = STRBUF_INIT;
	struct tds d;
	tds_init(&d);
	int rc = tds_read(&d, data, &err);
	if (rc != TILLID_OK) {
		print_prefixed(stderr, "stats", err.buf);
		if (positional) {
			char *fix = cli_ingest_advice(positional, NULL);
			fprintf(stderr, "stats: run '%s' first\n", fix);
			free(fix);
		}
		sb_release(&err);
		free(outpath);
		free(study_data);
		return rc;
	}
	/* a folder that refuses the results refuses them before the work */
	if ((rc = out_can_create(outpath, &err)) != TILLID_OK) {
		print_prefixed(stderr, "stats", err.buf);
		sb_release(&err);
		tds_release(&d);
		free(outpath);
		free(study_data);
		return rc;
	}

	if (min_group != UINT64_MAX && so.min_group_size < d.meta.min_group_size)
		fprintf(stderr, "stats: note: --min-group-size %d is below the dataset's minimum group size %d, "
				"which holds: the option can only raise it (a lower one needs min_group_size in the "
				"study file and a new 'tillid ingest')\n",
			so.min_group_size, d.meta.min_group_size);
	if (positional)
		study_now(positional, &d.meta, &so);
	struct results res;
	results_init(&res);
	rc = compute(&d, &so, &res, &err);
	if (rc == TILLID_OK)
		rc = publish(&res, outpath, &err);
	if (rc != TILLID_OK)
		print_prefixed(stderr, "stats", err.buf);
	free(outpath);
	free(study_data);
	results_release(&res);
	tds_release(&d);
	sb_release(&err);
	return rc;
}
