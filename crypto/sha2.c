/* sha2.c - SHA-256, SHA-384, SHA-512 (FIPS 180-4).
 *
 * One round loop per hash over a 16-word rolling message schedule (SHA-256:
 * or the rounds written out, DTLS_SHA256_UNROLL, sha2.h); the round
 * constants are public static tables indexed by the round number only.  The
 * only data-dependent control flow is on lengths, which are public.  Every
 * word is loaded and stored big-endian byte by byte, so the code is the same
 * on every byte order and never does an unaligned access. */
#include "sha2.h"
#include "internal.h"

#define DTLS__SHA2_ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define DTLS__SHA2_ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
/* Ch and Maj of FIPS 180-4 §4.1.2 in their cheaper equivalent forms. */
#define DTLS__SHA2_CH(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))
#define DTLS__SHA2_MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* ---------------------------------------------------------------- SHA-256 */

/* FIPS 180-4 §4.2.2 */
static const uint32_t dtls__sha256_k[64] DTLS__ROM = {
    UINT32_C(0x428a2f98), UINT32_C(0x71374491), UINT32_C(0xb5c0fbcf), UINT32_C(0xe9b5dba5),
    UINT32_C(0x3956c25b), UINT32_C(0x59f111f1), UINT32_C(0x923f82a4), UINT32_C(0xab1c5ed5),
    UINT32_C(0xd807aa98), UINT32_C(0x12835b01), UINT32_C(0x243185be), UINT32_C(0x550c7dc3),
    UINT32_C(0x72be5d74), UINT32_C(0x80deb1fe), UINT32_C(0x9bdc06a7), UINT32_C(0xc19bf174),
    UINT32_C(0xe49b69c1), UINT32_C(0xefbe4786), UINT32_C(0x0fc19dc6), UINT32_C(0x240ca1cc),
    UINT32_C(0x2de92c6f), UINT32_C(0x4a7484aa), UINT32_C(0x5cb0a9dc), UINT32_C(0x76f988da),
    UINT32_C(0x983e5152), UINT32_C(0xa831c66d), UINT32_C(0xb00327c8), UINT32_C(0xbf597fc7),
    UINT32_C(0xc6e00bf3), UINT32_C(0xd5a79147), UINT32_C(0x06ca6351), UINT32_C(0x14292967),
    UINT32_C(0x27b70a85), UINT32_C(0x2e1b2138), UINT32_C(0x4d2c6dfc), UINT32_C(0x53380d13),
    UINT32_C(0x650a7354), UINT32_C(0x766a0abb), UINT32_C(0x81c2c92e), UINT32_C(0x92722c85),
    UINT32_C(0xa2bfe8a1), UINT32_C(0xa81a664b), UINT32_C(0xc24b8b70), UINT32_C(0xc76c51a3),
    UINT32_C(0xd192e819), UINT32_C(0xd6990624), UINT32_C(0xf40e3585), UINT32_C(0x106aa070),
    UINT32_C(0x19a4c116), UINT32_C(0x1e376c08), UINT32_C(0x2748774c), UINT32_C(0x34b0bcb5),
    UINT32_C(0x391c0cb3), UINT32_C(0x4ed8aa4a), UINT32_C(0x5b9cca4f), UINT32_C(0x682e6ff3),
    UINT32_C(0x748f82ee), UINT32_C(0x78a5636f), UINT32_C(0x84c87814), UINT32_C(0x8cc70208),
    UINT32_C(0x90befffa), UINT32_C(0xa4506ceb), UINT32_C(0xbef9a3f7), UINT32_C(0xc67178f2)
};

/* FIPS 180-4 §5.3.3 */
static const uint32_t dtls__sha256_iv[8] DTLS__ROM = {
    UINT32_C(0x6a09e667), UINT32_C(0xbb67ae85), UINT32_C(0x3c6ef372), UINT32_C(0xa54ff53a),
    UINT32_C(0x510e527f), UINT32_C(0x9b05688c), UINT32_C(0x1f83d9ab), UINT32_C(0x5be0cd19)
};

