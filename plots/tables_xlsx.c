/* tables_xlsx.c: the report's tables as an xlsx workbook (libxlsxwriter): a sheet per section, numbers as numbers with Danish or English display formats. */
#include "tables_book.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

/* The formats of one workbook, made when first asked for. */
struct fmt_key {
	enum tnum_kind kind;
	int decimals;
	const char *mark;
	int bold;
	lxw_format *f;
};

struct xbook {
	lxw_workbook *wb;
	enum lang lang;
	struct fmt_key *fmts;
	size_t n_fmts, alloc_fmts;
	lxw_format *title, *table_title, *head, *text, *text_bold;
};

/* The number format of a number, in the file's neutral syntax ("#,##0.00":
 * Excel shows it with the reader's decimal and thousands marks, so Danish
 * Excel shows 1.234,50); a change has a sign, the minus being U+2212 as in
 * the report; a share is a percentage ("0 %" in Danish, "0%" in English). */
static char *num_format(enum tnum_kind kind, int decimals, const char *mark, enum lang lang)
{
	char dec[16] = "";
	if (decimals > 0) {
		dec[0] = '.';
		memset(dec + 1, '0', (size_t)(decimals < 6 ? decimals : 6));
	}
	char *pre = mark ? xasprintf("\"%s \"", mark) : xstrdup("");
	char *f;
	switch (kind) {
	case TNUM_SIGNED:
		f = xasprintf("%s+#,##0%s;%s\"\xe2\x88\x92\"#,##0%s;%s#,##0%s", pre, dec, pre, dec, pre, dec);
		break;
	case TNUM_PCT:
		f = xasprintf("%s0%s%s%%", pre, dec, lang == LANG_DA ? " " : "");
		break;
	case TNUM_COUNT:
		f = xasprintf("%s#,##0", pre);
		break;
	default:
		f = xasprintf("%s#,##0%s", pre, dec);
		break;
	}
	free(pre);
	return f;
}

static lxw_format *number_format(struct xbook *x, const struct table_num *n, const char *mark, int bold)
{
	for (size_t i = 0; i < x->n_fmts; i++) {
		struct fmt_key *k = &x->fmts[i];
		if (k->kind == n->kind && k->decimals == n->decimals && k->mark == mark && k->bold == bold)
			return k->f;
	}
	lxw_format *f = workbook_add_format(x->wb);
	char *s = num_format(n->kind, n->decimals, mark, x->lang);
	format_set_num_format(f, s);
	free(s);
	format_set_align(f, LXW_ALIGN_RIGHT);
	if (bold)
		format_set_bold(f);
	ALLOC_GROW(x->fmts, x->n_fmts + 1, x->alloc_fmts);
	x->fmts[x->n_fmts++] = (struct fmt_key){ n->kind, n->decimals, mark, bold, f };
	return f;
}

static void xbook_formats(struct xbook *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 13);
	x->table_title = workbook_add_format(x->wb);
	format_set_bold(x->table_title);
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_text_wrap(x->head);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	x->text = workbook_add_format(x->wb);
	format_set_align(x->text, LXW_ALIGN_VERTICAL_TOP);
	x->text_bold = workbook_add_format(x->wb);
	format_set_bold(x->text_bold);
}

/* The width in characters a text needs (UTF-8 code points). */
static double text_width(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return (double)n;
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\,
 * different from the names before it (" (2)", " (3)" ...). */
static char *sheet_name(struct xbook *x, const char *section)
{
	char base[128];
	size_t n = 0, chars = 0;
	for (const char *s = section; *s && n < sizeof(base) - 8; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch & 0xc0) != 0x80 && ++chars > 26)
			break;
		base[n++] = strchr("[]:*?/\\'", ch) ? ' ' : (char)ch;
	}
	base[n] = '\0';
	char *name = xstrdup(base);
	for (int k = 2; workbook_get_worksheet_by_name(x->wb, name) && k < 1000; k++) {
		free(name);
		name = xasprintf("%s (%d)", base, k);
	}
	return name;
}

/* Write one cell of a block: a number (part of a value) or the text. */
static void write_cell(struct xbook *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const struct table *t,
		       size_t r, size_t c, int part, double *width)
{
	const struct table_value *tv = &t->values[r * t->n_cols + c];
	int bold = (t->row_flags[r] & TROW_BOLD) != 0;
	const struct table_num *n = &tv->part[part];
	if (n->kind != TNUM_NONE) {
		worksheet_write_number(ws, row, col, n->v, number_format(x, n, tv->mark, bold));
		double w = 8 + (tv->mark ? 2 : 0);
		if (w > *width)
			*width = w;
		return;
	}
	if (part == 1 || tv->part[0].kind != TNUM_NONE)
		return;
	char *text = book_cell_text(t->cells[r * t->n_cols + c]);
	if (*text) {
		worksheet_write_string(ws, row, col, text, bold ? x->text_bold : x->text);
		double w = text_width(text) + 1;
		if (w > *width)
			*width = w;
	}
	free(text);
}

/* Write block bl from row *row on: its title, header and rows. Returns
 * the row of its header. */
