/* test_sample_panels.c: the Åben Dialog and advisory-board samples through ingest and stats, against the truths they were drawn from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "resultsutil.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many rows of each kind of planted.csv were checked. */
struct planted_counts {
	size_t scale, item, nps, yes, paired;
};

/* One row of a panel design's planted.csv (sample-data/README.md) against
 * the results r: item means, n, NPS and shares of yes exactly (planted.csv
 * rounds to 4 decimals and gives a reverse-worded item's raw answer),
 * scale and paired means within what scoring respondents with fewer than
 * half of a scale's items answered can move them (by at most (5 - 1) / n
 * each). */
static void check_planted_row(const struct results *r, char **f, struct planted_counts *c)
{
	int all = !strcmp(f[2], "*");
	const char *bd = all ? "all" : "group", *bv = all ? "" : f[2];
	int paired = !strcmp(f[0], "paired");
	const char *design = paired ? "paired" : "";
	double planted_n = atof(f[4]), observed = atof(f[7]);
	if (!strcmp(f[0], "item")) {
		if (rows_val(r, f[3], "all", "", "", "", RS_REVERSED) == 1)
			observed = 6 - observed; /* the samples' reverse-worded items are on five points */
		assert_close_abs(rows_val(r, f[3], bd, bv, f[1], "", RS_MEAN), observed, 0, 5.01e-5);
		assert_close(rows_val(r, f[3], bd, bv, f[1], "", RS_N), planted_n, 0);
		c->item++;
	} else if (!strcmp(f[0], "nps")) {
		assert_close_abs(rows_val(r, f[3], bd, bv, f[1], "", RS_NPS), observed, 0, 5.01e-5);
		c->nps++;
	} else if (!strcmp(f[0], "yes")) {
		assert_close_abs(rows_val(r, f[3], bd, bv, f[1], "", RS_TOP2), observed, 0, 5.01e-5);
		c->yes++;
	} else {
		double n = rows_val(r, f[3], bd, bv, f[1], design, paired ? RS_N_PAIRS : RS_N);
		double mean = rows_val(r, f[3], bd, bv, f[1], design, paired ? RS_MEAN_DIFF : RS_MEAN);
		double extra = fabs(planted_n - n) / planted_n;
		assert_close_abs(mean, observed, 0, 0.05 + 4 * extra);
		paired ? c->paired++ : c->scale++;
	}
}

/* Every row of the planted.csv at path against r. */
static struct planted_counts check_planted(const struct results *r, const char *path)
{
	struct planted_counts c = { 0 };
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	char line[512];
	assert_non_null(fgets(line, sizeof(line), fp));
	assert_string_equal(line, "kind,wave,group,measure,n,latent,expected,observed\n");
	while (fgets(line, sizeof(line), fp)) {
		char *f[8] = { NULL };
		int nf = 0;
		line[strcspn(line, "\r\n")] = '\0';
		for (char *t = line; t && nf < 8; nf++) { /* latent is empty for items */
			f[nf] = t;
			t = strchr(t, ',');
			if (t)
				*t++ = '\0';
		}
		assert_int_equal(nf, 8);
		check_planted_row(r, f, &c);
	}
	fclose(fp);
	return c;
}

/* A verdict that says the change is sure (a rise or a fall). */
static int sure(double verdict)
{
	return verdict == RES_VERDICT_UP || verdict == RES_VERDICT_DOWN;
}

/* The advisory board (sample-data/README.md): a panel of 160 parents, about
 * 70 % answering each of four waves; information rises between the second
 * and third quarter of 2026 (planted +0.6 latent) and nothing else moves,
 * so of every quarter-to-quarter change of every scale, in both designs,
 * only that one is sure. */
