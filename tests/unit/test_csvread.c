/* test_csvread.c: unit tests for the streaming CSV reader: line numbers, quoting, errors, encodings, big inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/csvread.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every record rendered as "LINE:N:f1|f2|..." for easy comparison. */
struct collect {
	struct strlist rec;
	int stop_at; /* return TILLID_EDATA at this record index (-1: never) */
	int calls;
};

static int collect_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct collect *c = ctx;
	c->calls++;
	if ((int)rec->index == c->stop_at) {
		sb_addf(err, "stopped at line %llu", (unsigned long long)rec->line);
		return TILLID_EDATA;
	}
	struct strbuf sb = STRBUF_INIT;
	sb_addf(&sb, "%llu:%zu:", (unsigned long long)rec->line, rec->n);
	for (size_t i = 0; i < rec->n; i++) {
		assert_int_equal(rec->len[i], strlen(rec->field[i]));
		sb_addf(&sb, "%s%s", i ? "|" : "", rec->field[i]);
	}
	/* invalid bytes: " !FIELD@LINE" each */
	for (size_t k = 0; k < rec->n_invalid; k++)
		sb_addf(&sb, " !%zu@%llu", rec->invalid[k].field,
			(unsigned long long)rec->invalid[k].at.line);
	sl_push_owned(&c->rec, sb_detach(&sb));
	return TILLID_OK;
}

struct run {
	struct collect c;
	struct csv_info info;
	struct strbuf err;
	int ret;
};

static void run_opts(struct run *r, const char *text, size_t len, const struct csv_options *opt)
{
	memset(r, 0, sizeof(*r));
	r->c.stop_at = -1;
	csv_info_init(&r->info);
	sb_init(&r->err);
	r->ret = csv_read_buffer("t.csv", text, len, opt, collect_fn, &r->c, &r->info, &r->err);
}

static void run(struct run *r, const char *text)
{
	run_opts(r, text, strlen(text), NULL);
}

static void run_release(struct run *r)
{
	sl_release(&r->c.rec);
	csv_info_release(&r->info);
	sb_release(&r->err);
}

/* Compare the records with a NULL-terminated list. */
static void expect(const struct run *r, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < n && i < r->c.rec.n; i++)
		assert_string_equal(r->c.rec.v[i], want[i]);
	assert_int_equal(r->c.rec.n, n);
}

static void test_lines(void **state)
{
	(void)state;
	struct run r;
	run(&r, "a,b\r\n1,\"x\r\ny\"\r\n\r\n2,z\r\n\"3\nq\n\",\"\"\r\n4,w");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want[] = { "1:2:a|b", "2:2:1|x\r\ny", "5:2:2|z", "6:2:3\nq\n|", "9:2:4|w",
			       NULL };
	expect(&r, want);
	assert_int_equal(r.info.n_records, 5);
	assert_int_equal(r.info.n_lines, 9);
	/* LF inside quoted fields does not make a CRLF file "mixed". */
	assert_string_equal(r.info.line_ending, "CRLF");
	assert_int_equal(r.info.n_header_fields, 2);
	run_release(&r);

	/* Blank lines before the header, between and after records, and a
	 * final line without a line break. */
	run(&r, "\n\na;b\r\n\r\n1;2\n\n\n3;4");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want2[] = { "3:2:a|b", "5:2:1|2", "8:2:3|4", NULL };
	expect(&r, want2);
	assert_int_equal(r.info.n_lines, 8);
	assert_int_equal(r.info.delimiter, ';');
	assert_string_equal(r.info.line_ending, "mixed");
	run_release(&r);

	/* Old Mac line breaks (CR alone) are line breaks too. */
	run(&r, "a;b\r1;\"x\ry\"\r\r2;3\r");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want3[] = { "1:2:a|b", "2:2:1|x\ry", "5:2:2|3", NULL };
	expect(&r, want3);
	assert_string_equal(r.info.line_ending, "CR");
	assert_int_equal(r.info.n_lines, 5);
	run_release(&r);
}

