/* engine.c - the I/O-free DTLS 1.2 connection engine (RFC 6347): endpoint
 * setup, the dtls_conn_* API, record input (epochs, replay, early records,
 * alerts, close_notify), output (flight packing and fragmentation to the MTU,
 * alerts, application records), the retransmission timer (§4.2.4) and the
 * 2 x MSL Finished duty.  The handshake state machines are in handshake.c.
 *
 * Choices written down here:
 * - The Finished duty of the side that sent the last flight lasts the longer
 *   of 2 x MSL (240 s, MSL = 120 s as in TCP) and retransmit_limit x
 *   retransmit_max_ms (the longest a peer with our settings may keep
 *   retransmitting its final flight after the copy that completed us: its
 *   timer may start at the cap; defaults 360 s).  During it each authenticated
 *   copy of the peer's Finished is answered by regenerating our
 *   ChangeCipherSpec + Finished from the stored verify_data and the epoch-1
 *   keys.  It ends early when authenticated application data arrives (the
 *   peer completed: it has our Finished).  dtls_conn_deadline reports its end.
 * - Counters live in dtls_ctx (one endpoint); dtls_conn_stats reports them.
 * - Retransmission timer: a new flight starts at retransmit_initial_ms when
 *   the previous flight was answered without retransmission, else at the
 *   backed-off value; each timer retransmission doubles it up to
 *   retransmit_max_ms; retransmit_limit timer retransmissions unanswered end
 *   the handshake with DTLS_ERR_TIMEOUT at the next expiry, which is twice
 *   the last interval, not capped (defaults: sent at 0, retransmitted at 1, 3,
 *   7, 15, 31, 63 s, timed out at 127 s).  Each timer retransmission sends
 *   the flight retransmit_copies times (default 2: docs/DESIGN.md 5 shows why
 *   one copy cannot complete 1000 of 1000 handshakes under 20% loss with 6
 *   retransmissions; a retransmission triggered by the peer sends one).  Path-MTU back-off:
 *   the third timer retransmission of a flight (after two unanswered) is
 *   fragmented at min(548, mtu), the fifth and later at mtu_floor.  Our
 *   ClientHello is never fragmented.
 * - A record whose AEAD hook answers "in progress" on input is not lost:
 *   dtls_conn_input returns DTLS_ERR_IN_PROGRESS and remembers where it
 *   stopped (dtls__in_pos: the offset of that record, untouched since the hook
 *   must see the same bytes again, and dtls__in_len: the datagram's length);
 *   the caller feeds the same datagram again and the engine continues at that
 *   offset, so records before it (already processed, and decrypted in place)
 *   are never processed twice.  The same holds when a handshake hook (ECDH,
 *   AEAD set-key, hash) answers "in progress" in the middle of a datagram: the
 *   offset is the one after the record that started the work, and the rest of
 *   the datagram is processed once the work is done.  An early epoch-1 record
 *   (buffered before the CCS / the peer's Finished) whose opening answers "in
 *   progress" stays buffered (DTLS__CF_DRAIN) and is opened again first.  On
 *   output the flight is abandoned for this call and the timer retransmits it. */
#include "engine.h"
#include "suites.h"
#include "hs_msg.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

#define DTLS__ENGINE_PMTU_MID 548
#define DTLS__ENGINE_2MSL UINT32_C(240000)       /* 2 x MSL (RFC 6347 4.2.4, MSL of RFC 793) */
#define DTLS__ENGINE_DUTY_MAX UINT32_C(0x40000000) /* about 12 days */
#define DTLS__ENGINE_LINGER_MAX UINT32_C(30000)     /* longest a failed server slot repeats its alert */

/* The default suite order (cfg->suites NULL): the PSK suites, then the
 * certificate suites; each side uses those it has the credentials for. */
static const uint16_t dtls__engine_suites[] = {
    DTLS_PSK_WITH_AES_128_CCM_8,           DTLS_PSK_WITH_AES_128_CCM,
    DTLS_PSK_WITH_AES_128_GCM_SHA256,      DTLS_PSK_WITH_AES_256_GCM_SHA384,
    DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
#if DTLS_ENABLE_CERTS
    DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,   DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
#endif
};
static const uint16_t dtls__engine_groups[] = {DTLS_GROUP_X25519, DTLS_GROUP_SECP256R1};

/* ---------------------------------------------------------------- helpers */

DTLS__PRIV uint32_t dtls__now(const dtls_conn *conn)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    return cfg->now(cfg->user);
}

DTLS__PRIV void dtls__log(const dtls_conn *conn, const char *line)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    if (cfg->log != NULL)
        cfg->log(cfg->user, line);
}

/* Wrap-safe: 1 when now is at or after at. */
static int dtls__engine_due(uint32_t now, uint32_t at)
{
    return (uint32_t)(now - at) < UINT32_C(0x80000000);
}

