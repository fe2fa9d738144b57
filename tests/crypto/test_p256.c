/* test_p256.c - P-256 ECDH / keygen / ECDSA and the strict DER signature
 * encoding.
 *
 * Sources of the known answers:
 *   RFC 6979 §A.2.5 (P-256 key, SHA-256, messages "sample" and "test");
 *   NIST CAVS 14.1 KAS ECC CDH primitive test vectors (ecccdhtestvectors.zip,
 *   file KAS_ECC_CDH_PrimitiveTest.txt, [P-256] COUNT = 0, 1, 2);
 *   Wycheproof ecdsa_secp256r1_sha256, ecdsa_secp256r1_sha256_p1363,
 *   ecdh_secp256r1_ecpoint (ecdh_secp256r1, whose keys are SPKI DER, runs in
 *   tests/proto/test_x509_parse.c through dtls_spki_parse).
 *
 * Wycheproof decisions by flag (the files have no "acceptable" ECDSA vectors;
 * the decisions are what the code below would do if they appeared):
 *   ECDSA DER: BerEncodedSignature, InvalidEncoding, MissingZero and every
 *     other non-DER form are rejected by the strict parser (acceptable ->
 *     rejected); the range checks r, s in [1, n-1] reject RangeCheck /
 *     IntegerOverflow / ArithmeticError cases.
 *   ECDSA P1363: a signature that is not exactly 64 bytes (SignatureSize) is
 *     rejected before verification.
 *   ECDH: only uncompressed points (0x04 || X || Y, 65 bytes) are accepted.
 *     CompressedPublic / CompressedPoint vectors (the one "acceptable" vector,
 *     tcId 2, and the invalid compressed ones) are rejected by design and
 *     counted as such; InvalidCurveAttack / WrongCurve / InvalidEncoding are
 *     rejected by the point check. */
#include "../wp.h"

static const char *rfc_priv = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
static const char *rfc_pub = "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
                             "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
static const char *n_hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

static size_t hexn(unsigned char *out, size_t cap, const char *hex)
{
    return unhex(out, cap, hex);
}

/* ---- fake random sources ----------------------------------------------------- */

typedef struct {
    const char *const *outs; /* hex strings returned one after another */
    int n, calls;
    int fail; /* return DTLS_ERR_RANDOM instead */
} fake_rng;

static int fake_rng_fn(void *ctx, uint8_t *out, size_t len)
{
    fake_rng *f = (fake_rng *)ctx;
    int i = f->calls++;
    if (f->fail) return DTLS_ERR_RANDOM;
    if (i >= f->n) i = f->n - 1;
    if (unhex(out, len, f->outs[i]) != len) {
        fprintf(stderr, "fake rng: wrong length\n");
        exit(2);
    }
    return 0;
}

/* Deterministic xorshift stream for round-trip tests. */
typedef struct {
    uint64_t s;
} xs_rng;

static int xs_rng_fn(void *ctx, uint8_t *out, size_t len)
{
    xs_rng *x = (xs_rng *)ctx;
    size_t i;
    for (i = 0; i < len; i++) {
        x->s ^= x->s << 13;
        x->s ^= x->s >> 7;
        x->s ^= x->s << 17;
        out[i] = (uint8_t)(x->s >> 24);
    }
    return 0;
}

/* ---- RFC 6979 ---------------------------------------------------------------- */

TEST(rfc6979_public_key)
{
    uint8_t priv[32], pub[65], want[65];
    hexn(priv, 32, rfc_priv);
    hexn(want, 65, rfc_pub);
    CHECK_EQ(dtls_p256_public(pub, priv), 0);
    CHECK_MEM(pub, want, 65);
    CHECK_EQ(dtls_p256_check_public(pub, 65), 0);
}

TEST(rfc6979_deterministic)
{
    static const char *const msgs[2] = {"sample", "test"};
    static const char *const sigs[2] = {
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
        "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"};
    uint8_t priv[32], pub[65], h[32], sig[64], want[64];
    int i;
    hexn(priv, 32, rfc_priv);
    hexn(pub, 65, rfc_pub);
    for (i = 0; i < 2; i++) {
        dtls_sha256(h, msgs[i], strlen(msgs[i]));
        hexn(want, 64, sigs[i]);
        CHECK_EQ(dtls_p256_ecdsa_sign(sig, priv, h, 32, NULL, NULL), 0);
        CHECK_MEM(sig, want, 64);
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, sig), 0);
        h[5] ^= 1;
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, sig), DTLS_ERR_BAD_SIGNATURE);
    }
}

