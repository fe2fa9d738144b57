/* test_chachapoly.c - ChaCha20, Poly1305 and ChaCha20-Poly1305 (RFC 8439).
 *
 * Known answers: RFC 8439 §2.3.2 (block), §2.4.2 (encryption), §2.5.2
 * (Poly1305), §2.8.2 (AEAD) and Appendix A.1-A.5; Wycheproof
 * chacha20_poly1305_test.json (every vector).  Plus in-place round trips at
 * every length 0..70, tag/ciphertext/AAD tampering, short inputs, bad nonce
 * lengths, and Poly1305 fed in every split.  Differential: ChaCha20, Poly1305
 * and the AEAD at every length 0..1024 (Poly1305 also in every two-call split)
 * against one-block reference code kept here. */
#include "../wp.h"

/* RFC 8439 §2.3.2 */
static const char *rfc_232_block =
    "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
    "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e";

/* RFC 8439 §2.4.2 */
static const char *rfc_242_pt =
    "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
    "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
    "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
    "637265656e20776f756c642062652069742e";

static const char *rfc_242_ct =
    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
    "5af90bbf74a35be6b40b8eedf2785e42874d";

/* RFC 8439 §2.5.2 */
static const char *rfc_252_msg =
    "43727970746f6772617068696320466f72756d2052657365617263682047726f"
    "7570";

/* RFC 8439 §2.8.2 */
static const char *rfc_282_aad =
    "50515253c0c1c2c3c4c5c6c7";

static const char *rfc_282_ct =
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
    "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
    "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
    "3ff4def08e4b7a9de576d26586cec64b6116";

/* RFC 8439 A.1 (keystream = block output) */
static const char *rfc_a1_ks1 =
    "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
    "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586";

static const char *rfc_a1_ks2 =
    "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
    "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f";

static const char *rfc_a1_ks3 =
    "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
    "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0";

static const char *rfc_a1_ks4 =
    "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
    "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096";

static const char *rfc_a1_ks5 =
    "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
    "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d";

/* RFC 8439 A.2 */
static const char *rfc_a2_pt2 =
    "416e79207375626d697373696f6e20746f20746865204945544620696e74656e"
    "6465642062792074686520436f6e7472696275746f7220666f72207075626c69"
    "636174696f6e20617320616c6c206f722070617274206f6620616e2049455446"
    "20496e7465726e65742d4472616674206f722052464320616e6420616e792073"
    "746174656d656e74206d6164652077697468696e2074686520636f6e74657874"
    "206f6620616e204945544620616374697669747920697320636f6e7369646572"
    "656420616e20224945544620436f6e747269627574696f6e222e205375636820"
    "73746174656d656e747320696e636c756465206f72616c2073746174656d656e"
    "747320696e20494554462073657373696f6e732c2061732077656c6c20617320"
    "7772697474656e20616e6420656c656374726f6e696320636f6d6d756e696361"
    "74696f6e73206d61646520617420616e792074696d65206f7220706c6163652c"
    "207768696368206172652061646472657373656420746f";

static const char *rfc_a2_ct2 =
    "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec"
    "2a97948bd3722915c8f3d337f7d370050e9e96d647b7c39f56e031ca5eb6250d"
    "4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
    "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85a"
    "d00f8449ed8f72d0d662ab052691ca66424bc86d2df80ea41f43abf937d3259d"
    "c4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
    "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6c"
    "cc3aaf9f3979c92b3720fc88dc95ed84a1be059c6499b9fda236e7e818b04b0b"
    "c39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
    "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e6"
    "98ced759c3ff9b6477338f3da4f9cd8514ea9982ccafb341b2384dd902f3d1ab"
    "7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221";

static const char *rfc_a2_pt3 =
    "2754776173206272696c6c69672c20616e642074686520736c6974687920746f"
    "7665730a446964206779726520616e642067696d626c6520696e207468652077"
    "6162653a0a416c6c206d696d737920776572652074686520626f726f676f7665"
    "732c0a416e6420746865206d6f6d65207261746873206f757467726162652e";

static const char *rfc_a2_ct3 =
    "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf"
    "166d3df2d721caf9b21e5fb14c616871fd84c54f9d65b283196c7fe4f60553eb"
    "f39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
    "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1";

/* RFC 8439 A.3 #1-#4: key, text, tag */
static const char *rfc_a3_key2 =
    "0000000000000000000000000000000036e5f6b5c5e06070f0efca96227a863e";

static const char *rfc_a3_key3 =
    "36e5f6b5c5e06070f0efca96227a863e00000000000000000000000000000000";

static const char *rfc_a3_tag3 =
    "f3477e7cd95417af89a6b8794c310cf0";

static const char *rfc_a3_tag4 =
    "4541669a7eaaee61e708dc7cbcc5eb62";

/* RFC 8439 A.4 */
static const char *rfc_a4_otk1 =
    "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7";

static const char *rfc_a4_otk2 =
    "ecfa254f845f647473d3cb140da9e87606cb33066c447b87bc2666dde3fbb739";

