/* study.c: reads the study file (docs/study-file.md) with libinih, checks it and reports every mistake at once. */
#include "study.h"
#include "core/suggest.h"
#include "core/textio.h"

#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/*
 * How it works. libinih splits the file into sections and key = value
 * pairs, but its handler gets no line number, is not called for a section
 * without keys, and a continuation line arrives as a repeated call with the
 * same key. So inih reads through read_line below, which hands it one line
 * at a time, counts lines, and classifies each line exactly as inih will
 * (section header, key line, continuation, comment); lines that are
 * malformed are reported there and handed to inih as blank lines.
 *
 * Pass one (reading) collects every section with its key lines in file
 * order, a continuation joined to its key line with one space. Pass two
 * (interpret_*) turns each section into the struct study, checking values;
 * pass three (check_references) resolves ids between sections. Every
 * mistake is collected with its line; study_load sorts them by line.
 */

static const char *const problem_names[PROBLEM_KIND_COUNT] = {
	[PROBLEM_UNKNOWN_ANSWER] = "unknown_answer",
	[PROBLEM_OUT_OF_RANGE] = "out_of_range",
	[PROBLEM_RAGGED_ROW] = "ragged_row",
	[PROBLEM_DUPLICATE_KEY] = "duplicate_key",
	[PROBLEM_UNKNOWN_GROUP] = "unknown_group",
	[PROBLEM_MISSING_COLUMN] = "missing_column",
	[PROBLEM_BAD_ENCODING] = "bad_encoding",
	[PROBLEM_EMPTY_WAVE] = "empty_wave",
};

const char *problem_kind_name(enum problem_kind k)
{
	if ((unsigned)k >= PROBLEM_KIND_COUNT)
		abort();
	return problem_names[k];
}

int problem_kind_from_name(const char *name)
{
	for (int k = 0; k < PROBLEM_KIND_COUNT; k++)
		if (strcmp(name, problem_names[k]) == 0)
			return k;
	return -1;
}

/* ---- the grammar: sections and their keys ---- */

#define KEY_LIST 1   /* repeating the key or '|' adds values */
#define KEY_SUFFIX 2 /* written word.SUFFIX, e.g. point.3 */

struct key_def {
	const char *word;
	unsigned flags;
	const char *shown; /* how the key is written, for messages */
};

static const struct key_def study_keys[] = {
	{ "name", 0, "name" },
	{ "min_group_size", 0, "min_group_size" },
	{ "output", 0, "output" },
	{ "key_file", 0, "key_file" },
	{ "data_date", 0, "data_date" },
	{ "municipality", KEY_LIST, "municipality" },
	{ NULL, 0, NULL }
};
static const struct key_def columns_keys[] = {
	{ "group", 0, "group" },
	{ "municipality", 0, "municipality" },
	{ "unit", 0, "unit" },
	{ "key", 0, "key" },
	{ "drop", KEY_LIST, "drop" },
	{ NULL, 0, NULL }
};
static const struct key_def wave_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ "start", 0, "start" },
	{ "end", 0, "end" },
	{ "format", 0, "format" },
	{ "file", 0, "file" },
	{ "dataset", 0, "dataset" },
	{ "labels", 0, "labels" },
	{ "structure", 0, "structure" },
	{ "encoding", 0, "encoding" },
	{ "delimiter", 0, "delimiter" },
	{ "column", KEY_SUFFIX, "column.NAME" },
	{ NULL, 0, NULL }
};
static const struct key_def group_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ "value", KEY_LIST, "value" },
	{ NULL, 0, NULL }
};
static const struct key_def answers_keys[] = {
	{ "points", 0, "points" },
	{ "point", KEY_SUFFIX, "point.V" },
	{ "point_en", KEY_SUFFIX, "point_en.V" },
	{ "also", KEY_SUFFIX | KEY_LIST, "also.V" },
	{ "missing", KEY_LIST, "missing" },
	{ "missing_en", KEY_LIST, "missing_en" },
	{ "code", KEY_SUFFIX, "code.C" },
	{ NULL, 0, NULL }
};
static const struct key_def scale_keys[] = {
	{ "label", 0, "label" },
	{ "label_en", 0, "label_en" },
	{ NULL, 0, NULL }
};
static const struct key_def item_keys[] = {
	{ "column", 0, "column" },
	{ "text", 0, "text" },
	{ "text_en", 0, "text_en" },
	{ "answers", 0, "answers" },
	{ "scale", 0, "scale" },
	{ "reverse", 0, "reverse" },
	{ NULL, 0, NULL }
};
static const struct key_def checks_keys[] = {
	{ "skip", KEY_LIST, "skip" },
	{ NULL, 0, NULL }
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
	SECT_CHECKS
};

static const struct sect_def {
	const char *word;
	int has_id;
	const struct key_def *keys; /* NULL: keys are not fixed words ([invited]) */
} sect_defs[] = {
	[SECT_BAD] = { NULL, 0, NULL },
	[SECT_STUDY] = { "study", 0, study_keys },
	[SECT_COLUMNS] = { "columns", 0, columns_keys },
	[SECT_WAVE] = { "wave", 1, wave_keys },
	[SECT_GROUP] = { "group", 1, group_keys },
	[SECT_ANSWERS] = { "answers", 1, answers_keys },
	[SECT_SCALE] = { "scale", 1, scale_keys },
	[SECT_ITEM] = { "item", 1, item_keys },
	[SECT_INVITED] = { "invited", 0, NULL },
	[SECT_CHECKS] = { "checks", 0, checks_keys },
};

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

struct wave_aux {
	int *override_line; /* parallel to override_names */
};

struct invited_raw {
	char *key;
	char *value;
	int line;
};

struct parser {
	const char *path; /* for messages */
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
	size_t alloc_waves, alloc_groups, alloc_answers, alloc_scales, alloc_items, alloc_invited;
	struct item_aux *item_aux;
	size_t alloc_item_aux;
	struct wave_aux *wave_aux;
	size_t alloc_wave_aux;
	struct invited_raw *inv;
	size_t n_inv, alloc_inv;
	int study_line, columns_line, checks_line, invited_line;
	int col_line[4]; /* lines of [columns] group, municipality, unit, key */
	int municipality_line;
	int data_date_line;
};

__attribute__((format(printf, 3, 4)))
static void mistake(struct parser *p, int line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(p->m, p->n_m + 1, p->alloc_m);
	p->m[p->n_m].line = line;
	p->m[p->n_m].seq = p->n_m;
	p->m[p->n_m].msg = sb_detach(&sb);
	p->n_m++;
}

