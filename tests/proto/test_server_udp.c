/* test_server_udp.c - 1000 concurrent peers over real loopback UDP sockets.
 *
 * One server socket on 127.0.0.1 (an ephemeral port) with a dtls_server of
 * 1000 slots and 64 handshake scratch areas; 1000 clients (the library's
 * client role), each with its own socket bound to 127.0.0.(1 + i / 250) and an
 * ephemeral port, each completing a PSK handshake and an echo round trip.
 * Everything runs in this one process, driven by one poll() loop over every
 * socket with the engines' deadlines as the poll timeout.  At most 64 client
 * handshakes are started at a time (the scratch pool; retransmission would
 * cover more, only more slowly); established connections stay open, so at
 * the end all 1000 slots are busy at once, and a second echo round with every
 * client in flight at the same time runs against them.  If the descriptor
 * limit cannot be raised to hold 1000 client sockets, clients run in batches
 * of at most 200 sockets (a finished client's socket is closed; its server
 * slot stays established) and the second round is skipped.
 *
 * Bounded: the test fails after 60 s.  It prints the number completed and
 * sizeof(dtls_conn): the RAM of one established connection (the handshake
 * scratch is shared and returned at the end of each handshake).
 *
 * POSIX (the tests may use sockets; the library does not).  Loopback only. */
#define _POSIX_C_SOURCE 200809L
#include "ptest.h"
#if !defined(DTLS_TEST_AMALGAMATED)
#include "../../proto/api.h"
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#define NPEERS 1000
#define NHS 64
#define MAX_OPEN_BATCH 200
#define LIMIT_MS 60000u
#define APP_RTO_MS 1000u
#define DGRAM 2048

typedef struct peer {
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_conn conn;
    dtls_hs hs;
    uint8_t tx[1500];
    int fd;
    int state; /* 0 not started, 1 handshaking, 2 echo sent, 3 done, 4 second echo sent, 5 second done, -1 failed */
    uint32_t sent_at;
    int idx;
} peer;

enum { P_NEW = 0, P_HS = 1, P_ECHO = 2, P_DONE = 3, P_ECHO2 = 4, P_DONE2 = 5, P_FAILED = -1 };

static int srv_fd = -1;
static uint64_t rng_state = UINT64_C(0x243F6A8885A308D3);
static dtls_crypto_hooks hooks;
static int n_connect, n_close, n_data;
static int send_fail;

static uint32_t mono_ms(void *u)
{
    struct timespec ts;
    (void)u;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

static int rnd(void *u, uint8_t *out, size_t len)
{
    size_t i;
    (void)u;
    for (i = 0; i < len; i++) {
        rng_state ^= rng_state << 13;
        rng_state ^= rng_state >> 7;
        rng_state ^= rng_state << 17;
        out[i] = (uint8_t)(rng_state >> 24);
    }
    return 0;
}

static int srv_send(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    ssize_t r;
    (void)u;
    r = sendto(srv_fd, data, len, 0, (const struct sockaddr *)(const void *)addr, (socklen_t)addr_len);
    if (r < 0)
        send_fail++;
    return r < 0 ? -1 : (int)r;
}

static int cli_send(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    peer *p = (peer *)u;
    ssize_t r;
    (void)addr;
    (void)addr_len;
    if (p->fd < 0)
        return -1;
    r = send(p->fd, data, len, 0);
    if (r < 0)
        send_fail++;
    return r < 0 ? -1 : (int)r;
}

static const uint8_t key[16] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
                                0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};

static int psk_lookup(void *u, const uint8_t *id, size_t id_len, uint8_t *out, size_t *out_len)
{
    (void)u;
    if (id_len != 4 || memcmp(id, "peer", 4) != 0 || *out_len < sizeof key)
        return -1;
    memcpy(out, key, sizeof key);
    *out_len = sizeof key;
    return 0;
}

static void on_connect(void *u, dtls_conn *c)
{
    (void)u;
    (void)c;
    n_connect++;
}

static void on_data(void *u, dtls_conn *c, const uint8_t *data, size_t len)
{
    (void)u;
    n_data++;
    (void)dtls_conn_write(c, data, len); /* echo */
}

static void on_close(void *u, dtls_conn *c, int reason)
{
    (void)u;
    (void)c;
    (void)reason;
    n_close++;
}

static int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static int due(uint32_t at, uint32_t now)
{
    return (uint32_t)(now - at) < 0x80000000u;
}

