/* test_cert_hs.c - certificate handshakes over the in-memory world
 * (world.h): every ECDHE_ECDSA / ECDHE_RSA suite, client certificates
 * (none / optional / required), the refusals with their exact alerts and
 * certificate errors, raw public keys (RFC 7250), the verify callback, a
 * signing hook that works for 5 s while the peer retransmits, a key that
 * lives only in a (fake) secure element, and the
 * certificate-without-CertificateVerify bypass.  The server's ECDSA
 * credential, its root and the wall clock's time come from harness.h (through
 * world.h); the wall clock here can be moved (wall). */
#include "world.h"

static dtls_private_key k_srv, k_cli, k_rsrv;
static dtls_credential c_srv, c_cli, c_rsrv;
static uint8_t b_srv[2048], b_cli[2048], b_rsrv[2048];
static dtls_blob anchors[2];
static int64_t wall = HARNESS_WALL_TIME;
static int verify_calls, verify_answer, verify_last_verdict, verify_last_rpk;

static int t_wall(void *user, int64_t *t)
{
    (void)user;
    *t = wall;
    return 0;
}

static int t_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    verify_calls++;
    verify_last_verdict = pc->verdict;
    verify_last_rpk = pc->is_rpk;
    return verify_answer;
}

/* RPK trust: the peer's SubjectPublicKeyInfo must be the expected one. */
static const uint8_t *rpk_expect;
static int t_verify_rpk(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    verify_calls++;
    return pc->is_rpk && pc->n == 1 && pc->chain[0].len == 91 && memcmp(pc->chain[0].data, rpk_expect, 91) == 0
               ? 0
               : DTLS_ALERT_BAD_CERTIFICATE;
}

static void t_creds(void)
{
    dtls_blob chain[2];
    CHECK_EQ(harness_srv_key(&k_srv), 0);
    CHECK_EQ(dtls_private_key_parse(&k_cli, cd_cli_key, sizeof(cd_cli_key)), 0);
    CHECK_EQ(dtls_private_key_parse(&k_rsrv, cd_rsrv_key, sizeof(cd_rsrv_key)), 0);
    CHECK_EQ(harness_srv_cred(&c_srv, b_srv, sizeof(b_srv), 2, &k_srv), 0);
    chain[0].data = cd_cli;
    chain[0].len = sizeof(cd_cli);
    chain[1].data = cd_inter;
    chain[1].len = sizeof(cd_inter);
    CHECK_EQ(dtls_credential_init(&c_cli, b_cli, sizeof(b_cli), chain, 2, &k_cli), 0);
    chain[0].data = cd_rsrv;
    chain[0].len = sizeof(cd_rsrv);
    CHECK_EQ(dtls_credential_init(&c_rsrv, b_rsrv, sizeof(b_rsrv), chain, 1, &k_rsrv), 0);
    /* a chain whose leaf is not the key's */
    CHECK_EQ(dtls_credential_init(&c_rsrv, b_rsrv, sizeof(b_rsrv), chain, 1, &k_srv), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_credential_init(&c_rsrv, b_rsrv, sizeof(b_rsrv), chain, 1, &k_rsrv), 0);
    harness_root_anchor(&anchors[0]);
    anchors[1].data = cd_rroot;
    anchors[1].len = sizeof(cd_rroot);
}

/* A certificate world: PSK removed, the server presents cred, the client
 * trusts both roots and expects "localhost". */
static void t_setup(uint16_t suite, const dtls_credential *cred)
{
    w_setup(suite);
    w_certs(cred, anchors, 2, t_wall);
    wall = HARNESS_WALL_TIME;
    verify_calls = 0;
    verify_answer = 0;
}

