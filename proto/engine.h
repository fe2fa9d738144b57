/* engine.h - private interface between the connection engine (engine.c,
 * handshake state machines) and the multi-peer server (server.c).  The
 * engine's author owns this file and may add to it; these entries are the
 * contract the server is written against. */
#ifndef DTLS_ENGINE_H
#define DTLS_ENGINE_H

#include "api.h"

DTLS__EXTERN_C_BEGIN

/* Prepares a free slot as a server connection for the peer at addr whose
 * ClientHello (in the datagram the server passes next to dtls_conn_input)
 * carries a valid cookie; takes a dtls_hs from ctx's pool.
 * DTLS_ERR_NO_SLOT when no handshake scratch is free. */
DTLS__PRIV int dtls__conn_accept(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len);
/* Frees the slot (wiping its secrets) and its handshake scratch, if any.
 * Calls no notification. */
DTLS__PRIV void dtls__conn_release(dtls_conn *conn);
/* 1 when the slot is free (never used, or released). */
DTLS__PRIV int dtls__conn_is_free(const dtls_conn *conn);
/* 1 when conn's peer address is exactly addr. */
DTLS__PRIV int dtls__conn_addr_equal(const dtls_conn *conn, const uint8_t *addr, size_t addr_len);
/* The client_random of the ClientHello that created conn (32 bytes): a new
 * ClientHello with the same random is a retransmission, never a reconnect. */
DTLS__PRIV const uint8_t *dtls__conn_client_random(const dtls_conn *conn);
/* 1 while conn is still handshaking, 0 once established or failed. */
DTLS__PRIV int dtls__conn_handshaking(const dtls_conn *conn);
/* 1 when a handshaking conn already reads epoch 1 (the peer's
 * ChangeCipherSpec arrived): the server then routes epoch-1 records from this
 * address to it rather than to the older connection (RFC 6347 4.2.8). */
DTLS__PRIV int dtls__conn_reads_epoch1(const dtls_conn *conn);
/* Time (now) of the last authenticated record from the peer (or of the
 * accept): the idle timeout counts from here. */
DTLS__PRIV uint32_t dtls__conn_last_heard(const dtls_conn *conn);

DTLS__EXTERN_C_END

#endif /* DTLS_ENGINE_H */
