/* fuzz_server.c - libFuzzer target: arbitrary datagrams from arbitrary
 * addresses into dtls_server_input (api.h), with dtls_server_timer run
 * whenever a deadline passes on a fake clock the input advances.
 *
 * Input:
 *   cfg(1)          server configuration: cfg % FS_NCFG (see fs_setup)
 *   then items:     ctrl(1) len(2, big-endian) datagram(len; fewer at the end)
 *     ctrl bits 0-1 the source address: 0, 1 (IPv4-sized), 2 (16 bytes), 3 (28 bytes)
 *          bit 2    fix it up so that mutations get past the checks:
 *                   - when the first record is a whole ClientHello, the harness
 *                     puts the cookie the server expects into it (fixing the
 *                     handshake and record lengths): past the stateless cookie check;
 *                   - otherwise every epoch-1 record's body is taken as plaintext and
 *                     sealed (dtls__record_protect, the record's own type, version,
 *                     epoch and sequence number) with the read keys of the
 *                     connection of that address, as soon as the records before it
 *                     have been fed (each such record goes as a datagram of its own,
 *                     the epoch-0 records before it as one): past authentication
 *          bits 3-6 clock step before the datagram (fz_dt[]); due timers run
 *          bit 7    afterwards the connection of that address, if established,
 *                   writes a record (or, with clock step 15, closes)
 *   At the end the clock is moved to each deadline in turn (retransmissions,
 *   timeouts, the Finished duty, ended slots) for a few rounds.
 *
 * Everything (random source, cookie secret, clock) is deterministic, so a seed
 * recorded from a real client's datagrams (fz_make_corpus) replays the same
 * handshake: the server's answers are the same, so the client's later flights
 * still fit.  Each recorded session is also written with its epoch-1 records
 * in plaintext and bit 2 set (a "-sealed" seed), which replays the same way. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

#define FS_SLOTS 3
#define FS_HS 2
#define FS_NCFG 9

static struct {
    dtls_config cfg;
    dtls_crypto_hooks hooks;
    fz_rng rng;
    dtls_ctx ctx;
    dtls_hs hs[FS_HS];
    dtls_conn slots[FS_SLOTS];
    uint32_t index[DTLS_SERVER_INDEX_WORDS(FS_SLOTS)];
    dtls_session_slot sessions[2];
    dtls_server srv;
    uint8_t tx[1500];
    fz_queue *record_to; /* corpus recording: the server's datagrams go here (tag: address id) */
} S;

static const uint8_t fs_addr[4][28] = {
    {10, 0, 0, 1},
    {10, 0, 0, 2},
    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3},
    {0x1c, 0x0a, 0x12, 0x34, 0, 0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0}};
static const size_t fs_alen[4] = {4, 4, 16, 28};

static int fs_addr_id(const uint8_t *addr, size_t alen)
{
    int i;
    for (i = 0; i < 4; i++)
        if (alen == fs_alen[i] && memcmp(addr, fs_addr[i], alen) == 0)
            return i;
    return 0;
}

static int fs_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *d, size_t len)
{
    (void)user;
    fz_touch(d, len);
    if (S.record_to != NULL)
        fz_push(S.record_to, (uint8_t)fs_addr_id(addr, alen), d, len);
    return (int)len;
}

static int fs_connects, fs_datas;

static void fs_on_connect(void *user, dtls_conn *c)
{
    (void)user;
    (void)c;
    fs_connects++;
}

static void fs_on_data(void *user, dtls_conn *c, const uint8_t *d, size_t len)
{
    (void)user;
    (void)c;
    fz_touch(d, len);
    fs_datas++;
}

static void fs_on_close(void *user, dtls_conn *c, int reason)
{
    (void)user;
    (void)c;
    (void)reason;
}

static const dtls_credential *fs_select(void *user, const uint8_t *sni, size_t sni_len)
{
    (void)user;
    fz_touch(sni, sni_len);
    if (sni_len == 11 && memcmp(sni, "rsa.example", 11) == 0)
        return &fz_c_rsrv; /* RSA signing is slow under the sanitizers: only for this name */
    return &fz_c_srv;
}

