/* posix.c - Linux / POSIX port: entropy from getrandom(2) (or /dev/urandom),
 * time from CLOCK_MONOTONIC, UDP sockets (BSD sockets and poll(2)). */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
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

/* ---- UDP sockets ---- */

int dtls_posix_addr_parse(const char *host, const char *port, uint8_t *addr, size_t *addr_len)
{
    struct addrinfo hints, *res = NULL;
    int rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV | (host == NULL ? AI_PASSIVE : 0);
    if (host == NULL)
        host = "::";
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0 || res == NULL)
        return -1;
    if ((size_t)res->ai_addrlen > *addr_len || (size_t)res->ai_addrlen > DTLS_POSIX_ADDR_MAX) {
        freeaddrinfo(res);
        return -1;
    }
    memcpy(addr, res->ai_addr, (size_t)res->ai_addrlen);
    *addr_len = (size_t)res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int dtls_posix_addr_format(const uint8_t *addr, size_t addr_len, char *out, size_t cap)
{
    struct sockaddr_storage ss;
    char host[INET6_ADDRSTRLEN];
    unsigned port;
    int n;
    if (addr_len > sizeof ss || addr_len < sizeof(sa_family_t) || cap == 0)
        return -1;
    memset(&ss, 0, sizeof ss);
    memcpy(&ss, addr, addr_len);
    if (ss.ss_family == AF_INET && addr_len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)&ss;
        if (inet_ntop(AF_INET, &a->sin_addr, host, sizeof host) == NULL)
            return -1;
        port = ntohs(a->sin_port);
        n = snprintf(out, cap, "%s:%u", host, port);
    } else if (ss.ss_family == AF_INET6 && addr_len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)&ss;
        port = ntohs(a->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
            if (inet_ntop(AF_INET, &a->sin6_addr.s6_addr[12], host, sizeof host) == NULL)
                return -1;
            n = snprintf(out, cap, "%s:%u", host, port);
        } else {
            if (inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host) == NULL)
                return -1;
            n = snprintf(out, cap, "[%s]:%u", host, port);
        }
    } else {
        return -1;
    }
    if (n < 0 || (size_t)n >= cap)
        return -1;
    return n;
}

static int dtls__posix_udp_socket(const uint8_t *addr, size_t addr_len, int do_bind)
{
    struct sockaddr_storage ss;
    int fd, one = 1, zero = 0, flags;
    if (addr_len > sizeof ss || addr_len < sizeof(sa_family_t)) {
        errno = EINVAL;
        return -1;
    }
    memset(&ss, 0, sizeof ss);
    memcpy(&ss, addr, addr_len);
    fd = socket(ss.ss_family, SOCK_DGRAM, 0);
    if (fd < 0)
        return -1;
    flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        goto fail;
    if (do_bind) {
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (ss.ss_family == AF_INET6)
            (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
        if (bind(fd, (const struct sockaddr *)(const void *)&ss, (socklen_t)addr_len) < 0)
            goto fail;
    } else if (connect(fd, (const struct sockaddr *)(const void *)&ss, (socklen_t)addr_len) < 0) {
        goto fail;
    }
    return fd;
fail:
    {
        int e = errno;
        close(fd);
        errno = e;
    }
    return -1;
}

int dtls_posix_udp_bind(const uint8_t *addr, size_t addr_len)
{
    return dtls__posix_udp_socket(addr, addr_len, 1);
}

int dtls_posix_udp_connect(const uint8_t *addr, size_t addr_len)
{
    return dtls__posix_udp_socket(addr, addr_len, 0);
}

int dtls_posix_udp_send(int fd, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    ssize_t n;
    do {
        if (addr_len == 0)
            n = send(fd, data, len, 0);
        else
            n = sendto(fd, data, len, 0, (const struct sockaddr *)(const void *)addr, (socklen_t)addr_len);
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    return (int)n;
}

int dtls_posix_udp_recv(int fd, uint8_t *buf, size_t cap, uint8_t *addr, size_t *addr_len, uint32_t timeout_ms)
{
    uint32_t start = dtls_posix_now_ms();
    for (;;) {
        struct pollfd pfd;
        struct sockaddr_storage ss;
        socklen_t sl = (socklen_t)sizeof ss;
        uint32_t waited = dtls_posix_now_ms() - start;
        int wait_ms, r;
        ssize_t n;
        if (timeout_ms == UINT32_MAX)
            wait_ms = -1;
        else if (waited >= timeout_ms)
            wait_ms = 0;
        else
            wait_ms = (timeout_ms - waited > (uint32_t)INT_MAX) ? INT_MAX : (int)(timeout_ms - waited);
        pfd.fd = fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        r = poll(&pfd, 1, wait_ms);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (r == 0)
            return 0;
        n = recvfrom(fd, buf, cap, 0, (struct sockaddr *)(void *)&ss, &sl);
        if (n < 0) {
            /* EAGAIN: spurious wake-up; ECONNREFUSED: an ICMP error from an
             * earlier send on a connected socket (the peer is not there yet). */
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNREFUSED)
                continue;
            return -1;
        }
        if (n == 0)
            continue;
        if (addr != NULL && addr_len != NULL) {
            size_t l = (size_t)sl;
            if (l > *addr_len)
                l = *addr_len;
            memcpy(addr, &ss, l);
            *addr_len = l;
        }
        return (int)n;
    }
}

void dtls_posix_udp_close(int fd)
{
    if (fd >= 0)
        close(fd);
}
