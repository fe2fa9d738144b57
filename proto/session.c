/* session.c - session resumption: the server's session cache (RFC 5246 §7.3,
 * §7.4.1.2) in caller memory, session tickets (RFC 5077), the client's saved
 * session, and what a resumption re-checks.
 *
 * Choices written down here (README: session resumption):
 * - The session state the server keeps (cache slot, ticket plaintext) is
 *   version(1) suite(2) flags(1) created(8, wall-clock s) master(48)
 *   sni_hash(16) peer_hash(32) identity_len(1) identity: 109 + identity bytes.
 *   peer_hash is SHA-256 of a label and the PSK (so a changed key for the
 *   same identity does not resume), or of the client certificate's key.
 * - A ticket is key_period(4) nonce(12) AEAD(state) tag(16), under
 *   AES-128-GCM (ChaCha20-Poly1305 without GCM), the key period as additional
 *   data.  The key of period p is HMAC-SHA256(ticket secret, label || p):
 *   the current period's key encrypts; keys of the last
 *   ceil(lifetime / period) + 1 periods decrypt (the lifetime plus one
 *   rotation), so a ticket key retires by itself and a fleet sharing the
 *   secret shares the keys.  The secret is independent of the cookie keys.
 * - Lifetimes are wall-clock (cfg->wall_time): without a clock no ticket is
 *   issued, and cache entries made without one do not expire (only evicted).
 * - Eviction: a free slot, else an expired one, else the least recently used.
 * - The client's saved session: "ds" version(1) suite(2) flags(1) master(48)
 *   sni_hash(16) id_len(1) id(32) ticket_len(2) ticket check(8), the check
 *   value the first 8 bytes of SHA-256 over what precedes it. */
#include "session.h"
#include "suites.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

#if DTLS_ENABLE_RESUMPTION

#if DTLS_ENABLE_GCM && DTLS_ENABLE_AES
#define DTLS__SESS_TICKETS 1
#define DTLS__SESS_KEY_LEN 16 /* AES-128-GCM */
#elif DTLS_ENABLE_CHACHAPOLY
#define DTLS__SESS_TICKETS 1
#define DTLS__SESS_KEY_LEN 32 /* ChaCha20-Poly1305 */
#else
#define DTLS__SESS_TICKETS 0 /* no AEAD for tickets: by session ID only */
#define DTLS__SESS_KEY_LEN 16
#endif

#define DTLS__SESS_VERSION 1
#define DTLS__SESS_FIXED 109                       /* the state without the identity */
#define DTLS__SESS_TICKET_OVH 32                   /* period, nonce, tag */
#define DTLS__SESS_SKEW 300                        /* s: a session "made" this far in the future is a clock step */
#define DTLS__SESS_F_EMS 0x01
#define DTLS__SESS_F_PEER 0x02                     /* the client presented a certificate */
#define DTLS__SESS_C_TICKET 105                    /* client buffer: where the ticket goes */
#define DTLS__SESS_C_MIN (DTLS__SESS_C_TICKET + 8) /* ... and its check value after it */

#if DTLS__SESS_TICKETS
static const uint8_t dtls__sess_key_label[] DTLS__ROM = "dtls.h ticket key";
#endif
static const uint8_t dtls__sess_psk_label[] DTLS__ROM = "dtls.h session psk";

static uint32_t dtls__sess_lifetime(const dtls_config *cfg)
{
    return cfg->session_lifetime_s ? cfg->session_lifetime_s : 7200u;
}

/* 1 and *now when the wall clock answers. */
static int dtls__sess_wall(const dtls_config *cfg, int64_t *now)
{
    *now = 0;
    return cfg->wall_time != NULL && cfg->wall_time(cfg->user, now) >= 0 && *now > 0;
}

/* 1 when a session created at created (wall-clock seconds; 0: made without a
 * clock, it never expires) is past cfg's lifetime at now, or lies more than
 * DTLS__SESS_SKEW in the future.  Without a time, or for a negative created
 * (never ours: a forged or foreign state), expired.  No arithmetic before both
 * are known non-negative (now > 0 when have_now): nothing can overflow. */
static int dtls__sess_expired(const dtls_config *cfg, int have_now, int64_t now, int64_t created)
{
    if (created == 0)
        return 0;
    if (!have_now || created < 0)
        return 1;
    if (created > now)
        return created - now > DTLS__SESS_SKEW;
    return now - created >= (int64_t)dtls__sess_lifetime(cfg);
}

/* SHA-256 of nothing (FIPS 180-4), the first 16 bytes: the common no-SNI
 * case of every ClientHello without hashing. */
static const uint8_t dtls__sess_empty16[16] DTLS__ROM = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
                                                           0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24};

static void dtls__sess_hash16(uint8_t out[16], const uint8_t *p, size_t n)
{
    uint8_t h[32];
    if (n == 0) {
        dtls__rom_memcpy(out, dtls__sess_empty16, 16);
        return;
    }
    dtls_sha256(h, p, n);
    memcpy(out, h, 16);
}

