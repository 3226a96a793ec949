/* suppress.c: primary and complementary suppression of the cells of the count tables, family by family. */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

struct family {
	size_t parent;
	size_t first, count, stride; /* children: first + i * stride, i < count */
	const size_t *list;          /* or an explicit list (units) */
};

static size_t family_child(const struct family *f, size_t i)
{
	return f->list ? f->list[i] : f->first + i * f->stride;
}

/* Children of f with answers that are suppressed. */
static size_t family_hidden(const struct family *f, const uint64_t *n, const unsigned char *sup)
{
	size_t h = 0;
	for (size_t i = 0; i < f->count; i++) {
		size_t c = family_child(f, i);
		h += sup[c] && n[c] > 0;
	}
	return h;
}

/* May a child be suppressed without leaving a new lone hidden cell in its
 * other family (other: the family besides the one being mended that the
 * child belongs to, or NULL)?  Yes when there is no such family, its
 * parent is suppressed, or it already hides a child with answers. */
static int harmless_elsewhere(const struct family *other, const uint64_t *n, const unsigned char *sup)
{
	return !other || sup[other->parent] || family_hidden(other, n, sup) > 0;
}

/* Suppress cells of family fam[i] until nothing hidden in it can be
 * recovered by subtraction (the rules: tables_suppress); in_fam[2 c] and
 * in_fam[2 c + 1] are the families cell c is a child of (SIZE_MAX: none).
 * Returns 1 when it suppressed a cell. */
static int apply_family(const struct family *fam, size_t i, const size_t *in_fam, const uint64_t *n,
			uint64_t min, unsigned char *sup)
{
	const struct family *f = &fam[i];
	if (!f->count)
		return 0;
	int changed = 0;
	for (;;) {
		uint64_t shown = 0, all = 0, small = 0, comp = 0;
		size_t hidden = 0, pick = SIZE_MAX, pick_any = SIZE_MAX;
		for (size_t k = 0; k < f->count; k++) {
			size_t c = family_child(f, k);
			all += n[c];
			if (sup[c]) {
				hidden += n[c] > 0;
				if (sup[c] == SUP_COMPLEMENTARY)
					comp++;
				else
					small += n[c];
				continue;
			}
			shown += n[c];
			if (!n[c])
				continue;
			if (pick_any == SIZE_MAX || n[c] < n[pick_any])
				pick_any = c;
			size_t o = in_fam[2 * c] == i ? in_fam[2 * c + 1] : in_fam[2 * c];
			if ((pick == SIZE_MAX || n[c] < n[pick]) &&
			    harmless_elsewhere(o == SIZE_MAX ? NULL : &fam[o], n, sup))
				pick = c;
		}
		if (pick == SIZE_MAX)
			pick = pick_any;
		uint64_t unassigned = n[f->parent] > all ? n[f->parent] - all : 0;
		int need;
		if (sup[f->parent]) {
			/* a hidden parent is the sum of its children when none of them
			 * is hidden */
			need = n[f->parent] > 0 && !hidden && !unassigned;
		} else {
			/* R, the residual, holds the hidden children and the rows in no
			 * child.  Each complementary child is known to hold at least min
			 * of it, so the small part (primary children and rows in no
			 * child) is known to be at most R - comp min; each primary child
			 * is known to hold at most min - 1. */
			uint64_t resid = n[f->parent] > shown ? n[f->parent] - shown : 0;
			uint64_t open = resid > comp * min ? resid - comp * min : 0;
			small += unassigned;
			need = (small > 0 && (resid < min || open + 1 < min)) || (hidden == 1 && !unassigned);
		}
		if (!need)
			return changed;
		if (pick == SIZE_MAX) {
			if (sup[f->parent])
				return changed;
			/* every child with answers is hidden: the parent goes too (it
			 * has at least min answers) */
			sup[f->parent] = SUP_COMPLEMENTARY;
			return 1;
		}
		sup[pick] = SUP_COMPLEMENTARY;
		changed = 1;
	}
}

/* The families of t's cells (docs/statistics.md, "Suppression"): every
 * parent with the cells that partition it, and the (at most two) families
 * each cell is a child of. */
struct sup_families {
	struct family *fam;
	size_t n;
	size_t *in_fam; /* [2 cell], [2 cell + 1]: SIZE_MAX for none */
	size_t *ulist, *ustart;
};