static int mistake_cmp(const void *a, const void *b)
{
	const struct mistake *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- small checks on values ---- */

static int is_ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* A whole number in [lo, hi] written with digits only. */
static int parse_count(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	if (!*s)
		return -1;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		if (v > (LONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*c - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* An integer code with optional '-' (codes may be negative, e.g. -1 for "not shown"). */
static int parse_code(const char *s, long *out)
{
	int neg = *s == '-';
	long v;
	if (parse_count(s + neg, 0, 999999999L, &v) != 0)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* An ISO calendar date YYYY-MM-DD that exists. */
static int valid_date(const char *s)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	int max = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}

/* Split a value on '|' into trimmed, non-empty elements. */
static void split_list(const char *v, struct strlist *out)
{
	const char *start = v;
	for (;;) {
		const char *bar = strchr(start, '|');
		size_t n = bar ? (size_t)(bar - start) : strlen(start);
		char *el = str_trim(xstrndup(start, n));
		if (*el)
			sl_push_owned(out, el);
		else
			free(el);
		if (!bar)
			break;
		start = bar + 1;
	}
}

/* ---- pass one: reading lines for inih ---- */

static struct section *new_section(struct parser *p, enum sect kind, int line, const char *id,
				   const char *header)
{
	ALLOC_GROW(p->sec, p->n_sec + 1, p->alloc_sec);
	struct section *sec = &p->sec[p->n_sec];
	memset(sec, 0, sizeof(*sec));
	sec->kind = kind;
	sec->id = id ? xstrdup(id) : NULL;
	sec->header = xstrdup(header);
	sec->line = line;
	p->cur = (long)p->n_sec++;
	return sec;
}

static const char *sect_list(void)
{
	return "[study], [columns], [wave ID], [group ID], [answers ID], [scale ID], [item ID], [invited] and [checks]";
}

/* A section header line: start points at '['. Returns 1 when the line goes
 * to inih as it is, 0 when it is rejected. */
static int read_header(struct parser *p, const char *start)
{
	/* inih ends the header at the first ']' or at a ';' after white space. */
	const char *c = start + 1;
	int was_space = 0;
	while (*c && *c != ']' && !(was_space && *c == ';')) {
		was_space = is_ascii_space((unsigned char)*c);
		c++;
	}
	if (*c != ']') {
		mistake(p, p->line, "section header has no closing ']'; write it like [wave foer]");
		new_section(p, SECT_BAD, p->line, NULL, "[?]");
		return 0;
	}
	const char *after = c + 1;
	while (is_ascii_space((unsigned char)*after))
		after++;
	if (*after && !(*after == ';' && after > c + 1))
		mistake(p, p->line, "text after the section header's ']'; put it on a line of its own "
				    "or start it with ';' to make it a comment");

	char *inner = str_trim(xstrndup(start + 1, (size_t)(c - start - 1)));
	char *word = inner, *id = inner;
	while (*id && !is_ascii_space((unsigned char)*id))
		id++;
	if (*id) {
		*id++ = '\0';
		while (is_ascii_space((unsigned char)*id))
			id++;
	}
	char *header = xasprintf("[%s%s%s]", word, *id ? " " : "", id);

	enum sect kind = SECT_BAD;
	for (size_t k = 1; k < ARRAY_SIZE(sect_defs); k++)
		if (strcmp(word, sect_defs[k].word) == 0)
			kind = (enum sect)k;

	if (kind == SECT_BAD) {
		const char *words[ARRAY_SIZE(sect_defs) - 1];
		for (size_t k = 1; k < ARRAY_SIZE(sect_defs); k++)
			words[k - 1] = sect_defs[k].word;
		const char *near = *word ? suggest_closest(word, words, ARRAY_SIZE(words)) : NULL;
		if (near)
			mistake(p, p->line, "unknown section %s; did you mean [%s%s%s]?", header, near,
				*id ? " " : "", id);
		else
			mistake(p, p->line, "unknown section %s; the sections are %s", header, sect_list());
		kind = SECT_BAD;
	} else if (sect_defs[kind].has_id && !*id) {
		mistake(p, p->line, "[%s] needs an id; write it after the word, like [%s %s]", word, word,
			kind == SECT_WAVE ? "foer" : kind == SECT_GROUP ? "borger" :
			kind == SECT_ANSWERS ? "enig5" : kind == SECT_SCALE ? "tillid" : "tillid_1");
		kind = SECT_BAD;
	} else if (!sect_defs[kind].has_id && *id) {
		mistake(p, p->line, "[%s] takes no id; write just [%s]", word, word);
		kind = SECT_BAD;
	} else if (*id && !valid_id(id)) {
		mistake(p, p->line, "invalid id '%s' in %s; use only ASCII letters, digits, '_' and '-'",
			id, header);
		kind = SECT_BAD;
	}
	new_section(p, kind, p->line, *id ? id : NULL, header);
	free(header);
	free(inner);
	return 1;
}

/* inih's reader: copy the next line into str (at most num - 1 bytes), set
 * p->cont, report malformed lines and hand them over blank. */
static char *read_line(char *str, int num, void *stream)
{
	struct parser *p = stream;
	if (p->pos >= p->len)
		return NULL;
	const char *l = p->text + p->pos;
	const char *nl = memchr(l, '\n', p->len - p->pos);
	size_t n = nl ? (size_t)(nl - l) : p->len - p->pos;
	p->pos += n + (nl != NULL);
	if (n && l[n - 1] == '\r')
		n--;
	p->line++;
	p->cont = 0;
	str[0] = '\0';

	if (memchr(l, '\0', n)) {
		mistake(p, p->line, "line contains a NUL byte; save the study file as UTF-8 text");
		p->drop_cont = 1;
		return str;
	}
	if (!utf8_valid(l, n, NULL)) {
		mistake(p, p->line, "line is not valid UTF-8; save the study file as UTF-8 "
				    "(not Windows-1252 or UTF-16)");
		p->drop_cont = 1;
		return str;
	}
	if (n > (size_t)num - 1) {
		mistake(p, p->line, "line is longer than %d bytes; continue a long text on the next "
				    "line, indented", num - 1);
		p->drop_cont = 1;
		return str;
	}
	memcpy(str, l, n);
	str[n] = '\0';

	const char *start = str;
	while (is_ascii_space((unsigned char)*start))
		start++;
	if (!*start) {
		p->gap = 1;
		return str;
	}
	if (*start == ';' || *start == '#')
		return str;

	if (p->key_seen && start > str) {
		/* inih takes an indented line after a key line as a continuation. */
		if (p->drop_cont) {
			str[0] = '\0';
			return str;
		}
		if (*start == '[') {
			mistake(p, p->line, "indented section header; start %s at the beginning of the line",
				start);
			str[0] = '\0';
			p->drop_cont = 1;
			return str;
		}
		if (p->gap) {
			mistake(p, p->line, "indented line after a blank line; an indented line continues "
					    "the value above it, so remove the blank line or the indentation");
			str[0] = '\0';
			p->drop_cont = 1;
			return str;
		}
		p->cont = 1;
		return str;
	}

	p->drop_cont = 0;
	p->gap = 0;
	if (*start == '[') {
		if (!read_header(p, start)) {
			str[0] = '\0';
			p->drop_cont = 1;
			return str;
		}
		p->key_seen = 0;
		return str;
	}

	/* A key line: inih splits at the first '=' or ':' before an inline comment. */
	const char *c = start;
	int was_space = 0;
	while (*c && *c != '=' && *c != ':' && !(was_space && *c == ';')) {
		was_space = is_ascii_space((unsigned char)*c);
		c++;
	}
	if (*c != '=' && *c != ':') {
		mistake(p, p->line, "line is not key = value, a [section] or a comment; write key = value, "
				    "or start a comment with ';'");
		str[0] = '\0';
		p->drop_cont = 1;
		return str;
	}
	if (c == start) {
		mistake(p, p->line, "line has no key before '%c'; write key = value", *c);
		str[0] = '\0';
		p->drop_cont = 1;
		return str;
	}
	p->key_seen = 1;
	return str;
}

/* Remove an inline comment (';' after white space) from a continuation
 * value; inih does that only on key lines. */
static void strip_inline_comment(char *v)
{
	for (char *c = v; *c; c++)
		if (*c == ';' && c > v && is_ascii_space((unsigned char)c[-1])) {
			*c = '\0';
			break;
		}
	str_trim(v);
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;
	(void)section; /* sections are tracked by read_line, which also sees empty ones */
	if (p->cur < 0) {
		if (!p->cont)
			mistake(p, p->line, "'%s' comes before any [section]; move it into its section", name);
		return 1;
	}
	struct section *sec = &p->sec[p->cur];
	if (p->cont) {
		if (!sec->n)
			return 1;
		char *v = xstrdup(value);
		strip_inline_comment(v);
		struct entry *e = &sec->e[sec->n - 1];
		if (*v) {
			if (e->value.len)
				sb_addc(&e->value, ' ');
			sb_adds(&e->value, v);
		}
		free(v);
		return 1;
	}
	ALLOC_GROW(sec->e, sec->n + 1, sec->alloc);
	struct entry *e = &sec->e[sec->n++];
	e->key = xstrdup(name);
	sb_init(&e->value);
	sb_adds(&e->value, value);
	e->line = p->line;
	return 1;
}

/* ---- pass two: sections into the struct ---- */

/* Look up entry i of sec among its key definitions. Reports unknown keys
 * and repeated single-value keys and returns NULL for them; *suffix gets
 * the part after the first '.' of a KEY_SUFFIX key. */
static const struct key_def *lookup_key(struct parser *p, const struct section *sec, size_t i,
					const char **suffix)
{
	const struct entry *e = &sec->e[i];
	const struct key_def *defs = sect_defs[sec->kind].keys;
	const char *dot = strchr(e->key, '.');
	size_t wlen = dot ? (size_t)(dot - e->key) : strlen(e->key);
	*suffix = NULL;
	for (const struct key_def *d = defs; d->word; d++) {
		if (strlen(d->word) != wlen || strncmp(d->word, e->key, wlen) != 0)
			continue;
		if ((d->flags & KEY_SUFFIX) && (!dot || !dot[1])) {
			mistake(p, e->line, "'%s' needs what it is about after a dot; write it like %s",
				e->key, d->shown);
			return NULL;
		}
		if (!(d->flags & KEY_SUFFIX) && dot)
			break;
		if (!(d->flags & KEY_LIST)) {
			for (size_t j = 0; j < i; j++)
				if (strcmp(sec->e[j].key, e->key) == 0) {
					mistake(p, e->line, "'%s' is given twice in %s (first on line %d); "
							    "keep one of them", e->key, sec->header, sec->e[j].line);
					return NULL;
				}
		}
		*suffix = dot ? dot + 1 : NULL;
		return d;
	}

	const char *words[16];
	size_t n = 0;
	struct strbuf all = STRBUF_INIT;
	sb_init(&all);
	for (const struct key_def *d = defs; d->word; d++) {
		words[n++] = d->word;
		sb_addf(&all, "%s%s", all.len ? ", " : "", d->shown);
	}
	char *word = xstrndup(e->key, wlen);
	const char *near = suggest_closest(word, words, n);
	const struct key_def *nd = NULL;
	for (const struct key_def *d = defs; near && d->word; d++)
		if (d->word == near)
			nd = d;
	if (nd && (nd->flags & KEY_SUFFIX) && dot)
		mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s%s'?", e->key, sec->header,
			near, dot);
	else if (nd && !(nd->flags & KEY_SUFFIX) && !dot)
		mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s'?", e->key, sec->header, near);
	else if (nd)
		mistake(p, e->line, "unknown key '%s' in %s; did you mean '%s'?", e->key, sec->header,
			nd->shown);
	else
		mistake(p, e->line, "unknown key '%s' in %s; the keys of [%s] are %s", e->key, sec->header,
			sect_defs[sec->kind].word, all.buf);
	free(word);
	sb_release(&all);
	return NULL;
}

/* The value of a single-value key, or NULL (reported) when it is empty. */
static const char *need_value(struct parser *p, const struct entry *e)
{
	if (!e->value.len) {
		mistake(p, e->line, "'%s' is empty; give it a value or remove the line", e->key);
		return NULL;
	}
	return e->value.buf;
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static void set_path(struct parser *p, char **dst, const char *v)
{
	free(*dst);
	*dst = path_join(p->s->dir, v);
}

static char *strip_ini(const char *path)
{
	size_t n = strlen(path);
	if (n > 4 && str_ieq(path + n - 4, ".ini"))
		n -= 4;
	return xstrndup(path, n);
}

static void interpret_study(struct parser *p, const struct section *sec, struct study *s)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d)
			continue;
		if (strcmp(d->word, "municipality") == 0) {
			split_list(e->value.buf, &s->municipalities);
			if (!p->municipality_line)
				p->municipality_line = e->line;
			continue;
		}
		if (!(v = need_value(p, e)))
			continue;
		if (strcmp(d->word, "name") == 0) {
			set_str(&s->name, v);
		} else if (strcmp(d->word, "min_group_size") == 0) {
			long n;
			if (parse_count(v, 1, 1000000, &n) != 0)
				mistake(p, e->line, "min_group_size must be a whole number of at least 1, not "
						    "'%s'; 5 is the usual anonymity limit", v);
			else
				s->min_group_size = (int)n;
		} else if (strcmp(d->word, "output") == 0) {
			set_path(p, &s->output, v);
		} else if (strcmp(d->word, "key_file") == 0) {
			set_path(p, &s->key_file, v);
		} else if (strcmp(d->word, "data_date") == 0) {
			if (!valid_date(v))
				mistake(p, e->line, "data_date '%s' is not a date; write it as YYYY-MM-DD, "
						    "like 2022-04-15", v);
			else
				set_str(&s->data_date, v);
			p->data_date_line = e->line;
		}
	}
	if (!s->name)
		mistake(p, sec->line, "[study] has no name; add name = the study's name for the report's "
				      "title page");
}

static void interpret_columns(struct parser *p, const struct section *sec, struct study *s)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d)
			continue;
		if (strcmp(d->word, "drop") == 0) {
			split_list(e->value.buf, &s->drop);
			continue;
		}
		if (!(v = need_value(p, e)))
			continue;
		if (strcmp(d->word, "group") == 0) {
			set_str(&s->col_group, v);
			p->col_line[0] = e->line;
		} else if (strcmp(d->word, "municipality") == 0) {
			set_str(&s->col_municipality, v);
			p->col_line[1] = e->line;
		} else if (strcmp(d->word, "unit") == 0) {
			set_str(&s->col_unit, v);
			p->col_line[2] = e->line;
		} else if (strcmp(d->word, "key") == 0) {
			set_str(&s->col_key, v);
			p->col_line[3] = e->line;
		}
	}
	if (!s->col_group)
		mistake(p, sec->line, "[columns] has no group; add group = the header of the column that "
				      "holds the respondent group");
}