/* 1 when cfg enables suite s and has the credentials its key exchange needs. */
static int dtls__sess_suite_ok(const dtls_ctx *ctx, uint16_t id)
{
    const dtls__suite *s = dtls__suite_find(id);
    size_t i;
    int on = 0;
    if (s == NULL)
        return 0;
    for (i = 0; i < ctx->dtls__n_suites; i++)
        on |= ctx->dtls__suites[i] == id;
    if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK)
        return on && dtls__ctx_has_psk(ctx->dtls__cfg);
    return on && dtls__ctx_has_certs(ctx->dtls__cfg);
}

DTLS__PRIV int dtls__sess_ctx_init(dtls_ctx *ctx)
{
    const dtls_config *cfg = ctx->dtls__cfg;
    if (cfg->role != DTLS_ROLE_SERVER)
        return 0;
    if (cfg->ticket_secret != NULL) {
        memcpy(ctx->dtls__ticket_secret, cfg->ticket_secret, 32);
        return 0;
    }
    return dtls__hs_random(cfg->hooks, ctx->dtls__ticket_secret, 32) != 0 ? DTLS_ERR_RANDOM : 0;
}

/* ================================================================ client */

/* The client's SNI: a session resumes only toward the same server name. */
static void dtls__sess_c_sni(const dtls_conn *conn, uint8_t out[16])
{
#if DTLS_ENABLE_CERTS
    const char *n = conn->dtls__ctx->dtls__cfg->server_name;
    if (n != NULL) {
        dtls__sess_hash16(out, (const uint8_t *)n, dtls__strlen(n));
        return;
    }
#else
    (void)conn;
#endif
    dtls__sess_hash16(out, NULL, 0);
}

DTLS__PRIV int dtls__sess_c_start(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    const uint8_t *buf = (const uint8_t *)conn->dtls__sess;
    hs->dtls__sess_hs = 0;
    hs->dtls__sess_id_len = 0;
    hs->dtls__ticket_len = 0;
    if (buf == NULL)
        return 0;
    if (!(conn->dtls__ctx->dtls__cfg->flags & DTLS_CFG_NO_TICKETS))
        hs->dtls__sess_hs |= DTLS__SSF_TICKET_EXT; /* the client needs no AEAD to keep a ticket */
    if (conn->dtls__sess_len == 0)
        return 0;
    if (hs->dtls__sess_hs & DTLS__SSF_TICKET_EXT)
        hs->dtls__ticket_len = (uint16_t)(((unsigned)buf[103] << 8) | buf[104]);
    hs->dtls__sess_id_len = buf[70];
    memcpy(hs->dtls__sess_id, buf + 71, 32);
    if (hs->dtls__sess_id_len == 0) {
        if (hs->dtls__ticket_len == 0)
            return 0;
        /* RFC 5077 3.4: a session ID of our own, which the server echoes when it takes the ticket */
        if (dtls__hs_random(conn->dtls__ctx->dtls__cfg->hooks, hs->dtls__sess_id, 32) != 0)
            return DTLS_ERR_RANDOM;
        hs->dtls__sess_id_len = 32;
    }
    hs->dtls__sess_hs |= DTLS__SSF_OFFER;
    return 0;
}

DTLS__PRIV void dtls__sess_c_hello(const dtls_conn *conn, dtls__client_hello_out *o)
{
    const dtls_hs *hs = conn->dtls__hs;
    if (hs->dtls__sess_hs & DTLS__SSF_OFFER) {
        o->session_id = hs->dtls__sess_id;
        o->session_id_len = hs->dtls__sess_id_len;
    }
    if (hs->dtls__sess_hs & DTLS__SSF_TICKET_EXT) {
        o->send_ticket = 1;
        if ((hs->dtls__sess_hs & DTLS__SSF_OFFER) && hs->dtls__ticket_len) {
            o->ticket = (const uint8_t *)conn->dtls__sess + DTLS__SESS_C_TICKET;
            o->ticket_len = hs->dtls__ticket_len;
        }
    }
}

DTLS__PRIV int dtls__sess_c_server_hello(dtls_conn *conn, const dtls__server_hello *sh)
{
    dtls_hs *hs = conn->dtls__hs;
    const uint8_t *buf = (const uint8_t *)conn->dtls__sess;
    int resumed = (hs->dtls__sess_hs & DTLS__SSF_OFFER) && sh->session_id_len == hs->dtls__sess_id_len &&
                  memcmp(sh->session_id, hs->dtls__sess_id, sh->session_id_len) == 0;
    if (sh->has_ticket && !(hs->dtls__sess_hs & DTLS__SSF_TICKET_EXT))
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION);
    hs->dtls__sess_hs = (uint8_t)(hs->dtls__sess_hs & ~(DTLS__SSF_TICKET | DTLS__SSF_RESUMED));
    if (sh->has_ticket)
        hs->dtls__sess_hs |= DTLS__SSF_TICKET;
    if (resumed) {
        /* RFC 5246 7.4.1.3: the session's suite; RFC 7627 5.3: with extended master secret again */
        if (sh->suite != (uint16_t)(((unsigned)buf[3] << 8) | buf[4]))
            return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
        if (!sh->has_ems)
            return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE);
        memcpy(hs->dtls__master, buf + 6, 48);
        hs->dtls__sess_hs |= DTLS__SSF_RESUMED;
        return 1;
    }
    memcpy(hs->dtls__sess_id, sh->session_id, sh->session_id_len); /* a full handshake: the server's ID */
    hs->dtls__sess_id_len = (uint8_t)sh->session_id_len;
    hs->dtls__ticket_len = 0;
    return 0;
}

