/* engine.c - the I/O-free DTLS 1.2 connection engine (RFC 6347): endpoint
 * setup, the dtls_conn_* API, record input (epochs, replay, early records,
 * alerts, close_notify), alerts and application records out, and the
 * callback rule.  Our flight and its retransmission are in flight.c, the
 * handshake state machines in handshake.c.
 *
 * Choices written down here:
 * - Counters are per connection (dtls__cnt); dtls_conn_stats reports them.
 * - A record AEAD hook that answers "in progress" is called again at once
 *   (DTLS__POLL): a record is opened or sealed whole within the call, so the
 *   caller never has to keep or feed a datagram again.  Handshake work a
 *   hook leaves "in progress" (ECDH, signing, AEAD set-key) is resumable:
 *   input goes on with the rest of the datagram meanwhile (later handshake
 *   messages wait in the reassembly, the peer's ChangeCipherSpec is
 *   remembered, epoch-1 records wait in the early slots), the entry point
 *   returns DTLS_ERR_IN_PROGRESS, dtls_conn_deadline says "now", and
 *   dtls_conn_timer (dtls_server_timer) resumes the work.
 * - Early epoch-1 records (before the peer's ChangeCipherSpec, or data
 *   before its Finished) wait in dtls_hs (DTLS__EARLY_MAX slots); the entry
 *   point drains them once they are acceptable (dtls__engine_settle), so the
 *   handshake never calls back into the record path.
 * - The callback rule: while an entry point of an endpoint runs
 *   (dtls_ctx.dtls__busy), its callbacks may call dtls_conn_write and
 *   dtls_conn_close (the close is finished when the entry point returns);
 *   dtls_conn_input, _timer, _connect, _init and the dtls_server_* entry
 *   points return DTLS_ERR_STATE and change nothing. */
#include "engine.h"
#include "suites.h"
#include "hs_msg.h"
#include "heartbeat.h"
#include "session.h"
#include "keys.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

#define DTLS__ENGINE_LINGER_MAX UINT32_C(30000)     /* longest a failed server slot repeats its alert */

/* ---------------------------------------------------------------- helpers */

DTLS__PRIV uint32_t dtls__now(const dtls_conn *conn)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    return cfg->now(cfg->user);
}

#if DTLS_ENABLE_LOG
DTLS__PRIV void dtls__log_rom(const dtls_conn *conn, const char *rom_line)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    char line[80];
    size_t n;

    if (cfg->log == NULL)
        return;
    n = dtls__rom_strlen(rom_line);
    if (n > sizeof line - 1)
        n = sizeof line - 1;
    dtls__rom_memcpy(line, rom_line, n);
    line[n] = '\0';
    cfg->log(cfg->user, line);
}
#endif

DTLS__PRIV int dtls__due(uint32_t now, uint32_t at)
{
    return (uint32_t)(now - at) < UINT32_C(0x80000000);
}

/* Log lines: DTLS__ROM (flash on AVR; dtls__log_rom copies one out when a log callback is set). */
static const char dtls__engine_l_internal[] DTLS__ROM = "fatal: internal_error sent (a callback or crypto hook failed)";
static const char dtls__engine_l_complete[] DTLS__ROM = "handshake complete";
static const char dtls__engine_l_reneg[] DTLS__ROM = "renegotiation refused (no_renegotiation)";
static const char dtls__engine_l_fin_auth[] DTLS__ROM = "the peer's Finished failed authentication: wrong PSK?";
static const char dtls__engine_l_close[] DTLS__ROM = "close_notify received";
static const char dtls__engine_l_fatal[] DTLS__ROM = "fatal alert received";
static const char dtls__engine_l_close_after[] DTLS__ROM = "close_notify received (after ours)";
static const char dtls__engine_l_idle[] DTLS__ROM = "idle timeout: nothing authenticated from the peer";

DTLS__PRIV void dtls__conn_tx(dtls_conn *conn, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    if (len == 0)
        return;
    conn->dtls__cnt.datagrams_out++;
    /* a failed send is a lost datagram: the timer recovers */
    (void)cfg->send(cfg->user, conn->dtls__addr, conn->dtls__addr_len, ctx->dtls__tx, len);
}

/* The peer's Connection ID goes on our protected records (RFC 9146 §3: not
 * on plaintext ones, and not when the peer asked for none). */
static size_t dtls__conn_cid_tx(const dtls_conn *conn, uint8_t epoch)
{
    return DTLS_ENABLE_CID && epoch != 0 && conn->dtls__cid_on ? conn->dtls__cid_tx_len : 0u;
}

DTLS__PRIV size_t dtls__conn_record_prefix(const dtls_conn *conn, uint8_t epoch)
{
    return DTLS__RECORD_HEADER_LEN + dtls__conn_cid_tx(conn, epoch) +
           (epoch == 0 ? 0u : conn->dtls__wr.explicit_nonce_len);
}

DTLS__PRIV size_t dtls__conn_record_overhead(const dtls_conn *conn, uint8_t epoch)
{
    size_t cid = dtls__conn_cid_tx(conn, epoch);
    return DTLS__RECORD_HEADER_LEN + cid + (epoch == 0 ? 0u : dtls__cipher_overhead(&conn->dtls__wr)) +
           (cid ? 1u : 0u); /* the inner plaintext's type byte */
}

DTLS__PRIV size_t dtls__conn_record_room(const dtls_conn *conn, uint8_t epoch)
{
    size_t lim = DTLS_ENABLE_RECORD_SIZE && conn->dtls__tx_limit ? conn->dtls__tx_limit : DTLS__PLAINTEXT_MAX;
    return dtls__conn_cid_tx(conn, epoch) ? lim - 1 : lim;
}

DTLS__PRIV int dtls__conn_protect(dtls_conn *conn, uint8_t epoch, uint8_t type, uint8_t *out, size_t cap,
                                  const uint8_t *payload, size_t len)
{
    dtls__cipher nc;
    const dtls__cipher *c = &conn->dtls__wr;
    uint64_t *seq = &conn->dtls__wseq[epoch == 0 ? 0 : 1];
    int r;

    if (epoch == 0) {
        dtls__cipher_null(&nc);
        c = &nc;
    }
    DTLS__POLL(r, dtls__record_protect_cid(conn->dtls__ctx->dtls__cfg->hooks, c, type, DTLS__VERSION_1_2, epoch,
                                           *seq, conn->dtls__cid_tx, dtls__conn_cid_tx(conn, epoch), out, cap,
                                           payload, len));
    if (r >= 0)
        (*seq)++;
    return r;
}

static void dtls__engine_hs_release(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    if (hs == NULL)
        return;
    conn->dtls__cnt.fragments_dropped += dtls__reasm_dropped(&hs->dtls__rs);
    dtls_wipe(hs, sizeof(*hs)); /* owner = NULL: free in the pool */
    conn->dtls__hs = NULL;
    conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_HS_LINGER);
}

static void dtls__engine_hs_init(dtls_conn *conn, dtls_hs *hs)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    memset(hs, 0, sizeof(*hs));
    hs->dtls__owner = conn;
    hs->dtls__mtu = ctx->dtls__mtu;
    hs->dtls__rto = ctx->dtls__rto_initial;
    dtls__reasm_init(&hs->dtls__rs, hs->dtls__buf + DTLS__FLIGHT_CAP, DTLS_HS_BUFFER - DTLS__FLIGHT_CAP, 0);
    conn->dtls__hs = hs;
}

static dtls_hs *dtls__engine_hs_take(dtls_ctx *ctx)
{
    size_t i;
    for (i = 0; i < ctx->dtls__n_hs; i++)
        if (ctx->dtls__hs[i].dtls__owner == NULL)
            return &ctx->dtls__hs[i];
    for (i = 0; i < ctx->dtls__n_hs; i++) { /* a flight kept for the duty only (session.h) gives way */
        dtls_conn *owner = ctx->dtls__hs[i].dtls__owner;
        if (owner->dtls__state == DTLS__CS_ESTABLISHED && dtls__sess_linger(owner)) {
            dtls__engine_hs_release(owner);
            return &ctx->dtls__hs[i];
        }
    }
    return NULL;
}

