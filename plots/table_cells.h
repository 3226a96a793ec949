/* table_cells.h: table cells that hold a number: the text the PDF prints and the number the tables workbook writes, made from one value. */
#ifndef TILLID_TABLE_CELLS_H
#define TILLID_TABLE_CELLS_H

#include "layout.h"
#include "text.h"

/* Each sets cell col of t's last row to the fmt_ text of the value (fmt.h)
 * and records the value, rounded to the decimals the text shows, as the
 * cell's number (struct table_value); a value that is not finite gives
 * the fmt_ dash and no number. */
void tc_num(struct table *t, size_t col, double v, int decimals, enum lang lang);
void tc_signed(struct table *t, size_t col, double v, int decimals, enum lang lang);
void tc_count(struct table *t, size_t col, double v, enum lang lang);
void tc_pct(struct table *t, size_t col, double share, int decimals, enum lang lang);
/* An interval "[lo; hi]" (sign: with signs, for a change): two numbers. */
void tc_interval(struct table *t, size_t col, double lo, double hi, int decimals, int sign, enum lang lang);
/* A count with its share of a whole: "12 (34 %)": two numbers. */
void tc_count_share(struct table *t, size_t col, double n, double share, enum lang lang);
/* A change shown after a static mark (a verdict's shape): the cell is the
 * markup given, its number the change v with the mark before it. */
void tc_marked_signed(struct table *t, size_t col, const char *markup, const char *mark, double v,
		      int decimals);

/* v rounded to `decimals` decimals as the fmt_ functions round it (a
 * result that rounds to zero is 0, never -0). */
double tc_round(double v, int decimals);

#endif
