/* test_tables.c: unit tests for scale scores, count tables and cell suppression (pairing: test_tables_pairing.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tablesutil.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* The distinct scores of a 3-item 5-point scale with at least 2 answered:
 * s/2 (s = 2..10) and s/3 (s = 3..15): 5 integers, 4 halves, 8 thirds. */
static void test_scale_values(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 1, 1, 1);
	struct scale_def sd[3];
	build_scales(&d, sd);
	assert_int_equal(sd[0].reason, RES_WHY_NONE);
	assert_int_equal(sd[0].m, 3);
	assert_int_equal(sd[0].min_answered, 2);
	assert_int_equal(sd[0].k, 5);
	assert_int_equal(sd[0].n_values, 17);
	assert_true(sd[0].values[0] == 1.0);
	assert_true(sd[0].values[1] == 4.0 / 3.0);
	assert_true(sd[0].values[2] == 1.5);
	assert_true(sd[0].values[16] == 5.0);
	for (size_t i = 1; i < sd[0].n_values; i++)
		assert_true(sd[0].values[i - 1] < sd[0].values[i]);
	/* items on different answer scales, and a scale without items */
	assert_int_equal(sd[1].reason, RES_WHY_SCALE_MIXED);
	assert_int_equal(sd[1].n_values, 0);
	assert_int_equal(sd[2].reason, RES_WHY_SCALE_NO_ITEMS);
	release_scales(&d, sd);
	tds_release(&d);
}

/* Reverse coding (k + 1 - v), the half-answered rule, and what counts as answered. */
static void test_scale_scores(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 1, 1, 1);
	const int rows[][N_ITEMS] = {
		{ 2, 3, 4, 1, 1, 1 },               /* 2 + 3 + (6-4) = 7 over 3 */
		{ 2, TDS_BLANK, 4, 1, 1, 1 },       /* (2 + 2) / 2 = 2 */
		{ 2, VI, TDS_BLANK, 1, 1, 1 },      /* one of three answered: missing */
		{ 5, 9, TDS_REJECTED, 1, 1, 1 },    /* 9 > k and rejected do not count: missing */
		{ 5, 5, 1, 1, 1, 1 },               /* (5 + 5 + 5) / 3 = 5 */
		{ 1, TDS_BLANK, 5, 1, 1, 1 },       /* (1 + 1) / 2 = 1 */
	};
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++)
		add(&d, 0, 0, 0, 0, 0, rows[r]);
	struct scale_def sd[3];
	build_scales(&d, sd);
	int s, c;
	uint32_t i = scale_score(&sd[0], &d, 0, &s, &c);
	assert_int_equal(s, 7);
	assert_int_equal(c, 3);
	assert_true(sd[0].values[i] == 7.0 / 3.0);
	i = scale_score(&sd[0], &d, 1, &s, &c);
	assert_int_equal(c, 2);
	assert_true(sd[0].values[i] == 2.0);
	assert_int_equal(scale_score(&sd[0], &d, 2, &s, &c), SCORE_MISSING);
	assert_int_equal(c, 1);
	assert_int_equal(scale_score(&sd[0], &d, 3, &s, &c), SCORE_MISSING);
	assert_int_equal(c, 1);
	assert_true(sd[0].values[scale_score(&sd[0], &d, 4, NULL, NULL)] == 5.0);
	assert_true(sd[0].values[scale_score(&sd[0], &d, 5, NULL, NULL)] == 1.0);
	/* 4/2 and 6/3 are the same value, so the same index */
	const int same[][N_ITEMS] = { { 2, 2, 4, 1, 1, 1 }, { 2, TDS_BLANK, 4, 1, 1, 1 } };
	add(&d, 0, 0, 0, 0, 0, same[0]);
	add(&d, 0, 0, 0, 0, 0, same[1]);
	assert_int_equal(scale_score(&sd[0], &d, 6, NULL, NULL), scale_score(&sd[0], &d, 7, NULL, NULL));
	/* an undefined scale never scores */
	assert_int_equal(scale_score(&sd[1], &d, 0, NULL, NULL), SCORE_MISSING);
	assert_true(score_0_100(3.0, 1, 5) == 50.0);
	assert_true(score_0_100(7.0 / 3.0, 1, 5) == (7.0 / 3.0 - 1) / 4 * 100);
	release_scales(&d, sd);
	tds_release(&d);
}

