/* version.h - the library's version.
 *
 * dtls.h so far holds the crypto core (dtls_crypto.h) and this header; the
 * DTLS 1.2 record layer, handshake engine and server helper are added module
 * by module in proto/ (see README.md, "Status"). */
#ifndef DTLS_VERSION_H
#define DTLS_VERSION_H

#define DTLS_VERSION_MAJOR 0
#define DTLS_VERSION_MINOR 1
#define DTLS_VERSION_PATCH 0
#define DTLS_VERSION_STRING "0.1.0"

#endif /* DTLS_VERSION_H */
