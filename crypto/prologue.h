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
#else
#define DTLS__UNUSED
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

#ifdef __cplusplus
#define DTLS__EXTERN_C_BEGIN extern "C" {
#define DTLS__EXTERN_C_END }
#else
#define DTLS__EXTERN_C_BEGIN
#define DTLS__EXTERN_C_END
#endif

#endif /* DTLS_PROLOGUE_H */