/* Counters per slot, per wave and cell; cell layout and names. */
static void test_counts(void **state)
{
	(void)state;
	struct built b;
	make_meta(&b.d, 2, 2, 2, 3);
	/* unit 0 in M1, unit 1 in M2, unit 2 in M1 */
	const int v1[N_ITEMS] = { 4, 4, 2, 3, 2, 5 };
	const int v2[N_ITEMS] = { VI, 3, 3, TDS_BLANK, 4, TDS_REJECTED };
	const int v3[N_ITEMS] = { 4, 9, 1, 5, 1, 1 };
	add(&b.d, 0, 0, 0, 0, 0, v1);
	add(&b.d, 0, 1, 0, 2, 0, v2);
	add(&b.d, 0, 1, 1, 1, 0, v3);
	add(&b.d, 1, 0, -1, -1, 0, v1);
	add(&b.d, 0, -1, 1, -1, 0, v1);
	build(&b);
	const struct tables *t = &b.t;
	/* 1 + 2 groups + 2 munis + 4 muni x group + 3 units */
	assert_int_equal(t->n_cells, 12);
	assert_string_equal(t->cells[cell_municipality_group(t, 1, 0)].value, "M2|g1");
	assert_string_equal(t->cells[cell_unit(t, 2)].value, "M1|U3");
	assert_int_equal(t->cells[cell_unit(t, 2)].kind, RES_BD_UNIT);
	assert_false(t->cells[cell_municipality_group(t, 1, 0)].used);
	assert_true(t->cells[cell_municipality_group(t, 1, 1)].used);
	assert_int_equal(t->respondents[0 * t->n_cells + cell_all(t)], 4);
	assert_int_equal(t->respondents[1 * t->n_cells + cell_all(t)], 1);
	assert_int_equal(t->respondents[0 * t->n_cells + cell_municipality(t, 1)], 2);
	assert_int_equal(t->respondents[0 * t->n_cells + cell_group(t, 1)], 2);

	/* item a1 (var 0), wave 0, all: 4 x3 and one "Ved ikke" */
	const struct tvar *a1 = &t->vars[0];
	assert_int_equal(a1->n_slots, 5 + 1 + 2);
	const uint64_t *c = tables_counts(t, 0, 0, cell_all(t));
	assert_int_equal(c[3], 3);
	assert_int_equal(c[5], 1); /* Ved ikke */
	assert_int_equal(c[tslot_blank(a1)], 0);
	/* a2: 9 is outside the scale: rejected */
	c = tables_counts(t, 1, 0, cell_all(t));
	assert_int_equal(c[tslot_rejected(&t->vars[1])], 1);
	assert_int_equal(c[3] + c[2], 3);
	/* x1 (var 5): the rejected value, in group g2 */
	c = tables_counts(t, 5, 0, cell_group(t, 1));
	assert_int_equal(c[tslot_rejected(&t->vars[5])], 1);
	assert_int_equal(c[0], 1);
	/* b1 blank in M1|g2 */
	c = tables_counts(t, 3, 0, cell_municipality_group(t, 0, 1));
	assert_int_equal(c[tslot_blank(&t->vars[3])], 1);
	/* scale s (var 6): (4 + 4 + (6-2))/3 = 4 twice, (3 + 3)/2 = 3, (4 + 5)/2 (9 is no answer) */
	const struct tvar *s = &t->vars[N_ITEMS];
	assert_true(s->is_scale);
	c = tables_counts(t, N_ITEMS, 0, cell_all(t));
	double got[4];
	size_t ng = 0;
	for (size_t i = 0; i < s->n_values; i++)
		for (uint64_t k = 0; k < c[i]; k++)
			got[ng++] = s->values[i];
	assert_int_equal(ng, 4);
	assert_true(got[0] == 3.0 && got[1] == 4.0 && got[2] == 4.0 && got[3] == 4.5);
	/* the undefined scale counts every respondent as missing */
	c = tables_counts(t, N_ITEMS + 1, 0, cell_all(t));
	assert_int_equal(c[tslot_blank(&t->vars[N_ITEMS + 1])], 4);
	/* reliability sums: listwise complete on s in wave 0: the two v1 rows
	 * ("Ved ikke" and 9 are not answers) */
	const struct rel_sums *rs = tables_rel(t, 0, 0, 0);
	assert_int_equal(rs->n, 2);
	assert_int_equal(rs->s[2], 4 + 4); /* a3 reversed: 6 - 2 */
	assert_int_equal(rs->ss[0 * 3 + 2], 4 * 4 * 2);
	assert_int_equal(tables_rel(t, 0, 0, 1)->n, 1); /* group g1 */
	built_release(&b);
}

