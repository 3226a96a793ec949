/* cmd_stats.c: tillid stats: read the clean dataset, compute every statistic, write results.csv. */
#include "analysis.h"
#include "cmds.h"
#include "dataset.h"
#include "results.h"
#include "study.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: tillid stats [options] STUDY.ini\n"
	"   or: tillid stats [options] --data CLEAN.tds [--out RESULTS.csv]\n"
	"\n"
	"Reads the clean dataset that 'tillid ingest STUDY.ini' wrote (clean.tds in\n"
	"the study's output directory) and writes every number of the evaluation to\n"
	"results.csv beside it (docs/results-format.md; the statistics are described\n"
	"in docs/statistics.md). A failed run leaves the previous results in place.\n"
	"\n"
	"options:\n";

enum opt_id {
	OPT_DATA,
	OPT_OUT,
	OPT_SEED,
	OPT_RESAMPLES,
	OPT_ADJUST,
	OPT_PAIRED_LEAD,
	OPT_MIN_GROUP,
	OPT_HELP
};

static const struct option {
	enum opt_id id;
	const char *name; /* long name without "--" */
	char shortname;
	const char *arg;  /* NULL: no argument */
	const char *help;
} options[] = {
	{ OPT_DATA, "data", 0, "PATH", "read this clean dataset instead of the study's" },
	{ OPT_OUT, "out", 0, "PATH", "the results file (default: results.csv beside the dataset)" },
	{ OPT_SEED, "seed", 0, "N", "bootstrap seed (default 20211001)" },
	{ OPT_RESAMPLES, "resamples", 0, "N", "bootstrap resamples, at least 2 (default 2000)" },
	{ OPT_ADJUST, "adjust", 0, "METHOD", "holm (default), or bh to add Benjamini-Hochberg p-values" },
	{ OPT_PAIRED_LEAD, "paired-lead", 0, "N",
	  "the report leads with the paired change when n_pairs >= max(min_group_size, N) (default 10)" },
	{ OPT_MIN_GROUP, "min-group-size", 0, "N",
	  "raise the minimum group size above the dataset's (it cannot be lowered)" },
	{ OPT_HELP, "help", 'h', NULL, "show this help" },
};

