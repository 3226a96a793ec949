/* textio.c: encoding detection, one-pass transcoding to UTF-8, encoding to Windows-1252, and delimiter detection for exports. */
#include "textio.h"

#include <stdlib.h>
#include <string.h>

/*
 * Windows-1252 bytes 0x80..0x9F. Source: the Unicode Consortium's mapping
 * table https://www.unicode.org/Public/MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1252.TXT
 * (0 marks the five bytes that table leaves undefined: 0x81, 0x8D, 0x8F,
 * 0x90, 0x9D). Bytes 0xA0..0xFF are U+00A0..U+00FF (ISO 8859-1). Decoding
 * and encoding both read this table.
 */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 80..87 */
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 88..8F */
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 90..97 */
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178  /* 98..9F */
};

static const char *const encoding_names[] = {
	[TEXT_UTF8] = "utf-8",
	[TEXT_WINDOWS_1252] = "windows-1252",
	[TEXT_UTF16LE] = "utf-16le",
	[TEXT_UTF16BE] = "utf-16be",
};

const char *text_encoding_name(enum text_encoding e)
{
	if ((unsigned)e < ARRAY_SIZE(encoding_names))
		return encoding_names[e];
	return "?";
}

int text_encoding_from_name(const char *name, enum text_encoding *e)
{
	static const struct {
		const char *name;
		enum text_encoding e;
	} names[] = {
		{ "utf-8", TEXT_UTF8 },           { "utf8", TEXT_UTF8 },
		{ "windows-1252", TEXT_WINDOWS_1252 }, { "cp1252", TEXT_WINDOWS_1252 },
		{ "utf-16le", TEXT_UTF16LE },     { "utf16le", TEXT_UTF16LE },
		{ "utf-16-le", TEXT_UTF16LE },
		{ "utf-16be", TEXT_UTF16BE },     { "utf16be", TEXT_UTF16BE },
		{ "utf-16-be", TEXT_UTF16BE },
	};
	if (!name)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (str_ieq(name, names[i].name)) {
			*e = names[i].e;
			return 0;
		}
	}
	return -1;
}

/*
 * Decode one UTF-8 sequence at p[0..n). Returns its length (> 0) and the
 * code point; 0 when p ends inside a sequence that is valid so far; -k
 * when the first k bytes are invalid (the "maximal subpart" of Unicode
 * chapter 3, which becomes one U+FFFD). The second-byte ranges follow
 * Unicode Table 3-7 (well-formed UTF-8 byte sequences), which excludes
 * overlongs, surrogates and code points above U+10FFFF.
 */
static int utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned c = p[0];
	unsigned lo = 0x80, hi = 0xBF;
	int need;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return -1;
	}
	for (int i = 1; i <= need; i++) {
		if ((size_t)i >= n)
			return 0;
		unsigned b = p[i];
		if (b < lo || b > hi)
			return -i;
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (b & 0x3F);
	}
	*cp = v;
	return need + 1;
}

/* The same contract for UTF-16 (big_endian selects the byte order): a
 * unit, or a surrogate pair; a lone surrogate is invalid (2 bytes). */
static int utf16_seq(const unsigned char *p, size_t n, int big_endian, uint32_t *cp)
{
	if (n < 2)
		return 0;
	uint32_t u = big_endian ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
	if (u < 0xD800 || u > 0xDFFF) {
		*cp = u;
		return 2;
	}
	if (u >= 0xDC00)
		return -2;
	if (n < 4)
		return 0;
	uint32_t l = big_endian ? (uint32_t)p[2] << 8 | p[3] : (uint32_t)p[3] << 8 | p[2];
	if (l < 0xDC00 || l > 0xDFFF)
		return -2;
	*cp = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
	return 4;
}

static int cp1252_seq(const unsigned char *p, uint32_t *cp)
{
	unsigned c = p[0];
	if (c >= 0x80 && c < 0xA0) {
		if (!cp1252_high[c - 0x80])
			return -1;
		*cp = cp1252_high[c - 0x80];
	} else {
		*cp = c;
	}
	return 1;
}

static int decode_seq(enum text_encoding enc, const unsigned char *p, size_t n, uint32_t *cp)
{
	switch (enc) {
	case TEXT_UTF8:
		return utf8_seq(p, n, cp);
	case TEXT_WINDOWS_1252:
		return cp1252_seq(p, cp);
	case TEXT_UTF16LE:
		return utf16_seq(p, n, 0, cp);
	case TEXT_UTF16BE:
		return utf16_seq(p, n, 1, cp);
	}
	return -1;
}

