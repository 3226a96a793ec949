/* csvread.c: reads CSV exports record by record: detect, transcode and parse (libcsv) in one pass, tracking physical lines. */
/* madvise (MADV_DONTNEED: posix_madvise's is a no-op on Linux) */
#define _DEFAULT_SOURCE
#include "csvread.h"
#include "nfc.h"

#include <csv.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Input bytes transcoded per step; the UTF-8 of one step is parsed before
 * the next is decoded, so memory stays bounded by a few of these. */
#define CHUNK_BYTES (1u << 20)
/* libcsv grows its field buffer by this much (its default of 128 bytes
 * makes a multi-megabyte field quadratic). */
#define CSV_BLOCK (1u << 20)
/* Characters of context shown in parse error messages. */
#define EXCERPT_CHARS 12

void csv_info_init(struct csv_info *info)
{
	memset(info, 0, sizeof(*info));
	info->encoding_reason = "";
	info->line_ending = "none";
	sb_init(&info->first_invalid);
}

void csv_info_release(struct csv_info *info)
{
	sb_release(&info->first_invalid);
}

void csv_info_describe(const struct csv_info *info, struct strbuf *out)
{
	sb_addf(out, "%s (%s), %s%s, %s, %s, %llu record%s", text_encoding_name(info->encoding),
		info->encoding_reason, text_delimiter_name(info->delimiter),
		info->delimiter_forced ? " (forced)" : "", info->bom ? "BOM" : "no BOM",
		info->line_ending, (unsigned long long)info->n_records,
		info->n_records == 1 ? "" : "s");
	if (info->n_invalid)
		sb_addf(out, ", %llu invalid byte sequence%s replaced",
			(unsigned long long)info->n_invalid, info->n_invalid == 1 ? "" : "s");
}

struct reader {
	const char *name;
	csv_record_fn *fn;
	void *ctx;
	struct strbuf *err;
	struct csv_info *info;
	char delim;

	/* The record being assembled: field i is data.buf + off[i], NUL-terminated. */
	struct strbuf data;
	size_t *off;
	size_t *len;
	char **fieldv;
	size_t n_fields, alloc_off, alloc_fieldv; /* off and len both hold alloc_off */

	uint64_t line;       /* physical line of the piece being parsed */
	uint64_t col_base;   /* characters of that line parsed in earlier pieces */
	uint64_t rec_line;   /* where the open record started */
	uint64_t rec_offset; /* its offset in the UTF-8 text */
	uint64_t decoded;    /* UTF-8 bytes parsed before the current chunk */
	uint64_t index;      /* records delivered */
	int between;         /* no record is open */
	int pending_cr;      /* the last chunk ended with CR: a leading LF ends no line */
	int pending_cr_counted; /* ... and that CR was counted in n_cr */
	int partial;         /* the last piece had no line break */
	uint64_t n_crlf, n_lf, n_cr; /* line breaks ending records, by kind */
	int status;          /* the callback's non-zero status */
	/* A quoted field still open at a line break: where its opening quote
	 * is (q_line 0: none), so an error where it ends can point there. */
	uint64_t q_line, q_col;
	size_t q_field; /* its index in the record */
	char q_excerpt[4 * EXCERPT_CHARS + 1];
	int (*may_quote)(const char *, size_t); /* csv_options' */
	/* The decoder's places of invalid sequences: the first next_invalid
	 * are delivered; those before piece_end (offset in the UTF-8 text of
	 * the end of the piece being parsed) belong to the record that ends
	 * in it. */
	struct text_decoder *dec;
	size_t next_invalid;
	uint64_t piece_end;
	struct csv_invalid *rec_invalid; /* the record's, for csv_record */
	size_t alloc_rec_invalid;
	struct strbuf text;   /* the UTF-8 text of the chunk being parsed */
	/* NFC (core/nfc.h): the chunk being parsed may hold text that NFC
	 * changes (nfc_may_change), and so may the open record (some chunk
	 * since it started did); the record's fields that NFC changed. */
	int nfc_chunk, nfc_record;
	struct strbuf nfc;
	const char *chunk;    /* that text, as fed */
	size_t chunk_len;     /* and its length, */
	uint64_t chunk_start; /* which starts at this offset of the whole text */
};

