/* p384.c - NIST P-384 ECDSA verification (FIPS 186-4 §6.4; curve D.1.2.4).
 *
 * Verification only, on public data, so variable time throughout.  The field
 * is the generic Montgomery arithmetic of ecc.c with 12 limbs (elements kept
 * in the Montgomery domain); points are Jacobian with dbl-2001-b (a = -3) and
 * add-2007-bl, exceptional cases (infinity, P = +-Q) handled by branches.
 * u1 G + u2 Q is computed with interleaved width-5 wNAFs (Shamir's trick)
 * over tables of 8 odd multiples of G and Q built per call: no static table. */
#include "p384.h"
#include "ecc_int.h"

#if DTLS_ENABLE_P384

#define DTLS__P384_L 12

typedef uint32_t dtls__p384_fe[DTLS__P384_L];

typedef struct dtls__p384_jac {
    dtls__p384_fe x, y, z;
} dtls__p384_jac;

static const dtls__ecc_mod dtls__p384_p = {
    {0xffffffffU, 0x00000000U, 0x00000000U, 0xffffffffU, 0xfffffffeU, 0xffffffffU, 0xffffffffU,
     0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU},
    {0x00000001U, 0xfffffffeU, 0x00000000U, 0x00000002U, 0x00000000U, 0xfffffffeU, 0x00000000U,
     0x00000002U, 0x00000001U, 0x00000000U, 0x00000000U, 0x00000000U},
    0x00000001U,
    12};
static const dtls__ecc_mod dtls__p384_n = {
    {0xccc52973U, 0xecec196aU, 0x48b0a77aU, 0x581a0db2U, 0xf4372ddfU, 0xc7634d81U, 0xffffffffU,
     0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU, 0xffffffffU},
    {0x19b409a9U, 0x2d319b24U, 0xdf1aa419U, 0xff3d81e5U, 0xfcb82947U, 0xbc3e483aU, 0x4aab1cc5U,
     0xd40d4917U, 0x28266895U, 0x3fb05b7aU, 0x2b39bf21U, 0x0c84ee01U},
    0xe88fdc45U,
    12};
/* b, G and 1 in the Montgomery domain (times 2^384 mod p). */
static const uint32_t dtls__p384_b_m[12] = {0x9d412dccU, 0x08118871U, 0x7a4c32ecU, 0xf729add8U,
                                            0x1920022eU, 0x77f2209bU, 0x94938ae2U, 0xe3374beeU,
                                            0x1f022094U, 0xb62b21f4U, 0x604fbff9U, 0xcd08114bU};
static const uint32_t dtls__p384_gx_m[12] = {0x49c0b528U, 0x3dd07566U, 0xa0d6ce38U, 0x20e378e2U,
                                             0x541b4d6eU, 0x879c3afcU, 0x59a30effU, 0x64548684U,
                                             0x614ede2bU, 0x812ff723U, 0x299e1513U, 0x4d3aadc2U};
static const uint32_t dtls__p384_gy_m[12] = {0x4b03a4feU, 0x23043dadU, 0x7bb4a9acU, 0xa1bfa8bfU,
                                             0x2e83b050U, 0x8bade756U, 0x68f4ffd9U, 0xc6c35219U,
                                             0x3969a840U, 0xdd800226U, 0x5a15c5e9U, 0x2b78abc2U};
static const uint32_t dtls__p384_one_m[12] = {0x00000001U, 0xffffffffU, 0xffffffffU, 0x00000000U,
                                              0x00000001U, 0, 0, 0, 0, 0, 0, 0};

#define DTLS__P384_MUL(r, a, b) dtls__ecc_mont_mul((r), (a), (b), &dtls__p384_p)
#define DTLS__P384_SQR(r, a) dtls__ecc_mont_mul((r), (a), (a), &dtls__p384_p)
#define DTLS__P384_ADD(r, a, b) dtls__ecc_mod_add((r), (a), (b), &dtls__p384_p)
#define DTLS__P384_SUB(r, a, b) dtls__ecc_mod_sub((r), (a), (b), &dtls__p384_p)

static int dtls__p384_is_inf(const dtls__p384_jac *a)
{
    return (int)dtls__ecc_is_zero(a->z, DTLS__P384_L);
}

