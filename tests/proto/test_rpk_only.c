/* test_rpk_only.c - raw public keys (RFC 7250) in a build without X.509
 * (DTLS_ENABLE_X509 0, stage `disabled`), and the same program in the
 * default build, where each case states what X.509 changes:
 *   - dtls_credential_init refuses a certificate chain (DTLS_ERR_DISABLED);
 *   - endpoints configured without DTLS_CFG_RPK still use raw public keys:
 *     the ClientHello offers exactly {RawPublicKey} as server_certificate_type
 *     (and client_certificate_type with a client key), the handshake completes
 *     both ways with client authentication and the verify callbacks see the
 *     bare SubjectPublicKeyInfo (with X.509 such a client is refused by
 *     dtls_ctx_init, and with DTLS_CFG_NO_VERIFY it implies X.509, which the
 *     server, having no chain, refuses: unsupported_certificate). */
#include "world.h"

static dtls_private_key k_srv, k_cli;
static dtls_credential c_srv, c_cli;
static uint8_t b_cred[2048];
static int verify_calls[2], verify_rpk[2];
static const uint8_t *expect_spki[2];

/* Each side's callback: the peer's key must be the expected SPKI. */
static int t_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    int side = ((const ep *)user)->id;
    (void)conn;
    verify_calls[side]++;
    verify_rpk[side] = pc->is_rpk;
    if (!pc->is_rpk)
        return pc->verdict == 0 ? 0 : DTLS_ALERT_BAD_CERTIFICATE;
    return pc->n == 1 && pc->chain[0].len == 91 && memcmp(pc->chain[0].data, expect_spki[side], 91) == 0
               ? 0
               : DTLS_ALERT_BAD_CERTIFICATE;
}

/* Key-only credentials (no chain): the raw public keys of both sides. */
static void t_setup(void)
{
    CHECK_EQ(harness_srv_key(&k_srv), 0);
    CHECK_EQ(dtls_private_key_parse(&k_cli, cd_cli_key, sizeof(cd_cli_key)), 0);
    CHECK_EQ(dtls_credential_init(&c_srv, NULL, 0, NULL, 0, &k_srv), 0);
    CHECK_EQ(dtls_credential_init(&c_cli, NULL, 0, NULL, 0, &k_cli), 0);
    w_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8);
    w_certs(&c_srv, NULL, 0, harness_wall);
    W.cc.server_name = NULL;
    W.cc.verify = t_verify;
    W.sc.verify = t_verify;
    expect_spki[0] = c_srv.dtls__rpk_msg + 3;
    expect_spki[1] = c_cli.dtls__rpk_msg + 3;
    memset(verify_calls, 0, sizeof(verify_calls));
    memset(verify_rpk, 0, sizeof(verify_rpk));
}

/* The extension ext of a ClientHello datagram's extensions block (the
 * record and handshake headers are 13 + 12 bytes): its body, or NULL. */
static const uint8_t *t_ch_ext(const uint8_t *d, size_t len, uint16_t ext, size_t *elen)
{
    size_t p = 13 + 12 + 2 + 32, end;
    if (len < p + 1)
        return NULL;
    p += 1 + d[p]; /* session_id */
    if (len < p + 1)
        return NULL;
    p += 1 + d[p]; /* cookie */
    if (len < p + 2)
        return NULL;
    p += 2 + (size_t)(d[p] << 8 | d[p + 1]); /* cipher_suites */
    if (len < p + 1)
        return NULL;
    p += 1 + d[p]; /* compression_methods */
    if (len < p + 2)
        return NULL;
    end = p + 2 + (size_t)(d[p] << 8 | d[p + 1]);
    p += 2;
    while (p + 4 <= end && end <= len) {
        uint16_t t = (uint16_t)(d[p] << 8 | d[p + 1]);
        size_t l = (size_t)(d[p + 2] << 8 | d[p + 3]);
        if (p + 4 + l > end)
            return NULL;
        if (t == ext) {
            *elen = l;
            return d + p + 4;
        }
        p += 4 + l;
    }
    return NULL;
}

