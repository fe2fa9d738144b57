/* hs_malloc.h - heap accounting of hs_perf (hs_malloc.c). */
#ifndef HS_MALLOC_H
#define HS_MALLOC_H

#include <stddef.h>

/* Bytes in live heap blocks now. */
size_t hs_heap_live(void);
/* The peak of live bytes since the last call (or the start), then the peak restarts from now. */
size_t hs_heap_peak_reset(void);

#endif /* HS_MALLOC_H */
