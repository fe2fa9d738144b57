/* engine.h - private interface between the connection engine (engine.c,
 * handshake state machines) and the multi-peer server (server.c).  The
 * engine's author owns this file and may add to it; these entries are the
 * contract the server is written against. */
#ifndef DTLS_ENGINE_H
#define DTLS_ENGINE_H

#include "api.h"

DTLS__EXTERN_C_BEGIN

/* Prepares a free slot as a server connection for the peer at addr whose
 * ClientHello (in the datagram the server passes next to dtls_conn_input)
 * carries a valid cookie; takes a dtls_hs from ctx's pool.
 * DTLS_ERR_NO_SLOT when no handshake scratch is free. */
DTLS__PRIV int dtls__conn_accept(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len);
/* Frees the slot (wiping its secrets) and its handshake scratch, if any.
 * Calls no notification. */
DTLS__PRIV void dtls__conn_release(dtls_conn *conn);
/* 1 when the slot is free (never used, or released). */
DTLS__PRIV int dtls__conn_is_free(const dtls_conn *conn);
/* 1 when conn's peer address is exactly addr. */
DTLS__PRIV int dtls__conn_addr_equal(const dtls_conn *conn, const uint8_t *addr, size_t addr_len);
/* The client_random of the ClientHello that created conn (32 bytes): a new
 * ClientHello with the same random is a retransmission, never a reconnect. */
DTLS__PRIV const uint8_t *dtls__conn_client_random(const dtls_conn *conn);
/* 1 while conn is still handshaking, 0 once established or failed. */
DTLS__PRIV int dtls__conn_handshaking(const dtls_conn *conn);
/* 1 when a handshaking conn already reads epoch 1 (the peer's
 * ChangeCipherSpec arrived): the server then routes epoch-1 records from this
 * address to it rather than to the older connection (RFC 6347 4.2.8). */
DTLS__PRIV int dtls__conn_reads_epoch1(const dtls_conn *conn);
/* 1 when the engine has ended conn (on_close called) after sending a fatal
 * alert and keeps the slot only to repeat that alert to a peer retransmitting
 * its flight, until a short deadline (dtls_conn_deadline; dtls_conn_timer
 * then frees it, without notifying).  The server routes datagrams of conn's
 * address to it, but otherwise treats it as gone: it may release it
 * (dtls__conn_release) at any time and never notifies it again. */
DTLS__PRIV int dtls__conn_ended(const dtls_conn *conn);
/* dtls_conn_input and dtls_conn_timer for a caller that already holds the
 * endpoint (server.c, inside dtls_server_input / dtls_server_timer: the
 * callback rule's guard is taken once there). */
DTLS__PRIV int dtls__conn_feed(dtls_conn *conn, uint8_t *datagram, size_t len);
DTLS__PRIV int dtls__conn_tick(dtls_conn *conn);
/* 1 when conn is a half-open server handshake (nothing heard since its
 * ClientHello) at least retransmit_initial_ms / 4 old: server.c may evict it
 * for a newer valid-cookie ClientHello when no handshake scratch is free. */
DTLS__PRIV int dtls__conn_evictable(const dtls_conn *conn, uint32_t now);
/* Adds conn's counters (with the live reassembly's dropped fragments) to *to.
 * dtls__conn_release adds a server slot's counters to its ctx's dtls__stats. */
DTLS__PRIV void dtls__conn_stats_add(const dtls_conn *conn, dtls_stats *to);

/* Notifications and who frees a slot (one rule): for server-role connections
 * the engine calls cfg->on_connect (handshake completed), cfg->on_data, and,
 * exactly once, cfg->on_close for every end it sees itself (close_notify
 * received, dtls_conn_close, fatal alert sent or received, handshake timeout,
 * a failing callback), then releases the slot (dtls__conn_release) right
 * after on_close returns, before the entry point (dtls_conn_input,
 * dtls_conn_timer, dtls_conn_close) returns.  So after any engine call the
 * slot is either still in use and healthy, or free, or ended (dtls__conn_ended:
 * a fatal alert we sent, kept a few seconds to repeat it): the caller checks
 * dtls__conn_is_free() and dtls__conn_ended(), never dtls_conn_error(), and
 * never notifies a connection the engine ended.  server.c calls on_close and then
 * dtls__conn_release itself only for the ends it decides (a
 * connection replaced by its client's restart, the old side of a completed
 * reconnect).  Client-role connections belong to the application: the
 * engine never calls on_close for them and never frees them. */

