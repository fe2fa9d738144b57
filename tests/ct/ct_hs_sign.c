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

#include "../../crypto/error.c"
#include "../../crypto/ct.c"
#include "../../crypto/sha2.c"
#include "../../crypto/hmac.c"
#include "../../crypto/aes.c"
#include "../../crypto/gcm.c"
#include "../../crypto/ccm.c"
#include "../../crypto/chachapoly.c"
#include "../../crypto/x25519.c"
#include "../../crypto/ecc.c"
#include "../../crypto/p256.c"
#include "../../crypto/p384.c"
#include "../../crypto/bignum.c"
#include "../../crypto/rsa.c"
#include "../../crypto/hooks.c"

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

#include "../../proto/buf.c"
#include "../../proto/replay.c"
#include "../../proto/record.c"
#include "../../proto/msg.c"
#include "../../proto/suites.c"
#include "../../proto/keys.c"
#include "../../proto/cookie.c"
#include "../../proto/hs_msg.c"
#include "../../proto/der.c"
#include "../../proto/x509.c"
#include "../../proto/x509_path.c"
#include "../../proto/pem.c"
#include "../../proto/engine.c"
#include "../../proto/handshake.c"
#include "../../proto/handshake_cert.c"
#include "../../proto/blocking.c"
#include "../../proto/server.c"

#undef dtls_ecdsa_sig_to_der

/* P-256 key 1, SEC1 ECPrivateKey with [0] prime256v1 and [1] the uncompressed public key (tests/proto/certdata.h cd_srv_key) (121 bytes) */
static const char k_ec_sec1[] =
    "30770201010420aa53e497838094bb160161484629873c42f7c79f7c41890f94e77c9420818b71a00a06082a8648ce3d"
    "030107a14403420004e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cdef49cee8df97539"
    "ffcfa23ba456f5b0a2a1799a9f8071130777c1a7cfb778b063";

/* RSA-2048 key, PKCS#1 RSAPrivateKey (tests/proto/certdata.h cd_rsrv_key) (1192 bytes) */
static const char k_rsa_pkcs1[] =
    "308204a40201000282010100ac65f4a51bc1d41e33019de7c66c7197dab31f6de8052e733b1711e17c5bd172de5e697e"
    "9ce40ac8610bb28afa63cf965b8d5a4346e4c31d1457d2947aad5774f40fe3ab45145be6a5cd7234dd45b35bd4873916"
    "5ebf241d6e15bc923fb18211bcad9118367dfc4acc723c60e4f6ee433defb9a8032c461f4a6d267d46735c54c0912d0e"
    "08b0cb5a161dabb7ec3af4a7ff99b0cf322e2f1e893db745dddbc4dfb003d368485f6cadb504887855020a10fd87eec3"
    "d9f89502b7f8c3979ff6436e5e7be8dec0bfb5f4879f3d883eb997811fa91b3d8d7a6a866df19c8d4fd6a33cf14c00f1"
    "2eb8c11133012aab32e117de6d76e3fc3c789bb5f8870f2b2e1dd84f0203010001028201000d9ea264b6dc29bf57053e"
    "2dd4e1b559ab57f25832f7d1d31dac7567ac74ee879624bc4dd9e4342bdf6ad6a89f1e6a8474e82664e1416a5eae403f"
    "ed2601f2c25513ba474a16512a5817f27955afcf7b263fa6956b57cb691dccced07902b38566340a1df11423edded7f9"
    "88281e8ff534fbeedd649ec74d6a8a53fb9aa8bb76ff6478900a2823766286f89aba1e54b2f883fb37abfd4f8fbd09fe"
    "def587f86b68707294ff60ad7d4adf66fab7809a67c528a1e079d7cbabf3a5177563e9d782254a84aa41a9ae34f3b5f0"
    "af6607102dc1161387f437ce871f519de92df54ee605582298d416b38a4d942aee9607c15664444a174d4f1752c9a0ca"
    "aa4b70cf3102818100db1b6279931ed71a1bd1da46518b100e9becbcbe8314e69f469dceb23325874b3800331f1e8c40"
    "ed5554acbc00137f06755cdd68cf8b1664e2efb26ff213d1257fa3c9059e915cf67254f87cf948fddb1dc4b294f1c245"
    "a0ef381ed49d5a308f75be3ea327205436471063ed67f85a96ec1e96fabd8a635a93753138427e95f102818100c96d30"
    "aec7187cbdaaac2deb991a1bf65c09ec3225d75248e40cd09f838175f3f41a51f7d42d8ffa34c8b62d30b29ee642d3ac"
    "29632ae44fe443227c7bb61f83cb34e285ed3443414858dc6d4f41aabd9aa8f8713e1b8a629f58a46c0a26f71307b273"
    "2b9b6259de40d6ab4325993d22d63b87f07de5c230ad4dfa2d752c123f028181009165f0c940a9fc9024d9f3812a679f"
    "f631debdb9a6feddb3e086a43d78d7749aa3c4ee27be7bd0322ea80c208de4622d0500e524c265482d16b37db3efeeda"
    "a189bc448fe8140a9eb86c4ea19043b1c210551134e9e1c396f268497d4a16299769c91f83e15900c92c0b62648ed42e"
    "396ce337c998b217106a3e20b576dacde102818023edd0233cec4743e5afb4b933a40e9cd12a0bf19e025c71180c9921"
    "fae91acb1b1d9ec5601988770ef74657a53a1751e755ae7deb6c79312efc32a895c094ba8382b96d3e347652acbefd02"
    "9a82921c23fc43e49f397663c51ca0a78ce00a6e608f1a300b156e0650f679b20e80d900dfc9daa3b1314c843645947c"
    "8b4c032d02818100a7df91d65e017f82787354d3dfe65d5ded89a9dcf26857f2b93eec5257aa210df83dc875747102b0"
    "fd83163778573cde65e7ee92999ced389373accf43f9942d9551226c68498de369eead376c0e34b84d59126309269d9a"
    "b529843c435163769e8324b322c1d86583bdb983698dd529f9588e1c96eb038f3ae3fa4923983ada";

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

/* One DER element header at p (definite lengths only: test tables). */
static size_t tlv(const uint8_t *p, size_t *len)
{
    size_t k, i, n;
    if (p[1] < 0x80) {
        *len = p[1];
        return 2;
    }
    k = p[1] & 0x7fu;
    for (n = 0, i = 0; i < k; i++)
        n = (n << 8) | p[2 + i];
    *len = n;
    return 2 + k;
}

static size_t skip(const uint8_t *p, size_t off)
{
    size_t len, hl = tlv(p + off, &len);
    return off + hl + len;
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
    off = skip(ec_der, 2); /* after SEQUENCE header + version */
    at = off + tlv(ec_der + off, &len);
    SECRET(ec_der + at, len);
    rc = dtls_private_key_parse(&k_ec, ec_der, n);
    rc |= dtls_credential_init(&cred_ec, NULL, 0, NULL, 0, &k_ec);
    /* RSA: PKCS#1, d, p, q, dp, dq, qinv secret */
    n = ct_unhex(rsa_der, sizeof rsa_der, k_rsa_pkcs1);
    off = skip(rsa_der, 4); /* after SEQUENCE header (4 octets) + version */
    for (i = 0; i < 8; i++) {
        at = off + tlv(rsa_der + off, &len);
        if (i >= 2)
            SECRET(rsa_der + at, len);
        off = skip(rsa_der, off);
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