static const char *rfc_a4_otk3 =
    "965e3bc6f9ec7ed9560808f4d229f94b137ff275ca9b3fcbdd59deaad23310ae";

/* RFC 8439 A.5 */
static const char *rfc_a5_ct =
    "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
    "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
    "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
    "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
    "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
    "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
    "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
    "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
    "a6ad5cb4022b02709b";

static const char *rfc_a5_pt =
    "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
    "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
    "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
    "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
    "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
    "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
    "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
    "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
    "726573732e2fe2809d";

static const char *rfc_key_0_1f =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static const char *rfc_key_80_9f =
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
static const char *rfc_key_1c92 =
    "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0";
static const char *rfc_key_zero =
    "0000000000000000000000000000000000000000000000000000000000000000";
static const char *rfc_key_one =
    "0000000000000000000000000000000000000000000000000000000000000001";

static unsigned char b_key[32], b_nonce[64], b_in[4096], b_out[4096], b_exp[4096], b_aad[4096];

#define HEX(buf, s) unhex((buf), sizeof(buf), (s))

/* dtls_chacha20 on zeros (len bytes) must give the expected key stream. */
static void check_keystream(const char *key, const char *nonce, uint32_t counter, const char *ks)
{
    size_t n = HEX(b_exp, ks);
    HEX(b_key, key);
    HEX(b_nonce, nonce);
    memset(b_in, 0, n);
    dtls_chacha20(b_out, b_in, n, b_key, b_nonce, counter);
    CHECK_MEM(b_out, b_exp, n);
}

/* Encryption known answer, out of place and in place. */
static void check_chacha(const char *key, const char *nonce, uint32_t counter, const char *pt,
                         const char *ct)
{
    size_t n = HEX(b_in, pt);
    CHECK_EQ(HEX(b_exp, ct), n);
    HEX(b_key, key);
    HEX(b_nonce, nonce);
    dtls_chacha20(b_out, b_in, n, b_key, b_nonce, counter);
    CHECK_MEM(b_out, b_exp, n);
    dtls_chacha20(b_in, b_in, n, b_key, b_nonce, counter);
    CHECK_MEM(b_in, b_exp, n);
}

TEST(chacha20_block_rfc8439_2_3_2)
{
    check_keystream(rfc_key_0_1f, "000000090000004a00000000", 1, rfc_232_block);
}

TEST(chacha20_encrypt_rfc8439_2_4_2)
{
    check_chacha(rfc_key_0_1f, "000000000000004a00000000", 1, rfc_242_pt, rfc_242_ct);
}

TEST(chacha20_block_rfc8439_a1)
{
    check_keystream(rfc_key_zero, "000000000000000000000000", 0, rfc_a1_ks1);
    check_keystream(rfc_key_zero, "000000000000000000000000", 1, rfc_a1_ks2);
    check_keystream(rfc_key_one, "000000000000000000000000", 1, rfc_a1_ks3);
    check_keystream("00ff000000000000000000000000000000000000000000000000000000000000",
                    "000000000000000000000000", 2, rfc_a1_ks4);
    check_keystream(rfc_key_zero, "000000000000000000000002", 0, rfc_a1_ks5);
}

TEST(chacha20_encrypt_rfc8439_a2)
{
    /* #1: 64 zero bytes under the all-zero key = the A.1 #1 key stream. */
    check_keystream(rfc_key_zero, "000000000000000000000000", 0, rfc_a1_ks1);
    check_chacha(rfc_key_one, "000000000000000000000002", 1, rfc_a2_pt2, rfc_a2_ct2);
    check_chacha(rfc_key_1c92, "000000000000000000000002", 42, rfc_a2_pt3, rfc_a2_ct3);
}

/* Any split of the input must give the same stream as one call. */
TEST(chacha20_counter_continuity)
{
    size_t n = HEX(b_in, rfc_a2_pt2), split;
    HEX(b_key, rfc_key_one);
    HEX(b_nonce, "000000000000000000000002");
    HEX(b_exp, rfc_a2_ct2);
    for (split = 0; split <= n; split += 64) {
        dtls_chacha20(b_out, b_in, split, b_key, b_nonce, 1);
        dtls_chacha20(b_out + split, b_in + split, n - split, b_key, b_nonce,
                      (uint32_t)(1 + split / 64));
        CHECK_MEM(b_out, b_exp, n);
    }
    /* len == 0 writes nothing. */
    b_out[0] = 0xA5;
    dtls_chacha20(b_out, b_in, 0, b_key, b_nonce, 1);
    CHECK_EQ(b_out[0], 0xA5);
}

