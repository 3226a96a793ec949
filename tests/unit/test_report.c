/* test_report.c: the report on a hand-built test study: pages, overflow, determinism, suppression, atomic output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/pdf_finish.h"
#include "plots/report.h"
#include "plots/resfile.h"
#include "testutil.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fontconfig keeps its caches until exit; LeakSanitizer would call that a leak. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* --- A test study (fixture; not real numbers) ------------------------------ */

static const char *const munis[] = { "Rebild", "Slagelse", "Vesthimmerland", "Odder", "Haderslev" };
static const char *const group_ids[] = { "borger", "paaroerende", "medarbejder" };

static void fixture_meta(struct tds_meta *m)
{
	memset(m, 0, sizeof(*m));
	meta_study_set(m, "Samskabt styring – før- og eftermåling (testdata)", "tests/data/report/fremfaerd-test.ini",
		       "6f1ed002ab5595859014ebf0951522d9a3f1c7e2d4b8a6c5e4f3a2b1c0d9e8f7", "2022-04-15", "0.1.0", 5);
	m->n_waves = 2;
	m->waves = xcalloc(2, sizeof(*m->waves));
	m->waves[0] = (struct tds_wave){ xstrdup("foer"), xstrdup("Førmåling"), xstrdup("Baseline"),
					 xstrdup("2021-03-01"), xstrdup("2021-04-15") };
	m->waves[1] = (struct tds_wave){ xstrdup("efter"), xstrdup("Eftermåling"), xstrdup("Follow-up"),
					 xstrdup("2022-03-01"), xstrdup("2022-04-15") };
	m->n_groups = 3;
	m->groups = xcalloc(3, sizeof(*m->groups));
	m->groups[0] = (struct tds_group){ xstrdup("borger"), xstrdup("Borgere"), xstrdup("Citizens") };
	m->groups[1] = (struct tds_group){ xstrdup("paaroerende"), xstrdup("Pårørende"), xstrdup("Relatives") };
	m->groups[2] = (struct tds_group){ xstrdup("medarbejder"), xstrdup("Medarbejdere"), xstrdup("Staff") };
	m->n_municipalities = 5;
	m->municipalities = strv_dup(5, munis);
	m->n_answers = 2;
	m->answers = xcalloc(2, sizeof(*m->answers));
	static const char *const enig_da[] = { "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig",
					       "Overvejende enig", "Helt enig" };
	static const char *const enig_en[] = { "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree",
					       "Somewhat agree", "Strongly agree" };
	static const char *const missing_da[] = { "Ved ikke", "Ønsker ikke at svare" };
	static const char *const missing_en[] = { "Don't know", "Prefer not to say" };
	answers_set(&m->answers[0], "enig5", 5, enig_da, enig_en, 2, missing_da, missing_en);
	static const char *const tilfreds_da[] = { "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds",
						   "Tilfreds", "Meget tilfreds" };
	static const char *const tilfreds_en[] = { "Very dissatisfied", "Dissatisfied",
						   "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied" };
	answers_set(&m->answers[1], "tilfreds5", 5, tilfreds_da, tilfreds_en, 1, dont_know_da, dont_know_en);
	m->n_scales = 2;
	m->scales = xcalloc(2, sizeof(*m->scales));
	m->scales[0] = (struct tds_scale){ xstrdup("tillid"), xstrdup("Tillid"), xstrdup("Trust") };
	m->scales[1] = (struct tds_scale){ xstrdup("samarbejde"), xstrdup("At blive hørt"), xstrdup("Being heard") };
	static const struct {
		const char *id, *da, *en;
		int scale, answers, reverse;
	} items[] = {
		{ "tillid_1", "Jeg har tillid til, at kommunen vil det bedste for mig eller min pårørende",
		  "I trust that the municipality wants the best for me or my relative", 0, 0, 0 },
		{ "tillid_2", "Jeg oplever at blive mødt med respekt for det, jeg selv ønsker og kan",
		  "I feel met with respect for what I want and can do myself", 0, 0, 0 },
		{ "tillid_3", "Jeg er bekymret for, om aftaler med kommunen bliver overholdt",
		  "I worry whether agreements with the municipality are kept", 0, 0, 1 },
		{ "samarbejde_1", "Forventningsafstemningen mellem mig og sagsbehandleren sker i god tid",
		  "Expectations between me and the caseworker are aligned in good time", 1, 0, 0 },
		{ "samarbejde_2", "De forskellige afdelinger i kommunen koordinerer indsatsen med hinanden",
		  "The municipality's departments coordinate their efforts with each other", 1, 0, 0 },
		{ "samarbejde_3", "Jeg får besked, når min sagsbehandler skifter",
		  "I am told when my caseworker changes", 1, 0, 0 },
		{ "samlet", "Hvor tilfreds er du alt i alt med samarbejdet med kommunen?",
		  "All in all, how satisfied are you with the collaboration with the municipality?", -1, 1, 0 },
	};
	m->n_items = ARRAY_SIZE(items);
	m->items = xcalloc(m->n_items, sizeof(*m->items));
	for (size_t i = 0; i < m->n_items; i++)
		m->items[i] = (struct tds_item){ xstrdup(items[i].id), xstrdup(items[i].da), xstrdup(items[i].en),
						 items[i].scale, items[i].answers, items[i].reverse, 0 };
	m->n_invited = 3;
	m->invited = xcalloc(3, sizeof(*m->invited));
	m->invited[0] = (struct tds_invited){ 0, TDS_NONE, TDS_NONE, 900 };
	m->invited[1] = (struct tds_invited){ 0, 0, TDS_NONE, 400 };
	m->invited[2] = (struct tds_invited){ 1, 0, 1, 90 };
	m->n_sources = 2;
	m->sources = xcalloc(2, sizeof(*m->sources));
	m->sources[0] = (struct tds_source){ 0, xstrdup("dataset"), xstrdup("sample-data/foer/dataset.csv"),
					     xstrdup("0c3d1d2bb9d0cb1a0d4c6e0e2f8f3b8d6e1a9c7b5d3f1e0a2c4b6d8f0a1c3e5d"),
					     48211, xstrdup("windows-1252"), xstrdup("semicolon"), 512, 498, 14 };
	/* a wave the size of Denmark's adult population: the data page's row
	 * count must fit its column */
	m->sources[1] = (struct tds_source){ 1, xstrdup("csv"), xstrdup("sample-data/efter.csv"),
					     xstrdup("9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9"),
					     512006114, xstrdup("utf-8"), xstrdup("comma"), 4800010, 4800000, 10 };
}

