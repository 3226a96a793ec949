/* results.c: results rows in memory, string interning, and the atomic CSV writer. */
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void results_init(struct results *r)
{
	memset(r, 0, sizeof(*r));
	hashmap_init(&r->pool);
}

void results_release(struct results *r)
{
	hashmap_release(&r->pool);
	free(r->rows);
	results_init(r);
}

const char *results_intern(struct results *r, const char *s)
{
	return hashmap_intern(&r->pool, s ? s : "");
}

/* A bug in the caller: say which and stop. */
static void bad_row(const char *what, enum res_stat s, int index)
{
	char name[64];
	fprintf(stderr, "tillid: bug: %s (statistic %s)\n", what,
		res_stat_format(s, index, name, sizeof(name)));
	abort();
}

/* A non-finite value cannot be written: such a row becomes not applicable. */
static void set_value(struct res_row *row, double value, enum res_status status, enum res_reason note)
{
	if (status == RES_OK && !isfinite(value)) {
		status = RES_NA;
		note = RES_WHY_NOT_FINITE;
	}
	/* any other note could say more about a hidden cell than its kind */
	if (status == RES_SUPPRESSED && !res_reason_is_suppression(note))
		bad_row("suppressed row without a suppression reason", row->statistic, row->index);
	if ((unsigned)note >= RES_WHY_COUNT)
		bad_row("row with an unknown reason", row->statistic, row->index);
	row->status = status;
	row->value = status == RES_OK ? value : NAN;
	row->note = status == RES_OK ? RES_WHY_NONE : note;
}

void results_ctx_intern(struct results *r, struct res_ctx *ctx)
{
	ctx->variable = results_intern(r, ctx->variable);
	ctx->variable_type = results_intern(r, ctx->variable_type);
	ctx->breakdown = results_intern(r, ctx->breakdown);
	ctx->breakdown_value = results_intern(r, ctx->breakdown_value);
	ctx->wave = results_intern(r, ctx->wave);
	ctx->design = results_intern(r, ctx->design);
}

size_t results_add(struct results *r, const struct res_ctx *ctx, enum res_stat s, int index,
		   double value, enum res_status status, enum res_reason note)
{
	if ((unsigned)s >= RS_N_STATISTICS || (res_stat_indexed(s) && index < 1))
		bad_row("no such statistic, or an indexed one without its index", s, index);
	ALLOC_GROW(r->rows, r->n + 1, r->alloc);
	struct res_row *row = &r->rows[r->n];
	row->variable = ctx->variable;
	row->variable_type = ctx->variable_type;
	row->breakdown = ctx->breakdown;
	row->breakdown_value = ctx->breakdown_value;
	row->wave = ctx->wave;
	row->design = ctx->design;
	row->statistic = s;
	row->index = res_stat_indexed(s) ? index : 0;
	set_value(row, value, status, note);
	return r->n++;
}

size_t results_ok(struct results *r, const struct res_ctx *ctx, enum res_stat s, int index,
		  double value)
{
	return results_add(r, ctx, s, index, value, RES_OK, RES_WHY_NONE);
}

void results_add_dataset(struct results *r, const char *sha256, int format_version)
{
	struct res_ctx ctx = { "*", "", res_breakdown_name(RES_BD_DATASET), sha256, "", "" };
	results_ctx_intern(r, &ctx);
	results_ok(r, &ctx, RS_DATASET_FORMAT, 0, (double)format_version);
}

void results_set(struct results *r, size_t i, double value, enum res_status status,
		 enum res_reason note)
{
	set_value(&r->rows[i], value, status, note);
}

int results_write_fp(const struct results *r, FILE *fp)
{
	fputs(RES_HEADER_LINE "\n", fp);
	char name[64], num[FORMAT_DOUBLE_MAX];
	for (size_t i = 0; i < r->n; i++) {
		const struct res_row *row = &r->rows[i];
		const char *f[7] = { row->variable, row->variable_type, row->breakdown,
				     row->breakdown_value, row->wave, row->design,
				     res_stat_format(row->statistic, row->index, name, sizeof(name)) };
		for (int j = 0; j < 7; j++) {
			csv_put(fp, f[j]);
			fputc(',', fp);
		}
		if (row->status == RES_OK)
			fputs(format_double(row->value, num), fp);
		fputc(',', fp);
		fputs(res_status_name(row->status), fp);
		fputc(',', fp);
		csv_put(fp, res_reason_text(row->note));
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
