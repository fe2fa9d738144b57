/* test_x25519_diff.c - differential test of the two X25519 field
 * implementations (DTLS_X25519_SPEED 1: five 51-bit limbs, 64x64->128
 * products; 0: ten 25.5-bit limbs, 32x32->64 products).
 *
 * A deterministic stream of operations (xorshift64 seeded with a constant):
 * X25519 of random scalars and random 32-byte points (top bit and u >= p
 * included), public keys, Diffie-Hellman both ways, chained outputs, edge
 * points (0, 1, p - 1, p, p + 1, 2^255 - 1, limb boundaries 2^51 - 1, 2^51,
 * 2^102 - 1, 2^26, the order-8 points of RFC 7748 §6.1's low-order list)
 * and edge scalars (all zeros, all ones, one bit).  Every output and every
 * return code goes into one SHA-256 digest, which depends on the mathematics
 * only: both builds must print the same one.  tests/crypto/x25519_diff.sh
 * builds this file with -DDTLS_X25519_SPEED=0 and =1, runs 20,000 iterations
 * in each and compares; with DTLS_X25519_DIFF_DUMP=FILE each X25519 call is
 * also written as "scalar point result return" (hex) for
 * tests/crypto/x25519_ref.py, an independent RFC 7748 §5 ladder in Python
 * integers.  Each iteration also checks itself: DH agreement, public(k) ==
 * X25519(k, 9), X25519(k, u + p) == X25519(k, u) for u + p < 2^255, the top
 * bit of u ignored, all-zero results reported as DTLS_ERR_ZERO_SHARED.
 *
 * Run as a plain test (any profile, DTLS_X25519_DIFF_OPS unset): 64
 * iterations and the digest compared with the known value below, which both
 * profiles produced. */
/* SHA-256 over everything the first 64 iterations output; the stream, the
 * digest and the loop are diff.h. */
#define DIFF_KNOWN64 "291b00739f28baccfd661f4f1438a8683545ab4fdd1a0b41e311a11c23ff6d93"
#define DIFF_SEED UINT64_C(0x9e3779b97f4a7c15)
#define DIFF_PROFILE_NAME "DTLS_X25519_SPEED"
#define DIFF_PROFILE DTLS_X25519_SPEED
#define DIFF_OPS_ENV "DTLS_X25519_DIFF_OPS"
#define DIFF_SCRIPT "x25519_diff.sh"
#include "diff.h"

static FILE *dump;

static void dump_hex(const uint8_t *p)
{
    int i;
    for (i = 0; i < 32; i++)
        fprintf(dump, "%02x", p[i]);
}

static void dump_call(const uint8_t k[32], const uint8_t u[32], const uint8_t out[32], int ret)
{
    if (!dump) return;
    dump_hex(k);
    fputc(' ', dump);
    dump_hex(u);
    fputc(' ', dump);
    dump_hex(out);
    fprintf(dump, " %d\n", ret);
}

static const uint8_t zero32[32] = {0};

/* out = X25519(k, u), fed to the digest (and the dump); an all-zero result
 * must come with DTLS_ERR_ZERO_SHARED and nothing else with it. */
static int x(uint8_t out[32], const uint8_t k[32], const uint8_t u[32])
{
    uint8_t kc[32], uc[32];
    int ret;
    memcpy(kc, k, 32);
    memcpy(uc, u, 32);
    memset(out, 0xA5, 32);
    ret = dtls_x25519(out, k, u);
    feed_ret(ret);
    feed(out, 32);
    dump_call(kc, uc, out, ret);
    CHECK_EQ(ret, memcmp(out, zero32, 32) == 0 ? DTLS_ERR_ZERO_SHARED : 0);
    return ret;
}

/* pub = public(k), checked against X25519(k, 9). */
static void pub(uint8_t p[32], const uint8_t k[32])
{
    uint8_t nine[32], q[32];
    memset(nine, 0, 32);
    nine[0] = 9;
    dtls_x25519_public(p, k);
    feed(p, 32);
    dump_call(k, nine, p, 0);
    CHECK_EQ(dtls_x25519(q, k, nine), 0);
    CHECK_MEM(q, p, 32);
}

/* Little-endian u-coordinates at the edges: the field's ends, the limb
 * boundaries of both representations, low-order points (RFC 7748 §6.1). */
