/* chachapoly.c - ChaCha20, Poly1305 and AEAD_CHACHA20_POLY1305 (RFC 8439).
 *
 * ChaCha20: the 20-round block function of §2.3 on 16 uint32_t words.  With
 * DTLS_CHACHA20_BLOCKS > 1 (chachapoly.h) the state is x[word][block] and
 * every double round is one loop over the blocks, which gcc and clang
 * vectorise (the lanes of a vector are the blocks, so no shuffles are
 * needed); the key stream is made that many blocks at a time and XORed
 * through a local buffer, 16 bytes per inner loop (a loop the compiler
 * vectorises without a run-time overlap check: out may equal in).
 * Poly1305: DTLS_POLY1305_LIMB64 1 keeps h in 64-bit limbs (r1 is a multiple
 * of 4 after clamping, so h1 r1 2^128 = h1 (r1 + r1/4) mod 2^130 - 5: four
 * 64x64->128 products and two 64-bit ones per block); 0 keeps h and r in
 * five 26-bit limbs so that every product fits in 64 bits, each through
 * dtls__mul32x32 (DTLS_CT_MUL16 on Cortex-M3).  Reduction uses
 * 2^130 = 5 mod p.  The final reduction mod 2^130 - 5 is a masked select,
 * never a branch. */
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
/* Blocks per key stream call and its bytes. */
#define DTLS__CHACHAPOLY_NB DTLS_CHACHA20_BLOCKS
#define DTLS__CHACHAPOLY_KS (64 * DTLS_CHACHA20_BLOCKS)

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

/* ks = the ChaCha20 block of st (20 rounds plus the feed-forward), as bytes. */
static void dtls__chachapoly_block(uint8_t ks[64], const uint32_t st[16])
{
    uint32_t x0 = st[0], x1 = st[1], x2 = st[2], x3 = st[3];
    uint32_t x4 = st[4], x5 = st[5], x6 = st[6], x7 = st[7];
    uint32_t x8 = st[8], x9 = st[9], x10 = st[10], x11 = st[11];
    uint32_t x12 = st[12], x13 = st[13], x14 = st[14], x15 = st[15], w[16];
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
    /* through an array so that the feed-forward and the stores are one loop */
    w[0] = x0; w[1] = x1; w[2] = x2; w[3] = x3; w[4] = x4; w[5] = x5; w[6] = x6; w[7] = x7;
    w[8] = x8; w[9] = x9; w[10] = x10; w[11] = x11; w[12] = x12; w[13] = x13; w[14] = x14;
    w[15] = x15;
    for (i = 0; i < 16; i++)
        dtls__store32_le(ks + 4 * i, w[i] + st[i]);
    dtls_wipe(w, sizeof w);
}

#if DTLS__CHACHAPOLY_NB == 1
static void dtls__chachapoly_stream(uint8_t ks[DTLS__CHACHAPOLY_KS], const uint32_t st[16])
{
    dtls__chachapoly_block(ks, st);
}
#else
/* One quarter round on every block: x[word][block]. */
#define DTLS__CHACHAPOLY_QRN(a, b, c, d)                                                       \
    do {                                                                                       \
        x[a][j] += x[b][j]; x[d][j] ^= x[a][j]; x[d][j] = DTLS__CHACHAPOLY_ROTL(x[d][j], 16);  \
        x[c][j] += x[d][j]; x[b][j] ^= x[c][j]; x[b][j] = DTLS__CHACHAPOLY_ROTL(x[b][j], 12);  \
        x[a][j] += x[b][j]; x[d][j] ^= x[a][j]; x[d][j] = DTLS__CHACHAPOLY_ROTL(x[d][j], 8);   \
        x[c][j] += x[d][j]; x[b][j] ^= x[c][j]; x[b][j] = DTLS__CHACHAPOLY_ROTL(x[b][j], 7);   \
    } while (0)

/* ks = the blocks st[12] .. st[12] + NB - 1, as bytes (block j at 64 j).  The
 * double round is the body of one loop over the blocks, which gcc and clang
 * both vectorise (clang 14 leaves a loop per quarter-round step scalar). */
