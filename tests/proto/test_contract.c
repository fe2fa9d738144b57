/* test_contract.c - the engine's contract with its caller (issue 8):
 * - each dtls_conn owns its receive queue: two client connections on one
 *   dtls_ctx (a gateway talking to two servers) never see each other's
 *   records, and closing one keeps the other's queued data;
 * - a crypto hook that answers "in progress" stalls only its own connection:
 *   dtls_server_input reports DTLS_ERR_IN_PROGRESS on every path, the server
 *   keeps serving every other peer, and the stopped work resumes from the
 *   timer entry without the caller feeding any datagram again;
 * - the callback rule: dtls_conn_write / dtls_conn_close work from on_data
 *   and on_connect; input, timer and init re-entered from a callback return
 *   DTLS_ERR_STATE and change nothing.
 * Everything runs through the public entry points (dtls_server_input, not
 * the private accept), over an in-memory network with a fake clock; the
 * random source, the certificate wall clock and the server's credential are
 * harness.h's. */
#include "harness.h"

#define T0 UINT32_C(0xFFFFF000) /* the clock starts below the wrap */
#define NPEER 100               /* PSK peers beside the busy one */
#define NCLI (NPEER + 1)
#define QCAP 2048
#define DGRAM 1500

typedef struct pkt {
    int to_server; /* 1: to a server (srv_id), 0: to client cli */
    int srv_id, cli;
    size_t len;
    uint8_t d[DGRAM];
} pkt;

typedef struct tcli {
    int id;
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_hs hs;
    dtls_conn conn;
    uint8_t tx[DGRAM];
    uint8_t addr[4]; /* the server's address as this client knows it */
    uint16_t suite[1];
    char ident[16];
    uint32_t echoes; /* records read back */
} tcli;

typedef struct tsrv {
    int id;
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_hs hs[4];
    dtls_conn slots[NCLI + 8];
    dtls_server srv;
    uint8_t tx[DGRAM];
    dtls_conn *last_conn;
    int echo;
} tsrv;

