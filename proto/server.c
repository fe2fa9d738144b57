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

/* ---- the index (dtls_server_index): address buckets, a deadline heap, free slots ----
 * Words at dtls__ix: dtls__ix_buckets buckets (0: empty, else slot + 1;
 * linear probing, backward-shift deletion, so no tombstones), then the heap
 * (2 words an entry: deadline, slot; the earliest at 0), then each slot's heap
 * position + 1 (0: not in the heap), then the stack of free slots and its
 * depth (one word more than the slots).  A slot is in the buckets from its
 * accept to its release (dtls__server_forget, called by the engine through
 * ctx->dtls__on_release) and in the heap while it has a deadline; its key is
 * refreshed after every input and timer run (dtls__server_rekey).  Nothing
 * outside those can make a deadline earlier: a write sets no timer, a close
 * releases the slot. */

/* SipHash-2-4 (Aumasson, Bernstein 2012): a keyed hash, so the bucket of an
 * address cannot be predicted by whoever chooses the addresses. */
#define DTLS__SIP_ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
static void dtls__server_sipround(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = DTLS__SIP_ROTL(v[1], 13) ^ v[0];
    v[0] = DTLS__SIP_ROTL(v[0], 32);
    v[2] += v[3];
    v[3] = DTLS__SIP_ROTL(v[3], 16) ^ v[2];
    v[0] += v[3];
    v[3] = DTLS__SIP_ROTL(v[3], 21) ^ v[0];
    v[2] += v[1];
    v[1] = DTLS__SIP_ROTL(v[1], 17) ^ v[2];
    v[2] = DTLS__SIP_ROTL(v[2], 32);
}

static uint64_t dtls__server_siphash(const uint8_t key[16], const uint8_t *m, size_t len)
{
    uint64_t k0 = dtls__load64_le(key), k1 = dtls__load64_le(key + 8), v[4], b = (uint64_t)len << 56, w;
    size_t i, j;
    v[0] = k0 ^ UINT64_C(0x736f6d6570736575);
    v[1] = k1 ^ UINT64_C(0x646f72616e646f6d);
    v[2] = k0 ^ UINT64_C(0x6c7967656e657261);
    v[3] = k1 ^ UINT64_C(0x7465646279746573);
    for (i = 0; i + 8 <= len; i += 8) {
        w = dtls__load64_le(m + i);
        v[3] ^= w;
        dtls__server_sipround(v);
        dtls__server_sipround(v);
        v[0] ^= w;
    }
    for (j = 0; i + j < len; j++)
        b |= (uint64_t)m[i + j] << (8 * j);
    v[3] ^= b;
    dtls__server_sipround(v);
    dtls__server_sipround(v);
    v[0] ^= b;
    v[2] ^= 0xff;
    for (j = 0; j < 4; j++)
        dtls__server_sipround(v);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}
#undef DTLS__SIP_ROTL

/* A bucket holds slot + 1 for the slot's address, or (slot + 1) | CID for
 * its Connection ID (RFC 9146), hashed under another key. */
#define DTLS__SERVER_IX_CID UINT32_C(0x80000000)

/* The home bucket of an address (cid 0) or a Connection ID (cid 1):
 * multiply-shift into [0, buckets), no division. */
static size_t dtls__server_home(const dtls_server *srv, int cid, const uint8_t *p, size_t len)
{
    uint8_t key[16];
    uint64_t h;
    memcpy(key, srv->dtls__ix_key, sizeof key);
    key[0] = (uint8_t)(key[0] ^ (cid ? 1u : 0u)); /* the two kinds of entry under different keys */
    h = dtls__server_siphash(key, p, len) >> 32;
    return (size_t)((h * (uint64_t)srv->dtls__ix_buckets) >> 32);
}

/* The home bucket of entry v (a slot's address or its CID). */
static size_t dtls__server_home_of(const dtls_server *srv, uint32_t v)
{
    const dtls_conn *c = &srv->dtls__slots[(v & ~DTLS__SERVER_IX_CID) - 1u];
    if (v & DTLS__SERVER_IX_CID)
        return dtls__server_home(srv, 1, c->dtls__cid_rx, c->dtls__cid_rx_len);
    return dtls__server_home(srv, 0, c->dtls__addr, c->dtls__addr_len);
}

