/* tables.c: one pass over the clean dataset into count tables, with pairing by key and the pair tables. */
#include "tables.h"
#include "tables_internal.h"
#include "core/hashmap.h"

#include <stdlib.h>
#include <string.h>

/* The values an item's points can take, 0..TDS_MAX_VALUE: an item's
 * values start at its point 1 (item_values + 1 + shift). */
static const double item_values[TDS_MAX_VALUE + 1] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60,
	61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
	81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100,
};

void tables_init(struct tables *t)
{
	memset(t, 0, sizeof(*t));
}

void tables_release(struct tables *t)
{
	for (size_t c = 0; c < t->n_cells; c++)
		free(t->cells[c].value);
	free(t->cells);
	free(t->vars);
	free(t->counts);
	free(t->respondents);
	free(t->keyed_pairs);
	free(t->pairs);
	free(t->pair_off);
	if (t->rel) {
		size_t n = t->d->meta.n_scales * t->n_waves * (1 + t->n_groups);
		for (size_t i = 0; i < n; i++) {
			free(t->rel[i].s);
			free(t->rel[i].ss);
		}
		free(t->rel);
	}
	tables_init(t);
}

size_t cell_all(const struct tables *t)
{
	(void)t;
	return 0;
}

size_t cell_group(const struct tables *t, size_t g)
{
	(void)t;
	return 1 + g;
}

size_t cell_municipality(const struct tables *t, size_t m)
{
	return 1 + t->n_groups + m;
}

size_t cell_municipality_group(const struct tables *t, size_t m, size_t g)
{
	return 1 + t->n_groups + t->n_municipalities + m * t->n_groups + g;
}

size_t cell_unit(const struct tables *t, size_t u)
{
	return 1 + t->n_groups + t->n_municipalities * (1 + t->n_groups) + u;
}

static void make_cells(struct tables *t)
{
	const struct tds_meta *m = &t->d->meta;
	t->n_cells = cell_unit(t, t->n_units);
	t->cells = xcalloc(t->n_cells, sizeof(*t->cells));
	for (size_t c = 0; c < t->n_cells; c++) {
		t->cells[c].group = TDS_NONE;
		t->cells[c].municipality = TDS_NONE;
		t->cells[c].unit = TDS_NONE;
	}
	t->cells[0].kind = RES_BD_ALL;
	t->cells[0].value = xstrdup("");
	for (size_t g = 0; g < t->n_groups; g++) {
		struct cell *c = &t->cells[cell_group(t, g)];
		c->kind = RES_BD_GROUP;
		c->group = (uint16_t)g;
		c->value = xstrdup(m->groups[g].id);
	}
	for (size_t k = 0; k < t->n_municipalities; k++) {
		struct cell *c = &t->cells[cell_municipality(t, k)];
		c->kind = RES_BD_MUNICIPALITY;
		c->municipality = (uint16_t)k;
		c->value = xstrdup(m->municipalities[k]);
		for (size_t g = 0; g < t->n_groups; g++) {
			c = &t->cells[cell_municipality_group(t, k, g)];
			c->kind = RES_BD_MUNICIPALITY_GROUP;
			c->municipality = (uint16_t)k;
			c->group = (uint16_t)g;
			struct strbuf v = STRBUF_INIT;
			res_cell_value(&v, m->municipalities[k], m->groups[g].id);
			c->value = sb_detach(&v);
		}
	}
	for (size_t u = 0; u < t->n_units; u++) {
		struct cell *c = &t->cells[cell_unit(t, u)];
		uint16_t mu = m->units[u].municipality;
		c->kind = RES_BD_UNIT;
		c->unit = (uint16_t)u;
		c->municipality = mu;
		struct strbuf v = STRBUF_INIT;
		res_cell_value(&v, mu < t->n_municipalities ? m->municipalities[mu] : "", m->units[u].name);
		c->value = sb_detach(&v);
	}
}

