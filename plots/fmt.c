/* fmt.c: Danish and English number, percentage, p-value and date formatting. */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */
#define NBSP "\xc2\xa0"      /* U+00A0 NO-BREAK SPACE */
#define NUM_MAX 40           /* one formatted number */

/* Digits of |v| rounded, with grouping and the decimal mark of lang, after
 * an optional sign. sign_plus: write "+" for values that are not zero. */
static char *format(char *buf, size_t size, double v, int decimals, int sign_plus, enum lang lang)
{
	if (!isfinite(v)) {
		snprintf(buf, size, "%s", tx(lang, T_DASH));
		return buf;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	char digits[64];
	snprintf(digits, sizeof(digits), "%.*f", decimals, fabs(v));
	int zero = 1;
	for (const char *s = digits; *s; s++)
		if (*s >= '1' && *s <= '9')
			zero = 0;

	const char *group = lang == LANG_DA ? "." : ",";
	char point = lang == LANG_DA ? ',' : '.';
	char *out = buf;
	size_t room = size;
	const char *sign = "";
	if (!zero && v < 0)
		sign = MINUS;
	else if (!zero && sign_plus)
		sign = "+";
	int w = snprintf(out, room, "%s", sign);
	out += w;
	room -= (size_t)w;

	const char *dot = strchr(digits, '.');
	size_t int_len = dot ? (size_t)(dot - digits) : strlen(digits);
	for (size_t i = 0; i < int_len && room > 2; i++) {
		*out++ = digits[i];
		room--;
		size_t left = int_len - i - 1;
		/* Group thousands from 10.000 up, and also 1.234: Danish style
		 * groups every number of four digits or more. */
		if (left > 0 && left % 3 == 0 && room > 2) {
			*out++ = group[0];
			room--;
		}
	}
	if (dot && room > 2) {
		*out++ = point;
		room--;
		for (const char *s = dot + 1; *s && room > 1; s++, room--)
			*out++ = *s;
	}
	*out = '\0';
	return buf;
}

char *fmt_num(char *buf, double v, int decimals, enum lang lang)
{
	return format(buf, FMT_MAX, v, decimals, 0, lang);
}

char *fmt_signed(char *buf, double v, int decimals, enum lang lang)
{
	return format(buf, FMT_MAX, v, decimals, 1, lang);
}

char *fmt_count(char *buf, double v, enum lang lang)
{
	return format(buf, FMT_MAX, v, 0, 0, lang);
}

char *fmt_pct(char *buf, double share, int decimals, enum lang lang)
{
	char num[NUM_MAX];
	format(num, NUM_MAX, share * 100.0, decimals, 0, lang);
	if (!isfinite(share))
		snprintf(buf, FMT_MAX, "%s", num);
	else
		snprintf(buf, FMT_MAX, "%s%s%%", num, lang == LANG_DA ? NBSP : "");
	return buf;
}

char *fmt_pp(char *buf, double share_diff, enum lang lang)
{
	char num[NUM_MAX];
	format(num, NUM_MAX, share_diff * 100.0, 0, 1, lang);
	if (!isfinite(share_diff))
		snprintf(buf, FMT_MAX, "%s", num);
	else
		snprintf(buf, FMT_MAX, "%s" NBSP "%s", num, tx(lang, T_UNIT_PP));
	return buf;
}

char *fmt_p(char *buf, double p, enum lang lang)
{
	char num[NUM_MAX];
	if (!isfinite(p))
		snprintf(buf, FMT_MAX, "%s", tx(lang, T_DASH));
	else if (p < 0.001)
		snprintf(buf, FMT_MAX, "p < %s", format(num, NUM_MAX, 0.001, 3, 0, lang));
	else if (p < 0.01)
		snprintf(buf, FMT_MAX, "p = %s", format(num, NUM_MAX, p, 3, 0, lang));
	else
		snprintf(buf, FMT_MAX, "p = %s", format(num, NUM_MAX, p, 2, 0, lang));
	return buf;
}

int fmt_bound_decimals(double v, int decimals)
{
	int d = decimals < 0 ? 0 : decimals;
	if (!isfinite(v) || v == 0)
		return d;
	for (int more = 0; more <= 3; more++)
		if (fabs(v) >= 0.5 * pow(10.0, -(d + more)))
			return d + more;
	return d;
}

char *fmt_interval(char *buf, double lo, double hi, int decimals, int sign, enum lang lang)
{
	char a[NUM_MAX], b[NUM_MAX];
	if (!isfinite(lo) || !isfinite(hi)) {
		snprintf(buf, FMT_MAX, "%s", tx(lang, T_DASH));
		return buf;
	}
	format(a, NUM_MAX, lo, sign ? fmt_bound_decimals(lo, decimals) : decimals, sign, lang);
	format(b, NUM_MAX, hi, sign ? fmt_bound_decimals(hi, decimals) : decimals, sign, lang);
	snprintf(buf, FMT_MAX, "[%s%s %s]", a, lang == LANG_DA ? ";" : ",", b);
	return buf;
}

/* Parse "YYYY-MM-DD"; 1 on success. */
static int parse_iso(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	*y = atoi(s);
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static char *day_month(char *buf, int m, int d, enum lang lang)
{
	if (lang == LANG_DA)
		snprintf(buf, FMT_MAX, "%d. %s", d, tx(lang, (enum text_id)(T_MONTH_1 + m - 1)));
	else
		snprintf(buf, FMT_MAX, "%d %s", d, tx(lang, (enum text_id)(T_MONTH_1 + m - 1)));
	return buf;
}

char *fmt_date(char *buf, const char *iso, enum lang lang)
{
	int y, m, d;
	if (!parse_iso(iso, &y, &m, &d)) {
		snprintf(buf, FMT_MAX, "%s", iso ? iso : "");
		return buf;
	}
	char dm[FMT_MAX];
	snprintf(buf, FMT_MAX, "%s %d", day_month(dm, m, d, lang), y);
	return buf;
}

char *fmt_period(char *buf, const char *start, const char *end, enum lang lang)
{
	int y1, m1, d1, y2, m2, d2;
	int a = parse_iso(start, &y1, &m1, &d1);
	int b = parse_iso(end, &y2, &m2, &d2);
	char s1[FMT_MAX], s2[FMT_MAX];
	if (a && b && y1 == y2) {
		snprintf(buf, FMT_MAX, "%s \xe2\x80\x93 %s", day_month(s1, m1, d1, lang),
			 fmt_date(s2, end, lang));
	} else if ((a || (start && *start)) && (b || (end && *end))) {
		snprintf(buf, FMT_MAX, "%s \xe2\x80\x93 %s", fmt_date(s1, start, lang),
			 fmt_date(s2, end, lang));
	} else if (start && *start) {
		fmt_date(buf, start, lang);
	} else if (end && *end) {
		fmt_date(buf, end, lang);
	} else {
		buf[0] = '\0';
	}
	return buf;
}