static void release_wave(struct study_wave *w)
{
	free(w->id);
	free(w->label_da);
	free(w->label_en);
	free(w->start);
	free(w->end);
	free(w->file);
	free(w->dataset);
	free(w->labels);
	free(w->structure);
	free(w->encoding);
	free(w->delimiter);
	sl_release(&w->override_names);
	sl_release(&w->override_headers);
}

static void interpret_wave(struct parser *p, const struct section *sec, struct study_wave *w,
			   struct wave_aux *aux)
{
	int format = -1, format_line = 0, start_line = 0, end_line = 0;
	int path_line[4] = { 0, 0, 0, 0 }; /* file, dataset, labels, structure */
	size_t alloc_ov = 0;

	memset(w, 0, sizeof(*w));
	memset(aux, 0, sizeof(*aux));
	w->id = xstrdup(sec->id);
	w->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d || !(v = need_value(p, e)))
			continue;
		if (strcmp(d->word, "label") == 0) {
			set_str(&w->label_da, v);
		} else if (strcmp(d->word, "label_en") == 0) {
			set_str(&w->label_en, v);
		} else if (strcmp(d->word, "start") == 0 || strcmp(d->word, "end") == 0) {
			int is_start = d->word[0] == 's';
			if (!valid_date(v)) {
				mistake(p, e->line, "%s '%s' is not a date; write it as YYYY-MM-DD, like "
						    "2021-03-01", d->word, v);
				continue;
			}
			set_str(is_start ? &w->start : &w->end, v);
			*(is_start ? &start_line : &end_line) = e->line;
		} else if (strcmp(d->word, "format") == 0) {
			format_line = e->line;
			if (str_ieq(v, "surveyxact"))
				format = FORMAT_SURVEYXACT;
			else if (str_ieq(v, "csv"))
				format = FORMAT_CSV;
			else {
				format = -2;
				mistake(p, e->line, "unknown format '%s'; write format = surveyxact for the "
						    "three SurveyXact files or format = csv for one CSV file", v);
			}
		} else if (strcmp(d->word, "file") == 0) {
			set_path(p, &w->file, v);
			path_line[0] = e->line;
		} else if (strcmp(d->word, "dataset") == 0) {
			set_path(p, &w->dataset, v);
			path_line[1] = e->line;
		} else if (strcmp(d->word, "labels") == 0) {
			set_path(p, &w->labels, v);
			path_line[2] = e->line;
		} else if (strcmp(d->word, "structure") == 0) {
			set_path(p, &w->structure, v);
			path_line[3] = e->line;
		} else if (strcmp(d->word, "encoding") == 0) {
			enum text_encoding enc;
			if (str_ieq(v, "auto"))
				set_str(&w->encoding, "auto");
			else if (text_encoding_from_name(v, &enc) == 0)
				set_str(&w->encoding, text_encoding_name(enc));
			else {
				static const char *const names[] = { "auto", "utf-8", "windows-1252",
								     "utf-16le", "utf-16be" };
				const char *near = suggest_closest(v, names, ARRAY_SIZE(names));
				mistake(p, e->line, "unknown encoding '%s'; use auto, utf-8, windows-1252, "
						    "utf-16le or utf-16be%s%s%s", v, near ? " (did you mean " : "",
					near ? near : "", near ? "?)" : "");
			}
		} else if (strcmp(d->word, "delimiter") == 0) {
			char delim;
			if (str_ieq(v, "auto"))
				set_str(&w->delimiter, "auto");
			else if (text_delimiter_from_name(v, &delim) == 0)
				set_str(&w->delimiter, text_delimiter_name(delim));
			else {
				static const char *const names[] = { "auto", "semicolon", "comma", "tab" };
				const char *near = suggest_closest(v, names, ARRAY_SIZE(names));
				mistake(p, e->line, "unknown delimiter '%s'; use auto, semicolon, comma or tab%s%s%s",
					v, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
			}
		} else if (strcmp(d->word, "column") == 0) {
			sl_push(&w->override_names, suffix);
			sl_push(&w->override_headers, v);
			ALLOC_GROW(aux->override_line, w->override_names.n, alloc_ov);
			aux->override_line[w->override_names.n - 1] = e->line;
		}
	}

	if (!w->label_da)
		w->label_da = xstrdup(w->id);
	if (!w->label_en)
		w->label_en = xstrdup(w->label_da);
	if (!w->start)
		w->start = xstrdup("");
	if (!w->end)
		w->end = xstrdup("");
	if (!w->encoding)
		w->encoding = xstrdup("auto");
	if (!w->delimiter)
		w->delimiter = xstrdup("auto");
	if (*w->start && *w->end && strcmp(w->end, w->start) < 0)
		mistake(p, end_line > start_line ? end_line : start_line,
			"wave '%s' ends (%s) before it starts (%s); swap start and end", w->id, w->end,
			w->start);

	static const char *const path_key[4] = { "file", "dataset", "labels", "structure" };
	if (format == -1) {
		mistake(p, sec->line, "wave '%s' has no format; add format = surveyxact (dataset, labels "
				      "and structure files) or format = csv (one file)", w->id);
		return;
	}
	if (format == -2)
		return;
	w->format = (enum export_format)format;
	if (format == FORMAT_CSV) {
		if (!w->file)
			mistake(p, sec->line, "wave '%s' has format csv but no file; add file = the path "
					      "of the CSV export", w->id);
		for (int k = 1; k < 4; k++)
			if (path_line[k])
				mistake(p, path_line[k], "'%s' belongs to format surveyxact, but wave '%s' has "
							 "format csv (line %d); remove it or change the format",
					path_key[k], w->id, format_line);
	} else {
		for (int k = 1; k < 4; k++)
			if (!path_line[k])
				mistake(p, sec->line, "wave '%s' has format surveyxact but no %s; add %s = the "
						      "path of the export's %s.csv", w->id, path_key[k],
					path_key[k], path_key[k]);
		if (path_line[0])
			mistake(p, path_line[0], "'file' belongs to format csv, but wave '%s' has format "
						 "surveyxact (line %d); use dataset, labels and structure, or "
						 "change the format", w->id, format_line);
	}
}

