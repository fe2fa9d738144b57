/* x86.c - AES-NI, PCLMULQDQ and SHA-NI hooks (see x86.h).
 *
 * References: FIPS 197 (AES, §5.2 key expansion), NIST SP 800-38D (GCM),
 * NIST SP 800-38C and RFC 3610 (CCM), FIPS 180-4 (SHA-256); Intel's
 * "Advanced Encryption Standard (AES) New Instructions Set" (key expansion
 * with AESKEYGENASSIST) and S. Gueron, M. Kounavis, "Intel Carry-Less
 * Multiplication Instruction and its Usage for Computing the GCM Mode" (rev.
 * 2.02, 2014: GHASH on byte-reflected operands, §4 the shift-and-reduce,
 * §5 aggregated reduction); Intel SHA Extensions (2013: the ABEF/CDGH state
 * layout of SHA256RNDS2). */
#include "../dtls.h"
#include "x86.h"

#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define DTLS__X86 1
#else
#define DTLS__X86 0
#endif

#if DTLS__X86

#include <cpuid.h>
#include <immintrin.h>

/* Functions that execute the instructions.  Only these touch __m128i values
 * (at the i686 baseline an SSE value may not cross a plain function). */
#define DTLS__X86_AES_FN __attribute__((target("aes,pclmul,sse4.1")))
#define DTLS__X86_SHA_FN __attribute__((target("sha,sse4.1")))
/* The helpers of the record loops: inlined, so that their operands stay in
 * registers (gcc otherwise passes the block arrays through memory). */
#define DTLS__X86_INLINE static inline __attribute__((always_inline))

unsigned dtls_x86_features(void)
{
    unsigned a, b, c, d, f = 0;

    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    /* CPUID.1: ECX bit 1 PCLMULQDQ, bit 19 SSE4.1, bit 25 AES; EDX bit 26 SSE2 */
    if ((d & (1u << 26)) == 0 || (c & (1u << 19)) == 0)
        return 0;
    if ((c & (1u << 25)) != 0 && (c & (1u << 1)) != 0)
        f |= DTLS_X86_AES;
    /* CPUID.(7,0): EBX bit 29 SHA */
    if (__get_cpuid_max(0, NULL) >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        if ((b & (1u << 29)) != 0)
            f |= DTLS_X86_SHA;
    }
    return f;
}

/* ---- AES ---- */

typedef struct dtls__x86_aes {
    __m128i rk[15];
    int nr; /* 10, 12 or 14 */
} dtls__x86_aes;

/* One FIPS 197 §5.2 word step for AES-128 done on four words at once:
 * w[4i+j] = w[4i-4+j] ^ ... ^ w[4i-4] ^ RotWord(SubWord(w[4i-1])) ^ Rcon. */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_exp128(__m128i k, __m128i assist)
{
    assist = _mm_shuffle_epi32(assist, 0xff); /* lane 3: RotWord(SubWord(w3)) ^ Rcon */
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    k = _mm_xor_si128(k, _mm_slli_si128(k, 4));
    return _mm_xor_si128(k, assist);
}

