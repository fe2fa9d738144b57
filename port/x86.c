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

/* 1 when AVX2, VAES and VPCLMULQDQ run here: CPUID.1 ECX bit 27 OSXSAVE,
 * bit 28 AVX; XCR0 bits 1 and 2 (the OS saves XMM and YMM state);
 * CPUID.(7,0) EBX bit 5 AVX2, ECX bit 9 VAES, bit 10 VPCLMULQDQ. */
static int dtls__x86_has_vaes(void)
{
    unsigned a, b, c, d, lo, hi;

    if (!__get_cpuid(1, &a, &b, &c, &d) || (c & (1u << 27)) == 0 || (c & (1u << 28)) == 0)
        return 0;
    __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0u));
    (void)hi;
    if ((lo & 6u) != 6u || __get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 5)) != 0 && (c & (1u << 9)) != 0 && (c & (1u << 10)) != 0;
}

/* ---- AES ---- */

/* What a key expands to: the round keys and, for GCM, the GHASH key's
 * powers.  Only __m128i members (a type that may alias anything), so it may
 * live at a 16-byte-aligned place inside the caller's dtls_x86_slot. */
typedef struct dtls__x86_pre {
    __m128i rk[15]; /* FIPS 197 §5.2 round keys; 11, 13 or 15 used */
    __m128i hp[8];  /* GCM: hp[i] = P^(8-i), P the POLYVAL form of H (below): the order of
                     * 8 blocks' factors, so that two neighbours load as one 256-bit value */
    __m128i hk[8];  /* hp[i] with its halves exchanged and xored: Karatsuba's middle factor */
} dtls__x86_pre;

/* a slot holds one at its first 16-byte boundary */
typedef char dtls__x86_pre_fits[sizeof(dtls__x86_pre) + 15 <= DTLS_X86_SLOT_BYTES ? 1 : -1];

/* Rounds of a key of len bytes (16, 24, 32): FIPS 197 §5, Nr = Nk + 6. */
static int dtls__x86_nr(size_t len)
{
    return (int)(len / 4) + 6;
}

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
DTLS__X86_AES_FN static void dtls__x86_aes_expand(__m128i *rk, const uint8_t *key, size_t len)
{
    if (len == 16) {
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
    } else {
        /* FIPS 197 §5.2 word by word (AES-192, AES-256); the branches
         * depend on the word index only. */
        uint32_t w[60], t, rcon = 1;
        size_t nk = len / 4, nw, i;
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
        for (i = 0; 4 * i < nw; i++)
            rk[i] = _mm_loadu_si128((const __m128i *)(const void *)(w + 4 * i));
        dtls_wipe(w, sizeof w);
    }
}

DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_aes_block(const __m128i *rk, int nr, __m128i x)
{
    int r;
    x = _mm_xor_si128(x, rk[0]);
    for (r = 1; r < nr; r++)
        x = _mm_aesenc_si128(x, rk[r]);
    return _mm_aesenclast_si128(x, rk[nr]);
}

/* Two independent blocks through the rounds together (CCM: the CBC-MAC
 * chain and the counter block of the same step). */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_aes_pair(const __m128i *rk, int nr, __m128i *x, __m128i *y)
{
    __m128i p = _mm_xor_si128(*x, rk[0]), q = _mm_xor_si128(*y, rk[0]);
    int r;
    for (r = 1; r < nr; r++) {
        p = _mm_aesenc_si128(p, rk[r]);
        q = _mm_aesenc_si128(q, rk[r]);
    }
    *x = _mm_aesenclast_si128(p, rk[nr]);
    *y = _mm_aesenclast_si128(q, rk[nr]);
}

/* CCM's step: the CBC-MAC block x = E(x ^ m) beside the counter block y.
 * m ^ rk[0] is formed off the chain, leaving one XOR, not two, between
 * the chain's AES rounds (the chain's latency is CCM's cost). */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_mac_pair(const __m128i *rk, int nr, __m128i *x, __m128i m, __m128i *y)
{
    __m128i p = _mm_xor_si128(*x, _mm_xor_si128(m, rk[0])), q = _mm_xor_si128(*y, rk[0]);
    int r;
    for (r = 1; r < nr; r++) {
        p = _mm_aesenc_si128(p, rk[r]);
        q = _mm_aesenc_si128(q, rk[r]);
    }
    *x = _mm_aesenclast_si128(p, rk[nr]);
    *y = _mm_aesenclast_si128(q, rk[nr]);
}

/* Eight blocks in flight: AESENC's latency is several cycles, its
 * throughput one or two per cycle. */