static void make_vars(struct tables *t, const struct scale_def *scales)
{
	const struct tds_meta *m = &t->d->meta;
	t->n_vars = m->n_items + m->n_scales;
	t->vars = xcalloc(t->n_vars ? t->n_vars : 1, sizeof(*t->vars));
	size_t off = 0;
	for (size_t i = 0; i < t->n_vars; i++) {
		struct tvar *v = &t->vars[i];
		if (i < m->n_items) {
			const struct tds_answers *a = &m->answers[m->items[i].answers];
			v->index = i;
			v->id = m->items[i].id;
			v->k = a->k;
			v->n_nonsubst = a->n_nonsubst;
			v->n_values = (size_t)a->k;
			v->shift = a->shift;
			v->values = item_values + 1 + a->shift;
			v->reverse = m->items[i].reverse;
		} else {
			const struct scale_def *sd = &scales[i - m->n_items];
			v->is_scale = 1;
			v->index = i - m->n_items;
			v->id = m->scales[v->index].id;
			v->k = sd->k;
			v->shift = sd->shift;
			v->sd = sd;
			v->n_values = sd->n_values;
			v->values = sd->values;
		}
		v->n_slots = v->n_values + (size_t)v->n_nonsubst + 2;
		v->off = off;
		off += v->n_slots * t->n_waves * t->n_cells;
	}
	t->counts = xcalloc(off ? off : 1, sizeof(*t->counts));
}

/* The cells a row belongs to; returns how many (at most 5). */
static int row_cells(const struct tables *t, const struct tds_row *r, size_t *out)
{
	int n = 0;
	out[n++] = cell_all(t);
	if (r->group != TDS_NONE)
		out[n++] = cell_group(t, r->group);
	if (r->municipality != TDS_NONE) {
		out[n++] = cell_municipality(t, r->municipality);
		if (r->group != TDS_NONE)
			out[n++] = cell_municipality_group(t, r->municipality, r->group);
	}
	if (r->unit != TDS_NONE)
		out[n++] = cell_unit(t, r->unit);
	return n;
}

static int check_rows(const struct tables *t, struct strbuf *err)
{
	const struct tds_meta *m = &t->d->meta;
	for (size_t u = 0; u < t->n_units; u++) {
		uint16_t mu = m->units[u].municipality;
		if (mu != TDS_NONE && mu >= t->n_municipalities) {
			sb_addf(err, "unit '%s' refers to municipality %u, which the dataset does not declare",
				m->units[u].name, (unsigned)mu);
			return TILLID_EDATA;
		}
	}
	for (size_t i = 0; i < t->d->n_rows; i++) {
		const struct tds_row *r = &t->d->rows[i];
		const char *bad = NULL;
		if (r->wave >= t->n_waves)
			bad = "wave";
		else if (r->group != TDS_NONE && r->group >= t->n_groups)
			bad = "group";
		else if (r->municipality != TDS_NONE && r->municipality >= t->n_municipalities)
			bad = "municipality";
		else if (r->unit != TDS_NONE && r->unit >= t->n_units)
			bad = "unit";
		if (bad) {
			sb_addf(err, "respondent %zu refers to a %s the dataset does not declare", i + 1, bad);
			return TILLID_EDATA;
		}
		if (r->unit != TDS_NONE && m->units[r->unit].municipality != r->municipality) {
			sb_addf(err, "respondent %zu is in unit '%s' but not in that unit's municipality",
				i + 1, m->units[r->unit].name);
			return TILLID_EDATA;
		}
	}
	return TILLID_OK;
}

/* ---- the pair tables while they are filled ---- */

/* A variable's pair tables are counted densely, an n_values x n_values
 * array per comparison and cell, when it takes at most PAIR_DENSE_VALUES
 * values (items) and those arrays hold at most tables_pair_dense_max
 * counters; the others (scales, whose distinct scores can run to
 * hundreds) in core/hashmap keyed by (table, pre, post).  The choice
 * depends on the variable alone, and either way the tables end as the
 * same sparse tables. */
enum { PAIR_DENSE_VALUES = 64 };
size_t tables_pair_dense_max = (size_t)1 << 20;

/* The key of one cell of a sparse pair table (16 bytes, no padding). */
struct pkey {
	uint64_t table;
	uint32_t pre, post;
};

