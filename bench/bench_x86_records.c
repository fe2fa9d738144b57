/* bench_x86_records.c - DTLS 1.2 records of 1 KiB through the record layer
 * (dtls__record_protect = seal, dtls__record_parse + dtls__record_unprotect
 * = open, in place) for AES-128-GCM and AES-128-CCM_8, with and without the
 * x86 hooks (port/x86.c: AES-NI + PCLMULQDQ), beside OpenSSL libcrypto (EVP,
 * key set once, the same 12-byte nonce and 13-byte additional data per
 * record) and mbedTLS 2.28 (mbedtls_gcm_crypt_and_tag / _auth_decrypt,
 * mbedtls_ccm_encrypt_and_tag / _auth_decrypt).  Also SHA-256 of 1 KiB
 * through the hash dispatch with and without the SHA-NI hooks, beside
 * OpenSSL's SHA256().
 *
 * Prints "BENCH <operation> <impl> <value> <unit>" (tools/bench_table.py):
 * records_<alg>_<seal|open>_1k is dtls.h with the hooks off, and the same
 * operation with suffix _x86hooks is dtls.h with the hooks on; the OpenSSL and
 * mbedTLS figures (measured once) are printed under both, so each row has
 * its ratios.  When the CPU lacks the instructions the _x86hooks rows say so
 * on stderr and are not printed.  Every implementation's record is checked
 * against dtls.h's software record first.
 *
 *   make build/bench/bench_x86_records   (the Makefile's bench rule: -O2, no -march)
 *
 * The library is compiled into this file (DTLS_STATIC + DTLS_IMPLEMENTATION:
 * the record layer's private functions are visible), and port/x86.c with it. */
#define _POSIX_C_SOURCE 199309L
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../dtls.h"
#include "../port/x86.c"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <mbedtls/ccm.h>
#include <mbedtls/gcm.h>

#define MSG_LEN 1024
#define HDR DTLS__RECORD_HEADER_LEN
#define ROW_SECONDS 0.3

static unsigned char msg[MSG_LEN], key[16], fixed_iv[4];
static unsigned char rec[MSG_LEN + 64], work[MSG_LEN + 64], ref[MSG_LEN + 64];
static size_t rec_len, tag_len;
static unsigned char nonce[12], aad[13];
static volatile unsigned char sink;
static dtls_crypto_hooks sw_hooks, hw_hooks;
static const dtls_crypto_hooks *hooks;
static dtls__cipher cipher;
static int alg, failed;
static EVP_CIPHER_CTX *ossl_enc, *ossl_dec;
static mbedtls_gcm_context mbed_gcm;
static mbedtls_ccm_context mbed_ccm;

#define SEQ UINT64_C(0x0000123456789a)
#define EPOCH 1

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double rate(void (*fn)(void))
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
    sink ^= work[HDR];
    return (double)iters * MSG_LEN / 1e6 / elapsed;
}

/* ---- dtls.h through the record layer ---- */
static void dtls_seal(void)
{
    if (dtls__record_protect(hooks, &cipher, 23, DTLS__VERSION_1_2, EPOCH, SEQ, work, sizeof work, msg, MSG_LEN) !=
        (int)rec_len)
        failed = 1;
}
static void dtls_open(void)
{
    dtls__record r;
    size_t pos = 0;
    memcpy(work, rec, rec_len); /* unprotect decrypts in place */
    if (dtls__record_parse(&r, work, rec_len, &pos, 0) != 0 || dtls__record_unprotect(hooks, &cipher, &r) != 0)
        failed = 1;
}

