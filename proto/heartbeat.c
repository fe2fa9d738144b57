/* heartbeat.c - heartbeat (RFC 6520) as a NAT keep-alive: the extension's
 * negotiation for both handshakes, HeartbeatMessage records (content type
 * 24) in and out, and the request's retransmission timer.
 *
 * Choices written down here:
 * - Off unless cfg DTLS_CFG_HEARTBEAT: then our hello carries the extension
 *   with peer_allowed_to_send (we answer requests), or with
 *   peer_not_allowed_to_send under DTLS_CFG_HEARTBEAT_NO_ANSWER (§2).  A
 *   server without the flag ignores the client's extension (as any unknown
 *   one); an unknown mode is illegal_parameter (§2).
 * - Messages only on an established connection in epoch >= 1 (§3: never
 *   during a handshake); others are dropped (records_dropped_epoch).  Without
 *   negotiation a type-24 record is dropped as any unknown content type
 *   (records_dropped_parse).  So are malformed and unwanted messages: a
 *   request when we said peer_not_allowed_to_send (§2: silently; no
 *   unexpected_message alert), a response that is not the echo of our
 *   request in flight (§4), an unknown message type.
 * - The over-read rule (§4; the Heartbleed class, CVE-2014-0160): a message
 *   whose payload_length + 3 + 16 exceeds the record's plaintext length is
 *   discarded silently, before any byte of its payload is read.
 * - An answer copies the payload exactly, with 16 random padding bytes, and
 *   only when it fits the record room (dtls_conn_max_payload: our mtu, the
 *   path MTU, and the record limit); a larger request gets no answer.
 * - Our request: a 16-byte random payload and 16 random padding bytes (35
 *   bytes), sent when nothing authenticated came from the peer for
 *   cfg.heartbeat_ms (any record of it counts, heartbeats included) and the
 *   peer allowed requests.  One in flight (§3).  It is retransmitted (the
 *   same payload, new padding) on flight.c's timer rules (§3 asks for
 *   RFC 6347 §4.2.4's): retransmit_initial_ms doubling up to
 *   retransmit_max_ms, one copy each time; retransmit_limit retransmissions
 *   unanswered fail the connection with DTLS_ERR_TIMEOUT at the next expiry,
 *   twice the last interval.  A response with the payload stops the timer;
 *   the next request follows heartbeat_ms after it. */
#include "heartbeat.h"
#include "engine.h"
#include "msg.h"
#include "record.h"
#include "../crypto/internal.h"

#if DTLS_ENABLE_HEARTBEAT

/* Log lines: DTLS__ROM (flash on AVR), given to dtls__log_rom. */
static const char dtls__hb_l_sent[] DTLS__ROM = "heartbeat request sent";
static const char dtls__hb_l_answered[] DTLS__ROM = "heartbeat response received";
static const char dtls__hb_l_timeout[] DTLS__ROM = "heartbeat unanswered: the peer is gone";

/* Our HeartbeatMode (what we allow the peer). */
static uint8_t dtls__hb_our_mode(const dtls_conn *conn)
{
    return (conn->dtls__ctx->dtls__cfg->flags & DTLS_CFG_HEARTBEAT_NO_ANSWER) ? (uint8_t)DTLS__HB_MODE_NOT_ALLOWED
                                                                            : (uint8_t)DTLS__HB_MODE_ALLOWED;
}

/* The negotiated state from the peer's mode (checked by the caller). */
static uint8_t dtls__hb_state(const dtls_conn *conn, uint8_t peer_mode)
{
    uint8_t s = DTLS__HB_ON;
    if (dtls__hb_our_mode(conn) == DTLS__HB_MODE_ALLOWED)
        s |= DTLS__HB_ANSWER;
    if (peer_mode == DTLS__HB_MODE_ALLOWED)
        s |= DTLS__HB_MAY_SEND;
    return s;
}

static int dtls__hb_mode_ok(uint8_t mode)
{
    return mode == DTLS__HB_MODE_ALLOWED || mode == DTLS__HB_MODE_NOT_ALLOWED;
}

