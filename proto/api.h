/* api.h - the public protocol API of dtls.h (DTLS 1.2, RFC 6347).
 *
 * Shape (BearSSL-style engine, no hidden I/O, no malloc):
 *   dtls_config  what the application decides: role, suites, PSK, callbacks,
 *                timers, MTU.  Caller-owned; must outlive every context that
 *                uses it (contexts keep a pointer).
 *   dtls_ctx     one endpoint (a client, or a server with many peers): the
 *                shared transmit buffer, the handshake scratch pool, the cookie
 *                secrets, the hooks.  Caller-owned, never moved while in use.
 *   dtls_conn    one association with one peer.  Caller-owned (a server gives
 *                an array of them to dtls_server_init).
 *   dtls_hs      scratch for one handshake in progress (transcript, randoms,
 *                flight, reassembly).  A connection holds one only while its
 *                handshake runs; a server shares a small pool among all slots.
 *
 * Driving a connection (the engine never blocks and never touches a socket;
 * it learns the time only from cfg->now, which the entry points call):
 *   - feed every received datagram with dtls_conn_input() (the datagram is
 *     decrypted in place: the buffer belongs to the caller, but application
 *     data read from it must be taken with dtls_conn_read() before the buffer
 *     is reused);
 *   - call dtls_conn_timer() when dtls_conn_deadline() says so;
 *   - datagrams go out through cfg->send, at any of these calls.
 * A bare-metal super-loop, an RTOS task and a poll() loop drive the same code;
 * the blocking helpers (dtls_conn_handshake_blocking, ...) are a thin loop over
 * it using cfg->recv.
 *
 * Memory: a dtls_ctx, dtls_conn, dtls_server and their buffers are never
 * moved or copied while in use (the engine keeps pointers to them, and a
 * client connection's unread records point into the datagram buffer or its
 * dtls_hs).
 *
 * The callback rule: callbacks run inside an entry point of their endpoint
 * (dtls_ctx).  From a callback, dtls_conn_write and dtls_conn_close may be
 * called on any connection of the endpoint and work (the close of the
 * connection at work, or of a server's connection, is finished, with
 * on_close, when the entry point returns or at the server's next timer);
 * dtls_conn_read,
 * dtls_conn_deadline, the getters and the stats too.  dtls_conn_input,
 * dtls_conn_timer, dtls_conn_connect, dtls_conn_init, dtls_server_input,
 * dtls_server_timer and dtls_server_init return DTLS_ERR_STATE and change
 * nothing.  dtls_ctx_init must never be called on an endpoint in use (it
 * cannot tell one from fresh memory).  Callbacks of different endpoints are
 * independent: one endpoint's callback may drive another endpoint.
 *
 * "In progress": a crypto hook that answers DTLS_ERR_IN_PROGRESS (ECDH,
 * signing, AEAD set-key: crypto/hooks.h) stalls only its own connection.  The
 * entry point processes the rest of the datagram (what cannot be taken yet
 * waits in the handshake scratch) and returns DTLS_ERR_IN_PROGRESS;
 * dtls_conn_deadline then says "now", and dtls_conn_timer (for a server,
 * dtls_server_timer) resumes the work.  A datagram is never fed twice.
 * Record AEAD hooks and hash hooks are called again at once instead.
 *
 * Errors: functions return >= 0 on success, a negative DTLS_ERR_* otherwise.
 * After a fatal error or alert (sent or received) the connection stays failed:
 * every call returns the same code, e.g. DTLS_ERR_ALERT_SENT(51) when we sent
 * decrypt_error.  DTLS_ERR_WOULD_BLOCK and DTLS_ERR_IN_PROGRESS are not fatal. */
#ifndef DTLS_API_H
#define DTLS_API_H

#include "../crypto/api.h"
#include "record.h"
#include "replay.h"
#include "hs_msg.h"
#include "cookie.h"
#include "x509.h"

DTLS__EXTERN_C_BEGIN

/* Compile-time sizes (value-style; every default works on every board).
 * Each has a checked range: a value outside it stops the build with an
 * #error naming the macro (the reason is beside each limit). */
/* Records processed from one datagram (8..1000); the rest of a datagram
 * holding more is dropped and counted.  Work per datagram is bounded by it:
 * every epoch-1 record costs an authentication attempt, and a 64 KB
 * datagram holds 5041 empty records.  A real peer's datagram holds a
 * flight's messages, one record each. */
#ifndef DTLS_MAX_RECORDS
#define DTLS_MAX_RECORDS 32
#endif
#if DTLS_MAX_RECORDS < 8 /* a whole flight in one datagram: [Certificate], ClientKeyExchange, [CertificateVerify],
                          * ChangeCipherSpec, Finished; ServerHello .. ServerHelloDone (5) */
#error "DTLS_MAX_RECORDS must be at least 8"
#endif
#if DTLS_MAX_RECORDS > 1000 /* the point is a bound on the work one datagram can ask for */
#error "DTLS_MAX_RECORDS must be at most 1000"
#endif
#ifndef DTLS_MAX_ADDR
#define DTLS_MAX_ADDR 28 /* opaque peer address bytes (1..255): room for sockaddr_in6 */
#endif
#if DTLS_MAX_ADDR < 1 /* a server tells its peers apart by their address: one byte at least */
#error "DTLS_MAX_ADDR must be at least 1"
#endif
#if DTLS_MAX_ADDR > 255 /* dtls_conn keeps the address length in a uint8_t */
#error "DTLS_MAX_ADDR must be at most 255"
#endif
#ifndef DTLS_MAX_SUITES
#define DTLS_MAX_SUITES 16 /* suites in dtls_config.suites (1..128) */
#endif
#if DTLS_MAX_SUITES < 1 /* a client offers one suite at least */
#error "DTLS_MAX_SUITES must be at least 1"
#endif
/* our ClientHello (2 bytes a suite, a cookie of up to 255 bytes, the
 * extensions) must fit our flight (DTLS__FLIGHT_CAP: 640 without certificates) */
#if DTLS_MAX_SUITES > 128
#error "DTLS_MAX_SUITES must be at most 128"
#endif
#ifndef DTLS_MAX_PSK
#define DTLS_MAX_PSK 64 /* RFC 4279: keys of 1-64 bytes (1..255) */
#endif
#if DTLS_MAX_PSK < 1 /* a key is one byte at least (an empty one is refused) */
#error "DTLS_MAX_PSK must be at least 1"
#endif
#if DTLS_MAX_PSK > 255 /* dtls_hs keeps the key's length in a uint8_t */
#error "DTLS_MAX_PSK must be at most 255"
#endif
#ifndef DTLS_MAX_IDENTITY
#define DTLS_MAX_IDENTITY 128 /* identities of 0-128 bytes and hints of 0-128 bytes (1..255) */
#endif
/* the hint and identity arrays (dtls_hs, the PSK callback's buffer) need a
 * byte: C has no empty arrays (RFC 4279 allows empty identities and hints) */
#if DTLS_MAX_IDENTITY < 1
#error "DTLS_MAX_IDENTITY must be at least 1"
#endif
#if DTLS_MAX_IDENTITY > 255 /* dtls_hs keeps the hint's length in a uint8_t */
#error "DTLS_MAX_IDENTITY must be at most 255"
#endif
/* Per handshake: our flight's messages (the first DTLS__FLIGHT_CAP bytes:
 * 640, or 1024 with certificates) + the peer's reassembly (the rest), bytes.
 * Our own certificate chain is never copied (the flight refers to the
 * credential).  The reassembly must hold the largest flight of messages the
 * peer may send, at their largest (checked where DTLS__FLIGHT_CAP is defined):
 *   DTLS__HS_BUFFER_MIN = DTLS__FLIGHT_CAP + the larger of
 *     - 258: a HelloVerifyRequest with a cookie of 255 bytes (RFC 6347);
 *     - SH + 71 + DTLS_MAX_IDENTITY: ServerHello (SH: 103, plus the
 *       optional extensions built in: 139 at the defaults, see
 *       DTLS__HS_ROOM_SH) + an ECDHE_PSK ServerKeyExchange (hint of
 *       DTLS_MAX_IDENTITY, P-256 point: 71 + DTLS_MAX_IDENTITY) +
 *       ServerHelloDone; the client's ClientKeyExchange (68 +
 *       DTLS_MAX_IDENTITY) + Finished is smaller;
 *     - with certificates: SH + 137 + DTLS_MAX_CERT_MSG + the largest
 *       signature (72 for ECDSA P-256, DTLS_RSA_MAX_BITS / 8 with RSA):
 *       ServerHello + Certificate + ServerKeyExchange (73 + signature) +
 *       CertificateRequest (64) + ServerHelloDone; the client's Certificate +
 *       ClientKeyExchange + CertificateVerify is smaller.
 *   That is 898 without certificates at the smallest DTLS_MAX_IDENTITY (978
 *   at the default 128), and 1024 + 276 + DTLS_MAX_CERT_MSG + 512 = 5908 with
 *   certificates at the defaults.  At most DTLS__FLIGHT_CAP + 65535: the
 *   reassembly keeps positions in uint16_t (more would never be used). */
