/* test_rules.c - rules of issue 3 (DTLS 1.2 core) pinned one by one, each by
 * a test that fails without the rule:
 *   - renegotiation refused (RFC 5746): an authenticated ClientHello to the
 *     server, a HelloRequest to the client: a no_renegotiation warning in
 *     epoch 1, nothing changes;
 *   - max_auth_failures: the limit fails the connection with bad_record_mac;
 *     off (0) every failure is only counted;
 *   - record versions (RFC 6347 4.1): 0xFEFF accepted in epoch 0 before the
 *     ServerHello, only 0xFEFD after it;
 *   - early epoch-1 records: buffered (at most DTLS__EARLY_MAX) before the
 *     ChangeCipherSpec, later epochs dropped, application data delivered only
 *     once the peer's Finished verified; an early record must fit
 *     DTLS__EARLY_SLOT bytes;
 *   - empty application records are discarded, never a 0-byte read;
 *   - a ClientHello that cannot fit the mtu unfragmented: DTLS_ERR_TOO_BIG,
 *     nothing sent;
 *   - after a local close: close_notify once, then nothing is sent or
 *     processed.
 *
 * The harness is the in-memory "world" of test_engine.c (a client engine and
 * a server engine started with dtls__conn_accept, a fake clock just below the
 * wrap), trimmed to what is used here; datagrams are taken from its queues
 * and fed by hand where the order matters.  Records "from" a peer are built
 * with that peer's own epoch-1 write keys (dtls__record_protect on
 * conn->dtls__wr, its next write sequence number), and the records a side
 * sends are opened with the other side's read keys (dtls__record_unprotect on
 * conn->dtls__rd) to check the exact alert bytes inside. */
#include "ptest.h"

#define W_QMAX 64
#define W_DMAX 2048

/* ------------------------------------------------------------- harness */

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
    int sent[2]; /* datagrams sent by the client (0) / server (1) */
    ep e[2];
    dtls_crypto_hooks hooks[2];
    dtls_config cc, sc;
    dtls_ctx cctx, sctx;
    dtls_hs chs, shs[2];
    uint8_t ctx_tx[2][1500];
    dtls_conn c, s;
    int use_srv;        /* the server side is a dtls_server (cookie exchange) instead of W.s */
    dtls_server srv;
    dtls_conn slots[1];
    int connected, closed, close_reason;
    int connected_at_data; /* W.connected when on_data was last called */
    uint8_t got[1024];
    size_t got_len;
    int ndata;
    char log[256];
};

static world W;

static int w_random(void *user, uint8_t *out, size_t len)
{
    size_t i;
    (void)user;
    for (i = 0; i < len; i++) {
        W.rng ^= W.rng << 13;
        W.rng ^= W.rng >> 7;
        W.rng ^= W.rng << 17;
        out[i] = (uint8_t)(W.rng >> 24);
    }
    return 0;
}

