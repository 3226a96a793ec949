/* tables_csv.c: the report's tables as CSV files, one per block of the workbook, in the RFC 4180 or the Danish Excel dialect. */
#include "report.h"
#include "tables_book.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One cell: a number with the decimals the report shows (a share as a
 * percentage number, its heading saying "%"), or the cell's text. */
static void csv_cell(struct strbuf *sb, enum csv_dialect d, int first, const struct table *t, size_t r, size_t c,
		     int part)
{
	const struct table_value *tv = &t->values[r * t->n_cols + c];
	const struct table_num *n = &tv->part[part];
	if (n->kind == TNUM_PCT) {
		csv_number(sb, d, first, n->v * 100.0, n->decimals);
	} else if (n->kind != TNUM_NONE) {
		csv_number(sb, d, first, n->v, n->kind == TNUM_COUNT ? 0 : n->decimals);
	} else if (part == 1 || tv->part[0].kind != TNUM_NONE) {
		csv_field(sb, d, first, "");
	} else {
		char *text = book_cell_text(t->cells[r * t->n_cols + c]);
		csv_field(sb, d, first, text);
		free(text);
	}
}

/* Does written column j (table column c, part p) of the block hold a share? */
static int pct_column(const struct table_book *b, const struct book_block *bl, size_t c, int p)
{
	for (size_t i = bl->first; i < bl->first + bl->n; i++) {
		const struct table *t = &b->v[i].t;
		for (size_t r = 0; r < t->n_rows; r++)
			if (t->values[r * t->n_cols + c].part[p].kind == TNUM_PCT)
				return 1;
	}
	return 0;
}

/* The CSV text of block bl. */
static void block_csv(struct strbuf *sb, const struct table_book *b, const struct book_block *bl,
		      enum csv_dialect d, enum lang lang)
{
	char **heads;
	size_t *cols;
	int *parts;
	size_t n = book_columns(b, bl, lang, &heads, &cols, &parts);
	csv_begin(sb, d);
	for (size_t j = 0; j < n; j++) {
		int pct = cols[j] != SIZE_MAX && pct_column(b, bl, cols[j], parts[j]);
		char *h = pct ? xasprintf("%s (%%)", heads[j]) : xstrdup(heads[j]);
		csv_field(sb, d, j == 0, h);
		free(h);
	}
	csv_end_row(sb, d);
	for (size_t i = bl->first; i < bl->first + bl->n; i++) {
		const struct table *t = &b->v[i].t;
		for (size_t r = 0; r < t->n_rows; r++) {
			for (size_t j = 0; j < n; j++) {
				if (cols[j] == SIZE_MAX)
					csv_field(sb, d, j == 0, b->v[i].title);
				else
					csv_cell(sb, d, j == 0, t, r, cols[j], parts[j]);
			}
			csv_end_row(sb, d);
		}
	}
	for (size_t j = 0; j < n; j++)
		free(heads[j]);
	free(heads);
	free(cols);
	free(parts);
}

/* Write every block of b into the directory tmp. */
static int write_files(const struct table_book *b, const struct book_opts *o, enum csv_dialect d,
		       const char *tmp, struct strbuf *err)
{
	const char **sections;
	size_t ns = book_sections(b, &sections);
	int rc = TILLID_OK;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (size_t s = 0; s < ns && rc == TILLID_OK; s++) {
		struct book_block *blocks;
		size_t nb = book_blocks(b, sections[s], &blocks);
		char *slug = report_slug(sections[s] ? sections[s] : tx(o->lang, T_BOOK_COVER));
		for (size_t k = 0; k < nb && rc == TILLID_OK; k++) {
			char *name = nb > 1 ? xasprintf("%02zu-%s-%zu.csv", s + 1, slug, k + 1)
					    : xasprintf("%02zu-%s.csv", s + 1, slug);
			char *path = path_join(tmp, name);
			sb_reset(&sb);
			block_csv(&sb, b, &blocks[k], d, o->lang);
			FILE *fp = fopen(path, "wb");
			int ok = fp && fwrite(sb.buf, 1, sb.len, fp) == sb.len;
			if (fp && fclose(fp) != 0)
				ok = 0;
			if (!ok) {
				sb_addf(err, "cannot write '%s': %s", path, strerror(errno));
				rc = TILLID_ESYS;
			}
			free(path);
			free(name);
		}
		free(slug);
		free(blocks);
	}
	sb_release(&sb);
	free(sections);
	return rc;
}

int book_write_csv(const struct table_book *b, const struct book_opts *o, enum csv_dialect d, const char *dir,
		   struct strbuf *err)
{
	char *tmp = temp_dir_beside(dir, err);
	if (!tmp)
		return TILLID_ESYS;
	int rc = write_files(b, o, d, tmp, err);
	if (rc == TILLID_OK)
		rc = dir_replace(tmp, dir, err);
	if (rc != TILLID_OK)
		remove_flat_dir(tmp);
	free(tmp);
	return rc;
}
