/* hs_gnutls.c - the benchmarks' GnuTLS 3.7 side (see hs_common.h):
 * gnutls_init with GNUTLS_DATAGRAM | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS for
 * both roles, a priority string of DTLS 1.2 and the case's one key exchange,
 * cipher, group and (ECDSA) signature algorithm ECDSA-SHA256.
 *   - I/O: push / pull / pull_timeout functions on the in-memory queues (pull
 *     answers EAGAIN when empty); gnutls_dtls_set_mtu 1232; retransmission
 *     timeout 60 s (gnutls_dtls_set_timeouts), so no retransmission happens.
 *   - Server: the documented stateless cookie exchange: before the session
 *     reads anything, each datagram goes through gnutls_dtls_cookie_verify
 *     (key from gnutls_key_generate, the client's address as the transport
 *     id); a failure is answered by gnutls_dtls_cookie_send (the
 *     HelloVerifyRequest), a success is handed to the session with
 *     gnutls_dtls_prestate_set and the datagram stays queued for it.  The
 *     server session is made with the pair (as the other servers' objects).
 *   - Client: gnutls_session_set_verify_cert(session, "localhost", 0) against
 *     the root as the only trust anchor (chain, dates, name), the name also
 *     sent as SNI.
 *   - PSK: the client's key set with gnutls_psk_set_client_credentials, the
 *     server's given by a callback for the identity "bench-client". */
#include <stdio.h>
#include <string.h>
#include <errno.h>

#include <gnutls/dtls.h>
#include <gnutls/gnutls.h>

#include "hs_certs.h"
#include "hs_common.h"

typedef struct qlink {
    hs_queue *in, *out;
    gnutls_session_t session;
} qlink;

static const unsigned char client_id[HS_MAX_PAIRS][4] = {{10, 0, 0, 1}, {10, 0, 0, 3}};

static struct {
    gnutls_certificate_credentials_t ccert, scert;
    gnutls_psk_client_credentials_t cpsk;
    gnutls_psk_server_credentials_t spsk;
    gnutls_datum_t cookie_key;
    gnutls_session_t c[HS_MAX_PAIRS], s[HS_MAX_PAIRS];
    qlink cl[HS_MAX_PAIRS], sl[HS_MAX_PAIRS];
    int s_ready[HS_MAX_PAIRS]; /* the server session has its prestate (cookie verified) */
    char prio[256];
    int have_cookie_key;
} G;

static int fail(const char *what, int r)
{
    fprintf(stderr, "hs gnutls: %s: %d %s\n", what, r, gnutls_strerror(r));
    return 1;
}

static ssize_t g_push(gnutls_transport_ptr_t ptr, const void *data, size_t len)
{
    qlink *l = (qlink *)ptr;
    if (hs_q_push(l->out, data, len) != 0) {
        errno = EIO;
        return -1;
    }
    return (ssize_t)len;
}

static ssize_t g_pull(gnutls_transport_ptr_t ptr, void *out, size_t cap)
{
    qlink *l = (qlink *)ptr;
    int n = hs_q_pop(l->in, out, cap);
    if (n < 0) {
        gnutls_transport_set_errno(l->session, EAGAIN);
        return -1;
    }
    return n;
}

static int g_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
    (void)ms;
    return ((qlink *)ptr)->in->n > 0 ? 1 : 0;
}

static int psk_server(gnutls_session_t session, const char *username, gnutls_datum_t *key)
{
    (void)session;
    if (strcmp(username, HS_PSK_IDENTITY) != 0)
        return -1;
    key->data = gnutls_malloc(sizeof(hs_psk));
    if (key->data == NULL)
        return -1;
    memcpy(key->data, hs_psk, sizeof(hs_psk));
    key->size = sizeof(hs_psk);
    return 0;
}

static const char *const kx_prio[] = {"+PSK", "+ECDHE-PSK", "+ECDHE-ECDSA"};
static const char *const aead_prio[HS_N_AEADS] = {"+AES-128-GCM", "+AES-128-CCM-8", "+CHACHA20-POLY1305"};
static const gnutls_cipher_algorithm_t aead_id[HS_N_AEADS] = {GNUTLS_CIPHER_AES_128_GCM, GNUTLS_CIPHER_AES_128_CCM_8,
                                                              GNUTLS_CIPHER_CHACHA20_POLY1305};
static const gnutls_kx_algorithm_t kx_id[] = {GNUTLS_KX_PSK, GNUTLS_KX_ECDHE_PSK, GNUTLS_KX_ECDHE_ECDSA};

