/* test_record.c - the DTLS 1.2 record layer (proto/record.h): header codec
 * (RFC 6347 §4.1, RFC 9146 CID header), AEAD protection (RFC 5246 §6.2.3.3,
 * RFC 5288 / RFC 6655 explicit nonce, RFC 7905 §2 nonce XOR). */
#include "ptest.h"

#define HDR DTLS__RECORD_HEADER_LEN

static const int all_algs[5] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                                DTLS_AEAD_AES_128_CCM_8, DTLS_AEAD_CHACHA20_POLY1305};

static void pattern(uint8_t *p, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)(i * 131u + seed);
}

/* A cipher for alg with a deterministic key and IV; fails the test on error. */
static void setup(dtls__cipher *c, int alg, unsigned seed)
{
    uint8_t key[32], iv[12];
    size_t kl = dtls_crypto_aead_key_len(alg), ivl = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4;
    pattern(key, sizeof key, seed);
    pattern(iv, sizeof iv, seed + 99);
    if (dtls__cipher_init(c, NULL, alg, key, kl, iv, ivl) != 0)
        FAIL("dtls__cipher_init");
}

/* ---- header codec ---- */

TEST(parse_several_records)
{
    static const uint8_t d[] = {
        /* handshake, DTLS 1.0 version, epoch 0, seq 1, 3 bytes */
        0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0xA1, 0xA2, 0xA3,
        /* alert, epoch 0x0102, seq 0x030405060708, empty */
        0x15, 0xFE, 0xFD, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x00, 0x00,
        /* application data, epoch 0xFFFF, seq 2^48-1, 2 bytes, unknown version kept */
        0x17, 0x01, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x02, 0xB1, 0xB2};
    uint8_t buf[sizeof d];
    dtls__record r;
    size_t pos = 0;

    memcpy(buf, d, sizeof d);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 0), 0);
    CHECK_EQ(r.type, DTLS__CT_HANDSHAKE);
    CHECK_EQ(r.version, DTLS__VERSION_1_0);
    CHECK_EQ(r.epoch, 0);
    CHECK(r.seq == 1);
    CHECK(r.cid == NULL);
    CHECK_EQ(r.cid_len, 0);
    CHECK(r.header == buf);
    CHECK_EQ(r.header_len, 13);
    CHECK(r.body == buf + 13);
    CHECK_EQ(r.body_len, 3);
    CHECK_EQ(pos, 16);

    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 0), 0);
    CHECK_EQ(r.type, DTLS__CT_ALERT);
    CHECK_EQ(r.version, DTLS__VERSION_1_2);
    CHECK_EQ(r.epoch, 0x0102);
    CHECK(r.seq == UINT64_C(0x030405060708));
    CHECK(r.header == buf + 16);
    CHECK(r.body == buf + 29);
    CHECK_EQ(r.body_len, 0);
    CHECK_EQ(pos, 29);

    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 0), 0);
    CHECK_EQ(r.type, DTLS__CT_APPLICATION_DATA);
    CHECK_EQ(r.version, 0x0102);
    CHECK_EQ(r.epoch, 0xFFFF);
    CHECK(r.seq == DTLS__SEQ_MAX);
    CHECK(r.body == buf + 42);
    CHECK_EQ(r.body_len, 2);
    CHECK_EQ(pos, sizeof buf);

    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 0), 1);
    CHECK_EQ(pos, sizeof buf);
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, buf, 0, &pos, 0), 1); /* empty datagram */
}

TEST(parse_length_overrun)
{
    /* a good record, then one whose length says 4 with 3 bytes left */
    static const uint8_t d[] = {0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0xAA,
                                0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x04, 0xB1, 0xB2, 0xB3};
    uint8_t *buf = (uint8_t *)malloc(sizeof d);
    dtls__record r;
    size_t pos = 0;

    memcpy(buf, d, sizeof d);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof d, &pos, 0), 0);
    CHECK_EQ(pos, 14);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof d, &pos, 0), DTLS_ERR_DECODE);
    CHECK_EQ(pos, 14); /* unchanged: the rest of the datagram is ignored */
    /* the same length fits exactly with one more byte */
    buf[26] = 0x03;
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof d, &pos, 0), 0);
    CHECK_EQ(r.body_len, 3);
    CHECK_EQ(pos, sizeof d);
    /* a length of 0xFFFF */
    pos = 14;
    buf[25] = 0xFF;
    buf[26] = 0xFF;
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof d, &pos, 0), DTLS_ERR_DECODE);
    free(buf);
}

