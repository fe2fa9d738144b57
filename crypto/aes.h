/* aes.h - the AES block cipher, encryption direction only (FIPS 197 §5.1 Cipher,
 * §5.2 KeyExpansion), for AES-128, AES-192 and AES-256.
 *
 * Only encryption is provided: GCM (NIST SP 800-38D) and CCM (RFC 3610) use the
 * forward cipher in both directions.
 *
 * Implementation: bitsliced in 32-bit words, two blocks at a time (each 32-bit
 * word holds one bit of each of the 32 bytes of a block pair), with a
 * Boyar-Peralta style S-box circuit.  No table lookup and no branch depends on
 * the key or the data, so it is constant-time on every CPU, including cache-less
 * microcontrollers where it is also the fastest portable option.  The key
 * schedule is computed with the same circuit.
 *
 * Ownership: dtls_aes_ctx is a plain struct owned by the caller; it holds the
 * expanded key (secret: wipe it with dtls_wipe when done).  No pointer is kept
 * between calls.  A context may be copied, and may be used by several threads
 * at once (encryption does not modify it).
 *
 * Aliasing: dtls_aes_encrypt_blocks allows out == in exactly (no partial
 * overlap). */
#ifndef DTLS_AES_H
#define DTLS_AES_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_AES

#define DTLS_AES_BLOCK_LEN 16

/* Expanded key.  rk holds the round keys in a packed bitsliced form: 4 words
 * per round key (bit planes 2i and 2i+1 interleaved), nr+1 round keys. */
typedef struct dtls_aes_ctx {
    uint32_t rk[60];
    uint32_t nr; /* 10, 12 or 14 */
} dtls_aes_ctx;

/* Expands key (key_len 16, 24 or 32 bytes) into ctx.  0, or DTLS_ERR_BAD_KEY
 * for any other length (ctx is then zeroed). */
DTLS_API int dtls_aes_init(dtls_aes_ctx *ctx, const uint8_t *key, size_t key_len);

/* Encrypts nblocks 16-byte blocks independently (ECB).  out may equal in. */
DTLS_API void dtls_aes_encrypt_blocks(const dtls_aes_ctx *ctx, uint8_t *out, const uint8_t *in,
                                      size_t nblocks);

#endif /* DTLS_ENABLE_AES */

/* A block cipher as GCM and CCM see it: ECB-encrypts nblocks 16-byte blocks
 * from in to out (out may equal in), returning 0 or a negative error, which
 * GCM/CCM pass back to their caller.  ctx is the cipher's own context (a
 * dtls_aes_ctx for dtls_aes_ecb, or a hardware hook's state). */
typedef int (*dtls_ecb_fn)(void *ctx, uint8_t *out, const uint8_t *in, size_t nblocks);

#if DTLS_ENABLE_AES
/* dtls_ecb_fn over dtls_aes_encrypt_blocks; aes_ctx is a (const) dtls_aes_ctx *.
 * Always returns 0. */
DTLS_API int dtls_aes_ecb(void *aes_ctx, uint8_t *out, const uint8_t *in, size_t nblocks);
#endif

DTLS__EXTERN_C_END

#endif /* DTLS_AES_H */
