/* fuzz_session.c - libFuzzer target: session resumption (proto/session.c)
 * from both ends.
 *
 * Input: mode(1), then by mode % 3:
 *
 *   0  a client's saved session bytes (dtls_conn_session_restore: versioned,
 *      a check value, the session ID, the ticket, the master secret), which an
 *      application keeps in flash or RTC memory and may get back damaged.  The
 *      rest of the input is the saved bytes; a client restores them, connects
 *      (its ClientHello carries what it restored) and saves them again.  Bad
 *      bytes must be DTLS_ERR_DECODE and the client must still start a
 *      handshake.
 *
 *   1  a forged ticket (RFC 5077) the server decrypts: the harness holds the
 *      server's ticket secret, so it seals the fuzzer's ticket plaintext (the
 *      server's session state: version, suite, flags, created, master,
 *      sni_hash, peer_hash, identity) under the server's real ticket key,
 *      and a real client offers that ticket (the harness writes the client's
 *      saved bytes around it: the ticket's suite and master, so a ticket the
 *      server takes completes the abbreviated handshake).  The decrypted-ticket
 *      parser and the resumption decision (dtls__sess_s_take) see every byte.
 *        flags(1)  bits 0-2: the key period: the current one minus 0, 1, 2,
 *                  the oldest kept, one older than that; the next one; 0;
 *                  2^32-1 (DTLS_FLEET_CURRENT, never a ticket's); the key is
 *                  that period's, derived as session.c does, whatever the period
 *                  bit 3: fix-ups: sni_hash of the client's server name and
 *                  peer_hash of the PSK of the ticket's identity put in (so the
 *                  other fields decide)
 *                  bits 4-7: v > 0: created = now - (v - 1) * 600 s (lifetime 7200 s)
 *        state     the rest of the input (at most DTLS_MAX_TICKET - 32 bytes)
 *      The server: PSK and the P-256 certificate, a session cache of 2 (it
 *      holds the session of the handshake the snapshot was taken after),
 *      tickets, the wall clock of certdata.h.  A full handshake instead of
 *      the resumption is not pursued past the server's first flight.
 *
 *   2  a valid ticket from a real handshake in mutated ClientHellos: the
 *      server after a real full handshake (its cache keeping that session),
 *      fed the client's side as datagrams, as fuzz_server does:
 *        which(1)  bit 0: the PSK session, else the ECDHE-ECDSA one
 *        items     ctrl(1) len(2) datagram(len)
 *          ctrl bit 0: fix it up: when the first record is a whole ClientHello,
 *                      its session_ticket extension (if any) gets the real
 *                      ticket and the cookie the server expects is put in
 *                      (lengths fixed); otherwise the epoch-1 records are
 *                      plaintext that the harness seals with the server's read
 *                      keys, a whole Finished among them carrying the
 *                      verify_data the server expects
 *               bits 4-7: clock step before the datagram (fz_dt[]); due timers run
 *      At the end the clock moves to each deadline in turn.
 *
 * Seeds (fz_make_corpus): mode 0: sessions saved after real handshakes (PSK
 * by session ID, PSK and ECDHE-ECDSA with tickets), empty, truncated; mode 1:
 * the plaintext of the real tickets and variants (expired, retired and future
 * key periods, no extended master secret, another server name, an unknown
 * identity, another suite, truncated, ...); mode 2: the datagrams of real
 * clients resuming the two sessions, as sent and with the epoch-1 records in
 * plaintext. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

/* ================================================= mode 0: saved bytes */

static uint8_t fse_sent; /* datagrams the lone client sent */

static int fse_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    (void)user;
    (void)addr;
    (void)addr_len;
    fz_touch(d, len);
    fse_sent++;
    return (int)len;
}