TEST(parse_truncated_headers)
{
    static const uint8_t plain[13] = {0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 0};
    static const uint8_t cid[17] = {0x19, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0xC0, 0xC1, 0xC2, 0xC3, 0, 0};
    size_t l;

    for (l = 1; l <= 17; l++) {
        uint8_t *buf = (uint8_t *)malloc(l);
        dtls__record r;
        size_t pos = 0;
        if (l <= 13) {
            memcpy(buf, plain, l);
            CHECK_EQ(dtls__record_parse(&r, buf, l, &pos, 0), l == 13 ? 0 : DTLS_ERR_DECODE);
            CHECK_EQ(pos, l == 13 ? 13 : 0);
        }
        memcpy(buf, cid, l);
        pos = 0;
        CHECK_EQ(dtls__record_parse(&r, buf, l, &pos, 4), l == 17 ? 0 : DTLS_ERR_DECODE);
        CHECK_EQ(pos, l == 17 ? 17 : 0);
        free(buf);
    }
}

TEST(parse_cid)
{
    static const uint8_t d[] = {0x19, 0xFE, 0xFD, 0x00, 0x01, 0, 0, 0, 0, 0, 0x07, 0xC0, 0xC1, 0xC2, 0xC3,
                                0x00, 0x02, 0xD1, 0xD2,
                                /* an ordinary record after it: no CID in its header */
                                0x15, 0xFE, 0xFD, 0x00, 0x01, 0, 0, 0, 0, 0, 0x08, 0x00, 0x01, 0xE1};
    uint8_t buf[sizeof d];
    dtls__record r;
    size_t pos = 0;

    memcpy(buf, d, sizeof d);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 4), 0);
    CHECK_EQ(r.type, DTLS__CT_TLS12_CID);
    CHECK_EQ(r.epoch, 1);
    CHECK(r.seq == 7);
    CHECK(r.cid == buf + 11);
    CHECK_EQ(r.cid_len, 4);
    CHECK(r.header == buf);
    CHECK_EQ(r.header_len, 17);
    CHECK(r.body == buf + 17);
    CHECK_EQ(r.body_len, 2);
    CHECK_EQ(pos, 19);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 4), 0);
    CHECK_EQ(r.type, DTLS__CT_ALERT);
    CHECK(r.cid == NULL);
    CHECK_EQ(r.cid_len, 0);
    CHECK_EQ(r.header_len, 13);
    CHECK_EQ(r.body_len, 1);
    CHECK_EQ(r.body[0], 0xE1);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 4), 1);

    /* without a negotiated CID a type-25 record does not parse */
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 0), DTLS_ERR_DECODE);
    CHECK_EQ(pos, 0);
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 256), DTLS_ERR_DECODE);
    {
        /* a CID length above 255 is refused even when the datagram holds that many bytes */
        static uint8_t big[13 + 256 + 2];
        memset(big, 0, sizeof big);
        big[0] = 0x19;
        CHECK_EQ(dtls__record_parse(&r, big, sizeof big, &pos, 256), DTLS_ERR_DECODE);
        CHECK_EQ(dtls__record_parse(&r, big, 13 + 255 + 2, &pos, 255), 0);
        CHECK_EQ(r.cid_len, 255);
        CHECK_EQ(r.header_len, 13 + 255);
        CHECK_EQ(r.body_len, 0);
        pos = 0;
    }
    /* with another CID length the length field moves: 0xC2C3 overruns */
    CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 2), DTLS_ERR_DECODE);
    /* and a CID record is never taken as plaintext (RFC 9146 §3) */
    {
        dtls__cipher c;
        dtls__cipher_null(&c);
        CHECK_EQ(dtls__record_parse(&r, buf, sizeof buf, &pos, 4), 0);
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_DECODE);
    }
}

/* ---- cipher state ---- */

TEST(cipher_init_params)
{
    static const size_t fixed[5] = {4, 4, 4, 4, 12}, ex[5] = {8, 8, 8, 8, 0}, tag[5] = {16, 16, 16, 8, 16};
    uint8_t key[32], iv[12], out[64];
    dtls__cipher c;
    size_t i;

    pattern(key, 32, 1);
    pattern(iv, 12, 2);
    for (i = 0; i < 5; i++) {
        int alg = all_algs[i];
        CHECK_EQ(dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, fixed[i]), 0);
        CHECK_EQ(c.kind, DTLS__CIPHER_AEAD);
        CHECK_EQ(c.aead_alg, alg);
        CHECK_EQ(c.fixed_iv_len, fixed[i]);
        CHECK_EQ(c.explicit_nonce_len, ex[i]);
        CHECK_EQ(c.tag_len, tag[i]);
        CHECK_EQ(dtls__cipher_overhead(&c), ex[i] + tag[i]);
        CHECK_MEM(c.iv, iv, fixed[i]);
        if (fixed[i] == 4) CHECK_MEM(c.iv + 4, "\0\0\0\0\0\0\0\0", 8);
        /* the other IV length is refused, and the cipher is then unusable */
        CHECK_EQ(dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, 16 - fixed[i]),
                 DTLS_ERR_BAD_ARG);
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 0, out, sizeof out, key, 4),
                 DTLS_ERR_BAD_ARG);
        /* a wrong key length */
        CHECK_EQ(dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg) - 1, iv, fixed[i]),
                 DTLS_ERR_BAD_KEY);
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 0, out, sizeof out, key, 4),
                 DTLS_ERR_BAD_ARG);
    }
    CHECK_EQ(dtls__cipher_init(&c, NULL, 99, key, 16, iv, 4), DTLS_ERR_UNSUPPORTED);
    {
        dtls__record r;
        memset(&r, 0, sizeof r);
        r.body = out;
        r.body_len = 40;
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_BAD_ARG);
    }
    dtls__cipher_null(&c);
    CHECK_EQ(c.kind, DTLS__CIPHER_NULL);
    CHECK_EQ(dtls__cipher_overhead(&c), 0);
}

