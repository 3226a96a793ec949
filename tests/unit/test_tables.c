/* test_tables.c: unit tests for scale scores, count tables, pairing and cell suppression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/dataset.h"
#include "stats/scores.h"
#include "stats/tables.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* A study with one 5-point answer scale ("Ved ikke" as its non-substantive
 * answer), scale s = {a1, a2, a3 (reverse)}, item b1 outside scales, and
 * the given numbers of waves, groups, municipalities and units (unit u in
 * municipality u % n_munis). */
static void make_meta(struct tds *d, size_t waves, size_t groups, size_t munis, size_t units)
{
	static const char *const wid[] = { "foer", "efter", "sidst" };
	static const char *const gid[] = { "g1", "g2", "g3" };
	static const char *const mid[] = { "M1", "M2", "M3" };
	static const char *const uid[] = { "U1", "U2", "U3" };
	static const char *const pts[] = { "1", "2", "3", "4", "5" };
	struct tds_meta *m = &d->meta;
	tds_init(d);
	m->min_group_size = 1;
	m->n_waves = waves;
	m->waves = xcalloc(waves, sizeof(*m->waves));
	for (size_t w = 0; w < waves; w++)
		m->waves[w].id = xstrdup(wid[w]);
	m->n_groups = groups;
	m->groups = xcalloc(groups ? groups : 1, sizeof(*m->groups));
	for (size_t g = 0; g < groups; g++)
		m->groups[g].id = xstrdup(gid[g]);
	m->n_municipalities = munis;
	m->municipalities = xcalloc(munis ? munis : 1, sizeof(char *));
	for (size_t k = 0; k < munis; k++)
		m->municipalities[k] = xstrdup(mid[k]);
	m->n_units = units;
	m->units = xcalloc(units ? units : 1, sizeof(*m->units));
	for (size_t u = 0; u < units; u++) {
		m->units[u].name = xstrdup(uid[u]);
		m->units[u].municipality = (uint16_t)(u % munis);
	}
	m->n_answers = 2;
	m->answers = xcalloc(2, sizeof(*m->answers));
	answers_set(&m->answers[0], "enig5", 5, pts, pts, 1, dont_know_da, dont_know_en);
	answers_set(&m->answers[1], "ja4", 4, pts, pts, 1, dont_know_da, dont_know_en);
	m->n_scales = 3;
	m->scales = xcalloc(3, sizeof(*m->scales));
	m->scales[0].id = xstrdup("s");
	m->scales[1].id = xstrdup("mixed"); /* b1 (k = 5) and c1 (k = 4) */
	m->scales[2].id = xstrdup("empty");
	static const struct { const char *id; int scale, answers, reverse; } it[] = {
		{ "a1", 0, 0, 0 }, { "a2", 0, 0, 0 }, { "a3", 0, 0, 1 }, { "b1", 1, 0, 0 }, { "c1", 1, 1, 0 },
		{ "x1", -1, 0, 0 },
	};
	m->n_items = ARRAY_SIZE(it);
	m->items = xcalloc(m->n_items, sizeof(*m->items));
	for (size_t i = 0; i < m->n_items; i++) {
		m->items[i].id = xstrdup(it[i].id);
		m->items[i].scale = it[i].scale;
		m->items[i].answers = it[i].answers;
		m->items[i].reverse = it[i].reverse;
	}
}

#define N_ITEMS 6
#define VI (TDS_NONSUBST_BASE + 1) /* "Ved ikke" */

static void add(struct tds *d, int wave, int group, int muni, int unit, int key, const int *v)
{
	struct tds_row r = { (uint8_t)wave, group < 0 ? TDS_NONE : (uint16_t)group,
			     muni < 0 ? TDS_NONE : (uint16_t)muni, unit < 0 ? TDS_NONE : (uint16_t)unit,
			     { 0 } };
	r.key[0] = (uint8_t)key;
	r.key[15] = (uint8_t)(key >> 8);
	uint8_t *x = tds_add_row(d, &r);
	for (int i = 0; i < N_ITEMS; i++)
		x[i] = (uint8_t)v[i];
}

static void build_scales(const struct tds *d, struct scale_def *sd)
{
	for (size_t s = 0; s < d->meta.n_scales; s++)
		scale_def_build(&sd[s], &d->meta, s);
}

static void release_scales(const struct tds *d, struct scale_def *sd)
{
	for (size_t s = 0; s < d->meta.n_scales; s++)
		scale_def_release(&sd[s]);
}

