/* tillid-gen.c: writes a seeded synthetic study (Fremfærd, Åben Dialog or the parents' advisory board: exports, study file, key, planted truths). */
#include "core/parse_options.h"
#include "core/util.h"
#include "tools/tillid-gen/panel.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const gen_usage[] = {
	"usage: tillid-gen --out DIR [--design D] [--seed S] [--respondents N]",
	"",
	"Writes a synthetic study into DIR. Design fremfaerd (the default): the",
	"Fremfærd before/after study, foer/{dataset,labels,structure}.csv",
	"(SurveyXact, Windows-1252), efter.csv (LimeSurvey, UTF-8), fremfaerd.ini,",
	"fremfaerd.key and planted.csv. Design aaben-dialog: the Åben Dialog",
	"evaluation, opstart.xlsx (Microsoft Forms) and seks-mdr.csv (LimeSurvey).",
	"Design foraeldreraad: the parents' advisory board, k4-2025.csv and",
	"k1-2026.csv (LimeSurvey), k2-2026.xlsx and k3-2026.xlsx (Forms). Each with",
	"its DESIGN.ini, DESIGN.key and planted.csv. The same design, seed and size",
	"give byte-identical files.",
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
		rc = write_key(out, "fremfaerd.key", seed, err);
	if (!rc)
		rc = write_planted(out, &sim, err);
	sim_release(&sim);
	gsl_rng_free(r);
	return rc;
}

static const struct panel_design *const panel_designs[] = { &design_aaben, &design_raad };

/* Simulate a panel design and write its files into out. */
static int generate_panel(const struct panel_design *d, const char *out, unsigned long seed, long n,
			  struct strbuf *err)
{
	struct panel_sim sim = { .d = d, .seed = seed, .n = n };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	panel_simulate(&sim, r);
	int rc = mkdir_p(out, err);
	for (int w = 0; !rc && w < d->n_waves; w++)
		rc = panel_write_wave(out, &sim, w, err);
	if (!rc)
		rc = panel_write_ini(out, &sim, err);
	if (!rc) {
		char *key = xasprintf("%s.key", d->name);
		rc = write_key(out, key, seed, err);
		free(key);
	}
	if (!rc)
		rc = panel_write_planted(out, &sim, err);
	if (!rc)
		printf("tillid-gen: wrote %s (%s, seed %lu, %zu respondents)\n", out, d->name, seed, sim.n_people);
	panel_release(&sim);
	gsl_rng_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *design = "fremfaerd";
	uint64_t seed = DEFAULT_SEED, n = 0; /* 0: the design's default */
	const struct option options[] = {
		OPT_NONEMPTY_STRING('o', "out", &out, "DIR",
				    "write the study into DIR, created if missing (required)"),
		OPT_NONEMPTY_STRING('d', "design", &design, "D",
				    "fremfaerd (default), aaben-dialog or foraeldreraad"),
		OPT_UINT('s', "seed", &seed, "S", "seed of the random number generator (default 20210301)", 0,
			 0xFFFFFFFFUL),
		OPT_UINT('n', "respondents", &n, "N", "respondents per wave, foraeldreraad: in the panel; at least 100 (default 600, 300, 160)",
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
	int rc;
	const struct panel_design *pd = NULL;
	for (size_t k = 0; k < ARRAY_SIZE(panel_designs); k++)
		if (!strcmp(design, panel_designs[k]->name))
			pd = panel_designs[k];
	if (pd) {
		rc = generate_panel(pd, out, (unsigned long)seed, n ? (long)n : pd->default_n, &err);
	} else if (!strcmp(design, "fremfaerd")) {
		n = n ? n : DEFAULT_RESPONDENTS;
		rc = generate(out, (unsigned long)seed, (long)n, &err);
	} else {
		fprintf(stderr, "tillid-gen: unknown design '%s'; use fremfaerd, aaben-dialog or foraeldreraad\n",
			design);
		sb_release(&err);
		return TILLID_ESYS;
	}
	if (rc)
		fprintf(stderr, "tillid-gen: %s\n", err.buf);
	else if (!pd)
		printf("tillid-gen: wrote %s (seed %lu, %ld respondents per wave, %zu in both waves)\n", out,
		       (unsigned long)seed, (long)n, (size_t)lround(PAIRED_SHARE * (double)n));
	sb_release(&err);
	return rc;
}
