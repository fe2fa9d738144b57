/* rsa.h - RSA signatures: RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8.1,
 * §8.2, §9.1, §9.2), verification and signing, SHA-256 or SHA-384.
 *
 * Keys are caller-owned big-endian byte strings (leading zero bytes allowed);
 * the library reads them only during the call and keeps no pointer.  k below
 * is the modulus length in bytes not counting leading zero bytes of key->n;
 * signatures are exactly k bytes.  Nothing is allocated: the numbers live on
 * the stack in arrays sized by DTLS_RSA_MAX_BITS: peak stack (x86-64 -O2,
 * measured) 5.9 KB for signing and 3.5 KB for verification at the default
 * DTLS_RSA_MAX_BITS=4096 (any key size), 3.4 KB / 1.9 KB at 2048.
 *
 * Accepted keys: modulus of 2048..DTLS_RSA_MAX_BITS bits, odd; public
 * exponent odd, >= 3 and < 2^32.  Anything else is DTLS_ERR_BAD_KEY.
 * Private keys (signing) are in CRT form and must be balanced: p and q of at
 * most ceil(bits/2) bits rounded up to a multiple of 32 (every key made by
 * common tools); p, q, dp, dq and qinv = q^-1 mod p are used, n and e are
 * needed too (blinding and the final check).
 *
 * Signing is constant time in the private key and the random values:
 * Montgomery arithmetic with masked reductions, fixed-window exponentiation
 * reading every table entry, base blinding (m * r^e with a fresh random r,
 * unblinded per prime with r^-1 mod p from a constant-time binary extended
 * Euclid with a fixed iteration count), CRT with Garner's
 * recombination, and a final check s^e == m mod n before the signature is
 * released (a fault or an inconsistent key gives DTLS_ERR_FAULT and a zeroed
 * output).  Verification is variable time (everything it sees is public).
 *
 * PKCS#1 v1.5 verification recomputes the whole expected encoding EM' =
 * 00 01 FF..FF 00 DigestInfo(hash) and compares: only the DER DigestInfo with
 * the explicit NULL parameters is accepted (the form without NULL, which
 * RFC 8017 §9.2 note 2 allows to be accepted, is rejected: no legacy signer
 * produces it for SHA-256/384).  PSS uses MGF1 with the same hash as the
 * message, trailer 0xBC, and an exact salt length.
 *
 * Error codes: DTLS_ERR_BAD_ARG (NULL pointer, hash_len not that of
 * hash_alg, salt too long for the key), DTLS_ERR_UNSUPPORTED (hash_alg),
 * DTLS_ERR_BAD_KEY, DTLS_ERR_BAD_SIGNATURE, DTLS_ERR_BUFFER_TOO_SMALL,
 * DTLS_ERR_RANDOM (rng failed), DTLS_ERR_FAULT. */
#ifndef DTLS_RSA_H
#define DTLS_RSA_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_RSA

typedef struct dtls_rsa_public_key {
    const uint8_t *n;
    size_t n_len;
    const uint8_t *e;
    size_t e_len;
} dtls_rsa_public_key;

typedef struct dtls_rsa_private_key {
    const uint8_t *n;
    size_t n_len;
    const uint8_t *e;
    size_t e_len;
    const uint8_t *p;
    size_t p_len;
    const uint8_t *q;
    size_t q_len;
    const uint8_t *dp;
    size_t dp_len;
    const uint8_t *dq;
    size_t dq_len;
    const uint8_t *qinv;
    size_t qinv_len;
} dtls_rsa_private_key;

/* hash_alg: DTLS_HASH_SHA256 or DTLS_HASH_SHA384 (algs.h); hash_len must be
 * its digest length.  0 when valid, DTLS_ERR_BAD_SIGNATURE (also for a
 * signature of the wrong length or >= n), DTLS_ERR_BAD_KEY,
 * DTLS_ERR_UNSUPPORTED, DTLS_ERR_BAD_ARG. */
DTLS_API int dtls_rsa_pkcs1_verify(const dtls_rsa_public_key *key, int hash_alg,
                                   const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                   size_t sig_len);

/* MGF1 with the same hash; salt_len must match exactly. */
DTLS_API int dtls_rsa_pss_verify(const dtls_rsa_public_key *key, int hash_alg, size_t salt_len,
                                 const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                 size_t sig_len);

/* Signing: writes k bytes to sig (sig_cap >= k) and returns k.  rng is
 * mandatory (blinding; PSS salt).  sig must not overlap the key or hash.  On
 * any error sig[0..sig_cap) is zeroed.  salt_len: 0..k-hash_len-2 (RFC 8017
 * §9.1.1 step 3; DTLS_ERR_BAD_ARG beyond). */
DTLS_API int dtls_rsa_pkcs1_sign(uint8_t *sig, size_t sig_cap, const dtls_rsa_private_key *key,
                                 int hash_alg, const uint8_t *hash, size_t hash_len,
                                 dtls_random_fn rng, void *rng_ctx);

DTLS_API int dtls_rsa_pss_sign(uint8_t *sig, size_t sig_cap, const dtls_rsa_private_key *key,
                               int hash_alg, size_t salt_len, const uint8_t *hash,
                               size_t hash_len, dtls_random_fn rng, void *rng_ctx);

#endif /* DTLS_ENABLE_RSA */

DTLS__EXTERN_C_END

#endif /* DTLS_RSA_H */
