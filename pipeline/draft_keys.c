/* draft_keys.c: a bottom-k sketch of a column's distinct values, to count them and the values two waves share. */
#include "draft_internal.h"

#include <stdlib.h>
#include <string.h>

/*
 * A column's distinct values are summarised by the SKETCH_K smallest of
 * their 64-bit hashes (a bottom-k sketch: Broder, "On the resemblance and
 * containment of documents", 1997; Cohen and Kaplan, "Summarizing data
 * using bottom-k sketches", PODC 2007). Below SKETCH_K distinct values the
 * sketch is the whole set and every count is exact; above, the number of
 * distinct values is estimated as (k - 1) / u(k), u(k) the k-th smallest
 * hash as a fraction of 2^64, and the values two columns share as the
 * share of the k smallest hashes of their union found in both, times the
 * union's estimated size. Only hashes are kept, never a value.
 */

void draft_sketch_init(struct draft_sketch *s)
{
	memset(s, 0, sizeof(*s));
}

void draft_sketch_release(struct draft_sketch *s)
{
	free(s->h);
	draft_sketch_init(s);
}

uint64_t draft_key_hash(const char *v)
{
	size_t n = strlen(v);
	char low[256];
	/* Keys are compared as ingest compares them by default (key_normalize):
	 * one that holds an e-mail address in lower case. */
	if (n < sizeof(low) && memchr(v, '@', n)) {
		memcpy(low, v, n + 1);
		pii_key_normalize(PII_KEY_LOWER_EMAIL, low, n);
		return hashmap_hash(low, n);
	}
	return hashmap_hash(v, n);
}

void draft_sketch_add(struct draft_sketch *s, uint64_t h)
{
	if (s->n == SKETCH_K && h >= s->h[SKETCH_K - 1])
		return; /* the common case once the sketch is full */
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->h[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->h[lo] == h)
		return;
	if (!s->h)
		s->h = xcalloc(SKETCH_K, sizeof(*s->h));
	size_t keep = s->n < SKETCH_K ? s->n : SKETCH_K - 1;
	memmove(s->h + lo + 1, s->h + lo, (keep - lo) * sizeof(*s->h));
	s->h[lo] = h;
	if (s->n < SKETCH_K)
		s->n++;
}

/* The k-th smallest hash as a fraction of 2^64. */
static double fraction(uint64_t h)
{
	return ((double)h + 1.0) / 18446744073709551616.0;
}

uint64_t draft_sketch_count(const struct draft_sketch *s, int *exact)
{
	*exact = s->n < SKETCH_K;
	if (*exact)
		return s->n;
	return (uint64_t)((SKETCH_K - 1) / fraction(s->h[SKETCH_K - 1]) + 0.5);
}

uint64_t draft_sketch_common(const struct draft_sketch *a, const struct draft_sketch *b, int *exact)
{
	/* Merge the two sorted sketches: all of them when both hold whole
	 * sets, else the SKETCH_K smallest values of the union. */
	*exact = a->n < SKETCH_K && b->n < SKETCH_K;
	size_t limit = *exact ? a->n + b->n : SKETCH_K;
	size_t i = 0, j = 0, u = 0, both = 0;
	uint64_t last = 0;
	while (u < limit && (i < a->n || j < b->n)) {
		if (j >= b->n || (i < a->n && a->h[i] < b->h[j])) {
			last = a->h[i++];
		} else if (i >= a->n || b->h[j] < a->h[i]) {
			last = b->h[j++];
		} else {
			last = a->h[i++];
			j++;
			both++;
		}
		u++;
	}
	if (*exact || u < SKETCH_K)
		return both;
	double union_size = (SKETCH_K - 1) / fraction(last);
	return (uint64_t)((double)both / (double)u * union_size + 0.5);
}
