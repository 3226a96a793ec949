/* test_analysis.c: the statistics stage end to end on small datasets, against R 4.2.2, and its edge cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats/analysis.h"
#include "stats/audit.h"
#include "stats/analysis_internal.h"
#include "core/dataset.h"
#include "stats/results.h"
#include "resultsutil.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VI (TDS_NONSUBST_BASE + 1) /* "Ved ikke" */
#define BL TDS_BLANK

/* Items a1, a2, a3 (reverse-worded) form scale s; b1 stands alone; all on
 * one 5-point scale with "Ved ikke".  Waves foer, efter (and sidst), groups
 * g1, g2, municipality M1. */
static void make_meta(struct tds *d, size_t waves, int min_group_size)
{
	static const char *const wid[] = { "foer", "efter", "sidst" };
	static const char *const pts[] = { "Helt uenig", "Uenig", "Hverken", "Enig", "Helt enig" };
	struct tds_meta *m = &d->meta;
	tds_init(d);
	m->min_group_size = min_group_size;
	m->n_waves = waves;
	m->waves = xcalloc(waves, sizeof(*m->waves));
	for (size_t w = 0; w < waves; w++)
		m->waves[w].id = xstrdup(wid[w]);
	m->n_groups = 2;
	m->groups = xcalloc(2, sizeof(*m->groups));
	m->groups[0].id = xstrdup("g1");
	m->groups[1].id = xstrdup("g2");
	m->n_municipalities = 1;
	m->municipalities = strv_dup(1, (const char *const[]){ "M1" });
	m->n_answers = 1;
	m->answers = xcalloc(1, sizeof(*m->answers));
	answers_set(&m->answers[0], "enig5", 5, pts, pts, 1, dont_know_da, dont_know_en);
	m->n_scales = 1;
	m->scales = xcalloc(1, sizeof(*m->scales));
	m->scales[0].id = xstrdup("s");
	static const struct { const char *id; int scale, reverse; } it[] = {
		{ "a1", 0, 0 }, { "a2", 0, 0 }, { "a3", 0, 1 }, { "b1", -1, 0 },
	};
	m->n_items = 4;
	m->items = xcalloc(4, sizeof(*m->items));
	for (size_t i = 0; i < 4; i++) {
		m->items[i].id = xstrdup(it[i].id);
		m->items[i].scale = it[i].scale;
		m->items[i].reverse = it[i].reverse;
	}
}

static void add(struct tds *d, int wave, int group, int key, int a1, int a2, int a3, int b1)
{
	struct tds_row r = { (uint8_t)wave, (uint16_t)group, 0, TDS_NONE, { 0 } };
	r.key[0] = (uint8_t)key;
	uint8_t *x = tds_add_row(d, &r);
	x[0] = (uint8_t)a1;
	x[1] = (uint8_t)a2;
	x[2] = (uint8_t)a3;
	x[3] = (uint8_t)b1;
}

/* The reference study (the same numbers are in R below):
 *   a1b <- c(2,3,3,4,1,2,5,3); a1l <- c(3,4,4,5,2,2,5,4)
 *   a2b <- c(3,3,4,4,2,2,5,NA); a2l <- c(4,3,4,5,3,3,NA,4)
 *   a3b <- c(4,3,2,2,5,4,1,NA); a3l <- c(3,2,2,1,4,4,1,2)   (a3b[8] is "Ved ikke")
 *   b1b <- c(1,2,3,4,5,3,3,2); b1l <- c(2,2,4,4,5,4,4,3)
 * Later respondents 1..6 are baseline respondents 1..6 again (keys 1..6);
 * respondents 1-4 are in g1, 5-8 in g2. */
static void make_reference(struct tds *d, size_t waves, int min_group_size)
{
	static const int b[8][4] = { { 2, 3, 4, 1 }, { 3, 3, 3, 2 }, { 3, 4, 2, 3 }, { 4, 4, 2, 4 },
				     { 1, 2, 5, 5 }, { 2, 2, 4, 3 }, { 5, 5, 1, 3 }, { 3, BL, VI, 2 } };
	static const int l[8][4] = { { 3, 4, 3, 2 }, { 4, 3, 2, 2 }, { 4, 4, 2, 4 }, { 5, 5, 1, 4 },
				     { 2, 3, 4, 5 }, { 2, 3, 4, 4 }, { 5, BL, 1, 4 }, { 4, 4, 2, 3 } };
	make_meta(d, waves, min_group_size);
	for (int i = 0; i < 8; i++)
		add(d, 0, i < 4 ? 0 : 1, i + 1, b[i][0], b[i][1], b[i][2], b[i][3]);
	for (int i = 0; i < 8; i++)
		add(d, 1, i < 4 ? 0 : 1, i < 6 ? i + 1 : i + 3, l[i][0], l[i][1], l[i][2], l[i][3]);
}

