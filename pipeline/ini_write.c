/* ini_write.c: writing study-file text (sections, keys, comments) that the study-file reader reads back exactly. */
#include "ini_write.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int ini_value_ok(const char *v, int in_list)
{
	size_t n = strlen(v);
	if (!n || v[0] == ';' || is_ascii_space((unsigned char)v[0]) ||
	    is_ascii_space((unsigned char)v[n - 1]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 && c != '\t')
			return 0;
		if (c == ';' && is_ascii_space((unsigned char)v[i - 1]))
			return 0; /* i > 0: v[0] is not ';' */
		if (in_list && c == '|')
			return 0;
	}
	return 1;
}

/* Append value to sb (which holds "key = ") cut at single spaces into
 * indented continuation lines of at most INI_WRAP bytes where the words
 * allow; the reader joins them back with one space. A run of several
 * spaces is never cut, so it reads back as it was. Returns -1 when a line
 * gets longer than INI_LINE_MAX. */
static int add_wrapped(struct strbuf *sb, const char *value)
{
	size_t line_start = 0;
	int line_empty = 1;
	const char *p = value;
	while (*p) {
		const char *e = p;
		while (*e && !(e[0] == ' ' && e > p && e[-1] != ' ' && e[1] && e[1] != ' '))
			e++;
		size_t n = (size_t)(e - p);
		/* A continuation line may not start like a comment or a header. */
		if (!line_empty && sb->len - line_start + 1 + n > INI_WRAP && !strchr(";#[", *p)) {
			sb_adds(sb, "\n  ");
			line_start = sb->len - 2;
			line_empty = 1;
		}
		if (!line_empty)
			sb_addc(sb, ' ');
		sb_add(sb, p, n);
		line_empty = 0;
		if (sb->len - line_start > INI_LINE_MAX)
			return -1;
		p = *e ? e + 1 : e;
	}
	return 0;
}

/* "key = value\n" laid out as layout says into the empty sb: 0, or -1 when
 * it cannot be written (see ini_add_kv). */
static int format_kv(struct strbuf *sb, const char *key, const char *value, enum ini_layout layout)
{
	if (*value && !ini_value_ok(value, 0))
		return -1;
	sb_addf(sb, "%s = ", key);
	int rc = 0;
	if (layout == INI_ONE_LINE || sb->len + strlen(value) <= INI_WRAP)
		sb_adds(sb, value);
	else
		rc = add_wrapped(sb, value);
	if (rc == 0 && sb->len > INI_LINE_MAX && !strchr(sb->buf, '\n'))
		rc = -1;
	sb_addc(sb, '\n');
	return rc;
}

int ini_add_kv(struct strbuf *out, const char *key, const char *value, enum ini_layout layout)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	int rc = format_kv(&sb, key, value, layout);
	if (rc == 0)
		sb_add(out, sb.buf, sb.len);
	sb_release(&sb);
	return rc;
}

int ini_kv_fits(const char *key, const char *value)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	int rc = format_kv(&sb, key, value, INI_WRAPPED);
	sb_release(&sb);
	return rc == 0;
}

/* One line of comment text p (no control character in it) as "; " lines. */
static void add_comment_line(struct strbuf *out, const char *p)
{
	while (*p == ' ')
		p++;
	while (*p) {
		size_t n = strlen(p);
		if (n > INI_WRAP - 2) {
			size_t cut = INI_WRAP - 2;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (!cut) { /* one long word: cut at a UTF-8 character boundary */
				cut = INI_LINE_MAX - 2 < n ? INI_LINE_MAX - 2 : n;
				while (cut < n && ((unsigned char)p[cut] & 0xC0) == 0x80)
					cut--;
			}
			n = cut;
		}
		sb_addf(out, "; %.*s\n", (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

void ini_add_comment(struct strbuf *out, const char *text)
{
	char *t = xstrdup(text);
	for (char *c = t; *c; c++) {
		unsigned char u = (unsigned char)*c;
		if (u == '\r')
			*c = '\n';
		else if ((u < 0x20 && u != '\n') || u == 0x7f)
			*c = ' ';
	}
	for (char *line = t; *line;) {
		char *end = line + strcspn(line, "\n");
		char *next = *end ? end + 1 : end;
		while (end > line && end[-1] == ' ')
			end--;
		*end = '\0';
		add_comment_line(out, line);
		line = next;
	}
	free(t);
}

void ini_add_commentf(struct strbuf *out, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	ini_add_comment(out, sb.buf);
	sb_release(&sb);
}

void ini_add_section(struct strbuf *out, const char *kind, const char *id)
{
	if (id)
		sb_addf(out, "[%s %s]\n", kind, id);
	else
		sb_addf(out, "[%s]\n", kind);
}
