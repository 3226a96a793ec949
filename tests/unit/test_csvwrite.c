/* test_csvwrite.c: unit tests for CSV output in the RFC 4180 and the Danish Excel dialect, read back with the project's CSV reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/csvread.h"
#include "core/csvwrite.h"
#include "core/util.h"

#include <math.h>
#include <string.h>

/* One row of three fields and a number, in dialect d. */
static void row(struct strbuf *sb, enum csv_dialect d, const char *a, const char *b, double v)
{
	csv_field(sb, d, 1, a);
	csv_field(sb, d, 0, b);
	csv_number(sb, d, 0, v, 2);
	csv_end_row(sb, d);
}

/* The Excel dialect: a byte order mark first, ';' between fields, CRLF
 * after each row, a decimal comma; a field holding ';', '"', CR or LF is
 * quoted with its quotes doubled (RFC 4180, 2.6 and 2.7); a comma alone
 * needs no quotes there. */
static void test_excel(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	csv_begin(&sb, CSV_EXCEL);
	row(&sb, CSV_EXCEL, "Pårørende", "a;b", 3.456);
	row(&sb, CSV_EXCEL, "sagt \"ja\"", "to\nlinjer", -1234.5);
	row(&sb, CSV_EXCEL, "1,5", "cr\rhere", NAN);
	assert_string_equal(sb.buf, "\xef\xbb\xbf"
				    "Pårørende;\"a;b\";3,46\r\n"
				    "\"sagt \"\"ja\"\"\";\"to\nlinjer\";-1234,50\r\n"
				    "1,5;\"cr\rhere\";\r\n");
	sb_release(&sb);
}

/* RFC 4180: no byte order mark, ',' and LF, a decimal point; a comma in a
 * field is quoted, a semicolon is not. */
static void test_rfc4180(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	csv_begin(&sb, CSV_RFC4180);
	row(&sb, CSV_RFC4180, "a,b", "c;d", 0.125);
	row(&sb, CSV_RFC4180, "", "\"", 2);
	assert_string_equal(sb.buf, "\"a,b\",c;d,0.12\n"
				    ",\"\"\"\",2.00\n");
	sb_release(&sb);
}

/* A number that rounds to zero is written without a sign; decimals below
 * zero mean none; names of the dialects as the options spell them. */
static void test_numbers(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	csv_number(&sb, CSV_EXCEL, 1, -0.001, 2);
	csv_number(&sb, CSV_EXCEL, 0, -0.0, 0);
	csv_number(&sb, CSV_EXCEL, 0, 1234567.0, -1);
	csv_number(&sb, CSV_EXCEL, 0, INFINITY, 1);
	assert_string_equal(sb.buf, "0,00;0;1234567;");
	assert_string_equal(csv_dialect_names[CSV_RFC4180], "rfc4180");
	assert_string_equal(csv_dialect_names[CSV_EXCEL], "excel");
	assert_null(csv_dialect_names[2]);
	assert_int_equal(csv_sep(CSV_EXCEL), ';');
	assert_string_equal(csv_eol(CSV_RFC4180), "\n");
	sb_release(&sb);
}

/* The fields read back, joined by '|' with a '/' after each record. */
static int collect(void *ctx, struct csv_record *rec, struct strbuf *err)
{
	(void)err;
	for (size_t i = 0; i < rec->n; i++)
		sb_addf(ctx, "%s%s", i ? "|" : "", rec->field[i]);
	sb_addc(ctx, '/');
	return TILLID_OK;
}

/* What the Excel dialect writes reads back field for field with the
 * project's reader (libcsv), which detects the BOM, the semicolon and the
 * CRLF line ends by itself. */
static void test_round_trip(void **state)
{
	(void)state;
	struct strbuf sb = STRBUF_INIT, got = STRBUF_INIT, err = STRBUF_INIT;
	sb_init(&sb);
	sb_init(&got);
	sb_init(&err);
	csv_begin(&sb, CSV_EXCEL);
	row(&sb, CSV_EXCEL, "Måling", "Svar; i alt", 1);
	row(&sb, CSV_EXCEL, "\"x\"", "a\nb", 0.5);
	struct csv_info info;
	csv_info_init(&info);
	int rc = csv_read_buffer("t.csv", sb.buf, sb.len, NULL, collect, &got, &info, &err);
	assert_int_equal(rc, TILLID_OK);
	assert_string_equal(got.buf, "Måling|Svar; i alt|1,00/\"x\"|a\nb|0,50/");
	assert_int_equal(info.bom, 1);
	assert_string_equal(info.line_ending, "CRLF");
	csv_info_release(&info);
	sb_release(&sb);
	sb_release(&got);
	sb_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_excel),
		cmocka_unit_test(test_rfc4180),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