/* SubWord (lane 0) and RotWord(SubWord) (lane 1) of t: AESKEYGENASSIST on
 * lane 1, round constant 0 (the caller adds it). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_subword(uint32_t t)
{
    return _mm_aeskeygenassist_si128(_mm_slli_si128(_mm_cvtsi32_si128((int)t), 4), 0);
}

/* Expands a 16-, 24- or 32-byte key (the caller checked the length). */
DTLS__X86_AES_FN static void dtls__x86_aes_expand(dtls__x86_aes *a, const uint8_t *key, size_t len)
{
    if (len == 16) {
        __m128i *rk = a->rk;
        rk[0] = _mm_loadu_si128((const __m128i *)(const void *)key);
        /* the round constant is an immediate operand: one line per round */
        rk[1] = dtls__x86_exp128(rk[0], _mm_aeskeygenassist_si128(rk[0], 0x01));
        rk[2] = dtls__x86_exp128(rk[1], _mm_aeskeygenassist_si128(rk[1], 0x02));
        rk[3] = dtls__x86_exp128(rk[2], _mm_aeskeygenassist_si128(rk[2], 0x04));
        rk[4] = dtls__x86_exp128(rk[3], _mm_aeskeygenassist_si128(rk[3], 0x08));
        rk[5] = dtls__x86_exp128(rk[4], _mm_aeskeygenassist_si128(rk[4], 0x10));
        rk[6] = dtls__x86_exp128(rk[5], _mm_aeskeygenassist_si128(rk[5], 0x20));
        rk[7] = dtls__x86_exp128(rk[6], _mm_aeskeygenassist_si128(rk[6], 0x40));
        rk[8] = dtls__x86_exp128(rk[7], _mm_aeskeygenassist_si128(rk[7], 0x80));
        rk[9] = dtls__x86_exp128(rk[8], _mm_aeskeygenassist_si128(rk[8], 0x1b));
        rk[10] = dtls__x86_exp128(rk[9], _mm_aeskeygenassist_si128(rk[9], 0x36));
        a->nr = 10;
    } else {
        /* FIPS 197 §5.2 word by word (AES-192, AES-256); the branches
         * depend on the word index only. */
        uint32_t w[60], t, rcon = 1;
        size_t nk = len / 4, nw, i;
        a->nr = (int)nk + 6;
        nw = 4 * (nk + 7);
        memcpy(w, key, len); /* little-endian words: the lanes' layout */
        for (i = nk; i < nw; i++) {
            t = w[i - 1];
            if (i % nk == 0) {
                t = (uint32_t)_mm_extract_epi32(dtls__x86_subword(t), 1) ^ rcon;
                rcon = ((rcon << 1) ^ (0x11bu & (0u - (rcon >> 7)))) & 0xffu;
            } else if (nk == 8 && i % nk == 4) {
                t = (uint32_t)_mm_cvtsi128_si32(dtls__x86_subword(t));
            }
            w[i] = w[i - nk] ^ t;
        }
        memcpy(a->rk, w, 4 * nw);
        dtls_wipe(w, sizeof w);
    }
}

DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_aes_block(const dtls__x86_aes *a, __m128i x)
{
    int r;
    x = _mm_xor_si128(x, a->rk[0]);
    for (r = 1; r < a->nr; r++)
        x = _mm_aesenc_si128(x, a->rk[r]);
    return _mm_aesenclast_si128(x, a->rk[a->nr]);
}

/* Two independent blocks through the rounds together (CCM: the CBC-MAC
 * chain and the counter block of the same step). */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_aes_pair(const dtls__x86_aes *a, __m128i *x, __m128i *y)
{
    __m128i p = _mm_xor_si128(*x, a->rk[0]), q = _mm_xor_si128(*y, a->rk[0]);
    int r;
    for (r = 1; r < a->nr; r++) {
        p = _mm_aesenc_si128(p, a->rk[r]);
        q = _mm_aesenc_si128(q, a->rk[r]);
    }
    *x = _mm_aesenclast_si128(p, a->rk[a->nr]);
    *y = _mm_aesenclast_si128(q, a->rk[a->nr]);
}

/* Eight blocks in flight: AESENC's latency is several cycles, its
 * throughput one or two per cycle. */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_aes_8(const dtls__x86_aes *a, __m128i *b)
{
    __m128i k = a->rk[0];
    int r;
    b[0] = _mm_xor_si128(b[0], k); b[1] = _mm_xor_si128(b[1], k);
    b[2] = _mm_xor_si128(b[2], k); b[3] = _mm_xor_si128(b[3], k);
    b[4] = _mm_xor_si128(b[4], k); b[5] = _mm_xor_si128(b[5], k);
    b[6] = _mm_xor_si128(b[6], k); b[7] = _mm_xor_si128(b[7], k);
    for (r = 1; r < a->nr; r++) {
        k = a->rk[r];
        b[0] = _mm_aesenc_si128(b[0], k); b[1] = _mm_aesenc_si128(b[1], k);
        b[2] = _mm_aesenc_si128(b[2], k); b[3] = _mm_aesenc_si128(b[3], k);
        b[4] = _mm_aesenc_si128(b[4], k); b[5] = _mm_aesenc_si128(b[5], k);
        b[6] = _mm_aesenc_si128(b[6], k); b[7] = _mm_aesenc_si128(b[7], k);
    }
    k = a->rk[a->nr];
    b[0] = _mm_aesenclast_si128(b[0], k); b[1] = _mm_aesenclast_si128(b[1], k);
    b[2] = _mm_aesenclast_si128(b[2], k); b[3] = _mm_aesenclast_si128(b[3], k);
    b[4] = _mm_aesenclast_si128(b[4], k); b[5] = _mm_aesenclast_si128(b[5], k);
    b[6] = _mm_aesenclast_si128(b[6], k); b[7] = _mm_aesenclast_si128(b[7], k);
}

/* ---- GHASH (SP 800-38D §6.4) on byte-reversed blocks ---- */

