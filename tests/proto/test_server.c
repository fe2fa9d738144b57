/* test_server.c - the multi-peer server (proto/server.c) in memory with a fake
 * clock: the stateless cookie exchange (RFC 6347 §4.2.1: HelloVerifyRequest
 * bytes, nothing but it before a valid cookie, nothing at all for what is not
 * a whole DTLS 1.2 ClientHello), connections in slots for several peers
 * (opaque addresses of IPv4 and IPv6 size), slot and scratch exhaustion,
 * idle timeout, deadlines across the uint32 wrap, and reconnect (§4.2.8).
 *
 * The clients are the library's own client role (dtls_ctx / dtls_conn); the
 * network is a queue of datagrams tagged with their sender. */
#include "ptest.h"
#if !defined(DTLS_TEST_AMALGAMATED)
#include "../../proto/api.h"
#endif
#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif
#if defined(T_ASAN)
#include <sanitizer/asan_interface.h>
#endif

#define T0 UINT32_C(0xFFFFE000) /* the clock starts below the wrap */
#define NCLI 6
#define NSLOT 8
#define NHS 4
#define QCAP 64
#define DGRAM 1536
#define SERVER_DST (-1)

/* ------------------------------------------------------------ harness -- */

typedef struct pkt {
    uint8_t data[DGRAM];
    size_t len;
    int from; /* client index, or SERVER_DST when the server sent it */
    uint8_t addr[DTLS_MAX_ADDR]; /* server -> addr */
    size_t addr_len;
} pkt;

typedef struct tclient {
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_conn conn;
    dtls_hs hs;
    uint8_t tx[DGRAM];
    uint8_t rx[DGRAM]; /* its received datagram: read records before the next one */
    uint8_t addr[DTLS_MAX_ADDR];
    size_t addr_len;
    int idx;
    int live; /* receives what the server sends to its address */
} tclient;

static uint32_t now_ms;
static uint64_t rng_state;
static dtls_crypto_hooks hooks;
static pkt q[QCAP];
static size_t qn;
static int hold_from = -2;      /* datagrams of this client are parked in held[] */
static pkt held[8];
static size_t nheld;
static tclient cli[NCLI];
static dtls_config scfg;
static dtls_ctx sctx;
static dtls_server srv;
static dtls_conn slots[NSLOT];
static dtls_hs shs[NHS];
static uint8_t stx[DGRAM];
static int use_index;           /* the second pass: every case again with dtls_server_index */
static int ix_unchecked;        /* check_index off (its scan would read poisoned slots) */
static uint32_t ix_words[DTLS_SERVER_INDEX_WORDS(NSLOT)];
static size_t server_sent;      /* datagrams the server sent */
static pkt last_server;         /* the last one */
static int n_connect, n_close, n_data, last_reason, echo;
static dtls_conn *last_connect, *last_close, *last_data_conn;
static uint8_t last_data[256];
static size_t last_data_len;
static const uint8_t psk_key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t saddr[6] = {10, 0, 0, 1, 0x16, 0x34};

static int t_random(void *u, uint8_t *out, size_t len)
{
    size_t i;
    (void)u;
    for (i = 0; i < len; i++) {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        out[i] = (uint8_t)(rng_state >> 32);
    }
    return 0;
}

static uint32_t t_now(void *u)
{
    (void)u;
    return now_ms;
}

static void push(const uint8_t *data, size_t len, int from, const uint8_t *addr, size_t addr_len)
{
    pkt *p;
    if (from >= 0 && from == hold_from) {
        if (nheld < sizeof held / sizeof held[0]) {
            p = &held[nheld++];
            memcpy(p->data, data, len);
            p->len = len;
            p->from = from;
        }
        return;
    }
    if (qn >= QCAP || len > DGRAM) {
        FAIL("queue overflow");
        return;
    }
    p = &q[qn++];
    memcpy(p->data, data, len);
    p->len = len;
    p->from = from;
    p->addr_len = addr_len;
    if (addr_len)
        memcpy(p->addr, addr, addr_len);
}

static int t_send_server(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    (void)u;
    server_sent++;
    memcpy(last_server.data, data, len);
    last_server.len = len;
    last_server.addr_len = addr_len;
    memcpy(last_server.addr, addr, addr_len);
    push(data, len, SERVER_DST, addr, addr_len);
    return (int)len;
}

static int t_send_client(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    tclient *c = (tclient *)u;
    CHECK(addr_len == sizeof saddr && memcmp(addr, saddr, sizeof saddr) == 0);
    push(data, len, c->idx, NULL, 0);
    return (int)len;
}

static int t_psk_server(void *u, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    (void)u;
    if (identity_len != 6 || memcmp(identity, "client", 6) != 0 || *key_len < sizeof psk_key)
        return -1;
    memcpy(key, psk_key, sizeof psk_key);
    *key_len = sizeof psk_key;
    return 0;
}

static void on_connect(void *u, dtls_conn *conn)
{
    (void)u;
    n_connect++;
    last_connect = conn;
}

static void on_data(void *u, dtls_conn *conn, const uint8_t *data, size_t len)
{
    (void)u;
    n_data++;
    last_data_conn = conn;
    last_data_len = len < sizeof last_data ? len : sizeof last_data;
    memcpy(last_data, data, last_data_len);
    if (echo)
        CHECK_EQ(dtls_conn_write(conn, data, len), len);
}

static void t_log(void *u, const char *line)
{
    if (getenv("TS_LOG"))
        fprintf(stderr, "[%s] %s\n", u == NULL ? "server" : "client", line);
}

/* Connection IDs (RFC 9146): -1 off, else the length each side asks for. */
static int srv_cid = -1, cli_cid = -1;
static int n_moved;
static uint8_t moved_to[DTLS_MAX_ADDR];
static size_t moved_len;
static void on_address(void *u, dtls_conn *conn, const uint8_t *addr, size_t addr_len)
{
    (void)u;
    (void)conn;
    n_moved++;
    memcpy(moved_to, addr, addr_len);
    moved_len = addr_len;
}

static void on_close(void *u, dtls_conn *conn, int reason)
{
    (void)u;
    n_close++;
    last_close = conn;
    last_reason = reason;
}

static int busy(void)
{
    int i, n = 0;
    for (i = 0; i < (int)srv.dtls__n_slots; i++)
        n += !dtls__conn_is_free(&slots[i]);
    return n;
}

/* The server with n_slots slots and n_hs handshake scratch areas. */
static void server_setup(size_t n_slots, size_t n_hs, uint32_t idle_ms)
{
    memset(&scfg, 0, sizeof scfg);
    scfg.role = DTLS_ROLE_SERVER;
    scfg.psk_server = t_psk_server;
    scfg.send = t_send_server;
    scfg.now = t_now;
    scfg.hooks = &hooks;
    scfg.on_connect = on_connect;
    scfg.on_data = on_data;
    scfg.on_close = on_close;
    scfg.idle_timeout_ms = idle_ms;
    scfg.log = t_log;
    scfg.cookie_lifetime_ms = 10000;
    scfg.on_address = on_address;
    if (srv_cid >= 0) {
        scfg.flags |= DTLS_CFG_CID;
        scfg.cid_len = (uint8_t)srv_cid;
    }
    CHECK_EQ(dtls_ctx_init(&sctx, &scfg, stx, sizeof stx, shs, n_hs), 0);
    CHECK_EQ(dtls_server_init(&srv, &sctx, slots, n_slots), 0);
    if (use_index) {
        CHECK_EQ(dtls_server_index(&srv, ix_words, DTLS_SERVER_INDEX_WORDS(n_slots) - 1), DTLS_ERR_BAD_ARG);
        CHECK_EQ(dtls_server_index(&srv, ix_words, DTLS_SERVER_INDEX_WORDS(n_slots)), 0);
    }
}

/* The index built again from the live slots (after a configuration change). */
static void reindex(void)
{
    if (use_index)
        CHECK_EQ(dtls_server_index(&srv, ix_words, DTLS_SERVER_INDEX_WORDS(srv.dtls__n_slots)), 0);
}

/* With the index: it agrees with a scan of the slots after every datagram
 * (each live slot found by its address, the earliest deadline the same). */
