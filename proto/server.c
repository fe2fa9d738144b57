/* server.c - many peers on one UDP port (RFC 6347 §4.2.1 stateless cookie
 * exchange, §4.2.8 reconnect), on top of the connection engine.
 *
 * Fields of struct dtls_server (api.h) used here: dtls__ctx, dtls__slots,
 * dtls__n_slots.  The cookie secrets and the counters
 * live in the dtls_ctx (dtls__cookie, dtls__stats).  Engine entries used: those
 * of engine.h only.
 *
 * Per datagram from addr:
 * - No connection of addr: stateless.  Only a first record that is an epoch-0
 *   handshake record holding one whole, unfragmented ClientHello (frag_offset
 *   0, frag_length == length, filling its record) that parses, with
 *   client_version DTLS 1.2 or later, is looked at; everything else is dropped
 *   and counted, never answered.  A missing, wrong, stale or foreign cookie is
 *   answered with a HelloVerifyRequest (record and body version 0xFEFF, the
 *   ClientHello's record sequence number and message_seq copied), which is
 *   never larger than the datagram that carried the ClientHello nor than mtu
 *   (when it cannot fit, nothing is sent and the drop is counted).  A valid
 *   cookie takes a free slot and a handshake scratch (or is dropped and
 *   counted in no_slot_drops, keeping no state) and the datagram goes to the
 *   new connection.
 * - One connection of addr: the datagram goes to it, except a ClientHello (the
 *   first record an epoch-0 ClientHello) whose random differs from the one
 *   that created the connection: that one goes through the stateless check
 *   above.  With a valid cookie it starts a new handshake in a free slot: a
 *   reconnect when the old connection is established (the old one keeps
 *   working until the new one completes), a restart when the old one was
 *   still handshaking or had failed (the old one is closed first).  A
 *   ClientHello with the creating random is a retransmission for the old
 *   connection.  A ClientHello that is fragmented, malformed or older than
 *   DTLS 1.2 is dropped.
 * - Two connections of addr (an established one and the new handshake of a
 *   reconnect): routed record by record.  Epoch-0 records go to the new one
 *   (its ClientHello retransmissions, its ClientKeyExchange, its
 *   ChangeCipherSpec: all of the new handshake is epoch 0 until then; the old
 *   connection would only drop them), except a ClientHello with the old
 *   connection's random; records of a later epoch go to the old connection
 *   until the new one reads epoch 1, then to the new one.  When the new one
 *   completes, the old one is closed (on_close(DTLS_ERR_CLOSED)) and released.
 *
 * A slot is released after one on_close notification: when its connection has
 * failed or closed (the engine notifies and releases it itself before its
 * entry point returns: the slot rule in engine.h, so a slot in use is always
 * healthy and this file never looks at dtls_conn_error), when it is replaced,
 * when a reconnect completes, or when nothing authenticated has arrived for
 * idle_timeout_ms (DTLS_ERR_TIMEOUT).  After on_close returns the slot is
 * free, except a slot whose connection sent a fatal alert: the engine keeps it
 * "ended" (dtls__conn_ended) for a short deadline, during which datagrams of
 * its address still reach it (a retransmission of the peer's flight gets the
 * alert again); it frees itself at that deadline (dtls_server_timer), and is
 * freed at once, never notified again, when a new valid ClientHello of its
 * address arrives or it stands next to an established connection of its
 * address (a failed reconnect). */
#include "api.h"
#include "engine.h"
#include "record.h"
#include "hs_msg.h"
#include "cookie.h"
#include "msg.h"
#include "../crypto/internal.h"

#if DTLS_ENABLE_SERVER /* a client-only build has no dtls_server_* */

#define DTLS__SERVER_COOKIE_LEN 32          /* default cookie length */
#define DTLS__SERVER_COOKIE_LIFETIME 60000u /* default secret rotation (ms) */
/* A HelloVerifyRequest datagram: record header, handshake header, version(2),
 * cookie length(1), then the cookie. */
#define DTLS__SERVER_HVR_OVERHEAD (DTLS__RECORD_HEADER_LEN + DTLS__HS_HEADER_LEN + 3)
#define DTLS__SERVER_HALF 0x80000000u /* wrap-safe time comparisons */

