/* test_defaults.c - handshakes with the default settings (cfg.suites and
 * cfg.groups NULL) in whatever this build compiles in, over the in-memory
 * world (world.h).  tests/run.sh builds it in the full matrix and, in its
 * "disabled" stage, once per compiled-out primitive and for the small
 * profiles: every default (suites, groups, signature schemes) must name only
 * what the build has, so that a handshake with the defaults completes.
 *
 * What the defaults are expected to be, derived here independently from the
 * DTLS_ENABLE_* switches:
 *   suites   PSK: CCM_8, CCM (AES, CCM), AES_128_GCM (AES, GCM), AES_256_GCM
 *            (AES, GCM, SHA-384), CHACHA20 (CHACHAPOLY); ECDHE_PSK CHACHA20
 *            (CHACHAPOLY and a group); then with certificates ECDHE_ECDSA
 *            CCM_8, AES_128_GCM, AES_256_GCM, CHACHA20 and (RSA) ECDHE_RSA
 *            AES_128_GCM, AES_256_GCM, CHACHA20 under the same conditions.
 *   groups   x25519 (X25519), secp256r1 (P256), in that order.
 *   signature_algorithms (certificates only) ecdsa_secp256r1_sha256,
 *            ecdsa_secp384r1_sha384 (SHA-384), rsa_pss_rsae_sha256 (RSA),
 *            rsa_pss_rsae_sha384 (RSA, SHA-384), rsa_pkcs1_sha256 (RSA),
 *            rsa_pkcs1_sha384 (RSA, SHA-384).
 * The negotiated group is read from an ECDH hook that records the group each
 * side generates its share for and then lets software do the work. */
#include "world.h" /* with harness.h: certdata.h's server credential, the wall clock */

#define T_CCM (DTLS_ENABLE_AES && DTLS_ENABLE_CCM)
#define T_GCM (DTLS_ENABLE_AES && DTLS_ENABLE_GCM)
#define T_GCM384 (T_GCM && DTLS_ENABLE_SHA384)
#define T_CHACHA DTLS_ENABLE_CHACHAPOLY
#define T_GROUPS (DTLS_ENABLE_X25519 || DTLS_ENABLE_P256)
#define T_CERTS DTLS_ENABLE_CERTS
#define T_RSA (DTLS_ENABLE_CERTS && DTLS_ENABLE_RSA)
/* the first default group */
#define T_GROUP1 (DTLS_ENABLE_X25519 ? DTLS_GROUP_X25519 : DTLS_ENABLE_P256 ? DTLS_GROUP_SECP256R1 : 0)

typedef struct t_cand {
    uint16_t v;
    int on;
} t_cand;

/* The default suite order with each suite's condition. */
static const t_cand t_suites[] = {
    {DTLS_PSK_WITH_AES_128_CCM_8, T_CCM},
    {DTLS_PSK_WITH_AES_128_CCM, T_CCM},
    {DTLS_PSK_WITH_AES_128_GCM_SHA256, T_GCM},
    {DTLS_PSK_WITH_AES_256_GCM_SHA384, T_GCM384},
    {DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256, T_CHACHA},
    {DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, T_CHACHA && T_GROUPS},
    {DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, T_CERTS && T_CCM},
    {DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, T_CERTS && T_GCM},
    {DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, T_CERTS && T_GCM384},
    {DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, T_CERTS && T_CHACHA},
    {DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, T_RSA && T_GCM},
    {DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, T_RSA && T_GCM384},
    {DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, T_RSA && T_CHACHA},
};
#define T_N_SUITES (sizeof(t_suites) / sizeof(t_suites[0]))

static const t_cand t_groups_all[] = {{DTLS_GROUP_X25519, DTLS_ENABLE_X25519}, {DTLS_GROUP_SECP256R1, DTLS_ENABLE_P256}};

