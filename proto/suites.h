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
 * Also here: the defaults of dtls_config (suites, groups) and the signature schemes
 * (RFC 5246 7.4.1.4.1; the code points of RFC 8446 4.2.3) we offer and accept, all
 * derived from what the build compiles in (crypto/config.h).
 *
 * Ownership: the tables are static const (read-only, never indexed by a secret); the
 * pointers returned stay valid for the life of the program and must not be written.
 * The names and the signature schemes are DTLS__ROM (flash on AVR: read them only
 * through the readers of crypto/prologue.h); the suite table itself and the default
 * lists are handed out as plain pointers and stay in RAM (about 70 B in a PSK build).
 * An entry whose AEAD (DTLS_ENABLE_GCM / _CCM / _CHACHAPOLY) or PRF hash
 * (DTLS_ENABLE_SHA384) is compiled out is not in the table. */
#ifndef DTLS_PROTO_SUITES_H
#define DTLS_PROTO_SUITES_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/algs.h"
#include "../crypto/hooks.h"

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
    const char *name;            /* IANA name, e.g. "TLS_PSK_WITH_AES_128_CCM_8": DTLS__ROM (prologue.h) */
} dtls__suite;

/* The entry for id; NULL if unknown or its AEAD / PRF hash is compiled out. */
DTLS__PRIV const dtls__suite *dtls__suite_find(uint16_t id);
/* The entry with exactly this IANA name (case-sensitive); NULL otherwise (also for NULL). */
DTLS__PRIV const dtls__suite *dtls__suite_by_name(const char *name);

/* given (n_given entries) when not NULL, else the default suite order: the PSK suites,
 * ECDHE_PSK, then ECDHE_ECDSA and ECDHE_RSA, each only when this build has everything
 * it needs without hooks: its AEAD (with AES for GCM / CCM), its PRF hash, an ECDHE
 * group for the ECDHE suites, certificates (and RSA for ECDHE_RSA).  The default list
 * holds a 0 (an id no table entry has, skipped like any unknown one) in place of each
 * suite the build lacks.  *n: the entry count. */
DTLS__PRIV const uint16_t *dtls__suites_default(const uint16_t *given, size_t n_given, size_t *n);
/* given (n_given entries) when not NULL, else the default groups: x25519
 * (DTLS_ENABLE_X25519), secp256r1 (DTLS_ENABLE_P256), in that order; none without
 * either.  *n: the entry count. */
DTLS__PRIV const uint16_t *dtls__groups_default(const uint16_t *given, size_t n_given, size_t *n);
/* 1 when every group of the list is x25519 or secp256r1 and compiled in, or hooks
 * has the ECDH entries (which may provide a group compiled out); 0 otherwise. */
DTLS__PRIV int dtls__groups_usable(const uint16_t *groups, size_t n, const dtls_crypto_hooks *hooks);

/* Signature schemes with certificates: ecdsa_secp256r1_sha256 (0x0403),
 * ecdsa_secp384r1_sha384 (0x0503), rsa_pss_rsae_sha256 / _sha384 (0x0804 / 0x0805),
 * rsa_pkcs1_sha256 / _sha384 (0x0401 / 0x0501).  The hash (enum dtls_hash_alg) of
 * scheme; 0 for one this build does not sign or verify with (unknown, SHA-384 or RSA
 * compiled out, or no certificates at all). */
DTLS__PRIV int dtls__sig_hash(uint16_t scheme);
#define DTLS__SIG_MAX 6
/* Writes the schemes of dtls__sig_hash != 0, in our order of preference (the list
 * above); returns how many (0 without certificates). */
DTLS__PRIV size_t dtls__sig_schemes(uint16_t out[DTLS__SIG_MAX]);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_SUITES_H */