/* Answers per municipality and group in each wave. After, Borgere in
 * Odder (3) and Haderslev (4) have fewer than 5 answers; Pårørende in
 * Odder (8) and Haderslev (139) are hidden so that the two cannot be
 * recovered by subtraction: the cells tillid stats hides here
 * (docs/statistics.md), and their totals are shown. */
static const int n_cell[2][5][3] = {
	{ { 31, 22, 18 }, { 42, 27, 25 }, { 26, 15, 14 }, { 12, 9, 11 }, { 17, 13, 16 } },
	{ { 30, 24, 19 }, { 40, 29, 26 }, { 25, 17, 15 }, { 3, 8, 12 }, { 4, 139, 15 } },
};

/* The kinds of suppression of a cell (g, m: -1 for all) in wave w: 0
 * shown, 1 fewer than the minimum, 2 complementary. */
static int cell_supp(int g, int m, int w)
{
	if (w == 1 && (m == 3 || m == 4) && g == 0)
		return 1;
	if (w == 1 && (m == 3 || m == 4) && g == 1)
		return 2;
	return 0;
}

/* The kind of a block resting on kinds a and b: below the minimum when
 * either is. */
static int worse(int a, int b)
{
	return a == 1 || b == 1 ? 1 : a == 2 || b == 2 ? 2 : 0;
}
/* Group means per scale (before, after): Pårørendes tillid 3,1 -> 3,6. */
static const double mean_group[2][3][2] = {
	{ { 3.32, 3.41 }, { 3.10, 3.60 }, { 3.71, 3.93 } },
	{ { 3.05, 3.22 }, { 2.88, 3.38 }, { 3.44, 3.47 } },
};
static const double muni_offset[5] = { 0.12, -0.08, 0.05, -0.15, 0.03 };