static const t_cand t_sigs[] = {
    {0x0403, T_CERTS},                       /* ecdsa_secp256r1_sha256 */
    {0x0503, T_CERTS && DTLS_ENABLE_SHA384}, /* ecdsa_secp384r1_sha384 */
    {0x0804, T_RSA},                         /* rsa_pss_rsae_sha256 */
    {0x0805, T_RSA && DTLS_ENABLE_SHA384},   /* rsa_pss_rsae_sha384 */
    {0x0401, T_RSA},                         /* rsa_pkcs1_sha256 */
    {0x0501, T_RSA && DTLS_ENABLE_SHA384},   /* rsa_pkcs1_sha384 */
};

/* The enabled candidates of kind (0 PSK, 1 ECDHE_PSK, 2 ECDHE_ECDSA, 3
 * ECDHE_RSA; -1 any) as big-endian bytes; returns the count. */
static size_t t_list(const t_cand *c, size_t n, int kind, uint8_t *out)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        int kd = i < 5 ? 0 : i == 5 ? 1 : i < 10 ? 2 : 3;
        if (!c[i].on || (kind >= 0 && kd != kind))
            continue;
        out[2 * k] = (uint8_t)(c[i].v >> 8);
        out[2 * k + 1] = (uint8_t)c[i].v;
        k++;
    }
    return k;
}

/* The first default suite of a kind, 0 if the build has none. */
static uint16_t t_first(int kind)
{
    uint8_t b[2 * T_N_SUITES];
    if (t_list(t_suites, T_N_SUITES, kind, b) == 0)
        return 0;
    return (uint16_t)(((unsigned)b[0] << 8) | b[1]);
}

/* ---- the group recorder (an ECDH hook that hands every call to software) ---- */

static int t_side[2] = {0, 1};
static int t_group[2];   /* the group side 0 (client) / 1 (server) generated a share for */
static int t_keygens[2]; /* how many times */

static int t_keygen(void *user, int group, dtls_crypto_key *priv, uint8_t *pub, size_t *pub_len)
{
    int s = *(int *)user;
    (void)priv;
    (void)pub;
    (void)pub_len;
    t_group[s] = group;
    t_keygens[s]++;
    return DTLS_ERR_UNSUPPORTED; /* software does it */
}

static int t_shared(void *user, int group, const dtls_crypto_key *priv, const uint8_t *peer, size_t peer_len,
                    uint8_t *secret, size_t *secret_len)
{
    (void)user;
    (void)group;
    (void)priv;
    (void)peer;
    (void)peer_len;
    (void)secret;
    (void)secret_len;
    FAIL("a software ECDH key reached the hook");
    return DTLS_ERR_BAD_ARG;
}

/* w_setup(0) (PSK on both sides, every setting default) with the recorder. */
static void t_setup(void)
{
    int i;
    w_setup(0);
    for (i = 0; i < 2; i++) {
        W.hooks[i].user = &t_side[i];
        W.hooks[i].ecdh_keygen = t_keygen;
        W.hooks[i].ecdh_shared = t_shared;
        t_group[i] = 0;
        t_keygens[i] = 0;
    }
}

/* Both sides established with suite over group (0: no ECDHE), data both ways. */
static void t_check(uint16_t suite, int group)
{
    CHECK_EQ(dtls_conn_suite(&W.c), suite);
    CHECK_EQ(dtls_conn_suite(&W.s), suite);
    CHECK_EQ(W.connected, 1);
    CHECK_EQ(t_keygens[0], group ? 1 : 0);
    CHECK_EQ(t_keygens[1], group ? 1 : 0);
    CHECK_EQ(t_group[0], group);
    CHECK_EQ(t_group[1], group);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    w_pump();
    CHECK_EQ(W.got_len, 4);
    CHECK_MEM(W.got, "ping", 4);
    W.got_len = 0;
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"pong!", 5), 5);
    w_pump();
    CHECK_EQ(W.got_len, 5);
    CHECK_MEM(W.got, "pong!", 5);
}