/* ---- known answers ---- */

/* Parameters shared by the known-answer records. */
static const uint8_t kat_pt[19] = {'D', 'T', 'L', 'S', ' ', '1', '.', '2', ' ', 'r',
                                   'e', 'c', 'o', 'r', 'd', ' ', 'K', 'A', 'T'};
#define KAT_EPOCH 1
#define KAT_SEQ UINT64_C(0x112233445566)

/* The expected record built here, independently of record.c: header, then
 * (GCM/CCM) the explicit nonce epoch||seq, then the AEAD over the AAD. */
static size_t kat_expected(uint8_t *out, int alg, const uint8_t *key, const uint8_t *iv)
{
    static const uint8_t es[8] = {0x00, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
    static const uint8_t aad[13] = {0x00, 0x01, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x17, 0xFE, 0xFD, 0x00, 19};
    uint8_t nonce[12];
    size_t ex = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 0 : 8, tag = dtls_crypto_aead_tag_len(alg), i;
    size_t frag = ex + sizeof kat_pt + tag;

    out[0] = 0x17;
    out[1] = 0xFE;
    out[2] = 0xFD;
    memcpy(out + 3, es, 8);
    out[11] = (uint8_t)(frag >> 8);
    out[12] = (uint8_t)frag;
    if (ex) {
        memcpy(out + 13, es, 8);
        memcpy(nonce, iv, 4);
        memcpy(nonce + 4, es, 8);
    } else {
        for (i = 0; i < 12; i++)
            nonce[i] = (uint8_t)(iv[i] ^ (i < 4 ? 0 : es[i - 4]));
    }
    switch (alg) {
    case DTLS_AEAD_AES_128_CCM_8:
    case DTLS_AEAD_AES_128_CCM:
        CHECK_EQ(dtls_aes_ccm_seal(out + 13 + ex, key, 16, tag, nonce, 12, aad, 13, kat_pt, sizeof kat_pt), 0);
        break;
    case DTLS_AEAD_CHACHA20_POLY1305:
        CHECK_EQ(dtls_chacha20poly1305_seal(out + 13, key, nonce, 12, aad, 13, kat_pt, sizeof kat_pt), 0);
        break;
    default:
        CHECK_EQ(dtls_aes_gcm_seal(out + 13 + ex, key, dtls_crypto_aead_key_len(alg), nonce, 12, aad, 13, kat_pt,
                                   sizeof kat_pt), 0);
        break;
    }
    return 13 + frag;
}

TEST(known_answer_records)
{
    /* Computed with pyca/cryptography 48 (OpenSSL) from the same parameters:
     * AES-128 key 000102..0f, fixed IV a0a1a2a3; ChaCha20-Poly1305 key
     * 808182..9f, IV 404142..4b; epoch 1, seq 0x112233445566, type 23,
     * version FEFD, plaintext "DTLS 1.2 record KAT". */
    static const struct { int alg; const char *hex; } v[3] = {
        {DTLS_AEAD_AES_128_CCM_8, "17fefd0001112233445566002300011122334455665ba0ec6ceab29bcd498760d09fbdfa695b6a3f"
                                  "30677e2c936b6617"},
        {DTLS_AEAD_AES_128_GCM, "17fefd0001112233445566002b0001112233445566818995ee1232121c16a6e2bde90b8267779793"
                                "cbeb9dea2c850e35a24367de6157d72f"},
        {DTLS_AEAD_CHACHA20_POLY1305, "17fefd000111223344556600234f13895f3d76a38226efc103bcecd63ed691de261ac420"
                                      "838365526c6dab2b107c8513"}};
    size_t i, j;

    for (i = 0; i < 5; i++) {
        int alg = all_algs[i];
        uint8_t key[32], iv[12], want[64], got[64], ext[64];
        size_t ivl = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4, n, en = 0;
        dtls__cipher c;
        int rc;

        for (j = 0; j < 32; j++)
            key[j] = (uint8_t)(alg == DTLS_AEAD_CHACHA20_POLY1305 ? 0x80 + j : j);
        for (j = 0; j < 12; j++)
            iv[j] = (uint8_t)(ivl == 12 ? 0x40 + j : 0xA0 + j);
        CHECK_EQ(dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, ivl), 0);
        n = kat_expected(want, alg, key, iv);
        memset(got, 0xEE, sizeof got);
        rc = dtls__record_protect(NULL, &c, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, KAT_EPOCH, KAT_SEQ, got,
                                  sizeof got, kat_pt, sizeof kat_pt);
        CHECK_EQ(rc, n);
        CHECK_MEM(got, want, n);
        CHECK_EQ(got[n], 0xEE);
        for (j = 0; j < 3; j++)
            if (v[j].alg == alg) {
                en = unhex(ext, sizeof ext, v[j].hex);
                CHECK_EQ(en, n);
                CHECK_MEM(got, ext, n);
            }
        CHECK(en != 0 || (alg != DTLS_AEAD_AES_128_CCM_8 && alg != DTLS_AEAD_AES_128_GCM &&
                          alg != DTLS_AEAD_CHACHA20_POLY1305));
        dtls_wipe(&c, sizeof c);
    }
}

