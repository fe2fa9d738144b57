/* test_x86.c - the x86 hooks (port/x86.c) against the software
 * implementations, through the library's dispatch and the record layer.
 * (The vector tests of tests/crypto and tests/proto run through the same
 * hooks via x86_shim*.h: tests/ports/x86.sh.)
 *
 *   - installation: the groups follow CPUID (DTLS_X86_EXPECT, from
 *     /proc/cpuinfo in x86.sh), want masks, other entries left alone;
 *   - AES-128/256-GCM, AES-128-CCM, AES-128-CCM_8 through
 *     dtls_crypto_aead_* equal software byte for byte: every length 0..600
 *     and 1 KiB .. 16 KiB + 1 (the 8-block path and its tails), AAD 0..47,
 *     in place and out of place; open of the other side's output; every
 *     byte flipped is DTLS_ERR_AUTH with the output zeroed; the parameter
 *     errors are software's; ChaCha20-Poly1305 stays software;
 *   - the AES block entries alone (software GCM/CCM over them, key by_hook 2);
 *   - SHA-256: the hash entries equal software over every length 0..1100 in
 *     random pieces, a 1 MB message and a forked state; SHA-384 stays software;
 *   - the record layer: records protected with the hooks equal software's,
 *     open on the other side, for every AEAD, lengths 0..1600 and 16384, with
 *     and without a Connection ID. */
#include "../../proto/all.h"
#include "../test.h"
#include "../../port/x86.h"

static const int aes_algs[4] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                                DTLS_AEAD_AES_128_CCM_8};
static const char *const alg_names[6] = {"", "AES-128-GCM", "AES-256-GCM", "AES-128-CCM", "AES-128-CCM_8",
                                         "ChaCha20-Poly1305"};

static dtls_crypto_hooks hw;  /* every x86 entry */
static dtls_crypto_hooks blk; /* the AES block entries only */
static int groups;

static uint64_t rng_state = UINT64_C(0x243F6A8885A308D3);
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32);
}
static void fill(uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)rnd();
}

static int dummy_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    memset(out, 0x5a, len);
    return 0;
}

TEST(install_follows_cpuid)
{
    dtls_crypto_hooks h;
    const char *expect = getenv("DTLS_X86_EXPECT");
    int g;

    if (expect)
        CHECK_EQ((int)dtls_x86_features(), atoi(expect));
    memset(&h, 0, sizeof h);
    h.user = &h;
    h.random = dummy_random;
    CHECK_EQ(dtls_x86_hooks(&h, 0), 0);
    CHECK(h.aes_set_key == NULL && h.aead_seal == NULL && h.hash_init == NULL);
    g = dtls_x86_hooks(&h, DTLS_X86_SHA);
    CHECK_EQ(g, (int)(dtls_x86_features() & DTLS_X86_SHA));
    CHECK(h.aead_set_key == NULL && h.aes_encrypt == NULL);
    CHECK((h.hash_init != NULL) == (g != 0) && (h.hash_final != NULL) == (g != 0));
    g = dtls_x86_hooks(&h, DTLS_X86_ALL);
    CHECK_EQ(g, (int)dtls_x86_features());
    CHECK((h.aead_open != NULL) == ((g & 1) != 0) && (h.aes_encrypt != NULL) == ((g & 1) != 0));
    /* the caller's other entries stay */
    CHECK(h.user == &h && h.random == dummy_random && h.ecdh_keygen == NULL && h.ecdsa_sign == NULL);
}

/* dtls_crypto_aead_* with hooks h equals software for alg at (len, al):
 * seal out of place and in place, open of software's record both ways,
 * software's open of the hook's record. */
