/* advice.c: the ingest and stats command lines that messages advise, written for the folder the advising command reads. */
#include "cmds.h"
#include "core/util.h"

#include <stdlib.h>

char *cli_ingest_advice(const char *study_path, const char *out_dir)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "tillid ingest ");
	if (out_dir) {
		sb_adds(&sb, "--out ");
		sb_add_shell_word(&sb, out_dir);
		sb_addc(&sb, ' ');
	}
	sb_add_shell_word(&sb, study_path);
	return sb_detach(&sb);
}

char *cli_stats_advice(const char *study_path, const char *out_dir)
{
	struct strbuf sb = STRBUF_INIT;
	if (out_dir) {
		/* stats' second form writes results.csv beside the dataset */
		char *tds = path_join(out_dir, "clean.tds");
		sb_adds(&sb, "tillid stats --data ");
		sb_add_shell_word(&sb, tds);
		free(tds);
	} else {
		sb_adds(&sb, "tillid stats ");
		sb_add_shell_word(&sb, study_path);
	}
	return sb_detach(&sb);
}