/* Mean of variable v (scale s or item) in a cell. */
static double cell_mean(int s, int item_off, int g, int m, int w)
{
	double base = g >= 0 ? mean_group[s][g][w] : (mean_group[s][0][w] + mean_group[s][1][w] + mean_group[s][2][w]) / 3;
	return base + (m >= 0 ? muni_offset[m] : 0) + 0.07 * item_off;
}

static int cell_n(int g, int m, int w)
{
	int n = 0;
	for (int mm = 0; mm < 5; mm++)
		for (int gg = 0; gg < 3; gg++)
			if ((g < 0 || gg == g) && (m < 0 || mm == m))
				n += n_cell[w][mm][gg];
	return n;
}

/* Where the rows of one variable in one cell go: the results file csv,
 * the variable and its type, the breakdown and its value. */
struct fx_cell {
	struct strbuf *csv;
	const char *var, *type, *bd;
	char bv[128];
};

/* The cell of group g and municipality m (-1: all of them). */
static void fx_cell_init(struct fx_cell *c, struct strbuf *csv, const char *var, const char *type, int g, int m)
{
	c->csv = csv;
	c->var = var;
	c->type = type;
	c->bd = m < 0 && g < 0 ? "all" : m < 0 ? "group" : g < 0 ? "municipality" : "municipality_group";
	if (m >= 0 && g >= 0)
		snprintf(c->bv, sizeof(c->bv), "%s|%s", munis[m], group_ids[g]);
	else
		snprintf(c->bv, sizeof(c->bv), "%s", m >= 0 ? munis[m] : g >= 0 ? group_ids[g] : "");
}

/* One results row; suppressed: 0 (ok), 1 (fewer than minimum) or 2 (complementary). */
static void row(const struct fx_cell *c, const char *wave, const char *design, const char *stat, double v,
		int suppressed)
{
	if (suppressed)
		sb_addf(c->csv, "%s,%s,%s,%s,%s,%s,%s,,suppressed,%s\n", c->var, c->type, c->bd, c->bv, wave, design,
			stat, suppressed == 1 ? "fewer than minimum" : "complementary");
	else
		sb_addf(c->csv, "%s,%s,%s,%s,%s,%s,%s,%.17g,ok,\n", c->var, c->type, c->bd, c->bv, wave, design, stat,
			v);
}

/* A statistic and its value. */
struct stat_value {
	const char *stat;
	double v;
};

/* The rows sv[0..n) in wave and design, all suppressed alike. */
static void rows(const struct fx_cell *c, const char *wave, const char *design, const struct stat_value *sv, size_t n,
		 int suppressed)
{
	for (size_t i = 0; i < n; i++)
		row(c, wave, design, sv[i].stat, sv[i].v, suppressed);
}

#define FX_SD 0.95

/* The rows of one wave: n answers around mean, the distribution over the
 * five points, the top-2 box and n_nonsubst non-substantive answers. */
static void wave_rows(const struct fx_cell *c, const char *wave, int n, double mean, int supp, int n_nonsubst)
{
	double sd = FX_SD;
	double half = 1.96 * sd / sqrt(n);
	const struct stat_value sv[] = {
		{ "n", n }, { "mean", mean }, { "sd", sd }, { "mean_ci_low", mean - half }, { "mean_ci_high", mean + half },
	};
	rows(c, wave, "", sv, ARRAY_SIZE(sv), supp);
	double p[5], sum = 0;
	for (int v = 0; v < 5; v++)
		sum += p[v] = exp(-(v + 1 - mean) * (v + 1 - mean) / 1.6);
	for (int v = 0; v < 5; v++) {
		char st[32];
		/* Scales have their scores binned, as tillid stats writes them. */
		snprintf(st, sizeof(st), "%s%d", strcmp(c->type, "scale") ? "pct_point_" : "pct_bin_", v + 1);
		row(c, wave, "", st, 100 * p[v] / sum, supp);
	}
	row(c, wave, "", "top2", (p[3] + p[4]) / sum, supp);
	for (int j = 1; j <= n_nonsubst; j++) {
		char st[32];
		snprintf(st, sizeof(st), "count_nonsubst_%d", j);
		row(c, wave, "", st, (n / 9) / j, supp);
	}
}

