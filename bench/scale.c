/* scale.c - the server scale benchmark's load generator (issue 13): many
 * PSK clients (TLS_PSK_WITH_AES_128_CCM_8) against ONE running dtls-server
 * over the loopback socket path.
 *
 *   scale --port P [--server-pid PID] [--connections N] [options]   (--help)
 *
 * Sources: connection i speaks from (127.16.0.1 + i / K, port of socket
 * i % K): K UDP sockets bound to the wildcard address on kernel-chosen ports,
 * each serving every 127.16.x.y address (Linux routes all of 127.0.0.0/8 to
 * lo).  A datagram's source address is chosen with IP_PKTINFO on sendmsg, and
 * an answer is matched to its connection by its destination address
 * (IP_PKTINFO on receive) and the socket it arrived on.  So the server sees
 * N distinct (address, port) peers, K ports per address, while this process
 * holds K descriptors instead of N (RLIMIT_NOFILE is often far below 100,000).
 * The connection objects of all N clients stay in memory: every connection
 * can send at any time (the final sweep makes each of them echo once).
 *
 * Steps: fill to each --levels value (default 10, 1000) and to N, keeping at
 * most --inflight handshakes running (128: each has at most one datagram
 * queued at the server, and dtls-server's socket keeps the kernel's default
 * receive buffer, 212,992 bytes here, which holds about 130 of them; at 256
 * the overflow costs 1 s retransmissions and a third of the rate); at each level measure the server's CPU
 * time per echoed record (/proc/PID/schedstat: nanoseconds the server ran,
 * over --echoes round trips, --window in flight, over a random sample of the
 * established connections, each warmed by one echo first), the round trips
 * per second and the round-trip latency; at N also the echo rate with 64 in
 * flight, then one echo from every connection.  The server's VmRSS
 * (/proc/PID/status) before and after the fill.  Prints a table and
 * "BENCH <name> dtls.h <value> <unit>" lines (tools/bench_table.py).
 *
 * This file is a benchmark program, not library code: it allocates. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dtls.h"
#include "port.h"

#define SCALE_ADDR_BASE 0x7F100001u /* 127.16.0.1: clear of 127.0.0.1 and of flood.c's 127.0.x.y */
#define SCALE_BATCH 32              /* datagrams per recvmmsg */
#define SCALE_ECHO_LEN 16           /* bytes of each echoed record */
#define SCALE_ECHO_LOSS_MS 500      /* an echo unanswered this long is counted lost */
#define SCALE_MAX_SOCKETS 1024

enum { ST_NEW = 0, ST_HS, ST_EST };

typedef struct echo_slot {
    uint32_t conn, seq;
    uint64_t sent_ns;
    int busy;
} echo_slot;

typedef struct gen {
    /* options */
    unsigned long n_conn, inflight_max, n_ports, echoes, window, sample_max, max_seconds, retransmit_ms;
    long server_pid;
    long base_rss_kb;
    int tickets;
    unsigned long levels[8];
    size_t n_levels;
    uint8_t psk[64];
    size_t psk_len;
    const char *identity;
    /* sockets */
    struct sockaddr_in server;
    int fd[SCALE_MAX_SOCKETS];
    uint16_t port[SCALE_MAX_SOCKETS];
    int ep;
    /* the clients */
    dtls_config cfg;
    dtls_crypto_hooks hooks;
    dtls_ctx ctx;
    dtls_hs *hs;
    uint8_t tx[1500];
    dtls_conn *conn;
    uint8_t *st;
    int32_t *ifpos;          /* ST_HS: its place in inflight[] */
    int32_t *pend;           /* established: echo slot + 1 of its outstanding echo, or 0 */
    uint8_t *answered;       /* an echo of it came back */
    uint32_t *hs_us;         /* handshake time (first ClientHello to established), microseconds */
    uint32_t *inflight;      /* connections in handshake */
    uint64_t *inflight_t0;
    unsigned long n_inflight, next_new, established, hs_failures;
    /* echoes */
    echo_slot *slots;
    unsigned long n_slots_busy;
    uint32_t seq;
    unsigned long echo_done, echo_lost, echo_late, echo_bad;
    uint64_t *rtt;
    unsigned long n_rtt, rtt_cap;
    /* receive buffers */
    uint8_t rx[SCALE_BATCH][2048];
    uint8_t rd[2048];
    uint64_t t_start_ns;
} gen;

static gen G;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t self_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint32_t now_ms_cb(void *u)
{
    (void)u;
    return dtls_posix_now_ms();
}

/* The server's CPU time in nanoseconds: /proc/PID/schedstat's first field
 * (time on the CPU, ns), else utime + stime of /proc/PID/stat (clock ticks);
 * 0 when neither can be read. */
static uint64_t server_cpu_ns(void)
{
    char path[64], buf[1024];
    FILE *f;
    unsigned long long run = 0;
    if (G.server_pid <= 0)
        return 0;
    snprintf(path, sizeof path, "/proc/%ld/schedstat", G.server_pid);
    f = fopen(path, "r");
    if (f != NULL) {
        int ok = fscanf(f, "%llu", &run) == 1;
        fclose(f);
        if (ok && run != 0)
            return (uint64_t)run;
    }
    snprintf(path, sizeof path, "/proc/%ld/stat", G.server_pid);
    f = fopen(path, "r");
    if (f != NULL) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        char *p;
        unsigned long ut = 0, stt = 0;
        fclose(f);
        buf[n] = 0;
        p = strrchr(buf, ')'); /* the command name may hold spaces */
        if (p != NULL && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &stt) == 2)
            return (uint64_t)(ut + stt) * (1000000000u / (uint64_t)sysconf(_SC_CLK_TCK));
    }
    return 0;
}

