/* sha2.h - SHA-256, SHA-384 and SHA-512 (FIPS 180-4 §4.2.2-4.2.3, §5.3.3-5.3.5,
 * §6.2 and §6.4).
 *
 * Ownership: contexts are plain structs owned by the caller (stack is fine);
 * nothing is allocated and no pointer is kept between calls.  Copying a
 * context forks the hash (the handshake transcript does that).  Input and
 * output may overlap (the output is written only after all input is consumed).
 *
 * dtls_*_final writes the digest and then wipes the context; init it again to
 * reuse it.  update with len == 0 accepts data == NULL.
 *
 * Limits: the message length is counted in bytes in a uint64_t, i.e. up to
 * 2^64 - 1 bytes (far beyond anything DTLS hashes).
 *
 * SHA-384 and SHA-512 share one core (dtls_sha512_ctx) and are compiled only
 * when DTLS_ENABLE_SHA384 is 1. */
#ifndef DTLS_SHA2_H
#define DTLS_SHA2_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#define DTLS_SHA256_LEN 32
#define DTLS_SHA384_LEN 48
#define DTLS_SHA512_LEN 64

#define DTLS_SHA256_BLOCK_LEN 64
#define DTLS_SHA512_BLOCK_LEN 128 /* also SHA-384 */

/* SHA-256 rounds.  1: the 64 rounds written out (the working variables
 * rotate by renaming, the round constants are immediates): 2,850
 * instructions per block on x86-64 with gcc -O2 against 4,170, for 8.5 KB
 * more code there (6.0 KB on Cortex-M4 -Os).  0: one round in a loop, the
 * least flash.  Same results, both constant time.  Default: 1 where the
 * compiler has a 64x64->128 multiply (DTLS__HAVE_U128: a 64-bit target,
 * where flash is not counted in kilobytes), else 0. */
#ifndef DTLS_SHA256_UNROLL
#define DTLS_SHA256_UNROLL DTLS__HAVE_U128
#endif

/* 104 bytes. */
typedef struct dtls_sha256_ctx {
    uint32_t state[8];
    uint64_t count; /* bytes hashed so far */
    uint8_t buf[64]; /* partial block: count % 64 bytes */
} dtls_sha256_ctx;

DTLS_API void dtls_sha256_init(dtls_sha256_ctx *ctx);
DTLS_API void dtls_sha256_update(dtls_sha256_ctx *ctx, const void *data, size_t len);
/* Writes the 32-byte digest, then wipes ctx. */
DTLS_API void dtls_sha256_final(dtls_sha256_ctx *ctx, uint8_t out[32]);
/* One-shot SHA-256 of data[0..len). */
DTLS_API void dtls_sha256(uint8_t out[32], const void *data, size_t len);

#if DTLS_ENABLE_SHA384

/* 200 bytes.  Used for SHA-384 and SHA-512 (the init function picks which;
 * finish with the matching final). */
typedef struct dtls_sha512_ctx {
    uint64_t state[8];
    uint64_t count; /* bytes hashed so far */
    uint8_t buf[128]; /* partial block: count % 128 bytes */
} dtls_sha512_ctx;

DTLS_API void dtls_sha384_init(dtls_sha512_ctx *ctx);
DTLS_API void dtls_sha384_update(dtls_sha512_ctx *ctx, const void *data, size_t len);
/* Writes the 48-byte digest, then wipes ctx. */
DTLS_API void dtls_sha384_final(dtls_sha512_ctx *ctx, uint8_t out[48]);
DTLS_API void dtls_sha384(uint8_t out[48], const void *data, size_t len);

DTLS_API void dtls_sha512_init(dtls_sha512_ctx *ctx);
DTLS_API void dtls_sha512_update(dtls_sha512_ctx *ctx, const void *data, size_t len);
/* Writes the 64-byte digest, then wipes ctx. */
DTLS_API void dtls_sha512_final(dtls_sha512_ctx *ctx, uint8_t out[64]);
DTLS_API void dtls_sha512(uint8_t out[64], const void *data, size_t len);

#endif /* DTLS_ENABLE_SHA384 */

DTLS__EXTERN_C_END

#endif /* DTLS_SHA2_H */
