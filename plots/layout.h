/* layout.h: pango text boxes that wrap, measure and count overflow, and simple tables. */
#ifndef TILLID_LAYOUT_H
#define TILLID_LAYOUT_H

#include "text.h"
#include "core/hashmap.h"
#include "core/util.h"

#include <cairo.h>
#include <pango/pangocairo.h>

/* The one font family of every output. */
#define LAY_FAMILY "DejaVu Sans"
#define LAY_FAMILY_MONO "DejaVu Sans Mono"

/* Type styles (sizes in points). */
enum tstyle {
	TS_TITLE,      /* cover title */
	TS_SUBTITLE,   /* cover subtitle */
	TS_H1,         /* section heading */
	TS_H2,         /* sub-heading */
	TS_H3,         /* chart title, item text */
	TS_BODY,
	TS_BODY_BOLD,
	TS_SMALL,      /* tables, chart labels */
	TS_SMALL_BOLD,
	TS_SMALL_ITALIC,
	TS_TINY,       /* axis ticks, notes, running header */
	TS_TINY_BOLD,
	TS_MONO,       /* SHA-256 digests */
	TS_COUNT
};

/* Alignment and options for lay_box. */
#define LAY_LEFT 0x0
#define LAY_CENTER 0x1
#define LAY_RIGHT 0x2
#define LAY_MARKUP 0x4  /* text is pango markup */
#define LAY_VCENTER 0x8 /* centre the text vertically in the box */
#define LAY_NOWRAP 0x10 /* one line per paragraph; wider than the box is an overflow */

/* Type settings shared by every page and chart of one report, and the
 * count of text boxes whose text did not fit. */
struct typo {
	enum lang lang;
	PangoFontDescription *font[TS_COUNT];
	double spacing[TS_COUNT]; /* extra space between lines, points */
	PangoContext *measure_ctx; /* for measuring without a surface */
	PangoLayout *measure;
	/* Texts measured so far: the key is the style, flags, wrapping width
	 * and text (measure_key in layout.c), the entry's index that of its
	 * size in sizes (width, height in points). Measuring is a pure
	 * function of the key, so a text laid out again (the dry run and the
	 * real run, a table's rows measured then drawn) is shaped once. */
	struct hashmap measured;
	double (*sizes)[2];
	size_t alloc_sizes;
	unsigned overflow;
	struct strlist overflow_texts; /* the first few texts that overflowed, each once */
	double min_size; /* the smallest type size drawn so far, points (0: none) */
	/* PDF structure tags (tagging set: cr draws onto a tagged PDF). Text
	 * drawn by lay_box outside any open element becomes a paragraph or a
	 * heading of its own; page furniture (untagged > 0) stays outside. */
	int tagging;
	int tag_depth;     /* elements opened with lay_tag_begin, still open */
	int list_open;     /* an L element is open (lay_list_item) */
	int heading_level; /* the level of the last heading tagged (0: none) */
	int untagged;
	struct strlist figure_alts; /* alternative texts of the Figures tagged, in order */
	/* Non-NULL: lay_box draws no glyphs but appends each line of text as
	 * an SVG <text> element (searchable, editable text) to this buffer,
	 * at the position, size, weight and colour it would have drawn it. */
	struct strbuf *svg_text;
	/* Label boxes: while collect_boxes is set, lay_box records the box of
	 * every text it draws (device space) for lay_check_boxes. Overlapping
	 * or stray boxes are counted in overlap, with the first few texts. */
	int collect_boxes;
	struct lay_rect *boxes;
	size_t n_boxes, alloc_boxes;
	unsigned overlap;
	struct strlist overlap_texts;
};

/* A text's box in device space, and its text (owned by the typo; NULL for
 * an obstacle, lay_obstacle). */
struct lay_rect {
	double x0, y0, x1, y1;
	char *text;
};

/* Record (while ty->collect_boxes) a box of cr's user space where no text
 * may go, such as the plot beside a heading. */
void lay_obstacle(cairo_t *cr, struct typo *ty, double x0, double y0, double x1, double y1);

/* Check the label boxes recorded since index `from`: any two that overlap
 * (by more than a tenth of a point each way), or one that leaves the
 * rectangle (x0, y0)-(x1, y1) of device space, is counted in ty->overlap
 * with its texts; the boxes are then forgotten (back to `from`). Returns
 * how many it counted. */
unsigned lay_check_boxes(struct typo *ty, size_t from, double x0, double y0, double x1, double y1);

/* Set up fonts and the measuring context; typo_release frees them. Font
 * options: no hinting of metrics, resolution 72 dpi (1 pt = 1 unit), so
 * that PDF, SVG and PNG lay text out alike. */
void typo_init(struct typo *ty, enum lang lang);
void typo_release(struct typo *ty);

/* The size in points of type style st. */
double typo_size(enum tstyle st);

/* Record that text in style st was drawn (lay_box does this itself; for
 * text drawn otherwise). */
void typo_used(struct typo *ty, enum tstyle st);

/* Add to ty what another typo counted: overflow and overlap counts with
 * their texts (after ty's own, up to the few ty keeps) and the smallest
 * type size (min_size, 0: none). The lists are not changed. */
void typo_add_counts(struct typo *ty, unsigned overflow, const struct strlist *overflow_texts, unsigned overlap,
		     const struct strlist *overlap_texts, double min_size);

