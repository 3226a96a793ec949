/* key_index.c: open-addressing table of pairing-key pseudonyms with their values, keys held in the slots. */
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

void key_index_init(struct key_index *ix)
{
	memset(ix, 0, sizeof(*ix));
}

void key_index_release(struct key_index *ix)
{
	free(ix->slot);
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

void key_index_prefetch(const struct key_index *ix, uint64_t h)
{
	if (ix->cap)
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

/* Move every key into a table of cap slots. */
static void rehash(struct key_index *ix, size_t cap)
{
	if (cap > KEY_INDEX_MAX_CAP) {
		fputs("tillid: more pairing keys than one index holds\n", stderr);
		abort();
	}
	struct key_index old = *ix;
	ix->slot = xcalloc(cap, sizeof(*ix->slot));
	ix->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slot[i].value)
			*probe(ix, old.slot[i].key, key_index_hash(old.slot[i].key)) = old.slot[i];
	free(old.slot);
}

/* Slots for n keys at most 5/8 full. */
static size_t cap_for(size_t n)
{
	return n / 5 * 8 + 8;
}

void key_index_reserve(struct key_index *ix, size_t n)
{
	if (n > KEY_INDEX_MAX_CAP / 2)
		n = KEY_INDEX_MAX_CAP / 2;
	if (cap_for(n) > ix->cap)
		rehash(ix, cap_for(n));
}

uint64_t *key_index_find(const struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h)
{
	if (!ix->cap)
		return NULL;
	struct key_slot *s = probe(ix, key, h);
	return s->value ? &s->value : NULL;
}

uint64_t *key_index_add(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h,
			uint64_t value, int *added)
{
	if (cap_for(ix->n + 1) > ix->cap)
		rehash(ix, ix->cap ? 2 * ix->cap : 64);
	struct key_slot *s = probe(ix, key, h);
	if (added)
		*added = !s->value;
	if (!s->value) {
		memcpy(s->key, key, KEY_INDEX_KEY);
		s->value = value;
		ix->n++;
	}
	return &s->value;
}
