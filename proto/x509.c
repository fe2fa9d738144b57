/* x509.c - X.509 certificates (RFC 5280 4.1, 4.2), SubjectPublicKeyInfo
 * (RFC 5480, RFC 8017 A.1.1), private keys (RFC 5208, RFC 5915, RFC 8017
 * A.1.2) and signature verification with a parsed key (see x509.h).  Path
 * validation and names are in x509_path.c, PEM in pem.c. */
#include "x509.h"
#include "der.h"
#include "../crypto/internal.h"
#include "../crypto/p256.h"
#include "../crypto/p384.h"

#if DTLS_ENABLE_CERTS

/* Object identifiers (contents octets). */
static const uint8_t dtls__x509_oid_ec_pub[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t dtls__x509_oid_p256[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t dtls__x509_oid_p384[] DTLS__ROM = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t dtls__x509_oid_rsa[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };

/* Declassification points of private-key parsing (tests/ct/README.md):
 * values computed from the private key that are public by design.  Empty in
 * the library; tests/ct/ct_privkey.c defines it to VALGRIND_MAKE_MEM_DEFINED. */
#if !defined(DTLS__X509_DECLASSIFY)
#define DTLS__X509_DECLASSIFY(p, n) ((void)0)
#endif

#define DTLS__X509_OID_IS(t, name) dtls__der_oid_eq_rom((t), dtls__x509_oid_##name, sizeof dtls__x509_oid_##name)
#define DTLS__X509_TRY(expr)                                                                                  \
    do {                                                                                                      \
        if ((expr) != 0)                                                                                      \
            return DTLS_ERR_CERT_PARSE;                                                                       \
    } while (0)

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }.
 * *has_params is 0 when the parameters are absent. */
static int dtls__x509_algid(const dtls__der_tlv *seq, dtls__der_tlv *oid, dtls__der_tlv *params, int *has_params)
{
    dtls__der d;
    if (seq->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, seq);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_OID, oid));
    DTLS__X509_TRY(dtls__der_oid_check(oid));
    *has_params = 0;
    if (!dtls__der_done(&d)) {
        DTLS__X509_TRY(dtls__der_next(&d, params));
        *has_params = 1;
    }
    return dtls__der_done(&d) ? 0 : DTLS_ERR_CERT_PARSE;
}

/* An EC point of a supported curve: coord_len 32 or 48.  0 for the
 * uncompressed form, DTLS_ERR_CERT_UNSUPPORTED for the compressed one (a
 * well-formed key this library cannot use), else DTLS_ERR_CERT_PARSE. */
static int dtls__x509_point_form(const uint8_t *pt, size_t len, size_t coord_len)
{
    if (len == 1 + 2 * coord_len && pt[0] == 0x04)
        return 0;
    if (len == 1 + coord_len && (pt[0] == 0x02 || pt[0] == 0x03))
        return DTLS_ERR_CERT_UNSUPPORTED;
    return DTLS_ERR_CERT_PARSE;
}

DTLS_API int dtls_spki_parse(dtls_public_key *key, const uint8_t *der, size_t len)
{
    dtls__der d;
    dtls__der_tlv spki, alg, oid, params, bits;
    const uint8_t *b;
    size_t blen;
    unsigned unused;
    int has_params, rc;

    if (key == NULL || (der == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    memset(key, 0, sizeof *key);
    DTLS__X509_TRY(dtls__der_single(der, len, DTLS__DER_SEQUENCE, &spki));
    dtls__der_enter(&d, &spki);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &alg));
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_BIT_STRING, &bits));
    if (!dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    DTLS__X509_TRY(dtls__x509_algid(&alg, &oid, &params, &has_params));
    /* every key is a whole number of octets (RFC 5480 2.2, RFC 8017 A.1.1) */
    if (dtls__der_bit_string(&bits, &b, &blen, &unused) != 0 || unused != 0)
        return DTLS_ERR_CERT_PARSE;

    if (DTLS__X509_OID_IS(&oid, ec_pub)) {
        size_t coord;
        /* RFC 5480 2.1.1: ECParameters, of which only namedCurve is allowed */
        if (!has_params || params.tag != DTLS__DER_OID || dtls__der_oid_check(&params) != 0)
            return DTLS_ERR_CERT_PARSE;
        if (DTLS__X509_OID_IS(&params, p256)) {
            key->type = DTLS_KEY_P256;
            coord = 32;
        } else if (DTLS__X509_OID_IS(&params, p384)) {
            key->type = DTLS_KEY_P384;
            coord = 48;
        } else {
            key->type = DTLS_KEY_OTHER;
            return DTLS_ERR_CERT_UNSUPPORTED;
        }
        rc = dtls__x509_point_form(b, blen, coord);
        if (rc == DTLS_ERR_CERT_UNSUPPORTED) {
            key->type = DTLS_KEY_OTHER;
            return rc;
        }
        if (rc != 0) {
            key->type = DTLS_KEY_NONE;
            return rc;
        }
        key->point = b;
        key->point_len = blen;
        return 0;
    }
    if (DTLS__X509_OID_IS(&oid, rsa)) {
        dtls__der_tlv rsa_seq, n, e;
        const uint8_t *nv, *ev;
        size_t nl, el;
        /* RFC 8017 A.1 / RFC 3279 2.3.1: the parameters are NULL */
        if (!has_params || dtls__der_null(&params) != 0)
            return DTLS_ERR_CERT_PARSE;
        /* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
        DTLS__X509_TRY(dtls__der_single(b, blen, DTLS__DER_SEQUENCE, &rsa_seq));
        dtls__der_enter(&d, &rsa_seq);
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &n));
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &e));
        if (!dtls__der_done(&d))
            return DTLS_ERR_CERT_PARSE;
        DTLS__X509_TRY(dtls__der_uint(&n, &nv, &nl));
        DTLS__X509_TRY(dtls__der_uint(&e, &ev, &el));
        if (nv[0] == 0 || ev[0] == 0) /* zero */
            return DTLS_ERR_CERT_PARSE;
#if DTLS_ENABLE_RSA
        key->type = DTLS_KEY_RSA;
        key->rsa.n = nv;
        key->rsa.n_len = nl;
        key->rsa.e = ev;
        key->rsa.e_len = el;
        return 0;
#else
        key->type = DTLS_KEY_OTHER;
        return DTLS_ERR_CERT_UNSUPPORTED;
#endif
    }
    /* Ed25519, other curves or algorithms: well formed, not usable here */
    key->type = DTLS_KEY_OTHER;
    return DTLS_ERR_CERT_UNSUPPORTED;
}