static const uint16_t ecdsa_suites[] = {
    DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
static const uint16_t rsa_suites[] = {DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                                      DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};

/* Data both ways over an established pair. */
static void t_data(void)
{
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

TEST(every_certificate_suite)
{
    size_t i, g;
    static const uint16_t groups[2][1] = {{DTLS_GROUP_X25519}, {DTLS_GROUP_SECP256R1}};
    t_creds();
    for (i = 0; i < sizeof(ecdsa_suites) / sizeof(ecdsa_suites[0]) + sizeof(rsa_suites) / sizeof(rsa_suites[0]);
         i++) {
        int rsa = i >= sizeof(ecdsa_suites) / sizeof(ecdsa_suites[0]);
        uint16_t s = rsa ? rsa_suites[i - 4] : ecdsa_suites[i];
        for (g = 0; g < 2; g++) {
            t_setup(s, rsa ? &c_rsrv : &c_srv);
            W.cc.groups = groups[g];
            W.cc.n_groups = 1;
            CHECK_EQ(w_handshake(), 0);
            CHECK_EQ(dtls_conn_suite(&W.c), s);
            CHECK_EQ(W.connected, 1);
            CHECK_EQ(dtls_conn_cert_error(&W.c), 0);
            t_data();
        }
    }
}

TEST(default_suites_pick_certificates)
{
    t_creds();
    t_setup(0, &c_srv);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
    t_setup(0, &c_rsrv);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
}

/* The server's fatal alert as the client sees it, and the client's error. */
static void t_expect_client_refuses(int cert_err, uint8_t alert)
{
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_SENT(alert));
    CHECK_EQ(dtls_conn_cert_error(&W.c), cert_err);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(alert));
    CHECK_EQ(W.closed, 1); /* the server saw the alert */
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_RECEIVED(alert));
}

TEST(client_refusals)
{
    t_creds();
    /* the expected name is not the certificate's */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.server_name = "example.com";
    t_expect_client_refuses(DTLS_ERR_CERT_NAME, DTLS_ALERT_CERTIFICATE_UNKNOWN);
    /* no path to a trust anchor */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.trust_anchors = anchors + 1; /* the RSA root only */
    W.cc.n_trust_anchors = 1;
    t_expect_client_refuses(DTLS_ERR_CERT_UNKNOWN_CA, DTLS_ALERT_UNKNOWN_CA);
    /* expired (the clock 200 years on) */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    wall = HARNESS_WALL_TIME + INT64_C(200) * 365 * 86400;
    t_expect_client_refuses(DTLS_ERR_CERT_EXPIRED, DTLS_ALERT_CERTIFICATE_EXPIRED);
    /* the verify callback rejects with its own alert, and sees the verdict */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.verify = t_verify;
    verify_answer = DTLS_ALERT_ACCESS_DENIED;
    t_expect_client_refuses(DTLS_ERR_CERT_REJECTED, DTLS_ALERT_ACCESS_DENIED);
    CHECK_EQ(verify_calls, 1);
    CHECK_EQ(verify_last_verdict, 0);
    /* a negative answer: bad_certificate */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.verify = t_verify;
    verify_answer = -1;
    t_expect_client_refuses(DTLS_ERR_CERT_REJECTED, DTLS_ALERT_BAD_CERTIFICATE);
    /* the callback may accept what the library refuses (a pinned certificate) */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.server_name = "example.com";
    W.cc.verify = t_verify;
    verify_answer = 0;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(verify_last_verdict, DTLS_ERR_CERT_NAME);
    /* an IP literal is matched against iPAddress and not sent as SNI */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.server_name = "127.0.0.1";
    CHECK_EQ(w_handshake(), 0);
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.server_name = "127.0.0.2";
    t_expect_client_refuses(DTLS_ERR_CERT_NAME, DTLS_ALERT_CERTIFICATE_UNKNOWN);
}

TEST(clock_rules)
{
    t_creds();
    /* a verifier without a clock must say so */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.wall_time = NULL;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
    W.cc.flags = DTLS_CFG_NO_CLOCK;
    wall = HARNESS_WALL_TIME + INT64_C(200) * 365 * 86400; /* not consulted */
    CHECK_EQ(w_handshake(), 0);
}

