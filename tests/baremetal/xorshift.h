/* xorshift.h - the deterministic "entropy" of pair.h and replay_bm.c (one
 * algorithm, so that the replayed client draws the recorded bytes):
 * xorshift64 (Marsaglia 2003), the high half of each state as a byte. */
#ifndef DTLS_BAREMETAL_XORSHIFT_H
#define DTLS_BAREMETAL_XORSHIFT_H

static inline void pair_xorshift(uint64_t *s, uint8_t *out, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        out[i] = (uint8_t)(*s >> 32);
    }
}

#endif /* DTLS_BAREMETAL_XORSHIFT_H */
