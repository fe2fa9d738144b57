/* pair.h - the scenario of the bare-metal image (main_bm.c) and of its hosted
 * twin (transcript_host.c), written once: a dtls.h client and a dtls_server
 * of one slot (cookie exchange included) joined by a perfect in-memory link
 * complete a handshake, exchange data both ways and close, for
 * TLS_PSK_WITH_AES_128_CCM_8 and for TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8
 * (P-256 ECDHE, X.509 chains of tests/proto/certdata.h both ways: the server
 * requires a client certificate).  Every datagram is hashed (SHA-256) in the
 * order it is sent, with its direction and length: with the seeded random
 * source and the fake clock below, the digests must be the same on every
 * architecture (tests/baremetal/transcript.sh compares them).
 *
 * No libc beyond memcpy/memset/memcmp, no malloc, no I/O: the includer has
 * included dtls.h (with DTLS_IMPLEMENTATION) and defines
 *   static void pair_puts(const char *line);   one line of output, no newline
 * and may define PAIR_PROBE_BEGIN() / PAIR_PROBE_END(role) (role 0 client,
 * 1 server, 2 set-up), run around every library call (main_bm.c measures
 * the stack with them).
 *
 * Output: "ok   <what>" / "FAIL <what>" per check, "transcript <suite>
 * <part> <sha256> <datagrams> <bytes>" per digest; pair_run returns the
 * number of failed checks (pair_passed counts the others). */
#ifndef DTLS_BAREMETAL_PAIR_H
#define DTLS_BAREMETAL_PAIR_H

#if DTLS_ENABLE_CERTS
#include "../proto/certdata.h"
#endif
#include "line.h"
#include "xorshift.h"

#ifndef PAIR_PROBE_BEGIN
#define PAIR_PROBE_BEGIN() ((void)0)
#endif
#ifndef PAIR_PROBE_END
#define PAIR_PROBE_END(role) ((void)0)
#endif
#define PAIR_CLIENT 0
#define PAIR_SERVER 1
#define PAIR_SETUP 2
/* r = call, measured as role's; then the datagrams it sent are hashed (out
 * of the measurement: the send callback itself only queues them) */
#define PAIR_CALL(role, r, call)                                                                                    \
    do {                                                                                                            \
        PAIR_PROBE_BEGIN();                                                                                         \
        (r) = (call);                                                                                               \
        PAIR_PROBE_END(role);                                                                                       \
        pair_hash_sent();                                                                                           \
    } while (0)

/* Recording (record.c): each datagram in the order sent, and each one fed
 * to the client, with the clock and the client's action count (pair_phase:
 * 1 after connect, 2 and 3 after the writes, 4 after close). */
#ifndef PAIR_RECORD_SENT
#define PAIR_RECORD_SENT(from, data, len) ((void)0)
#endif
#ifndef PAIR_RECORD_DELIVER
#define PAIR_RECORD_DELIVER(data, len) ((void)0)
#endif
static int pair_phase;

static void pair_puts(const char *line);
static void pair_hash_sent(void);

/* ---------------------------------------------------------------- output */

static int pair_passed, pair_failed;
static const char *pair_suite_tag; /* "psk" / "ecdsa": the prefix of every line */

/* One check: "ok   tag: what" or "FAIL tag: what (got <v>)". */
static int pair_check(int cond, const char *what, int got)
{
    pair_line l;
    l.n = 0;
    pl_str(&l, cond ? "ok   " : "FAIL ");
    pl_str(&l, pair_suite_tag);
    pl_str(&l, ": ");
    pl_str(&l, what);
    if (!cond) {
        pl_str(&l, " (got ");
        pl_int(&l, got);
        pl_str(&l, ")");
        pair_failed++;
    } else {
        pair_passed++;
    }
    pair_puts(l.b);
    return cond;
}

/* ---------------------------------------------------------------- the link */

#define PAIR_SEED_CLIENT UINT64_C(0x0123456789ABCDEF)
#define PAIR_QMAX 8
#define PAIR_DMAX 1536
#define PAIR_MTU 1232

typedef struct pair_side {
    int id;       /* 0 client, 1 server */
    uint64_t rng; /* xorshift64 state */
} pair_side;