struct pair_fill {
	uint64_t *dense;
	size_t *dense_off; /* [n_vars]: start of the variable's arrays in dense; SIZE_MAX: sparse */
	struct hashmap sparse;
};

static void pair_fill_init(struct pair_fill *pf, const struct tables *t)
{
	size_t total = 0;
	pf->dense_off = xmalloc((t->n_vars ? t->n_vars : 1) * sizeof(*pf->dense_off));
	for (size_t i = 0; i < t->n_vars; i++) {
		size_t nv = t->vars[i].n_values, size = nv * nv * t->n_comp * t->n_cells;
		pf->dense_off[i] = SIZE_MAX;
		if (nv <= PAIR_DENSE_VALUES && size <= tables_pair_dense_max) {
			pf->dense_off[i] = total;
			total += size;
		}
	}
	pf->dense = xcalloc(total ? total : 1, sizeof(*pf->dense));
	hashmap_init(&pf->sparse);
}

static void pair_fill_release(struct pair_fill *pf)
{
	free(pf->dense);
	free(pf->dense_off);
	hashmap_release(&pf->sparse);
}

/* Count one pair of variable var in comparison comp and cell: value
 * index pre in the earlier wave, post in the later. */
static void pair_count(struct pair_fill *pf, const struct tables *t, size_t var, size_t comp,
		       size_t cell, uint32_t pre, uint32_t post)
{
	size_t at = comp * t->n_cells + cell;
	if (pf->dense_off[var] != SIZE_MAX) {
		size_t nv = t->vars[var].n_values;
		pf->dense[pf->dense_off[var] + (at * nv + pre) * nv + post]++;
		return;
	}
	struct pkey k = { var * t->n_comp * t->n_cells + at, pre, post };
	size_t e = hashmap_add(&pf->sparse, &k, sizeof(k), NULL);
	pf->sparse.entry[e].value++;
}

/* A filled cell of a sparse pair table. */
struct pcount {
	struct pkey k;
	uint64_t n;
};

static int pcount_cmp(const void *a, const void *b)
{
	const struct pkey *x = &((const struct pcount *)a)->k, *y = &((const struct pcount *)b)->k;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	return (x->post > y->post) - (x->post < y->post);
}

/* The counted pairs as sparse tables, each sorted by (pre, post). */
static void pairs_to_tables(struct tables *t, const struct pair_fill *pf)
{
	size_t per_var = t->n_comp * t->n_cells, n_tables = t->n_vars * per_var;
	size_t n = pf->sparse.n, alloc = 0, e = 0;
	struct pcount *pc = xmalloc((n ? n : 1) * sizeof(*pc));
	for (size_t i = 0; i < n; i++) {
		memcpy(&pc[i].k, pf->sparse.entry[i].key, sizeof(pc[i].k));
		pc[i].n = pf->sparse.entry[i].value;
	}
	if (n)
		qsort(pc, n, sizeof(*pc), pcount_cmp);
	t->pairs = NULL;
	t->pair_off = xcalloc(n_tables + 1, sizeof(*t->pair_off));
	for (size_t tb = 0, s = 0; tb < n_tables; tb++) {
		size_t var = tb / per_var, nv = t->vars[var].n_values;
		t->pair_off[tb] = e;
		if (pf->dense_off[var] == SIZE_MAX) {
			for (; s < n && pc[s].k.table == tb; s++) {
				ALLOC_GROW(t->pairs, e + 1, alloc);
				t->pairs[e++] = (struct pair_entry){ pc[s].k.pre, pc[s].k.post, pc[s].n };
			}
			continue;
		}
		const uint64_t *a = pf->dense + pf->dense_off[var] + (tb % per_var) * nv * nv;
		for (uint32_t pre = 0; pre < nv; pre++)
			for (uint32_t post = 0; post < nv; post++)
				if (a[pre * nv + post]) {
					ALLOC_GROW(t->pairs, e + 1, alloc);
					t->pairs[e++] = (struct pair_entry){ pre, post, a[pre * nv + post] };
				}
	}
	t->pair_off[n_tables] = e;
	if (!t->pairs)
		t->pairs = xmalloc(sizeof(*t->pairs));
	free(pc);
}

