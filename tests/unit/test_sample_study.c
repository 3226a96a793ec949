/* test_sample_study.c: the sample study through ingest and stats, against the truth it was drawn from, and what a reader can subtract from its counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dataset.h"
#include "pipeline/ingest.h"
#include "stats/analysis.h"
#include "stats/results.h"
#include "resultsutil.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
 * parts is 0 or at least min (every hidden part carries the same note, so
 * the reader cannot tell a small part from a complementary one); no family
 * hides exactly one part; a hidden total is not
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
			size_t parts = 0, hidden = 0;
			for (size_t c = 0; c < n; c++) {
				const struct res_row *x = rows[c].r;
				if (!part_of(kinds[k], par->breakdown_value, x))
					continue;
				parts++;
				if (x->status == RES_OK)
					shown += x->value;
				else if (x->status == RES_SUPPRESSED && x->note == RES_WHY_SUPPRESSED)
					hidden++;
				else
					assert_int_equal(x->status, RES_NA); /* n_pairs of a cell without pairs */
			}
			if (!parts)
				continue;
			with_hidden += hidden > 0;
			if (par->status != RES_OK) {
				if (par->status == RES_SUPPRESSED && !hidden)
					fail_msg("%s %s %s %s: the hidden total is the sum of its shown parts",
						 par->variable, rows_stat_name(par), par->breakdown_value, par->wave);
				continue;
			}
			double resid = par->value - shown;
			if ((resid > 0 && resid < min) || (hidden == 1 && resid > 0) || resid < 0)
				fail_msg("%s %s %s '%s' %s family %d: total %g, shown parts %g, hidden %zu",
					 par->variable, rows_stat_name(par), par->breakdown, par->breakdown_value,
					 par->wave, (int)kinds[k], par->value, shown, hidden);
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

