/* tables_pairing.c: which rows of a clean dataset are the same person at two waves, by the pairing key. */
#include "tables.h"
#include "tables_internal.h"

#include <stdint.h>
#include <stdlib.h>

/* ---- pairing: sort the keyed rows by (key, wave, row) once ---- */

/* A keyed row as sorted: its key as two big-endian words (so that
 * comparing the words compares the bytes as memcmp does), then its wave and
 * index; held apart from the rows so the sort reads no row. */
struct keyed {
	uint64_t k0, k1;
	uint32_t wave;
	uint32_t row; /* tables_build refuses a dataset of more rows */
};

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->k0 != y->k0)
		return x->k0 < y->k0 ? -1 : 1;
	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->wave != y->wave)
		return x->wave < y->wave ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* Sort a[0..n) by keyed_cmp in place: an MSD radix sort on k0, eight bits
 * at a time from shift down, each pass an in-place "American flag"
 * distribution over 256 buckets (McIlroy, Bostic and McIlroy, "Engineering
 * radix sort", 1993), which writes to 256 places only, so it stays in the
 * cache; small buckets, and buckets whose k0 are all alike, are finished
 * by comparison. Memory: the bucket offsets only. */
static void sort_keyed(struct keyed *a, size_t n, int shift)
{
	if (n <= 32 || shift < 0) {
		if (n > 32) {
			qsort(a, n, sizeof(*a), keyed_cmp);
			return;
		}
		for (size_t i = 1; i < n; i++) {
			struct keyed x = a[i];
			size_t j = i;
			for (; j > 0 && keyed_cmp(&a[j - 1], &x) > 0; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	size_t start[257] = { 0 }, next[256];
	for (size_t i = 0; i < n; i++)
		start[((a[i].k0 >> shift) & 255) + 1]++;
	for (size_t b = 0; b < 256; b++) {
		start[b + 1] += start[b];
		next[b] = start[b];
	}
	for (size_t b = 0; b < 256; b++) {
		while (next[b] < start[b + 1]) {
			struct keyed x = a[next[b]];
			size_t bx = (size_t)((x.k0 >> shift) & 255);
			while (bx != b) {
				struct keyed y = a[next[bx]];
				a[next[bx]++] = x;
				x = y;
				bx = (size_t)((x.k0 >> shift) & 255);
			}
			a[next[b]++] = x;
		}
	}
	for (size_t b = 0; b < 256; b++)
		sort_keyed(a + start[b], start[b + 1] - start[b], shift - 8);
}

/* partner[r] = the baseline row paired with later-wave row r, and, with
 * three waves or more, partner[n_rows + r] = the row of the wave before
 * paired with row r of the third wave or later; TABLES_NO_PARTNER for none.  A key that occurs more than
 * once in a wave pairs none of its rows in that wave. */
uint32_t *tables_find_partners(struct tables *t)
{
	const struct tds *d = t->d;
	/* the second half only where a third wave can have one */
	size_t halves = t->n_waves >= 3 ? 2 : 1;
	uint32_t *partner = xmalloc_big((d->n_rows ? halves * d->n_rows : 1) * sizeof(*partner));
	uint32_t *prev = halves == 2 ? partner + d->n_rows : NULL;
	struct keyed *kr = xmalloc_big((d->n_rows ? d->n_rows : 1) * sizeof(*kr));
	size_t n = 0;
	for (size_t r = 0; r < d->n_rows; r++) {
		partner[r] = TABLES_NO_PARTNER;
		if (prev)
			prev[r] = TABLES_NO_PARTNER;
		const struct tds_row *row = &d->rows[r];
		if (tds_key_is_set(row))
			kr[n++] = (struct keyed){ be64(row->key), be64(row->key + 8), row->wave, (uint32_t)r };
	}
	sort_keyed(kr, n, 56);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && kr[j].k0 == kr[i].k0 && kr[j].k1 == kr[i].k1)
			j++;
		/* rows kr[i..j) share a key, sorted by wave */
		size_t base = SIZE_MAX, last = SIZE_MAX; /* the row of the wave before, if alone in it */
		unsigned last_wave = 0;
		for (size_t a = i; a < j;) {
			size_t b = a;
			unsigned w = kr[a].wave;
			while (b < j && kr[b].wave == w)
				b++;
			if (b - a > 1) {
				t->duplicate_keys += b - a;
				last = SIZE_MAX;
			} else {
				size_t r = kr[a].row;
				if (w == 0)
					base = r;
				else if (base != SIZE_MAX)
					partner[r] = (uint32_t)base;
				if (w >= 2 && last != SIZE_MAX && last_wave + 1 == w)
					prev[r] = (uint32_t)last;
				last = r;
			}
			last_wave = w;
			a = b;
		}
		i = j;
	}
	free(kr);
	return partner;
}
