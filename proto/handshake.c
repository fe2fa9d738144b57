/* handshake.c - the DTLS 1.2 handshake state machines (RFC 6347 §4.2, RFC 5246
 * §7.4) for PSK (RFC 4279) and ECDHE_PSK (RFC 5489), one enum per role and one
 * function per state.  Extensions: extended_master_secret (RFC 7627),
 * renegotiation_info (RFC 5746), supported_groups / ec_point_formats (RFC 8422).
 *
 * Flows (full handshake):
 *   client                                   server
 *   ClientHello (seq 0)            -->
 *                                  <--  HelloVerifyRequest (server.c)
 *   ClientHello (seq 1, cookie)    -->  (server.c checks the cookie; this FSM starts here)
 *                                  <--  ServerHello, [ServerKeyExchange], ServerHelloDone
 *   ClientKeyExchange, CCS, Finished -->
 *                                  <--  CCS, Finished
 * Which side sends the last flight is a per-handshake fact (DTLS__HSF_WE_LAST,
 * set where the last flight is built: the server's Finished here; an
 * abbreviated handshake reverses it); flight.c and dtls__complete read it.
 *
 * With certificates (ECDHE_ECDSA / ECDHE_RSA, handshake_cert.c) the server's
 * flight is ServerHello, Certificate, ServerKeyExchange (signed),
 * [CertificateRequest], ServerHelloDone, and the client's [Certificate],
 * ClientKeyExchange, [CertificateVerify], CCS, Finished.  The certificate
 * steps are dtls__hsc_* calls; built without certificates they are stubs no
 * handshake reaches, so this file has no feature #if.
 *
 * Hooks that answer DTLS_ERR_IN_PROGRESS (ECDH keygen / shared, ECDSA sign,
 * AEAD set-key) leave the machine in a resumable state (C_KEX, S_KEYGEN, S_SHARED) with
 * dtls_hs.dtls__pending = 1; dtls__hs_resume re-runs the state, skipping the
 * steps recorded in dtls__progress.  Meanwhile received handshake records are
 * absorbed and nothing is sent.  Hash hooks answering "in progress" are
 * polled (dtls__hs_h_update): the transcript never waits for the caller. */
#include "engine.h"
#include "msg.h"
#include "keys.h"
#include "suites.h"
#include "hs_msg.h"
#include "heartbeat.h"
#include "srtp.h"
#include "session.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

enum {
    DTLS__C_WAIT_SH = 1, DTLS__C_WAIT_SKE_SHD, DTLS__C_WAIT_SHD, DTLS__C_KEX, DTLS__C_WAIT_CCS, DTLS__C_WAIT_FIN,
    DTLS__C_WAIT_CERT, DTLS__C_WAIT_SKE, DTLS__C_WAIT_CR_SHD, /* certificate suites */
    DTLS__C_WAIT_NST /* a NewSessionTicket before the server's CCS (RFC 5077 3.3, session.c) */
};
enum {
    DTLS__S_WAIT_CH = 0, DTLS__S_KEYGEN, DTLS__S_WAIT_CKE, DTLS__S_SHARED, DTLS__S_WAIT_CCS, DTLS__S_WAIT_FIN,
    DTLS__S_WAIT_CERT, DTLS__S_WAIT_CV /* client certificates */
};

#define DTLS__HS_HVR_MAX 4    /* HelloVerifyRequests a client answers per connect */

/* Log lines: DTLS__ROM (flash on AVR), given to dtls__log_rom. */
static const char dtls__hs_l_verify_data[] DTLS__ROM = "the peer's Finished carries wrong verify_data";
static const char dtls__hs_l_cookie_mtu[] DTLS__ROM = "the server's cookie makes our ClientHello larger than the mtu";
static const char dtls__hs_l_psk_identity[] DTLS__ROM = "unknown PSK identity";

static const dtls_crypto_hooks *dtls__hs_hooks(const dtls_conn *conn)
{
    return conn->dtls__ctx->dtls__cfg->hooks;
}

static const dtls__suite *dtls__hs_suite(const dtls_conn *conn)
{
    return dtls__suite_find(conn->dtls__suite);
}

/* ------------------------------------------------------------- transcript */

/* Hash and random hook entries that answer "in progress" are polled
 * (DTLS__POLL, engine.h), like the AES block entry in the crypto core: a
 * transcript update or a random is short work, and every message would
 * otherwise need its own resume point (a received message is gone from the
 * reassembly once processed).  A hook that never finishes ends the handshake
 * (internal_error) after DTLS__POLL_MAX calls. */
DTLS__PRIV int dtls__hs_random(const dtls_crypto_hooks *hooks, uint8_t *out, size_t len)
{
    int r;
    DTLS__POLL(r, dtls_crypto_random(hooks, out, len));
    return r;
}

DTLS__PRIV int dtls__hs_h_init(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, int alg)
{
    int r;
    DTLS__POLL(r, dtls_crypto_hash_init(hooks, ctx, alg));
    return r;
}

DTLS__PRIV int dtls__hs_h_update(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, const uint8_t *data, size_t len)
{
    int r;
    DTLS__POLL(r, dtls_crypto_hash_update(hooks, ctx, data, len));
    return r;
}

DTLS__PRIV int dtls__hs_h_final(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, uint8_t *out)
{
    int r;
    DTLS__POLL(r, dtls_crypto_hash_final(hooks, ctx, out));
    return r;
}

DTLS__PRIV int dtls__hs_hash(dtls_conn *conn, uint8_t type, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    uint8_t h[DTLS__HS_HEADER_LEN];
    dtls__hs_transcript_header(h, type, (uint32_t)len, seq);
    if (dtls__hs_h_update(dtls__hs_hooks(conn), &hs->dtls__transcript, h, sizeof(h)) != 0 ||
        dtls__hs_h_update(dtls__hs_hooks(conn), &hs->dtls__transcript, body, len) != 0)
        return DTLS_ERR_HOOK;
    return 0;
}

/* Hash of the transcript so far (the running state is kept). */
DTLS__PRIV int dtls__hs_hash_now(dtls_conn *conn, uint8_t out[48], size_t *out_len)
{
    dtls_hash_ctx copy = conn->dtls__hs->dtls__transcript;
    int r = dtls__hs_h_final(dtls__hs_hooks(conn), &copy, out);
    *out_len = dtls_crypto_hash_len(copy.alg);
    dtls_wipe(&copy, sizeof(copy));
    return r != 0 || *out_len == 0 ? DTLS_ERR_HOOK : 0;
}

/* Hashes the flight's messages from entry offset `from` on (a CCS is not a
 * handshake message; a by-reference body is hashed where it is). */
static int dtls__hs_hash_entries(dtls_conn *conn, size_t from)
{
    size_t off = from;
    dtls__flight_msg m;
    while (dtls__flight_iter(conn->dtls__hs, &off, &m))
        if (m.type != DTLS__FLIGHT_CCS && dtls__hs_hash(conn, m.type, m.seq, m.body, m.len) != 0)
            return DTLS_ERR_HOOK;
    return 0;
}

/* Hashes the last message committed to the flight. */
DTLS__PRIV int dtls__hs_hash_last(dtls_conn *conn)
{
    size_t off = 0, last = 0, at;
    dtls__flight_msg m;
    for (at = off; dtls__flight_iter(conn->dtls__hs, &off, &m); at = off)
        last = at;
    return dtls__hs_hash_entries(conn, last);
}

/* Adds a message to the flight without hashing it: the body is at
 * dtls__flight_next. */