static void on_field(void *field, size_t n, void *data)
{
	struct reader *r = data;
	if (r->status)
		return;
	/* The hot path of the reader: one call per field, so the growth
	 * checks are inline and the copy is one memcpy (libcsv's
	 * CSV_APPEND_NULL already put the NUL after the field). */
	if (r->n_fields == r->alloc_off) {
		ALLOC_GROW(r->off, r->n_fields + 1, r->alloc_off);
		r->len = xrealloc(r->len, r->alloc_off * sizeof(*r->len));
	}
	if (r->data.len + n + 1 >= r->data.alloc)
		ALLOC_GROW(r->data.buf, r->data.len + n + 2, r->data.alloc);
	r->off[r->n_fields] = r->data.len;
	r->len[r->n_fields] = n;
	r->n_fields++;
	memcpy(r->data.buf + r->data.len, field, n + 1);
	r->data.len += n + 1;
}

/* The fields of the record's n invalid sequences, from its text in the
 * chunk being parsed: delimiters outside quotes counted the way libcsv
 * reads them (a quote opens a field only at its start; "" inside is a
 * quote) up to each one's U+FFFD. */
static void fields_from_text(struct reader *r, size_t n, size_t unknown)
{
	const struct text_invalid *inv = r->dec->invalid + r->next_invalid;
	const char *s = r->chunk;
	size_t field = 0, k = 0;
	int quoted = 0, at_start = 1;
	for (uint64_t i = r->rec_offset - r->chunk_start; k < n && i < r->chunk_len; i++) {
		while (k < n && inv[k].text_offset - r->chunk_start == i)
			r->rec_invalid[k++].field = field;
		char c = s[i];
		if (quoted) {
			if (c == '"' && s[i + 1] == '"')
				i++;
			else if (c == '"')
				quoted = 0;
			continue;
		}
		if (c == r->delim) {
			field++;
			at_start = 1;
			continue;
		}
		quoted = c == '"' && at_start;
		at_start = 0;
	}
	while (k < n)
		r->rec_invalid[k++].field = unknown; /* never: each lies in the text */
}

/* The invalid sequences of the record in r->fieldv, into rec. Runs only
 * for a record that holds some. A record that began in an earlier chunk
 * (one crossing a chunk boundary) has its text no more: there each is
 * matched to the next U+FFFD of the fields, in order, so a U+FFFD that the
 * file itself holds before it in the record moves it on. */
static void place_invalid(struct reader *r, struct csv_record *rec)
{
	const struct text_decoder *dec = r->dec;
	size_t n = 0, f = 0, at = 0;
	while (r->next_invalid + n < dec->n_kept &&
	       dec->invalid[r->next_invalid + n].text_offset < r->piece_end)
		n++;
	ALLOC_GROW(r->rec_invalid, n, r->alloc_rec_invalid);
	for (size_t k = 0; k < n; k++)
		r->rec_invalid[k].at = dec->invalid[r->next_invalid + k];
	if (r->rec_offset >= r->chunk_start) {
		fields_from_text(r, n, rec->n);
	} else {
		for (size_t k = 0; k < n; k++) {
			const char *hit = NULL;
			for (; f < rec->n; f++, at = 0) {
				hit = strstr(rec->field[f] + at, "\xEF\xBF\xBD"); /* U+FFFD */
				if (hit)
					break;
			}
			r->rec_invalid[k].field = f;
			if (hit)
				at = (size_t)(hit - rec->field[f]) + 3;
		}
	}
	r->next_invalid += n;
	rec->invalid = r->rec_invalid;
	rec->n_invalid = n;
}

/* Put the record's fields into NFC: a field that NFC changes points at
 * its composed copy in r->nfc from here to the end of the callback. */
static void normalize_fields(struct reader *r, struct csv_record *rec)
{
	/* The record's fields lie one after another in r->data: one look at
	 * them all first, as most records of a file that holds a mark
	 * somewhere hold none. */
	if (!nfc_may_change(r->data.buf, r->data.len))
		return;
	int any = 0;
	sb_reset(&r->nfc);
	for (size_t i = 0; i < rec->n; i++) {
		if (!nfc_may_change(rec->field[i], rec->len[i]))
			continue;
		size_t at = r->nfc.len;
		if (!nfc_normalize(rec->field[i], rec->len[i], &r->nfc))
			continue;
		rec->len[i] = r->nfc.len - at;
		sb_addc(&r->nfc, '\0');
		r->off[i] = at; /* r->nfc may move while later fields are added */
		rec->field[i] = NULL;
		any = 1;
	}
	if (!any)
		return;
	for (size_t i = 0; i < rec->n; i++)
		if (!rec->field[i])
			rec->field[i] = r->nfc.buf + r->off[i];
}

