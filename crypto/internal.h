/* internal.h - helpers shared by the crypto modules (not public API).
 *
 * Byte order: every multi-byte value is loaded and stored byte by byte, so the
 * code is the same on little- and big-endian targets and never does an
 * unaligned access.  Constant-time building blocks: masks are all-ones or
 * all-zeros uint32_t values computed without branches. */
#ifndef DTLS_INTERNAL_H
#define DTLS_INTERNAL_H

#include "prologue.h"
#include "config.h"
#include "error.h"
#include "ct.h"

DTLS__INLINE uint32_t dtls__load32_be(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

DTLS__INLINE uint32_t dtls__load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

DTLS__INLINE void dtls__store32_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

DTLS__INLINE void dtls__store32_le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

DTLS__INLINE uint64_t dtls__load64_be(const uint8_t *p)
{
    return ((uint64_t)dtls__load32_be(p) << 32) | (uint64_t)dtls__load32_be(p + 4);
}

DTLS__INLINE void dtls__store64_be(uint8_t *p, uint64_t v)
{
    dtls__store32_be(p, (uint32_t)(v >> 32));
    dtls__store32_be(p + 4, (uint32_t)v);
}

DTLS__INLINE uint64_t dtls__load64_le(const uint8_t *p)
{
    return (uint64_t)dtls__load32_le(p) | ((uint64_t)dtls__load32_le(p + 4) << 32);
}

DTLS__INLINE void dtls__store64_le(uint8_t *p, uint64_t v)
{
    dtls__store32_le(p, (uint32_t)v);
    dtls__store32_le(p + 4, (uint32_t)(v >> 32));
}

/* 1 if x == 0 else 0, without a branch. */
DTLS__INLINE uint32_t dtls__ct_is_zero32(uint32_t x)
{
    return (uint32_t)(((x | (0U - x)) >> 31) ^ 1U) & 1U;
}

/* x, hidden from the optimizer.  A mask the compiler can prove to be 0 or
 * all-ones may be turned back into a branch: clang 14 compiles table scans
 * of the form "acc |= entry & mask(i == secret)" into a compare and a jump
 * (valgrind shows it at -O2 / -Os).  Through a volatile local it cannot know
 * the value; the cost is a store and a load. */
DTLS__INLINE uint32_t dtls__ct_opaque32(uint32_t x)
{
    volatile uint32_t v = x;
    return v;
}

/* All-ones if bit (0 or 1) is 1, else zero. */
DTLS__INLINE uint32_t dtls__ct_mask32(uint32_t bit)
{
    return (uint32_t)0 - (bit & 1U);
}

/* mask ? a : b with mask all-ones or all-zeros. */
DTLS__INLINE uint32_t dtls__ct_select32(uint32_t mask, uint32_t a, uint32_t b)
{
    return b ^ (mask & (a ^ b));
}

/* 1 if a < b (unsigned) else 0, without a branch. */
DTLS__INLINE uint32_t dtls__ct_lt32(uint32_t a, uint32_t b)
{
    return (uint32_t)((((uint64_t)a - (uint64_t)b) >> 63) & 1U);
}

/* 32x32->64 multiply.  With DTLS_CT_MUL16 the product is built from four
 * 16x16->32 multiplies, which run in constant time on Cortex-M3 where
 * UMULL does not.  Every secret wide product goes through this. */
#if DTLS_CT_MUL16
DTLS__INLINE uint64_t dtls__mul32x32(uint32_t a, uint32_t b)
{
    uint32_t al = a & 0xFFFFU, ah = a >> 16, bl = b & 0xFFFFU, bh = b >> 16;
    uint32_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (uint64_t)lh + (uint64_t)hl;
    return (uint64_t)ll + (mid << 16) + ((uint64_t)hh << 32);
}
#else
DTLS__INLINE uint64_t dtls__mul32x32(uint32_t a, uint32_t b)
{
    return (uint64_t)a * (uint64_t)b;
}
#endif

#endif /* DTLS_INTERNAL_H */
