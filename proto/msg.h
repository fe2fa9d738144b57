/* msg.h - handshake message bodies and hello extensions (private module).
 *
 * RFC 5246 §7.4 (ClientHello, ServerHello, extensions: at most one of each
 * type), RFC 6347 §4.2.1 (cookie in the ClientHello, HelloVerifyRequest),
 * RFC 4279 §2-3 (PSK ServerKeyExchange psk_identity_hint and
 * ClientKeyExchange psk_identity), RFC 5489 §2 (ECDHE_PSK: hint, then
 * ServerECDHParams; identity, then the client's point), RFC 8422 §5.1 / §5.4
 * (supported_groups, ec_point_formats, ECParameters: curve_type named_curve(3)),
 * RFC 7627 §5.1 (extended_master_secret, empty), RFC 5746 §3.4 / §3.6
 * (renegotiation_info, empty on an initial handshake; SCSV 0x00FF),
 * RFC 6066 §3 (server_name).  Certificate suites: RFC 5246 §7.4.2
 * (Certificate), §7.4.4 (CertificateRequest), §7.4.8 (CertificateVerify) and
 * §4.7 (digitally-signed), RFC 8422 §5.4 / §5.7 (ServerKeyExchange and
 * ClientKeyExchange for ECDHE_ECDSA / ECDHE_RSA), RFC 7250 §3-4 (raw public
 * keys: the Certificate form, client_certificate_type and
 * server_certificate_type), RFC 6066 §4 (max_fragment_length: one code
 * byte) and RFC 8449 §4 (record_size_limit: a uint16).  Bodies only: the
 * 12-byte handshake header is hs_msg's.
 *
 * Ownership: parsers only read the body; every pointer they return points into
 * it (no copy) and is valid as long as the caller's buffer.  After an error the
 * output structs / values are unspecified.  Writers write out (cap bytes) and
 * read their inputs during the call only; out must not overlap them.
 *
 * Errors: parsers return 0 or DTLS_ERR_DECODE (truncation, a length field that
 * disagrees with what follows, trailing bytes, a repeated extension, an
 * extension whose inner length disagrees with the extension's length, an
 * odd-length list of 16-bit values, a non-empty renegotiation_info).  Writers
 * return the body length, DTLS_ERR_BAD_ARG (a NULL pointer with a nonzero
 * length, a length its field cannot hold or outside the field's range; checked
 * whatever cap is) or DTLS_ERR_BUFFER_TOO_SMALL. */
#ifndef DTLS_PROTO_MSG_H
#define DTLS_PROTO_MSG_H

#include "../crypto/prologue.h"
#include "../crypto/error.h"
#include "../crypto/config.h"
#include "x509.h"

DTLS__EXTERN_C_BEGIN

/* Extension types (IANA) and values the messages use. */
enum {
    DTLS__EXT_SERVER_NAME = 0,
    DTLS__EXT_MAX_FRAGMENT_LENGTH = 1, /* RFC 6066 §4 */
    DTLS__EXT_SUPPORTED_GROUPS = 10,
    DTLS__EXT_EC_POINT_FORMATS = 11,
    DTLS__EXT_SIGNATURE_ALGORITHMS = 13,
    DTLS__EXT_USE_SRTP = 14, /* RFC 5764 §4.1.1 */
    DTLS__EXT_CLIENT_CERTIFICATE_TYPE = 19,
    DTLS__EXT_SERVER_CERTIFICATE_TYPE = 20,
    DTLS__EXT_HEARTBEAT = 15, /* RFC 6520 §2 */
    DTLS__EXT_EXTENDED_MASTER_SECRET = 23,
    DTLS__EXT_RECORD_SIZE_LIMIT = 28, /* RFC 8449 §4 */
    DTLS__EXT_SESSION_TICKET = 35, /* RFC 5077 §3.2 */
    DTLS__EXT_CONNECTION_ID = 54 /* RFC 9146 §3 */
};
#define DTLS__EXT_RENEGOTIATION_INFO 0xFF01 /* not an enumerator: above INT_MAX where int is 16 bits */
#define DTLS__MSG_SCSV 0x00FF          /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
#define DTLS__MSG_EXT_MAX 64           /* extensions in one hello (real ones carry 5 to 20) */
#define DTLS__MSG_SESSION_ID_MAX 32
#define DTLS__MSG_COOKIE_MAX 255
/* Certificate types (RFC 7250 §3, IANA TLS Certificate Types): X.509 is 0, so "not sent" needs its own flag. */
#define DTLS__CERT_TYPE_X509 0
#define DTLS__CERT_TYPE_RPK 2

