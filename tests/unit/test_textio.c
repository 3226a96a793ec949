/* test_textio.c: unit tests for encoding detection, transcoding to UTF-8, encoding to Windows-1252 and delimiter detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/csvread.h"
#include "core/textio.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* "æøåÆØÅ é €–" in each encoding, written out byte by byte. */
static const char sample_utf8[] = "\xc3\xa6\xc3\xb8\xc3\xa5\xc3\x86\xc3\x98\xc3\x85 \xc3\xa9 "
				  "\xe2\x82\xac\xe2\x80\x93";
static const char sample_1252[] = "\xe6\xf8\xe5\xc6\xd8\xc5 \xe9 \x80\x96";
static const char sample_16le[] = "\xe6\0\xf8\0\xe5\0\xc6\0\xd8\0\xc5\0 \0\xe9\0 \0\xac\x20\x13\x20";
static const char sample_16be[] = "\0\xe6\0\xf8\0\xe5\0\xc6\0\xd8\0\xc5\0 \0\xe9\0 \x20\xac\x20\x13";

static void detect(const void *buf, size_t len, enum text_encoding want, size_t bom,
		   const char *reason)
{
	struct text_detection d;
	text_detect(buf, len, &d);
	assert_string_equal(text_encoding_name(d.encoding), text_encoding_name(want));
	assert_int_equal(d.bom_len, bom);
	assert_string_equal(d.reason, reason);
}

static void test_detect(void **state)
{
	(void)state;
	detect("id;navn\r\n1;Ole\r\n", 16, TEXT_UTF8, 0, "ascii only");
	detect("", 0, TEXT_UTF8, 0, "ascii only");
	detect("\xef\xbb\xbfid;navn\n", 11, TEXT_UTF8, 3, "byte order mark");
	detect(sample_utf8, sizeof(sample_utf8) - 1, TEXT_UTF8, 0, "valid utf-8");
	detect(sample_1252, sizeof(sample_1252) - 1, TEXT_WINDOWS_1252, 0, "not valid utf-8");
	detect("\xff\xfei\0d\0", 6, TEXT_UTF16LE, 2, "byte order mark");
	detect("\xfe\xff\0i\0d", 6, TEXT_UTF16BE, 2, "byte order mark");
	detect(sample_16le, sizeof(sample_16le) - 1, TEXT_UTF16LE, 0, "zero-byte pattern");
	detect(sample_16be, sizeof(sample_16be) - 1, TEXT_UTF16BE, 0, "zero-byte pattern");

	/* One Windows-1252 byte far into an otherwise ASCII file decides. */
	size_t n = 100000;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	big[n - 10] = '\xf8';
	detect(big, n, TEXT_WINDOWS_1252, 0, "not valid utf-8");
	big[n - 10] = '\xc3';
	big[n - 9] = '\xb8';
	detect(big, n, TEXT_UTF8, 0, "valid utf-8");
	/* A UTF-8 sequence cut off at the very end is not valid UTF-8. */
	big[n - 1] = '\xc3';
	detect(big, n, TEXT_WINDOWS_1252, 0, "not valid utf-8");
	free(big);
}

/* A UTF-8 file (its header too) with a few invalid bytes outside the
 * header stays UTF-8; one invalid byte in the header, or more than a few,
 * or none of UTF-8's multi-byte sequences beside them, make it
 * Windows-1252. */
static void test_detect_few_invalid(void **state)
{
	(void)state;
	static const char few[] = "id;gr\xc3\xb8n\r\n1;P\xc3\xa5r\xc3\xb8rende\r\n2;Sv\xe6rt\r\n";
	struct text_detection d;
	text_detect(few, sizeof(few) - 1, &d);
	assert_int_equal(d.encoding, TEXT_UTF8);
	assert_string_equal(d.reason, "utf-8 with a few invalid bytes");
	assert_int_equal(d.n_invalid, 1);
	assert_int_equal(d.header_invalid, 0);
	assert_int_equal(d.first_invalid, sizeof(few) - 1 - 5);
	assert_int_equal(d.invalid_byte, 0xe6);

	static const char header[] = "id;gr\xf8n\r\n1;P\xc3\xa5r\xc3\xb8rende\r\n";
	text_detect(header, sizeof(header) - 1, &d);
	assert_int_equal(d.encoding, TEXT_WINDOWS_1252);
	assert_string_equal(d.reason, "not valid utf-8");
	assert_int_equal(d.header_invalid, 1);
	assert_int_equal(d.first_invalid, 5);
	assert_int_equal(d.invalid_byte, 0xf8);

	/* TEXT_FEW_INVALID invalid bytes are few; one more is not. */
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, "id;t\n");
	for (int i = 0; i < 40; i++)
		sb_adds(&sb, "1;\xc3\xa6\xc3\xb8\n");
	for (int i = 0; i < TEXT_FEW_INVALID; i++)
		sb_adds(&sb, "2;\xe6\n");
	text_detect(sb.buf, sb.len, &d);
	assert_int_equal(d.encoding, TEXT_UTF8);
	assert_int_equal(d.n_invalid, TEXT_FEW_INVALID);
	sb_adds(&sb, "2;\xe6\n");
	text_detect(sb.buf, sb.len, &d);
	assert_int_equal(d.encoding, TEXT_WINDOWS_1252);
	assert_int_equal(d.header_invalid, 0);
	sb_release(&sb);
}