/* --------------------------------------------------------------- endpoint */

DTLS__PRIV int dtls__ctx_has_psk(const dtls_config *cfg)
{
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->psk_client != NULL || (cfg->psk != NULL && cfg->psk_len != 0);
    return cfg->psk_server != NULL || (cfg->psk != NULL && cfg->psk_len != 0);
}

/* Raw public keys (RFC 7250) for every certificate handshake: asked for by
 * DTLS_CFG_RPK, or the only kind a build without X.509 has. */
DTLS__PRIV int dtls__cfg_rpk(const dtls_config *cfg)
{
    return !DTLS_ENABLE_X509 || (cfg->flags & DTLS_CFG_RPK) != 0;
}

DTLS__PRIV int dtls__ctx_has_certs(const dtls_config *cfg)
{
#if DTLS_ENABLE_CERTS
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->n_trust_anchors != 0 || (cfg->flags & DTLS_CFG_NO_VERIFY) || dtls__cfg_rpk(cfg);
    return cfg->cred != NULL || cfg->select_cred != NULL;
#else
    (void)cfg;
    return 0;
#endif
}

#if DTLS_ENABLE_CERTS
/* 1 when this side checks X.509 chains (and so needs the time). */
static int dtls__ctx_verifies_x509(const dtls_config *cfg)
{
    if (dtls__cfg_rpk(cfg))
        return 0;
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->n_trust_anchors != 0 && !(cfg->flags & DTLS_CFG_NO_VERIFY);
    return cfg->verify_client != DTLS_VERIFY_NONE;
}
#endif

DTLS_API int dtls_ctx_init_layout(dtls_ctx *ctx, const dtls_config *cfg, uint8_t *tx, size_t tx_cap, dtls_hs *hs,
                                  size_t n_hs, uint32_t layout)
{
    size_t i, usable = 0;

    if (layout != DTLS_LAYOUT)
        return DTLS_ERR_LAYOUT; /* before anything is written (api.h, the layout guard) */

    if (ctx == NULL || cfg == NULL || tx == NULL || hs == NULL || n_hs == 0)
        return DTLS_ERR_BAD_ARG;
    if (cfg->send == NULL || cfg->now == NULL || cfg->hooks == NULL || cfg->hooks->random == NULL)
        return DTLS_ERR_BAD_ARG;
    if (cfg->role != DTLS_ROLE_CLIENT && cfg->role != DTLS_ROLE_SERVER)
        return DTLS_ERR_BAD_ARG;
    if ((cfg->role == DTLS_ROLE_CLIENT && !DTLS_ENABLE_CLIENT) || (cfg->role == DTLS_ROLE_SERVER && !DTLS_ENABLE_SERVER))
        return DTLS_ERR_DISABLED; /* that role is compiled out */
    memset(ctx, 0, sizeof(*ctx));
    ctx->dtls__cfg = cfg;
    ctx->dtls__tx = tx;
    ctx->dtls__tx_cap = tx_cap;
    ctx->dtls__hs = hs;
    ctx->dtls__n_hs = n_hs;
    ctx->dtls__mtu = cfg->mtu ? cfg->mtu : 1232;
    ctx->dtls__mtu_floor = cfg->mtu_floor ? cfg->mtu_floor : 256;
    if (ctx->dtls__mtu_floor > ctx->dtls__mtu)
        ctx->dtls__mtu_floor = ctx->dtls__mtu;
    ctx->dtls__max_record = cfg->max_record ? cfg->max_record : DTLS__PLAINTEXT_MAX;
    if (ctx->dtls__max_record > DTLS__PLAINTEXT_MAX || ctx->dtls__max_record < 64)
        return DTLS_ERR_BAD_ARG; /* RFC 8449 §4: a record size limit is 64 at least */
    if (cfg->max_fragment_length != 0) {
        if (!DTLS_ENABLE_RECORD_SIZE)
            return DTLS_ERR_DISABLED;
        if ((cfg->max_fragment_length & (cfg->max_fragment_length - 1u)) != 0 || cfg->max_fragment_length < 512 ||
            cfg->max_fragment_length > 4096)
            return DTLS_ERR_BAD_ARG; /* RFC 6066 §4: 2^9, 2^10, 2^11 or 2^12 */
    }
    ctx->dtls__rto_initial = cfg->retransmit_initial_ms ? cfg->retransmit_initial_ms : 1000;
    ctx->dtls__rto_max = cfg->retransmit_max_ms ? cfg->retransmit_max_ms : 60000;
    if (ctx->dtls__rto_max < ctx->dtls__rto_initial)
        ctx->dtls__rto_max = ctx->dtls__rto_initial;
    ctx->dtls__sign_credit = (uint32_t)cfg->max_signatures_per_s * 1000u; /* the bucket starts full */
    ctx->dtls__retx_limit = cfg->retransmit_limit ? cfg->retransmit_limit : 6;
    ctx->dtls__retx_copies = cfg->retransmit_copies ? cfg->retransmit_copies : 2;
    if (ctx->dtls__retx_copies > 4)
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__mtu < 64 || tx_cap < ctx->dtls__mtu)
        return DTLS_ERR_BAD_ARG;
    /* cfg's lists, or the defaults of what is compiled in (suites.c) */
    ctx->dtls__suites = dtls__suites_default(cfg->suites, cfg->n_suites, &ctx->dtls__n_suites);
    ctx->dtls__groups = dtls__groups_default(cfg->groups, cfg->n_groups, &ctx->dtls__n_groups);
    if (!dtls__groups_usable(ctx->dtls__groups, ctx->dtls__n_groups, cfg->hooks))
        return DTLS_ERR_BAD_ARG; /* a group neither compiled in nor left to an ECDH hook */
    if (ctx->dtls__n_suites > DTLS_MAX_SUITES)
        return DTLS_ERR_BAD_ARG;
    for (i = 0; i < ctx->dtls__n_suites; i++)
        if (dtls__suite_find(ctx->dtls__suites[i]) != NULL)
            usable++;
    if (usable == 0)
        return DTLS_ERR_BAD_ARG;
    if (cfg->psk_len > DTLS_MAX_PSK || cfg->psk_identity_len > DTLS_MAX_IDENTITY ||
        cfg->psk_hint_len > DTLS_MAX_IDENTITY)
        return DTLS_ERR_BAD_ARG;
    if ((cfg->flags & DTLS_CFG_CID) && (!DTLS_ENABLE_CID || cfg->cid_len > DTLS_MAX_CID))
        return DTLS_ERR_BAD_ARG; /* compiled out, or longer than a connection keeps */
    if ((cfg->flags & (DTLS_CFG_HEARTBEAT | DTLS_CFG_HEARTBEAT_NO_ANSWER)) && !DTLS_ENABLE_HEARTBEAT)
        return DTLS_ERR_DISABLED;
    if (cfg->heartbeat_ms >= UINT32_C(0x80000000))
        return DTLS_ERR_BAD_ARG; /* deadlines lie within 2^31 ms (wrap-safe comparisons) */
    if (cfg->keylog != NULL && !DTLS_ENABLE_KEYLOG)
        return DTLS_ERR_DISABLED;
    if (cfg->n_srtp_profiles > 255 || (cfg->n_srtp_profiles != 0 && cfg->srtp_profiles == NULL))
        return DTLS_ERR_BAD_ARG; /* use_srtp's list holds at most 255 profiles here */
    if (cfg->n_srtp_profiles != 0 && !DTLS_ENABLE_SRTP)
        return DTLS_ERR_DISABLED;
    if (!dtls__ctx_has_psk(cfg) && !dtls__ctx_has_certs(cfg))
        return DTLS_ERR_BAD_ARG; /* nothing to authenticate with */
