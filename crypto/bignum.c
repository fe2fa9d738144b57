/* bignum.c - constant-time multi-precision arithmetic for RSA (internal).
 * See bignum_int.h.  References: HAC (Menezes, van Oorschot, Vanstone) §14.2
 * (multiplication), §14.36 (Montgomery multiplication), §14.82-14.85 (fixed
 * window exponentiation); Koc, Acar, Kaliski, "Analyzing and comparing
 * Montgomery multiplication algorithms" (1996), FIOS variant. */
#include "bignum_int.h"

#if DTLS_ENABLE_RSA

/* Scratch of montmul: k+1 limbs for a product, 2k+1 for a square (squares
 * of the largest moduli take the general path). */
#define DTLS__BN_T_LIMBS \
    (DTLS__BN_N_MAX + 1 > 2 * DTLS__BN_K_MAX + 1 ? DTLS__BN_N_MAX + 1 : 2 * DTLS__BN_K_MAX + 1)

/* Wipes k words through a volatile pointer (cheaper than dtls_wipe's bytes in
 * the inner helpers that run thousands of times per signature). */
static void dtls__bn_wipe32(uint32_t *p, size_t k)
{
    volatile uint32_t *v = (volatile uint32_t *)p;
    size_t i;

    for (i = 0; i < k; i++)
        v[i] = 0;
}

DTLS__PRIV uint32_t dtls__bn_decode(uint32_t *x, size_t k, const uint8_t *in, size_t len)
{
    uint32_t over = 0;
    size_t i;

    for (i = 0; i < k; i++)
        x[i] = 0;
    for (i = 0; i < len; i++) {
        size_t pos = len - 1 - i; /* byte i counted from the least significant end */
        uint32_t b = in[pos];
        if (i / 4 < k)
            x[i / 4] |= b << (8 * (unsigned)(i % 4));
        else
            over |= b;
    }
    return over;
}

DTLS__PRIV void dtls__bn_encode(uint8_t *out, size_t len, const uint32_t *x, size_t k)
{
    size_t i;

    for (i = 0; i < len; i++) {
        uint32_t b = 0;
        if (i / 4 < k)
            b = x[i / 4] >> (8 * (unsigned)(i % 4));
        out[len - 1 - i] = (uint8_t)b;
    }
}

DTLS__PRIV uint32_t dtls__bn_m0inv(uint32_t m0)
{
    uint32_t x = m0; /* m0 * m0 == 1 mod 8: 3 correct bits; each step doubles them */
    int i;

    for (i = 0; i < 4; i++)
        x *= 2U - m0 * x;
    return 0U - x;
}

DTLS__PRIV uint32_t dtls__bn_add(uint32_t *d, const uint32_t *a, const uint32_t *b, size_t k)
{
    uint32_t c = 0;
    size_t i;

    for (i = 0; i < k; i++) {
        uint64_t s = (uint64_t)a[i] + b[i] + c;
        d[i] = (uint32_t)s;
        c = (uint32_t)(s >> 32);
    }
    return c;
}

DTLS__PRIV uint32_t dtls__bn_sub(uint32_t *d, const uint32_t *a, const uint32_t *b, size_t k)
{
    uint32_t br = 0;
    size_t i;

    for (i = 0; i < k; i++) {
        uint64_t s = (uint64_t)a[i] - b[i] - br;
        d[i] = (uint32_t)s;
        br = (uint32_t)(s >> 63);
    }
    return br;
}

DTLS__PRIV uint32_t dtls__bn_lt(const uint32_t *a, const uint32_t *b, size_t k)
{
    uint32_t br = 0;
    size_t i;

    for (i = 0; i < k; i++)
        br = (uint32_t)((((uint64_t)a[i] - b[i]) - br) >> 63);
    return br;
}

DTLS__PRIV uint32_t dtls__bn_eq(const uint32_t *a, const uint32_t *b, size_t k)
{
    uint32_t diff = 0;
    size_t i;

    for (i = 0; i < k; i++)
        diff |= a[i] ^ b[i];
    return dtls__ct_is_zero32(diff);
}

