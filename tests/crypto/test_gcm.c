/* test_gcm.c - AES-GCM (crypto/gcm.c).
 * Vectors: D. McGrew, J. Viega, "The Galois/Counter Mode of Operation (GCM)"
 * (revised 2005), Appendix B test cases 1-4 (AES-128) and 13-16 (AES-256),
 * all with 96-bit IVs; Wycheproof aes_gcm_test.json. */
#include "../wp.h"
#include "counting_ecb.h"

#if DTLS_ENABLE_GCM && DTLS_ENABLE_AES

static const struct {
    const char *key, *iv, *aad, *pt, *ct, *tag;
} mv[] = {
    /* test case 1 */
    { "00000000000000000000000000000000", "000000000000000000000000", "", "", "",
      "58e2fccefa7e3061367f1d57a4e7455a" },
    /* test case 2 */
    { "00000000000000000000000000000000", "000000000000000000000000", "",
      "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78",
      "ab6e47d42cec13bdf53a67b21257bddf" },
    /* test case 3 */
    { "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888", "",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
      "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
      "4d5c2af327cd64a62cf35abd2ba6fab4" },
    /* test case 4 */
    { "feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
      "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
      "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
      "5bc94fbc3221a5db94fae95ae7121a47" },
    /* test case 13 */
    { "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
    /* test case 14 */
    { "0000000000000000000000000000000000000000000000000000000000000000",
      "000000000000000000000000", "", "00000000000000000000000000000000",
      "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
    /* test case 15 */
    { "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "cafebabefacedbaddecaf888", "",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
      "b094dac5d93471bdec1a502270e3cc6c" },
    /* test case 16 */
    { "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
      "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
      "76fc6ece0f4e1768cddf8853bb2d551b" },
};


TEST(mcgrew_viega_vectors)
{
    unsigned char key[32], iv[12], aad[20], pt[64], ct[64], tag[16], buf[96], out[96];
    size_t i, kl, al, pl;
    dtls_aes_ctx ctx;
    for (i = 0; i < sizeof mv / sizeof mv[0]; i++) {
        kl = unhex(key, sizeof key, mv[i].key);
        unhex(iv, sizeof iv, mv[i].iv);
        al = unhex(aad, sizeof aad, mv[i].aad);
        pl = unhex(pt, sizeof pt, mv[i].pt);
        CHECK_EQ(unhex(ct, sizeof ct, mv[i].ct), pl);
        unhex(tag, sizeof tag, mv[i].tag);

        /* pre-expanded key */
        CHECK_EQ(dtls_aes_init(&ctx, key, kl), 0);
        memset(out, 0xEE, sizeof out);
        CHECK_EQ(dtls_gcm_seal(dtls_aes_ecb, &ctx, out, iv, 12, aad, al, pt, pl), 0);
        CHECK_MEM(out, ct, pl);
        CHECK_MEM(out + pl, tag, 16);
        CHECK_EQ(out[pl + 16], 0xEE); /* nothing written past the tag */
        memset(buf, 0xEE, sizeof buf);
        CHECK_EQ(dtls_gcm_open(dtls_aes_ecb, &ctx, buf, iv, 12, aad, al, out, pl + 16), 0);
        CHECK_MEM(buf, pt, pl);
        CHECK_EQ(buf[pl], 0xEE);

        /* raw key, in place */
        memcpy(buf, pt, pl);
        CHECK_EQ(dtls_aes_gcm_seal(buf, key, kl, iv, 12, aad, al, buf, pl), 0);
        CHECK_MEM(buf, ct, pl);
        CHECK_MEM(buf + pl, tag, 16);
        CHECK_EQ(dtls_aes_gcm_open(buf, key, kl, iv, 12, aad, al, buf, pl + 16), 0);
        CHECK_MEM(buf, pt, pl);
    }
}

TEST(roundtrip_lengths_in_place)
{
    unsigned char key[32], iv[12], aad[40], pt[70], buf[70 + 16], ref[70 + 16];
    size_t len, i, kl;
    dtls_aes_ctx ctx;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i * 7 + 1);
    for (i = 0; i < sizeof iv; i++) iv[i] = (unsigned char)(0xA0 + i);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)(i ^ 0x5A);
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(i * 13 + 3);
    for (kl = 16; kl <= 32; kl += 8) {
        CHECK_EQ(dtls_aes_init(&ctx, key, kl), 0);
        for (len = 0; len <= 70; len++) {
            size_t al = (len * 3) % 41;
            CHECK_EQ(dtls_gcm_seal(dtls_aes_ecb, &ctx, ref, iv, 12, aad, al, pt, len), 0);
            memcpy(buf, pt, len);
            CHECK_EQ(dtls_aes_gcm_seal(buf, key, kl, iv, 12, aad, al, buf, len), 0);
            CHECK_MEM(buf, ref, len + 16);
            if (len >= 4) CHECK(memcmp(buf, pt, len) != 0); /* encrypted at all */
            CHECK_EQ(dtls_gcm_open(dtls_aes_ecb, &ctx, buf, iv, 12, aad, al, buf, len + 16), 0);
            CHECK_MEM(buf, pt, len);
            memcpy(buf, ref, len + 16);
            CHECK_EQ(dtls_aes_gcm_open(buf, key, kl, iv, 12, aad, al, buf, len + 16), 0);
            CHECK_MEM(buf, pt, len);
        }
    }
}