#ifndef DTLS_HS_BUFFER
#if DTLS_ENABLE_CERTS
#define DTLS_HS_BUFFER (1024 + DTLS_MAX_CERT_MSG + 1024)
#else
#define DTLS_HS_BUFFER 1536
#endif
#endif
/* The pieces of DTLS__HS_BUFFER_MIN (above), in bytes of message bodies. */
#define DTLS__HS_ROOM_HVR 258                          /* HelloVerifyRequest: version, cookie<0..255> */
/* ServerHello: 70 + 2 + the extensions a server may answer ours with
 * (extended_master_secret 4, renegotiation_info 5, ec_point_formats of the 3
 * formats 8, server_name 4, client_/server_certificate_type 5 + 5: 103) and,
 * where built in, connection_id 5 + DTLS_MAX_CID, heartbeat 5,
 * session_ticket 4 and record_size_limit 6 (or max_fragment_length 5, never
 * both: 139 at the defaults) */
#define DTLS__HS_ROOM_SH                                                                                            \
    (103 + (DTLS_ENABLE_CID ? 5 + DTLS_MAX_CID : 0) + (DTLS_ENABLE_HEARTBEAT ? 5 : 0) +                            \
     (DTLS_ENABLE_RESUMPTION ? 4 : 0) + (DTLS_ENABLE_RECORD_SIZE ? 6 : 0))
#define DTLS__HS_ROOM_PSK (DTLS__HS_ROOM_SH + 71 + DTLS_MAX_IDENTITY) /* ServerHello, ECDHE_PSK ServerKeyExchange, ServerHelloDone */
#if DTLS_ENABLE_RSA
#define DTLS__HS_ROOM_SIG (DTLS_RSA_MAX_BITS / 8)      /* an RSA signature (larger than ECDSA's 72) */
#else
#define DTLS__HS_ROOM_SIG 72                           /* an ECDSA P-256 signature (DER) */
#endif
#define DTLS__HS_ROOM_CR 64                            /* CertificateRequest: up to 4 types, 27 signature algorithms, no CA names */

/* The protocol's error codes (DTLS_ERR_WOULD_BLOCK, _CLOSED, _TIMEOUT, _TOO_BIG,
 * _STATE, _NO_SLOT) are in the one list in crypto/error.h. */

enum dtls_role { DTLS_ROLE_CLIENT = 1, DTLS_ROLE_SERVER = 2 };

/* Alert descriptions (RFC 5246 7.2, RFC 4279, RFC 5746). */
enum dtls_alert {
    DTLS_ALERT_CLOSE_NOTIFY = 0, DTLS_ALERT_UNEXPECTED_MESSAGE = 10, DTLS_ALERT_BAD_RECORD_MAC = 20,
    DTLS_ALERT_RECORD_OVERFLOW = 22, DTLS_ALERT_HANDSHAKE_FAILURE = 40, DTLS_ALERT_BAD_CERTIFICATE = 42,
    DTLS_ALERT_UNSUPPORTED_CERTIFICATE = 43, DTLS_ALERT_CERTIFICATE_EXPIRED = 45,
    DTLS_ALERT_CERTIFICATE_UNKNOWN = 46, DTLS_ALERT_ILLEGAL_PARAMETER = 47, DTLS_ALERT_UNKNOWN_CA = 48, DTLS_ALERT_ACCESS_DENIED = 49,
    DTLS_ALERT_DECODE_ERROR = 50, DTLS_ALERT_DECRYPT_ERROR = 51, DTLS_ALERT_PROTOCOL_VERSION = 70,
    DTLS_ALERT_INTERNAL_ERROR = 80, DTLS_ALERT_NO_RENEGOTIATION = 100, DTLS_ALERT_UNSUPPORTED_EXTENSION = 110,
    DTLS_ALERT_UNKNOWN_PSK_IDENTITY = 115
};

/* Cipher suites (IANA numbers) the protocol core implements. */
#define DTLS_PSK_WITH_AES_128_CCM_8 0xC0A8
#define DTLS_PSK_WITH_AES_128_CCM 0xC0A4
#define DTLS_PSK_WITH_AES_128_GCM_SHA256 0x00A8
#define DTLS_PSK_WITH_AES_256_GCM_SHA384 0x00A9
#define DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256 0xCCAB
#define DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256 0xCCAC
#define DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 0xC0AE
#define DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 0xC02B
#define DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 0xC02C
#define DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 0xCCA9
#define DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 0xC02F
#define DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 0xC030
#define DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 0xCCA8

/* ---- callbacks (all get cfg->user as their first argument) ---- */

/* Sends one whole datagram to addr (the connection's peer).  >= 0 sent; a
 * negative return (failure, would-block) counts as a lost datagram: the
 * retransmission timer recovers, it is never fatal. */
typedef int (*dtls_send_fn)(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len);
/* Monotonic milliseconds; wraps at 2^32 (every comparison is wrap-safe). */
typedef uint32_t (*dtls_now_fn)(void *user);
/* Blocking helpers only: waits up to timeout_ms for a datagram; writes its
 * source address to addr (*addr_len: in the capacity, out the length).
 * Returns its length, 0 on timeout, negative on error. */
typedef int (*dtls_recv_fn)(void *user, uint8_t *buf, size_t cap, uint8_t *addr, size_t *addr_len,
                            uint32_t timeout_ms);
/* Client: from the server's identity hint (may be empty) to an identity and
 * key.  *identity_len / *key_len: in the capacity, out the length. 0 or < 0. */
typedef int (*dtls_psk_client_fn)(void *user, const uint8_t *hint, size_t hint_len, uint8_t *identity,
                                  size_t *identity_len, uint8_t *key, size_t *key_len);
/* Server: from the client's identity to its key; < 0 when unknown. */
typedef int (*dtls_psk_server_fn)(void *user, const uint8_t *identity, size_t identity_len, uint8_t *key,
                                  size_t *key_len);
/* Optional log hook: one line of text per event, no newline. */
typedef void (*dtls_log_fn)(void *user, const char *line);

struct dtls_conn;

#if DTLS_ENABLE_CERTS
/* Our certificate chain (or raw public key) and private key, made once by
 * dtls_credential_init; shared read-only by every connection.  Fields are
 * private. */
typedef struct dtls_credential {
    const dtls_private_key *dtls__key;
    const uint8_t *dtls__chain_msg;  /* Certificate message body (certificate_list), in the caller's buffer */
    size_t dtls__chain_len;          /* 0: no certificate chain (raw public key only) */
    uint8_t dtls__rpk_msg[3 + 91];   /* RFC 7250 3: the P-256 SubjectPublicKeyInfo as a Certificate body */
    uint8_t dtls__rpk_len;           /* 0 for an RSA key (raw public keys are P-256 only) */
} dtls_credential;

/* Sets up cred from certs (DER, leaf first; n may be 0 for a raw-public-key
 * only credential) and key.  buf receives the Certificate message body (3 +
 * the sum of 3 + each certificate's length bytes); buf, certs' bytes and key
 * stay owned by the caller and must outlive cred.  DTLS_ERR_BAD_KEY when the
 * leaf's public key is not key's, DTLS_ERR_CERT_PARSE for a malformed leaf,
 * DTLS_ERR_BUFFER_TOO_SMALL, DTLS_ERR_BAD_ARG. */
DTLS_API int dtls_credential_init_layout(dtls_credential *cred, uint8_t *buf, size_t cap, const dtls_blob *certs,
                                         size_t n, const dtls_private_key *key, uint32_t layout);
#define dtls_credential_init(cred, buf, cap, certs, n, key)                                                         \
    dtls_credential_init_layout(cred, buf, cap, certs, n, key, DTLS_LAYOUT)

/* What the verify callback sees: the peer's certificates as received (leaf
 * first), or with raw public keys one blob, the SubjectPublicKeyInfo; and the
 * library's verdict: 0, or the DTLS_ERR_CERT_* code it would fail with (raw
 * public keys: DTLS_ERR_CERT_UNKNOWN_CA, since nothing vouches for a bare
 * key).  Pointers are valid during the call only. */
typedef struct dtls_peer_cert {
    const dtls_blob *chain;
    size_t n;
    uint8_t is_rpk;
    int verdict;
} dtls_peer_cert;
/* Decides: 0 accepts (also overriding a nonzero verdict, e.g. for a pinned
 * key: the callback then owns that decision), a positive alert description
 * rejects with that alert, a negative value rejects with bad_certificate.
 * May add checks (pinning, revocation lists, policy). */
