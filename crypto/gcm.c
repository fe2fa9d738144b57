/* gcm.c - AES-GCM with 96-bit nonces and a constant-time GHASH (SP 800-38D).
 *
 * GHASH representation: a 128-bit block is loaded as a big-endian integer
 * (hi, lo), so the coefficient of x^i is bit 127 - i ("reflected").  The
 * carry-less product of two such integers is the reflected product shifted
 * right by one bit; after shifting it back, the upper 128 bits hold x^0..x^127
 * and the lower 128 bits x^128..x^255, which are folded in with
 * x^128 = 1 + x + x^2 + x^7 (the shift-based reduction of Gueron and
 * Kounavis, Intel white paper "Carry-Less Multiplication and Its Usage for
 * Computing the GCM Mode", Algorithm 5). */
#include "gcm.h"
#include "internal.h"

#if DTLS_ENABLE_GCM

#define DTLS__GCM_CHUNK 4 /* CTR blocks per ecb call */

/* Carry-less 32x32 -> 64 multiply from integer multiplies: each operand is
 * split into 4 parts keeping every 4th bit; a product of two parts has at
 * most 8 terms per bit position, so the sums never carry into the next
 * position of the same residue class and masking keeps the XOR of the terms. */
static uint64_t dtls__gcm_bmul32(uint32_t x, uint32_t y)
{
    uint32_t x0 = x & UINT32_C(0x11111111), x1 = x & UINT32_C(0x22222222);
    uint32_t x2 = x & UINT32_C(0x44444444), x3 = x & UINT32_C(0x88888888);
    uint32_t y0 = y & UINT32_C(0x11111111), y1 = y & UINT32_C(0x22222222);
    uint32_t y2 = y & UINT32_C(0x44444444), y3 = y & UINT32_C(0x88888888);
    uint64_t z0, z1, z2, z3;

    z0 = dtls__mul32x32(x0, y0) ^ dtls__mul32x32(x1, y3) ^ dtls__mul32x32(x2, y2) ^ dtls__mul32x32(x3, y1);
    z1 = dtls__mul32x32(x0, y1) ^ dtls__mul32x32(x1, y0) ^ dtls__mul32x32(x2, y3) ^ dtls__mul32x32(x3, y2);
    z2 = dtls__mul32x32(x0, y2) ^ dtls__mul32x32(x1, y1) ^ dtls__mul32x32(x2, y0) ^ dtls__mul32x32(x3, y3);
    z3 = dtls__mul32x32(x0, y3) ^ dtls__mul32x32(x1, y2) ^ dtls__mul32x32(x2, y1) ^ dtls__mul32x32(x3, y0);
    return (z0 & UINT64_C(0x1111111111111111)) | (z1 & UINT64_C(0x2222222222222222))
         | (z2 & UINT64_C(0x4444444444444444)) | (z3 & UINT64_C(0x8888888888888888));
}

/* Carry-less 64x64 -> 128 (Karatsuba over 32-bit halves). */
static void dtls__gcm_bmul64(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
    uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    uint64_t l = dtls__gcm_bmul32(a0, b0);
    uint64_t h = dtls__gcm_bmul32(a1, b1);
    uint64_t m = dtls__gcm_bmul32(a0 ^ a1, b0 ^ b1) ^ l ^ h;
    *lo = l ^ (m << 32);
    *hi = h ^ (m >> 32);
}

typedef struct dtls__gcm_state {
    uint64_t hh, hl; /* hash key H */
    uint64_t yh, yl; /* running GHASH value */
} dtls__gcm_state;

/* Y = Y * H in GF(2^128). */
static void dtls__gcm_mul_h(dtls__gcm_state *s)
{
    uint64_t l1, l0, h1, h0, m1, m0, z3, z2, z1, z0, d;

    dtls__gcm_bmul64(&l1, &l0, s->yl, s->hl);
    dtls__gcm_bmul64(&h1, &h0, s->yh, s->hh);
    dtls__gcm_bmul64(&m1, &m0, s->yh ^ s->yl, s->hh ^ s->hl);
    m0 ^= l0 ^ h0;
    m1 ^= l1 ^ h1;
    z0 = l0;
    z1 = l1 ^ m0;
    z2 = h0 ^ m1;
    z3 = h1;

    /* back to the reflected order: shift the 256-bit product left by 1 */
    z3 = (z3 << 1) | (z2 >> 63);
    z2 = (z2 << 1) | (z1 >> 63);
    z1 = (z1 << 1) | (z0 >> 63);
    z0 <<= 1;

    /* fold [z1:z0] (x^128..x^255) into [z3:z2] */
    d = z1 ^ (z0 << 63) ^ (z0 << 62) ^ (z0 << 57);
    s->yh = z3 ^ d ^ (d >> 1) ^ (d >> 2) ^ (d >> 7);
    s->yl = z2 ^ z0 ^ ((z0 >> 1) | (d << 63)) ^ ((z0 >> 2) | (d << 62)) ^ ((z0 >> 7) | (d << 57));
}

