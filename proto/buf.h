/* buf.h - bounds-checked reader and writer of TLS presentation-language data
 * (RFC 5246 §4: big-endian integers of 1, 2, 3 and 6 bytes, vectors with a
 * 1-, 2- or 3-byte length prefix).  Every byte that comes from the network is
 * read through a dtls__rd; every message the library builds goes through a
 * dtls__wr.  Private to the library (dtls__ names).
 *
 * Ownership and aliasing: a reader or writer is a small caller-owned struct
 * that points into a caller-owned buffer; it copies nothing, so the buffer must
 * outlive it and every pointer it returned.  A sub-reader (dtls__rd_vec) points
 * into its parent's buffer.
 *
 * Errors are sticky.  After the first short read every further read returns
 * 0 (or NULL) and r->err stays DTLS_ERR_DECODE, so a parser reads a whole
 * structure and checks r->err (or dtls__rd_done) once at the end.  A
 * sub-reader's error is its own: check the sub-reader too (dtls__rd_done).
 * Likewise after the first write that does not fit, nothing more is written
 * and w->err stays DTLS_ERR_BUFFER_TOO_SMALL (DTLS_ERR_TOO_LONG when a vector
 * outgrew its length field, see dtls__wr_vec_end). */
#ifndef DTLS_PROTO_BUF_H
#define DTLS_PROTO_BUF_H

#include "../crypto/prologue.h"

DTLS__EXTERN_C_BEGIN

typedef struct dtls__rd {
    const uint8_t *p; /* the bytes (may be NULL when len == 0) */
    size_t len;
    size_t pos;       /* bytes consumed so far */
    int err;          /* 0 or DTLS_ERR_DECODE (sticky) */
} dtls__rd;

DTLS__PRIV void dtls__rd_init(dtls__rd *r, const uint8_t *p, size_t len);
DTLS__PRIV uint8_t dtls__rd_u8(dtls__rd *r);
DTLS__PRIV uint16_t dtls__rd_u16(dtls__rd *r);
DTLS__PRIV uint32_t dtls__rd_u24(dtls__rd *r);
DTLS__PRIV uint64_t dtls__rd_u48(dtls__rd *r);
/* The next n bytes (consumed), or NULL (and the sticky error) if fewer than n
 * are left.  n == 0 never fails on a healthy reader. */
DTLS__PRIV const uint8_t *dtls__rd_bytes(dtls__rd *r, size_t n);
/* A vector with a len_bytes (1, 2 or 3) length prefix whose length is within
 * [min, max]: consumes it and makes *sub a reader over its contents.  Returns 0,
 * or DTLS_ERR_DECODE (sticky on r; *sub is then empty and in error too). */
DTLS__PRIV int dtls__rd_vec(dtls__rd *r, size_t len_bytes, size_t min, size_t max, dtls__rd *sub);
/* Bytes not yet consumed (0 once in error). */
DTLS__PRIV size_t dtls__rd_left(const dtls__rd *r);
/* 1 if no error and everything was consumed, else 0. */
DTLS__PRIV int dtls__rd_done(const dtls__rd *r);

typedef struct dtls__wr {
    uint8_t *p;  /* the output buffer (may be NULL when cap == 0) */
    size_t cap;
    size_t pos;  /* bytes written so far */
    int err;     /* 0, DTLS_ERR_BUFFER_TOO_SMALL or DTLS_ERR_TOO_LONG (sticky) */
} dtls__wr;

DTLS__PRIV void dtls__wr_init(dtls__wr *w, uint8_t *p, size_t cap);
/* Integers are written big-endian; u24 writes the low 24 bits of v, u48 the
 * low 48 bits. */
DTLS__PRIV void dtls__wr_u8(dtls__wr *w, uint8_t v);
DTLS__PRIV void dtls__wr_u16(dtls__wr *w, uint16_t v);
DTLS__PRIV void dtls__wr_u24(dtls__wr *w, uint32_t v);
DTLS__PRIV void dtls__wr_u48(dtls__wr *w, uint64_t v);
/* Appends n bytes from p (p may be NULL when n == 0; p may point into the
 * output buffer itself). */
DTLS__PRIV void dtls__wr_bytes(dtls__wr *w, const uint8_t *p, size_t n);
/* The same from a DTLS__ROM table (crypto/prologue.h: flash on AVR). */
DTLS__PRIV void dtls__wr_rom(dtls__wr *w, const uint8_t *rom, size_t n);
/* Reserves a len_bytes (1, 2 or 3) length field and returns a mark for
 * dtls__wr_vec_end, which fills in the length of everything written since.  A
 * vector longer than its length field can say is DTLS_ERR_TOO_LONG (sticky). */
DTLS__PRIV size_t dtls__wr_vec_begin(dtls__wr *w, size_t len_bytes);
DTLS__PRIV void dtls__wr_vec_end(dtls__wr *w, size_t mark, size_t len_bytes);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_BUF_H */
