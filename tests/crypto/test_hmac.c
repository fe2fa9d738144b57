/* test_hmac.c - HMAC-SHA-256 / HMAC-SHA-384 and the TLS 1.2 PRF.
 *
 * Sources:
 *  - RFC 4231 §4.2-4.8: HMAC-SHA-256/384 test cases 1-7 (case 5 truncated to
 *    128 bits).
 *  - TLS 1.2 PRF known answers posted to the IETF TLS WG list
 *    (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html):
 *    "100 bytes of pseudo-randomness using TLS1.2PRF-SHA256" and
 *    "148 bytes of pseudo-randomness using TLS1.2PRF-SHA384"; both also
 *    re-derived with `openssl kdf ... TLS1-PRF`.
 *  - Wycheproof hmac_sha256_test.json and hmac_sha384_test.json.
 *  - Key/message length sweeps (0..300) checked by a digest of all the MACs,
 *    expected values computed with Python's hmac module. */
#include "../wp.h"

struct rfc4231 {
    const char *key, *data;       /* hex */
    const char *sha256, *sha384; /* hex, full or truncated (case 5) */
};

/* Key 0xaa x 131 (cases 6 and 7). */
#define AA131                                                                                      \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct rfc4231 rfc4231[] = {
    /* 1 */
    {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
     "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
    /* 2: "Jefe", "what do ya want for nothing?" */
    {"4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
     "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
    /* 3 */
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
     "dddd",
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
     "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27"},
    /* 4 */
    {"0102030405060708090a0b0c0d0e0f10111213141516171819",
     "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
     "cdcd",
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
     "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb"},
    /* 5: "Test With Truncation", 128-bit output */
    {"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", "546573742057697468205472756e636174696f6e",
     "a3b6167473100ee06e0c796c2955552b", "3abf34c3503b2a23a46efc619baef897"},
    /* 6: "Test Using Larger Than Block-Size Key - Hash Key First" */
    {AA131,
     "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579"
     "204669727374",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
     "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"},
    /* 7: "This is a test using a larger than block-size key and a larger than
     * block-size data. The key needs to be hashed before being used by the
     * HMAC algorithm." */
    {AA131,
     "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b65"
     "7920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565"
     "647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c"
     "676f726974686d2e",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
     "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e"},
};
#define NRFC (sizeof rfc4231 / sizeof rfc4231[0])

static unsigned char pattern[700];

static void make_pattern(void)
{
    unsigned i;
    for (i = 0; i < sizeof pattern; i++)
        pattern[i] = (unsigned char)(i * 131u + 7u);
}

static void run_rfc4231(int alg, size_t full_len)
{
    unsigned char key[200], data[200], want[64], got[64];
    size_t i, klen, dlen, wlen;
    for (i = 0; i < NRFC; i++) {
        const char *exp = alg == DTLS_HASH_SHA256 ? rfc4231[i].sha256 : rfc4231[i].sha384;
        klen = unhex(key, sizeof key, rfc4231[i].key);
        dlen = unhex(data, sizeof data, rfc4231[i].data);
        wlen = unhex(want, sizeof want, exp);
        CHECK(wlen == full_len || (i == 4 && wlen == 16));
        memset(got, 0xee, sizeof got);
        CHECK_EQ(dtls_hmac(got, alg, key, klen, data, dlen), 0);
        CHECK_MEM(got, want, wlen);
        /* exactly hash_len bytes written */
        CHECK_EQ(got[full_len], 0xee);
    }
}

TEST(hmac_sha256_rfc4231)
{
    run_rfc4231(DTLS_HASH_SHA256, 32);
}

#if DTLS_ENABLE_SHA384
TEST(hmac_sha384_rfc4231)
{
    run_rfc4231(DTLS_HASH_SHA384, 48);
}
#endif

/* Digest of HMAC(pattern[0..L), pattern[L/2..L/2+L)) for L = 0..300: every
 * key length up to and past both block sizes, every message padding case. */
static void sweep(int alg, const char *want_hex)
{
    unsigned char want[64], got[64], mac[64];
    size_t hl = dtls_hash_len(alg), len;
    unhex(want, sizeof want, want_hex);
    /* The MACs are digested with the plain hash of the same family. */
    if (alg == DTLS_HASH_SHA256) {
        dtls_sha256_ctx h;
        dtls_sha256_init(&h);
        for (len = 0; len <= 300; len++) {
            CHECK_EQ(dtls_hmac(mac, alg, pattern, len, pattern + len / 2, len), 0);
            dtls_sha256_update(&h, mac, hl);
        }
        dtls_sha256_final(&h, got);
    }
#if DTLS_ENABLE_SHA384
    else {
        dtls_sha512_ctx h;
        dtls_sha384_init(&h);
        for (len = 0; len <= 300; len++) {
            CHECK_EQ(dtls_hmac(mac, alg, pattern, len, pattern + len / 2, len), 0);
            dtls_sha384_update(&h, mac, hl);
        }
        dtls_sha384_final(&h, got);
    }
#endif
    CHECK_MEM(got, want, hl);
}