static int dtls__hs_commit(dtls_conn *conn, uint8_t epoch, uint8_t type, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap;
    (void)dtls__flight_next(conn, &cap);
    if (len > cap || dtls__flight_commit(conn, epoch, type, hs->dtls__send_seq, len) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    hs->dtls__send_seq++;
    return 0;
}

/* Adds a message to the flight and the transcript: the body is at
 * dtls__flight_next. */
DTLS__PRIV int dtls__hs_add(dtls_conn *conn, uint8_t epoch, uint8_t type, size_t len)
{
    size_t cap;
    uint8_t *body = dtls__flight_next(conn, &cap);
    uint16_t seq = conn->dtls__hs->dtls__send_seq;
    if (dtls__hs_commit(conn, epoch, type, len) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    return dtls__hs_hash(conn, type, seq, body, len);
}

/* A received message its step accepted (r == 0) joins the transcript, and the
 * machine moves to next; r is passed on otherwise (the step sent its alert). */
static int dtls__hs_took(dtls_conn *conn, int r, uint8_t type, uint16_t seq, const uint8_t *body, size_t len,
                         int next)
{
    if (r != 0)
        return r;
    if (dtls__hs_hash(conn, type, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    conn->dtls__hs->dtls__state = (uint8_t)next;
    return 0;
}

static int dtls__hs_add_ccs(dtls_conn *conn)
{
    size_t cap;
    uint8_t *p = dtls__flight_next(conn, &cap);
    if (cap < 1)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    p[0] = 1;
    if (dtls__flight_commit(conn, 0, DTLS__FLIGHT_CCS, 0, 1) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    conn->dtls__wr_epoch = 1; /* what follows goes out in epoch 1 */
    conn->dtls__wseq[1] = 0;
    return 0;
}

/* The master secret is made (or taken from a session): the PRF keyed by it
 * (RFC 5246 §5: HMAC's ipad and opad blocks of the master secret, two hash
 * compressions) is kept for the key block and both Finished, in
 * dtls__peer_point when it fits (SHA-256's 64 bytes; SHA-384's 128 do not).
 * That field is free by now: it held the peer's ECDH share, consumed making
 * the premaster secret, and shares are only taken before the master secret
 * (ServerKeyExchange, ClientKeyExchange); the release wipes it with the rest. */
static DTLS__NOINLINE void dtls__hs_master_made(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    dtls_hmac_ctx mk;
    hs->dtls__progress = (uint8_t)((hs->dtls__progress | DTLS__HSP_MASTER) & ~DTLS__HSP_PRF_KEY);
    if (dtls_hmac_init(&mk, dtls__hs_suite(conn)->prf_hash, hs->dtls__master, 48) == 0 &&
        dtls_hmac_save(&mk, hs->dtls__peer_point, sizeof(hs->dtls__peer_point)) != 0)
        hs->dtls__progress |= DTLS__HSP_PRF_KEY;
    dtls_wipe(&mk, sizeof(mk));
}

/* *mk keyed by the master secret: from the kept state, else from the secret. */
static int dtls__hs_prf_key(dtls_conn *conn, dtls_hmac_ctx *mk)
{
    dtls_hs *hs = conn->dtls__hs;
    int alg = dtls__hs_suite(conn)->prf_hash;
    if (hs->dtls__progress & DTLS__HSP_PRF_KEY)
        return dtls_hmac_load(mk, alg, hs->dtls__peer_point, 2 * 32);
    return dtls_hmac_init(mk, alg, hs->dtls__master, 48);
}

/* verify_data of the client's Finished (client_label) or the server's into out
 * (RFC 5246 7.4.9), over the transcript so far. */
static DTLS__NOINLINE int dtls__hs_verify_data(dtls_conn *conn, uint8_t out[12], int client_label)
{
    dtls_hmac_ctx mk;
    uint8_t h[48];
    size_t hl;
    int r = dtls__hs_hash_now(conn, h, &hl);
    if (r == 0)
        r = dtls__hs_prf_key(conn, &mk);
    if (r == 0)
        r = dtls__keys_finished_mk(out, &mk, client_label, h, hl);
    dtls_wipe(&mk, sizeof(mk));
    return r;
}

/* The key block (the PRF's keyed state on this frame, gone before the
 * cipher set-up's calls). */
static DTLS__NOINLINE int dtls__hs_key_block(dtls_conn *conn, dtls__key_block *kb)
{
    dtls_hmac_ctx mk;
    int r = dtls__hs_prf_key(conn, &mk);
    if (r == 0)
        r = dtls__keys_block_mk(kb, dtls__hs_suite(conn), &mk, conn->dtls__client_random,
                                conn->dtls__hs->dtls__server_random);
    else
        memset(kb, 0, sizeof(*kb));
    dtls_wipe(&mk, sizeof(mk));
    return r;
}

/* Our Finished (after the CCS): verify_data kept for the 2 x MSL duty. */
static int dtls__hs_add_finished(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap;
    uint8_t *p = dtls__flight_next(conn, &cap);
    int r;
    if (cap < 12)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    r = dtls__hs_verify_data(conn, conn->dtls__verify, conn->dtls__role == DTLS_ROLE_CLIENT);
    if (r != 0)
        return r;
    memcpy(p, conn->dtls__verify, 12);
    conn->dtls__fin_seq = hs->dtls__send_seq;
    return dtls__hs_add(conn, 1, DTLS__HS_FINISHED, 12);
}

static int dtls__hs_check_finished(dtls_conn *conn, const uint8_t *body, size_t len)
{
    uint8_t expect[12];
    int r, ok;
    if (len != 12)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    memset(expect, 0, sizeof(expect)); /* written on success; gcc cannot see it in every build */
    r = dtls__hs_verify_data(conn, expect, conn->dtls__role != DTLS_ROLE_CLIENT);
    if (r != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    ok = dtls_ct_equal(expect, body, 12);
    dtls_wipe(expect, sizeof(expect));
    if (!ok) {
        dtls__log_rom(conn, dtls__hs_l_verify_data);
        return dtls__fatal(conn, DTLS_ALERT_DECRYPT_ERROR);
    }
    return 0;
}

/* Key block -> the epoch-1 cipher states of both directions. */
static int dtls__hs_keys(dtls_conn *conn)
{
    const dtls__suite *s = dtls__hs_suite(conn);
    const dtls_crypto_hooks *hooks = dtls__hs_hooks(conn);
    dtls__key_block kb;
    int client = conn->dtls__role == DTLS_ROLE_CLIENT, r;

    r = dtls__hs_key_block(conn, &kb);
    if (r == 0)
        r = dtls__cipher_init(&conn->dtls__wr, hooks, s->aead_alg, client ? kb.client_key : kb.server_key, s->key_len,
                              client ? kb.client_iv : kb.server_iv, s->fixed_iv_len);
    if (r == 0)
        r = dtls__cipher_init(&conn->dtls__rd, hooks, s->aead_alg, client ? kb.server_key : kb.client_key, s->key_len,
                              client ? kb.server_iv : kb.client_iv, s->fixed_iv_len);
    dtls_wipe(&kb, sizeof(kb));
    return r;
}

/* Premaster (PSK or ECDHE_PSK) -> master secret (extended when negotiated). */
/* The NSS key log line of this session (cfg->keylog): CLIENT_RANDOM, the
 * client random and the master secret in lower-case hex. */
static void dtls__hs_keylog(const dtls_conn *conn)
{
    static const char hex[] DTLS__ROM = "0123456789abcdef";
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    char line[14 + 64 + 1 + 96 + 1];
    size_t n = 14, i;
    memcpy(line, "CLIENT_RANDOM ", 14);
    for (i = 0; i < 32; i++) {
        line[n++] = (char)dtls__rom_u8(hex + (conn->dtls__client_random[i] >> 4));
        line[n++] = (char)dtls__rom_u8(hex + (conn->dtls__client_random[i] & 15));
    }
    line[n++] = ' ';
    for (i = 0; i < 48; i++) {
        line[n++] = (char)dtls__rom_u8(hex + (conn->dtls__hs->dtls__master[i] >> 4));
        line[n++] = (char)dtls__rom_u8(hex + (conn->dtls__hs->dtls__master[i] & 15));
    }
    line[n] = 0;
    cfg->keylog(cfg->user, line);
    dtls_wipe(line, sizeof line);
}

static int dtls__hs_master(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__hs_suite(conn);
    /* z: the largest ECDH share, P-384's (a hook's); pms: RFC 4279 §2's
     * other_secret is the ECDH share, or as many zeros as the PSK is long */
    uint8_t z[48], pms[4 + (DTLS_MAX_PSK > 48 ? DTLS_MAX_PSK : 48) + DTLS_MAX_PSK], h[48];
    size_t zl = 0, hl;
    int r, n;

    if (s->kex != DTLS__KEX_PSK) {
        zl = sizeof(z);
        r = dtls_crypto_ecdh_shared(dtls__hs_hooks(conn), (int)hs->dtls__group, &hs->dtls__ecdh_priv,
                                    hs->dtls__peer_point, hs->dtls__peer_point_len, z, &zl);
        if (r == DTLS_ERR_IN_PROGRESS)
            return r;
        if (r == DTLS_ERR_ZERO_SHARED || r == DTLS_ERR_BAD_KEY || r == DTLS_ERR_ENCODING) {
            dtls_wipe(z, sizeof(z));
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
        }
        if (r != 0) {
            dtls_wipe(z, sizeof(z));
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        }
    }
    if (s->kex == DTLS__KEX_ECDHE_ECDSA || s->kex == DTLS__KEX_ECDHE_RSA) {
        memcpy(pms, z, zl); /* RFC 8422 5.10: the premaster secret is the shared x-coordinate */
        n = (int)zl;
    } else {
        n = dtls__keys_psk_premaster(pms, sizeof(pms), s->kex == DTLS__KEX_ECDHE_PSK ? z : NULL, zl, hs->dtls__psk,
                                     hs->dtls__psk_len);
    }
    dtls_wipe(z, sizeof(z));
    r = n < 0 ? n : 0;
    if (r == 0) {
        if (hs->dtls__flags & DTLS__HSF_EMS) {
            r = dtls__hs_hash_now(conn, h, &hl);
            if (r == 0)
                r = dtls__keys_master_ems(hs->dtls__master, s->prf_hash, pms, (size_t)n, h, hl);
        } else {
            r = dtls__keys_master(hs->dtls__master, s->prf_hash, pms, (size_t)n, conn->dtls__client_random,
                                  hs->dtls__server_random);
        }
    }
    dtls_wipe(pms, sizeof(pms));
    dtls_wipe(hs->dtls__psk, sizeof(hs->dtls__psk));
    if (r != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    dtls__hs_master_made(conn);
    if (DTLS_ENABLE_KEYLOG && conn->dtls__ctx->dtls__cfg->keylog != NULL)
        dtls__hs_keylog(conn);
    return 0;
}

static int dtls__hs_wait(dtls_conn *conn)
{
    conn->dtls__hs->dtls__pending = 1;
    return DTLS_ERR_IN_PROGRESS;
}

/* Our ECDH share (resumable). */
static int dtls__hs_keygen(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t n = sizeof(hs->dtls__my_point);
    int r;
    if (hs->dtls__progress & DTLS__HSP_KEYGEN)
        return 0;
    r = dtls_crypto_ecdh_keygen(dtls__hs_hooks(conn), (int)hs->dtls__group, &hs->dtls__ecdh_priv,
                                hs->dtls__my_point, &n);
    if (r == DTLS_ERR_IN_PROGRESS)
        return dtls__hs_wait(conn);
    if (r != 0 || n == 0 || n > sizeof(hs->dtls__my_point))
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__my_point_len = (uint8_t)n;
    hs->dtls__progress |= DTLS__HSP_KEYGEN;
    return 0;
}

DTLS__PRIV int dtls__hs_point_ok(uint16_t group, size_t len)
{
    return (group == DTLS_GROUP_X25519 && len == 32) || (group == DTLS_GROUP_SECP256R1 && len == 65);
}

static int dtls__hs_is_cert_kex(const dtls__suite *s)
{
    return s->kex == DTLS__KEX_ECDHE_ECDSA || s->kex == DTLS__KEX_ECDHE_RSA;
}

/* The groups a client offers: the configured ones, plus secp256r1 when an
 * ECDHE_ECDSA suite is offered (in DTLS 1.2 supported_groups also names the
 * curves the server's certificate may use, RFC 8422 5.1.1). */
static size_t dtls__hs_client_groups(const dtls_ctx *ctx, int ecdsa, uint16_t out[4])
{
    size_t i, n = 0;
    int p256 = 0;
    for (i = 0; i < ctx->dtls__n_groups && n < 3; i++) {
        out[n++] = ctx->dtls__groups[i];
        p256 |= ctx->dtls__groups[i] == DTLS_GROUP_SECP256R1;
    }
    if (ecdsa && !p256)
        out[n++] = DTLS_GROUP_SECP256R1;
    return n;
}

/* Client: a group (with its point length) the server may pick for ECDHE. */
DTLS__PRIV int dtls__hs_group_ok(const dtls_conn *conn, uint16_t g, size_t point_len)
{
    uint16_t groups[4];
    const dtls__suite *s = dtls__hs_suite(conn);
    size_t i, n = dtls__hs_client_groups(conn->dtls__ctx, s != NULL && s->kex == DTLS__KEX_ECDHE_ECDSA, groups);
    if (!dtls__hs_point_ok(g, point_len))
        return 0;
    for (i = 0; i < n; i++)
        if (groups[i] == g)
            return 1;
    return 0;
}

/* ================================================================ client */

/* The suites a client offers: those it has credentials for.  *ecdhe: 1 when
 * one needs groups, 2 when one is ECDHE_ECDSA. */
static size_t dtls__hs_client_suites(const dtls_ctx *ctx, uint16_t *out, int *ecdhe)
{
    const dtls_config *cfg = ctx->dtls__cfg;
    int psk = dtls__ctx_has_psk(cfg), certs = dtls__ctx_has_certs(cfg);
    size_t i, n = 0;
    *ecdhe = 0;
    for (i = 0; i < ctx->dtls__n_suites && n < DTLS_MAX_SUITES; i++) {
        const dtls__suite *s = dtls__suite_find(ctx->dtls__suites[i]);
        if (s == NULL)
            continue;
        if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK) {
            if (!psk || (s->kex == DTLS__KEX_ECDHE_PSK && ctx->dtls__n_groups == 0))
                continue;
        } else if (!certs || ctx->dtls__n_groups == 0) {
            continue;
        }
        if (s->kex == DTLS__KEX_ECDHE_RSA && dtls__cfg_rpk(cfg))
            continue; /* raw public keys are P-256 only */
        if (s->kex == DTLS__KEX_ECDHE_ECDSA)
            *ecdhe = 2;
        else if (s->kex != DTLS__KEX_PSK && *ecdhe == 0)
            *ecdhe = 1;
        out[n++] = s->id;
    }
    return n;
}

static int dtls__hs_client_hello(dtls_conn *conn, const uint8_t *cookie, size_t cookie_len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    dtls_hs *hs = conn->dtls__hs;
    dtls__client_hello_out o;
    uint16_t suites[DTLS_MAX_SUITES], groups[4];
    int ecdhe, n;
    size_t cap;
    uint8_t *p;

    memset(&o, 0, sizeof(o));
    o.random = conn->dtls__client_random;
    o.cookie = cookie;
    o.cookie_len = cookie_len;
    o.suites = suites;
    o.n_suites = dtls__hs_client_suites(ctx, suites, &ecdhe);
    if (o.n_suites == 0)
        return DTLS_ERR_BAD_ARG;
    if (ecdhe) {
        o.groups = groups;
        o.n_groups = dtls__hs_client_groups(ctx, ecdhe == 2, groups);
    }
    if (dtls__ctx_has_certs(ctx->dtls__cfg))
        dtls__hsc_client_hello_out(conn, &o);
    if (DTLS_ENABLE_CID && (ctx->dtls__cfg->flags & DTLS_CFG_CID)) { /* RFC 9146 §3: the CID we want */
        o.send_cid = 1;
        o.cid = conn->dtls__cid_rx;
        o.cid_len = conn->dtls__cid_rx_len;
    }
    dtls__hb_client_hello_out(conn, &o); /* RFC 6520 §2, with DTLS_CFG_HEARTBEAT (heartbeat.c) */
    dtls__rs_client_hello_out(conn, &o); /* record_size_limit, max_fragment_length (flight.c) */
    dtls__srtp_client_hello_out(conn, &o); /* use_srtp, RFC 5764 (srtp.c) */
    dtls__sess_c_hello(conn, &o);        /* the session offered: its ID and ticket (session.c) */
    dtls__flight_reset(conn);
    p = dtls__flight_next(conn, &cap);
    n = dtls__msg_write_client_hello(p, cap, &o);
    if (o.ticket_len && (n == DTLS_ERR_BUFFER_TOO_SMALL ||
                         (n > 0 && DTLS__RECORD_HEADER_LEN + DTLS__HS_HEADER_LEN + (size_t)n > ctx->dtls__mtu))) {
        o.ticket = NULL; /* a ticket that does not fit (the ClientHello is never fragmented): the session ID alone */
        o.ticket_len = 0;
        n = dtls__msg_write_client_hello(p, cap, &o);
    }
    if (n == DTLS_ERR_BUFFER_TOO_SMALL)
        return DTLS_ERR_TOO_BIG;
    if (n < 0)
        return n;
    if (DTLS__RECORD_HEADER_LEN + DTLS__HS_HEADER_LEN + (size_t)n > ctx->dtls__mtu)
        return DTLS_ERR_TOO_BIG; /* our ClientHello is never fragmented */
    if (dtls__flight_commit(conn, 0, DTLS__HS_CLIENT_HELLO, hs->dtls__send_seq, (size_t)n) != 0)
        return DTLS_ERR_TOO_BIG;
    /* the ServerHello (or HelloVerifyRequest) answering it carries its
     * message_seq: the reassembly expects 0 at first, and after each
     * HelloVerifyRequest (which copies our message_seq) its pop moves it on */
    hs->dtls__send_seq++;
    hs->dtls__state = DTLS__C_WAIT_SH;
    return dtls__flight_send(conn);
}

DTLS__PRIV int dtls__hs_start(dtls_conn *conn)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    if (dtls__hs_random(dtls__hs_hooks(conn), conn->dtls__client_random, 32) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    if (DTLS_ENABLE_CID && (cfg->flags & DTLS_CFG_CID)) { /* our CID: random, cfg->cid_len bytes */
        conn->dtls__cid_rx_len = cfg->cid_len;
        if (cfg->cid_len != 0 && dtls__hs_random(dtls__hs_hooks(conn), conn->dtls__cid_rx, cfg->cid_len) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    }
    if (dtls__sess_c_start(conn) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    return dtls__hs_client_hello(conn, NULL, 0);
}

/* Server, RFC 9146 §3: a client that offers connection_id gets one from a
 * server that wants it: the client's CID goes on our records, and ours (of
 * cfg->cid_len random bytes, unique among this server's connections: the
 * server finds a connection by it) on theirs.  A client CID longer than we
 * keep, or no unique CID after a few draws, and no CID is negotiated. */
static void dtls__hs_s_cid(dtls_conn *conn, const dtls__client_hello *ch)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    int tries;
    conn->dtls__cid_on = 0;
    if (!DTLS_ENABLE_CID || !(cfg->flags & DTLS_CFG_CID) || !ch->has_cid || ch->cid_len > DTLS_MAX_CID)
        return;
    for (tries = 0; tries < 8; tries++) {
        if (cfg->cid_len != 0 && dtls__hs_random(dtls__hs_hooks(conn), conn->dtls__cid_rx, cfg->cid_len) != 0)
            return;
        if (cfg->cid_len == 0 || ctx->dtls__find_cid == NULL ||
            ctx->dtls__find_cid(ctx, conn->dtls__cid_rx, cfg->cid_len) == NULL)
            break;
    }
    if (tries == 8)
        return;
    conn->dtls__cid_rx_len = cfg->cid_len;
    conn->dtls__cid_tx_len = (uint8_t)ch->cid_len;
    if (ch->cid_len)
        memcpy(conn->dtls__cid_tx, ch->cid, ch->cid_len);
    conn->dtls__cid_on = 1;
}

static int dtls__hs_c_hello_verify(dtls_conn *conn, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    uint16_t v;
    const uint8_t *cookie;
    size_t cl;
    int r;
    if (dtls__msg_parse_hello_verify(&v, &cookie, &cl, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (v != DTLS__VERSION_1_0 && v != DTLS__VERSION_1_2)
        return dtls__fatal(conn, DTLS_ALERT_PROTOCOL_VERSION);
    if (hs->dtls__hvr >= DTLS__HS_HVR_MAX)
        return 0; /* ignored: the timer decides */
    hs->dtls__hvr++;
    hs->dtls__retx = 0; /* answered */
    /* the stateless HelloVerifyRequest copied our record sequence number; the
     * server's own epoch-0 numbering starts afresh (its ServerHello may reuse
     * that number): forget the window (RFC 6347 4.2.1) */
    memset(&hs->dtls__replay0, 0, sizeof(hs->dtls__replay0));
    r = dtls__hs_client_hello(conn, cookie, cl);
    if (r == DTLS_ERR_TOO_BIG) {
        /* the cookie makes our ClientHello too big for the mtu (it is never
         * fragmented): the connection fails now, not by a timeout later */
        dtls__log_rom(conn, dtls__hs_l_cookie_mtu);
        return dtls__fail(conn, DTLS_ERR_TOO_BIG);
    }
    return r;
}

static int dtls__hs_c_server_hello(dtls_conn *conn, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    dtls__server_hello sh;
    uint16_t suites[DTLS_MAX_SUITES];
    size_t n, i, chl;
    int ecdhe, offered = 0, r, resumed;
    const dtls__suite *s;
    const uint8_t *ch = hs->dtls__buf;

    if (dtls__msg_parse_server_hello(&sh, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (sh.version != DTLS__VERSION_1_2)
        return dtls__fatal(conn, DTLS_ALERT_PROTOCOL_VERSION);
    n = dtls__hs_client_suites(ctx, suites, &ecdhe);
    for (i = 0; i < n; i++)
        if (suites[i] == sh.suite)
            offered = 1;
    if (!offered || sh.compression != 0)
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    if (sh.has_other_ext || (sh.has_point_formats && !ecdhe) ||
        (sh.has_cid && !(DTLS_ENABLE_CID && (cfg->flags & DTLS_CFG_CID))))
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION);
    if (sh.has_cid && sh.cid_len > DTLS_MAX_CID)
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* longer than we keep (the peer's CID bound) */
    r = dtls__hb_server_hello_in(conn, &sh); /* RFC 6520 §2 (heartbeat.c) */
    if (r == 0)
        r = dtls__rs_server_hello_in(conn, &sh); /* RFC 8449, RFC 6066 §4 (flight.c) */
    if (r == 0)
        r = dtls__srtp_server_hello_in(conn, &sh); /* RFC 5764 §4.1.1 (srtp.c) */
    if (r != 0)
        return r;
    if (!sh.has_ems && !(cfg->flags & DTLS_CFG_ALLOW_NO_EMS))
        return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE);
    s = dtls__suite_find(sh.suite);
    conn->dtls__suite = sh.suite;
    resumed = dtls__sess_c_server_hello(conn, &sh); /* 1: our session resumed (session.c) */
    if (resumed < 0)
        return resumed;
    r = dtls__hsc_client_server_hello(conn, &sh, dtls__hs_is_cert_kex(s));
    if (r != 0)
        return r;
    memcpy(hs->dtls__server_random, sh.random, 32);
    hs->dtls__peer_first = seq; /* where a rewind restarts (dtls__hs_rewind) */
    conn->dtls__cid_on = sh.has_cid; /* RFC 9146 §3: the server's CID goes on our records */
    conn->dtls__cid_tx_len = (uint8_t)sh.cid_len;
    if (sh.cid_len)
        memcpy(conn->dtls__cid_tx, sh.cid, sh.cid_len);
    if (!sh.has_cid)
        conn->dtls__cid_rx_len = 0;
    if (sh.has_ems)
        hs->dtls__flags |= DTLS__HSF_EMS;
    hs->dtls__flags |= DTLS__HSF_VERSION_LOCK;
    /* the transcript starts with the ClientHello this ServerHello answers (flight entry 0) */
    chl = ((size_t)ch[4] << 8) | ch[5];
    if (dtls__hs_h_init(dtls__hs_hooks(conn), &hs->dtls__transcript, s->prf_hash) != 0 ||
        dtls__hs_hash(conn, DTLS__HS_CLIENT_HELLO, (uint16_t)(((unsigned)ch[2] << 8) | ch[3]),
                      ch + DTLS__FLIGHT_ENTRY, chl) != 0 ||
        dtls__hs_hash(conn, DTLS__HS_SERVER_HELLO, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    if (resumed) { /* RFC 5246 7.3: [NewSessionTicket], CCS, Finished follow; the keys from the kept master */
        dtls__hs_master_made(conn);
        DTLS__POLL(r, dtls__hs_keys(conn));
        if (r != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        hs->dtls__state = (uint8_t)(dtls__sess_expect_ticket(conn) ? (int)DTLS__C_WAIT_NST : (int)DTLS__C_WAIT_CCS);
        return 0;
    }
    hs->dtls__state = (uint8_t)(dtls__hs_is_cert_kex(s) ? (int)DTLS__C_WAIT_CERT : (int)DTLS__C_WAIT_SKE_SHD);
    return 0;
}

static int dtls__hs_c_ske(dtls_conn *conn, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__hs_suite(conn);
    const uint8_t *hint, *point;
    size_t hint_len, point_len;
    uint16_t group;

    if (s->kex == DTLS__KEX_ECDHE_PSK) {
        if (dtls__msg_parse_ske_ecdhe_psk(&hint, &hint_len, &group, &point, &point_len, body, len) != 0)
            return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
        if (!dtls__hs_group_ok(conn, group, point_len))
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
        hs->dtls__group = group;
        memcpy(hs->dtls__peer_point, point, point_len);
        hs->dtls__peer_point_len = (uint8_t)point_len;
    } else if (dtls__msg_parse_ske_psk(&hint, &hint_len, body, len) != 0) {
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    }
    if (hint_len > DTLS_MAX_IDENTITY)
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    memcpy(hs->dtls__hint, hint, hint_len);
    hs->dtls__hint_len = (uint8_t)hint_len;
    if (dtls__hs_hash(conn, DTLS__HS_SERVER_KEY_EXCHANGE, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__flags |= DTLS__HSF_AUX; /* ServerKeyExchange seen */
    hs->dtls__state = DTLS__C_WAIT_SHD;
    return 0;
}

/* The PSK ClientKeyExchange (RFC 4279 §2, RFC 5489 §2) into the flight.  A
 * function of its own (not inlined) so that its identity buffer is off the
 * stack before the master secret's PRF, the deepest path of a PSK client. */
static DTLS__NOINLINE int dtls__hs_c_cke_psk(dtls_conn *conn, int ecdhe)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    uint8_t id[DTLS_MAX_IDENTITY];
    size_t idl = sizeof(id), pl = sizeof(hs->dtls__psk), cap;
    uint8_t *p;
    int n;
    if (cfg->psk_client != NULL) {
        n = cfg->psk_client(cfg->user, hs->dtls__hint, hs->dtls__hint_len, id, &idl, hs->dtls__psk, &pl);
        if (n < 0 || pl == 0 || pl > DTLS_MAX_PSK || idl > DTLS_MAX_IDENTITY)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    } else {
        idl = cfg->psk_identity_len;
        if (idl)
            memcpy(id, cfg->psk_identity, idl);
        pl = cfg->psk_len;
        memcpy(hs->dtls__psk, cfg->psk, pl);
    }
    hs->dtls__psk_len = (uint8_t)pl;
    dtls__flight_reset(conn);
    p = dtls__flight_next(conn, &cap);
    n = ecdhe ? dtls__msg_write_cke_ecdhe_psk(p, cap, id, idl, hs->dtls__my_point, hs->dtls__my_point_len)
              : dtls__msg_write_cke_psk(p, cap, id, idl);
    if (n < 0 || dtls__hs_add(conn, 0, DTLS__HS_CLIENT_KEY_EXCHANGE, (size_t)n) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    return 0;
}

/* After ServerHelloDone: flight 5 (resumable state C_KEX). */
static int dtls__hs_c_kex(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__hs_suite(conn);
    int ecdhe = s->kex != DTLS__KEX_PSK, certs = dtls__hs_is_cert_kex(s), r;

    hs->dtls__state = DTLS__C_KEX;
    hs->dtls__pending = 0;
    if (ecdhe) {
        r = dtls__hs_keygen(conn);
        if (r != 0)
            return r;
    }
    if (certs && !(hs->dtls__progress & DTLS__HSP_CKE)) {
        dtls__flight_reset(conn);
        if (dtls__hsc_client_kex(conn) != 0) /* [Certificate], ClientKeyExchange */
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        hs->dtls__progress |= DTLS__HSP_CKE;
    }
    if (!(hs->dtls__progress & DTLS__HSP_CKE)) {
        r = dtls__hs_c_cke_psk(conn, ecdhe);
        if (r != 0)
            return r;
        hs->dtls__progress |= DTLS__HSP_CKE;
    }
    if (!(hs->dtls__progress & DTLS__HSP_MASTER)) {
        r = dtls__hs_master(conn);
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__hs_wait(conn);
        if (r != 0)
            return r;
    }
    /* after the master secret: the extended one hashes up to the ClientKeyExchange only (RFC 7627 4) */
    if (certs && !(hs->dtls__progress & DTLS__HSP_CV)) {
        r = dtls__hsc_client_cert_verify(conn); /* 0 at once when we present no certificate */
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__hs_wait(conn);
        if (r != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        hs->dtls__progress |= DTLS__HSP_CV;
    }
    r = dtls__hs_keys(conn);
    if (r == DTLS_ERR_IN_PROGRESS)
        return dtls__hs_wait(conn);
    if (r != 0 || dtls__hs_add_ccs(conn) != 0 || dtls__hs_add_finished(conn) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__state = (uint8_t)(dtls__sess_expect_ticket(conn) ? (int)DTLS__C_WAIT_NST : (int)DTLS__C_WAIT_CCS);
    return dtls__flight_send(conn);
}

static int dtls__hs_client_msg(dtls_conn *conn, uint8_t type, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s;
    int r;

    if (type == DTLS__HS_HELLO_VERIFY_REQUEST && hs->dtls__state != DTLS__C_WAIT_SH)
        return 0; /* after the ServerHello: ignored */
    switch (hs->dtls__state) {
    case DTLS__C_WAIT_SH:
        if (type == DTLS__HS_HELLO_VERIFY_REQUEST)
            return dtls__hs_c_hello_verify(conn, body, len);
        if (type == DTLS__HS_SERVER_HELLO)
            return dtls__hs_c_server_hello(conn, seq, body, len);
        break;
    case DTLS__C_WAIT_CERT:
        if (type != DTLS__HS_CERTIFICATE)
            break;
        return dtls__hs_took(conn, dtls__hsc_peer_certificate(conn, body, len), type, seq, body, len,
                             DTLS__C_WAIT_SKE);
    case DTLS__C_WAIT_SKE:
        if (type != DTLS__HS_SERVER_KEY_EXCHANGE)
            break;
        return dtls__hs_took(conn, dtls__hsc_client_ske(conn, body, len), type, seq, body, len,
                             DTLS__C_WAIT_CR_SHD);
    case DTLS__C_WAIT_CR_SHD:
    case DTLS__C_WAIT_SKE_SHD:
    case DTLS__C_WAIT_SHD:
        s = dtls__hs_suite(conn);
        if (type == DTLS__HS_SERVER_KEY_EXCHANGE && hs->dtls__state == DTLS__C_WAIT_SKE_SHD)
            return dtls__hs_c_ske(conn, seq, body, len);
        if (type == DTLS__HS_CERTIFICATE_REQUEST && hs->dtls__state == DTLS__C_WAIT_CR_SHD)
            return dtls__hs_took(conn, dtls__hsc_client_cert_request(conn, body, len), type, seq, body, len,
                                 DTLS__C_WAIT_SHD);
        if (type == DTLS__HS_SERVER_HELLO_DONE) {
            if (len != 0)
                return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
            if (s->kex == DTLS__KEX_ECDHE_PSK && hs->dtls__state != DTLS__C_WAIT_SHD)
                break; /* ECDHE_PSK always has a ServerKeyExchange */
            if (dtls__hs_hash(conn, type, seq, body, len) != 0)
                return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
            hs->dtls__peer_last = seq;
            hs->dtls__flags |= DTLS__HSF_PEER_LAST;
            return dtls__hs_c_kex(conn);
        }
        break;
    case DTLS__C_WAIT_NST:
        if (type != DTLS__HS_NEW_SESSION_TICKET)
            break;
        return dtls__hs_took(conn, dtls__sess_c_ticket(conn, body, len), type, seq, body, len, DTLS__C_WAIT_CCS);
    case DTLS__C_WAIT_FIN:
        if (type != DTLS__HS_FINISHED)
            break;
        r = dtls__hs_check_finished(conn, body, len);
        if (r != 0)
            return r;
        if (dtls__sess_resumed(conn)) {
            /* abbreviated: our CCS + Finished are the last flight (RFC 5246 7.3); it has no timer,
             * and the duty answers the server's retransmitted flight (RFC 6347 4.2.4) */
            if (dtls__hs_hash(conn, type, seq, body, len) != 0)
                return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
            dtls__flight_reset(conn);
            if (dtls__hs_add_ccs(conn) != 0 || dtls__hs_add_finished(conn) != 0)
                return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
            hs->dtls__flags |= DTLS__HSF_WE_LAST;
            (void)dtls__flight_send(conn);
        }
        dtls__complete(conn);
        return 0;
    default:
        break;
    }
    return dtls__fatal(conn, DTLS_ALERT_UNEXPECTED_MESSAGE);
}

/* ================================================================ server */

/* The server's signature bound (cfg->max_signatures_per_s): a token bucket
 * of one second's worth, kept in 1/1000 signatures so that refilling needs
 * no division.  Signing is the costly step a flood of cookie-verified
 * ClientHellos buys (an RSA-2048 signature is milliseconds); past the bound
 * the handshake is shed before its key generation, without an answer, and
 * the client's retransmitted ClientHello (its cookie still valid) retries.
 * 1: a signature may start (and is counted). */
static int dtls__hs_sign_token(dtls_ctx *ctx)
{
    const dtls_config *cfg = ctx->dtls__cfg;
    uint32_t rate = cfg->max_signatures_per_s, now, dt;

    if (rate == 0)
        return 1;
    now = cfg->now(cfg->user);
    dt = now - ctx->dtls__sign_t;
    ctx->dtls__sign_t = now;
    ctx->dtls__sign_credit += (dt < 1000u ? dt : 1000u) * rate;
    if (ctx->dtls__sign_credit > rate * 1000u)
        ctx->dtls__sign_credit = rate * 1000u;
    if (ctx->dtls__sign_credit < 1000u) {
        ctx->dtls__stats.signatures_shed++;
        return 0;
    }
    ctx->dtls__sign_credit -= 1000u;
    return 1;
}

/* Flight 4 (resumable state S_KEYGEN: the ECDH share, then with
 * certificates the ServerKeyExchange signature).  Its messages depend on no
 * transcript, so they are written first and hashed together at the end. */
static int dtls__hs_s_flight4(dtls_conn *conn)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__hs_suite(conn);
    int ecdhe = s->kex != DTLS__KEX_PSK, certs = dtls__hs_is_cert_kex(s), n, r;
    dtls__server_hello_out sho;
    size_t cap;
    uint8_t *p;

    if (certs && hs->dtls__state != DTLS__S_KEYGEN && !dtls__hs_sign_token(conn->dtls__ctx))
        return dtls__fail(conn, DTLS_ERR_BUSY); /* no alert: the slot is freed, the client retries */
    hs->dtls__state = DTLS__S_KEYGEN;
    hs->dtls__pending = 0;
    if (ecdhe) {
        r = dtls__hs_keygen(conn);
        if (r != 0)
            return r;
    }
    if (!(hs->dtls__progress & DTLS__HSP_F4)) {
        dtls__flight_reset(conn);
        p = dtls__flight_next(conn, &cap);
        memset(&sho, 0, sizeof(sho));
        sho.random = hs->dtls__server_random;
        sho.suite = conn->dtls__suite;
        sho.ems = (hs->dtls__flags & DTLS__HSF_EMS) != 0;
        sho.reneg = (hs->dtls__flags & DTLS__HSF_RENEG) != 0;
        sho.point_formats = ecdhe && (hs->dtls__flags & DTLS__HSF_AUX);
        sho.send_cid = conn->dtls__cid_on != 0;
        sho.cid = conn->dtls__cid_rx;
        sho.cid_len = conn->dtls__cid_rx_len;
        dtls__hb_server_hello_out(conn, &sho);
        dtls__rs_server_hello_out(conn, &sho);
        dtls__srtp_server_hello_out(conn, &sho);
        dtls__hsc_server_hello_out(conn, &sho);
        dtls__sess_s_hello_out(conn, &sho); /* the new session's ID, session_ticket (session.c) */
        n = dtls__msg_write_server_hello(p, cap, &sho);
        if (n < 0 || dtls__hs_commit(conn, 0, DTLS__HS_SERVER_HELLO, (size_t)n) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        if (certs && dtls__hsc_commit_certificate(conn, DTLS__HSC_SRV_RPK) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        hs->dtls__progress |= DTLS__HSP_F4;
    }
    if (certs) {
        r = dtls__hsc_server_ske(conn, DTLS__HSP_SKE); /* signed; then [CertificateRequest] */
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__hs_wait(conn); /* the params stay at the flight's end; nothing is sent meanwhile */
        if (r != 0)
            return r;
    }
    if (!certs && (ecdhe || cfg->psk_hint != NULL)) {
        p = dtls__flight_next(conn, &cap);
        n = ecdhe ? dtls__msg_write_ske_ecdhe_psk(p, cap, cfg->psk_hint, cfg->psk_hint_len, hs->dtls__group,
                                                  hs->dtls__my_point, hs->dtls__my_point_len)
                  : dtls__msg_write_ske_psk(p, cap, cfg->psk_hint, cfg->psk_hint_len);
        if (n < 0 || dtls__hs_commit(conn, 0, DTLS__HS_SERVER_KEY_EXCHANGE, (size_t)n) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    }
    if (dtls__hs_commit(conn, 0, DTLS__HS_SERVER_HELLO_DONE, 0) != 0 || dtls__hs_hash_entries(conn, 0) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__state = (uint8_t)((dtls__hsc_flags(conn) & DTLS__HSC_CERT_REQ) ? (int)DTLS__S_WAIT_CERT
                                                                              : (int)DTLS__S_WAIT_CKE);
    return dtls__flight_send(conn);
}

/* The abbreviated handshake (RFC 5246 7.3): ServerHello, [NewSessionTicket],
 * CCS, Finished from the kept master secret.  The client's CCS + Finished
 * are the last flight, so ours has the retransmission timer (RFC 6347
 * 4.2.4) until the client's Finished arrives. */
static int dtls__hs_s_resumed(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    dtls__server_hello_out sho;
    size_t cap;
    uint8_t *p;
    int n, r;

    dtls__flight_reset(conn);
    p = dtls__flight_next(conn, &cap);
    memset(&sho, 0, sizeof(sho));
    sho.random = hs->dtls__server_random;
    sho.suite = conn->dtls__suite;
    sho.ems = 1;
    sho.reneg = (hs->dtls__flags & DTLS__HSF_RENEG) != 0;
    sho.send_cid = conn->dtls__cid_on != 0;
    sho.cid = conn->dtls__cid_rx;
    sho.cid_len = conn->dtls__cid_rx_len;
    dtls__hb_server_hello_out(conn, &sho);
    dtls__rs_server_hello_out(conn, &sho);
    dtls__srtp_server_hello_out(conn, &sho);
    dtls__hsc_server_hello_out(conn, &sho);
    dtls__sess_s_hello_out(conn, &sho);
    n = dtls__msg_write_server_hello(p, cap, &sho);
    if (n < 0 || dtls__hs_add(conn, 0, DTLS__HS_SERVER_HELLO, (size_t)n) != 0 || dtls__sess_s_ticket(conn) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    dtls__hs_master_made(conn);
    DTLS__POLL(r, dtls__hs_keys(conn));
    if (r != 0 || dtls__hs_add_ccs(conn) != 0 || dtls__hs_add_finished(conn) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__state = DTLS__S_WAIT_CCS;
    return dtls__flight_send(conn);
}

static int dtls__hs_s_client_hello(dtls_conn *conn, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    dtls__client_hello ch;
    const dtls__suite *chosen = NULL;
    uint16_t group = 0;
    size_t i, j;
    int psk = dtls__ctx_has_psk(cfg), resumed;

    if (dtls__msg_parse_client_hello(&ch, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (ch.version > DTLS__VERSION_1_2) /* DTLS versions count down: 0xFEFF is 1.0 */
        return dtls__fatal(conn, DTLS_ALERT_PROTOCOL_VERSION);
    if (!ch.has_null_compression)
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    memcpy(conn->dtls__client_random, ch.random, 32);
    if (!ch.has_ems && !(cfg->flags & DTLS_CFG_ALLOW_NO_EMS))
        return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE);
    dtls__hsc_server_hello_in(conn, &ch);
    resumed = dtls__sess_s_client_hello(conn, &ch); /* 1: a kept session, re-checked (session.c) */
    if (resumed)
        chosen = dtls__suite_find(conn->dtls__suite);
    for (i = 0; i < ctx->dtls__n_suites && chosen == NULL; i++) {
        const dtls__suite *s = dtls__suite_find(ctx->dtls__suites[i]);
        if (s == NULL || !dtls__msg_has_suite(ch.suites, ch.suites_len, s->id))
            continue;
        if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK) {
            if (!psk)
                continue;
        }
        else if (!dtls__hsc_server_suite_ok(conn, s, &ch)) {
            continue;
        }
        if (s->kex == DTLS__KEX_PSK) {
            chosen = s;
        } else {
            for (j = 0; j < ctx->dtls__n_groups && chosen == NULL; j++) {
                uint16_t g = ctx->dtls__groups[j];
                if (ch.groups == NULL || dtls__msg_has_group(ch.groups, ch.groups_len, g)) {
                    chosen = s;
                    group = g;
                }
            }
        }
    }
    if (chosen == NULL) {
        if (dtls__hsc_flags(conn) & DTLS__HSC_TYPE_MISMATCH)
            return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_CERTIFICATE); /* RFC 7250 4.2 */
        return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE);
    }
    conn->dtls__suite = chosen->id;
    hs->dtls__group = group;
    dtls__hs_s_cid(conn, &ch);
    dtls__srtp_client_hello_in(conn, &ch); /* RFC 5764 §4.1.1: the profile (srtp.c) */
    if (dtls__hb_client_hello_in(conn, &ch) != 0 || /* RFC 6520 §2: an unknown mode (heartbeat.c) */
        dtls__rs_client_hello_in(conn, &ch) != 0)   /* RFC 8449, RFC 6066 §4: a bad limit (flight.c) */
        return conn->dtls__err;
    if (ch.has_ems)
        hs->dtls__flags |= DTLS__HSF_EMS;
    if (ch.has_reneg_ext || ch.has_scsv)
        hs->dtls__flags |= DTLS__HSF_RENEG;
    if (ch.has_point_formats)
        hs->dtls__flags |= DTLS__HSF_AUX;
    hs->dtls__flags |= DTLS__HSF_VERSION_LOCK | DTLS__HSF_PEER_LAST;
    hs->dtls__peer_last = seq;
    hs->dtls__send_seq = seq; /* ServerHello message_seq = ClientHello message_seq */
    if (dtls__hs_random(dtls__hs_hooks(conn), hs->dtls__server_random, 32) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    if (dtls__hs_h_init(dtls__hs_hooks(conn), &hs->dtls__transcript, chosen->prf_hash) != 0 ||
        dtls__hs_hash(conn, DTLS__HS_CLIENT_HELLO, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    return resumed ? dtls__hs_s_resumed(conn) : dtls__hs_s_flight4(conn);
}

/* After the ClientKeyExchange (resumable state S_SHARED). */
static int dtls__hs_s_kex(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    int r;
    hs->dtls__state = DTLS__S_SHARED;
    hs->dtls__pending = 0;
    if (!(hs->dtls__progress & DTLS__HSP_MASTER)) {
        r = dtls__hs_master(conn);
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__hs_wait(conn);
        if (r != 0)
            return r;
    }
    r = dtls__hs_keys(conn);
    if (r == DTLS_ERR_IN_PROGRESS)
        return dtls__hs_wait(conn);
    if (r != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    /* a client certificate must be proven (RFC 5246 7.4.8) */
    hs->dtls__state = (uint8_t)((dtls__hsc_flags(conn) & DTLS__HSC_PEER_CERT) ? (int)DTLS__S_WAIT_CV
                                                                               : (int)DTLS__S_WAIT_CCS);
    return 0;
}

static int dtls__hs_s_cke(dtls_conn *conn, uint16_t seq, const uint8_t *body, size_t len)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__hs_suite(conn);
    const uint8_t *id, *point;
    size_t idl, pl, kl = sizeof(hs->dtls__psk);
    int r;

    if (dtls__hs_is_cert_kex(s)) {
        r = dtls__hsc_server_cke(conn, body, len); /* the client's bare point */
        if (r != 0)
            return r;
        if (dtls__hs_hash(conn, DTLS__HS_CLIENT_KEY_EXCHANGE, seq, body, len) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        return dtls__hs_s_kex(conn);
    }
    if (s->kex == DTLS__KEX_ECDHE_PSK) {
        if (dtls__msg_parse_cke_ecdhe_psk(&id, &idl, &point, &pl, body, len) != 0)
            return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
        if (!dtls__hs_point_ok(hs->dtls__group, pl))
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
        memcpy(hs->dtls__peer_point, point, pl);
        hs->dtls__peer_point_len = (uint8_t)pl;
    } else if (dtls__msg_parse_cke_psk(&id, &idl, body, len) != 0) {
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    }
    if (cfg->psk_server != NULL) {
        r = idl <= DTLS_MAX_IDENTITY ? cfg->psk_server(cfg->user, id, idl, hs->dtls__psk, &kl) : -1;
        if (r >= 0 && (kl == 0 || kl > DTLS_MAX_PSK))
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    } else {
        r = (idl == cfg->psk_identity_len && (idl == 0 || memcmp(id, cfg->psk_identity, idl) == 0)) ? 0 : -1;
        kl = cfg->psk_len;
        if (r == 0)
            memcpy(hs->dtls__psk, cfg->psk, kl);
    }
    if (r >= 0) { /* the identity, kept for the session (session.c re-checks it on resumption) */
        memcpy(hs->dtls__hint, id, idl);
        hs->dtls__hint_len = (uint8_t)idl;
    }
    if (r < 0) {
        if (!(cfg->flags & DTLS_CFG_UNKNOWN_PSK_AS_WRONG_KEY)) {
            dtls__log_rom(conn, dtls__hs_l_psk_identity);
            return dtls__fatal(conn, DTLS_ALERT_UNKNOWN_PSK_IDENTITY);
        }
        kl = 32; /* continue with a random key: looks like a wrong key */
        if (dtls__hs_random(dtls__hs_hooks(conn), hs->dtls__psk, kl) != 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    }
    hs->dtls__psk_len = (uint8_t)kl;
    if (dtls__hs_hash(conn, DTLS__HS_CLIENT_KEY_EXCHANGE, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    return dtls__hs_s_kex(conn);
}

static int dtls__hs_s_finished(dtls_conn *conn, uint16_t seq, const uint8_t *body, size_t len)
{
    int r = dtls__hs_check_finished(conn, body, len);
    if (r != 0)
        return r;
    if (dtls__sess_resumed(conn)) { /* abbreviated: the client's Finished ends it (RFC 5246 7.3) */
        dtls__complete(conn);
        return 0;
    }
    if (dtls__hs_hash(conn, DTLS__HS_FINISHED, seq, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    dtls__flight_reset(conn);
    if (dtls__sess_s_ticket(conn) != 0 || /* RFC 5077 3.3: NewSessionTicket before our CCS */
        dtls__hs_add_ccs(conn) != 0 || dtls__hs_add_finished(conn) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    conn->dtls__hs->dtls__flags |= DTLS__HSF_WE_LAST; /* full handshake: the server's flight is the last */
    (void)dtls__flight_send(conn);        /* no timer: the duty answers retransmissions */
    dtls__complete(conn);
    return 0;
}

static int dtls__hs_server_msg(dtls_conn *conn, uint8_t type, uint16_t seq, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    switch (hs->dtls__state) {
    case DTLS__S_WAIT_CH:
        if (type == DTLS__HS_CLIENT_HELLO)
            return dtls__hs_s_client_hello(conn, seq, body, len);
        break;
    case DTLS__S_WAIT_CKE:
        if (type == DTLS__HS_CLIENT_KEY_EXCHANGE)
            return dtls__hs_s_cke(conn, seq, body, len);
        break;
    case DTLS__S_WAIT_CERT:
        if (type == DTLS__HS_CERTIFICATE)
            return dtls__hs_took(conn, dtls__hsc_peer_certificate(conn, body, len), type, seq, body, len,
                                 DTLS__S_WAIT_CKE);
        break;
    case DTLS__S_WAIT_CV:
        if (type == DTLS__HS_CERTIFICATE_VERIFY) /* the peer's CCS may have come (and been applied) already */
            return dtls__hs_took(conn, dtls__hsc_server_cert_verify(conn, body, len), type, seq, body, len,
                                 conn->dtls__rd_epoch == 1 ? DTLS__S_WAIT_FIN : DTLS__S_WAIT_CCS);
        break; /* anything else, a Finished included: the certificate-without-CertificateVerify bypass */
    case DTLS__S_WAIT_FIN:
        if (type == DTLS__HS_FINISHED)
            return dtls__hs_s_finished(conn, seq, body, len);
        break;
    default:
        break;
    }
    return dtls__fatal(conn, DTLS_ALERT_UNEXPECTED_MESSAGE);
}

/* ============================================================ dispatch */

/* A role compiled out (DTLS_ENABLE_CLIENT / _SERVER 0) is a constant
 * condition here: its state machine is not linked. */
static int dtls__hs_msg(dtls_conn *conn, uint8_t type, uint16_t seq, const uint8_t *body, size_t len)
{
    if (DTLS_ENABLE_CLIENT && (!DTLS_ENABLE_SERVER || conn->dtls__role == DTLS_ROLE_CLIENT))
        return dtls__hs_client_msg(conn, type, seq, body, len);
    return dtls__hs_server_msg(conn, type, seq, body, len);
}

static int dtls__hs_record_in(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len);
static int dtls__hs_ccs_catch_up(dtls_conn *conn, int r);

/* Server awaiting the client's CertificateVerify: the client's CCS may have
 * overtaken it and been applied (the read epoch is 1), so the
 * CertificateVerify is still taken from epoch 0; the Finished that follows
 * it, in epoch 1, waits in the reassembly, and a Finished in its place is
 * unexpected_message. */
static int dtls__hs_cv_after_ccs(const dtls_conn *conn, uint16_t epoch)
{
    return epoch == 0 && conn->dtls__role == DTLS_ROLE_SERVER && conn->dtls__hs->dtls__state == DTLS__S_WAIT_CV;
}

DTLS__PRIV int dtls__hs_record(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len)
{
    return dtls__hs_ccs_catch_up(conn, dtls__hs_record_in(conn, epoch, body, len));
}

/* Processes the messages waiting in the reassembly, in order, while the
 * machine can take them. */
static int dtls__hs_reasm_run(dtls_conn *conn, dtls_hs *hs)
{
    dtls__hs_header hh;
    const uint8_t *b;
    int r;
    while (conn->dtls__hs == hs && conn->dtls__state == DTLS__CS_HANDSHAKE && !hs->dtls__pending &&
           dtls__reasm_peek(&hs->dtls__rs, &hh, &b)) {
        r = dtls__hs_msg(conn, hh.type, hh.message_seq, b, (size_t)hh.length);
        if (conn->dtls__hs == hs)
            dtls__reasm_pop(&hs->dtls__rs);
        if (r != 0)
            return r;
    }
    return 0;
}

/* While a hook works (dtls__pending) new messages wait in the reassembly
 * and nothing is sent: the peer's retransmissions are absorbed. */
static int dtls__hs_record_in(dtls_conn *conn, uint16_t epoch, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t pos = 0;

    while (pos < len) {
        dtls__hs_header h;
        const uint8_t *frag;
        size_t used;
        int r;

        if (conn->dtls__hs != hs || conn->dtls__state != DTLS__CS_HANDSHAKE)
            return 0;
        if (dtls__hs_parse(&h, &frag, body + pos, len - pos, &used) != 0) {
            conn->dtls__cnt.records_dropped_parse++;
            return 0;
        }
        pos += used;
        if (conn->dtls__role == DTLS_ROLE_SERVER && !(hs->dtls__progress & DTLS__HSP_SEQ)) {
            if (h.type != DTLS__HS_CLIENT_HELLO)
                continue;
            dtls__reasm_init(&hs->dtls__rs, hs->dtls__buf + DTLS__FLIGHT_CAP, DTLS_HS_BUFFER - DTLS__FLIGHT_CAP,
                             h.message_seq);
            hs->dtls__progress |= DTLS__HSP_SEQ;
        }
        if ((uint16_t)(h.message_seq - hs->dtls__rs.next_seq) >= 0x8000u) { /* an old message */
            /* the peer retransmits its previous flight: so do we (RFC 6347 4.2.4) */
            if ((hs->dtls__flags & DTLS__HSF_PEER_LAST) && h.message_seq == hs->dtls__peer_last &&
                h.frag_offset + h.frag_length == h.length)
                dtls__flight_peer_resend(conn);
            continue;
        }
        if (epoch != conn->dtls__rd_epoch && !dtls__hs_cv_after_ccs(conn, epoch)) {
            /* a new message in an older epoch: after the peer's CCS its
             * Finished must be protected (a plaintext one is spoofed) */
            conn->dtls__cnt.records_dropped_epoch++;
            continue;
        }
        if (h.type == DTLS__HS_CERTIFICATE && h.length > DTLS_MAX_CERT_MSG && h.message_seq == hs->dtls__rs.next_seq)
            return dtls__hsc_too_big(conn); /* it could never be reassembled: say so rather than time out */
        if (!hs->dtls__pending && dtls__reasm_direct(&hs->dtls__rs, &h)) {
            r = dtls__hs_msg(conn, h.type, h.message_seq, frag, (size_t)h.length);
            if (conn->dtls__hs == hs)
                dtls__reasm_pop(&hs->dtls__rs);
            if (r == DTLS_ERR_IN_PROGRESS)
                continue; /* the rest of the record waits in the reassembly */
            if (r != 0)
                return r;
            /* messages after it may already wait in the reassembly */
        } else if (dtls__reasm_add(&hs->dtls__rs, &h, frag) < 0) {
            continue; /* counted by the reassembly */
        }
        r = dtls__hs_reasm_run(conn, hs);
        if (r != 0 && r != DTLS_ERR_IN_PROGRESS)
            return r;
    }
    return conn->dtls__hs == hs && hs->dtls__pending ? DTLS_ERR_IN_PROGRESS : 0;
}

/* 1 in the state just before the peer's ChangeCipherSpec is due: the rest of
 * the peer's flight (its ClientKeyExchange) is still awaited or being worked
 * on, so a CCS of that flight overtook it. */
static int dtls__hs_ccs_may_be_early(const dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    if (conn->dtls__role == DTLS_ROLE_CLIENT)
        return hs->dtls__state == DTLS__C_KEX || hs->dtls__state == DTLS__C_WAIT_NST;
    return hs->dtls__state == DTLS__S_WAIT_CKE || hs->dtls__state == DTLS__S_SHARED ||
           hs->dtls__state == DTLS__S_WAIT_CERT;
}

/* The read epoch moves on; early epoch-1 records are then processed by the
 * engine (dtls__engine_settle) when this handshake step returns. */
static int dtls__hs_ccs_apply(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    hs->dtls__flags = (uint8_t)(hs->dtls__flags & ~DTLS__HSF_CCS_EARLY);
    conn->dtls__rd_epoch = 1;
    memset(&conn->dtls__replay1, 0, sizeof(conn->dtls__replay1));
    if (hs->dtls__state != DTLS__S_WAIT_CV || conn->dtls__role != DTLS_ROLE_SERVER) /* else: see dtls__hs_cv_after_ccs */
        hs->dtls__state =
            (uint8_t)(conn->dtls__role == DTLS_ROLE_CLIENT ? (int)DTLS__C_WAIT_FIN : (int)DTLS__S_WAIT_FIN);
    return 0;
}

static int dtls__hs_wait_ccs(const dtls_conn *conn)
{
    int expected = conn->dtls__role == DTLS_ROLE_CLIENT ? (int)DTLS__C_WAIT_CCS : (int)DTLS__S_WAIT_CCS;
    if (conn->dtls__role == DTLS_ROLE_SERVER && conn->dtls__hs->dtls__state == DTLS__S_WAIT_CV)
        return conn->dtls__rd_epoch == 0;
    return conn->dtls__hs->dtls__state == expected;
}

/* A remembered early ChangeCipherSpec takes effect once its state is
 * reached (called where handshake processing returns to the engine, never
 * in the middle of a message: the early records it releases are processed
 * then). */
static int dtls__hs_ccs_catch_up(dtls_conn *conn, int r)
{
    dtls_hs *hs = conn->dtls__hs;
    if (r != 0 || hs == NULL || conn->dtls__state != DTLS__CS_HANDSHAKE || hs->dtls__pending ||
        !(hs->dtls__flags & DTLS__HSF_CCS_EARLY) || !dtls__hs_wait_ccs(conn))
        return r;
    return dtls__hs_ccs_apply(conn);
}

DTLS__PRIV int dtls__hs_ccs(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    if (hs->dtls__pending || !dtls__hs_wait_ccs(conn)) {
        if (dtls__hs_ccs_may_be_early(conn)) {
            hs->dtls__flags |= DTLS__HSF_CCS_EARLY; /* applied when its turn comes */
            return 0;
        }
        conn->dtls__cnt.records_dropped_epoch++; /* repeated (or stray): the peer retransmits */
        return 0;
    }
    return dtls__hs_ccs_apply(conn);
}

/* Runs the state a hook left "in progress" again; once done, the messages
 * that arrived meanwhile (in the reassembly) and a remembered
 * ChangeCipherSpec are taken. */
DTLS__PRIV int dtls__hs_resume(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    int r;
    if (hs == NULL || !hs->dtls__pending)
        return 0;
    if (DTLS_ENABLE_CLIENT && conn->dtls__role == DTLS_ROLE_CLIENT && hs->dtls__state == DTLS__C_KEX)
        r = dtls__hs_c_kex(conn);
    else if (DTLS_ENABLE_SERVER && conn->dtls__role == DTLS_ROLE_SERVER && hs->dtls__state == DTLS__S_KEYGEN)
        r = dtls__hs_s_flight4(conn);
    else if (DTLS_ENABLE_SERVER && conn->dtls__role == DTLS_ROLE_SERVER && hs->dtls__state == DTLS__S_SHARED)
        r = dtls__hs_s_kex(conn);
    else {
        hs->dtls__pending = 0;
        r = 0;
    }
    if (r == 0)
        r = dtls__hs_reasm_run(conn, hs);
    return dtls__hs_ccs_catch_up(conn, r);
}

DTLS__PRIV int dtls__hs_half_open(const dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    return conn->dtls__role == DTLS_ROLE_SERVER && hs != NULL && !hs->dtls__pending &&
           (hs->dtls__state == DTLS__S_WAIT_CKE || hs->dtls__state == DTLS__S_WAIT_CERT);
}

/* The client's timer resends its cookie ClientHello (flight.c): whatever
 * part of the server's flight arrived is dropped and a ServerHello is the
 * next expected message again, with the transcript to restart from the
 * ClientHello, so a server that restarts its handshake for every cookie
 * ClientHello (tinydtls) is followed, and one that resends its flight (RFC
 * 6347 4.2.4) is taken again whole. */
DTLS__PRIV int dtls__hs_rewind(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    uint16_t expect;
    switch (hs->dtls__state) {
    case DTLS__C_WAIT_SH:
        expect = hs->dtls__rs.next_seq; /* later messages of that flight may wait in the reassembly */
        break;
    case DTLS__C_WAIT_SKE_SHD:
    case DTLS__C_WAIT_SHD:
    case DTLS__C_WAIT_CERT:
    case DTLS__C_WAIT_SKE:
    case DTLS__C_WAIT_CR_SHD:
        expect = hs->dtls__peer_first; /* inside the server's flight */
        break;
    default:
        return 0;
    }
    hs->dtls__state = DTLS__C_WAIT_SH;
    hs->dtls__flags = (uint8_t)(hs->dtls__flags & ~(DTLS__HSF_EMS | DTLS__HSF_AUX | DTLS__HSF_CCS_EARLY));
    dtls__reasm_init(&hs->dtls__rs, hs->dtls__buf + DTLS__FLIGHT_CAP, DTLS_HS_BUFFER - DTLS__FLIGHT_CAP, expect);
    /* a restarted server numbers its records from our ClientHello's again
     * (as after a HelloVerifyRequest): the epoch-0 window starts afresh */
    memset(&hs->dtls__replay0, 0, sizeof(hs->dtls__replay0));
    dtls__hsc_rewind(conn);
    return 1;
}

#undef DTLS__HS_HVR_MAX
