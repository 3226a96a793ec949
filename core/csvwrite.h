/* csvwrite.h: CSV output in a dialect: RFC 4180 (comma, point, LF) or Danish Excel (semicolon, decimal comma, UTF-8 with BOM, CRLF). */
#ifndef TILLID_CSVWRITE_H
#define TILLID_CSVWRITE_H

#include "util.h"

/* RFC 4180 with LF line ends and a decimal point, which R, Python and
 * most tools read; or what Excel with Danish regional settings opens as
 * columns when the file is double-clicked: ';' between fields, a decimal
 * comma, a UTF-8 byte order mark (else Excel reads the file as Windows-1252
 * and garbles æøå) and CRLF line ends. */
enum csv_dialect {
	CSV_RFC4180,
	CSV_EXCEL,
};

/* The dialects' names as options spell them, in enum order, NULL-ended:
 * "rfc4180", "excel". */
extern const char *const csv_dialect_names[];

/* The field separator and the line end of dialect d. */
char csv_sep(enum csv_dialect d);
const char *csv_eol(enum csv_dialect d);

/* Start a file: the byte order mark in the Excel dialect, nothing else. */
void csv_begin(struct strbuf *sb, enum csv_dialect d);
/* Append one field, after a separator unless it is the row's first:
 * quoted, with quotes doubled, when it holds the separator, a quote or a
 * line break (RFC 4180, section 2). */
void csv_field(struct strbuf *sb, enum csv_dialect d, int first, const char *s);
/* Append v with `decimals` decimals and the dialect's decimal mark, no
 * thousands separators ("-1234,5" in Excel, "-1234.5" in RFC 4180); a
 * value that is not finite is an empty field. */
void csv_number(struct strbuf *sb, enum csv_dialect d, int first, double v, int decimals);
/* End the row. */
void csv_end_row(struct strbuf *sb, enum csv_dialect d);

#endif
