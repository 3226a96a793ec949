/* nfc.h: Unicode Normalization Form C for text as it is read, so that a decomposed letter (a + U+030A) is the composed one (å). */
#ifndef TILLID_NFC_H
#define TILLID_NFC_H

#include "util.h"

#include <stddef.h>

/*
 * A file written on a Mac may hold "å" as "a" followed by U+030A COMBINING
 * RING ABOVE (Unicode NFD); one written on Windows holds U+00E5 (NFC). The
 * two look the same on screen but differ in bytes, and tillid compares
 * bytes. Every reader of outside text (the CSV reader, the workbook reader,
 * the study file's lines) puts it into NFC once, where it is read, so every
 * later comparison, hash and output sees composed text.
 *
 * The rule of the quick check (nfc_may_change): every character that NFC
 * can change, remove, reorder or compose with the character before it (its
 * NFC_Quick_Check is No or Maybe, or its canonical combining class is not
 * 0) is U+0300 or above, and the UTF-8 of a character from U+0300 up
 * starts with a byte 0xCC to 0xF4. Text whose bytes are all below 0xCC
 * (ASCII, Latin-1 with æ ø å é ü ö ä, Latin Extended-A and -B, IPA,
 * spacing modifier letters) is therefore in NFC already and is never
 * handed to the library; tests/unit/test_nfc.c proves the rule against
 * the library for every pair of characters below U+0300. Text decoded
 * from Windows-1252 is in NFC whatever it holds: its 27 characters above
 * U+00FF (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) neither
 * decompose nor combine, which the same test holds against the library.
 *
 * The cost: the CSV reader learns from the decoder whether a chunk of the
 * export holds a character from U+0300 up at all (text_decoder's
 * from_u0300, no extra pass); only then are its records looked at, and
 * only a field that may change is handed to utf8proc. A Danish export
 * with æ, ø and å written composed pays nothing.
 */

/* Might NFC change s[0..len)? 0 when it cannot (no byte 0xCC or above);
 * 1 when it may, and the text is to be handed to nfc_normalize. Reads
 * every byte once, without calling the library. */
int nfc_may_change(const char *s, size_t len);

/* Put the UTF-8 text s[0..len) into NFC (utf8proc: canonical composition,
 * UTF8PROC_COMPOSE | UTF8PROC_STABLE). Returns 1 and appends the composed
 * text to out when it differs from s; returns 0 and leaves out as it was
 * when s is in NFC already, or is not valid UTF-8 (invalid bytes are left
 * for the caller's own checks to report, as before). A NUL inside s is
 * kept. Allocation failure aborts, as xmalloc does. */
int nfc_normalize(const char *s, size_t len, struct strbuf *out);

/* Normalise the NUL-terminated string *s, which the caller owns (malloc'd):
 * when NFC changes it, *s is freed and replaced by the composed copy.
 * Returns 1 when it changed. */
int nfc_in_place(char **s);

#endif
