/* hs_common.h - what the handshake-cost benchmark's parts share (see
 * hs_cost.c): the in-memory datagram queues joining a client and a server in
 * one process, the parameters of a run, and the run driver with what it
 * calls in each implementation. */
#ifndef HS_COMMON_H
#define HS_COMMON_H

#include <stddef.h>

#define HS_QMAX 64    /* datagrams waiting in one direction */
#define HS_DMAX 2048  /* largest datagram */
#define HS_MTU 1232   /* the UDP payload every implementation is given (dtls.h's default) */
#define HS_ROUNDS 32  /* flights exchanged before a handshake counts as stuck */

/* One direction of the link: a FIFO of whole datagrams, never merged or split. */
typedef struct hs_queue {
    unsigned char d[HS_QMAX][HS_DMAX];
    size_t len[HS_QMAX];
    int head, n;
    unsigned long datagrams, bytes; /* everything ever pushed */
    unsigned long hello_verify;     /* of which datagrams starting with a HelloVerifyRequest record */
} hs_queue;

/* 0, or -1 when the queue is full or the datagram too big (nothing is lost
 * silently: the run then fails). */
int hs_q_push(hs_queue *q, const void *data, size_t len);
/* The oldest datagram's length (copied to out, truncated to cap), or -1 when empty. */
int hs_q_pop(hs_queue *q, void *out, size_t cap);

enum hs_case { HS_ECDSA = 0, HS_PSK = 1 };

/* A run: n_handshakes complete handshakes one after the other, each on a
 * fresh client/server connection pair made just before it (0: everything up
 * to the first handshake is done, including the first pair's set-up, and the
 * program stops there).  to_client / to_server: the link.  Each returns 0
 * when every handshake completed with the expected suite and the client
 * verified the server (ECDSA case), nonzero otherwise (with a message). */
typedef struct hs_run {
    int hs_case;
    int n_handshakes;
    hs_queue *to_client, *to_server;
} hs_run;

#define HS_MAX_PAIRS 2 /* client/server pairs one run makes: hs_cost's N is at most 2 */

/* An implementation, as hs_drive runs it: setup once (library, keys,
 * certificates, contexts), then for each pair i (0 .. n_handshakes - 1)
 * make_pair (a fresh client/server pair) and handshake (the handshake on it,
 * checking the outcome).  Each returns 0, or nonzero after a message. */
typedef struct hs_impl {
    const char *name; /* hs_cost's IMPL argument, and the messages' prefix */
    int (*setup)(hs_run *run);
    int (*make_pair)(hs_run *run, int i);
    int (*handshake)(hs_run *run, int i);
} hs_impl;

extern const hs_impl hs_impl_dtls, hs_impl_openssl, hs_impl_mbedtls;

/* The run: 0 when every handshake completed (or, with n_handshakes 0, when
 * the first pair is made), 1 otherwise. */
int hs_drive(hs_run *run, const hs_impl *impl);

/* The PSK case's identity and key (both sides). */
#define HS_PSK_IDENTITY "bench-client"
#define HS_SERVER_NAME "localhost"
extern const unsigned char hs_psk[16];

#endif /* HS_COMMON_H */