int utf8_valid(const void *buf, size_t len, size_t *bad)
{
	const unsigned char *p = buf;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int r = utf8_seq(p + i, len - i, &cp);
		if (r <= 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)r;
	}
	return 1;
}

/* The second look at a buffer that is not all valid UTF-8: its invalid
 * sequences (maximal subparts, as the decoder replaces them), counted up
 * to TEXT_FEW_INVALID + 1, and into *multi its valid multi-byte ones. */
static uint64_t utf8_census(const unsigned char *p, size_t len, size_t *multi)
{
	uint64_t invalid = 0;
	size_t i = 0;
	*multi = 0;
	while (i < len && invalid <= TEXT_FEW_INVALID) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int r = utf8_seq(p + i, len - i, &cp);
		if (r > 0) {
			(*multi)++;
			i += (size_t)r;
		} else {
			invalid++;
			i += r < 0 ? (size_t)-r : len - i;
		}
	}
	return invalid;
}

size_t text_bom_len(const void *buf, size_t len, enum text_encoding e)
{
	const unsigned char *p = buf;
	switch (e) {
	case TEXT_UTF8:
		return len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
	case TEXT_UTF16LE:
		return len >= 2 && p[0] == 0xFF && p[1] == 0xFE ? 2 : 0;
	case TEXT_UTF16BE:
		return len >= 2 && p[0] == 0xFE && p[1] == 0xFF ? 2 : 0;
	case TEXT_WINDOWS_1252:
		break;
	}
	return 0;
}

void text_detect(const void *buf, size_t len, struct text_detection *d)
{
	const unsigned char *p = buf;
	static const enum text_encoding bom_order[] = { TEXT_UTF8, TEXT_UTF16LE, TEXT_UTF16BE };

	memset(d, 0, sizeof(*d));
	for (size_t i = 0; i < ARRAY_SIZE(bom_order); i++) {
		size_t n = text_bom_len(buf, len, bom_order[i]);
		if (n) {
			d->encoding = bom_order[i];
			d->bom_len = n;
			d->reason = "byte order mark";
			return;
		}
	}
	d->bom_len = 0;

	/*
	 * Text in UTF-16 from a Latin-script survey is nearly all code points
	 * below U+0100, so one byte of every pair is zero; no text in an 8-bit
	 * encoding contains zero bytes. Require at least half of the units in
	 * the first 4 KiB to have a zero high byte and (almost) none to have a
	 * zero low byte.
	 */
	size_t n = (len < 4096 ? len : 4096) / 2;
	size_t zero_even = 0, zero_odd = 0;
	for (size_t i = 0; i < n; i++) {
		zero_even += p[2 * i] == 0;
		zero_odd += p[2 * i + 1] == 0;
	}
	if (n > 0 && zero_odd * 2 >= n && zero_even * 20 <= n) {
		d->encoding = TEXT_UTF16LE;
		d->reason = "zero-byte pattern";
		return;
	}
	if (n > 0 && zero_even * 2 >= n && zero_odd * 20 <= n) {
		d->encoding = TEXT_UTF16BE;
		d->reason = "zero-byte pattern";
		return;
	}

	size_t i = 0, bad;
	while (i < len && p[i] < 0x80)
		i++;
	if (i == len) {
		d->encoding = TEXT_UTF8;
		d->reason = "ascii only";
	} else if (utf8_valid(p + i, len - i, &bad)) {
		d->encoding = TEXT_UTF8;
		d->reason = "valid utf-8";
	} else {
		bad += i;
		d->first_invalid = bad;
		d->invalid_byte = p[bad];
		d->header_invalid = !memchr(p, '\n', bad) && !memchr(p, '\r', bad);
		size_t multi = 0;
		if (!d->header_invalid)
			d->n_invalid = utf8_census(p, len, &multi);
		if (!d->header_invalid && d->n_invalid <= TEXT_FEW_INVALID && multi >= d->n_invalid) {
			d->encoding = TEXT_UTF8;
			d->reason = "utf-8 with a few invalid bytes";
		} else {
			d->encoding = TEXT_WINDOWS_1252;
			d->reason = "not valid utf-8";
		}
	}
}

static size_t put_utf8(char *o, uint32_t cp);

void text_decoder_init(struct text_decoder *d, enum text_encoding enc, const char *name,
		       int replace)
{
	memset(d, 0, sizeof(*d));
	d->encoding = enc;
	d->replace = replace;
	d->name = name;
	d->line = 1;
	d->column = 1;
	sb_init(&d->first_invalid);
}

