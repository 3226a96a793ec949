/* defaults.h: the defaults and fixed values every stage agrees on, each defined once. */
#ifndef TILLID_DEFAULTS_H
#define TILLID_DEFAULTS_H

/* The minimum group size when the study file sets none: no number is
 * published for fewer answers, pairs or respondents (docs/statistics.md). */
#define TILLID_MIN_GROUP_SIZE_DEFAULT 5

/* The report leads with the paired result of a change when at least this
 * many answered both times (and at least the minimum group size); stats
 * writes it as paired_lead_min and paired_leads (docs/statistics.md). */
#define TILLID_PAIRED_LEAD_MIN 10

/* The smallest change that matters, in thousandths of an answer point,
 * when the study file sets none ([study] smallest_change = 0.2): a change
 * whose adjusted interval lies inside +-0.2 points is "about unchanged"
 * (docs/statistics.md, the verdict). */
#define TILLID_SMALLEST_CHANGE_DEFAULT 200

/* The date an output carries when the data give none, so that the same
 * inputs always give the same bytes (never the clock). */
#define TILLID_FIXED_DATE "2000-01-01"
#define TILLID_FIXED_DATETIME TILLID_FIXED_DATE "T00:00:00"

#endif