/* What the first record of a datagram is. */
enum {
    DTLS__SERVER_REC_BAD = 0, /* no record header that parses */
    DTLS__SERVER_REC_OTHER,   /* a record, not an epoch-0 handshake record */
    DTLS__SERVER_REC_HS0,     /* an epoch-0 handshake record that holds no ClientHello */
    DTLS__SERVER_REC_CH_BAD,  /* a ClientHello we never answer: fragmented, malformed, too old */
    DTLS__SERVER_REC_CH       /* a whole ClientHello of DTLS 1.2 or later that parses */
};

typedef struct dtls__server_in {
    dtls__record rec;
    dtls__hs_header hs;
    dtls__client_hello ch;
    uint8_t fragmented; /* a ClientHello fragment (not the whole message) */
} dtls__server_in;

static int dtls__server_rng(void *hooks, uint8_t *out, size_t len)
{
    return dtls__hs_random((const dtls_crypto_hooks *)hooks, out, len); /* polled (engine.h) */
}

static const dtls_config *dtls__server_cfg(const dtls_server *srv)
{
    return srv->dtls__ctx->dtls__cfg;
}

/* Looks at a parsed record (in->rec): one of DTLS__SERVER_REC_*. */
static int dtls__server_classify_rec(dtls__server_in *in)
{
    const uint8_t *frag;
    size_t consumed;

    in->fragmented = 0;
    if (in->rec.type != DTLS__CT_HANDSHAKE || in->rec.epoch != 0)
        return DTLS__SERVER_REC_OTHER;
    if (in->rec.body_len < DTLS__HS_HEADER_LEN || in->rec.body[0] != DTLS__HS_CLIENT_HELLO)
        return DTLS__SERVER_REC_HS0;
    /* From here on the record claims to hold a ClientHello. */
    if (in->rec.version != DTLS__VERSION_1_0 && in->rec.version != DTLS__VERSION_1_2)
        return DTLS__SERVER_REC_CH_BAD;
    if (dtls__hs_parse(&in->hs, &frag, in->rec.body, in->rec.body_len, &consumed) != 0)
        return DTLS__SERVER_REC_CH_BAD;
    if (in->hs.frag_offset != 0 || in->hs.frag_length != in->hs.length) {
        in->fragmented = 1;
        return DTLS__SERVER_REC_CH_BAD;
    }
    if (consumed != in->rec.body_len)
        return DTLS__SERVER_REC_CH_BAD; /* more than the one message in its record */
    if (dtls__msg_parse_client_hello(&in->ch, frag, in->hs.length) != 0)
        return DTLS__SERVER_REC_CH_BAD;
    /* DTLS versions count down: 0xFEFD is 1.2, 0xFEFF is 1.0 (RFC 6347 §4.1). */
    if ((in->ch.version >> 8) != 0xFE || in->ch.version > DTLS__VERSION_1_2)
        return DTLS__SERVER_REC_CH_BAD;
    return DTLS__SERVER_REC_CH;
}

/* Parses and classifies the first record of a datagram. */
static int dtls__server_classify(dtls__server_in *in, uint8_t *dgram, size_t len)
{
    size_t pos = 0;

    in->fragmented = 0;
    if (dtls__record_parse(&in->rec, dgram, len, &pos, 0) != 0)
        return DTLS__SERVER_REC_BAD;
    return dtls__server_classify_rec(in);
}

/* Counts a first datagram that is dropped unanswered. */
static void dtls__server_count_drop(dtls_server *srv, int kind, const dtls__server_in *in)
{
    dtls_stats *st = &srv->dtls__ctx->dtls__stats;

    if (kind == DTLS__SERVER_REC_BAD)
        st->records_dropped_parse++;
    else if (kind == DTLS__SERVER_REC_OTHER && in->rec.epoch != 0)
        st->records_dropped_epoch++;
    else if (kind == DTLS__SERVER_REC_CH_BAD && in->fragmented)
        st->fragments_dropped++;
    else
        st->records_dropped_parse++;
}

/* Notifies the application, then frees the slot (an ended slot was notified
 * by the engine already: it is only freed). */
