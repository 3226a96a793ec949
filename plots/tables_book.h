/* tables_book.h: the report's tables collected as they are laid out, and written as a workbook (tabeller.xlsx) and as CSV files. */
#ifndef TILLID_TABLES_BOOK_H
#define TILLID_TABLES_BOOK_H

#include "layout.h"
#include "text.h"
#include "core/csvwrite.h"
#include "core/util.h"

/* One table of the report: the section it stands in, its title (the
 * heading above it; NULL for none) and a copy of its cells. */
struct book_table {
	char *section; /* NULL: before the first section (the cover) */
	char *title;
	struct table t;
};

struct table_book {
	struct book_table *v;
	size_t n, alloc;
};

void table_book_init(struct table_book *b);
void table_book_release(struct table_book *b);
/* Append a copy of t (section and title may be NULL). */
void table_book_add(struct table_book *b, const char *section, const char *title, const struct table *t);

/* A block of the workbook: the tables [first, first + n) of one section
 * with the same columns, written as one table (with a column naming each
 * table's title when n > 1). */
struct book_block {
	size_t first, n;
};

/* The blocks of section s (of the sections in order of appearance:
 * book_sections) into *blocks (caller frees); returns how many. */
size_t book_blocks(const struct table_book *b, const char *section, struct book_block **blocks);
/* The sections of b in order of appearance, each once (borrowed strings,
 * NULL for the cover), into *out (caller frees the array); returns how
 * many. */
size_t book_sections(const struct table_book *b, const char ***out);

/* What the workbook and the CSVs are about. */
struct book_opts {
	enum lang lang;
	const char *study;   /* the study's name, in every sheet's title row */
	const char *date;    /* ISO 8601 date-time of the workbook's properties; NULL: a fixed one */
};

/* Write b as an xlsx workbook at path (atomically): a sheet per section
 * with a title row, each block's title, header and rows; numbers as
 * numbers with display formats (tables_xlsx.c). Returns TILLID_OK, or
 * TILLID_ESYS with a message when the file cannot be written. */
int book_write_xlsx(const struct table_book *b, const struct book_opts *o, const char *path, struct strbuf *err);

/* Write b as one CSV file per block into the directory dir (replaced as a
 * whole, atomically), named NN-SECTION[-K].csv, in dialect d
 * (tables_csv.c). Returns TILLID_OK or TILLID_ESYS with a message. */
int book_write_csv(const struct table_book *b, const struct book_opts *o, enum csv_dialect d, const char *dir,
		   struct strbuf *err);

/* The column headings of block bl as written (an interval's or a count
 * with its share's column becomes two) into *heads (caller frees each
 * and the array), and for each written column the table column and the
 * part (0 or 1) it holds into cols/parts (caller frees). Returns how many
 * columns are written, the table-title column first when bl->n > 1 (its
 * col is SIZE_MAX). */
size_t book_columns(const struct table_book *b, const struct book_block *bl, enum lang lang, char ***heads,
		    size_t **cols, int **parts);

/* The plain text of a cell (its pango markup taken away); caller frees. */
char *book_cell_text(const char *markup);

#endif