static void usage(FILE *fp)
{
	fputs(usage_text, fp);
	for (size_t i = 0; i < ARRAY_SIZE(options); i++) {
		const struct option *o = &options[i];
		char left[64];
		if (o->shortname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->shortname, o->name,
				 o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
		fprintf(fp, "  %-26s %s\n", left, o->help);
	}
}

/* Print each line of a multi-line message with the command's prefix. */
static void print_lines(const char *msg)
{
	while (*msg) {
		size_t n = strcspn(msg, "\n");
		fprintf(stderr, "tillid stats: %.*s\n", (int)n, msg);
		msg += n;
		if (*msg)
			msg++;
	}
}

/* The dataset and results paths of a study: <output>/clean.tds and
 * <output>/results.csv.  Returns TILLID_OK or the study file's status. */
static int study_paths(const char *study_path, char **data, char **out)
{
	struct study st;
	struct strbuf err = STRBUF_INIT;
	int rc = study_load(&st, study_path, &err);
	if (rc != TILLID_OK) {
		print_lines(err.buf);
		sb_release(&err);
		return rc;
	}
	char *dir = study_output_dir(&st);
	*data = path_join(dir, "clean.tds");
	*out = path_join(dir, "results.csv");
	free(dir);
	study_release(&st);
	sb_release(&err);
	return TILLID_OK;
}

/* A non-negative integer option value; -1 when s is not one. */
static int parse_u64(const char *s, uint64_t *out)
{
	if (!*s || *s == '-')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	struct stats_options so;
	stats_options_init(&so);
	const char *data = NULL, *out = NULL;
	const char *positional = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct option *o = NULL;
		const char *val = NULL;
		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (size_t j = 0; j < ARRAY_SIZE(options); j++)
				if (strlen(options[j].name) == len && !strncmp(options[j].name, a + 2, len))
					o = &options[j];
			if (o && eq)
				val = eq + 1;
		} else if (a[0] == '-' && a[1] && !a[2]) {
			for (size_t j = 0; j < ARRAY_SIZE(options); j++)
				if (options[j].shortname == a[1])
					o = &options[j];
		} else if (!positional) {
			positional = a;
			continue;
		} else {
			fprintf(stderr, "tillid stats: unexpected argument '%s'\n", a);
			usage(stderr);
			return TILLID_ESYS;
		}
		if (!o) {
			fprintf(stderr, "tillid stats: unknown option '%s'\n", a);
			usage(stderr);
			return TILLID_ESYS;
		}
		if (o->arg && !val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "tillid stats: option '--%s' needs a value\n", o->name);
				return TILLID_ESYS;
			}
			val = argv[++i];
		} else if (!o->arg && val) {
			fprintf(stderr, "tillid stats: option '--%s' takes no value\n", o->name);
			return TILLID_ESYS;
		}
		uint64_t u;
		switch (o->id) {
		case OPT_DATA:
			data = val;
			break;
		case OPT_OUT:
			out = val;
			break;
		case OPT_SEED:
			if (parse_u64(val, &u)) {
				fprintf(stderr, "tillid stats: bad seed '%s'; give a whole number >= 0\n", val);
				return TILLID_ESYS;
			}
			so.seed = u;
			break;
		case OPT_RESAMPLES:
			if (parse_u64(val, &u) || u < 2 || u > 100000000) {
				fprintf(stderr, "tillid stats: bad number of resamples '%s'; give 2 to 100000000\n",
					val);
				return TILLID_ESYS;
			}
			so.resamples = (size_t)u;
			break;
		case OPT_ADJUST:
			if (!strcmp(val, "holm")) {
				so.bh = 0;
			} else if (!strcmp(val, "bh")) {
				so.bh = 1;
			} else {
				fprintf(stderr, "tillid stats: unknown adjustment '%s'; use holm or bh\n", val);
				return TILLID_ESYS;
			}
			break;
		case OPT_PAIRED_LEAD:
			if (parse_u64(val, &u) || u > 1000000) {
				fprintf(stderr, "tillid stats: bad --paired-lead '%s'\n", val);
				return TILLID_ESYS;
			}
			so.paired_lead = (int)u;
			break;
		case OPT_MIN_GROUP:
			if (parse_u64(val, &u) || u > 1000000) {
				fprintf(stderr, "tillid stats: bad --min-group-size '%s'\n", val);
				return TILLID_ESYS;
			}
			so.min_group_size = (int)u;
			break;
		case OPT_HELP:
			usage(stdout);
			return TILLID_OK;
		}
	}
	if (positional && data) {
		fprintf(stderr, "tillid stats: give a study file or --data, not both\n");
		return TILLID_ESYS;
	}
	if (!positional && !data) {
		usage(stderr);
		return TILLID_ESYS;
	}
	char *study_data = NULL, *study_out = NULL;
	if (positional) {
		int src = study_paths(positional, &study_data, &study_out);
		if (src != TILLID_OK)
			return src;
		data = study_data;
		if (!out)
			out = study_out;
	}

	struct strbuf err = STRBUF_INIT;
	struct tds d;
	tds_init(&d);
	int rc = tds_read(&d, data, &err);
	if (rc != TILLID_OK) {
		print_lines(err.buf);
		if (positional)
			fprintf(stderr, "tillid stats: run 'tillid ingest %s' first\n", positional);
		sb_release(&err);
		free(study_data);
		free(study_out);
		return rc;
	}

	struct results res;
	results_init(&res);
	rc = analysis_run(&d, &so, &res, &err);
	char *outpath = NULL;
	if (rc == TILLID_OK) {
		if (out) {
			outpath = xstrdup(out);
		} else {
			char *dir = path_dirname(data);
			outpath = path_join(dir, "results.csv");
			free(dir);
		}
		rc = results_write(&res, outpath, &err);
	}
	if (rc != TILLID_OK)
		print_lines(err.buf);
	free(outpath);
	free(study_data);
	free(study_out);
	results_release(&res);
	tds_release(&d);
	sb_release(&err);
	return rc;
}
