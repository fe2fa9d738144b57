/* x25519.c - X25519 (RFC 7748 §5) over GF(2^255 - 19).
 *
 * Two field implementations, chosen by DTLS_X25519_SPEED (x25519.h): five
 * 51-bit limbs with 64x64->128 products (speed), or ten 25.5-bit limbs with
 * every product through dtls__mul32x32 (size; DTLS_CT_MUL16 applies).  Both
 * give the same results, in time independent of the values.
 *
 * The scalar multiplication is the RFC 7748 §5 Montgomery ladder with a
 * masked conditional swap, and the final inversion is z^(p-2) with a fixed
 * addition chain: no branch, no secret index. */
#include "x25519.h"
#include "internal.h"

#if DTLS_ENABLE_X25519

#if DTLS_X25519_SPEED
/* ---- speed: five 51-bit limbs (radix 2^51), products through dtls__u128 ----
 *
 * value = f[0] + f[1] 2^51 + f[2] 2^102 + f[3] 2^153 + f[4] 2^204.
 * "Carried" elements have f[1] < 2^51 + 2^11 and the other limbs < 2^51.
 * add leaves limbs below 2^52 + 2^12; sub computes f + 2p - g (g carried)
 * and leaves limbs below 2^52.59.  mul and sq accept inputs up to 2^52.59
 * (L): a column is at most 77 L^2 < 2^111.5, every precomputed 19 g or 38 f
 * below 2^58, and the top column has no 19 in it (5 L^2 < 2^107.5), so its
 * carry c < 2^57 and 19 c fits in 64 bits. */
typedef uint64_t dtls__x25519_limb;
typedef uint64_t dtls__x25519_fe[5];
#define DTLS__X25519_NL 5
#define DTLS__X25519_M51 UINT64_C(0x7ffffffffffff)
#define DTLS__X25519_M(a, b) ((dtls__u128)(a) * (b))

static void dtls__x25519_fe_add(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    h[0] = f[0] + g[0];
    h[1] = f[1] + g[1];
    h[2] = f[2] + g[2];
    h[3] = f[3] + g[3];
    h[4] = f[4] + g[4];
}

/* h = f + 2p - g; g must be carried (2p's limbs are 2^52 - 38, 2^52 - 2). */
static void dtls__x25519_fe_sub(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    h[0] = f[0] + UINT64_C(0xfffffffffffda) - g[0];
    h[1] = f[1] + UINT64_C(0xffffffffffffe) - g[1];
    h[2] = f[2] + UINT64_C(0xffffffffffffe) - g[2];
    h[3] = f[3] + UINT64_C(0xffffffffffffe) - g[3];
    h[4] = f[4] + UINT64_C(0xffffffffffffe) - g[4];
}

/* Carries 128-bit column sums h0..h4 (h4 < 2^108) into a carried element. */
DTLS__INLINE void dtls__x25519_fe_carry(dtls__x25519_fe out, dtls__u128 h0, dtls__u128 h1, dtls__u128 h2,
                                  dtls__u128 h3, dtls__u128 h4)
{
    uint64_t r0, r1, r2, r3, r4;

    h1 += (uint64_t)(h0 >> 51);
    r0 = (uint64_t)h0 & DTLS__X25519_M51;
    h2 += (uint64_t)(h1 >> 51);
    r1 = (uint64_t)h1 & DTLS__X25519_M51;
    h3 += (uint64_t)(h2 >> 51);
    r2 = (uint64_t)h2 & DTLS__X25519_M51;
    h4 += (uint64_t)(h3 >> 51);
    r3 = (uint64_t)h3 & DTLS__X25519_M51;
    r4 = (uint64_t)h4 & DTLS__X25519_M51;
    r0 += 19 * (uint64_t)(h4 >> 51); /* 2^255 = 19 */
    r1 += r0 >> 51;
    r0 &= DTLS__X25519_M51;
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
    out[4] = r4;
}

