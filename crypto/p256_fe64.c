/* p256_fe64.c - the P-256 field of the speed profile (DTLS_P256_SPEED 1):
 * p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in 4 x 64-bit limbs, least
 * significant first, in Montgomery form: the element a is held as
 * a R mod p, R = 2^256, always fully reduced (p256_int.h).
 *
 * Products: 4 x 4 schoolbook through dtls__u128 (the prologue's
 * 64x64->128 multiply), then four word-by-word Montgomery reduction steps
 * (REDC, Montgomery 1985).  p = -1 mod 2^64, so -p^-1 mod 2^64 = 1: each step's
 * quotient digit is the low limb itself, and the step adds m p, whose lowest
 * limb clears it.  The reduced value is < 2p and one masked subtraction makes
 * it < p.  No branch, no table, no division: constant time wherever the
 * multiply instruction is (x86-64 MUL, AArch64 MUL/UMULH, RV64 MUL/MULHU). */
#include "p256_int.h"

#if DTLS_ENABLE_P256 && DTLS_P256_SPEED

/* p, and R^2 mod p (into the Montgomery domain), R mod p (the element 1). */
static const uint64_t dtls__p256_p64[4] = {UINT64_C(0xffffffffffffffff), UINT64_C(0x00000000ffffffff),
                                           UINT64_C(0x0000000000000000), UINT64_C(0xffffffff00000001)};
static const dtls__p256_fe dtls__p256_rr = {UINT64_C(0x0000000000000003), UINT64_C(0xfffffffbffffffff),
                                            UINT64_C(0xfffffffffffffffe), UINT64_C(0x00000004fffffffd)};
static const dtls__p256_fe dtls__p256_r1 = {UINT64_C(0x0000000000000001), UINT64_C(0xffffffff00000000),
                                            UINT64_C(0xffffffffffffffff), UINT64_C(0x00000000fffffffe)};

/* lo(a b + t + c), c = hi(...): one multiply-accumulate step (never overflows:
 * (2^64 - 1)^2 + 2 (2^64 - 1) = 2^128 - 1). */
DTLS__INLINE uint64_t dtls__p256_mac(uint64_t a, uint64_t b, uint64_t t, uint64_t *c)
{
    dtls__u128 acc = (dtls__u128)a * b + t + *c;
    *c = (uint64_t)(acc >> 64);
    return (uint64_t)acc;
}

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

/* One REDC step: t += m p, m = t0 (p = -1 mod 2^64, so -p^-1 = 1): m p =
 * m 2^256 - m 2^224 + m 2^192 + m 2^96 - m, and t0 + m p0 = m 2^64 clears
 * limb 0 with a carry of m.  The carry out of t4 is due one limb higher: it
 * is kept in top and added by the next step (or is bit 256 of the result). */
DTLS__INLINE void dtls__p256_redc_step(uint64_t t0, uint64_t *t1, uint64_t *t2, uint64_t *t3, uint64_t *t4,
                                       uint64_t *top)
{
    uint64_t c = t0;

    *t1 = dtls__p256_mac(t0, dtls__p256_p64[1], *t1, &c);
    *t2 = dtls__p256_adc(*t2, 0, &c);
    *t3 = dtls__p256_mac(t0, dtls__p256_p64[3], *t3, &c);
    *t4 = dtls__p256_adc(*t4, *top, &c);
    *top = c;
}

/* r = t R^-1 mod p for t = t0 + t1 2^64 + ... + t7 2^448 < p R: the result
 * is < 2p before the final subtraction. */
DTLS__INLINE void dtls__p256_fe64_redc(dtls__p256_fe r, uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3,
                                       uint64_t t4, uint64_t t5, uint64_t t6, uint64_t t7)
{
    uint64_t top = 0;

    dtls__p256_redc_step(t0, &t1, &t2, &t3, &t4, &top);
    dtls__p256_redc_step(t1, &t2, &t3, &t4, &t5, &top);
    dtls__p256_redc_step(t2, &t3, &t4, &t5, &t6, &top);
    dtls__p256_redc_step(t3, &t4, &t5, &t6, &t7, &top);
    dtls__p256_fe64_final(r, t4, t5, t6, t7, top);
}