#define DTLS__X86_ENC8(b, k)                                                                   \
    do {                                                                                       \
        b[0] = _mm_aesenc_si128(b[0], k); b[1] = _mm_aesenc_si128(b[1], k);                    \
        b[2] = _mm_aesenc_si128(b[2], k); b[3] = _mm_aesenc_si128(b[3], k);                    \
        b[4] = _mm_aesenc_si128(b[4], k); b[5] = _mm_aesenc_si128(b[5], k);                    \
        b[6] = _mm_aesenc_si128(b[6], k); b[7] = _mm_aesenc_si128(b[7], k);                    \
    } while (0)

DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_aes_8(const __m128i *rk, int nr, __m128i *b)
{
    __m128i k = rk[0];
    int r;
    b[0] = _mm_xor_si128(b[0], k); b[1] = _mm_xor_si128(b[1], k);
    b[2] = _mm_xor_si128(b[2], k); b[3] = _mm_xor_si128(b[3], k);
    b[4] = _mm_xor_si128(b[4], k); b[5] = _mm_xor_si128(b[5], k);
    b[6] = _mm_xor_si128(b[6], k); b[7] = _mm_xor_si128(b[7], k);
    for (r = 1; r < nr; r++)
        DTLS__X86_ENC8(b, rk[r]);
    k = rk[nr];
    b[0] = _mm_aesenclast_si128(b[0], k); b[1] = _mm_aesenclast_si128(b[1], k);
    b[2] = _mm_aesenclast_si128(b[2], k); b[3] = _mm_aesenclast_si128(b[3], k);
    b[4] = _mm_aesenclast_si128(b[4], k); b[5] = _mm_aesenclast_si128(b[5], k);
    b[6] = _mm_aesenclast_si128(b[6], k); b[7] = _mm_aesenclast_si128(b[7], k);
}

/* ---- GHASH (SP 800-38D §6.4) as POLYVAL (RFC 8452 Appendix A) ----
 *
 * GHASH(H, X1..Xn) = rev(POLYVAL(mulX(rev(H)), rev(X1), ..., rev(Xn))),
 * rev reversing the 16 bytes.  POLYVAL's product dot(a, b) = a b x^-128
 * mod x^128 + x^127 + x^126 + x^121 + 1 is PCLMULQDQ's product of the
 * operands as they are, then a Montgomery reduction of two more PCLMULQDQ
 * (Gueron, "AES-GCM-SIV implementations", the 0xc2 reduction): no bit
 * shifts of the 256-bit product as GHASH's reflected order needs. */

#define DTLS__X86_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define DTLS__X86_STORE(p, x) _mm_storeu_si128((__m128i *)(void *)(p), (x))

/* Reverses the 16 bytes: GHASH's blocks become POLYVAL's, and a big-endian
 * 32-bit counter in bytes 12..15 becomes lane 0. */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_rev(__m128i x)
{
    return _mm_shuffle_epi8(x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* x^127 + x^126 + x^121 + 1: the high lane's 0xc2 byte is the reduction factor. */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_poly(void)
{
    return _mm_set_epi32((int)0xc2000000u, 0, 0, 1);
}

/* x h: Karatsuba, the three partial products added into lo, mid, hi
 * (hk: h's halves xored, in the low lane). */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_kmul(__m128i x, __m128i h, __m128i hk, __m128i *lo, __m128i *mid,
                                                      __m128i *hi)
{
    *lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(x, h, 0x00));
    *hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(x, h, 0x11));
    *mid = _mm_xor_si128(*mid, _mm_clmulepi64_si128(_mm_xor_si128(x, _mm_shuffle_epi32(x, 0x4e)), hk, 0x00));
}

/* The 256-bit sum of Karatsuba products times x^-128 mod the polynomial:
 * the middle term into place, then twice: the low 64 bits times the
 * polynomial's x^127 + x^126 + x^121 part added, the 128 bits turned by
 * 64 (the division by x^64). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_reduce(__m128i lo, __m128i mid, __m128i hi)
{
    __m128i p = dtls__x86_poly(), t;
    mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
    lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
    hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
    t = _mm_clmulepi64_si128(lo, p, 0x10);
    lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
    t = _mm_clmulepi64_si128(lo, p, 0x10);
    lo = _mm_xor_si128(_mm_shuffle_epi32(lo, 0x4e), t);
    return _mm_xor_si128(hi, lo);
}

DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_hk(__m128i h)
{
    return _mm_xor_si128(h, _mm_shuffle_epi32(h, 0x4e));
}

/* POLYVAL's dot(a, b). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_dot(__m128i a, __m128i b)
{
    __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
    dtls__x86_kmul(a, b, dtls__x86_hk(b), &lo, &mid, &hi);
    return dtls__x86_reduce(lo, mid, hi);
}

/* y = dot-chain of y ^ d[0], d[1], ..., d[n-1] (1 <= n <= 8): the
 * products by P^n .. P^1 summed, one reduction (Gueron-Kounavis §5,
 * aggregated reduction). */