TEST(tamper_every_byte)
{
    unsigned char key[16], iv[12], aad[13], pt[37], sealed[37 + 16], buf[37 + 16];
    size_t i, len = sizeof pt;
    int bit;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(0x30 + i);
    memset(iv, 0x42, sizeof iv);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)i;
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)(0xC0 ^ i);
    CHECK_EQ(dtls_aes_gcm_seal(sealed, key, 16, iv, 12, aad, sizeof aad, pt, len), 0);
    for (i = 0; i < len + 16; i++) {
        for (bit = 0; bit < 8; bit += 7) {
            memcpy(buf, sealed, len + 16);
            buf[i] ^= (unsigned char)(1u << bit);
            CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, buf, len + 16), DTLS_ERR_AUTH);
            CHECK(test_all_zero(buf, len));
        }
    }
    for (i = 0; i < sizeof aad; i++) { /* AAD and nonce are authenticated too */
        aad[i] ^= 1;
        CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, sealed, len + 16), DTLS_ERR_AUTH);
        CHECK(test_all_zero(buf, len));
        aad[i] ^= 1;
    }
    for (i = 0; i < sizeof iv; i++) {
        iv[i] ^= 0x80;
        CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, sealed, len + 16), DTLS_ERR_AUTH);
        iv[i] ^= 0x80;
    }
    CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, sealed, len + 16), 0);
    CHECK_MEM(buf, pt, len);
    /* truncated input */
    CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, sealed, len + 15), DTLS_ERR_AUTH);
    for (i = 0; i < 16; i++)
        CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, 12, aad, sizeof aad, sealed, i), DTLS_ERR_AUTH);
}

TEST(parameter_errors)
{
    unsigned char key[32], iv[16], buf[64];
    dtls_aes_ctx ctx;
    size_t nl[] = { 0, 1, 8, 11, 13, 16 };
    size_t i;
    memset(key, 3, sizeof key);
    memset(iv, 4, sizeof iv);
    memset(buf, 5, sizeof buf);
    CHECK_EQ(dtls_aes_init(&ctx, key, 16), 0);
    for (i = 0; i < sizeof nl / sizeof nl[0]; i++) {
        CHECK_EQ(dtls_gcm_seal(dtls_aes_ecb, &ctx, buf, iv, nl[i], NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_gcm_open(dtls_aes_ecb, &ctx, buf, iv, nl[i], NULL, 0, buf, 24), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_gcm_seal(buf, key, 16, iv, nl[i], NULL, 0, buf, 8), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, iv, nl[i], NULL, 0, buf, 24), DTLS_ERR_UNSUPPORTED);
    }
    CHECK_EQ(dtls_aes_gcm_seal(buf, key, 20, iv, 12, NULL, 0, buf, 8), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_aes_gcm_open(buf, key, 15, iv, 12, NULL, 0, buf, 24), DTLS_ERR_BAD_KEY);
    /* empty everything, NULL pointers with zero lengths */
    CHECK_EQ(dtls_aes_gcm_seal(buf, key, 16, iv, 12, NULL, 0, NULL, 0), 0);
    CHECK_EQ(dtls_aes_gcm_open(NULL, key, 16, iv, 12, NULL, 0, buf, 16), 0);
}