/* A dataset with its scale definitions and count tables. */
struct built {
	struct tds d;
	struct scale_def sd[3];
	struct tables t;
};

/* Defines the scales of b->d and builds its tables; fails the test when
 * tables_build fails.  built_release frees all of b, b->d too. */
static void build(struct built *b)
{
	struct strbuf err = STRBUF_INIT;
	build_scales(&b->d, b->sd);
	if (tables_build(&b->t, &b->d, b->sd, NULL, &err) != TILLID_OK)
		fail_msg("tables_build: %s", err.buf);
	sb_release(&err);
}

static void built_release(struct built *b)
{
	tables_release(&b->t);
	release_scales(&b->d, b->sd);
	tds_release(&b->d);
}

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

/* Pairs: same key in the baseline and a later wave; duplicate keys pair
 * nothing in their wave; a pair counts in a cell only when both rows are. */
static void test_pairs(void **state)
{
	(void)state;
	struct built b;
	make_meta(&b.d, 3, 2, 1, 0);
	const int lo[N_ITEMS] = { 2, 2, 4, 2, 2, 2 }, hi[N_ITEMS] = { 4, 5, 1, 5, 4, 5 };
	const int bl[N_ITEMS] = { TDS_BLANK, 2, 4, 2, 2, 2 };
	add(&b.d, 0, 0, 0, -1, 1, lo);   /* key 1 */
	add(&b.d, 0, 0, 0, -1, 2, lo);   /* key 2 */
	add(&b.d, 0, 0, 0, -1, 3, lo);   /* key 3, twice in the baseline */
	add(&b.d, 0, 1, 0, -1, 3, lo);
	add(&b.d, 0, 1, 0, -1, 4, bl);   /* key 4: a1 blank */
	add(&b.d, 0, 1, 0, -1, 0, lo);   /* no key */
	add(&b.d, 1, 0, 0, -1, 1, hi);   /* pairs key 1, group kept */
	add(&b.d, 1, 1, 0, -1, 2, hi);   /* pairs key 2, moved to g2 */
	add(&b.d, 1, 1, 0, -1, 3, hi);   /* key 3: duplicate at baseline */
	add(&b.d, 1, 1, 0, -1, 4, hi);   /* key 4 */
	add(&b.d, 1, 1, 0, -1, 0, hi);   /* no key */
	add(&b.d, 2, 0, 0, -1, 1, lo);   /* key 1 again in the third wave */
	add(&b.d, 2, 0, 0, -1, 5, lo);   /* key 5 twice in the third wave, not at baseline */
	add(&b.d, 2, 0, 0, -1, 5, lo);
	add(&b.d, 2, 0, 0, -1, 256, lo); /* key 256: a different key from key 0 (no key) */
	build(&b);
	const struct tables *t = &b.t;
	assert_int_equal(t->n_comp, 3); /* foer..efter, foer..sidst, efter..sidst */
	assert_int_equal(t->duplicate_keys, 4);
	/* respondents paired in foer..efter: keys 1, 2, 4 */
	assert_int_equal(t->keyed_pairs[0 * t->n_cells + cell_all(t)], 3);
	assert_int_equal(t->keyed_pairs[0 * t->n_cells + cell_group(t, 0)], 1); /* key 2 left g1 */
	assert_int_equal(t->keyed_pairs[0 * t->n_cells + cell_group(t, 1)], 1);
	assert_int_equal(t->keyed_pairs[0 * t->n_cells + cell_municipality(t, 0)], 3);
	assert_int_equal(t->keyed_pairs[1 * t->n_cells + cell_all(t)], 1);
	/* a1 pre x post: keys 1 and 2 answered 2 -> 4; key 4 blank at baseline */
	size_t n;
	const struct pair_entry *pe = tables_pairs(t, 0, 0, cell_all(t), &n);
	assert_int_equal(n, 1);
	assert_int_equal(pe[0].pre, 1);
	assert_int_equal(pe[0].post, 3);
	assert_int_equal(pe[0].n, 2);
	/* a2: three pairs 2 -> 5 */
	pe = tables_pairs(t, 1, 0, cell_all(t), &n);
	assert_int_equal(n, 1);
	assert_int_equal(pe[0].n, 3);
	pe = tables_pairs(t, 1, 0, cell_group(t, 1), &n);
	assert_int_equal(n, 1);
	assert_int_equal(pe[0].n, 1);
	/* the scale: (2+2+2)/3 -> (4+5+5)/3 for keys 1, 2, and (2+2)/2 -> 14/3 for key 4 */
	pe = tables_pairs(t, N_ITEMS, 0, cell_all(t), &n);
	assert_int_equal(n, 1);
	const struct tvar *s = &t->vars[N_ITEMS];
	assert_true(s->values[pe[0].pre] == 2.0 && s->values[pe[0].post] == 14.0 / 3.0);
	assert_int_equal(pe[0].n, 3);
	/* foer..sidst: key 1 only, 2 -> 2 */
	pe = tables_pairs(t, 0, 1, cell_all(t), &n);
	assert_int_equal(n, 1);
	assert_int_equal(pe[0].pre, pe[0].post);
	/* efter..sidst: key 1 only (key 5 twice in the third wave, key 256
	 * not in the second), 5 -> 2 */
	assert_int_equal(t->keyed_pairs[2 * t->n_cells + cell_all(t)], 1);
	pe = tables_pairs(t, 1, 2, cell_all(t), &n);
	assert_int_equal(n, 1);
	assert_int_equal(pe[0].pre, 4);
	assert_int_equal(pe[0].post, 1);
	assert_int_equal(pe[0].n, 1);
	built_release(&b);
}