/* RFC 9146 tls12_cid records (§4: type 25, the CID after the sequence number,
 * DTLSInnerPlaintext content || real_type; §5.3: the additional data
 * 8 x 0xff || 25 || cid_length || 25 || version || epoch || seq || cid ||
 * length_of_DTLSInnerPlaintext).  Expected bytes computed with
 * pyca/cryptography 48 from the KAT parameters above with CID c0c1c2c3c4 and
 * real type 23. */
TEST(known_answer_cid_records)
{
    static const uint8_t cid[5] = {0xC0, 0xC1, 0xC2, 0xC3, 0xC4};
    static const struct { int alg; const char *hex; } v[3] = {
        {DTLS_AEAD_AES_128_CCM_8, "19fefd0001112233445566c0c1c2c3c4002400011122334455665ba0ec6ceab29bcd498760d09fb"
                                  "dfa695b6a3f9cf10af7c9e08d62eb"},
        {DTLS_AEAD_AES_128_GCM, "19fefd0001112233445566c0c1c2c3c4002c0001112233445566818995ee1232121c16a6e2bde90b8"
                                "267779793ad8b2c0f4082305c8b8973067ed0a2d625"},
        {DTLS_AEAD_CHACHA20_POLY1305, "19fefd0001112233445566c0c1c2c3c400244f13895f3d76a38226efc103bcecd63ed691de0"
                                      "19fbe2dfa05b2c72829381c298cc11bb3"}};
    size_t i, j;

    for (i = 0; i < 3; i++) {
        int alg = v[i].alg;
        uint8_t key[32], iv[12], want[80], got[80], in_place[80];
        size_t ivl = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4, n, pos = 0;
        size_t ex = ivl == 12 ? 0 : 8;
        dtls__cipher c;
        dtls__record r;

        for (j = 0; j < 32; j++)
            key[j] = (uint8_t)(alg == DTLS_AEAD_CHACHA20_POLY1305 ? 0x80 + j : j);
        for (j = 0; j < 12; j++)
            iv[j] = (uint8_t)(ivl == 12 ? 0x40 + j : 0xA0 + j);
        CHECK_EQ(dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, ivl), 0);
        n = unhex(want, sizeof want, v[i].hex);
        memset(got, 0xEE, sizeof got);
        CHECK_EQ(dtls__record_protect_cid(NULL, &c, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, KAT_EPOCH, KAT_SEQ,
                                          cid, sizeof cid, got, sizeof got, kat_pt, sizeof kat_pt), (int)n);
        CHECK_MEM(got, want, n);
        CHECK_EQ(got[n], 0xEE);
        /* in place: the payload at header (13 + 5) + explicit nonce */
        memcpy(in_place + 18 + ex, kat_pt, sizeof kat_pt);
        CHECK_EQ(dtls__record_protect_cid(NULL, &c, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, KAT_EPOCH, KAT_SEQ,
                                          cid, sizeof cid, in_place, sizeof in_place, in_place + 18 + ex,
                                          sizeof kat_pt), (int)n);
        CHECK_MEM(in_place, want, n);
        /* and back: the real type, the content, nothing else */
        CHECK_EQ(dtls__record_parse(&r, got, n, &pos, sizeof cid), 0);
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
        CHECK_EQ(r.type, DTLS__CT_APPLICATION_DATA);
        CHECK_EQ(r.body_len, sizeof kat_pt);
        CHECK_MEM(r.body, kat_pt, sizeof kat_pt);
        /* the CID is authenticated: another CID of the same length fails */
        memcpy(got, want, n);
        got[13] ^= 0x01;
        pos = 0;
        CHECK_EQ(dtls__record_parse(&r, got, n, &pos, sizeof cid), 0);
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_AUTH);
        dtls_wipe(&c, sizeof c);
    }
}

/* The inner plaintext's padding (RFC 9146 §4): zeros after the real type are
 * removed; an inner plaintext of zeros only has no type and is refused; a CID
 * record under the NULL cipher (epoch 0) is refused; the inner plaintext is
 * at most 2^14 bytes, so the content at most 2^14 - 1. */