static void dtls__engine_tx(dtls_conn *conn, size_t len)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    if (len == 0)
        return;
    conn->dtls__cnt.datagrams_out++;
    /* a failed send is a lost datagram: the timer recovers */
    (void)cfg->send(cfg->user, conn->dtls__addr, conn->dtls__addr_len, ctx->dtls__tx, len);
}

static size_t dtls__engine_overhead(const dtls_conn *conn, uint8_t epoch)
{
    return DTLS__RECORD_HEADER_LEN + (epoch == 0 ? 0 : dtls__cipher_overhead(&conn->dtls__wr));
}

/* One record in epoch (0 or the current write epoch) at out. */
static int dtls__engine_protect(dtls_conn *conn, uint8_t epoch, uint8_t type, uint8_t *out, size_t cap,
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
    r = dtls__record_protect(conn->dtls__ctx->dtls__cfg->hooks, c, type, DTLS__VERSION_1_2, epoch, *seq, out, cap,
                             payload, len);
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
    return NULL;
}

/* --------------------------------------------------------------- endpoint */

DTLS__PRIV int dtls__ctx_has_psk(const dtls_config *cfg)
{
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->psk_client != NULL || (cfg->psk != NULL && cfg->psk_len != 0);
    return cfg->psk_server != NULL || (cfg->psk != NULL && cfg->psk_len != 0);
}

DTLS__PRIV int dtls__ctx_has_certs(const dtls_config *cfg)
{
#if DTLS_ENABLE_CERTS
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->n_trust_anchors != 0 || (cfg->flags & (DTLS_CFG_NO_VERIFY | DTLS_CFG_RPK)) != 0;
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
    if (cfg->flags & DTLS_CFG_RPK)
        return 0;
    if (cfg->role == DTLS_ROLE_CLIENT)
        return cfg->n_trust_anchors != 0 && !(cfg->flags & DTLS_CFG_NO_VERIFY);
    return cfg->verify_client != DTLS_VERIFY_NONE;
}
#endif

DTLS_API int dtls_ctx_init(dtls_ctx *ctx, const dtls_config *cfg, uint8_t *tx, size_t tx_cap, dtls_hs *hs,
                           size_t n_hs)
{
    size_t i, usable = 0;

    if (ctx == NULL || cfg == NULL || tx == NULL || hs == NULL || n_hs == 0)
        return DTLS_ERR_BAD_ARG;
    if (cfg->send == NULL || cfg->now == NULL || cfg->hooks == NULL || cfg->hooks->random == NULL)
        return DTLS_ERR_BAD_ARG;
    if (cfg->role != DTLS_ROLE_CLIENT && cfg->role != DTLS_ROLE_SERVER)
        return DTLS_ERR_BAD_ARG;
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
    if (ctx->dtls__max_record > DTLS__PLAINTEXT_MAX)
        return DTLS_ERR_BAD_ARG;
    ctx->dtls__rto_initial = cfg->retransmit_initial_ms ? cfg->retransmit_initial_ms : 1000;
    ctx->dtls__rto_max = cfg->retransmit_max_ms ? cfg->retransmit_max_ms : 60000;
    if (ctx->dtls__rto_max < ctx->dtls__rto_initial)
        ctx->dtls__rto_max = ctx->dtls__rto_initial;
    ctx->dtls__retx_limit = cfg->retransmit_limit ? cfg->retransmit_limit : 6;
    ctx->dtls__retx_copies = cfg->retransmit_copies ? cfg->retransmit_copies : 2;
    if (ctx->dtls__retx_copies > 4)
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__mtu < 64 || tx_cap < ctx->dtls__mtu)
        return DTLS_ERR_BAD_ARG;
    ctx->dtls__suites = cfg->suites ? cfg->suites : dtls__engine_suites;
    ctx->dtls__n_suites = cfg->suites ? cfg->n_suites : sizeof(dtls__engine_suites) / sizeof(dtls__engine_suites[0]);
    ctx->dtls__groups = cfg->groups ? cfg->groups : dtls__engine_groups;
    ctx->dtls__n_groups = cfg->groups ? cfg->n_groups : sizeof(dtls__engine_groups) / sizeof(dtls__engine_groups[0]);
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
    if (!dtls__ctx_has_psk(cfg) && !dtls__ctx_has_certs(cfg))
        return DTLS_ERR_BAD_ARG; /* nothing to authenticate with */
#if DTLS_ENABLE_CERTS
    if (dtls__ctx_verifies_x509(cfg) && cfg->wall_time == NULL && !(cfg->flags & DTLS_CFG_NO_CLOCK))
        return DTLS_ERR_BAD_ARG; /* a device without a clock says so (DTLS_CFG_NO_CLOCK) */
    if ((cfg->flags & DTLS_CFG_RPK) && cfg->verify == NULL &&
        (cfg->role == DTLS_ROLE_CLIENT || cfg->verify_client != DTLS_VERIFY_NONE))
        return DTLS_ERR_BAD_ARG; /* raw public keys: only the callback can trust one */