static void dtls__server_close(dtls_server *srv, dtls_conn *conn, int reason)
{
    const dtls_config *cfg = dtls__server_cfg(srv);

    if (cfg->on_close != NULL && !dtls__conn_ended(conn))
        cfg->on_close(cfg->user, conn, reason);
    dtls__conn_release(conn);
}

static int dtls__server_established(const dtls_conn *conn)
{
    return !dtls__conn_is_free(conn) && !dtls__conn_handshaking(conn) && !dtls__conn_ended(conn);
}

/* After conn ran (input or timer): a failed or closed conn is already free
 * or ended (engine.h); when its handshake just completed (was_hs), closes the
 * other connections of its address (the old side of a reconnect).  Returns 1
 * when conn was released or ended. */
static int dtls__server_after(dtls_server *srv, dtls_conn *conn, int was_hs)
{
    size_t i;

    if (dtls__conn_is_free(conn) || dtls__conn_ended(conn))
        return 1; /* failed or closed: the engine notified (and released) it */
    if (was_hs && !dtls__conn_handshaking(conn)) {
        for (i = 0; i < srv->dtls__n_slots; i++) {
            dtls_conn *o = &srv->dtls__slots[i];
            if (o != conn && !dtls__conn_is_free(o) &&
                dtls__conn_addr_equal(o, conn->dtls__addr, conn->dtls__addr_len))
                dtls__server_close(srv, o, DTLS_ERR_CLOSED);
        }
    }
    return 0;
}

/* Feeds conn and does the bookkeeping.  Returns DTLS_ERR_IN_PROGRESS when
 * conn's handshake waits for a hook (resumed by dtls_server_timer), else 0;
 * *gone: 1 when conn was released or ended. */
static int dtls__server_feed(dtls_server *srv, dtls_conn *conn, uint8_t *dgram, size_t len, int *gone)
{
    int was_hs = dtls__conn_handshaking(conn);
    int r = dtls__conn_feed(conn, dgram, len);

    *gone = dtls__server_after(srv, conn, was_hs);
    return r == DTLS_ERR_IN_PROGRESS && !*gone ? r : 0;
}

/* The cookie length this server issues and accepts (mtu permitting). */
static size_t dtls__server_cookie_len(const dtls_server *srv)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    size_t n = cfg->cookie_len ? cfg->cookie_len : DTLS__SERVER_COOKIE_LEN;
    size_t mtu = srv->dtls__ctx->dtls__mtu;

    if (n > DTLS__COOKIE_MAX)
        n = DTLS__COOKIE_MAX;
    if (mtu < DTLS__SERVER_HVR_OVERHEAD + n)
        n = mtu > DTLS__SERVER_HVR_OVERHEAD ? mtu - DTLS__SERVER_HVR_OVERHEAD : 0;
    return n;
}

/* Rotates the cookie secret when its lifetime has passed.  The secrets
 * rotate only when a ClientHello arrives, so after a silence of two lifetimes
 * or more both generations are replaced: a cookie is never accepted more than
 * two lifetimes after it was made (as long as the silence is shorter than the
 * 49 days of the uint32 clock). */
static int dtls__server_rotate(dtls_server *srv)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    dtls__cookie_keys *k = &srv->dtls__ctx->dtls__cookie;
    uint32_t life = cfg->cookie_lifetime_ms ? cfg->cookie_lifetime_ms : DTLS__SERVER_COOKIE_LIFETIME;
    uint32_t now = cfg->now(cfg->user), elapsed = (uint32_t)(now - k->rotated_at);
    int r;

    if (k->ready && elapsed >= life && elapsed - life >= life) {
        r = dtls__cookie_rotate(k, dtls__server_rng, (void *)cfg->hooks, now, life);
        if (r != 0)
            return r;
        k->rotated_at = (uint32_t)(now - life); /* due again: the previous generation goes too */
    }
    return dtls__cookie_rotate(k, dtls__server_rng, (void *)cfg->hooks, now, life);
}

/* Sends the HelloVerifyRequest answering in (a ClientHello in a datagram of
 * len bytes from addr), or drops when it would not fit. */