TEST(ecb_batching_and_errors)
{
    unsigned char key[16], iv[12], pt[200], ref[216], buf[216];
    counting_ecb c;
    int calls, k;
    size_t i;
    for (i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i + 100);
    memset(iv, 9, sizeof iv);
    for (i = 0; i < sizeof pt; i++) pt[i] = (unsigned char)i;
    memset(&c, 0, sizeof c);
    CHECK_EQ(dtls_aes_init(&c.aes, key, 16), 0);
    CHECK_EQ(dtls_aes_gcm_seal(ref, key, 16, iv, 12, NULL, 0, pt, sizeof pt), 0);
    CHECK_EQ(dtls_gcm_seal(counting_ecb_fn, &c, buf, iv, 12, NULL, 0, pt, sizeof pt), 0);
    CHECK_MEM(buf, ref, sizeof ref);
    CHECK(c.max_blocks >= 2 && c.max_blocks <= 4);
    calls = c.calls; /* 1 (H, J0) + ceil(13 / 4) */
    CHECK_EQ(calls, 5);
    for (k = 1; k <= calls; k++) {
        c.calls = 0;
        c.fail_at = k;
        memset(buf, 0x77, sizeof buf);
        CHECK_EQ(dtls_gcm_seal(counting_ecb_fn, &c, buf, iv, 12, NULL, 0, pt, sizeof pt), DTLS_ERR_HOOK);
        CHECK(test_all_zero(buf, sizeof buf));
        c.calls = 0;
        memcpy(buf, ref, sizeof ref);
        CHECK_EQ(dtls_gcm_open(counting_ecb_fn, &c, buf, iv, 12, NULL, 0, buf, sizeof ref), DTLS_ERR_HOOK);
        CHECK(test_all_zero(buf, sizeof pt));
    }
}

