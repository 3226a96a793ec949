/* key_index.h: the pairing-key index of ingest: 16-byte keyed pseudonyms to non-zero 64-bit values, in one flat table. */
#ifndef TILLID_KEY_INDEX_H
#define TILLID_KEY_INDEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * A wave of a million respondents puts a million pseudonyms into this
 * index, each looked up once, in no order: the cost is the cache misses
 * (each several hundred nanoseconds on a busy machine when nothing else
 * can run meanwhile). So:
 *   - a slot holds the key itself and its value: one miss per lookup, no
 *     entry array, no key copies;
 *   - the table is sized once from the number of keys the caller expects
 *     (key_index_reserve): no rehash on the way;
 *   - key_index_add_new, the question "is this key new?" asked for every
 *     row, is answered by a Bloom filter of every key, small enough to
 *     stay in the cache; keys it has never seen are added in batches,
 *     their slots loaded together, and only a key the filter may have
 *     seen (a true duplicate, or about 1 in 100 by chance) waits for its
 *     slot;
 *   - a caller that knows its next keys can ask for their slots ahead
 *     (key_index_prefetch).
 * Keys hash with core/hashmap's hashmap_hash. Values must be non-zero: 0
 * marks an empty slot.
 */

#define KEY_INDEX_KEY 16  /* bytes of a key: a dataset row's pseudonym (tds_row.key) */
#define KEY_INDEX_BATCH 32 /* keys key_index_add_new holds before adding them together */

struct key_slot {
	uint8_t key[KEY_INDEX_KEY];
	uint64_t value; /* 0: empty */
};

struct key_index {
	struct key_slot *slot;  /* [cap] */
	size_t cap;             /* slots; the table is at most 13/16 full */
	size_t n;               /* keys held, the pending ones included */
	uint64_t *filter;       /* the Bloom filter: [8 * blocks], a block per cache line */
	size_t blocks;
	struct key_slot pending[KEY_INDEX_BATCH]; /* added to the filter, not yet to the table */
	uint64_t pending_hash[KEY_INDEX_BATCH];
	size_t n_pending;
};

void key_index_init(struct key_index *ix);
/* Free the table; ix is empty (and usable) afterwards. */
void key_index_release(struct key_index *ix);
/* Room for n keys in all without growing (never shrinks the table). */
void key_index_reserve(struct key_index *ix, size_t n);

/* The hash of key that the calls below take (hashmap_hash of its bytes). */
uint64_t key_index_hash(const uint8_t key[KEY_INDEX_KEY]);
/* Start loading what looking up a key of hash h reads: its filter block,
 * and when slot is 1 its slot in the table too (for key_index_find; a key
 * key_index_add_new takes as new is only put in its slot later, with its
 * batch). */
void key_index_prefetch(const struct key_index *ix, uint64_t h, int slot);

/* Add key (hash h) with value (not 0) unless it is there: 1 when added,
 * 0 when it was there already (*old, which may be NULL, gets its value). */
int key_index_add_new(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h,
		      uint64_t value, uint64_t *old);
/* The value slot of key (hash h), or NULL when it is absent. The pointer
 * is valid until the next call that adds or reserves. */
uint64_t *key_index_find(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h);
/* Call fn(ctx, key, value) for every key, in no particular order. */
void key_index_each(struct key_index *ix,
		    void (*fn)(void *ctx, const uint8_t *key, uint64_t *value), void *ctx);

#endif
