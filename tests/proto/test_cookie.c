/* test_cookie.c - stateless cookies (RFC 6347 §4.2.1): known answer of the
 * layout, make/check, every input field, lengths, rotation and its timing across
 * the uint32 millisecond wrap, random-source failure, argument bounds.
 *
 * The known answers were computed with Python's hmac/hashlib (HMAC-SHA-256)
 * over the input layout written in cookie.h, with the secrets this test's
 * counting random source produces (first draw 00..3f: secret[0] = 00..1f,
 * secret[1] = 20..3f; the first rotation draws 40..5f into secret[1]). */
#include "ptest.h"

typedef struct {
    uint8_t next;  /* next byte the source returns */
    int fail;      /* nonzero: return this instead */
    int calls;
    size_t last_len;
} test_rng;

static int rng_fn(void *ctx, uint8_t *out, size_t len)
{
    test_rng *r = (test_rng *)ctx;
    size_t i;
    r->calls++;
    r->last_len = len;
    if (r->fail)
        return r->fail;
    for (i = 0; i < len; i++)
        out[i] = r->next++;
    return 0;
}

/* 192.168.0.1 port 5683 (0x1633) */
static const uint8_t addr0[6] = {0xc0, 0xa8, 0x00, 0x01, 0x16, 0x33};
static uint8_t rnd0[32];
static const uint8_t cs0[4] = {0xc0, 0xa8, 0xc0, 0xae};
static const uint8_t comp0[1] = {0};
static const uint8_t sid0[3] = {0xaa, 0xbb, 0xcc};

static dtls__ch_fields ch0(void)
{
    dtls__ch_fields c;
    c.client_version = 0xFEFD;
    c.random = rnd0;
    c.session_id = NULL;
    c.session_id_len = 0;
    c.cipher_suites = cs0;
    c.cipher_suites_len = sizeof cs0;
    c.compression = comp0;
    c.compression_len = sizeof comp0;
    return c;
}

static void setup(void)
{
    int i;
    for (i = 0; i < 32; i++)
        rnd0[i] = (uint8_t)(0x70 + i);
}

static void init_keys(dtls__cookie_keys *k, test_rng *r, uint32_t now)
{
    memset(k, 0, sizeof *k);
    memset(r, 0, sizeof *r);
    CHECK_EQ(dtls__cookie_rotate(k, rng_fn, r, now, 1000), 0);
}

TEST(known_answer)
{
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t ck[32], want[32];

    init_keys(&k, &r, 5);
    CHECK_EQ(r.calls, 1);
    CHECK_EQ(r.last_len, 64); /* both generations drawn at once */
    CHECK_EQ(k.ready, 1);
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(k.rotated_at, 5);
    CHECK_EQ(dtls__cookie_make(ck, 32, &k, addr0, sizeof addr0, &c), 0);
    unhex(want, sizeof want, "00" "f92217b305c70aac8770d4952bb468e1b5c5e582546e7c14dcb29ae4d17172");
    CHECK_MEM(ck, want, 32);
    memset(ck, 0xEE, sizeof ck);
    CHECK_EQ(dtls__cookie_make(ck, 8, &k, addr0, sizeof addr0, &c), 0);
    CHECK_MEM(ck, want, 8);
    CHECK_EQ(ck[8], 0xEE);

    /* one rotation: generation 1, secret[1] = 40..5f */
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 1005, 1000), 0);
    CHECK_EQ(r.calls, 2);
    CHECK_EQ(r.last_len, 32);
    CHECK_EQ(k.gen, 1);
    CHECK_EQ(dtls__cookie_make(ck, 32, &k, addr0, sizeof addr0, &c), 0);
    unhex(want, sizeof want, "01" "b0a566b2736563a97babd9df07388c295ec7b07e014e45cc9c574819a3a787");
    CHECK_MEM(ck, want, 32);
}