static int aead_same(const dtls_crypto_hooks *h, int alg, size_t len, size_t al, int want_by_hook)
{
    static uint8_t key[32], nonce[12], aad[48], pt[16384 + 17], ref[16384 + 33], got[16384 + 33], tmp[16384 + 33];
    dtls_crypto_key hk, sk;
    size_t tl = dtls_crypto_aead_tag_len(alg), kl = dtls_crypto_aead_key_len(alg);
    int ok = 1;

    fill(key, kl);
    fill(nonce, 12);
    fill(aad, al);
    fill(pt, len);
    ok &= dtls_crypto_aead_set_key(h, &hk, alg, key, kl) == 0 && hk.by_hook == want_by_hook && hk.alg == alg;
    ok &= dtls_crypto_aead_set_key(NULL, &sk, alg, key, kl) == 0 && sk.by_hook == 0;
    ok &= dtls_crypto_aead_seal(NULL, &sk, ref, nonce, 12, aad, al, pt, len) == 0;
    memset(got, 0xee, len + tl + 1);
    ok &= dtls_crypto_aead_seal(h, &hk, got, nonce, 12, aad, al, pt, len) == 0;
    ok &= memcmp(got, ref, len + tl) == 0 && got[len + tl] == 0xee;
    memcpy(tmp, pt, len); /* in place */
    ok &= dtls_crypto_aead_seal(h, &hk, tmp, nonce, 12, aad, al, tmp, len) == 0;
    ok &= memcmp(tmp, ref, len + tl) == 0;
    ok &= dtls_crypto_aead_open(h, &hk, tmp, nonce, 12, aad, al, tmp, len + tl) == 0; /* in place */
    ok &= memcmp(tmp, pt, len) == 0;
    memset(tmp, 0xee, len + 1);
    ok &= dtls_crypto_aead_open(h, &hk, tmp, nonce, 12, aad, al, ref, len + tl) == 0;
    ok &= memcmp(tmp, pt, len) == 0 && tmp[len] == 0xee;
    ok &= dtls_crypto_aead_open(NULL, &sk, tmp, nonce, 12, aad, al, got, len + tl) == 0;
    ok &= memcmp(tmp, pt, len) == 0;
    dtls_wipe(&hk, sizeof hk);
    if (!ok)
        fprintf(stderr, "  %s differs from software at length %lu, AAD %lu\n", alg_names[alg], (unsigned long)len,
                (unsigned long)al);
    return ok;
}

static void aead_sweep(const dtls_crypto_hooks *h, int want_by_hook)
{
    static const size_t big[] = {1023, 1024, 1025, 2047, 4096, 16383, 16384, 16385};
    size_t a, len, i, fails = 0;
    for (a = 0; a < 4; a++) {
        for (len = 0; len <= 600; len++)
            fails += !aead_same(h, aes_algs[a], len, (len * 7) % 48, want_by_hook);
        for (len = 0; len < 48; len++)
            fails += (size_t)(!aead_same(h, aes_algs[a], 13, len, want_by_hook) +
                              !aead_same(h, aes_algs[a], 130, len, want_by_hook));
        for (i = 0; i < sizeof big / sizeof big[0]; i++)
            fails += !aead_same(h, aes_algs[a], big[i], 13, want_by_hook);
    }
    CHECK_EQ(fails, 0);
}

TEST(aead_hooks_equal_software) { aead_sweep(&hw, 1); }
TEST(aes_block_hooks_under_software_gcm_ccm) { aead_sweep(&blk, 2); }

TEST(aead_tamper_every_byte)
{
    uint8_t key[16], nonce[12], aad[13], pt[150], sealed[166], buf[166];
    dtls_crypto_key k;
    size_t a, i, bad = 0;
    fill(key, 16);
    fill(nonce, 12);
    fill(aad, 13);
    fill(pt, sizeof pt);
    for (a = 0; a < 4; a++) {
        int alg = aes_algs[a];
        size_t tl = dtls_crypto_aead_tag_len(alg), kl = dtls_crypto_aead_key_len(alg);
        uint8_t kk[32];
        memset(kk, 0x33, sizeof kk);
        memcpy(kk, key, 16);
        CHECK_EQ(dtls_crypto_aead_set_key(&hw, &k, alg, kk, kl), 0);
        CHECK_EQ(dtls_crypto_aead_seal(&hw, &k, sealed, nonce, 12, aad, 13, pt, sizeof pt), 0);
        for (i = 0; i < sizeof pt + tl; i++) {
            memcpy(buf, sealed, sizeof pt + tl);
            buf[i] ^= (uint8_t)(1u << (i % 8));
            if (dtls_crypto_aead_open(&hw, &k, buf, nonce, 12, aad, 13, buf, sizeof pt + tl) != DTLS_ERR_AUTH ||
                !test_all_zero(buf, sizeof pt))
                bad++;
        }
        for (i = 0; i < 13; i++) {
            aad[i] ^= 0x80;
            if (dtls_crypto_aead_open(&hw, &k, buf, nonce, 12, aad, 13, sealed, sizeof pt + tl) != DTLS_ERR_AUTH)
                bad++;
            aad[i] ^= 0x80;
        }
        for (i = 0; i < 12; i++) {
            nonce[i] ^= 1;
            if (dtls_crypto_aead_open(&hw, &k, buf, nonce, 12, aad, 13, sealed, sizeof pt + tl) != DTLS_ERR_AUTH)
                bad++;
            nonce[i] ^= 1;
        }
        for (i = 0; i < tl; i++) /* shorter than a tag */
            if (dtls_crypto_aead_open(&hw, &k, buf, nonce, 12, aad, 13, sealed, i) != DTLS_ERR_AUTH)
                bad++;
        CHECK_EQ(dtls_crypto_aead_open(&hw, &k, buf, nonce, 12, aad, 13, sealed, sizeof pt + tl), 0);
        CHECK_MEM(buf, pt, sizeof pt);
    }
    CHECK_EQ(bad, 0);
}

