/* test_fmt.c: unit tests for Danish and English number formats and the table of texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/fmt.h"
#include "plots/text.h"
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MINUS "\xe2\x88\x92"
#define NBSP "\xc2\xa0"

static void test_numbers_da(void **state)
{
	(void)state;
	char b[FMT_MAX];
	assert_string_equal(fmt_num(b, 3.14159, 2, LANG_DA), "3,14");
	assert_string_equal(fmt_num(b, 1234, 0, LANG_DA), "1.234");
	assert_string_equal(fmt_num(b, 1234567.25, 1, LANG_DA), "1.234.567,2");
	assert_string_equal(fmt_num(b, -0.5, 1, LANG_DA), MINUS "0,5");
	assert_string_equal(fmt_num(b, 999, 0, LANG_DA), "999");
	assert_string_equal(fmt_num(b, 3.05, 1, LANG_DA), "3,0"); /* 3.05 is 3.04999... in binary */
	assert_string_equal(fmt_num(b, 3.6, 1, LANG_DA), "3,6");
	/* A value that rounds to zero shows no sign. */
	assert_string_equal(fmt_num(b, -0.04, 1, LANG_DA), "0,0");
	assert_string_equal(fmt_signed(b, -0.04, 1, LANG_DA), "0,0");
	assert_string_equal(fmt_signed(b, 0.46, 1, LANG_DA), "+0,5");
	assert_string_equal(fmt_signed(b, -1.25, 2, LANG_DA), MINUS "1,25");
	assert_string_equal(fmt_count(b, 12345, LANG_DA), "12.345");
	assert_string_equal(fmt_num(b, NAN, 1, LANG_DA), "\xe2\x80\x93");
}

static void test_numbers_en(void **state)
{
	(void)state;
	char b[FMT_MAX];
	assert_string_equal(fmt_num(b, 3.14159, 2, LANG_EN), "3.14");
	assert_string_equal(fmt_num(b, 1234, 0, LANG_EN), "1,234");
	assert_string_equal(fmt_num(b, -0.5, 1, LANG_EN), MINUS "0.5");
	assert_string_equal(fmt_pct(b, 0.42, 0, LANG_EN), "42%");
	assert_string_equal(fmt_interval(b, 2.94, 3.41, 1, 0, LANG_EN), "[2.9, 3.4]");
}

static void test_percent_p_interval(void **state)
{
	(void)state;
	char b[FMT_MAX];
	assert_string_equal(fmt_pct(b, 0.42, 0, LANG_DA), "42" NBSP "%");
	assert_string_equal(fmt_pct(b, 0.4249, 1, LANG_DA), "42,5" NBSP "%");
	assert_string_equal(fmt_pp(b, -0.12, LANG_DA), MINUS "12" NBSP "pct.-point");
	assert_string_equal(fmt_p(b, 0.00002, LANG_DA), "p < 0,001");
	assert_string_equal(fmt_p(b, 0.0312, LANG_DA), "p = 0,03");
	assert_string_equal(fmt_p(b, 0.0042, LANG_DA), "p = 0,004");
	assert_string_equal(fmt_interval(b, -0.1, 0.72, 1, 1, LANG_DA), "[" MINUS "0,1; +0,7]");
	assert_string_equal(fmt_interval(b, 2.94, 3.41, 1, 0, LANG_DA), "[2,9; 3,4]");
	assert_string_equal(fmt_interval(b, NAN, 3.41, 1, 0, LANG_DA), "\xe2\x80\x93");
	/* a change's bound that rounds to zero keeps its sign and the
	 * decimals that show it: a sure rise never reads as "[0,00; ...]" */
	assert_string_equal(fmt_interval(b, 0.0024, 1.53, 2, 1, LANG_DA), "[+0,002; +1,53]");
	assert_string_equal(fmt_interval(b, -0.36, -0.00004, 2, 1, LANG_DA), "[" MINUS "0,36; " MINUS "0,00004]");
	assert_string_equal(fmt_interval(b, -0.000001, 0.5, 2, 1, LANG_EN), "[0.00, +0.50]"); /* beyond 3 more decimals */
	assert_string_equal(fmt_interval(b, 0.0, 0.5, 2, 1, LANG_EN), "[0.00, +0.50]");
	assert_string_equal(fmt_interval(b, 0.001, 0.5, 2, 0, LANG_DA), "[0,00; 0,50]");
}

static void test_dates(void **state)
{
	(void)state;
	char b[FMT_MAX];
	assert_string_equal(fmt_date(b, "2021-03-01", LANG_DA), "1. marts 2021");
	assert_string_equal(fmt_date(b, "2021-03-01", LANG_EN), "1 March 2021");
	assert_string_equal(fmt_date(b, "foraar", LANG_DA), "foraar");
	assert_string_equal(fmt_period(b, "2021-03-01", "2021-04-15", LANG_DA),
			    "1. marts \xe2\x80\x93 15. april 2021");
	assert_string_equal(fmt_period(b, "2021-12-01", "2022-01-15", LANG_DA),
			    "1. december 2021 \xe2\x80\x93 15. januar 2022");
	assert_string_equal(fmt_period(b, "", "", LANG_DA), "");
	assert_string_equal(fmt_period(b, "2021-03-01", "", LANG_EN), "1 March 2021");
}

static void test_texts(void **state)
{
	(void)state;
	/* Every id has both languages (tx aborts otherwise). */
	for (int id = 0; id < T__COUNT; id++) {
		assert_non_null(tx(LANG_DA, (enum text_id)id));
		assert_non_null(tx(LANG_EN, (enum text_id)id));
	}
	assert_text(tx_fillf(LANG_DA, T_PAGE, "n", "3", "m", "12", NULL), "Side 3 af 12");
	assert_text(tx_fillf(LANG_EN, T_HIDDEN_NOTE, "hidden", "hidden", "min", "5", NULL),
		    "“hidden”: hidden to protect a small group or because nobody answered (the report shows no "
		    "numbers for fewer than 5 answers, nor numbers that would reveal them).");

	assert_text(tx_genitive("Pårørende", LANG_DA), "De pårørendes");
	assert_text(tx_genitive("Borgere", LANG_DA), "Borgernes");
	assert_text(tx_genitive("Medarbejdere", LANG_DA), "Medarbejdernes");
	assert_text(tx_genitive("Alle svarpersoner", LANG_DA), "Alle svarpersoners");
	assert_text(tx_genitive("Kommunens borgere", LANG_DA), "Kommunens borgeres");
	assert_text(tx_genitive("Fokus", LANG_DA), "Fokus'");
	assert_text(tx_genitive("Citizens", LANG_EN), "Citizens'");
	assert_text(tx_genitive("Staff", LANG_EN), "Staff's");
	assert_text(tx_lower_first("Tillid"), "tillid");
	assert_text(tx_lower_first("Ørenlyd"), "ørenlyd");
	assert_text(tx_lower_first("KL-indeks"), "KL-indeks");
	assert_int_equal(lang_from_name("da"), LANG_DA);
	assert_int_equal(lang_from_name("en"), LANG_EN);
	assert_int_equal(lang_from_name("de"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_da),
		cmocka_unit_test(test_numbers_en),
		cmocka_unit_test(test_percent_p_interval),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
