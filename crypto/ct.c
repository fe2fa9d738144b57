/* ct.c - constant-time equality and secure wiping. */
#include "ct.h"
#include "internal.h"

DTLS_API int dtls_ct_equal(const void *a, const void *b, size_t n)
{
    const uint8_t *pa = (const uint8_t *)a;
    const uint8_t *pb = (const uint8_t *)b;
    uint32_t diff = 0;
    size_t i;

    for (i = 0; i < n; i++)
        diff |= (uint32_t)(pa[i] ^ pb[i]);
    return (int)dtls__ct_is_zero32(diff);
}

DTLS_API void dtls_wipe(void *p, size_t n)
{
    /* Writes through a volatile pointer are observable behaviour: the
     * compiler must keep them even when p is dead afterwards. */
    volatile uint8_t *v = (volatile uint8_t *)p;
    size_t i = 0;

    /* whole words where aligned (a handshake scratch is kilobytes: byte
     * stores made its wipe a quarter of a PSK handshake), bytes around them */
    while (i < n && ((uintptr_t)(v + i) & (sizeof(size_t) - 1u)) != 0)
        v[i++] = 0;
    for (; n - i >= sizeof(size_t); i += sizeof(size_t))
        *(volatile size_t *)(volatile void *)(v + i) = 0;
    while (i < n)
        v[i++] = 0;
}