TEST(cid_padding_and_limits)
{
    static const uint8_t cid[2] = {0xAB, 0xCD};
    static uint8_t out[16384 + 64], pt[16384];
    uint8_t key[16] = {0}, iv[4] = {1, 2, 3, 4}, inner[8];
    dtls__cipher c, nc;
    dtls__record r;
    size_t pos, n;

    CHECK_EQ(dtls__cipher_init(&c, NULL, DTLS_AEAD_AES_128_CCM_8, key, 16, iv, 4), 0);
    dtls__cipher_null(&nc);
    /* content "hi" 22 0 0 with real type 0: the zeros run to the start of "hi"'s type byte */
    memcpy(inner, "hi\x16\0\0", 5);
    n = (size_t)dtls__record_protect_cid(NULL, &c, 0, DTLS__VERSION_1_2, 1, 4, cid, 2, out, sizeof out, inner, 5);
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, out, n, &pos, 2), 0);
    CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
    CHECK_EQ(r.type, 0x16); /* real type 22, padding 0 0 0 */
    CHECK_EQ(r.body_len, 2);
    CHECK_MEM(r.body, "hi", 2);
    /* all zeros: no real type */
    memset(inner, 0, 4);
    n = (size_t)dtls__record_protect_cid(NULL, &c, 0, DTLS__VERSION_1_2, 1, 5, cid, 2, out, sizeof out, inner, 4);
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, out, n, &pos, 2), 0);
    CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_DECODE);
    /* never under the NULL cipher, neither way */
    CHECK_EQ(dtls__record_protect_cid(NULL, &nc, 22, DTLS__VERSION_1_2, 0, 1, cid, 2, out, sizeof out, inner, 2),
             DTLS_ERR_BAD_ARG);
    {
        static const uint8_t d[] = {0x19, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0xAB, 0xCD, 0, 2, 0x16, 0x01};
        uint8_t b[sizeof d];
        memcpy(b, d, sizeof d);
        pos = 0;
        CHECK_EQ(dtls__record_parse(&r, b, sizeof b, &pos, 2), 0);
        CHECK_EQ(dtls__record_unprotect(NULL, &nc, &r), DTLS_ERR_DECODE);
    }
    /* longer than DTLS_MAX_CID */
    CHECK_EQ(dtls__record_protect_cid(NULL, &c, 23, DTLS__VERSION_1_2, 1, 1, pt, DTLS_MAX_CID + 1, out, sizeof out,
                                      inner, 2), DTLS_ERR_BAD_ARG);
    /* 2^14 - 1 bytes of content fit, 2^14 do not */
    CHECK(dtls__record_protect_cid(NULL, &c, 23, DTLS__VERSION_1_2, 1, 6, cid, 2, out, sizeof out, pt, 16383) > 0);
    CHECK_EQ(dtls__record_protect_cid(NULL, &c, 23, DTLS__VERSION_1_2, 1, 6, cid, 2, out, sizeof out, pt, 16384),
             DTLS_ERR_TOO_LONG);
    dtls_wipe(&c, sizeof c);
}

/* ---- round trips ---- */

/* Protects pt[0..len) out of place and in place, checks both give the same
 * bytes, parses and unprotects; returns 1 when all is well. */
static int round_trip(const dtls__cipher *c, size_t len, uint16_t epoch, uint64_t seq, uint8_t type)
{
    static uint8_t pt[400], a[460], b[460];
    size_t over = dtls__cipher_overhead(c), ex = c->explicit_nonce_len, pos = 0;
    dtls__record r;
    int rc, ok = 1;

    pattern(pt, sizeof pt, (unsigned)len);
    rc = dtls__record_protect(NULL, c, type, DTLS__VERSION_1_2, epoch, seq, a, sizeof a, pt, len);
    ok &= rc == (int)(HDR + over + len);
    memcpy(b + HDR + ex, pt, len);
    rc = dtls__record_protect(NULL, c, type, DTLS__VERSION_1_2, epoch, seq, b, sizeof b, b + HDR + ex, len);
    ok &= rc == (int)(HDR + over + len);
    ok &= memcmp(a, b, HDR + over + len) == 0;
    ok &= dtls__record_parse(&r, a, HDR + over + len, &pos, 0) == 0;
    ok &= r.type == type && r.epoch == epoch && r.seq == seq && r.version == DTLS__VERSION_1_2;
    ok &= r.body_len == over + len;
    ok &= dtls__record_unprotect(NULL, c, &r) == 0;
    ok &= r.body == a + HDR + ex && r.body_len == len && memcmp(r.body, pt, len) == 0;
    return ok;
}

