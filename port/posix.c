/* posix.c - Linux / POSIX port: entropy from getrandom(2) (or /dev/urandom),
 * time from CLOCK_MONOTONIC, UDP sockets (BSD sockets and poll(2)), and the
 * certificate and key file loaders of the Linux tools (stdio, PEM and DER
 * through the library's dtls_pem_decode / dtls_x509_parse /
 * dtls_private_key_parse: a program linking this file links dtls.h's
 * implementation too). */
#if !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "../dtls.h"
#include "port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
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

int dtls_posix_addr_lookup(const char *host, const char *port, uint8_t *addr, size_t *addr_len, char *err,
                           size_t err_cap)
{
    struct addrinfo hints, *res = NULL;
    int rc;
    if (err != NULL && err_cap > 0)
        err[0] = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV | (host == NULL ? AI_PASSIVE : 0);
    if (host == NULL)
        host = "::";
    rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0 || res == NULL) {
        if (err != NULL && err_cap > 0) /* the resolver's own words; errno only for EAI_SYSTEM */
            snprintf(err, err_cap, "%s", rc == EAI_SYSTEM ? strerror(errno) : rc != 0 ? gai_strerror(rc)
                                                                                      : "no address");
        if (res != NULL)
            freeaddrinfo(res);
        return -1;
    }
    if ((size_t)res->ai_addrlen > *addr_len || (size_t)res->ai_addrlen > DTLS_POSIX_ADDR_MAX) {
        if (err != NULL && err_cap > 0)
            snprintf(err, err_cap, "address longer than %lu bytes", (unsigned long)*addr_len);
        freeaddrinfo(res);
        return -1;
    }
    memcpy(addr, res->ai_addr, (size_t)res->ai_addrlen);
    *addr_len = (size_t)res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

int dtls_posix_addr_parse(const char *host, const char *port, uint8_t *addr, size_t *addr_len)
{
    return dtls_posix_addr_lookup(host, port, addr, addr_len, NULL, 0);
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
    int fd, zero = 0, flags;
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
        /* no address-reuse option: a second program binding the same port
         * must fail with EADDRINUSE rather than share (and steal) its datagrams */
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

int dtls_posix_udp_error(int fd)
{
    int e = 0;
    socklen_t l = (socklen_t)sizeof e;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) < 0)
        return errno;
    return e;
}

void dtls_posix_udp_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

/* ---- files: certificates and keys ---- */

static void dtls__posix_err(char *err, size_t err_cap, const char *path, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (err == NULL || err_cap == 0)
        return;
    n = snprintf(err, err_cap, "%s: ", path);
    if (n < 0 || (size_t)n >= err_cap)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(err + n, err_cap - (size_t)n, fmt, ap);
    va_end(ap);
}

long dtls_posix_read_file(const char *path, uint8_t *buf, size_t cap, char *err, size_t err_cap)
{
    FILE *f;
    size_t n;
    int extra;
    if (path == NULL || buf == NULL) {
        dtls__posix_err(err, err_cap, path ? path : "(null)", "no file or buffer given");
        return -1;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        dtls__posix_err(err, err_cap, path, "cannot open: %s", strerror(errno));
        return -1;
    }
    n = fread(buf, 1, cap, f);
    if (ferror(f)) {
        dtls__posix_err(err, err_cap, path, "read error: %s", strerror(errno));
        fclose(f);
        return -1;
    }
    extra = (n == cap) ? fgetc(f) : EOF;
    fclose(f);
    if (extra != EOF || n > (size_t)LONG_MAX) {
        dtls__posix_err(err, err_cap, path, "larger than the %lu bytes this program reserves for a file",
                        (unsigned long)cap);
        return -1;
    }
    return (long)n;
}

#if DTLS_ENABLE_CERTS

/* 1 when text (len bytes) holds a PEM BEGIN line (anywhere: comments before
 * the first block are allowed by RFC 7468 5.2). */
static int dtls__posix_is_pem(const uint8_t *text, size_t len)
{
    static const char begin[] = "-----BEGIN ";
    size_t i, bl = sizeof begin - 1;
    for (i = 0; i + bl <= len; i++)
        if (memcmp(text + i, begin, bl) == 0)
            return 1;
    return 0;
}

