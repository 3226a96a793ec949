/* report_internal.h: what the report_*.c files share: the page geometry, the page flow, the report's context, its lookups, wordings, charts and sections. */
#ifndef TILLID_REPORT_INTERNAL_H
#define TILLID_REPORT_INTERNAL_H

#include "charts.h"
#include "fmt.h"
#include "layout.h"
#include "report.h"
#include "resfile.h"
#include "text.h"
#include "tables_book.h"
#include "core/dataset.h"
#include "core/results_schema.h"
#include "core/util.h"

#include <cairo.h>

/* A4 in points, and the text area. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_X 56.7
#define MARGIN_TOP 66.0
#define MARGIN_BOTTOM 62.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define MAX_SECTIONS 64

#define C_TEXT 0x1a1a1a
#define C_MUTED 0x555555
#define C_ACCENT 0x0b4f8a
#define C_RULE 0xc8c8c8

/* --- The page flow (report_doc.c) ------------------------------------------ */

struct section {
	char *title;
	int page;
	int level;
};

/* A heading waiting for the block it heads (rp_doc_ensure places both). */
struct pending_heading {
	char *text;
	enum tstyle st;
	int section; /* a section's heading: a bookmark and a place in the contents */
	int level;
	double after; /* space below it */
};

/* How full a page is, 0..1 of the text area, and whether it ends a section
 * (or the report) rather than breaking inside one. */
struct page_fill {
	double used;
	int section_end;
};

/* Pages are laid out twice: a dry run (cr NULL) that only measures, to
 * learn the page count and where each section starts, and the real run.
 * Every doc_ function does the same in both, drawing only in the real run. */
struct doc {
	struct typo *ty;
	cairo_surface_t *surface; /* NULL in the dry run */
	cairo_t *cr;
	int page;
	double y;
	char *header_left;
	char *header_right;
	char *subheading;          /* the last heading (TS_H2, TS_H3) of this section */
	int total_pages;           /* from the dry run; 0 during it */
	struct section *known;     /* sections of the dry run, for the contents */
	size_t n_known;
	struct section sections[MAX_SECTIONS];
	size_t n_sections;
	int outline_parent;        /* id of the current top-level outline entry */
	int in_page;
	int breaking;              /* the page breaks inside a section */
	struct pending_heading pending[4];
	size_t n_pending;
	struct page_fill *fill;    /* [page - 1] for each page ended */
	size_t n_fill, alloc_fill;
	int orphans;               /* headings drawn with no block after them */
	int split_tables;          /* tables split that fit on a page, or begun with fewer
				      than their first three rows at a page foot: 0 */
	struct table_book *book;   /* non-NULL: every table laid out is copied into it */
};

/* Forget the pages and sections laid out (for the next run); the header's
 * left text, known and total_pages stay. */
void rp_doc_reset(struct doc *d);
/* End the page (if one is open) / end it and start the next. */
void rp_doc_end_page(struct doc *d);
void rp_doc_new_page(struct doc *d);
/* Make room for h points, on a new page if need be. */
void rp_doc_ensure(struct doc *d, double h);
/* Move down h points. */
void rp_doc_space(struct doc *d, double h);
/* A section at level 0 (on a new page, in the page header) or 1: a
 * bookmark, a heading and a place in the contents. */
void rp_doc_section(struct doc *d, const char *title, int level, int new_page);
/* A paragraph in style st, moved whole to a new page rather than split,
 * followed by `after` points. */
void rp_doc_para(struct doc *d, enum tstyle st, const char *text, unsigned flags, double after);
/* A heading kept on the page with at least `keep` points of what follows. */
void rp_doc_heading(struct doc *d, enum tstyle st, const char *text, double keep);
/* A paragraph with a bullet and a hanging indent. */
void rp_doc_bullet(struct doc *d, enum tstyle st, const char *text, unsigned flags);
/* A table, split between rows over pages, with its header repeated. */
void rp_doc_table(struct doc *d, const struct table *t);
/* A chart's title that stands alone: "section: title" (the section being
 * laid out; without a title, the last heading in it), the title alone when
 * it names the section already; NULL when all are missing. Caller frees. */
char *rp_doc_titled(const struct doc *d, const char *title);

/* --- The report's context ---------------------------------------------------- */

/* A breakdown cell: g and m are indices into the metadata, -1 for all;
 * u is 1 + the index of a unit (breakdown unit, whatever g and m say), 0
 * for none, so that { g, m } is never a unit. */