TEST(credential_chain)
{
    dtls_blob chain[1];
    dtls_private_key k;
    chain[0].data = cd_srv;
    chain[0].len = sizeof(cd_srv);
    CHECK_EQ(harness_srv_key(&k), 0);
    CHECK_EQ(dtls_credential_init(&c_srv, b_cred, sizeof(b_cred), chain, 1, &k),
             DTLS_ENABLE_X509 ? 0 : DTLS_ERR_DISABLED);
    /* a key alone is a raw public key credential in both builds */
    CHECK_EQ(dtls_credential_init(&c_srv, NULL, 0, NULL, 0, &k), 0);
    CHECK_EQ(c_srv.dtls__rpk_len, 94);
}

/* Neither side sets DTLS_CFG_RPK; the server requires a client key. */
TEST(raw_keys_without_the_flag)
{
    static const uint8_t rpk_only[2] = {1, 2}; /* list length 1, RawPublicKey (RFC 7250 4.1) */
    uint8_t ch[W_DMAX];
    const uint8_t *e;
    size_t n, el = 0;
    t_setup();
    W.cc.cred = &c_cli;
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    if (DTLS_ENABLE_X509) {
        /* a client without trust anchors, DTLS_CFG_NO_VERIFY or raw keys has
         * nothing to check a server with */
        CHECK_EQ(w_init(), DTLS_ERR_BAD_ARG);
        W.cc.flags = DTLS_CFG_NO_VERIFY;
    }
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    n = take(1, ch);
    CHECK(n > 0);
    e = t_ch_ext(ch, n, 20, &el); /* server_certificate_type */
    if (DTLS_ENABLE_X509) {
        CHECK(e == NULL); /* X.509 is implied (RFC 7250 4.1) */
        CHECK(t_ch_ext(ch, n, 19, &el) == NULL);
    } else {
        CHECK(e != NULL);
        CHECK_EQ(el, 2);
        if (e != NULL)
            CHECK_MEM(e, rpk_only, 2);
        e = t_ch_ext(ch, n, 19, &el); /* client_certificate_type */
        CHECK(e != NULL);
        CHECK_EQ(el, 2);
        if (e != NULL)
            CHECK_MEM(e, rpk_only, 2);
    }
    w_feed(1, ch, n);
    if (DTLS_ENABLE_X509) {
        /* the server has no chain for the X.509 the client implies */
        CHECK_EQ(w_finish(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNSUPPORTED_CERTIFICATE));
        return;
    }
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(verify_calls[0], 1);
    CHECK_EQ(verify_calls[1], 1);
    CHECK_EQ(verify_rpk[0], 1);
    CHECK_EQ(verify_rpk[1], 1);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    w_pump();
    CHECK_EQ(W.got_len, 4);
    CHECK_MEM(W.got, "ping", 4);
}

/* With the flag both builds agree: raw keys, and a key the callback does not
 * expect is refused with its alert. */
TEST(raw_keys_with_the_flag)
{
    t_setup();
    W.cc.flags = DTLS_CFG_RPK;
    W.sc.flags = DTLS_CFG_RPK;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(verify_rpk[0], 1);
    t_setup();
    W.cc.flags = DTLS_CFG_RPK;
    W.sc.flags = DTLS_CFG_RPK;
    expect_spki[0] = c_cli.dtls__rpk_msg + 3; /* not the server's key */
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_CERTIFICATE));
    CHECK_EQ(dtls_conn_cert_error(&W.c), DTLS_ERR_CERT_REJECTED);
}

int main(void)
{
    printf("DTLS_ENABLE_X509 %d\n", DTLS_ENABLE_X509);
    RUN(credential_chain);
    RUN(raw_keys_without_the_flag);
    RUN(raw_keys_with_the_flag);
    return test_done();
}