DTLS__PRIV int dtls__sess_c_ticket(dtls_conn *conn, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    uint8_t *buf = (uint8_t *)conn->dtls__sess;
    size_t tl;
    /* RFC 5077 3.3: uint32 ticket_lifetime_hint, opaque ticket<0..2^16-1> */
    if (len < 6 || (tl = ((size_t)body[4] << 8) | body[5]) != len - 6)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    hs->dtls__ticket_len = 0;
    if (buf != NULL && tl <= DTLS_MAX_TICKET && DTLS__SESS_C_MIN + tl <= conn->dtls__sess_cap) {
        conn->dtls__sess_len = 0; /* the buffer holds a session again once the handshake completes */
        memcpy(buf + DTLS__SESS_C_TICKET, body + 6, tl);
        hs->dtls__ticket_len = (uint16_t)tl;
    }
    return 0; /* a ticket too long to keep is ignored (the session ID may still resume) */
}

static void dtls__sess_c_save(dtls_conn *conn)
{
    const dtls_hs *hs = conn->dtls__hs;
    uint8_t *buf = (uint8_t *)conn->dtls__sess;
    uint8_t h[32];
    size_t tl = hs->dtls__ticket_len;
    if (buf == NULL)
        return;
    conn->dtls__sess_len = 0;
    if (hs->dtls__sess_id_len == 0 && tl == 0)
        return; /* the server offered nothing to resume */
    buf[0] = 'd';
    buf[1] = 's';
    buf[2] = DTLS__SESS_VERSION;
    buf[3] = (uint8_t)(conn->dtls__suite >> 8);
    buf[4] = (uint8_t)conn->dtls__suite;
    buf[5] = DTLS__SESS_F_EMS;
    memcpy(buf + 6, hs->dtls__master, 48);
    dtls__sess_c_sni(conn, buf + 54);
    buf[70] = hs->dtls__sess_id_len;
    memset(buf + 71, 0, 32);
    memcpy(buf + 71, hs->dtls__sess_id, hs->dtls__sess_id_len);
    buf[103] = (uint8_t)(tl >> 8);
    buf[104] = (uint8_t)tl;
    dtls_sha256(h, buf, DTLS__SESS_C_TICKET + tl);
    memcpy(buf + DTLS__SESS_C_TICKET + tl, h, 8);
    conn->dtls__sess_len = (uint16_t)(DTLS__SESS_C_MIN + tl);
}

DTLS_API int dtls_conn_session_restore(dtls_conn *conn, uint8_t *buf, size_t cap, size_t len)
{
    uint8_t h[32], sni[16];
    size_t tl;
    if (conn == NULL || conn->dtls__ctx == NULL || buf == NULL || cap < DTLS__SESS_C_MIN || len > cap)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__role != DTLS_ROLE_CLIENT || conn->dtls__state != DTLS__CS_IDLE || conn->dtls__ctx->dtls__busy)
        return DTLS_ERR_STATE;
    conn->dtls__sess = buf;
    conn->dtls__sess_cap = (uint16_t)(cap < 0xFFFFu ? cap : 0xFFFFu);
    conn->dtls__sess_len = 0;
    if (len == 0)
        return 0;
    if (len < DTLS__SESS_C_MIN || buf[0] != 'd' || buf[1] != 's' || buf[2] != DTLS__SESS_VERSION)
        return DTLS_ERR_DECODE;
    tl = ((size_t)buf[103] << 8) | buf[104];
    if (tl > DTLS_MAX_TICKET || len != DTLS__SESS_C_MIN + tl || buf[70] > 32)
        return DTLS_ERR_DECODE;
    dtls_sha256(h, buf, DTLS__SESS_C_TICKET + tl);
    if (!dtls_ct_equal(h, buf + DTLS__SESS_C_TICKET + tl, 8))
        return DTLS_ERR_DECODE;
    /* re-checked, not inherited: extended master secret, the suite still ours, the same server name */
    dtls__sess_c_sni(conn, sni);
    if (!(buf[5] & DTLS__SESS_F_EMS) || memcmp(sni, buf + 54, 16) != 0 ||
        !dtls__sess_suite_ok(conn->dtls__ctx, (uint16_t)(((unsigned)buf[3] << 8) | buf[4])))
        return DTLS_ERR_DECODE;
    conn->dtls__sess_len = (uint16_t)len;
    return 0;
}