typedef int (*dtls_verify_fn)(void *user, struct dtls_conn *conn, const dtls_peer_cert *peer);
/* Wall-clock time for certificate validity: 0 and seconds since 1970 UTC,
 * or < 0 when the time is unknown (the handshake then fails with
 * DTLS_ERR_CERT_NO_TIME). */
typedef int (*dtls_wall_time_fn)(void *user, int64_t *unix_seconds);
/* Server: the credential to present for the ClientHello's server_name
 * (sni_len 0 when absent); NULL selects cfg->cred. */
typedef const dtls_credential *(*dtls_select_cred_fn)(void *user, const uint8_t *sni, size_t sni_len);
#endif
#if DTLS_ENABLE_RESUMPTION && !DTLS_ENABLE_CERTS
/* Wall-clock time (as above, with certificates): session lifetimes. */
typedef int (*dtls_wall_time_fn)(void *user, int64_t *unix_seconds);
#endif

/* Server notifications (optional): a handshake completed; application data
 * arrived (data points into the caller's datagram, valid during the call);
 * a connection closed or failed (reason: DTLS_ERR_CLOSED, DTLS_ERR_TIMEOUT,
 * DTLS_ERR_NO_SLOT for a half-open handshake evicted to make room for a new
 * one, or the fatal code), called exactly once per connection.  The library frees
 * the slot itself right after on_close returns (do not touch conn after it);
 * the application never frees a server slot.  After a fatal alert we sent,
 * the failed slot is kept (busy, never notified again) for twice the
 * retransmission timeout, at most 30 s, to send the alert again when the
 * peer retransmits its flight. */
typedef void (*dtls_on_connect_fn)(void *user, struct dtls_conn *conn);
typedef void (*dtls_on_data_fn)(void *user, struct dtls_conn *conn, const uint8_t *data, size_t len);
typedef void (*dtls_on_close_fn)(void *user, struct dtls_conn *conn, int reason);
/* Server: conn's peer now sends from addr (RFC 9146 §6: a record with its
 * Connection ID came from there, authenticated, newer than any before); the
 * answers go there from now on.  No return-routability check is made: an
 * application that needs one (it is reachable at addr) runs it itself. */
/* One NSS key log line ("CLIENT_RANDOM <client random> <master secret>" in
 * hex, no newline; Wireshark's tls.keylog_file reads a file of them) for each
 * session, when its master secret is made.  It lets anyone who reads it
 * decrypt the session: for debugging only.  line is valid during the call. */
typedef void (*dtls_keylog_fn)(void *user, const char *line);
typedef void (*dtls_on_address_fn)(void *user, struct dtls_conn *conn, const uint8_t *addr, size_t addr_len);
/* A session whose handshake (full or abbreviated) just completed, as the
 * keying material exporter (RFC 5705) sees it: valid only during cfg.on_keys
 * (the library keeps no master secret after the handshake). */
typedef struct dtls_exporter {
    const uint8_t *dtls__master, *dtls__client_random, *dtls__server_random;
    uint8_t dtls__prf_hash, dtls__ems;
} dtls_exporter;
/* Both roles: a handshake completed (before the server's on_connect); export
 * keying material from x during the call (dtls_export_keying_material). */
typedef void (*dtls_on_keys_fn)(void *user, struct dtls_conn *conn, const dtls_exporter *x);
/* Server: a fleet's shared secrets, so that several server processes act as
 * one (README, "A server fleet").  kind: DTLS_FLEET_COOKIE (HelloVerifyRequest
 * cookies, RFC 6347 4.2.1) or DTLS_FLEET_TICKET (session tickets, RFC 5077).
 * With *period == DTLS_FLEET_CURRENT set *period to the current rotation
 * period and give its 32-byte key; otherwise give the key of *period (an
 * earlier one: what it protected is being checked), or answer < 0 when that
 * key is retired.  Every process of the fleet must give the same bytes for a
 * kind and period and agree on the current period (e.g. wall-clock seconds /
 * the rotation interval).  A cookie of the current or the previous period is
 * accepted; a ticket of any period the callback still gives a key for, within
 * cfg.session_lifetime_s.  The current key is asked for at every use, so a
 * key the fleet replaces applies at once.  0; DTLS_ERR_UNSUPPORTED: the fleet
 * shares no key of this kind (this process's own are used: random cookie
 * secrets, ticket keys from cfg.ticket_secret); other < 0: a ClientHello that
 * needs a cookie gets no answer (the client retransmits), the ticket due is
 * empty (RFC 5077 3.3), a ticket offered is unknown (full handshake).
 * Called from dtls_server_input. */
#define DTLS_FLEET_COOKIE 1
#define DTLS_FLEET_TICKET 2
#define DTLS_FLEET_CURRENT UINT32_C(0xFFFFFFFF)
typedef int (*dtls_fleet_key_fn)(void *user, int kind, uint32_t *period, uint8_t key[32]);

/* Configuration flags. */
#define DTLS_CFG_ALLOW_NO_EMS 0x01          /* accept peers without extended_master_secret */
#define DTLS_CFG_UNKNOWN_PSK_AS_WRONG_KEY 0x02 /* server: unknown identity continues with a random key */
#define DTLS_CFG_SEND_BAD_RECORD_MAC 0x04   /* a Finished that fails authentication ends with bad_record_mac */
#define DTLS_CFG_RPK 0x08                   /* raw public keys (RFC 7250) instead of X.509 certificates */
#define DTLS_CFG_NO_VERIFY 0x10             /* client: accept any server certificate (tests only; verify still runs) */
#define DTLS_CFG_NO_CLOCK 0x20              /* this device has no clock: certificate validity is not checked */
#define DTLS_CFG_CN_FALLBACK 0x40           /* match the subject CN when the leaf has no DNS/IP subjectAltName */
#define DTLS_CFG_CID 0x80                   /* negotiate a Connection ID (RFC 9146; cfg.cid_len) */
#define DTLS_CFG_HEARTBEAT 0x100            /* negotiate heartbeat (RFC 6520), answer the peer's requests, send
                                             * ours by cfg.heartbeat_ms; needs DTLS_ENABLE_HEARTBEAT */
#define DTLS_CFG_NO_TICKETS 0x400           /* session tickets (RFC 5077) off: a server issues and accepts none,
                                             * a client offers none (resumption by session ID stays) */
#define DTLS_CFG_HEARTBEAT_NO_ANSWER 0x200  /* with DTLS_CFG_HEARTBEAT: the peer must not send requests
                                             * (peer_not_allowed_to_send): we only send ours */

/* The largest cfg.max_record (our record_size_limit, RFC 8449) whose records
 * fit a receive buffer of rx bytes under any suite: rx less the header (13),
 * an explicit nonce (8), a tag (16) and, built with Connection IDs, the
 * longest CID and the inner type byte (RFC 9146); DTLS_RECORD_LIMIT(1024) is
 * 970 at the defaults.  A peer may still pack several records into one
 * datagram up to its MTU (ours, once a limit is negotiated, send no datagram
 * above one record of it: flight.c). */
#define DTLS_RECORD_LIMIT(rx) ((uint16_t)((rx) - 37u - (DTLS_ENABLE_CID ? 1u + DTLS_MAX_CID : 0u)))

/* Server policy for client certificates (cfg->verify_client). */
enum dtls_verify_client { DTLS_VERIFY_NONE = 0, DTLS_VERIFY_OPTIONAL = 1, DTLS_VERIFY_REQUIRED = 2 };