/* Add a row of wave `wave` in group 0 and municipality 0 whose key is all
 * zero but byte `at`, which is `byte`; answers all 3. */
static void add_keyed(struct tds *d, int wave, size_t at, uint8_t byte)
{
	const int v[N_ITEMS] = { 3, 3, 3, 3, 3, 3 };
	add(d, wave, 0, 0, -1, 0, v);
	d->rows[d->n_rows - 1].key[at] = byte;
}

/* Keys that differ but agree on the exclusive or of their four 32-bit
 * words, which pairing sorts by first, are told apart by their whole
 * 16 bytes: K1 (byte 0), K2 (byte 4) and K3 (byte 8), all 1, and K4 (byte
 * 12 = 1, byte 13 = 1 folds elsewhere). */
static void test_pairs_fold_alike(void **state)
{
	(void)state;
	struct built b;
	make_meta(&b.d, 3, 1, 1, 0);
	add_keyed(&b.d, 0, 0, 1);  /* K1 at baseline */
	add_keyed(&b.d, 0, 8, 1);  /* K3 twice at baseline */
	add_keyed(&b.d, 0, 8, 1);
	add_keyed(&b.d, 1, 0, 1);  /* K1 in the second wave: pairs with the baseline */
	add_keyed(&b.d, 1, 4, 1);  /* K2 in the second wave, not at baseline */
	add_keyed(&b.d, 1, 8, 1);  /* K3: its baseline is duplicated, no pair */
	add_keyed(&b.d, 2, 4, 1);  /* K2 in the third wave: pairs with the second only */
	add_keyed(&b.d, 2, 0, 1);  /* K1 in the third: pairs with both */
	add_keyed(&b.d, 2, 12, 1); /* K4, alone */
	build(&b);
	const struct tables *t = &b.t;
	assert_int_equal(t->duplicate_keys, 2);
	assert_int_equal(t->keyed_pairs[0 * t->n_cells + cell_all(t)], 1); /* foer..efter: K1 */
	assert_int_equal(t->keyed_pairs[1 * t->n_cells + cell_all(t)], 1); /* foer..sidst: K1 */
	assert_int_equal(t->keyed_pairs[2 * t->n_cells + cell_all(t)], 2); /* efter..sidst: K1, K2 */
	built_release(&b);
}

/* Pairing by the whole key, worked out row by row: for every comparison
 * the rows of its later wave whose key occurs once there and once in its
 * earlier wave, and the rows whose key occurs more than once in their
 * wave.  Keys are drawn from few values in few places, so many differ and
 * fold alike; rows are in random wave order. */
