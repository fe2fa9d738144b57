/* hs_openssl.c - the benchmarks' OpenSSL 3.0 libssl side (see hs_common.h).  OpenSSL 3.0 has no BIO_s_dgram_pair (3.2 added it) and a
 * memory BIO merges datagrams, so each SSL gets a small custom BIO whose
 * write pushes one datagram onto a queue and whose read pops one.
 *   - DTLS_client_method / DTLS_server_method, both limited to DTLS 1.2;
 *     the case's one cipher suite (at @SECLEVEL=0 for the CCM_8 suites,
 *     where OpenSSL 3.0 puts the 64-bit-tag suites); the case's one group;
 *     SSL_OP_NO_TICKET on both sides (no implementation sends a
 *     NewSessionTicket), no session cache.
 *   - Server: SSL_OP_COOKIE_EXCHANGE with cookie callbacks (HMAC-SHA256 of
 *     the peer's address under a random secret, 32 bytes), so the
 *     HelloVerifyRequest exchange happens as with dtls.h.
 *   - Client: SSL_VERIFY_PEER against an X509_STORE holding the root,
 *     expected host "localhost" (SSL_set1_host) also sent as SNI.
 *   - mtu 1232 (SSL_OP_NO_QUERY_MTU + SSL_set_mtu); the retransmission timer
 *     callback asks for 60 s, so no retransmission can happen at valgrind
 *     speed (the datagram counts printed by hs_cost.c show it). */
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "hs_certs.h"
#include "hs_common.h"

static unsigned char cookie_secret[32];
static const unsigned char peer_addr[4] = {10, 0, 0, 1};

static int qbio_write(BIO *b, const char *data, int len)
{
    BIO_clear_retry_flags(b);
    return hs_q_push((hs_queue *)BIO_get_data(b), data, (size_t)len) == 0 ? len : -1;
}

static int qbio_read(BIO *b, char *out, int cap)
{
    int n = hs_q_pop((hs_queue *)BIO_get_data(b), out, (size_t)cap);
    BIO_clear_retry_flags(b);
    if (n < 0) {
        BIO_set_retry_read(b);
        return -1;
    }
    return n;
}

static long qbio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b;
    (void)num;
    (void)ptr;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0; /* no MTU query, no peer address, no socket timeouts */
    }
}

static int qbio_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static BIO_METHOD *qbio_method(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "hs queue");
    if (m == NULL || !BIO_meth_set_write(m, qbio_write) || !BIO_meth_set_read(m, qbio_read) ||
        !BIO_meth_set_ctrl(m, qbio_ctrl) || !BIO_meth_set_create(m, qbio_create))
        return NULL;
    return m;
}

static int cookie_make(SSL *ssl, unsigned char *cookie, unsigned int *len)
{
    (void)ssl;
    return HMAC(EVP_sha256(), cookie_secret, sizeof(cookie_secret), peer_addr, sizeof(peer_addr), cookie, len) !=
           NULL;
}

static int cookie_check(SSL *ssl, const unsigned char *cookie, unsigned int len)
{
    unsigned char want[EVP_MAX_MD_SIZE];
    unsigned int want_len = 0;
    (void)ssl;
    if (HMAC(EVP_sha256(), cookie_secret, sizeof(cookie_secret), peer_addr, sizeof(peer_addr), want, &want_len) ==
        NULL)
        return 0;
    return len == want_len && CRYPTO_memcmp(cookie, want, len) == 0;
}

static unsigned int timer_cb(SSL *ssl, unsigned int previous_us)
{
    (void)ssl;
    (void)previous_us;
    return 60u * 1000000u;
}

static unsigned int psk_client(SSL *ssl, const char *hint, char *identity, unsigned int max_identity,
                               unsigned char *psk, unsigned int max_psk)
{
    (void)ssl;
    (void)hint;
    if (max_identity < sizeof(HS_PSK_IDENTITY) || max_psk < sizeof(hs_psk))
        return 0;
    memcpy(identity, HS_PSK_IDENTITY, sizeof(HS_PSK_IDENTITY));
    memcpy(psk, hs_psk, sizeof(hs_psk));
    return sizeof(hs_psk);
}

static unsigned int psk_server(SSL *ssl, const char *identity, unsigned char *psk, unsigned int max_psk)
{
    (void)ssl;
    if (strcmp(identity, HS_PSK_IDENTITY) != 0 || max_psk < sizeof(hs_psk))
        return 0;
    memcpy(psk, hs_psk, sizeof(hs_psk));
    return sizeof(hs_psk);
}