static int dtls__posix_has(const uint8_t *text, size_t len, const char *needle)
{
    size_t i, nl = strlen(needle);
    for (i = 0; i + nl <= len; i++)
        if (memcmp(text + i, needle, nl) == 0)
            return 1;
    return 0;
}

#if DTLS_ENABLE_X509
int dtls_posix_load_certs(const char *path, uint8_t *store, size_t cap, dtls_blob *certs, size_t max,
                          uint8_t *scratch, size_t scratch_cap, char *err, size_t err_cap)
{
    long got = dtls_posix_read_file(path, scratch, scratch_cap, err, err_cap);
    size_t len, off = 0, used = 0, n = 0;
    dtls_x509 x;
    int r;
    if (got < 0)
        return -1;
    len = (size_t)got;
    if (max == 0 || store == NULL || certs == NULL) {
        dtls__posix_err(err, err_cap, path, "no room for certificates");
        return -1;
    }
    if (!dtls__posix_is_pem(scratch, len)) { /* one DER certificate */
        if (len > cap) {
            dtls__posix_err(err, err_cap, path, "certificate larger than %lu bytes", (unsigned long)cap);
            return -1;
        }
        memcpy(store, scratch, len);
        r = dtls_x509_parse(&x, store, len);
        if (r < 0) {
            dtls__posix_err(err, err_cap, path, "neither PEM nor a DER certificate: %s", dtls_strerror(r));
            return -1;
        }
        certs[0].data = store;
        certs[0].len = len;
        return 1;
    }
    for (;;) {
        size_t end = 0;
        r = dtls_pem_decode(store + used, cap - used, (const char *)scratch + off, len - off, "CERTIFICATE", &end);
        if (r == DTLS_ERR_DECODE)
            break; /* no further CERTIFICATE block */
        if (r == DTLS_ERR_BUFFER_TOO_SMALL) {
            dtls__posix_err(err, err_cap, path, "certificates larger than %lu bytes in all", (unsigned long)cap);
            return -1;
        }
        if (r < 0) {
            dtls__posix_err(err, err_cap, path, "certificate %lu: bad PEM block: %s", (unsigned long)(n + 1),
                            dtls_strerror(r));
            return -1;
        }
        if (n == max) {
            dtls__posix_err(err, err_cap, path, "more than %lu certificates", (unsigned long)max);
            return -1;
        }
        {
            int pr = dtls_x509_parse(&x, store + used, (size_t)r);
            if (pr < 0) {
                dtls__posix_err(err, err_cap, path, "certificate %lu: %s", (unsigned long)(n + 1), dtls_strerror(pr));
                return -1;
            }
        }
        certs[n].data = store + used;
        certs[n].len = (size_t)r;
        n++;
        used += (size_t)r;
        if (end == 0 || end > len - off)
            break;
        off += end;
    }
    if (n == 0) {
        dtls__posix_err(err, err_cap, path, "no CERTIFICATE block in this PEM file");
        return -1;
    }
    return (int)n;
}

/* Replaces the certificate in der[0..*len) by its SubjectPublicKeyInfo. */
static int dtls__posix_cert_spki(uint8_t *der, size_t *len)
{
    dtls_x509 x;
    int r = dtls_x509_parse(&x, der, *len);
    if (r < 0)
        return r;
    *len = x.spki.len;
    memmove(der, x.spki.data, x.spki.len);
    return 0;
}
#else
/* Without X.509: a certificate file is refused, a certificate's key too. */
int dtls_posix_load_certs(const char *path, uint8_t *store, size_t cap, dtls_blob *certs, size_t max,
                          uint8_t *scratch, size_t scratch_cap, char *err, size_t err_cap)
{
    (void)store;
    (void)cap;
    (void)certs;
    (void)max;
    (void)scratch;
    (void)scratch_cap;
    dtls__posix_err(err, err_cap, path, "certificates: built without X.509 (DTLS_ENABLE_X509 0)");
    return -1;
}

static int dtls__posix_cert_spki(uint8_t *der, size_t *len)
{
    (void)der;
    (void)len;
    return DTLS_ERR_DISABLED;
}
#endif