/* GHASH over data, the last partial block zero-padded. */
static void dtls__gcm_ghash(dtls__gcm_state *s, const uint8_t *data, size_t len)
{
    uint8_t blk[16];
    while (len > 0) {
        const uint8_t *p = data;
        size_t n = len < 16 ? len : 16;
        if (n < 16) {
            memset(blk, 0, sizeof blk);
            memcpy(blk, data, n);
            p = blk;
        }
        s->yh ^= dtls__load64_be(p);
        s->yl ^= dtls__load64_be(p + 8);
        dtls__gcm_mul_h(s);
        data += n;
        len -= n;
    }
    dtls_wipe(blk, sizeof blk);
}

/* Encrypts (decrypt = 0) or decrypts in_len bytes and writes the full tag to
 * tag.  Returns 0 or the ecb error (out is then zeroed). */
static int dtls__gcm_crypt(dtls_ecb_fn ecb, void *ecb_ctx, int decrypt, uint8_t *out,
                           const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                           const uint8_t *in, size_t in_len, uint8_t tag[16])
{
    uint8_t buf[16 * DTLS__GCM_CHUNK], ctr[16 * DTLS__GCM_CHUNK];
    dtls__gcm_state s;
    uint32_t cnt = 2;
    size_t done = 0, i;
    int ret;

    /* H = E(0^128) and E(J0), J0 = nonce || 0^31 || 1 */
    memset(ctr, 0, 32);
    memcpy(ctr + 16, nonce, 12);
    dtls__store32_be(ctr + 28, 1);
    ret = ecb(ecb_ctx, buf, ctr, 2);
    if (ret != 0)
        goto fail;
    s.hh = dtls__load64_be(buf);
    s.hl = dtls__load64_be(buf + 8);
    s.yh = 0;
    s.yl = 0;
    memcpy(tag, buf + 16, 16); /* E(J0), XORed with S at the end */

    if (aad_len > 0)
        dtls__gcm_ghash(&s, aad, aad_len);

    for (i = 0; i < DTLS__GCM_CHUNK; i++)
        memcpy(ctr + 16 * i, nonce, 12);
    while (done < in_len) {
        size_t n = in_len - done, nb;
        if (n > sizeof buf)
            n = sizeof buf;
        nb = (n + 15) / 16;
        for (i = 0; i < nb; i++)
            dtls__store32_be(ctr + 16 * i + 12, cnt++);
        ret = ecb(ecb_ctx, buf, ctr, nb);
        if (ret != 0)
            goto fail;
        if (decrypt)
            dtls__gcm_ghash(&s, in + done, n);
        for (i = 0; i < n; i++)
            out[done + i] = (uint8_t)(in[done + i] ^ buf[i]);
        if (!decrypt)
            dtls__gcm_ghash(&s, out + done, n);
        done += n;
    }

    /* len(A) || len(C) in bits */
    dtls__store64_be(buf, (uint64_t)aad_len << 3);
    dtls__store64_be(buf + 8, (uint64_t)in_len << 3);
    dtls__gcm_ghash(&s, buf, 16);
    dtls__store64_be(buf, s.yh);
    dtls__store64_be(buf + 8, s.yl);
    for (i = 0; i < 16; i++)
        tag[i] ^= buf[i];
    ret = 0;
    goto done;

fail:
    if (in_len > 0)
        dtls_wipe(out, in_len);
    dtls_wipe(tag, 16);
done:
    dtls_wipe(buf, sizeof buf);
    dtls_wipe(ctr, sizeof ctr);
    dtls_wipe(&s, sizeof s);
    return ret;
}