/* The decoder keeps where each invalid sequence was, across chunks. */
static void test_invalid_places(void **state)
{
	(void)state;
	struct text_decoder d;
	text_decoder_init(&d, TEXT_UTF8, "t.csv", 1);
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(text_decode(&d, "a\xc3\xa6\n\xe6", 5, 0, &out, &err), TILLID_OK);
	sb_reset(&out); /* the caller may empty the output between chunks */
	assert_int_equal(text_decode(&d, "x\n\xc3", 3, 1, &out, &err), TILLID_OK);
	assert_int_equal(d.n_kept, 2);
	/* "a" "æ" "\n" then U+FFFD at output offset 4, byte offset 4, line 2 */
	assert_int_equal(d.invalid[0].text_offset, 4);
	assert_int_equal(d.invalid[0].byte_offset, 4);
	assert_int_equal(d.invalid[0].line, 2);
	assert_int_equal(d.invalid[0].n_bytes, 1);
	assert_int_equal(d.invalid[0].bytes[0], 0xe6);
	/* the cut-off lead byte at the end: after U+FFFD (3 bytes), "x\n" */
	assert_int_equal(d.invalid[1].text_offset, 9);
	assert_int_equal(d.invalid[1].byte_offset, 7);
	assert_int_equal(d.invalid[1].line, 3);
	text_decoder_forget(&d, 1);
	assert_int_equal(d.n_kept, 1);
	assert_int_equal(d.invalid[0].byte_offset, 7);

	struct strbuf cp = STRBUF_INIT;
	sb_init(&cp);
	struct text_invalid inv = { 0, 0, 1, { 0xe6 }, 1 };
	text_invalid_as_cp1252(&inv, &cp);
	assert_string_equal(cp.buf, "'\xc3\xa6'");
	sb_reset(&cp);
	inv.bytes[0] = 0x81; /* undefined in Windows-1252 */
	text_invalid_as_cp1252(&inv, &cp);
	assert_int_equal(cp.len, 0);
	sb_release(&cp);
	sb_release(&out);
	sb_release(&err);
	text_decoder_release(&d);
}

static void test_names(void **state)
{
	(void)state;
	enum text_encoding e;
	assert_int_equal(text_encoding_from_name("UTF-8", &e), 0);
	assert_int_equal(e, TEXT_UTF8);
	assert_int_equal(text_encoding_from_name("windows-1252", &e), 0);
	assert_int_equal(e, TEXT_WINDOWS_1252);
	assert_int_equal(text_encoding_from_name("utf-16le", &e), 0);
	assert_int_equal(e, TEXT_UTF16LE);
	assert_int_equal(text_encoding_from_name("utf-16be", &e), 0);
	assert_int_equal(e, TEXT_UTF16BE);
	assert_int_equal(text_encoding_from_name("auto", &e), -1);
	assert_int_equal(text_encoding_from_name("latin-9", &e), -1);
	for (int i = TEXT_UTF8; i <= TEXT_UTF16BE; i++) {
		assert_int_equal(text_encoding_from_name(text_encoding_name(i), &e), 0);
		assert_int_equal(e, i);
	}
}

