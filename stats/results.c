/* results.c: results rows in memory, string interning, and the atomic CSV writer. */
#include "results.h"
#include "core/hashmap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void results_init(struct results *r)
{
	memset(r, 0, sizeof(*r));
}

void results_release(struct results *r)
{
	for (size_t i = 0; i < r->pool.cap; i++)
		free(r->pool.slot[i]);
	free(r->pool.slot);
	free(r->rows);
	results_init(r);
}

static void pool_insert(struct res_pool *p, char *s)
{
	for (size_t i = fnv1a(FNV1A_INIT, s, strlen(s)) & (p->cap - 1);; i = (i + 1) & (p->cap - 1)) {
		if (!p->slot[i]) {
			p->slot[i] = s;
			p->used++;
			return;
		}
	}
}

const char *results_intern(struct results *r, const char *s)
{
	struct res_pool *p = &r->pool;
	if (!s)
		s = "";
	if ((p->used + 1) * 2 > p->cap) {
		char **old = p->slot;
		size_t oldcap = p->cap;
		p->cap = oldcap ? oldcap * 2 : 256;
		p->slot = xcalloc(p->cap, sizeof(*p->slot));
		p->used = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				pool_insert(p, old[i]);
		free(old);
	}
	size_t i;
	for (i = fnv1a(FNV1A_INIT, s, strlen(s)) & (p->cap - 1); p->slot[i]; i = (i + 1) & (p->cap - 1))
		if (!strcmp(p->slot[i], s))
			return p->slot[i];
	p->slot[i] = xstrdup(s);
	p->used++;
	return p->slot[i];
}

/* A non-finite value cannot be written: such a row becomes not applicable. */
static void set_value(struct results *r, struct res_row *row, double value,
		      enum res_status status, const char *note)
{
	if (status == RES_OK && !isfinite(value)) {
		status = RES_NA;
		note = "not finite";
	}
	if (status == RES_SUPPRESSED && (!note || (strcmp(note, res_reason_text(RES_WHY_FEWER)) && strcmp(note, res_reason_text(RES_WHY_COMPLEMENTARY))))) {
		/* any other text could say more about a hidden cell than its kind */
		fprintf(stderr, "tillid: bug: suppressed row without a known reason (\"%s\")\n", note ? note : "");
		abort();
	}
	row->status = status;
	row->value = status == RES_OK ? value : NAN;
	row->note = results_intern(r, status == RES_OK ? "" : note);
}

size_t results_add(struct results *r, const struct res_ctx *ctx, const char *statistic,
		   double value, enum res_status status, const char *note)
{
	ALLOC_GROW(r->rows, r->n + 1, r->alloc);
	struct res_row *row = &r->rows[r->n];
	row->variable = results_intern(r, ctx->variable);
	row->variable_type = results_intern(r, ctx->variable_type);
	row->breakdown = results_intern(r, ctx->breakdown);
	row->breakdown_value = results_intern(r, ctx->breakdown_value);
	row->wave = results_intern(r, ctx->wave);
	row->design = results_intern(r, ctx->design);
	row->statistic = results_intern(r, statistic);
	set_value(r, row, value, status, note);
	return r->n++;
}

size_t results_ok(struct results *r, const struct res_ctx *ctx, const char *statistic, double value)
{
	return results_add(r, ctx, statistic, value, RES_OK, NULL);
}

void results_set(struct results *r, size_t i, double value, enum res_status status, const char *note)
{
	set_value(r, &r->rows[i], value, status, note);
}

int results_write_fp(const struct results *r, FILE *fp)
{
	fputs("variable,variable_type,breakdown,breakdown_value,wave,design,statistic,value,status,note\n",
	      fp);
	for (size_t i = 0; i < r->n; i++) {
		const struct res_row *row = &r->rows[i];
		const char *f[7] = { row->variable, row->variable_type, row->breakdown,
				     row->breakdown_value, row->wave, row->design, row->statistic };
		for (int j = 0; j < 7; j++) {
			csv_put(fp, f[j]);
			fputc(',', fp);
		}
		if (row->status == RES_OK)
			fprintf(fp, "%.17g", row->value == 0 ? 0.0 : row->value);
		fputc(',', fp);
		fputs(res_status_name(row->status), fp);
		fputc(',', fp);
		csv_put(fp, row->note);
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

int results_write(const struct results *r, const char *path, struct strbuf *err)
{
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	if (results_write_fp(r, af.fp) != 0) {
		sb_addf(err, "cannot write '%s'", path);
		af_abort(&af);
		return TILLID_ESYS;
	}
	return af_commit(&af, err);
}
