/* port.h - the few platform functions the examples and blocking helpers need.
 * One file per platform implements them (port/posix.c today; ESP-IDF, Arduino
 * and lwIP ports follow the same shape).  The library itself calls none of
 * these: the application hands them over as callbacks. */
#ifndef DTLS_PORT_H
#define DTLS_PORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* dtls_random_fn-compatible: fills out from the OS entropy source; 0 or -1. */
int dtls_posix_random(void *ctx, uint8_t *out, size_t len);

/* Monotonic milliseconds, wrapping at 2^32. */
uint32_t dtls_posix_now_ms(void);

/* ---- UDP sockets ----
 * Peer addresses are opaque bytes for the library: here a struct sockaddr_in
 * or sockaddr_in6 (at most DTLS_POSIX_ADDR_MAX bytes, which equals the
 * library's DTLS_MAX_ADDR default).  The socket functions return -1 on
 * failure with errno set; the address functions return -1 for an input they
 * cannot parse or an output that does not fit. */
#define DTLS_POSIX_ADDR_MAX 28

/* Resolves host (numeric or a name; NULL = the IPv6 wildcard "::") and a
 * decimal port into addr; *addr_len: in the capacity, out the length. */
int dtls_posix_addr_parse(const char *host, const char *port, uint8_t *addr, size_t *addr_len);
/* "127.0.0.1:4433" or "[::1]:4433" (IPv4-mapped IPv6 shown as IPv4) into out;
 * the length written, or -1 if the address is not one of ours. */
int dtls_posix_addr_format(const uint8_t *addr, size_t addr_len, char *out, size_t cap);

/* A non-blocking UDP socket bound to addr (SO_REUSEADDR; an IPv6 wildcard is
 * dual-stack).  Returns the descriptor. */
int dtls_posix_udp_bind(const uint8_t *addr, size_t addr_len);
/* A non-blocking UDP socket connected to addr (only its datagrams arrive). */
int dtls_posix_udp_connect(const uint8_t *addr, size_t addr_len);
/* Sends one datagram: to addr, or (addr_len 0) to the connected peer.
 * Returns the length sent or -1 (would-block included: a lost datagram). */
int dtls_posix_udp_send(int fd, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len);
/* Waits up to timeout_ms (UINT32_MAX: forever) for one datagram; writes its
 * source to addr (*addr_len: in the capacity, out the length) when addr is not
 * NULL.  dtls_recv_fn-shaped: the datagram's length, 0 on timeout (empty
 * datagrams are skipped), -1 on error.  A datagram larger than cap is cut
 * (the record layer then drops it). */
int dtls_posix_udp_recv(int fd, uint8_t *buf, size_t cap, uint8_t *addr, size_t *addr_len, uint32_t timeout_ms);
/* Closes the socket. */
void dtls_posix_udp_close(int fd);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_H */
