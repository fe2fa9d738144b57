/* hs_common.h - what the handshake and record benchmarks share (hs_cost.c:
 * instructions under callgrind; hs_perf.c: handshakes per CPU-second, wire
 * and memory; bench_x86_records.c: records through each record layer): the
 * in-memory datagram queues joining a client and a server in one process,
 * the cases, the parameters of a run, and what each implementation provides
 * (hs_dtls.c, hs_openssl.c, hs_gnutls.c, hs_mbedtls.c, hs_wolfssl.c). */
#ifndef HS_COMMON_H
#define HS_COMMON_H

#include <stddef.h>
#include <stdint.h>

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
    unsigned ske_group;             /* the named group of the last ServerKeyExchange seen (ECDHE), or 0 */
    uint32_t hs_types;              /* bit t: an epoch-0 handshake message of type t (< 32) was pushed */
    unsigned long flights;          /* runs of pushes, each begun after the receiver of the other direction
                                     * read something (its answer) or hs_one started a handshake */
    int flight_open;                /* 0: the next push begins a flight */
    struct hs_queue *reverse;       /* the other direction (set by hs_one), whose flight a pop here ends */
} hs_queue;

/* 0, or -1 when the queue is full or the datagram too big (nothing is lost
 * silently: the run then fails). */
int hs_q_push(hs_queue *q, const void *data, size_t len);
/* The oldest datagram's length (copied to out, truncated to cap), or -1 when empty. */
int hs_q_pop(hs_queue *q, void *out, size_t cap);
/* As hs_q_pop, but the datagram stays queued. */
int hs_q_peek(const hs_queue *q, void *out, size_t cap);
/* Drops every datagram waiting (the counters stay). */
void hs_q_clear(hs_queue *q);

/* The handshakes (the group of every ECDHE case is checked on the wire: the
 * named group of the server's ServerKeyExchange).  Every ECDHE_ECDSA case: a P-256 server leaf "localhost"
 * issued directly by a P-256 root that the client holds as its only trust
 * anchor (chain sent: the leaf alone), verified with the validity dates
 * against the system clock and the name; no client certificate.  ECDHE
 * group as named; the certificate stays P-256, so in the X25519 cases both
 * sides list X25519 then P-256 (a TLS 1.2 client's supported_groups also
 * names the curves of the ECDSA keys it accepts, RFC 8422 5.1.1: OpenSSL
 * and mbedTLS refuse the suite otherwise) and X25519 must be chosen.  PSK: a 16-byte key, the
 * identity "bench-client", no hint. */
enum hs_case {
    HS_PSK_CCM8 = 0,         /* TLS_PSK_WITH_AES_128_CCM_8 */
    HS_PSK_GCM,              /* TLS_PSK_WITH_AES_128_GCM_SHA256 */
    HS_ECDHE_PSK_CHACHA,     /* TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, X25519 */
    HS_ECDSA_GCM_P256,       /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    HS_ECDSA_GCM_X25519,
    HS_ECDSA_CCM8_P256,      /* TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 */
    HS_ECDSA_CCM8_X25519,
    HS_ECDSA_CHACHA_P256,    /* TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 */
    HS_ECDSA_CHACHA_X25519,
    HS_N_CASES
};

enum hs_kx { HS_KX_PSK, HS_KX_ECDHE_PSK, HS_KX_ECDHE_ECDSA };
enum hs_group { HS_GROUP_NONE = 0, HS_GROUP_P256, HS_GROUP_X25519 };
enum hs_aead { HS_AEAD_GCM = 0, HS_AEAD_CCM8, HS_AEAD_CHACHA, HS_N_AEADS };

typedef struct hs_case_info {
    const char *name;  /* command-line name, e.g. "ecdsa-gcm-p256" */
    const char *op;    /* BENCH operation prefix, e.g. "hs_ecdhe_ecdsa_p256_aes128gcm" */
    uint16_t suite;    /* IANA number */
    int kx, group, aead;
} hs_case_info;

extern const hs_case_info hs_cases[HS_N_CASES];
/* 1 when the case lists P-256 after X25519 (an X25519 case with a P-256 certificate). */
#define HS_ALSO_P256(ci) ((ci)->kx == HS_KX_ECDHE_ECDSA && (ci)->group == HS_GROUP_X25519)
extern const char *const hs_aead_names[HS_N_AEADS]; /* "aes128gcm", "aes128ccm8", "chacha20poly1305" */
/* The case number of a command-line name, or -1. */
int hs_case_by_name(const char *name);

#define HS_MAX_PAIRS 2 /* client/server pairs alive at once (indices 0 and 1) */

/* A run: n_handshakes complete handshakes one after the other, each on a
 * fresh client/server connection pair made just before it (0: everything up
 * to the first handshake is done, including the first pair's set-up, and the
 * program stops there).  to_client / to_server: the link. */
