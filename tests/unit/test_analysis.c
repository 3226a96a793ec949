/* test_analysis.c: the statistics stage end to end on small datasets, against R 4.2.2, plus its edge cases and the results writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "stats/analysis.h"
#include "core/dataset.h"
#include "pipeline/ingest.h"
#include "stats/results.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* The name of row x's statistic as results.csv writes it. */
static const char *stat_name(const struct res_row *x)
{
	static char name[64];
	return res_stat_format(x->statistic, x->index, name, sizeof(name));
}

/* The row of statistic stat (at index i when it is indexed). */
static const struct res_row *find_at(const struct results *r, const char *var, const char *bd,
				     const char *bv, const char *wave, const char *design,
				     enum res_stat stat, int i)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct res_row *x = &r->rows[k];
		if (!strcmp(x->variable, var) && !strcmp(x->breakdown, bd) && !strcmp(x->breakdown_value, bv) &&
		    !strcmp(x->wave, wave) && !strcmp(x->design, design) && x->statistic == stat &&
		    x->index == (res_stat_indexed(stat) ? i : 0))
			return x;
	}
	char name[64];
	print_error("no row %s %s %s %s %s %s\n", var, bd, bv, wave, design,
		    res_stat_format(stat, i, name, sizeof(name)));
	fail();
	return NULL;
}

static const struct res_row *find(const struct results *r, const char *var, const char *bd,
				  const char *bv, const char *wave, const char *design, enum res_stat stat)
{
	return find_at(r, var, bd, bv, wave, design, stat, 0);
}

/* The value of an ok row. */
static double val_at(const struct results *r, const char *var, const char *bd, const char *bv,
		     const char *wave, const char *design, enum res_stat stat, int i)
{
	const struct res_row *x = find_at(r, var, bd, bv, wave, design, stat, i);
	if (x->status != RES_OK)
		print_error("%s %s %s %s: status %s (%s)\n", var, wave, design, stat_name(x),
			    res_status_name(x->status), res_reason_text(x->note));
	assert_int_equal(x->status, RES_OK);
	return x->value;
}

static double val(const struct results *r, const char *var, const char *bd, const char *bv,
		  const char *wave, const char *design, enum res_stat stat)
{
	return val_at(r, var, bd, bv, wave, design, stat, 0);
}

/* A not applicable row with the note why. */
static void expect_na(const struct results *r, const char *var, const char *bd, const char *bv,
		      const char *wave, const char *design, enum res_stat stat, enum res_reason why)
{
	const struct res_row *x = find(r, var, bd, bv, wave, design, stat);
	assert_int_equal(x->status, RES_NA);
	if (x->note != why)
		print_error("%s %s %s %s: note '%s', expected '%s'\n", var, wave, design, stat_name(x),
			    res_reason_text(x->note), res_reason_text(why));
	assert_int_equal(x->note, why);
}

/* Analyses d with options o (NULL: the defaults) into r, which it
 * initialises; fails the test when the analysis fails. */
static void run(const struct tds *d, const struct stats_options *o, struct results *r)
{
	struct stats_options defaults;
	struct strbuf err = STRBUF_INIT;
	if (!o) {
		stats_options_init(&defaults);
		o = &defaults;
	}
	results_init(r);
	assert_int_equal(analysis_run(d, o, r, &err), TILLID_OK);
	sb_release(&err);
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
	run(&a->d, &o, &a->r);
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
			expect_na(r, e->var, e->bd, e->bv, e->wave, e->design, e->stat, e->why);
			continue;
		}
		double got = val_at(r, e->var, e->bd, e->bv, e->wave, e->design, e->stat, e->index);
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
};

static void test_reference_change(void **state)
{
	const struct results *r = fixture_results(state);
	const char *w = "foer..efter";
	EXPECT_ROWS(r, change);
	/* the bootstrap runs for scales, with both intervals around the estimate */
	double lo = val(r, "s", "all", "", w, "paired", RS_BOOT_PCT_CI_LOW);
	double hi = val(r, "s", "all", "", w, "paired", RS_BOOT_PCT_CI_HIGH);
	assert_true(lo < 13.0 / 18 && 13.0 / 18 < hi);
	/* b1 is alone in its family: adjusted = raw */
	assert_close(val(r, "b1", "all", "", w, "paired", RS_HOLM_P), val(r, "b1", "all", "", w, "paired", RS_P), 0);
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
	run(&d, NULL, &r);
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
	run(&d, NULL, &r);
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
	run(&d, NULL, &r);
	EXPECT_ROWS(&r, three_waves);
	results_release(&r);
	tds_release(&d);
}

