/* table_cells.c: table cells that hold a number: the fmt_ text for the PDF and the rounded number for the tables workbook, from one value. */
#include "table_cells.h"
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

double tc_round(double v, int decimals)
{
	/* the digits fmt_ prints (printf's rounding), read back */
	char digits[64];
	snprintf(digits, sizeof(digits), "%.*f", decimals, v);
	double r = strtod(digits, NULL);
	return r == 0 ? 0.0 : r;
}

static struct table_num num(enum tnum_kind kind, double v, int decimals)
{
	/* a share is shown as a percentage, rounded as fmt_pct rounds it */
	double r = kind == TNUM_PCT ? tc_round(v * 100.0, decimals) / 100.0 : tc_round(v, decimals);
	return (struct table_num){ kind, decimals, r };
}

/* Set the text, then (for a finite value) the number. */
static void set(struct table *t, size_t col, const char *text, struct table_num a, struct table_num b,
		int finite)
{
	table_set(t, col, text);
	if (!finite)
		return;
	struct table_value *tv = table_value(t, col);
	tv->part[0] = a;
	tv->part[1] = b;
}

static const struct table_num none = { TNUM_NONE, 0, 0 };

void tc_num(struct table *t, size_t col, double v, int decimals, enum lang lang)
{
	char buf[FMT_MAX];
	set(t, col, fmt_num(buf, v, decimals, lang), num(TNUM_NUM, v, decimals), none, isfinite(v));
}

void tc_signed(struct table *t, size_t col, double v, int decimals, enum lang lang)
{
	char buf[FMT_MAX];
	set(t, col, fmt_signed(buf, v, decimals, lang), num(TNUM_SIGNED, v, decimals), none, isfinite(v));
}

void tc_count(struct table *t, size_t col, double v, enum lang lang)
{
	char buf[FMT_MAX];
	set(t, col, fmt_count(buf, v, lang), num(TNUM_COUNT, v, 0), none, isfinite(v));
}

void tc_pct(struct table *t, size_t col, double share, int decimals, enum lang lang)
{
	char buf[FMT_MAX];
	set(t, col, fmt_pct(buf, share, decimals, lang), num(TNUM_PCT, share, decimals), none, isfinite(share));
}

void tc_interval(struct table *t, size_t col, double lo, double hi, int decimals, int sign, enum lang lang)
{
	char buf[FMT_MAX];
	enum tnum_kind k = sign ? TNUM_SIGNED : TNUM_NUM;
	int dlo = sign ? fmt_bound_decimals(lo, decimals) : decimals;
	int dhi = sign ? fmt_bound_decimals(hi, decimals) : decimals;
	set(t, col, fmt_interval(buf, lo, hi, decimals, sign, lang), num(k, lo, dlo), num(k, hi, dhi),
	    isfinite(lo) && isfinite(hi));
}

void tc_count_share(struct table *t, size_t col, double n, double share, enum lang lang)
{
	char a[FMT_MAX], b[FMT_MAX];
	char *text = xasprintf("%s (%s)", fmt_count(a, n, lang), fmt_pct(b, share, 0, lang));
	set(t, col, text, num(TNUM_COUNT, n, 0), num(TNUM_PCT, share, 0), isfinite(n) && isfinite(share));
	free(text);
}

void tc_marked_signed(struct table *t, size_t col, const char *markup, const char *mark, double v,
		      int decimals)
{
	table_set_markup(t, col, markup);
	if (!isfinite(v))
		return;
	struct table_value *tv = table_value(t, col);
	tv->part[0] = num(TNUM_SIGNED, v, decimals);
	tv->mark = mark;
}