DTLS__X86_AES_FN DTLS__X86_INLINE __m128i dtls__x86_ghash_n(__m128i y, const dtls__x86_pre *k, const __m128i *d, size_t n)
{
    __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
    size_t j;
    dtls__x86_kmul(_mm_xor_si128(y, d[0]), k->hp[8 - n], k->hk[8 - n], &lo, &mid, &hi);
    for (j = 1; j < n; j++)
        dtls__x86_kmul(d[j], k->hp[8 - n + j], k->hk[8 - n + j], &lo, &mid, &hi);
    return dtls__x86_reduce(lo, mid, hi);
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

/* The first n (0..16) bytes 0xff, the rest 0: a load from 16 - n. */
static const uint8_t dtls__x86_ones[32] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* GHASH over data, zero padded to a whole block, 8 blocks per reduction. */
DTLS__X86_AES_FN static __m128i dtls__x86_ghash_bytes(__m128i y, const dtls__x86_pre *k, const uint8_t *p, size_t n)
{
    __m128i d[8];
    size_t j, nb;
    while (n > 0) {
        nb = n >= 128 ? 8 : (n + 15) / 16;
        for (j = 0; j < nb; j++, p += 16, n -= 16) {
            if (n < 16) {
                d[j] = dtls__x86_rev(dtls__x86_load_part(p, n));
                n = 16; /* the loop's step ends it at 0 */
            } else {
                d[j] = dtls__x86_rev(DTLS__X86_LOAD(p));
            }
        }
        y = dtls__x86_ghash_n(y, k, d, nb);
    }
    return y;
}

/* Fills k from a key of len bytes: the round keys, and for GCM the powers
 * of P = mulX(rev(E(0))) by dot products (a tree of depth 3). */
DTLS__X86_AES_FN static void dtls__x86_pre_fill(dtls__x86_pre *k, const uint8_t *key, size_t len, int gcm)
{
    __m128i h, c, m, p[9];
    int i;

    dtls__x86_aes_expand(k->rk, key, len);
    if (!gcm)
        return;
    h = dtls__x86_rev(dtls__x86_aes_block(k->rk, dtls__x86_nr(len), _mm_setzero_si128()));
    /* mulX (RFC 8452 Appendix A): shift the 128 bits left by one and add
     * the polynomial when bit 127 fell out, selected by a mask */
    c = _mm_srli_epi64(h, 63);
    m = _mm_sub_epi32(_mm_setzero_si128(), _mm_shuffle_epi32(c, 0xaa));
    h = _mm_or_si128(_mm_slli_epi64(h, 1), _mm_slli_si128(c, 8));
    p[1] = _mm_xor_si128(h, _mm_and_si128(m, dtls__x86_poly()));
    p[2] = dtls__x86_dot(p[1], p[1]);
    p[3] = dtls__x86_dot(p[2], p[1]);
    p[4] = dtls__x86_dot(p[2], p[2]);
    p[5] = dtls__x86_dot(p[4], p[1]);
    p[6] = dtls__x86_dot(p[4], p[2]);
    p[7] = dtls__x86_dot(p[4], p[3]);
    p[8] = dtls__x86_dot(p[4], p[4]);
    for (i = 0; i < 8; i++)
        k->hp[i] = p[8 - i];
    dtls_wipe(p, sizeof p);
    for (i = 0; i < 8; i++)
        k->hk[i] = dtls__x86_hk(k->hp[i]);
}

/* Counter blocks: 8 blocks from ctr + 1 (ctr: the reversed counter block,
 * the 32-bit counter in lane 0, wrapping modulo 2^32 as inc32 does, SP
 * 800-38D §6.2); ctr advances by 8. */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_ctr8(__m128i *ctr, __m128i *b)
{
    int j;
    if ((_mm_cvtsi128_si32(*ctr) & 0xff) <= 0xff - 8) {
        /* the counter's low byte (byte 15) does not wrap in these 8
         * blocks: add to it in place, one byte shuffle instead of 8 (the
         * counter is public: the branch reveals nothing) */
        __m128i cb = dtls__x86_rev(*ctr);
        for (j = 0; j < 8; j++)
            b[j] = _mm_add_epi32(cb, _mm_set_epi32((int)((unsigned)(j + 1) << 24), 0, 0, 0));
        *ctr = _mm_add_epi32(*ctr, _mm_set_epi32(0, 0, 0, 8));
    } else {
        for (j = 0; j < 8; j++) {
            *ctr = _mm_add_epi32(*ctr, _mm_set_epi32(0, 0, 0, 1));
            b[j] = dtls__x86_rev(*ctr);
        }
    }
}

/* ---- the same with VAES and VPCLMULQDQ on 256-bit registers ----
 *
 * Two blocks per register: half the AESENC and PCLMULQDQ instructions of
 * the loop above, for the whole 8-block groups of a record (the AAD, the
 * last partial group and the tag stay with the code above).  Chosen at
 * install time when CPUID and XGETBV say the processor and the operating
 * system run AVX2, VAES and VPCLMULQDQ.  The same operations in the same
 * order as the 128-bit loop: no branch or index on data.  (valgrind runs no
 * VAES and its CPUID reports none: tests/ct runs the 128-bit loop; this one
 * is the same code two blocks wide.) */

#define DTLS__X86_VAES_FN __attribute__((target("aes,pclmul,sse4.1,avx2,vaes,vpclmulqdq")))

#define DTLS__X86_ENC4(v, k)                                                                    \
    do {                                                                                        \
        v[0] = _mm256_aesenc_epi128(v[0], k); v[1] = _mm256_aesenc_epi128(v[1], k);             \
        v[2] = _mm256_aesenc_epi128(v[2], k); v[3] = _mm256_aesenc_epi128(v[3], k);             \
    } while (0)

DTLS__X86_VAES_FN DTLS__X86_INLINE void dtls__x86_kmul2(__m256i x, __m256i h, __m256i hk, __m256i *lo, __m256i *mid,
                                                        __m256i *hi)
{
    *lo = _mm256_xor_si256(*lo, _mm256_clmulepi64_epi128(x, h, 0x00));
    *hi = _mm256_xor_si256(*hi, _mm256_clmulepi64_epi128(x, h, 0x11));
    *mid = _mm256_xor_si256(*mid, _mm256_clmulepi64_epi128(_mm256_xor_si256(x, _mm256_shuffle_epi32(x, 0x4e)), hk, 0x00));
}

/* The two lanes added, then reduced as dtls__x86_reduce. */
DTLS__X86_VAES_FN DTLS__X86_INLINE __m128i dtls__x86_reduce2(__m256i lo, __m256i mid, __m256i hi)
{
    return dtls__x86_reduce(_mm_xor_si128(_mm256_castsi256_si128(lo), _mm256_extracti128_si256(lo, 1)),
                            _mm_xor_si128(_mm256_castsi256_si128(mid), _mm256_extracti128_si256(mid, 1)),
                            _mm_xor_si128(_mm256_castsi256_si128(hi), _mm256_extracti128_si256(hi, 1)));
}

/* The GHASH of one 8-block group d (y added to its first block). */
DTLS__X86_VAES_FN DTLS__X86_INLINE __m128i dtls__x86_ghash8_2(__m128i y, const dtls__x86_pre *k, const __m256i *d)
{
    __m256i lo = _mm256_setzero_si256(), mid = lo, hi = lo;
    int q;
    dtls__x86_kmul2(_mm256_xor_si256(d[0], _mm256_inserti128_si256(_mm256_setzero_si256(), y, 0)),
                    _mm256_loadu_si256((const __m256i *)(const void *)&k->hp[0]),
                    _mm256_loadu_si256((const __m256i *)(const void *)&k->hk[0]), &lo, &mid, &hi);
    for (q = 1; q < 4; q++)
        dtls__x86_kmul2(d[q], _mm256_loadu_si256((const __m256i *)(const void *)&k->hp[2 * q]),
                        _mm256_loadu_si256((const __m256i *)(const void *)&k->hk[2 * q]), &lo, &mid, &hi);
    return dtls__x86_reduce2(lo, mid, hi);
}

/* Counter blocks 1..8 after *ctr, two per register; *ctr advances by 8. */
DTLS__X86_VAES_FN DTLS__X86_INLINE void dtls__x86_ctr8_2(__m128i *ctr, __m256i *v)
{
    __m128i b[8];
    int q;
    if ((_mm_cvtsi128_si32(*ctr) & 0xff) <= 0xff - 8) {
        /* as dtls__x86_ctr8: the low byte does not wrap */
        __m256i cb = _mm256_broadcastsi128_si256(dtls__x86_rev(*ctr));
        for (q = 0; q < 4; q++)
            v[q] = _mm256_add_epi32(cb, _mm256_set_epi32((int)((unsigned)(2 * q + 2) << 24), 0, 0, 0,
                                                         (int)((unsigned)(2 * q + 1) << 24), 0, 0, 0));
        *ctr = _mm_add_epi32(*ctr, _mm_set_epi32(0, 0, 0, 8));
    } else {
        dtls__x86_ctr8(ctr, b);
        for (q = 0; q < 4; q++)
            v[q] = _mm256_inserti128_si256(_mm256_castsi128_si256(b[2 * q]), b[2 * q + 1], 1);
    }
}

#define DTLS__X86_LOAD2(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define DTLS__X86_STORE2(p, x) _mm256_storeu_si256((__m256i *)(void *)(p), (x))

/* ngroups (>= 1) groups of 8 blocks from in to out: *y and *ctr as the
 * 128-bit loop leaves them. */
DTLS__X86_VAES_FN DTLS__X86_INLINE void dtls__x86_bulk2_core(const dtls__x86_pre *k, int nr, const int decrypt,
                                                             uint8_t *out, const uint8_t *in, size_t ngroups,
                                                             __m128i *y, __m128i *ctr)
{
    const __m128i *rk = k->rk;
    const __m256i rev = _mm256_broadcastsi128_si256(
        _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    __m256i v[4], d[4], lo, mid, hi, kr;
    size_t g;
    int q, r;

    for (g = 0; g < ngroups; g++, in += 128, out += 128) {
        dtls__x86_ctr8_2(ctr, v);
        kr = _mm256_broadcastsi128_si256(rk[0]);
        for (q = 0; q < 4; q++)
            v[q] = _mm256_xor_si256(v[q], kr);
        if (g == 0) {
            for (r = 1; r < nr; r++)
                DTLS__X86_ENC4(v, _mm256_broadcastsi128_si256(rk[r]));
        } else {
            /* AES of this group beside the GHASH of the previous one */
            lo = _mm256_setzero_si256();
            mid = lo;
            hi = lo;
            for (r = 1; r < nr; r++) {
                DTLS__X86_ENC4(v, _mm256_broadcastsi128_si256(rk[r]));
                if (r <= 4) {
                    __m256i x = d[r - 1];
                    if (r == 1)
                        x = _mm256_xor_si256(x, _mm256_inserti128_si256(_mm256_setzero_si256(), *y, 0));
                    dtls__x86_kmul2(x, _mm256_loadu_si256((const __m256i *)(const void *)&k->hp[2 * r - 2]),
                                    _mm256_loadu_si256((const __m256i *)(const void *)&k->hk[2 * r - 2]), &lo, &mid,
                                    &hi);
                }
            }
            *y = dtls__x86_reduce2(lo, mid, hi);
        }
        kr = _mm256_broadcastsi128_si256(rk[nr]);
        for (q = 0; q < 4; q++) {
            __m256i x = DTLS__X86_LOAD2(in + 32 * q), c = _mm256_xor_si256(x, _mm256_aesenclast_epi128(v[q], kr));
            d[q] = _mm256_shuffle_epi8(decrypt ? x : c, rev); /* GHASH runs over the ciphertext */
            DTLS__X86_STORE2(out + 32 * q, c);
        }
    }
    *y = dtls__x86_ghash8_2(*y, k, d);
}

DTLS__X86_VAES_FN static void dtls__x86_bulk2(const dtls__x86_pre *k, int nr, int decrypt, uint8_t *out,
                                              const uint8_t *in, size_t ngroups, __m128i *y, __m128i *ctr)
{
    if (decrypt)
        dtls__x86_bulk2_core(k, nr, 1, out, in, ngroups, y, ctr);
    else
        dtls__x86_bulk2_core(k, nr, 0, out, in, ngroups, y, ctr);
}

/* One Karatsuba step of the previous 8 blocks' GHASH beside one AES round
 * of the current 8 (the two use different execution ports). */
#define DTLS__X86_STITCH(r, j, x)                                                             \
    do {                                                                                      \
        DTLS__X86_ENC8(b, rk[r]);                                                             \
        dtls__x86_kmul((x), k->hp[j], k->hk[j], &lo, &mid, &hi);                  \
    } while (0)

/* GCM with a 96-bit IV and nr rounds (a constant at each call: the rounds
 * unroll): encrypts (decrypt 0) or decrypts len bytes from in to out
 * (out == in allowed) and writes the full tag.  Lengths already checked. */
DTLS__X86_AES_FN DTLS__X86_INLINE void dtls__x86_gcm_core(const dtls__x86_pre *k, const int nr, const int decrypt,
                                                          int vaes, uint8_t *out, const uint8_t *nonce, const uint8_t *aad,
                                                          size_t aad_len, const uint8_t *in, size_t len,
                                                          uint8_t tag[16])
{
    const __m128i *rk = k->rk;
    __m128i b[8], d[8], y = _mm_setzero_si128(), ctr, ej0, lo, mid, hi;
    uint8_t jb[16];
    size_t i = 0, j, nb;
    int r;

    /* J0 = IV || 0^31 || 1 */
    memcpy(jb, nonce, 12);
    jb[12] = 0;
    jb[13] = 0;
    jb[14] = 0;
    jb[15] = 1;
    ej0 = DTLS__X86_LOAD(jb);
    ctr = dtls__x86_rev(ej0);
    ej0 = dtls__x86_aes_block(rk, nr, ej0); /* E(J0) masks the tag */

    y = dtls__x86_ghash_bytes(y, k, aad, aad_len);
    if (vaes && len >= 128) {
        dtls__x86_bulk2(k, nr, decrypt, out, in, len / 128, &y, &ctr);
        i = len & ~(size_t)127;
    } else if (len >= 128) {
        dtls__x86_ctr8(&ctr, b);
        dtls__x86_aes_8(rk, nr, b);
        for (j = 0; j < 8; j++) {
            __m128i x = DTLS__X86_LOAD(in + 16 * j), c = _mm_xor_si128(x, b[j]);
            d[j] = dtls__x86_rev(decrypt ? x : c); /* GHASH runs over the ciphertext */
            DTLS__X86_STORE(out + 16 * j, c);
        }
        for (i = 128; i + 128 <= len; i += 128) {
            /* AES of these 8 blocks with GHASH of the previous 8 */
            dtls__x86_ctr8(&ctr, b);
            lo = _mm_setzero_si128();
            mid = lo;
            hi = lo;
            for (j = 0; j < 8; j++)
                b[j] = _mm_xor_si128(b[j], rk[0]);
            DTLS__X86_STITCH(1, 0, _mm_xor_si128(y, d[0]));
            DTLS__X86_STITCH(2, 1, d[1]);
            DTLS__X86_STITCH(3, 2, d[2]);
            DTLS__X86_STITCH(4, 3, d[3]);
            DTLS__X86_STITCH(5, 4, d[4]);
            DTLS__X86_STITCH(6, 5, d[5]);
            DTLS__X86_STITCH(7, 6, d[6]);
            DTLS__X86_STITCH(8, 7, d[7]);
            for (r = 9; r < nr; r++)
                DTLS__X86_ENC8(b, rk[r]);
            y = dtls__x86_reduce(lo, mid, hi);
            for (j = 0; j < 8; j++) {
                __m128i x = DTLS__X86_LOAD(in + i + 16 * j), c = _mm_xor_si128(x, _mm_aesenclast_si128(b[j], rk[nr]));
                d[j] = dtls__x86_rev(decrypt ? x : c);
                DTLS__X86_STORE(out + i + 16 * j, c);
            }
        }
        y = dtls__x86_ghash_n(y, k, d, 8);
    }
    if (i < len) {
        /* the last 1..127 bytes: up to 8 blocks, the last one partial */
        size_t rest = len - i;
        nb = (rest + 15) / 16;
        dtls__x86_ctr8(&ctr, b);
        dtls__x86_aes_8(rk, nr, b);
        for (j = 0; j < nb; j++) {
            size_t n = rest - 16 * j < 16 ? rest - 16 * j : 16;
            __m128i x, c;
            if (n == 16) {
                x = DTLS__X86_LOAD(in + i + 16 * j);
                c = _mm_xor_si128(x, b[j]);
                DTLS__X86_STORE(out + i + 16 * j, c);
            } else {
                /* the key stream past the text is not used: the
                 * ciphertext block is hashed zero padded */
                x = dtls__x86_load_part(in + i + 16 * j, n);
                c = _mm_xor_si128(x, _mm_and_si128(b[j], DTLS__X86_LOAD(dtls__x86_ones + 16 - n)));
                dtls__x86_store_part(out + i + 16 * j, c, n);
            }
            d[j] = dtls__x86_rev(decrypt ? x : c);
        }
        y = dtls__x86_ghash_n(y, k, d, nb);
    }
    /* len(A) || len(C) in bits, reversed: lane 1 the AAD, lane 0 the text */
    y = _mm_xor_si128(y, _mm_set_epi64x((long long)((uint64_t)aad_len << 3), (long long)((uint64_t)len << 3)));
    y = dtls__x86_dot(y, k->hp[7]);
    DTLS__X86_STORE(tag, _mm_xor_si128(ej0, dtls__x86_rev(y)));
}

DTLS__X86_AES_FN static void dtls__x86_gcm(const dtls__x86_pre *k, size_t key_len, int decrypt, int vaes, uint8_t *out,
                                           const uint8_t *nonce, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                                           size_t len, uint8_t tag[16])
{
    /* one copy per (rounds, direction): constant arguments to the core */
    if (key_len == 16) {
        if (decrypt)
            dtls__x86_gcm_core(k, 10, 1, vaes, out, nonce, aad, aad_len, in, len, tag);
        else
            dtls__x86_gcm_core(k, 10, 0, vaes, out, nonce, aad, aad_len, in, len, tag);
    } else {
        if (decrypt)
            dtls__x86_gcm_core(k, 14, 1, vaes, out, nonce, aad, aad_len, in, len, tag);
        else
            dtls__x86_gcm_core(k, 14, 0, vaes, out, nonce, aad, aad_len, in, len, tag);
    }
}

/* ---- CCM (RFC 3610 §2, SP 800-38C A.2) ---- */

/* CCM with an n-byte nonce (L = 15 - n) and an m-byte tag.  The CBC-MAC
 * chain is sequential; each step's counter block goes through the rounds
 * beside it.  Lengths already checked. */
DTLS__X86_AES_FN static void dtls__x86_ccm(const __m128i *rk, int nr, int decrypt, size_t m, uint8_t *out,
                                           const uint8_t *nonce, size_t n, const uint8_t *aad, size_t aad_len,
                                           const uint8_t *in, size_t len, uint8_t tag[16])
{
    uint8_t blk[16];
    size_t l = 15 - n, i, k, fill;
    uint64_t v;
    __m128i x, s0, ctr, one = _mm_set_epi32(0, 0, 0, 1), pm = _mm_setzero_si128();
    int pending = 0;

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
    dtls__x86_aes_pair(rk, nr, &x, &s0);

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
                x = dtls__x86_aes_block(rk, nr, _mm_xor_si128(x, DTLS__X86_LOAD(blk)));
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
            dtls__x86_mac_pair(rk, nr, &x, t, &ks);
            p = _mm_xor_si128(t, ks);
        } else {
            /* the previous plaintext block's MAC step beside this key stream */
            if (pending) {
                dtls__x86_mac_pair(rk, nr, &x, pm, &ks);
            } else {
                ks = dtls__x86_aes_block(rk, nr, ks);
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
        x = dtls__x86_aes_block(rk, nr, _mm_xor_si128(x, pm));
    DTLS__X86_STORE(blk, _mm_xor_si128(x, s0));
    memcpy(tag, blk, m);
    dtls_wipe(blk, sizeof blk);
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

/* ---- the key cache (dtls_x86_cache, x86.h) ----
 *
 * A key handle of an AES-128 AEAD set through a cached table holds, after
 * the raw key (bytes 0..15), the key's number (bytes 16..23, 0: none) and
 * its slot index (bytes 24..27).  The slot serves the key while it still
 * holds that number; a later key may take the slot, and the key is then
 * expanded on the stack again for each record.  Numbers and indexes are
 * public: the branch between the two paths reveals nothing of the key. */

#define DTLS__X86_ID 16
#define DTLS__X86_IDX 24

/* The slot's precomputation, at the first 16-byte boundary of its bytes. */
static dtls__x86_pre *dtls__x86_slot_pre(dtls_x86_slot *s)
{
    uintptr_t a = (uintptr_t)(void *)s->pre;
    return (dtls__x86_pre *)(void *)(s->pre + ((16u - (unsigned)(a & 15u)) & 15u));
}

/* The cached precomputation of key, or NULL. */
static const dtls__x86_pre *dtls__x86_cached(const dtls_x86_cache *c, const dtls_crypto_key *key)
{
    uint64_t id;
    uint32_t idx;
    if (c == NULL || c->slots == NULL || key->len != 16)
        return NULL;
    memcpy(&id, key->bytes + DTLS__X86_ID, sizeof id);
    memcpy(&idx, key->bytes + DTLS__X86_IDX, sizeof idx);
    if (id == 0 || idx >= c->n_slots || c->slots[idx].key_id != id)
        return NULL;
    return dtls__x86_slot_pre(&c->slots[idx]);
}

/* ---- the hook entries ---- */

static int dtls__x86_is_gcm(int alg)
{
    return alg == DTLS_AEAD_AES_128_GCM || alg == DTLS_AEAD_AES_256_GCM;
}

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

/* The handle as software keeps it (raw key, length, algorithm); with a
 * cache, an AES-128 key also expanded into the next slot in turn. */
DTLS__X86_AES_FN static int dtls__x86_set_key(dtls_x86_cache *c, dtls_crypto_key *key, int alg, const uint8_t *raw,
                                              size_t raw_len)
{
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
    if (c != NULL && c->slots != NULL && c->n_slots > 0 && c->n_slots <= UINT32_MAX && raw_len == 16) {
        uint32_t idx = (uint32_t)(c->next < c->n_slots ? c->next : 0);
        dtls_x86_slot *s = &c->slots[idx];
        uint64_t id = ++c->keys;
        c->next = (size_t)idx + 1;
        s->key_id = 0; /* not this key's nor the previous one's while it changes */
        dtls__x86_pre_fill(dtls__x86_slot_pre(s), raw, raw_len, dtls__x86_is_gcm(alg));
        s->key_id = id;
        memcpy(key->bytes + DTLS__X86_ID, &id, sizeof id);
        memcpy(key->bytes + DTLS__X86_IDX, &idx, sizeof idx);
    }
    return 0;
}

static int dtls__x86_aead_set_key(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    return dtls__x86_set_key(NULL, key, alg, raw, raw_len);
}

static int dtls__x86_aead_set_key_c(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len)
{
    return dtls__x86_set_key((dtls_x86_cache *)user, key, alg, raw, raw_len);
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
 * the output masked with the result, never branched on (as crypto/gcm.c).
 * The key's precomputation comes from the cache, or is made on the stack
 * and wiped. */
DTLS__X86_AES_FN static int dtls__x86_aead(const dtls_x86_cache *cache, const dtls_crypto_key *key, int open,
                                           int vaes, uint8_t *out, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                                           size_t aad_len, const uint8_t *in, size_t in_len)
{
    int gcm = dtls__x86_is_gcm(key->alg);
    size_t tag_len = dtls_crypto_aead_tag_len(key->alg), len = in_len;
    uint8_t tag[16], want[16], mask;
    dtls__x86_pre local;
    const dtls__x86_pre *pre;
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
    pre = dtls__x86_cached(cache, key);
    if (pre == NULL) {
        dtls__x86_pre_fill(&local, key->bytes, key->len, gcm);
        pre = &local;
    }
    if (gcm)
        dtls__x86_gcm(pre, key->len, open, vaes, out, nonce, aad, aad_len, in, len, tag);
    else
        dtls__x86_ccm(pre->rk, dtls__x86_nr(key->len), open, tag_len, out, nonce, nonce_len, aad, aad_len, in, len,
                      tag);
    if (pre == &local)
        dtls_wipe(&local, sizeof local);
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

/* The entries: without and with a cache (user), 128-bit or VAES loop. */
#define DTLS__X86_ENTRY(name, op, cache, vaes)                                                                     \
    static int name(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len, \
                    const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)                         \
    {                                                                                                              \
        (void)user;                                                                                                \
        return dtls__x86_aead(cache, key, op, vaes, out, nonce, nonce_len, aad, aad_len, in, in_len);              \
    }
DTLS__X86_ENTRY(dtls__x86_aead_seal, 0, NULL, 0)
DTLS__X86_ENTRY(dtls__x86_aead_open, 1, NULL, 0)
DTLS__X86_ENTRY(dtls__x86_aead_seal_c, 0, (const dtls_x86_cache *)user, 0)
DTLS__X86_ENTRY(dtls__x86_aead_open_c, 1, (const dtls_x86_cache *)user, 0)
DTLS__X86_ENTRY(dtls__x86_aead_seal_v, 0, NULL, 1)
DTLS__X86_ENTRY(dtls__x86_aead_open_v, 1, NULL, 1)
DTLS__X86_ENTRY(dtls__x86_aead_seal_cv, 0, (const dtls_x86_cache *)user, 1)
DTLS__X86_ENTRY(dtls__x86_aead_open_cv, 1, (const dtls_x86_cache *)user, 1)

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
    __m128i rk[15];
    (void)user;
    if (key->len != 16 && key->len != 24 && key->len != 32)
        return DTLS_ERR_BAD_KEY;
    dtls__x86_aes_expand(rk, key->bytes, key->len);
    DTLS__X86_STORE(out, dtls__x86_aes_block(rk, dtls__x86_nr(key->len), DTLS__X86_LOAD(in)));
    dtls_wipe(rk, sizeof rk);
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
        int v = (want & DTLS_X86_NO_VAES) == 0 && dtls__x86_has_vaes();
        hooks->aes_set_key = dtls__x86_aes_set_key;
        hooks->aes_encrypt = dtls__x86_aes_encrypt;
        hooks->aead_set_key = dtls__x86_aead_set_key;
        hooks->aead_seal = v ? dtls__x86_aead_seal_v : dtls__x86_aead_seal;
        hooks->aead_open = v ? dtls__x86_aead_open_v : dtls__x86_aead_open;
    }
    if (f & DTLS_X86_SHA) {
        hooks->hash_init = dtls__x86_hash_init;
        hooks->hash_update = dtls__x86_hash_update;
        hooks->hash_final = dtls__x86_hash_final;
    }
    return (int)f;
}

int dtls_x86_hooks_cached(struct dtls_crypto_hooks *hooks, unsigned want, dtls_x86_cache *cache)
{
    int f = dtls_x86_hooks(hooks, want);

    if (f > 0 && ((unsigned)f & DTLS_X86_AES) != 0 && cache != NULL) {
        int v = hooks->aead_seal == dtls__x86_aead_seal_v;
        hooks->user = cache;
        hooks->aead_set_key = dtls__x86_aead_set_key_c;
        hooks->aead_seal = v ? dtls__x86_aead_seal_cv : dtls__x86_aead_seal_c;
        hooks->aead_open = v ? dtls__x86_aead_open_cv : dtls__x86_aead_open_c;
    }
    return f;
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

int dtls_x86_hooks_cached(struct dtls_crypto_hooks *hooks, unsigned want, dtls_x86_cache *cache)
{
    (void)hooks;
    (void)want;
    (void)cache;
    return DTLS_ERR_UNSUPPORTED;
}

#endif