TEST(make_then_check)
{
    static const size_t lens[] = {2, 3, 8, 16, 31, 32};
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t ck[32];
    size_t i;

    init_keys(&k, &r, 0);
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        CHECK_EQ(dtls__cookie_make(ck, lens[i], &k, addr0, sizeof addr0, &c), 0);
        CHECK_EQ(dtls__cookie_check(&k, ck, lens[i], lens[i], addr0, sizeof addr0, &c), 0);
    }
    /* with a session id and an empty address */
    c.session_id = sid0;
    c.session_id_len = sizeof sid0;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, NULL, 0, &c), 0);
    CHECK_EQ(dtls__cookie_check(&k, ck, 16, 16, NULL, 0, &c), 0);
}

/* Every input changed on its own makes the check fail. */
TEST(every_field)
{
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0(), d;
    uint8_t ck[16], a[6], rnd[32], cs[4], comp[2], sid[3];
    size_t i;
    const size_t n = sizeof ck;

    init_keys(&k, &r, 0);
    c.session_id = sid0;
    c.session_id_len = sizeof sid0;
    CHECK_EQ(dtls__cookie_make(ck, n, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &c), 0);

    /* each byte of the address, the port included (bytes 4 and 5) */
    for (i = 0; i < sizeof addr0; i++) {
        memcpy(a, addr0, sizeof a);
        a[i] ^= 0x01;
        CHECK_EQ(dtls__cookie_check(&k, ck, n, n, a, sizeof a, &c), DTLS_ERR_BAD_COOKIE);
    }
    memcpy(a, addr0, sizeof a);
    a[5] = 0x34; /* port 5684 */
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, a, sizeof a, &c), DTLS_ERR_BAD_COOKIE);
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, 5, &c), DTLS_ERR_BAD_COOKIE); /* shorter address */
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, NULL, 0, &c), DTLS_ERR_BAD_COOKIE);

    d = c;
    d.client_version = 0xFEFF; /* DTLS 1.0 */
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    d.client_version = 0xFDFD;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);

    for (i = 0; i < 32; i += 31) { /* first and last byte of the random */
        d = c;
        memcpy(rnd, rnd0, 32);
        rnd[i] ^= 0x80;
        d.random = rnd;
        CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    }

    d = c;
    memcpy(sid, sid0, sizeof sid);
    sid[2] ^= 1;
    d.session_id = sid;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    d.session_id_len = 2;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    d.session_id = NULL;
    d.session_id_len = 0;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);

    d = c;
    memcpy(cs, cs0, sizeof cs);
    cs[3] ^= 1;
    d.cipher_suites = cs;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    d.cipher_suites_len = 2; /* one suite fewer */
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    memcpy(cs, cs0 + 2, 2); /* suites reordered */
    memcpy(cs + 2, cs0, 2);
    d.cipher_suites = cs;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);

    d = c;
    comp[0] = 1; /* DEFLATE instead of null */
    d.compression = comp;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);
    d = c;
    comp[0] = 0;
    comp[1] = 1;
    d.compression = comp;
    d.compression_len = 2;
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &d), DTLS_ERR_BAD_COOKIE);

    /* a byte moved from one field to its neighbour: the length prefixes tell them apart */
    d = c;
    d.session_id_len = 2;
    {
        uint8_t a7[7];
        memcpy(a7, addr0, 6);
        a7[6] = 0xaa;
        d.session_id = sid0 + 1;
        CHECK_EQ(dtls__cookie_check(&k, ck, n, n, a7, 7, &d), DTLS_ERR_BAD_COOKIE);
    }

    /* the cookie itself: each byte (generation byte and MAC) */
    for (i = 0; i < n; i++) {
        uint8_t bad[16];
        memcpy(bad, ck, n);
        bad[i] ^= 0x40;
        CHECK_EQ(dtls__cookie_check(&k, bad, n, n, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    }
    /* still fine after all that */
    CHECK_EQ(dtls__cookie_check(&k, ck, n, n, addr0, sizeof addr0, &c), 0);
}

TEST(lengths)
{
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t ck[33];

    init_keys(&k, &r, 0);
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &c), 0);
    ck[16] = 0;
    CHECK_EQ(dtls__cookie_check(&k, ck, 15, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE); /* truncated */
    CHECK_EQ(dtls__cookie_check(&k, ck, 17, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE); /* extended */
    CHECK_EQ(dtls__cookie_check(&k, ck, 1, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    CHECK_EQ(dtls__cookie_check(&k, ck, 0, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);  /* missing */
    CHECK_EQ(dtls__cookie_check(&k, NULL, 0, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    CHECK_EQ(dtls__cookie_check(&k, NULL, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    /* a cookie checked against a different configured length */
    CHECK_EQ(dtls__cookie_check(&k, ck, 16, 15, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    /* (a prefix of a longer cookie is the shorter cookie: cookie_len is a server constant) */
    CHECK_EQ(dtls__cookie_check(&k, ck, 15, 15, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_check(&k, ck, 16, 16, addr0, sizeof addr0, &c), 0);

    /* cookie_len bounds: 2..32 */
    CHECK_EQ(dtls__cookie_make(ck, 0, &k, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 1, &k, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 33, &k, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 2, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(ck[0], 0);
    CHECK_EQ(ck[1], 0xf9); /* first MAC byte of the known answer */
    CHECK_EQ(dtls__cookie_check(&k, ck, 2, 2, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_check(&k, ck, 1, 1, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_check(&k, ck, 33, 33, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 32, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_check(&k, ck, 32, 32, addr0, sizeof addr0, &c), 0);
}

TEST(rotation)
{
    dtls__cookie_keys k, kz;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t a[16], b[16], z[16] = {0}; /* = {0}: g++ -O2 cannot see that make writes it */

    init_keys(&k, &r, 0);
    CHECK_EQ(dtls__cookie_make(a, 16, &k, addr0, sizeof addr0, &c), 0);

    /* the previous generation's secret at start is random, not zero: a cookie forged for
     * generation 0xFFFFFFFF under an all-zero secret is refused */
    memset(&kz, 0, sizeof kz);
    kz.gen = 0xFFFFFFFFu;
    kz.ready = 1;
    CHECK_EQ(dtls__cookie_make(z, 16, &kz, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(z[0], 0xFF);
    CHECK_EQ(dtls__cookie_check(&k, z, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);

    /* not yet due: nothing changes, the source is not called */
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 999, 1000), 0);
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(r.calls, 1);

    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 1000, 1000), 0); /* generation 1 */
    CHECK_EQ(k.gen, 1);
    CHECK_EQ(k.rotated_at, 1000);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), 0); /* previous: accepted */
    CHECK_EQ(dtls__cookie_make(b, 16, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(b[0], 1);
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), 0);

    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 2000, 1000), 0); /* generation 2 */
    CHECK_EQ(k.gen, 2);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE); /* two ago */
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), 0);

    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 3000, 1000), 0); /* generation 3 */
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);

    /* the generation byte wraps: generation 255's cookie is the previous one of 256 */
    k.gen = 255;
    CHECK_EQ(dtls__cookie_make(a, 16, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(a[0], 0xFF);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 4000, 1000), 0);
    CHECK_EQ(k.gen, 256);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_make(b, 16, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(b[0], 0x00);
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), 0);

    /* the full 32-bit generation is in the MAC: with the same secret slot and the same low
     * byte, a cookie of generation 256 is not one of generation 0 or 512 */
    k.gen = 512;
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    k.gen = 256;
    CHECK_EQ(dtls__cookie_check(&k, b, 16, 16, addr0, sizeof addr0, &c), 0);
}

/* (uint32_t)(now - rotated_at) >= lifetime, across the wrap of the millisecond clock. */
TEST(rotation_wrap)
{
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t a[16];

    init_keys(&k, &r, 0xFFFFFF00u);
    CHECK_EQ(k.rotated_at, 0xFFFFFF00u);
    CHECK_EQ(dtls__cookie_make(a, 16, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0xFFFFFFFFu, 1000), 0);
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0x00000000u, 1000), 0);
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0xFFFFFF00u + 999u, 1000), 0); /* 0x2E7: 999 ms later */
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(r.calls, 1);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0xFFFFFF00u + 1000u, 1000), 0); /* 0x2E8 */
    CHECK_EQ(k.gen, 1);
    CHECK_EQ(k.rotated_at, 0x2E8u);
    CHECK_EQ(r.calls, 2);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0x2E8u + 999u, 1000), 0);
    CHECK_EQ(k.gen, 1);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0x2E8u + 1000u, 1000), 0);
    CHECK_EQ(k.gen, 2);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    /* a long lifetime that spans the wrap */
    init_keys(&k, &r, 0xFFFFFF00u);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0x7FFFFEFFu, 0x80000000u), 0);
    CHECK_EQ(k.gen, 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0x7FFFFF00u, 0x80000000u), 0);
    CHECK_EQ(k.gen, 1);
}

