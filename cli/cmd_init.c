/* cmd_init.c: tillid init: write a draft study file from survey exports. */
#include "cmds.h"
#include "pipeline/draft.h"
#include "core/parse_options.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static const char *const init_usage[] = {
	"usage: tillid init [-o FILE] [--force] EXPORT...",
	"",
	"Writes a draft study file from survey exports, one wave per EXPORT in the",
	"order given (the baseline first), for the analyst to edit before",
	"'tillid ingest'. An EXPORT is a SurveyXact export (its directory, or its",
	"dataset.csv with labels.csv and structure.csv beside it), a CSV file",
	"(Qualtrics' three header rows are recognised) or an Excel workbook (.xlsx,",
	"its first sheet).",
	"The draft declares the closed questions as items with their answer scales,",
	"suggests the group, municipality, unit and pairing-key columns, and drops",
	"columns that look like personal data or free text; comments starting",
	"'CHECK:' mark what needs a decision. No value of a dropped column is",
	"written.",
	"",
	NULL
};

int cmd_init(int argc, char **argv)
{
	const char *output = "study.ini";
	int force = 0;
	int rc = TILLID_OK;
	const struct option options[] = {
		OPT_NONEMPTY_STRING('o', "output", &output, "FILE", "write the draft to FILE (default: study.ini)"),
		OPT_FLAG(0, "force", &force, "replace FILE when it exists"),
		OPT_HELP(),
		OPT_TEXT("\nExit status: 0 ok, 1 an export is malformed, 2 usage or system error\n"
			 "(missing export, FILE exists, cannot write).\n"),
		OPT_END(),
	};
	struct option_args args;

	int prc = parse_command(argc, argv, "init", init_usage, options, (struct command_args){ 1, -1, "export" }, &args);
	if (prc >= 0)
		return prc;
	char **exports = args.argv;
	size_t n = (size_t)args.argc;

	struct stat st;
	if (!force && stat(output, &st) == 0) {
		fprintf(stderr, "init: '%s' exists; edit it, or give --force to replace it with a new draft\n",
			output);
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
			sb_addf(&err, "%s\n", why.buf);
		sb_release(&why);
	}
	if (rc == TILLID_OK) {
		char *ingest = cli_ingest_advice(output, NULL);
		fprintf(stderr, "init: wrote '%s' from %zu export%s; edit it (see the CHECK comments), then "
				"run '%s'\n", output, n, n == 1 ? "" : "s", ingest);
		free(ingest);
	} else
		print_prefixed(stderr, "init", err.buf);
	free(dir);
	sb_release(&text);
	sb_release(&err);
	return rc;
}
