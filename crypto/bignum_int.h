/* bignum_int.h - internal multi-precision arithmetic for RSA (not public API).
 *
 * Numbers are little-endian arrays of 32-bit limbs (x[0] least significant)
 * with a limb count passed alongside; the count is always public, the values
 * may be secret.  Nothing allocates: callers own every array (stack arrays
 * sized with DTLS__BN_N_MAX / DTLS__BN_K_MAX from DTLS_RSA_MAX_BITS).
 *
 * Montgomery arithmetic modulo an odd m of k limbs with R = 2^(32k)
 * (HAC §14.36, "CIOS" of Koc-Acar-Kaliski 1996).  Every function is constant
 * time in the values of its operands (no branch, loop bound or index depends
 * on them; the final subtraction is done by mask) except the ones marked
 * "variable time", which only ever see public values (the modulus n, the
 * public exponent e).  Wide products go through dtls__mul32x32(). */
#ifndef DTLS_BIGNUM_INT_H
#define DTLS_BIGNUM_INT_H

#include "internal.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_RSA

/* Limbs of the largest modulus, and of the largest prime factor (at most
 * ceil(bits/2) bits: keys are balanced). */
#define DTLS__BN_N_MAX ((DTLS_RSA_MAX_BITS + 31) / 32)
#define DTLS__BN_K_MAX (((DTLS_RSA_MAX_BITS + 1) / 2 + 31) / 32)

/* Big-endian bytes in[0..len) -> x[0..k).  Returns the OR of the bytes that
 * did not fit (0 when the value fits); constant time in the byte values. */
DTLS__PRIV uint32_t dtls__bn_decode(uint32_t *x, size_t k, const uint8_t *in, size_t len);

/* x[0..k) -> big-endian out[0..len) (truncated or zero-padded on the left). */
DTLS__PRIV void dtls__bn_encode(uint8_t *out, size_t len, const uint32_t *x, size_t k);

/* -m0^-1 mod 2^32 for odd m0 (Newton iteration). */
DTLS__PRIV uint32_t dtls__bn_m0inv(uint32_t m0);

/* d = a * b / R mod m.  a < R, b < m; d < m.  d may alias a or b (not m).
 * a == b (same pointer, then a < m) takes a dedicated squaring path when
 * 2k+1 limbs fit its scratch (primes, and moduli up to DTLS_RSA_MAX_BITS/2). */
DTLS__PRIV void dtls__bn_montmul(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                 const uint32_t *m, size_t k, uint32_t m0i);

/* d = a / R mod m (leaves the Montgomery domain).  a < m.  d may alias a. */
DTLS__PRIV void dtls__bn_redc(uint32_t *d, const uint32_t *a, const uint32_t *m, size_t k,
                              uint32_t m0i);

/* r2 = R^2 mod m.  topbit: a public bit index with 2^topbit < m (0 when the
 * size of m is secret; nbits-1 for a public modulus saves time). */
DTLS__PRIV void dtls__bn_r2(uint32_t *r2, const uint32_t *m, size_t k, uint32_t m0i,
                            size_t topbit);

/* d = x * R mod m for any x of xk limbs (reduction by Montgomery steps,
 * Horner over k-limb chunks).  tmp: k limbs.  d must not alias x or tmp. */
DTLS__PRIV void dtls__bn_to_mont(uint32_t *d, const uint32_t *x, size_t xk, const uint32_t *m,
                                 size_t k, uint32_t m0i, const uint32_t *r2, uint32_t *tmp);

/* d = a + b mod m, d = a - b mod m (a, b < m).  d may alias a or b. */
DTLS__PRIV void dtls__bn_modadd(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                const uint32_t *m, size_t k);
DTLS__PRIV void dtls__bn_modsub(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                const uint32_t *m, size_t k);

/* d = a + b, d = a - b over k limbs; return the carry / borrow (0 or 1). */
DTLS__PRIV uint32_t dtls__bn_add(uint32_t *d, const uint32_t *a, const uint32_t *b, size_t k);
DTLS__PRIV uint32_t dtls__bn_sub(uint32_t *d, const uint32_t *a, const uint32_t *b, size_t k);

/* d[0..ak+bk) = a * b.  d must not alias a or b. */
DTLS__PRIV void dtls__bn_mul(uint32_t *d, const uint32_t *a, size_t ak, const uint32_t *b,
                             size_t bk);

/* 1 if a < b, else 0 (k limbs each). */
DTLS__PRIV uint32_t dtls__bn_lt(const uint32_t *a, const uint32_t *b, size_t k);

/* 1 if a == b, else 0 (k limbs each). */
DTLS__PRIV uint32_t dtls__bn_eq(const uint32_t *a, const uint32_t *b, size_t k);

/* d = x^-1 mod m for an odd m and x < m coprime to m (binary extended
 * Euclid with a fixed 64k iterations, every step by masks; a
 * non-invertible x gives a wrong d, never a crash).  tmp: 4k limbs.  d may
 * alias x. */
DTLS__PRIV void dtls__bn_modinv(uint32_t *d, const uint32_t *x, const uint32_t *m, size_t k,
                                uint32_t *tmp);

/* Constant-time modular exponentiation, fixed window: d = b^e (Montgomery
 * form in and out: b = x*R mod m gives d = x^e*R mod m).  e has ek limbs, all
 * 32*ek bits are processed.  tab: tab_limbs limbs of scratch (at least 2*k);
 * the window width (1..5) is the largest whose table of 2^w entries fits, and
 * every table lookup reads all entries.  k <= DTLS__BN_K_MAX.  d may alias b. */
DTLS__PRIV void dtls__bn_modexp_ct(uint32_t *d, const uint32_t *b, const uint32_t *e, size_t ek,
                                   const uint32_t *m, size_t k, uint32_t m0i,
                                   const uint32_t *r2, uint32_t *tab, size_t tab_limbs);

/* d = b^e with a public exponent e >= 1 (Montgomery form in and out).  The
 * sequence of operations depends on e only.  d must not alias b. */
DTLS__PRIV void dtls__bn_modexp_pub(uint32_t *d, const uint32_t *b, uint32_t e,
                                    const uint32_t *m, size_t k, uint32_t m0i);

#endif /* DTLS_ENABLE_RSA */

DTLS__EXTERN_C_END

#endif /* DTLS_BIGNUM_INT_H */