TEST(client_certificates)
{
    t_creds();
    /* required, and given */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.sc.verify = t_verify;
    W.cc.cred = &c_cli;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(verify_calls, 1);
    CHECK_EQ(verify_last_verdict, 0);
    t_data();
    /* SHA-384 suite: the CertificateVerify uses SHA-384 */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    CHECK_EQ(w_handshake(), 0);
    /* RSA server, ECDSA client certificate */
    t_setup(DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, &c_rsrv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    CHECK_EQ(w_handshake(), 0);
    /* optional, and none: the client sends an empty Certificate */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_OPTIONAL;
    CHECK_EQ(w_handshake(), 0);
    /* required, and none: handshake_failure from the server */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_HANDSHAKE_FAILURE));
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_HANDSHAKE_FAILURE));
    /* a client certificate the server's anchors do not reach: unknown_ca */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.sc.trust_anchors = anchors + 1;
    W.sc.n_trust_anchors = 1;
    W.cc.cred = &c_cli;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_CA));
    CHECK_EQ(dtls_conn_cert_error(&W.s), DTLS_ERR_CERT_UNKNOWN_CA);
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNKNOWN_CA));
    /* the server's certificate presented as a client's: wrong extendedKeyUsage */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_srv;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNSUPPORTED_CERTIFICATE));
}

TEST(raw_public_keys)
{
    t_creds();
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.flags = DTLS_CFG_RPK;
    W.sc.flags = DTLS_CFG_RPK;
    W.cc.trust_anchors = NULL;
    W.cc.n_trust_anchors = 0;
    W.cc.verify = t_verify_rpk;
    W.sc.verify = t_verify_rpk;
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    /* each side expects the other's key: the client checks the server's */
    rpk_expect = c_srv.dtls__rpk_msg + 3;
    W.cc.user = &W.e[0];
    {
        /* both callbacks share rpk_expect: make the server trust the client's
         * key by presenting the same key on both sides */
        W.cc.cred = &c_srv;
    }
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(verify_calls, 2);
    t_data();
    /* an unexpected key: the callback's alert */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.flags = DTLS_CFG_RPK;
    W.sc.flags = DTLS_CFG_RPK;
    W.cc.n_trust_anchors = 0;
    W.cc.verify = t_verify_rpk;
    rpk_expect = c_cli.dtls__rpk_msg + 3;
    t_expect_client_refuses(DTLS_ERR_CERT_REJECTED, DTLS_ALERT_BAD_CERTIFICATE);
    /* RPK client against an X.509-only server: unsupported_certificate */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.cc.flags = DTLS_CFG_RPK;
    W.cc.n_trust_anchors = 0;
    W.cc.verify = t_verify_rpk;
    rpk_expect = c_srv.dtls__rpk_msg + 3;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNSUPPORTED_CERTIFICATE));
}

/* Limits on the peer's Certificate message: more than DTLS_MAX_CERT_MSG
 * bytes, or more than DTLS_MAX_CHAIN certificates: bad_certificate with
 * DTLS_ERR_CERT_TOO_BIG. */
TEST(certificate_message_limits)
{
    static uint8_t buf[8192];
    dtls_credential big;
    dtls_blob chain[8];
    size_t n = 0, total = 3;
    t_creds();
    /* 5 certificates (about 2 KB): over the chain limit */
    chain[n].data = cd_srv, chain[n++].len = sizeof(cd_srv);
    chain[n].data = cd_inter, chain[n++].len = sizeof(cd_inter);
    chain[n].data = cd_root, chain[n++].len = sizeof(cd_root);
    chain[n].data = cd_root, chain[n++].len = sizeof(cd_root);
    chain[n].data = cd_root, chain[n++].len = sizeof(cd_root);
    CHECK_EQ(DTLS_MAX_CHAIN, 4);
    CHECK_EQ(dtls_credential_init(&big, buf, sizeof(buf), chain, n, &k_srv), 0);
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &big);
    t_expect_client_refuses(DTLS_ERR_CERT_TOO_BIG, DTLS_ALERT_BAD_CERTIFICATE);
    /* over 4096 bytes (in 4 certificates): refused when its first fragment arrives */
    n = 0;
    chain[n].data = cd_srv, chain[n++].len = sizeof(cd_srv);
    while (n < 4) {
        chain[n].data = cd_rsrv, chain[n++].len = sizeof(cd_rsrv);
    }
    for (n = 0; n < 4; n++)
        total += 3 + chain[n].len;
    CHECK(total <= DTLS_MAX_CERT_MSG); /* 4 fit: make one bigger with the RSA root twice more */
    CHECK_EQ(dtls_credential_init(&big, buf, sizeof(buf), chain, 4, &k_srv), 0);
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &big);
    W.cc.verify = t_verify; /* accepts the odd chain: only the size matters here */
    CHECK_EQ(w_handshake(), 0);
    chain[4].data = cd_rroot, chain[4].len = sizeof(cd_rroot);
    chain[5].data = cd_rroot, chain[5].len = sizeof(cd_rroot);
    CHECK_EQ(dtls_credential_init(&big, buf, sizeof(buf), chain, 6, &k_srv), 0);
    CHECK(big.dtls__chain_len > DTLS_MAX_CERT_MSG);
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &big);
    t_expect_client_refuses(DTLS_ERR_CERT_TOO_BIG, DTLS_ALERT_BAD_CERTIFICATE);
}

