/* bench_chachapoly_x25519.c - ChaCha20-Poly1305 seal throughput on 1 KiB
 * records and X25519 shared-secret computations per second: dtls.h, OpenSSL
 * libcrypto (EVP chacha20-poly1305, EVP_PKEY_X25519 derive) and mbedTLS 2.28
 * (mbedtls_chachapoly_encrypt_and_tag, mbedtls_ecdh_compute_shared on
 * Curve25519).
 *
 *   gcc -O2 -Icrypto bench/bench_chachapoly_x25519.c crypto/chachapoly.c crypto/x25519.c \
 *       crypto/ct.c crypto/error.c -lcrypto -lmbedcrypto
 *
 * Prints "BENCH <operation> <impl> <value> <unit>"; each row runs ~0.3 s. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "chachapoly.h"
#include "x25519.h"

#include <openssl/evp.h>

#include <mbedtls/chachapoly.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdh.h>
#include <mbedtls/entropy.h>

#define MSG_LEN 1024
#define AAD_LEN 13 /* the DTLS 1.2 record AAD */
#define ROW_SECONDS 0.3

static unsigned char msg[MSG_LEN], key[32], nonce[12], aad[AAD_LEN], out[MSG_LEN + 16];
static unsigned char x_priv[32], x_peer_priv[32], x_peer_pub[32], x_shared[32];
static volatile unsigned char sink;

static EVP_CIPHER_CTX *ossl_aead;
static EVP_PKEY_CTX *ossl_derive;
static mbedtls_chachapoly_context mbed_aead;
static mbedtls_ecp_group mbed_grp;
static mbedtls_mpi mbed_d, mbed_z;
static mbedtls_ecp_point mbed_q;
static mbedtls_entropy_context mbed_entropy;
static mbedtls_ctr_drbg_context mbed_drbg;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Calls fn in batches until ROW_SECONDS have passed; prints the rate. */
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
    sink ^= (unsigned char)(out[0] ^ x_shared[0]);
    printf("BENCH %s %s %.1f %s\n", op, impl, (double)iters * scale / elapsed, unit);
    fflush(stdout);
}

/* ---- ChaCha20-Poly1305 seal, 1 KiB ---- */

static void dtls_seal_1k(void)
{
    (void)dtls_chacha20poly1305_seal(out, key, nonce, sizeof nonce, aad, AAD_LEN, msg, MSG_LEN);
}

static int ossl_seal(unsigned char *o)
{
    int len = 0, fin = 0;
    if (EVP_EncryptInit_ex(ossl_aead, NULL, NULL, NULL, nonce) != 1) return 0;
    if (EVP_EncryptUpdate(ossl_aead, NULL, &len, aad, AAD_LEN) != 1) return 0;
    if (EVP_EncryptUpdate(ossl_aead, o, &len, msg, MSG_LEN) != 1) return 0;
    if (EVP_EncryptFinal_ex(ossl_aead, o + len, &fin) != 1) return 0;
    return EVP_CIPHER_CTX_ctrl(ossl_aead, EVP_CTRL_AEAD_GET_TAG, 16, o + MSG_LEN) == 1;
}
static void ossl_seal_1k(void) { (void)ossl_seal(out); }

static void mbed_seal_1k(void)
{
    (void)mbedtls_chachapoly_encrypt_and_tag(&mbed_aead, MSG_LEN, nonce, aad, AAD_LEN, msg, out,
                                             out + MSG_LEN);
}

/* ---- X25519 shared secret ---- */

static void dtls_x25519_op(void) { (void)dtls_x25519(x_shared, x_priv, x_peer_pub); }

static void ossl_x25519_op(void)
{
    size_t len = 32;
    memset(x_shared, 0, sizeof x_shared);
    (void)EVP_PKEY_derive(ossl_derive, x_shared, &len);
}

static void mbed_x25519_op(void)
{
    memset(x_shared, 0, sizeof x_shared);
    (void)mbedtls_ecdh_compute_shared(&mbed_grp, &mbed_z, &mbed_q, &mbed_d, mbedtls_ctr_drbg_random,
                                      &mbed_drbg);
    (void)mbedtls_mpi_write_binary_le(&mbed_z, x_shared, 32);
}

