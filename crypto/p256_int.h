/* p256_int.h - the P-256 field GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1,
 * as p256.c uses it.  Not public API.  Two implementations, one per profile
 * (DTLS_P256_SPEED, config.h), each file wrapped in its #if:
 *   p256_fe32.c (size): 8 x 32-bit limbs, plain integers, Solinas reduction;
 *   p256_fe64.c (speed): 4 x 64-bit limbs in Montgomery form a R mod p,
 *   R = 2^256, products through dtls__u128.
 * Either way an element is always fully reduced (its limbs hold a value in
 * [0, p)), so each value has exactly one representation: equality of public
 * values is memcmp.  Everything here runs in time independent of the values
 * (from_bytes too, though it only ever sees public points).  Outputs may
 * alias inputs. */
#ifndef DTLS_P256_INT_H
#define DTLS_P256_INT_H

#include "internal.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_P256

#if DTLS_P256_SPEED
typedef uint64_t dtls__p256_fe[4];
#else
typedef uint32_t dtls__p256_fe[8];
#endif

/* r = a + b, r = a - b, r = a b, r = a^2 (mod p). */
DTLS__PRIV void dtls__p256_fe_add(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b);
DTLS__PRIV void dtls__p256_fe_sub(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b);
DTLS__PRIV void dtls__p256_fe_mul(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b);
DTLS__PRIV void dtls__p256_fe_sqr(dtls__p256_fe r, const dtls__p256_fe a);
/* r = 1. */
DTLS__PRIV void dtls__p256_fe_one(dtls__p256_fe r);
/* 1 if a == 0 else 0. */
DTLS__PRIV uint32_t dtls__p256_fe_is_zero(const dtls__p256_fe a);
/* r = mask ? a : r, mask all-ones or zero. */
DTLS__PRIV void dtls__p256_fe_cmov(dtls__p256_fe r, const dtls__p256_fe a, uint32_t mask);
/* r = the 32-byte big-endian integer in; returns 1 if it is < p, else 0
 * (then r is unspecified). */
DTLS__PRIV uint32_t dtls__p256_fe_from_bytes(dtls__p256_fe r, const uint8_t in[32]);
/* out = a as 32 big-endian bytes (the integer in [0, p)). */
DTLS__PRIV void dtls__p256_fe_to_bytes(uint8_t out[32], const dtls__p256_fe a);

#if DTLS_P256_SPEED
/* r = a / 2 (mod p). */
DTLS__PRIV void dtls__p256_fe_half(dtls__p256_fe r, const dtls__p256_fe a);
/* Scalars mod the group order n (p256_fe64.c), 8 x 32-bit limbs least
 * significant first as in ecc.c, every input < n, constant time:
 * s = (e + r d) / k mod n (ECDSA signing, k != 0) and u1 = e / s,
 * u2 = r / s mod n (verification, s != 0). */
DTLS__PRIV void dtls__p256_sc_sign(uint32_t s[8], const uint32_t k[8], const uint32_t e[8], const uint32_t r[8],
                                   const uint32_t d[8]);
DTLS__PRIV void dtls__p256_sc_verify(uint32_t u1[8], uint32_t u2[8], const uint32_t s[8], const uint32_t e[8],
                                     const uint32_t r[8]);
#endif

#endif /* DTLS_ENABLE_P256 */

DTLS__EXTERN_C_END

#endif /* DTLS_P256_INT_H */
