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
 * RFC 6066 §3 (server_name).  Bodies only: the 12-byte handshake header is
 * hs_msg's.
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

DTLS__EXTERN_C_BEGIN

/* Extension types (IANA) and values the messages use. */
enum {
    DTLS__EXT_SERVER_NAME = 0,
    DTLS__EXT_SUPPORTED_GROUPS = 10,
    DTLS__EXT_EC_POINT_FORMATS = 11,
    DTLS__EXT_SIGNATURE_ALGORITHMS = 13,
    DTLS__EXT_EXTENDED_MASTER_SECRET = 23,
    DTLS__EXT_RENEGOTIATION_INFO = 0xFF01
};
#define DTLS__MSG_SCSV 0x00FF          /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV */
#define DTLS__MSG_SESSION_ID_MAX 32
#define DTLS__MSG_COOKIE_MAX 255

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
} dtls__client_hello;
/* DTLS_ERR_DECODE for any length mismatch, truncation, trailing bytes, a repeated extension (of any type, known or not),
   a non-empty renegotiation_info, a non-empty extended_master_secret, odd-length lists, an empty compression list,
   two host_names in server_name; unknown extensions are skipped.  An absent extensions block and an empty one are
   both accepted.  Cost: the repeated-extension check is quadratic in the number of extensions (bounded by the body). */
DTLS__PRIV int dtls__msg_parse_client_hello(dtls__client_hello *ch, const uint8_t *body, size_t len);

/* Client side: what we put in a ClientHello. */
typedef struct dtls__client_hello_out {
    const uint8_t *random; const uint8_t *session_id; size_t session_id_len;
    const uint8_t *cookie; size_t cookie_len;
    const uint16_t *suites; size_t n_suites;  /* 1.. */
    const uint16_t *groups; size_t n_groups;  /* sent as supported_groups + ec_point_formats(uncompressed) when n_groups > 0 */
    const uint8_t *sni; size_t sni_len;       /* 0: not sent */
} dtls__client_hello_out;
/* Writes the body (version 0xFEFD, compression [null], extensions in this order: extended_master_secret,
   renegotiation_info (empty), supported_groups, ec_point_formats, signature_algorithms (ecdsa_secp256r1_sha256,
   ecdsa_secp384r1_sha384, rsa_pss_rsae_sha256, rsa_pss_rsae_sha384, rsa_pkcs1_sha256, rsa_pkcs1_sha384),
   server_name when given).  Returns the length or an error (BAD_ARG: random NULL, session_id_len > 32,
   cookie_len > 255, n_suites 0 or too many, sni too long). */
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
} dtls__server_hello;
/* DTLS_ERR_DECODE as above; a non-empty renegotiation_info, extended_master_secret or server_name is DTLS_ERR_DECODE. */
DTLS__PRIV int dtls__msg_parse_server_hello(dtls__server_hello *sh, const uint8_t *body, size_t len);
/* Server side: what we put in a ServerHello. */
typedef struct dtls__server_hello_out {
    const uint8_t *random;        /* 32 bytes */
    const uint8_t *session_id; size_t session_id_len;
    uint16_t suite;
    uint8_t ems, reneg, point_formats; /* send extended_master_secret / renegotiation_info (empty) / ec_point_formats */
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

/* 1 when the suite list (raw cipher_suites bytes) contains suite. */
DTLS__PRIV int dtls__msg_has_suite(const uint8_t *suites, size_t suites_len, uint16_t suite);
/* 1 when the raw supported_groups list contains group. */
DTLS__PRIV int dtls__msg_has_group(const uint8_t *groups, size_t groups_len, uint16_t group);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_MSG_H */
