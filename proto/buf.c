/* buf.c - bounds-checked reader and writer (see buf.h). */
#include "buf.h"
#include "../crypto/internal.h"

DTLS__PRIV void dtls__rd_init(dtls__rd *r, const uint8_t *p, size_t len)
{
    r->p = p;
    r->len = len;
    r->pos = 0;
    r->err = 0;
}

DTLS__PRIV const uint8_t *dtls__rd_bytes(dtls__rd *r, size_t n)
{
    const uint8_t *q = r->p;

    if (r->err || n > r->len - r->pos) {
        r->err = DTLS_ERR_DECODE;
        return NULL;
    }
    if (q) /* no arithmetic on a NULL pointer (empty reader) */
        q += r->pos;
    r->pos += n;
    return q;
}

/* n (1..4) bytes big-endian; 0 after an error. */
static uint32_t dtls__buf_rd_be(dtls__rd *r, size_t n)
{
    const uint8_t *q = dtls__rd_bytes(r, n);
    uint32_t v = 0;

    if (q)
        while (n--)
            v = (v << 8) | *q++;
    return v;
}

DTLS__PRIV uint8_t dtls__rd_u8(dtls__rd *r)
{
    return (uint8_t)dtls__buf_rd_be(r, 1);
}

DTLS__PRIV uint16_t dtls__rd_u16(dtls__rd *r)
{
    return (uint16_t)dtls__buf_rd_be(r, 2);
}

DTLS__PRIV uint32_t dtls__rd_u24(dtls__rd *r)
{
    return dtls__buf_rd_be(r, 3);
}

DTLS__PRIV uint64_t dtls__rd_u48(dtls__rd *r)
{
    const uint8_t *q = dtls__rd_bytes(r, 6);

    if (!q)
        return 0;
    return ((uint64_t)(((uint32_t)q[0] << 8) | q[1]) << 32) | dtls__load32_be(q + 2);
}

DTLS__PRIV int dtls__rd_vec(dtls__rd *r, size_t len_bytes, size_t min, size_t max, dtls__rd *sub)
{
    uint32_t n = dtls__buf_rd_be(r, len_bytes);
    const uint8_t *q;

    if (n < min || n > max) /* compared as uint32_t: size_t may be 16 bits */
        r->err = DTLS_ERR_DECODE;
    q = dtls__rd_bytes(r, (size_t)n); /* n <= max unless r is in error */
    dtls__rd_init(sub, q, r->err ? 0 : (size_t)n);
    sub->err = r->err;
    return r->err;
}

DTLS__PRIV size_t dtls__rd_left(const dtls__rd *r)
{
    return r->err ? 0 : r->len - r->pos;
}

DTLS__PRIV int dtls__rd_done(const dtls__rd *r)
{
    return !r->err && r->pos == r->len;
}

DTLS__PRIV void dtls__wr_init(dtls__wr *w, uint8_t *p, size_t cap)
{
    w->p = p;
    w->cap = cap;
    w->pos = 0;
    w->err = 0;
}

/* Room for n more bytes (consumed), or NULL and the sticky error. */
static uint8_t *dtls__buf_wr_take(dtls__wr *w, size_t n)
{
    uint8_t *q = w->p;

    if (!w->err && n > w->cap - w->pos)
        w->err = DTLS_ERR_BUFFER_TOO_SMALL;
    if (w->err) /* the first error stays */
        return NULL;
    if (q)
        q += w->pos;
    w->pos += n;
    return q;
}

/* The low 8n bits of v, big-endian, at q (n = 1..4). */
static void dtls__buf_put_be(uint8_t *q, uint32_t v, size_t n)
{
    while (n--) {
        q[n] = (uint8_t)v;
        v >>= 8;
    }
}

static void dtls__buf_wr_be(dtls__wr *w, uint32_t v, size_t n)
{
    uint8_t *q = dtls__buf_wr_take(w, n);

    if (q)
        dtls__buf_put_be(q, v, n);
}

DTLS__PRIV void dtls__wr_u8(dtls__wr *w, uint8_t v)
{
    dtls__buf_wr_be(w, v, 1);
}

DTLS__PRIV void dtls__wr_u16(dtls__wr *w, uint16_t v)
{
    dtls__buf_wr_be(w, v, 2);
}

DTLS__PRIV void dtls__wr_u24(dtls__wr *w, uint32_t v)
{
    dtls__buf_wr_be(w, v, 3);
}

DTLS__PRIV void dtls__wr_u48(dtls__wr *w, uint64_t v)
{
    uint8_t *q = dtls__buf_wr_take(w, 6);

    if (q) {
        dtls__buf_put_be(q, (uint32_t)(v >> 32), 2);
        dtls__buf_put_be(q + 2, (uint32_t)v, 4);
    }
}

DTLS__PRIV void dtls__wr_bytes(dtls__wr *w, const uint8_t *p, size_t n)
{
    uint8_t *q = dtls__buf_wr_take(w, n);

    if (q && n)
        memmove(q, p, n);
}

DTLS__PRIV void dtls__wr_rom(dtls__wr *w, const uint8_t *rom, size_t n)
{
    uint8_t *q = dtls__buf_wr_take(w, n);

    if (q && n)
        dtls__rom_memcpy(q, rom, n);
}

DTLS__PRIV size_t dtls__wr_vec_begin(dtls__wr *w, size_t len_bytes)
{
    size_t mark = w->pos;

    dtls__buf_wr_be(w, 0, len_bytes);
    return mark;
}

DTLS__PRIV void dtls__wr_vec_end(dtls__wr *w, size_t mark, size_t len_bytes)
{
    size_t n;

    if (w->err)
        return;
    n = w->pos - mark - len_bytes;
    if (n > UINT32_C(0xFFFFFF) >> (24 - 8 * len_bytes))
        w->err = DTLS_ERR_TOO_LONG;
    else
        dtls__buf_put_be(w->p + mark, (uint32_t)n, len_bytes);
}
