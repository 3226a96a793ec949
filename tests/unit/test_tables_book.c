/* test_tables_book.c: unit tests for table cells with numbers, the book of tables and its blocks and columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "plots/table_cells.h"
#include "plots/tables_book.h"
#include "core/util.h"

#include <math.h>
#include <string.h>

/* The text is fmt_'s and the number is the value rounded as the text
 * rounds it: 3.456 shows 3,46 and holds 3.46; a share of 0.4249 shows
 * 42 % and holds 0.42; an interval holds both limits; a value that is not
 * finite shows the dash and holds no number. */
static void test_cells(void **state)
{
	(void)state;
	struct table t;
	table_init(&t, 6);
	table_row(&t, 0);
	tc_num(&t, 0, 3.456, 2, LANG_DA);
	tc_pct(&t, 1, 0.4249, 0, LANG_DA);
	tc_interval(&t, 2, -0.125, 0.5, 2, 1, LANG_DA);
	tc_count_share(&t, 3, 1234, 0.5, LANG_EN);
	tc_signed(&t, 4, -0.001, 2, LANG_DA);
	tc_num(&t, 5, NAN, 2, LANG_DA);
	assert_string_equal(t.cells[0], "3,46");
	assert_true(t.values[0].part[0].kind == TNUM_NUM && t.values[0].part[0].v == 3.46);
	assert_string_equal(t.cells[1], "42\xc2\xa0%");
	assert_true(t.values[1].part[0].kind == TNUM_PCT && t.values[1].part[0].v == 0.42);
	assert_string_equal(t.cells[2], "[\xe2\x88\x92" "0,12; +0,50]");
	assert_true(t.values[2].part[0].v == -0.12 && t.values[2].part[1].v == 0.5);
	assert_string_equal(t.cells[3], "1,234 (50%)");
	assert_true(t.values[3].part[0].kind == TNUM_COUNT && t.values[3].part[1].kind == TNUM_PCT);
	assert_string_equal(t.cells[4], "0,00");
	assert_true(t.values[4].part[0].v == 0 && !signbit(t.values[4].part[0].v));
	assert_true(t.values[5].part[0].kind == TNUM_NONE);
	/* text set over a number takes the number away */
	table_set(&t, 0, "skjult");
	assert_true(t.values[0].part[0].kind == TNUM_NONE);
	table_release(&t);
}

static void small_table(struct table *t, const char *head1, double v)
{
	table_init(t, 2);
	table_col(t, 0, "Gruppe", 1, LAY_LEFT);
	table_col(t, 1, head1, 1, LAY_RIGHT);
	table_row(t, 0);
	table_set(t, 0, "Borgere & co");
	tc_interval(t, 1, v, v + 1, 2, 0, LANG_DA);
}

/* Tables of a section with the same columns, one after another and each
 * with a title, make one block; another heading or section starts a new
 * one. An interval column is written as two, named after its heading. */
static void test_blocks(void **state)
{
	(void)state;
	struct table_book b;
	table_book_init(&b);
	struct table t;
	small_table(&t, "Interval", 1);
	table_book_add(&b, "A", "q1", &t);
	table_book_add(&b, "A", "q2", &t);
	table_release(&t);
	small_table(&t, "Andet", 2);
	table_book_add(&b, "A", "q3", &t);
	table_book_add(&b, NULL, NULL, &t);
	table_release(&t);
	assert_int_equal(b.n, 4);
	assert_string_equal(b.v[0].t.cells[0], "Borgere &amp; co");

	const char **secs;
	assert_int_equal(book_sections(&b, &secs), 2);
	assert_string_equal(secs[0], "A");
	assert_null(secs[1]);
	free(secs);

	struct book_block *bl;
	size_t n = book_blocks(&b, "A", &bl);
	assert_int_equal(n, 2);
	assert_int_equal(bl[0].first, 0);
	assert_int_equal(bl[0].n, 2);
	assert_int_equal(bl[1].first, 2);
	assert_int_equal(bl[1].n, 1);

	char **heads;
	size_t *cols;
	int *parts;
	size_t nc = book_columns(&b, &bl[0], LANG_DA, &heads, &cols, &parts);
	assert_int_equal(nc, 4);
	assert_string_equal(heads[0], "Tabel");
	assert_true(cols[0] == SIZE_MAX);
	assert_string_equal(heads[1], "Gruppe");
	assert_string_equal(heads[2], "Interval, nedre grænse");
	assert_string_equal(heads[3], "Interval, øvre grænse");
	assert_int_equal(cols[3], 1);
	assert_int_equal(parts[3], 1);
	for (size_t i = 0; i < nc; i++)
		free(heads[i]);
	free(heads);
	free(cols);
	free(parts);
	free(bl);
	table_book_release(&b);
}

/* A cell's plain text: the markup taken away by pango's parser, the break
 * opportunities of paths (U+200B) too. */
static void test_cell_text(void **state)
{
	(void)state;
	char *s = book_cell_text("<span foreground=\"#0b4f8a\">\xe2\x96\xb2 +0,12</span> &amp; a/\xe2\x80\x8b" "b");
	assert_string_equal(s, "\xe2\x96\xb2 +0,12 & a/b");
	free(s);
	s = book_cell_text("5 < 6");
	assert_string_equal(s, "5 < 6");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_cell_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