/* What a parsed ClientHello holds: pointers into the caller's buffer, valid as long as it. */
typedef struct dtls__client_hello {
    uint16_t version;                         /* client_version as sent (0xFEFD, 0xFEFF, ...) */
    const uint8_t *random;                    /* 32 bytes */
    const uint8_t *session_id; size_t session_id_len;     /* 0..32 */
    const uint8_t *cookie; size_t cookie_len;             /* 0..255 */
    const uint8_t *suites; size_t suites_len;             /* raw cipher_suites bytes (even, 2..2^16-2) */
    const uint8_t *compression; size_t compression_len;   /* raw (1..255 bytes); whether it holds null(0): has_null_compression */
    uint8_t has_ems, has_reneg_ext, has_scsv;             /* extended_master_secret; renegotiation_info (must be empty); TLS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00FF in suites */
    const uint8_t *groups; size_t groups_len;             /* supported_groups list (raw, even), NULL if absent */
    uint8_t has_point_formats, has_uncompressed;          /* ec_point_formats present / contains uncompressed (0) */
    const uint8_t *sig_algs; size_t sig_algs_len;         /* signature_algorithms (raw, even), NULL if absent */
    const uint8_t *sni; size_t sni_len;                   /* server_name host_name, NULL if absent */
    uint8_t has_null_compression;             /* (added) compression list contains null(0); the parser accepts a list
                                                 without it, the engine decides (RFC 5246 §7.4.1.2: must contain it) */
    const uint8_t *client_cert_types; size_t client_cert_types_len; /* (added) RFC 7250 client_certificate_type list
                                                 (raw, 1..255 bytes), NULL if absent */
    const uint8_t *server_cert_types; size_t server_cert_types_len; /* (added) server_certificate_type, likewise */
    uint8_t has_cid;                          /* (added) connection_id (RFC 9146): the CID the client wants on */
    const uint8_t *cid; size_t cid_len;       /*   the records sent to it (0..255 bytes) */
    uint8_t has_heartbeat, heartbeat_mode;    /* (added) heartbeat (RFC 6520 §2): its HeartbeatMode byte (any value:
                                                 the engine answers an unknown one with illegal_parameter) */
    uint8_t has_ticket;                       /* (added) session_ticket (RFC 5077 §3.2): the ticket, 0..65535 bytes */
    const uint8_t *ticket; size_t ticket_len;
    uint8_t has_mfl, mfl;                     /* (added) max_fragment_length (RFC 6066 §4): its code byte, any value
                                                 (the engine answers one outside 1..4 with illegal_parameter) */
    uint8_t has_rsl; uint16_t rsl;            /* (added) record_size_limit (RFC 8449 §4): RecordSizeLimit, any value
                                                 (the engine checks it) */
    const uint8_t *srtp_profiles; size_t srtp_profiles_len; /* (added) use_srtp (RFC 5764 §4.1.1): the profiles
                                                 (raw, even, 2..), NULL if absent; */
    size_t srtp_mki_len;                      /*   and the MKI's length (0..255; its bytes are not kept) */
} dtls__client_hello;
/* DTLS_ERR_DECODE for any length mismatch, truncation, trailing bytes, a repeated extension (of any type, known or not),
   a non-empty renegotiation_info, a non-empty extended_master_secret, odd-length lists, an empty compression list,
   two host_names in server_name, an empty client_/server_certificate_type list, a max_fragment_length that is not
   exactly one byte or a record_size_limit that is not exactly two (in both hellos); unknown extensions are skipped.
   An absent extensions block and an empty one are both accepted.  Cost: the repeated-extension check is quadratic in the number of extensions (bounded by the body). */
DTLS__PRIV int dtls__msg_parse_client_hello(dtls__client_hello *ch, const uint8_t *body, size_t len);

