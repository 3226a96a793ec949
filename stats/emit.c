/* emit.c: the row emitter's shared pieces: where the numerics' messages become notes, and the rows of an estimate with its interval. */
#include "analysis_internal.h"

#include <stdio.h>
#include <stdlib.h>

enum res_reason an_note(int status, const char *reason)
{
	if (status == NUM_OK)
		return RES_WHY_NONE;
	enum res_reason r = RES_WHY_NOT_APPLICABLE;
	if (reason && res_reason_parse(reason, &r) != 0) {
		fprintf(stderr, "tillid: bug: the numerics say \"%s\", which is no note of results.csv\n", reason);
		abort();
	}
	return r;
}

void an_put_estimate(struct emit *e, const enum res_stat s[3], double est, double lo, double hi,
		  enum res_reason why)
{
	an_put(e, s[0], est, why);
	an_put(e, s[1], lo, why);
	an_put(e, s[2], hi, why);
}