static void decode_ok(enum text_encoding enc, const char *in, size_t len, const char *want)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	uint64_t bad = 99;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(text_decode_all(enc, "t.csv", 0, in, len, &out, &bad, NULL, &err),
			 TILLID_OK);
	assert_string_equal(out.buf, want);
	assert_int_equal(out.len, strlen(want));
	assert_int_equal(bad, 0);
	assert_string_equal(err.buf, "");

	/* The same result however the input is cut into two chunks. */
	for (size_t cut = 0; cut <= len; cut++) {
		struct text_decoder d;
		text_decoder_init(&d, enc, "t.csv", 0);
		sb_reset(&out);
		assert_int_equal(text_decode(&d, in, cut, 0, &out, &err), TILLID_OK);
		assert_int_equal(text_decode(&d, in + cut, len - cut, 1, &out, &err), TILLID_OK);
		assert_string_equal(out.buf, want);
		text_decoder_release(&d);
	}
	/* And byte by byte. */
	struct text_decoder d;
	text_decoder_init(&d, enc, "t.csv", 0);
	sb_reset(&out);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(text_decode(&d, in + i, 1, 0, &out, &err), TILLID_OK);
	assert_int_equal(text_decode(&d, "", 0, 1, &out, &err), TILLID_OK);
	assert_string_equal(out.buf, want);
	text_decoder_release(&d);
	sb_release(&out);
	sb_release(&err);
}

static void test_transcode(void **state)
{
	(void)state;
	decode_ok(TEXT_UTF8, sample_utf8, sizeof(sample_utf8) - 1, sample_utf8);
	decode_ok(TEXT_WINDOWS_1252, sample_1252, sizeof(sample_1252) - 1, sample_utf8);
	decode_ok(TEXT_UTF16LE, sample_16le, sizeof(sample_16le) - 1, sample_utf8);
	decode_ok(TEXT_UTF16BE, sample_16be, sizeof(sample_16be) - 1, sample_utf8);
	/* A surrogate pair (U+1F600) and a 4-byte UTF-8 sequence. */
	decode_ok(TEXT_UTF16LE, "a\0\x3d\xd8\x00\xde" "b\0", 8, "a\xf0\x9f\x98\x80" "b");
	decode_ok(TEXT_UTF16BE, "\0a\xd8\x3d\xde\x00\0b", 8, "a\xf0\x9f\x98\x80" "b");
	decode_ok(TEXT_UTF8, "a\xf0\x9f\x98\x80" "b", 6, "a\xf0\x9f\x98\x80" "b");
	/* Line breaks and tabs pass through unchanged. */
	decode_ok(TEXT_WINDOWS_1252, "a\tb\r\nc\rd\n", 9, "a\tb\r\nc\rd\n");
	decode_ok(TEXT_UTF16LE, "a\0\t\0\r\0\n\0", 8, "a\t\r\n");
}

/* Every defined Windows-1252 byte decodes as glibc's iconv decodes it: an
 * independent check of the table. */
static void test_cp1252_table(void **state)
{
	(void)state;
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	assert_true(cd != (iconv_t)-1);
	int undefined = 0;
	for (unsigned b = 1; b < 256; b++) {
		char in[1] = { (char)b };
		char want[8] = { 0 };
		char *ip = in, *op = want;
		size_t il = 1, ol = sizeof(want) - 1;
		size_t r = iconv(cd, &ip, &il, &op, &ol);
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		sb_init(&out);
		sb_init(&err);
		int ret = text_decode_all(TEXT_WINDOWS_1252, "t", 0, in, 1, &out, NULL, NULL, &err);
		if (b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d) {
			assert_int_equal(ret, TILLID_EDATA);
			undefined++;
		} else {
			assert_true(r != (size_t)-1);
			assert_int_equal(ret, TILLID_OK);
			assert_string_equal(out.buf, want);
		}
		sb_release(&out);
		sb_release(&err);
	}
	assert_int_equal(undefined, 5);
	iconv_close(cd);
	decode_ok(TEXT_WINDOWS_1252, "\x80\x96", 2, "\xe2\x82\xac\xe2\x80\x93");
}

static void encode_ok(const char *utf8, size_t len, char subst, const char *want, size_t want_len)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(text_encode_cp1252(&out, utf8, len, subst, &err), TILLID_OK);
	assert_int_equal(out.len, want_len);
	assert_memory_equal(out.buf, want, want_len);
	assert_string_equal(err.buf, "");
	sb_release(&out);
	sb_release(&err);
}

static void encode_bad(const char *utf8, size_t len, char subst, const char *msg, const char *before)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(text_encode_cp1252(&out, utf8, len, subst, &err), TILLID_EDATA);
	assert_string_equal(err.buf, msg);
	assert_string_equal(out.buf, before);
	sb_release(&out);
	sb_release(&err);
}

