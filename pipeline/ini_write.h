/* ini_write.h: writing study-file text (sections, keys, comments) that the study-file reader reads back exactly. */
#ifndef TILLID_INI_WRITE_H
#define TILLID_INI_WRITE_H

#include "core/util.h"

#include <ini.h>

/*
 * The study file (docs/study-file.md) is INI text: "[kind id]" sections,
 * "key = value" lines, and "; comment" lines. The reader trims blanks
 * around a value, ends a value at " ;" (a comment), joins an indented
 * continuation line to the value before it with one space, and refuses a
 * line longer than INI_LINE_MAX bytes. These functions write text that
 * reads back as written: a value that would not is refused, and a comment
 * never holds a line break.
 */
/* The longest line the study-file reader accepts: libinih reads a line into
 * INI_MAX_LINE bytes, its terminating NUL included. */
#define INI_LINE_MAX (INI_MAX_LINE - 1)
#define INI_WRAP 100     /* where wrapped values and comments are cut, for reading */

/* How ini_add_kv lays out a value. */
enum ini_layout {
	INI_ONE_LINE, /* always on the key's line */
	INI_WRAPPED   /* a line that would be longer than INI_WRAP bytes is cut at
			 single spaces onto indented continuation lines */
};

/* Does value v read back unchanged: not empty, no blank at either end, no
 * ';' at the start or after a blank (which starts a comment), no control
 * character but tab? With in_list, v is one entry of a '|' list ("value =
 * A | B") and may hold no '|' either: ini_add_kv checks a whole value, the
 * caller each entry of a list. */
int ini_value_ok(const char *v, int in_list);

/* Append "key = value\n" laid out as layout says. value may be empty
 * ("key = ", for the analyst to fill in). Returns 0; or -1, with nothing
 * appended, when value would not read back unchanged (ini_value_ok) or a
 * line would be longer than INI_LINE_MAX (one long word, or a long value on
 * one line). */
int ini_add_kv(struct strbuf *out, const char *key, const char *value, enum ini_layout layout);
/* Would ini_add_kv(out, key, value, INI_WRAPPED) succeed? */
int ini_kv_fits(const char *key, const char *value);

/* Append text as comment lines ("; text\n"), cut at spaces so that each
 * line is at most INI_WRAP bytes; a word too long for that is cut at a
 * UTF-8 character boundary within INI_LINE_MAX. Every line break in text
 * (LF, CR or both) starts a new comment line, and any other control
 * character becomes a space, so no line of text can read as a key or a
 * section. Blanks at the start and end of each line are dropped, and so
 * are empty lines. */
void ini_add_comment(struct strbuf *out, const char *text);
void ini_add_commentf(struct strbuf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a section header: "[kind id]\n", or "[kind]\n" when id is NULL. */
void ini_add_section(struct strbuf *out, const char *kind, const char *id);

#endif