/* Every error answer equals software's. */
TEST(aead_parameter_errors_as_software)
{
    static const size_t nls[] = {0, 6, 7, 8, 11, 13, 14, 16};
    uint8_t key[32], nonce[16], buf[64], b2[64];
    dtls_crypto_key hk, sk;
    size_t a, i;
    memset(key, 1, sizeof key);
    memset(nonce, 2, sizeof nonce);
    for (a = 0; a < 4; a++) {
        int alg = aes_algs[a];
        size_t kl = dtls_crypto_aead_key_len(alg);
        CHECK_EQ(dtls_crypto_aead_set_key(&hw, &hk, alg, key, kl - 1), DTLS_ERR_BAD_KEY);
        CHECK_EQ(dtls_crypto_aead_set_key(&hw, &hk, alg, key, kl), 0);
        CHECK_EQ(dtls_crypto_aead_set_key(NULL, &sk, alg, key, kl), 0);
        for (i = 0; i < sizeof nls / sizeof nls[0]; i++) {
            int rh, rs;
            memset(buf, 3, sizeof buf);
            memset(b2, 3, sizeof b2);
            rh = dtls_crypto_aead_seal(&hw, &hk, buf, nonce, nls[i], NULL, 0, buf, 8);
            rs = dtls_crypto_aead_seal(NULL, &sk, b2, nonce, nls[i], NULL, 0, b2, 8);
            CHECK_EQ(rh, rs);
            if (rh == 0)
                CHECK_MEM(buf, b2, 24);
            rh = dtls_crypto_aead_open(&hw, &hk, buf, nonce, nls[i], NULL, 0, buf, 40);
            rs = dtls_crypto_aead_open(NULL, &sk, b2, nonce, nls[i], NULL, 0, b2, 40);
            CHECK_EQ(rh, rs);
        }
        /* empty text, NULL pointers with zero lengths */
        CHECK_EQ(dtls_crypto_aead_seal(&hw, &hk, buf, nonce, 12, NULL, 0, NULL, 0), 0);
        CHECK_EQ(dtls_crypto_aead_open(&hw, &hk, NULL, nonce, 12, NULL, 0, buf, dtls_crypto_aead_tag_len(alg)), 0);
        /* a key handle that is not one of this hook's algorithms */
        hk.alg = DTLS_AEAD_CHACHA20_POLY1305;
        CHECK_EQ(hw.aead_seal(hw.user, &hk, buf, nonce, 12, NULL, 0, buf, 8), DTLS_ERR_BAD_ARG);
        hk.alg = (uint8_t)alg;
        hk.len = 24;
        CHECK_EQ(hw.aead_open(hw.user, &hk, buf, nonce, 12, NULL, 0, buf, 40), DTLS_ERR_BAD_ARG);
    }
    CHECK_EQ(hw.aes_set_key(hw.user, &hk, key, 20), DTLS_ERR_BAD_KEY);
}

