/* test_report.c: the report on a hand-built test study: pages, overflow, determinism, suppression, atomic output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/report.h"
#include "plots/resfile.h"

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

static char **strv(size_t n, ...)
{
	va_list ap;
	va_start(ap, n);
	char **v = xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		v[i] = xstrdup(va_arg(ap, const char *));
	va_end(ap);
	return v;
}

static void fixture_meta(struct tds_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->study_name = xstrdup("Samskabt styring – før- og eftermåling (testdata)");
	m->study_file = xstrdup("tests/data/report/fremfaerd-test.ini");
	m->study_sha256 = xstrdup("6f1ed002ab5595859014ebf0951522d9a3f1c7e2d4b8a6c5e4f3a2b1c0d9e8f7");
	m->data_date = xstrdup("2022-04-15");
	m->tillid_version = xstrdup("0.1.0");
	m->min_group_size = 5;
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
	m->municipalities = strv(5, munis[0], munis[1], munis[2], munis[3], munis[4]);
	m->n_answers = 2;
	m->answers = xcalloc(2, sizeof(*m->answers));
	m->answers[0] = (struct tds_answers){
		xstrdup("enig5"), 5,
		strv(5, "Helt uenig", "Overvejende uenig", "Hverken enig eller uenig", "Overvejende enig", "Helt enig"),
		strv(5, "Strongly disagree", "Somewhat disagree", "Neither agree nor disagree", "Somewhat agree", "Strongly agree"),
		2, strv(2, "Ved ikke", "Ønsker ikke at svare"), strv(2, "Don't know", "Prefer not to say") };
	m->answers[1] = (struct tds_answers){
		xstrdup("tilfreds5"), 5,
		strv(5, "Meget utilfreds", "Utilfreds", "Hverken tilfreds eller utilfreds", "Tilfreds", "Meget tilfreds"),
		strv(5, "Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"),
		1, strv(1, "Ved ikke"), strv(1, "Don't know") };
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
						 items[i].scale, items[i].answers, items[i].reverse };
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
	m->sources[1] = (struct tds_source){ 1, xstrdup("csv"), xstrdup("sample-data/efter.csv"),
					     xstrdup("9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9"),
					     51007, xstrdup("utf-8"), xstrdup("comma"), 530, 520, 10 };
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

struct fx {
	struct strbuf csv;
};

/* One results row; suppressed: 0 (ok), 1 (fewer than minimum) or 2 (complementary). */
static void row(struct fx *f, const char *var, const char *type, const char *bd, const char *bv, const char *wave,
		const char *design, const char *stat, double v, int suppressed)
{
	if (suppressed)
		sb_addf(&f->csv, "%s,%s,%s,%s,%s,%s,%s,,suppressed,%s\n", var, type, bd, bv, wave, design, stat,
			suppressed == 1 ? "fewer than minimum" : "complementary");
	else
		sb_addf(&f->csv, "%s,%s,%s,%s,%s,%s,%s,%.17g,ok,\n", var, type, bd, bv, wave, design, stat, v);
}

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

