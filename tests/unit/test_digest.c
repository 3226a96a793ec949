/* test_digest.c: unit tests for SHA-256 and HMAC-SHA-256 against the published test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/digest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* FIPS 180-2, appendix B.1 and B.2 ("abc" and the 448-bit message), and
 * the digest of the empty string. */
static void test_sha256(void **state)
{
	(void)state;
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(m, strlen(m), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_file(void **state)
{
	(void)state;
	char path[] = "/tmp/tillid-digest-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	char hex[SHA256_HEX_LEN + 1];
	uint64_t bytes = 0;
	struct strbuf err = STRBUF_INIT;
	assert_int_equal(sha256_file(path, hex, &bytes, &err), TILLID_OK);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(bytes, 3);
	unlink(path);
	assert_int_equal(sha256_file(path, hex, &bytes, &err), TILLID_ESYS);
	assert_non_null(strstr(err.buf, "cannot open '/tmp/tillid-digest-"));
	sb_release(&err);
}

static void hex_of(const uint8_t *md, char *out)
{
	for (size_t i = 0; i < SHA256_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* RFC 4231, test cases 2 (a short key) and 6 (a key longer than the block,
 * which is hashed first); one keyer serves several messages. */
static void test_hmac(void **state)
{
	(void)state;
	struct hmac_sha256 h;
	uint8_t md[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	hmac_sha256_init(&h, "Jefe", 4);
	const char *m2 = "what do ya want for nothing?";
	hmac_sha256(&h, m2, strlen(m2), md);
	hex_of(md, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	hmac_sha256(&h, m2, strlen(m2), md); /* again: the prepared states are not used up */
	hex_of(md, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	hmac_sha256_release(&h);

	uint8_t key[131];
	memset(key, 0xaa, sizeof(key));
	hmac_sha256_init(&h, key, sizeof(key));
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256(&h, m6, strlen(m6), md);
	hex_of(md, hex);
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	hmac_sha256_release(&h);
}

/* The same RFC 4231 vectors (test cases 2 and 6) through libcrypto's
 * generic HMAC. */
static void test_hmac_once(void **state)
{
	(void)state;
	uint8_t md[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	const char *m2 = "what do ya want for nothing?";
	hmac_sha256_once("Jefe", 4, m2, strlen(m2), md);
	hex_of(md, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	uint8_t key[131];
	memset(key, 0xaa, sizeof(key));
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256_once(key, sizeof(key), m6, strlen(m6), md);
	hex_of(md, hex);
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

/* The prepared states give libcrypto's generic HMAC for every secret
 * length from 0 to past two blocks and every message length from 0 to past
 * four blocks (the padding's boundaries at 55, 56 and 64 bytes and their
 * multiples), each message used twice on one preparation. */
static void test_hmac_prepared_is_generic(void **state)
{
	(void)state;
	uint8_t secret[140], msg[300];
	for (size_t i = 0; i < sizeof(secret); i++)
		secret[i] = (uint8_t)(i * 131 + 7);
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 97 + 3);
	for (size_t sl = 0; sl <= sizeof(secret); sl++) {
		struct hmac_sha256 h;
		hmac_sha256_init(&h, secret, sl);
		for (size_t ml = 0; ml <= sizeof(msg); ml++) {
			uint8_t fast[SHA256_LEN], again[SHA256_LEN], generic[SHA256_LEN];
			hmac_sha256(&h, msg, ml, fast);
			hmac_sha256(&h, msg, ml, again);
			hmac_sha256_once(secret, sl, msg, ml, generic);
			assert_memory_equal(fast, generic, SHA256_LEN);
			assert_memory_equal(again, generic, SHA256_LEN);
		}
		hmac_sha256_release(&h);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_sha256_file),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_hmac_once),
		cmocka_unit_test(test_hmac_prepared_is_generic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
