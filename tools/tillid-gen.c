/* tillid-gen.c: writes a seeded synthetic Fremfærd before/after study (exports, study file, key, planted truths). */
#include "core/parse_options.h"
#include "core/util.h"
#include "tools/tillid-gen/gen.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const gen_usage[] = {
	"usage: tillid-gen --out DIR [--seed S] [--respondents N]",
	"",
	"Writes a synthetic before/after study of the Fremfærd project into DIR:",
	"foer/{dataset,labels,structure}.csv (SurveyXact, Windows-1252), efter.csv",
	"(LimeSurvey, UTF-8), fremfaerd.ini, fremfaerd.key and planted.csv. The same",
	"seed and size give byte-identical files.",
	"",
	"options:",
	NULL
};

/* Simulate the study and write every file into out. */
static int generate(const char *out, unsigned long seed, long n, struct strbuf *err)
{
	struct study_sim sim = { 0 };
	sim.seed = seed;
	sim.n = n;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	char *sub = path_join(out, "foer");
	int rc = mkdir_p(sub, err);
	free(sub);
	if (!rc)
		rc = simulate(&sim, r, err);
	if (!rc)
		rc = write_sx_structure(out, err);
	if (!rc)
		rc = write_sx_labels(out, err);
	if (!rc)
		rc = write_sx_dataset(out, &sim, err);
	if (!rc)
		rc = write_ls(out, &sim, err);
	if (!rc)
		rc = write_ini(out, &sim, err);
	if (!rc)
		rc = write_key(out, seed, err);
	if (!rc)
		rc = write_planted(out, &sim, err);
	sim_release(&sim);
	gsl_rng_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	uint64_t seed = DEFAULT_SEED, n = DEFAULT_RESPONDENTS;
	const struct option options[] = {
		OPT_NONEMPTY_STRING('o', "out", &out, "DIR",
				    "write the study into DIR, created if missing (required)"),
		OPT_UINT('s', "seed", &seed, "S", "seed of the random number generator (default 20210301)", 0,
			 0xFFFFFFFFUL),
		OPT_UINT('n', "respondents", &n, "N", "respondents per wave, at least 100 (default 600)",
			 MIN_RESPONDENTS, MAX_RESPONDENTS),
		OPT_HELP(),
		OPT_END(),
	};
	struct option_args args;
	int prc = parse_command(argc, argv, "tillid-gen", gen_usage, options, (struct command_args){ 0, 0, NULL },
				&args);
	if (prc >= 0)
		return prc;
	if (!out) {
		fputs("tillid-gen: --out DIR is required\n", stderr);
		usage_with_options(stderr, gen_usage, options);
		return TILLID_ESYS;
	}

	gsl_set_error_handler_off();
	struct strbuf err = STRBUF_INIT;
	int rc = generate(out, (unsigned long)seed, (long)n, &err);
	if (rc)
		fprintf(stderr, "tillid-gen: %s\n", err.buf);
	else
		printf("tillid-gen: wrote %s (seed %lu, %ld respondents per wave, %zu in both waves)\n", out,
		       (unsigned long)seed, (long)n, (size_t)lround(PAIRED_SHARE * (double)n));
	sb_release(&err);
	return rc;
}
