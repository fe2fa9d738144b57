/* record.h - the DTLS 1.2 record layer: header codec and record protection.
 *
 * RFC 6347 §4.1 (record header: type, version, epoch, 48-bit sequence number,
 * length; several records per datagram; invalid records are silently dropped,
 * §4.1.2.7), RFC 5246 §6.2.3.3 (AEAD records: additional_data = epoch(2) ||
 * seq(6) || type || version || plaintext length(2), plaintext at most 2^14
 * bytes), RFC 5288 / RFC 6655 (AES-GCM / AES-CCM nonce = fixed IV(4) ||
 * explicit nonce(8) sent before the ciphertext; here the explicit nonce is
 * always epoch || seq, never random), RFC 7905 §2 (ChaCha20-Poly1305 nonce =
 * IV(12) XOR (0^32 || epoch || seq), no explicit nonce), RFC 9146 (the
 * tls12_cid record: the connection ID after the sequence number, the inner
 * plaintext content || real_type || zeros, and its own additional data, §4-5).
 *
 * Ownership and aliasing: dtls__record_parse does not copy; the record's
 * pointers (cid, header, body) point into the caller's datagram, which must
 * stay in place while the record is used, and dtls__record_unprotect decrypts
 * in that datagram.  dtls__record_protect writes into the caller's out buffer;
 * its payload either does not overlap out or sits exactly at
 * out + DTLS__RECORD_HEADER_LEN + explicit_nonce_len (in place).  A
 * dtls__cipher holds key material (wipe it with dtls_wipe when done) and the
 * hooks table it was set up with must be the one passed to protect/unprotect. */
#ifndef DTLS_PROTO_RECORD_H
#define DTLS_PROTO_RECORD_H

#include "../crypto/prologue.h"
#include "../crypto/hooks.h"

DTLS__EXTERN_C_BEGIN

#define DTLS__CT_CHANGE_CIPHER_SPEC 20
#define DTLS__CT_ALERT 21
#define DTLS__CT_HANDSHAKE 22
#define DTLS__CT_APPLICATION_DATA 23
#define DTLS__CT_TLS12_CID 25
#define DTLS__VERSION_1_0 0xFEFF
#define DTLS__VERSION_1_2 0xFEFD
#define DTLS__RECORD_HEADER_LEN 13
#define DTLS__SEQ_MAX ((UINT64_C(1) << 48) - 1)
#define DTLS__PLAINTEXT_MAX 16384 /* 2^14 (RFC 5246 §6.2.1) */
/* The longest Connection ID (RFC 9146) we send or receive: ours, and the
 * peer's we store (a longer one offered is not negotiated). */
#ifndef DTLS_MAX_CID
#define DTLS_MAX_CID 16
#endif
#if DTLS_MAX_CID < 1 || DTLS_MAX_CID > 255 /* one byte at least; the extension's length is one byte */
#error "DTLS_MAX_CID must be 1..255"
#endif

typedef struct dtls__record {
    uint8_t type;
    uint16_t version;
    uint16_t epoch;
    uint64_t seq;
    const uint8_t *cid; /* RFC 9146: present when type == 25 (NULL otherwise) */
    uint8_t cid_len;
    uint8_t *header;    /* the record header as received (13 + cid_len bytes) */
    size_t header_len;
    uint8_t *body;      /* the fragment; after unprotect: the plaintext, in place */
    size_t body_len;
} dtls__record;

/* The kind of record protection.  CBC + encrypt_then_mac will be a third kind:
 * nothing may assume AEAD. */
enum { DTLS__CIPHER_NULL = 0, DTLS__CIPHER_AEAD = 1 };

typedef struct dtls__cipher {
    dtls_crypto_key key; /* from dtls_crypto_aead_set_key (raw key or a hook's handle) */
    uint8_t iv[12];      /* the fixed IV (4 bytes for GCM/CCM, 12 for ChaCha20-Poly1305), zero-padded */
    uint8_t kind;        /* DTLS__CIPHER_*; anything else (a failed init) is refused */
    uint8_t aead_alg;    /* enum dtls_aead_alg */
    uint8_t fixed_iv_len;
    uint8_t explicit_nonce_len; /* 8 for GCM/CCM, 0 for ChaCha20-Poly1305 */
    uint8_t tag_len;
} dtls__cipher;

DTLS__EXTERN_C_END

/* ---- dtls.h puts what follows (private functions) in its implementation half ---- */
DTLS__EXTERN_C_BEGIN

