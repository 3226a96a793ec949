/* study_internal.h: what the parts of the study-file reader share: the parser, its sections, the grammar tables and the mistake list. */
#ifndef TILLID_STUDY_INTERNAL_H
#define TILLID_STUDY_INTERNAL_H

#include "study.h"

/* Names shared between the study_*.c files start with sp_ (study parser). */

#include <stddef.h>

/*
 * How it works. libinih splits the file into sections and key = value
 * pairs, but its handler gets no line number, is not called for a section
 * without keys, and a continuation line arrives as a repeated call with the
 * same key. So inih reads through the line reader of study_lines.c, which
 * hands it one line at a time, counts lines, and classifies each line
 * exactly as inih will (section header, key line, continuation, comment);
 * lines that are malformed are reported there and handed to inih as blank
 * lines.
 *
 * Pass one (study_lines.c) collects every section with its key lines in
 * file order, a continuation joined to its key line with one space. Pass
 * two (study_sections.c, study_answers.c) turns each section into the
 * struct study, checking values against the grammar of study_grammar.c;
 * pass three (study_check.c) resolves ids between sections. Every mistake
 * is collected with its line; study_load (study.c) sorts them by line.
 */

/* ---- the grammar: sections and their keys (study_grammar.c) ---- */

#define KEY_LIST 1   /* repeating the key or '|' adds values */
#define KEY_SUFFIX 2 /* written word.SUFFIX, e.g. point.3 */

struct key_def {
	const char *word;
	unsigned flags;
	const char *shown; /* how the key is written, for messages */
};

enum sect {
	SECT_BAD, /* unknown or malformed header: its keys are ignored */
	SECT_STUDY,
	SECT_COLUMNS,
	SECT_WAVE,
	SECT_GROUP,
	SECT_ANSWERS,
	SECT_SCALE,
	SECT_ITEM,
	SECT_INVITED,
	SECT_CHECKS,
	SECT_REPORT,
	SECT_COUNT
};

struct sect_def {
	const char *word;
	int has_id;
	const char *example_id;     /* shown when the id is missing */
	const struct key_def *keys; /* NULL: keys are not fixed words ([invited]) */
};

/* Indexed by enum sect; sp_sect_defs[SECT_BAD] has no word. */
extern const struct sect_def sp_sect_defs[SECT_COUNT];
/* "[study], [columns], [wave ID], ...": every section, for messages. */
extern const char sp_sect_list[];


/* ---- what pass one collects ---- */

struct entry {
	char *key;
	struct strbuf value;
	int line;
};

struct section {
	enum sect kind;
	char *id;     /* NULL for sections without id */
	char *header; /* "[wave foer]", for messages */
	int line;
	struct entry *e;
	size_t n, alloc;
};

struct mistake {
	int line;
	size_t seq; /* order of discovery, to keep the sort stable */
	char *msg;
};

/* What pass two keeps beside the struct study for pass three. */
struct item_aux {
	char *answers;  /* the id as written, NULL when not given */
	int answers_line;
	char *scale;
	int scale_line;
	int column_line; /* the line of column =, else the [item] header */
};

struct invited_raw {
	char *key;
	char *value;
	int line;
};

struct parser {
	struct study *s;

	/* The text and the reader's position in it. */
	const char *text;
	size_t len, pos;
	int line;      /* the line last handed to inih */
	int cont;      /* that line continues the value of the previous key line */
	int key_seen;  /* a key line went to inih since its last section header
			  (inih's prev_name is set: an indented line continues it) */
	int gap;       /* a blank line since the last key or continuation line */
	int drop_cont; /* the line being continued was rejected: drop its continuations */

	struct section *sec;
	size_t n_sec, alloc_sec;
	long cur; /* the section lines go to, -1 before the first header */

	struct mistake *m;
	size_t n_m, alloc_m;

	/* Pass two results used by pass three. */
	size_t alloc_waves, alloc_groups, alloc_answers, alloc_scales, alloc_items;
	struct item_aux *item_aux; /* parallel to s->items */
	size_t alloc_item_aux;
	struct invited_raw *inv;
	size_t n_inv, alloc_inv;
	int study_line, columns_line; /* lines of the first [study] and [columns] headers */
	int col_line[STUDY_N_ROLES]; /* lines of [columns] group, municipality, unit, key */
	int report_bd_line;          /* line of [report] breakdowns (0: not given) */
};