static void test_quoting(void **state)
{
	(void)state;
	struct run r;
	/* Doubled quotes, quoted delimiters, empty vs quoted empty, a
	 * trailing delimiter, spaces kept as they are. */
	run(&r, "a;b;c;d\n\"He said \"\"hi\"\"\";\"x;y\";;\"\"\n x ; b ;;\n\"\"\"\";\"\";\"a\"\"\";\n");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want[] = { "1:4:a|b|c|d", "2:4:He said \"hi\"|x;y||", "3:4: x | b ||",
			       "4:4:\"||a\"|", NULL };
	expect(&r, want);
	run_release(&r);

	/* LimeSurvey style: every field quoted, NULL as an empty unquoted field. */
	run(&r, "\"id\";\"svar\";\"tekst\"\r\n\"1\";;\"Ved ikke\"\r\n\"2\";\"3\";\r\n");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want2[] = { "1:3:id|svar|tekst", "2:3:1||Ved ikke", "3:3:2|3|", NULL };
	expect(&r, want2);
	assert_string_equal(r.info.line_ending, "CRLF");
	run_release(&r);
}

static void test_ragged(void **state)
{
	(void)state;
	struct run r;
	run(&r, "a;b;c\n1;2\n1;2;3;4\nx\n;\n");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want[] = { "1:3:a|b|c", "2:2:1|2", "3:4:1|2|3|4", "4:1:x", "5:2:|", NULL };
	expect(&r, want);
	assert_int_equal(r.info.n_header_fields, 3);
	run_release(&r);
}

static void expect_error(const char *text, const char *msg, int records_before)
{
	struct run r;
	run(&r, text);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, msg);
	assert_int_equal(r.c.rec.n, records_before);
	run_release(&r);
}

/* A caller's may_quote decides which text a message may show. */
static int no_at(const char *text, size_t n)
{
	return memchr(text, '@', n) == NULL;
}

static void test_may_quote(void **state)
{
	(void)state;
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.may_quote = no_at;
	struct run r;
	const char *text = "a;b\n1;an\"ne@x.dk\n";
	run_opts(&r, text, strlen(text), &opt);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "'t.csv':2:5: quote inside an unquoted field (text hidden: it "
				       "may be personal data) (double a quote inside a quoted field: \"\")");
	run_release(&r);
	text = "a;b\n1;\"Helt enig\n";
	run_opts(&r, text, strlen(text), &opt);
	assert_string_equal(r.err.buf, "'t.csv':2:3: unterminated quoted field starting '\"Helt enig'");
	run_release(&r);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("a;b\n1;\"Helt enig\n2;3\n",
		     "'t.csv':2:3: unterminated quoted field starting '\"Helt enig'", 1);
	/* The open quote is found after earlier quoted fields of the same record. */
	expect_error("a;b;c\n\"x\ny\";\"\"\"ok\"\"\";\"Helt enig og mere end det\n",
		     "'t.csv':3:13: unterminated quoted field starting '\"Helt enig o'", 1);
	expect_error("a;b\n1;\"ab\"x;3\n",
		     "'t.csv':2:7: text after the closing quote of a quoted field '\"ab\"x;3' "
		     "(double a quote inside a quoted field: \"\")",
		     1);
	expect_error("a;b\n1;ab\"c\n",
		     "'t.csv':2:5: quote inside an unquoted field 'ab\"c' "
		     "(double a quote inside a quoted field: \"\")",
		     1);
	/* Columns count characters on the physical line, after quoted newlines. */
	expect_error("a;b\n\"x\ny\";\"z\"q\n",
		     "'t.csv':3:7: text after the closing quote of a quoted field '\"z\"q' "
		     "(double a quote inside a quoted field: \"\")",
		     1);
	/* A stray quote that runs on to a later quoted field is named where
	 * it opens, not where the reader stops. */
	expect_error("a;b\n1;\"Helt enig\n2;\"3\"\n",
		     "'t.csv':2:3: unterminated quoted field starting '\"Helt enig': it runs on to line 3, "
		     "column 4, where text follows a quote; close the field with a quote, or double a quote "
		     "inside it (\"\")",
		     1);
	expect_error("a;b\n\xc3\xa6\xc3\xb8;\"x\" \n",
		     "'t.csv':2:7: text after the closing quote of a quoted field '\"x\" ' "
		     "(double a quote inside a quoted field: \"\")",
		     1);
}

