/* flight.c - our flight and its retransmission (RFC 6347 §4.2.4): the flight
 * buffer (messages, not datagrams, at the start of dtls_hs.dtls__buf) with
 * one decoder of its entries, sending it packed and fragmented to the
 * current MTU, the retransmission timer with its back-off and copies, the
 * resend the peer's retransmission triggers, and the duty of the side that
 * sends the handshake's last flight.
 *
 * Choices written down here:
 * - Timer: a new flight starts at retransmit_initial_ms when the previous
 *   flight was answered without retransmission, else at the backed-off
 *   value; each timer retransmission doubles it up to retransmit_max_ms;
 *   retransmit_limit timer retransmissions unanswered end the handshake with
 *   DTLS_ERR_TIMEOUT at the next expiry, which is twice the last interval,
 *   not capped (defaults: sent at 0, retransmitted at 1, 3, 7, 15, 31, 63 s,
 *   timed out at 127 s).
 * - Copies: a timer retransmission sends the flight retransmit_copies times
 *   (default 2; docs/DESIGN.md 5 shows why one copy cannot complete 1000 of
 *   1000 handshakes under 20% loss with 6 retransmissions), except our
 *   ClientHello with a cookie: a server that starts a new handshake for
 *   every such ClientHello (tinydtls) would answer each copy with another
 *   ServerHello, so it goes once, and the client rewinds to await a
 *   ServerHello (dtls__hs_rewind).  A resend the peer's retransmission
 *   triggers sends one copy.
 * - Path-MTU back-off: the third timer retransmission of a flight (after two
 *   unanswered) is fragmented at min(548, mtu), the fifth and later at
 *   mtu_floor.  Our ClientHello is never fragmented.
 * - The duty of the side that sent the last flight lasts the longer of
 *   2 x MSL (240 s, MSL = 120 s as in TCP) and retransmit_limit x
 *   retransmit_max_ms (the longest a peer with our settings may keep
 *   retransmitting its final flight after the copy that completed us; 360 s
 *   with the defaults).  Each authenticated copy of the peer's Finished is
 *   answered by regenerating our ChangeCipherSpec + Finished from the stored
 *   verify_data and the epoch-1 keys; it ends early when authenticated
 *   application data arrives (the peer has our Finished).
 * - Record size (RFC 8449 record_size_limit, RFC 6066 §4 max_fragment_length;
 *   DTLS_ENABLE_RECORD_SIZE): a client offers record_size_limit = cfg
 *   max_record when set, and max_fragment_length when cfg asks; a server
 *   answers a record_size_limit with its own (max_record, 2^14 when unset)
 *   and ignores a max_fragment_length beside it (RFC 8449 §5), else echoes a
 *   max_fragment_length.  The peer's limit (dtls__tx_limit; a
 *   record_size_limit above 2^14 means 2^14, RFC 8449 §4) bounds every record
 *   we send from the hello that sets it on: application data
 *   (dtls_conn_write: DTLS_ERR_TOO_BIG above dtls_conn_max_payload, never
 *   split, as for a write above the MTU), and every handshake fragment, the
 *   unprotected ones too (RFC 8449 §4 asks it of protected records only: a
 *   constrained peer gains from the rest).  While a limit holds, no datagram
 *   of a flight is larger than one record of it either (several smaller
 *   records still share one): the peer's receive buffer, sized for one
 *   record, takes every datagram.  Our ClientHello goes before any limit is
 *   known, whole as always.  Ours (dtls__rx_limit: max_record, or the
 *   max_fragment_length) drops larger protected records of the peer
 *   (RFC 8449 §4 lets a DTLS endpoint discard them); unprotected ones are
 *   taken whatever their size (RFC 8449 §4 does not bound them).  Invalid
 *   values are illegal_parameter: a record_size_limit below 64 (§4), a
 *   max_fragment_length code outside 1..4 at the server, a client's
 *   max_fragment_length echoed with another value or beside a
 *   record_size_limit (RFC 6066 §4, RFC 8449 §5); one we did not offer is
 *   unsupported_extension.  Each handshake, a resumed one too, negotiates
 *   afresh (RFC 8449 §4). */