static struct pair_world {
    uint32_t now;                             /* the fake clock (ms) */
    pair_side side[2];
    uint8_t q[2][PAIR_QMAX][PAIR_DMAX];       /* q[0]: to the client, q[1]: to the server */
    size_t qlen[2][PAIR_QMAX];
    int qn[2];
    int overflow;                             /* a datagram the link could not hold */
    dtls_sha256_ctx tr;                       /* every datagram, both ways, in order */
    struct {
        const uint8_t *data;                  /* in q (stays there until pair_pump moves it, after the hashing) */
        size_t len;
        int from;
    } sent[2 * PAIR_QMAX];                    /* sent during the current call, not hashed yet */
    int nsent;
    uint32_t n_dg, n_bytes;
    int srv_connected, srv_closed, srv_close_reason, srv_ndata;
    uint8_t srv_got[600];
    size_t srv_got_len;
    int srv_write_ret;
    int verify_calls[2], verify_n[2], verify_verdict[2]; /* what each side's verify callback saw */
} P;

static dtls_crypto_hooks p_hooks[2];
static dtls_config p_cc, p_sc;
static dtls_ctx p_cctx, p_sctx;
static dtls_hs p_chs, p_shs;
static uint8_t p_tx[2][PAIR_MTU];
static dtls_conn p_c;
static dtls_server p_srv;
static dtls_conn p_slot[1];
static uint8_t p_rx[PAIR_DMAX]; /* the datagram being delivered (client records point into it until read) */

/* Deterministic "entropy": xorshift64, one state per side (hooks.user). */
static int p_random(void *user, uint8_t *out, size_t len)
{
    pair_side *s = (pair_side *)user;
    pair_xorshift(&s->rng, out, len);
    return 0;
}

static uint32_t p_now(void *user)
{
    (void)user;
    return P.now;
}

#if DTLS_ENABLE_CERTS
/* 2027-06-01T00:00:00Z: inside certdata.h's validity */
static int p_wall(void *user, int64_t *t)
{
    (void)user;
    *t = INT64_C(1811808000);
    return 0;
}
#endif

static void p_hash(int from, const uint8_t *data, size_t len)
{
    uint8_t hdr[3];
    hdr[0] = (uint8_t)from;
    hdr[1] = (uint8_t)(len >> 8);
    hdr[2] = (uint8_t)len;
    dtls_sha256_update(&P.tr, hdr, sizeof hdr);
    dtls_sha256_update(&P.tr, data, len);
    P.n_dg++;
    P.n_bytes += (uint32_t)len;
}

/* Hashes the datagrams the last call sent, in the order it sent them. */
static void pair_hash_sent(void)
{
    int i;
    for (i = 0; i < P.nsent; i++) {
        p_hash(P.sent[i].from, P.sent[i].data, P.sent[i].len);
        PAIR_RECORD_SENT(P.sent[i].from, P.sent[i].data, P.sent[i].len);
    }
    P.nsent = 0;
}

/* Queues the datagram for the other side (hashed after the call returns). */
static int p_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    pair_side *s = (pair_side *)user;
    int to = s->id == 0 ? 1 : 0;
    (void)addr;
    (void)alen;
    if (P.qn[to] >= PAIR_QMAX || len > PAIR_DMAX || P.nsent >= 2 * PAIR_QMAX) {
        pair_hash_sent();
        p_hash(s->id, data, len); /* the check "link never full" fails the run */
        P.overflow++;
        return -1;
    }
    memcpy(P.q[to][P.qn[to]], data, len);
    P.qlen[to][P.qn[to]] = len;
    P.sent[P.nsent].data = P.q[to][P.qn[to]];
    P.sent[P.nsent].len = len;
    P.sent[P.nsent].from = s->id;
    P.nsent++;
    P.qn[to]++;
    return (int)len;
}

#if DTLS_ENABLE_CERTS
/* Both sides: the peer's chain (leaf + intermediate) and the library's
 * verdict, which stays the decision. */
static int p_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    pair_side *s = (pair_side *)user;
    (void)conn;
    P.verify_calls[s->id]++;
    P.verify_n[s->id] = (int)pc->n;
    P.verify_verdict[s->id] = pc->verdict;
    return pc->verdict;
}
#endif