static void check_index(void)
{
    uint32_t at, best = 0, now = now_ms;
    int i, any = 0, have;
    if (!use_index || ix_unchecked)
        return;
    for (i = 0; i < (int)srv.dtls__n_slots; i++) {
        dtls_conn *c = &slots[i];
        if (dtls__conn_is_free(c))
            continue;
        if (dtls_server_find(&srv, c->dtls__addr, c->dtls__addr_len) == NULL)
            FAIL("a live slot is not in the index");
        if (dtls_conn_deadline(c, &at)) {
            uint32_t d = (uint32_t)(at - now) >= 0x80000000u ? 0 : at - now;
            best = any && best < d ? best : d;
            any = 1;
        }
    }
    have = dtls_server_deadline(&srv, &at);
    CHECK_EQ(have, any);
    if (have && any)
        CHECK_EQ(at, now + best);
}

/* Fresh world: clock below the wrap, empty network, no events. */
static void world(size_t n_slots, size_t n_hs, uint32_t idle_ms)
{
    now_ms = T0;
    rng_state = UINT64_C(0x9E3779B97F4A7C15);
    memset(&hooks, 0, sizeof hooks);
    hooks.random = t_random;
    qn = 0;
    nheld = 0;
    hold_from = -2;
    server_sent = 0;
    n_connect = n_close = n_data = last_reason = echo = n_moved = 0;
    last_connect = last_close = last_data_conn = NULL;
    memset(slots, 0xA5, sizeof slots); /* dtls_server_init must make them free */
    server_setup(n_slots, n_hs, idle_ms);
}

/* Client i at an address of addr_len bytes (IPv4 + port: 6; IPv6 + port: 18). */
static tclient *client(int i, size_t addr_len, uint8_t last_byte)
{
    tclient *c = &cli[i];
    size_t k;
    memset(c, 0, sizeof *c);
    c->idx = i;
    c->live = 1;
    c->addr_len = addr_len;
    for (k = 0; k < addr_len; k++)
        c->addr[k] = (uint8_t)(0x20 + k);
    c->addr[addr_len - 1] = last_byte;
    c->cfg.role = DTLS_ROLE_CLIENT;
    c->cfg.psk_identity = (const uint8_t *)"client";
    c->cfg.psk_identity_len = 6;
    c->cfg.psk = psk_key;
    c->cfg.psk_len = sizeof psk_key;
    c->cfg.send = t_send_client;
    c->cfg.now = t_now;
    c->cfg.user = c;
    c->cfg.hooks = &hooks;
    c->cfg.log = t_log;
    if (cli_cid >= 0) {
        c->cfg.flags |= DTLS_CFG_CID;
        c->cfg.cid_len = (uint8_t)cli_cid;
    }
    CHECK_EQ(dtls_ctx_init(&c->ctx, &c->cfg, c->tx, sizeof c->tx, &c->hs, 1), 0);
    CHECK_EQ(dtls_conn_init(&c->conn, &c->ctx, saddr, sizeof saddr), 0);
    return c;
}

/* A second client object at the same address as cli[i] (a restarted peer). */
static tclient *client_same_addr(int j, int i)
{
    tclient *c = client(j, cli[i].addr_len, cli[i].addr[cli[i].addr_len - 1]);
    memcpy(c->addr, cli[i].addr, cli[i].addr_len);
    return c;
}

/* dtls_server_timer, and (with the index) the check that it agrees. */
static int server_timer(void)
{
    int r = dtls_server_timer(&srv);
    check_index();
    return r;
}

/* Delivers the oldest queued datagram. */
static void step(void)
{
    static pkt p;
    int i;
    if (qn == 0)
        return;
    p = q[0];
    memmove(q, q + 1, (qn - 1) * sizeof q[0]);
    qn--;
    if (p.from == SERVER_DST) {
        for (i = 0; i < NCLI; i++) {
            if (cli[i].live && cli[i].addr_len == p.addr_len && memcmp(cli[i].addr, p.addr, p.addr_len) == 0) {
                memcpy(cli[i].rx, p.data, p.len);
                (void)dtls_conn_input(&cli[i].conn, cli[i].rx, p.len);
            }
        }
    } else {
        CHECK_EQ(dtls_server_input(&srv, p.data, p.len, cli[p.from].addr, cli[p.from].addr_len), 0);
    }
    check_index();
}

static void pump(void)
{
    int guard = 0;
    while (qn > 0 && guard++ < 1000)
        step();
    CHECK(guard < 1000);
}

/* Takes the next datagram out of the queue without delivering it. */
static int take(pkt *out)
{
    if (qn == 0)
        return 0;
    *out = q[0];
    memmove(q, q + 1, (qn - 1) * sizeof q[0]);
    qn--;
    return 1;
}

static dtls_conn *slot_of(const tclient *c)
{
    int i;
    for (i = 0; i < NSLOT; i++)
        if (!dtls__conn_is_free(&slots[i]) && dtls__conn_addr_equal(&slots[i], c->addr, c->addr_len))
            return &slots[i];
    return NULL;
}

static int read_text(tclient *c, const char *want)
{
    uint8_t buf[256];
    int r = dtls_conn_read(&c->conn, buf, sizeof buf);
    if (r != (int)strlen(want) || memcmp(buf, want, strlen(want)) != 0) {
        fprintf(stderr, "client %d read %d\n", c->idx, r);
        return 0;
    }
    return 1;
}

/* The first ClientHello (no cookie) of a fresh client, not delivered. */
static void first_hello(tclient *c, pkt *ch)
{
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    CHECK_EQ(qn, 1);
    CHECK(take(ch));
}

static void server_in(pkt *p, const tclient *c)
{
    static uint8_t copy[DGRAM];
    memcpy(copy, p->data, p->len);
    CHECK_EQ(dtls_server_input(&srv, copy, p->len, c->addr, c->addr_len), 0);
}

/* Handshake client c completely (nothing else in flight). */
static void connect_all(void)
{
    pump();
}

static dtls_stats sstats(void)
{
    dtls_stats s;
    dtls_server_stats(&srv, &s);
    return s;
}

/* ------------------------------------------------------------- cases -- */

/* The HelloVerifyRequest's exact bytes (RFC 6347 §4.2.1, §4.2.2): record
 * version 0xFEFF, the ClientHello's record sequence number and message_seq
 * copied, HVR body version 0xFEFF, a cookie of the configured length; never
 * larger than the ClientHello's datagram; no state kept. */
TEST(hvr_bytes)
{
    pkt ch;
    tclient *c;
    uint8_t cookie1[32];
    size_t i;
    static const uint8_t seq[6] = {0x00, 0x00, 0x12, 0x34, 0x56, 0x78};

    world(NSLOT, NHS, 0);
    c = client(0, 6, 1);
    first_hello(c, &ch);
    CHECK_EQ(ch.data[0], 22);
    /* a record sequence number and message_seq the client did not use */
    memcpy(ch.data + 5, seq, 6);
    ch.data[13 + 4] = 0x00;
    ch.data[13 + 5] = 0x07;
    server_in(&ch, c);
    CHECK_EQ(server_sent, 1);
    CHECK_EQ(last_server.len, 13 + 12 + 3 + 32);
    CHECK(last_server.len <= ch.len);
    CHECK(last_server.addr_len == c->addr_len && memcmp(last_server.addr, c->addr, c->addr_len) == 0);
    CHECK_EQ(last_server.data[0], 22);   /* handshake */
    CHECK_EQ(last_server.data[1], 0xFE); /* version 0xFEFF */
    CHECK_EQ(last_server.data[2], 0xFF);
    CHECK_EQ(last_server.data[3], 0); /* epoch 0 */
    CHECK_EQ(last_server.data[4], 0);
    CHECK_MEM(last_server.data + 5, seq, 6);
    CHECK_EQ(last_server.data[11], 0);
    CHECK_EQ(last_server.data[12], 12 + 3 + 32);
    CHECK_EQ(last_server.data[13], 3); /* hello_verify_request */
    CHECK_EQ(last_server.data[14], 0);
    CHECK_EQ(last_server.data[15], 0);
    CHECK_EQ(last_server.data[16], 35); /* length */
    CHECK_EQ(last_server.data[17], 0);  /* message_seq copied */
    CHECK_EQ(last_server.data[18], 7);
    for (i = 19; i < 22; i++)
        CHECK_EQ(last_server.data[i], 0); /* fragment_offset */
    CHECK_EQ(last_server.data[22], 0);
    CHECK_EQ(last_server.data[23], 0);
    CHECK_EQ(last_server.data[24], 35); /* fragment_length */
    CHECK_EQ(last_server.data[25], 0xFE); /* server_version 0xFEFF */
    CHECK_EQ(last_server.data[26], 0xFF);
    CHECK_EQ(last_server.data[27], 32); /* cookie length */
    memcpy(cookie1, last_server.data + 28, 32);
    CHECK_EQ(sstats().hello_verify_sent, 1);
    CHECK_EQ(busy(), 0);

    /* stateless: the same ClientHello gets the same answer, still no state */
    server_in(&ch, c);
    CHECK_EQ(server_sent, 2);
    CHECK_MEM(last_server.data + 28, cookie1, 32);
    CHECK_EQ(sstats().hello_verify_sent, 2);
    CHECK_EQ(busy(), 0);
    qn = 0;

    /* a configured cookie length */
    world(NSLOT, NHS, 0);
    scfg.cookie_len = 16;
    c = client(0, 18, 2);
    first_hello(c, &ch);
    server_in(&ch, c);
    CHECK_EQ(server_sent, 1);
    CHECK_EQ(last_server.len, 13 + 12 + 3 + 16);
    CHECK_EQ(last_server.data[12], 12 + 3 + 16);
    CHECK_EQ(last_server.data[27], 16);
    CHECK_EQ(last_server.data[5 + 5], 0); /* the client's own record sequence number 0 */
    CHECK_EQ(busy(), 0);
    /* the client accepts it and completes with that cookie length */
    qn = 0;
    memcpy(q[0].data, last_server.data, last_server.len);
    q[0].len = last_server.len;
    q[0].from = SERVER_DST;
    q[0].addr_len = c->addr_len;
    memcpy(q[0].addr, c->addr, c->addr_len);
    qn = 1;
    connect_all();
    CHECK(dtls_conn_is_established(&c->conn));
    CHECK_EQ(n_connect, 1);
    CHECK_EQ(busy(), 1);
}

