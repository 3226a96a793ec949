/* xlsx_internal.h: what the files of the workbook reader share: the open archive, its parts streamed through expat, strings and styles. */
#ifndef TILLID_XLSX_INTERNAL_H
#define TILLID_XLSX_INTERNAL_H

#include "xlsx.h"

#include <expat.h>
#include <zip.h>

/*
 * xlsx.c          opens the archive, finds the workbook, its sheets and
 *                 parts through the relationships, and streams an entry
 *                 through an expat parser within the limits;
 * xlsx_strings.c  the shared strings (whole) and the cell styles that are
 *                 dates (styles.xml);
 * xlsx_sheet.c    the sheet's rows, streamed, as records;
 * xlsx_text.c     cell references, numbers, dates and escapes as text.
 */

struct xlsx_book {
	const char *name;  /* for messages */
	zip_t *zip;
	struct xlsx_limits lim;
	char *dir;         /* the workbook part's folder inside the zip ("xl/") */
	char *strings_part, *styles_part, *sheet_part; /* NULL when absent */
	int date1904;
	/* Shared strings: string i is text + off[i], NUL-terminated. */
	struct strbuf text;
	size_t *off;
	size_t n_strings, alloc_off;
	int has_strings;
	/* Cell styles: kind[s] of cellXfs entry s. */
	unsigned char *xf_kind;
	size_t n_xf;
};

enum xf_kind { XF_NUMBER, XF_DATE, XF_DATETIME, XF_TIME };

/* Stream zip entry `part` of b through parser p (whose handlers and user
 * data the caller has set). what names the part in messages. stopped
 * (may be NULL) is set when a handler stopped the parser (XML_StopParser):
 * then TILLID_OK is returned and the handler's status is the caller's.
 * where (may be NULL) appends the position of a malformed-XML error.
 * Returns TILLID_OK, or TILLID_EDATA with a message (the entry is missing,
 * too large, damaged, or not well-formed XML). */
int xlsx_parse_entry(struct xlsx_book *b, const char *part, XML_Parser p, int *stopped,
		     void (*where)(void *ctx, struct strbuf *out), void *where_ctx,
		     struct strbuf *err);
/* Does entry part hold the bytes of needle anywhere (*found)? A quick
 * look before a parse that can be skipped when they are absent. Returns
 * TILLID_OK, or TILLID_EDATA with a message as xlsx_parse_entry. */
int xlsx_entry_contains(struct xlsx_book *b, const char *part, const char *needle, int *found,
			struct strbuf *err);
/* The local name of an element or attribute from a namespace-aware
 * parser ("uri|name" -> "name"). */
const char *xlsx_local(const char *name);
/* The value of attribute local (its local name) in atts, or NULL. */
const char *xlsx_attr(const char **atts, const char *local);
/* A namespace-aware expat parser with the '|' separator. */
XML_Parser xlsx_parser(void);

/* xlsx_strings.c */
int xlsx_load_strings(struct xlsx_book *b, struct strbuf *err);
int xlsx_load_styles(struct xlsx_book *b, struct strbuf *err);
/* Kind of a date format code ("dd-mm-yyyy", "h:mm"): XF_NUMBER when it
 * shows no date or time. */
enum xf_kind xlsx_format_code_kind(const char *code);
/* Kind of a built-in number format id (14: date, 20: time, ...). */
enum xf_kind xlsx_builtin_kind(unsigned long id);

/* xlsx_sheet.c: stream the sheet (b->sheet_part, named sheet) as records. */
int xlsx_read_sheet(struct xlsx_book *b, const char *sheet, csv_record_fn *fn, void *ctx,
		    uint64_t *n_rows, struct strbuf *err);

#endif