/* ---- between engine.c, flight.c and handshake.c (not for server.c) ---- */

/* Every state and flag word's bits, defined here once. */

/* Connection states (dtls_conn.dtls__state). */
enum {
    DTLS__CS_FREE = 0, DTLS__CS_IDLE = 1, DTLS__CS_HANDSHAKE = 2, DTLS__CS_ESTABLISHED = 3,
    DTLS__CS_CLOSED = 4, DTLS__CS_FAILED = 5
};
/* dtls_conn.dtls__flags (engine.c, flight.c) */
#define DTLS__CF_PEER_CLOSED 0x01 /* close_notify received */
#define DTLS__CF_CLOSE_SENT 0x02  /* close_notify sent */
#define DTLS__CF_DUTY 0x04        /* we sent the last flight: answer the peer's retransmitted final flight */
#define DTLS__CF_HS_LINGER 0x08   /* client: hs kept while a queued record points into it */
#define DTLS__CF_ENDED 0x10       /* server: failed after sending a fatal alert, on_close called; the slot
                                   * stays until dtls__duty_until to repeat the alert, then frees */
/* dtls_hs.dtls__flags (handshake.c) */
#define DTLS__HSF_VERSION_LOCK 0x01 /* ServerHello sent/received: epoch-0 records must be 0xFEFD */
#define DTLS__HSF_PEER_LAST 0x02    /* dtls__peer_last is valid */
#define DTLS__HSF_FIN_AUTH 0x04     /* an epoch-1 handshake record failed authentication (wrong PSK?) */
#define DTLS__HSF_EMS 0x08          /* extended master secret negotiated */
#define DTLS__HSF_RENEG 0x10        /* server: the client signalled secure renegotiation */
#define DTLS__HSF_WE_LAST 0x20      /* we send the handshake's last flight (full handshake: the server;
                                     * an abbreviated one reverses it): it has no timer, and the duty */
#define DTLS__HSF_AUX 0x40          /* client: ServerKeyExchange seen; server: ec_point_formats offered */
#define DTLS__HSF_CCS_EARLY 0x80    /* the peer's ChangeCipherSpec came before the message it follows */
/* dtls_hs.dtls__progress: steps of a resumable state already done (handshake.c) */
#define DTLS__HSP_KEYGEN 0x01 /* our ECDH share is made */
#define DTLS__HSP_CKE 0x02    /* client: ClientKeyExchange written and hashed */
#define DTLS__HSP_MASTER 0x04 /* master secret derived */
#define DTLS__HSP_SEQ 0x08    /* server: the ClientHello's message_seq is known */
#define DTLS__HSP_F4 0x10     /* server: ServerHello (and Certificate) of flight 4 written */
#define DTLS__HSP_SKE 0x20    /* server: the ServerKeyExchange params written (its signature may be pending) */
#define DTLS__HSP_CV 0x40     /* client: CertificateVerify written and hashed */
#define DTLS__HSP_PRF_KEY 0x80 /* the PRF keyed by the master secret is kept in dtls__peer_point (handshake.c) */

#define DTLS__FLIGHT_CCS 0xFF /* the flight entry type of a ChangeCipherSpec */
#define DTLS__FLIGHT_REF 0x80 /* in an entry's epoch byte: the body is at dtls_hs.dtls__flight_ref, not inline */
#define DTLS__FLIGHT_ENTRY 6  /* per stored message: epoch, type, message_seq(2), length(2) */

