/* study_check.c: stats, report and tables say when the study file changed since ingest read it. */
#include "cmds.h"
#include "core/dataset.h"
#include "core/digest.h"
#include "core/util.h"
#include "pipeline/study.h"
#include "pipeline/study_drift.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many differences are named; the rest are counted. */
#define DRIFT_SHOWN 5

int cli_study_drift(const char *cmd, const char *study_path, const char *out_dir, const struct tds_meta *m)
{
	char hex[SHA256_HEX_LEN + 1];
	struct strbuf err = STRBUF_INIT;
	int min_now = 0;
	uint64_t bytes;
	if (sha256_file(study_path, hex, &bytes, &err) != TILLID_OK || !strcmp(hex, m->study_sha256 ? m->study_sha256 : "")) {
		sb_release(&err);
		return 0;
	}
	struct study s;
	if (study_load(&s, study_path, &err) == TILLID_OK) {
		struct strlist what = STRLIST_INIT;
		size_t n = study_drift(&s, m, &what);
		if (n) {
			fprintf(stderr, "%s: warning: '%s' changed since 'tillid ingest' read it: ", cmd, study_path);
			for (size_t i = 0; i < what.n && i < DRIFT_SHOWN; i++)
				fprintf(stderr, "%s%s", i ? "; " : "", what.v[i]);
			if (n > DRIFT_SHOWN)
				fprintf(stderr, "; and %zu more", n - DRIFT_SHOWN);
			char *fix = cli_ingest_advice(study_path, out_dir);
			fprintf(stderr, "; the dataset keeps what ingest read: run '%s' again\n", fix);
			free(fix);
		}
		if (s.min_group_size != m->min_group_size)
			min_now = s.min_group_size;
		sl_release(&what);
	}
	study_release(&s);
	sb_release(&err);
	return min_now;
}