/* cfg.fleet_key of configuration 8: fixed keys per period, period 7 the
 * current one, periods before 5 retired. */
static int fs_fleet_key(void *user, int kind, uint32_t *period, uint8_t key[32])
{
    (void)user;
    if (*period == DTLS_FLEET_CURRENT)
        *period = 7;
    else if (*period > 7 || *period < 5)
        return -1;
    memset(key, (int)(kind * 16 + (int)*period), 32);
    return 0;
}

/* The server configurations:
 *   0  PSK (every PSK suite), no hint
 *   1  PSK and the P-256 certificate, client certificates optional
 *   2  the P-256 certificate, client certificates required
 *   3  raw public keys (RFC 7250), client keys optional
 *   4  PSK with a hint; mtu 256, 8-byte cookies rotating every 3 s, idle
 *      timeout, two authentication failures end a connection, unknown
 *      identities go on with a random key, no EMS needed, 1 copy, 2 retries
 *   5  credential chosen by SNI (the RSA one for rsa.example, else the P-256
 *      one), client certificates optional (CN fallback), no clock (validity
 *      not checked)
 *   6, 7  PSK with Connection IDs (RFC 9146) of 4 bytes
 *   8  PSK with use_srtp (RFC 5764), a record size limit of 600 (RFC 8449),
 *      the exporter (cfg.on_keys), a fleet's cookie and ticket keys
 *      (cfg.fleet_key) and tickets
 *   0 and 7 also keep a session cache and issue tickets (dtls_server_sessions)
 * The odd ones route through the index (dtls_server_index), the even ones scan. */
static void fs_setup(int cfg)
{
    fz_creds();
    memset(&S.cfg, 0, sizeof S.cfg);
    S.rng.s = UINT64_C(0x5EC0DE5EC0DE0001);
    S.hooks.user = &S.rng;
    S.hooks.random = fz_random;
    fz_now_ms = FZ_T0;
    S.cfg.role = DTLS_ROLE_SERVER;
    S.cfg.send = fs_send;
    S.cfg.now = fz_now;
    S.cfg.hooks = &S.hooks;
    S.cfg.on_connect = fs_on_connect;
    S.cfg.on_data = fs_on_data;
    S.cfg.on_close = fs_on_close;
    S.cfg.mtu = 1400;
    switch (cfg) {
    case 0:
        S.cfg.psk_server = fz_psk_server;
        S.cfg.wall_time = fz_wall; /* tickets' lifetimes */
        break;
    case 8:
        S.cfg.psk_server = fz_psk_server;
        S.cfg.wall_time = fz_wall;
        S.cfg.srtp_profiles = fz_srtp;
        S.cfg.n_srtp_profiles = 2;
        S.cfg.max_record = 600;
        S.cfg.on_keys = fz_on_keys;
        S.cfg.fleet_key = fs_fleet_key;
        break;
    case 6:
    case 7: /* Connection ID (RFC 9146): records found by CID, peers that move */
        S.cfg.psk_server = fz_psk_server;
        S.cfg.wall_time = fz_wall;
        S.cfg.flags = DTLS_CFG_CID;
        S.cfg.cid_len = 4;
        break;
    case 1:
        S.cfg.psk_server = fz_psk_server;
        S.cfg.cred = &fz_c_srv;
        S.cfg.trust_anchors = fz_anchors;
        S.cfg.n_trust_anchors = 2;
        S.cfg.wall_time = fz_wall;
        S.cfg.verify_client = DTLS_VERIFY_OPTIONAL;
        break;
    case 2:
        S.cfg.cred = &fz_c_srv;
        S.cfg.trust_anchors = fz_anchors;
        S.cfg.n_trust_anchors = 2;
        S.cfg.wall_time = fz_wall;
        S.cfg.verify_client = DTLS_VERIFY_REQUIRED;
        break;
    case 3:
        S.cfg.flags = DTLS_CFG_RPK;
        S.cfg.cred = &fz_c_srv;
        S.cfg.verify = fz_verify_any;
        S.cfg.verify_client = DTLS_VERIFY_OPTIONAL;
        break;
    case 4:
        S.cfg.psk_server = fz_psk_server;
        S.cfg.psk_hint = (const uint8_t *)"fuzz hint";
        S.cfg.psk_hint_len = 9;
        S.cfg.mtu = 256;
        S.cfg.cookie_len = 8;
        S.cfg.cookie_lifetime_ms = 3000;
        S.cfg.idle_timeout_ms = 20000;
        S.cfg.max_auth_failures = 2;
        S.cfg.flags = DTLS_CFG_SEND_BAD_RECORD_MAC | DTLS_CFG_UNKNOWN_PSK_AS_WRONG_KEY | DTLS_CFG_ALLOW_NO_EMS;
        S.cfg.retransmit_copies = 1;
        S.cfg.retransmit_limit = 2;
        break;
    default:
        S.cfg.select_cred = fs_select;
        S.cfg.trust_anchors = fz_anchors;
        S.cfg.n_trust_anchors = 2;
        S.cfg.verify_client = DTLS_VERIFY_OPTIONAL;
        S.cfg.flags = DTLS_CFG_NO_CLOCK | DTLS_CFG_CN_FALLBACK;
        break;
    }
    if (dtls_ctx_init(&S.ctx, &S.cfg, S.tx, sizeof S.tx, S.hs, FS_HS) != 0 ||
        dtls_server_init(&S.srv, &S.ctx, S.slots, FS_SLOTS) != 0)
        abort();
    /* the odd configurations route through the index (dtls_server_index), the even ones scan */
    if ((cfg & 1) && dtls_server_index(&S.srv, S.index, DTLS_SERVER_INDEX_WORDS(FS_SLOTS)) != 0)
        abort();
    /* 0 and 7 keep sessions and issue tickets: mutated ClientHellos reach the session ID and ticket parsers */
    if ((cfg == 0 || cfg == 7) && dtls_server_sessions(&S.srv, S.sessions, 2) != 0)
        abort();
}

