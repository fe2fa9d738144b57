/* hs_wolfssl.c - the benchmarks' wolfSSL 5.5 side (see hs_common.h):
 * wolfDTLSv1_2_client_method / wolfDTLSv1_2_server_method, the case's one
 * cipher suite (wolfSSL_CTX_set_cipher_list) and one group
 * (wolfSSL_CTX_UseSupportedCurve), no session cache, no ticket (the client
 * never asks for one).
 *   - I/O: wolfSSL_CTX_SetIORecv / SetIOSend callbacks on the in-memory
 *     queues (recv answers WOLFSSL_CBIO_ERR_WANT_READ when empty), the
 *     connections in non-blocking mode (wolfSSL_dtls_set_using_nonblock):
 *     wolfSSL retransmits only when told wolfSSL_dtls_got_timeout, which
 *     this never calls.  Debian's build has no WOLFSSL_DTLS_MTU (no
 *     wolfSSL_dtls_set_mtu): its own MTU applies.
 *   - Server: wolfSSL's DTLS 1.2 server always answers a first ClientHello
 *     with a HelloVerifyRequest; its cookie comes from a
 *     wolfSSL_CTX_SetGenCookie callback (the library's default,
 *     EmbedGenerateCookie, asks the socket for the peer's address): HMAC-SHA256
 *     (wolfCrypt) of the client's address under a random secret, as
 *     hs_openssl.c's.
 *   - Client: WOLFSSL_VERIFY_PEER against the root loaded as the only CA,
 *     wolfSSL_check_domain_name("localhost"), the name also sent as SNI.
 *   - PSK: the callbacks are looked up at run time (dlsym), as a build
 *     without PSK lacks them although the installed headers declare them.
 *     Debian's build has them but no plain-PSK suites (those need
 *     WOLFSSL_STATIC_PSK), and its ECDHE-PSK fails with X25519: those cases
 *     are reported unsupported, with the reason. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfcrypt/hmac.h>
#include <wolfssl/wolfcrypt/random.h>

#include "hs_certs.h"
#include "hs_common.h"

typedef unsigned int (*psk_client_fn)(WOLFSSL *, const char *, char *, unsigned int, unsigned char *, unsigned int);
typedef unsigned int (*psk_server_fn)(WOLFSSL *, const char *, unsigned char *, unsigned int);
typedef void (*set_psk_client_fn)(WOLFSSL_CTX *, psk_client_fn);
typedef void (*set_psk_server_fn)(WOLFSSL_CTX *, psk_server_fn);

typedef struct qlink {
    hs_queue *in, *out;
} qlink;

static const unsigned char client_id[HS_MAX_PAIRS][4] = {{10, 0, 0, 1}, {10, 0, 0, 3}};

static struct {
    WOLFSSL_CTX *cctx, *sctx;
    WOLFSSL *c[HS_MAX_PAIRS], *s[HS_MAX_PAIRS];
    qlink cl, sl;
    unsigned char cookie_secret[32];
    int inited;
} W;

static const char *const suite_names[HS_N_CASES] = {
    "PSK-AES128-CCM-8",         "PSK-AES128-GCM-SHA256",         "ECDHE-PSK-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-CCM-8",
    "ECDHE-ECDSA-AES128-CCM-8", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305"};

static int fail(WOLFSSL *ssl, const char *what, int r)
{
    char text[WOLFSSL_MAX_ERROR_SZ];
    int e = ssl != NULL ? wolfSSL_get_error(ssl, r) : r;
    wolfSSL_ERR_error_string_n((unsigned long)e, text, sizeof(text));
    fprintf(stderr, "hs wolfssl: %s: %d (error %d %s)\n", what, r, e, text);
    return 1;
}

static int w_send(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
    (void)ssl;
    return hs_q_push(((qlink *)ctx)->out, buf, (size_t)sz) == 0 ? sz : WOLFSSL_CBIO_ERR_GENERAL;
}

static int w_recv(WOLFSSL *ssl, char *buf, int sz, void *ctx)
{
    int n = hs_q_pop(((qlink *)ctx)->in, buf, (size_t)sz);
    (void)ssl;
    return n < 0 ? WOLFSSL_CBIO_ERR_WANT_READ : n;
}

/* The cookie: HMAC-SHA256 of the client's address (the cookie context) under the secret, cut to sz. */
static int w_cookie(WOLFSSL *ssl, unsigned char *buf, int sz, void *ctx)
{
    Hmac h;
    unsigned char mac[WC_SHA256_DIGEST_SIZE];
    (void)ssl;
    if (sz <= 0 || sz > (int)sizeof(mac) || wc_HmacInit(&h, NULL, INVALID_DEVID) != 0)
        return -1;
    if (wc_HmacSetKey(&h, WC_SHA256, W.cookie_secret, sizeof(W.cookie_secret)) != 0 ||
        wc_HmacUpdate(&h, (const byte *)ctx, 4) != 0 || wc_HmacFinal(&h, mac) != 0) {
        wc_HmacFree(&h);
        return -1;
    }
    wc_HmacFree(&h);
    memcpy(buf, mac, (size_t)sz);
    return sz;
}