/* The state of the tests on the reference study: the dataset and its results. */
struct analysed {
	struct tds d;
	struct results r;
};

/* cmocka fixtures: the reference study of two waves with minimum group
 * size 1, analysed with the default options (reference_bh_setup: with
 * the Benjamini-Hochberg adjustment too), as a struct analysed in *state;
 * analysed_teardown frees it. */
static int analysed_setup(void **state, int bh)
{
	struct analysed *a = xcalloc(1, sizeof(*a));
	struct stats_options o;
	stats_options_init(&o);
	o.bh = bh;
	make_reference(&a->d, 2, 1);
	rows_analyse(&a->d, &o, &a->r);
	*state = a;
	return 0;
}

static int reference_setup(void **state)
{
	return analysed_setup(state, 0);
}

static int reference_bh_setup(void **state)
{
	return analysed_setup(state, 1);
}

static int analysed_teardown(void **state)
{
	struct analysed *a = *state;
	results_release(&a->r);
	tds_release(&a->d);
	free(a);
	return 0;
}

/* The results in the state of a test with a reference fixture. */
static const struct results *fixture_results(void **state)
{
	return &((const struct analysed *)*state)->r;
}

/* One expected row of the results: its variable, breakdown and breakdown
 * value, wave, design, statistic and index.  A row whose why is OK holds
 * value within the relative tolerance rel (0: exactly); any other why is
 * the note of a row that is not applicable. */
struct expect {
	const char *var, *bd, *bv, *wave, *design;
	enum res_stat stat;
	int index;
	enum res_reason why;
	double value, rel;
};

/* The why of an expected row that is ok. */
#define OK RES_WHY_NONE

#define REL 1e-12
#define PREL 1e-9

/* Every row of want[0..n) in r as it expects; name names the table in a
 * failure. */
static void expect_rows(const struct results *r, const struct expect *want, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		const struct expect *e = &want[i];
		if (e->why != OK) {
			rows_expect_na(r, e->var, e->bd, e->bv, e->wave, e->design, e->stat, e->why);
			continue;
		}
		double got = rows_val_at(r, e->var, e->bd, e->bv, e->wave, e->design, e->stat, e->index);
		char what[256], stat[64];
		snprintf(what, sizeof(what), "%s[%zu] (%s %s '%s' %s '%s' %s)", name, i, e->var, e->bd, e->bv,
			 e->wave, e->design, res_stat_format(e->stat, e->index, stat, sizeof(stat)));
		check_close(got, e->value, e->rel, 0, what, __FILE__, __LINE__);
	}
}

#define EXPECT_ROWS(r, table) expect_rows((r), (table), ARRAY_SIZE(table), #table)