/* Poly1305 known answer: one call, then every two-way split, then byte by byte. */
static void check_poly(const char *key, const char *msg, const char *tag)
{
    dtls_poly1305_ctx ctx;
    unsigned char t[16], exp[16], k[32];
    size_t n = HEX(b_in, msg), split, i;
    int bad = 0;

    CHECK_EQ(unhex(k, sizeof k, key), 32);
    CHECK_EQ(unhex(exp, sizeof exp, tag), 16);
    dtls_poly1305_init(&ctx, k);
    dtls_poly1305_update(&ctx, b_in, n);
    dtls_poly1305_final(&ctx, t);
    CHECK_MEM(t, exp, 16);
    for (split = 0; split <= n; split++) {
        dtls_poly1305_init(&ctx, k);
        dtls_poly1305_update(&ctx, b_in, split);
        dtls_poly1305_update(&ctx, NULL, 0);
        dtls_poly1305_update(&ctx, b_in + split, n - split);
        dtls_poly1305_final(&ctx, t);
        bad |= memcmp(t, exp, 16) != 0;
    }
    CHECK(!bad);
    dtls_poly1305_init(&ctx, k);
    for (i = 0; i < n; i++)
        dtls_poly1305_update(&ctx, b_in + i, 1);
    dtls_poly1305_final(&ctx, t);
    CHECK_MEM(t, exp, 16);
}

TEST(poly1305_rfc8439_2_5_2)
{
    check_poly("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", rfc_252_msg,
               "a8061dc1305136c6c22b8baf0c0127a9");
}

TEST(poly1305_final_wipes_context)
{
    dtls_poly1305_ctx ctx;
    unsigned char k[32], t[16], zero[sizeof(dtls_poly1305_ctx)];
    memset(k, 0x5A, sizeof k);
    memset(zero, 0, sizeof zero);
    dtls_poly1305_init(&ctx, k);
    dtls_poly1305_update(&ctx, k, 7);
    dtls_poly1305_final(&ctx, t);
    CHECK_MEM(&ctx, zero, sizeof ctx);
}

TEST(poly1305_rfc8439_a3)
{
    static const char *zeros64 =
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000";
    /* #1-#4 */
    check_poly(rfc_key_zero, zeros64, "00000000000000000000000000000000");
    check_poly(rfc_a3_key2, rfc_a2_pt2, "36e5f6b5c5e06070f0efca96227a863e");
    check_poly(rfc_a3_key3, rfc_a2_pt2, rfc_a3_tag3);
    check_poly(rfc_key_1c92, rfc_a2_pt3, rfc_a3_tag4);
    /* #5-#11: key = R || S (reduction and carry edge cases). */
    check_poly("0200000000000000000000000000000000000000000000000000000000000000",
               "ffffffffffffffffffffffffffffffff", "03000000000000000000000000000000");
    check_poly("02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
               "02000000000000000000000000000000", "03000000000000000000000000000000");
    check_poly("0100000000000000000000000000000000000000000000000000000000000000",
               "ffffffffffffffffffffffffffffffff"
               "f0ffffffffffffffffffffffffffffff"
               "11000000000000000000000000000000",
               "05000000000000000000000000000000");
    check_poly("0100000000000000000000000000000000000000000000000000000000000000",
               "ffffffffffffffffffffffffffffffff"
               "fbfefefefefefefefefefefefefefefe"
               "01010101010101010101010101010101",
               "00000000000000000000000000000000");
    check_poly("0200000000000000000000000000000000000000000000000000000000000000",
               "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff");
    check_poly("0100000000000000040000000000000000000000000000000000000000000000",
               "e33594d7505e43b90000000000000000"
               "3394d7505e4379cd0100000000000000"
               "00000000000000000000000000000000"
               "01000000000000000000000000000000",
               "14000000000000005500000000000000");
    check_poly("0100000000000000040000000000000000000000000000000000000000000000",
               "e33594d7505e43b90000000000000000"
               "3394d7505e4379cd0100000000000000"
               "00000000000000000000000000000000",
               "13000000000000000000000000000000");
}

TEST(poly1305_keygen_rfc8439_a4)
{
    /* The one-time key is the first 32 bytes of block 0 (RFC 8439 §2.6). */
    static const char *keys[3], *nonces[3], *otks[3];
    int i;
    keys[0] = rfc_key_zero; nonces[0] = "000000000000000000000000"; otks[0] = rfc_a4_otk1;
    keys[1] = rfc_key_one; nonces[1] = "000000000000000000000002"; otks[1] = rfc_a4_otk2;
    keys[2] = rfc_key_1c92; nonces[2] = "000000000000000000000002"; otks[2] = rfc_a4_otk3;
    for (i = 0; i < 3; i++) {
        HEX(b_key, keys[i]);
        HEX(b_nonce, nonces[i]);
        CHECK_EQ(HEX(b_exp, otks[i]), 32);
        memset(b_in, 0, 32);
        dtls_chacha20(b_out, b_in, 32, b_key, b_nonce, 0);
        CHECK_MEM(b_out, b_exp, 32);
    }
}