void text_decoder_release(struct text_decoder *d)
{
	sb_release(&d->first_invalid);
	free(d->invalid);
	d->invalid = NULL;
	d->n_kept = d->alloc_kept = 0;
}

void text_decoder_forget(struct text_decoder *d, size_t n)
{
	if (!n)
		return;
	memmove(d->invalid, d->invalid + n, (d->n_kept - n) * sizeof(*d->invalid));
	d->n_kept -= n;
}

void text_invalid_as_cp1252(const struct text_invalid *inv, struct strbuf *out)
{
	char utf8[4 * 3 + 1];
	size_t n = 0;
	for (unsigned k = 0; k < inv->n_bytes && k < 4; k++) {
		uint32_t cp;
		if (cp1252_seq(&inv->bytes[k], &cp) < 0 || cp < 0x20 || cp == 0x7F)
			return;
		n += put_utf8(utf8 + n, cp);
	}
	utf8[n] = '\0';
	if (n)
		sb_addf(out, "'%s'", utf8);
}

static size_t put_utf8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* "'name':LINE:COL: invalid ENC byte(s) 0x.. (byte offset N)"; a NUL character
 * (never in a CSV export; a sign of a wrong encoding) is named as such. */
static void invalid_message(const struct text_decoder *d, const unsigned char *bytes,
			    size_t n, int nul, struct strbuf *out)
{
	sb_addf(out, "'%s':%llu:%llu: ", d->name ? d->name : "(input)",
		(unsigned long long)d->line, (unsigned long long)d->column);
	sb_addf(out, nul ? "NUL character in %s text: byte%s" : "invalid %s byte%s",
		text_encoding_name(d->encoding), n > 1 ? "s" : "");
	for (size_t i = 0; i < n; i++)
		sb_addf(out, " 0x%02x", bytes[i]);
	sb_addf(out, " (byte offset %llu)", (unsigned long long)d->offset);
}

/* Keep the place of the invalid bytes p[0..n), whose U+FFFD goes at
 * offset at of this call's output. */
static void keep_invalid(struct text_decoder *d, const unsigned char *p, size_t n, uint64_t at)
{
	if (d->n_kept == TEXT_INVALID_KEPT) {
		d->n_unkept++;
		return;
	}
	ALLOC_GROW(d->invalid, d->n_kept + 1, d->alloc_kept);
	struct text_invalid *inv = &d->invalid[d->n_kept++];
	*inv = (struct text_invalid){ d->out_total + at, d->offset, d->line, { 0 }, 0 };
	inv->n_bytes = n < 4 ? (unsigned)n : 4;
	memcpy(inv->bytes, p, inv->n_bytes);
}

/*
 * Handle one decoded result r for the bytes at p (from the input or the
 * carry buffer): write the code point or U+FFFD at *o and move the
 * position. Returns the input bytes consumed (> 0), or 0 when stopping on
 * an invalid sequence (message in err).
 */
static size_t emit(struct text_decoder *d, const unsigned char *p, int r, uint32_t cp,
		   char **o, struct strbuf *err)
{
	size_t used = (size_t)(r > 0 ? r : -r);
	int nul = r > 0 && cp == 0;

	if (r < 0 || nul) {
		if (!d->replace) {
			invalid_message(d, p, used, nul, err);
			return 0;
		}
		if (!d->n_invalid)
			invalid_message(d, p, used, nul, &d->first_invalid);
		d->n_invalid++;
		keep_invalid(d, p, used, (uint64_t)(*o - d->out_start));
		cp = 0xFFFD;
	} else if (cp >= 0x300) {
		d->from_u0300 = 1;
	}
	*o += put_utf8(*o, cp);
	d->offset += used;
	if (cp == '\n') {
		if (!d->last_cr)
			d->line++;
		d->column = 1;
		d->last_cr = 0;
	} else if (cp == '\r') {
		d->line++;
		d->column = 1;
		d->last_cr = 1;
	} else {
		d->column++;
		d->last_cr = 0;
	}
	return used;
}

int text_decode(struct text_decoder *d, const void *in, size_t len, int final,
		struct strbuf *out, struct strbuf *err)
{
	const unsigned char *p = in;
	size_t i = 0;
	uint32_t cp = 0;
	int r;

