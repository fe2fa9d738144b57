/* harness.h - what every valgrind constant-time harness shares.
 *
 * SECRET marks bytes undefined: from then on memcheck reports any branch,
 * loop bound or memory address computed from them.  PUBLIC declassifies:
 * use it only on results that are public by design (see README.md).
 * consume() declassifies an output and folds it into `sink`, so the compiler
 * cannot drop the computation. */
#ifndef DTLS_CT_HARNESS_H
#define DTLS_CT_HARNESS_H

#include <stddef.h>
#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static unsigned long sink;

/* Deterministic test bytes. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 29u + seed);
}

static void consume(const unsigned char *p, size_t n)
{
    size_t i;
    PUBLIC(p, n);
    for (i = 0; i < n; i++)
        sink = sink * 31u + p[i];
}

/* Lower-case hex to bytes (test tables only). */
static size_t ct_unhex(unsigned char *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (hex[0] && hex[1] && n < cap) {
        unsigned v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = hex[i];
            v <<= 4;
            v |= (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    return n;
}

#if defined(__GNUC__)
static void ct__unused(void) __attribute__((unused));
#endif
static void ct__unused(void)
{
    (void)fill;
    (void)consume;
    (void)ct_unhex;
    (void)ct__unused;
}

#endif /* DTLS_CT_HARNESS_H */