TEST(aead_rfc8439_2_8_2)
{
    static const char *nonce = "070000004041424344454647";
    size_t n = HEX(b_in, rfc_242_pt), aad_len = HEX(b_aad, rfc_282_aad);
    unsigned char tag[16];
    HEX(b_key, rfc_key_80_9f);
    HEX(b_nonce, nonce);
    CHECK_EQ(HEX(b_exp, rfc_282_ct), n);
    CHECK_EQ(unhex(tag, sizeof tag, "1ae10b594f09e26a7e902ecbd0600691"), 16);
    CHECK_EQ(dtls_chacha20poly1305_seal(b_out, b_key, b_nonce, 12, b_aad, aad_len, b_in, n), 0);
    CHECK_MEM(b_out, b_exp, n);
    CHECK_MEM(b_out + n, tag, 16);
    /* open in place gives the plaintext back */
    CHECK_EQ(dtls_chacha20poly1305_open(b_out, b_key, b_nonce, 12, b_aad, aad_len, b_out, n + 16), 0);
    CHECK_MEM(b_out, b_in, n);
    /* seal in place gives the same bytes */
    memcpy(b_out, b_in, n);
    CHECK_EQ(dtls_chacha20poly1305_seal(b_out, b_key, b_nonce, 12, b_aad, aad_len, b_out, n), 0);
    CHECK_MEM(b_out, b_exp, n);
    CHECK_MEM(b_out + n, tag, 16);
}

TEST(aead_decrypt_rfc8439_a5)
{
    size_t n = HEX(b_in, rfc_a5_ct), aad_len = HEX(b_aad, "f33388860000000000004e91");
    HEX(b_key, rfc_key_1c92);
    HEX(b_nonce, "000000000102030405060708");
    CHECK_EQ(unhex(b_in + n, 16, "eead9d67890cbb22392336fea1851f38"), 16);
    CHECK_EQ(HEX(b_exp, rfc_a5_pt), n);
    CHECK_EQ(dtls_chacha20poly1305_open(b_out, b_key, b_nonce, 12, b_aad, aad_len, b_in, n + 16), 0);
    CHECK_MEM(b_out, b_exp, n);
    /* and seal reproduces ciphertext || tag */
    CHECK_EQ(dtls_chacha20poly1305_seal(b_out, b_key, b_nonce, 12, b_aad, aad_len, b_exp, n), 0);
    CHECK_MEM(b_out, b_in, n + 16);
}