/* Rewrites the lengths of a single-record ClientHello datagram after its
 * body changed size by delta bytes. */
static void fix_lengths(pkt *p, int delta)
{
    size_t rec = ((size_t)p->data[11] << 8 | p->data[12]) + (size_t)(long)delta;
    size_t hs = rec - 12;
    p->data[11] = (uint8_t)(rec >> 8);
    p->data[12] = (uint8_t)rec;
    p->data[14] = 0;
    p->data[15] = (uint8_t)(hs >> 8);
    p->data[16] = (uint8_t)hs;
    p->data[22] = 0;
    p->data[23] = (uint8_t)(hs >> 8);
    p->data[24] = (uint8_t)hs;
    p->len = (size_t)((long)p->len + delta);
}

/* Before a valid cookie the server sends nothing but a HelloVerifyRequest,
 * and nothing at all (no alert, no slot) for a first datagram that is not a
 * whole DTLS 1.2 ClientHello in an epoch-0 handshake record. */
TEST(first_datagram_drops)
{
    pkt ch, v;
    tclient *c;
    dtls_stats before, after;
    uint32_t dropped_before, dropped_after;
    int k;
    const int NVAR = 12;

    world(NSLOT, NHS, 0);
    c = client(0, 6, 3);
    first_hello(c, &ch);
    CHECK(ch.len > 60 && ch.len < 400);
    for (k = 0; k < NVAR; k++) {
        v = ch;
        switch (k) {
        case 0: /* DTLS 1.0 client_version */
            v.data[25] = 0xFE;
            v.data[26] = 0xFF;
            break;
        case 1: /* TLS 1.2 client_version */
            v.data[25] = 0x03;
            v.data[26] = 0x03;
            break;
        case 2: /* malformed: body one byte short (lengths consistent) */
            fix_lengths(&v, -1);
            break;
        case 3: /* malformed: a byte of trailing garbage inside the message */
            v.data[v.len] = 0;
            fix_lengths(&v, +1);
            break;
        case 4: { /* fragmented: the first 40 body bytes only */
            size_t frag = 40;
            v.data[11] = 0;
            v.data[12] = (uint8_t)(12 + frag);
            v.data[23] = 0;
            v.data[24] = (uint8_t)frag;
            v.len = 13 + 12 + frag;
            break;
        }
        case 5: { /* fragmented: the whole message as two fragments in two records */
            size_t body = v.len - 25, a = 30, b = body - a, off = 13 + 12 + a;
            uint8_t second[DGRAM];
            v.data[11] = 0;
            v.data[12] = (uint8_t)(12 + a);
            v.data[23] = 0;
            v.data[24] = (uint8_t)a;
            memcpy(second, v.data, 25);
            second[10] = 1; /* next record sequence number */
            second[12 - 1] = (uint8_t)((12 + b) >> 8);
            second[12] = (uint8_t)(12 + b);
            second[19] = 0; second[20] = 0; second[21] = (uint8_t)a; /* fragment_offset */
            second[23] = (uint8_t)(b >> 8);
            second[24] = (uint8_t)b;
            memcpy(second + 25, ch.data + off, b);
            memcpy(v.data + off, second, 25 + b);
            v.len = off + 25 + b;
            break;
        }
        case 6: /* not a handshake record */
            v.data[0] = 23;
            break;
        case 7: /* epoch 1 */
            v.data[4] = 1;
            break;
        case 8: /* a ChangeCipherSpec */
            v.data[0] = 20;
            v.data[11] = 0;
            v.data[12] = 1;
            v.data[13] = 1;
            v.len = 14;
            break;
        case 9: /* a record header cut short */
            v.len = 10;
            break;
        case 10: /* a record length beyond the datagram */
            v.len -= 1;
            break;
        case 11: /* an epoch-0 handshake record with another message (a ClientKeyExchange) */
            v.data[13] = 16;
            break;
        }
        before = sstats();
        server_in(&v, c);
        after = sstats();
        dropped_before = before.records_dropped_parse + before.records_dropped_epoch + before.fragments_dropped;
        dropped_after = after.records_dropped_parse + after.records_dropped_epoch + after.fragments_dropped;
        if (server_sent != 0 || busy() != 0 || dropped_after != dropped_before + 1) {
            fprintf(stderr, "variant %d: sent %u, busy %d, dropped %u -> %u\n", k, (unsigned)server_sent, busy(),
                    (unsigned)dropped_before, (unsigned)dropped_after);
            FAIL("a first datagram that is not a whole DTLS 1.2 ClientHello was answered or counted wrong");
        }
        CHECK_EQ(after.hello_verify_sent, 0);
    }
    CHECK_EQ(qn, 0);
    /* the original one is answered (the variants were the only difference) */
    server_in(&ch, c);
    CHECK_EQ(server_sent, 1);
    CHECK_EQ(busy(), 0);
}

/* A wrong, foreign-address or stale cookie gets a new HelloVerifyRequest and
 * no slot; the right one within its lifetime gets a connection. */