/* Reverses the 16 bytes: GHASH's bit order becomes PCLMULQDQ's, and a
 * big-endian 32-bit counter in bytes 12..15 becomes lane 0. */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_rev(__m128i x)
{
    return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* The 256-bit carry-less product a*b, added into (*lo, *hi). */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_clmul(__m128i a, __m128i b, __m128i *lo, __m128i *hi)
{
    __m128i l = _mm_clmulepi64_si128(a, b, 0x00), h = _mm_clmulepi64_si128(a, b, 0x11);
    __m128i m = _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01), _mm_clmulepi64_si128(a, b, 0x10));
    *lo = _mm_xor_si128(*lo, _mm_xor_si128(l, _mm_slli_si128(m, 8)));
    *hi = _mm_xor_si128(*hi, _mm_xor_si128(h, _mm_srli_si128(m, 8)));
}

/* (hi:lo) mod x^128 + x^7 + x^2 + x + 1 in the reflected representation:
 * the product of reflected operands is the reflected product shifted right
 * by one bit, so shift the 256 bits left by one, then fold the low half
 * into the high half (Gueron-Kounavis §4, algorithm 5). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_reduce(__m128i lo, __m128i hi)
{
    __m128i cl = _mm_srli_epi32(lo, 31), ch = _mm_srli_epi32(hi, 31), a, b;

    lo = _mm_or_si128(_mm_slli_epi32(lo, 1), _mm_slli_si128(cl, 4));
    hi = _mm_or_si128(_mm_or_si128(_mm_slli_epi32(hi, 1), _mm_slli_si128(ch, 4)), _mm_srli_si128(cl, 12));
    /* first phase: multiples of x^127 + x^126 + x^121 from the low 32-bit words */
    a = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(lo, 31), _mm_slli_epi32(lo, 30)), _mm_slli_epi32(lo, 25));
    lo = _mm_xor_si128(lo, _mm_slli_si128(a, 12));
    /* second phase */
    b = _mm_xor_si128(_mm_xor_si128(_mm_srli_epi32(lo, 1), _mm_srli_epi32(lo, 2)), _mm_srli_epi32(lo, 7));
    b = _mm_xor_si128(b, _mm_srli_si128(a, 4));
    return _mm_xor_si128(hi, _mm_xor_si128(lo, b));
}

DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_gmul(__m128i a, __m128i b)
{
    __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128();
    dtls__x86_clmul(a, b, &lo, &hi);
    return dtls__x86_reduce(lo, hi);
}

/* y = (y ^ d[0]) H^8 ^ d[1] H^7 ^ ... ^ d[7] H: one reduction for eight
 * blocks (Gueron-Kounavis §5); hp[i] = H^(i+1). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_ghash8(__m128i y, const __m128i *hp, const __m128i *d)
{
    __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128();
    dtls__x86_clmul(_mm_xor_si128(y, d[0]), hp[7], &lo, &hi);
    dtls__x86_clmul(d[1], hp[6], &lo, &hi);
    dtls__x86_clmul(d[2], hp[5], &lo, &hi);
    dtls__x86_clmul(d[3], hp[4], &lo, &hi);
    dtls__x86_clmul(d[4], hp[3], &lo, &hi);
    dtls__x86_clmul(d[5], hp[2], &lo, &hi);
    dtls__x86_clmul(d[6], hp[1], &lo, &hi);
    dtls__x86_clmul(d[7], hp[0], &lo, &hi);
    return dtls__x86_reduce(lo, hi);
}

/* Loads n < 16 bytes, zero padded. */
DTLS__X86_AES_FN static inline __m128i dtls__x86_load_part(const uint8_t *p, size_t n)
{
    uint8_t b[16];
    __m128i x;
    memset(b, 0, sizeof b);
    if (n > 0)
        memcpy(b, p, n);
    x = _mm_loadu_si128((const __m128i *)(const void *)b);
    dtls_wipe(b, sizeof b);
    return x;
}

DTLS__X86_AES_FN static inline void dtls__x86_store_part(uint8_t *p, __m128i x, size_t n)
{
    uint8_t b[16];
    _mm_storeu_si128((__m128i *)(void *)b, x);
    memcpy(p, b, n);
    dtls_wipe(b, sizeof b);
}

#define DTLS__X86_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define DTLS__X86_STORE(p, x) _mm_storeu_si128((__m128i *)(void *)(p), (x))