typedef struct dtls_config {
    uint8_t role;                 /* enum dtls_role */
    uint16_t flags;               /* DTLS_CFG_* */
    const uint16_t *suites;       /* preference order; NULL: every suite compiled in (PSK first), of which
                                   * each side uses those it has credentials for */
    size_t n_suites;
    const uint16_t *groups;       /* ECDHE groups, preferred first (DTLS_GROUP_X25519, DTLS_GROUP_SECP256R1); NULL: those
                                   * compiled in.  Any other group, or one compiled out while hooks has no ECDH
                                   * entries: dtls_ctx_init fails with DTLS_ERR_BAD_ARG */
    size_t n_groups;

    /* PSK.  Client: psk_client, or the static identity/key shortcut.
     * Server: psk_server; psk_hint (when set, plain PSK sends ServerKeyExchange). */
    dtls_psk_client_fn psk_client;
    dtls_psk_server_fn psk_server;
    const uint8_t *psk_identity;
    size_t psk_identity_len;
    const uint8_t *psk;
    size_t psk_len;
    const uint8_t *psk_hint;
    size_t psk_hint_len;

#if DTLS_ENABLE_CERTS
    /* Certificates and raw public keys (ECDHE_ECDSA / ECDHE_RSA suites).
     * Verifying a peer certificate needs wall_time, or DTLS_CFG_NO_CLOCK said
     * explicitly; raw public keys need verify (it decides which keys are trusted). */
    const dtls_credential *cred;  /* ours: the server's (mandatory for those suites unless select_cred
                                   * answers); the client's, presented when the server asks */
    dtls_select_cred_fn select_cred; /* server, optional: by SNI */
    const dtls_blob *trust_anchors; /* DER certificates the peer's chain must lead to */
    size_t n_trust_anchors;
    const char *server_name;      /* client: the expected name (DNS or IP literal); sent as SNI unless an IP */
    dtls_wall_time_fn wall_time;
    dtls_verify_fn verify;        /* optional for X.509, mandatory for raw public keys */
    uint8_t verify_client;        /* server: enum dtls_verify_client [DTLS_VERIFY_NONE] */
#endif

    /* I/O and time (send, now and hooks->random are mandatory). */
    dtls_send_fn send;
    dtls_now_fn now;
    dtls_recv_fn recv;            /* blocking helpers only */
    void *user;
    const dtls_crypto_hooks *hooks; /* hooks->random is the random source */
    dtls_log_fn log;              /* optional; never called when built with DTLS_ENABLE_LOG 0 */
    dtls_keylog_fn keylog;        /* optional; needs DTLS_ENABLE_KEYLOG 1 (dtls_ctx_init: DTLS_ERR_DISABLED) */

    /* Server notifications (optional). */
    dtls_on_connect_fn on_connect;
    dtls_on_data_fn on_data;
    dtls_on_close_fn on_close;
    dtls_on_address_fn on_address; /* a peer's address changed (Connection ID) */
    dtls_on_keys_fn on_keys;      /* a handshake completed: the keying material exporter (RFC 5705) */
    const uint16_t *srtp_profiles; /* DTLS-SRTP (RFC 5764 4.1.1): the SRTP protection profiles (DTLS_SRTP_*) a
                                   * client offers, or a server accepts in its order of preference; the one
                                   * chosen: dtls_conn_srtp_profile, the keys: cfg.on_keys, "EXTRACTOR-dtls_srtp" */
    size_t n_srtp_profiles;       /* 0..255 [0: use_srtp neither offered nor answered] */

    /* Sizes and timers; 0 selects the default in brackets. */
    uint16_t mtu;                 /* largest UDP payload we send [1232] */
    uint16_t mtu_floor;           /* path-MTU back-off floor [256] */
    uint16_t max_record;          /* our record size limit, 64..16384: the largest plaintext record we send, and the
                                   * largest we accept, which a client offers as record_size_limit (RFC 8449) and a
                                   * server answers a client's offer with.  Once negotiated, the peer's records
                                   * above it are dropped (records_dropped_parse) and ours stay within the peer's
                                   * limit (its handshake fragments too: flight.c).  Size it from the receive
                                   * buffer: DTLS_RECORD_LIMIT(bytes).  0: 16384, and a client offers nothing */
    uint16_t max_fragment_length; /* client: also offer max_fragment_length (RFC 6066 §4) of 512, 1024, 2048 or 4096
                                   * bytes, for servers that know only it (RFC 8449 §5: one that knows both takes
                                   * record_size_limit); echoed, it bounds every record and handshake fragment of
                                   * both sides; echoed otherwise, illegal_parameter.  Other values: dtls_ctx_init
                                   * fails with DTLS_ERR_BAD_ARG [0: not offered] */
    uint16_t cookie_len;          /* server cookie length, 2..32 [32] */
    uint32_t retransmit_initial_ms; /* [1000]; RFC 7925 11 advises 9000 on constrained radio links */
    uint32_t retransmit_max_ms;   /* [60000] */
    uint8_t retransmit_limit;     /* retransmissions before DTLS_ERR_TIMEOUT [6] */
    uint8_t retransmit_copies;    /* copies of the flight each timer retransmission sends, 1..4 [2]; 1 is the
                                   * plain RFC 6347 behaviour (see docs/DESIGN.md 5: why two) */
    uint16_t max_auth_failures;   /* fail the connection after this many records fail authentication [0: off] */
    uint32_t cookie_lifetime_ms;  /* server cookie secret rotation [60000] (without fleet_key) */
    dtls_fleet_key_fn fleet_key;  /* server: cookie and ticket keys shared by a fleet (above); NULL: this
                                   * process's own (random cookie secrets, ticket keys from ticket_secret) */
    uint32_t idle_timeout_ms;     /* server: free a slot silent this long [0: off] */
    uint8_t cid_len;              /* with DTLS_CFG_CID: the length of the Connection ID we ask the peer to put on
                                   * the records it sends us, 0..DTLS_MAX_CID; 0: none wanted, but we put the
                                   * peer's on ours (RFC 9146 §3).  A server gives each connection a random one of
                                   * this length, unique among its connections, and finds a connection by it
                                   * whatever address a record comes from [0] */
    uint16_t max_signatures_per_s; /* server: signed handshakes started per second, a token bucket holding one
                                   * second's worth; a cookie-verified ClientHello past it is shed without an
                                   * answer (on_close DTLS_ERR_BUSY) and the client's retransmission retries
                                   * [0: no bound] (README: denial-of-service budgets) */
    uint32_t heartbeat_ms;        /* with DTLS_CFG_HEARTBEAT, once established: a heartbeat request (RFC 6520) when
                                   * nothing authenticated came from the peer for this long and the peer allows
                                   * requests; unanswered, it is retransmitted on the handshake's timer rules
                                   * (retransmit_*), and after retransmit_limit the connection fails with
                                   * DTLS_ERR_TIMEOUT.  0: we never send one, only answer [0] */
#if DTLS_ENABLE_RESUMPTION && !DTLS_ENABLE_CERTS
    dtls_wall_time_fn wall_time;  /* server: session lifetimes (with certificates the field above) */
#endif
    /* Session resumption (DTLS_ENABLE_RESUMPTION, proto/session.c).  Lifetimes are wall-clock
     * (cfg->wall_time; without it a server issues no tickets and its cache entries never expire,
     * only evicted): the millisecond clock wraps and restarts with the device. */
    uint32_t session_lifetime_s;  /* server: a session resumes (cache or ticket) this long after its full
                                   * handshake [7200] */
    uint32_t ticket_key_period_s; /* server: a new ticket key every period; a key decrypts for the lifetime
                                   * plus one period [3600] */
    const uint8_t *ticket_secret; /* server: 32 bytes the ticket keys derive from (a fleet shares them);
                                   * NULL: drawn from the random hook at dtls_ctx_init (independent of the
                                   * cookie secrets either way) */
} dtls_config;

/* Counters of silently discarded input (RFC 6347 4.1.2.7), readable at any time. */
typedef struct dtls_stats {
    uint32_t records_in, records_dropped_parse, records_dropped_auth, records_dropped_replay,
        records_dropped_epoch, records_dropped_plaintext_after_handshake, fragments_dropped,
        datagrams_in, datagrams_out, retransmissions, hello_verify_sent, no_slot_drops, half_open_evicted,
        signatures_shed;
} dtls_stats;

/* A connection's own counters (the per-connection part of dtls_stats). */
typedef struct dtls__counters {
    uint32_t records_in, records_dropped_parse, records_dropped_auth, records_dropped_replay,
        records_dropped_epoch, records_dropped_plaintext_after_handshake, fragments_dropped,
        datagrams_in, datagrams_out, retransmissions;
} dtls__counters;

/* ---- structures: their fields are private (dtls__ names inside); the
 * sizes are compile-time constants.  Applications only allocate them (static,
 * stack or an array) and pass pointers; they never read or write a field. ---- */