static void one_var(struct fx *f, const char *var, const char *type, int s, int item_off, int n_nonsubst)
{
	static const char *const waves[] = { "foer", "efter" };
	for (int m = -1; m < 5; m++) {
		for (int g = -1; g < 3; g++) {
			char bv[128];
			const char *bd;
			if (m < 0 && g < 0) {
				bd = "all";
				bv[0] = '\0';
			} else if (m < 0) {
				bd = "group";
				snprintf(bv, sizeof(bv), "%s", group_ids[g]);
			} else if (g < 0) {
				bd = "municipality";
				snprintf(bv, sizeof(bv), "%s", munis[m]);
			} else {
				bd = "municipality_group";
				snprintf(bv, sizeof(bv), "%s|%s", munis[m], group_ids[g]);
			}
			int supp[2];
			double mean[2], sd = 0.95;
			int n[2];
			for (int w = 0; w < 2; w++) {
				n[w] = cell_n(g, m, w);
				supp[w] = cell_supp(g, m, w);
				mean[w] = cell_mean(s, item_off, g, m, w);
				row(f, var, type, bd, bv, waves[w], "", "n", n[w], supp[w]);
				row(f, var, type, bd, bv, waves[w], "", "mean", mean[w], supp[w]);
				row(f, var, type, bd, bv, waves[w], "", "sd", sd, supp[w]);
				double half = 1.96 * sd / sqrt(n[w]);
				row(f, var, type, bd, bv, waves[w], "", "mean_ci_low", mean[w] - half, supp[w]);
				row(f, var, type, bd, bv, waves[w], "", "mean_ci_high", mean[w] + half, supp[w]);
				double p[5], sum = 0;
				for (int v = 0; v < 5; v++)
					sum += p[v] = exp(-(v + 1 - mean[w]) * (v + 1 - mean[w]) / 1.6);
				for (int v = 0; v < 5; v++) {
					char st[32];
					/* Scales have their scores binned, as tillid stats writes them. */
					snprintf(st, sizeof(st), "%s%d", strcmp(type, "scale") ? "pct_point_" : "pct_bin_", v + 1);
					row(f, var, type, bd, bv, waves[w], "", st, 100 * p[v] / sum, supp[w]);
				}
				row(f, var, type, bd, bv, waves[w], "", "top2", (p[3] + p[4]) / sum, supp[w]);
				for (int j = 1; j <= n_nonsubst; j++) {
					char st[32];
					snprintf(st, sizeof(st), "count_nonsubst_%d", j);
					row(f, var, type, bd, bv, waves[w], "", st, (n[w] / 9) / j, supp[w]);
				}
			}
			int any = worse(supp[0], supp[1]);
			int pairs = (n[0] < n[1] ? n[0] : n[1]) / 2;
			double diff = mean[1] - mean[0];
			/* Paired: about half answered both times. */
			int psupp = pairs < 5 ? 1 : any;
			double se_p = 0.8 / sqrt(pairs > 0 ? pairs : 1);
			row(f, var, type, bd, bv, "foer..efter", "paired", "n_pairs", pairs, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "paired_leads", pairs >= 10, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "mean_base", mean[0] + 0.01, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "mean_later", mean[1] + 0.01, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "mean_diff", diff, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "mean_diff_ci_low", diff - 1.96 * se_p, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "mean_diff_ci_high", diff + 1.96 * se_p, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "p", erfc(fabs(diff / se_p) / sqrt(2)), psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "g_av", diff / sd, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "g_av_ci_low", (diff - 1.96 * se_p) / sd, psupp);
			row(f, var, type, bd, bv, "foer..efter", "paired", "g_av_ci_high", (diff + 1.96 * se_p) / sd, psupp);
			double se = sd * sqrt(1.0 / n[0] + 1.0 / n[1]);
			row(f, var, type, bd, bv, "foer..efter", "independent", "n_base", n[0], any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "n_later", n[1], any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "mean_base", mean[0], any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "mean_later", mean[1], any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "mean_diff", diff, any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "welch_ci_low", diff - 1.96 * se, any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "welch_ci_high", diff + 1.96 * se, any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "welch_p", erfc(fabs(diff / se) / sqrt(2)), any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "hedges_g", diff / sd, any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "hedges_g_ci_low", (diff - 1.96 * se) / sd, any);
			row(f, var, type, bd, bv, "foer..efter", "independent", "hedges_g_ci_high", (diff + 1.96 * se) / sd, any);
		}
	}
}

/* The test study's results file, as text. */
static char *fixture_results(void)
{
	struct fx f;
	sb_init(&f.csv);
	sb_adds(&f.csv, "variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n");
	one_var(&f, "tillid", "scale", 0, 0, 0);
	one_var(&f, "samarbejde", "scale", 1, 0, 0);
	one_var(&f, "tillid_1", "item", 0, 1, 2);
	one_var(&f, "tillid_2", "item", 0, -1, 2);
	one_var(&f, "tillid_3", "item", 0, 2, 2);
	one_var(&f, "samarbejde_1", "item", 1, 1, 2);
	one_var(&f, "samarbejde_2", "item", 1, -2, 2);
	one_var(&f, "samarbejde_3", "item", 1, 0, 2);
	one_var(&f, "samlet", "item", 1, 3, 1);
	/* Respondents per cell; the same suppression as the variables. */
	static const char *const waves[] = { "foer", "efter" };
	for (int m = -1; m < 5; m++)
		for (int g = -1; g < 3; g++)
			for (int w = 0; w < 2; w++) {
				char bv[128] = "";
				const char *bd = m < 0 && g < 0 ? "all" : m < 0 ? "group" : g < 0 ? "municipality" : "municipality_group";
				if (m >= 0 && g >= 0)
					snprintf(bv, sizeof(bv), "%s|%s", munis[m], group_ids[g]);
				else if (m >= 0)
					snprintf(bv, sizeof(bv), "%s", munis[m]);
				else if (g >= 0)
					snprintf(bv, sizeof(bv), "%s", group_ids[g]);
				int n = cell_n(g, m, w);
				row(&f, "*", "", bd, bv, waves[w], "", "respondents", n, cell_supp(g, m, w));
			}
	sb_adds(&f.csv, "*,,all,,,,paired_lead_min,10,ok,\n");
	sb_adds(&f.csv, "*,,all,,,,bootstrap_seed,20210301,ok,\n");
	sb_adds(&f.csv, "*,,all,,,,bootstrap_resamples,2000,ok,\n");
	sb_adds(&f.csv, "*,,all,,,,min_group_size,5,ok,\n");
	return sb_detach(&f.csv);
}

/* --- Helpers --------------------------------------------------------------- */

static char *out_dir;

static char *out_path(const char *name)
{
	return path_join(out_dir, name);
}