TEST(cookie_rejections)
{
    pkt ch1, ch2, v;
    tclient *c, *other;
    size_t cookie_at;
    uint32_t hvr;

    world(NSLOT, NHS, 0);
    c = client(0, 6, 4);
    other = client(1, 6, 5);
    first_hello(c, &ch1);
    server_in(&ch1, c);
    CHECK_EQ(server_sent, 1);
    CHECK(take(&v));
    (void)dtls_conn_input(&c->conn, v.data, v.len); /* the client answers with its cookie */
    CHECK_EQ(qn, 1);
    CHECK(take(&ch2));
    /* the cookie sits after version(2) random(32) session_id(1 + n) cookie_len(1) */
    cookie_at = 25 + 2 + 32 + 1 + ch2.data[25 + 34] + 1;
    CHECK_EQ(ch2.data[cookie_at - 1], 32);
    hvr = sstats().hello_verify_sent;

    v = ch2; /* one bit of the cookie flipped */
    v.data[cookie_at + 7] ^= 0x01;
    server_in(&v, c);
    CHECK_EQ(sstats().hello_verify_sent, hvr + 1);
    CHECK_EQ(busy(), 0);
    v = ch2; /* the generation byte changed */
    v.data[cookie_at] ^= 0x80;
    server_in(&v, c);
    CHECK_EQ(sstats().hello_verify_sent, hvr + 2);
    CHECK_EQ(busy(), 0);
    v = ch2; /* another field of the ClientHello (a cipher suite byte) */
    v.data[cookie_at + 32 + 3] ^= 0x01;
    server_in(&v, c);
    CHECK_EQ(sstats().hello_verify_sent, hvr + 3);
    CHECK_EQ(busy(), 0);
    v = ch2; /* the right cookie from another address (port differs) */
    server_in(&v, other);
    CHECK_EQ(sstats().hello_verify_sent, hvr + 4);
    CHECK_EQ(busy(), 0);
    CHECK(last_server.addr_len == other->addr_len && memcmp(last_server.addr, other->addr, other->addr_len) == 0);
    /* stale: two cookie lifetimes (10 s each) later */
    now_ms += 20001;
    v = ch2;
    server_in(&v, c);
    CHECK_EQ(sstats().hello_verify_sent, hvr + 5);
    CHECK_EQ(busy(), 0);
    CHECK_EQ(sstats().no_slot_drops, 0);
    qn = 0;

    /* within one lifetime (after a rotation) the same cookie is good */
    world(NSLOT, NHS, 0);
    c = client(0, 6, 4);
    first_hello(c, &ch1);
    server_in(&ch1, c);
    CHECK(take(&v));
    (void)dtls_conn_input(&c->conn, v.data, v.len);
    CHECK(take(&ch2));
    now_ms += 10001;
    server_in(&ch2, c);
    CHECK_EQ(busy(), 1);
    CHECK_EQ(sstats().hello_verify_sent, 1);
    /* the ServerHello's record continues from the ClientHello's sequence
     * number (the HelloVerifyRequest used the first one's): nothing the
     * client's replay window would eat */
    CHECK_EQ(last_server.data[0], 22);
    CHECK_MEM(last_server.data + 5, ch2.data + 5, 6);
    pump();
    CHECK(dtls_conn_is_established(&c->conn));
    {
        dtls_stats cs;
        dtls_conn_stats(&c->conn, &cs);
        CHECK_EQ(cs.records_dropped_replay, 0);
        CHECK_EQ(cs.retransmissions, 0);
    }
}

/* Several clients at distinct addresses (IPv4 and IPv6 sized), handshaking
 * at the same time, then data both ways. */
TEST(several_clients)
{
    int i;
    char msg[32];
    dtls_conn *s;

    world(NSLOT, NHS, 0);
    echo = 1;
    client(0, 6, 10);
    client(1, 6, 11);
    client(2, 18, 10); /* same last byte as client 0, another length */
    client(3, 18, 12);
    for (i = 0; i < 4; i++)
        CHECK_EQ(dtls_conn_connect(&cli[i].conn), 0);
    pump();
    for (i = 0; i < 4; i++)
        CHECK(dtls_conn_is_established(&cli[i].conn));
    CHECK_EQ(n_connect, 4);
    CHECK_EQ(busy(), 4);
    CHECK_EQ(sstats().hello_verify_sent, 4);
    for (i = 0; i < 4; i++) {
        sprintf(msg, "hello from %d", i);
        CHECK_EQ(dtls_conn_write(&cli[i].conn, (const uint8_t *)msg, strlen(msg)), strlen(msg));
        pump();
        CHECK(last_data_conn == slot_of(&cli[i]));
        CHECK_EQ(last_data_len, strlen(msg));
        CHECK(memcmp(last_data, msg, strlen(msg)) == 0);
        CHECK(read_text(&cli[i], msg)); /* the echo */
    }
    CHECK_EQ(n_data, 4);
    /* the server writes first */
    for (i = 3; i >= 0; i--) {
        sprintf(msg, "server to %d", i);
        s = slot_of(&cli[i]);
        CHECK(s != NULL);
        if (s)
            CHECK_EQ(dtls_conn_write(s, (const uint8_t *)msg, strlen(msg)), strlen(msg));
    }
    pump();
    for (i = 0; i < 4; i++) {
        sprintf(msg, "server to %d", i);
        CHECK(read_text(&cli[i], msg));
    }
    CHECK_EQ(n_close, 0);
    /* a close_notify frees the slot */
    CHECK_EQ(dtls_conn_close(&cli[1].conn), 0);
    pump();
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_CLOSED);
    CHECK_EQ(busy(), 3);
    CHECK(slot_of(&cli[1]) == NULL);
}

/* Every slot busy: a cookie-verified ClientHello is dropped and counted,
 * keeping no state; likewise without free handshake scratch.  Retransmission
 * gets in once room is made. */
/* A client that completes the cookie exchange and then goes silent (it
 * never answers the server's flight): a half-open handshake. */
static void half_open(int i, uint8_t last_byte)
{
    pkt ch;
    tclient *c = client(i, 6, last_byte);
    first_hello(c, &ch);
    server_in(&ch, c);  /* HelloVerifyRequest */
    step();             /* to the client: its ClientHello with the cookie */
    step();             /* to the server: a connection and flight 4 */
    CHECK(slot_of(c) != NULL);
    c->live = 0;        /* silent from now on */
    pump();
}

/* Half-open handshakes (issue 9): when a valid-cookie ClientHello finds no
 * free handshake scratch (or slot), a half-open handshake at least
 * retransmit_initial_ms / 4 old (nothing heard since its ClientHello) is
 * evicted, chosen at random, not oldest-first: a flood of cookie-verified
 * handshakes cannot lock new clients out, and a young handshake (a client
 * answering within that time) is never evicted. */
TEST(half_open_eviction)
{
    int trial, evicted[2] = {0, 0};
    dtls_stats st;
    for (trial = 0; trial < 16; trial++) {
        world(8, 2, 0);
        rng_state ^= (uint64_t)trial * UINT64_C(0x9E3779B97F4A7C15);
        half_open(0, 40);
        half_open(1, 41);
        CHECK_EQ(busy(), 2);
        /* young: not evictable, the newcomer is dropped as before */
        client(2, 6, 42);
        CHECK_EQ(dtls_conn_connect(&cli[2].conn), 0);
        pump();
        CHECK(!dtls_conn_is_established(&cli[2].conn));
        st = sstats();
        CHECK_EQ(st.no_slot_drops, 1);
        CHECK_EQ(n_close, 0);
        /* 250 ms later (retransmit_initial_ms 1000 / 4) they are evictable */
        now_ms += 250;
        client(3, 6, 43);
        CHECK_EQ(dtls_conn_connect(&cli[3].conn), 0);
        pump();
        CHECK(dtls_conn_is_established(&cli[3].conn));
        CHECK_EQ(n_close, 1);
        CHECK_EQ(last_reason, DTLS_ERR_NO_SLOT);
        CHECK_EQ((slot_of(&cli[0]) == NULL) + (slot_of(&cli[1]) == NULL), 1);
        evicted[slot_of(&cli[0]) == NULL ? 0 : 1]++;
        st = sstats();
        CHECK_EQ(st.half_open_evicted, 1);
        /* with room (client 3's scratch is free again) nothing is evicted */
        client(4, 6, 44);
        CHECK_EQ(dtls_conn_connect(&cli[4].conn), 0);
        pump();
        CHECK(dtls_conn_is_established(&cli[4].conn));
        CHECK_EQ((slot_of(&cli[0]) == NULL) + (slot_of(&cli[1]) == NULL), 1);
        CHECK_EQ(sstats().half_open_evicted, 1);
    }
    CHECK(evicted[0] > 0 && evicted[1] > 0); /* at random, not always the oldest */

    /* out of slots: an established peer is never a victim, the half-open one is */
    world(2, 2, 0);
    client(0, 6, 50);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn));
    half_open(1, 51);
    now_ms += 1000;
    client(2, 6, 52);
    CHECK_EQ(dtls_conn_connect(&cli[2].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[2].conn));
    CHECK(slot_of(&cli[1]) == NULL);
    CHECK(slot_of(&cli[0]) != NULL);
    CHECK_EQ(dtls_conn_write(&cli[0].conn, (const uint8_t *)"still", 5), 5);
    echo = 1;
    pump();
    CHECK(read_text(&cli[0], "still"));
    /* and with nothing half-open left, the next newcomer is dropped */
    client(3, 6, 53);
    CHECK_EQ(dtls_conn_connect(&cli[3].conn), 0);
    pump();
    CHECK(!dtls_conn_is_established(&cli[3].conn));
    st = sstats();
    CHECK_EQ(st.half_open_evicted, 1);
    CHECK_EQ(st.no_slot_drops, 1);
}

