/* testutil.c: what the cmocka tests share: comparisons that print both sides, a scratch directory, whole files, metadata builders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

void check_close(double got, double want, double rel, double abs, const char *expr,
		 const char *file, int line)
{
	if (isnan(got) && isnan(want))
		return;
	if (isinf(want) || isinf(got)) {
		if (got == want)
			return;
	} else if (!isnan(got) && !isnan(want)) {
		double err = fabs(got - want);
		if (err <= abs || err <= rel * fabs(want))
			return;
	}
	print_error("%s = %.17g, want %.17g (abs err %.3g, rel err %.3g; tolerance rel %.3g abs %.3g)\n",
		    expr, got, want, fabs(got - want),
		    want != 0 ? fabs(got - want) / fabs(want) : INFINITY, rel, abs);
	_fail(file, line);
}

void check_text(char *got, const char *want, const char *file, int line)
{
	if (got && !strcmp(got, want)) {
		free(got);
		return;
	}
	print_error("\"%s\" != \"%s\"\n", got ? got : "(null)", want);
	free(got);
	_fail(file, line);
}

char test_tmpdir[64];

int tmpdir_setup(void **state)
{
	(void)state;
	strcpy(test_tmpdir, "/tmp/tillid-test-XXXXXX");
	return mkdtemp(test_tmpdir) ? 0 : -1;
}

int tmpdir_teardown(void **state)
{
	(void)state;
	return remove_tree(test_tmpdir);
}

int remove_tree(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc ? -1 : 0;
}

char *slurp_file(const char *path, size_t *len)
{
	char *data = NULL;
	size_t n;
	struct strbuf err = STRBUF_INIT;
	if (read_file(path, &data, &n, &err) != TILLID_OK)
		fail_msg("%s", err.buf);
	sb_release(&err);
	if (len)
		*len = n;
	return data;
}

void write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write '%s'", path);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write '%s'", path);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

int mem_contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

char **strv_dup(size_t n, const char *const *v)
{
	char **copy = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		copy[i] = xstrdup(v[i]);
	return copy;
}

void answers_set(struct tds_answers *a, const char *id, int k, const char *const *point_da,
		 const char *const *point_en, int n_nonsubst, const char *const *nonsubst_da,
		 const char *const *nonsubst_en)
{
	a->id = xstrdup(id);
	a->k = k;
	a->point_da = strv_dup((size_t)k, point_da);
	a->point_en = strv_dup((size_t)k, point_en);
	a->n_nonsubst = n_nonsubst;
	a->nonsubst_da = strv_dup((size_t)n_nonsubst, nonsubst_da);
	a->nonsubst_en = strv_dup((size_t)n_nonsubst, nonsubst_en);
}

void meta_study_set(struct tds_meta *m, const char *name, const char *file, const char *sha256,
		    const char *data_date, const char *version, int min_group_size)
{
	m->study_name = xstrdup(name);
	m->study_file = xstrdup(file);
	m->study_sha256 = xstrdup(sha256);
	m->data_date = xstrdup(data_date);
	m->tillid_version = xstrdup(version);
	m->min_group_size = min_group_size;
}

const char *const dont_know_da[1] = { "Ved ikke" }, *const dont_know_en[1] = { "Don't know" };