TEST(round_trip_every_aead)
{
    size_t i, len;

    for (i = 0; i < 5; i++) {
        dtls__cipher c;
        int bad = 0;
        setup(&c, all_algs[i], (unsigned)i);
        for (len = 0; len <= 300; len++)
            if (!round_trip(&c, len, (uint16_t)(1 + len), UINT64_C(0x0000FFFF0000) + len * 977, 23))
                bad++;
        CHECK_EQ(bad, 0);
        CHECK(round_trip(&c, 5, 0xFFFF, DTLS__SEQ_MAX, 22));
        CHECK(round_trip(&c, 5, 0, 0, 21));
    }
}

TEST(null_cipher)
{
    static uint8_t pt[16385], out[16385 + HDR + 1];
    dtls__cipher c;
    dtls__record r;
    size_t pos = 0;

    dtls__cipher_null(&c);
    pattern(pt, sizeof pt, 7);
    CHECK_EQ(dtls__record_protect(NULL, &c, 22, DTLS__VERSION_1_0, 0, 5, out, sizeof out, pt, 3), 16);
    CHECK_MEM(out, "\x16\xFE\xFF\x00\x00\x00\x00\x00\x00\x00\x05\x00\x03", 13);
    CHECK_MEM(out + 13, pt, 3);
    CHECK_EQ(dtls__record_parse(&r, out, 16, &pos, 0), 0);
    CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
    CHECK(r.body == out + 13);
    CHECK_EQ(r.body_len, 3);
    CHECK(round_trip(&c, 0, 0, 0, 22));
    CHECK(round_trip(&c, 300, 0, 77, 22));
    /* 2^14 is the largest plaintext; one more is refused both ways */
    CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 0, 1, out, sizeof out, pt, 16384), 16384 + 13);
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, out, 16384 + 13, &pos, 0), 0);
    CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
    CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 0, 1, out, sizeof out, pt, 16385),
             DTLS_ERR_TOO_LONG);
    memcpy(out, "\x17\xFE\xFD\x00\x00\x00\x00\x00\x00\x00\x01\x40\x01", 13);
    pos = 0;
    CHECK_EQ(dtls__record_parse(&r, out, 16385 + 13, &pos, 0), 0);
    CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_DECODE);
}

TEST(plaintext_limit_aead)
{
    static uint8_t pt[16384], out[16384 + 64];
    size_t i;

    pattern(pt, sizeof pt, 3);
    for (i = 0; i < 5; i++) {
        dtls__cipher c;
        dtls__record r;
        size_t over, pos = 0;
        int n;
        setup(&c, all_algs[i], 40);
        over = dtls__cipher_overhead(&c);
        n = dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 2, out, sizeof out, pt, 16384);
        CHECK_EQ(n, 13 + 16384 + over);
        CHECK_EQ(dtls__record_parse(&r, out, (size_t)n, &pos, 0), 0);
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
        CHECK_EQ(r.body_len, 16384);
        CHECK_MEM(r.body, pt, 16384);
        /* a fragment one byte longer: refused before any decryption */
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 2, out, sizeof out, pt, 16385 - 1), n);
        memset(&r, 0, sizeof r);
        r.type = 23;
        r.version = DTLS__VERSION_1_2;
        r.epoch = 1;
        r.seq = 2;
        r.body = out + 13;
        r.body_len = 16385 + over;
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_DECODE);
        CHECK(r.body == out + 13);
        CHECK_EQ(r.body_len, 16385 + over);
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 2, out, sizeof out, pt, 16385),
                 DTLS_ERR_TOO_LONG);
    }
}

/* ---- authentication ---- */

TEST(every_bit_flip_is_rejected)
{
    size_t i;

    for (i = 0; i < 5; i++) {
        uint8_t pt[20], rec[64], t[64];
        dtls__cipher c;
        size_t n, over, bit, pos;
        int bad = 0;

        setup(&c, all_algs[i], 70);
        over = dtls__cipher_overhead(&c);
        pattern(pt, sizeof pt, 9);
        n = (size_t)dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 0x0203, UINT64_C(0x040506070809), rec,
                                         sizeof rec, pt, sizeof pt);
        for (bit = 0; bit < 8 * n; bit++) {
            dtls__record r;
            int rc, want = DTLS_ERR_AUTH;
            size_t flen;
            memcpy(t, rec, n);
            t[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            flen = ((size_t)t[11] << 8) | t[12];
            pos = 0;
            rc = dtls__record_parse(&r, t, n, &pos, 0);
            if (flen > n - 13) { /* a longer length overruns the datagram */
                if (rc != DTLS_ERR_DECODE) bad++;
                continue;
            }
            if (rc != 0) { bad++; continue; }
            if (flen < over) want = DTLS_ERR_DECODE;
            if (dtls__record_unprotect(NULL, &c, &r) != want) bad++;
            /* the output (in place) is zeroed on failure */
            if (want == DTLS_ERR_AUTH) {
                size_t k;
                for (k = 0; k < r.body_len; k++)
                    if (r.body[k]) { bad++; break; }
            }
        }
        CHECK_EQ(bad, 0);
        /* and the untouched record still opens */
        pos = 0;
        memcpy(t, rec, n);
        {
            dtls__record r;
            CHECK_EQ(dtls__record_parse(&r, t, n, &pos, 0), 0);
            CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
            CHECK_MEM(r.body, pt, sizeof pt);
        }
    }
}