struct cell {
	int g, m;
	int u;
};
/* The cell of group g in municipality m (either -1 for all), no unit. */
#define CELL(g, m) ((struct cell){ (g), (m), 0 })

struct chart_writer;

struct report_ctx {
	const struct resfile *res;
	const struct tds_meta *m;
	char value_text[TDS_MAX_VALUE + 1][4]; /* "0" .. "100", for unlabelled points */
	const struct report_opts *o;
	enum lang lang;
	struct typo ty;
	struct doc doc;
	int muni;          /* the municipality of this report, -1: project */
	size_t base, last; /* baseline and the wave the headline change ends in */
	int min;           /* the minimum group size the results were made with */
	char min_s[16];    /* the same as text */
	int hidden_used;   /* "skjult" printed since the section began (it then explains it) */
	int min_pairs;
	char *charts_tmp;  /* temporary chart directory (real run only) */
	char *chart_context; /* the chart files' caption line (chart_writer_start) */
	struct chart_writer *writer; /* real run with chart files only */
	size_t n_charts;
	/* The breakdowns the report shows (report_settings, and what the
	 * study has): each group (more than one, and asked for), each
	 * municipality, each unit. Without the groups a table's group rows
	 * are all respondents' (with one group: that group's). */
	int show_groups, show_munis, show_units;
	cairo_surface_t *logo; /* the cover's logo image, NULL for none */
};

/* --- Lookups (report_lookup.c) ------------------------------------------------ */

/* The English text when the report is in English and there is one, else
 * the Danish ("" for none). The label functions return the metadata's
 * strings, valid as long as it is. */
const char *rp_pick(enum lang lang, const char *da, const char *en);
const char *rp_wave_label(struct report_ctx *c, size_t w);
const char *rp_wave_id(struct report_ctx *c, size_t w);
const char *rp_group_label(struct report_ctx *c, size_t g);
const char *rp_scale_label(struct report_ctx *c, size_t s);
const char *rp_item_text(struct report_ctx *c, size_t i);
/* The answer scale of item i, or of scale s (that of its first item);
 * NULL when there is none. */
const struct tds_answers *rp_item_answers(struct report_ctx *c, size_t i);
const struct tds_answers *rp_scale_answers(struct report_ctx *c, size_t s);
/* The answer scale of a reverse-worded item as its statistics count it:
 * a's points turned (point v labelled with a's point k + 1 - v). out
 * borrows a's strings; rp_turned_release frees what it owns. */
void rp_turned_answers(const struct tds_answers *a, struct tds_answers *out);
void rp_turned_release(struct tds_answers *t);
/* The label of answer point v (from 1) of a. */
/* The label of point v of a in the report's language; a point without
 * one (between the ends of a scale with values) is its value ("7"), in
 * storage of c. */
const char *rp_point_label(struct report_ctx *c, const struct tds_answers *a, int v);
/* "0 til 10" / "0 to 10": the lowest and the highest value of a (1 to 5
 * without a) into buf. */
void rp_scale_range(struct report_ctx *c, const struct tds_answers *a, char *buf, size_t size);
/* The cells shown for group g into cells[0..max): the municipality's own
 * and the project's (municipality report), or the project's and, with
 * with_munis, each municipality's. Returns how many. */
size_t rp_group_cells(struct report_ctx *c, int g, struct cell *cells, size_t max, int with_munis);
/* The place a cell stands for: its municipality, or the whole project. */
const char *rp_place_name(struct report_ctx *c, struct cell k);
/* The groups of a table's rows: the i-th of rp_n_groups is group i when
 * the report shows the groups, else -1 (all respondents). */
size_t rp_n_groups(const struct report_ctx *c);
int rp_group_at(const struct report_ctx *c, size_t i);
/* Does the report show a place column (municipalities, or a
 * municipality's report beside the project)? */
int rp_has_places(const struct report_ctx *c);
/* Is unit u (from 0) in this report (the project's: every unit; a
 * municipality's: its own)? */
int rp_unit_shown(const struct report_ctx *c, size_t u);
/* Whom the breakdowns shown let the report speak of, in words: for the
 * overview (order 0) "for alle svarpersoner, for hver gruppe og for hver
 * kommune som helhed"; for the key findings (order 1) ": først for alle
 * svarpersoner, så for hver gruppe og hver kommune", "" when there is
 * nobody after all respondents. Caller frees. */