static void test_pairs_random_keys(void **state)
{
	(void)state;
	uint64_t rng = 2024;
	for (int round = 0; round < 4; round++) {
		struct built b;
		make_meta(&b.d, 3, 1, 1, 0);
		for (int r = 0; r < 3000; r++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			uint64_t x = rng >> 20;
			int wave = (int)(x % 3);
			add_keyed(&b.d, wave, (size_t)(x / 3 % 16), (uint8_t)(1 + x / 48 % (round ? 255 : 120)));
			uint8_t *key = b.d.rows[b.d.n_rows - 1].key;
			if (round == 3 && x / 12240 % 2) /* the same byte a word on: every such key folds to 0 */
				key[(x / 3 % 16 + 4) % 16] = key[x / 3 % 16];
		}
		build(&b);
		const struct tds *d = &b.d;
		const struct tables *t = &b.t;
		/* occ[r * 3 + w]: rows of wave w with row r's key */
		size_t *occ = xcalloc(d->n_rows * 3, sizeof(*occ));
		for (size_t r = 0; r < d->n_rows; r++)
			for (size_t j = 0; j < d->n_rows; j++)
				if (!memcmp(d->rows[r].key, d->rows[j].key, 16))
					occ[r * 3 + d->rows[j].wave]++;
		uint64_t dup = 0, pairs[3] = { 0 };
		for (size_t r = 0; r < d->n_rows; r++) {
			if (!tds_key_is_set(&d->rows[r]))
				continue;
			size_t w = d->rows[r].wave;
			if (occ[r * 3 + w] > 1) {
				dup++;
				continue;
			}
			if (w >= 1 && occ[r * 3] == 1)
				pairs[tables_comp_of_base(w)]++;
			if (w == 2 && occ[r * 3 + 1] == 1)
				pairs[tables_comp_of_prev(w)]++;
		}
		assert_true(pairs[0] > 10 && pairs[2] > 10 && dup > 10);
		assert_int_equal(t->duplicate_keys, dup);
		for (size_t c = 0; c < 3; c++)
			assert_int_equal(t->keyed_pairs[c * t->n_cells + cell_all(t)], pairs[c]);
		free(occ);
		built_release(&b);
	}
}

/* A study of BIG_M 7-point items, all on one scale, two waves, two groups
 * and two municipalities. */
#define BIG_M 12
static void make_big_meta(struct tds *d)
{
	static const char *const ids[] = { "foer", "efter", "g1", "g2", "M1", "M2" };
	struct tds_meta *m = &d->meta;
	tds_init(d);
	m->min_group_size = 1;
	m->n_waves = 2;
	m->waves = xcalloc(2, sizeof(*m->waves));
	m->n_groups = 2;
	m->groups = xcalloc(2, sizeof(*m->groups));
	m->n_municipalities = 2;
	m->municipalities = xcalloc(2, sizeof(char *));
	for (int i = 0; i < 2; i++) {
		m->waves[i].id = xstrdup(ids[i]);
		m->groups[i].id = xstrdup(ids[2 + i]);
		m->municipalities[i] = xstrdup(ids[4 + i]);
	}
	m->units = xcalloc(1, sizeof(*m->units));
	m->n_answers = 1;
	m->answers = xcalloc(1, sizeof(*m->answers));
	m->answers[0].id = xstrdup("syv");
	m->answers[0].k = 7;
	m->answers[0].point_da = xcalloc(7, sizeof(char *));
	m->answers[0].point_en = xcalloc(7, sizeof(char *));
	for (int v = 0; v < 7; v++) {
		m->answers[0].point_da[v] = xasprintf("%d", v + 1);
		m->answers[0].point_en[v] = xasprintf("%d", v + 1);
	}
	m->n_scales = 1;
	m->scales = xcalloc(1, sizeof(*m->scales));
	m->scales[0].id = xstrdup("big");
	m->n_items = BIG_M;
	m->items = xcalloc(BIG_M, sizeof(*m->items));
	for (size_t i = 0; i < BIG_M; i++)
		m->items[i].id = xasprintf("i%zu", i + 1);
}

/* The big study with 400 respondents: random answers (some blank), keys,
 * groups and municipalities, the same for every call. */