static void families_build(struct sup_families *sf, const struct tables *t)
{
	const struct tds_meta *m = &t->d->meta;
	/* Units per municipality (index n_municipalities: units without one). */
	size_t nm = t->n_municipalities;
	size_t *ulist = xmalloc((t->n_units ? t->n_units : 1) * sizeof(*ulist));
	size_t *ustart = xcalloc(nm + 2, sizeof(*ustart));
	for (size_t u = 0; u < t->n_units; u++) {
		uint16_t mu = m->units[u].municipality;
		ustart[(mu == TDS_NONE ? nm : mu) + 1]++;
	}
	for (size_t k = 0; k <= nm; k++)
		ustart[k + 1] += ustart[k];
	size_t *fill = xmalloc((nm + 1) * sizeof(*fill));
	memcpy(fill, ustart, (nm + 1) * sizeof(*fill));
	for (size_t u = 0; u < t->n_units; u++) {
		uint16_t mu = m->units[u].municipality;
		ulist[fill[mu == TDS_NONE ? nm : mu]++] = cell_unit(t, u);
	}
	free(fill);

	size_t nf = 2 + 2 * nm + t->n_groups + 1;
	struct family *fam = xcalloc(nf, sizeof(*fam));
	size_t f = 0;
	fam[f++] = (struct family){ cell_all(t), cell_group(t, 0), t->n_groups, 1, NULL };
	fam[f++] = (struct family){ cell_all(t), cell_municipality(t, 0), nm, 1, NULL };
	for (size_t k = 0; k < nm; k++) {
		fam[f++] = (struct family){ cell_municipality(t, k), cell_municipality_group(t, k, 0),
					    t->n_groups, 1, NULL };
		fam[f++] = (struct family){ cell_municipality(t, k), 0, ustart[k + 1] - ustart[k], 0,
					    ulist + ustart[k] };
	}
	for (size_t g = 0; g < t->n_groups; g++)
		fam[f++] = (struct family){ cell_group(t, g), cell_municipality_group(t, 0, g), nm,
					    t->n_groups, NULL };
	fam[f++] = (struct family){ cell_all(t), 0, ustart[nm + 1] - ustart[nm], 0, ulist + ustart[nm] };

	/* The families each cell is a child of: two for a municipality x
	 * group cell (its municipality's and its group's), else at most one. */
	size_t *in_fam = xmalloc(2 * t->n_cells * sizeof(*in_fam));
	for (size_t c = 0; c < 2 * t->n_cells; c++)
		in_fam[c] = SIZE_MAX;
	for (size_t i = 0; i < f; i++)
		for (size_t k = 0; k < fam[i].count; k++) {
			size_t c = family_child(&fam[i], k);
			in_fam[2 * c + (in_fam[2 * c] != SIZE_MAX)] = i;
		}
	*sf = (struct sup_families){ fam, f, in_fam, ulist, ustart };
}

static void families_release(struct sup_families *sf)
{
	free(sf->in_fam);
	free(sf->fam);
	free(sf->ulist);
	free(sf->ustart);
}

/* The cheapest rectangle for each small municipality x group cell (the
 * hypercube method of tau-ARGUS, Repsilber 2002; Hundepool et al. 2012,
 * sec. 4.4.3): three more cells (X, g), (k, Y) and (X, Y), so that every
 * margin of the table stays published and the small cell's value can move
 * around the rectangle.  Cost, compared in this order: the answers of the
 * cells newly hidden that prefer does not mark (a cell hidden at another
 * wave has lost its changes already), then the answers of all cells newly
 * hidden; so a small neighbour is hidden before a large group's whole wave,
 * and both waves hide the same rectangle.  Cells hidden already cost
 * nothing, so rectangles share corners.  Ties go to the first in table
 * order.  The family rule then checks every family. */
