/* tables_pairing.c: which rows of a clean dataset are the same person at two waves, by the pairing key. */
#include "tables.h"
#include "tables_internal.h"

#include <stdint.h>
#include <stdlib.h>

/* Pairing sorts one 8-byte word per keyed row: the key folded to 32 bits
 * (the exclusive or of its four big-endian 32-bit words) in the high
 * half, the row number in the low half.  Rows with the same key have the
 * same fold, so after the sort every key's rows lie in one run of equal
 * folds; only the runs of two or more rows (the paired, the duplicated and
 * the rare different keys that fold alike) are looked at again, by their
 * whole 16-byte keys read from the rows.  A key is a keyed hash, so the
 * folds are spread evenly and a run is a person's rows. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static uint32_t fold_of(uint64_t w)
{
	return (uint32_t)(w >> 32);
}

static uint32_t row_of(uint64_t w)
{
	return (uint32_t)w;
}

static void insertion_sort_u64(uint64_t *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = a[i];
		size_t j = i;
		for (; j > 0 && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* Sort a[0..n) so that equal folds are adjacent, when the fold bits above
 * shift + 8 are the same throughout: an MSD radix sort on the fold, eight
 * bits at a time from shift down, each pass an in-place "American flag"
 * distribution over 256 buckets (McIlroy, Bostic and McIlroy, "Engineering
 * radix sort", 1993); small buckets are finished by insertion.  A bucket
 * whose fold bits are all used up is one fold and is left as it is.  The
 * words come here in buckets of the fold's top bits (tables_find_partners),
 * small enough for the cache.  Memory: the bucket offsets only. */
static void sort_folds(uint64_t *a, size_t n, int shift)
{
	if (n <= 32) {
		insertion_sort_u64(a, n);
		return;
	}
	if (shift + 8 <= 32)
		return;
	size_t start[257] = { 0 }, next[256];
	for (size_t i = 0; i < n; i++)
		start[((a[i] >> shift) & 255) + 1]++;
	for (size_t b = 0; b < 256; b++) {
		start[b + 1] += start[b];
		next[b] = start[b];
	}
	for (size_t b = 0; b < 256; b++) {
		while (next[b] < start[b + 1]) {
			uint64_t x = a[next[b]];
			size_t bx = (size_t)((x >> shift) & 255);
			while (bx != b) {
				uint64_t y = a[next[bx]];
				a[next[bx]++] = x;
				x = y;
				bx = (size_t)((x >> shift) & 255);
			}
			a[next[b]++] = x;
		}
	}
	for (size_t b = 0; b < 256; b++)
		sort_folds(a + start[b], start[b + 1] - start[b], shift - 8);
}

/* A row of a run of equal folds, with its whole key as two big-endian
 * words (comparing the words compares the bytes as memcmp does). */
struct keyed {
	uint64_t k0, k1;
	uint32_t wave;
	uint32_t row;
};

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

static void sort_keyed(struct keyed *a, size_t n)
{
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
}

/* Pair the rows kr[0..n) of one key, sorted by wave (then row): a row
 * alone in its wave gets the baseline row as partner, and the row of the
 * wave before as prev when that row was alone in its wave too; a wave with
 * two or more of the key's rows pairs none of them. */
static void pair_key(struct tables *t, const struct keyed *kr, size_t n, uint32_t *partner, uint32_t *prev)
{
	size_t base = SIZE_MAX, last = SIZE_MAX; /* the row of the wave before, if alone in it */
	unsigned last_wave = 0;
	for (size_t a = 0; a < n;) {
		size_t b = a;
		unsigned w = kr[a].wave;
		while (b < n && kr[b].wave == w)
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
}

/* A run run[0..n) (n >= 2) of equal folds: its rows read with their whole
 * keys into *kr (grown as needed, *alloc records), sorted by (key, wave,
 * row), and each key's rows paired. */
static void pair_run(struct tables *t, const uint64_t *run, size_t n, struct keyed **kr, size_t *alloc,
		     uint32_t *partner, uint32_t *prev)
{
	ALLOC_GROW(*kr, n, *alloc);
	struct keyed *k = *kr;
	for (size_t i = 0; i < n; i++) {
		const struct tds_row *row = &t->d->rows[row_of(run[i])];
		k[i] = (struct keyed){ be64(row->key), be64(row->key + 8), row->wave, row_of(run[i]) };
	}
	sort_keyed(k, n);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && k[j].k0 == k[i].k0 && k[j].k1 == k[i].k1)
			j++;
		pair_key(t, k + i, j - i, partner, prev);
		i = j;
	}
}

/* Is w at a[i] in a run of two or more equal folds? */
static int in_run(const uint64_t *a, size_t n, size_t i)
{
	return (i > 0 && fold_of(a[i - 1]) == fold_of(a[i])) || (i + 1 < n && fold_of(a[i + 1]) == fold_of(a[i]));
}

/* The rows of runs are read this many words ahead of the run paired, so
 * that the memory loads overlap. */
enum { PAIR_PREFETCH = 64 };

/* The fold of key k into *fold; 0 for no key (all zero). */
static int key_fold(const uint8_t *k, uint32_t *fold)
{
	uint32_t w0 = be32(k), w1 = be32(k + 4), w2 = be32(k + 8), w3 = be32(k + 12);
	*fold = w0 ^ w1 ^ w2 ^ w3;
	return (w0 | w1 | w2 | w3) != 0;
}

/* The words are written straight into buckets of the fold's top
 * PAIR_TOP_BITS bits, counted in a first pass over the rows: writes to
 * 1 024 places, which the cache holds, where sorting the words in place
 * would wait on a load from memory for every word moved. */
enum { PAIR_TOP_BITS = 10 };

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
	for (size_t r = 0; r < halves * d->n_rows; r++)
		partner[r] = TABLES_NO_PARTNER;
	uint32_t *prev = halves == 2 ? partner + d->n_rows : NULL;
	size_t nb = (size_t)1 << PAIR_TOP_BITS, n = 0;
	size_t *start = xcalloc(nb + 1, sizeof(*start)), *next = xmalloc(nb * sizeof(*next));
	uint32_t fold;
	for (size_t r = 0; r < d->n_rows; r++)
		if (key_fold(d->rows[r].key, &fold))
			start[(fold >> (32 - PAIR_TOP_BITS)) + 1]++;
	for (size_t b = 0; b < nb; b++) {
		start[b + 1] += start[b];
		next[b] = start[b];
	}
	n = start[nb];
	uint64_t *a = xmalloc_big((n ? n : 1) * sizeof(*a));
	for (size_t r = 0; r < d->n_rows; r++)
		if (key_fold(d->rows[r].key, &fold))
			a[next[fold >> (32 - PAIR_TOP_BITS)]++] = (uint64_t)fold << 32 | r;
	for (size_t b = 0; b < nb; b++)
		sort_folds(a + start[b], start[b + 1] - start[b], 64 - PAIR_TOP_BITS - 8);
	free(start);
	free(next);
	struct keyed *kr = NULL;
	size_t alloc = 0, ahead = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && fold_of(a[j]) == fold_of(a[i]))
			j++;
		for (; ahead < n && ahead < j + PAIR_PREFETCH; ahead++)
			if (in_run(a, n, ahead)) {
				const struct tds_row *row = &d->rows[row_of(a[ahead])];
				__builtin_prefetch(row);
				__builtin_prefetch((const char *)(row + 1) - 1);
			}
		if (j - i > 1)
			pair_run(t, a + i, j - i, &kr, &alloc, partner, prev);
		i = j;
	}
	free(kr);
	free(a);
	return partner;
}