/* Encoding to Windows-1252 undoes decoding for every defined byte, and
 * refuses (or substitutes) what Windows-1252 cannot hold. */
static void test_encode_cp1252(void **state)
{
	(void)state;
	for (unsigned b = 1; b < 256; b++) {
		if (b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d)
			continue;
		char in[1] = { (char)b };
		struct strbuf utf8 = STRBUF_INIT, err = STRBUF_INIT;
		sb_init(&utf8);
		sb_init(&err);
		assert_int_equal(text_decode_all(TEXT_WINDOWS_1252, "t", 0, in, 1, &utf8, NULL, NULL, &err),
				 TILLID_OK);
		encode_ok(utf8.buf, utf8.len, 0, in, 1);
		sb_release(&utf8);
		sb_release(&err);
	}
	encode_ok(sample_utf8, sizeof(sample_utf8) - 1, 0, sample_1252, sizeof(sample_1252) - 1);
	encode_ok("", 0, 0, "", 0);
	encode_ok("a\r\nb", 4, 0, "a\r\nb", 4);
	/* U+0105 (a with ogonek), U+0081 (a C1 control: 0x81 is undefined) and
	 * U+1F600 have no byte. */
	encode_bad("ab\xc4\x85", 4, 0, "U+0105 has no windows-1252 byte (byte offset 2)", "ab");
	encode_bad("\xc2\x81", 2, 0, "U+0081 has no windows-1252 byte (byte offset 0)", "");
	encode_ok("\xc4\x85-\xf0\x9f\x98\x80-\xe2\x82\xac", 11, '?', "?-?-\x80", 5);
	/* Invalid UTF-8 is refused, substitute or not. */
	encode_bad("ok\xf8", 3, 0, "invalid utf-8 byte 0xf8 (byte offset 2)", "ok");
	encode_bad("\xc3(", 2, '?', "invalid utf-8 byte 0xc3 (byte offset 0)", "");
	encode_bad("x\xe2\x82", 3, '?', "invalid utf-8 bytes 0xe2 0x82 (byte offset 1)", "x");
	encode_bad("\xed\xa0\x80", 3, '?', "invalid utf-8 byte 0xed (byte offset 0)", ""); /* a surrogate */
}

static void decode_bad(enum text_encoding enc, const char *in, size_t len, const char *msg,
		       const char *replaced, uint64_t n_bad)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT, first = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	sb_init(&first);
	assert_int_equal(text_decode_all(enc, "t.csv", 0, in, len, &out, NULL, NULL, &err),
			 TILLID_EDATA);
	assert_string_equal(err.buf, msg);

	uint64_t n = 0;
	sb_reset(&out);
	sb_reset(&err);
	assert_int_equal(text_decode_all(enc, "t.csv", 1, in, len, &out, &n, &first, &err),
			 TILLID_OK);
	assert_string_equal(out.buf, replaced);
	assert_int_equal(n, n_bad);
	assert_string_equal(first.buf, msg);
	assert_string_equal(err.buf, "");
	sb_release(&out);
	sb_release(&err);
	sb_release(&first);
}

#define FFFD "\xef\xbf\xbd"