static int setup(hs_run *run)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    int r;
    memset(&G, 0, sizeof(G));
    r = gnutls_global_init();
    if (r < 0)
        return fail("gnutls_global_init", r);
    /* the group list is needed even for plain PSK (the priority string must
     * name one); the signature algorithm for the ECDSA cases */
    snprintf(G.prio, sizeof(G.prio), "NONE:+VERS-DTLS1.2:%s:%s:+AEAD:+COMP-NULL:+SIGN-ECDSA-SHA256:%s",
             kx_prio[ci->kx], aead_prio[ci->aead],
             HS_ALSO_P256(ci)                ? "+GROUP-X25519:+GROUP-SECP256R1"
             : ci->group == HS_GROUP_X25519 ? "+GROUP-X25519"
                                            : "+GROUP-SECP256R1");
    r = gnutls_key_generate(&G.cookie_key, GNUTLS_COOKIE_KEY_SIZE);
    if (r < 0)
        return fail("gnutls_key_generate", r);
    G.have_cookie_key = 1;
    if (ci->kx != HS_KX_ECDHE_ECDSA) {
        gnutls_datum_t key;
        key.data = (unsigned char *)hs_psk;
        key.size = sizeof(hs_psk);
        if ((r = gnutls_psk_allocate_client_credentials(&G.cpsk)) < 0 ||
            (r = gnutls_psk_set_client_credentials(G.cpsk, HS_PSK_IDENTITY, &key, GNUTLS_PSK_KEY_RAW)) < 0 ||
            (r = gnutls_psk_allocate_server_credentials(&G.spsk)) < 0)
            return fail("PSK credentials", r);
        gnutls_psk_set_server_credentials_function(G.spsk, psk_server);
    } else {
        gnutls_datum_t leaf, key, root;
        leaf.data = (unsigned char *)hs_leaf_der;
        leaf.size = sizeof(hs_leaf_der);
        key.data = (unsigned char *)hs_leaf_key;
        key.size = sizeof(hs_leaf_key);
        root.data = (unsigned char *)hs_root_der;
        root.size = sizeof(hs_root_der);
        if ((r = gnutls_certificate_allocate_credentials(&G.scert)) < 0 ||
            (r = gnutls_certificate_set_x509_key_mem2(G.scert, &leaf, &key, GNUTLS_X509_FMT_DER, NULL, 0)) < 0 ||
            (r = gnutls_certificate_allocate_credentials(&G.ccert)) < 0)
            return fail("certificate and key", r);
        r = gnutls_certificate_set_x509_trust_mem(G.ccert, &root, GNUTLS_X509_FMT_DER);
        if (r != 1)
            return fail("gnutls_certificate_set_x509_trust_mem", r);
    }
    return 0;
}

static int session(gnutls_session_t *s, unsigned flags, qlink *l, hs_queue *in, hs_queue *out, int ecdsa)
{
    int r;
    const char *err = NULL;
    if ((r = gnutls_init(s, flags | GNUTLS_DATAGRAM | GNUTLS_NONBLOCK | GNUTLS_NO_TICKETS)) < 0)
        return fail("gnutls_init", r);
    if ((r = gnutls_priority_set_direct(*s, G.prio, &err)) < 0) {
        fprintf(stderr, "hs gnutls: priority string %s, at %s\n", G.prio, err ? err : "?");
        return fail("gnutls_priority_set_direct", r);
    }
    if (flags & GNUTLS_SERVER)
        r = ecdsa ? gnutls_credentials_set(*s, GNUTLS_CRD_CERTIFICATE, G.scert)
                  : gnutls_credentials_set(*s, GNUTLS_CRD_PSK, G.spsk);
    else
        r = ecdsa ? gnutls_credentials_set(*s, GNUTLS_CRD_CERTIFICATE, G.ccert)
                  : gnutls_credentials_set(*s, GNUTLS_CRD_PSK, G.cpsk);
    if (r < 0)
        return fail("gnutls_credentials_set", r);
    l->in = in;
    l->out = out;
    l->session = *s;
    gnutls_transport_set_ptr(*s, l);
    gnutls_transport_set_push_function(*s, g_push);
    gnutls_transport_set_pull_function(*s, g_pull);
    gnutls_transport_set_pull_timeout_function(*s, g_pull_timeout);
    gnutls_dtls_set_mtu(*s, HS_MTU);
    gnutls_dtls_set_timeouts(*s, 60000, 600000);
    return 0;
}

static int make_pair(hs_run *run, int i)
{
    int ecdsa = hs_cases[run->hs_case].kx == HS_KX_ECDHE_ECDSA, r;
    if (session(&G.c[i], GNUTLS_CLIENT, &G.cl[i], run->to_client, run->to_server, ecdsa) != 0 ||
        session(&G.s[i], GNUTLS_SERVER, &G.sl[i], run->to_server, run->to_client, ecdsa) != 0)
        return 1;
    G.s_ready[i] = 0;
    if (ecdsa) {
        gnutls_session_set_verify_cert(G.c[i], HS_SERVER_NAME, 0);
        r = gnutls_server_name_set(G.c[i], GNUTLS_NAME_DNS, HS_SERVER_NAME, strlen(HS_SERVER_NAME));
        if (r < 0)
            return fail("gnutls_server_name_set", r);
    }
    return 0;
}

/* The server before its session reads: the stateless cookie check of each
 * waiting datagram (RFC 6347 4.2.1), as the GnuTLS manual's DTLS echo server. */
