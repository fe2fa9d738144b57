/* der.h - a strict, bounded reader of DER (ITU-T X.690 §8 and §10, the
 * Distinguished Encoding Rules) for certificates and keys (x509.c).  Private
 * to the library (dtls__ names).
 *
 *   tags        one-byte identifiers only (the high-tag-number form, low five
 *               bits 11111, is rejected: nothing in RFC 5280 needs it)
 *   lengths     definite and minimal (X.690 §10.1): the indefinite form 0x80,
 *               a long form for a length below 128, leading zero length
 *               octets and lengths beyond the enclosing element are rejected
 *   INTEGER     minimal two's complement (§8.3.2), sign reported
 *   BIT STRING  primitive; unused-bit count 0..7, those bits zero (§11.2.1)
 *   BOOLEAN     0x00 or 0xFF only (§11.1)
 *   NULL        empty contents
 *   time        RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ (YY 50-99 = 19YY,
 *               00-49 = 20YY) and GeneralizedTime YYYYMMDDHHMMSSZ, seconds
 *               0-59, real calendar days (leap years), no fractions, no
 *               offsets; converted to seconds since 1970-01-01T00:00:00Z
 *
 * A reader (dtls__der) walks one level of TLVs inside a byte range; a nested
 * level is a new reader over an element's contents (dtls__der_enter), so the
 * parsers in x509.c never recurse: their nesting is fixed by the ASN.1
 * structures they read.  Every byte is read through the bounds checks here.
 *
 * Ownership: zero-copy.  Readers and elements point into the caller's bytes,
 * which must outlive them.
 *
 * Errors: every function returns 0 (or a documented count or flag) or
 * DTLS_ERR_CERT_PARSE. */
#ifndef DTLS_PROTO_DER_H
#define DTLS_PROTO_DER_H

#include "../crypto/prologue.h"
#include "../crypto/config.h"
#include "../crypto/error.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_CERTS

/* Universal tags (X.680 §8.4) and the forms DER gives them. */
#define DTLS__DER_BOOLEAN 0x01
#define DTLS__DER_INTEGER 0x02
#define DTLS__DER_BIT_STRING 0x03
#define DTLS__DER_OCTET_STRING 0x04
#define DTLS__DER_NULL 0x05
#define DTLS__DER_OID 0x06
#define DTLS__DER_UTF8_STRING 0x0c
#define DTLS__DER_PRINTABLE_STRING 0x13
#define DTLS__DER_IA5_STRING 0x16
#define DTLS__DER_UTC_TIME 0x17
#define DTLS__DER_GENERALIZED_TIME 0x18
#define DTLS__DER_SEQUENCE 0x30
#define DTLS__DER_SET 0x31
/* Context-specific [n]: constructed (EXPLICIT, or IMPLICIT of a constructed
 * type) and primitive (IMPLICIT of a primitive type). */
#define DTLS__DER_CTX(n) ((uint8_t)(0xa0u | (unsigned)(n)))
#define DTLS__DER_CTX_PRIM(n) ((uint8_t)(0x80u | (unsigned)(n)))

/* A reader over p[0..len): the next element starts at p[pos]. */
typedef struct dtls__der {
    const uint8_t *p;
    size_t len;
    size_t pos;
} dtls__der;

/* One element (TLV). */
typedef struct dtls__der_tlv {
    uint8_t tag;
    const uint8_t *raw; /* the whole element: tag, length and contents */
    size_t raw_len;
    const uint8_t *c;   /* the contents (never NULL: points just after the length) */
    size_t len;
} dtls__der_tlv;

DTLS__PRIV void dtls__der_init(dtls__der *d, const uint8_t *p, size_t len);
/* A reader over t's contents. */
DTLS__PRIV void dtls__der_enter(dtls__der *d, const dtls__der_tlv *t);
/* 1 when every byte has been read. */
DTLS__PRIV int dtls__der_done(const dtls__der *d);
/* The tag of the next element, or -1 at the end (nothing is checked or consumed). */
DTLS__PRIV int dtls__der_peek(const dtls__der *d);