static void p_on_connect(void *user, dtls_conn *c)
{
    (void)user;
    (void)c;
    P.srv_connected++;
}

/* The server answers message k (by its first byte) with reply k. */
static const uint8_t *p_reply(size_t k, size_t *len);

static void p_on_data(void *user, dtls_conn *c, const uint8_t *data, size_t len)
{
    const uint8_t *r;
    size_t rl;
    (void)user;
    P.srv_ndata++;
    P.srv_got_len = len <= sizeof(P.srv_got) ? len : 0;
    if (len <= sizeof(P.srv_got))
        memcpy(P.srv_got, data, len);
    r = p_reply((size_t)P.srv_ndata - 1u, &rl);
    P.srv_write_ret = dtls_conn_write(c, r, rl); /* the callback rule allows it (api.h) */
}

static void p_on_close(void *user, dtls_conn *c, int reason)
{
    (void)user;
    (void)c;
    P.srv_closed++;
    P.srv_close_reason = reason;
}

/* ---------------------------------------------------------------- payloads */

static const uint8_t p_msg0[] = "ping from the client";
static const uint8_t p_rep0[] = "pong from the server";
static uint8_t p_msg1[512], p_rep1[400]; /* patterns (pair_fill) */

static void pair_fill(void)
{
    size_t i;
    for (i = 0; i < sizeof(p_msg1); i++)
        p_msg1[i] = (uint8_t)(i * 7u + 3u);
    for (i = 0; i < sizeof(p_rep1); i++)
        p_rep1[i] = (uint8_t)(255u - i * 5u);
}

static const uint8_t *p_reply(size_t k, size_t *len)
{
    if (k == 0) {
        *len = sizeof(p_rep0) - 1;
        return p_rep0;
    }
    *len = sizeof(p_rep1);
    return p_rep1;
}

/* ---------------------------------------------------------------- driving */

static const uint8_t p_srv_addr[4] = {192, 0, 2, 1};
static const uint8_t p_cli_addr[4] = {192, 0, 2, 2};

/* Client: the records of the datagram just fed, read before p_rx is reused. */
static uint8_t p_cgot[600];
static size_t p_cgot_len;
static int p_cgot_n;

static void p_client_read(void)
{
    int r;
    for (;;) {
        PAIR_CALL(PAIR_CLIENT, r, dtls_conn_read(&p_c, p_cgot, sizeof(p_cgot)));
        if (r <= 0)
            break;
        p_cgot_len = (size_t)r;
        p_cgot_n++;
    }
}

/* Delivers every queued datagram, both ways, until the link is quiet (the
 * clock moves 1 ms per round).  Returns the rounds taken. */
static int pair_pump(void)
{
    int rounds = 0, moved = 1, r;
    while (moved && rounds < 50) {
        int side, i, n;
        moved = 0;
        rounds++;
        P.now += 1;
        for (side = 1; side >= 0; side--) {
            n = P.qn[side];
            for (i = 0; i < n; i++) {
                size_t len = P.qlen[side][i];
                memcpy(p_rx, P.q[side][i], len);
                if (side == 1) {
                    PAIR_CALL(PAIR_SERVER, r, dtls_server_input(&p_srv, p_rx, len, p_cli_addr, sizeof p_cli_addr));
                } else {
                    PAIR_RECORD_DELIVER(p_rx, len);
                    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_input(&p_c, p_rx, len));
                    p_client_read();
                }
                (void)r;
                moved = 1;
            }
            /* answers sent during the deliveries were appended after n */
            for (i = n; i < P.qn[side]; i++) {
                memcpy(P.q[side][i - n], P.q[side][i], P.qlen[side][i]);
                P.qlen[side][i - n] = P.qlen[side][i];
            }
            P.qn[side] -= n;
        }
    }
    return rounds;
}

#if DTLS_ENABLE_CERTS
static const dtls_blob *p_anchor(void)
{
    static const dtls_blob a = {cd_root, sizeof cd_root};
    return &a;
}