static void fse_saved_bytes(const uint8_t *data, size_t size)
{
    static dtls_config cfg;
    static dtls_ctx ctx;
    static dtls_hs hs;
    static dtls_conn conn;
    static dtls_crypto_hooks hooks;
    static fz_rng rng;
    static uint8_t tx[1500], buf[DTLS_SESSION_MAX], out[DTLS_SESSION_MAX];
    static const uint8_t addr[4] = {10, 0, 0, 1};
    size_t n = size < sizeof buf ? size : sizeof buf;
    int r;

    memset(&cfg, 0, sizeof cfg);
    rng.s = UINT64_C(0x5E5510115E551011);
    hooks.user = &rng;
    hooks.random = fz_random;
    cfg.role = DTLS_ROLE_CLIENT;
    cfg.psk_identity = (const uint8_t *)"client1";
    cfg.psk_identity_len = 7;
    cfg.psk = FZ_K1;
    cfg.psk_len = sizeof FZ_K1;
    cfg.send = fse_send;
    cfg.now = fz_now;
    cfg.wall_time = fz_wall;
    cfg.hooks = &hooks;
    if (dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1) != 0 || dtls_conn_init(&conn, &ctx, addr, 4) != 0)
        abort();
    memcpy(buf, data, n);
    r = dtls_conn_session_restore(&conn, buf, sizeof buf, n);
    if (r != 0 && r != DTLS_ERR_DECODE && r != DTLS_ERR_DISABLED)
        abort(); /* bad bytes are a decode error, nothing else */
    fse_sent = 0;
    r = dtls_conn_connect(&conn);
    if (r != 0 || fse_sent != 1)
        abort(); /* whatever was restored, the client starts a handshake */
    (void)dtls_conn_session_save(&conn, out, sizeof out);
    (void)dtls_conn_close(&conn);
}

/* ======================================== a client and a server in memory */

#define FSE_PSK 0
#define FSE_ECDSA 1

typedef struct fse_pair {
    dtls_config cc, sc;
    dtls_crypto_hooks chooks, shooks;
    fz_rng crng, srng;
    dtls_ctx cctx, sctx;
    dtls_hs chs, shs[2];
    dtls_conn c, slots[2];
    dtls_server srv;
    dtls_session_slot cache[2];
    uint8_t ctx_buf[1500], stx_buf[1500];
    uint8_t sess[DTLS_SESSION_MAX]; /* the client's session buffer */
    uint16_t suite[1];
    uint32_t now;
} fse_pair;

static fse_pair Q;       /* the live pair */
static fse_pair SNAP[2]; /* after the full handshake of FSE_PSK, FSE_ECDSA; copied back into Q */
static uint8_t SAVED[2][DTLS_SESSION_MAX];
static size_t SAVED_LEN[2];
static int fse_ready;
static fz_queue fse_to_srv, fse_to_cli;
static const uint8_t fse_saddr[4] = {10, 0, 0, 1}, fse_caddr[4] = {10, 0, 0, 2};
static const uint8_t FSE_SECRET[32] = {0x71, 0xC4, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 0x32};
static fz_queue *fse_record_to; /* corpus recording: the client's datagrams go here too */

static int fse_connects, fse_resumed; /* the server's on_connect calls in this input */

static void fse_on_connect(void *user, dtls_conn *c)
{
    (void)user;
    fse_connects++;
    fse_resumed += dtls_conn_resumed(c);
}

/* Both sides' send: the datagram into the queue cfg.user points to. */
static int fse_rec(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    fz_queue *q = (fz_queue *)user;
    (void)addr;
    (void)addr_len;
    fz_touch(d, len);
    fz_push(q, 0, d, len);
    if (q == &fse_to_srv && fse_record_to != NULL)
        fz_push(fse_record_to, 0, d, len);
    return (int)len;
}

/* The client of Q (configured in Q.cc) set up again, its session buffer
 * restored from sess (len 0: none).  The restore's result. */
static int fse_client(const uint8_t *sess, size_t len)
{
    Q.crng.s = UINT64_C(0xC11E5E55);
    if (dtls_ctx_init(&Q.cctx, &Q.cc, Q.ctx_buf, sizeof Q.ctx_buf, &Q.chs, 1) != 0 ||
        dtls_conn_init(&Q.c, &Q.cctx, fse_saddr, 4) != 0)
        abort();
    if (len)
        memcpy(Q.sess, sess, len);
    return dtls_conn_session_restore(&Q.c, Q.sess, sizeof Q.sess, len);
}

