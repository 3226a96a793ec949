/* report_spec.h: what a study file's [report] section asks of the report: the cover's texts and logo, the breakdowns and optional pages shown, the items with sentences of their own. */
#ifndef TILLID_REPORT_SPEC_H
#define TILLID_REPORT_SPEC_H

#include "util.h"

#include <stddef.h>

/* The breakdowns a report may show ([report] breakdowns), as bits. */
enum report_breakdown {
	REPORT_BD_GROUP = 1u << 0,
	REPORT_BD_MUNICIPALITY = 1u << 1,
	REPORT_BD_UNIT = 1u << 2,
};
#define REPORT_BD_COUNT 3
/* Without a breakdowns key: the groups and the municipalities, where the
 * study has them; units only when asked. */
#define REPORT_BD_DEFAULT (REPORT_BD_GROUP | REPORT_BD_MUNICIPALITY)

/* The optional pages ([report] pages), as bits; the cover, the key
 * findings, the scales' pages and the data page always appear. */
enum report_page {
	REPORT_PAGE_OVERVIEW = 1u << 0,
	REPORT_PAGE_ITEMS = 1u << 1,
	REPORT_PAGE_EFFECTS = 1u << 2,
	REPORT_PAGE_RESPONSE = 1u << 3,
	REPORT_PAGE_METHOD = 1u << 4,
	REPORT_PAGE_TREND = 1u << 5,
};
#define REPORT_PAGE_COUNT 6
#define REPORT_PAGES_ALL ((1u << REPORT_PAGE_COUNT) - 1)

/* The study file's names of the bits, index i naming bit 1 << i:
 * "group", "municipality", "unit"; "overview", "items", "effects",
 * "response", "method", "trend". */
extern const char *const report_breakdown_names[REPORT_BD_COUNT];
extern const char *const report_page_names[REPORT_PAGE_COUNT];

/* A struct report_spec owns its strings; NULL stands for "not given"
 * (the report's default). */
struct report_spec {
	char *title, *title_en;       /* the cover's title */
	char *subtitle, *subtitle_en; /* below it; default the study's name */
	char *organisation;           /* on the cover and as the PDF's author */
	char *logo;                   /* a PNG file for the cover, its path resolved */
	unsigned breakdowns;          /* enum report_breakdown bits */
	unsigned pages;               /* enum report_page bits */
	struct strlist findings;      /* ids of items outside the scales given
					 sentences of their own in the key findings */
};

/* The defaults: no texts, REPORT_BD_DEFAULT, every page, no items. */
void report_spec_init(struct report_spec *r);
/* Free what r owns and leave it as report_spec_init does. */
void report_spec_release(struct report_spec *r);
/* The bit that name has among names[0..n), or 0 when it is none of them. */
unsigned report_spec_bit(const char *name, const char *const *names, size_t n);

#endif
