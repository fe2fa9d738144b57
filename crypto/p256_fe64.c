/* p256_fe64.c - the P-256 field of the speed profile (DTLS_P256_SPEED 1):
 * p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in 4 x 64-bit limbs, least
 * significant first, in Montgomery form: the element a is held as
 * a R mod p, R = 2^256, always fully reduced (p256_int.h).  Also the
 * scalars mod the group order n for ECDSA (dtls__p256_sc_*).
 *
 * Products: product scanning (Comba) with the Montgomery reduction
 * interleaved (REDC, Montgomery 1985): column k of the sum is accumulated in
 * a dtls__u128 plus a third word, from the limb products a_i b_j (i + j = k)
 * and the products m_i p_(k-i) of the earlier quotient digits; then that
 * column's digit m_k is taken and the column shifted out.  p = -1 mod 2^64,
 * so -p^-1 mod 2^64 = 1: each digit is the column's low limb itself, and
 * adding m p0 = m 2^64 - m clears it with a carry of m.  Whole 128-bit
 * products added to a 128-bit sum are what gcc compiles well (add/adc);
 * operand scanning's chains of 64-bit carries cost it about 25% more
 * instructions per multiplication.  The reduced value is < 2p and one masked
 * subtraction makes it < p.  No branch, no table, no division: constant time
 * wherever the multiply instruction is (x86-64 MUL, AArch64 MUL/UMULH, RV64
 * MUL/MULHU). */
#include "p256_int.h"

#if DTLS_ENABLE_P256 && DTLS_P256_SPEED

/* p, and R^2 mod p (into the Montgomery domain), R mod p (the element 1). */
static const uint64_t dtls__p256_p64[4] = {UINT64_C(0xffffffffffffffff), UINT64_C(0x00000000ffffffff),
                                           UINT64_C(0x0000000000000000), UINT64_C(0xffffffff00000001)};
static const dtls__p256_fe dtls__p256_rr = {UINT64_C(0x0000000000000003), UINT64_C(0xfffffffbffffffff),
                                            UINT64_C(0xfffffffffffffffe), UINT64_C(0x00000004fffffffd)};
static const dtls__p256_fe dtls__p256_r1 = {UINT64_C(0x0000000000000001), UINT64_C(0xffffffff00000000),
                                            UINT64_C(0xffffffffffffffff), UINT64_C(0x00000000fffffffe)};

/* a + b + c mod 2^64, c = the carry out (any c in: the carry out is then at
 * most 2).  Plain 64-bit compares: gcc makes add/adc of them, where a
 * 128-bit sum costs it zero-extensions (about twice the instructions). */
DTLS__INLINE uint64_t dtls__p256_adc(uint64_t a, uint64_t b, uint64_t *c)
{
    uint64_t s = a + b, t = s + *c;

    *c = (uint64_t)(s < a) + (uint64_t)(t < s);
    return t;
}

/* a - b - w mod 2^64, w = the borrow (0 or 1 on entry and exit). */
DTLS__INLINE uint64_t dtls__p256_sbb(uint64_t a, uint64_t b, uint64_t *w)
{
    uint64_t d = a - b, e = d - *w;

    *w = (uint64_t)(a < b) + (uint64_t)(d < *w); /* never both */
    return e;
}

/* r = v - p if v >= p else v, for v = t + top 2^256 < 2p (top 0 or 1). */
DTLS__INLINE void dtls__p256_fe64_final(dtls__p256_fe r, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3,
                                        uint64_t top)
{
    uint64_t w = 0, keep, s0, s1, s2, s3;

    s0 = dtls__p256_sbb(t0, dtls__p256_p64[0], &w);
    s1 = dtls__p256_sbb(t1, dtls__p256_p64[1], &w);
    s2 = dtls__p256_sbb(t2, dtls__p256_p64[2], &w);
    s3 = dtls__p256_sbb(t3, dtls__p256_p64[3], &w);
    keep = (uint64_t)0 - (w & (top ^ 1U)); /* v < p: keep v */
    r[0] = s0 ^ (keep & (t0 ^ s0));
    r[1] = s1 ^ (keep & (t1 ^ s1));
    r[2] = s2 ^ (keep & (t2 ^ s2));
    r[3] = s3 ^ (keep & (t3 ^ s3));
}

