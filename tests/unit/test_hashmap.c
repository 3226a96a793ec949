/* test_hashmap.c: unit tests for the hash map: FNV-1a vectors, find/add, growth, interning, binary keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/hashmap.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Published FNV-1a 64-bit test vectors (Fowler, Noll, Vo: the FNV test
 * suite, fnv_test.c: "" , "a", "foobar"). */
static void test_fnv1a(void **state)
{
	(void)state;
	assert_true(fnv1a(FNV1A_INIT, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(fnv1a(FNV1A_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(fnv1a(FNV1A_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
	/* folding in pieces gives the same hash as folding at once */
	assert_true(fnv1a(fnv1a(FNV1A_INIT, "foo", 3), "bar", 3) == 0x85944171f73967e8ULL);
}

static void test_find_add(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	int added = -1;
	assert_int_equal(hashmap_find_str(&m, "Rebild"), -1); /* an empty map answers */
	assert_int_equal(hashmap_add_str(&m, "Rebild", &added), 0);
	assert_int_equal(added, 1);
	m.entry[0].value = 42;
	assert_int_equal(hashmap_add_str(&m, "Odder", &added), 1);
	assert_int_equal(added, 1);
	assert_int_equal(hashmap_add_str(&m, "Rebild", &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(m.entry[0].value, 42);
	assert_int_equal(m.n, 2);
	assert_int_equal(hashmap_find_str(&m, "Odder"), 1);
	assert_int_equal(hashmap_find_str(&m, "odder"), -1); /* keys are bytes: case counts */
	assert_int_equal(hashmap_find(&m, "Odder", 3), -1);  /* a prefix is another key */
	/* the empty key is a key like any other */
	assert_int_equal(hashmap_add(&m, "", 0, &added), 2);
	assert_int_equal(hashmap_find(&m, "x", 0), 2);
	hashmap_release(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(hashmap_find_str(&m, "Rebild"), -1); /* usable after release */
}

/* Growth keeps every entry, in insertion order, with its value; key copies
 * stay where they were. */
static void test_growth(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	enum { N = 100000 };
	const char *first = NULL;
	char k[32];
	for (size_t i = 0; i < N; i++) {
		snprintf(k, sizeof(k), "key-%zu", i);
		size_t e = hashmap_add_str(&m, k, NULL);
		assert_int_equal(e, i);
		m.entry[e].value = 3 * i;
		if (!i)
			first = m.entry[0].key;
	}
	assert_int_equal(m.n, N);
	assert_ptr_equal(m.entry[0].key, first);
	for (size_t i = 0; i < N; i += 997) {
		snprintf(k, sizeof(k), "key-%zu", i);
		long e = hashmap_find_str(&m, k);
		assert_int_equal(e, (long)i);
		assert_int_equal(m.entry[e].value, 3 * i);
		assert_string_equal(m.entry[e].key, k);
	}
	hashmap_release(&m);
}

static void test_intern(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	char a[] = "mean", b[] = "mean";
	const char *x = hashmap_intern(&m, a), *y = hashmap_intern(&m, b);
	assert_ptr_equal(x, y);
	assert_ptr_not_equal(x, a);
	assert_string_equal(x, "mean");
	assert_ptr_not_equal(hashmap_intern(&m, "sd"), x);
	hashmap_release(&m);
}

/* Binary keys with NUL bytes, and a key longer than one storage chunk. */
static void test_binary_keys(void **state)
{
	(void)state;
	struct hashmap m = HASHMAP_INIT;
	uint8_t k1[16] = { 0 }, k2[16] = { 0 };
	k2[15] = 1;
	assert_int_equal(hashmap_add(&m, k1, 16, NULL), 0);
	assert_int_equal(hashmap_add(&m, k2, 16, NULL), 1);
	assert_int_equal(hashmap_find(&m, k2, 16), 1);
	assert_int_equal(memcmp(m.entry[1].key, k2, 16), 0);
	size_t big = 200 * 1024;
	char *long_key = xmalloc(big);
	memset(long_key, 'x', big);
	assert_int_equal(hashmap_add(&m, long_key, big, NULL), 2);
	assert_int_equal(hashmap_find(&m, long_key, big), 2);
	assert_int_equal(hashmap_find(&m, long_key, big - 1), -1);
	free(long_key);
	hashmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv1a),
		cmocka_unit_test(test_find_add),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_binary_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