/* The ClientHello queued for the server: its parsed body. */
static int t_client_hello(dtls__client_hello *ch)
{
    const uint8_t *d = W.q[1][0];
    size_t len = W.qlen[1][0];
    CHECK_EQ(W.qn[1], 1);
    if (W.qn[1] != 1 || len < 25 || d[0] != 22 || d[13] != DTLS__HS_CLIENT_HELLO)
        return -1;
    return dtls__msg_parse_client_hello(ch, d + 25, len - 25);
}

/* The raw list (NULL when absent) is exactly want[0..2n). */
static void t_check_list(const uint8_t *got, size_t got_len, const uint8_t *want, size_t n)
{
    if (n == 0) {
        CHECK(got == NULL);
        return;
    }
    CHECK(got != NULL);
    CHECK_EQ(got_len, 2 * n);
    if (got != NULL && got_len == 2 * n)
        CHECK_MEM(got, want, 2 * n);
}

/* ---- PSK ---- */

TEST(psk_defaults)
{
    uint16_t want = t_first(0);
    dtls__client_hello ch;
    uint8_t b[2 * T_N_SUITES], g[4];
    size_t n, ng;

    t_setup();
    if (want == 0) { /* no AEAD at all: nothing to offer */
        CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
        return;
    }
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    /* what a PSK client offers by default: every PSK suite of the build,
     * the groups when ECDHE_PSK is among them, the signature schemes */
    CHECK_EQ(t_client_hello(&ch), 0);
    n = t_list(t_suites, T_N_SUITES, 0, b);
    n += t_list(t_suites, T_N_SUITES, 1, b + 2 * n);
    t_check_list(ch.suites, ch.suites_len, b, n);
    ng = t_first(1) ? t_list(t_groups_all, 2, -1, g) : 0;
    t_check_list(ch.groups, ch.groups_len, g, ng);
    n = t_list(t_sigs, sizeof(t_sigs) / sizeof(t_sigs[0]), -1, b);
    t_check_list(ch.sig_algs, ch.sig_algs_len, b, n);
    CHECK_EQ(w_finish(), 0);
    t_check(want, 0);
}

/* ---- ECDHE_PSK ---- */

/* side 0: the client lists only ECDHE_PSK (groups default), the server is
 * all defaults; side 1: the other way round.  group: the client's only group
 * (0: default). */
static void t_ecdhe_psk(int side, uint16_t group, int want_group)
{
    static uint16_t s[1] = {DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
    static uint16_t g[1];
    t_setup();
    if (side == 0) {
        W.cc.suites = s;
        W.cc.n_suites = 1;
    } else {
        W.sc.suites = s;
        W.sc.n_suites = 1;
    }
    if (group) {
        g[0] = group;
        W.cc.groups = g;
        W.cc.n_groups = 1;
    }
    CHECK_EQ(w_handshake(), 0);
    t_check(DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, want_group);
}

TEST(ecdhe_psk_defaults)
{
    size_t i;
    if (t_first(1) == 0) {
        test_skip("ecdhe_psk_defaults", "no ECDHE_PSK suite in this build (ChaCha20-Poly1305 or every group compiled out)");
        return;
    }
    t_ecdhe_psk(0, 0, T_GROUP1);
    t_ecdhe_psk(1, 0, T_GROUP1);
    /* each group of the build is in the server's default list */
    for (i = 0; i < 2; i++)
        if (t_groups_all[i].on)
            t_ecdhe_psk(0, t_groups_all[i].v, t_groups_all[i].v);
}

/* ---- groups named explicitly ---- */

static int t_init_with_group(uint16_t group, int ecdh_hook)
{
    static uint16_t g[1];
    t_setup();
    if (!ecdh_hook) {
        W.hooks[0].ecdh_keygen = NULL;
        W.hooks[0].ecdh_shared = NULL;
    }
    g[0] = group;
    W.cc.groups = g;
    W.cc.n_groups = 1;
    return dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1);
}

