/* p256.c - NIST P-256 (FIPS 186-4 D.1.2.3, SEC 2 §2.4.2): Jacobian point
 * arithmetic, constant-time scalar multiplication, ECDH, key generation,
 * ECDSA with RFC 6979 nonces, ECDSA verification.  The field GF(p) is
 * p256_int.h, in one of two profiles (DTLS_P256_SPEED, config.h):
 *   speed (1): p256_fe64.c, 4 x 64-bit limbs in Montgomery form; k G by a
 *     comb over 3840 bytes of constant tables; a 4-bit window for k P;
 *   size (0): p256_fe32.c, 8 x 32-bit limbs with Solinas reduction; no
 *     table: k G is the variable-base path on G, with a 2-bit window.
 * Both profiles compute the same values (tests/crypto/p256_diff.sh compares
 * them over 20,000 random operations) and both are constant time.
 * Inversion is Fermat (a^(p-2)) with a fixed addition chain: 255 squarings
 * and 13 multiplications.
 *
 * Points: Jacobian (X, Y, Z) <-> (X/Z^2, Y/Z^3), Z = 0 is infinity.
 * Doubling dbl-2001-b (a = -3), addition add-2007-bl, mixed addition
 * madd-2007-bl (Explicit-Formulas Database).  The addition formulas are not
 * complete; in the constant-time scalar multiplications the exceptional cases
 * are kept out as follows.  The accumulator being infinity and the digit being
 * zero are handled by masked selection.  P1 = +-P2 cannot happen: with a
 * scalar k in [1, n-1] every accumulator value and every table point are
 * multiples m1 P, m2 P with m1, m2 non-negative integers made of disjoint sets
 * of bits of k (comb) or with m2 < 2^W <= m1 (window of W bits), so
 * 0 < m1 + m2 <= k < n and 0 < |m1 - m2| < n: neither is 0 mod n.
 *
 * Variable base (ECDH; k G in the size profile): W-bit fixed window, table of
 * 2^W - 1 Jacobian multiples (built from the public point), 256 - W doublings
 * and 256 / W additions, each table entry read with a full masked scan.
 * W = 4 (speed: 15 points) or 2 (size: 3 points, 1152 bytes less stack, 64
 * more additions).  Fixed base, speed profile (keygen, signing): a comb with
 * 4 teeth in each of four static tables (bits j + 16 i, i = 0..3, 4..7,
 * 8..11, 12..15): 15 doublings + 64 mixed additions, masked scans of 15
 * affine points per addition; 4 x 15 points x 64 bytes = 3840 bytes of const
 * data.
 * Verification (public data, variable time, exceptional cases by branches):
 * u2 Q by a width-5 wNAF interleaved with u1 G by a width-7 wNAF over a
 * third static table of the odd multiples G .. 63 G (speed: 2048 bytes more
 * const data; the final x(R) mod n == r test without an inversion) or by
 * the bits of u1 (size).  The speed profile also arranges the doubling and
 * the additions with fewer field additions (see each function).
 *
 * Scalars mod n: the speed profile's 64-bit Montgomery code in p256_fe64.c
 * (dtls__p256_sc_*), the size profile's the generic code of ecc.c. */
#include "p256.h"
#include "sha2.h"
#include "hmac.h"
#include "ecc_int.h"
#include "p256_int.h"

#if DTLS_ENABLE_P256

typedef struct dtls__p256_jac {
    dtls__p256_fe x, y, z;
} dtls__p256_jac;

/* The curve's b, big-endian (SEC 2 §2.4.2). */
static const uint8_t dtls__p256_b[32] = {0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7, 0xb3, 0xeb, 0xbd,
                                         0x55, 0x76, 0x98, 0x86, 0xbc, 0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53,
                                         0xb0, 0xf6, 0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2, 0x60, 0x4b};

/* The group order n with its Montgomery constants (R = 2^256). */
static const dtls__ecc_mod dtls__p256_n = {
    {0xfc632551U, 0xf3b9cac2U, 0xa7179e84U, 0xbce6faadU, 0xffffffffU, 0xffffffffU, 0x00000000U,
     0xffffffffU, 0, 0, 0, 0},
    {0xbe79eea2U, 0x83244c95U, 0x49bd6fa6U, 0x4699799cU, 0x2b6bec59U, 0x2845b239U, 0xf3d95620U,
     0x66e12d94U, 0, 0, 0, 0},
    0xee00bc4fU,
    8};

#if DTLS_P256_SPEED
/* p - n (verification's r + n < p test). */
static const uint32_t dtls__p256_p_minus_n[8] = {0x039cdaaeU, 0x0c46353dU, 0x58e8617bU, 0x43190553U, 0, 0, 0, 0};
#endif

/* Window width W of the constant-time variable-base multiplication. */
#if DTLS_P256_SPEED
#define DTLS__P256_W 4
#else
#define DTLS__P256_W 2
#endif
#define DTLS__P256_TAB ((1 << DTLS__P256_W) - 1) /* table entries, also the digit mask */

/* ---- Field inversion ---------------------------------------------------------- */

static void dtls__p256_fe_sqrn(dtls__p256_fe r, const dtls__p256_fe a, int n)
{
    dtls__p256_fe_sqr(r, a);
    while (--n > 0)
        dtls__p256_fe_sqr(r, r);
}

/* r = a^-1 = a^(p-2) mod p (0 for 0). */
static void dtls__p256_fe_inv(dtls__p256_fe r, const dtls__p256_fe a)
{
    dtls__p256_fe t2, t4, t8, t16, t32, acc;

    dtls__p256_fe_sqr(t2, a);
    dtls__p256_fe_mul(t2, t2, a); /* 2^2 - 1 */
    dtls__p256_fe_sqrn(t4, t2, 2);
    dtls__p256_fe_mul(t4, t4, t2); /* 2^4 - 1 */
    dtls__p256_fe_sqrn(t8, t4, 4);
    dtls__p256_fe_mul(t8, t8, t4); /* 2^8 - 1 */
    dtls__p256_fe_sqrn(t16, t8, 8);
    dtls__p256_fe_mul(t16, t16, t8); /* 2^16 - 1 */
    dtls__p256_fe_sqrn(t32, t16, 16);
    dtls__p256_fe_mul(t32, t32, t16); /* 2^32 - 1 */
    dtls__p256_fe_sqrn(acc, t32, 32);
    dtls__p256_fe_mul(acc, acc, a); /* ffffffff 00000001 */
    dtls__p256_fe_sqrn(acc, acc, 128);
    dtls__p256_fe_mul(acc, acc, t32); /* ... 00000000 x3 ffffffff */
    dtls__p256_fe_sqrn(acc, acc, 32);
    dtls__p256_fe_mul(acc, acc, t32); /* ... ffffffff */
    dtls__p256_fe_sqrn(acc, acc, 16);
    dtls__p256_fe_mul(acc, acc, t16);
    dtls__p256_fe_sqrn(acc, acc, 8);
    dtls__p256_fe_mul(acc, acc, t8);
    dtls__p256_fe_sqrn(acc, acc, 4);
    dtls__p256_fe_mul(acc, acc, t4);
    dtls__p256_fe_sqrn(acc, acc, 2);
    dtls__p256_fe_mul(acc, acc, t2);
    dtls__p256_fe_sqrn(acc, acc, 2);
    dtls__p256_fe_mul(r, acc, a); /* ... fffffffd */
    dtls_wipe(t2, sizeof t2);
    dtls_wipe(t4, sizeof t4);
    dtls_wipe(t8, sizeof t8);
    dtls_wipe(t16, sizeof t16);
    dtls_wipe(t32, sizeof t32);
    dtls_wipe(acc, sizeof acc);
}

/* ---- Points ---------------------------------------------------------------- */

/* r = 2 a (dbl-2001-b, a = -3).  r may alias a; infinity stays infinity. */
#if DTLS_P256_SPEED
/* The speed profile's arrangement of the same formulas, with fewer field
 * additions (a fifth of a doubling's cost there): with Y2 = 2 Y,
 * G = Y2^2 = 4 gamma and B = X G = 4 beta need no multiples, Z3 = 2 Y Z is
 * Y2 Z, X3 = alpha^2 - 2 B, Y3 = alpha (B - X3) - G^2 / 2 (= 8 gamma^2).
 * 4M + 4S, 5 additions, 4 subtractions and a halving, where the size
 * profile's is 3M + 5S with 10 additions and 6 subtractions. */
static void dtls__p256_double(dtls__p256_jac *r, const dtls__p256_jac *a)
{
    dtls__p256_fe delta, g, b, alpha, t1, t2;

    dtls__p256_fe_sqr(delta, a->z);
    dtls__p256_fe_add(t1, a->y, a->y);  /* Y2 */
    dtls__p256_fe_mul(r->z, t1, a->z);  /* Z3 = Y2 Z (a->z is not read after this) */
    dtls__p256_fe_sqr(g, t1);           /* G = 4 gamma */
    dtls__p256_fe_mul(b, a->x, g);      /* B = 4 beta */
    dtls__p256_fe_sub(t1, a->x, delta);
    dtls__p256_fe_add(t2, a->x, delta);
    dtls__p256_fe_mul(alpha, t1, t2);
    dtls__p256_fe_add(t1, alpha, alpha);
    dtls__p256_fe_add(alpha, t1, alpha); /* 3 (X - delta)(X + delta) */
    dtls__p256_fe_sqr(t1, alpha);
    dtls__p256_fe_add(t2, b, b);
    dtls__p256_fe_sub(r->x, t1, t2);    /* alpha^2 - 2 B */
    dtls__p256_fe_sub(t1, b, r->x);
    dtls__p256_fe_mul(t1, alpha, t1);
    dtls__p256_fe_sqr(g, g);
    dtls__p256_fe_half(g, g);           /* 8 gamma^2 */
    dtls__p256_fe_sub(r->y, t1, g);
}
#else
static void dtls__p256_double(dtls__p256_jac *r, const dtls__p256_jac *a)
{
    dtls__p256_fe delta, gamma, beta, alpha, t1, t2;

    dtls__p256_fe_sqr(delta, a->z);
    dtls__p256_fe_sqr(gamma, a->y);
    dtls__p256_fe_mul(beta, a->x, gamma);
    dtls__p256_fe_sub(t1, a->x, delta);
    dtls__p256_fe_add(t2, a->x, delta);
    dtls__p256_fe_mul(alpha, t1, t2);
    dtls__p256_fe_add(t1, alpha, alpha);
    dtls__p256_fe_add(alpha, t1, alpha); /* 3 (X - delta)(X + delta) */
    dtls__p256_fe_add(t1, a->y, a->z);
    dtls__p256_fe_sqr(t1, t1);
    dtls__p256_fe_sub(t1, t1, gamma);
    dtls__p256_fe_sub(r->z, t1, delta); /* (Y + Z)^2 - gamma - delta */
    dtls__p256_fe_add(beta, beta, beta);
    dtls__p256_fe_add(beta, beta, beta); /* 4 beta */
    dtls__p256_fe_sqr(t1, alpha);
    dtls__p256_fe_add(t2, beta, beta);
    dtls__p256_fe_sub(r->x, t1, t2); /* alpha^2 - 8 beta */
    dtls__p256_fe_sub(t1, beta, r->x);
    dtls__p256_fe_mul(t1, alpha, t1);
    dtls__p256_fe_sqr(gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma); /* 8 gamma^2 */
    dtls__p256_fe_sub(r->y, t1, gamma);
}
#endif

