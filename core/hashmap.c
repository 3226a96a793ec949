/* hashmap.c: open-addressing hash map over insertion-ordered entries, with key copies in append-only chunks. */
#include "hashmap.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys live in chunks that are never moved, so key pointers stay valid. */
struct hm_chunk {
	struct hm_chunk *next;
	size_t used, size;
	char data[];
};

/* The first chunk is small (a map of a few keys stays small), each next
 * one twice the last, up to HM_CHUNK_MAX. */
enum { HM_CHUNK_MIN = 256, HM_CHUNK_MAX = 64 * 1024 };

/* The slot index's hash: eight bytes at a time, each word multiplied in
 * (the multiply-xorshift step of Steele et al., "Fast splittable
 * pseudorandom number generators", 2014), the length folded in, then the
 * finaliser of MurmurHash3 (Appleby) so that the low bits used as the slot
 * index depend on every byte. Keys are ours, not an attacker's. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t key_hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	uint64_t w;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * 0x94d049bb133111ebULL;
		h ^= h >> 29;
	}
	return mix(h);
}

uint64_t hashmap_hash(const void *key, size_t len)
{
	return key_hash(key, len);
}

void hashmap_init(struct hashmap *m)
{
	memset(m, 0, sizeof(*m));
}

void hashmap_release(struct hashmap *m)
{
	struct hm_chunk *c = m->chunks;
	while (c) {
		struct hm_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(m->entry);
	free(m->slot);
	hashmap_init(m);
}

static const char *copy_key(struct hashmap *m, const void *key, size_t len)
{
	struct hm_chunk *c = m->chunks;
	if (!c || c->size - c->used < len + 1) {
		size_t size = !c ? HM_CHUNK_MIN : c->size < HM_CHUNK_MAX ? 2 * c->size : HM_CHUNK_MAX;
		if (size < len + 1)
			size = len + 1;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = m->chunks;
		m->chunks = c;
	}
	char *p = c->data + c->used;
	if (len)
		memcpy(p, key, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

static void rehash(struct hashmap *m)
{
	size_t cap = m->cap ? 2 * m->cap : 64;
	free(m->slot);
	m->slot = xcalloc(cap, sizeof(*m->slot));
	m->cap = cap;
	for (size_t i = 0; i < m->n; i++) {
		size_t j = (size_t)m->entry[i].hash & (cap - 1);
		while (m->slot[j].index)
			j = (j + 1) & (cap - 1);
		m->slot[j].index = (uint32_t)(i + 1);
		m->slot[j].tag = (uint32_t)(m->entry[i].hash >> 32);
	}
}

/* The slot holding key, or the empty slot where it would go. The tag (the
 * hash's high half) rules out almost every other key without reading its
 * entry. */
static size_t probe(const struct hashmap *m, uint64_t h, const void *key, size_t len)
{
	uint32_t tag = (uint32_t)(h >> 32);
	size_t j = (size_t)h & (m->cap - 1);
	while (m->slot[j].index) {
		if (m->slot[j].tag == tag) {
			const struct hm_entry *e = &m->entry[m->slot[j].index - 1];
			if (e->hash == h && e->len == len && (!len || !memcmp(e->key, key, len)))
				break;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return j;
}

long hashmap_find(const struct hashmap *m, const void *key, size_t len)
{
	if (!m->cap)
		return -1;
	size_t j = probe(m, key_hash(key, len), key, len);
	return m->slot[j].index ? (long)(m->slot[j].index - 1) : -1;
}

size_t hashmap_add(struct hashmap *m, const void *key, size_t len, int *added)
{
	if (2 * (m->n + 1) > m->cap)
		rehash(m);
	uint64_t h = key_hash(key, len);
	size_t j = probe(m, h, key, len);
	if (added)
		*added = !m->slot[j].index;
	if (m->slot[j].index)
		return m->slot[j].index - 1;
	if (m->n >= UINT32_MAX - 1) {
		fputs("tillid: more than 4 294 967 294 keys in one hash map\n", stderr);
		abort();
	}
	ALLOC_GROW(m->entry, m->n + 1, m->alloc);
	m->entry[m->n] = (struct hm_entry){ copy_key(m, key, len), len, h, 0 };
	m->slot[j].index = (uint32_t)++m->n;
	m->slot[j].tag = (uint32_t)(h >> 32);
	return m->n - 1;
}

long hashmap_find_str(const struct hashmap *m, const char *s)
{
	return hashmap_find(m, s, strlen(s));
}

size_t hashmap_add_str(struct hashmap *m, const char *s, int *added)
{
	return hashmap_add(m, s, strlen(s), added);
}

const char *hashmap_intern(struct hashmap *m, const char *s)
{
	size_t e = hashmap_add_str(m, s, NULL); /* before m->entry is read: it may move */
	return m->entry[e].key;
}