static int w_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    ep *e = (ep *)user;
    int to = e->id == 0 ? 1 : 0;
    (void)addr;
    (void)alen;
    W.sent[e->id]++;
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
static uint16_t one_suite[1];
static const uint8_t CADDR[4] = {10, 0, 0, 1};

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
                memcpy(buf, q[i], ql[i]);
                if (side == 1) {
                    if (W.use_srv)
                        (void)dtls_server_input(&W.srv, buf, ql[i], CADDR, 4);
                    else if (!dtls__conn_is_free(&W.s))
                        (void)dtls_conn_input(&W.s, buf, ql[i]);
                } else {
                    (void)dtls_conn_input(&W.c, buf, ql[i]);
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

/* The server ended with code (on_close once).  After a fatal alert it sent,
 * the slot stays "ended" (to repeat the alert) until its deadline, then the
 * timer frees it without notifying again; otherwise it is free at once.
 * (As in test_engine.c.) */
static void w_check_server_end(int code)
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

/* ------------------------------------------------- record-level helpers */

/* Takes the first queued datagram of queue q (0: to the client, 1: to the
 * server) into out; returns its length (0: none). */
static size_t take(int q, uint8_t *out)
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

/* Delivers every datagram queued for side q once (no answers are pumped). */
static void deliver(int q)
{
    uint8_t buf[W_DMAX];
    size_t len;
    int n = W.qn[q];
    while (n-- > 0 && (len = take(q, buf)) != 0) {
        if (q == 1)
            (void)dtls_conn_input(&W.s, buf, len);
        else
            (void)dtls_conn_input(&W.c, buf, len);
    }
}

/* Splits a datagram into records: offsets and lengths (header included). */
static size_t records(const uint8_t *d, size_t len, size_t *off, size_t *rlen, size_t max)
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
static size_t seal(dtls_conn *from, uint16_t epoch, uint8_t type, const uint8_t *p, size_t n, uint8_t *out,
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
static int open1(const dtls_conn *to, const uint8_t *d, size_t len, uint8_t type, uint8_t *plain, size_t *plen)
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
static void check_alert1(int q, const dtls_conn *reader, uint8_t level, uint8_t desc)
{
    uint8_t d[W_DMAX], pt[64];
    size_t len = take(q, d), plen = 0;
    CHECK_EQ(len, 13 + dtls__cipher_overhead(&reader->dtls__rd) + 2);
    CHECK_EQ(open1(reader, d, len, DTLS__CT_ALERT, pt, &plen), 0);
    CHECK_EQ(plen, 2);
    CHECK_EQ(pt[0], level);
    CHECK_EQ(pt[1], desc);
}

/* A record header's 48-bit sequence number. */
static uint64_t rec_seq(const uint8_t *d)
{
    uint64_t v = 0;
    int i;
    for (i = 5; i < 11; i++)
        v = (v << 8) | d[i];
    return v;
}

/* The sum of every drop counter. */
static uint32_t drops(const dtls_stats *st)
{
    return st->records_dropped_parse + st->records_dropped_auth + st->records_dropped_replay +
           st->records_dropped_epoch + st->records_dropped_plaintext_after_handshake + st->fragments_dropped;
}

static const uint16_t all_suites[] = {
    DTLS_PSK_WITH_AES_128_CCM_8,           DTLS_PSK_WITH_AES_128_CCM,
    DTLS_PSK_WITH_AES_128_GCM_SHA256,      DTLS_PSK_WITH_AES_256_GCM_SHA384,
    DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
#define N_SUITES (sizeof(all_suites) / sizeof(all_suites[0]))

/* Data both ways after the handshake: the client's "ping" reaches the
 * server's on_data, the server's "pong" the client's read. */
static void data_both_ways(void)
{
    uint8_t buf[64];
    W.ndata = 0;
    W.got_len = 0;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    deliver(1);
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.got_len, 4);
    CHECK_MEM(W.got, "ping", 4);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"pong", 4), 4);
    deliver(0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 4);
    CHECK_MEM(buf, "pong", 4);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
}

/* -------------------------------------------------------- renegotiation */

/* An authenticated (epoch-1) ClientHello to an established server: answered
 * with a no_renegotiation warning (level 1, description 100) in epoch 1;
 * nothing changes (no handshake starts, same suite and epochs, no
 * notification) and data flows both ways afterwards.  Every suite (the
 * three nonce constructions). */