/* d -= m if mask (all-ones) else d unchanged. */
static void dtls__bn_sub_masked(uint32_t *d, const uint32_t *m, uint32_t mask, size_t k)
{
    uint32_t br = 0;
    size_t i;

    for (i = 0; i < k; i++) {
        uint64_t s = (uint64_t)d[i] - (m[i] & mask) - br;
        d[i] = (uint32_t)s;
        br = (uint32_t)(s >> 63);
    }
}

/* Final step of a Montgomery product: t[0..k] < 2m  ->  d = t mod m. */
static void dtls__bn_final_sub(uint32_t *d, const uint32_t *t, const uint32_t *m, size_t k)
{
    uint32_t br = dtls__bn_sub(d, t, m, k);
    uint32_t mask = dtls__ct_mask32(t[k] | (br ^ 1U)); /* t >= m */
    size_t i;

    for (i = 0; i < k; i++)
        d[i] = dtls__ct_select32(mask, d[i], t[i]);
}

/* d = a^2 / R mod m (a < m) with t of 2k+1 limbs: the square with the
 * symmetric products computed once, then a separate Montgomery reduction
 * (HAC §14.16 and §14.32); about 3/4 of the multiplications of montmul. */
static void dtls__bn_montsqr(uint32_t *d, const uint32_t *a, const uint32_t *m, size_t k,
                             uint32_t m0i, uint32_t *t)
{
    uint32_t c, top;
    size_t i, j;

    for (i = 0; i < 2 * k; i++)
        t[i] = 0;
    for (i = 0; i + 1 < k; i++) { /* sum over i < j of a[i] a[j] 2^(32(i+j)) */
        uint32_t ai = a[i];
        c = 0;
        for (j = i + 1; j < k; j++) {
            uint64_t u = (uint64_t)t[i + j] + dtls__mul32x32(ai, a[j]) + c;
            t[i + j] = (uint32_t)u;
            c = (uint32_t)(u >> 32);
        }
        t[i + k] = c;
    }
    for (i = 2 * k - 1; i > 0; i--) /* double */
        t[i] = (t[i] << 1) | (t[i - 1] >> 31);
    t[0] <<= 1;
    c = 0;
    for (i = 0; i < k; i++) { /* add the squares a[i]^2 */
        uint64_t u = (uint64_t)t[2 * i] + dtls__mul32x32(a[i], a[i]) + c;
        t[2 * i] = (uint32_t)u;
        u = (uint64_t)t[2 * i + 1] + (uint32_t)(u >> 32);
        t[2 * i + 1] = (uint32_t)u;
        c = (uint32_t)(u >> 32);
    }
    top = 0;
    for (i = 0; i < k; i++) { /* t += (t[i] m0i mod 2^32) m 2^(32i) */
        uint32_t mm = t[i] * m0i;
        uint64_t u;
        c = 0;
        for (j = 0; j < k; j++) {
            u = (uint64_t)t[i + j] + dtls__mul32x32(mm, m[j]) + c;
            t[i + j] = (uint32_t)u;
            c = (uint32_t)(u >> 32);
        }
        u = (uint64_t)t[i + k] + c + top;
        t[i + k] = (uint32_t)u;
        top = (uint32_t)(u >> 32);
    }
    t[2 * k] = top;
    dtls__bn_final_sub(d, t + k, m, k);
}