#if DTLS_ENABLE_CERTS
    if (dtls__ctx_verifies_x509(cfg) && cfg->wall_time == NULL && !(cfg->flags & DTLS_CFG_NO_CLOCK))
        return DTLS_ERR_BAD_ARG; /* a device without a clock says so (DTLS_CFG_NO_CLOCK) */
    if (dtls__cfg_rpk(cfg) && cfg->verify == NULL &&
        (cfg->role == DTLS_ROLE_CLIENT || cfg->verify_client != DTLS_VERIFY_NONE))
        return DTLS_ERR_BAD_ARG; /* raw public keys: only the callback can trust one */
#endif
    if (dtls__sess_ctx_init(ctx) != 0)
        return DTLS_ERR_RANDOM; /* the ticket secret */
    for (i = 0; i < n_hs; i++)
        memset(&hs[i], 0, sizeof(hs[i]));
    return 0;
}

/* ------------------------------------------------------ slots (engine.h) */

DTLS__PRIV int dtls__conn_accept(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len)
{
    dtls_hs *hs;
    if (conn == NULL || ctx == NULL || addr_len > DTLS_MAX_ADDR || (addr == NULL && addr_len != 0))
        return DTLS_ERR_BAD_ARG;
    hs = dtls__engine_hs_take(ctx);
    if (hs == NULL)
        return DTLS_ERR_NO_SLOT;
    memset(conn, 0, sizeof(*conn));
    conn->dtls__ctx = ctx;
    conn->dtls__role = DTLS_ROLE_SERVER;
    if (addr_len)
        memcpy(conn->dtls__addr, addr, addr_len);
    conn->dtls__addr_len = (uint8_t)addr_len;
    dtls__engine_hs_init(conn, hs);
    conn->dtls__state = DTLS__CS_HANDSHAKE;
    conn->dtls__last_heard = dtls__now(conn);
    return 0;
}

DTLS__PRIV void dtls__conn_stats_add(const dtls_conn *conn, dtls_stats *to)
{
    const dtls__counters *c = &conn->dtls__cnt;
    to->records_in += c->records_in;
    to->records_dropped_parse += c->records_dropped_parse;
    to->records_dropped_auth += c->records_dropped_auth;
    to->records_dropped_replay += c->records_dropped_replay;
    to->records_dropped_epoch += c->records_dropped_epoch;
    to->records_dropped_plaintext_after_handshake += c->records_dropped_plaintext_after_handshake;
    to->fragments_dropped += c->fragments_dropped;
    to->datagrams_in += c->datagrams_in;
    to->datagrams_out += c->datagrams_out;
    to->retransmissions += c->retransmissions;
    if (conn->dtls__hs != NULL)
        to->fragments_dropped += dtls__reasm_dropped(&conn->dtls__hs->dtls__rs);
}

DTLS__PRIV void dtls__conn_release(dtls_conn *conn)
{
    if (conn == NULL)
        return;
    if (conn->dtls__ctx != NULL) {
        dtls__engine_hs_release(conn); /* its dropped fragments into dtls__cnt */
        if (conn->dtls__state != DTLS__CS_FREE) {
            dtls__conn_stats_add(conn, &conn->dtls__ctx->dtls__stats); /* the endpoint's totals */
            if (conn->dtls__ctx->dtls__on_release != NULL)
                conn->dtls__ctx->dtls__on_release(conn->dtls__ctx, conn); /* the server's index forgets it */
        }
    }
    dtls_wipe(conn, sizeof(*conn));
}

DTLS__PRIV int dtls__conn_is_free(const dtls_conn *conn)
{
    return conn->dtls__state == DTLS__CS_FREE;
}

DTLS__PRIV int dtls__conn_addr_equal(const dtls_conn *conn, const uint8_t *addr, size_t addr_len)
{
    return conn->dtls__state != DTLS__CS_FREE && addr_len == conn->dtls__addr_len &&
           (addr_len == 0 || memcmp(conn->dtls__addr, addr, addr_len) == 0);
}

DTLS__PRIV const uint8_t *dtls__conn_client_random(const dtls_conn *conn)
{
    return conn->dtls__client_random;
}

DTLS__PRIV int dtls__conn_handshaking(const dtls_conn *conn)
{
    return conn->dtls__state == DTLS__CS_HANDSHAKE;
}

DTLS__PRIV int dtls__conn_reads_epoch1(const dtls_conn *conn)
{
    return conn->dtls__state == DTLS__CS_HANDSHAKE && conn->dtls__rd_epoch == 1;
}

DTLS__PRIV int dtls__conn_evictable(const dtls_conn *conn, uint32_t now)
{
    return conn->dtls__state == DTLS__CS_HANDSHAKE && !(conn->dtls__flags & DTLS__CF_ENDED) &&
           dtls__hs_half_open(conn) &&
           (uint32_t)(now - conn->dtls__last_heard) >= conn->dtls__ctx->dtls__rto_initial / 4u;
}

DTLS__PRIV int dtls__conn_ended(const dtls_conn *conn)
{
    return conn->dtls__state != DTLS__CS_FREE && (conn->dtls__flags & DTLS__CF_ENDED) != 0;
}

/* ------------------------------------------------------- alerts and state */

DTLS__PRIV void dtls__send_alert(dtls_conn *conn, uint8_t level, uint8_t desc)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    uint8_t a[2];
    int r;
    a[0] = level;
    a[1] = desc;
    r = dtls__conn_protect(conn, (uint8_t)conn->dtls__wr_epoch, DTLS__CT_ALERT, ctx->dtls__tx, ctx->dtls__mtu, a, 2);
    if (r > 0)
        dtls__conn_tx(conn, (size_t)r);
}

DTLS__PRIV int dtls__fail(dtls_conn *conn, int err)
{
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    conn->dtls__err = err;
    conn->dtls__state = DTLS__CS_FAILED;
    if (err <= DTLS_ERR_ALERT_SENT_BASE && err > DTLS_ERR_ALERT_RECEIVED_BASE - 256)
        dtls__sess_forget(conn); /* RFC 5246 7.2: a fatal alert ends the session too (session.c) */
    conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
    if (conn->dtls__role == DTLS_ROLE_CLIENT)
        dtls__engine_hs_release(conn);
    /* server role: the slot is released (after on_close) when the entry point returns */
    return err;
}

DTLS__PRIV int dtls__fatal(dtls_conn *conn, uint8_t desc)
{
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    dtls__send_alert(conn, 2, desc);
    conn->dtls__last_alert = desc;
    if (desc == DTLS_ALERT_INTERNAL_ERROR)
        dtls__log_rom(conn, dtls__engine_l_internal);
    return dtls__fail(conn, DTLS_ERR_ALERT_SENT(desc));
}

/* Where an entry point ends: a server-role connection that failed or closed
 * is reported (on_close) and its slot released. */
static int dtls__engine_finish(dtls_conn *conn, int r)
{
    const dtls_config *cfg;
    int reason;
    if (conn->dtls__role != DTLS_ROLE_SERVER) {
        if (conn->dtls__state == DTLS__CS_CLOSED || conn->dtls__state == DTLS__CS_FAILED)
            dtls__engine_hs_release(conn); /* a close from a callback left it */
        return r;
    }
    if (conn->dtls__state != DTLS__CS_FAILED && conn->dtls__state != DTLS__CS_CLOSED)
        return r;
    if (conn->dtls__flags & DTLS__CF_ENDED)
        return r; /* notified already */
    cfg = conn->dtls__ctx->dtls__cfg;
    reason = conn->dtls__state == DTLS__CS_FAILED ? conn->dtls__err : DTLS_ERR_CLOSED;
    if (cfg->on_close != NULL)
        cfg->on_close(cfg->user, conn, reason);
    if (reason <= DTLS_ERR_ALERT_SENT_BASE && reason > DTLS_ERR_ALERT_RECEIVED_BASE) {
        /* a fatal alert we sent may be lost: the slot stays to repeat it to
         * the peer's retransmitted flight for twice the current
         * retransmission timeout (bounded), keeping no handshake scratch */
        const dtls_ctx *ctx = conn->dtls__ctx;
        uint32_t linger = conn->dtls__hs != NULL ? conn->dtls__hs->dtls__rto : ctx->dtls__rto_initial;
        linger = linger > ctx->dtls__rto_max / 2 ? ctx->dtls__rto_max : linger * 2;
        if (linger > DTLS__ENGINE_LINGER_MAX)
            linger = DTLS__ENGINE_LINGER_MAX;
        dtls__engine_hs_release(conn);
        conn->dtls__flags = (uint8_t)((conn->dtls__flags & ~DTLS__CF_DUTY) | DTLS__CF_ENDED);
        conn->dtls__duty_until = dtls__now(conn) + linger;
        return r;
    }
    dtls__conn_release(conn);
    return r;
}