static void dtls__server_send_hvr(dtls_server *srv, const dtls__server_in *in, const dtls__ch_fields *f,
                                  size_t len, const uint8_t *addr, size_t addr_len, size_t cookie_len)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    dtls_stats *st = &srv->dtls__ctx->dtls__stats;
    uint8_t out[DTLS__SERVER_HVR_OVERHEAD + DTLS__COOKIE_MAX];
    uint8_t cookie[DTLS__COOKIE_MAX];
    uint8_t *hs = out + DTLS__RECORD_HEADER_LEN;
    dtls__hs_header h;
    dtls__cipher null_cipher;
    int body, n;

    /* Never larger than what the ClientHello's sender sent us (no
     * amplification); a cookie of another length would never be accepted, so
     * there is no shortening: an unparseable-small ClientHello cannot reach
     * here (any ClientHello that parses is at least 67 bytes, an HVR with a
     * 32-byte cookie 60). */
    if (cookie_len < 2 || DTLS__SERVER_HVR_OVERHEAD + cookie_len > len) {
        st->records_dropped_parse++;
        return;
    }
    if (dtls__cookie_make(cookie, cookie_len, &srv->dtls__ctx->dtls__cookie, addr, addr_len, f) != 0) {
        st->records_dropped_parse++;
        return;
    }
    body = dtls__msg_write_hello_verify(hs + DTLS__HS_HEADER_LEN, 3 + cookie_len, DTLS__VERSION_1_0, cookie,
                                        cookie_len);
    if (body < 0)
        return;
    h.type = DTLS__HS_HELLO_VERIFY_REQUEST;
    h.length = (uint32_t)body;
    h.message_seq = in->hs.message_seq;
    h.frag_offset = 0;
    h.frag_length = (uint32_t)body;
    dtls__hs_write_header(hs, &h);
    dtls__cipher_null(&null_cipher);
    n = dtls__record_protect(cfg->hooks, &null_cipher, DTLS__CT_HANDSHAKE, DTLS__VERSION_1_0, 0, in->rec.seq, out,
                             sizeof out, hs, DTLS__HS_HEADER_LEN + (size_t)body);
    if (n < 0)
        return;
    st->hello_verify_sent++;
    st->datagrams_out++;
    (void)cfg->send(cfg->user, addr, addr_len, out, (size_t)n);
}

/* A half-open handshake to make room for a new one (dtls__conn_evictable),
 * chosen uniformly at random with the random hook: oldest-first would let a
 * flood at a steady rate flush every legitimate handshake on a schedule.
 * NULL when there is none (or no random). */
static dtls_conn *dtls__server_victim(dtls_server *srv, const dtls_conn *keep)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    uint32_t now = cfg->now(cfg->user), n = 0, pick;
    uint8_t r[4];
    size_t i;
    for (i = 0; i < srv->dtls__n_slots; i++)
        n += &srv->dtls__slots[i] != keep && dtls__conn_evictable(&srv->dtls__slots[i], now);
    if (n == 0 || dtls__server_rng((void *)cfg->hooks, r, sizeof r) != 0)
        return NULL;
    /* uniform in [0, n) by multiply-shift: no run-time division (Cortex-M0+) */
    pick = (uint32_t)(((uint64_t)(((uint32_t)r[0] << 24) | ((uint32_t)r[1] << 16) | ((uint32_t)r[2] << 8) | r[3]) *
                       n) >> 32);
    for (i = 0; i < srv->dtls__n_slots; i++) {
        dtls_conn *c = &srv->dtls__slots[i];
        if (c != keep && dtls__conn_evictable(c, now) && pick-- == 0)
            return c;
    }
    return NULL;
}

/* A whole ClientHello (in) from addr that no connection takes as its own:
 * the stateless cookie check, then a new connection.  old: the connection of
 * that address (or NULL); when the cookie is valid it is closed first unless
 * it is established (a reconnect keeps it until the new one completes). */
