/* ct_rsa.c - constant-time check of RSA signing (PKCS#1 v1.5 and PSS,
 * 2048-bit key) under valgrind memcheck.
 *
 * Secret (marked undefined): p, q, dp, dq, qinv and every byte the random
 * source returns (blinding value, PSS salt).  Public: n, e, the message hash,
 * all lengths.  Declassified only after the call returns: the signature bytes
 * and the return code (which carries the fault-check accept bit; the library
 * computes both without branching on the check).  Build and run:
 *   gcc -O2 -g -Icrypto tests/ct/ct_rsa.c crypto/{error,ct,sha2,bignum,rsa}.c
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors required, also at -Os).  The key is the 2048-bit one of
 * tests/crypto/test_rsa.c (openssl genrsa), with its expected signature. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "api.h"


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

static const char k2048_sig_sha256[] =
    "0bd3e6c3e00fbc6286ae106a376192e2f3ec5b728b79e995c24c98c52aec25524c0d8e9f6abeff90ab2547c91d47a0c3"
    "80a7f20277976cd1e49bc9bab5ee6aea580e91d71b40d12c863ad59d6de86a97ece453fba126ba92f695a70b3ada79cb"
    "a572996fa7ef778145e802d151a4eb9e2a6cc015e86269e7679ee17b9a8f27560572f8bc96fa7eeacf60195fc879c069"
    "6975906167e95bf004454a5e449bccf67c9e5eeccfc27bf67b9018feb123c8326282ad85c882b77225744ef74811bde1"
    "b2a3cc157828def5be07db3c0f199b0f7952318668830a3fa874e58e92b353d7df5bbcaaa62c57531ad676a4c196f484"
    "ca8350d44e9ef578164d416302470abb";

static const char kat_msg[] = "dtls.h RSA known-answer test message";


static unsigned long rng_state = 0x9E3779B97F4A7C15UL;

/* Deterministic test generator; its output is marked secret. */
static int rng(void *ctx, uint8_t *out, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) {
        rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
        out[i] = (uint8_t)(rng_state >> 33);
    }
    SECRET(out, len);
    return 0;
}

int main(void)
{
    static uint8_t n[300], e[8], p[300], q[300], dp[300], dq[300], qinv[300], want[256];
    uint8_t hash[32], sig[256];
    dtls_rsa_private_key key;
    dtls_rsa_public_key pub;
    int ret, bad = 0, round;

    key.n = n; key.n_len = ct_unhex(n, sizeof n, k2048_n);
    key.e = e; key.e_len = ct_unhex(e, sizeof e, k2048_e);
    key.p = p; key.p_len = ct_unhex(p, sizeof p, k2048_p);
    key.q = q; key.q_len = ct_unhex(q, sizeof q, k2048_q);
    key.dp = dp; key.dp_len = ct_unhex(dp, sizeof dp, k2048_dp);
    key.dq = dq; key.dq_len = ct_unhex(dq, sizeof dq, k2048_dq);
    key.qinv = qinv; key.qinv_len = ct_unhex(qinv, sizeof qinv, k2048_qinv);
    pub.n = n; pub.n_len = key.n_len; pub.e = e; pub.e_len = key.e_len;
    ct_unhex(want, sizeof want, k2048_sig_sha256);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));

    SECRET(p, key.p_len);
    SECRET(q, key.q_len);
    SECRET(dp, key.dp_len);
    SECRET(dq, key.dq_len);
    SECRET(qinv, key.qinv_len);

    for (round = 0; round < 2; round++) {
        ret = dtls_rsa_pkcs1_sign(sig, sizeof sig, &key, DTLS_HASH_SHA256, hash, 32, rng, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(sig, sizeof sig);
        if (ret != 256 || memcmp(sig, want, 256) != 0) {
            printf("pkcs1 sign: %d, signature differs from the known answer\n", ret);
            bad = 1;
        }
        ret = dtls_rsa_pss_sign(sig, sizeof sig, &key, DTLS_HASH_SHA256, 32, hash, 32, rng, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(sig, sizeof sig);
        if (ret != 256 || dtls_rsa_pss_verify(&pub, DTLS_HASH_SHA256, 32, hash, 32, sig, 256) != 0) {
            printf("pss sign: %d, or the signature does not verify\n", ret);
            bad = 1;
        }
    }
    /* A faulty key (corrupted dp) takes the same path and is refused. */
    dp[77] ^= 0x20;
    ret = dtls_rsa_pkcs1_sign(sig, sizeof sig, &key, DTLS_HASH_SHA256, hash, 32, rng, NULL);
    PUBLIC(&ret, sizeof ret);
    if (ret != DTLS_ERR_FAULT) {
        printf("faulty key: %d\n", ret);
        bad = 1;
    }
    printf("ct_rsa: %s\n", bad ? "FAILED" : "done");
    return bad;
}
