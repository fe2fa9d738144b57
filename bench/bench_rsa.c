/* bench_rsa.c - RSA-2048 PKCS#1 v1.5 SHA-256 verify and sign, ops/s:
 * dtls.h, OpenSSL libcrypto (EVP_PKEY_sign / EVP_PKEY_verify) and mbedTLS
 * 2.28 (mbedtls_rsa_pkcs1_sign / mbedtls_rsa_pkcs1_verify).  All three use the
 * same key (the 2048-bit test key of tests/crypto/test_rsa.c): components for
 * dtls.h, the same key as PEM parsed by OpenSSL and mbedTLS.  All three sign
 * with CRT and blinding.
 *
 *   gcc -std=c99 -O2 -Icrypto bench/bench_rsa.c crypto/{error,ct,sha2,bignum,rsa}.c -lcrypto -lmbedcrypto
 *
 * Prints "BENCH <operation> <impl> <value> ops/s"; each row runs ~0.3 s. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

#define ROW_SECONDS 0.3

/* 2048-bit key (openssl genrsa 2048) */
static const char k2048_n[] =
    "00ba9e2a4e0b074ff94707d1751ac7a41757c1d386a9d4db1635ada14f7a1bd53ac9fd968b24cc2501354801a979566f"
    "20e3eb60cd742cde263ee82687636665c258d00d9402b883500b454ed2b0c2581227df870712bc1b17ab26117bc5ad10"
    "df44051db5fcf14f544624259cc0cd9e144e13aa41abaa24adf095ff03447555e71e74627b9dc1e7f70b4d0dabf86490"
    "62917aba84484fba6466f74298788706f02acee2836478f1daf7b169ebdca4270e769c4a1e7126dda73b79e0e44ea90f"
    "5d977dab546d6410080e4b7d2ad47879265699287469cec734e7b823bc1b72d56417e5ba00be0678896bbe4c9551319e"
    "a8d083c9c33efe3afc0dc95c7f168cc203";

static const char k2048_p[] =
    "00e2b1078ef5fbba4bdc97929cda11ce9761202e1872c0334d240251e1e928a399cc2bdf9a50c99da29cb56c3232fd97"
    "1fa42d2ec42a451bf2c141cb3107673aedf92d1d79b45a1fbaa5a7c7254f74364dafe3d411b3da83d7a2913224e12fb5"
    "650c913e2c983e5c342775ff9caa1c9ed2d227ffedf18861ddcfbc749936849675";

static const char k2048_q[] =
    "00d2bec9d23bd691e3e820535fd109d5cad0fd2fc44259194bd0cc3137edd7510fce16847e432c734056864d86fcf64c"
    "333015460e07d1e7bb835af24f8dcd5969d76d945c7d5da913be0720621a1c9f5e5d525ee7a9067048ebe7d0e67c0e08"
    "e4fd3b5ae33fdc659336c78c9d2ca3dad6fe2dcbe62d64732cfbfd6ca19a159797";

static const char k2048_dp[] =
    "5c954caef88bbcc46aed84b586e2aaeb6c818611fa1bc1580a12e07a518d8573b4cd5e5f5a0b5dd422087e8dea01640d"
    "4a3221dd801e05921997d372ccc13e721ec86c375e8f48522481e775b78391021d8a00fcd1e5b6df04c82420a7cfa258"
    "08cff102a9931e79367c9cced1332b32931e3f0a61110057651664d086519459";

static const char k2048_dq[] =
    "17f4198a6cc4b9b656d6fdc3014685e75493c28f231f6f719f9ce5e73e805fb5552e5806e5e9b27bd899d14c0b8a8f24"
    "ae4d6cb6018b893455fccb57e17d3ab17e0bf57601c5d886e6ed766fd019fabf460a2bc15703e5555482f7ca8ac5299b"
    "a570cea6cfc664413453c016c951227997506b41915d3e7e1972379bb2a0cba7";

static const char k2048_qinv[] =
    "0095f241672dba436e7b1882c6fba2a5b09dd69e3833735439b8c17b4ff8bc36530844888df5491007b47d56ae7af526"
    "df57d24e77187c77b3f19ad931a1dc4cdbf2f9d0891281d0ec2292111b45d78e90026ddad16b094edff45d6e27de9f47"
    "3fe9a73d099e91f074a94c40c8c31a03004dce043139ef9a22be965d2415f9097d";

static const char k2048_e[] =
    "010001";