static void test_invalid(void **state)
{
	(void)state;
	decode_bad(TEXT_UTF8, "ab\ncd\xc3(x", 8,
		   "'t.csv':2:3: invalid utf-8 byte 0xc3 (byte offset 5)", "ab\ncd" FFFD "(x", 1);
	/* Positions count characters, not bytes; CRLF is one line break. */
	decode_bad(TEXT_UTF8, "\xc3\xa6\xc3\xb8\r\n\xc3\xa5x\xff\xfe", 11,
		   "'t.csv':2:3: invalid utf-8 byte 0xff (byte offset 9)",
		   "\xc3\xa6\xc3\xb8\r\n\xc3\xa5x" FFFD FFFD, 2);
	/* Overlong, surrogate, beyond U+10FFFF, stray continuation byte. */
	decode_bad(TEXT_UTF8, "\xc0\xaf", 2, "'t.csv':1:1: invalid utf-8 byte 0xc0 (byte offset 0)",
		   FFFD FFFD, 2);
	decode_bad(TEXT_UTF8, "\xed\xa0\x80", 3,
		   "'t.csv':1:1: invalid utf-8 byte 0xed (byte offset 0)", FFFD FFFD FFFD, 3);
	decode_bad(TEXT_UTF8, "x\xf4\x90\x80\x80", 5,
		   "'t.csv':1:2: invalid utf-8 byte 0xf4 (byte offset 1)", "x" FFFD FFFD FFFD FFFD,
		   4);
	decode_bad(TEXT_UTF8, "\xe2\x82", 2,
		   "'t.csv':1:1: invalid utf-8 bytes 0xe2 0x82 (byte offset 0)", FFFD, 1);
	decode_bad(TEXT_UTF8, "a\rb\rc\x80", 6,
		   "'t.csv':3:2: invalid utf-8 byte 0x80 (byte offset 5)", "a\rb\rc" FFFD, 1);
	decode_bad(TEXT_WINDOWS_1252, "id;navn\n1;\xe6" "bler\n2;x\x81y\x9d", 22,
		   "'t.csv':3:4: invalid windows-1252 byte 0x81 (byte offset 19)",
		   "id;navn\n1;\xc3\xa6" "bler\n2;x" FFFD "y" FFFD, 2);
	decode_bad(TEXT_UTF8, "a\0b", 3,
		   "'t.csv':1:2: NUL character in utf-8 text: byte 0x00 (byte offset 1)",
		   "a" FFFD "b", 1);
	/* UTF-16: a lone low surrogate, a high one without its pair, an odd byte. */
	decode_bad(TEXT_UTF16LE, "a\0\x00\xdc" "b\0", 6,
		   "'t.csv':1:2: invalid utf-16le bytes 0x00 0xdc (byte offset 2)", "a" FFFD "b", 1);
	decode_bad(TEXT_UTF16BE, "\0a\xd8\x3d\0b", 6,
		   "'t.csv':1:2: invalid utf-16be bytes 0xd8 0x3d (byte offset 2)", "a" FFFD "b", 1);
	decode_bad(TEXT_UTF16LE, "a\0b", 3,
		   "'t.csv':1:2: invalid utf-16le byte 0x62 (byte offset 2)", "a" FFFD, 1);
}

/* An invalid sequence split over two chunks is reported once, where it starts. */
static void test_invalid_across_chunks(void **state)
{
	(void)state;
	struct text_decoder d;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&out);
	sb_init(&err);
	text_decoder_init(&d, TEXT_UTF8, "t.csv", 1);
	assert_int_equal(text_decode(&d, "ab\xe2", 3, 0, &out, &err), TILLID_OK);
	assert_string_equal(out.buf, "ab");
	assert_int_equal(text_decode(&d, "\x82xy", 3, 1, &out, &err), TILLID_OK);
	assert_string_equal(out.buf, "ab" FFFD "xy");
	assert_int_equal(d.n_invalid, 1);
	assert_string_equal(d.first_invalid.buf,
			    "'t.csv':1:3: invalid utf-8 bytes 0xe2 0x82 (byte offset 2)");
	text_decoder_release(&d);

	/* UTF-16: a high surrogate, then one byte of a unit that is no low one. */
	text_decoder_init(&d, TEXT_UTF16LE, "t.csv", 1);
	sb_reset(&out);
	assert_int_equal(text_decode(&d, "\x3d\xd8" "a", 3, 0, &out, &err), TILLID_OK);
	assert_int_equal(text_decode(&d, "\0", 1, 1, &out, &err), TILLID_OK);
	assert_string_equal(out.buf, FFFD "a");
	assert_int_equal(d.n_invalid, 1);
	text_decoder_release(&d);
	sb_release(&out);
	sb_release(&err);
}

static void delim(const char *text, char want, int consistent)
{
	struct text_delimiter_choice c;
	text_detect_delimiter(text, strlen(text), &c);
	assert_int_equal(c.delimiter, want);
	assert_int_equal(c.consistent, consistent);
}