/* Parses the record at dgram + *pos and advances *pos past it.  Returns 0; 1
 * when *pos >= len (no more records); DTLS_ERR_DECODE when the header is
 * truncated or its length overruns the datagram (*pos is then unchanged and
 * the caller ignores the rest of the datagram: RFC 6347 §4.1.2.7).  A record of
 * type 25 carries cid_len CID bytes after the sequence number; with cid_len 0
 * (or above 255) a type-25 record is DTLS_ERR_DECODE.  Versions are returned
 * as found (the caller decides).  On an error rec's fields are unspecified. */
DTLS__PRIV int dtls__record_parse(dtls__record *rec, uint8_t *dgram, size_t len, size_t *pos, size_t cid_len);

/* The NULL cipher of epoch 0 (the body is the plaintext). */
DTLS__PRIV void dtls__cipher_null(dtls__cipher *c);
/* An AEAD cipher state from the key block's key and fixed IV (iv_len 4 for
 * GCM/CCM, 12 for ChaCha20-Poly1305).  0, DTLS_ERR_UNSUPPORTED (unknown alg),
 * DTLS_ERR_BAD_ARG (IV length), or what dtls_crypto_aead_set_key returns
 * (DTLS_ERR_IN_PROGRESS: call again).  On failure *c refuses every record. */
DTLS__PRIV int dtls__cipher_init(dtls__cipher *c, const dtls_crypto_hooks *hooks, int aead_alg,
                                 const uint8_t *key, size_t key_len, const uint8_t *iv, size_t iv_len);
/* Bytes a protected record adds to the plaintext, beyond the header. */
DTLS__PRIV size_t dtls__cipher_overhead(const dtls__cipher *c);

/* Builds one whole record (header + protected fragment) at out.  payload may
 * be anywhere outside out, or exactly at out + DTLS__RECORD_HEADER_LEN +
 * explicit_nonce_len (the engine writes plaintext there and protects in
 * place).  Returns the record length, DTLS_ERR_BUFFER_TOO_SMALL (nothing
 * written), DTLS_ERR_SEQ_EXHAUSTED (seq > DTLS__SEQ_MAX), DTLS_ERR_TOO_LONG
 * (len > 2^14), DTLS_ERR_BAD_ARG (an unusable cipher), or what the AEAD
 * dispatch returns (DTLS_ERR_IN_PROGRESS from a hook: then nothing was sent;
 * call again with the same arguments). */
DTLS__PRIV int dtls__record_protect(const dtls_crypto_hooks *hooks, const dtls__cipher *c, uint8_t type,
                                    uint16_t version, uint16_t epoch, uint64_t seq, uint8_t *out,
                                    size_t out_cap, const uint8_t *payload, size_t len);
/* The same with the peer's Connection ID (RFC 9146): cid_len > 0 writes a
 * tls12_cid record (header 13 + cid_len bytes; the payload's in-place position
 * moves by cid_len; the inner plaintext is payload || type, so len is at most
 * 2^14 - 1) under an AEAD cipher only (DTLS_ERR_BAD_ARG otherwise, or with
 * cid_len > DTLS_MAX_CID); cid_len 0 is dtls__record_protect. */
DTLS__PRIV int dtls__record_protect_cid(const dtls_crypto_hooks *hooks, const dtls__cipher *c, uint8_t type,
                                        uint16_t version, uint16_t epoch, uint64_t seq, const uint8_t *cid,
                                        size_t cid_len, uint8_t *out, size_t out_cap, const uint8_t *payload,
                                        size_t len);

/* Authenticates and decrypts rec in place: body/body_len become the plaintext
 * (on DTLS_ERR_AUTH they describe the zeroed output instead).  The additional
 * data is built from rec's type, version, epoch and seq, and for a tls12_cid
 * record its CID (RFC 9146 §5.3); such a record's type becomes its real type
 * and its padding is removed.  0, DTLS_ERR_AUTH,
 * DTLS_ERR_DECODE when the fragment is shorter than the overhead or the
 * plaintext would exceed 2^14 bytes (RFC 5246 §6.2.3), or for a CID record
 * under the NULL cipher or whose inner plaintext is all zeros, DTLS_ERR_BAD_ARG
 * (an unusable cipher), or what the AEAD dispatch returns (DTLS_ERR_IN_PROGRESS
 * from a hook: rec is unchanged; call again). */
DTLS__PRIV int dtls__record_unprotect(const dtls_crypto_hooks *hooks, const dtls__cipher *c, dtls__record *rec);

DTLS__EXTERN_C_END

#endif /* DTLS_PROTO_RECORD_H */
