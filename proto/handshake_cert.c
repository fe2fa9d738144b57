/* handshake_cert.c - the certificate steps of the DTLS 1.2 handshake, called
 * by the state machines in handshake.c:
 *   RFC 5246 7.4.2  Certificate (ours by reference to the credential; the
 *                   peer's verified with x509.h), 7.4.3 ServerKeyExchange
 *                   signature over client_random ‖ server_random ‖ params,
 *                   7.4.4 CertificateRequest, 7.4.8 CertificateVerify over
 *                   the transcript, 7.4.1.4.1 signature_algorithms
 *   RFC 8422 5.4, 5.7  ECDHE_ECDSA and ECDHE_RSA: the signed ServerECDHParams
 *                   and the client's bare point
 *   RFC 7250        raw public keys (client_ / server_certificate_type)
 *   RFC 6066 3      server_name: the server's credential chosen by it
 *
 * Choices:
 * - Signature schemes are limited to those whose hash is the suite's PRF
 *   hash where the transcript is signed (CertificateVerify): the transcript
 *   is kept in one hash only.  The server's CertificateRequest lists only
 *   those; our client answers with an empty Certificate when it has no key
 *   or the server accepts no such scheme.
 * - Peer signatures (chain, ServerKeyExchange, CertificateVerify) are checked
 *   with the ecdsa_verify hook when set, which must answer at once: "in
 *   progress" from it ends the handshake (internal_error).  Our own
 *   signatures (ecdsa_sign hook: a secure element) may take their time: the
 *   step is resumable and nothing is sent meanwhile.
 * - A peer key that the verify callback accepts despite the library's verdict
 *   must still parse and fit the suite. */
#include "engine.h"
#include "msg.h"
#include "suites.h"
#include "hs_msg.h"
#include "x509.h"
#include "../crypto/internal.h"
#include "../crypto/error.h"

#if DTLS_ENABLE_CERTS

#define DTLS__HSC_CT_X509 0 /* TLS Certificate Types (RFC 7250 3, IANA) */
#define DTLS__HSC_CT_RPK 2
#define DTLS__HSC_ECDSA_SIGN 64 /* ClientCertificateType (RFC 8422 5.5) */
#define DTLS__HSC_RSA_SIGN 1

/* Log lines: DTLS__ROM (flash on AVR), given to dtls__log_rom. */
static const char dtls__hsc_l_signature[] DTLS__ROM = "the peer's signature does not verify";
static const char dtls__hsc_l_no_cert[] DTLS__ROM =
    "the server asks for a certificate we cannot give: sending an empty one";
static const char dtls__hsc_l_cert_required[] DTLS__ROM = "the client sent no certificate, and one is required";

static const dtls_crypto_hooks *dtls__hsc_hooks(const dtls_conn *conn)
{
    return conn->dtls__ctx->dtls__cfg->hooks;
}

#if DTLS_ENABLE_RSA
static int dtls__hsc_rng(void *ctx, uint8_t *out, size_t len)
{
    return dtls__hs_random((const dtls_crypto_hooks *)ctx, out, len);
}
#endif

#if DTLS_ENABLE_X509
/* The leaf certificate's key (pointing into der). */
static int dtls__hsc_leaf_key(dtls_public_key *key, const uint8_t *der, size_t len)
{
    dtls_x509 leaf;
    int r = dtls_x509_parse(&leaf, der, len);
    *key = leaf.key;
    return r;
}

/* The peer's X.509 chain against the configuration: the verdict
 * (dtls_x509_verify's code), the leaf key when it is 0. */
static int dtls__hsc_x509_verdict(const dtls_conn *conn, dtls_public_key *key, const dtls_blob *chain, size_t n)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    int client = conn->dtls__role == DTLS_ROLE_CLIENT;
    dtls_x509_verify_params p;
    dtls_x509 leaf;
    int64_t now = 0;
    int verdict;
    if (client && (cfg->flags & DTLS_CFG_NO_VERIFY))
        return dtls__hsc_leaf_key(key, chain[0].data, chain[0].len);
    memset(&p, 0, sizeof(p));
    p.anchors = cfg->trust_anchors;
    p.n_anchors = cfg->n_trust_anchors;
    p.check_time = !(cfg->flags & DTLS_CFG_NO_CLOCK);
    p.purpose = client ? DTLS_X509_SERVER : DTLS_X509_CLIENT;
    p.cn_fallback = (cfg->flags & DTLS_CFG_CN_FALLBACK) != 0;
    p.name = client ? cfg->server_name : NULL;
    p.hooks = cfg->hooks;
    if (p.check_time && (cfg->wall_time == NULL || cfg->wall_time(cfg->user, &now) < 0))
        return DTLS_ERR_CERT_NO_TIME;
    p.now = now;
    verdict = dtls_x509_verify(&p, chain, n, &leaf);
    if (verdict == 0)
        *key = leaf.key;
    return verdict;
}
#else
/* Without X.509 (DTLS_ENABLE_X509 0) no certificate is parsed: a chain is
 * refused where it is given (dtls_credential_init) or received. */
static int dtls__hsc_leaf_key(dtls_public_key *key, const uint8_t *der, size_t len)
{
    (void)key;
    (void)der;
    (void)len;
    return DTLS_ERR_DISABLED;
}

static int dtls__hsc_x509_verdict(const dtls_conn *conn, dtls_public_key *key, const dtls_blob *chain, size_t n)
{
    (void)conn;
    (void)key;
    (void)chain;
    (void)n;
    return DTLS_ERR_CERT_UNSUPPORTED;
}
#endif