#endif
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
        if (conn->dtls__state != DTLS__CS_FREE)
            dtls__conn_stats_add(conn, &conn->dtls__ctx->dtls__stats); /* the endpoint's totals */
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

DTLS__PRIV int dtls__conn_ended(const dtls_conn *conn)
{
    return conn->dtls__state != DTLS__CS_FREE && (conn->dtls__flags & DTLS__CF_ENDED) != 0;
}

DTLS__PRIV uint32_t dtls__conn_last_heard(const dtls_conn *conn)
{
    return conn->dtls__last_heard;
}

/* ----------------------------------------------------------------- flight */

DTLS__PRIV void dtls__flight_reset(dtls_conn *conn)
{
    conn->dtls__hs->dtls__flight_len = 0;
#if DTLS_ENABLE_CERTS
    conn->dtls__hs->dtls__flight_ref = NULL;
#endif
}

DTLS__PRIV uint8_t *dtls__flight_next(dtls_conn *conn, size_t *cap)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t used = (size_t)hs->dtls__flight_len + DTLS__FLIGHT_ENTRY;
    *cap = used < DTLS__FLIGHT_CAP ? DTLS__FLIGHT_CAP - used : 0;
    return hs->dtls__buf + (used < DTLS__FLIGHT_CAP ? used : DTLS__FLIGHT_CAP);
}

DTLS__PRIV int dtls__flight_commit(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    uint8_t *e = hs->dtls__buf + hs->dtls__flight_len;
    if ((size_t)hs->dtls__flight_len + DTLS__FLIGHT_ENTRY + len > DTLS__FLIGHT_CAP)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    e[0] = epoch;
    e[1] = type;
    e[2] = (uint8_t)(seq >> 8);
    e[3] = (uint8_t)seq;
    e[4] = (uint8_t)(len >> 8);
    e[5] = (uint8_t)len;
    hs->dtls__flight_len = (uint16_t)(hs->dtls__flight_len + DTLS__FLIGHT_ENTRY + len);
    return 0;
}

#if DTLS_ENABLE_CERTS
DTLS__PRIV int dtls__flight_commit_ref(dtls_conn *conn, uint8_t epoch, uint8_t type, uint16_t seq,
                                       const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    if (len > 0xFFFF || hs->dtls__flight_ref != NULL)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    if (dtls__flight_commit(conn, (uint8_t)(epoch | DTLS__FLIGHT_REF), type, seq, 0) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    hs->dtls__buf[hs->dtls__flight_len - DTLS__FLIGHT_ENTRY + 4] = (uint8_t)(len >> 8);
    hs->dtls__buf[hs->dtls__flight_len - DTLS__FLIGHT_ENTRY + 5] = (uint8_t)len;
    hs->dtls__flight_ref = body;
    return 0;
}
#endif

/* mode 0: the last flight (no timer); 1: a new flight (timer restarts);
 * 2: a retransmission (the caller handles the timer). */
DTLS__PRIV int dtls__flight_send(dtls_conn *conn, int mode)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    dtls_hs *hs = conn->dtls__hs;
    uint8_t *tx = ctx->dtls__tx;
    size_t pos = 0, off = 0, mtu = hs->dtls__mtu;
    int r;

    while (off + DTLS__FLIGHT_ENTRY <= hs->dtls__flight_len) {
        const uint8_t *e = hs->dtls__buf + off;
        uint8_t epoch = e[0], type = e[1];
        uint16_t seq = (uint16_t)(((unsigned)e[2] << 8) | e[3]);
        size_t len = ((size_t)e[4] << 8) | e[5], fo = 0, ovh = dtls__engine_overhead(conn, epoch);
        const uint8_t *body = e + DTLS__FLIGHT_ENTRY;
        size_t ex, inline_len = len;
#if DTLS_ENABLE_CERTS
        if (epoch & DTLS__FLIGHT_REF) { /* the body is not copied: our Certificate, from the credential */
            epoch = (uint8_t)(epoch & ~DTLS__FLIGHT_REF);
            body = hs->dtls__flight_ref;
            inline_len = 0;
            ovh = dtls__engine_overhead(conn, epoch);
        }
#endif
        ex = epoch == 0 ? 0 : conn->dtls__wr.explicit_nonce_len;

        if (type == DTLS__FLIGHT_CCS) {
            if (pos + ovh + 1 > mtu) {
                dtls__engine_tx(conn, pos);
                pos = 0;
            }
            r = dtls__engine_protect(conn, epoch, DTLS__CT_CHANGE_CIPHER_SPEC, tx + pos, mtu - pos, body, 1);
            if (r < 0)
                return r;
            pos += (size_t)r;
        } else {
            /* the ClientHello is never fragmented: it goes at the configured mtu */
            size_t limit = type == DTLS__HS_CLIENT_HELLO ? ctx->dtls__mtu : mtu;
            do {
                size_t left = len - fo, room = limit > pos ? limit - pos : 0, want;
                want = ovh + DTLS__HS_HEADER_LEN + (left < 64 ? left : 64);
                if (type == DTLS__HS_CLIENT_HELLO)
                    want = ovh + DTLS__HS_HEADER_LEN + left;
                if (pos > 0 && room < want) {
                    dtls__engine_tx(conn, pos);
                    pos = 0;
                    room = limit;
                }
                if (room < ovh + DTLS__HS_HEADER_LEN + (left ? 1 : 0))
                    return DTLS_ERR_TOO_BIG;
                r = dtls__hs_fragment(tx + pos + DTLS__RECORD_HEADER_LEN + ex, room - ovh, type, seq, body,
                                      (uint32_t)len, (uint32_t)fo);
                if (r < 0)
                    return r;
                fo += (size_t)r;
                r = dtls__engine_protect(conn, epoch, DTLS__CT_HANDSHAKE, tx + pos, room,
                                         tx + pos + DTLS__RECORD_HEADER_LEN + ex,
                                         DTLS__HS_HEADER_LEN + (size_t)r);
                if (r < 0)
                    return r;
                pos += (size_t)r;
            } while (fo < len);
        }
        off += DTLS__FLIGHT_ENTRY + inline_len;
    }
    dtls__engine_tx(conn, pos);
    if (mode == 0) {
        hs->dtls__armed = 0;
    } else if (mode == 1) {
        if (hs->dtls__retx == 0)
            hs->dtls__rto = ctx->dtls__rto_initial;
        hs->dtls__retx = 0;
        hs->dtls__armed = 1;
        hs->dtls__deadline = dtls__now(conn) + hs->dtls__rto;
    }
    return 0;
}

