/* bench_aes.c - AES-128-GCM and AES-128-CCM (16-byte tag, 12-byte nonce)
 * seal throughput on 1 KiB records with the 13-byte DTLS 1.2 AAD: dtls.h
 * (key pre-expanded: dtls_gcm_seal / dtls_ccm_seal over a dtls_aes_ctx; and
 * the raw-key functions, which expand the key on every call, as the record
 * layer does), OpenSSL libcrypto (EVP, key set once) and mbedTLS 2.28
 * (mbedtls_gcm_crypt_and_tag, mbedtls_ccm_encrypt_and_tag, key set once).
 * Also AES-128 key expansion per second.
 *
 *   gcc -O2 -Icrypto bench/bench_aes.c crypto/aes.c crypto/gcm.c crypto/ccm.c \
 *       crypto/ct.c crypto/error.c -lcrypto -lmbedcrypto
 *
 * Prints "BENCH <operation> <impl> <value> <unit>"; each row runs ~0.3 s.
 * Every implementation's output is checked against dtls.h's first. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aes.h"
#include "gcm.h"
#include "ccm.h"
#include "ct.h"

#include <openssl/evp.h>

#include <mbedtls/ccm.h>
#include <mbedtls/gcm.h>

#define MSG_LEN 1024
#define AAD_LEN 13
#define ROW_SECONDS 0.3

static unsigned char msg[MSG_LEN], key[16], nonce[12], aad[AAD_LEN], out[MSG_LEN + 16];
static unsigned char ref_gcm[MSG_LEN + 16], ref_ccm[MSG_LEN + 16];
static volatile unsigned char sink;
static dtls_aes_ctx aes;
static EVP_CIPHER_CTX *ossl_gcm, *ossl_ccm;
static mbedtls_gcm_context mbed_gcm;
static mbedtls_ccm_context mbed_ccm;
static int failed;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void row(const char *op, const char *impl, void (*fn)(void), int batch, double scale,
                const char *unit)
{
    double start = now(), elapsed;
    unsigned long iters = 0;
    int i;
    do {
        for (i = 0; i < batch; i++)
            fn();
        iters += (unsigned long)batch;
        elapsed = now() - start;
    } while (elapsed < ROW_SECONDS);
    sink ^= out[0];
    printf("BENCH %s %s %.1f %s\n", op, impl, (double)iters * scale / elapsed, unit);
    fflush(stdout);
}

static void check(const char *what, const unsigned char *want)
{
    if (memcmp(out, want, MSG_LEN + 16) != 0) {
        fprintf(stderr, "bench_aes: %s output differs from dtls.h\n", what);
        failed = 1;
    }
}

/* ---- dtls.h ---- */
static void dtls_gcm_ctx_1k(void)
{
    (void)dtls_gcm_seal(dtls_aes_ecb, &aes, out, nonce, 12, aad, AAD_LEN, msg, MSG_LEN);
}
static void dtls_gcm_raw_1k(void)
{
    (void)dtls_aes_gcm_seal(out, key, 16, nonce, 12, aad, AAD_LEN, msg, MSG_LEN);
}
static void dtls_ccm_ctx_1k(void)
{
    (void)dtls_ccm_seal(dtls_aes_ecb, &aes, 16, out, nonce, 12, aad, AAD_LEN, msg, MSG_LEN);
}
static void dtls_ccm_raw_1k(void)
{
    (void)dtls_aes_ccm_seal(out, key, 16, 16, nonce, 12, aad, AAD_LEN, msg, MSG_LEN);
}
static void dtls_keysched(void)
{
    dtls_aes_ctx c;
    (void)dtls_aes_init(&c, key, 16);
    out[0] ^= (unsigned char)c.rk[7];
}

/* ---- OpenSSL ---- */
static void ossl_gcm_1k(void)
{
    int len = 0, fin = 0;
    if (EVP_EncryptInit_ex(ossl_gcm, NULL, NULL, NULL, nonce) != 1 ||
        EVP_EncryptUpdate(ossl_gcm, NULL, &len, aad, AAD_LEN) != 1 ||
        EVP_EncryptUpdate(ossl_gcm, out, &len, msg, MSG_LEN) != 1 ||
        EVP_EncryptFinal_ex(ossl_gcm, out + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_gcm, EVP_CTRL_AEAD_GET_TAG, 16, out + MSG_LEN) != 1)
        failed = 1;
}
static void ossl_ccm_1k(void)
{
    int len = 0, fin = 0;
    /* CCM needs the total length announced before the AAD */
    if (EVP_EncryptInit_ex(ossl_ccm, NULL, NULL, NULL, nonce) != 1 ||
        EVP_EncryptUpdate(ossl_ccm, NULL, &len, NULL, MSG_LEN) != 1 ||
        EVP_EncryptUpdate(ossl_ccm, NULL, &len, aad, AAD_LEN) != 1 ||
        EVP_EncryptUpdate(ossl_ccm, out, &len, msg, MSG_LEN) != 1 ||
        EVP_EncryptFinal_ex(ossl_ccm, out + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_ccm, EVP_CTRL_AEAD_GET_TAG, 16, out + MSG_LEN) != 1)
        failed = 1;
}

