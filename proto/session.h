/* session.h - private interface of session resumption (session.c) for the
 * handshake state machines (handshake.c) and the engine (engine.c).
 *
 * RFC 5246 §7.3 / §7.4.1.2 (resumption by session ID), RFC 5077 (session
 * tickets), RFC 6347 §4.2.4 (the abbreviated handshake's reversed last
 * flight), RFC 7627 §5.3 (no resumption without extended master secret).
 * Built without DTLS_ENABLE_RESUMPTION the entries below are constant
 * macros, so the callers need no feature #if. */
#ifndef DTLS_SESSION_H
#define DTLS_SESSION_H

#include "engine.h"
#include "msg.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__HS_NEW_SESSION_TICKET 4 /* RFC 5077 §3.3 */

/* dtls_hs.dtls__sess_hs */
#define DTLS__SSF_RESUMED 0x01   /* this handshake is abbreviated */
#define DTLS__SSF_TICKET 0x02    /* a NewSessionTicket is sent (server) / expected (client) */
#define DTLS__SSF_OFFER 0x04     /* client: a saved session is offered */
#define DTLS__SSF_TICKET_EXT 0x08 /* client: session_ticket offered */
#define DTLS__SSF_BY_TICKET 0x10 /* server: resumed from a ticket */
#define DTLS__SSF_PEER 0x20      /* server: dtls__peer_hash is set */
#define DTLS__SSF_CLIENT_CERT 0x40 /* server: ... from a client certificate */
/* dtls_conn.dtls__sess_flags */
#define DTLS__SSC_RESUMED 0x01   /* the handshake was abbreviated */

#if DTLS_ENABLE_RESUMPTION
/* dtls_ctx_init (server): the ticket secret (cfg->ticket_secret or random). */
DTLS__PRIV int dtls__sess_ctx_init(dtls_ctx *ctx);
/* Client, at the start of a handshake: what is offered (0, or an error). */
DTLS__PRIV int dtls__sess_c_start(dtls_conn *conn);
/* Client: session_id and session_ticket of each ClientHello written. */
DTLS__PRIV void dtls__sess_c_hello(const dtls_conn *conn, dtls__client_hello_out *o);
/* Client: the ServerHello.  1: the offered session is resumed (its master
 * secret is in dtls_hs); 0: a full handshake; else the fatal alert sent. */
DTLS__PRIV int dtls__sess_c_server_hello(dtls_conn *conn, const dtls__server_hello *sh);
/* Client: a NewSessionTicket body.  0 or the fatal alert sent. */
DTLS__PRIV int dtls__sess_c_ticket(dtls_conn *conn, const uint8_t *body, size_t len);
/* Server: the ClientHello.  1: it resumes a session (conn's suite and the
 * master secret set); 0: a full handshake (which may make a session). */
DTLS__PRIV int dtls__sess_s_client_hello(dtls_conn *conn, const dtls__client_hello *ch);
/* Server: session_id and session_ticket of our ServerHello. */
DTLS__PRIV void dtls__sess_s_hello_out(const dtls_conn *conn, dtls__server_hello_out *o);
/* Server: adds a NewSessionTicket to the flight when one is due.  0 or an error. */
DTLS__PRIV int dtls__sess_s_ticket(dtls_conn *conn);
/* The handshake completed (dtls_hs still there): the session is kept. */
DTLS__PRIV void dtls__sess_done(dtls_conn *conn);
/* A fatal alert ended conn: its session is forgotten (RFC 5246 §7.2). */
DTLS__PRIV void dtls__sess_forget(dtls_conn *conn);
#define dtls__sess_resumed(conn) (((conn)->dtls__hs->dtls__sess_hs & DTLS__SSF_RESUMED) != 0)
#define dtls__sess_expect_ticket(conn) (((conn)->dtls__hs->dtls__sess_hs & DTLS__SSF_TICKET) != 0)
/* Server: conn's last flight (full handshake) carried a NewSessionTicket, which the
 * duty cannot regenerate from verify_data: the flight (in dtls_hs) is kept while the
 * duty lasts, unless the pool needs the scratch (engine.c). */
#define dtls__sess_linger(conn)                                                                                     \
    ((conn)->dtls__role == DTLS_ROLE_SERVER && (conn)->dtls__hs != NULL &&                                          \
     ((conn)->dtls__hs->dtls__sess_hs & (DTLS__SSF_TICKET | DTLS__SSF_RESUMED)) == DTLS__SSF_TICKET)
#else
#define dtls__sess_ctx_init(ctx) ((void)(ctx), 0)
#define dtls__sess_c_start(conn) ((void)(conn), 0)
#define dtls__sess_c_hello(conn, o) ((void)(conn), (void)(o))
#define dtls__sess_c_server_hello(conn, sh) ((void)(conn), (void)(sh), 0)
#define dtls__sess_c_ticket(conn, body, len) ((void)(body), (void)(len), dtls__fatal(conn, DTLS_ALERT_UNEXPECTED_MESSAGE))
#define dtls__sess_s_client_hello(conn, ch) ((void)(conn), (void)(ch), 0)
#define dtls__sess_s_hello_out(conn, o) ((void)(conn), (void)(o))
#define dtls__sess_s_ticket(conn) ((void)(conn), 0)
#define dtls__sess_done(conn) ((void)(conn))
#define dtls__sess_forget(conn) ((void)(conn))
#define dtls__sess_resumed(conn) ((void)(conn), 0)
#define dtls__sess_expect_ticket(conn) ((void)(conn), 0)
#define dtls__sess_linger(conn) ((void)(conn), 0)
#endif

DTLS__EXTERN_C_END

#endif /* DTLS_SESSION_H */
