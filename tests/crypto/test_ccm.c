/* test_ccm.c - AES-CCM (crypto/ccm.c).
 * Vectors: RFC 3610 §8 packet vectors #1, #2, #3 (M = 8, i.e. CCM_8 as in
 * RFC 6655); NIST SP 800-38C Appendix C examples 1-4 (tags of 4, 6, 8 and
 * 14 bytes, nonces of 7, 8, 12 and 13 bytes, example 4 with 65536 bytes of
 * AAD, which uses the 0xFFFE length encoding); Wycheproof aes_ccm_test.json
 * (16-byte tags among others). */
#include "../wp.h"
#include "counting_ecb.h"

#if DTLS_ENABLE_CCM && DTLS_ENABLE_AES

typedef struct {
    const char *key, *nonce, *aad, *pt, *ct; /* ct includes the tag */
    size_t tag_len;
} ccm_kat;

static const ccm_kat kats[] = {
    /* RFC 3610 packet vector #1 */
    { "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000003020100a0a1a2a3a4a5", "0001020304050607",
      "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e",
      "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0", 8 },
    /* RFC 3610 packet vector #2 */
    { "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000004030201a0a1a2a3a4a5", "0001020304050607",
      "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916", 8 },
    /* RFC 3610 packet vector #3 */
    { "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", "00000005040302a0a1a2a3a4a5", "0001020304050607",
      "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
      "51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da8596574adaa76fbd9fb0c5", 8 },
    /* SP 800-38C example 1 */
    { "404142434445464748494a4b4c4d4e4f", "10111213141516", "0001020304050607", "20212223",
      "7162015b4dac255d", 4 },
    /* SP 800-38C example 2 */
    { "404142434445464748494a4b4c4d4e4f", "1011121314151617", "000102030405060708090a0b0c0d0e0f",
      "202122232425262728292a2b2c2d2e2f", "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd", 6 },
    /* SP 800-38C example 3 */
    { "404142434445464748494a4b4c4d4e4f", "101112131415161718191a1b",
      "000102030405060708090a0b0c0d0e0f10111213", "202122232425262728292a2b2c2d2e2f3031323334353637",
      "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951", 8 },
};

/* SP 800-38C example 4: A = 00 01 .. ff repeated 256 times (65536 bytes). */
static const char *ex4_key = "404142434445464748494a4b4c4d4e4f";
static const char *ex4_nonce = "101112131415161718191a1b1c";
static const char *ex4_pt = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f";
static const char *ex4_ct = "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72"
                            "b4ac6bec93e8598e7f0dadbcea5b";


TEST(rfc3610_and_sp800_38c_vectors)
{
    unsigned char key[16], nonce[13], aad[20], pt[32], ct[48], out[64], buf[64];
    size_t i, kl, nl, al, pl, cl, M;
    dtls_aes_ctx ctx;
    for (i = 0; i < sizeof kats / sizeof kats[0]; i++) {
        kl = unhex(key, sizeof key, kats[i].key);
        nl = unhex(nonce, sizeof nonce, kats[i].nonce);
        al = unhex(aad, sizeof aad, kats[i].aad);
        pl = unhex(pt, sizeof pt, kats[i].pt);
        cl = unhex(ct, sizeof ct, kats[i].ct);
        M = kats[i].tag_len;
        CHECK_EQ(cl, pl + M);
        CHECK_EQ(dtls_aes_init(&ctx, key, kl), 0);
        memset(out, 0xEE, sizeof out);
        CHECK_EQ(dtls_ccm_seal(dtls_aes_ecb, &ctx, M, out, nonce, nl, aad, al, pt, pl), 0);
        CHECK_MEM(out, ct, cl);
        CHECK_EQ(out[cl], 0xEE);
        memset(buf, 0xEE, sizeof buf);
        CHECK_EQ(dtls_ccm_open(dtls_aes_ecb, &ctx, M, buf, nonce, nl, aad, al, ct, cl), 0);
        CHECK_MEM(buf, pt, pl);
        CHECK_EQ(buf[pl], 0xEE);
        /* raw key, in place */
        memcpy(buf, pt, pl);
        CHECK_EQ(dtls_aes_ccm_seal(buf, key, kl, M, nonce, nl, aad, al, buf, pl), 0);
        CHECK_MEM(buf, ct, cl);
        CHECK_EQ(dtls_aes_ccm_open(buf, key, kl, M, nonce, nl, aad, al, buf, cl), 0);
        CHECK_MEM(buf, pt, pl);
    }
}