static uint32_t now_ms;
static uint64_t rng_state;
static dtls_crypto_hooks chooks, shooks;
static pkt q[QCAP];
static size_t qn;
static tcli cli[NCLI];
static tsrv srvs[2];
static uint32_t fed[2]; /* datagrams fed to each server */
static const uint8_t psk_key[16] = {7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static dtls_private_key skey;
static dtls_credential scred;
static uint8_t scred_buf[2048];
static dtls_blob anchor;

static int t_random(void *u, uint8_t *out, size_t len)
{
    (void)u;
    harness_xorshift_fill(&rng_state, out, len);
    return 0;
}

static uint32_t t_now(void *u)
{
    (void)u;
    return now_ms;
}

static void push(int to_server, int srv_id, int c, const uint8_t *data, size_t len)
{
    if (qn >= QCAP || len > DGRAM)
        return; /* a lost datagram */
    q[qn].to_server = to_server;
    q[qn].srv_id = srv_id;
    q[qn].cli = c;
    q[qn].len = len;
    memcpy(q[qn].d, data, len);
    qn++;
}

/* A client's datagram goes to the server its destination address names. */
static int t_send_client(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    const tcli *c = (const tcli *)u;
    CHECK_EQ(addr_len, 4);
    push(1, addr[0] - 1, c->id, data, len);
    return (int)len;
}

/* A server's datagram goes to the client its destination address names. */
static int t_send_server(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    (void)u;
    CHECK_EQ(addr_len, 4);
    push(0, 0, (addr[2] << 8) | addr[3], data, len);
    return (int)len;
}

static uint8_t long_key[DTLS_MAX_PSK]; /* identity "long": a key of the largest size */
static int t_psk_server(void *u, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    (void)u;
    if (identity_len == 4 && memcmp(identity, "long", 4) == 0 && *key_len >= sizeof long_key) {
        memcpy(key, long_key, sizeof long_key);
        *key_len = sizeof long_key;
        return 0;
    }
    if (identity_len < 4 || memcmp(identity, "peer", 4) != 0)
        return -1;
    memcpy(key, psk_key, sizeof psk_key);
    *key_len = sizeof psk_key;
    return 0;
}

/* ---- the callback rule: what on_data / on_connect may call ---- */
static int reentry_probe; /* 1: the callbacks try every re-entry below */
static int reentry_results[7];
static uint8_t scratch_dgram[64];

static void probe_reentry(tsrv *s, dtls_conn *conn)
{
    uint8_t addr[4] = {10, 0, 0, 99};
    uint32_t at;
    int had_deadline = dtls_conn_deadline(conn, &at);
    reentry_results[0] = dtls_conn_input(conn, scratch_dgram, sizeof scratch_dgram);
    reentry_results[1] = dtls_conn_timer(conn);
    reentry_results[2] = dtls_server_input(&s->srv, scratch_dgram, sizeof scratch_dgram, addr, sizeof addr);
    reentry_results[3] = dtls_server_timer(&s->srv);
    reentry_results[4] = dtls_conn_init(conn, &s->ctx, addr, sizeof addr);
    reentry_results[5] = dtls_server_init(&s->srv, &s->ctx, s->slots, NCLI + 8);
    reentry_results[6] = had_deadline == dtls_conn_deadline(conn, &at);
    /* (dtls_ctx_init cannot tell a context in use from fresh memory: api.h forbids it) */
}

static void on_connect(void *u, dtls_conn *conn)
{
    tsrv *s = (tsrv *)u;
    s->last_conn = conn;
    if (reentry_probe == 1) {
        /* a greeting from on_connect works */
        CHECK_EQ(dtls_conn_write(conn, (const uint8_t *)"hello", 5), 5);
        probe_reentry(s, conn);
        reentry_probe = 2;
    }
}

static void on_data(void *u, dtls_conn *conn, const uint8_t *data, size_t len)
{
    tsrv *s = (tsrv *)u;
    s->last_conn = conn;
    if (len == 4 && memcmp(data, "bye!", 4) == 0) {
        CHECK_EQ(dtls_conn_close(conn), 0); /* closing from on_data works */
        return;
    }
    if (reentry_probe == 2) {
        probe_reentry(s, conn);
        reentry_probe = 3;
    }
    if (s->echo)
        CHECK_EQ(dtls_conn_write(conn, data, len), (int)len); /* an echo from on_data works */
}

static int n_close, last_reason;
static void on_close(void *u, dtls_conn *conn, int reason)
{
    (void)u;
    (void)conn;
    n_close++;
    last_reason = reason;
}

/* ---- the busy signer ---- */
static int sign_starts, sign_calls;
static uint32_t sign_started_at, sign_done_at, sign_ms;
static uint8_t sign_hash[48];
static int t_sign_slow(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                       uint8_t *sig)
{
    (void)user;
    sign_calls++;
    if (sign_starts == 0 || memcmp(sign_hash, hash, hash_len) != 0) {
        sign_starts++;
        memcpy(sign_hash, hash, hash_len);
        sign_started_at = now_ms;
    }
    if ((uint32_t)(now_ms - sign_started_at) < sign_ms)
        return DTLS_ERR_IN_PROGRESS;
    sign_done_at = now_ms;
    CHECK_EQ(group, DTLS_GROUP_SECP256R1);
    return dtls_p256_ecdsa_sign(sig, priv->bytes, hash, hash_len, (dtls_random_fn)0, NULL);
}

static void world(void)
{
    int k;
    memset(q, 0, sizeof q);
    qn = 0;
    now_ms = T0;
    rng_state = UINT64_C(0x243F6A8885A308D3);
    memset(&chooks, 0, sizeof chooks);
    memset(&shooks, 0, sizeof shooks);
    chooks.random = t_random;
    shooks.random = t_random;
    memset(fed, 0, sizeof fed);
    n_close = 0;
    reentry_probe = 0;
    sign_starts = sign_calls = 0;
    sign_ms = 0;
    CHECK_EQ(harness_srv_key(&skey), 0);
    CHECK_EQ(harness_srv_cred(&scred, scred_buf, sizeof scred_buf, 2, &skey), 0);
    harness_root_anchor(&anchor);
    for (k = 0; k < 2; k++) {
        tsrv *s = &srvs[k];
        memset(s, 0, sizeof *s);
        s->id = k;
        s->echo = 1;
        s->cfg.role = DTLS_ROLE_SERVER;
        s->cfg.psk_server = t_psk_server;
        s->cfg.cred = &scred;
        s->cfg.wall_time = harness_wall;
        s->cfg.send = t_send_server;
        s->cfg.now = t_now;
        s->cfg.user = s;
        s->cfg.hooks = &shooks;
        s->cfg.on_connect = on_connect;
        s->cfg.on_data = on_data;
        s->cfg.on_close = on_close;
        CHECK_EQ(dtls_ctx_init(&s->ctx, &s->cfg, s->tx, sizeof s->tx, s->hs, 4), 0);
        CHECK_EQ(dtls_server_init(&s->srv, &s->ctx, s->slots, NCLI + 8), 0);
    }
}

/* Client i, talking to server srv_id (0 or 1), PSK or certificates. */
static tcli *client(int i, int srv_id, int certs)
{
    tcli *c = &cli[i];
    memset(c, 0, sizeof *c);
    c->id = i;
    c->cfg.role = DTLS_ROLE_CLIENT;
    if (certs) {
        c->suite[0] = DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
        c->cfg.trust_anchors = &anchor;
        c->cfg.n_trust_anchors = 1;
        c->cfg.server_name = "localhost";
        c->cfg.wall_time = harness_wall;
    } else {
        c->suite[0] = DTLS_PSK_WITH_AES_128_CCM_8;
        snprintf(c->ident, sizeof c->ident, "peer%03d", i);
        c->cfg.psk_identity = (const uint8_t *)c->ident;
        c->cfg.psk_identity_len = strlen(c->ident);
        c->cfg.psk = psk_key;
        c->cfg.psk_len = sizeof psk_key;
    }
    c->cfg.suites = c->suite;
    c->cfg.n_suites = 1;
    c->cfg.send = t_send_client;
    c->cfg.now = t_now;
    c->cfg.user = c;
    c->cfg.hooks = &chooks;
    c->addr[0] = (uint8_t)(srv_id + 1);
    CHECK_EQ(dtls_ctx_init(&c->ctx, &c->cfg, c->tx, sizeof c->tx, &c->hs, 1), 0);
    CHECK_EQ(dtls_conn_init(&c->conn, &c->ctx, c->addr, 4), 0);
    return c;
}

/* The client's address as the servers see it. */
static void cli_addr(int i, uint8_t a[4])
{
    a[0] = 10;
    a[1] = 0;
    a[2] = (uint8_t)(i >> 8);
    a[3] = (uint8_t)i;
}

static int busy_cli = -1;         /* the client whose server-side work waits for the signer */
static int busy_in, busy_progress; /* its datagrams fed to the server, and how many answered IN_PROGRESS */
static int other_bad;             /* other peers' datagrams answered with anything but 0 */
static int busy_first_r;          /* what the datagram that started the signature got */

/* Delivers every queued datagram (answers included) once; the clients'
 * records are read at once (into echoes). */
static void pump(void)
{
    static pkt batch[QCAP];
    size_t n, i;
    int rounds;
    for (rounds = 0; rounds < 50 && qn > 0; rounds++) {
        n = qn;
        memcpy(batch, q, n * sizeof q[0]);
        qn = 0;
        for (i = 0; i < n; i++) {
            pkt *p = &batch[i];
            if (p->to_server) {
                uint8_t a[4];
                int r, starts = sign_starts;
                cli_addr(p->cli, a);
                fed[p->srv_id]++;
                r = dtls_server_input(&srvs[p->srv_id].srv, p->d, p->len, a, 4);
                if (starts == 0 && sign_starts == 1)
                    busy_first_r = r; /* the new-connection path */
                if (p->cli == busy_cli) {
                    busy_in++;
                    busy_progress += r == DTLS_ERR_IN_PROGRESS;
                    CHECK(r == 0 || r == DTLS_ERR_IN_PROGRESS);
                } else if (r != 0) {
                    other_bad++;
                }
            } else {
                tcli *c = &cli[p->cli];
                uint8_t out[256];
                int r;
                (void)dtls_conn_input(&c->conn, p->d, p->len);
                while ((r = dtls_conn_read(&c->conn, out, sizeof out)) > 0)
                    c->echoes++;
            }
        }
    }
}

/* Runs every due timer of the clients [0, n) and of both servers. */
static void timers(int n)
{
    uint32_t at;
    int i, k;
    for (i = 0; i < n; i++)
        if (dtls_conn_deadline(&cli[i].conn, &at) && (int32_t)(now_ms - at) >= 0)
            (void)dtls_conn_timer(&cli[i].conn);
    for (k = 0; k < 2; k++)
        if (dtls_server_deadline(&srvs[k].srv, &at) && (int32_t)(now_ms - at) >= 0)
            (void)dtls_server_timer(&srvs[k].srv);
}

static int all_established(int from, int to)
{
    int i;
    for (i = from; i < to; i++)
        if (!dtls_conn_is_established(&cli[i].conn))
            return 0;
    return 1;
}

static void establish(int from, int to)
{
    int i, step;
    for (i = from; i < to; i++)
        CHECK_EQ(dtls_conn_connect(&cli[i].conn), 0);
    for (step = 0; step < 100 && !all_established(from, to); step++) {
        pump();
        timers(to);
        now_ms += 100;
    }
    pump();
    CHECK(all_established(from, to));
}

/* Runs conn's handshake (a client of address 0 talking to either server):
 * every datagram delivered, the client's to conn. */
static void handshake_to(dtls_conn *conn)
{
    static pkt batch[64];
    int step;
    for (step = 0; step < 20 && !dtls_conn_is_established(conn); step++) {
        size_t i, n = qn;
        memcpy(batch, q, n * sizeof q[0]);
        qn = 0;
        for (i = 0; i < n; i++) {
            uint8_t ca[4];
            cli_addr(0, ca);
            if (batch[i].to_server)
                CHECK_EQ(dtls_server_input(&srvs[batch[i].srv_id].srv, batch[i].d, batch[i].len, ca, 4), 0);
            else
                CHECK_EQ(dtls_conn_input(conn, batch[i].d, batch[i].len), 0);
        }
    }
}

/* Defect 1: the receive queue was the context's. */
TEST(two_connections_one_ctx)
{
    static dtls_hs hs2[2];
    static dtls_ctx ctx;
    static dtls_conn a, b;
    static uint8_t tx[DGRAM], da[DGRAM], db[DGRAM];
    static const uint8_t s1[4] = {1, 0, 0, 0}, s2[4] = {2, 0, 0, 0};
    tcli *c;
    uint8_t out[64];
    size_t la, lb;

    world();
    /* one client context (cli[0]'s config) with two handshake areas and two
     * connections: a to server 1, b to server 2 */
    c = client(0, 0, 0);
    CHECK_EQ(dtls_ctx_init(&ctx, &c->cfg, tx, sizeof tx, hs2, 2), 0);
    CHECK_EQ(dtls_conn_init(&a, &ctx, s1, 4), 0);
    CHECK_EQ(dtls_conn_init(&b, &ctx, s2, 4), 0);
    CHECK_EQ(dtls_conn_connect(&a), 0);
    handshake_to(&a);
    CHECK(dtls_conn_is_established(&a));
    CHECK(srvs[0].last_conn != NULL);
    /* server 1 sends "ping" to a; b (never connected) must not read it */
    CHECK_EQ(dtls_conn_write(srvs[0].last_conn, (const uint8_t *)"ping", 4), 4);
    CHECK_EQ(qn, 1);
    la = q[0].len;
    memcpy(da, q[0].d, la);
    qn = 0;
    CHECK_EQ(dtls_conn_input(&a, da, la), 0);
    CHECK_EQ(dtls_conn_read(&b, out, sizeof out), DTLS_ERR_STATE); /* b has no handshake, no data */
    CHECK_EQ(dtls_conn_close(&b), 0);                              /* closing b ... */
    CHECK_EQ(dtls_conn_read(&a, out, sizeof out), 4);              /* ... leaves a's record */
    CHECK_MEM(out, "ping", 4);
    CHECK_EQ(dtls_conn_read(&a, out, sizeof out), DTLS_ERR_WOULD_BLOCK);

    /* two live connections on the one context */
    CHECK_EQ(dtls_conn_init(&b, &ctx, s2, 4), 0);
    CHECK_EQ(dtls_conn_connect(&b), 0);
    handshake_to(&b);
    CHECK(dtls_conn_is_established(&b));
    CHECK_EQ(dtls_conn_write(srvs[0].last_conn, (const uint8_t *)"to-a", 4), 4);
    CHECK_EQ(dtls_conn_write(srvs[1].last_conn, (const uint8_t *)"to-b!", 5), 5);
    CHECK_EQ(qn, 2);
    la = q[0].len;
    memcpy(da, q[0].d, la);
    lb = q[1].len;
    memcpy(db, q[1].d, lb);
    qn = 0;
    CHECK_EQ(dtls_conn_input(&a, da, la), 0);
    CHECK_EQ(dtls_conn_input(&b, db, lb), 0);
    CHECK_EQ(dtls_conn_read(&b, out, sizeof out), 5); /* each reads its own */
    CHECK_MEM(out, "to-b!", 5);
    CHECK_EQ(dtls_conn_read(&b, out, sizeof out), DTLS_ERR_WOULD_BLOCK);
    CHECK_EQ(dtls_conn_close(&b), 0);
    CHECK_EQ(dtls_conn_read(&a, out, sizeof out), 4);
    CHECK_MEM(out, "to-a", 4);
    CHECK_EQ(dtls_conn_read(&a, out, sizeof out), DTLS_ERR_WOULD_BLOCK);
    CHECK_EQ(dtls_conn_error(&a), 0);
}

/* Defect 2: a signing hook busy for 2 s on one peer's handshake, while 100
 * other peers keep exchanging data through the same dtls_server. */
TEST(busy_hook_stalls_only_its_connection)
{
    tcli *b;
    int i, step;
    uint32_t sent_steps = 0, t_start;
    dtls_stats st;
    uint32_t dgrams_before;

    world();
    shooks.ecdsa_sign = t_sign_slow;
    sign_ms = 2000;
    for (i = 0; i < NPEER; i++)
        (void)client(i, 0, 0);
    for (i = 0; i < NPEER; i += 4) /* the server runs 4 handshakes at once */
        establish(i, i + 4 < NPEER ? i + 4 : NPEER);
    CHECK_EQ(srvs[0].srv.dtls__n_slots, (size_t)(NCLI + 8));
    b = client(NPEER, 0, 1);
    busy_cli = NPEER;
    busy_in = busy_progress = other_bad = busy_first_r = 0;
    for (i = 0; i < NPEER; i++)
        cli[i].echoes = 0;
    CHECK_EQ(dtls_conn_connect(&b->conn), 0);
    t_start = now_ms;
    for (step = 0; step < 40; step++) { /* 4 s in 100 ms steps */
        if (!dtls_conn_is_established(&b->conn)) {
            for (i = 0; i < NPEER; i++)
                CHECK_EQ(dtls_conn_write(&cli[i].conn, (const uint8_t *)"data", 4), 4);
            sent_steps++;
        }
        pump();
        timers(NCLI);
        pump();
        if (sign_starts && sign_done_at == 0) /* the signer is busy: every other peer was served */
            for (i = 0; i < NPEER; i++)
                CHECK_EQ(cli[i].echoes, sent_steps);
        now_ms += 100;
    }
    CHECK_EQ(other_bad, 0);
    for (i = 0; i < NPEER; i++)
        CHECK_EQ(cli[i].echoes, sent_steps);
    CHECK(dtls_conn_is_established(&b->conn));
    CHECK_EQ(sign_starts, 1);               /* one signature, resumed by the timer */
    CHECK(sign_calls > 2);
    CHECK((uint32_t)(sign_done_at - sign_started_at) >= 2000);
    CHECK((uint32_t)(sign_done_at - t_start) < 2600);
    CHECK_EQ(busy_first_r, DTLS_ERR_IN_PROGRESS); /* the datagram that started the signature said so */
    CHECK(busy_progress >= 1);              /* and so did its retransmissions meanwhile */
    CHECK(busy_in > busy_progress);         /* and its later flight was taken (0) */
    /* every datagram fed was counted once by the server */
    dtls_server_stats(&srvs[0].srv, &st);
    dgrams_before = fed[0];
    CHECK_EQ(st.datagrams_in, dgrams_before);
    /* data both ways with the once-busy peer */
    CHECK_EQ(dtls_conn_write(&b->conn, (const uint8_t *)"late", 4), 4);
    b->echoes = 0;
    pump();
    CHECK_EQ(b->echoes, 1);
    busy_cli = -1;
}

/* The signature bound (issue 9, cfg.max_signatures_per_s): six certificate
 * clients at once against a server allowing 2 signatures per second.  The
 * bucket starts full: 2 sign at once, the other 4 are shed without an answer
 * (on_close DTLS_ERR_BUSY, stats.signatures_shed) and their retransmitted
 * ClientHellos retry; every client completes, and never more than 2
 * signatures start in any second. */
TEST(signature_bound)
{
    uint32_t t_start, sign_at[16];
    int i, step, n_sign = 0, busy_closes = 0;
    dtls_stats st;

    world();
    srvs[0].cfg.max_signatures_per_s = 2;
    CHECK_EQ(dtls_ctx_init(&srvs[0].ctx, &srvs[0].cfg, srvs[0].tx, sizeof srvs[0].tx, srvs[0].hs, 4), 0);
    CHECK_EQ(dtls_server_init(&srvs[0].srv, &srvs[0].ctx, srvs[0].slots, NCLI + 8), 0);
    shooks.ecdsa_sign = t_sign_slow; /* sign_ms 0: signs at once, counts the distinct signatures */
    for (i = 0; i < 6; i++) {
        (void)client(i, 0, 1);
        CHECK_EQ(dtls_conn_connect(&cli[i].conn), 0);
    }
    t_start = now_ms;
    for (step = 0; step < 100 && !all_established(0, 6); step++) { /* 10 s in 100 ms steps */
        int before = sign_starts, c0 = n_close;
        pump();
        timers(6);
        pump();
        while (n_sign < sign_starts && n_sign < 16)
            sign_at[n_sign++] = now_ms;
        if (n_close > c0 && last_reason == DTLS_ERR_BUSY)
            busy_closes += n_close - c0;
        if (step == 0) {
            CHECK_EQ(sign_starts - before, 2); /* the full bucket */
            dtls_server_stats(&srvs[0].srv, &st);
            CHECK_EQ(st.signatures_shed, 4);
            CHECK_EQ(n_close, 4);
            CHECK_EQ(last_reason, DTLS_ERR_BUSY);
        }
        now_ms += 100;
    }
    CHECK(all_established(0, 6));
    CHECK_EQ(sign_starts, 6); /* a shed handshake signed nothing */
    CHECK_EQ(other_bad, 0);
    CHECK(busy_closes >= 4);
    for (i = 2; i < n_sign; i++) /* no 3 signatures within one second */
        CHECK((uint32_t)(sign_at[i] - sign_at[i - 2]) >= 1000);
    CHECK((uint32_t)(now_ms - t_start) >= 2000);
    dtls_server_stats(&srvs[0].srv, &st);
    CHECK_EQ(st.signatures_shed, (uint32_t)busy_closes);
    /* data with the last one */
    CHECK_EQ(dtls_conn_write(&cli[5].conn, (const uint8_t *)"late", 4), 4);
    cli[5].echoes = 0;
    pump();
    CHECK_EQ(cli[5].echoes, 1);
}

/* dtls_conn_init on a connection whose handshake is still running (a client
 * that starts over without closing first) gives its handshake scratch back:
 * it used to stay owned by the old handshake, so the next connect of a
 * one-scratch client failed with DTLS_ERR_NO_SLOT. */
TEST(reinit_gives_scratch_back)
{
    tcli *c;
    int i;

    world();
    c = client(0, 0, 0);
    CHECK_EQ(dtls_conn_connect(&c->conn), 0); /* its ClientHello is never answered */
    qn = 0;
    for (i = 0; i < 3; i++) {
        CHECK_EQ(dtls_conn_init(&c->conn, &c->ctx, c->addr, 4), 0);
        CHECK_EQ(dtls_conn_connect(&c->conn), 0);
        qn = 0;
    }
    /* and this time the handshake completes */
    CHECK_EQ(dtls_conn_init(&c->conn, &c->ctx, c->addr, 4), 0);
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    for (i = 0; i < 20 && !dtls_conn_is_established(&c->conn); i++)
        pump();
    CHECK(dtls_conn_is_established(&c->conn));
}

/* A PSK of DTLS_MAX_PSK bytes (64 at the defaults, RFC 4279's largest)
 * completes a handshake, plain PSK and ECDHE_PSK: the premaster secret
 * (RFC 4279 §2: 4 + 2 x the key's length for plain PSK) fits. */
TEST(largest_psk)
{
    static const uint16_t suites[2] = {DTLS_PSK_WITH_AES_128_CCM_8, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
    size_t i;
    int k, step;
    for (i = 0; i < sizeof long_key; i++)
        long_key[i] = (uint8_t)(0xA0 + i);
    for (k = 0; k < 2; k++) {
        tcli *c;
        world();
        c = client(0, 0, 0);
        c->suite[0] = suites[k];
        c->cfg.psk_identity = (const uint8_t *)"long";
        c->cfg.psk_identity_len = 4;
        c->cfg.psk = long_key;
        c->cfg.psk_len = sizeof long_key;
        CHECK_EQ(dtls_ctx_init(&c->ctx, &c->cfg, c->tx, sizeof c->tx, &c->hs, 1), 0);
        CHECK_EQ(dtls_conn_init(&c->conn, &c->ctx, c->addr, 4), 0);
        if (suites[k] == DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256 && (!DTLS_ENABLE_CHACHAPOLY || !DTLS_ENABLE_X25519))
            continue;
        CHECK_EQ(dtls_conn_connect(&c->conn), 0);
        for (step = 0; step < 20 && !dtls_conn_is_established(&c->conn); step++)
            pump();
        CHECK(dtls_conn_is_established(&c->conn));
        CHECK_EQ(dtls_conn_error(&c->conn), 0);
    }
}

/* The callback rule (api.h): write / close from on_connect and on_data
 * work; re-entering input, timer or init returns DTLS_ERR_STATE and changes
 * nothing. */
/* A client closing one connection from a callback of another connection's
 * work (here its log callback): the close is finished at once for the other
 * one or, if it is the connection at work, when its entry point returns;
 * either way its handshake scratch goes back to the endpoint's pool. */
static dtls_conn *close_from_log; /* closed by t_close_log, once */
static void t_close_log(void *u, const char *line)
{
    (void)u;
    (void)line;
    if (close_from_log != NULL) {
        dtls_conn *c = close_from_log;
        close_from_log = NULL;
        CHECK_EQ(dtls_conn_close(c), 0);
    }
}

TEST(close_from_callback_frees_scratch)
{
    static dtls_hs hs2[2];
    static dtls_ctx ctx;
    static dtls_conn a, b, c;
    static dtls_config cfg;
    static uint8_t tx[DGRAM];
    static const uint8_t s1[4] = {1, 0, 0, 0}, s2[4] = {2, 0, 0, 0};
    uint32_t at;
    world();
    cfg = client(0, 0, 0)->cfg;
    cfg.log = t_close_log;
    CHECK_EQ(dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, hs2, 2), 0);
    CHECK_EQ(dtls_conn_init(&a, &ctx, s1, 4), 0);
    CHECK_EQ(dtls_conn_init(&b, &ctx, s2, 4), 0);
    CHECK_EQ(dtls_conn_connect(&b), 0); /* b handshakes: it holds one scratch */
    qn = 0;                             /* (its ClientHello is lost) */
    CHECK_EQ(dtls_conn_connect(&a), 0); /* a holds the other */
    close_from_log = &b;                /* a's "handshake complete" log line closes b */
    handshake_to(&a);
    CHECK(dtls_conn_is_established(&a));
    CHECK(close_from_log == NULL);
    CHECK_EQ(dtls_conn_read(&b, NULL, 0), DTLS_ERR_CLOSED);
    /* b's scratch is back in the pool once its deadline is served */
    if (dtls_conn_deadline(&b, &at))
        (void)dtls_conn_timer(&b);
    CHECK(b.dtls__hs == NULL);
    CHECK(hs2[0].dtls__owner == NULL && hs2[1].dtls__owner == NULL);
    /* both scratch areas are back: a third connection can handshake */
    CHECK_EQ(dtls_conn_init(&c, &ctx, s2, 4), 0);
    CHECK_EQ(dtls_conn_connect(&c), 0);
    handshake_to(&c);
    CHECK(dtls_conn_is_established(&c));
    CHECK_EQ(dtls_conn_deadline(&b, &at), 0);
}

TEST(callback_rule)
{
    tcli *c;
    uint8_t out[64];
    int i, r, step;
    world();
    c = client(0, 0, 0);
    reentry_probe = 1;
    CHECK_EQ(dtls_conn_connect(&c->conn), 0);
    for (step = 0; step < 20 && !dtls_conn_is_established(&c->conn); step++) {
        pump();
        timers(1);
        now_ms += 100;
    }
    CHECK(dtls_conn_is_established(&c->conn));
    CHECK_EQ(reentry_probe, 2);
    CHECK_EQ(c->echoes, 1); /* the greeting written from on_connect arrived */
    for (i = 0; i < 6; i++)
        CHECK_EQ(reentry_results[i], DTLS_ERR_STATE);
    CHECK_EQ(reentry_results[6], 1);
    /* from on_data */
    CHECK_EQ(dtls_conn_write(&c->conn, (const uint8_t *)"abc", 3), 3);
    c->echoes = 0;
    pump();
    CHECK_EQ(reentry_probe, 3);
    for (i = 0; i < 6; i++)
        CHECK_EQ(reentry_results[i], DTLS_ERR_STATE);
    CHECK_EQ(reentry_results[6], 1);
    CHECK_EQ(c->echoes, 1); /* the echo written from on_data arrived, the connection unchanged */
    CHECK_EQ(dtls_conn_write(&c->conn, (const uint8_t *)"xyz", 3), 3);
    c->echoes = 0;
    pump();
    CHECK_EQ(c->echoes, 1);
    /* close from on_data: close_notify reaches the client, on_close once */
    CHECK_EQ(dtls_conn_write(&c->conn, (const uint8_t *)"bye!", 4), 4);
    pump();
    CHECK_EQ(n_close, 1);
    CHECK_EQ(last_reason, DTLS_ERR_CLOSED);
    CHECK(dtls_conn_peer_closed(&c->conn));
    r = dtls_conn_read(&c->conn, out, sizeof out);
    CHECK_EQ(r, DTLS_ERR_CLOSED);
}

int main(void)
{
    RUN(two_connections_one_ctx);
    RUN(busy_hook_stalls_only_its_connection);
    RUN(signature_bound);
    RUN(reinit_gives_scratch_back);
    RUN(largest_psk);
    RUN(callback_rule);
    RUN(close_from_callback_frees_scratch);
    return test_done();
}
