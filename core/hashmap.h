/* hashmap.h: the one hash map of tillid: byte-string keys to 64-bit values, entries kept in insertion order. */
#ifndef TILLID_HASHMAP_H
#define TILLID_HASHMAP_H

#include <stddef.h>
#include <stdint.h>

/* One entry. key is the map's own NUL-terminated copy of the key bytes: it
 * stays where it is until hashmap_release, so it can serve as an interned
 * string. value is the caller's (0 for a new entry). */
struct hm_entry {
	const char *key;
	size_t len;
	uint64_t hash;
	uint64_t value;
};

struct hm_chunk; /* storage for the keys */

/* Entries are kept densely in insertion order, so entry[0..n) can be walked
 * and an entry's index identifies it for good; slot is an open-addressing
 * index into them (linear probing, load at most 1/2). A map holds fewer
 * than 2^32 - 1 keys. */
struct hm_slot {
	uint32_t index; /* entry index + 1; 0 marks an empty slot */
	uint32_t tag;   /* the high half of the entry's hash */
};
struct hashmap {
	struct hm_entry *entry;
	size_t n, alloc;
	struct hm_slot *slot;
	size_t cap;
	struct hm_chunk *chunks;
};
#define HASHMAP_INIT { NULL, 0, 0, NULL, 0, NULL }

void hashmap_init(struct hashmap *m);
/* The 64-bit hash the map gives a key of len bytes: every bit depends on
 * every byte (it ends with MurmurHash3's finaliser), so its smallest values
 * are a fair sample of many keys (bottom-k sketches). */
uint64_t hashmap_hash(const void *key, size_t len);
/* Free every entry and key copy; m is empty (and usable) afterwards. */
void hashmap_release(struct hashmap *m);

/* The index of key's entry, or -1 when key is absent. */
long hashmap_find(const struct hashmap *m, const void *key, size_t len);
/* The index of key's entry, adding one (value 0, a copy of the key) when it
 * is absent; *added (may be NULL) says which. Pointers into m->entry are
 * valid until the next hashmap_add; indexes and key copies stay valid. */
size_t hashmap_add(struct hashmap *m, const void *key, size_t len, int *added);

/* The same for NUL-terminated string keys. */
long hashmap_find_str(const struct hashmap *m, const char *s);
size_t hashmap_add_str(struct hashmap *m, const char *s, int *added);
/* The map's copy of s (added when absent): equal strings give one pointer,
 * valid until hashmap_release. */
const char *hashmap_intern(struct hashmap *m, const char *s);

#endif