/* The slot (tables.h's layout) that row r's answer to variable var is
 * counted at, worked out from the row itself. */
static size_t slot_of(const struct tables *t, const struct scale_def *sd, size_t var, size_t r)
{
	const struct tds *d = t->d;
	const struct tvar *v = &t->vars[var];
	if (v->is_scale) {
		uint32_t s = scale_score(&sd[v->index], d, r, NULL, NULL);
		return s == SCORE_MISSING ? tslot_blank(v) : s;
	}
	int x = tds_value(d, r, var);
	if (x >= 1 && x <= v->k)
		return v->reverse ? (size_t)(v->k - x) : (size_t)(x - 1);
	if (x == TDS_BLANK)
		return tslot_blank(v);
	if (x > TDS_NONSUBST_BASE && x != TDS_REJECTED && x - TDS_NONSUBST_BASE <= v->n_nonsubst)
		return v->n_values + (size_t)(x - TDS_NONSUBST_BASE) - 1;
	return tslot_rejected(v);
}

/* Every counter of every variable, wave and cell equals the respondents
 * counted one by one into the cells whose fields match their rows. */
static void check_counts(const struct built *b)
{
	const struct tables *t = &b->t;
	const struct tds *d = &b->d;
	size_t checked = 0;
	for (size_t var = 0; var < t->n_vars; var++) {
		const struct tvar *v = &t->vars[var];
		for (size_t w = 0; w < t->n_waves; w++)
			for (size_t cell = 0; cell < t->n_cells; cell++) {
				const struct cell *cl = &t->cells[cell];
				uint64_t *want = xcalloc(v->n_slots, sizeof(*want));
				for (size_t r = 0; r < d->n_rows; r++) {
					const struct tds_row *row = &d->rows[r];
					if (row->wave != w || (cl->group != TDS_NONE && row->group != cl->group) ||
					    (cl->municipality != TDS_NONE && row->municipality != cl->municipality) ||
					    (cl->unit != TDS_NONE && row->unit != cl->unit))
						continue;
					want[slot_of(t, b->sd, var, r)]++;
				}
				const uint64_t *got = tables_counts(t, var, w, cell);
				for (size_t k = 0; k < v->n_slots; k++) {
					assert_int_equal(got[k], want[k]);
					checked += want[k] > 0;
				}
				free(want);
			}
	}
	assert_true(checked > 200);
}

/* The counts of the items and scales of two random studies: the small
 * study with units (a scale of 3 items, its Cronbach sums by pattern) and
 * the big one (12 items on 7 points: sums respondent by respondent). */
static void test_counts_random(void **state)
{
	(void)state;
	const int choice[] = { 1, 2, 3, 4, 5, 1, 5, VI, TDS_BLANK, TDS_REJECTED, 7 };
	struct built b;
	make_meta(&b.d, 3, 2, 2, 3);
	uint64_t rng = 99;
	for (int r = 0; r < 900; r++) {
		int v[N_ITEMS + 4];
		for (int i = 0; i < N_ITEMS + 4; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			v[i] = (int)(rng >> 33);
		}
		int unit = v[N_ITEMS + 3] % 4 - 1, muni = unit >= 0 ? unit % 2 : v[N_ITEMS + 2] % 3 - 1;
		for (int i = 0; i < N_ITEMS; i++)
			v[i] = choice[v[i] % (int)ARRAY_SIZE(choice)];
		add(&b.d, v[N_ITEMS] % 3, v[N_ITEMS + 1] % 3 - 1, muni, unit, r % 400 + 1, v);
	}
	build(&b);
	check_counts(&b);
	built_release(&b);
	make_big_random(&b.d);
	build(&b);
	check_counts(&b);
	built_release(&b);
}

/* The Cronbach sums of scale s (3 items on 5 points, a3 reversed) in
 * every wave and group cell, counted by answer pattern and respondent by
 * respondent (tables_rel_patterns_max 0), equal the sums over the
 * respondents who answered all three items, worked out here from
 * tds_scored. */