TEST(hedged_signature)
{
    static const char *const outs[1] = {
        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"};
    fake_rng f;
    uint8_t priv[32], pub[65], h[32], det[64], hed[64], hed2[64];
    hexn(priv, 32, rfc_priv);
    hexn(pub, 65, rfc_pub);
    dtls_sha256(h, "sample", 6);
    memset(&f, 0, sizeof f);
    f.outs = outs;
    f.n = 1;
    CHECK_EQ(dtls_p256_ecdsa_sign(det, priv, h, 32, NULL, NULL), 0);
    CHECK_EQ(dtls_p256_ecdsa_sign(hed, priv, h, 32, fake_rng_fn, &f), 0);
    CHECK_EQ(f.calls, 1);
    CHECK(memcmp(det, hed, 64) != 0);
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, hed), 0);
    /* same random bytes: same signature (the nonce is a function of the seed) */
    CHECK_EQ(dtls_p256_ecdsa_sign(hed2, priv, h, 32, fake_rng_fn, &f), 0);
    CHECK_MEM(hed2, hed, 64);
    f.fail = 1;
    CHECK_EQ(dtls_p256_ecdsa_sign(hed2, priv, h, 32, fake_rng_fn, &f), DTLS_ERR_RANDOM);
}

TEST(sign_verify_roundtrip)
{
    xs_rng x;
    uint8_t priv[32], pub[65], h[64], sig[64], bad[64];
    static const size_t hlens[5] = {32, 48, 64, 20, 0};
    int i;
    x.s = UINT64_C(0x0123456789abcdef);
    for (i = 0; i < 10; i++) {
        size_t hl = hlens[i % 5];
        CHECK_EQ(dtls_p256_keygen(priv, pub, xs_rng_fn, &x), 0);
        CHECK_EQ(dtls_p256_check_public(pub, 65), 0);
        xs_rng_fn(&x, h, sizeof h);
        CHECK_EQ(dtls_p256_ecdsa_sign(sig, priv, h, hl, (i & 1) ? xs_rng_fn : NULL, &x), 0);
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, hl, sig), 0);
        memcpy(bad, sig, 64);
        bad[63] ^= 0x40;
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, hl, bad), DTLS_ERR_BAD_SIGNATURE);
        memcpy(bad, sig, 64);
        bad[0] ^= 0x01;
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, hl, bad), DTLS_ERR_BAD_SIGNATURE);
        if (hl) {
            h[0] ^= 0x80;
            CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, hl, sig), DTLS_ERR_BAD_SIGNATURE);
        }
    }
}

TEST(verify_range_checks)
{
    uint8_t priv[32], pub[65], h[32], sig[64], bad[64];
    hexn(priv, 32, rfc_priv);
    hexn(pub, 65, rfc_pub);
    dtls_sha256(h, "sample", 6);
    CHECK_EQ(dtls_p256_ecdsa_sign(sig, priv, h, 32, NULL, NULL), 0);
    /* r = 0 */
    memcpy(bad, sig, 64);
    memset(bad, 0, 32);
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, bad), DTLS_ERR_BAD_SIGNATURE);
    /* s = 0 */
    memcpy(bad, sig, 64);
    memset(bad + 32, 0, 32);
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, bad), DTLS_ERR_BAD_SIGNATURE);
    /* r = n, s = n */
    memcpy(bad, sig, 64);
    hexn(bad, 32, n_hex);
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, bad), DTLS_ERR_BAD_SIGNATURE);
    memcpy(bad, sig, 64);
    hexn(bad + 32, 32, n_hex);
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, bad), DTLS_ERR_BAD_SIGNATURE);
    /* s replaced by n - s is also a valid signature (ECDSA malleability) */
    {
        uint8_t nn[32];
        int i, borrow = 0;
        hexn(nn, 32, n_hex);
        memcpy(bad, sig, 64);
        for (i = 31; i >= 0; i--) {
            int v = nn[i] - sig[32 + i] - borrow;
            borrow = v < 0;
            bad[32 + i] = (uint8_t)(v + (borrow ? 256 : 0));
        }
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, bad), 0);
    }
    /* invalid public key */
    pub[64] ^= 1;
    CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, h, 32, sig), DTLS_ERR_BAD_KEY);
}