static int dtls__server_on_hello(dtls_server *srv, const dtls__server_in *in, uint8_t *dgram, size_t len,
                                 const uint8_t *addr, size_t addr_len, dtls_conn *old)
{
    dtls_ctx *ctx = srv->dtls__ctx;
    dtls__ch_fields f;
    dtls_conn *slot = NULL;
    size_t i, cookie_len = dtls__server_cookie_len(srv);
    int gone, r;

    if (dtls__server_rotate(srv) != 0) {
        ctx->dtls__stats.datagrams_in++;
        return 0; /* no secret, no answer: the client retransmits */
    }
    f.client_version = in->ch.version;
    f.random = in->ch.random;
    f.session_id = in->ch.session_id;
    f.session_id_len = in->ch.session_id_len;
    f.cipher_suites = in->ch.suites;
    f.cipher_suites_len = in->ch.suites_len;
    f.compression = in->ch.compression;
    f.compression_len = in->ch.compression_len;
    if (cookie_len < 2 ||
        dtls__cookie_check(&ctx->dtls__cookie, in->ch.cookie, in->ch.cookie_len, cookie_len, addr, addr_len, &f) != 0) {
        ctx->dtls__stats.datagrams_in++;
        dtls__server_send_hvr(srv, in, &f, len, addr, addr_len, cookie_len);
        return 0;
    }
    /* A valid cookie: the peer owns addr.  A half-open or failed connection of
     * that address is replaced (its client restarted). */
    if (old != NULL && !dtls__server_established(old))
        dtls__server_close(srv, old, DTLS_ERR_CLOSED);
    for (i = 0; i < srv->dtls__n_slots; i++) {
        if (dtls__conn_is_free(&srv->dtls__slots[i])) {
            slot = &srv->dtls__slots[i];
            break;
        }
    }
    r = slot != NULL ? dtls__conn_accept(slot, ctx, addr, addr_len) : DTLS_ERR_NO_SLOT;
    if (r == DTLS_ERR_NO_SLOT) {
        /* no slot or no handshake scratch: a half-open handshake makes room */
        dtls_conn *victim = dtls__server_victim(srv, old);
        if (victim != NULL) {
            dtls__server_close(srv, victim, DTLS_ERR_NO_SLOT);
            ctx->dtls__stats.half_open_evicted++;
            if (slot == NULL)
                slot = victim;
            r = dtls__conn_accept(slot, ctx, addr, addr_len);
        }
    }
    if (r != 0) {
        ctx->dtls__stats.datagrams_in++;
        ctx->dtls__stats.no_slot_drops++;
        return 0;
    }
    /* Our epoch-0 records continue from the ClientHello's record sequence
     * number, as the HelloVerifyRequest used it (RFC 6347 4.2.1; OpenSSL's
     * DTLSv1_listen does the same): a ServerHello numbered from 0 again would
     * repeat the HelloVerifyRequest's number and be eaten by the client's
     * replay window, costing a retransmission timeout. */
    slot->dtls__wseq[0] = in->rec.seq;
    return dtls__server_feed(srv, slot, dgram, len, &gone);
}

/* A reconnect in progress (old established, nw handshaking, same address):
 * routes the datagram record by record. */
static int dtls__server_route2(dtls_server *srv, uint8_t *dgram, size_t len, const uint8_t *addr,
                               size_t addr_len, dtls_conn *old, dtls_conn *nw)
{
    dtls__server_in in;
    size_t pos = 0, start;
    int kind, gone, r = 0;
    unsigned n_rec = 0;
    dtls_conn *to;

    while (pos < len && (old != NULL || nw != NULL)) {
        if (n_rec++ == DTLS_MAX_RECORDS) {
            srv->dtls__ctx->dtls__stats.records_dropped_parse++; /* bounded work per datagram */
            return r;
        }
        start = pos;
        if (dtls__record_parse(&in.rec, dgram, len, &pos, 0) != 0) {
            srv->dtls__ctx->dtls__stats.records_dropped_parse++;
            return r; /* the rest of the datagram is ignored (RFC 6347 §4.1.2.7) */
        }
        kind = dtls__server_classify_rec(&in);
        if (old == NULL || nw == NULL) {
            to = old != NULL ? old : nw;
        } else if (in.rec.epoch == 0) {
            to = nw;
            if (kind == DTLS__SERVER_REC_CH) {
                if (memcmp(in.ch.random, dtls__conn_client_random(old), 32) == 0) {
                    to = old;
                } else if (memcmp(in.ch.random, dtls__conn_client_random(nw), 32) != 0) {
                    /* yet another ClientHello: the client restarted again */
                    if (start == 0)
                        return dtls__server_on_hello(srv, &in, dgram, len, addr, addr_len, nw);
                    srv->dtls__ctx->dtls__stats.records_dropped_parse++;
                    return r;
                }
            } else if (kind == DTLS__SERVER_REC_CH_BAD) {
                srv->dtls__ctx->dtls__stats.records_dropped_parse++;
                continue;
            }
        } else {
            to = dtls__conn_reads_epoch1(nw) ? nw : old;
        }
        if (to == nw) {
            r = dtls__server_feed(srv, nw, dgram + start, pos - start, &gone);
            if (gone)
                nw = NULL;
            else if (!dtls__conn_handshaking(nw))
                old = NULL; /* completed: the old one was closed */
        } else {
            (void)dtls__server_feed(srv, old, dgram + start, pos - start, &gone);
            if (gone)
                old = NULL;
        }
    }
    return r;
}