	/* Every input byte yields at most 3 output bytes (a UTF-8 lead byte
	 * alone gives U+FFFD); carried bytes at most 4 more. */
	if (!out->buf)
		sb_init(out);
	ALLOC_GROW(out->buf, out->len + 3 * len + 3 * sizeof(d->carry) + 1, out->alloc);
	char *o = out->buf + out->len;
	d->out_start = o;
	int status = TILLID_OK;

	/* Finish a sequence cut off at the end of the previous chunk. */
	while (d->n_carry && (i < len || final)) {
		unsigned char tmp[8];
		size_t take = len - i;
		if (take > sizeof(tmp) - d->n_carry)
			take = sizeof(tmp) - d->n_carry;
		memcpy(tmp, d->carry, d->n_carry);
		memcpy(tmp + d->n_carry, p + i, take);
		unsigned k = d->n_carry + (unsigned)take;
		r = decode_seq(d->encoding, tmp, k, &cp);
		if (r == 0) {
			if (!final) {
				/* Still incomplete (so k < 4): all of it is carried. */
				memcpy(d->carry, tmp, k);
				d->n_carry = k;
				i = len;
				break;
			}
			r = -(int)k;
		}
		size_t used = emit(d, tmp, r, cp, &o, err);
		if (!used) {
			status = TILLID_EDATA;
			goto done;
		}
		if (used >= d->n_carry) {
			i += used - d->n_carry;
			d->n_carry = 0;
		} else {
			memmove(d->carry, d->carry + used, d->n_carry - used);
			d->n_carry -= (unsigned)used;
		}
	}

	int bytewise = d->encoding == TEXT_UTF8 || d->encoding == TEXT_WINDOWS_1252;
	while (i < len) {
		if (bytewise) {
			/* Runs of printable ASCII are copied as they are; the
			 * run is found eight bytes at a time while no byte has
			 * its high bit set or is below 0x20 (the "has less
			 * than" test of Anderson, "Bit Twiddling Hacks"). */
			size_t j = i;
			const uint64_t high = 0x8080808080808080ULL, space = 0x2020202020202020ULL;
			for (uint64_t w; j + 8 <= len; j += 8) {
				memcpy(&w, p + j, 8);
				if ((w & high) || ((w - space) & ~w & high))
					break;
			}
			while (j < len && p[j] >= 0x20 && p[j] < 0x80)
				j++;
			if (j > i) {
				memcpy(o, p + i, j - i);
				o += j - i;
				d->offset += j - i;
				d->column += j - i;
				d->last_cr = 0;
				i = j;
				if (i == len)
					break;
			}
		}
		r = decode_seq(d->encoding, p + i, len - i, &cp);
		if (r == 0) {
			if (!final) {
				d->n_carry = (unsigned)(len - i);
				memcpy(d->carry, p + i, d->n_carry);
				break;
			}
			r = -(int)(len - i);
		}
		size_t used = emit(d, p + i, r, cp, &o, err);
		if (!used) {
			status = TILLID_EDATA;
			goto done;
		}
		i += used;
	}
done:
	d->out_total += (uint64_t)(o - d->out_start);
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
	return status;
}

int text_decode_all(enum text_encoding enc, const char *name, int replace, const void *in,
		    size_t len, struct strbuf *out, uint64_t *n_invalid,
		    struct strbuf *first_invalid, struct strbuf *err)
{
	struct text_decoder d;
	text_decoder_init(&d, enc, name, replace);
	int ret = text_decode(&d, in, len, 1, out, err);
	if (n_invalid)
		*n_invalid = d.n_invalid;
	if (first_invalid && d.n_invalid)
		sb_add(first_invalid, d.first_invalid.buf, d.first_invalid.len);
	text_decoder_release(&d);
	return ret;
}

/* The Windows-1252 byte of code point cp, or -1 when there is none. */
static int cp1252_byte(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
		return (int)cp;
	for (int k = 0; k < 32; k++)
		if (cp1252_high[k] && cp1252_high[k] == cp)
			return 0x80 + k;
	return -1;
}

int text_encode_cp1252(struct strbuf *out, const char *s, size_t len, char subst, struct strbuf *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		while (run < len && p[run] < 0x80)
			run++;
		sb_add(out, p + i, run - i);
		if ((i = run) == len)
			break;
		uint32_t cp;
		int r = utf8_seq(p + i, len - i, &cp);
		if (r <= 0) {
			size_t n = r < 0 ? (size_t)-r : len - i;
			sb_addf(err, "invalid utf-8 byte%s", n > 1 ? "s" : "");
			for (size_t k = 0; k < n; k++)
				sb_addf(err, " 0x%02x", p[i + k]);
			sb_addf(err, " (byte offset %zu)", i);
			return TILLID_EDATA;
		}
		int b = cp1252_byte(cp);
		if (b < 0 && !subst) {
			sb_addf(err, "U+%04X has no windows-1252 byte (byte offset %zu)", (unsigned)cp, i);
			return TILLID_EDATA;
		}
		sb_addc(out, b < 0 ? subst : (char)b);
		i += (size_t)r;
	}
	return TILLID_OK;
}