#define DTLS__RQ_MAX 4       /* application records of one datagram queued for dtls_conn_read */
#define DTLS__CID_ROOM (DTLS_ENABLE_CID ? DTLS_MAX_CID : 1) /* bytes of each Connection ID a connection keeps */
#define DTLS__HB_PAYLOAD 16  /* the payload of our heartbeat requests (random) */
#if DTLS_ENABLE_CERTS
#define DTLS__FLIGHT_CAP 1024 /* bytes of DTLS_HS_BUFFER holding our flight (messages, not datagrams) */
#if DTLS_ENABLE_RSA
#define DTLS__PEER_KEY_MAX (DTLS_RSA_MAX_BITS / 8 + 8) /* the peer's leaf key: RSA n ‖ e (e up to 8 bytes) */
#else
#define DTLS__PEER_KEY_MAX 65                          /* the peer's leaf key: a P-256 point */
#endif
#else
#define DTLS__FLIGHT_CAP 640
#endif
#define DTLS__EARLY_SLOT 160 /* an epoch-1 record that arrives early (before CCS / peer Finished), raw */
#define DTLS__EARLY_MAX 2    /* ... at most this many records */
/* DTLS_HS_BUFFER's range (the reasons are at its definition, at the top). */
#if DTLS__HS_ROOM_PSK > DTLS__HS_ROOM_HVR
#define DTLS__HS_ROOM_NO_CERTS DTLS__HS_ROOM_PSK
#else
#define DTLS__HS_ROOM_NO_CERTS DTLS__HS_ROOM_HVR
#endif
#if DTLS_ENABLE_CERTS && DTLS__HS_ROOM_SH + DTLS_MAX_CERT_MSG + 73 + DTLS__HS_ROOM_SIG + DTLS__HS_ROOM_CR > DTLS__HS_ROOM_NO_CERTS
#define DTLS__HS_BUFFER_MIN (DTLS__FLIGHT_CAP + DTLS__HS_ROOM_SH + DTLS_MAX_CERT_MSG + 73 + DTLS__HS_ROOM_SIG + DTLS__HS_ROOM_CR)
#else
#define DTLS__HS_BUFFER_MIN (DTLS__FLIGHT_CAP + DTLS__HS_ROOM_NO_CERTS)
#endif
#if DTLS_HS_BUFFER < DTLS__HS_BUFFER_MIN
#if DTLS_ENABLE_CERTS
#error "DTLS_HS_BUFFER must be at least 1024 + 240 + DTLS_MAX_CERT_MSG + the largest signature (DTLS_RSA_MAX_BITS / 8 with RSA, else 72) + the ServerHello's optional extensions, 1024 + 258 and 1024 + 174 + DTLS_MAX_IDENTITY + the same (see proto/api.h)"
#else
#error "DTLS_HS_BUFFER must be at least 640 + 258 and 640 + 174 + DTLS_MAX_IDENTITY + the ServerHello's optional extensions (see proto/api.h)"
#endif
#endif
#if DTLS_HS_BUFFER > DTLS__FLIGHT_CAP + 65535
#error "DTLS_HS_BUFFER must be at most DTLS__FLIGHT_CAP + 65535 (640 + 65535, or 1024 + 65535 with certificates)"
#endif

/* Session resumption sizes (proto/session.c).  A session's state as the
 * server keeps it (cache slot, ticket plaintext): version, suite, flags,
 * creation time, master secret, SNI hash, peer hash, PSK identity. */
#ifndef DTLS_MAX_TICKET
#define DTLS_MAX_TICKET 512 /* longest ticket a client keeps (RFC 5077 allows 65535; OpenSSL's are ~250) */
#endif
#if DTLS_MAX_TICKET < 64 || DTLS_MAX_TICKET > 1024 /* ours is 141 + the identity; the hs reassembly holds it */
#error "DTLS_MAX_TICKET must be in 64..1024"
#endif
#define DTLS__SESS_STATE_MAX (109 + DTLS_MAX_IDENTITY)
/* The client's saved session (dtls_conn_session_save): at most this many bytes. */
#define DTLS_SESSION_MAX (105 + DTLS_MAX_TICKET + 8)
/* One entry of a server's session cache (dtls_server_sessions); fields private. */
typedef struct dtls_session_slot {
    uint32_t dtls__serial;           /* 0: free; else unique among the cache's entries */
    uint32_t dtls__used;             /* the cache clock when made or last resumed (LRU) */
    uint16_t dtls__len;              /* bytes of dtls__state */
    uint8_t dtls__id[32];            /* session ID */
    uint8_t dtls__state[DTLS_ENABLE_RESUMPTION ? DTLS__SESS_STATE_MAX : 1];
} dtls_session_slot;

/* Handshake scratch: one per handshake in progress (released at its end). */
typedef struct dtls_hs {
    struct dtls_conn *dtls__owner;   /* NULL: free in the pool */
    dtls_hash_ctx dtls__transcript;  /* running hash from the ClientHello answered by the ServerHello */
    dtls__reasm dtls__rs;            /* reassembly of the peer's messages (into dtls__buf after the flight) */
    dtls__replay dtls__replay0;      /* epoch-0 read window */
    dtls_crypto_key dtls__ecdh_priv; /* ECDHE_PSK ephemeral key */
    uint8_t dtls__server_random[32];
    uint8_t dtls__master[48];
    uint8_t dtls__peer_point[65];    /* the peer's ECDH share, copied (a hook may answer "in progress"); after the
                                      * master secret: the PRF's keyed HMAC state (handshake.c) */
    uint8_t dtls__my_point[65];      /* our ECDH share */
    uint8_t dtls__psk[DTLS_MAX_PSK];  /* the PSK until the premaster secret is made */
    uint8_t dtls__hint[DTLS_MAX_IDENTITY]; /* client: the server's identity hint until ServerHelloDone */
    uint8_t dtls__peer_point_len, dtls__my_point_len, dtls__psk_len, dtls__hint_len;
    uint8_t dtls__state;             /* the role's enum (handshake.c) */
    uint8_t dtls__retx;              /* retransmissions of the current flight */
    uint8_t dtls__hvr;               /* HelloVerifyRequests answered */
    uint8_t dtls__flags;             /* DTLS__HSF_* (handshake.c) */
    uint8_t dtls__n_early;
    uint8_t dtls__pending;           /* 1: an operation waits for a hook (DTLS_ERR_IN_PROGRESS) */
    uint8_t dtls__progress;          /* steps of that operation already done (handshake.c) */
    uint16_t dtls__group;            /* ECDHE_PSK named group */
    uint16_t dtls__send_seq;         /* message_seq of our next message */
    uint16_t dtls__flight_len;       /* bytes of the flight in dtls__buf */
    uint16_t dtls__peer_last;        /* message_seq of the last message of the peer's previous flight */
    uint16_t dtls__peer_first;       /* client: message_seq of the ServerHello (a rewind expects it again) */
    uint16_t dtls__mtu;              /* current (possibly backed-off) datagram size */
    uint16_t dtls__early_len[DTLS__EARLY_MAX]; /* 0: slot free */
    uint32_t dtls__deadline;         /* retransmission deadline (now units), valid when armed */
    uint32_t dtls__rto;              /* current retransmission timeout (ms) */
    uint8_t dtls__armed;             /* the timer is running */
    uint8_t dtls__mfl;               /* server: the client's max_fragment_length code to echo (0: none; flight.c) */
#if DTLS_ENABLE_CERTS
    const dtls_credential *dtls__cred; /* ours for this handshake (server: chosen by SNI) */
    const uint8_t *dtls__flight_ref; /* the body of the flight's by-reference entry (our Certificate) */
    uint16_t dtls__peer_key_len;     /* EC: the point's length; RSA: n's length (e follows n) */
    uint8_t dtls__peer_key_type;     /* enum dtls_key_type of the peer's leaf key (0: none yet) */
    uint8_t dtls__peer_e_len;
    uint16_t dtls__sig_alg;          /* server: ServerKeyExchange's scheme; client: CertificateVerify's (0: none) */
    uint16_t dtls__cert_flags;       /* DTLS__HSC_* (engine.h) */
    uint8_t dtls__ske_params_len;    /* server: ServerECDHParams bytes written (signature pending) */
    uint8_t dtls__peer_key[DTLS__PEER_KEY_MAX];
#endif
#if DTLS_ENABLE_RESUMPTION
    uint8_t dtls__sess_id[32];       /* client: the session ID offered, then the server's; server: the one given */
    uint8_t dtls__sess_id_len;
    uint8_t dtls__sess_hs;           /* DTLS__SSF_* (session.h) */
    uint16_t dtls__ticket_len;       /* client: bytes of the ticket at the session buffer's ticket place */
    uint32_t dtls__ticket_period;    /* server: the key period of the ticket resumed */
    int64_t dtls__created;           /* server: the session's full handshake, wall-clock seconds (0: no clock) */
    dtls_session_slot *dtls__slot;   /* server: the cache slot resumed */
    uint8_t dtls__sni_hash[16];      /* server: of the ClientHello's SNI */
    uint8_t dtls__peer_hash[32];     /* server: of the PSK, or of the client's certificate key (0s: none) */
#endif
    uint8_t dtls__early[DTLS__EARLY_MAX][DTLS__EARLY_SLOT];
    uint8_t dtls__buf[DTLS_HS_BUFFER]; /* [0, DTLS__FLIGHT_CAP): flight; the rest: reassembly */
} dtls_hs;

