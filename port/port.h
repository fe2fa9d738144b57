/* port.h - the few platform functions the examples and blocking helpers need.
 * One file per platform implements them (port/posix.c today; ESP-IDF, Arduino
 * and lwIP ports follow the same shape).  The library itself calls none of
 * these: the application hands them over as callbacks. */
#ifndef DTLS_PORT_H
#define DTLS_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dtls_random_fn-compatible: fills out from the OS entropy source; 0 or -1. */
int dtls_posix_random(void *ctx, uint8_t *out, size_t len);

/* Monotonic milliseconds, wrapping at 2^32. */
uint32_t dtls_posix_now_ms(void);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_H */