static void on_record(int c, void *data)
{
	struct reader *r = data;
	(void)c;
	if (r->status)
		return;
	ALLOC_GROW(r->fieldv, r->n_fields + 1, r->alloc_fieldv);
	for (size_t i = 0; i < r->n_fields; i++)
		r->fieldv[i] = r->data.buf + r->off[i];
	r->fieldv[r->n_fields] = NULL;

	struct csv_record rec = {
		.line = r->rec_line,
		.index = r->index,
		.n = r->n_fields,
		.field = r->fieldv,
		.len = r->len,
	};
	if (r->next_invalid < r->dec->n_kept &&
	    r->dec->invalid[r->next_invalid].text_offset < r->piece_end)
		place_invalid(r, &rec);
	if (r->nfc_record)
		normalize_fields(r, &rec);
	r->nfc_record = r->nfc_chunk; /* the next record starts in this chunk */
	if (r->index == 0)
		r->info->n_header_fields = r->n_fields;
	r->index++;
	r->info->n_records = r->index;
	r->status = r->fn(r->ctx, &rec, r->err);
	r->n_fields = 0;
	sb_reset(&r->data);
	r->between = 1;
}

static int keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Append up to EXCERPT_CHARS characters of s[0..n), stopping at a line break. */
static void add_excerpt(struct strbuf *sb, const char *s, size_t n)
{
	size_t i = 0, chars = 0;
	while (i < n && s[i] != '\r' && s[i] != '\n') {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == EXCERPT_CHARS)
			break;
		i++;
	}
	sb_add(sb, s, i);
}

/* Where a quote opened in s[0..n), scanning as libcsv does (a quote opens a
 * field only at its start; "" inside is a quote) from the start of a field
 * at line, column col (characters): the last field opened, by line, column
 * and offset in s (the given place when none opened). */
struct open_quote {
	uint64_t line, col;
	size_t at;
};
static void find_open_quote(const char *s, size_t from, size_t n, char delim, uint64_t line, uint64_t col,
			    struct open_quote *q)
{
	*q = (struct open_quote){ line, col, from };
	int at_start = 1, quoted = 0, last_cr = 0;
	for (size_t i = from; i < n; i++) {
		char c = s[i];
		if (quoted && c == '"') {
			if (i + 1 < n && s[i + 1] == '"') {
				i++;
				col++;
			} else {
				quoted = 0;
			}
		} else if (!quoted && c == '"' && at_start) {
			quoted = 1;
			*q = (struct open_quote){ line, col, i };
		}
		at_start = !quoted && c == delim;
		if (c == '\n') {
			if (!last_cr)
				line++;
			col = 1;
		} else if (c == '\r') {
			line++;
			col = 1;
		} else if (((unsigned char)c & 0xC0) != 0x80) {
			col++;
		}
		last_cr = c == '\r';
	}
}

/* The line piece[0..n) ended inside a quoted field that was not open
 * before it: find the quote that opened it (the last quote at the start of
 * a field, scanning as libcsv does) and keep its place and a few
 * characters after it. Runs only for lines that end inside quotes. */
static void note_open_quote(struct reader *r, const char *piece, size_t n)
{
	struct open_quote q;
	find_open_quote(piece, 0, n, r->delim, r->line, r->col_base + 1, &q);
	size_t q_at = q.at;
	uint64_t q_col = q.col;
	struct strbuf ex = STRBUF_INIT;
	sb_init(&ex);
	add_excerpt(&ex, piece + q_at, n - q_at);
	snprintf(r->q_excerpt, sizeof(r->q_excerpt), "%s", ex.buf);
	sb_release(&ex);
	r->q_line = r->line;
	r->q_col = q_col;
	r->q_field = r->n_fields;
}

/* The excerpt of s[0..n) for a message, in quotes, or why it is not shown. */
static void quote_excerpt(const struct reader *r, const char *s, size_t n)
{
	struct strbuf e = STRBUF_INIT;
	sb_init(&e);
	add_excerpt(&e, s, n);
	if (r->may_quote && !r->may_quote(e.buf, e.len))
		sb_adds(r->err, "(text hidden: it may be personal data)");
	else
		sb_addf(r->err, "'%s'", e.buf);
	sb_release(&e);
}

