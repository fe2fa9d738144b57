/* hs_cost.c - the handshake-cost benchmark: complete DTLS 1.2 handshakes,
 * client and server in this one process, joined by in-memory datagram queues
 * (no sockets, no sleeping, no timer ever fires), with
 *   ecdsa: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, P-256 ECDHE, a P-256
 *          server leaf "localhost" issued directly by a P-256 root that the
 *          client holds as its only trust anchor (chain sent: the leaf
 *          alone), the client verifies the chain, the validity dates against
 *          the system clock and the name; no client certificate;
 *   psk:   TLS_PSK_WITH_AES_128_CCM_8 (16-byte key, no identity hint);
 * every server does the HelloVerifyRequest cookie exchange, no session
 * tickets, mtu 1232.  Implementations: dtls.h (hs_dtls.c), OpenSSL 3.0
 * libssl (hs_openssl.c), mbedTLS 2.28 (hs_mbedtls.c).
 *
 *   hs_cost IMPL CASE N     IMPL dtls.h|openssl|mbedtls, CASE ecdsa|psk
 *
 * N = 1 runs one handshake; N = 0 does everything up to it (library init,
 * key and certificate loading, contexts, the first client/server pair) and
 * stops; N = 2 runs a second handshake on a fresh pair after the first.
 * Exits 0 only when every handshake completed with the expected suite (and
 * certificate verification); prints the datagrams each side sent on stderr.
 * tools/bench_hs.py runs it under valgrind --tool=callgrind and subtracts.
 *
 *   gcc -std=c99 -O2 -I. -Iport bench/hs_cost.c bench/hs_dtls.c bench/hs_openssl.c \
 *       bench/hs_mbedtls.c dtls.c port/posix.c -lssl -lcrypto -lmbedtls -lmbedx509 -lmbedcrypto */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_common.h"

const unsigned char hs_psk[16] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                                  0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};

static hs_queue to_client, to_server;

int hs_q_push(hs_queue *q, const void *data, size_t len)
{
    int k;
    if (q->n >= HS_QMAX || len > HS_DMAX) {
        fprintf(stderr, "hs_cost: datagram of %lu bytes refused (queue full or too big)\n", (unsigned long)len);
        return -1;
    }
    k = (q->head + q->n) % HS_QMAX;
    memcpy(q->d[k], data, len);
    q->len[k] = len;
    q->n++;
    q->datagrams++;
    q->bytes += (unsigned long)len;
    /* a handshake record (22) whose first message is a HelloVerifyRequest (3) */
    if (len > 13 && q->d[k][0] == 22 && q->d[k][13] == 3)
        q->hello_verify++;
    return 0;
}

int hs_q_pop(hs_queue *q, void *out, size_t cap)
{
    size_t len;
    if (q->n == 0)
        return -1;
    len = q->len[q->head];
    if (len > cap)
        len = cap;
    memcpy(out, q->d[q->head], len);
    q->head = (q->head + 1) % HS_QMAX;
    q->n--;
    return (int)len;
}

int hs_drive(hs_run *run, const hs_impl *impl)
{
    int i;
    if (run->n_handshakes > HS_MAX_PAIRS) {
        fprintf(stderr, "hs_cost %s: at most %d handshakes\n", impl->name, HS_MAX_PAIRS);
        return 1;
    }
    if (impl->setup(run) != 0)
        return 1;
    for (i = 0; i < (run->n_handshakes > 0 ? run->n_handshakes : 1); i++) {
        if (impl->make_pair(run, i) != 0)
            return 1;
        if (run->n_handshakes == 0)
            return 0;
        if (impl->handshake(run, i) != 0)
            return 1;
    }
    return 0;
}

static const hs_impl *const impls[] = {&hs_impl_dtls, &hs_impl_openssl, &hs_impl_mbedtls};

int main(int argc, char **argv)
{
    hs_run run;
    int n;
    size_t k;
    if (argc != 4 || (strcmp(argv[2], "ecdsa") != 0 && strcmp(argv[2], "psk") != 0) ||
        (n = atoi(argv[3])) < 0 || n > 2) {
        fprintf(stderr, "usage: hs_cost dtls.h|openssl|mbedtls ecdsa|psk 0|1|2\n");
        return 2;
    }
    memset(&run, 0, sizeof(run));
    run.hs_case = strcmp(argv[2], "psk") == 0 ? HS_PSK : HS_ECDSA;
    run.n_handshakes = n;
    run.to_client = &to_client;
    run.to_server = &to_server;
    for (k = 0; k < sizeof(impls) / sizeof(impls[0]) && strcmp(argv[1], impls[k]->name) != 0; k++)
        ;
    if (k == sizeof(impls) / sizeof(impls[0])) {
        fprintf(stderr, "hs_cost: unknown implementation %s\n", argv[1]);
        return 2;
    }
    if (hs_drive(&run, impls[k]) != 0) {
        fprintf(stderr, "hs_cost: %s %s: FAILED\n", argv[1], argv[2]);
        return 1;
    }
    fprintf(stderr,
            "hs_cost: %s %s: %d handshake(s) complete; client sent %lu datagrams (%lu bytes), server %lu (%lu bytes,"
            " %lu HelloVerifyRequest)\n",
            argv[1], argv[2], n, to_server.datagrams, to_server.bytes, to_client.datagrams, to_client.bytes,
            to_client.hello_verify);
    return 0;
}
