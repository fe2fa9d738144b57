/* heartbeat.h - heartbeat (RFC 6520) as a NAT keep-alive, between the
 * handshakes (the extension), the engine (records of content type 24, the
 * timer, the deadline) and heartbeat.c.  Built without it
 * (DTLS_ENABLE_HEARTBEAT 0) the functions are stubs: nothing is offered, a
 * server's heartbeat extension is unsupported_extension, type-24 records are
 * dropped, there is no timer; so the callers need no feature #if. */
#ifndef DTLS_HEARTBEAT_H
#define DTLS_HEARTBEAT_H

#include "api.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__CT_HEARTBEAT 24        /* the record content type (RFC 6520 §3) */
#define DTLS__HB_MODE_ALLOWED 1      /* HeartbeatMode peer_allowed_to_send (RFC 6520 §2) */
#define DTLS__HB_MODE_NOT_ALLOWED 2  /* ... peer_not_allowed_to_send */
#define DTLS__HB_REQUEST 1           /* HeartbeatMessageType heartbeat_request (§3) */
#define DTLS__HB_RESPONSE 2          /* ... heartbeat_response */
#define DTLS__HB_PAD 16              /* the padding we send, and the least a message has (§4) */

/* dtls_conn.dtls__hb */
#define DTLS__HB_ON 0x01       /* negotiated: both hellos carried the extension */
#define DTLS__HB_ANSWER 0x02   /* we said peer_allowed_to_send: the peer's requests are answered */
#define DTLS__HB_MAY_SEND 0x04 /* the peer said peer_allowed_to_send: we may send requests */
#define DTLS__HB_INFLIGHT 0x08 /* our request awaits its response (one at a time, §3) */

struct dtls__client_hello;
struct dtls__client_hello_out;
struct dtls__server_hello;
struct dtls__server_hello_out;

/* Client: the extension in our ClientHello (with DTLS_CFG_HEARTBEAT). */
DTLS__PRIV void dtls__hb_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o);
/* Client: the ServerHello's answer.  0, or (the alert sent, the connection
 * failed) unsupported_extension when we offered none, illegal_parameter for
 * an unknown mode (§2). */
DTLS__PRIV int dtls__hb_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh);
/* Server: the ClientHello's extension, taken when we have DTLS_CFG_HEARTBEAT;
 * 0 or illegal_parameter (sent) for an unknown mode. */
DTLS__PRIV int dtls__hb_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch);
/* Server: our answer in the ServerHello (when negotiated). */
DTLS__PRIV void dtls__hb_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o);
/* A record of content type 24, authenticated (epoch: the record's; body and
 * len: its plaintext).  Answers a request, takes a response, or drops the
 * record (counted).  0, or an error that failed the connection. */
DTLS__PRIV int dtls__hb_record(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len);
/* The timer: sends a request when due, retransmits it, or fails the
 * connection with DTLS_ERR_TIMEOUT after retransmit_limit. */
DTLS__PRIV int dtls__hb_timer(dtls_conn *conn, uint32_t now);
/* 1 and *at when the heartbeat has a deadline (dtls_conn_deadline joins it). */
DTLS__PRIV int dtls__hb_deadline(const dtls_conn *conn, uint32_t *at);

DTLS__EXTERN_C_END

#endif /* DTLS_HEARTBEAT_H */
