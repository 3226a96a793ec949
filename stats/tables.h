/* tables.h: count tables built in one pass over the clean dataset: per variable, wave and breakdown cell, and per pair of waves. */
#ifndef TILLID_TABLES_H
#define TILLID_TABLES_H

#include "core/dataset.h"
#include "core/progress.h"
#include "core/results_schema.h"
#include "scores.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

/* A breakdown cell: the respondents of one group, one municipality, ...
 * Cells are laid out over every possible combination, in this order:
 * all; each group; each municipality; each municipality x group
 * (municipality-major); each unit.  A respondent belongs to the cells whose
 * fields match its row; fields not part of the cell are TDS_NONE. */
struct cell {
	enum res_breakdown kind;
	uint16_t group;
	uint16_t municipality;
	uint16_t unit;
	char *value; /* breakdown_value: "", group id, municipality, "M|G", "M|UNIT" */
	int used;    /* 1 when some respondent of some wave is in the cell */
};

/* A variable the tables count: every item (in meta order), then every scale. */
struct tvar {
	int is_scale;
	size_t index;           /* item or scale index in meta */
	const char *id;         /* meta's string, not owned */
	int k;                  /* scale points; 0 for an undefined scale */
	int shift;              /* point p (1..k) has the value p + shift (study file's values =) */
	int n_nonsubst;         /* items: non-substantive answers; scales: 0 */
	int reverse;            /* items: reverse-worded, counted turned (answer v at point k + 1 - v) */
	const struct scale_def *sd; /* scales only */
	size_t n_values;        /* distinct substantive values */
	const double *values;   /* [n_values], ascending (items: 1..k) */
	size_t n_slots;         /* counters per (wave, cell), see TSLOT_* */
	size_t off;             /* start of the variable's block in tables.counts */
};

/* Counter layout of one (variable, wave, cell): values[0..n_values-1] at
 * slots 0..n_values-1; non-substantive answer j (1-based) at
 * n_values + j - 1; then "blank" (no answer; for scales: fewer than half
 * the items answered), then "rejected" (TDS_REJECTED or a value outside the
 * item's answer scale).  Rejected values are also missing answers. */
static inline size_t tslot_blank(const struct tvar *v)
{
	return v->n_values + (size_t)v->n_nonsubst;
}
static inline size_t tslot_rejected(const struct tvar *v)
{
	return v->n_values + (size_t)v->n_nonsubst + 1;
}

/* One cell of a pre x post table: pairs whose answer in the comparison's
 * earlier wave is values[pre] and in its later wave values[post]. */
struct pair_entry {
	uint32_t pre;
	uint32_t post;
	uint64_t n;
};

/* Sums for Cronbach's alpha over the listwise-complete respondents of one
 * scale, wave and cell (cells "all" and each group): n, s[i] = sum of the
 * scored answers to item i, ss[i m + j] = sum of products.  Exact integers. */
struct rel_sums {
	uint64_t n;
	uint64_t *s;  /* [m] */
	uint64_t *ss; /* [m m] */
};

struct tables {
	const struct tds *d;      /* the dataset counted (not owned) */
	size_t n_waves;
	size_t n_comp;            /* comparisons of two waves (tables_comp_base/_later) */
	size_t n_groups, n_municipalities, n_units;
	size_t n_cells;
	struct cell *cells;
	size_t n_vars;
	struct tvar *vars;
	uint64_t *counts;         /* every variable's block */
	uint64_t *respondents;    /* [wave * n_cells + cell] rows */
	uint64_t *keyed_pairs;    /* [comp * n_cells + cell] respondents paired across the
	                             two waves (whatever they answered) */
	uint64_t duplicate_keys;  /* rows left unpaired because their key occurs twice in a wave */
	/* Pre x post tables, one per (variable, comparison, cell), each sorted by
	 * (pre, post): entries pairs[pair_off[t] .. pair_off[t + 1]). */
	struct pair_entry *pairs;
	size_t *pair_off;
	/* Reliability sums, [(scale * n_waves + wave) * (1 + n_groups) + cell]
	 * for cell 0 (all) and 1 + g (group g); NULL s/ss for undefined scales. */
	struct rel_sums *rel;
};

void tables_init(struct tables *t);
void tables_release(struct tables *t);

/* Count d in one pass.  scales[n_scales of d] are the scale definitions
 * (scale_def_build), which must outlive t, as must d.  Returns TILLID_OK,
 * or TILLID_EDATA with a message in err when a row refers to a wave,
 * group, municipality or unit the metadata does not declare (t is then
 * released).  progress (may be NULL) shows the rows counted on a terminal. */
int tables_build(struct tables *t, const struct tds *d, const struct scale_def *scales,
		 struct progress *progress, struct strbuf *err);

/* Index of the cell a combination belongs to (no check of ranges). */
size_t cell_all(const struct tables *t);
size_t cell_group(const struct tables *t, size_t g);
size_t cell_municipality(const struct tables *t, size_t m);
size_t cell_municipality_group(const struct tables *t, size_t m, size_t g);
size_t cell_unit(const struct tables *t, size_t u);

/* The counters of (variable, wave, cell): var->n_slots of them. */
static inline const uint64_t *tables_counts(const struct tables *t, size_t var, size_t wave,
					    size_t cell)
{
	const struct tvar *v = &t->vars[var];
	return t->counts + v->off + (wave * t->n_cells + cell) * v->n_slots;
}

