/* xlsx_text.c: a workbook's values as text: cell references, numbers in General format, date serials, _xHHHH_ escapes. */
#include "xlsx_internal.h"
#include "core/nfc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLSX_MAX_COL 16384     /* XFD: ECMA-376 Part 1, 18.3.1.12 */
#define XLSX_MAX_ROW 1048576

int xlsx_cell_ref(const char *ref, uint32_t *col, uint32_t *row)
{
	const char *p = ref;
	uint32_t c = 0, r = 0;
	size_t letters = 0;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
		if (++letters > 3)
			return -1;
		c = c * 26 + (uint32_t)((*p | 0x20) - 'a' + 1);
	}
	if (!letters || c > XLSX_MAX_COL)
		return -1;
	size_t digits = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 7)
			return -1;
		r = r * 10 + (uint32_t)(*p - '0');
	}
	if (*p || (digits && (r == 0 || r > XLSX_MAX_ROW)))
		return -1;
	*col = c - 1;
	*row = r;
	return 0;
}

void xlsx_col_name(uint32_t col, struct strbuf *out)
{
	char buf[8];
	size_t n = 0;
	uint32_t c = col + 1;
	while (c && n < sizeof(buf)) {
		buf[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	while (n)
		sb_addc(out, buf[--n]);
}

/* Excel quotes a sheet name in a reference unless it is letters, digits,
 * '_' and '.', not starting with a digit. */
static int needs_quotes(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			return 1;
	return 0;
}

void xlsx_where(const char *sheet, uint64_t row, size_t col1, struct strbuf *out)
{
	if (needs_quotes(sheet)) {
		sb_addc(out, '\'');
		for (const char *p = sheet; *p; p++) {
			if (*p == '\'')
				sb_addc(out, '\''); /* a quote inside is doubled */
			sb_addc(out, *p);
		}
		sb_addc(out, '\'');
	} else {
		sb_adds(out, sheet);
	}
	sb_addc(out, '!');
	if (!col1) {
		sb_addf(out, "%llu:%llu", (unsigned long long)row, (unsigned long long)row);
		return;
	}
	xlsx_col_name((uint32_t)(col1 - 1), out);
	sb_addf(out, "%llu", (unsigned long long)row);
}

void xlsx_format_number(double v, struct strbuf *out)
{
	char buf[40];
	if (v == 0) {
		sb_addc(out, '0'); /* also -0 */
		return;
	}
	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%.17g", v);
	sb_adds(out, buf);
}

/* Days since 1970-01-01 to a civil date: H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms", civil_from_days
 * (https://howardhinnant.github.io/date_algorithms.html). */
static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned long doe = (unsigned long)(z - era * 146097);
	unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned long mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

int xlsx_format_date(double serial, int date1904, int time_only, struct strbuf *out)
{
	if (!(serial >= 0 && serial <= 2958465.99999))
		return -1;
	/* Round to the second first, so that 0.99999999 is the next day. */
	double secs = floor(serial * 86400.0 + 0.5);
	long days = (long)(secs / 86400.0);
	long sod = (long)(secs - (double)days * 86400.0);
	if (!time_only) {
		long y;
		unsigned m, d;
		if (date1904) {
			civil_from_days(days - 24107, &y, &m, &d); /* 1904-01-01 is day -24107 of 1970 */
		} else if (days == 60) {
			y = 1900, m = 2, d = 29; /* Lotus 1-2-3's leap day, kept by Excel */
		} else {
			/* 1899-12-30 is day -25569; serials before 60 are one day later
			 * because of the fictitious 1900-02-29. */
			civil_from_days(days - 25569 + (days < 60 && days > 0), &y, &m, &d);
		}
		sb_addf(out, "%04ld-%02u-%02u", y, m, d);
		if (!sod)
			return 0;
		sb_addc(out, ' ');
	}
	sb_addf(out, "%02ld:%02ld:%02ld", sod / 3600, sod / 60 % 60, sod % 60);
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): a character XML cannot carry
 * is written _xHHHH_ (and a literal "_x" as _x005F_x). */
size_t xlsx_unescape(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
			int h0 = hex_digit(s[i + 2]), h1 = hex_digit(s[i + 3]);
			int h2 = hex_digit(s[i + 4]), h3 = hex_digit(s[i + 5]);
			if (h0 >= 0 && h1 >= 0 && h2 >= 0 && h3 >= 0) {
				unsigned cp = (unsigned)(h0 << 12 | h1 << 8 | h2 << 4 | h3);
				if (cp >= 0xD800 && cp <= 0xDFFF)
					cp = 0xFFFD; /* half a surrogate pair is no character */
				if (cp < 0x80) {
					s[o++] = (char)cp;
				} else if (cp < 0x800) {
					s[o++] = (char)(0xC0 | cp >> 6);
					s[o++] = (char)(0x80 | (cp & 0x3F));
				} else {
					s[o++] = (char)(0xE0 | cp >> 12);
					s[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
					s[o++] = (char)(0x80 | (cp & 0x3F));
				}
				i += 7;
				continue;
			}
		}
		s[o++] = s[i++];
	}
	if (o < n)
		s[o] = '\0';
	return o;
}

void xlsx_nfc_tail(struct strbuf *sb, size_t from)
{
	const char *s = sb->buf + from;
	size_t n = sb->len - from;
	if (!nfc_may_change(s, n))
		return;
	struct strbuf nfc = STRBUF_INIT;
	if (nfc_normalize(s, n, &nfc)) {
		sb->len = from;
		sb_add(sb, nfc.buf, nfc.len);
	}
	sb_release(&nfc);
}