/* Product scanning: the column sum is acc + c2 2^128 (a column has at most
 * seven products of limbs and a carry, far below 2^192). */
#define DTLS__P256_MA(x, y) \
    do { \
        dtls__u128 p_ = (dtls__u128)(x) * (y); \
        acc += p_; \
        c2 += (uint64_t)(acc < p_); \
    } while (0)
/* Next column: shift the sum down one limb. */
#define DTLS__P256_COL() \
    do { \
        acc = (acc >> 64) | ((dtls__u128)c2 << 64); \
        c2 = 0; \
    } while (0)
/* Quotient digit m of the current column (-p^-1 = 1 mod 2^64: the low
 * limb) and the carry of adding m p0 = m 2^64 - m: (acc >> 64) + m. */
#define DTLS__P256_DIG(m) \
    do { \
        (m) = (uint64_t)acc; \
        DTLS__P256_COL(); \
        acc += (m); \
        c2 += (uint64_t)(acc < (m)); \
    } while (0)
#define DTLS__P256_P1 UINT64_C(0x00000000ffffffff)
#define DTLS__P256_P3 UINT64_C(0xffffffff00000001)

/* r = a b R^-1.  In 64-bit limbs p1 = 2^32 - 1, p2 = 0, p3 = 2^64 - 2^32 + 1:
 * digit m_i adds m_i p1 to column i + 1 and m_i p3 to column i + 3.  With
 * a b < p^2 the result (a b + m p) / 2^256 is < 2p: top is 0 or 1. */
DTLS__PRIV void dtls__p256_fe_mul(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    dtls__u128 acc = 0;
    uint64_t c2 = 0, m0, m1, m2, m3, r0, r1, r2, r3;

    DTLS__P256_MA(a[0], b[0]);
    DTLS__P256_DIG(m0);
    DTLS__P256_MA(a[0], b[1]);
    DTLS__P256_MA(a[1], b[0]);
    DTLS__P256_MA(m0, DTLS__P256_P1);
    DTLS__P256_DIG(m1);
    DTLS__P256_MA(a[0], b[2]);
    DTLS__P256_MA(a[1], b[1]);
    DTLS__P256_MA(a[2], b[0]);
    DTLS__P256_MA(m1, DTLS__P256_P1);
    DTLS__P256_DIG(m2);
    DTLS__P256_MA(a[0], b[3]);
    DTLS__P256_MA(a[1], b[2]);
    DTLS__P256_MA(a[2], b[1]);
    DTLS__P256_MA(a[3], b[0]);
    DTLS__P256_MA(m0, DTLS__P256_P3);
    DTLS__P256_MA(m2, DTLS__P256_P1);
    DTLS__P256_DIG(m3);
    DTLS__P256_MA(a[1], b[3]);
    DTLS__P256_MA(a[2], b[2]);
    DTLS__P256_MA(a[3], b[1]);
    DTLS__P256_MA(m1, DTLS__P256_P3);
    DTLS__P256_MA(m3, DTLS__P256_P1);
    r0 = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA(a[2], b[3]);
    DTLS__P256_MA(a[3], b[2]);
    DTLS__P256_MA(m2, DTLS__P256_P3);
    r1 = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA(a[3], b[3]);
    DTLS__P256_MA(m3, DTLS__P256_P3);
    r2 = (uint64_t)acc;
    DTLS__P256_COL();
    r3 = (uint64_t)acc;
    dtls__p256_fe64_final(r, r0, r1, r2, r3, (uint64_t)(acc >> 64));
}

/* The same with each cross product once, doubled in the accumulator (a
 * product of two limbs is < 2^128 - 2^65: doubling it by adding it twice
 * keeps the column within acc + c2 2^128). */
#define DTLS__P256_MA2(x, y) \
    do { \
        dtls__u128 p_ = (dtls__u128)(x) * (y); \
        acc += p_; \
        c2 += (uint64_t)(acc < p_); \
        acc += p_; \
        c2 += (uint64_t)(acc < p_); \
    } while (0)