static void protect_rectangles(const struct tables *t, const uint64_t *n, const unsigned char *prefer,
			       unsigned char *sup)
{
	size_t nm = t->n_municipalities, ng = t->n_groups;
	for (size_t k = 0; k < nm; k++)
		for (size_t g = 0; g < ng; g++) {
			size_t p = cell_municipality_group(t, k, g);
			if (sup[p] != SUP_PRIMARY || !n[p])
				continue;
			uint64_t best = UINT64_MAX, best2 = UINT64_MAX;
			size_t bx = SIZE_MAX, by = SIZE_MAX;
			for (size_t x = 0; x < nm; x++)
				for (size_t y = 0; y < ng; y++) {
					if (x == k || y == g)
						continue;
					size_t corner[3] = { cell_municipality_group(t, x, g),
							     cell_municipality_group(t, k, y),
							     cell_municipality_group(t, x, y) };
					uint64_t cost = 0, cost2 = 0;
					int ok = 1;
					for (int j = 0; j < 3; j++) {
						size_t q = corner[j];
						ok &= n[q] > 0; /* an empty cell cannot give */
						cost += sup[q] || (prefer && prefer[q]) ? 0 : n[q];
						cost2 += sup[q] ? 0 : n[q];
					}
					if (ok && (cost < best || (cost == best && cost2 < best2)))
						best = cost, best2 = cost2, bx = x, by = y;
				}
			if (bx == SIZE_MAX)
				continue; /* no rectangle: the family rule hides margins */
			size_t corner[3] = { cell_municipality_group(t, bx, g), cell_municipality_group(t, k, by),
					     cell_municipality_group(t, bx, by) };
			for (int j = 0; j < 3; j++)
				if (!sup[corner[j]])
					sup[corner[j]] = SUP_COMPLEMENTARY;
		}
}

void tables_suppress_forced(const struct tables *t, const uint64_t *n, uint64_t min, const unsigned char *force,
			    unsigned char *sup)
{
	tables_suppress_prefer(t, n, min, force, NULL, sup);
}

void tables_suppress_prefer(const struct tables *t, const uint64_t *n, uint64_t min, const unsigned char *force,
			    const unsigned char *prefer, unsigned char *sup)
{
	for (size_t c = 0; c < t->n_cells; c++)
		sup[c] = n[c] < min ? SUP_PRIMARY : force && force[c] ? SUP_COMPLEMENTARY : SUP_SHOWN;
	protect_rectangles(t, n, prefer, sup);
	struct sup_families sf;
	families_build(&sf, t);
	int changed;
	do {
		changed = 0;
		for (size_t i = 0; i < sf.n; i++)
			changed |= apply_family(sf.fam, i, sf.in_fam, n, min, sup);
	} while (changed);
	families_release(&sf);
}

void tables_suppress(const struct tables *t, const uint64_t *n, uint64_t min, unsigned char *sup)
{
	tables_suppress_forced(t, n, min, NULL, sup);
}

int tables_protect(const struct tables *t, const uint64_t *n, const unsigned char *sup, size_t cell,
		   unsigned char *force)
{
	struct sup_families sf;
	families_build(&sf, t);
	size_t pick = SIZE_MAX, parent = SIZE_MAX;
	for (int j = 0; j < 2; j++) {
		size_t fi = sf.in_fam[2 * cell + (size_t)j];
		if (fi == SIZE_MAX)
			continue;
		const struct family *f = &sf.fam[fi];
		for (size_t k = 0; k < f->count; k++) {
			size_t c = family_child(f, k);
			if (c != cell && !sup[c] && !force[c] && n[c] > 0 && (pick == SIZE_MAX || n[c] < n[pick]))
				pick = c;
		}
		if (parent == SIZE_MAX && !sup[f->parent] && !force[f->parent])
			parent = f->parent;
	}
	/* a hidden parent: protect it within its own families */
	if (pick == SIZE_MAX && parent == SIZE_MAX && cell != cell_all(t))
		for (size_t i = 0; i < sf.n && pick == SIZE_MAX; i++) {
			const struct family *f = &sf.fam[i];
			if (f->parent != cell)
				continue;
			for (size_t k = 0; k < f->count; k++) {
				size_t c = family_child(f, k);
				if (!sup[c] && !force[c] && n[c] > 0 && (pick == SIZE_MAX || n[c] < n[pick]))
					pick = c;
			}
		}
	size_t up = sf.in_fam[2 * cell] == SIZE_MAX ? SIZE_MAX : sf.fam[sf.in_fam[2 * cell]].parent;
	families_release(&sf);
	if (pick == SIZE_MAX)
		pick = parent;
	/* every sibling and the parent hidden: protect the parent in turn */
	if (pick == SIZE_MAX && up != SIZE_MAX)
		return tables_protect(t, n, sup, up, force);
	if (pick == SIZE_MAX)
		return 0;
	force[pick] = 1;
	return 1;
}
