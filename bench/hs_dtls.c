/* hs_dtls.c - the benchmarks' dtls.h side (see hs_common.h): a client
 * endpoint (dtls_ctx_init / dtls_conn_init / dtls_conn_connect /
 * dtls_conn_input / dtls_conn_read / dtls_conn_write) and a server endpoint
 * (dtls_server_init / dtls_server_input, which always answers a new peer with
 * a stateless HelloVerifyRequest cookie exchange; data through on_data)
 * joined by the in-memory queues.  Randomness: port/posix.c's getrandom(2)
 * source (what the Linux tools use).  Hooks off (software crypto), except
 * with run->x86_hooks: port/x86.c's AES-NI, PCLMULQDQ and SHA-NI entries on
 * the client only (1: every record the hooks seal is opened by the software
 * record layer and the other way round) or on both sides (2).  The
 * clock never moves (now() is constant and the timers are never run), so no
 * retransmission can happen.  Session tickets off on both sides and no
 * session cache, except in the resumption runs (run->resume: tickets on, or
 * the server's cache of HS_MAX_PAIRS slots; the client keeps its saved session
 * across pairs, restores it into each new connection, and every handshake is
 * checked to have been abbreviated, or full, on both sides as expected).  The library
 * is linked as dtls.c (the generated dtls.h's one implementation unit),
 * compiled at -O2. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dtls.h"
#include "port.h"
#include "x86.h"

#include "hs_certs.h"
#include "hs_common.h"

static const uint8_t client_addr[HS_MAX_PAIRS][4] = {{10, 0, 0, 1}, {10, 0, 0, 3}};
static const uint8_t server_addr[4] = {10, 0, 0, 2};

typedef struct side {
    hs_queue *out;
    int connected, closed, data_calls;
    size_t data_len;
    uint8_t data[HS_DMAX]; /* the server's last on_data */
} side;