const struct pair_entry *tables_pairs(const struct tables *t, size_t var, size_t comp,
				      size_t cell, size_t *n)
{
	size_t tb = (var * t->n_comp + comp) * t->n_cells + cell;
	*n = t->pair_off[tb + 1] - t->pair_off[tb];
	return t->pairs + t->pair_off[tb];
}

/* ---- the pass ---- */

/* Slot of an item value (see the layout in tables.h); a reverse-worded
 * item's answer v counts at point k + 1 - v, higher = more positive, as
 * in scale scores (tds_scored). */
static uint32_t item_slot(const struct tvar *v, uint8_t x)
{
	if (x >= 1 && x <= v->k)
		return v->reverse ? (uint32_t)(v->k - x) : x - 1u;
	if (x == TDS_BLANK)
		return (uint32_t)tslot_blank(v);
	if (x > TDS_NONSUBST_BASE && x != TDS_REJECTED && x - TDS_NONSUBST_BASE <= v->n_nonsubst)
		return (uint32_t)(v->n_values + (size_t)(x - TDS_NONSUBST_BASE) - 1);
	return (uint32_t)tslot_rejected(v);
}

/* The slot of every value 0..255 of every item, islot[item * 256 + x]. */
static uint16_t *item_slots(const struct tables *t)
{
	size_t n = t->d->meta.n_items;
	uint16_t *islot = xmalloc((n ? n : 1) * 256 * sizeof(*islot));
	for (size_t i = 0; i < n; i++)
		for (unsigned x = 0; x < 256; x++)
			islot[i * 256 + x] = (uint16_t)item_slot(&t->vars[i], (uint8_t)x);
	return islot;
}

/* Slots of every variable for one respondent's values; with pat (may be
 * NULL), pat[s] = the answer pattern of scale s, sum of (scored value - 1)
 * k^(m - 1 - j) over its items j, or NO_PATTERN when an item is not
 * answered or the scale is undefined.  A scale's score is the one
 * scale_score_values gives, from the same table of scored values. */
static void row_slots(const struct tables *t, const uint16_t *islot, const uint8_t *vals,
		      uint32_t *slot, size_t *pat)
{
	size_t n_items = t->d->meta.n_items;
	for (size_t i = 0; i < n_items; i++)
		slot[i] = islot[i * 256 + vals[i]];
	for (size_t i = n_items; i < t->n_vars; i++) {
		const struct scale_def *sd = t->vars[i].sd;
		uint32_t s = SCORE_MISSING;
		size_t p = NO_PATTERN;
		if (sd->reason == RES_WHY_NONE) {
			int sum = 0, c = 0;
			const uint8_t *scored = sd->scored;
			p = 0;
			for (size_t j = 0; j < sd->m; j++, scored += 256) {
				int x = scored[vals[sd->items[j]]];
				sum += x;
				c += x > 0;
				p = p * (size_t)sd->k + (size_t)x - 1; /* wraps when x is 0: not used then */
			}
			s = scale_score_of(sd, sum, c);
			if ((size_t)c < sd->m)
				p = NO_PATTERN;
		}
		slot[i] = s == SCORE_MISSING ? (uint32_t)tslot_blank(&t->vars[i]) : s;
		if (pat)
			pat[i - n_items] = p;
	}
}

/* ---- leaves: the pass counts each respondent once, in its leaf ---- */

/* A leaf is one (municipality or none, group or none); every cell but a
 * unit's is a union of leaves, so the pass counts a respondent in its leaf
 * (and its unit's cell) only, and fold_leaves adds each leaf into the
 * cells row_cells gives for it. */
static size_t n_leaves(const struct tables *t)
{
	return (t->n_municipalities + 1) * (t->n_groups + 1);
}

static size_t leaf_of(const struct tables *t, const struct tds_row *r)
{
	size_t mu = r->municipality == TDS_NONE ? 0 : (size_t)r->municipality + 1;
	size_t g = r->group == TDS_NONE ? 0 : (size_t)r->group + 1;
	return mu * (t->n_groups + 1) + g;
}

