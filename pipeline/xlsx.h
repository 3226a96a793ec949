/* xlsx.h: the Excel workbook reader (.xlsx): one sheet's rows, streamed, as records like a CSV file's. */
#ifndef TILLID_XLSX_H
#define TILLID_XLSX_H

#include "core/csvread.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

/*
 * xlsx_read_file reads one sheet of an Office Open XML workbook with libzip
 * (the archive) and expat (the XML), and calls a csv_record_fn for every
 * row that holds a value, the first of them (the header) included, as
 * csv_read_file does for a CSV file. The sheet's XML is streamed through
 * expat in fixed-size pieces; only the shared strings and the cell styles
 * are held in memory.
 *
 * What a record looks like:
 *   - field[j] is the text of the cell in column j (A is 0): shared and
 *     inline strings as written (rich-text runs joined, _xHHHH_ escapes
 *     undone); numbers in the shortest form that reads back to the same
 *     double ("4" for 4 and 4.0, "0.1", "12345678901234568"); cells whose
 *     style is a date or time as ISO text ("2021-03-01", "2021-03-01
 *     14:05:00", "14:05:00") in the workbook's date system (1900 or 1904);
 *     booleans "TRUE"/"FALSE"; error values as Excel shows them ("#N/A");
 *     a missing or empty cell is "";
 *   - n covers the header row's last non-empty cell on every row, and more
 *     on a row with a value further right (which the caller sees as a row
 *     wider than its header);
 *   - line is the row number in the sheet (1-based); rows with no value
 *     give no record;
 *   - a value of a merged range (mergeCells) is the value of every cell of
 *     the range: the workbook stores it in the range's first cell only;
 *   - before the header, a row whose only value is a range merged across
 *     columns is a title above the table and gives no record.
 *
 * Errors, each appended to err as one line: a file that cannot be opened
 * gives TILLID_ESYS; a file that is not a readable workbook (an old .xls,
 * an .ods, a damaged or truncated zip, an entry larger than its limit or
 * compressed beyond any real workbook, a missing part, malformed XML, a
 * sheet that does not exist) gives TILLID_EDATA with what to do, e.g.
 *   'efter.xlsx': sheet 'Ark3' does not exist; the workbook has 'Ark1', 'Ark2'
 *   'efter.xlsx':Ark1!F23: malformed XML (not well-formed (invalid token)) ...
 * Records before the point of failure have already been delivered.
 */

/* Limits on the uncompressed size of a workbook's parts. */
struct xlsx_limits {
	uint64_t part;    /* workbook.xml, styles.xml, relationships */
	uint64_t strings; /* sharedStrings.xml, held whole in memory */
	uint64_t sheet;   /* the sheet, streamed */
	uint64_t ratio;   /* an entry over ratio_floor bytes may not be inflated more
			     than ratio times (a zip bomb; real sheets are < 30) */
	uint64_t ratio_floor;
};
#define XLSX_LIMITS_INIT                                                                  \
	{ 64ULL << 20, 512ULL << 20, 16ULL << 30, 200, 16ULL << 20 }

/* What xlsx_read_file found out, for the ingest report. */
struct xlsx_info {
	char *sheet;      /* the sheet read (owned), NULL before it is known */
	size_t n_sheets;
	int date1904;     /* the workbook counts dates from 1904 */
	uint64_t n_rows;  /* records delivered, header included */
	uint64_t n_strings;
};
void xlsx_info_init(struct xlsx_info *info);
void xlsx_info_release(struct xlsx_info *info);

/* What the first bytes of a file say it is. */
enum xlsx_kind {
	XLSX_NOT_WORKBOOK, /* anything else (a CSV file) */
	XLSX_ZIP,          /* a zip archive: an .xlsx (or .ods, told apart on opening) */
	XLSX_OLE           /* an OLE2 compound file: an .xls or a password-protected .xlsx */
};
/* Look at the first bytes of path; XLSX_NOT_WORKBOOK when it cannot be read. */
enum xlsx_kind xlsx_sniff(const char *path);
/* Append to err the one-line message for a file that is an old Excel
 * workbook (.xls) or a password-protected one, saying how to save it as
 * .xlsx or CSV. name is the file as the analyst knows it. */
void xlsx_ole_message(const char *name, struct strbuf *err);

/* Read sheet `sheet` (NULL: the first) of the workbook at path; name is
 * used in messages (NULL: path), limits may be NULL (XLSX_LIMITS_INIT).
 * info (may be NULL; the caller owns it) is filled as far as reading got.
 * Returns TILLID_OK, TILLID_ESYS, TILLID_EDATA (see above) or the
 * callback's non-zero status. */
int xlsx_read_file(const char *path, const char *name, const char *sheet,
		   const struct xlsx_limits *limits, csv_record_fn *fn, void *ctx,
		   struct xlsx_info *info, struct strbuf *err);

/* ---- pieces, public for their tests ---- */

/* Column number (0 for A, 25 for Z, 26 for AA, up to 16383 for XFD) and
 * row (1-based, 0 when the reference has none) of a cell reference such as
 * "F23"; returns 0 on success, -1 when ref is not one. */
int xlsx_cell_ref(const char *ref, uint32_t *col, uint32_t *row);
/* Append the letters of column col (0: "A") to out. */
void xlsx_col_name(uint32_t col, struct strbuf *out);
/* Append where a cell is: "Ark1!F23" ("'Mit ark'!F23" when the name needs
 * quotes, as Excel writes it); col 0 means the whole row ("Ark1!23:23"). */
void xlsx_where(const char *sheet, uint64_t row, size_t col1, struct strbuf *out);
/* Append the text of a number as a cell shows it in General format: the
 * shortest of %.15g and %.17g that reads back as v ("4", "0.1"). */
void xlsx_format_number(double v, struct strbuf *out);
/* Append a date serial as ISO text: "YYYY-MM-DD" when whole, else with the
 * time of day "YYYY-MM-DD HH:MM:SS"; time_only gives "HH:MM:SS". Serials
 * count days from 1899-12-30 (1900 system, with Excel's fictitious
 * 1900-02-29 as serial 60) or from 1904-01-01. Returns -1 (nothing
 * appended) for a serial out of 0..2958465 (9999-12-31). */
int xlsx_format_date(double serial, int date1904, int time_only, struct strbuf *out);
/* Undo the _xHHHH_ escapes of an OOXML string in place (UTF-8 out);
 * returns the new length. */
size_t xlsx_unescape(char *s, size_t n);
/* Put the text sb[from..len) into Unicode NFC in place (core/nfc.h), so a
 * workbook's "a" + U+030A reads as "å" as it does in a CSV export; the
 * text before from is left alone. Call it after xlsx_unescape, whose
 * escapes may write combining marks. */
void xlsx_nfc_tail(struct strbuf *sb, size_t from);

#endif