/* ---- private keys ---- */

/* Checks the optional [1] publicKey of an ECPrivateKey against the computed
 * one (uncompressed, or compressed: x and the parity of y). */
static int dtls__x509_ec_pub_match(const uint8_t computed[65], const dtls__der_tlv *pub)
{
    const uint8_t *b;
    size_t n;
    unsigned unused;
    if (dtls__der_bit_string(pub, &b, &n, &unused) != 0 || unused != 0)
        return DTLS_ERR_CERT_PARSE;
    if (n == 65 && b[0] == 0x04)
        return memcmp(b, computed, 65) == 0 ? 0 : DTLS_ERR_BAD_KEY;
    if (n == 33 && (b[0] == 0x02 || b[0] == 0x03))
        return (memcmp(b + 1, computed + 1, 32) == 0 && (b[0] & 1u) == (computed[64] & 1u)) ? 0
                                                                                            : DTLS_ERR_BAD_KEY;
    return DTLS_ERR_CERT_PARSE;
}

/* ECPrivateKey (RFC 5915 3):
 *   SEQUENCE { version INTEGER { ecPrivkeyVer1(1) }, privateKey OCTET STRING,
 *              parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
 * The curve must be P-256 (absent parameters mean P-256, the only curve a
 * private key may have here). */
static int dtls__x509_sec1(dtls_private_key *key, const dtls__der_tlv *seq)
{
    dtls__der d;
    dtls__der_tlv ver, priv, params, pub;
    uint8_t scalar[32];
    uint32_t v;
    int rc, has_pub;

    if (seq->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, seq);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &ver));
    DTLS__X509_TRY(dtls__der_small_uint(&ver, &v));
    if (v != 1)
        return DTLS_ERR_CERT_PARSE;
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_OCTET_STRING, &priv));
    rc = dtls__der_explicit(&d, 0, &params);
    if (rc < 0)
        return rc;
    if (rc == 1 && (params.tag != DTLS__DER_OID || dtls__der_oid_check(&params) != 0))
        return DTLS_ERR_CERT_PARSE; /* specifiedCurve / implicitCurve (RFC 5480 2.1.1) */
    has_pub = dtls__der_explicit(&d, 1, &pub);
    if (has_pub < 0)
        return has_pub;
    if (!dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    if (rc == 1 && !DTLS__X509_OID_IS(&params, p256))
        return DTLS_ERR_CERT_UNSUPPORTED;
    /* RFC 5915: ceiling(log2(n)/8) = 32 octets; a shorter string (some old
     * encoders dropped leading zeros) is taken as the same number */
    if (priv.len == 0 || priv.len > 32)
        return DTLS_ERR_CERT_PARSE;
    memset(scalar, 0, sizeof scalar);
    memcpy(scalar + 32 - priv.len, priv.c, priv.len);
    rc = dtls_p256_public(key->ec_pub, scalar);
    DTLS__X509_DECLASSIFY(key->ec_pub, sizeof key->ec_pub); /* the public key */
    if (rc == 0 && has_pub == 1)
        rc = dtls__x509_ec_pub_match(key->ec_pub, &pub);
    else if (rc != 0)
        rc = DTLS_ERR_BAD_KEY;
    if (rc == 0) {
        memcpy(key->ec.bytes, scalar, 32);
        key->ec.len = 32;
        key->ec.alg = DTLS_GROUP_SECP256R1;
        key->ec.by_hook = 0;
        key->type = DTLS_KEY_P256;
    }
    dtls_wipe(scalar, sizeof scalar);
    return rc;
}

#if DTLS_ENABLE_RSA
/* Bits of a big-endian number whose first octet is not zero. */
static size_t dtls__x509_bits(const uint8_t *v, size_t n)
{
    size_t bits = n * 8;
    unsigned top = v[0];
    while ((top & 0x80u) == 0) {
        top <<= 1;
        bits--;
    }
    return bits;
}
#endif

