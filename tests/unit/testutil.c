/* testutil.c: double comparisons for cmocka tests that print both values on failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

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