typedef struct hs_run {
    int hs_case;
    int n_handshakes;
    int x86_hooks;   /* dtls.h with port/x86.c's hooks: 1 on the client only, 2 on both sides (records only) */
    hs_queue *to_client, *to_server;
    const char *unsupported; /* set by setup when it answers HS_UNSUPPORTED: why (one line) */
    int resume;              /* HS_RESUME_*: dtls.h only (hs_drive answers HS_UNSUPPORTED for the others) */
    int expect_resumed;      /* set by hs_drive: this handshake must be an abbreviated one */
    int verbose;             /* hs_one prints each handshake's wire on stderr (hs_cost) */
    int n_done;              /* handshakes hs_one completed */
    int prime;               /* 0, or 1: one handshake (full) done by hs_drive as part of the set-up, before the
                              * n_handshakes counted (a session to resume) */
} hs_run;

/* Session resumption runs (hs_cost's MODE): the first handshake is a full one
 * in a configuration that lets the session resume, each later one (a fresh
 * pair, the client restoring the session the previous handshake saved) must
 * be abbreviated (RFC 5246 7.3), still after the cookie exchange.
 *   HS_RESUME_TICKET  the server issues session tickets (RFC 5077) and keeps
 *                     no cache; the client offers the ticket
 *   HS_RESUME_ID      tickets off on both sides; the server's session cache
 *                     (one slot per pair), the client offers the session ID */
enum { HS_RESUME_NONE = 0, HS_RESUME_TICKET, HS_RESUME_ID };

#define HS_UNSUPPORTED 3 /* setup's answer (and the programs' exit code) for a case a build cannot do */

/* An implementation.  Each function returns 0, or nonzero after a message on
 * stderr (setup: HS_UNSUPPORTED with run->unsupported set, nothing printed).
 *   setup       library, keys, certificates, contexts for run->hs_case
 *   make_pair   a fresh client/server pair in slot i (0 .. HS_MAX_PAIRS - 1)
 *   handshake   the handshake on pair i, checking suite, group and (ECDSA)
 *               the server's verified certificate
 *   close_pair  the client sends close_notify, the server reads it, both
 *               connections are released (slot i can be made again)
 *   c_write / s_write   one application record of len bytes from the client
 *               / the server of pair i (into the queue)
 *   c_read / s_read     the data of the next record waiting for the client /
 *               the server of pair i: its length, or -1 (none or failure)
 *   own_bytes   memory the caller provides for one client+server pair
 *               (dtls.h, which allocates nothing; established: without the
 *               handshake scratch, which returns to the endpoint's pool), or
 *               NULL (heap: measured by hs_perf.c)
 *   teardown    frees everything setup made (setup may run again) */
typedef struct hs_impl {
    const char *name; /* hs_cost's IMPL argument, the BENCH lines' implementation, the messages' prefix */
    int (*setup)(hs_run *run);
    int (*make_pair)(hs_run *run, int i);
    int (*handshake)(hs_run *run, int i);
    int (*close_pair)(hs_run *run, int i);
    int (*c_write)(hs_run *run, int i, const unsigned char *data, size_t len);
    int (*s_write)(hs_run *run, int i, const unsigned char *data, size_t len);
    int (*c_read)(hs_run *run, int i, unsigned char *out, size_t cap);
    int (*s_read)(hs_run *run, int i, unsigned char *out, size_t cap);
    size_t (*own_bytes)(hs_run *run, int established);
    void (*teardown)(hs_run *run);
} hs_impl;

extern const hs_impl hs_impl_dtls, hs_impl_openssl, hs_impl_gnutls, hs_impl_mbedtls, hs_impl_wolfssl;
#define HS_N_IMPLS 5
extern const hs_impl *const hs_impls[HS_N_IMPLS]; /* in the tables' column order */
/* The implementation of a name, or NULL. */
const hs_impl *hs_impl_by_name(const char *name);

/* One handshake on pair i, made just before (make_pair + handshake), and the
 * check that the server did the HelloVerifyRequest exchange and, on the wire,
 * that the handshake was full (ClientKeyExchange) or, with
 * run->expect_resumed, abbreviated (no Certificate, ServerKeyExchange,
 * ServerHelloDone or ClientKeyExchange): 0, or 1 after a message.  With
 * run->verbose, one line on stderr:
 *   hs_wire: handshake K full|resumed: client D datagrams B bytes F flights; server D datagrams B bytes F flights */
int hs_one(hs_run *run, const hs_impl *impl, int i);
/* The callgrind run (hs_cost): setup, then prime + n_handshakes (at most
 * HS_MAX_RUN) times hs_one on pair 0, closing the previous pair before each
 * but the first (with n_handshakes 0: setup, the prime handshake and its
 * close, and make_pair(0)).  0 when every handshake completed,
 * HS_UNSUPPORTED, or 1. */
#define HS_MAX_RUN 16
int hs_drive(hs_run *run, const hs_impl *impl);

/* CPU time of this process in seconds (CLOCK_PROCESS_CPUTIME_ID). */
double hs_cpu_seconds(void);

/* The PSK case's identity and key (both sides). */
#define HS_PSK_IDENTITY "bench-client"
#define HS_SERVER_NAME "localhost"
extern const unsigned char hs_psk[16];

#endif /* HS_COMMON_H */