/* An RSAPrivateKey INTEGER, whose contents may be secret: dtls__der_uint
 * (minimal, not negative) and not zero, checked with masks.  Two bits are
 * declassified: the verdict, and whether a leading zero octet is dropped (the
 * value's byte length: public, like every key length). */
static int dtls__x509_key_uint(const dtls__der_tlv *t, const uint8_t **v, size_t *vlen)
{
    uint32_t multi, c0, c1, pad, bad;
    if (t->tag != DTLS__DER_INTEGER || t->len == 0)
        return DTLS_ERR_CERT_PARSE;
    multi = (uint32_t)(t->len > 1);
    c0 = t->c[0];
    c1 = (uint32_t)t->c[multi] & dtls__ct_mask32(multi);
    pad = multi & dtls__ct_is_zero32(c0);
    /* X.690 8.3.2: the first nine bits are not all zeros or all ones */
    bad = pad & ((c1 >> 7) ^ 1u);
    bad |= multi & dtls__ct_is_zero32(c0 ^ 0xffu) & (c1 >> 7);
    bad |= c0 >> 7; /* negative */
    bad |= dtls__ct_is_zero32(dtls__ct_select32(dtls__ct_mask32(pad), c1, c0)); /* zero */
    DTLS__X509_DECLASSIFY(&bad, sizeof bad);
    if (bad)
        return DTLS_ERR_CERT_PARSE;
    DTLS__X509_DECLASSIFY(&pad, sizeof pad);
    *v = t->c + pad;
    *vlen = t->len - (size_t)pad;
    return 0;
}

/* RSAPrivateKey (RFC 8017 A.1.2), version 0 (two primes). */
static int dtls__x509_pkcs1(dtls_private_key *key, const dtls__der_tlv *seq)
{
    dtls__der d;
    dtls__der_tlv t;
    const uint8_t *v[8];
    size_t vl[8], i;
    uint32_t ver;

    if (seq->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, seq);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &t));
    DTLS__X509_TRY(dtls__der_small_uint(&t, &ver));
    if (ver > 1)
        return DTLS_ERR_CERT_PARSE;
    /* modulus, publicExponent, privateExponent, prime1, prime2, exponent1, exponent2, coefficient */
    for (i = 0; i < 8; i++) {
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &t));
        DTLS__X509_TRY(dtls__x509_key_uint(&t, &v[i], &vl[i]));
    }
    if (ver == 1) { /* multi-prime: otherPrimeInfos follows */
        dtls__der_tlv other;
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &other));
        if (!dtls__der_done(&d))
            return DTLS_ERR_CERT_PARSE;
        return DTLS_ERR_CERT_UNSUPPORTED;
    }
    if (!dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
#if DTLS_ENABLE_RSA
    {
        size_t bits = dtls__x509_bits(v[0], vl[0]);
        if (bits < 2048 || bits > (size_t)DTLS_RSA_MAX_BITS)
            return DTLS_ERR_CERT_UNSUPPORTED;
    }
    key->type = DTLS_KEY_RSA;
    key->rsa.n = v[0];
    key->rsa.n_len = vl[0];
    key->rsa.e = v[1];
    key->rsa.e_len = vl[1];
    key->rsa.p = v[3];
    key->rsa.p_len = vl[3];
    key->rsa.q = v[4];
    key->rsa.q_len = vl[4];
    key->rsa.dp = v[5];
    key->rsa.dp_len = vl[5];
    key->rsa.dq = v[6];
    key->rsa.dq_len = vl[6];
    key->rsa.qinv = v[7];
    key->rsa.qinv_len = vl[7];
    return 0;
#else
    (void)key;
    return DTLS_ERR_CERT_UNSUPPORTED;
#endif
}

/* PrivateKeyInfo / OneAsymmetricKey (RFC 5208 5, RFC 5958 2). */
static int dtls__x509_pkcs8(dtls_private_key *key, const dtls__der_tlv *seq)
{
    dtls__der d;
    dtls__der_tlv ver, alg, oid, params, octets, inner, extra;
    uint32_t v;
    int has_params, rc;

    dtls__der_enter(&d, seq);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_INTEGER, &ver));
    DTLS__X509_TRY(dtls__der_small_uint(&ver, &v));
    if (v > 1)
        return DTLS_ERR_CERT_PARSE;
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &alg));
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_OCTET_STRING, &octets));
    rc = dtls__der_optional(&d, DTLS__DER_CTX(0), &extra); /* attributes [0] IMPLICIT SET OF */
    if (rc < 0)
        return rc;
    if (v == 1) { /* publicKey [1] IMPLICIT BIT STRING (RFC 5958) */
        rc = dtls__der_optional(&d, DTLS__DER_CTX_PRIM(1), &extra);
        if (rc < 0)
            return rc;
    }
    if (!dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    DTLS__X509_TRY(dtls__x509_algid(&alg, &oid, &params, &has_params));
    if (DTLS__X509_OID_IS(&oid, ec_pub)) {
        if (!has_params || params.tag != DTLS__DER_OID || dtls__der_oid_check(&params) != 0)
            return DTLS_ERR_CERT_PARSE;
        if (!DTLS__X509_OID_IS(&params, p256))
            return DTLS_ERR_CERT_UNSUPPORTED;
        DTLS__X509_TRY(dtls__der_single(octets.c, octets.len, DTLS__DER_SEQUENCE, &inner));
        return dtls__x509_sec1(key, &inner);
    }
    if (DTLS__X509_OID_IS(&oid, rsa)) {
        if (!has_params || dtls__der_null(&params) != 0)
            return DTLS_ERR_CERT_PARSE;
        DTLS__X509_TRY(dtls__der_single(octets.c, octets.len, DTLS__DER_SEQUENCE, &inner));
        return dtls__x509_pkcs1(key, &inner);
    }
    return DTLS_ERR_CERT_UNSUPPORTED;
}

