/* audit_model.c: the disclosure audit's linear system: every count results.csv publishes or hides, and every identity a reader knows between them. */
#include "audit_internal.h"
#include "audit_model.h"
#include "core/hashmap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t intern_index(struct hashmap *m, const char *s)
{
	return (uint32_t)hashmap_add_str(m, s, NULL);
}

static uint32_t cell_index(struct audit_model *m, enum res_breakdown bd, const char *value)
{
	char *key = xasprintf("%d\x1f%s", (int)bd, value);
	int added;
	size_t i = hashmap_add_str(&m->cells, key, &added);
	free(key);
	if (added) {
		ALLOC_GROW(m->cell, i + 1, m->alloc_cell);
		m->cell[i] = (struct mcell){ bd, m->cells.entry[i].key + strcspn(m->cells.entry[i].key, "\x1f") + 1, 0 };
		m->n_cell = i + 1;
	}
	return (uint32_t)i;
}

static long cell_find(const struct audit_model *m, enum res_breakdown bd, const char *value, size_t len)
{
	char *key = xasprintf("%d\x1f%.*s", (int)bd, (int)len, value);
	long i = hashmap_find_str(&m->cells, key);
	free(key);
	return i;
}

/* A cell of no row: the rest of a family. */
static uint32_t rest_cell(struct audit_model *m, uint32_t parent, size_t family, double ub)
{
	char *key = xasprintf("rest\x1f%u\x1f%zu", parent, family);
	size_t i = hashmap_add_str(&m->cells, key, NULL);
	free(key);
	ALLOC_GROW(m->cell, i + 1, m->alloc_cell);
	m->cell[i] = (struct mcell){ RES_BD_COUNT, "", ub };
	m->n_cell = i + 1;
	return (uint32_t)i;
}

static struct tkey key_of(enum term_kind kind, uint32_t var, uint32_t cell, uint32_t where, enum res_stat s,
			  int index)
{
	struct tkey k;
	memset(&k, 0, sizeof(k));
	k.var = var;
	k.cell = cell;
	k.where = where;
	k.stat = (uint16_t)s;
	k.kind = (uint16_t)kind;
	k.index = index;
	return k;
}

/* The term of k, added (unknown, not yet in the LP) when absent and add is set; -1 when absent. */
static long term_get(struct audit_model *m, const struct tkey *k, int add)
{
	if (!add)
		return hashmap_find(&m->terms, k, sizeof(*k));
	int added;
	size_t i = hashmap_add(&m->terms, k, sizeof(*k), &added);
	if (added) {
		ALLOC_GROW(m->term, i + 1, m->alloc_term);
		m->term[i] = (struct term){ 0, 0, INFINITY, 0, -1 };
	}
	return (long)i;
}

/* ---- reading the rows ---- */

/* The kind of count a row holds, or -1 for a row that is no count. */
static int count_kind(const struct res_row *r)
{
	switch (r->statistic) {
	case RS_RESPONDENTS:
		return K_RESP;
	case RS_N: case RS_N_MISSING: case RS_COUNT_NONSUBST: case RS_COUNT_BLANK: case RS_COUNT_REJECTED:
	case RS_COUNT_POINT: case RS_COUNT_BIN: case RS_N_BASE: case RS_N_LATER:
		return K_ONE;
	case RS_N_PAIRS:
		return K_PAIR;
	case RS_ALPHA_N:
		return K_ALPHA;
	default:
		return -1;
	}
}

static enum res_breakdown breakdown_of(const char *name)
{
	for (int b = 0; b < RES_BD_COUNT; b++)
		if (!strcmp(name, res_breakdown_name((enum res_breakdown)b)))
			return (enum res_breakdown)b;
	return RES_BD_COUNT;
}