#include "engine.h"
#include "hs_msg.h"
#include "msg.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

#define DTLS__FLIGHT_PMTU_MID 548
#define DTLS__FLIGHT_2MSL UINT32_C(240000)       /* 2 x MSL (RFC 6347 4.2.4, MSL of RFC 793) */
#define DTLS__FLIGHT_DUTY_MAX UINT32_C(0x40000000) /* about 12 days: wrap-safe comparisons need < 2^31 */

/* The entry header (epoch, type, message_seq, length), decoded here only. */
DTLS__PRIV int dtls__flight_iter(const dtls_hs *hs, size_t *off, dtls__flight_msg *m)
{
    const uint8_t *e = hs->dtls__buf + *off;
    size_t inline_len;
    if (*off + DTLS__FLIGHT_ENTRY > hs->dtls__flight_len)
        return 0;
    m->epoch = e[0];
    m->type = e[1];
    m->seq = (uint16_t)(((unsigned)e[2] << 8) | e[3]);
    m->len = ((size_t)e[4] << 8) | e[5];
    m->body = e + DTLS__FLIGHT_ENTRY;
    inline_len = m->len;
#if DTLS_ENABLE_CERTS
    if (m->epoch & DTLS__FLIGHT_REF) { /* our Certificate, from the credential */
        m->epoch = (uint8_t)(m->epoch & ~DTLS__FLIGHT_REF);
        m->body = hs->dtls__flight_ref;
        inline_len = 0;
    }
#endif
    *off += DTLS__FLIGHT_ENTRY + inline_len;
    return 1;
}

DTLS__PRIV void dtls__flight_reset(dtls_conn *conn)
{
    conn->dtls__hs->dtls__flight_len = 0;
#if DTLS_ENABLE_CERTS
    conn->dtls__hs->dtls__flight_ref = NULL;
#endif
}

DTLS__PRIV uint8_t *dtls__flight_next(dtls_conn *conn, size_t *cap)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t used = (size_t)hs->dtls__flight_len + DTLS__FLIGHT_ENTRY;
    *cap = used < DTLS__FLIGHT_CAP ? DTLS__FLIGHT_CAP - used : 0;
    return hs->dtls__buf + (used < DTLS__FLIGHT_CAP ? used : DTLS__FLIGHT_CAP);
}

DTLS__PRIV int dtls__flight_commit(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    uint8_t *e = hs->dtls__buf + hs->dtls__flight_len;
    if ((size_t)hs->dtls__flight_len + DTLS__FLIGHT_ENTRY + len > DTLS__FLIGHT_CAP)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    e[0] = epoch;
    e[1] = type;
    e[2] = (uint8_t)(seq >> 8);
    e[3] = (uint8_t)seq;
    e[4] = (uint8_t)(len >> 8);
    e[5] = (uint8_t)len;
    hs->dtls__flight_len = (uint16_t)(hs->dtls__flight_len + DTLS__FLIGHT_ENTRY + len);
    return 0;
}

