/* x509.h - certificates and keys for the protocol: a strict, bounded DER
 * reader (der.c), X.509 certificate, SubjectPublicKeyInfo and private-key
 * parsing (x509.c), path validation and name matching (x509_path.c) and PEM
 * decoding (pem.c).
 *
 *   RFC 5280 4.1   Certificate, TBSCertificate, Validity (4.1.2.5: UTCTime
 *                  years 50-99 are 19xx, GeneralizedTime from 2050, both in
 *                  Z form), SubjectPublicKeyInfo, serial numbers <= 20 octets
 *   RFC 5280 4.2   extensions: basicConstraints, keyUsage, extendedKeyUsage,
 *                  subjectAltName, nameConstraints; unknown critical ones
 *                  are rejected
 *   RFC 5280 6.1   path validation (the profile a careful client needs)
 *   RFC 5480, RFC 5758 3.2   EC keys (P-256, P-384), ecdsa-with-SHA256/384
 *   RFC 8017 A.1, RFC 4055   RSA keys, PKCS#1 v1.5 and PSS signatures
 *   RFC 5208 (PKCS#8), RFC 5915 (SEC1 ECPrivateKey), RFC 8017 A.1.2 (PKCS#1)
 *   RFC 9525       server identity: subjectAltName dNSName (a wildcard only
 *                  as the whole left-most label), iPAddress byte for byte,
 *                  the common name only when enabled
 *   RFC 7468       PEM
 *
 * Ownership: everything is zero-copy.  A parsed certificate or key points
 * into the caller's DER bytes, which must stay unchanged for as long as the
 * parsed struct is used.  Nothing here allocates or keeps state between
 * calls; stack use is bounded by DTLS_MAX_CHAIN.
 *
 * Errors: DTLS_ERR_CERT_* (crypto/error.h), each of which the handshake maps
 * to one alert (dtls_x509_alert); DTLS_ERR_BAD_ARG for NULL pointers. */
#ifndef DTLS_X509_H
#define DTLS_X509_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/error.h"
#include "../crypto/rsa.h"
#include "../crypto/hooks.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_CERTS

/* A run of bytes owned by someone else (e.g. one DER certificate). */
typedef struct dtls_blob {
    const uint8_t *data;
    size_t len;
} dtls_blob;

enum dtls_key_type {
    DTLS_KEY_NONE = 0,
    DTLS_KEY_P256 = 1,  /* id-ecPublicKey, secp256r1 */
    DTLS_KEY_P384 = 2,  /* id-ecPublicKey, secp384r1 (CA certificates only) */
    DTLS_KEY_RSA = 3,   /* rsaEncryption */
    DTLS_KEY_OTHER = 4  /* a well-formed key of an algorithm or curve not supported */
};

/* A public key as found in a SubjectPublicKeyInfo; pointers into the DER. */
typedef struct dtls_public_key {
    uint8_t type;                 /* enum dtls_key_type */
    const uint8_t *point;         /* EC: the uncompressed point (65 or 97 bytes, 0x04 first) */
    size_t point_len;
#if DTLS_ENABLE_RSA
    dtls_rsa_public_key rsa;      /* RSA: n without leading zero bytes, e */
#endif
} dtls_public_key;

/* Parses a SubjectPublicKeyInfo (RFC 5280 4.1.2.7).  0; DTLS_ERR_CERT_PARSE
 * for malformed DER (also a BIT STRING with unused bits, EC parameters other
 * than a named curve, a point of the wrong length or form, an RSA key whose
 * parameters are not NULL); DTLS_ERR_CERT_UNSUPPORTED for a well-formed key
 * of another algorithm or curve, or a P-256/P-384 point in the compressed
 * form (key->type is then DTLS_KEY_OTHER).  The EC
 * point is checked for the right length and form only, not for being on the
 * curve (verification does that). */
DTLS_API int dtls_spki_parse(dtls_public_key *key, const uint8_t *der, size_t len);

/* The library's own private key: ECDSA P-256 (software bytes or a hook
 * handle) or, for a server, RSA 2048-4096. */
typedef struct dtls_private_key {
    uint8_t type;                 /* DTLS_KEY_P256 or DTLS_KEY_RSA */
    dtls_crypto_key ec;           /* P-256: 32 raw bytes, or what a secure element's hook needs */
    uint8_t ec_pub[65];           /* P-256: the public key (uncompressed) */
#if DTLS_ENABLE_RSA
    dtls_rsa_private_key rsa;     /* RSA: pointers into the caller's DER */
#endif
} dtls_private_key;

