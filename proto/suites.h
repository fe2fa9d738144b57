/* suites.h - the cipher suites of the protocol core: IANA number and name, key
 * exchange, record AEAD, PRF hash and the record-layer lengths.
 *
 * Sources (numbers checked against the IANA TLS Cipher Suites registry):
 *   RFC 5487 §3.1  TLS_PSK_WITH_AES_128_GCM_SHA256 (0x00A8), ..._256_GCM_SHA384 (0x00A9)
 *   RFC 6655 §2, §4, §6  TLS_PSK_WITH_AES_128_CCM (0xC0A4), ..._CCM_8 (0xC0A8); the CCM
 *                  suites use the SHA-256 PRF
 *   RFC 7251 §2    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (0xC0AE)
 *   RFC 5289 §3.2  TLS_ECDHE_ECDSA/RSA_WITH_AES_128_GCM_SHA256 (0xC02B / 0xC02F),
 *                  ..._AES_256_GCM_SHA384 (0xC02C / 0xC030)
 *   RFC 7905 §2    ChaCha20-Poly1305: 0xCCA8 (ECDHE_RSA), 0xCCA9 (ECDHE_ECDSA),
 *                  0xCCAB (PSK), 0xCCAC (ECDHE_PSK, key exchange of RFC 5489)
 *   RFC 5288 §3 / RFC 6655 §3: AES-GCM/CCM records carry an 8-byte explicit nonce after
 *   a 4-byte implicit (fixed) IV; RFC 7905 §2: ChaCha20-Poly1305 has a 12-byte fixed IV
 *   and no explicit nonce.
 *
 * Ownership: the table is static const (read-only, never indexed by a secret); the
 * pointers returned stay valid for the life of the program and must not be written.
 * An entry whose AEAD (DTLS_ENABLE_GCM / _CCM / _CHACHAPOLY) or PRF hash
 * (DTLS_ENABLE_SHA384) is compiled out is not in the table. */
#ifndef DTLS_PROTO_SUITES_H
#define DTLS_PROTO_SUITES_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/algs.h"

DTLS__EXTERN_C_BEGIN

enum dtls__kex { DTLS__KEX_PSK = 1, DTLS__KEX_ECDHE_PSK = 2, DTLS__KEX_ECDHE_ECDSA = 3, DTLS__KEX_ECDHE_RSA = 4 };

typedef struct dtls__suite {
    uint16_t id;                 /* IANA CipherSuite value */
    uint8_t kex;                 /* enum dtls__kex */
    uint8_t aead_alg;            /* enum dtls_aead_alg */
    uint8_t prf_hash;            /* enum dtls_hash_alg: the PRF, Finished and transcript hash */
    uint8_t key_len;             /* write key: 16 or 32 */
    uint8_t fixed_iv_len;        /* implicit IV from the key block: 4 (GCM/CCM) or 12 (ChaCha20) */
    uint8_t explicit_nonce_len;  /* nonce bytes sent in each record: 8 (GCM/CCM) or 0 */
    uint8_t tag_len;             /* 16, or 8 for CCM_8 */
    const char *name;            /* IANA name, e.g. "TLS_PSK_WITH_AES_128_CCM_8" */
} dtls__suite;

/* The entry for id; NULL if unknown or its AEAD / PRF hash is compiled out. */
DTLS__PRIV const dtls__suite *dtls__suite_find(uint16_t id);
/* The entry with exactly this IANA name (case-sensitive); NULL otherwise (also for NULL). */
DTLS__PRIV const dtls__suite *dtls__suite_by_name(const char *name);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_SUITES_H */
