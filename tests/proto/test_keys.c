/* test_keys.c - premaster layouts, master secret (plain and extended), key block
 * split and verify_data.
 *
 * Known answers computed independently with OpenSSL 3.0's TLS1-PRF when the test
 * was written, e.g.
 *   openssl kdf -keylen 48 -kdfopt digest:SHA256 -kdfopt hexsecret:<pms>
 *       -kdfopt seed:"master secret" -kdfopt hexseed:<cr><sr> TLS1-PRF
 * with "extended master secret" + session hash (RFC 7627 §4), "key expansion" +
 * sr‖cr (RFC 5246 §6.3, 40 / 88 / 72 bytes, split here by hand), "client finished" /
 * "server finished" + handshake hash (RFC 5246 §7.4.9).  Inputs: cr = 00..1f,
 * sr = 20..3f, session hash = a0.., handshake hash = c0.., PSK = 01..10 (16 bytes);
 * the ECDHE_PSK shared secret Z = 40..5f. */
#include "ptest.h"

#define PSK16 "0102030405060708090a0b0c0d0e0f10"
/* RFC 4279 §2: uint16(16) ‖ 16 zero bytes ‖ uint16(16) ‖ psk */
#define PMS_PSK16 "0010" "00000000000000000000000000000000" "0010" PSK16
#define M256 "08cd6fd50b5bbf0352361eb0aab94ca1fbc15abec762adf50a842c7d7fd6c09520e61ed19973480197754e875103e5bd"
#define M384 "8ee29d60e8dc3961268f098e7f70dbb0f51e53033a9601c3bea34dc774486253434c6e07c625a563171c25ce663d2678"

static uint8_t cr[32], sr[32], sh[48], hh[48];

static void setup(void)
{
    int i;
    for (i = 0; i < 32; i++) {
        cr[i] = (uint8_t)i;
        sr[i] = (uint8_t)(32 + i);
    }
    for (i = 0; i < 48; i++) {
        sh[i] = (uint8_t)(0xa0 + i);
        hh[i] = (uint8_t)(0xc0 + i);
    }
}

/* RFC 4279 §2's example shape: a 4-byte PSK 01020304. */
TEST(psk_premaster_layout)
{
    static const uint8_t psk[4] = {1, 2, 3, 4};
    static const uint8_t want[12] = {0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04};
    uint8_t out[16];
    memset(out, 0xEE, sizeof out);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, psk, 4), 12);
    CHECK_MEM(out, want, 12);
    CHECK_EQ(out[12], 0xEE); /* nothing written beyond */
    /* other_len is ignored when other is NULL */
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 99, psk, 4), 12);
    CHECK_MEM(out, want, 12);
    /* exactly fitting buffer */
    CHECK_EQ(dtls__keys_psk_premaster(out, 12, NULL, 0, psk, 4), 12);
    CHECK_MEM(out, want, 12);
}

/* RFC 5489 §2: uint16(len Z) ‖ Z ‖ uint16(len psk) ‖ psk */
TEST(ecdhe_psk_premaster_layout)
{
    static const uint8_t psk[4] = {1, 2, 3, 4};
    uint8_t z[32], out[40], want[40];
    size_t i;
    for (i = 0; i < 32; i++)
        z[i] = (uint8_t)(0x40 + i);
    CHECK_EQ(unhex(want, sizeof want,
                   "0020404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f000401020304"),
             40);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, z, 32, psk, 4), 40);
    CHECK_MEM(out, want, 40);
    /* a 64-byte PSK and a 48-byte (P-384) secret: 2 + 48 + 2 + 64 */
    {
        uint8_t big[116], p64[64], z48[48];
        memset(p64, 0x5A, sizeof p64);
        memset(z48, 0xA5, sizeof z48);
        CHECK_EQ(dtls__keys_psk_premaster(big, sizeof big, z48, 48, p64, 64), 116);
        CHECK_EQ(big[0], 0);
        CHECK_EQ(big[1], 48);
        CHECK_MEM(big + 2, z48, 48);
        CHECK_EQ(big[50], 0);
        CHECK_EQ(big[51], 64);
        CHECK_MEM(big + 52, p64, 64);
    }
    /* a zero-length other secret is still length-prefixed */
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, z, 0, psk, 4), 8);
    CHECK_EQ(out[0], 0);
    CHECK_EQ(out[1], 0);
    CHECK_EQ(out[2], 0);
    CHECK_EQ(out[3], 4);
}

