/* key_index.h: the pairing-key index of ingest: 16-byte keyed pseudonyms to non-zero 64-bit values, in one flat table. */
#ifndef TILLID_KEY_INDEX_H
#define TILLID_KEY_INDEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * A wave of a million respondents puts a million pseudonyms into this
 * index, each looked up once, in no order: the cost is the cache misses.
 * So a slot holds the key itself and its value (one miss per lookup, no
 * entry array, no key copies), the table is sized once from the number of
 * keys the caller expects (key_index_reserve: no rehash on the way), and a
 * caller that knows its next keys can ask for their slots ahead
 * (key_index_prefetch). Keys hash with core/hashmap's hashmap_hash.
 * Values must be non-zero: 0 marks an empty slot.
 */

#define KEY_INDEX_KEY 16 /* bytes of a key: TDS's pseudonym (tds_row.key) */

struct key_slot {
	uint8_t key[KEY_INDEX_KEY];
	uint64_t value; /* 0: empty */
};

struct key_index {
	struct key_slot *slot; /* [cap] */
	size_t cap;            /* slots; the table is at most 5/8 full */
	size_t n;              /* keys held */
};
#define KEY_INDEX_INIT { NULL, 0, 0 }

void key_index_init(struct key_index *ix);
/* Free the table; ix is empty (and usable) afterwards. */
void key_index_release(struct key_index *ix);
/* Room for n keys in all without growing (never shrinks the table). */
void key_index_reserve(struct key_index *ix, size_t n);

/* The hash of key that the calls below take (hashmap_hash of its bytes). */
uint64_t key_index_hash(const uint8_t key[KEY_INDEX_KEY]);
/* Start loading the slot where a key of hash h is looked for. */
void key_index_prefetch(const struct key_index *ix, uint64_t h);

/* The value slot of key (hash h), or NULL when it is absent. The pointer
 * is valid until the next key_index_add or key_index_reserve. */
uint64_t *key_index_find(const struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h);
/* The value slot of key (hash h), added with value when absent (*added,
 * which may be NULL, says which; value must not be 0). The table grows
 * when it would be more than 5/8 full. Pointer valid as for find. */
uint64_t *key_index_add(struct key_index *ix, const uint8_t key[KEY_INDEX_KEY], uint64_t h,
			uint64_t value, int *added);

#endif