/* ------------------------------------------------------- alerts and state */

DTLS__PRIV void dtls__send_alert(dtls_conn *conn, uint8_t level, uint8_t desc)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    uint8_t a[2];
    int r;
    a[0] = level;
    a[1] = desc;
    r = dtls__engine_protect(conn, (uint8_t)conn->dtls__wr_epoch, DTLS__CT_ALERT, ctx->dtls__tx, ctx->dtls__mtu, a, 2);
    if (r > 0)
        dtls__engine_tx(conn, (size_t)r);
}

DTLS__PRIV int dtls__fail(dtls_conn *conn, int err)
{
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    conn->dtls__err = err;
    conn->dtls__state = DTLS__CS_FAILED;
    conn->dtls__sid_len = 0; /* never resumable */
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
        dtls__log(conn, "fatal: internal_error sent (a callback or crypto hook failed)");
    return dtls__fail(conn, DTLS_ERR_ALERT_SENT(desc));
}

/* Where an entry point ends: a server-role connection that failed or closed
 * is reported (on_close) and its slot released. */
static int dtls__engine_finish(dtls_conn *conn, int r)
{
    const dtls_config *cfg;
    int reason;
    if (conn->dtls__role != DTLS_ROLE_SERVER)
        return r;
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

static int dtls__engine_rq_in_hs(const dtls_conn *conn)
{
    const dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_hs *hs = conn->dtls__hs;
    unsigned i;
    if (hs == NULL)
        return 0;
    for (i = 0; i < ctx->dtls__rq_n; i++) {
        const uint8_t *p = ctx->dtls__rq_ptr[(ctx->dtls__rq_head + i) % DTLS__RQ_MAX];
        const uint8_t *lo = (const uint8_t *)hs, *hi = lo + sizeof(*hs);
        if (p >= lo && p < hi)
            return 1;
    }
    return 0;
}

DTLS__PRIV void dtls__complete(dtls_conn *conn, int we_sent_last)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    conn->dtls__state = DTLS__CS_ESTABLISHED;
    conn->dtls__hs->dtls__armed = 0;
    if (we_sent_last) {
        const dtls_ctx *ctx = conn->dtls__ctx;
        uint64_t duty = (uint64_t)ctx->dtls__retx_limit * ctx->dtls__rto_max;
        if (duty < DTLS__ENGINE_2MSL)
            duty = DTLS__ENGINE_2MSL;
        if (duty > DTLS__ENGINE_DUTY_MAX)
            duty = DTLS__ENGINE_DUTY_MAX; /* wrap-safe comparisons need less than 2^31 */
        conn->dtls__flags |= DTLS__CF_DUTY;
        conn->dtls__duty_until = dtls__now(conn) + (uint32_t)duty;
    }
    dtls__log(conn, "handshake complete");
    if (conn->dtls__role == DTLS_ROLE_SERVER && cfg->on_connect != NULL)
        cfg->on_connect(cfg->user, conn);
    if (conn->dtls__hs != NULL && conn->dtls__state == DTLS__CS_ESTABLISHED)
        (void)dtls__early_drain(conn);
    if (conn->dtls__flags & DTLS__CF_DRAIN)
        return; /* an early record waits for its AEAD hook: hs is released after it */
    if (conn->dtls__role == DTLS_ROLE_CLIENT && dtls__engine_rq_in_hs(conn))
        conn->dtls__flags |= DTLS__CF_HS_LINGER;
    else
        dtls__engine_hs_release(conn);
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
    if (ctx->dtls__rq_n >= DTLS__RQ_MAX) {
        conn->dtls__cnt.records_dropped_parse++; /* the reader fell behind */
        return;
    }
    ctx->dtls__rq_ptr[(ctx->dtls__rq_head + ctx->dtls__rq_n) % DTLS__RQ_MAX] = p;
    ctx->dtls__rq_len[(ctx->dtls__rq_head + ctx->dtls__rq_n) % DTLS__RQ_MAX] = (uint16_t)len;
    ctx->dtls__rq_n++;
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

/* The 2 x MSL duty: regenerate ChangeCipherSpec + Finished. */
static void dtls__engine_duty(dtls_conn *conn)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    uint8_t *tx = ctx->dtls__tx, one = 1, fin[DTLS__HS_HEADER_LEN + 12];
    size_t pos = 0;
    int r;

    r = dtls__engine_protect(conn, 0, DTLS__CT_CHANGE_CIPHER_SPEC, tx, ctx->dtls__mtu, &one, 1);
    if (r < 0)
        return;
    pos = (size_t)r;
    if (dtls__hs_fragment(fin, sizeof(fin), DTLS__HS_FINISHED, conn->dtls__fin_seq, conn->dtls__verify, 12, 0) != 12)
        return;
    r = dtls__engine_protect(conn, 1, DTLS__CT_HANDSHAKE, tx + pos, ctx->dtls__mtu - pos, fin, sizeof(fin));
    if (r < 0)
        return;
    conn->dtls__cnt.retransmissions++;
    dtls__engine_tx(conn, pos + (size_t)r);
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
            dtls__engine_duty(conn);
        return 0;
    }
    if ((conn->dtls__role == DTLS_ROLE_SERVER && h.type == DTLS__HS_CLIENT_HELLO) ||
        (conn->dtls__role == DTLS_ROLE_CLIENT && h.type == DTLS__HS_HELLO_REQUEST)) {
        dtls__log(conn, "renegotiation refused (no_renegotiation)");
        dtls__send_alert(conn, 1, DTLS_ALERT_NO_RENEGOTIATION);
    }
    return 0;
}