TEST(renegotiation_client_hello_refused)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        static const uint8_t rnd[32] = {7};
        uint8_t msg[512], rec[600], alert[W_DMAX];
        dtls__client_hello_out o;
        dtls__hs_header h;
        dtls_stats st;
        uint64_t wseq;
        size_t rl, al;
        int n;
        w_setup(all_suites[i]);
        CHECK_EQ(w_handshake(), 0);
        CHECK_EQ(W.connected, 1);
        memset(&o, 0, sizeof(o));
        o.random = rnd;
        o.suites = &all_suites[i];
        o.n_suites = 1;
        n = dtls__msg_write_client_hello(msg + 12, sizeof(msg) - 12, &o);
        CHECK(n > 0);
        if (n <= 0)
            return;
        memset(&h, 0, sizeof(h));
        h.type = DTLS__HS_CLIENT_HELLO; /* message_seq 0: a new handshake (RFC 6347 4.2.2) */
        h.length = h.frag_length = (uint32_t)n;
        dtls__hs_write_header(msg, &h);
        rl = seal(&W.c, 1, DTLS__CT_HANDSHAKE, msg, 12 + (size_t)n, rec, sizeof(rec));
        wseq = W.s.dtls__wseq[1];
        CHECK_EQ(dtls_conn_input(&W.s, rec, rl), 0);
        CHECK_EQ(W.sent[1], 3); /* SH+SHD; CCS+Finished; the warning */
        CHECK_EQ(W.qn[0], 1);
        CHECK_EQ(rec_seq(W.q[0][0]), wseq); /* the server's next epoch-1 sequence number */
        al = W.qlen[0][0];
        memcpy(alert, W.q[0][0], al);
        check_alert1(0, &W.c, 1, DTLS_ALERT_NO_RENEGOTIATION);
        /* nothing changed */
        CHECK_EQ(dtls_conn_error(&W.s), 0);
        CHECK(dtls_conn_is_established(&W.s));
        CHECK(W.s.dtls__hs == NULL); /* no handshake started */
        CHECK_EQ(dtls_conn_suite(&W.s), all_suites[i]);
        CHECK_EQ(W.s.dtls__rd_epoch, 1);
        CHECK_EQ(W.s.dtls__wr_epoch, 1);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(W.closed, 0);
        dtls_conn_stats(&W.s, &st);
        CHECK_EQ(drops(&st), 0);
        /* the client takes the warning and goes on */
        CHECK_EQ(dtls_conn_input(&W.c, alert, al), 0);
        CHECK_EQ(dtls_conn_error(&W.c), 0);
        CHECK_EQ(W.sent[0], 2);
        data_both_ways();
        CHECK(dtls_conn_is_established(&W.c));
        CHECK_EQ(dtls_conn_suite(&W.c), all_suites[i]);
        CHECK_EQ(W.sent[1], 4);
    }
}

/* An authenticated HelloRequest (type 0, empty body) to an established
 * client: a no_renegotiation warning in epoch 1, no new ClientHello, the
 * connection continues; the server takes the warning and changes nothing. */
TEST(renegotiation_hello_request_refused)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        uint8_t msg[12], rec[64], buf[16];
        dtls__hs_header h;
        dtls_stats st;
        size_t rl;
        w_setup(all_suites[i]);
        CHECK_EQ(w_handshake(), 0);
        memset(&h, 0, sizeof(h)); /* HelloRequest, length 0, message_seq 0 */
        h.type = DTLS__HS_HELLO_REQUEST;
        dtls__hs_write_header(msg, &h);
        rl = seal(&W.s, 1, DTLS__CT_HANDSHAKE, msg, sizeof(msg), rec, sizeof(rec));
        CHECK_EQ(dtls_conn_input(&W.c, rec, rl), 0);
        CHECK_EQ(W.sent[0], 3); /* ClientHello; CKE+CCS+Finished; the warning */
        CHECK_EQ(W.qn[1], 1);
        check_alert1(1, &W.s, 1, DTLS_ALERT_NO_RENEGOTIATION);
        CHECK_EQ(dtls_conn_error(&W.c), 0);
        CHECK(dtls_conn_is_established(&W.c));
        CHECK(W.c.dtls__hs == NULL);
        CHECK_EQ(dtls_conn_suite(&W.c), all_suites[i]);
        CHECK_EQ(W.c.dtls__rd_epoch, 1);
        CHECK_EQ(W.c.dtls__wr_epoch, 1);
        CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
        dtls_conn_stats(&W.c, &st);
        CHECK_EQ(drops(&st), 0);
        /* the warning reaches the server: nothing changes there either */
        {
            uint8_t d[W_DMAX];
            size_t dl;
            uint8_t a[2];
            a[0] = 1;
            a[1] = DTLS_ALERT_NO_RENEGOTIATION;
            dl = seal(&W.c, 1, DTLS__CT_ALERT, a, 2, d, sizeof(d));
            CHECK_EQ(dtls_conn_input(&W.s, d, dl), 0);
            CHECK_EQ(dtls_conn_error(&W.s), 0);
            CHECK_EQ(W.closed, 0);
        }
        data_both_ways();
        CHECK_EQ(W.sent[0], 4);
    }
}

/* ----------------------------------------------------- max_auth_failures */

/* A data record of the client with one ciphertext byte flipped. */
static size_t forged_from_client(uint8_t *d, const char *text)
{
    size_t len;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)text, strlen(text)), (int)strlen(text));
    len = take(1, d);
    CHECK(len > 13u + W.c.dtls__wr.explicit_nonce_len);
    d[13 + W.c.dtls__wr.explicit_nonce_len] ^= 0x01;
    return len;
}

