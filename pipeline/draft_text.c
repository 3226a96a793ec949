/* draft_text.c: text helpers of the draft: ids made from texts, whole-word matching, non-substantive answers. */
#include "draft_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A text for text = ...: white space collapsed, and no ';' that would
 * start a comment. Texts need not read back byte for byte. */
char *draft_clean_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (; *s; s++) {
		if (is_ascii_space((unsigned char)*s)) {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				sb_addc(&sb, ' ');
			continue;
		}
		if (*s == ';') {
			while (sb.len && sb.buf[sb.len - 1] == ' ')
				sb.buf[--sb.len] = '\0';
			if (!sb.len)
				continue;
		}
		sb_addc(&sb, *s);
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* An id from a text: ASCII letters and digits lower-cased, æ ø å spelt
 * ae oe aa, anything else one '_'; at most max bytes; "" when nothing is left. */
char *draft_make_id(const char *s, size_t max)
{
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	for (const unsigned char *c = (const unsigned char *)s; *c && sb.len < max; c++) {
		const char *put = NULL;
		char one[2] = { 0, 0 };
		if ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) {
			one[0] = (char)*c;
			put = one;
		} else if (*c >= 'A' && *c <= 'Z') {
			one[0] = (char)(*c + 32);
			put = one;
		} else if (c[0] == 0xC3 && (c[1] == 0xA6 || c[1] == 0x86)) {
			put = "ae";
			c++;
		} else if (c[0] == 0xC3 && (c[1] == 0xB8 || c[1] == 0x98)) {
			put = "oe";
			c++;
		} else if (c[0] == 0xC3 && (c[1] == 0xA5 || c[1] == 0x85)) {
			put = "aa";
			c++;
		} else if (sb.len && sb.buf[sb.len - 1] != '_') {
			put = "_";
		}
		if (put)
			sb_adds(&sb, put);
	}
	while (sb.len && sb.buf[sb.len - 1] == '_')
		sb.buf[--sb.len] = '\0';
	return sb_detach(&sb);
}

/* id, or id_2, id_3, ... when taken; the result is added to used. */
char *draft_unique_id(struct strlist *used, const char *id)
{
	char *r = xstrdup(id);
	for (int n = 2; sl_find(used, r) >= 0; n++) {
		free(r);
		r = xasprintf("%s_%d", id, n);
	}
	sl_push(used, r);
	return r;
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Does text hold word as a whole word (ASCII case ignored)? */
int draft_has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; *p; p++) {
		if (p > text && is_word_byte((unsigned char)p[-1]))
			continue;
		size_t i;
		for (i = 0; i < n && p[i]; i++) {
			unsigned char a = (unsigned char)p[i];
			if (a >= 'A' && a <= 'Z')
				a += 32;
			if (a != (unsigned char)word[i])
				break;
		}
		if (i == n && !is_word_byte((unsigned char)p[n]))
			return 1;
	}
	return 0;
}

int draft_starts_with_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		unsigned char a = (unsigned char)*s;
		if (a >= 'A' && a <= 'Z')
			a += 32;
		if (a != (unsigned char)*prefix)
			return 0;
	}
	return 1;
}

/* Answers that are not a position on the scale: they become `missing`. */
int draft_is_nonsubstantive(const char *label)
{
	static const char *const prefixes[] = {
		"ved ikke", "vet ikke", "ønsker ikke at svare", "Ønsker ikke at svare", "ikke relevant",
		"ikke aktuelt", "kan ikke svare", "vil ikke svare", "don't know", "dont know",
		"do not know", "prefer not to", "not applicable",
	};
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (draft_starts_with_ci(label, prefixes[i]) &&
		    !is_word_byte((unsigned char)label[strlen(prefixes[i])]))
			return 1;
	return 0;
}

int draft_parse_long(const char *s, long *v)
{
	char *end;
	errno = 0;
	long x = strtol(s, &end, 10);
	if (!*s || *end || errno)
		return 0;
	*v = x;
	return 1;
}

int draft_is_datetime(const char *s)
{
	int colon = 0, dash = 0, slash = 0, dot = 0, digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == ':')
			colon++;
		else if (*p == '-')
			dash++;
		else if (*p == '/')
			slash++;
		else if (*p == '.')
			dot++;
		else if (*p != ' ' && *p != 'T')
			return 0;
	}
	return digits && (colon || dash >= 2 || slash >= 2 || dot >= 2);
}