/* libcsv stopped at piece[at]: say where and why. p->quoted tells a quote
 * inside an unquoted field from text after a closing quote. */
static void parse_error(struct reader *r, struct csv_parser *p, const char *piece, size_t at)
{
	if (csv_error(p) != CSV_EPARSE) {
		sb_addf(r->err, "'%s':%llu: cannot parse: %s", r->name,
			(unsigned long long)r->line, csv_strerror(csv_error(p)));
		return;
	}
	uint64_t col = r->col_base + utf8_chars(piece, at) + 1;
	if (p->quoted && r->q_line && r->q_field == r->n_fields) {
		/* The field that just closed opened on an earlier line: most
		 * often a stray quote that swallowed the line breaks up to the
		 * next quote, so point at the opening quote. */
		sb_addf(r->err, "'%s':%llu:%llu: unterminated quoted field starting ", r->name,
			(unsigned long long)r->q_line, (unsigned long long)r->q_col);
		quote_excerpt(r, r->q_excerpt, strlen(r->q_excerpt));
		sb_addf(r->err,
			": it runs on to line %llu, column %llu, where text follows a quote; close the "
			"field with a quote, or double a quote inside it (\"\")",
			(unsigned long long)r->line, (unsigned long long)col);
		return;
	}
	/* Context: from the start of the field (the last delimiter before the
	 * offending character on this piece) to a few characters after it. */
	size_t from = at;
	while (from > 0 && piece[from - 1] != r->delim && piece[from - 1] != '\n' &&
	       piece[from - 1] != '\r')
		from--;
	sb_addf(r->err, "'%s':%llu:%llu: ", r->name, (unsigned long long)r->line,
		(unsigned long long)col);
	if (p->quoted)
		sb_adds(r->err, "text after the closing quote of a quoted field ");
	else
		sb_adds(r->err, "quote inside an unquoted field ");
	quote_excerpt(r, piece + from, strlen(piece + from));
	sb_adds(r->err, " (double a quote inside a quoted field: \"\")");
}

/* Parse the UTF-8 text buf[0..n) one physical line at a time, so that every
 * record knows the line it starts on. */
static int feed(struct reader *r, struct csv_parser *p, const char *buf, size_t n)
{
	size_t i = 0;
	r->chunk = buf;
	r->chunk_len = n;
	r->chunk_start = r->decoded;

	if (r->pending_cr && n && buf[0] == '\n') {
		/* The LF of a CRLF cut by the chunk boundary. */
		if (r->pending_cr_counted) {
			r->n_cr--;
			r->n_crlf++;
		}
		i = 1;
		r->piece_end = r->decoded + 1;
		if (csv_parse(p, buf, 1, on_field, on_record, r) < 1) {
			parse_error(r, p, buf, 0);
			return TILLID_EDATA;
		}
	}
	if (n)
		r->pending_cr = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && buf[j] != '\n' && buf[j] != '\r')
			j++;
		int term = j < n;
		uint64_t *kind = NULL;
		if (term) {
			if (buf[j] == '\n') {
				kind = &r->n_lf;
				j++;
			} else if (j + 1 < n && buf[j + 1] == '\n') {
				kind = &r->n_crlf;
				j += 2;
			} else {
				kind = &r->n_cr;
				r->pending_cr = j + 1 == n;
				j++;
			}
		}
		/* A line holding only its line break is blank: libcsv skips it
		 * between records, and inside a quoted field it starts nothing. */
		if (r->between && buf[i] != '\n' && buf[i] != '\r') {
			r->between = 0;
			r->rec_line = r->line;
			r->rec_offset = r->decoded + i;
		}
		r->piece_end = r->decoded + j;
		size_t got = csv_parse(p, buf + i, j - i, on_field, on_record, r);
		if (r->status)
			return r->status;
		if (got < j - i) {
			parse_error(r, p, buf + i, got);
			return TILLID_EDATA;
		}
		if (term && p->quoted && !r->q_line)
			note_open_quote(r, buf + i, j - i);
		else if (!p->quoted)
			r->q_line = 0;
		if (term) {
			/* Only line breaks that end a record (or a blank line)
			 * tell the file's line ending; those inside quoted
			 * fields are often different (LF in a CRLF file). */
			if (r->between)
				(*kind)++;
			r->pending_cr_counted = r->between;
			r->line++;
			r->col_base = 0;
			r->partial = 0;
		} else {
			r->col_base += utf8_chars(buf + i, j - i);
			r->partial = 1;
		}
		i = j;
	}
	r->decoded += n;
	return TILLID_OK;
}