TEST(chacha_and_sha384_stay_software)
{
    uint8_t key[32], nonce[12], pt[100], a[116], b[116], d1[48], d2[48];
    dtls_crypto_key hk, sk;
    dtls_hash_ctx hh, sh;
    fill(key, 32);
    fill(nonce, 12);
    fill(pt, 100);
    CHECK_EQ(dtls_crypto_aead_set_key(&hw, &hk, DTLS_AEAD_CHACHA20_POLY1305, key, 32), 0);
    CHECK_EQ(hk.by_hook, 0);
    CHECK_EQ(dtls_crypto_aead_set_key(NULL, &sk, DTLS_AEAD_CHACHA20_POLY1305, key, 32), 0);
    CHECK_EQ(dtls_crypto_aead_seal(&hw, &hk, a, nonce, 12, NULL, 0, pt, 100), 0);
    CHECK_EQ(dtls_crypto_aead_seal(NULL, &sk, b, nonce, 12, NULL, 0, pt, 100), 0);
    CHECK_MEM(a, b, 116);
#if DTLS_ENABLE_SHA384
    CHECK_EQ(dtls_crypto_hash_init(&hw, &hh, DTLS_HASH_SHA384), 0);
    CHECK_EQ(hh.by_hook, 0);
    CHECK_EQ(dtls_crypto_hash_init(NULL, &sh, DTLS_HASH_SHA384), 0);
    CHECK_EQ(dtls_crypto_hash_update(&hw, &hh, pt, 100), 0);
    CHECK_EQ(dtls_crypto_hash_update(NULL, &sh, pt, 100), 0);
    CHECK_EQ(dtls_crypto_hash_final(&hw, &hh, d1), 0);
    CHECK_EQ(dtls_crypto_hash_final(NULL, &sh, d2), 0);
    CHECK_MEM(d1, d2, 48);
#else
    (void)hh; (void)sh; (void)d1; (void)d2;
#endif
}