/* max_auth_failures = 3 on the server (CCM_8, the suite the README advises it
 * for): the first two forged records are dropped and counted, a valid record
 * in between is delivered (the count is per connection, not consecutive), the
 * third fails the connection with a fatal bad_record_mac sent in epoch 1:
 * DTLS_ERR_ALERT_SENT(bad_record_mac), on_close once, records_dropped_auth 3. */
TEST(max_auth_failures_server)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.max_auth_failures = 3;
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;

    len = forged_from_client(d, "one");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 1);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"fine", 4), 4); /* a valid one between */
    deliver(1);
    CHECK_EQ(W.ndata, 1);
    len = forged_from_client(d, "two");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 2);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.sent[1], 2); /* nothing answered so far */
    CHECK_EQ(W.closed, 0);

    len = forged_from_client(d, "three");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_error(&W.s), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.sent[1], 3);
    CHECK_EQ(W.qn[0], 1);
    dtls_conn_stats(&W.s, &st); /* the ended slot still reports its counters */
    CHECK_EQ(st.records_dropped_auth, 3);
    CHECK_EQ(drops(&st), 3);
    CHECK_EQ(W.s.dtls__last_alert, DTLS_ALERT_BAD_RECORD_MAC);
    {
        /* the alert on the wire: fatal bad_record_mac in epoch 1; the client fails with it */
        uint8_t a[W_DMAX];
        size_t al = W.qlen[0][0];
        memcpy(a, W.q[0][0], al);
        check_alert1(0, &W.c, 2, DTLS_ALERT_BAD_RECORD_MAC);
        CHECK_EQ(dtls_conn_input(&W.c, a, al), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_BAD_RECORD_MAC));
    }
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(W.sctx.dtls__stats.records_dropped_auth, 3); /* the released slot's counters */
}

/* The client side of the same limit (2): the client fails with
 * DTLS_ERR_ALERT_SENT(bad_record_mac), sends the fatal alert in epoch 1, and
 * every call returns that code afterwards. */
TEST(max_auth_failures_client)
{
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    dtls_stats st;
    int k;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    W.cc.max_auth_failures = 2;
    CHECK_EQ(w_handshake(), 0);
    for (k = 0; k < 2; k++) {
        CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"data", 4), 4);
        len = take(0, d);
        d[13 + W.s.dtls__wr.explicit_nonce_len + 2] ^= 0x80;
        CHECK_EQ(dtls_conn_input(&W.c, d, len), k == 0 ? 0 : DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
        CHECK_EQ(W.sent[0], k == 0 ? 2 : 3);
    }
    check_alert1(1, &W.s, 2, DTLS_ALERT_BAD_RECORD_MAC);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_auth, 2);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_write(&W.c, buf, 1), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK(!dtls_conn_is_established(&W.c));
}

/* Off (0, the default): any number of failures is only counted; the
 * connection stays healthy and the next valid record is delivered. */
TEST(max_auth_failures_off)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    int k;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;
    for (k = 0; k < 40; k++) {
        len = forged_from_client(d, "forged");
        CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    }
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 40);
    CHECK_EQ(drops(&st), 40);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(W.sent[1], 2);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.closed, 0);
    data_both_ways();
}

/* ------------------------------------------------------ record versions */

/* A ClientHello record of version 0xFEFF (as OpenSSL sends it) is accepted
 * before the ServerHello: the handshake completes without retransmission,
 * nothing dropped.  Through the engine alone and through dtls_server (cookie
 * exchange: both ClientHellos 0xFEFF). */