/* One wave, an item and the scale, against R 4.2.2. */
static const struct expect one_wave[] = {
	/* R: mean(a1b), sd(a1b), median(a1b), t.test(a1b)$conf.int */
	{ "a1", "all", "", "foer", "", RS_MEAN, 0, OK, 2.875, REL },
	{ "a1", "all", "", "foer", "", RS_SD, 0, OK, 1.2464234547582249, REL },
	{ "a1", "all", "", "foer", "", RS_MEDIAN, 0, OK, 3, REL },
	{ "a1", "all", "", "foer", "", RS_MEAN_CI_LOW, 0, OK, 1.8329639146121397, REL },
	{ "a1", "all", "", "foer", "", RS_MEAN_CI_HIGH, 0, OK, 3.9170360853878603, REL },
	{ "a1", "all", "", "foer", "", RS_MEAN_0_100, 0, OK, (2.875 - 1) / 4 * 100, REL },
	/* top-2 box 2 of 8; R: prop.test(2, 8, correct = FALSE)$conf.int */
	{ "a1", "all", "", "foer", "", RS_TOP2, 0, OK, 0.25, REL },
	{ "a1", "all", "", "foer", "", RS_TOP2_CI_LOW, 0, OK, 0.071479212752109028, REL },
	{ "a1", "all", "", "foer", "", RS_TOP2_CI_HIGH, 0, OK, 0.590724569689831, REL },
	{ "a1", "all", "", "foer", "", RS_COUNT_POINT, 3, OK, 3, 0 },
	{ "a1", "all", "", "foer", "", RS_PCT_POINT, 3, OK, 37.5, REL },
	/* a3: one "Ved ikke", kept apart and out of the percentages */
	{ "a3", "all", "", "foer", "", RS_N, 0, OK, 7, 0 },
	{ "a3", "all", "", "foer", "", RS_N_MISSING, 0, OK, 1, 0 },
	{ "a3", "all", "", "foer", "", RS_COUNT_NONSUBST, 1, OK, 1, 0 },
	{ "a3", "all", "", "foer", "", RS_COUNT_BLANK, 0, OK, 0, 0 },
	{ "a3", "all", "", "foer", "", RS_PCT_POINT, 2, OK, 200.0 / 7, REL },
	{ "a2", "all", "", "foer", "", RS_COUNT_BLANK, 0, OK, 1, 0 },
	/* the scale: respondent 8 answered one of three items, so has no score;
	 * R: sb <- c(7/3, 3, 11/3, 4, 4/3, 2, 5); mean, sd, median, t.test */
	{ "s", "all", "", "foer", "", RS_N, 0, OK, 7, 0 },
	{ "s", "all", "", "foer", "", RS_N_MISSING, 0, OK, 1, 0 },
	{ "s", "all", "", "foer", "", RS_MEAN, 0, OK, 3.0476190476190474, REL },
	{ "s", "all", "", "foer", "", RS_SD, 0, OK, 1.2682529749484557, REL },
	{ "s", "all", "", "foer", "", RS_MEDIAN, 0, OK, 3, REL },
	{ "s", "all", "", "foer", "", RS_MEAN_CI_LOW, 0, OK, 1.8746806759462613, REL },
	{ "s", "all", "", "foer", "", RS_MEAN_CI_HIGH, 0, OK, 4.2205574192918336, REL },
	/* scores 2.33 2 1.33 -> bins 2, 2, 1 (nearest point, half up: 3.67 -> 4) */
	{ "s", "all", "", "foer", "", RS_COUNT_BIN, 2, OK, 2, 0 },
	{ "s", "all", "", "foer", "", RS_COUNT_BIN, 4, OK, 2, 0 },
	{ "s", "all", "", "foer", "", RS_COUNT_BIN, 5, OK, 1, 0 },
	/* a group */
	{ "a1", "group", "g2", "efter", "", RS_MEAN, 0, OK, 13.0 / 4, REL },
	{ "a1", "municipality_group", "M1|g2", "efter", "", RS_MEAN, 0, OK, 13.0 / 4, REL },
	/* study rows */
	{ "*", "all", "", "", "", RS_BOOTSTRAP_SEED, 0, OK, 20211001, 0 },
	{ "*", "all", "", "", "", RS_BOOTSTRAP_RESAMPLES, 0, OK, 2000, 0 },
	{ "*", "all", "", "", "", RS_MIN_GROUP_SIZE, 0, OK, 1, 0 },
	{ "*", "group", "g1", "foer", "", RS_RESPONDENTS, 0, OK, 4, 0 },
};

static void test_reference_one_wave(void **state)
{
	EXPECT_ROWS(fixture_results(state), one_wave);
}