static int dtls__engine_record(dtls_conn *conn, dtls__record *rec)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls__counters *st = &conn->dtls__cnt;
    dtls_hs *hs = conn->dtls__hs;
    int handshaking = conn->dtls__state == DTLS__CS_HANDSHAKE && hs != NULL;
    int r;

    st->records_in++;
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
        r = dtls__record_unprotect(cfg->hooks, &conn->dtls__rd, rec);
        if (r == DTLS_ERR_IN_PROGRESS) {
            st->records_in--; /* counted when it is opened again */
            conn->dtls__flags |= DTLS__CF_REOPEN; /* this record was not processed */
            return r;
        }
        if (r == DTLS_ERR_AUTH) {
            st->records_dropped_auth++;
            conn->dtls__auth_fail++;
            if (handshaking && rec->type == DTLS__CT_HANDSHAKE) {
                hs->dtls__flags |= DTLS__HSF_FIN_AUTH;
                if (cfg->flags & DTLS_CFG_SEND_BAD_RECORD_MAC) {
                    dtls__log(conn, "the peer's Finished failed authentication: wrong PSK?");
                    return dtls__fatal(conn, DTLS_ALERT_BAD_RECORD_MAC);
                }
            }
            if (cfg->max_auth_failures != 0 && conn->dtls__auth_fail >= cfg->max_auth_failures)
                return dtls__fatal(conn, DTLS_ALERT_BAD_RECORD_MAC);
            return 0;
        }
        if (r != 0) {
            st->records_dropped_parse++;
            return 0;
        }
        dtls__replay_accept(&conn->dtls__replay1, rec->seq);
        conn->dtls__last_heard = dtls__now(conn);
    }

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
            dtls__log(conn, "close_notify received");
            return DTLS_ERR_CLOSED;
        }
        if (rec->body[0] != 1) { /* fatal (or an unknown level) */
            conn->dtls__last_alert = rec->body[1];
            dtls__log(conn, "fatal alert received");
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
    default:
        st->records_dropped_parse++;
        return 0;
    }
}

