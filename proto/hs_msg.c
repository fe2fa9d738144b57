/* hs_msg.c - DTLS 1.2 handshake header codec, fragmentation and bounded
 * reassembly (RFC 6347 §4.2.2, §4.2.3, §4.2.6).  See hs_msg.h. */
#include "hs_msg.h"
#include "../crypto/internal.h"
#include <limits.h>

#define DTLS__HS_MSG_MAX24 UINT32_C(0xFFFFFF)

static uint32_t dtls__hs_msg_load24(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | (uint32_t)p[2];
}

static void dtls__hs_msg_store24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

DTLS__PRIV int dtls__hs_parse(dtls__hs_header *h, const uint8_t **frag, const uint8_t *p, size_t len,
                              size_t *consumed)
{
    uint32_t length, off, flen;
    if (len < DTLS__HS_HEADER_LEN)
        return DTLS_ERR_DECODE;
    length = dtls__hs_msg_load24(p + 1);
    off = dtls__hs_msg_load24(p + 6);
    flen = dtls__hs_msg_load24(p + 9);
    /* each value < 2^24: off + flen cannot overflow */
    if (flen > len - DTLS__HS_HEADER_LEN || off + flen > length)
        return DTLS_ERR_DECODE;
    h->type = p[0];
    h->length = length;
    h->message_seq = (uint16_t)(((unsigned)p[4] << 8) | p[5]);
    h->frag_offset = off;
    h->frag_length = flen;
    *frag = p + DTLS__HS_HEADER_LEN;
    *consumed = DTLS__HS_HEADER_LEN + (size_t)flen;
    return 0;
}

DTLS__PRIV void dtls__hs_write_header(uint8_t out[12], const dtls__hs_header *h)
{
    out[0] = h->type;
    dtls__hs_msg_store24(out + 1, h->length);
    out[4] = (uint8_t)(h->message_seq >> 8);
    out[5] = (uint8_t)h->message_seq;
    dtls__hs_msg_store24(out + 6, h->frag_offset);
    dtls__hs_msg_store24(out + 9, h->frag_length);
}

DTLS__PRIV void dtls__hs_transcript_header(uint8_t out[12], uint8_t type, uint32_t length,
                                           uint16_t message_seq)
{
    dtls__hs_header h;
    h.type = type;
    h.length = length;
    h.message_seq = message_seq;
    h.frag_offset = 0;
    h.frag_length = length;
    dtls__hs_write_header(out, &h);
}

DTLS__PRIV int dtls__hs_fragment(uint8_t *out, size_t cap, uint8_t type, uint16_t seq, const uint8_t *body,
                                 uint32_t body_len, uint32_t offset)
{
    dtls__hs_header h;
    size_t n;
    if (cap < DTLS__HS_HEADER_LEN)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    if (body_len > DTLS__HS_MSG_MAX24 || (body_len ? offset >= body_len : offset != 0))
        return DTLS_ERR_BAD_ARG;
    n = cap - DTLS__HS_HEADER_LEN;
    if (body_len && !n)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    if (n > body_len - offset)
        n = (size_t)(body_len - offset);
    if (n > (size_t)INT_MAX)
        n = (size_t)INT_MAX;
    h.type = type;
    h.length = body_len;
    h.message_seq = seq;
    h.frag_offset = offset;
    h.frag_length = (uint32_t)n;
    dtls__hs_write_header(out, &h);
    if (n)
        memcpy(out + DTLS__HS_HEADER_LEN, body + offset, n);
    return (int)n;
}

DTLS__PRIV void dtls__reasm_init(dtls__reasm *r, uint8_t *buf, size_t cap, uint16_t next_seq)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    /* No object is larger than half the address space: such a cap is a
     * negative size converted to size_t (a handshake buffer smaller than its
     * flight part), so there is no room at all, not 65535 bytes. */
    if (cap > ((size_t)-1 >> 1))
        cap = 0;
    r->cap = (dtls__reasm_pos)(cap > DTLS__REASM_POS_MAX ? DTLS__REASM_POS_MAX : cap);
    r->next_seq = next_seq;
}

/* The slot holding message seq, or NULL. */
static dtls__reasm_slot *dtls__reasm_find(const dtls__reasm *r, uint16_t seq)
{
    unsigned i;
    for (i = 0; i < DTLS__REASM_SLOTS; i++)
        if (r->slot[i].nranges && r->slot[i].seq == seq)
            return (dtls__reasm_slot *)&r->slot[i];
    return NULL;
}