static int dtls__hsc_is_ecdsa(uint16_t alg)
{
    return alg == DTLS_SIG_ECDSA_SHA256 || alg == DTLS_SIG_ECDSA_SHA384;
}

static int dtls__hsc_has_byte(const uint8_t *list, size_t len, uint8_t v)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

/* Our signature with the credential's key over hash (DER for ECDSA) at out. */
static int dtls__hsc_sign(dtls_conn *conn, uint16_t alg, const uint8_t *hash, size_t hl, uint8_t *out, size_t cap)
{
    const dtls_private_key *key = conn->dtls__hs->dtls__cred->dtls__key;
    const dtls_crypto_hooks *hooks = dtls__hsc_hooks(conn);
    int r;
    if (dtls__hsc_is_ecdsa(alg)) {
        uint8_t rs[64];
        if (key->type != DTLS_KEY_P256)
            return DTLS_ERR_BAD_KEY;
        r = dtls_crypto_ecdsa_sign(hooks, DTLS_GROUP_SECP256R1, &key->ec, hash, hl, rs);
        if (r == 0)
            r = dtls_ecdsa_sig_to_der(out, cap, rs, 32);
        dtls_wipe(rs, sizeof(rs));
        return r;
    }
#if DTLS_ENABLE_RSA
    if (key->type != DTLS_KEY_RSA)
        return DTLS_ERR_BAD_KEY;
    if (alg == DTLS_SIG_RSA_PSS_SHA256 || alg == DTLS_SIG_RSA_PSS_SHA384)
        return dtls_rsa_pss_sign(out, cap, &key->rsa, dtls__sig_hash(alg), hl, hash, hl, dtls__hsc_rng,
                                 (void *)(uintptr_t)hooks);
    return dtls_rsa_pkcs1_sign(out, cap, &key->rsa, dtls__sig_hash(alg), hash, hl, dtls__hsc_rng,
                               (void *)(uintptr_t)hooks);
#else
    return DTLS_ERR_BAD_KEY;
#endif
}

/* The peer's leaf key as kept in dtls_hs. */
static void dtls__hsc_peer_pub(const dtls_hs *hs, dtls_public_key *k)
{
    memset(k, 0, sizeof(*k));
    k->type = hs->dtls__peer_key_type;
    if (k->type == DTLS_KEY_P256) {
        k->point = hs->dtls__peer_key;
        k->point_len = hs->dtls__peer_key_len;
    }
#if DTLS_ENABLE_RSA
    if (k->type == DTLS_KEY_RSA) {
        k->rsa.n = hs->dtls__peer_key;
        k->rsa.n_len = hs->dtls__peer_key_len;
        k->rsa.e = hs->dtls__peer_key + hs->dtls__peer_key_len;
        k->rsa.e_len = hs->dtls__peer_e_len;
    }
#endif
}

/* Checks sig (scheme alg) over hash with the peer's key: 0, or the fatal alert. */
static int dtls__hsc_verify_peer(dtls_conn *conn, uint16_t alg, const uint8_t *hash, size_t hl, const uint8_t *sig,
                                 size_t sig_len)
{
    dtls_public_key k;
    int r;
    dtls__hsc_peer_pub(conn->dtls__hs, &k);
    r = dtls_pubkey_verify(dtls__hsc_hooks(conn), &k, alg, hash, hl, sig, sig_len);
    if (r == 0)
        return 0;
    if (r == DTLS_ERR_BAD_SIGNATURE) {
        dtls__log_rom(conn, dtls__hsc_l_signature);
        return dtls__fatal(conn, DTLS_ALERT_DECRYPT_ERROR);
    }
    return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR); /* a hook failed or answered "in progress" */
}

/* Hash(client_random ‖ server_random ‖ params) with alg's hash (RFC 5246 7.4.3). */
static int dtls__hsc_ske_hash(dtls_conn *conn, uint16_t alg, const uint8_t *params, size_t pl, uint8_t out[48],
                              size_t *hl)
{
    const dtls_crypto_hooks *hooks = dtls__hsc_hooks(conn);
    dtls_hash_ctx h;
    int alg_hash = dtls__sig_hash(alg), r;
    r = dtls__hs_h_init(hooks, &h, alg_hash);
    if (r == 0)
        r = dtls__hs_h_update(hooks, &h, conn->dtls__client_random, 32);
    if (r == 0)
        r = dtls__hs_h_update(hooks, &h, conn->dtls__hs->dtls__server_random, 32);
    if (r == 0)
        r = dtls__hs_h_update(hooks, &h, params, pl);
    if (r == 0)
        r = dtls__hs_h_final(hooks, &h, out);
    *hl = dtls_crypto_hash_len(alg_hash);
    return r != 0 || *hl == 0 ? DTLS_ERR_HOOK : 0;
}

/* ============================================================== server */

/* Chooses our credential (by SNI) and the certificate types (RFC 7250 4.2).
 * Certificate suites stay usable only when the types work out: when they do
 * not, DTLS__HSC_NO_CERT_SUITES (and the handshake fails with
 * unsupported_certificate if nothing else is left). */
