/* fp_app.h - the application side of `make size`'s named configurations
 * (tools/size.py), written once for the three programs that need the same
 * settings: the footprint program (tests/footprint/fp_program.c, linked for
 * its flash and RAM), the host recorder (fp_record.c: the subject and its
 * peer in memory) and the bare-metal replay (fp_replay.c: the subject alone,
 * measuring its stack).  Whatever changes bytes on the wire (identity, key,
 * suites, groups, MTU, flags, names) is set here, so the replayed subject
 * sends what the recorded one sent.
 *
 * FP_CONF (set by size.py with the library options of the configuration):
 *   1 psk-client    TLS_PSK_WITH_AES_128_CCM_8, client only
 *   2 rpk-client    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, P-256, the server's
 *                   raw public key (RFC 7250) pinned by the verify callback
 *   3 x509-client   the same suite, the server's leaf + intermediate
 *                   verified up to a root anchor (tests/proto/certdata.h)
 *   4 psk-server-4  TLS_PSK_WITH_AES_128_CCM_8 server, 4 connection slots
 *   5 full          everything compiled in, a client offering every suite
 *                   (the recorded session: ECDHE-ECDSA-CCM_8 with X.509)
 * The includer has included dtls.h; the footprint program defines
 * FP_PROGRAM 1 (it has no use for the session's payloads). */
#ifndef DTLS_BAREMETAL_FP_APP_H
#define DTLS_BAREMETAL_FP_APP_H

#ifndef FP_CONF
#error "FP_CONF must name a configuration (1..5, tools/size.py)"
#endif
#ifndef FP_PROGRAM
#define FP_PROGRAM 0
#endif
#define FP_PSK_CLIENT 1
#define FP_RPK_CLIENT 2
#define FP_X509_CLIENT 3
#define FP_PSK_SERVER 4
#define FP_FULL 5
#define FP_IS_SERVER (FP_CONF == FP_PSK_SERVER)
#define FP_ECDSA (FP_CONF == FP_RPK_CLIENT || FP_CONF == FP_X509_CLIENT || FP_CONF == FP_FULL)
#define FP_X509 (FP_CONF == FP_X509_CLIENT || FP_CONF == FP_FULL)
/* the suite of the recorded session */
#define FP_SUITE (FP_ECDSA ? DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 : DTLS_PSK_WITH_AES_128_CCM_8)

#if FP_ECDSA && !DTLS_ENABLE_CERTS
#error "this configuration needs DTLS_ENABLE_CERTS 1"
#endif
#if FP_X509
#include "../proto/certdata.h"
#endif

#define FP_MTU 512  /* the datagram buffers, tx and rx */
#define FP_SLOTS 4  /* psk-server-4 */
#define FP_N_HS 1   /* handshake scratch areas (a server: one handshake at a time) */

