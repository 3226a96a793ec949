/* cmd_version.c: tillid version: print the program's version. */
#include "cmds.h"
#include "util.h"
#include "version.h"

#include <stdio.h>

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tillid %s\n", TILLID_VERSION);
	return TILLID_OK;
}