TEST(header_fields_are_authenticated)
{
    /* Each field changed in the parsed record (not on the wire): unprotect
     * uses rec's fields, so each must be covered by the AAD or the nonce. */
    size_t i, f;

    for (i = 0; i < 5; i++) {
        uint8_t rec[64], t[64];
        dtls__cipher c;
        int n;
        setup(&c, all_algs[i], 80);
        n = dtls__record_protect(NULL, &c, 22, DTLS__VERSION_1_2, 3, 1000, rec, sizeof rec,
                                 (const uint8_t *)"abcdef", 6);
        for (f = 0; f < 5; f++) {
            dtls__record r;
            size_t pos = 0;
            memcpy(t, rec, (size_t)n);
            CHECK_EQ(dtls__record_parse(&r, t, (size_t)n, &pos, 0), 0);
            switch (f) {
            case 0: r.type = 23; break;
            case 1: r.version = DTLS__VERSION_1_0; break;
            case 2: r.epoch = 4; break;
            case 3: r.seq = 1001; break;
            default: r.seq = 1000 + (UINT64_C(1) << 40); break;
            }
            CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), DTLS_ERR_AUTH);
        }
    }
}

TEST(short_fragments)
{
    size_t i;

    for (i = 0; i < 5; i++) {
        uint8_t body[40];
        dtls__cipher c;
        dtls__record r;
        size_t over, l;
        setup(&c, all_algs[i], 90);
        over = dtls__cipher_overhead(&c);
        for (l = 0; l <= over; l++) {
            memset(&r, 0, sizeof r);
            memset(body, 0x33, sizeof body);
            r.type = 23;
            r.version = DTLS__VERSION_1_2;
            r.body = body;
            r.body_len = l;
            CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), l < over ? DTLS_ERR_DECODE : DTLS_ERR_AUTH);
            if (l < over) {
                CHECK(r.body == body);
                CHECK_EQ(r.body_len, l);
            }
        }
    }
}

/* ---- limits ---- */

TEST(sequence_number_limit)
{
    size_t i;

    for (i = 0; i < 6; i++) {
        uint8_t out[64], canary[64];
        dtls__cipher c;
        dtls__record r;
        size_t pos = 0;
        int n;
        if (i < 5) setup(&c, all_algs[i], 100);
        else dtls__cipher_null(&c);
        n = dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, DTLS__SEQ_MAX, out, sizeof out,
                                 (const uint8_t *)"xy", 2);
        CHECK_EQ(n, 13 + 2 + dtls__cipher_overhead(&c));
        CHECK_MEM(out + 5, "\xFF\xFF\xFF\xFF\xFF\xFF", 6);
        CHECK_EQ(dtls__record_parse(&r, out, (size_t)n, &pos, 0), 0);
        CHECK(r.seq == DTLS__SEQ_MAX);
        CHECK_EQ(dtls__record_unprotect(NULL, &c, &r), 0);
        CHECK_MEM(r.body, "xy", 2);
        memset(out, 0x5C, sizeof out);
        memcpy(canary, out, sizeof out);
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, DTLS__SEQ_MAX + 1, out, sizeof out,
                                      (const uint8_t *)"xy", 2),
                 DTLS_ERR_SEQ_EXHAUSTED);
        CHECK_EQ(dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, ~UINT64_C(0), out, sizeof out,
                                      (const uint8_t *)"xy", 2),
                 DTLS_ERR_SEQ_EXHAUSTED);
        CHECK_MEM(out, canary, sizeof out);
    }
}

TEST(buffer_too_small_every_capacity)
{
    static const size_t lens[3] = {0, 1, 17};
    size_t i, k;

    for (i = 0; i < 6; i++) {
        dtls__cipher c;
        if (i < 5) setup(&c, all_algs[i], 110);
        else dtls__cipher_null(&c);
        for (k = 0; k < 3; k++) {
            uint8_t pt[17];
            size_t need = 13 + dtls__cipher_overhead(&c) + lens[k], cap;
            int bad = 0;
            pattern(pt, sizeof pt, 5);
            for (cap = 0; cap <= need; cap++) {
                /* exactly cap bytes on the heap: ASan catches any write past it */
                uint8_t *out = (uint8_t *)malloc(cap ? cap : 1);
                size_t j;
                int rc;
                memset(out, 0xC3, cap ? cap : 1);
                rc = dtls__record_protect(NULL, &c, 23, DTLS__VERSION_1_2, 1, 9, out, cap, pt, lens[k]);
                if (cap < need) {
                    if (rc != DTLS_ERR_BUFFER_TOO_SMALL) bad++;
                    for (j = 0; j < cap; j++)
                        if (out[j] != 0xC3) { bad++; break; }
                } else if (rc != (int)need) {
                    bad++;
                }
                free(out);
            }
            CHECK_EQ(bad, 0);
        }
    }
}