/* 1 when a queued record of the client points into its dtls_hs (an early
 * record delivered from its slot): hs is then kept until it is read. */
static int dtls__engine_rq_in_hs(const dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    unsigned i;
    if (hs == NULL)
        return 0;
    for (i = 0; i < conn->dtls__rq_n; i++) {
        const uint8_t *p = conn->dtls__rq_ptr[(conn->dtls__rq_head + i) % DTLS__RQ_MAX];
        const uint8_t *lo = (const uint8_t *)hs, *hi = lo + sizeof(*hs);
        if (p >= lo && p < hi)
            return 1;
    }
    return 0;
}

DTLS__PRIV void dtls__complete(dtls_conn *conn)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    conn->dtls__state = DTLS__CS_ESTABLISHED;
    conn->dtls__hs->dtls__armed = 0;
    dtls__sess_done(conn); /* the session kept: cache slot or the client's buffer (session.c) */
    if (conn->dtls__hs->dtls__flags & DTLS__HSF_WE_LAST)
        dtls__flight_duty_start(conn);
    dtls__log_rom(conn, dtls__engine_l_complete);
    if (cfg->on_keys != NULL) { /* RFC 5705: while the master secret is still at hand */
        const dtls_hs *hs = conn->dtls__hs;
        const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
        dtls_exporter x;
        x.dtls__master = hs->dtls__master;
        x.dtls__client_random = conn->dtls__client_random;
        x.dtls__server_random = hs->dtls__server_random;
        x.dtls__prf_hash = s != NULL ? s->prf_hash : 0;
        x.dtls__ems = (hs->dtls__flags & DTLS__HSF_EMS) != 0;
        cfg->on_keys(cfg->user, conn, &x);
    }
    if (conn->dtls__role == DTLS_ROLE_SERVER && cfg->on_connect != NULL)
        cfg->on_connect(cfg->user, conn);
}

DTLS_API int dtls_export_keying_material(const dtls_exporter *x, uint8_t *out, size_t out_len, const char *label,
                                         const uint8_t *context, size_t context_len, int use_context)
{
    if (x == NULL || x->dtls__master == NULL)
        return DTLS_ERR_BAD_ARG;
    if (!x->dtls__ems)
        return DTLS_ERR_UNSUPPORTED; /* RFC 7627 5.4 */
    return dtls__keys_export(out, out_len, x->dtls__prf_hash, x->dtls__master, x->dtls__client_random,
                             x->dtls__server_random, label, context, context_len, use_context);
}

/* ------------------------------------------------------------------ input */

static void dtls__engine_deliver(dtls_conn *conn, uint8_t *p, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    if (conn->dtls__role == DTLS_ROLE_SERVER) {
        if (cfg->on_data != NULL)
            cfg->on_data(cfg->user, conn, p, len);
        return;
    }
    if (conn->dtls__rq_n >= DTLS__RQ_MAX) {
        conn->dtls__cnt.records_dropped_parse++; /* the reader fell behind */
        return;
    }
    conn->dtls__rq_ptr[(conn->dtls__rq_head + conn->dtls__rq_n) % DTLS__RQ_MAX] = p;
    conn->dtls__rq_len[(conn->dtls__rq_head + conn->dtls__rq_n) % DTLS__RQ_MAX] = (uint16_t)len;
    conn->dtls__rq_n++;
}

static int dtls__engine_early_store(dtls_conn *conn, const dtls__record *rec)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t total = rec->header_len + rec->body_len;
    unsigned i;
    for (i = 0; i < DTLS__EARLY_MAX; i++) {
        if (hs->dtls__early_len[i] == 0 && total <= DTLS__EARLY_SLOT) {
            memmove(hs->dtls__early[i], rec->header, total);
            hs->dtls__early_len[i] = (uint16_t)total;
            return 0;
        }
    }
    conn->dtls__cnt.records_dropped_epoch++;
    return 0;
}

/* A handshake record after the handshake (decrypted). */
static int dtls__engine_hs_after(dtls_conn *conn, const dtls__record *rec)
{
    dtls__hs_header h;
    const uint8_t *frag;
    size_t used;

    if (rec->epoch == 0)
        return 0; /* looked at: a retransmitted epoch-0 message, or (server.c) a new ClientHello */
    if (dtls__hs_parse(&h, &frag, rec->body, rec->body_len, &used) != 0) {
        conn->dtls__cnt.records_dropped_parse++;
        return 0;
    }
    if (h.type == DTLS__HS_FINISHED) {
        if ((conn->dtls__flags & DTLS__CF_DUTY) && h.frag_offset + h.frag_length == h.length)
            dtls__flight_duty_resend(conn);
        return 0;
    }
    if ((conn->dtls__role == DTLS_ROLE_SERVER && h.type == DTLS__HS_CLIENT_HELLO) ||
        (conn->dtls__role == DTLS_ROLE_CLIENT && h.type == DTLS__HS_HELLO_REQUEST)) {
        dtls__log_rom(conn, dtls__engine_l_reneg);
        dtls__send_alert(conn, 1, DTLS_ALERT_NO_RENEGOTIATION);
    }
    return 0;
}

/* The length of our Connection ID on the records we receive (0: none). */
static size_t dtls__conn_cid_rx(const dtls_conn *conn)
{
    return DTLS_ENABLE_CID && conn->dtls__cid_on ? conn->dtls__cid_rx_len : 0u;
}

/* An application data record opened while the handshake still runs (a
 * tls12_cid record shows its type only inside): kept, as plaintext behind a
 * plain header whose type has the top bit set (dtls__engine_settle hands it
 * to dtls__engine_record as opened), until the peer's Finished. */
static int dtls__engine_early_store_opened(dtls_conn *conn, const dtls__record *rec)
{
    dtls_hs *hs = conn->dtls__hs;
    unsigned i;
    for (i = 0; i < DTLS__EARLY_MAX; i++) {
        uint8_t *p = hs->dtls__early[i];
        if (hs->dtls__early_len[i] != 0 || DTLS__RECORD_HEADER_LEN + rec->body_len > DTLS__EARLY_SLOT)
            continue;
        memmove(p + DTLS__RECORD_HEADER_LEN, rec->body, rec->body_len);
        p[0] = (uint8_t)(0x80u | rec->type);
        p[1] = (uint8_t)(DTLS__VERSION_1_2 >> 8);
        p[2] = (uint8_t)DTLS__VERSION_1_2;
        p[3] = (uint8_t)(rec->epoch >> 8);
        p[4] = (uint8_t)rec->epoch;
        p[5] = (uint8_t)(rec->seq >> 40);
        p[6] = (uint8_t)(rec->seq >> 32);
        dtls__store32_be(p + 7, (uint32_t)rec->seq);
        p[11] = (uint8_t)(rec->body_len >> 8);
        p[12] = (uint8_t)rec->body_len;
        hs->dtls__early_len[i] = (uint16_t)(DTLS__RECORD_HEADER_LEN + rec->body_len);
        return 0;
    }
    conn->dtls__cnt.records_dropped_epoch++;
    return 0;
}

/* One record of a datagram (or an early one): its checks, its protection
 * (opened: a record opened before, its checks done), then its type's work. */
