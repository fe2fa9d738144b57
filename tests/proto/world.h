/* world.h - the in-memory harness of the engine tests (test_engine.c,
 * test_cert_hs.c, test_rules.c, test_defaults.c): a client engine and a
 * server engine (started with dtls__conn_accept, no cookie exchange; or, with
 * W.use_srv, a dtls_server of one slot in W.srv, cookie exchange included)
 * joined by a perfect link with optional drops, reversal and edits, a fake
 * clock that starts just below 2^32, recorded logs and notifications.
 * Everything is static: one world per test program.  (link.h is the other
 * harness: a seeded lossy link and a driver loop, for the trials.)
 *
 * Datagrams wait in W.q until w_pump delivers them all (answers included)
 * or take / deliver move them one by one; seal and open1 build and open
 * epoch-1 records with a side's own keys.  The helpers not every program
 * calls are static inline, so that one left unused draws no warning.
 *
 * From harness.h (shared with link.h and test_contract.c): w_random's bytes
 * (harness_xorshift_fill on W.rng, which w_setup seeds), and for the
 * certificate programs the wall clock and the server's credential of
 * certdata.h.  The PSK keys K1 and K2 are this world's own. */
#ifndef DTLS_TEST_WORLD_H
#define DTLS_TEST_WORLD_H

#include "harness.h"

#define W_QMAX 64
#define W_DMAX 2048

typedef struct world world;
typedef struct ep {
    world *w;
    int id; /* 0 client, 1 server */
} ep;

struct world {
    uint32_t now;
    uint64_t rng;
    uint8_t q[2][W_QMAX][W_DMAX]; /* q[0]: to the client, q[1]: to the server */
    size_t qlen[2][W_QMAX];
    int qn[2];
    int sent[2];          /* datagrams sent by the client (0) / server (1) */
    uint32_t drop[2];     /* bit k: drop the k-th datagram sent by that side (k < 32) */
    uint32_t sent_at[16]; /* client send times */
    size_t maxdg[2];
    int reverse[2]; /* deliver each batch of queued datagrams of that queue in reverse order */
    int ccs_mute;          /* the server's datagrams that start with a CCS are lost ... */
    uint32_t ccs_mute_until; /* ... until then */
    ep e[2];
    dtls_crypto_hooks hooks[2];
    int random_fail;
    dtls_config cc, sc;
    dtls_ctx cctx, sctx;
    dtls_hs chs, shs[2];
    uint8_t ctx_tx[2][1500];
    dtls_conn c, s;
    int connected, closed, close_reason;
    uint8_t got[1024];
    size_t got_len;
    int ndata;
    char log[256];
    int in_progress; /* input calls that answered DTLS_ERR_IN_PROGRESS (the caller never feeds again) */
    int use_srv; /* the server side is W.srv (a dtls_server, cookie exchange) instead of W.s */
    dtls_server srv;
    dtls_conn slots[1];
    int connected_at_data; /* W.connected when on_data was last called */
};

static world W;

static int w_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    if (W.random_fail)
        return DTLS_ERR_RANDOM;
    harness_xorshift_fill(&W.rng, out, len);
    return 0;
}

static int w_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    ep *e = (ep *)user;
    int k = W.sent[e->id]++;
    int to = e->id == 0 ? 1 : 0;
    (void)addr;
    (void)alen;
    if (e->id == 0 && k < 16)
        W.sent_at[k] = W.now;
    if (len > W.maxdg[e->id])
        W.maxdg[e->id] = len;
    if (k < 32 && (W.drop[e->id] >> k) & 1)
        return (int)len;
    if (e->id == 1 && W.ccs_mute && data[0] == 20 && (int32_t)(W.now - W.ccs_mute_until) < 0)
        return (int)len;
    if (W.qn[to] >= W_QMAX || len > W_DMAX)
        return -1;
    memcpy(W.q[to][W.qn[to]], data, len);
    W.qlen[to][W.qn[to]] = len;
    W.qn[to]++;
    return (int)len;
}

static uint32_t w_now(void *user)
{
    (void)user;
    return W.now;
}

static void w_log(void *user, const char *line)
{
    (void)user;
    strncpy(W.log, line, sizeof(W.log) - 1);
}

static void w_on_connect(void *user, dtls_conn *c)
{
    (void)user;
    (void)c;
    W.connected++;
}

