/* static_b.c - one of two translation units that each carry a private copy of
 * the library (DTLS_STATIC); linked together they must not clash. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../dtls.h"

int static_b_check(void);

int static_b_check(void)
{
    static const uint8_t want[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                     0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                     0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    uint8_t out[32];
    dtls_sha256(out, "abc", 3);
    return dtls_ct_equal(out, want, 32);
}

#include <stdio.h>

int static_a_check(void);

int main(void)
{
    int ok = static_a_check() && static_b_check();
    puts(ok ? "static ok" : "static FAILED");
    return ok ? 0 : 1;
}