TEST(version_feff_before_server_hello)
{
    dtls_stats st;
    int via;
    for (via = 0; via < 2; via++) {
        uint8_t d[W_DMAX];
        size_t len;
        w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
        W.use_srv = via;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        CHECK_EQ(W.qn[1], 1);
        W.q[1][0][1] = 0xFE;
        W.q[1][0][2] = 0xFF;
        if (via) {
            /* the stateless check answers with a HelloVerifyRequest; the
             * ClientHello with the cookie goes as 0xFEFF too */
            len = take(1, d);
            CHECK_EQ(dtls_server_input(&W.srv, d, len, CADDR, 4), 0);
            CHECK_EQ(W.sent[1], 1);
            CHECK_EQ(W.q[0][0][13], DTLS__HS_HELLO_VERIFY_REQUEST);
            deliver(0);
            CHECK_EQ(W.sent[0], 2);
            CHECK_EQ(W.qn[1], 1);
            W.q[1][0][1] = 0xFE;
            W.q[1][0][2] = 0xFF;
        }
        CHECK_EQ(w_finish(), 0);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(W.sent[0], via ? 3 : 2); /* no retransmission */
        CHECK_EQ(W.sent[1], via ? 3 : 2);
        if (via)
            dtls_server_stats(&W.srv, &st);
        else
            dtls_conn_stats(&W.s, &st);
        CHECK_EQ(drops(&st), 0);
        CHECK_EQ(st.retransmissions, 0);
    }
}

/* Another version (0xFEFE) on the ClientHello record is dropped and counted
 * (records_dropped_parse): the server answers nothing. */
TEST(version_other_dropped)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    len = take(1, d);
    d[1] = 0xFE;
    d[2] = 0xFE;
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.sent[1], 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_in, 1);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(drops(&st), 1);
}

/* After the ServerHello was received, an epoch-0 handshake record of version
 * 0xFEFF (here the ServerHelloDone) is dropped, counted in
 * records_dropped_parse, and does not advance the client; the same record as
 * 0xFEFD (same sequence number: the window did not move) then does. */
TEST(version_locked_after_server_hello_client)
{
    uint8_t d[W_DMAX], r2[W_DMAX];
    size_t len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    len = take(0, d);
    CHECK_EQ(records(d, len, off, rl, 4), 2); /* ServerHello, ServerHelloDone */
    CHECK_EQ(d[off[0] + 13], DTLS__HS_SERVER_HELLO);
    CHECK_EQ(d[off[1] + 13], DTLS__HS_SERVER_HELLO_DONE);
    memcpy(r2, d + off[1], rl[1]);
    CHECK_EQ(dtls_conn_input(&W.c, d, rl[0]), 0); /* the ServerHello (0xFEFD) */
    CHECK_EQ(W.sent[0], 1);
    d[off[1] + 1] = 0xFE;
    d[off[1] + 2] = 0xFF;
    CHECK_EQ(dtls_conn_input(&W.c, d + off[1], rl[1]), 0);
    CHECK_EQ(W.sent[0], 1); /* not processed: no ClientKeyExchange flight */
    CHECK_EQ(W.qn[1], 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(drops(&st), 1);
    CHECK_EQ(dtls_conn_input(&W.c, r2, rl[1]), 0); /* as sent */
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(w_finish(), 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(st.retransmissions, 0);
}

/* The server side: after it sent its ServerHello, the client's
 * ClientKeyExchange as 0xFEFF is dropped (records_dropped_parse) and not
 * processed: the CCS + Finished that follow cannot complete the handshake;
 * the ClientKeyExchange as sent (0xFEFD) then completes it (the early CCS and
 * the buffered Finished take effect). */
TEST(version_locked_after_server_hello_server)
{
    uint8_t d[W_DMAX], cke[W_DMAX];
    size_t len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    deliver(0);
    len = take(1, d);
    CHECK_EQ(records(d, len, off, rl, 4), 3); /* ClientKeyExchange, CCS, Finished */
    CHECK_EQ(d[off[0] + 13], DTLS__HS_CLIENT_KEY_EXCHANGE);
    CHECK_EQ(d[off[1]], DTLS__CT_CHANGE_CIPHER_SPEC);
    memcpy(cke, d, rl[0]);
    cke[1] = 0xFE;
    cke[2] = 0xFF;
    CHECK_EQ(dtls_conn_input(&W.s, cke, rl[0]), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(dtls_conn_input(&W.s, d + off[1], len - off[1]), 0); /* CCS + Finished */
    CHECK(!dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 0);
    CHECK_EQ(W.sent[1], 1);
    memcpy(cke, d, rl[0]);
    CHECK_EQ(dtls_conn_input(&W.s, cke, rl[0]), 0); /* as sent */
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 1);
    CHECK_EQ(W.sent[1], 2);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(drops(&st), 1);
    CHECK_EQ(w_finish(), 0);
}

/* ------------------------------------------------------- early records */

/* Runs the handshake up to the server's final flight (CCS + Finished), which
 * is held back in fin (returns its length); the server is established. */
static size_t run_to_server_final(uint8_t *fin)
{
    size_t len;
    if (w_init() != 0 || dtls_conn_connect(&W.c) != 0)
        return 0;
    deliver(1);
    deliver(0);
    deliver(1);
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.qn[0], 1);
    len = take(0, fin);
    CHECK(!dtls_conn_is_established(&W.c));
    return len;
}

/* The client: the server's first application records overtake its CCS +
 * Finished.  An epoch-2 record is dropped and counted at once
 * (records_dropped_epoch) and takes no buffer slot; the next two epoch-1
 * records are buffered (DTLS__EARLY_MAX), the third dropped and counted;
 * nothing is readable before the Finished verifies; right after it the two
 * buffered records are read, in order; no retransmission was needed. */
TEST(early_records_client)
{
    uint8_t fin[W_DMAX], d[W_DMAX], buf[64];
    size_t fl, len;
    dtls_stats st;
    CHECK_EQ(DTLS__EARLY_MAX, 2);
    w_setup(DTLS_PSK_WITH_AES_128_CCM);
    fl = run_to_server_final(fin);
    CHECK(fl > 0);
    len = seal(&W.s, 2, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"e2", 2, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 1);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"first", 5), 5);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"second", 6), 6);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"third", 5), 5);
    CHECK_EQ(W.qn[0], 3);
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 2); /* epoch 2, and the third early record */
    CHECK_EQ(drops(&st), 2);
    CHECK_EQ(dtls_conn_input(&W.c, fin, fl), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 5);
    CHECK_MEM(buf, "first", 5);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 6);
    CHECK_MEM(buf, "second", 6);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    CHECK_EQ(W.sent[0], 2);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.retransmissions, 0);
    CHECK_EQ(drops(&st), 2);
    /* after the handshake, epoch 2 is still dropped and counted */
    len = seal(&W.s, 2, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"e2", 2, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 3);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    data_both_ways();
}

