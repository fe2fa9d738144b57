/* x86_shim_world.h - runs an in-memory handshake test of tests/proto
 * (world.h: test_engine.c) unchanged with the x86 hooks on the client:
 * force-included (-include) before the test, it includes world.h first and
 * then makes every w_setup also fill the client's hooks table (W.hooks[0],
 * whose random entry stays w_random) with dtls_x86_hooks (AES-NI AEAD
 * records, SHA-NI transcript hashes).  The server stays software, so every
 * record and every Finished crosses the two implementations. */
#ifndef DTLS_TEST_X86_SHIM_WORLD_H
#define DTLS_TEST_X86_SHIM_WORLD_H

#include "../proto/world.h"
#include "../../port/x86.h"

#define w_setup(suite)                                                                \
    do {                                                                              \
        (w_setup)(suite);                                                             \
        if (dtls_x86_hooks(&W.hooks[0], DTLS_X86_ALL) != (int)DTLS_X86_ALL) {          \
            fprintf(stderr, "x86 shim: this CPU lacks AES-NI, PCLMULQDQ or SHA-NI\n"); \
            exit(2);                                                                  \
        }                                                                             \
    } while (0)

#endif /* DTLS_TEST_X86_SHIM_WORLD_H */