DTLS__PRIV void dtls__p256_fe_sqr(dtls__p256_fe r, const dtls__p256_fe a)
{
    dtls__u128 acc = 0;
    uint64_t c2 = 0, m0, m1, m2, m3, r0, r1, r2, r3;

    DTLS__P256_MA(a[0], a[0]);
    DTLS__P256_DIG(m0);
    DTLS__P256_MA2(a[0], a[1]);
    DTLS__P256_MA(m0, DTLS__P256_P1);
    DTLS__P256_DIG(m1);
    DTLS__P256_MA2(a[0], a[2]);
    DTLS__P256_MA(a[1], a[1]);
    DTLS__P256_MA(m1, DTLS__P256_P1);
    DTLS__P256_DIG(m2);
    DTLS__P256_MA2(a[0], a[3]);
    DTLS__P256_MA2(a[1], a[2]);
    DTLS__P256_MA(m0, DTLS__P256_P3);
    DTLS__P256_MA(m2, DTLS__P256_P1);
    DTLS__P256_DIG(m3);
    DTLS__P256_MA2(a[1], a[3]);
    DTLS__P256_MA(a[2], a[2]);
    DTLS__P256_MA(m1, DTLS__P256_P3);
    DTLS__P256_MA(m3, DTLS__P256_P1);
    r0 = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA2(a[2], a[3]);
    DTLS__P256_MA(m2, DTLS__P256_P3);
    r1 = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA(a[3], a[3]);
    DTLS__P256_MA(m3, DTLS__P256_P3);
    r2 = (uint64_t)acc;
    DTLS__P256_COL();
    r3 = (uint64_t)acc;
    dtls__p256_fe64_final(r, r0, r1, r2, r3, (uint64_t)(acc >> 64));
}

DTLS__PRIV void dtls__p256_fe_add(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint64_t t0, t1, t2, t3, c = 0;

    t0 = dtls__p256_adc(a[0], b[0], &c);
    t1 = dtls__p256_adc(a[1], b[1], &c);
    t2 = dtls__p256_adc(a[2], b[2], &c);
    t3 = dtls__p256_adc(a[3], b[3], &c);
    dtls__p256_fe64_final(r, t0, t1, t2, t3, c);
}

DTLS__PRIV void dtls__p256_fe_sub(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint64_t t0, t1, t2, t3, w = 0, mask, c = 0;

    t0 = dtls__p256_sbb(a[0], b[0], &w);
    t1 = dtls__p256_sbb(a[1], b[1], &w);
    t2 = dtls__p256_sbb(a[2], b[2], &w);
    t3 = dtls__p256_sbb(a[3], b[3], &w);
    mask = (uint64_t)0 - w; /* a < b: add p */
    r[0] = dtls__p256_adc(t0, dtls__p256_p64[0] & mask, &c);
    r[1] = dtls__p256_adc(t1, dtls__p256_p64[1] & mask, &c);
    r[2] = dtls__p256_adc(t2, dtls__p256_p64[2] & mask, &c);
    r[3] = dtls__p256_adc(t3, dtls__p256_p64[3] & mask, &c);
}

/* r = a / 2: a + p (when a is odd, masked) is even and < 2p < 2^257, so
 * its half is < p. */
DTLS__PRIV void dtls__p256_fe_half(dtls__p256_fe r, const dtls__p256_fe a)
{
    uint64_t mask = (uint64_t)0 - (a[0] & 1U), c = 0, t0, t1, t2, t3;

    t0 = dtls__p256_adc(a[0], dtls__p256_p64[0] & mask, &c);
    t1 = dtls__p256_adc(a[1], dtls__p256_p64[1] & mask, &c);
    t2 = dtls__p256_adc(a[2], 0, &c);
    t3 = dtls__p256_adc(a[3], dtls__p256_p64[3] & mask, &c);
    r[0] = (t0 >> 1) | (t1 << 63);
    r[1] = (t1 >> 1) | (t2 << 63);
    r[2] = (t2 >> 1) | (t3 << 63);
    r[3] = (t3 >> 1) | (c << 63);
}

DTLS__PRIV void dtls__p256_fe_one(dtls__p256_fe r)
{
    memcpy(r, dtls__p256_r1, sizeof(dtls__p256_fe));
}