TEST(sha256_hooks_equal_software)
{
    static uint8_t msg[1100], big[1000000];
    uint8_t d1[32], d2[32], d3[32];
    dtls_hash_ctx h, s, f;
    size_t len, bad = 0;

    fill(msg, sizeof msg);
    for (len = 0; len <= sizeof msg; len++) {
        size_t off = 0;
        if (dtls_crypto_hash_init(&hw, &h, DTLS_HASH_SHA256) != 0 || h.by_hook != 1)
            bad++;
        dtls_crypto_hash_init(NULL, &s, DTLS_HASH_SHA256);
        while (off < len) { /* random pieces, empty ones included */
            size_t n = rnd() % 150;
            if (n > len - off)
                n = len - off;
            dtls_crypto_hash_update(&hw, &h, msg + off, n);
            dtls_crypto_hash_update(NULL, &s, msg + off, n);
            off += n;
        }
        f = h; /* a fork finishes the same and the original keeps going */
        dtls_crypto_hash_final(&hw, &h, d1);
        dtls_crypto_hash_final(NULL, &s, d2);
        dtls_crypto_hash_final(&hw, &f, d3);
        if (memcmp(d1, d2, 32) != 0 || memcmp(d3, d2, 32) != 0)
            bad++;
    }
    CHECK_EQ(bad, 0);
    /* FIPS 180-2 B.3: one million 'a' */
    memset(big, 'a', sizeof big);
    CHECK_EQ(dtls_crypto_hash_init(&hw, &h, DTLS_HASH_SHA256), 0);
    CHECK_EQ(dtls_crypto_hash_update(&hw, &h, big, 333333), 0);
    CHECK_EQ(dtls_crypto_hash_update(&hw, &h, big, sizeof big - 333333), 0);
    CHECK_EQ(dtls_crypto_hash_final(&hw, &h, d1), 0);
    unhex(d2, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK_MEM(d1, d2, 32);
    CHECK(test_all_zero(h.u.hook_state, 104)); /* final wipes the state */
}

/* ---- the record layer ---- */

static int record_same(int alg, size_t len, const uint8_t *cid, size_t cid_len)
{
    static uint8_t key[32], iv[12], pt[16384], a[16384 + 80], b[16384 + 80];
    dtls__cipher ch, cs;
    dtls__record r;
    size_t ivl = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4, pos = 0, n;
    uint64_t seq = ((uint64_t)rnd() << 16) | (rnd() & 0xffff);
    int ra, rb, ok = 1;

    fill(key, sizeof key);
    fill(iv, sizeof iv);
    fill(pt, len);
    ok &= dtls__cipher_init(&ch, &hw, alg, key, dtls_crypto_aead_key_len(alg), iv, ivl) == 0;
    ok &= dtls__cipher_init(&cs, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, ivl) == 0;
    ra = dtls__record_protect_cid(&hw, &ch, 23, DTLS__VERSION_1_2, 1, seq, cid, cid_len, a, sizeof a, pt, len);
    rb = dtls__record_protect_cid(NULL, &cs, 23, DTLS__VERSION_1_2, 1, seq, cid, cid_len, b, sizeof b, pt, len);
    ok &= ra > 0 && ra == rb && memcmp(a, b, (size_t)ra) == 0;
    if (ok) {
        /* each side opens the other's record */
        n = (size_t)ra;
        ok &= dtls__record_parse(&r, a, n, &pos, cid_len) == 0 && dtls__record_unprotect(NULL, &cs, &r) == 0;
        ok &= r.body_len == len && memcmp(r.body, pt, len) == 0;
        pos = 0;
        ok &= dtls__record_parse(&r, b, n, &pos, cid_len) == 0 && dtls__record_unprotect(&hw, &ch, &r) == 0;
        ok &= r.body_len == len && memcmp(r.body, pt, len) == 0;
        /* a flipped bit is refused by the hook */
        pos = 0;
        ra = dtls__record_protect_cid(NULL, &cs, 23, DTLS__VERSION_1_2, 1, seq, cid, cid_len, b, sizeof b, pt, len);
        b[n - 1 - (len % 7)] ^= 0x10;
        ok &= dtls__record_parse(&r, b, n, &pos, cid_len) == 0 &&
              dtls__record_unprotect(&hw, &ch, &r) == DTLS_ERR_AUTH;
    }
    dtls_wipe(&ch, sizeof ch);
    dtls_wipe(&cs, sizeof cs);
    if (!ok)
        fprintf(stderr, "  record %s, length %lu, CID %lu: hooks and software differ\n", alg_names[alg],
                (unsigned long)len, (unsigned long)cid_len);
    return ok;
}

TEST(records_with_hooks_equal_software)
{
    static const uint8_t cid[4] = {0xc1, 0xd2, 0xe3, 0xf4};
    size_t a, len, bad = 0;
    for (a = 1; a <= 5; a++) {
        for (len = 0; len <= 1600; len += 1 + len / 64)
            bad += !record_same((int)a, len, NULL, 0);
        bad += !record_same((int)a, 16384, NULL, 0);
#if DTLS_ENABLE_CID
        for (len = 0; len <= 300; len += 37)
            bad += !record_same((int)a, len, cid, sizeof cid);
        bad += !record_same((int)a, 16383, cid, sizeof cid);
#else
        (void)cid;
#endif
    }
    CHECK_EQ(bad, 0);
}

int main(void)
{
    unsigned f = dtls_x86_features();
    int rc;
    (void)test_fail;
    printf("     x86 features: %s%s\n", (f & DTLS_X86_AES) ? "AES-NI+PCLMULQDQ " : "", (f & DTLS_X86_SHA) ? "SHA-NI" : "");
    RUN(install_follows_cpuid);
    memset(&hw, 0, sizeof hw);
    hw.random = dummy_random;
    groups = dtls_x86_hooks(&hw, DTLS_X86_ALL);
    if (groups & (int)DTLS_X86_AES) {
        memset(&blk, 0, sizeof blk);
        rc = dtls_x86_hooks(&blk, DTLS_X86_AES);
        blk.aead_set_key = NULL;
        blk.aead_seal = NULL;
        blk.aead_open = NULL;
        (void)rc;
        RUN(aead_hooks_equal_software);
        RUN(aes_block_hooks_under_software_gcm_ccm);
        RUN(aead_tamper_every_byte);
        RUN(aead_parameter_errors_as_software);
        RUN(chacha_and_sha384_stay_software);
        RUN(records_with_hooks_equal_software);
    } else {
        test_skip("aes_hooks", "this CPU has no AES-NI / PCLMULQDQ / SSE4.1");
    }
    if (groups & (int)DTLS_X86_SHA)
        RUN(sha256_hooks_equal_software);
    else
        test_skip("sha256_hooks", "this CPU has no SHA-NI / SSE4.1");
    return test_done();
}