DTLS_API int dtls_private_key_parse(dtls_private_key *key, const uint8_t *der, size_t len)
{
    dtls__der d;
    dtls__der_tlv top, ver;
    int rc, next;

    if (key == NULL || (der == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    memset(key, 0, sizeof *key);
    if (dtls__der_single(der, len, DTLS__DER_SEQUENCE, &top) != 0)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, &top);
    if (dtls__der_expect(&d, DTLS__DER_INTEGER, &ver) != 0)
        return DTLS_ERR_CERT_PARSE;
    /* the element after the version tells the three forms apart */
    next = dtls__der_peek(&d);
    if (next == DTLS__DER_SEQUENCE)
        rc = dtls__x509_pkcs8(key, &top);
    else if (next == DTLS__DER_OCTET_STRING)
        rc = dtls__x509_sec1(key, &top);
    else if (next == DTLS__DER_INTEGER)
        rc = dtls__x509_pkcs1(key, &top);
    else
        rc = DTLS_ERR_CERT_PARSE;
    if (rc != 0)
        dtls_wipe(key, sizeof *key);
    return rc;
}

DTLS_API int dtls_private_key_from_handle(dtls_private_key *key, const dtls_crypto_key *handle,
                                          const uint8_t pub[65])
{
    if (key == NULL || handle == NULL || pub == NULL)
        return DTLS_ERR_BAD_ARG;
    memset(key, 0, sizeof *key);
    if (dtls_p256_check_public(pub, 65) != 0)
        return DTLS_ERR_BAD_KEY;
    key->type = DTLS_KEY_P256;
    key->ec = *handle;
    memcpy(key->ec_pub, pub, 65);
    return 0;
}

/* ---- signature verification ---- */

DTLS_API int dtls_pubkey_verify(const dtls_crypto_hooks *hooks, const dtls_public_key *key, uint16_t sig_alg,
                                const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len)
{
    uint8_t rs[96];
    int rc;

    if (key == NULL || hash == NULL || (sig == NULL && sig_len != 0))
        return DTLS_ERR_BAD_ARG;
    switch (sig_alg) {
    case DTLS_SIG_ECDSA_SHA256:
    case DTLS_SIG_ECDSA_SHA384:
        if (hash_len != (sig_alg == DTLS_SIG_ECDSA_SHA256 ? 32u : 48u))
            return DTLS_ERR_BAD_SIGNATURE;
        if (key->type == DTLS_KEY_P256) {
            if (dtls_ecdsa_sig_from_der(rs, 32, sig, sig_len) != 0)
                return DTLS_ERR_BAD_SIGNATURE;
            rc = dtls_crypto_ecdsa_verify(hooks, DTLS_GROUP_SECP256R1, key->point, key->point_len, hash,
                                          hash_len, rs, 64);
            if (rc == DTLS_ERR_IN_PROGRESS)
                return rc;
            return rc == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
        }
#if DTLS_ENABLE_P384
        /* P-384 keys sign with SHA-384 only */
        if (key->type == DTLS_KEY_P384 && sig_alg == DTLS_SIG_ECDSA_SHA384) {
            if (dtls_ecdsa_sig_from_der(rs, 48, sig, sig_len) != 0)
                return DTLS_ERR_BAD_SIGNATURE;
            rc = dtls_p384_ecdsa_verify(key->point, key->point_len, hash, hash_len, rs);
            return rc == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
        }
#endif
        return DTLS_ERR_BAD_SIGNATURE;
#if DTLS_ENABLE_RSA
    case DTLS_SIG_RSA_PKCS1_SHA256:
    case DTLS_SIG_RSA_PKCS1_SHA384:
    case DTLS_SIG_RSA_PSS_SHA256:
    case DTLS_SIG_RSA_PSS_SHA384: {
        int sha384 = sig_alg == DTLS_SIG_RSA_PKCS1_SHA384 || sig_alg == DTLS_SIG_RSA_PSS_SHA384;
        int halg = sha384 ? DTLS_HASH_SHA384 : DTLS_HASH_SHA256;
        if (key->type != DTLS_KEY_RSA || hash_len != (sha384 ? 48u : 32u))
            return DTLS_ERR_BAD_SIGNATURE;
        if (sig_alg == DTLS_SIG_RSA_PKCS1_SHA256 || sig_alg == DTLS_SIG_RSA_PKCS1_SHA384)
            rc = dtls_rsa_pkcs1_verify(&key->rsa, halg, hash, hash_len, sig, sig_len);
        else
            rc = dtls_rsa_pss_verify(&key->rsa, halg, hash_len, hash, hash_len, sig, sig_len);
        return rc == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
    }
#endif
    default:
        return DTLS_ERR_BAD_SIGNATURE;
    }
}

/* ---- certificates ---- */
#if DTLS_ENABLE_X509
/* the object identifiers only certificates use */
static const uint8_t dtls__x509_oid_ecdsa_sha256[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t dtls__x509_oid_ecdsa_sha384[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const uint8_t dtls__x509_oid_rsa_sha256[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t dtls__x509_oid_rsa_sha384[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c };
static const uint8_t dtls__x509_oid_rsa_pss[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t dtls__x509_oid_mgf1[] DTLS__ROM = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
static const uint8_t dtls__x509_oid_sha256[] DTLS__ROM = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t dtls__x509_oid_sha384[] DTLS__ROM = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
static const uint8_t dtls__x509_oid_cn[] DTLS__ROM = { 0x55, 0x04, 0x03 };
static const uint8_t dtls__x509_oid_basic_constraints[] DTLS__ROM = { 0x55, 0x1d, 0x13 };
static const uint8_t dtls__x509_oid_key_usage[] DTLS__ROM = { 0x55, 0x1d, 0x0f };
static const uint8_t dtls__x509_oid_eku[] DTLS__ROM = { 0x55, 0x1d, 0x25 };
static const uint8_t dtls__x509_oid_san[] DTLS__ROM = { 0x55, 0x1d, 0x11 };
static const uint8_t dtls__x509_oid_name_constraints[] DTLS__ROM = { 0x55, 0x1d, 0x1e };
static const uint8_t dtls__x509_oid_ski[] DTLS__ROM = { 0x55, 0x1d, 0x0e };
static const uint8_t dtls__x509_oid_aki[] DTLS__ROM = { 0x55, 0x1d, 0x23 };
static const uint8_t dtls__x509_oid_eku_server[] DTLS__ROM = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const uint8_t dtls__x509_oid_eku_client[] DTLS__ROM = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
static const uint8_t dtls__x509_oid_eku_any[] DTLS__ROM = { 0x55, 0x1d, 0x25, 0x00 };

/* signatureAlgorithm -> enum dtls_sig_alg (DTLS_SIG_NONE when not supported). */
static uint16_t dtls__x509_pss_params(const dtls__der_tlv *params);

static uint16_t dtls__x509_sig_alg(const dtls__der_tlv *algid)
{
    dtls__der_tlv oid, params;
    int has_params;
    if (dtls__x509_algid(algid, &oid, &params, &has_params) != 0)
        return DTLS_SIG_NONE;
    /* RFC 5758 3.2: ECDSA identifiers have absent parameters */
    if (DTLS__X509_OID_IS(&oid, ecdsa_sha256))
        return has_params ? DTLS_SIG_NONE : DTLS_SIG_ECDSA_SHA256;
    if (DTLS__X509_OID_IS(&oid, ecdsa_sha384))
        return has_params ? DTLS_SIG_NONE : DTLS_SIG_ECDSA_SHA384;
    /* RFC 4055 5: the RSA PKCS#1 identifiers have NULL parameters */
    if (DTLS__X509_OID_IS(&oid, rsa_sha256))
        return (has_params && dtls__der_null(&params) == 0) ? DTLS_SIG_RSA_PKCS1_SHA256 : DTLS_SIG_NONE;
    if (DTLS__X509_OID_IS(&oid, rsa_sha384))
        return (has_params && dtls__der_null(&params) == 0) ? DTLS_SIG_RSA_PKCS1_SHA384 : DTLS_SIG_NONE;
    if (DTLS__X509_OID_IS(&oid, rsa_pss) && has_params)
        return dtls__x509_pss_params(&params);
    return DTLS_SIG_NONE;
}

/* A hash AlgorithmIdentifier (RFC 4055 2.1: NULL or absent parameters):
 * 32 for SHA-256, 48 for SHA-384, 0 for anything else. */
static size_t dtls__x509_hash_id(const dtls__der_tlv *algid)
{
    dtls__der_tlv oid, params;
    int has_params;
    if (dtls__x509_algid(algid, &oid, &params, &has_params) != 0 || (has_params && dtls__der_null(&params) != 0))
        return 0;
    if (DTLS__X509_OID_IS(&oid, sha256))
        return 32;
    if (DTLS__X509_OID_IS(&oid, sha384))
        return 48;
    return 0;
}

/* RSASSA-PSS-params (RFC 4055 3.1): hashAlgorithm [0], maskGenAlgorithm [1]
 * (MGF1 with the same hash), saltLength [2] equal to the hash length, the
 * default trailerField (not encoded).  The defaults (SHA-1) are not supported. */
static uint16_t dtls__x509_pss_params(const dtls__der_tlv *params)
{
    dtls__der d, m;
    dtls__der_tlv hash, mgf, salt, mgf_oid, mgf_hash;
    size_t hl;
    uint32_t salt_len;

    if (params->tag != DTLS__DER_SEQUENCE)
        return DTLS_SIG_NONE;
    dtls__der_enter(&d, params);
    if (dtls__der_explicit(&d, 0, &hash) != 1 || dtls__der_explicit(&d, 1, &mgf) != 1 ||
        dtls__der_explicit(&d, 2, &salt) != 1 || !dtls__der_done(&d))
        return DTLS_SIG_NONE;
    hl = dtls__x509_hash_id(&hash);
    if (hl == 0 || mgf.tag != DTLS__DER_SEQUENCE || salt.tag != DTLS__DER_INTEGER ||
        dtls__der_small_uint(&salt, &salt_len) != 0 || salt_len != (uint32_t)hl)
        return DTLS_SIG_NONE;
    dtls__der_enter(&m, &mgf);
    if (dtls__der_expect(&m, DTLS__DER_OID, &mgf_oid) != 0 || !DTLS__X509_OID_IS(&mgf_oid, mgf1) ||
        dtls__der_expect(&m, DTLS__DER_SEQUENCE, &mgf_hash) != 0 || !dtls__der_done(&m) ||
        dtls__x509_hash_id(&mgf_hash) != hl)
        return DTLS_SIG_NONE;
    return hl == 32 ? DTLS_SIG_RSA_PSS_SHA256 : DTLS_SIG_RSA_PSS_SHA384;
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName (SET SIZE (1..MAX) OF
 * AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }).  *cn (if not
 * NULL) gets the last commonName value's contents. */
static int dtls__x509_name(const dtls__der_tlv *name, dtls_blob *cn)
{
    dtls__der d, rdn, atv;
    dtls__der_tlv set, seq, type, value;

    if (name->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, name);
    while (!dtls__der_done(&d)) {
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SET, &set));
        dtls__der_enter(&rdn, &set);
        if (dtls__der_done(&rdn))
            return DTLS_ERR_CERT_PARSE;
        while (!dtls__der_done(&rdn)) {
            DTLS__X509_TRY(dtls__der_expect(&rdn, DTLS__DER_SEQUENCE, &seq));
            dtls__der_enter(&atv, &seq);
            DTLS__X509_TRY(dtls__der_expect(&atv, DTLS__DER_OID, &type));
            DTLS__X509_TRY(dtls__der_oid_check(&type));
            DTLS__X509_TRY(dtls__der_next(&atv, &value));
            if (!dtls__der_done(&atv))
                return DTLS_ERR_CERT_PARSE;
            if (cn != NULL && DTLS__X509_OID_IS(&type, cn)) {
                cn->data = value.c;
                cn->len = value.len;
            }
        }
    }
    return 0;
}

/* Parses an element's whole contents as a SEQUENCE of elements (at least
 * one), each checked to be a well-formed TLV. */
static int dtls__x509_seq_of(const dtls__der_tlv *t, dtls__der *d)
{
    dtls__der w;
    dtls__der_tlv e;
    if (t->tag != DTLS__DER_SEQUENCE || t->len == 0)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(d, t);
    w = *d;
    while (!dtls__der_done(&w))
        DTLS__X509_TRY(dtls__der_next(&w, &e));
    return 0;
}

static int dtls__x509_ext_basic_constraints(dtls_x509 *c, const dtls__der_tlv *v)
{
    dtls__der d;
    dtls__der_tlv t;
    int b, rc;
    uint32_t n;
    if (v->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, v);
    c->has_basic_constraints = 1;
    rc = dtls__der_optional(&d, DTLS__DER_BOOLEAN, &t);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        /* cA DEFAULT FALSE: DER never encodes FALSE (X.690 11.5) */
        if (dtls__der_bool(&t, &b) != 0 || !b)
            return DTLS_ERR_CERT_PARSE;
        c->is_ca = 1;
    }
    rc = dtls__der_optional(&d, DTLS__DER_INTEGER, &t);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        DTLS__X509_TRY(dtls__der_small_uint(&t, &n));
        c->path_len = (int8_t)(n > 127 ? 127 : n);
    }
    return dtls__der_done(&d) ? 0 : DTLS_ERR_CERT_PARSE;
}

static int dtls__x509_ext_key_usage(dtls_x509 *c, const dtls__der_tlv *v)
{
    const uint8_t *b;
    size_t n, i, nbits;
    unsigned unused;
    uint16_t ku = 0;
    DTLS__X509_TRY(dtls__der_bit_string(v, &b, &n, &unused));
    /* a named bit list has its trailing zero bits removed (X.690 11.2.2);
     * the nine bits of RFC 5280 fit two octets */
    if (n > 2 || (n > 0 && (((unsigned)b[n - 1] >> unused) & 1u) == 0))
        return DTLS_ERR_CERT_PARSE;
    nbits = n * 8 - unused;
    for (i = 0; i < nbits; i++)
        if (b[i / 8] & (0x80u >> (i % 8)))
            ku = (uint16_t)(ku | (1u << i));
    c->has_key_usage = 1;
    c->key_usage = ku;
    return 0;
}

static int dtls__x509_ext_eku(dtls_x509 *c, const dtls__der_tlv *v)
{
    dtls__der d;
    dtls__der_tlv oid;
    uint8_t eku = 0;
    DTLS__X509_TRY(dtls__x509_seq_of(v, &d));
    while (!dtls__der_done(&d)) {
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_OID, &oid));
        DTLS__X509_TRY(dtls__der_oid_check(&oid));
        if (DTLS__X509_OID_IS(&oid, eku_server))
            eku |= DTLS_EKU_SERVER_AUTH;
        else if (DTLS__X509_OID_IS(&oid, eku_client))
            eku |= DTLS_EKU_CLIENT_AUTH;
        else if (DTLS__X509_OID_IS(&oid, eku_any))
            eku |= DTLS_EKU_ANY;
        else
            eku |= DTLS_EKU_OTHER;
    }
    c->has_eku = 1;
    c->eku = eku;
    return 0;
}