static void test_rel_sums(void **state)
{
	(void)state;
	const int choice[] = { 1, 2, 3, 4, 5, 1, 5, VI, TDS_BLANK };
	struct built b[2];
	for (int k = 0; k < 2; k++) {
		make_meta(&b[k].d, 2, 2, 1, 0);
		uint64_t rng = 777;
		for (int r = 0; r < 600; r++) {
			int v[N_ITEMS];
			for (int i = 0; i < N_ITEMS; i++) {
				rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
				v[i] = choice[(rng >> 33) % ARRAY_SIZE(choice)];
			}
			add(&b[k].d, r % 2, r % 3 == 2 ? -1 : r % 3, 0, -1, r + 1, v);
		}
		size_t keep = tables_rel_patterns_max;
		if (k == 1)
			tables_rel_patterns_max = 0;
		build(&b[k]);
		tables_rel_patterns_max = keep;
	}
	const struct tds *d = &b[0].d;
	for (size_t w = 0; w < 2; w++)
		for (size_t rc = 0; rc <= 2; rc++) {
			uint64_t n = 0, s[3] = { 0 }, ss[9] = { 0 };
			for (size_t r = 0; r < d->n_rows; r++) {
				const struct tds_row *row = &d->rows[r];
				if (row->wave != w || (rc && row->group != rc - 1))
					continue;
				int x[3];
				for (size_t a = 0; a < 3; a++)
					x[a] = tds_scored(d, a, d->values[r * N_ITEMS + a]);
				if (x[0] <= 0 || x[1] <= 0 || x[2] <= 0)
					continue;
				n++;
				for (size_t a = 0; a < 3; a++) {
					s[a] += (uint64_t)x[a];
					for (size_t c = 0; c < 3; c++)
						ss[a * 3 + c] += (uint64_t)(x[a] * x[c]);
				}
			}
			assert_true(n > 20);
			for (int k = 0; k < 2; k++) {
				const struct rel_sums *got = tables_rel(&b[k].t, 0, w, rc);
				assert_int_equal(got->n, n);
				for (size_t a = 0; a < 3; a++)
					assert_int_equal(got->s[a], s[a]);
				for (size_t a = 0; a < 9; a++)
					assert_int_equal(got->ss[a], ss[a]);
			}
		}
	built_release(&b[0]);
	built_release(&b[1]);
}

static void test_bad_rows(void **state)
{
	(void)state;
	struct tds d;
	make_meta(&d, 2, 2, 2, 2);
	const int v[N_ITEMS] = { 1, 1, 1, 1, 1, 1 };
	add(&d, 2, 0, 0, -1, 0, v); /* wave 2 of 2 */
	struct scale_def sd[3];
	build_scales(&d, sd);
	struct tables t;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(tables_build(&t, &d, sd, NULL, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "wave"));
	d.rows[0].wave = 0;
	d.rows[0].unit = 1; /* unit 1 is in M2, the row in M1 */
	sb_reset(&err);
	assert_int_equal(tables_build(&t, &d, sd, NULL, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "U2"));
	d.rows[0].unit = 0;
	d.rows[0].group = 7;
	sb_reset(&err);
	assert_int_equal(tables_build(&t, &d, sd, NULL, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "group"));
	release_scales(&d, sd);
	sb_release(&err);
	tds_release(&d);
}

/* Shorthands for the expected kinds. */
#define S_ SUP_SHOWN
#define P_ SUP_PRIMARY
#define C_ SUP_COMPLEMENTARY

/* Suppression on hand-made cell sizes: a study of groups, municipalities
 * and units (make_meta), the minimum, the respondents n of each cell and
 * the kind each cell should get.  Cells of make_meta(2 groups, 2
 * municipalities, 2 units): all; g1 g2; M1 M2; M1|g1 M1|g2 M2|g1 M2|g2;
 * U1 (M1) U2 (M2). */
struct suppress_case {
	size_t groups, munis, units;
	uint64_t min;
	uint64_t n[16];
	unsigned char want[16];
};

