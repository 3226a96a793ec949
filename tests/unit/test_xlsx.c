/* test_xlsx.c: unit tests for the workbook reader: cell references, numbers, dates, escapes, whole workbooks against their CSV twins, damaged workbooks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pipeline/xlsx.h"
#include "pipeline/xlsx_internal.h"
#include "core/csvread.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define FIX "tests/fixtures/xlsx/"

/* ---- pieces ---- */

static void check_ref(const char *ref, int ok, uint32_t col, uint32_t row)
{
	uint32_t c = 99, r = 99;
	int rc = xlsx_cell_ref(ref, &c, &r);
	if (rc != (ok ? 0 : -1) || (ok && (c != col || r != row)))
		fail_msg("xlsx_cell_ref('%s') = %d (%u, %u), expected %d (%u, %u)", ref, rc, c, r,
			 ok ? 0 : -1, col, row);
}

static void test_cell_refs(void **state)
{
	(void)state;
	/* ECMA-376 Part 1, 18.3.1.4: A1 style; the last column is XFD (16384),
	 * the last row 1048576. */
	check_ref("A1", 1, 0, 1);
	check_ref("F23", 1, 5, 23);
	check_ref("Z9", 1, 25, 9);
	check_ref("AA1", 1, 26, 1);
	check_ref("AZ1", 1, 51, 1);
	check_ref("BA1", 1, 52, 1);
	check_ref("XFD1048576", 1, 16383, 1048576);
	check_ref("c7", 1, 2, 7);
	check_ref("B", 1, 1, 0);
	check_ref("XFE1", 0, 0, 0);
	check_ref("A1048577", 0, 0, 0);
	check_ref("A0", 0, 0, 0);
	check_ref("1A", 0, 0, 0);
	check_ref("", 0, 0, 0);
	check_ref("A1:B2", 0, 0, 0);
	check_ref("AAAA1", 0, 0, 0);
	/* Every column name reads back as its number. */
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (uint32_t c = 0; c < 16384; c++) {
		sb_reset(&sb);
		xlsx_col_name(c, &sb);
		sb_adds(&sb, "1");
		uint32_t col, row;
		assert_int_equal(xlsx_cell_ref(sb.buf, &col, &row), 0);
		assert_int_equal(col, c);
	}
	sb_reset(&sb);
	xlsx_col_name(16383, &sb);
	assert_string_equal(sb.buf, "XFD");
	sb_release(&sb);
}