/* r = 2 a (dbl-2001-b); r may alias a. */
static void dtls__p384_double(dtls__p384_jac *r, const dtls__p384_jac *a)
{
    dtls__p384_fe delta, gamma, beta, alpha, t1, t2;

    DTLS__P384_SQR(delta, a->z);
    DTLS__P384_SQR(gamma, a->y);
    DTLS__P384_MUL(beta, a->x, gamma);
    DTLS__P384_SUB(t1, a->x, delta);
    DTLS__P384_ADD(t2, a->x, delta);
    DTLS__P384_MUL(alpha, t1, t2);
    DTLS__P384_ADD(t1, alpha, alpha);
    DTLS__P384_ADD(alpha, t1, alpha);
    DTLS__P384_ADD(t1, a->y, a->z);
    DTLS__P384_SQR(t1, t1);
    DTLS__P384_SUB(t1, t1, gamma);
    DTLS__P384_SUB(r->z, t1, delta);
    DTLS__P384_ADD(beta, beta, beta);
    DTLS__P384_ADD(beta, beta, beta);
    DTLS__P384_SQR(t1, alpha);
    DTLS__P384_ADD(t2, beta, beta);
    DTLS__P384_SUB(r->x, t1, t2);
    DTLS__P384_SUB(t1, beta, r->x);
    DTLS__P384_MUL(t1, alpha, t1);
    DTLS__P384_SQR(gamma, gamma);
    DTLS__P384_ADD(gamma, gamma, gamma);
    DTLS__P384_ADD(gamma, gamma, gamma);
    DTLS__P384_ADD(gamma, gamma, gamma);
    DTLS__P384_SUB(r->y, t1, gamma);
}