static const struct suppress_case suppress_cases[] = {
	/* M2|g1 and M2|g2 (4 each) hide each other within M2, but g1 - M1|g1
	 * would give M2|g1 back: M1|g1 goes, and then M1|g2, which also mends
	 * g2 */
	{ 2, 2, 2, 5,
	  { 20, 10, 10, 12, 8, 6, 6, 4, 4, 12, 8 },
	  { S_, S_, S_, S_, S_, C_, C_, P_, P_, S_, S_ } },
	/* one group below 5: the next-smallest group goes too (20 - 17 = 3 would show it) */
	{ 2, 2, 2, 5,
	  { 20, 17, 3, 20, 0, 17, 3, 0, 0, 20, 0 },
	  { S_, C_, P_, S_, P_, C_, P_, P_, P_, S_, P_ } },
	/* rows without a group: 20 - 18 = 2 isolates them, so g1 goes */
	{ 2, 2, 2, 5,
	  { 20, 18, 0, 20, 0, 18, 0, 0, 0, 20, 0 },
	  { S_, C_, P_, S_, P_, C_, P_, P_, P_, S_, P_ } },
	/* two small groups whose sum reaches the minimum need nothing more */
	{ 3, 0, 0, 5,
	  { 26, 20, 3, 3 },
	  { S_, S_, P_, P_ } },
	/* one small group plus 2 rows without a group: residual 4, so the
	 * next-smallest group (10, not 20) goes */
	{ 3, 0, 0, 5,
	  { 34, 20, 10, 2 },
	  { S_, S_, C_, P_ } },
	/* municipality x group: M1|g2 = 3 forces M1|g1 (family M1: residual 3);
	 * g2 then hides only M1|g2, and of its shown cells M2|g2 is the one
	 * whose other family (M2) is left with a lone hidden cell; M2|g1 mends
	 * M2 and g1 at once */
	{ 2, 2, 2, 5,
	  { 33, 20, 13, 13, 20, 10, 3, 10, 10, 13, 20 },
	  { S_, S_, S_, S_, S_, C_, P_, C_, C_, S_, S_ } },
	/* units: U1 is 9 of M1's 12; 3 unit-less rows would show: U1 goes */
	{ 2, 2, 2, 5,
	  { 32, 16, 16, 12, 20, 6, 6, 10, 10, 9, 20 },
	  { S_, S_, S_, S_, S_, S_, S_, S_, S_, C_, S_ } },
	/* a suppressed parent protects its family; its children stay as they are */
	{ 2, 2, 2, 5,
	  { 4, 4, 0, 4, 0, 4, 0, 0, 0, 4, 0 },
	  { P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_ } },
	/* a single group: the group is the total, nothing to protect */
	{ 1, 0, 0, 5,
	  { 9, 9 },
	  { S_, S_ } },
	/* minimum 0: nothing is suppressed, not even empty cells */
	{ 2, 2, 2, 0,
	  { 3, 3, 0, 3, 0, 3, 0, 0, 0, 1, 0 },
	  { S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_ } },
	/* the choice of the complementary cells, 3 x 3 (cells: all; g1 g2 g3;
	 * M1 M2 M3; M1|g1 .. M3|g3): M2|g2 = 3 is protected by the cheapest
	 * rectangle, worked by hand over its four: (M1, g1) 42 + 36 + 34 =
	 * 112, (M1, g3) 42 + 48 + 40 = 130, (M3, g1) 23 + 36 + 35 = 94,
	 * (M3, g3) 23 + 48 + 35 = 106; so M3|g2, M2|g1 and M3|g1 go, and
	 * every margin stays shown. */
	{ 3, 3, 0, 5,
	  { 296, 105, 68, 123, 116, 87, 93, 34, 42, 40, 36, 3, 48, 35, 23, 35 },
	  { S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, C_, P_, S_, C_, C_, S_ } },

	/* a complementary cell is known to hold at least min: M1 = 8 with its
	 * cells 3 (primary) and 5 (complementary) would say the 3 is at most 3,
	 * where a primary cell could hold up to 4.  M1 has no other child, so
	 * M1 itself goes, and with it M2 (all: municipalities) and the units
	 * that add up to each */
	{ 2, 2, 2, 5,
	  { 28, 18, 10, 8, 20, 5, 3, 13, 7, 8, 20 },
	  { S_, S_, S_, C_, C_, C_, P_, C_, C_, C_, C_ } },
};

static void test_suppress(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(suppress_cases); k++) {
		const struct suppress_case *sc = &suppress_cases[k];
		struct built b;
		make_meta(&b.d, 2, sc->groups, sc->munis, sc->units);
		build(&b);
		const struct tables *t = &b.t;
		unsigned char sup[16];
		assert_true(t->n_cells <= 16);
		tables_suppress(t, sc->n, sc->min, sup);
		for (size_t c = 0; c < t->n_cells; c++) {
			if (sup[c] != sc->want[c])
				print_error("case %zu, cell %zu (%s %s): kind %d, want %d\n", k, c,
					    res_breakdown_name(t->cells[c].kind), t->cells[c].value, sup[c], sc->want[c]);
			assert_int_equal(sup[c], sc->want[c]);
		}
		built_release(&b);
	}
}

/* xorshift64 (Marsaglia 2003): a fixed stream of test sizes. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(uint64_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state % n;
}

/* Check one family of a suppressed table against the guarantees of
 * tables_suppress (tables.h): parent and children cells given. */