DTLS__PRIV int dtls__early_drain(dtls_conn *conn)
{
    unsigned i;
    for (i = 0; i < DTLS__EARLY_MAX; i++) {
        dtls_hs *hs = conn->dtls__hs;
        dtls__record rec;
        size_t pos = 0, len;
        uint8_t *p;
        int r;
        if (hs == NULL || conn->dtls__err != 0)
            return conn->dtls__err;
        len = hs->dtls__early_len[i];
        if (len == 0)
            continue;
        p = hs->dtls__early[i];
        if ((uint16_t)(((unsigned)p[3] << 8) | p[4]) != conn->dtls__rd_epoch)
            continue;
        if (p[0] == DTLS__CT_APPLICATION_DATA && conn->dtls__state != DTLS__CS_ESTABLISHED)
            continue;
        hs->dtls__early_len[i] = 0;
        if (dtls__record_parse(&rec, p, len, &pos, 0) != 0)
            continue;
        conn->dtls__cnt.records_in--; /* counted when it arrived */
        r = dtls__engine_record(conn, &rec);
        if (r == DTLS_ERR_IN_PROGRESS && (conn->dtls__flags & DTLS__CF_REOPEN)) {
            /* its AEAD hook is busy: keep it (the bytes are untouched) and
             * open it again first at the next dtls_conn_input */
            conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_REOPEN);
            conn->dtls__cnt.records_in++;
            hs->dtls__early_len[i] = (uint16_t)len;
            conn->dtls__flags |= DTLS__CF_DRAIN;
            return r;
        }
        if (r < 0)
            return r;
    }
    return 0;
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
    if (!(conn->dtls__flags & DTLS__CF_CLOSE_SENT) || (conn->dtls__flags & DTLS__CF_PEER_CLOSED) ||
        conn->dtls__rd_epoch == 0)
        return;
    while (dtls__record_parse(&rec, dgram, len, &pos, 0) == 0) {
        if (rec.type != DTLS__CT_ALERT || rec.epoch != conn->dtls__rd_epoch || rec.version != DTLS__VERSION_1_2 ||
            dtls__replay_check(&conn->dtls__replay1, rec.seq) != 0 ||
            dtls__record_unprotect(conn->dtls__ctx->dtls__cfg->hooks, &conn->dtls__rd, &rec) != 0)
            continue;
        dtls__replay_accept(&conn->dtls__replay1, rec.seq);
        if (rec.body_len == 2 && rec.body[1] == DTLS_ALERT_CLOSE_NOTIFY) {
            conn->dtls__flags |= DTLS__CF_PEER_CLOSED;
            dtls__log(conn, "close_notify received (after ours)");
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
    while (dtls__record_parse(&rec, dgram, len, &pos, 0) == 0) {
        if (rec.type == DTLS__CT_HANDSHAKE) {
            dtls__send_alert(conn, 2, conn->dtls__last_alert);
            return;
        }
    }
}

/* Opens again the early records an AEAD hook left "in progress"; once none is
 * left, an established connection lets its handshake scratch go. */
static int dtls__engine_drain_again(dtls_conn *conn)
{
    int r;
    conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DRAIN);
    r = dtls__early_drain(conn);
    if (r == 0 && (conn->dtls__flags & DTLS__CF_DRAIN))
        r = DTLS_ERR_IN_PROGRESS;
    if (r == 0 && conn->dtls__state == DTLS__CS_ESTABLISHED && conn->dtls__hs != NULL &&
        !(conn->dtls__flags & DTLS__CF_HS_LINGER)) {
        if (conn->dtls__role == DTLS_ROLE_CLIENT && dtls__engine_rq_in_hs(conn))
            conn->dtls__flags |= DTLS__CF_HS_LINGER;
        else
            dtls__engine_hs_release(conn);
    }
    return r;
}

/* Stops input at pos of a datagram of len bytes: the caller feeds it again. */
static int dtls__engine_stop(dtls_conn *conn, size_t pos, size_t len)
{
    conn->dtls__in_pos = (uint16_t)pos;
    conn->dtls__in_len = (uint16_t)len;
    conn->dtls__flags |= DTLS__CF_IN_RESUME;
    return DTLS_ERR_IN_PROGRESS;
}