static void test_callback_stops(void **state)
{
	(void)state;
	struct run r;
	memset(&r, 0, sizeof(r));
	r.c.stop_at = 2;
	csv_info_init(&r.info);
	sb_init(&r.err);
	const char *text = "a\n1\n2\n3\n4\n";
	r.ret = csv_read_buffer("t.csv", text, strlen(text), NULL, collect_fn, &r.c, &r.info,
				&r.err);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "stopped at line 3");
	assert_int_equal(r.c.calls, 3);
	run_release(&r);

	/* Also when the stopping record is the last one, flushed at the end. */
	memset(&r, 0, sizeof(r));
	r.c.stop_at = 1;
	csv_info_init(&r.info);
	sb_init(&r.err);
	r.ret = csv_read_buffer("t.csv", "a\n1", 3, NULL, collect_fn, &r.c, &r.info, &r.err);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_int_equal(r.c.calls, 2);
	run_release(&r);
}

static void test_bom_and_encodings(void **state)
{
	(void)state;
	struct run r;
	run(&r, "\xef\xbb\xbfid;x\n1;2\n");
	assert_int_equal(r.ret, TILLID_OK);
	const char *want[] = { "1:2:id|x", "2:2:1|2", NULL };
	expect(&r, want);
	assert_int_equal(r.info.bom, 1);
	assert_string_equal(r.info.encoding_reason, "byte order mark");
	run_release(&r);

	static const char u16[] = "\xff\xfei\0d\0\t\0n\0a\0v\0n\0\r\0\n\0" "1\0\t\0\xe6\0\r\0\n\0";
	run_opts(&r, u16, sizeof(u16) - 1, NULL);
	assert_int_equal(r.ret, TILLID_OK);
	const char *want2[] = { "1:2:id|navn", "2:2:1|\xc3\xa6", NULL };
	expect(&r, want2);
	assert_int_equal(r.info.encoding, TEXT_UTF16LE);
	assert_int_equal(r.info.delimiter, '\t');
	assert_string_equal(r.info.line_ending, "CRLF");
	run_release(&r);

	/* Forcing an encoding overrides detection. */
	struct csv_options opt = CSV_OPTIONS_INIT;
	opt.encoding = "windows-1252";
	run_opts(&r, "a;b\n\xc3\xa6;2\n", 9, &opt);
	assert_int_equal(r.ret, TILLID_OK);
	const char *want3[] = { "1:2:a|b", "2:2:\xc3\x83\xc2\xa6|2", NULL };
	expect(&r, want3);
	assert_int_equal(r.info.encoding_forced, 1);
	run_release(&r);

	/* Invalid bytes: an error, or replaced and counted. */
	opt.encoding = "utf-8";
	run_opts(&r, "a;b\n1;\xe6\n2;\xf8\n", 12, &opt);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "'t.csv':2:3: invalid utf-8 byte 0xe6 (byte offset 6)");
	run_release(&r);
	opt.replace_invalid = 1;
	run_opts(&r, "a;b\n1;\xe6\n2;\xf8\n", 12, &opt);
	assert_int_equal(r.ret, TILLID_OK);
	const char *want4[] = { "1:2:a|b", "2:2:1|\xef\xbf\xbd !1@2", "3:2:2|\xef\xbf\xbd !1@3", NULL };
	expect(&r, want4);
	assert_int_equal(r.info.n_invalid, 2);
	assert_int_equal(r.info.n_invalid_unplaced, 0);
	assert_string_equal(r.info.first_invalid.buf,
			    "'t.csv':2:3: invalid utf-8 byte 0xe6 (byte offset 6)");
	run_release(&r);

	/* Each invalid byte is named with its record and field: in a quoted
	 * field over two lines, after a U+FFFD written in the file (which moves
	 * the count on: the field is still the one), in the last record
	 * without a line break. A byte order mark counts in byte offsets. */
	static const char bad[] = "\xef\xbb\xbf" "a;b;c\n\"x\ny\xe6\";\xef\xbf\xbd\xf8;\xe5\n3;4;\xe6";
	run_opts(&r, bad, sizeof(bad) - 1, &opt);
	assert_int_equal(r.ret, TILLID_OK);
	const char *want5[] = { "1:3:a|b|c",
				"2:3:x\ny\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd !0@3 !1@3 !2@3",
				"4:3:3|4|\xef\xbf\xbd !2@4", NULL };
	expect(&r, want5);
	assert_int_equal(r.info.n_invalid, 4);
	assert_int_equal(r.info.n_invalid_unplaced, 0);
	assert_string_equal(r.info.first_invalid.buf,
			    "'t.csv':3:2: invalid utf-8 byte 0xe6 (byte offset 13)");
	run_release(&r);

	opt.encoding = "ebcdic";
	run_opts(&r, "a", 1, &opt);
	assert_int_equal(r.ret, TILLID_ESYS);
	run_release(&r);

	/* An empty file has no records; that is for the caller to judge. */
	run(&r, "");
	assert_int_equal(r.ret, TILLID_OK);
	assert_int_equal(r.info.n_records, 0);
	assert_int_equal(r.info.n_lines, 0);
	assert_string_equal(r.info.line_ending, "none");
	run_release(&r);
}

