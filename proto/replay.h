/* replay.h - anti-replay window of the record layer (RFC 6347 §4.1.2.6).
 *
 * A 64-record sliding window over the 48-bit sequence numbers of one epoch:
 * the highest sequence number accepted so far (top) and a bitmap of which of
 * top, top-1, ..., top-63 were accepted (bit i: top - i).  Anything left of
 * the window (top - 64 and below) counts as seen.
 *
 * Order of use: dtls__replay_check before decrypting, dtls__replay_accept only
 * after the record authenticated (a forged record must not move the window).
 * A new epoch starts with a zeroed window.  The struct is caller-owned (it
 * lives in the connection); nothing here keeps pointers. */
#ifndef DTLS_PROTO_REPLAY_H
#define DTLS_PROTO_REPLAY_H

#include "../crypto/prologue.h"

DTLS__EXTERN_C_BEGIN

typedef struct dtls__replay {
    uint64_t top;  /* highest accepted sequence number (valid when any) */
    uint64_t bits; /* bit i set: top - i was accepted */
    uint8_t any;   /* 1 after the first accept (a zeroed struct is the empty window) */
} dtls__replay;

DTLS__EXTERN_C_END

/* ---- dtls.h puts what follows (private functions) in its implementation half ---- */
DTLS__EXTERN_C_BEGIN

/* 0 if seq is new, DTLS_ERR_REPLAYED if it was accepted before or is left of
 * the window.  Does not modify the window. */
DTLS__PRIV int dtls__replay_check(const dtls__replay *w, uint64_t seq);
/* Records seq as received (moving the window when seq > top). */
DTLS__PRIV void dtls__replay_accept(dtls__replay *w, uint64_t seq);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_REPLAY_H */
