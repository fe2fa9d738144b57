/* line.h - lines of text without libc (pair.h, main_bm.c, replay.h):
 * strings, decimal and hex into a fixed buffer, truncated at its end. */
#ifndef DTLS_BAREMETAL_LINE_H
#define DTLS_BAREMETAL_LINE_H

typedef struct pair_line {
    char b[160];
    size_t n;
} pair_line;

static inline void pl_str(pair_line *l, const char *s)
{
    while (*s != '\0' && l->n + 1 < sizeof(l->b))
        l->b[l->n++] = *s++;
    l->b[l->n] = '\0';
}

static inline void pl_u32(pair_line *l, uint32_t v)
{
    char t[11];
    size_t i = sizeof(t) - 1;
    t[i] = '\0';
    do {
        t[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    pl_str(l, t + i);
}

static inline void pl_int(pair_line *l, int v)
{
    if (v < 0) {
        pl_str(l, "-");
        pl_u32(l, (uint32_t)0 - (uint32_t)v);
    } else {
        pl_u32(l, (uint32_t)v);
    }
}

/* a string, then a decimal number */
static inline void pl_str_u32(pair_line *l, const char *s, uint32_t v)
{
    pl_str(l, s);
    pl_u32(l, v);
}

static inline void pl_hex(pair_line *l, const uint8_t *p, size_t len)
{
    static const char hx[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < len && l->n + 3 < sizeof(l->b); i++) {
        l->b[l->n++] = hx[p[i] >> 4];
        l->b[l->n++] = hx[p[i] & 15];
    }
    l->b[l->n] = '\0';
}

#endif /* DTLS_BAREMETAL_LINE_H */
