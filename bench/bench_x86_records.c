/* bench_x86_records.c - DTLS 1.2 application records of 1 KiB through each
 * library's whole record layer, over an established client/server pair in
 * memory (the handshake drivers of hs_common.h: dtls.h, OpenSSL, GnuTLS,
 * mbedTLS, wolfSSL), for AES-128-GCM, AES-128-CCM_8 and ChaCha20-Poly1305,
 * and dtls.h again with the x86 hooks (port/x86.c: AES-NI + PCLMULQDQ; it
 * declines ChaCha20-Poly1305, which stays software).  Also SHA-256 of 1 KiB
 * through dtls.h's hash dispatch with and without the SHA-NI hooks, beside
 * OpenSSL's SHA256().
 *
 *   seal: the client's write of one 1 KiB record (dtls_conn_write,
 *         SSL_write, gnutls_record_send, mbedtls_ssl_write, wolfSSL_write),
 *         down to the datagram in the queue;
 *   open: the client's read of one record the server sealed (the datagram
 *         from the queue, dtls_conn_input + dtls_conn_read, SSL_read,
 *         gnutls_record_recv, mbedtls_ssl_read, wolfSSL_read).
 * Both at the client, in batches of BATCH records; between them, untimed, the
 * server opens the client's batch (each record checked against what was
 * sent) and seals its own, and every record the client opened is checked
 * after the clock stops.  With the hooks, dtls.h first runs a few batches
 * with them on its client only (its server software: each record the hooks
 * seal is opened by the software record layer and each they open was sealed
 * by it), then the measured run with them on both sides.  The suite: the
 * PSK one of the AEAD (PSK-GCM, PSK-CCM_8, ECDHE-PSK-ChaCha), or the
 * ECDHE-ECDSA P-256 one when the library cannot do that (Debian's wolfSSL):
 * the record layer is the same.  Time: CPU time of this process
 * (CLOCK_PROCESS_CPUTIME_ID), at least ROW_SECONDS per direction.
 *
 * Prints "BENCH records_<alg>_<seal|open>_1k <impl> <MB/s> MB/s" (dtls.h with
 * the hooks off), the same operation with suffix _x86hooks for dtls.h with
 * the hooks on, the other libraries' figures (measured once) printed under
 * both so each row has its ratios.  When the CPU lacks the instructions the
 * _x86hooks rows say so on stderr and are not printed.
 *
 *   make build/bench/bench_x86_records   (the Makefile links it with HS_SRC) */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>

#include <openssl/sha.h>

#include "../dtls.h"
#include "../port/x86.h"
#include "hs_common.h"

#define MSG_LEN 1024
#define BATCH 32
#define ROW_SECONDS 0.25

static unsigned char msg[BATCH][MSG_LEN], got[BATCH][MSG_LEN + 64], work[MSG_LEN + 64];
static hs_queue to_client, to_server;
static volatile unsigned char sink;

/* the case whose records are measured, per AEAD: first choice, fallback */
static const int rec_case[HS_N_AEADS][2] = {{HS_PSK_GCM, HS_ECDSA_GCM_P256},
                                            {HS_PSK_CCM8, HS_ECDSA_CCM8_P256},
                                            {HS_ECDHE_PSK_CHACHA, HS_ECDSA_CHACHA_P256}};

/* Sets up impl for the AEAD (the first case of rec_case it can do) and
 * makes pair 0 with its handshake: 0, HS_UNSUPPORTED (the reason in *why),
 * or 1. */
static int open_pair(hs_run *run, const hs_impl *impl, int aead, int x86, const char **why)
{
    int j, r = HS_UNSUPPORTED;
    for (j = 0; j < 2 && r == HS_UNSUPPORTED; j++) {
        memset(run, 0, sizeof(*run));
        memset(&to_client, 0, sizeof(to_client));
        memset(&to_server, 0, sizeof(to_server));
        run->hs_case = rec_case[aead][j];
        run->x86_hooks = x86;
        run->to_client = &to_client;
        run->to_server = &to_server;
        r = impl->setup(run);
        if (r == HS_UNSUPPORTED) {
            *why = run->unsupported;
            impl->teardown(run);
        }
    }
    if (r == 0 && hs_one(run, impl, 0) != 0)
        r = 1;
    return r;
}