/* h = f * g.  h may alias f or g. */
static void dtls__x25519_fe_mul(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
    uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;

    dtls__x25519_fe_carry(h,
        DTLS__X25519_M(f0, g0) + DTLS__X25519_M(f1, g4_19) + DTLS__X25519_M(f2, g3_19) + DTLS__X25519_M(f3, g2_19) + DTLS__X25519_M(f4, g1_19),
        DTLS__X25519_M(f0, g1) + DTLS__X25519_M(f1, g0) + DTLS__X25519_M(f2, g4_19) + DTLS__X25519_M(f3, g3_19) + DTLS__X25519_M(f4, g2_19),
        DTLS__X25519_M(f0, g2) + DTLS__X25519_M(f1, g1) + DTLS__X25519_M(f2, g0) + DTLS__X25519_M(f3, g4_19) + DTLS__X25519_M(f4, g3_19),
        DTLS__X25519_M(f0, g3) + DTLS__X25519_M(f1, g2) + DTLS__X25519_M(f2, g1) + DTLS__X25519_M(f3, g0) + DTLS__X25519_M(f4, g4_19),
        DTLS__X25519_M(f0, g4) + DTLS__X25519_M(f1, g3) + DTLS__X25519_M(f2, g2) + DTLS__X25519_M(f3, g1) + DTLS__X25519_M(f4, g0));
}

/* h = f^2.  h may alias f. */
static void dtls__x25519_fe_sq(dtls__x25519_fe h, const dtls__x25519_fe f)
{
    uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1;
    uint64_t f1_38 = 38 * f1, f2_38 = 38 * f2, f3_38 = 38 * f3, f3_19 = 19 * f3, f4_19 = 19 * f4;

    dtls__x25519_fe_carry(h,
        DTLS__X25519_M(f0, f0) + DTLS__X25519_M(f1_38, f4) + DTLS__X25519_M(f2_38, f3),
        DTLS__X25519_M(f0_2, f1) + DTLS__X25519_M(f2_38, f4) + DTLS__X25519_M(f3_19, f3),
        DTLS__X25519_M(f0_2, f2) + DTLS__X25519_M(f1, f1) + DTLS__X25519_M(f3_38, f4),
        DTLS__X25519_M(f0_2, f3) + DTLS__X25519_M(f1_2, f2) + DTLS__X25519_M(f4_19, f4),
        DTLS__X25519_M(f0_2, f4) + DTLS__X25519_M(f1_2, f3) + DTLS__X25519_M(f2, f2));
}

/* h = f * 121665 (a24 of RFC 7748 §5). */
static void dtls__x25519_fe_mul121665(dtls__x25519_fe h, const dtls__x25519_fe f)
{
    const uint64_t a24 = UINT64_C(121665);
    dtls__x25519_fe_carry(h, DTLS__X25519_M(f[0], a24), DTLS__X25519_M(f[1], a24), DTLS__X25519_M(f[2], a24),
                          DTLS__X25519_M(f[3], a24), DTLS__X25519_M(f[4], a24));
}

/* Little-endian 32 bytes to an element, ignoring bit 255 (RFC 7748 §5). */
static void dtls__x25519_fe_frombytes(dtls__x25519_fe h, const uint8_t s[32])
{
    h[0] = dtls__load64_le(s) & DTLS__X25519_M51;              /* bits   0..50  */
    h[1] = (dtls__load64_le(s + 6) >> 3) & DTLS__X25519_M51;   /* bits  51..101 */
    h[2] = (dtls__load64_le(s + 12) >> 6) & DTLS__X25519_M51;  /* bits 102..152 */
    h[3] = (dtls__load64_le(s + 19) >> 1) & DTLS__X25519_M51;  /* bits 153..203 */
    h[4] = (dtls__load64_le(s + 24) >> 12) & DTLS__X25519_M51; /* bits 204..254 */
}

/* Fully reduced little-endian encoding of a carried element. */
static void dtls__x25519_fe_tobytes(uint8_t s[32], const dtls__x25519_fe f)
{
    uint64_t h[5], q;
    int i, pass;

    for (i = 0; i < 5; i++)
        h[i] = f[i];
    /* Two carry passes with the 2^255 = 19 fold: every limb below 2^51 and
     * h < 2^255 (after a ripple to the top the low limbs are 0). */
    for (pass = 0; pass < 2; pass++) {
        uint64_t top;
        for (i = 0; i < 4; i++) {
            h[i + 1] += h[i] >> 51;
            h[i] &= DTLS__X25519_M51;
        }
        top = h[4] >> 51;
        h[4] &= DTLS__X25519_M51;
        h[0] += 19 * top;
    }
    /* q = 1 iff h >= p, i.e. h + 19 >= 2^255. */
    q = (h[0] + 19) >> 51;
    for (i = 1; i < 5; i++)
        q = (h[i] + q) >> 51;
    /* h = h + 19 q - q 2^255. */
    h[0] += 19 * q;
    for (i = 0; i < 4; i++) {
        h[i + 1] += h[i] >> 51;
        h[i] &= DTLS__X25519_M51;
    }
    h[4] &= DTLS__X25519_M51;

    dtls__store64_le(s, h[0] | (h[1] << 51));
    dtls__store64_le(s + 8, (h[1] >> 13) | (h[2] << 38));
    dtls__store64_le(s + 16, (h[2] >> 26) | (h[3] << 25));
    dtls__store64_le(s + 24, (h[3] >> 39) | (h[4] << 12));
    dtls_wipe(h, sizeof h);
}