DTLS_API int dtls_conn_session_save(const dtls_conn *conn, uint8_t *out, size_t cap)
{
    if (conn == NULL || out == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__role != DTLS_ROLE_CLIENT || conn->dtls__sess == NULL || conn->dtls__sess_len == 0 ||
        (conn->dtls__state != DTLS__CS_ESTABLISHED && conn->dtls__state != DTLS__CS_CLOSED))
        return DTLS_ERR_STATE;
    if (cap < conn->dtls__sess_len)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    memmove(out, conn->dtls__sess, conn->dtls__sess_len);
    return (int)conn->dtls__sess_len;
}

DTLS_API int dtls_conn_resumed(const dtls_conn *conn)
{
    return conn != NULL && (conn->dtls__sess_flags & DTLS__SSC_RESUMED) != 0;
}

/* ================================================================ server */

/* SHA-256 of the key psk_server gives identity now (labelled: not the key's
 * plain hash).  0, or -1 when the identity is unknown. */
static int dtls__sess_psk_hash(const dtls_conn *conn, const uint8_t *id, size_t idl, uint8_t out[32])
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    uint8_t key[DTLS_MAX_PSK], label[sizeof dtls__sess_psk_label];
    size_t kl = sizeof key;
    dtls_sha256_ctx h;
    int r;
    if (cfg->psk_server != NULL) {
        r = cfg->psk_server(cfg->user, id, idl, key, &kl);
        if (r >= 0 && (kl == 0 || kl > DTLS_MAX_PSK))
            r = -1;
    } else {
        r = (idl == cfg->psk_identity_len && (idl == 0 || memcmp(id, cfg->psk_identity, idl) == 0)) ? 0 : -1;
        kl = cfg->psk_len;
        if (r == 0)
            memcpy(key, cfg->psk, kl);
    }
    if (r >= 0) {
        dtls__rom_memcpy(label, dtls__sess_psk_label, sizeof label);
        dtls_sha256_init(&h);
        dtls_sha256_update(&h, label, sizeof label);
        dtls_sha256_update(&h, key, kl);
        dtls_sha256_final(&h, out);
    }
    dtls_wipe(key, sizeof key);
    return r < 0 ? -1 : 0;
}

/* The peer hash of a full handshake: of the PSK, or of the client's certificate key. */
static int dtls__sess_s_peer(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    if (hs->dtls__sess_hs & DTLS__SSF_PEER)
        return 0;
    memset(hs->dtls__peer_hash, 0, 32);
    if (s == NULL)
        return -1;
    if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK) {
        if (dtls__sess_psk_hash(conn, hs->dtls__hint, hs->dtls__hint_len, hs->dtls__peer_hash) != 0)
            return -1;
    }
#if DTLS_ENABLE_CERTS
    else if (dtls__hsc_flags(conn) & DTLS__HSC_PEER_CERT) {
        dtls_sha256_ctx h;
        dtls_sha256_init(&h);
        dtls_sha256_update(&h, &hs->dtls__peer_key_type, 1);
        dtls_sha256_update(&h, hs->dtls__peer_key, (size_t)hs->dtls__peer_key_len + hs->dtls__peer_e_len);
        dtls_sha256_final(&h, hs->dtls__peer_hash);
        hs->dtls__sess_hs |= DTLS__SSF_CLIENT_CERT;
    }
#endif
    hs->dtls__sess_hs |= DTLS__SSF_PEER;
    return 0;
}

/* The state of conn's session into st (DTLS__SESS_STATE_MAX bytes): its length, or 0. */
static size_t dtls__sess_s_state(dtls_conn *conn, uint8_t *st)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    size_t idl = 0;
    if (s == NULL || dtls__sess_s_peer(conn) != 0)
        return 0;
    if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK)
        idl = hs->dtls__hint_len;
    st[0] = DTLS__SESS_VERSION;
    st[1] = (uint8_t)(conn->dtls__suite >> 8);
    st[2] = (uint8_t)conn->dtls__suite;
    st[3] = (uint8_t)(DTLS__SESS_F_EMS | ((hs->dtls__sess_hs & DTLS__SSF_CLIENT_CERT) ? DTLS__SESS_F_PEER : 0));
    dtls__store64_be(st + 4, (uint64_t)hs->dtls__created);
    memcpy(st + 12, hs->dtls__master, 48);
    memcpy(st + 60, hs->dtls__sni_hash, 16);
    memcpy(st + 76, hs->dtls__peer_hash, 32);
    st[108] = (uint8_t)idl;
    memcpy(st + DTLS__SESS_FIXED, hs->dtls__hint, idl);
    return DTLS__SESS_FIXED + idl;
}

/* A kept session the ClientHello asks for: everything re-checked (README).
 * 1 and conn / hs set from it, or 0. */
