/* cmd_version.c: tillid version: print the program's version, and the git revision it was built from. */
#include "cmds.h"
#include "core/util.h"
#include "core/version.h"
#include "git_version.h"

#include <stdio.h>

/* TILLID_VERSION is the release written into every output's manifest (so
 * outputs do not change with each commit); TILLID_GIT_VERSION is `git
 * describe` of the build's checkout, empty when built outside git. */
int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (TILLID_GIT_VERSION[0])
		printf("tillid %s (git %s)\n", TILLID_VERSION, TILLID_GIT_VERSION);
	else
		printf("tillid %s\n", TILLID_VERSION);
	return TILLID_OK;
}
