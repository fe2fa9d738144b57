/* hs_perf.c - per handshake, natively (no valgrind), for every
 * implementation and case of hs_common.h, over the same in-memory queues as
 * hs_cost.c:
 *   - handshakes per CPU-second: CPU time of this process
 *     (CLOCK_PROCESS_CPUTIME_ID) over a loop of complete handshakes, each on
 *     a fresh pair (make_pair, handshake, close_pair: the client's
 *     close_notify read by the server, both connections released), for at
 *     least HS_PERF_SECONDS after one warm-up handshake;
 *   - datagrams and bytes on the wire per handshake, both directions (the
 *     queues' counters; HelloVerifyRequest exchange included);
 *   - memory per client+server pair: dtls.h, which allocates nothing, from
 *     hs_dtls.c's own_bytes (sizeof of what the caller provides, see there);
 *     the others from the heap, counted by this program's malloc (hs_malloc.c:
 *     malloc_usable_size of each block): "peak" is the most heap live at
 *     once from making the pair to the end of its handshake above what was
 *     live before the pair was made, "retained" what releasing the
 *     established pair gives back (the pair's own memory: a cache the
 *     library keeps across connections is not in it, but can be in the
 *     peak, e.g. wolfSSL's fixed-point ECC tables), measured after the
 *     handshakes per CPU-second (hundreds of
 *     handshakes before it: one-time allocations and caches that fill up,
 *     e.g. wolfSSL's fixed-point ECC cache, are not a pair's).  Neither includes the SSL_CTX / config /
 *     credentials made once at set-up.
 * Prints "BENCH <op>_<metric> <impl> <value> <unit>" for tools/bench_table.py,
 * and "NOTE <op> <impl> <reason>" for a case an implementation cannot do.
 *
 *   hs_perf [IMPL [CASE]]     (default: all; exit 1 when a run failed) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs_common.h"
#include "hs_malloc.h"

#define HS_PERF_SECONDS 0.4

static hs_queue to_client, to_server;

static int run_case(const hs_impl *impl, int c)
{
    const hs_case_info *ci = &hs_cases[c];
    hs_run run;
    unsigned long d0, b0, n = 0;
    size_t live0, peak, retained;
    double t0, t;
    int r;

    memset(&run, 0, sizeof(run));
    memset(&to_client, 0, sizeof(to_client));
    memset(&to_server, 0, sizeof(to_server));
    run.hs_case = c;
    run.to_client = &to_client;
    run.to_server = &to_server;
    r = impl->setup(&run);
    if (r == HS_UNSUPPORTED) {
        printf("NOTE %s %s %s\n", ci->op, impl->name, run.unsupported);
        impl->teardown(&run);
        return 0;
    }
    if (r != 0 || hs_one(&run, impl, 0) != 0 || impl->close_pair(&run, 0) != 0)
        goto failed;

    /* handshakes per CPU-second */
    t0 = hs_cpu_seconds();
    do {
        if (hs_one(&run, impl, 0) != 0 || impl->close_pair(&run, 0) != 0)
            goto failed;
        n++;
        t = hs_cpu_seconds() - t0;
    } while (t < HS_PERF_SECONDS);
    printf("BENCH %s_per_cpu_s %s %.1f hs/s\n", ci->op, impl->name, (double)n / t);
    /* one more pair, once everything warmed up: wire and memory */
    d0 = to_client.datagrams + to_server.datagrams;
    b0 = to_client.bytes + to_server.bytes;
    live0 = hs_heap_live();
    (void)hs_heap_peak_reset();
    if (hs_one(&run, impl, 1) != 0)
        goto failed;
    peak = hs_heap_peak_reset() - live0;
    retained = hs_heap_live();
    printf("BENCH %s_datagrams %s %lu datagrams\n", ci->op, impl->name, to_client.datagrams + to_server.datagrams - d0);
    printf("BENCH %s_bytes %s %lu bytes\n", ci->op, impl->name, to_client.bytes + to_server.bytes - b0);
    if (impl->close_pair(&run, 1) != 0)
        goto failed;
    retained -= hs_heap_live(); /* what releasing the pair gave back */
    if (impl->own_bytes != NULL) {
        if (peak != 0)
            fprintf(stderr, "hs_perf: %s %s: %lu heap bytes\n", impl->name, ci->name, (unsigned long)peak);
        peak = impl->own_bytes(&run, 0);
        retained = impl->own_bytes(&run, 1);
    }
    printf("BENCH %s_mem_peak %s %lu B\n", ci->op, impl->name, (unsigned long)peak);
    printf("BENCH %s_mem_retained %s %lu B\n", ci->op, impl->name, (unsigned long)retained);
    fflush(stdout);
    impl->teardown(&run);
    return 0;
failed:
    fprintf(stderr, "hs_perf: %s %s: FAILED\n", impl->name, ci->name);
    return 1;
}

int main(int argc, char **argv)
{
    int k, c, failed = 0;
    const hs_impl *only = argc > 1 ? hs_impl_by_name(argv[1]) : NULL;
    int only_case = argc > 2 ? hs_case_by_name(argv[2]) : -1;
    if ((argc > 1 && only == NULL) || (argc > 2 && only_case < 0) || argc > 3) {
        fprintf(stderr, "usage: hs_perf [dtls.h|openssl|gnutls|mbedtls|wolfssl [CASE]]\n");
        return 2;
    }
    for (c = 0; c < HS_N_CASES; c++) {
        if (only_case >= 0 && c != only_case)
            continue;
        for (k = 0; k < HS_N_IMPLS; k++)
            if (only == NULL || only == hs_impls[k])
                failed |= run_case(hs_impls[k], c);
    }
    return failed;
}