DTLS__PRIV uint32_t dtls__p256_fe_is_zero(const dtls__p256_fe a)
{
    uint64_t x = a[0] | a[1] | a[2] | a[3];

    return (uint32_t)(((x | ((uint64_t)0 - x)) >> 63) ^ 1U);
}

DTLS__PRIV void dtls__p256_fe_cmov(dtls__p256_fe r, const dtls__p256_fe a, uint32_t mask)
{
    uint64_t m = (uint64_t)0 - (uint64_t)(mask & 1U);
    int i;

    for (i = 0; i < 4; i++)
        r[i] ^= m & (a[i] ^ r[i]);
}

DTLS__PRIV uint32_t dtls__p256_fe_from_bytes(dtls__p256_fe r, const uint8_t in[32])
{
    uint64_t x[4], borrow = 0;
    dtls__u128 acc;
    int i;

    for (i = 0; i < 4; i++)
        x[i] = dtls__load64_be(in + 8 * (3 - i));
    for (i = 0; i < 4; i++) {
        acc = (dtls__u128)x[i] - dtls__p256_p64[i] - borrow;
        borrow = (uint64_t)(acc >> 127);
    }
    dtls__p256_fe_mul(r, x, dtls__p256_rr); /* x R^2 R^-1 = x R; x < 2^256 keeps the product < p R */
    return (uint32_t)borrow;
}

DTLS__PRIV void dtls__p256_fe_to_bytes(uint8_t out[32], const dtls__p256_fe a)
{
    static const dtls__p256_fe one = {1, 0, 0, 0};
    dtls__p256_fe x;
    int i;

    dtls__p256_fe_mul(x, a, one); /* a R R^-1 */
    for (i = 0; i < 4; i++)
        dtls__store64_be(out + 8 * (3 - i), x[i]);
    dtls_wipe(x, sizeof x);
}

/* ---- Scalars mod n (ECDSA) ------------------------------------------------
 * n = the group order, in 4 x 64-bit limbs, Montgomery form with R = 2^256:
 * the generic 32-bit code of ecc.c made the two inversions mod n of a
 * verification and the one of a signature about a sixth of a handshake.
 * Products are 4 x 4 schoolbook then four REDC steps with the quotient digit
 * t_i n' mod 2^64, n' = -n^-1 mod 2^64; inversion is Fermat (n prime) with a
 * fixed addition chain over the public exponent n - 2.  No branch on values,
 * no table lookup by value: constant time like the field above. */
static const uint64_t dtls__p256_n64[4] = {UINT64_C(0xf3b9cac2fc632551), UINT64_C(0xbce6faada7179e84),
                                           UINT64_C(0xffffffffffffffff), UINT64_C(0xffffffff00000000)};
/* R^2 mod n */
static const uint64_t dtls__p256_nrr[4] = {UINT64_C(0x83244c95be79eea2), UINT64_C(0x4699799c49bd6fa6),
                                           UINT64_C(0x2845b2392b6bec59), UINT64_C(0x66e12d94f3d95620)};
#define DTLS__P256_N0 UINT64_C(0xccd1c8aaee00bc4f) /* -n^-1 mod 2^64 */

/* r = v - n if v >= n else v, for v = t + top 2^256 < 2n. */
static void dtls__p256_sc_final(uint64_t r[4], const uint64_t t[4], uint64_t top)
{
    uint64_t s[4], w = 0, keep;
    int i;

    for (i = 0; i < 4; i++)
        s[i] = dtls__p256_sbb(t[i], dtls__p256_n64[i], &w);
    keep = (uint64_t)0 - (w & (top ^ 1U)); /* v < n: keep v */
    for (i = 0; i < 4; i++)
        r[i] = s[i] ^ (keep & (t[i] ^ s[i]));
}

/* The quotient digit of the current column, m = lo(acc) n' mod 2^64, and
 * m n0 added: the column's low limb becomes zero. */
#define DTLS__P256_NDIG(m) \
    do { \
        (m) = (uint64_t)acc * DTLS__P256_N0; \
        DTLS__P256_MA(m, dtls__p256_n64[0]); \
        DTLS__P256_COL(); \
    } while (0)