TEST(premaster_errors)
{
    uint8_t out[DTLS__KEYS_PREMASTER_MAX + 1], psk[65], other[DTLS__KEYS_OTHER_MAX + 1];
    memset(psk, 7, sizeof psk);
    memset(other, 9, sizeof other);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, psk, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, psk, 65), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, NULL, 4), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_psk_premaster(NULL, 100, NULL, 0, psk, 4), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, other, DTLS__KEYS_OTHER_MAX + 1, psk, 4), DTLS_ERR_BAD_ARG);
    /* limits themselves are fine */
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, psk, 64), 4 + 64 + 64);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, NULL, 0, psk, 1), 6);
    CHECK_EQ(dtls__keys_psk_premaster(out, sizeof out, other, DTLS__KEYS_OTHER_MAX, psk, 64),
             DTLS__KEYS_PREMASTER_MAX);
    /* one byte short */
    CHECK_EQ(dtls__keys_psk_premaster(out, 11, NULL, 0, psk, 4), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__keys_psk_premaster(out, 38, other, 32, psk, 3), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__keys_psk_premaster(out, 0, NULL, 0, psk, 4), DTLS_ERR_BUFFER_TOO_SMALL);
}

TEST(master_secret)
{
    uint8_t pms[40], m[48], want[48];
    static const uint8_t psk[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    uint8_t chk[36];
    CHECK_EQ(dtls__keys_psk_premaster(pms, 36, NULL, 0, psk, 16), 36);
    unhex(chk, sizeof chk, PMS_PSK16);
    CHECK_MEM(pms, chk, 36);

    unhex(want, sizeof want, M256);
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, pms, 36, cr, sr), 0);
    CHECK_MEM(m, want, 48);
    /* the randoms are not interchangeable */
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, pms, 36, sr, cr), 0);
    CHECK(memcmp(m, want, 48) != 0);
#if DTLS_ENABLE_SHA384
    unhex(want, sizeof want, M384);
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA384, pms, 36, cr, sr), 0);
    CHECK_MEM(m, want, 48);
#else
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA384, pms, 36, cr, sr), DTLS_ERR_DISABLED);
#endif
    /* ECDHE_PSK premaster through the same path */
    unhex(pms, sizeof pms, "0020404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f000401020304");
    unhex(want, sizeof want,
          "776b39c5961b28bb24f4c2262d763d75db4a1c6241934f4ab079726f13d18e979a7761ec94641cf616b28a31fa439ac8");
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, pms, 40, cr, sr), 0);
    CHECK_MEM(m, want, 48);
    /* errors: unknown hash, NULL inputs; the output is untouched */
    memset(m, 0xEE, sizeof m);
    CHECK_EQ(dtls__keys_master(m, 2, pms, 40, cr, sr), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, pms, 40, NULL, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, pms, 40, cr, NULL), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master(m, DTLS_HASH_SHA256, NULL, 40, cr, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(m[0], 0xEE);
    CHECK_EQ(m[47], 0xEE);
}

TEST(extended_master_secret)
{
    uint8_t pms[36], m[48], want[48];
    unhex(pms, sizeof pms, PMS_PSK16);
    unhex(want, sizeof want,
          "f785fccea9bb829dc827f9d536cdc1cd520633ff2a657a79e259000f9df631ad4c53ca930c61f23a4dff2e138ddecf2b");
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, sh, 32), 0);
    CHECK_MEM(m, want, 48);
#if DTLS_ENABLE_SHA384
    unhex(want, sizeof want,
          "76803c3bcebd9228005b96c4508216191a6c1c7d0efd1e2068fb14d6be9e7c77395e23f76646a502b6173b24ddd59c05");
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA384, pms, 36, sh, 48), 0);
    CHECK_MEM(m, want, 48);