#if DTLS_ENABLE_CERTS
DTLS__PRIV int dtls__flight_commit_ref(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq,
                                       const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    if (len > 0xFFFF || hs->dtls__flight_ref != NULL)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    if (dtls__flight_commit(conn, (uint8_t)(epoch | DTLS__FLIGHT_REF), type, seq, 0) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    hs->dtls__buf[hs->dtls__flight_len - DTLS__FLIGHT_ENTRY + 4] = (uint8_t)(len >> 8);
    hs->dtls__buf[hs->dtls__flight_len - DTLS__FLIGHT_ENTRY + 5] = (uint8_t)len;
    hs->dtls__flight_ref = body;
    return 0;
}
#endif


/* Sends every stored message once, packed into datagrams of the current
 * (possibly backed-off) size. */
static int dtls__flight_emit(dtls_conn *conn)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    dtls_hs *hs = conn->dtls__hs;
    uint8_t *tx = ctx->dtls__tx;
    size_t pos = 0, off = 0, mtu = hs->dtls__mtu;
    dtls__flight_msg m;
    int r;

    while (dtls__flight_iter(hs, &off, &m)) {
        size_t fo = 0, ovh = dtls__conn_record_overhead(conn, m.epoch);
        size_t pre = dtls__conn_record_prefix(conn, m.epoch);
        if (m.type == DTLS__FLIGHT_CCS) {
            if (pos + ovh + 1 > mtu) {
                dtls__conn_tx(conn, pos);
                pos = 0;
            }
            r = dtls__conn_protect(conn, m.epoch, DTLS__CT_CHANGE_CIPHER_SPEC, tx + pos, mtu - pos, m.body, 1);
            if (r < 0)
                return r;
            pos += (size_t)r;
            continue;
        }
        {
            /* the ClientHello is never fragmented: it goes at the configured mtu; the others in records of at
             * most the peer's limit (rec), in datagrams of at most one such record once it is negotiated */
            size_t limit = m.type == DTLS__HS_CLIENT_HELLO ? ctx->dtls__mtu : mtu;
            size_t rec = m.type == DTLS__HS_CLIENT_HELLO ? DTLS__PLAINTEXT_MAX : dtls__conn_record_room(conn, m.epoch);
            if (DTLS_ENABLE_RECORD_SIZE && conn->dtls__tx_limit != 0 && m.type != DTLS__HS_CLIENT_HELLO &&
                limit > rec + ovh)
                limit = rec + ovh;
            do {
                size_t left = m.len - fo, room = limit > pos ? limit - pos : 0, want;
                want = ovh + DTLS__HS_HEADER_LEN + (left < 64 ? left : 64);
                if (m.type == DTLS__HS_CLIENT_HELLO)
                    want = ovh + DTLS__HS_HEADER_LEN + left;
                if (pos > 0 && room < want) {
                    dtls__conn_tx(conn, pos);
                    pos = 0;
                    room = limit;
                }
                if (room < ovh + DTLS__HS_HEADER_LEN + (left ? 1 : 0))
                    return DTLS_ERR_TOO_BIG;
                r = dtls__hs_fragment(tx + pos + pre, room - ovh < rec ? room - ovh : rec, m.type, m.seq, m.body,
                                      (uint32_t)m.len, (uint32_t)fo);
                if (r < 0)
                    return r;
                fo += (size_t)r;
                r = dtls__conn_protect(conn, m.epoch, DTLS__CT_HANDSHAKE, tx + pos, room,
                                       tx + pos + pre, DTLS__HS_HEADER_LEN + (size_t)r);
                if (r < 0)
                    return r;
                pos += (size_t)r;
            } while (fo < m.len);
        }
    }
    dtls__conn_tx(conn, pos);
    return 0;
}

DTLS__PRIV int dtls__flight_send(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    int r = dtls__flight_emit(conn);
    if (r != 0)
        return r;
    if (hs->dtls__flags & DTLS__HSF_WE_LAST) {
        hs->dtls__armed = 0; /* the last flight: the duty answers retransmissions */
        return 0;
    }
    if (hs->dtls__retx == 0)
        hs->dtls__rto = conn->dtls__ctx->dtls__rto_initial;
    hs->dtls__retx = 0;
    hs->dtls__armed = 1;
    hs->dtls__deadline = dtls__now(conn) + hs->dtls__rto;
    return 0;
}

DTLS__PRIV void dtls__flight_peer_resend(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    if (hs->dtls__flight_len == 0 || !hs->dtls__armed || hs->dtls__pending)
        return; /* nothing complete to resend (a hook is still building it) */
    conn->dtls__cnt.retransmissions++;
    /* the timer restarts (RFC 6347 4.2.4), so that it does not resend the
     * same flight again at once */
    hs->dtls__deadline = dtls__now(conn) + hs->dtls__rto;
    (void)dtls__flight_emit(conn);
}

/* 1 when the flight is our ClientHello carrying a server's cookie. */
static int dtls__flight_is_cookie_hello(const dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    size_t off = 0;
    dtls__flight_msg m;
    return conn->dtls__role == DTLS_ROLE_CLIENT && hs->dtls__hvr > 0 && dtls__flight_iter(hs, &off, &m) &&
           m.type == DTLS__HS_CLIENT_HELLO;
}