static void w_on_data(void *user, dtls_conn *c, const uint8_t *data, size_t len)
{
    (void)user;
    (void)c;
    W.ndata++;
    W.connected_at_data = W.connected;
    if (len <= sizeof(W.got)) {
        memcpy(W.got, data, len);
        W.got_len = len;
    }
}

static void w_on_close(void *user, dtls_conn *c, int reason)
{
    (void)user;
    (void)c;
    W.closed++;
    W.close_reason = reason;
}

static const uint8_t K1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t K2[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17};
static uint16_t one_suite[1];
static const uint8_t CADDR[4] = {10, 0, 0, 1}; /* the client's address, as the server sees it */

static const uint16_t all_suites[] = {
    DTLS_PSK_WITH_AES_128_CCM_8,           DTLS_PSK_WITH_AES_128_CCM,
    DTLS_PSK_WITH_AES_128_GCM_SHA256,      DTLS_PSK_WITH_AES_256_GCM_SHA384,
    DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
#define N_SUITES (sizeof(all_suites) / sizeof(all_suites[0]))

/* A fresh world: client and server configs for suite (0: defaults). */
static void w_setup(uint16_t suite)
{
    memset(&W, 0, sizeof(W));
    W.now = UINT32_C(0xFFFFFFFF) - 5000; /* just below the wrap */
    W.rng = UINT64_C(0x9E3779B97F4A7C15);
    W.e[0].w = &W;
    W.e[1].w = &W;
    W.e[1].id = 1;
    W.hooks[0].random = w_random;
    W.hooks[1].random = w_random;
    one_suite[0] = suite;

    W.cc.role = DTLS_ROLE_CLIENT;
    W.cc.psk_identity = (const uint8_t *)"client1";
    W.cc.psk_identity_len = 7;
    W.cc.psk = K1;
    W.cc.psk_len = sizeof(K1);
    W.cc.send = w_send;
    W.cc.now = w_now;
    W.cc.user = &W.e[0];
    W.cc.hooks = &W.hooks[0];
    W.cc.log = w_log;
    W.sc = W.cc;
    W.sc.role = DTLS_ROLE_SERVER;
    W.sc.user = &W.e[1];
    W.sc.hooks = &W.hooks[1];
    W.sc.on_connect = w_on_connect;
    W.sc.on_data = w_on_data;
    W.sc.on_close = w_on_close;
    if (suite) {
        W.cc.suites = one_suite;
        W.cc.n_suites = 1;
        W.sc.suites = one_suite;
        W.sc.n_suites = 1;
    }
}

static int w_init(void)
{
    static const uint8_t sa[4] = {10, 0, 0, 2};
    int r = dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1);
    if (r == 0)
        r = dtls_ctx_init(&W.sctx, &W.sc, W.ctx_tx[1], sizeof(W.ctx_tx[1]), W.shs, 2);
    if (r == 0)
        r = dtls_conn_init(&W.c, &W.cctx, sa, 4);
    if (r == 0 && W.use_srv)
        r = dtls_server_init(&W.srv, &W.sctx, W.slots, 1);
    else if (r == 0)
        r = dtls__conn_accept(&W.s, &W.sctx, CADDR, 4);
    return r;
}

static void w_input(dtls_conn *c, uint8_t *buf, size_t len)
{
    if (dtls_conn_input(c, buf, len) == DTLS_ERR_IN_PROGRESS)
        W.in_progress++; /* the timer resumes the work (api.h) */
}

/* Feeds one datagram to side q (0: the client; 1: the server, W.srv in
 * dtls_server mode, else W.s while it is live). */
static void w_feed(int q, uint8_t *buf, size_t len)
{
    if (q == 0)
        w_input(&W.c, buf, len);
    else if (W.use_srv)
        (void)dtls_server_input(&W.srv, buf, len, CADDR, 4);
    else if (!dtls__conn_is_free(&W.s))
        w_input(&W.s, buf, len);
}

/* Delivers every queued datagram (both ways) until the link is quiet; the
 * client's application records land in W.got. */