/* r = a + (bx, by) (madd-2007-bl).  Not valid when a is infinity or
 * a = +-(bx, by): callers exclude those.  r may alias a.  The speed
 * profile's arrangement (as in add below): Z3 = (Z1 + H)^2 - Z1Z1 - HH is
 * Z1 2H and I = 4 HH is (2H)^2, so HH is not needed (one squaring, two
 * additions and two subtractions fewer, one multiplication more). */
static void dtls__p256_madd(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_fe bx,
                            const dtls__p256_fe by)
{
    dtls__p256_fe z1z1, u2, s2, h, hw, i4, j, rr, v, t; /* hw: 2 H (speed) or HH (size) */

    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_mul(u2, bx, z1z1);
    dtls__p256_fe_mul(s2, by, a->z);
    dtls__p256_fe_mul(s2, s2, z1z1);
    dtls__p256_fe_sub(h, u2, a->x);
#if DTLS_P256_SPEED
    dtls__p256_fe_add(hw, h, h);
    dtls__p256_fe_sqr(i4, hw);         /* I = (2 H)^2 */
#else
    dtls__p256_fe_sqr(hw, h);
    dtls__p256_fe_add(i4, hw, hw);
    dtls__p256_fe_add(i4, i4, i4);     /* I = 4 HH */
#endif
    dtls__p256_fe_mul(j, h, i4);
    dtls__p256_fe_sub(rr, s2, a->y);
    dtls__p256_fe_add(rr, rr, rr);
    dtls__p256_fe_mul(v, a->x, i4);
    dtls__p256_fe_mul(s2, a->y, j);    /* Y1 J */
#if DTLS_P256_SPEED
    dtls__p256_fe_mul(r->z, a->z, hw); /* 2 Z1 H; a is not read after this */
#else
    dtls__p256_fe_add(t, a->z, h);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(r->z, t, hw);    /* (Z1 + H)^2 - Z1Z1 - HH; a is not read after this */
#endif
    dtls__p256_fe_sqr(t, rr);
    dtls__p256_fe_sub(t, t, j);
    dtls__p256_fe_sub(t, t, v);
    dtls__p256_fe_sub(r->x, t, v);     /* rr^2 - J - 2 V */
    dtls__p256_fe_sub(t, v, r->x);
    dtls__p256_fe_mul(t, rr, t);
    dtls__p256_fe_add(s2, s2, s2);
    dtls__p256_fe_sub(r->y, t, s2);    /* rr (V - X3) - 2 Y1 J */
}

/* r = a + b (add-2007-bl).  Same exclusions as madd.  r may alias a or b.
 * Temporaries are reused (7, not 12): this frame is part of the deepest
 * path of the size profile. */
static void dtls__p256_add(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_jac *b)
{
    dtls__p256_fe z1z1, z2z2, u1, u2, s1, s2, t;

    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_sqr(z2z2, b->z);
    dtls__p256_fe_mul(u1, a->x, z2z2);
    dtls__p256_fe_mul(u2, b->x, z1z1);
    dtls__p256_fe_mul(s1, a->y, b->z);
    dtls__p256_fe_mul(s1, s1, z2z2);
    dtls__p256_fe_mul(s2, b->y, a->z);
    dtls__p256_fe_mul(s2, s2, z1z1);
#if DTLS_P256_SPEED
    /* (Z1 + Z2)^2 - Z1Z1 - Z2Z2 = 2 Z1 Z2, and 2 H is needed for I anyway:
     * Z3 = Z1 Z2 (2 H) (one multiplication for a squaring, an addition and
     * two subtractions) */
    dtls__p256_fe_mul(t, a->z, b->z);
    dtls__p256_fe_sub(u2, u2, u1);   /* H */
    dtls__p256_fe_add(z1z1, u2, u2); /* 2 H */
    dtls__p256_fe_mul(r->z, t, z1z1); /* a and b are not read after this */
    dtls__p256_fe_sqr(z1z1, z1z1);   /* I = (2 H)^2 */
#else
    dtls__p256_fe_add(t, a->z, b->z);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(t, t, z2z2);   /* (Z1 + Z2)^2 - Z1Z1 - Z2Z2 */
    dtls__p256_fe_sub(u2, u2, u1);   /* H */
    dtls__p256_fe_mul(r->z, t, u2);  /* a and b are not read after this */
    dtls__p256_fe_add(z1z1, u2, u2);
    dtls__p256_fe_sqr(z1z1, z1z1);   /* I = (2 H)^2 */
#endif
    dtls__p256_fe_mul(z2z2, u2, z1z1); /* J = H I */
    dtls__p256_fe_sub(s2, s2, s1);
    dtls__p256_fe_add(s2, s2, s2);   /* rr = 2 (S2 - S1) */
    dtls__p256_fe_mul(u1, u1, z1z1); /* V = U1 I */
    dtls__p256_fe_sqr(t, s2);
    dtls__p256_fe_sub(t, t, z2z2);
    dtls__p256_fe_sub(t, t, u1);
    dtls__p256_fe_sub(r->x, t, u1);  /* rr^2 - J - 2 V */
    dtls__p256_fe_sub(t, u1, r->x);
    dtls__p256_fe_mul(t, s2, t);
    dtls__p256_fe_mul(s1, s1, z2z2);
    dtls__p256_fe_add(s1, s1, s1);
    dtls__p256_fe_sub(r->y, t, s1);  /* rr (V - X3) - 2 S1 J */
}

/* r = mask ? a : r. */
static void dtls__p256_jac_cmov(dtls__p256_jac *r, const dtls__p256_jac *a, uint32_t mask)
{
    dtls__p256_fe_cmov(r->x, a->x, mask);
    dtls__p256_fe_cmov(r->y, a->y, mask);
    dtls__p256_fe_cmov(r->z, a->z, mask);
}

static void dtls__p256_set_affine(dtls__p256_jac *r, const dtls__p256_fe x, const dtls__p256_fe y)
{
    memcpy(r->x, x, sizeof(dtls__p256_fe));
    memcpy(r->y, y, sizeof(dtls__p256_fe));
    dtls__p256_fe_one(r->z);
}

/* Affine coordinates (x, y) of a (0, 0 for infinity). */
static void dtls__p256_to_affine(dtls__p256_fe x, dtls__p256_fe y, const dtls__p256_jac *a)
{
    dtls__p256_fe zi, zi2;

    dtls__p256_fe_inv(zi, a->z);
    dtls__p256_fe_sqr(zi2, zi);
    dtls__p256_fe_mul(x, a->x, zi2);
    dtls__p256_fe_mul(zi2, zi2, zi);
    dtls__p256_fe_mul(y, a->y, zi2);
    dtls_wipe(zi, sizeof zi);
    dtls_wipe(zi2, sizeof zi2);
}

/* Bit i of the scalar k (8 limbs); i is public. */
static uint32_t dtls__p256_bit(const uint32_t k[8], unsigned i)
{
    return (k[i >> 5] >> (i & 31u)) & 1U;
}


/* r = k P for k in [1, n-1] and P = (px, py) a valid point, constant time
 * in k (the table depends on P only). */
static void dtls__p256_mul_var(dtls__p256_jac *r, const uint32_t k[8], const dtls__p256_fe px,
                               const dtls__p256_fe py)
{
    dtls__p256_jac tab[DTLS__P256_TAB], q, tt, sum;
    uint32_t qinf = 0xffffffffU, d, dz, m;
    unsigned e, bit;
    int w, i;

    dtls__p256_set_affine(&tab[0], px, py);
    dtls__p256_double(&tab[1], &tab[0]);
    for (i = 2; i < DTLS__P256_TAB; i++)
        dtls__p256_madd(&tab[i], &tab[i - 1], px, py); /* (i+1) P, i + 1 < n: no exception */

    memset(&q, 0, sizeof q);
    for (w = 256 / DTLS__P256_W - 1; w >= 0; w--) {
        if (w != 256 / DTLS__P256_W - 1) {
            for (i = 0; i < DTLS__P256_W; i++)
                dtls__p256_double(&q, &q);
        }
        bit = (unsigned)w * DTLS__P256_W;
        d = (k[bit >> 5] >> (bit & 31u)) & DTLS__P256_TAB;
        memset(&tt, 0, sizeof tt);
        for (e = 1; e <= DTLS__P256_TAB; e++) {
            m = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d ^ e)));
            dtls__p256_jac_cmov(&tt, &tab[e - 1], m);
        }
        dtls__p256_add(&sum, &q, &tt);
        dz = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d)));
        /* q = qinf ? T : (d == 0 ? q : sum) */
        dtls__p256_jac_cmov(&q, &sum, ~dz);
        dtls__p256_jac_cmov(&q, &tt, qinf);
        qinf &= dz;
    }
    *r = q;
    dtls_wipe(&q, sizeof q);
    dtls_wipe(&tt, sizeof tt);
    dtls_wipe(&sum, sizeof sum);
    dtls_wipe(&d, sizeof d);
}

/* ---- Variable-time addition (public points only: verification) -------------- */