/* Paired and independent change, against R 4.2.2. */
static const struct expect change[] = {
	/* R: t.test(a1l[1:6], a1b[1:6], paired = TRUE) */
	{ "a1", "all", "", "foer..efter", "paired", RS_N_PAIRS, 0, OK, 6, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_MEAN_DIFF, 0, OK, 5.0 / 6, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_T, 0, OK, 5.0000000000000009, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_DF, 0, OK, 5, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_P, 0, OK, 0.004104715980053319, PREL },
	{ "a1", "all", "", "foer..efter", "paired", RS_MEAN_DIFF_CI_LOW, 0, OK, 0.40490302739394785, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_MEAN_DIFF_CI_HIGH, 0, OK, 1.261763639272719, REL },
	/* R: wilcox.test(a1l[1:6], a1b[1:6], paired = TRUE): ties and a zero -> normal */
	{ "a1", "all", "", "foer..efter", "paired", RS_SIGNEDRANK_V, 0, OK, 15, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_SIGNEDRANK_P, 0, OK, 0.036888425707049893, PREL },
	/* R: mcnemar.test(matrix(c(1, 0, 2, 3), 2)) on the top-2 box */
	{ "a1", "all", "", "foer..efter", "paired", RS_MCNEMAR_CHI2, 0, OK, 0.5, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_MCNEMAR_P, 0, OK, 0.47950012218695348, PREL },
	{ "a1", "all", "", "foer..efter", "paired", RS_TOP2_DIFF, 0, OK, 2.0 / 6, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_PAIRED_LEADS, 0, OK, 0, 0 },
	/* R: t.test(a1l, a1b); wilcox.test(a1l, a1b) */
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_T, 0, OK, 1.2321007625826008, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_DF, 0, OK, 13.967559739319332, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_P, 0, OK, 0.23825073558439289, PREL },
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_CI_LOW, 0, OK, -0.55585146539693853, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_CI_HIGH, 0, OK, 2.0558514653969384, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_W, 0, OK, 43, 0 },
	{ "a1", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_P, 0, OK, 0.25790047440765734, PREL },
	{ "a1", "all", "", "foer..efter", "independent", RS_RANK_BISERIAL, 0, OK, 2.0 * 43 / 64 - 1, REL },
	/* the scale; R: t.test(sl[1:6], sb[1:6], paired = TRUE), wilcox.test(...) */
	{ "s", "all", "", "foer..efter", "paired", RS_T, 0, OK, 5.3979561904930993, REL },
	{ "s", "all", "", "foer..efter", "paired", RS_P, 0, OK, 0.0029471377962263156, PREL },
	{ "s", "all", "", "foer..efter", "paired", RS_MEAN_DIFF_CI_LOW, 0, OK, 0.37828995226288703, REL },
	{ "s", "all", "", "foer..efter", "paired", RS_MEAN_DIFF_CI_HIGH, 0, OK, 1.0661544921815578, REL },
	{ "s", "all", "", "foer..efter", "paired", RS_SIGNEDRANK_V, 0, OK, 21, 0 },
	{ "s", "all", "", "foer..efter", "paired", RS_SIGNEDRANK_P, 0, OK, 0.035014981019662508, PREL },
	{ "s", "all", "", "foer..efter", "paired", RS_D_Z, 0, OK, 2.2037063867676343, REL },
	{ "s", "all", "", "foer..efter", "independent", RS_WELCH_T, 0, OK, 1.0974331798533061, REL },
	{ "s", "all", "", "foer..efter", "independent", RS_WELCH_DF, 0, OK, 11.611440963164666, REL },
	{ "s", "all", "", "foer..efter", "independent", RS_WELCH_P, 0, OK, 0.29468907169338554, PREL },
	{ "s", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_W, 0, OK, 37.5, 0 },
	{ "s", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_P, 0, OK, 0.29195084413775213, PREL },
	/* Holm and BH within the family "items of s x all x foer..efter x paired t";
	 * R: p.adjust(c(0.004104715980053319, 0.025031015818452955,
	 *              0.025031015818452955), "holm" / "BH") */
	{ "a1", "all", "", "foer..efter", "paired", RS_HOLM_P, 0, OK, 0.012314147940159958, PREL },
	{ "a2", "all", "", "foer..efter", "paired", RS_HOLM_P, 0, OK, 0.05006203163690591, PREL },
	{ "a3", "all", "", "foer..efter", "paired", RS_HOLM_P, 0, OK, 0.05006203163690591, PREL },
	{ "a2", "all", "", "foer..efter", "paired", RS_BH_P, 0, OK, 0.025031015818452955, PREL },
	/* The verdict: the family "items of s x foer..efter x breakdown all"
	 * holds the three leading tests (Welch: 6 pairs < 10), m = 3;
	 * R: t.test(a1l, a1b, conf.level = 1 - 0.05/3),
	 *    t.test(a1l[1:6], a1b[1:6], paired = TRUE, conf.level = 1 - 0.05/3) */
	{ "a1", "all", "", "foer..efter", "independent", RS_VERDICT_M, 0, OK, 3, 0 },
	{ "a1", "all", "", "foer..efter", "independent", RS_VERDICT_CI_LOW, 0, OK, -0.9048557105244438, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_VERDICT_CI_HIGH, 0, OK, 2.4048557105244437, REL },
	{ "a1", "all", "", "foer..efter", "independent", RS_VERDICT, 0, OK, RES_VERDICT_UNDECIDED, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_VERDICT_M, 0, OK, 3, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_VERDICT_CI_LOW, 0, OK, 0.2443148826569384, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_VERDICT_CI_HIGH, 0, OK, 1.4223517840097284, REL },
	{ "a1", "all", "", "foer..efter", "paired", RS_VERDICT, 0, OK, RES_VERDICT_UP, 0 },
	/* the scale is alone in its family (m = 1): the 95 % interval above */
	{ "s", "all", "", "foer..efter", "paired", RS_VERDICT_M, 0, OK, 1, 0 },
	{ "s", "all", "", "foer..efter", "paired", RS_VERDICT_CI_LOW, 0, OK, 0.37828995226288703, REL },
	{ "s", "all", "", "foer..efter", "paired", RS_VERDICT, 0, OK, RES_VERDICT_UP, 0 },
	{ "*", "all", "", "", "", RS_SMALLEST_CHANGE, 0, OK, 0.2, 0 },
};

static void test_reference_change(void **state)
{
	const struct results *r = fixture_results(state);
	const char *w = "foer..efter";
	EXPECT_ROWS(r, change);
	/* the bootstrap runs for scales, with both intervals around the estimate */
	double lo = rows_val(r, "s", "all", "", w, "paired", RS_BOOT_PCT_CI_LOW);
	double hi = rows_val(r, "s", "all", "", w, "paired", RS_BOOT_PCT_CI_HIGH);
	assert_true(lo < 13.0 / 18 && 13.0 / 18 < hi);
	/* b1 is alone in its family: adjusted = raw */
	assert_close(rows_val(r, "b1", "all", "", w, "paired", RS_HOLM_P), rows_val(r, "b1", "all", "", w, "paired", RS_P), 0);
}

/* The verdict's rule at its edges (docs/statistics.md, the verdict): sure
 * only when 0 is outside the interval, about unchanged only when the
 * whole interval is inside +-delta, else undecided. */
