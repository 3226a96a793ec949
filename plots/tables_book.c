/* tables_book.c: the report's tables collected as they are laid out, grouped into sections and blocks of like columns for the workbook and the CSVs. */
#include "tables_book.h"

#include <pango/pango.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void table_book_init(struct table_book *b)
{
	memset(b, 0, sizeof(*b));
}

void table_book_release(struct table_book *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].section);
		free(b->v[i].title);
		table_release(&b->v[i].t);
	}
	free(b->v);
	table_book_init(b);
}

void table_book_add(struct table_book *b, const char *section, const char *title, const struct table *t)
{
	ALLOC_GROW(b->v, b->n + 1, b->alloc);
	struct book_table *bt = &b->v[b->n++];
	bt->section = section ? xstrdup(section) : NULL;
	bt->title = title && *title ? xstrdup(title) : NULL;
	table_init(&bt->t, t->n_cols);
	for (size_t c = 0; c < t->n_cols; c++) {
		table_col(&bt->t, c, t->cols[c].head, t->cols[c].weight, t->cols[c].align);
		bt->t.cols[c].style = t->cols[c].style;
	}
	for (size_t r = 0; r < t->n_rows; r++) {
		table_row(&bt->t, t->row_flags[r]);
		for (size_t c = 0; c < t->n_cols; c++) {
			table_set_markup(&bt->t, c, t->cells[r * t->n_cols + c]);
			*table_value(&bt->t, c) = t->values[r * t->n_cols + c];
		}
	}
}

static int same_section(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

size_t book_sections(const struct table_book *b, const char ***out)
{
	const char **v = xcalloc(b->n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < b->n; i++) {
		size_t j;
		for (j = 0; j < n; j++)
			if (same_section(v[j], b->v[i].section))
				break;
		if (j == n)
			v[n++] = b->v[i].section;
	}
	*out = v;
	return n;
}

/* Do tables a and b have the same columns (count and headings)? */
static int same_columns(const struct table *a, const struct table *b)
{
	if (a->n_cols != b->n_cols)
		return 0;
	for (size_t c = 0; c < a->n_cols; c++)
		if (strcmp(a->cols[c].head, b->cols[c].head))
			return 0;
	return 1;
}

size_t book_blocks(const struct table_book *b, const char *section, struct book_block **blocks)
{
	struct book_block *v = xcalloc(b->n + 1, sizeof(*v));
	size_t n = 0;
	const struct table *prev = NULL;
	for (size_t i = 0; i < b->n; i++) {
		if (!same_section(b->v[i].section, section)) {
			prev = NULL;
			continue;
		}
		/* tables in a row with the same columns and each a title of its
		 * own (the questions, the waves) make one block */
		if (prev && same_columns(prev, &b->v[i].t) && b->v[i].title && b->v[v[n - 1].first].title &&
		    v[n - 1].first + v[n - 1].n == i) {
			v[n - 1].n++;
		} else {
			v[n++] = (struct book_block){ i, 1 };
		}
		prev = &b->v[i].t;
	}
	*blocks = v;
	return n;
}

/* How many numbers column c of the block's tables holds in a cell: 2
 * when any cell has a second part. */
static int column_parts(const struct table_book *b, const struct book_block *bl, size_t c,
			enum tnum_kind *second)
{
	for (size_t i = bl->first; i < bl->first + bl->n; i++) {
		const struct table *t = &b->v[i].t;
		for (size_t r = 0; r < t->n_rows; r++) {
			const struct table_value *tv = &t->values[r * t->n_cols + c];
			if (tv->part[1].kind != TNUM_NONE) {
				*second = tv->part[1].kind;
				return 2;
			}
		}
	}
	return 1;
}

size_t book_columns(const struct table_book *b, const struct book_block *bl, enum lang lang, char ***heads,
		    size_t **cols, int **parts)
{
	const struct table *t = &b->v[bl->first].t;
	size_t max = 2 * t->n_cols + 1, n = 0;
	char **h = xcalloc(max, sizeof(*h));
	size_t *cv = xcalloc(max, sizeof(*cv));
	int *pv = xcalloc(max, sizeof(*pv));
	if (bl->n > 1) {
		h[n] = xstrdup(tx(lang, T_BOOK_TABLE));
		cv[n] = SIZE_MAX;
		pv[n++] = 0;
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		char *head = xstrdup(t->cols[c].head);
		enum tnum_kind second = TNUM_NONE;
		if (column_parts(b, bl, c, &second) == 1) {
			h[n] = head;
			cv[n] = c;
			pv[n++] = 0;
			continue;
		}
		int share = second == TNUM_PCT;
		h[n] = share ? xstrdup(head) : tx_fillf(lang, T_BOOK_LOWER, "col", head, NULL);
		cv[n] = c;
		pv[n++] = 0;
		h[n] = tx_fillf(lang, share ? T_BOOK_SHARE : T_BOOK_UPPER, "col", head, NULL);
		cv[n] = c;
		pv[n++] = 1;
		free(head);
	}
	*heads = h;
	*cols = cv;
	*parts = pv;
	return n;
}

char *book_cell_text(const char *markup)
{
	char *text = NULL;
	/* pango's own parser: the cell was made for it (lay_escape, spans) */
	if (!pango_parse_markup(markup, -1, 0, NULL, &text, NULL, NULL))
		return xstrdup(markup);
	/* without the break opportunities laid into paths (U+200B) */
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const char *s = text; *s; s++) {
		if (str_starts_with(s, "\xe2\x80\x8b")) {
			s += 2;
			continue;
		}
		sb_addc(&sb, *s);
	}
	g_free(text);
	return sb_detach(&sb);
}