static void test_delimiter(void **state)
{
	(void)state;
	delim("id;navn;alder\n1;Ole;34\n2;Mette;41\n", ';', 1);
	delim("id,navn,alder\r\n1,Ole,34\r\n", ',', 1);
	delim("id\tnavn\talder\n1\tOle\t34\n", '\t', 1);
	/* Delimiters inside quoted header names do not count. */
	delim("\"Navn, fornavn\";\"Alder; \"\"år\"\"\tx\";K\xc3\xb8n\n\"Ole\";34;m\n", ';', 1);
	delim("\"a;b;c;d\",\"e\tf\",g\n1,2,3\n", ',', 1);
	/* More semicolons than commas on the header, but only the comma gives
	 * every record the header's field count. */
	delim("id,svar;tekst;x;y\n1,2\n3,4\n", ',', 1);
	/* Equally consistent: the one with more fields wins. */
	delim("a;b,c;d\n1;2,3;4\n", ';', 1);
	/* A quoted newline inside a record does not break the count. */
	delim("a;b\n\"x\ny\";2\n3;4\n", ';', 1);
	/* Nothing consistent: the most frequent on the header, flagged. */
	delim("a;b;c\n1;2\n", ';', 0);
	/* A single column. */
	delim("navn\nOle\n", ',', 1);
	/* A record cut off at the end of the sample does not count. */
	delim("a;b;c\n1;2;3\n4;5", ';', 1);

	char d;
	assert_int_equal(text_delimiter_from_name("semicolon", &d), 0);
	assert_int_equal(d, ';');
	assert_int_equal(text_delimiter_from_name("comma", &d), 0);
	assert_int_equal(d, ',');
	assert_int_equal(text_delimiter_from_name("tab", &d), 0);
	assert_int_equal(d, '\t');
	assert_int_equal(text_delimiter_from_name("auto", &d), -1);
	assert_int_equal(text_delimiter_from_name("pipe", &d), -1);
	assert_string_equal(text_delimiter_name('\t'), "tab");
}

static int count_fields(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	size_t *n = ctx;
	if (rec->index == 0)
		*n = rec->n;
	return TILLID_OK;
}

/* A forced delimiter overrides detection, also when detection would disagree. */
static void test_delimiter_forced(void **state)
{
	(void)state;
	const char *text = "a;b,c;d\n1;2,3;4\n";
	static const struct {
		const char *delimiter; /* NULL: detect */
		size_t fields;
		int found, forced;
	} cases[] = {
		{ NULL, 3, ';', 0 },
		{ "comma", 2, ',', 1 },
	};
	struct csv_options opt = CSV_OPTIONS_INIT;
	struct csv_info info;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = 0;
		opt.delimiter = cases[i].delimiter;
		csv_info_init(&info);
		assert_int_equal(csv_read_buffer("t.csv", text, strlen(text), &opt, count_fields, &n, &info, &err),
				 TILLID_OK);
		assert_int_equal(n, cases[i].fields);
		assert_int_equal(info.delimiter, cases[i].found);
		assert_int_equal(info.delimiter_forced, cases[i].forced);
		csv_info_release(&info);
	}

	size_t n = 0;
	opt.delimiter = "pipe";
	csv_info_init(&info);
	assert_int_equal(csv_read_buffer("t.csv", text, strlen(text), &opt, count_fields, &n, &info, &err),
			 TILLID_ESYS);
	assert_string_equal(err.buf,
			    "unknown delimiter 'pipe' for 't.csv' (use semicolon, comma, tab or auto)");
	csv_info_release(&info);
	sb_release(&err);
}

/* The decoder notes a character from U+0300 up (text NFC may change),
 * and nothing below it, nor the U+FFFD of invalid bytes. */
static void test_from_u0300(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		enum text_encoding enc;
		int want;
	} cases[] = {
		{ "P\xc3\xa5r\xc3\xb8rende \xcb\xbf", TEXT_UTF8, 0 },
		{ "Pa\xcc\x8ar\xc3\xb8rende", TEXT_UTF8, 1 },
		{ "\xe2\x80\x93", TEXT_UTF8, 1 },
		{ "a\xff\xc3", TEXT_UTF8, 0 },
		{ "P\xe5r\xf8rende", TEXT_WINDOWS_1252, 0 },
		{ "a\0\x0a\x03", TEXT_UTF16LE, 1 },
	};
	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		struct text_decoder d;
		text_decoder_init(&d, cases[k].enc, "t.csv", 1);
		struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
		sb_init(&out);
		sb_init(&err);
		size_t len = cases[k].enc == TEXT_UTF16LE ? 4 : strlen(cases[k].in);
		assert_int_equal(text_decode(&d, cases[k].in, len, 1, &out, &err), TILLID_OK);
		assert_int_equal(d.from_u0300, cases[k].want);
		sb_release(&out);
		sb_release(&err);
		text_decoder_release(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_few_invalid),
		cmocka_unit_test(test_invalid_places),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_transcode),
		cmocka_unit_test(test_cp1252_table),
		cmocka_unit_test(test_encode_cp1252),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_invalid_across_chunks),
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_delimiter_forced),
		cmocka_unit_test(test_from_u0300),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