/* Reads the next element, whatever its tag: 0 or DTLS_ERR_CERT_PARSE (also
 * at the end).  On error the reader does not move. */
DTLS__PRIV int dtls__der_next(dtls__der *d, dtls__der_tlv *t);
/* Reads the next element, which must have tag. */
DTLS__PRIV int dtls__der_expect(dtls__der *d, uint8_t tag, dtls__der_tlv *t);
/* An OPTIONAL element: 1 when the next element has tag (it is read into *t),
 * 0 when it has not or the reader is at the end (nothing consumed),
 * DTLS_ERR_CERT_PARSE when it has tag but is malformed. */
DTLS__PRIV int dtls__der_optional(dtls__der *d, uint8_t tag, dtls__der_tlv *t);
/* An EXPLICIT [n] OPTIONAL: like dtls__der_optional for the constructed
 * context tag [n], whose contents must be exactly one element, returned in
 * *inner. */
DTLS__PRIV int dtls__der_explicit(dtls__der *d, unsigned n, dtls__der_tlv *inner);
/* Parses all of p[0..len) as exactly one element with tag (no trailing bytes). */
DTLS__PRIV int dtls__der_single(const uint8_t *p, size_t len, uint8_t tag, dtls__der_tlv *t);

/* INTEGER contents (t->tag is not checked): minimal two's complement.
 * Sets *negative (if not NULL) to 1 for a negative value. */
DTLS__PRIV int dtls__der_integer(const dtls__der_tlv *t, int *negative);
/* A non-negative INTEGER's magnitude without the sign octet: *v / *vlen
 * (vlen 1 with *v 0x00 for zero).  Negative values are DTLS_ERR_CERT_PARSE. */
DTLS__PRIV int dtls__der_uint(const dtls__der_tlv *t, const uint8_t **v, size_t *vlen);
/* A non-negative INTEGER of at most 31 bits as a number. */
DTLS__PRIV int dtls__der_small_uint(const dtls__der_tlv *t, uint32_t *out);
/* BIT STRING (tag checked): *bits / *bits_len are the contents after the
 * unused-bits octet, *unused the count 0..7. */
DTLS__PRIV int dtls__der_bit_string(const dtls__der_tlv *t, const uint8_t **bits, size_t *bits_len,
                                    unsigned *unused);
/* BOOLEAN (tag checked): *v 0 or 1. */
DTLS__PRIV int dtls__der_bool(const dtls__der_tlv *t, int *v);
/* NULL (tag checked). */
DTLS__PRIV int dtls__der_null(const dtls__der_tlv *t);
/* 1 when t is an OBJECT IDENTIFIER whose contents are oid[0..oid_len), else 0. */
DTLS__PRIV int dtls__der_oid_eq(const dtls__der_tlv *t, const uint8_t *oid, size_t oid_len);
/* The same with oid a DTLS__ROM table (crypto/prologue.h: flash on AVR). */
DTLS__PRIV int dtls__der_oid_eq_rom(const dtls__der_tlv *t, const uint8_t *oid, size_t oid_len);
/* Checks an OID's contents are well formed (non-empty, subidentifiers
 * minimal, the last octet without the continuation bit). */
DTLS__PRIV int dtls__der_oid_check(const dtls__der_tlv *t);
/* UTCTime or GeneralizedTime -> seconds since 1970 (see the top). */
DTLS__PRIV int dtls__der_time(const dtls__der_tlv *t, int64_t *out);
/* Days since 1970-01-01 of a proleptic Gregorian date (year 0..9999,
 * month 1..12, day 1..31: not checked here). */
DTLS__PRIV int64_t dtls__der_days(uint32_t year, uint32_t month, uint32_t day);

#endif /* DTLS_ENABLE_CERTS */

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_DER_H */