/* Record a mistake at line of the study file (study.c). The message says
 * what is wrong and how to fix it; study_load adds "'path':LINE: ". */
__attribute__((format(printf, 3, 4)))
void sp_mistake(struct parser *p, int line, const char *fmt, ...);

/* ---- pass one: lines (study_lines.c) ---- */

/* Read p->text from p->pos with inih into p->sec, reporting malformed
 * lines. Aborts when inih runs out of memory. */
void sp_read_sections(struct parser *p);

/* ---- values (study_grammar.c) ---- */

/* A whole number in [lo, hi] written with digits only: 0, else -1. */
int sp_parse_count(const char *s, long lo, long hi, long *out);
/* A decimal number with at most three decimals ('.' or ','), as
 * thousandths in [lo, hi]: 0.25 -> 250. Returns 0, or -1 (out untouched). */
int sp_parse_milli(const char *s, long lo, long hi, long *out);
/* An integer code with optional '-': 0, else -1. */
int sp_parse_code(const char *s, long *out);
/* An ISO calendar date YYYY-MM-DD that exists. */
int sp_valid_date(const char *s);
/* Append the '|'-separated, trimmed, non-empty elements of v to out. */
void sp_split_list(const char *v, struct strlist *out);

/* Report v, which is none of names[0..n), as an unknown `what`, with the
 * nearest name; choices lists the names for the message. */
void sp_unknown_choice(struct parser *p, int line, const char *what, const char *v, const char *const *names,
		       size_t n, const char *choices);

/* Look up entry i of sec among its key definitions. Reports unknown keys
 * and repeated single-value keys and returns NULL for them; *suffix gets
 * the part after the first '.' of a KEY_SUFFIX key. */
const struct key_def *sp_lookup_key(struct parser *p, const struct section *sec, size_t i,
				 const char **suffix);
/* The value of a single-value key, or NULL (reported) when it is empty. */
const char *sp_need_value(struct parser *p, const struct entry *e);
/* sp_lookup_key, then the value in *v: for a KEY_LIST key as written (maybe
 * empty), for any other key through sp_need_value. NULL when reported. */
const struct key_def *sp_entry_key(struct parser *p, const struct section *sec, size_t i,
				const char **suffix, const char **v);

/* Replace *dst by v resolved against the study file's directory. */
void sp_set_path(struct parser *p, char **dst, const char *v);
/* Fill in what a section leaves out: *da defaults to a copy of fallback,
 * *en to a copy of *da. */
void sp_default_labels(char **da, char **en, const char *fallback);

/* ---- pass two: sections (study_sections.c, study_answers.c) ---- */

/* Turn every section into p->s, checking each value. */
void sp_interpret(struct parser *p);
/* One [answers ID] section into *a (overwritten; sp_release_answers frees it). */
void sp_interpret_answers(struct parser *p, const struct section *sec, struct study_answers *a);

/* One [report] section into p->s->report (study_report.c). */
void sp_interpret_report(struct parser *p, const struct section *sec, struct study *s);
/* Pass three of [report] and the items' findings = yes: the breakdowns
 * asked for exist, the items marked stand outside the scales; fills
 * report.findings (study_report.c). */
void sp_check_report(struct parser *p);

/* ---- pass three: references (study_check.c) ---- */

/* Resolve ids between sections, check what must be unique across
 * sections, and fill in defaults that depend on other sections. */
void sp_check_references(struct parser *p);

/* ---- freeing the parts (study.c) ---- */

/* Each frees what one element of the struct study (or item_aux) owns,
 * not the element itself. */
void sp_release_wave(struct study_wave *w);
void sp_release_group(struct study_group *g);
void sp_release_answers(struct study_answers *a);
void sp_release_scale(struct study_scale *c);
void sp_release_item(struct study_item *it);
void sp_release_item_aux(struct item_aux *a);

#endif