static int setup(void)
{
    EVP_PKEY *mine, *peer;
    unsigned char peer_pub_be[32], clamped[32];
    size_t i;

    for (i = 0; i < MSG_LEN; i++) msg[i] = (unsigned char)(i * 7 + 3);
    for (i = 0; i < 32; i++) key[i] = (unsigned char)(i + 0x40);
    for (i = 0; i < sizeof nonce; i++) nonce[i] = (unsigned char)(0xA0 + i);
    for (i = 0; i < AAD_LEN; i++) aad[i] = (unsigned char)i;
    for (i = 0; i < 32; i++) {
        x_priv[i] = (unsigned char)(i * 37 + 11);
        x_peer_priv[i] = (unsigned char)(i * 53 + 29);
    }
    dtls_x25519_public(x_peer_pub, x_peer_priv);

    ossl_aead = EVP_CIPHER_CTX_new();
    if (!ossl_aead || EVP_EncryptInit_ex(ossl_aead, EVP_chacha20_poly1305(), NULL, key, NULL) != 1)
        return 0;
    mine = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, x_priv, 32);
    peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, x_peer_pub, 32);
    if (!mine || !peer) return 0;
    ossl_derive = EVP_PKEY_CTX_new(mine, NULL);
    if (!ossl_derive || EVP_PKEY_derive_init(ossl_derive) != 1 ||
        EVP_PKEY_derive_set_peer(ossl_derive, peer) != 1)
        return 0;
    EVP_PKEY_free(mine);
    EVP_PKEY_free(peer);

    mbedtls_chachapoly_init(&mbed_aead);
    if (mbedtls_chachapoly_setkey(&mbed_aead, key) != 0) return 0;
    mbedtls_entropy_init(&mbed_entropy);
    mbedtls_ctr_drbg_init(&mbed_drbg);
    if (mbedtls_ctr_drbg_seed(&mbed_drbg, mbedtls_entropy_func, &mbed_entropy, NULL, 0) != 0) return 0;
    mbedtls_ecp_group_init(&mbed_grp);
    mbedtls_mpi_init(&mbed_d);
    mbedtls_mpi_init(&mbed_z);
    mbedtls_ecp_point_init(&mbed_q);
    if (mbedtls_ecp_group_load(&mbed_grp, MBEDTLS_ECP_DP_CURVE25519) != 0) return 0;
    /* mbedTLS keeps Curve25519 scalars and u-coordinates as little-endian
     * numbers, and wants the scalar already clamped (RFC 7748 §5) */
    memcpy(clamped, x_priv, 32);
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    if (mbedtls_mpi_read_binary_le(&mbed_d, clamped, 32) != 0) return 0;
    for (i = 0; i < 32; i++) peer_pub_be[i] = x_peer_pub[31 - i];
    if (mbedtls_mpi_read_binary(&mbed_q.X, peer_pub_be, 32) != 0 || mbedtls_mpi_lset(&mbed_q.Z, 1) != 0)
        return 0;
    return 1;
}

/* Every implementation must agree before anything is timed. */
static int cross_check(void)
{
    unsigned char a[MSG_LEN + 16], b[MSG_LEN + 16], c[32];
    int ok = 1;
    dtls_seal_1k();
    memcpy(a, out, sizeof a);
    if (!ossl_seal(b) || memcmp(a, b, sizeof a) != 0) ok = 0;
    mbed_seal_1k();
    if (memcmp(a, out, sizeof a) != 0) ok = 0;

    if (dtls_x25519(c, x_priv, x_peer_pub) != 0) ok = 0;
    ossl_x25519_op();
    if (memcmp(c, x_shared, 32) != 0) ok = 0;
    mbed_x25519_op();
    if (memcmp(c, x_shared, 32) != 0) ok = 0;
    return ok;
}

int main(void)
{
    if (!setup()) {
        fprintf(stderr, "bench_chachapoly_x25519: setup failed\n");
        return 1;
    }
    if (!cross_check()) {
        fprintf(stderr, "bench_chachapoly_x25519: implementations disagree\n");
        return 1;
    }
    row("chacha20poly1305-seal-1k", "dtls.h", dtls_seal_1k, 64, MSG_LEN / 1e6, "MB/s");
    row("chacha20poly1305-seal-1k", "openssl", ossl_seal_1k, 64, MSG_LEN / 1e6, "MB/s");
    row("chacha20poly1305-seal-1k", "mbedtls", mbed_seal_1k, 64, MSG_LEN / 1e6, "MB/s");
    row("x25519-shared", "dtls.h", dtls_x25519_op, 8, 1.0, "ops/s");
    row("x25519-shared", "openssl", ossl_x25519_op, 8, 1.0, "ops/s");
    row("x25519-shared", "mbedtls", mbed_x25519_op, 1, 1.0, "ops/s");

    EVP_CIPHER_CTX_free(ossl_aead);
    EVP_PKEY_CTX_free(ossl_derive);
    mbedtls_chachapoly_free(&mbed_aead);
    mbedtls_ecp_group_free(&mbed_grp);
    mbedtls_mpi_free(&mbed_d);
    mbedtls_mpi_free(&mbed_z);
    mbedtls_ecp_point_free(&mbed_q);
    mbedtls_ctr_drbg_free(&mbed_drbg);
    mbedtls_entropy_free(&mbed_entropy);
    return 0;
}