static const char k2048_pem[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAup4qTgsHT/lHB9F1GsekF1fB04ap1NsWNa2hT3ob1TrJ/ZaL\n"
    "JMwlATVIAal5Vm8g4+tgzXQs3iY+6CaHY2ZlwljQDZQCuINQC0VO0rDCWBIn34cH\n"
    "ErwbF6smEXvFrRDfRAUdtfzxT1RGJCWcwM2eFE4TqkGrqiSt8JX/A0R1VecedGJ7\n"
    "ncHn9wtNDav4ZJBikXq6hEhPumRm90KYeIcG8CrO4oNkePHa97Fp69ykJw52nEoe\n"
    "cSbdpzt54OROqQ9dl32rVG1kEAgOS30q1Hh5JlaZKHRpzsc057gjvBty1WQX5boA\n"
    "vgZ4iWu+TJVRMZ6o0IPJwz7+OvwNyVx/FozCAwIDAQABAoIBAC6qo7CdcGgu0XTi\n"
    "i5K1TtLphpZDTA/m84Bb2YVa5z/ksiNAdK4wgKZzMPz9aNLU+lgUgcIO5bNtw/hg\n"
    "viV8s0Cs3eYvV5jVeXxACiyEuCy26ZKrnPix4mKCUYQ4u9+B4xsK3nmmdZ+dVubu\n"
    "IutR39B7D87ZGjjzcC3EDJ/ADEl9E0xpjr5kDkQAYgco/r4YCiXO3n8nQIqnP/Zx\n"
    "oJR7BvZvajqosliwMkVHOtcJORDPCJPHU4hHif4ImZcidntq0jCAjNxkxrmO8Zuz\n"
    "jciLgWVwmZcCfOKyEJoav62C+xq6UME27BbK4YpYPxSbK5zEoCHm3mPgVIl2Ect2\n"
    "S0Xkmd0CgYEA4rEHjvX7ukvcl5Kc2hHOl2EgLhhywDNNJAJR4ekoo5nMK9+aUMmd\n"
    "opy1bDIy/ZcfpC0uxCpFG/LBQcsxB2c67fktHXm0Wh+6pafHJU90Nk2v49QRs9qD\n"
    "16KRMiThL7VlDJE+LJg+XDQndf+cqhye0tIn/+3xiGHdz7x0mTaElnUCgYEA0r7J\n"
    "0jvWkePoIFNf0QnVytD9L8RCWRlL0MwxN+3XUQ/OFoR+QyxzQFaGTYb89kwzMBVG\n"
    "DgfR57uDWvJPjc1ZaddtlFx9XakTvgcgYhocn15dUl7nqQZwSOvn0OZ8Dgjk/Tta\n"
    "4z/cZZM2x4ydLKPa1v4ty+YtZHMs+/1soZoVl5cCgYBclUyu+Iu8xGrthLWG4qrr\n"
    "bIGGEfobwVgKEuB6UY2Fc7TNXl9aC13UIgh+jeoBZA1KMiHdgB4FkhmX03LMwT5y\n"
    "HshsN16PSFIkged1t4ORAh2KAPzR5bbfBMgkIKfPolgIz/ECqZMeeTZ8nM7RMysy\n"
    "kx4/CmERAFdlFmTQhlGUWQKBgBf0GYpsxLm2Vtb9wwFGhedUk8KPIx9vcZ+c5ec+\n"
    "gF+1VS5YBuXpsnvYmdFMC4qPJK5NbLYBi4k0VfzLV+F9OrF+C/V2AcXYhubtdm/Q\n"
    "Gfq/RgorwVcD5VVUgvfKisUpm6VwzqbPxmRBNFPAFslRInmXUGtBkV0+fhlyN5uy\n"
    "oMunAoGBAJXyQWctukNuexiCxvuipbCd1p44M3NUObjBe0/4vDZTCESIjfVJEAe0\n"
    "fVauevUm31fSTncYfHez8ZrZMaHcTNvy+dCJEoHQ7CKSERtF146QAm3a0WsJTt/0\n"
    "XW4n3p9HP+mnPQmekfB0qUxAyMMaAwBNzgQxOe+aIr6WXSQV+Ql9\n"
    "-----END RSA PRIVATE KEY-----\n";

static uint8_t n[300], e[8], p[300], q[300], dp[300], dq[300], qinv[300];
static dtls_rsa_private_key key;
static dtls_rsa_public_key pub;
static uint8_t hash[32], sig[256], osig[256], msig[256];
static EVP_PKEY *ossl_key;
static mbedtls_pk_context mpk;
static unsigned long rng_state = 12345;
static volatile int sink;

static size_t unhex(unsigned char *out, size_t cap, const char *hex)
{
    size_t k = 0;
    while (hex[0] && hex[1] && k < cap) {
        unsigned v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = hex[i];
            v = (v << 4) | (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        out[k++] = (unsigned char)v;
        hex += 2;
    }
    return k;
}

/* Benchmark-only generator (not cryptographic). */
static int rng(void *ctx, unsigned char *out, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) {
        rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
        out[i] = (unsigned char)(rng_state >> 33);
    }
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void row(const char *op, const char *impl, int (*fn)(void))
{
    double start = now(), elapsed;
    unsigned long iters = 0;
    do {
        if (fn() != 0) {
            printf("bench_rsa: %s %s failed\n", op, impl);
            exit(1);
        }
        iters++;
        elapsed = now() - start;
    } while (elapsed < ROW_SECONDS);
    printf("BENCH %s %s %.1f ops/s\n", op, impl, (double)iters / elapsed);
    fflush(stdout);
}

static int dtls_verify(void) { return dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256); }
static int dtls_sign(void)
{
    return dtls_rsa_pkcs1_sign(sig, sizeof sig, &key, DTLS_HASH_SHA256, hash, 32, rng, NULL) == 256 ? 0 : -1;
}

static int ossl_sign(void)
{
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(ossl_key, NULL);
    size_t len = sizeof osig;
    int ok = c && EVP_PKEY_sign_init(c) > 0 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
             EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_sign(c, osig, &len, hash, 32) > 0 && len == 256;
    EVP_PKEY_CTX_free(c);
    return ok ? 0 : -1;
}

static int ossl_verify(void)
{
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(ossl_key, NULL);
    int ok = c && EVP_PKEY_verify_init(c) > 0 && EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) > 0 &&
             EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) > 0 &&
             EVP_PKEY_verify(c, osig, 256, hash, 32) == 1;
    EVP_PKEY_CTX_free(c);
    return ok ? 0 : -1;
}