static int all_zero(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* In-place seal/open at every length 0..70, with and without AAD; flipping
 * any single bit of ciphertext, tag or AAD makes open fail and zero out. */
TEST(aead_roundtrip_and_tamper_0_to_70)
{
    unsigned char buf[70 + 16], pt[70], aad[13];
    size_t len, i;
    int bad = 0;
    memset(buf, 0, sizeof buf);
    for (i = 0; i < 32; i++) b_key[i] = (unsigned char)(i * 7 + 1);
    for (i = 0; i < 12; i++) b_nonce[i] = (unsigned char)(0xF0 + i);
    for (i = 0; i < sizeof aad; i++) aad[i] = (unsigned char)(0x30 + i);
    for (len = 0; len <= 70; len++) {
        size_t aad_len = len % 2 ? sizeof aad : 0, bit;
        for (i = 0; i < len; i++) pt[i] = (unsigned char)(len * 31 + i);
        memcpy(buf, pt, len);
        if (dtls_chacha20poly1305_seal(buf, b_key, b_nonce, 12, aad, aad_len, buf, len) != 0) bad = 1;
        if (len > 0 && memcmp(buf, pt, len) == 0) bad = 1;
        /* tamper: one bit in each byte position of ciphertext || tag */
        for (bit = 0; bit < len + 16; bit++) {
            unsigned char t[70 + 16];
            memcpy(t, buf, len + 16);
            t[bit] ^= (unsigned char)(1u << (bit % 8));
            if (dtls_chacha20poly1305_open(t, b_key, b_nonce, 12, aad, aad_len, t, len + 16) !=
                DTLS_ERR_AUTH) bad = 1;
            if (!all_zero(t, len)) bad = 1;
            if (memcmp(t + len, buf + len, 16) != 0 && bit < len) bad = 1; /* tag left alone */
        }
        if (aad_len > 0) {
            unsigned char t[70 + 16];
            memcpy(t, buf, len + 16);
            aad[3] ^= 0x80;
            if (dtls_chacha20poly1305_open(t, b_key, b_nonce, 12, aad, aad_len, t, len + 16) !=
                DTLS_ERR_AUTH) bad = 1;
            aad[3] ^= 0x80;
            if (!all_zero(t, len)) bad = 1;
        }
        /* wrong nonce */
        {
            unsigned char t[70 + 16];
            memcpy(t, buf, len + 16);
            b_nonce[11] ^= 1;
            if (dtls_chacha20poly1305_open(t, b_key, b_nonce, 12, aad, aad_len, t, len + 16) !=
                DTLS_ERR_AUTH) bad = 1;
            b_nonce[11] ^= 1;
        }
        if (dtls_chacha20poly1305_open(buf, b_key, b_nonce, 12, aad, aad_len, buf, len + 16) != 0) bad = 1;
        if (memcmp(buf, pt, len) != 0) bad = 1;
        if (bad) {
            fprintf(stderr, "length %u failed\n", (unsigned)len);
            break;
        }
    }
    CHECK(!bad);
}

TEST(aead_short_input_and_bad_nonce)
{
    unsigned char buf[32], key[32], nonce[16];
    size_t n;
    memset(key, 1, sizeof key);
    memset(nonce, 2, sizeof nonce);
    memset(buf, 0x77, sizeof buf);
    for (n = 0; n < 16; n++)
        CHECK_EQ(dtls_chacha20poly1305_open(buf, key, nonce, 12, NULL, 0, buf, n), DTLS_ERR_AUTH);
    CHECK_EQ(buf[0], 0x77); /* nothing written for in_len < 16 */
    /* in_len == 16: empty message, valid tag */
    CHECK_EQ(dtls_chacha20poly1305_seal(buf, key, nonce, 12, NULL, 0, NULL, 0), 0);
    CHECK_EQ(dtls_chacha20poly1305_open(buf + 16, key, nonce, 12, NULL, 0, buf, 16), 0);
    for (n = 0; n <= 16; n++) {
        if (n == 12) continue;
        CHECK_EQ(dtls_chacha20poly1305_seal(buf, key, nonce, n, NULL, 0, buf, 4), DTLS_ERR_UNSUPPORTED);
        CHECK_EQ(dtls_chacha20poly1305_open(buf, key, nonce, n, NULL, 0, buf, 20), DTLS_ERR_UNSUPPORTED);
    }
}

/* Wycheproof chacha20_poly1305: every vector.  valid: seal gives ct||tag and
 * open (out of place and in place) gives msg.  invalid: open returns
 * DTLS_ERR_AUTH with zeroed output.  Nonces other than 96 bits are rejected by
 * design (DTLS_ERR_UNSUPPORTED from both seal and open). */
TEST(wycheproof_chacha20_poly1305)
{
    static unsigned char key[64], iv[64], aad[1024], msg[1024], ct[1024 + 16], out[1024 + 16];
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, acc_yes = 0, acc_no = 0, by_design = 0, fails = 0;

    if (!wp_open(&f, "chacha20_poly1305")) {
        test_skip("wycheproof_chacha20_poly1305", "vector file missing");
        return;
    }
    while (wp_next(&f)) {
        long tc = wp_int(&f.test, "tcId");
        const char *res = wp_result(&f.test);
        size_t key_len = wp_hex(&f.test, "key", key, sizeof key);
        size_t iv_len = wp_hex(&f.test, "iv", iv, sizeof iv);
        size_t aad_len = wp_hex(&f.test, "aad", aad, sizeof aad);
        size_t msg_len = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t ct_len = wp_hex(&f.test, "ct", ct, sizeof ct);
        size_t tag_len = wp_hex(&f.test, "tag", ct + ct_len, 16);
        int ok = 1, opened;

        if (wp_int(&f.group, "keySize") != 256 || key_len != 32 ||
            wp_int(&f.group, "tagSize") != 128 ||
            (tag_len != 16 && wp_int(&f.group, "ivSize") == 96)) {
            fprintf(stderr, "tcId %ld: unexpected key/tag size\n", tc);
            fails++;
            continue;
        }
        if (wp_int(&f.group, "ivSize") != 96) {
            /* rejected by design: only the 96-bit nonce of RFC 8439 */
            /* these vectors carry no ct/tag: open a zero tag over ct */
            memset(ct + ct_len, 0, 16);
            if (iv_len == 12 ||
                dtls_chacha20poly1305_seal(out, key, iv, iv_len, aad, aad_len, msg, msg_len) !=
                    DTLS_ERR_UNSUPPORTED ||
                dtls_chacha20poly1305_open(out, key, iv, iv_len, aad, aad_len, ct, ct_len + 16) !=
                    DTLS_ERR_UNSUPPORTED ||
                strcmp(res, "valid") == 0 || !wp_has_flag(&f.test, "InvalidNonceSize")) {
                fprintf(stderr, "tcId %ld: non-96-bit nonce not rejected\n", tc);
                fails++;
            } else {
                by_design++;
            }
            continue;
        }
        memset(out, 0xEE, sizeof out);
        opened = dtls_chacha20poly1305_open(out, key, iv, iv_len, aad, aad_len, ct, ct_len + 16);
        if (opened == 0) {
            if (ct_len != msg_len || memcmp(out, msg, msg_len) != 0) ok = 0;
            /* in place too */
            memcpy(out, ct, ct_len + 16);
            if (dtls_chacha20poly1305_open(out, key, iv, iv_len, aad, aad_len, out, ct_len + 16) != 0 ||
                memcmp(out, msg, msg_len) != 0)
                ok = 0;
        } else if (opened != DTLS_ERR_AUTH || !all_zero(out, ct_len)) {
            ok = 0;
        }
        if (strcmp(res, "valid") == 0) {
            if (dtls_chacha20poly1305_seal(out, key, iv, iv_len, aad, aad_len, msg, msg_len) != 0 ||
                memcmp(out, ct, ct_len + 16) != 0)
                ok = 0;
            if (ok && opened == 0) valid_ok++;
            else { fprintf(stderr, "tcId %ld: valid vector failed\n", tc); fails++; }
        } else if (strcmp(res, "invalid") == 0) {
            if (ok && opened == DTLS_ERR_AUTH) invalid_rej++;
            else { fprintf(stderr, "tcId %ld: invalid vector accepted\n", tc); fails++; }
        } else {
            if (!ok) { fprintf(stderr, "tcId %ld: acceptable vector mishandled\n", tc); fails++; }
            else if (opened == 0) acc_yes++;
            else acc_no++;
        }
    }
    wp_close(&f);
    printf("     wycheproof chacha20_poly1305: %ld valid ok, %ld invalid rejected, %ld acceptable "
           "(accepted %ld / rejected %ld), %ld rejected-by-design (non-96-bit nonce: "
           "DTLS_ERR_UNSUPPORTED), %ld failures\n",
           valid_ok, invalid_rej, acc_yes + acc_no, acc_yes, acc_no, by_design, fails);
    if (fails != 0) FAIL("wycheproof chacha20_poly1305 has failures");
    CHECK(valid_ok > 0 && invalid_rej > 0);
}

/* ---- Differential tests against a one-block reference (lengths around the
 * library's multi-block boundaries: DTLS_CHACHA20_BLOCKS of 1..8 blocks, the
 * AEAD's first call of NB blocks with block 0 for the Poly1305 key, the
 * one-block tail of 1-2 blocks, Poly1305's 16-byte blocks) ---- */

static uint32_t ref_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint32_t ref_rotl(uint32_t x, int n)
{
    return (x << n) | (x >> (32 - n));
}

static void ref_qr(uint32_t *x, int a, int b, int c, int d)
{
    x[a] += x[b]; x[d] = ref_rotl(x[d] ^ x[a], 16);
    x[c] += x[d]; x[b] = ref_rotl(x[b] ^ x[c], 12);
    x[a] += x[b]; x[d] = ref_rotl(x[d] ^ x[a], 8);
    x[c] += x[d]; x[b] = ref_rotl(x[b] ^ x[c], 7);
}

/* RFC 8439 §2.3, one block, straight from the text. */
static void ref_block(unsigned char out[64], const unsigned char key[32],
                      const unsigned char nonce[12], uint32_t counter)
{
    uint32_t st[16], x[16];
    int i;
    st[0] = 0x61707865; st[1] = 0x3320646e; st[2] = 0x79622d32; st[3] = 0x6b206574;
    for (i = 0; i < 8; i++) st[4 + i] = ref_le32(key + 4 * i);
    st[12] = counter;
    for (i = 0; i < 3; i++) st[13 + i] = ref_le32(nonce + 4 * i);
    memcpy(x, st, sizeof x);
    for (i = 0; i < 10; i++) {
        ref_qr(x, 0, 4, 8, 12); ref_qr(x, 1, 5, 9, 13); ref_qr(x, 2, 6, 10, 14); ref_qr(x, 3, 7, 11, 15);
        ref_qr(x, 0, 5, 10, 15); ref_qr(x, 1, 6, 11, 12); ref_qr(x, 2, 7, 8, 13); ref_qr(x, 3, 4, 9, 14);
    }
    for (i = 0; i < 16; i++) {
        uint32_t v = x[i] + st[i];
        out[4 * i] = (unsigned char)v;
        out[4 * i + 1] = (unsigned char)(v >> 8);
        out[4 * i + 2] = (unsigned char)(v >> 16);
        out[4 * i + 3] = (unsigned char)(v >> 24);
    }
}

/* out = in XOR key stream, one reference block at a time (counter wraps mod 2^32). */
static void ref_chacha20(unsigned char *out, const unsigned char *in, size_t len,
                         const unsigned char key[32], const unsigned char nonce[12], uint32_t counter)
{
    unsigned char ks[64];
    size_t i;
    for (i = 0; i < len; i++) {
        if (i % 64 == 0) ref_block(ks, key, nonce, counter++);
        out[i] = (unsigned char)(in[i] ^ ks[i % 64]);
    }
}

/* Poly1305 (RFC 8439 §2.5.1) on numbers of 34 base-256 digits: slow and
 * independent of both of the library's limb forms. */
typedef struct { uint32_t d[34]; } ref_num;

/* a = a mod 2^130 - 5, fully reduced (a < 2^272). */
static void ref_reduce(ref_num *a)
{
    static const uint32_t p[17] = {0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03};
    for (;;) {
        ref_num hi;
        uint32_t c = 0, any = 0;
        int i;
        /* hi = a >> 130, a = a mod 2^130, a += 5 hi (2^130 = 5 mod p) */
        for (i = 0; i < 34; i++) {
            uint32_t lo = 16 + i < 34 ? a->d[16 + i] >> 2 : 0;
            uint32_t up = 17 + i < 34 ? (a->d[17 + i] << 6) & 0xff : 0;
            hi.d[i] = lo | up;
            any |= hi.d[i];
        }
        if (!any) break;
        a->d[16] &= 3;
        for (i = 17; i < 34; i++) a->d[i] = 0;
        for (i = 0; i < 34; i++) {
            c += a->d[i] + 5 * hi.d[i];
            a->d[i] = c & 0xff;
            c >>= 8;
        }
    }
    for (;;) { /* while a >= p: a -= p */
        int i, ge = 1;
        uint32_t borrow = 0;
        for (i = 16; i >= 0; i--) {
            if (a->d[i] != p[i]) { ge = a->d[i] > p[i]; break; }
        }
        if (!ge) break;
        for (i = 0; i < 17; i++) {
            uint32_t t = a->d[i] - p[i] - borrow;
            borrow = (t >> 31) & 1;
            a->d[i] = t & 0xff;
        }
    }
}

static void ref_poly1305(unsigned char tag[16], const unsigned char key[32], const unsigned char *m,
                         size_t len)
{
    ref_num h, r;
    size_t off;
    uint32_t c;
    int i, j;
    memset(&h, 0, sizeof h);
    memset(&r, 0, sizeof r);
    for (i = 0; i < 16; i++) r.d[i] = key[i];
    r.d[3] &= 15; r.d[7] &= 15; r.d[11] &= 15; r.d[15] &= 15;
    r.d[4] &= 252; r.d[8] &= 252; r.d[12] &= 252;
    for (off = 0; off < len; off += 16) {
        size_t n = len - off < 16 ? len - off : 16;
        ref_num t;
        for (i = 0; i < (int)n; i++) h.d[i] += m[off + (size_t)i];
        h.d[n] += 1; /* the 0x01 byte after the block */
        c = 0;
        for (i = 0; i < 34; i++) { c += h.d[i]; h.d[i] = c & 0xff; c >>= 8; }
        memset(&t, 0, sizeof t);
        for (i = 0; i < 17; i++)
            for (j = 0; j < 17; j++) t.d[i + j] += h.d[i] * r.d[j];
        c = 0;
        for (i = 0; i < 34; i++) { c += t.d[i]; t.d[i] = c & 0xff; c >>= 8; }
        h = t;
        ref_reduce(&h);
    }
    c = 0;
    for (i = 0; i < 16; i++) {
        c += h.d[i] + key[16 + i];
        tag[i] = (unsigned char)c;
        c >>= 8;
    }
}

static uint32_t rng_state = 0x12345678;
static unsigned char rng8(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return (unsigned char)(rng_state >> 24);
}

static void fill(unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) p[i] = rng8();
}