/* Parses a private key: PKCS#8 PrivateKeyInfo (P-256 or RSA), SEC1
 * ECPrivateKey (P-256) or PKCS#1 RSAPrivateKey.  The EC public key is taken
 * from the DER or computed.  RSA fields point into der (keep it).  0,
 * DTLS_ERR_CERT_PARSE, DTLS_ERR_CERT_UNSUPPORTED (another algorithm or
 * curve, an RSA modulus outside 2048..DTLS_RSA_MAX_BITS), DTLS_ERR_BAD_KEY
 * (an EC scalar out of range). */
DTLS_API int dtls_private_key_parse(dtls_private_key *key, const uint8_t *der, size_t len);
/* A P-256 key held by a hook (secure element): handle is passed to
 * hooks->ecdsa_sign, pub is its public key.  The private key is never in RAM. */
DTLS_API int dtls_private_key_from_handle(dtls_private_key *key, const dtls_crypto_key *handle,
                                          const uint8_t pub[65]);

/* Signature algorithms of certificates (and, with the same values, the TLS
 * SignatureScheme codes of RFC 8446 4.2.3 that TLS 1.2 uses). */
enum dtls_sig_alg {
    DTLS_SIG_NONE = 0,
    DTLS_SIG_ECDSA_SHA256 = 0x0403,
    DTLS_SIG_ECDSA_SHA384 = 0x0503,
    DTLS_SIG_RSA_PKCS1_SHA256 = 0x0401,
    DTLS_SIG_RSA_PKCS1_SHA384 = 0x0501,
    DTLS_SIG_RSA_PSS_SHA256 = 0x0804, /* rsa_pss_rsae_sha256: MGF1-SHA-256, salt 32 */
    DTLS_SIG_RSA_PSS_SHA384 = 0x0805  /* rsa_pss_rsae_sha384: MGF1-SHA-384, salt 48 */
};

/* Verifies sig over a message hash with key.  sig_alg's hash must be the
 * one hash was made with (hash_len 32 or 48).  ECDSA signatures are DER
 * (Ecdsa-Sig-Value), as in certificates and TLS.  P-256 verification goes
 * through hooks->ecdsa_verify when set; a P-384 key goes with
 * DTLS_SIG_ECDSA_SHA384 only.  0 or DTLS_ERR_BAD_SIGNATURE (also for a key
 * type that does not fit sig_alg, a wrong hash_len, an invalid key), or
 * DTLS_ERR_IN_PROGRESS passed on from the hook (call again). */
DTLS_API int dtls_pubkey_verify(const dtls_crypto_hooks *hooks, const dtls_public_key *key, uint16_t sig_alg,
                                const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len);

#if DTLS_ENABLE_X509 /* the certificate parser and path validation (x509.c, x509_path.c) */
/* extendedKeyUsage bits */
#define DTLS_EKU_SERVER_AUTH 0x01
#define DTLS_EKU_CLIENT_AUTH 0x02
#define DTLS_EKU_ANY 0x04
#define DTLS_EKU_OTHER 0x08
/* keyUsage bits (RFC 5280 4.2.1.3, bit 0 = digitalSignature) */
#define DTLS_KU_DIGITAL_SIGNATURE 0x0001
#define DTLS_KU_KEY_ENCIPHERMENT 0x0004
#define DTLS_KU_KEY_AGREEMENT 0x0010
#define DTLS_KU_KEY_CERT_SIGN 0x0020
#define DTLS_KU_CRL_SIGN 0x0040

/* A parsed certificate: pointers into the DER, valid as long as it. */
typedef struct dtls_x509 {
    dtls_blob raw;                /* the whole Certificate */
    dtls_blob tbs;                /* tbsCertificate, tag and length included (what the signature covers) */
    dtls_blob serial;             /* INTEGER contents (1..20 octets) */
    dtls_blob issuer, subject;    /* Name, tag and length included (compared byte for byte) */
    dtls_blob spki;               /* SubjectPublicKeyInfo, tag and length included */
    dtls_public_key key;          /* parsed spki (type DTLS_KEY_OTHER when unsupported) */
    int64_t not_before, not_after; /* seconds since 1970-01-01T00:00:00Z */
    uint16_t sig_alg;             /* enum dtls_sig_alg of signatureAlgorithm; DTLS_SIG_NONE if unsupported */
    dtls_blob sig;                /* signatureValue (BIT STRING contents after the 0 unused-bits byte) */
    uint8_t version;              /* 1, 2 or 3 */
    uint8_t has_basic_constraints, is_ca;
    int8_t path_len;              /* basicConstraints pathLenConstraint, -1 when absent */
    uint8_t has_key_usage;
    uint16_t key_usage;           /* DTLS_KU_* bits */
    uint8_t has_eku, eku;         /* DTLS_EKU_* bits */
    dtls_blob san;                /* subjectAltName GeneralNames contents; data NULL when absent */
    dtls_blob name_constraints;   /* NameConstraints contents; data NULL when absent */
    uint8_t unknown_critical;     /* an unrecognised extension marked critical is present */
    dtls_blob cn;                 /* the subject's last commonName value (for the optional fallback) */
} dtls_x509;