static int dtls__engine_record(dtls_conn *conn, dtls__record *rec, int opened)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls__counters *st = &conn->dtls__cnt;
    dtls_hs *hs = conn->dtls__hs;
    int handshaking = conn->dtls__state == DTLS__CS_HANDSHAKE && hs != NULL;
    size_t cid = dtls__conn_cid_rx(conn);
    int r, newer, was_cid = rec->type == DTLS__CT_TLS12_CID;

    st->records_in++;
    if (opened)
        goto dispatch;
    /* RFC 9146 §3: once negotiated, our CID is on every protected record the
     * peer sends, and on no other */
    if (was_cid ? rec->epoch == 0 || cid == 0 || memcmp(rec->cid, conn->dtls__cid_rx, cid) != 0
                : rec->epoch != 0 && cid != 0) {
        st->records_dropped_parse++;
        return 0;
    }
    if (rec->epoch == 0) {
        if (rec->version != DTLS__VERSION_1_2 &&
            (rec->version != DTLS__VERSION_1_0 || conn->dtls__rd_epoch != 0 || !handshaking ||
             (hs->dtls__flags & DTLS__HSF_VERSION_LOCK))) {
            st->records_dropped_parse++;
            return 0;
        }
    } else if (rec->version != DTLS__VERSION_1_2) {
        st->records_dropped_parse++;
        return 0;
    }

    if (rec->epoch != conn->dtls__rd_epoch) {
        if (rec->epoch == 0) {
            if (rec->type != DTLS__CT_HANDSHAKE) {
                if (handshaking)
                    st->records_dropped_epoch++;
                else
                    st->records_dropped_plaintext_after_handshake++;
                return 0;
            }
        } else if (handshaking && rec->epoch == conn->dtls__rd_epoch + 1) {
            if (rec->type == DTLS__CT_HEARTBEAT) { /* RFC 6520 §3: discarded during a handshake, not kept */
                st->records_dropped_epoch++;
                return 0;
            }
            return dtls__engine_early_store(conn, rec);
        } else {
            st->records_dropped_epoch++;
            return 0;
        }
    } else if (rec->epoch != 0 && rec->type == DTLS__CT_APPLICATION_DATA && handshaking) {
        return dtls__engine_early_store(conn, rec); /* nothing is delivered before the peer's Finished */
    }

    if (rec->epoch == 0) {
        if (handshaking && dtls__replay_check(&hs->dtls__replay0, rec->seq) != 0) {
            st->records_dropped_replay++;
            return 0;
        }
        if (handshaking)
            dtls__replay_accept(&hs->dtls__replay0, rec->seq);
    } else {
        if (dtls__replay_check(&conn->dtls__replay1, rec->seq) != 0) {
            st->records_dropped_replay++;
            return 0;
        }
        DTLS__POLL(r, dtls__record_unprotect(cfg->hooks, &conn->dtls__rd, rec));
        if (r == DTLS_ERR_AUTH) {
            st->records_dropped_auth++;
            conn->dtls__auth_fail++;
            if (handshaking && rec->type == DTLS__CT_HANDSHAKE) {
                hs->dtls__flags |= DTLS__HSF_FIN_AUTH;
                if (cfg->flags & DTLS_CFG_SEND_BAD_RECORD_MAC) {
                    dtls__log_rom(conn, dtls__engine_l_fin_auth);
                    return dtls__fatal(conn, DTLS_ALERT_BAD_RECORD_MAC);
                }
            }
            if (cfg->max_auth_failures != 0 && conn->dtls__auth_fail >= cfg->max_auth_failures)
                return dtls__fatal(conn, DTLS_ALERT_BAD_RECORD_MAC);
            return 0;
        }
        if (r != 0 || (DTLS_ENABLE_RECORD_SIZE && conn->dtls__rx_limit != 0 && rec->body_len > conn->dtls__rx_limit)) {
            st->records_dropped_parse++; /* RFC 8449 §4: a DTLS endpoint may discard a record above its limit */
            return 0;
        }
        newer = !conn->dtls__replay1.any || rec->seq > conn->dtls__replay1.top;
        dtls__replay_accept(&conn->dtls__replay1, rec->seq);
        conn->dtls__last_heard = dtls__now(conn);
        /* RFC 9146 §6: a record with our CID that authenticated and is newer
         * than any before moves the peer to the address it came from */
        if (was_cid && newer && ctx->dtls__from != NULL && ctx->dtls__on_move != NULL &&
            !dtls__conn_addr_equal(conn, ctx->dtls__from, ctx->dtls__from_len))
            ctx->dtls__on_move(ctx, conn, ctx->dtls__from, ctx->dtls__from_len);
        if (was_cid && handshaking && rec->type == DTLS__CT_APPLICATION_DATA)
            return dtls__engine_early_store_opened(conn, rec);
    }

dispatch:
    switch (rec->type) {
    case DTLS__CT_CHANGE_CIPHER_SPEC:
        if (rec->epoch != 0 || rec->body_len != 1 || rec->body[0] != 1) {
            st->records_dropped_parse++;
            return 0;
        }
        if (!handshaking)
            return 0;
        return dtls__hs_ccs(conn);
    case DTLS__CT_ALERT:
        if (rec->body_len != 2) {
            st->records_dropped_parse++;
            return 0;
        }
        if (rec->body[1] == DTLS_ALERT_CLOSE_NOTIFY) {
            conn->dtls__flags |= DTLS__CF_PEER_CLOSED;
            if (!(conn->dtls__flags & DTLS__CF_CLOSE_SENT)) {
                dtls__send_alert(conn, 1, DTLS_ALERT_CLOSE_NOTIFY);
                conn->dtls__flags |= DTLS__CF_CLOSE_SENT;
            }
            conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
            conn->dtls__state = DTLS__CS_CLOSED;
            if (conn->dtls__role == DTLS_ROLE_CLIENT && !dtls__engine_rq_in_hs(conn))
                dtls__engine_hs_release(conn);
            dtls__log_rom(conn, dtls__engine_l_close);
            return DTLS_ERR_CLOSED;
        }
        if (rec->body[0] != 1) { /* fatal (or an unknown level) */
            conn->dtls__last_alert = rec->body[1];
            dtls__log_rom(conn, dtls__engine_l_fatal);
            return dtls__fail(conn, DTLS_ERR_ALERT_RECEIVED(rec->body[1]));
        }
        return 0; /* warnings (no_renegotiation, ...) change nothing */
    case DTLS__CT_HANDSHAKE:
        if (handshaking)
            return dtls__hs_record(conn, rec->epoch, rec->body, rec->body_len);
        if (conn->dtls__state == DTLS__CS_ESTABLISHED)
            return dtls__engine_hs_after(conn, rec);
        return 0;
    case DTLS__CT_APPLICATION_DATA:
        if (rec->epoch == 0 || conn->dtls__state != DTLS__CS_ESTABLISHED) {
            st->records_dropped_plaintext_after_handshake++;
            return 0;
        }
        /* authenticated data: the peer completed, it has our Finished */
        conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
        if (rec->body_len == 0)
            return 0; /* empty records are discarded */
        dtls__engine_deliver(conn, rec->body, rec->body_len);
        return 0;
    case DTLS__CT_HEARTBEAT: /* RFC 6520 (heartbeat.c; dropped when not negotiated or compiled out) */
        return dtls__hb_record(conn, rec->epoch, rec->body, rec->body_len);
    default:
        st->records_dropped_parse++;
        return 0;
    }
}

/* The early slot holding a record that is acceptable now (its epoch is the
 * read epoch; application data once established), or -1. */
static int dtls__engine_early_ready(const dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    unsigned i;
    for (i = 0; i < DTLS__EARLY_MAX; i++) {
        const uint8_t *p = hs->dtls__early[i];
        if (hs->dtls__early_len[i] == 0 || (uint16_t)(((unsigned)p[3] << 8) | p[4]) != conn->dtls__rd_epoch)
            continue;
        if ((p[0] & 0x7Fu) == DTLS__CT_APPLICATION_DATA && conn->dtls__state != DTLS__CS_ESTABLISHED)
            continue;
        return (int)i;
    }
    return -1;
}