/* Log lines: DTLS__ROM (flash on AVR). */
static const char dtls__flight_l_fin_auth[] DTLS__ROM =
    "handshake timed out: the peer's Finished failed authentication (wrong PSK?)";
static const char dtls__flight_l_timeout[] DTLS__ROM = "handshake timed out";

DTLS__PRIV int dtls__flight_timer(dtls_conn *conn, uint32_t now)
{
    const dtls_ctx *ctx = conn->dtls__ctx;
    dtls_hs *hs = conn->dtls__hs;
    uint32_t wait;
    uint8_t k, copies = ctx->dtls__retx_copies;
    int r;

    if (!hs->dtls__armed || hs->dtls__pending || !dtls__due(now, hs->dtls__deadline))
        return 0;
    if (hs->dtls__retx >= ctx->dtls__retx_limit) {
        dtls__log_rom(conn, (hs->dtls__flags & DTLS__HSF_FIN_AUTH) ? dtls__flight_l_fin_auth : dtls__flight_l_timeout);
        return dtls__fail(conn, DTLS_ERR_TIMEOUT);
    }
    hs->dtls__retx++;
    conn->dtls__cnt.retransmissions++;
    wait = hs->dtls__rto * 2; /* the wait before giving up is not capped (127 s with the defaults) */
    hs->dtls__rto = hs->dtls__rto > ctx->dtls__rto_max / 2 ? ctx->dtls__rto_max : hs->dtls__rto * 2;
    if (hs->dtls__retx < ctx->dtls__retx_limit || wait < hs->dtls__rto)
        wait = hs->dtls__rto;
    if (hs->dtls__retx == 3 && hs->dtls__mtu > DTLS__FLIGHT_PMTU_MID)
        hs->dtls__mtu = DTLS__FLIGHT_PMTU_MID;
    if (hs->dtls__retx >= 5 && hs->dtls__mtu > ctx->dtls__mtu_floor)
        hs->dtls__mtu = ctx->dtls__mtu_floor;
    hs->dtls__deadline = now + wait;
    if (dtls__flight_is_cookie_hello(conn)) {
        copies = 1;
        (void)dtls__hs_rewind(conn);
    }
    for (k = 0; k < copies; k++) {
        r = dtls__flight_emit(conn);
        if (r < 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    }
    return 0;
}

DTLS__PRIV void dtls__flight_duty_start(dtls_conn *conn)
{
    const dtls_ctx *ctx = conn->dtls__ctx;
    uint64_t duty = (uint64_t)ctx->dtls__retx_limit * ctx->dtls__rto_max;
    if (duty < DTLS__FLIGHT_2MSL)
        duty = DTLS__FLIGHT_2MSL;
    if (duty > DTLS__FLIGHT_DUTY_MAX)
        duty = DTLS__FLIGHT_DUTY_MAX;
    conn->dtls__flags |= DTLS__CF_DUTY;
    conn->dtls__duty_until = dtls__now(conn) + (uint32_t)duty;
}

DTLS__PRIV void dtls__flight_duty_resend(dtls_conn *conn)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    uint8_t *tx = ctx->dtls__tx, one = 1, fin[DTLS__HS_HEADER_LEN + 12];
    size_t pos;
    int r;

    if (conn->dtls__hs != NULL && conn->dtls__hs->dtls__flight_len != 0) {
        /* the flight is still kept (a NewSessionTicket in it, session.h): all of it again */
        conn->dtls__cnt.retransmissions++;
        (void)dtls__flight_emit(conn);
        return;
    }
    r = dtls__conn_protect(conn, 0, DTLS__CT_CHANGE_CIPHER_SPEC, tx, ctx->dtls__mtu, &one, 1);
    if (r < 0)
        return;
    pos = (size_t)r;
    if (dtls__hs_fragment(fin, sizeof(fin), DTLS__HS_FINISHED, conn->dtls__fin_seq, conn->dtls__verify, 12, 0) != 12)
        return;
    r = dtls__conn_protect(conn, 1, DTLS__CT_HANDSHAKE, tx + pos, ctx->dtls__mtu - pos, fin, sizeof(fin));
    if (r < 0)
        return;
    conn->dtls__cnt.retransmissions++;
    dtls__conn_tx(conn, pos + (size_t)r);
}