DTLS_API int dtls_server_init_layout(dtls_server *srv, dtls_ctx *ctx, dtls_conn *slots, size_t n_slots,
                                     uint32_t layout)
{
    if (layout != DTLS_LAYOUT)
        return DTLS_ERR_LAYOUT;
    if (srv == NULL || ctx == NULL || ctx->dtls__cfg == NULL || (slots == NULL && n_slots != 0))
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__cfg->role != DTLS_ROLE_SERVER)
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__busy)
        return DTLS_ERR_STATE; /* from one of this endpoint's callbacks */
    srv->dtls__ctx = ctx;
    srv->dtls__slots = slots;
    srv->dtls__n_slots = n_slots;
    if (n_slots != 0)
        memset(slots, 0, n_slots * sizeof *slots);
    return 0;
}

/* The connection(s) of addr: *second is set during a reconnect (RFC 6347
 * 4.2.8).  The one place a datagram's connection is looked up: by address
 * now, by Connection ID later. */
static dtls_conn *dtls__server_lookup(const dtls_server *srv, const uint8_t *addr, size_t addr_len,
                                      dtls_conn **second)
{
    dtls_conn *first = NULL;
    size_t i;
    *second = NULL;
    for (i = 0; i < srv->dtls__n_slots; i++) {
        dtls_conn *c = &srv->dtls__slots[i];
        if (!dtls__conn_is_free(c) && dtls__conn_addr_equal(c, addr, addr_len)) {
            if (first != NULL) {
                *second = c;
                break;
            }
            first = c;
        }
    }
    return first;
}

static int dtls__server_input(dtls_server *srv, uint8_t *datagram, size_t len, const uint8_t *addr,
                              size_t addr_len)
{
    dtls__server_in in;
    dtls_conn *second, *first = dtls__server_lookup(srv, addr, addr_len, &second);
    int kind, gone;

    if (second != NULL && (dtls__conn_ended(first) || dtls__conn_ended(second))) {
        /* a failed new handshake next to its address's established
         * connection: the failed one is not kept to repeat its alert */
        dtls__conn_release(dtls__conn_ended(first) ? first : second);
        if (dtls__conn_is_free(first))
            first = second;
        second = NULL;
    }
    if (second != NULL) {
        /* a reconnect in progress: first and second are old and new in some order */
        if (dtls__conn_handshaking(first) && !dtls__conn_handshaking(second))
            return dtls__server_route2(srv, datagram, len, addr, addr_len, second, first);
        return dtls__server_route2(srv, datagram, len, addr, addr_len, first, second);
    }
    kind = dtls__server_classify(&in, datagram, len);
    if (first == NULL) {
        if (kind == DTLS__SERVER_REC_CH) {
            return dtls__server_on_hello(srv, &in, datagram, len, addr, addr_len, NULL);
        } else {
            srv->dtls__ctx->dtls__stats.datagrams_in++;
            dtls__server_count_drop(srv, kind, &in);
        }
        return 0;
    }
    if (kind == DTLS__SERVER_REC_CH && memcmp(in.ch.random, dtls__conn_client_random(first), 32) != 0)
        return dtls__server_on_hello(srv, &in, datagram, len, addr, addr_len, first);
    if (kind == DTLS__SERVER_REC_CH_BAD) {
        srv->dtls__ctx->dtls__stats.datagrams_in++;
        dtls__server_count_drop(srv, kind, &in);
        return 0;
    }
    /* a busy crypto hook: DTLS_ERR_IN_PROGRESS (dtls_server_timer resumes it) */
    return dtls__server_feed(srv, first, datagram, len, &gone);
}

