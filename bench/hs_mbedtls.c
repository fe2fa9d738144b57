/* hs_mbedtls.c - the benchmarks' mbedTLS 2.28 side (see hs_common.h):
 * mbedtls_ssl_config with MBEDTLS_SSL_TRANSPORT_DATAGRAM for both roles,
 * DTLS 1.2 only, the case's one cipher suite and one group.
 *   - I/O: mbedtls_ssl_set_bio callbacks on the in-memory queues (recv
 *     answers MBEDTLS_ERR_SSL_WANT_READ when empty); mtu 1232.
 *   - Timer: mbedtls_ssl_set_timer_cb with a timer that never expires (it
 *     reports "running, not expired" while set), so no retransmission.
 *   - Server: HelloVerifyRequest cookies (mbedtls_ssl_cookie_setup, the
 *     library's HMAC cookie), the documented flow: the first handshake call
 *     returns MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED, the context is reset
 *     with mbedtls_ssl_session_reset and the client's transport id set again.
 *   - Client: MBEDTLS_SSL_VERIFY_REQUIRED against the root,
 *     mbedtls_ssl_set_hostname("localhost") (checked and sent as SNI);
 *     session tickets off on the client (no side sends or accepts one).
 *   - Randomness: mbedtls_ctr_drbg seeded from mbedtls_entropy (set-up). */
#include <stdio.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_cookie.h>
#include <mbedtls/x509_crt.h>

#include "hs_certs.h"
#include "hs_common.h"

typedef struct link {
    hs_queue *in, *out;
} link;

typedef struct timer {
    int armed;
} timer;

static struct {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_ssl_config cconf, sconf;
    mbedtls_ssl_cookie_ctx cookie;
    mbedtls_x509_crt root, leaf;
    mbedtls_pk_context key;
    mbedtls_ssl_context c[HS_MAX_PAIRS], s[HS_MAX_PAIRS];
    link cl, sl;
    timer ct[HS_MAX_PAIRS], st[HS_MAX_PAIRS];
    int suites[2];
    mbedtls_ecp_group_id groups[3];
} M;

static const unsigned char client_id[HS_MAX_PAIRS][4] = {{10, 0, 0, 1}, {10, 0, 0, 3}};

static int m_send(void *ctx, const unsigned char *buf, size_t len)
{
    return hs_q_push(((link *)ctx)->out, buf, len) == 0 ? (int)len : MBEDTLS_ERR_SSL_INTERNAL_ERROR;
}

static int m_recv(void *ctx, unsigned char *buf, size_t len)
{
    int n = hs_q_pop(((link *)ctx)->in, buf, len);
    return n < 0 ? MBEDTLS_ERR_SSL_WANT_READ : n;
}

static void m_set_timer(void *ctx, uint32_t int_ms, uint32_t fin_ms)
{
    (void)int_ms;
    ((timer *)ctx)->armed = fin_ms != 0;
}

static int m_get_timer(void *ctx)
{
    return ((timer *)ctx)->armed ? 0 : -1; /* 0: running, neither delay expired */
}

static int fail(const char *what, int r)
{
    char text[160];
    mbedtls_strerror(r, text, sizeof(text));
    fprintf(stderr, "hs mbedtls: %s: -0x%04x %s\n", what, (unsigned)-r, text);
    return 1;
}

