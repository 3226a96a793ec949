/* report_spec.c: the [report] choices of a study file: their names and their defaults. */
#include "report_spec.h"

#include <stdlib.h>
#include <string.h>

const char *const report_breakdown_names[REPORT_BD_COUNT] = { "group", "municipality", "unit" };
const char *const report_page_names[REPORT_PAGE_COUNT] = { "overview", "items", "effects",
							   "response", "method", "trend" };

void report_spec_init(struct report_spec *r)
{
	memset(r, 0, sizeof(*r));
	r->breakdowns = REPORT_BD_DEFAULT;
	r->pages = REPORT_PAGES_ALL;
}

void report_spec_release(struct report_spec *r)
{
	free(r->title);
	free(r->title_en);
	free(r->subtitle);
	free(r->subtitle_en);
	free(r->organisation);
	free(r->logo);
	sl_release(&r->findings);
	report_spec_init(r);
}

unsigned report_spec_bit(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return 1u << i;
	return 0;
}
