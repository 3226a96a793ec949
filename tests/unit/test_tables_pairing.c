/* test_tables_pairing.c: unit tests for pairing by key and the pre x post tables of the count tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tablesutil.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_pairs_random),
		cmocka_unit_test(test_pairs_fold_alike),
		cmocka_unit_test(test_pairs_random_keys),
		cmocka_unit_test(test_pairs_sparse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