/* After handshake work: processes the early records that became acceptable
 * (the handshake may move on with each: a Finished completes it, then data
 * is delivered), and lets an established connection's dtls_hs go (a
 * client keeps it while a queued record points into it).  A loop, not a
 * recursion: the handshake never calls back into the record path. */
static void dtls__engine_settle(dtls_conn *conn)
{
    int i;
    while (conn->dtls__hs != NULL && conn->dtls__err == 0 && !conn->dtls__hs->dtls__pending &&
           (conn->dtls__state == DTLS__CS_HANDSHAKE || conn->dtls__state == DTLS__CS_ESTABLISHED) &&
           (i = dtls__engine_early_ready(conn)) >= 0) {
        dtls_hs *hs = conn->dtls__hs;
        dtls__record rec;
        size_t pos = 0, len = hs->dtls__early_len[i];
        int opened = (hs->dtls__early[i][0] & 0x80u) != 0;
        const uint8_t *from = conn->dtls__ctx->dtls__from;
        hs->dtls__early_len[i] = 0;
        hs->dtls__early[i][0] &= 0x7Fu;
        if (dtls__record_parse(&rec, hs->dtls__early[i], len, &pos, opened ? 0 : dtls__conn_cid_rx(conn)) != 0)
            continue;
        conn->dtls__cnt.records_in--; /* counted when it arrived */
        conn->dtls__ctx->dtls__from = NULL; /* its source is not the datagram's being fed: it moves no peer */
        (void)dtls__engine_record(conn, &rec, opened);
        conn->dtls__ctx->dtls__from = from;
    }
    if (conn->dtls__hs != NULL && conn->dtls__state == DTLS__CS_ESTABLISHED &&
        !(conn->dtls__flags & DTLS__CF_HS_LINGER)) {
        if (conn->dtls__role == DTLS_ROLE_CLIENT && dtls__engine_rq_in_hs(conn))
            conn->dtls__flags |= DTLS__CF_HS_LINGER;
        else if ((conn->dtls__flags & DTLS__CF_DUTY) && dtls__sess_linger(conn))
            ; /* its last flight held a NewSessionTicket: kept for the duty (session.h) */
        else
            dtls__engine_hs_release(conn);
    }
}

static int dtls__engine_idle_deadline(const dtls_conn *conn, uint32_t *at);

/* DTLS_ERR_IN_PROGRESS while handshake work waits for a hook, else r. */
static int dtls__engine_pending(const dtls_conn *conn, int r)
{
    if (r == 0 && conn->dtls__err == 0 && conn->dtls__hs != NULL && conn->dtls__hs->dtls__pending)
        return DTLS_ERR_IN_PROGRESS;
    return r;
}

static int dtls__engine_sticky(const dtls_conn *conn)
{
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    if (conn->dtls__state == DTLS__CS_CLOSED)
        return DTLS_ERR_CLOSED;
    return 0;
}

/* After our close_notify the connection reads nothing more except the
 * peer's answering close_notify (RFC 5246 7.2.1): an epoch-1 alert record is
 * opened (replay window, authentication) so that dtls_conn_peer_closed can
 * report it.  Nothing is answered, delivered or counted. */
static void dtls__engine_closed_input(dtls_conn *conn, uint8_t *dgram, size_t len)
{
    dtls__record rec;
    size_t pos = 0;
    int r;
    if (!(conn->dtls__flags & DTLS__CF_CLOSE_SENT) || (conn->dtls__flags & DTLS__CF_PEER_CLOSED) ||
        conn->dtls__rd_epoch == 0)
        return;
    while (dtls__record_parse(&rec, dgram, len, &pos, dtls__conn_cid_rx(conn)) == 0) {
        if ((rec.type != DTLS__CT_ALERT && rec.type != DTLS__CT_TLS12_CID) || rec.epoch != conn->dtls__rd_epoch ||
            rec.version != DTLS__VERSION_1_2 || dtls__replay_check(&conn->dtls__replay1, rec.seq) != 0)
            continue;
        DTLS__POLL(r, dtls__record_unprotect(conn->dtls__ctx->dtls__cfg->hooks, &conn->dtls__rd, &rec));
        if (r != 0 || rec.type != DTLS__CT_ALERT)
            continue;
        dtls__replay_accept(&conn->dtls__replay1, rec.seq);
        if (rec.body_len == 2 && rec.body[1] == DTLS_ALERT_CLOSE_NOTIFY) {
            conn->dtls__flags |= DTLS__CF_PEER_CLOSED;
            dtls__log_rom(conn, dtls__engine_l_close_after);
            return;
        }
    }
}

/* After we sent a fatal alert, a peer that retransmits (a handshake record)
 * gets the alert again. */
static void dtls__engine_realert(dtls_conn *conn, uint8_t *dgram, size_t len)
{
    dtls__record rec;
    size_t pos = 0;
    if (conn->dtls__err > DTLS_ERR_ALERT_SENT_BASE || conn->dtls__err <= DTLS_ERR_ALERT_RECEIVED_BASE ||
        (conn->dtls__role != DTLS_ROLE_CLIENT && !(conn->dtls__flags & DTLS__CF_ENDED)))
        return;
    while (dtls__record_parse(&rec, dgram, len, &pos, dtls__conn_cid_rx(conn)) == 0) {
        if (rec.type == DTLS__CT_HANDSHAKE) {
            dtls__send_alert(conn, 2, conn->dtls__last_alert);
            return;
        }
    }
}

/* The callback rule: an entry point runs alone on its endpoint. */
static int dtls__engine_enter(dtls_ctx *ctx)
{
    if (ctx->dtls__busy)
        return DTLS_ERR_STATE; /* called from one of this endpoint's callbacks */
    ctx->dtls__busy = 1;
    return 0;
}

/* Handshake work a hook left "in progress", tried again. */
static int dtls__engine_resume(dtls_conn *conn)
{
    int r = 0;
    if (conn->dtls__hs != NULL && conn->dtls__hs->dtls__pending) {
        r = dtls__hs_resume(conn);
        if (r == DTLS_ERR_IN_PROGRESS)
            r = 0;
        dtls__engine_settle(conn);
    }
    return r < 0 ? r : 0;
}

DTLS__PRIV int dtls__conn_feed(dtls_conn *conn, uint8_t *datagram, size_t len)
{
    size_t pos = 0;
    unsigned n;
    int r;

    if (conn->dtls__err != 0) {
        r = conn->dtls__err;
        if ((conn->dtls__flags & DTLS__CF_ENDED) && dtls__due(dtls__now(conn), conn->dtls__duty_until))
            dtls__conn_release(conn); /* its time is up (notified already) */
        else
            dtls__engine_realert(conn, datagram, len);
        return r;
    }
    if (conn->dtls__state == DTLS__CS_CLOSED) {
        dtls__engine_closed_input(conn, datagram, len);
        return DTLS_ERR_CLOSED;
    }
    conn->dtls__cnt.datagrams_in++;
    if (len > 0xFFFFu)
        len = 0xFFFFu; /* larger than any UDP payload: the rest is not a datagram of ours */
    r = dtls__engine_resume(conn);
    if (r < 0)
        return dtls__engine_finish(conn, r);
    for (n = 0;; n++) {
        dtls__record rec;
        if (n == DTLS_MAX_RECORDS) {
            if (pos < len)
                conn->dtls__cnt.records_dropped_parse++; /* the rest of the datagram: bounded work */
            r = 0;
            break;
        }
        r = dtls__record_parse(&rec, datagram, len, &pos, dtls__conn_cid_rx(conn));
        if (r == 1) {
            r = 0;
            break;
        }
        if (r < 0) {
            conn->dtls__cnt.records_dropped_parse++; /* the rest of the datagram is ignored */
            r = 0;
            break;
        }
        r = dtls__engine_record(conn, &rec, 0);
        if (r == DTLS_ERR_IN_PROGRESS)
            r = 0; /* the work resumes from dtls_conn_timer; the rest of the datagram is taken now */
        dtls__engine_settle(conn);
        if (r < 0 || (conn->dtls__state != DTLS__CS_HANDSHAKE && conn->dtls__state != DTLS__CS_ESTABLISHED))
            break;
    }
    if (r == 0 && conn->dtls__err != 0)
        r = conn->dtls__err;
    return dtls__engine_finish(conn, dtls__engine_pending(conn, r));
}