/* r = a b R^-1 mod n for a, b < n (r may alias a or b): product scanning
 * with the reduction interleaved, as dtls__p256_fe_mul. */
static void dtls__p256_sc_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    dtls__u128 acc = 0;
    uint64_t c2 = 0, m0, m1, m2, m3, t[4];

    DTLS__P256_MA(a[0], b[0]);
    DTLS__P256_NDIG(m0);
    DTLS__P256_MA(a[0], b[1]);
    DTLS__P256_MA(a[1], b[0]);
    DTLS__P256_MA(m0, dtls__p256_n64[1]);
    DTLS__P256_NDIG(m1);
    DTLS__P256_MA(a[0], b[2]);
    DTLS__P256_MA(a[1], b[1]);
    DTLS__P256_MA(a[2], b[0]);
    DTLS__P256_MA(m0, dtls__p256_n64[2]);
    DTLS__P256_MA(m1, dtls__p256_n64[1]);
    DTLS__P256_NDIG(m2);
    DTLS__P256_MA(a[0], b[3]);
    DTLS__P256_MA(a[1], b[2]);
    DTLS__P256_MA(a[2], b[1]);
    DTLS__P256_MA(a[3], b[0]);
    DTLS__P256_MA(m0, dtls__p256_n64[3]);
    DTLS__P256_MA(m1, dtls__p256_n64[2]);
    DTLS__P256_MA(m2, dtls__p256_n64[1]);
    DTLS__P256_NDIG(m3);
    DTLS__P256_MA(a[1], b[3]);
    DTLS__P256_MA(a[2], b[2]);
    DTLS__P256_MA(a[3], b[1]);
    DTLS__P256_MA(m1, dtls__p256_n64[3]);
    DTLS__P256_MA(m2, dtls__p256_n64[2]);
    DTLS__P256_MA(m3, dtls__p256_n64[1]);
    t[0] = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA(a[2], b[3]);
    DTLS__P256_MA(a[3], b[2]);
    DTLS__P256_MA(m2, dtls__p256_n64[3]);
    DTLS__P256_MA(m3, dtls__p256_n64[2]);
    t[1] = (uint64_t)acc;
    DTLS__P256_COL();
    DTLS__P256_MA(a[3], b[3]);
    DTLS__P256_MA(m3, dtls__p256_n64[3]);
    t[2] = (uint64_t)acc;
    DTLS__P256_COL();
    t[3] = (uint64_t)acc;
    dtls__p256_sc_final(r, t, (uint64_t)(acc >> 64)); /* < 2n */
}

static void dtls__p256_sc_sqrn(uint64_t r[4], const uint64_t a[4], int n)
{
    dtls__p256_sc_mul(r, a, a);
    while (--n > 0)
        dtls__p256_sc_mul(r, r, r);
}

/* r = a^(n-2) (Montgomery form in and out; the inverse of a != 0).
 * n - 2 = ffffffff 00000000 ffffffff ffffffff then the 32 hex digits of
 * dtls__p256_ninv_lo: the top half by runs of ones, the low half by a 4-bit
 * fixed window (the digits are public constants). */
static const uint8_t dtls__p256_ninv_lo[32] = {0xb, 0xc, 0xe, 0x6, 0xf, 0xa, 0xa, 0xd, 0xa, 0x7, 0x1,
                                                0x7, 0x9, 0xe, 0x8, 0x4, 0xf, 0x3, 0xb, 0x9, 0xc, 0xa,
                                                0xc, 0x2, 0xf, 0xc, 0x6, 0x3, 0x2, 0x5, 0x4, 0xf};