/* GHASH over data, zero padded to a whole block. */
DTLS__X86_AES_FN static __m128i dtls__x86_ghash_bytes(__m128i y, const __m128i *hp, const uint8_t *p, size_t n)
{
    __m128i d[8];
    int j;
    for (; n >= 128; p += 128, n -= 128) {
        for (j = 0; j < 8; j++)
            d[j] = dtls__x86_rev(DTLS__X86_LOAD(p + 16 * j));
        y = dtls__x86_ghash8(y, hp, d);
    }
    for (; n >= 16; p += 16, n -= 16)
        y = dtls__x86_gmul(_mm_xor_si128(y, dtls__x86_rev(DTLS__X86_LOAD(p))), hp[0]);
    if (n > 0)
        y = dtls__x86_gmul(_mm_xor_si128(y, dtls__x86_rev(dtls__x86_load_part(p, n))), hp[0]);
    return y;
}

/* GCM with a 96-bit IV: encrypts or decrypts len bytes from in to out
 * (out == in allowed) and writes the full tag.  Lengths already checked. */
DTLS__X86_AES_FN static void dtls__x86_gcm(const dtls_crypto_key *key, int decrypt, uint8_t *out,
                                           const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
                                           const uint8_t *in, size_t len, uint8_t tag[16])
{
    dtls__x86_aes a;
    __m128i hp[8], b[8], d[8], y = _mm_setzero_si128(), ctr, j0, ej0, one = _mm_set_epi32(0, 0, 0, 1);
    uint8_t jb[16];
    size_t i = 0;
    int j;

    dtls__x86_aes_expand(&a, key->bytes, key->len);
    /* H = E(0) and its powers H^2..H^8 in a tree of depth 3 */
    /* J0 = IV || 0^31 || 1; the counter (lane 0 of the reversed block)
     * wraps modulo 2^32 as inc32 does (SP 800-38D §6.2) */
    memcpy(jb, nonce, 12);
    jb[12] = 0;
    jb[13] = 0;
    jb[14] = 0;
    jb[15] = 1;
    j0 = DTLS__X86_LOAD(jb);
    ctr = dtls__x86_rev(j0);
    hp[0] = _mm_setzero_si128();
    ej0 = j0;
    dtls__x86_aes_pair(&a, &hp[0], &ej0); /* H = E(0), and E(J0) for the tag */
    hp[0] = dtls__x86_rev(hp[0]);
    hp[1] = dtls__x86_gmul(hp[0], hp[0]);
    hp[2] = dtls__x86_gmul(hp[1], hp[0]);
    hp[3] = dtls__x86_gmul(hp[1], hp[1]);
    hp[4] = dtls__x86_gmul(hp[3], hp[0]);
    hp[5] = dtls__x86_gmul(hp[3], hp[1]);
    hp[6] = dtls__x86_gmul(hp[3], hp[2]);
    hp[7] = dtls__x86_gmul(hp[3], hp[3]);

    y = dtls__x86_ghash_bytes(y, hp, aad, aad_len);
    for (; i + 128 <= len; i += 128) {
        if ((_mm_cvtsi128_si32(ctr) & 0xff) <= 0xff - 8) {
            /* the counter's low byte (byte 15) does not wrap in these 8
             * blocks: add to it in place, one byte shuffle instead of 8
             * (the counter is public: the branch reveals nothing) */
            __m128i cb = dtls__x86_rev(ctr);
            for (j = 0; j < 8; j++)
                b[j] = _mm_add_epi32(cb, _mm_set_epi32((int)((unsigned)(j + 1) << 24), 0, 0, 0));
            ctr = _mm_add_epi32(ctr, _mm_set_epi32(0, 0, 0, 8));
        } else {
            for (j = 0; j < 8; j++) {
                ctr = _mm_add_epi32(ctr, one);
                b[j] = dtls__x86_rev(ctr);
            }
        }
        dtls__x86_aes_8(&a, b);
        for (j = 0; j < 8; j++) {
            __m128i x = DTLS__X86_LOAD(in + i + 16 * j), c = _mm_xor_si128(x, b[j]);
            d[j] = dtls__x86_rev(decrypt ? x : c); /* GHASH runs over the ciphertext */
            DTLS__X86_STORE(out + i + 16 * j, c);
        }
        y = dtls__x86_ghash8(y, hp, d);
    }
    for (; i < len; i += 16) {
        size_t n = len - i < 16 ? len - i : 16;
        __m128i x = n == 16 ? DTLS__X86_LOAD(in + i) : dtls__x86_load_part(in + i, n), c, ks;
        ctr = _mm_add_epi32(ctr, one);
        ks = dtls__x86_aes_block(&a, dtls__x86_rev(ctr));
        if (n < 16) { /* the key stream past the text is not used */
            uint8_t m[16];
            memset(m, 0, sizeof m);
            memset(m, 0xff, n);
            ks = _mm_and_si128(ks, DTLS__X86_LOAD(m));
        }
        c = _mm_xor_si128(x, ks);
        y = dtls__x86_gmul(_mm_xor_si128(y, dtls__x86_rev(decrypt ? x : c)), hp[0]);
        if (n == 16)
            DTLS__X86_STORE(out + i, c);
        else
            dtls__x86_store_part(out + i, c, n);
    }
    /* len(A) || len(C) in bits, reversed: lane 1 the AAD, lane 0 the text */
    y = _mm_xor_si128(y, _mm_set_epi64x((long long)((uint64_t)aad_len << 3), (long long)((uint64_t)len << 3)));
    y = dtls__x86_gmul(y, hp[0]);
    DTLS__X86_STORE(tag, _mm_xor_si128(ej0, dtls__x86_rev(y)));
    dtls_wipe(&a, sizeof a);
    dtls_wipe(hp, sizeof hp);
    dtls_wipe(b, sizeof b);
}