#else /* DTLS_X25519_SPEED */
/* ---- size: ten limbs alternately 26 and 25 bits wide, products through
 * dtls__mul32x32 ----
 *
 * value = sum f[i] * 2^ceil(25.5 i).  "Carried" elements have limbs at most
 * 2^26 / 2^25 plus 2^18.  add leaves limbs below 2^27.1, sub computes
 * f + 2p - g (g carried) and leaves limbs below 3 * 2^26; mul and sq accept
 * such inputs: every term sum stays below 2^63 and every precomputed 19 * g
 * below 2^32. */
typedef uint32_t dtls__x25519_limb;
typedef uint32_t dtls__x25519_fe[10];
#define DTLS__X25519_NL 10
#define DTLS__X25519_M26 UINT32_C(0x3ffffff)
#define DTLS__X25519_M25 UINT32_C(0x1ffffff)
#define DTLS__X25519_M(a, b) dtls__mul32x32((a), (b))

static void dtls__x25519_fe_add(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    int i;
    for (i = 0; i < 10; i++)
        h[i] = f[i] + g[i];
}

/* h = f + 2p - g; g must be carried. */
static void dtls__x25519_fe_sub(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    h[0] = f[0] + UINT32_C(0x7ffffda) - g[0];
    h[1] = f[1] + UINT32_C(0x3fffffe) - g[1];
    h[2] = f[2] + UINT32_C(0x7fffffe) - g[2];
    h[3] = f[3] + UINT32_C(0x3fffffe) - g[3];
    h[4] = f[4] + UINT32_C(0x7fffffe) - g[4];
    h[5] = f[5] + UINT32_C(0x3fffffe) - g[5];
    h[6] = f[6] + UINT32_C(0x7fffffe) - g[6];
    h[7] = f[7] + UINT32_C(0x3fffffe) - g[7];
    h[8] = f[8] + UINT32_C(0x7fffffe) - g[8];
    h[9] = f[9] + UINT32_C(0x3fffffe) - g[9];
}

/* Carries 64-bit column sums h0..h9 into a carried element. */
static void dtls__x25519_fe_carry(dtls__x25519_fe out, uint64_t h0, uint64_t h1, uint64_t h2,
                                  uint64_t h3, uint64_t h4, uint64_t h5, uint64_t h6, uint64_t h7,
                                  uint64_t h8, uint64_t h9)
{
    uint64_t c;
    c = h0 >> 26; h1 += c; h0 &= DTLS__X25519_M26;
    c = h4 >> 26; h5 += c; h4 &= DTLS__X25519_M26;
    c = h1 >> 25; h2 += c; h1 &= DTLS__X25519_M25;
    c = h5 >> 25; h6 += c; h5 &= DTLS__X25519_M25;
    c = h2 >> 26; h3 += c; h2 &= DTLS__X25519_M26;
    c = h6 >> 26; h7 += c; h6 &= DTLS__X25519_M26;
    c = h3 >> 25; h4 += c; h3 &= DTLS__X25519_M25;
    c = h7 >> 25; h8 += c; h7 &= DTLS__X25519_M25;
    c = h4 >> 26; h5 += c; h4 &= DTLS__X25519_M26;
    c = h8 >> 26; h9 += c; h8 &= DTLS__X25519_M26;
    c = h9 >> 25; h9 &= DTLS__X25519_M25;
    /* 2^255 = 19.  c < 2^40: 19 * c through dtls__mul32x32 on the low word
     * (a compiler turns shift-and-add back into a long multiply). */
    h0 += DTLS__X25519_M((uint32_t)c, 19) + ((uint64_t)((uint32_t)(c >> 32) * 19U) << 32);
    c = h0 >> 26; h1 += c; h0 &= DTLS__X25519_M26;
    out[0] = (uint32_t)h0;
    out[1] = (uint32_t)h1;
    out[2] = (uint32_t)h2;
    out[3] = (uint32_t)h3;
    out[4] = (uint32_t)h4;
    out[5] = (uint32_t)h5;
    out[6] = (uint32_t)h6;
    out[7] = (uint32_t)h7;
    out[8] = (uint32_t)h8;
    out[9] = (uint32_t)h9;
}

