/* digest.c: SHA-256 and HMAC-SHA-256 through libcrypto (EVP, and the SHA256_* state for the pseudonyms). */
/* SHA256_CTX is deprecated in OpenSSL 3 but a copyable state, which the per-row HMAC needs. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "digest.h"

#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void crypto_failed(void)
{
	fputs("tillid: SHA-256 failed in libcrypto\n", stderr);
	abort();
}

static void to_hex(const unsigned char *md, char hex[SHA256_HEX_LEN + 1])
{
	hex_encode(md, SHA256_LEN, hex);
	hex[SHA256_HEX_LEN] = '\0';
}

int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], uint64_t *bytes, struct strbuf *err)
{
	return sha256_file_max(path, UINT64_MAX, NULL, NULL, hex, bytes, err);
}

int sha256_file_max(const char *path, uint64_t max, const char *what, const char *fix,
		    char hex[SHA256_HEX_LEN + 1], uint64_t *bytes, struct strbuf *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		sb_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return TILLID_ESYS;
	}
	struct stat st;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		fclose(fp);
		sb_add_too_large(err, path, max, what, fix);
		return TILLID_ESYS;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		crypto_failed();
	unsigned char *buf = xmalloc(1 << 16);
	size_t n;
	uint64_t total = 0;
	while ((n = fread(buf, 1, 1 << 16, fp)) > 0) {
		if (!EVP_DigestUpdate(ctx, buf, n))
			crypto_failed();
		total += n;
		if (total > max)
			break;
	}
	int bad = ferror(fp);
	int saved = errno;
	fclose(fp);
	free(buf);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (!EVP_DigestFinal_ex(ctx, md, &md_len) || md_len != SHA256_LEN)
		crypto_failed();
	EVP_MD_CTX_free(ctx);
	if (bad) {
		sb_addf(err, "cannot read '%s': %s", path, strerror(saved));
		return TILLID_ESYS;
	}
	if (total > max) {
		sb_add_too_large(err, path, max, what, fix);
		return TILLID_ESYS;
	}
	to_hex(md, hex);
	*bytes = total;
	return TILLID_OK;
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) || md_len != SHA256_LEN)
		crypto_failed();
	memcpy(out, md, SHA256_LEN);
}

void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1])
{
	uint8_t md[SHA256_LEN];
	sha256(data, len, md);
	to_hex(md, hex);
}

void sha256_begin(struct sha256_ctx *c)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		crypto_failed();
	c->md = ctx;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	if (len && !EVP_DigestUpdate(c->md, data, len))
		crypto_failed();
}

void sha256_peek(const struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	EVP_MD_CTX *copy = EVP_MD_CTX_new();
	unsigned int n = 0;
	if (!copy || !EVP_MD_CTX_copy_ex(copy, c->md) || !EVP_DigestFinal_ex(copy, out, &n) || n != SHA256_LEN)
		crypto_failed();
	EVP_MD_CTX_free(copy);
}

void sha256_end(struct sha256_ctx *c, uint8_t out[SHA256_LEN])
{
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(c->md, out, &n) || n != SHA256_LEN)
		crypto_failed();
	sha256_abandon(c);
}

void sha256_abandon(struct sha256_ctx *c)
{
	EVP_MD_CTX_free(c->md);
	c->md = NULL;
}

void sha256_to_hex(const uint8_t md[SHA256_LEN], char hex[SHA256_HEX_LEN + 1])
{
	to_hex(md, hex);
}

/* HMAC (RFC 2104) with SHA-256, block size 64: H((K ^ opad) || H((K ^ ipad) || m)),
 * K the secret zero-padded to the block, or its digest when it is longer. */
void hmac_sha256_init(struct hmac_sha256 *h, const void *secret, size_t secret_len)
{
	uint8_t block[64], pad[64];
	memset(block, 0, sizeof(block));
	if (secret_len > sizeof(block))
		sha256(secret, secret_len, block);
	else if (secret_len)
		memcpy(block, secret, secret_len);
	SHA256_CTX *st = xmalloc(2 * sizeof(*st));
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = block[i] ^ 0x36;
	if (!SHA256_Init(&st[0]) || !SHA256_Update(&st[0], pad, sizeof(pad)))
		crypto_failed();
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = block[i] ^ 0x5c;
	if (!SHA256_Init(&st[1]) || !SHA256_Update(&st[1], pad, sizeof(pad)))
		crypto_failed();
	OPENSSL_cleanse(block, sizeof(block));
	OPENSSL_cleanse(pad, sizeof(pad));
	h->inner = &st[0];
	h->outer = &st[1];
}

void hmac_sha256_release(struct hmac_sha256 *h)
{
	if (h->inner)
		OPENSSL_cleanse(h->inner, 2 * sizeof(SHA256_CTX));
	free(h->inner); /* the one block of both states */
	h->inner = h->outer = NULL;
}

void hmac_sha256(const struct hmac_sha256 *h, const void *msg, size_t len, uint8_t out[SHA256_LEN])
{
	uint8_t md[SHA256_LEN];
	SHA256_CTX c = *(const SHA256_CTX *)h->inner;
	SHA256_Update(&c, msg, len);
	SHA256_Final(md, &c);
	c = *(const SHA256_CTX *)h->outer;
	SHA256_Update(&c, md, sizeof(md));
	SHA256_Final(out, &c);
}

void hmac_sha256_once(const void *secret, size_t secret_len, const void *msg, size_t len,
		      uint8_t out[SHA256_LEN])
{
	unsigned int n = 0;
	static const uint8_t none = 0; /* HMAC takes no NULL key */
	if (secret_len > INT_MAX || !HMAC(EVP_sha256(), secret_len ? secret : &none, (int)secret_len,
					  msg, len, out, &n) || n != SHA256_LEN)
		crypto_failed();
}