/* ---- CCM (RFC 3610 §2, SP 800-38C A.2) ---- */

/* CCM with an n-byte nonce (L = 15 - n) and an m-byte tag.  The CBC-MAC
 * chain is sequential; each step's counter block goes through the rounds
 * beside it.  Lengths already checked. */
DTLS__X86_AES_FN static void dtls__x86_ccm(const dtls_crypto_key *key, int decrypt, size_t m, uint8_t *out,
                                           const uint8_t *nonce, size_t n, const uint8_t *aad, size_t aad_len,
                                           const uint8_t *in, size_t len, uint8_t tag[16])
{
    dtls__x86_aes a;
    uint8_t blk[16];
    size_t l = 15 - n, i, k, fill;
    uint64_t v;
    __m128i x, s0, ctr, one = _mm_set_epi32(0, 0, 0, 1), pm = _mm_setzero_si128();
    int pending = 0;

    dtls__x86_aes_expand(&a, key->bytes, key->len);
    /* B_0: flags (Adata, M' = (M - 2) / 2, L' = L - 1), nonce, l(m) */
    blk[0] = (uint8_t)((aad_len > 0 ? 0x40 : 0) | (((m - 2) / 2) << 3) | (l - 1));
    memcpy(blk + 1, nonce, n);
    for (v = (uint64_t)len, k = 15; k > n; k--, v >>= 8)
        blk[k] = (uint8_t)v;
    x = DTLS__X86_LOAD(blk);
    /* A_0: flags L - 1, nonce, counter 0; the counter (at most 2^(8L) - 1,
     * checked) is lane 0 of the reversed block and never carries into the
     * nonce */
    blk[0] = (uint8_t)(l - 1);
    memset(blk + 1 + n, 0, l);
    s0 = DTLS__X86_LOAD(blk);
    ctr = dtls__x86_rev(s0);
    dtls__x86_aes_pair(&a, &x, &s0);

    if (aad_len > 0) {
        /* l(a) (RFC 3610 §2.2), then a, zero padded */
        if ((uint64_t)aad_len < 0xff00u) {
            blk[0] = (uint8_t)(aad_len >> 8);
            blk[1] = (uint8_t)aad_len;
            fill = 2;
        } else if (((uint64_t)aad_len >> 32) == 0) {
            blk[0] = 0xff;
            blk[1] = 0xfe;
            for (v = (uint64_t)aad_len, k = 6; k > 2; k--, v >>= 8)
                blk[k - 1] = (uint8_t)v;
            fill = 6;
        } else {
            blk[0] = 0xff;
            blk[1] = 0xff;
            for (v = (uint64_t)aad_len, k = 10; k > 2; k--, v >>= 8)
                blk[k - 1] = (uint8_t)v;
            fill = 10;
        }
        i = 0;
        while (i < aad_len) {
            size_t take = aad_len - i < 16 - fill ? aad_len - i : 16 - fill;
            memcpy(blk + fill, aad + i, take);
            fill += take;
            i += take;
            if (fill == 16 || i == aad_len) {
                memset(blk + fill, 0, 16 - fill);
                x = dtls__x86_aes_block(&a, _mm_xor_si128(x, DTLS__X86_LOAD(blk)));
                fill = 0;
            }
        }
    }

    for (i = 0; i < len; i += 16) {
        size_t r = len - i < 16 ? len - i : 16;
        __m128i t = r == 16 ? DTLS__X86_LOAD(in + i) : dtls__x86_load_part(in + i, r), ks, p;
        ctr = _mm_add_epi32(ctr, one);
        ks = dtls__x86_rev(ctr);
        if (!decrypt) {
            /* MAC over the plaintext block beside its key stream block */
            x = _mm_xor_si128(x, t);
            dtls__x86_aes_pair(&a, &x, &ks);
            p = _mm_xor_si128(t, ks);
        } else {
            /* the previous plaintext block's MAC step beside this key stream */
            if (pending) {
                x = _mm_xor_si128(x, pm);
                dtls__x86_aes_pair(&a, &x, &ks);
            } else {
                ks = dtls__x86_aes_block(&a, ks);
            }
            p = _mm_xor_si128(t, ks);
            if (r < 16) { /* the plaintext is MACed zero padded */
                memset(blk, 0, sizeof blk);
                memset(blk, 0xff, r);
                p = _mm_and_si128(p, DTLS__X86_LOAD(blk));
            }
            pm = p;
            pending = 1;
        }
        if (r == 16)
            DTLS__X86_STORE(out + i, p);
        else
            dtls__x86_store_part(out + i, p, r);
    }
    if (pending)
        x = dtls__x86_aes_block(&a, _mm_xor_si128(x, pm));
    DTLS__X86_STORE(blk, _mm_xor_si128(x, s0));
    memcpy(tag, blk, m);
    dtls_wipe(blk, sizeof blk);
    dtls_wipe(&a, sizeof a);
}