TEST(wycheproof_aes_gcm)
{
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, acc = 0, acc_yes = 0, acc_no = 0, bad_nonce = 0, short_tag = 0;
    long failures = 0;
    static unsigned char key[32], iv[300], aad[600], msg[600], ct[600], tag[16], in[700], out[700];
    if (!wp_open(&f, "aes_gcm")) { /* main checked it exists */
        FAIL("aes_gcm.txt vanished");
        return;
    }
    while (wp_next(&f)) {
        long ivbits = wp_int(&f.group, "ivSize"), tagbits = wp_int(&f.group, "tagSize");
        const char *res = wp_result(&f.test);
        int valid = strcmp(res, "valid") == 0, acceptable = strcmp(res, "acceptable") == 0;
        size_t kl = wp_hex(&f.test, "key", key, sizeof key);
        size_t ivl = wp_hex(&f.test, "iv", iv, sizeof iv);
        size_t al = wp_hex(&f.test, "aad", aad, sizeof aad);
        size_t ml = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t cl = wp_hex(&f.test, "ct", ct, sizeof ct);
        size_t tl = wp_hex(&f.test, "tag", tag, sizeof tag);
        int r1, r2, ok;
        long id = wp_int(&f.test, "tcId");

        if (ivbits != 96 || ivl != 12) {
            /* rejected by design: DTLS uses 96-bit nonces only */
            memcpy(in, ct, cl);
            memcpy(in + cl, tag, tl);
            r1 = dtls_aes_gcm_seal(out, key, kl, iv, ivl, aad, al, msg, ml);
            r2 = dtls_aes_gcm_open(out, key, kl, iv, ivl, aad, al, in, cl + tl);
            if (r1 != DTLS_ERR_UNSUPPORTED || r2 != DTLS_ERR_UNSUPPORTED) {
                failures++;
                fprintf(stderr, "aes_gcm tcId %ld: nonce of %ld bits not rejected (%d, %d)\n", id, ivbits, r1, r2);
            }
            bad_nonce++;
            continue;
        }
        if (tagbits != 128 || tl != 16) {
            /* rejected by design (the API has 16-byte tags); still check that
             * a valid vector's ciphertext and tag prefix are what seal makes */
            if (valid) {
                r1 = dtls_aes_gcm_seal(out, key, kl, iv, ivl, aad, al, msg, ml);
                if (r1 != 0 || cl != ml || memcmp(out, ct, cl) != 0 || memcmp(out + ml, tag, tl) != 0) {
                    failures++;
                    fprintf(stderr, "aes_gcm tcId %ld: truncated-tag vector: seal mismatch\n", id);
                }
            }
            short_tag++;
            continue;
        }
        memcpy(in, ct, cl);
        memcpy(in + cl, tag, 16);
        memset(out, 0xCC, sizeof out);
        r2 = dtls_aes_gcm_open(out, key, kl, iv, 12, aad, al, in, cl + 16);
        ok = r2 == 0;
        if (ok && (cl != ml || memcmp(out, msg, ml) != 0)) {
            failures++;
            fprintf(stderr, "aes_gcm tcId %ld: open plaintext mismatch\n", id);
        }
        if (!ok && (r2 != DTLS_ERR_AUTH || !test_all_zero(out, cl))) {
            failures++;
            fprintf(stderr, "aes_gcm tcId %ld: open failed with %d or output not zeroed\n", id, r2);
        }
        if (valid) {
            r1 = dtls_aes_gcm_seal(out, key, kl, iv, 12, aad, al, msg, ml);
            if (!ok || r1 != 0 || memcmp(out, ct, cl) != 0 || memcmp(out + ml, tag, 16) != 0) {
                failures++;
                fprintf(stderr, "aes_gcm tcId %ld: valid vector failed (open %d, seal %d)\n", id, r2, r1);
            } else {
                valid_ok++;
            }
        } else if (acceptable) {
            acc++;
            if (ok) acc_yes++; else acc_no++;
        } else {
            if (ok) {
                failures++;
                fprintf(stderr, "aes_gcm tcId %ld: invalid vector accepted\n", id);
            } else {
                invalid_rej++;
            }
        }
    }
    wp_close(&f);
    printf("     wycheproof aes_gcm: %ld valid ok, %ld invalid rejected, %ld acceptable (accepted %ld / rejected %ld), "
           "%ld rejected-by-design (nonce not 96 bits: %ld, tag shorter than 128 bits: %ld), %ld failures\n",
           valid_ok, invalid_rej, acc, acc_yes, acc_no, bad_nonce + short_tag, bad_nonce, short_tag, failures);
    CHECK_EQ(failures, 0);
    CHECK(valid_ok > 0 && invalid_rej > 0);
}

int main(void)
{
    wp_file probe;
    (void)wp_has_flag;
    RUN(mcgrew_viega_vectors);
    RUN(roundtrip_lengths_in_place);
    RUN(tamper_every_byte);
    RUN(parameter_errors);
    RUN(ecb_batching_and_errors);
    if (wp_open(&probe, "aes_gcm")) {
        wp_close(&probe);
        RUN(wycheproof_aes_gcm);
    } else {
        test_skip("wycheproof_aes_gcm", "vector file aes_gcm.txt not found (DTLS_VECTORS)");
    }
    return test_done();
}

#elif DTLS_ENABLE_GCM
/* AES compiled out: the raw-key functions say so (a hook can still provide AES). */
TEST(raw_key_disabled)
{
    unsigned char key[16], nonce[12], buf[32];
    memset(key, 1, sizeof key);
    memset(nonce, 2, sizeof nonce);
    memset(buf, 3, sizeof buf);
    CHECK_EQ(dtls_aes_gcm_seal(buf, key, 16, nonce, 12, NULL, 0, buf, 4), DTLS_ERR_DISABLED);
    CHECK_EQ(dtls_aes_gcm_open(buf, key, 16, nonce, 12, NULL, 0, buf, 20), DTLS_ERR_DISABLED);
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
    test_skip("gcm", "DTLS_ENABLE_AES is 0: only the DTLS_ERR_DISABLED answers tested");
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
    test_skip("gcm", "DTLS_ENABLE_GCM is 0");
    return test_done();
}
#endif