char *rp_scope_words(struct report_ctx *c, int order);
/* Is the optional page (REPORT_PAGE_*) in this report? */
int rp_page_shown(const struct report_ctx *c, unsigned page);

/* The status of a number of var in cell k (an enum res_status, or
 * RF_MISSING); *v (when v is set) is the number, or NAN. wave and design
 * are "" for none. rp_get_at is for an indexed statistic. */
int rp_get(struct report_ctx *c, const char *var, struct cell k, const char *wave, const char *design,
	   enum res_stat stat, double *v);
int rp_get_at(struct report_ctx *c, const char *var, struct cell k, const char *wave,
	      const char *design, enum res_stat stat, int index, double *v);
/* Why that number is suppressed: RES_WHY_FEWER, RES_WHY_COMPLEMENTARY, or
 * RES_WHY_NONE when it is not suppressed. */
enum res_reason rp_why(struct report_ctx *c, const char *var, struct cell k, const char *wave,
		       const char *design, enum res_stat stat);
/* A number of the whole study (variable "*", breakdown all), as rp_get. */
int rp_study_number(const struct resfile *res, enum res_stat stat, double *v);
/* Respondents of cell k in wave w, as rp_get; *why as rp_why. */
int rp_cell_count(struct report_ctx *c, struct cell k, size_t w, double *n, enum res_reason *why);
/* Which statistic holds var's answer distribution: RS_PCT_POINT (items)
 * or RS_PCT_BIN (scales) into *stat; 0 when the results have none. */
int rp_distribution(struct report_ctx *c, const char *var, enum res_stat *stat);

/* Who a cell is about: its unit's name, its group's label, or "Alle
 * svarpersoner" (a study of one group: that group's label, since the
 * group is everybody). */
const char *rp_cell_label(struct report_ctx *c, struct cell k);
/* The smallest change that matters (the results' smallest_change), in
 * answer points of each item's own values. */
double rp_delta(struct report_ctx *c);
/* The same as text, into buf (FMT_MAX); returns buf. */
char *rp_delta_text(struct report_ctx *c, char *buf);
/* The words of a verdict in a table: "sikker stigning", "kan ikke afgøres". */
enum text_id rp_verdict_word(enum res_verdict v);

/* The pairs a change needs to lead with the paired result: the paired-lead
 * minimum, and at least the minimum group size. */
int rp_pairs_needed(const struct report_ctx *c);

/* One change from base to a later wave, in the design the report uses. */
struct change {
	int st;              /* an enum res_status, or RF_MISSING */
	enum res_reason why; /* why it is suppressed */
	int paired;
	double base, later, diff, p, g, g_lo, g_hi;
	double lo, hi;       /* the verdict's adjusted interval (verdict_ci_*), NAN without one */
	double m;            /* the size of its family (verdict_m), NAN without one */
	double n_pairs, n_base, n_later; /* NAN when not to be printed */
	enum res_verdict verdict; /* from the results; RES_VERDICT_UNDECIDED without one */
	int sure;            /* verdict up or down */
	int pairs_hidden;    /* the pair count is suppressed (so the design is independent) */
	int constant;        /* no verdict because the answers do not vary: every pair's change,
				or every answer of each wave, the same ("data are essentially
				constant", "all differences are zero") */
	const char *note;    /* why there is no number (static or the results' text) */
};
/* The change of var in cell k from the baseline to wave later: paired when
 * the results say so (paired_leads), else independent; a wave that is
 * itself suppressed hides the change. Its verdict and interval are the
 * results' (docs/statistics.md, the verdict): the report derives none. */
void rp_change(struct report_ctx *c, const char *var, struct cell k, size_t later, struct change *ch);
/* The same for the change from wave base to wave later (a comparison the
 * results hold: the baseline, or the wave before later). */
void rp_change_from(struct report_ctx *c, const char *var, struct cell k, size_t base, size_t later,
		    struct change *ch);
/* Why a published change cannot be decided, as the end of its sentence:
 * too few answers, or (ch->constant) answers without any spread, which
 * leave no interval to decide on. */
enum text_id rp_unsure_words(const struct change *ch);

/* --- Words (report_findings.c) ------------------------------------------------- */

/* What stands in place of a number the report does not show: "skjult",
 * one mark for a group below the minimum, a number hidden to protect one
 * and a group where nobody answered, so that the page never tells which
 * (the section then explains the word: rp_hidden_note). */
