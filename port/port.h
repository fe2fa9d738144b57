/* port.h - the few platform functions the POSIX examples and blocking helpers
 * need (port/posix.c).  The other ports have headers of their own
 * (port/lwip.h, port/esp_idf.h, DtlsArduino.h).  The library itself calls none of
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
/* The same; on failure writes the reason to err (err_cap bytes, when err is
 * not NULL): the resolver's message (gai_strerror), e.g. "Name or service not
 * known". */
int dtls_posix_addr_lookup(const char *host, const char *port, uint8_t *addr, size_t *addr_len, char *err,
                           size_t err_cap);
/* "127.0.0.1:4433" or "[::1]:4433" (IPv4-mapped IPv6 shown as IPv4) into out;
 * the length written, or -1 if the address is not one of ours. */
int dtls_posix_addr_format(const uint8_t *addr, size_t addr_len, char *out, size_t cap);

/* A non-blocking UDP socket bound to addr (an IPv6 wildcard is dual-stack).
 * No SO_REUSEADDR / SO_REUSEPORT: a port another socket holds fails with
 * errno EADDRINUSE.  Returns the descriptor. */
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
/* The socket's pending error (SO_ERROR), which reading clears: on a connected
 * socket ECONNREFUSED when an ICMP port unreachable came back (nobody listens
 * on the peer's port), EHOSTUNREACH, ...; 0 when none.  dtls_posix_udp_recv
 * skips these (a peer not there yet may come); call this first, when poll()
 * reports POLLERR, to report them. */
int dtls_posix_udp_error(int fd);
/* Closes the socket. */
void dtls_posix_udp_close(int fd);

/* ---- files: certificates and keys for the Linux tools ----
 * Every loader reads a whole file into the caller's text buffer (scratch,
 * scratch_cap bytes; a file that does not fit fails), takes PEM (RFC 7468)
 * or DER and leaves DER in the caller's storage.  Nothing is allocated.  On
 * failure they return -1 and write one line to err (err_cap bytes) naming the
 * file and what failed, e.g. "key.pem: no PRIVATE KEY, EC PRIVATE KEY or RSA
 * PRIVATE KEY block".  scratch is wiped before a key loader returns. */

/* The contents of path in buf; the length, or -1 (missing, unreadable, or
 * larger than cap). */
long dtls_posix_read_file(const char *path, uint8_t *buf, size_t cap, char *err, size_t err_cap);

/* The loaders need dtls.h's types (dtls_blob, dtls_private_key): they are
 * declared when dtls.h was included before this header, and port/posix.c
 * defines them, so a program linking posix.c links the library too. */
#if defined(DTLS_X509_H) && DTLS_ENABLE_CERTS
/* A certificate chain: every CERTIFICATE block of a PEM bundle in file order
 * (leaf first for one's own chain), or one DER certificate.  The DER bytes go
 * to store (cap bytes) back to back; certs[0..max) point into store.  Each
 * certificate is checked with dtls_x509_parse.  The number of certificates
 * (>= 1), or -1 (also for more than max). */
int dtls_posix_load_certs(const char *path, uint8_t *store, size_t cap, dtls_blob *certs, size_t max,
                          uint8_t *scratch, size_t scratch_cap, char *err, size_t err_cap);
/* A private key: PEM "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY" (SEC1, an "EC
 * PARAMETERS" block before it is skipped) or "RSA PRIVATE KEY" (PKCS#1), or
 * the same in DER.  The DER goes to der (cap bytes; keep it: an RSA key points
 * into it) and is parsed into key with dtls_private_key_parse.  0 or -1. */
int dtls_posix_load_key(const char *path, uint8_t *der, size_t cap, dtls_private_key *key, uint8_t *scratch,
                        size_t scratch_cap, char *err, size_t err_cap);
/* A public key for raw public keys (RFC 7250): PEM "PUBLIC KEY" or DER
 * SubjectPublicKeyInfo; a certificate (PEM or DER) gives its
 * SubjectPublicKeyInfo.  The SPKI DER goes to der (cap bytes), checked with
 * dtls_spki_parse; its length, or -1. */
long dtls_posix_load_public_key(const char *path, uint8_t *der, size_t cap, uint8_t *scratch, size_t scratch_cap,
                                char *err, size_t err_cap);
#endif

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_H */