/* ---- an AEAD hook that answers "in progress" every other call ---- */

typedef struct hook_state {
    int calls, busy;
} hook_state;

static dtls_crypto_key soft_key(const dtls_crypto_key *k)
{
    dtls_crypto_key s = *k;
    s.by_hook = 0;
    return s;
}

static int hook_set_key(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    key->alg = (uint8_t)alg;
    memcpy(key->bytes, raw, raw_len);
    key->len = (uint8_t)raw_len;
    return 0;
}

static int hook_aead(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len, int open)
{
    hook_state *h = (hook_state *)user;
    dtls_crypto_key s = soft_key(key);
    h->calls++;
    if ((h->busy ^= 1) != 0)
        return DTLS_ERR_IN_PROGRESS;
    return open ? dtls_crypto_aead_open(NULL, &s, out, nonce, nonce_len, aad, aad_len, in, in_len)
                : dtls_crypto_aead_seal(NULL, &s, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

static int hook_seal(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    return hook_aead(user, key, out, nonce, nonce_len, aad, aad_len, in, in_len, 0);
}

static int hook_open(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    return hook_aead(user, key, out, nonce, nonce_len, aad, aad_len, in, in_len, 1);
}

TEST(aead_hook_in_progress)
{
    size_t i;

    for (i = 0; i < 5; i++) {
        dtls_crypto_hooks hooks;
        hook_state h;
        dtls__cipher hc, sc;
        dtls__record r, before;
        uint8_t key[32], iv[12], pt[30], soft[80], hw[80];
        size_t ivl = all_algs[i] == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4, pos = 0;
        int n;

        memset(&hooks, 0, sizeof hooks);
        memset(&h, 0, sizeof h);
        hooks.user = &h;
        hooks.aead_set_key = hook_set_key;
        hooks.aead_seal = hook_seal;
        hooks.aead_open = hook_open;
        pattern(key, 32, 120);
        pattern(iv, 12, 121);
        pattern(pt, sizeof pt, 122);
        CHECK_EQ(dtls__cipher_init(&hc, &hooks, all_algs[i], key, dtls_crypto_aead_key_len(all_algs[i]), iv, ivl), 0);
        CHECK_EQ(hc.key.by_hook, 1);
        CHECK_EQ(dtls__cipher_init(&sc, NULL, all_algs[i], key, dtls_crypto_aead_key_len(all_algs[i]), iv, ivl), 0);
        n = dtls__record_protect(NULL, &sc, 23, DTLS__VERSION_1_2, 2, 77, soft, sizeof soft, pt, sizeof pt);
        /* in place through the hook: busy once, then the same bytes */
        memcpy(hw + 13 + hc.explicit_nonce_len, pt, sizeof pt);
        CHECK_EQ(dtls__record_protect(&hooks, &hc, 23, DTLS__VERSION_1_2, 2, 77, hw, sizeof hw,
                                      hw + 13 + hc.explicit_nonce_len, sizeof pt),
                 DTLS_ERR_IN_PROGRESS);
        CHECK_EQ(dtls__record_protect(&hooks, &hc, 23, DTLS__VERSION_1_2, 2, 77, hw, sizeof hw,
                                      hw + 13 + hc.explicit_nonce_len, sizeof pt),
                 n);
        CHECK_MEM(hw, soft, (size_t)n);
        /* unprotect: busy leaves the record as it was */
        CHECK_EQ(dtls__record_parse(&r, hw, (size_t)n, &pos, 0), 0);
        before = r;
        CHECK_EQ(dtls__record_unprotect(&hooks, &hc, &r), DTLS_ERR_IN_PROGRESS);
        CHECK(r.body == before.body && r.body_len == before.body_len);
        CHECK_EQ(dtls__record_unprotect(&hooks, &hc, &r), 0);
        CHECK_EQ(r.body_len, sizeof pt);
        CHECK_MEM(r.body, pt, sizeof pt);
        CHECK_EQ(h.calls, 4);
    }
}

int main(void)
{
    RUN(parse_several_records);
    RUN(parse_length_overrun);
    RUN(parse_truncated_headers);
    RUN(parse_cid);
    RUN(cipher_init_params);
    RUN(known_answer_records);
    RUN(known_answer_cid_records);
    RUN(cid_padding_and_limits);
    RUN(round_trip_every_aead);
    RUN(null_cipher);
    RUN(plaintext_limit_aead);
    RUN(every_bit_flip_is_rejected);
    RUN(header_fields_are_authenticated);
    RUN(short_fragments);
    RUN(sequence_number_limit);
    RUN(buffer_too_small_every_capacity);
    RUN(aead_hook_in_progress);
    return test_done();
}