static unsigned int psk_client(WOLFSSL *ssl, const char *hint, char *identity, unsigned int max_identity,
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

static unsigned int psk_server(WOLFSSL *ssl, const char *identity, unsigned char *psk, unsigned int max_psk)
{
    (void)ssl;
    if (strcmp(identity, HS_PSK_IDENTITY) != 0 || max_psk < sizeof(hs_psk))
        return 0;
    memcpy(psk, hs_psk, sizeof(hs_psk));
    return sizeof(hs_psk);
}

static int setup(hs_run *run)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    word16 curve = ci->group == HS_GROUP_X25519 ? WOLFSSL_ECC_X25519 : WOLFSSL_ECC_SECP256R1;
    WC_RNG rng;
    int r;
    memset(&W, 0, sizeof(W));
    if (wolfSSL_Init() != WOLFSSL_SUCCESS)
        return fail(NULL, "wolfSSL_Init", 0);
    W.inited = 1;
    if (wc_InitRng(&rng) != 0 || wc_RNG_GenerateBlock(&rng, W.cookie_secret, sizeof(W.cookie_secret)) != 0)
        return fail(NULL, "wc_RNG_GenerateBlock", 0);
    wc_FreeRng(&rng);
    W.cctx = wolfSSL_CTX_new(wolfDTLSv1_2_client_method());
    W.sctx = wolfSSL_CTX_new(wolfDTLSv1_2_server_method());
    if (W.cctx == NULL || W.sctx == NULL)
        return fail(NULL, "wolfSSL_CTX_new", 0);
    if (ci->kx != HS_KX_ECDHE_ECDSA) {
        set_psk_client_fn set_c;
        set_psk_server_fn set_s;
        void *pc = dlsym(RTLD_DEFAULT, "wolfSSL_CTX_set_psk_client_callback");
        void *ps = dlsym(RTLD_DEFAULT, "wolfSSL_CTX_set_psk_server_callback");
        if (pc == NULL || ps == NULL) {
            run->unsupported = "wolfssl: this libwolfssl is built without PSK (no "
                               "wolfSSL_CTX_set_psk_client_callback)";
            return HS_UNSUPPORTED;
        }
        memcpy(&set_c, &pc, sizeof(set_c));
        memcpy(&set_s, &ps, sizeof(set_s));
        set_c(W.cctx, psk_client);
        set_s(W.sctx, psk_server);
    }
    if (wolfSSL_CTX_set_cipher_list(W.cctx, suite_names[run->hs_case]) != WOLFSSL_SUCCESS ||
        wolfSSL_CTX_set_cipher_list(W.sctx, suite_names[run->hs_case]) != WOLFSSL_SUCCESS) {
        run->unsupported = ci->kx == HS_KX_PSK ? "wolfssl: Debian's libwolfssl has no plain-PSK suites (built without "
                                                 "WOLFSSL_STATIC_PSK: wolfSSL_CTX_set_cipher_list refuses them)"
                                               : "wolfssl: suite not compiled into Debian's libwolfssl";
        return HS_UNSUPPORTED;
    }
#if LIBWOLFSSL_VERSION_HEX <= 0x05005004
    /* observed with Debian's 5.5.4: the same handshake with P-256 completes */
    if (ci->kx == HS_KX_ECDHE_PSK && ci->group == HS_GROUP_X25519) {
        run->unsupported = "wolfssl: 5.5.4's ECDHE-PSK client refuses the server's X25519 key (-352 Bad ECC Peer Key; "
                           "with P-256 it completes)";
        return HS_UNSUPPORTED;
    }
#endif
    if (ci->group != HS_GROUP_NONE && (wolfSSL_CTX_UseSupportedCurve(W.cctx, curve) != WOLFSSL_SUCCESS ||
                                       wolfSSL_CTX_UseSupportedCurve(W.sctx, curve) != WOLFSSL_SUCCESS))
        return fail(NULL, "wolfSSL_CTX_UseSupportedCurve", 0);
    if (HS_ALSO_P256(ci) && (wolfSSL_CTX_UseSupportedCurve(W.cctx, WOLFSSL_ECC_SECP256R1) != WOLFSSL_SUCCESS ||
                             wolfSSL_CTX_UseSupportedCurve(W.sctx, WOLFSSL_ECC_SECP256R1) != WOLFSSL_SUCCESS))
        return fail(NULL, "wolfSSL_CTX_UseSupportedCurve", 0);
    wolfSSL_CTX_set_session_cache_mode(W.cctx, WOLFSSL_SESS_CACHE_OFF);
    wolfSSL_CTX_set_session_cache_mode(W.sctx, WOLFSSL_SESS_CACHE_OFF);
    wolfSSL_CTX_SetIORecv(W.cctx, w_recv);
    wolfSSL_CTX_SetIOSend(W.cctx, w_send);
    wolfSSL_CTX_SetIORecv(W.sctx, w_recv);
    wolfSSL_CTX_SetIOSend(W.sctx, w_send);
    wolfSSL_CTX_SetGenCookie(W.sctx, w_cookie);
    W.cl.in = run->to_client;
    W.cl.out = run->to_server;
    W.sl.in = run->to_server;
    W.sl.out = run->to_client;
    if (ci->kx == HS_KX_ECDHE_ECDSA) {
        if ((r = wolfSSL_CTX_use_certificate_buffer(W.sctx, hs_leaf_der, sizeof(hs_leaf_der),
                                                    WOLFSSL_FILETYPE_ASN1)) != WOLFSSL_SUCCESS ||
            (r = wolfSSL_CTX_use_PrivateKey_buffer(W.sctx, hs_leaf_key, sizeof(hs_leaf_key),
                                                   WOLFSSL_FILETYPE_ASN1)) != WOLFSSL_SUCCESS ||
            (r = wolfSSL_CTX_load_verify_buffer(W.cctx, hs_root_der, sizeof(hs_root_der), WOLFSSL_FILETYPE_ASN1)) !=
                WOLFSSL_SUCCESS)
            return fail(NULL, "certificate and key", r);
        wolfSSL_CTX_set_verify(W.cctx, WOLFSSL_VERIFY_PEER, NULL);
    } else {
        wolfSSL_CTX_set_verify(W.cctx, WOLFSSL_VERIFY_NONE, NULL);
    }
    return 0;
}

