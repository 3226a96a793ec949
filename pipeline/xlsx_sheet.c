/* xlsx_sheet.c: one worksheet streamed through expat: cells gathered into rows, merged ranges filled, each row handed on as a record. */
#include "xlsx_internal.h"

#include <stdlib.h>
#include <string.h>

struct merge {
	uint32_t r1, c1, r2, c2;
	char *value; /* the first cell's value, once read; NULL before */
};

struct sheet_walk {
	struct xlsx_book *b;
	const char *sheet;
	XML_Parser p;
	csv_record_fn *fn;
	void *ctx;
	struct strbuf *err;
	int rc;             /* first failure (ours or the callback's) */
	/* The row being read. */
	int in_row;
	uint32_t row, prev_row;
	uint32_t col;       /* the cell being read, 0-based */
	long prev_col;      /* -1 at the start of a row */
	char type;          /* 'n', 's', 'i' (inlineStr), 'S' (str), 'b', 'e', 'd' */
	size_t xf;
	int in_c, in_v, in_is, in_t, in_rph;
	struct strbuf val;  /* the cell's text while it is read */
	struct strbuf cells; /* the row's non-empty cells, NUL-terminated, one after another */
	uint32_t *cell_col;
	size_t *cell_off;
	size_t n_cells, alloc_col, alloc_off;
	/* Records. */
	uint64_t index;
	size_t n_header;    /* fields of the first record */
	char **field;
	size_t *len;
	char *blank;
	size_t alloc_field, alloc_len, alloc_blank;
	/* Merged ranges (pass one). */
	struct merge *merges;
	size_t n_merges, alloc_merges;
};

static void fail(struct sheet_walk *w, int rc)
{
	if (w->rc == TILLID_OK)
		w->rc = rc;
	XML_StopParser(w->p, XML_FALSE);
}

/* "'NAME':Ark1!F23: " for the cell being read. */
static void cell_message(struct sheet_walk *w)
{
	sb_addf(w->err, "'%s':", w->b->name);
	xlsx_where(w->sheet, w->row, (size_t)w->col + 1, w->err);
	sb_adds(w->err, ": ");
}

static void where_now(void *ctx, struct strbuf *out)
{
	struct sheet_walk *w = ctx;
	if (w->row) {
		xlsx_where(w->sheet, w->row, w->in_c ? (size_t)w->col + 1 : 0, out);
		sb_addc(out, ':');
	}
}

/* ---- one record per row ---- */

static void put_field(struct sheet_walk *w, size_t j, char *s)
{
	w->field[j] = s;
	w->len[j] = strlen(s);
}

/* Before the header: is the row a title, its only value the first cell of
 * a range merged across columns? */
static int is_title(const struct sheet_walk *w)
{
	if (w->index > 0 || w->n_cells != 1)
		return 0;
	for (size_t m = 0; m < w->n_merges; m++) {
		const struct merge *g = &w->merges[m];
		if (g->r1 == w->row && g->c1 == w->cell_col[0] && g->c2 > g->c1)
			return 1;
	}
	return 0;
}

static void emit_row(struct sheet_walk *w)
{
	if (is_title(w))
		return; /* a title above the table is not its header */
	size_t n = w->n_cells ? (size_t)w->cell_col[w->n_cells - 1] + 1 : 0;
	for (size_t m = 0; m < w->n_merges; m++) {
		const struct merge *g = &w->merges[m];
		if (g->value && w->row >= g->r1 && w->row <= g->r2 && g->c2 + 1 > n)
			n = g->c2 + 1;
	}
	if (!n)
		return; /* a row with no value is no record, like a blank line */
	if (w->index > 0 && n < w->n_header)
		n = w->n_header;
	ALLOC_GROW(w->field, n, w->alloc_field);
	ALLOC_GROW(w->len, n, w->alloc_len);
	ALLOC_GROW(w->blank, n, w->alloc_blank);
	memset(w->blank, 0, n);
	for (size_t j = 0; j < n; j++)
		put_field(w, j, &w->blank[j]);
	for (size_t k = 0; k < w->n_cells; k++)
		put_field(w, w->cell_col[k], w->cells.buf + w->cell_off[k]);
	for (size_t m = 0; m < w->n_merges; m++) {
		const struct merge *g = &w->merges[m];
		if (!g->value || w->row < g->r1 || w->row > g->r2)
			continue;
		for (uint32_t c = g->c1; c <= g->c2; c++)
			if (!*w->field[c])
				put_field(w, c, g->value);
	}
	struct csv_record rec = { w->row, w->index, n, w->field, w->len, NULL, 0 };
	if (w->index == 0)
		w->n_header = n;
	w->index++;
	int rc = w->fn(w->ctx, &rec, w->err);
	if (rc != TILLID_OK)
		fail(w, rc);
}

/* ---- one cell ---- */

