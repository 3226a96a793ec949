/* key_index.c: open-addressing table of pairing-key pseudonyms with their values, a Bloom filter in front, new keys added in batches. */
#include "key_index.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Most slots a table has: the slot index is the high half of the hash
 * scaled to the capacity (a multiply and a shift, Lemire, "Fast random
 * integer generation in an interval", 2019), which takes a 32-bit scale. */
#define KEY_INDEX_MAX_CAP ((size_t)UINT32_MAX)

/* The filter: a blocked Bloom filter (Putze, Sanders, Singler, "Cache-,
 * hash- and space-efficient Bloom filters", 2007): a key sets FILTER_K bits
 * of one 512-bit block, FILTER_BITS bits per key in all, which leaves about
 * one key in 200 to 300 taken for one seen before. */
#define FILTER_K 7
#define FILTER_BITS 12
#define BLOCK_BITS 512
#define BLOCK_WORDS (BLOCK_BITS / 64)

void key_index_init(struct key_index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void key_index_release(struct key_index *ix)
{
	free(ix->slot);
	free(ix->filter);
	key_index_init(ix);
}

uint64_t key_index_hash(const uint8_t key[KEY_INDEX_KEY])
{
	return hashmap_hash(key, KEY_INDEX_KEY);
}

static size_t home(const struct key_index *ix, uint64_t h)
{
	return (size_t)(((h >> 32) * (uint64_t)ix->cap) >> 32);
}

/* The filter's block for a key of hash h: the low half of h (the table's
 * slot takes the high half) scaled to the blocks. */
static size_t filter_block_index(const struct key_index *ix, uint64_t h)
{
	return (size_t)(((h & 0xffffffffu) * (uint64_t)ix->blocks) >> 32);
}

void key_index_prefetch(const struct key_index *ix, uint64_t h, int slot)
{
	if (ix->blocks)
		__builtin_prefetch(ix->filter + filter_block_index(ix, h) * BLOCK_WORDS);
	if (slot && ix->cap)
		__builtin_prefetch(&ix->slot[home(ix, h)]);
}

/* The slot holding key, or the empty slot where it would go (linear
 * probing; the table always has an empty slot). */
static struct key_slot *probe(const struct key_index *ix, const uint8_t *key, uint64_t h)
{
	size_t j = home(ix, h);
	for (;;) {
		struct key_slot *s = &ix->slot[j];
		if (!s->value || !memcmp(s->key, key, KEY_INDEX_KEY))
			return s;
		if (++j == ix->cap)
			j = 0;
	}
}

/* Slots for n keys at most 13/16 full: with linear probing an insert into
 * a table filled to a probes 1/2 (1 + 1/(1 - a)^2) slots on average (Knuth,
 * TAOCP vol. 3, 6.4), about 2.7 over a fill from empty to 13/16, which are
 * next to each other; so the two waves' tables that are held at once when
 * waves are read on two threads stay small. */
static size_t cap_for(size_t n)
{
	return (n + 12) / 13 * 16 + 8;
}

/* Move every key of the table into one of cap slots. */
static void rehash(struct key_index *ix, size_t cap)
{
	if (cap > KEY_INDEX_MAX_CAP) {
		fputs("tillid: more pairing keys than one index holds\n", stderr);
		abort();
	}
	struct key_slot *old = ix->slot;
	size_t old_cap = ix->cap;
	ix->slot = xcalloc(cap, sizeof(*ix->slot));
	mem_advise_huge(ix->slot, cap * sizeof(*ix->slot));
	ix->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].value)
			*probe(ix, old[i].key, key_index_hash(old[i].key)) = old[i];
	free(old);
}

/* ---- the filter ---- */

/* The block of a key of hash h, and in *bits the word holding each of its
 * bits. */
static uint64_t *filter_block(const struct key_index *ix, uint64_t h, uint64_t bits[BLOCK_WORDS])
{
	size_t b = filter_block_index(ix, h);
	uint64_t g = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ULL; /* the bits: 9 per bit set */
	memset(bits, 0, BLOCK_WORDS * sizeof(*bits));
	for (int k = 0; k < FILTER_K; k++, g >>= 9)
		bits[(g >> 6) & (BLOCK_WORDS - 1)] |= (uint64_t)1 << (g & 63);
	return ix->filter + b * BLOCK_WORDS;
}