/* The comparison "BASE..LATER" with its waves. */
static uint32_t comparison_index(struct audit_model *m, const char *label)
{
	int added;
	size_t i = hashmap_add_str(&m->comps, label, &added);
	if (added) {
		ALLOC_GROW(m->comp, i + 1, m->alloc_comp);
		const char *dots = strstr(label, "..");
		char *base = xstrndup(label, dots ? (size_t)(dots - label) : strlen(label));
		m->comp[i].base = intern_index(&m->waves, base);
		m->comp[i].later = intern_index(&m->waves, dots ? dots + 2 : "");
		free(base);
	}
	return (uint32_t)i;
}

static struct block *block_get(struct audit_model *m, uint32_t var, uint32_t wave, uint32_t cell)
{
	uint32_t k[3] = { var, wave, cell };
	int added;
	size_t i = hashmap_add(&m->blocks, k, sizeof(k), &added);
	if (added) {
		ALLOC_GROW(m->block, i + 1, m->alloc_block);
		memset(&m->block[i], 0, sizeof(m->block[i]));
		m->block[i].var = var;
		m->block[i].wave = wave;
		m->block[i].cell = cell;
	}
	return &m->block[i];
}

/* The indexes of row r's variable, cell and wave, interned. */
static uint32_t row_var(struct audit_model *m, const struct res_row *r)
{
	if (r->variable != m->last_var)
		m->last_var = r->variable, m->last_var_i = intern_index(&m->vars, r->variable);
	return m->last_var_i;
}

static uint32_t row_cell(struct audit_model *m, const struct res_row *r)
{
	if (r->breakdown != m->last_bd || r->breakdown_value != m->last_bv) {
		m->last_bd = r->breakdown, m->last_bv = r->breakdown_value;
		m->last_cell_i = cell_index(m, breakdown_of(r->breakdown), r->breakdown_value);
	}
	return m->last_cell_i;
}

static uint32_t row_wave(struct audit_model *m, const struct res_row *r)
{
	if (r->wave != m->last_wave)
		m->last_wave = r->wave, m->last_wave_i = intern_index(&m->waves, r->wave);
	return m->last_wave_i;
}

/* Row i, r: its count's term, its value or its note; blocks and their shape. */
static void read_row(struct audit_model *m, size_t i, const struct res_row *r)
{
	m->row_term[i] = -1;
	if (r->statistic == RS_MEAN_0_100 || r->statistic == RS_TOP2) {
		if (r->status == RES_OK && !strcmp(r->design, "")) {
			uint32_t var = row_var(m, r), wave = row_wave(m, r), cell = row_cell(m, r);
			struct block *b = block_get(m, var, wave, cell);
			if (r->statistic == RS_MEAN_0_100)
				b->has_mean = 1, b->mean = r->value;
			else
				b->has_top2 = 1, b->top2 = r->value;
		}
		return;
	}
	int kind = count_kind(r);
	if (kind < 0)
		return;
	uint32_t var = row_var(m, r);
	uint32_t cell = row_cell(m, r);
	enum res_stat s = r->statistic;
	uint32_t where;
	if (s == RS_N_BASE || s == RS_N_LATER) {
		struct comparison c = m->comp[comparison_index(m, r->wave)];
		where = s == RS_N_BASE ? c.base : c.later;
		s = RS_N;
	} else if (kind == K_PAIR) {
		where = comparison_index(m, r->wave);
		uint32_t vc[2] = { var, where };
		hashmap_add(&m->pairsets, vc, sizeof(vc), NULL);
	} else {
		where = row_wave(m, r);
	}
	if (kind == K_ONE) {
		struct block *b = block_get(m, var, where, cell);
		b->is_scale |= r->statistic == RS_COUNT_BIN;
		if ((r->statistic == RS_COUNT_POINT || r->statistic == RS_COUNT_BIN) && r->index > b->k)
			b->k = r->index;
		if (r->statistic == RS_COUNT_NONSUBST && r->index > b->nonsubst)
			b->nonsubst = r->index;
	}
	if (kind == K_ALPHA) {
		uint32_t vw[2] = { var, where };
		hashmap_add(&m->alphasets, vw, sizeof(vw), NULL);
	}
	if (kind == K_RESP)
		var = 0;
	struct tkey k = key_of((enum term_kind)kind, var, cell, where, s, res_stat_indexed(s) ? r->index : 0);
	long ti = term_get(m, &k, 1); /* before m->term is read: it may move */
	struct term *t = &m->term[ti];
	m->row_term[i] = ti;
	if (r->status == RES_OK) {
		t->known = 1;
		t->value = r->value;
	} else if (r->status == RES_NA && r->note == RES_WHY_NO_PAIRS) {
		t->known = 1;
		t->value = 0;
	}
}