DTLS__PRIV void dtls__hb_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    if (!(conn->dtls__ctx->dtls__cfg->flags & DTLS_CFG_HEARTBEAT))
        return;
    o->send_heartbeat = 1;
    o->heartbeat_mode = dtls__hb_our_mode(conn);
}

DTLS__PRIV int dtls__hb_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    conn->dtls__hb = 0;
    if (!sh->has_heartbeat)
        return 0;
    if (!(conn->dtls__ctx->dtls__cfg->flags & DTLS_CFG_HEARTBEAT))
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION); /* not offered */
    if (!dtls__hb_mode_ok(sh->heartbeat_mode))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    conn->dtls__hb = dtls__hb_state(conn, sh->heartbeat_mode);
    return 0;
}

DTLS__PRIV int dtls__hb_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    conn->dtls__hb = 0;
    if (!(conn->dtls__ctx->dtls__cfg->flags & DTLS_CFG_HEARTBEAT) || !ch->has_heartbeat)
        return 0;
    if (!dtls__hb_mode_ok(ch->heartbeat_mode))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    conn->dtls__hb = dtls__hb_state(conn, ch->heartbeat_mode);
    return 0;
}

DTLS__PRIV void dtls__hb_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    if (!(conn->dtls__hb & DTLS__HB_ON))
        return;
    o->send_heartbeat = 1;
    o->heartbeat_mode = dtls__hb_our_mode(conn);
}

/* One HeartbeatMessage { type, payload_length, payload, 16 random bytes }
 * in a record of the write epoch.  payload may be anywhere (the peer's
 * request in its datagram, or ours in conn).  The caller checked that it fits
 * dtls_conn_max_payload.  0, or a failed connection's error (random). */
