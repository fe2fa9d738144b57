/* chachapoly.c - ChaCha20, Poly1305 and AEAD_CHACHA20_POLY1305 (RFC 8439).
 *
 * ChaCha20: the 20-round block function of §2.3 on 16 uint32_t words, key
 * stream XORed word by word for whole 64-byte blocks and byte by byte for the
 * tail.  Poly1305: the accumulator h and the clamped r are kept in five 26-bit
 * limbs so that every product fits in 64 bits; each product goes through
 * dtls__mul32x32 (DTLS_CT_MUL16 on Cortex-M3).  Reduction uses 2^130 = 5 mod p.
 * The final reduction mod 2^130 - 5 is a masked select, never a branch. */
#include "chachapoly.h"
#include "internal.h"

#if DTLS_ENABLE_CHACHAPOLY

#define DTLS__CHACHAPOLY_ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define DTLS__CHACHAPOLY_QR(a, b, c, d)                                                        \
    do {                                                                                       \
        a += b; d ^= a; d = DTLS__CHACHAPOLY_ROTL(d, 16);                                      \
        c += d; b ^= c; b = DTLS__CHACHAPOLY_ROTL(b, 12);                                      \
        a += b; d ^= a; d = DTLS__CHACHAPOLY_ROTL(d, 8);                                       \
        c += d; b ^= c; b = DTLS__CHACHAPOLY_ROTL(b, 7);                                       \
    } while (0)
#define DTLS__CHACHAPOLY_M26 UINT32_C(0x3ffffff)
/* Largest AEAD plaintext (RFC 8439 §2.8): 2^32 - 1 blocks of 64 bytes. */
#define DTLS__CHACHAPOLY_MAX_LEN UINT64_C(274877906880)

/* State words 0..15 from key, nonce and counter (RFC 8439 §2.3). */
static void dtls__chachapoly_setup(uint32_t st[16], const uint8_t key[32], const uint8_t nonce[12],
                                   uint32_t counter)
{
    int i;
    st[0] = UINT32_C(0x61707865);
    st[1] = UINT32_C(0x3320646e);
    st[2] = UINT32_C(0x79622d32);
    st[3] = UINT32_C(0x6b206574);
    for (i = 0; i < 8; i++)
        st[4 + i] = dtls__load32_le(key + 4 * i);
    st[12] = counter;
    st[13] = dtls__load32_le(nonce);
    st[14] = dtls__load32_le(nonce + 4);
    st[15] = dtls__load32_le(nonce + 8);
}

/* ks = ChaCha20 block of st (20 rounds plus the feed-forward). */
static void dtls__chachapoly_block(uint32_t ks[16], const uint32_t st[16])
{
    uint32_t x0 = st[0], x1 = st[1], x2 = st[2], x3 = st[3];
    uint32_t x4 = st[4], x5 = st[5], x6 = st[6], x7 = st[7];
    uint32_t x8 = st[8], x9 = st[9], x10 = st[10], x11 = st[11];
    uint32_t x12 = st[12], x13 = st[13], x14 = st[14], x15 = st[15];
    int i;

    for (i = 0; i < 10; i++) {
        DTLS__CHACHAPOLY_QR(x0, x4, x8, x12);
        DTLS__CHACHAPOLY_QR(x1, x5, x9, x13);
        DTLS__CHACHAPOLY_QR(x2, x6, x10, x14);
        DTLS__CHACHAPOLY_QR(x3, x7, x11, x15);
        DTLS__CHACHAPOLY_QR(x0, x5, x10, x15);
        DTLS__CHACHAPOLY_QR(x1, x6, x11, x12);
        DTLS__CHACHAPOLY_QR(x2, x7, x8, x13);
        DTLS__CHACHAPOLY_QR(x3, x4, x9, x14);
    }
    ks[0] = x0 + st[0];
    ks[1] = x1 + st[1];
    ks[2] = x2 + st[2];
    ks[3] = x3 + st[3];
    ks[4] = x4 + st[4];
    ks[5] = x5 + st[5];
    ks[6] = x6 + st[6];
    ks[7] = x7 + st[7];
    ks[8] = x8 + st[8];
    ks[9] = x9 + st[9];
    ks[10] = x10 + st[10];
    ks[11] = x11 + st[11];
    ks[12] = x12 + st[12];
    ks[13] = x13 + st[13];
    ks[14] = x14 + st[14];
    ks[15] = x15 + st[15];
}