/* Parameter checks shared by seal and open (text_len without the tag). */
static int dtls__gcm_check(size_t nonce_len, size_t aad_len, size_t text_len)
{
    if (nonce_len != DTLS_GCM_NONCE_LEN)
        return DTLS_ERR_UNSUPPORTED;
#if SIZE_MAX > UINT64_C(0xFFFFFFFE0) /* only reachable where size_t is wider than 36 bits */
    if ((uint64_t)text_len > UINT64_C(0xFFFFFFFE0) || (uint64_t)aad_len > UINT64_C(0x1FFFFFFFFFFFFFFF))
        return DTLS_ERR_TOO_LONG;
#else
    (void)aad_len;
    (void)text_len;
#endif
    return 0;
}

DTLS_API int dtls_gcm_seal(dtls_ecb_fn ecb, void *ecb_ctx, uint8_t *out, const uint8_t *nonce,
                           size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                           size_t in_len)
{
    uint8_t tag[16];
    int ret = dtls__gcm_check(nonce_len, aad_len, in_len);
    if (ret != 0)
        return ret;
    ret = dtls__gcm_crypt(ecb, ecb_ctx, 0, out, nonce, aad, aad_len, in, in_len, tag);
    if (ret == 0)
        memcpy(out + in_len, tag, 16);
    else
        dtls_wipe(out + in_len, 16);
    dtls_wipe(tag, sizeof tag);
    return ret;
}

DTLS_API int dtls_gcm_open(dtls_ecb_fn ecb, void *ecb_ctx, uint8_t *out, const uint8_t *nonce,
                           size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                           size_t in_len)
{
    uint8_t tag[16], want[16];
    size_t len, i;
    uint32_t ok;
    uint8_t mask;
    int ret;

    if (nonce_len != DTLS_GCM_NONCE_LEN)
        return DTLS_ERR_UNSUPPORTED;
    if (in_len < 16)
        return DTLS_ERR_AUTH;
    len = in_len - 16;
    ret = dtls__gcm_check(nonce_len, aad_len, len);
    if (ret != 0)
        return ret;
    memcpy(want, in + len, 16);
    ret = dtls__gcm_crypt(ecb, ecb_ctx, 1, out, nonce, aad, aad_len, in, len, tag);
    if (ret != 0) {
        dtls_wipe(tag, sizeof tag);
        return ret;
    }
    /* accept/reject without branching on the secret comparison */
    ok = (uint32_t)dtls_ct_equal(tag, want, 16);
    mask = (uint8_t)dtls__ct_mask32(ok);
    for (i = 0; i < len; i++)
        out[i] &= mask;
    dtls_wipe(tag, sizeof tag);
    return (int)(1 - ok) * DTLS_ERR_AUTH;
}

DTLS_API int dtls_aes_gcm_seal(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len)
{
#if DTLS_ENABLE_AES
    dtls_aes_ctx ctx;
    int ret = dtls__gcm_check(nonce_len, aad_len, in_len);
    if (ret != 0)
        return ret;
    ret = dtls_aes_init(&ctx, key, key_len);
    if (ret == 0)
        ret = dtls_gcm_seal(dtls_aes_ecb, &ctx, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&ctx, sizeof ctx);
    return ret;
#else
    (void)out; (void)key; (void)key_len; (void)nonce; (void)nonce_len;
    (void)aad; (void)aad_len; (void)in; (void)in_len;
    return DTLS_ERR_DISABLED;
#endif
}

DTLS_API int dtls_aes_gcm_open(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len)
{
#if DTLS_ENABLE_AES
    dtls_aes_ctx ctx;
    int ret;
    if (nonce_len != DTLS_GCM_NONCE_LEN)
        return DTLS_ERR_UNSUPPORTED;
    if (in_len < 16)
        return DTLS_ERR_AUTH;
    ret = dtls_aes_init(&ctx, key, key_len);
    if (ret == 0)
        ret = dtls_gcm_open(dtls_aes_ecb, &ctx, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&ctx, sizeof ctx);
    return ret;
#else
    (void)out; (void)key; (void)key_len; (void)nonce; (void)nonce_len;
    (void)aad; (void)aad_len; (void)in; (void)in_len;
    return DTLS_ERR_DISABLED;
#endif
}

#undef DTLS__GCM_CHUNK

#endif /* DTLS_ENABLE_GCM */
