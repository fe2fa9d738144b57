/* p256_fe32.c - the P-256 field of the size profile (DTLS_P256_SPEED 0):
 * p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in 8 x 32-bit limbs, least significant
 * first, plain integers always fully reduced (p256_int.h).
 *
 * Products are schoolbook (every product through dtls__mul32x32, so
 * DTLS_CT_MUL16 applies) followed by the NIST fast reduction of FIPS 186-4
 * D.2.3 (Solinas), with signed carries kept in two's complement uint64_t and
 * the final correction done with masks.  No 64-bit multiply, no division, no
 * table: this is the profile for 8-, 16- and 32-bit targets. */
#include "p256_int.h"
#include "ecc_int.h"

#if DTLS_ENABLE_P256 && !DTLS_P256_SPEED

static const uint32_t dtls__p256_p[8] = {0xffffffffU, 0xffffffffU, 0xffffffffU, 0x00000000U,
                                         0x00000000U, 0x00000000U, 0x00000001U, 0xffffffffU};

/* Arithmetic right shift by 32 of a two's complement value held in a uint64_t. */
static uint64_t dtls__p256_sar32(uint64_t x)
{
    return (x >> 32) | ((0U - (x >> 63)) << 32);
}

/* r = a - b over 8 limbs; returns the borrow (0 or 1). */
static uint32_t dtls__p256_sub8(uint32_t *r, const uint32_t *a, const uint32_t *b)
{
    uint64_t acc = 0;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)a[i] - (uint64_t)b[i] - (acc >> 63);
        r[i] = (uint32_t)acc;
    }
    return (uint32_t)(acc >> 63);
}

/* r = a + b mod p */
DTLS__PRIV void dtls__p256_fe_add(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t t[8];
    uint64_t acc = 0;
    uint32_t carry, keep;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)a[i] + b[i] + (acc >> 32);
        t[i] = (uint32_t)acc;
    }
    carry = (uint32_t)(acc >> 32);
    keep = dtls__ct_mask32(dtls__p256_sub8(r, t, dtls__p256_p) & (carry ^ 1U));
    for (i = 0; i < 8; i++)
        r[i] = dtls__ct_select32(keep, t[i], r[i]);
}

/* r = a - b mod p */
DTLS__PRIV void dtls__p256_fe_sub(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t mask = dtls__ct_mask32(dtls__p256_sub8(r, a, b));
    uint64_t acc = 0;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)r[i] + (dtls__p256_p[i] & mask) + (acc >> 32);
        r[i] = (uint32_t)acc;
    }
}

/* r = c mod p for a 512-bit c (FIPS 186-4 D.2.3). */
static void dtls__p256_reduce(dtls__p256_fe r, const uint32_t c[16])
{
    uint64_t c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11], c12 = c[12], c13 = c[13],
             c14 = c[14], c15 = c[15];
    uint64_t acc, s;
    uint32_t t[8], top, neg, keep;
    int i;

    /* s1 + 2 s2 + 2 s3 + s4 + s5 - s6 - s7 - s8 - s9, limb by limb; each
     * column sum is within +-2^36, so the wrapping uint64_t arithmetic holds
     * the exact two's complement value. */
    acc = (uint64_t)c[0] + c8 + c9 - c11 - c12 - c13 - c14;
    t[0] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[1] + c9 + c10 - c12 - c13 - c14 - c15;
    t[1] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[2] + c10 + c11 - c13 - c14 - c15;
    t[2] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[3] + c11 + c11 + c12 + c12 + c13 - c15 - c8 - c9;
    t[3] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[4] + c12 + c12 + c13 + c13 + c14 - c9 - c10;
    t[4] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[5] + c13 + c13 + c14 + c14 + c15 - c10 - c11;
    t[5] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[6] + c13 + c14 + c14 + c14 + c15 + c15 - c8 - c9;
    t[6] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[7] + c8 + c15 + c15 + c15 - c10 - c11 - c12 - c13;
    t[7] = (uint32_t)acc;
    s = dtls__p256_sar32(acc); /* the value is t + s 2^256, s in [-4, 6] */

    /* Subtract s p: adds s (2^224 - 2^192 - 2^96 + 1); the result V = r + top 2^256
     * lies in (-p, 2p), top in {-1, 0, 1}. */
    acc = (uint64_t)t[0] + s;
    r[0] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[1];
    r[1] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[2];
    r[2] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[3] - s;
    r[3] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[4];
    r[4] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[5];
    r[5] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[6] - s;
    r[6] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[7] + s;
    r[7] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc);
    top = (uint32_t)acc;

    /* V < 0: add p (then V in (0, p)). */
    neg = dtls__ct_mask32((uint32_t)(acc >> 63));
    acc = 0;
    for (i = 0; i < 8; i++) {
        acc = (uint64_t)r[i] + (dtls__p256_p[i] & neg) + (acc >> 32);
        r[i] = (uint32_t)acc;
    }
    top += (uint32_t)(acc >> 32); /* now 0 or 1 */

    /* V >= p: subtract p. */
    keep = dtls__ct_mask32(dtls__p256_sub8(t, r, dtls__p256_p) & (top ^ 1U));
    for (i = 0; i < 8; i++)
        r[i] = dtls__ct_select32(keep, r[i], t[i]);
}