/* Client side: what we put in a ClientHello. */
typedef struct dtls__client_hello_out {
    const uint8_t *random; const uint8_t *session_id; size_t session_id_len;
    const uint8_t *cookie; size_t cookie_len;
    const uint16_t *suites; size_t n_suites;  /* 1.. */
    const uint16_t *groups; size_t n_groups;  /* sent as supported_groups + ec_point_formats(uncompressed) when n_groups > 0 */
    const uint8_t *sni; size_t sni_len;       /* 0: not sent */
    const uint8_t *client_cert_types; size_t n_client_cert_types; /* (added) RFC 7250 lists, most preferred first, */
    const uint8_t *server_cert_types; size_t n_server_cert_types; /* 1..255 entries; 0: not sent */
    uint8_t send_cid; const uint8_t *cid; size_t cid_len; /* (added) connection_id with our CID (0..255 bytes) */
    uint8_t send_heartbeat, heartbeat_mode;   /* (added) heartbeat (RFC 6520 §2) with this HeartbeatMode */
    uint8_t send_mfl, mfl;                    /* (added) max_fragment_length (RFC 6066 §4) with this code (any byte) */
    uint8_t send_rsl; uint16_t rsl;           /* (added) record_size_limit (RFC 8449 §4) with this value */
    const uint16_t *srtp_profiles; size_t n_srtp_profiles; /* (added) use_srtp (RFC 5764), an empty MKI; 0: not sent */
    uint8_t send_ticket; const uint8_t *ticket; size_t ticket_len; /* (added) session_ticket (RFC 5077), last */
} dtls__client_hello_out;
/* Writes the body (version 0xFEFD, compression [null], extensions in this order: extended_master_secret,
   renegotiation_info (empty), supported_groups, ec_point_formats, signature_algorithms (dtls__sig_schemes: with
   everything compiled in ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, rsa_pss_rsae_sha256, rsa_pss_rsae_sha384,
   rsa_pkcs1_sha256, rsa_pkcs1_sha384; not sent without certificates), server_name when given,
   client_certificate_type and server_certificate_type when given, connection_id when send_cid, heartbeat when
   send_heartbeat, max_fragment_length when send_mfl and record_size_limit when send_rsl (both only with
   DTLS_ENABLE_RECORD_SIZE), use_srtp when n_srtp_profiles (1..255), session_ticket when send_ticket).  Returns the length or an error (BAD_ARG:
   random NULL, session_id_len > 32, cookie_len > 255, n_suites 0 or too many, sni too long, more than 255
   certificate types, a NULL list with a nonzero count). */
DTLS__PRIV int dtls__msg_write_client_hello(uint8_t *out, size_t cap, const dtls__client_hello_out *p);