static void w_pump(void)
{
    uint8_t buf[W_DMAX];
    int progress = 1, rounds = 0;
    while (progress && rounds++ < 100) {
        int side, i;
        progress = 0;
        for (side = 1; side >= 0; side--) {
            int n = W.qn[side];
            static uint8_t q[W_QMAX][W_DMAX];
            static size_t ql[W_QMAX];
            for (i = 0; i < n; i++) {
                memcpy(q[i], W.q[side][i], W.qlen[side][i]);
                ql[i] = W.qlen[side][i];
            }
            W.qn[side] = 0;
            for (i = 0; i < n; i++) {
                int k = W.reverse[side] ? n - 1 - i : i;
                memcpy(buf, q[k], ql[k]);
                w_feed(side, buf, ql[k]);
                if (side == 0) {
                    /* the client's records must be read before buf is reused */
                    while (W.got_len == 0) {
                        int r = dtls_conn_read(&W.c, W.got, sizeof(W.got));
                        if (r <= 0)
                            break;
                        W.got_len = (size_t)r;
                        W.ndata++;
                    }
                }
                progress = 1;
            }
        }
    }
}

/* Advances the fake clock to the earliest deadline and runs the timers. */
static int w_tick(void)
{
    uint32_t a, b, at = 0;
    int ha = dtls_conn_deadline(&W.c, &a), hb;
    if (W.use_srv)
        hb = dtls_server_deadline(&W.srv, &b);
    else
        hb = !dtls__conn_is_free(&W.s) && dtls_conn_deadline(&W.s, &b);
    if (!ha && !hb)
        return 0;
    if (ha)
        at = a;
    if (hb && (!ha || (int32_t)(b - a) < 0))
        at = b;
    if ((int32_t)(at - W.now) > 0)
        W.now = at;
    (void)dtls_conn_timer(&W.c);
    if (W.use_srv)
        (void)dtls_server_timer(&W.srv);
    else if (!dtls__conn_is_free(&W.s))
        (void)dtls_conn_timer(&W.s);
    return 1;
}

/* Runs the handshake (after w_init and connect) to its end. */
static int w_finish(void)
{
    int i;
    for (i = 0; i < 20 && !dtls_conn_is_established(&W.c); i++) {
        w_pump();
        if (dtls_conn_is_established(&W.c) || dtls_conn_error(&W.c))
            break;
        if (!w_tick())
            break;
    }
    w_pump();
    return dtls_conn_is_established(&W.c) ? 0 : (dtls_conn_error(&W.c) ? dtls_conn_error(&W.c) : -999);
}

static int w_handshake(void)
{
    int r = w_init();
    if (r != 0)
        return r;
    r = dtls_conn_connect(&W.c);
    if (r != 0)
        return r;
    return w_finish();
}

/* ------------------------------------- helpers some programs call (inline) */

#if DTLS_ENABLE_CERTS
/* A certificate world: PSK removed from both configs, the server presents
 * cred, both sides trust anchors[0..n) and take the time from wall, the
 * client expects "localhost". */
static inline void w_certs(const dtls_credential *cred, const dtls_blob *anchors, size_t n, dtls_wall_time_fn wall)
{
    W.cc.psk = NULL;
    W.cc.psk_len = 0;
    W.cc.psk_identity = NULL;
    W.cc.psk_identity_len = 0;
    W.sc.psk = NULL;
    W.sc.psk_len = 0;
    W.sc.psk_identity = NULL;
    W.sc.psk_identity_len = 0;
    W.cc.trust_anchors = anchors;
    W.cc.n_trust_anchors = n;
    W.cc.server_name = "localhost";
    W.cc.wall_time = wall;
    W.sc.wall_time = wall;
    W.sc.trust_anchors = anchors;
    W.sc.n_trust_anchors = n;
    W.sc.cred = cred;
}
#endif


/* A live connection's own retransmission count. */
static inline uint32_t retx_of(const dtls_conn *conn)
{
    dtls_stats st;
    CHECK(!dtls__conn_is_free(conn));
    dtls_conn_stats(conn, &st);
    return st.retransmissions;
}

/* The server ended with code (on_close once).  After a fatal alert it sent,
 * the slot stays "ended" (to repeat the alert) until its deadline, then the
 * timer frees it without notifying again; otherwise it is free at once. */
static inline void w_check_server_end(int code)
{
    uint32_t at;
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, code);
    if (code <= DTLS_ERR_ALERT_SENT_BASE && code > DTLS_ERR_ALERT_RECEIVED_BASE) {
        CHECK(dtls__conn_ended(&W.s));
        CHECK(dtls_conn_deadline(&W.s, &at));
        CHECK((uint32_t)(at - W.now) <= 30000);
        W.now = at;
        CHECK_EQ(dtls_conn_timer(&W.s), code);
        CHECK_EQ(W.closed, 1);
    }
    CHECK(dtls__conn_is_free(&W.s));
}

