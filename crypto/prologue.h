/* prologue.h - the one portability prologue of dtls.h.
 *
 * Everything platform- or compiler-specific that the library needs lives here
 * (and in port/); no other module has a platform #if.  Value-style macros only
 * (#if X, never #ifdef X) so that -Wundef catches a misspelt option. */
#ifndef DTLS_PROLOGUE_H
#define DTLS_PROLOGUE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define DTLS__UNUSED __attribute__((unused))
#define DTLS__NOINLINE __attribute__((noinline)) /* a frame that must be gone before a deep call */
#else
#define DTLS__UNUSED
#define DTLS__NOINLINE
#endif

/* Public functions: extern, or static in every translation unit that includes
 * the header when DTLS_STATIC is defined (stb convention). */
#if defined(DTLS_STATIC)
#define DTLS_API static DTLS__UNUSED
#else
#define DTLS_API extern
#endif

/* Private cross-module functions (names dtls__*): extern in the split sources,
 * static in the translation unit that holds the amalgamated implementation, so
 * nothing but the public API is exported.  (A few private headers sit in the
 * public part of dtls.h because public structs embed their types; in a unit
 * without the implementation their declarations are plain, unused externs.) */
#if defined(DTLS__AMALGAMATED) && (defined(DTLS_IMPLEMENTATION) || defined(DTLS_CRYPTO_IMPLEMENTATION))
#define DTLS__PRIV static DTLS__UNUSED
#else
#define DTLS__PRIV extern
#endif

/* Small helpers defined in internal headers. */
#define DTLS__INLINE static inline DTLS__UNUSED

/* A 64x64->128-bit multiply: unsigned __int128 (gcc and clang on 64-bit
 * targets: x86-64, AArch64, RV64).  The only place that detects it; only the
 * P-256 speed profile (DTLS_P256_SPEED, crypto/p256_fe64.c), Poly1305's
 * 64-bit limbs (DTLS_POLY1305_LIMB64, crypto/chachapoly.c) and X25519's
 * (DTLS_X25519_SPEED, crypto/x25519.c) use it; DTLS_CHACHA20_BLOCKS and
 * DTLS_SHA256_UNROLL take it as the sign of a 64-bit target for their defaults.
 * __extension__ keeps -Wpedantic quiet, in C and in C++. */
#if defined(__SIZEOF_INT128__)
#define DTLS__HAVE_U128 1
__extension__ typedef unsigned __int128 dtls__u128;
#else
#define DTLS__HAVE_U128 0
#endif

/* Constant tables in program memory.  AVR is a Harvard machine: avr-gcc
 * copies every const object into RAM (.data) at start-up unless it is placed
 * in flash, and flash is then read with LPM, not with a plain load (avr-libc
 * <avr/pgmspace.h>; avr-g++ has no __flash named address space, hence the
 * attribute).  Every constant table is DTLS__ROM and is read ONLY through
 * dtls__rom_u8 / _u16 / _u32 / _memcpy / _strlen / _strcmp (a plain
 * dereference of a DTLS__ROM object reads RAM on AVR: wrong bytes, no warning).
 * Elsewhere DTLS__ROM is empty and the readers are plain reads. */
#if defined(__AVR__)
#include <avr/pgmspace.h>
#define DTLS__ROM __attribute__((__progmem__))
#define dtls__rom_u8(p) ((uint8_t)pgm_read_byte(p))
#define dtls__rom_u16(p) ((uint16_t)pgm_read_word(p))
#define dtls__rom_u32(p) ((uint32_t)pgm_read_dword(p))
#define dtls__rom_memcpy(dst, src, n) memcpy_P((dst), (src), (n))
#define dtls__rom_strlen(s) strlen_P(s)
#define dtls__rom_strcmp(ram, rom) strcmp_P((ram), (rom))
#else
#define DTLS__ROM
#define dtls__rom_u8(p) (*(const uint8_t *)(p))
#define dtls__rom_u16(p) (*(const uint16_t *)(p))
#define dtls__rom_u32(p) (*(const uint32_t *)(p))
#define dtls__rom_memcpy(dst, src, n) memcpy((dst), (src), (n))
#define dtls__rom_strlen(s) dtls__strlen(s)
#define dtls__rom_strcmp(ram, rom) dtls__strcmp((ram), (rom))
#endif

/* The C library functions the library calls are memcpy, memmove, memset and
 * memcmp only (a bare-metal image links nothing else: tests/baremetal), so
 * the two string functions it needs are its own. */
DTLS__INLINE size_t dtls__strlen(const char *s)
{
    /* bounded (by the address space), so that compilers do not turn it back into strlen() */
    size_t n = 0;
    while (n != (size_t)-1 && s[n] != 0)
        n++;
    return n;
}

DTLS__INLINE int dtls__strcmp(const char *a, const char *b)
{
    while (*a != 0 && *a == *b) {
        a++;
        b++;
    }
    return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

#ifdef __cplusplus
#define DTLS__EXTERN_C_BEGIN extern "C" {
#define DTLS__EXTERN_C_END }
#else
#define DTLS__EXTERN_C_BEGIN
#define DTLS__EXTERN_C_END
#endif

#endif /* DTLS_PROLOGUE_H */
