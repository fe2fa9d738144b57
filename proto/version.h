/* version.h - the library's version: DTLS_VERSION is one comparable number
 * (major << 16 | minor << 8 | patch); line 1 of the generated headers and
 * every package manifest (library.properties, library.json,
 * idf_component.yml) carry the same DTLS_VERSION_STRING (tests/run.sh,
 * stage docs). */
#ifndef DTLS_VERSION_H
#define DTLS_VERSION_H

#define DTLS_VERSION_MAJOR 0
#define DTLS_VERSION_MINOR 3
#define DTLS_VERSION_PATCH 0
#define DTLS_VERSION_STRING "0.3.0"
#define DTLS_VERSION ((DTLS_VERSION_MAJOR << 16) | (DTLS_VERSION_MINOR << 8) | DTLS_VERSION_PATCH)

#endif /* DTLS_VERSION_H */