/* ---- families ---- */

static void family_add(struct audit_model *m, uint32_t parent, const uint32_t *kids, size_t n, int kind)
{
	if (!n)
		return;
	ALLOC_GROW(m->fam, m->n_fam + 1, m->alloc_fam);
	struct family *f = &m->fam[m->n_fam];
	f->parent = parent;
	f->kids = xmalloc(n * sizeof(*kids));
	memcpy(f->kids, kids, n * sizeof(*kids));
	f->n_kids = n;
	f->kind = kind;
	f->rest = rest_cell(m, parent, m->n_fam, m->closed && kind != FAM_UNITS ? 0 : INFINITY);
	m->n_fam++;
}

/* The families a reader can add up: all = its groups = its municipalities;
 * a municipality = its groups = its units; a group = its municipalities;
 * all = the units without a municipality; each plus its rest. */
static void build_families(struct audit_model *m)
{
	size_t nc = m->n_cell;
	uint32_t *kids = xmalloc((nc ? nc : 1) * sizeof(*kids));
	long all = cell_find(m, RES_BD_ALL, "", 0);
	if (all < 0) {
		free(kids);
		return;
	}
	for (int bd = RES_BD_GROUP; bd <= RES_BD_MUNICIPALITY; bd++) {
		size_t n = 0;
		for (size_t c = 0; c < nc; c++)
			if (m->cell[c].bd == (enum res_breakdown)bd)
				kids[n++] = (uint32_t)c;
		family_add(m, (uint32_t)all, kids, n, bd == RES_BD_GROUP ? FAM_GROUPS_OF_ALL : FAM_MUNIS_OF_ALL);
	}
	for (size_t p = 0; p < nc; p++) {
		enum res_breakdown pb = m->cell[p].bd;
		if (pb != RES_BD_GROUP && pb != RES_BD_MUNICIPALITY)
			continue;
		const char *pv = m->cell[p].value;
		size_t n = 0, nu = 0;
		for (size_t c = 0; c < nc; c++) {
			const char *v = m->cell[c].value;
			if (m->cell[c].bd == RES_BD_MUNICIPALITY_GROUP) {
				const char *bar = strrchr(v, '|');
				if (!bar)
					continue;
				int hit = pb == RES_BD_GROUP ? !strcmp(bar + 1, pv)
							     : (size_t)(bar - v) == strlen(pv) && !strncmp(v, pv, strlen(pv));
				if (hit)
					kids[n++] = (uint32_t)c;
			}
		}
		family_add(m, (uint32_t)p, kids, n, pb == RES_BD_GROUP ? FAM_MG_OF_GROUP : FAM_MG_OF_MUNI);
		if (pb != RES_BD_MUNICIPALITY)
			continue;
		for (size_t c = 0; c < nc; c++) {
			const char *v = m->cell[c].value;
			size_t ml = strcspn(v, "|");
			if (m->cell[c].bd == RES_BD_UNIT && v[ml] && ml == strlen(pv) && !strncmp(v, pv, ml))
				kids[nu++] = (uint32_t)c;
		}
		family_add(m, (uint32_t)p, kids, nu, FAM_UNITS);
	}
	size_t n = 0;
	for (size_t c = 0; c < nc; c++)
		if (m->cell[c].bd == RES_BD_UNIT && m->cell[c].value[0] == '|')
			kids[n++] = (uint32_t)c;
	family_add(m, (uint32_t)all, kids, n, FAM_UNITS);
	free(kids);
}