static int filter_has(const struct key_index *ix, uint64_t h)
{
	uint64_t bits[BLOCK_WORDS];
	const uint64_t *block = filter_block(ix, h, bits);
	uint64_t miss = 0;
	for (int w = 0; w < BLOCK_WORDS; w++)
		miss |= bits[w] & ~block[w];
	return !miss;
}

static void filter_set(struct key_index *ix, uint64_t h)
{
	uint64_t bits[BLOCK_WORDS];
	uint64_t *block = filter_block(ix, h, bits);
	for (int w = 0; w < BLOCK_WORDS; w++)
		block[w] |= bits[w];
}

/* A filter for n keys, with every key of the table and the batch in it. */
static void filter_build(struct key_index *ix, size_t n)
{
	size_t blocks = n / (BLOCK_BITS / FILTER_BITS) + 1;
	if (blocks <= ix->blocks)
		return;
	free(ix->filter);
	ix->filter = xcalloc(blocks * BLOCK_WORDS, sizeof(*ix->filter));
	ix->blocks = blocks;
	for (size_t i = 0; i < ix->cap; i++)
		if (ix->slot[i].value)
			filter_set(ix, key_index_hash(ix->slot[i].key));
	for (size_t i = 0; i < ix->n_pending; i++)
		filter_set(ix, ix->pending_hash[i]);
}

/* ---- the table ---- */

/* Put the batch into the table: every slot asked for first, then filled,
 * so their cache misses overlap. The batch's keys are new and distinct. */
static void flush(struct key_index *ix)
{
	if (!ix->n_pending)
		return;
	if (cap_for(ix->n) > ix->cap) {
		size_t cap = ix->cap ? 2 * ix->cap : 64;
		rehash(ix, cap < cap_for(ix->n) ? cap_for(ix->n) : cap);
	}
	for (size_t i = 0; i < ix->n_pending; i++)
		__builtin_prefetch(&ix->slot[home(ix, ix->pending_hash[i])]);
	for (size_t i = 0; i < ix->n_pending; i++)
		*probe(ix, ix->pending[i].key, ix->pending_hash[i]) = ix->pending[i];
	ix->n_pending = 0;
}

void key_index_reserve(struct key_index *ix, size_t n)
{
	if (n > KEY_INDEX_MAX_CAP / 2)
		n = KEY_INDEX_MAX_CAP / 2;
	filter_build(ix, n); /* first: it reads the keys from the smaller table */
	if (cap_for(n) > ix->cap)
		rehash(ix, cap_for(n));
}

int key_index_add_new(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h,
		      uint64_t value, uint64_t *old)
{
	if ((ix->n + 1) / (BLOCK_BITS / FILTER_BITS) + 1 > ix->blocks)
		filter_build(ix, 2 * (ix->n + 1));
	if (!filter_has(ix, h)) {
		filter_set(ix, h);
		memcpy(ix->pending[ix->n_pending].key, key, KEY_INDEX_KEY);
		ix->pending[ix->n_pending].value = value;
		ix->pending_hash[ix->n_pending++] = h;
		ix->n++;
		if (ix->n_pending == KEY_INDEX_BATCH)
			flush(ix);
		return 1;
	}
	/* Maybe seen: the answer needs the table, the batch in it. */
	flush(ix);
	if (cap_for(ix->n + 1) > ix->cap)
		rehash(ix, ix->cap ? 2 * ix->cap : 64);
	struct key_slot *s = probe(ix, key, h);
	if (s->value) {
		if (old)
			*old = s->value;
		return 0;
	}
	memcpy(s->key, key, KEY_INDEX_KEY);
	s->value = value;
	ix->n++;
	return 1;
}

uint64_t *key_index_find(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h)
{
	if (!ix->n || !filter_has(ix, h))
		return NULL;
	flush(ix);
	struct key_slot *s = probe(ix, key, h);
	return s->value ? &s->value : NULL;
}

void key_index_each(struct key_index *ix,
		    void (*fn)(void *ctx, const uint8_t *key, uint64_t *value), void *ctx)
{
	flush(ix);
	for (size_t i = 0; i < ix->cap; i++)
		if (ix->slot[i].value)
			fn(ctx, ix->slot[i].key, &ix->slot[i].value);
}