DTLS_API int dtls_conn_input(dtls_conn *conn, uint8_t *datagram, size_t len)
{
    size_t pos = 0, start;
    int r = 0;

    if (conn == NULL || (datagram == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state == DTLS__CS_FREE || conn->dtls__state == DTLS__CS_IDLE)
        return DTLS_ERR_STATE;
    if (conn->dtls__err != 0) {
        r = conn->dtls__err;
        if ((conn->dtls__flags & DTLS__CF_ENDED) && dtls__engine_due(dtls__now(conn), conn->dtls__duty_until))
            dtls__conn_release(conn); /* its time is up (notified already) */
        else
            dtls__engine_realert(conn, datagram, len);
        return r;
    }
    if (conn->dtls__state == DTLS__CS_CLOSED) {
        dtls__engine_closed_input(conn, datagram, len);
        return DTLS_ERR_CLOSED;
    }
    /* the same datagram again after DTLS_ERR_IN_PROGRESS: continue where we
     * stopped (the records before that offset were processed, and decrypted
     * in place); a datagram of another length is a new one */
    if ((conn->dtls__flags & DTLS__CF_IN_RESUME) && len == conn->dtls__in_len && len <= 0xFFFFu)
        pos = conn->dtls__in_pos;
    else
        conn->dtls__cnt.datagrams_in++;
    conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_IN_RESUME);
    if (len > 0xFFFFu)
        len = 0xFFFFu; /* larger than any UDP payload: the rest is not a datagram of ours */
    if (conn->dtls__hs != NULL && conn->dtls__hs->dtls__pending) {
        r = dtls__hs_resume(conn);
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__engine_stop(conn, pos, len); /* the rest waits */
        if (r < 0)
            return dtls__engine_finish(conn, r);
    }
    if (conn->dtls__flags & DTLS__CF_DRAIN) {
        r = dtls__engine_drain_again(conn);
        if (r == DTLS_ERR_IN_PROGRESS)
            return dtls__engine_stop(conn, pos, len);
        if (r < 0)
            return dtls__engine_finish(conn, r);
    }
    for (;;) {
        dtls__record rec;
        start = pos;
        r = dtls__record_parse(&rec, datagram, len, &pos, 0);
        if (r == 1) {
            r = 0;
            break;
        }
        if (r < 0) {
            conn->dtls__cnt.records_dropped_parse++; /* the rest of the datagram is ignored */
            r = 0;
            break;
        }
        r = dtls__engine_record(conn, &rec);
        if (conn->dtls__err == 0 && (r == DTLS_ERR_IN_PROGRESS || (conn->dtls__flags & DTLS__CF_DRAIN))) {
            if (conn->dtls__flags & DTLS__CF_REOPEN) {
                conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_REOPEN);
                pos = start; /* this record again (its bytes are untouched) */
            }
            return dtls__engine_stop(conn, pos, len);
        }
        if (r < 0 || (conn->dtls__state != DTLS__CS_HANDSHAKE && conn->dtls__state != DTLS__CS_ESTABLISHED))
            break;
    }
    if (r == 0 && conn->dtls__err != 0)
        r = conn->dtls__err;
    return dtls__engine_finish(conn, r);
}

DTLS_API int dtls_conn_timer(dtls_conn *conn)
{
    dtls_ctx *ctx;
    dtls_hs *hs;
    uint32_t now, wait;
    int r;
    uint8_t k;

    if (conn == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state == DTLS__CS_FREE || conn->dtls__state == DTLS__CS_IDLE)
        return DTLS_ERR_STATE;
    r = dtls__engine_sticky(conn);
    if ((conn->dtls__flags & DTLS__CF_ENDED) && dtls__engine_due(dtls__now(conn), conn->dtls__duty_until))
        dtls__conn_release(conn); /* the alert-repeat time is up (notified already) */
    if (r != 0)
        return r;
    ctx = conn->dtls__ctx;
    hs = conn->dtls__hs;
    if (hs != NULL && hs->dtls__pending) {
        r = dtls__hs_resume(conn);
        if (r < 0)
            return dtls__engine_finish(conn, r);
        hs = conn->dtls__hs;
    }
    now = dtls__now(conn);
    if (hs != NULL && conn->dtls__state == DTLS__CS_HANDSHAKE && hs->dtls__armed &&
        dtls__engine_due(now, hs->dtls__deadline)) {
        if (hs->dtls__retx >= ctx->dtls__retx_limit) {
            if (hs->dtls__flags & DTLS__HSF_FIN_AUTH)
                dtls__log(conn, "handshake timed out: the peer's Finished failed authentication (wrong PSK?)");
            else
                dtls__log(conn, "handshake timed out");
            r = dtls__fail(conn, DTLS_ERR_TIMEOUT);
            return dtls__engine_finish(conn, r);
        }
        hs->dtls__retx++;
        conn->dtls__cnt.retransmissions++;
        wait = hs->dtls__rto * 2; /* the wait before giving up is not capped (127 s with the defaults) */
        hs->dtls__rto = hs->dtls__rto > ctx->dtls__rto_max / 2 ? ctx->dtls__rto_max : hs->dtls__rto * 2;
        if (hs->dtls__retx < ctx->dtls__retx_limit || wait < hs->dtls__rto)
            wait = hs->dtls__rto;
        if (hs->dtls__retx == 3 && hs->dtls__mtu > DTLS__ENGINE_PMTU_MID)
            hs->dtls__mtu = DTLS__ENGINE_PMTU_MID;
        if (hs->dtls__retx >= 5 && hs->dtls__mtu > ctx->dtls__mtu_floor)
            hs->dtls__mtu = ctx->dtls__mtu_floor;
        hs->dtls__deadline = now + wait;
        /* a timer retransmission means something was lost: the flight goes
         * out retransmit_copies times, each freshly protected (docs/DESIGN.md 5) */
        for (k = 0; k < ctx->dtls__retx_copies; k++) {
            r = dtls__flight_send(conn, 2);
            if (r == DTLS_ERR_IN_PROGRESS)
                break;
            if (r < 0)
                return dtls__engine_finish(conn, dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR));
        }
    }
    if ((conn->dtls__flags & DTLS__CF_DUTY) && dtls__engine_due(now, conn->dtls__duty_until))
        conn->dtls__flags = (uint8_t)(conn->dtls__flags & ~DTLS__CF_DUTY);
    return 0;
}

