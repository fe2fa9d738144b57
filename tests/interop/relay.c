/* relay.c - a UDP relay for the interop stage that loses the first copy of
 * every handshake flight, in both directions, so that each side's
 * retransmission (RFC 6347 4.2.4) has to interoperate with the other's.
 *
 *   relay [-q] LISTEN_PORT TARGET_PORT
 *
 * Listens on 127.0.0.1:LISTEN_PORT; datagrams from the client (the last
 * source seen there) go to 127.0.0.1:TARGET_PORT and the answers come back.
 * A datagram is dropped when it carries a handshake or ChangeCipherSpec
 * record not seen before in that direction; a record is identified by its
 * content type and epoch and, for a plaintext handshake message, its type and
 * message_seq (an encrypted Finished is "epoch 1, handshake").  A
 * retransmission carries the same messages and passes; application data and
 * alerts always pass.  Each drop is printed on stderr ("drop c>s ..."); the
 * counts are printed when the relay ends (SIGTERM, SIGINT). */
#define _POSIX_C_SOURCE 200809L
#include "port.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 256

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    (void)sig;
    g_stop = 1;
}

/* key: direction, content type, epoch (16 bits), message type, message_seq */
typedef struct {
    uint32_t k[MAX_KEYS];
    uint32_t n;
} keyset;

static int keyset_has(const keyset *s, uint32_t k)
{
    uint32_t i;
    for (i = 0; i < s->n; i++)
        if (s->k[i] == k)
            return 1;
    return 0;
}

static void keyset_add(keyset *s, uint32_t k)
{
    if (!keyset_has(s, k) && s->n < MAX_KEYS)
        s->k[s->n++] = k;
}

/* Collects the keys of the datagram's handshake / CCS records; returns how
 * many (at most cap). */
static size_t datagram_keys(const uint8_t *d, size_t len, uint32_t *keys, size_t cap, char *desc, size_t desc_cap)
{
    size_t off = 0, n = 0, dl = 0;
    desc[0] = 0;
    while (off + 13 <= len && n < cap) {
        unsigned type = d[off], epoch = (unsigned)d[off + 3] << 8 | d[off + 4];
        size_t rlen = (size_t)d[off + 11] << 8 | d[off + 12];
        const uint8_t *body = d + off + 13;
        uint32_t k = 0;
        int w = 0;
        if (off + 13 + rlen > len)
            break;
        if (type == 20) {
            k = (uint32_t)20 << 24 | (uint32_t)(epoch & 0xffu) << 16;
            w = snprintf(desc + dl, desc_cap - dl, " CCS");
        } else if (type == 22 && epoch == 0 && rlen >= 12) {
            /* a record may carry several handshake fragments */
            size_t h = 0;
            while (h + 12 <= rlen && n < cap) {
                unsigned mt = body[h], seq = (unsigned)body[h + 4] << 8 | body[h + 5];
                size_t flen = (size_t)body[h + 9] << 16 | (size_t)body[h + 10] << 8 | body[h + 11];
                k = (uint32_t)22 << 24 | (uint32_t)mt << 16 | seq;
                keys[n++] = k;
                w = snprintf(desc + dl, desc_cap - dl, " hs(type %u seq %u)", mt, seq);
                if (w > 0 && (size_t)w < desc_cap - dl)
                    dl += (size_t)w;
                h += 12 + flen;
            }
            off += 13 + rlen;
            continue;
        } else if (type == 22) {
            k = (uint32_t)23 << 24 | (uint32_t)(epoch & 0xffu) << 16 | 0xffffu;
            w = snprintf(desc + dl, desc_cap - dl, " hs(epoch %u, encrypted)", epoch);
        }
        if (k != 0)
            keys[n++] = k;
        if (w > 0 && (size_t)w < desc_cap - dl)
            dl += (size_t)w;
        off += 13 + rlen;
    }
    return n;
}

/* 1 when the datagram must be dropped (it carries a record not seen before). */
static int first_copy(keyset *seen, const uint8_t *d, size_t len, char *desc, size_t desc_cap)
{
    uint32_t keys[32];
    size_t n = datagram_keys(d, len, keys, 32, desc, desc_cap), i;
    int fresh = 0;
    for (i = 0; i < n; i++)
        if (!keyset_has(seen, keys[i]))
            fresh = 1;
    if (fresh)
        for (i = 0; i < n; i++)
            keyset_add(seen, keys[i]);
    return fresh;
}

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    uint8_t laddr[DTLS_POSIX_ADDR_MAX], taddr[DTLS_POSIX_ADDR_MAX], caddr[DTLS_POSIX_ADDR_MAX];
    size_t llen = sizeof laddr, tlen = sizeof taddr, clen = 0;
    int lfd, tfd, quiet = 0, ai = 1;
    keyset seen_cs, seen_sc;
    unsigned long fwd[2] = {0, 0}, drop[2] = {0, 0};
    struct sigaction sa;

    if (argc > 1 && strcmp(argv[1], "-q") == 0) {
        quiet = 1;
        ai = 2;
    }
    if (argc - ai != 2) {
        fprintf(stderr, "usage: relay [-q] LISTEN_PORT TARGET_PORT\n");
        return 2;
    }
    if (dtls_posix_addr_parse("127.0.0.1", argv[ai], laddr, &llen) != 0 ||
        dtls_posix_addr_parse("127.0.0.1", argv[ai + 1], taddr, &tlen) != 0) {
        fprintf(stderr, "relay: bad port\n");
        return 2;
    }
    lfd = dtls_posix_udp_bind(laddr, llen);
    tfd = dtls_posix_udp_connect(taddr, tlen);
    if (lfd < 0 || tfd < 0) {
        perror("relay: socket");
        return 1;
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    seen_cs.n = seen_sc.n = 0;
    fprintf(stderr, "relay: 127.0.0.1:%s -> 127.0.0.1:%s, dropping the first copy of every flight\n", argv[ai],
            argv[ai + 1]);
    while (!g_stop) {
        struct pollfd p[2];
        int i;
        p[0].fd = lfd;
        p[1].fd = tfd;
        p[0].events = p[1].events = POLLIN;
        p[0].revents = p[1].revents = 0;
        if (poll(p, 2, 200) < 0) {
            if (errno == EINTR)
                continue;
            perror("relay: poll");
            return 1;
        }
        for (i = 0; i < 2; i++) {
            uint8_t from[DTLS_POSIX_ADDR_MAX];
            size_t flen = sizeof from;
            char desc[512];
            int n;
            if (!(p[i].revents & (POLLIN | POLLERR)))
                continue;
            n = dtls_posix_udp_recv(p[i].fd, buf, sizeof buf, from, &flen, 0);
            if (n <= 0)
                continue;
            if (i == 0) {
                memcpy(caddr, from, flen);
                clen = flen;
            } else if (clen == 0) {
                continue; /* no client yet */
            }
            if (first_copy(i == 0 ? &seen_cs : &seen_sc, buf, (size_t)n, desc, sizeof desc)) {
                drop[i]++;
                if (!quiet)
                    fprintf(stderr, "relay: drop %s %d bytes:%s\n", i == 0 ? "c>s" : "s>c", n, desc);
                continue;
            }
            fwd[i]++;
            if (i == 0)
                (void)dtls_posix_udp_send(tfd, NULL, 0, buf, (size_t)n);
            else
                (void)dtls_posix_udp_send(lfd, caddr, clen, buf, (size_t)n);
        }
    }
    fprintf(stderr, "relay: c>s %lu forwarded %lu dropped; s>c %lu forwarded %lu dropped\n", fwd[0], drop[0],
            fwd[1], drop[1]);
    return 0;
}