static void test_verdict_rule(void **state)
{
	(void)state;
	assert_int_equal(an_verdict(0.01, 0.5, 0.2), RES_VERDICT_UP);
	assert_int_equal(an_verdict(-0.5, -0.01, 0.2), RES_VERDICT_DOWN);
	assert_int_equal(an_verdict(0.01, 0.05, 0.2), RES_VERDICT_UP); /* sure, if small */
	assert_int_equal(an_verdict(-0.19, 0.19, 0.2), RES_VERDICT_UNCHANGED);
	assert_int_equal(an_verdict(-0.19, 0.21, 0.2), RES_VERDICT_UNDECIDED);
	assert_int_equal(an_verdict(-0.2, 0.1, 0.2), RES_VERDICT_UNDECIDED); /* on the bound */
	assert_int_equal(an_verdict(0, 0.3, 0.2), RES_VERDICT_UNDECIDED);    /* touches 0 */
	assert_int_equal(an_verdict(-1.5, 1.4, 0.2), RES_VERDICT_UNDECIDED);
}

/* Cronbach's alpha of s at baseline (7 listwise complete), against R 4.2.2:
 *   X <- cbind(a1b, a2b, 6 - a3b)[1:7, ]; C <- cov(X);
 *   alpha = 3/2 (1 - sum(diag(C))/sum(C)); Feldt with qf(c(.975, .025), 6, 12);
 *   alpha if deleted from C[-i, -i]; cor(X[, i], rowSums(X[, -i])). */
static const struct expect alpha[] = {
	{ "s", "all", "", "foer", "", RS_ALPHA_N, 0, OK, 7, 0 },
	{ "s", "all", "", "foer", "", RS_ALPHA, 0, OK, 0.97697368421052644, 1e-12 },
	{ "s", "all", "", "foer", "", RS_ALPHA_CI_LOW, 0, OK, 0.91415116839556765, 1e-10 },
	{ "s", "all", "", "foer", "", RS_ALPHA_CI_HIGH, 0, OK, 0.99570904416477268, 1e-10 },
	{ "a1", "all", "", "foer", "", RS_ALPHA_IF_DELETED, 0, OK, 0.96183206106870234, 1e-12 },
	{ "a2", "all", "", "foer", "", RS_ALPHA_IF_DELETED, 0, OK, 0.98089171974522293, 1e-12 },
	{ "a3", "all", "", "foer", "", RS_ALPHA_IF_DELETED, 0, OK, 0.95081967213114749, 1e-12 },
	{ "a1", "all", "", "foer", "", RS_ITEM_TOTAL_R, 0, OK, 0.95670121760504445, 1e-12 },
	{ "a3", "all", "", "foer", "", RS_ITEM_TOTAL_R, 0, OK, 0.97789782339744691, 1e-12 },
	/* per group: g2 has 3 complete respondents at baseline */
	{ "s", "group", "g2", "foer", "", RS_ALPHA_N, 0, OK, 3, 0 },
};

static void test_reference_alpha(void **state)
{
	EXPECT_ROWS(fixture_results(state), alpha);
}

/* Everybody answers 4: R's t.test stops ("data are essentially constant"),
 * every paired difference is zero, no discordant pairs. */
static const struct expect constant[] = {
	{ "a1", "all", "", "foer", "", RS_MEAN, 0, OK, 4, 0 },
	{ "a1", "all", "", "foer", "", RS_SD, 0, OK, 0, 0 },
	{ "a1", "all", "", "foer", "", RS_MEAN_CI_LOW, 0, .why = RES_WHY_CONSTANT },
	{ "a1", "all", "", "foer", "", RS_TOP2, 0, OK, 1, 0 },
	{ "a1", "all", "", "foer", "", RS_TOP2_CI_HIGH, 0, OK, 1, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_T, 0, .why = RES_WHY_ZERO_DIFFERENCES },
	{ "a1", "all", "", "foer..efter", "paired", RS_HOLM_P, 0, .why = RES_WHY_ZERO_DIFFERENCES },
	{ "a1", "all", "", "foer..efter", "paired", RS_SIGNEDRANK_P, 0, .why = RES_WHY_ZERO_DIFFERENCES },
	{ "a1", "all", "", "foer..efter", "paired", RS_MCNEMAR_P, 0, .why = RES_WHY_NO_DISCORDANT },
	{ "a1", "all", "", "foer..efter", "paired", RS_MEAN_DIFF, 0, OK, 0, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_TOP2_DIFF, 0, OK, 0, 0 },
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_T, 0, .why = RES_WHY_CONSTANT },
	{ "a1", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_P, 0, .why = RES_WHY_CONSTANT },
	{ "a1", "all", "", "foer..efter", "independent", RS_HEDGES_G, 0, .why = RES_WHY_CONSTANT },
	{ "s", "all", "", "foer", "", RS_ALPHA, 0, .why = RES_WHY_CONSTANT },
	{ "s", "all", "", "foer..efter", "paired", RS_BOOT_PCT_CI_LOW, 0, .why = RES_WHY_CONSTANT },
};

