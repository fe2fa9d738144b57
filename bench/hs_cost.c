/* hs_cost.c - the handshake-cost benchmark: complete DTLS 1.2 handshakes,
 * client and server in this one process, joined by in-memory datagram queues
 * (no sockets, no sleeping, no timer ever fires), in the cases of
 * hs_common.h (PSK-CCM_8, PSK-GCM, ECDHE-PSK-ChaCha with X25519, and
 * ECDHE-ECDSA with GCM, CCM_8 and ChaCha, each with P-256 and with X25519
 * ECDHE and a P-256 certificate verified with name and dates); every server
 * does the HelloVerifyRequest cookie exchange, no session tickets, mtu 1232
 * where the library lets it be set.  Implementations: dtls.h (hs_dtls.c),
 * OpenSSL 3.0 libssl (hs_openssl.c), GnuTLS 3.7 (hs_gnutls.c), mbedTLS 2.28
 * (hs_mbedtls.c), wolfSSL 5.5 (hs_wolfssl.c).
 *
 *   hs_cost IMPL CASE N [MODE]  IMPL dtls.h|openssl|gnutls|mbedtls|wolfssl,
 *                           CASE psk-ccm8|psk-gcm|ecdhe-psk-chacha|ecdsa-gcm-p256|...
 *                           MODE (dtls.h only) full (the default: no tickets, no
 *                           session cache), ticket-full / id-full (the session is
 *                           made resumable: tickets / the server's session cache;
 *                           the first handshake counted is full, every later one
 *                           resumed), ticket / id (as ticket-full / id-full with one
 *                           full handshake and its close done before the N counted,
 *                           so all N are abbreviated, each after the cookie exchange)
 *
 * N = 1 runs one handshake; N = 0 does everything up to it (library init,
 * key and certificate loading, contexts, the first client/server pair) and
 * stops; N > 1 runs N handshakes one after the other, each on a fresh pair
 * made after the previous one was closed (close_notify) and released.
 * Exits 0 only when every handshake completed with the expected suite and
 * group (and certificate verification) after a HelloVerifyRequest, 3 when
 * this build of the library cannot do the case (the reason on stderr, one
 * line starting "unsupported:"); prints the datagrams each side sent on
 * stderr, in total and for each handshake (hs_one's hs_wire lines, flights
 * included).  tools/bench_hs.py runs it under valgrind --tool=callgrind and
 * subtracts.  No malloc wrapper here (hs_perf.c has it): the counts are the
 * libraries' own.  Built by the Makefile (HS_SRC). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_common.h"

static hs_queue to_client, to_server;

int main(int argc, char **argv)
{
    hs_run run;
    const hs_impl *impl;
    static const char *const modes[5] = {"full", "ticket-full", "ticket", "id-full", "id"};
    int n, c, r, m = 0;
    if (argc == 5)
        for (m = 0; m < 5 && strcmp(argv[4], modes[m]) != 0; m++)
            ;
    if ((argc != 4 && argc != 5) || m == 5 || (impl = hs_impl_by_name(argv[1])) == NULL ||
        (c = hs_case_by_name(argv[2])) < 0 || (n = atoi(argv[3])) < 0 || n > HS_MAX_RUN) {
        fprintf(stderr,
                "usage: hs_cost dtls.h|openssl|gnutls|mbedtls|wolfssl CASE N (0..%d) [full|ticket-full|ticket|id-full|id];"
                " CASE one of",
                HS_MAX_RUN);
        for (c = 0; c < HS_N_CASES; c++)
            fprintf(stderr, " %s", hs_cases[c].name);
        fprintf(stderr, "\n");
        return 2;
    }
    memset(&run, 0, sizeof(run));
    run.hs_case = c;
    run.n_handshakes = n;
    run.resume = m == 0 ? HS_RESUME_NONE : m <= 2 ? HS_RESUME_TICKET : HS_RESUME_ID;
    run.prime = m == 2 || m == 4;
    run.verbose = 1;
    run.to_client = &to_client;
    run.to_server = &to_server;
    r = hs_drive(&run, impl);
    if (r == HS_UNSUPPORTED) {
        fprintf(stderr, "unsupported: %s\n", run.unsupported);
        return HS_UNSUPPORTED;
    }
    if (r != 0) {
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