static int dtls__sess_s_take(dtls_conn *conn, const dtls__client_hello *ch, const uint8_t *st, size_t len,
                             int have_now, int64_t now)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    uint16_t suite;
    const dtls__suite *s;
    int64_t created;
    uint8_t ph[32];
    size_t id_len;
    int ok;

    if (len < DTLS__SESS_FIXED)
        return 0;
    id_len = st[108]; /* a size_t: DTLS_MAX_IDENTITY may be 255 */
    if (st[0] != DTLS__SESS_VERSION || len != DTLS__SESS_FIXED + id_len || id_len > DTLS_MAX_IDENTITY ||
        !(st[3] & DTLS__SESS_F_EMS) || !ch->has_ems)
        return 0; /* RFC 7627 5.3: extended master secret both times */
    suite = (uint16_t)(((unsigned)st[1] << 8) | st[2]);
    s = dtls__suite_find(suite);
    if (s == NULL || !dtls__sess_suite_ok(ctx, suite) || !dtls__msg_has_suite(ch->suites, ch->suites_len, suite))
        return 0;
    created = (int64_t)dtls__load64_be(st + 4);
    if (dtls__sess_expired(cfg, have_now, now, created))
        return 0;
    if (memcmp(st + 60, hs->dtls__sni_hash, 16) != 0)
        return 0; /* RFC 6066 3: the same server_name */
    if (s->kex == DTLS__KEX_PSK || s->kex == DTLS__KEX_ECDHE_PSK) {
        /* the identity still known, with the same key */
        if (dtls__sess_psk_hash(conn, st + DTLS__SESS_FIXED, st[108], ph) != 0)
            return 0;
        ok = dtls_ct_equal(ph, st + 76, 32);
        dtls_wipe(ph, sizeof ph);
        if (!ok)
            return 0;
    }
#if DTLS_ENABLE_CERTS
    else if (cfg->verify_client == DTLS_VERIFY_REQUIRED && !(st[3] & DTLS__SESS_F_PEER)) {
        return 0; /* the policy now wants a client certificate this session did not have */
    }
#endif
    conn->dtls__suite = suite;
    memcpy(hs->dtls__master, st + 12, 48);
    hs->dtls__created = created;
    memcpy(hs->dtls__peer_hash, st + 76, 32);
    hs->dtls__sess_hs |= DTLS__SSF_PEER;
    if (st[3] & DTLS__SESS_F_PEER)
        hs->dtls__sess_hs |= DTLS__SSF_CLIENT_CERT;
    hs->dtls__hint_len = st[108];
    memcpy(hs->dtls__hint, st + DTLS__SESS_FIXED, st[108]);
    return 1;
}

#if DTLS__SESS_TICKETS
static uint32_t dtls__sess_period(const dtls_config *cfg)
{
    return cfg->ticket_key_period_s ? cfg->ticket_key_period_s : 3600u;
}

static int dtls__sess_seal(uint8_t *out, const uint8_t key[32], const uint8_t *nonce, const uint8_t *aad,
                           const uint8_t *in, size_t len)
{
#if DTLS_ENABLE_GCM && DTLS_ENABLE_AES
    return dtls_aes_gcm_seal(out, key, DTLS__SESS_KEY_LEN, nonce, 12, aad, 4, in, len);
#else
    return dtls_chacha20poly1305_seal(out, key, nonce, 12, aad, 4, in, len);
#endif
}

static int dtls__sess_open(uint8_t *out, const uint8_t key[32], const uint8_t *nonce, const uint8_t *aad,
                           const uint8_t *in, size_t len)
{
#if DTLS_ENABLE_GCM && DTLS_ENABLE_AES
    return dtls_aes_gcm_open(out, key, DTLS__SESS_KEY_LEN, nonce, 12, aad, 4, in, len);
#else
    return dtls_chacha20poly1305_open(out, key, nonce, 12, aad, 4, in, len);
#endif
}

/* n / d (d > 0) by shift and subtract: no run-time division in a module
 * that handles secrets (Cortex-M0+ would call a libgcc helper; tests/run.sh
 * stage cross).  Public values only: times and periods. */
static uint64_t dtls__sess_div(uint64_t n, uint32_t d)
{
    uint64_t q = 0, r = 0;
    int i;
    for (i = 63; i >= 0; i--) {
        r = (r << 1) | ((n >> i) & 1u);
        if (r >= d) {
            r -= d;
            q |= (uint64_t)1 << i;
        }
    }
    return q;
}

/* The current key period, and the oldest one whose key still decrypts. */
static uint32_t dtls__sess_period_now(const dtls_config *cfg, int64_t now)
{
    return (uint32_t)dtls__sess_div((uint64_t)now, dtls__sess_period(cfg));
}

/* The ticket key of period *p, or with *p == DTLS_FLEET_CURRENT the current
 * period's (*p set): from cfg.fleet_key, else (none, or it answers
 * DTLS_ERR_UNSUPPORTED) HMAC-SHA256(ticket secret,
 * label || p), whose keys of the last ceil(lifetime / period) + 1 periods
 * decrypt.  key NULL: only the period.  0, or -1 for a retired or unknown
 * period (key wiped). */