/* ---- ECDH -------------------------------------------------------------------- */

TEST(ecdh_cavs)
{
    /* NIST CAVS KAS ECC CDH primitive, P-256, COUNT = 0, 1, 2:
     * QCAVSx, QCAVSy, dIUT, QIUTx, QIUTy, ZIUT */
    static const char *const v[3][6] = {
        {"700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287",
         "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
         "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
         "ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230",
         "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141",
         "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"},
        {"809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7ae",
         "b29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3",
         "38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5",
         "119f2f047902782ab0c9e27a54aff5eb9b964829ca99c06b02ddba95b0a3f6d0",
         "8f52b726664cac366fc98ac7a012b2682cbd962e5acb544671d41b9445704d1d",
         "057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67"},
        {"a2339c12d4a03c33546de533268b4ad667debf458b464d77443636440ee7fec3",
         "ef48a3ab26e20220bcda2c1851076839dae88eae962869a497bf73cb66faf536",
         "1accfaf1b97712b85a6f54b148985a1bdc4c9bec0bd258cad4b3d603f49f32c8",
         "d9f2b79c172845bfdb560bbb01447ca5ecc0470a09513b6126902c6b4f8d1051",
         "f815ef5ec32128d3487834764678702e64e164ff7315185e23aff5facd96d7bc",
         "2d457b78b4614132477618a5b077965ec90730a8c81a1c75d6d4ec68005d67ec"}};
    int i;
    for (i = 0; i < 3; i++) {
        uint8_t peer[65], d[32], want_pub[65], pub[65], z[32], out[32];
        peer[0] = 0x04;
        hexn(peer + 1, 32, v[i][0]);
        hexn(peer + 33, 32, v[i][1]);
        hexn(d, 32, v[i][2]);
        want_pub[0] = 0x04;
        hexn(want_pub + 1, 32, v[i][3]);
        hexn(want_pub + 33, 32, v[i][4]);
        hexn(z, 32, v[i][5]);
        CHECK_EQ(dtls_p256_public(pub, d), 0);
        CHECK_MEM(pub, want_pub, 65);
        CHECK_EQ(dtls_p256_ecdh(out, d, peer, 65), 0);
        CHECK_MEM(out, z, 32);
    }
}

TEST(ecdh_agree)
{
    xs_rng x;
    uint8_t a[32], apub[65], b[32], bpub[65], s1[32], s2[32];
    int i;
    x.s = UINT64_C(0xfeedface12345678);
    for (i = 0; i < 5; i++) {
        CHECK_EQ(dtls_p256_keygen(a, apub, xs_rng_fn, &x), 0);
        CHECK_EQ(dtls_p256_keygen(b, bpub, xs_rng_fn, &x), 0);
        CHECK_EQ(dtls_p256_ecdh(s1, a, bpub, 65), 0);
        CHECK_EQ(dtls_p256_ecdh(s2, b, apub, 65), 0);
        CHECK_MEM(s1, s2, 32);
    }
}

