/* der.c - strict, bounded DER reader (see der.h). */
#include "der.h"

#if DTLS_ENABLE_CERTS

DTLS__PRIV void dtls__der_init(dtls__der *d, const uint8_t *p, size_t len)
{
    d->p = p;
    d->len = p ? len : 0;
    d->pos = 0;
}

DTLS__PRIV void dtls__der_enter(dtls__der *d, const dtls__der_tlv *t)
{
    dtls__der_init(d, t->c, t->len);
}

DTLS__PRIV int dtls__der_done(const dtls__der *d)
{
    return d->pos == d->len;
}

DTLS__PRIV int dtls__der_peek(const dtls__der *d)
{
    return d->pos < d->len ? (int)d->p[d->pos] : -1;
}

DTLS__PRIV int dtls__der_next(dtls__der *d, dtls__der_tlv *t)
{
    size_t pos = d->pos, rem, hl, n;
    uint8_t tag, b;

    if (pos >= d->len)
        return DTLS_ERR_CERT_PARSE;
    rem = d->len - pos;
    tag = d->p[pos];
    if ((tag & 0x1fu) == 0x1fu || rem < 2) /* high-tag-number form; no length octet */
        return DTLS_ERR_CERT_PARSE;
    b = d->p[pos + 1];
    if (b < 0x80u) {
        hl = 2;
        n = b;
    } else {
        unsigned k = (unsigned)(b & 0x7fu), i;
        uint32_t v = 0;
        /* 0x80: indefinite (BER only); more than 4 length octets: beyond any input here */
        if (k == 0 || k > 4 || rem - 2 < (size_t)k)
            return DTLS_ERR_CERT_PARSE;
        if (d->p[pos + 2] == 0) /* leading zero octet: not minimal */
            return DTLS_ERR_CERT_PARSE;
        for (i = 0; i < k; i++)
            v = (v << 8) | (uint32_t)d->p[pos + 2 + i];
        if (v < 0x80u) /* would fit the short form */
            return DTLS_ERR_CERT_PARSE;
        hl = 2 + (size_t)k;
        if ((uint64_t)v > (uint64_t)(rem - hl))
            return DTLS_ERR_CERT_PARSE;
        n = (size_t)v;
    }
    if (n > rem - hl)
        return DTLS_ERR_CERT_PARSE;
    t->tag = tag;
    t->raw = d->p + pos;
    t->raw_len = hl + n;
    t->c = d->p + pos + hl;
    t->len = n;
    d->pos = pos + hl + n;
    return 0;
}

DTLS__PRIV int dtls__der_expect(dtls__der *d, uint8_t tag, dtls__der_tlv *t)
{
    if (dtls__der_peek(d) != (int)tag)
        return DTLS_ERR_CERT_PARSE;
    return dtls__der_next(d, t);
}

DTLS__PRIV int dtls__der_optional(dtls__der *d, uint8_t tag, dtls__der_tlv *t)
{
    if (dtls__der_peek(d) != (int)tag)
        return 0;
    return dtls__der_next(d, t) == 0 ? 1 : DTLS_ERR_CERT_PARSE;
}

DTLS__PRIV int dtls__der_explicit(dtls__der *d, unsigned n, dtls__der_tlv *inner)
{
    dtls__der_tlv outer;
    dtls__der sub;
    int rc = dtls__der_optional(d, DTLS__DER_CTX(n), &outer);
    if (rc != 1)
        return rc;
    dtls__der_enter(&sub, &outer);
    if (dtls__der_next(&sub, inner) != 0 || !dtls__der_done(&sub))
        return DTLS_ERR_CERT_PARSE;
    return 1;
}