/* out[0..len) &= mask, 16 bytes at a time (open: zero the output of a
 * record whose tag did not match, without a branch on it). */
DTLS__X86_AES_FN static void dtls__x86_mask(uint8_t *out, size_t len, uint8_t mask)
{
    __m128i m = _mm_set1_epi8((char)mask);
    size_t i = 0;
    for (; i + 16 <= len; i += 16)
        DTLS__X86_STORE(out + i, _mm_and_si128(DTLS__X86_LOAD(out + i), m));
    for (; i < len; i++)
        out[i] &= mask;
}

/* ---- the hook entries ---- */

static int dtls__x86_key_ok(const dtls_crypto_key *key)
{
    switch (key->alg) {
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_AES_128_CCM_8:
        return key->len == 16;
    case DTLS_AEAD_AES_256_GCM:
        return key->len == 32;
    default:
        return 0;
    }
}

static int dtls__x86_aead_set_key(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    switch (alg) {
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_256_GCM:
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_AES_128_CCM_8:
        break;
    default:
        return DTLS_ERR_UNSUPPORTED; /* ChaCha20-Poly1305: software */
    }
    if (raw_len != dtls_crypto_aead_key_len(alg))
        return DTLS_ERR_BAD_KEY;
    memset(key, 0, sizeof *key);
    memcpy(key->bytes, raw, raw_len);
    key->len = (uint8_t)raw_len;
    key->alg = (uint8_t)alg;
    return 0;
}

/* Parameter checks of crypto/gcm.c and crypto/ccm.c, same answers. */
static int dtls__x86_check(int gcm, size_t tag_len, size_t nonce_len, size_t aad_len, size_t text_len)
{
    if (gcm) {
        if (nonce_len != 12)
            return DTLS_ERR_UNSUPPORTED;
#if SIZE_MAX > UINT64_C(0xFFFFFFFE0)
        if ((uint64_t)text_len > UINT64_C(0xFFFFFFFE0) || (uint64_t)aad_len > UINT64_C(0x1FFFFFFFFFFFFFFF))
            return DTLS_ERR_TOO_LONG;
#endif
    } else {
        size_t l = 15 - nonce_len;
        if (tag_len < 4 || tag_len > 16 || (tag_len & 1) != 0 || nonce_len < 7 || nonce_len > 13)
            return DTLS_ERR_UNSUPPORTED;
        if (l < 8 && ((uint64_t)text_len >> (8 * l)) != 0)
            return DTLS_ERR_TOO_LONG;
    }
    (void)aad_len;
    return 0;
}

/* Seal and open of both modes: the tag is compared with dtls_ct_equal and
 * the output masked with the result, never branched on (as crypto/gcm.c). */