TEST(slots_full)
{
    int i;
    dtls_stats st;
    uint32_t at;

    world(2, NHS, 0);
    client(0, 6, 20);
    client(1, 6, 21);
    client(2, 6, 22);
    for (i = 0; i < 3; i++)
        CHECK_EQ(dtls_conn_connect(&cli[i].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn));
    CHECK(dtls_conn_is_established(&cli[1].conn));
    CHECK(!dtls_conn_is_established(&cli[2].conn));
    st = sstats();
    CHECK_EQ(st.no_slot_drops, 1);
    CHECK_EQ(busy(), 2);
    CHECK(slot_of(&cli[2]) == NULL);
    /* room again: client 1 leaves; client 2's retransmission gets in */
    CHECK_EQ(dtls_conn_close(&cli[1].conn), 0);
    pump();
    CHECK_EQ(busy(), 1);
    CHECK(dtls_conn_deadline(&cli[2].conn, &at));
    now_ms = at;
    CHECK_EQ(dtls_conn_timer(&cli[2].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[2].conn));
    CHECK_EQ(busy(), 2);

    /* one handshake scratch for four slots: the second concurrent handshake waits */
    world(4, 1, 0);
    client(0, 6, 30);
    client(1, 6, 31);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    CHECK_EQ(dtls_conn_connect(&cli[1].conn), 0);
    pump();
    CHECK_EQ(dtls_conn_is_established(&cli[0].conn) + dtls_conn_is_established(&cli[1].conn), 1);
    CHECK_EQ(sstats().no_slot_drops, 1);
    CHECK_EQ(busy(), 1);
    i = dtls_conn_is_established(&cli[0].conn) ? 1 : 0;
    CHECK(dtls_conn_deadline(&cli[i].conn, &at));
    now_ms = at;
    CHECK_EQ(dtls_conn_timer(&cli[i].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[i].conn));
    CHECK_EQ(busy(), 2);
}

/* A slot silent for idle_timeout_ms is closed (DTLS_ERR_TIMEOUT) and freed;
 * traffic keeps it; a half-open handshake whose client vanished goes too. */
TEST(idle_timeout)
{
    uint32_t at, t;
    tclient *c;
    pkt v;

    world(NSLOT, NHS, 5000);
    c = client(0, 6, 40);
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&c->conn));
    t = now_ms;
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(t + 5000));
    now_ms = t + 4000;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 1);
    CHECK_EQ(dtls_conn_write(&c->conn, (const uint8_t *)"ping", 4), 4);
    pump(); /* authenticated traffic: the idle timer restarts */
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(t + 9000));
    now_ms = t + 8999;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 1);
    CHECK_EQ(n_close, 0);
    now_ms = t + 9000; /* crosses the uint32 wrap on the way */
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 0);
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_TIMEOUT);
    CHECK_EQ(dtls_server_deadline(&srv, &at), 0);

    /* half-open: the client sends its cookie ClientHello and vanishes */
    world(NSLOT, NHS, 5000);
    c = client(0, 6, 41);
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    step(); /* ClientHello -> HVR */
    step(); /* HVR -> ClientHello with cookie */
    step(); /* -> the server takes a slot and answers */
    CHECK_EQ(busy(), 1);
    while (take(&v)) {
    } /* the server's flight is lost, the client is gone */
    t = now_ms;
    /* the retransmission timer comes first */
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(t + 1000));
    now_ms = at;
    server_sent = 0;
    CHECK_EQ(server_timer(), 0);
    CHECK(server_sent >= 1); /* retransmitted */
    qn = 0;
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(t + 3000));
    now_ms = at;
    CHECK_EQ(server_timer(), 0);
    qn = 0;
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(t + 5000)); /* idle (5 s) before the next retransmission (7 s) */
    now_ms = at - 1;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 1);
    now_ms = at;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 0);
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_TIMEOUT);
    qn = 0;
}

/* RFC 6347 §4.2.8: a ClientHello with a valid cookie from the address of an
 * established connection starts a new handshake in another slot; the old
 * connection keeps working until the new one completes, then it is closed. */
TEST(reconnect)
{
    tclient *a, *b;
    dtls_conn *old, *nw = NULL;
    pkt ch1a, ch2a, v;
    uint32_t hvr;
    int i;

    world(NSLOT, NHS, 0);
    a = client(0, 6, 50);
    first_hello(a, &ch1a);
    server_in(&ch1a, a);
    CHECK(take(&v));
    (void)dtls_conn_input(&a->conn, v.data, v.len);
    CHECK(take(&ch2a));
    server_in(&ch2a, a);
    pump();
    CHECK(dtls_conn_is_established(&a->conn));
    old = slot_of(a);
    CHECK(old != NULL);
    CHECK_EQ(n_connect, 1);

    /* the peer restarts: a new client at the same address */
    b = client_same_addr(1, 0);
    CHECK_EQ(dtls_conn_connect(&b->conn), 0);
    step(); /* ClientHello -> HVR (stateless) */
    CHECK_EQ(busy(), 1);
    CHECK_EQ(sstats().hello_verify_sent, 2);
    hold_from = 1; /* b's next flights are held back */
    step(); /* HVR -> both clients at that address; a ignores it */
    /* deliver b's cookie ClientHello by hand */
    CHECK_EQ(nheld, 1);
    nheld = 0;
    server_in(&held[0], b);
    CHECK_EQ(busy(), 2);
    for (i = 0; i < NSLOT; i++)
        if (!dtls__conn_is_free(&slots[i]) && &slots[i] != old)
            nw = &slots[i];
    CHECK(nw != NULL && dtls__conn_handshaking(nw));
    pump(); /* the server's flight reaches b; b's final flight is held */
    CHECK(nheld >= 1);
    CHECK(!dtls_conn_is_established(&b->conn));
    CHECK_EQ(n_connect, 1);

    /* a's own ClientHello retransmitted meanwhile belongs to the old
     * connection: no HelloVerifyRequest, no new slot, the new handshake
     * undisturbed */
    hvr = sstats().hello_verify_sent;
    server_in(&ch2a, a);
    CHECK_EQ(sstats().hello_verify_sent, hvr);
    CHECK_EQ(busy(), 2);
    CHECK(nw != NULL && !dtls__conn_is_free(nw) && dtls__conn_handshaking(nw));
    CHECK_EQ(n_close, 0);

    /* the old connection still works both ways */
    CHECK_EQ(dtls_conn_write(&a->conn, (const uint8_t *)"old", 3), 3);
    pump();
    CHECK_EQ(n_data, 1);
    CHECK(last_data_conn == old);
    CHECK_EQ(dtls_conn_write(old, (const uint8_t *)"old back", 8), 8);
    pump();
    CHECK(read_text(a, "old back"));
    CHECK_EQ(busy(), 2);
    CHECK_EQ(n_close, 0);

    /* b's final flight: the new connection completes, the old one is closed */
    hold_from = -2;
    for (i = 0; i < (int)nheld; i++)
        push(held[i].data, held[i].len, 1, NULL, 0);
    nheld = 0;
    pump();
    CHECK(dtls_conn_is_established(&b->conn));
    CHECK_EQ(n_connect, 2);
    CHECK(last_connect == nw);
    CHECK_EQ(n_close, 1);
    CHECK(last_close == old);
    CHECK_EQ(last_reason, DTLS_ERR_CLOSED);
    CHECK_EQ(busy(), 1);
    CHECK(old != NULL && dtls__conn_is_free(old));
    a->live = 0;
    CHECK_EQ(dtls_conn_write(&b->conn, (const uint8_t *)"new", 3), 3);
    pump();
    CHECK_EQ(n_data, 2);
    CHECK(last_data_conn == nw);
}

/* The first ClientHello retransmitted (same random) after the connection was
 * established is no reconnect: no slot, no HelloVerifyRequest, the
 * connection stays. */
TEST(retransmitted_hello_not_reconnect)
{
    tclient *c;
    pkt ch1, ch2, v;
    uint32_t hvr;

    world(NSLOT, NHS, 0);
    echo = 1;
    c = client(0, 6, 60);
    first_hello(c, &ch1);
    server_in(&ch1, c);
    CHECK(take(&v));
    (void)dtls_conn_input(&c->conn, v.data, v.len);
    CHECK(take(&ch2));
    server_in(&ch2, c);
    pump();
    CHECK(dtls_conn_is_established(&c->conn));
    CHECK_EQ(busy(), 1);
    hvr = sstats().hello_verify_sent;
    server_sent = 0;
    server_in(&ch2, c); /* the cookie ClientHello again */
    server_in(&ch1, c); /* the cookieless one again */
    qn = 0;
    CHECK_EQ(busy(), 1);
    CHECK_EQ(sstats().hello_verify_sent, hvr);
    CHECK_EQ(n_connect, 1);
    CHECK_EQ(n_close, 0);
    CHECK(dtls__conn_handshaking(slot_of(c)) == 0);
    CHECK_EQ(dtls_conn_write(&c->conn, (const uint8_t *)"still", 5), 5);
    pump();
    CHECK(read_text(c, "still"));
}