/* dtls_hs.dtls__cert_flags (handshake_cert.c) */
#define DTLS__HSC_SRV_RPK 0x01        /* the server's certificate is a raw public key */
#define DTLS__HSC_CLI_RPK 0x02        /* the client's certificate is a raw public key */
#define DTLS__HSC_SRV_TYPE 0x04       /* server: answer server_certificate_type */
#define DTLS__HSC_CLI_TYPE 0x08       /* server: answer client_certificate_type */
#define DTLS__HSC_CERT_REQ 0x10       /* a CertificateRequest was sent / received */
#define DTLS__HSC_PEER_CERT 0x20      /* the peer presented a certificate (server: a CertificateVerify must follow) */
#define DTLS__HSC_NO_CERT_SUITES 0x40 /* server: no credential, or the certificate types do not work out */
#define DTLS__HSC_TYPE_MISMATCH 0x80  /* server: ... because of the certificate types (unsupported_certificate) */
#define DTLS__HSC_SNI_ACK 0x100       /* server: we used the client's server_name (acknowledge it) */

/* A hook entry that answers "in progress" where the caller cannot stop (a
 * record half opened, a transcript update) is called again at once, at most
 * DTLS__POLL_MAX times (then the hook's answer stands).  r = call. */
#define DTLS__POLL_MAX 100000L
#define DTLS__POLL(r, call)                                                                                         \
    do {                                                                                                            \
        long n_ = 0;                                                                                                \
        do                                                                                                          \
            (r) = (call);                                                                                           \
        while ((r) == DTLS_ERR_IN_PROGRESS && ++n_ < DTLS__POLL_MAX);                                               \
    } while (0)

/* handshake.c: shared with handshake_cert.c */
/* The random and hash dispatch (crypto/hooks.h), polling a hook that answers "in progress". */
DTLS__PRIV int dtls__hs_random(const dtls_crypto_hooks *hooks, uint8_t *out, size_t len);
DTLS__PRIV int dtls__hs_h_init(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, int alg);
DTLS__PRIV int dtls__hs_h_update(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, const uint8_t *data, size_t len);
DTLS__PRIV int dtls__hs_h_final(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, uint8_t *out);
DTLS__PRIV int dtls__hs_hash(dtls_conn *conn, uint8_t type, uint16_t seq, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hs_hash_now(dtls_conn *conn, uint8_t out[48], size_t *out_len);
DTLS__PRIV int dtls__hs_hash_last(dtls_conn *conn);
DTLS__PRIV int dtls__hs_add(dtls_conn *conn, uint8_t epoch, uint8_t type, size_t len);
DTLS__PRIV int dtls__hs_group_ok(const dtls_conn *conn, uint16_t group, size_t point_len);
/* 1 when len is the ECDH share length of group (X25519: 32, secp256r1: 65 uncompressed). */
DTLS__PRIV int dtls__hs_point_ok(uint16_t group, size_t len);

struct dtls__client_hello;
struct dtls__client_hello_out;
struct dtls__server_hello;
struct dtls__server_hello_out;
struct dtls__suite;
/* handshake_cert.c: the certificate steps of both state machines (see
 * there).  Built without certificates (DTLS_ENABLE_CERTS 0) they are stubs
 * that no handshake reaches (no certificate suite exists then), so
 * handshake.c calls them without a feature #if. */
DTLS__PRIV uint16_t dtls__hsc_flags(const dtls_conn *conn); /* DTLS__HSC_* of this handshake */
DTLS__PRIV void dtls__hsc_rewind(dtls_conn *conn);          /* forget what the server's flight said */
DTLS__PRIV void dtls__hsc_server_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch);
DTLS__PRIV int dtls__hsc_server_suite_ok(dtls_conn *conn, const struct dtls__suite *s,
                                         const struct dtls__client_hello *ch);