/* Minimum group size 5: the groups (4 + 4) carry no numbers at all, the
 * total (8) does; a change is suppressed when a side is, and paired when
 * fewer than 5 pairs.  Every suppressed row says it is below the minimum. */
static void test_suppression(void **state)
{
	(void)state;
	struct tds d;
	make_reference(&d, 2, 5);
	struct stats_options o;
	stats_options_init(&o);
	struct results r;
	run(&d, &o, &r);
	size_t shown = 0, hidden = 0;
	for (size_t i = 0; i < r.n; i++) {
		const struct res_row *x = &r.rows[i];
		if (!strcmp(x->breakdown, "group") || !strcmp(x->breakdown, "municipality_group")) {
			if (x->status != RES_SUPPRESSED)
				print_error("shown: %s %s %s %s %s\n", x->variable, x->breakdown_value, x->wave,
					    x->design, stat_name(x));
			assert_int_equal(x->status, RES_SUPPRESSED);
			assert_true(isnan(x->value));
			/* every group has 4 answers: each is below the minimum itself */
			assert_int_equal(x->note, RES_WHY_FEWER);
			hidden++;
		} else if (x->status == RES_OK) {
			shown++;
		}
	}
	assert_true(hidden > 100 && shown > 100);
	assert_close(val(&r, "a1", "all", "", "foer", "", RS_N), 8, 0);
	/* a2 has 7 answers per wave: shown; the scale has 7 at baseline */
	assert_close(val(&r, "a2", "all", "", "efter", "", RS_N), 7, 0);
	assert_close(val(&r, "a1", "all", "", "foer..efter", "paired", RS_N_PAIRS), 6, 0);
	/* alpha at baseline in g2 rests on 3 respondents */
	assert_int_equal(find(&r, "s", "group", "g2", "foer", "", RS_ALPHA)->status, RES_SUPPRESSED);
	assert_int_equal(find(&r, "*", "group", "g1", "foer", "", RS_RESPONDENTS)->status, RES_SUPPRESSED);
	assert_close(val(&r, "*", "all", "", "", "", RS_PAIRED_LEAD_MIN), 10, 0);
	results_release(&r);

	/* a higher minimum from the command line wins; a lower one does not */
	o.min_group_size = 9;
	run(&d, &o, &r);
	assert_int_equal(find(&r, "a1", "all", "", "foer", "", RS_N)->status, RES_SUPPRESSED);
	results_release(&r);
	o.min_group_size = 1;
	run(&d, &o, &r);
	assert_int_equal(find(&r, "a1", "group", "g1", "foer", "", RS_N)->status, RES_SUPPRESSED);
	results_release(&r);
	tds_release(&d);
}

static char *render(const struct results *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(results_write_fp(r, fp), 0);
	fclose(fp);
	return buf;
}

/* Same seed, same bytes; another seed moves only the bootstrap. */
static void test_deterministic(void **state)
{
	(void)state;
	struct tds d;
	make_reference(&d, 2, 1);
	struct stats_options o;
	stats_options_init(&o);
	o.resamples = 500;
	struct results r1, r2, r3;
	run(&d, &o, &r1);
	run(&d, &o, &r2);
	char *a = render(&r1), *b = render(&r2);
	assert_string_equal(a, b);
	o.seed = 7;
	run(&d, &o, &r3);
	const char *w = "foer..efter";
	assert_true(val(&r1, "s", "all", "", w, "independent", RS_BOOT_PCT_CI_LOW) !=
		    val(&r3, "s", "all", "", w, "independent", RS_BOOT_PCT_CI_LOW));
	assert_close(val(&r3, "*", "all", "", "", "", RS_BOOTSTRAP_SEED), 7, 0);
	assert_close(val(&r3, "*", "all", "", "", "", RS_BOOTSTRAP_RESAMPLES), 500, 0);
	assert_true(val(&r1, "s", "all", "", w, "independent", RS_WELCH_T) ==
		    val(&r3, "s", "all", "", w, "independent", RS_WELCH_T));
	free(a);
	free(b);
	results_release(&r1);
	results_release(&r2);
	results_release(&r3);
	tds_release(&d);
}

/* The writer: RFC 4180 quoting, %.17g, empty values unless ok, the reason
 * of a suppressed row, atomic. */
