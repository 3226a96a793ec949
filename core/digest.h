/* digest.h: SHA-256 of files and bytes (the manifests) and HMAC-SHA-256 (the pseudonyms), on libcrypto. */
#ifndef TILLID_DIGEST_H
#define TILLID_DIGEST_H

#include "util.h"

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 64

/* SHA-256 (FIPS 180-4) of the file at path as lower-case hex in hex (NUL
 * terminated), and its size in *bytes. Returns TILLID_OK, or TILLID_ESYS
 * with "cannot open/read 'path': reason" in err. */
int sha256_file(const char *path, char hex[SHA256_HEX_LEN + 1], uint64_t *bytes, struct strbuf *err);

/* SHA-256 of data[0..len): the digest itself, or as lower-case hex. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

/* HMAC (RFC 2104) with SHA-256, the secret prepared once for many messages:
 * the inner and outer states after (K ^ ipad) and (K ^ opad) are kept, so
 * each message costs two short digests. A failure inside libcrypto is a
 * broken installation and aborts. */
struct hmac_sha256 {
	void *inner; /* EVP_MD_CTX after (K ^ ipad) */
	void *outer; /* EVP_MD_CTX after (K ^ opad) */
	void *work;
};
void hmac_sha256_init(struct hmac_sha256 *h, const void *secret, size_t secret_len);
void hmac_sha256_release(struct hmac_sha256 *h);
void hmac_sha256(struct hmac_sha256 *h, const void *msg, size_t len, uint8_t out[SHA256_LEN]);

#endif
