/* ccm.h - AES-CCM authenticated encryption (RFC 3610; NIST SP 800-38C), as
 * used by the (D)TLS 1.2 AES_128_CCM and AES_128_CCM_8 cipher suites
 * (RFC 6655, RFC 7251).
 *
 * Parameters (RFC 3610 §2): tag_len M = 4, 6, 8, 10, 12, 14 or 16 bytes
 * (CCM_8 is M = 8; DTLS CCM is M = 16), nonce_len 7..13 bytes (the length
 * field then has L = 15 - nonce_len bytes; DTLS uses 12-byte nonces, L = 3).
 * Other sizes return DTLS_ERR_UNSUPPORTED.  A message too long for L bytes
 * returns DTLS_ERR_TOO_LONG.
 *
 * The generic functions run over any block cipher given as a dtls_ecb_fn
 * (aes.h): each call carries the CBC-MAC block and the CTR block of one step
 * together (so a bitsliced or hardware AES works at full width); a non-zero
 * return from ecb is returned (internal state wiped, out zeroed).
 * dtls_aes_ccm_* take the raw key, expand it on the stack and wipe it.
 *
 * Ownership and aliasing: nothing is kept between calls.  seal writes in_len
 * bytes of ciphertext followed by the tag_len-byte tag (in_len + tag_len
 * bytes).  open reads ciphertext || tag (in_len includes the tag) and writes
 * in_len - tag_len bytes; on a mismatch (compared in constant time) it
 * returns DTLS_ERR_AUTH and zeroes them; in_len < tag_len is DTLS_ERR_AUTH.
 * out == in is allowed; no other overlap.  aad and in may be NULL when their
 * length is 0. */
#ifndef DTLS_CCM_H
#define DTLS_CCM_H

#include "prologue.h"
#include "config.h"
#include "algs.h"
#include "aes.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_CCM

DTLS_API int dtls_ccm_seal(dtls_ecb_fn ecb, void *ecb_ctx, size_t tag_len, uint8_t *out,
                           const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                           const uint8_t *in, size_t in_len);
DTLS_API int dtls_ccm_open(dtls_ecb_fn ecb, void *ecb_ctx, size_t tag_len, uint8_t *out,
                           const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                           const uint8_t *in, size_t in_len);

DTLS_API int dtls_aes_ccm_seal(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len,
                               const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t in_len);
DTLS_API int dtls_aes_ccm_open(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len,
                               const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t in_len);

#endif /* DTLS_ENABLE_CCM */

DTLS__EXTERN_C_END

#endif /* DTLS_CCM_H */