int dtls_posix_load_key(const char *path, uint8_t *der, size_t cap, dtls_private_key *key, uint8_t *scratch,
                        size_t scratch_cap, char *err, size_t err_cap)
{
    static const char *const labels[] = {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"};
    long got = dtls_posix_read_file(path, scratch, scratch_cap, err, err_cap);
    size_t len, der_len = 0, i;
    int r = DTLS_ERR_DECODE, ret = -1;
    if (got < 0)
        return -1;
    len = (size_t)got;
    if (dtls__posix_is_pem(scratch, len)) {
        if (dtls__posix_has(scratch, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
            dtls__posix_has(scratch, len, "Proc-Type: 4,ENCRYPTED")) {
            dtls__posix_err(err, err_cap, path,
                            "the key is encrypted (decrypt it first: openssl pkey -in FILE -out PLAIN.pem)");
            goto done;
        }
        for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
            r = dtls_pem_decode(der, cap, (const char *)scratch, len, labels[i], NULL);
            if (r != DTLS_ERR_DECODE)
                break;
        }
        if (r == DTLS_ERR_DECODE) {
            dtls__posix_err(err, err_cap, path, "no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block");
            goto done;
        }
        if (r < 0) {
            dtls__posix_err(err, err_cap, path, "bad %s PEM block: %s", labels[i], dtls_strerror(r));
            goto done;
        }
        der_len = (size_t)r;
    } else {
        if (len > cap) {
            dtls__posix_err(err, err_cap, path, "key larger than %lu bytes", (unsigned long)cap);
            goto done;
        }
        memcpy(der, scratch, len);
        der_len = len;
    }
    r = dtls_private_key_parse(key, der, der_len);
    if (r == DTLS_ERR_CERT_UNSUPPORTED)
        dtls__posix_err(err, err_cap, path, "unsupported private key (P-256, or RSA 2048-%d bits for a server)",
                        (int)DTLS_RSA_MAX_BITS);
    else if (r < 0)
        dtls__posix_err(err, err_cap, path, "not a PKCS#8, SEC1 or PKCS#1 private key: %s", dtls_strerror(r));
    else
        ret = 0;
done:
    dtls_wipe(scratch, len);
    if (ret < 0)
        dtls_wipe(der, cap);
    return ret;
}

long dtls_posix_load_public_key(const char *path, uint8_t *der, size_t cap, uint8_t *scratch, size_t scratch_cap,
                                char *err, size_t err_cap)
{
    long got = dtls_posix_read_file(path, scratch, scratch_cap, err, err_cap);
    size_t len, der_len;
    dtls_public_key pk;
    int r, is_cert = 0;
    if (got < 0)
        return -1;
    len = (size_t)got;
    if (dtls__posix_is_pem(scratch, len)) {
        r = dtls_pem_decode(der, cap, (const char *)scratch, len, "PUBLIC KEY", NULL);
        if (r == DTLS_ERR_DECODE) {
            r = dtls_pem_decode(der, cap, (const char *)scratch, len, "CERTIFICATE", NULL);
            is_cert = 1;
        }
        if (r == DTLS_ERR_DECODE) {
            dtls__posix_err(err, err_cap, path, "no PUBLIC KEY or CERTIFICATE block");
            return -1;
        }
        if (r < 0) {
            dtls__posix_err(err, err_cap, path, "bad PEM block: %s", dtls_strerror(r));
            return -1;
        }
        der_len = (size_t)r;
    } else {
        if (len > cap) {
            dtls__posix_err(err, err_cap, path, "larger than %lu bytes", (unsigned long)cap);
            return -1;
        }
        memcpy(der, scratch, len);
        der_len = len;
        is_cert = dtls_spki_parse(&pk, der, der_len) == DTLS_ERR_CERT_PARSE;
    }
    if (is_cert && (r = dtls__posix_cert_spki(der, &der_len)) < 0) {
        dtls__posix_err(err, err_cap, path, "neither a SubjectPublicKeyInfo nor a certificate: %s", dtls_strerror(r));
        return -1;
    }
    r = dtls_spki_parse(&pk, der, der_len);
    if (r < 0) {
        dtls__posix_err(err, err_cap, path, "public key: %s", dtls_strerror(r));
        return -1;
    }
    return (long)der_len;
}

#endif /* DTLS_ENABLE_CERTS */