static void check_where(const char *sheet, uint64_t row, size_t col1, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	xlsx_where(sheet, row, col1, &sb);
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void test_where(void **state)
{
	(void)state;
	check_where("Ark1", 23, 6, "Ark1!F23");
	check_where("Ark1", 23, 0, "Ark1!23:23");
	check_where("Mit ark", 2, 1, "'Mit ark'!A2");
	check_where("Bob's", 2, 28, "'Bob''s'!AB2");
	check_where("2021", 2, 1, "'2021'!A2");
	check_where("Før", 5, 3, "Før!C5");
}

static void check_number(double v, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	xlsx_format_number(v, &sb);
	assert_string_equal(sb.buf, want);
	sb_release(&sb);
}

static void test_numbers(void **state)
{
	(void)state;
	/* 4 and 4.0 are one number, shown as Excel's General format shows it;
	 * a value that 15 digits do not give back keeps 17. */
	check_number(4, "4");
	check_number(4.0, "4");
	check_number(-0.0, "0");
	check_number(0.1, "0.1");
	check_number(2.5, "2.5");
	check_number(-3, "-3");
	check_number(12345678901234567.0, "12345678901234568");
	check_number(1e20, "1e+20");
	check_number(1.0 / 3.0, "0.33333333333333331");
}

static void check_date(double serial, int d1904, int time_only, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	int rc = xlsx_format_date(serial, d1904, time_only, &sb);
	if (!want) {
		assert_int_equal(rc, -1);
		assert_int_equal(sb.len, 0);
	} else {
		assert_int_equal(rc, 0);
		assert_string_equal(sb.buf, want);
	}
	sb_release(&sb);
}

static void test_dates(void **state)
{
	(void)state;
	/* Serials of the 1900 system as Excel gives them (DATE(2021;3;1) =
	 * 44256; 60 is Lotus' 1900-02-29), and the 1904 system 1462 days
	 * later (Microsoft, "Differences between the 1900 and the 1904 date
	 * system in Excel"). */
	check_date(1, 0, 0, "1900-01-01");
	check_date(59, 0, 0, "1900-02-28");
	check_date(60, 0, 0, "1900-02-29");
	check_date(61, 0, 0, "1900-03-01");
	check_date(44256, 0, 0, "2021-03-01");
	check_date(44256.5, 0, 0, "2021-03-01 12:00:00");
	check_date(44256 + (14 * 3600 + 5 * 60) / 86400.0, 0, 0, "2021-03-01 14:05:00");
	check_date(44256.9999999, 0, 0, "2021-03-02"); /* rounds to the next midnight */
	check_date(44256 - 1462, 1, 0, "2021-03-01");
	check_date(0, 1, 0, "1904-01-01");
	check_date(0.25, 0, 1, "06:00:00");
	check_date(2958465, 0, 0, "9999-12-31");
	check_date(-1, 0, 0, NULL);
	check_date(3e6, 0, 0, NULL);
}

static void check_unescape(const char *in, const char *want)
{
	char *s = xstrdup(in);
	size_t n = xlsx_unescape(s, strlen(s));
	assert_int_equal(n, strlen(want));
	assert_memory_equal(s, want, n);
	free(s);
}

static void test_unescape(void **state)
{
	(void)state;
	/* ECMA-376 Part 1, 22.9.2.19 (ST_Xstring). */
	check_unescape("a_x000D_b", "a\rb");
	check_unescape("_x000D__x000A_", "\r\n");
	check_unescape("_x005F_x000D_", "_x000D_");
	check_unescape("_x00F8_", "ø");
	check_unescape("_x20AC_", "€");
	check_unescape("_xD83D_", "\xEF\xBF\xBD");
	check_unescape("_x00G1_ and _x12_", "_x00G1_ and _x12_");
	check_unescape("Pårørende", "Pårørende");
}

static void test_format_kinds(void **state)
{
	(void)state;
	/* ECMA-376 Part 1, 18.8.30: built-in 14-17 dates, 18-21 and 45-47 times, 22 both. */
	assert_int_equal(xlsx_builtin_kind(14), XF_DATE);
	assert_int_equal(xlsx_builtin_kind(17), XF_DATE);
	assert_int_equal(xlsx_builtin_kind(20), XF_TIME);
	assert_int_equal(xlsx_builtin_kind(22), XF_DATETIME);
	assert_int_equal(xlsx_builtin_kind(46), XF_TIME);
	assert_int_equal(xlsx_builtin_kind(0), XF_NUMBER);
	assert_int_equal(xlsx_builtin_kind(2), XF_NUMBER);
	assert_int_equal(xlsx_builtin_kind(49), XF_NUMBER);
	assert_int_equal(xlsx_format_code_kind("dd-mm-yyyy"), XF_DATE);
	assert_int_equal(xlsx_format_code_kind("dd\\-mm\\-yyyy\\ hh:mm"), XF_DATETIME);
	assert_int_equal(xlsx_format_code_kind("[$-406]d. mmmm yyyy"), XF_DATE);
	assert_int_equal(xlsx_format_code_kind("h:mm"), XF_TIME);
	assert_int_equal(xlsx_format_code_kind("[h]:mm"), XF_TIME);
	assert_int_equal(xlsx_format_code_kind("General"), XF_NUMBER);
	assert_int_equal(xlsx_format_code_kind("0.00"), XF_NUMBER);
	assert_int_equal(xlsx_format_code_kind("[Red]#,##0"), XF_NUMBER);
	assert_int_equal(xlsx_format_code_kind("\"Dag \"0"), XF_NUMBER);
	assert_int_equal(xlsx_format_code_kind("0 \\d"), XF_NUMBER);
}

/* ---- whole workbooks ---- */

/* Every record as "INDEX:N:f1|f2|..."; lines kept apart (a CSV file's
 * physical lines are not a sheet's rows). */
struct collect {
	struct strlist rec;
	struct strlist lines;
};

static int collect_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	struct collect *c = ctx;
	(void)err;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_addf(&sb, "%llu:%zu:", (unsigned long long)rec->index, rec->n);
	for (size_t i = 0; i < rec->n; i++) {
		assert_int_equal(rec->len[i], strlen(rec->field[i]));
		sb_addf(&sb, "%s%s", i ? "|" : "", rec->field[i]);
	}
	sl_push_owned(&c->rec, sb_detach(&sb));
	sl_push_owned(&c->lines, xasprintf("%llu", (unsigned long long)rec->line));
	return TILLID_OK;
}

static void collect_release(struct collect *c)
{
	sl_release(&c->rec);
	sl_release(&c->lines);
}