/* The buffer is bounded in bytes too: an early record is kept only when it
 * fits DTLS__EARLY_SLOT whole (header included); a longer one is dropped and
 * counted (records_dropped_epoch).  At the boundary: one byte over is
 * dropped, exactly the slot is kept and read after completion. */
TEST(early_record_slot_size)
{
    uint8_t fin[W_DMAX], big[DTLS__EARLY_SLOT], buf[DTLS__EARLY_SLOT];
    size_t fl, n;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    fl = run_to_server_final(fin);
    n = DTLS__EARLY_SLOT - 13 - dtls__cipher_overhead(&W.s.dtls__wr); /* the largest payload kept */
    memset(big, 0xA5, sizeof(big));
    CHECK_EQ(dtls_conn_write(&W.s, big, n + 1), (int)(n + 1));
    big[0] = 0x5A;
    CHECK_EQ(dtls_conn_write(&W.s, big, n), (int)n);
    CHECK_EQ(W.qlen[0][0], DTLS__EARLY_SLOT + 1);
    CHECK_EQ(W.qlen[0][1], DTLS__EARLY_SLOT);
    deliver(0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 1);
    CHECK_EQ(dtls_conn_input(&W.c, fin, fl), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), (int)n);
    CHECK_MEM(buf, big, n);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 1);
}

/* The server's Finished (an epoch-1 handshake record) before its CCS: kept
 * and processed right after the CCS: the client completes without
 * retransmission.  Then application data arriving after the CCS but before
 * the Finished (current epoch, still handshaking) is not delivered before the
 * Finished verifies, and is delivered right after it. */