static int dtls__x509_ext_san(dtls_x509 *c, const dtls__der_tlv *v)
{
    dtls__der d;
    dtls__der_tlv gn;
    DTLS__X509_TRY(dtls__x509_seq_of(v, &d));
    while (!dtls__der_done(&d)) {
        DTLS__X509_TRY(dtls__der_next(&d, &gn));
        if ((gn.tag & 0xc0u) != 0x80u) /* GeneralName: context-specific tags only */
            return DTLS_ERR_CERT_PARSE;
    }
    c->san.data = v->c;
    c->san.len = v->len;
    return 0;
}

static int dtls__x509_ext_name_constraints(dtls_x509 *c, const dtls__der_tlv *v)
{
    dtls__der d;
    dtls__der_tlv t;
    int a, b;
    if (v->tag != DTLS__DER_SEQUENCE)
        return DTLS_ERR_CERT_PARSE;
    dtls__der_enter(&d, v);
    a = dtls__der_optional(&d, DTLS__DER_CTX(0), &t); /* permittedSubtrees */
    if (a < 0)
        return a;
    b = dtls__der_optional(&d, DTLS__DER_CTX(1), &t); /* excludedSubtrees */
    if (b < 0)
        return b;
    /* RFC 5280 4.2.1.10: never an empty sequence */
    if ((a == 0 && b == 0) || !dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    c->name_constraints.data = v->c;
    c->name_constraints.len = v->len;
    return 0;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension ::= SEQUENCE {
 *   extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static int dtls__x509_extensions(dtls_x509 *c, const dtls__der_tlv *exts)
{
    dtls__der d, e, prev, pe;
    dtls__der_tlv ext, oid, t, val, pext, poid;
    int critical, rc;

    DTLS__X509_TRY(dtls__x509_seq_of(exts, &d));
    while (!dtls__der_done(&d)) {
        size_t start = d.pos;
        DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &ext));
        dtls__der_enter(&e, &ext);
        DTLS__X509_TRY(dtls__der_expect(&e, DTLS__DER_OID, &oid));
        DTLS__X509_TRY(dtls__der_oid_check(&oid));
        critical = 0;
        rc = dtls__der_optional(&e, DTLS__DER_BOOLEAN, &t);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            /* DEFAULT FALSE is never encoded in DER */
            if (dtls__der_bool(&t, &critical) != 0 || !critical)
                return DTLS_ERR_CERT_PARSE;
        }
        DTLS__X509_TRY(dtls__der_expect(&e, DTLS__DER_OCTET_STRING, &t));
        if (!dtls__der_done(&e))
            return DTLS_ERR_CERT_PARSE;
        /* RFC 5280 4.2: no extension appears twice (the earlier ones are
         * well formed: they were parsed above) */
        dtls__der_init(&prev, d.p, start);
        while (!dtls__der_done(&prev)) {
            DTLS__X509_TRY(dtls__der_next(&prev, &pext));
            dtls__der_enter(&pe, &pext);
            DTLS__X509_TRY(dtls__der_next(&pe, &poid));
            if (poid.len == oid.len && memcmp(poid.c, oid.c, oid.len) == 0)
                return DTLS_ERR_CERT_PARSE;
        }
        if (DTLS__X509_OID_IS(&oid, basic_constraints)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_SEQUENCE, &val));
            DTLS__X509_TRY(dtls__x509_ext_basic_constraints(c, &val));
        } else if (DTLS__X509_OID_IS(&oid, key_usage)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_BIT_STRING, &val));
            DTLS__X509_TRY(dtls__x509_ext_key_usage(c, &val));
        } else if (DTLS__X509_OID_IS(&oid, eku)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_SEQUENCE, &val));
            DTLS__X509_TRY(dtls__x509_ext_eku(c, &val));
        } else if (DTLS__X509_OID_IS(&oid, san)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_SEQUENCE, &val));
            DTLS__X509_TRY(dtls__x509_ext_san(c, &val));
        } else if (DTLS__X509_OID_IS(&oid, name_constraints)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_SEQUENCE, &val));
            DTLS__X509_TRY(dtls__x509_ext_name_constraints(c, &val));
        } else if (DTLS__X509_OID_IS(&oid, ski)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_OCTET_STRING, &val));
        } else if (DTLS__X509_OID_IS(&oid, aki)) {
            DTLS__X509_TRY(dtls__der_single(t.c, t.len, DTLS__DER_SEQUENCE, &val));
        } else if (critical) {
            c->unknown_critical = 1;
        }
    }
    return 0;
}

