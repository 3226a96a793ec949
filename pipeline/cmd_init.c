/* cmd_init.c: tillid init: write a draft study file from survey exports. */
#include "cmds.h"
#include "draft.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char init_usage[] =
	"usage: tillid init [-o FILE] [--force] EXPORT...\n"
	"\n"
	"Writes a draft study file from survey exports, one wave per EXPORT in the\n"
	"order given (the baseline first), for the analyst to edit before\n"
	"'tillid ingest'. An EXPORT is a SurveyXact export (its directory, or its\n"
	"dataset.csv with labels.csv and structure.csv beside it) or a CSV file.\n"
	"The draft declares the closed questions as items with their answer scales,\n"
	"suggests the group, municipality, unit and pairing-key columns, and drops\n"
	"columns that look like personal data or free text; comments starting\n"
	"'CHECK:' mark what needs a decision. No value of a dropped column is\n"
	"written.\n"
	"\n";

static const struct option_help {
	const char *name;
	const char *arg;
	const char *help;
} init_options[] = {
	{ "-o, --output", "FILE", "write the draft to FILE (default: study.ini)" },
	{ "--force", NULL, "replace FILE when it exists" },
	{ "-h, --help", NULL, "show this help" },
};

static void usage(FILE *fp)
{
	fputs(init_usage, fp);
	for (size_t i = 0; i < ARRAY_SIZE(init_options); i++) {
		char left[40];
		snprintf(left, sizeof(left), "%s%s%s", init_options[i].name, init_options[i].arg ? " " : "",
			 init_options[i].arg ? init_options[i].arg : "");
		fprintf(fp, "    %-22s %s\n", left, init_options[i].help);
	}
	fputs("\nExit status: 0 ok, 1 an export is malformed, 2 usage or system error\n"
	      "(missing export, FILE exists, cannot write).\n",
	      fp);
}

int cmd_init(int argc, char **argv)
{
	const char *output = "study.ini";
	int force = 0, only_args = 0;
	char **exports = xcalloc((size_t)argc, sizeof(char *));
	size_t n = 0;
	int rc = TILLID_OK;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_args || a[0] != '-' || !a[1]) {
			exports[n++] = argv[i];
		} else if (!strcmp(a, "--")) {
			only_args = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			free(exports);
			return TILLID_OK;
		} else if (!strcmp(a, "--force")) {
			force = 1;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "init: %s needs a file name\n", a);
				usage(stderr);
				free(exports);
				return TILLID_ESYS;
			}
			output = argv[++i];
		} else if (str_starts_with(a, "--output=")) {
			output = a + strlen("--output=");
		} else {
			fprintf(stderr, "init: unknown option '%s'\n", a);
			usage(stderr);
			free(exports);
			return TILLID_ESYS;
		}
	}
	if (!n) {
		fputs("init: no export given\n", stderr);
		usage(stderr);
		free(exports);
		return TILLID_ESYS;
	}
	if (!*output) {
		fputs("init: the output file name is empty\n", stderr);
		free(exports);
		return TILLID_ESYS;
	}

	struct stat st;
	if (!force && stat(output, &st) == 0) {
		fprintf(stderr, "init: '%s' exists; edit it, or give --force to replace it with a new draft\n",
			output);
		free(exports);
		return TILLID_ESYS;
	}

	struct strbuf text = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&text);
	sb_init(&err);
	char *dir = path_dirname(output);
	rc = draft_build(&text, dir, exports, n, &err);
	if (rc == TILLID_OK) {
		struct atomic_file af;
		struct strbuf why = STRBUF_INIT;
		sb_init(&why);
		rc = af_open(&af, output, &why);
		if (rc == TILLID_OK) {
			fwrite(text.buf, 1, text.len, af.fp);
			rc = af_commit(&af, &why);
		}
		if (rc != TILLID_OK)
			sb_addf(&err, "init: %s\n", why.buf);
		sb_release(&why);
	}
	if (rc == TILLID_OK)
		fprintf(stderr, "init: wrote '%s' from %zu export%s; edit it (see the CHECK comments), then "
				"run 'tillid ingest %s'\n", output, n, n == 1 ? "" : "s", output);
	else
		fputs(err.buf, stderr);
	free(dir);
	free(exports);
	sb_release(&text);
	sb_release(&err);
	return rc;
}
