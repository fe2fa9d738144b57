/* aes.c - constant-time bitsliced AES encryption (FIPS 197).
 *
 * State layout: a pair of blocks (block 0 and block 1) is held in eight 32-bit
 * words q[0..7]; q[k] holds bit k of each of the 32 bytes.  The byte in row r,
 * column c of block b sits at bit position 8*r + 2*c + b.  So each row is one
 * byte lane (MixColumns is lane rotations), ShiftRows rotates each lane by 2*r
 * bits, and loading column c of block b as a little-endian word puts row r in
 * lane r already: converting bytes to planes is an 8x8 bit transpose inside
 * each lane (dtls__aes_ortho).
 *
 * The S-box is the Boyar-Peralta depth-16 circuit (J. Boyar, R. Peralta, "A
 * depth-16 circuit for the AES S-box", 2011): 32 AND and 83 XOR/XNOR gates.
 *
 * Round keys are the same for both blocks, so only the block-0 bits of a
 * bitsliced round key are kept, two planes per word (plane 2i in the even bits,
 * plane 2i+1 in the odd bits): 16 bytes per round key, expanded per round. */
#include "aes.h"
#include "internal.h"

#if DTLS_ENABLE_AES

#define DTLS__AES_SWAPMOVE(lo, hi, mask, n)            \
    do {                                               \
        uint32_t dtls__aes_t = (((lo) >> (n)) ^ (hi)) & (mask); \
        (hi) ^= dtls__aes_t;                           \
        (lo) ^= dtls__aes_t << (n);                    \
    } while (0)

/* Transposes the 8x8 bit matrix in each byte lane: bit k of q[j] <-> bit j of
 * q[k].  Its own inverse. */
static void dtls__aes_ortho(uint32_t *q)
{
    DTLS__AES_SWAPMOVE(q[0], q[1], UINT32_C(0x55555555), 1);
    DTLS__AES_SWAPMOVE(q[2], q[3], UINT32_C(0x55555555), 1);
    DTLS__AES_SWAPMOVE(q[4], q[5], UINT32_C(0x55555555), 1);
    DTLS__AES_SWAPMOVE(q[6], q[7], UINT32_C(0x55555555), 1);

    DTLS__AES_SWAPMOVE(q[0], q[2], UINT32_C(0x33333333), 2);
    DTLS__AES_SWAPMOVE(q[1], q[3], UINT32_C(0x33333333), 2);
    DTLS__AES_SWAPMOVE(q[4], q[6], UINT32_C(0x33333333), 2);
    DTLS__AES_SWAPMOVE(q[5], q[7], UINT32_C(0x33333333), 2);

    DTLS__AES_SWAPMOVE(q[0], q[4], UINT32_C(0x0F0F0F0F), 4);
    DTLS__AES_SWAPMOVE(q[1], q[5], UINT32_C(0x0F0F0F0F), 4);
    DTLS__AES_SWAPMOVE(q[2], q[6], UINT32_C(0x0F0F0F0F), 4);
    DTLS__AES_SWAPMOVE(q[3], q[7], UINT32_C(0x0F0F0F0F), 4);
}