/* r = a + (bx, by) for any a. */
static void dtls__p256_madd_vt(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_fe bx,
                               const dtls__p256_fe by)
{
    dtls__p256_fe z1z1, u2, s2;

    if (dtls__p256_fe_is_zero(a->z)) {
        dtls__p256_set_affine(r, bx, by);
        return;
    }
    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_mul(u2, bx, z1z1);
    if (memcmp(u2, a->x, sizeof u2) == 0) {
        dtls__p256_fe_mul(s2, by, a->z);
        dtls__p256_fe_mul(s2, s2, z1z1);
        if (memcmp(s2, a->y, sizeof s2) == 0)
            dtls__p256_double(r, a);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    dtls__p256_madd(r, a, bx, by);
}

/* ---- k G and u1 G + u2 Q: each profile's own path ---------------------------- */

#if DTLS_P256_SPEED

/* Comb tables: entry 15 t + (b - 1), t = 0..3, b = 1..15, is the affine
 * point sum_{i=0..3} b_i 2^(16 (i + 4 t)) G as X then Y in p256_fe64.c's
 * representation (Montgomery form x 2^256 mod p, 4 limbs, least significant
 * first).  Generated with Python big integers:
 *   k = sum(((b >> i) & 1) << (16 * (i + 4 * t)) for i in range(4)); P = k * G
 *   X = P.x * 2**256 % p (likewise Y) */
static const dtls__p256_fe dtls__p256_comb[60][2] = {
    {{UINT64_C(0x79e730d418a9143c), UINT64_C(0x75ba95fc5fedb601), UINT64_C(0x79fb732b77622510), UINT64_C(0x18905f76a53755c6)},
     {UINT64_C(0xddf25357ce95560a), UINT64_C(0x8b4ab8e4ba19e45c), UINT64_C(0xd2e88688dd21f325), UINT64_C(0x8571ff1825885d85)}},
    {{UINT64_C(0x0f0165fce3779ee3), UINT64_C(0xe00e7f9dbd495d9e), UINT64_C(0x1fa4efa220284e7a), UINT64_C(0x4564bade47ac6219)},
     {UINT64_C(0x90e6312ac4708e8e), UINT64_C(0x4f5725fba71e9adf), UINT64_C(0xe95f55ae3d684b9f), UINT64_C(0x47f7ccb11e94b415)}},
    {{UINT64_C(0x6069911934b7c00e), UINT64_C(0x913b390b7e42bdd3), UINT64_C(0x3f96f11aef8f16b1), UINT64_C(0x9e883e4a9d82cc19)},
     {UINT64_C(0x3173d944ef958d15), UINT64_C(0xa0976366497a82e9), UINT64_C(0x1b3f03417f7a8f5a), UINT64_C(0x683cf728fc174ed3)}},
    {{UINT64_C(0x202886024147519a), UINT64_C(0xd0981eac26b372f0), UINT64_C(0xa9d4a7caa785ebc8), UINT64_C(0xd953c50ddbdf58e9)},
     {UINT64_C(0x9d6361ccfd590f8f), UINT64_C(0x72e9626b44e6c917), UINT64_C(0x7fd9611022eb64cf), UINT64_C(0x863ebb7e9eb288f3)}},
    {{UINT64_C(0x7856b6235cdb6485), UINT64_C(0x808f0ea22f0a2f97), UINT64_C(0x3e68d9544f7e300b), UINT64_C(0x00076055b5ff80a0)},
     {UINT64_C(0x7634eb9b838d2010), UINT64_C(0x54014fbb3243708a), UINT64_C(0xe0e47d39842a6606), UINT64_C(0x8308776134373ee0)}},
    {{UINT64_C(0x6d51a5e328505fd3), UINT64_C(0x553a1918b53a1543), UINT64_C(0xc1f28e480de3b392), UINT64_C(0x21df6be98ad94d70)},
     {UINT64_C(0x1294d7de73cef217), UINT64_C(0x9c6646fe14538121), UINT64_C(0x6faf3a705c796518), UINT64_C(0x49e28e3e9d6115ff)}},
    {{UINT64_C(0x9c659b1287785c5a), UINT64_C(0x96e591e1d2e25d67), UINT64_C(0x3ecf866c4b992c22), UINT64_C(0xcdb6da9b1050e13a)},
     {UINT64_C(0xc6845b5644715a7a), UINT64_C(0x375f5c5785943927), UINT64_C(0xe0c3d69c6b55901b), UINT64_C(0x4f6fedef958ac6f6)}},
    {{UINT64_C(0xcc7a64880a750c0f), UINT64_C(0x39bacfe34e548e83), UINT64_C(0x3d418c760c110f05), UINT64_C(0x3e4daa4cb1f11588)},
     {UINT64_C(0x2733e7b55ffc69ff), UINT64_C(0x46f147bc92053127), UINT64_C(0x885b2434d722df94), UINT64_C(0x6a444f65e6fc6b7c)}},
    {{UINT64_C(0x41496f12125dc221), UINT64_C(0x829d162a52f8ab52), UINT64_C(0x3bfedacb867b1665), UINT64_C(0x2cecda9180637d7c)},
     {UINT64_C(0xfb583acf95db86d8), UINT64_C(0x8c47b2e93ebd02dc), UINT64_C(0x9b300696f8c252bc), UINT64_C(0x1360914cb25b496d)}},
    {{UINT64_C(0x9b2892db63364b75), UINT64_C(0xcd652ef5f78a9b1d), UINT64_C(0x0eb84e7fdf1a9fad), UINT64_C(0x1c382ee28e280e56)},
     {UINT64_C(0x899b7ee743f0dfee), UINT64_C(0xfd09b80eefd948af), UINT64_C(0x57f10c21430af3b2), UINT64_C(0x442035c403c2fa21)}},
    {{UINT64_C(0xa7dc4d2b5365ff99), UINT64_C(0xb8ea882eb393190c), UINT64_C(0xd2eaa04bfb51f7d5), UINT64_C(0x7e600c232e5661c2)},
     {UINT64_C(0x7d47309bbc717549), UINT64_C(0xa90da23954679d7e), UINT64_C(0x2706aa62d8dfc140), UINT64_C(0x40e29a175920de96)}},
    {{UINT64_C(0x687acdedb9bce886), UINT64_C(0x9a50d3bb1653d904), UINT64_C(0x7a7256b3ce0e83f5), UINT64_C(0x5828fe38789f26a1)},
     {UINT64_C(0x7a560161f25225af), UINT64_C(0x3f07027c405ced0d), UINT64_C(0x4e529141df5bc98c), UINT64_C(0x3d1583520772715c)}},
    {{UINT64_C(0x8881aa32fb876e0d), UINT64_C(0xcc2712af807ba7a8), UINT64_C(0xe773fd11d898b7e2), UINT64_C(0x737d1fe7734b6661)},
     {UINT64_C(0xc5c235c6822c4bd0), UINT64_C(0x75b33901f960ed72), UINT64_C(0xdd4e47b6129de94e), UINT64_C(0xa1da606e703f2e1a)}},
    {{UINT64_C(0xd9dee8e31e2f2f0c), UINT64_C(0xda3538920bcfeb7f), UINT64_C(0xaa08aa126c6fddbd), UINT64_C(0x4c317846c7e21f0e)},
     {UINT64_C(0x7809d11da7dc837a), UINT64_C(0x058de32fb336ac44), UINT64_C(0x4bee1338fa359131), UINT64_C(0x2add602436439994)}},
    {{UINT64_C(0x3229fc1766644647), UINT64_C(0x4f5fa8c71f7e4610), UINT64_C(0x16c28619d1699629), UINT64_C(0x1fdf78c8a1cbb5e8)},
     {UINT64_C(0x745e0593fd36de81), UINT64_C(0xa713a3e5034ba6c5), UINT64_C(0xfa1796c40846818f), UINT64_C(0x614d856e1e1d36d2)}},
    {{UINT64_C(0x4f922fc516a0d2bb), UINT64_C(0x0d5cc16c1a623499), UINT64_C(0x9241cf3a57c62c8b), UINT64_C(0x2f5e6961fd1b667f)},
     {UINT64_C(0x5c15c70bf5a01797), UINT64_C(0x3d20b44d60956192), UINT64_C(0x04911b37071fdb52), UINT64_C(0xf648f9168d6f0f7b)}},
    {{UINT64_C(0xe4050f1cf1c367ca), UINT64_C(0x9bc85a9bc90fbc7d), UINT64_C(0xa373c4a2e1a11032), UINT64_C(0xb64232b7ad0393a9)},
     {UINT64_C(0xf5577eb0167dad29), UINT64_C(0x1604f30194b78ab2), UINT64_C(0x0baa94afe829348b), UINT64_C(0x77fbd8dd41654342)}},
    {{UINT64_C(0xb57c144d83427ddf), UINT64_C(0x9e75fd13b46709ee), UINT64_C(0x679b1c6926f1b96d), UINT64_C(0x30d409b3fa212b77)},
     {UINT64_C(0x031ccc65d4e9af7e), UINT64_C(0x099b2f291bd7b1f7), UINT64_C(0x127c17b4f94c00a5), UINT64_C(0x57dd796019c9eaec)}},
    {{UINT64_C(0x4fe7ee31b0e63d34), UINT64_C(0xf4600572a9e54fab), UINT64_C(0xc0493334d5e7b5a4), UINT64_C(0x8589fb9206d54831)},
     {UINT64_C(0xaa70f5cc6583553a), UINT64_C(0x0879094ae25649e5), UINT64_C(0xcc90450710044652), UINT64_C(0xebb0696d02541c4f)}},
    {{UINT64_C(0x183a716c26c5fe04), UINT64_C(0x3b28de0b3bba1bdb), UINT64_C(0x7432c586a4cb712c), UINT64_C(0xe34dcbd491fccbfd)},
     {UINT64_C(0xb408d46baaa58403), UINT64_C(0x9a69748682e97a53), UINT64_C(0x9e39012736aaa8af), UINT64_C(0xe7641f447b4e0f7f)}},
    {{UINT64_C(0x90e5717fffb3500a), UINT64_C(0xf18ff5966a59912f), UINT64_C(0x86120cdf04ea7d38), UINT64_C(0xeb89dec10306f631)},
     {UINT64_C(0xe008ba5aaf364186), UINT64_C(0x4d0154a7ff1c3b8a), UINT64_C(0x522648b71a6fcde0), UINT64_C(0x9bb20303fe0b5611)}},
    {{UINT64_C(0xc5940bca813a075d), UINT64_C(0xcfbaea3987d0d722), UINT64_C(0x5cc973fddf60ab22), UINT64_C(0xd189046dde80391b)},
     {UINT64_C(0xea160075d3f23ebb), UINT64_C(0x20a335bc9a94f2f3), UINT64_C(0xd7ca58fb18189d92), UINT64_C(0xdb6e36e871599f1d)}},
    {{UINT64_C(0x8ce9b6bfc360e25a), UINT64_C(0xe6425195075a1a78), UINT64_C(0x9dc756a8481732f4), UINT64_C(0x83c0440f5432b57a)},
     {UINT64_C(0xc670b3f1d720281f), UINT64_C(0x2205910ed135e051), UINT64_C(0xded14b0edb052be7), UINT64_C(0x697b3d27c568ea39)}},
    {{UINT64_C(0x27aa5fa60bb4e80c), UINT64_C(0x59504026c70cf7c9), UINT64_C(0x4f4c2d8217e58020), UINT64_C(0x4a14008d6b430f68)},
     {UINT64_C(0x5c47364fbef47f12), UINT64_C(0xfe1ff1b0020825e1), UINT64_C(0xccb8c966e0b7feeb), UINT64_C(0x0bc42e09da4039d4)}},
    {{UINT64_C(0x4208691c7f6715ca), UINT64_C(0x98c24dc530edf750), UINT64_C(0x52527553f740998b), UINT64_C(0xaa4b07693173502e)},
     {UINT64_C(0x0554f9d19a9f3395), UINT64_C(0x40de4878eab00e82), UINT64_C(0x2548c254e15310fc), UINT64_C(0x527426aa0bacd41b)}},
    {{UINT64_C(0xcc48f0d4c5ab33b9), UINT64_C(0x8b2c6f46ce8f5a71), UINT64_C(0x0a945af9d996c049), UINT64_C(0x3c1ed5726382caf5)},
     {UINT64_C(0xf8bab8cdc544334a), UINT64_C(0xb63d5183ed34f423), UINT64_C(0x686779f09b91b0a2), UINT64_C(0xe5053139449df2a8)}},
    {{UINT64_C(0x3006a8ce6e877b29), UINT64_C(0x8e4d789e3db80366), UINT64_C(0x7d48afd0fdd6f51e), UINT64_C(0x0df815a076706921)},
     {UINT64_C(0x555382b4f5500fc3), UINT64_C(0xf5dfc5d63655f27c), UINT64_C(0xef8067c9b01c80fc), UINT64_C(0x159b8e314404b4f5)}},
    {{UINT64_C(0xbcf9bd2850ba65d5), UINT64_C(0x899a38f30ff347c5), UINT64_C(0xfeb50b5e11214441), UINT64_C(0x6da8c7328136e9c5)},
     {UINT64_C(0xfaeacfd26147eb6c), UINT64_C(0x0c0e394ebf74452e), UINT64_C(0xbf8623a40074d5d7), UINT64_C(0xcaf062412d6cd8be)}},
    {{UINT64_C(0x6bdea463379fca1a), UINT64_C(0x179f3d6a8a5b6eb7), UINT64_C(0xf71746c963a3436c), UINT64_C(0x159d8ef1023023ac)},
     {UINT64_C(0xc6deb4e3953f1cec), UINT64_C(0xb76af2adb0af252c), UINT64_C(0x3e399c34eb02843a), UINT64_C(0xaddee068309beada)}},
    {{UINT64_C(0x43be2123859f3573), UINT64_C(0xecbbf2783d5a339f), UINT64_C(0xcdd238e0ed266b5e), UINT64_C(0x850655e4e3d992e2)},
     {UINT64_C(0xe07ad1b4634dc8f0), UINT64_C(0x2c957a24a88dd5e6), UINT64_C(0xd50e72d88b32269f), UINT64_C(0x40072e59db135a56)}},
    {{UINT64_C(0x62a8c244bfe20925), UINT64_C(0x91c19ac38fdce867), UINT64_C(0x5a96a5d5dd387063), UINT64_C(0x61d587d421d324f6)},
     {UINT64_C(0xe87673a2a37173ea), UINT64_C(0x2384800853778b65), UINT64_C(0x10f8441e05bab43e), UINT64_C(0xfa11fe124621efbe)}},
    {{UINT64_C(0x80531fe1c63c4962), UINT64_C(0x50541e89981fdb25), UINT64_C(0xdc1291a1fd4c2b6b), UINT64_C(0xc0693a17a6df4fca)},
     {UINT64_C(0xb2c4604e0117f203), UINT64_C(0x245f19630a99b8d0), UINT64_C(0xaedc20aac6212c44), UINT64_C(0xb1ed4e56520f52a8)}},
    {{UINT64_C(0xa4b8e43a2ad24bde), UINT64_C(0x04a3a0d243e89527), UINT64_C(0x9c93874160b4b81f), UINT64_C(0xb006d214b30612ec)},
     {UINT64_C(0x50421b385231142c), UINT64_C(0xa4dfa4ff91b1b0b4), UINT64_C(0xd7cc7008cdaf06ac), UINT64_C(0x924138bb01429176)}},
    {{UINT64_C(0xd433e50f6d3549cf), UINT64_C(0x6f33696ffacd665e), UINT64_C(0x695bfdacce11fcb4), UINT64_C(0x810ee252af7c9860)},
     {UINT64_C(0x65450fe17159bb2c), UINT64_C(0xf7dfbebe758b357b), UINT64_C(0x2b057e74d69fea72), UINT64_C(0xd485717a92731745)}},
    {{UINT64_C(0xd11d47dcfc9877ee), UINT64_C(0xc8b36210801d0002), UINT64_C(0xd002c11754c260b6), UINT64_C(0x04c17cd86962f046)},
     {UINT64_C(0x6d9bd094b0daddf5), UINT64_C(0xbea2357524ce55c0), UINT64_C(0x663356e672da03b5), UINT64_C(0xf7ba4de9fed97474)}},
    {{UINT64_C(0x020253804e9fafd3), UINT64_C(0xef0b6318ddb13f0c), UINT64_C(0xc78f947d2479bf46), UINT64_C(0xa10b4e7d7b76140c)},
     {UINT64_C(0x06e0af5a8bd52cb9), UINT64_C(0xd4db0997d55df11e), UINT64_C(0xb71d20a434bfa4fa), UINT64_C(0x61bf453e77a13210)}},
    {{UINT64_C(0xdea65d7ee5302039), UINT64_C(0xfbe256b880ffb7f4), UINT64_C(0xe521a75cd91d239d), UINT64_C(0x7f2c826599f4c873)},
     {UINT64_C(0x2c05af6d8676c901), UINT64_C(0x1b6cef5524fd8866), UINT64_C(0x0cafbf95bbb5047b), UINT64_C(0xdadaf026e43198e9)}},
    {{UINT64_C(0xb81d783e979f3925), UINT64_C(0x1efd130aaf4c89a7), UINT64_C(0x525c2144fd1bf7fa), UINT64_C(0x4b2969041b265a9e)},
     {UINT64_C(0xed8e9634b9db65b6), UINT64_C(0x35c82e3203599d8a), UINT64_C(0xdaa7a54f403563f3), UINT64_C(0x9df088ad022c38ab)}},
    {{UINT64_C(0xf61fcf3a2a02944f), UINT64_C(0xe645ad43ab2f675d), UINT64_C(0x8d0b279a33f50b3c), UINT64_C(0xd5d2482dea5cedef)},
     {UINT64_C(0x1ed23d3ba1635568), UINT64_C(0xa75597d85a3d6142), UINT64_C(0x657692eaed47eb39), UINT64_C(0xf47651b0626e4765)}},
    {{UINT64_C(0x853c1761098fadca), UINT64_C(0xc77150108f37d7a8), UINT64_C(0x692729874c76cf10), UINT64_C(0x97c3baf13c5e00b8)},
     {UINT64_C(0x01d90d4b5d0c058a), UINT64_C(0x77121a478715b580), UINT64_C(0x3a20e59c60e1f578), UINT64_C(0x9ad786603b1f43e2)}},
    {{UINT64_C(0x5f82417a064c2392), UINT64_C(0xb855e23be6101856), UINT64_C(0xd6594e3cf3ad428e), UINT64_C(0x10a09cb12ef37e97)},
     {UINT64_C(0x6d0984f500c6c9d7), UINT64_C(0xcc688483b1be9516), UINT64_C(0xdd0556681f770e7d), UINT64_C(0x1275d1a150a827cb)}},
    {{UINT64_C(0x378ee04c5e6d007c), UINT64_C(0xe01171935863cf3e), UINT64_C(0x743eb882ea10b18b), UINT64_C(0xdbd7c62ca74a834b)},
     {UINT64_C(0x4e2682335d70bd49), UINT64_C(0x3624b967b0f60b3c), UINT64_C(0xdce67aa84124e988), UINT64_C(0x2fa1b2a17cd9898a)}},
    {{UINT64_C(0xde82dccc0a1e84fe), UINT64_C(0x532dd1d6bd1a7c12), UINT64_C(0x5d3c017342e94d85), UINT64_C(0xb70891d52b9b5d3f)},
     {UINT64_C(0x9c5941ec27005762), UINT64_C(0x2bce2bc323e80f14), UINT64_C(0x5c3b6f862bce06a3), UINT64_C(0x4abc23be9a211ef4)}},
    {{UINT64_C(0xa7b34a8a29780cad), UINT64_C(0x494d3be00d05d46c), UINT64_C(0xcd8b811ff060b7a1), UINT64_C(0xfe3b8fab455b0f91)},
     {UINT64_C(0xada6c6075c8b10b1), UINT64_C(0xa06c6130484e13fd), UINT64_C(0x8b5d8bbbcb183df0), UINT64_C(0x7c7a3907dfd615a5)}},
    {{UINT64_C(0xe56641a70957f639), UINT64_C(0xb082a4f63b1bf364), UINT64_C(0x470d76e4db357ef3), UINT64_C(0x9e51ecfe233a20cf)},
     {UINT64_C(0xdaf2787b7760bbcf), UINT64_C(0x882079d0e8a67641), UINT64_C(0xde1681f23a97937e), UINT64_C(0x50cf088d53593257)}},
    {{UINT64_C(0x56f8410ef4f8b16a), UINT64_C(0x97241afec47b266a), UINT64_C(0x0a406b8e6d9c87c1), UINT64_C(0x803f3e02cd42ab1b)},
     {UINT64_C(0x7f0309a804dbec69), UINT64_C(0xa83b85f73bbad05f), UINT64_C(0xc6097273ad8e197f), UINT64_C(0xc097440e5067adc1)}},
    {{UINT64_C(0x75d9bc15adf7cccf), UINT64_C(0x81a3e5d6dfa1e1b0), UINT64_C(0x8c39e444249bc17e), UINT64_C(0xf37dccb28ea7fd43)},
     {UINT64_C(0xda654873907fba12), UINT64_C(0x35daa6da4a372904), UINT64_C(0x0564cfc66283a6c5), UINT64_C(0xd09fa4f64a9395bf)}},
    {{UINT64_C(0x0c8580390e4fbac2), UINT64_C(0x80dd37260ceeb0e4), UINT64_C(0x7109d48c3bc3d064), UINT64_C(0x67d3b747c9ecbae2)},
     {UINT64_C(0x086ba743d9ce8881), UINT64_C(0xb9ae2947e727a3bf), UINT64_C(0xae0ae47b74c77868), UINT64_C(0x3a2e811422ae4b1a)}},
    {{UINT64_C(0xe3417bc035d0b34a), UINT64_C(0x440b386b8327c0a7), UINT64_C(0x8fb7262dac0362d1), UINT64_C(0x2c41114ce0cdf943)},
     {UINT64_C(0x2ba5cef1ad95a0b1), UINT64_C(0xc09b37a867d54362), UINT64_C(0x26d6cdd201e486c9), UINT64_C(0x20477abf42ff9297)}},
    {{UINT64_C(0x2e80937cf67d04c3), UINT64_C(0x1e312be289eeb811), UINT64_C(0x56b5d88792594d60), UINT64_C(0x0224da14187fbd3d)},
     {UINT64_C(0x87abb8630c5fe36f), UINT64_C(0x580f3c604ef51f5f), UINT64_C(0x964fb1bfb3b429ec), UINT64_C(0x60838ef042bfff33)}},
    {{UINT64_C(0x7790f54536fd5e2f), UINT64_C(0x5594802d30a5979c), UINT64_C(0xfff683f2b66a3e30), UINT64_C(0xab1ed16fa1b89ca1)},
     {UINT64_C(0xbc0df7894d5dc199), UINT64_C(0xc08c0c6439e44905), UINT64_C(0x5e4337bb994ce19a), UINT64_C(0x6f02e1e1ea67d560)}},
    {{UINT64_C(0xe3b7f8f4520341fa), UINT64_C(0x45df5b2da2a769af), UINT64_C(0x8bb5abfaaf3be107), UINT64_C(0xb9ce4ab029450f47)},
     {UINT64_C(0x0d1d909df2f6007d), UINT64_C(0xb0969377744a32d7), UINT64_C(0x65f946e69604456b), UINT64_C(0x4fc10961a6e72237)}},
    {{UINT64_C(0x1083e2ea1f095615), UINT64_C(0x0a28ad7714e68c33), UINT64_C(0x6bfc02523d8818be), UINT64_C(0xb585113af35850cd)},
     {UINT64_C(0x7d935f0b30df8aa1), UINT64_C(0xaddda07c4ab7e3ac), UINT64_C(0x92c34299552f00cb), UINT64_C(0xc33ed1de2909df6c)}},
    {{UINT64_C(0x5151921ce6a0f2cb), UINT64_C(0x0609086af1e6ca87), UINT64_C(0xc4e37cc6c70de774), UINT64_C(0x005c4220603d6a5c)},
     {UINT64_C(0xc4625bf1f95c0a8d), UINT64_C(0x40bc7da3cecf44cd), UINT64_C(0xdfa5603f47ab76ec), UINT64_C(0x0f2d5f88d5e36a80)}},
    {{UINT64_C(0xed581bd699154c49), UINT64_C(0x0b28170dd9682d9d), UINT64_C(0x4eb3b44a7054f138), UINT64_C(0x7dce94b8ad296f02)},
     {UINT64_C(0x6cb2739fb8d220dd), UINT64_C(0xbb4b573906a832cb), UINT64_C(0x7365d863d1581b08), UINT64_C(0x385deea88b255136)}},
    {{UINT64_C(0x818a4a346f0eda96), UINT64_C(0x0f97d2d07392ca8b), UINT64_C(0x98a234895e4b53b7), UINT64_C(0xc03480239ff666cf)},
     {UINT64_C(0xc3f565612b5b5d5a), UINT64_C(0xb13f3002b2ec8377), UINT64_C(0xf2a93f8d9bbaced6), UINT64_C(0x6fbc4958af432ea6)}},
    {{UINT64_C(0x4ab61845cead62de), UINT64_C(0xbf554ae8348c01da), UINT64_C(0xb16e9df5279b48a4), UINT64_C(0x9b02cbf258e171ed)},
     {UINT64_C(0x2c5a5c4e5dc66142), UINT64_C(0x0f9a4ca985ba09cf), UINT64_C(0x24747ca0c0d7f21a), UINT64_C(0x86256dda9b0ea32c)}},
    {{UINT64_C(0x51818bcb8b677ca5), UINT64_C(0xe2be0538b9c9169c), UINT64_C(0x0307315a898295d3), UINT64_C(0x30a82e0815866ce2)},
     {UINT64_C(0x6d0ea2fb78a9faec), UINT64_C(0x1ed13b92e1f4f12d), UINT64_C(0x24dbc43c71422f14), UINT64_C(0x6b81ddcb97da62e5)}},
    {{UINT64_C(0x79f42fc44aa08b76), UINT64_C(0x9b2c362afc172375), UINT64_C(0x497b5f4f2b656ac8), UINT64_C(0xbf529b8abf618f61)},
     {UINT64_C(0x8b356b19d79273aa), UINT64_C(0xcf61deaf08f9d378), UINT64_C(0xc3b2f4684454bc5f), UINT64_C(0xa6a401e1aac76f1c)}},
    {{UINT64_C(0xf4f1cbe50a546b4c), UINT64_C(0x77eae698c3ed7364), UINT64_C(0xd08e8b667ea20242), UINT64_C(0x4a85ae79aca5bb98)},
     {UINT64_C(0xa74213d7dbaf6afd), UINT64_C(0x9e40008a8b05b17f), UINT64_C(0x67b10c3b54045bdb), UINT64_C(0x0e74ca92fe598d23)}},
};

/* Comb digit of column j (0..15) for table t (0..3). */
static uint32_t dtls__p256_comb_digit(const uint32_t k[8], unsigned j, unsigned t)
{
    unsigned base = j + 64u * t;
    return dtls__p256_bit(k, base) | (dtls__p256_bit(k, base + 16) << 1) |
           (dtls__p256_bit(k, base + 32) << 2) | (dtls__p256_bit(k, base + 48) << 3);
}

/* r = k G for k in [1, n-1], constant time. */
static void dtls__p256_mul_base(dtls__p256_jac *r, const uint32_t k[8])
{
    dtls__p256_jac q, sum;
    dtls__p256_fe tx, ty, one;
    uint32_t qinf = 0xffffffffU, d, dz, m;
    unsigned j, t, e;
    int col;

    dtls__p256_fe_one(one);
    memset(&q, 0, sizeof q);
    for (col = 15; col >= 0; col--) {
        j = (unsigned)col;
        if (col != 15) dtls__p256_double(&q, &q); /* q is infinity before the first column */
        for (t = 0; t < 4; t++) {
            d = dtls__p256_comb_digit(k, j, t);
            memset(tx, 0, sizeof tx);
            memset(ty, 0, sizeof ty);
            for (e = 1; e < 16; e++) {
                m = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d ^ e)));
                dtls__p256_fe_cmov(tx, dtls__p256_comb[15 * t + e - 1][0], m);
                dtls__p256_fe_cmov(ty, dtls__p256_comb[15 * t + e - 1][1], m);
            }
            dtls__p256_madd(&sum, &q, tx, ty);
            dz = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d)));
            /* q = qinf ? T : (d == 0 ? q : sum) */
            dtls__p256_jac_cmov(&q, &sum, ~dz);
            dtls__p256_fe_cmov(q.x, tx, qinf);
            dtls__p256_fe_cmov(q.y, ty, qinf);
            dtls__p256_fe_cmov(q.z, one, qinf);
            qinf &= dz;
        }
    }
    *r = q;
    dtls_wipe(&q, sizeof q);
    dtls_wipe(&sum, sizeof sum);
    dtls_wipe(tx, sizeof tx);
    dtls_wipe(ty, sizeof ty);
    dtls_wipe(&d, sizeof d);
}

