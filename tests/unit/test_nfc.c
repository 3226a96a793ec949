/* test_nfc.c: unit tests for the NFC of text as it is read: composed text untouched, decomposed letters composed, the quick check's rule held against utf8proc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/nfc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* NFC of s: the composed text, or s itself when nfc_normalize leaves it. */
static void expect_nfc(const char *s, const char *want, int changed)
{
	struct strbuf out = STRBUF_INIT;
	sb_init(&out);
	sb_adds(&out, "<"); /* what was there before is kept */
	assert_int_equal(nfc_normalize(s, strlen(s), &out), changed);
	assert_string_equal(out.buf + 1, changed ? want : "");
	assert_string_equal(changed ? want : s, want);
	sb_release(&out);
}

static void test_composed_unchanged(void **state)
{
	(void)state;
	const char *composed[] = {
		"", "Borger", "P\xc3\xa5r\xc3\xb8rende", "\xc3\x86\xc3\x98\xc3\x85\xc3\xa6\xc3\xb8\xc3\xa5",
		"caf\xc3\xa9 M\xc3\xbcller Sch\xc3\xb6n \xc3\xa4", "\xe2\x80\x9cHelt enig\xe2\x80\x9d \xe2\x80\x93 100 \xe2\x82\xac",
	};
	for (size_t i = 0; i < sizeof(composed) / sizeof(*composed); i++)
		expect_nfc(composed[i], composed[i], 0);
	/* Latin-1 and Latin Extended text never reaches the library. */
	assert_int_equal(nfc_may_change("P\xc3\xa5r\xc3\xb8rende", 11), 0);
	assert_int_equal(nfc_may_change("\xc5\x81\xc3\xb3" "d\xc5\xba", 7), 0); /* Łódź */
}

static void test_decomposed_composed(void **state)
{
	(void)state;
	/* a + U+030A ring above, e + U+0301 acute, u + U+0308 diaeresis. */
	expect_nfc("Pa\xcc\x8ar\xc3\xb8rende", "P\xc3\xa5r\xc3\xb8rende", 1);
	expect_nfc("A\xcc\x8arhus", "\xc3\x85rhus", 1);
	expect_nfc("cafe\xcc\x81", "caf\xc3\xa9", 1);
	expect_nfc("Mu\xcc\x88ller o\xcc\x88 a\xcc\x88", "M\xc3\xbcller \xc3\xb6 \xc3\xa4", 1);
	/* U+212B ANGSTROM SIGN is Å; two marks in the wrong order are put in
	 * canonical order (dot below U+0323 before circumflex U+0302). */
	expect_nfc("\xe2\x84\xab", "\xc3\x85", 1);
	expect_nfc("a\xcc\x82\xcc\xa3", "\xe1\xba\xad", 1);
	assert_int_equal(nfc_may_change("Pa\xcc\x8ar", 5), 1);
	assert_int_equal(nfc_may_change("\xe2\x84\xab", 3), 1);
}

static void test_invalid_left(void **state)
{
	(void)state;
	/* Not UTF-8: left for the readers' own checks, as before. */
	const char *bad[] = { "a\xcc", "a\xcc\x8a\xff", "\xed\xa0\x80", "\xc0\xaf", "a\xcc\x8a\xe2\x82" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct strbuf out = STRBUF_INIT;
		sb_init(&out);
		assert_int_equal(nfc_normalize(bad[i], strlen(bad[i]), &out), 0);
		assert_int_equal(out.len, 0);
		sb_release(&out);
	}
	/* A U+FFFD put in for invalid bytes stays. */
	expect_nfc("a\xef\xbf\xbd", "a\xef\xbf\xbd", 0);
}

static void test_long_ascii(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *s = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	assert_int_equal(nfc_may_change(s, n), 0);
	expect_nfc(s, s, 0);
	/* A byte of a mark is found wherever it lies: in a block of 64 or in
	 * the tail after the last block. */
	for (size_t at = 0; at < 200; at++) {
		char keep = s[at];
		s[at] = (char)0xCC;
		assert_int_equal(nfc_may_change(s, 200), 1);
		assert_int_equal(nfc_may_change(s, at), 0);
		s[at] = keep;
	}
	char *copy = strdup("Pa\xcc\x8ar\xc3\xb8rende");
	assert_int_equal(nfc_in_place(&copy), 1);
	assert_string_equal(copy, "P\xc3\xa5r\xc3\xb8rende");
	assert_int_equal(nfc_in_place(&copy), 0);
	assert_string_equal(copy, "P\xc3\xa5r\xc3\xb8rende");
	free(copy);
	free(s);
}

static size_t put_utf8(char *s, utf8proc_int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)s);
}

/* The rule of nfc_may_change: text of characters below U+0300 (bytes all
 * below 0xCC), and text decoded from Windows-1252, is in NFC. Each such
 * character has combining class 0 and stays alone, and no two of them
 * compose, in either order: for each b the text a0 b a1 b a2 b ... over
 * every a stays as it is (then no longer text of them can compose
 * either, as NFC composes only a starter with what follows it). */
static void test_quick_check_rule(void **state)
{
	(void)state;
	static const utf8proc_int32_t cp1252[] = {
		0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030,
		0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
		0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x017E, 0x0178,
	};
	size_t n_cp = 0x300 - 1 + sizeof(cp1252) / sizeof(*cp1252);
	utf8proc_int32_t *cps = malloc(n_cp * sizeof(*cps));
	size_t k = 0;
	for (utf8proc_int32_t c = 1; c < 0x300; c++)
		cps[k++] = c;
	for (size_t i = 0; i < sizeof(cp1252) / sizeof(*cp1252); i++)
		cps[k++] = cp1252[i];
	char *text = malloc(n_cp * 8 + 8);
	for (size_t j = 0; j < n_cp; j++) {
		assert_int_equal(utf8proc_get_property(cps[j])->combining_class, 0);
		size_t len = 0, len_low = 0; /* len_low: the text of a and b below U+0300 */
		for (size_t i = 0; i < n_cp; i++) {
			len += put_utf8(text + len, cps[i]);
			len += put_utf8(text + len, cps[j]);
			if (i < 0x2FF) /* the first 0x2FF are U+0001..U+02FF */
				len_low = len;
		}
		if (cps[j] < 0x300)
			assert_true(len_low > 0x2FF * 2 && nfc_may_change(text, len_low) == 0);
		struct strbuf out = STRBUF_INIT;
		sb_init(&out);
		assert_int_equal(nfc_normalize(text, len, &out), 0);
		sb_release(&out);
	}
	free(text);
	free(cps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_composed_unchanged),
		cmocka_unit_test(test_decomposed_composed),
		cmocka_unit_test(test_invalid_left),
		cmocka_unit_test(test_long_ascii),
		cmocka_unit_test(test_quick_check_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
