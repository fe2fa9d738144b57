/* config.h - compile-time options of the crypto core.
 *
 * Every option has a default that works on every board (an Arduino sketch
 * cannot pass a #define to the library's translation unit).  Options are
 * value-style: define them to 0 or 1 (or a number), never leave them empty.
 * Options that only change behaviour, not code size or layout, are run-time
 * settings instead. */
#ifndef DTLS_CONFIG_H
#define DTLS_CONFIG_H

#include "prologue.h" /* DTLS__HAVE_U128 (DTLS_P256_SPEED) */

/* Primitives that can be compiled out.  With one disabled, a hook in
 * dtls_crypto_hooks can still provide it; without either, setting up a
 * context that needs it fails with DTLS_ERR_DISABLED. */
#ifndef DTLS_ENABLE_AES
#define DTLS_ENABLE_AES 1
#endif
#ifndef DTLS_ENABLE_GCM
#define DTLS_ENABLE_GCM 1
#endif
#ifndef DTLS_ENABLE_CCM
#define DTLS_ENABLE_CCM 1
#endif
#ifndef DTLS_ENABLE_CHACHAPOLY
#define DTLS_ENABLE_CHACHAPOLY 1
#endif
#ifndef DTLS_ENABLE_SHA384
#define DTLS_ENABLE_SHA384 1 /* SHA-384 (and the SHA-512 core under it) */
#endif
#ifndef DTLS_ENABLE_X25519
#define DTLS_ENABLE_X25519 1
#endif
#ifndef DTLS_ENABLE_P256
#define DTLS_ENABLE_P256 1
#endif
#ifndef DTLS_ENABLE_P384
#define DTLS_ENABLE_P384 1 /* P-384 ECDSA verification (CA certificates) */
#endif
#ifndef DTLS_ENABLE_RSA
#define DTLS_ENABLE_RSA 1
#endif

/* Certificates and raw public keys in the protocol (ECDHE_ECDSA / ECDHE_RSA
 * suites, X.509 path validation, RFC 7250): needs P-256.  0 gives the
 * PSK-only build (smaller flash, smaller dtls_hs). */
#ifndef DTLS_ENABLE_CERTS
#define DTLS_ENABLE_CERTS DTLS_ENABLE_P256
#endif
/* X.509 certificates (parsing, path validation, name checks: x509.c,
 * x509_path.c).  0 with certificates on keeps raw public keys only (RFC 7250):
 * every certificate handshake uses them, as if DTLS_CFG_RPK were set,
 * dtls_credential_init refuses a chain (DTLS_ERR_DISABLED) and the
 * dtls_x509_* functions are absent. */
#ifndef DTLS_ENABLE_X509
#define DTLS_ENABLE_X509 DTLS_ENABLE_CERTS
#endif
#if DTLS_ENABLE_X509 && !DTLS_ENABLE_CERTS
#error "DTLS_ENABLE_X509 needs DTLS_ENABLE_CERTS (and so DTLS_ENABLE_P256)"
#endif
/* Connection ID (RFC 9146): negotiation (cfg DTLS_CFG_CID), tls12_cid
 * records, a server routing by CID across address changes. */
#ifndef DTLS_ENABLE_CID
#define DTLS_ENABLE_CID 1
#endif
/* Heartbeat (RFC 6520) as a NAT keep-alive: negotiation (cfg
 * DTLS_CFG_HEARTBEAT, off unless set), answers, requests (cfg.heartbeat_ms). */
#ifndef DTLS_ENABLE_HEARTBEAT
#define DTLS_ENABLE_HEARTBEAT 1
#endif

/* DTLS-SRTP's use_srtp extension (RFC 5764 4.1: cfg.srtp_profiles,
 * dtls_conn_srtp_profile); the keys come from the exporter (cfg.on_keys). */
#ifndef DTLS_ENABLE_SRTP
#define DTLS_ENABLE_SRTP 1
#endif

/* Record size limits: record_size_limit (RFC 8449) and max_fragment_length
 * (RFC 6066 4) negotiated (cfg.max_record, cfg.max_fragment_length; flight.c
 * keeps our records within the peer's). */
#ifndef DTLS_ENABLE_RECORD_SIZE
#define DTLS_ENABLE_RECORD_SIZE 1
#endif

/* Session resumption (RFC 5246 7.3 by session ID, RFC 5077 tickets): the
 * server's cache and tickets, the client's saved session (proto/session.c). */
#ifndef DTLS_ENABLE_RESUMPTION
#define DTLS_ENABLE_RESUMPTION 1
#endif

/* The NSS key log (cfg.keylog: each session's master secret, for Wireshark):
 * off unless built in, and then only when the application sets the callback. */
#ifndef DTLS_ENABLE_KEYLOG
#define DTLS_ENABLE_KEYLOG 0
#endif

/* Longest chain the peer may send (certificates in its Certificate message,
 * leaf included) and longest path to a trust anchor (1..255). */