/*
 * libcsv reports an unterminated quote only at the end of the input, with
 * no position. Find the quoted field that never closes by scanning the
 * open record again, in the UTF-8 text (decoded once more: this is the
 * error path, so the cost does not matter).
 */
static void unterminated_error(struct reader *r, const void *in, size_t in_len,
			       enum text_encoding enc)
{
	struct strbuf text = STRBUF_INIT;
	sb_init(&text);
	struct strbuf ignore = STRBUF_INIT;
	sb_init(&ignore);
	text_decode_all(enc, r->name, 1, in, in_len, &text, NULL, NULL, &ignore);
	sb_release(&ignore);

	const char *s = text.buf;
	size_t n = text.len, i = r->rec_offset < n ? (size_t)r->rec_offset : n;
	struct open_quote q;
	find_open_quote(s, i, n, r->delim, r->rec_line, 1, &q);
	uint64_t q_line = q.line, q_col = q.col;
	size_t q_at = q.at;
	sb_addf(r->err, "'%s':%llu:%llu: unterminated quoted field starting ", r->name,
		(unsigned long long)q_line, (unsigned long long)q_col);
	quote_excerpt(r, s + q_at, n - q_at);
	sb_release(&text);
}

/* How the bytes are read: chosen from the options or the bytes themselves
 * (read_csv), or fixed (csv_read_utf8). */
struct source {
	enum text_encoding enc;
	size_t bom;          /* bytes of byte order mark to skip */
	char delim;          /* the delimiter, unless detect_delim */
	int detect_delim;    /* 1: detect it on the first decoded chunk */
	int replace_invalid; /* as in csv_options */
	int (*may_quote)(const char *, size_t); /* as in csv_options */
	int mapped;          /* the input is a read-only file mapping (page-aligned) */
};

/* The encoding and delimiter the options ask for, or what detection finds
 * for the encoding (the delimiter is detected on the decoded text). Returns
 * TILLID_OK, or TILLID_ESYS for an option that names no encoding or
 * delimiter. */
static int choose_source(const char *name, const unsigned char *buf, size_t len,
			 const struct csv_options *opt, struct csv_info *info, struct source *src,
			 struct strbuf *err)
{
	memset(src, 0, sizeof(*src));
	src->delim = ',';
	src->detect_delim = !opt->delimiter || str_ieq(opt->delimiter, "auto");
	src->replace_invalid = opt->replace_invalid;
	src->may_quote = opt->may_quote;
	if (!src->detect_delim && text_delimiter_from_name(opt->delimiter, &src->delim) < 0) {
		sb_addf(err, "unknown delimiter '%s' for '%s' (use semicolon, comma, tab or auto)",
			opt->delimiter, name);
		return TILLID_ESYS;
	}
	if (opt->encoding && !str_ieq(opt->encoding, "auto")) {
		if (text_encoding_from_name(opt->encoding, &src->enc) < 0) {
			sb_addf(err,
				"unknown encoding '%s' for '%s' (use utf-8, windows-1252, utf-16le, utf-16be or auto)",
				opt->encoding, name);
			return TILLID_ESYS;
		}
		src->bom = text_bom_len(buf, len, src->enc);
		info->encoding_forced = 1;
		info->encoding_reason = "forced";
	} else {
		struct text_detection det;
		text_detect(buf, len, &det);
		src->enc = det.encoding;
		src->bom = det.bom_len;
		info->encoding_reason = det.reason;
		info->header_invalid = det.header_invalid;
		info->header_invalid_offset = det.first_invalid;
		info->invalid_byte = det.invalid_byte;
	}
	return TILLID_OK;
}

static void reader_init(struct reader *r, const char *name, csv_record_fn *fn, void *ctx,
			struct csv_info *info, struct strbuf *err)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->fn = fn;
	r->ctx = ctx;
	r->err = err;
	r->info = info;
	r->line = 1;
	r->between = 1;
	sb_init(&r->data);
	sb_init(&r->text);
	sb_init(&r->nfc);
}

static void reader_release(struct reader *r)
{
	sb_release(&r->data);
	free(r->off);
	free(r->len);
	free(r->fieldv);
	free(r->rec_invalid);
	sb_release(&r->text);
	sb_release(&r->nfc);
}