/* ---- constraints ---- */

static void acc_reset(struct audit_model *m)
{
	m->an = 0;
	m->shift = 0;
}

/* Add coef times the count k: a known count moves to the bounds, an unknown
 * one is a term; an absent one is zero, unless free is set (a count of a
 * rest cell), which makes it an unknown. */
static void acc_add(struct audit_model *m, enum term_kind kind, uint32_t var, uint32_t cell, uint32_t where,
		    enum res_stat s, int index, double coef, int free_)
{
	struct tkey k = key_of(kind, kind == K_RESP ? 0 : var, cell, where, s, index);
	long n0 = (long)m->terms.n, i = term_get(m, &k, free_);
	if (i < 0)
		return;
	struct term *t = &m->term[i];
	if (i >= n0)
		t->ub = m->cell[cell].rest_ub;
	if (t->known) {
		m->shift += coef * t->value;
		return;
	}
	if (t->lpvar < 0)
		t->lpvar = audit_lp_var(m->lp, t->lb, t->ub);
	ALLOC_GROW(m->av, m->an + 1, m->aalloc);
	ALLOC_GROW(m->ac, m->an + 1, m->aalloc2);
	m->av[m->an] = (uint32_t)t->lpvar;
	m->ac[m->an++] = coef;
}

/* Emit lo <= acc <= hi.  An identity of published counts only is no
 * constraint; one they break makes the rows inconsistent. */
static void acc_emit(struct audit_model *m, double lo, double hi)
{
	double tol = 1e-6 * (1 + fabs(m->shift));
	if (!m->an && (m->shift < lo - tol || m->shift > hi + tol))
		m->consistent = 0;
	audit_lp_row(m->lp, m->av, m->ac, m->an, lo - m->shift, hi - m->shift);
	acc_reset(m);
}

static int is_rest(const struct audit_model *m, uint32_t cell)
{
	return m->cell[cell].bd == RES_BD_COUNT;
}

/* The counts of a block: n, n_missing, the points or bins, the
 * non-substantive answers, blank and rejected. */
static size_t block_stats(const struct block *b, enum res_stat *s, int *idx, size_t max)
{
	size_t n = 0;
	s[n] = RS_N, idx[n++] = 0;
	s[n] = RS_N_MISSING, idx[n++] = 0;
	for (int v = 1; v <= b->k && n < max; v++)
		s[n] = b->is_scale ? RS_COUNT_BIN : RS_COUNT_POINT, idx[n++] = v;
	for (int j = 1; j <= b->nonsubst && n < max; j++)
		s[n] = RS_COUNT_NONSUBST, idx[n++] = j;
	if (n < max)
		s[n] = RS_COUNT_BLANK, idx[n++] = 0;
	if (!b->is_scale && n < max)
		s[n] = RS_COUNT_REJECTED, idx[n++] = 0;
	return n;
}

#define MAX_STATS 256

/* Within a block: n = the points (bins); n_missing = the non-substantive
 * answers + blank; rejected <= blank; respondents = n + n_missing;
 * mean x n = sum V x count_point_V and top2 x n = the top two points
 * (items; these bind only when a count of a published mean is hidden). */