static void release_group(struct study_group *g)
{
	free(g->id);
	free(g->label_da);
	free(g->label_en);
	sl_release(&g->values);
}

static void interpret_group(struct parser *p, const struct section *sec, struct study_group *g)
{
	memset(g, 0, sizeof(*g));
	g->id = xstrdup(sec->id);
	g->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d)
			continue;
		if (strcmp(d->word, "value") == 0) {
			split_list(e->value.buf, &g->values);
			continue;
		}
		if (!(v = need_value(p, e)))
			continue;
		if (strcmp(d->word, "label") == 0)
			set_str(&g->label_da, v);
		else if (strcmp(d->word, "label_en") == 0)
			set_str(&g->label_en, v);
	}
	if (!g->label_da)
		g->label_da = xstrdup(g->id);
	if (!g->label_en)
		g->label_en = xstrdup(g->label_da);
	if (!g->values.n)
		mistake(p, sec->line, "group '%s' has no value; add value = the answer in the group "
				      "column that means this group", g->id);
}

static void release_answers(struct study_answers *a)
{
	for (int v = 0; v < a->k; v++) {
		free(a->point_da[v]);
		free(a->point_en[v]);
	}
	free(a->point_da);
	free(a->point_en);
	free(a->id);
	sl_release(&a->also_text);
	free(a->also_point);
	sl_release(&a->nonsubst_da);
	sl_release(&a->nonsubst_en);
	sl_release(&a->code_text);
	free(a->code_value);
}

/* Parse the V of point.V / also.V: a point number. Returns 0 or -1. */
static int parse_point(const char *s, long *v)
{
	return parse_count(s, 1, 99, v);
}

