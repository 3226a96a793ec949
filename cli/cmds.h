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
 * status after printing its mistakes prefixed by cmd, or TILLID_ESYS
 * after saying that the output folder is a file (cmd_stats.c). */
int cli_study_output_file(const char *cmd, const char *study_path, const char *name, char **path);
int cmd_tables(int argc, char **argv);

struct tds;
struct resfile;
struct report_spec;
struct strbuf;
struct tds_meta;

/* When the study file at study_path is not the one ingest read into the
 * dataset whose metadata is m (its SHA-256 differs) and what it says of
 * the study, waves, groups, answers, scales or items differs
 * (pipeline/study_drift.h), warn on stderr, prefixed by cmd, naming the
 * differences and the fix: the ingest that writes the dataset where cmd
 * reads it (out_dir: its --out, or NULL for the study's output folder;
 * cli_ingest_advice) (study_check.c). Returns the study file's
 * min_group_size as it reads now when it differs from the one ingest
 * read, else 0; a study file that cannot be read is left to the caller. */
int cli_study_drift(const char *cmd, const char *study_path, const char *out_dir, const struct tds_meta *m);

/* The command lines a message advises when a command that reads the
 * output folder out_dir (its --out, or NULL for the study file's [study]
 * output) lacks an input, for "run '...' first" (advice.c). Each path is
 * quoted for the shell when it needs it (sb_add_shell_word), so the
 * advice can be pasted as printed. The caller frees the string.
 *   cli_ingest_advice: "tillid ingest STUDY", or with out_dir
 *     "tillid ingest --out DIR STUDY": it writes clean.tds into out_dir.
 *   cli_stats_advice: "tillid stats STUDY", or with out_dir
 *     "tillid stats --data DIR/clean.tds": it writes results.csv beside
 *     that dataset, in out_dir; "tillid stats STUDY" would read and write
 *     the study's own output folder. */
char *cli_ingest_advice(const char *study_path, const char *out_dir);
char *cli_stats_advice(const char *study_path, const char *out_dir);

/* Is the output folder dir (from --out when from_out, else the study
 * file's [study] output) a folder or not there yet? Returns TILLID_OK, or
 * TILLID_ESYS with a message in err when it names a file. */
int cli_output_folder_check(const char *dir, int from_out, const char *study_path, struct strbuf *err);

/* What the report and the tables read (cmd_report.c): the study file at
 * study_path, the output directory (out_dir, else the study's [study]
 * output) into *out, and in it the metadata of clean.tds into d and
 * results.csv (*res_path) into res, refused when it is stale (computed
 * from another clean.tds) with the command that brings it up to date, and
 * the study file's [report] section into spec (initialised here). The
 * caller frees *out and *res_path (set even on failure, or NULL) and
 * releases d, res and spec. A study file changed since ingest is named
 * in a warning prefixed by cmd (cli_study_drift). Returns TILLID_OK,
 * TILLID_EDATA or TILLID_ESYS with a message in err; a missing or stale
 * input is named with the command that writes it into the folder read
 * (cli_ingest_advice, cli_stats_advice). */
int report_inputs(const char *cmd, const char *study_path, const char *out_dir, char **out, char **res_path,
		  struct tds *d,
		  struct resfile *res, struct report_spec *spec, struct strbuf *err);

/* The outputs' date in *date (the caller frees it): sde (SOURCE_DATE_EPOCH;
 * NULL or "" when unset), else the data's date, else the end of the last
 * wave, else a fixed date; never the clock. Returns TILLID_OK, or
 * TILLID_ESYS with a message when sde is no date (cmd_report.c). */
int report_date(const struct tds_meta *m, const char *sde, char **date, struct strbuf *err);

/* Before an English report or tables: one warning on stderr, prefixed by
 * cmd, naming the waves, groups, scales, items and answer scales of m whose
 * English text is missing or the Danish one (the study file's label_en,
 * text_en, point_en.V and missing_en default to the Danish text), as the
 * English output shows them in Danish; nothing when all have their own
 * (cmd_report.c). */
void report_warn_danish(const char *cmd, const struct tds_meta *m);

#endif