/* VmRSS of the server in KiB, or -1. */
static long server_rss_kb(void)
{
    char path[64], line[256];
    FILE *f;
    long kb = -1;
    if (G.server_pid <= 0)
        return -1;
    snprintf(path, sizeof path, "/proc/%ld/status", G.server_pid);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

static int server_alive(void)
{
    char path[64];
    if (G.server_pid <= 0)
        return 1;
    snprintf(path, sizeof path, "/proc/%ld/status", G.server_pid);
    return access(path, F_OK) == 0;
}

static int over_time(void)
{
    return (now_ns() - G.t_start_ns) / 1000000000u >= G.max_seconds;
}

/* ---- datagrams: connection i <-> (127.16.0.1 + i / K, port[i % K]) ---- */

static uint32_t conn_addr(uint32_t i)
{
    return SCALE_ADDR_BASE + i / (uint32_t)G.n_ports;
}

/* cfg.send: the connection's "address" is its index (4 bytes, big-endian:
 * the library keeps addresses as opaque bytes and hands them back here). */
static int send_cb(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    uint32_t i;
    struct msghdr m;
    struct iovec iov;
    union {
        char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
        size_t align; /* cmsghdr alignment (its first member is a size_t) */
    } c;
    struct cmsghdr *cm;
    struct in_pktinfo pi;
    (void)u;
    if (addr_len != 4)
        return -1;
    i = (uint32_t)addr[0] << 24 | (uint32_t)addr[1] << 16 | (uint32_t)addr[2] << 8 | addr[3];
    if (i >= G.n_conn)
        return -1;
    memset(&m, 0, sizeof m);
    memset(&c, 0, sizeof c);
    memset(&pi, 0, sizeof pi);
    iov.iov_base = (void *)(uintptr_t)data;
    iov.iov_len = len;
    m.msg_name = &G.server;
    m.msg_namelen = sizeof G.server;
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = c.buf;
    m.msg_controllen = sizeof c.buf;
    cm = CMSG_FIRSTHDR(&m);
    cm->cmsg_level = IPPROTO_IP;
    cm->cmsg_type = IP_PKTINFO;
    cm->cmsg_len = CMSG_LEN(sizeof pi);
    pi.ipi_spec_dst.s_addr = htonl(conn_addr(i)); /* the source address of this datagram */
    memcpy(CMSG_DATA(cm), &pi, sizeof pi);
    return sendmsg(G.fd[i % G.n_ports], &m, 0) < 0 ? -1 : (int)len;
}

/* ---- handshakes ---- */

static void hs_start(uint32_t i)
{
    uint8_t tag[4];
    int rc;
    tag[0] = (uint8_t)(i >> 24);
    tag[1] = (uint8_t)(i >> 16);
    tag[2] = (uint8_t)(i >> 8);
    tag[3] = (uint8_t)i;
    rc = dtls_conn_init(&G.conn[i], &G.ctx, tag, sizeof tag);
    if (rc == 0)
        rc = dtls_conn_connect(&G.conn[i]);
    if (rc < 0 && rc != DTLS_ERR_IN_PROGRESS)
        G.hs_failures++; /* the timer path retries: the deadline is checked below */
}

static void inflight_add(uint32_t i)
{
    G.st[i] = ST_HS;
    G.ifpos[i] = (int32_t)G.n_inflight;
    G.inflight[G.n_inflight] = i;
    G.inflight_t0[G.n_inflight] = now_ns();
    G.n_inflight++;
    hs_start(i);
}

static void inflight_remove(uint32_t i)
{
    unsigned long p = (unsigned long)G.ifpos[i], last = G.n_inflight - 1;
    G.inflight[p] = G.inflight[last];
    G.inflight_t0[p] = G.inflight_t0[last];
    G.ifpos[G.inflight[p]] = (int32_t)p;
    G.n_inflight--;
    G.ifpos[i] = -1;
}

static void hs_check(uint32_t i)
{
    int err;
    if (dtls_conn_is_established(&G.conn[i])) {
        uint64_t us = (now_ns() - G.inflight_t0[G.ifpos[i]]) / 1000u;
        G.hs_us[i] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
        inflight_remove(i);
        G.st[i] = ST_EST;
        G.established++;
        return;
    }
    err = dtls_conn_error(&G.conn[i]);
    if (err < 0 && err != DTLS_ERR_IN_PROGRESS) { /* failed (e.g. timed out): the same peer starts over */
        G.hs_failures++;
        hs_start(i);
    }
}

/* ---- echoes ---- */

/* Bytes 4.. of an echo of connection i: its index and a fixed pattern, so a
 * record echoed to the wrong connection or altered is seen. */
static const uint8_t *echo_tail(uint32_t i)
{
    static uint8_t t[SCALE_ECHO_LEN - 4];
    size_t k;
    t[0] = (uint8_t)(i >> 24);
    t[1] = (uint8_t)(i >> 16);
    t[2] = (uint8_t)(i >> 8);
    t[3] = (uint8_t)i;
    for (k = 4; k < sizeof t; k++)
        t[k] = (uint8_t)(0xA5u ^ k);
    return t;
}

static void echo_reply(uint32_t i, const uint8_t *d, int n)
{
    uint32_t seq;
    echo_slot *s;
    if (n != SCALE_ECHO_LEN || memcmp(d + 4, echo_tail(i), SCALE_ECHO_LEN - 4) != 0) {
        G.echo_bad++;
        return;
    }
    seq = (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
    if (G.pend[i] == 0) {
        G.echo_late++;
        return;
    }
    s = &G.slots[G.pend[i] - 1];
    if (s->seq != seq || s->conn != i) {
        G.echo_late++;
        return;
    }
    if (G.n_rtt < G.rtt_cap)
        G.rtt[G.n_rtt++] = now_ns() - s->sent_ns;
    s->busy = 0;
    G.pend[i] = 0;
    G.answered[i] = 1;
    G.n_slots_busy--;
    G.echo_done++;
}

/* ---- the receive path ---- */

static void on_datagram(uint32_t i, uint8_t *d, size_t n)
{
    int rc, r;
    if (G.st[i] == ST_NEW)
        return;
    rc = dtls_conn_input(&G.conn[i], d, n);
    if (G.st[i] == ST_HS) {
        hs_check(i);
        return;
    }
    (void)rc;
    while ((r = dtls_conn_read(&G.conn[i], G.rd, sizeof G.rd)) > 0) /* the datagram's records, before rx is reused */
        echo_reply(i, G.rd, r);
}

static void drain_socket(unsigned s)
{
    struct mmsghdr mm[SCALE_BATCH];
    struct iovec iov[SCALE_BATCH];
    struct sockaddr_in from[SCALE_BATCH];
    union {
        char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
        size_t align; /* cmsghdr alignment (its first member is a size_t) */
    } c[SCALE_BATCH];
    for (;;) {
        int n, k;
        memset(mm, 0, sizeof mm);
        for (k = 0; k < SCALE_BATCH; k++) {
            iov[k].iov_base = G.rx[k];
            iov[k].iov_len = sizeof G.rx[k];
            mm[k].msg_hdr.msg_name = &from[k];
            mm[k].msg_hdr.msg_namelen = sizeof from[k];
            mm[k].msg_hdr.msg_iov = &iov[k];
            mm[k].msg_hdr.msg_iovlen = 1;
            mm[k].msg_hdr.msg_control = c[k].buf;
            mm[k].msg_hdr.msg_controllen = sizeof c[k].buf;
        }
        n = recvmmsg(G.fd[s], mm, SCALE_BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0)
            return;
        for (k = 0; k < n; k++) {
            struct cmsghdr *cm;
            uint32_t dst = 0, a, i;
            if (from[k].sin_addr.s_addr != G.server.sin_addr.s_addr || from[k].sin_port != G.server.sin_port)
                continue; /* not the server's */
            for (cm = CMSG_FIRSTHDR(&mm[k].msg_hdr); cm != NULL; cm = CMSG_NXTHDR(&mm[k].msg_hdr, cm))
                if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
                    struct in_pktinfo pi;
                    memcpy(&pi, CMSG_DATA(cm), sizeof pi);
                    dst = ntohl(pi.ipi_addr.s_addr);
                }
            if (dst < SCALE_ADDR_BASE)
                continue;
            a = dst - SCALE_ADDR_BASE;
            if ((uint64_t)a * G.n_ports + s >= G.n_conn)
                continue;
            i = a * (uint32_t)G.n_ports + s;
            on_datagram(i, G.rx[k], mm[k].msg_len);
        }
        if (n < SCALE_BATCH)
            return;
    }
}

/* One turn of the loop: wait at most wait_ms for datagrams, feed them, then
 * run the due handshake timers. */
static void turn(int wait_ms)
{
    struct epoll_event ev[64];
    int n, k;
    unsigned long j;
    uint32_t now, at;
    if (G.n_inflight != 0) { /* the earliest handshake deadline bounds the wait */
        now = dtls_posix_now_ms();
        for (j = 0; j < G.n_inflight; j++)
            if (dtls_conn_deadline(&G.conn[G.inflight[j]], &at)) {
                int32_t d = (int32_t)(at - now);
                if (d < 0)
                    d = 0;
                if (d < wait_ms)
                    wait_ms = d;
            }
    }
    n = epoll_wait(G.ep, ev, 64, wait_ms);
    for (k = 0; k < n; k++)
        drain_socket(ev[k].data.u32);
    now = dtls_posix_now_ms();
    for (j = 0; j < G.n_inflight; j++) {
        uint32_t i = G.inflight[j];
        if (dtls_conn_deadline(&G.conn[i], &at) && (int32_t)(now - at) >= 0) {
            (void)dtls_conn_timer(&G.conn[i]);
            if (G.ifpos[i] >= 0 && G.st[i] == ST_HS) {
                unsigned long before = G.n_inflight;
                hs_check(i);
                if (G.n_inflight != before)
                    j--; /* the last one moved into place j */
            }
        }
    }
}

/* Handshakes until `target` connections are established. */
static int fill(unsigned long target)
{
    while (G.established < target) {
        while (G.n_inflight < G.inflight_max && G.next_new < target)
            inflight_add((uint32_t)G.next_new++);
        turn(100);
        if (over_time() || !server_alive())
            return -1;
    }
    return 0;
}

typedef struct echo_result {
    unsigned long done, lost;
    double wall_s, server_ns_per_echo, rate, p50_us, p99_us, client_ns_per_echo;
} echo_result;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct_us(uint64_t *v, unsigned long n, double p)
{
    unsigned long k;
    if (n == 0)
        return 0;
    k = (unsigned long)(p * (double)(n - 1) + 0.5);
    return (double)v[k] / 1000.0;
}

/* count echoes, at most `window` in flight, over the connections sample[]
 * (one at a time each, taken in turn). */
static int echo_run(const uint32_t *sample, unsigned long n_sample, unsigned long count, unsigned long window,
                    echo_result *r)
{
    unsigned long sent = 0, next = 0, k;
    uint64_t t0, cpu0, self0, t1;
    uint8_t msg[SCALE_ECHO_LEN];
    if (window > n_sample)
        window = n_sample;
    memset(r, 0, sizeof *r);
    G.echo_done = G.echo_lost = 0;
    G.n_rtt = 0;
    t0 = now_ns();
    cpu0 = server_cpu_ns();
    self0 = self_cpu_ns();
    while (G.echo_done + G.echo_lost < count) {
        uint64_t now = now_ns();
        /* losses */
        for (k = 0; k < window; k++) {
            echo_slot *s = &G.slots[k];
            if (s->busy && now - s->sent_ns > (uint64_t)SCALE_ECHO_LOSS_MS * 1000000u) {
                s->busy = 0;
                G.pend[s->conn] = 0;
                G.n_slots_busy--;
                G.echo_lost++;
            }
        }
        /* refill the window */
        for (k = 0; k < window && sent < count; k++) {
            echo_slot *s = &G.slots[k];
            uint32_t i;
            unsigned long tries = 0;
            if (s->busy)
                continue;
            do { /* the next sampled connection without an echo outstanding */
                i = sample[next];
                next = next + 1 == n_sample ? 0 : next + 1;
            } while (G.pend[i] != 0 && ++tries < n_sample);
            if (G.pend[i] != 0)
                break;
            s->conn = i;
            s->seq = ++G.seq;
            memcpy(msg + 4, echo_tail(i), sizeof msg - 4);
            msg[0] = (uint8_t)(s->seq >> 24);
            msg[1] = (uint8_t)(s->seq >> 16);
            msg[2] = (uint8_t)(s->seq >> 8);
            msg[3] = (uint8_t)s->seq;
            s->busy = 1;
            s->sent_ns = now_ns();
            G.pend[i] = (int32_t)k + 1;
            G.n_slots_busy++;
            sent++;
            if (dtls_conn_write(&G.conn[i], msg, sizeof msg) < 0)
                s->sent_ns = 0; /* counted lost at the next turn */
        }
        turn(10);
        if (over_time() || !server_alive())
            return -1;
    }
    t1 = now_ns();
    r->done = G.echo_done;
    r->lost = G.echo_lost;
    r->wall_s = (double)(t1 - t0) / 1e9;
    r->rate = r->wall_s > 0 ? (double)G.echo_done / r->wall_s : 0;
    if (G.server_pid > 0 && count != 0)
        r->server_ns_per_echo = (double)(server_cpu_ns() - cpu0) / (double)count;
    r->client_ns_per_echo = count != 0 ? (double)(self_cpu_ns() - self0) / (double)count : 0;
    qsort(G.rtt, G.n_rtt, sizeof G.rtt[0], cmp_u64);
    r->p50_us = pct_us(G.rtt, G.n_rtt, 0.50);
    r->p99_us = pct_us(G.rtt, G.n_rtt, 0.99);
    return 0;
}

/* A uniform random sample of n of the connections [0, est) (all when n >= est). */
static unsigned long pick_sample(uint32_t *out, unsigned long n, unsigned long est)
{
    unsigned long k;
    if (n >= est) {
        for (k = 0; k < est; k++)
            out[k] = (uint32_t)k;
        n = est;
    } else { /* Floyd's algorithm would avoid the retries; n << est here */
        for (k = 0; k < n; k++) {
            uint32_t v;
            unsigned long j;
            int dup;
            do {
                uint32_t rnd;
                (void)dtls_posix_random(NULL, (uint8_t *)&rnd, sizeof rnd);
                v = (uint32_t)(rnd % est);
                dup = 0;
                for (j = 0; j < k; j++)
                    if (out[j] == v)
                        dup = 1;
            } while (dup);
            out[k] = v;
        }
    }
    for (k = n; k > 1; k--) { /* shuffled: the echoes visit them in random order */
        uint32_t rnd, t;
        unsigned long j;
        (void)dtls_posix_random(NULL, (uint8_t *)&rnd, sizeof rnd);
        j = rnd % k;
        t = out[k - 1];
        out[k - 1] = out[j];
        out[j] = t;
    }
    return n;
}

/* ---- setup ---- */

static void usage(const char *prog, int code)
{
    fprintf(code ? stderr : stdout,
            "usage: %s --port P [options]\n"
            "  --host ADDR         the server's IPv4 address (default 127.0.0.1)\n"
            "  --port P            the server's UDP port (dtls-server --bind 127.0.0.1 --echo)\n"
            "  --server-pid PID    the server's process: CPU time and VmRSS from /proc/PID\n"
            "  --connections N     connections to establish and hold (default 100000)\n"
            "  --levels A,B        also measure at these counts on the way (default 10,1000)\n"
            "  --inflight W        handshakes running at once (default 128)\n"
            "  --ports K           client sockets = ports per source address (default 64)\n"
            "  --echoes E          echoes per measurement (default 20000)\n"
            "  --window W          echoes in flight for the per-datagram cost (default 8)\n"
            "  --sample S          connections the echoes rotate over (default 1024)\n"
            "  --psk-identity ID   (default scale)\n"
            "  --psk HEX           (default 000102030405060708090a0b0c0d0e0f)\n"
            "  --tickets           offer session tickets (default: DTLS_CFG_NO_TICKETS)\n"
            "  --retransmit-ms N   the clients' initial retransmission timeout (default 1000)\n"
            "  --base-rss-kb K     VmRSS of a dtls-server with --slots 1 (for RSS per connection)\n"
            "  --max-seconds T     give up after T seconds (default 900)\n",
            prog);
    exit(code);
}

static unsigned long num(const char *prog, const char *opt, const char *v, unsigned long lo, unsigned long hi)
{
    char *end;
    unsigned long x;
    errno = 0;
    x = strtoul(v, &end, 10);
    if (errno != 0 || *end != 0 || end == v || x < lo || x > hi) {
        fprintf(stderr, "%s: %s: a number from %lu to %lu\n", prog, opt, lo, hi);
        exit(2);
    }
    return x;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static void parse(int argc, char **argv)
{
    int k;
    const char *prog = argv[0], *host = "127.0.0.1", *psk = "000102030405060708090a0b0c0d0e0f";
    unsigned long port = 0;
    size_t j;
    G.n_conn = 100000;
    G.inflight_max = 128;
    G.n_ports = 64;
    G.echoes = 20000;
    G.window = 8;
    G.sample_max = 1024;
    G.max_seconds = 900;
    G.retransmit_ms = 1000;
    G.base_rss_kb = -1;
    G.identity = "scale";
    G.levels[0] = 10;
    G.levels[1] = 1000;
    G.n_levels = 2;
    for (k = 1; k < argc; k++) {
        const char *o = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0)
            usage(prog, 0);
        if (strcmp(o, "--tickets") == 0) {
            G.tickets = 1;
            continue;
        }
        if (v == NULL)
            usage(prog, 2);
        k++;
        if (strcmp(o, "--host") == 0)
            host = v;
        else if (strcmp(o, "--port") == 0)
            port = num(prog, o, v, 1, 65535);
        else if (strcmp(o, "--server-pid") == 0)
            G.server_pid = (long)num(prog, o, v, 1, 1ul << 30);
        else if (strcmp(o, "--connections") == 0)
            G.n_conn = num(prog, o, v, 1, 4000000);
        else if (strcmp(o, "--inflight") == 0)
            G.inflight_max = num(prog, o, v, 1, 65536);
        else if (strcmp(o, "--ports") == 0)
            G.n_ports = num(prog, o, v, 1, SCALE_MAX_SOCKETS);
        else if (strcmp(o, "--echoes") == 0)
            G.echoes = num(prog, o, v, 1, 100000000);
        else if (strcmp(o, "--window") == 0)
            G.window = num(prog, o, v, 1, 4096);
        else if (strcmp(o, "--sample") == 0)
            G.sample_max = num(prog, o, v, 1, 1000000);
        else if (strcmp(o, "--max-seconds") == 0)
            G.max_seconds = num(prog, o, v, 1, 86400);
        else if (strcmp(o, "--retransmit-ms") == 0)
            G.retransmit_ms = num(prog, o, v, 10, 60000);
        else if (strcmp(o, "--base-rss-kb") == 0)
            G.base_rss_kb = (long)num(prog, o, v, 0, 1ul << 30);
        else if (strcmp(o, "--psk-identity") == 0)
            G.identity = v;
        else if (strcmp(o, "--psk") == 0)
            psk = v;
        else if (strcmp(o, "--levels") == 0) {
            char *copy = strdup(v), *tok, *save = NULL;
            G.n_levels = 0;
            for (tok = strtok_r(copy, ",", &save); tok != NULL && G.n_levels < 8; tok = strtok_r(NULL, ",", &save))
                G.levels[G.n_levels++] = num(prog, o, tok, 1, 4000000);
            free(copy);
        } else
            usage(prog, 2);
    }
    if (port == 0)
        usage(prog, 2);
    G.psk_len = strlen(psk) / 2;
    if (strlen(psk) % 2 != 0 || G.psk_len == 0 || G.psk_len > sizeof G.psk) {
        fprintf(stderr, "%s: --psk: 1-64 bytes in hex\n", prog);
        exit(2);
    }
    for (j = 0; j < G.psk_len; j++) {
        int hi = hexval(psk[2 * j]), lo = hexval(psk[2 * j + 1]);
        if (hi < 0 || lo < 0) {
            fprintf(stderr, "%s: --psk: 1-64 bytes in hex\n", prog);
            exit(2);
        }
        G.psk[j] = (uint8_t)(hi << 4 | lo);
    }
    if ((G.n_conn + G.n_ports - 1) / G.n_ports > 0xFFFFFu) { /* 127.16.0.1 .. 127.31.255.255 */
        fprintf(stderr, "%s: --connections / --ports: more than 2^20 source addresses\n", prog);
        exit(2);
    }
    memset(&G.server, 0, sizeof G.server);
    G.server.sin_family = AF_INET;
    G.server.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &G.server.sin_addr) != 1) {
        fprintf(stderr, "%s: --host: an IPv4 address\n", prog);
        exit(2);
    }
}

