/* fuzz_file.h - reading a whole file, shared by the fuzz harnesses
 * (fuzz_common.h) and their replay main (fuzz_main.c). */
#ifndef DTLS_FUZZ_FILE_H
#define DTLS_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Whole file into a malloc'd block: its length, or -1. */
static inline long fz_read_file(const char *path, uint8_t **out)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    if (f == NULL)
        return -1;
    for (;;) {
        size_t got;
        if (n == cap) {
            uint8_t *nb;
            cap = cap ? cap * 2 : 65536;
            nb = (uint8_t *)realloc(buf, cap);
            if (nb == NULL)
                abort();
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *out = buf;
    return (long)n;
}

#endif /* DTLS_FUZZ_FILE_H */