/* dtls_chacha20 at every length 1..1024, out of place and in place, from
 * counters 0, 1 and 2^32 - 3 (the 32-bit counter wraps inside a call). */
TEST(chacha20_lengths_vs_reference)
{
    static const uint32_t counters[3] = {0, 1, 0xfffffffdu};
    size_t len;
    int c, bad = 0;
    fill(b_key, 32);
    fill(b_nonce, 12);
    fill(b_in, 1024);
    for (c = 0; c < 3; c++) {
        for (len = 1; len <= 1024; len++) {
            ref_chacha20(b_exp, b_in, len, b_key, b_nonce, counters[c]);
            memset(b_out, 0xA5, len + 1);
            dtls_chacha20(b_out, b_in, len, b_key, b_nonce, counters[c]);
            if (memcmp(b_out, b_exp, len) != 0 || b_out[len] != 0xA5) bad = 1;
            memcpy(b_out, b_in, len);
            dtls_chacha20(b_out, b_out, len, b_key, b_nonce, counters[c]);
            if (memcmp(b_out, b_exp, len) != 0) bad = 1;
            if (bad) {
                fprintf(stderr, "counter %lu length %u differs\n", (unsigned long)counters[c],
                        (unsigned)len);
                CHECK(!bad);
                return;
            }
        }
    }
    CHECK(!bad);
}

