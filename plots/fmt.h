/* fmt.h: numbers, percentages, p-values and dates as a Danish or English reader expects them. */
#ifndef TILLID_FMT_H
#define TILLID_FMT_H

#include "text.h"

#include <stddef.h>

/* Big enough for every string the fmt_ functions produce. */
#define FMT_MAX 96

/* Each function writes a NUL-terminated UTF-8 string into buf (of FMT_MAX
 * bytes) and returns buf, so calls can be used inline. None fails; a value
 * that is not finite is written as the language's "not available" dash. */

/* v with the given number of decimals: decimal comma and thousands point
 * in Danish ("1.234,5"), the reverse in English ("1,234.5"). Negative
 * numbers get a real minus sign (U+2212); a value that rounds to zero never
 * shows a sign. */
char *fmt_num(char *buf, double v, int decimals, enum lang lang);

/* Like fmt_num, with a "+" for positive values (for changes: "+0,5"). */
char *fmt_signed(char *buf, double v, int decimals, enum lang lang);

/* A count: "1.234" (Danish), "1,234" (English). */
char *fmt_count(char *buf, double v, enum lang lang);

/* A share 0..1 as a percentage: "42 %" with a no-break space in Danish,
 * "42%" in English. */
char *fmt_pct(char *buf, double share, int decimals, enum lang lang);

/* A change in percentage points: "+12 procentpoint" is too long for tables,
 * so this writes "+12" followed by the language's short unit. */
char *fmt_pp(char *buf, double share_diff, enum lang lang);

/* A p-value: "p < 0,001", "p = 0,03", "p = 0,41". */
char *fmt_p(char *buf, double p, enum lang lang);

/* An interval: "[2,9; 3,4]" in Danish (the comma is taken), "[2.9, 3.4]"
 * in English. With sign (the interval of a change), a bound that is not
 * zero keeps its sign and enough decimals to show it ("[+0,004; +1,53]",
 * not "[0,00; +1,53]"), so that an interval that excludes no change never
 * reads as touching it (fmt_bound_decimals). */
char *fmt_interval(char *buf, double lo, double hi, int decimals, int sign, enum lang lang);
/* The decimals that bound v of a change's interval is shown with: decimals,
 * or up to three more when v is not zero but rounds to zero. */
int fmt_bound_decimals(double v, int decimals);

/* An ISO date "2021-03-01" as "1. marts 2021" / "1 March 2021". Anything
 * that is not an ISO date is copied as it is ("" stays ""). */
char *fmt_date(char *buf, const char *iso, enum lang lang);

/* A field period: "1. marts – 15. april 2021"; one side missing gives the
 * other alone; both missing gives "". */
char *fmt_period(char *buf, const char *start, const char *end, enum lang lang);

#endif