/* A client that restarts in the middle of its handshake (a new random, a
 * valid cookie) replaces its half-open connection instead of taking a
 * second slot: with a single handshake scratch the new handshake only gets
 * one because the half-open one is closed first. */
TEST(restart_half_open)
{
    tclient *a, *b;

    world(NSLOT, 1, 0);
    a = client(0, 6, 70);
    CHECK_EQ(dtls_conn_connect(&a->conn), 0);
    step();
    step();
    step(); /* the server took a slot for a */
    CHECK_EQ(busy(), 1);
    qn = 0;      /* its flight is lost */
    a->live = 0; /* and a is gone */
    b = client_same_addr(1, 0);
    CHECK_EQ(dtls_conn_connect(&b->conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&b->conn));
    CHECK_EQ(busy(), 1);
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_CLOSED);
    CHECK_EQ(n_connect, 1);
    CHECK_EQ(sstats().no_slot_drops, 0);
}

/* The earliest deadline over all slots, across the wrap. */
TEST(deadline)
{
    uint32_t at;
    tclient *c;

    world(NSLOT, NHS, 0);
    CHECK_EQ(dtls_server_deadline(&srv, &at), 0);
    c = client(0, 6, 80);
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    step();
    step();
    now_ms = T0 + 100;
    step(); /* slot taken at T0 + 100, flight sent, timer armed */
    qn = 0; /* that flight is lost */
    CHECK_EQ(busy(), 1);
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(T0 + 1100));
    /* a second handshake that started later does not move it */
    client(1, 6, 81);
    now_ms = T0 + 600;
    CHECK_EQ(dtls_conn_connect(&cli[1].conn), 0);
    step();
    step();
    step();
    qn = 0;
    CHECK_EQ(busy(), 2);
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(T0 + 1100));
    /* with an idle timeout shorter than the retransmission timer */
    scfg.idle_timeout_ms = 800;
    reindex(); /* the index keeps the deadlines: told of the change (api.h) */
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(T0 + 900));
    scfg.idle_timeout_ms = 400; /* the first one is already past it */
    reindex();
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, now_ms);
    scfg.idle_timeout_ms = 0;
    reindex();
    /* past due (across the wrap): reported as due now, never as far in the future */
    now_ms = T0 + 9000;
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, now_ms);
    /* the timer runs them: both retransmit (two copies each: retransmit_copies) */
    server_sent = 0;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(server_sent, 2 * 2);
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK_EQ(at, (uint32_t)(now_ms + 2000));
    qn = 0;
}

/* Counters are per connection (api.h dtls_conn_stats): what one peer sends
 * wrong is counted on its slot only; dtls_server_stats adds the endpoint's
 * own counters (HelloVerifyRequests, datagrams that matched no connection),
 * the live slots and the released ones, each counted once. */
TEST(per_conn_counters)
{
    dtls_conn *s0, *s1;
    dtls_stats a, b, t, t2;
    uint8_t rec[13 + 32];
    size_t i;

    world(NSLOT, NHS, 0);
    client(0, 6, 10);
    client(1, 6, 11);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    CHECK_EQ(dtls_conn_connect(&cli[1].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn) && dtls_conn_is_established(&cli[1].conn));
    s0 = slot_of(&cli[0]);
    s1 = slot_of(&cli[1]);
    CHECK(s0 != NULL && s1 != NULL);
    if (s0 == NULL || s1 == NULL)
        return;
    /* client 0's address sends an epoch-1 record that fails authentication
     * and a plaintext fatal alert */
    memset(rec, 0, sizeof rec);
    rec[0] = 23;
    rec[1] = 0xFE;
    rec[2] = 0xFD;
    rec[4] = 1;
    rec[10] = 100;
    rec[12] = 32;
    for (i = 13; i < sizeof rec; i++)
        rec[i] = (uint8_t)i;
    CHECK_EQ(dtls_server_input(&srv, rec, sizeof rec, cli[0].addr, cli[0].addr_len), 0);
    memset(rec, 0, 15);
    rec[0] = 21;
    rec[1] = 0xFE;
    rec[2] = 0xFD;
    rec[10] = 200;
    rec[12] = 2;
    rec[13] = 2;
    rec[14] = 40;
    CHECK_EQ(dtls_server_input(&srv, rec, 15, cli[0].addr, cli[0].addr_len), 0);
    CHECK(dtls_conn_is_established(s0));
    dtls_conn_stats(s0, &a);
    dtls_conn_stats(s1, &b);
    CHECK_EQ(a.records_dropped_auth, 1);
    CHECK_EQ(a.records_dropped_plaintext_after_handshake, 1);
    CHECK_EQ(b.records_dropped_auth, 0);
    CHECK_EQ(b.records_dropped_plaintext_after_handshake, 0);
    CHECK_EQ(a.datagrams_in, b.datagrams_in + 2);
    CHECK_EQ(a.records_in, b.records_in + 2);
    CHECK(b.datagrams_in >= 2 && b.datagrams_out >= 2);
    CHECK_EQ(a.datagrams_out, b.datagrams_out);
    CHECK_EQ(a.hello_verify_sent + a.no_slot_drops + b.hello_verify_sent + b.no_slot_drops, 0);
    /* a datagram from an unknown address that is no ClientHello */
    rec[10] = 201;
    CHECK_EQ(dtls_server_input(&srv, rec, 15, (const uint8_t *)"unknown", 7), 0);
    t = sstats();
    CHECK_EQ(t.hello_verify_sent, 2);
    CHECK_EQ(t.records_dropped_auth, 1);
    CHECK_EQ(t.records_dropped_plaintext_after_handshake, 1);
    /* two cookieless ClientHellos and the stray datagram belong to no connection */
    CHECK_EQ(t.datagrams_in, a.datagrams_in + b.datagrams_in + 3);
    CHECK_EQ(t.datagrams_out, a.datagrams_out + b.datagrams_out + 2);
    /* the client's own counters are its connection's */
    dtls_conn_stats(&cli[0].conn, &a);
    CHECK_EQ(a.records_dropped_auth, 0);
    CHECK_EQ(a.datagrams_out, b.datagrams_in + 1);
    /* client 0 closes: its slot's counters move to the endpoint totals, once */
    dtls_conn_stats(s0, &a);
    CHECK_EQ(dtls_conn_close(&cli[0].conn), 0);
    pump();
    CHECK_EQ(n_close, 1);
    CHECK(slot_of(&cli[0]) == NULL);
    t2 = sstats();
    CHECK_EQ(t2.records_dropped_auth, 1);
    CHECK_EQ(t2.records_dropped_plaintext_after_handshake, 1);
    CHECK_EQ(t2.datagrams_in, t.datagrams_in + 1); /* the close_notify */
    CHECK_EQ(t2.records_in, t.records_in + 1);
    CHECK_EQ(t2.datagrams_out, t.datagrams_out + 1); /* our close_notify */
    dtls_conn_stats(s1, &b);
    CHECK_EQ(b.records_dropped_auth, 0);
    /* the freed slot reads as zero */
    dtls_conn_stats(s0, &a);
    CHECK_EQ(a.datagrams_in + a.records_in + a.records_dropped_auth, 0);
}

/* Client c (fresh) with an identity the server does not know, until the
 * server fails (its alert stays queued); *flight: the client's last datagram. */
static int unknown_identity_fails(tclient *c, pkt *flight)
{
    static pkt p;
    int guard = 0, have_flight = 0;
    c->cfg.psk_identity = (const uint8_t *)"nobody";
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    while (n_close == 0 && take(&p) && guard++ < 100) {
        if (p.from == SERVER_DST) {
            memcpy(c->rx, p.data, p.len);
            (void)dtls_conn_input(&c->conn, c->rx, p.len);
        } else {
            *flight = p; /* the client's latest datagram */
            have_flight = 1;
            server_in(&p, c);
        }
    }
    return have_flight && n_close == 1;
}

/* A fatal alert the server sends is sent again when the peer retransmits the
 * flight that caused it (the alert may be lost): the failed slot stays, with
 * on_close already called once, until a short deadline, then frees. */