/* The cells of leaf l (as row_cells gives them for its respondents, less
 * the unit). */
static int leaf_cells(const struct tables *t, size_t l, size_t *out)
{
	struct tds_row r;
	memset(&r, 0, sizeof(r));
	size_t mu = l / (t->n_groups + 1), g = l % (t->n_groups + 1);
	r.municipality = mu ? (uint16_t)(mu - 1) : TDS_NONE;
	r.group = g ? (uint16_t)(g - 1) : TDS_NONE;
	r.unit = TDS_NONE;
	return row_cells(t, &r, out);
}

/* Counts by leaf while the pass runs, each (wave or comparison, leaf) a
 * block of its own so that a respondent's counts are near each other:
 * lcounts holds block (wave nl + leaf) of `block` counters, variable var's
 * slots from loff[var] on; ldense block (comp nl + leaf) of `dblock`
 * counters, a dense variable's n_values x n_values pairs from
 * ldense_off[var] on; lresp like tables.respondents and lpairs like
 * tables.keyed_pairs with leaves for cells. */
struct leaf_fill {
	size_t nl;
	uint64_t *lresp, *lpairs;
	uint32_t *lcounts, *ldense; /* a count never exceeds the rows, at most UINT32_MAX */
	size_t block, dblock;
	size_t *loff, *ldense_off;
};

static void leaf_fill_init(struct leaf_fill *lf, const struct tables *t, const size_t *dense_off)
{
	lf->nl = n_leaves(t);
	lf->loff = xmalloc((t->n_vars ? t->n_vars : 1) * sizeof(*lf->loff));
	lf->ldense_off = xmalloc((t->n_vars ? t->n_vars : 1) * sizeof(*lf->ldense_off));
	size_t off = 0, doff = 0;
	for (size_t i = 0; i < t->n_vars; i++) {
		size_t nv = t->vars[i].n_values;
		lf->loff[i] = off;
		off += t->vars[i].n_slots;
		lf->ldense_off[i] = SIZE_MAX;
		if (dense_off[i] != SIZE_MAX) {
			lf->ldense_off[i] = doff;
			doff += nv * nv;
		}
	}
	lf->block = off;
	lf->dblock = doff;
	lf->lcounts = xcalloc(off * t->n_waves * lf->nl + 1, sizeof(*lf->lcounts));
	lf->lresp = xcalloc(t->n_waves * lf->nl, sizeof(*lf->lresp));
	lf->lpairs = xcalloc((t->n_comp ? t->n_comp : 1) * lf->nl, sizeof(*lf->lpairs));
	lf->ldense = xcalloc(doff * t->n_comp * lf->nl + 1, sizeof(*lf->ldense));
}

static void leaf_fill_release(struct leaf_fill *lf)
{
	free(lf->lcounts);
	free(lf->lresp);
	free(lf->lpairs);
	free(lf->ldense);
	free(lf->loff);
	free(lf->ldense_off);
}

/* Add every leaf's counts into its cells. */
static void fold_leaves(struct tables *t, const struct leaf_fill *lf, struct pair_fill *pf)
{
	for (size_t l = 0; l < lf->nl; l++) {
		size_t cells[5];
		int nc = leaf_cells(t, l, cells);
		for (int c = 0; c < nc; c++) {
			size_t cell = cells[c];
			for (size_t w = 0; w < t->n_waves; w++) {
				uint64_t n = lf->lresp[w * lf->nl + l];
				t->respondents[w * t->n_cells + cell] += n;
				if (n)
					t->cells[cell].used = 1;
			}
			for (size_t k = 0; k < t->n_comp; k++)
				t->keyed_pairs[k * t->n_cells + cell] += lf->lpairs[k * lf->nl + l];
			for (size_t i = 0; i < t->n_vars; i++) {
				const struct tvar *v = &t->vars[i];
				for (size_t w = 0; w < t->n_waves; w++) {
					const uint32_t *from = lf->lcounts + (w * lf->nl + l) * lf->block + lf->loff[i];
					uint64_t *to = t->counts + v->off + (w * t->n_cells + cell) * v->n_slots;
					for (size_t s = 0; s < v->n_slots; s++)
						to[s] += from[s];
				}
				if (lf->ldense_off[i] == SIZE_MAX)
					continue;
				size_t nn = v->n_values * v->n_values;
				for (size_t k = 0; k < t->n_comp; k++) {
					const uint32_t *from = lf->ldense + (k * lf->nl + l) * lf->dblock + lf->ldense_off[i];
					uint64_t *to = pf->dense + pf->dense_off[i] + (k * t->n_cells + cell) * nn;
					for (size_t s = 0; s < nn; s++)
						to[s] += from[s];
				}
			}
		}
	}
}