static void fs_input(int a, const uint8_t *d, size_t len)
{
    fz_srv_input(&S.srv, fs_addr[a], fs_alen[a], d, len);
}

/* Runs the server's timers while one is due. */
static void fs_timers(void)
{
    uint32_t at;
    int i;
    for (i = 0; i < 4 && dtls_server_deadline(&S.srv, &at) && fz_due(at); i++)
        (void)dtls_server_timer(&S.srv);
}

/* One item: the clock step, the datagram (cookie patched if asked), the
 * application's action. */
static void fs_feed(uint8_t ctrl, const uint8_t *d, size_t len)
{
    int a = ctrl & 3, i;
    uint8_t *buf;
    size_t n;

    fz_now_ms += fz_dt[(ctrl >> 3) & 15];
    fs_timers();
    buf = (uint8_t *)malloc(len + 64);
    if (buf == NULL)
        abort();
    if ((ctrl & 4) && (n = fz_patch_cookie(&S.srv, buf, len + 64, d, len, fs_addr[a], fs_alen[a])) != 0)
        fs_input(a, buf, n);
    else if (ctrl & 4)
        fz_sealed_feed(&S.srv, fs_addr[a], fs_alen[a], NULL, d, len); /* see the top */
    else
        fs_input(a, d, len);
    free(buf);
    if (ctrl & 0x80) {
        for (i = 0; i < FS_SLOTS; i++) {
            dtls_conn *c = &S.slots[i];
            if (dtls__conn_is_free(c) || !dtls__conn_addr_equal(c, fs_addr[a], fs_alen[a]) ||
                !dtls_conn_is_established(c))
                continue;
            if (((ctrl >> 3) & 15) == 15)
                (void)dtls_conn_close(c);
            else
                (void)dtls_conn_write(c, (const uint8_t *)"echo from the fuzzed server", 27);
            break;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    int round;

    in.p = data;
    in.n = size;
    in.pos = 0;
    fs_connects = fs_datas = 0;
    fs_setup(fz_u8(&in) % FS_NCFG);
    while (fz_more(&in)) {
        uint8_t ctrl = fz_u8(&in);
        const uint8_t *d;
        size_t len = fz_bytes(&in, fz_u16(&in), &d);
        fs_feed(ctrl, d, len);
    }
    /* the timers to the end: retransmissions, timeouts, duty, ended slots */
    for (round = 0; round < 12; round++) {
        uint32_t at;
        if (!dtls_server_deadline(&S.srv, &at))
            break;
        if (!fz_due(at))
            fz_now_ms = at;
        (void)dtls_server_timer(&S.srv);
    }
    {
        dtls_stats st;
        dtls_server_stats(&S.srv, &st);
        fz_touch((const uint8_t *)&st, sizeof st);
        if (fz_debug())
            printf("server: %d handshakes completed, %d records of data, %u HelloVerifyRequests, %u datagrams out\n",
                   fs_connects, fs_datas, (unsigned)st.hello_verify_sent, (unsigned)st.datagrams_out);
    }
    return 0;
}

/* ------------------------------------------------------------ the corpus */

/* A recorded session: real clients (fz_cli) at address ids talk to the
 * harness's server through fs_feed (as the fuzzer's items do); every client
 * datagram becomes an item of the seed. */
#define FS_MAXCLI 2
#define FS_MAXITEMS 48
static fz_queue fs_to_srv, fs_to_cli;
static fz_cli fs_cli[FS_MAXCLI];
static uint8_t fs_item[FS_MAXITEMS][FZ_DMAX];
static size_t fs_item_len[FS_MAXITEMS];
static unsigned fs_item_ctrl[FS_MAXITEMS];
static int fs_nitems;
static uint16_t fs_cli_mtu; /* nonzero: the clients' mtu (their flights fragmented) */

/* 1 when d starts with an epoch-0 handshake record holding a ClientHello. */
static int fs_is_hello(const uint8_t *d, size_t len)
{
    return len > 13 && d[0] == DTLS__CT_HANDSHAKE && d[3] == 0 && d[4] == 0 && d[13] == DTLS__HS_CLIENT_HELLO;
}

/* Feeds a client datagram as an item of the seed: bit 2 on every
 * ClientHello but a first one (a no-op on the cookie the client echoes). */
static void fs_item_feed(unsigned ctrl, const uint8_t *d, size_t len, int *first_done)
{
    int a = (int)(ctrl & 3);
    if (fs_is_hello(d, len) && first_done[a])
        ctrl |= 4;
    if (fs_is_hello(d, len))
        first_done[a] = 1;
    if (fs_nitems < FS_MAXITEMS) {
        memcpy(fs_item[fs_nitems], d, len);
        fs_item_len[fs_nitems] = len;
        fs_item_ctrl[fs_nitems++] = ctrl;
    }
    fs_feed((uint8_t)ctrl, d, len);
}

/* Delivers everything until quiet. */
static void fs_pump(int ncli, int *first_done)
{
    uint8_t d[FZ_DMAX];
    uint8_t tag;
    size_t len;
    int rounds;
    for (rounds = 0; rounds < 50 && (fs_to_srv.n || fs_to_cli.n); rounds++) {
        while ((len = fz_pop(&fs_to_srv, d, &tag)) != 0)
            fs_item_feed(tag, d, len, first_done);
        while ((len = fz_pop(&fs_to_cli, d, &tag)) != 0) {
            int i;
            for (i = 0; i < ncli; i++) {
                if (fs_cli[i].tag == tag) {
                    uint8_t *x = fz_dup(d, len);
                    (void)dtls_conn_input(&fs_cli[i].c, x, len);
                    fz_cli_drain(&fs_cli[i].c);
                    free(x);
                }
            }
        }
    }
}

/* The items as a seed; sealed: epoch-1 records opened with the sending
 * client's write keys and bit 2 set on their items (the harness seals them
 * again with the server's read keys: the same bytes). */
static void fs_write_items(const char *dir, const char *name, int cfg, int ncli, int sealed)
{
    int k, i;
    fz_sb_reset();
    fz_sb_u8((unsigned)cfg);
    for (k = 0; k < fs_nitems; k++) {
        static uint8_t out[FZ_DMAX];
        size_t o, len = fs_item_len[k];
        unsigned ctrl = fs_item_ctrl[k];
        fz_cli *from = NULL;
        for (i = 0; i < ncli; i++)
            if (fs_cli[i].tag == (ctrl & 3))
                from = &fs_cli[i];
        if (sealed && from != NULL &&
            (o = fz_open_records(from->cfg.hooks, &from->c.dtls__wr, fs_item[k], len, out)) != 0)
            fz_sb_item(ctrl | 4u, out, o);
        else
            fz_sb_item(ctrl, fs_item[k], len);
    }
    fz_sb_write(dir, name);
}

/* A session: cfg, then the clients (kind, suite, address id).  after: 0
 * nothing, 1 data both ways, 2 data then the client closes, 3 data then a
 * second handshake from the first client's address (a reconnect).  Writes
 * the recorded seed, and for after 0 and 1 its "-sealed" form too. */
static int fs_session(const char *dir, const char *name, int cfg, int ncli, const int *kind, const uint16_t *suite,
                      const uint8_t *aid, int after)
{
    int i, first_done[4] = {0, 0, 0, 0}, ok = 1;
    char n2[128];
    fs_nitems = 0;
    fs_setup(cfg);
    fs_to_srv.n = fs_to_cli.n = 0;
    S.record_to = &fs_to_cli;
    for (i = 0; i < ncli; i++) {
        static const uint8_t saddr[4] = {192, 0, 2, 1};
        if (fz_cli_setup(&fs_cli[i], kind[i], suite[i], UINT64_C(0xC11E00) + (uint64_t)i * 77, &fs_to_srv, aid[i]) != 0)
            return 1;
        if (fs_cli_mtu) {
            fs_cli[i].cfg.mtu = fs_cli_mtu;
            if (dtls_ctx_init(&fs_cli[i].ctx, &fs_cli[i].cfg, fs_cli[i].tx, sizeof fs_cli[i].tx, &fs_cli[i].hs, 1) != 0 ||
                dtls_conn_init(&fs_cli[i].c, &fs_cli[i].ctx, saddr, 4) != 0)
                return 1;
        }
        if (dtls_conn_connect(&fs_cli[i].c) != 0) {
            fprintf(stderr, "%s: client setup failed\n", name);
            return 1;
        }
    }
    fs_pump(ncli, first_done);
    for (i = 0; i < ncli; i++)
        ok &= dtls_conn_is_established(&fs_cli[i].c);
    if (!ok) {
        fprintf(stderr, "%s: handshake did not complete (client error %d)\n", name, dtls_conn_error(&fs_cli[0].c));
        S.record_to = NULL;
        return 1;
    }
    if (after >= 1) {
        (void)dtls_conn_write(&fs_cli[0].c, (const uint8_t *)"ping", 4);
        /* the server answers (bit 7): its record goes back to the client */
        while (fs_to_srv.n) {
            uint8_t d[FZ_DMAX], tag;
            size_t len = fz_pop(&fs_to_srv, d, &tag);
            fs_item_feed(0x80u | tag, d, len, first_done);
        }
        fs_pump(ncli, first_done);
    }
    if (after == 2) {
        (void)dtls_conn_close(&fs_cli[0].c);
        fs_pump(ncli, first_done);
    }
    if (after == 3) {
        /* the first client starts over from the same address */
        if (fz_cli_setup(&fs_cli[0], kind[0], suite[0], UINT64_C(0xBEEF), &fs_to_srv, aid[0]) != 0 ||
            dtls_conn_connect(&fs_cli[0].c) != 0)
            return 1;
        first_done[aid[0]] = 0;
        fs_pump(ncli, first_done);
        if (!dtls_conn_is_established(&fs_cli[0].c)) {
            fprintf(stderr, "%s: the reconnect did not complete\n", name);
            return 1;
        }
    }
    S.record_to = NULL;
    fs_write_items(dir, name, cfg, ncli, 0);
    if (after <= 1) {
        snprintf(n2, sizeof n2, "%s-sealed", name);
        fs_write_items(dir, n2, cfg, ncli, 1);
    }
    return 0;
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static const uint16_t psk_suites[] = {
        DTLS_PSK_WITH_AES_128_CCM_8, DTLS_PSK_WITH_AES_128_CCM, DTLS_PSK_WITH_AES_128_GCM_SHA256,
        DTLS_PSK_WITH_AES_256_GCM_SHA384, DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256,
        DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
    int bad = 0;
    size_t i;
    char name[64];
    (void)argc;
    (void)argv;
    for (i = 0; i < sizeof psk_suites / sizeof psk_suites[0]; i++) {
        int k = FZ_CK_PSK;
        uint16_t s = psk_suites[i];
        uint8_t a = (uint8_t)(i & 3);
        snprintf(name, sizeof name, "psk-%04x", s);
        bad |= fs_session(dir, name, 0, 1, &k, &s, &a, 1);
        snprintf(name, sizeof name, "psk-hint-small-%04x", s);
        bad |= fs_session(dir, name, 4, 1, &k, &s, &a, 2);
    }
    {
        int k[2] = {FZ_CK_PSK, FZ_CK_PSK_CB};
        uint16_t s[2] = {0, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
        uint8_t a[2] = {0, 2};
        bad |= fs_session(dir, "psk-two-clients", 0, 2, k, s, a, 1);
        bad |= fs_session(dir, "psk-reconnect", 0, 1, k, s, a, 3);
        bad |= fs_session(dir, "psk-on-cert-server", 1, 1, k + 1, s + 1, a + 1, 1);
    }
    {
        static const uint16_t ecdsa[] = {DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                         DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                                         DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
        for (i = 0; i < 4; i++) {
            int k = (i & 1) ? FZ_CK_CERT_NOCRED : FZ_CK_CERT;
            uint8_t a = (uint8_t)(3 - (i & 3));
            snprintf(name, sizeof name, "ecdsa-%04x%s", ecdsa[i], (i & 1) ? "" : "-client-cert");
            bad |= fs_session(dir, name, 1, 1, &k, &ecdsa[i], &a, 1);
        }
        for (i = 0; i < 2; i++) {
            int k = FZ_CK_CERT;
            uint8_t a = (uint8_t)i;
            snprintf(name, sizeof name, "ecdsa-%04x-client-cert-required", ecdsa[i + 1]);
            bad |= fs_session(dir, name, 2, 1, &k, &ecdsa[i + 1], &a, 1);
        }
        {
            int k = FZ_CK_RPK;
            uint16_t s = 0;
            uint8_t a = 1;
            bad |= fs_session(dir, "rpk-client-key", 3, 1, &k, &s, &a, 2);
            k = FZ_CK_CERT;
            bad |= fs_session(dir, "sni-localhost", 5, 1, &k, &s, &a, 1);
            fs_cli_mtu = 200; /* the client's Certificate in fragments */
            bad |= fs_session(dir, "ecdsa-client-cert-fragmented", 2, 1, &k, &s, &a, 1);
            k = FZ_CK_PSK;
            bad |= fs_session(dir, "psk-fragmented", 4, 1, &k, &s, &a, 1);
            k = FZ_CK_PSK_CID;
            bad |= fs_session(dir, "psk-cid-scan", 6, 1, &k, &s, &a, 2);
            bad |= fs_session(dir, "psk-cid-index", 7, 1, &k, &s, &a, 2);
            k = FZ_CK_PSK_EXT; /* use_srtp, max_fragment_length, the exporter, fleet keys */
            bad |= fs_session(dir, "psk-srtp-mfl", 8, 1, &k, &s, &a, 1);
            k = FZ_CK_PSK_RSL; /* use_srtp, record_size_limit */
            bad |= fs_session(dir, "psk-srtp-rsl", 8, 1, &k, &s, &a, 2);
            fs_cli_mtu = 0;
            k = FZ_CK_NOVERIFY;
            bad |= fs_session(dir, "sni-other-rsa", 5, 1, &k, &s, &a, 1);
        }
    }
    /* a few hand-made ones: a bare ClientHello-shaped record, an empty input per configuration */
    for (i = 0; i < FS_NCFG; i++) {
        fz_sb_reset();
        fz_sb_u8((unsigned)i);
        snprintf(name, sizeof name, "empty-%u", (unsigned)i);
        fz_sb_write(dir, name);
    }
    return bad;
}
