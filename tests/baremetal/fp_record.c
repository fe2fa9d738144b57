/* fp_record.c - records, on the host, one session of a `make size`
 * configuration (fp_app.h, FP_CONF) as its subject sees it, and prints it
 * as a C header for fp_replay.c: the subject (the client, or for
 * psk-server-4 the server) and its peer joined in memory complete a
 * handshake (cookie exchange included), lose one datagram and recover it
 * through the subject's retransmission timer, exchange data both ways (the
 * server answers each message after dtls_server_input returns) and close.  Recorded: every datagram the subject sends (the replay checks its
 * output byte for byte), every datagram fed to it, every call it makes
 * (connect, writes, close, timer), each with the fake clock.  Built with the
 * subject's DTLS_ENABLE_* options (its ClientHello depends on them) and both
 * roles.  Exit status 0 when the session went as it must. */
#include <stdio.h>
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "xorshift.h"
#include "fp_app.h"
#if FP_ECDSA && !FP_X509
#include "../proto/certdata.h" /* the server's key (raw public key) */
#endif

#define SUBJECT (FP_IS_SERVER ? 1 : 0) /* side 0: the client, 1: the server */
#define QMAX 16
#define DMAX 1536
#define EVMAX 64
#define BYTES_MAX 32768

enum { EV_OUT, EV_IN, EV_TIMER, EV_CONNECT, EV_WRITE0, EV_WRITE1, EV_CLOSE };
static const char *const ev_name[] = {"sent by the subject", "fed to the subject", "timer", "connect",
                                      "write 0", "write 1", "close"};

static uint32_t now;
static uint64_t rng[2];
static uint8_t q[2][QMAX][DMAX]; /* q[0]: to the client, q[1]: to the server */
static size_t qlen[2][QMAX];
static int qn[2], overflow, problems;
static struct {
    int kind;
    uint32_t now;
    size_t off, len;
} ev[EVMAX];
static int nev;
static uint8_t bytes[BYTES_MAX];
static size_t nbytes;
static int cli_nread, dropped, to_server;
#if FP_CONF == FP_RPK_CLIENT
static uint8_t pin[91];
static int pinned;
#endif

static int side_id[2] = {0, 1};
static dtls_crypto_hooks hooks[2];
static dtls_config cfg[2];
static dtls_ctx ctx[2];
static dtls_hs hs[2];
static uint8_t tx[2][FP_MTU];
static dtls_conn c;
static dtls_server srv;
static dtls_conn slot[FP_SLOTS];
static uint8_t rx[DMAX];
#if FP_ECDSA
static dtls_private_key skey;
static dtls_credential scred;
static uint8_t scred_buf[3 + 3 + 444 + 3 + 404 + 16];
#endif

static void problem(const char *what, long v)
{
    fprintf(stderr, "fp_record: %s (%ld)\n", what, v);
    problems++;
}

static void record(int kind, const uint8_t *data, size_t len)
{
    if (nev >= EVMAX || nbytes + len > BYTES_MAX) {
        overflow++;
        return;
    }
    ev[nev].kind = kind;
    ev[nev].now = now;
    ev[nev].off = nbytes;
    ev[nev].len = len;
    if (len)
        memcpy(bytes + nbytes, data, len);
    nbytes += len;
    nev++;
}

static int cb_random(void *user, uint8_t *out, size_t len)
{
    pair_xorshift(&rng[*(int *)user], out, len);
    return 0;
}

static uint32_t cb_now(void *user)
{
    (void)user;
    return now;
}

static int cb_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    int from = *(int *)user, to = !from;
    (void)addr;
    (void)alen;
    if (qn[to] >= QMAX || len > DMAX) {
        overflow++;
        return -1;
    }
    if (from == SUBJECT)
        record(EV_OUT, data, len);
    memcpy(q[to][qn[to]], data, len);
    qlen[to][qn[to]++] = len;
    return (int)len;
}

#if FP_CONF == FP_RPK_CLIENT
/* the client trusts one key: the first it sees is the server's (recorded) */
static int cb_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    if (!pc->is_rpk || pc->n != 1 || pc->chain[0].len != sizeof pin)
        return -1;
    memcpy(pin, pc->chain[0].data, sizeof pin);
    pinned++;
    return 0;
}
#endif

/* The server's reply (fp_app.h: fp_on_data), after dtls_server_input returns. */
static void server_reply(void)
{
    uint8_t rep[FP_REP1_LEN];
    int r;
    if (fp_srv.reply_to == NULL)
        return;
    fp_fill(fp_srv.reply_k, rep);
    r = dtls_conn_write(fp_srv.reply_to, rep, fp_len(fp_srv.reply_k));
    if (r != (int)fp_len(fp_srv.reply_k))
        problem("the server's reply", r);
    fp_srv.reply_to = NULL;
}

static void client_read(void)
{
    uint8_t got[600];
    int r;
    while ((r = dtls_conn_read(&c, got, sizeof got)) > 0) {
        if (cli_nread > 1 || !fp_is(2 + (unsigned)cli_nread, got, (size_t)r))
            problem("the client read another reply", r);
        cli_nread++;
    }
}

