/* fuzz_session.c - libFuzzer target: a client's saved session bytes
 * (dtls_conn_session_restore: versioned, a check value, the session ID, the
 * ticket, the master secret), which an application keeps in flash or RTC
 * memory and may get back damaged.  The input is the saved bytes; a client
 * restores them, connects (its ClientHello carries what it restored) and
 * saves them again.  Nothing may crash or read out of bounds, whatever the
 * bytes; a restore that fails leaves a client that connects with a full
 * handshake.
 *
 * Seeds (fz_make_corpus): real sessions saved after handshakes in memory
 * (PSK by session ID, PSK with a ticket, ECDHE-ECDSA with a ticket), an
 * empty input and a truncated one. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

static uint8_t fse_sent; /* datagrams the client sent */

static int fse_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    (void)user;
    (void)addr;
    (void)addr_len;
    fz_touch(d, len);
    fse_sent++;
    return (int)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
    return 0;
}

/* ---- seeds: sessions saved by real handshakes ---- */

static uint8_t fse_q[16][1500];
static size_t fse_qlen[16], fse_qn;
static int fse_qto[16];

static int fse_rec_c(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    (void)user;
    (void)addr;
    (void)addr_len;
    if (fse_qn < 16 && len <= sizeof fse_q[0]) {
        memcpy(fse_q[fse_qn], d, len);
        fse_qlen[fse_qn] = len;
        fse_qto[fse_qn++] = 1;
    }
    return (int)len;
}

static int fse_rec_s(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *d, size_t len)
{
    (void)user;
    (void)addr;
    (void)addr_len;
    if (fse_qn < 16 && len <= sizeof fse_q[0]) {
        memcpy(fse_q[fse_qn], d, len);
        fse_qlen[fse_qn] = len;
        fse_qto[fse_qn++] = 0;
    }
    return (int)len;
}

/* One handshake (suite; tickets or not); the client's saved session into
 * out.  Its length, or 0. */
static size_t fse_session(uint16_t suite, int tickets, uint8_t *out, size_t cap)
{
    static dtls_config cc, sc;
    static dtls_ctx cctx, sctx;
    static dtls_hs chs, shs;
    static dtls_conn cconn, slots[2];
    static dtls_server srv;
    static dtls_session_slot cache[2];
    static dtls_crypto_hooks hk;
    static fz_rng rr;
    static uint8_t ctx_buf[1500], stx_buf[1500], sbuf[DTLS_SESSION_MAX], d[1500];
    static const uint8_t saddr[4] = {10, 0, 0, 1}, caddr[4] = {10, 0, 0, 2};
    int i;
    size_t j;

    fz_creds();
    memset(&cc, 0, sizeof cc);
    memset(&sc, 0, sizeof sc);
    rr.s = UINT64_C(0x1234567);
    hk.user = &rr;
    hk.random = fz_random;
    cc.role = DTLS_ROLE_CLIENT;
    cc.suites = &suite;
    cc.n_suites = 1;
    cc.send = fse_rec_c;
    cc.now = fz_now;
    cc.wall_time = fz_wall;
    cc.hooks = &hk;
    sc.role = DTLS_ROLE_SERVER;
    sc.send = fse_rec_s;
    sc.now = fz_now;
    sc.wall_time = fz_wall;
    sc.hooks = &hk;
    if (!tickets)
        sc.flags = DTLS_CFG_NO_TICKETS;
    if (suite == DTLS_PSK_WITH_AES_128_CCM_8) {
        cc.psk_identity = (const uint8_t *)"client1";
        cc.psk_identity_len = 7;
        cc.psk = FZ_K1;
        cc.psk_len = sizeof FZ_K1;
        sc.psk_server = fz_psk_server;
    } else {
        cc.trust_anchors = fz_anchors;
        cc.n_trust_anchors = 2;
        cc.server_name = "localhost";
        sc.cred = &fz_c_srv;
    }
    if (dtls_ctx_init(&cctx, &cc, ctx_buf, sizeof ctx_buf, &chs, 1) != 0 ||
        dtls_conn_init(&cconn, &cctx, saddr, 4) != 0 ||
        dtls_ctx_init(&sctx, &sc, stx_buf, sizeof stx_buf, &shs, 1) != 0 ||
        dtls_server_init(&srv, &sctx, slots, 2) != 0 || dtls_server_sessions(&srv, cache, 2) != 0 ||
        dtls_conn_session_restore(&cconn, sbuf, sizeof sbuf, 0) != 0)
        return 0;
    fse_qn = 0;
    if (dtls_conn_connect(&cconn) != 0)
        return 0;
    for (i = 0; i < 40 && fse_qn > 0 && !dtls_conn_is_established(&cconn); i++) {
        size_t m = fse_qn;
        static uint8_t q2[16][1500];
        static size_t l2[16];
        static int t2[16];
        memcpy(q2, fse_q, sizeof q2);
        memcpy(l2, fse_qlen, sizeof l2);
        memcpy(t2, fse_qto, sizeof t2);
        fse_qn = 0;
        for (j = 0; j < m; j++) {
            memcpy(d, q2[j], l2[j]);
            if (t2[j])
                (void)dtls_server_input(&srv, d, l2[j], caddr, 4);
            else
                (void)dtls_conn_input(&cconn, d, l2[j]);
        }
    }
    if (!dtls_conn_is_established(&cconn))
        return 0;
    i = dtls_conn_session_save(&cconn, out, cap);
    return i > 0 ? (size_t)i : 0;
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static uint8_t s[DTLS_SESSION_MAX];
    size_t n;
    int bad = 0;
    (void)argc;
    (void)argv;
    fz_write_file(dir, "empty", s, 0);
    n = fse_session(DTLS_PSK_WITH_AES_128_CCM_8, 0, s, sizeof s);
    bad |= n == 0;
    fz_write_file(dir, "psk-by-id", s, n);
    if (n > 8)
        fz_write_file(dir, "psk-by-id-truncated", s, n - 8);
    n = fse_session(DTLS_PSK_WITH_AES_128_CCM_8, 1, s, sizeof s);
    bad |= n == 0;
    fz_write_file(dir, "psk-ticket", s, n);
    n = fse_session(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 1, s, sizeof s);
    bad |= n == 0;
    fz_write_file(dir, "ecdsa-ticket", s, n);
    return bad;
}
