/* p256.c - NIST P-256 (FIPS 186-4 D.1.2.3, SEC 2 §2.4.2): Jacobian point
 * arithmetic, constant-time scalar multiplication, ECDH, key generation,
 * ECDSA with RFC 6979 nonces, ECDSA verification.  The field GF(p) is
 * p256_int.h, in one of two profiles (DTLS_P256_SPEED, config.h):
 *   speed (1): p256_fe64.c, 4 x 64-bit limbs in Montgomery form; k G by a
 *     comb over 1920 bytes of constant tables; a 4-bit window for k P;
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
 * 4 teeth in each of two static tables (bits j + 32 i, i = 0..3 and
 * i = 4..7): 31 doublings + 64 mixed additions, masked scans of 15 affine
 * points per addition; 2 x 15 points x 64 bytes = 1920 bytes of const data.
 * Verification (public data, variable time, exceptional cases by branches):
 * u2 Q by a width-5 wNAF interleaved with u1 G by the comb (speed) or by the
 * bits of u1 (size).
 *
 * Scalars mod n use the generic Montgomery code of ecc.c. */
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

/* r = a + (bx, by) (madd-2007-bl).  Not valid when a is infinity or

 * a = +-(bx, by): callers exclude those.  r may alias a. */
static void dtls__p256_madd(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_fe bx,
                            const dtls__p256_fe by)
{
    dtls__p256_fe z1z1, u2, s2, h, hh, i4, j, rr, v, t;

    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_mul(u2, bx, z1z1);
    dtls__p256_fe_mul(s2, by, a->z);
    dtls__p256_fe_mul(s2, s2, z1z1);
    dtls__p256_fe_sub(h, u2, a->x);
    dtls__p256_fe_sqr(hh, h);
    dtls__p256_fe_add(i4, hh, hh);
    dtls__p256_fe_add(i4, i4, i4);
    dtls__p256_fe_mul(j, h, i4);
    dtls__p256_fe_sub(rr, s2, a->y);
    dtls__p256_fe_add(rr, rr, rr);
    dtls__p256_fe_mul(v, a->x, i4);
    dtls__p256_fe_mul(s2, a->y, j); /* Y1 J */
    dtls__p256_fe_add(t, a->z, h);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(r->z, t, hh); /* (Z1 + H)^2 - Z1Z1 - HH */
    dtls__p256_fe_sqr(t, rr);
    dtls__p256_fe_sub(t, t, j);
    dtls__p256_fe_sub(t, t, v);
    dtls__p256_fe_sub(r->x, t, v); /* rr^2 - J - 2 V */
    dtls__p256_fe_sub(t, v, r->x);
    dtls__p256_fe_mul(t, rr, t);
    dtls__p256_fe_add(s2, s2, s2);
    dtls__p256_fe_sub(r->y, t, s2); /* rr (V - X3) - 2 Y1 J */
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
    dtls__p256_fe_add(t, a->z, b->z);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(t, t, z2z2);   /* (Z1 + Z2)^2 - Z1Z1 - Z2Z2 */
    dtls__p256_fe_sub(u2, u2, u1);   /* H */
    dtls__p256_fe_mul(r->z, t, u2);  /* a and b are not read after this */
    dtls__p256_fe_add(z1z1, u2, u2);
    dtls__p256_fe_sqr(z1z1, z1z1);   /* I = (2 H)^2 */
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

/* Comb tables: entry 15 t + (b - 1), b = 1..15, is the affine point
 * sum_{i=0..3} b_i 2^(32 (i + 4 t)) G as X then Y in p256_fe64.c's
 * representation (Montgomery form x 2^256 mod p, 4 limbs, least significant
 * first).  Generated with Python big integers:
 *   k = sum(((b >> i) & 1) << (32 * (i + 4 * t)) for i in range(4)); P = k * G
 *   X = P.x * 2**256 % p (likewise Y) */
static const dtls__p256_fe dtls__p256_comb[30][2] = {
    {{UINT64_C(0x79e730d418a9143c), UINT64_C(0x75ba95fc5fedb601), UINT64_C(0x79fb732b77622510), UINT64_C(0x18905f76a53755c6)},
     {UINT64_C(0xddf25357ce95560a), UINT64_C(0x8b4ab8e4ba19e45c), UINT64_C(0xd2e88688dd21f325), UINT64_C(0x8571ff1825885d85)}},
    {{UINT64_C(0x202886024147519a), UINT64_C(0xd0981eac26b372f0), UINT64_C(0xa9d4a7caa785ebc8), UINT64_C(0xd953c50ddbdf58e9)},
     {UINT64_C(0x9d6361ccfd590f8f), UINT64_C(0x72e9626b44e6c917), UINT64_C(0x7fd9611022eb64cf), UINT64_C(0x863ebb7e9eb288f3)}},
    {{UINT64_C(0x7856b6235cdb6485), UINT64_C(0x808f0ea22f0a2f97), UINT64_C(0x3e68d9544f7e300b), UINT64_C(0x00076055b5ff80a0)},
     {UINT64_C(0x7634eb9b838d2010), UINT64_C(0x54014fbb3243708a), UINT64_C(0xe0e47d39842a6606), UINT64_C(0x8308776134373ee0)}},
    {{UINT64_C(0x4f922fc516a0d2bb), UINT64_C(0x0d5cc16c1a623499), UINT64_C(0x9241cf3a57c62c8b), UINT64_C(0x2f5e6961fd1b667f)},
     {UINT64_C(0x5c15c70bf5a01797), UINT64_C(0x3d20b44d60956192), UINT64_C(0x04911b37071fdb52), UINT64_C(0xf648f9168d6f0f7b)}},
    {{UINT64_C(0x9e566847e137bbbc), UINT64_C(0xe434469e8a6a0bec), UINT64_C(0xb1c4276179d73463), UINT64_C(0x5abe0285133d0015)},
     {UINT64_C(0x92aa837cc04c7dab), UINT64_C(0x573d9f4c43260c07), UINT64_C(0x0c93156278e6cc37), UINT64_C(0x94bb725b6b6f7383)}},
    {{UINT64_C(0xbbf9b48f720f141c), UINT64_C(0x6199b3cd2df5bc74), UINT64_C(0xdc3f6129411045c4), UINT64_C(0xcdd6bbcb2f7dc4ef)},
     {UINT64_C(0xcca6700beaf436fd), UINT64_C(0x6f647f6db99326be), UINT64_C(0x0c0fa792014f2522), UINT64_C(0xa361bebd4bdae5f6)}},
    {{UINT64_C(0x28aa2558597c13c7), UINT64_C(0xc38d635f50b7c3e1), UINT64_C(0x07039aecf3c09d1d), UINT64_C(0xba12ca09c4b5292c)},
     {UINT64_C(0x9e408fa459f91dfd), UINT64_C(0x3af43b66ceea07fb), UINT64_C(0x1eceb0899d780b29), UINT64_C(0x53ebb99d701fef4b)}},
    {{UINT64_C(0x4fe7ee31b0e63d34), UINT64_C(0xf4600572a9e54fab), UINT64_C(0xc0493334d5e7b5a4), UINT64_C(0x8589fb9206d54831)},
     {UINT64_C(0xaa70f5cc6583553a), UINT64_C(0x0879094ae25649e5), UINT64_C(0xcc90450710044652), UINT64_C(0xebb0696d02541c4f)}},
    {{UINT64_C(0x4616ca15ac1647c5), UINT64_C(0xb8127d47c4cf5799), UINT64_C(0xdc666aa3764dfbac), UINT64_C(0xeb2820cbd1b27da3)},
     {UINT64_C(0x9406f8d86a87e008), UINT64_C(0xd87dfa9d922378f3), UINT64_C(0x56ed2e4280ccecb2), UINT64_C(0x1f28289b55a7da1d)}},
    {{UINT64_C(0xabbaa0c03b89da99), UINT64_C(0xa6f2d79eb8284022), UINT64_C(0x27847862b81c05e8), UINT64_C(0x337a4b5905e54d63)},
     {UINT64_C(0x3c67500d21f7794a), UINT64_C(0x207005b77d6d7f61), UINT64_C(0x0a5a378104cfd6e8), UINT64_C(0x0d65e0d5f4c2fbd6)}},
    {{UINT64_C(0xd9d09bbeb5275d38), UINT64_C(0x4268a7450be0a358), UINT64_C(0xf0762ff4973eb265), UINT64_C(0xc23da24252f4a232)},
     {UINT64_C(0x5da1b84f0b94520c), UINT64_C(0x09666763b05bd78e), UINT64_C(0x3a4dcb8694d29ea1), UINT64_C(0x19de3b8cc790cff1)}},
    {{UINT64_C(0x183a716c26c5fe04), UINT64_C(0x3b28de0b3bba1bdb), UINT64_C(0x7432c586a4cb712c), UINT64_C(0xe34dcbd491fccbfd)},
     {UINT64_C(0xb408d46baaa58403), UINT64_C(0x9a69748682e97a53), UINT64_C(0x9e39012736aaa8af), UINT64_C(0xe7641f447b4e0f7f)}},
    {{UINT64_C(0x7d753941df64ba59), UINT64_C(0xd33f10ec0b0242fc), UINT64_C(0x4f06dfc6a1581859), UINT64_C(0x4a12df57052a57bf)},
     {UINT64_C(0xbfa6338f9439dbd0), UINT64_C(0xd3c24bd4bde53e1f), UINT64_C(0xfd5e4ffa21f1b314), UINT64_C(0x6af5aa93bb5bea46)}},
    {{UINT64_C(0xda10b69910c91999), UINT64_C(0x0a24b4402a580491), UINT64_C(0x3e0094b4b8cc2090), UINT64_C(0x5fe3475a66a44013)},
     {UINT64_C(0xb0f8cabdf93e7b4b), UINT64_C(0x292b501a7c23f91a), UINT64_C(0x42e889aecd1e6263), UINT64_C(0xb544e308ecfea916)}},
    {{UINT64_C(0x6478c6e916ddfdce), UINT64_C(0x2c329166f89179e6), UINT64_C(0x4e8d6e764d4e67e1), UINT64_C(0xe0b6b2bda6b0c20b)},
     {UINT64_C(0x0d312df2bb7efb57), UINT64_C(0x1aac0dde790c4007), UINT64_C(0xf90336ad679bc944), UINT64_C(0x71c023de25a63774)}},
    {{UINT64_C(0x62a8c244bfe20925), UINT64_C(0x91c19ac38fdce867), UINT64_C(0x5a96a5d5dd387063), UINT64_C(0x61d587d421d324f6)},
     {UINT64_C(0xe87673a2a37173ea), UINT64_C(0x2384800853778b65), UINT64_C(0x10f8441e05bab43e), UINT64_C(0xfa11fe124621efbe)}},
    {{UINT64_C(0xd433e50f6d3549cf), UINT64_C(0x6f33696ffacd665e), UINT64_C(0x695bfdacce11fcb4), UINT64_C(0x810ee252af7c9860)},
     {UINT64_C(0x65450fe17159bb2c), UINT64_C(0xf7dfbebe758b357b), UINT64_C(0x2b057e74d69fea72), UINT64_C(0xd485717a92731745)}},
    {{UINT64_C(0xd11d47dcfc9877ee), UINT64_C(0xc8b36210801d0002), UINT64_C(0xd002c11754c260b6), UINT64_C(0x04c17cd86962f046)},
     {UINT64_C(0x6d9bd094b0daddf5), UINT64_C(0xbea2357524ce55c0), UINT64_C(0x663356e672da03b5), UINT64_C(0xf7ba4de9fed97474)}},
    {{UINT64_C(0x56f8410ef4f8b16a), UINT64_C(0x97241afec47b266a), UINT64_C(0x0a406b8e6d9c87c1), UINT64_C(0x803f3e02cd42ab1b)},
     {UINT64_C(0x7f0309a804dbec69), UINT64_C(0xa83b85f73bbad05f), UINT64_C(0xc6097273ad8e197f), UINT64_C(0xc097440e5067adc1)}},
    {{UINT64_C(0x5fe14bfe80ec21fe), UINT64_C(0xf6ce116ac255be82), UINT64_C(0x98bc5a072f4a5d67), UINT64_C(0xfad27148db7e63af)},
     {UINT64_C(0x90c0b6ac29ab05b3), UINT64_C(0x37a9a83c4e251ae6), UINT64_C(0x0a7dc875c2aade7d), UINT64_C(0x77387de39f0e1a84)}},
    {{UINT64_C(0x84a9521d927dafc6), UINT64_C(0x52c1fb695c09cd19), UINT64_C(0x9d9581a0f9366dde), UINT64_C(0x9abe210ba16d7e64)},
     {UINT64_C(0x480af84a48915220), UINT64_C(0xfa73176a4dd816c6), UINT64_C(0xc7d539871681ca5a), UINT64_C(0x7881c25787f344b0)}},
    {{UINT64_C(0xd75a3e6505058880), UINT64_C(0x7da365ef643943f2), UINT64_C(0x4147861cfab24925), UINT64_C(0xc5c4bdb0fdb808ff)},
     {UINT64_C(0x73513e34b272b56b), UINT64_C(0xc8327e9511b9043a), UINT64_C(0xfd8ce37df8844969), UINT64_C(0x2d56db9446c2b6b5)}},
    {{UINT64_C(0xe3417bc035d0b34a), UINT64_C(0x440b386b8327c0a7), UINT64_C(0x8fb7262dac0362d1), UINT64_C(0x2c41114ce0cdf943)},
     {UINT64_C(0x2ba5cef1ad95a0b1), UINT64_C(0xc09b37a867d54362), UINT64_C(0x26d6cdd201e486c9), UINT64_C(0x20477abf42ff9297)}},
    {{UINT64_C(0xf4f80824a7bf9b7c), UINT64_C(0x365d23203fbe30d0), UINT64_C(0xbfbe532097cf9ce3), UINT64_C(0xe3604700b3055526)},
     {UINT64_C(0x4dcb99116cc6c2c7), UINT64_C(0x72683708ba4cbee6), UINT64_C(0xdcded434637ad9ec), UINT64_C(0x6542d677a3dee15f)}},
    {{UINT64_C(0x231c210e15339848), UINT64_C(0xe87a28e870778c8d), UINT64_C(0x9d1de6616956e170), UINT64_C(0x4ac3c9382bb09c0b)},
     {UINT64_C(0x19be05516998987d), UINT64_C(0x8b2376c4ae09f4d6), UINT64_C(0x1de0b7651a3f933d), UINT64_C(0x380d94c7e39705f4)}},
    {{UINT64_C(0xeb54ea74a16bd00a), UINT64_C(0xd839e9adf5c0bcc1), UINT64_C(0x092bb7f11f9bfc06), UINT64_C(0x318f97b31163dc4e)},
     {UINT64_C(0xecc0c5bec30d7138), UINT64_C(0x44e8df23abc30220), UINT64_C(0x2bb7972fb0223606), UINT64_C(0xfa41faa19a84ff4d)}},
    {{UINT64_C(0x2e80937cf67d04c3), UINT64_C(0x1e312be289eeb811), UINT64_C(0x56b5d88792594d60), UINT64_C(0x0224da14187fbd3d)},
     {UINT64_C(0x87abb8630c5fe36f), UINT64_C(0x580f3c604ef51f5f), UINT64_C(0x964fb1bfb3b429ec), UINT64_C(0x60838ef042bfff33)}},
    {{UINT64_C(0xf0f58f6620c26def), UINT64_C(0x025585ea582b2d1e), UINT64_C(0xfbe7d79b01ce3881), UINT64_C(0x28ccea01303f1730)},
     {UINT64_C(0xd1dabcd179644ba5), UINT64_C(0x1fc643e806fff0b8), UINT64_C(0xa60a76fc66b3e17b), UINT64_C(0xc18baf48a1d013bf)}},
    {{UINT64_C(0x396ef794addb7d07), UINT64_C(0x0b4fc74224455500), UINT64_C(0xfaff8eacc78aa3ce), UINT64_C(0x14e9ada5e8d4d97d)},
     {UINT64_C(0xdaa480a12f7079e2), UINT64_C(0x45baa3cde4b0800e), UINT64_C(0x01765e2d7838157d), UINT64_C(0xa0ad4fab8e9d9ae8)}},
    {{UINT64_C(0xc9a1dc0e0bfc8ff3), UINT64_C(0x14efd82be936f42f), UINT64_C(0x67016f7ccca381ef), UINT64_C(0x1432c1caed8aee96)},
     {UINT64_C(0xec68482970b23c26), UINT64_C(0xa64fe8730735b273), UINT64_C(0xe389f6e5eaef0f5a), UINT64_C(0xcaef480b5ac8d2c6)}}
};

/* Comb digit of column j (0..31) for table t (0, 1). */
static uint32_t dtls__p256_comb_digit(const uint32_t k[8], unsigned j, unsigned t)
{
    unsigned base = j + 128u * t;
    return dtls__p256_bit(k, base) | (dtls__p256_bit(k, base + 32) << 1) |
           (dtls__p256_bit(k, base + 64) << 2) | (dtls__p256_bit(k, base + 96) << 3);
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
    for (col = 31; col >= 0; col--) {
        j = (unsigned)col;
        dtls__p256_double(&q, &q);
        for (t = 0; t < 2; t++) {
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

/* acc = u1 G + u2 Q (public: variable time): a width-5 wNAF of u2 over the
 * odd multiples Q, 3 Q, ..., 15 Q, interleaved with the comb columns of u1. */
static void dtls__p256_verify_sum(dtls__p256_jac *acc, const uint32_t u1[8], const uint32_t u2[8],
                                  const dtls__p256_fe qx, const dtls__p256_fe qy)
{
    dtls__p256_jac tab[8], q2, neg;
    dtls__p256_fe zero;
    signed char naf[257];
    int i, len;
    unsigned t;

    /* tab[j] = (2 j + 1) Q */
    dtls__p256_set_affine(&tab[0], qx, qy);
    dtls__p256_double(&q2, &tab[0]);
    for (i = 1; i < 8; i++)
        dtls__p256_add_vt(&tab[i], &tab[i - 1], &q2);
    len = dtls__ecc_wnaf(naf, u2, 8);
    if (len < 32) len = 32;
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
        if (i < 32) {
            for (t = 0; t < 2; t++) {
                uint32_t d = dtls__p256_comb_digit(u1, (unsigned)i, t);
                if (d) {
                    const dtls__p256_fe *ent = dtls__p256_comb[15 * t + d - 1];
                    dtls__p256_madd_vt(acc, acc, ent[0], ent[1]);
                }
            }
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
            dtls__ecc_to_mont(t, k, nm);
            dtls__ecc_mont_inv(t, t, nm);          /* k^-1 R */
            dtls__ecc_to_mont(s, r, nm);
            dtls__ecc_mont_mul(s, s, dk, nm);      /* r d */
            dtls__ecc_mod_add(s, s, e, nm);        /* e + r d */
            dtls__ecc_mont_mul(s, t, s, nm);       /* k^-1 (e + r d) */
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
    dtls__p256_fe qx, qy, x, y;
    dtls__p256_jac acc;
    uint32_t r[8], s[8], e[8], w[8], u1[8], u2[8];
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
    dtls__ecc_to_mont(w, s, nm);
    dtls__ecc_mont_inv(w, w, nm);   /* s^-1 R */
    dtls__ecc_mont_mul(u1, w, e, nm); /* e / s */
    dtls__ecc_mont_mul(u2, w, r, nm); /* r / s */

    dtls__p256_verify_sum(&acc, u1, u2, qx, qy);
    if (dtls__p256_fe_is_zero(acc.z)) return DTLS_ERR_BAD_SIGNATURE;
    dtls__p256_to_affine(x, y, &acc);
    dtls__p256_fe_to_bytes(xb, x);
    dtls__ecc_from_be(w, xb, 8);
    dtls__ecc_reduce_once(w, w, nm->m, 8);
    return memcmp(w, r, sizeof w) == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
}

#endif /* DTLS_ENABLE_P256 */