static int dtls__sess_key(const dtls_ctx *ctx, int64_t now, uint32_t *p, uint8_t *key)
{
    const dtls_config *cfg = ctx->dtls__cfg;
    uint8_t label[sizeof dtls__sess_key_label], be[4], tmp[32], *k = key != NULL ? key : tmp;
    uint32_t want = *p, pn, keep;
    dtls_hmac_ctx h;
    int r = cfg->fleet_key != NULL ? cfg->fleet_key(cfg->user, DTLS_FLEET_TICKET, p, k) : DTLS_ERR_UNSUPPORTED;
    dtls_wipe(tmp, sizeof tmp);
    if (r == 0 && *p != DTLS_FLEET_CURRENT && (want == DTLS_FLEET_CURRENT || *p == want))
        return 0;
    if (r != DTLS_ERR_UNSUPPORTED) {
        dtls_wipe(k, 32);
        return -1;
    }
    *p = want; /* not the fleet's: our own, from the ticket secret */
    pn = dtls__sess_period_now(cfg, now);
    keep = (uint32_t)dtls__sess_div((uint64_t)dtls__sess_lifetime(cfg) + dtls__sess_period(cfg) - 1u,
                                    dtls__sess_period(cfg)) + 1u;
    if (want == DTLS_FLEET_CURRENT)
        *p = pn;
    else if (want > pn || pn - want > keep)
        return -1;
    if (key == NULL)
        return 0;
    dtls__rom_memcpy(label, dtls__sess_key_label, sizeof label);
    dtls__store32_be(be, *p);
    (void)dtls_hmac_init(&h, DTLS_HASH_SHA256, ctx->dtls__ticket_secret, 32);
    dtls_hmac_update(&h, label, sizeof label);
    dtls_hmac_update(&h, be, 4);
    dtls_hmac_final(&h, key);
    return 0;
}

/* Opens a ticket into st (DTLS__SESS_STATE_MAX bytes): the state's length, or
 * 0 (forged, of a retired or unknown key, malformed).  The AEAD checks its
 * tag in constant time; nothing before it depends on the secret. */
static size_t dtls__sess_ticket_open(const dtls_ctx *ctx, const uint8_t *t, size_t tl, int64_t now, uint8_t *st,
                                     uint32_t *period)
{
    uint32_t p;
    uint8_t key[32];
    int r;
    if (tl < DTLS__SESS_TICKET_OVH + DTLS__SESS_FIXED || tl > DTLS__SESS_TICKET_OVH + DTLS__SESS_STATE_MAX)
        return 0;
    p = dtls__load32_be(t);
    if (p == DTLS_FLEET_CURRENT || dtls__sess_key(ctx, now, &p, key) != 0)
        return 0;
    r = dtls__sess_open(st, key, t + 4, t, t + 16, tl - 16);
    dtls_wipe(key, sizeof key);
    if (r != 0)
        return 0;
    *period = p;
    return tl - DTLS__SESS_TICKET_OVH;
}
#endif

DTLS__PRIV int dtls__sess_s_client_hello(dtls_conn *conn, const dtls__client_hello *ch)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    int64_t now;
    int have_now = dtls__sess_wall(cfg, &now), r = 0;
    int tickets = DTLS__SESS_TICKETS && have_now && !(cfg->flags & DTLS_CFG_NO_TICKETS);
    size_t i;

    hs->dtls__sess_hs = 0;
    hs->dtls__sess_id_len = 0;
    hs->dtls__slot = NULL;
    dtls__sess_hash16(hs->dtls__sni_hash, ch->sni, ch->sni != NULL ? ch->sni_len : 0);
#if DTLS__SESS_TICKETS
    /* a ticket first (RFC 5077 3.4; with a session ID of the client's, which is echoed) */
    if (tickets && ch->has_ems && ch->has_ticket && ch->session_id_len > 0) {
        uint8_t st[DTLS__SESS_STATE_MAX];
        uint32_t p = 0;
        size_t n = dtls__sess_ticket_open(ctx, ch->ticket, ch->ticket_len, now, st, &p);
        if (n > 0 && dtls__sess_s_take(conn, ch, st, n, have_now, now)) {
            r = 1;
            hs->dtls__sess_hs |= DTLS__SSF_BY_TICKET;
            uint32_t cur = DTLS_FLEET_CURRENT; /* the fleet's current period, or the wall clock's */
            if (dtls__sess_key(ctx, now, &cur, NULL) == 0 && p != cur)
                hs->dtls__sess_hs |= DTLS__SSF_TICKET; /* renewed under the current key */
        }
        dtls_wipe(st, sizeof st);
    }