/* r = a + b for any a, b. */
static void dtls__p256_add_vt(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_jac *b)
{
    dtls__p256_fe z1z1, z2z2, u1, u2, s1, s2;

    if (dtls__p256_fe_is_zero(a->z)) {
        *r = *b;
        return;
    }
    if (dtls__p256_fe_is_zero(b->z)) {
        *r = *a;
        return;
    }
    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_sqr(z2z2, b->z);
    dtls__p256_fe_mul(u1, a->x, z2z2);
    dtls__p256_fe_mul(u2, b->x, z1z1);
    if (memcmp(u1, u2, sizeof u1) == 0) {
        dtls__p256_fe_mul(s1, a->y, b->z);
        dtls__p256_fe_mul(s1, s1, z2z2);
        dtls__p256_fe_mul(s2, b->y, a->z);
        dtls__p256_fe_mul(s2, s2, z1z1);
        if (memcmp(s1, s2, sizeof s1) == 0)
            dtls__p256_double(r, a);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    dtls__p256_add(r, a, b);
}

/* Odd multiples G, 3 G, ..., 63 G (verification's width-7 wNAF of u1), as
 * X then Y in p256_fe64.c's representation like the comb tables (2048 bytes).
 * Generated with Python big integers: P = (2 i + 1) * G affine, i = 0..31;
 *   X = P.x * 2**256 % p (likewise Y) */
static const dtls__p256_fe dtls__p256_godd[32][2] = {
    {{UINT64_C(0x79e730d418a9143c), UINT64_C(0x75ba95fc5fedb601), UINT64_C(0x79fb732b77622510), UINT64_C(0x18905f76a53755c6)},
     {UINT64_C(0xddf25357ce95560a), UINT64_C(0x8b4ab8e4ba19e45c), UINT64_C(0xd2e88688dd21f325), UINT64_C(0x8571ff1825885d85)}},
    {{UINT64_C(0xffac3f904eebc127), UINT64_C(0xb027f84a087d81fb), UINT64_C(0x66ad77dd87cbbc98), UINT64_C(0x26936a3fb6ff747e)},
     {UINT64_C(0xb04c5c1fc983a7eb), UINT64_C(0x583e47ad0861fe1a), UINT64_C(0x788208311a2ee98e), UINT64_C(0xd5f06a29e587cc07)}},
    {{UINT64_C(0xbe1b8aaec45c61f5), UINT64_C(0x90ec649a94b9537d), UINT64_C(0x941cb5aad076c20c), UINT64_C(0xc9079605890523c8)},
     {UINT64_C(0xeb309b4ae7ba4f10), UINT64_C(0x73c568efe5eb882b), UINT64_C(0x3540a9877e7a1f68), UINT64_C(0x73a076bb2dd1e916)}},
    {{UINT64_C(0x0746354ea0173b4f), UINT64_C(0x2bd20213d23c00f7), UINT64_C(0xf43eaab50c23bb08), UINT64_C(0x13ba5119c3123e03)},
     {UINT64_C(0x2847d0303f5b9d4d), UINT64_C(0x6742f2f25da67bdd), UINT64_C(0xef933bdc77c94195), UINT64_C(0xeaedd9156e240867)}},
    {{UINT64_C(0x75c96e8f264e20e8), UINT64_C(0xabe6bfed59a7a841), UINT64_C(0x2cc09c0444c8eb00), UINT64_C(0xe05b3080f0c4e16b)},
     {UINT64_C(0x1eb7777aa45f3314), UINT64_C(0x56af7bedce5d45e3), UINT64_C(0x2b6e019a88b12f1a), UINT64_C(0x086659cdfd835f9b)}},
    {{UINT64_C(0xea7d260a6245e404), UINT64_C(0x9de407956e7fdfe0), UINT64_C(0x1ff3a4158dac1ab5), UINT64_C(0x3e7090f1649c9073)},
     {UINT64_C(0x1a7685612b944e88), UINT64_C(0x250f939ee57f61c8), UINT64_C(0x0c0daa891ead643d), UINT64_C(0x68930023e125b88e)}},
    {{UINT64_C(0xccc425634b2ed709), UINT64_C(0x0e356769856fd30d), UINT64_C(0xbcbcd43f559e9811), UINT64_C(0x738477ac5395b759)},
     {UINT64_C(0x35752b90c00ee17f), UINT64_C(0x68748390742ed2e3), UINT64_C(0x7cd06422bd1f5bc1), UINT64_C(0xfbc08769c9e7b797)}},
    {{UINT64_C(0x72bcd8b7bc60055b), UINT64_C(0x03cc23ee56e27e4b), UINT64_C(0xee337424e4819370), UINT64_C(0xe2aa0e430ad3da09)},
     {UINT64_C(0x40b8524f6383c45d), UINT64_C(0xd766355442a41b25), UINT64_C(0x64efa6de778a4797), UINT64_C(0x2042170a7079adf4)}},
    {{UINT64_C(0x97091dcbd53c5c9d), UINT64_C(0xf17624b6ac0a177b), UINT64_C(0xb0f139752cfe2dff), UINT64_C(0xc1a35c0a6c7a574e)},
     {UINT64_C(0x227d314693e79987), UINT64_C(0x0575bf30e89cb80e), UINT64_C(0x2f4e247f0d1883bb), UINT64_C(0xebd512263274c3d0)}},
    {{UINT64_C(0xfea912baa5659ae8), UINT64_C(0x68363aba25e1a16e), UINT64_C(0xb8842277752c41ac), UINT64_C(0xfe545c282897c3fc)},
     {UINT64_C(0x2d36e9e7dc4c696b), UINT64_C(0x5806244afba977c5), UINT64_C(0x85665e9be39508c1), UINT64_C(0xf720ee256d12597b)}},
    {{UINT64_C(0x562e4cecc135b208), UINT64_C(0x74e1b2654783f47d), UINT64_C(0x6d2a506c5a3f3b30), UINT64_C(0xecead9f4c16762fc)},
     {UINT64_C(0xf29dd4b2e286e5b9), UINT64_C(0x1b0fadc083bb3c61), UINT64_C(0x7a75023e7fac29a4), UINT64_C(0xc086d5f1c9477fa3)}},
    {{UINT64_C(0xf4f876532de45068), UINT64_C(0x37c7a7e89e2e1f6e), UINT64_C(0xd0825fa2a3584069), UINT64_C(0xaf2cea7c1727bf42)},
     {UINT64_C(0x0360a4fb9e4785a9), UINT64_C(0xe5fda49c27299f4a), UINT64_C(0x48068e1371ac2f71), UINT64_C(0x83d0687b9077666f)}},
    {{UINT64_C(0xa4a319acd837879f), UINT64_C(0x6fc1b49eed6b67b0), UINT64_C(0xe395993332f1f3af), UINT64_C(0x966742eb65432a2e)},
     {UINT64_C(0x4b8dc9feb4966228), UINT64_C(0x96cc631243f43950), UINT64_C(0x12068859c9b731ee), UINT64_C(0x7b948dc356f79968)}},
    {{UINT64_C(0x042c2af497e2feb4), UINT64_C(0xd36a42d7aebf7313), UINT64_C(0x49d2c9eb084ffdd7), UINT64_C(0x9f8aa54b2ef7c76a)},
     {UINT64_C(0x9200b7ba09895e70), UINT64_C(0x3bd0c66fddb7fb58), UINT64_C(0x2d97d10878eb4cbb), UINT64_C(0x2d431068d84bde31)}},
    {{UINT64_C(0x5e5db46acb66e132), UINT64_C(0xf1be963a0d925880), UINT64_C(0x944a70270317b9e2), UINT64_C(0xe266f95948603d48)},
     {UINT64_C(0x98db66735c208899), UINT64_C(0x90472447a2fb18a3), UINT64_C(0x8a966939777c619f), UINT64_C(0x3798142a2a3be21b)}},
    {{UINT64_C(0xe2f73c696755ff89), UINT64_C(0xdd3cf7e7473017e6), UINT64_C(0x8ef5689d3cf7600d), UINT64_C(0x948dc4f8b1fc87b4)},
     {UINT64_C(0xd9e9fe814ea53299), UINT64_C(0x2d921ca298eb6028), UINT64_C(0xfaecedfd0c9803fc), UINT64_C(0xf38ae8914d7b4745)}},
    {{UINT64_C(0x871514560f664534), UINT64_C(0x85ceae7c4b68f103), UINT64_C(0xac09c4ae65578ab9), UINT64_C(0x33ec6868f044b10c)},
     {UINT64_C(0x6ac4832b3a8ec1f1), UINT64_C(0x5509d1285847d5ef), UINT64_C(0xf909604f763f1574), UINT64_C(0xb16c4303c32f63c4)}},
    {{UINT64_C(0xfd16847fdec67ef5), UINT64_C(0x742ee464233e76b7), UINT64_C(0x0b8e4134efc2b4c8), UINT64_C(0xca640b8642a3e521)},
     {UINT64_C(0x653a01908ceb6aa9), UINT64_C(0x313c300c547852d5), UINT64_C(0x24e4ab126b237af7), UINT64_C(0x2ba901628bb47af8)}},
    {{UINT64_C(0x00467bc58cce08b5), UINT64_C(0xb636458c7f178d55), UINT64_C(0xc5748baea677d806), UINT64_C(0x2763a387dfa394eb)},
     {UINT64_C(0xa12b448a7d3cebb6), UINT64_C(0xe7adda3e6f20d850), UINT64_C(0xf63ebce51558462c), UINT64_C(0x58b36143620088a8)}},
    {{UINT64_C(0xa9d89488a059c142), UINT64_C(0x6f5ae714ff0b9346), UINT64_C(0x068f237d16fb3664), UINT64_C(0x5853e4c4363186ac)},
     {UINT64_C(0xe2d87d2363c52f98), UINT64_C(0x2ec4a76681828876), UINT64_C(0x47b864fae14e7b1c), UINT64_C(0x0c0bc0e569192408)}},
    {{UINT64_C(0x624d60492ed22e91), UINT64_C(0x6fdfe0b56f072822), UINT64_C(0xeeca111539ce2271), UINT64_C(0x98100a4fdb01614f)},
     {UINT64_C(0xb6b0daa2a35c628f), UINT64_C(0xb6f94d2ec87e9a47), UINT64_C(0xc67732591d57d9ce), UINT64_C(0xf70bfeec03884a7b)}},
    {{UINT64_C(0x4ff23ffd248a7d06), UINT64_C(0x80c5bfb4878873fa), UINT64_C(0xb7d9ad9005745981), UINT64_C(0x179c85db3db01994)},
     {UINT64_C(0xba41b06261a6966c), UINT64_C(0x4d82d052eadce5a8), UINT64_C(0x9e91cd3ba5e6a318), UINT64_C(0x47795f4f95b2dda0)}},
    {{UINT64_C(0x1ee426ccd5cd79bf), UINT64_C(0x0032940b946c6e18), UINT64_C(0x1b1e8ae057477f58), UINT64_C(0xe94f7d346d823278)},
     {UINT64_C(0xc747cb96782ba21a), UINT64_C(0xc5254469f72b33a5), UINT64_C(0x772ef6dec7f80c81), UINT64_C(0xd73acbfe2cd9e6b5)}},
    {{UINT64_C(0x283c7513caa76097), UINT64_C(0x0a624fa936c83906), UINT64_C(0x6b20afec715af2c7), UINT64_C(0x4b969974eba78bfd)},
     {UINT64_C(0x220755ccd921d60e), UINT64_C(0x9b944e107baeca13), UINT64_C(0x04819d515ded93d4), UINT64_C(0x9bbff86e6dddfd27)}},
    {{UINT64_C(0x21950b421ff6acd3), UINT64_C(0xffe7048453dc6909), UINT64_C(0xff4cd0b228766127), UINT64_C(0xabdbe6084fb7db2b)},
     {UINT64_C(0x837c92285e1109e8), UINT64_C(0x26147d27f4645b5a), UINT64_C(0x4d78f592f7818ed8), UINT64_C(0xd394077ef247fa36)}},
    {{UINT64_C(0x508cec1c3b3f64c9), UINT64_C(0xe20bc0ba1e5edf3f), UINT64_C(0xda1deb852f4318d4), UINT64_C(0xd20ebe0d5c3fa443)},
     {UINT64_C(0x370b4ea773241ea3), UINT64_C(0x61f1511c5e1a5f65), UINT64_C(0x99a5e23d82681c62), UINT64_C(0xd731e383a2f54c2d)}},
    {{UINT64_C(0x97359638546c4d8d), UINT64_C(0x5f9c3fc492f24679), UINT64_C(0x912e8beda8c8acd9), UINT64_C(0xec3a318d306634b0)},
     {UINT64_C(0x80167f41c31cb264), UINT64_C(0x3db82f6f522113f2), UINT64_C(0xb155bcd2dcafe197), UINT64_C(0xfba1da5943465283)}},
    {{UINT64_C(0x258bbbf9e7305683), UINT64_C(0x31eea5bf07ef5be6), UINT64_C(0x0deb0e4a46c814c1), UINT64_C(0x5cee8449a7b730dd)},
     {UINT64_C(0xeab495c5a0182bde), UINT64_C(0xee759f879e27a6b4), UINT64_C(0xc2cf6a6880e518ca), UINT64_C(0x25e8013ff14cf3f4)}},
    {{UINT64_C(0x3ec832e77acaca28), UINT64_C(0x1bfeea57c7385b29), UINT64_C(0x068212e3fd1eaf38), UINT64_C(0xc13298306acf8ccc)},
     {UINT64_C(0xb909f2db2aac9e59), UINT64_C(0x5748060db661782a), UINT64_C(0xc5ab2632c79b7a01), UINT64_C(0xda44c6c600017626)}},
    {{UINT64_C(0x69d44ed65c46aa8e), UINT64_C(0x2100d5d3a8d063d1), UINT64_C(0xcb9727eaa2d17c36), UINT64_C(0x4c2bab1b8add53b7)},
     {UINT64_C(0xa084e90c15426704), UINT64_C(0x778afcd3a837ebea), UINT64_C(0x6651f7017ce477f8), UINT64_C(0xa062499846fb7a8b)}},
    {{UINT64_C(0x3667eb1a7f4c04cc), UINT64_C(0x59556621a9404f84), UINT64_C(0x71cdf6537eceb50a), UINT64_C(0x994a44a69b8335fa)},
     {UINT64_C(0xd7faf819dbeb9b69), UINT64_C(0x473c5680eed4350d), UINT64_C(0xb6658466da44bba2), UINT64_C(0x0d1bc780872bdbf3)}},
    {{UINT64_C(0xb8d3d9319ff91fe5), UINT64_C(0x039c4800f0518eed), UINT64_C(0x95c376329182cb26), UINT64_C(0x0763a43482fc568d)},
     {UINT64_C(0x707c04d5383e76ba), UINT64_C(0xac98b930824e8197), UINT64_C(0x92bf7c8f91230de0), UINT64_C(0x90876a0140959b70)}},
};

/* Bits pos .. pos + count - 1 of k (count <= 8; bits past 255 are zero). */
static uint32_t dtls__p256_bits(const uint32_t k[8], unsigned pos, unsigned count)
{
    unsigned l = pos >> 5, sh = pos & 31u;
    uint32_t v = l < 8 ? k[l] >> sh : 0;

    if (sh + count > 32 && l + 1 < 8) v |= k[l + 1] << (32 - sh);
    return v & ((1U << count) - 1U);
}

/* Width-w NAF of k (public: variable time): digits odd and below 2^(w-1) in
 * absolute value, or zero, least significant first; naf has room for 257
 * digits, all written.  Returns the number of digits up to the last nonzero
 * one.  One pass over the bits with a carry: a bit equal to the carry gives a
 * zero digit; otherwise the next w bits plus the carry are an odd digit, made
 * negative (and the carry set) when it is 2^(w-1) or more. */
static int dtls__p256_wnaf(signed char naf[257], const uint32_t k[8], unsigned w)
{
    unsigned bit = 0, now;
    int carry = 0, len = 0, word;

    memset(naf, 0, 257);
    while (bit < 256) {
        if ((int)dtls__p256_bits(k, bit, 1) == carry) {
            bit++;
            continue;
        }
        now = 256 - bit < w ? 256 - bit : w;
        word = (int)dtls__p256_bits(k, bit, now) + carry;
        carry = (word >> (w - 1)) & 1;
        word -= carry << w;
        naf[bit] = (signed char)word;
        len = (int)bit + 1;
        bit += now;
    }
    if (carry) {
        naf[256] = 1;
        len = 257;
    }
    return len;
}

/* acc = u1 G + u2 Q (public: variable time): a width-5 wNAF of u2 over the
 * odd multiples Q, 3 Q, ..., 15 Q, interleaved with a width-7 wNAF of u1
 * over the constant odd multiples of G (about 32 mixed additions for u1
 * where the comb would take about 60). */
static void dtls__p256_verify_sum(dtls__p256_jac *acc, const uint32_t u1[8], const uint32_t u2[8],
                                  const dtls__p256_fe qx, const dtls__p256_fe qy)
{
    dtls__p256_jac tab[8], q2, neg;
    dtls__p256_fe zero, ny;
    signed char naf[257], nafg[257];
    int i, len, leng, d;

    /* tab[j] = (2 j + 1) Q */
    dtls__p256_set_affine(&tab[0], qx, qy);
    dtls__p256_double(&q2, &tab[0]);
    for (i = 1; i < 8; i++)
        dtls__p256_add_vt(&tab[i], &tab[i - 1], &q2);
    len = dtls__p256_wnaf(naf, u2, 5);
    leng = dtls__p256_wnaf(nafg, u1, 7);
    if (leng > len) len = leng;
    memset(zero, 0, sizeof zero);

    memset(acc, 0, sizeof *acc);
    for (i = len - 1; i >= 0; i--) {
        if (!dtls__p256_fe_is_zero(acc->z)) dtls__p256_double(acc, acc);
        if (naf[i] > 0) {
            dtls__p256_add_vt(acc, acc, &tab[naf[i] >> 1]);
        } else if (naf[i] < 0) {
            neg = tab[(-naf[i]) >> 1];
            dtls__p256_fe_sub(neg.y, zero, neg.y);
            dtls__p256_add_vt(acc, acc, &neg);
        }
        d = nafg[i];
        if (d > 0) {
            dtls__p256_madd_vt(acc, acc, dtls__p256_godd[d >> 1][0], dtls__p256_godd[d >> 1][1]);
        } else if (d < 0) {
            dtls__p256_fe_sub(ny, zero, dtls__p256_godd[(-d) >> 1][1]);
            dtls__p256_madd_vt(acc, acc, dtls__p256_godd[(-d) >> 1][0], ny);
        }
    }
}

#else /* size profile: no table */

/* G (SEC 2 §2.4.2) in p256_fe32.c's representation (plain integers, 8 limbs,
 * least significant first). */
static const dtls__p256_fe dtls__p256_gx = {0xd898c296U, 0xf4a13945U, 0x2deb33a0U, 0x77037d81U,
                                            0x63a440f2U, 0xf8bce6e5U, 0xe12c4247U, 0x6b17d1f2U};
static const dtls__p256_fe dtls__p256_gy = {0x37bf51f5U, 0xcbb64068U, 0x6b315eceU, 0x2bce3357U,
                                            0x7c0f9e16U, 0x8ee7eb4aU, 0xfe1a7f9bU, 0x4fe342e2U};

/* r = k G for k in [1, n-1], constant time: the variable-base path. */
static void dtls__p256_mul_base(dtls__p256_jac *r, const uint32_t k[8])
{
    dtls__p256_mul_var(r, k, dtls__p256_gx, dtls__p256_gy);
}

/* acc = u1 G + u2 Q (public: variable time): one doubling per bit and a
 * mixed addition of G and of Q for each set bit of u1 and u2; no table, so
 * the least stack. */
static void dtls__p256_verify_sum(dtls__p256_jac *acc, const uint32_t u1[8], const uint32_t u2[8],
                                  const dtls__p256_fe qx, const dtls__p256_fe qy)
{
    unsigned i;

    memset(acc, 0, sizeof *acc);
    for (i = 256; i-- > 0;) {
        if (!dtls__p256_fe_is_zero(acc->z)) dtls__p256_double(acc, acc);
        if (dtls__p256_bit(u1, i)) dtls__p256_madd_vt(acc, acc, dtls__p256_gx, dtls__p256_gy);
        if (dtls__p256_bit(u2, i)) dtls__p256_madd_vt(acc, acc, qx, qy);
    }
}

#endif /* DTLS_P256_SPEED */

/* ---- Encodings and validation ----------------------------------------------- */

/* Loads priv (big-endian) into k; returns 1 if it is in [1, n-1], else 0
 * (computed without branches; the caller declassifies the result). */
static uint32_t dtls__p256_load_scalar(uint32_t k[8], const uint8_t priv[32])
{
    dtls__ecc_from_be(k, priv, 8);
    return dtls__ecc_lt(k, dtls__p256_n.m, 8) & (dtls__ecc_is_zero(k, 8) ^ 1U);
}

/* Decodes and checks an uncompressed point (public data).  0 or DTLS_ERR_BAD_KEY. */
static int dtls__p256_load_point(dtls__p256_fe x, dtls__p256_fe y, const uint8_t *pub, size_t pub_len)
{
    dtls__p256_fe l, rhs;

    if (!pub || pub_len != 65 || pub[0] != 0x04) return DTLS_ERR_BAD_KEY;
    if (!dtls__p256_fe_from_bytes(x, pub + 1) || !dtls__p256_fe_from_bytes(y, pub + 33)) return DTLS_ERR_BAD_KEY;
    /* y^2 == x^3 - 3 x + b */
    dtls__p256_fe_sqr(rhs, x);
    dtls__p256_fe_mul(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    (void)dtls__p256_fe_from_bytes(l, dtls__p256_b); /* b < p */
    dtls__p256_fe_add(rhs, rhs, l);
    dtls__p256_fe_sqr(l, y);
    if (memcmp(l, rhs, sizeof l) != 0) return DTLS_ERR_BAD_KEY;
    return 0;
}

DTLS_API int dtls_p256_check_public(const uint8_t *pub, size_t pub_len)
{
    dtls__p256_fe x, y;

    return dtls__p256_load_point(x, y, pub, pub_len);
}

DTLS_API int dtls_p256_public(uint8_t pub[65], const uint8_t priv[32])
{
    uint32_t k[8], ok;
    dtls__p256_jac q;
    dtls__p256_fe x, y;

    ok = dtls__p256_load_scalar(k, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok); /* a valid key or not: public */
    if (!ok) {
        dtls_wipe(k, sizeof k);
        return DTLS_ERR_BAD_KEY;
    }
    dtls__p256_mul_base(&q, k);
    dtls__p256_to_affine(x, y, &q);
    pub[0] = 0x04;
    dtls__p256_fe_to_bytes(pub + 1, x);
    dtls__p256_fe_to_bytes(pub + 33, y);
    dtls_wipe(k, sizeof k);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    return 0;
}

DTLS_API int dtls_p256_keygen(uint8_t priv[32], uint8_t pub[65], dtls_random_fn rng, void *rng_ctx)
{
    uint32_t k[8], ok = 0;
    int tries;

    if (!rng) return DTLS_ERR_BAD_ARG;
    /* Rejection sampling: a candidate >= n has probability < 2^-32, so a
     * source that fails 64 times in a row is broken. */
    for (tries = 0; tries < 64; tries++) {
        if (rng(rng_ctx, priv, 32) != 0) break;
        ok = dtls__p256_load_scalar(k, priv);
        DTLS__ECC_DECLASSIFY(&ok, sizeof ok); /* reveals only that a discarded candidate was rejected */
        if (ok) break;
    }
    dtls_wipe(k, sizeof k);
    if (!ok) {
        dtls_wipe(priv, 32);
        return DTLS_ERR_RANDOM;
    }
    return dtls_p256_public(pub, priv);
}

DTLS_API int dtls_p256_ecdh(uint8_t secret[32], const uint8_t priv[32], const uint8_t *peer_pub,
                            size_t peer_len)
{
    uint32_t k[8], ok, inf;
    dtls__p256_fe px, py, x, y;
    dtls__p256_jac q;

    if (dtls__p256_load_point(px, py, peer_pub, peer_len) != 0) return DTLS_ERR_BAD_KEY;
    ok = dtls__p256_load_scalar(k, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        dtls_wipe(k, sizeof k);
        return DTLS_ERR_BAD_KEY;
    }
    dtls__p256_mul_var(&q, k, px, py);
    inf = dtls__p256_fe_is_zero(q.z);
    dtls__p256_to_affine(x, y, &q);
    dtls__p256_fe_to_bytes(secret, x);
    dtls_wipe(k, sizeof k);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    /* Infinity cannot happen for a valid point of prime order n and k in
     * [1, n-1]; the check guards against faults. */
    DTLS__ECC_DECLASSIFY(&inf, sizeof inf);
    if (inf) {
        dtls_wipe(secret, 32);
        return DTLS_ERR_BAD_KEY;
    }
    return 0;
}

/* ---- ECDSA ------------------------------------------------------------------- */

/* HMAC-SHA-256 of the concatenation of up to five pieces (NULL ends). */
static void dtls__p256_hmac(uint8_t out[32], const uint8_t key[32], const uint8_t *a, size_t alen,
                            const uint8_t *b, size_t blen, const uint8_t *c, size_t clen,
                            const uint8_t *d, size_t dlen, const uint8_t *e, size_t elen)
{
    dtls_hmac_ctx h;

    (void)dtls_hmac_init(&h, DTLS_HASH_SHA256, key, 32); /* cannot fail for SHA-256 */
    dtls_hmac_update(&h, a, alen);
    if (b) dtls_hmac_update(&h, b, blen);
    if (c) dtls_hmac_update(&h, c, clen);
    if (d) dtls_hmac_update(&h, d, dlen);
    if (e) dtls_hmac_update(&h, e, elen);
    dtls_hmac_final(&h, out);
}

DTLS_API int dtls_p256_ecdsa_sign(uint8_t sig[64], const uint8_t priv[32], const uint8_t *hash,
                                  size_t hash_len, dtls_random_fn rng, void *rng_ctx)
{
    uint32_t dk[8], e[8], k[8], r[8], s[8], t[8], ok, fail;
    uint8_t hk[32], hv[32], h1[32], extra[32], xb[32];
    static const uint8_t zero = 0x00, one = 0x01;
    dtls__p256_jac q;
    dtls__p256_fe x, y;
    const dtls__ecc_mod *nm = &dtls__p256_n;
    size_t extra_len = 0;

    if (!hash && hash_len) return DTLS_ERR_BAD_ARG;
    ok = dtls__p256_load_scalar(dk, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        dtls_wipe(dk, sizeof dk);
        return DTLS_ERR_BAD_KEY;
    }
    if (rng) {
        if (rng(rng_ctx, extra, 32) != 0) {
            dtls_wipe(dk, sizeof dk);
            dtls_wipe(extra, sizeof extra);
            return DTLS_ERR_RANDOM;
        }
        extra_len = 32;
    }
    /* e = bits2int(H(m)) mod n; h1 = bits2octets(H(m)) = int2octets(e). */
    dtls__ecc_bits2int(e, hash, hash_len, 8);
    dtls__ecc_reduce_once(e, e, nm->m, 8);
    dtls__ecc_to_be(h1, e, 8);

    /* RFC 6979 §3.2 b-g (with the additional data of §3.6 when hedged). */
    memset(hv, 0x01, 32);
    memset(hk, 0x00, 32);
    dtls__p256_hmac(hk, hk, hv, 32, &zero, 1, priv, 32, h1, 32, extra_len ? extra : NULL, extra_len);
    dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
    dtls__p256_hmac(hk, hk, hv, 32, &one, 1, priv, 32, h1, 32, extra_len ? extra : NULL, extra_len);
    dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);

    for (;;) {
        /* §3.2 h: qlen = hlen = 256, so one HMAC block is T. */
        dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
        ok = dtls__p256_load_scalar(k, hv);
        /* Declassified: a candidate outside [1, n-1] (probability < 2^-32)
         * is discarded and never used. */
        DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
        if (ok) {
            dtls__p256_mul_base(&q, k);
            dtls__p256_to_affine(x, y, &q);
            dtls__p256_fe_to_bytes(xb, x);
            dtls__ecc_from_be(r, xb, 8);
            dtls__ecc_reduce_once(r, r, nm->m, 8); /* r = x mod n (x < p < 2n) */
            /* s = k^-1 (e + r d) mod n */
#if DTLS_P256_SPEED
            dtls__p256_sc_sign(s, k, e, r, dk);
#else
            dtls__ecc_to_mont(t, k, nm);
            dtls__ecc_mont_inv(t, t, nm);          /* k^-1 R */
            dtls__ecc_to_mont(s, r, nm);
            dtls__ecc_mont_mul(s, s, dk, nm);      /* r d */
            dtls__ecc_mod_add(s, s, e, nm);        /* e + r d */
            dtls__ecc_mont_mul(s, t, s, nm);       /* k^-1 (e + r d) */
#endif
            fail = dtls__ecc_is_zero(r, 8) | dtls__ecc_is_zero(s, 8);
            /* Declassified: r = 0 or s = 0 (probability ~2^-255) means retry
             * with the next k; it reveals nothing about the k that is used. */
            DTLS__ECC_DECLASSIFY(&fail, sizeof fail);
            if (!fail) break;
        }
        /* §3.2 h.3 */
        dtls__p256_hmac(hk, hk, hv, 32, &zero, 1, NULL, 0, NULL, 0, NULL, 0);
        dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
    }
    dtls__ecc_to_be(sig, r, 8);
    dtls__ecc_to_be(sig + 32, s, 8);

    dtls_wipe(dk, sizeof dk);
    dtls_wipe(e, sizeof e);
    dtls_wipe(k, sizeof k);
    dtls_wipe(r, sizeof r);
    dtls_wipe(s, sizeof s);
    dtls_wipe(t, sizeof t);
    dtls_wipe(hk, sizeof hk);
    dtls_wipe(hv, sizeof hv);
    dtls_wipe(h1, sizeof h1);
    dtls_wipe(extra, sizeof extra);
    dtls_wipe(xb, sizeof xb);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    return 0;
}

/* ---- ECDSA verification -------------------------------------------------------- */

DTLS_API int dtls_p256_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                                    size_t hash_len, const uint8_t sig[64])
{
    const dtls__ecc_mod *nm = &dtls__p256_n;
#if DTLS_P256_SPEED
    dtls__p256_fe qx, qy;
    dtls__p256_jac acc;
    uint32_t r[8], s[8], e[8], u1[8], u2[8];
#else
    dtls__p256_fe qx, qy, x, y;
    dtls__p256_jac acc;
    uint32_t r[8], s[8], e[8], w[8], u1[8], u2[8];
#endif
    uint8_t xb[32];

    if (dtls__p256_load_point(qx, qy, pub, pub_len) != 0) return DTLS_ERR_BAD_KEY;
    if ((!hash && hash_len) || !sig) return DTLS_ERR_BAD_ARG;
    dtls__ecc_from_be(r, sig, 8);
    dtls__ecc_from_be(s, sig + 32, 8);
    if (dtls__ecc_is_zero(r, 8) || dtls__ecc_is_zero(s, 8) || !dtls__ecc_lt(r, nm->m, 8) ||
        !dtls__ecc_lt(s, nm->m, 8))
        return DTLS_ERR_BAD_SIGNATURE;
    dtls__ecc_bits2int(e, hash, hash_len, 8);
    dtls__ecc_reduce_once(e, e, nm->m, 8);
#if DTLS_P256_SPEED
    dtls__p256_sc_verify(u1, u2, s, e, r);
#else
    dtls__ecc_to_mont(w, s, nm);
    dtls__ecc_mont_inv(w, w, nm);   /* s^-1 R */
    dtls__ecc_mont_mul(u1, w, e, nm); /* e / s */
    dtls__ecc_mont_mul(u2, w, r, nm); /* r / s */
#endif

    dtls__p256_verify_sum(&acc, u1, u2, qx, qy);
    if (dtls__p256_fe_is_zero(acc.z)) return DTLS_ERR_BAD_SIGNATURE;
#if DTLS_P256_SPEED
    /* x mod n == r for the affine x = X / Z^2 in [0, p), without the
     * inversion: x == r, or x == r + n when r + n < p; c == X / Z^2 is
     * c Z^2 == X (all public). */
    dtls__p256_fe_sqr(acc.z, acc.z);
    dtls__ecc_to_be(xb, r, 8);
    (void)dtls__p256_fe_from_bytes(qx, xb); /* r < n < p */
    dtls__p256_fe_mul(qy, qx, acc.z);
    if (memcmp(qy, acc.x, sizeof qy) == 0) return 0;
    if (!dtls__ecc_lt(r, dtls__p256_p_minus_n, 8)) return DTLS_ERR_BAD_SIGNATURE;
    dtls__ecc_to_be(xb, nm->m, 8);
    (void)dtls__p256_fe_from_bytes(qy, xb);
    dtls__p256_fe_add(qx, qx, qy); /* r + n < p: exact */
    dtls__p256_fe_mul(qy, qx, acc.z);
    return memcmp(qy, acc.x, sizeof qy) == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
#else
    dtls__p256_to_affine(x, y, &acc);
    dtls__p256_fe_to_bytes(xb, x);
    dtls__ecc_from_be(w, xb, 8);
    dtls__ecc_reduce_once(w, w, nm->m, 8);
    return memcmp(w, r, sizeof w) == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
#endif
}

#endif /* DTLS_ENABLE_P256 */

