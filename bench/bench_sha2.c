/* bench_sha2.c - SHA-256, SHA-384 and HMAC-SHA-256 throughput on 1 KiB
 * messages: dtls.h, OpenSSL libcrypto (EVP_Digest, HMAC) and mbedTLS 2.28.
 *
 *   gcc -O2 -Icrypto bench/bench_sha2.c crypto/sha2.c crypto/hmac.c crypto/ct.c \
 *       crypto/error.c -lcrypto -lmbedcrypto
 *
 * Prints "BENCH <operation> <impl> <value> MB/s"; each row runs ~0.3 s. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sha2.h"
#include "hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <mbedtls/md.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>

#define MSG_LEN 1024
#define ROW_SECONDS 0.3

static unsigned char msg[MSG_LEN], key[32], out[64];
static volatile unsigned char sink;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Calls fn in batches until ROW_SECONDS have passed; prints MB/s. */
static void row(const char *op, const char *impl, void (*fn)(void))
{
    double start = now(), elapsed;
    unsigned long iters = 0;
    int i;
    do {
        for (i = 0; i < 64; i++)
            fn();
        iters += 64;
        elapsed = now() - start;
    } while (elapsed < ROW_SECONDS);
    sink ^= out[0];
    printf("BENCH %s %s %.1f MB/s\n", op, impl, (double)iters * MSG_LEN / elapsed / 1e6);
    fflush(stdout);
}

static void dtls_sha256_1k(void) { dtls_sha256(out, msg, MSG_LEN); }
static void dtls_sha384_1k(void) { dtls_sha384(out, msg, MSG_LEN); }
static void dtls_hmac256_1k(void) { dtls_hmac(out, DTLS_HASH_SHA256, key, sizeof key, msg, MSG_LEN); }

static void ossl_sha256_1k(void) { EVP_Digest(msg, MSG_LEN, out, NULL, EVP_sha256(), NULL); }
static void ossl_sha384_1k(void) { EVP_Digest(msg, MSG_LEN, out, NULL, EVP_sha384(), NULL); }
static void ossl_hmac256_1k(void)
{
    unsigned int len = 0;
    HMAC(EVP_sha256(), key, (int)sizeof key, msg, MSG_LEN, out, &len);
}

static void mbed_sha256_1k(void) { mbedtls_sha256_ret(msg, MSG_LEN, out, 0); }
static void mbed_sha384_1k(void) { mbedtls_sha512_ret(msg, MSG_LEN, out, 1); }
static void mbed_hmac256_1k(void)
{
    mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, sizeof key, msg, MSG_LEN, out);
}

/* Every implementation must agree before anything is timed. */
static int cross_check(void)
{
    unsigned char a[64], b[64], c[64];
    unsigned int len = 0;
    int ok = 1;
    dtls_sha256(a, msg, MSG_LEN);
    EVP_Digest(msg, MSG_LEN, b, NULL, EVP_sha256(), NULL);
    mbedtls_sha256_ret(msg, MSG_LEN, c, 0);
    ok &= memcmp(a, b, 32) == 0 && memcmp(a, c, 32) == 0;
    dtls_sha384(a, msg, MSG_LEN);
    EVP_Digest(msg, MSG_LEN, b, NULL, EVP_sha384(), NULL);
    mbedtls_sha512_ret(msg, MSG_LEN, c, 1);
    ok &= memcmp(a, b, 48) == 0 && memcmp(a, c, 48) == 0;
    dtls_hmac(a, DTLS_HASH_SHA256, key, sizeof key, msg, MSG_LEN);
    HMAC(EVP_sha256(), key, (int)sizeof key, msg, MSG_LEN, b, &len);
    mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, sizeof key, msg, MSG_LEN, c);
    ok &= memcmp(a, b, 32) == 0 && memcmp(a, c, 32) == 0;
    return ok;
}

int main(void)
{
    size_t i;
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 7u + 1u);
    for (i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i + 0x40u);
    if (!cross_check()) {
        fprintf(stderr, "bench_sha2: implementations disagree\n");
        return 1;
    }
    row("sha256", "dtls.h", dtls_sha256_1k);
    row("sha256", "openssl", ossl_sha256_1k);
    row("sha256", "mbedtls", mbed_sha256_1k);
    row("sha384", "dtls.h", dtls_sha384_1k);
    row("sha384", "openssl", ossl_sha384_1k);
    row("sha384", "mbedtls", mbed_sha384_1k);
    row("hmac-sha256", "dtls.h", dtls_hmac256_1k);
    row("hmac-sha256", "openssl", ossl_hmac256_1k);
    row("hmac-sha256", "mbedtls", mbed_hmac256_1k);
    return 0;
}
