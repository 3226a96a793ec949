/* draft.c: tillid init's draft study file: reads each export, decides the columns' roles, collects items, writes. */
#include "draft.h"
#include "draft_internal.h"

#include <stdlib.h>
#include <string.h>

static void draft_release(struct draft *d)
{
	for (size_t i = 0; i < d->n_sets; i++)
		draft_answer_set_release(&d->sets[i]);
	free(d->sets);
	for (size_t i = 0; i < d->n_items; i++) {
		free(d->items[i].id);
		free(d->items[i].header);
		free(d->items[i].text);
		free(d->items[i].in_wave);
		free(d->items[i].differs);
	}
	free(d->items);
	sl_release(&d->used_item_ids);
	sl_release(&d->used_answer_ids);
	sl_release(&d->used_group_ids);
	sl_release(&d->skipped);
}

/* The waves' ids: foer and efter for two exports, foer for one, w1, w2, ... else. */
static char *wave_id(size_t n, size_t w)
{
	if (n == 2)
		return xstrdup(w == 0 ? "foer" : "efter");
	return n == 1 ? xstrdup("foer") : xasprintf("w%zu", w + 1);
}

int draft_build(struct strbuf *out, const char *draft_dir, char *const *exports, size_t n,
		struct strbuf *err)
{
	struct draft d;
	memset(&d, 0, sizeof(d));
	d.draft_dir = draft_dir;
	d.x = xcalloc(n ? n : 1, sizeof(*d.x));
	d.n_x = n;
	int rc = TILLID_OK;
	size_t started = 0;
	for (size_t w = 0; w < n && rc == TILLID_OK; w++) {
		struct export *x = &d.x[w];
		draft_export_init(x, wave_id(n, w));
		started++;
		rc = draft_export_read(x, exports[w], err);
		if (rc == TILLID_OK)
			draft_decide_roles(x);
	}
	if (rc == TILLID_OK) {
		draft_choose_key(d.x, n);
		for (size_t w = 0; w < n; w++)
			draft_add_items(&d, w);
		draft_name_answer_sets(&d);
		draft_emit(&d, out);
	}
	for (size_t w = 0; w < started; w++)
		draft_export_release(&d.x[w]);
	free(d.x);
	draft_release(&d);
	return rc;
}
