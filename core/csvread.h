/* csvread.h: streaming CSV reader (libcsv) with encoding and delimiter detection and physical line numbers. */
#ifndef TILLID_CSVREAD_H
#define TILLID_CSVREAD_H

#include "textio.h"
#include "util.h"

#include <stddef.h>
#include <stdint.h>

/*
 * csv_read_file reads an export record by record: it detects (or takes the
 * forced) encoding and delimiter, transcodes to UTF-8, parses with libcsv
 * and calls a function for every record, the header included. Rows are
 * never all in memory; the file is transcoded and parsed in one pass.
 *
 * What a record looks like:
 *   - fields are NUL-terminated UTF-8, as in the file but put into
 *     Unicode NFC (core/nfc.h: "a" + U+030A, as a Mac may write "å", is
 *     delivered as "å"): no trimming of spaces (the caller trims where its
 *     rules say so), quotes removed, doubled quotes undone, embedded
 *     newlines kept as they are ("\r\n" inside a quoted field stays
 *     "\r\n");
 *   - an empty field, quoted ("") or not, is "";
 *   - the field count is whatever the line has: ragged rows are delivered,
 *     the caller compares n with the header;
 *   - line is the physical line where the record starts (quoted newlines
 *     and blank lines count as lines; blank lines give no record).
 *
 * Errors: malformed CSV (an unterminated quoted field, text after a closing
 * quote) gives TILLID_EDATA and a message with file:line:column and the
 * offending text, e.g.
 *   'foer.csv':12:7: unterminated quoted field starting '"Helt en'
 * Column is the character on the physical line (1-based). Records before
 * the point of failure have already been delivered when an error is
 * returned; callers that build something from them discard it.
 */

struct csv_options {
	const char *encoding;  /* NULL or "auto": detect; else a name for text_encoding_from_name */
	const char *delimiter; /* NULL or "auto": detect; else "semicolon", "comma", "tab" */
	int replace_invalid;   /* 1: invalid bytes become U+FFFD and are counted (skip rule
				  bad_encoding); 0: the first one is an error */
	int no_header;         /* 1: the first record is data (SurveyXact labels.csv); the
				  records are delivered the same way, this only documents
				  the caller's intent and names n_header_fields */
	uint64_t max_bytes;    /* csv_read_file: a larger file (or one that never ends) is
				  refused with TILLID_ESYS; 0: no limit */
	const char *too_large; /* the fix for that message ("raise ..."); NULL: "check the path" */
	/* May a message about malformed CSV quote this text (n bytes) of the
	 * file? NULL: yes. When it says no, the message says where and why
	 * without it ("(text hidden: ...)"), as exports may hold personal data. */
	int (*may_quote)(const char *text, size_t n);
};
#define CSV_OPTIONS_INIT { NULL, NULL, 0, 0, 0, NULL, NULL }

/* What csv_read found out, for the ingest report. */
struct csv_info {
	enum text_encoding encoding;
	int encoding_forced;         /* 1: taken from the options */
	const char *encoding_reason; /* static: why this encoding ("byte order mark", ...,
					"forced") */
	int bom;                     /* 1: the file starts with a byte order mark */
	char delimiter;
	int delimiter_forced;
	int delimiter_consistent;    /* detection found the same field count on the first records */
	const char *line_ending;     /* static: "CRLF", "LF", "CR", "mixed", "none" (no line
					break); counts the breaks that end records, not those
					inside quoted fields */
	uint64_t n_lines;            /* physical lines in the file */
	uint64_t n_records;          /* records including the header */
	size_t n_header_fields;      /* fields of the first record */
	uint64_t n_invalid;          /* invalid byte sequences replaced (replace_invalid = 1) */
	struct strbuf first_invalid; /* message about the first one, "" if none */
	uint64_t n_invalid_unplaced; /* of those, how many no record names (csv_record's
					invalid): too many at once to keep their places */
	/* Detection found bytes that are not UTF-8 (else 0; see text_detection): */
	int header_invalid;          /* 1: on the first line, the header */
	uint64_t header_invalid_offset; /* the first one's byte offset */
	unsigned char invalid_byte;  /* and its value */
};
void csv_info_init(struct csv_info *info);
void csv_info_release(struct csv_info *info);
/* One line for reports: "windows-1252 (not valid utf-8), semicolon, no BOM,
 * CRLF, 1000 records". Appended to out. */
void csv_info_describe(const struct csv_info *info, struct strbuf *out);

struct csv_record {
	uint64_t line;   /* physical line where the record starts, from 1 */
	uint64_t index;  /* 0 for the first record (the header unless no_header), then 1, 2, ... */
	size_t n;        /* number of fields, at least 1 */
	char **field;    /* field[0..n), NUL-terminated UTF-8; the caller may modify
			    the bytes in place (e.g. str_trim) but the pointers and
			    the strings are valid only during the callback */
	size_t *len;     /* len[i] = strlen(field[i]) */
	/* Invalid bytes in the record (replace_invalid = 1), each replaced by
	 * U+FFFD in its field, in file order; NULL and 0 when there are none. */
	const struct csv_invalid *invalid;
	size_t n_invalid;
};

/* Invalid bytes in a record: the field they are in (0-based; the
 * record's n when the field cannot be told, as its U+FFFD is not found)
 * and where they are. Fields are matched to places by their U+FFFD
 * characters in order, so a U+FFFD written into the file itself before
 * the replaced one in the same record moves it one field on. */
struct csv_invalid {
	size_t field;
	struct text_invalid at;
};

/* Called for every record in file order. Return TILLID_OK to go on; any
 * other value stops reading and csv_read_* returns it unchanged (put the
 * message in err). */
typedef int csv_record_fn(void *ctx, struct csv_record *rec, struct strbuf *err);

/* Read the file at path. name is used in messages (NULL: path). info (may
 * be NULL) is filled in even on failure as far as reading got; the caller
 * owns it (csv_info_init before, csv_info_release after). Returns
 * TILLID_OK; TILLID_ESYS when the file cannot be opened or read or an
 * option names an unknown encoding or delimiter; TILLID_EDATA for
 * malformed CSV or invalid bytes (replace_invalid = 0); or the callback's
 * non-zero status. Messages are appended to err. */
int csv_read_file(const char *path, const char *name, const struct csv_options *opt,
		  csv_record_fn *fn, void *ctx, struct csv_info *info, struct strbuf *err);

/* The same for bytes already in memory (buf need not be NUL-terminated). */
int csv_read_buffer(const char *name, const void *buf, size_t len,
		    const struct csv_options *opt, csv_record_fn *fn, void *ctx,
		    struct csv_info *info, struct strbuf *err);

/* UTF-8 text already in memory (text need not be NUL-terminated), fields
 * separated by delim: nothing is detected, a UTF-8 byte order mark at the
 * start is skipped, and the records (physical line numbers included) are
 * delivered as csv_read_file delivers them. name (NULL: "(input)") is used
 * in messages. Returns TILLID_OK; TILLID_EDATA for malformed CSV or bytes
 * that are not UTF-8, with 'name':LINE... in err; or the callback's non-zero
 * status. */
int csv_read_utf8(const char *name, const char *text, size_t len, char delim, csv_record_fn *fn,
		  void *ctx, struct strbuf *err);

#endif