static size_t dtls__server_next(const dtls_server *srv, size_t b)
{
    return b + 1 == srv->dtls__ix_buckets ? 0 : b + 1;
}

static size_t dtls__server_slot(const dtls_server *srv, const dtls_conn *conn)
{
    return (size_t)(conn - srv->dtls__slots);
}

/* Indexes conn's address (cid 0) or its Connection ID (cid 1). */
static void dtls__server_ix_add(dtls_server *srv, const dtls_conn *conn, int cid)
{
    uint32_t *bk = srv->dtls__ix, v = ((uint32_t)dtls__server_slot(srv, conn) + 1u) | (cid ? DTLS__SERVER_IX_CID : 0u);
    size_t b = dtls__server_home_of(srv, v);
    while (bk[b] != 0) /* never full: three buckets a slot, at most two entries */
        b = dtls__server_next(srv, b);
    bk[b] = v;
}

/* Removes that entry; the entries after it that would no longer be found
 * from their home move back (Knuth 6.4, algorithm R). */
static void dtls__server_ix_del(dtls_server *srv, const dtls_conn *conn, int cid)
{
    uint32_t *bk = srv->dtls__ix, v = ((uint32_t)dtls__server_slot(srv, conn) + 1u) | (cid ? DTLS__SERVER_IX_CID : 0u);
    size_t i = dtls__server_home_of(srv, v), j, k;
    while (bk[i] != v) {
        if (bk[i] == 0)
            return; /* not indexed */
        i = dtls__server_next(srv, i);
    }
    for (j = dtls__server_next(srv, i); bk[j] != 0; j = dtls__server_next(srv, j)) {
        k = dtls__server_home_of(srv, bk[j]);
        /* bk[j] may fill the hole at i unless its home lies cyclically in (i, j] */
        if (i <= j ? (k <= i || k > j) : (k <= i && k > j)) {
            bk[i] = bk[j];
            i = j;
        }
    }
    bk[i] = 0;
}

static uint32_t *dtls__server_heap(const dtls_server *srv)
{
    return srv->dtls__ix + srv->dtls__ix_buckets;
}

static uint32_t *dtls__server_hpos(const dtls_server *srv)
{
    return srv->dtls__ix + srv->dtls__ix_buckets + 2u * srv->dtls__n_slots;
}

static void dtls__server_heap_put(dtls_server *srv, size_t at, uint32_t key, uint32_t slot)
{
    uint32_t *h = dtls__server_heap(srv);
    h[2 * at] = key;
    h[2 * at + 1] = slot;
    dtls__server_hpos(srv)[slot] = (uint32_t)at + 1u;
}

/* Wrap-safe: deadline a before deadline b (they lie within 2^31 ms). */
static int dtls__server_before(uint32_t a, uint32_t b)
{
    return (uint32_t)(a - b) >= DTLS__SERVER_HALF;
}

/* Moves the entry at `at` up or down to its place. */
static void dtls__server_heap_fix(dtls_server *srv, size_t at)
{
    uint32_t *h = dtls__server_heap(srv), key = h[2 * at], slot = h[2 * at + 1];
    size_t n = srv->dtls__heap_n, c;
    while (at > 0 && dtls__server_before(key, h[2 * ((at - 1) / 2)])) {
        dtls__server_heap_put(srv, at, h[2 * ((at - 1) / 2)], h[2 * ((at - 1) / 2) + 1]);
        at = (at - 1) / 2;
    }
    for (;;) {
        c = 2 * at + 1;
        if (c >= n)
            break;
        if (c + 1 < n && dtls__server_before(h[2 * (c + 1)], h[2 * c]))
            c++;
        if (!dtls__server_before(h[2 * c], key))
            break;
        dtls__server_heap_put(srv, at, h[2 * c], h[2 * c + 1]);
        at = c;
    }
    dtls__server_heap_put(srv, at, key, slot);
}