DTLS__PRIV void dtls__hsc_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o);
DTLS__PRIV int dtls__hsc_commit_certificate(dtls_conn *conn, uint8_t peer_rpk_flag);
DTLS__PRIV int dtls__hsc_server_ske(dtls_conn *conn, uint8_t params_done_flag);
DTLS__PRIV int dtls__hsc_server_cke(dtls_conn *conn, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hsc_server_cert_verify(dtls_conn *conn, const uint8_t *body, size_t len);
DTLS__PRIV void dtls__hsc_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o);
DTLS__PRIV int dtls__hsc_client_server_hello(dtls_conn *conn, const struct dtls__server_hello *sh, int cert_suite);
DTLS__PRIV int dtls__hsc_client_ske(dtls_conn *conn, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hsc_client_cert_request(dtls_conn *conn, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hsc_client_kex(dtls_conn *conn);
DTLS__PRIV int dtls__hsc_client_cert_verify(dtls_conn *conn);
DTLS__PRIV int dtls__hsc_peer_certificate(dtls_conn *conn, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hsc_too_big(dtls_conn *conn);

/* handshake.c */
DTLS__PRIV int dtls__hs_start(dtls_conn *conn);                             /* client: sends the ClientHello */
/* A handshake record's fragments (epoch: the record's; new messages count
 * only from the current read epoch, older epochs only signal retransmission). */
DTLS__PRIV int dtls__hs_record(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__hs_ccs(dtls_conn *conn);                               /* the peer's ChangeCipherSpec */
DTLS__PRIV int dtls__hs_resume(dtls_conn *conn);                            /* work a hook left "in progress" */


/* handshake.c: 1 when a server handshake has heard nothing from its client
 * since the ClientHello (it awaits the client's second flight). */
DTLS__PRIV int dtls__hs_half_open(const dtls_conn *conn);
/* handshake.c: the client's rewind when its cookie ClientHello goes out
 * again (flight.c): a partial server flight is dropped and a ServerHello is
 * the next expected message, so a server that restarts its handshake for
 * every cookie ClientHello (tinydtls) is followed.  1 when it rewound. */
DTLS__PRIV int dtls__hs_rewind(dtls_conn *conn);

/* engine.c */
DTLS__PRIV uint32_t dtls__now(const dtls_conn *conn);
/* A DTLS__ROM line (a static const char array, crypto/prologue.h: in flash on
 * AVR) to cfg.log, copied into RAM (cut at 79 bytes) only when one is set.
 * Without logs (DTLS_ENABLE_LOG 0) the call and, unreferenced, the line go. */
#if DTLS_ENABLE_LOG
DTLS__PRIV void dtls__log_rom(const dtls_conn *conn, const char *rom_line);
#else
#define dtls__log_rom(conn, rom_line) ((void)(conn), (void)(rom_line))
#endif
/* Wrap-safe: 1 when now is at or after at. */
DTLS__PRIV int dtls__due(uint32_t now, uint32_t at);
/* One record in epoch (0 or the current write epoch) at out; the write
 * sequence number moves on.  Its length, or an error. */
/* Where a record's payload goes in place (header, the peer's CID, explicit
 * nonce), and what protection adds to it in all, in epoch (0 or the write
 * epoch). */
DTLS__PRIV size_t dtls__conn_record_prefix(const dtls_conn *conn, uint8_t epoch);
DTLS__PRIV size_t dtls__conn_record_overhead(const dtls_conn *conn, uint8_t epoch);
/* The most plaintext one record of ours in epoch may carry: 2^14 or the
 * peer's record size limit (dtls__tx_limit), less the inner type byte of a
 * tls12_cid record (counted against the limit, as RFC 8449 §4 counts TLS
 * 1.3's inner plaintext). */
DTLS__PRIV size_t dtls__conn_record_room(const dtls_conn *conn, uint8_t epoch);
DTLS__PRIV int dtls__conn_protect(dtls_conn *conn, uint8_t epoch, uint8_t type, uint8_t *out, size_t cap,
                                  const uint8_t *payload, size_t len);
/* Sends ctx's transmit buffer's first len bytes to the peer (counted). */
DTLS__PRIV void dtls__conn_tx(dtls_conn *conn, size_t len);
/* 1 when cfg has PSK credentials / can do certificate suites (for its role). */
DTLS__PRIV int dtls__ctx_has_psk(const dtls_config *cfg);
DTLS__PRIV int dtls__cfg_rpk(const dtls_config *cfg);
DTLS__PRIV int dtls__ctx_has_certs(const dtls_config *cfg);
/* Sends a fatal alert in the current write epoch and fails conn: returns DTLS_ERR_ALERT_SENT(desc). */
DTLS__PRIV int dtls__fatal(dtls_conn *conn, uint8_t desc);
DTLS__PRIV void dtls__send_alert(dtls_conn *conn, uint8_t level, uint8_t desc);
/* Fails conn with err (no alert).  Returns err. */
DTLS__PRIV int dtls__fail(dtls_conn *conn, int err);
/* The handshake completed (the last flight: DTLS__HSF_WE_LAST says whose).
 * Calls on_connect; the engine drains early records and lets hs go after. */
DTLS__PRIV void dtls__complete(dtls_conn *conn);

/* flight.c: our flight and its retransmission (RFC 6347 4.2.4) */
/* One stored message of the flight, as dtls__flight_iter decodes it. */
typedef struct dtls__flight_msg {
    uint8_t epoch, type; /* type DTLS__FLIGHT_CCS: a ChangeCipherSpec */
    uint16_t seq;
    size_t len;
    const uint8_t *body; /* inline, or our Certificate in the credential */
} dtls__flight_msg;
/* The entry at *off (start with 0): 1 and *m, *off moved past it; 0 at the end. */
DTLS__PRIV int dtls__flight_iter(const dtls_hs *hs, size_t *off, dtls__flight_msg *m);
DTLS__PRIV void dtls__flight_reset(dtls_conn *conn);
/* Room for the next message body: returns where to write it and *cap. */
DTLS__PRIV uint8_t *dtls__flight_next(dtls_conn *conn, size_t *cap);
/* Stores the message just written at dtls__flight_next (type DTLS__FLIGHT_CCS for a CCS, len 1). */
DTLS__PRIV int dtls__flight_commit(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq, size_t len);
#if DTLS_ENABLE_CERTS
/* Stores a message whose body stays where it is (our Certificate, in the
 * credential, which outlives the handshake): at most one per flight. */
DTLS__PRIV int dtls__flight_commit_ref(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq,
                                       const uint8_t *body, size_t len);
#endif
/* Sends the whole flight (packing, fragmenting to the current MTU) and
 * starts its timer, or with DTLS__HSF_WE_LAST (the handshake's last
 * flight) none. */
DTLS__PRIV int dtls__flight_send(dtls_conn *conn);
/* The peer retransmitted its previous flight: ours goes out again once and
 * the timer restarts (4.2.4). */
DTLS__PRIV void dtls__flight_peer_resend(dtls_conn *conn);
/* The retransmission timer at now: resends (with copies and back-off), or
 * fails the handshake with DTLS_ERR_TIMEOUT.  0 or the error. */
DTLS__PRIV int dtls__flight_timer(dtls_conn *conn, uint32_t now);
/* Starts the duty of the side that sent the last flight (answering the
 * peer's retransmitted final flight until 2 x MSL passed or its data came). */
DTLS__PRIV void dtls__flight_duty_start(dtls_conn *conn);
/* The duty: our ChangeCipherSpec + Finished regenerated from verify_data. */
DTLS__PRIV void dtls__flight_duty_resend(dtls_conn *conn);

/* flight.c: the record size limits (RFC 8449 record_size_limit, RFC 6066 §4
 * max_fragment_length) the hellos negotiate: they set conn's dtls__tx_limit
 * (what the peer accepts: our records and handshake fragments from then on)
 * and dtls__rx_limit (what we advertised: larger records are dropped).  The
 * _in functions return 0, or the fatal alert sent (the connection failed).
 * Built without DTLS_ENABLE_RECORD_SIZE they do nothing (and return 0). */
DTLS__PRIV void dtls__rs_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o);
DTLS__PRIV int dtls__rs_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh);
DTLS__PRIV int dtls__rs_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch);
DTLS__PRIV void dtls__rs_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o);

DTLS__EXTERN_C_END

#endif /* DTLS_ENGINE_H */
