/* nfc.c: Unicode Normalization Form C through utf8proc, behind a quick check that lets text without a byte 0xCC or above go by untouched. */
#include "nfc.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int nfc_may_change(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	/* Blocks without an early exit inside, which the compiler can turn
	 * into vector instructions; the hot path of every field read. */
	for (; i + 64 <= len; i += 64) {
		unsigned hit = 0;
		for (size_t k = 0; k < 64; k++)
			hit |= p[i + k] >= 0xCC;
		if (hit)
			return 1;
	}
	for (; i < len; i++)
		if (p[i] >= 0xCC)
			return 1;
	return 0;
}

int nfc_normalize(const char *s, size_t len, struct strbuf *out)
{
	if (len > (size_t)PTRDIFF_MAX / 8)
		return 0; /* beyond what utf8proc measures; never from a reader's limits */
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
					  UTF8PROC_COMPOSE | UTF8PROC_STABLE);
	if (n == UTF8PROC_ERROR_NOMEM) {
		fputs("tillid: out of memory\n", stderr);
		abort();
	}
	if (n < 0)
		return 0; /* not valid UTF-8: left as it is */
	int changed = (size_t)n != len || memcmp(dst, s, len) != 0;
	if (changed)
		sb_add(out, dst, (size_t)n);
	free(dst);
	return changed;
}

int nfc_in_place(char **s)
{
	size_t len = strlen(*s);
	if (!nfc_may_change(*s, len))
		return 0;
	struct strbuf sb = STRBUF_INIT;
	sb_init(&sb);
	if (!nfc_normalize(*s, len, &sb)) {
		sb_release(&sb);
		return 0;
	}
	free(*s);
	*s = sb_detach(&sb);
	return 1;
}
