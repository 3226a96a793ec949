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
/* The same for a file that must hold at most max bytes: past them (a
 * larger regular file before it is read, a device or pipe that never ends
 * once max + 1 bytes have come) TILLID_ESYS with the message of
 * sb_add_too_large (what and fix as there). */
int sha256_file_max(const char *path, uint64_t max, const char *what, const char *fix,
		    char hex[SHA256_HEX_LEN + 1], uint64_t *bytes, struct strbuf *err);

/* SHA-256 of data[0..len): the digest itself, or as lower-case hex. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

/* SHA-256 fed piece by piece, for a file checked while it is read or
 * written. sha256_peek gives the digest of what was fed so far and lets
 * more follow; sha256_end gives the digest and frees the state. A failure
 * inside libcrypto is a broken installation and aborts. */
struct sha256_ctx {
	void *md; /* EVP_MD_CTX */
};
void sha256_begin(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_peek(const struct sha256_ctx *c, uint8_t out[SHA256_LEN]);
void sha256_end(struct sha256_ctx *c, uint8_t out[SHA256_LEN]);
/* Free the state without a digest (an error path); c may be ended already. */
void sha256_abandon(struct sha256_ctx *c);
/* The 64 lower-case hex digits of a digest, NUL terminated. */
void sha256_to_hex(const uint8_t md[SHA256_LEN], char hex[SHA256_HEX_LEN + 1]);

/* HMAC (RFC 2104) with SHA-256, the secret prepared once for many messages:
 * the inner and outer SHA-256 states after (K ^ ipad) and (K ^ opad) are
 * kept, and each message is finished from copies of them (two short
 * digests, no allocation). hmac_sha256_release wipes and frees the states.
 * Out of memory aborts. */
struct hmac_sha256 {
	void *inner; /* SHA256_CTX after (K ^ ipad) */
	void *outer; /* SHA256_CTX after (K ^ opad) */
};
void hmac_sha256_init(struct hmac_sha256 *h, const void *secret, size_t secret_len);
void hmac_sha256_release(struct hmac_sha256 *h);
void hmac_sha256(const struct hmac_sha256 *h, const void *msg, size_t len, uint8_t out[SHA256_LEN]);

/* HMAC-SHA-256 of one message through libcrypto's generic HMAC (EVP), for
 * a secret used once. A failure inside libcrypto is a broken installation
 * and aborts. */
void hmac_sha256_once(const void *secret, size_t secret_len, const void *msg, size_t len,
		      uint8_t out[SHA256_LEN]);

#endif