static void test_writer(void **state)
{
	(void)state;
	struct results r;
	results_init(&r);
	struct res_ctx x = { "a1", "item", "unit", "Odder|Bo, \"unge\"", "foer", "" };
	results_ok(&r, &x, RS_MEAN, 0, 0.1);
	results_add(&r, &x, RS_SD, 0, 1.0, RES_SUPPRESSED, RES_WHY_COMPLEMENTARY);
	results_add(&r, &x, RS_N, 0, 3.0, RES_SUPPRESSED, RES_WHY_FEWER);
	results_add(&r, &x, RS_T, 0, NAN, RES_NA, RES_WHY_CONSTANT);
	results_ok(&r, &x, RS_P, 0, INFINITY);
	results_ok(&r, &x, RS_D_Z, 0, -0.0);
	results_ok(&r, &x, RS_COUNT_POINT, 12, 3);
	results_add(&r, &x, RS_MEAN_CI_LOW, 0, 2.0, RES_OK, RES_WHY_CONSTANT);
	size_t i = results_ok(&r, &x, RS_HOLM_P, 0, 0);
	results_set(&r, i, 1.5e-300, RES_OK, RES_WHY_NONE);
	char *s = render(&r);
	assert_string_equal(s,
		"variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,mean,0.10000000000000001,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,sd,,suppressed,complementary\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,n,,suppressed,fewer than minimum\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,t,,not_applicable,data are essentially constant\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,p,,not_applicable,not finite\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,d_z,0,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,count_point_12,3,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,mean_ci_low,2,ok,\n"
		"a1,item,unit,\"Odder|Bo, \"\"unge\"\"\",foer,,holm_p,1.5000000000000001e-300,ok,\n");
	free(s);
	assert_true(r.rows[0].variable == r.rows[1].variable); /* interned */

	char dir[] = "/tmp/tillid-results-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = path_join(dir, "results.csv");
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(results_write(&r, path, &err), TILLID_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	off_t size = st.st_size;
	/* a failing write (directory not writable) leaves the old file */
	if (geteuid() != 0) {
		chmod(dir, 0500);
		results_ok(&r, &x, RS_MEDIAN, 0, 1);
		assert_int_equal(results_write(&r, path, &err), TILLID_ESYS);
		chmod(dir, 0700);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_size, size);
	}
	unlink(path);
	rmdir(dir);
	free(path);
	sb_release(&err);
	results_release(&r);
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

/* ---- what a reader of the results can subtract ---- */

/* One published count: n (one wave), respondents, or n_pairs. */
struct count_row {
	const struct res_row *r;
};

static int is_count(const struct res_row *x)
{
	return (x->statistic == RS_N && !*x->design) || x->statistic == RS_RESPONDENTS ||
	       (x->statistic == RS_N_PAIRS && !strcmp(x->design, "paired"));
}

/* Orders counts by what they count: variable, wave, design, statistic. */
static int count_cmp(const void *a, const void *b)
{
	const struct res_row *x = ((const struct count_row *)a)->r, *y = ((const struct count_row *)b)->r;
	int c;
	if ((c = strcmp(x->variable, y->variable)) || (c = strcmp(x->wave, y->wave)) ||
	    (c = strcmp(x->design, y->design)))
		return c;
	return (x->statistic > y->statistic) - (x->statistic < y->statistic);
}

/* The families of docs/statistics.md, by their parent. */
enum fam_kind { F_GROUPS, F_MUNIS, F_LOOSE_UNITS, F_MUNI_GROUPS, F_MUNI_UNITS, F_GROUP_MUNIS };

/* Is x a part in family kind of the parent with breakdown value pv? */
static int part_of(enum fam_kind kind, const char *pv, const struct res_row *x)
{
	size_t lp = strlen(pv);
	const char *bar = strchr(x->breakdown_value, '|');
	switch (kind) {
	case F_GROUPS:
		return !strcmp(x->breakdown, "group");
	case F_MUNIS:
		return !strcmp(x->breakdown, "municipality");
	case F_LOOSE_UNITS:
		return !strcmp(x->breakdown, "unit") && x->breakdown_value[0] == '|';
	case F_MUNI_GROUPS:
	case F_MUNI_UNITS:
		return !strcmp(x->breakdown, kind == F_MUNI_GROUPS ? "municipality_group" : "unit") &&
		       !strncmp(x->breakdown_value, pv, lp) && x->breakdown_value[lp] == '|';
	case F_GROUP_MUNIS:
		return !strcmp(x->breakdown, "municipality_group") && bar && !strcmp(bar + 1, pv);
	}
	return 0;
}

/* Check every family of one count (rows[0..n) share variable, wave,
 * design and statistic) as a reader sees it: the total minus the shown
 * parts is 0 or at least min; what the labels add (a complementary part
 * holds at least min) leaves a part below the minimum free to be anything
 * up to min - 1; no family hides exactly one part; a hidden total is not
 * the sum of its shown parts.  Every respondent of the sample is in a
 * group, a municipality and a unit, so the parts add up to the total.
 * Returns the number of families that hide a part. */
static size_t check_count_families(const struct count_row *rows, size_t n, double min)
{
	size_t with_hidden = 0;
	for (size_t p = 0; p < n; p++) {
		const struct res_row *par = rows[p].r;
		enum fam_kind kinds[3];
		int nk = 0;
		if (!strcmp(par->breakdown, "all")) {
			kinds[nk++] = F_GROUPS;
			kinds[nk++] = F_MUNIS;
			kinds[nk++] = F_LOOSE_UNITS;
		} else if (!strcmp(par->breakdown, "municipality")) {
			kinds[nk++] = F_MUNI_GROUPS;
			kinds[nk++] = F_MUNI_UNITS;
		} else if (!strcmp(par->breakdown, "group")) {
			kinds[nk++] = F_GROUP_MUNIS;
		}
		for (int k = 0; k < nk; k++) {
			double shown = 0;
			size_t parts = 0, comp = 0, prim = 0;
			for (size_t c = 0; c < n; c++) {
				const struct res_row *x = rows[c].r;
				if (!part_of(kinds[k], par->breakdown_value, x))
					continue;
				parts++;
				if (x->status == RES_OK)
					shown += x->value;
				else if (x->status == RES_SUPPRESSED && x->note == RES_WHY_COMPLEMENTARY)
					comp++;
				else if (x->status == RES_SUPPRESSED && x->note == RES_WHY_FEWER)
					prim++;
				else
					assert_int_equal(x->status, RES_NA); /* n_pairs of a cell without pairs */
			}
			if (!parts)
				continue;
			size_t hidden = comp + prim;
			with_hidden += hidden > 0;
			if (par->status != RES_OK) {
				if (par->status == RES_SUPPRESSED && !hidden)
					fail_msg("%s %s %s %s: the hidden total is the sum of its shown parts",
						 par->variable, stat_name(par), par->breakdown_value, par->wave);
				continue;
			}
			double resid = par->value - shown;
			if ((resid > 0 && resid < min) || (hidden == 1 && resid > 0) ||
			    (prim && resid - (double)comp * min < min - 1) || resid < (double)comp * min)
				fail_msg("%s %s %s '%s' %s family %d: total %g, shown parts %g, hidden %zu "
					 "(%zu complementary)", par->variable, stat_name(par), par->breakdown,
					 par->breakdown_value, par->wave, (int)kinds[k], par->value, shown, hidden,
					 comp);
		}
	}
	return with_hidden;
}

/* Every count in the results checked by check_count_families; returns the
 * number of families that hide a part. */
static size_t check_published_counts(const struct results *r, double min)
{
	struct count_row *rows = xmalloc((r->n ? r->n : 1) * sizeof(*rows));
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (is_count(&r->rows[i]))
			rows[n++].r = &r->rows[i];
	qsort(rows, n, sizeof(*rows), count_cmp);
	size_t families = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !count_cmp(&rows[i], &rows[j]))
			j++;
		families += check_count_families(rows + i, j - i, min);
		i = j;
	}
	free(rows);
	return families;
}