/* UTF-8 text in memory with a fixed delimiter: nothing is detected, the
 * records and their lines are those csv_read_buffer delivers. */
static void run_utf8(struct run *r, const char *text, char delim)
{
	memset(r, 0, sizeof(*r));
	r->c.stop_at = -1;
	csv_info_init(&r->info);
	sb_init(&r->err);
	r->ret = csv_read_utf8("r.csv", text, strlen(text), delim, collect_fn, &r->c, &r->err);
}

static void test_utf8_in_memory(void **state)
{
	(void)state;
	struct run r;
	/* The BOM is skipped; a semicolon is text when the delimiter is a
	 * comma (detection would have taken it); quoted newlines and blank
	 * lines count as lines; spaces are kept. */
	run_utf8(&r, "\xef\xbb\xbfvar,note\na;b,\"two\nlines\"\n\n\xc3\xa6, x \n", ',');
	assert_int_equal(r.ret, TILLID_OK);
	const char *want[] = { "1:2:var|note", "2:2:a;b|two\nlines", "5:2:\xc3\xa6| x ", NULL };
	expect(&r, want);
	run_release(&r);

	run_utf8(&r, "a;b\n1;2\n", ';');
	assert_int_equal(r.ret, TILLID_OK);
	const char *want2[] = { "1:2:a|b", "2:2:1|2", NULL };
	expect(&r, want2);
	run_release(&r);

	/* The same messages as for a file. */
	run_utf8(&r, "a,b\n1,\"open\n2,3\n", ',');
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "'r.csv':2:3: unterminated quoted field starting '\"open'");
	run_release(&r);
	run_utf8(&r, "a,b\n1,\xe6\n", ',');
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "'r.csv':2:3: invalid utf-8 byte 0xe6 (byte offset 6)");
	run_release(&r);

	/* The callback's status stops the reading. */
	memset(&r, 0, sizeof(r));
	r.c.stop_at = 1;
	sb_init(&r.err);
	csv_info_init(&r.info);
	r.ret = csv_read_utf8(NULL, "a\n1\n2\n", 6, ',', collect_fn, &r.c, &r.err);
	assert_int_equal(r.ret, TILLID_EDATA);
	assert_string_equal(r.err.buf, "stopped at line 2");
	assert_int_equal(r.c.calls, 2);
	run_release(&r);

	run_utf8(&r, "", ',');
	assert_int_equal(r.ret, TILLID_OK);
	assert_int_equal(r.c.calls, 0);
	run_release(&r);
}