static void open_sockets(void)
{
    unsigned long s;
    G.ep = epoll_create1(0);
    if (G.ep < 0) {
        perror("epoll_create1");
        exit(1);
    }
    for (s = 0; s < G.n_ports; s++) {
        struct sockaddr_in a;
        socklen_t alen = sizeof a;
        int one = 1, rcv = 1 << 20;
        struct epoll_event ev;
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            perror("socket");
            exit(1);
        }
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_ANY); /* every 127.16.x.y; the port the kernel's */
        if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) != 0 ||
            bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
            perror("client socket");
            exit(1);
        }
        (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
        G.fd[s] = fd;
        G.port[s] = ntohs(a.sin_port);
        memset(&ev, 0, sizeof ev);
        ev.events = EPOLLIN;
        ev.data.u32 = (uint32_t)s;
        if (epoll_ctl(G.ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
            perror("epoll_ctl");
            exit(1);
        }
    }
}

static void *alloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fprintf(stderr, "scale: out of memory (%lu x %lu bytes)\n", (unsigned long)n, (unsigned long)size);
        exit(1);
    }
    return p;
}

static void print_loadavg(const char *when)
{
    char buf[128] = "?";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f != NULL) {
        if (fgets(buf, sizeof buf, f) == NULL)
            strcpy(buf, "?");
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = 0;
    printf("# load average %s: %s (%ld CPUs online)\n", when, buf, sysconf(_SC_NPROCESSORS_ONLN));
}