/* An independent change is suppressed exactly when a side is, and says
 * why: below the minimum when a side is, else complementary. */
static void check_change_reasons(const struct results *r)
{
	size_t checked = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct res_row *x = &r->rows[i];
		if (strcmp(x->design, "independent") || x->statistic != RS_MEAN_DIFF)
			continue;
		const char *dots = strstr(x->wave, "..");
		assert_non_null(dots);
		char base[64], later[64];
		snprintf(base, sizeof(base), "%.*s", (int)(dots - x->wave), x->wave);
		snprintf(later, sizeof(later), "%s", dots + 2);
		const struct res_row *b = find(r, x->variable, x->breakdown, x->breakdown_value, base, "", RS_N);
		const struct res_row *l = find(r, x->variable, x->breakdown, x->breakdown_value, later, "", RS_N);
		int bs = b->status == RES_SUPPRESSED, ls = l->status == RES_SUPPRESSED;
		assert_int_equal(x->status == RES_SUPPRESSED, bs || ls);
		if (!bs && !ls)
			continue;
		int fewer = (bs && b->note == RES_WHY_FEWER) || (ls && l->note == RES_WHY_FEWER);
		assert_int_equal(x->note, fewer ? RES_WHY_FEWER : RES_WHY_COMPLEMENTARY);
		checked++;
	}
	assert_true(checked > 0);
}