static void dtls__server_heap_remove(dtls_server *srv, uint32_t slot)
{
    uint32_t *pos = dtls__server_hpos(srv), *h = dtls__server_heap(srv);
    size_t at;
    if (pos[slot] == 0)
        return;
    at = (size_t)(pos[slot] - 1u);
    pos[slot] = 0;
    srv->dtls__heap_n--;
    if (at != srv->dtls__heap_n) {
        size_t last = srv->dtls__heap_n;
        dtls__server_heap_put(srv, at, h[2 * last], h[2 * last + 1]);
        dtls__server_heap_fix(srv, at);
    }
}

/* conn's deadline into the heap (or out of it when it has none). */
static void dtls__server_rekey(dtls_server *srv, const dtls_conn *conn)
{
    uint32_t slot, at, *pos;
    if (srv->dtls__ix == NULL)
        return;
    slot = (uint32_t)dtls__server_slot(srv, conn);
    pos = dtls__server_hpos(srv);
    if (dtls__conn_is_free(conn) || !dtls_conn_deadline(conn, &at)) {
        dtls__server_heap_remove(srv, slot);
        return;
    }
    if (pos[slot] == 0) {
        dtls__server_heap_put(srv, srv->dtls__heap_n++, at, slot);
        dtls__server_heap_fix(srv, srv->dtls__heap_n - 1);
    } else {
        dtls__server_heap_put(srv, (size_t)(pos[slot] - 1u), at, slot);
        dtls__server_heap_fix(srv, (size_t)(pos[slot] - 1u));
    }
}

/* The stack of free slots: its depth is the last word, its entries below. */
static uint32_t *dtls__server_free_stack(const dtls_server *srv, uint32_t **depth)
{
    uint32_t *f = srv->dtls__ix + srv->dtls__ix_buckets + 3u * srv->dtls__n_slots;
    *depth = f + srv->dtls__n_slots;
    return f;
}

/* A free slot (taken from the stack with the index), or NULL. */
static dtls_conn *dtls__server_free_slot(dtls_server *srv)
{
    uint32_t *depth, *f;
    size_t i;
    if (srv->dtls__ix != NULL) {
        f = dtls__server_free_stack(srv, &depth);
        return *depth == 0 ? NULL : &srv->dtls__slots[f[--*depth]];
    }
    for (i = 0; i < srv->dtls__n_slots; i++)
        if (dtls__conn_is_free(&srv->dtls__slots[i]))
            return &srv->dtls__slots[i];
    return NULL;
}

/* A slot taken by dtls__server_free_slot but not used: back on the stack. */
static void dtls__server_slot_unused(dtls_server *srv, const dtls_conn *slot)
{
    uint32_t *depth, *f;
    if (srv->dtls__ix == NULL || slot == NULL)
        return;
    f = dtls__server_free_stack(srv, &depth);
    f[(*depth)++] = (uint32_t)dtls__server_slot(srv, slot);
}

/* ctx->dtls__on_release: a slot of this server is about to be wiped. */
static void dtls__server_forget(dtls_ctx *ctx, dtls_conn *conn)
{
    dtls_server *srv = (dtls_server *)ctx->dtls__server;
    uint32_t *depth, *f;
    if (srv == NULL || srv->dtls__ix == NULL || conn < srv->dtls__slots ||
        conn >= srv->dtls__slots + srv->dtls__n_slots)
        return;
    dtls__server_ix_del(srv, conn, 0);
    if (conn->dtls__cid_on == 2)
        dtls__server_ix_del(srv, conn, 1);
    dtls__server_heap_remove(srv, (uint32_t)dtls__server_slot(srv, conn));
    f = dtls__server_free_stack(srv, &depth);
    f[(*depth)++] = (uint32_t)dtls__server_slot(srv, conn);
}

/* ---- Connection IDs (RFC 9146) ---- */

/* The length of the CIDs this server gives its connections (0: none). */
static size_t dtls__server_cid_len(const dtls_server *srv)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    return DTLS_ENABLE_CID && (cfg->flags & DTLS_CFG_CID) ? cfg->cid_len : 0u;
}