const char *rp_hidden_text(struct report_ctx *c);
/* The footnote that explains "skjult", when the section printed it. */
void rp_hidden_note(struct report_ctx *c);
/* The key-findings section. */
void rp_key_findings(struct report_ctx *c);

/* --- Charts (report_charts.c) ------------------------------------------------- */

/* Draw a chart on the page with its title and note (each may be NULL)
 * and, in the real run, queue it to be written as files NAME.*. Takes the
 * chart over when it is queued (the caller's chart_release is then a
 * no-op). */
void rp_place_chart(struct report_ctx *c, struct chart *ch, const char *title, const char *note,
		    const char *name);
/* Diverging bars of var's answers on a (statistic dist: RS_PCT_POINT or
 * RS_PCT_BIN): a row per cell and wave, grouped by group; with_project
 * adds the project's rows to a municipality's. ch is initialised here. */
void rp_diverging_chart(struct report_ctx *c, const char *var, const struct tds_answers *a,
			int with_project, enum res_stat dist, struct chart *ch);
/* The note under a diverging chart; binned: the scores were rounded to
 * points. Caller frees. */
char *rp_diverging_note(struct report_ctx *c, const struct chart *ch, int binned);
/* Means of var per wave, per group and place. */
void rp_dumbbell_chart(struct report_ctx *c, const char *var, const struct tds_answers *a,
		       struct chart *ch);
/* The changes (effect: the effect sizes) of every scale and group. */
void rp_interval_chart(struct report_ctx *c, int effect, struct chart *ch);

/* --- Sections ---------------------------------------------------------------- */

void rp_cover(struct report_ctx *c);             /* report_cover.c */
/* The overview page: every scale against all respondents, each group and
 * each municipality, a verdict per cell (report_overview.c). */
void rp_overview_section(struct report_ctx *c);
void rp_scale_section(struct report_ctx *c, size_t s); /* report_scales.c */
void rp_effect_section(struct report_ctx *c);
/* The table of var's changes per group and place (with_munis: each
 * municipality's too); t is initialised here. */
void rp_change_table(struct report_ctx *c, const char *var, int with_munis, struct table *t);
/* The same for the changes from wave base to wave later. */
void rp_change_table_from(struct report_ctx *c, const char *var, int with_munis, size_t base, size_t later,
			  struct table *t);
/* A scale's trend page when the study has three waves or more: its mean
 * at each wave per group, and the latest change (report_trend.c). */
void rp_trend_page(struct report_ctx *c, size_t s);
/* The same for a two-answer item (its values lo and lo + 1): the shares
 * answering its positive answer before and after, the change in
 * percentage points; t is initialised here. */
void rp_share_table(struct report_ctx *c, const char *var, double lo, struct table *t);

/* --- Two-answer items and the NPS (report_share.c) ----------------------------- */

/* Is item i a two-answer question (yes/no), reported as a share? */
int rp_item_is_share(struct report_ctx *c, size_t i);
/* A two-answer item's sentences ("Forældre: andelen, der svarer ja, steg
 * fra 24 % til 51 %") per group and its table of shares and changes. */
void rp_share_block(struct report_ctx *c, size_t i);
/* The Net Promoter Score of item i per group (nothing unless the study
 * file asks for it): its level, or its change with the interval. */
void rp_nps_block(struct report_ctx *c, size_t i);
/* The sentences of cell k, led by who (a group's label, or the question
 * quoted in the key findings), into sb: two-answer item i's share
 * answering its positive answer; the NPS of var. Nothing when the
 * numbers are not shown (the tables say "skjult"). */
void rp_share_sentence(struct report_ctx *c, struct strbuf *sb, size_t i, struct cell k, const char *who);
void rp_nps_sentence(struct report_ctx *c, struct strbuf *sb, const char *var, struct cell k, const char *who);
void rp_items_section(struct report_ctx *c);     /* report_items.c */
void rp_response_section(struct report_ctx *c);  /* report_response.c */
void rp_method_section(struct report_ctx *c);    /* report_method.c */
/* The method section's paragraph on answers read without labels (the
 * dataset's unlabelled records), with each item, wave and count; nothing
 * when there are none. (report_method.c) */
void rp_unlabelled_note(struct report_ctx *c);
void rp_data_section(struct report_ctx *c);      /* report_data.c */

#endif