/* The functions of §4.1.2, the rotations nested (ROTR^6 ^ ROTR^11 ^ ROTR^25
 * = ROTR^6 (x ^ ROTR^5 (x ^ ROTR^14 x))) so that a machine without a
 * three-operand rotate copies x once, not three times.  SCHED is §6.2.2 step
 * 1 on a rolling window of 16 words (w[i & 15] becomes W_i); ROUND is step 3
 * written so that the working variables rotate by renaming: it updates d and
 * h, and the next round is passed (h, a, b, c, d, e, f, g) as (a .. h). */
#define DTLS__SHA256_BSIG0(x) DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32(x, 9), 11), 2)
#define DTLS__SHA256_BSIG1(x) DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32(x, 14), 5), 6)
#define DTLS__SHA256_SSIG0(x) (DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32(x, 11), 7) ^ ((x) >> 3))
#define DTLS__SHA256_SSIG1(x) (DTLS__SHA2_ROR32((x) ^ DTLS__SHA2_ROR32(x, 2), 17) ^ ((x) >> 10))
#define DTLS__SHA256_SCHED(w, i)                                                            \
    (w[(i) & 15] += DTLS__SHA256_SSIG1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] +             \
                    DTLS__SHA256_SSIG0(w[((i) - 15) & 15]))
/* Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and this round's a ^ b is the next
 * round's b ^ c: bc carries it (set to b ^ c before the first round). */
#define DTLS__SHA256_ROUND(a, b, c, d, e, f, g, h, ki, wi)                                  \
    do {                                                                                    \
        uint32_t t_ = (h) + DTLS__SHA256_BSIG1(e) + DTLS__SHA2_CH(e, f, g) + (ki) + (wi);  \
        uint32_t ab_ = (a) ^ (b);                                                           \
        (d) += t_;                                                                          \
        (h) = t_ + DTLS__SHA256_BSIG0(a) + ((ab_ & bc) ^ (b));                             \
        bc = ab_;                                                                           \
    } while (0)

#if DTLS_SHA256_UNROLL
/* Sixteen rounds from round r0 (a constant: the round constants become
 * immediates); W_i the message word (M, the first sixteen) or the
 * schedule's (SCHED, the rest). */
#define DTLS__SHA256_R(a, b, c, d, e, f, g, h, n, W) \
    DTLS__SHA256_ROUND(a, b, c, d, e, f, g, h, dtls__rom_u32(&dtls__sha256_k[n]), W(w, n))
#define DTLS__SHA256_M(w, n) w[n]
#define DTLS__SHA256_16(W, r0)                                  \
    do {                                                        \
        DTLS__SHA256_R(a, b, c, d, e, f, g, h, (r0) + 0, W);    \
        DTLS__SHA256_R(h, a, b, c, d, e, f, g, (r0) + 1, W);    \
        DTLS__SHA256_R(g, h, a, b, c, d, e, f, (r0) + 2, W);    \
        DTLS__SHA256_R(f, g, h, a, b, c, d, e, (r0) + 3, W);    \
        DTLS__SHA256_R(e, f, g, h, a, b, c, d, (r0) + 4, W);    \
        DTLS__SHA256_R(d, e, f, g, h, a, b, c, (r0) + 5, W);    \
        DTLS__SHA256_R(c, d, e, f, g, h, a, b, (r0) + 6, W);    \
        DTLS__SHA256_R(b, c, d, e, f, g, h, a, (r0) + 7, W);    \
        DTLS__SHA256_R(a, b, c, d, e, f, g, h, (r0) + 8, W);    \
        DTLS__SHA256_R(h, a, b, c, d, e, f, g, (r0) + 9, W);    \
        DTLS__SHA256_R(g, h, a, b, c, d, e, f, (r0) + 10, W);   \
        DTLS__SHA256_R(f, g, h, a, b, c, d, e, (r0) + 11, W);   \
        DTLS__SHA256_R(e, f, g, h, a, b, c, d, (r0) + 12, W);   \
        DTLS__SHA256_R(d, e, f, g, h, a, b, c, (r0) + 13, W);   \
        DTLS__SHA256_R(c, d, e, f, g, h, a, b, (r0) + 14, W);   \
        DTLS__SHA256_R(b, c, d, e, f, g, h, a, (r0) + 15, W);   \
    } while (0)