static int dtls__server_has_cid(const dtls_conn *c, const uint8_t *cid, size_t cid_len)
{
    return !dtls__conn_is_free(c) && c->dtls__cid_on && c->dtls__cid_rx_len == cid_len && cid_len != 0 &&
           memcmp(c->dtls__cid_rx, cid, cid_len) == 0;
}

/* The connection whose CID (ours, on the records it receives) is cid. */
static dtls_conn *dtls__server_by_cid(const dtls_server *srv, const uint8_t *cid, size_t cid_len)
{
    size_t i;
    if (srv->dtls__ix != NULL) {
        for (i = dtls__server_home(srv, 1, cid, cid_len); srv->dtls__ix[i] != 0; i = dtls__server_next(srv, i)) {
            dtls_conn *c;
            if (!(srv->dtls__ix[i] & DTLS__SERVER_IX_CID))
                continue;
            c = &srv->dtls__slots[(srv->dtls__ix[i] & ~DTLS__SERVER_IX_CID) - 1u];
            if (dtls__server_has_cid(c, cid, cid_len))
                return c;
        }
        return NULL;
    }
    for (i = 0; i < srv->dtls__n_slots; i++)
        if (dtls__server_has_cid(&srv->dtls__slots[i], cid, cid_len))
            return &srv->dtls__slots[i];
    return NULL;
}

/* ctx->dtls__find_cid (handshake.c draws CIDs unique among the connections). */
static dtls_conn *dtls__server_find_cid(const dtls_ctx *ctx, const uint8_t *cid, size_t cid_len)
{
    return dtls__server_by_cid((const dtls_server *)ctx->dtls__server, cid, cid_len);
}

/* A connection whose CID was just negotiated goes into the index (cid_on 2). */
static void dtls__server_index_cid(dtls_server *srv, dtls_conn *conn)
{
    if (srv->dtls__ix != NULL && conn->dtls__cid_on == 1 && conn->dtls__cid_rx_len != 0) {
        dtls__server_ix_add(srv, conn, 1);
        conn->dtls__cid_on = 2;
    }
}

/* ctx->dtls__on_move (engine.c, RFC 9146 §6): conn's peer now sends from
 * addr; the address index follows, then the application is told. */