static struct {
    dtls_crypto_hooks hooks, client_hooks;
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
    uint16_t group[2];
    uint8_t rx[HS_DMAX];
    dtls_session_slot cache[HS_MAX_PAIRS];      /* resumption by session ID: the server's cache */
    uint8_t sess[HS_MAX_PAIRS][DTLS_SESSION_MAX]; /* each client connection's session buffer */
    uint8_t saved[DTLS_SESSION_MAX];            /* the session the last handshake saved (a device's flash) */
    int saved_len;
    dtls_x86_slot x86_slots[4 * HS_MAX_PAIRS + 4]; /* the x86 hooks' expanded keys: 2 per connection each side */
    dtls_x86_cache x86_cache;
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

static void d_on_data(void *user, dtls_conn *conn, const uint8_t *data, size_t len)
{
    side *sd = (side *)user;
    (void)conn;
    sd->data_calls++;
    sd->data_len = len <= sizeof(sd->data) ? len : sizeof(sd->data);
    memcpy(sd->data, data, sd->data_len);
}

static void d_on_close(void *user, dtls_conn *conn, int reason)
{
    (void)conn;
    (void)reason;
    ((side *)user)->closed++;
}

static int setup(hs_run *run)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    int r;
    memset(&S, 0, sizeof(S));
    S.hooks.random = dtls_posix_random;
    S.client_hooks = S.hooks;
    if (run->x86_hooks) {
        S.x86_cache.slots = S.x86_slots;
        S.x86_cache.n_slots = sizeof(S.x86_slots) / sizeof(S.x86_slots[0]);
        r = dtls_x86_hooks_cached(&S.client_hooks, DTLS_X86_ALL, &S.x86_cache);
        if (r < 0 || !((unsigned)r & DTLS_X86_AES)) {
            run->unsupported = "dtls.h: port/x86.c found no AES-NI/PCLMULQDQ here (or this is no x86 build)";
            return HS_UNSUPPORTED;
        }
    }
    S.cs.out = run->to_server;
    S.ss.out = run->to_client;
    S.cc.role = DTLS_ROLE_CLIENT;
    S.cc.flags = DTLS_CFG_NO_TICKETS;
    S.cc.send = d_send;
    S.cc.now = d_now;
    S.cc.hooks = &S.hooks;
    S.cc.mtu = HS_MTU;
    S.cc.suites = S.suite;
    S.cc.n_suites = 1;
    S.sc = S.cc;
    S.sc.role = DTLS_ROLE_SERVER;
    S.cc.hooks = &S.client_hooks;
    if (run->x86_hooks == 2)
        S.sc.hooks = &S.client_hooks;
    S.cc.user = &S.cs;
    S.sc.user = &S.ss;
    S.sc.on_connect = d_on_connect;
    S.sc.on_data = d_on_data;
    S.sc.on_close = d_on_close;
    S.suite[0] = ci->suite;
    if (ci->group != HS_GROUP_NONE) {
        S.group[0] = ci->group == HS_GROUP_P256 ? DTLS_GROUP_SECP256R1 : DTLS_GROUP_X25519;
        S.group[1] = DTLS_GROUP_SECP256R1;
        S.cc.groups = S.group;
        S.cc.n_groups = HS_ALSO_P256(ci) ? 2 : 1;
        S.sc.groups = S.group;
        S.sc.n_groups = S.cc.n_groups;
    }
    if (ci->kx != HS_KX_ECDHE_ECDSA) {
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
        r = dtls_private_key_parse(&S.key, hs_leaf_key, sizeof(hs_leaf_key));
        if (r != 0) {
            fprintf(stderr, "hs dtls.h: dtls_private_key_parse: %d\n", r);
            return 1;
        }
        leaf.data = hs_leaf_der;
        leaf.len = sizeof(hs_leaf_der);
        r = dtls_credential_init(&S.cred, S.cred_buf, sizeof(S.cred_buf), &leaf, 1, &S.key);
        if (r != 0) {
            fprintf(stderr, "hs dtls.h: dtls_credential_init: %d\n", r);
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
    if (run->resume != HS_RESUME_NONE) {
        if (!DTLS_ENABLE_RESUMPTION) {
            run->unsupported = "dtls.h built without DTLS_ENABLE_RESUMPTION";
            return HS_UNSUPPORTED;
        }
        S.sc.wall_time = d_wall; /* session lifetimes; without a clock a server issues no ticket */
        if (run->resume == HS_RESUME_TICKET) {
            S.cc.flags = (uint16_t)(S.cc.flags & ~DTLS_CFG_NO_TICKETS);
            S.sc.flags = (uint16_t)(S.sc.flags & ~DTLS_CFG_NO_TICKETS);
        }
    }
    r = dtls_ctx_init(&S.cctx, &S.cc, S.ctx_tx[0], sizeof(S.ctx_tx[0]), &S.chs, 1);
    if (r == 0)
        r = dtls_ctx_init(&S.sctx, &S.sc, S.ctx_tx[1], sizeof(S.ctx_tx[1]), &S.shs, 1);
    if (r == 0)
        r = dtls_server_init(&S.srv, &S.sctx, S.slots, HS_MAX_PAIRS);
    if (r == 0 && run->resume == HS_RESUME_ID)
        r = dtls_server_sessions(&S.srv, S.cache, HS_MAX_PAIRS);
    if (r != 0) {
        fprintf(stderr, "hs dtls.h: init: %d\n", r);
        return 1;
    }
    return 0;
}

/* One handshake on pair i, whose client connection is already initialised. */
static int handshake(hs_run *run, int i)
{
    int rounds, r, n, connected = S.ss.connected;
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
    if (r != 0 || !dtls_conn_is_established(c) || S.ss.connected != connected + 1) {
        fprintf(stderr, "hs dtls.h: handshake %d failed: %d (client error %d, certificate error %d)\n", i, r,
                dtls_conn_error(c), dtls_conn_cert_error(c));
        return 1;
    }
    if (dtls_conn_suite(c) != S.suite[0]) {
        fprintf(stderr, "hs dtls.h: negotiated suite 0x%04x\n", dtls_conn_suite(c));
        return 1;
    }
    if (run->resume != HS_RESUME_NONE) {
        dtls_conn *slot = dtls_server_find(&S.srv, client_addr[i], sizeof(client_addr[i]));
        if (slot == NULL || dtls_conn_resumed(c) != run->expect_resumed ||
            dtls_conn_resumed(slot) != run->expect_resumed) {
            fprintf(stderr, "hs dtls.h: handshake %d: resumed %d (client) / %d (server), expected %d\n", i,
                    dtls_conn_resumed(c), slot != NULL ? dtls_conn_resumed(slot) : -1, run->expect_resumed);
            return 1;
        }
        S.saved_len = dtls_conn_session_save(c, S.saved, sizeof(S.saved));
        if (S.saved_len <= 0) {
            fprintf(stderr, "hs dtls.h: dtls_conn_session_save: %d\n", S.saved_len);
            return 1;
        }
    }
    return 0;
}

/* Pair i: the client connection (the server's slot is taken by its first datagram). */
static int make_pair(hs_run *run, int i)
{
    int r = dtls_conn_init(&S.c[i], &S.cctx, server_addr, sizeof(server_addr));
    if (r == 0 && run->resume != HS_RESUME_NONE) { /* the session saved, as after a reboot */
        memcpy(S.sess[i], S.saved, (size_t)S.saved_len);
        r = dtls_conn_session_restore(&S.c[i], S.sess[i], sizeof(S.sess[i]), (size_t)S.saved_len);
    }
    if (r != 0) {
        fprintf(stderr, "hs dtls.h: dtls_conn_init / dtls_conn_session_restore: %d\n", r);
        return 1;
    }
    return 0;
}

static int close_pair(hs_run *run, int i)
{
    int n, closed = S.ss.closed, r = dtls_conn_close(&S.c[i]);
    while (r == 0 && (n = hs_q_pop(run->to_server, S.rx, sizeof(S.rx))) >= 0)
        r = dtls_server_input(&S.srv, S.rx, (size_t)n, client_addr[i], sizeof(client_addr[i]));
    while ((n = hs_q_pop(run->to_client, S.rx, sizeof(S.rx))) >= 0)
        (void)dtls_conn_input(&S.c[i], S.rx, (size_t)n); /* the server's close_notify, if any: DTLS_ERR_CLOSED */
    if (r != 0 || S.ss.closed != closed + 1 ||
        dtls_server_find(&S.srv, client_addr[i], sizeof(client_addr[i])) != NULL) {
        fprintf(stderr, "hs dtls.h: close %d: %d, the server slot not released\n", i, r);
        return 1;
    }
    return 0;
}

static int c_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return dtls_conn_write(&S.c[i], data, len) == (int)len ? 0 : 1;
}

static int s_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    dtls_conn *slot = dtls_server_find(&S.srv, client_addr[i], sizeof(client_addr[i]));
    (void)run;
    return slot != NULL && dtls_conn_write(slot, data, len) == (int)len ? 0 : 1;
}

