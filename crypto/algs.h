/* algs.h - algorithm identifiers shared by the crypto core and the protocol.
 * Numbers are the IANA / TLS registry values where one exists. */
#ifndef DTLS_ALGS_H
#define DTLS_ALGS_H

#include "prologue.h"

/* Hash algorithms (TLS HashAlgorithm, RFC 5246 §7.4.1.4.1). */
enum dtls_hash_alg { DTLS_HASH_SHA256 = 4, DTLS_HASH_SHA384 = 5 };

/* AEAD algorithms of the record layer. */
enum dtls_aead_alg {
    DTLS_AEAD_AES_128_GCM = 1,
    DTLS_AEAD_AES_256_GCM = 2,
    DTLS_AEAD_AES_128_CCM = 3,   /* 16-byte tag (RFC 6655) */
    DTLS_AEAD_AES_128_CCM_8 = 4, /* 8-byte tag (RFC 6655) */
    DTLS_AEAD_CHACHA20_POLY1305 = 5
};

/* Named groups (TLS NamedGroup, RFC 8422 §5.1.1 / RFC 7748). */
enum dtls_group { DTLS_GROUP_SECP256R1 = 23, DTLS_GROUP_SECP384R1 = 24, DTLS_GROUP_X25519 = 29 };

/* Random source: fills out with len unpredictable bytes; 0 or a negative error. */
typedef int (*dtls_random_fn)(void *ctx, uint8_t *out, size_t len);

#endif /* DTLS_ALGS_H */
