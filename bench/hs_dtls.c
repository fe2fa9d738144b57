/* hs_dtls.c - the handshake-cost benchmark's dtls.h side (see hs_cost.c):
 * a client endpoint (dtls_ctx_init / dtls_conn_init / dtls_conn_connect /
 * dtls_conn_input) and a server endpoint (dtls_server_init /
 * dtls_server_input, which always answers a new peer with a stateless
 * HelloVerifyRequest cookie exchange) joined by the in-memory queues.
 * Randomness: port/posix.c's getrandom(2) source (what the Linux tools use).
 * The clock never moves (now() is constant and the timers are never run),
 * so no retransmission can happen.  The library is linked as dtls.c (the
 * generated dtls.h's one implementation unit), compiled at -O2. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dtls.h"
#include "port.h"

#include "hs_certs.h"
#include "hs_common.h"

static const uint8_t client_addr[HS_MAX_PAIRS][4] = {{10, 0, 0, 1}, {10, 0, 0, 3}};
static const uint8_t server_addr[4] = {10, 0, 0, 2};

typedef struct side {
    hs_queue *out;
    int connected;
} side;

static struct {
    dtls_crypto_hooks hooks;
    dtls_config cc, sc;
    dtls_ctx cctx, sctx;
    dtls_hs chs, shs;
    uint8_t ctx_tx[2][HS_MTU];
    dtls_conn c[HS_MAX_PAIRS], slots[HS_MAX_PAIRS];
    dtls_server srv;
    side cs, ss;
    dtls_private_key key;
    dtls_credential cred;
    uint8_t cred_buf[1024];
    dtls_blob anchor;
    uint16_t suite[1];
    uint16_t group[1];
    uint8_t rx[HS_DMAX];
} S;

static int d_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    side *sd = (side *)user;
    (void)addr;
    (void)addr_len;
    return hs_q_push(sd->out, data, len) == 0 ? (int)len : -1;
}

static uint32_t d_now(void *user)
{
    (void)user;
    return 1000; /* time stands still: no deadline ever passes */
}

static int d_wall(void *user, int64_t *t)
{
    (void)user;
    *t = (int64_t)time(NULL);
    return 0;
}

static void d_on_connect(void *user, dtls_conn *conn)
{
    (void)conn;
    ((side *)user)->connected++;
}

static int setup(hs_run *run)
{
    int r;
    memset(&S, 0, sizeof(S));
    S.hooks.random = dtls_posix_random;
    S.cs.out = run->to_server;
    S.ss.out = run->to_client;
    S.cc.role = DTLS_ROLE_CLIENT;
    S.cc.send = d_send;
    S.cc.now = d_now;
    S.cc.hooks = &S.hooks;
    S.cc.mtu = HS_MTU;
    S.cc.suites = S.suite;
    S.cc.n_suites = 1;
    S.sc = S.cc;
    S.sc.role = DTLS_ROLE_SERVER;
    S.cc.user = &S.cs;
    S.sc.user = &S.ss;
    S.sc.on_connect = d_on_connect;
    if (run->hs_case == HS_PSK) {
        S.suite[0] = DTLS_PSK_WITH_AES_128_CCM_8;
        S.cc.psk_identity = (const uint8_t *)HS_PSK_IDENTITY;
        S.cc.psk_identity_len = strlen(HS_PSK_IDENTITY);
        S.cc.psk = hs_psk;
        S.cc.psk_len = sizeof(hs_psk);
        S.sc.psk_identity = S.cc.psk_identity;
        S.sc.psk_identity_len = S.cc.psk_identity_len;
        S.sc.psk = hs_psk;
        S.sc.psk_len = sizeof(hs_psk);
    } else {
        dtls_blob leaf;
        S.suite[0] = DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        S.group[0] = DTLS_GROUP_SECP256R1;
        S.cc.groups = S.group;
        S.cc.n_groups = 1;
        S.sc.groups = S.group;
        S.sc.n_groups = 1;
        r = dtls_private_key_parse(&S.key, hs_leaf_key, sizeof(hs_leaf_key));
        if (r != 0) {
            fprintf(stderr, "hs_cost dtls.h: dtls_private_key_parse: %d\n", r);
            return 1;
        }
        leaf.data = hs_leaf_der;
        leaf.len = sizeof(hs_leaf_der);
        r = dtls_credential_init(&S.cred, S.cred_buf, sizeof(S.cred_buf), &leaf, 1, &S.key);
        if (r != 0) {
            fprintf(stderr, "hs_cost dtls.h: dtls_credential_init: %d\n", r);
            return 1;
        }
        S.sc.cred = &S.cred;
        S.anchor.data = hs_root_der;
        S.anchor.len = sizeof(hs_root_der);
        S.cc.trust_anchors = &S.anchor;
        S.cc.n_trust_anchors = 1;
        S.cc.server_name = HS_SERVER_NAME;
        S.cc.wall_time = d_wall;
    }
    r = dtls_ctx_init(&S.cctx, &S.cc, S.ctx_tx[0], sizeof(S.ctx_tx[0]), &S.chs, 1);
    if (r == 0)
        r = dtls_ctx_init(&S.sctx, &S.sc, S.ctx_tx[1], sizeof(S.ctx_tx[1]), &S.shs, 1);
    if (r == 0)
        r = dtls_server_init(&S.srv, &S.sctx, S.slots, HS_MAX_PAIRS);
    if (r != 0) {
        fprintf(stderr, "hs_cost dtls.h: init: %d\n", r);
        return 1;
    }
    return 0;
}

/* One handshake on pair i, whose client connection is already initialised. */
static int handshake(hs_run *run, int i)
{
    int rounds, r, n;
    dtls_conn *c = &S.c[i];
    r = dtls_conn_connect(c);
    for (rounds = 0; r == 0 && rounds < HS_ROUNDS; rounds++) {
        while (r == 0 && (n = hs_q_pop(run->to_server, S.rx, sizeof(S.rx))) >= 0)
            r = dtls_server_input(&S.srv, S.rx, (size_t)n, client_addr[i], sizeof(client_addr[i]));
        while (r == 0 && (n = hs_q_pop(run->to_client, S.rx, sizeof(S.rx))) >= 0)
            r = dtls_conn_input(c, S.rx, (size_t)n);
        if (run->to_server->n == 0 && run->to_client->n == 0)
            break;
    }
    if (r != 0 || !dtls_conn_is_established(c) || S.ss.connected != i + 1) {
        fprintf(stderr, "hs_cost dtls.h: handshake %d failed: %d (client error %d, certificate error %d)\n", i, r,
                dtls_conn_error(c), dtls_conn_cert_error(c));
        return 1;
    }
    if (dtls_conn_suite(c) != S.suite[0]) {
        fprintf(stderr, "hs_cost dtls.h: negotiated suite 0x%04x\n", dtls_conn_suite(c));
        return 1;
    }
    return 0;
}

/* Pair i: the client connection (the server's slot is taken by its first datagram). */
static int make_pair(hs_run *run, int i)
{
    int r = dtls_conn_init(&S.c[i], &S.cctx, server_addr, sizeof(server_addr));
    (void)run;
    if (r != 0) {
        fprintf(stderr, "hs_cost dtls.h: dtls_conn_init: %d\n", r);
        return 1;
    }
    return 0;
}

const hs_impl hs_impl_dtls = {"dtls.h", setup, make_pair, handshake};