DTLS__PRIV void dtls__bn_montmul(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                 const uint32_t *m, size_t k, uint32_t m0i)
{
    uint32_t t[DTLS__BN_T_LIMBS];
    size_t i, j;

    if (a == b && 2 * k + 1 <= DTLS__BN_T_LIMBS) { /* squaring (public choice) */
        dtls__bn_montsqr(d, a, m, k, m0i, t);
        dtls__bn_wipe32(t, 2 * k + 1);
        return;
    }
    for (i = 0; i <= k; i++)
        t[i] = 0;
    /* Invariant after each row: t < 2m (so t[k] <= 1). */
    for (i = 0; i < k; i++) {
        uint32_t ai = a[i], mm, c1, c2;
        uint64_t u = (uint64_t)t[0] + dtls__mul32x32(ai, b[0]);
        uint64_t v;
        mm = (uint32_t)u * m0i;
        c1 = (uint32_t)(u >> 32);
        v = (uint64_t)(uint32_t)u + dtls__mul32x32(mm, m[0]); /* low word is 0 */
        c2 = (uint32_t)(v >> 32);
        for (j = 1; j < k; j++) {
            u = (uint64_t)t[j] + dtls__mul32x32(ai, b[j]) + c1;
            c1 = (uint32_t)(u >> 32);
            v = (uint64_t)(uint32_t)u + dtls__mul32x32(mm, m[j]) + c2;
            c2 = (uint32_t)(v >> 32);
            t[j - 1] = (uint32_t)v;
        }
        u = (uint64_t)t[k] + c1 + c2;
        t[k - 1] = (uint32_t)u;
        t[k] = (uint32_t)(u >> 32);
    }
    dtls__bn_final_sub(d, t, m, k);
    dtls__bn_wipe32(t, k + 1);
}

DTLS__PRIV void dtls__bn_redc(uint32_t *d, const uint32_t *a, const uint32_t *m, size_t k,
                              uint32_t m0i)
{
    uint32_t t[DTLS__BN_N_MAX + 1];
    size_t i, j;

    for (i = 0; i < k; i++)
        t[i] = a[i];
    t[k] = 0;
    for (i = 0; i < k; i++) {
        uint32_t mm = t[0] * m0i, c;
        uint64_t v = (uint64_t)t[0] + dtls__mul32x32(mm, m[0]);
        c = (uint32_t)(v >> 32);
        for (j = 1; j < k; j++) {
            v = (uint64_t)t[j] + dtls__mul32x32(mm, m[j]) + c;
            t[j - 1] = (uint32_t)v;
            c = (uint32_t)(v >> 32);
        }
        v = (uint64_t)t[k] + c;
        t[k - 1] = (uint32_t)v;
        t[k] = (uint32_t)(v >> 32);
    }
    dtls__bn_final_sub(d, t, m, k);
    dtls__bn_wipe32(t, k + 1);
}

DTLS__PRIV void dtls__bn_r2(uint32_t *r2, const uint32_t *m, size_t k, uint32_t m0i,
                            size_t topbit)
{
    size_t s = 32 * k, j = 0, i, nd;

    /* 32k = s * 2^j: double 2^topbit up to R * 2^s mod m, then each
     * Montgomery squaring maps R * 2^x to R * 2^(2x).  A doubling costs about
     * 1/40 of a squaring for 2048-bit numbers. */
    while ((s & 1U) == 0 && s > 64) { /* ~64 cheap doublings, then squarings */
        s >>= 1;
        j++;
    }
    for (i = 0; i < k; i++)
        r2[i] = 0;
    r2[topbit / 32] = (uint32_t)1 << (topbit % 32);
    nd = 32 * k + s - topbit;
    for (i = 0; i < nd; i++) {
        uint32_t c = 0, br;
        size_t l;
        for (l = 0; l < k; l++) {
            uint32_t v = r2[l];
            r2[l] = (v << 1) | c;
            c = v >> 31;
        }
        br = dtls__bn_lt(r2, m, k);
        dtls__bn_sub_masked(r2, m, dtls__ct_mask32(c | (br ^ 1U)), k);
    }
    for (i = 0; i < j; i++)
        dtls__bn_montmul(r2, r2, r2, m, k, m0i);
}

DTLS__PRIV void dtls__bn_modadd(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                const uint32_t *m, size_t k)
{
    uint32_t c = dtls__bn_add(d, a, b, k);
    uint32_t br = dtls__bn_lt(d, m, k);
    dtls__bn_sub_masked(d, m, dtls__ct_mask32(c | (br ^ 1U)), k);
}