/* Q afresh: a client of kind k (one suite) and the server. */
static void fse_setup(int k, int tickets)
{
    fz_creds();
    memset(&Q, 0, sizeof Q);
    fz_now_ms = FZ_T0;
    Q.srng.s = UINT64_C(0x5E55105E55100001);
    Q.shooks.user = &Q.srng;
    Q.shooks.random = fz_random;
    Q.chooks.user = &Q.crng;
    Q.chooks.random = fz_random;
    Q.suite[0] = k == FSE_PSK ? DTLS_PSK_WITH_AES_128_CCM_8 : DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
    Q.cc.role = DTLS_ROLE_CLIENT;
    Q.cc.suites = Q.suite;
    Q.cc.n_suites = 1;
    Q.cc.send = fse_rec;
    Q.cc.user = &fse_to_srv;
    Q.cc.now = fz_now;
    Q.cc.wall_time = fz_wall;
    Q.cc.hooks = &Q.chooks;
    Q.cc.psk_identity = (const uint8_t *)"client1";
    Q.cc.psk_identity_len = 7;
    Q.cc.psk = FZ_K1;
    Q.cc.psk_len = sizeof FZ_K1;
    Q.cc.trust_anchors = fz_anchors;
    Q.cc.n_trust_anchors = 2;
    Q.cc.server_name = "localhost";
    Q.sc.role = DTLS_ROLE_SERVER;
    Q.sc.send = fse_rec;
    Q.sc.user = &fse_to_cli;
    Q.sc.now = fz_now;
    Q.sc.wall_time = fz_wall;
    Q.sc.hooks = &Q.shooks;
    Q.sc.psk_server = fz_psk_server;
    Q.sc.cred = &fz_c_srv;
    Q.sc.ticket_secret = FSE_SECRET;
    Q.sc.on_connect = fse_on_connect;
    if (!tickets)
        Q.sc.flags = DTLS_CFG_NO_TICKETS;
    if (dtls_ctx_init(&Q.sctx, &Q.sc, Q.stx_buf, sizeof Q.stx_buf, Q.shs, 2) != 0 ||
        dtls_server_init(&Q.srv, &Q.sctx, Q.slots, 2) != 0 || dtls_server_sessions(&Q.srv, Q.cache, 2) != 0 ||
        fse_client(NULL, 0) != 0)
        abort();
    fse_to_srv.n = fse_to_cli.n = 0;
}

/* A server slot in a full handshake (it took no session) of a certificate
 * suite: its key exchange is slow under the sanitizers, and what it stores
 * at its end a PSK one stores too. */
static int fse_full_handshake(void)
{
    int i;
    for (i = 0; i < 2; i++) {
        const dtls_conn *s = &Q.slots[i];
        const dtls__suite *su;
        if (!dtls__conn_is_free(s) && dtls__conn_handshaking(s) && s->dtls__hs != NULL && !dtls__sess_resumed(s) &&
            ((su = dtls__suite_find(s->dtls__suite)) == NULL ||
             (su->kex != DTLS__KEX_PSK && su->kex != DTLS__KEX_ECDHE_PSK)))
            return 1;
    }
    return 0;
}

/* Delivers until quiet (stop_full: or until the server starts a full handshake). */
static void fse_pump(int stop_full)
{
    uint8_t d[FZ_DMAX];
    size_t len;
    int rounds;
    for (rounds = 0; rounds < 40 && (fse_to_srv.n || fse_to_cli.n); rounds++) {
        while ((len = fz_pop(&fse_to_srv, d, NULL)) != 0) {
            fz_srv_input(&Q.srv, fse_caddr, 4, d, len);
        }
        if (stop_full && fse_full_handshake())
            return;
        while ((len = fz_pop(&fse_to_cli, d, NULL)) != 0) {
            uint8_t *x = fz_dup(d, len);
            (void)dtls_conn_input(&Q.c, x, len);
            fz_cli_drain(&Q.c);
            free(x);
        }
    }
}

/* A full handshake of kind k (tickets or not), then the client closes: the
 * client's saved session into out (its length, 0 on failure).  Another
 * client's PSK session goes first, so that the server's cache of 2 is full
 * afterwards (a new session evicts one). */
static size_t fse_handshake(int k, int tickets, uint8_t *out, size_t cap)
{
    int r;
    fse_setup(k, tickets);
    Q.suite[0] = DTLS_PSK_WITH_AES_128_GCM_SHA256;
    Q.crng.s = UINT64_C(0x07E4C11E);
    if (dtls_conn_connect(&Q.c) != 0)
        return 0;
    fse_pump(0);
    if (!dtls_conn_is_established(&Q.c) || dtls_conn_close(&Q.c) != 0)
        return 0;
    fse_pump(0);
    Q.suite[0] = k == FSE_PSK ? DTLS_PSK_WITH_AES_128_CCM_8 : DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
    if (fse_client(NULL, 0) != 0 || dtls_conn_connect(&Q.c) != 0)
        return 0;
    fse_pump(0);
    if (!dtls_conn_is_established(&Q.c))
        return 0;
    r = dtls_conn_session_save(&Q.c, out, cap);
    (void)dtls_conn_close(&Q.c);
    fse_pump(0);
    return r > 0 ? (size_t)r : 0;
}