static int read_book(const char *path, const char *sheet, const struct xlsx_limits *lim,
		     struct collect *c, struct strbuf *err)
{
	memset(c, 0, sizeof(*c));
	struct xlsx_info info;
	xlsx_info_init(&info);
	int rc = xlsx_read_file(path, NULL, sheet, lim, collect_fn, c, &info, err);
	if (rc == TILLID_OK)
		assert_int_equal(info.n_rows, c->rec.n);
	xlsx_info_release(&info);
	return rc;
}

static void same_as_csv(const char *book, const char *sheet, const char *csv)
{
	struct collect x, y;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	int rc = read_book(book, sheet, NULL, &x, &err);
	if (rc != TILLID_OK)
		fail_msg("%s: %s", book, err.buf);
	memset(&y, 0, sizeof(y));
	struct csv_options opt = CSV_OPTIONS_INIT;
	assert_int_equal(csv_read_file(csv, NULL, &opt, collect_fn, &y, NULL, &err), TILLID_OK);
	assert_int_equal(x.rec.n, y.rec.n);
	for (size_t i = 0; i < x.rec.n; i++)
		if (strcmp(x.rec.v[i], y.rec.v[i]))
			fail_msg("%s record %zu:\n  workbook %s\n  csv      %s", book, i, x.rec.v[i],
				 y.rec.v[i]);
	collect_release(&x);
	collect_release(&y);
	sb_release(&err);
}

static void test_twins(void **state)
{
	(void)state;
	/* Shared strings, numbers, dates with styles, blank answers left out. */
	same_as_csv(FIX "forms-foer.xlsx", NULL, FIX "forms-foer.csv");
	same_as_csv(FIX "forms-efter.xlsx", NULL, FIX "forms-efter.csv");
	/* 4, "4" and "4.0"; the 1904 date system; inline and rich-text strings;
	 * _x000D_; a merged group cell; cells without references. */
	same_as_csv(FIX "mixed.xlsx", "Data", FIX "mixed.csv");
	same_as_csv(FIX "mixed.xlsx", NULL, FIX "mixed.csv");
	same_as_csv(FIX "mixed-norefs.xlsx", NULL, FIX "mixed.csv");
}

static void test_sheets(void **state)
{
	(void)state;
	struct collect c;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(read_book(FIX "mixed.xlsx", "Forside", NULL, &c, &err), TILLID_OK);
	assert_int_equal(c.rec.n, 1);
	assert_string_equal(c.rec.v[0], "0:1:Spørgeskema om samarbejde");
	collect_release(&c);
	assert_int_equal(read_book(FIX "mixed.xlsx", "Tom", NULL, &c, &err), TILLID_OK);
	assert_int_equal(c.rec.n, 0);
	collect_release(&c);
	/* Rows are the sheet's rows: a title merged across row 1, the header
	 * in row 2, the data from row 3. */
	assert_int_equal(read_book(FIX "mixed.xlsx", NULL, NULL, &c, &err), TILLID_OK);
	assert_string_equal(c.lines.v[0], "2");
	assert_string_equal(c.lines.v[5], "7");
	collect_release(&c);
	assert_int_equal(read_book(FIX "mixed.xlsx", "Ark1", NULL, &c, &err), TILLID_EDATA);
	assert_string_equal(err.buf, "'" FIX "mixed.xlsx': sheet 'Ark1' does not exist; the workbook "
				     "has 'Data', 'Forside', 'Tom' (sheet = in the wave names one of "
				     "them)\n");
	collect_release(&c);
	sb_release(&err);
}

static void check_bad(const char *file, const struct xlsx_limits *lim, int status,
		      const char *want)
{
	struct collect c;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	char *path = xasprintf(FIX "bad/%s", file);
	int rc = read_book(path, NULL, lim, &c, &err);
	if (rc != status || !strstr(err.buf, want))
		fail_msg("%s: status %d, message %s; expected %d and '%s'", file, rc, err.buf, status,
			 want);
	/* One message, one line. */
	assert_int_equal(strchr(err.buf, '\n') - err.buf + 1, (long)err.len);
	free(path);
	collect_release(&c);
	sb_release(&err);
}