/* Open / close a structure element (cairo_tag_begin: "H2", "P", "Table",
 * "TR", "TH", "TD", "Figure", ...) when ty->tagging; a no-op otherwise or
 * when cr is NULL. An element opened at the top closes an open list. */
void lay_tag_begin(cairo_t *cr, struct typo *ty, const char *tag);
void lay_tag_end(cairo_t *cr, struct typo *ty, const char *tag);
/* The tag of a heading that wants level want (1..3), never deeper than one
 * below the previous heading ("H1".."H3"); records it. */
const char *lay_heading_tag(struct typo *ty, int want);
/* A list item: lay_list_item_begin opens the list (L) when none is open,
 * then an LI; lay_list_item_end closes the LI; the list closes at the next
 * element opened at the top (or lay_list_close). */
void lay_list_item_begin(cairo_t *cr, struct typo *ty);
void lay_list_item_end(cairo_t *cr, struct typo *ty);
void lay_list_close(cairo_t *cr, struct typo *ty);

/* Apply the typo's font options and resolution to a layout made for a
 * cairo context (pango_cairo_create_layout). */
void typo_prepare_layout(struct typo *ty, PangoLayout *pl);

/* Height in points of text wrapped at width w (w <= 0: no wrapping). */
double lay_height(struct typo *ty, enum tstyle st, const char *text, double w, unsigned flags);

/* Width of the widest line of text, unwrapped. */
double lay_width(struct typo *ty, enum tstyle st, const char *text, unsigned flags);

/* The width of the widest word of plain text (words split at spaces and
 * line breaks): the narrowest box it wraps into without overflow. */
double lay_widest_word(struct typo *ty, enum tstyle st, const char *text);

/* Draw text into the box (x, y, w, h) in the current cairo source colour,
 * wrapped at word boundaries. Returns the height the text needs. When it
 * needs more than h (h < 0: no limit) or a word is wider than w, the
 * overflow is counted in ty and the text is clipped to the box. */
double lay_box(cairo_t *cr, struct typo *ty, enum tstyle st, const char *text, double x, double y,
	       double w, double h, unsigned flags);

/* Escape a plain string for use inside pango markup; caller frees. */
char *lay_escape(const char *s);

/* Colours as 0xRRGGBB. */
void lay_rgb(cairo_t *cr, unsigned rgb);

/* A table: columns with headings, relative widths and alignment, rows of
 * cells (owned strings, may hold markup when the column says so). */
#define TROW_BOLD 0x1   /* the row is a total or a heading */
#define TROW_RULE 0x2   /* a rule above the row (start of a new group) */
#define TROW_SHADE 0x4  /* light background */

struct table_col {
	char *head;
	double weight; /* relative width */
	unsigned align; /* LAY_LEFT, LAY_CENTER, LAY_RIGHT */
	enum tstyle style;
};

/* What a cell's number is, beside its text: the PDF prints the text, the
 * tables workbook and CSVs (tables_book.h) write the number under it. A
 * cell holds up to two numbers: an interval (lower, upper) or a count and
 * its share. Set through the tc_ functions (table_cells.h), which write
 * the text and the number from one value. */
enum tnum_kind {
	TNUM_NONE,   /* no number: the cell's text is all there is */
	TNUM_NUM,    /* v with `decimals` decimals */
	TNUM_SIGNED, /* the same with a sign: a change */
	TNUM_COUNT,  /* a whole number with thousands separators */
	TNUM_PCT,    /* a share 0..1 shown as a percentage */
};

struct table_num {
	enum tnum_kind kind;
	int decimals;
	double v; /* rounded to what the text shows */
};

struct table_value {
	struct table_num part[2];
	const char *mark; /* static text shown before the number (a verdict's shape), or NULL */
};

struct table {
	size_t n_cols;
	struct table_col *cols;
	size_t n_rows, alloc_rows;
	char **cells; /* n_rows * n_cols */
	struct table_value *values; /* n_rows * n_cols; kind TNUM_NONE for text */
	unsigned *row_flags;
};

void table_init(struct table *t, size_t n_cols);
void table_release(struct table *t);
void table_col(struct table *t, size_t col, const char *head, double weight, unsigned align);
/* Start a new row; its cells are "" until set. */
void table_row(struct table *t, unsigned flags);
/* Set a cell of the last row to plain text (copied, escaped for markup). */
void table_set(struct table *t, size_t col, const char *text);
void table_setf(struct table *t, size_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The number of a cell of the last row (all TNUM_NONE until set; table_set
 * and table_set_markup clear it). */
struct table_value *table_value(struct table *t, size_t col);
/* Set a cell of the last row to pango markup (copied as it is). */
void table_set_markup(struct table *t, size_t col, const char *markup);
/* The type style of a column (TS_SMALL unless set). */
void table_col_style(struct table *t, size_t col, enum tstyle st);

/* Heights of the header and of row r at total width w. */
double table_header_height(struct typo *ty, const struct table *t, double w);
double table_row_height(struct typo *ty, const struct table *t, size_t r, double w);
/* Draw the header at y; returns its height. */
double table_draw_header(cairo_t *cr, struct typo *ty, const struct table *t, double x, double y, double w);
/* Draw row r at y; returns its height. */
double table_draw_row(cairo_t *cr, struct typo *ty, const struct table *t, size_t r, double x, double y, double w);

#endif