static size_t fse_open_ticket(const uint8_t *s, uint8_t *st);

/* The snapshots, once. */
static void fse_init(void)
{
    int k;
    if (fse_ready)
        return;
    for (k = 0; k < 2; k++) {
        SAVED_LEN[k] = fse_handshake(k, 1, SAVED[k], sizeof SAVED[k]);
        if (SAVED_LEN[k] <= 113 || SAVED[k][70] != 32 || Q.cache[0].dtls__serial == 0 ||
            Q.cache[1].dtls__serial == 0) {
            fprintf(stderr, "fuzz_session: the %s handshake kept no session ID and ticket\n", k ? "ECDSA" : "PSK");
            abort();
        }
        Q.now = fz_now_ms;
        SNAP[k] = Q;
    }
    fse_ready = 1;
    {
        static uint8_t st[DTLS_MAX_TICKET];
        if (fse_open_ticket(SAVED[FSE_PSK], st) == 0) {
            fprintf(stderr, "fuzz_session: the harness's ticket key derivation no longer matches session.c\n");
            abort();
        }
    }
}

static void fse_restore(int k)
{
    Q = SNAP[k];
    fz_now_ms = Q.now;
    fse_to_srv.n = fse_to_cli.n = 0;
}

/* ======================================== mode 1: forged ticket plaintexts */

/* The server's ticket key of period p, derived as session.c does from the
 * ticket secret (HMAC-SHA256(secret, label || p)) for any period, retired or
 * future ones included, so that only the server's period check refuses
 * those.  fse_init checks it against a real ticket. */
static void fse_ticket_key(uint32_t p, uint8_t key[32])
{
    uint8_t label[sizeof dtls__sess_key_label], be[4];
    dtls_hmac_ctx h;
    dtls__rom_memcpy(label, dtls__sess_key_label, sizeof label);
    dtls__store32_be(be, p);
    (void)dtls_hmac_init(&h, DTLS_HASH_SHA256, Q.sctx.dtls__ticket_secret, 32);
    dtls_hmac_update(&h, label, sizeof label);
    dtls_hmac_update(&h, be, 4);
    dtls_hmac_final(&h, key);
}

#define FSE_STATE_IN (DTLS_MAX_TICKET - 32) /* longest plaintext whose ticket a client keeps */

/* The client's saved bytes (session.c's layout) around ticket t: suite,
 * master (48 bytes), the client's own server name, no session ID. */
static size_t fse_client_bytes(uint8_t *b, uint16_t suite, const uint8_t *master, const uint8_t *t, size_t tl)
{
    uint8_t h[32];
    b[0] = 'd';
    b[1] = 's';
    b[2] = 1;
    b[3] = (uint8_t)(suite >> 8);
    b[4] = (uint8_t)suite;
    b[5] = 0x01; /* extended master secret */
    memcpy(b + 6, master, 48);
    dtls__sess_c_sni(&Q.c, b + 54);
    memset(b + 70, 0, 33); /* no session ID: the client makes one (RFC 5077 3.4) */
    b[103] = (uint8_t)(tl >> 8);
    b[104] = (uint8_t)tl;
    memcpy(b + 105, t, tl);
    dtls_sha256(h, b, 105 + tl);
    memcpy(b + 105 + tl, h, 8);
    return 113 + tl;
}