TEST(early_finished_and_data_after_ccs)
{
    uint8_t fin[W_DMAX], d[W_DMAX], buf[64];
    size_t fl, len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    fl = run_to_server_final(fin);
    CHECK_EQ(records(fin, fl, off, rl, 4), 2);
    CHECK_EQ(fin[off[0]], DTLS__CT_CHANGE_CIPHER_SPEC);
    CHECK_EQ(dtls_conn_input(&W.c, fin + off[1], rl[1]), 0); /* the Finished first */
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_input(&W.c, fin, rl[0]), 0); /* then the CCS */
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(W.sent[0], 2);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(st.retransmissions, 0);

    /* CCS, then data, then the Finished */
    w_setup(DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    fl = run_to_server_final(fin);
    CHECK_EQ(records(fin, fl, off, rl, 4), 2);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"early", 5), 5);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, fin, rl[0]), 0); /* CCS: the client reads epoch 1 */
    CHECK_EQ(W.c.dtls__rd_epoch, 1);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_input(&W.c, fin + off[1], rl[1]), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 5);
    CHECK_MEM(buf, "early", 5);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
}

/* The server: a client application record (epoch 1, built with the client's
 * keys and its next sequence number) arrives before the client's flight
 * (ClientKeyExchange, CCS, Finished): buffered, and delivered (on_data) only
 * after the Finished verified, right after on_connect; it also proves the
 * client completed, so the server's Finished duty ends. */
TEST(early_data_server)
{
    uint8_t d[W_DMAX], f5[W_DMAX];
    size_t len, fl;
    uint32_t at;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_256_GCM_SHA384);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    deliver(0);
    fl = take(1, f5); /* the client's flight: its epoch-1 keys exist now */
    CHECK(fl > 0);
    CHECK_EQ(W.c.dtls__wr_epoch, 1);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"early", 5, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(W.connected, 0);
    CHECK_EQ(dtls_conn_input(&W.s, f5, fl), 0);
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 1);
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.connected_at_data, 1); /* after on_connect */
    CHECK_EQ(W.got_len, 5);
    CHECK_MEM(W.got, "early", 5);
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 0); /* no Finished duty: the client's data proved it completed */
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(drops(&st), 0);
    deliver(0);
    CHECK(dtls_conn_is_established(&W.c));
    data_both_ways();
}

/* ------------------------------------------------------- empty records */

/* An authenticated application record with 0 bytes of plaintext is discarded:
 * never an on_data call with 0 bytes (server), never a 0-byte read (client:
 * DTLS_ERR_WOULD_BLOCK); no drop counter moves (records_in does: it was a
 * valid record, accepted by the replay window, and it ends the server's
 * Finished duty like any authenticated data).  A write of 0 bytes sends
 * nothing. */
TEST(empty_records)
{
    static const uint8_t none[1] = {0};
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    uint32_t at;
    dtls_stats st, st0;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 1); /* the server's Finished duty */
    dtls_conn_stats(&W.s, &st0);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(len, 13 + 8 + 16);
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_in, st0.records_in + 1);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 0);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0); /* (decrypted in place: a replay now either way) */
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_replay, 1);
    CHECK_EQ(W.ndata, 0);

    /* the client */
    len = seal(&W.s, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    /* the next record is read normally */
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"z", 1), 1);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 1);
    CHECK_EQ(buf[0], 'z');

    /* writing nothing sends nothing */
    CHECK_EQ(dtls_conn_write(&W.c, none, 0), 0);
    CHECK_EQ(dtls_conn_write(&W.s, none, 0), 0);
    CHECK_EQ(W.qn[0] + W.qn[1], 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(W.sent[1], 3);
}

/* ------------------------------------------------- ClientHello too big */

/* Our ClientHello is never fragmented: at an mtu exactly its datagram's size
 * connect succeeds (one datagram of that size); one byte less, and at the
 * smallest mtu (64), connect fails with DTLS_ERR_TOO_BIG and sends nothing;
 * the connection is not failed (no sticky error) and stays set up: connect
 * again gives the same answer, and the handshake scratch is free again. */
TEST(client_hello_too_big)
{
    size_t L;
    uint32_t at;
    w_setup(0); /* every suite and group offered */
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    L = W.qlen[1][0];
    CHECK(L > 100);

    w_setup(0);
    W.cc.mtu = (uint16_t)L;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.sent[0], 1);
    CHECK_EQ(W.qlen[1][0], L);

    w_setup(0);
    W.cc.mtu = (uint16_t)(L - 1);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    CHECK(W.chs.dtls__owner == NULL); /* the handshake scratch went back */
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);

    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.mtu = 64;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);
}

/* ---------------------------------------------------------- local close */

