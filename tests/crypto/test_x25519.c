/* test_x25519.c - X25519 (RFC 7748).
 *
 * Known answers: RFC 7748 §5.2 (two vectors, the iterated function after 1
 * and 1,000 iterations; 1,000,000 only with DTLS_TEST_SLOW=1), §6.1 (the
 * Diffie-Hellman example).  Low-order points give DTLS_ERR_ZERO_SHARED and an
 * all-zero output (§6.1).  Wycheproof x25519_test.json: every vector, with the
 * decisions for "acceptable" vectors in x25519_flag_policy below. */
#include "../wp.h"

#define HEX32(buf, s) CHECK_EQ(unhex((buf), 32, (s)), 32)

static void check_x25519(const char *scalar, const char *point, const char *expect)
{
    unsigned char k[32], u[32], e[32], out[32];
    HEX32(k, scalar);
    HEX32(u, point);
    HEX32(e, expect);
    CHECK_EQ(dtls_x25519(out, k, u), 0);
    CHECK_MEM(out, e, 32);
}

/* RFC 7748 §5.2 */
TEST(x25519_rfc7748_5_2)
{
    check_x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                 "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                 "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    /* the u-coordinate has its top bit set: it must be masked */
    check_x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                 "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                 "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}

/* RFC 7748 §5.2: k = u = 9; repeat (k, u) = (X25519(k, u), k). */
static void iterate(unsigned char k[32], long n)
{
    unsigned char u[32], r[32];
    long i;
    memset(k, 0, 32);
    k[0] = 9;
    memcpy(u, k, 32);
    for (i = 0; i < n; i++) {
        if (dtls_x25519(r, k, u) != 0) {
            FAIL("X25519 returned an error in the iteration");
            return;
        }
        memcpy(u, k, 32);
        memcpy(k, r, 32);
    }
}