#endif

/* Compresses n consecutive 64-byte blocks at p into state (§6.2.2). */
static void dtls__sha256_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
    uint32_t w[16];
    uint32_t a, b, c, d, e, f, g, h, bc;
    unsigned i;

    while (n--) {
        for (i = 0; i < 16; i++)
            w[i] = dtls__load32_be(p + 4 * i);
        a = state[0]; b = state[1]; c = state[2]; d = state[3];
        e = state[4]; f = state[5]; g = state[6]; h = state[7];
        bc = b ^ c;
#if DTLS_SHA256_UNROLL
        DTLS__SHA256_16(DTLS__SHA256_M, 0);
        DTLS__SHA256_16(DTLS__SHA256_SCHED, 16);
        DTLS__SHA256_16(DTLS__SHA256_SCHED, 32);
        DTLS__SHA256_16(DTLS__SHA256_SCHED, 48);
#else
        for (i = 0; i < 64; i++) {
            uint32_t t;
            DTLS__SHA256_ROUND(a, b, c, d, e, f, g, h, dtls__rom_u32(&dtls__sha256_k[i]),
                               i < 16 ? w[i] : DTLS__SHA256_SCHED(w, i));
            t = h; h = g; g = f; f = e; e = d; d = c; c = b; b = a; a = t;
        }
#endif
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
        p += 64;
    }
    /* The schedule holds message words (key bytes under HMAC). */
    dtls_wipe(w, sizeof w);
}

DTLS_API void dtls_sha256_init(dtls_sha256_ctx *ctx)
{
    dtls__rom_memcpy(ctx->state, dtls__sha256_iv, sizeof ctx->state);
    ctx->count = 0;
    memset(ctx->buf, 0, sizeof ctx->buf);
}

DTLS_API void dtls_sha256_update(dtls_sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    size_t used = (size_t)(ctx->count & 63U);

    if (len == 0)
        return;
    ctx->count += (uint64_t)len;
    if (used != 0) {
        size_t take = 64 - used;
        if (len < take) {
            memcpy(ctx->buf + used, p, len);
            return;
        }
        memcpy(ctx->buf + used, p, take);
        dtls__sha256_blocks(ctx->state, ctx->buf, 1);
        p += take;
        len -= take;
    }
    if (len >= 64) {
        size_t n = len / 64;
        dtls__sha256_blocks(ctx->state, p, n);
        p += n * 64;
        len -= n * 64;
    }
    if (len != 0)
        memcpy(ctx->buf, p, len);
}

DTLS_API void dtls_sha256_final(dtls_sha256_ctx *ctx, uint8_t out[32])
{
    size_t used = (size_t)(ctx->count & 63U);
    unsigned i;

    /* §5.1.1: 0x80, zeros, 64-bit big-endian bit length. */
    ctx->buf[used++] = 0x80;
    if (used > 56) {
        memset(ctx->buf + used, 0, 64 - used);
        dtls__sha256_blocks(ctx->state, ctx->buf, 1);
        used = 0;
    }
    memset(ctx->buf + used, 0, 56 - used);
    dtls__store64_be(ctx->buf + 56, ctx->count << 3);
    dtls__sha256_blocks(ctx->state, ctx->buf, 1);
    for (i = 0; i < 8; i++)
        dtls__store32_be(out + 4 * i, ctx->state[i]);
    dtls_wipe(ctx, sizeof *ctx);
}

DTLS_API void dtls_sha256(uint8_t out[32], const void *data, size_t len)
{
    dtls_sha256_ctx ctx;
    dtls_sha256_init(&ctx);
    dtls_sha256_update(&ctx, data, len);
    dtls_sha256_final(&ctx, out);
}