static int fail(const char *what)
{
    fprintf(stderr, "hs openssl: %s\n", what);
    ERR_print_errors_fp(stderr);
    return 1;
}

static SSL_CTX *cctx, *sctx;
static BIO_METHOD *meth;
static SSL *pair_c[HS_MAX_PAIRS], *pair_s[HS_MAX_PAIRS];

static const char *const suite_names[HS_N_CASES] = {
    "PSK-AES128-CCM8:@SECLEVEL=0",         "PSK-AES128-GCM-SHA256",
    "ECDHE-PSK-CHACHA20-POLY1305",         "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES128-GCM-SHA256",       "ECDHE-ECDSA-AES128-CCM8:@SECLEVEL=0",
    "ECDHE-ECDSA-AES128-CCM8:@SECLEVEL=0", "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-CHACHA20-POLY1305"};

static int setup(hs_run *run)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    const char *ciphers = suite_names[run->hs_case];
    const char *groups = HS_ALSO_P256(ci) ? "X25519:P-256" : ci->group == HS_GROUP_X25519 ? "X25519" : "P-256";
    if (RAND_bytes(cookie_secret, sizeof(cookie_secret)) != 1)
        return fail("RAND_bytes");
    meth = qbio_method();
    cctx = SSL_CTX_new(DTLS_client_method());
    sctx = SSL_CTX_new(DTLS_server_method());
    if (meth == NULL || cctx == NULL || sctx == NULL)
        return fail("SSL_CTX_new");
    if (!SSL_CTX_set_min_proto_version(cctx, DTLS1_2_VERSION) ||
        !SSL_CTX_set_max_proto_version(cctx, DTLS1_2_VERSION) ||
        !SSL_CTX_set_min_proto_version(sctx, DTLS1_2_VERSION) ||
        !SSL_CTX_set_max_proto_version(sctx, DTLS1_2_VERSION) || !SSL_CTX_set_cipher_list(cctx, ciphers) ||
        !SSL_CTX_set_cipher_list(sctx, ciphers) || !SSL_CTX_set1_groups_list(cctx, groups) ||
        !SSL_CTX_set1_groups_list(sctx, groups))
        return fail("context settings");
    SSL_CTX_set_options(cctx, SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU);
    SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET | SSL_OP_NO_QUERY_MTU | SSL_OP_COOKIE_EXCHANGE);
    SSL_CTX_set_cookie_generate_cb(sctx, cookie_make);
    SSL_CTX_set_cookie_verify_cb(sctx, cookie_check);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_OFF);
    if (ci->kx != HS_KX_ECDHE_ECDSA) {
        SSL_CTX_set_psk_client_callback(cctx, psk_client);
        SSL_CTX_set_psk_server_callback(sctx, psk_server);
    } else {
        const unsigned char *p = hs_leaf_der;
        X509 *leaf = d2i_X509(NULL, &p, sizeof(hs_leaf_der)), *root;
        EVP_PKEY *key;
        X509_STORE *store;
        p = hs_leaf_key;
        key = d2i_AutoPrivateKey(NULL, &p, sizeof(hs_leaf_key));
        p = hs_root_der;
        root = d2i_X509(NULL, &p, sizeof(hs_root_der));
        store = SSL_CTX_get_cert_store(cctx);
        if (leaf == NULL || key == NULL || root == NULL || !SSL_CTX_use_certificate(sctx, leaf) ||
            !SSL_CTX_use_PrivateKey(sctx, key) || !SSL_CTX_check_private_key(sctx) ||
            !X509_STORE_add_cert(store, root))
            return fail("certificate and key");
        X509_free(leaf);
        X509_free(root);
        EVP_PKEY_free(key);
        SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    }
    return 0;
}