/* The same table exported five ways reads to the same records. */
static void test_fixture_files(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		enum text_encoding enc;
		int bom;
		char delim;
		const char *eol;
	} files[] = {
		{ "limesurvey.csv", TEXT_UTF8, 1, ';', "CRLF" },
		{ "excel-1252.csv", TEXT_WINDOWS_1252, 0, ';', "CRLF" },
		{ "forms-utf16le.csv", TEXT_UTF16LE, 1, '\t', "CRLF" },
		{ "utf16be-comma.csv", TEXT_UTF16BE, 1, ',', "LF" },
		{ "utf8-comma-lf.csv", TEXT_UTF8, 0, ',', "LF" },
	};
	const char *want[] = {
		"1:4:id|kommune|svar|kommentar",
		"2:4:1|Slagelse|Helt enig|Godt samarbejde; hurtige svar, tak",
		"3:4:2|Rebild|Ved ikke|",
		"4:4:3|Odder|Overvejende uenig|Sagsbehandleren skiftede\n\xe2\x80\x93 ingen sagde "
		"det. Han sagde \"vent\"",
		"6:4:4|Haderslev|Hverken enig eller uenig|\xc3\x98konomi, tid og \xc2\xab"
		"respekt\xc2\xbb for 200 \xe2\x82\xac",
		NULL,
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		struct run r;
		memset(&r, 0, sizeof(r));
		r.c.stop_at = -1;
		csv_info_init(&r.info);
		sb_init(&r.err);
		char *path = xasprintf("tests/fixtures/csv/%s", files[i].file);
		r.ret = csv_read_file(path, NULL, NULL, collect_fn, &r.c, &r.info, &r.err);
		assert_string_equal(r.err.buf, "");
		assert_int_equal(r.ret, TILLID_OK);
		expect(&r, want);
		assert_int_equal(r.info.encoding, files[i].enc);
		assert_int_equal(r.info.bom, files[i].bom);
		assert_int_equal(r.info.delimiter, files[i].delim);
		assert_int_equal(r.info.delimiter_consistent, 1);
		assert_string_equal(r.info.line_ending, files[i].eol);
		assert_int_equal(r.info.n_lines, 6);
		free(path);
		run_release(&r);
	}

	struct csv_info info;
	csv_info_init(&info);
	struct strbuf err = STRBUF_INIT;
	struct collect c = { STRLIST_INIT, -1, 0 };
	assert_int_equal(csv_read_file("tests/fixtures/csv/limesurvey.csv", "foer.csv", NULL,
				       collect_fn, &c, &info, &err),
			 TILLID_OK);
	sb_reset(&err);
	csv_info_describe(&info, &err);
	assert_string_equal(err.buf, "utf-8 (byte order mark), semicolon, BOM, CRLF, 5 records");
	sl_release(&c.rec);
	csv_info_release(&info);

	sb_reset(&err);
	assert_int_equal(csv_read_file("tests/fixtures/csv/no-such.csv", NULL, NULL, collect_fn,
				       &c, NULL, &err),
			 TILLID_ESYS);
	assert_string_equal(err.buf,
			    "cannot open 'tests/fixtures/csv/no-such.csv': No such file or directory");
	sb_release(&err);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct big_check {
	uint64_t records;
	size_t field_len;
	uint64_t last_line;
};

static int big_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	struct big_check *b = ctx;
	b->records++;
	b->last_line = rec->line;
	if (rec->index == 1) {
		assert_int_equal(rec->n, 2);
		b->field_len = rec->len[1];
		/* Spot checks: the doubled quote became one, the newline stayed. */
		assert_memory_equal(rec->field[1], "x\"y;z\n", 6);
		assert_int_equal(rec->field[1][rec->len[1] - 1], 'e');
	}
	return TILLID_OK;
}

