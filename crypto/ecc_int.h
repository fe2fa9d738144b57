/* ecc_int.h - internals shared by the elliptic-curve modules (p256.c, p384.c):
 * constant-time Montgomery arithmetic modulo an odd number of up to 384 bits
 * (the P-256 group order, the P-384 field and group order), big-endian
 * conversions and FIPS 186-4 bits2int.  Not public API.
 *
 * Numbers are arrays of 32-bit limbs, least significant first; len is the
 * limb count (8 or 12).  All functions here run in time that depends on len
 * only (and, for dtls__ecc_mont_pow, on the public exponent), never on the
 * values, and may be used on secrets.  Every wide product goes through
 * dtls__mul32x32.  Outputs may alias inputs unless said otherwise. */
#ifndef DTLS_ECC_INT_H
#define DTLS_ECC_INT_H

#include "internal.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_P256 || DTLS_ENABLE_P384

#define DTLS__ECC_MAX_LIMBS 12

/* Constant-time declassification point: where the library deliberately
 * branches on a value computed from a secret because the value itself is
 * public (a validity flag returned to the caller, a negligible-probability
 * retry).  Empty in normal builds; the valgrind harness tests/ct/ct_p256.c
 * defines it to VALGRIND_MAKE_MEM_DEFINED before including the sources.
 * Every use is listed in tests/ct/README.md. */
#if !defined(DTLS__ECC_DECLASSIFY)
#define DTLS__ECC_DECLASSIFY(p, n) ((void)0)
#endif

/* An odd modulus m < 2^(32 len) with its Montgomery constants:
 * r2 = 2^(64 len) mod m, n0 = -m^-1 mod 2^32. */
typedef struct dtls__ecc_mod {
    uint32_t m[DTLS__ECC_MAX_LIMBS];
    uint32_t r2[DTLS__ECC_MAX_LIMBS];
    uint32_t n0;
    unsigned len;
} dtls__ecc_mod;

/* r = a b 2^(-32 len) mod m, for a, b < m.  r may alias a or b. */
DTLS__PRIV void dtls__ecc_mont_mul(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                   const dtls__ecc_mod *md);
/* r = a 2^(32 len) mod m (into the Montgomery domain), a < m. */
DTLS__PRIV void dtls__ecc_to_mont(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md);
/* r = a 2^(-32 len) mod m (out of the Montgomery domain). */
DTLS__PRIV void dtls__ecc_from_mont(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md);
/* r = a + b mod m and r = a - b mod m, for a, b < m. */
DTLS__PRIV void dtls__ecc_mod_add(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                  const dtls__ecc_mod *md);
DTLS__PRIV void dtls__ecc_mod_sub(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                  const dtls__ecc_mod *md);
/* r = a^-1 (Montgomery domain in and out) by Fermat: a^(m-2), m prime.
 * Constant time in a (the exponent m - 2 is public); 0 maps to 0. */
DTLS__PRIV void dtls__ecc_mont_inv(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md);

/* Limb-wise helpers on len limbs. */
/* 1 if a < b else 0. */
DTLS__PRIV uint32_t dtls__ecc_lt(const uint32_t *a, const uint32_t *b, unsigned len);
/* 1 if a == 0 else 0. */
DTLS__PRIV uint32_t dtls__ecc_is_zero(const uint32_t *a, unsigned len);
/* r = a - b, returns the borrow (0 or 1). */
DTLS__PRIV uint32_t dtls__ecc_sub(uint32_t *r, const uint32_t *a, const uint32_t *b, unsigned len);
/* r = a - m if a >= m else a (one conditional subtraction, masked). */
DTLS__PRIV void dtls__ecc_reduce_once(uint32_t *r, const uint32_t *a, const uint32_t *m, unsigned len);
/* Big-endian 4 len bytes <-> limbs. */
DTLS__PRIV void dtls__ecc_from_be(uint32_t *r, const uint8_t *in, unsigned len);
DTLS__PRIV void dtls__ecc_to_be(uint8_t *out, const uint32_t *a, unsigned len);
/* FIPS 186-4 bits2int for a group order of exactly 32 len bits: the
 * leftmost 32 len bits of hash (zero-extended on the left when the hash is
 * shorter).  The result is < 2^(32 len), not yet reduced mod n. */
DTLS__PRIV void dtls__ecc_bits2int(uint32_t *r, const uint8_t *hash, size_t hash_len, unsigned len);

/* Width-5 NAF of k (len limbs, public: variable time): digits in
 * {0, +-1, +-3, ..., +-15}, least significant first, written to naf (room for
 * 32 len + 1 digits).  Returns the number of digits. */
DTLS__PRIV int dtls__ecc_wnaf(signed char *naf, const uint32_t *k, unsigned len);

#endif /* DTLS_ENABLE_P256 || DTLS_ENABLE_P384 */

DTLS__EXTERN_C_END

#endif /* DTLS_ECC_INT_H */
