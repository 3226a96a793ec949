/* test_key_index.c: unit tests for the pairing-key index: add and find, values kept, growth, reserve, keys that differ in one byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/key_index.h"
#include "core/hashmap.h"

#include <string.h>

/* Key i: its number in bytes 12..15, the rest zero, so keys differ only
 * in their last bytes (as in hand-made datasets). */
static void key_of(uint32_t i, uint8_t key[KEY_INDEX_KEY])
{
	memset(key, 0, KEY_INDEX_KEY);
	for (int b = 0; b < 4; b++)
		key[12 + b] = (uint8_t)(i >> (8 * b));
}

static void test_add_find(void **state)
{
	(void)state;
	struct key_index ix;
	key_index_init(&ix);
	uint8_t a[KEY_INDEX_KEY], b[KEY_INDEX_KEY];
	key_of(1, a);
	key_of(2, b);
	assert_null(key_index_find(&ix, a, key_index_hash(a))); /* an empty index answers */
	uint64_t old = 0;
	assert_int_equal(key_index_add_new(&ix, a, key_index_hash(a), 12, &old), 1);
	assert_int_equal(old, 0);
	/* a second add of the same key keeps the first value */
	assert_int_equal(key_index_add_new(&ix, a, key_index_hash(a), 99, &old), 0);
	assert_int_equal(old, 12);
	assert_int_equal(*key_index_find(&ix, a, key_index_hash(a)), 12);
	assert_null(key_index_find(&ix, b, key_index_hash(b)));
	assert_int_equal(key_index_add_new(&ix, b, key_index_hash(b), 7, NULL), 1);
	uint64_t *v = key_index_find(&ix, b, key_index_hash(b));
	assert_non_null(v);
	*v |= 1;
	assert_int_equal(*key_index_find(&ix, b, key_index_hash(b)), 7);
	assert_int_equal(*key_index_find(&ix, a, key_index_hash(a)), 12);
	assert_int_equal(ix.n, 2);
	assert_true(key_index_hash(a) == hashmap_hash(a, KEY_INDEX_KEY));
	key_index_release(&ix);
	assert_int_equal(ix.n, 0);
	assert_null(key_index_find(&ix, a, key_index_hash(a)));
}

/* Through many steps of growth every key keeps its value, and keys never
 * added are not found. */
static void test_growth(void **state)
{
	(void)state;
	struct key_index ix;
	key_index_init(&ix);
	enum { N = 100000 };
	uint8_t k[KEY_INDEX_KEY];
	for (uint32_t i = 0; i < N; i++) {
		key_of(i, k);
		assert_int_equal(key_index_add_new(&ix, k, key_index_hash(k), (uint64_t)i + 1, NULL), 1);
		/* each key is there at once, whether added to the table or still in the batch */
		if (i % 97 == 0) {
			uint64_t old = 0;
			assert_int_equal(key_index_add_new(&ix, k, key_index_hash(k), 5, &old), 0);
			assert_int_equal(old, (uint64_t)i + 1);
		}
	}
	assert_int_equal(ix.n, N);
	assert_true(ix.n * 16 <= ix.cap * 13); /* at most 13/16 full */
	for (uint32_t i = 0; i < N + 1000; i++) {
		key_of(i, k);
		uint64_t *v = key_index_find(&ix, k, key_index_hash(k));
		if (i < N) {
			assert_non_null(v);
			assert_int_equal(*v, (uint64_t)i + 1);
		} else {
			assert_null(v);
		}
	}
	key_index_release(&ix);
}

/* After key_index_reserve(n) the table does not move while n keys are
 * added; a smaller reserve later changes nothing. */
static void test_reserve(void **state)
{
	(void)state;
	struct key_index ix;
	key_index_init(&ix);
	key_index_reserve(&ix, 5000);
	struct key_slot *table = ix.slot;
	size_t cap = ix.cap;
	assert_true(cap * 13 >= 5000 * 16);
	uint8_t k[KEY_INDEX_KEY];
	for (uint32_t i = 0; i < 5000; i++) {
		key_of(i * 7919u, k);
		assert_int_equal(key_index_add_new(&ix, k, key_index_hash(k), 1, NULL), 1);
	}
	assert_ptr_equal(ix.slot, table);
	assert_int_equal(ix.cap, cap);
	key_index_reserve(&ix, 10);
	assert_int_equal(ix.cap, cap);
	/* adding past the reserve keeps every key */
	key_of(UINT32_MAX, k);
	assert_int_equal(key_index_add_new(&ix, k, key_index_hash(k), 3, NULL), 1);
	assert_int_equal(ix.n, 5001);
	for (uint32_t i = 0; i < 5000; i++) {
		key_of(i * 7919u, k);
		assert_non_null(key_index_find(&ix, k, key_index_hash(k)));
	}
	key_index_release(&ix);
}

/* A table reserved for a few keys keeps an empty slot however many of
 * them come (linear probing needs one to end a search): every key is
 * added and found again, for each number up to 64. */
static void test_small_reserve(void **state)
{
	(void)state;
	uint8_t k[KEY_INDEX_KEY];
	for (uint32_t n = 1; n <= 64; n++) {
		struct key_index ix;
		key_index_init(&ix);
		key_index_reserve(&ix, n);
		for (uint32_t i = 0; i < n; i++) {
			key_of(i * 31u + n, k);
			assert_int_equal(key_index_add_new(&ix, k, key_index_hash(k), i + 1, NULL), 1);
		}
		for (uint32_t i = 0; i < n; i++) {
			key_of(i * 31u + n, k);
			uint64_t *v = key_index_find(&ix, k, key_index_hash(k));
			assert_non_null(v);
			assert_int_equal(*v, (uint64_t)i + 1);
		}
		assert_true(ix.n * 16 <= ix.cap * 13);
		key_index_release(&ix);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_find),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_small_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