/* The verdict of a fixture's change: an adjusted interval of half-width
 * 2.64 se (z at 1 - 0.05/24: m = 12 in a family) and the code stats
 * writes for it (docs/statistics.md, the verdict; smallest change 0.2). */
static double fx_verdict(double lo, double hi)
{
	return lo > 0 ? 1 : hi < 0 ? -1 : lo > -0.2 && hi < 0.2 ? 0 : 2;
}

/* The change rows from n[0] answers around mean[0] to n[1] around
 * mean[1], paired (about half answered both times) and independent. */
static void change_rows(const struct fx_cell *c, const int *n, const double *mean, const int *supp)
{
	double sd = FX_SD;
	int any = worse(supp[0], supp[1]);
	int pairs = (n[0] < n[1] ? n[0] : n[1]) / 2;
	double diff = mean[1] - mean[0];
	int psupp = pairs < 5 ? 1 : any;
	double se_p = 0.8 / sqrt(pairs > 0 ? pairs : 1);
	const struct stat_value paired[] = {
		{ "n_pairs", pairs },
		{ "paired_leads", pairs >= 10 },
		{ "mean_base", mean[0] + 0.01 },
		{ "mean_later", mean[1] + 0.01 },
		{ "mean_diff", diff },
		{ "mean_diff_ci_low", diff - 1.96 * se_p },
		{ "mean_diff_ci_high", diff + 1.96 * se_p },
		{ "p", erfc(fabs(diff / se_p) / sqrt(2)) },
		{ "g_av", diff / sd },
		{ "g_av_ci_low", (diff - 1.96 * se_p) / sd },
		{ "g_av_ci_high", (diff + 1.96 * se_p) / sd },
		{ "verdict_m", 12 },
		{ "verdict_ci_low", diff - 2.64 * se_p },
		{ "verdict_ci_high", diff + 2.64 * se_p },
		{ "verdict", fx_verdict(diff - 2.64 * se_p, diff + 2.64 * se_p) },
	};
	rows(c, "foer..efter", "paired", paired, ARRAY_SIZE(paired), psupp);
	double se = sd * sqrt(1.0 / n[0] + 1.0 / n[1]);
	const struct stat_value independent[] = {
		{ "n_base", n[0] },
		{ "n_later", n[1] },
		{ "mean_base", mean[0] },
		{ "mean_later", mean[1] },
		{ "mean_diff", diff },
		{ "welch_ci_low", diff - 1.96 * se },
		{ "welch_ci_high", diff + 1.96 * se },
		{ "welch_p", erfc(fabs(diff / se) / sqrt(2)) },
		{ "hedges_g", diff / sd },
		{ "hedges_g_ci_low", (diff - 1.96 * se) / sd },
		{ "hedges_g_ci_high", (diff + 1.96 * se) / sd },
		{ "verdict_m", 12 },
		{ "verdict_ci_low", diff - 2.64 * se },
		{ "verdict_ci_high", diff + 2.64 * se },
		{ "verdict", fx_verdict(diff - 2.64 * se, diff + 2.64 * se) },
	};
	rows(c, "foer..efter", "independent", independent, ARRAY_SIZE(independent), any);
}

static const char *const waves[] = { "foer", "efter" };