static int cookie_gate(hs_run *run, int i)
{
    unsigned char d[HS_DMAX];
    gnutls_dtls_prestate_st prestate;
    int n, r;
    while (!G.s_ready[i] && (n = hs_q_peek(run->to_server, d, sizeof(d))) >= 0) {
        memset(&prestate, 0, sizeof(prestate));
        r = gnutls_dtls_cookie_verify(&G.cookie_key, (void *)client_id[i], sizeof(client_id[i]), d, (size_t)n,
                                      &prestate);
        if (r < 0) {
            hs_q_pop(run->to_server, d, sizeof(d));
            r = gnutls_dtls_cookie_send(&G.cookie_key, (void *)client_id[i], sizeof(client_id[i]), &prestate,
                                        (gnutls_transport_ptr_t)&G.sl[i], g_push);
            if (r < 0)
                return fail("gnutls_dtls_cookie_send", r);
        } else {
            gnutls_dtls_prestate_set(G.s[i], &prestate);
            G.s_ready[i] = 1; /* the datagram stays queued for the session */
        }
    }
    return 0;
}

static int step(gnutls_session_t s, int *done, const char *who)
{
    int r;
    if (*done)
        return 0;
    r = gnutls_handshake(s);
    if (r == 0) {
        *done = 1;
        return 0;
    }
    if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
        return 0;
    fprintf(stderr, "hs gnutls: %s: ", who);
    return fail("gnutls_handshake", r);
}

static int handshake(hs_run *run, int i)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    int rounds, cdone = 0, sdone = 0;
    for (rounds = 0; rounds < HS_ROUNDS; rounds++) {
        if (step(G.c[i], &cdone, "client") != 0 || cookie_gate(run, i) != 0 ||
            (G.s_ready[i] && step(G.s[i], &sdone, "server") != 0))
            return 1;
        if (cdone && sdone && run->to_client->n == 0 && run->to_server->n == 0)
            break;
    }
    if (!cdone || !sdone) {
        fprintf(stderr, "hs gnutls: handshake did not complete\n");
        return 1;
    }
    /* the certificate was verified during the handshake (gnutls_session_set_verify_cert) */
    if (gnutls_protocol_get_version(G.c[i]) != GNUTLS_DTLS1_2 || gnutls_kx_get(G.c[i]) != kx_id[ci->kx] ||
        gnutls_cipher_get(G.c[i]) != aead_id[ci->aead]) {
        fprintf(stderr, "hs gnutls: negotiated %s\n", gnutls_session_get_desc(G.c[i]));
        return 1;
    }
    if (ci->group != HS_GROUP_NONE &&
        gnutls_group_get(G.c[i]) != (ci->group == HS_GROUP_X25519 ? GNUTLS_GROUP_X25519 : GNUTLS_GROUP_SECP256R1)) {
        fprintf(stderr, "hs gnutls: negotiated group %d\n", (int)gnutls_group_get(G.c[i]));
        return 1;
    }
    return 0;
}

static void free_pair(int i)
{
    if (G.c[i] != NULL)
        gnutls_deinit(G.c[i]);
    if (G.s[i] != NULL)
        gnutls_deinit(G.s[i]);
    G.c[i] = G.s[i] = NULL;
}

static int close_pair(hs_run *run, int i)
{
    unsigned char b[64];
    int r = gnutls_bye(G.c[i], GNUTLS_SHUT_WR);
    if (r < 0)
        return fail("gnutls_bye", r);
    r = (int)gnutls_record_recv(G.s[i], b, sizeof(b));
    if (r != 0)
        return fail("the server did not read close_notify", r);
    free_pair(i);
    hs_q_clear(run->to_client);
    hs_q_clear(run->to_server);
    return 0;
}

static int wr(gnutls_session_t s, const unsigned char *data, size_t len)
{
    ssize_t r = gnutls_record_send(s, data, len);
    return r == (ssize_t)len ? 0 : fail("gnutls_record_send", (int)r);
}

static int rd(gnutls_session_t s, unsigned char *out, size_t cap)
{
    ssize_t n = gnutls_record_recv(s, out, cap);
    return n > 0 ? (int)n : -1;
}

static int c_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(G.c[i], data, len);
}

static int s_write(hs_run *run, int i, const unsigned char *data, size_t len)
{
    (void)run;
    return wr(G.s[i], data, len);
}

static int c_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(G.c[i], out, cap);
}

static int s_read(hs_run *run, int i, unsigned char *out, size_t cap)
{
    (void)run;
    return rd(G.s[i], out, cap);
}

static void teardown(hs_run *run)
{
    int i;
    (void)run;
    for (i = 0; i < HS_MAX_PAIRS; i++)
        free_pair(i);
    if (G.ccert != NULL)
        gnutls_certificate_free_credentials(G.ccert);
    if (G.scert != NULL)
        gnutls_certificate_free_credentials(G.scert);
    if (G.cpsk != NULL)
        gnutls_psk_free_client_credentials(G.cpsk);
    if (G.spsk != NULL)
        gnutls_psk_free_server_credentials(G.spsk);
    if (G.have_cookie_key)
        gnutls_free(G.cookie_key.data);
    gnutls_global_deinit();
    memset(&G, 0, sizeof(G));
}

const hs_impl hs_impl_gnutls = {"gnutls", setup,  make_pair, handshake, close_pair, c_write,
                                s_write,  c_read, s_read,    NULL,      teardown};