/* HelloVerifyRequest: server_version ‖ cookie<0..255>. */
DTLS__PRIV int dtls__msg_parse_hello_verify(uint16_t *version, const uint8_t **cookie, size_t *cookie_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_write_hello_verify(uint8_t *out, size_t cap, uint16_t version, const uint8_t *cookie, size_t cookie_len);

typedef struct dtls__server_hello {
    uint16_t version; const uint8_t *random; const uint8_t *session_id; size_t session_id_len;
    uint16_t suite; uint8_t compression;
    uint8_t has_ems, has_reneg_ext, has_point_formats;
    uint8_t has_other_ext;       /* any extension outside those three and server_name (the client rejects it: unsupported_extension) */
    uint16_t other_ext_type;     /* the first such extension's type */
    uint8_t has_uncompressed;    /* (added) ec_point_formats contains uncompressed (0) (RFC 8422 §5.2 requires it) */
    uint8_t has_server_name;     /* (added) an empty server_name (RFC 6066 §3: a server that used our SNI acks it
                                    so); the client rejects it with unsupported_extension if it sent no SNI */
    uint8_t has_client_cert_type, client_cert_type; /* (added) RFC 7250 client_certificate_type: the one type chosen */
    uint8_t has_server_cert_type, server_cert_type; /* (added) server_certificate_type, likewise; neither counts as
                                                       has_other_ext (the client checks it offered them) */
    uint8_t has_cid;                 /* (added) connection_id (RFC 9146): the server's CID, 0..255 bytes; not */
    const uint8_t *cid; size_t cid_len; /*   has_other_ext (the client checks it offered one) */
    uint8_t has_heartbeat, heartbeat_mode; /* (added) heartbeat (RFC 6520 §2): its HeartbeatMode byte; not
                                            has_other_ext (the client checks it offered one) */
    uint8_t has_ticket;              /* (added) an empty session_ticket (RFC 5077 §3.2: a NewSessionTicket follows);
                                        a non-empty one is DTLS_ERR_DECODE; not has_other_ext */
    uint8_t has_mfl, mfl;            /* (added) max_fragment_length (RFC 6066 §4): its code byte; with */
    uint8_t has_rsl; uint16_t rsl;   /*   record_size_limit (RFC 8449 §4): its value.  Neither counts as
                                        has_other_ext with DTLS_ENABLE_RECORD_SIZE (the client checks it offered
                                        them); built without it, both do */
    uint8_t has_srtp; uint16_t srtp_profile; /* (added) use_srtp (RFC 5764 §4.1.1): the one profile chosen (a list */
    size_t srtp_mki_len;                     /*   of another length is DTLS_ERR_DECODE), the MKI's length; not
                                                has_other_ext (the client checks it offered one) */
} dtls__server_hello;
/* DTLS_ERR_DECODE as above; a non-empty renegotiation_info, extended_master_secret or server_name is DTLS_ERR_DECODE,
   and so is a client_/server_certificate_type or a heartbeat that is not exactly one byte (in both hellos). */
DTLS__PRIV int dtls__msg_parse_server_hello(dtls__server_hello *sh, const uint8_t *body, size_t len);
/* Server side: what we put in a ServerHello. */
typedef struct dtls__server_hello_out {
    const uint8_t *random;        /* 32 bytes */
    const uint8_t *session_id; size_t session_id_len;
    uint16_t suite;
    uint8_t ems, reneg, point_formats; /* send extended_master_secret / renegotiation_info (empty) / ec_point_formats */
    uint8_t sni_ack;                   /* (added) send an empty server_name (RFC 6066 §3: we used the client's SNI) */
    uint8_t send_client_cert_type, client_cert_type; /* (added) send client_certificate_type = client_cert_type */
    uint8_t send_server_cert_type, server_cert_type; /* (added) send server_certificate_type = server_cert_type */
    uint8_t send_cid; const uint8_t *cid; size_t cid_len; /* (added) connection_id with our CID */
    uint8_t send_heartbeat, heartbeat_mode; /* (added) heartbeat (RFC 6520 §2) with this HeartbeatMode */
    uint8_t send_mfl, mfl;                  /* (added) max_fragment_length (RFC 6066 §4) with this code */
    uint8_t send_rsl; uint16_t rsl;         /* (added) record_size_limit (RFC 8449 §4) with this value */
    uint16_t srtp_profile;                  /* (added) use_srtp (RFC 5764) with this profile, an empty MKI; 0: not sent */
    uint8_t send_ticket;                    /* (added) an empty session_ticket (RFC 5077 §3.2) */
} dtls__server_hello_out;
/* Writes version 0xFEFD, random, session_id, suite, compression 0, and the extensions that are set, in the
   order of the struct (no extensions block when none). */
DTLS__PRIV int dtls__msg_write_server_hello(uint8_t *out, size_t cap, const dtls__server_hello_out *p);

/* ServerKeyExchange for PSK (RFC 4279 2: psk_identity_hint<0..2^16-1>) and ECDHE_PSK (RFC 5489 2: hint, then
   ServerECDHParams: curve_type named_curve(3), NamedCurve, point<1..255>).  curve_type != 3 and an empty point
   are DTLS_ERR_DECODE; the group is not checked here. */
DTLS__PRIV int dtls__msg_parse_ske_psk(const uint8_t **hint, size_t *hint_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_parse_ske_ecdhe_psk(const uint8_t **hint, size_t *hint_len, uint16_t *group, const uint8_t **point, size_t *point_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_write_ske_psk(uint8_t *out, size_t cap, const uint8_t *hint, size_t hint_len);
DTLS__PRIV int dtls__msg_write_ske_ecdhe_psk(uint8_t *out, size_t cap, const uint8_t *hint, size_t hint_len, uint16_t group, const uint8_t *point, size_t point_len);
/* ClientKeyExchange for PSK (identity<0..2^16-1>) and ECDHE_PSK (identity, then point<1..255>). */
DTLS__PRIV int dtls__msg_parse_cke_psk(const uint8_t **identity, size_t *identity_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_parse_cke_ecdhe_psk(const uint8_t **identity, size_t *identity_len, const uint8_t **point, size_t *point_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_write_cke_psk(uint8_t *out, size_t cap, const uint8_t *identity, size_t identity_len);
DTLS__PRIV int dtls__msg_write_cke_ecdhe_psk(uint8_t *out, size_t cap, const uint8_t *identity, size_t identity_len, const uint8_t *point, size_t point_len);

/* 1 when a raw list of big-endian 16-bit values (cipher_suites, supported_groups, signature_algorithms, ...)
   contains v; pairs are aligned from the start, a trailing odd byte is ignored; list may be NULL when len is 0. */
DTLS__PRIV int dtls__msg_has_u16(const uint8_t *list, size_t len, uint16_t v);
/* dtls__msg_has_u16 under the names the callers use. */
DTLS__PRIV int dtls__msg_has_suite(const uint8_t *suites, size_t suites_len, uint16_t suite);
DTLS__PRIV int dtls__msg_has_group(const uint8_t *groups, size_t groups_len, uint16_t group);

#if DTLS_ENABLE_CERTS
/* Certificate (RFC 5246 §7.4.2): ASN.1Cert certificate_list<0..2^24-1>, ASN.1Cert opaque<1..2^24-1>.  Fills
   certs[0..*n-1] with the certificates in the order sent (pointers into body; certs may be NULL when max is 0).
   DTLS_ERR_DECODE when malformed (an empty certificate, lengths that disagree, trailing bytes); otherwise
   DTLS_ERR_CERT_TOO_BIG when it holds more than max certificates (*n is then max).  An empty list is valid
   (*n = 0: a client without a suitable certificate).  The certificates' DER is not looked at. */
DTLS__PRIV int dtls__msg_parse_certificate(dtls_blob *certs, size_t max, size_t *n, const uint8_t *body, size_t len);
/* Writes certs[0..n-1] (n may be 0: the empty list).  BAD_ARG: certs NULL with n > 0, a certificate empty, NULL or
   longer than 2^24-1, or a list longer than 2^24-1 (checked whatever cap is). */
DTLS__PRIV int dtls__msg_write_certificate(uint8_t *out, size_t cap, const dtls_blob *certs, size_t n);
/* Certificate when the certificate type is RawPublicKey (RFC 7250 §3): ASN.1_subjectPublicKeyInfo<1..2^24-1>,
   or the 3 bytes 00 00 00 (an empty certificate_list: no key to offer; spki->data NULL, spki->len 0).  The SPKI's
   DER is not looked at (dtls_spki_parse does). */
DTLS__PRIV int dtls__msg_parse_certificate_rpk(dtls_blob *spki, const uint8_t *body, size_t len);
/* Writes the SPKI with its 3-byte length, or 00 00 00 when spki_len is 0.  BAD_ARG: spki NULL with spki_len > 0,
   spki_len > 2^24-1. */
DTLS__PRIV int dtls__msg_write_certificate_rpk(uint8_t *out, size_t cap, const uint8_t *spki, size_t spki_len);

/* ServerKeyExchange for ECDHE_ECDSA / ECDHE_RSA (RFC 8422 §5.4): ServerECDHParams { curve_type named_curve(3),
   NamedCurve, point<1..255> } then digitally-signed { SignatureAndHashAlgorithm, signature<0..2^16-1> }
   (RFC 5246 §4.7, §7.4.3).  The signature covers client_random ‖ server_random ‖ params. */
typedef struct dtls__ske_ecdhe {
    uint16_t group;                           /* NamedCurve (not checked here) */
    const uint8_t *point; size_t point_len;   /* 1..255 bytes (not checked here) */
    const uint8_t *params; size_t params_len; /* the whole ServerECDHParams (4 + point_len bytes, = body) */
    uint16_t sig_alg;                         /* SignatureAndHashAlgorithm: hash << 8 | signature */
    const uint8_t *sig; size_t sig_len;       /* 0..65535 bytes (an empty one fails verification, not parsing) */
} dtls__ske_ecdhe;
/* DTLS_ERR_DECODE: curve_type != 3, an empty point, lengths that disagree, truncation, trailing bytes. */
DTLS__PRIV int dtls__msg_parse_ske_ecdhe(dtls__ske_ecdhe *ske, const uint8_t *body, size_t len);
/* Writes ServerECDHParams and returns its length (4 + point_len), which the caller signs (after the randoms) and
   follows with dtls__msg_write_digitally_signed.  BAD_ARG: point NULL, point_len 0 or > 255. */
DTLS__PRIV int dtls__msg_write_ecdh_params(uint8_t *out, size_t cap, uint16_t group, const uint8_t *point, size_t point_len);
/* digitally-signed (RFC 5246 §4.7): sig_alg (2 bytes), signature<0..2^16-1>; the ServerKeyExchange's tail and the
   whole CertificateVerify (RFC 5246 §7.4.8).  BAD_ARG: sig NULL with sig_len > 0, sig_len 0 or > 65535. */
DTLS__PRIV int dtls__msg_write_digitally_signed(uint8_t *out, size_t cap, uint16_t sig_alg, const uint8_t *sig, size_t sig_len);
/* CertificateVerify: exactly one digitally-signed.  DTLS_ERR_DECODE also for an empty signature. */
DTLS__PRIV int dtls__msg_parse_digitally_signed(uint16_t *sig_alg, const uint8_t **sig, size_t *sig_len, const uint8_t *body, size_t len);

/* ClientKeyExchange for ECDHE_ECDSA / ECDHE_RSA (RFC 8422 §5.7): ClientECDiffieHellmanPublic, point<1..255>.
   Parse: DTLS_ERR_DECODE for an empty point, lengths that disagree, trailing bytes.  Write: BAD_ARG for point
   NULL, point_len 0 or > 255. */
DTLS__PRIV int dtls__msg_parse_cke_ecdhe(const uint8_t **point, size_t *point_len, const uint8_t *body, size_t len);
DTLS__PRIV int dtls__msg_write_cke_ecdhe(uint8_t *out, size_t cap, const uint8_t *point, size_t point_len);

/* ClientCertificateType values of a CertificateRequest (RFC 5246 §7.4.4, RFC 8422 §5.5). */
#define DTLS__CLIENT_CERT_RSA_SIGN 1
#define DTLS__CLIENT_CERT_ECDSA_SIGN 64

/* CertificateRequest (RFC 5246 §7.4.4): certificate_types<1..2^8-1>, supported_signature_algorithms<2..2^16-2>,
   certificate_authorities<0..2^16-1> of DistinguishedName<1..2^16-1>; all raw, pointers into the body. */
typedef struct dtls__cert_request {
    const uint8_t *types; size_t types_len;       /* ClientCertificateType bytes, 1..255 */
    const uint8_t *sig_algs; size_t sig_algs_len; /* raw SignatureAndHashAlgorithm pairs (even, >= 2) */
    const uint8_t *cas; size_t cas_len;           /* raw DistinguishedName vectors (structure checked, names not
                                                     interpreted); may be empty */
} dtls__cert_request;
/* DTLS_ERR_DECODE: an empty type list, an empty or odd signature list, an empty DistinguishedName, lengths that
   disagree (also inside the CA list), truncation, trailing bytes. */
DTLS__PRIV int dtls__msg_parse_certificate_request(dtls__cert_request *cr, const uint8_t *body, size_t len);
/* Writes types[0..n_types-1] (1..255), sig_algs[0..n_sig_algs-1] (1..32767) and an empty CA list.  BAD_ARG: a
   NULL or empty list, a list too long. */
DTLS__PRIV int dtls__msg_write_certificate_request(uint8_t *out, size_t cap, const uint8_t *types, size_t n_types,
                                                   const uint16_t *sig_algs, size_t n_sig_algs);
#endif /* DTLS_ENABLE_CERTS */

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_MSG_H */