static int dtls__x86_aead(const dtls_crypto_key *key, int open, uint8_t *out, const uint8_t *nonce,
                          size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    int gcm = key->alg == DTLS_AEAD_AES_128_GCM || key->alg == DTLS_AEAD_AES_256_GCM;
    size_t tag_len = dtls_crypto_aead_tag_len(key->alg), len = in_len;
    uint8_t tag[16], want[16], mask;
    uint32_t ok;
    int rc;

    if (!dtls__x86_key_ok(key))
        return DTLS_ERR_BAD_ARG;
    rc = dtls__x86_check(gcm, tag_len, nonce_len, aad_len, 0);
    if (rc != 0)
        return rc;
    if (open) {
        if (in_len < tag_len)
            return DTLS_ERR_AUTH;
        len = in_len - tag_len;
    }
    rc = dtls__x86_check(gcm, tag_len, nonce_len, aad_len, len);
    if (rc != 0)
        return rc;
    if (open)
        memcpy(want, in + len, tag_len);
    if (gcm)
        dtls__x86_gcm(key, open, out, nonce, aad, aad_len, in, len, tag);
    else
        dtls__x86_ccm(key, open, tag_len, out, nonce, nonce_len, aad, aad_len, in, len, tag);
    if (!open) {
        memcpy(out + len, tag, tag_len);
        dtls_wipe(tag, sizeof tag);
        return 0;
    }
    ok = (uint32_t)dtls_ct_equal(tag, want, tag_len);
    mask = (uint8_t)(0u - ok);
    dtls__x86_mask(out, len, mask);
    dtls_wipe(tag, sizeof tag);
    return (int)(1 - ok) * DTLS_ERR_AUTH;
}

static int dtls__x86_aead_seal(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len)
{
    (void)user;
    return dtls__x86_aead(key, 0, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

static int dtls__x86_aead_open(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                               size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                               size_t in_len)
{
    (void)user;
    return dtls__x86_aead(key, 1, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

/* The block entries (software GCM/CCM over them when the AEAD entries are
 * absent): the key handle holds the raw key; each block expands it. */
static int dtls__x86_aes_set_key(void *user, dtls_crypto_key *key, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    if (raw_len != 16 && raw_len != 24 && raw_len != 32)
        return DTLS_ERR_BAD_KEY;
    memcpy(key->bytes, raw, raw_len);
    key->len = (uint8_t)raw_len;
    return 0;
}

DTLS__X86_AES_FN static int dtls__x86_aes_encrypt(void *user, const dtls_crypto_key *key, uint8_t out[16],
                                                  const uint8_t in[16])
{
    dtls__x86_aes a;
    (void)user;
    if (key->len != 16 && key->len != 24 && key->len != 32)
        return DTLS_ERR_BAD_KEY;
    dtls__x86_aes_expand(&a, key->bytes, key->len);
    DTLS__X86_STORE(out, dtls__x86_aes_block(&a, DTLS__X86_LOAD(in)));
    dtls_wipe(&a, sizeof a);
    return 0;
}

/* ---- SHA-256 (FIPS 180-4 §6.2) with SHA256RNDS2 / SHA256MSG1 / SHA256MSG2 ---- */

static const uint32_t dtls__x86_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Compresses nblocks 64-byte blocks into h[0..8) (a, ..., h). */
DTLS__X86_SHA_FN static void dtls__x86_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abef, cdgh, t, w[4], msg, save0, save1;
    int i;

    /* (a,b,c,d), (e,f,g,h) -> the instruction's (a,b,e,f), (c,d,g,h),
     * highest word first */
    t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)h), 0xb1);     /* c d a b */
    cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)(h + 4)), 0x1b); /* e f g h */
    abef = _mm_alignr_epi8(t, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, t, 0xf0);

    for (; nblocks > 0; nblocks--, p += 64) {
        save0 = abef;
        save1 = cdgh;
        for (i = 0; i < 16; i++) {
            if (i < 4) {
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)), bswap);
            } else {
                /* W[t..t+3] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] */
                __m128i n = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                n = _mm_add_epi32(n, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                w[i & 3] = _mm_sha256msg2_epu32(n, w[(i + 3) & 3]);
            }
            msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)(const void *)(dtls__x86_sha256_k + 4 * i)));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0e));
        }
        abef = _mm_add_epi32(abef, save0);
        cdgh = _mm_add_epi32(cdgh, save1);
    }
    t = _mm_shuffle_epi32(abef, 0x1b);  /* f e b a */
    cdgh = _mm_shuffle_epi32(cdgh, 0xb1); /* d c h g */
    _mm_storeu_si128((__m128i *)(void *)h, _mm_blend_epi16(t, cdgh, 0xf0));
    _mm_storeu_si128((__m128i *)(void *)(h + 4), _mm_alignr_epi8(cdgh, t, 8));
}

/* The exported state in ctx->u.hook_state: h[8] (native words), the byte
 * count (uint64_t), the partial block. */
#define DTLS__X86_SHA_H 0
#define DTLS__X86_SHA_N 32
#define DTLS__X86_SHA_BUF 40