static int cell_text_number(struct sheet_walk *w, const char *v)
{
	char *end;
	double d = strtod(v, &end);
	if (end == v || *end) {
		cell_message(w);
		sb_addf(w->err, "the workbook is damaged: the number cell holds '%.40s'; open it in "
				"Excel and save it again\n", v);
		return -1;
	}
	enum xf_kind k = w->xf < w->b->n_xf ? (enum xf_kind)w->b->xf_kind[w->xf] : XF_NUMBER;
	if (k == XF_NUMBER || xlsx_format_date(d, w->b->date1904, k == XF_TIME, &w->cells) != 0)
		xlsx_format_number(d, &w->cells);
	return 0;
}

static int cell_text_shared(struct sheet_walk *w, const char *v)
{
	struct xlsx_book *b = w->b;
	char *end;
	unsigned long i = strtoul(v, &end, 10);
	if (!b->has_strings) {
		cell_message(w);
		sb_addf(w->err, "the workbook is damaged: the cell refers to shared string %s but the "
				"workbook has no shared strings (%s is missing); open it in Excel and "
				"save it again, or export it again\n",
			v, b->strings_part ? b->strings_part : "xl/sharedStrings.xml");
		return -1;
	}
	if (end == v || *end || i >= b->n_strings) {
		cell_message(w);
		sb_addf(w->err, "the workbook is damaged: the cell refers to shared string '%.20s' of "
				"%zu; open it in Excel and save it again\n", v, b->n_strings);
		return -1;
	}
	sb_adds(&w->cells, b->text.buf + b->off[i]);
	return 0;
}

/* The finished cell's text appended to the row, when it has one. */
static void end_cell(struct sheet_walk *w)
{
	size_t start = w->cells.len;
	char *v = w->val.buf;
	int rc = 0;
	if (w->type == 'i' || w->type == 'S' || w->type == 'e' || w->type == 'd') {
		w->val.len = xlsx_unescape(v, w->val.len);
		sb_add(&w->cells, v, w->val.len);
		xlsx_nfc_tail(&w->cells, start);
	} else if (!w->val.len) {
		return; /* a styled empty cell */
	} else if (w->type == 's') {
		rc = cell_text_shared(w, str_trim(v));
	} else if (w->type == 'b') {
		sb_adds(&w->cells, !strcmp(str_trim(v), "0") ? "FALSE" : "TRUE");
	} else {
		rc = cell_text_number(w, str_trim(v));
	}
	if (rc) {
		fail(w, TILLID_EDATA);
		return;
	}
	if (w->cells.len == start)
		return; /* an empty text is an empty cell */
	sb_addc(&w->cells, '\0');
	ALLOC_GROW(w->cell_col, w->n_cells + 1, w->alloc_col);
	ALLOC_GROW(w->cell_off, w->n_cells + 1, w->alloc_off);
	w->cell_col[w->n_cells] = w->col;
	w->cell_off[w->n_cells++] = start;
	for (size_t m = 0; m < w->n_merges; m++) {
		struct merge *g = &w->merges[m];
		if (g->r1 == w->row && g->c1 == w->col && !g->value)
			g->value = xstrdup(w->cells.buf + start);
	}
}

static char cell_type(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return 'n';
	if (!strcmp(t, "s"))
		return 's';
	if (!strcmp(t, "inlineStr"))
		return 'i';
	if (!strcmp(t, "str"))
		return 'S';
	if (!strcmp(t, "b"))
		return 'b';
	if (!strcmp(t, "e"))
		return 'e';
	if (!strcmp(t, "d"))
		return 'd';
	return 0;
}

static void start_row(struct sheet_walk *w, const char **atts)
{
	const char *r = xlsx_attr(atts, "r");
	uint32_t row = w->prev_row + 1;
	if (r) {
		char *end;
		unsigned long v = strtoul(r, &end, 10);
		row = end != r && !*end && v > 0 && v <= 1048576 ? (uint32_t)v : 0;
	}
	if (!row || row <= w->prev_row) {
		sb_addf(w->err, "'%s':", w->b->name);
		xlsx_where(w->sheet, w->prev_row + 1, 0, w->err);
		sb_addf(w->err, ": the workbook is damaged: row '%s' is out of order or no row number; "
				"open it in Excel and save it again\n", r ? r : "");
		fail(w, TILLID_EDATA);
		return;
	}
	w->in_row = 1;
	w->row = row;
	w->prev_col = -1;
	w->n_cells = 0;
	sb_reset(&w->cells);
}

static void start_cell(struct sheet_walk *w, const char **atts)
{
	const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t"), *s = xlsx_attr(atts, "s");
	uint32_t col = (uint32_t)(w->prev_col + 1), row = w->row;
	int bad = r && (xlsx_cell_ref(r, &col, &row) != 0 || (row && row != w->row));
	w->col = col;
	if (bad || (long)col <= w->prev_col || !cell_type(t) || !w->in_row) {
		cell_message(w);
		sb_addf(w->err, "the workbook is damaged: cell '%s' (type '%s') is out of place or of "
				"no known type; open it in Excel and save it again\n",
			r ? r : "", t ? t : "n");
		fail(w, TILLID_EDATA);
		return;
	}
	w->prev_col = col;
	w->type = cell_type(t);
	w->xf = s ? strtoul(s, NULL, 10) : 0;
	w->in_c = 1;
	sb_reset(&w->val);
}