static void dtls__p256_sc_inv(uint64_t r[4], const uint64_t a[4])
{
    uint64_t tab[16][4], x8[4], x16[4], x32[4], acc[4];
    int i;

    memcpy(tab[1], a, sizeof tab[1]);
    for (i = 2; i < 16; i++)
        dtls__p256_sc_mul(tab[i], tab[i - 1], a); /* a^i */
    dtls__p256_sc_sqrn(x8, tab[15], 4);
    dtls__p256_sc_mul(x8, x8, tab[15]); /* a^(2^8 - 1) */
    dtls__p256_sc_sqrn(x16, x8, 8);
    dtls__p256_sc_mul(x16, x16, x8);
    dtls__p256_sc_sqrn(x32, x16, 16);
    dtls__p256_sc_mul(x32, x32, x16); /* a^(2^32 - 1) */
    dtls__p256_sc_sqrn(acc, x32, 64);
    dtls__p256_sc_mul(acc, acc, x32); /* ffffffff 00000000 ffffffff */
    dtls__p256_sc_sqrn(acc, acc, 32);
    dtls__p256_sc_mul(acc, acc, x32); /* ... ffffffff */
    for (i = 0; i < 32; i++) {
        dtls__p256_sc_sqrn(acc, acc, 4);
        if (dtls__p256_ninv_lo[i]) dtls__p256_sc_mul(acc, acc, tab[dtls__p256_ninv_lo[i]]);
    }
    memcpy(r, acc, sizeof acc);
    dtls_wipe(tab, sizeof tab);
    dtls_wipe(x8, sizeof x8);
    dtls_wipe(x16, sizeof x16);
    dtls_wipe(x32, sizeof x32);
    dtls_wipe(acc, sizeof acc);
}

/* 8 x 32-bit limbs <-> 4 x 64-bit limbs, least significant first. */
static void dtls__p256_sc_load(uint64_t r[4], const uint32_t a[8])
{
    int i;

    for (i = 0; i < 4; i++)
        r[i] = (uint64_t)a[2 * i] | ((uint64_t)a[2 * i + 1] << 32);
}

static void dtls__p256_sc_store(uint32_t r[8], const uint64_t a[4])
{
    int i;

    for (i = 0; i < 4; i++) {
        r[2 * i] = (uint32_t)a[i];
        r[2 * i + 1] = (uint32_t)(a[i] >> 32);
    }
}

DTLS__PRIV void dtls__p256_sc_sign(uint32_t s[8], const uint32_t k[8], const uint32_t e[8], const uint32_t r[8],
                                   const uint32_t d[8])
{
    uint64_t kk[4], x[4], y[4], w = 0, c = 0, mask;
    int i;

    dtls__p256_sc_load(kk, k);
    dtls__p256_sc_mul(kk, kk, dtls__p256_nrr); /* k R */
    dtls__p256_sc_inv(kk, kk);                 /* k^-1 R */
    dtls__p256_sc_load(x, r);
    dtls__p256_sc_mul(x, x, dtls__p256_nrr); /* r R */
    dtls__p256_sc_load(y, d);
    dtls__p256_sc_mul(x, x, y); /* r d */
    dtls__p256_sc_load(y, e);
    for (i = 0; i < 4; i++) /* e + r d mod n: both < n */
        x[i] = dtls__p256_adc(x[i], y[i], &c);
    for (i = 0; i < 4; i++)
        y[i] = dtls__p256_sbb(x[i], dtls__p256_n64[i], &w);
    mask = (uint64_t)0 - (w & (c ^ 1U)); /* the sum < n: keep it */
    for (i = 0; i < 4; i++)
        x[i] = y[i] ^ (mask & (x[i] ^ y[i]));
    dtls__p256_sc_mul(x, kk, x); /* k^-1 (e + r d) */
    dtls__p256_sc_store(s, x);
    dtls_wipe(kk, sizeof kk);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
}

DTLS__PRIV void dtls__p256_sc_verify(uint32_t u1[8], uint32_t u2[8], const uint32_t s[8], const uint32_t e[8],
                                     const uint32_t r[8])
{
    uint64_t w[4], x[4];

    dtls__p256_sc_load(w, s);
    dtls__p256_sc_mul(w, w, dtls__p256_nrr); /* s R */
    dtls__p256_sc_inv(w, w);                 /* s^-1 R */
    dtls__p256_sc_load(x, e);
    dtls__p256_sc_mul(x, w, x); /* e / s */
    dtls__p256_sc_store(u1, x);
    dtls__p256_sc_load(x, r);
    dtls__p256_sc_mul(x, w, x); /* r / s */
    dtls__p256_sc_store(u2, x);
}

#endif /* DTLS_ENABLE_P256 && DTLS_P256_SPEED */
