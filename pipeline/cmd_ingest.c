/* cmd_ingest.c: tillid ingest: read a study's exports, check them and write the clean dataset. */
#include "cmds.h"
#include "ingest.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ingest_usage[] =
	"usage: tillid ingest [--out DIR] [--quiet] [--max-problems N] STUDY\n"
	"\n"
	"Reads every wave's export named in the study file STUDY, checks each record,\n"
	"maps the answers to scale points, replaces the pairing key by a keyed\n"
	"pseudonym and writes clean.tds, clean.csv, ingest.txt and ingest.json.\n"
	"Nothing is written unless the whole run succeeds.\n"
	"\n";

static const struct option_help {
	const char *name;
	const char *arg;
	const char *help;
} ingest_options[] = {
	{ "--out", "DIR", "write the outputs to DIR instead of [study] output" },
	{ "--quiet", NULL, "print only problems and warnings, no summary" },
	{ "--max-problems", "N", "list at most N problems per kind and file (default 20; 0 = all)" },
	{ "-h, --help", NULL, "show this help" },
};

static void usage(FILE *fp)
{
	fputs(ingest_usage, fp);
	for (size_t i = 0; i < ARRAY_SIZE(ingest_options); i++) {
		char left[40];
		snprintf(left, sizeof(left), "%s%s%s", ingest_options[i].name,
			 ingest_options[i].arg ? " " : "",
			 ingest_options[i].arg ? ingest_options[i].arg : "");
		fprintf(fp, "    %-22s %s\n", left, ingest_options[i].help);
	}
	fputs("\nExit status: 0 ok, 1 bad data (every problem is listed with file:line:column),\n"
	      "2 usage or system error (missing file, unwritable directory).\n",
	      fp);
}

/* Value of an option written "--name VALUE" or "--name=VALUE"; advances *i. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (!strncmp(argv[*i], name, n) && argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (!strcmp(argv[*i], name)) {
		if (*i + 1 >= argc)
			return NULL;
		return argv[++*i];
	}
	return NULL;
}

static int is_option(const char *arg, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

int cmd_ingest(int argc, char **argv)
{
	struct ingest_options opt = INGEST_OPTIONS_INIT;
	const char *study = NULL;
	int only_args = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || !a[1]) {
			if (study) {
				fprintf(stderr, "ingest: one study file at a time: '%s' and '%s'\n", study, a);
				usage(stderr);
				return TILLID_ESYS;
			}
			study = a;
		} else if (!strcmp(a, "--")) {
			only_args = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return TILLID_OK;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			opt.quiet = 1;
		} else if (is_option(a, "--out")) {
			opt.out_dir = option_value(argc, argv, &i, "--out");
			if (!opt.out_dir || !*opt.out_dir) {
				fputs("ingest: --out needs a directory\n", stderr);
				return TILLID_ESYS;
			}
		} else if (is_option(a, "--max-problems")) {
			const char *v = option_value(argc, argv, &i, "--max-problems");
			char *end = NULL;
			long n = v ? strtol(v, &end, 10) : -1;
			if (!v || !*v || *end || n < 0) {
				fprintf(stderr, "ingest: --max-problems needs a whole number (0 = all), not '%s'\n",
					v ? v : "");
				return TILLID_ESYS;
			}
			opt.max_listed = (size_t)n;
		} else {
			fprintf(stderr, "ingest: unknown option '%s'\n", a);
			usage(stderr);
			return TILLID_ESYS;
		}
	}
	if (!study) {
		usage(stderr);
		return TILLID_ESYS;
	}
	return ingest_study(study, &opt);
}