/* h = f * g.  h may alias f or g. */
static void dtls__x25519_fe_mul(dtls__x25519_fe h, const dtls__x25519_fe f, const dtls__x25519_fe g)
{
    uint32_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint32_t f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
    uint32_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
    uint32_t g5 = g[5], g6 = g[6], g7 = g[7], g8 = g[8], g9 = g[9];
    uint32_t f1_2 = 2 * f1, f3_2 = 2 * f3, f5_2 = 2 * f5, f7_2 = 2 * f7, f9_2 = 2 * f9;
    uint32_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4, g5_19 = 19 * g5;
    uint32_t g6_19 = 19 * g6, g7_19 = 19 * g7, g8_19 = 19 * g8, g9_19 = 19 * g9;
    uint64_t h0, h1, h2, h3, h4, h5, h6, h7, h8, h9;

    h0 = DTLS__X25519_M(f0, g0) + DTLS__X25519_M(f1_2, g9_19) + DTLS__X25519_M(f2, g8_19) + DTLS__X25519_M(f3_2, g7_19) + DTLS__X25519_M(f4, g6_19) + DTLS__X25519_M(f5_2, g5_19) + DTLS__X25519_M(f6, g4_19) + DTLS__X25519_M(f7_2, g3_19) + DTLS__X25519_M(f8, g2_19) + DTLS__X25519_M(f9_2, g1_19);
    h1 = DTLS__X25519_M(f0, g1) + DTLS__X25519_M(f1, g0) + DTLS__X25519_M(f2, g9_19) + DTLS__X25519_M(f3, g8_19) + DTLS__X25519_M(f4, g7_19) + DTLS__X25519_M(f5, g6_19) + DTLS__X25519_M(f6, g5_19) + DTLS__X25519_M(f7, g4_19) + DTLS__X25519_M(f8, g3_19) + DTLS__X25519_M(f9, g2_19);
    h2 = DTLS__X25519_M(f0, g2) + DTLS__X25519_M(f1_2, g1) + DTLS__X25519_M(f2, g0) + DTLS__X25519_M(f3_2, g9_19) + DTLS__X25519_M(f4, g8_19) + DTLS__X25519_M(f5_2, g7_19) + DTLS__X25519_M(f6, g6_19) + DTLS__X25519_M(f7_2, g5_19) + DTLS__X25519_M(f8, g4_19) + DTLS__X25519_M(f9_2, g3_19);
    h3 = DTLS__X25519_M(f0, g3) + DTLS__X25519_M(f1, g2) + DTLS__X25519_M(f2, g1) + DTLS__X25519_M(f3, g0) + DTLS__X25519_M(f4, g9_19) + DTLS__X25519_M(f5, g8_19) + DTLS__X25519_M(f6, g7_19) + DTLS__X25519_M(f7, g6_19) + DTLS__X25519_M(f8, g5_19) + DTLS__X25519_M(f9, g4_19);
    h4 = DTLS__X25519_M(f0, g4) + DTLS__X25519_M(f1_2, g3) + DTLS__X25519_M(f2, g2) + DTLS__X25519_M(f3_2, g1) + DTLS__X25519_M(f4, g0) + DTLS__X25519_M(f5_2, g9_19) + DTLS__X25519_M(f6, g8_19) + DTLS__X25519_M(f7_2, g7_19) + DTLS__X25519_M(f8, g6_19) + DTLS__X25519_M(f9_2, g5_19);
    h5 = DTLS__X25519_M(f0, g5) + DTLS__X25519_M(f1, g4) + DTLS__X25519_M(f2, g3) + DTLS__X25519_M(f3, g2) + DTLS__X25519_M(f4, g1) + DTLS__X25519_M(f5, g0) + DTLS__X25519_M(f6, g9_19) + DTLS__X25519_M(f7, g8_19) + DTLS__X25519_M(f8, g7_19) + DTLS__X25519_M(f9, g6_19);
    h6 = DTLS__X25519_M(f0, g6) + DTLS__X25519_M(f1_2, g5) + DTLS__X25519_M(f2, g4) + DTLS__X25519_M(f3_2, g3) + DTLS__X25519_M(f4, g2) + DTLS__X25519_M(f5_2, g1) + DTLS__X25519_M(f6, g0) + DTLS__X25519_M(f7_2, g9_19) + DTLS__X25519_M(f8, g8_19) + DTLS__X25519_M(f9_2, g7_19);
    h7 = DTLS__X25519_M(f0, g7) + DTLS__X25519_M(f1, g6) + DTLS__X25519_M(f2, g5) + DTLS__X25519_M(f3, g4) + DTLS__X25519_M(f4, g3) + DTLS__X25519_M(f5, g2) + DTLS__X25519_M(f6, g1) + DTLS__X25519_M(f7, g0) + DTLS__X25519_M(f8, g9_19) + DTLS__X25519_M(f9, g8_19);
    h8 = DTLS__X25519_M(f0, g8) + DTLS__X25519_M(f1_2, g7) + DTLS__X25519_M(f2, g6) + DTLS__X25519_M(f3_2, g5) + DTLS__X25519_M(f4, g4) + DTLS__X25519_M(f5_2, g3) + DTLS__X25519_M(f6, g2) + DTLS__X25519_M(f7_2, g1) + DTLS__X25519_M(f8, g0) + DTLS__X25519_M(f9_2, g9_19);
    h9 = DTLS__X25519_M(f0, g9) + DTLS__X25519_M(f1, g8) + DTLS__X25519_M(f2, g7) + DTLS__X25519_M(f3, g6) + DTLS__X25519_M(f4, g5) + DTLS__X25519_M(f5, g4) + DTLS__X25519_M(f6, g3) + DTLS__X25519_M(f7, g2) + DTLS__X25519_M(f8, g1) + DTLS__X25519_M(f9, g0);
    dtls__x25519_fe_carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/* h = f^2.  h may alias f. */
static void dtls__x25519_fe_sq(dtls__x25519_fe h, const dtls__x25519_fe f)
{
    uint32_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
    uint32_t f5 = f[5], f6 = f[6], f7 = f[7], f8 = f[8], f9 = f[9];
    uint32_t f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2, f3_2 = 2 * f3, f4_2 = 2 * f4;
    uint32_t f5_2 = 2 * f5, f6_2 = 2 * f6, f7_2 = 2 * f7, f8_2 = 2 * f8, f9_2 = 2 * f9;
    uint32_t f1_4 = 4 * f1, f3_4 = 4 * f3, f5_4 = 4 * f5, f7_4 = 4 * f7;
    uint32_t f5_19 = 19 * f5, f6_19 = 19 * f6, f7_19 = 19 * f7, f8_19 = 19 * f8, f9_19 = 19 * f9;
    uint64_t h0, h1, h2, h3, h4, h5, h6, h7, h8, h9;

    h0 = DTLS__X25519_M(f0, f0) + DTLS__X25519_M(f1_4, f9_19) + DTLS__X25519_M(f2_2, f8_19) + DTLS__X25519_M(f3_4, f7_19) + DTLS__X25519_M(f4_2, f6_19) + DTLS__X25519_M(f5_2, f5_19);
    h1 = DTLS__X25519_M(f0_2, f1) + DTLS__X25519_M(f2_2, f9_19) + DTLS__X25519_M(f3_2, f8_19) + DTLS__X25519_M(f4_2, f7_19) + DTLS__X25519_M(f5_2, f6_19);
    h2 = DTLS__X25519_M(f0_2, f2) + DTLS__X25519_M(f1_2, f1) + DTLS__X25519_M(f3_4, f9_19) + DTLS__X25519_M(f4_2, f8_19) + DTLS__X25519_M(f5_4, f7_19) + DTLS__X25519_M(f6, f6_19);
    h3 = DTLS__X25519_M(f0_2, f3) + DTLS__X25519_M(f1_2, f2) + DTLS__X25519_M(f4_2, f9_19) + DTLS__X25519_M(f5_2, f8_19) + DTLS__X25519_M(f6_2, f7_19);
    h4 = DTLS__X25519_M(f0_2, f4) + DTLS__X25519_M(f1_4, f3) + DTLS__X25519_M(f2, f2) + DTLS__X25519_M(f5_4, f9_19) + DTLS__X25519_M(f6_2, f8_19) + DTLS__X25519_M(f7_2, f7_19);
    h5 = DTLS__X25519_M(f0_2, f5) + DTLS__X25519_M(f1_2, f4) + DTLS__X25519_M(f2_2, f3) + DTLS__X25519_M(f6_2, f9_19) + DTLS__X25519_M(f7_2, f8_19);
    h6 = DTLS__X25519_M(f0_2, f6) + DTLS__X25519_M(f1_4, f5) + DTLS__X25519_M(f2_2, f4) + DTLS__X25519_M(f3_2, f3) + DTLS__X25519_M(f7_4, f9_19) + DTLS__X25519_M(f8, f8_19);
    h7 = DTLS__X25519_M(f0_2, f7) + DTLS__X25519_M(f1_2, f6) + DTLS__X25519_M(f2_2, f5) + DTLS__X25519_M(f3_2, f4) + DTLS__X25519_M(f8_2, f9_19);
    h8 = DTLS__X25519_M(f0_2, f8) + DTLS__X25519_M(f1_4, f7) + DTLS__X25519_M(f2_2, f6) + DTLS__X25519_M(f3_4, f5) + DTLS__X25519_M(f4, f4) + DTLS__X25519_M(f9_2, f9_19);
    h9 = DTLS__X25519_M(f0_2, f9) + DTLS__X25519_M(f1_2, f8) + DTLS__X25519_M(f2_2, f7) + DTLS__X25519_M(f3_2, f6) + DTLS__X25519_M(f4_2, f5);
    dtls__x25519_fe_carry(h, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

/* h = f * 121665 (a24 of RFC 7748 §5). */
static void dtls__x25519_fe_mul121665(dtls__x25519_fe h, const dtls__x25519_fe f)
{
    const uint32_t a24 = UINT32_C(121665);
    dtls__x25519_fe_carry(h, DTLS__X25519_M(f[0], a24), DTLS__X25519_M(f[1], a24),
                          DTLS__X25519_M(f[2], a24), DTLS__X25519_M(f[3], a24),
                          DTLS__X25519_M(f[4], a24), DTLS__X25519_M(f[5], a24),
                          DTLS__X25519_M(f[6], a24), DTLS__X25519_M(f[7], a24),
                          DTLS__X25519_M(f[8], a24), DTLS__X25519_M(f[9], a24));
}

/* Little-endian 32 bytes to an element, ignoring bit 255 (RFC 7748 §5). */
static void dtls__x25519_fe_frombytes(dtls__x25519_fe h, const uint8_t s[32])
{
    h[0] = dtls__load32_le(s) & DTLS__X25519_M26;               /* bits   0..25  */
    h[1] = (dtls__load32_le(s + 3) >> 2) & DTLS__X25519_M25;    /* bits  26..50  */
    h[2] = (dtls__load32_le(s + 6) >> 3) & DTLS__X25519_M26;    /* bits  51..76  */
    h[3] = (dtls__load32_le(s + 9) >> 5) & DTLS__X25519_M25;    /* bits  77..101 */
    h[4] = (dtls__load32_le(s + 12) >> 6) & DTLS__X25519_M26;   /* bits 102..127 */
    h[5] = dtls__load32_le(s + 16) & DTLS__X25519_M25;          /* bits 128..152 */
    h[6] = (dtls__load32_le(s + 19) >> 1) & DTLS__X25519_M26;   /* bits 153..178 */
    h[7] = (dtls__load32_le(s + 22) >> 3) & DTLS__X25519_M25;   /* bits 179..203 */
    h[8] = (dtls__load32_le(s + 25) >> 4) & DTLS__X25519_M26;   /* bits 204..229 */
    h[9] = (dtls__load32_le(s + 28) >> 6) & DTLS__X25519_M25;   /* bits 230..254 */
}

/* Fully reduced little-endian encoding of a carried element. */
static void dtls__x25519_fe_tobytes(uint8_t s[32], const dtls__x25519_fe f)
{
    uint32_t h[10], c, q;
    int i;

    for (i = 0; i < 10; i++)
        h[i] = f[i];
    /* Two carry passes with the 2^255 = 19 fold: every limb within its
     * width and h < 2^255 (after a ripple to the top the low limbs are 0). */
    for (c = 0; c < 2; c++) {
        uint32_t top;
        for (i = 0; i < 9; i++) {
            int w = (i & 1) ? 25 : 26;
            h[i + 1] += h[i] >> w;
            h[i] &= (i & 1) ? DTLS__X25519_M25 : DTLS__X25519_M26;
        }
        top = h[9] >> 25;
        h[9] &= DTLS__X25519_M25;
        h[0] += 19 * top;
    }
    /* q = 1 iff h >= p, i.e. h + 19 >= 2^255. */
    q = (h[0] + 19) >> 26;
    for (i = 1; i < 10; i++)
        q = (h[i] + q) >> ((i & 1) ? 25 : 26);
    /* h = h + 19 q - q 2^255. */
    h[0] += 19 * q;
    for (i = 0; i < 9; i++) {
        int w = (i & 1) ? 25 : 26;
        h[i + 1] += h[i] >> w;
        h[i] &= (i & 1) ? DTLS__X25519_M25 : DTLS__X25519_M26;
    }
    h[9] &= DTLS__X25519_M25;

    dtls__store32_le(s, h[0] | (h[1] << 26));
    dtls__store32_le(s + 4, (h[1] >> 6) | (h[2] << 19));
    dtls__store32_le(s + 8, (h[2] >> 13) | (h[3] << 13));
    dtls__store32_le(s + 12, (h[3] >> 19) | (h[4] << 6));
    dtls__store32_le(s + 16, h[5] | (h[6] << 25));
    dtls__store32_le(s + 20, (h[6] >> 7) | (h[7] << 19));
    dtls__store32_le(s + 24, (h[7] >> 13) | (h[8] << 12));
    dtls__store32_le(s + 28, (h[8] >> 20) | (h[9] << 6));
    dtls_wipe(h, sizeof h);
}

#endif /* DTLS_X25519_SPEED */

static void dtls__x25519_fe_copy(dtls__x25519_fe h, const dtls__x25519_fe f)
{
    int i;
    for (i = 0; i < DTLS__X25519_NL; i++)
        h[i] = f[i];
}

static void dtls__x25519_fe_set(dtls__x25519_fe h, uint32_t v)
{
    int i;
    h[0] = v;
    for (i = 1; i < DTLS__X25519_NL; i++)
        h[i] = 0;
}

/* h = f^(2^n), n >= 1. */
static void dtls__x25519_fe_sqn(dtls__x25519_fe h, const dtls__x25519_fe f, int n)
{
    dtls__x25519_fe_sq(h, f);
    while (--n > 0)
        dtls__x25519_fe_sq(h, h);
}

/* out = z^(p-2) = z^(2^255 - 21) = 1/z (0 for z = 0). */
static void dtls__x25519_fe_invert(dtls__x25519_fe out, const dtls__x25519_fe z)
{
    dtls__x25519_fe z2, z9, z11, a, b, c;

    dtls__x25519_fe_sq(z2, z);                 /* 2 */
    dtls__x25519_fe_sqn(a, z2, 2);             /* 8 */
    dtls__x25519_fe_mul(z9, a, z);             /* 9 */
    dtls__x25519_fe_mul(z11, z9, z2);          /* 11 */
    dtls__x25519_fe_sq(a, z11);                /* 22 */
    dtls__x25519_fe_mul(a, a, z9);             /* 2^5 - 1 */
    dtls__x25519_fe_sqn(b, a, 5);
    dtls__x25519_fe_mul(b, b, a);              /* 2^10 - 1 */
    dtls__x25519_fe_sqn(a, b, 10);
    dtls__x25519_fe_mul(a, a, b);              /* 2^20 - 1 */
    dtls__x25519_fe_sqn(c, a, 20);
    dtls__x25519_fe_mul(a, c, a);              /* 2^40 - 1 */
    dtls__x25519_fe_sqn(a, a, 10);
    dtls__x25519_fe_mul(b, a, b);              /* 2^50 - 1 */
    dtls__x25519_fe_sqn(a, b, 50);
    dtls__x25519_fe_mul(a, a, b);              /* 2^100 - 1 */
    dtls__x25519_fe_sqn(c, a, 100);
    dtls__x25519_fe_mul(a, c, a);              /* 2^200 - 1 */
    dtls__x25519_fe_sqn(a, a, 50);
    dtls__x25519_fe_mul(a, a, b);              /* 2^250 - 1 */
    dtls__x25519_fe_sqn(a, a, 5);              /* 2^255 - 32 */
    dtls__x25519_fe_mul(out, a, z11);          /* 2^255 - 21 */
    dtls_wipe(z2, sizeof z2);
    dtls_wipe(z9, sizeof z9);
    dtls_wipe(z11, sizeof z11);
    dtls_wipe(a, sizeof a);
    dtls_wipe(b, sizeof b);
    dtls_wipe(c, sizeof c);
}

/* Swaps f and g when mask is all-ones, leaves them when it is zero. */
static void dtls__x25519_fe_cswap(dtls__x25519_fe f, dtls__x25519_fe g, dtls__x25519_limb mask)
{
    int i;
    for (i = 0; i < DTLS__X25519_NL; i++) {
        dtls__x25519_limb x = mask & (f[i] ^ g[i]);
        f[i] ^= x;
        g[i] ^= x;
    }
}

/* out = u-coordinate of scalar * u (RFC 7748 §5); 1 if out is all zeros. */
static uint32_t dtls__x25519_ladder(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32])
{
    dtls__x25519_fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb;
    uint8_t k[32];
    uint32_t swap = 0, acc = 0;
    int t;

    for (t = 0; t < 32; t++)
        k[t] = scalar[t];
    k[0] &= 248; /* clamp (RFC 7748 §5 decodeScalar25519) */
    k[31] &= 127;
    k[31] |= 64;

    dtls__x25519_fe_frombytes(x1, point);
    dtls__x25519_fe_set(x2, 1);
    dtls__x25519_fe_set(z2, 0);
    dtls__x25519_fe_copy(x3, x1);
    dtls__x25519_fe_set(z3, 1);

    for (t = 254; t >= 0; t--) {
        uint32_t kt = (uint32_t)(k[t >> 3] >> (t & 7)) & 1U;
        dtls__x25519_limb mask;
        swap ^= kt;
        mask = (dtls__x25519_limb)0 - (dtls__x25519_limb)swap;
        dtls__x25519_fe_cswap(x2, x3, mask);
        dtls__x25519_fe_cswap(z2, z3, mask);
        swap = kt;

        dtls__x25519_fe_add(a, x2, z2);
        dtls__x25519_fe_sq(aa, a);
        dtls__x25519_fe_sub(b, x2, z2);
        dtls__x25519_fe_sq(bb, b);
        dtls__x25519_fe_sub(e, aa, bb);
        dtls__x25519_fe_add(c, x3, z3);
        dtls__x25519_fe_sub(d, x3, z3);
        dtls__x25519_fe_mul(da, d, a);
        dtls__x25519_fe_mul(cb, c, b);
        dtls__x25519_fe_add(x3, da, cb);
        dtls__x25519_fe_sq(x3, x3);
        dtls__x25519_fe_sub(z3, da, cb);
        dtls__x25519_fe_sq(z3, z3);
        dtls__x25519_fe_mul(z3, z3, x1);
        dtls__x25519_fe_mul(x2, aa, bb);
        dtls__x25519_fe_mul121665(z2, e);
        dtls__x25519_fe_add(z2, z2, aa);
        dtls__x25519_fe_mul(z2, z2, e);
    }

    {
        dtls__x25519_limb mask = (dtls__x25519_limb)0 - (dtls__x25519_limb)swap;
        dtls__x25519_fe_cswap(x2, x3, mask);
        dtls__x25519_fe_cswap(z2, z3, mask);
    }
    dtls__x25519_fe_invert(z2, z2);
    dtls__x25519_fe_mul(x2, x2, z2);
    dtls__x25519_fe_tobytes(out, x2);

    for (t = 0; t < 32; t++)
        acc |= out[t];

    dtls_wipe(k, sizeof k);
    dtls_wipe(x1, sizeof x1);
    dtls_wipe(x2, sizeof x2);
    dtls_wipe(z2, sizeof z2);
    dtls_wipe(x3, sizeof x3);
    dtls_wipe(z3, sizeof z3);
    dtls_wipe(a, sizeof a);
    dtls_wipe(aa, sizeof aa);
    dtls_wipe(b, sizeof b);
    dtls_wipe(bb, sizeof bb);
    dtls_wipe(e, sizeof e);
    dtls_wipe(c, sizeof c);
    dtls_wipe(d, sizeof d);
    dtls_wipe(da, sizeof da);
    dtls_wipe(cb, sizeof cb);
    return dtls__ct_is_zero32(acc);
}

DTLS_API int dtls_x25519(uint8_t out[32], const uint8_t scalar[32], const uint8_t point[32])
{
    uint32_t zero = dtls__x25519_ladder(out, scalar, point);
    /* 0 or DTLS_ERR_ZERO_SHARED, without a branch on the (secret) result. */
    return (int)zero * DTLS_ERR_ZERO_SHARED;
}

DTLS_API void dtls_x25519_public(uint8_t pub[32], const uint8_t priv[32])
{
    static const uint8_t base[32] = {9};
    (void)dtls__x25519_ladder(pub, priv, base);
}

#undef DTLS__X25519_NL
#undef DTLS__X25519_M
#if DTLS_X25519_SPEED
#undef DTLS__X25519_M51
#else
#undef DTLS__X25519_M26
#undef DTLS__X25519_M25
#endif

#endif /* DTLS_ENABLE_X25519 */
