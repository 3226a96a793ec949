/* cmd_version.c: tillid version: print the program's version, and the git revision it was built from. */
#include "cmds.h"
#include "core/util.h"
#include "core/version.h"
#include "git_version.h"

#include "core/parse_options.h"

#include <stdio.h>

static const char *const version_usage[] = {
	"usage: tillid version",
	"",
	"Prints the version of tillid, and the git revision it was built from when",
	"it was built from a git checkout.",
	"",
	NULL,
};

/* TILLID_VERSION is the release written into every output's manifest (so
 * outputs do not change with each commit); TILLID_GIT_VERSION is `git
 * describe` of the build's checkout, empty when built outside git. */
int cmd_version(int argc, char **argv)
{
	const struct option options[] = {
		OPT_HELP(),
		OPT_END(),
	};
	struct option_args args;
	int rc = parse_command(argc, argv, "version", version_usage, options, (struct command_args){ 0, 0, NULL },
			       &args);
	if (rc >= 0)
		return rc;
	if (TILLID_GIT_VERSION[0])
		printf("tillid %s (git %s)\n", TILLID_VERSION, TILLID_GIT_VERSION);
	else
		printf("tillid %s\n", TILLID_VERSION);
	return TILLID_OK;
}
