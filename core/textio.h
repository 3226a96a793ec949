/* textio.h: character encodings of survey exports: detection, transcoding to UTF-8 (and to Windows-1252), delimiter detection. */
#ifndef TILLID_TEXTIO_H
#define TILLID_TEXTIO_H

#include "util.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Everything inside tillid is UTF-8. Exports arrive as UTF-8 (with or
 * without a byte order mark), Windows-1252, or UTF-16 (little or big
 * endian, usually with a BOM); these functions find out which and turn the
 * bytes into UTF-8 in one pass.
 *
 * Positions in messages: "line" is the 1-based physical line of the file
 * (LF, CRLF and a lone CR each end a line); "column" is the 1-based
 * character (code point) on that line, as a text editor shows it. Messages
 * about invalid bytes also give the byte offset in the file (0-based), for
 * hexdump.
 */

enum text_encoding {
	TEXT_UTF8,
	TEXT_WINDOWS_1252,
	TEXT_UTF16LE,
	TEXT_UTF16BE
};

/* "utf-8", "windows-1252", "utf-16le", "utf-16be" (the names of the study
 * file's `encoding =`). */
const char *text_encoding_name(enum text_encoding e);

/* Parse an encoding name, case-insensitively; also accepts the aliases
 * "utf8", "cp1252", "utf-16-le"/"utf16le" and the BE counterparts. Returns
 * 0 and sets *e, or -1 for an unknown name ("auto" is unknown here: the
 * caller decides between detection and forcing). */
int text_encoding_from_name(const char *name, enum text_encoding *e);

/* At most this many invalid sequences in a file that is otherwise UTF-8
 * (its first line all valid) still make it UTF-8: a few bytes pasted in
 * from elsewhere, reported where they lie, rather than a whole file read
 * in the wrong encoding. */
#define TEXT_FEW_INVALID 16

/* The result of looking at the first bytes of a file. */
struct text_detection {
	enum text_encoding encoding;
	size_t bom_len;     /* bytes of byte order mark to skip: 0, 2 or 3 */
	const char *reason; /* static text: "byte order mark", "zero-byte pattern",
			       "valid utf-8", "ascii only", "not valid utf-8",
			       "utf-8 with a few invalid bytes" */
	/* When the bytes were not all valid UTF-8 (else 0): */
	int header_invalid;        /* 1: the first invalid byte is on the first line */
	size_t first_invalid;      /* its offset in buf */
	unsigned char invalid_byte; /* its value */
	uint64_t n_invalid;        /* invalid sequences in the file, counted up to
				      TEXT_FEW_INVALID + 1 (0 when header_invalid) */
};

/* Detect the encoding of buf[0..len): a BOM first (UTF-8 EF BB BF, UTF-16LE
 * FF FE, UTF-16BE FE FF); then UTF-16 without BOM by the pattern of zero
 * bytes in the first 4 KiB (ASCII text in UTF-16 has a zero in every other
 * byte); then UTF-8 when the whole buffer is valid UTF-8 (pure ASCII
 * counts as UTF-8), or when it is valid but for at most TEXT_FEW_INVALID
 * invalid sequences, none on the first line (the header), and it holds at
 * least as many valid multi-byte sequences as invalid ones (a file in
 * Windows-1252 holds next to none); otherwise Windows-1252. Pass the whole
 * file: a single invalid byte late in the file counts. A file that is all
 * valid is looked at once; one that is not, a second time from its start.
 * Never fails. */
void text_detect(const void *buf, size_t len, struct text_detection *d);

/* Length of the BOM of encoding e at the start of buf, 0 when there is none.
 * Used when the encoding is forced: only a BOM of that encoding is skipped. */
size_t text_bom_len(const void *buf, size_t len, enum text_encoding e);

/* Is buf[0..len) valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF)?
 * On failure *bad (if not NULL) gets the offset of the first invalid byte. */
int utf8_valid(const void *buf, size_t len, size_t *bad);

/*
 * A streaming transcoder to UTF-8. Feed the input in chunks of any size
 * (a multi-byte sequence may straddle two chunks); the output is appended
 * to a strbuf the caller owns and may empty between calls.
 *
 * Invalid input: a byte sequence that is not valid in the encoding (for
 * UTF-8: bad lead or continuation bytes, overlongs, surrogates; for
 * Windows-1252: the five undefined bytes 0x81 0x8D 0x8F 0x90 0x9D; for
 * UTF-16: unpaired surrogates, a dangling odd byte at the end), and a NUL
 * character in any encoding (no CSV export contains one; it means a wrong
 * encoding). With replace = 0 decoding stops at the first one and returns
 * TILLID_EDATA with a message like
 *   'foer.csv':12:7: invalid windows-1252 byte 0x81 (byte offset 4711)
 * With replace = 1 each invalid sequence becomes U+FFFD, n_invalid counts
 * them and first_invalid keeps the message for the first one (the caller
 * reports it under the skip rule `bad_encoding`).
 */
/* Where an invalid sequence was replaced (replace = 1). */
struct text_invalid {
	uint64_t text_offset;   /* where its U+FFFD starts in the UTF-8 output of the
				   whole input (all chunks counted from 0) */
	uint64_t byte_offset;   /* where the bytes are in the input */
	uint64_t line;          /* the physical line they are on */
	unsigned char bytes[4]; /* the bytes (at most 4 of them) */
	unsigned n_bytes;
};