/* Batches of BATCH records each way, checked; the client's seal and open
 * times added to t[0], t[1].  Until both reach ROW_SECONDS, or just
 * n_batches when that is > 0.  The records carried, or 0 after a message. */
static unsigned long batches(hs_run *run, const hs_impl *impl, int n_batches, double t[2])
{
    unsigned long n = 0;
    double t0;
    int k;
    do {
        t0 = hs_cpu_seconds();
        for (k = 0; k < BATCH; k++)
            if (impl->c_write(run, 0, msg[k], MSG_LEN) != 0)
                return 0;
        t[0] += hs_cpu_seconds() - t0;
        for (k = 0; k < BATCH; k++)
            if (impl->s_read(run, 0, work, sizeof(work)) != MSG_LEN || memcmp(work, msg[k], MSG_LEN) != 0) {
                fprintf(stderr, "bench_x86_records: %s: the server opened record %d wrong\n", impl->name, k);
                return 0;
            }
        for (k = 0; k < BATCH; k++)
            if (impl->s_write(run, 0, msg[BATCH - 1 - k], MSG_LEN) != 0)
                return 0;
        t0 = hs_cpu_seconds();
        for (k = 0; k < BATCH; k++)
            if (impl->c_read(run, 0, got[k], sizeof(got[k])) != MSG_LEN)
                return 0;
        t[1] += hs_cpu_seconds() - t0;
        for (k = 0; k < BATCH; k++)
            if (memcmp(got[k], msg[BATCH - 1 - k], MSG_LEN) != 0) {
                fprintf(stderr, "bench_x86_records: %s: the client opened record %d wrong\n", impl->name, k);
                return 0;
            }
        n += BATCH;
    } while (n_batches > 0 ? n < (unsigned long)n_batches * BATCH : (t[0] < ROW_SECONDS || t[1] < ROW_SECONDS));
    return n;
}

/* MB/s of seal and open into mbs[0], mbs[1]: 0, HS_UNSUPPORTED (the reason
 * in *why), or 1.  With x86 (dtls.h only): first a few batches with the
 * hooks on the client only, its server software (the cross-check), then the
 * measured run with the hooks on both sides (a software server would take
 * thirty times as long as the measured client). */
static int measure(const hs_impl *impl, int aead, int x86, double mbs[2], const char **why)
{
    hs_run run;
    double t[2] = {0, 0};
    unsigned long n;
    int r;
    if (x86) {
        r = open_pair(&run, impl, aead, 1, why);
        if (r != 0)
            return r;
        if (batches(&run, impl, 4, t) == 0)
            goto failed;
        impl->teardown(&run);
        t[0] = t[1] = 0;
    }
    r = open_pair(&run, impl, aead, x86 ? 2 : 0, why);
    if (r == 1)
        goto failed;
    if (r != 0)
        return r;
    n = batches(&run, impl, 0, t);
    if (n == 0)
        goto failed;
    mbs[0] = (double)n * MSG_LEN / 1e6 / t[0];
    mbs[1] = (double)n * MSG_LEN / 1e6 / t[1];
    impl->teardown(&run);
    return 0;
failed:
    fprintf(stderr, "bench_x86_records: %s %s%s: FAILED\n", impl->name, hs_aead_names[aead], x86 ? " with the hooks" : "");
    return 1;
}

/* ---- SHA-256 of 1 KiB through the hash dispatch ---- */
static const dtls_crypto_hooks *sha_hooks;
static void sha_dtls(void)
{
    dtls_hash_ctx h;
    dtls_crypto_hash_init(sha_hooks, &h, DTLS_HASH_SHA256);
    dtls_crypto_hash_update(sha_hooks, &h, msg[0], MSG_LEN);
    dtls_crypto_hash_final(sha_hooks, &h, work);
}
static void sha_ossl(void)
{
    SHA256(msg[0], MSG_LEN, work);
}
static double sha_rate(void (*fn)(void))
{
    double start = hs_cpu_seconds(), elapsed;
    unsigned long iters = 0;
    int i;
    do {
        for (i = 0; i < 64; i++)
            fn();
        iters += 64;
        elapsed = hs_cpu_seconds() - start;
    } while (elapsed < ROW_SECONDS);
    sink ^= work[0];
    return (double)iters * MSG_LEN / 1e6 / elapsed;
}