static const uint8_t fp_identity[16] = {'f', 'o', 'o', 't', 'p', 'r', 'i', 'n', 't', '-', 'c', 'l', 'i', 'e', 'n', 't'};
static const uint8_t fp_psk[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                   0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static const uint8_t fp_server_addr[4] = {192, 0, 2, 1};
static const uint8_t fp_client_addr[4] = {192, 0, 2, 2};

#if !FP_ECDSA
static const uint16_t fp_suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
#elif FP_CONF != FP_FULL
static const uint16_t fp_suites[1] = {DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8};
static const uint16_t fp_groups[1] = {DTLS_GROUP_SECP256R1};
#endif
#if FP_X509
/* the anchor the client trusts: the root of certdata.h's P-256 chain */
static const dtls_blob fp_anchor = {cd_root, sizeof cd_root};
#endif

/* The subject's settings (without the callbacks, which the includer sets:
 * send, now, hooks, user; for raw public keys verify, with X.509 wall_time;
 * for the server on_connect, on_data, on_close). */
static void fp_config(dtls_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->mtu = FP_MTU;
#if FP_IS_SERVER
    cfg->role = DTLS_ROLE_SERVER;
#else
    cfg->role = DTLS_ROLE_CLIENT;
#endif
#if FP_CONF == FP_FULL
    /* every suite compiled in, PSK included; the recorded server answers
     * with ECDHE-ECDSA-CCM_8 (its only suite) */
    cfg->psk_identity = fp_identity;
    cfg->psk_identity_len = sizeof fp_identity;
    cfg->psk = fp_psk;
    cfg->psk_len = sizeof fp_psk;
#else
    cfg->suites = fp_suites;
    cfg->n_suites = 1;
#if FP_ECDSA
    cfg->groups = fp_groups;
    cfg->n_groups = 1;
#else
    cfg->psk_identity = fp_identity;
    cfg->psk_identity_len = sizeof fp_identity;
    cfg->psk = fp_psk;
    cfg->psk_len = sizeof fp_psk;
#endif
#endif
#if FP_CONF == FP_RPK_CLIENT
    cfg->flags = DTLS_CFG_RPK;
#endif
#if FP_X509
    cfg->trust_anchors = &fp_anchor;
    cfg->n_trust_anchors = 1;
    cfg->server_name = "localhost";
    /* certdata.h's other material is the recorder's (the server's chain) */
    (void)cd_inter;
    (void)cd_srv;
    (void)cd_cli;
    (void)cd_rroot;
    (void)cd_rsrv;
    (void)cd_srv_key;
    (void)cd_cli_key;
    (void)cd_rsrv_key;
#endif
}

#if !FP_PROGRAM /* the recorded session: not part of the footprint program */
/* ---- the session's payloads: the client writes message k, the server
 * answers each with reply k (20 and 400 bytes, then 20 and 300: each
 * within one record at a 512-byte MTU) */
#define FP_MSG0_LEN 20u
#define FP_MSG1_LEN 400u
#define FP_REP0_LEN 20u
#define FP_REP1_LEN 300u

/* byte i of payload k (0, 1: the client's messages; 2, 3: the replies) */
static uint8_t fp_byte(unsigned k, size_t i)
{
    return (uint8_t)(i * (7u + 2u * k) + 3u * k + 1u);
}

static size_t fp_len(unsigned k)
{
    return k == 0 ? FP_MSG0_LEN : k == 1 ? FP_MSG1_LEN : k == 2 ? FP_REP0_LEN : FP_REP1_LEN;
}

static void fp_fill(unsigned k, uint8_t *out)
{
    size_t i, n = fp_len(k);
    for (i = 0; i < n; i++)
        out[i] = fp_byte(k, i);
}

/* 1 when data is payload k exactly */
static int fp_is(unsigned k, const uint8_t *data, size_t len)
{
    size_t i;
    if (len != fp_len(k))
        return 0;
    for (i = 0; i < len; i++)
        if (data[i] != fp_byte(k, i))
            return 0;
    return 1;
}

/* the deterministic "entropy" seeds (xorshift.h) of the client and the server */
#define FP_SEED_CLIENT UINT64_C(0x0123456789ABCDEF)
#define FP_SEED_SERVER UINT64_C(0xFEDCBA9876543210)
/* the clock at the start (it wraps during the session) */
#define FP_T0 UINT32_C(0xFFFFF000)
#if FP_X509
/* 2027-06-01T00:00:00Z: inside certdata.h's validity */
#define FP_WALL INT64_C(1811808000)

static int fp_wall(void *user, int64_t *t)
{
    (void)user;
    *t = FP_WALL;
    return 0;
}
#endif

/* ---- the server's application in the recorded session (fp_record.c's
 * server, fp_replay.c's psk-server-4 subject): it counts connections and
 * closes, takes the client's message k (0, 1) and notes reply k + 2, which
 * its caller writes after dtls_server_input returns (as the footprint
 * program does); any other message is counted in bad */
static struct {
    int connected, ndata, closed, close_reason, bad;
    dtls_conn *reply_to;
    unsigned reply_k;
} fp_srv;

static inline void fp_on_connect(void *user, dtls_conn *conn)
{
    (void)user;
    (void)conn;
    fp_srv.connected++;
}

static inline void fp_on_data(void *user, dtls_conn *conn, const uint8_t *data, size_t len)
{
    unsigned k = (unsigned)fp_srv.ndata++;
    (void)user;
    if (k > 1 || !fp_is(k, data, len)) {
        fp_srv.bad++;
        return;
    }
    fp_srv.reply_to = conn;
    fp_srv.reply_k = 2 + k;
}

static inline void fp_on_close(void *user, dtls_conn *conn, int reason)
{
    (void)user;
    (void)conn;
    fp_srv.closed++;
    fp_srv.close_reason = reason;
}
#endif /* !FP_PROGRAM */

#endif /* DTLS_BAREMETAL_FP_APP_H */