TEST(x25519_rfc7748_5_2_iterated_1_and_1000)
{
    unsigned char k[32], e[32];
    iterate(k, 1);
    HEX32(e, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    CHECK_MEM(k, e, 32);
    iterate(k, 1000);
    HEX32(e, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    CHECK_MEM(k, e, 32);
}

/* Only with DTLS_TEST_SLOW=1 (about a minute). */
TEST(x25519_rfc7748_5_2_iterated_1000000)
{
    unsigned char k[32], e[32];
    iterate(k, 1000000L);
    HEX32(e, "7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424");
    CHECK_MEM(k, e, 32);
}

/* RFC 7748 §6.1 */
TEST(x25519_rfc7748_6_1_diffie_hellman)
{
    unsigned char a[32], b[32], pa[32], pb[32], ea[32], eb[32], s1[32], s2[32], es[32], nine[32];
    HEX32(a, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    HEX32(ea, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    HEX32(b, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    HEX32(eb, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    HEX32(es, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    dtls_x25519_public(pa, a);
    dtls_x25519_public(pb, b);
    CHECK_MEM(pa, ea, 32);
    CHECK_MEM(pb, eb, 32);
    memset(nine, 0, sizeof nine);
    nine[0] = 9;
    CHECK_EQ(dtls_x25519(s1, a, nine), 0);
    CHECK_MEM(s1, ea, 32);
    CHECK_EQ(dtls_x25519(s1, a, pb), 0);
    CHECK_EQ(dtls_x25519(s2, b, pa), 0);
    CHECK_MEM(s1, es, 32);
    CHECK_MEM(s2, es, 32);
    /* out may alias the scalar or the point */
    memcpy(s1, a, 32);
    CHECK_EQ(dtls_x25519(s1, s1, pb), 0);
    CHECK_MEM(s1, es, 32);
    memcpy(s2, pa, 32);
    CHECK_EQ(dtls_x25519(s2, b, s2), 0);
    CHECK_MEM(s2, es, 32);
    memcpy(s1, a, 32);
    dtls_x25519_public(s1, s1);
    CHECK_MEM(s1, ea, 32);
}

/* RFC 7748 §6.1: points of small order give an all-zero result, which must be
 * reported.  u = p and p + 1 are the non-canonical encodings of 0 and 1. */
TEST(x25519_low_order_points_zero_shared)
{
    static const char *pts[] = {
        "0000000000000000000000000000000000000000000000000000000000000000", /* 0 */
        "0100000000000000000000000000000000000000000000000000000000000000", /* 1 */
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p - 1 */
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p */
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p + 1 */
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* p, top bit set */
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", /* order 8 */
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", /* order 8 */
    };
    unsigned char k[32], u[32], out[32], zero[32];
    size_t i, j;
    memset(zero, 0, sizeof zero);
    for (j = 0; j < 3; j++) {
        for (i = 0; i < 32; i++) k[i] = (unsigned char)(i * 13 + j * 101 + 7);
        for (i = 0; i < sizeof pts / sizeof pts[0]; i++) {
            HEX32(u, pts[i]);
            memset(out, 0xCC, sizeof out);
            CHECK_EQ(dtls_x25519(out, k, u), DTLS_ERR_ZERO_SHARED);
            CHECK_MEM(out, zero, 32);
        }
    }
}

/* The top bit of u is ignored; u >= p is reduced mod p. */
TEST(x25519_point_top_bit_and_non_canonical)
{
    unsigned char k[32], u[32], u2[32], o1[32], o2[32];
    size_t i;
    for (i = 0; i < 32; i++) k[i] = (unsigned char)(0xA0 ^ i);
    memset(u, 0, sizeof u);
    u[0] = 9;
    CHECK_EQ(dtls_x25519(o1, k, u), 0);
    memcpy(u2, u, 32);
    u2[31] |= 0x80;
    CHECK_EQ(dtls_x25519(o2, k, u2), 0);
    CHECK_MEM(o2, o1, 32);
    /* p + 9 = 0x7ff...ff + 0x...f6: encoded as f6 ff .. ff 7f */
    memset(u2, 0xff, sizeof u2);
    u2[0] = 0xf6;
    u2[31] = 0x7f;
    CHECK_EQ(dtls_x25519(o2, k, u2), 0);
    CHECK_MEM(o2, o1, 32);
    /* the public key function is X25519(k, 9) */
    dtls_x25519_public(o2, k);
    CHECK_MEM(o2, o1, 32);
    /* clamping: bits 0-2 and 255 of the scalar do not matter, bit 254 is forced */
    k[0] ^= 7;
    k[31] ^= 0xC0;
    CHECK_EQ(dtls_x25519(o2, k, u), 0);
    CHECK_MEM(o2, o1, 32);
}

/* Decision for each Wycheproof x25519 flag that can make a vector
 * "acceptable".  REJECT: we must return DTLS_ERR_ZERO_SHARED (with an all-zero
 * output); ACCEPT: we compute per RFC 7748 and must return 0 with out ==
 * shared (which is non-zero for these).  A vector is rejected if any of its
 * flags says REJECT.  An unknown flag fails the test, so that a new Wycheproof
 * release forces a decision here. */
enum { X_ACCEPT = 1, X_REJECT = 2 };
static const struct {
    const char *flag;
    int decision;
    const char *why;
} x25519_flag_policy[] = {
    {"ZeroSharedSecret", X_REJECT, "all-zero result: DTLS_ERR_ZERO_SHARED (RFC 7748 §6.1, RFC 8422 §5.11)"},
    {"LowOrderPublic", X_ACCEPT, "computed per RFC 7748; rejected only through ZeroSharedSecret"},
    {"SmallPublicKey", X_ACCEPT, "computed per RFC 7748; rejected only through ZeroSharedSecret"},
    {"NonCanonicalPublic", X_ACCEPT, "u >= p is reduced mod p (RFC 7748 §5)"},
    {"SpecialPublicKey", X_ACCEPT, "computed per RFC 7748"},
    {"Twist", X_ACCEPT, "X25519 is defined on the twist too (RFC 7748 §5)"},
    {"EdgeCaseMultiplication", X_ACCEPT, "computed per RFC 7748"},
    {"EdgeCaseShared", X_ACCEPT, "computed per RFC 7748"},
    {"EdgeCasePrivateKey", X_ACCEPT, "scalar clamped per RFC 7748"},
    {"Ktv", X_ACCEPT, "known test vector"},
    {"Normal", X_ACCEPT, "normal case"},
};

/* X_ACCEPT / X_REJECT for the flags of t, or 0 for an unknown flag. */
static int x25519_decide(const wp_rec *t)
{
    const char *flags = wp_get(t, "flags");
    size_t i, n = sizeof x25519_flag_policy / sizeof x25519_flag_policy[0];
    int decision = X_ACCEPT, known;
    char one[64];
    while (flags && *flags) {
        size_t len = strcspn(flags, ",");
        if (len >= sizeof one) return 0;
        memcpy(one, flags, len);
        one[len] = 0;
        known = 0;
        for (i = 0; i < n; i++) {
            if (strcmp(one, x25519_flag_policy[i].flag) == 0) {
                known = 1;
                if (x25519_flag_policy[i].decision == X_REJECT) decision = X_REJECT;
            }
        }
        if (!known) {
            fprintf(stderr, "x25519: no decision for Wycheproof flag %s\n", one);
            return 0;
        }
        flags += len;
        if (*flags == ',') flags++;
    }
    /* the table must agree with wp_has_flag's view */
    if ((decision == X_REJECT) != wp_has_flag(t, "ZeroSharedSecret")) return 0;
    return decision;
}

TEST(wycheproof_x25519)
{
    unsigned char pub[64], priv[64], shared[64], out[32], zero[32];
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, acc_yes = 0, acc_no = 0, fails = 0;

    memset(zero, 0, sizeof zero);
    if (!wp_open(&f, "x25519")) {
        test_skip("wycheproof_x25519", "vector file missing");
        return;
    }
    while (wp_next(&f)) {
        long tc = wp_int(&f.test, "tcId");
        const char *res = wp_result(&f.test);
        const char *curve = wp_get(&f.group, "curve");
        size_t pub_len = wp_hex(&f.test, "public", pub, sizeof pub);
        size_t priv_len = wp_hex(&f.test, "private", priv, sizeof priv);
        size_t sh_len = wp_hex(&f.test, "shared", shared, sizeof shared);
        int decision = x25519_decide(&f.test), ret;

        if (!curve || strcmp(curve, "curve25519") != 0 || pub_len != 32 || priv_len != 32 ||
            decision == 0) {
            fprintf(stderr, "tcId %ld: unexpected vector shape or flag\n", tc);
            fails++;
            continue;
        }
        memset(out, 0xCC, sizeof out);
        ret = dtls_x25519(out, priv, pub);
        if (strcmp(res, "valid") == 0) {
            if (ret == 0 && sh_len == 32 && memcmp(out, shared, 32) == 0 && decision == X_ACCEPT)
                valid_ok++;
            else { fprintf(stderr, "tcId %ld: valid vector failed (ret %d)\n", tc, ret); fails++; }
        } else if (strcmp(res, "invalid") == 0) {
            if (ret < 0) invalid_rej++;
            else { fprintf(stderr, "tcId %ld: invalid vector accepted\n", tc); fails++; }
        } else if (decision == X_REJECT) {
            /* shared is all zeros in these vectors: check our output too */
            if (ret == DTLS_ERR_ZERO_SHARED && memcmp(out, zero, 32) == 0 &&
                sh_len == 32 && memcmp(shared, zero, 32) == 0)
                acc_no++;
            else { fprintf(stderr, "tcId %ld: zero shared secret not rejected\n", tc); fails++; }
        } else {
            if (ret == 0 && sh_len == 32 && memcmp(out, shared, 32) == 0) acc_yes++;
            else { fprintf(stderr, "tcId %ld: acceptable vector not accepted (ret %d)\n", tc, ret); fails++; }
        }
    }
    wp_close(&f);
    printf("     wycheproof x25519: %ld valid ok, %ld invalid rejected, %ld acceptable "
           "(accepted %ld / rejected %ld), 0 rejected-by-design (none), %ld failures\n",
           valid_ok, invalid_rej, acc_yes + acc_no, acc_yes, acc_no, fails);
    if (fails != 0) FAIL("wycheproof x25519 has failures");
    CHECK(valid_ok > 0 && acc_yes > 0 && acc_no > 0);
}

int main(void)
{
    const char *slow = getenv("DTLS_TEST_SLOW");
    RUN(x25519_rfc7748_5_2);
    RUN(x25519_rfc7748_5_2_iterated_1_and_1000);
    if (slow && strcmp(slow, "1") == 0)
        RUN(x25519_rfc7748_5_2_iterated_1000000);
    else
        printf("     (RFC 7748 1,000,000-iteration vector not run: set DTLS_TEST_SLOW=1)\n");
    RUN(x25519_rfc7748_6_1_diffie_hellman);
    RUN(x25519_low_order_points_zero_shared);
    RUN(x25519_point_top_bit_and_non_canonical);
    RUN(wycheproof_x25519);
    return test_done();
}