static void block_identities(struct audit_model *m, const struct block *b)
{
	int fr = is_rest(m, b->cell);
	acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N, 0, 1, fr);
	for (int v = 1; v <= b->k; v++)
		acc_add(m, K_ONE, b->var, b->cell, b->wave, b->is_scale ? RS_COUNT_BIN : RS_COUNT_POINT, v, -1, fr);
	acc_emit(m, 0, 0);
	acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N_MISSING, 0, 1, fr);
	for (int j = 1; j <= b->nonsubst; j++)
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_NONSUBST, j, -1, fr);
	acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_BLANK, 0, -1, fr);
	acc_emit(m, 0, 0);
	if (!b->is_scale) {
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_REJECTED, 0, 1, fr);
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_BLANK, 0, -1, fr);
		acc_emit(m, -INFINITY, 0);
	}
	acc_add(m, K_RESP, 0, b->cell, b->wave, RS_RESPONDENTS, 0, 1, fr);
	acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N, 0, -1, fr);
	acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N_MISSING, 0, -1, fr);
	acc_emit(m, 0, 0);
	if (b->is_scale || fr)
		return;
	/* a published mean or share: tolerance for the rounding of the %.17g
	 * value.  The mean is read on 0-100, (mean - v0) / (k - 1) * 100 with
	 * v0 the value of point 1, so that it is 1 + that * (k - 1) / 100 on
	 * the points 1..k whatever values the answer scale declares. */
	if (b->has_mean && b->k >= 2) {
		for (int v = 1; v <= b->k; v++)
			acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_POINT, v, v, 0);
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N, 0, -(1 + b->mean * (b->k - 1) / 100), 0);
		if (m->an)
			acc_emit(m, -1e-6, 1e-6);
		acc_reset(m);
	}
	if (b->has_top2 && b->k >= 4) {
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_POINT, b->k - 1, 1, 0);
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_COUNT_POINT, b->k, 1, 0);
		acc_add(m, K_ONE, b->var, b->cell, b->wave, RS_N, 0, -b->top2, 0);
		if (m->an)
			acc_emit(m, -1e-6, 1e-6);
		acc_reset(m);
	}
}

/* parent = sum of the kids + rest, for one count. */
static void family_sum(struct audit_model *m, const struct family *f, enum term_kind kind, uint32_t var,
		       uint32_t where, enum res_stat s, int index)
{
	acc_add(m, kind, var, f->parent, where, s, index, 1, 0);
	for (size_t i = 0; i < f->n_kids; i++)
		acc_add(m, kind, var, f->kids[i], where, s, index, -1, 0);
	acc_add(m, kind, var, f->rest, where, s, index, -1, 1);
	acc_emit(m, 0, 0);
}

/* The respondents of municipality M without a group are among those of
 * all without a group: the sum over M of rest(M -> M|G) is at most
 * rest(all -> groups); the same for groups and municipalities. */
static void rest_nesting(struct audit_model *m, enum term_kind kind, uint32_t var, uint32_t where, enum res_stat s,
			 int index)
{
	for (size_t top = 0; top < m->n_fam; top++) {
		int tk = m->fam[top].kind, sub = tk == FAM_GROUPS_OF_ALL ? FAM_MG_OF_MUNI
						 : tk == FAM_MUNIS_OF_ALL ? FAM_MG_OF_GROUP : -1;
		if (sub < 0)
			continue;
		for (size_t fi = 0; fi < m->n_fam; fi++)
			if (m->fam[fi].kind == sub)
				acc_add(m, kind, var, m->fam[fi].rest, where, s, index, 1, 1);
		acc_add(m, kind, var, m->fam[top].rest, where, s, index, -1, 1);
		acc_emit(m, -INFINITY, 0);
	}
}

