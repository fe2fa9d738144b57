/* p384.h - NIST P-384 (secp384r1) ECDSA signature verification (FIPS 186-4
 * §6.4, curve of D.1.2.4), for certificate chains signed by P-384 CAs.
 * Signing and ECDH on P-384 are not provided.
 *
 * Encodings: public keys are uncompressed 97-byte points 0x04 || X || Y
 * (SEC 1 §2.3.3); signatures are raw r || s (2 x 48 bytes, big-endian; the
 * DER form is converted by dtls_ecdsa_sig_from_der in p256.h with
 * coord_len 48).  Hashes of any length: bits2int takes the leftmost 384 bits.
 *
 * Ownership: all buffers belong to the caller and are only read during the
 * call.  Verification works on public data and is variable-time. */
#ifndef DTLS_P384_H
#define DTLS_P384_H

#include "prologue.h"
#include "config.h"
#include "algs.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_P384

/* 0 if pub is a valid uncompressed point (97 bytes, prefix 0x04, coordinates
 * < p, on the curve), else DTLS_ERR_BAD_KEY. */
DTLS_API int dtls_p384_check_public(const uint8_t *pub, size_t pub_len);

/* 0 if sig (r || s, each in [1, n-1]) is valid for hash under pub;
 * DTLS_ERR_BAD_SIGNATURE if not; DTLS_ERR_BAD_KEY for an invalid public key. */
DTLS_API int dtls_p384_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                                    size_t hash_len, const uint8_t sig[96]);

#endif /* DTLS_ENABLE_P384 */

DTLS__EXTERN_C_END

#endif /* DTLS_P384_H */