/* r = a b mod p */
DTLS__PRIV void dtls__p256_fe_mul(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t c[16];
    uint64_t acc;
    uint32_t carry;
    int i, j;

    for (j = 0; j < 8; j++)
        c[j] = 0;
    for (i = 0; i < 8; i++) {
        uint32_t ai = a[i];
        carry = 0;
        for (j = 0; j < 8; j++) {
            acc = (uint64_t)c[i + j] + dtls__mul32x32(ai, b[j]) + carry;
            c[i + j] = (uint32_t)acc;
            carry = (uint32_t)(acc >> 32);
        }
        c[i + 8] = carry;
    }
    dtls__p256_reduce(r, c);
}

/* r = a^2 mod p: 28 cross products doubled plus 8 squares. */
DTLS__PRIV void dtls__p256_fe_sqr(dtls__p256_fe r, const dtls__p256_fe a)
{
    uint32_t c[16];
    uint64_t acc, sq;
    uint32_t carry;
    int i, j;

    for (j = 0; j < 16; j++)
        c[j] = 0;
    for (i = 0; i < 7; i++) {
        uint32_t ai = a[i];
        carry = 0;
        for (j = i + 1; j < 8; j++) {
            acc = (uint64_t)c[i + j] + dtls__mul32x32(ai, a[j]) + carry;
            c[i + j] = (uint32_t)acc;
            carry = (uint32_t)(acc >> 32);
        }
        c[i + 8] = carry;
    }
    c[15] = c[14] >> 31;
    for (j = 14; j > 0; j--)
        c[j] = (c[j] << 1) | (c[j - 1] >> 31);
    c[0] <<= 1;
    acc = 0;
    for (i = 0; i < 8; i++) {
        sq = dtls__mul32x32(a[i], a[i]);
        acc = (uint64_t)c[2 * i] + (uint32_t)sq + (acc >> 32);
        c[2 * i] = (uint32_t)acc;
        acc = (uint64_t)c[2 * i + 1] + (uint32_t)(sq >> 32) + (acc >> 32);
        c[2 * i + 1] = (uint32_t)acc;
    }
    dtls__p256_reduce(r, c);
}

DTLS__PRIV void dtls__p256_fe_one(dtls__p256_fe r)
{
    memset(r, 0, sizeof(dtls__p256_fe));
    r[0] = 1;
}

DTLS__PRIV uint32_t dtls__p256_fe_is_zero(const dtls__p256_fe a)
{
    return dtls__ecc_is_zero(a, 8);
}

DTLS__PRIV void dtls__p256_fe_cmov(dtls__p256_fe r, const dtls__p256_fe a, uint32_t mask)
{
    int i;

    for (i = 0; i < 8; i++)
        r[i] = dtls__ct_select32(mask, a[i], r[i]);
}

DTLS__PRIV uint32_t dtls__p256_fe_from_bytes(dtls__p256_fe r, const uint8_t in[32])
{
    dtls__ecc_from_be(r, in, 8);
    return dtls__ecc_lt(r, dtls__p256_p, 8);
}

DTLS__PRIV void dtls__p256_fe_to_bytes(uint8_t out[32], const dtls__p256_fe a)
{
    dtls__ecc_to_be(out, a, 8);
}

#endif /* DTLS_ENABLE_P256 && !DTLS_P256_SPEED */