#endif
    if (!r && ch->has_ems && ctx->dtls__sess != NULL && ch->session_id_len == 32) {
        for (i = 0; i < ctx->dtls__n_sess; i++) {
            dtls_session_slot *sl = &ctx->dtls__sess[i];
            if (sl->dtls__serial != 0 && memcmp(sl->dtls__id, ch->session_id, 32) == 0) {
                if (dtls__sess_s_take(conn, ch, sl->dtls__state, sl->dtls__len, have_now, now)) {
                    r = 1;
                    hs->dtls__slot = sl;
                }
                break;
            }
        }
    }
    if (r) {
        hs->dtls__sess_hs |= DTLS__SSF_RESUMED;
        memcpy(hs->dtls__sess_id, ch->session_id, ch->session_id_len);
        hs->dtls__sess_id_len = (uint8_t)ch->session_id_len;
        return 1;
    }
    /* a full handshake: a session made only with extended master secret (RFC 7627 5.3) */
    hs->dtls__created = have_now ? now : 0;
    if (!ch->has_ems)
        return 0;
    if (tickets && ch->has_ticket)
        hs->dtls__sess_hs |= DTLS__SSF_TICKET;
    if (ctx->dtls__sess != NULL && ctx->dtls__n_sess > 0 && dtls__hs_random(cfg->hooks, hs->dtls__sess_id, 32) == 0)
        hs->dtls__sess_id_len = 32;
    return 0;
}

DTLS__PRIV void dtls__sess_s_hello_out(const dtls_conn *conn, dtls__server_hello_out *o)
{
    const dtls_hs *hs = conn->dtls__hs;
    o->session_id = hs->dtls__sess_id;
    o->session_id_len = hs->dtls__sess_id_len;
    o->send_ticket = (hs->dtls__sess_hs & DTLS__SSF_TICKET) != 0;
}

DTLS__PRIV int dtls__sess_s_ticket(dtls_conn *conn)
{
#if DTLS__SESS_TICKETS
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    uint8_t st[DTLS__SESS_STATE_MAX], key[32], *p, *t;
    size_t cap, n;
    int64_t now;
    uint32_t pn, life = dtls__sess_lifetime(cfg);
    int r;

    if (!(hs->dtls__sess_hs & DTLS__SSF_TICKET))
        return 0;
    p = dtls__flight_next(conn, &cap);
    n = dtls__sess_s_state(conn, st);
    if (n == 0 || !dtls__sess_wall(cfg, &now) || cap < 6 + DTLS__SESS_TICKET_OVH + n) {
        dtls_wipe(st, sizeof st);
        return DTLS_ERR_BUFFER_TOO_SMALL;
    }
    if (hs->dtls__created > 0 && now > hs->dtls__created)
        life = now - hs->dtls__created < (int64_t)life ? life - (uint32_t)(now - hs->dtls__created) : 0u;
    pn = DTLS_FLEET_CURRENT;
    if (dtls__sess_key(conn->dtls__ctx, now, &pn, key) != 0) {
        dtls_wipe(st, sizeof st); /* the fleet's key provider failed: RFC 5077 3.3's empty ticket */
        memset(p, 0, 6);
        return dtls__hs_add(conn, 0, DTLS__HS_NEW_SESSION_TICKET, 6);
    }
    dtls__store32_be(p, life); /* ticket_lifetime_hint (RFC 5077 3.3) */
    p[4] = (uint8_t)((DTLS__SESS_TICKET_OVH + n) >> 8);
    p[5] = (uint8_t)(DTLS__SESS_TICKET_OVH + n);
    t = p + 6;
    dtls__store32_be(t, pn);
    r = dtls__hs_random(cfg->hooks, t + 4, 12);
    if (r == 0)
        r = dtls__sess_seal(t + 16, key, t + 4, t, st, n);
    dtls_wipe(key, sizeof key);
    dtls_wipe(st, sizeof st);
    if (r != 0)
        return r;
    return dtls__hs_add(conn, 0, DTLS__HS_NEW_SESSION_TICKET, 6 + DTLS__SESS_TICKET_OVH + n);
#else
    (void)conn;
    return 0;
#endif
}

/* The slot a new session goes to: free, else expired, else least recently used. */
static dtls_session_slot *dtls__sess_s_victim(dtls_ctx *ctx)
{
    const dtls_config *cfg = ctx->dtls__cfg;
    dtls_session_slot *lru = NULL;
    int64_t now;
    int have_now = dtls__sess_wall(cfg, &now);
    size_t i;
    for (i = 0; i < ctx->dtls__n_sess; i++) {
        dtls_session_slot *sl = &ctx->dtls__sess[i];
        int64_t created;
        if (sl->dtls__serial == 0)
            return sl;
        created = (int64_t)dtls__load64_be(sl->dtls__state + 4);
        if (have_now && dtls__sess_expired(cfg, have_now, now, created))
            return sl;
        if (lru == NULL || (uint32_t)(ctx->dtls__sess_clock - sl->dtls__used) >
                               (uint32_t)(ctx->dtls__sess_clock - lru->dtls__used))
            lru = sl;
    }
    return lru;
}

static uint32_t dtls__sess_tick(dtls_ctx *ctx)
{
    if (++ctx->dtls__sess_clock == 0)
        ctx->dtls__sess_clock = 1; /* 0 marks a free slot */
    return ctx->dtls__sess_clock;
}

