/* test_aes.c - AES block cipher (crypto/aes.c).
 * Vectors: FIPS 197 Appendix C.1-C.3 (AES-128/192/256 example vectors) and
 * NIST SP 800-38A Appendix F.1.1, F.1.3, F.1.5 (ECB-AES128/192/256.Encrypt).
 * Also compares against a straightforward table-based reference AES written
 * here (S-box computed from its definition in FIPS 197 §5.1.1) on
 * pseudorandom keys and blocks. */
#include "../test.h"

#if DTLS_ENABLE_AES

static const char *fips197_pt = "00112233445566778899aabbccddeeff";
static const struct { const char *key, *ct; } fips197[] = {
    { "000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a" },
    { "000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191" },
    { "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "8ea2b7ca516745bfeafc49904b496089" },
};

static const char *sp38a_pt =
    "6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710";
static const struct { const char *key, *ct; } sp38a[] = {
    { "2b7e151628aed2a6abf7158809cf4f3c",
      "3ad77bb40d7a3660a89ecaf32466ef97" "f5d3d58503b9699de785895a96fdbaaf"
      "43b1cd7f598ece23881b00e3ed030688" "7b0c785e27e8ad3f8223207104725dd4" },
    { "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
      "bd334f1d6e45f25ff712a214571fa5cc" "974104846d0ad3ad7734ecb3ecee4eef"
      "ef7afd2270e2e60adce0ba2face6444e" "9a4b41ba738d6c72fb16691603c18e0e" },
    { "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
      "f3eed1bdb5d2a03c064b5a7e3db181f8" "591ccb10d410ed26dc5ba74a31362870"
      "b6ed21b99ca6f4f9f153e7b1beafed1d" "23304b7a39f9f3ff067d8d8f9e24ecc7" },
};

TEST(fips197_appendix_c)
{
    unsigned char key[32], pt[16], ct[16], out[16];
    size_t i, klen;
    dtls_aes_ctx ctx;
    unhex(pt, sizeof pt, fips197_pt);
    for (i = 0; i < 3; i++) {
        klen = unhex(key, sizeof key, fips197[i].key);
        unhex(ct, sizeof ct, fips197[i].ct);
        CHECK_EQ(dtls_aes_init(&ctx, key, klen), 0);
        CHECK_EQ(ctx.nr, 10 + 2 * i);
        dtls_aes_encrypt_blocks(&ctx, out, pt, 1);
        CHECK_MEM(out, ct, 16);
        memcpy(out, pt, 16); /* in place, through the ecb adapter */
        CHECK_EQ(dtls_aes_ecb(&ctx, out, out, 1), 0);
        CHECK_MEM(out, ct, 16);
    }
}

TEST(sp800_38a_ecb)
{
    unsigned char key[32], pt[64], ct[64], out[64];
    size_t i, klen, n;
    dtls_aes_ctx ctx;
    unhex(pt, sizeof pt, sp38a_pt);
    for (i = 0; i < 3; i++) {
        klen = unhex(key, sizeof key, sp38a[i].key);
        unhex(ct, sizeof ct, sp38a[i].ct);
        CHECK_EQ(dtls_aes_init(&ctx, key, klen), 0);
        /* every block count 1..4 and every start offset (odd/even pairing) */
        for (n = 1; n <= 4; n++) {
            size_t s;
            for (s = 0; s + n <= 4; s++) {
                memset(out, 0xAA, sizeof out);
                dtls_aes_encrypt_blocks(&ctx, out, pt + 16 * s, n);
                CHECK_MEM(out, ct + 16 * s, 16 * n);
            }
        }
        memcpy(out, pt, 64);
        dtls_aes_encrypt_blocks(&ctx, out, out, 4);
        CHECK_MEM(out, ct, 64);
        memcpy(out, pt, 64);
        dtls_aes_encrypt_blocks(&ctx, out, out, 3);
        CHECK_MEM(out, ct, 48);
        CHECK_MEM(out + 48, pt + 48, 16); /* untouched */
    }
}

TEST(bad_key_length)
{
    unsigned char key[33];
    dtls_aes_ctx ctx;
    size_t lens[] = { 0, 1, 8, 15, 17, 20, 23, 25, 31, 33 };
    size_t i;
    memset(key, 1, sizeof key);
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++)
        CHECK_EQ(dtls_aes_init(&ctx, key, lens[i]), DTLS_ERR_BAD_KEY);
}

/* ---- reference AES (test only: plain tables, not constant-time) ---- */
static unsigned char ref_sbox[256];

static unsigned char ref_mul(unsigned char a, unsigned char b)
{
    unsigned char r = 0;
    while (b) {
        if (b & 1) r ^= a;
        a = (unsigned char)((a << 1) ^ ((a & 0x80) ? 0x1B : 0));
        b >>= 1;
    }
    return r;
}

static void ref_init(void)
{
    int x;
    for (x = 0; x < 256; x++) {
        unsigned char inv = 0, b, s;
        int y, i;
        for (y = 1; y < 256 && x; y++)
            if (ref_mul((unsigned char)x, (unsigned char)y) == 1) { inv = (unsigned char)y; break; }
        b = inv;
        s = 0x63;
        for (i = 0; i < 5; i++) { /* b ^ rotl1 ^ rotl2 ^ rotl3 ^ rotl4 */
            s ^= b;
            b = (unsigned char)((b << 1) | (b >> 7));
        }
        ref_sbox[x] = s;
    }
}