/* Poly1305 against the reference: every length 0..300 and some around 512
 * and 1024, each in one call and in every split into two calls; keys with
 * every clamped bit of r set and messages of 0xff bytes (the largest limb
 * carries), then random ones. */
TEST(poly1305_lengths_and_splits_vs_reference)
{
    static const size_t more[] = {383, 384, 385, 511, 512, 513, 527, 1007, 1008, 1009, 1023, 1024};
    unsigned char key[32], tag[16], exp[16];
    size_t li, len, split;
    int round, bad = 0;
    for (round = 0; round < 3 && !bad; round++) {
        if (round == 0) {
            memset(key, 0xff, sizeof key);
            memset(b_in, 0xff, 1024);
        } else {
            fill(key, 32);
            fill(b_in, 1024);
        }
        for (li = 0; li < 301 + sizeof more / sizeof more[0] && !bad; li++) {
            dtls_poly1305_ctx ctx;
            len = li <= 300 ? li : more[li - 301];
            ref_poly1305(exp, key, b_in, len);
            dtls_poly1305_init(&ctx, key);
            dtls_poly1305_update(&ctx, b_in, len);
            dtls_poly1305_final(&ctx, tag);
            if (memcmp(tag, exp, 16) != 0) bad = 1;
            for (split = 0; split <= len; split += (len > 300 && split % 64 == 17) ? 47 : 1) {
                dtls_poly1305_init(&ctx, key);
                dtls_poly1305_update(&ctx, b_in, split);
                dtls_poly1305_update(&ctx, b_in + split, len - split);
                dtls_poly1305_final(&ctx, tag);
                if (memcmp(tag, exp, 16) != 0) bad = 1;
            }
            if (bad) fprintf(stderr, "round %d length %u differs\n", round, (unsigned)len);
        }
    }
    CHECK(!bad);
}