/* tables_build counts the pair tables of a variable with at most 64
 * values in arrays, one counter per (comparison, cell, pre, post), when
 * there are at most this many counters (default 2^20, 8 MiB); those of
 * other variables in a hash map, slower but in proportion to the pairs
 * that occur.  Both give the same tables; tests set 0 to send every
 * variable through the hash map. */
extern size_t tables_pair_dense_max;

/* tables_build counts the Cronbach sums of a scale of m items on k points
 * by answer pattern when k^m is at most this (default 4096), else
 * respondent by respondent; both give the same sums; tests set 0 for the
 * second. */
extern size_t tables_rel_patterns_max;

/* The comparisons of a study with n_waves waves: each later wave L against
 * the baseline (wave 0) and, from the third wave on, against the wave
 * before it, ordered by L and the baseline first: (0,1), (0,2), (1,2),
 * (0,3), (2,3), ...  With two waves the one comparison is (0,1); with W
 * waves there are 2W - 3. */
static inline size_t tables_n_comp(size_t n_waves)
{
	return n_waves > 1 ? 2 * n_waves - 3 : 0;
}
/* The comparison of later wave L (>= 1) against the baseline, and of L
 * (>= 2) against wave L - 1. */
static inline size_t tables_comp_of_base(size_t later)
{
	return later > 1 ? 2 * later - 3 : 0;
}
static inline size_t tables_comp_of_prev(size_t later)
{
	return 2 * later - 2;
}
/* The earlier and the later wave of comparison comp. */
static inline size_t tables_comp_later(size_t comp)
{
	return (comp + 1) / 2 + 1;
}
static inline size_t tables_comp_base(size_t comp)
{
	return comp % 2 ? 0 : comp / 2;
}

/* The pre x post table of (variable, comparison, cell): *n entries. */
const struct pair_entry *tables_pairs(const struct tables *t, size_t var, size_t comp,
				      size_t cell, size_t *n);

/* The reliability sums of (scale, wave, rcell), rcell 0 = all, 1 + g = group g. */
const struct rel_sums *tables_rel(const struct tables *t, size_t scale, size_t wave,
				  size_t rcell);

/* What tables_suppress says of a cell: shown, suppressed because it has
 * fewer answers than the minimum (primary), or suppressed to protect
 * another cell (complementary; such a cell has at least min answers). */
enum sup_kind {
	SUP_SHOWN = 0,
	SUP_PRIMARY = 1,
	SUP_COMPLEMENTARY = 2
};

/* Primary suppression plus complementary suppression over the cells of t
 * (docs/statistics.md, "Suppression"; suppress.c).
 *
 * n[cell] is the number of answers each cell's statistic rests on.  A cell
 * with n < min is suppressed (SUP_PRIMARY).  Then every family of a parent
 * and the cells that partition it is checked (all: groups; all:
 * municipalities; municipality: its municipality x group cells; group: its
 * municipality x group cells; municipality: its units; all: units without
 * a municipality).  A reader can subtract the shown children from a shown
 * parent: the residual R = n(parent) - sum n(shown children) is the hidden
 * children plus the rows in no child.  The family needs more suppression
 * when
 *   the small part (primary children with their answers, and the rows in
 *   no child) is not empty and R < min, or R - c min < min - 1 with c
 *   complementary children (each known to hold at least min, which would
 *   pin the small part below min - 1), or
 *   exactly one hidden child (n > 0) and no rows outside the children (that
 *   child would be recovered exactly, and then used in its other family);
 * a suppressed parent with n > 0 needs more when no child with answers is
 * hidden and no rows are outside the children (it is their sum).  The cell
 * then suppressed (SUP_COMPLEMENTARY) is the shown child with the fewest
 * answers (n > 0; ties: the first) among those whose other family already
 * hides a cell with answers, has a suppressed parent, or does not exist;
 * without such a child, the shown child with the fewest answers; without
 * any shown child with answers, the parent.  Families are revisited until
 * nothing changes.  sup[cell] is set to an enum sup_kind; a complementary
 * cell always has n >= min. */
void tables_suppress(const struct tables *t, const uint64_t *n, uint64_t min, unsigned char *sup);

/* The same with the cells force[cell] != 0 (force may be NULL) hidden as
 * complementary before the families are checked: the cells the disclosure
 * audit asked for (suppress_plan.c). */
void tables_suppress_forced(const struct tables *t, const uint64_t *n, uint64_t min, const unsigned char *force,
			    unsigned char *sup);

/* The same, with the cells prefer[cell] != 0 (prefer may be NULL) cheaper
 * to hide: cells hidden at another wave, whose changes are lost already.
 * Each small municipality x group cell is first protected by the
 * rectangle of three more cells that hides the fewest answers of cells
 * not preferred, then the fewest answers (the hypercube method of
 * tau-ARGUS in two dimensions). */
void tables_suppress_prefer(const struct tables *t, const uint64_t *n, uint64_t min, const unsigned char *force,
			    const unsigned char *prefer, unsigned char *sup);

/* One more cell to hide so that a reader learns less about the hidden
 * cell `cell` (sup: the suppression as it is, n: the counts): the shown
 * cell with answers and the fewest of them among cell's siblings in its
 * families; without one, the parent of its first family; for a hidden
 * parent whose families hide all, the smallest shown child of its own
 * families; when all of those are hidden, the same for the parent.  Sets force[that cell] and returns 1, or returns 0 when no
 * shown cell is left to hide. */
int tables_protect(const struct tables *t, const uint64_t *n, const unsigned char *sup, size_t cell,
		   unsigned char *force);

#endif