DTLS__PRIV void dtls__hsc_server_hello_in(dtls_conn *conn, const dtls__client_hello *ch)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    const dtls_credential *cred = NULL;
    int rpk = dtls__cfg_rpk(cfg);

    if (cfg->select_cred != NULL) {
        cred = cfg->select_cred(cfg->user, ch->sni, ch->sni != NULL ? ch->sni_len : 0);
        if (cred != NULL && ch->sni != NULL)
            hs->dtls__cert_flags |= DTLS__HSC_SNI_ACK; /* RFC 6066 3: we used it */
    }
    hs->dtls__cred = cred != NULL ? cred : cfg->cred;
    cred = hs->dtls__cred;
    if (cred == NULL || cred->dtls__key == NULL) {
        hs->dtls__cert_flags |= DTLS__HSC_NO_CERT_SUITES;
        return;
    }
    if (ch->server_cert_types != NULL) {
        if (rpk && cred->dtls__rpk_len &&
            dtls__hsc_has_byte(ch->server_cert_types, ch->server_cert_types_len, DTLS__HSC_CT_RPK))
            hs->dtls__cert_flags |= DTLS__HSC_SRV_RPK | DTLS__HSC_SRV_TYPE;
        else if (cred->dtls__chain_len &&
                 dtls__hsc_has_byte(ch->server_cert_types, ch->server_cert_types_len, DTLS__HSC_CT_X509))
            hs->dtls__cert_flags |= DTLS__HSC_SRV_TYPE;
        else
            hs->dtls__cert_flags |= DTLS__HSC_NO_CERT_SUITES | DTLS__HSC_TYPE_MISMATCH;
    } else if (cred->dtls__chain_len == 0) {
        hs->dtls__cert_flags |= DTLS__HSC_NO_CERT_SUITES | DTLS__HSC_TYPE_MISMATCH; /* X.509 implied, none here */
    }
    if (cfg->verify_client != DTLS_VERIFY_NONE && ch->client_cert_types != NULL) {
        if (rpk && dtls__hsc_has_byte(ch->client_cert_types, ch->client_cert_types_len, DTLS__HSC_CT_RPK))
            hs->dtls__cert_flags |= DTLS__HSC_CLI_RPK | DTLS__HSC_CLI_TYPE;
        else if (!rpk && dtls__hsc_has_byte(ch->client_cert_types, ch->client_cert_types_len, DTLS__HSC_CT_X509))
            hs->dtls__cert_flags |= DTLS__HSC_CLI_TYPE;
        else
            hs->dtls__cert_flags |= DTLS__HSC_NO_CERT_SUITES | DTLS__HSC_TYPE_MISMATCH;
    }
}

/* 1 when the certificate suite s can be used with this ClientHello: our key
 * fits its key exchange, the certificate types worked out, and the client
 * accepts a signature scheme for our key (RFC 5246 7.4.1.4.1: a ClientHello
 * without signature_algorithms implies SHA-1, which we never sign with).
 * Sets the ServerKeyExchange scheme. */
DTLS__PRIV int dtls__hsc_server_suite_ok(dtls_conn *conn, const dtls__suite *s, const dtls__client_hello *ch)
{
    static const uint16_t ecdsa[] = {DTLS_SIG_ECDSA_SHA256, DTLS_SIG_ECDSA_SHA384};
    static const uint16_t rsa[] = {DTLS_SIG_RSA_PSS_SHA256, DTLS_SIG_RSA_PKCS1_SHA256, DTLS_SIG_RSA_PSS_SHA384,
                                   DTLS_SIG_RSA_PKCS1_SHA384};
    dtls_hs *hs = conn->dtls__hs;
    const dtls_credential *cred = hs->dtls__cred;
    const uint16_t *list;
    size_t n, i;

    if ((hs->dtls__cert_flags & DTLS__HSC_NO_CERT_SUITES) || ch->sig_algs == NULL)
        return 0;
    if (s->kex == DTLS__KEX_ECDHE_ECDSA) {
        /* in DTLS 1.2 supported_groups also limits the curve of our certificate (RFC 8422 5.1.1) */
        if (cred->dtls__key->type != DTLS_KEY_P256 ||
            (ch->groups != NULL && !dtls__msg_has_group(ch->groups, ch->groups_len, DTLS_GROUP_SECP256R1)))
            return 0;
        list = ecdsa;
        n = sizeof(ecdsa) / sizeof(ecdsa[0]);
    } else if (s->kex == DTLS__KEX_ECDHE_RSA) {
        if (cred->dtls__key->type != DTLS_KEY_RSA || (hs->dtls__cert_flags & DTLS__HSC_SRV_RPK))
            return 0;
        list = rsa;
        n = sizeof(rsa) / sizeof(rsa[0]);
    } else {
        return 0;
    }
    for (i = 0; i < n; i++)
        if (dtls__sig_hash(list[i]) != 0 && dtls__msg_has_suite(ch->sig_algs, ch->sig_algs_len, list[i])) {
            hs->dtls__sig_alg = list[i];
            return 1;
        }
    return 0;
}

/* Fills the certificate-related ServerHello extensions. */
DTLS__PRIV void dtls__hsc_server_hello_out(const dtls_conn *conn, dtls__server_hello_out *o)
{
    const dtls_hs *hs = conn->dtls__hs;
    uint16_t f = hs->dtls__cert_flags;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    if (hs->dtls__cert_flags & DTLS__HSC_SNI_ACK)
        o->sni_ack = 1;
    if (s == NULL || (s->kex != DTLS__KEX_ECDHE_ECDSA && s->kex != DTLS__KEX_ECDHE_RSA))
        return;
    if (f & DTLS__HSC_SRV_TYPE) {
        o->send_server_cert_type = 1;
        o->server_cert_type = (f & DTLS__HSC_SRV_RPK) ? DTLS__HSC_CT_RPK : DTLS__HSC_CT_X509;
    }
    if (f & DTLS__HSC_CLI_TYPE) {
        o->send_client_cert_type = 1;
        o->client_cert_type = (f & DTLS__HSC_CLI_RPK) ? DTLS__HSC_CT_RPK : DTLS__HSC_CT_X509;
    }
}