TEST(explicit_groups)
{
    size_t i;
    if (t_first(0) == 0 && t_first(1) == 0) {
        test_skip("explicit_groups", "no PSK suite in this build");
        return;
    }
    /* a group the protocol core does not implement: refused, hook or not */
    CHECK_EQ(t_init_with_group(DTLS_GROUP_SECP384R1, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(t_init_with_group(DTLS_GROUP_SECP384R1, 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(t_init_with_group(0, 0), DTLS_ERR_BAD_ARG);
    for (i = 0; i < 2; i++) {
        /* compiled in: accepted; compiled out: refused, unless an ECDH hook may provide it */
        CHECK_EQ(t_init_with_group(t_groups_all[i].v, 0), t_groups_all[i].on ? 0 : DTLS_ERR_BAD_ARG);
        CHECK_EQ(t_init_with_group(t_groups_all[i].v, 1), 0);
    }
}

/* ---- certificates ---- */

#if DTLS_ENABLE_CERTS
static dtls_private_key k_srv, k_cli;
static dtls_credential c_srv, c_cli;
static uint8_t b_srv[2048], b_cli[2048];
static dtls_blob anchors[2];
#if DTLS_ENABLE_RSA
static dtls_private_key k_rsrv;
static dtls_credential c_rsrv;
static uint8_t b_rsrv[2048];
#endif

static void t_creds(void)
{
    dtls_blob chain[2];
    CHECK_EQ(harness_srv_key(&k_srv), 0);
    CHECK_EQ(dtls_private_key_parse(&k_cli, cd_cli_key, sizeof(cd_cli_key)), 0);
    CHECK_EQ(harness_srv_cred(&c_srv, b_srv, sizeof(b_srv), 2, &k_srv), 0);
    chain[0].data = cd_cli;
    chain[0].len = sizeof(cd_cli);
    chain[1].data = cd_inter;
    chain[1].len = sizeof(cd_inter);
    CHECK_EQ(dtls_credential_init(&c_cli, b_cli, sizeof(b_cli), chain, 2, &k_cli), 0);
    harness_root_anchor(&anchors[0]);
    anchors[1].data = cd_rroot;
    anchors[1].len = sizeof(cd_rroot);
#if DTLS_ENABLE_RSA
    CHECK_EQ(dtls_private_key_parse(&k_rsrv, cd_rsrv_key, sizeof(cd_rsrv_key)), 0);
    chain[0].data = cd_rsrv;
    chain[0].len = sizeof(cd_rsrv);
    CHECK_EQ(dtls_credential_init(&c_rsrv, b_rsrv, sizeof(b_rsrv), chain, 1, &k_rsrv), 0);
#endif
}

/* Certificates only (no PSK on either side), every setting default; the
 * server presents cred, the client trusts both roots. */
static void t_cert_setup(const dtls_credential *cred)
{
    t_setup();
    w_certs(cred, anchors, 2, harness_wall);
}

/* The CertificateRequest in the server's queued flight (unfragmented). */
static int t_cert_request(dtls__cert_request *cr)
{
    int i;
    for (i = 0; i < W.qn[0]; i++) {
        size_t off[8], rl[8], k, n = records(W.q[0][i], W.qlen[0][i], off, rl, 8);
        for (k = 0; k < n; k++) {
            const uint8_t *r = W.q[0][i] + off[k];
            size_t ml, fo, fl;
            if (r[0] != 22 || r[3] != 0 || r[4] != 0 || rl[k] < 25 || r[13] != DTLS__HS_CERTIFICATE_REQUEST)
                continue;
            ml = ((size_t)r[14] << 16) | ((size_t)r[15] << 8) | r[16];
            fo = ((size_t)r[19] << 16) | ((size_t)r[20] << 8) | r[21];
            fl = ((size_t)r[22] << 16) | ((size_t)r[23] << 8) | r[24];
            if (fo == 0 && fl == ml && rl[k] == 25 + ml)
                return dtls__msg_parse_certificate_request(cr, r + 25, ml);
        }
    }
    return -1;
}

TEST(ecdhe_ecdsa_defaults)
{
    uint16_t want = t_first(2);
    dtls__client_hello ch;
    dtls__cert_request cr;
    uint8_t b[2 * T_N_SUITES], g[4];
    size_t n, ng;
    int mutual;

    if (want == 0) {
        test_skip("ecdhe_ecdsa_defaults", "no ECDHE_ECDSA suite in this build");
        return;
    }
    t_creds();
    for (mutual = 0; mutual < 2; mutual++) {
        t_cert_setup(&c_srv);
        if (mutual) {
            W.cc.cred = &c_cli;
            W.sc.verify_client = DTLS_VERIFY_REQUIRED;
        }
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        /* what a certificate client offers by default */
        CHECK_EQ(t_client_hello(&ch), 0);
        n = t_list(t_suites, T_N_SUITES, 2, b);
        n += t_list(t_suites, T_N_SUITES, 3, b + 2 * n);
        t_check_list(ch.suites, ch.suites_len, b, n);
        ng = t_list(t_groups_all, 2, -1, g);
        t_check_list(ch.groups, ch.groups_len, g, ng);
        n = t_list(t_sigs, sizeof(t_sigs) / sizeof(t_sigs[0]), -1, b);
        t_check_list(ch.sig_algs, ch.sig_algs_len, b, n);
        if (mutual) {
            /* the CertificateRequest names the types and the schemes of the
             * build whose hash is the suite's PRF hash (SHA-256 here) */
            static const uint8_t types_rsa[2] = {64, 1};
            static const uint8_t sigs[6] = {0x04, 0x03, 0x08, 0x04, 0x04, 0x01};
            deliver(1);
            memset(&cr, 0, sizeof(cr));
            CHECK_EQ(t_cert_request(&cr), 0);
            CHECK_EQ(cr.types_len, T_RSA ? 2 : 1);
            CHECK_EQ(cr.sig_algs_len, T_RSA ? 6 : 2);
            if (cr.types_len == (T_RSA ? 2u : 1u) && cr.sig_algs_len == (T_RSA ? 6u : 2u)) {
                CHECK_MEM(cr.types, types_rsa, cr.types_len);
                CHECK_MEM(cr.sig_algs, sigs, cr.sig_algs_len);
            }
        }
        CHECK_EQ(w_finish(), 0);
        t_check(want, T_GROUP1);
        CHECK_EQ(dtls_conn_cert_error(&W.c), 0);
    }
}

TEST(ecdhe_rsa_defaults)
{
#if DTLS_ENABLE_RSA
    uint16_t want = t_first(3);
    if (want == 0) {
        test_skip("ecdhe_rsa_defaults", "no ECDHE_RSA suite in this build (no AES-GCM, no ChaCha20-Poly1305)");
        return;
    }
    t_creds();
    t_cert_setup(&c_rsrv);
    CHECK_EQ(w_handshake(), 0);
    t_check(want, T_GROUP1);
    CHECK_EQ(dtls_conn_cert_error(&W.c), 0);
#else
    test_skip("ecdhe_rsa_defaults", "RSA compiled out");
#endif
}
#else
TEST(ecdhe_ecdsa_defaults)
{
    test_skip("ecdhe_ecdsa_defaults", "certificates compiled out (DTLS_ENABLE_CERTS=0)");
}

TEST(ecdhe_rsa_defaults)
{
    test_skip("ecdhe_rsa_defaults", "certificates compiled out (DTLS_ENABLE_CERTS=0)");
}
#endif /* DTLS_ENABLE_CERTS */

int main(void)
{
    RUN(psk_defaults);
    RUN(ecdhe_psk_defaults);
    RUN(explicit_groups);
    RUN(ecdhe_ecdsa_defaults);
    RUN(ecdhe_rsa_defaults);
    return test_done();
}
