/* flood.c - the denial-of-service budget of the Linux server (issue 9), on
 * loopback: while build/dtls-server (PSK) runs, this program at once
 *   - completes the cookie exchange of FLOOD_HALF_OPEN ClientHellos from as
 *     many distinct addresses (127.0.x.y) at FLOOD_RATE per second and then
 *     stays silent: every one costs the server a slot and a handshake;
 *   - sends FLOOD_SPOOFED ClientHellos without cookie from addresses that
 *     never answer (HelloVerifyRequest only, no state);
 *   - keeps FLOOD_PEERS established peers writing a record every 100 ms and
 *     counts the echoes that come back;
 *   - runs new legitimate handshakes one after another and times each.
 * It prints the figures and one line per budget ("ok   ..." / "FAIL ..."),
 * then "RESULT passed failed skipped".
 *
 *   flood PORT SECONDS HALF_OPEN SPOOFED
 *
 * The many source addresses come from one socket bound to the wildcard
 * address, choosing each datagram's source with IP_PKTINFO (Linux routes all
 * of 127.0.0.0/8 to lo), so no raw socket and no privileges are needed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DTLS_IMPLEMENTATION
#include "dtls.h"
#include "port.h"

#define FLOOD_PEERS 8
#define MAX_HS 256
#define HS_BUDGET_MS 3000u /* the legitimate client's handshake, p99 */

static const uint8_t psk_key[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static dtls_crypto_hooks hooks; /* random: the OS's */

typedef struct peer {
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_hs hs;
    dtls_conn conn;
    uint8_t tx[1500], rx[1500];
    uint8_t addr[DTLS_POSIX_ADDR_MAX];
    size_t addr_len;
    int fd;
    unsigned long sent, echoed;
} peer;

static uint32_t now_ms(void *u)
{
    (void)u;
    return dtls_posix_now_ms();
}

static int send_peer(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    peer *p = (peer *)u;
    (void)addr;
    (void)addr_len;
    return dtls_posix_udp_send(p->fd, NULL, 0, d, len) < 0 ? -1 : (int)len;
}

/* The first datagram a client sends (its ClientHello), captured. */
static uint8_t ch1[1500];
static size_t ch1_len;
static int capture(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    (void)u;
    (void)addr;
    (void)addr_len;
    if (ch1_len == 0 && len <= sizeof ch1) {
        memcpy(ch1, d, len);
        ch1_len = len;
    }
    return (int)len;
}

static int peer_open(peer *p, const char *port)
{
    memset(p, 0, sizeof *p);
    p->addr_len = sizeof p->addr;
    if (dtls_posix_addr_parse("127.0.0.1", port, p->addr, &p->addr_len) != 0)
        return -1;
    p->fd = dtls_posix_udp_connect(p->addr, p->addr_len);
    if (p->fd < 0)
        return -1;
    p->cfg.role = DTLS_ROLE_CLIENT;
    p->cfg.psk_identity = (const uint8_t *)"demo";
    p->cfg.psk_identity_len = 4;
    p->cfg.psk = psk_key;
    p->cfg.psk_len = sizeof psk_key;
    p->cfg.send = send_peer;
    p->cfg.now = now_ms;
    p->cfg.user = p;
    p->cfg.hooks = &hooks;
    if (dtls_ctx_init(&p->ctx, &p->cfg, p->tx, sizeof p->tx, &p->hs, 1) != 0)
        return -1;
    if (dtls_conn_init(&p->conn, &p->ctx, p->addr, p->addr_len) != 0)
        return -1;
    return dtls_conn_connect(&p->conn);
}

/* Feeds what p's socket holds and runs its timer. */
static void peer_poll(peer *p)
{
    uint32_t at;
    int n;
    while ((n = dtls_posix_udp_recv(p->fd, p->rx, sizeof p->rx, NULL, NULL, 0)) > 0) {
        uint8_t out[256];
        (void)dtls_conn_input(&p->conn, p->rx, (size_t)n);
        while (dtls_conn_read(&p->conn, out, sizeof out) > 0)
            p->echoed++;
    }
    if (dtls_conn_deadline(&p->conn, &at) && (int32_t)(dtls_posix_now_ms() - at) >= 0)
        (void)dtls_conn_timer(&p->conn);
}

/* ---- the attacker: one wildcard socket, many source addresses ---- */
static int att_fd;
static struct sockaddr_in srv_sa;

static void att_addr(uint32_t i, struct in_addr *a)
{
    /* 127.1.0.0 + i: distinct per handshake, away from 127.0.0.1 */
    a->s_addr = htonl((uint32_t)0x7F010000u + i);
}

static int att_send(const struct in_addr *src, const uint8_t *d, size_t len)
{
    struct msghdr m;
    struct iovec v;
    char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
    struct cmsghdr *c;
    struct in_pktinfo pi;
    memset(&m, 0, sizeof m);
    memset(cbuf, 0, sizeof cbuf);
    v.iov_base = (void *)(uintptr_t)d;
    v.iov_len = len;
    m.msg_name = &srv_sa;
    m.msg_namelen = sizeof srv_sa;
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = cbuf;
    m.msg_controllen = sizeof cbuf;
    c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof pi);
    memset(&pi, 0, sizeof pi);
    pi.ipi_spec_dst = *src;
    memcpy(CMSG_DATA(c), &pi, sizeof pi);
    return sendmsg(att_fd, &m, MSG_DONTWAIT) == (ssize_t)len ? 0 : -1;
}