/* SubBytes on all 32 bytes (bit 7 of each byte is q[7]). */
static void dtls__aes_sbox(uint32_t *q)
{
    uint32_t u0, u1, u2, u3, u4, u5, u6, u7;
    uint32_t t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14;
    uint32_t t15, t16, t17, t18, t19, t20, t21, t22, t23, t24, t25, t26, t27;
    uint32_t m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15;
    uint32_t m16, m17, m18, m19, m20, m21, m22, m23, m24, m25, m26, m27, m28;
    uint32_t m29, m30, m31, m32, m33, m34, m35, m36, m37, m38, m39, m40, m41;
    uint32_t m42, m43, m44, m45, m46, m47, m48, m49, m50, m51, m52, m53, m54;
    uint32_t m55, m56, m57, m58, m59, m60, m61, m62, m63;
    uint32_t l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14;
    uint32_t l15, l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27;
    uint32_t l28, l29;

    u0 = q[7]; u1 = q[6]; u2 = q[5]; u3 = q[4];
    u4 = q[3]; u5 = q[2]; u6 = q[1]; u7 = q[0];

    /* top linear layer */
    t1 = u0 ^ u3;
    t2 = u0 ^ u5;
    t3 = u0 ^ u6;
    t4 = u3 ^ u5;
    t5 = u4 ^ u6;
    t6 = t1 ^ t5;
    t7 = u1 ^ u2;
    t8 = u7 ^ t6;
    t9 = u7 ^ t7;
    t10 = t6 ^ t7;
    t11 = u1 ^ u5;
    t12 = u2 ^ u5;
    t13 = t3 ^ t4;
    t14 = t6 ^ t11;
    t15 = t5 ^ t11;
    t16 = t5 ^ t12;
    t17 = t9 ^ t16;
    t18 = u3 ^ u7;
    t19 = t7 ^ t18;
    t20 = t1 ^ t19;
    t21 = u6 ^ u7;
    t22 = t7 ^ t21;
    t23 = t2 ^ t22;
    t24 = t2 ^ t10;
    t25 = t20 ^ t17;
    t26 = t3 ^ t16;
    t27 = t1 ^ t12;

    /* middle non-linear layer (inversion in GF(2^8) via GF(2^4)) */
    m1 = t13 & t6;
    m2 = t23 & t8;
    m3 = t14 ^ m1;
    m4 = t19 & u7;
    m5 = m4 ^ m1;
    m6 = t3 & t16;
    m7 = t22 & t9;
    m8 = t26 ^ m6;
    m9 = t20 & t17;
    m10 = m9 ^ m6;
    m11 = t1 & t15;
    m12 = t4 & t27;
    m13 = m12 ^ m11;
    m14 = t2 & t10;
    m15 = m14 ^ m11;
    m16 = m3 ^ m2;
    m17 = m5 ^ t24;
    m18 = m8 ^ m7;
    m19 = m10 ^ m15;
    m20 = m16 ^ m13;
    m21 = m17 ^ m15;
    m22 = m18 ^ m13;
    m23 = m19 ^ t25;
    m24 = m22 ^ m23;
    m25 = m22 & m20;
    m26 = m21 ^ m25;
    m27 = m20 ^ m21;
    m28 = m23 ^ m25;
    m29 = m28 & m27;
    m30 = m26 & m24;
    m31 = m20 & m23;
    m32 = m27 & m31;
    m33 = m27 ^ m25;
    m34 = m21 & m22;
    m35 = m24 & m34;
    m36 = m24 ^ m25;
    m37 = m21 ^ m29;
    m38 = m32 ^ m33;
    m39 = m23 ^ m30;
    m40 = m35 ^ m36;
    m41 = m38 ^ m40;
    m42 = m37 ^ m39;
    m43 = m37 ^ m38;
    m44 = m39 ^ m40;
    m45 = m42 ^ m41;
    m46 = m44 & t6;
    m47 = m40 & t8;
    m48 = m39 & u7;
    m49 = m43 & t16;
    m50 = m38 & t9;
    m51 = m37 & t17;
    m52 = m42 & t15;
    m53 = m45 & t27;
    m54 = m41 & t10;
    m55 = m44 & t13;
    m56 = m40 & t23;
    m57 = m39 & t19;
    m58 = m43 & t3;
    m59 = m38 & t22;
    m60 = m37 & t20;
    m61 = m42 & t1;
    m62 = m45 & t4;
    m63 = m41 & t2;

    /* bottom linear layer (includes the affine map) */
    l0 = m61 ^ m62;
    l1 = m50 ^ m56;
    l2 = m46 ^ m48;
    l3 = m47 ^ m55;
    l4 = m54 ^ m58;
    l5 = m49 ^ m61;
    l6 = m62 ^ l5;
    l7 = m46 ^ l3;
    l8 = m51 ^ m59;
    l9 = m52 ^ m53;
    l10 = m53 ^ l4;
    l11 = m60 ^ l2;
    l12 = m48 ^ m51;
    l13 = m50 ^ l0;
    l14 = m52 ^ m61;
    l15 = m55 ^ l1;
    l16 = m56 ^ l0;
    l17 = m57 ^ l1;
    l18 = m58 ^ l8;
    l19 = m63 ^ l4;
    l20 = l0 ^ l1;
    l21 = l1 ^ l7;
    l22 = l3 ^ l12;
    l23 = l18 ^ l2;
    l24 = l15 ^ l9;
    l25 = l6 ^ l10;
    l26 = l7 ^ l9;
    l27 = l8 ^ l10;
    l28 = l11 ^ l14;
    l29 = l11 ^ l17;

    q[7] = l6 ^ l24;
    q[6] = ~(l16 ^ l26);
    q[5] = ~(l19 ^ l28);
    q[4] = l6 ^ l21;
    q[3] = l20 ^ l22;
    q[2] = l25 ^ l29;
    q[1] = ~(l13 ^ l27);
    q[0] = ~(l6 ^ l23);
}