/* One respondent of wave row->wave with slots slot: in its leaf, and in its
 * unit's cell when it has one. */
static void count_row(struct tables *t, struct leaf_fill *lf, const struct tds_row *row,
		      const uint32_t *slot)
{
	size_t l = leaf_of(t, row);
	lf->lresp[row->wave * lf->nl + l]++;
	uint32_t *at = lf->lcounts + (row->wave * lf->nl + l) * lf->block;
	for (size_t i = 0; i < t->n_vars; i++)
		at[lf->loff[i] + slot[i]]++;
	if (row->unit == TDS_NONE)
		return;
	size_t cu = cell_unit(t, row->unit);
	t->respondents[row->wave * t->n_cells + cu]++;
	t->cells[cu].used = 1;
	for (size_t i = 0; i < t->n_vars; i++) {
		const struct tvar *v = &t->vars[i];
		t->counts[v->off + (row->wave * t->n_cells + cu) * v->n_slots + slot[i]]++;
	}
}

/* One pair of comparison comp: the earlier row a (the baseline's or the
 * wave before's) with slots pslot, the later row b with slots slot;
 * counted in the leaf and the unit both rows share. */
static void count_pair(struct tables *t, struct leaf_fill *lf, struct pair_fill *pf, size_t comp,
		       const struct tds_row *a, const struct tds_row *b, const uint32_t *pslot,
		       const uint32_t *slot)
{
	struct tds_row both = *a;
	if (a->group != b->group)
		both.group = TDS_NONE;
	if (a->municipality != b->municipality)
		both.municipality = TDS_NONE;
	if (a->unit != b->unit)
		both.unit = TDS_NONE;
	size_t l = leaf_of(t, &both);
	size_t cells[5];
	int nc = 0;
	lf->lpairs[comp * lf->nl + l]++;
	uint32_t *dense = lf->ldense + (comp * lf->nl + l) * lf->dblock;
	if (both.unit != TDS_NONE)
		t->keyed_pairs[comp * t->n_cells + cell_unit(t, both.unit)]++;
	for (size_t i = 0; i < t->n_vars; i++) {
		size_t nv = t->vars[i].n_values;
		if (pslot[i] >= nv || slot[i] >= nv)
			continue; /* a pair needs an answer in both waves */
		if (lf->ldense_off[i] != SIZE_MAX) {
			dense[lf->ldense_off[i] + pslot[i] * nv + slot[i]]++;
			if (both.unit != TDS_NONE)
				pair_count(pf, t, i, comp, cell_unit(t, both.unit), pslot[i], slot[i]);
			continue;
		}
		if (!nc)
			nc = row_cells(t, &both, cells);
		for (int c = 0; c < nc; c++)
			pair_count(pf, t, i, comp, cells[c], pslot[i], slot[i]);
	}
}

/* The pass reads a partner's row and answers this many rows before it
 * counts the pair, so that the loads of partners, which lie anywhere in
 * the dataset, overlap. */
enum { PARTNER_AHEAD = 16 };

static void prefetch_partner(const struct tds *d, uint32_t p)
{
	if (p == TABLES_NO_PARTNER)
		return;
	size_t n = d->meta.n_items;
	const uint8_t *v = d->values + (size_t)p * n;
	__builtin_prefetch(&d->rows[p]);
	__builtin_prefetch(v);
	if (n)
		__builtin_prefetch(v + n - 1);
}

