/* cmds.h: the subcommands of tillid; each cmd_<name> lives in cli/cmd_<name>.c. */
#ifndef TILLID_CMDS_H
#define TILLID_CMDS_H

/* Each takes the arguments after "tillid" (argv[0] is the command name) and
 * returns an exit status from enum tillid_status. */
int cmd_init(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* The file name in the output directory of the study file study_path, in
 * *path (the caller frees it).  Returns TILLID_OK, or the study file's
 * status after printing its mistakes prefixed by cmd (cmd_stats.c). */
int cli_study_output_file(const char *cmd, const char *study_path, const char *name, char **path);

#endif