/* A 4 MB field in one record: linear time, also under sanitizers. */
static void test_big_field(void **state)
{
	(void)state;
	size_t n = 4u << 20;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "id;tekst\n1;\"x\"\"y;z\n");
	ALLOC_GROW(sb.buf, sb.len + n + 64, sb.alloc);
	memset(sb.buf + sb.len, 'a', n);
	sb.len += n;
	sb.buf[sb.len] = '\0';
	sb_adds(&sb, "e\"\n2;z\n");

	struct big_check b = { 0, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	double t0 = now();
	assert_int_equal(csv_read_buffer("big.csv", sb.buf, sb.len, NULL, big_fn, &b, NULL, &err),
			 TILLID_OK);
	double secs = now() - t0;
	assert_int_equal(b.records, 3);
	assert_int_equal(b.field_len, 6 + n + 1); /* x"y;z\n + a... + e */
	assert_int_equal(b.last_line, 4);
	assert_true(secs < 10.0);
	sb_release(&sb);
	sb_release(&err);
}

struct chunk_check {
	uint64_t records;
	int bad;
};

static int chunk_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	struct chunk_check *c = ctx;
	if (rec->index > 0) {
		char id[24];
		snprintf(id, sizeof(id), "%07llu", (unsigned long long)rec->index);
		if (rec->line != 2 * rec->index || rec->n != 3 || strcmp(rec->field[0], id) ||
		    strcmp(rec->field[1], "a\r\nb") || strcmp(rec->field[2], "\xc3\xa6")) {
			if (!c->bad)
				print_error("record %llu at line %llu: %s|%s|%s\n",
					    (unsigned long long)rec->index,
					    (unsigned long long)rec->line, rec->field[0],
					    rec->n > 1 ? rec->field[1] : "",
					    rec->n > 2 ? rec->field[2] : "");
			c->bad = 1;
		}
	}
	c->records++;
	return TILLID_OK;
}

/* Records of 19 bytes, "0000001;"a<CRLF>b";æ<CRLF>", after a header padded
 * by 0..18 bytes: every byte of a record (a CR, the LF of a CRLF, half of
 * "æ", a quoted newline) lands on the 1 MiB chunk boundary once. */
static void test_chunk_boundaries(void **state)
{
	(void)state;
	for (int enc = 0; enc < 2; enc++) {
		/* more than 1 MiB of input either way */
		const uint64_t n_rec = enc == 0 ? 60000 : 30000;
		for (int pad = 0; pad < 19; pad++) {
			struct strbuf sb = STRBUF_INIT;
			sb_init(&sb);
			sb_adds(&sb, "id");
			for (int k = 0; k < pad; k++)
				sb_addc(&sb, 'd');
			sb_adds(&sb, ";t;u\r\n");
			for (uint64_t i = 1; i <= n_rec; i++)
				sb_addf(&sb, "%07llu;\"a\r\nb\";\xc3\xa6\r\n", (unsigned long long)i);

			struct strbuf in = STRBUF_INIT;
			sb_init(&in);
			if (enc == 0) {
				sb_add(&in, sb.buf, sb.len);
			} else {
				/* UTF-16LE with BOM; the text has only "æ" above ASCII. */
				sb_add(&in, "\xff\xfe", 2);
				for (size_t i = 0; i < sb.len; i++) {
					unsigned char ch = (unsigned char)sb.buf[i];
					if (ch == 0xc3) {
						sb_addc(&in, (char)0xe6);
						sb_addc(&in, 0);
						i++;
					} else {
						sb_addc(&in, (char)ch);
						sb_addc(&in, 0);
					}
				}
			}
			struct chunk_check c = { 0, 0 };
			struct csv_info info;
			csv_info_init(&info);
			struct strbuf err = STRBUF_INIT;
			sb_init(&err);
			assert_int_equal(csv_read_buffer("t.csv", in.buf, in.len, NULL, chunk_fn, &c,
							 &info, &err),
					 TILLID_OK);
			assert_int_equal(c.bad, 0);
			assert_int_equal(c.records, n_rec + 1);
			assert_int_equal(info.n_lines, 1 + 2 * n_rec);
			assert_string_equal(info.line_ending, "CRLF");
			assert_int_equal(info.delimiter, ';');
			csv_info_release(&info);
			sb_release(&err);
			sb_release(&in);
			sb_release(&sb);
		}
	}
}

/* A letter written decomposed ("a" + U+030A, as a Mac writes "å") is
 * delivered composed, in UTF-8 and UTF-16 alike, inside quotes and out;
 * composed text and Windows-1252 text come through as they were. */
