/* study_lines.c: pass one of the study-file reader: hands the file to libinih line by line, counting lines, rejecting malformed ones and collecting each section's key lines. */
#include "study_internal.h"
#include "core/nfc.h"
#include "core/suggest.h"
#include "core/textio.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The kind of the section [word id] written as header, SECT_BAD (reported)
 * when the word is unknown or the id is missing, extra or malformed. */
static enum sect header_kind(struct parser *p, const char *word, const char *id, const char *header)
{
	enum sect kind = SECT_BAD;
	for (size_t k = 1; k < SECT_COUNT; k++)
		if (strcmp(word, sp_sect_defs[k].word) == 0)
			kind = (enum sect)k;

	if (kind == SECT_BAD) {
		const char *words[SECT_COUNT - 1];
		for (size_t k = 1; k < SECT_COUNT; k++)
			words[k - 1] = sp_sect_defs[k].word;
		const char *near = *word ? suggest_closest(word, words, ARRAY_SIZE(words)) : NULL;
		if (near)
			sp_mistake(p, p->line, "unknown section %s; did you mean [%s%s%s]?", header, near,
				*id ? " " : "", id);
		else
			sp_mistake(p, p->line, "unknown section %s; the sections are %s", header, sp_sect_list);
		return SECT_BAD;
	}
	if (sp_sect_defs[kind].has_id && !*id) {
		sp_mistake(p, p->line, "[%s] needs an id; write it after the word, like [%s %s]", word, word,
			sp_sect_defs[kind].example_id);
		return SECT_BAD;
	}
	if (!sp_sect_defs[kind].has_id && *id) {
		sp_mistake(p, p->line, "[%s] takes no id; write just [%s]", word, word);
		return SECT_BAD;
	}
	if (*id && !study_valid_id(id)) {
		sp_mistake(p, p->line, "invalid id '%s' in %s; use only ASCII letters, digits, '_' and '-'",
			id, header);
		return SECT_BAD;
	}
	return kind;
}

/* White space here is is_ascii_space's: what inih's isspace() is in the C
 * locale, so lines are split as inih splits them. */

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
		sp_mistake(p, p->line, "section header has no closing ']'; write it like [wave foer]");
		new_section(p, SECT_BAD, p->line, NULL, "[?]");
		return 0;
	}
	const char *after = c + 1;
	while (is_ascii_space((unsigned char)*after))
		after++;
	if (*after && !(*after == ';' && after > c + 1))
		sp_mistake(p, p->line, "text after the section header's ']'; put it on a line of its own "
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
	enum sect kind = header_kind(p, word, id, header);
	new_section(p, kind, p->line, *id ? id : NULL, header);
	free(header);
	free(inner);
	return 1;
}

/* Hand the line in str to inih as a blank line, and drop what continues it. */
static char *reject(struct parser *p, char *str)
{
	str[0] = '\0';
	p->drop_cont = 1;
	return str;
}

/* An indented line after a key line, which inih takes as a continuation. */
static char *read_continuation(struct parser *p, char *str, const char *start)
{
	if (p->drop_cont) {
		str[0] = '\0';
		return str;
	}
	if (*start == '[') {
		sp_mistake(p, p->line, "indented section header; start %s at the beginning of the line",
			start);
		return reject(p, str);
	}
	if (p->gap) {
		sp_mistake(p, p->line, "indented line after a blank line; an indented line continues "
				    "the value above it, so remove the blank line or the indentation");
		return reject(p, str);
	}
	p->cont = 1;
	return str;
}

/* Classify the line in str as inih will, report it when it is malformed
 * and return what inih gets. */
static char *classify_line(struct parser *p, char *str)
{
	const char *start = str;
	while (is_ascii_space((unsigned char)*start))
		start++;
	if (!*start) {
		p->gap = 1;
		return str;
	}
	if (*start == ';' || *start == '#')
		return str;
	if (p->key_seen && start > str)
		return read_continuation(p, str, start);

	p->drop_cont = 0;
	p->gap = 0;
	if (*start == '[') {
		if (!read_header(p, start))
			return reject(p, str);
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
		sp_mistake(p, p->line, "line is not key = value, a [section] or a comment; write key = value, "
				    "or start a comment with ';'");
		return reject(p, str);
	}
	if (c == start) {
		sp_mistake(p, p->line, "line has no key before '%c'; write key = value", *c);
		return reject(p, str);
	}
	p->key_seen = 1;
	return str;
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
		sp_mistake(p, p->line, "line contains a NUL byte; save the study file as UTF-8 text");
		return reject(p, str);
	}
	if (!utf8_valid(l, n, NULL)) {
		sp_mistake(p, p->line, "line is not valid UTF-8; save the study file as UTF-8 "
				    "(not Windows-1252 or UTF-16)");
		return reject(p, str);
	}
	/* A study file saved on a Mac may hold "å" as "a" + U+030A: its
	 * values are put into NFC, as the exports are (core/nfc.h), so that
	 * they match an export written on Windows. */
	struct strbuf nfc = STRBUF_INIT; /* allocated only when NFC changes the line */
	if (nfc_may_change(l, n) && nfc_normalize(l, n, &nfc)) {
		l = nfc.buf;
		n = nfc.len;
	}
	if (n > (size_t)num - 1) {
		sb_release(&nfc);
		sp_mistake(p, p->line, "line is longer than %d bytes; continue a long text on the next "
				    "line, indented", num - 1);
		return reject(p, str);
	}
	memcpy(str, l, n);
	str[n] = '\0';
	sb_release(&nfc);
	return classify_line(p, str);
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

/* inih's handler: a key line starts an entry of the current section, a
 * continuation line adds to the last one. */
static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;
	(void)section; /* sections are tracked by read_line, which also sees empty ones */
	if (p->cur < 0) {
		if (!p->cont)
			sp_mistake(p, p->line, "'%s' comes before any [section]; move it into its section", name);
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

void sp_read_sections(struct parser *p)
{
	p->cur = -1;
	int r = ini_parse_stream(read_line, p, on_value, p);
	if (r == -2) {
		fputs("tillid: out of memory\n", stderr);
		abort();
	}
	if (r > 0) {
		/* read_line hands inih only lines it accepts; this is a safety net. */
		size_t i;
		for (i = 0; i < p->n_m && p->m[i].line != r; i++)
			;
		if (i == p->n_m)
			sp_mistake(p, r, "line is not valid in a study file; write key = value, [section] or "
				      "; comment");
	}
}