TEST(rng_failure)
{
    dtls__cookie_keys k, before;
    test_rng r;
    dtls__ch_fields c = ch0();
    uint8_t a[16];

    memset(&k, 0, sizeof k);
    memset(&r, 0, sizeof r);
    r.fail = DTLS_ERR_RANDOM;
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0, 1000), DTLS_ERR_RANDOM);
    CHECK_EQ(k.ready, 0);
    CHECK_EQ(dtls__cookie_make(a, 16, &k, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG); /* not ready */
    memset(a, 0, sizeof a);
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_COOKIE);
    r.fail = -12; /* any failure of the source is reported as DTLS_ERR_RANDOM */
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0, 1000), DTLS_ERR_RANDOM);
    CHECK_EQ(k.ready, 0);

    r.fail = 0;
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0, 1000), 0);
    CHECK_EQ(dtls__cookie_make(a, 16, &k, addr0, sizeof addr0, &c), 0);
    before = k;
    r.fail = DTLS_ERR_RANDOM;
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 1000, 1000), DTLS_ERR_RANDOM);
    CHECK(memcmp(&k, &before, sizeof k) == 0); /* unchanged */
    CHECK_EQ(dtls__cookie_check(&k, a, 16, 16, addr0, sizeof addr0, &c), 0);
    r.fail = 0;
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 1001, 1000), 0);
    CHECK_EQ(k.gen, 1);
    CHECK_EQ(k.rotated_at, 1001);
}

