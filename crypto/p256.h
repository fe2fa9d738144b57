/* p256.h - NIST P-256 (secp256r1): ECDH (SEC 1 §3.3.1, RFC 8422 §5.10), key
 * generation (FIPS 186-4 B.4.2 style rejection sampling), ECDSA signing with
 * RFC 6979 deterministic nonces (optionally hedged, RFC 6979 §3.6 additional
 * data) and ECDSA verification (FIPS 186-4 §6.4), plus the strict DER form of
 * ECDSA signatures (X.690 DER, RFC 3279 §2.2.3) shared with P-384.
 *
 * Encodings: private keys and scalars are 32-byte big-endian; public keys are
 * uncompressed 65-byte points 0x04 || X || Y (SEC 1 §2.3.3); signatures are
 * raw r || s (2 x 32 bytes, big-endian).  Hashes of any length are accepted:
 * bits2int takes the leftmost 256 bits (FIPS 186-4 §6.4).
 *
 * Ownership: every buffer belongs to the caller and is only used during the
 * call; nothing is kept.  Outputs must not overlap inputs.  rng (algs.h) is
 * called with rng_ctx; it returns 0 or a negative error.
 *
 * Constant time: everything that touches a private key or a nonce (keygen,
 * public-key derivation, ECDH, signing) runs in time independent of the
 * secret values; verification works on public data only and is variable-time.
 * Secret temporaries are wiped before return. */
#ifndef DTLS_P256_H
#define DTLS_P256_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_P256

/* New key pair: priv uniform in [1, n-1] by rejection sampling of 32-byte rng
 * outputs, pub = priv G.  DTLS_ERR_RANDOM if rng fails (or keeps returning
 * out-of-range values, which a working source never does). */
DTLS_API int dtls_p256_keygen(uint8_t priv[32], uint8_t pub[65], dtls_random_fn rng, void *rng_ctx);

/* pub = priv G.  DTLS_ERR_BAD_KEY if priv is not in [1, n-1]. */
DTLS_API int dtls_p256_public(uint8_t pub[65], const uint8_t priv[32]);

/* 0 if pub is a valid uncompressed point on the curve (65 bytes, prefix 0x04,
 * coordinates < p, satisfying the curve equation; the point at infinity has
 * no such encoding), else DTLS_ERR_BAD_KEY. */
DTLS_API int dtls_p256_check_public(const uint8_t *pub, size_t pub_len);

/* secret = x-coordinate of priv * peer_pub.  DTLS_ERR_BAD_KEY for an invalid
 * peer point (see dtls_p256_check_public), a private key not in [1, n-1], or a
 * result at infinity (then secret is zeroed). */
DTLS_API int dtls_p256_ecdh(uint8_t secret[32], const uint8_t priv[32], const uint8_t *peer_pub,
                            size_t peer_len);

/* ECDSA signature r || s of hash under priv.  rng NULL: RFC 6979 deterministic
 * nonce (HMAC-SHA-256 DRBG seeded with priv || bits2octets(hash)).  rng set:
 * hedged, 32 random bytes are appended to that seed (RFC 6979 §3.6), so a
 * fault or a weak rng never repeats a nonce for different messages.
 * DTLS_ERR_BAD_KEY if priv is not in [1, n-1]; DTLS_ERR_RANDOM if rng fails. */
DTLS_API int dtls_p256_ecdsa_sign(uint8_t sig[64], const uint8_t priv[32], const uint8_t *hash,
                                  size_t hash_len, dtls_random_fn rng, void *rng_ctx);

/* 0 if sig (r || s, each in [1, n-1]) is valid for hash under pub;
 * DTLS_ERR_BAD_SIGNATURE if not; DTLS_ERR_BAD_KEY for an invalid public key. */
DTLS_API int dtls_p256_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                                    size_t hash_len, const uint8_t sig[64]);

#endif /* DTLS_ENABLE_P256 */

#if DTLS_ENABLE_P256 || DTLS_ENABLE_P384

/* Strict DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s } with minimal
 * definite lengths, no superfluous leading zero, no negative integer, no
 * trailing bytes.  coord_len is 32 (P-256) or 48 (P-384), else DTLS_ERR_BAD_ARG.
 *
 * from_der writes r || s (2 coord_len bytes, left-padded) to rs; it returns 0
 * or DTLS_ERR_ENCODING for a malformed encoding or an integer longer than
 * coord_len bytes (rs is then zeroed).  The range [1, n-1] is checked by
 * verification, not here.  to_der returns the DER length (at most
 * 2 coord_len + 8 bytes) or DTLS_ERR_BUFFER_TOO_SMALL. */
DTLS_API int dtls_ecdsa_sig_from_der(uint8_t *rs, size_t coord_len, const uint8_t *der, size_t der_len);
DTLS_API int dtls_ecdsa_sig_to_der(uint8_t *der, size_t der_cap, const uint8_t *rs, size_t coord_len);

#endif

DTLS__EXTERN_C_END

#endif /* DTLS_P256_H */
