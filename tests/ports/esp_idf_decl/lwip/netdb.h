/* lwip/netdb.h - ESP-IDF components/lwip/lwip/src/include/lwip/netdb.h
 * (espressif/esp-lwip; the same in upstream lwIP 2.1.3). */
#ifndef DTLS_DECL_LWIP_NETDB_H
#define DTLS_DECL_LWIP_NETDB_H
#include "lwip/sockets.h"
#ifdef __cplusplus
extern "C" {
#endif
struct addrinfo {          /* netdb.h */
    int ai_flags;
    int ai_family;
    int ai_socktype;
    int ai_protocol;
    socklen_t ai_addrlen;
    struct sockaddr *ai_addr;
    char *ai_canonname;
    struct addrinfo *ai_next;
};
void lwip_freeaddrinfo(struct addrinfo *ai); /* netdb.h */
int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
                     struct addrinfo **res); /* netdb.h */
#ifdef __cplusplus
}
#endif
#endif