static void test_bad_workbooks(void **state)
{
	(void)state;
	check_bad("truncated.xlsx", NULL, TILLID_EDATA, "damaged or cut short");
	check_bad("no-strings.xlsx", NULL, TILLID_EDATA,
		  "':Ark1!A1: the workbook is damaged: the cell refers to shared string 0 but the "
		  "workbook has no shared strings (xl/sharedStrings.xml is missing)");
	check_bad("malformed.xlsx", NULL, TILLID_EDATA,
		  "':Ark1!A5: the workbook is damaged: part 'xl/worksheets/sheet1.xml' is not "
		  "well-formed XML (mismatched tag");
	check_bad("bomb.xlsx", NULL, TILLID_EDATA, "a zip bomb?");
	check_bad("declared-1gb.xlsx", NULL, TILLID_EDATA,
		  "part 'xl/sharedStrings.xml' declares 1073741824 bytes uncompressed");
	check_bad("old.xls", NULL, TILLID_EDATA, "an old Excel workbook (.xls)");
	check_bad("calc.ods", NULL, TILLID_EDATA, "an OpenDocument spreadsheet (.ods)");
	check_bad("missing.xlsx", NULL, TILLID_ESYS, "cannot open");
	/* The limits hold for the sheet as for any part. */
	struct xlsx_limits lim = XLSX_LIMITS_INIT;
	lim.sheet = 1000;
	struct collect c;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(read_book(FIX "forms-foer.xlsx", NULL, &lim, &c, &err), TILLID_EDATA);
	assert_non_null(strstr(err.buf, "part 'xl/worksheets/sheet1.xml' declares"));
	assert_int_equal(c.rec.n, 0);
	collect_release(&c);
	sb_release(&err);
	/* A CSV file is not a workbook. */
	check_bad("../mixed.csv", NULL, TILLID_EDATA, "not an Excel workbook (.xlsx)");
}

/* The callback's status stops the reading and is returned unchanged. */
static int stop_fn(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	int *calls = ctx;
	(void)err;
	return ++*calls == 3 && rec->index == 2 ? 42 : TILLID_OK;
}

static void test_callback_stops(void **state)
{
	(void)state;
	int calls = 0;
	struct strbuf err = STRBUF_INIT;
	sb_init(&err);
	assert_int_equal(xlsx_read_file(FIX "forms-foer.xlsx", NULL, NULL, NULL, stop_fn, &calls, NULL,
					&err), 42);
	assert_int_equal(calls, 3);
	sb_release(&err);
}

/* ---- decomposed letters ---- */

static void check_nfc_tail(const char *text, size_t from, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	sb_adds(&sb, text);
	xlsx_nfc_tail(&sb, from);
	assert_string_equal(sb.buf, want);
	assert_int_equal(sb.len, strlen(want));
	sb_release(&sb);
}

/* A workbook written on a Mac may hold "å" as "a" + U+030A: the reader
 * composes it, in shared strings (Excel's way) and inline strings
 * (constant-memory writers' way) alike, as the CSV reader does. */
static void test_decomposed_letters(void **state)
{
	(void)state;
	check_nfc_tail("a\xcc\x8a|a\xcc\x8a", 4, "a\xcc\x8a|\xc3\xa5");
	check_nfc_tail("a\xcc\x8a", 0, "\xc3\xa5");
	check_nfc_tail("P\xc3\xa5r\xc3\xb8rende", 0, "P\xc3\xa5r\xc3\xb8rende");
	check_nfc_tail("", 0, "");

	char dir[] = "/tmp/tillid-xlsx-XXXXXX";
	assert_non_null(mkdtemp(dir));
	for (int inline_strings = 0; inline_strings < 2; inline_strings++) {
		char *path = xasprintf("%s/mac%d.xlsx", dir, inline_strings);
		lxw_workbook_options o = { .constant_memory = inline_strings ? LXW_TRUE : LXW_FALSE,
					   .tmpdir = dir };
		lxw_workbook *wb = workbook_new_opt(path, &o);
		assert_non_null(wb);
		lxw_worksheet *ws = workbook_add_worksheet(wb, "Data");
		worksheet_write_string(ws, 0, 0, "gruppe", NULL);
		worksheet_write_string(ws, 0, 1, "svar", NULL);
		worksheet_write_string(ws, 1, 0, "Pa\xcc\x8ar\xc3\xb8rende", NULL);
		worksheet_write_string(ws, 1, 1, "Ba\xcc\x8a" "de og, cafe\xcc\x81", NULL);
		assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

		struct collect c;
		struct strbuf err = STRBUF_INIT;
		sb_init(&err);
		if (read_book(path, NULL, NULL, &c, &err) != TILLID_OK)
			fail_msg("%s: %s", path, err.buf);
		assert_int_equal(c.rec.n, 2);
		assert_string_equal(c.rec.v[1], "1:2:P\xc3\xa5r\xc3\xb8rende|B\xc3\xa5" "de og, caf\xc3\xa9");
		collect_release(&c);
		sb_release(&err);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_refs),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_format_kinds),
		cmocka_unit_test(test_twins),
		cmocka_unit_test(test_sheets),
		cmocka_unit_test(test_bad_workbooks),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_decomposed_letters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
