/* test_p256_diff.c - differential test of the two P-256 profiles
 * (DTLS_P256_SPEED 1: 64-bit Montgomery field and comb table; 0: 32-bit
 * Solinas field, no table).
 *
 * A deterministic stream of operations (xorshift64 seeded with a constant):
 * key generation, public-key derivation, ECDH both ways, RFC 6979 signing
 * (deterministic, and hedged with bytes from the stream), verification of
 * good, altered and random signatures, and public-key checks of random
 * points.  Every output and every return code goes into one SHA-256 digest.
 * The digest depends on the mathematics only, so both profiles must print the
 * same one; tests/crypto/p256_diff.sh builds this file with
 * -DDTLS_P256_SPEED=0 and =1, runs 20,000 iterations in each and compares.
 * One ECDH and one signing in eight use an edge scalar, not a random one (1..8,
 * n - 1 .. n - 8, 2^k, all-ones limbs): the window and comb paths meet their
 * zero digits, a zero top window and the largest scalars there.
 *
 * Run as a plain test (tests/run.sh, any profile, DTLS_P256_DIFF_OPS unset):
 * 64 iterations, each checked for self-consistency (sign -> verify, ECDH
 * agreement, public(priv) == keygen's pub, altered signatures refused), and
 * the digest compared with the known value below, which both profiles
 * produced. */
/* SHA-256 over everything the first 64 iterations output; the stream, the
 * digest and the loop are diff.h. */
#define DIFF_KNOWN64 "4a6be1532eb6ae5a89ed975e22fa19160a748258a7c805cd9e1b06781b259cc8"
#define DIFF_SEED UINT64_C(0x243f6a8885a308d3)
#define DIFF_PROFILE_NAME "DTLS_P256_SPEED"
#define DIFF_PROFILE DTLS_P256_SPEED
#define DIFF_OPS_ENV "DTLS_P256_DIFF_OPS"
#define DIFF_SCRIPT "p256_diff.sh"
#include "diff.h"

static const uint8_t n_be[32] = {0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
                                 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

static int stream_rng(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    stream(out, len);
    return 0;
}

static unsigned stream_byte(void)
{
    uint8_t b;
    stream(&b, 1);
    return b;
}

/* out = n - small (small <= 255). */
static void n_minus(uint8_t out[32], unsigned small)
{
    unsigned borrow = small, i;
    memcpy(out, n_be, 32);
    for (i = 32; i-- > 0 && borrow;) {
        unsigned v = out[i];
        out[i] = (uint8_t)(v - (borrow & 0xffu));
        borrow = (v < (borrow & 0xffu)) ? 1u : 0u;
    }
}

/* A private key: random, or (iterations 5 and 14 mod 16: one ECDH and one
 * signing in eight of each) an edge scalar. */
static void pick_key(uint8_t priv[32], long it)
{
    unsigned sel, v;
    if (it % 16 != 5 && it % 16 != 14) {
        stream(priv, 32);
        priv[0] &= 0x7f; /* below n: a valid key */
        if (priv[0] == 0 && priv[1] == 0) priv[31] |= 1;
        return;
    }
    sel = stream_byte() % 4;
    v = stream_byte() % 8 + 1;
    memset(priv, 0, 32);
    switch (sel) {
    case 0: priv[31] = (uint8_t)v; break;              /* 1..8 */
    case 1: n_minus(priv, v); break;                     /* n-1..n-8 */
    case 2: priv[31 - (stream_byte() % 32)] = (uint8_t)(1u << (v - 1)); break; /* 2^k */
    default: memset(priv + 4 * (v - 1), 0xff, 4); priv[0] &= 0x7f; break; /* one all-ones limb */
    }
}

static void one_iteration(long it)
{
    uint8_t a[32], b[32], apub[65], bpub[65], pub2[65], s1[32], s2[32];
    uint8_t h[64], sig[64], sig2[64];
    size_t hl;
    int ret, ret2;

    switch (it % 4) {
    case 0: /* keygen, and public() of the same key */
        ret = dtls_p256_keygen(a, apub, stream_rng, NULL);
        feed_ret(ret);
        feed(a, 32);
        feed(apub, 65);
        ret = dtls_p256_public(pub2, a);
        feed_ret(ret);
        CHECK_EQ(ret, 0);
        CHECK_MEM(pub2, apub, 65);
        CHECK_EQ(dtls_p256_check_public(apub, 65), 0);
        break;
    case 1: /* ECDH both ways (one side an edge scalar now and then) */
        pick_key(a, it);
        ret = dtls_p256_public(apub, a);
        feed_ret(ret);
        feed(apub, 65);
        CHECK_EQ(ret, 0);
        ret = dtls_p256_keygen(b, bpub, stream_rng, NULL);
        feed_ret(ret);
        feed(bpub, 65);
        ret = dtls_p256_ecdh(s1, a, bpub, 65);
        feed_ret(ret);
        feed(s1, 32);
        ret2 = dtls_p256_ecdh(s2, b, apub, 65);
        feed_ret(ret2);
        CHECK_EQ(ret, 0);
        CHECK_EQ(ret2, 0);
        CHECK_MEM(s1, s2, 32);
        break;
    case 2: /* RFC 6979 signing (deterministic; hedged every other time), verification */
        pick_key(a, it);
        ret = dtls_p256_public(apub, a);
        feed_ret(ret);
        feed(apub, 65);
        stream(h, sizeof h);
        hl = stream_byte() % 65;
        ret = dtls_p256_ecdsa_sign(sig, a, h, hl, (it & 4) ? stream_rng : NULL, NULL);
        feed_ret(ret);
        feed(sig, 64);
        CHECK_EQ(ret, 0);
        ret = dtls_p256_ecdsa_verify(apub, 65, h, hl, sig);
        feed_ret(ret);
        CHECK_EQ(ret, 0);
        memcpy(sig2, sig, 64);
        sig2[stream_byte() % 64] ^= (uint8_t)(1u << (stream_byte() % 8));
        ret = dtls_p256_ecdsa_verify(apub, 65, h, hl, sig2);
        feed_ret(ret);
        CHECK_EQ(ret, DTLS_ERR_BAD_SIGNATURE);
        break;
    default: /* random signatures and random points: the refusal paths */
        ret = dtls_p256_keygen(a, apub, stream_rng, NULL);
        feed_ret(ret);
        stream(h, 32);
        stream(sig, 64);
        sig[0] &= 0x7f;
        sig[32] &= 0x7f;
        ret = dtls_p256_ecdsa_verify(apub, 65, h, 32, sig);
        feed_ret(ret);
        CHECK_EQ(ret, DTLS_ERR_BAD_SIGNATURE);
        pub2[0] = 0x04;
        stream(pub2 + 1, 64);
        ret = dtls_p256_check_public(pub2, 65);
        feed_ret(ret);
        CHECK_EQ(ret, DTLS_ERR_BAD_KEY);
        ret = dtls_p256_ecdh(s1, a, pub2, 65);
        feed_ret(ret);
        CHECK_EQ(ret, DTLS_ERR_BAD_KEY);
        memset(b, 0, 32);
        stream(b + 28, 4); /* a small scalar (< 2^32) */
        ret = dtls_p256_public(bpub, b);
        feed_ret(ret);
        if (ret == 0) feed(bpub, 65);
        break;
    }
}

int main(void)
{
    diff_run();
    return test_done();
}