/* out = (in XOR key stream) AND mask.  mask is all-ones (encryption) or the
 * tag-check mask of open (all-zero output on failure, without a branch). */
static void dtls__chachapoly_xor(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                                 const uint8_t nonce[12], uint32_t counter, uint32_t mask)
{
    uint32_t st[16], ks[16];
    uint8_t tail[64];
    size_t i;

    if (len == 0) return;
    dtls__chachapoly_setup(st, key, nonce, counter);
    while (len >= 64) {
        dtls__chachapoly_block(ks, st);
        for (i = 0; i < 16; i++)
            dtls__store32_le(out + 4 * i, (dtls__load32_le(in + 4 * i) ^ ks[i]) & mask);
        st[12]++;
        in += 64;
        out += 64;
        len -= 64;
    }
    if (len > 0) {
        uint8_t m8 = (uint8_t)mask;
        dtls__chachapoly_block(ks, st);
        for (i = 0; i < 16; i++)
            dtls__store32_le(tail + 4 * i, ks[i]);
        for (i = 0; i < len; i++)
            out[i] = (uint8_t)((in[i] ^ tail[i]) & m8);
        dtls_wipe(tail, sizeof tail);
    }
    dtls_wipe(st, sizeof st);
    dtls_wipe(ks, sizeof ks);
}

DTLS_API void dtls_chacha20(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                            const uint8_t nonce[12], uint32_t counter)
{
    dtls__chachapoly_xor(out, in, len, key, nonce, counter, UINT32_C(0xffffffff));
}

/* ---- Poly1305 (RFC 8439 §2.5) ---- */

DTLS_API void dtls_poly1305_init(dtls_poly1305_ctx *ctx, const uint8_t key[32])
{
    /* Clamp r (§2.5.1): top 4 bits of each word and bottom 2 bits of words 1..3. */
    uint32_t t0 = dtls__load32_le(key) & UINT32_C(0x0fffffff);
    uint32_t t1 = dtls__load32_le(key + 4) & UINT32_C(0x0ffffffc);
    uint32_t t2 = dtls__load32_le(key + 8) & UINT32_C(0x0ffffffc);
    uint32_t t3 = dtls__load32_le(key + 12) & UINT32_C(0x0ffffffc);
    int i;

    ctx->r[0] = t0 & DTLS__CHACHAPOLY_M26;
    ctx->r[1] = ((t0 >> 26) | (t1 << 6)) & DTLS__CHACHAPOLY_M26;
    ctx->r[2] = ((t1 >> 20) | (t2 << 12)) & DTLS__CHACHAPOLY_M26;
    ctx->r[3] = ((t2 >> 14) | (t3 << 18)) & DTLS__CHACHAPOLY_M26;
    ctx->r[4] = t3 >> 8;
    for (i = 0; i < 5; i++)
        ctx->h[i] = 0;
    for (i = 0; i < 4; i++)
        ctx->s[i] = dtls__load32_le(key + 16 + 4 * i);
    ctx->buf_len = 0;
}

