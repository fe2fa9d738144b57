/* error.h - the library's single list of result codes.
 *
 * Every public function returns int: >= 0 is success (or a byte count),
 * < 0 is exactly one of the codes below.  Alerts have their own ranges so a
 * test can assert "the server sent decrypt_error":
 *   DTLS_ERR_ALERT_SENT(desc)     = -(1000 + desc)   we sent a fatal alert
 *   DTLS_ERR_ALERT_RECEIVED(desc) = -(2000 + desc)   the peer sent one
 * Codes fit in 16 bits (int is 16 bits on AVR).  Texts stay short (on AVR
 * they live in flash: see dtls_strerror).  The alert each DTLS_ERR_CERT_*
 * code ends a handshake with is dtls_x509_alert's (proto/x509.h). */
#ifndef DTLS_ERROR_H
#define DTLS_ERROR_H

#include "prologue.h"

DTLS__EXTERN_C_BEGIN

/* X(name, value, text) */
#define DTLS_ERROR_LIST(X)                                                              \
    X(DTLS_OK, 0, "success")                                                            \
    X(DTLS_ERR_BAD_ARG, -1, "invalid argument")                                         \
    X(DTLS_ERR_IN_PROGRESS, -2, "operation in progress: call again with the same arguments") \
    X(DTLS_ERR_UNSUPPORTED, -3, "algorithm or parameter not supported")                 \
    X(DTLS_ERR_DISABLED, -4, "primitive compiled out and no hook provides it")          \
    X(DTLS_ERR_AUTH, -5, "authentication failed (tag or MAC mismatch)")                 \
    X(DTLS_ERR_BAD_SIGNATURE, -6, "signature does not verify")                          \
    X(DTLS_ERR_BAD_KEY, -7, "invalid key (size, range or point not on the curve)")      \
    X(DTLS_ERR_ZERO_SHARED, -8, "key agreement produced an all-zero shared secret")    \
    X(DTLS_ERR_RANDOM, -9, "the random source failed")                                  \
    X(DTLS_ERR_BUFFER_TOO_SMALL, -10, "output buffer too small")                        \
    X(DTLS_ERR_ENCODING, -11, "malformed encoding (DER, point or length)")              \
    X(DTLS_ERR_HOOK, -12, "a hardware hook failed")                                     \
    X(DTLS_ERR_FAULT, -13, "self-check of a result failed (fault or bad key)")          \
    X(DTLS_ERR_TOO_LONG, -14, "input longer than the primitive allows")                 \
    X(DTLS_ERR_DECODE, -20, "malformed message or record")                              \
    X(DTLS_ERR_SEQ_EXHAUSTED, -21, "record sequence numbers exhausted (2^48 - 1 records)") \
    X(DTLS_ERR_REPLAYED, -22, "record already received (replay window)")                \
    X(DTLS_ERR_BAD_COOKIE, -23, "missing, wrong, stale or foreign cookie")              \
    X(DTLS_ERR_WOULD_BLOCK, -30, "nothing to read yet")                                 \
    X(DTLS_ERR_CLOSED, -31, "connection closed (close_notify)")                         \
    X(DTLS_ERR_TIMEOUT, -32, "timed out: no answer after the last retransmission, or nothing from the peer for idle_timeout_ms") \
    X(DTLS_ERR_TOO_BIG, -33, "write larger than the connection's maximum payload")      \
    X(DTLS_ERR_STATE, -34, "call not valid in the connection's current state")          \
    X(DTLS_ERR_NO_SLOT, -35, "no free connection slot or handshake scratch")              \
    X(DTLS_ERR_LAYOUT, -36, "the application and the library were built with different options") \
    X(DTLS_ERR_BUSY, -37, "server busy: signature rate bound reached (the client's retransmission retries)") \
    X(DTLS_ERR_CERT_PARSE, -40, "malformed certificate or key")                          \
    X(DTLS_ERR_CERT_SIGNATURE, -41, "certificate signature does not verify")             \
    X(DTLS_ERR_CERT_ISSUER, -42, "issuer may not issue certificates")                    \
    X(DTLS_ERR_CERT_CRITICAL, -43, "unknown critical certificate extension")             \
    X(DTLS_ERR_CERT_CONSTRAINTS, -44, "certificate name constraints violated")           \
    X(DTLS_ERR_CERT_TOO_BIG, -45, "certificate message or chain too big")                \
    X(DTLS_ERR_CERT_EXPIRED, -46, "certificate expired or not yet valid")                \
    X(DTLS_ERR_CERT_UNKNOWN_CA, -47, "certificate chain leads to no trust anchor")       \
    X(DTLS_ERR_CERT_UNSUPPORTED, -48, "unsupported certificate key or usage")            \
    X(DTLS_ERR_CERT_NAME, -49, "certificate does not match the expected name")           \
    X(DTLS_ERR_CERT_REJECTED, -50, "certificate rejected by the verify callback")        \
    X(DTLS_ERR_CERT_NO_TIME, -51, "no wall-clock time to check certificate validity")

enum dtls_error {
#define DTLS__ERROR_ENUM(name, value, text) name = value,
    DTLS_ERROR_LIST(DTLS__ERROR_ENUM)
#undef DTLS__ERROR_ENUM
    DTLS_ERR_ALERT_SENT_BASE = -1000,
    DTLS_ERR_ALERT_RECEIVED_BASE = -2000
};

#define DTLS_ERR_ALERT_SENT(desc) (DTLS_ERR_ALERT_SENT_BASE - (int)(desc))
#define DTLS_ERR_ALERT_RECEIVED(desc) (DTLS_ERR_ALERT_RECEIVED_BASE - (int)(desc))

/* A static string describing code (never NULL; unknown codes get a generic text).
 * On AVR the texts stay in flash (crypto/prologue.h DTLS__ROM) and the pointer is a
 * flash address: read it with avr-libc's *_P functions (printf_P "%S", strcpy_P;
 * on Arduino print((const __FlashStringHelper *)p)), or use dtls_strerror_r. */
DTLS_API const char *dtls_strerror(int code);
/* Copies code's text into buf (RAM on every target): at most cap - 1 bytes and a
 * NUL, nothing when cap is 0 or buf NULL; returns the whole text's length, so a
 * return >= cap means it was cut (as snprintf). */
DTLS_API size_t dtls_strerror_r(int code, char *buf, size_t cap);

DTLS__EXTERN_C_END

#endif /* DTLS_ERROR_H */
