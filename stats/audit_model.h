/* audit_model.h: the audit model's private shapes, shared by the files that build it and carry its values from one audit to the next. */
#ifndef TILLID_AUDIT_MODEL_H
#define TILLID_AUDIT_MODEL_H

#include "audit_internal.h"
#include "core/hashmap.h"

/* Where a count lives: one wave of a variable, a pair count, a listwise
 * count of a scale's reliability, or the respondents of a wave. */
enum term_kind { K_ONE, K_PAIR, K_ALPHA, K_RESP };

/* A count's key; compared as bytes, so every byte is set. */
struct tkey {
	uint32_t var, cell, where; /* where: the wave, or the comparison of K_PAIR */
	uint16_t stat, kind;
	int32_t index;
};

struct term {
	double value;  /* when known */
	double lb, ub; /* what the notes say of it */
	int known;
	int64_t lpvar; /* -1 when known */
};

/* A cell of the breakdowns, or the rest of a family (its respondents in no child). */
struct mcell {
	enum res_breakdown bd;
	const char *value;
	double rest_ub; /* a rest: 0 when the reader is taken to know it is empty */
};

/* A parent and the cells that split it; rest is a cell of no row. */
struct family {
	uint32_t parent, rest;
	uint32_t *kids;
	size_t n_kids;
	int kind;          /* enum family_kind */
};

/* all -> groups is the only family of the reliability cells; the rests of
 * the municipality x group families are parts of the rests of all. */
enum family_kind { FAM_GROUPS_OF_ALL, FAM_MUNIS_OF_ALL, FAM_MG_OF_MUNI, FAM_MG_OF_GROUP, FAM_UNITS };

/* The counts of one variable, wave and cell, with their shape. */
struct block {
	uint32_t var, wave, cell;
	int is_scale, k, nonsubst;
	int has_mean, has_top2;
	double mean, top2; /* mean: the published mean_0_100 */
};

struct comparison {
	uint32_t base, later;
};

struct audit_model {
	struct audit_lp *lp;
	uint64_t min;
	int closed; /* every respondent has a group and a municipality */
	struct hashmap vars, waves, comps, cells, terms, blocks, pairsets, alphasets;
	struct comparison *comp;
	size_t alloc_comp;
	struct mcell *cell;
	size_t n_cell, alloc_cell;
	struct term *term;
	size_t alloc_term;
	struct block *block;
	size_t alloc_block;
	struct family *fam;
	size_t n_fam, alloc_fam;
	long *row_term; /* the term of each row of the results, -1 for a row that is no count */
	/* the constraint being built */
	uint32_t *av;
	double *ac;
	size_t an, aalloc, aalloc2;
	double shift;
	int consistent; /* every identity without an unknown holds */
	/* the names of the row read last and their indexes: rows come in runs
	 * of one variable, cell and wave */
	const char *last_var, *last_bd, *last_bv, *last_wave;
	uint32_t last_var_i, last_cell_i, last_wave_i;
	/* kept for a later audit (audit_model_keep_seen): per term, the least
	 * and most values its unknown took in the solutions found (NAN: none) */
	double *seen_lo, *seen_hi;
};

/* Set the values seen of every unknown of m's system (m->lp) to those
 * prev's solutions showed when m's system relaxes prev's, and mark the
 * system as having a solution then; else none (audit_carry.c). Counts the
 * targets given values in a->n_carried. */
void audit_model_seen_from(struct audit_model *m, const struct audit_model *prev, struct audit *a);

#endif
