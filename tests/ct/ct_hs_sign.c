/* ct_hs_sign.c - constant-time check of the handshake's signing step
 * (proto/handshake_cert.c dtls__hsc_sign: ServerKeyExchange and
 * CertificateVerify signatures with the credential's key) under valgrind
 * memcheck, with a software P-256 key (ECDSA SHA-256, hedged and
 * deterministic) and an RSA-2048 key (PKCS#1 v1.5 and PSS, SHA-256 and
 * SHA-384).  The signing primitives themselves are covered by ct_p256.c and
 * ct_rsa.c; this checks the glue: the key reached through the credential, the
 * hooks dispatch, the DER encoding of (r, s), the wiping of the raw signature.
 *
 * Secret (marked undefined): the private keys in their DER before
 * dtls_private_key_parse (the P-256 scalar; RSA d, p, q, dp, dq, qinv, as in
 * ct_privkey.c), so the parsed key in the credential; every byte the random
 * source returns (ECDSA hedging, RSA blinding and PSS salt).  Public: the hash
 * signed, the signature scheme, every length.
 *
 * Declassified: in the library, DTLS__ECC_DECLASSIFY and DTLS__X509_DECLASSIFY
 * (as in ct_p256.c and ct_privkey.c); by the harness, the raw ECDSA (r, s) as
 * it leaves the signer, before dtls__hsc_sign DER-encodes it (the encoding's
 * INTEGER lengths depend on the leading bytes of r and s: public, since the
 * signature is sent), and the signature dtls__hsc_sign returns, with its
 * return code (for RSA the fault-check bit, see ct_rsa.c).  The harness
 * verifies each signature with dtls_pubkey_verify.
 *
 * dtls__hsc_sign is a static function of handshake_cert.c: the library
 * sources are included here, compiled as static functions (DTLS_STATIC +
 * DTLS__AMALGAMATED, as in the single-header build), and the harness calls it
 * with a minimal connection (conn -> ctx -> config -> hooks, conn -> hs ->
 * credential -> key).  The program links with nothing else:
 *   gcc -O2 -g -Icrypto tests/ct/ct_hs_sign.c -o ct_hs_sign
 *   valgrind --error-exitcode=1 --track-origins=yes ./ct_hs_sign
 * (0 errors required, also at -Os). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define DTLS_STATIC 1
#define DTLS__AMALGAMATED 1
#define DTLS_IMPLEMENTATION 1 /* private functions static too, as in the header's implementation unit */
#define DTLS__ECC_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#define DTLS__X509_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

#include "sources_crypto.h"

#if !defined(CT_NO_SIG_DECLASSIFY) /* -DCT_NO_SIG_DECLASSIFY: negative control */
/* The raw (r, s) leaves the signer here, in dtls__hsc_sign: public from now
 * on (what ct_p256.c declassifies after dtls_p256_ecdsa_sign returns). */
static int ct_sig_to_der(uint8_t *der, size_t cap, const uint8_t *rs, size_t coord_len)
{
    PUBLIC(rs, 2 * coord_len);
    return dtls_ecdsa_sig_to_der(der, cap, rs, coord_len);
}
#define dtls_ecdsa_sig_to_der ct_sig_to_der
#endif

#include "sources_proto.h"

#undef dtls_ecdsa_sig_to_der

/* P-256 key 1, SEC1 ECPrivateKey with [0] prime256v1 and [1] the uncompressed public key (tests/proto/certdata.h cd_srv_key) (121 bytes) */
static const char k_ec_sec1[] =
    "30770201010420aa53e497838094bb160161484629873c42f7c79f7c41890f94e77c9420818b71a00a06082a8648ce3d"
    "030107a14403420004e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cdef49cee8df97539"
    "ffcfa23ba456f5b0a2a1799a9f8071130777c1a7cfb778b063";

static int bad;
static unsigned long long rng_state = 0x9E3779B97F4A7C15ULL;

/* Deterministic generator; its output is marked secret. */
static int rng(void *user, uint8_t *out, size_t len)
{
    size_t i;
    (void)user;
    for (i = 0; i < len; i++) {
        rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
        out[i] = (uint8_t)(rng_state >> 33);
    }
    SECRET(out, len);
    return 0;
}

static uint8_t ec_der[256], rsa_der[2048], out[1024];
static dtls_private_key k_ec, k_rsa;
static dtls_credential cred_ec, cred_rsa;
static dtls_crypto_hooks hooks;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static dtls_conn conn;