static void fse_forged_ticket(const uint8_t *data, size_t size)
{
    static uint8_t st[FSE_STATE_IN], ticket[DTLS_MAX_TICKET], cb[DTLS_SESSION_MAX], out[DTLS_SESSION_MAX];
    const dtls_config *scfg;
    fz_in in;
    uint8_t flags, key[32], master[48];
    const uint8_t *p;
    size_t n;
    int64_t now = FZ_WALL;
    uint32_t pn, p0, keep;
    uint16_t suite;
    int k;

    in.p = data;
    in.n = size;
    in.pos = 0;
    flags = fz_u8(&in);
    n = fz_bytes(&in, FSE_STATE_IN, &p);
    memcpy(st, p, n);
    fse_restore(FSE_PSK);
    Q.cc.suites = NULL; /* every suite: the ticket's is offered */
    Q.cc.n_suites = 0;
    scfg = &Q.sc;
    pn = dtls__sess_period_now(scfg, now);
    keep = (uint32_t)dtls__sess_div((uint64_t)dtls__sess_lifetime(scfg) + dtls__sess_period(scfg) - 1u,
                                    dtls__sess_period(scfg)) + 1u;
    switch (flags & 7) {
    case 0: case 1: case 2: p0 = pn - (flags & 7u); break;
    case 3: p0 = pn - keep; break;
    case 4: p0 = pn - keep - 1u; break;
    case 5: p0 = pn + 1u; break;
    case 6: p0 = 0; break;
    default: p0 = UINT32_MAX; break;
    }
    if ((flags & 8) && n >= 108) {
        /* the server name and the PSK the server would find (session.c's hashes) */
        dtls_conn tmp;
        dtls__sess_hash16(st + 60, (const uint8_t *)"localhost", 9);
        memset(&tmp, 0, sizeof tmp);
        tmp.dtls__ctx = &Q.sctx;
        if (n > 108 && (size_t)st[108] <= n - 109)
            (void)dtls__sess_psk_hash(&tmp, st + 109, st[108], st + 76);
    }
    if ((flags >> 4) && n >= 12)
        dtls__store64_be(st + 4, (uint64_t)(now - (int64_t)((flags >> 4) - 1) * 600));
    /* the ticket: key_period(4) nonce(12) AEAD(state) tag(16) under that period's key */
    dtls__store32_be(ticket, p0);
    for (k = 0; k < 12; k++)
        ticket[4 + k] = (uint8_t)(0xA0 + k);
    fse_ticket_key(p0, key);
    if (dtls__sess_seal(ticket + 16, key, ticket + 4, ticket, st, n) != 0)
        abort();
    dtls_wipe(key, sizeof key);
    memset(master, 0, sizeof master);
    memcpy(master, st + 12, n >= 60 ? 48 : (n > 12 ? n - 12 : 0));
    suite = n >= 3 ? (uint16_t)(st[1] << 8 | st[2]) : 0;
    if (fse_client(cb, fse_client_bytes(cb, suite, master, ticket, n + 32)) != 0 &&
        fse_client(cb, fse_client_bytes(cb, DTLS_PSK_WITH_AES_128_CCM_8, master, ticket, n + 32)) != 0)
        abort(); /* the client keeps any ticket of a suite it has (harness error) */
    if (dtls_conn_connect(&Q.c) != 0)
        abort();
    fse_pump(1);
    if (fz_debug())
        printf("forged ticket: period %+d, %zu bytes of state: server %s, client %s (error %d)\n", (int)(p0 - pn),
               n, fse_full_handshake() ? "in a full handshake" : fse_resumed ? "resumed" : "-",
               dtls_conn_resumed(&Q.c) ? "resumed" : dtls_conn_is_established(&Q.c) ? "established" : "not established",
               dtls_conn_error(&Q.c));
    if (dtls_conn_is_established(&Q.c)) {
        (void)dtls_conn_write(&Q.c, (const uint8_t *)"resumed", 7);
        (void)dtls_conn_session_save(&Q.c, out, sizeof out);
        (void)dtls_conn_close(&Q.c);
        fse_pump(0);
    }
}

/* ========================= mode 2: a real ticket in mutated ClientHellos */

typedef struct fse_ticket_arg {
    const uint8_t *t;
    size_t tl;
} fse_ticket_arg;

/* The ClientHello's session_ticket extension's data replaced by the real
 * ticket (extension and extensions-block lengths fixed); 0 without one. */
static size_t fse_ticket_edit(void *arg, const dtls__client_hello *ch, const uint8_t *body, size_t len, uint8_t *out,
                              size_t cap)
{
    const fse_ticket_arg *a = (const fse_ticket_arg *)arg;
    size_t t, ext, tail, total, o;
    if (!ch->has_ticket || ch->ticket == NULL || ch->ticket < body + 4 || ch->ticket + ch->ticket_len > body + len)
        return 0;
    t = (size_t)(ch->ticket - body);
    ext = 2 + 32 + 1 + ch->session_id_len + 1 + ch->cookie_len + 2 + ch->suites_len + 1 + ch->compression_len;
    tail = t + ch->ticket_len;
    if (ext + 2 > t - 4 || len - tail + t + a->tl > cap)
        return 0;
    total = ((size_t)body[ext] << 8 | body[ext + 1]) - ch->ticket_len + a->tl;
    if (total > 0xFFFF || a->tl > 0xFFFF)
        return 0;
    memcpy(out, body, t);
    out[ext] = (uint8_t)(total >> 8);
    out[ext + 1] = (uint8_t)total;
    out[t - 2] = (uint8_t)(a->tl >> 8);
    out[t - 1] = (uint8_t)a->tl;
    o = t;
    memcpy(out + o, a->t, a->tl);
    o += a->tl;
    memcpy(out + o, body + tail, len - tail);
    return o + len - tail;
}

