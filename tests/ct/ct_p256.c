/* ct_p256.c - constant-time check of P-256 public-key derivation, ECDH, key
 * generation and ECDSA signing (deterministic and hedged) under valgrind
 * memcheck.
 *
 * Secret (marked undefined): the private keys and every byte the random
 * source returns (keygen candidates, hedging bytes).  Public: the peer's
 * public key, the message hash, all lengths.  Declassified by the harness
 * only after the call returns: the public key, the signature, the shared
 * secret (after its use: comparing it with the other side's), the return
 * codes.  Declassified inside the library (DTLS__ECC_DECLASSIFY, see
 * tests/ct/README.md): validity of a private key / keygen candidate / RFC 6979
 * candidate nonce, r = 0 or s = 0, ECDH result at infinity.
 *
 * The library sources are included here, compiled as static functions
 * (DTLS_STATIC + DTLS__AMALGAMATED, as in the single-header build) with
 * DTLS__ECC_DECLASSIFY defined to VALGRIND_MAKE_MEM_DEFINED; the program is
 * self-contained and links with nothing else:
 *   gcc -O2 -g -Icrypto tests/ct/ct_p256.c -o ct_p256
 *   valgrind --error-exitcode=1 --track-origins=yes ./ct_p256
 * (0 errors required, also at -Os and with -DDTLS_CT_MUL16=1). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define DTLS_STATIC 1
#define DTLS__AMALGAMATED 1
#define DTLS_CRYPTO_IMPLEMENTATION 1 /* private functions static too, as in the header's implementation unit */
#define DTLS__ECC_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

#include "../../crypto/error.c"
#include "../../crypto/ct.c"
#include "../../crypto/sha2.c"
#include "../../crypto/hmac.c"
#include "../../crypto/ecc.c"
#include "../../crypto/p256_fe32.c"
#include "../../crypto/p256_fe64.c"
#include "../../crypto/p256.c"



static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;
static int rng_first_high; /* make the first keygen candidate >= n (rejection path) */

/* Deterministic generator; its output is marked secret. */
static int rng(void *ctx, uint8_t *out, size_t len)
{
    size_t i;
    (void)ctx;
    for (i = 0; i < len; i++) {
        rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = (uint8_t)(rng_state >> 33);
    }
    if (rng_first_high) {
        memset(out, 0xff, len);
        rng_first_high = 0;
    }
    SECRET(out, len);
    return 0;
}

int main(void)
{
    /* RFC 6979 A.2.5 key and its "sample" signature */
    static const char *priv_hex = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    static const char *sig_hex =
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    uint8_t priv[32], pub[65], pub2[65], hash[32], sig[64], want[64];
    uint8_t a[32], apub[65], b[32], bpub[65], s1[32], s2[32];
    int ret, bad = 0, round;

    ct_unhex(priv, 32, priv_hex);
    ct_unhex(want, 64, sig_hex);
    dtls_sha256(hash, "sample", 6);

    for (round = 0; round < 2; round++) {
        /* public key */
        SECRET(priv, 32);
        ret = dtls_p256_public(pub, priv);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(pub, 65);
        if (ret != 0) bad = 1;

        /* deterministic signature (nonce derivation, k G, k^-1 mod n) */
        ret = dtls_p256_ecdsa_sign(sig, priv, hash, 32, NULL, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(sig, 64);
        if (ret != 0 || memcmp(sig, want, 64) != 0) bad = 1;

        /* hedged signature */
        ret = dtls_p256_ecdsa_sign(sig, priv, hash, 32, rng, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(sig, 64);
        if (ret != 0 || dtls_p256_ecdsa_verify(pub, 65, hash, 32, sig) != 0) bad = 1;

        /* key generation, first candidate rejected */
        rng_first_high = 1;
        ret = dtls_p256_keygen(a, apub, rng, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(apub, 65);
        if (ret != 0) bad = 1;
        ret = dtls_p256_keygen(b, bpub, rng, NULL);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(bpub, 65);
        if (ret != 0) bad = 1;

        /* ECDH both ways (peer points public, private keys secret) */
        ret = dtls_p256_ecdh(s1, a, bpub, 65);
        PUBLIC(&ret, sizeof ret);
        if (ret != 0) bad = 1;
        ret = dtls_p256_ecdh(s2, b, apub, 65);
        PUBLIC(&ret, sizeof ret);
        if (ret != 0) bad = 1;
        /* the shared secrets are used (compared) in constant time, then the
         * comparison result is declassified */
        ret = dtls_ct_equal(s1, s2, 32);
        PUBLIC(&ret, sizeof ret);
        if (ret != 1) bad = 1;

        /* re-derive a's public key: must equal what keygen returned */
        ret = dtls_p256_public(pub2, a);
        PUBLIC(&ret, sizeof ret);
        PUBLIC(pub2, 65);
        if (ret != 0 || memcmp(pub2, apub, 65) != 0) bad = 1;
        PUBLIC(priv, 32);
    }
    if (bad) {
        fprintf(stderr, "ct_p256: wrong results\n");
        return 1;
    }
    printf("ct_p256: ok\n");
    return 0;
}