typedef struct level_result {
    unsigned long conns;
    long rss_kb;
    echo_result cost, lat;
} level_result;

static int measure_level(unsigned long conns, uint32_t *sample, level_result *lr)
{
    unsigned long n = pick_sample(sample, G.sample_max, conns);
    echo_result warm;
    lr->conns = conns;
    lr->rss_kb = server_rss_kb();
    if (echo_run(sample, n, n, G.window, &warm) != 0) /* each once: its first record ends the server's 2 x MSL duty */
        return -1;
    if (echo_run(sample, n, G.echoes, G.window, &lr->cost) != 0)
        return -1;
    if (echo_run(sample, n, G.echoes / 10 + 1, 1, &lr->lat) != 0)
        return -1;
    fprintf(stderr, "scale: %lu connections: server %.0f ns CPU per echo (window %lu, %lu echoes), %.0f round trips/s; "
            "one at a time: p50 %.0f us, p99 %.0f us\n", conns, lr->cost.server_ns_per_echo, G.window, lr->cost.done,
            lr->cost.rate, lr->lat.p50_us, lr->lat.p99_us);
    return 0;
}

/* Out of time or no server: one FAIL line and the RESULT line. */
static int stopped(const char *when)
{
    printf("FAIL scale: stopped %s (%s) with %lu of %lu connections established\n", when,
           server_alive() ? "out of time: --max-seconds" : "the server is gone", G.established, G.n_conn);
    printf("RESULT 0 1 0\n");
    return 1;
}

