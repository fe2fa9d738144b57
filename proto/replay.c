/* replay.c - 64-record anti-replay window (see replay.h).
 * An empty window is all zeros, and top = 0 with no bit set says exactly that:
 * neither function needs to look at `any` (it only tells the caller). */
#include "replay.h"
#include "../crypto/internal.h"

DTLS__PRIV int dtls__replay_check(const dtls__replay *w, uint64_t seq)
{
    uint64_t d = w->top - seq;

    if (seq > w->top)
        return 0;
    return (d >= 64 || ((w->bits >> d) & 1U)) ? DTLS_ERR_REPLAYED : 0;
}

DTLS__PRIV void dtls__replay_accept(dtls__replay *w, uint64_t seq)
{
    uint64_t d;

    if (seq > w->top) { /* slide: seq becomes the top */
        d = seq - w->top;
        w->bits = d < 64 ? w->bits << d : 0;
        w->top = seq;
    }
    w->any = 1;
    d = w->top - seq;
    if (d < 64)
        w->bits |= (uint64_t)1 << d;
}
