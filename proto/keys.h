/* keys.h - TLS 1.2 key derivation for DTLS 1.2 (RFC 6347 §4.2 uses it unchanged):
 *   RFC 4279 §2   PSK premaster secret: uint16(N) ‖ N zero bytes ‖ uint16(N) ‖ psk
 *   RFC 5489 §2   ECDHE_PSK premaster: uint16(len Z) ‖ Z (the ECDH shared secret) ‖ uint16(len psk) ‖ psk
 *   RFC 5246 §8.1 master_secret = PRF(pms, "master secret", client_random ‖ server_random)[0..47]
 *   RFC 7627 §4   extended master secret = PRF(pms, "extended master secret", session_hash)[0..47]
 *   RFC 5246 §6.3 key_block = PRF(master, "key expansion", server_random ‖ client_random), split into
 *                 client_write_key, server_write_key, client_write_IV, server_write_IV (AEAD suites:
 *                 no MAC keys; RFC 5288 §3, RFC 6655 §3, RFC 7905 §2 give the IV lengths)
 *   RFC 5246 §7.4.9 verify_data = PRF(master, finished_label, Hash(handshake_messages))[0..11]
 * The PRF is dtls_tls12_prf (crypto/hmac.h) with the suite's PRF hash (DTLS_HASH_SHA256/384).
 *
 * Ownership: every buffer belongs to the caller and is only used during the call.  Every
 * output is a secret: the caller wipes it (dtls_wipe) when done; these functions wipe their
 * own intermediates.  Outputs must not overlap inputs (except where said).  Time depends only
 * on the lengths and the hash, never on secret bytes.  On error an output is left untouched
 * (the key block is zeroed). */
#ifndef DTLS_PROTO_KEYS_H
#define DTLS_PROTO_KEYS_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/hmac.h"
#include "suites.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__KEYS_PSK_MAX 64     /* longest PSK accepted */
#define DTLS__KEYS_OTHER_MAX 512  /* longest other_secret accepted (4096-bit DH for DHE_PSK) */
/* Premaster buffer that fits every case: 2 + other + 2 + psk. */
#define DTLS__KEYS_PREMASTER_MAX (4 + DTLS__KEYS_OTHER_MAX + DTLS__KEYS_PSK_MAX)

/* premaster = uint16(len other) ‖ other ‖ uint16(len psk) ‖ psk; other == NULL means
 * len(psk) zero bytes (plain PSK; other_len is then ignored).  Returns the length written,
 * DTLS_ERR_BAD_ARG (NULL out, psk not 1..64 bytes, other_len > 512) or
 * DTLS_ERR_BUFFER_TOO_SMALL (cap < the length). */
DTLS__PRIV int dtls__keys_psk_premaster(uint8_t *out, size_t cap, const uint8_t *other, size_t other_len,
                                        const uint8_t *psk, size_t psk_len);

/* RFC 5246 §8.1.  0, or the error of dtls_tls12_prf (DTLS_ERR_UNSUPPORTED / DTLS_ERR_DISABLED
 * for prf_hash, DTLS_ERR_BAD_ARG for NULL pointers). */
DTLS__PRIV int dtls__keys_master(uint8_t master[48], int prf_hash, const uint8_t *pms, size_t pms_len,
                                 const uint8_t client_random[32], const uint8_t server_random[32]);

/* RFC 7627 §4: session_hash is Hash(handshake_messages) up to and including the
 * ClientKeyExchange; hash_len must be the PRF hash's length (32 or 48) (DTLS_ERR_BAD_ARG). */
DTLS__PRIV int dtls__keys_master_ems(uint8_t master[48], int prf_hash, const uint8_t *pms, size_t pms_len,
                                     const uint8_t *session_hash, size_t hash_len);

typedef struct dtls__key_block {
    uint8_t client_key[32], server_key[32], client_iv[12], server_iv[12];
} dtls__key_block;

/* Fills client_key/server_key[0..s->key_len) and client_iv/server_iv[0..s->fixed_iv_len);
 * the rest of *kb is zero.  0, DTLS_ERR_BAD_ARG (NULL pointers, key_len > 32 or
 * fixed_iv_len > 12) or the PRF's error (then *kb is zeroed). */
DTLS__PRIV int dtls__keys_block(dtls__key_block *kb, const dtls__suite *s, const uint8_t master[48],
                                const uint8_t client_random[32], const uint8_t server_random[32]);

/* verify_data = PRF(master, "client finished" | "server finished", handshake_hash)[0..11]
 * (is_client nonzero: the client's label).  hash_len must be the PRF hash's length. */
DTLS__PRIV int dtls__keys_finished(uint8_t verify_data[12], int prf_hash, const uint8_t master[48],
                                   int is_client, const uint8_t *handshake_hash, size_t hash_len);

/* The same two with the master secret absorbed once: mk is dtls_hmac_init(mk, prf_hash,
 * master, 48) (or the dtls_hmac_load of its dtls_hmac_save), only read, so that the key block
 * and both Finished of a handshake key the PRF once (two hash compressions a call fewer).
 * DTLS_ERR_BAD_ARG also for a NULL mk, and for the key block an mk of another hash than s's. */
DTLS__PRIV int dtls__keys_block_mk(dtls__key_block *kb, const dtls__suite *s, const dtls_hmac_ctx *mk,
                                   const uint8_t client_random[32], const uint8_t server_random[32]);
DTLS__PRIV int dtls__keys_finished_mk(uint8_t verify_data[12], const dtls_hmac_ctx *mk, int is_client,
                                      const uint8_t *handshake_hash, size_t hash_len);

/* RFC 5705 4: PRF(master, label, client_random || server_random [|| uint16
 * context_len || context]) into out; refuses (DTLS_ERR_BAD_ARG) an empty
 * label, one of the PRF labels above, a context over DTLS__KEYS_CONTEXT_MAX. */
#define DTLS__KEYS_CONTEXT_MAX 256
DTLS__PRIV int dtls__keys_export(uint8_t *out, size_t out_len, int prf_hash, const uint8_t master[48],
                                 const uint8_t client_random[32], const uint8_t server_random[32], const char *label,
                                 const uint8_t *context, size_t context_len, int use_context);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_KEYS_H */