/* Our Certificate (by reference) into the flight, committed but not hashed
 * (flight 4 is hashed whole once written). */
DTLS__PRIV int dtls__hsc_commit_certificate(dtls_conn *conn, uint8_t peer_rpk_flag)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls_credential *cred = hs->dtls__cred;
    uint16_t seq = hs->dtls__send_seq;
    int rpk = (hs->dtls__cert_flags & peer_rpk_flag) != 0;
    const uint8_t *body = rpk ? cred->dtls__rpk_msg : cred->dtls__chain_msg;
    size_t len = rpk ? cred->dtls__rpk_len : cred->dtls__chain_len;
    if (dtls__flight_commit_ref(conn, 0, DTLS__HS_CERTIFICATE, seq, body, len) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    hs->dtls__send_seq++;
    return 0;
}

/* Server: the signed ServerKeyExchange (resumable: the params stay written
 * at the flight's end while the signing hook works; DTLS__HSP_SKE_PARAMS). */
static int dtls__hsc_server_cert_request(dtls_conn *conn);

/* Server: the signed ServerKeyExchange (resumable: the signing hook may
 * answer "in progress"), then the CertificateRequest when client
 * certificates are wanted. */
DTLS__PRIV int dtls__hsc_server_ske(dtls_conn *conn, uint8_t params_done_flag)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap, hl;
    uint8_t *p = dtls__flight_next(conn, &cap), h[48];
    int n, r, sl;

    if (!(hs->dtls__progress & params_done_flag)) {
        n = dtls__msg_write_ecdh_params(p, cap, hs->dtls__group, hs->dtls__my_point, hs->dtls__my_point_len);
        if (n < 0)
            return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
        hs->dtls__ske_params_len = (uint8_t)n;
        hs->dtls__progress |= params_done_flag;
    }
    n = hs->dtls__ske_params_len;
    if ((size_t)n + 4 > cap || dtls__hsc_ske_hash(conn, hs->dtls__sig_alg, p, (size_t)n, h, &hl) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    sl = dtls__hsc_sign(conn, hs->dtls__sig_alg, h, hl, p + n + 4, cap - (size_t)n - 4);
    if (sl == DTLS_ERR_IN_PROGRESS)
        return sl;
    if (sl <= 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    /* the signature is in place: write the scheme and its length in front of it */
    p[n] = (uint8_t)(hs->dtls__sig_alg >> 8);
    p[n + 1] = (uint8_t)hs->dtls__sig_alg;
    p[n + 2] = (uint8_t)((unsigned)sl >> 8);
    p[n + 3] = (uint8_t)sl;
    r = dtls__flight_commit(conn, 0, DTLS__HS_SERVER_KEY_EXCHANGE, hs->dtls__send_seq, (size_t)n + 4 + (size_t)sl);
    if (r != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__send_seq++;
    if (conn->dtls__ctx->dtls__cfg->verify_client != DTLS_VERIFY_NONE && dtls__hsc_server_cert_request(conn) != 0)
        return DTLS_ERR_ALERT_SENT(DTLS_ALERT_INTERNAL_ERROR);
    return 0;
}

/* Server: CertificateRequest (RFC 5246 7.4.4), committed unhashed.  Lists
 * only schemes whose hash is the PRF hash (the transcript we keep), of those
 * this build verifies (suites.h); rsa_sign only with RSA compiled in. */
static int dtls__hsc_server_cert_request(dtls_conn *conn)
{
    static const uint8_t types[] = {DTLS__HSC_ECDSA_SIGN, DTLS__HSC_RSA_SIGN};
    uint16_t all[DTLS__SIG_MAX], sigs[DTLS__SIG_MAX];
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    size_t cap, i, n_all = dtls__sig_schemes(all), n_sigs = 0;
    uint8_t *p = dtls__flight_next(conn, &cap);
    int n;
    for (i = 0; i < n_all; i++)
        if (dtls__sig_hash(all[i]) == s->prf_hash)
            sigs[n_sigs++] = all[i];
    n = dtls__msg_write_certificate_request(p, cap, types, DTLS_ENABLE_RSA ? 2u : 1u, sigs, n_sigs);
    if (n < 0 || dtls__flight_commit(conn, 0, DTLS__HS_CERTIFICATE_REQUEST, hs->dtls__send_seq, (size_t)n) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    hs->dtls__send_seq++;
    hs->dtls__cert_flags |= DTLS__HSC_CERT_REQ;
    return 0;
}

/* Server: the client's CertificateVerify over the transcript before it
 * (RFC 5246 7.4.8).  0 (the caller hashes it) or the fatal alert. */
DTLS__PRIV int dtls__hsc_server_cert_verify(dtls_conn *conn, const uint8_t *body, size_t len)
{
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    uint16_t alg;
    const uint8_t *sig;
    size_t sl, hl;
    uint8_t h[48];

    if (dtls__msg_parse_digitally_signed(&alg, &sig, &sl, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (dtls__sig_hash(alg) != s->prf_hash) /* not one our CertificateRequest listed */
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    if (dtls__hs_hash_now(conn, h, &hl) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    return dtls__hsc_verify_peer(conn, alg, h, hl, sig, sl);
}

/* ============================================================== client */

/* What the ClientHello carries for certificates: SNI unless the expected
 * name is an IP literal; with raw public keys the certificate types. */
DTLS__PRIV void dtls__hsc_client_hello_out(const dtls_conn *conn, dtls__client_hello_out *o)
{
    static const uint8_t rpk[] = {DTLS__HSC_CT_RPK};
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    if (cfg->server_name != NULL && !dtls_ip_parse(cfg->server_name, NULL, NULL)) {
        o->sni = (const uint8_t *)cfg->server_name;
        o->sni_len = dtls__strlen(cfg->server_name);
    }
    if (dtls__cfg_rpk(cfg)) {
        o->server_cert_types = rpk;
        o->n_server_cert_types = 1;
        if (cfg->cred != NULL && cfg->cred->dtls__rpk_len) {
            o->client_cert_types = rpk;
            o->n_client_cert_types = 1;
        }
    }
}

/* Client: the certificate types the ServerHello chose (0 or the fatal alert). */
DTLS__PRIV int dtls__hsc_client_server_hello(dtls_conn *conn, const dtls__server_hello *sh, int cert_suite)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    int rpk = dtls__cfg_rpk(cfg);
    int offered_cli = rpk && cfg->cred != NULL && cfg->cred->dtls__rpk_len;

    if ((sh->has_server_cert_type && !rpk) || (sh->has_client_cert_type && !offered_cli))
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION);
    if ((sh->has_server_cert_type && sh->server_cert_type != DTLS__HSC_CT_RPK) ||
        (sh->has_client_cert_type && sh->client_cert_type != DTLS__HSC_CT_RPK))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER); /* not a type we offered */
    if (cert_suite && rpk && !sh->has_server_cert_type)
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_CERTIFICATE); /* X.509 implied: we only do raw keys */
    if (sh->has_server_cert_type)
        hs->dtls__cert_flags |= DTLS__HSC_SRV_RPK;
    if (sh->has_client_cert_type)
        hs->dtls__cert_flags |= DTLS__HSC_CLI_RPK;
    hs->dtls__cred = cfg->cred;
    return 0;
}

/* Client: the signed ServerKeyExchange (RFC 8422 5.4).  0 or the fatal alert. */
DTLS__PRIV int dtls__hsc_client_ske(dtls_conn *conn, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    dtls__ske_ecdhe k;
    uint8_t h[48];
    size_t hl;
    int r;

    if (dtls__msg_parse_ske_ecdhe(&k, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (!dtls__hs_group_ok(conn, k.group, k.point_len))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    if (dtls__sig_hash(k.sig_alg) == 0) /* not a scheme we offered */
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    if (dtls__hsc_ske_hash(conn, k.sig_alg, k.params, k.params_len, h, &hl) != 0)
        return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
    r = dtls__hsc_verify_peer(conn, k.sig_alg, h, hl, k.sig, k.sig_len);
    if (r != 0)
        return r;
    hs->dtls__group = k.group;
    memcpy(hs->dtls__peer_point, k.point, k.point_len);
    hs->dtls__peer_point_len = (uint8_t)k.point_len;
    return 0;
}

/* Client: a CertificateRequest.  Picks the CertificateVerify scheme: ECDSA
 * with the PRF hash, for our P-256 key of the negotiated type; none (an
 * empty Certificate) otherwise.  0 or the fatal alert. */
DTLS__PRIV int dtls__hsc_client_cert_request(dtls_conn *conn, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls_credential *cred = hs->dtls__cred;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    dtls__cert_request cr;
    uint16_t want = s->prf_hash == DTLS_HASH_SHA384 ? DTLS_SIG_ECDSA_SHA384 : DTLS_SIG_ECDSA_SHA256;
    int rpk = (hs->dtls__cert_flags & DTLS__HSC_CLI_RPK) != 0;

    if (dtls__msg_parse_certificate_request(&cr, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    hs->dtls__cert_flags |= DTLS__HSC_CERT_REQ;
    hs->dtls__sig_alg = 0;
    if (cred != NULL && cred->dtls__key != NULL && cred->dtls__key->type == DTLS_KEY_P256 &&
        (rpk ? cred->dtls__rpk_len != 0 : cred->dtls__chain_len != 0) &&
        dtls__hsc_has_byte(cr.types, cr.types_len, DTLS__HSC_ECDSA_SIGN) &&
        dtls__msg_has_suite(cr.sig_algs, cr.sig_algs_len, want) && dtls__sig_hash(want) != 0)
        hs->dtls__sig_alg = want;
    else
        dtls__log_rom(conn, dtls__hsc_l_no_cert);
    return 0;
}

/* Client: our Certificate in flight 5 (added and hashed): the credential's,
 * or an empty one when we have none that suits. */
static int dtls__hsc_client_certificate(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap;
    uint8_t *p;
    if (hs->dtls__sig_alg != 0) {
        if (dtls__hsc_commit_certificate(conn, DTLS__HSC_CLI_RPK) != 0)
            return DTLS_ERR_BUFFER_TOO_SMALL;
        return dtls__hs_hash_last(conn);
    }
    p = dtls__flight_next(conn, &cap);
    if (cap < 3)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    p[0] = p[1] = p[2] = 0; /* certificate_list<0..2^24-1> empty (also the RFC 7250 form) */
    return dtls__hs_add(conn, 0, DTLS__HS_CERTIFICATE, 3);
}

/* Client: CertificateVerify over the transcript so far (resumable: the
 * signing hook may answer "in progress"; called again it signs the same
 * hash).  Added and hashed. */
DTLS__PRIV int dtls__hsc_client_cert_verify(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap, hl;
    uint8_t *p = dtls__flight_next(conn, &cap), h[48];
    int sl;
    if (hs->dtls__sig_alg == 0)
        return 0; /* no certificate of ours in this handshake: nothing to prove */
    if (cap < 4 || dtls__hs_hash_now(conn, h, &hl) != 0)
        return DTLS_ERR_HOOK;
    sl = dtls__hsc_sign(conn, hs->dtls__sig_alg, h, hl, p + 4, cap - 4);
    if (sl == DTLS_ERR_IN_PROGRESS)
        return sl;
    if (sl <= 0)
        return DTLS_ERR_HOOK;
    p[0] = (uint8_t)(hs->dtls__sig_alg >> 8);
    p[1] = (uint8_t)hs->dtls__sig_alg;
    p[2] = (uint8_t)((unsigned)sl >> 8);
    p[3] = (uint8_t)sl;
    return dtls__hs_add(conn, 0, DTLS__HS_CERTIFICATE_VERIFY, 4 + (size_t)sl);
}

/* Client: [Certificate] (when asked) and the ClientKeyExchange of flight 5,
 * added and hashed. */
DTLS__PRIV int dtls__hsc_client_kex(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    size_t cap;
    uint8_t *p;
    int n;
    if ((hs->dtls__cert_flags & DTLS__HSC_CERT_REQ) && dtls__hsc_client_certificate(conn) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    p = dtls__flight_next(conn, &cap);
    n = dtls__msg_write_cke_ecdhe(p, cap, hs->dtls__my_point, hs->dtls__my_point_len);
    if (n < 0 || dtls__hs_add(conn, 0, DTLS__HS_CLIENT_KEY_EXCHANGE, (size_t)n) != 0)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    return 0;
}

/* Server: the client's ClientKeyExchange of an ECDHE_ECDSA / ECDHE_RSA suite
 * (RFC 8422 5.7: the bare point), kept for the shared secret. */
DTLS__PRIV int dtls__hsc_server_cke(dtls_conn *conn, const uint8_t *body, size_t len)
{
    dtls_hs *hs = conn->dtls__hs;
    const uint8_t *point;
    size_t pl;
    if (dtls__msg_parse_cke_ecdhe(&point, &pl, body, len) != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (!dtls__hs_point_ok(hs->dtls__group, pl))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    memcpy(hs->dtls__peer_point, point, pl);
    hs->dtls__peer_point_len = (uint8_t)pl;
    return 0;
}

DTLS__PRIV uint16_t dtls__hsc_flags(const dtls_conn *conn)
{
    return conn->dtls__hs->dtls__cert_flags;
}

DTLS__PRIV void dtls__hsc_rewind(dtls_conn *conn)
{
    dtls_hs *hs = conn->dtls__hs;
    hs->dtls__cert_flags = 0;
    hs->dtls__sig_alg = 0;
    hs->dtls__peer_key_type = 0;
}

/* ========================================================== credential */

/* RFC 5480 2: SubjectPublicKeyInfo of a P-256 key, up to the point */
static const uint8_t dtls__hsc_p256_spki[26] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                                0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                                0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};

#if DTLS_ENABLE_RSA
static int dtls__hsc_same_int(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
    while (al > 0 && a[0] == 0) {
        a++;
        al--;
    }
    while (bl > 0 && b[0] == 0) {
        b++;
        bl--;
    }
    return al == bl && memcmp(a, b, al) == 0;
}
#endif

DTLS_API int dtls_credential_init_layout(dtls_credential *cred, uint8_t *buf, size_t cap, const dtls_blob *certs,
                                         size_t n, const dtls_private_key *key, uint32_t layout)
{
    dtls_public_key leaf;
    int r, same = 0;
    if (layout != DTLS_LAYOUT)
        return DTLS_ERR_LAYOUT; /* before anything is written (api.h, the layout guard) */
    if (cred == NULL || key == NULL || (n != 0 && (certs == NULL || buf == NULL)))
        return DTLS_ERR_BAD_ARG;
    if (key->type != DTLS_KEY_P256 && key->type != DTLS_KEY_RSA)
        return DTLS_ERR_BAD_ARG;
    memset(cred, 0, sizeof(*cred));
    cred->dtls__key = key;
    if (n != 0) {
        r = dtls__hsc_leaf_key(&leaf, certs[0].data, certs[0].len);
        if (r != 0)
            return r == DTLS_ERR_DISABLED ? r : DTLS_ERR_CERT_PARSE;
        if (key->type == DTLS_KEY_P256)
            same = leaf.type == DTLS_KEY_P256 && leaf.point_len == 65 && memcmp(leaf.point, key->ec_pub, 65) == 0;
#if DTLS_ENABLE_RSA
        else
            same = leaf.type == DTLS_KEY_RSA && dtls__hsc_same_int(leaf.rsa.n, leaf.rsa.n_len, key->rsa.n, key->rsa.n_len);
#endif
        if (!same)
            return DTLS_ERR_BAD_KEY;
        r = dtls__msg_write_certificate(buf, cap, certs, n);
        if (r < 0)
            return r;
        cred->dtls__chain_msg = buf;
        cred->dtls__chain_len = (size_t)r;
    }
    if (key->type == DTLS_KEY_P256) { /* RFC 7250 3: the bare SubjectPublicKeyInfo */
        cred->dtls__rpk_msg[0] = 0;
        cred->dtls__rpk_msg[1] = 0;
        cred->dtls__rpk_msg[2] = 91;
        memcpy(cred->dtls__rpk_msg + 3, dtls__hsc_p256_spki, sizeof(dtls__hsc_p256_spki));
        memcpy(cred->dtls__rpk_msg + 3 + sizeof(dtls__hsc_p256_spki), key->ec_pub, 65);
        cred->dtls__rpk_len = 3 + 91;
    }
    return 0;
}

/* ================================================================ both */

static int dtls__hsc_refuse(dtls_conn *conn, int err, uint8_t alert)
{
    conn->dtls__cert_err = (int16_t)err;
    dtls__log_rom(conn, dtls_strerror(err)); /* a DTLS__ROM text */
    return dtls__fatal(conn, alert);
}

/* The peer's Certificate message is longer than DTLS_MAX_CERT_MSG. */
DTLS__PRIV int dtls__hsc_too_big(dtls_conn *conn)
{
    return dtls__hsc_refuse(conn, DTLS_ERR_CERT_TOO_BIG, DTLS_ALERT_BAD_CERTIFICATE);
}

/* Keeps the leaf key for the signatures to come; it must fit the suite. */
static int dtls__hsc_keep_key(dtls_conn *conn, const dtls_public_key *k)
{
    dtls_hs *hs = conn->dtls__hs;
    const dtls__suite *s = dtls__suite_find(conn->dtls__suite);
    int client = conn->dtls__role == DTLS_ROLE_CLIENT;
    if (k->type == DTLS_KEY_P256 && k->point_len == 65 && (!client || s->kex == DTLS__KEX_ECDHE_ECDSA)) {
        memcpy(hs->dtls__peer_key, k->point, 65);
        hs->dtls__peer_key_len = 65;
        hs->dtls__peer_key_type = DTLS_KEY_P256;
        return 0;
    }
#if DTLS_ENABLE_RSA
    if (k->type == DTLS_KEY_RSA && (!client || s->kex == DTLS__KEX_ECDHE_RSA) && k->rsa.e_len <= 8 &&
        k->rsa.n_len + k->rsa.e_len <= sizeof(hs->dtls__peer_key)) {
        memcpy(hs->dtls__peer_key, k->rsa.n, k->rsa.n_len);
        memcpy(hs->dtls__peer_key + k->rsa.n_len, k->rsa.e, k->rsa.e_len);
        hs->dtls__peer_key_len = (uint16_t)k->rsa.n_len;
        hs->dtls__peer_e_len = (uint8_t)k->rsa.e_len;
        hs->dtls__peer_key_type = DTLS_KEY_RSA;
        return 0;
    }
#endif
    return DTLS_ERR_CERT_UNSUPPORTED;
}

/* The peer's Certificate (RFC 5246 7.4.2 / RFC 7250 3), either role: parse,
 * validate (x509.h), let the verify callback decide, keep the leaf key.
 * Returns 0 (the caller hashes the message), or the fatal alert.  An empty
 * client Certificate is 0 with DTLS__HSC_PEER_CERT left unset. */
DTLS__PRIV int dtls__hsc_peer_certificate(dtls_conn *conn, const uint8_t *body, size_t len)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    dtls_hs *hs = conn->dtls__hs;
    int client = conn->dtls__role == DTLS_ROLE_CLIENT;
    int rpk = (hs->dtls__cert_flags & (client ? DTLS__HSC_SRV_RPK : DTLS__HSC_CLI_RPK)) != 0;
    dtls_blob chain[DTLS_MAX_CHAIN];
    size_t n = 0;
    dtls_public_key key;
    int r, verdict;

    if (rpk) {
        r = dtls__msg_parse_certificate_rpk(&chain[0], body, len);
        n = r == 0 && chain[0].len != 0 ? 1 : 0;
    } else {
        r = dtls__msg_parse_certificate(chain, DTLS_MAX_CHAIN, &n, body, len);
    }
    if (r == DTLS_ERR_CERT_TOO_BIG)
        return dtls__hsc_refuse(conn, r, DTLS_ALERT_BAD_CERTIFICATE);
    if (r != 0)
        return dtls__fatal(conn, DTLS_ALERT_DECODE_ERROR);
    if (n == 0) {
        if (client)
            return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE); /* a server must authenticate */
        if (cfg->verify_client == DTLS_VERIFY_REQUIRED) {
            dtls__log_rom(conn, dtls__hsc_l_cert_required);
            return dtls__fatal(conn, DTLS_ALERT_HANDSHAKE_FAILURE);
        }
        return 0;
    }
    memset(&key, 0, sizeof(key));
    if (rpk) {
        verdict = dtls_spki_parse(&key, chain[0].data, chain[0].len);
        if (verdict == 0)
            verdict = DTLS_ERR_CERT_UNKNOWN_CA; /* nothing vouches for a bare key: the callback decides */
    } else {
        verdict = dtls__hsc_x509_verdict(conn, &key, chain, n);
    }
    if (cfg->verify != NULL) {
        dtls_peer_cert pc;
        int cb;
        pc.chain = chain;
        pc.n = n;
        pc.is_rpk = (uint8_t)rpk;
        pc.verdict = verdict;
        cb = cfg->verify(cfg->user, conn, &pc);
        if (cb != 0)
            return dtls__hsc_refuse(conn, DTLS_ERR_CERT_REJECTED,
                                    (uint8_t)(cb > 0 && cb < 256 ? cb : DTLS_ALERT_BAD_CERTIFICATE));
        if (verdict != 0 && !rpk) { /* accepted against the verdict: the key must still be usable */
            if (dtls__hsc_leaf_key(&key, chain[0].data, chain[0].len) != 0)
                return dtls__hsc_refuse(conn, DTLS_ERR_CERT_PARSE, DTLS_ALERT_BAD_CERTIFICATE);
        }
        if (rpk && key.type == DTLS_KEY_NONE)
            return dtls__hsc_refuse(conn, DTLS_ERR_CERT_PARSE, DTLS_ALERT_BAD_CERTIFICATE);
    } else if (verdict != 0) {
        uint8_t a = dtls_x509_alert(verdict);
        return dtls__hsc_refuse(conn, verdict, a != 0 ? a : (uint8_t)DTLS_ALERT_BAD_CERTIFICATE);
    }
    if (dtls__hsc_keep_key(conn, &key) != 0)
        return dtls__hsc_refuse(conn, DTLS_ERR_CERT_UNSUPPORTED, DTLS_ALERT_UNSUPPORTED_CERTIFICATE);
    hs->dtls__cert_flags |= DTLS__HSC_PEER_CERT;
    return 0;
}

#else /* DTLS_ENABLE_CERTS */

/* Without certificates no certificate suite exists, so no handshake reaches
 * a certificate step: these keep handshake.c free of feature #ifs. */
DTLS__PRIV uint16_t dtls__hsc_flags(const dtls_conn *conn)
{
    (void)conn;
    return 0;
}

DTLS__PRIV void dtls__hsc_rewind(dtls_conn *conn)
{
    (void)conn;
}

DTLS__PRIV void dtls__hsc_server_hello_in(dtls_conn *conn, const dtls__client_hello *ch)
{
    (void)conn;
    (void)ch;
}

DTLS__PRIV int dtls__hsc_server_suite_ok(dtls_conn *conn, const dtls__suite *s, const dtls__client_hello *ch)
{
    (void)conn;
    (void)s;
    (void)ch;
    return 0;
}

DTLS__PRIV void dtls__hsc_server_hello_out(const dtls_conn *conn, dtls__server_hello_out *o)
{
    (void)conn;
    (void)o;
}

DTLS__PRIV void dtls__hsc_client_hello_out(const dtls_conn *conn, dtls__client_hello_out *o)
{
    (void)conn;
    (void)o;
}

/* A server_name answer to a client that sent none (it sends SNI only with certificates). */
DTLS__PRIV int dtls__hsc_client_server_hello(dtls_conn *conn, const dtls__server_hello *sh, int cert_suite)
{
    (void)cert_suite;
    return sh->has_server_name ? dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION) : 0;
}

DTLS__PRIV int dtls__hsc_commit_certificate(dtls_conn *conn, uint8_t peer_rpk_flag)
{
    (void)peer_rpk_flag;
    return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
}

DTLS__PRIV int dtls__hsc_server_ske(dtls_conn *conn, uint8_t params_done_flag)
{
    (void)params_done_flag;
    return dtls__fatal(conn, DTLS_ALERT_INTERNAL_ERROR);
}

DTLS__PRIV int dtls__hsc_client_kex(dtls_conn *conn)
{
    (void)conn;
    return DTLS_ERR_UNSUPPORTED;
}

DTLS__PRIV int dtls__hsc_client_cert_verify(dtls_conn *conn)
{
    (void)conn;
    return 0;
}

/* A certificate message or step without certificate support: unexpected. */
DTLS__PRIV int dtls__hsc_server_cke(dtls_conn *conn, const uint8_t *body, size_t len)
{
    (void)body;
    (void)len;
    return dtls__fatal(conn, DTLS_ALERT_UNEXPECTED_MESSAGE);
}

DTLS__PRIV int dtls__hsc_server_cert_verify(dtls_conn *conn, const uint8_t *body, size_t len)
{
    return dtls__hsc_server_cke(conn, body, len);
}

DTLS__PRIV int dtls__hsc_client_ske(dtls_conn *conn, const uint8_t *body, size_t len)
{
    return dtls__hsc_server_cke(conn, body, len);
}

DTLS__PRIV int dtls__hsc_client_cert_request(dtls_conn *conn, const uint8_t *body, size_t len)
{
    return dtls__hsc_server_cke(conn, body, len);
}

DTLS__PRIV int dtls__hsc_peer_certificate(dtls_conn *conn, const uint8_t *body, size_t len)
{
    return dtls__hsc_server_cke(conn, body, len);
}

DTLS__PRIV int dtls__hsc_too_big(dtls_conn *conn)
{
    return dtls__fatal(conn, DTLS_ALERT_UNEXPECTED_MESSAGE);
}

#endif /* DTLS_ENABLE_CERTS */

#undef DTLS__HSC_CT_X509
#undef DTLS__HSC_CT_RPK
#undef DTLS__HSC_ECDSA_SIGN
#undef DTLS__HSC_RSA_SIGN
