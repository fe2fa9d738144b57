/* cookie.h - stateless HelloVerifyRequest cookies (RFC 6347 §4.2.1).
 *
 * cookie = gen ‖ HMAC-SHA-256(secret[gen], input)[0 .. cookie_len-2], where gen is the low
 * byte of the secret's 32-bit generation number and
 *   input = gen (uint32, big-endian) ‖ addr_len (1) ‖ addr (the peer's address bytes, port
 *           included) ‖ client_version (2) ‖ random (32) ‖ session_id_len (1) ‖ session_id
 *           ‖ cipher_suites_len (2) ‖ cipher_suites ‖ compression_len (1) ‖ compression_methods
 * (RFC 6347 §4.2.1 suggests HMAC(Secret, Client-IP, Client-Parameters); the ClientHello
 * fields are those that stay the same in the second ClientHello).  A cookie made under the
 * current or the previous generation is accepted, so rotating the secret invalidates
 * cookies after one to two lifetimes.
 *
 * Ownership: dtls__cookie_keys belongs to the server, outlives its connection slots and is
 * shared by them (a fleet of servers may share one copy: the generation is in the cookie).
 * It holds secrets: wipe it (dtls_wipe) when the server stops.  The dtls__ch_fields pointers
 * point into the caller's received datagram and are only read during the call.
 * Constant time: the MAC is computed and compared (dtls_ct_equal) without a branch on the
 * secret; the accept/reject result is the only value derived from it that is made public. */
#ifndef DTLS_PROTO_COOKIE_H
#define DTLS_PROTO_COOKIE_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/algs.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__COOKIE_MAX 32

typedef struct dtls__cookie_keys {
    uint8_t secret[2][32]; /* secret[gen & 1] is the current one, the other the previous one */
    uint32_t gen;          /* generation of the current secret */
    uint32_t rotated_at;   /* now_ms of the last rotation (or of the first draw) */
    uint8_t ready;         /* 1 once the secrets are drawn */
} dtls__cookie_keys;

typedef struct dtls__ch_fields {
    uint16_t client_version;
    const uint8_t *random; /* 32 bytes */
    const uint8_t *session_id;
    size_t session_id_len; /* <= 255 */
    const uint8_t *cipher_suites;
    size_t cipher_suites_len; /* <= 65535 */
    const uint8_t *compression;
    size_t compression_len; /* <= 255 */
} dtls__ch_fields;

DTLS__EXTERN_C_END

/* ---- dtls.h puts what follows (private functions) in its implementation half ---- */
DTLS__EXTERN_C_BEGIN

/* First call (ready == 0; zero the struct before): draws both secrets (the previous
 * generation gets a random secret too, so it can never be forged), gen = 0.  Later calls
 * rotate once lifetime_ms has passed since the last rotation ((uint32_t)(now_ms - rotated_at)
 * >= lifetime_ms, wrap-safe): gen + 1 gets a fresh secret and the current one becomes the
 * previous one.  0 (rotated or not), DTLS_ERR_BAD_ARG (NULL k or rng, lifetime_ms == 0) or
 * DTLS_ERR_RANDOM if rng fails (then *k is unchanged). */
DTLS__PRIV int dtls__cookie_rotate(dtls__cookie_keys *k, dtls_random_fn rng, void *rng_ctx, uint32_t now_ms,
                                   uint32_t lifetime_ms);

/* Writes cookie_len (2..32) bytes under the current generation.  0, or DTLS_ERR_BAD_ARG
 * (cookie_len out of range, keys not ready, NULL pointer with a nonzero length, addr_len or
 * a ClientHello length too long for its length field). */
DTLS__PRIV int dtls__cookie_make(uint8_t *out, size_t cookie_len, const dtls__cookie_keys *k,
                                 const uint8_t *addr, size_t addr_len, const dtls__ch_fields *ch);

/* 0 when cookie[0..len) is one we made for this address and these fields under the current
 * or the previous generation; DTLS_ERR_BAD_COOKIE otherwise (missing, len != cookie_len,
 * wrong MAC, a generation older than the previous one, another address, keys not ready).
 * DTLS_ERR_BAD_ARG for the caller's mistakes of dtls__cookie_make (cookie_len out of range,
 * bad field lengths).  The MAC is compared with dtls_ct_equal. */
DTLS__PRIV int dtls__cookie_check(const dtls__cookie_keys *k, const uint8_t *cookie, size_t len, size_t cookie_len,
                                  const uint8_t *addr, size_t addr_len, const dtls__ch_fields *ch);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_COOKIE_H */