/* One endpoint. */
typedef struct dtls_ctx {
    const dtls_config *dtls__cfg;
    uint8_t *dtls__tx;               /* shared transmit buffer */
    size_t dtls__tx_cap;
    dtls_hs *dtls__hs;               /* the handshake scratch pool */
    size_t dtls__n_hs;
    const uint16_t *dtls__suites;    /* resolved: cfg's list or the default one */
    size_t dtls__n_suites;
    const uint16_t *dtls__groups;
    size_t dtls__n_groups;
    dtls__cookie_keys dtls__cookie;  /* server: the cookie secrets (server.c) */
#if DTLS_ENABLE_RESUMPTION
    dtls_session_slot *dtls__sess;   /* server: the session cache (dtls_server_sessions), or NULL */
    size_t dtls__n_sess;
    uint32_t dtls__sess_clock;       /* ... its LRU clock and serial source */
    uint8_t dtls__ticket_secret[32]; /* server: the ticket keys derive from it (session.c) */
#endif
    dtls_stats dtls__stats;          /* server: the endpoint's own counters + released slots' */
    uint16_t dtls__mtu, dtls__mtu_floor, dtls__max_record; /* resolved defaults */
    uint32_t dtls__rto_initial, dtls__rto_max;
    uint8_t dtls__retx_limit, dtls__retx_copies;
    uint32_t dtls__sign_credit;      /* server: the signature token bucket, in 1/1000 signatures (handshake.c) */
    uint32_t dtls__sign_t;           /* ... its last refill, now() */
    void (*dtls__on_release)(struct dtls_ctx *ctx, struct dtls_conn *conn); /* server.c: a slot is freed */
    /* server.c: the connection that owns Connection ID cid, or NULL (handshake.c draws unique ones) */
    struct dtls_conn *(*dtls__find_cid)(const struct dtls_ctx *ctx, const uint8_t *cid, size_t cid_len);
    /* server.c: conn's peer moved to addr (engine.c, RFC 9146 §6) */
    void (*dtls__on_move)(struct dtls_ctx *ctx, struct dtls_conn *conn, const uint8_t *addr, size_t addr_len);
    const uint8_t *dtls__from;       /* server: the source address of the datagram being fed */
    size_t dtls__from_len;
    void *dtls__server;              /* ... the dtls_server of this context */
    uint8_t dtls__busy;              /* an entry point of this endpoint runs (the callback rule, engine.c) */
    struct dtls_conn *dtls__active;  /* ... for this client connection (NULL: none, or the server's) */
} dtls_ctx;

/* One association with one peer: what persists after the handshake. */
typedef struct dtls_conn {
    dtls_ctx *dtls__ctx;
    dtls_hs *dtls__hs;               /* while handshaking */
    dtls__cipher dtls__rd, dtls__wr; /* epoch-1 cipher states (epoch 0 is the NULL cipher) */
    dtls__replay dtls__replay1;      /* read window of epoch 1 */
    uint64_t dtls__wseq[2];          /* next write sequence number of epoch 0 and of epoch 1 */
    int dtls__err;                   /* sticky error (0 healthy; a DTLS_ERR_* code, fits 16 bits) */
    uint32_t dtls__last_heard;       /* now() of the last authenticated record */
    uint32_t dtls__duty_until;       /* end of the 2 x MSL Finished duty */
    dtls__counters dtls__cnt;        /* this connection's counters (engine.c) */
    uint16_t dtls__suite;
    uint16_t dtls__rd_epoch, dtls__wr_epoch;
    uint16_t dtls__auth_fail;        /* records that failed authentication */
    uint16_t dtls__fin_seq;          /* message_seq of our Finished (duty) */
    int16_t dtls__cert_err;          /* why the peer's certificate was refused (DTLS_ERR_CERT_*), 0 if not */
    uint8_t dtls__state;             /* DTLS__CS_* (engine.c) */
    uint8_t dtls__role;
    uint8_t dtls__flags;             /* DTLS__CF_* (engine.c) */
    uint8_t dtls__last_alert;        /* last alert sent or received */
    uint8_t dtls__addr_len;
    uint8_t dtls__rq_head, dtls__rq_n; /* client role: the queue of received records, oldest first */
    uint8_t dtls__cid_on;            /* RFC 9146: 1 when a Connection ID was negotiated (2: indexed by the server) */
    uint8_t dtls__cid_rx_len, dtls__cid_tx_len; /* ours (on the records we receive) and the peer's (on ours) */
    uint8_t dtls__cid_rx[DTLS__CID_ROOM], dtls__cid_tx[DTLS__CID_ROOM];
    uint16_t dtls__tx_limit;         /* the peer's record size limit on our records (0: 2^14; flight.c) */
#if DTLS_ENABLE_HEARTBEAT
    uint32_t dtls__hb_at;            /* heartbeat.c: when our request in flight goes again (or fails) */
    uint32_t dtls__hb_rto;           /* ... its retransmission timeout */
    uint8_t dtls__hb;                /* DTLS__HB_* (heartbeat.h): the negotiated modes, a request in flight */
    uint8_t dtls__hb_retx;           /* ... its retransmissions */
    uint8_t dtls__hb_payload[DTLS__HB_PAYLOAD]; /* ... its payload, which the response echoes */
#endif
    uint8_t dtls__addr[DTLS_MAX_ADDR];
    uint8_t dtls__client_random[32];
    uint8_t dtls__verify[12];        /* our Finished's verify_data (regenerated for the duty) */
    uint16_t dtls__rq_len[DTLS__RQ_MAX];
    uint16_t dtls__rx_limit;         /* ours, once negotiated: larger records from the peer are dropped (0: none) */
    uint16_t dtls__srtp;             /* srtp.c: the SRTP protection profile negotiated (0: none) */
    uint8_t *dtls__rq_ptr[DTLS__RQ_MAX]; /* decrypted records: in the caller's datagram (or an early slot) */
#if DTLS_ENABLE_RESUMPTION
    void *dtls__sess;                /* client: the caller's session buffer; server: its cache slot, or NULL */
    uint16_t dtls__sess_cap, dtls__sess_len; /* client: its capacity, the saved session's length (0: none) */
    uint32_t dtls__sess_tag;         /* server: the slot's serial when this session was put there */
    uint8_t dtls__sess_flags;        /* DTLS__SSC_* (session.h) */
#endif
} dtls_conn;

/* Many peers on one port (server.c). */
typedef struct dtls_server {
    dtls_ctx *dtls__ctx;
    dtls_conn *dtls__slots;
    size_t dtls__n_slots;
    uint32_t *dtls__ix;        /* the index (dtls_server_index), or NULL: every slot is scanned */
    size_t dtls__ix_buckets;   /* buckets at dtls__ix (3 per slot), then the deadline heap */
    size_t dtls__heap_n;       /* ... entries in the heap */
    uint8_t dtls__ix_key[16];  /* the buckets' SipHash key, random per server */
} dtls_server;

/* The layout guard.  The structures' sizes depend on options (DTLS_ENABLE_*,
 * DTLS_MAX_*, DTLS_HS_BUFFER, ...) that the application's translation unit
 * and the library's must agree on; where a build system compiles the
 * library apart (Arduino, PlatformIO, ESP-IDF, CMake), an option set in one
 * place only would make them differ silently.  So every init that writes
 * caller memory (dtls_ctx_init, dtls_conn_init, dtls_server_init,
 * dtls_credential_init) is a macro passing the application's DTLS_LAYOUT,
 * a number made from the options and the structures' sizes as its
 * translation unit sees them; the library compares it with its own before
 * the first write and refuses a mismatch with DTLS_ERR_LAYOUT. */
#define DTLS__LAYOUT_MIX(h, v) ((uint32_t)(((uint32_t)(h) ^ (uint32_t)(v)) * UINT32_C(0x01000193)))
#if DTLS_ENABLE_CERTS
#define DTLS__LAYOUT_CERT_SIZES DTLS__LAYOUT_MIX(sizeof(dtls_credential), sizeof(dtls_private_key))
#else
#define DTLS__LAYOUT_CERT_SIZES 0u
#endif
#define DTLS__LAYOUT_OPTIONS                                                                                        \
    ((uint32_t)DTLS_ENABLE_CERTS | (uint32_t)DTLS_ENABLE_RSA << 1 | (uint32_t)DTLS_ENABLE_SHA384 << 2 |             \
     (uint32_t)DTLS_ENABLE_P256 << 3 | (uint32_t)DTLS_ENABLE_X25519 << 4 | (uint32_t)DTLS_ENABLE_P384 << 5 |      \
     (uint32_t)DTLS_ENABLE_AES << 6 | (uint32_t)DTLS_ENABLE_GCM << 7 | (uint32_t)DTLS_ENABLE_CCM << 8 |           \
     (uint32_t)DTLS_ENABLE_CHACHAPOLY << 9 | (uint32_t)DTLS_ENABLE_CLIENT << 10 |                                  \
     (uint32_t)DTLS_ENABLE_SERVER << 11 | (uint32_t)DTLS_ENABLE_CID << 12 |                                        \
     (uint32_t)DTLS_ENABLE_HEARTBEAT << 13 | (uint32_t)DTLS_HS_BUFFER << 14 |       \
     (uint32_t)DTLS_ENABLE_RESUMPTION << 31)