static void make_big_random(struct tds *d)
{
	make_big_meta(d);
	uint64_t rng = 12345;
	for (int r = 0; r < 400; r++) {
		uint8_t v[BIG_M];
		for (int i = 0; i < BIG_M; i++) {
			rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
			int x = (int)(rng >> 33) % 9;
			v[i] = x < 7 ? (uint8_t)(x + 1) : TDS_BLANK;
		}
		struct tds_row row = { (uint8_t)(r % 2), (uint16_t)((r / 2) % 2), (uint16_t)((r / 3) % 2),
				       TDS_NONE, { 0 } };
		row.key[0] = (uint8_t)(r / 2 % 150 + 1); /* keys 1..150 paired, the rest repeat */
		memcpy(tds_add_row(d, &row), v, BIG_M);
	}
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

/* Every pair table, of the items and of the scale (whose hundreds of
 * distinct scores are counted sparsely, the items' few values densely),
 * holds what counting the pairs one by one gives. */
static void test_pairs_random(void **state)
{
	(void)state;
	struct built bt;
	make_big_random(&bt.d);
	build(&bt);
	const struct tables *t = &bt.t;
	assert_true(t->vars[BIG_M].n_values > 64);
	size_t checked = 0;
	for (size_t var = 0; var <= BIG_M; var++) {
		const struct tvar *tv = &t->vars[var];
		for (size_t cell = 0; cell < t->n_cells; cell++) {
			/* count the pairs one by one: a key once in each wave */
			uint64_t *want = xcalloc(tv->n_values * tv->n_values, sizeof(*want));
			for (size_t a = 0; a < bt.d.n_rows; a++) {
				const struct tds_row *ra = &bt.d.rows[a];
				size_t mates = 0, b = 0;
				for (size_t j = 0; j < bt.d.n_rows; j++)
					if (bt.d.rows[j].key[0] == ra->key[0] && bt.d.rows[j].wave == ra->wave)
						mates++;
				for (size_t j = 0; j < bt.d.n_rows; j++)
					if (bt.d.rows[j].key[0] == ra->key[0] && bt.d.rows[j].wave == 1)
						b = j, mates += 10;
				if (ra->wave != 0 || mates != 11)
					continue; /* unique at baseline, one partner unique in the later wave */
				const struct tds_row *rb = &bt.d.rows[b];
				const struct cell *cl = &t->cells[cell];
				if ((cl->group != TDS_NONE && (ra->group != cl->group || rb->group != cl->group)) ||
				    (cl->municipality != TDS_NONE &&
				     (ra->municipality != cl->municipality || rb->municipality != cl->municipality)))
					continue;
				uint32_t pre, post;
				if (var < BIG_M) {
					pre = bt.d.values[a * BIG_M + var] - 1u;
					post = bt.d.values[b * BIG_M + var] - 1u;
				} else {
					pre = scale_score(&bt.sd[0], &bt.d, a, NULL, NULL);
					post = scale_score(&bt.sd[0], &bt.d, b, NULL, NULL);
				}
				if (pre < tv->n_values && post < tv->n_values)
					want[pre * tv->n_values + post]++;
			}
			size_t n, k = 0;
			const struct pair_entry *pe = tables_pairs(t, var, 0, cell, &n);
			for (size_t i = 0; i < tv->n_values * tv->n_values; i++) {
				if (!want[i])
					continue;
				assert_true(k < n);
				assert_int_equal(pe[k].pre * tv->n_values + pe[k].post, i); /* sorted by (pre, post) */
				assert_int_equal(pe[k].n, want[i]);
				k++;
				checked++;
			}
			assert_int_equal(k, n);
			free(want);
		}
	}
	assert_true(checked > 500);
	built_release(&bt);
}

/* The items' pair tables counted in the hash map (tables_pair_dense_max
 * 0) are the same as those counted in arrays, entry for entry. */
static void test_pairs_sparse(void **state)
{
	(void)state;
	struct built dense, sparse;
	make_big_random(&dense.d);
	make_big_random(&sparse.d);
	build(&dense);
	size_t dense_max = tables_pair_dense_max;
	tables_pair_dense_max = 0;
	build(&sparse);
	tables_pair_dense_max = dense_max;
	const struct tables *a = &dense.t, *b = &sparse.t;
	assert_int_equal(a->n_comp, 1);
	assert_int_equal(a->n_cells, b->n_cells);
	size_t entries = 0;
	for (size_t var = 0; var < BIG_M; var++)
		for (size_t cell = 0; cell < a->n_cells; cell++) {
			size_t na, nb;
			const struct pair_entry *pa = tables_pairs(a, var, 0, cell, &na);
			const struct pair_entry *pb = tables_pairs(b, var, 0, cell, &nb);
			assert_int_equal(na, nb);
			for (size_t k = 0; k < na; k++) {
				assert_int_equal(pa[k].pre, pb[k].pre);
				assert_int_equal(pa[k].post, pb[k].post);
				assert_int_equal(pa[k].n, pb[k].n);
			}
			entries += na;
		}
	assert_true(entries > 500);
	built_release(&dense);
	built_release(&sparse);
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
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_pairs_random),
		cmocka_unit_test(test_pairs_fold_alike),
		cmocka_unit_test(test_pairs_random_keys),
		cmocka_unit_test(test_pairs_sparse),
		cmocka_unit_test(test_rel_sums),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_suppress),
		cmocka_unit_test(test_suppress_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