static void interpret_answers(struct parser *p, const struct section *sec, struct study_answers *a)
{
	long k = 0;
	int points_seen = 0;

	memset(a, 0, sizeof(*a));
	a->id = xstrdup(sec->id);
	a->line = sec->line;

	/* points first: the other keys are checked against it. */
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		if (strcmp(e->key, "points") != 0)
			continue;
		const char *v = e->value.buf;
		if (points_seen)
			continue; /* lookup_key reports the repetition below */
		points_seen = 1;
		if (parse_count(v, 2, 99, &k) != 0) {
			mistake(p, e->line, "points must be a whole number from 2 to 99, not '%s'; count the "
					    "answer points without the missing answers", v);
			k = 0;
		}
	}
	if (!points_seen)
		mistake(p, sec->line, "answers '%s' has no points; add points = the number of answer "
				      "points (2 to 99), not counting missing answers like 'Ved ikke'", a->id);

	int *point_line = xcalloc(100, sizeof(int)), *point_en_line = xcalloc(100, sizeof(int));
	char **pda = xcalloc(100, sizeof(char *)), **pen = xcalloc(100, sizeof(char *));
	struct strlist also_text = STRLIST_INIT;
	int *also_point = NULL, *also_line = NULL;
	size_t also_alloc = 0, also_line_alloc = 0;
	struct strlist code_key = STRLIST_INIT; /* the C of code.C as written */
	struct strlist code_val = STRLIST_INIT;
	int *code_line = NULL;
	size_t code_line_alloc = 0;
	int missing_line = 0, missing_en_line = 0;

	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d)
			continue;
		const char *v = e->value.buf;
		if (strcmp(d->word, "points") == 0)
			continue;
		if (strcmp(d->word, "missing") == 0) {
			split_list(v, &a->nonsubst_da);
			missing_line = e->line;
			continue;
		}
		if (strcmp(d->word, "missing_en") == 0) {
			split_list(v, &a->nonsubst_en);
			missing_en_line = e->line;
			continue;
		}
		if (strcmp(d->word, "code") == 0) {
			long c;
			if (parse_code(suffix, &c) != 0) {
				mistake(p, e->line, "'%s' needs a whole-number code after 'code.'; write it like "
						    "code.6 = 5 or code.9 = missing:1", e->key);
				continue;
			}
			char *ctext = xasprintf("%ld", c);
			long prev = sl_find(&code_key, ctext);
			if (prev >= 0) {
				mistake(p, e->line, "code %s is mapped twice in answers '%s' (first on line %d); "
						    "keep one of them", ctext, a->id, code_line[prev]);
				free(ctext);
				continue;
			}
			if (!need_value(p, e)) {
				free(ctext);
				continue;
			}
			sl_push_owned(&code_key, ctext);
			sl_push(&code_val, v);
			ALLOC_GROW(code_line, code_key.n, code_line_alloc);
			code_line[code_key.n - 1] = e->line;
			continue;
		}
		/* point.V, point_en.V, also.V */
		long pv;
		if (parse_point(suffix, &pv) != 0) {
			mistake(p, e->line, "'%s' needs a point number after the dot; write it like %s.1 "
					    "for the most negative point", e->key, d->word);
			continue;
		}
		if (k && pv > k) {
			mistake(p, e->line, "'%s' is beyond points = %ld; remove it or raise points", e->key, k);
			continue;
		}
		if (strcmp(d->word, "also") == 0) {
			size_t before = also_text.n;
			split_list(v, &also_text);
			ALLOC_GROW(also_point, also_text.n, also_alloc);
			ALLOC_GROW(also_line, also_text.n, also_line_alloc);
			for (size_t j = before; j < also_text.n; j++) {
				also_point[j] = (int)pv;
				also_line[j] = e->line;
			}
			continue;
		}
		int is_en = strcmp(d->word, "point_en") == 0;
		int *seen = is_en ? point_en_line : point_line;
		if (seen[pv]) {
			mistake(p, e->line, "point %ld is labelled twice in answers '%s' (first on line %d); "
					    "keep one of them", pv, a->id, seen[pv]);
			continue;
		}
		if (!need_value(p, e))
			continue;
		seen[pv] = e->line;
		set_str(is_en ? &pen[pv] : &pda[pv], v);
	}

	if (k) {
		int any_en = 0;
		for (long v = 1; v <= k; v++)
			any_en |= point_en_line[v] != 0;
		for (long v = 1; v <= k; v++) {
			if (!point_line[v])
				mistake(p, sec->line, "answers '%s' has no point.%ld; add point.%ld = the label of "
						      "point %ld of %ld", a->id, v, v, v, k);
			if (any_en && !point_en_line[v])
				mistake(p, sec->line, "answers '%s' has no point_en.%ld; give English labels "
						      "for all points or for none", a->id, v);
		}
		if (a->nonsubst_en.n && a->nonsubst_en.n != a->nonsubst_da.n)
			mistake(p, missing_en_line, "missing_en has %zu answers but missing has %zu; give "
						    "one English text for each missing answer, in the same order",
				a->nonsubst_en.n, a->nonsubst_da.n);

		/* Every spelling must mean one thing: labels, also spellings and
		 * missing answers all differ (ignoring ASCII case). */
		struct strlist seen_text = STRLIST_INIT;
		int *seen_line = NULL;
		size_t seen_alloc = 0;
		for (size_t pass = 0; pass < 3; pass++) {
			size_t n = pass == 0 ? (size_t)k : pass == 1 ? also_text.n : a->nonsubst_da.n;
			for (size_t j = 0; j < n; j++) {
				const char *t;
				int line;
				if (pass == 0) {
					t = pda[j + 1];
					line = point_line[j + 1];
				} else if (pass == 1) {
					t = also_text.v[j];
					line = also_line[j];
				} else {
					t = a->nonsubst_da.v[j];
					line = missing_line;
				}
				if (!t)
					continue;
				size_t q;
				for (q = 0; q < seen_text.n; q++)
					if (str_ieq(seen_text.v[q], t))
						break;
				if (q < seen_text.n) {
					mistake(p, line, "'%s' is used twice in answers '%s' (also on line %d); "
							 "each label, also spelling and missing answer must differ",
						t, a->id, seen_line[q]);
					continue;
				}
				sl_push(&seen_text, t);
				ALLOC_GROW(seen_line, seen_text.n, seen_alloc);
				seen_line[seen_text.n - 1] = line;
			}
		}
		sl_release(&seen_text);
		free(seen_line);

		/* code.C = V replaces the default mapping (code V means point V);
		 * code.C = missing:J lines add to it. */
		int explicit_points = 0;
		size_t cv_alloc = 0;
		for (size_t j = 0; j < code_key.n; j++) {
			const char *v = code_val.v[j];
			long pv, jj;
			int value;
			if (str_starts_with(v, "missing:")) {
				if (parse_count(v + 8, 1, 99, &jj) != 0 || (size_t)jj > a->nonsubst_da.n) {
					mistake(p, code_line[j], "code.%s = %s names a missing answer that answers '%s' "
								 "does not have (it has %zu); list them in missing = ... "
								 "and write missing:1 for the first",
						code_key.v[j], v, a->id, a->nonsubst_da.n);
					continue;
				}
				value = -(int)jj;
			} else if (parse_count(v, 1, k, &pv) == 0) {
				value = (int)pv;
				explicit_points = 1;
			} else {
				mistake(p, code_line[j], "code.%s = '%s' is neither a point nor missing:J; write a "
							 "point from 1 to %ld, or missing:J for the J-th missing answer",
					code_key.v[j], v, k);
				continue;
			}
			sl_push(&a->code_text, code_key.v[j]);
			ALLOC_GROW(a->code_value, a->code_text.n, cv_alloc);
			a->code_value[a->code_text.n - 1] = value;
		}
		if (!explicit_points) {
			for (long v = 1; v <= k; v++) {
				char *c = xasprintf("%ld", v);
				if (sl_find(&a->code_text, c) >= 0) {
					free(c);
					continue;
				}
				sl_push_owned(&a->code_text, c);
				ALLOC_GROW(a->code_value, a->code_text.n, cv_alloc);
				a->code_value[a->code_text.n - 1] = (int)v;
			}
		}

		a->k = (int)k;
		a->point_da = xcalloc((size_t)k, sizeof(char *));
		a->point_en = xcalloc((size_t)k, sizeof(char *));
		for (long v = 1; v <= k; v++) {
			a->point_da[v - 1] = pda[v] ? pda[v] : xstrdup("");
			a->point_en[v - 1] = pen[v] ? pen[v] : xstrdup("");
			pda[v] = pen[v] = NULL;
		}
		if (!a->nonsubst_en.n)
			for (size_t j = 0; j < a->nonsubst_da.n; j++)
				sl_push(&a->nonsubst_en, "");
		a->also_point = xcalloc(also_text.n, sizeof(int));
		for (size_t j = 0; j < also_text.n; j++) {
			sl_push(&a->also_text, also_text.v[j]);
			a->also_point[j] = also_point[j];
		}
	}

	for (int v = 0; v < 100; v++) {
		free(pda[v]);
		free(pen[v]);
	}
	free(pda);
	free(pen);
	free(point_line);
	free(point_en_line);
	sl_release(&also_text);
	free(also_point);
	free(also_line);
	sl_release(&code_key);
	sl_release(&code_val);
	free(code_line);
}

static void release_scale(struct study_scale *c)
{
	free(c->id);
	free(c->label_da);
	free(c->label_en);
}

static void interpret_scale(struct parser *p, const struct section *sec, struct study_scale *c)
{
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(sec->id);
	c->line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d || !(v = need_value(p, &sec->e[i])))
			continue;
		if (strcmp(d->word, "label") == 0)
			set_str(&c->label_da, v);
		else if (strcmp(d->word, "label_en") == 0)
			set_str(&c->label_en, v);
	}
	if (!c->label_da)
		c->label_da = xstrdup(c->id);
	if (!c->label_en)
		c->label_en = xstrdup(c->label_da);
}

static const char *const column_names[4] = { "group", "municipality", "unit", "key" };

static int is_column_name(const char *name)
{
	for (int c = 0; c < 4; c++)
		if (strcmp(name, column_names[c]) == 0)
			return 1;
	return 0;
}

static void release_item(struct study_item *it)
{
	free(it->id);
	free(it->column);
	free(it->text_da);
	free(it->text_en);
}

static void release_item_aux(struct item_aux *a)
{
	free(a->answers);
	free(a->scale);
}