/* h = (h + m + hibit * 2^128) * r mod 2^130 - 5, for nblocks 16-byte blocks. */
static void dtls__chachapoly_blocks(dtls_poly1305_ctx *ctx, const uint8_t *m, size_t nblocks,
                                    uint32_t hibit)
{
    const uint32_t r0 = ctx->r[0], r1 = ctx->r[1], r2 = ctx->r[2], r3 = ctx->r[3], r4 = ctx->r[4];
    const uint32_t s1 = r1 * 5U, s2 = r2 * 5U, s3 = r3 * 5U, s4 = r4 * 5U;
    uint32_t h0 = ctx->h[0], h1 = ctx->h[1], h2 = ctx->h[2], h3 = ctx->h[3], h4 = ctx->h[4];

    while (nblocks-- > 0) {
        uint64_t d0, d1, d2, d3, d4, c;

        h0 += dtls__load32_le(m) & DTLS__CHACHAPOLY_M26;
        h1 += (dtls__load32_le(m + 3) >> 2) & DTLS__CHACHAPOLY_M26;
        h2 += (dtls__load32_le(m + 6) >> 4) & DTLS__CHACHAPOLY_M26;
        h3 += (dtls__load32_le(m + 9) >> 6) & DTLS__CHACHAPOLY_M26;
        h4 += (dtls__load32_le(m + 12) >> 8) | hibit;

        d0 = dtls__mul32x32(h0, r0) + dtls__mul32x32(h1, s4) + dtls__mul32x32(h2, s3) +
             dtls__mul32x32(h3, s2) + dtls__mul32x32(h4, s1);
        d1 = dtls__mul32x32(h0, r1) + dtls__mul32x32(h1, r0) + dtls__mul32x32(h2, s4) +
             dtls__mul32x32(h3, s3) + dtls__mul32x32(h4, s2);
        d2 = dtls__mul32x32(h0, r2) + dtls__mul32x32(h1, r1) + dtls__mul32x32(h2, r0) +
             dtls__mul32x32(h3, s4) + dtls__mul32x32(h4, s3);
        d3 = dtls__mul32x32(h0, r3) + dtls__mul32x32(h1, r2) + dtls__mul32x32(h2, r1) +
             dtls__mul32x32(h3, r0) + dtls__mul32x32(h4, s4);
        d4 = dtls__mul32x32(h0, r4) + dtls__mul32x32(h1, r3) + dtls__mul32x32(h2, r2) +
             dtls__mul32x32(h3, r1) + dtls__mul32x32(h4, r0);

        c = d0 >> 26; h0 = (uint32_t)d0 & DTLS__CHACHAPOLY_M26; d1 += c;
        c = d1 >> 26; h1 = (uint32_t)d1 & DTLS__CHACHAPOLY_M26; d2 += c;
        c = d2 >> 26; h2 = (uint32_t)d2 & DTLS__CHACHAPOLY_M26; d3 += c;
        c = d3 >> 26; h3 = (uint32_t)d3 & DTLS__CHACHAPOLY_M26; d4 += c;
        c = d4 >> 26; h4 = (uint32_t)d4 & DTLS__CHACHAPOLY_M26;
        c = (uint64_t)h0 + (c << 2) + c; /* 2^130 = 5 */
        h0 = (uint32_t)c & DTLS__CHACHAPOLY_M26;
        h1 += (uint32_t)(c >> 26);
        m += 16;
    }
    ctx->h[0] = h0;
    ctx->h[1] = h1;
    ctx->h[2] = h2;
    ctx->h[3] = h3;
    ctx->h[4] = h4;
}

DTLS_API void dtls_poly1305_update(dtls_poly1305_ctx *ctx, const uint8_t *msg, size_t len)
{
    size_t n;

    if (len == 0) return;
    if (ctx->buf_len > 0) {
        n = 16 - ctx->buf_len;
        if (n > len) n = len;
        memcpy(ctx->buf + ctx->buf_len, msg, n);
        ctx->buf_len += n;
        msg += n;
        len -= n;
        if (ctx->buf_len < 16) return;
        dtls__chachapoly_blocks(ctx, ctx->buf, 1, UINT32_C(1) << 24);
        ctx->buf_len = 0;
    }
    n = len >> 4;
    if (n > 0) {
        dtls__chachapoly_blocks(ctx, msg, n, UINT32_C(1) << 24);
        msg += n << 4;
        len &= 15;
    }
    if (len > 0) {
        memcpy(ctx->buf, msg, len);
        ctx->buf_len = len;
    }
}

