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

/* ChaCha20 blocks computed side by side: 1, 2, 4 or 8.  Above 1 the rounds
 * run on every block at once, written as plain loops over the blocks that the
 * compiler turns into vector instructions (4 blocks fill SSE2's 128-bit
 * registers; 8 suit 256-bit AVX2), and the key stream is made that many
 * blocks at a time.  1: one block at a time, the least flash and stack.
 * Default: 4 where the compiler has a 64x64->128 multiply (DTLS__HAVE_U128: a
 * 64-bit target, which has a vector unit), else 1. */
#ifndef DTLS_CHACHA20_BLOCKS
#if DTLS__HAVE_U128
#define DTLS_CHACHA20_BLOCKS 4
#else
#define DTLS_CHACHA20_BLOCKS 1
#endif
#endif
#if DTLS_CHACHA20_BLOCKS != 1 && DTLS_CHACHA20_BLOCKS != 2 && DTLS_CHACHA20_BLOCKS != 4 && \
    DTLS_CHACHA20_BLOCKS != 8
#error "DTLS_CHACHA20_BLOCKS must be 1, 2, 4 or 8"
#endif

/* Poly1305 limbs.  1: h in 64-bit limbs (2^64 radix, products through the
 * prologue's 64x64->128 multiply: 6 multiplies per 16-byte block).  0: five
 * 26-bit limbs, 32x32->64 products through dtls__mul32x32 (25 per block).
 * Both constant time, same results.  Default: 1 where DTLS__HAVE_U128 and
 * DTLS_CT_MUL16 is 0, else 0. */
#ifndef DTLS_POLY1305_LIMB64
#define DTLS_POLY1305_LIMB64 (DTLS__HAVE_U128 && !DTLS_CT_MUL16)
#endif
#if DTLS_POLY1305_LIMB64 && !DTLS__HAVE_U128
#error "DTLS_POLY1305_LIMB64 1 needs a 64x64->128 multiply (unsigned __int128), which this compiler lacks: set DTLS_POLY1305_LIMB64 0"
#endif
#if DTLS_POLY1305_LIMB64 && DTLS_CT_MUL16 /* its products are 64x64 multiply instructions */
#error "DTLS_POLY1305_LIMB64 1 multiplies with 64x64 instructions, which DTLS_CT_MUL16 1 forbids: set DTLS_POLY1305_LIMB64 0"
#endif

#define DTLS_CHACHA20_KEY_LEN 32
#define DTLS_CHACHA20_NONCE_LEN 12
#define DTLS_POLY1305_KEY_LEN 32
#define DTLS_POLY1305_TAG_LEN 16
#define DTLS_CHACHAPOLY_TAG_LEN 16

/* out = in XOR the ChaCha20 key stream for (key, nonce) starting at block
 * `counter` (RFC 8439 §2.4).  out may == in.  len == 0 accepts NULL pointers. */
DTLS_API void dtls_chacha20(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                            const uint8_t nonce[12], uint32_t counter);

/* Poly1305 state: h accumulator and clamped r, s = second key half.  With
 * DTLS_POLY1305_LIMB64 0, r and h are five 26-bit limbs; with 1, h is
 * h[0] | h[1] << 32 | ... | h[4] << 128 and r = r[0] | ... | r[3] << 96
 * (r[4] unused): one layout for both. */
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