static int c_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    int n = hs_q_pop(run->to_client, S.rx, sizeof(S.rx));
    if (n < 0 || dtls_conn_input(&S.c[i], S.rx, (size_t)n) != 0)
        return -1;
    n = dtls_conn_read(&S.c[i], out, cap);
    return n > 0 ? n : -1;
}

static int s_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    int calls = S.ss.data_calls, n = hs_q_pop(run->to_server, S.rx, sizeof(S.rx));
    if (n < 0 || dtls_server_input(&S.srv, S.rx, (size_t)n, client_addr[i], sizeof(client_addr[i])) != 0 ||
        S.ss.data_calls != calls + 1 || S.ss.data_len > cap)
        return -1;
    memcpy(out, S.ss.data, S.ss.data_len);
    return (int)S.ss.data_len;
}

/* What a one-connection client and a one-slot server need from their caller:
 * each endpoint's dtls_ctx, transmit buffer (mtu), receive buffer for a
 * datagram (mtu: dtls_conn_input / dtls_server_input decrypt in place) and
 * one dtls_hs; the client's dtls_conn, the server's dtls_server and its one
 * slot.  Not counted: the configurations and the server's credential
 * (settings, as the other libraries' SSL_CTX, which their figures leave out
 * too).  established: less the two dtls_hs, free for the next handshake. */
static size_t own_bytes(hs_run *run, int established)
{
    size_t hs = established ? 0 : 2 * sizeof(dtls_hs);
    (void)run;
    return 2 * sizeof(dtls_ctx) + 2 * (size_t)HS_MTU + 2 * (size_t)HS_MTU + hs + 2 * sizeof(dtls_conn) +
           sizeof(dtls_server);
}

static void teardown(hs_run *run)
{
    (void)run;
    dtls_wipe(&S, sizeof(S));
}

const hs_impl hs_impl_dtls = {"dtls.h", setup,  make_pair, handshake, close_pair, c_write,
                              s_write,  c_read, s_read,    own_bytes, teardown};