DTLS__PRIV void dtls__bn_modsub(uint32_t *d, const uint32_t *a, const uint32_t *b,
                                const uint32_t *m, size_t k)
{
    uint32_t br = dtls__bn_sub(d, a, b, k);
    uint32_t mask = dtls__ct_mask32(br), c = 0;
    size_t i;

    for (i = 0; i < k; i++) {
        uint64_t s = (uint64_t)d[i] + (m[i] & mask) + c;
        d[i] = (uint32_t)s;
        c = (uint32_t)(s >> 32);
    }
}

DTLS__PRIV void dtls__bn_to_mont(uint32_t *d, const uint32_t *x, size_t xk, const uint32_t *m,
                                 size_t k, uint32_t m0i, const uint32_t *r2, uint32_t *tmp)
{
    size_t nch = 0, ci, i;

    /* nch = ceil(xk / k), counted: no division anywhere in this module (the
     * Cortex-M0+ check in tests/run.sh forbids division helper calls). */
    for (ci = 0; ci < xk; ci += k)
        nch++;

    for (i = 0; i < k; i++)
        d[i] = 0;
    for (ci = nch; ci-- > 0;) {
        size_t lo = ci * k;
        for (i = 0; i < k; i++)
            tmp[i] = (lo + i < xk) ? x[lo + i] : 0;
        dtls__bn_montmul(tmp, tmp, r2, m, k, m0i); /* chunk * R */
        dtls__bn_montmul(d, d, r2, m, k, m0i);     /* previous * R */
        dtls__bn_modadd(d, d, tmp, m, k);
    }
}

DTLS__PRIV void dtls__bn_mul(uint32_t *d, const uint32_t *a, size_t ak, const uint32_t *b,
                             size_t bk)
{
    size_t i, j;

    for (i = 0; i < ak + bk; i++)
        d[i] = 0;
    for (i = 0; i < ak; i++) {
        uint32_t c = 0;
        for (j = 0; j < bk; j++) {
            uint64_t u = (uint64_t)d[i + j] + dtls__mul32x32(a[i], b[j]) + c;
            d[i + j] = (uint32_t)u;
            c = (uint32_t)(u >> 32);
        }
        d[i + bk] = c;
    }
}

/* d = d + (m & mask); returns the carry. */
static uint32_t dtls__bn_add_masked(uint32_t *d, const uint32_t *m, uint32_t mask, size_t k)
{
    uint32_t c = 0;
    size_t i;

    for (i = 0; i < k; i++) {
        uint64_t s = (uint64_t)d[i] + (m[i] & mask) + c;
        d[i] = (uint32_t)s;
        c = (uint32_t)(s >> 32);
    }
    return c;
}

/* Swaps a and b when mask is all-ones. */
static void dtls__bn_cswap(uint32_t *a, uint32_t *b, uint32_t mask, size_t k)
{
    size_t i;

    for (i = 0; i < k; i++) {
        uint32_t t = (a[i] ^ b[i]) & mask;
        a[i] ^= t;
        b[i] ^= t;
    }
}

/* a = (a + top * 2^(32k)) >> 1. */
static void dtls__bn_shr1(uint32_t *a, size_t k, uint32_t top)
{
    size_t i;

    for (i = 0; i + 1 < k; i++)
        a[i] = (a[i] >> 1) | (a[i + 1] << 31);
    a[k - 1] = (a[k - 1] >> 1) | (top << 31);
}