TEST(sp800_38c_example4_long_aad)
{
    static unsigned char aad[65536];
    unsigned char key[16], nonce[13], pt[32], ct[46], out[46];
    size_t i;
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)i;
    unhex(key, sizeof key, ex4_key);
    unhex(nonce, sizeof nonce, ex4_nonce);
    unhex(pt, sizeof pt, ex4_pt);
    CHECK_EQ(unhex(ct, sizeof ct, ex4_ct), 46);
    CHECK_EQ(dtls_aes_ccm_seal(out, key, 16, 14, nonce, 13, aad, sizeof aad, pt, 32), 0);
    CHECK_MEM(out, ct, 46);
    CHECK_EQ(dtls_aes_ccm_open(out, key, 16, 14, nonce, 13, aad, sizeof aad, out, 46), 0);
    CHECK_MEM(out, pt, 32);
    aad[65535] ^= 1;
    CHECK_EQ(dtls_aes_ccm_open(out, key, 16, 14, nonce, 13, aad, sizeof aad, ct, 46), DTLS_ERR_AUTH);
}

TEST(roundtrip_all_sizes_in_place)
{
    unsigned char key[32], nonce[13], aad[40], pt[70], buf[70 + 16], ref[70 + 16];
    size_t len, i, kl, M, nl;
    dtls_aes_ctx ctx;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i * 5 + 2);
    for (i = 0; i < sizeof nonce; i++) nonce[i] = (unsigned char)(0x10 + i);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)(i ^ 0x3C);
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(i * 11 + 5);
    for (kl = 16; kl <= 32; kl += 8) {
        CHECK_EQ(dtls_aes_init(&ctx, key, kl), 0);
        for (M = 4; M <= 16; M += 2) {
            for (nl = 7; nl <= 13; nl++) {
                for (len = 0; len <= 70; len++) {
                    size_t al = (len * 7 + M + nl) % 41;
                    CHECK_EQ(dtls_ccm_seal(dtls_aes_ecb, &ctx, M, ref, nonce, nl, aad, al, pt, len), 0);
                    memcpy(buf, pt, len);
                    CHECK_EQ(dtls_aes_ccm_seal(buf, key, kl, M, nonce, nl, aad, al, buf, len), 0);
                    CHECK_MEM(buf, ref, len + M);
                    if (len >= 4) CHECK(memcmp(buf, pt, len) != 0); /* encrypted at all */
                    CHECK_EQ(dtls_ccm_open(dtls_aes_ecb, &ctx, M, buf, nonce, nl, aad, al, buf, len + M), 0);
                    CHECK_MEM(buf, pt, len);
                    memcpy(buf, ref, len + M);
                    CHECK_EQ(dtls_aes_ccm_open(buf, key, kl, M, nonce, nl, aad, al, buf, len + M), 0);
                    CHECK_MEM(buf, pt, len);
                }
            }
        }
    }
}

TEST(tamper_every_byte)
{
    unsigned char key[16], nonce[12], aad[13], pt[37], sealed[37 + 16], buf[37 + 16];
    size_t i, M, len = sizeof pt;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(0x60 + i);
    memset(nonce, 0x24, sizeof nonce);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)(i + 1);
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(0x3A ^ i);
    for (M = 8; M <= 16; M += 8) { /* CCM_8 and CCM */
        CHECK_EQ(dtls_aes_ccm_seal(sealed, key, 16, M, nonce, 12, aad, sizeof aad, pt, len), 0);
        for (i = 0; i < len + M; i++) {
            memcpy(buf, sealed, len + M);
            buf[i] ^= (unsigned char)(1u << (i % 8));
            CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M, nonce, 12, aad, sizeof aad, buf, len + M), DTLS_ERR_AUTH);
            CHECK(test_all_zero(buf, len));
        }
        for (i = 0; i < sizeof aad; i++) {
            aad[i] ^= 0x40;
            CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M, nonce, 12, aad, sizeof aad, sealed, len + M), DTLS_ERR_AUTH);
            CHECK(test_all_zero(buf, len));
            aad[i] ^= 0x40;
        }
        /* no AAD at all vs. the sealed AAD */
        CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M, nonce, 12, NULL, 0, sealed, len + M), DTLS_ERR_AUTH);
        CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M, nonce, 12, aad, sizeof aad, sealed, len + M), 0);
        CHECK_MEM(buf, pt, len);
        for (i = 0; i < M; i++)
            CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M, nonce, 12, aad, sizeof aad, sealed, i), DTLS_ERR_AUTH);
        /* opened with the wrong tag length */
        CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, M - 2, nonce, 12, aad, sizeof aad, sealed, len + M), DTLS_ERR_AUTH);
    }
}