static void family_identities(struct audit_model *m)
{
	size_t n_blocks = m->blocks.n;
	enum res_stat st[MAX_STATS];
	int idx[MAX_STATS];
	for (size_t bi = 0; bi < n_blocks; bi++) {
		struct block b = m->block[bi];
		size_t ns = block_stats(&b, st, idx, MAX_STATS);
		for (size_t fi = 0; fi < m->n_fam; fi++) {
			const struct family *f = &m->fam[fi];
			if (f->parent != b.cell)
				continue;
			for (size_t k = 0; k < ns; k++)
				family_sum(m, f, K_ONE, b.var, b.wave, st[k], idx[k]);
			struct block *r = block_get(m, b.var, b.wave, f->rest);
			r->is_scale = b.is_scale, r->k = b.k, r->nonsubst = b.nonsubst;
		}
		if (m->cell[b.cell].bd == RES_BD_ALL)
			for (size_t k = 0; k < ns; k++)
				rest_nesting(m, K_ONE, b.var, b.wave, st[k], idx[k]);
	}
	for (size_t fi = 0; fi < m->n_fam; fi++) {
		const struct family *f = &m->fam[fi];
		for (size_t w = 0; w < m->waves.n; w++) {
			family_sum(m, f, K_RESP, 0, (uint32_t)w, RS_RESPONDENTS, 0);
			if (fi == 0)
				rest_nesting(m, K_RESP, 0, (uint32_t)w, RS_RESPONDENTS, 0);
		}
		for (size_t p = 0; p < m->pairsets.n; p++) {
			uint32_t vc[2]; /* the map's keys are bytes, not aligned */
			memcpy(vc, m->pairsets.entry[p].key, sizeof(vc));
			family_sum(m, f, K_PAIR, vc[0], vc[1], RS_N_PAIRS, 0);
		}
		if (f->kind != FAM_GROUPS_OF_ALL)
			continue;
		for (size_t p = 0; p < m->alphasets.n; p++) {
			uint32_t vw[2];
			memcpy(vw, m->alphasets.entry[p].key, sizeof(vw));
			family_sum(m, f, K_ALPHA, vw[0], vw[1], RS_ALPHA_N, 0);
		}
	}
}

/* Pairs and listwise-complete respondents are answers in the cell:
 * n_pairs <= n at both waves, alpha_n <= n; and a cell that appears has a
 * respondent in some wave. */
static void subset_identities(struct audit_model *m)
{
	for (size_t i = 0; i < m->terms.n; i++) {
		struct tkey key; /* the map's keys are bytes, not aligned */
		memcpy(&key, m->terms.entry[i].key, sizeof(key));
		const struct tkey *k = &key;
		if (is_rest(m, k->cell))
			continue;
		if (k->kind == K_PAIR) {
			uint32_t w[2] = { m->comp[k->where].base, m->comp[k->where].later };
			for (int j = 0; j < 2; j++) {
				acc_add(m, K_PAIR, k->var, k->cell, k->where, RS_N_PAIRS, 0, 1, 0);
				acc_add(m, K_ONE, k->var, k->cell, w[j], RS_N, 0, -1, 0);
				acc_emit(m, -INFINITY, 0);
			}
		} else if (k->kind == K_ALPHA) {
			acc_add(m, K_ALPHA, k->var, k->cell, k->where, RS_ALPHA_N, 0, 1, 0);
			acc_add(m, K_ONE, k->var, k->cell, k->where, RS_N, 0, -1, 0);
			acc_emit(m, -INFINITY, 0);
		}
	}
	for (size_t c = 0; c < m->n_cell; c++) {
		if (is_rest(m, (uint32_t)c))
			continue;
		for (size_t w = 0; w < m->waves.n; w++)
			acc_add(m, K_RESP, 0, (uint32_t)c, (uint32_t)w, RS_RESPONDENTS, 0, 1, 0);
		if (m->an)
			acc_emit(m, 1, INFINITY);
		acc_reset(m);
	}
}

/* Link each answer count among the targets to its cell size, the n of its
 * variable, wave and cell (audit.c waives the rule for the answers of a
 * cell the reader can tell is large). */