static int dtls__x509_parse(dtls_x509 *c, const uint8_t *der, size_t len)
{
    dtls__der d, tbs;
    dtls__der_tlv cert, tbs_t, sig_alg, sig, t, inner, validity;
    const uint8_t *bits;
    size_t blen;
    unsigned unused;
    uint32_t v;
    int rc;

    DTLS__X509_TRY(dtls__der_single(der, len, DTLS__DER_SEQUENCE, &cert));
    c->raw.data = der;
    c->raw.len = len;
    dtls__der_enter(&d, &cert);
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &tbs_t));
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_SEQUENCE, &sig_alg));
    DTLS__X509_TRY(dtls__der_expect(&d, DTLS__DER_BIT_STRING, &sig));
    if (!dtls__der_done(&d))
        return DTLS_ERR_CERT_PARSE;
    c->tbs.data = tbs_t.raw;
    c->tbs.len = tbs_t.raw_len;
    if (dtls__der_bit_string(&sig, &bits, &blen, &unused) != 0 || unused != 0)
        return DTLS_ERR_CERT_PARSE;
    c->sig.data = bits;
    c->sig.len = blen;

    dtls__der_enter(&tbs, &tbs_t);
    /* version [0] EXPLICIT Version DEFAULT v1: v1 is never encoded (DER) */
    rc = dtls__der_explicit(&tbs, 0, &inner);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if (inner.tag != DTLS__DER_INTEGER || dtls__der_small_uint(&inner, &v) != 0 || v < 1 || v > 2)
            return DTLS_ERR_CERT_PARSE;
        c->version = (uint8_t)(v + 1);
    } else {
        c->version = 1;
    }
    /* serialNumber: at most 20 octets (RFC 5280 4.1.2.2); zero or negative
     * serials of non-conforming CAs are tolerated */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_INTEGER, &t));
    DTLS__X509_TRY(dtls__der_integer(&t, NULL));
    if (t.len > 20)
        return DTLS_ERR_CERT_PARSE;
    c->serial.data = t.c;
    c->serial.len = t.len;
    /* signature: the same AlgorithmIdentifier as the outer one (4.1.1.2) */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_SEQUENCE, &t));
    if (t.raw_len != sig_alg.raw_len || memcmp(t.raw, sig_alg.raw, t.raw_len) != 0)
        return DTLS_ERR_CERT_PARSE;
    {
        dtls__der_tlv oid, params;
        int has_params;
        DTLS__X509_TRY(dtls__x509_algid(&sig_alg, &oid, &params, &has_params));
    }
    c->sig_alg = dtls__x509_sig_alg(&sig_alg);
    /* issuer */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_SEQUENCE, &t));
    DTLS__X509_TRY(dtls__x509_name(&t, NULL));
    c->issuer.data = t.raw;
    c->issuer.len = t.raw_len;
    /* validity */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_SEQUENCE, &validity));
    {
        dtls__der vd;
        dtls__der_enter(&vd, &validity);
        DTLS__X509_TRY(dtls__der_next(&vd, &t));
        DTLS__X509_TRY(dtls__der_time(&t, &c->not_before));
        DTLS__X509_TRY(dtls__der_next(&vd, &t));
        DTLS__X509_TRY(dtls__der_time(&t, &c->not_after));
        if (!dtls__der_done(&vd))
            return DTLS_ERR_CERT_PARSE;
    }
    /* subject */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_SEQUENCE, &t));
    DTLS__X509_TRY(dtls__x509_name(&t, &c->cn));
    c->subject.data = t.raw;
    c->subject.len = t.raw_len;
    /* subjectPublicKeyInfo */
    DTLS__X509_TRY(dtls__der_expect(&tbs, DTLS__DER_SEQUENCE, &t));
    c->spki.data = t.raw;
    c->spki.len = t.raw_len;
    rc = dtls_spki_parse(&c->key, t.raw, t.raw_len);
    if (rc != 0 && rc != DTLS_ERR_CERT_UNSUPPORTED)
        return DTLS_ERR_CERT_PARSE;
    /* issuerUniqueID [1] / subjectUniqueID [2] IMPLICIT BIT STRING (v2, v3): skipped */
    for (v = 1; v <= 2; v++) {
        rc = dtls__der_optional(&tbs, DTLS__DER_CTX_PRIM(v), &t);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            if (c->version < 2)
                return DTLS_ERR_CERT_PARSE;
            t.tag = DTLS__DER_BIT_STRING;
            DTLS__X509_TRY(dtls__der_bit_string(&t, &bits, &blen, &unused));
        }
    }
    /* extensions [3] EXPLICIT (v3) */
    rc = dtls__der_explicit(&tbs, 3, &inner);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        if (c->version != 3)
            return DTLS_ERR_CERT_PARSE;
        DTLS__X509_TRY(dtls__x509_extensions(c, &inner));
    }
    return dtls__der_done(&tbs) ? 0 : DTLS_ERR_CERT_PARSE;
}

DTLS_API int dtls_x509_parse(dtls_x509 *cert, const uint8_t *der, size_t len)
{
    int rc;
    if (cert == NULL || (der == NULL && len != 0))
        return DTLS_ERR_BAD_ARG;
    memset(cert, 0, sizeof *cert);
    cert->path_len = -1;
    rc = dtls__x509_parse(cert, der, len);
    if (rc != 0) {
        memset(cert, 0, sizeof *cert);
        cert->path_len = -1;
    }
    return rc;
}
#endif /* DTLS_ENABLE_X509 */

#undef DTLS__X509_OID_IS
#undef DTLS__X509_TRY
#undef DTLS__X509_DECLASSIFY

#endif /* DTLS_ENABLE_CERTS */
