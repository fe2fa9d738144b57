/* ecc.c - shared elliptic-curve internals (ecc_int.h) and the strict DER
 * encoding of ECDSA signatures (p256.h: dtls_ecdsa_sig_from_der / _to_der).
 *
 * Montgomery multiplication is CIOS (coarsely integrated operand scanning,
 * Koc, Acar, Kaliski 1996) with a masked final subtraction; inversion is
 * Fermat's little theorem with a 4-bit fixed window over the public
 * exponent m - 2.  DER: X.690 §8.3 (INTEGER) and §10.1 (definite length,
 * minimal form), ECDSA-Sig-Value of RFC 3279 §2.2.3 / SEC 1 §C.8. */
#include "p256.h"
#include "ecc_int.h"

#if DTLS_ENABLE_P256 || DTLS_ENABLE_P384

DTLS__PRIV uint32_t dtls__ecc_sub(uint32_t *r, const uint32_t *a, const uint32_t *b, unsigned len)
{
    uint64_t acc = 0;
    unsigned i;

    for (i = 0; i < len; i++) {
        acc = (uint64_t)a[i] - (uint64_t)b[i] - (acc >> 63);
        r[i] = (uint32_t)acc;
    }
    return (uint32_t)(acc >> 63);
}

DTLS__PRIV uint32_t dtls__ecc_lt(const uint32_t *a, const uint32_t *b, unsigned len)
{
    uint64_t acc = 0;
    unsigned i;

    for (i = 0; i < len; i++)
        acc = (uint64_t)a[i] - (uint64_t)b[i] - (acc >> 63);
    return (uint32_t)(acc >> 63);
}

DTLS__PRIV uint32_t dtls__ecc_is_zero(const uint32_t *a, unsigned len)
{
    uint32_t x = 0;
    unsigned i;

    for (i = 0; i < len; i++)
        x |= a[i];
    return dtls__ct_is_zero32(x);
}

DTLS__PRIV void dtls__ecc_reduce_once(uint32_t *r, const uint32_t *a, const uint32_t *m, unsigned len)
{
    uint32_t t[DTLS__ECC_MAX_LIMBS];
    uint32_t keep = dtls__ct_mask32(dtls__ecc_sub(t, a, m, len)); /* borrow: a < m */
    unsigned i;

    for (i = 0; i < len; i++)
        r[i] = dtls__ct_select32(keep, a[i], t[i]);
}

DTLS__PRIV void dtls__ecc_from_be(uint32_t *r, const uint8_t *in, unsigned len)
{
    unsigned i;

    for (i = 0; i < len; i++)
        r[i] = dtls__load32_be(in + 4 * (len - 1 - i));
}

DTLS__PRIV void dtls__ecc_to_be(uint8_t *out, const uint32_t *a, unsigned len)
{
    unsigned i;

    for (i = 0; i < len; i++)
        dtls__store32_be(out + 4 * (len - 1 - i), a[i]);
}

DTLS__PRIV void dtls__ecc_bits2int(uint32_t *r, const uint8_t *hash, size_t hash_len, unsigned len)
{
    uint8_t buf[4 * DTLS__ECC_MAX_LIMBS];
    size_t nbytes = 4u * (size_t)len;

    if (hash_len >= nbytes) {
        memcpy(buf, hash, nbytes);
    } else {
        memset(buf, 0, nbytes - hash_len);
        if (hash_len) memcpy(buf + (nbytes - hash_len), hash, hash_len);
    }
    dtls__ecc_from_be(r, buf, len);
    dtls_wipe(buf, sizeof buf);
}

DTLS__PRIV void dtls__ecc_mont_mul(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                   const dtls__ecc_mod *md)
{
    uint32_t t[DTLS__ECC_MAX_LIMBS + 2];
    uint32_t u[DTLS__ECC_MAX_LIMBS];
    unsigned n = md->len, i, j;
    uint64_t acc;
    uint32_t c, m, keep;

    for (i = 0; i < n + 2; i++)
        t[i] = 0;
    for (i = 0; i < n; i++) {
        uint32_t bi = b[i];
        c = 0;
        for (j = 0; j < n; j++) {
            acc = (uint64_t)t[j] + dtls__mul32x32(a[j], bi) + c;
            t[j] = (uint32_t)acc;
            c = (uint32_t)(acc >> 32);
        }
        acc = (uint64_t)t[n] + c;
        t[n] = (uint32_t)acc;
        t[n + 1] = (uint32_t)(acc >> 32);

        m = t[0] * md->n0; /* low half only: mod 2^32 */
        acc = (uint64_t)t[0] + dtls__mul32x32(m, md->m[0]);
        c = (uint32_t)(acc >> 32);
        for (j = 1; j < n; j++) {
            acc = (uint64_t)t[j] + dtls__mul32x32(m, md->m[j]) + c;
            t[j - 1] = (uint32_t)acc;
            c = (uint32_t)(acc >> 32);
        }
        acc = (uint64_t)t[n] + c;
        t[n - 1] = (uint32_t)acc;
        t[n] = t[n + 1] + (uint32_t)(acc >> 32);
    }
    /* t < 2m: subtract m unless that borrows past the top limb t[n]. */
    c = dtls__ecc_sub(u, t, md->m, n);
    keep = dtls__ct_mask32(c & (t[n] ^ 1U));
    for (i = 0; i < n; i++)
        r[i] = dtls__ct_select32(keep, t[i], u[i]);
    dtls_wipe(t, sizeof t);
    dtls_wipe(u, sizeof u);
}