static void target_sizes(struct audit_model *m, const struct results *res)
{
	struct audit_lp *lp = m->lp;
	size_t *target_of = xmalloc((lp->n_vars ? lp->n_vars : 1) * sizeof(*target_of));
	for (size_t v = 0; v < lp->n_vars; v++)
		target_of[v] = SIZE_MAX;
	for (size_t i = 0; i < lp->n_targets; i++)
		target_of[lp->target_var[i]] = i;
	lp->target_size = xmalloc((lp->n_targets + 1) * sizeof(*lp->target_size));
	lp->target_size_known = xmalloc((lp->n_targets + 1) * sizeof(*lp->target_size_known));
	for (size_t i = 0; i < lp->n_targets; i++) {
		const struct res_row *r = &res->rows[lp->target_row[i]];
		lp->target_size[i] = SIZE_MAX;
		lp->target_size_known[i] = NAN;
		if (count_kind(r) != K_ONE || r->statistic == RS_N)
			continue;
		struct tkey k = key_of(K_ONE, intern_index(&m->vars, r->variable),
				       cell_index(m, breakdown_of(r->breakdown), r->breakdown_value),
				       intern_index(&m->waves, r->wave), RS_N, 0);
		long ti = term_get(m, &k, 0);
		if (ti < 0)
			continue;
		const struct term *t = &m->term[ti];
		if (t->known)
			lp->target_size_known[i] = t->value;
		else if (t->lpvar >= 0)
			lp->target_size[i] = target_of[t->lpvar];
	}
	free(target_of);
}

struct audit_model *audit_model_build(struct audit_lp *lp, struct audit *a, const struct results *res,
				      uint64_t min, int closed, const struct audit_model *prev)
{
	struct audit_model *m = xcalloc(1, sizeof(*m));
	m->lp = lp;
	m->min = min;
	m->closed = closed;
	m->consistent = 1;
	hashmap_init(&m->vars);
	hashmap_init(&m->waves);
	hashmap_init(&m->comps);
	hashmap_init(&m->cells);
	hashmap_init(&m->terms);
	hashmap_init(&m->blocks);
	hashmap_init(&m->pairsets);
	hashmap_init(&m->alphasets);

	m->row_term = xmalloc((res->n ? res->n : 1) * sizeof(*m->row_term));
	for (size_t i = 0; i < res->n; i++)
		read_row(m, i, &res->rows[i]);
	build_families(m);
	family_identities(m);
	for (size_t bi = 0; bi < m->blocks.n; bi++)
		block_identities(m, &m->block[bi]);
	subset_identities(m);

	/* the targets: suppressed counts whose value no other row publishes */
	for (size_t i = 0; i < res->n; i++) {
		const struct res_row *r = &res->rows[i];
		int kind = count_kind(r);
		/* n_base and n_later are the one-wave n, judged by its own row and note */
		if (kind < 0 || r->status != RES_SUPPRESSED || r->statistic == RS_N_BASE || r->statistic == RS_N_LATER)
			continue;
		struct term *t = &m->term[m->row_term[i]];
		if (t->known)
			continue;
		if (t->lpvar < 0)
			t->lpvar = audit_lp_var(lp, t->lb, t->ub);
		ALLOC_GROW(lp->target_row, lp->n_targets + 1, lp->alloc_targets);
		lp->target_var = xrealloc(lp->target_var, lp->alloc_targets * sizeof(*lp->target_var));
		lp->target_row[lp->n_targets] = i;
		lp->target_var[lp->n_targets++] = (uint32_t)t->lpvar;
	}
	target_sizes(m, res);
	audit_model_seen_from(m, prev, a);

	free(m->row_term);
	m->row_term = NULL;
	free(m->av);
	free(m->ac);
	m->av = NULL, m->ac = NULL;
	m->an = m->aalloc = m->aalloc2 = 0;
	m->lp = NULL;
	return m;
}

void audit_model_free(struct audit_model *m)
{
	if (!m)
		return;
	for (size_t f = 0; f < m->n_fam; f++)
		free(m->fam[f].kids);
	free(m->fam);
	free(m->row_term);
	free(m->comp);
	free(m->cell);
	free(m->term);
	free(m->block);
	free(m->av);
	free(m->ac);
	free(m->seen_lo);
	free(m->seen_hi);
	hashmap_release(&m->vars);
	hashmap_release(&m->waves);
	hashmap_release(&m->comps);
	hashmap_release(&m->cells);
	hashmap_release(&m->terms);
	hashmap_release(&m->blocks);
	hashmap_release(&m->pairsets);
	hashmap_release(&m->alphasets);
	free(m);
}