/* ---- OpenSSL: the same record's nonce and additional data ---- */
static void ossl_seal(void)
{
    int len = 0, fin = 0;
    unsigned char *out = work + HDR + 8;
    if (EVP_EncryptInit_ex(ossl_enc, NULL, NULL, NULL, nonce) != 1 ||
        (alg != DTLS_AEAD_AES_128_GCM && EVP_EncryptUpdate(ossl_enc, NULL, &len, NULL, MSG_LEN) != 1) ||
        EVP_EncryptUpdate(ossl_enc, NULL, &len, aad, sizeof aad) != 1 ||
        EVP_EncryptUpdate(ossl_enc, out, &len, msg, MSG_LEN) != 1 || EVP_EncryptFinal_ex(ossl_enc, out + len, &fin) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_enc, EVP_CTRL_AEAD_GET_TAG, (int)tag_len, out + MSG_LEN) != 1)
        failed = 1;
}
static void ossl_open(void)
{
    int len = 0, fin = 0;
    const unsigned char *in = rec + HDR + 8;
    memcpy(work, rec, rec_len);
    if (alg == DTLS_AEAD_AES_128_GCM) {
        if (EVP_DecryptInit_ex(ossl_dec, NULL, NULL, NULL, nonce) != 1 ||
            EVP_DecryptUpdate(ossl_dec, NULL, &len, aad, sizeof aad) != 1 ||
            EVP_DecryptUpdate(ossl_dec, work + HDR + 8, &len, in, MSG_LEN) != 1 ||
            EVP_CIPHER_CTX_ctrl(ossl_dec, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, (void *)(in + MSG_LEN)) != 1 ||
            EVP_DecryptFinal_ex(ossl_dec, work + HDR + 8 + len, &fin) != 1)
            failed = 1;
    } else {
        /* CCM: the expected tag, then the nonce, the length, the AAD; the
         * one update checks the tag */
        if (EVP_CIPHER_CTX_ctrl(ossl_dec, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, (void *)(in + MSG_LEN)) != 1 ||
            EVP_DecryptInit_ex(ossl_dec, NULL, NULL, NULL, nonce) != 1 ||
            EVP_DecryptUpdate(ossl_dec, NULL, &len, NULL, MSG_LEN) != 1 ||
            EVP_DecryptUpdate(ossl_dec, NULL, &len, aad, sizeof aad) != 1 ||
            EVP_DecryptUpdate(ossl_dec, work + HDR + 8, &len, in, MSG_LEN) != 1)
            failed = 1;
    }
}

/* ---- mbedTLS ---- */
static void mbed_seal(void)
{
    unsigned char *out = work + HDR + 8;
    int rc = alg == DTLS_AEAD_AES_128_GCM
                 ? mbedtls_gcm_crypt_and_tag(&mbed_gcm, MBEDTLS_GCM_ENCRYPT, MSG_LEN, nonce, 12, aad, sizeof aad, msg,
                                             out, tag_len, out + MSG_LEN)
                 : mbedtls_ccm_encrypt_and_tag(&mbed_ccm, MSG_LEN, nonce, 12, aad, sizeof aad, msg, out,
                                               out + MSG_LEN, tag_len);
    if (rc != 0)
        failed = 1;
}
static void mbed_open(void)
{
    const unsigned char *in = rec + HDR + 8;
    int rc;
    memcpy(work, rec, rec_len);
    rc = alg == DTLS_AEAD_AES_128_GCM
             ? mbedtls_gcm_auth_decrypt(&mbed_gcm, MSG_LEN, nonce, 12, aad, sizeof aad, in + MSG_LEN, tag_len, in,
                                        work + HDR + 8)
             : mbedtls_ccm_auth_decrypt(&mbed_ccm, MSG_LEN, nonce, 12, aad, sizeof aad, in, work + HDR + 8,
                                        in + MSG_LEN, tag_len);
    if (rc != 0)
        failed = 1;
}

static void check(const char *what)
{
    if (memcmp(work + HDR, ref + HDR, rec_len - HDR) != 0) {
        fprintf(stderr, "bench_x86_records: %s record differs from dtls.h's\n", what);
        failed = 1;
    }
}

static void check_open(const char *what)
{
    if (memcmp(work + HDR + 8, msg, MSG_LEN) != 0) {
        fprintf(stderr, "bench_x86_records: %s opened something else\n", what);
        failed = 1;
    }
}

