/* testutil.h: double comparisons for cmocka tests that print both values on failure. */
#ifndef TILLID_TESTUTIL_H
#define TILLID_TESTUTIL_H

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

#endif