/* ------------------------------------------------------------- record size */

#if DTLS_ENABLE_RECORD_SIZE
/* max_fragment_length's codes 1..4 are 2^9..2^12 bytes (RFC 6066 §4). */
static uint16_t dtls__rs_mfl_len(uint8_t code)
{
    return (uint16_t)(1u << (8u + code));
}

DTLS__PRIV void dtls__rs_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    uint16_t m = cfg->max_fragment_length; /* 512..4096, a power of two (dtls_ctx_init) */
    o->send_rsl = cfg->max_record != 0;
    o->rsl = cfg->max_record;
    o->send_mfl = m != 0;
    o->mfl = (uint8_t)(1 + (m >= 1024) + (m >= 2048) + (m >= 4096));
}

DTLS__PRIV int dtls__rs_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    conn->dtls__tx_limit = 0;
    conn->dtls__rx_limit = 0;
    if ((sh->has_rsl && cfg->max_record == 0) || (sh->has_mfl && cfg->max_fragment_length == 0))
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION); /* not offered */
    if (sh->has_rsl && sh->has_mfl)
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* RFC 8449 §5 */
    if (sh->has_rsl) {
        if (sh->rsl < 64)
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* RFC 8449 §4 */
        conn->dtls__tx_limit = sh->rsl > DTLS__PLAINTEXT_MAX ? (uint16_t)DTLS__PLAINTEXT_MAX : sh->rsl;
        conn->dtls__rx_limit = cfg->max_record;
    } else if (sh->has_mfl) {
        if (sh->mfl < 1 || sh->mfl > 4 || dtls__rs_mfl_len(sh->mfl) != cfg->max_fragment_length)
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* RFC 6066 §4: not the value we asked */
        conn->dtls__tx_limit = cfg->max_fragment_length;
        conn->dtls__rx_limit = cfg->max_fragment_length;
    }
    return 0;
}

DTLS__PRIV int dtls__rs_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    conn->dtls__hs->dtls__mfl = 0;
    conn->dtls__tx_limit = 0;
    conn->dtls__rx_limit = 0;
    if (ch->has_rsl) { /* a max_fragment_length beside it is ignored, whatever its value (RFC 8449 §5) */
        if (ch->rsl < 64)
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* RFC 8449 §4 */
        /* above 2^14: a client's limit may follow a version or extension we do not know; 2^14 it is (§4) */
        conn->dtls__tx_limit = ch->rsl > DTLS__PLAINTEXT_MAX ? (uint16_t)DTLS__PLAINTEXT_MAX : ch->rsl;
        conn->dtls__rx_limit = conn->dtls__ctx->dtls__max_record;
    } else if (ch->has_mfl) {
        if (ch->mfl < 1 || ch->mfl > 4)
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* RFC 6066 §4 */
        conn->dtls__hs->dtls__mfl = ch->mfl;
        conn->dtls__tx_limit = dtls__rs_mfl_len(ch->mfl);
        conn->dtls__rx_limit = conn->dtls__tx_limit;
    }
    return 0;
}

DTLS__PRIV void dtls__rs_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    if (conn->dtls__hs->dtls__mfl != 0) {
        o->send_mfl = 1;
        o->mfl = conn->dtls__hs->dtls__mfl;
    } else if (conn->dtls__rx_limit != 0) {
        o->send_rsl = 1;
        o->rsl = conn->dtls__rx_limit;
    }
}
#else
DTLS__PRIV void dtls__rs_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    (void)conn;
    (void)o;
}

DTLS__PRIV int dtls__rs_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    (void)conn;
    (void)sh;
    return 0;
}

DTLS__PRIV int dtls__rs_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    (void)conn;
    (void)ch;
    return 0;
}

DTLS__PRIV void dtls__rs_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    (void)conn;
    (void)o;
}
#endif

#undef DTLS__FLIGHT_PMTU_MID
#undef DTLS__FLIGHT_2MSL
#undef DTLS__FLIGHT_DUTY_MAX