DTLS_API int dtls_server_input(dtls_server *srv, uint8_t *datagram, size_t len, const uint8_t *addr,
                               size_t addr_len)
{
    int r;
    if (srv == NULL || srv->dtls__ctx == NULL || (datagram == NULL && len != 0) || addr == NULL ||
        addr_len == 0 || addr_len > DTLS_MAX_ADDR)
        return DTLS_ERR_BAD_ARG;
    if (srv->dtls__ctx->dtls__busy)
        return DTLS_ERR_STATE; /* from one of this server's callbacks */
    srv->dtls__ctx->dtls__busy = 1;
    r = dtls__server_input(srv, datagram, len, addr, addr_len);
    srv->dtls__ctx->dtls__busy = 0;
    return r;
}

DTLS_API int dtls_server_timer(dtls_server *srv)
{
    const dtls_config *cfg;
    uint32_t now, at;
    size_t i;

    if (srv == NULL || srv->dtls__ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    if (srv->dtls__ctx->dtls__busy)
        return DTLS_ERR_STATE; /* from one of this server's callbacks */
    srv->dtls__ctx->dtls__busy = 1;
    cfg = dtls__server_cfg(srv);
    now = cfg->now(cfg->user);
    for (i = 0; i < srv->dtls__n_slots; i++) {
        dtls_conn *c = &srv->dtls__slots[i];
        if (dtls__conn_is_free(c))
            continue;
        if (dtls_conn_deadline(c, &at) && (uint32_t)(now - at) < DTLS__SERVER_HALF) {
            int was_hs = dtls__conn_handshaking(c);
            (void)dtls__conn_tick(c); /* retransmission, hook work, duty, idle timeout */
            (void)dtls__server_after(srv, c, was_hs);
        }
    }
    srv->dtls__ctx->dtls__busy = 0;
    return 0;
}

DTLS_API int dtls_server_deadline(const dtls_server *srv, uint32_t *at_ms)
{
    const dtls_config *cfg;
    uint32_t now, at, d, best = 0;
    size_t i;
    int any = 0;

    if (srv == NULL || srv->dtls__ctx == NULL || at_ms == NULL)
        return 0;
    cfg = dtls__server_cfg(srv);
    now = cfg->now(cfg->user);
    /* each candidate as its distance from now (0 when already due), so the
     * earliest is the smallest, whatever the wrap */
    for (i = 0; i < srv->dtls__n_slots; i++) {
        const dtls_conn *c = &srv->dtls__slots[i];
        if (dtls__conn_is_free(c))
            continue;
        if (dtls_conn_deadline(c, &at)) {
            d = (uint32_t)(at - now);
            if (d >= DTLS__SERVER_HALF)
                d = 0;
            best = any && best < d ? best : d;
            any = 1;
        }
    }
    if (any)
        *at_ms = (uint32_t)(now + best);
    return any;
}

DTLS_API void dtls_server_stats(const dtls_server *srv, dtls_stats *out)
{
    size_t i;
    if (out == NULL)
        return;
    if (srv == NULL || srv->dtls__ctx == NULL) {
        memset(out, 0, sizeof *out);
        return;
    }
    *out = srv->dtls__ctx->dtls__stats; /* its own counters and the released slots' */
    for (i = 0; i < srv->dtls__n_slots; i++)
        if (!dtls__conn_is_free(&srv->dtls__slots[i]))
            dtls__conn_stats_add(&srv->dtls__slots[i], out);
}

#endif /* DTLS_ENABLE_SERVER */

#undef DTLS__SERVER_COOKIE_LEN
#undef DTLS__SERVER_COOKIE_LIFETIME
#undef DTLS__SERVER_HVR_OVERHEAD
#undef DTLS__SERVER_HALF
