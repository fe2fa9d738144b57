/* posix.c - Linux / POSIX port: entropy from getrandom(2) (or /dev/urandom),
 * time from CLOCK_MONOTONIC. */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "port.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/random.h>
#endif

int dtls_posix_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    while (len > 0) {
        ssize_t n;
#if defined(__linux__)
        n = getrandom(out, len, 0);
#else
        int fd = open("/dev/urandom", O_RDONLY);
        if (fd < 0)
            return -1;
        n = read(fd, out, len);
        close(fd);
#endif
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        out += n;
        len -= (size_t)n;
    }
    return 0;
}

uint32_t dtls_posix_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}