static void ref_encrypt(const unsigned char *key, size_t klen, unsigned char *out, const unsigned char *in)
{
    unsigned char w[240], st[16], t[16];
    size_t nk = klen / 4, nr = nk + 6, i, r, c;
    unsigned char rc = 1;
    memcpy(w, key, klen);
    for (i = nk; i < 4 * (nr + 1); i++) {
        unsigned char tmp[4];
        memcpy(tmp, w + 4 * (i - 1), 4);
        if (i % nk == 0) {
            unsigned char x = tmp[0];
            tmp[0] = (unsigned char)(ref_sbox[tmp[1]] ^ rc);
            tmp[1] = ref_sbox[tmp[2]];
            tmp[2] = ref_sbox[tmp[3]];
            tmp[3] = ref_sbox[x];
            rc = ref_mul(rc, 2);
        } else if (nk > 6 && i % nk == 4) {
            for (c = 0; c < 4; c++) tmp[c] = ref_sbox[tmp[c]];
        }
        for (c = 0; c < 4; c++) w[4 * i + c] = (unsigned char)(w[4 * (i - nk) + c] ^ tmp[c]);
    }
    for (i = 0; i < 16; i++) st[i] = (unsigned char)(in[i] ^ w[i]);
    for (r = 1; r <= nr; r++) {
        for (i = 0; i < 16; i++) st[i] = ref_sbox[st[i]];
        for (c = 0; c < 4; c++)
            for (i = 0; i < 4; i++) t[4 * c + i] = st[4 * ((c + i) % 4) + i];
        if (r != nr) {
            for (c = 0; c < 4; c++) {
                unsigned char *a = t + 4 * c, b0 = a[0], b1 = a[1], b2 = a[2], b3 = a[3];
                a[0] = (unsigned char)(ref_mul(b0, 2) ^ ref_mul(b1, 3) ^ b2 ^ b3);
                a[1] = (unsigned char)(b0 ^ ref_mul(b1, 2) ^ ref_mul(b2, 3) ^ b3);
                a[2] = (unsigned char)(b0 ^ b1 ^ ref_mul(b2, 2) ^ ref_mul(b3, 3));
                a[3] = (unsigned char)(ref_mul(b0, 3) ^ b1 ^ b2 ^ ref_mul(b3, 2));
            }
        }
        for (i = 0; i < 16; i++) st[i] = (unsigned char)(t[i] ^ w[16 * r + i]);
    }
    memcpy(out, st, 16);
}

static unsigned long rng_state = 12345;
static unsigned char rng_byte(void)
{
    rng_state = rng_state * 1103515245UL + 12345UL;
    return (unsigned char)(rng_state >> 16);
}

TEST(reference_random)
{
    unsigned char key[32], in[16 * 9], out[16 * 9], want[16 * 9];
    dtls_aes_ctx ctx;
    size_t klens[3] = { 16, 24, 32 }, k, i, n, iter;
    ref_init();
    CHECK_EQ(ref_sbox[0x00], 0x63);
    CHECK_EQ(ref_sbox[0x53], 0xED); /* FIPS 197 §5.1.1 example */
    for (iter = 0; iter < 40; iter++) {
        for (k = 0; k < 3; k++) {
            for (i = 0; i < klens[k]; i++) key[i] = rng_byte();
            for (i = 0; i < sizeof in; i++) in[i] = rng_byte();
            CHECK_EQ(dtls_aes_init(&ctx, key, klens[k]), 0);
            n = 1 + iter % 9;
            dtls_aes_encrypt_blocks(&ctx, out, in, n);
            for (i = 0; i < n; i++) ref_encrypt(key, klens[k], want + 16 * i, in + 16 * i);
            CHECK_MEM(out, want, 16 * n);
        }
    }
    /* every byte value through the S-box: block i holds bytes 16i..16i+15 */
    for (i = 0; i < sizeof key; i++) key[i] = 0;
    CHECK_EQ(dtls_aes_init(&ctx, key, 16), 0);
    for (n = 0; n < 256; n += 16 * 8) {
        for (i = 0; i < 128; i++) in[i] = (unsigned char)(n + i);
        dtls_aes_encrypt_blocks(&ctx, out, in, 8);
        for (i = 0; i < 8; i++) ref_encrypt(key, 16, want + 16 * i, in + 16 * i);
        CHECK_MEM(out, want, 128);
    }
}

int main(void)
{
    (void)test_skip; /* test.h helpers this file does not call */
    (void)test_fail;
    RUN(fips197_appendix_c);
    RUN(sp800_38a_ecb);
    RUN(bad_key_length);
    RUN(reference_random);
    return test_done();
}

#else
int main(void)
{
    (void)test_fail;
    (void)test_run;
    (void)test_check_mem;
    (void)unhex;
    test_skip("aes", "DTLS_ENABLE_AES is 0");
    return test_done();
}
#endif