TEST(bad_args)
{
    dtls__cookie_keys k;
    test_rng r;
    dtls__ch_fields c = ch0(), d;
    uint8_t ck[16], big[256];

    memset(big, 1, sizeof big);
    memset(&k, 0, sizeof k);
    memset(&r, 0, sizeof r);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0, 0), DTLS_ERR_BAD_ARG); /* lifetime 0 */
    CHECK_EQ(dtls__cookie_rotate(&k, NULL, &r, 0, 1000), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_rotate(NULL, rng_fn, &r, 0, 1000), DTLS_ERR_BAD_ARG);
    CHECK_EQ(r.calls, 0);
    CHECK_EQ(dtls__cookie_rotate(&k, rng_fn, &r, 0, 1000), 0);

    CHECK_EQ(dtls__cookie_make(NULL, 16, &k, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 16, NULL, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, NULL), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, NULL, 6, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, big, 256, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, big, 255, &c), 0);
    d = c;
    d.random = NULL;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
    d = c;
    d.session_id = big;
    d.session_id_len = 256;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
    d.session_id = NULL;
    d.session_id_len = 1;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
    d = c;
    d.compression = big;
    d.compression_len = 256;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
    d.compression_len = 255;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), 0);
    d = c;
    d.cipher_suites = NULL;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
#if SIZE_MAX > 0xFFFFu
    d = c;
    d.cipher_suites_len = 0x10000u;
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &d), DTLS_ERR_BAD_ARG);
#endif
    /* check reports the caller's mistakes too (the cookie is otherwise fine) */
    CHECK_EQ(dtls__cookie_make(ck, 16, &k, addr0, sizeof addr0, &c), 0);
    CHECK_EQ(dtls__cookie_check(NULL, ck, 16, 16, addr0, sizeof addr0, &c), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_check(&k, ck, 16, 16, addr0, sizeof addr0, NULL), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__cookie_check(&k, ck, 16, 16, big, 256, &c), DTLS_ERR_BAD_ARG);
}

int main(void)
{
    setup();
    RUN(known_answer);
    RUN(make_then_check);
    RUN(every_field);
    RUN(lengths);
    RUN(rotation);
    RUN(rotation_wrap);
    RUN(rng_failure);
    RUN(bad_args);
    return test_done();
}