static void check_family(const uint64_t *n, uint64_t min, const unsigned char *sup, size_t parent,
			 const size_t *child, size_t count)
{
	uint64_t shown = 0, all = 0, small = 0, comp = 0, hidden = 0;
	for (size_t i = 0; i < count; i++) {
		size_t c = child[i];
		all += n[c];
		if (sup[c] == SUP_SHOWN)
			shown += n[c];
		else
			hidden += n[c] > 0;
		if (sup[c] == SUP_COMPLEMENTARY)
			comp++;
		if (sup[c] == SUP_PRIMARY)
			small += n[c];
	}
	assert_true(n[parent] >= all);
	uint64_t unassigned = n[parent] - all;
	if (sup[parent]) {
		/* a hidden parent is not the sum of its shown children */
		if (n[parent] > 0 && !unassigned)
			assert_true(hidden > 0);
		return;
	}
	uint64_t resid = n[parent] - shown;
	small += unassigned;
	/* what a reader subtracts is no group too small to show */
	assert_true(resid == 0 || resid >= min);
	/* what the labels say (complementary >= min) leaves every small part
	 * free to be anything below min */
	if (small > 0)
		assert_true(resid - comp * min + 1 >= min);
	/* no hidden child stands alone */
	assert_false(hidden == 1 && !unassigned);
}

/* tables_suppress on 3000 random tables of 1-3 groups, 0-3
 * municipalities and 0-3 units, with rows outside groups, municipalities
 * and units and many small cells: the kinds are right and every family
 * ends up protected. */
static void test_suppress_random(void **state)
{
	(void)state;
	for (int trial = 0; trial < 3000; trial++) {
		size_t ng = 1 + rnd(3), nm = rnd(4), nu = nm ? rnd(4) : 0;
		uint64_t min = rnd(7);
		struct built b;
		make_meta(&b.d, 2, ng, nm, nu);
		build(&b);
		const struct tables *t = &b.t;
		uint64_t n[32] = { 0 };
		unsigned char sup[32];
		assert_true(t->n_cells <= 32);
		/* respondents of each (group or none) x (unit, or municipality
		 * without unit, or neither) */
		for (size_t g = 0; g <= ng; g++)
			for (size_t place = 0; place <= nm + nu; place++) {
				int outside = g == ng || place == nm + nu;
				uint64_t k = outside ? (rnd(5) ? 0 : 1 + rnd(6)) : rnd(3) ? 5 + rnd(50) : rnd(7);
				size_t m = place < nm ? place : place < nm + nu ? b.d.meta.units[place - nm].municipality : SIZE_MAX;
				n[cell_all(t)] += k;
				if (g < ng)
					n[cell_group(t, g)] += k;
				if (m != SIZE_MAX) {
					n[cell_municipality(t, m)] += k;
					if (g < ng)
						n[cell_municipality_group(t, m, g)] += k;
				}
				if (place >= nm && place < nm + nu)
					n[cell_unit(t, place - nm)] += k;
			}
		tables_suppress(t, n, min, sup);
		for (size_t c = 0; c < t->n_cells; c++) {
			assert_true(sup[c] <= SUP_COMPLEMENTARY);
			assert_int_equal(sup[c] == SUP_PRIMARY, n[c] < min);
		}
		size_t child[8], k;
		for (k = 0; k < ng; k++)
			child[k] = cell_group(t, k);
		check_family(n, min, sup, cell_all(t), child, ng);
		for (k = 0; k < nm; k++)
			child[k] = cell_municipality(t, k);
		check_family(n, min, sup, cell_all(t), child, nm);
		for (size_t m = 0; m < nm; m++) {
			for (k = 0; k < ng; k++)
				child[k] = cell_municipality_group(t, m, k);
			check_family(n, min, sup, cell_municipality(t, m), child, ng);
			k = 0;
			for (size_t u = 0; u < nu; u++)
				if (b.d.meta.units[u].municipality == m)
					child[k++] = cell_unit(t, u);
			check_family(n, min, sup, cell_municipality(t, m), child, k);
		}
		for (size_t g = 0; g < ng; g++) {
			for (k = 0; k < nm; k++)
				child[k] = cell_municipality_group(t, k, g);
			check_family(n, min, sup, cell_group(t, g), child, nm);
		}
		built_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale_values),
		cmocka_unit_test(test_scale_scores),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_counts_random),
		cmocka_unit_test(test_rel_sums),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_suppress),
		cmocka_unit_test(test_suppress_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