TEST(parameter_errors)
{
    unsigned char key[16], nonce[16], buf[64];
    dtls_aes_ctx ctx;
    size_t bad_nl[] = { 0, 6, 14, 16 }, bad_tag[] = { 0, 2, 3, 5, 7, 15, 17, 18, 32 };
    size_t i;
    memset(key, 1, sizeof key);
    memset(nonce, 2, sizeof nonce);
    memset(buf, 3, sizeof buf);
    CHECK_EQ(dtls_aes_init(&ctx, key, 16), 0);
    for (i = 0; i < sizeof bad_nl / sizeof bad_nl[0]; i++) {
        CHECK_EQ(dtls_ccm_seal(dtls_aes_ecb, &ctx, 16, buf, nonce, bad_nl[i], NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_ccm_open(dtls_aes_ecb, &ctx, 16, buf, nonce, bad_nl[i], NULL, 0, buf, 24), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_ccm_seal(buf, key, 16, 8, nonce, bad_nl[i], NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, 8, nonce, bad_nl[i], NULL, 0, buf, 24), DTLS_ERR_UNSUPPORTED);
    }
    for (i = 0; i < sizeof bad_tag / sizeof bad_tag[0]; i++) {
        CHECK_EQ(dtls_ccm_seal(dtls_aes_ecb, &ctx, bad_tag[i], buf, nonce, 12, NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_ccm_open(dtls_aes_ecb, &ctx, bad_tag[i], buf, nonce, 12, NULL, 0, buf, 40), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_ccm_seal(buf, key, 16, bad_tag[i], nonce, 12, NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, bad_tag[i], nonce, 12, NULL, 0, buf, 40), DTLS_ERR_UNSUPPORTED);
    }
    CHECK_EQ(dtls_aes_ccm_seal(buf, key, 17, 16, nonce, 12, NULL, 0, buf, 8), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_aes_ccm_open(buf, key, 8, 16, nonce, 12, NULL, 0, buf, 24), DTLS_ERR_BAD_KEY);
    /* length field too small: nonce 13 bytes leaves L = 2 (< 65536 bytes) */
    {
        static unsigned char big[65536 + 16];
        CHECK_EQ(dtls_aes_ccm_seal(big, key, 16, 16, nonce, 13, NULL, 0, big, 65536), DTLS_ERR_TOO_LONG);
        CHECK_EQ(dtls_aes_ccm_open(big, key, 16, 16, nonce, 13, NULL, 0, big, 65536 + 16), DTLS_ERR_TOO_LONG);
        CHECK_EQ(dtls_aes_ccm_seal(big, key, 16, 16, nonce, 13, NULL, 0, big, 65535), 0);
        CHECK_EQ(dtls_aes_ccm_open(big, key, 16, 16, nonce, 13, NULL, 0, big, 65535 + 16), 0);
        CHECK_EQ(dtls_aes_ccm_seal(big, key, 16, 16, nonce, 12, NULL, 0, big, 65536), 0);
        CHECK_EQ(dtls_aes_ccm_open(big, key, 16, 16, nonce, 12, NULL, 0, big, 65536 + 16), 0);
    }
    CHECK_EQ(dtls_aes_ccm_seal(buf, key, 16, 16, nonce, 12, NULL, 0, NULL, 0), 0);
    CHECK_EQ(dtls_aes_ccm_open(NULL, key, 16, 16, nonce, 12, NULL, 0, buf, 16), 0);
}

TEST(ecb_batching_and_errors)
{
    unsigned char key[16], nonce[12], aad[13], pt[100], ref[116], buf[116];
    counting_ecb c;
    int calls, k;
    size_t i;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i + 50);
    memset(nonce, 7, sizeof nonce);
    memset(aad, 8, sizeof aad);
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(i * 3);
    memset(&c, 0, sizeof c);
    CHECK_EQ(dtls_aes_init(&c.aes, key, 16), 0);
    CHECK_EQ(dtls_aes_ccm_seal(ref, key, 16, 16, nonce, 12, aad, sizeof aad, pt, sizeof pt), 0);
    CHECK_EQ(dtls_ccm_seal(counting_ecb_fn, &c, 16, buf, nonce, 12, aad, sizeof aad, pt, sizeof pt), 0);
    CHECK_MEM(buf, ref, sizeof ref);
    /* DTLS record shape: B0+A0, AAD block+A1, then one call per 16 bytes */
    calls = c.calls;
    CHECK_EQ(calls, 2 + 7);
    CHECK_EQ(c.max_blocks, 2);
    for (k = 1; k <= calls; k++) {
        c.calls = 0;
        c.fail_at = k;
        memset(buf, 0x77, sizeof buf);
        CHECK_EQ(dtls_ccm_seal(counting_ecb_fn, &c, 16, buf, nonce, 12, aad, sizeof aad, pt, sizeof pt), DTLS_ERR_HOOK);
        CHECK(test_all_zero(buf, sizeof buf));
        c.calls = 0;
        memcpy(buf, ref, sizeof ref);
        CHECK_EQ(dtls_ccm_open(counting_ecb_fn, &c, 16, buf, nonce, 12, aad, sizeof aad, buf, sizeof ref), DTLS_ERR_HOOK);
        CHECK(test_all_zero(buf, sizeof pt));
    }
}

static int ccm_supported(size_t nl, size_t M)
{
    return nl >= 7 && nl <= 13 && M >= 4 && M <= 16 && M % 2 == 0;
}

TEST(wycheproof_aes_ccm)
{
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, invalid_size = 0, acc = 0, acc_yes = 0, acc_no = 0, by_design = 0;
    long failures = 0;
    static unsigned char key[32], iv[300], aad[600], msg[600], ct[600], tag[32], in[700], out[700];
    if (!wp_open(&f, "aes_ccm")) {
        FAIL("aes_ccm.txt vanished");
        return;
    }
    while (wp_next(&f)) {
        const char *res = wp_result(&f.test);
        int valid = strcmp(res, "valid") == 0, acceptable = strcmp(res, "acceptable") == 0;
        size_t kl = wp_hex(&f.test, "key", key, sizeof key);
        size_t nl = wp_hex(&f.test, "iv", iv, sizeof iv);
        size_t al = wp_hex(&f.test, "aad", aad, sizeof aad);
        size_t ml = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t cl = wp_hex(&f.test, "ct", ct, sizeof ct);
        size_t tl = wp_hex(&f.test, "tag", tag, sizeof tag);
        size_t M = (size_t)wp_int(&f.group, "tagSize") / 8;
        long id = wp_int(&f.test, "tcId");
        int r1, r2, ok;

        memcpy(in, ct, cl);
        memcpy(in + cl, tag, tl);
        if (!ccm_supported(nl, M)) {
            r1 = dtls_aes_ccm_seal(out, key, kl, M, iv, nl, aad, al, msg, ml);
            r2 = dtls_aes_ccm_open(out, key, kl, M, iv, nl, aad, al, in, cl + tl);
            if (r1 != DTLS_ERR_UNSUPPORTED || r2 != DTLS_ERR_UNSUPPORTED) {
                failures++;
                fprintf(stderr, "aes_ccm tcId %ld: size not rejected (%d, %d)\n", id, r1, r2);
            } else if (valid || acceptable) {
                by_design++; /* none in the current file */
            } else {
                invalid_rej++;
                invalid_size++;
            }
            continue;
        }
        memset(out, 0xCC, sizeof out);
        r2 = dtls_aes_ccm_open(out, key, kl, M, iv, nl, aad, al, in, cl + tl);
        ok = r2 == 0;
        if (ok && (cl != ml || memcmp(out, msg, ml) != 0)) {
            failures++;
            fprintf(stderr, "aes_ccm tcId %ld: open plaintext mismatch\n", id);
        }
        if (!ok && (r2 != DTLS_ERR_AUTH || !test_all_zero(out, cl + tl >= M ? cl + tl - M : 0))) {
            failures++;
            fprintf(stderr, "aes_ccm tcId %ld: open failed with %d or output not zeroed\n", id, r2);
        }
        if (valid) {
            r1 = dtls_aes_ccm_seal(out, key, kl, M, iv, nl, aad, al, msg, ml);
            if (!ok || r1 != 0 || tl != M || memcmp(out, ct, cl) != 0 || memcmp(out + ml, tag, M) != 0) {
                failures++;
                fprintf(stderr, "aes_ccm tcId %ld: valid vector failed (open %d, seal %d)\n", id, r2, r1);
            } else {
                valid_ok++;
            }
        } else if (acceptable) {
            acc++;
            if (ok) acc_yes++; else acc_no++;
        } else if (ok) {
            failures++;
            fprintf(stderr, "aes_ccm tcId %ld: invalid vector accepted\n", id);
        } else {
            invalid_rej++;
        }
    }
    wp_close(&f);
    printf("     wycheproof aes_ccm: %ld valid ok, %ld invalid rejected (%ld of them for a nonce or tag size outside RFC 3610, "
           "DTLS_ERR_UNSUPPORTED), %ld acceptable (accepted %ld / rejected %ld), %ld rejected-by-design (valid but size "
           "outside RFC 3610), %ld failures\n",
           valid_ok, invalid_rej, invalid_size, acc, acc_yes, acc_no, by_design, failures);
    CHECK_EQ(failures, 0);
    CHECK(valid_ok > 0 && invalid_rej > 0);
}

int main(void)
{
    wp_file probe;
    (void)wp_has_flag;
    RUN(rfc3610_and_sp800_38c_vectors);
    RUN(sp800_38c_example4_long_aad);
    RUN(roundtrip_all_sizes_in_place);
    RUN(tamper_every_byte);
    RUN(parameter_errors);
    RUN(ecb_batching_and_errors);
    if (wp_open(&probe, "aes_ccm")) {
        wp_close(&probe);
        RUN(wycheproof_aes_ccm);
    } else {
        test_skip("wycheproof_aes_ccm", "vector file aes_ccm.txt not found (DTLS_VECTORS)");
    }
    return test_done();
}

#elif DTLS_ENABLE_CCM
/* AES compiled out: the raw-key functions say so (a hook can still provide AES). */
TEST(raw_key_disabled)
{
    unsigned char key[16], nonce[12], buf[32];
    memset(key, 1, sizeof key);
    memset(nonce, 2, sizeof nonce);
    memset(buf, 3, sizeof buf);
    CHECK_EQ(dtls_aes_ccm_seal(buf, key, 16, 16, nonce, 12, NULL, 0, buf, 4), DTLS_ERR_DISABLED);
    CHECK_EQ(dtls_aes_ccm_open(buf, key, 16, 16, nonce, 12, NULL, 0, buf, 20), DTLS_ERR_DISABLED);
    CHECK_MEM(buf, buf + 16, 16);
}

int main(void)
{
    (void)unhex;
    (void)test_fail;
    (void)wp_open;
    (void)wp_next;
    (void)wp_close;
    (void)wp_int;
    (void)wp_hex;
    (void)wp_has_flag;
    (void)wp_result;
    RUN(raw_key_disabled);
    test_skip("ccm", "DTLS_ENABLE_AES is 0: only the DTLS_ERR_DISABLED answers tested");
    return test_done();
}

#else
int main(void)
{
    (void)test_fail;
    (void)test_run;
    (void)test_check_mem;
    (void)unhex;
    (void)wp_open;
    (void)wp_next;
    (void)wp_close;
    (void)wp_int;
    (void)wp_hex;
    (void)wp_has_flag;
    (void)wp_result;
    test_skip("ccm", "DTLS_ENABLE_CCM is 0");
    return test_done();
}
#endif