static int make_pair(hs_run *run, int i)
{
    WOLFSSL *c = wolfSSL_new(W.cctx), *s = wolfSSL_new(W.sctx);
    W.c[i] = c;
    W.s[i] = s;
    if (c == NULL || s == NULL)
        return fail(NULL, "wolfSSL_new", 0);
    wolfSSL_SetIOReadCtx(c, &W.cl);
    wolfSSL_SetIOWriteCtx(c, &W.cl);
    wolfSSL_SetIOReadCtx(s, &W.sl);
    wolfSSL_SetIOWriteCtx(s, &W.sl);
    wolfSSL_dtls_set_using_nonblock(c, 1);
    wolfSSL_dtls_set_using_nonblock(s, 1);
    wolfSSL_SetCookieCtx(s, (void *)client_id[i]);
    if (hs_cases[run->hs_case].kx == HS_KX_ECDHE_ECDSA &&
        (wolfSSL_check_domain_name(c, HS_SERVER_NAME) != WOLFSSL_SUCCESS ||
         wolfSSL_UseSNI(c, WOLFSSL_SNI_HOST_NAME, HS_SERVER_NAME, (word16)strlen(HS_SERVER_NAME)) != WOLFSSL_SUCCESS))
        return fail(NULL, "wolfSSL_check_domain_name / wolfSSL_UseSNI", 0);
    return 0;
}