static lxw_row_t write_block(struct xbook *x, lxw_worksheet *ws, const struct table_book *b,
			     const struct book_block *bl, lxw_row_t *row, double *widths, size_t max_cols)
{
	const struct book_table *first = &b->v[bl->first];
	const char *title = bl->n > 1 || !first->title ? first->section : first->title;
	if (title && *title)
		worksheet_write_string(ws, (*row)++, 0, title, x->table_title);
	char **heads;
	size_t *cols;
	int *parts;
	size_t n = book_columns(b, bl, x->lang, &heads, &cols, &parts);
	lxw_row_t head_row = *row;
	for (size_t j = 0; j < n && j < max_cols; j++) {
		worksheet_write_string(ws, *row, (lxw_col_t)j, heads[j], x->head);
		double w = text_width(heads[j]) / 2 + 2; /* a heading wraps onto two lines */
		if (w > widths[j])
			widths[j] = w;
	}
	(*row)++;
	for (size_t i = bl->first; i < bl->first + bl->n; i++) {
		const struct table *t = &b->v[i].t;
		for (size_t r = 0; r < t->n_rows; r++, (*row)++)
			for (size_t j = 0; j < n && j < max_cols; j++) {
				if (cols[j] == SIZE_MAX) {
					worksheet_write_string(ws, *row, (lxw_col_t)j, b->v[i].title, x->text);
					widths[j] = widths[j] < 40 ? 40 : widths[j];
					continue;
				}
				write_cell(x, ws, *row, (lxw_col_t)j, t, r, cols[j], parts[j], &widths[j]);
			}
	}
	for (size_t j = 0; j < n; j++)
		free(heads[j]);
	free(heads);
	free(cols);
	free(parts);
	return head_row;
}

/* One sheet: the title row (the study and the section), then each block
 * with a blank row between; the rows down to the first block's header stay
 * in view when the sheet holds one block, the title row otherwise. */
static void write_sheet(struct xbook *x, const struct table_book *b, const struct book_opts *o,
			const char *section)
{
	const char *sec = section ? section : tx(o->lang, T_BOOK_COVER);
	char *name = sheet_name(x, sec);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	free(name);
	char *title = tx_fillf(o->lang, T_BOOK_TITLE, "study", o->study, "table", sec, NULL);
	worksheet_write_string(ws, 0, 0, title, x->title);
	free(title);
	struct book_block *blocks;
	size_t nb = book_blocks(b, section, &blocks);
	enum { MAX_COLS = 256 };
	double widths[MAX_COLS] = { 0 };
	lxw_row_t row = 2, head_row = 0;
	for (size_t k = 0; k < nb; k++) {
		lxw_row_t h = write_block(x, ws, b, &blocks[k], &row, widths, MAX_COLS);
		if (k == 0)
			head_row = h;
		row++;
	}
	worksheet_freeze_panes(ws, nb == 1 ? head_row + 1 : 1, 0);
	for (size_t j = 0; j < MAX_COLS; j++)
		if (widths[j] > 0)
			worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, widths[j] < 60 ? widths[j] : 60, NULL);
	free(blocks);
}

/* time_t of an ISO 8601 date-time "YYYY-MM-DDTHH:MM:SS" (UTC); 0 for none. */
static time_t iso_time(const char *iso)
{
	struct tm tm = { 0 };
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	/* days from the civil date (Howard Hinnant's days_from_civil), no time zone */
	int y = tm.tm_year + 1900 - (tm.tm_mon < 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (tm.tm_mon + (tm.tm_mon < 2 ? 9 : -3)) + 2) / 5 + tm.tm_mday - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;
	return (time_t)(days * 86400L + tm.tm_hour * 3600L + tm.tm_min * 60L + tm.tm_sec);
}

int book_write_xlsx(const struct table_book *b, const struct book_opts *o, const char *path, struct strbuf *err)
{
	struct atomic_file af;
	if (af_open(&af, path, err) != TILLID_OK)
		return TILLID_ESYS;
	struct xbook x = { .lang = o->lang };
	x.wb = workbook_new(af.tmp);
	if (!x.wb) {
		sb_addf(err, "cannot create '%s'", path);
		af_abort(&af);
		return TILLID_ESYS;
	}
	time_t created = iso_time(o->date ? o->date : "2000-01-01T00:00:00");
	char *title = tx_fillf(o->lang, T_BOOK_TITLE, "study", o->study, "table", tx(o->lang, T_BOOK_TABLE), NULL);
	lxw_doc_properties props = { .title = title, .author = "tillid", .created = created };
	workbook_set_properties(x.wb, &props);
	xbook_formats(&x);
	const char **sections;
	size_t ns = book_sections(b, &sections);
	for (size_t s = 0; s < ns; s++)
		write_sheet(&x, b, o, sections[s]);
	free(sections);
	lxw_error e = workbook_close(x.wb);
	free(title);
	free(x.fmts);
	if (e != LXW_NO_ERROR) {
		sb_addf(err, "cannot write '%s': %s", path, lxw_strerror(e));
		af_abort(&af);
		return TILLID_ESYS;
	}
	return af_commit(&af, err);
}