static void XMLCALL sheet_start(void *ctx, const char *el, const char **atts)
{
	struct sheet_walk *w = ctx;
	const char *local = xlsx_local(el);
	if (!strcmp(local, "row"))
		start_row(w, atts);
	else if (!strcmp(local, "c"))
		start_cell(w, atts);
	else if (!w->in_c)
		return;
	else if (!strcmp(local, "v"))
		w->in_v = 1;
	else if (!strcmp(local, "is"))
		w->in_is = 1;
	else if (!strcmp(local, "rPh"))
		w->in_rph = 1;
	else if (!strcmp(local, "t") && w->in_is && !w->in_rph)
		w->in_t = 1;
}

static void XMLCALL sheet_end(void *ctx, const char *el)
{
	struct sheet_walk *w = ctx;
	const char *local = xlsx_local(el);
	if (!strcmp(local, "v")) {
		w->in_v = 0;
	} else if (!strcmp(local, "t")) {
		w->in_t = 0;
	} else if (!strcmp(local, "rPh")) {
		w->in_rph = 0;
	} else if (!strcmp(local, "is")) {
		w->in_is = 0;
	} else if (!strcmp(local, "c") && w->in_c) {
		w->in_c = 0;
		end_cell(w);
	} else if (!strcmp(local, "row") && w->in_row) {
		w->in_row = 0;
		w->prev_row = w->row;
		emit_row(w);
	} else if (!strcmp(local, "sheetData")) {
		XML_StopParser(w->p, XML_FALSE); /* what follows is no data */
	}
}

static void XMLCALL sheet_text(void *ctx, const char *s, int len)
{
	struct sheet_walk *w = ctx;
	if ((w->in_v && w->type != 'i') || w->in_t)
		sb_add(&w->val, s, (size_t)len);
}

/* ---- pass one: the merged ranges (they follow the data in the sheet) ---- */

static void XMLCALL merge_start(void *ctx, const char *el, const char **atts)
{
	struct sheet_walk *w = ctx;
	if (strcmp(xlsx_local(el), "mergeCell"))
		return;
	const char *ref = xlsx_attr(atts, "ref");
	const char *colon = ref ? strchr(ref, ':') : NULL;
	if (!colon)
		return;
	char a[16], z[16];
	size_t na = (size_t)(colon - ref), nz = strlen(colon + 1);
	if (na >= sizeof(a) || nz >= sizeof(z))
		return;
	memcpy(a, ref, na);
	a[na] = '\0';
	memcpy(z, colon + 1, nz + 1);
	struct merge g = { 0, 0, 0, 0, NULL };
	if (xlsx_cell_ref(a, &g.c1, &g.r1) || xlsx_cell_ref(z, &g.c2, &g.r2) || !g.r1 || !g.r2 ||
	    g.r2 < g.r1 || g.c2 < g.c1)
		return;
	ALLOC_GROW(w->merges, w->n_merges + 1, w->alloc_merges);
	w->merges[w->n_merges++] = g;
}

static int read_merges(struct sheet_walk *w)
{
	/* An element named mergeCell holds these bytes whatever its prefix:
	 * without them the sheet has no merged range and needs no pass. */
	int found;
	int rc = xlsx_entry_contains(w->b, w->b->sheet_part, "mergeCell", &found, w->err);
	if (rc != TILLID_OK || !found)
		return rc;
	XML_Parser p = xlsx_parser();
	XML_SetUserData(p, w);
	XML_SetStartElementHandler(p, merge_start);
	rc = xlsx_parse_entry(w->b, w->b->sheet_part, p, NULL, NULL, NULL, w->err);
	XML_ParserFree(p);
	return rc;
}

int xlsx_read_sheet(struct xlsx_book *b, const char *sheet, csv_record_fn *fn, void *ctx,
		    uint64_t *n_rows, struct strbuf *err)
{
	struct sheet_walk w;
	memset(&w, 0, sizeof(w));
	w.b = b;
	w.sheet = sheet;
	w.fn = fn;
	w.ctx = ctx;
	w.err = err;
	w.prev_col = -1;
	sb_init(&w.val);
	sb_init(&w.cells);
	int rc = read_merges(&w);
	if (rc == TILLID_OK) {
		w.p = xlsx_parser();
		XML_SetUserData(w.p, &w);
		XML_SetElementHandler(w.p, sheet_start, sheet_end);
		XML_SetCharacterDataHandler(w.p, sheet_text);
		int stopped;
		rc = xlsx_parse_entry(b, b->sheet_part, w.p, &stopped, where_now, &w, err);
		if (rc == TILLID_OK && stopped)
			rc = w.rc;
		XML_ParserFree(w.p);
	}
	*n_rows = w.index;
	for (size_t m = 0; m < w.n_merges; m++)
		free(w.merges[m].value);
	free(w.merges);
	sb_release(&w.val);
	sb_release(&w.cells);
	free(w.cell_col);
	free(w.cell_off);
	free(w.field);
	free(w.len);
	free(w.blank);
	return rc;
}
