/* hs_common.h - what the handshake-cost benchmark's parts share (see
 * hs_cost.c): the in-memory datagram queues joining a client and a server in
 * one process, the parameters of a run, and one entry point per
 * implementation. */
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

int hs_run_dtls(hs_run *run);
int hs_run_openssl(hs_run *run);
int hs_run_mbedtls(hs_run *run);

/* The PSK case's identity and key (both sides). */
#define HS_PSK_IDENTITY "bench-client"
#define HS_SERVER_NAME "localhost"
extern const unsigned char hs_psk[16];

#endif /* HS_COMMON_H */
