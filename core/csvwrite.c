/* csvwrite.c: CSV output in the RFC 4180 or the Danish Excel dialect. */
#include "csvwrite.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const csv_dialect_names[] = { "rfc4180", "excel", NULL };

char csv_sep(enum csv_dialect d)
{
	return d == CSV_EXCEL ? ';' : ',';
}

const char *csv_eol(enum csv_dialect d)
{
	return d == CSV_EXCEL ? "\r\n" : "\n";
}

void csv_begin(struct strbuf *sb, enum csv_dialect d)
{
	if (d == CSV_EXCEL)
		sb_adds(sb, "\xef\xbb\xbf"); /* U+FEFF in UTF-8 */
}

void csv_field(struct strbuf *sb, enum csv_dialect d, int first, const char *s)
{
	if (!first)
		sb_addc(sb, csv_sep(d));
	sb_add_csv_sep(sb, s, csv_sep(d));
}

void csv_number(struct strbuf *sb, enum csv_dialect d, int first, double v, int decimals)
{
	if (!first)
		sb_addc(sb, csv_sep(d));
	if (!isfinite(v))
		return;
	char buf[64];
	snprintf(buf, sizeof(buf), "%.*f", decimals < 0 ? 0 : decimals, v);
	/* "-0.00" is zero */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	if (d == CSV_EXCEL)
		for (char *p = buf; *p; p++)
			if (*p == '.')
				*p = ',';
	sb_adds(sb, buf);
}

void csv_end_row(struct strbuf *sb, enum csv_dialect d)
{
	sb_adds(sb, csv_eol(d));
}
