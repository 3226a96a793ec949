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

#endif
