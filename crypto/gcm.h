/* gcm.h - AES-GCM authenticated encryption (NIST SP 800-38D; RFC 5288 for
 * its use in (D)TLS 1.2), restricted to what DTLS uses: 96-bit nonces
 * (SP 800-38D §7.1, J0 = IV || 0^31 || 1) and full 16-byte tags.
 *
 * GHASH is constant-time: the GF(2^128) multiply is built from integer
 * multiplies of operands with zero "holes" (every 4th bit kept), so no table
 * is indexed by the hash key or the data; every wide product goes through
 * dtls__mul32x32 (DTLS_CT_MUL16 is honoured).
 *
 * The generic functions take a block cipher as a dtls_ecb_fn (aes.h) and its
 * context, so a hardware AES can be used: ecb is called with up to 4 blocks
 * at once, and a non-zero return from it is returned (after wiping the
 * internal state and zeroing out).  dtls_aes_gcm_* take the raw key, expand
 * it on the stack and wipe it.
 *
 * Ownership and aliasing: nothing is kept between calls.  seal writes in_len
 * bytes of ciphertext and then the 16-byte tag to out (in_len + 16 bytes).
 * open reads ciphertext || tag from in (in_len includes the tag) and writes
 * in_len - 16 bytes of plaintext; on a tag mismatch it returns DTLS_ERR_AUTH
 * and zeroes those bytes (the tag is checked in constant time).  out == in is
 * allowed for both (records are processed in place); no other overlap.
 * aad and in may be NULL when their length is 0.
 *
 * Errors: DTLS_ERR_UNSUPPORTED for nonce_len != 12, DTLS_ERR_AUTH for
 * open with in_len < 16 or a wrong tag, DTLS_ERR_TOO_LONG beyond the
 * SP 800-38D limits (2^36 - 32 bytes of text, 2^61 - 1 bytes of AAD),
 * DTLS_ERR_BAD_KEY (raw-key functions) for a key length other than 16/24/32,
 * DTLS_ERR_DISABLED from the raw-key functions when DTLS_ENABLE_AES is 0. */
#ifndef DTLS_GCM_H
#define DTLS_GCM_H

#include "prologue.h"
#include "config.h"
#include "algs.h"
#include "aes.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_GCM

#define DTLS_GCM_NONCE_LEN 12
#define DTLS_GCM_TAG_LEN 16

DTLS_API int dtls_gcm_seal(dtls_ecb_fn ecb, void *ecb_ctx, uint8_t *out, const uint8_t *nonce,
                           size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                           size_t in_len);
DTLS_API int dtls_gcm_open(dtls_ecb_fn ecb, void *ecb_ctx, uint8_t *out, const uint8_t *nonce,
                           size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                           size_t in_len);

DTLS_API int dtls_aes_gcm_seal(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len);
DTLS_API int dtls_aes_gcm_open(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len);

#endif /* DTLS_ENABLE_GCM */

DTLS__EXTERN_C_END

#endif /* DTLS_GCM_H */