#ifndef DTLS_MAX_CHAIN
#define DTLS_MAX_CHAIN 4
#endif
#if DTLS_MAX_CHAIN < 1 /* the leaf: a chain is one certificate at least */
#error "DTLS_MAX_CHAIN must be at least 1"
#endif
#if DTLS_MAX_CHAIN > 255 /* dtls_x509_verify_params.max_depth (a uint8_t) must be able to name every depth */
#error "DTLS_MAX_CHAIN must be at most 255"
#endif
/* Largest peer Certificate message body accepted (bytes); larger ends the
 * handshake with bad_certificate (DTLS_ERR_CERT_TOO_BIG).  Sizes dtls_hs
 * (94..64511). */
#ifndef DTLS_MAX_CERT_MSG
#define DTLS_MAX_CERT_MSG 4096
#endif
/* the smallest Certificate body: one raw P-256 public key (RFC 7250 3: a
 * 3-byte length and the 91-byte SubjectPublicKeyInfo) */
#if DTLS_MAX_CERT_MSG < 94
#error "DTLS_MAX_CERT_MSG must be at least 94"
#endif
/* the reassembly keeps positions in uint16_t: the message and the rest of the
 * peer's flight (up to 1024 bytes) must fit in 65535 */
#if DTLS_MAX_CERT_MSG > 64511
#error "DTLS_MAX_CERT_MSG must be at most 64511"
#endif

/* The roles this build can play (a device that is only a client links no
 * server code: the server's state machine, cookies, dtls_server_*). */
#ifndef DTLS_ENABLE_CLIENT
#define DTLS_ENABLE_CLIENT 1
#endif
#ifndef DTLS_ENABLE_SERVER
#define DTLS_ENABLE_SERVER 1
#endif
#if !DTLS_ENABLE_CLIENT && !DTLS_ENABLE_SERVER
#error "DTLS_ENABLE_CLIENT and DTLS_ENABLE_SERVER are both 0: enable at least one role"
#endif

/* 1: dtls_strerror gives a sentence per code; 0 drops the texts (about 2 KB
 * of flash; on AVR they stay in flash too, DTLS__ROM). */
#ifndef DTLS_ENABLE_ERROR_TEXT
#define DTLS_ENABLE_ERROR_TEXT 1
#endif
/* 1: the protocol's log lines reach cfg.log.  0 drops them and their texts
 * (their flash); cfg.log is then never called. */
#ifndef DTLS_ENABLE_LOG
#define DTLS_ENABLE_LOG 1
#endif

/* Largest RSA modulus handled, in bits (2048..4096).  Sizes stack buffers. */
#ifndef DTLS_RSA_MAX_BITS
#define DTLS_RSA_MAX_BITS 4096
#endif
#if DTLS_RSA_MAX_BITS < 2048 /* the smallest key accepted (rsa.c): below it every RSA key is refused */
#error "DTLS_RSA_MAX_BITS must be at least 2048"
#endif
/* the range rsa.h's stack figures and the tests cover; a larger signature
 * (bits / 8 bytes) also crowds our flight (DTLS__FLIGHT_CAP 1024 holds one
 * of about 6400 bits next to the other messages) */
#if DTLS_RSA_MAX_BITS > 4096
#error "DTLS_RSA_MAX_BITS must be at most 4096"
#endif

/* 1: never use a 32x32->64 multiply instruction; build wide products from
 * 16x16->32 multiplies instead.  For cores whose long multiply takes a
 * data-dependent number of cycles (Cortex-M3 UMULL/SMULL exit early), where
 * the default would leak secret bits through timing.  Slower. */
#ifndef DTLS_CT_MUL16
#define DTLS_CT_MUL16 0
#endif

/* P-256 profile (crypto/p256.c).  1, speed: field elements in 4 x 64-bit
 * limbs (Montgomery form, products through the prologue's 64x64->128
 * multiply), k G by a comb over 3840 bytes of constant tables (4 tables)
 * and u1 G by a width-7 wNAF over 2048 bytes of odd multiples of G.  0, size:
 * 8 x 32-bit limbs and no precomputed table (k G goes through the
 * variable-base path), for the least flash and stack.  Both are constant
 * time and give the same results.  Default: 1 where the compiler has a
 * 64x64->128 multiply (DTLS__HAVE_U128: gcc or clang on a 64-bit target)
 * and DTLS_CT_MUL16 is 0, else 0. */
#ifndef DTLS_P256_SPEED
#define DTLS_P256_SPEED (DTLS__HAVE_U128 && !DTLS_CT_MUL16)
#endif
#if DTLS_P256_SPEED && !DTLS__HAVE_U128
#error "DTLS_P256_SPEED 1 needs a 64x64->128 multiply (unsigned __int128), which this compiler lacks: set DTLS_P256_SPEED 0"
#endif
#if DTLS_P256_SPEED && DTLS_CT_MUL16 /* the speed profile's products are 64x64 multiply instructions */
#error "DTLS_P256_SPEED 1 multiplies with 64x64 instructions, which DTLS_CT_MUL16 1 forbids: set DTLS_P256_SPEED 0"
#endif

#endif /* DTLS_CONFIG_H */