/* Every row of one variable (scale s, items offset by item_off) in every cell. */
static void one_var(struct strbuf *csv, const char *var, const char *type, int s, int item_off, int n_nonsubst)
{
	for (int m = -1; m < 5; m++) {
		for (int g = -1; g < 3; g++) {
			struct fx_cell c;
			fx_cell_init(&c, csv, var, type, g, m);
			int n[2], supp[2];
			double mean[2];
			for (int w = 0; w < 2; w++) {
				n[w] = cell_n(g, m, w);
				supp[w] = cell_supp(g, m, w);
				mean[w] = cell_mean(s, item_off, g, m, w);
				wave_rows(&c, waves[w], n[w], mean[w], supp[w], n_nonsubst);
			}
			change_rows(&c, n, mean, supp);
		}
	}
}

/* The test study's results file, as text. */
static char *fixture_results(void)
{
	struct strbuf csv;
	sb_init(&csv);
	sb_adds(&csv, "variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n");
	one_var(&csv, "tillid", "scale", 0, 0, 0);
	one_var(&csv, "samarbejde", "scale", 1, 0, 0);
	one_var(&csv, "tillid_1", "item", 0, 1, 2);
	one_var(&csv, "tillid_2", "item", 0, -1, 2);
	one_var(&csv, "tillid_3", "item", 0, 2, 2);
	one_var(&csv, "samarbejde_1", "item", 1, 1, 2);
	one_var(&csv, "samarbejde_2", "item", 1, -2, 2);
	one_var(&csv, "samarbejde_3", "item", 1, 0, 2);
	one_var(&csv, "samlet", "item", 1, 3, 1);
	/* Respondents per cell; the same suppression as the variables. */
	for (int m = -1; m < 5; m++)
		for (int g = -1; g < 3; g++)
			for (int w = 0; w < 2; w++) {
				struct fx_cell c;
				fx_cell_init(&c, &csv, "*", "", g, m);
				row(&c, waves[w], "", "respondents", cell_n(g, m, w), cell_supp(g, m, w));
			}
	sb_adds(&csv, "*,,all,,,,paired_lead_min,10,ok,\n");
	sb_adds(&csv, "*,,all,,,,smallest_change,0.2,ok,\n");
	sb_adds(&csv, "*,,all,,,,bootstrap_seed,20210301,ok,\n");
	sb_adds(&csv, "*,,all,,,,bootstrap_resamples,2000,ok,\n");
	sb_adds(&csv, "*,,all,,,,min_group_size,5,ok,\n");
	return sb_detach(&csv);
}

/* --- Helpers --------------------------------------------------------------- */

static char *out_dir;

static char *out_path(const char *name)
{
	return path_join(out_dir, name);
}

/* The directory TILLID_REPORT_OUT names to keep the output in, or NULL. */
static const char *kept_out_dir(void)
{
	const char *env = getenv("TILLID_REPORT_OUT");
	return env && *env ? env : NULL;
}

/* The output directory (TILLID_REPORT_OUT, or a scratch directory) with
 * the test study's results.csv in it. */
static int setup(void **state)
{
	if (kept_out_dir()) {
		out_dir = xstrdup(kept_out_dir());
		struct strbuf err = STRBUF_INIT;
		sb_init(&err);
		if (mkdir_p(out_dir, &err) != TILLID_OK)
			return -1;
		sb_release(&err);
	} else {
		if (tmpdir_setup(state))
			return -1;
		out_dir = xstrdup(test_tmpdir);
	}
	char *p = out_path("results.csv");
	char *csv = fixture_results();
	write_text(p, csv);
	free(csv);
	free(p);
	return 0;
}

static int teardown(void **state)
{
	if (!kept_out_dir() && tmpdir_teardown(state))
		fprintf(stderr, "cannot remove %s\n", out_dir);
	free(out_dir);
	return 0;
}

/* What a report is made from: the test study's metadata and its results
 * file as read back. */
struct report_inputs {
	struct tds_meta m;
	struct resfile res;
};

/* Reads the inputs into in; fails the test when the results cannot be
 * read.  report_inputs_release frees them. */