static int mbed_sign(void)
{
    return mbedtls_rsa_pkcs1_sign(mbedtls_pk_rsa(mpk), rng, NULL, MBEDTLS_RSA_PRIVATE, MBEDTLS_MD_SHA256, 32,
                                  hash, msig);
}

static int mbed_verify(void)
{
    return mbedtls_rsa_pkcs1_verify(mbedtls_pk_rsa(mpk), NULL, NULL, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32,
                                    hash, msig);
}

int main(void)
{
    static const char msg[] = "dtls.h RSA known-answer test message";
    BIO *bio;

    key.n = n; key.n_len = unhex(n, sizeof n, k2048_n);
    key.e = e; key.e_len = unhex(e, sizeof e, k2048_e);
    key.p = p; key.p_len = unhex(p, sizeof p, k2048_p);
    key.q = q; key.q_len = unhex(q, sizeof q, k2048_q);
    key.dp = dp; key.dp_len = unhex(dp, sizeof dp, k2048_dp);
    key.dq = dq; key.dq_len = unhex(dq, sizeof dq, k2048_dq);
    key.qinv = qinv; key.qinv_len = unhex(qinv, sizeof qinv, k2048_qinv);
    pub.n = n; pub.n_len = key.n_len; pub.e = e; pub.e_len = key.e_len;
    dtls_sha256(hash, msg, sizeof msg - 1);

    bio = BIO_new_mem_buf(k2048_pem, -1);
    ossl_key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
    BIO_free(bio);
    mbedtls_pk_init(&mpk);
    if (!ossl_key || mbedtls_pk_parse_key(&mpk, (const unsigned char *)k2048_pem, sizeof k2048_pem, NULL, 0) != 0) {
        printf("bench_rsa: key parsing failed\n");
        return 1;
    }
    /* All three produce the same (deterministic) signature. */
    if (dtls_sign() || ossl_sign() || mbed_sign() || memcmp(sig, osig, 256) || memcmp(sig, msig, 256)) {
        printf("bench_rsa: signatures differ\n");
        return 1;
    }

    row("rsa2048-pkcs1-sha256-verify", "dtls.h", dtls_verify);
    row("rsa2048-pkcs1-sha256-verify", "openssl", ossl_verify);
    row("rsa2048-pkcs1-sha256-verify", "mbedtls", mbed_verify);
    row("rsa2048-pkcs1-sha256-sign", "dtls.h", dtls_sign);
    row("rsa2048-pkcs1-sha256-sign", "openssl", ossl_sign);
    row("rsa2048-pkcs1-sha256-sign", "mbedtls", mbed_sign);

    sink = sig[0];
    EVP_PKEY_free(ossl_key);
    mbedtls_pk_free(&mpk);
    return 0;
}