/* r = a + b for any a, b (add-2007-bl with the exceptional cases). */
static void dtls__p384_add(dtls__p384_jac *r, const dtls__p384_jac *a, const dtls__p384_jac *b)
{
    dtls__p384_fe z1z1, z2z2, u1, u2, s1, s2, h, i4, j, rr, v, t;

    if (dtls__p384_is_inf(a)) {
        *r = *b;
        return;
    }
    if (dtls__p384_is_inf(b)) {
        *r = *a;
        return;
    }
    DTLS__P384_SQR(z1z1, a->z);
    DTLS__P384_SQR(z2z2, b->z);
    DTLS__P384_MUL(u1, a->x, z2z2);
    DTLS__P384_MUL(u2, b->x, z1z1);
    DTLS__P384_MUL(s1, a->y, b->z);
    DTLS__P384_MUL(s1, s1, z2z2);
    DTLS__P384_MUL(s2, b->y, a->z);
    DTLS__P384_MUL(s2, s2, z1z1);
    if (memcmp(u1, u2, sizeof u1) == 0) {
        if (memcmp(s1, s2, sizeof s1) == 0)
            dtls__p384_double(r, a);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    DTLS__P384_SUB(h, u2, u1);
    DTLS__P384_ADD(i4, h, h);
    DTLS__P384_SQR(i4, i4);
    DTLS__P384_MUL(j, h, i4);
    DTLS__P384_SUB(rr, s2, s1);
    DTLS__P384_ADD(rr, rr, rr);
    DTLS__P384_MUL(v, u1, i4);
    DTLS__P384_ADD(t, a->z, b->z);
    DTLS__P384_SQR(t, t);
    DTLS__P384_SUB(t, t, z1z1);
    DTLS__P384_SUB(t, t, z2z2);
    DTLS__P384_MUL(r->z, t, h);
    DTLS__P384_SQR(t, rr);
    DTLS__P384_SUB(t, t, j);
    DTLS__P384_SUB(t, t, v);
    DTLS__P384_SUB(r->x, t, v);
    DTLS__P384_SUB(t, v, r->x);
    DTLS__P384_MUL(t, rr, t);
    DTLS__P384_MUL(s1, s1, j);
    DTLS__P384_ADD(s1, s1, s1);
    DTLS__P384_SUB(r->y, t, s1);
}

/* Decodes and checks an uncompressed point into Montgomery-domain x, y. */
static int dtls__p384_load_point(dtls__p384_fe x, dtls__p384_fe y, const uint8_t *pub, size_t pub_len)
{
    dtls__p384_fe l, rhs;

    if (!pub || pub_len != 97 || pub[0] != 0x04) return DTLS_ERR_BAD_KEY;
    dtls__ecc_from_be(x, pub + 1, DTLS__P384_L);
    dtls__ecc_from_be(y, pub + 49, DTLS__P384_L);
    if (!dtls__ecc_lt(x, dtls__p384_p.m, DTLS__P384_L) || !dtls__ecc_lt(y, dtls__p384_p.m, DTLS__P384_L))
        return DTLS_ERR_BAD_KEY;
    dtls__ecc_to_mont(x, x, &dtls__p384_p);
    dtls__ecc_to_mont(y, y, &dtls__p384_p);
    /* y^2 == x^3 - 3 x + b */
    DTLS__P384_SQR(l, y);
    DTLS__P384_SQR(rhs, x);
    DTLS__P384_MUL(rhs, rhs, x);
    DTLS__P384_SUB(rhs, rhs, x);
    DTLS__P384_SUB(rhs, rhs, x);
    DTLS__P384_SUB(rhs, rhs, x);
    DTLS__P384_ADD(rhs, rhs, dtls__p384_b_m);
    if (memcmp(l, rhs, sizeof l) != 0) return DTLS_ERR_BAD_KEY;
    return 0;
}

DTLS_API int dtls_p384_check_public(const uint8_t *pub, size_t pub_len)
{
    dtls__p384_fe x, y;

    return dtls__p384_load_point(x, y, pub, pub_len);
}

/* tab[j] = (2 j + 1) P for j = 0..7, P = (x, y) affine (Montgomery domain). */
static void dtls__p384_odd_multiples(dtls__p384_jac tab[8], const uint32_t *x, const uint32_t *y)
{
    dtls__p384_jac p2;
    int i;

    memcpy(tab[0].x, x, sizeof tab[0].x);
    memcpy(tab[0].y, y, sizeof tab[0].y);
    memcpy(tab[0].z, dtls__p384_one_m, sizeof tab[0].z);
    dtls__p384_double(&p2, &tab[0]);
    for (i = 1; i < 8; i++)
        dtls__p384_add(&tab[i], &tab[i - 1], &p2);
}

/* acc += digit * tab (digit odd or 0, |digit| <= 15). */
static void dtls__p384_add_digit(dtls__p384_jac *acc, const dtls__p384_jac tab[8], int digit)
{
    static const uint32_t zero[DTLS__P384_L] = {0};
    dtls__p384_jac neg;

    if (digit > 0) {
        dtls__p384_add(acc, acc, &tab[digit >> 1]);
    } else if (digit < 0) {
        neg = tab[(-digit) >> 1];
        DTLS__P384_SUB(neg.y, zero, neg.y);
        dtls__p384_add(acc, acc, &neg);
    }
}

DTLS_API int dtls_p384_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                                    size_t hash_len, const uint8_t sig[96])
{
    const dtls__ecc_mod *nm = &dtls__p384_n;
    dtls__p384_fe qx, qy, x, zi;
    dtls__p384_jac tg[8], tq[8], acc;
    uint32_t r[12], s[12], e[12], w[12], u1[12], u2[12];
    signed char n1[32 * DTLS__P384_L + 1], n2[32 * DTLS__P384_L + 1];
    int i, l1, l2;

    if (dtls__p384_load_point(qx, qy, pub, pub_len) != 0) return DTLS_ERR_BAD_KEY;
    if ((!hash && hash_len) || !sig) return DTLS_ERR_BAD_ARG;
    dtls__ecc_from_be(r, sig, DTLS__P384_L);
    dtls__ecc_from_be(s, sig + 48, DTLS__P384_L);
    if (dtls__ecc_is_zero(r, DTLS__P384_L) || dtls__ecc_is_zero(s, DTLS__P384_L) ||
        !dtls__ecc_lt(r, nm->m, DTLS__P384_L) || !dtls__ecc_lt(s, nm->m, DTLS__P384_L))
        return DTLS_ERR_BAD_SIGNATURE;
    dtls__ecc_bits2int(e, hash, hash_len, DTLS__P384_L);
    dtls__ecc_reduce_once(e, e, nm->m, DTLS__P384_L);
    dtls__ecc_to_mont(w, s, nm);
    dtls__ecc_mont_inv(w, w, nm);     /* s^-1 R */
    dtls__ecc_mont_mul(u1, w, e, nm); /* e / s */
    dtls__ecc_mont_mul(u2, w, r, nm); /* r / s */

    dtls__p384_odd_multiples(tg, dtls__p384_gx_m, dtls__p384_gy_m);
    dtls__p384_odd_multiples(tq, qx, qy);
    l1 = dtls__ecc_wnaf(n1, u1, DTLS__P384_L);
    l2 = dtls__ecc_wnaf(n2, u2, DTLS__P384_L);
    memset(&acc, 0, sizeof acc);
    for (i = (l1 > l2 ? l1 : l2) - 1; i >= 0; i--) {
        if (!dtls__p384_is_inf(&acc)) dtls__p384_double(&acc, &acc);
        if (i < l1) dtls__p384_add_digit(&acc, tg, n1[i]);
        if (i < l2) dtls__p384_add_digit(&acc, tq, n2[i]);
    }
    if (dtls__p384_is_inf(&acc)) return DTLS_ERR_BAD_SIGNATURE;
    /* x = X / Z^2, out of the Montgomery domain, then mod n */
    dtls__ecc_mont_inv(zi, acc.z, &dtls__p384_p);
    DTLS__P384_SQR(zi, zi);
    DTLS__P384_MUL(x, acc.x, zi);
    dtls__ecc_from_mont(x, x, &dtls__p384_p);
    dtls__ecc_reduce_once(x, x, nm->m, DTLS__P384_L);
    return memcmp(x, r, sizeof x) == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
}

#undef DTLS__P384_L
#undef DTLS__P384_MUL
#undef DTLS__P384_SQR
#undef DTLS__P384_ADD
#undef DTLS__P384_SUB

#endif /* DTLS_ENABLE_P384 */