TEST(fatal_alert_repeated)
{
    static pkt flight;
    tclient *c;
    size_t sent0;
    uint32_t at, failed_at;

    world(NSLOT, NHS, 0);
    c = client(0, 6, 10);
    CHECK(unknown_identity_fails(c, &flight));
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    failed_at = now_ms;
    /* the alert: plaintext (epoch 0), fatal, unknown_psk_identity */
    CHECK_EQ(last_server.len, 15);
    CHECK(last_server.data[0] == 21 && last_server.data[4] == 0 && last_server.data[13] == 2 &&
          last_server.data[14] == DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    qn = 0; /* the alert is lost */
    CHECK_EQ(busy(), 1);
    CHECK(dtls_server_deadline(&srv, &at));
    CHECK(at != failed_at && (uint32_t)(at - failed_at) <= 4000);
    /* the client's timer retransmits its flight: the alert again */
    now_ms += 1000;
    sent0 = server_sent;
    CHECK_EQ(dtls_conn_timer(&c->conn), 0);
    CHECK_EQ(qn, 2); /* two copies (retransmit_copies) */
    step();
    step();
    CHECK_EQ(server_sent, sent0 + 2); /* the alert for each */
    CHECK_EQ(last_server.len, 15);
    CHECK(last_server.data[0] == 21 && last_server.data[13] == 2 &&
          last_server.data[14] == DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
    CHECK_EQ(n_close, 1);
    step(); /* the client gets it and fails */
    CHECK_EQ(dtls_conn_error(&c->conn), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    /* no notification, no release before the deadline */
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 1);
    /* after it: the slot is free, on_close still once, nothing more answered */
    now_ms = at;
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 0);
    CHECK_EQ(n_close, 1);
    CHECK(!dtls_server_deadline(&srv, &at));
    sent0 = server_sent;
    server_in(&flight, c);
    CHECK_EQ(server_sent, sent0);
    CHECK_EQ(n_close, 1);
    CHECK_EQ(busy(), 0);
    qn = 0;
}

/* The ended slot (alert sent, kept to repeat it) is never notified again:
 * not by the idle timeout, not when a restarted client of its address comes
 * with a new ClientHello (the slot is simply freed). */
TEST(ended_slot_not_notified_again)
{
    static pkt flight;
    tclient *c, *c2;

    world(NSLOT, NHS, 500);
    c = client(0, 6, 10);
    CHECK(unknown_identity_fails(c, &flight));
    qn = 0;
    now_ms += 600; /* past the idle timeout, before the alert deadline */
    CHECK_EQ(server_timer(), 0);
    CHECK_EQ(busy(), 1);
    CHECK_EQ(n_close, 1);
    /* a restarted client at the same address */
    c->live = 0;
    c2 = client_same_addr(1, 0);
    CHECK_EQ(dtls_conn_connect(&c2->conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&c2->conn));
    CHECK_EQ(n_close, 1);
    CHECK_EQ(n_connect, 1);
    CHECK_EQ(busy(), 1);
    CHECK(slot_of(c2) != NULL && dtls_conn_is_established(slot_of(c2)));
    qn = 0;
}

/* The index's buckets under churn (white box): 1,000 slots made live with
 * addresses drawn from a small set (so colliding homes, long probe runs that
 * wrap past the last bucket, and two slots of one address, as in a
 * reconnect), indexed, then released in random order through the engine's
 * release: after each release every live slot is found by its address, the
 * released one no longer, and an address of two slots finds the pair. */
TEST(index_churn)
{
    static dtls_server big;
    static dtls_conn many[1000];
    static uint32_t words[DTLS_SERVER_INDEX_WORDS(1000)];
    static uint16_t order[1000];
    size_t i, k;
    dtls_conn *second, *found;

    world(NSLOT, NHS, 0);
    CHECK_EQ(dtls_server_init(&big, &sctx, many, 1000), 0);
    for (i = 0; i < 1000; i++) {
        many[i].dtls__ctx = &sctx;
        many[i].dtls__role = DTLS_ROLE_SERVER;
        many[i].dtls__state = DTLS__CS_ESTABLISHED;
        many[i].dtls__addr_len = 6;
        memcpy(many[i].dtls__addr, "\x0a\x00\x00", 3);
        /* 0..899 distinct; 900..999 repeat the addresses of 0..99 */
        many[i].dtls__addr[3] = (uint8_t)((i % 900) >> 8);
        many[i].dtls__addr[4] = (uint8_t)(i % 900);
        many[i].dtls__addr[5] = 0x55;
        order[i] = (uint16_t)i;
    }
    CHECK_EQ(dtls_server_index(&big, words, DTLS_SERVER_INDEX_WORDS(1000)), 0);
    for (i = 999; i > 0; i--) { /* a random release order */
        uint8_t r[2];
        uint16_t t;
        t_random(NULL, r, 2);
        k = (((size_t)r[0] << 8) | r[1]) % (i + 1);
        t = order[i];
        order[i] = order[k];
        order[k] = t;
    }
    for (i = 0; i < 1000; i++) {
        dtls_conn *gone = &many[order[i]];
        uint8_t addr[6];
        int errors = 0;
        memcpy(addr, gone->dtls__addr, 6);
        dtls__conn_release(gone);
        CHECK(dtls__conn_is_free(gone));
        found = dtls_server_find(&big, addr, 6);
        CHECK(found != gone);
        for (k = 0; k < 1000; k++) {
            if (dtls__conn_is_free(&many[k]))
                continue;
            found = dtls_server_find(&big, many[k].dtls__addr, 6);
            if (found == NULL) {
                errors++;
                continue;
            }
            if (k % 900 < 100 && !dtls__conn_is_free(&many[k % 900]) && !dtls__conn_is_free(&many[k % 900 + 900])) {
                /* two live slots of one address: both, in slot order */
                dtls_server_find(&big, many[k].dtls__addr, 6);
                errors += found != &many[k % 900];
            } else {
                errors += found != &many[k];
            }
        }
        if (errors != 0) {
            FAIL("a live slot is not found after a release");
            break;
        }
    }
    (void)second;
    world(NSLOT, NHS, 0);
}

/* Connection IDs (RFC 9146).  Both sides ask for one (server 6 bytes, client
 * 4): after the handshake every protected record carries the receiver's CID
 * in the tls12_cid format (type 25, the CID after the sequence number, the
 * real type inside); the two of a server's connections differ. */
TEST(cid_negotiated)
{
    const uint8_t *ours = NULL, *peers = NULL, *sours = NULL, *speers = NULL;
    size_t ol = 0, pl = 0, sol = 0, spl = 0;
    dtls_conn *s0, *s1;
    pkt p;

    srv_cid = 6;
    cli_cid = 4;
    world(NSLOT, NHS, 0);
    client(0, 6, 90);
    client(1, 6, 91);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    CHECK_EQ(dtls_conn_connect(&cli[1].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn) && dtls_conn_is_established(&cli[1].conn));
    s0 = slot_of(&cli[0]);
    s1 = slot_of(&cli[1]);
    CHECK_EQ(dtls_conn_cid(&cli[0].conn, &ours, &ol, &peers, &pl), 1);
    CHECK_EQ(dtls_conn_cid(s0, &sours, &sol, &speers, &spl), 1);
    CHECK_EQ(ol, 4);
    CHECK_EQ(pl, 6);
    CHECK_EQ(sol, 6);
    CHECK_EQ(spl, 4);
    CHECK_MEM(ours, speers, 4);
    CHECK_MEM(peers, sours, 6);
    CHECK_EQ(dtls_conn_cid(s1, &sours, &sol, NULL, NULL), 1);
    CHECK(memcmp(sours, peers, 6) != 0); /* unique per connection */
    /* the client's record: type 25, the server's CID, the inner type hidden */
    CHECK_EQ(dtls_conn_write(&cli[0].conn, (const uint8_t *)"ping", 4), 4);
    CHECK(take(&p));
    CHECK_EQ(p.data[0], 25);
    CHECK_MEM(p.data + 11, peers, 6);
    CHECK_EQ(p.len, 13 + 6 + 8 + 4 + 1 + 8); /* header + CID, explicit nonce, content + type, CCM_8 tag */
    echo = 1;
    CHECK_EQ(dtls_server_input(&srv, p.data, p.len, cli[0].addr, cli[0].addr_len), 0);
    CHECK_EQ(n_data, 1);
    CHECK_MEM(last_data, "ping", 4);
    /* the echo: type 25 with the client's CID */
    CHECK(take(&p));
    CHECK_EQ(p.data[0], 25);
    CHECK_MEM(p.data + 11, ours, 4);
    memcpy(cli[0].rx, p.data, p.len);
    CHECK_EQ(dtls_conn_input(&cli[0].conn, cli[0].rx, p.len), 0);
    CHECK(read_text(&cli[0], "ping"));
    CHECK_EQ(n_moved, 0);
    srv_cid = cli_cid = -1;
}

/* NAT rebinding (RFC 9146 §6): the client's address changes; its records
 * find their connection by CID, and the first that authenticates and is
 * newer than any before moves the peer (on_address), so the answers go to
 * the new address.  A replayed or older record from the old address moves
 * nothing back; a record with a CID no connection has is dropped. */
TEST(cid_nat_rebinding)
{
    static const uint8_t new_addr[6] = {0x20, 0x21, 0x22, 0x23, 0x24, 0x77};
    uint8_t old_addr[6], old_rec[128];
    size_t old_len;
    dtls_stats st;
    pkt p;

    srv_cid = 5;
    cli_cid = 0; /* the client wants no CID on what it receives, but puts the server's on what it sends */
    world(NSLOT, NHS, 0);
    client(0, 6, 92);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn));
    memcpy(old_addr, cli[0].addr, 6);
    /* a record from the old address, kept for a replay */
    CHECK_EQ(dtls_conn_write(&cli[0].conn, (const uint8_t *)"one", 3), 3);
    CHECK(take(&p));
    CHECK_EQ(p.data[0], 25);
    memcpy(old_rec, p.data, p.len);
    old_len = p.len;
    echo = 1;
    CHECK_EQ(dtls_server_input(&srv, p.data, p.len, old_addr, 6), 0);
    CHECK_EQ(n_data, 1);
    CHECK(take(&p)); /* the echo: the client asked for no CID: a plain record */
    CHECK_EQ(p.data[0], 23);
    CHECK_MEM(p.addr, old_addr, 6);
    /* the NAT gives the client a new address */
    memcpy(cli[0].addr, new_addr, 6);
    CHECK_EQ(dtls_conn_write(&cli[0].conn, (const uint8_t *)"two", 3), 3);
    pump();
    CHECK_EQ(n_data, 2);
    CHECK_MEM(last_data, "two", 3);
    CHECK_EQ(n_moved, 1);
    CHECK_EQ(moved_len, 6);
    CHECK_MEM(moved_to, new_addr, 6);
    CHECK(read_text(&cli[0], "two")); /* the echo went to the new address */
    CHECK(slot_of(&cli[0]) != NULL);
    CHECK(dtls_server_find(&srv, old_addr, 6) == NULL);
    /* the old record replayed from the old address: refused, nothing moves */
    memcpy(p.data, old_rec, old_len);
    CHECK_EQ(dtls_server_input(&srv, p.data, old_len, old_addr, 6), 0);
    CHECK_EQ(n_data, 2);
    CHECK_EQ(n_moved, 0 + 1);
    CHECK(dtls_server_find(&srv, new_addr, 6) != NULL);
    /* a CID nobody has */
    memcpy(p.data, old_rec, old_len);
    p.data[11] ^= 0xFF;
    st = sstats();
    CHECK_EQ(dtls_server_input(&srv, p.data, old_len, new_addr, 6), 0);
    CHECK_EQ(sstats().records_dropped_parse, st.records_dropped_parse + 1);
    CHECK_EQ(n_data, 2);
    qn = 0;
    srv_cid = cli_cid = -1;
}