int tables_build(struct tables *t, const struct tds *d, const struct scale_def *scales,
		 struct progress *progress, struct strbuf *err)
{
	const struct tds_meta *m = &d->meta;
	tables_init(t);
	t->d = d;
	t->n_waves = m->n_waves;
	t->n_comp = tables_n_comp(m->n_waves);
	t->n_groups = m->n_groups;
	t->n_municipalities = m->n_municipalities;
	t->n_units = m->n_units;
	if (!t->n_waves) {
		sb_adds(err, "the dataset declares no waves");
		tables_release(t);
		return TILLID_EDATA;
	}
	make_cells(t);
	if (d->n_rows > UINT32_MAX) {
		sb_addf(err, "the dataset has %zu respondents; tillid counts at most %lu", d->n_rows,
			(unsigned long)UINT32_MAX);
		tables_release(t);
		return TILLID_EDATA;
	}
	if (check_rows(t, err) != TILLID_OK) {
		tables_release(t);
		return TILLID_EDATA;
	}
	make_vars(t, scales);
	make_rel(t);
	t->respondents = xcalloc(t->n_waves * t->n_cells, sizeof(*t->respondents));
	t->keyed_pairs = xcalloc((t->n_comp ? t->n_comp : 1) * t->n_cells, sizeof(*t->keyed_pairs));

	uint32_t *partner = tables_find_partners(t);
	size_t max_m = 1;
	for (size_t s = 0; s < m->n_scales; s++)
		if (scales[s].m > max_m)
			max_m = scales[s].m;
	uint64_t *scored = xmalloc(max_m * sizeof(*scored));
	size_t *pat = xmalloc((m->n_scales ? m->n_scales : 1) * sizeof(*pat));
	uint16_t *islot = item_slots(t);
	uint32_t *slot = xmalloc((t->n_vars ? t->n_vars : 1) * sizeof(*slot));
	uint32_t *pslot = xmalloc((t->n_vars ? t->n_vars : 1) * sizeof(*pslot));
	struct pair_fill pf;
	pair_fill_init(&pf, t);
	struct leaf_fill lf;
	leaf_fill_init(&lf, t, pf.dense_off);
	struct rel_fill rf;
	rel_fill_init(&rf, t);

	for (size_t r = 0; r < d->n_rows; r++) {
		const struct tds_row *row = &d->rows[r];
		const uint8_t *vals = d->values + r * m->n_items;
		if (r + PARTNER_AHEAD < d->n_rows)
			prefetch_partner(d, partner[r + PARTNER_AHEAD]);
		if (!(r & 0xFFFF) && progress && progress_due(progress))
			progress_show(progress, "stats: %zu of %zu rows counted", r, d->n_rows);
		row_slots(t, islot, vals, slot, pat);
		count_row(t, &lf, row, slot);
		add_rel(t, &rf, row, vals, pat, scored);

		if (partner[r] != TABLES_NO_PARTNER) {
			size_t p = partner[r];
			row_slots(t, islot, d->values + p * m->n_items, pslot, NULL);
			count_pair(t, &lf, &pf, tables_comp_of_base(row->wave), &d->rows[p], row, pslot, slot);
		}
		if (t->n_waves >= 3 && partner[d->n_rows + r] != TABLES_NO_PARTNER) {
			size_t p = partner[d->n_rows + r];
			row_slots(t, islot, d->values + p * m->n_items, pslot, NULL);
			count_pair(t, &lf, &pf, tables_comp_of_prev(row->wave), &d->rows[p], row, pslot, slot);
		}
	}
	fold_leaves(t, &lf, &pf);
	rel_unfold(t, &rf);
	rel_fill_release(&rf);
	fold_rel(t);
	leaf_fill_release(&lf);
	pairs_to_tables(t, &pf);
	pair_fill_release(&pf);
	free(partner);
	free(scored);
	free(pat);
	free(islot);
	free(slot);
	free(pslot);
	return TILLID_OK;
}