static int step(WOLFSSL *ssl, int *done, int server)
{
    int r, e;
    if (*done)
        return 0;
    r = server ? wolfSSL_accept(ssl) : wolfSSL_connect(ssl);
    if (r == WOLFSSL_SUCCESS) {
        *done = 1;
        return 0;
    }
    e = wolfSSL_get_error(ssl, r);
    if (e == WOLFSSL_ERROR_WANT_READ || e == WOLFSSL_ERROR_WANT_WRITE)
        return 0;
    return fail(ssl, server ? "wolfSSL_accept" : "wolfSSL_connect", r);
}

static int handshake(hs_run *run, int i)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    WOLFSSL *c = W.c[i], *s = W.s[i];
    int rounds, cdone = 0, sdone = 0;
    const char *got, *curve;
    for (rounds = 0; rounds < HS_ROUNDS; rounds++) {
        if (step(c, &cdone, 0) != 0 || step(s, &sdone, 1) != 0)
            return 1;
        if (cdone && sdone && run->to_client->n == 0 && run->to_server->n == 0)
            break;
    }
    if (!cdone || !sdone) {
        fprintf(stderr, "hs wolfssl: handshake did not complete\n");
        return 1;
    }
    if (ci->kx == HS_KX_ECDHE_ECDSA && wolfSSL_get_verify_result(c) != 0) {
        fprintf(stderr, "hs wolfssl: server certificate not verified\n");
        return 1;
    }
    got = wolfSSL_get_cipher_name(c);
    if (got == NULL || strcmp(got, suite_names[run->hs_case]) != 0 || wolfSSL_version(c) != DTLS1_2_VERSION) {
        fprintf(stderr, "hs wolfssl: negotiated %s, version 0x%04x\n", got ? got : "(none)", wolfSSL_version(c));
        return 1;
    }
    curve = wolfSSL_get_curve_name(c);
    if (ci->group != HS_GROUP_NONE &&
        (curve == NULL || strcmp(curve, ci->group == HS_GROUP_X25519 ? "X25519" : "SECP256R1") != 0)) {
        fprintf(stderr, "hs wolfssl: negotiated group %s\n", curve ? curve : "(none)");
        return 1;
    }
    return 0;
}

static void free_pair(int i)
{
    if (W.c[i] != NULL)
        wolfSSL_free(W.c[i]);
    if (W.s[i] != NULL)
        wolfSSL_free(W.s[i]);
    W.c[i] = W.s[i] = NULL;
}

static int close_pair(hs_run *run, int i)
{
    char b[64];
    int r = wolfSSL_shutdown(W.c[i]);
    if (r != WOLFSSL_SUCCESS && r != WOLFSSL_SHUTDOWN_NOT_DONE)
        return fail(W.c[i], "wolfSSL_shutdown", r);
    r = wolfSSL_read(W.s[i], b, sizeof(b));
    if (r > 0 || wolfSSL_get_error(W.s[i], r) != WOLFSSL_ERROR_ZERO_RETURN)
        return fail(W.s[i], "the server did not read close_notify", r);
    free_pair(i);
    hs_q_clear(run->to_client);
    hs_q_clear(run->to_server);
    return 0;
}

static int wr(WOLFSSL *ssl, const unsigned char *data, size_t len)
{
    int r = wolfSSL_write(ssl, data, (int)len);
    return r == (int)len ? 0 : fail(ssl, "wolfSSL_write", r);
}

static int rd(WOLFSSL *ssl, unsigned char *out, size_t cap)
{
    int n = wolfSSL_read(ssl, out, (int)cap);
    return n > 0 ? n : -1;
}

static int c_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(W.c[i], data, len);
}

static int s_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(W.s[i], data, len);
}

static int c_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(W.c[i], out, cap);
}

static int s_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(W.s[i], out, cap);
}

static void teardown(hs_run *run)
{
    int i;
    (void)run;
    for (i = 0; i < HS_MAX_PAIRS; i++)
        free_pair(i);
    if (W.cctx != NULL)
        wolfSSL_CTX_free(W.cctx);
    if (W.sctx != NULL)
        wolfSSL_CTX_free(W.sctx);
    if (W.inited)
        wolfSSL_Cleanup();
    memset(&W, 0, sizeof(W));
}

const hs_impl hs_impl_wolfssl = {"wolfssl", setup,  make_pair, handshake, close_pair, c_write,
                                 s_write,   c_read, s_read,    NULL,      teardown};