static int make_pair(hs_run *run, int i)
{
    SSL **c = &pair_c[i], **s = &pair_s[i];
    /* one BIO per direction: the client reads to_client and writes to_server */
    BIO *c_rd = BIO_new(meth), *c_wr = BIO_new(meth), *s_rd = BIO_new(meth), *s_wr = BIO_new(meth);
    *c = SSL_new(cctx);
    *s = SSL_new(sctx);
    if (c_rd == NULL || c_wr == NULL || s_rd == NULL || s_wr == NULL || *c == NULL || *s == NULL)
        return fail("SSL_new / BIO_new");
    BIO_set_data(c_rd, run->to_client);
    BIO_set_data(c_wr, run->to_server);
    BIO_set_data(s_rd, run->to_server);
    BIO_set_data(s_wr, run->to_client);
    SSL_set_bio(*c, c_rd, c_wr);
    SSL_set_bio(*s, s_rd, s_wr);
    SSL_set_connect_state(*c);
    SSL_set_accept_state(*s);
    if (!SSL_set_mtu(*c, HS_MTU) || !SSL_set_mtu(*s, HS_MTU))
        return fail("SSL_set_mtu");
    DTLS_set_timer_cb(*c, timer_cb);
    DTLS_set_timer_cb(*s, timer_cb);
    if (hs_cases[run->hs_case].kx == HS_KX_ECDHE_ECDSA) {
        if (!SSL_set1_host(*c, HS_SERVER_NAME) || !SSL_set_tlsext_host_name(*c, HS_SERVER_NAME))
            return fail("SSL_set1_host");
    }
    return 0;
}

static int step(SSL *ssl, int *done, const char *who)
{
    int r, e;
    if (*done)
        return 0;
    r = SSL_do_handshake(ssl);
    if (r == 1) {
        *done = 1;
        return 0;
    }
    e = SSL_get_error(ssl, r);
    if (e == SSL_ERROR_WANT_READ)
        return 0;
    fprintf(stderr, "hs openssl: %s: SSL_do_handshake %d, SSL_get_error %d\n", who, r, e);
    ERR_print_errors_fp(stderr);
    return 1;
}

static int handshake(hs_run *run, int i)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    SSL *c = pair_c[i], *s = pair_s[i];
    int rounds, cdone = 0, sdone = 0;
    const SSL_CIPHER *ciph;
    for (rounds = 0; rounds < HS_ROUNDS; rounds++) {
        if (step(c, &cdone, "client") != 0 || step(s, &sdone, "server") != 0)
            return 1;
        if (cdone && sdone && run->to_client->n == 0 && run->to_server->n == 0)
            break;
    }
    if (!cdone || !sdone)
        return fail("handshake did not complete");
    if (ci->kx == HS_KX_ECDHE_ECDSA && SSL_get_verify_result(c) != X509_V_OK)
        return fail("server certificate not verified");
    ciph = SSL_get_current_cipher(c);
    if (ciph == NULL || SSL_CIPHER_get_protocol_id(ciph) != ci->suite || SSL_version(c) != DTLS1_2_VERSION)
        return fail("unexpected suite or version");
    if (ci->group != HS_GROUP_NONE &&
        SSL_get_negotiated_group(c) != (ci->group == HS_GROUP_X25519 ? NID_X25519 : NID_X9_62_prime256v1))
        return fail("unexpected group");
    return 0;
}

static int close_pair(hs_run *run, int i)
{
    char b[64];
    int r;
    if (SSL_shutdown(pair_c[i]) < 0)
        return fail("SSL_shutdown");
    r = SSL_read(pair_s[i], b, sizeof(b));
    if (r > 0 || SSL_get_error(pair_s[i], r) != SSL_ERROR_ZERO_RETURN)
        return fail("the server did not read close_notify");
    SSL_free(pair_c[i]);
    SSL_free(pair_s[i]);
    pair_c[i] = pair_s[i] = NULL;
    hs_q_clear(run->to_client); /* the server's close_notify, if it answered */
    hs_q_clear(run->to_server);
    return 0;
}

static int wr(SSL *ssl, const unsigned char *data, size_t len)
{
    return SSL_write(ssl, data, (int)len) == (int)len ? 0 : fail("SSL_write");
}

static int rd(SSL *ssl, unsigned char *out, size_t cap)
{
    int n = SSL_read(ssl, out, (int)cap);
    return n > 0 ? n : -1;
}

static int c_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(pair_c[i], data, len);
}

static int s_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(pair_s[i], data, len);
}

static int c_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(pair_c[i], out, cap);
}

static int s_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(pair_s[i], out, cap);
}

static void teardown(hs_run *run)
{
    int i;
    (void)run;
    for (i = 0; i < HS_MAX_PAIRS; i++) {
        SSL_free(pair_c[i]);
        SSL_free(pair_s[i]);
        pair_c[i] = pair_s[i] = NULL;
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    BIO_meth_free(meth);
    cctx = sctx = NULL;
    meth = NULL;
}

const hs_impl hs_impl_openssl = {"openssl", setup,  make_pair, handshake, close_pair, c_write,
                                 s_write,   c_read, s_read,    NULL,      teardown};