DTLS_API void dtls_poly1305_final(dtls_poly1305_ctx *ctx, uint8_t tag[16])
{
    uint32_t h0, h1, h2, h3, h4, g0, g1, g2, g3, g4, c, mask;
    uint64_t f;

    if (ctx->buf_len > 0) {
        /* Last partial block: append 0x01, pad with zeros, no 2^128 bit. */
        size_t i = ctx->buf_len;
        ctx->buf[i++] = 1;
        for (; i < 16; i++)
            ctx->buf[i] = 0;
        dtls__chachapoly_blocks(ctx, ctx->buf, 1, 0);
    }
    h0 = ctx->h[0]; h1 = ctx->h[1]; h2 = ctx->h[2]; h3 = ctx->h[3]; h4 = ctx->h[4];

    /* Full carry: limbs back to 26 bits, h < 2^130 + small. */
    c = h1 >> 26; h1 &= DTLS__CHACHAPOLY_M26; h2 += c;
    c = h2 >> 26; h2 &= DTLS__CHACHAPOLY_M26; h3 += c;
    c = h3 >> 26; h3 &= DTLS__CHACHAPOLY_M26; h4 += c;
    c = h4 >> 26; h4 &= DTLS__CHACHAPOLY_M26; h0 += c * 5U;
    c = h0 >> 26; h0 &= DTLS__CHACHAPOLY_M26; h1 += c;
    /* h1 may have reached 2^26: carry once more so every limb is 26 bits
     * (h4 can then exceed 26 bits only when h >= 2^130, where g is chosen). */
    c = h1 >> 26; h1 &= DTLS__CHACHAPOLY_M26; h2 += c;
    c = h2 >> 26; h2 &= DTLS__CHACHAPOLY_M26; h3 += c;
    c = h3 >> 26; h3 &= DTLS__CHACHAPOLY_M26; h4 += c;

    /* g = h + 5 - 2^130; if it does not go negative, h >= p and g is the result. */
    g0 = h0 + 5U; c = g0 >> 26; g0 &= DTLS__CHACHAPOLY_M26;
    g1 = h1 + c; c = g1 >> 26; g1 &= DTLS__CHACHAPOLY_M26;
    g2 = h2 + c; c = g2 >> 26; g2 &= DTLS__CHACHAPOLY_M26;
    g3 = h3 + c; c = g3 >> 26; g3 &= DTLS__CHACHAPOLY_M26;
    g4 = h4 + c - (UINT32_C(1) << 26);
    mask = (g4 >> 31) - 1U; /* all-ones when g4 >= 0 */
    h0 = dtls__ct_select32(mask, g0, h0);
    h1 = dtls__ct_select32(mask, g1, h1);
    h2 = dtls__ct_select32(mask, g2, h2);
    h3 = dtls__ct_select32(mask, g3, h3);
    h4 = dtls__ct_select32(mask, g4, h4);

    /* tag = (h + s) mod 2^128. */
    f = (uint64_t)(h0 | (h1 << 26)) + ctx->s[0];
    dtls__store32_le(tag, (uint32_t)f);
    f = (uint64_t)((h1 >> 6) | (h2 << 20)) + ctx->s[1] + (f >> 32);
    dtls__store32_le(tag + 4, (uint32_t)f);
    f = (uint64_t)((h2 >> 12) | (h3 << 14)) + ctx->s[2] + (f >> 32);
    dtls__store32_le(tag + 8, (uint32_t)f);
    f = (uint64_t)((h3 >> 18) | (h4 << 8)) + ctx->s[3] + (f >> 32);
    dtls__store32_le(tag + 12, (uint32_t)f);

    dtls_wipe(ctx, sizeof *ctx);
}