DTLS__PRIV void dtls__ecc_to_mont(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md)
{
    dtls__ecc_mont_mul(r, a, md->r2, md);
}

DTLS__PRIV void dtls__ecc_from_mont(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md)
{
    uint32_t one[DTLS__ECC_MAX_LIMBS];
    unsigned i;

    one[0] = 1;
    for (i = 1; i < md->len; i++)
        one[i] = 0;
    dtls__ecc_mont_mul(r, a, one, md);
}

DTLS__PRIV void dtls__ecc_mod_add(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                  const dtls__ecc_mod *md)
{
    /* t is zeroed only to quiet gcc -O1's maybe-uninitialized false positive
     * (it cannot see that the first loop fills the n limbs the call reads). */
    uint32_t t[DTLS__ECC_MAX_LIMBS] = {0}, u[DTLS__ECC_MAX_LIMBS];
    uint64_t acc = 0;
    uint32_t keep;
    unsigned i, n = md->len;

    for (i = 0; i < n; i++) {
        acc = (uint64_t)a[i] + b[i] + (acc >> 32);
        t[i] = (uint32_t)acc;
    }
    /* keep t when the sum did not carry out and t - m borrows */
    keep = dtls__ct_mask32(dtls__ecc_sub(u, t, md->m, n) & ((uint32_t)(acc >> 32) ^ 1U));
    for (i = 0; i < n; i++)
        r[i] = dtls__ct_select32(keep, t[i], u[i]);
}

DTLS__PRIV void dtls__ecc_mod_sub(uint32_t *r, const uint32_t *a, const uint32_t *b,
                                  const dtls__ecc_mod *md)
{
    uint32_t mask = dtls__ct_mask32(dtls__ecc_sub(r, a, b, md->len));
    uint64_t acc = 0;
    unsigned i;

    for (i = 0; i < md->len; i++) {
        acc = (uint64_t)r[i] + (md->m[i] & mask) + (acc >> 32);
        r[i] = (uint32_t)acc;
    }
}

DTLS__PRIV void dtls__ecc_mont_inv(uint32_t *r, const uint32_t *a, const dtls__ecc_mod *md)
{
    uint32_t tab[16][DTLS__ECC_MAX_LIMBS]; /* tab[i] = a^i, indexed by public exponent nibbles */
    uint32_t e[DTLS__ECC_MAX_LIMBS], acc[DTLS__ECC_MAX_LIMBS];
    unsigned n = md->len, i, k;
    int w;

    /* tab[0] = 1 in the Montgomery domain = R mod m */
    for (i = 0; i < n; i++)
        e[i] = i == 0 ? 1U : 0U;
    dtls__ecc_to_mont(tab[0], e, md);
    memcpy(tab[1], a, 4u * n);
    for (k = 2; k < 16; k++)
        dtls__ecc_mont_mul(tab[k], tab[k - 1], a, md);
    /* e = m - 2 (m is odd and its low limb is >= 3 for the moduli used) */
    memcpy(e, md->m, 4u * n);
    e[0] -= 2;
    memcpy(acc, tab[0], 4u * n);
    for (w = (int)(8 * n) - 1; w >= 0; w--) {
        unsigned nib = (unsigned)(e[(unsigned)w / 8u] >> (4u * ((unsigned)w % 8u))) & 15u;
        for (k = 0; k < 4; k++)
            dtls__ecc_mont_mul(acc, acc, acc, md);
        if (nib) dtls__ecc_mont_mul(acc, acc, tab[nib], md); /* public exponent digit */
    }
    memcpy(r, acc, 4u * n);
    dtls_wipe(tab, sizeof tab);
    dtls_wipe(acc, sizeof acc);
}