static void dtls__server_move(dtls_ctx *ctx, dtls_conn *conn, const uint8_t *addr, size_t addr_len)
{
    dtls_server *srv = (dtls_server *)ctx->dtls__server;
    const dtls_config *cfg = ctx->dtls__cfg;
    if (addr_len > DTLS_MAX_ADDR)
        return;
    if (srv != NULL && srv->dtls__ix != NULL)
        dtls__server_ix_del(srv, conn, 0);
    memcpy(conn->dtls__addr, addr, addr_len);
    conn->dtls__addr_len = (uint8_t)addr_len;
    if (srv != NULL && srv->dtls__ix != NULL)
        dtls__server_ix_add(srv, conn, 0);
    if (cfg->on_address != NULL)
        cfg->on_address(cfg->user, conn, addr, addr_len);
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
    if (dtls__msg_parse_client_hello(&in->ch, frag, (size_t)in->hs.length) != 0)
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
/* The connection(s) of addr: *second is set during a reconnect (RFC 6347
 * 4.2.8), the two in slot order.  The one place a datagram's connection is
 * looked up by address (by Connection ID: dtls__server_find_cid). */
static dtls_conn *dtls__server_lookup(const dtls_server *srv, const uint8_t *addr, size_t addr_len,
                                      dtls_conn **second);

static int dtls__server_after(dtls_server *srv, dtls_conn *conn, int was_hs)
{
    dtls_conn *first, *second;

    if (dtls__conn_is_free(conn) || dtls__conn_ended(conn))
        return 1; /* failed or closed: the engine notified (and released) it */
    if (was_hs && !dtls__conn_handshaking(conn)) {
        /* at most one other connection shares the address (the old side of a
         * reconnect): found through the lookup, the index when there is one */
        first = dtls__server_lookup(srv, conn->dtls__addr, conn->dtls__addr_len, &second);
        if (first != NULL && first != conn)
            dtls__server_close(srv, first, DTLS_ERR_CLOSED);
        else if (second != NULL && second != conn)
            dtls__server_close(srv, second, DTLS_ERR_CLOSED);
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
    if (!dtls__conn_is_free(conn)) {
        dtls__server_index_cid(srv, conn);
        dtls__server_rekey(srv, conn);
    }
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
/* A fleet's cookie keys (cfg.fleet_key): the current period's, and the
 * previous one's (random when the callback no longer gives it: nothing then
 * matches a cookie of that generation). */
static int dtls__server_fleet_rotate(dtls_server *srv)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    dtls__cookie_keys *k = &srv->dtls__ctx->dtls__cookie;
    uint32_t p = DTLS_FLEET_CURRENT, q;
    uint8_t key[32];
    int r = cfg->fleet_key(cfg->user, DTLS_FLEET_COOKIE, &p, key);
    if (r != 0 || p == DTLS_FLEET_CURRENT) {
        dtls_wipe(key, sizeof key);
        return r == DTLS_ERR_UNSUPPORTED ? 1 : DTLS_ERR_HOOK; /* 1: not the fleet's, our own */
    }
    memcpy(k->secret[p & 1U], key, 32); /* every time: a key the fleet replaced applies at once */
    if (!k->ready || p != k->gen) {
        q = p - 1u;
        if (cfg->fleet_key(cfg->user, DTLS_FLEET_COOKIE, &q, k->secret[q & 1U]) != 0 || q != p - 1u) {
            if (dtls__hs_random(cfg->hooks, k->secret[(p - 1u) & 1U], 32) != 0) {
                dtls_wipe(key, sizeof key);
                return DTLS_ERR_RANDOM;
            }
        }
        k->gen = p;
        k->ready = 1;
    }
    dtls_wipe(key, sizeof key);
    return 0;
}

static int dtls__server_rotate(dtls_server *srv)
{
    const dtls_config *cfg = dtls__server_cfg(srv);
    dtls__cookie_keys *k = &srv->dtls__ctx->dtls__cookie;
    uint32_t life = cfg->cookie_lifetime_ms ? cfg->cookie_lifetime_ms : DTLS__SERVER_COOKIE_LIFETIME;
    uint32_t now = cfg->now(cfg->user), elapsed = (uint32_t)(now - k->rotated_at);
    int r;

    if (cfg->fleet_key != NULL && (r = dtls__server_fleet_rotate(srv)) <= 0)
        return r;

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
    const dtls_ctx *ctx = srv->dtls__ctx;
    uint32_t now = cfg->now(cfg->user), n = 0, pick;
    uint8_t r[4];
    size_t i;
    /* a half-open handshake owns handshake scratch: the pool is the list of
     * candidates, however many slots there are */
    for (i = 0; i < ctx->dtls__n_hs; i++) {
        const dtls_conn *c = ctx->dtls__hs[i].dtls__owner;
        n += c != NULL && c != keep && dtls__conn_evictable(c, now);
    }
    if (n == 0 || dtls__server_rng((void *)cfg->hooks, r, sizeof r) != 0)
        return NULL;
    /* uniform in [0, n) by multiply-shift: no run-time division (Cortex-M0+) */
    pick = (uint32_t)(((uint64_t)(((uint32_t)r[0] << 24) | ((uint32_t)r[1] << 16) | ((uint32_t)r[2] << 8) | r[3]) *
                       n) >> 32);
    for (i = 0; i < ctx->dtls__n_hs; i++) {
        dtls_conn *c = ctx->dtls__hs[i].dtls__owner;
        if (c != NULL && c != keep && dtls__conn_evictable(c, now) && pick-- == 0)
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
    size_t cookie_len = dtls__server_cookie_len(srv);
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
    slot = dtls__server_free_slot(srv);
    r = slot != NULL ? dtls__conn_accept(slot, ctx, addr, addr_len) : DTLS_ERR_NO_SLOT;
    if (r == DTLS_ERR_NO_SLOT) {
        /* no slot or no handshake scratch: a half-open handshake makes room */
        dtls_conn *victim = dtls__server_victim(srv, old);
        if (victim != NULL) {
            dtls__server_close(srv, victim, DTLS_ERR_NO_SLOT);
            ctx->dtls__stats.half_open_evicted++;
            if (slot == NULL)
                slot = dtls__server_free_slot(srv); /* the victim's */
            r = slot != NULL ? dtls__conn_accept(slot, ctx, addr, addr_len) : DTLS_ERR_NO_SLOT;
        }
    }
    if (r != 0) {
        dtls__server_slot_unused(srv, slot);
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
    if (srv->dtls__ix != NULL)
        dtls__server_ix_add(srv, slot, 0);
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
    memset(srv, 0, sizeof *srv);
    srv->dtls__ctx = ctx;
    srv->dtls__slots = slots;
    srv->dtls__n_slots = n_slots;
    if (n_slots != 0)
        memset(slots, 0, n_slots * sizeof *slots);
    ctx->dtls__on_release = dtls__server_forget;
    ctx->dtls__find_cid = dtls__server_find_cid;
    ctx->dtls__on_move = dtls__server_move;
    ctx->dtls__server = srv;
    return 0;
}

DTLS_API int dtls_server_index(dtls_server *srv, uint32_t *words, size_t n_words)
{
    const dtls_config *cfg;
    uint32_t *depth, *f;
    size_t i, n;
    if (srv == NULL || srv->dtls__ctx == NULL || words == NULL)
        return DTLS_ERR_BAD_ARG;
    n = srv->dtls__n_slots;
    /* slot numbers + 1 fit 31 bits (a bucket's top bit tells a CID entry); the words' count fits a size_t */
    if (n > ((size_t)-1 - 1u) / 7u || (n >> 15 >> 15 >> 1) != 0 || n_words < DTLS_SERVER_INDEX_WORDS(n))
        return DTLS_ERR_BAD_ARG;
    if (srv->dtls__ctx->dtls__busy)
        return DTLS_ERR_STATE;
    cfg = dtls__server_cfg(srv);
    if (dtls__server_rng((void *)cfg->hooks, srv->dtls__ix_key, sizeof srv->dtls__ix_key) != 0)
        return DTLS_ERR_RANDOM;
    memset(words, 0, DTLS_SERVER_INDEX_WORDS(n) * sizeof *words);
    srv->dtls__ix = words;
    srv->dtls__ix_buckets = 3 * n;
    srv->dtls__heap_n = 0;
    f = dtls__server_free_stack(srv, &depth);
    for (i = n; i-- > 0;) { /* the lowest free slot on top */
        if (!dtls__conn_is_free(&srv->dtls__slots[i])) {
            dtls__server_ix_add(srv, &srv->dtls__slots[i], 0);
            if (srv->dtls__slots[i].dtls__cid_on)
                srv->dtls__slots[i].dtls__cid_on = 1; /* indexed again below */
            dtls__server_index_cid(srv, &srv->dtls__slots[i]);
            dtls__server_rekey(srv, &srv->dtls__slots[i]);
        } else {
            f[(*depth)++] = (uint32_t)i;
        }
    }
    return 0;
}

static dtls_conn *dtls__server_lookup(const dtls_server *srv, const uint8_t *addr, size_t addr_len,
                                      dtls_conn **second)
{
    dtls_conn *first = NULL, *c;
    size_t i;
    *second = NULL;
    if (srv->dtls__ix != NULL) {
        for (i = dtls__server_home(srv, 0, addr, addr_len); srv->dtls__ix[i] != 0; i = dtls__server_next(srv, i)) {
            if (srv->dtls__ix[i] & DTLS__SERVER_IX_CID)
                continue;
            c = &srv->dtls__slots[srv->dtls__ix[i] - 1u];
            if (!dtls__conn_addr_equal(c, addr, addr_len))
                continue;
            if (first == NULL) {
                first = c;
            } else {
                *second = c > first ? c : first;
                first = c > first ? first : c;
                break;
            }
        }
        return first;
    }
    for (i = 0; i < srv->dtls__n_slots; i++) {
        c = &srv->dtls__slots[i];
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
    dtls_conn *second, *first;
    size_t cid_len = dtls__server_cid_len(srv), pos = 0;
    int kind, gone;

    /* RFC 9146 §3: a record with a CID finds its connection by it, from
     * whatever address it comes (NAT rebinding; the engine moves the peer
     * once a newer record authenticates) */
    if (cid_len != 0 && len > 0 && datagram[0] == DTLS__CT_TLS12_CID) {
        if (dtls__record_parse(&in.rec, datagram, len, &pos, cid_len) == 0 &&
            (first = dtls__server_by_cid(srv, in.rec.cid, cid_len)) != NULL)
            return dtls__server_feed(srv, first, datagram, len, &gone);
        srv->dtls__ctx->dtls__stats.datagrams_in++;
        srv->dtls__ctx->dtls__stats.records_dropped_parse++; /* no connection has that CID */
        return 0;
    }
    first = dtls__server_lookup(srv, addr, addr_len, &second);

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
    srv->dtls__ctx->dtls__from = addr; /* where a CID's peer may move to (engine.c) */
    srv->dtls__ctx->dtls__from_len = addr_len;
    r = dtls__server_input(srv, datagram, len, addr, addr_len);
    srv->dtls__ctx->dtls__from = NULL;
    srv->dtls__ctx->dtls__busy = 0;
    return r;
}

/* One due connection's timer: retransmission, hook work, duty, idle timeout. */
static void dtls__server_tick(dtls_server *srv, dtls_conn *c)
{
    int was_hs;
    if (dtls__conn_is_free(c))
        return; /* released meanwhile (the old side of a reconnect) */
    was_hs = dtls__conn_handshaking(c);
    (void)dtls__conn_tick(c);
    (void)dtls__server_after(srv, c, was_hs);
    if (!dtls__conn_is_free(c))
        dtls__server_rekey(srv, c);
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
    if (srv->dtls__ix != NULL) {
        /* the due entries leave the heap first (each lands just past its
         * shrinking end), then each runs once and goes back with its new key */
        uint32_t *h = dtls__server_heap(srv);
        size_t n_due = 0, start;
        while (srv->dtls__heap_n > 0 && !dtls__server_before(now, h[0])) {
            uint32_t key = h[0], slot = h[1];
            dtls__server_heap_remove(srv, slot);
            h[2 * srv->dtls__heap_n] = key;
            h[2 * srv->dtls__heap_n + 1] = slot;
            n_due++;
        }
        /* run from the lowest: a rekey appends at the heap's end, which never
         * passes the entry being run, so no waiting entry is overwritten */
        start = srv->dtls__heap_n;
        for (i = start; i < start + n_due; i++)
            dtls__server_tick(srv, &srv->dtls__slots[h[2 * i + 1]]);
        srv->dtls__ctx->dtls__busy = 0;
        return 0;
    }
    for (i = 0; i < srv->dtls__n_slots; i++) {
        dtls_conn *c = &srv->dtls__slots[i];
        if (dtls__conn_is_free(c))
            continue;
        if (dtls_conn_deadline(c, &at) && (uint32_t)(now - at) < DTLS__SERVER_HALF)
            dtls__server_tick(srv, c);
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
    if (srv->dtls__ix != NULL) {
        if (srv->dtls__heap_n == 0)
            return 0;
        d = (uint32_t)(dtls__server_heap(srv)[0] - now);
        *at_ms = d >= DTLS__SERVER_HALF ? now : dtls__server_heap(srv)[0];
        return 1;
    }
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

DTLS_API dtls_conn *dtls_server_find(const dtls_server *srv, const uint8_t *addr, size_t addr_len)
{
    dtls_conn *second;
    if (srv == NULL || srv->dtls__ctx == NULL || (addr == NULL && addr_len != 0))
        return NULL;
    return dtls__server_lookup(srv, addr, addr_len, &second);
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