static void interpret_item(struct parser *p, const struct section *sec, struct study_item *it,
			   struct item_aux *aux)
{
	memset(it, 0, sizeof(*it));
	memset(aux, 0, sizeof(*aux));
	it->id = xstrdup(sec->id);
	it->line = sec->line;
	it->scale = -1;
	it->answers = -1;
	aux->column_line = sec->line;
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix, *v;
		const struct key_def *d = lookup_key(p, sec, i, &suffix);
		if (!d || !(v = need_value(p, e)))
			continue;
		if (strcmp(d->word, "column") == 0) {
			set_str(&it->column, v);
			aux->column_line = e->line;
		} else if (strcmp(d->word, "text") == 0) {
			set_str(&it->text_da, v);
		} else if (strcmp(d->word, "text_en") == 0) {
			set_str(&it->text_en, v);
		} else if (strcmp(d->word, "answers") == 0) {
			set_str(&aux->answers, v);
			aux->answers_line = e->line;
		} else if (strcmp(d->word, "scale") == 0) {
			set_str(&aux->scale, v);
			aux->scale_line = e->line;
		} else if (strcmp(d->word, "reverse") == 0) {
			if (str_ieq(v, "yes"))
				it->reverse = 1;
			else if (str_ieq(v, "no"))
				it->reverse = 0;
			else
				mistake(p, e->line, "reverse must be yes or no, not '%s'; write reverse = yes for "
						    "a negatively worded item", v);
		}
	}
	if (!it->column)
		it->column = xstrdup(it->id);
	if (!it->text_da)
		it->text_da = xstrdup(it->column);
	if (!it->text_en)
		it->text_en = xstrdup(it->text_da);
	if (!aux->answers)
		mistake(p, sec->line, "item '%s' has no answers; add answers = the id of its [answers] "
				      "section", it->id);
	if (is_column_name(it->id))
		mistake(p, sec->line, "item id '%s' is taken by the %s column (column.%s in [wave]); "
				      "give the item another id", it->id, it->id, it->id);
}

static void interpret_checks(struct parser *p, const struct section *sec, struct study *s)
{
	for (size_t i = 0; i < sec->n; i++) {
		const struct entry *e = &sec->e[i];
		const char *suffix;
		if (!lookup_key(p, sec, i, &suffix))
			continue;
		struct strlist kinds = STRLIST_INIT;
		split_list(e->value.buf, &kinds);
		for (size_t j = 0; j < kinds.n; j++) {
			int k = problem_kind_from_name(kinds.v[j]);
			if (k >= 0) {
				s->skip[k] = 1;
				continue;
			}
			const char *near = suggest_closest(kinds.v[j], problem_names, PROBLEM_KIND_COUNT);
			if (near)
				mistake(p, e->line, "unknown problem kind '%s' in skip; did you mean '%s'?",
					kinds.v[j], near);
			else
				mistake(p, e->line, "unknown problem kind '%s' in skip; use unknown_answer, "
						    "out_of_range, ragged_row, duplicate_key, unknown_group, "
						    "missing_column, bad_encoding or empty_wave", kinds.v[j]);
		}
		sl_release(&kinds);
	}
}

static void collect_invited(struct parser *p, const struct section *sec)
{
	for (size_t i = 0; i < sec->n; i++) {
		ALLOC_GROW(p->inv, p->n_inv + 1, p->alloc_inv);
		p->inv[p->n_inv].key = xstrdup(sec->e[i].key);
		p->inv[p->n_inv].value = xstrdup(sec->e[i].value.buf);
		p->inv[p->n_inv].line = sec->e[i].line;
		p->n_inv++;
	}
}

/* The first section of the same kind and id before sec, or NULL. */
static const struct section *earlier(const struct parser *p, const struct section *sec)
{
	for (const struct section *o = p->sec; o < sec; o++)
		if (o->kind == sec->kind &&
		    ((!o->id && !sec->id) || (o->id && sec->id && strcmp(o->id, sec->id) == 0)))
			return o;
	return NULL;
}

static void interpret(struct parser *p)
{
	struct study *s = p->s;
	for (size_t i = 0; i < p->n_sec; i++) {
		const struct section *sec = &p->sec[i];
		if (sec->kind == SECT_BAD)
			continue;
		const struct section *first = earlier(p, sec);
		if (first) {
			if (sec->id)
				mistake(p, sec->line, "%s '%s' is declared twice (first on line %d); give each "
						      "%s its own id", sect_defs[sec->kind].word, sec->id,
					first->line, sect_defs[sec->kind].word);
			else
				mistake(p, sec->line, "[%s] appears twice (first on line %d); merge the two "
						      "sections into one", sect_defs[sec->kind].word, first->line);
		}
		/* A repeated section is still checked, into a scratch object. */
		switch (sec->kind) {
		case SECT_STUDY:
			if (first) {
				struct study scratch;
				study_init(&scratch);
				scratch.dir = xstrdup(s->dir);
				interpret_study(p, sec, &scratch);
				study_release(&scratch);
			} else {
				p->study_line = sec->line;
				interpret_study(p, sec, s);
			}
			break;
		case SECT_COLUMNS:
			if (first) {
				struct study scratch;
				int save[4];
				memcpy(save, p->col_line, sizeof(save));
				study_init(&scratch);
				interpret_columns(p, sec, &scratch);
				study_release(&scratch);
				memcpy(p->col_line, save, sizeof(save));
			} else {
				p->columns_line = sec->line;
				interpret_columns(p, sec, s);
			}
			break;
		case SECT_WAVE: {
			struct study_wave w;
			struct wave_aux aux;
			interpret_wave(p, sec, &w, &aux);
			if (first) {
				release_wave(&w);
				free(aux.override_line);
				break;
			}
			ALLOC_GROW(s->waves, s->n_waves + 1, p->alloc_waves);
			ALLOC_GROW(p->wave_aux, s->n_waves + 1, p->alloc_wave_aux);
			s->waves[s->n_waves] = w;
			p->wave_aux[s->n_waves++] = aux;
			break;
		}
		case SECT_GROUP: {
			struct study_group g;
			interpret_group(p, sec, &g);
			if (first) {
				release_group(&g);
				break;
			}
			ALLOC_GROW(s->groups, s->n_groups + 1, p->alloc_groups);
			s->groups[s->n_groups++] = g;
			break;
		}
		case SECT_ANSWERS: {
			struct study_answers a;
			interpret_answers(p, sec, &a);
			if (first) {
				release_answers(&a);
				break;
			}
			ALLOC_GROW(s->answers, s->n_answers + 1, p->alloc_answers);
			s->answers[s->n_answers++] = a;
			break;
		}
		case SECT_SCALE: {
			struct study_scale c;
			interpret_scale(p, sec, &c);
			if (first) {
				release_scale(&c);
				break;
			}
			ALLOC_GROW(s->scales, s->n_scales + 1, p->alloc_scales);
			s->scales[s->n_scales++] = c;
			break;
		}
		case SECT_ITEM: {
			struct study_item it;
			struct item_aux aux;
			interpret_item(p, sec, &it, &aux);
			if (first) {
				release_item(&it);
				release_item_aux(&aux);
				break;
			}
			ALLOC_GROW(s->items, s->n_items + 1, p->alloc_items);
			ALLOC_GROW(p->item_aux, s->n_items + 1, p->alloc_item_aux);
			s->items[s->n_items] = it;
			p->item_aux[s->n_items++] = aux;
			break;
		}
		case SECT_INVITED:
			if (!first)
				p->invited_line = sec->line;
			collect_invited(p, sec);
			break;
		case SECT_CHECKS:
			if (!first)
				p->checks_line = sec->line;
			interpret_checks(p, sec, s);
			break;
		case SECT_BAD:
			break;
		}
	}
}

/* ---- pass three: references between sections ---- */

/* "did you mean 'x'? " for an unknown id among n ids, or "". */
static void suggest_id(struct strbuf *sb, const char *id, char *const *ids, size_t n)
{
	const char *near = suggest_closest(id, (const char *const *)ids, n);
	if (near)
		sb_addf(sb, "did you mean '%s'?", near);
}