/* ------------------------------------------------------- SHA-384 / SHA-512 */
#if DTLS_ENABLE_SHA384

/* FIPS 180-4 §4.2.3 */
static const uint64_t dtls__sha512_k[80] DTLS__ROM = {
    UINT64_C(0x428a2f98d728ae22), UINT64_C(0x7137449123ef65cd),
    UINT64_C(0xb5c0fbcfec4d3b2f), UINT64_C(0xe9b5dba58189dbbc),
    UINT64_C(0x3956c25bf348b538), UINT64_C(0x59f111f1b605d019),
    UINT64_C(0x923f82a4af194f9b), UINT64_C(0xab1c5ed5da6d8118),
    UINT64_C(0xd807aa98a3030242), UINT64_C(0x12835b0145706fbe),
    UINT64_C(0x243185be4ee4b28c), UINT64_C(0x550c7dc3d5ffb4e2),
    UINT64_C(0x72be5d74f27b896f), UINT64_C(0x80deb1fe3b1696b1),
    UINT64_C(0x9bdc06a725c71235), UINT64_C(0xc19bf174cf692694),
    UINT64_C(0xe49b69c19ef14ad2), UINT64_C(0xefbe4786384f25e3),
    UINT64_C(0x0fc19dc68b8cd5b5), UINT64_C(0x240ca1cc77ac9c65),
    UINT64_C(0x2de92c6f592b0275), UINT64_C(0x4a7484aa6ea6e483),
    UINT64_C(0x5cb0a9dcbd41fbd4), UINT64_C(0x76f988da831153b5),
    UINT64_C(0x983e5152ee66dfab), UINT64_C(0xa831c66d2db43210),
    UINT64_C(0xb00327c898fb213f), UINT64_C(0xbf597fc7beef0ee4),
    UINT64_C(0xc6e00bf33da88fc2), UINT64_C(0xd5a79147930aa725),
    UINT64_C(0x06ca6351e003826f), UINT64_C(0x142929670a0e6e70),
    UINT64_C(0x27b70a8546d22ffc), UINT64_C(0x2e1b21385c26c926),
    UINT64_C(0x4d2c6dfc5ac42aed), UINT64_C(0x53380d139d95b3df),
    UINT64_C(0x650a73548baf63de), UINT64_C(0x766a0abb3c77b2a8),
    UINT64_C(0x81c2c92e47edaee6), UINT64_C(0x92722c851482353b),
    UINT64_C(0xa2bfe8a14cf10364), UINT64_C(0xa81a664bbc423001),
    UINT64_C(0xc24b8b70d0f89791), UINT64_C(0xc76c51a30654be30),
    UINT64_C(0xd192e819d6ef5218), UINT64_C(0xd69906245565a910),
    UINT64_C(0xf40e35855771202a), UINT64_C(0x106aa07032bbd1b8),
    UINT64_C(0x19a4c116b8d2d0c8), UINT64_C(0x1e376c085141ab53),
    UINT64_C(0x2748774cdf8eeb99), UINT64_C(0x34b0bcb5e19b48a8),
    UINT64_C(0x391c0cb3c5c95a63), UINT64_C(0x4ed8aa4ae3418acb),
    UINT64_C(0x5b9cca4f7763e373), UINT64_C(0x682e6ff3d6b2b8a3),
    UINT64_C(0x748f82ee5defb2fc), UINT64_C(0x78a5636f43172f60),
    UINT64_C(0x84c87814a1f0ab72), UINT64_C(0x8cc702081a6439ec),
    UINT64_C(0x90befffa23631e28), UINT64_C(0xa4506cebde82bde9),
    UINT64_C(0xbef9a3f7b2c67915), UINT64_C(0xc67178f2e372532b),
    UINT64_C(0xca273eceea26619c), UINT64_C(0xd186b8c721c0c207),
    UINT64_C(0xeada7dd6cde0eb1e), UINT64_C(0xf57d4f7fee6ed178),
    UINT64_C(0x06f067aa72176fba), UINT64_C(0x0a637dc5a2c898a6),
    UINT64_C(0x113f9804bef90dae), UINT64_C(0x1b710b35131c471b),
    UINT64_C(0x28db77f523047d84), UINT64_C(0x32caab7b40c72493),
    UINT64_C(0x3c9ebe0a15c9bebc), UINT64_C(0x431d67c49c100d4c),
    UINT64_C(0x4cc5d4becb3e42b6), UINT64_C(0x597f299cfc657e2a),
    UINT64_C(0x5fcb6fab3ad6faec), UINT64_C(0x6c44198c4a475817)
};