/* ---- a signing hook that works for 5 s (a secure element) ---- */
static int sign_starts, sign_calls;
static uint32_t sign_started_at;
static const uint8_t *sign_last_hash;
static uint8_t sign_hash[48];
static dtls_private_key se_key; /* what the "secure element" holds */
static int t_sign_slow(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                       uint8_t *sig)
{
    (void)user;
    sign_calls++;
    if (sign_last_hash == NULL || memcmp(sign_hash, hash, hash_len) != 0) {
        sign_starts++; /* a new signature */
        memcpy(sign_hash, hash, hash_len);
        sign_last_hash = sign_hash;
        sign_started_at = W.now;
    }
    if ((uint32_t)(W.now - sign_started_at) < 5000)
        return DTLS_ERR_IN_PROGRESS;
    CHECK_EQ(group, DTLS_GROUP_SECP256R1);
    CHECK_EQ(priv->by_hook, 1);
    CHECK_EQ(priv->bytes[0], 0x5E); /* the slot handle, not a key */
    return dtls_p256_ecdsa_sign(sig, se_key.ec.bytes, hash, hash_len, (dtls_random_fn)0, NULL);
}

TEST(signing_hook_in_progress)
{
    dtls_private_key handle_key;
    dtls_credential cred;
    dtls_crypto_key slot;
    uint8_t buf[2048];
    int i, server_dgrams;
    t_creds();
    se_key = k_srv;
    memset(&slot, 0, sizeof(slot));
    slot.by_hook = 1;
    slot.bytes[0] = 0x5E;
    slot.len = 1;
    CHECK_EQ(dtls_private_key_from_handle(&handle_key, &slot, k_srv.ec_pub), 0);
    CHECK_EQ(harness_srv_cred(&cred, buf, sizeof(buf), 2, &handle_key), 0);
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &cred);
    W.cc.retransmit_initial_ms = 500; /* the client retransmits at 0.5, 1.5 and 3.5 s */
    W.hooks[1].ecdsa_sign = t_sign_slow;
    sign_starts = sign_calls = 0;
    sign_last_hash = NULL;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    /* the client retransmits its ClientHello at 1, 3 (and 7) s; the server
     * signs for 5 s and sends nothing meanwhile */
    for (i = 0; i < 80 && !dtls_conn_is_established(&W.c); i++) { /* 250 ms steps */
        w_pump();
        W.now += 250;
        (void)dtls_conn_timer(&W.c);
        (void)dtls_conn_timer(&W.s);
    }
    w_pump();
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(sign_starts, 1);
    CHECK(sign_calls > 1);
    CHECK_EQ(retx_of(&W.c), 3);  /* the client retransmitted 3 times while the server signed ... */
    CHECK_EQ(W.sent[0], 1 + 3 * 2 + 1); /* ... two copies each (retransmit_copies), then flight 5 */
    server_dgrams = W.sent[1];
    CHECK_EQ(server_dgrams, 2); /* flight 4 exactly once, then CCS + Finished */
    t_data();
}

