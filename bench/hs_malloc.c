/* hs_malloc.c - heap accounting for hs_perf.c (never linked into hs_cost,
 * whose instruction counts stay the libraries' own): this program's malloc,
 * calloc, realloc, free, posix_memalign, aligned_alloc and memalign, which
 * the shared libraries' calls bind to as well (the executable comes first in
 * the dynamic linker's search order), forward to glibc's __libc_* functions
 * and keep the bytes live and their peak, counted as malloc_usable_size of
 * each block (what the allocator reserved: the request rounded up to its
 * granule, without its per-block header).  Single-threaded use only. */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <string.h>

#include "hs_malloc.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static size_t live, peak;

static void *took(void *p)
{
    if (p != NULL) {
        live += malloc_usable_size(p);
        if (live > peak)
            peak = live;
    }
    return p;
}

void *malloc(size_t n)
{
    return took(__libc_malloc(n));
}

void *calloc(size_t n, size_t size)
{
    return took(__libc_calloc(n, size));
}

void free(void *p)
{
    if (p != NULL) {
        live -= malloc_usable_size(p);
        __libc_free(p);
    }
}

void *realloc(void *p, size_t n)
{
    size_t old = p != NULL ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q == NULL)
        return n == 0 ? (live -= old, NULL) : NULL; /* realloc(p, 0) freed p */
    live -= old;
    return took(q);
}

void *memalign(size_t align, size_t n)
{
    return took(__libc_memalign(align, n));
}

void *aligned_alloc(size_t align, size_t n)
{
    return took(__libc_memalign(align, n));
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    p = took(__libc_memalign(align, n));
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

size_t hs_heap_live(void)
{
    return live;
}

size_t hs_heap_peak_reset(void)
{
    size_t p = peak;
    peak = live;
    return p;
}
