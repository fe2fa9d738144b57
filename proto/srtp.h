/* srtp.h - DTLS-SRTP's use_srtp extension (RFC 5764 4.1), between the
 * hellos (handshake.c) and srtp.c: the client offers cfg.srtp_profiles with
 * an empty MKI, the server picks the first of its own list the client
 * offered, and dtls_conn_srtp_profile names the result; the keys come from
 * the exporter (cfg.on_keys, label "EXTRACTOR-dtls_srtp", RFC 5764 4.2).
 * Built without it (DTLS_ENABLE_SRTP 0) the functions are stubs: nothing is
 * offered or answered, a server's use_srtp is unsupported_extension. */
#ifndef DTLS_SRTP_H
#define DTLS_SRTP_H

#include "api.h"

DTLS__EXTERN_C_BEGIN

struct dtls__client_hello;
struct dtls__client_hello_out;
struct dtls__server_hello;
struct dtls__server_hello_out;

/* Client: the extension in our ClientHello (when cfg lists profiles). */
DTLS__PRIV void dtls__srtp_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o);
/* Client: the ServerHello's answer; sets the connection's profile.  0, or
 * (the alert sent, the connection failed) unsupported_extension when we
 * offered none, illegal_parameter for a profile we did not offer or an MKI
 * (we offered none: RFC 5764 4.1.1). */
DTLS__PRIV int dtls__srtp_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh);
/* Server: the ClientHello's offer against cfg's profiles; sets the
 * connection's profile (0: none in common, or no offer). */
DTLS__PRIV void dtls__srtp_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch);
/* Server: our answer in the ServerHello (when a profile was chosen). */
DTLS__PRIV void dtls__srtp_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o);

DTLS__EXTERN_C_END

#endif /* DTLS_SRTP_H */
