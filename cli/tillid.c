/* tillid.c: the tillid command: finds the subcommand in a static table and runs it. */
#include "cmds.h"
#include "core/suggest.h"
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
	fputs("\n'tillid <command> --help' (or 'tillid help <command>') describes one command.\n", fp);
}

/* The command called name, or NULL after telling on stderr that there is
 * none, with the closest command name when name looks like a typo of one. */
static const struct cmd *find_command(const char *name)
{
	const char *names[ARRAY_SIZE(commands)];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(name, commands[i].name))
			return &commands[i];
		names[i] = commands[i].name;
	}
	const char *near = suggest_closest(name, names, ARRAY_SIZE(commands));
	if (near)
		fprintf(stderr, "tillid: '%s' is not a command; did you mean '%s'?\n", name, near);
	else
		fprintf(stderr, "tillid: '%s' is not a command\n", name);
	usage(stderr);
	return NULL;
}

/* tillid help [CMD]: the general usage (also for CMD help, --help or -h),
 * or what 'tillid CMD --help' prints. */
static int help(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return TILLID_OK;
	}
	if (argc > 2) {
		fprintf(stderr, "tillid: help describes one command at a time: '%s' and '%s'\n", argv[1], argv[2]);
		return TILLID_ESYS;
	}
	const struct cmd *c = find_command(argv[1]);
	if (!c)
		return TILLID_ESYS;
	static char help_option[] = "--help";
	char *cmd_argv[] = { argv[1], help_option, NULL };
	return c->fn(2, cmd_argv);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return TILLID_ESYS;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return TILLID_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version"))
		return cmd_version(argc - 1, argv + 1);
	const struct cmd *c = find_command(argv[1]);
	if (!c)
		return TILLID_ESYS;
	temps_catch_signals(c->name);
	return c->fn(argc - 1, argv + 1);
}