/* Frees slot s and closes the gap its message leaves in the buffer. */
static void dtls__reasm_release(dtls__reasm *r, dtls__reasm_slot *s)
{
    size_t off = s->off, len = s->length;
    unsigned i;
    memmove(r->buf + off, r->buf + off + len, (size_t)r->used - off - len);
    for (i = 0; i < DTLS__REASM_SLOTS; i++)
        if (r->slot[i].nranges && r->slot[i].off > off)
            r->slot[i].off = (dtls__reasm_pos)(r->slot[i].off - len);
    r->used = (dtls__reasm_pos)(r->used - len);
    s->nranges = 0;
}

DTLS__PRIV int dtls__reasm_add(dtls__reasm *r, const dtls__hs_header *h, const uint8_t *frag)
{
    dtls__reasm_slot *s, *t;
    uint32_t start = h->frag_offset, end;
    unsigned i, j, n;
    int rc = DTLS_ERR_DECODE;

    if (h->message_seq < r->next_seq)
        return 1;
    if (start > h->length || h->frag_length > h->length - start)
        goto drop; /* (so end below cannot wrap) */
    end = start + h->frag_length;
    s = dtls__reasm_find(r, h->message_seq);
    if (s) {
        if (s->type != h->type || s->length != h->length)
            goto drop;
    } else {
        rc = DTLS_ERR_BUFFER_TOO_SMALL;
        if ((unsigned)(h->message_seq - r->next_seq) >= DTLS__REASM_SLOTS)
            goto drop;
        /* Make room by evicting messages further ahead, farthest first. */
        while (h->length > (uint32_t)(r->cap - r->used)) {
            t = NULL;
            for (i = 0; i < DTLS__REASM_SLOTS; i++)
                if (r->slot[i].nranges && r->slot[i].seq > h->message_seq && (!t || r->slot[i].seq > t->seq))
                    t = &r->slot[i];
            if (!t)
                goto drop;
            dtls__reasm_release(r, t);
            r->dropped++;
        }
        for (i = 0; r->slot[i].nranges; i++)
            if (i == DTLS__REASM_SLOTS - 1)
                goto drop; /* not reached: slots hold distinct seqs of the window */
        s = &r->slot[i];
        s->off = r->used;
        s->length = (dtls__reasm_pos)h->length;
        s->seq = h->message_seq;
        s->type = h->type;
        r->used = (dtls__reasm_pos)(r->used + s->length);
    }
    /* Insert [start, end) into the sorted range list, merging every range it
     * overlaps or touches: ranges i..j-1 become one. */
    n = s->nranges;
    for (i = 0; i < n && s->ranges[i][1] < start; i++)
        ;
    for (j = i; j < n && s->ranges[j][0] <= end; j++) {
        if (s->ranges[j][0] < start)
            start = s->ranges[j][0];
        if (s->ranges[j][1] > end)
            end = s->ranges[j][1];
    }
    if (j == i) {
        rc = DTLS_ERR_BUFFER_TOO_SMALL;
        if (n == DTLS__REASM_RANGES)
            goto drop;
        memmove(s->ranges + i + 1, s->ranges + i, (n - i) * sizeof s->ranges[0]);
        n++;
    } else {
        memmove(s->ranges + i + 1, s->ranges + j, (n - j) * sizeof s->ranges[0]);
        n -= j - i - 1;
    }
    s->ranges[i][0] = (dtls__reasm_pos)start;
    s->ranges[i][1] = (dtls__reasm_pos)end;
    s->nranges = (uint8_t)n;
    /* inside buf[0, cap): off + length <= used <= cap, and the fragment lies
     * within [0, length) (checked above) */
    memcpy(r->buf + s->off + h->frag_offset, frag, (size_t)h->frag_length);
    return 0;
drop:
    r->dropped++;
    return rc;
}

DTLS__PRIV int dtls__reasm_peek(const dtls__reasm *r, dtls__hs_header *h, const uint8_t **body)
{
    const dtls__reasm_slot *s = dtls__reasm_find(r, r->next_seq);
    /* ranges never touch, so a first range [0, length) is the only one */
    if (!s || s->ranges[0][0] != 0 || s->ranges[0][1] != s->length)
        return 0;
    h->type = s->type;
    h->length = s->length;
    h->message_seq = s->seq;
    h->frag_offset = 0;
    h->frag_length = s->length;
    *body = r->buf + s->off;
    return 1;
}

DTLS__PRIV void dtls__reasm_pop(dtls__reasm *r)
{
    dtls__reasm_slot *s = dtls__reasm_find(r, r->next_seq);
    if (s)
        dtls__reasm_release(r, s);
    r->next_seq++;
}

DTLS__PRIV int dtls__reasm_direct(const dtls__reasm *r, const dtls__hs_header *h)
{
    /* valid h: frag_offset + frag_length <= length, so the offset is 0 */
    return h->message_seq == r->next_seq && h->frag_length == h->length;
}

DTLS__PRIV uint32_t dtls__reasm_dropped(const dtls__reasm *r)
{
    return r->dropped;
}

#undef DTLS__HS_MSG_MAX24