/* The one lost datagram: for a client subject, the server's last flight
 * (ChangeCipherSpec, Finished) the first time; for the server subject, the
 * client's third datagram (its ClientKeyExchange, ChangeCipherSpec,
 * Finished).  The subject's timer then retransmits. */
static int lose(int to)
{
    if (dropped)
        return 0;
    if (SUBJECT == 0 && to == 0 && fp_srv.connected)
        return dropped = 1;
    if (SUBJECT == 1 && to == 1 && ++to_server == 3)
        return dropped = 1;
    return 0;
}

/* Delivers every queued datagram, both ways, until the link is quiet (the
 * clock moves 1 ms per round). */
static void pump(void)
{
    int rounds = 0, moved = 1;
    while (moved && rounds++ < 50) {
        int side, i, n, r;
        moved = 0;
        now += 1;
        for (side = 1; side >= 0; side--) {
            n = qn[side];
            for (i = 0; i < n; i++) {
                size_t len = qlen[side][i];
                moved = 1;
                if (lose(side))
                    continue;
                memcpy(rx, q[side][i], len);
                if (side == SUBJECT)
                    record(EV_IN, rx, len);
                if (side == 1) {
                    r = dtls_server_input(&srv, rx, len, fp_client_addr, sizeof fp_client_addr);
                    server_reply();
                } else {
                    r = dtls_conn_input(&c, rx, len);
                    client_read();
                }
                if (r < 0 && !(side == 0 && r == DTLS_ERR_CLOSED)) /* the server's close_notify after ours */
                    problem(side ? "dtls_server_input" : "dtls_conn_input", r);
            }
            for (i = n; i < qn[side]; i++) { /* sent during the deliveries */
                memcpy(q[side][i - n], q[side][i], qlen[side][i]);
                qlen[side][i - n] = qlen[side][i];
            }
            qn[side] -= n;
        }
    }
}

/* A client action: recorded when the client is the subject. */
static int act(int kind)
{
    uint8_t msg[FP_MSG1_LEN];
    if (SUBJECT == 0)
        record(kind, NULL, 0);
    if (kind == EV_CONNECT)
        return dtls_conn_connect(&c);
    if (kind == EV_CLOSE)
        return dtls_conn_close(&c);
    fp_fill(kind == EV_WRITE0 ? 0u : 1u, msg);
    return dtls_conn_write(&c, msg, fp_len(kind == EV_WRITE0 ? 0u : 1u));
}

/* The subject's timer, at its deadline. */
static void timer(void)
{
    uint32_t at;
    int r, has = SUBJECT ? dtls_server_deadline(&srv, &at) : dtls_conn_deadline(&c, &at);
    if (has != 1) {
        problem("the subject has no deadline after the loss", has);
        return;
    }
    if ((int32_t)(at - now) > 0)
        now = at;
    record(EV_TIMER, NULL, 0);
    r = SUBJECT ? dtls_server_timer(&srv) : dtls_conn_timer(&c);
    if (r < 0)
        problem("the subject's timer", r);
}

static void hex(const char *name, const uint8_t *p, size_t n)
{
    size_t i;
    printf("static const uint8_t %s[%lu] = {", name, (unsigned long)n);
    for (i = 0; i < n; i++)
        printf("%s0x%02x,", i % 16 ? " " : "\n    ", p[i]);
    printf("\n};\n");
}