#define DTLS_LAYOUT                                                                                                 \
    DTLS__LAYOUT_MIX(                                                                                               \
        DTLS__LAYOUT_MIX(DTLS__LAYOUT_MIX(DTLS__LAYOUT_MIX(DTLS__LAYOUT_MIX(DTLS__LAYOUT_MIX(DTLS__LAYOUT_MIX(      \
                                                                 UINT32_C(0x811C9DC5), sizeof(dtls_config)),          \
                                                             sizeof(dtls_ctx)),                                         \
                                                         sizeof(dtls_conn)),                                            \
                                         sizeof(dtls_hs)),                                                              \
                                     sizeof(dtls_server)),                                                              \
                         sizeof(dtls_stats)),                                                                         \
        DTLS__LAYOUT_MIX(DTLS__LAYOUT_CERT_SIZES, DTLS__LAYOUT_OPTIONS))

/* ---- endpoint ---- */

/* Sets up an endpoint.  tx is the transmit buffer (at least cfg->mtu bytes),
 * hs an array of n_hs handshake scratch areas (a client needs one; a server
 * as many as handshakes it runs at once).  All stay owned by the caller and
 * must outlive ctx.  DTLS_ERR_BAD_ARG for a missing mandatory callback or an
 * inconsistent setting (e.g. no usable suite). */
DTLS_API int dtls_ctx_init_layout(dtls_ctx *ctx, const dtls_config *cfg, uint8_t *tx, size_t tx_cap, dtls_hs *hs,
                                  size_t n_hs, uint32_t layout);
#define dtls_ctx_init(ctx, cfg, tx, tx_cap, hs, n_hs) dtls_ctx_init_layout(ctx, cfg, tx, tx_cap, hs, n_hs, DTLS_LAYOUT)

/* ---- one connection ---- */

/* Client: prepares conn for the peer at addr (opaque bytes, copied, handed
 * back to cfg->send).  conn is the caller's and stays where it is until the
 * caller is done with it (there is nothing to free).  Several connections
 * may share one ctx (a gateway talking to several servers): each has its own
 * receive queue, and ctx needs one dtls_hs per handshake running at once.
 * Calling it again on a connection starts it over (nothing is sent to the
 * peer; a handshake it was running gives its dtls_hs back).  Server
 * connections are set up by dtls_server_input. */
DTLS_API int dtls_conn_init_layout(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len,
                                   uint32_t layout);
#define dtls_conn_init(conn, ctx, addr, addr_len) dtls_conn_init_layout(conn, ctx, addr, addr_len, DTLS_LAYOUT)
/* Client: starts the handshake (sends the ClientHello).  Returns 0 or an error;
 * completion is seen through dtls_conn_is_established. */
DTLS_API int dtls_conn_connect(dtls_conn *conn);
/* Feeds one received datagram (decrypted in place; application records
 * queued for dtls_conn_read point into it).  Returns 0 (whatever it
 * contained: invalid records are dropped and counted), DTLS_ERR_IN_PROGRESS
 * (a hook is busy with this connection's handshake: the datagram was taken
 * all the same; dtls_conn_timer resumes the work, see "In progress" above),
 * DTLS_ERR_STATE (not connected; or from a callback), or the connection's
 * fatal error. */
DTLS_API int dtls_conn_input(dtls_conn *conn, uint8_t *datagram, size_t len);
/* Call when the deadline passed: retransmissions, timeouts, and the work a
 * busy hook left (DTLS_ERR_IN_PROGRESS while it is still busy). */
DTLS_API int dtls_conn_timer(dtls_conn *conn);
/* 1 and *at_ms when a deadline is set, 0 when none (after completion, apart
 * from the 2 x MSL duty of the side that sent the last flight).  "Now" while
 * a hook's work is pending.  One deadline per connection: the retransmission
 * timer, the duty and the end of a failed server slot all report here. */
DTLS_API int dtls_conn_deadline(const dtls_conn *conn, uint32_t *at_ms);
/* Copies the next received application record of this connection: its
 * length (> 0), DTLS_ERR_WOULD_BLOCK if none, DTLS_ERR_BUFFER_TOO_SMALL (the
 * record stays readable), DTLS_ERR_CLOSED after the peer's close_notify,
 * DTLS_ERR_STATE before dtls_conn_connect, or the fatal code.  Records must
 * be read before the datagram buffer given to input is reused (up to
 * DTLS__RQ_MAX records of one datagram are queued; more are dropped and
 * counted).  Server connections deliver through cfg->on_data instead. */
DTLS_API int dtls_conn_read(dtls_conn *conn, uint8_t *out, size_t cap);
/* Sends data as exactly one record in one datagram.  Returns len,
 * DTLS_ERR_TOO_BIG above dtls_conn_max_payload, DTLS_ERR_STATE before the
 * handshake completed, DTLS_ERR_SEQ_EXHAUSTED, or the fatal code. */
DTLS_API int dtls_conn_write(dtls_conn *conn, const uint8_t *data, size_t len);
/* Sends close_notify (once) and closes locally; unread records are dropped.
 * Afterwards input is refused (DTLS_ERR_CLOSED) but still looked at for the
 * peer's answering close_notify, which dtls_conn_peer_closed then reports.
 * May be called from a callback (the callback rule). */
DTLS_API int dtls_conn_close(dtls_conn *conn);
/* 1 when the peer's close_notify arrived (before or after ours). */
DTLS_API int dtls_conn_peer_closed(const dtls_conn *conn);
DTLS_API int dtls_conn_is_established(const dtls_conn *conn);
/* Largest write: min(cfg.max_record, the peer's record size limit once
 * negotiated (RFC 8449 record_size_limit, RFC 6066 max_fragment_length; less
 * one with a Connection ID), mtu - header - suite expansion).  A larger write
 * is refused, never split: one write is one datagram. */
DTLS_API size_t dtls_conn_max_payload(const dtls_conn *conn);
DTLS_API uint16_t dtls_conn_suite(const dtls_conn *conn);
/* The Connection IDs (RFC 9146) negotiated on conn: ours, which the peer puts
 * on the records it sends us, and the peer's, which we put on ours (either
 * may be empty).  1 and the four outputs (pointers into conn, valid while it
 * lives; any output may be NULL), or 0 when none was negotiated. */
DTLS_API int dtls_conn_cid(const dtls_conn *conn, const uint8_t **ours, size_t *ours_len, const uint8_t **peers,
                           size_t *peers_len);
/* The connection's sticky error (0 while healthy). */
DTLS_API int dtls_conn_error(const dtls_conn *conn);
/* Why the peer's certificate or raw public key was refused: a DTLS_ERR_CERT_*
 * code (the alert sent is in dtls_conn_error), or 0. */
DTLS_API int dtls_conn_cert_error(const dtls_conn *conn);
/* This connection's own counters (the endpoint's own: hello_verify_sent, no_slot_drops, half_open_evicted and
 * signatures_shed are 0). */
DTLS_API void dtls_conn_stats(const dtls_conn *conn, dtls_stats *out);
/* IANA name of a suite ("TLS_PSK_WITH_AES_128_CCM_8"), NULL if unknown.  On AVR
 * the name is in flash (a flash address, as dtls_strerror's): use dtls_suite_name_r. */
DTLS_API const char *dtls_suite_name(uint16_t suite);
/* Copies the IANA name into buf (at most cap - 1 bytes and a NUL; nothing when cap
 * is 0 or buf NULL) and returns its whole length (>= cap: cut); 0 and "" if unknown. */
DTLS_API size_t dtls_suite_name_r(uint16_t suite, char *buf, size_t cap);
/* Suite number from its IANA name, 0 if unknown or compiled out. */
DTLS_API uint16_t dtls_suite_from_name(const char *name);

/* ---- server: many peers on one UDP port ---- */

/* slots: the caller's array of n_slots connections (wiped here: all free).
 * srv, ctx and the slots stay owned by the caller, must outlive every use of
 * srv and are never moved; a slot is handed to the callbacks as a
 * dtls_conn *, valid until on_close returns. */
DTLS_API int dtls_server_init_layout(dtls_server *srv, dtls_ctx *ctx, dtls_conn *slots, size_t n_slots,
                                     uint32_t layout);