/* dtls_conn_input and dtls_conn_timer (timer 1): the checks of a public
 * entry point and the callback rule's guard around the work. */
static int dtls__engine_entry(dtls_conn *conn, int timer, uint8_t *datagram, size_t len)
{
    dtls_ctx *ctx;
    int r;
    if (conn == NULL || conn->dtls__ctx == NULL || (datagram == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state == DTLS__CS_FREE || conn->dtls__state == DTLS__CS_IDLE)
        return DTLS_ERR_STATE;
    ctx = conn->dtls__ctx;
    if (dtls__engine_enter(ctx) != 0)
        return DTLS_ERR_STATE;
    ctx->dtls__active = conn;
    r = timer ? dtls__conn_tick(conn) : dtls__conn_feed(conn, datagram, len);
    ctx->dtls__active = NULL;
    ctx->dtls__busy = 0;
    return r;
}

DTLS_API int dtls_conn_input(dtls_conn *conn, uint8_t *datagram, size_t len)
{
    return dtls__engine_entry(conn, 0, datagram, len);
}

DTLS__PRIV int dtls__conn_tick(dtls_conn *conn)
{
    uint32_t now;
    int r = dtls__engine_sticky(conn);

    if ((conn->dtls__flags & DTLS__CF_ENDED) && dtls__due(dtls__now(conn), conn->dtls__duty_until))
        dtls__conn_release(conn); /* the alert-repeat time is up (notified already) */
    if (r != 0)
        return dtls__engine_finish(conn, r); /* e.g. a close a callback made on another connection */
    r = dtls__engine_resume(conn);
    if (r < 0)
        return dtls__engine_finish(conn, r);
    now = dtls__now(conn);
    if (conn->dtls__hs != NULL && conn->dtls__state == DTLS__CS_HANDSHAKE) {
        r = dtls__flight_timer(conn, now);
        if (r < 0)
            return dtls__engine_finish(conn, r);
    }
    if ((conn->dtls__flags & DTLS__CF_DUTY) && dtls__due(now, conn->dtls__duty_until))
        conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
    if (!(conn->dtls__flags & DTLS__CF_DUTY) && conn->dtls__state == DTLS__CS_ESTABLISHED &&
        dtls__sess_linger(conn))
        dtls__engine_hs_release(conn); /* the duty is over: the kept flight goes */
    r = dtls__hb_timer(conn, now); /* a heartbeat request sent, retransmitted, or unanswered */
    if (r < 0)
        return dtls__engine_finish(conn, r);
    {
        uint32_t idle_at;
        if (dtls__engine_idle_deadline(conn, &idle_at) && dtls__due(now, idle_at)) {
            dtls__log_rom(conn, dtls__engine_l_idle);
            return dtls__engine_finish(conn, dtls__fail(conn, DTLS_ERR_TIMEOUT)); /* on_close, the slot freed */
        }
    }
    return dtls__engine_finish(conn, dtls__engine_pending(conn, 0));
}

DTLS_API int dtls_conn_timer(dtls_conn *conn)
{
    return dtls__engine_entry(conn, 1, NULL, 0);
}

/* The protocol's own deadline: the retransmission timer, pending hook work,
 * the last-flight duty, the end of an ended server slot. */
static int dtls__engine_proto_deadline(const dtls_conn *conn, uint32_t *at_ms)
{
    const dtls_hs *hs = conn->dtls__hs;
    if (conn->dtls__flags & DTLS__CF_ENDED) {
        *at_ms = conn->dtls__duty_until; /* the slot frees then */
        return 1;
    }
    if (conn->dtls__state == DTLS__CS_CLOSED && conn->dtls__role == DTLS_ROLE_SERVER) {
        *at_ms = dtls__now(conn); /* closed from a callback: dtls_conn_timer notifies and frees it */
        return 1;
    }
    if (conn->dtls__err != 0 || conn->dtls__state == DTLS__CS_CLOSED)
        return 0;
    if (hs != NULL && conn->dtls__state == DTLS__CS_HANDSHAKE) {
        if (hs->dtls__pending) {
            *at_ms = dtls__now(conn);
            return 1;
        }
        *at_ms = hs->dtls__deadline;
        return hs->dtls__armed;
    }
    if (conn->dtls__flags & DTLS__CF_DUTY) {
        *at_ms = conn->dtls__duty_until;
        return 1;
    }
    return 0;
}

/* 1 and *at when a live server connection's idle timeout applies. */
static int dtls__engine_idle_deadline(const dtls_conn *conn, uint32_t *at)
{
    uint32_t idle = conn->dtls__ctx->dtls__cfg->idle_timeout_ms;
    if (idle == 0 || conn->dtls__role != DTLS_ROLE_SERVER || conn->dtls__err != 0 ||
        (conn->dtls__state != DTLS__CS_HANDSHAKE && conn->dtls__state != DTLS__CS_ESTABLISHED))
        return 0;
    *at = conn->dtls__last_heard + idle;
    return 1;
}

/* The connection's one deadline: the earliest of the protocol's, the idle
 * timeout and the heartbeat's (heartbeat.c). */
DTLS_API int dtls_conn_deadline(const dtls_conn *conn, uint32_t *at_ms)
{
    uint32_t a = 0, b = 0, c = 0;
    int ha, hb, hc;
    if (conn == NULL || at_ms == NULL || conn->dtls__state == DTLS__CS_FREE || conn->dtls__ctx == NULL)
        return 0;
    ha = dtls__engine_proto_deadline(conn, &a);
    hb = dtls__engine_idle_deadline(conn, &b);
    hc = dtls__hb_deadline(conn, &c);
    if (hc && (!hb || dtls__due(b, c))) { /* b: the earlier of the idle timeout and the heartbeat */
        b = c;
        hb = 1;
    }
    /* the earlier of the two (all lie within 2^31 ms of now: wrap-safe) */
    if (ha || hb)
        *at_ms = ha && (!hb || dtls__due(b, a)) ? a : b;
    return ha || hb;
}

/* ------------------------------------------------------------- connection */

DTLS_API int dtls_conn_init_layout(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len,
                                   uint32_t layout)
{
    size_t i;
    if (layout != DTLS_LAYOUT)
        return DTLS_ERR_LAYOUT;
    if (!DTLS_ENABLE_CLIENT)
        return DTLS_ERR_DISABLED; /* a server-only build */
    if (conn == NULL || ctx == NULL || addr_len > DTLS_MAX_ADDR || (addr == NULL && addr_len != 0))
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__cfg == NULL || ctx->dtls__cfg->role != DTLS_ROLE_CLIENT || ctx->dtls__busy)
        return DTLS_ERR_STATE;
    /* a handshake of this connection still running (started over without a
     * close): its scratch goes back to the pool.  Only the pool's owner
     * pointers are read: conn itself may hold anything before its first init. */
    for (i = 0; i < ctx->dtls__n_hs; i++)
        if (ctx->dtls__hs[i].dtls__owner == conn)
            dtls_wipe(&ctx->dtls__hs[i], sizeof ctx->dtls__hs[i]);
    memset(conn, 0, sizeof(*conn));
    conn->dtls__ctx = ctx;
    conn->dtls__role = DTLS_ROLE_CLIENT;
    if (addr_len)
        memcpy(conn->dtls__addr, addr, addr_len);
    conn->dtls__addr_len = (uint8_t)addr_len;
    conn->dtls__state = DTLS__CS_IDLE;
    return 0;
}