static void echo_msg(char *buf, size_t cap, int idx, int round)
{
    snprintf(buf, cap, "echo %d round %d", idx, round);
}

static void peer_write(peer *p, int round, uint32_t now)
{
    char msg[48];
    echo_msg(msg, sizeof msg, p->idx, round);
    (void)dtls_conn_write(&p->conn, (const uint8_t *)msg, strlen(msg));
    p->sent_at = now;
}

/* Reads what arrived; advances the peer's state. */
static void peer_poll(peer *p, uint32_t now)
{
    uint8_t buf[256];
    char want[48];
    int r;

    if (p->state == P_HS) {
        if (dtls_conn_error(&p->conn) != 0) {
            p->state = P_FAILED;
            return;
        }
        if (dtls_conn_is_established(&p->conn)) {
            p->state = P_ECHO;
            peer_write(p, 1, now);
        }
    }
    for (;;) {
        r = dtls_conn_read(&p->conn, buf, sizeof buf);
        if (r <= 0)
            break;
        if (p->state == P_ECHO || p->state == P_ECHO2) {
            echo_msg(want, sizeof want, p->idx, p->state == P_ECHO ? 1 : 2);
            if ((size_t)r == strlen(want) && memcmp(buf, want, (size_t)r) == 0)
                p->state = p->state == P_ECHO ? P_DONE : P_DONE2;
        }
    }
}

/* explicit: in batches a closed client's ephemeral port could be handed to a
 * later client, which the server then (rightly) takes for a reconnect of the
 * earlier peer; so each peer gets its own port, 20000 + idx % 250 (+ 250 k,
 * the first k that is free), on its own 127.0.0.x: unique by construction */
static int peer_bind(int fd, int idx, int explicit_port)
{
    struct sockaddr_in me;
    int k;
    memset(&me, 0, sizeof me);
    me.sin_family = AF_INET;
    me.sin_addr.s_addr = htonl((uint32_t)(0x7F000000u + 1u + (uint32_t)idx / 250u));
    if (!explicit_port) {
        me.sin_port = 0;
        return bind(fd, (const struct sockaddr *)(const void *)&me, sizeof me);
    }
    for (k = 0; k < 40; k++) {
        me.sin_port = htons((uint16_t)(20000 + idx % 250 + 250 * k));
        if (bind(fd, (const struct sockaddr *)(const void *)&me, sizeof me) == 0)
            return 0;
    }
    return -1;
}

static int peer_start(peer *p, const struct sockaddr_in *server, uint32_t now, int explicit_port)
{
    p->fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (p->fd < 0)
        return -1;
    if (peer_bind(p->fd, p->idx, explicit_port) != 0 ||
        connect(p->fd, (const struct sockaddr *)(const void *)server, sizeof *server) != 0 ||
        set_nonblock(p->fd) != 0) {
        close(p->fd);
        p->fd = -1;
        return -1;
    }
    p->cfg.role = DTLS_ROLE_CLIENT;
    p->cfg.suites = NULL;
    p->cfg.psk_identity = (const uint8_t *)"peer";
    p->cfg.psk_identity_len = 4;
    p->cfg.psk = key;
    p->cfg.psk_len = sizeof key;
    p->cfg.send = cli_send;
    p->cfg.now = mono_ms;
    p->cfg.user = p;
    p->cfg.hooks = &hooks;
    if (dtls_ctx_init(&p->ctx, &p->cfg, p->tx, sizeof p->tx, &p->hs, 1) != 0 ||
        dtls_conn_init(&p->conn, &p->ctx, (const uint8_t *)(const void *)server, sizeof *server) != 0 ||
        dtls_conn_connect(&p->conn) != 0)
        return -1;
    p->state = P_HS;
    p->sent_at = now;
    return 0;
}

static size_t fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 256;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < NPEERS + 64) {
        rlim_t want = NPEERS + 64;
        if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
            want = rl.rlim_max;
        rl.rlim_cur = want;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
        if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
            return 256;
    }
    return rl.rlim_cur == RLIM_INFINITY ? (size_t)1 << 20 : (size_t)rl.rlim_cur;
}