/* FIPS 180-4 §5.3.4 */
static const uint64_t dtls__sha384_iv[8] DTLS__ROM = {
    UINT64_C(0xcbbb9d5dc1059ed8), UINT64_C(0x629a292a367cd507),
    UINT64_C(0x9159015a3070dd17), UINT64_C(0x152fecd8f70e5939),
    UINT64_C(0x67332667ffc00b31), UINT64_C(0x8eb44a8768581511),
    UINT64_C(0xdb0c2e0d64f98fa7), UINT64_C(0x47b5481dbefa4fa4)
};

/* FIPS 180-4 §5.3.5 */
static const uint64_t dtls__sha512_iv[8] DTLS__ROM = {
    UINT64_C(0x6a09e667f3bcc908), UINT64_C(0xbb67ae8584caa73b),
    UINT64_C(0x3c6ef372fe94f82b), UINT64_C(0xa54ff53a5f1d36f1),
    UINT64_C(0x510e527fade682d1), UINT64_C(0x9b05688c2b3e6c1f),
    UINT64_C(0x1f83d9abfb41bd6b), UINT64_C(0x5be0cd19137e2179)
};

/* K[i] from the DTLS__ROM table (no 64-bit reader: copied bytewise). */
static uint64_t dtls__sha512_rom_k(unsigned i)
{
    uint64_t k;
    dtls__rom_memcpy(&k, &dtls__sha512_k[i], sizeof k);
    return k;
}