static long find_answers(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_answers; i++)
		if (strcmp(s->answers[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long find_scale(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_scales; i++)
		if (strcmp(s->scales[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long find_wave(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_waves; i++)
		if (strcmp(s->waves[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long find_group(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_groups; i++)
		if (strcmp(s->groups[i].id, id) == 0)
			return (long)i;
	return -1;
}

static long find_item(const struct study *s, const char *id)
{
	for (size_t i = 0; i < s->n_items; i++)
		if (strcmp(s->items[i].id, id) == 0)
			return (long)i;
	return -1;
}

#define ID_LIST(arr, n, field, out)                                     \
	do {                                                            \
		out = xcalloc((n) + 1, sizeof(char *));                 \
		for (size_t i_ = 0; i_ < (n); i_++)                     \
			out[i_] = (arr)[i_].field;                      \
	} while (0)

static void check_items(struct parser *p)
{
	struct study *s = p->s;
	char **answer_ids, **scale_ids;
	ID_LIST(s->answers, s->n_answers, id, answer_ids);
	ID_LIST(s->scales, s->n_scales, id, scale_ids);
	for (size_t i = 0; i < s->n_items; i++) {
		struct study_item *it = &s->items[i];
		struct item_aux *aux = &p->item_aux[i];
		if (aux->answers) {
			long a = find_answers(s, aux->answers);
			if (a >= 0) {
				it->answers = (int)a;
			} else {
				struct strbuf hint = STRBUF_INIT;
				sb_init(&hint);
				suggest_id(&hint, aux->answers, answer_ids, s->n_answers);
				mistake(p, aux->answers_line, "item '%s' refers to answers '%s', which is not "
							      "declared; %s", it->id, aux->answers,
					hint.len ? hint.buf : "add an [answers ID] section with that id");
				sb_release(&hint);
			}
		}
		if (aux->scale) {
			long c = find_scale(s, aux->scale);
			if (c >= 0) {
				it->scale = (int)c;
			} else {
				struct strbuf hint = STRBUF_INIT;
				sb_init(&hint);
				suggest_id(&hint, aux->scale, scale_ids, s->n_scales);
				mistake(p, aux->scale_line, "item '%s' refers to scale '%s', which is not "
							    "declared; %s", it->id, aux->scale,
					hint.len ? hint.buf : "add a [scale ID] section with that id");
				sb_release(&hint);
			}
		}
	}
	for (size_t c = 0; c < s->n_scales; c++) {
		size_t n = 0;
		for (size_t i = 0; i < s->n_items; i++)
			n += s->items[i].scale == (int)c;
		if (!n)
			mistake(p, s->scales[c].line, "scale '%s' has no item; add scale = %s to its items, or "
						      "remove the section", s->scales[c].id, s->scales[c].id);
	}
	free(answer_ids);
	free(scale_ids);
}


static void check_overrides(struct parser *p)
{
	struct study *s = p->s;
	char **item_ids;
	ID_LIST(s->items, s->n_items, id, item_ids);
	for (size_t w = 0; w < s->n_waves; w++) {
		struct study_wave *wv = &s->waves[w];
		for (size_t j = 0; j < wv->override_names.n; j++) {
			const char *name = wv->override_names.v[j];
			if (is_column_name(name) || find_item(s, name) >= 0)
				continue;
			struct strbuf hint = STRBUF_INIT;
			sb_init(&hint);
			suggest_id(&hint, name, item_ids, s->n_items);
			mistake(p, p->wave_aux[w].override_line[j], "column.%s in wave '%s' names no item and "
								    "is not group, municipality, unit or key; %s",
				name, wv->id, hint.len ? hint.buf : "write column.ITEM_ID = the header in this wave");
			sb_release(&hint);
		}
	}
	free(item_ids);
}

/* The line that declares column `name` for wave w (override, else default). */
static int column_line(const struct parser *p, size_t w, const char *name)
{
	const struct study_wave *wv = &p->s->waves[w];
	long j = sl_find(&wv->override_names, name);
	if (j >= 0)
		return p->wave_aux[w].override_line[j];
	for (int c = 0; c < 4; c++)
		if (strcmp(name, column_names[c]) == 0)
			return p->col_line[c];
	long i = find_item(p->s, name);
	return i >= 0 ? p->item_aux[i].column_line : 0;
}

/* In every wave, each column holds one thing and no declared column is dropped. */
static void check_columns(struct parser *p)
{
	struct study *s = p->s;
	struct strlist reported = STRLIST_INIT;
	size_t n_names = 4 + s->n_items;
	for (size_t w = 0; w < s->n_waves; w++) {
		for (size_t a = 0; a < n_names; a++) {
			const char *na = a < 4 ? column_names[a] : s->items[a - 4].id;
			const char *ha = study_column(s, w, na);
			if (!ha || (a >= 4 && is_column_name(na)))
				continue; /* an item called "group" is reported already */
			if (sl_find(&s->drop, ha) >= 0) {
				char *tag = xasprintf("drop\n%s\n%s", na, ha);
				if (sl_find(&reported, tag) < 0) {
					mistake(p, column_line(p, w, na), "column '%s' is read as %s%s%s but is also "
									  "listed in drop; remove it from one of them",
						ha, a < 4 ? "" : "item '", na, a < 4 ? "" : "'");
					sl_push(&reported, tag);
				}
				free(tag);
			}
			for (size_t b = a + 1; b < n_names; b++) {
				const char *nb = b < 4 ? column_names[b] : s->items[b - 4].id;
				const char *hb = study_column(s, w, nb);
				if (!hb || is_column_name(nb) != (b < 4) || strcmp(ha, hb) != 0)
					continue;
				char *tag = xasprintf("%s\n%s", na, nb);
				if (sl_find(&reported, tag) < 0) {
					int la = column_line(p, w, na), lb = column_line(p, w, nb);
					mistake(p, la > lb ? la : lb, "column '%s' is read both as %s%s%s and as "
								      "%s%s%s%s%s%s; give each its own column",
						ha, a < 4 ? "" : "item '", na, a < 4 ? "" : "'", b < 4 ? "" : "item '",
						nb, b < 4 ? "" : "'", s->n_waves > 1 ? " in wave '" : "",
						s->n_waves > 1 ? s->waves[w].id : "", s->n_waves > 1 ? "'" : "");
					sl_push(&reported, tag);
				}
				free(tag);
			}
		}
	}
	sl_release(&reported);
}

static void check_groups(struct parser *p)
{
	struct study *s = p->s;
	for (size_t g = 0; g < s->n_groups; g++)
		for (size_t v = 0; v < s->groups[g].values.n; v++) {
			const char *val = s->groups[g].values.v[v];
			for (size_t h = 0; h <= g; h++) {
				size_t lim = h == g ? v : s->groups[h].values.n;
				size_t u;
				for (u = 0; u < lim; u++)
					if (strcmp(s->groups[h].values.v[u], val) == 0)
						break;
				if (u == lim)
					continue;
				if (h == g)
					mistake(p, s->groups[g].line, "value '%s' is listed twice in group '%s'; "
								      "keep one", val, s->groups[g].id);
				else
					mistake(p, s->groups[g].line, "value '%s' means both group '%s' (line %d) "
								      "and group '%s'; give each value to one group",
						val, s->groups[h].id, s->groups[h].line, s->groups[g].id);
				break;
			}
		}
}

static void check_invited(struct parser *p)
{
	struct study *s = p->s;
	char **wave_ids, **group_ids;
	size_t alloc = 0;
	ID_LIST(s->waves, s->n_waves, id, wave_ids);
	ID_LIST(s->groups, s->n_groups, id, group_ids);
	for (size_t i = 0; i < p->n_inv; i++) {
		const struct invited_raw *r = &p->inv[i];
		char *key = xstrdup(r->key);
		char *wave = key, *group = NULL, *mun = NULL;
		char *d1 = strchr(key, '.');
		if (d1) {
			*d1 = '\0';
			group = d1 + 1;
			char *d2 = strchr(group, '.');
			if (d2) {
				*d2 = '\0';
				mun = d2 + 1;
			}
		}
		if (!*wave || (group && !*group) || (mun && !*mun)) {
			mistake(p, r->line, "'%s' in [invited] is not WAVE, WAVE.GROUP or "
					    "WAVE.GROUP.MUNICIPALITY; write it like foer = 400 or foer.borger = 150",
				r->key);
			free(key);
			continue;
		}
		int ok = 1;
		long w = find_wave(s, wave), g = -1;
		if (w < 0) {
			struct strbuf hint = STRBUF_INIT;
			sb_init(&hint);
			suggest_id(&hint, wave, wave_ids, s->n_waves);
			mistake(p, r->line, "[invited] names wave '%s', which is not declared; %s", wave,
				hint.len ? hint.buf : "use the id of a [wave ID] section");
			sb_release(&hint);
			ok = 0;
		}
		if (group && strcmp(group, "*") != 0) {
			g = find_group(s, group);
			if (g < 0) {
				struct strbuf hint = STRBUF_INIT;
				sb_init(&hint);
				suggest_id(&hint, group, group_ids, s->n_groups);
				mistake(p, r->line, "[invited] names group '%s', which is not declared; %s", group,
					hint.len ? hint.buf : "use the id of a [group ID] section, or * for all groups");
				sb_release(&hint);
				ok = 0;
			}
		}
		if (mun && s->municipalities.n && sl_find(&s->municipalities, mun) < 0) {
			mistake(p, r->line, "[invited] names municipality '%s', which is not in [study] "
					    "municipality; use one of those names", mun);
			ok = 0;
		}
		long n;
		if (parse_count(r->value, 1, 100000000L, &n) != 0) {
			mistake(p, r->line, "the number invited must be a whole number of at least 1, not '%s'; "
					    "write the number of people who got the questionnaire", r->value);
			ok = 0;
		}
		if (ok) {
			for (size_t j = 0; j < s->n_invited; j++) {
				const struct study_invited *o = &s->invited[j];
				if (o->wave == (int)w && o->group == (int)g &&
				    ((!o->municipality && !mun) ||
				     (o->municipality && mun && strcmp(o->municipality, mun) == 0))) {
					mistake(p, r->line, "'%s' in [invited] counts the same people as line %d; "
							    "keep one of them", r->key, o->line);
					ok = 0;
					break;
				}
			}
		}
		if (ok) {
			ALLOC_GROW(s->invited, s->n_invited + 1, alloc);
			struct study_invited *o = &s->invited[s->n_invited++];
			o->wave = (int)w;
			o->group = (int)g;
			o->municipality = mun ? xstrdup(mun) : NULL;
			o->n = (uint64_t)n;
			o->line = r->line;
		}
		free(key);
	}
	free(wave_ids);
	free(group_ids);
}

static void check_references(struct parser *p)
{
	struct study *s = p->s;
	int end = p->line > 0 ? p->line : 1;
	if (!p->study_line)
		mistake(p, end, "the study file has no [study] section; add one with name = the study's name");
	if (!p->columns_line)
		mistake(p, end, "the study file has no [columns] section; add one with group = the header "
				"of the column that holds the respondent group");
	if (!s->n_waves)
		mistake(p, end, "the study file declares no [wave]; add a [wave ID] section for each "
				"export, the baseline first");
	if (!s->n_groups)
		mistake(p, end, "the study file declares no [group]; add a [group ID] section for each "
				"respondent group, with value = the answer that means it");
	if (!s->n_items)
		mistake(p, end, "the study file declares no [item]; add an [item ID] section for each "
				"question to analyse");
	check_items(p);
	check_overrides(p);
	check_columns(p);
	check_groups(p);
	check_invited(p);
	if (!s->data_date) {
		const char *last = s->n_waves ? s->waves[s->n_waves - 1].end : "";
		s->data_date = xstrdup(last);
	}
}

/* ---- the public functions ---- */

void study_init(struct study *s)
{
	memset(s, 0, sizeof(*s));
	s->min_group_size = 5;
}

void study_release(struct study *s)
{
	free(s->path);
	free(s->dir);
	free(s->name);
	free(s->output);
	free(s->key_file);
	free(s->data_date);
	free(s->col_group);
	free(s->col_municipality);
	free(s->col_unit);
	free(s->col_key);
	sl_release(&s->drop);
	sl_release(&s->municipalities);
	for (size_t i = 0; i < s->n_waves; i++)
		release_wave(&s->waves[i]);
	free(s->waves);
	for (size_t i = 0; i < s->n_groups; i++)
		release_group(&s->groups[i]);
	free(s->groups);
	for (size_t i = 0; i < s->n_answers; i++)
		release_answers(&s->answers[i]);
	free(s->answers);
	for (size_t i = 0; i < s->n_scales; i++)
		release_scale(&s->scales[i]);
	free(s->scales);
	for (size_t i = 0; i < s->n_items; i++)
		release_item(&s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->n_invited; i++)
		free(s->invited[i].municipality);
	free(s->invited);
	study_init(s);
}

static void parser_release(struct parser *p)
{
	for (size_t i = 0; i < p->n_sec; i++) {
		struct section *sec = &p->sec[i];
		for (size_t j = 0; j < sec->n; j++) {
			free(sec->e[j].key);
			sb_release(&sec->e[j].value);
		}
		free(sec->e);
		free(sec->id);
		free(sec->header);
	}
	free(p->sec);
	for (size_t i = 0; i < p->n_m; i++)
		free(p->m[i].msg);
	free(p->m);
	for (size_t i = 0; i < p->s->n_items; i++)
		release_item_aux(&p->item_aux[i]);
	free(p->item_aux);
	for (size_t i = 0; i < p->s->n_waves; i++)
		free(p->wave_aux[i].override_line);
	free(p->wave_aux);
	for (size_t i = 0; i < p->n_inv; i++) {
		free(p->inv[i].key);
		free(p->inv[i].value);
	}
	free(p->inv);
}

int study_load(struct study *s, const char *path, struct strbuf *err)
{
	char *text;
	size_t len;
	study_init(s);
	if (read_file(path, &text, &len, err) != TILLID_OK) {
		sb_addc(err, '\n');
		return TILLID_ESYS;
	}
	if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
			 ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) {
		sb_addf(err, "'%s':1: the study file is UTF-16; save it as UTF-8\n", path);
		free(text);
		return TILLID_EDATA;
	}

	struct parser p;
	memset(&p, 0, sizeof(p));
	p.path = path;
	p.s = s;
	p.text = text;
	p.len = len;
	p.cur = -1;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p.pos = 3;
	s->path = xstrdup(path);
	s->dir = path_dirname(path);

	int r = ini_parse_stream(read_line, &p, on_value, &p);
	if (r == -2) {
		fputs("tillid: out of memory\n", stderr);
		abort();
	}
	if (r > 0) {
		/* read_line hands inih only lines it accepts; this is a safety net. */
		size_t i;
		for (i = 0; i < p.n_m && p.m[i].line != r; i++)
			;
		if (i == p.n_m)
			mistake(&p, r, "line is not valid in a study file; write key = value, [section] or "
				       "; comment");
	}

	interpret(&p);
	check_references(&p);
	if (!s->key_file) {
		char *base = strip_ini(path);
		s->key_file = xasprintf("%s.key", base);
		free(base);
	}

	int rc = TILLID_OK;
	if (p.n_m) {
		qsort(p.m, p.n_m, sizeof(*p.m), mistake_cmp);
		for (size_t i = 0; i < p.n_m; i++)
			sb_addf(err, "'%s':%d: %s\n", path, p.m[i].line, p.m[i].msg);
		rc = TILLID_EDATA;
	}
	parser_release(&p);
	free(text);
	if (rc != TILLID_OK)
		study_release(s);
	return rc;
}

const char *study_column(const struct study *s, size_t w, const char *name)
{
	if (w < s->n_waves) {
		long j = sl_find(&s->waves[w].override_names, name);
		if (j >= 0)
			return s->waves[w].override_headers.v[j];
	}
	if (strcmp(name, "group") == 0)
		return s->col_group;
	if (strcmp(name, "municipality") == 0)
		return s->col_municipality;
	if (strcmp(name, "unit") == 0)
		return s->col_unit;
	if (strcmp(name, "key") == 0)
		return s->col_key;
	for (size_t i = 0; i < s->n_items; i++)
		if (strcmp(s->items[i].id, name) == 0)
			return s->items[i].column;
	return NULL;
}

char *study_output_dir(const struct study *s)
{
	if (s->output)
		return xstrdup(s->output);
	char *base = strip_ini(path_basename(s->path));
	char *dir = xasprintf("out/%s", base);
	free(base);
	return dir;
}
