/* tillid.c: the tillid command: finds the subcommand in a static table and runs it. */
#include "cmds.h"
#include "core/temps.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", cmd_init, "write a draft study file from survey exports" },
	{ "ingest", cmd_ingest, "read and check the exports, write the clean dataset" },
	{ "stats", cmd_stats, "compute every statistic of the clean dataset into results.csv" },
	{ "report", cmd_report, "write the PDF report and its charts from the results" },
	{ "audit", cmd_audit, "check that no suppressed count can be recovered from the results" },
	{ "tables", cmd_tables, "write the report's tables as a workbook and CSV files" },
	{ "version", cmd_version, "print the version of tillid" },
};

static void usage(FILE *fp)
{
	fputs("usage: tillid <command> [options] [arguments]\n\ncommands:\n", fp);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'tillid <command> --help' describes one command.\n", fp);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return TILLID_ESYS;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return TILLID_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name)) {
			temps_catch_signals(commands[i].name);
			return commands[i].fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "tillid: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return TILLID_ESYS;
}
