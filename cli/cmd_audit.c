/* cmd_audit.c: tillid audit: what a reader of results.csv can work out about every suppressed count, and whether the protection rule holds. */
#include "cmds.h"
#include "core/parse_options.h"
#include "core/util.h"
#include "plots/resfile.h"
#include "stats/audit.h"
#include "stats/results.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const audit_usage[] = {
	"usage: tillid audit [options] STUDY.ini",
	"   or: tillid audit [options] --results RESULTS.csv",
	"",
	"Reads results.csv (tillid stats) as a reader of everything published would:",
	"every count it shows, every identity between them (a total is the sum of its",
	"groups and of its municipalities, respondents = n + n_missing, n is the sum of",
	"the answer counts, ...) and what the notes say. For every suppressed count it",
	"prints, per table, the range of values that agrees with all of it (never the",
	"value itself), and checks the protection rule of docs/statistics.md: no",
	"suppressed count determined, every range at least min_group_size values wide.",
	"",
	"options:",
	NULL
};

/* The rows of a checked results file as the statistics stage holds them. */
static void rows_from_file(const struct resfile *rf, struct results *res)
{
	for (size_t i = 0; i < rf->n_rows; i++) {
		const struct rf_row *r = &rf->rows[i];
		struct res_ctx ctx = { r->variable, r->variable_type, r->breakdown, r->breakdown_value, r->wave,
				       r->design };
		results_ctx_intern(res, &ctx);
		results_add(res, &ctx, r->stat, r->index, r->value, r->status, r->why);
	}
}

int cmd_audit(int argc, char **argv)
{
	const char *results_path = NULL;
	int quiet = 0;
	const struct option options[] = {
		OPT_NONEMPTY_STRING(0, "results", &results_path, "PATH", "audit this results file instead of the study's"),
		OPT_FLAG('q', "quiet", &quiet, "print the summary line only, not every suppressed count (faster)"),
		OPT_HELP(),
		OPT_TEXT("\nExit status: 0 the rule holds, 1 a suppressed count can be narrowed below the\n"
			 "rule (or the file contradicts itself), 2 usage or system error.\n"),
		OPT_END(),
	};
	struct option_args args;
	int prc = parse_command(argc, argv, "audit", audit_usage, options,
				(struct command_args){ 0, 1, "study file" }, &args);
	if (prc >= 0)
		return prc;
	const char *study_path = args.argc ? args.argv[0] : NULL;
	if (!study_path == !results_path) {
		if (study_path)
			fprintf(stderr, "audit: give a study file or --results, not both\n");
		else
			usage_with_options(stderr, audit_usage, options);
		return TILLID_ESYS;
	}
	char *path = NULL;
	if (study_path) {
		int src = cli_study_output_file("audit", study_path, "results.csv", &path);
		if (src != TILLID_OK)
			return src;
	} else {
		path = xstrdup(results_path);
	}

	struct strbuf err = STRBUF_INIT;
	struct resfile rf;
	resfile_init(&rf);
	struct results res;
	results_init(&res);
	struct audit a;
	audit_init(&a);
	a.ranges = !quiet; /* the summary needs only whether each range passes */
	int rc = resfile_read(&rf, path, &err);
	if (rc == TILLID_ESYS && study_path) {
		char *fix = cli_stats_advice(study_path, NULL);
		sb_addf(&err, "; run '%s' first", fix);
		free(fix);
	}
	if (rc == TILLID_OK) {
		rows_from_file(&rf, &res);
		rc = audit_run(&a, &res, 0, &err);
	}
	if (rc == TILLID_OK) {
		audit_print(&a, &res, !quiet, stdout);
		if (!audit_passed(&a)) {
			audit_describe_failure(&a, &res, &err);
			rc = TILLID_EDATA;
		}
	}
	if (err.len)
		print_prefixed(stderr, "audit", err.buf);
	audit_release(&a);
	results_release(&res);
	resfile_release(&rf);
	sb_release(&err);
	free(path);
	return rc;
}