#define dtls_server_init(srv, ctx, slots, n_slots) dtls_server_init_layout(srv, ctx, slots, n_slots, DTLS_LAYOUT)
/* Feeds a datagram from addr (copied when a connection is made): stateless
 * cookie check for a new peer (nothing but HelloVerifyRequest before a valid
 * cookie, no state kept), else the connection of that address.  A valid
 * cookie that finds no free slot or handshake scratch evicts a half-open
 * handshake (nothing heard from its client since its ClientHello, for at
 * least retransmit_initial_ms / 4), chosen at random (on_close with
 * DTLS_ERR_NO_SLOT, counted in half_open_evicted); without one it is dropped
 * (no_slot_drops) and the client retransmits.  Data
 * arrives through cfg->on_data (pointing into datagram, valid during the
 * call).  Returns 0, or DTLS_ERR_IN_PROGRESS when that connection's
 * handshake waits for a busy crypto hook: every other peer is served
 * meanwhile, and dtls_server_timer resumes the work (the server's deadline
 * is "now" until it is done).  DTLS_ERR_STATE from a callback. */
DTLS_API int dtls_server_input(dtls_server *srv, uint8_t *datagram, size_t len, const uint8_t *addr,
                               size_t addr_len);
/* Runs every due timer (retransmissions, idle timeouts, the 2 x MSL duty). */
DTLS_API int dtls_server_timer(dtls_server *srv);
/* Earliest deadline of all slots: 1 and *at_ms, or 0 when none. */
DTLS_API int dtls_server_deadline(const dtls_server *srv, uint32_t *at_ms);
/* The index: finding a datagram's connection (by address, or by Connection
 * ID) and the next deadline in constant and logarithmic time instead of a
 * scan of every slot, for servers with many slots.  words: caller memory of
 * DTLS_SERVER_INDEX_WORDS(n_slots) (n_words) 32-bit words, kept and owned by
 * the caller for srv's life: three buckets per slot (for its address and its
 * Connection ID), hashed with SipHash-2-4 under a key drawn from the random
 * hook here (a peer cannot aim its addresses at one bucket), a binary heap of
 * the slots' deadlines and a stack of the free slots.  Call after
 * dtls_server_init, outside the callbacks; it indexes the connections that
 * exist (so call it again after changing cfg->idle_timeout_ms, which moves
 * deadlines the heap keeps).  Without it (the default: 28 bytes a slot
 * saved) every datagram and every deadline looks at each slot, which is the
 * cheaper choice up to a few dozen slots.  0, DTLS_ERR_BAD_ARG (n_words too
 * small, more than 2^31 slots), DTLS_ERR_RANDOM, DTLS_ERR_STATE from a
 * callback. */
#define DTLS_SERVER_INDEX_WORDS(n_slots) ((size_t)(n_slots)*7u + 1u)
DTLS_API int dtls_server_index(dtls_server *srv, uint32_t *words, size_t n_words);
/* The connection of the peer at addr (during a reconnect, RFC 6347 4.2.8,
 * the older one), or NULL.  The pointer is one of the caller's slots; it is
 * valid until that connection is closed (on_close). */
DTLS_API dtls_conn *dtls_server_find(const dtls_server *srv, const uint8_t *addr, size_t addr_len);
/* The endpoint's own counters (HelloVerifyRequests, no-slot drops, datagrams
 * that matched no connection) plus those of every live slot and of every slot
 * released so far. */
DTLS_API void dtls_server_stats(const dtls_server *srv, dtls_stats *out);

/* ---- session resumption (RFC 5246 7.3, RFC 5077; proto/session.c) ----
 * Built with DTLS_ENABLE_RESUMPTION (else these return DTLS_ERR_DISABLED).
 * What a resumption re-checks (never inherited from the first handshake):
 * extended master secret on both handshakes (RFC 7627 5.3; sessions without
 * it are never kept), the same SNI (RFC 6066 3), the suite still enabled and
 * offered, a PSK identity still known to the server's lookup with the same
 * key, a server's client-certificate policy (a session without a client
 * certificate does not resume under DTLS_VERIFY_REQUIRED; the verify callback
 * is not called again: the chain is not kept, only a hash of the peer's
 * key), and its lifetime.  A session ended by a fatal alert (sent or
 * received) is forgotten (RFC 5246 7.2): the cache entry is freed, the
 * client's buffer wiped.  A resuming client still goes through the cookie
 * exchange (RFC 6347 4.2.1 lets the server require it; the server keeps no
 * state before a valid cookie). */

/* Server: the session cache, n slots of the caller's memory (wiped here;
 * kept and owned by the caller for srv's life, n 0 turns it off).  Each full
 * handshake with extended master secret gets a random 32-byte session ID and
 * a slot: a free one, else an expired one, else the least recently used one
 * (made or resumed longest ago) is overwritten.  Slots hold master secrets:
 * the caller keeps them in RAM it does not share.  0, DTLS_ERR_BAD_ARG,
 * DTLS_ERR_STATE from a callback. */
DTLS_API int dtls_server_sessions(dtls_server *srv, dtls_session_slot *slots, size_t n);
/* Client, after dtls_conn_init and before dtls_conn_connect: buf (cap bytes,
 * DTLS_SESSION_MAX is always enough) is where conn keeps its session; it
 * stays the caller's and must stay valid while conn is used.  len > 0: buf
 * holds a session saved earlier (dtls_conn_session_save: its versioned
 * format and check value are verified, and it must match this config's
 * server name and suites), which the handshake offers to resume, by session
 * ID and ticket.  When a handshake completes with extended master secret,
 * buf receives the new (or resumed) session.  0, DTLS_ERR_DECODE (bad or
 * foreign bytes: nothing is offered, buf still receives the next session),
 * DTLS_ERR_BAD_ARG (cap < DTLS_SESSION_MAX - DTLS_MAX_TICKET), DTLS_ERR_STATE. */
DTLS_API int dtls_conn_session_restore(dtls_conn *conn, uint8_t *buf, size_t cap, size_t len);
/* Client: copies the resumable session (it includes the master secret: keep
 * it where only this device reads it) to out, which may be the buffer given
 * to dtls_conn_session_restore.  Its length, DTLS_ERR_STATE (none: not
 * established, no extended master secret, or forgotten after a fatal alert),
 * DTLS_ERR_BUFFER_TOO_SMALL. */
DTLS_API int dtls_conn_session_save(const dtls_conn *conn, uint8_t *out, size_t cap);
/* 1 when conn's handshake was an abbreviated one (a resumed session). */
DTLS_API int dtls_conn_resumed(const dtls_conn *conn);

/* SRTP protection profiles (RFC 5764 4.1.2, RFC 7714 14.2) for cfg.srtp_profiles. */
#define DTLS_SRTP_AES128_CM_SHA1_80 0x0001
#define DTLS_SRTP_AES128_CM_SHA1_32 0x0002
#define DTLS_SRTP_NULL_SHA1_80 0x0005
#define DTLS_SRTP_NULL_SHA1_32 0x0006
#define DTLS_SRTP_AEAD_AES_128_GCM 0x0007
#define DTLS_SRTP_AEAD_AES_256_GCM 0x0008
/* The SRTP protection profile use_srtp negotiated (RFC 5764 4.1.1) for the
 * handshake that completed last, 0 when none (not offered, nothing in
 * common, or built without DTLS_ENABLE_SRTP). */
DTLS_API uint16_t dtls_conn_srtp_profile(const dtls_conn *conn);

/* The keying material exporter (RFC 5705 4): out_len bytes of
 * PRF(master_secret, label, client_random || server_random [|| uint16
 * context_len || context]) under the session's PRF hash; with use_context 0
 * the context is left out (which differs from an empty one).  Only inside
 * cfg.on_keys, with the x it gives.  0; DTLS_ERR_UNSUPPORTED for a session
 * without extended master secret (RFC 7627 5.4: no export from a legacy
 * master secret); DTLS_ERR_BAD_ARG for NULL arguments, an empty label, a label
 * of TLS's own PRF ("master secret", "extended master secret", "key
 * expansion", "client finished", "server finished"), or a context longer than
 * DTLS_EXPORT_CONTEXT_MAX bytes. */
#define DTLS_EXPORT_CONTEXT_MAX 256
DTLS_API int dtls_export_keying_material(const dtls_exporter *x, uint8_t *out, size_t out_len, const char *label,
                                         const uint8_t *context, size_t context_len, int use_context);

/* ---- blocking helpers (need cfg->recv) ----
 * dtls_conn_handshake_blocking receives into a 1536-byte buffer on its own
 * stack (larger datagrams are truncated and dropped); dtls_conn_read_blocking
 * receives into out itself (cap bytes) and returns the first record moved to
 * its start.  Both wait at most timeout_ms (DTLS_ERR_WOULD_BLOCK after it). */
DTLS_API int dtls_conn_handshake_blocking(dtls_conn *conn, uint32_t timeout_ms);
DTLS_API int dtls_conn_read_blocking(dtls_conn *conn, uint8_t *out, size_t cap, uint32_t timeout_ms);

DTLS__EXTERN_C_END

#endif /* DTLS_API_H */