#else
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA384, pms, 36, sh, 48), DTLS_ERR_DISABLED);
#endif
    /* the session hash must be the PRF hash's length */
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, sh, 48), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, sh, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA384, pms, 36, sh, 32), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, NULL, 32), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_master_ems(m, 7, pms, 36, sh, 32), DTLS_ERR_UNSUPPORTED);
}

static void check_block(const dtls__key_block *kb, const char *ck, const char *sk, const char *civ, const char *siv,
                        size_t klen, size_t ivlen)
{
    uint8_t w[32];
    static const uint8_t zero[32] = {0};
    CHECK_EQ(unhex(w, sizeof w, ck), klen);
    CHECK_MEM(kb->client_key, w, klen);
    CHECK_EQ(unhex(w, sizeof w, sk), klen);
    CHECK_MEM(kb->server_key, w, klen);
    CHECK_EQ(unhex(w, sizeof w, civ), ivlen);
    CHECK_MEM(kb->client_iv, w, ivlen);
    CHECK_EQ(unhex(w, sizeof w, siv), ivlen);
    CHECK_MEM(kb->server_iv, w, ivlen);
    /* the unused tails are zero */
    CHECK_MEM(kb->client_key + klen, zero, 32 - klen);
    CHECK_MEM(kb->server_key + klen, zero, 32 - klen);
    CHECK_MEM(kb->client_iv + ivlen, zero, 12 - ivlen);
    CHECK_MEM(kb->server_iv + ivlen, zero, 12 - ivlen);
}

/* A suite built here, so the split is tested whatever is compiled in. */
static dtls__suite mk(int aead, int prf, int key, int iv, int explicit_nonce)
{
    dtls__suite s;
    memset(&s, 0, sizeof s);
    s.aead_alg = (uint8_t)aead;
    s.prf_hash = (uint8_t)prf;
    s.key_len = (uint8_t)key;
    s.fixed_iv_len = (uint8_t)iv;
    s.explicit_nonce_len = (uint8_t)explicit_nonce;
    s.name = "test";
    return s;
}

TEST(key_block_ccm8)
{
    uint8_t m[48];
    dtls__key_block kb;
    dtls__suite s = mk(DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8);
    unhex(m, sizeof m, M256);
    memset(&kb, 0xEE, sizeof kb);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), 0);
    /* key_block[0..40) = 242e1497...4edc3604: 16 + 16 + 4 + 4 */
    check_block(&kb, "242e1497c946f066767b03b8ad79adf6", "fb5488936f1c2a4ba79a0c281b13f967", "175b2737", "4edc3604",
                16, 4);
#if DTLS_ENABLE_CCM
    /* the table's entry gives the same split */
    CHECK_EQ(dtls__keys_block(&kb, dtls__suite_find(0xC0A8), m, cr, sr), 0);
    check_block(&kb, "242e1497c946f066767b03b8ad79adf6", "fb5488936f1c2a4ba79a0c281b13f967", "175b2737", "4edc3604",
                16, 4);
#endif
}

TEST(key_block_chacha)
{
    uint8_t m[48];
    dtls__key_block kb;
    dtls__suite s = mk(DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0);
    unhex(m, sizeof m, M256);
    memset(&kb, 0xEE, sizeof kb);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), 0);
    /* key_block[0..88): 32 + 32 + 12 + 12 */
    check_block(&kb, "242e1497c946f066767b03b8ad79adf6fb5488936f1c2a4ba79a0c281b13f967",
                "175b27374edc36047d7b98406e188fb5fdb02749fc5a9f8fd8ad021d315549af", "de9ea542b3c7c78f827f9df1",
                "2978414d3145f6cf333ee1e0", 32, 12);
#if DTLS_ENABLE_CHACHAPOLY
    CHECK_EQ(dtls__keys_block(&kb, dtls__suite_find(0xCCAB), m, cr, sr), 0);
    check_block(&kb, "242e1497c946f066767b03b8ad79adf6fb5488936f1c2a4ba79a0c281b13f967",
                "175b27374edc36047d7b98406e188fb5fdb02749fc5a9f8fd8ad021d315549af", "de9ea542b3c7c78f827f9df1",
                "2978414d3145f6cf333ee1e0", 32, 12);
#endif
}

