/* bench_server.c - what one datagram and one deadline cost the server as its
 * connections grow (issue 13: at most 1.5x as much with 100,000 connections
 * as with 10): dtls_server_input of an application record to a random
 * established connection (opened, replay-checked, delivered), and
 * dtls_server_deadline, at 10, 1,000 and 100,000 connections, with the index
 * (dtls_server_index) and with the scan of every slot.
 *
 * The connections are copies of one real PSK-CCM_8 connection (a handshake in
 * memory) with distinct addresses, so they share its keys: one client cipher
 * seals records for all of them, each with a sequence number higher than
 * any before.  Prints "BENCH <operation> dtls.h <ns> ns" lines, and the
 * ratio 100,000 / 10 for the index. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../dtls.h"

#define NMAX 100000

static dtls_conn slots[NMAX];
static uint32_t words[DTLS_SERVER_INDEX_WORDS(NMAX)];
static uint8_t q[8][1500];
static size_t qlen[8], qn, qfrom[8];
static uint64_t rng = 88172645463325252ull;
static uint32_t now_ms = 1000;
static unsigned long delivered;
static const uint8_t key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static int b_random(void *u, uint8_t *out, size_t len)
{
    size_t i;
    (void)u;
    for (i = 0; i < len; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        out[i] = (uint8_t)rng;
    }
    return 0;
}

static uint32_t b_now(void *u)
{
    (void)u;
    return now_ms;
}

static int b_send(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t len)
{
    (void)a;
    (void)al;
    if (qn < 8) {
        memcpy(q[qn], d, len);
        qlen[qn] = len;
        qfrom[qn] = (size_t)(u != NULL);
        qn++;
    }
    return (int)len;
}

static int b_psk(void *u, const uint8_t *id, size_t idl, uint8_t *k, size_t *kl)
{
    (void)u;
    (void)id;
    (void)idl;
    memcpy(k, key, 16);
    *kl = 16;
    return 0;
}

static void b_data(void *u, dtls_conn *c, const uint8_t *d, size_t len)
{
    (void)u;
    (void)c;
    (void)d;
    (void)len;
    delivered++;
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void addr_of(size_t k, uint8_t a[4])
{
    a[0] = 10;
    a[1] = (uint8_t)(k >> 16);
    a[2] = (uint8_t)(k >> 8);
    a[3] = (uint8_t)k;
}

int main(void)
{
    static dtls_config ccfg, scfg;
    static dtls_ctx cctx, sctx;
    static dtls_hs chs, shs[2];
    static dtls_conn cli;
    static dtls_server srv;
    static dtls_crypto_hooks hooks;
    static uint8_t ctx_buf[1500], stx_buf[1500], rec[256];
    static const size_t sizes[3] = {10, 1000, NMAX};
    static const uint16_t suite[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
    static const uint8_t saddr[4] = {10, 255, 255, 255};
    double per[2][3];
    uint64_t seq = 1000;
    size_t s, i, k, n, mode;
    uint8_t a[4];

    hooks.random = b_random;
    ccfg.role = DTLS_ROLE_CLIENT;
    ccfg.suites = suite;
    ccfg.n_suites = 1;
    ccfg.psk_identity = (const uint8_t *)"bench";
    ccfg.psk_identity_len = 5;
    ccfg.psk = key;
    ccfg.psk_len = 16;
    ccfg.send = b_send;
    ccfg.now = b_now;
    ccfg.hooks = &hooks;
    ccfg.user = &cli;
    scfg.role = DTLS_ROLE_SERVER;
    scfg.psk_server = b_psk;
    scfg.send = b_send;
    scfg.now = b_now;
    scfg.hooks = &hooks;
    scfg.on_data = b_data;
    if (dtls_ctx_init(&cctx, &ccfg, ctx_buf, sizeof ctx_buf, &chs, 1) != 0 ||
        dtls_conn_init(&cli, &cctx, saddr, 4) != 0 || dtls_ctx_init(&sctx, &scfg, stx_buf, sizeof stx_buf, shs, 2) != 0 ||
        dtls_server_init(&srv, &sctx, slots, NMAX) != 0 || dtls_conn_connect(&cli) != 0)
        return 1;
    addr_of(0, a);
    for (i = 0; i < 40 && !dtls_conn_is_established(&cli); i++) {
        size_t m = qn, j;
        uint8_t buf[8][1500];
        size_t bl[8], bf[8];
        memcpy(buf, q, sizeof q);
        memcpy(bl, qlen, sizeof bl);
        memcpy(bf, qfrom, sizeof bf);
        qn = 0;
        for (j = 0; j < m; j++) {
            if (bf[j])
                (void)dtls_server_input(&srv, buf[j], bl[j], a, 4);
            else
                (void)dtls_conn_input(&cli, buf[j], bl[j]);
        }
    }
    if (!dtls_conn_is_established(&cli) || dtls__conn_is_free(&slots[0]) || slots[0].dtls__hs != NULL) {
        fprintf(stderr, "bench_server: the handshake did not complete\n");
        return 1;
    }
    /* the copies: the same keys, their own addresses and replay windows */
    for (k = 1; k < NMAX; k++) {
        slots[k] = slots[0];
        addr_of(k, slots[k].dtls__addr);
    }
    for (mode = 0; mode < 2; mode++) {
        for (s = 0; s < 3; s++) {
            size_t nconn = sizes[s], iters;
            double t0, t;
            for (k = nconn; k < NMAX; k++) /* only the first nconn slots live */
                slots[k].dtls__state = DTLS__CS_FREE;
            for (k = 0; k < nconn; k++)
                slots[k].dtls__state = DTLS__CS_ESTABLISHED;
            srv.dtls__n_slots = nconn;
            srv.dtls__ix = NULL;
            if (mode == 0 && dtls_server_index(&srv, words, DTLS_SERVER_INDEX_WORDS(nconn)) != 0)
                return 1;
            iters = mode == 1 && nconn == NMAX ? 2000 : 200000;
            delivered = 0;
            t0 = seconds();
            for (i = 0; i < iters; i++) {
                k = (i * 7919u) % nconn;
                addr_of(k, a);
                n = (size_t)dtls__record_protect(NULL, &cli.dtls__wr, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, 1,
                                                 seq++, rec, sizeof rec, (const uint8_t *)"0123456789abcdef", 16);
                (void)dtls_server_input(&srv, rec, n, a, 4);
            }
            t = seconds() - t0;
            if (delivered != iters) {
                fprintf(stderr, "bench_server: %lu of %lu records delivered\n", delivered, (unsigned long)iters);
                return 1;
            }
            per[mode][s] = t / (double)iters * 1e9;
            printf("BENCH server_datagram_%s_%luconn dtls.h %.0f ns\n", mode == 0 ? "index" : "scan",
                   (unsigned long)nconn, per[mode][s]);
            iters = mode == 1 && nconn == NMAX ? 200 : 200000;
            t0 = seconds();
            for (i = 0; i < iters; i++) {
                uint32_t at;
                now_ms++;
                (void)dtls_server_deadline(&srv, &at);
            }
            t = seconds() - t0;
            printf("BENCH server_deadline_%s_%luconn dtls.h %.0f ns\n", mode == 0 ? "index" : "scan",
                   (unsigned long)nconn, t / (double)iters * 1e9);
        }
    }
    fprintf(stderr, "bench_server: with the index a datagram costs %.2fx at 100,000 connections what it costs at 10 "
                    "(the scan: %.0fx)\n",
            per[0][2] / per[0][0], per[1][2] / per[1][0]);
    return 0;
}