DTLS__PRIV int dtls__der_single(const uint8_t *p, size_t len, uint8_t tag, dtls__der_tlv *t)
{
    dtls__der d;
    dtls__der_init(&d, p, len);
    if (dtls__der_expect(&d, tag, t) != 0 || !dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    return 0;
}

DTLS__PRIV int dtls__der_integer(const dtls__der_tlv *t, int *negative)
{
    if (t->len == 0)
        return DTLS_ERR_CERT_PARSE;
    /* X.690 §8.3.2: the first nine bits are not all zeros or all ones */
    if (t->len > 1 && ((t->c[0] == 0x00 && (t->c[1] & 0x80u) == 0) ||
                       (t->c[0] == 0xff && (t->c[1] & 0x80u) != 0)))
        return DTLS_ERR_CERT_PARSE;
    if (negative)
        *negative = (t->c[0] & 0x80u) != 0;
    return 0;
}

DTLS__PRIV int dtls__der_uint(const dtls__der_tlv *t, const uint8_t **v, size_t *vlen)
{
    int neg;
    if (t->tag != DTLS__DER_INTEGER || dtls__der_integer(t, &neg) != 0 || neg)
        return DTLS_ERR_CERT_PARSE;
    if (t->len > 1 && t->c[0] == 0) {
        *v = t->c + 1;
        *vlen = t->len - 1;
    } else {
        *v = t->c;
        *vlen = t->len;
    }
    return 0;
}

DTLS__PRIV int dtls__der_small_uint(const dtls__der_tlv *t, uint32_t *out)
{
    const uint8_t *v;
    size_t n, i;
    uint32_t x = 0;
    if (dtls__der_uint(t, &v, &n) != 0 || n > 4 || (n == 4 && (v[0] & 0x80u)))
        return DTLS_ERR_CERT_PARSE;
    for (i = 0; i < n; i++)
        x = (x << 8) | (uint32_t)v[i];
    *out = x;
    return 0;
}

DTLS__PRIV int dtls__der_bit_string(const dtls__der_tlv *t, const uint8_t **bits, size_t *bits_len,
                                    unsigned *unused)
{
    unsigned u;
    if (t->tag != DTLS__DER_BIT_STRING || t->len == 0)
        return DTLS_ERR_CERT_PARSE;
    u = t->c[0];
    if (u > 7 || (t->len == 1 && u != 0))
        return DTLS_ERR_CERT_PARSE;
    /* DER (X.690 §11.2.1): the unused bits are zero */
    if (u != 0 && (t->c[t->len - 1] & (uint8_t)((1u << u) - 1u)) != 0)
        return DTLS_ERR_CERT_PARSE;
    *bits = t->c + 1;
    *bits_len = t->len - 1;
    *unused = u;
    return 0;
}

DTLS__PRIV int dtls__der_bool(const dtls__der_tlv *t, int *v)
{
    if (t->tag != DTLS__DER_BOOLEAN || t->len != 1 || (t->c[0] != 0x00 && t->c[0] != 0xff))
        return DTLS_ERR_CERT_PARSE;
    *v = t->c[0] != 0;
    return 0;
}

DTLS__PRIV int dtls__der_null(const dtls__der_tlv *t)
{
    return (t->tag == DTLS__DER_NULL && t->len == 0) ? 0 : DTLS_ERR_CERT_PARSE;
}

DTLS__PRIV int dtls__der_oid_eq(const dtls__der_tlv *t, const uint8_t *oid, size_t oid_len)
{
    return t->tag == DTLS__DER_OID && t->len == oid_len && memcmp(t->c, oid, oid_len) == 0;
}

DTLS__PRIV int dtls__der_oid_eq_rom(const dtls__der_tlv *t, const uint8_t *oid, size_t oid_len)
{
    size_t i;
    if (t->tag != DTLS__DER_OID || t->len != oid_len)
        return 0;
    for (i = 0; i < oid_len; i++) /* public bytes: an early exit is fine */
        if (t->c[i] != dtls__rom_u8(&oid[i]))
            return 0;
    return 1;
}

DTLS__PRIV int dtls__der_oid_check(const dtls__der_tlv *t)
{
    size_t i;
    int start = 1;
    if (t->tag != DTLS__DER_OID || t->len == 0 || (t->c[t->len - 1] & 0x80u) != 0)
        return DTLS_ERR_CERT_PARSE;
    for (i = 0; i < t->len; i++) {
        if (start && t->c[i] == 0x80) /* a subidentifier with a leading zero group */
            return DTLS_ERR_CERT_PARSE;
        start = (t->c[i] & 0x80u) == 0;
    }
    return 0;
}

/* a / b and a % b by subtraction: the values are small (years up to 9999)
 * and public, and this module must need no division helper (Cortex-M0+ has
 * no divide instruction; the cross stage checks every module that sees
 * secrets, and this one reads private keys). */
static uint32_t dtls__der_div(uint32_t a, uint32_t b, uint32_t *rem)
{
    uint32_t q = 0;
    while (a >= b) {
        a -= b;
        q++;
    }
    if (rem != NULL)
        *rem = a;
    return q;
}

DTLS__PRIV int64_t dtls__der_days(uint32_t year, uint32_t month, uint32_t day)
{
    /* days from the civil date (the algorithm counts 400-year eras of 146097
     * days from 0000-03-01); the year is shifted by one era so it never goes
     * negative */
    uint32_t y = year + 400 - (month <= 2 ? 1 : 0), yoe;
    uint32_t era = dtls__der_div(y, 400, &yoe);
    uint32_t mp = month + (month > 2 ? (uint32_t)-3 : 9);
    uint32_t doy = dtls__der_div(153 * mp + 2, 5, NULL) + day - 1;
    uint32_t doe = yoe * 365 + dtls__der_div(yoe, 4, NULL) - dtls__der_div(yoe, 100, NULL) + doy;
    return (int64_t)era * 146097 + (int64_t)doe - 719468 - 146097;
}

/* The two-digit decimal at p, or -1 if a byte is not a digit. */
static int dtls__der_2dig(const uint8_t *p)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    return (p[0] - '0') * 10 + (p[1] - '0');
}