static int run_alg(int a, const char *name, int have_hw)
{
    static const char *const dir[2] = {"seal", "open"};
    void (*const dfn[2])(void) = {dtls_seal, dtls_open};
    void (*const ofn[2])(void) = {ossl_seal, ossl_open};
    void (*const mfn[2])(void) = {mbed_seal, mbed_open};
    const EVP_CIPHER *evp = a == DTLS_AEAD_AES_128_GCM ? EVP_aes_128_gcm() : EVP_aes_128_ccm();
    double sw[2], hw[2] = {0, 0}, os[2], mb[2];
    int d;
    size_t i;

    alg = a;
    tag_len = dtls_crypto_aead_tag_len(a);
    rec_len = HDR + 8 + MSG_LEN + tag_len;
    /* the record's nonce (fixed IV || epoch || seq) and additional data
     * (epoch || seq, type, version, length): RFC 5246 6.2.3.3, RFC 6347 4.1.2.1 */
    memcpy(nonce, fixed_iv, 4);
    for (i = 0; i < 8; i++)
        nonce[4 + i] = (unsigned char)((((uint64_t)EPOCH << 48) | SEQ) >> (56 - 8 * i));
    memcpy(aad, nonce + 4, 8);
    aad[8] = 23;
    aad[9] = 0xfe;
    aad[10] = 0xfd;
    aad[11] = (unsigned char)(MSG_LEN >> 8);
    aad[12] = (unsigned char)MSG_LEN;

    /* reference: software */
    hooks = &sw_hooks;
    if (dtls__cipher_init(&cipher, hooks, a, key, 16, fixed_iv, 4) != 0)
        return 1;
    dtls_seal();
    memcpy(ref, work, rec_len);
    memcpy(rec, work, rec_len);
    dtls_open();
    check_open("dtls.h");

    if (EVP_EncryptInit_ex(ossl_enc, evp, NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_enc, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
        (a != DTLS_AEAD_AES_128_GCM && EVP_CIPHER_CTX_ctrl(ossl_enc, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, NULL) != 1) ||
        EVP_EncryptInit_ex(ossl_enc, NULL, NULL, key, NULL) != 1 || EVP_DecryptInit_ex(ossl_dec, evp, NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ossl_dec, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) != 1 ||
        (a != DTLS_AEAD_AES_128_GCM && EVP_CIPHER_CTX_ctrl(ossl_dec, EVP_CTRL_AEAD_SET_TAG, (int)tag_len, NULL) != 1) ||
        EVP_DecryptInit_ex(ossl_dec, NULL, NULL, key, NULL) != 1) {
        fprintf(stderr, "bench_x86_records: OpenSSL setup failed\n");
        return 1;
    }
    memcpy(work, ref, rec_len);
    ossl_seal();
    check("OpenSSL");
    ossl_open();
    check_open("OpenSSL");
    mbed_seal();
    check("mbedTLS");
    mbed_open();
    check_open("mbedTLS");

    for (d = 0; d < 2; d++) {
        hooks = &sw_hooks;
        dtls__cipher_init(&cipher, hooks, a, key, 16, fixed_iv, 4);
        sw[d] = rate(dfn[d]);
        os[d] = rate(ofn[d]);
        mb[d] = rate(mfn[d]);
    }
    if (have_hw) {
        hooks = &hw_hooks;
        if (dtls__cipher_init(&cipher, hooks, a, key, 16, fixed_iv, 4) != 0 || cipher.key.by_hook != 1)
            return 1;
        dtls_seal();
        check("dtls.h with the x86 hooks");
        memcpy(rec, ref, rec_len);
        dtls_open();
        check_open("dtls.h with the x86 hooks");
        for (d = 0; d < 2; d++)
            hw[d] = rate(dfn[d]);
    }
    for (d = 0; d < 2; d++) {
        printf("BENCH records_%s_%s_1k dtls.h %.1f MB/s\n", name, dir[d], sw[d]);
        printf("BENCH records_%s_%s_1k openssl %.1f MB/s\n", name, dir[d], os[d]);
        printf("BENCH records_%s_%s_1k mbedtls %.1f MB/s\n", name, dir[d], mb[d]);
        if (have_hw) {
            printf("BENCH records_%s_%s_1k_x86hooks dtls.h %.1f MB/s\n", name, dir[d], hw[d]);
            printf("BENCH records_%s_%s_1k_x86hooks openssl %.1f MB/s\n", name, dir[d], os[d]);
            printf("BENCH records_%s_%s_1k_x86hooks mbedtls %.1f MB/s\n", name, dir[d], mb[d]);
        }
    }
    fflush(stdout);
    dtls_wipe(&cipher, sizeof cipher);
    return failed;
}

/* ---- SHA-256 of 1 KiB through the hash dispatch ---- */
static void sha_dtls(void)
{
    dtls_hash_ctx h;
    dtls_crypto_hash_init(hooks, &h, DTLS_HASH_SHA256);
    dtls_crypto_hash_update(hooks, &h, msg, MSG_LEN);
    dtls_crypto_hash_final(hooks, &h, work + HDR);
}
static void sha_ossl(void)
{
    SHA256(msg, MSG_LEN, work + HDR);
}

int main(void)
{
    unsigned groups;
    size_t i;
    int rc;
    double s_sw, s_hw = 0, s_os;

    for (i = 0; i < sizeof msg; i++) msg[i] = (unsigned char)i;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(0x11 * i);
    for (i = 0; i < sizeof fixed_iv; i++) fixed_iv[i] = (unsigned char)(0xA0 + i);
    memset(&sw_hooks, 0, sizeof sw_hooks);
    memset(&hw_hooks, 0, sizeof hw_hooks);
    rc = dtls_x86_hooks(&hw_hooks, DTLS_X86_ALL);
    groups = rc > 0 ? (unsigned)rc : 0;
    if (!(groups & DTLS_X86_AES))
        fprintf(stderr, "bench_x86_records: no AES-NI/PCLMULQDQ here: the _x86hooks rows are left out\n");

    ossl_enc = EVP_CIPHER_CTX_new();
    ossl_dec = EVP_CIPHER_CTX_new();
    mbedtls_gcm_init(&mbed_gcm);
    mbedtls_ccm_init(&mbed_ccm);
    if (!ossl_enc || !ossl_dec || mbedtls_gcm_setkey(&mbed_gcm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0 ||
        mbedtls_ccm_setkey(&mbed_ccm, MBEDTLS_CIPHER_ID_AES, key, 128) != 0) {
        fprintf(stderr, "bench_x86_records: setup failed\n");
        return 1;
    }
    if (run_alg(DTLS_AEAD_AES_128_GCM, "aes128gcm", (groups & DTLS_X86_AES) != 0) != 0 ||
        run_alg(DTLS_AEAD_AES_128_CCM_8, "aes128ccm8", (groups & DTLS_X86_AES) != 0) != 0)
        return 1;

    /* SHA-256 */
    hooks = &sw_hooks;
    sha_dtls();
    memcpy(ref, work + HDR, 32);
    sha_ossl();
    if (memcmp(ref, work + HDR, 32) != 0)
        failed = 1;
    s_sw = rate(sha_dtls);
    s_os = rate(sha_ossl);
    if (groups & DTLS_X86_SHA) {
        hooks = &hw_hooks;
        sha_dtls();
        if (memcmp(ref, work + HDR, 32) != 0)
            failed = 1;
        s_hw = rate(sha_dtls);
    } else {
        fprintf(stderr, "bench_x86_records: no SHA-NI here: the sha256_1k_x86hooks row is left out\n");
    }
    printf("BENCH sha256_1k dtls.h %.1f MB/s\n", s_sw);
    printf("BENCH sha256_1k openssl %.1f MB/s\n", s_os);
    if (groups & DTLS_X86_SHA) {
        printf("BENCH sha256_1k_x86hooks dtls.h %.1f MB/s\n", s_hw);
        printf("BENCH sha256_1k_x86hooks openssl %.1f MB/s\n", s_os);
    }

    EVP_CIPHER_CTX_free(ossl_enc);
    EVP_CIPHER_CTX_free(ossl_dec);
    mbedtls_gcm_free(&mbed_gcm);
    mbedtls_ccm_free(&mbed_ccm);
    if (failed)
        fprintf(stderr, "bench_x86_records: a check failed\n");
    return failed;
}