DTLS_API int dtls_conn_deadline(const dtls_conn *conn, uint32_t *at_ms)
{
    const dtls_hs *hs;
    if (conn == NULL || at_ms == NULL)
        return 0;
    if (conn->dtls__state != DTLS__CS_FREE && (conn->dtls__flags & DTLS__CF_ENDED)) {
        *at_ms = conn->dtls__duty_until; /* the slot frees then */
        return 1;
    }
    if (conn->dtls__err != 0 || conn->dtls__state == DTLS__CS_CLOSED)
        return 0;
    hs = conn->dtls__hs;
    if (hs != NULL && conn->dtls__state == DTLS__CS_HANDSHAKE) {
        if (hs->dtls__pending) {
            *at_ms = dtls__now(conn);
            return 1;
        }
        if (hs->dtls__armed) {
            *at_ms = hs->dtls__deadline;
            return 1;
        }
        return 0;
    }
    if (conn->dtls__flags & DTLS__CF_DUTY) {
        *at_ms = conn->dtls__duty_until;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------- connection */

DTLS_API int dtls_conn_init(dtls_conn *conn, dtls_ctx *ctx, const uint8_t *addr, size_t addr_len)
{
    if (conn == NULL || ctx == NULL || addr_len > DTLS_MAX_ADDR || (addr == NULL && addr_len != 0))
        return DTLS_ERR_BAD_ARG;
    if (ctx->dtls__cfg == NULL || ctx->dtls__cfg->role != DTLS_ROLE_CLIENT)
        return DTLS_ERR_STATE;
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
    if (conn == NULL || conn->dtls__ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state != DTLS__CS_IDLE || conn->dtls__role != DTLS_ROLE_CLIENT)
        return DTLS_ERR_STATE;
    hs = dtls__engine_hs_take(conn->dtls__ctx);
    if (hs == NULL)
        return DTLS_ERR_NO_SLOT;
    dtls__engine_hs_init(conn, hs);
    conn->dtls__state = DTLS__CS_HANDSHAKE;
    conn->dtls__last_heard = dtls__now(conn);
    r = dtls__hs_start(conn);
    if (r == DTLS_ERR_TOO_BIG) { /* nothing sent: the connection can be set up again */
        dtls__engine_hs_release(conn);
        conn->dtls__state = DTLS__CS_IDLE;
    }
    return r;
}

DTLS_API int dtls_conn_read(dtls_conn *conn, uint8_t *out, size_t cap)
{
    dtls_ctx *ctx;
    size_t len;
    if (conn == NULL || conn->dtls__ctx == NULL || (out == NULL && cap != 0))
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__err != 0)
        return conn->dtls__err;
    ctx = conn->dtls__ctx;
    if (ctx->dtls__rq_n > 0 && conn->dtls__role == DTLS_ROLE_CLIENT) {
        len = ctx->dtls__rq_len[ctx->dtls__rq_head];
        if (len > cap)
            return DTLS_ERR_BUFFER_TOO_SMALL;
        memmove(out, ctx->dtls__rq_ptr[ctx->dtls__rq_head], len);
        ctx->dtls__rq_head = (uint8_t)((ctx->dtls__rq_head + 1) % DTLS__RQ_MAX);
        ctx->dtls__rq_n--;
        if ((conn->dtls__flags & DTLS__CF_HS_LINGER) && !(conn->dtls__flags & DTLS__CF_DRAIN) &&
            !dtls__engine_rq_in_hs(conn))
            dtls__engine_hs_release(conn);
        return (int)len;
    }
    if (conn->dtls__state == DTLS__CS_CLOSED)
        return DTLS_ERR_CLOSED;
    return DTLS_ERR_WOULD_BLOCK;
}

DTLS_API size_t dtls_conn_max_payload(const dtls_conn *conn)
{
    const dtls_ctx *ctx;
    size_t room, ovh;
    if (conn == NULL || conn->dtls__ctx == NULL || conn->dtls__state != DTLS__CS_ESTABLISHED)
        return 0;
    ctx = conn->dtls__ctx;
    ovh = DTLS__RECORD_HEADER_LEN + dtls__cipher_overhead(&conn->dtls__wr);
    room = ctx->dtls__mtu > ovh ? ctx->dtls__mtu - ovh : 0;
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
    r = dtls__engine_protect(conn, (uint8_t)conn->dtls__wr_epoch, DTLS__CT_APPLICATION_DATA, ctx->dtls__tx,
                             ctx->dtls__mtu, data, len);
    if (r < 0)
        return r; /* DTLS_ERR_SEQ_EXHAUSTED: sending fails cleanly, nothing changes */
    dtls__engine_tx(conn, (size_t)r);
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
    dtls__engine_hs_release(conn);
    conn->dtls__ctx->dtls__rq_n = 0;
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

#undef DTLS__ENGINE_PMTU_MID
#undef DTLS__ENGINE_2MSL
#undef DTLS__ENGINE_DUTY_MAX
#undef DTLS__ENGINE_LINGER_MAX