static void dtls__chachapoly_stream(uint8_t ks[DTLS__CHACHAPOLY_KS], const uint32_t st[16])
{
    uint32_t x[16][DTLS__CHACHAPOLY_NB];
    int i, j, w;

    for (w = 0; w < 16; w++)
        for (j = 0; j < DTLS__CHACHAPOLY_NB; j++)
            x[w][j] = st[w];
    for (j = 0; j < DTLS__CHACHAPOLY_NB; j++)
        x[12][j] += (uint32_t)j;
    for (i = 0; i < 10; i++) {
        for (j = 0; j < DTLS__CHACHAPOLY_NB; j++) {
            DTLS__CHACHAPOLY_QRN(0, 4, 8, 12);
            DTLS__CHACHAPOLY_QRN(1, 5, 9, 13);
            DTLS__CHACHAPOLY_QRN(2, 6, 10, 14);
            DTLS__CHACHAPOLY_QRN(3, 7, 11, 15);
            DTLS__CHACHAPOLY_QRN(0, 5, 10, 15);
            DTLS__CHACHAPOLY_QRN(1, 6, 11, 12);
            DTLS__CHACHAPOLY_QRN(2, 7, 8, 13);
            DTLS__CHACHAPOLY_QRN(3, 4, 9, 14);
        }
    }
    for (w = 0; w < 16; w++)
        for (j = 0; j < DTLS__CHACHAPOLY_NB; j++)
            x[w][j] += st[w];
    for (j = 0; j < DTLS__CHACHAPOLY_NB; j++)
        x[12][j] += (uint32_t)j;
    for (j = 0; j < DTLS__CHACHAPOLY_NB; j++)
        for (w = 0; w < 16; w++)
            dtls__store32_le(ks + 64 * j + 4 * w, x[w][j]);
    dtls_wipe(x, sizeof x);
}
#undef DTLS__CHACHAPOLY_QRN
#endif

/* out = (in XOR ks) AND m8 for n bytes.  With NB > 1, 16 bytes at a time
 * through the local t, so that the inner loops are vectorised without a
 * run-time overlap check (out may == in). */
static void dtls__chachapoly_mix(uint8_t *out, const uint8_t *in, size_t n, const uint8_t *ks,
                                 uint8_t m8)
{
    size_t i = 0;
#if DTLS__CHACHAPOLY_NB > 1
    uint8_t t[16];
    size_t k;
    for (; n - i >= 16; i += 16) {
        for (k = 0; k < 16; k++)
            t[k] = in[i + k];
        for (k = 0; k < 16; k++)
            t[k] = (uint8_t)((t[k] ^ ks[i + k]) & m8);
        for (k = 0; k < 16; k++)
            out[i + k] = t[k];
    }
#endif
    for (; i < n; i++)
        out[i] = (uint8_t)((in[i] ^ ks[i]) & m8);
}

/* out = (in XOR key stream from block st[12]) AND mask; st[12] advances.
 * mask is all-ones (encryption) or the tag-check mask of open (all-zero
 * output on failure, without a branch).  ks is scratch for one call. */
static void dtls__chachapoly_xor(uint8_t *out, const uint8_t *in, size_t len, uint32_t st[16],
                                 uint8_t ks[DTLS__CHACHAPOLY_KS], uint32_t mask)
{
    while (len > 0) {
        size_t n = len < DTLS__CHACHAPOLY_KS ? len : DTLS__CHACHAPOLY_KS;
#if DTLS__CHACHAPOLY_NB > 1
        if (len <= 32 * DTLS__CHACHAPOLY_NB) { /* up to NB / 2 blocks: one at a time is cheaper */
            n = len < 64 ? len : 64;
            dtls__chachapoly_block(ks, st);
            st[12]++;
        } else
#endif
        {
            dtls__chachapoly_stream(ks, st);
            st[12] += DTLS__CHACHAPOLY_NB;
        }
        dtls__chachapoly_mix(out, in, n, ks, (uint8_t)mask);
        in += n;
        out += n;
        len -= n;
    }
}

DTLS_API void dtls_chacha20(uint8_t *out, const uint8_t *in, size_t len, const uint8_t key[32],
                            const uint8_t nonce[12], uint32_t counter)
{
    uint32_t st[16];
    uint8_t ks[DTLS__CHACHAPOLY_KS];

    if (len == 0) return;
    dtls__chachapoly_setup(st, key, nonce, counter);
    dtls__chachapoly_xor(out, in, len, st, ks, UINT32_C(0xffffffff));
    dtls_wipe(st, sizeof st);
    dtls_wipe(ks, sizeof ks);
}

