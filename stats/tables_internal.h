/* tables_internal.h: what the counting pass (tables.c) shares with its pairing (tables_pairing.c). */
#ifndef TILLID_TABLES_INTERNAL_H
#define TILLID_TABLES_INTERNAL_H

#include "tables.h"

#include <stddef.h>
#include <stdint.h>

/* The partners of t's dataset (t->d) in one array the caller frees:
 * partner[r] = the baseline row paired with later-wave row r, and, when
 * t->n_waves >= 3 (the array is n_rows long otherwise), partner[n_rows +
 * r] = the row of the wave before paired with row r of the third wave or
 * later; TABLES_NO_PARTNER for none (row numbers fit
 * 32 bits: tables_build refuses more rows).  A key that occurs more
 * than once in a wave pairs none of its rows in that wave (counted in
 * t->duplicate_keys).  Rows are sorted by key once, by an in-place radix
 * sort. */
#define TABLES_NO_PARTNER UINT32_MAX
uint32_t *tables_find_partners(struct tables *t);

/* ---- the Cronbach sums (tables_rel.c) ---- */

/* A respondent's answer pattern on a scale whose items it did not all
 * answer (add_rel counts complete answers only). */
#define NO_PATTERN SIZE_MAX

/* The patterns counted while the pass runs (tables_rel_patterns_max). */
struct rel_fill {
	size_t *off;     /* [n_scales]: the scale's patterns in hist; SIZE_MAX: sums directly */
	size_t *n_pat;   /* [n_scales]: k^m */
	uint32_t *hist;  /* per scale, per (wave, rcell), n_pat counters */
};

/* t->rel allocated, zero sums for every defined scale, wave and rcell. */
void make_rel(struct tables *t);
void rel_fill_init(struct rel_fill *rf, const struct tables *t);
void rel_fill_release(struct rel_fill *rf);
/* Count one respondent (row, answers vals, patterns pat from row_slots;
 * x: room for the largest scale's m values). */
void add_rel(struct tables *t, struct rel_fill *rf, const struct tds_row *row, const uint8_t *vals,
	     const size_t *pat, uint64_t *x);
/* After the pass: the patterns into the sums, then the sums mirrored and
 * the groups added into "all". */
void rel_unfold(struct tables *t, const struct rel_fill *rf);
void fold_rel(struct tables *t);

#endif