/* dtls_conn_close sends close_notify (warning, epoch 1) exactly once; a
 * second close returns 0 and sends nothing.  Afterwards: write and read
 * return DTLS_ERR_CLOSED (a record received before the close but not read is
 * gone), no deadline, the timer returns DTLS_ERR_CLOSED, the connection is
 * not in error (dtls_conn_error 0); input returns DTLS_ERR_CLOSED and
 * processes nothing: the peer's data is not delivered, no counter moves, and
 * the peer's answering close_notify is not answered again. */
TEST(local_close)
{
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    uint32_t at;
    dtls_stats st0, st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"unread", 6), 6);
    deliver(0); /* queued for reading, not read */
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 3);
    CHECK_EQ(W.qn[1], 1);
    check_alert1(1, &W.s, 1, DTLS_ALERT_CLOSE_NOTIFY);
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 3);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"x", 1), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    CHECK_EQ(dtls_conn_timer(&W.c), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 3);

    /* input after the close */
    dtls_conn_stats(&W.c, &st0);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"late", 4), 4);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_CLOSED);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.datagrams_in, st0.datagrams_in);
    CHECK_EQ(st.records_in, st0.records_in);
    CHECK_EQ(drops(&st), drops(&st0));
    /* the server closes too: its close_notify is not answered */
    CHECK_EQ(dtls_conn_close(&W.s), 0);
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_CLOSED);
    CHECK_EQ(W.qn[0], 1);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 3);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_in, st0.records_in);
    CHECK_EQ(st.datagrams_out, st0.datagrams_out);
}

/* Closing during the handshake: close_notify once, in epoch 0 (plaintext:
 * exactly 15 01 00 on the wire after the header), the handshake scratch is
 * released, no timer remains, input is refused. */
TEST(local_close_during_handshake)
{
    uint8_t d[W_DMAX];
    size_t len;
    uint32_t at;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1); /* the server's flight waits for the client */
    W.qn[1] = 0;
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(W.qn[1], 1);
    len = take(1, d);
    CHECK_EQ(len, 15);
    CHECK_EQ(d[0], DTLS__CT_ALERT);
    CHECK_EQ(d[1], 0xFE);
    CHECK_EQ(d[2], 0xFD);
    CHECK_EQ(d[3], 0);
    CHECK_EQ(d[4], 0); /* epoch 0 */
    CHECK_EQ(d[10], 1); /* after the ClientHello (sequence number 0) */
    CHECK_EQ(d[12], 2);
    CHECK_EQ(d[13], 1);
    CHECK_EQ(d[14], DTLS_ALERT_CLOSE_NOTIFY);
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK(W.chs.dtls__owner == NULL);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    len = take(0, d);
    CHECK(len > 0);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 2);
}

/* Regression: a HelloVerifyRequest whose cookie makes our second ClientHello
 * too big for the mtu failed only that input call (the connection then timed
 * out at 127 s with an empty flight): now the connection fails at once with
 * the sticky DTLS_ERR_TOO_BIG and has no deadline. */
TEST(cookie_makes_client_hello_too_big)
{
    uint8_t d[W_DMAX];
    size_t L, len;
    uint32_t at;
    w_setup(0);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    L = W.qlen[1][0];
    w_setup(0);
    W.use_srv = 1;
    W.cc.mtu = (uint16_t)(L + 10);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    len = take(1, d);
    CHECK_EQ(dtls_server_input(&W.srv, d, len, CADDR, 4), 0);
    len = take(0, d);
    CHECK_EQ(d[13], DTLS__HS_HELLO_VERIFY_REQUEST);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 1);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
}
int main(void)
{
    RUN(renegotiation_client_hello_refused);
    RUN(renegotiation_hello_request_refused);
    RUN(max_auth_failures_server);
    RUN(max_auth_failures_client);
    RUN(max_auth_failures_off);
    RUN(version_feff_before_server_hello);
    RUN(version_other_dropped);
    RUN(version_locked_after_server_hello_client);
    RUN(version_locked_after_server_hello_server);
    RUN(early_records_client);
    RUN(early_record_slot_size);
    RUN(early_finished_and_data_after_ccs);
    RUN(early_data_server);
    RUN(empty_records);
    RUN(client_hello_too_big);
    RUN(local_close);
    RUN(local_close_during_handshake);
    RUN(cookie_makes_client_hello_too_big);
    return test_done();
}