TEST(thousand_peers)
{
    static dtls_conn slots[NPEERS];
    static dtls_hs shs[NHS];
    static uint8_t stx[1500];
    static uint8_t rx[DGRAM];
    static struct pollfd pfd[NPEERS + 1];
    static int pfd_peer[NPEERS + 1];
    dtls_config scfg;
    dtls_ctx sctx;
    dtls_server srv;
    dtls_stats st;
    struct sockaddr_in server;
    socklen_t slen = sizeof server;
    peer *peers;
    size_t limit, max_open, open_now = 0, i, np;
    int next = 0, hs_now, done = 0, done2 = 0, failed = 0, all_open, round2 = 0, busy, k;
    uint32_t t0, now, at, wait;

    peers = (peer *)calloc(NPEERS, sizeof *peers);
    if (peers == NULL) {
        FAIL("calloc");
        return;
    }
    memset(&hooks, 0, sizeof hooks);
    hooks.random = rnd;
    limit = fd_limit();
    all_open = limit >= NPEERS + 32;
    max_open = all_open ? NPEERS : (limit > 64 + MAX_OPEN_BATCH ? MAX_OPEN_BATCH : limit - 64);
    if (limit < 96) {
        test_skip("thousand_peers", "descriptor limit below 96");
        free(peers);
        return;
    }

    srv_fd = socket(AF_INET, SOCK_DGRAM, 0);
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = htonl(0x7F000001u);
    if (srv_fd < 0 || bind(srv_fd, (const struct sockaddr *)(const void *)&server, sizeof server) != 0 ||
        getsockname(srv_fd, (struct sockaddr *)(void *)&server, &slen) != 0 || set_nonblock(srv_fd) != 0) {
        test_skip("thousand_peers", "no loopback UDP socket here");
        if (srv_fd >= 0)
            close(srv_fd);
        free(peers);
        return;
    }
    {
        int sz = 4 << 20;
        (void)setsockopt(srv_fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    }
    memset(&scfg, 0, sizeof scfg);
    scfg.role = DTLS_ROLE_SERVER;
    scfg.psk_server = psk_lookup;
    scfg.send = srv_send;
    scfg.now = mono_ms;
    scfg.hooks = &hooks;
    scfg.on_connect = on_connect;
    scfg.on_data = on_data;
    scfg.on_close = on_close;
    scfg.idle_timeout_ms = 120000;
    CHECK_EQ(dtls_ctx_init(&sctx, &scfg, stx, sizeof stx, shs, NHS), 0);
    CHECK_EQ(dtls_server_init(&srv, &sctx, slots, NPEERS), 0);
    for (i = 0; i < NPEERS; i++) {
        peers[i].fd = -1;
        peers[i].idx = (int)i;
    }

    t0 = mono_ms(NULL);
    for (;;) {
        now = mono_ms(NULL);
        if ((uint32_t)(now - t0) > LIMIT_MS) {
            FAIL("not finished within 60 s");
            break;
        }
        /* start clients: at most NHS handshakes and max_open sockets at once */
        hs_now = 0;
        for (i = 0; i < (size_t)next; i++)
            hs_now += peers[i].state == P_HS;
        while (next < NPEERS && hs_now < NHS && open_now < max_open) {
            if (peer_start(&peers[next], &server, now, !all_open) != 0) {
                peers[next].state = P_FAILED;
                failed++;
                if (peers[next].fd >= 0) {
                    close(peers[next].fd);
                    peers[next].fd = -1;
                }
            } else {
                open_now++;
                hs_now++;
            }
            next++;
        }
        /* the second round: every client in flight at once */
        if (all_open && !round2 && done == NPEERS - failed && next == NPEERS) {
            round2 = 1;
            for (i = 0; i < NPEERS; i++) {
                if (peers[i].state == P_DONE) {
                    peers[i].state = P_ECHO2;
                    peer_write(&peers[i], 2, now);
                }
            }
        }
        if (round2 && done2 == done)
            break;
        if (!all_open && done + failed == NPEERS)
            break;

        /* poll everything with the earliest deadline as the timeout */
        wait = 50;
        if (dtls_server_deadline(&srv, &at))
            wait = due(at, now) ? 0 : ((uint32_t)(at - now) < wait ? (uint32_t)(at - now) : wait);
        np = 0;
        pfd[np].fd = srv_fd;
        pfd[np].events = POLLIN;
        pfd_peer[np++] = -1;
        for (i = 0; i < (size_t)next; i++) {
            peer *p = &peers[i];
            if (p->fd < 0)
                continue;
            pfd[np].fd = p->fd;
            pfd[np].events = POLLIN;
            pfd_peer[np++] = (int)i;
            if (dtls_conn_deadline(&p->conn, &at))
                wait = due(at, now) ? 0 : ((uint32_t)(at - now) < wait ? (uint32_t)(at - now) : wait);
        }
        if (poll(pfd, (nfds_t)np, (int)wait) < 0 && errno != EINTR) {
            FAIL("poll");
            break;
        }
        now = mono_ms(NULL);
        for (i = 0; i < np; i++) {
            if (!(pfd[i].revents & POLLIN))
                continue;
            if (pfd_peer[i] < 0) {
                for (k = 0; k < 256; k++) {
                    struct sockaddr_in from;
                    socklen_t flen = sizeof from;
                    ssize_t n = recvfrom(srv_fd, rx, sizeof rx, 0, (struct sockaddr *)(void *)&from, &flen);
                    if (n < 0)
                        break;
                    (void)dtls_server_input(&srv, rx, (size_t)n, (const uint8_t *)(const void *)&from, flen);
                }
            } else {
                peer *p = &peers[pfd_peer[i]];
                for (k = 0; k < 16; k++) {
                    ssize_t n = recv(p->fd, rx, sizeof rx, 0);
                    if (n < 0)
                        break;
                    (void)dtls_conn_input(&p->conn, rx, (size_t)n);
                    peer_poll(p, now);
                }
            }
        }
        /* timers: the engines', and the application's own retry of a lost echo */
        if (dtls_server_deadline(&srv, &at) && due(at, now))
            (void)dtls_server_timer(&srv);
        done = done2 = failed = 0;
        for (i = 0; i < (size_t)next; i++) {
            peer *p = &peers[i];
            if (p->fd >= 0) {
                if (dtls_conn_deadline(&p->conn, &at) && due(at, now))
                    (void)dtls_conn_timer(&p->conn);
                peer_poll(p, now);
                if ((p->state == P_ECHO || p->state == P_ECHO2) && (uint32_t)(now - p->sent_at) >= APP_RTO_MS)
                    peer_write(p, p->state == P_ECHO ? 1 : 2, now);
                if (!all_open && (p->state == P_DONE || p->state == P_FAILED)) {
                    close(p->fd);
                    p->fd = -1;
                    open_now--;
                }
            }
            done += p->state == P_DONE || p->state == P_ECHO2 || p->state == P_DONE2;
            done2 += p->state == P_DONE2;
            failed += p->state == P_FAILED;
        }
    }

    busy = 0;
    for (i = 0; i < NPEERS; i++)
        busy += !dtls__conn_is_free(&slots[i]);
    dtls_server_stats(&srv, &st);
    printf("     %d of %d peers completed a PSK handshake and an echo over loopback in %.2f s "
           "(%s; second round with all in flight: %d); server slots busy at the end: %d\n",
           done, NPEERS, (double)(uint32_t)(mono_ms(NULL) - t0) / 1000.0,
           all_open ? "all sockets open at once" : "client sockets in batches of <= 200", done2, busy);
    printf("     RAM per established connection: sizeof(dtls_conn) = %u bytes; shared: sizeof(dtls_hs) = %u "
           "bytes x %d handshake scratch areas, one %u-byte transmit buffer\n",
           (unsigned)sizeof(dtls_conn), (unsigned)sizeof(dtls_hs), NHS, (unsigned)sizeof stx);
    printf("     server counters: %u HelloVerifyRequests, %u no-slot drops, %u retransmissions, %u datagrams in, "
           "%u auth drops; %d on_connect, %d on_data, %d on_close, %d failed sends\n",
           (unsigned)st.hello_verify_sent, (unsigned)st.no_slot_drops, (unsigned)st.retransmissions,
           (unsigned)st.datagrams_in, (unsigned)st.records_dropped_auth, n_connect, n_data, n_close, send_fail);
    CHECK_EQ(done, NPEERS);
    CHECK_EQ(failed, 0);
    CHECK_EQ(n_connect, NPEERS);
    CHECK_EQ(n_close, 0);
    CHECK_EQ(busy, NPEERS);
    if (all_open)
        CHECK_EQ(done2, NPEERS);
    for (i = 0; i < NPEERS; i++)
        if (peers[i].fd >= 0)
            close(peers[i].fd);
    close(srv_fd);
    srv_fd = -1;
    free(peers);
}

int main(void)
{
    RUN(thousand_peers);
    return test_done();
}