static void test_constant(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 1);
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < 6; i++)
			add(&d, w, i % 2, i + 1, 4, 4, 2, 4);
	struct results r;
	rows_analyse(&d, NULL, &r);
	EXPECT_ROWS(&r, constant);
	results_release(&r);
	tds_release(&d);
}

/* n = 0, 1, 2 and a change with no pairs (minimum group size 0). */
static const struct expect small_n[] = {
	/* n = 1 */
	{ "a1", "all", "", "foer", "", RS_MEAN, 0, OK, 3, 0 },
	{ "a1", "all", "", "foer", "", RS_SD, 0, .why = RES_WHY_NOT_ENOUGH },
	{ "a1", "all", "", "foer", "", RS_MEAN_CI_LOW, 0, .why = RES_WHY_NOT_ENOUGH },
	{ "a1", "all", "", "foer", "", RS_TOP2, 0, OK, 0, 0 },
	/* n = 2: R: sd(c(2, 5)); t.test(c(2, 5))$conf.int */
	{ "a1", "all", "", "efter", "", RS_SD, 0, OK, 2.1213203435596424, REL },
	{ "a1", "all", "", "efter", "", RS_MEAN_CI_LOW, 0, OK, -15.559307104262039, 1e-10 },
	{ "a1", "all", "", "efter", "", RS_MEAN_CI_HIGH, 0, OK, 22.559307104262043, 1e-10 },
	/* n = 0 */
	{ "a2", "all", "", "foer", "", RS_N, 0, OK, 0, 0 },
	{ "a2", "all", "", "foer", "", RS_MEAN, 0, .why = RES_WHY_NO_OBSERVATIONS },
	{ "b1", "all", "", "foer", "", RS_COUNT_NONSUBST, 1, OK, 1, 0 },
	/* no keys, so no pairs */
	{ "a1", "all", "", "foer..efter", "paired", RS_N_PAIRS, 0, OK, 0, 0 },
	{ "a1", "all", "", "foer..efter", "paired", RS_T, 0, .why = RES_WHY_NO_PAIRS },
	{ "a1", "all", "", "foer..efter", "paired", RS_MEAN_DIFF, 0, .why = RES_WHY_NO_PAIRS },
	/* independent with n 1 vs 2 */
	{ "a1", "all", "", "foer..efter", "independent", RS_WELCH_T, 0, .why = RES_WHY_NOT_ENOUGH },
	{ "a1", "all", "", "foer..efter", "independent", RS_MEAN_DIFF, 0, OK, 0.5, 0 },
	/* R: wilcox.test(c(2, 5), 3): W = 1, exact p = 1 */
	{ "a1", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_W, 0, OK, 1, 0 },
	{ "a1", "all", "", "foer..efter", "independent", RS_MANNWHITNEY_P, 0, OK, 1, PREL },
};

static void test_small_n(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 0);
	add(&d, 0, 0, 0, 3, BL, 3, VI);
	add(&d, 1, 0, 0, 2, BL, 3, VI);
	add(&d, 1, 0, 0, 5, BL, 3, VI);
	struct results r;
	rows_analyse(&d, NULL, &r);
	EXPECT_ROWS(&r, small_n);
	results_release(&r);
	tds_release(&d);
}

/* Three waves: the baseline against each later wave; 2 pairs leave g_av
 * undefined (Hedges' J needs n - 1 > 1). */
static const struct expect three_waves[] = {
	{ "a1", "all", "", "foer..efter", "paired", RS_N_PAIRS, 0, OK, 6, 0 },
	{ "a1", "all", "", "foer..sidst", "paired", RS_N_PAIRS, 0, OK, 2, 0 },
	/* R: t.test(c(5, 5), c(2, 3), paired = TRUE): t = 5, df = 1 */
	{ "a1", "all", "", "foer..sidst", "paired", RS_T, 0, OK, 5, REL },
	{ "a1", "all", "", "foer..sidst", "paired", RS_G_AV, 0, .why = RES_WHY_NOT_ENOUGH },
	{ "a1", "all", "", "foer..sidst", "independent", RS_N_LATER, 0, OK, 3, 0 },
	{ "a1", "all", "", "sidst", "", RS_MEAN, 0, OK, 14.0 / 3, REL },
};

static void test_three_waves(void **state)
{
	(void)state;
	struct tds d;
	make_reference(&d, 3, 1);
	add(&d, 2, 0, 1, 5, 5, 1, 5);
	add(&d, 2, 0, 2, 5, 4, 1, 5);
	add(&d, 2, 1, 0, 4, 4, 2, 5);
	struct results r;
	rows_analyse(&d, NULL, &r);
	EXPECT_ROWS(&r, three_waves);
	results_release(&r);
	tds_release(&d);
}