DTLS__PRIV void dtls__p256_fe_mul(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c;

    c = 0;
    t0 = dtls__p256_mac(a[0], b[0], 0, &c);
    t1 = dtls__p256_mac(a[0], b[1], 0, &c);
    t2 = dtls__p256_mac(a[0], b[2], 0, &c);
    t3 = dtls__p256_mac(a[0], b[3], 0, &c);
    t4 = c;
    c = 0;
    t1 = dtls__p256_mac(a[1], b[0], t1, &c);
    t2 = dtls__p256_mac(a[1], b[1], t2, &c);
    t3 = dtls__p256_mac(a[1], b[2], t3, &c);
    t4 = dtls__p256_mac(a[1], b[3], t4, &c);
    t5 = c;
    c = 0;
    t2 = dtls__p256_mac(a[2], b[0], t2, &c);
    t3 = dtls__p256_mac(a[2], b[1], t3, &c);
    t4 = dtls__p256_mac(a[2], b[2], t4, &c);
    t5 = dtls__p256_mac(a[2], b[3], t5, &c);
    t6 = c;
    c = 0;
    t3 = dtls__p256_mac(a[3], b[0], t3, &c);
    t4 = dtls__p256_mac(a[3], b[1], t4, &c);
    t5 = dtls__p256_mac(a[3], b[2], t5, &c);
    t6 = dtls__p256_mac(a[3], b[3], t6, &c);
    t7 = c;
    dtls__p256_fe64_redc(r, t0, t1, t2, t3, t4, t5, t6, t7);
}

/* The 6 cross products once, doubled, plus the 4 squares. */
DTLS__PRIV void dtls__p256_fe_sqr(dtls__p256_fe r, const dtls__p256_fe a)
{
    uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c;

    c = 0;
    t1 = dtls__p256_mac(a[0], a[1], 0, &c);
    t2 = dtls__p256_mac(a[0], a[2], 0, &c);
    t3 = dtls__p256_mac(a[0], a[3], 0, &c);
    t4 = c;
    c = 0;
    t3 = dtls__p256_mac(a[1], a[2], t3, &c);
    t4 = dtls__p256_mac(a[1], a[3], t4, &c);
    t5 = c;
    c = 0;
    t5 = dtls__p256_mac(a[2], a[3], t5, &c);
    t6 = c;
    t7 = t6 >> 63; /* the cross products are < 2^511: doubled, < 2^512 */
    t6 = (t6 << 1) | (t5 >> 63);
    t5 = (t5 << 1) | (t4 >> 63);
    t4 = (t4 << 1) | (t3 >> 63);
    t3 = (t3 << 1) | (t2 >> 63);
    t2 = (t2 << 1) | (t1 >> 63);
    t1 <<= 1;
    c = 0;
    t0 = dtls__p256_mac(a[0], a[0], 0, &c);
    t1 = dtls__p256_adc(t1, 0, &c);
    t2 = dtls__p256_mac(a[1], a[1], t2, &c);
    t3 = dtls__p256_adc(t3, 0, &c);
    t4 = dtls__p256_mac(a[2], a[2], t4, &c);
    t5 = dtls__p256_adc(t5, 0, &c);
    t6 = dtls__p256_mac(a[3], a[3], t6, &c);
    t7 = dtls__p256_adc(t7, 0, &c);
    dtls__p256_fe64_redc(r, t0, t1, t2, t3, t4, t5, t6, t7);
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
    dtls__p256_fe x;
    int i;

    dtls__p256_fe64_redc(x, a[0], a[1], a[2], a[3], 0, 0, 0, 0); /* a R R^-1 */
    for (i = 0; i < 4; i++)
        dtls__store64_be(out + 8 * (3 - i), x[i]);
    dtls_wipe(x, sizeof x);
}

#endif /* DTLS_ENABLE_P256 && DTLS_P256_SPEED */