static int conf(mbedtls_ssl_config *cf, int endpoint)
{
    int r = mbedtls_ssl_config_defaults(cf, endpoint, MBEDTLS_SSL_TRANSPORT_DATAGRAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (r != 0)
        return fail("mbedtls_ssl_config_defaults", r);
    mbedtls_ssl_conf_rng(cf, mbedtls_ctr_drbg_random, &M.drbg);
    mbedtls_ssl_conf_min_version(cf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_max_version(cf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_ciphersuites(cf, M.suites);
    mbedtls_ssl_conf_curves(cf, M.groups);
    return 0;
}

static const int suite_ids[HS_N_CASES] = {MBEDTLS_TLS_PSK_WITH_AES_128_CCM_8,
                                          MBEDTLS_TLS_PSK_WITH_AES_128_GCM_SHA256,
                                          MBEDTLS_TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                                          MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};

static int setup(hs_run *run)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    int r;
    static const char pers[] = "hs_cost";
    mbedtls_entropy_init(&M.entropy);
    mbedtls_ctr_drbg_init(&M.drbg);
    mbedtls_ssl_config_init(&M.cconf);
    mbedtls_ssl_config_init(&M.sconf);
    mbedtls_ssl_cookie_init(&M.cookie);
    mbedtls_x509_crt_init(&M.root);
    mbedtls_x509_crt_init(&M.leaf);
    mbedtls_pk_init(&M.key);
    M.cl.in = run->to_client;
    M.cl.out = run->to_server;
    M.sl.in = run->to_server;
    M.sl.out = run->to_client;
    M.suites[0] = suite_ids[run->hs_case];
    M.suites[1] = 0;
    if (mbedtls_ssl_ciphersuite_from_id(M.suites[0]) == NULL) {
        run->unsupported = "mbedtls: suite not compiled into Debian's libmbedtls";
        return HS_UNSUPPORTED;
    }
    M.groups[0] = ci->group == HS_GROUP_X25519 ? MBEDTLS_ECP_DP_CURVE25519 : MBEDTLS_ECP_DP_SECP256R1;
    M.groups[1] = HS_ALSO_P256(ci) ? MBEDTLS_ECP_DP_SECP256R1 : MBEDTLS_ECP_DP_NONE;
    M.groups[2] = MBEDTLS_ECP_DP_NONE;
    r = mbedtls_ctr_drbg_seed(&M.drbg, mbedtls_entropy_func, &M.entropy, (const unsigned char *)pers, sizeof(pers));
    if (r != 0)
        return fail("mbedtls_ctr_drbg_seed", r);
    if (conf(&M.cconf, MBEDTLS_SSL_IS_CLIENT) != 0 || conf(&M.sconf, MBEDTLS_SSL_IS_SERVER) != 0)
        return 1;
    mbedtls_ssl_conf_session_tickets(&M.cconf, MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
    r = mbedtls_ssl_cookie_setup(&M.cookie, mbedtls_ctr_drbg_random, &M.drbg);
    if (r != 0)
        return fail("mbedtls_ssl_cookie_setup", r);
    mbedtls_ssl_conf_dtls_cookies(&M.sconf, mbedtls_ssl_cookie_write, mbedtls_ssl_cookie_check, &M.cookie);
    if (ci->kx != HS_KX_ECDHE_ECDSA) {
        r = mbedtls_ssl_conf_psk(&M.cconf, hs_psk, sizeof(hs_psk), (const unsigned char *)HS_PSK_IDENTITY,
                                 strlen(HS_PSK_IDENTITY));
        if (r == 0)
            r = mbedtls_ssl_conf_psk(&M.sconf, hs_psk, sizeof(hs_psk), (const unsigned char *)HS_PSK_IDENTITY,
                                     strlen(HS_PSK_IDENTITY));
        if (r != 0)
            return fail("mbedtls_ssl_conf_psk", r);
    } else {
        r = mbedtls_x509_crt_parse_der(&M.root, hs_root_der, sizeof(hs_root_der));
        if (r == 0)
            r = mbedtls_x509_crt_parse_der(&M.leaf, hs_leaf_der, sizeof(hs_leaf_der));
        if (r == 0)
            r = mbedtls_pk_parse_key(&M.key, hs_leaf_key, sizeof(hs_leaf_key), NULL, 0);
        if (r == 0)
            r = mbedtls_ssl_conf_own_cert(&M.sconf, &M.leaf, &M.key);
        if (r != 0)
            return fail("certificate and key", r);
        mbedtls_ssl_conf_authmode(&M.cconf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&M.cconf, &M.root, NULL);
    }
    return 0;
}

static int make_pair(hs_run *run, int i)
{
    int r;
    mbedtls_ssl_init(&M.c[i]);
    mbedtls_ssl_init(&M.s[i]);
    r = mbedtls_ssl_setup(&M.c[i], &M.cconf);
    if (r == 0)
        r = mbedtls_ssl_setup(&M.s[i], &M.sconf);
    if (r != 0)
        return fail("mbedtls_ssl_setup", r);
    mbedtls_ssl_set_bio(&M.c[i], &M.cl, m_send, m_recv, NULL);
    mbedtls_ssl_set_bio(&M.s[i], &M.sl, m_send, m_recv, NULL);
    mbedtls_ssl_set_timer_cb(&M.c[i], &M.ct[i], m_set_timer, m_get_timer);
    mbedtls_ssl_set_timer_cb(&M.s[i], &M.st[i], m_set_timer, m_get_timer);
    mbedtls_ssl_set_mtu(&M.c[i], HS_MTU);
    mbedtls_ssl_set_mtu(&M.s[i], HS_MTU);
    r = mbedtls_ssl_set_client_transport_id(&M.s[i], client_id[i], sizeof(client_id[i]));
    if (r == 0 && hs_cases[run->hs_case].kx == HS_KX_ECDHE_ECDSA)
        r = mbedtls_ssl_set_hostname(&M.c[i], HS_SERVER_NAME);
    if (r != 0)
        return fail("transport id / hostname", r);
    return 0;
}

static int step(mbedtls_ssl_context *ssl, int *done, int server, int i)
{
    int r;
    if (*done)
        return 0;
    r = mbedtls_ssl_handshake(ssl);
    if (r == 0) {
        *done = 1;
        return 0;
    }
    if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
        return 0;
    if (server && r == MBEDTLS_ERR_SSL_HELLO_VERIFY_REQUIRED) {
        r = mbedtls_ssl_session_reset(ssl);
        if (r == 0)
            r = mbedtls_ssl_set_client_transport_id(ssl, client_id[i], sizeof(client_id[i]));
        return r == 0 ? 0 : fail("session reset after HelloVerifyRequest", r);
    }
    return fail(server ? "server handshake" : "client handshake", r);
}

static int handshake(hs_run *run, int i)
{
    int rounds, cdone = 0, sdone = 0;
    const char *want = mbedtls_ssl_get_ciphersuite_name(suite_ids[run->hs_case]);
    const char *got;
    for (rounds = 0; rounds < HS_ROUNDS; rounds++) {
        if (step(&M.c[i], &cdone, 0, i) != 0 || step(&M.s[i], &sdone, 1, i) != 0)
            return 1;
        if (cdone && sdone && run->to_client->n == 0 && run->to_server->n == 0)
            break;
    }
    if (!cdone || !sdone) {
        fprintf(stderr, "hs mbedtls: handshake did not complete\n");
        return 1;
    }
    if (hs_cases[run->hs_case].kx == HS_KX_ECDHE_ECDSA && mbedtls_ssl_get_verify_result(&M.c[i]) != 0) {
        fprintf(stderr, "hs mbedtls: server certificate not verified\n");
        return 1;
    }
    got = mbedtls_ssl_get_ciphersuite(&M.c[i]);
    if (got == NULL || strcmp(got, want) != 0 || strcmp(mbedtls_ssl_get_version(&M.c[i]), "DTLSv1.2") != 0) {
        fprintf(stderr, "hs mbedtls: negotiated %s %s\n", got ? got : "(none)", mbedtls_ssl_get_version(&M.c[i]));
        return 1;
    }
    return 0;
}

static void free_pair(int i)
{
    mbedtls_ssl_free(&M.c[i]);
    mbedtls_ssl_free(&M.s[i]);
    memset(&M.c[i], 0, sizeof(M.c[i]));
    memset(&M.s[i], 0, sizeof(M.s[i]));
}

static int close_pair(hs_run *run, int i)
{
    unsigned char b[64];
    int r = mbedtls_ssl_close_notify(&M.c[i]);
    if (r != 0)
        return fail("mbedtls_ssl_close_notify", r);
    r = mbedtls_ssl_read(&M.s[i], b, sizeof(b));
    if (r != MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
        return fail("the server did not read close_notify", r);
    free_pair(i);
    hs_q_clear(run->to_client);
    hs_q_clear(run->to_server);
    return 0;
}

static int wr(mbedtls_ssl_context *ssl, const unsigned char *data, size_t len)
{
    int r = mbedtls_ssl_write(ssl, data, len);
    return r == (int)len ? 0 : fail("mbedtls_ssl_write", r);
}

static int rd(mbedtls_ssl_context *ssl, unsigned char *out, size_t cap)
{
    int n = mbedtls_ssl_read(ssl, out, cap);
    return n > 0 ? n : -1;
}

static int c_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(&M.c[i], data, len);
}

static int s_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(&M.s[i], data, len);
}

static int c_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(&M.c[i], out, cap);
}

static int s_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(&M.s[i], out, cap);
}

static void teardown(hs_run *run)
{
    int i;
    (void)run;
    for (i = 0; i < HS_MAX_PAIRS; i++)
        free_pair(i);
    mbedtls_ssl_config_free(&M.cconf);
    mbedtls_ssl_config_free(&M.sconf);
    mbedtls_ssl_cookie_free(&M.cookie);
    mbedtls_x509_crt_free(&M.root);
    mbedtls_x509_crt_free(&M.leaf);
    mbedtls_pk_free(&M.key);
    mbedtls_ctr_drbg_free(&M.drbg);
    mbedtls_entropy_free(&M.entropy);
}

const hs_impl hs_impl_mbedtls = {"mbedtls", setup,  make_pair, handshake, close_pair, c_write,
                                 s_write,   c_read, s_read,    NULL,      teardown};