/* The delimiter, detected on the first decoded text unless src fixes it. */
static void set_delimiter(struct reader *r, struct csv_parser *p, const struct source *src,
			  const char *text, size_t n)
{
	char delim = src->delim;
	if (src->detect_delim) {
		struct text_delimiter_choice ch;
		text_detect_delimiter(text, n, &ch);
		delim = ch.delimiter;
		r->info->delimiter = delim;
		r->info->delimiter_consistent = ch.consistent;
	}
	r->delim = delim;
	csv_set_delim(p, (unsigned char)delim);
}

/* Transcode buf[0..len) chunk by chunk and parse each chunk's UTF-8 before
 * the next is decoded. */
static int parse_chunks(struct reader *r, struct csv_parser *p, struct text_decoder *dec,
			const unsigned char *buf, size_t len, const struct source *src)
{
	struct strbuf *text = &r->text; /* kept for the last record, which csv_fini ends */
	int ret, first = 1;
	size_t pos = src->bom, dropped = 0;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	do {
		size_t n = len - pos < CHUNK_BYTES ? len - pos : CHUNK_BYTES;
		int final = pos + n == len;
		sb_reset(text);
#ifdef MADV_POPULATE_READ
		/* A mapped chunk's pages are mapped in one call, not one page
		 * fault at a time (kernels before 5.14 refuse it: then they
		 * fault in as read). */
		if (src->mapped && page && pos + n > dropped) {
			size_t from = pos / page * page;
			madvise((void *)(uintptr_t)(buf + from), pos + n - from, MADV_POPULATE_READ);
		}
#endif
		ret = text_decode(dec, buf + pos, n, final, text, r->err);
		if (ret)
			break;
		pos += n;
		/* A mapped file's pages decoded so far leave the process's
		 * memory (they stay in the page cache, and are read in again
		 * should an error message need them), so a file costs its
		 * chunks, not its size. */
		if (src->mapped && page && pos / page * page > dropped) {
			size_t upto = pos / page * page;
			madvise((void *)(uintptr_t)(buf + dropped), upto - dropped, MADV_DONTNEED);
			dropped = upto;
		}
		if (first) {
			first = 0;
			set_delimiter(r, p, src, text->buf, text->len);
		}
		/* Only a chunk that holds a character from U+0300 up (the
		 * decoder saw one) may change under NFC (core/nfc.h); text
		 * decoded from Windows-1252 is in NFC whatever it holds. */
		r->nfc_chunk = src->enc != TEXT_WINDOWS_1252 && dec->from_u0300;
		dec->from_u0300 = 0;
		r->nfc_record |= r->nfc_chunk;
		ret = feed(r, p, text->buf, text->len);
		text_decoder_forget(dec, r->next_invalid);
		r->next_invalid = 0;
	} while (!ret && pos < len);
	return ret;
}

/* The end of the input: a record still open is delivered, or is an
 * unterminated quoted field (in[0..in_len) is the input after the BOM). */
static int parse_end(struct reader *r, struct csv_parser *p, const unsigned char *in, size_t in_len,
		     enum text_encoding enc)
{
	/* Check the status before csv_fini, which would reset it and flush a
	 * half record. */
	if (csv_error(p) != CSV_SUCCESS) {
		sb_addf(r->err, "'%s': cannot parse: %s", r->name, csv_strerror(csv_error(p)));
		return TILLID_EDATA;
	}
	r->piece_end = UINT64_MAX; /* the last record ends here */
	if (csv_fini(p, on_field, on_record, r) != 0) {
		unterminated_error(r, in, in_len, enc);
		return TILLID_EDATA;
	}
	return r->status ? r->status : TILLID_OK;
}

/* What the reading found out about lines and bytes, into info. */
static void record_info(const struct reader *r, const struct text_decoder *dec,
			struct csv_info *info)
{
	info->n_lines = r->line - 1 + (uint64_t)r->partial;
	info->n_invalid = dec->n_invalid;
	info->n_invalid_unplaced = dec->n_unkept + dec->n_kept - r->next_invalid;
	sb_reset(&info->first_invalid);
	sb_add(&info->first_invalid, dec->first_invalid.buf, dec->first_invalid.len);
	int kinds = (r->n_crlf > 0) + (r->n_lf > 0) + (r->n_cr > 0);
	info->line_ending = kinds > 1 ? "mixed" : r->n_crlf ? "CRLF" : r->n_lf ? "LF" : r->n_cr ? "CR"
												: "none";
}