static dtls_private_key p_key[2];
static dtls_credential p_cred[2];
static uint8_t p_credbuf[2][3 + 3 + sizeof(cd_srv) + 3 + sizeof(cd_inter)];

/* The credentials of the ECDHE-ECDSA run: leaf + intermediate each side. */
static int pair_creds(void)
{
    dtls_blob chain[2];
    int r, ok = 1;
    chain[1].data = cd_inter;
    chain[1].len = sizeof cd_inter;
    PAIR_CALL(PAIR_SETUP, r, dtls_private_key_parse(&p_key[0], cd_cli_key, sizeof cd_cli_key));
    ok &= pair_check(r == 0, "client private key parsed", r);
    PAIR_CALL(PAIR_SETUP, r, dtls_private_key_parse(&p_key[1], cd_srv_key, sizeof cd_srv_key));
    ok &= pair_check(r == 0, "server private key parsed", r);
    chain[0].data = cd_cli;
    chain[0].len = sizeof cd_cli;
    PAIR_CALL(PAIR_SETUP, r, dtls_credential_init(&p_cred[0], p_credbuf[0], sizeof p_credbuf[0], chain, 2, &p_key[0]));
    ok &= pair_check(r == 0, "client credential (leaf + intermediate)", r);
    chain[0].data = cd_srv;
    chain[0].len = sizeof cd_srv;
    PAIR_CALL(PAIR_SETUP, r, dtls_credential_init(&p_cred[1], p_credbuf[1], sizeof p_credbuf[1], chain, 2, &p_key[1]));
    ok &= pair_check(r == 0, "server credential (leaf + intermediate)", r);
    /* the RSA material of certdata.h is not used here */
    (void)cd_rroot;
    (void)cd_rsrv;
    (void)cd_rsrv_key;
    return ok;
}
#endif

static void pair_digest_line(const char *part, const dtls_sha256_ctx *tr)
{
    dtls_sha256_ctx t = *tr;
    uint8_t d[32];
    pair_line l;
    dtls_sha256_final(&t, d);
    l.n = 0;
    pl_str(&l, "transcript ");
    pl_str(&l, pair_suite_tag);
    pl_str(&l, " ");
    pl_str(&l, part);
    pl_str(&l, " ");
    pl_hex(&l, d, sizeof d);
    pl_str(&l, " ");
    pl_u32(&l, P.n_dg);
    pl_str(&l, " ");
    pl_u32(&l, P.n_bytes);
    pair_puts(l.b);
}