/* ---- the sample study (sample-data/, documented in its README) ---- */

/* The results cell of a planted.csv row: group and municipality, '*' = all. */
static void planted_cell(const char *group, const char *muni, const char **bd, char *bv, size_t len)
{
	int g = strcmp(group, "*") != 0, m = strcmp(muni, "*") != 0;
	*bd = g && m ? "municipality_group" : g ? "group" : m ? "municipality" : "all";
	snprintf(bv, len, "%s%s%s", m ? muni : "", g && m ? "|" : "", g ? group : "");
}

/* Every row of sample-data/planted.csv against the results r of the
 * sample study: the observed item means and n exactly, scale and paired
 * means within what scoring fewer answered items can move them; enough
 * of each kind published, and some hidden. */
static void check_planted(const struct results *r)
{
	FILE *fp = fopen("sample-data/planted.csv", "r");
	assert_non_null(fp);
	char line[512];
	size_t items = 0, scales = 0, pairs = 0, hidden = 0;
	assert_non_null(fgets(line, sizeof(line), fp)); /* header */
	while (fgets(line, sizeof(line), fp)) {
		char *f[9] = { NULL };
		int nf = 0;
		line[strcspn(line, "\r\n")] = '\0';
		for (char *t = line; t && nf < 9; nf++) { /* fields may be empty (latent of items) */
			f[nf] = t;
			t = strchr(t, ',');
			if (t)
				*t++ = '\0';
		}
		assert_int_equal(nf, 9); /* kind,wave,group,municipality,measure,n,latent,expected,observed */
		const char *bd;
		char bv[128];
		planted_cell(f[2], f[3], &bd, bv, sizeof(bv));
		int paired = !strcmp(f[0], "paired");
		const char *wave = paired ? "foer..efter" : f[1], *design = paired ? "paired" : "";
		const struct res_row *mean = find(r, f[4], bd, bv, wave, design, paired ? RS_MEAN_DIFF : RS_MEAN);
		const struct res_row *n = find(r, f[4], bd, bv, wave, design, paired ? RS_N_PAIRS : RS_N);
		double observed = atof(f[8]), planted_n = atof(f[5]);
		if (mean->status == RES_SUPPRESSED) {
			hidden++;
			continue;
		}
		assert_int_equal(mean->status, RES_OK);
		if (!strcmp(f[0], "item")) {
			/* planted.csv rounds to 4 decimals */
			assert_close_abs(mean->value, observed, 0, 5.01e-5);
			assert_close(n->value, planted_n, 0);
			assert_true(planted_n >= 5);
			items++;
		} else {
			/* planted.csv also scores respondents with fewer than half of
			 * the items answered; each of them moves its mean by at most
			 * (5 - 1) / n */
			double extra = fabs(planted_n - n->value) / planted_n;
			assert_close_abs(mean->value, observed, 0, 0.05 + 4 * extra);
			paired ? pairs++ : scales++;
		}
	}
	fclose(fp);
	assert_true(items > 400 && scales > 100 && pairs > 50 && hidden > 100);
}

/* Ingest the sample study, analyse it, and hold it against the truth the
 * generator wrote (sample-data/planted.csv): every item mean and n the
 * report may show is the observed one; scale and paired means agree to
 * 0.05 where both score the same respondents (planted.csv scores
 * respondents with one answered item, tillid needs half the scale's
 * items); the planted findings are found with the documented direction
 * and strength; Odder x pårørende carries no number, and what a reader can
 * subtract from the published counts reveals no hidden one. */
