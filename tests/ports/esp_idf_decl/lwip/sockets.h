/* lwip/sockets.h - ESP-IDF components/lwip/lwip/src/include/lwip/sockets.h
 * (espressif/esp-lwip, lwIP 2.1.3 based; the same in upstream lwIP 2.1.3):
 * the types, constants and lwip_* functions the port calls, IPv6 enabled
 * (ESP-IDF's default CONFIG_LWIP_IPV6=y). */
#ifndef DTLS_DECL_LWIP_SOCKETS_H
#define DTLS_DECL_LWIP_SOCKETS_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/time.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef uint8_t sa_family_t; /* sockets.h: typedef u8_t sa_family_t */
typedef uint32_t socklen_t;  /* sockets.h: typedef u32_t socklen_t */
struct sockaddr {            /* sockets.h */
    uint8_t sa_len;
    sa_family_t sa_family;
    char sa_data[14];
};
struct sockaddr_storage {    /* sockets.h (LWIP_IPV6) */
    uint8_t s2_len;
    sa_family_t ss_family;
    char s2_data1[2];
    uint32_t s2_data2[3];
    uint32_t s2_data3[3];
};
#define SOCK_DGRAM 2       /* sockets.h */
#define SO_RCVTIMEO 0x1006 /* sockets.h */
#define SOL_SOCKET 0xfff   /* sockets.h */
#define AF_UNSPEC 0        /* sockets.h */
#define AF_INET 2          /* sockets.h */
#define AF_INET6 10        /* sockets.h (LWIP_IPV6) */
#define MSG_DONTWAIT 0x08  /* sockets.h */
int lwip_socket(int domain, int type, int protocol);                            /* sockets.h */
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);        /* sockets.h */
int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen); /* sockets.h */
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags);          /* sockets.h */
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags, const struct sockaddr *to,
                    socklen_t tolen);                                           /* sockets.h */
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from,
                      socklen_t *fromlen);                                      /* sockets.h */
int lwip_close(int s);                                                          /* sockets.h */
#ifdef __cplusplus
}
#endif
#endif