/* ---- Poly1305 (RFC 8439 §2.5) ---- */

#if DTLS_POLY1305_LIMB64

/* The 64-bit limbs in the context's 32-bit words (one layout for both forms). */
static uint64_t dtls__chachapoly_get64(const uint32_t *w)
{
    return (uint64_t)w[0] | ((uint64_t)w[1] << 32);
}

static void dtls__chachapoly_put64(uint32_t *w, uint64_t v)
{
    w[0] = (uint32_t)v;
    w[1] = (uint32_t)(v >> 32);
}

/* r = the clamped first half of the key (§2.5.1, see dtls_poly1305_init). */
static void dtls__chachapoly_set_r(uint32_t r[5], const uint8_t key[16])
{
    dtls__chachapoly_put64(r, dtls__load64_le(key) & UINT64_C(0x0ffffffc0fffffff));
    dtls__chachapoly_put64(r + 2, dtls__load64_le(key + 8) & UINT64_C(0x0ffffffc0ffffffc));
    r[4] = 0;
}

/* h = (h + m + pad * 2^128) * r mod 2^130 - 5, for nblocks 16-byte blocks.
 * h = h0 + h1 2^64 + h2 2^128 with h2 <= 4 between blocks (so h < 2p);
 * r = r0 + r1 2^64 with r0, r1 < 2^60 and 4 | r1, so with s1 = r1 + r1 / 4:
 *   h r = h0 r0 + (h0 r1 + h1 r0) 2^64 + h1 r1 2^128 + h2 r0 2^128 + h2 r1 2^192
 *       = (h0 r0 + h1 s1) + (h0 r1 + h1 r0 + h2 s1) 2^64 + h2 r0 2^128 (mod p),
 * each sum below 2^127, h2 s1 and h2 r0 below 2^64. */
static void dtls__chachapoly_blocks(dtls_poly1305_ctx *ctx, const uint8_t *m, size_t nblocks,
                                    uint32_t pad)
{
    const uint64_t r0 = dtls__chachapoly_get64(ctx->r), r1 = dtls__chachapoly_get64(ctx->r + 2);
    const uint64_t s1 = r1 + (r1 >> 2);
    uint64_t h0 = dtls__chachapoly_get64(ctx->h), h1 = dtls__chachapoly_get64(ctx->h + 2);
    uint64_t h2 = ctx->h[4];

    while (nblocks-- > 0) {
        dtls__u128 d0, d1;
        uint64_t c;

        d0 = (dtls__u128)h0 + dtls__load64_le(m);
        d1 = (dtls__u128)h1 + dtls__load64_le(m + 8) + (uint64_t)(d0 >> 64);
        h0 = (uint64_t)d0;
        h1 = (uint64_t)d1;
        h2 += (uint64_t)(d1 >> 64) + pad;

        d0 = (dtls__u128)h0 * r0 + (dtls__u128)h1 * s1;
        d1 = (dtls__u128)h0 * r1 + (dtls__u128)h1 * r0 + h2 * s1;
        h2 *= r0;
        d1 += (uint64_t)(d0 >> 64);
        h0 = (uint64_t)d0;
        h1 = (uint64_t)d1;
        h2 += (uint64_t)(d1 >> 64);
        /* bits 130 and up times 5 back into the bottom (2^130 = 5) */
        c = (h2 >> 2) * 5U;
        h2 &= 3U;
        d0 = (dtls__u128)h0 + c;
        d1 = (dtls__u128)h1 + (uint64_t)(d0 >> 64);
        h0 = (uint64_t)d0;
        h1 = (uint64_t)d1;
        h2 += (uint64_t)(d1 >> 64);
        m += 16;
    }
    dtls__chachapoly_put64(ctx->h, h0);
    dtls__chachapoly_put64(ctx->h + 2, h1);
    ctx->h[4] = (uint32_t)h2;
}