static void test_advisory_board(void **state)
{
	(void)state;
	static const char *const waves[] = { "k4_2025", "k1_2026", "k2_2026", "k3_2026" };
	static const char *const scales[] = { "inddragelse", "information", "tillid" };
	static const char *const designs[] = { "paired", "independent" };
	struct results r;
	rows_analyse_study("sample-data/foraeldreraad/foraeldreraad.ini", 50, &r);
	struct planted_counts c = check_planted(&r, "sample-data/foraeldreraad/planted.csv");
	/* 4 waves x 3 scales, 4 x 9 items, 5 comparisons x 3 scales */
	assert_true(c.scale == 12 && c.item == 36 && c.paired == 15);

	for (size_t w = 0; w < ARRAY_SIZE(waves); w++) {
		double n = rows_val(&r, "*", "all", "", waves[w], "", RS_RESPONDENTS);
		assert_true(n >= 0.6 * 160 && n <= 0.8 * 160);
	}
	for (size_t w = 1; w < ARRAY_SIZE(waves); w++) {
		char pair[64];
		snprintf(pair, sizeof(pair), "%s..%s", waves[w - 1], waves[w]);
		for (size_t s = 0; s < ARRAY_SIZE(scales); s++)
			for (size_t k = 0; k < ARRAY_SIZE(designs); k++) {
				double v = rows_val(&r, scales[s], "all", "", pair, designs[k], RS_VERDICT);
				int planted = w == 3 && !strcmp(scales[s], "information");
				if (planted)
					assert_close(v, RES_VERDICT_UP, 0);
				else if (sure(v))
					fail_msg("%s %s %s: a sure change where none was planted", scales[s], pair, designs[k]);
			}
	}
	double md = rows_val(&r, "information", "all", "", "k2_2026..k3_2026", "paired", RS_MEAN_DIFF);
	assert_true(md > 0.4 && md < 0.8);
	assert_true(rows_val(&r, "information", "all", "", "k2_2026..k3_2026", "paired", RS_N_PAIRS) > 60);
	/* no municipality column, so no municipality rows */
	for (size_t i = 0; i < r.n; i++)
		assert_true(strcmp(r.rows[i].breakdown, "municipality") && strcmp(r.rows[i].breakdown, "unit"));
	results_release(&r);
}

/* Åben Dialog (sample-data/README.md): the NPS and the share answering
 * yes per wave and their changes in both designs, and the planted
 * findings: the citizens' dialogue and the network's shared direction
 * rise, staff's dialogue does not move, the recommend score and the wish
 * to meet again rise. */
static void test_aaben_dialog(void **state)
{
	(void)state;
	static const char *const designs[] = { "paired", "independent" };
	const char *pair = "opstart..seks_mdr";
	struct results r;
	rows_analyse_study("sample-data/aaben-dialog/aaben-dialog.ini", 50, &r);
	struct planted_counts c = check_planted(&r, "sample-data/aaben-dialog/planted.csv");
	/* 2 waves x 4 cells: 2 scales, 9 items, one NPS, one yes/no; 4 x 2 pairs */
	assert_true(c.scale == 16 && c.item == 72 && c.nps == 8 && c.yes == 8 && c.paired == 8);

	for (size_t k = 0; k < ARRAY_SIZE(designs); k++) {
		const char *d = designs[k];
		double nb = rows_val(&r, "anbefal", "all", "", pair, d, RS_NPS_BASE);
		double nl = rows_val(&r, "anbefal", "all", "", pair, d, RS_NPS_LATER);
		assert_close_abs(rows_val(&r, "anbefal", "all", "", pair, d, RS_NPS_DIFF), nl - nb, 0, 1e-9);
		assert_true(rows_val(&r, "anbefal", "all", "", pair, d, RS_NPS_DIFF_CI_LOW) > 0);
		double yb = rows_val(&r, "igen", "all", "", pair, d, RS_TOP2_BASE);
		double yl = rows_val(&r, "igen", "all", "", pair, d, RS_TOP2_LATER);
		assert_close_abs(rows_val(&r, "igen", "all", "", pair, d, RS_TOP2_DIFF), yl - yb, 0, 1e-9);
		assert_true(rows_val(&r, "igen", "all", "", pair, d, RS_TOP2_DIFF_CI_LOW) > 0);
	}
	assert_close(rows_val(&r, "dialog", "group", "borger", pair, "paired", RS_VERDICT), RES_VERDICT_UP, 0);
	assert_close(rows_val(&r, "retning", "group", "netvaerk", pair, "paired", RS_VERDICT), RES_VERDICT_UP, 0);
	assert_false(sure(rows_val(&r, "dialog", "group", "medarbejder", pair, "paired", RS_VERDICT)));
	assert_false(sure(rows_val(&r, "retning", "group", "medarbejder", pair, "paired", RS_VERDICT)));
	results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_advisory_board),
		cmocka_unit_test(test_aaben_dialog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