/* Minimum group size 5: the groups (4 + 4) carry no numbers at all, and
 * neither does the total (8), which would give them back; a change is
 * suppressed when a side is, and paired when fewer than 5 pairs.  Every
 * suppressed row of a group says it is below the minimum. */
static void test_suppression(void **state)
{
	(void)state;
	struct tds d;
	make_reference(&d, 2, 5);
	struct stats_options o;
	stats_options_init(&o);
	struct results r;
	rows_analyse(&d, &o, &r);
	size_t shown = 0, hidden = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct res_row *x = &r.rows[i];
		if (!strcmp(x->breakdown, "group") || !strcmp(x->breakdown, "municipality_group")) {
			if (x->status != RES_SUPPRESSED)
				print_error("shown: %s %s %s %s %s\n", x->variable, x->breakdown_value, x->wave,
					    x->design, rows_stat_name(x));
			assert_int_equal(x->status, RES_SUPPRESSED);
			assert_true(isnan(x->value));
			/* every group has 4 answers: each is below the minimum itself */
			assert_int_equal(x->note, RES_WHY_SUPPRESSED);
			hidden++;
		} else if (x->status == RES_OK) {
			shown++;
		}
	}
	/* the total 8 = g1 + g2 leaves each group anything in 0..8: every
	 * hidden cell carries the same note, so nothing says the groups are
	 * small, and the totals are shown */
	assert_true(hidden > 100 && shown >= 5);
	assert_int_equal(rows_find(&r, "a1", "all", "", "foer", "", RS_N)->status, RES_OK);
	assert_int_equal(rows_find(&r, "a2", "all", "", "efter", "", RS_N)->status, RES_OK);
	assert_int_equal(rows_find(&r, "a1", "all", "", "foer..efter", "paired", RS_N_PAIRS)->status, RES_OK);
	/* alpha at baseline in g2 rests on 3 respondents */
	assert_int_equal(rows_find(&r, "s", "group", "g2", "foer", "", RS_ALPHA)->status, RES_SUPPRESSED);
	assert_int_equal(rows_find(&r, "*", "group", "g1", "foer", "", RS_RESPONDENTS)->status, RES_SUPPRESSED);
	assert_close(rows_val(&r, "*", "all", "", "", "", RS_PAIRED_LEAD_MIN), 10, 0);
	results_release(&r);

	/* a higher minimum from the command line wins; a lower one does not */
	o.min_group_size = 9;
	rows_analyse(&d, &o, &r);
	assert_int_equal(rows_find(&r, "a1", "all", "", "foer", "", RS_N)->status, RES_SUPPRESSED);
	results_release(&r);
	o.min_group_size = 1;
	rows_analyse(&d, &o, &r);
	assert_int_equal(rows_find(&r, "a1", "group", "g1", "foer", "", RS_N)->status, RES_SUPPRESSED);
	results_release(&r);
	tds_release(&d);
}

/* Groups g1, g2 in municipalities M1, M2, 8 respondents in each
 * municipality x group cell at both waves; the pairs: M1|g1 3, M1|g2 3,
 * M2|g1 4, M2|g2 1 (all 11, g1 7, g2 4, M1 6, M2 5).  Every cell of the
 * pair table has to be hidden, and then the notes alone say M1 >= 5 and
 * M2 >= 5 with each municipality x group cell below 5: each g2 cell holds
 * at least one pair and g2 2..4 (see test_pairs_from_notes in
 * test_audit.c).  No cell is left to hide, so the pair tables are withheld;
 * the one-wave and independent rows are published as planned and the
 * whole passes the audit. */