static const uint16_t p_suite_psk[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
#if DTLS_ENABLE_CERTS
static const uint16_t p_suite_ecdsa[1] = {DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8};
static const uint16_t p_groups[1] = {DTLS_GROUP_SECP256R1};
#endif
static const uint8_t p_psk[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                  0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};

/* PAIR_SABOTAGE 1 (run.sh's self-test): the server holds another key, so
 * the PSK handshake must fail and the image must say so and exit non-zero. */
#ifndef PAIR_SABOTAGE
#define PAIR_SABOTAGE 0
#endif
static const uint8_t p_psk_bad[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                      0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3d};

/* One whole session: ecdsa 0 (PSK-CCM_8) or 1 (ECDHE-ECDSA-CCM_8).
 * Returns 1 when every check passed. */
static int pair_session(int ecdsa)
{
    int r, rounds, failed0 = pair_failed;
    uint16_t suite = ecdsa ? DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 : DTLS_PSK_WITH_AES_128_CCM_8;

    pair_suite_tag = ecdsa ? "ecdsa" : "psk";
    memset(&P, 0, sizeof P);
    memset(&p_c, 0, sizeof p_c);
    P.now = UINT32_C(0xFFFFF000); /* the clock wraps during the session */
    P.side[0].id = 0;
    P.side[0].rng = PAIR_SEED_CLIENT ^ (uint64_t)ecdsa;
    P.side[1].id = 1;
    P.side[1].rng = UINT64_C(0xFEDCBA9876543210) ^ (uint64_t)ecdsa;
    dtls_sha256_init(&P.tr);
    p_cgot_len = 0;
    p_cgot_n = 0;
    pair_phase = 0;

    memset(p_hooks, 0, sizeof p_hooks);
    p_hooks[0].random = p_random;
    p_hooks[0].user = &P.side[0];
    p_hooks[1].random = p_random;
    p_hooks[1].user = &P.side[1];
    memset(&p_cc, 0, sizeof p_cc);
    p_cc.role = DTLS_ROLE_CLIENT;
    p_cc.send = p_send;
    p_cc.now = p_now;
    p_cc.user = &P.side[0];
    p_cc.hooks = &p_hooks[0];
    p_cc.mtu = PAIR_MTU;
    p_cc.n_suites = 1;
    p_sc = p_cc;
    p_sc.role = DTLS_ROLE_SERVER;
    p_sc.user = &P.side[1];
    p_sc.hooks = &p_hooks[1];
    p_sc.on_connect = p_on_connect;
    p_sc.on_data = p_on_data;
    p_sc.on_close = p_on_close;
    if (!ecdsa) {
        p_cc.suites = p_suite_psk;
        p_cc.psk_identity = (const uint8_t *)"baremetal-client";
        p_cc.psk_identity_len = 16;
        p_cc.psk = p_psk;
        p_cc.psk_len = sizeof p_psk;
        p_sc.suites = p_suite_psk;
        p_sc.psk_identity = p_cc.psk_identity;
        p_sc.psk_identity_len = p_cc.psk_identity_len;
        p_sc.psk = PAIR_SABOTAGE ? p_psk_bad : p_psk;
        p_sc.psk_len = sizeof p_psk;
    } else {
#if DTLS_ENABLE_CERTS
        if (!pair_creds())
            return 0;
        p_cc.suites = p_suite_ecdsa;
        p_cc.groups = p_groups;
        p_cc.n_groups = 1;
        p_cc.cred = &p_cred[0];
        p_cc.trust_anchors = p_anchor();
        p_cc.n_trust_anchors = 1;
        p_cc.server_name = "localhost";
        p_cc.wall_time = p_wall;
        p_cc.verify = p_verify;
        p_sc.suites = p_suite_ecdsa;
        p_sc.groups = p_groups;
        p_sc.n_groups = 1;
        p_sc.cred = &p_cred[1];
        p_sc.trust_anchors = p_anchor();
        p_sc.n_trust_anchors = 1;
        p_sc.wall_time = p_wall;
        p_sc.verify = p_verify;
        p_sc.verify_client = DTLS_VERIFY_REQUIRED;
#else
        return 0;
#endif
    }

    PAIR_CALL(PAIR_SETUP, r, dtls_ctx_init(&p_cctx, &p_cc, p_tx[0], sizeof p_tx[0], &p_chs, 1));
    if (!pair_check(r == 0, "client dtls_ctx_init", r))
        return 0;
    PAIR_CALL(PAIR_SETUP, r, dtls_ctx_init(&p_sctx, &p_sc, p_tx[1], sizeof p_tx[1], &p_shs, 1));
    if (!pair_check(r == 0, "server dtls_ctx_init", r))
        return 0;
    PAIR_CALL(PAIR_SETUP, r, dtls_server_init(&p_srv, &p_sctx, p_slot, 1));
    if (!pair_check(r == 0, "dtls_server_init (1 slot)", r))
        return 0;
    PAIR_CALL(PAIR_SETUP, r, dtls_conn_init(&p_c, &p_cctx, p_srv_addr, sizeof p_srv_addr));
    if (!pair_check(r == 0, "dtls_conn_init", r))
        return 0;

    /* handshake: cookie exchange, then the full handshake, no timer needed */
    pair_phase++;
    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_connect(&p_c));
    pair_check(r == 0, "dtls_conn_connect sends the ClientHello", r);
    rounds = pair_pump();
    pair_check(dtls_conn_is_established(&p_c) == 1, "handshake complete on the client", dtls_conn_error(&p_c));
    pair_check(P.srv_connected == 1, "server on_connect once", P.srv_connected);
    pair_check(dtls_conn_suite(&p_c) == suite,
               ecdsa ? "suite TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 (0xC0AE)" : "suite TLS_PSK_WITH_AES_128_CCM_8 (0xC0A8)",
               (int)dtls_conn_suite(&p_c));
    pair_check(dtls_conn_cert_error(&p_c) == 0, "no certificate error", dtls_conn_cert_error(&p_c));
#if DTLS_ENABLE_CERTS
    if (ecdsa) {
        pair_check(P.verify_calls[0] == 1 && P.verify_n[0] == 2 && P.verify_verdict[0] == 0,
                   "client verified the server's chain (2 certificates, verdict 0)", P.verify_verdict[0]);
        pair_check(P.verify_calls[1] == 1 && P.verify_n[1] == 2 && P.verify_verdict[1] == 0,
                   "server verified the client's chain (2 certificates, verdict 0)", P.verify_verdict[1]);
    }
#endif
    pair_check(P.overflow == 0, "link never full", P.overflow);
    pair_check(rounds <= 10, "handshake within 10 link rounds, no retransmission", rounds);
    pair_digest_line("handshake", &P.tr);

    /* data both ways, exact bytes */
    pair_phase++;
    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_write(&p_c, p_msg0, sizeof(p_msg0) - 1));
    pair_check(r == (int)sizeof(p_msg0) - 1, "client writes 20 bytes", r);
    (void)pair_pump();
    pair_check(P.srv_ndata == 1 && P.srv_got_len == sizeof(p_msg0) - 1 &&
                   memcmp(P.srv_got, p_msg0, sizeof(p_msg0) - 1) == 0,
               "server receives exactly \"ping from the client\"", (int)P.srv_got_len);
    pair_check(P.srv_write_ret == (int)sizeof(p_rep0) - 1, "server answers from on_data", P.srv_write_ret);
    pair_check(p_cgot_n == 1 && p_cgot_len == sizeof(p_rep0) - 1 && memcmp(p_cgot, p_rep0, sizeof(p_rep0) - 1) == 0,
               "client reads exactly \"pong from the server\"", (int)p_cgot_len);
    pair_phase++;
    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_write(&p_c, p_msg1, sizeof p_msg1));
    pair_check(r == (int)sizeof p_msg1, "client writes 512 bytes", r);
    (void)pair_pump();
    pair_check(P.srv_ndata == 2 && P.srv_got_len == sizeof p_msg1 && memcmp(P.srv_got, p_msg1, sizeof p_msg1) == 0,
               "server receives the 512-byte pattern exactly", (int)P.srv_got_len);
    pair_check(p_cgot_n == 2 && p_cgot_len == sizeof p_rep1 && memcmp(p_cgot, p_rep1, sizeof p_rep1) == 0,
               "client reads the 400-byte answer exactly", (int)p_cgot_len);

    /* close: our close_notify, the server's answer, on_close(DTLS_ERR_CLOSED) */
    pair_phase++;
    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_close(&p_c));
    pair_check(r == 0, "dtls_conn_close", r);
    (void)pair_pump();
    pair_check(P.srv_closed == 1 && P.srv_close_reason == DTLS_ERR_CLOSED, "server on_close(DTLS_ERR_CLOSED) once",
               P.srv_close_reason);
    pair_check(dtls_conn_peer_closed(&p_c) == 1, "client sees the server's close_notify", dtls_conn_peer_closed(&p_c));
    PAIR_CALL(PAIR_CLIENT, r, dtls_conn_read(&p_c, p_cgot, sizeof p_cgot));
    pair_check(r == DTLS_ERR_CLOSED, "read after close: DTLS_ERR_CLOSED", r);
    pair_check(P.overflow == 0 && P.qn[0] == 0 && P.qn[1] == 0, "link empty at the end", P.qn[0] + P.qn[1]);
    pair_digest_line("session", &P.tr);
    return pair_failed == failed0;
}

/* Both sessions; after each, after(tag) when given (main_bm.c prints the
 * stack it measured).  Returns the number of failed checks. */
static int pair_run(void (*after)(const char *tag))
{
    pair_fill();
    (void)pair_session(0);
    if (after != NULL)
        after("psk");
#if DTLS_ENABLE_CERTS
    (void)pair_session(1);
    if (after != NULL)
        after("ecdsa");
#endif
    return pair_failed;
}

#endif /* DTLS_BAREMETAL_PAIR_H */