/* tag = (h mod p + s) mod 2^128. */
static void dtls__chachapoly_finish(dtls_poly1305_ctx *ctx, uint8_t tag[16])
{
    uint64_t h0 = dtls__chachapoly_get64(ctx->h), h1 = dtls__chachapoly_get64(ctx->h + 2);
    uint64_t g0, g1, mask;
    dtls__u128 d;

    /* g = h + 5: h >= p exactly when g reaches 2^130 (h < 2p: h2 <= 4), and
     * then h mod p = g - 2^130, whose low 128 bits are g0, g1. */
    d = (dtls__u128)h0 + 5U;
    g0 = (uint64_t)d;
    d = (dtls__u128)h1 + (uint64_t)(d >> 64);
    g1 = (uint64_t)d;
    mask = (uint64_t)0 - (((ctx->h[4] + (uint64_t)(d >> 64)) >> 2) & 1U);
    h0 ^= mask & (h0 ^ g0);
    h1 ^= mask & (h1 ^ g1);

    d = (dtls__u128)h0 + dtls__chachapoly_get64(ctx->s);
    dtls__store64_le(tag, (uint64_t)d);
    d = (dtls__u128)h1 + dtls__chachapoly_get64(ctx->s + 2) + (uint64_t)(d >> 64);
    dtls__store64_le(tag + 8, (uint64_t)d);
}

#else /* 26-bit limbs */

/* r = the clamped first half of the key (§2.5.1, see dtls_poly1305_init). */
static void dtls__chachapoly_set_r(uint32_t r[5], const uint8_t key[16])
{
    uint32_t t0 = dtls__load32_le(key) & UINT32_C(0x0fffffff);
    uint32_t t1 = dtls__load32_le(key + 4) & UINT32_C(0x0ffffffc);
    uint32_t t2 = dtls__load32_le(key + 8) & UINT32_C(0x0ffffffc);
    uint32_t t3 = dtls__load32_le(key + 12) & UINT32_C(0x0ffffffc);

    r[0] = t0 & DTLS__CHACHAPOLY_M26;
    r[1] = ((t0 >> 26) | (t1 << 6)) & DTLS__CHACHAPOLY_M26;
    r[2] = ((t1 >> 20) | (t2 << 12)) & DTLS__CHACHAPOLY_M26;
    r[3] = ((t2 >> 14) | (t3 << 18)) & DTLS__CHACHAPOLY_M26;
    r[4] = t3 >> 8;
}