static void test_decomposed_letters(void **state)
{
	(void)state;
	struct run r;
	run(&r, "id;gruppe;svar\n1;Pa\xcc\x8ar\xc3\xb8rende;\"Ba\xcc\x8a" "de\nog\"\n"
		"2;P\xc3\xa5r\xc3\xb8rende;cafe\xcc\x81 u\xcc\x88\n");
	assert_int_equal(r.ret, TILLID_OK);
	expect(&r, (const char *const[]){ "1:3:id|gruppe|svar",
					  "2:3:1|P\xc3\xa5r\xc3\xb8rende|B\xc3\xa5" "de\nog",
					  "4:3:2|P\xc3\xa5r\xc3\xb8rende|caf\xc3\xa9 \xc3\xbc", NULL });
	run_release(&r);

	/* UTF-16LE with BOM: "a" U+030A is 61 00 0A 03. */
	static const char le[] = "\xff\xfei\0d\0;\0g\0\n\0" "1\0;\0P\0a\0\x0a\x03r\0\xf8\0\n\0";
	run_opts(&r, le, sizeof(le) - 1, NULL);
	assert_int_equal(r.ret, TILLID_OK);
	expect(&r, (const char *const[]){ "1:2:id|g", "2:2:1|P\xc3\xa5r\xc3\xb8", NULL });
	run_release(&r);

	/* Windows-1252 (forced): nothing in it changes under NFC. */
	struct csv_options o = CSV_OPTIONS_INIT;
	o.encoding = "windows-1252";
	static const char cp[] = "id;g\n1;P\xe5r\xf8rende \x93\x96\x80\n";
	run_opts(&r, cp, sizeof(cp) - 1, &o);
	assert_int_equal(r.ret, TILLID_OK);
	expect(&r, (const char *const[]){ "1:2:id|g",
					  "2:2:1|P\xc3\xa5r\xc3\xb8rende \xe2\x80\x9c\xe2\x80\x93\xe2\x82\xac", NULL });
	run_release(&r);
}

struct nfc_check {
	int records;
	size_t len1, len2;
	int ok;
};

static int nfc_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	struct nfc_check *c = ctx;
	c->records++;
	if (rec->index == 1) {
		c->len1 = rec->len[1];
		c->ok += !memcmp(rec->field[1], "\xc3\xa5xx", 4);
	} else if (rec->index == 2) {
		c->len2 = rec->len[1];
		c->ok += !strcmp(rec->field[1] + rec->len[1] - 3, "y\xc3\xa5");
	}
	return TILLID_OK;
}

/* The decomposed letter of a record that crosses the reader's 1 MiB
 * chunks is composed whichever chunk it lies in: in the first of a record
 * ending in the next, and in a chunk after the one the record starts in. */
static void test_decomposed_across_chunks(void **state)
{
	(void)state;
	size_t n = (1u << 20) + 100000;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, "id;t\n1;\"a\xcc\x8a");
	for (size_t i = 0; i < n; i++)
		sb_addc(&sb, 'x');
	sb_adds(&sb, "\"\n2;");
	for (size_t i = 0; i < n; i++)
		sb_addc(&sb, 'y');
	sb_adds(&sb, "a\xcc\x8a\n");
	struct nfc_check c = { 0, 0, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(csv_read_buffer("t.csv", sb.buf, sb.len, NULL, nfc_fn, &c, NULL, &err),
			 TILLID_OK);
	assert_int_equal(c.records, 3);
	assert_int_equal(c.ok, 2);
	assert_int_equal(c.len1, n + 2);
	assert_int_equal(c.len2, n + 2);
	sb_release(&err);
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decomposed_letters),
		cmocka_unit_test(test_decomposed_across_chunks),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_may_quote),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_bom_and_encodings),
		cmocka_unit_test(test_utf8_in_memory),
		cmocka_unit_test(test_fixture_files),
		cmocka_unit_test(test_big_field),
		cmocka_unit_test(test_chunk_boundaries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