/* ---- mbedTLS ---- */
static void mbed_gcm_1k(void)
{
    if (mbedtls_gcm_crypt_and_tag(&mbed_gcm, MBEDTLS_GCM_ENCRYPT, MSG_LEN, nonce, 12, aad, AAD_LEN,
                                  msg, out, 16, out + MSG_LEN) != 0)
        failed = 1;
}
static void mbed_ccm_1k(void)
{
    if (mbedtls_ccm_encrypt_and_tag(&mbed_ccm, MSG_LEN, nonce, 12, aad, AAD_LEN, msg, out,
                                    out + MSG_LEN, 16) != 0)
        failed = 1;
}

int main(void)
{
    const double mb = (double)MSG_LEN / 1e6;
    size_t i;
    for (i = 0; i < sizeof msg; i++) msg[i] = (unsigned char)i;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(0x11 * i);
    for (i = 0; i < sizeof nonce; i++) nonce[i] = (unsigned char)(0xA0 + i);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)i;

    if (dtls_aes_init(&aes, key, 16) != 0) return 1;
    ossl_gcm = EVP_CIPHER_CTX_new();
    ossl_ccm = EVP_CIPHER_CTX_new();
    if (!ossl_gcm || !ossl_ccm ||
        EVP_EncryptInit_ex(ossl_gcm, EVP_aes_128_gcm(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_gcm, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
        EVP_EncryptInit_ex(ossl_gcm, NULL, NULL, key, NULL) != 1 ||
        EVP_EncryptInit_ex(ossl_ccm, EVP_aes_128_ccm(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_ccm, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_ccm, EVP_CTRL_AEAD_SET_TAG, 16, NULL) != 1 ||
        EVP_EncryptInit_ex(ossl_ccm, NULL, NULL, key, NULL) != 1) {
        fprintf(stderr, "bench_aes: OpenSSL setup failed\n");
        return 1;
    }
    mbedtls_gcm_init(&mbed_gcm);
    mbedtls_ccm_init(&mbed_ccm);
    if (mbedtls_gcm_setkey(&mbed_gcm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0 ||
        mbedtls_ccm_setkey(&mbed_ccm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0) {
        fprintf(stderr, "bench_aes: mbedTLS setup failed\n");
        return 1;
    }

    /* cross-check outputs once */
    dtls_gcm_ctx_1k();
    memcpy(ref_gcm, out, sizeof out);
    dtls_gcm_raw_1k(); check("dtls.h raw-key GCM", ref_gcm);
    ossl_gcm_1k(); check("OpenSSL GCM", ref_gcm);
    mbed_gcm_1k(); check("mbedTLS GCM", ref_gcm);
    dtls_ccm_ctx_1k();
    memcpy(ref_ccm, out, sizeof out);
    dtls_ccm_raw_1k(); check("dtls.h raw-key CCM", ref_ccm);
    ossl_ccm_1k(); check("OpenSSL CCM", ref_ccm);
    mbed_ccm_1k(); check("mbedTLS CCM", ref_ccm);
    if (failed) return 1;

    row("aes128gcm_seal_1k", "dtls.h", dtls_gcm_ctx_1k, 16, mb, "MB/s");
    row("aes128gcm_seal_1k", "dtls.h-rawkey", dtls_gcm_raw_1k, 16, mb, "MB/s");
    row("aes128gcm_seal_1k", "openssl", ossl_gcm_1k, 256, mb, "MB/s");
    row("aes128gcm_seal_1k", "mbedtls", mbed_gcm_1k, 64, mb, "MB/s");
    row("aes128ccm_seal_1k", "dtls.h", dtls_ccm_ctx_1k, 16, mb, "MB/s");
    row("aes128ccm_seal_1k", "dtls.h-rawkey", dtls_ccm_raw_1k, 16, mb, "MB/s");
    row("aes128ccm_seal_1k", "openssl", ossl_ccm_1k, 256, mb, "MB/s");
    row("aes128ccm_seal_1k", "mbedtls", mbed_ccm_1k, 64, mb, "MB/s");
    row("aes128_key_expansion", "dtls.h", dtls_keysched, 256, 1.0, "ops/s");

    EVP_CIPHER_CTX_free(ossl_gcm);
    EVP_CIPHER_CTX_free(ossl_ccm);
    mbedtls_gcm_free(&mbed_gcm);
    mbedtls_ccm_free(&mbed_ccm);
    dtls_wipe(&aes, sizeof aes);
    return failed;
}
