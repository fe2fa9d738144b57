/* chachapoly.h - ChaCha20 (RFC 8439 §2.1-2.4), Poly1305 (RFC 8439 §2.5) and the
 * ChaCha20-Poly1305 AEAD (RFC 8439 §2.6-2.8), as used by the TLS/DTLS cipher
 * suites of RFC 7905.
 *
 * Ownership: every buffer and context belongs to the caller; nothing is
 * allocated and no pointer is kept after a call returns.  The Poly1305 context
 * is a plain struct (stack is fine); copying it forks the MAC.
 *
 * Aliasing: dtls_chacha20 and the AEAD functions accept out == in exactly
 * (in-place encryption/decryption of a record); any other overlap is not
 * allowed.  Key, nonce and AAD may not overlap out.
 *
 * Constant time: no branch or memory index depends on the key, the data or
 * the tag.  dtls_chacha20poly1305_open computes the result code without a
 * branch; only the caller's test of the result is a (public) declassification.
 *
 * Limits: dtls_chacha20 has a 32-bit block counter that wraps modulo 2^32
 * (callers stay below 2^32 blocks per nonce).  The AEAD refuses messages
 * longer than 2^38 - 64 bytes (RFC 8439 §2.8) with DTLS_ERR_TOO_LONG. */
#ifndef DTLS_CHACHAPOLY_H
#define DTLS_CHACHAPOLY_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_CHACHAPOLY

#define DTLS_CHACHA20_KEY_LEN 32
#define DTLS_CHACHA20_NONCE_LEN 12
#define DTLS_POLY1305_KEY_LEN 32
#define DTLS_POLY1305_TAG_LEN 16
#define DTLS_CHACHAPOLY_TAG_LEN 16

/* out = in XOR the ChaCha20 key stream for (key, nonce) starting at block
 * `counter` (RFC 8439 §2.4).  out may == in.  len == 0 accepts NULL pointers. */
DTLS_API void dtls_chacha20(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                            const uint8_t nonce[12], uint32_t counter);

/* Poly1305 state: h accumulator and r in 26-bit limbs, s = second key half. */
typedef struct dtls_poly1305_ctx {
    uint32_t r[5];
    uint32_t h[5];
    uint32_t s[4];
    uint8_t buf[16]; /* partial block */
    size_t buf_len;  /* bytes in buf (0..15) */
} dtls_poly1305_ctx;

/* key = r || s (32 bytes, one-time key).  r is clamped here. */
DTLS_API void dtls_poly1305_init(dtls_poly1305_ctx *ctx, const uint8_t key[32]);
/* len == 0 accepts msg == NULL. */
DTLS_API void dtls_poly1305_update(dtls_poly1305_ctx *ctx, const uint8_t *msg, size_t len);
/* Writes the 16-byte tag, then wipes ctx. */
DTLS_API void dtls_poly1305_final(dtls_poly1305_ctx *ctx, uint8_t tag[16]);

/* AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8).  nonce_len must be 12, else
 * DTLS_ERR_UNSUPPORTED.  seal: out = ciphertext (in_len bytes) || tag (16);
 * out needs in_len + 16 bytes.  Returns 0. */
DTLS_API int dtls_chacha20poly1305_seal(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len);
/* open: in = ciphertext || tag, in_len includes the 16-byte tag; out receives
 * in_len - 16 bytes of plaintext.  Returns 0, or DTLS_ERR_AUTH with those
 * in_len - 16 bytes of out zeroed when the tag does not match (in_len < 16 is
 * DTLS_ERR_AUTH and writes nothing).  out == in allowed. */
DTLS_API int dtls_chacha20poly1305_open(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len);

#endif /* DTLS_ENABLE_CHACHAPOLY */

DTLS__EXTERN_C_END

#endif /* DTLS_CHACHAPOLY_H */