int main(void)
{
    static const char *const dir[2] = {"seal", "open"};
    dtls_crypto_hooks sw_hooks, hw_hooks;
    double mbs[HS_N_IMPLS][2], hw[2];
    const char *why[HS_N_IMPLS];
    unsigned char ref[32];
    unsigned groups;
    int a, k, d, r, failed = 0, have[HS_N_IMPLS];
    size_t i;
    double s_sw, s_hw = 0, s_os;

    for (k = 0; k < BATCH; k++)
        for (i = 0; i < MSG_LEN; i++)
            msg[k][i] = (unsigned char)(i * 7 + (size_t)k * 13 + 1);
    memset(&sw_hooks, 0, sizeof sw_hooks);
    memset(&hw_hooks, 0, sizeof hw_hooks);
    r = dtls_x86_hooks(&hw_hooks, DTLS_X86_ALL);
    groups = r > 0 ? (unsigned)r : 0;
    if (!(groups & DTLS_X86_AES))
        fprintf(stderr, "bench_x86_records: no AES-NI/PCLMULQDQ here: the _x86hooks rows are left out\n");

    for (a = 0; a < HS_N_AEADS; a++) {
        for (k = 0; k < HS_N_IMPLS; k++) {
            why[k] = NULL;
            r = measure(hs_impls[k], a, 0, mbs[k], &why[k]);
            have[k] = r == 0;
            failed |= r != 0 && r != HS_UNSUPPORTED;
        }
        r = (groups & DTLS_X86_AES) ? measure(&hs_impl_dtls, a, 1, hw, &why[0]) : HS_UNSUPPORTED;
        failed |= r != 0 && r != HS_UNSUPPORTED;
        for (d = 0; d < 2; d++) {
            for (k = 0; k < HS_N_IMPLS; k++) {
                if (have[k])
                    printf("BENCH records_%s_%s_1k %s %.1f MB/s\n", hs_aead_names[a], dir[d], hs_impls[k]->name,
                           mbs[k][d]);
                else if (why[k] != NULL)
                    printf("NOTE records_%s_%s_1k %s %s\n", hs_aead_names[a], dir[d], hs_impls[k]->name, why[k]);
            }
            if (r == 0)
                for (k = 0; k < HS_N_IMPLS; k++)
                    if (k == 0 || have[k])
                        printf("BENCH records_%s_%s_1k_x86hooks %s %.1f MB/s\n", hs_aead_names[a], dir[d],
                               hs_impls[k]->name, k == 0 ? hw[d] : mbs[k][d]);
        }
        fflush(stdout);
    }

    /* SHA-256 */
    sha_hooks = &sw_hooks;
    sha_dtls();
    memcpy(ref, work, 32);
    sha_ossl();
    if (memcmp(ref, work, 32) != 0) {
        fprintf(stderr, "bench_x86_records: SHA-256 differs from OpenSSL's\n");
        failed = 1;
    }
    s_sw = sha_rate(sha_dtls);
    s_os = sha_rate(sha_ossl);
    if (groups & DTLS_X86_SHA) {
        sha_hooks = &hw_hooks;
        sha_dtls();
        if (memcmp(ref, work, 32) != 0) {
            fprintf(stderr, "bench_x86_records: SHA-256 with the SHA-NI hooks differs\n");
            failed = 1;
        }
        s_hw = sha_rate(sha_dtls);
    } else {
        fprintf(stderr, "bench_x86_records: no SHA-NI here: the sha256_1k_x86hooks row is left out\n");
    }
    printf("BENCH sha256_1k dtls.h %.1f MB/s\n", s_sw);
    printf("BENCH sha256_1k openssl %.1f MB/s\n", s_os);
    if (groups & DTLS_X86_SHA) {
        printf("BENCH sha256_1k_x86hooks dtls.h %.1f MB/s\n", s_hw);
        printf("BENCH sha256_1k_x86hooks openssl %.1f MB/s\n", s_os);
    }
    if (failed)
        fprintf(stderr, "bench_x86_records: a check failed\n");
    return failed;
}