static char *slurp(const char *path, size_t *len)
{
	char *data;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	if (read_file(path, &data, len, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	sb_release(&err);
	return data;
}

static int contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	const char *env = getenv("TILLID_REPORT_OUT");
	if (env && *env) {
		out_dir = xstrdup(env);
		struct strbuf err = STRBUF_INIT;
		sb_init(&err);
		if (mkdir_p(out_dir, &err) != TILLID_OK)
			return -1;
		sb_release(&err);
	} else {
		out_dir = xstrdup("/tmp/tillid-report-test-XXXXXX");
		if (!mkdtemp(out_dir))
			return -1;
	}
	char *p = out_path("results.csv");
	char *csv = fixture_results();
	FILE *fp = fopen(p, "w");
	fputs(csv, fp);
	fclose(fp);
	free(csv);
	free(p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!getenv("TILLID_REPORT_OUT") || !*getenv("TILLID_REPORT_OUT")) {
		char *cmd = xasprintf("rm -rf '%s'", out_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", out_dir);
		free(cmd);
	}
	free(out_dir);
	return 0;
}

/* Write one report; fail the test on error or overflow. */
static void make_report(enum lang lang, const char *muni, const char *pdf, const char *charts,
			struct report_stats *st)
{
	struct tds_meta m;
	fixture_meta(&m);
	struct resfile res;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *rp = out_path("results.csv");
	assert_int_equal(resfile_read(&res, rp, &err), TILLID_OK);
	char *pdfp = out_path(pdf);
	char *chp = charts ? out_path(charts) : NULL;
	struct report_opts o = { .lang = lang, .municipality = muni, .pdf_path = pdfp, .charts_dir = chp,
				 .pdf_date = "2022-04-15T00:00:00", .results_path = "out/fremfaerd/results.csv" };
	report_stats_init(st);
	int rc = report_write(&res, &m, &o, st, &err);
	if (rc != TILLID_OK)
		fail_msg("report_write: %s", err.buf);
	for (size_t i = 0; i < st->overflow_texts.n; i++)
		fprintf(stderr, "overflow: %s\n", st->overflow_texts.v[i]);
	assert_int_equal(st->overflow, 0);
	free(rp);
	free(pdfp);
	free(chp);
	sb_release(&err);
	resfile_release(&res);
	tds_meta_release(&m);
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

static void test_report_da(void **state)
{
	(void)state;
	struct report_stats st;
	make_report(LANG_DA, NULL, "rapport.pdf", "charts", &st);
	assert_true(st.pages >= 10);
	assert_true(st.charts >= 10);
	report_stats_release(&st);
	static const char *const names[] = { "changes-overview", "effect-sizes", "tillid-diverging-group",
					     "tillid-dumbbell-municipality", "samlet-diverging-group" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *f = xasprintf("%s.pdf", names[i]);
		assert_true(exists("charts", f));
		free(f);
		f = xasprintf("%s.svg", names[i]);
		assert_true(exists("charts", f));
		free(f);
		f = xasprintf("%s.png", names[i]);
		assert_true(exists("charts", f));
		free(f);
	}
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
	char *da = slurp(a, &la), *db = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(da, db, la);
	/* No wall-clock date: the dates are the ones asked for. */
	assert_true(contains(da, la, "/CreationDate (20220415000000)"));
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
	report_stats_release(&st);
	assert_true(exists("charts-en", "effect-sizes.svg"));
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
	char *s = report_slug("Ærø Kommune");
	assert_string_equal(s, "aeroe-kommune");
	free(s);
}

static void test_unknown_municipality_keeps_old(void **state)
{
	(void)state;
	struct tds_meta m;
	fixture_meta(&m);
	struct resfile res;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *rp = out_path("results.csv");
	assert_int_equal(resfile_read(&res, rp, &err), TILLID_OK);
	char *pdfp = out_path("old.pdf");
	FILE *fp = fopen(pdfp, "w");
	fputs("the last good report", fp);
	fclose(fp);
	struct report_opts o = { .lang = LANG_DA, .municipality = "Aarhus", .pdf_path = pdfp };
	assert_int_equal(report_write(&res, &m, &o, NULL, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "'Aarhus'"));
	size_t len;
	char *data = slurp(pdfp, &len);
	assert_string_equal(data, "the last good report");
	free(data);
	/* A directory that does not exist: a system error, nothing written. */
	sb_reset(&err);
	char *bad = out_path("no/such/dir/r.pdf");
	o.municipality = NULL;
	o.pdf_path = bad;
	assert_int_equal(report_write(&res, &m, &o, NULL, &err), TILLID_ESYS);
	free(bad);
	unlink(pdfp);
	free(pdfp);
	free(rp);
	sb_release(&err);
	resfile_release(&res);
	tds_meta_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_da),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_report_en),
		cmocka_unit_test(test_per_municipality),
		cmocka_unit_test(test_unknown_municipality_keeps_old),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