DTLS__PRIV void dtls__bn_modinv(uint32_t *d, const uint32_t *x, const uint32_t *m, size_t k,
                                uint32_t *tmp)
{
    uint32_t *a = tmp, *b = tmp + k, *u = tmp + 2 * k, *v = tmp + 3 * k;
    size_t i, it;

    /* Invariants: a = u*x, b = v*x (mod m); b stays odd.  Every iteration
     * halves a (after a conditional swap and a = a - b when a is odd), so
     * bits(a) + bits(b) drops by one: 64k iterations reach a = 0, b = gcd. */
    for (i = 0; i < k; i++) {
        a[i] = x[i];
        b[i] = m[i];
        u[i] = 0;
        v[i] = 0;
    }
    u[0] = 1;
    for (it = 0; it < 64 * k; it++) {
        uint32_t odd = dtls__ct_mask32(a[0]), sw, br, c;
        sw = odd & dtls__ct_mask32(dtls__bn_lt(a, b, k));
        dtls__bn_cswap(a, b, sw, k);
        dtls__bn_cswap(u, v, sw, k);
        dtls__bn_sub_masked(a, b, odd, k);
        br = dtls__bn_lt(u, v, k) & odd;
        dtls__bn_sub_masked(u, v, odd, k);
        (void)dtls__bn_add_masked(u, m, dtls__ct_mask32(br), k);
        dtls__bn_shr1(a, k, 0);
        c = dtls__bn_add_masked(u, m, dtls__ct_mask32(u[0]), k);
        dtls__bn_shr1(u, k, c);
    }
    for (i = 0; i < k; i++)
        d[i] = v[i];
    dtls__bn_wipe32(tmp, 4 * k);
}

DTLS__PRIV void dtls__bn_modexp_ct(uint32_t *d, const uint32_t *b, const uint32_t *e, size_t ek,
                                   const uint32_t *m, size_t k, uint32_t m0i,
                                   const uint32_t *r2, uint32_t *tab, size_t tab_limbs)
{
    uint32_t sel[DTLS__BN_K_MAX];
    unsigned w = 5, n, idx, win;
    size_t bits = 32 * ek, nwin, i, l;

    while (w > 1 && ((size_t)k << w) > tab_limbs)
        w--;
    n = 1U << w;
    /* tab[0] = R mod m (one), tab[1] = b, tab[i] = b^i. */
    for (l = 0; l < k; l++)
        tab[l] = 0;
    tab[0] = 1;
    dtls__bn_montmul(tab, tab, r2, m, k, m0i);
    for (l = 0; l < k; l++)
        tab[k + l] = b[l];
    for (i = 2; i < n; i++)
        dtls__bn_montmul(tab + i * k, tab + (i - 1) * k, tab + k, m, k, m0i);

    for (nwin = 0; (size_t)nwin * w < bits; nwin++) /* ceil(bits / w), without a division */
        ;
    for (win = (unsigned)nwin; win-- > 0;) {
        uint32_t *dst = (win == nwin - 1) ? d : sel;
        unsigned bb;
        idx = 0;
        for (bb = w; bb-- > 0;) {
            size_t pos = (size_t)win * w + bb;
            idx <<= 1;
            if (pos < bits)
                idx |= (unsigned)((e[pos / 32] >> (pos % 32)) & 1U);
        }
        if (win != nwin - 1)
            for (bb = 0; bb < w; bb++)
                dtls__bn_montmul(d, d, d, m, k, m0i);
        /* dst = tab[idx], reading every entry. */
        for (l = 0; l < k; l++)
            dst[l] = 0;
        for (i = 0; i < n; i++) {
            uint32_t mask = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32((uint32_t)i ^ (uint32_t)idx)));
            const uint32_t *ent = tab + i * k;
            for (l = 0; l < k; l++)
                dst[l] |= ent[l] & mask;
        }
        if (win != nwin - 1)
            dtls__bn_montmul(d, d, sel, m, k, m0i);
    }
    dtls__bn_wipe32(sel, k);
}

DTLS__PRIV void dtls__bn_modexp_pub(uint32_t *d, const uint32_t *b, uint32_t e,
                                    const uint32_t *m, size_t k, uint32_t m0i)
{
    int bit = 31;
    size_t l;

    while (bit > 0 && ((e >> bit) & 1U) == 0)
        bit--;
    for (l = 0; l < k; l++)
        d[l] = b[l];
    while (bit-- > 0) {
        dtls__bn_montmul(d, d, d, m, k, m0i);
        if ((e >> bit) & 1U)
            dtls__bn_montmul(d, d, b, m, k, m0i);
    }
}

#undef DTLS__BN_T_LIMBS

#endif /* DTLS_ENABLE_RSA */