TEST(hmac_key_and_length_sweep)
{
    sweep(DTLS_HASH_SHA256, "3f0aa4167b624596113bedb64d8106068920cb865030247223366fe9efceb7da");
#if DTLS_ENABLE_SHA384
    sweep(DTLS_HASH_SHA384,
          "8bdd1ff1ab7db04359f240dff9728bf81d459d94410168f6b031c4cded0990618f4ef77ed10b684042536e0624baca2a");
#endif
}

TEST(hmac_empty_key_and_message)
{
    unsigned char want[48], got[48];
    /* Python: hmac.new(b'', b'', 'sha256' / 'sha384') */
    unhex(want, sizeof want, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    CHECK_EQ(dtls_hmac(got, DTLS_HASH_SHA256, NULL, 0, NULL, 0), 0);
    CHECK_MEM(got, want, 32);
#if DTLS_ENABLE_SHA384
    unhex(want, sizeof want,
          "6c1f2ee938fad2e24bd91298474382ca218c75db3d83e114b3d4367776d14d3551289e75e8209cd4b792302840234adc");
    CHECK_EQ(dtls_hmac(got, DTLS_HASH_SHA384, NULL, 0, NULL, 0), 0);
    CHECK_MEM(got, want, 48);
#endif
}

static void split_fork(int alg)
{
    unsigned char want[64], got[64], key[150];
    size_t hl = dtls_hash_len(alg), s, i;
    dtls_hmac_ctx keyed, ctx;
    for (i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i ^ 0x5au);
    CHECK_EQ(dtls_hmac(want, alg, key, sizeof key, pattern, 300), 0);
    CHECK_EQ(dtls_hmac_init(&keyed, alg, key, sizeof key), 0);
    memset(key, 0, sizeof key); /* the context must not need the key any more */
    for (s = 0; s <= 130; s++) {
        ctx = keyed; /* copying forks */
        dtls_hmac_update(&ctx, pattern, s);
        dtls_hmac_update(&ctx, pattern + s, 300 - s);
        dtls_hmac_final(&ctx, got);
        CHECK_MEM(got, want, hl);
        for (i = 0; i < sizeof ctx; i++)
            if (((unsigned char *)&ctx)[i]) break;
        if (i != sizeof ctx) FAIL("dtls_hmac_final did not wipe the context");
    }
    /* out may overlap msg and key in the one-shot function */
    memcpy(got, pattern, 64);
    CHECK_EQ(dtls_hmac(got, alg, got, 64, got, 64), 0);
    CHECK_EQ(dtls_hmac(want, alg, pattern, 64, pattern, 64), 0);
    CHECK_MEM(got, want, hl);
}

TEST(hmac_split_every_offset_and_fork)
{
    split_fork(DTLS_HASH_SHA256);
#if DTLS_ENABLE_SHA384
    split_fork(DTLS_HASH_SHA384);
#endif
}

TEST(hmac_errors)
{
    unsigned char out[64];
    dtls_hmac_ctx ctx;
    CHECK_EQ(dtls_hash_len(DTLS_HASH_SHA256), 32);
    CHECK_EQ(dtls_hash_len(DTLS_HASH_SHA384), 48);
    CHECK_EQ(dtls_hash_len(0), 0);
    CHECK_EQ(dtls_hash_len(2), 0); /* TLS sha1 */
    CHECK_EQ(dtls_hash_len(6), 0); /* TLS sha512: not offered */
    CHECK_EQ(dtls_hmac(out, 2, pattern, 16, pattern, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_hmac(out, 6, pattern, 16, pattern, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_hmac(out, -1, pattern, 16, pattern, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_hmac(NULL, DTLS_HASH_SHA256, pattern, 16, pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_hmac(out, DTLS_HASH_SHA256, NULL, 16, pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_hmac(out, DTLS_HASH_SHA256, pattern, 16, NULL, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_hmac_init(NULL, DTLS_HASH_SHA256, pattern, 16), DTLS_ERR_BAD_ARG);
#if DTLS_ENABLE_SHA384
    CHECK_EQ(dtls_hmac(out, DTLS_HASH_SHA384, pattern, 16, pattern, 16), 0);
#else
    CHECK_EQ(dtls_hmac(out, DTLS_HASH_SHA384, pattern, 16, pattern, 16), DTLS_ERR_DISABLED);
#endif
    /* A failed init leaves a context that update ignores and final does not write with. */
    CHECK_EQ(dtls_hmac_init(&ctx, 7, pattern, 16), DTLS_ERR_UNSUPPORTED);
    dtls_hmac_update(&ctx, pattern, 16);
    memset(out, 0xee, sizeof out);
    dtls_hmac_final(&ctx, out);
    CHECK_EQ(out[0], 0xee);
    CHECK_EQ(out[63], 0xee);
}

/* ---------------------------------------------------------------- TLS PRF */

static const char prf256_secret[] = "9bbe436ba940f017b17652849a71db35";
static const char prf256_seed[] = "a0ba9f936cda311827a6f796ffd5198c";
static const char prf256_out[] =
    "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af"
    "0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
    "87347b66";
#if DTLS_ENABLE_SHA384
static const char prf384_secret[] = "b80b733d6ceefcdc71566ea48e5567df";
static const char prf384_seed[] = "cd665cf6a8447dd6ff8b27555edb7465";
static const char prf384_out[] =
    "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82b1233c9146a0"
    "e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
    "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee691c8f3a26854308d5eaa3be85e099070"
    "3d73e56f";
#endif

static void prf_kat(int alg, const char *secret_hex, const char *seed_hex, const char *out_hex,
                    size_t want_len)
{
    unsigned char secret[16], seed[16], want[160], got[161], prefix[161];
    size_t n, wl;
    unhex(secret, sizeof secret, secret_hex);
    unhex(seed, sizeof seed, seed_hex);
    wl = unhex(want, sizeof want, out_hex);
    CHECK_EQ(wl, want_len);
    memset(got, 0xee, sizeof got);
    CHECK_EQ(dtls_tls12_prf(got, wl, alg, secret, 16, "test label", seed, 16), 0);
    CHECK_MEM(got, want, wl);
    CHECK_EQ(got[wl], 0xee); /* exactly out_len bytes written */
    /* Every shorter length is a prefix (streaming, no block rounding). */
    for (n = 0; n <= wl; n++) {
        memset(prefix, 0xee, sizeof prefix);
        CHECK_EQ(dtls_tls12_prf(prefix, n, alg, secret, 16, "test label", seed, 16), 0);
        CHECK_MEM(prefix, want, n);
        CHECK_EQ(prefix[n], 0xee);
    }
    /* out may be the secret's own buffer. */
    memcpy(got, secret, 16);
    CHECK_EQ(dtls_tls12_prf(got, wl, alg, got, 16, "test label", seed, 16), 0);
    CHECK_MEM(got, want, wl);
}

TEST(prf_sha256_kat)
{
    prf_kat(DTLS_HASH_SHA256, prf256_secret, prf256_seed, prf256_out, 100);
}

#if DTLS_ENABLE_SHA384
TEST(prf_sha384_kat)
{
    prf_kat(DTLS_HASH_SHA384, prf384_secret, prf384_seed, prf384_out, 148);
}
#endif

TEST(prf_errors)
{
    unsigned char out[16];
    CHECK_EQ(dtls_tls12_prf(out, 16, 2, pattern, 16, "x", pattern, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_tls12_prf(out, 16, 0, pattern, 16, "x", pattern, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_tls12_prf(NULL, 16, DTLS_HASH_SHA256, pattern, 16, "x", pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf(out, 16, DTLS_HASH_SHA256, pattern, 16, NULL, pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf(out, 16, DTLS_HASH_SHA256, NULL, 16, "x", pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf(out, 16, DTLS_HASH_SHA256, pattern, 16, "x", NULL, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf(NULL, 0, DTLS_HASH_SHA256, NULL, 0, "", NULL, 0), 0);
    /* Label and seed are concatenated: moving bytes between them changes nothing. */
    {
        unsigned char a[40], b[40];
        const unsigned char s2[] = {'e', 'l', 1, 2, 3};
        CHECK_EQ(dtls_tls12_prf(a, 40, DTLS_HASH_SHA256, pattern, 20, "test label", s2 + 2, 3), 0);
        CHECK_EQ(dtls_tls12_prf(b, 40, DTLS_HASH_SHA256, pattern, 20, "test lab", s2, 5), 0);
        CHECK_MEM(a, b, 40);
    }
}

/* dtls_tls12_prf_keyed with a keyed context, and with the one dtls_hmac_load
 * makes from its dtls_hmac_save, gives the known answers; the context is only
 * read; a loaded context MACs as the keyed one. */
static void prf_keyed_kat(int alg, const char *secret_hex, const char *seed_hex, const char *out_hex,
                          size_t want_len, size_t state_len)
{
    unsigned char secret[16], seed[16], want[160], got[161], st[130], m1[48], m2[48];
    dtls_hmac_ctx k, l;
    size_t wl, wl2;
    unhex(secret, sizeof secret, secret_hex);
    unhex(seed, sizeof seed, seed_hex);
    wl = unhex(want, sizeof want, out_hex);
    CHECK_EQ(wl, want_len);
    CHECK_EQ(dtls_hmac_init(&k, alg, secret, 16), 0);
    memset(got, 0xee, sizeof got);
    CHECK_EQ(dtls_tls12_prf_keyed(got, wl, &k, "test label", seed, 16), 0);
    CHECK_MEM(got, want, wl);
    CHECK_EQ(got[wl], 0xee);
    memset(got, 0xee, sizeof got);
    CHECK_EQ(dtls_tls12_prf_keyed(got, 13, &k, "test label", seed, 16), 0); /* k unchanged: again */
    CHECK_MEM(got, want, 13);
    CHECK_EQ(got[13], 0xee);
    memset(st, 0xee, sizeof st);
    CHECK_EQ(dtls_hmac_save(&k, st, state_len - 1), 0); /* too small: nothing written */
    CHECK_EQ(st[0], 0xee);
    CHECK_EQ(dtls_hmac_save(&k, st, sizeof st), state_len);
    CHECK_EQ(st[state_len], 0xee);
    for (wl2 = 0; wl2 + 16 <= state_len; wl2++)
        CHECK(memcmp(st + wl2, secret, 16) != 0); /* hash states, not the key */
    CHECK_EQ(dtls_hmac_load(&l, alg, st, state_len), 0);
    memset(got, 0xee, sizeof got);
    CHECK_EQ(dtls_tls12_prf_keyed(got, wl, &l, "test label", seed, 16), 0);
    CHECK_MEM(got, want, wl);
    dtls_hmac_update(&l, pattern, 100);
    dtls_hmac_final(&l, m1);
    CHECK_EQ(dtls_hmac(m2, alg, secret, 16, pattern, 100), 0);
    CHECK_MEM(m1, m2, dtls_hash_len(alg));
    /* a context that hashed data has no saved form; a state of another length loads nothing */
    dtls_hmac_update(&k, pattern, 1);
    CHECK_EQ(dtls_hmac_save(&k, st, sizeof st), 0);
    CHECK_EQ(dtls_hmac_load(&l, alg, st, state_len + 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf_keyed(got, 12, &l, "test label", seed, 16), DTLS_ERR_BAD_ARG); /* zeroed */
    dtls_hmac_final(&k, m1);
}

TEST(prf_keyed_and_saved_state)
{
    unsigned char out[16], st[64];
    dtls_hmac_ctx k;
    prf_keyed_kat(DTLS_HASH_SHA256, prf256_secret, prf256_seed, prf256_out, 100, 64);
#if DTLS_ENABLE_SHA384
    prf_keyed_kat(DTLS_HASH_SHA384, prf384_secret, prf384_seed, prf384_out, 148, 128);
#else
    memset(st, 1, sizeof st);
    CHECK_EQ(dtls_hmac_load(&k, DTLS_HASH_SHA384, st, 128), DTLS_ERR_DISABLED);
#endif
    memset(st, 1, sizeof st);
    CHECK_EQ(dtls_hmac_load(&k, 2, st, 64), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_hmac_load(&k, DTLS_HASH_SHA256, NULL, 64), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_hmac_load(NULL, DTLS_HASH_SHA256, st, 64), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_hmac_save(NULL, st, sizeof st), 0);
    CHECK_EQ(dtls_hmac_init(&k, DTLS_HASH_SHA256, pattern, 16), 0);
    CHECK_EQ(dtls_hmac_save(&k, NULL, 64), 0);
    CHECK_EQ(dtls_tls12_prf_keyed(NULL, 16, &k, "x", pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf_keyed(out, 16, &k, NULL, pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf_keyed(out, 16, &k, "x", NULL, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf_keyed(out, 16, NULL, "x", pattern, 16), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_tls12_prf_keyed(NULL, 0, &k, "", NULL, 0), 0);
    dtls_wipe(&k, sizeof k);
}

/* --------------------------------------------------------------- Wycheproof */

static void wycheproof(const char *file, int alg)
{
    wp_file f;
    unsigned char key[256], msg[1024], tag[64], mac[64];
    long valid_ok = 0, invalid_rej = 0, failures = 0;
    char line[256];
    if (!wp_open(&f, file)) {
        FAIL("vector file vanished"); /* main checked that it exists */
        return;
    }
    while (wp_next(&f)) {
        size_t kl = wp_hex(&f.test, "key", key, sizeof key);
        size_t ml = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t tl = wp_hex(&f.test, "tag", tag, sizeof tag);
        long tag_bits = wp_int(&f.group, "tagSize");
        const char *res = wp_result(&f.test);
        int match;
        /* HMAC vectors carry only informational flags (Pseudorandom, ModifiedTag). */
        (void)wp_has_flag;
        if (kl * 8 != (size_t)wp_int(&f.group, "keySize") || tag_bits <= 0 || tag_bits % 8 != 0 ||
            (size_t)tag_bits / 8 > dtls_hash_len(alg)) {
            FAIL("malformed Wycheproof group");
            failures++;
            continue;
        }
        CHECK_EQ(dtls_hmac(mac, alg, key, kl, msg, ml), 0);
        /* Compare the tag truncated to tagSize; a tag of another length never matches. */
        match = tl == (size_t)tag_bits / 8 && dtls_ct_equal(mac, tag, tl);
        if (strcmp(res, "valid") == 0) {
            if (match) valid_ok++;
            else {
                failures++;
                snprintf(line, sizeof line, "%s tcId %ld: valid tag rejected", file, wp_int(&f.test, "tcId"));
                FAIL(line);
            }
        } else if (strcmp(res, "invalid") == 0) {
            if (!match) invalid_rej++;
            else {
                failures++;
                snprintf(line, sizeof line, "%s tcId %ld: invalid tag accepted", file, wp_int(&f.test, "tcId"));
                FAIL(line);
            }
        } else {
            failures++;
            FAIL("unexpected result (HMAC files have no acceptable vectors)");
        }
    }
    wp_close(&f);
    printf("     wycheproof %s: %ld valid ok, %ld invalid rejected, 0 acceptable (accepted 0 / rejected 0), "
           "0 rejected-by-design, %ld failures\n",
           file, valid_ok, invalid_rej, failures);
    CHECK(valid_ok + invalid_rej > 0);
}

TEST(wycheproof_hmac_sha256)
{
    wycheproof("hmac_sha256", DTLS_HASH_SHA256);
}

#if DTLS_ENABLE_SHA384
TEST(wycheproof_hmac_sha384)
{
    wycheproof("hmac_sha384", DTLS_HASH_SHA384);
}
#endif

/* RUNs test when the vector file exists, else counts one skip (not both). */
static void run_wycheproof(const char *file, const char *name, void (*test)(void))
{
    wp_file f;
    if (!wp_open(&f, file)) {
        test_skip(name, "Wycheproof vector file not found (DTLS_VECTORS)");
        return;
    }
    wp_close(&f);
    test_run(name, test);
}

int main(void)
{
    make_pattern();
    RUN(hmac_sha256_rfc4231);
#if DTLS_ENABLE_SHA384
    RUN(hmac_sha384_rfc4231);
#else
    test_skip("hmac_sha384_rfc4231", "DTLS_ENABLE_SHA384 is 0");
#endif
    RUN(hmac_key_and_length_sweep);
    RUN(hmac_empty_key_and_message);
    RUN(hmac_split_every_offset_and_fork);
    RUN(hmac_errors);
    RUN(prf_sha256_kat);
#if DTLS_ENABLE_SHA384
    RUN(prf_sha384_kat);
#else
    test_skip("prf_sha384_kat", "DTLS_ENABLE_SHA384 is 0");
#endif
    RUN(prf_errors);
    RUN(prf_keyed_and_saved_state);
    run_wycheproof("hmac_sha256", "wycheproof_hmac_sha256", wycheproof_hmac_sha256);
#if DTLS_ENABLE_SHA384
    run_wycheproof("hmac_sha384", "wycheproof_hmac_sha384", wycheproof_hmac_sha384);
#else
    test_skip("wycheproof_hmac_sha384", "DTLS_ENABLE_SHA384 is 0");
#endif
    return test_done();
}