/* ---- the certificate-without-CertificateVerify bypass ---- */
static int sign_pause;
static int t_sign_pause(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                        uint8_t *sig)
{
    (void)user;
    (void)group;
    (void)priv;
    (void)hash;
    (void)hash_len;
    (void)sig;
    if (sign_pause) {
        sign_pause = 0;
        return DTLS_ERR_IN_PROGRESS;
    }
    return DTLS_ERR_UNSUPPORTED; /* software signs */
}

/* A required client certificate whose client pauses once at its
 * CertificateVerify: connected and pumped until the client stops there
 * (its Certificate and ClientKeyExchange written). */
static void t_start_paused_client(void)
{
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    W.hooks[0].ecdsa_sign = t_sign_pause;
    sign_pause = 1;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    w_pump();
}

TEST(certificate_without_certificate_verify)
{
    t_creds();
    t_start_paused_client();
    CHECK(W.c.dtls__hs != NULL && W.c.dtls__hs->dtls__pending);
    if (W.c.dtls__hs == NULL)
        return;
    /* a hostile client: it skips its CertificateVerify (DTLS__HSP_CV of
     * handshake.c marks it done), so its Finished takes that message_seq */
    W.c.dtls__hs->dtls__progress |= 0x40;
    (void)dtls_conn_timer(&W.c);
    w_pump();
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNEXPECTED_MESSAGE));
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNEXPECTED_MESSAGE));
    /* the same client, honest: it completes */
    t_start_paused_client();
    (void)dtls_conn_timer(&W.c);
    w_pump();
    CHECK(dtls_conn_is_established(&W.c));
}

/* ---- hash hooks that answer "in progress" every other call ---- */
static int hh_calls, hh_busy;
static int hh_step(void)
{
    hh_calls++;
    if (hh_calls & 1) {
        hh_busy++;
        return 1;
    }
    return 0;
}
static int t_hash_init(void *user, dtls_hash_ctx *ctx, int alg)
{
    (void)user;
    if (hh_step())
        return DTLS_ERR_IN_PROGRESS;
    if (alg == DTLS_HASH_SHA384)
        dtls_sha384_init((dtls_sha512_ctx *)(void *)ctx->u.hook_state);
    else
        dtls_sha256_init((dtls_sha256_ctx *)(void *)ctx->u.hook_state);
    return 0;
}
static int t_hash_update(void *user, dtls_hash_ctx *ctx, const uint8_t *data, size_t len)
{
    (void)user;
    if (hh_step())
        return DTLS_ERR_IN_PROGRESS;
    if (ctx->alg == DTLS_HASH_SHA384)
        dtls_sha384_update((dtls_sha512_ctx *)(void *)ctx->u.hook_state, data, len);
    else
        dtls_sha256_update((dtls_sha256_ctx *)(void *)ctx->u.hook_state, data, len);
    return 0;
}
static int t_hash_final(void *user, dtls_hash_ctx *ctx, uint8_t *out)
{
    (void)user;
    if (hh_step())
        return DTLS_ERR_IN_PROGRESS;
    if (ctx->alg == DTLS_HASH_SHA384)
        dtls_sha384_final((dtls_sha512_ctx *)(void *)ctx->u.hook_state, out);
    else
        dtls_sha256_final((dtls_sha256_ctx *)(void *)ctx->u.hook_state, out);
    return 0;
}

static int t_random_busy(void *user, uint8_t *out, size_t len)
{
    if (hh_step())
        return DTLS_ERR_IN_PROGRESS;
    return w_random(user, out, len);
}

/* The transcript (and the ServerKeyExchange / CertificateVerify hashes) go
 * through hash hooks that answer "in progress" every other call, on both
 * sides, and so does the random source: the handshake completes (the hash
 * and random entries are polled). */