/* Once a CID is negotiated only tls12_cid records are taken in that
 * direction (RFC 9146 §3): the same data in a plain record, sealed with the
 * right keys, is dropped; without CID on either side nothing changes. */
TEST(cid_plain_record_refused)
{
    uint8_t rec[64];
    int n;
    dtls_conn *s0;
    dtls_stats st;

    srv_cid = 4;
    cli_cid = 4;
    world(NSLOT, NHS, 0);
    client(0, 6, 93);
    CHECK_EQ(dtls_conn_connect(&cli[0].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[0].conn));
    s0 = slot_of(&cli[0]);
    /* sealed with the client's write keys, but without the CID */
    n = dtls__record_protect(NULL, &cli[0].conn.dtls__wr, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, 1, 77, rec,
                             sizeof rec, (const uint8_t *)"x", 1);
    CHECK(n > 0);
    st = sstats();
    CHECK_EQ(dtls_server_input(&srv, rec, (size_t)n, cli[0].addr, cli[0].addr_len), 0);
    CHECK_EQ(n_data, 0);
    CHECK_EQ(sstats().records_dropped_parse, st.records_dropped_parse + 1);
    (void)s0;
    /* a server without CID: a client that offers one gets none, and plain records */
    srv_cid = -1;
    world(NSLOT, NHS, 0);
    client(1, 6, 94);
    CHECK_EQ(dtls_conn_connect(&cli[1].conn), 0);
    pump();
    CHECK(dtls_conn_is_established(&cli[1].conn));
    CHECK_EQ(dtls_conn_cid(&cli[1].conn, NULL, NULL, NULL, NULL), 0);
    CHECK_EQ(dtls_conn_write(&cli[1].conn, (const uint8_t *)"y", 1), 1);
    CHECK_EQ(q[qn - 1].data[0], 23);
    pump();
    CHECK_EQ(n_data, 1);
    cli_cid = -1;
}

/* With the index a datagram touches its own connection's slot and no other
 * (issue 13: a handshake's cost must not grow with the slots): every other
 * slot is poisoned (AddressSanitizer) while client a's final flight completes
 * its handshake and a record goes each way.  A completed handshake used to
 * scan every slot for older connections of its address (4.2.8 reconnect). */
TEST(index_touches_one_slot)
{
#if defined(T_ASAN)
    tclient *a;
    dtls_conn *mine;
    pkt ch1, ch2, v;
    int i;

    world(NSLOT, NHS, 0);
    CHECK(use_index);
    a = client(0, 6, 60);
    first_hello(a, &ch1);
    server_in(&ch1, a);
    CHECK(take(&v));
    (void)dtls_conn_input(&a->conn, v.data, v.len);
    CHECK(take(&ch2));
    server_in(&ch2, a); /* the slot is taken; its flight is queued for a */
    mine = slot_of(a);
    CHECK(mine != NULL);
    ix_unchecked = 1;
    for (i = 0; i < NSLOT; i++)
        if (&slots[i] != mine)
            ASAN_POISON_MEMORY_REGION(&slots[i], sizeof slots[i]);
    pump();
    CHECK(dtls_conn_is_established(&a->conn));
    CHECK_EQ(dtls_conn_write(&a->conn, (const uint8_t *)"one", 3), 3);
    pump();
    CHECK_EQ(n_data, 1);
    CHECK(last_data_conn == mine);
    CHECK_EQ(dtls_conn_write(mine, (const uint8_t *)"back", 4), 4);
    pump();
    CHECK(read_text(a, "back"));
    for (i = 0; i < NSLOT; i++)
        ASAN_UNPOISON_MEMORY_REGION(&slots[i], sizeof slots[i]);
    ix_unchecked = 0;
    check_index();
#else
    test_skip("index_touches_one_slot", "needs AddressSanitizer (the ASan stages run it)");
#endif
}

/* Every case twice: scanning the slots, then with the index (dtls_server_index). */
#define RUN2(name) test_run(use_index ? "index: " #name : #name, name)
int main(void)
{
    for (use_index = 0; use_index < 2; use_index++) {
        RUN2(hvr_bytes);
        RUN2(first_datagram_drops);
        RUN2(cookie_rejections);
        RUN2(several_clients);
        RUN2(slots_full);
        RUN2(half_open_eviction);
        RUN2(idle_timeout);
        RUN2(reconnect);
        RUN2(retransmitted_hello_not_reconnect);
        RUN2(restart_half_open);
        RUN2(deadline);
        RUN2(per_conn_counters);
        RUN2(fatal_alert_repeated);
        RUN2(ended_slot_not_notified_again);
        RUN2(cid_negotiated);
        RUN2(cid_nat_rebinding);
        RUN2(cid_plain_record_refused);
    }
    RUN(index_churn);
    use_index = 1;
    RUN(index_touches_one_slot);
    return test_done();
}