static void report_inputs_load(struct report_inputs *in)
{
	struct strbuf err = STRBUF_INIT;
	char *rp = out_path("results.csv");
	fixture_meta(&in->m);
	if (resfile_read(&in->res, rp, &err) != TILLID_OK)
		fail_msg("resfile_read: %s", err.buf);
	free(rp);
	sb_release(&err);
}

static void report_inputs_release(struct report_inputs *in)
{
	resfile_release(&in->res);
	tds_meta_release(&in->m);
}

/* Write one report; fail the test on error or overflow. */
static void make_report(enum lang lang, const char *muni, const char *pdf, const char *charts,
			struct report_stats *st)
{
	struct report_inputs in;
	report_inputs_load(&in);
	struct strbuf err = STRBUF_INIT;
	char *pdfp = out_path(pdf);
	char *chp = charts ? out_path(charts) : NULL;
	struct report_opts o = { .lang = lang, .municipality = muni, .pdf_path = pdfp, .charts_dir = chp,
				 .pdf_date = "2022-04-15T00:00:00", .results_path = "out/fremfaerd/results.csv" };
	report_stats_init(st);
	int rc = report_write(&in.res, &in.m, &o, st, &err);
	if (rc != TILLID_OK)
		fail_msg("report_write: %s", err.buf);
	for (size_t i = 0; i < st->overflow_texts.n; i++)
		fprintf(stderr, "overflow: %s\n", st->overflow_texts.v[i]);
	for (size_t i = 0; i < st->overlap_texts.n; i++)
		fprintf(stderr, "overlap: %s\n", st->overlap_texts.v[i]);
	if (st->half_empty)
		fprintf(stderr, "page %d is less than half full and ends no section\n", st->first_half_empty);
	assert_int_equal(st->overflow, 0);
	assert_int_equal(st->overlap, 0);
	assert_int_equal(st->half_empty, 0);
	assert_int_equal(st->orphan_headings, 0);
	assert_int_equal(st->split_tables, 0);
	/* Body 9.5 pt, tables 8.5 pt, chart labels and notes 7.5 pt: the
	 * smallest drawn is the chart labels' (docs/report.md). */
	assert_true(st->min_type_size >= 7.5);
	assert_true(fabs(st->min_type_size - 7.5) < 1e-9);
	free(pdfp);
	free(chp);
	sb_release(&err);
	report_inputs_release(&in);
}

static int exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s/%s", out_dir, dir, name);
	struct stat sb;
	int ok = stat(p, &sb) == 0 && sb.st_size > 0;
	free(p);
	return ok;
}

/* --- Tests ----------------------------------------------------------------- */

/* The PDF at pdf (under the output directory) declares language lang and
 * has one alternative text per chart drawn, each naming what it shows and
 * holding a number of the chart's data (a digit). */