DTLS_API int dtls_conn_connect(dtls_conn *conn)
{
    dtls_hs *hs;
    int r;
    if (!DTLS_ENABLE_CLIENT)
        return DTLS_ERR_DISABLED; /* a server-only build */
    if (conn == NULL || conn->dtls__ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state != DTLS__CS_IDLE || conn->dtls__role != DTLS_ROLE_CLIENT)
        return DTLS_ERR_STATE;
    hs = dtls__engine_hs_take(conn->dtls__ctx);
    if (hs == NULL)
        return DTLS_ERR_NO_SLOT;
    if (dtls__engine_enter(conn->dtls__ctx) != 0)
        return DTLS_ERR_STATE;
    conn->dtls__ctx->dtls__active = conn;
    dtls__engine_hs_init(conn, hs);
    conn->dtls__state = DTLS__CS_HANDSHAKE;
    conn->dtls__last_heard = dtls__now(conn);
    r = dtls__hs_start(conn);
    if (r == DTLS_ERR_TOO_BIG) { /* nothing sent: the connection can be set up again */
        dtls__engine_hs_release(conn);
        conn->dtls__state = DTLS__CS_IDLE;
    }
    conn->dtls__ctx->dtls__active = NULL;
    conn->dtls__ctx->dtls__busy = 0;
    return r;
}

DTLS_API int dtls_conn_read(dtls_conn *conn, uint8_t *out, size_t cap)
{
    size_t len;
    if (conn == NULL || conn->dtls__ctx == NULL || (out == NULL && cap != 0))
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    if (conn->dtls__state == DTLS__CS_FREE || conn->dtls__state == DTLS__CS_IDLE)
        return DTLS_ERR_STATE;
    if (conn->dtls__rq_n > 0) {
        len = conn->dtls__rq_len[conn->dtls__rq_head];
        if (len > cap)
            return DTLS_ERR_BUFFER_TOO_SMALL;
        memmove(out, conn->dtls__rq_ptr[conn->dtls__rq_head], len);
        conn->dtls__rq_head = (uint8_t)((conn->dtls__rq_head + 1) % DTLS__RQ_MAX);
        conn->dtls__rq_n--;
        if ((conn->dtls__flags & DTLS__CF_HS_LINGER) && !dtls__engine_rq_in_hs(conn) &&
            !conn->dtls__ctx->dtls__busy)
            dtls__engine_hs_release(conn);
        return (int)len;
    }
    if (conn->dtls__state == DTLS__CS_CLOSED)
        return DTLS_ERR_CLOSED;
    return DTLS_ERR_WOULD_BLOCK;
}

DTLS_API int dtls_conn_cid(const dtls_conn *conn, const uint8_t **ours, size_t *ours_len, const uint8_t **peers,
                           size_t *peers_len)
{
    if (conn == NULL || conn->dtls__ctx == NULL || !DTLS_ENABLE_CID || !conn->dtls__cid_on)
        return 0;
    if (ours != NULL)
        *ours = conn->dtls__cid_rx;
    if (ours_len != NULL)
        *ours_len = conn->dtls__cid_rx_len;
    if (peers != NULL)
        *peers = conn->dtls__cid_tx;
    if (peers_len != NULL)
        *peers_len = conn->dtls__cid_tx_len;
    return 1;
}

DTLS_API size_t dtls_conn_max_payload(const dtls_conn *conn)
{
    const dtls_ctx *ctx;
    size_t room, ovh, rec;
    if (conn == NULL || conn->dtls__ctx == NULL || conn->dtls__state != DTLS__CS_ESTABLISHED)
        return 0;
    ctx = conn->dtls__ctx;
    ovh = dtls__conn_record_overhead(conn, (uint8_t)conn->dtls__wr_epoch);
    rec = dtls__conn_record_room(conn, (uint8_t)conn->dtls__wr_epoch); /* 2^14, or the peer's limit */
    room = ctx->dtls__mtu > ovh ? ctx->dtls__mtu - ovh : 0;
    if (room > rec)
        room = rec;
    return room < ctx->dtls__max_record ? room : ctx->dtls__max_record;
}

DTLS_API int dtls_conn_write(dtls_conn *conn, const uint8_t *data, size_t len)
{
    dtls_ctx *ctx;
    int r;
    if (conn == NULL || conn->dtls__ctx == NULL || (data == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    r = dtls__engine_sticky(conn);
    if (r != 0)
        return r;
    if (conn->dtls__state != DTLS__CS_ESTABLISHED)
        return DTLS_ERR_STATE;
    if (len > dtls_conn_max_payload(conn))
        return DTLS_ERR_TOO_BIG;
    if (len == 0)
        return 0;
    ctx = conn->dtls__ctx;
    r = dtls__conn_protect(conn, (uint8_t)conn->dtls__wr_epoch, DTLS__CT_APPLICATION_DATA, ctx->dtls__tx,
                             ctx->dtls__mtu, data, len);
    if (r < 0)
        return r; /* DTLS_ERR_SEQ_EXHAUSTED: sending fails cleanly, nothing changes */
    dtls__conn_tx(conn, (size_t)r);
    return (int)len;
}

DTLS_API int dtls_conn_close(dtls_conn *conn)
{
    if (conn == NULL || conn->dtls__ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state == DTLS__CS_FREE)
        return DTLS_ERR_STATE;
    if (conn->dtls__err != 0 || conn->dtls__state == DTLS__CS_CLOSED)
        return 0;
    if ((conn->dtls__state == DTLS__CS_HANDSHAKE || conn->dtls__state == DTLS__CS_ESTABLISHED) &&
        !(conn->dtls__flags & DTLS__CF_CLOSE_SENT)) {
        dtls__send_alert(conn, 1, DTLS_ALERT_CLOSE_NOTIFY);
        conn->dtls__flags |= DTLS__CF_CLOSE_SENT;
    }
    conn->dtls__state = DTLS__CS_CLOSED;
    conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
    conn->dtls__rq_n = 0; /* its unread records go with it */
    if (conn->dtls__ctx->dtls__busy && (conn->dtls__role == DTLS_ROLE_SERVER || conn == conn->dtls__ctx->dtls__active))
        return 0; /* from a callback of its own work (or of its server): the entry point, or the
                   * server's next timer (the deadline is now), finishes the close (on_close, hs) */
    dtls__engine_hs_release(conn);
    return dtls__engine_finish(conn, 0);
}

DTLS_API int dtls_conn_is_established(const dtls_conn *conn)
{
    return conn != NULL && conn->dtls__state == DTLS__CS_ESTABLISHED;
}

DTLS_API uint16_t dtls_conn_suite(const dtls_conn *conn)
{
    return conn != NULL ? conn->dtls__suite : 0;
}

DTLS_API int dtls_conn_error(const dtls_conn *conn)
{
    return conn != NULL ? conn->dtls__err : DTLS_ERR_BAD_ARG;
}

DTLS_API int dtls_conn_peer_closed(const dtls_conn *conn)
{
    return conn != NULL && (conn->dtls__flags & DTLS__CF_PEER_CLOSED) != 0;
}

DTLS_API int dtls_conn_cert_error(const dtls_conn *conn)
{
    return conn == NULL ? (int)DTLS_ERR_BAD_ARG : (int)conn->dtls__cert_err;
}

DTLS_API void dtls_conn_stats(const dtls_conn *conn, dtls_stats *out)
{
    if (out == NULL)
        return;
    memset(out, 0, sizeof(*out));
    if (conn == NULL || conn->dtls__ctx == NULL)
        return;
    if (conn->dtls__state != DTLS__CS_FREE)
        dtls__conn_stats_add(conn, out);
}

DTLS_API const char *dtls_suite_name(uint16_t suite)
{
    const dtls__suite *s = dtls__suite_find(suite);
    return s != NULL ? s->name : NULL;
}

DTLS_API uint16_t dtls_suite_from_name(const char *name)
{
    const dtls__suite *s = dtls__suite_by_name(name);
    return s != NULL ? s->id : 0;
}

#undef DTLS__ENGINE_LINGER_MAX