static int dtls__hb_send(dtls_conn *conn, uint8_t type, const uint8_t *payload, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    uint8_t epoch = (uint8_t)conn->dtls__wr_epoch;
    uint8_t *m = ctx->dtls__tx + dtls__conn_record_prefix(conn, epoch); /* protected in place */
    int r;

    m[0] = type;
    m[1] = (uint8_t)(len >> 8);
    m[2] = (uint8_t)len;
    memmove(m + 3, payload, len);
    if (dtls__hs_random(ctx->dtls__cfg->hooks, m + 3 + len, DTLS__HB_PAD) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    r = dtls__conn_protect(conn, epoch, DTLS__CT_HEARTBEAT, ctx->dtls__tx, ctx->dtls__mtu, m, 3 + len + DTLS__HB_PAD);
    if (r > 0)
        dtls__conn_tx(conn, (size_t)r);
    return 0; /* a record not sent (sequence numbers exhausted) is a lost one: the timer decides */
}

DTLS__PRIV int dtls__hb_record(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len)
{
    dtls__counters *st = &conn->dtls__cnt;
    size_t n;

    if (epoch == 0 || conn->dtls__state != DTLS__CS_ESTABLISHED) {
        st->records_dropped_epoch++; /* never during a handshake (§3) */
        return 0;
    }
    if (!(conn->dtls__hb & DTLS__HB_ON) || len < 3 + DTLS__HB_PAD) {
        st->records_dropped_parse++;
        return 0;
    }
    n = ((size_t)body[1] << 8) | body[2];
    if (n + 3 + DTLS__HB_PAD > len) {
        st->records_dropped_parse++; /* §4: payload_length past the record: discarded silently */
        return 0;
    }
    if (body[0] == DTLS__HB_REQUEST && (conn->dtls__hb & DTLS__HB_ANSWER) &&
        3 + n + DTLS__HB_PAD <= dtls_conn_max_payload(conn))
        return dtls__hb_send(conn, DTLS__HB_RESPONSE, body + 3, n);
    if (body[0] == DTLS__HB_RESPONSE && (conn->dtls__hb & DTLS__HB_INFLIGHT) && n == DTLS__HB_PAYLOAD &&
        memcmp(body + 3, conn->dtls__hb_payload, DTLS__HB_PAYLOAD) == 0) {
        conn->dtls__hb = (uint8_t)(conn->dtls__hb & ~DTLS__HB_INFLIGHT); /* §4: the timer stops */
        dtls__log_rom(conn, dtls__hb_l_answered);
        return 0;
    }
    st->records_dropped_parse++; /* not ours to answer, not our echo, or an unknown type */
    return 0;
}

DTLS__PRIV int dtls__hb_deadline(const dtls_conn *conn, uint32_t *at)
{
    uint32_t ms = conn->dtls__ctx->dtls__cfg->heartbeat_ms;
    if (conn->dtls__state != DTLS__CS_ESTABLISHED || conn->dtls__err != 0)
        return 0;
    if (conn->dtls__hb & DTLS__HB_INFLIGHT) {
        *at = conn->dtls__hb_at;
        return 1;
    }
    if (ms == 0 || !(conn->dtls__hb & DTLS__HB_MAY_SEND) ||
        3 + DTLS__HB_PAYLOAD + DTLS__HB_PAD > dtls_conn_max_payload(conn))
        return 0; /* never sent, or larger than the path MTU allows */
    *at = conn->dtls__last_heard + ms;
    return 1;
}

DTLS__PRIV int dtls__hb_timer(dtls_conn *conn, uint32_t now)
{
    const dtls_ctx *ctx = conn->dtls__ctx;
    uint32_t at, wait;

    if (!dtls__hb_deadline(conn, &at) || !dtls__due(now, at))
        return 0;
    if (!(conn->dtls__hb & DTLS__HB_INFLIGHT)) {
        if (dtls__hs_random(ctx->dtls__cfg->hooks, conn->dtls__hb_payload, DTLS__HB_PAYLOAD) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        conn->dtls__hb |= DTLS__HB_INFLIGHT;
        conn->dtls__hb_retx = 0;
        conn->dtls__hb_rto = ctx->dtls__rto_initial;
        conn->dtls__hb_at = now + conn->dtls__hb_rto;
        dtls__log_rom(conn, dtls__hb_l_sent);
        return dtls__hb_send(conn, DTLS__HB_REQUEST, conn->dtls__hb_payload, DTLS__HB_PAYLOAD);
    }
    if (conn->dtls__hb_retx >= ctx->dtls__retx_limit) {
        dtls__log_rom(conn, dtls__hb_l_timeout);
        return dtls__fail(conn, DTLS_ERR_TIMEOUT);
    }
    conn->dtls__hb_retx++;
    conn->dtls__cnt.retransmissions++;
    wait = conn->dtls__hb_rto * 2; /* as flight.c: the wait before giving up is not capped */
    conn->dtls__hb_rto = conn->dtls__hb_rto > ctx->dtls__rto_max / 2 ? ctx->dtls__rto_max : conn->dtls__hb_rto * 2;
    if (conn->dtls__hb_retx < ctx->dtls__retx_limit || wait < conn->dtls__hb_rto)
        wait = conn->dtls__hb_rto;
    conn->dtls__hb_at = now + wait;
    return dtls__hb_send(conn, DTLS__HB_REQUEST, conn->dtls__hb_payload, DTLS__HB_PAYLOAD);
}

#else /* the stubs of a build without heartbeat */

DTLS__PRIV void dtls__hb_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    (void)conn;
    (void)o;
}

DTLS__PRIV int dtls__hb_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    return sh->has_heartbeat ? dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION) : 0; /* never offered */
}

DTLS__PRIV int dtls__hb_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    (void)conn;
    (void)ch;
    return 0;
}

DTLS__PRIV void dtls__hb_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    (void)conn;
    (void)o;
}

DTLS__PRIV int dtls__hb_record(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len)
{
    (void)epoch;
    (void)body;
    (void)len;
    conn->dtls__cnt.records_dropped_parse++; /* an unknown content type here */
    return 0;
}

DTLS__PRIV int dtls__hb_timer(dtls_conn *conn, uint32_t now)
{
    (void)conn;
    (void)now;
    return 0;
}

DTLS__PRIV int dtls__hb_deadline(const dtls_conn *conn, uint32_t *at)
{
    (void)conn;
    (void)at;
    return 0;
}

#endif /* DTLS_ENABLE_HEARTBEAT */