/* An independent change is suppressed exactly when a side is, with the
 * one note of every suppressed row. */
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
		const struct res_row *b = rows_find(r, x->variable, x->breakdown, x->breakdown_value, base, "", RS_N);
		const struct res_row *l = rows_find(r, x->variable, x->breakdown, x->breakdown_value, later, "", RS_N);
		int bs = b->status == RES_SUPPRESSED, ls = l->status == RES_SUPPRESSED;
		assert_int_equal(x->status == RES_SUPPRESSED, bs || ls);
		if (!bs && !ls)
			continue;
		assert_int_equal(x->note, RES_WHY_SUPPRESSED);
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
		const struct res_row *mean = rows_find(r, f[4], bd, bv, wave, design, paired ? RS_MEAN_DIFF : RS_MEAN);
		const struct res_row *n = rows_find(r, f[4], bd, bv, wave, design, paired ? RS_N_PAIRS : RS_N);
		double observed = atof(f[8]), planted_n = atof(f[5]);
		if (mean->status == RES_SUPPRESSED) {
			hidden++;
			continue;
		}
		assert_int_equal(mean->status, RES_OK);
		if (!strcmp(f[0], "item")) {
			/* planted.csv rounds to 4 decimals and gives the raw answer;
			 * tillid turns a reverse-worded item (all of the sample's
			 * are on five-point scales: v -> 6 - v) */
			if (rows_val(r, f[4], "all", "", "", "", RS_REVERSED) == 1)
				observed = 6 - observed;
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
	/* every hidden count must keep min - 1 values unless it is known to
	 * hold at least min (one note for all hidden cells): 154 items, 46
	 * scales and 68 pairs of planted.csv are published */
	assert_true(items > 150 && scales > 40 && pairs > 50 && hidden > 100);
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
	struct results r;
	/* the bootstrap is not what this test is about */
	rows_analyse_study("sample-data/fremfaerd.ini", 50, &r);

	check_planted(&r);

	/* the planted findings (README: "What an analysis of this sample should find") */
	const char *w = "foer..efter";
	double md = rows_val(&r, "tillid", "group", "paaroerende", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.3 && md < 0.5 && rows_val(&r, "tillid", "group", "paaroerende", w, "paired", RS_T) > 4);
	assert_true(rows_val(&r, "tillid", "group", "paaroerende", w, "independent", RS_WELCH_T) > 3);
	md = rows_val(&r, "hoert", "group", "borger", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.2 && md < 0.35 && rows_val(&r, "hoert", "group", "borger", w, "paired", RS_T) > 3);
	md = rows_val(&r, "koord", "group", "medarbejder", w, "paired", RS_MEAN_DIFF);
	assert_true(fabs(md) < 0.1 && fabs(rows_val(&r, "koord", "group", "medarbejder", w, "paired", RS_T)) < 1);
	md = rows_val(&r, "tilfreds", "all", "", w, "paired", RS_MEAN_DIFF);
	assert_true(md > 0.1 && rows_val(&r, "tilfreds", "all", "", w, "paired", RS_T) > 3);
	md = rows_val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_MEAN_DIFF);
	assert_true(md < -0.3 && rows_val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_T) < -3);
	assert_close(rows_val(&r, "tillid", "municipality", "Haderslev", w, "paired", RS_PAIRED_LEADS), 1, 0);
	/* tillid_3 is reverse-worded: its raw mean falls where pårørende's
	 * trust rises; turned, it rises with the trust, and results.csv says
	 * it is turned */
	assert_true(rows_val(&r, "tillid_3", "group", "paaroerende", w, "paired", RS_MEAN_DIFF) > 0);
	assert_close(rows_val(&r, "tillid_3", "all", "", "", "", RS_REVERSED), 1, 0);
	assert_close(rows_val(&r, "tillid_1", "all", "", "", "", RS_REVERSED), 0, 0);

	/* Odder x pårørende: 3 respondents per wave, so no number anywhere */
	size_t odder = 0;
	for (size_t i = 0; i < r.n; i++)
		if (!strcmp(r.rows[i].breakdown_value, "Odder|paaroerende")) {
			assert_int_equal(r.rows[i].status, RES_SUPPRESSED);
			odder++;
		}
	assert_true(odder > 1000);

	/* Odder x pårørende has 3 respondents; at both waves the same cheapest
	 * rectangle protects it (Odder x medarbejdere, Haderslev x pårørende and
	 * Haderslev x medarbejdere), so no other group loses its change: Odder's
	 * and Haderslev's citizens and Rebild's whole follow-up stay shown.
	 * Every suppressed row has the one note. */
	const char *hidden[] = { "Odder|paaroerende", "Odder|medarbejder", "Haderslev|paaroerende",
				 "Haderslev|medarbejder" };
	const char *shown[] = { "Odder|borger", "Haderslev|borger", "Rebild|borger", "Rebild|paaroerende" };
	for (int k = 0; k < 2; k++) {
		const char *wave = k ? "efter" : "foer";
		for (size_t i = 0; i < ARRAY_SIZE(hidden); i++) {
			const struct res_row *why = rows_find(&r, "*", "municipality_group", hidden[i], wave, "",
							 RS_RESPONDENTS);
			assert_int_equal(why->status, RES_SUPPRESSED);
			assert_int_equal(why->note, RES_WHY_SUPPRESSED);
		}
		for (size_t i = 0; i < ARRAY_SIZE(shown); i++)
			assert_int_equal(rows_find(&r, "*", "municipality_group", shown[i], wave, "", RS_RESPONDENTS)->status,
					 RES_OK);
	}
	/* the totals over them are published */
	assert_close(rows_val(&r, "*", "municipality", "Odder", "foer", "", RS_RESPONDENTS), 79, 0);
	assert_close(rows_val(&r, "*", "group", "paaroerende", "efter", "", RS_RESPONDENTS), 154, 0);

	/* what a reader can subtract, over every count the results publish */
	assert_true(check_published_counts(&r, rows_val(&r, "*", "all", "", "", "", RS_MIN_GROUP_SIZE)) > 100);
	check_change_reasons(&r);

	results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_study),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