static int dtls__x86_hash_init(void *user, dtls_hash_ctx *ctx, int alg)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint64_t n = 0;
    (void)user;
    if (alg != DTLS_HASH_SHA256)
        return DTLS_ERR_UNSUPPORTED; /* SHA-384: software */
    memset(ctx->u.hook_state, 0, DTLS__X86_SHA_BUF + 64);
    memcpy(ctx->u.hook_state + DTLS__X86_SHA_H, iv, sizeof iv);
    memcpy(ctx->u.hook_state + DTLS__X86_SHA_N, &n, sizeof n);
    return 0;
}

static int dtls__x86_hash_update(void *user, dtls_hash_ctx *ctx, const uint8_t *data, size_t len)
{
    uint8_t *st = ctx->u.hook_state, *buf = st + DTLS__X86_SHA_BUF;
    uint32_t h[8];
    uint64_t n;
    size_t used, take;
    (void)user;
    if (ctx->alg != DTLS_HASH_SHA256)
        return DTLS_ERR_BAD_ARG;
    if (len == 0)
        return 0; /* data may be NULL */
    memcpy(h, st + DTLS__X86_SHA_H, sizeof h);
    memcpy(&n, st + DTLS__X86_SHA_N, sizeof n);
    used = (size_t)(n & 63);
    n += (uint64_t)len;
    if (used > 0) {
        take = len < 64 - used ? len : 64 - used;
        memcpy(buf + used, data, take);
        used += take;
        data += take;
        len -= take;
        if (used == 64)
            dtls__x86_sha256_blocks(h, buf, 1);
    }
    if (len >= 64) {
        dtls__x86_sha256_blocks(h, data, len / 64);
        data += len & ~(size_t)63;
        len &= 63;
    }
    if (len > 0)
        memcpy(buf, data, len);
    memcpy(st + DTLS__X86_SHA_H, h, sizeof h);
    memcpy(st + DTLS__X86_SHA_N, &n, sizeof n);
    dtls_wipe(h, sizeof h);
    return 0;
}

static int dtls__x86_hash_final(void *user, dtls_hash_ctx *ctx, uint8_t *out)
{
    uint8_t *st = ctx->u.hook_state, *buf = st + DTLS__X86_SHA_BUF;
    uint32_t h[8];
    uint64_t n;
    size_t used, i;
    (void)user;
    if (ctx->alg != DTLS_HASH_SHA256)
        return DTLS_ERR_BAD_ARG;
    memcpy(h, st + DTLS__X86_SHA_H, sizeof h);
    memcpy(&n, st + DTLS__X86_SHA_N, sizeof n);
    /* FIPS 180-4 §5.1.1: 0x80, zeros, the bit length big-endian */
    used = (size_t)(n & 63);
    buf[used++] = 0x80;
    if (used > 56) {
        memset(buf + used, 0, 64 - used);
        dtls__x86_sha256_blocks(h, buf, 1);
        used = 0;
    }
    memset(buf + used, 0, 56 - used);
    for (i = 0; i < 8; i++)
        buf[56 + i] = (uint8_t)((n << 3) >> (56 - 8 * i));
    dtls__x86_sha256_blocks(h, buf, 1);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(h[i] >> 8);
        out[4 * i + 3] = (uint8_t)h[i];
    }
    dtls_wipe(h, sizeof h);
    dtls_wipe(ctx->u.hook_state, DTLS__X86_SHA_BUF + 64);
    return 0;
}

int dtls_x86_hooks(struct dtls_crypto_hooks *hooks, unsigned want)
{
    unsigned f = dtls_x86_features() & want;

    if (f & DTLS_X86_AES) {
        hooks->aes_set_key = dtls__x86_aes_set_key;
        hooks->aes_encrypt = dtls__x86_aes_encrypt;
        hooks->aead_set_key = dtls__x86_aead_set_key;
        hooks->aead_seal = dtls__x86_aead_seal;
        hooks->aead_open = dtls__x86_aead_open;
    }
    if (f & DTLS_X86_SHA) {
        hooks->hash_init = dtls__x86_hash_init;
        hooks->hash_update = dtls__x86_hash_update;
        hooks->hash_final = dtls__x86_hash_final;
    }
    return (int)f;
}

#else /* not x86 with gcc or clang */

unsigned dtls_x86_features(void)
{
    return 0;
}

int dtls_x86_hooks(struct dtls_crypto_hooks *hooks, unsigned want)
{
    (void)hooks;
    (void)want;
    return DTLS_ERR_UNSUPPORTED;
}

#endif