TEST(keygen_rejection)
{
    /* candidates: 2^256 - 1, n, 0 (all rejected), then n - 1 (accepted) */
    static const char *const outs[4] = {
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550"};
    /* (n - 1) G = -G */
    static const char *want_pub =
        "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
        "b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a";
    fake_rng f;
    uint8_t priv[32], pub[65], want[65], wpriv[32];
    memset(&f, 0, sizeof f);
    f.outs = outs;
    f.n = 4;
    CHECK_EQ(dtls_p256_keygen(priv, pub, fake_rng_fn, &f), 0);
    CHECK_EQ(f.calls, 4);
    hexn(wpriv, 32, outs[3]);
    CHECK_MEM(priv, wpriv, 32);
    hexn(want, 65, want_pub);
    CHECK_MEM(pub, want, 65);
    /* a source that only ever returns values >= n is reported as broken */
    memset(&f, 0, sizeof f);
    f.outs = outs;
    f.n = 1;
    CHECK_EQ(dtls_p256_keygen(priv, pub, fake_rng_fn, &f), DTLS_ERR_RANDOM);
    memset(&f, 0, sizeof f);
    f.outs = outs;
    f.n = 4;
    f.fail = 1;
    CHECK_EQ(dtls_p256_keygen(priv, pub, fake_rng_fn, &f), DTLS_ERR_RANDOM);
    CHECK_EQ(f.calls, 1);
}

TEST(invalid_keys)
{
    uint8_t priv[32], pub[65], bad[66], out[32], h[32], sig[64];
    hexn(priv, 32, rfc_priv);
    hexn(pub, 65, rfc_pub);
    CHECK_EQ(dtls_p256_check_public(pub, 65), 0);
    /* off the curve */
    memcpy(bad, pub, 65);
    bad[64] ^= 1;
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_ecdh(out, priv, bad, 65), DTLS_ERR_BAD_KEY);
    /* x = p (the curve equation holds mod p for x = p iff it holds for x = 0:
     * use y of a point with x = 0 is irrelevant, the range check comes first) */
    memcpy(bad, pub, 65);
    hexn(bad + 1, 32, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    /* x + p > 2^256 is impossible to encode; y = p + y' (y' small) */
    memcpy(bad, pub, 65);
    hexn(bad + 33, 32, "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    /* wrong prefix */
    memcpy(bad, pub, 65);
    bad[0] = 0x02;
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    bad[0] = 0x00;
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    bad[0] = 0x06; /* hybrid form */
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    /* wrong lengths */
    memcpy(bad, pub, 65);
    bad[65] = 0;
    CHECK_EQ(dtls_p256_check_public(bad, 64), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_check_public(bad, 66), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_check_public(bad, 33), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_check_public(bad, 0), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_ecdh(out, priv, bad, 64), DTLS_ERR_BAD_KEY);
    /* all-zero "point" (not infinity: rejected by the curve equation) */
    memset(bad, 0, 65);
    bad[0] = 0x04;
    CHECK_EQ(dtls_p256_check_public(bad, 65), DTLS_ERR_BAD_KEY);
    /* private keys out of range: 0, n, 2^256 - 1 */
    memset(priv, 0, 32);
    CHECK_EQ(dtls_p256_public(bad, priv), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_ecdh(out, priv, pub, 65), DTLS_ERR_BAD_KEY);
    dtls_sha256(h, "x", 1);
    CHECK_EQ(dtls_p256_ecdsa_sign(sig, priv, h, 32, NULL, NULL), DTLS_ERR_BAD_KEY);
    hexn(priv, 32, n_hex);
    CHECK_EQ(dtls_p256_public(bad, priv), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_ecdh(out, priv, pub, 65), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p256_ecdsa_sign(sig, priv, h, 32, NULL, NULL), DTLS_ERR_BAD_KEY);
    memset(priv, 0xff, 32);
    CHECK_EQ(dtls_p256_public(bad, priv), DTLS_ERR_BAD_KEY);
    /* 1 is fine: 1 G = G */
    memset(priv, 0, 32);
    priv[31] = 1;
    CHECK_EQ(dtls_p256_public(bad, priv), 0);
    hexn(out, 32, "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
    CHECK_MEM(bad + 1, out, 32);
}

/* ---- DER --------------------------------------------------------------------- */

TEST(der_roundtrip)
{
    static const char *const rs[5] = {
        /* both high bit set: 33-byte integers */
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        /* s with a leading zero byte: 31-byte integer */
        "7fd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "004b1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        /* small values, one needing a 0x00 pad */
        "0000000000000000000000000000000000000000000000000000000000000001"
        "0000000000000000000000000000000000000000000000000000000000000080",
        /* leading zero byte followed by a high bit: 31 bytes + pad */
        "0080000000000000000000000000000000000000000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000000000000",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"};
    static const char *const der[5] = {
        "3046022100efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "022100f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        "304302207fd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "021f4b1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        "3007020101020200" "80",
        "30250220" "0080" "000000000000000000000000000000000000000000000000000000000000" "020100",
        "3046022100ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "022100ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"};
    int i;
    for (i = 0; i < 5; i++) {
        uint8_t in[64], want[80], out[80], back[64];
        size_t wl;
        int n;
        hexn(in, 64, rs[i]);
        wl = hexn(want, sizeof want, der[i]);
        n = dtls_ecdsa_sig_to_der(out, sizeof out, in, 32);
        CHECK_EQ(n, (long)wl);
        if (n > 0) CHECK_MEM(out, want, wl);
        CHECK_EQ(dtls_ecdsa_sig_from_der(back, 32, want, wl), 0);
        CHECK_MEM(back, in, 64);
        /* exact capacity is enough, one less is not */
        CHECK_EQ(dtls_ecdsa_sig_to_der(out, wl, in, 32), (long)wl);
        CHECK_EQ(dtls_ecdsa_sig_to_der(out, wl - 1, in, 32), DTLS_ERR_BUFFER_TOO_SMALL);
    }
}

TEST(der_strict)
{
    static const char *const bad[] = {
        "",                                 /* empty */
        "30",                               /* no length */
        "3007020101020101",                 /* length too long (truncated) */
        "300602010102010100",               /* trailing byte inside? no: seq len 6, content 7 */
        "30060201010201010000",             /* trailing bytes after the sequence */
        "3106020101020101",                 /* wrong sequence tag (SET) */
        "3006030101020101",                 /* wrong integer tag (BIT STRING) */
        "300681020101020101",               /* wrong: long form marker */
        "30810602010102010" "1",            /* non-minimal long-form sequence length */
        "3007020200010201" "01",            /* r with a superfluous leading zero */
        "30060201ff020101",                 /* r negative */
        "3006020181020101",                 /* r negative (0x81) */
        "30050200020101",                   /* zero-length integer */
        "3003020101",                       /* s missing */
        "3009020101020101020101",           /* three integers */
        "300702810101020101",               /* non-minimal long-form integer length */
        /* r of 33 bytes without the pad rule (0x01 then 32 bytes): too large */
        "3026022101ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff020101",
        /* r of 34 bytes with two leading zeros */
        "30270222" "0000ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" "020101",
        "3080020101020101" "0000",          /* indefinite length (BER) */
    };
    size_t i;
    uint8_t rs[64], der[64];
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t l = hexn(der, sizeof der, bad[i]);
        int ret = dtls_ecdsa_sig_from_der(rs, 32, der, l);
        if (ret != DTLS_ERR_ENCODING) {
            fprintf(stderr, "der_strict case %u accepted (%d)\n", (unsigned)i, ret);
            FAIL("non-strict DER accepted");
        }
    }
    /* the minimal forms of the same values are accepted */
    CHECK_EQ(dtls_ecdsa_sig_from_der(rs, 32, der, hexn(der, sizeof der, "3006020101020101")), 0);
    CHECK_EQ(rs[31], 1);
    CHECK_EQ(rs[63], 1);
    CHECK_EQ(dtls_ecdsa_sig_from_der(rs, 32, der, hexn(der, sizeof der, "3006020100020100")), 0);
    CHECK_EQ(dtls_ecdsa_sig_from_der(rs, 33, der, 8), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_ecdsa_sig_to_der(der, sizeof der, rs, 31), DTLS_ERR_BAD_ARG);
}

/* ---- Wycheproof ---------------------------------------------------------------- */

static void wp_ecdsa(const char *name, int p1363)
{
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, acc_yes = 0, acc_no = 0, by_design = 0, failures = 0;
    static uint8_t pub[200], msg[70000], sig[70000], h[32], rs[64];
    if (!wp_open(&f, name)) {
        test_skip(name, "Wycheproof vectors not found (set DTLS_VECTORS)");
        return;
    }
    while (wp_next(&f)) {
        size_t pl = wp_hex(&f.group, "publicKey.uncompressed", pub, sizeof pub);
        size_t ml = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t sl = wp_hex(&f.test, "sig", sig, sizeof sig);
        const char *res = wp_result(&f.test);
        int ret;
        dtls_sha256(h, msg, ml);
        if (p1363) {
            ret = sl == 64 ? dtls_p256_ecdsa_verify(pub, pl, h, 32, sig) : DTLS_ERR_ENCODING;
        } else {
            ret = dtls_ecdsa_sig_from_der(rs, 32, sig, sl);
            if (ret == 0) ret = dtls_p256_ecdsa_verify(pub, pl, h, 32, rs);
        }
        if (ret != 0 && ret != DTLS_ERR_BAD_SIGNATURE && ret != DTLS_ERR_ENCODING) {
            fprintf(stderr, "%s tcId %ld: unexpected code %d\n", name, wp_int(&f.test, "tcId"), ret);
            failures++;
        } else if (strcmp(res, "valid") == 0) {
            if (ret == 0) valid_ok++;
            else {
                fprintf(stderr, "%s tcId %ld: valid vector rejected (%d)\n", name,
                        wp_int(&f.test, "tcId"), ret);
                failures++;
            }
        } else if (strcmp(res, "invalid") == 0) {
            if (ret != 0) invalid_rej++;
            else {
                fprintf(stderr, "%s tcId %ld: invalid vector accepted\n", name, wp_int(&f.test, "tcId"));
                failures++;
            }
        } else {
            /* acceptable: BER forms are rejected by design (strict DER) */
            if (ret == 0) acc_yes++;
            else {
                acc_no++;
                by_design++;
            }
        }
    }
    wp_close(&f);
    printf("     wycheproof %s: %ld valid ok, %ld invalid rejected, %ld acceptable (accepted %ld / "
           "rejected %ld), %ld rejected-by-design (%s), %ld failures\n",
           name, valid_ok, invalid_rej, acc_yes + acc_no, acc_yes, acc_no, by_design,
           p1363 ? "signature not 64 bytes" : "not strict DER", failures);
    CHECK_EQ(failures, 0);
    CHECK(valid_ok > 0 && invalid_rej > 0);
}

TEST(wycheproof_ecdsa_secp256r1_sha256)
{
    wp_ecdsa("ecdsa_secp256r1_sha256", 0);
}

TEST(wycheproof_ecdsa_secp256r1_sha256_p1363)
{
    wp_ecdsa("ecdsa_secp256r1_sha256_p1363", 1);
}

TEST(wycheproof_ecdh_secp256r1_ecpoint)
{
    wp_file f;
    wp_tally t = {0, 0, 0, 0, 0, 0};
    static uint8_t pub[200], shared[64];
    const char *name = "ecdh_secp256r1_ecpoint";
    if (!wp_open(&f, name)) {
        test_skip(name, "Wycheproof vectors not found (set DTLS_VECTORS)");
        return;
    }
    while (wp_next(&f)) {
        size_t pl = wp_hex(&f.test, "public", pub, sizeof pub);
        size_t sl = wp_hex(&f.test, "shared", shared, sizeof shared);
        uint8_t priv[32], out[32];
        int ret, compressed = pl > 0 && pub[0] != 0x04;
        long tc = wp_int(&f.test, "tcId");
        /* private: big-endian, possibly with a leading 00 or shorter than 32 */
        if (!wp_hex_be(&f.test, "private", priv, sizeof priv)) {
            fprintf(stderr, "%s tcId %ld: private key too long\n", name, tc);
            t.failures++;
            continue;
        }
        ret = dtls_p256_ecdh(out, priv, pub, pl);
        if (compressed) t.by_design++;
        if (ret != 0 && ret != DTLS_ERR_BAD_KEY) {
            fprintf(stderr, "%s tcId %ld: unexpected code %d\n", name, tc, ret);
            t.failures++;
        } else if (wp_tally_add(&t, name, tc, wp_result(&f.test), ret,
                                ret == 0 && sl == 32 && memcmp(out, shared, 32) == 0) &&
                   (ret == 0 || !compressed || !wp_has_flag(&f.test, "CompressedPoint"))) {
            /* acceptable: only the compressed point (tcId 2); we accept only
             * uncompressed points, so it must be rejected */
            fprintf(stderr, "%s tcId %ld: acceptable vector not handled as decided\n", name, tc);
            t.failures++;
        }
    }
    wp_close(&f);
    wp_tally_print(&t, name, "compressed point encoding, counted within the above");
    CHECK_EQ(t.failures, 0);
    CHECK(t.valid_ok > 0 && t.invalid_rej > 0);
}

int main(void)
{
    RUN(rfc6979_public_key);
    RUN(rfc6979_deterministic);
    RUN(hedged_signature);
    RUN(sign_verify_roundtrip);
    RUN(verify_range_checks);
    RUN(ecdh_cavs);
    RUN(ecdh_agree);
    RUN(keygen_rejection);
    RUN(invalid_keys);
    RUN(der_roundtrip);
    RUN(der_strict);
    RUN(wycheproof_ecdsa_secp256r1_sha256);
    RUN(wycheproof_ecdsa_secp256r1_sha256_p1363);
    RUN(wycheproof_ecdh_secp256r1_ecpoint);
    return test_done();
}