static void fse_input(const uint8_t *d, size_t len)
{
    fz_srv_input(&Q.srv, fse_caddr, 4, d, len);
}

/* A plaintext epoch-1 record body for c: a whole Finished in it gets the
 * verify_data c expects from the client (handshake.c's computation). */
static void fse_fix_finished(dtls_conn *c, uint8_t *body, size_t len)
{
    const dtls__suite *s;
    uint8_t h[48];
    size_t hl;
    if (len != 12 + 12 || body[0] != DTLS__HS_FINISHED || c->dtls__hs == NULL || !dtls__conn_handshaking(c) ||
        (s = dtls__hs_suite(c)) == NULL)
        return;
    if (dtls__hs_hash_now(c, h, &hl) == 0)
        (void)dtls__keys_finished(body + 12, s->prf_hash, c->dtls__hs->dtls__master, 1, h, hl);
}

static void fse_timers(void)
{
    uint32_t at;
    int i;
    for (i = 0; i < 4 && dtls_server_deadline(&Q.srv, &at) && fz_due(at); i++)
        (void)dtls_server_timer(&Q.srv);
}

static void fse_hellos(const uint8_t *data, size_t size)
{
    fz_in in;
    int k, round;
    fse_ticket_arg ta;

    in.p = data;
    in.n = size;
    in.pos = 0;
    k = fz_u8(&in) & 1 ? FSE_PSK : FSE_ECDSA;
    fse_restore(k);
    ta.tl = ((size_t)SAVED[k][103] << 8) | SAVED[k][104];
    ta.t = SAVED[k] + 105;
    while (fz_more(&in)) {
        uint8_t ctrl = fz_u8(&in), *b1, *b2;
        const uint8_t *d;
        size_t len = fz_bytes(&in, fz_u16(&in), &d), n;
        fz_now_ms += fz_dt[ctrl >> 4];
        fse_timers();
        if (!(ctrl & 1)) {
            fse_input(d, len);
            continue;
        }
        b1 = (uint8_t *)malloc(len + DTLS_MAX_TICKET + 64);
        b2 = (uint8_t *)malloc(len + DTLS_MAX_TICKET + 128);
        if (b1 == NULL || b2 == NULL)
            abort();
        n = fz_hello_rewrite(b1, len + DTLS_MAX_TICKET + 64, d, len, fse_ticket_edit, &ta);
        if (n == 0) {
            memcpy(b1, d, len);
            n = len;
        }
        if ((n = fz_patch_cookie(&Q.srv, b2, n + 64, b1, n, fse_caddr, 4)) != 0)
            fse_input(b2, n);
        else
            fz_sealed_feed(&Q.srv, fse_caddr, 4, fse_fix_finished, d, len);
        free(b1);
        free(b2);
    }
    for (round = 0; round < 8; round++) {
        uint32_t at;
        if (!dtls_server_deadline(&Q.srv, &at))
            break;
        if (!fz_due(at))
            fz_now_ms = at;
        (void)dtls_server_timer(&Q.srv);
    }
    if (fz_debug()) {
        int i;
        printf("hellos: %d handshakes completed, %d resumed;", fse_connects, fse_resumed);
        for (i = 0; i < 2; i++)
            printf(" cache[%d] serial %u", i, (unsigned)Q.cache[i].dtls__serial);
        printf("\n");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t mode = size ? data[0] : 0;
    fse_init();
    fse_connects = fse_resumed = 0;
    switch (mode % 3) {
    case 0: fse_saved_bytes(data + (size ? 1 : 0), size ? size - 1 : 0); break;
    case 1: fse_forged_ticket(data + 1, size - 1); break;
    default: fse_hellos(data + 1, size - 1); break;
    }
    return 0;
}

/* ------------------------------------------------------------ the corpus */

static void fse_seed(const char *dir, const char *name, unsigned mode, const uint8_t *p, size_t n)
{
    fz_sb_reset();
    fz_sb_u8(mode);
    fz_sb_bytes(p, n);
    fz_sb_write(dir, name);
}

/* The plaintext of the ticket in saved bytes s (opened with the server's key). */
static size_t fse_open_ticket(const uint8_t *s, uint8_t *st)
{
    size_t tl = ((size_t)s[103] << 8) | s[104];
    const uint8_t *t = s + 105;
    uint8_t key[32];
    int r;
    if (tl < 32 + 109)
        return 0;
    fse_ticket_key(dtls__load32_be(t), key);
    r = dtls__sess_open(st, key, t + 4, t, t + 16, tl - 16);
    return r == 0 ? tl - 32 : 0;
}

/* Mode 1 seeds: flags ‖ state (a variant of the real ticket's plaintext). */
static void fse_seed_ticket(const char *dir, const char *name, uint8_t flags, const uint8_t *st, size_t n)
{
    fz_sb_reset();
    fz_sb_u8(1);
    fz_sb_u8(flags);
    fz_sb_bytes(st, n);
    fz_sb_write(dir, name);
}

/* Mode 2 seeds: a real client restores SAVED[k] and resumes against the
 * snapshot's server; its datagrams (fix-up bit on the ClientHello that
 * carries the cookie), and with sealed its epoch-1 records in plaintext
 * (fix-up bit on their items). */
static int fse_seed_hellos(const char *dir, const char *name, int k, int sealed, int variant)
{
    static fz_queue rec;
    int i, hellos = 0;
    fse_restore(k);
    rec.n = 0;
    fse_record_to = &rec;
    if (fse_client(SAVED[k], SAVED_LEN[k]) != 0 || dtls_conn_connect(&Q.c) != 0)
        return 1;
    fse_pump(0);
    fse_record_to = NULL;
    if (!dtls_conn_resumed(&Q.c)) {
        fprintf(stderr, "%s: the client did not resume\n", name);
        return 1;
    }
    fz_sb_reset();
    fz_sb_u8(2);
    fz_sb_u8(k == FSE_PSK ? 1 : 0);
    for (i = 0; i < rec.n; i++) {
        static uint8_t out[FZ_DMAX];
        uint8_t d[FZ_DMAX];
        size_t o, len = rec.len[i];
        memcpy(d, rec.d[i], len);
        if (d[0] == DTLS__CT_HANDSHAKE && d[13] == DTLS__HS_CLIENT_HELLO) {
            if (variant == 1 && hellos) {
                /* the ticket broken (its last byte: the tag), fed as it is: resumed by the
                 * session ID from the cache instead */
                d[len - 1] ^= 0x80;
                fz_sb_item(0, d, len);
                hellos++;
                continue;
            }
            fz_sb_item(hellos++ ? 1 : 0, rec.d[i], len); /* the second carries the cookie */
            continue;
        }
        if (sealed && (o = fz_open_records(Q.cc.hooks, &Q.c.dtls__wr, rec.d[i], len, out)) != 0)
            fz_sb_item(1, out, o);
        else
            fz_sb_item(0, rec.d[i], len);
    }
    if (variant == 2) {
        /* then a fatal alert (RFC 5246 7.2): the session is forgotten, the cache slot wiped */
        static const uint8_t alert[13 + 2] = {DTLS__CT_ALERT, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40};
        fz_sb_item(0x11, alert, sizeof alert);
    }
    fz_sb_write(dir, name);
    return 0;
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static uint8_t s[DTLS_SESSION_MAX], st[DTLS_MAX_TICKET], v[DTLS_MAX_TICKET];
    static const char *kn[2] = {"psk", "ecdsa"};
    char name[64];
    size_t n, m;
    int bad = 0, k;
    (void)argc;
    (void)argv;
    fse_init();
    /* mode 0: saved bytes */
    fse_seed(dir, "saved-empty", 0, s, 0);
    n = fse_handshake(FSE_PSK, 0, s, sizeof s);
    bad |= n == 0;
    fse_seed(dir, "saved-psk-by-id", 0, s, n);
    if (n > 8)
        fse_seed(dir, "saved-psk-by-id-truncated", 0, s, n - 8);
    fse_seed(dir, "saved-psk-ticket", 0, SAVED[FSE_PSK], SAVED_LEN[FSE_PSK]);
    fse_seed(dir, "saved-ecdsa-ticket", 0, SAVED[FSE_ECDSA], SAVED_LEN[FSE_ECDSA]);
    /* mode 1: the real tickets' plaintexts, and variants */
    for (k = 0; k < 2; k++) {
#define FSE_T(what, flags, p, len)                                                                                     \
    do {                                                                                                               \
        snprintf(name, sizeof name, "ticket-%s%s", kn[k], what);                                                      \
        fse_seed_ticket(dir, name, (uint8_t)(flags), p, len);                                                          \
    } while (0)
        n = fse_open_ticket(SAVED[k], st);
        if (n == 0) {
            fprintf(stderr, "fuzz_session: the %s ticket does not open\n", kn[k]);
            bad = 1;
            continue;
        }
        FSE_T("", 0, st, n);
        FSE_T("-fixed-new", 8 | 0x10, st, n);
        FSE_T("-fixed-almost-expired", 8 | 0xC0, st, n); /* 6600 s */
        FSE_T("-expired", 8 | 0xD0, st, n);              /* 7200 s: the lifetime */
        FSE_T("-previous-period", 1, st, n);
        FSE_T("-previous-period-aged", 1 | 8 | 0x30, st, n); /* renewed: the rest of its lifetime */
        FSE_T("-oldest-period", 3, st, n);
        FSE_T("-retired-period", 4, st, n);
        FSE_T("-future-period", 5, st, n);
        FSE_T("-period-0", 6, st, n);
        FSE_T("-period-fleet-current", 7, st, n); /* DTLS_FLEET_CURRENT: never a ticket's */
        FSE_T("-truncated", 8, st, 108);
        FSE_T("-empty", 0, st, 0);
        memcpy(v, st, n);
        v[0] = 2; /* another state version */
        FSE_T("-version", 8, v, n);
        memcpy(v, st, n);
        v[3] = 0; /* made without extended master secret (RFC 7627 5.3) */
        FSE_T("-no-ems", 8, v, n);
        memcpy(v, st, n);
        v[3] |= 2; /* a client certificate */
        FSE_T("-client-cert", 8, v, n);
        memcpy(v, st, n);
        v[60] ^= 1; /* another server name (RFC 6066 3) */
        FSE_T("-other-sni", 0, v, n);
        memcpy(v, st, n);
        v[1] = 0x00;
        v[2] = 0xA8; /* PSK_WITH_AES_128_GCM_SHA256: another suite the server has */
        FSE_T("-other-suite", 8, v, n);
        v[1] = 0x13;
        v[2] = 0x01;
        FSE_T("-unknown-suite", 8, v, n);
        memcpy(v, st, n);
        dtls__store64_be(v + 4, (uint64_t)FZ_WALL + 301u); /* made in the future (a clock step) */
        FSE_T("-created-future", 8, v, n);
        if (k == FSE_PSK && n == 116) {
            memcpy(v, st, n);
            memcpy(v + 109, "client2", 7); /* another identity: another key */
            FSE_T("-other-identity", 8, v, n);
            FSE_T("-other-identity-unfixed", 0, v, n); /* the peer hash is client1's key's */
            memcpy(v + 109, "client9", 7); /* an identity the server no longer knows */
            FSE_T("-unknown-identity", 8, v, n);
            memcpy(v, st, n);
            v[108] = 8; /* the identity length past the state */
            FSE_T("-identity-length", 8, v, n);
            memcpy(v, st, n);
            m = n;
            memset(v + m, 'i', DTLS_MAX_IDENTITY + 1 - 7);
            v[108] = (uint8_t)(DTLS_MAX_IDENTITY + 1);
            FSE_T("-identity-too-long", 8, v, 109 + DTLS_MAX_IDENTITY + 1);
        }
#undef FSE_T
    }
    /* mode 2: real resuming clients' datagrams */
    for (k = 0; k < 2; k++) {
        snprintf(name, sizeof name, "hello-%s", kn[k]);
        bad |= fse_seed_hellos(dir, name, k, 0, 0);
        snprintf(name, sizeof name, "hello-%s-sealed", kn[k]);
        bad |= fse_seed_hellos(dir, name, k, 1, 0);
        snprintf(name, sizeof name, "hello-%s-by-id-sealed", kn[k]);
        bad |= fse_seed_hellos(dir, name, k, 1, 1);
        snprintf(name, sizeof name, "hello-%s-fatal-alert-sealed", kn[k]);
        bad |= fse_seed_hellos(dir, name, k, 1, 2);
    }
    return bad;
}
