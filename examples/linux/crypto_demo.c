/* crypto_demo.c - `make demo` until the protocol lands: a self-test of every
 * primitive in dtls_crypto.h against a published known answer, then how fast
 * each runs on this machine.  Exit status 0 only if every self-test passed. */
#define _POSIX_C_SOURCE 200809L
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "port.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void hex(uint8_t *out, const char *s)
{
    size_t i;
    for (i = 0; s[2 * i]; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        out[i] = (uint8_t)v;
    }
}

static int report(const char *name, int ok)
{
    printf("  %-44s %s\n", name, ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs op for about 0.2 s and prints its rate. */
#define SPEED(name, unit, per, op)                                                   \
    do {                                                                             \
        double t0 = now_s(), t;                                                      \
        long n = 0;                                                                  \
        do {                                                                         \
            op;                                                                      \
            n++;                                                                     \
        } while ((t = now_s() - t0) < 0.2);                                          \
        printf("  %-32s %10.1f %s\n", name, (double)n * (per) / t, unit);           \
    } while (0)

int main(void)
{
    static uint8_t buf[1024 + 16];
    uint8_t out[64], key[32], nonce[13], want[72], priv[32], pub[65], sig[64];
    int bad = 0;

    printf("dtls.h %s crypto self-test\n", DTLS_VERSION_STRING);

    dtls_sha256(out, "abc", 3); /* FIPS 180-4 example */
    hex(want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    bad += report("SHA-256 (FIPS 180-4 \"abc\")", memcmp(out, want, 32) == 0);

    dtls_sha384(out, "abc", 3);
    hex(want, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
              "8086072ba1e7cc2358baeca134c825a7");
    bad += report("SHA-384 (FIPS 180-4 \"abc\")", memcmp(out, want, 48) == 0);

    memset(key, 0x0b, 20); /* RFC 4231 test case 1 */
    dtls_hmac(out, DTLS_HASH_SHA256, key, 20, "Hi There", 8);
    hex(want, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    bad += report("HMAC-SHA-256 (RFC 4231 case 1)", memcmp(out, want, 32) == 0);

    hex(key, "000102030405060708090a0b0c0d0e0f"); /* FIPS-197 C.1 */
    {
        dtls_aes_ctx aes;
        hex(buf, "00112233445566778899aabbccddeeff");
        dtls_aes_init(&aes, key, 16);
        dtls_aes_encrypt_blocks(&aes, out, buf, 1);
        hex(want, "69c4e0d86a7b0430d8cdb78070b4c55a");
        bad += report("AES-128 (FIPS-197 C.1)", memcmp(out, want, 16) == 0);
        dtls_wipe(&aes, sizeof aes);
    }

    memset(key, 0, 16); /* GCM spec test case 2 */
    memset(nonce, 0, 12);
    memset(buf, 0, 16);
    dtls_aes_gcm_seal(out, key, 16, nonce, 12, NULL, 0, buf, 16);
    hex(want, "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
    bad += report("AES-128-GCM (GCM spec test case 2)", memcmp(out, want, 32) == 0);

    hex(key, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"); /* RFC 3610 packet vector 1 */
    hex(nonce, "00000003020100a0a1a2a3a4a5");
    hex(buf, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e");
    dtls_aes_ccm_seal(out, key, 16, 8, nonce, 13, buf, 8, buf + 8, 23);
    hex(want, "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
    bad += report("AES-128-CCM_8 (RFC 3610 packet 1)", memcmp(out, want, 31) == 0);

    hex(key, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    hex(nonce, "070000004041424344454647"); /* RFC 8439 2.8.2 */
    hex(buf, "50515253c0c1c2c3c4c5c6c7");
    dtls_chacha20poly1305_seal(buf + 64, key, nonce, 12, buf, 12, (const uint8_t *)"Ladies", 6);
    hex(want, "d31a8d34648e");
    bad += report("ChaCha20-Poly1305 (RFC 8439 2.8.2, prefix)", memcmp(buf + 64, want, 6) == 0);

    hex(priv, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    dtls_x25519_public(out, priv); /* RFC 7748 6.1 */
    hex(want, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    bad += report("X25519 (RFC 7748 6.1)", memcmp(out, want, 32) == 0);

    hex(priv, "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    hex(want, "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
              "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
    dtls_p256_public(pub, priv); /* RFC 6979 A.2.5 */
    bad += report("P-256 public key (RFC 6979 A.2.5)", memcmp(pub, want, 65) == 0);
    dtls_sha256(out, "sample", 6);
    dtls_p256_ecdsa_sign(sig, priv, out, 32, NULL, NULL);
    hex(want, "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
              "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    bad += report("P-256 ECDSA deterministic (RFC 6979 A.2.5)", memcmp(sig, want, 64) == 0);
    bad += report("P-256 ECDSA verify", dtls_p256_ecdsa_verify(pub, 65, out, 32, sig) == 0);

    printf("\nspeed on this machine (portable C; make bench compares with OpenSSL and mbedTLS)\n");
    memset(buf, 0x5a, sizeof buf);
    memset(key, 0x11, sizeof key);
    SPEED("SHA-256", "MB/s", 1024.0 / 1e6, dtls_sha256(out, buf, 1024));
    SPEED("AES-128-GCM seal", "MB/s", 1024.0 / 1e6, dtls_aes_gcm_seal(buf, key, 16, nonce, 12, NULL, 0, buf, 1024));
    SPEED("AES-128-CCM_8 seal", "MB/s", 1024.0 / 1e6,
          dtls_aes_ccm_seal(buf, key, 16, 8, nonce, 12, NULL, 0, buf, 1024));
    SPEED("ChaCha20-Poly1305 seal", "MB/s", 1024.0 / 1e6,
          dtls_chacha20poly1305_seal(buf, key, nonce, 12, NULL, 0, buf, 1024));
    SPEED("X25519", "ops/s", 1.0, dtls_x25519(out, key, priv));
    SPEED("P-256 ECDH", "ops/s", 1.0, dtls_p256_ecdh(out, key, pub, 65));
    SPEED("P-256 ECDSA sign", "ops/s", 1.0, dtls_p256_ecdsa_sign(sig, priv, out, 32, dtls_posix_random, NULL));
    SPEED("P-256 ECDSA verify", "ops/s", 1.0, dtls_p256_ecdsa_verify(pub, 65, out, 32, sig));

    printf("\n%s\n", bad ? "SELF-TEST FAILED" : "all self-tests passed");
    return bad ? 1 : 0;
}