int main(int argc, char **argv)
{
    static const uint16_t suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
    struct rlimit rl;
    unsigned long k, n_levels = 0, fill_hs = 0, fill_from;
    level_result lv[9];
    uint32_t *sample;
    uint64_t fill_wall = 0, fill_cpu_srv = 0, fill_cpu_self = 0, t0, c0, s0;
    long rss_before, rss_after;
    echo_result thr, sweep;
    double hs_rate, per_conn_kb = -1, delta_per_conn = -1;
    uint64_t *hs_sorted;
    dtls_stats cst;
    unsigned long retrans = 0, sweep_answered = 0, sweep_retried = 0;
    int rc, failed = 0;

    parse(argc, argv);
    G.t_start_ns = now_ns();

    /* descriptors: K sockets are enough (see the top); the limit raised to its hard value all the same */
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t soft = rl.rlim_cur;
        rl.rlim_cur = rl.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
        (void)getrlimit(RLIMIT_NOFILE, &rl);
        printf("# RLIMIT_NOFILE soft %lu -> %lu (hard %lu); sockets used: %lu (%lu ports x %lu source addresses "
               "127.16.0.1..)\n", (unsigned long)soft, (unsigned long)rl.rlim_cur, (unsigned long)rl.rlim_max,
               G.n_ports, G.n_ports, (G.n_conn + G.n_ports - 1) / G.n_ports);
    }
    print_loadavg("at start");

    G.conn = (dtls_conn *)alloc(G.n_conn, sizeof *G.conn);
    G.st = (uint8_t *)alloc(G.n_conn, 1);
    G.ifpos = (int32_t *)alloc(G.n_conn, sizeof *G.ifpos);
    G.pend = (int32_t *)alloc(G.n_conn, sizeof *G.pend);
    G.answered = (uint8_t *)alloc(G.n_conn, 1);
    G.hs_us = (uint32_t *)alloc(G.n_conn, sizeof *G.hs_us);
    G.inflight = (uint32_t *)alloc(G.inflight_max, sizeof *G.inflight);
    G.inflight_t0 = (uint64_t *)alloc(G.inflight_max, sizeof *G.inflight_t0);
    G.hs = (dtls_hs *)alloc(G.inflight_max, sizeof *G.hs);
    G.slots = (echo_slot *)alloc(64 > G.window ? 64 : G.window, sizeof *G.slots);
    G.rtt_cap = G.echoes + G.n_conn + G.sample_max + 1;
    G.rtt = (uint64_t *)alloc(G.rtt_cap, sizeof *G.rtt);
    sample = (uint32_t *)alloc(G.sample_max, sizeof *sample);
    for (k = 0; k < G.n_conn; k++)
        G.ifpos[k] = -1;

    open_sockets();
    G.hooks.random = dtls_posix_random;
    G.cfg.role = DTLS_ROLE_CLIENT;
    G.cfg.suites = suites;
    G.cfg.n_suites = 1;
    G.cfg.psk_identity = (const uint8_t *)G.identity;
    G.cfg.psk_identity_len = strlen(G.identity);
    G.cfg.psk = G.psk;
    G.cfg.psk_len = G.psk_len;
    G.cfg.send = send_cb;
    G.cfg.now = now_ms_cb;
    G.cfg.hooks = &G.hooks;
    G.cfg.retransmit_initial_ms = (uint32_t)G.retransmit_ms;
    if (!G.tickets)
        G.cfg.flags |= DTLS_CFG_NO_TICKETS;
    rc = dtls_ctx_init(&G.ctx, &G.cfg, G.tx, sizeof G.tx, G.hs, G.inflight_max);
    if (rc < 0) {
        fprintf(stderr, "scale: dtls_ctx_init: %d\n", rc);
        return 1;
    }

    rss_before = server_rss_kb();
    fill_from = 0;
    for (k = 0; k <= G.n_levels && !failed; k++) {
        unsigned long target = k < G.n_levels ? G.levels[k] : G.n_conn;
        if (target > G.n_conn || target <= fill_from)
            continue;
        t0 = now_ns();
        c0 = server_cpu_ns();
        s0 = self_cpu_ns();
        if (fill(target) != 0) {
            fprintf(stderr, "scale: %s while filling to %lu: %lu established, %lu in flight\n",
                    server_alive() ? "out of time (--max-seconds)" : "the server is gone", target, G.established,
                    G.n_inflight);
            failed = 1;
            break;
        }
        fill_wall += now_ns() - t0;
        fill_cpu_srv += server_cpu_ns() - c0;
        fill_cpu_self += self_cpu_ns() - s0;
        fill_hs += target - fill_from;
        fprintf(stderr, "scale: %lu established (%.1f s so far)\n", G.established, (double)fill_wall / 1e9);
        fill_from = target;
        if (measure_level(target, sample, &lv[n_levels]) != 0) {
            failed = 1;
            break;
        }
        n_levels++;
    }
    if (failed)
        return stopped("during the fill");
    rss_after = server_rss_kb();

    /* echo rate: 64 in flight over the sample */
    {
        unsigned long n = pick_sample(sample, G.sample_max, G.n_conn);
        if (echo_run(sample, n, G.echoes, 64, &thr) != 0)
            return stopped("during the echo rate");
    }
    /* every connection once: all N are held by both sides (a lost echo is
     * tried again, twice at most; the first pass's figures are reported) */
    {
        uint32_t *all = (uint32_t *)alloc(G.n_conn, sizeof *all);
        unsigned long n = G.n_conn, pass;
        echo_result again;
        memset(G.answered, 0, G.n_conn);
        for (k = 0; k < G.n_conn; k++)
            all[k] = (uint32_t)k;
        if (echo_run(all, n, n, 64, &sweep) != 0)
            return stopped("during the sweep");
        for (pass = 0; pass < 2; pass++) {
            for (n = 0, k = 0; k < G.n_conn; k++)
                if (!G.answered[k])
                    all[n++] = (uint32_t)k;
            if (n == 0 || echo_run(all, n, n, 64, &again) != 0)
                break;
            sweep_retried += n;
        }
        for (sweep_answered = 0, k = 0; k < G.n_conn; k++)
            sweep_answered += G.answered[k];
        free(all);
    }
    /* the server's view still holds all N?  (nothing ended: no retransmitted handshake) */
    for (k = 0; k < G.n_conn; k++) {
        dtls_conn_stats(&G.conn[k], &cst);
        retrans += cst.retransmissions;
    }

    hs_rate = fill_wall != 0 ? (double)fill_hs / ((double)fill_wall / 1e9) : 0;
    hs_sorted = (uint64_t *)alloc(G.n_conn, sizeof *hs_sorted);
    for (k = 0; k < G.n_conn; k++)
        hs_sorted[k] = (uint64_t)G.hs_us[k] * 1000u;
    qsort(hs_sorted, G.n_conn, sizeof *hs_sorted, cmp_u64);
    if (rss_after >= 0 && G.base_rss_kb >= 0)
        per_conn_kb = (double)(rss_after - G.base_rss_kb) / (double)G.n_conn;
    if (rss_after >= 0 && rss_before >= 0)
        delta_per_conn = (double)(rss_after - rss_before) / (double)G.n_conn;

    print_loadavg("at end");
    printf("# dtls-server (pid %ld), PSK TLS_PSK_WITH_AES_128_CCM_8, %s, loopback; client: %lu in flight, "
           "%lu ports x %lu addresses; sizeof(dtls_conn) %lu, sizeof(dtls_hs) %lu\n",
           G.server_pid, G.tickets ? "tickets offered" : "no tickets", G.inflight_max, G.n_ports,
           (G.n_conn + G.n_ports - 1) / G.n_ports, (unsigned long)sizeof(dtls_conn), (unsigned long)sizeof(dtls_hs));
    printf("\n| server scale (one dtls-server, loopback) | value |\n|---|---:|\n");
    printf("| connections established and held | %lu (each then echoed one record: %lu answered, %lu tried "
           "again) |\n", G.established, sweep_answered, sweep_retried);
    printf("| handshakes per second during the fill (%lu handshakes, %.1f s wall) | %.0f |\n", fill_hs,
           (double)fill_wall / 1e9, hs_rate);
    printf("| handshake time p50 / p99 (first ClientHello to established, %lu in flight) | %.1f / %.1f ms |\n",
           G.inflight_max, pct_us(hs_sorted, G.n_conn, 0.5) / 1000.0, pct_us(hs_sorted, G.n_conn, 0.99) / 1000.0);
    printf("| server CPU per handshake (during the fill) | %.0f us |\n",
           fill_hs ? (double)fill_cpu_srv / 1000.0 / (double)fill_hs : 0.0);
    printf("| client CPU per handshake (this generator) | %.0f us |\n",
           fill_hs ? (double)fill_cpu_self / 1000.0 / (double)fill_hs : 0.0);
    printf("| handshake failures retried / client retransmissions | %lu / %lu |\n", G.hs_failures, retrans);
    printf("| echo round trips per second (%lu established, %lu sampled, 64 in flight) | %.0f (%lu lost) |\n",
           G.n_conn, G.sample_max < G.n_conn ? G.sample_max : G.n_conn, thr.rate, thr.lost);
    printf("| server VmRSS: --slots 1 / before the fill / after | %ld / %ld / %ld KiB |\n", G.base_rss_kb, rss_before,
           rss_after);
    printf("| server RSS per connection: (after - slots 1) / N ; (after - before) / N | %.0f ; %.0f bytes |\n",
           per_conn_kb * 1024.0, delta_per_conn * 1024.0);
    for (k = 0; k < n_levels; k++)
        printf("| at %lu connections: server CPU per echo (window %lu) ; round trips/s ; RTT p50 / p99 one at a "
               "time | %.1f us ; %.0f ; %.0f / %.0f us |\n",
               lv[k].conns, G.window, lv[k].cost.server_ns_per_echo / 1000.0, lv[k].cost.rate, lv[k].lat.p50_us,
               lv[k].lat.p99_us);
    printf("| sweep, every connection's first record (ends the server's 2 x MSL duty): server CPU per echo | %.1f us |\n",
           sweep.server_ns_per_echo / 1000.0);
    printf("\n");
    printf("BENCH scale_handshakes_per_s dtls.h %.0f hs/s\n", hs_rate);
    printf("BENCH scale_server_cpu_per_handshake dtls.h %.0f us\n",
           fill_hs ? (double)fill_cpu_srv / 1000.0 / (double)fill_hs : 0.0);
    printf("BENCH scale_echo_round_trips_per_s dtls.h %.0f rt/s\n", thr.rate);
    if (per_conn_kb >= 0)
        printf("BENCH scale_server_rss_per_conn dtls.h %.0f B\n", per_conn_kb * 1024.0);
    for (k = 0; k < n_levels; k++)
        printf("BENCH scale_server_cpu_per_echo_%luconn dtls.h %.0f ns\n", lv[k].conns, lv[k].cost.server_ns_per_echo);
    if (n_levels >= 2 && lv[0].cost.server_ns_per_echo > 0)
        printf("# per-datagram cost at %lu / at %lu connections: %.2f x\n", lv[n_levels - 1].conns, lv[0].conns,
               lv[n_levels - 1].cost.server_ns_per_echo / lv[0].cost.server_ns_per_echo);
    free(hs_sorted);
    free(sample);
    /* the checks (tests/run.sh counts "ok " / "FAIL " lines and the RESULT line) */
    {
        unsigned long pass = 0, fail = 0;
        if (G.established == G.n_conn) {
            printf("ok   scale: %lu connections established on one server\n", G.n_conn);
            pass++;
        } else {
            printf("FAIL scale: %lu of %lu connections established\n", G.established, G.n_conn);
            fail++;
        }
        if (sweep_answered == G.n_conn) {
            printf("ok   scale: after the fill every one of the %lu connections echoed a record\n", G.n_conn);
            pass++;
        } else {
            printf("FAIL scale: after the fill %lu of %lu connections echoed a record\n", sweep_answered, G.n_conn);
            fail++;
        }
        if (G.echo_bad == 0) {
            printf("ok   scale: every echoed record came back as sent (%u echoes)\n", G.seq);
            pass++;
        } else {
            printf("FAIL scale: %lu echoed records differ from what was sent\n", G.echo_bad);
            fail++;
        }
        printf("RESULT %lu %lu 0\n", pass, fail);
        return fail != 0;
    }
}