/* ---- AEAD (RFC 8439 §2.6-2.8) ---- */

static int dtls__chachapoly_too_long(uint64_t len)
{
    return len > DTLS__CHACHAPOLY_MAX_LEN;
}

static void dtls__chachapoly_pad16(dtls_poly1305_ctx *p, size_t len)
{
    static const uint8_t zeros[16] = {0};
    if ((len & 15) != 0) dtls_poly1305_update(p, zeros, 16 - (len & 15));
}

/* tag = Poly1305 over aad || pad || ct || pad || le64(aad_len) || le64(ct_len),
 * with the one-time key from block 0 (§2.6). */
static void dtls__chachapoly_tag(uint8_t tag[16], const uint8_t key[32], const uint8_t nonce[12],
                                 const uint8_t *aad, size_t aad_len, const uint8_t *ct,
                                 size_t ct_len)
{
    dtls_poly1305_ctx p;
    uint32_t st[16], ks[16];
    uint8_t otk[32], lens[16];
    int i;

    dtls__chachapoly_setup(st, key, nonce, 0);
    dtls__chachapoly_block(ks, st);
    for (i = 0; i < 8; i++)
        dtls__store32_le(otk + 4 * i, ks[i]);
    dtls_poly1305_init(&p, otk);
    dtls_poly1305_update(&p, aad, aad_len);
    dtls__chachapoly_pad16(&p, aad_len);
    dtls_poly1305_update(&p, ct, ct_len);
    dtls__chachapoly_pad16(&p, ct_len);
    dtls__store64_le(lens, (uint64_t)aad_len);
    dtls__store64_le(lens + 8, (uint64_t)ct_len);
    dtls_poly1305_update(&p, lens, 16);
    dtls_poly1305_final(&p, tag);
    dtls_wipe(st, sizeof st);
    dtls_wipe(ks, sizeof ks);
    dtls_wipe(otk, sizeof otk);
}

DTLS_API int dtls_chacha20poly1305_seal(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len)
{
    if (nonce_len != DTLS_CHACHA20_NONCE_LEN) return DTLS_ERR_UNSUPPORTED;
    if (dtls__chachapoly_too_long((uint64_t)in_len)) return DTLS_ERR_TOO_LONG;
    dtls__chachapoly_xor(out, in, in_len, key, nonce, 1, UINT32_C(0xffffffff));
    dtls__chachapoly_tag(out + in_len, key, nonce, aad, aad_len, out, in_len);
    return DTLS_OK;
}

DTLS_API int dtls_chacha20poly1305_open(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len)
{
    uint8_t tag[16];
    size_t ct_len;
    int ok;

    if (nonce_len != DTLS_CHACHA20_NONCE_LEN) return DTLS_ERR_UNSUPPORTED;
    if (in_len < DTLS_CHACHAPOLY_TAG_LEN) return DTLS_ERR_AUTH;
    ct_len = in_len - DTLS_CHACHAPOLY_TAG_LEN;
    if (dtls__chachapoly_too_long((uint64_t)ct_len)) return DTLS_ERR_TOO_LONG;
    /* MAC the ciphertext before it is overwritten (out may == in). */
    dtls__chachapoly_tag(tag, key, nonce, aad, aad_len, in, ct_len);
    ok = dtls_ct_equal(tag, in + ct_len, 16);
    /* Decrypt always; a failed check masks every output byte to zero. */
    dtls__chachapoly_xor(out, in, ct_len, key, nonce, 1, dtls__ct_mask32((uint32_t)ok));
    dtls_wipe(tag, sizeof tag);
    return (1 - ok) * DTLS_ERR_AUTH;
}

#undef DTLS__CHACHAPOLY_ROTL
#undef DTLS__CHACHAPOLY_QR
#undef DTLS__CHACHAPOLY_M26
#undef DTLS__CHACHAPOLY_MAX_LEN

#endif /* DTLS_ENABLE_CHACHAPOLY */
