/* test_sha2.c - SHA-256, SHA-384, SHA-512.
 *
 * Known answers: the FIPS 180-4 example messages as published by NIST CSRC
 * ("Examples with intermediate values": "abc", the 448-bit and 896-bit
 * two-block messages) and the NIST SHAVS / FIPS 180-2 Appendix values for the
 * empty message and one million 'a'.  Incremental hashing is checked against
 * one-shot hashing at every split offset, and every message length 0..300 is
 * covered by a digest-of-digests whose expected value was computed with
 * Python's hashlib (an independent implementation). */
#include "../test.h"

#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896                                                                                     \
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnop" \
    "qrsmnopqrstnopqrstu"

struct kat {
    const char *msg; /* NULL: one million 'a' */
    const char *sha256, *sha384, *sha512;
};

static const struct kat kats[] = {
    {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
     "454d4423643ce80e2a9ac94fa54ca49f"},
    {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f"
     "63b931bd47417a81a538327af927da3e"},
    {MSG448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
     "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6b0455a8520bc4e6f5fe95b1fe3c8452b",
     "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca0"
     "31ad85c7a71dd70354ec631238ca3445"},
    {MSG896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039",
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433a"
     "c7d329eeb6dd26545e96e55b874be909"},
    {NULL, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
     "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31b"
     "eb009c5c2c49aa2e4eadb217ad8cc09b"},
};
#define NKATS (sizeof kats / sizeof kats[0])

static unsigned char pattern[400];

static void make_pattern(void)
{
    unsigned i;
    for (i = 0; i < sizeof pattern; i++)
        pattern[i] = (unsigned char)(i * 131u + 7u);
}

static int all_zero(const void *p, size_t n)
{
    const unsigned char *b = (const unsigned char *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i]) return 0;
    return 1;
}

/* ---------------------------------------------------------------- SHA-256 */

TEST(sha256_kat)
{
    unsigned char want[32], got[32];
    size_t i;
    for (i = 0; i < NKATS; i++) {
        unhex(want, sizeof want, kats[i].sha256);
        if (kats[i].msg) {
            dtls_sha256(got, kats[i].msg, strlen(kats[i].msg));
        } else {
            /* one million 'a' in uneven chunks */
            dtls_sha256_ctx ctx;
            unsigned char chunk[997];
            size_t left = 1000000;
            memset(chunk, 'a', sizeof chunk);
            dtls_sha256_init(&ctx);
            while (left) {
                size_t n = left < sizeof chunk ? left : sizeof chunk;
                dtls_sha256_update(&ctx, chunk, n);
                left -= n;
            }
            dtls_sha256_final(&ctx, got);
        }
        CHECK_MEM(got, want, 32);
    }
}

TEST(sha256_split_every_offset)
{
    unsigned char want[32], got[32];
    size_t len, s;
    /* Two message lengths so splits land in and across several blocks. */
    static const size_t lens[] = {130, 300};
    for (len = 0; len < 2; len++) {
        dtls_sha256(want, pattern, lens[len]);
        for (s = 0; s <= 130; s++) {
            dtls_sha256_ctx ctx;
            dtls_sha256_init(&ctx);
            dtls_sha256_update(&ctx, pattern, s);
            dtls_sha256_update(&ctx, pattern + s, lens[len] - s);
            dtls_sha256_final(&ctx, got);
            CHECK_MEM(got, want, 32);
        }
    }
}

TEST(sha256_byte_at_a_time)
{
    unsigned char want[32], got[32];
    dtls_sha256_ctx ctx;
    size_t i;
    dtls_sha256(want, pattern, 300);
    dtls_sha256_init(&ctx);
    for (i = 0; i < 300; i++) {
        dtls_sha256_update(&ctx, pattern + i, 1);
        dtls_sha256_update(&ctx, NULL, 0);
    }
    dtls_sha256_final(&ctx, got);
    CHECK_MEM(got, want, 32);
}

/* Digest of the digests of pattern[0..L) for L = 0..300 (every padding case). */
TEST(sha256_all_lengths)
{
    unsigned char want[32], got[32], d[32];
    dtls_sha256_ctx outer;
    size_t len;
    unhex(want, sizeof want, "7722024365d27836079cbf29de35d060b9383d7c713083199661392f983216d4");
    dtls_sha256_init(&outer);
    for (len = 0; len <= 300; len++) {
        dtls_sha256(d, pattern, len);
        dtls_sha256_update(&outer, d, sizeof d);
    }
    dtls_sha256_final(&outer, got);
    CHECK_MEM(got, want, 32);
}

TEST(sha256_fork_and_wipe)
{
    unsigned char want[32], got1[32], got2[32];
    dtls_sha256_ctx a, b;
    CHECK(sizeof(dtls_sha256_ctx) <= 112);
    dtls_sha256_init(&a);
    dtls_sha256_update(&a, "ab", 2);
    b = a; /* copying forks */
    dtls_sha256_update(&a, "c", 1);
    dtls_sha256_update(&b, "c", 1);
    dtls_sha256_final(&a, got1);
    dtls_sha256_final(&b, got2);
    unhex(want, sizeof want, kats[0].sha256);
    CHECK_MEM(got1, want, 32);
    CHECK_MEM(got2, want, 32);
    if (!all_zero(&a, sizeof a)) FAIL("dtls_sha256_final did not wipe the context");
    /* out may overlap the input of the one-shot function */
    memcpy(got1, "abc", 3);
    dtls_sha256(got1, got1, 3);
    CHECK_MEM(got1, want, 32);
}

