/* testutil.h: what the cmocka tests share: comparisons that print both sides, a scratch directory, whole files, metadata builders. */
#ifndef TILLID_TESTUTIL_H
#define TILLID_TESTUTIL_H

#include <stddef.h>

#include "core/dataset.h"

/* Fails the current test unless got and want agree: |got - want| <= abs,
 * or <= rel |want|.  Both NaN, or equal infinities, agree.  cmocka's
 * assert_float_equal casts to float, hence this. */
void check_close(double got, double want, double rel, double abs, const char *expr,
		 const char *file, int line);

/* Relative tolerance only. */
#define assert_close(got, want, rel) \
	check_close((got), (want), (rel), 0, #got, __FILE__, __LINE__)
/* Relative or absolute tolerance, whichever is looser. */
#define assert_close_abs(got, want, rel, abs) \
	check_close((got), (want), (rel), (abs), #got, __FILE__, __LINE__)

/* Fails the current test unless the string got is want; frees got, which
 * the caller hands over (a function's newly allocated result). */
void check_text(char *got, const char *want, const char *file, int line);

#define assert_text(got, want) check_text((got), (want), __FILE__, __LINE__)

/* The scratch directory of a group of tests: tmpdir_setup makes a fresh
 * directory /tmp/tillid-test-XXXXXX and names it in test_tmpdir;
 * tmpdir_teardown removes it with all it holds.  They are cmocka group
 * fixtures (state is not used) and return 0, or -1 when the directory
 * cannot be made or removed. */
extern char test_tmpdir[];
int tmpdir_setup(void **state);
int tmpdir_teardown(void **state);

/* Removes the directory dir with all it holds; returns 0, or -1 when it
 * cannot. */
int remove_tree(const char *dir);

/* The whole file at path, NUL-terminated, with its length (without the
 * NUL) in *len unless len is NULL; the caller frees it.  Fails the test
 * when the file cannot be read. */
char *slurp_file(const char *path, size_t *len);

/* Writes text to path, replacing what was there; fails the test when it
 * cannot. */
void write_text(const char *path, const char *text);
/* Writes the n bytes at p to path, the same way. */
void write_bytes(const char *path, const void *p, size_t n);

/* Do the n bytes at hay hold the bytes of the string needle? */
int mem_contains(const char *hay, size_t n, const char *needle);

/* A heap copy of the n strings v[0..n), each its own allocation, in an
 * array of at least one slot; strv_free (core/util.h) frees it, and so
 * does tds_meta_release where it is part of a tds_meta. */
char **strv_dup(size_t n, const char *const *v);

/* Sets a to the answer scale id of k points labelled point_da[0..k) and
 * point_en[0..k), with the n_nonsubst non-substantive answers
 * nonsubst_da[0..n_nonsubst) and nonsubst_en[0..n_nonsubst); every string
 * is copied, and tds_meta_release frees them with the metadata that
 * holds a. */
void answers_set(struct tds_answers *a, const char *id, int k, const char *const *point_da,
		 const char *const *point_en, int n_nonsubst, const char *const *nonsubst_da,
		 const char *const *nonsubst_en);

/* Sets the study-wide fields of m: the study's name, its study file and
 * that file's SHA-256, the date the data describe, the tillid version
 * that wrote it and the minimum group size; the strings are copied, and
 * tds_meta_release frees them. */
void meta_study_set(struct tds_meta *m, const char *name, const char *file, const char *sha256,
		    const char *data_date, const char *version, int min_group_size);

/* The one non-substantive answer most test scales have: "Ved ikke" and
 * "Don't know", for answers_set. */
extern const char *const dont_know_da[1], *const dont_know_en[1];

#endif