int main(void)
{
    int r, i;
    dtls_stats st;
    now = FP_T0;
    rng[0] = FP_SEED_CLIENT;
    rng[1] = FP_SEED_SERVER;
    for (i = 0; i < 2; i++) {
        hooks[i].random = cb_random;
        hooks[i].user = &side_id[i];
    }
    /* the subject's settings; the peer's from the same place */
#if FP_IS_SERVER
    fp_config(&cfg[1]);
    memset(&cfg[0], 0, sizeof cfg[0]);
    cfg[0].role = DTLS_ROLE_CLIENT;
    cfg[0].suites = cfg[1].suites;
    cfg[0].n_suites = 1;
    cfg[0].psk_identity = fp_identity;
    cfg[0].psk_identity_len = sizeof fp_identity;
    cfg[0].psk = fp_psk;
    cfg[0].psk_len = sizeof fp_psk;
    cfg[0].mtu = FP_MTU;
#else
    {
        static const uint16_t srv_suites[1] = {FP_SUITE};
        fp_config(&cfg[0]);
        memset(&cfg[1], 0, sizeof cfg[1]);
        cfg[1].role = DTLS_ROLE_SERVER;
        cfg[1].suites = srv_suites;
        cfg[1].n_suites = 1;
        cfg[1].mtu = FP_MTU;
    }
#endif
#if FP_ECDSA
    {
        static const uint16_t grp[1] = {DTLS_GROUP_SECP256R1};
        dtls_blob chain[2];
        r = dtls_private_key_parse(&skey, cd_srv_key, sizeof cd_srv_key);
        if (r < 0)
            problem("dtls_private_key_parse", r);
        chain[0].data = cd_srv;
        chain[0].len = sizeof cd_srv;
        chain[1].data = cd_inter;
        chain[1].len = sizeof cd_inter;
        r = dtls_credential_init(&scred, scred_buf, sizeof scred_buf, chain, FP_X509 ? 2u : 0u, &skey);
        if (r < 0)
            problem("dtls_credential_init", r);
        cfg[1].cred = &scred;
        cfg[1].groups = grp;
        cfg[1].n_groups = 1;
        cfg[1].flags = cfg[0].flags; /* DTLS_CFG_RPK with raw public keys */
    }
#endif
#if FP_CONF == FP_RPK_CLIENT
    cfg[0].verify = cb_verify;
#endif
#if FP_X509
    cfg[0].wall_time = fp_wall;
#endif
    if (!FP_IS_SERVER) {
        cfg[1].psk_identity = fp_identity;
        cfg[1].psk_identity_len = sizeof fp_identity;
        cfg[1].psk = fp_psk;
        cfg[1].psk_len = sizeof fp_psk;
    }
    for (i = 0; i < 2; i++) {
        cfg[i].send = cb_send;
        cfg[i].now = cb_now;
        cfg[i].user = &side_id[i];
        cfg[i].hooks = &hooks[i];
    }
    cfg[1].on_connect = fp_on_connect;
    cfg[1].on_data = fp_on_data;
    cfg[1].on_close = fp_on_close;

    if ((r = dtls_ctx_init(&ctx[0], &cfg[0], tx[0], sizeof tx[0], &hs[0], 1)) < 0)
        problem("client dtls_ctx_init", r);
    if ((r = dtls_ctx_init(&ctx[1], &cfg[1], tx[1], sizeof tx[1], &hs[1], 1)) < 0)
        problem("server dtls_ctx_init", r);
    if ((r = dtls_server_init(&srv, &ctx[1], slot, FP_IS_SERVER ? FP_SLOTS : 1)) < 0)
        problem("dtls_server_init", r);
    if ((r = dtls_conn_init(&c, &ctx[0], fp_server_addr, sizeof fp_server_addr)) < 0)
        problem("dtls_conn_init", r);
    if (problems)
        return 1;

    if ((r = act(EV_CONNECT)) != 0)
        problem("dtls_conn_connect", r);
    pump();
    if (!dropped)
        problem("no datagram was lost", 0);
    timer();
    pump();
    if (dtls_conn_is_established(&c) != 1 || fp_srv.connected != 1)
        problem("the handshake did not complete after the retransmission", dtls_conn_error(&c));
    if (SUBJECT)
        dtls_server_stats(&srv, &st);
    else
        dtls_conn_stats(&c, &st);
    if (st.retransmissions == 0)
        problem("the subject did not retransmit", 0);
    if ((r = act(EV_WRITE0)) != (int)FP_MSG0_LEN)
        problem("write 0", r);
    pump();
    if ((r = act(EV_WRITE1)) != (int)FP_MSG1_LEN)
        problem("write 1", r);
    pump();
    if ((r = act(EV_CLOSE)) != 0)
        problem("close", r);
    pump();
    if (fp_srv.bad)
        problem("the server received another message", fp_srv.bad);
    if (fp_srv.ndata != 2 || cli_nread != 2)
        problem("data both ways", fp_srv.ndata * 10 + cli_nread);
    if (fp_srv.closed != 1 || fp_srv.close_reason != DTLS_ERR_CLOSED || dtls_conn_peer_closed(&c) != 1)
        problem("the close", fp_srv.close_reason);
#if FP_CONF == FP_RPK_CLIENT
    if (pinned != 1)
        problem("the client saw the server's raw public key", pinned);
#endif
    if (overflow)
        problem("the link or the recording overflowed", overflow);
    if (problems)
        return 1;

    printf("/* generated by tests/baremetal/fp_record.c (FP_CONF %d): one session as the\n"
           " * %s saw it, for fp_replay.c (do not edit). */\n",
           FP_CONF, SUBJECT ? "server" : "client");
    printf("#define REC_OUT %d\n#define REC_IN %d\n#define REC_TIMER %d\n#define REC_CONNECT %d\n"
           "#define REC_WRITE0 %d\n#define REC_WRITE1 %d\n#define REC_CLOSE %d\n",
           EV_OUT, EV_IN, EV_TIMER, EV_CONNECT, EV_WRITE0, EV_WRITE1, EV_CLOSE);
    hex("rec_bytes", bytes, nbytes);
    printf("static const struct rec_event {\n    uint8_t kind;\n    uint32_t now;\n    uint16_t off, len;\n"
           "} rec_ev[%d] = {\n", nev);
    for (i = 0; i < nev; i++)
        printf("    {%d, UINT32_C(0x%08lx), %lu, %lu}, /* %s */\n", ev[i].kind, (unsigned long)ev[i].now,
               (unsigned long)ev[i].off, (unsigned long)ev[i].len, ev_name[ev[i].kind]);
    printf("};\n");
#if FP_CONF == FP_RPK_CLIENT
    hex("rec_pin", pin, sizeof pin);
#endif
    return 0;
}