DTLS__PRIV void dtls__sess_done(dtls_conn *conn)
{
    dtls_ctx *ctx = conn->dtls__ctx;
    dtls_hs *hs = conn->dtls__hs;
    dtls_session_slot *sl;
    size_t n;

    if (hs->dtls__sess_hs & DTLS__SSF_RESUMED)
        conn->dtls__sess_flags |= DTLS__SSC_RESUMED;
    if (!(hs->dtls__flags & DTLS__HSF_EMS))
        return; /* never resumable (RFC 7627 5.3) */
    if (!DTLS_ENABLE_SERVER || conn->dtls__role == DTLS_ROLE_CLIENT) { /* a role compiled out is not linked */
        if (DTLS_ENABLE_CLIENT)
            dtls__sess_c_save(conn);
        return;
    }
    sl = hs->dtls__slot;
    for (n = 0; sl == NULL && (hs->dtls__sess_hs & DTLS__SSF_RESUMED) && hs->dtls__sess_id_len == 32 &&
                n < ctx->dtls__n_sess; n++) {
        /* resumed by ticket: the same session in the cache (same ID and master) is tied to this
         * connection too, so that a fatal alert forgets both */
        dtls_session_slot *c = &ctx->dtls__sess[n];
        if (c->dtls__serial != 0 && memcmp(c->dtls__id, hs->dtls__sess_id, 32) == 0 &&
            dtls_ct_equal(c->dtls__state + 12, hs->dtls__master, 48))
            sl = c;
    }
    if (sl == NULL && !(hs->dtls__sess_hs & DTLS__SSF_RESUMED) && hs->dtls__sess_id_len == 32 && ctx->dtls__sess != NULL) {
        sl = dtls__sess_s_victim(ctx);
        if (sl == NULL)
            return;
        dtls_wipe(sl, sizeof *sl);
        n = dtls__sess_s_state(conn, sl->dtls__state);
        if (n == 0)
            return;
        sl->dtls__len = (uint16_t)n;
        memcpy(sl->dtls__id, hs->dtls__sess_id, 32);
        sl->dtls__serial = dtls__sess_tick(ctx);
    }
    if (sl == NULL)
        return;
    sl->dtls__used = dtls__sess_tick(ctx);
    conn->dtls__sess = sl;
    conn->dtls__sess_tag = sl->dtls__serial;
}

DTLS__PRIV void dtls__sess_forget(dtls_conn *conn)
{
    dtls_session_slot *sl;
    if (!DTLS_ENABLE_SERVER || conn->dtls__role == DTLS_ROLE_CLIENT) {
        if (conn->dtls__sess != NULL)
            dtls_wipe(conn->dtls__sess, conn->dtls__sess_cap);
        conn->dtls__sess_len = 0;
        return;
    }
    sl = (dtls_session_slot *)conn->dtls__sess;
    if (sl != NULL && sl->dtls__serial == conn->dtls__sess_tag)
        dtls_wipe(sl, sizeof *sl);
    conn->dtls__sess = NULL;
    if (conn->dtls__hs != NULL && conn->dtls__hs->dtls__slot != NULL) { /* an abbreviated handshake that failed */
        dtls_wipe(conn->dtls__hs->dtls__slot, sizeof *conn->dtls__hs->dtls__slot);
        conn->dtls__hs->dtls__slot = NULL;
    }
}

DTLS_API int dtls_server_sessions(dtls_server *srv, dtls_session_slot *slots, size_t n)
{
    dtls_ctx *ctx;
    size_t i;
    if (srv == NULL || srv->dtls__ctx == NULL || (slots == NULL && n > 0))
        return DTLS_ERR_BAD_ARG;
    ctx = srv->dtls__ctx;
    if (ctx->dtls__busy)
        return DTLS_ERR_STATE;
    for (i = 0; i < n; i++)
        dtls_wipe(&slots[i], sizeof slots[i]);
    ctx->dtls__sess = n > 0 ? slots : NULL;
    ctx->dtls__n_sess = n;
    return 0;
}

#undef DTLS__SESS_TICKETS
#undef DTLS__SESS_KEY_LEN
#undef DTLS__SESS_VERSION
#undef DTLS__SESS_FIXED
#undef DTLS__SESS_TICKET_OVH
#undef DTLS__SESS_SKEW
#undef DTLS__SESS_F_EMS
#undef DTLS__SESS_F_PEER
#undef DTLS__SESS_C_TICKET
#undef DTLS__SESS_C_MIN

#else /* !DTLS_ENABLE_RESUMPTION */

DTLS_API int dtls_server_sessions(dtls_server *srv, dtls_session_slot *slots, size_t n)
{
    (void)srv;
    (void)slots;
    (void)n;
    return DTLS_ERR_DISABLED;
}

DTLS_API int dtls_conn_session_restore(dtls_conn *conn, uint8_t *buf, size_t cap, size_t len)
{
    (void)conn;
    (void)buf;
    (void)cap;
    (void)len;
    return DTLS_ERR_DISABLED;
}

DTLS_API int dtls_conn_session_save(const dtls_conn *conn, uint8_t *out, size_t cap)
{
    (void)conn;
    (void)out;
    (void)cap;
    return DTLS_ERR_DISABLED;
}

DTLS_API int dtls_conn_resumed(const dtls_conn *conn)
{
    (void)conn;
    return 0;
}

#endif /* DTLS_ENABLE_RESUMPTION */
