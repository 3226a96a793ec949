/* cmd_ingest.c: tillid ingest: read a study's exports, check them and write the clean dataset. */
#include "cmds.h"
#include "pipeline/ingest.h"
#include "core/csvwrite.h"
#include "core/parse_options.h"
#include "core/util.h"

#include <stdint.h>
#include <stdio.h>

static const char *const ingest_usage[] = {
	"usage: tillid ingest [--out DIR] [--csv] [--csv-dialect rfc4180|excel] [--quiet] [--max-problems N] [--threads N] STUDY",
	"",
	"Reads every wave's export named in the study file STUDY, checks each record,",
	"maps the answers to scale points, replaces the pairing key by a keyed",
	"pseudonym and writes clean.tds, ingest.txt and ingest.json (and clean.csv",
	"with --csv).",
	"Nothing is written unless the whole run succeeds.",
	"",
	NULL
};

int cmd_ingest(int argc, char **argv)
{
	struct ingest_options opt = INGEST_OPTIONS_INIT;
	uint64_t max_listed = opt.max_listed, threads = opt.threads;
	int dialect = CSV_RFC4180;
	const struct option options[] = {
		OPT_NONEMPTY_STRING(0, "out", &opt.out_dir, "DIR", "write the outputs to DIR instead of [study] output"),
		OPT_FLAG(0, "csv", &opt.csv, "also write clean.csv, the clean data as a tidy CSV file"),
		OPT_FLAG('q', "quiet", &opt.quiet, "print only problems and warnings, no summary"),
		OPT_UINT(0, "max-problems", &max_listed, "N",
			 "list at most N problems per kind and file (default 20; 0 = all)", 0, 1000000),
		OPT_CHOICE(0, "csv-dialect", &dialect, "rfc4180|excel",
			   "clean.csv for R and most tools (rfc4180, the default) or Danish Excel (excel; implies --csv)",
			   csv_dialect_names),
		OPT_UINT(0, "threads", &threads, "N",
			 "waves read at once (default: the cores available); the outputs are the same", 1, 1024),
		OPT_HELP(),
		OPT_TEXT("\nExit status: 0 ok, 1 bad data (every problem is listed with file:line:column),\n"
			 "2 usage or system error (missing file, unwritable directory).\n"),
		OPT_END(),
	};
	struct option_args args;

	int rc = parse_command(argc, argv, "ingest", ingest_usage, options, (struct command_args){ 1, 1, "study file" },
			       &args);
	if (rc >= 0)
		return rc;
	opt.max_listed = (size_t)max_listed;
	opt.threads = (size_t)threads;
	opt.csv_dialect = (enum csv_dialect)dialect;
	if (opt.csv_dialect != CSV_RFC4180)
		opt.csv = 1; /* a dialect asks for the file */
	return ingest_study(args.argv[0], &opt);
}