/* Invalid sequences a decoder keeps the places of until the caller takes
 * them (text_decoder_forget); further ones are only counted. */
#define TEXT_INVALID_KEPT 4096

struct text_decoder {
	enum text_encoding encoding;
	int replace;
	const char *name;     /* file name for messages; not owned */
	uint64_t offset;      /* byte offset of the next input byte */
	uint64_t line;        /* physical line of the next character, from 1 */
	uint64_t column;      /* its column (characters), from 1 */
	uint64_t n_invalid;   /* invalid sequences replaced so far */
	int from_u0300;       /* 1: a character from U+0300 up was decoded (a U+FFFD put in
				 for invalid bytes aside): text that NFC may change
				 (core/nfc.h); the caller clears it between chunks */
	struct strbuf first_invalid; /* message for the first one, "" if none */
	/* With replace = 1, the places of the invalid sequences not yet
	 * forgotten, in input order; n_unkept counts those past
	 * TEXT_INVALID_KEPT kept at once, whose places are lost. */
	struct text_invalid *invalid;
	size_t n_kept, alloc_kept;
	uint64_t n_unkept;
	uint64_t out_total;   /* UTF-8 bytes output before this call */
	/* internal: where this call's output starts */
	char *out_start;
	/* internal: bytes of a sequence cut off at the end of the last chunk */
	unsigned char carry[4];
	unsigned n_carry;
	int last_cr; /* the last character was CR (so a following LF ends no new line) */
};

/* Start decoding a file called name (kept as a pointer) in encoding enc.
 * The BOM is not skipped here: pass the input after it (see bom_len), or
 * it arrives as U+FEFF. */
void text_decoder_init(struct text_decoder *d, enum text_encoding enc,
		       const char *name, int replace);
void text_decoder_release(struct text_decoder *d);
/* Forget the first n kept places of invalid sequences (n <= n_kept). */
void text_decoder_forget(struct text_decoder *d, size_t n);
/* Append to out what the bytes of an invalid sequence would be in
 * Windows-1252, for a message: "'æ'" for 0xE6; nothing when one of them
 * is undefined there or a control character. */
void text_invalid_as_cp1252(const struct text_invalid *inv, struct strbuf *out);

/* Transcode in[0..len) and append the UTF-8 to out. final = 1 on the last
 * chunk: an incomplete sequence at the end is then invalid. Returns
 * TILLID_OK, or TILLID_EDATA (only when replace = 0) with the message
 * appended to err; out then holds everything before the invalid bytes. */
int text_decode(struct text_decoder *d, const void *in, size_t len, int final,
		struct strbuf *out, struct strbuf *err);

/* Decode a whole buffer (BOM already removed) into out. Same contract as
 * text_decode with final = 1; n_invalid (may be NULL) gets the count of
 * replacements and, on replacement, first_invalid (may be NULL) the
 * message of the first. */
int text_decode_all(enum text_encoding enc, const char *name, int replace,
		    const void *in, size_t len, struct strbuf *out,
		    uint64_t *n_invalid, struct strbuf *first_invalid,
		    struct strbuf *err);

/* Append the UTF-8 text s[0..len) to out in Windows-1252. A character
 * without a Windows-1252 byte becomes the byte subst, or, when subst is 0,
 * stops the encoding. Returns TILLID_OK; or TILLID_EDATA with a message
 * appended to err when s is not valid UTF-8 ("invalid utf-8 byte 0xc3
 * (byte offset 4)") or, with subst = 0, holds such a character ("U+0105
 * has no windows-1252 byte (byte offset 4)"); out then holds the encoding
 * of everything before it. */
int text_encode_cp1252(struct strbuf *out, const char *s, size_t len, char subst, struct strbuf *err);

/* Delimiters of CSV exports. */
struct text_delimiter_choice {
	char delimiter;      /* ';', ',' or '\t' */
	int consistent;      /* 1: the first records all have the header's field count */
	unsigned header_fields; /* fields on the header line with this delimiter */
	unsigned records_checked; /* records after the header that were compared */
	unsigned counts[3];  /* occurrences on the header line outside quotes: ; , tab */
};

/* "semicolon", "comma", "tab" for ';', ',', '\t'; "?" otherwise. */
const char *text_delimiter_name(char delim);
/* Parse "semicolon"/"comma"/"tab" (also ";", ",", "\t" literally); returns
 * 0 and sets *delim, or -1 ("auto" is unknown here, as for encodings). */
int text_delimiter_from_name(const char *name, char *delim);

/* Choose the delimiter of the UTF-8 text buf[0..len) (the start of the
 * file, at least the header and a few records; a record cut off at the end
 * is ignored). Counts ';', ',' and tab on the header record outside double
 * quotes; each that occurs is tried on the first records (up to 20,
 * honouring quotes and quoted newlines) and the one giving every record the
 * header's field count wins; among several, the one with most header
 * fields. When none is consistent, the most frequent on the header line is
 * chosen and consistent = 0. A header with none of them (a one-column
 * file) gives ',' with header_fields = 1. Never fails. */
void text_detect_delimiter(const char *buf, size_t len, struct text_delimiter_choice *c);

#endif