DTLS__PRIV int dtls__ecc_wnaf(signed char *naf, const uint32_t *k, unsigned len)
{
    uint32_t kk[DTLS__ECC_MAX_LIMBS + 1];
    unsigned i, j, ndig = 32u * len + 1u;
    int out = 0;

    memcpy(kk, k, 4u * len);
    kk[len] = 0;
    memset(naf, 0, ndig);
    for (i = 0; i < ndig && !dtls__ecc_is_zero(kk, len + 1); i++) {
        int d = 0;
        if (kk[0] & 1U) {
            uint64_t acc;
            d = (int)(kk[0] & 31U);
            if (d >= 16) d -= 32;
            /* kk -= d (d odd, |d| <= 15): add -d with a sign-extended carry */
            acc = (uint64_t)kk[0] - (uint64_t)(int64_t)d;
            kk[0] = (uint32_t)acc;
            for (j = 1; j <= len; j++) {
                acc = (uint64_t)kk[j] + ((acc >> 32) | ((0U - (acc >> 63)) << 32));
                kk[j] = (uint32_t)acc;
            }
        }
        naf[i] = (signed char)d;
        out = (int)i + 1;
        for (j = 0; j < len; j++)
            kk[j] = (kk[j] >> 1) | (kk[j + 1] << 31);
        kk[len] >>= 1;
    }
    return out;
}

/* ---- Strict DER ECDSA-Sig-Value ------------------------------------------ */

/* Parses one INTEGER at der[*pos..end) into out (coord_len bytes, big-endian,
 * left-padded).  0 or DTLS_ERR_ENCODING. */
static int dtls__ecc_der_int(uint8_t *out, size_t coord_len, const uint8_t *der, size_t *pos,
                             size_t end)
{
    size_t p = *pos, len;

    if (end - p < 2 || der[p] != 0x02) return DTLS_ERR_ENCODING;
    len = der[p + 1];
    p += 2;
    if (len >= 0x80 || len == 0 || len > end - p) return DTLS_ERR_ENCODING; /* short form only */
    if (der[p] & 0x80) return DTLS_ERR_ENCODING;                              /* negative */
    if (der[p] == 0 && len > 1) {
        if (!(der[p + 1] & 0x80)) return DTLS_ERR_ENCODING; /* superfluous leading zero */
        p++;
        len--;
    }
    if (len > coord_len) return DTLS_ERR_ENCODING;
    memset(out, 0, coord_len - len);
    memcpy(out + (coord_len - len), der + p, len);
    *pos = p + len;
    return 0;
}

DTLS_API int dtls_ecdsa_sig_from_der(uint8_t *rs, size_t coord_len, const uint8_t *der, size_t der_len)
{
    size_t pos = 2, end;
    int ret;

    if (coord_len != 32 && coord_len != 48) return DTLS_ERR_BAD_ARG;
    /* Largest encoding is 2 + 2 (2 + coord_len + 1) <= 104 < 128: the
     * sequence length is always in short form, so a long form is never minimal. */
    if (der_len < 2 || der[0] != 0x30 || der[1] >= 0x80) return DTLS_ERR_ENCODING;
    end = 2 + (size_t)der[1];
    if (end != der_len) return DTLS_ERR_ENCODING; /* truncated or trailing bytes */
    ret = dtls__ecc_der_int(rs, coord_len, der, &pos, end);
    if (ret == 0) ret = dtls__ecc_der_int(rs + coord_len, coord_len, der, &pos, end);
    if (ret == 0 && pos != end) ret = DTLS_ERR_ENCODING;
    if (ret != 0) memset(rs, 0, 2 * coord_len);
    return ret;
}

/* Writes INTEGER v (coord_len bytes) minimally at out (if out is not NULL);
 * returns its encoded size. */
static size_t dtls__ecc_der_put_int(uint8_t *out, const uint8_t *v, size_t coord_len)
{
    size_t skip = 0, len, pad;

    while (skip < coord_len - 1 && v[skip] == 0)
        skip++;
    len = coord_len - skip;
    pad = (v[skip] & 0x80) ? 1u : 0u;
    if (out) {
        out[0] = 0x02;
        out[1] = (uint8_t)(len + pad);
        out[2] = 0;
        memcpy(out + 2 + pad, v + skip, len);
    }
    return 2 + pad + len;
}

DTLS_API int dtls_ecdsa_sig_to_der(uint8_t *der, size_t der_cap, const uint8_t *rs, size_t coord_len)
{
    size_t lr, ls;

    if (coord_len != 32 && coord_len != 48) return DTLS_ERR_BAD_ARG;
    lr = dtls__ecc_der_put_int(NULL, rs, coord_len);
    ls = dtls__ecc_der_put_int(NULL, rs + coord_len, coord_len);
    if (der_cap < 2 + lr + ls) return DTLS_ERR_BUFFER_TOO_SMALL;
    der[0] = 0x30;
    der[1] = (uint8_t)(lr + ls);
    dtls__ecc_der_put_int(der + 2, rs, coord_len);
    dtls__ecc_der_put_int(der + 2 + lr, rs + coord_len, coord_len);
    return (int)(2 + lr + ls);
}

#endif /* DTLS_ENABLE_P256 || DTLS_ENABLE_P384 */