static void test_pairs_withheld(void **state)
{
	(void)state;
	static const int pairs[2][2] = { { 3, 3 }, { 4, 1 } };
	struct tds d;
	make_meta(&d, 2, 5);
	strv_free(d.meta.municipalities, d.meta.n_municipalities);
	d.meta.n_municipalities = 2;
	d.meta.municipalities = strv_dup(2, (const char *const[]){ "M1", "M2" });
	int id = 0;
	for (int mu = 0; mu < 2; mu++)
		for (int g = 0; g < 2; g++)
			for (int i = 0; i < 8; i++) {
				id++;
				for (int w = 0; w < 2; w++) {
					struct tds_row r = { (uint8_t)w, (uint16_t)g, (uint16_t)mu, TDS_NONE, { 0 } };
					r.key[0] = (uint8_t)id;
					r.key[1] = (uint8_t)(w && i >= pairs[mu][g]); /* a new respondent */
					uint8_t *x = tds_add_row(&d, &r);
					x[0] = (uint8_t)(1 + (i + w) % 5);
					x[1] = (uint8_t)(1 + (i * 3 + g) % 5);
					x[2] = (uint8_t)(1 + (i + mu) % 5);
					x[3] = (uint8_t)(1 + (i * 2 + w) % 5);
				}
			}
	struct results r;
	rows_analyse(&d, NULL, &r);
	size_t paired = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct res_row *x = &r.rows[i];
		if (!strcmp(x->design, "paired")) {
			/* every municipality x group cell has fewer than 5 pairs */
			if (!strcmp(x->breakdown, "municipality_group")) {
				assert_int_equal(x->status, RES_SUPPRESSED);
				assert_int_equal(x->note, RES_WHY_SUPPRESSED);
			}
			assert_int_not_equal(x->note, RES_WHY_PAIRS_WITHHELD);
			paired++;
		}
	}
	assert_true(paired > 100);
	assert_int_equal(rows_find(&r, "b1", "municipality_group", "M1|g1", "foer", "", RS_N)->status, RES_OK);
	assert_int_equal(rows_find(&r, "b1", "all", "", "foer..efter", "independent", RS_N_BASE)->status, RES_OK);
	struct audit a;
	audit_init(&a);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(audit_run(&a, &r, 5, &err), TILLID_OK);
	assert_true(audit_passed(&a));
	/* the same with the audits' cache (as tillid stats runs): the same
	 * rows, and the audit of the rows to publish solves exactly the last
	 * round's system, so every part comes from the cache and the audit is
	 * the cold one's */
	struct audit_cache cache;
	audit_cache_init(&cache);
	struct stats_options o;
	stats_options_init(&o);
	o.audit_cache = &cache;
	struct results rc;
	rows_analyse(&d, &o, &rc);
	char *x = rows_render(&r), *y = rows_render(&rc);
	assert_string_equal(x, y);
	struct audit b;
	audit_init(&b);
	b.cache = &cache;
	assert_int_equal(audit_run(&b, &rc, 5, &err), TILLID_OK);
	assert_true(b.n_components > 0);
	assert_int_equal(b.n_reused, b.n_components);
	assert_int_equal(b.n_cells, a.n_cells);
	assert_memory_equal(b.cells, a.cells, a.n_cells * sizeof(*a.cells));
	free(x);
	free(y);
	audit_release(&b);
	audit_cache_release(&cache);
	results_release(&rc);
	audit_release(&a);
	sb_release(&err);
	results_release(&r);
	tds_release(&d);
}

/* Same seed, same bytes, whatever the number of bootstrap threads (one,
 * or more than there are bootstraps); another seed moves only the
 * bootstrap. */
static void test_deterministic(void **state)
{
	(void)state;
	struct tds d;
	make_reference(&d, 2, 1);
	struct stats_options o;
	stats_options_init(&o);
	o.resamples = 500;
	o.threads = 1;
	struct results r1, r2, r3;
	rows_analyse(&d, &o, &r1);
	o.threads = 64;
	rows_analyse(&d, &o, &r2);
	o.threads = 1;
	char *a = rows_render(&r1), *b = rows_render(&r2);
	assert_string_equal(a, b);
	o.seed = 7;
	rows_analyse(&d, &o, &r3);
	const char *w = "foer..efter";
	assert_true(isfinite(rows_val(&r1, "s", "all", "", w, "independent", RS_BOOT_BCA_CI_HIGH)));
	assert_true(rows_val(&r1, "s", "all", "", w, "independent", RS_BOOT_PCT_CI_LOW) !=
		    rows_val(&r3, "s", "all", "", w, "independent", RS_BOOT_PCT_CI_LOW));
	assert_close(rows_val(&r3, "*", "all", "", "", "", RS_BOOTSTRAP_SEED), 7, 0);
	assert_close(rows_val(&r3, "*", "all", "", "", "", RS_BOOTSTRAP_RESAMPLES), 500, 0);
	assert_true(rows_val(&r1, "s", "all", "", w, "independent", RS_WELCH_T) ==
		    rows_val(&r3, "s", "all", "", w, "independent", RS_WELCH_T));
	free(a);
	free(b);
	results_release(&r1);
	results_release(&r2);
	results_release(&r3);
	tds_release(&d);
}

/* A dataset that names an undeclared wave is a data error. */
static void test_bad_data(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 1);
	add(&d, 3, 0, 0, 1, 1, 1, 1);
	struct stats_options o;
	stats_options_init(&o);
	struct results r;
	results_init(&r);
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(analysis_run(&d, &o, &r, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "wave"));
	sb_release(&err);
	results_release(&r);
	tds_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reference_one_wave, reference_setup, analysed_teardown),
		cmocka_unit_test_setup_teardown(test_reference_change, reference_bh_setup, analysed_teardown),
		cmocka_unit_test(test_verdict_rule),
		cmocka_unit_test_setup_teardown(test_reference_alpha, reference_setup, analysed_teardown),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_small_n),
		cmocka_unit_test(test_three_waves),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_pairs_withheld),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_bad_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