static void sign_case(const char *name, const dtls_credential *cred, uint16_t alg, size_t hl)
{
    uint8_t hash[48];
    dtls_public_key pub;
    int rc, v;

    fill(hash, sizeof hash, (unsigned)alg);
    hs.dtls__cred = cred;
    memset(out, 0, sizeof out);
    rc = dtls__hsc_sign(&conn, alg, hash, hl, out, sizeof out);
    PUBLIC(&rc, sizeof rc);
    if (rc <= 0) {
        printf("FAIL %s: dtls__hsc_sign %d\n", name, rc);
        bad = 1;
        return;
    }
    consume(out, (size_t)rc); /* the signature: it goes on the wire */
    memset(&pub, 0, sizeof pub);
    if (cred->dtls__key->type == DTLS_KEY_P256) {
        pub.type = DTLS_KEY_P256;
        pub.point = cred->dtls__key->ec_pub;
        pub.point_len = 65;
    } else {
        pub.type = DTLS_KEY_RSA;
        pub.rsa.n = cred->dtls__key->rsa.n;
        pub.rsa.n_len = cred->dtls__key->rsa.n_len;
        pub.rsa.e = cred->dtls__key->rsa.e;
        pub.rsa.e_len = cred->dtls__key->rsa.e_len;
    }
    v = dtls_pubkey_verify(NULL, &pub, alg, hash, hl, out, (size_t)rc);
    out[rc / 2] ^= 0x01; /* a signature that cannot fail is no check */
    if (v != 0 || dtls_pubkey_verify(NULL, &pub, alg, hash, hl, out, (size_t)rc) == 0) {
        printf("FAIL %s: verify %d\n", name, v);
        bad = 1;
        return;
    }
    printf("ok   %s (%d bytes)\n", name, rc);
}

int main(void)
{
    size_t n, off, i, at, len;
    int rc;

    /* P-256: SEC1, the 32 scalar octets secret */
    n = ct_unhex(ec_der, sizeof ec_der, k_ec_sec1);
    off = ct_skip(ec_der, 2); /* after SEQUENCE header + version */
    at = off + ct_tlv(ec_der + off, &len);
    SECRET(ec_der + at, len);
    rc = dtls_private_key_parse(&k_ec, ec_der, n);
    rc |= dtls_credential_init(&cred_ec, NULL, 0, NULL, 0, &k_ec);
    /* RSA: PKCS#1, d, p, q, dp, dq, qinv secret */
    n = ct_unhex(rsa_der, sizeof rsa_der, ct_rsa2048_pkcs1);
    off = ct_skip(rsa_der, 4); /* after SEQUENCE header (4 octets) + version */
    for (i = 0; i < 8; i++) {
        at = off + ct_tlv(rsa_der + off, &len);
        if (i >= 2)
            SECRET(rsa_der + at, len);
        off = ct_skip(rsa_der, off);
    }
    rc |= dtls_private_key_parse(&k_rsa, rsa_der, n);
    rc |= dtls_credential_init(&cred_rsa, NULL, 0, NULL, 0, &k_rsa);
    if (rc != 0) {
        printf("FAIL key set-up\n");
        return 1;
    }

    cfg.hooks = &hooks;
    ctx.dtls__cfg = &cfg;
    conn.dtls__ctx = &ctx;
    conn.dtls__hs = &hs;

    /* hedged ECDSA (a random source), then deterministic RFC 6979 (none) */
    hooks.random = rng;
    sign_case("ECDSA P-256 SHA-256, hedged", &cred_ec, DTLS_SIG_ECDSA_SHA256, 32);
    sign_case("RSA PKCS#1 v1.5 SHA-256", &cred_rsa, DTLS_SIG_RSA_PKCS1_SHA256, 32);
    sign_case("RSA PKCS#1 v1.5 SHA-384", &cred_rsa, DTLS_SIG_RSA_PKCS1_SHA384, 48);
    sign_case("RSA-PSS SHA-256", &cred_rsa, DTLS_SIG_RSA_PSS_SHA256, 32);
    sign_case("RSA-PSS SHA-384", &cred_rsa, DTLS_SIG_RSA_PSS_SHA384, 48);
    hooks.random = NULL;
    sign_case("ECDSA P-256 SHA-256, deterministic", &cred_ec, DTLS_SIG_ECDSA_SHA256, 32);
    /* a key that does not fit the scheme: refused before any secret is read */
    hs.dtls__cred = &cred_rsa;
    rc = dtls__hsc_sign(&conn, DTLS_SIG_ECDSA_SHA256, out, 32, out, sizeof out);
    hs.dtls__cred = &cred_ec;
    rc = rc == DTLS_ERR_BAD_KEY && dtls__hsc_sign(&conn, DTLS_SIG_RSA_PSS_SHA256, out, 32, out, sizeof out) ==
                                      DTLS_ERR_BAD_KEY;
    if (!rc) {
        printf("FAIL key type checks\n");
        bad = 1;
    }

    dtls_wipe(&k_ec, sizeof k_ec);
    printf("%s (%lu)\n", bad ? "FAILED" : "all passed", sink);
    return bad;
}
