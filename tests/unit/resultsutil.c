/* resultsutil.c: rows of the results by key, an analysis run and the rows as CSV, for the tests of the statistics stage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "resultsutil.h"
#include "pipeline/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *rows_stat_name(const struct res_row *x)
{
	static char name[64];
	return res_stat_format(x->statistic, x->index, name, sizeof(name));
}

const struct res_row *rows_find_at(const struct results *r, const char *var, const char *bd, const char *bv,
				   const char *wave, const char *design, enum res_stat stat, int i)
{
	for (size_t k = 0; k < r->n; k++) {
		const struct res_row *x = &r->rows[k];
		if (!strcmp(x->variable, var) && !strcmp(x->breakdown, bd) && !strcmp(x->breakdown_value, bv) &&
		    !strcmp(x->wave, wave) && !strcmp(x->design, design) && x->statistic == stat &&
		    x->index == (res_stat_indexed(stat) ? i : 0))
			return x;
	}
	char name[64];
	print_error("no row %s %s %s %s %s %s\n", var, bd, bv, wave, design,
		    res_stat_format(stat, i, name, sizeof(name)));
	fail();
	return NULL;
}

const struct res_row *rows_find(const struct results *r, const char *var, const char *bd, const char *bv,
				const char *wave, const char *design, enum res_stat stat)
{
	return rows_find_at(r, var, bd, bv, wave, design, stat, 0);
}

double rows_val_at(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		   const char *design, enum res_stat stat, int i)
{
	const struct res_row *x = rows_find_at(r, var, bd, bv, wave, design, stat, i);
	if (x->status != RES_OK)
		print_error("%s %s %s %s: status %s (%s)\n", var, wave, design, rows_stat_name(x),
			    res_status_name(x->status), res_reason_text(x->note));
	assert_int_equal(x->status, RES_OK);
	return x->value;
}

double rows_val(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		const char *design, enum res_stat stat)
{
	return rows_val_at(r, var, bd, bv, wave, design, stat, 0);
}

void rows_expect_na(const struct results *r, const char *var, const char *bd, const char *bv, const char *wave,
		    const char *design, enum res_stat stat, enum res_reason why)
{
	const struct res_row *x = rows_find(r, var, bd, bv, wave, design, stat);
	assert_int_equal(x->status, RES_NA);
	if (x->note != why)
		print_error("%s %s %s %s: note '%s', expected '%s'\n", var, wave, design, rows_stat_name(x),
			    res_reason_text(x->note), res_reason_text(why));
	assert_int_equal(x->note, why);
}

void rows_analyse(const struct tds *d, const struct stats_options *o, struct results *r)
{
	struct stats_options defaults;
	struct strbuf err = STRBUF_INIT;
	if (!o) {
		stats_options_init(&defaults);
		o = &defaults;
	}
	results_init(r);
	assert_int_equal(analysis_run(d, o, r, &err), TILLID_OK);
	sb_release(&err);
}

void rows_analyse_study(const char *ini, unsigned resamples, struct results *r)
{
	char dir[] = "/tmp/tillid-sample-XXXXXX";
	assert_non_null(mkdtemp(dir));
	FILE *devnull = fopen("/dev/null", "w");
	assert_non_null(devnull);
	struct ingest_options io = INGEST_OPTIONS_INIT;
	io.out_dir = dir;
	io.quiet = 1;
	io.log = devnull;
	io.out = devnull;
	assert_int_equal(ingest_study(ini, &io), TILLID_OK);
	fclose(devnull);
	char *tds_path = path_join(dir, "clean.tds");
	struct tds d;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(tds_read(&d, tds_path, &err), TILLID_OK);
	struct stats_options o;
	stats_options_init(&o);
	o.resamples = resamples;
	rows_analyse(&d, &o, r);
	tds_release(&d);
	sb_release(&err);
	free(tds_path);
	static const char *const outputs[] = { "clean.tds", "clean.csv", "ingest.txt", "ingest.json" };
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		char *p = path_join(dir, outputs[i]);
		unlink(p);
		free(p);
	}
	assert_int_equal(rmdir(dir), 0);
}

char *rows_render(const struct results *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(results_write_fp(r, fp), 0);
	fclose(fp);
	return buf;
}