/* TLS_PSK_WITH_AES_256_GCM_SHA384: the SHA-384 PRF for the master secret and the key block. */
TEST(key_block_sha384)
{
#if DTLS_ENABLE_SHA384
    uint8_t pms[36], m[48], want[48];
    dtls__key_block kb;
    dtls__suite s = mk(DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32, 4, 8);
    unhex(pms, sizeof pms, PMS_PSK16);
    unhex(want, sizeof want, M384);
    CHECK_EQ(dtls__keys_master(m, s.prf_hash, pms, 36, cr, sr), 0);
    CHECK_MEM(m, want, 48);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), 0);
    check_block(&kb, "1348315d9d98fdd2f58d27434bf499b4b383d043ee51c54345ed211a0ef7dd5f",
                "b2a0b34fcc182df4c2f4b4e6c02db89644fd5df5b779b2d24dfd25b9e3ec275f", "128c356e", "d8ae37ad", 32, 4);
#if DTLS_ENABLE_GCM
    CHECK_EQ(dtls__keys_block(&kb, dtls__suite_find(0x00A9), m, cr, sr), 0);
    check_block(&kb, "1348315d9d98fdd2f58d27434bf499b4b383d043ee51c54345ed211a0ef7dd5f",
                "b2a0b34fcc182df4c2f4b4e6c02db89644fd5df5b779b2d24dfd25b9e3ec275f", "128c356e", "d8ae37ad", 32, 4);
#endif
#else
    test_skip("key_block_sha384", "DTLS_ENABLE_SHA384=0");
#endif
}

TEST(key_block_errors)
{
    uint8_t m[48];
    static const uint8_t zero[sizeof(dtls__key_block)] = {0};
    dtls__key_block kb;
    dtls__suite s = mk(DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 33, 4, 8);
    memset(m, 1, sizeof m);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), DTLS_ERR_BAD_ARG);
    s = mk(DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16, 13, 8);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), DTLS_ERR_BAD_ARG);
    s = mk(DTLS_AEAD_AES_128_GCM, 3, 16, 4, 8);
    memset(&kb, 0xEE, sizeof kb);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, sr), DTLS_ERR_UNSUPPORTED);
    CHECK_MEM(&kb, zero, sizeof kb); /* zeroed on error */
    s = mk(DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16, 4, 8);
    CHECK_EQ(dtls__keys_block(&kb, NULL, m, cr, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_block(NULL, &s, m, cr, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_block(&kb, &s, NULL, cr, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, NULL, sr), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_block(&kb, &s, m, cr, NULL), DTLS_ERR_BAD_ARG);
}

TEST(finished)
{
    uint8_t m[48], v[12], want[12];
    unhex(m, sizeof m, M256);
    unhex(want, sizeof want, "bdc97c4be73974f30d0f10cc");
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, m, 1, hh, 32), 0);
    CHECK_MEM(v, want, 12);
    unhex(want, sizeof want, "b6442d74a955af757dfffcda");
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, m, 0, hh, 32), 0);
    CHECK_MEM(v, want, 12);
#if DTLS_ENABLE_SHA384
    unhex(m, sizeof m, M384);
    unhex(want, sizeof want, "31c2dd72ce17e3d2861b1945");
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA384, m, 1, hh, 48), 0);
    CHECK_MEM(v, want, 12);
    unhex(want, sizeof want, "0e6365bc80e3bd3efeba085d");
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA384, m, 0, hh, 48), 0);
    CHECK_MEM(v, want, 12);
#endif
    /* errors */
    memset(v, 0xEE, sizeof v);
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, m, 1, hh, 48), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, m, 1, hh, 31), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, m, 1, NULL, 32), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_finished(v, DTLS_HASH_SHA256, NULL, 1, hh, 32), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__keys_finished(v, 0, m, 1, hh, 32), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(v[0], 0xEE);
    CHECK_EQ(v[11], 0xEE);
}

int main(void)
{
    setup();
    RUN(psk_premaster_layout);
    RUN(ecdhe_psk_premaster_layout);
    RUN(premaster_errors);
    RUN(master_secret);
    RUN(extended_master_secret);
    RUN(key_block_ccm8);
    RUN(key_block_chacha);
    RUN(key_block_sha384);
    RUN(key_block_errors);
    RUN(finished);
    return test_done();
}