/* h = (h + m + pad * 2^128) * r mod 2^130 - 5, for nblocks 16-byte blocks. */
static void dtls__chachapoly_blocks(dtls_poly1305_ctx *ctx, const uint8_t *m, size_t nblocks,
                                    uint32_t pad)
{
    const uint32_t hibit = pad << 24;
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

/* tag = (h mod p + s) mod 2^128. */
static void dtls__chachapoly_finish(dtls_poly1305_ctx *ctx, uint8_t tag[16])
{
    uint32_t h0, h1, h2, h3, h4, g0, g1, g2, g3, g4, c, mask;
    uint64_t f;

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
}

#endif /* DTLS_POLY1305_LIMB64 */

DTLS_API void dtls_poly1305_init(dtls_poly1305_ctx *ctx, const uint8_t key[32])
{
    int i;
    /* Clamp r (§2.5.1): top 4 bits of each word and bottom 2 bits of words 1..3. */
    dtls__chachapoly_set_r(ctx->r, key);
    for (i = 0; i < 5; i++)
        ctx->h[i] = 0;
    for (i = 0; i < 4; i++)
        ctx->s[i] = dtls__load32_le(key + 16 + 4 * i);
    ctx->buf_len = 0;
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
        dtls__chachapoly_blocks(ctx, ctx->buf, 1, 1);
        ctx->buf_len = 0;
    }
    n = len >> 4;
    if (n > 0) {
        dtls__chachapoly_blocks(ctx, msg, n, 1);
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
    if (ctx->buf_len > 0) {
        /* Last partial block: append 0x01, pad with zeros, no 2^128 bit. */
        size_t i = ctx->buf_len;
        ctx->buf[i++] = 1;
        for (; i < 16; i++)
            ctx->buf[i] = 0;
        dtls__chachapoly_blocks(ctx, ctx->buf, 1, 0);
    }
    dtls__chachapoly_finish(ctx, tag);
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
 * with the one-time key otk (§2.6). */
static void dtls__chachapoly_tag(uint8_t tag[16], const uint8_t otk[32], const uint8_t *aad,
                                 size_t aad_len, const uint8_t *ct, size_t ct_len)
{
    dtls_poly1305_ctx p;
    uint8_t lens[16];

    dtls_poly1305_init(&p, otk);
    dtls_poly1305_update(&p, aad, aad_len);
    dtls__chachapoly_pad16(&p, aad_len);
    dtls_poly1305_update(&p, ct, ct_len);
    dtls__chachapoly_pad16(&p, ct_len);
    dtls__store64_le(lens, (uint64_t)aad_len);
    dtls__store64_le(lens + 8, (uint64_t)ct_len);
    dtls_poly1305_update(&p, lens, 16);
    dtls_poly1305_final(&p, tag);
}

/* One AEAD operation: the first key stream call gives block 0 (its first 32
 * bytes are the Poly1305 key, §2.6) and blocks 1 .. NB - 1, which serve the
 * first NB * 64 - 64 bytes of the message.  seal encrypts, then MACs the
 * ciphertext; open MACs the ciphertext before it is overwritten (out may ==
 * in), compares, and decrypts with every output byte masked by the result. */
static int dtls__chachapoly_aead(int seal, uint8_t *out, const uint8_t key[32],
                                 const uint8_t nonce[12], const uint8_t *aad, size_t aad_len,
                                 const uint8_t *in, size_t len, uint8_t *tag_out)
{
    uint32_t st[16];
    uint8_t first[DTLS__CHACHAPOLY_KS], otk[32], tag[16];
    size_t n = 0;
    uint32_t mask = UINT32_C(0xffffffff);
    int ok = 1;

#if DTLS__CHACHAPOLY_NB > 1
    n = len < DTLS__CHACHAPOLY_KS - 64 ? len : DTLS__CHACHAPOLY_KS - 64;
#endif
    dtls__chachapoly_setup(st, key, nonce, 0);
    dtls__chachapoly_stream(first, st);
    memcpy(otk, first, 32);
    st[12] = DTLS__CHACHAPOLY_NB;
    if (!seal) {
        dtls__chachapoly_tag(tag, otk, aad, aad_len, in, len);
        ok = dtls_ct_equal(tag, in + len, 16);
        /* Decrypt always; a failed check masks every output byte to zero. */
        mask = dtls__ct_mask32((uint32_t)ok);
    }
    if (len > 0) { /* (in, out may be NULL when len == 0) */
        if (n > 0) dtls__chachapoly_mix(out, in, n, first + 64, (uint8_t)mask);
        dtls__chachapoly_xor(out + n, in + n, len - n, st, first, mask); /* first: scratch now */
    }
    if (seal) dtls__chachapoly_tag(tag_out, otk, aad, aad_len, out, len);
    dtls_wipe(st, sizeof st);
    dtls_wipe(first, sizeof first);
    dtls_wipe(otk, sizeof otk);
    dtls_wipe(tag, sizeof tag);
    return ok;
}

DTLS_API int dtls_chacha20poly1305_seal(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len)
{
    if (nonce_len != DTLS_CHACHA20_NONCE_LEN) return DTLS_ERR_UNSUPPORTED;
    if (dtls__chachapoly_too_long((uint64_t)in_len)) return DTLS_ERR_TOO_LONG;
    (void)dtls__chachapoly_aead(1, out, key, nonce, aad, aad_len, in, in_len, out + in_len);
    return DTLS_OK;
}

DTLS_API int dtls_chacha20poly1305_open(uint8_t *out, const uint8_t key[32], const uint8_t *nonce,
                                        size_t nonce_len, const uint8_t *aad, size_t aad_len,
                                        const uint8_t *in, size_t in_len)
{
    size_t ct_len;
    int ok;

    if (nonce_len != DTLS_CHACHA20_NONCE_LEN) return DTLS_ERR_UNSUPPORTED;
    if (in_len < DTLS_CHACHAPOLY_TAG_LEN) return DTLS_ERR_AUTH;
    ct_len = in_len - DTLS_CHACHAPOLY_TAG_LEN;
    if (dtls__chachapoly_too_long((uint64_t)ct_len)) return DTLS_ERR_TOO_LONG;
    ok = dtls__chachapoly_aead(0, out, key, nonce, aad, aad_len, in, ct_len, NULL);
    return (1 - ok) * DTLS_ERR_AUTH;
}

#undef DTLS__CHACHAPOLY_ROTL
#undef DTLS__CHACHAPOLY_QR
#undef DTLS__CHACHAPOLY_M26
#undef DTLS__CHACHAPOLY_MAX_LEN
#undef DTLS__CHACHAPOLY_NB
#undef DTLS__CHACHAPOLY_KS

#endif /* DTLS_ENABLE_CHACHAPOLY */