/* Decode, parse and deliver buf[0..len) as src says; info gets what was
 * found. */
static int parse_source(const char *name, const unsigned char *buf, size_t len,
			const struct source *src, csv_record_fn *fn, void *ctx, struct csv_info *info,
			struct strbuf *err)
{
	info->encoding = src->enc;
	info->bom = src->bom > 0;
	info->delimiter = src->delim;
	info->delimiter_forced = !src->detect_delim;
	info->delimiter_consistent = 1;

	struct reader r;
	reader_init(&r, name, fn, ctx, info, err);
	r.may_quote = src->may_quote;
	struct text_decoder dec;
	text_decoder_init(&dec, src->enc, name, src->replace_invalid);
	dec.offset = src->bom; /* byte offsets in messages count from the file's start */
	r.dec = &dec;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_space_func(&p, keep_spaces);
	csv_set_blk_size(&p, CSV_BLOCK);

	int ret = parse_chunks(&r, &p, &dec, buf, len, src);
	if (!ret)
		ret = parse_end(&r, &p, buf + src->bom, len - src->bom, src->enc);
	record_info(&r, &dec, info);

	csv_free(&p);
	text_decoder_release(&dec);
	reader_release(&r);
	return ret;
}

static int read_csv(const char *name, const unsigned char *buf, size_t len, int mapped,
		    const struct csv_options *opt, csv_record_fn *fn, void *ctx,
		    struct csv_info *info, struct strbuf *err)
{
	static const struct csv_options defaults = CSV_OPTIONS_INIT;
	struct csv_info own_info;
	csv_info_init(&own_info);
	if (!info)
		info = &own_info;
	struct source src;
	int ret = choose_source(name, buf, len, opt ? opt : &defaults, info, &src, err);
	src.mapped = mapped;
	if (!ret)
		ret = parse_source(name, buf, len, &src, fn, ctx, info, err);
	csv_info_release(&own_info);
	return ret;
}

int csv_read_buffer(const char *name, const void *buf, size_t len,
		    const struct csv_options *opt, csv_record_fn *fn, void *ctx,
		    struct csv_info *info, struct strbuf *err)
{
	return read_csv(name ? name : "(input)", buf, len, 0, opt, fn, ctx, info, err);
}

int csv_read_utf8(const char *name, const char *text, size_t len, char delim, csv_record_fn *fn,
		  void *ctx, struct strbuf *err)
{
	struct source src = {
		.enc = TEXT_UTF8,
		.bom = text_bom_len(text, len, TEXT_UTF8),
		.delim = delim,
	};
	struct csv_info info;
	csv_info_init(&info);
	int ret = parse_source(name ? name : "(input)", (const unsigned char *)text, len, &src, fn,
			       ctx, &info, err);
	csv_info_release(&info);
	return ret;
}

int csv_read_file(const char *path, const char *name, const struct csv_options *opt,
		  csv_record_fn *fn, void *ctx, struct csv_info *info, struct strbuf *err)
{
	if (!name)
		name = path;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		sb_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return TILLID_ESYS;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		sb_addf(err, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return TILLID_ESYS;
	}
	int ret;
	uint64_t max = opt && opt->max_bytes ? opt->max_bytes : UINT64_MAX;
	const char *fix = opt ? opt->too_large : NULL;
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		close(fd);
		sb_add_too_large(err, name, max, "an export", fix);
		return TILLID_ESYS;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		/* Map the file: the bytes are read once into the page cache and
		 * never copied whole into the heap. */
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (map == MAP_FAILED) {
			sb_addf(err, "cannot read '%s': %s", path, strerror(errno));
			return TILLID_ESYS;
		}
		posix_madvise(map, len, POSIX_MADV_SEQUENTIAL);
		ret = read_csv(name, map, len, 1, opt, fn, ctx, info, err);
		munmap(map, len);
		return ret;
	}
	close(fd);
	/* Empty files, pipes and other special files. */
	char *data;
	size_t len;
	ret = read_file_max(path, max, "an export", fix, &data, &len, err);
	if (ret)
		return ret;
	ret = read_csv(name, (const unsigned char *)data, len, 0, opt, fn, ctx, info, err);
	free(data);
	return ret;
}