static void assert_accessible(const char *pdf, const char *lang, size_t charts)
{
	char *p = out_path(pdf);
	size_t n;
	char *data = slurp_file(p, &n);
	struct strlist alts = STRLIST_INIT;
	char *got_lang = NULL;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	if (pdf_read_accessibility((const unsigned char *)data, n, &alts, &got_lang, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	assert_non_null(got_lang);
	assert_string_equal(got_lang, lang);
	assert_int_equal(alts.n, charts);
	for (size_t i = 0; i < alts.n; i++) {
		assert_true(strlen(alts.v[i]) > 40);
		assert_non_null(strpbrk(alts.v[i], "0123456789"));
	}
	/* The viewer shows the title and opens the bookmarks. */
	assert_true(mem_contains(data, n, "/DisplayDocTitle true"));
	assert_true(mem_contains(data, n, "/PageMode /UseOutlines"));
	free(got_lang);
	sl_release(&alts);
	sb_release(&err);
	free(data);
	free(p);
}

/* The chart file DIR/NAME.pdf is tagged as the report is: it declares
 * language lang, shows its title in the viewer, and holds one Figure whose
 * alternative text is one the report pdf gives a chart. */
static void assert_chart_file_accessible(const char *pdf, const char *dir, const char *name, const char *lang)
{
	struct strlist report_alts = STRLIST_INIT, alts = STRLIST_INIT;
	char *got_lang = NULL, *p = out_path(pdf);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	size_t n;
	char *data = slurp_file(p, &n);
	if (pdf_read_accessibility((const unsigned char *)data, n, &report_alts, &got_lang, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	free(got_lang);
	free(data);
	free(p);
	p = xasprintf("%s/%s/%s.pdf", out_dir, dir, name);
	data = slurp_file(p, &n);
	if (pdf_read_accessibility((const unsigned char *)data, n, &alts, &got_lang, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	assert_non_null(got_lang);
	assert_string_equal(got_lang, lang);
	assert_int_equal(alts.n, 1);
	int found = 0;
	for (size_t i = 0; i < report_alts.n; i++)
		if (strcmp(report_alts.v[i], alts.v[0]) == 0)
			found = 1;
	if (!found)
		fail_msg("%s/%s.pdf: its alternative text is none of the report's: %s", dir, name, alts.v[0]);
	assert_true(mem_contains(data, n, "/DisplayDocTitle true"));
	assert_true(mem_contains(data, n, "/StructTreeRoot"));
	free(got_lang);
	free(data);
	free(p);
	sl_release(&alts);
	sl_release(&report_alts);
	sb_release(&err);
}

static void test_report_da(void **state)
{
	(void)state;
	struct report_stats st;
	make_report(LANG_DA, NULL, "rapport.pdf", "charts", &st);
	assert_true(st.pages >= 10);
	assert_true(st.charts >= 10);
	assert_accessible("rapport.pdf", "da", st.charts);
	report_stats_release(&st);
	static const char *const names[] = { "changes-overview", "effect-sizes", "tillid-diverging-group",
					     "tillid-dumbbell-municipality", "samlet-diverging-group" };
	static const char *const ext[] = { "pdf", "svg", "png" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		for (size_t k = 0; k < ARRAY_SIZE(ext); k++) {
			char *f = xasprintf("%s.%s", names[i], ext[k]);
			assert_true(exists("charts", f));
			free(f);
		}
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		assert_chart_file_accessible("rapport.pdf", "charts", names[i], "da");
}

static void test_deterministic(void **state)
{
	(void)state;
	struct report_stats st;
	make_report(LANG_DA, NULL, "rapport-1.pdf", NULL, &st);
	report_stats_release(&st);
	make_report(LANG_DA, NULL, "rapport-2.pdf", NULL, &st);
	report_stats_release(&st);
	char *a = out_path("rapport-1.pdf"), *b = out_path("rapport-2.pdf");
	size_t la, lb;
	char *da = slurp_file(a, &la), *db = slurp_file(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	/* No wall-clock date: the dates are the ones asked for. */
	assert_true(mem_contains(da, la, "/CreationDate (20220415000000)"));
	free(da);
	free(db);
	unlink(b);
	free(a);
	free(b);
}

static void test_report_en(void **state)
{
	(void)state;
	struct report_stats st;
	make_report(LANG_EN, NULL, "report-en.pdf", "charts-en", &st);
	assert_true(st.pages >= 10);
	assert_accessible("report-en.pdf", "en", st.charts);
	assert_chart_file_accessible("report-en.pdf", "charts-en", "changes-overview", "en");
	report_stats_release(&st);
	assert_true(exists("charts-en", "effect-sizes.svg"));
}

/* The study file's [report]: the logo is the first Figure, with the
 * organisation in its alternative text, before one per chart; a page left
 * out is not there; a logo that is missing stops the run and keeps the
 * last good report. */
static void test_report_settings(void **state)
{
	(void)state;
	char *logo = out_path("logo.png");
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 120, 40);
	cairo_t *cr = cairo_create(img);
	cairo_set_source_rgb(cr, 0.04, 0.31, 0.54);
	cairo_paint(cr);
	cairo_destroy(cr);
	assert_int_equal(cairo_surface_write_to_png(img, logo), CAIRO_STATUS_SUCCESS);
	cairo_surface_destroy(img);
	struct report_spec spec;
	report_spec_init(&spec);
	spec.title = xstrdup("Forældrerådet 2026");
	spec.organisation = xstrdup("Skoleforvaltningen");
	spec.logo = xstrdup(logo);
	spec.pages = REPORT_PAGES_ALL & ~(unsigned)REPORT_PAGE_EFFECTS;
	struct report_inputs in;
	report_inputs_load(&in);
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *pdfp = out_path("rapport-settings.pdf");
	struct report_opts o = { .lang = LANG_DA, .pdf_path = pdfp, .pdf_date = "2022-04-15T00:00:00",
				 .results_path = "results.csv", .spec = &spec };
	struct report_stats st;
	report_stats_init(&st);
	if (report_write(&in.res, &in.m, &o, &st, &err) != TILLID_OK)
		fail_msg("report_write: %s", err.buf);
	size_t n;
	char *data = slurp_file(pdfp, &n);
	struct strlist alts = STRLIST_INIT;
	char *got_lang = NULL;
	if (pdf_read_accessibility((const unsigned char *)data, n, &alts, &got_lang, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	assert_int_equal(alts.n, st.charts + 1);
	assert_string_equal(alts.v[0], "Logo: Skoleforvaltningen");
	/* no effect sizes: their chart's alternative text names Hedges' g */
	for (size_t i = 0; i < alts.n; i++)
		assert_null(strstr(alts.v[i], "Hedges"));
	free(got_lang);
	sl_release(&alts);
	free(data);
	report_stats_release(&st);
	/* a logo that is not there: nothing written, the report before stays */
	free(spec.logo);
	spec.logo = out_path("no-such-logo.png");
	char *before = slurp_file(pdfp, &n);
	sb_reset(&err);
	report_stats_init(&st);
	assert_int_equal(report_write(&in.res, &in.m, &o, &st, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "no-such-logo.png"));
	size_t n2;
	char *after = slurp_file(pdfp, &n2);
	assert_int_equal(n, n2);
	assert_memory_equal(before, after, n);
	free(before);
	free(after);
	report_stats_release(&st);
	report_spec_release(&spec);
	report_inputs_release(&in);
	sb_release(&err);
	free(pdfp);
	free(logo);
}

static void test_per_municipality(void **state)
{
	(void)state;
	for (size_t m = 0; m < ARRAY_SIZE(munis); m++) {
		struct report_stats st;
		char *slug = report_slug(munis[m]);
		char *pdf = xasprintf("rapport-%s.pdf", slug);
		char *charts = xasprintf("charts-%s", slug);
		make_report(LANG_DA, munis[m], pdf, charts, &st);
		assert_true(st.pages >= 8);
		report_stats_release(&st);
		free(slug);
		free(pdf);
		free(charts);
	}
	assert_text(report_slug("Ærø Kommune"), "aeroe-kommune");
}

static void test_unknown_municipality_keeps_old(void **state)
{
	(void)state;
	struct report_inputs in;
	report_inputs_load(&in);
	struct strbuf err = STRBUF_INIT;
	char *pdfp = out_path("old.pdf");
	write_text(pdfp, "the last good report");
	struct report_opts o = { .lang = LANG_DA, .municipality = "Aarhus", .pdf_path = pdfp };
	assert_int_equal(report_write(&in.res, &in.m, &o, NULL, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "'Aarhus'"));
	assert_text(slurp_file(pdfp, NULL), "the last good report");
	/* A directory that does not exist: a system error, nothing written. */
	sb_reset(&err);
	char *bad = out_path("no/such/dir/r.pdf");
	o.municipality = NULL;
	o.pdf_path = bad;
	assert_int_equal(report_write(&in.res, &in.m, &o, NULL, &err), TILLID_ESYS);
	free(bad);
	unlink(pdfp);
	free(pdfp);
	sb_release(&err);
	report_inputs_release(&in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_da),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_report_en),
		cmocka_unit_test(test_report_settings),
		cmocka_unit_test(test_per_municipality),
		cmocka_unit_test(test_unknown_municipality_keeps_old),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
