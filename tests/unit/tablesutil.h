/* tablesutil.h: the studies the count-table tests build: small hand-made ones and a random one of many items. */
#ifndef TILLID_TABLESUTIL_H
#define TILLID_TABLESUTIL_H

#include "core/dataset.h"
#include "stats/scores.h"
#include "stats/tables.h"

#include <stddef.h>

/* A study with one 5-point answer scale ("Ved ikke" as its non-substantive
 * answer), scale s = {a1, a2, a3 (reverse)}, scale mixed = {b1, c1 (a
 * 4-point answer scale)}, an empty scale, item x1 outside scales, and the
 * given numbers of waves, groups, municipalities and units (unit u in
 * municipality u % n_munis). */
void make_meta(struct tds *d, size_t waves, size_t groups, size_t munis, size_t units);

#define N_ITEMS 6
#define VI (TDS_NONSUBST_BASE + 1) /* "Ved ikke" */

/* Add a row to a make_meta study: group, muni, unit -1 for none; key k
 * sets bytes 0 (k) and 15 (k >> 8) of the key (0: no key); v[N_ITEMS]. */
void add(struct tds *d, int wave, int group, int muni, int unit, int key, const int *v);

void build_scales(const struct tds *d, struct scale_def *sd);
void release_scales(const struct tds *d, struct scale_def *sd);

/* A dataset with its scale definitions and count tables. */
struct built {
	struct tds d;
	struct scale_def sd[3];
	struct tables t;
};

/* Defines the scales of b->d and builds its tables; fails the test when
 * tables_build fails.  built_release frees all of b, b->d too. */
void build(struct built *b);
void built_release(struct built *b);

/* A study of BIG_M 7-point items, all on one scale, two waves, two groups
 * and two municipalities; make_big_random fills it with 400 respondents
 * (random answers, some blank; keys 1..150 paired, the rest repeat). */
#define BIG_M 12
void make_big_meta(struct tds *d);
void make_big_random(struct tds *d);

#endif