/* ClientHello 2: ch1 with the HelloVerifyRequest's cookie, message_seq 1,
 * record sequence 1 (RFC 6347 4.2.1), lengths adjusted. */
static size_t make_ch2(uint8_t *out, const uint8_t *cookie, size_t cl)
{
    size_t sid = ch1[13 + 12 + 34], at = 13 + 12 + 35 + sid; /* the cookie's length byte */
    size_t n = 0, body;
    memcpy(out, ch1, at);
    n = at;
    out[n++] = (uint8_t)cl;
    memcpy(out + n, cookie, cl);
    n += cl;
    memcpy(out + n, ch1 + at + 1, ch1_len - at - 1);
    n += ch1_len - at - 1;
    memset(out + 5, 0, 6);
    out[10] = 1; /* record sequence 1 */
    out[11] = (uint8_t)((n - 13) >> 8);
    out[12] = (uint8_t)(n - 13);
    body = n - 25;
    out[14] = (uint8_t)(body >> 16); /* handshake length */
    out[15] = (uint8_t)(body >> 8);
    out[16] = (uint8_t)body;
    out[17] = 0; /* message_seq 1 */
    out[18] = 1;
    out[22] = out[14]; /* fragment length = length */
    out[23] = out[15];
    out[24] = out[16];
    return n;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static peer peers[FLOOD_PEERS], legit;
    static uint32_t hs_ms[MAX_HS];
    dtls_config ccfg;
    dtls_ctx cctx;
    dtls_hs chs;
    dtls_conn cconn;
    uint8_t ctx_tx[1500], caddr[DTLS_POSIX_ADDR_MAX], buf[1600], out[1600];
    size_t caddr_len = sizeof caddr;
    uint32_t seconds, n_half, n_spoof, t0, t_end, legit_t0 = 0, next_write, next_legit = 0;
    unsigned long half_sent = 0, ch2_sent = 0, spoof_sent = 0, hvr_in = 0, other_in = 0, sent = 0, echoed = 0;
    unsigned long spoof_bytes_out = 0, spoof_bytes_in = 0; /* to and from the addresses that never answer */
    size_t n_hs = 0, i;
    int np = 0, nf = 0, on = 1, legit_live = 0, legit_fail = 0;
    struct sockaddr_in any;

    if (argc != 5) {
        fprintf(stderr, "usage: flood PORT SECONDS HALF_OPEN SPOOFED\n");
        return 2;
    }
    hooks.random = dtls_posix_random;
    seconds = (uint32_t)strtoul(argv[2], NULL, 10);
    n_half = (uint32_t)strtoul(argv[3], NULL, 10);
    n_spoof = (uint32_t)strtoul(argv[4], NULL, 10);

    /* the ClientHello template, from the library's own client */
    memset(&ccfg, 0, sizeof ccfg);
    ccfg.role = DTLS_ROLE_CLIENT;
    ccfg.psk_identity = (const uint8_t *)"flood";
    ccfg.psk_identity_len = 5;
    ccfg.psk = psk_key;
    ccfg.psk_len = sizeof psk_key;
    ccfg.send = capture;
    ccfg.now = now_ms;
    ccfg.hooks = &hooks;
    if (dtls_posix_addr_parse("127.0.0.1", argv[1], caddr, &caddr_len) != 0 ||
        dtls_ctx_init(&cctx, &ccfg, ctx_tx, sizeof ctx_tx, &chs, 1) != 0 ||
        dtls_conn_init(&cconn, &cctx, caddr, caddr_len) != 0 || dtls_conn_connect(&cconn) != 0 || ch1_len < 61) {
        fprintf(stderr, "flood: no ClientHello template\n");
        return 1;
    }

    memset(&srv_sa, 0, sizeof srv_sa);
    srv_sa.sin_family = AF_INET;
    srv_sa.sin_port = htons((uint16_t)strtoul(argv[1], NULL, 10));
    srv_sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    memset(&any, 0, sizeof any);
    any.sin_family = AF_INET;
    att_fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (att_fd < 0 || setsockopt(att_fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0 ||
        bind(att_fd, (struct sockaddr *)&any, sizeof any) != 0) {
        fprintf(stderr, "flood: attacker socket: %s\n", strerror(errno));
        return 1;
    }

    /* the established peers */
    for (i = 0; i < FLOOD_PEERS; i++) {
        uint32_t until = dtls_posix_now_ms() + 5000;
        if (peer_open(&peers[i], argv[1]) != 0) {
            fprintf(stderr, "flood: peer %lu: cannot start\n", (unsigned long)i);
            return 1;
        }
        while (!dtls_conn_is_established(&peers[i].conn) && (int32_t)(dtls_posix_now_ms() - until) < 0) {
            struct pollfd pf = {peers[i].fd, POLLIN, 0};
            (void)poll(&pf, 1, 10);
            peer_poll(&peers[i]);
        }
        if (!dtls_conn_is_established(&peers[i].conn)) {
            fprintf(stderr, "flood: peer %lu: no handshake before the flood\n", (unsigned long)i);
            return 1;
        }
    }

    t0 = dtls_posix_now_ms();
    t_end = t0 + seconds * 1000u;
    next_write = t0;
    next_legit = t0;
    for (;;) {
        uint32_t now = dtls_posix_now_ms(), el = now - t0, want_half, want_spoof;
        int n;
        if ((int32_t)(now - t_end) >= 0 && half_sent == n_half && spoof_sent == n_spoof)
            break;
        /* the flood, paced: what should have been sent by now */
        if (el > seconds * 1000u)
            el = seconds * 1000u;
        want_half = (uint32_t)((uint64_t)n_half * el / (seconds * 1000u));
        want_spoof = (uint32_t)((uint64_t)n_spoof * el / (seconds * 1000u));
        while (half_sent < want_half) {
            struct in_addr a;
            att_addr((uint32_t)half_sent, &a);
            if (att_send(&a, ch1, ch1_len) != 0)
                break;
            half_sent++;
        }
        while (spoof_sent < want_spoof) {
            struct in_addr a;
            att_addr(0x8000u + (uint32_t)(spoof_sent % 0x7F00u), &a); /* 127.1.128.0 and up: they never answer */
            a.s_addr = htonl(ntohl(a.s_addr) + 0x00100000u);
            if (att_send(&a, ch1, ch1_len) != 0)
                break;
            spoof_sent++;
            spoof_bytes_out += ch1_len;
        }
        /* HelloVerifyRequests to the half-open addresses: answer once with the cookie */
        for (;;) {
            struct msghdr m;
            struct iovec v;
            char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
            struct cmsghdr *c;
            struct in_addr dst;
            ssize_t r;
            memset(&m, 0, sizeof m);
            v.iov_base = buf;
            v.iov_len = sizeof buf;
            m.msg_iov = &v;
            m.msg_iovlen = 1;
            m.msg_control = cbuf;
            m.msg_controllen = sizeof cbuf;
            r = recvmsg(att_fd, &m, MSG_DONTWAIT);
            if (r <= 0)
                break;
            dst.s_addr = 0;
            for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
                if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
                    dst = ((struct in_pktinfo *)(void *)CMSG_DATA(c))->ipi_addr;
            if (r >= 28 && buf[0] == 22 && buf[13] == 3 && ntohl(dst.s_addr) < 0x7F018000u) {
                size_t cl = buf[27];
                hvr_in++;
                if ((size_t)r >= 28 + cl && cl <= 255) {
                    size_t len = make_ch2(out, buf + 28, cl);
                    if (att_send(&dst, out, len) == 0)
                        ch2_sent++;
                }
            } else if (ntohl(dst.s_addr) >= 0x7F018000u) {
                hvr_in++;
                spoof_bytes_in += (unsigned long)r; /* anything at all to a spoofed address */
            } else {
                other_in++; /* the server's flight to a silent half-open handshake */
            }
        }
        /* established peers: a record each every 100 ms */
        if ((int32_t)(now - next_write) >= 0) {
            next_write += 100;
            for (i = 0; i < FLOOD_PEERS; i++)
                if (dtls_conn_write(&peers[i].conn, (const uint8_t *)"ping", 4) == 4)
                    peers[i].sent++;
        }
        for (i = 0; i < FLOOD_PEERS; i++)
            peer_poll(&peers[i]);
        /* legitimate handshakes, one after another */
        if (!legit_live && n_hs < MAX_HS && (int32_t)(now - next_legit) >= 0) {
            next_legit = now + 50; /* a new one at most every 50 ms */
            if (peer_open(&legit, argv[1]) == 0) {
                legit_live = 1;
                legit_t0 = now;
            } else {
                legit_fail++;
            }
        }
        if (legit_live) {
            peer_poll(&legit);
            if (dtls_conn_is_established(&legit.conn)) {
                hs_ms[n_hs++] = dtls_posix_now_ms() - legit_t0;
                (void)dtls_conn_close(&legit.conn);
                dtls_posix_udp_close(legit.fd);
                legit_live = 0;
            } else if (dtls_conn_error(&legit.conn) != 0) {
                legit_fail++;
                hs_ms[n_hs++] = dtls_posix_now_ms() - legit_t0;
                dtls_posix_udp_close(legit.fd);
                legit_live = 0;
            }
        }
        {
            struct pollfd pf[FLOOD_PEERS + 2];
            int k = 0;
            pf[k].fd = att_fd;
            pf[k].events = POLLIN;
            pf[k++].revents = 0;
            for (i = 0; i < FLOOD_PEERS; i++) {
                pf[k].fd = peers[i].fd;
                pf[k].events = POLLIN;
                pf[k++].revents = 0;
            }
            if (legit_live) {
                pf[k].fd = legit.fd;
                pf[k].events = POLLIN;
                pf[k++].revents = 0;
            }
            n = poll(pf, (nfds_t)k, 1);
            (void)n;
        }
    }
    /* the last echoes: half a second more */
    {
        uint32_t until = dtls_posix_now_ms() + 500;
        while ((int32_t)(dtls_posix_now_ms() - until) < 0) {
            for (i = 0; i < FLOOD_PEERS; i++)
                peer_poll(&peers[i]);
            usleep(2000);
        }
    }
    if (legit_live) { /* still running at the end: it counts with its time so far */
        hs_ms[n_hs++] = dtls_posix_now_ms() - legit_t0;
        legit_fail++;
    }
    for (i = 0; i < FLOOD_PEERS; i++) {
        sent += peers[i].sent;
        echoed += peers[i].echoed;
    }
    qsort(hs_ms, n_hs, sizeof hs_ms[0], cmp_u32);
    printf("flood: %lu s; %lu half-open ClientHellos (%lu cookie-verified ClientHellos sent after %lu "
           "HelloVerifyRequests), %lu spoofed ClientHellos; %lu other datagrams to the attacker\n",
           (unsigned long)seconds, half_sent, ch2_sent, hvr_in, spoof_sent, other_in);
    printf("flood: established peers: %lu records written, %lu echoed back (%.1f%%)\n", sent, echoed,
           sent ? 100.0 * (double)echoed / (double)sent : 0.0);
    if (n_hs > 0)
        printf("flood: %lu legitimate handshakes: min %lu ms, median %lu ms, p99 %lu ms, max %lu ms; %d failed\n",
               (unsigned long)n_hs, (unsigned long)hs_ms[0], (unsigned long)hs_ms[n_hs / 2],
               (unsigned long)hs_ms[(n_hs * 99) / 100 < n_hs ? (n_hs * 99) / 100 : n_hs - 1],
               (unsigned long)hs_ms[n_hs - 1], legit_fail);
#define CHECK_BUDGET(cond, what)                                                                                \
    do {                                                                                                        \
        if (cond) {                                                                                             \
            np++;                                                                                               \
            printf("ok   %s\n", what);                                                                          \
        } else {                                                                                                \
            nf++;                                                                                               \
            printf("FAIL %s\n", what);                                                                          \
        }                                                                                                       \
    } while (0)
    CHECK_BUDGET(half_sent == n_half && spoof_sent == n_spoof, "flood: every ClientHello of the flood was sent");
    printf("flood: to the spoofed addresses: %lu bytes sent, %lu bytes answered\n", spoof_bytes_out, spoof_bytes_in);
    CHECK_BUDGET(spoof_bytes_in <= spoof_bytes_out,
                 "flood: before a valid cookie the server answers with at most as many bytes as it got");
    CHECK_BUDGET(ch2_sent * 10 >= (unsigned long)n_half * 9,
                 "flood: at least 90% of the half-open ClientHellos passed the cookie exchange");
    CHECK_BUDGET(n_hs >= 3 && legit_fail == 0, "flood: every legitimate handshake during the flood completed");
    CHECK_BUDGET(n_hs > 0 && hs_ms[(n_hs * 99) / 100 < n_hs ? (n_hs * 99) / 100 : n_hs - 1] <= HS_BUDGET_MS,
                 "flood: legitimate handshake p99 <= 3000 ms");
    CHECK_BUDGET(sent > 0 && echoed * 100 >= sent * 90,
                 "flood: established peers got >= 90% of their echoes back during the flood (UDP: the kernel "
                 "drops what overflows the server's socket buffer)");
    printf("RESULT %d %d 0\n", np, nf);
    return nf == 0 ? 0 : 1;
}
