/* draft_items.c: the draft's items across waves, with their answer sets and ids. */
#include "draft_internal.h"
#include "ini_write.h"

#include <stdlib.h>
#include <string.h>

/* The answer set with signature sig, -1 when there is none yet. */
static long find_set(const struct draft *d, const char *sig)
{
	for (size_t i = 0; i < d->n_sets; i++)
		if (strcmp(d->sets[i].sig, sig) == 0)
			return (long)i;
	return -1;
}

/* A new item id for a column headed header: the header itself when it is
 * a valid id, else one made from it; never a [columns] key. */
static char *item_id_for(struct draft *d, const char *header)
{
	char *base = draft_make_id(header, 32);
	if (strlen(base) == 32 && strrchr(base, '_') && strrchr(base, '_') - base >= 12)
		*strrchr(base, '_') = '\0'; /* end at a whole word */
	if (!*base) {
		free(base);
		base = xasprintf("q%zu", d->n_items + 1);
	} else if ((base[0] >= '0' && base[0] <= '9') || study_is_role_name(base)) {
		char *b = xasprintf("q_%s", base);
		free(base);
		base = b;
	}
	/* a header that is already a valid id keeps its spelling */
	if (strlen(header) <= 32 && study_valid_id(header) && !study_is_role_name(header)) {
		free(base);
		base = xstrdup(header);
	}
	char *id = draft_unique_id(&d->used_item_ids, base);
	free(base);
	return id;
}

/* Is header the group, municipality, unit or key column of any wave? An
 * item reading it would read that column twice in the wave where it has
 * the role, which the study file forbids. */
static int role_anywhere(const struct draft *d, const char *header)
{
	for (size_t w = 0; w < d->n_x; w++)
		for (int k = 0; k < STUDY_N_ROLES; k++) {
			long i = d->x[w].role_col[k];
			if (i >= 0 && !strcmp(d->x[w].col[i].header, header))
				return 1;
		}
	return 0;
}

void draft_add_items(struct draft *d, size_t w)
{
	struct export *x = &d->x[w];
	for (size_t i = 0; i < x->n_col; i++) {
		struct column *c = &x->col[i];
		if (c->role != ROLE_OTHER)
			continue;
		if (x->sx ? !draft_is_closed_single(c) || !c->var->n_labels : c->many || !c->n_values)
			continue;
		if (role_anywhere(d, c->header)) {
			sl_push_owned(&d->skipped, xasprintf("%s: it is the group, municipality, unit or "
							     "key column of another wave", c->header));
			continue;
		}

		struct answer_set a;
		memset(&a, 0, sizeof(a));
		const char *why = x->sx ? draft_sx_answers(c->var, &a) : draft_csv_answers(c, &a);
		if (!why && (!*c->header || !ini_kv_fits("column.x", c->header)))
			why = "its header cannot be written in a study file";
		if (why) {
			sl_push_owned(&d->skipped, xasprintf("%s: %s", c->header, why));
			draft_answer_set_release(&a);
			continue;
		}
		draft_answer_set_sign(&a);
		c->role = ROLE_ITEM;

		size_t it;
		for (it = 0; it < d->n_items; it++)
			if (strcmp(d->items[it].header, c->header) == 0)
				break;
		long s = find_set(d, a.sig);
		if (it < d->n_items) {
			/* the same question in a later wave */
			struct ditem *di = &d->items[it];
			di->in_wave[w] = 1;
			if (s != (long)di->answers && !di->differs)
				di->differs = xstrdup(x->wave_id);
			draft_answer_set_release(&a);
			continue;
		}
		if (s < 0) {
			ALLOC_GROW(d->sets, d->n_sets + 1, d->alloc_sets);
			d->sets[d->n_sets] = a;
			s = (long)d->n_sets++;
		} else {
			draft_answer_set_release(&a);
		}
		ALLOC_GROW(d->items, d->n_items + 1, d->alloc_items);
		struct ditem *di = &d->items[d->n_items];
		memset(di, 0, sizeof(*di));
		di->header = xstrdup(c->header);
		di->id = item_id_for(d, c->header);
		const char *t = draft_column_text(c) ? draft_column_text(c) : c->header;
		di->text = draft_clean_text(t);
		di->answers = (size_t)s;
		di->in_wave = xcalloc(d->n_x, 1);
		di->in_wave[w] = 1;
		di->col = c;
		di->sx = x->sx;
		d->n_items++;
		struct answer_set *as = &d->sets[s];
		if (!as->n_items++)
			as->first_item = xstrdup(di->id);
	}
}

void draft_name_answer_sets(struct draft *d)
{
	for (size_t i = 0; i < d->n_sets; i++) {
		struct answer_set *a = &d->sets[i];
		char *base;
		if (!strcmp(a->id_base, "svar"))
			base = xasprintf("svar_%s", a->first_item);
		else if (!strcmp(a->id_base, "koder"))
			base = xasprintf("koder%d", a->k);
		else
			base = xstrdup(a->id_base);
		a->id = draft_unique_id(&d->used_answer_ids, base);
		free(base);
	}
}