/* Strict DER parse of one certificate (exactly len bytes).  0 or
 * DTLS_ERR_CERT_PARSE: non-minimal or indefinite lengths, trailing bytes,
 * BIT STRINGs with unused bits in keys or signatures, a serial of more than
 * 20 octets, times not in the RFC 5280 form, a repeated extension, a
 * signatureAlgorithm differing from the TBS one.  An unsupported key or
 * signature algorithm is not a parse error (key.type / sig_alg say so). */
DTLS_API int dtls_x509_parse(dtls_x509 *cert, const uint8_t *der, size_t len);

/* What the peer's certificate must be good for. */
enum dtls_x509_purpose { DTLS_X509_SERVER = 1, DTLS_X509_CLIENT = 2 };

typedef struct dtls_x509_verify_params {
    const dtls_blob *anchors;     /* trust anchors: DER certificates (their signatures are not checked) */
    size_t n_anchors;
    int64_t now;                  /* seconds since 1970 (UTC) */
    uint8_t check_time;           /* 0: the device has no clock (said explicitly); validity not checked */
    uint8_t purpose;              /* enum dtls_x509_purpose (extendedKeyUsage, keyUsage) */
    uint8_t cn_fallback;          /* 1: match the subject CN when the leaf has no DNS/IP subjectAltName */
    uint8_t max_depth;            /* certificates in the path below the anchor, 1..DTLS_MAX_CHAIN; 0: DTLS_MAX_CHAIN */
    const char *name;             /* expected DNS name or IP literal (dotted IPv4, IPv6); NULL: no name check */
    const dtls_crypto_hooks *hooks; /* for ECDSA verification hooks; may be NULL */
} dtls_x509_verify_params;

/* Validates the peer's chain (leaf first; intermediates in any order, unused
 * extras allowed up to DTLS_MAX_CHAIN certificates in all) against the trust
 * anchors: builds a path from the leaf to an anchor (an anchor's subject
 * equal to the last certificate's issuer), checks every signature (ECDSA
 * P-256/SHA-256, P-384/SHA-384, RSA PKCS#1 v1.5 and PSS 2048-4096 with
 * SHA-256/384), validity, basicConstraints CA and pathLen, issuers'
 * keyUsage keyCertSign, nameConstraints (dNSName and iPAddress; any other
 * form rejected), unknown critical extensions, the leaf's keyUsage
 * (digitalSignature) and extendedKeyUsage for purpose, the leaf key (P-256
 * or RSA 2048-4096; P-384 only in CA certificates) and the name.
 * On success fills *leaf (if not NULL) from chain[0].  Returns 0 or the first
 * failure: DTLS_ERR_CERT_PARSE, _SIGNATURE, _ISSUER, _CRITICAL, _CONSTRAINTS,
 * _TOO_BIG (more than DTLS_MAX_CHAIN certificates or a longer path),
 * _EXPIRED, _UNKNOWN_CA, _UNSUPPORTED, _NAME. */
DTLS_API int dtls_x509_verify(const dtls_x509_verify_params *p, const dtls_blob *chain, size_t n, dtls_x509 *leaf);

/* RFC 9525 name check of one certificate alone (what dtls_x509_verify does
 * for the leaf): 0 or DTLS_ERR_CERT_NAME. */
DTLS_API int dtls_x509_check_name(const dtls_x509 *cert, const char *name, int cn_fallback);

#endif /* DTLS_ENABLE_X509 */

/* 1 when name is an IPv4 or IPv6 literal (then *ip, 4 or 16 bytes, and
 * *ip_len are set if not NULL); 0 otherwise (a DNS name). */
DTLS_API int dtls_ip_parse(const char *name, uint8_t ip[16], size_t *ip_len);

/* The alert a DTLS_ERR_CERT_* code ends the handshake with (RFC 5246 7.2.2):
 * bad_certificate, unsupported_certificate, certificate_expired, unknown_ca
 * or certificate_unknown; 0 for other codes. */
DTLS_API uint8_t dtls_x509_alert(int err);

/* PEM (RFC 7468): decodes the first block at or after text[0] whose label is
 * label (e.g. "CERTIFICATE"; NULL: any label) into out.  Returns the DER
 * length and sets *end (if not NULL) to the offset just after that block's
 * END line, so a bundle is read by calling again from there.
 * DTLS_ERR_ENCODING (bad base64, missing END), DTLS_ERR_BUFFER_TOO_SMALL, or
 * DTLS_ERR_DECODE when no such block remains. */
DTLS_API int dtls_pem_decode(uint8_t *out, size_t cap, const char *text, size_t text_len, const char *label,
                             size_t *end);

#endif /* DTLS_ENABLE_CERTS */

DTLS__EXTERN_C_END

#endif /* DTLS_X509_H */