DTLS__PRIV int dtls__der_time(const dtls__der_tlv *t, int64_t *out)
{
    static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    const uint8_t *p = t->c;
    int year, f[5], i, leap, dim;

    if (t->tag == DTLS__DER_UTC_TIME && t->len == 13) {
        year = dtls__der_2dig(p);
        if (year < 0)
            return DTLS_ERR_CERT_PARSE;
        year += year >= 50 ? 1900 : 2000;
        p += 2;
    } else if (t->tag == DTLS__DER_GENERALIZED_TIME && t->len == 15) {
        int hi = dtls__der_2dig(p), lo = dtls__der_2dig(p + 2);
        if (hi < 0 || lo < 0)
            return DTLS_ERR_CERT_PARSE;
        year = hi * 100 + lo;
        p += 4;
    } else {
        return DTLS_ERR_CERT_PARSE;
    }
    for (i = 0; i < 5; i++) { /* month, day, hour, minute, second */
        f[i] = dtls__der_2dig(p + 2 * i);
        if (f[i] < 0)
            return DTLS_ERR_CERT_PARSE;
    }
    if (p[10] != 'Z')
        return DTLS_ERR_CERT_PARSE;
    if (f[0] < 1 || f[0] > 12 || f[2] > 23 || f[3] > 59 || f[4] > 59)
        return DTLS_ERR_CERT_PARSE;
    {
        uint32_t r100, r400;
        (void)dtls__der_div((uint32_t)year, 100, &r100);
        (void)dtls__der_div((uint32_t)year, 400, &r400);
        leap = ((year & 3) == 0 && r100 != 0) || r400 == 0;
    }
    dim = mdays[f[0] - 1] + ((f[0] == 2 && leap) ? 1 : 0);
    if (f[1] < 1 || f[1] > dim)
        return DTLS_ERR_CERT_PARSE;
    *out = dtls__der_days((uint32_t)year, (uint32_t)f[0], (uint32_t)f[1]) * 86400 +
           (int64_t)f[2] * 3600 + (int64_t)f[3] * 60 + (int64_t)f[4];
    return 0;
}

#endif /* DTLS_ENABLE_CERTS */