TEST(hash_hook_in_progress)
{
    static const uint16_t suites[3] = {DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                       DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
    int i, side;
    t_creds();
    for (i = 0; i < 3; i++) {
        t_setup(suites[i], i == 2 ? &c_rsrv : &c_srv);
        W.sc.verify_client = DTLS_VERIFY_REQUIRED;
        W.cc.cred = &c_cli;
        for (side = 0; side < 2; side++) {
            W.hooks[side].hash_init = t_hash_init;
            W.hooks[side].hash_update = t_hash_update;
            W.hooks[side].hash_final = t_hash_final;
            if (i == 2)
                W.hooks[side].random = t_random_busy;
        }
        hh_calls = hh_busy = 0;
        CHECK_EQ(w_handshake(), 0);
        CHECK(hh_busy > 20); /* the transcript went through the hooks, each call answered "in progress" first */
        CHECK_EQ(hh_calls, 2 * hh_busy);
        t_data();
    }
}

/* ---- signatures that do not verify: decrypt_error ---- */
static int t_sign_wrong(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                        uint8_t *sig)
{
    uint8_t h[48];
    (void)user;
    (void)group;
    memcpy(h, hash, hash_len);
    h[0] ^= 1; /* a valid signature, of another hash */
    return dtls_p256_ecdsa_sign(sig, priv->bytes, h, hash_len, (dtls_random_fn)0, NULL);
}

TEST(bad_signatures)
{
    t_creds();
    /* the server's ServerKeyExchange signature */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    W.hooks[1].ecdsa_sign = t_sign_wrong;
    t_expect_client_refuses(0, DTLS_ALERT_DECRYPT_ERROR);
    /* the client's CertificateVerify */
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, &c_srv);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    W.hooks[0].ecdsa_sign = t_sign_wrong;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_DECRYPT_ERROR));
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_DECRYPT_ERROR));
}

/* ---- the server's credential chosen by SNI ---- */
static char sni_seen[64];
static size_t sni_seen_len;
static int sni_calls;
static const dtls_credential *t_select(void *user, const uint8_t *sni, size_t sni_len)
{
    (void)user;
    sni_calls++;
    sni_seen_len = sni_len < sizeof(sni_seen) ? sni_len : sizeof(sni_seen) - 1;
    if (sni_seen_len)
        memcpy(sni_seen, sni, sni_seen_len);
    sni_seen[sni_seen_len] = 0;
    return sni_len == 9 && memcmp(sni, "localhost", 9) == 0 ? &c_rsrv : NULL;
}

TEST(credential_by_sni)
{
    t_creds();
    /* "localhost" is sent as SNI: the RSA credential, the RSA suite */
    t_setup(0, &c_srv);
    W.sc.select_cred = t_select;
    sni_calls = 0;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(sni_calls, 1);
    CHECK_EQ(strcmp(sni_seen, "localhost"), 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    /* an IP literal is not sent: no SNI, the default credential (ECDSA) */
    t_setup(0, &c_srv);
    W.sc.select_cred = t_select;
    W.cc.server_name = "127.0.0.1";
    sni_calls = 0;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(sni_calls, 1);
    CHECK_EQ(sni_seen_len, 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
}

/* ---- a ClientHello without signature_algorithms ---- */
TEST(no_signature_algorithms)
{
    uint8_t *d;
    size_t i;
    t_creds();
    t_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, &c_srv);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    /* rename the extension (type 13) in the queued ClientHello: 00 0d 00 0e 00 0c */
    CHECK_EQ(W.qn[1], 1);
    d = W.q[1][0];
    for (i = 0; i + 4 < W.qlen[1][0]; i++)
        if (d[i] == 0 && d[i + 1] == 13 && d[i + 2] == 0 && d[i + 4] == 0 && d[i + 3] == (uint8_t)(d[i + 5] + 2)) {
            d[i + 1] = 0xEE;
            break;
        }
    CHECK(i + 4 < W.qlen[1][0]);
    w_pump();
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_HANDSHAKE_FAILURE));
}

int main(void)
{
    RUN(every_certificate_suite);
    RUN(default_suites_pick_certificates);
    RUN(client_refusals);
    RUN(clock_rules);
    RUN(client_certificates);
    RUN(raw_public_keys);
    RUN(certificate_message_limits);
    RUN(signing_hook_in_progress);
    RUN(certificate_without_certificate_verify);
    RUN(no_signature_algorithms);
    RUN(hash_hook_in_progress);
    RUN(bad_signatures);
    RUN(credential_by_sni);
    return test_done();
}