static void test_sample_study(void **state)
{
	(void)state;
	char dir[] = "/tmp/tillid-sample-XXXXXX";
	assert_non_null(mkdtemp(dir));
	FILE *devnull = fopen("/dev/null", "w");
	assert_non_null(devnull);
	struct ingest_options io = INGEST_OPTIONS_INIT;
	io.out_dir = dir;
	io.quiet = 1;
	io.log = devnull;
	io.out = devnull;
	assert_int_equal(ingest_study("sample-data/fremfaerd.ini", &io), TILLID_OK);
	fclose(devnull);
	char *tds_path = path_join(dir, "clean.tds");
	struct tds d;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(tds_read(&d, tds_path, &err), TILLID_OK);
	struct stats_options o;
	stats_options_init(&o);
	o.resamples = 50; /* the bootstrap is not what this test is about */
	struct results r;
	run(&d, &o, &r);

	check_planted(&r);

	/* the planted findings (README: "What an analysis of this sample should find") */
	const char *w = "foer..efter";
	double md = val(&r, "tillid", "group", "paaroerende", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.3 && md < 0.5 && val(&r, "tillid", "group", "paaroerende", w, "paired", RS_T) > 4);
	assert_true(val(&r, "tillid", "group", "paaroerende", w, "independent", RS_WELCH_T) > 3);
	md = val(&r, "hoert", "group", "borger", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.2 && md < 0.35 && val(&r, "hoert", "group", "borger", w, "paired", RS_T) > 3);
	md = val(&r, "koord", "group", "medarbejder", w, "paired", RS_MEAN_DIFF);
	assert_true(fabs(md) < 0.1 && fabs(val(&r, "koord", "group", "medarbejder", w, "paired", RS_T)) < 1);
	md = val(&r, "tilfreds", "all", "", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.1 && val(&r, "tilfreds", "all", "", w, "paired", RS_T) > 3);
	md = val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_MEAN_DIFF);
	assert_true(md < -0.3 && val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_T) < -3);
	assert_close(val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_PAIRED_LEADS), 1, 0);
	/* tillid_3 is reverse-worded: its raw mean falls where pårørende's trust rises */
	assert_true(val(&r, "tillid_3", "group", "paaroerende", w, "paired", RS_MEAN_DIFF) < 0);

	/* Odder x pårørende: 3 respondents per wave, so no number anywhere */
	size_t odder = 0;
	for (size_t i = 0; i < r.n; i++)
		if (!strcmp(r.rows[i].breakdown_value, "Odder|paaroerende")) {
			assert_int_equal(r.rows[i].status, RES_SUPPRESSED);
			odder++;
		}
	assert_true(odder > 1000);

	/* Why each is hidden: Odder x pårørende has 3 respondents; Odder x
	 * medarbejdere (37 at baseline) and Odder x borgere (36 at follow-up)
	 * are hidden only so that it cannot be recovered by subtraction. */
	const struct res_row *why = find(&r, "*", "municipality_group", "Odder|paaroerende", "foer", "",
					 RS_RESPONDENTS);
	assert_int_equal(why->note, RES_WHY_FEWER);
	why = find(&r, "*", "municipality_group", "Odder|medarbejder", "foer", "", RS_RESPONDENTS);
	assert_int_equal(why->status, RES_SUPPRESSED);
	assert_int_equal(why->note, RES_WHY_COMPLEMENTARY);
	why = find(&r, "*", "municipality_group", "Odder|borger", "efter", "", RS_RESPONDENTS);
	assert_int_equal(why->status, RES_SUPPRESSED);
	assert_int_equal(why->note, RES_WHY_COMPLEMENTARY);
	/* the totals over them are published */
	assert_close(val(&r, "*", "municipality", "Odder", "foer", "", RS_RESPONDENTS), 79, 0);
	assert_close(val(&r, "*", "group", "paaroerende", "efter", "", RS_RESPONDENTS), 154, 0);

	/* what a reader can subtract, over every count the results publish */
	assert_true(check_published_counts(&r, val(&r, "*", "all", "", "", "", RS_MIN_GROUP_SIZE)) > 100);
	check_change_reasons(&r);

	results_release(&r);
	tds_release(&d);
	sb_release(&err);
	static const char *const outputs[] = { "clean.tds", "clean.csv", "ingest.txt", "ingest.json" };
	for (size_t i = 0; i < ARRAY_SIZE(outputs); i++) {
		char *p = path_join(dir, outputs[i]);
		unlink(p);
		free(p);
	}
	free(tds_path);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reference_one_wave, reference_setup, analysed_teardown),
		cmocka_unit_test_setup_teardown(test_reference_change, reference_bh_setup, analysed_teardown),
		cmocka_unit_test_setup_teardown(test_reference_alpha, reference_setup, analysed_teardown),
		cmocka_unit_test(test_constant),
		cmocka_unit_test(test_small_n),
		cmocka_unit_test(test_three_waves),
		cmocka_unit_test(test_suppression),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_bad_data),
		cmocka_unit_test(test_sample_study),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