/* Takes the first queued datagram of queue q (0: to the client, 1: to the
 * server) into out; returns its length (0: none). */
static inline size_t take(int q, uint8_t *out)
{
    size_t len;
    int i;
    if (W.qn[q] == 0)
        return 0;
    len = W.qlen[q][0];
    memcpy(out, W.q[q][0], len);
    for (i = 1; i < W.qn[q]; i++) {
        memcpy(W.q[q][i - 1], W.q[q][i], W.qlen[q][i]);
        W.qlen[q][i - 1] = W.qlen[q][i];
    }
    W.qn[q]--;
    return len;
}

/* Delivers every datagram queued for side q once, in order (the answers stay
 * queued).  The buffer outlives the call: the client's records point into it
 * until dtls_conn_read takes them (a stack buffer here was read after its
 * frame was gone, which only an optimised build showed). */
static inline void deliver(int q)
{
    static uint8_t buf[W_DMAX];
    size_t len;
    int n = W.qn[q];
    while (n-- > 0 && (len = take(q, buf)) != 0)
        w_feed(q, buf, len);
}

/* Splits a datagram into records: offsets and lengths (header included). */
static inline size_t records(const uint8_t *d, size_t len, size_t *off, size_t *rlen, size_t max)
{
    size_t o = 0, n = 0;
    while (o + 13 <= len && n < max) {
        size_t l = 13 + (((size_t)d[o + 11] << 8) | d[o + 12]);
        if (o + l > len)
            break;
        off[n] = o;
        rlen[n] = l;
        n++;
        o += l;
    }
    return n;
}

/* A record from `from` in its epoch-1 keys (with its next epoch-1 write
 * sequence number; epoch may say otherwise in the header): what its engine
 * would send.  Returns the record's length. */
static inline size_t seal(dtls_conn *from, uint16_t epoch, uint8_t type, const uint8_t *p, size_t n, uint8_t *out,
                          size_t cap)
{
    int r = dtls__record_protect(from->dtls__ctx->dtls__cfg->hooks, &from->dtls__wr, type, DTLS__VERSION_1_2, epoch,
                                 from->dtls__wseq[1], out, cap, p, n);
    CHECK(r > 0);
    if (r <= 0)
        return 0;
    from->dtls__wseq[1]++;
    return (size_t)r;
}

/* Opens the one epoch-1 record of datagram d with to's read keys: 0 and the
 * plaintext, or an error.  Checks the header: type, 0xFEFD, epoch 1. */
static inline int open1(const dtls_conn *to, const uint8_t *d, size_t len, uint8_t type, uint8_t *plain, size_t *plen)
{
    uint8_t buf[W_DMAX];
    dtls__record rec;
    size_t pos = 0;
    int r;
    if (len > sizeof(buf))
        return -1000;
    memcpy(buf, d, len);
    r = dtls__record_parse(&rec, buf, len, &pos, 0);
    if (r != 0)
        return r;
    CHECK_EQ(pos, len); /* one record in the datagram */
    CHECK_EQ(rec.type, type);
    CHECK_EQ(rec.version, DTLS__VERSION_1_2);
    CHECK_EQ(rec.epoch, 1);
    r = dtls__record_unprotect(to->dtls__ctx->dtls__cfg->hooks, &to->dtls__rd, &rec);
    if (r != 0)
        return r;
    memcpy(plain, rec.body, rec.body_len);
    *plen = rec.body_len;
    return 0;
}

/* The next datagram queued in q is exactly one epoch-1 alert record (level,
 * desc) that `reader` opens; its length is header + the suite's overhead + 2. */
static inline void check_alert1(int q, const dtls_conn *reader, uint8_t level, uint8_t desc)
{
    uint8_t d[W_DMAX], pt[64];
    size_t len = take(q, d), plen = 0;
    CHECK_EQ(len, 13 + dtls__cipher_overhead(&reader->dtls__rd) + 2);
    CHECK_EQ(open1(reader, d, len, DTLS__CT_ALERT, pt, &plen), 0);
    CHECK_EQ(plen, 2);
    CHECK_EQ(pt[0], level);
    CHECK_EQ(pt[1], desc);
}

#endif /* DTLS_TEST_WORLD_H */