static void edge_point(uint8_t u[32], unsigned which)
{
    memset(u, 0, 32);
    switch (which % 16) {
    case 0: break;                                                /* 0 */
    case 1: u[0] = 1; break;                                      /* 1 */
    case 2: memset(u, 0xff, 32); u[0] = 0xec; u[31] = 0x7f; break; /* p - 1 */
    case 3: memset(u, 0xff, 32); u[0] = 0xed; u[31] = 0x7f; break; /* p */
    case 4: memset(u, 0xff, 32); u[0] = 0xee; u[31] = 0x7f; break; /* p + 1 */
    case 5: memset(u, 0xff, 32); break;                           /* 2^256 - 1: top bit ignored, p + 18 */
    case 6: memset(u, 0xff, 6); u[6] = 0x07; break;               /* 2^51 - 1 */
    case 7: u[6] = 0x08; break;                                   /* 2^51 */
    case 8: memset(u, 0xff, 12); u[12] = 0x3f; break;             /* 2^102 - 1 */
    case 9: u[3] = 0x04; break;                                   /* 2^26 */
    case 10: memset(u, 0xff, 31); u[31] = 0x3f; break;            /* 2^254 - 1 */
    case 11: u[31] = 0x40; break;                                 /* 2^254 */
    case 12: {                                                    /* order 8 (RFC 7748 §6.1 list) */
        static const uint8_t o8[32] = {0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3,
                                       0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32,
                                       0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00};
        memcpy(u, o8, 32);
        break;
    }
    case 13: u[0] = 9; break;                                     /* the base point */
    case 14: { int i; for (i = 0; i < 32; i++) u[i] = (uint8_t)(i & 1 ? 0x55 : 0xaa); break; }
    default: { int i; for (i = 0; i < 32; i++) u[i] = 0x80; break; }
    }
}

static void edge_scalar(uint8_t k[32], unsigned which)
{
    memset(k, 0, 32);
    switch (which % 6) {
    case 0: break;                                   /* clamped to 2^254 */
    case 1: memset(k, 0xff, 32); break;              /* clamped to 2^255 - 8 */
    case 2: k[0] = 8; break;                         /* 2^254 + 8 */
    case 3: k[31] = 0x40; k[0] = 0xf8; break;
    case 4: memset(k, 0x55, 32); break;
    default: k[16] = 1; break;
    }
}

static uint8_t last[32] = {9};

static void one_iteration(long i)
{
    uint8_t k[32], u[32], o1[32], o2[32], b[32], pa[32], pb[32];
    int r1;

    switch (i % 8) {
    case 0: /* random scalar, random 32 bytes as the point (any top bit, any u) */
        stream(k, 32);
        stream(u, 32);
        x(o1, k, u);
        memcpy(last, o1, 32);
        break;
    case 1: /* public keys and agreement */
        stream(k, 32);
        stream(b, 32);
        pub(pa, k);
        pub(pb, b);
        x(o1, k, pb);
        x(o2, b, pa);
        CHECK_MEM(o1, o2, 32);
        memcpy(last, o1, 32);
        break;
    case 2: /* edge point, random scalar */
        stream(k, 32);
        edge_point(u, (unsigned)(i / 8));
        x(o1, k, u);
        break;
    case 3: /* edge scalar, random point; then edge scalar and edge point */
        edge_scalar(k, (unsigned)(i / 8));
        stream(u, 32);
        x(o1, k, u);
        edge_point(u, (unsigned)(i / 8) * 7U + 3U);
        x(o1, k, u);
        break;
    case 4: /* chained: the previous result as the point (RFC 7748 §5.2 style) */
        stream(k, 32);
        x(o1, k, last);
        memcpy(last, o1, 32);
        break;
    case 5: { /* non-canonical: u + p (< 2^255) gives the same as u */
        uint8_t up[32];
        stream(k, 32);
        memset(u, 0, 32);
        stream(u, 1);
        u[0] = (uint8_t)(u[0] % 19); /* u < 19: u + p < 2^255, no carry out of byte 0 */
        memset(up, 0xff, 32);        /* up = u + p, p = 2^255 - 19 = ed ff .. ff 7f */
        up[0] = (uint8_t)(0xedU + u[0]);
        up[31] = 0x7f;
        r1 = x(o1, k, u);
        CHECK_EQ(x(o2, k, up), r1);
        CHECK_MEM(o1, o2, 32);
        break;
    }
    case 6: /* the top bit of u is ignored */
        stream(k, 32);
        stream(u, 32);
        u[31] &= 0x7f;
        r1 = x(o1, k, u);
        u[31] |= 0x80;
        CHECK_EQ(x(o2, k, u), r1);
        CHECK_MEM(o1, o2, 32);
        break;
    default: { /* small points: random length of leading zero bytes */
        uint8_t len;
        stream(k, 32);
        stream(&len, 1);
        memset(u, 0, 32);
        stream(u, (size_t)(len % 32) + 1U);
        x(o1, k, u);
        break;
    }
    }
}

int main(void)
{
    const char *d = getenv("DTLS_X25519_DIFF_DUMP");
    if (d && *d && !(dump = fopen(d, "w"))) {
        fprintf(stderr, "cannot write %s\n", d);
        return 2;
    }
    diff_run();
    if (dump) fclose(dump);
    return test_done();
}