/* ShiftRows: lane r (row r) rotated right by 2*r bits (column c+r -> c),
 * done as a rotation by 2 of lanes 1 and 3, then by 4 of lanes 2 and 3. */
static void dtls__aes_shift_rows(uint32_t *q)
{
    int i;
    for (i = 0; i < 8; i++) {
        uint32_t x = q[i];
        x = (x & UINT32_C(0x00FF00FF)) | ((x >> 2) & UINT32_C(0x3F003F00)) | ((x << 6) & UINT32_C(0xC000C000));
        q[i] = (x & UINT32_C(0x0000FFFF)) | ((x >> 4) & UINT32_C(0x0F0F0000)) | ((x << 4) & UINT32_C(0xF0F00000));
    }
}

#define DTLS__AES_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* MixColumns: out_r = 2*(a_r ^ a_{r+1}) ^ a_{r+1} ^ a_{r+2} ^ a_{r+3}; row r+1
 * is lane r of the word rotated right by 8. */
static void dtls__aes_mix_columns(uint32_t *q)
{
    uint32_t a1[8], t[8];
    int i;
    for (i = 0; i < 8; i++) {
        a1[i] = DTLS__AES_ROTR(q[i], 8);
        t[i] = q[i] ^ a1[i];
    }
    q[0] = t[7] ^ a1[0] ^ DTLS__AES_ROTR(t[0], 16);
    q[1] = t[0] ^ t[7] ^ a1[1] ^ DTLS__AES_ROTR(t[1], 16);
    q[2] = t[1] ^ a1[2] ^ DTLS__AES_ROTR(t[2], 16);
    q[3] = t[2] ^ t[7] ^ a1[3] ^ DTLS__AES_ROTR(t[3], 16);
    q[4] = t[3] ^ t[7] ^ a1[4] ^ DTLS__AES_ROTR(t[4], 16);
    q[5] = t[4] ^ a1[5] ^ DTLS__AES_ROTR(t[5], 16);
    q[6] = t[5] ^ a1[6] ^ DTLS__AES_ROTR(t[6], 16);
    q[7] = t[6] ^ a1[7] ^ DTLS__AES_ROTR(t[7], 16);
}

/* XORs packed round key rk[0..3] (both blocks) into the state. */
static void dtls__aes_add_round_key(uint32_t *q, const uint32_t *rk)
{
    int i;
    for (i = 0; i < 4; i++) {
        uint32_t e = rk[i] & UINT32_C(0x55555555);
        uint32_t o = rk[i] & UINT32_C(0xAAAAAAAA);
        q[2 * i] ^= e | (e << 1);
        q[2 * i + 1] ^= o | (o >> 1);
    }
}

/* S-box applied to each byte of a word (SubWord), through the circuit. */
static uint32_t dtls__aes_sub_word(uint32_t w)
{
    uint32_t q[8];
    int i;
    q[0] = w;
    for (i = 1; i < 8; i++)
        q[i] = 0;
    dtls__aes_ortho(q);
    dtls__aes_sbox(q);
    dtls__aes_ortho(q);
    w = q[0];
    dtls_wipe(q, sizeof q);
    return w;
}