/* ------------------------------------------------------- SHA-384 / SHA-512 */
#if DTLS_ENABLE_SHA384

static void million_a_512(unsigned char *out, int is384)
{
    dtls_sha512_ctx ctx;
    unsigned char chunk[997];
    size_t left = 1000000;
    memset(chunk, 'a', sizeof chunk);
    if (is384) dtls_sha384_init(&ctx);
    else dtls_sha512_init(&ctx);
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        if (is384) dtls_sha384_update(&ctx, chunk, n);
        else dtls_sha512_update(&ctx, chunk, n);
        left -= n;
    }
    if (is384) dtls_sha384_final(&ctx, out);
    else dtls_sha512_final(&ctx, out);
}

TEST(sha384_kat)
{
    unsigned char want[48], got[48];
    size_t i;
    for (i = 0; i < NKATS; i++) {
        unhex(want, sizeof want, kats[i].sha384);
        if (kats[i].msg) dtls_sha384(got, kats[i].msg, strlen(kats[i].msg));
        else million_a_512(got, 1);
        CHECK_MEM(got, want, 48);
    }
}

TEST(sha512_kat)
{
    unsigned char want[64], got[64];
    size_t i;
    for (i = 0; i < NKATS; i++) {
        unhex(want, sizeof want, kats[i].sha512);
        if (kats[i].msg) dtls_sha512(got, kats[i].msg, strlen(kats[i].msg));
        else million_a_512(got, 0);
        CHECK_MEM(got, want, 64);
    }
}

TEST(sha384_sha512_split_every_offset)
{
    unsigned char want384[48], got384[48], want512[64], got512[64];
    size_t len, s;
    static const size_t lens[] = {130, 300};
    for (len = 0; len < 2; len++) {
        dtls_sha384(want384, pattern, lens[len]);
        dtls_sha512(want512, pattern, lens[len]);
        for (s = 0; s <= 130; s++) {
            dtls_sha512_ctx ctx;
            dtls_sha384_init(&ctx);
            dtls_sha384_update(&ctx, pattern, s);
            dtls_sha384_update(&ctx, pattern + s, lens[len] - s);
            dtls_sha384_final(&ctx, got384);
            CHECK_MEM(got384, want384, 48);
            dtls_sha512_init(&ctx);
            dtls_sha512_update(&ctx, pattern, s);
            dtls_sha512_update(&ctx, pattern + s, lens[len] - s);
            dtls_sha512_final(&ctx, got512);
            CHECK_MEM(got512, want512, 64);
        }
    }
}

TEST(sha384_sha512_all_lengths)
{
    unsigned char want384[48], got384[48], d384[48], want512[64], got512[64], d512[64];
    dtls_sha512_ctx o384, o512;
    size_t len;
    unhex(want384, sizeof want384,
          "9490852e0f63488f63039485657edc40de83b71d1ce80bd50f315c4c521d35a1e37986b03f93434d4564d63e8ff05246");
    unhex(want512, sizeof want512,
          "b50fe9ef5437ef0ea020c85f6ce09b3219f9692e48a444ec1db75c1948a56ed84a05f4b904a87d6a6bdab886676b2934"
          "0b7d3080cf991555c12f59e0dd4158c9");
    dtls_sha384_init(&o384);
    dtls_sha512_init(&o512);
    for (len = 0; len <= 300; len++) {
        dtls_sha384(d384, pattern, len);
        dtls_sha384_update(&o384, d384, sizeof d384);
        dtls_sha512(d512, pattern, len);
        dtls_sha512_update(&o512, d512, sizeof d512);
    }
    dtls_sha384_final(&o384, got384);
    dtls_sha512_final(&o512, got512);
    CHECK_MEM(got384, want384, 48);
    CHECK_MEM(got512, want512, 64);
}

TEST(sha384_fork_and_wipe)
{
    unsigned char want[48], got1[48], got2[48];
    dtls_sha512_ctx a, b;
    CHECK(sizeof(dtls_sha512_ctx) <= 216);
    dtls_sha384_init(&a);
    dtls_sha384_update(&a, "ab", 2);
    b = a;
    dtls_sha384_update(&a, "c", 1);
    dtls_sha384_update(&b, "c", 1);
    dtls_sha384_final(&a, got1);
    dtls_sha384_final(&b, got2);
    unhex(want, sizeof want, kats[0].sha384);
    CHECK_MEM(got1, want, 48);
    CHECK_MEM(got2, want, 48);
    CHECK(all_zero(&a, sizeof a));
}

#endif /* DTLS_ENABLE_SHA384 */

int main(void)
{
    (void)test_skip; /* test.h's helpers are static: keep -Wunused-function quiet */
    make_pattern();
    RUN(sha256_kat);
    RUN(sha256_split_every_offset);
    RUN(sha256_byte_at_a_time);
    RUN(sha256_all_lengths);
    RUN(sha256_fork_and_wipe);
#if DTLS_ENABLE_SHA384
    RUN(sha384_kat);
    RUN(sha512_kat);
    RUN(sha384_sha512_split_every_offset);
    RUN(sha384_sha512_all_lengths);
    RUN(sha384_fork_and_wipe);
#else
    test_skip("sha384", "DTLS_ENABLE_SHA384 is 0");
#endif
    return test_done();
}