const char *text_delimiter_name(char delim)
{
	switch (delim) {
	case ';':
		return "semicolon";
	case ',':
		return "comma";
	case '\t':
		return "tab";
	}
	return "?";
}

int text_delimiter_from_name(const char *name, char *delim)
{
	if (!name)
		return -1;
	if (str_ieq(name, "semicolon") || !strcmp(name, ";"))
		*delim = ';';
	else if (str_ieq(name, "comma") || !strcmp(name, ","))
		*delim = ',';
	else if (str_ieq(name, "tab") || !strcmp(name, "\t"))
		*delim = '\t';
	else
		return -1;
	return 0;
}

/*
 * Split one record of buf starting at *pos with delimiter delim, the way
 * libcsv does (a quote opens a quoted field only at the start of a field,
 * "" inside is a quote, line breaks inside quotes belong to the field),
 * leniently (text after a closing quote stays in the field). Blank lines
 * before the record are skipped. Returns the field count and moves *pos
 * past the record's line break; returns 0 at the end of buf, and sets
 * *complete to 0 when the record was not ended by a line break.
 */
static unsigned split_record(const char *buf, size_t len, size_t *pos, char delim,
			     int *complete)
{
	size_t i = *pos;
	while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (i == len) {
		*pos = i;
		*complete = 0;
		return 0;
	}
	unsigned fields = 1;
	int at_start = 1, quoted = 0;
	*complete = 0;
	for (; i < len; i++) {
		char c = buf[i];
		if (quoted) {
			if (c == '"') {
				if (i + 1 < len && buf[i + 1] == '"')
					i++;
				else
					quoted = 0;
			}
			continue;
		}
		if (c == '\r' || c == '\n') {
			i++;
			if (c == '\r' && i < len && buf[i] == '\n')
				i++;
			*complete = 1;
			break;
		}
		if (c == delim) {
			fields++;
			at_start = 1;
			continue;
		}
		if (c == '"' && at_start)
			quoted = 1;
		at_start = 0;
	}
	*pos = i;
	return fields;
}

void text_detect_delimiter(const char *buf, size_t len, struct text_delimiter_choice *c)
{
	static const char cands[3] = { ';', ',', '\t' };
	unsigned header_fields[3], checked[3];
	int consistent[3];
	int complete;

	memset(c, 0, sizeof(*c));
	/* Count on the header line outside quotes. */
	size_t i = 0;
	while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	int quoted = 0, at_start = 1;
	for (; i < len; i++) {
		char ch = buf[i];
		if (quoted) {
			if (ch == '"') {
				if (i + 1 < len && buf[i + 1] == '"')
					i++;
				else
					quoted = 0;
			}
			continue;
		}
		if (ch == '\r' || ch == '\n')
			break;
		if (ch == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		}
		at_start = 0;
		for (int k = 0; k < 3; k++) {
			if (ch == cands[k]) {
				c->counts[k]++;
				at_start = 1;
			}
		}
	}

	int best = -1;
	for (int k = 0; k < 3; k++) {
		consistent[k] = 0;
		checked[k] = 0;
		header_fields[k] = 0;
		if (!c->counts[k])
			continue;
		size_t pos = 0;
		header_fields[k] = split_record(buf, len, &pos, cands[k], &complete);
		consistent[k] = 1;
		for (int r = 0; r < 20; r++) {
			unsigned nf = split_record(buf, len, &pos, cands[k], &complete);
			if (!nf || !complete)
				break;
			checked[k]++;
			if (nf != header_fields[k]) {
				consistent[k] = 0;
				break;
			}
		}
		if (best < 0 || consistent[k] > consistent[best] ||
		    (consistent[k] == consistent[best] &&
		     header_fields[k] > header_fields[best]))
			best = k;
	}
	if (best < 0) {
		c->delimiter = ',';
		c->consistent = 1;
		c->header_fields = 1;
		return;
	}
	c->delimiter = cands[best];
	c->consistent = consistent[best];
	c->header_fields = header_fields[best];
	c->records_checked = checked[best];
}