/* AEAD at every length 0..1024 against the reference (block 0's first 32
 * bytes as the Poly1305 key, ciphertext from block 1, §2.8): seal out of
 * place and in place; open in place gives the plaintext; a flipped tag bit
 * gives DTLS_ERR_AUTH and len zero bytes (the masked output covers the
 * first call's blocks and the later ones). */
TEST(aead_lengths_vs_reference)
{
    static unsigned char mac_data[1024 + 64 + 16];
    unsigned char otk[64], aad[13], zeros[64];
    size_t len, pos;
    int bad = 0;
    memset(zeros, 0, sizeof zeros);
    fill(b_key, 32);
    fill(b_nonce, 12);
    fill(aad, sizeof aad);
    fill(b_in, 1024);
    ref_block(otk, b_key, b_nonce, 0);
    for (len = 0; len <= 1024 && !bad; len++) {
        size_t aad_len = len % 3 == 0 ? 0 : sizeof aad, i;
        /* expected: ciphertext, then the tag over aad || pad || ct || pad || lengths */
        ref_chacha20(b_exp, b_in, len, b_key, b_nonce, 1);
        pos = 0;
        memcpy(mac_data, aad, aad_len);
        pos += aad_len;
        memset(mac_data + pos, 0, (16 - pos % 16) % 16);
        pos += (16 - pos % 16) % 16;
        memcpy(mac_data + pos, b_exp, len);
        pos += len;
        memset(mac_data + pos, 0, (16 - pos % 16) % 16);
        pos += (16 - pos % 16) % 16;
        for (i = 0; i < 8; i++) mac_data[pos + i] = (unsigned char)((uint64_t)aad_len >> (8 * i));
        for (i = 0; i < 8; i++) mac_data[pos + 8 + i] = (unsigned char)((uint64_t)len >> (8 * i));
        pos += 16;
        ref_poly1305(b_exp + len, otk, mac_data, pos);

        if (dtls_chacha20poly1305_seal(b_out, b_key, b_nonce, 12, aad, aad_len, b_in, len) != 0 ||
            memcmp(b_out, b_exp, len + 16) != 0) bad = 1;
        memcpy(b_out, b_in, len);
        if (dtls_chacha20poly1305_seal(b_out, b_key, b_nonce, 12, aad, aad_len, b_out, len) != 0 ||
            memcmp(b_out, b_exp, len + 16) != 0) bad = 1;
        if (dtls_chacha20poly1305_open(b_out, b_key, b_nonce, 12, aad, aad_len, b_out, len + 16) != 0 ||
            memcmp(b_out, b_in, len) != 0) bad = 1;
        memcpy(b_out, b_exp, len + 16);
        b_out[len + (len % 16)] ^= (unsigned char)(1u << (len % 8));
        if (dtls_chacha20poly1305_open(b_out, b_key, b_nonce, 12, aad, aad_len, b_out, len + 16) !=
            DTLS_ERR_AUTH) bad = 1;
        for (i = 0; i < len; i += 64)
            if (memcmp(b_out + i, zeros, len - i < 64 ? len - i : 64) != 0) bad = 1;
        if (bad) fprintf(stderr, "length %u differs\n", (unsigned)len);
    }
    CHECK(!bad);
}

int main(void)
{
    RUN(chacha20_block_rfc8439_2_3_2);
    RUN(chacha20_encrypt_rfc8439_2_4_2);
    RUN(chacha20_block_rfc8439_a1);
    RUN(chacha20_encrypt_rfc8439_a2);
    RUN(chacha20_counter_continuity);
    RUN(poly1305_rfc8439_2_5_2);
    RUN(poly1305_final_wipes_context);
    RUN(poly1305_rfc8439_a3);
    RUN(poly1305_keygen_rfc8439_a4);
    RUN(aead_rfc8439_2_8_2);
    RUN(aead_decrypt_rfc8439_a5);
    RUN(aead_roundtrip_and_tamper_0_to_70);
    RUN(aead_short_input_and_bad_nonce);
    RUN(wycheproof_chacha20_poly1305);
    RUN(chacha20_lengths_vs_reference);
    RUN(poly1305_lengths_and_splits_vs_reference);
    RUN(aead_lengths_vs_reference);
    return test_done();
}