/* Compresses n consecutive 128-byte blocks at p into state (§6.4.2). */
static void dtls__sha512_blocks(uint64_t state[8], const uint8_t *p, size_t n)
{
    uint64_t w[16];
    uint64_t a, b, c, d, e, f, g, h, t1, t2;
    unsigned i;

    while (n--) {
        for (i = 0; i < 16; i++)
            w[i] = dtls__load64_be(p + 8 * i);
        a = state[0]; b = state[1]; c = state[2]; d = state[3];
        e = state[4]; f = state[5]; g = state[6]; h = state[7];
        for (i = 0; i < 80; i++) {
            if (i >= 16) {
                uint64_t w2 = w[(i - 2) & 15], w15 = w[(i - 15) & 15];
                w[i & 15] += (DTLS__SHA2_ROR64(w2, 19) ^ DTLS__SHA2_ROR64(w2, 61) ^ (w2 >> 6)) +
                             w[(i - 7) & 15] +
                             (DTLS__SHA2_ROR64(w15, 1) ^ DTLS__SHA2_ROR64(w15, 8) ^ (w15 >> 7));
            }
            t1 = h + (DTLS__SHA2_ROR64(e, 14) ^ DTLS__SHA2_ROR64(e, 18) ^ DTLS__SHA2_ROR64(e, 41)) +
                 DTLS__SHA2_CH(e, f, g) + dtls__sha512_rom_k(i) + w[i & 15];
            t2 = (DTLS__SHA2_ROR64(a, 28) ^ DTLS__SHA2_ROR64(a, 34) ^ DTLS__SHA2_ROR64(a, 39)) +
                 DTLS__SHA2_MAJ(a, b, c);
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
        p += 128;
    }
    dtls_wipe(w, sizeof w);
}

static void dtls__sha512_init_iv(dtls_sha512_ctx *ctx, const uint64_t iv[8])
{
    dtls__rom_memcpy(ctx->state, iv, sizeof ctx->state); /* iv: a DTLS__ROM table */
    ctx->count = 0;
    memset(ctx->buf, 0, sizeof ctx->buf);
}

/* Pads, compresses, writes the first out_len bytes of the state, wipes ctx. */
static void dtls__sha512_finish(dtls_sha512_ctx *ctx, uint8_t *out, unsigned out_len)
{
    size_t used = (size_t)(ctx->count & 127U);
    unsigned i;

    /* §5.1.2: 0x80, zeros, 128-bit big-endian bit length. */
    ctx->buf[used++] = 0x80;
    if (used > 112) {
        memset(ctx->buf + used, 0, 128 - used);
        dtls__sha512_blocks(ctx->state, ctx->buf, 1);
        used = 0;
    }
    memset(ctx->buf + used, 0, 112 - used);
    dtls__store64_be(ctx->buf + 112, ctx->count >> 61);
    dtls__store64_be(ctx->buf + 120, ctx->count << 3);
    dtls__sha512_blocks(ctx->state, ctx->buf, 1);
    for (i = 0; i < out_len / 8; i++)
        dtls__store64_be(out + 8 * i, ctx->state[i]);
    dtls_wipe(ctx, sizeof *ctx);
}

DTLS_API void dtls_sha512_init(dtls_sha512_ctx *ctx)
{
    dtls__sha512_init_iv(ctx, dtls__sha512_iv);
}

DTLS_API void dtls_sha512_update(dtls_sha512_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = (const uint8_t *)data;
    size_t used = (size_t)(ctx->count & 127U);

    if (len == 0)
        return;
    ctx->count += (uint64_t)len;
    if (used != 0) {
        size_t take = 128 - used;
        if (len < take) {
            memcpy(ctx->buf + used, p, len);
            return;
        }
        memcpy(ctx->buf + used, p, take);
        dtls__sha512_blocks(ctx->state, ctx->buf, 1);
        p += take;
        len -= take;
    }
    if (len >= 128) {
        size_t n = len / 128;
        dtls__sha512_blocks(ctx->state, p, n);
        p += n * 128;
        len -= n * 128;
    }
    if (len != 0)
        memcpy(ctx->buf, p, len);
}

DTLS_API void dtls_sha512_final(dtls_sha512_ctx *ctx, uint8_t out[64])
{
    dtls__sha512_finish(ctx, out, 64);
}

DTLS_API void dtls_sha512(uint8_t out[64], const void *data, size_t len)
{
    dtls_sha512_ctx ctx;
    dtls_sha512_init(&ctx);
    dtls_sha512_update(&ctx, data, len);
    dtls_sha512_final(&ctx, out);
}

DTLS_API void dtls_sha384_init(dtls_sha512_ctx *ctx)
{
    dtls__sha512_init_iv(ctx, dtls__sha384_iv);
}

DTLS_API void dtls_sha384_update(dtls_sha512_ctx *ctx, const void *data, size_t len)
{
    dtls_sha512_update(ctx, data, len);
}

DTLS_API void dtls_sha384_final(dtls_sha512_ctx *ctx, uint8_t out[48])
{
    dtls__sha512_finish(ctx, out, 48);
}

DTLS_API void dtls_sha384(uint8_t out[48], const void *data, size_t len)
{
    dtls_sha512_ctx ctx;
    dtls_sha384_init(&ctx);
    dtls_sha384_update(&ctx, data, len);
    dtls_sha384_final(&ctx, out);
}

#endif /* DTLS_ENABLE_SHA384 */

#undef DTLS__SHA2_ROR32
#undef DTLS__SHA2_ROR64
#undef DTLS__SHA2_CH
#undef DTLS__SHA2_MAJ
#undef DTLS__SHA256_BSIG0
#undef DTLS__SHA256_BSIG1
#undef DTLS__SHA256_SSIG0
#undef DTLS__SHA256_SSIG1
#undef DTLS__SHA256_SCHED
#undef DTLS__SHA256_ROUND
#if DTLS_SHA256_UNROLL
#undef DTLS__SHA256_R
#undef DTLS__SHA256_M
#undef DTLS__SHA256_16
#endif
