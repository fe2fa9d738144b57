/* x25519.h - the X25519 Diffie-Hellman function (RFC 7748 §5, §6.1), for the
 * x25519 named group of DTLS 1.2 ECDHE (RFC 8422 §5.11).
 *
 * Ownership: all buffers belong to the caller; nothing is allocated or kept.
 * Aliasing: out / pub may overlap the inputs (the inputs are read completely
 * before anything is written).
 *
 * Constant time: a Montgomery ladder with masked conditional swaps, Fermat
 * inversion, field arithmetic on five 51-bit limbs (DTLS_X25519_SPEED 1) or
 * ten 25.5-bit limbs (0: every wide product through dtls__mul32x32, so
 * DTLS_CT_MUL16 covers Cortex-M3).  No branch or index depends on the
 * scalar, the point or the result; the all-zero check is computed without a
 * branch. */
#ifndef DTLS_X25519_H
#define DTLS_X25519_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_X25519

/* X25519 field limbs.  1, speed: five 51-bit limbs, products through the
 * prologue's 64x64->128 multiply (25 multiply instructions per field
 * multiplication).  0, size: ten 25.5-bit limbs, 32x32->64 products through
 * dtls__mul32x32 (100).  No tables either way; both constant time, same
 * results.  Its own option, not DTLS_P256_SPEED: that one also buys 5.8 KB of
 * comb tables, which a build may refuse while still wanting the faster
 * X25519.  Default, as DTLS_P256_SPEED's: 1 where the compiler has a
 * 64x64->128 multiply (DTLS__HAVE_U128) and DTLS_CT_MUL16 is 0, else 0. */
#ifndef DTLS_X25519_SPEED
#define DTLS_X25519_SPEED (DTLS__HAVE_U128 && !DTLS_CT_MUL16)
#endif
#if DTLS_X25519_SPEED && !DTLS__HAVE_U128
#error "DTLS_X25519_SPEED 1 needs a 64x64->128 multiply (unsigned __int128), which this compiler lacks: set DTLS_X25519_SPEED 0"
#endif
#if DTLS_X25519_SPEED && DTLS_CT_MUL16 /* its products are 64x64 multiply instructions */
#error "DTLS_X25519_SPEED 1 multiplies with 64x64 instructions, which DTLS_CT_MUL16 1 forbids: set DTLS_X25519_SPEED 0"
#endif

#define DTLS_X25519_LEN 32

/* out = X25519(scalar, point) (RFC 7748 §5): clamps a copy of the scalar and
 * ignores the top bit of the point; non-canonical points (u >= p) are reduced.
 * Returns 0, or DTLS_ERR_ZERO_SHARED when the result is all zeros (a
 * low-order point, RFC 7748 §6.1); out then holds those zeros. */
DTLS_API int dtls_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32]);

/* pub = X25519(priv, 9): the public key of a 32-byte random private key. */
DTLS_API void dtls_x25519_public(uint8_t pub[32], const uint8_t priv[32]);

#endif /* DTLS_ENABLE_X25519 */

DTLS__EXTERN_C_END

#endif /* DTLS_X25519_H */