DTLS_API int dtls_aes_init(dtls_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    /* The plain schedule is expanded in ctx->rk itself and then bitsliced in
     * place, group by group (each group only reads its own four words): no
     * second 240-byte array on the stack, which is the deepest point of a
     * record's protection on 8-bit targets. */
    uint32_t *w = ctx->rk, q[8];
    uint32_t rcon = 1;
    unsigned nk, nw, i, j, k;

    if (key_len != 16 && key_len != 24 && key_len != 32) {
        dtls_wipe(ctx, sizeof *ctx);
        return DTLS_ERR_BAD_KEY;
    }
    nk = (unsigned)(key_len / 4);
    ctx->nr = (uint32_t)(nk + 6);
    nw = 4 * (nk + 7);

    /* FIPS 197 §5.2, words little-endian (byte 0 in the low bits). */
    for (i = 0; i < nk; i++)
        w[i] = dtls__load32_le(key + 4 * i);
    /* k counts i modulo nk (no run-time division anywhere in this module:
     * tests/run.sh checks that for every module that handles secrets). */
    for (i = nk, k = 0; i < nw; i++, k = (k + 1 == nk) ? 0 : k + 1) {
        uint32_t t = w[i - 1];
        if (k == 0) {
            t = dtls__aes_sub_word(DTLS__AES_ROTR(t, 8)) ^ rcon;
            rcon = (rcon << 1) ^ (UINT32_C(0x11B) & (0U - (rcon >> 7)));
        } else if (nk > 6 && k == 4) {
            t = dtls__aes_sub_word(t);
        }
        w[i] = w[i - nk] ^ t;
    }

    /* Bitslice each round key (as block 0 of a pair) and pack it. */
    for (i = 0; i < nw; i += 4) {
        for (j = 0; j < 4; j++) {
            q[2 * j] = w[i + j];
            q[2 * j + 1] = 0;
        }
        dtls__aes_ortho(q);
        for (j = 0; j < 4; j++)
            ctx->rk[i + j] = (q[2 * j] & UINT32_C(0x55555555)) | ((q[2 * j + 1] & UINT32_C(0x55555555)) << 1);
    }
    for (i = nw; i < 60; i++)
        ctx->rk[i] = 0;
    dtls_wipe(q, sizeof q);
    return 0;
}

/* Encrypts two blocks (in1 may be NULL: only block 0 is wanted). */
static void dtls__aes_encrypt2(const dtls_aes_ctx *ctx, uint8_t *out0, uint8_t *out1,
                               const uint8_t *in0, const uint8_t *in1)
{
    uint32_t q[8];
    unsigned r, nr = (unsigned)ctx->nr;
    int c;

    for (c = 0; c < 4; c++) {
        q[2 * c] = dtls__load32_le(in0 + 4 * c);
        q[2 * c + 1] = in1 ? dtls__load32_le(in1 + 4 * c) : 0;
    }
    dtls__aes_ortho(q);
    dtls__aes_add_round_key(q, ctx->rk);
    for (r = 1; r < nr; r++) {
        dtls__aes_sbox(q);
        dtls__aes_shift_rows(q);
        dtls__aes_mix_columns(q);
        dtls__aes_add_round_key(q, ctx->rk + 4 * r);
    }
    dtls__aes_sbox(q);
    dtls__aes_shift_rows(q);
    dtls__aes_add_round_key(q, ctx->rk + 4 * nr);
    dtls__aes_ortho(q);
    for (c = 0; c < 4; c++) {
        dtls__store32_le(out0 + 4 * c, q[2 * c]);
        if (out1)
            dtls__store32_le(out1 + 4 * c, q[2 * c + 1]);
    }
    dtls_wipe(q, sizeof q);
}

DTLS_API void dtls_aes_encrypt_blocks(const dtls_aes_ctx *ctx, uint8_t *out, const uint8_t *in,
                                      size_t nblocks)
{
    while (nblocks >= 2) {
        dtls__aes_encrypt2(ctx, out, out + 16, in, in + 16);
        out += 32;
        in += 32;
        nblocks -= 2;
    }
    if (nblocks)
        dtls__aes_encrypt2(ctx, out, NULL, in, NULL);
}

DTLS_API int dtls_aes_ecb(void *aes_ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    dtls_aes_encrypt_blocks((const dtls_aes_ctx *)aes_ctx, out, in, nblocks);
    return 0;
}

#undef DTLS__AES_SWAPMOVE
#undef DTLS__AES_ROTR

#endif /* DTLS_ENABLE_AES */
