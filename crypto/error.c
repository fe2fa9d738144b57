/* error.c - dtls_strerror and dtls_strerror_r over the X-macro list in error.h.
 *
 * The texts are DTLS__ROM (crypto/prologue.h): in flash on AVR, where
 * dtls_strerror's pointer is therefore a flash address; dtls_strerror_r copies
 * the text into the caller's RAM on every target. */
#include "error.h"
#include "config.h"

#if DTLS_ENABLE_ERROR_TEXT
#define DTLS__ERROR_TEXT(name, value, text) static const char dtls__error_text_##name[] DTLS__ROM = text;
DTLS_ERROR_LIST(DTLS__ERROR_TEXT)
#undef DTLS__ERROR_TEXT
static const char dtls__error_text_sent[] DTLS__ROM = "fatal alert sent to the peer";
static const char dtls__error_text_received[] DTLS__ROM = "fatal alert received from the peer";
static const char dtls__error_text_unknown[] DTLS__ROM = "unknown error";
#else
static const char dtls__error_text_ok[] DTLS__ROM = "success";
static const char dtls__error_text_out[] DTLS__ROM = "error (texts compiled out: DTLS_ENABLE_ERROR_TEXT 0)";
#endif

/* The DTLS__ROM text of code (never NULL). */
static const char *dtls__error_rom(int code)
{
#if !DTLS_ENABLE_ERROR_TEXT
    return code == 0 ? dtls__error_text_ok : dtls__error_text_out;
#else
    switch (code) {
#define DTLS__ERROR_CASE(name, value, text) \
    case value:                             \
        return dtls__error_text_##name;
        DTLS_ERROR_LIST(DTLS__ERROR_CASE)
#undef DTLS__ERROR_CASE
    default:
        break;
    }
    if (code <= DTLS_ERR_ALERT_SENT_BASE && code > DTLS_ERR_ALERT_SENT_BASE - 256)
        return dtls__error_text_sent;
    if (code <= DTLS_ERR_ALERT_RECEIVED_BASE && code > DTLS_ERR_ALERT_RECEIVED_BASE - 256)
        return dtls__error_text_received;
    return dtls__error_text_unknown;
#endif
}

DTLS_API const char *dtls_strerror(int code)
{
    return dtls__error_rom(code);
}

DTLS_API size_t dtls_strerror_r(int code, char *buf, size_t cap)
{
    const char *text = dtls__error_rom(code);
    size_t len = dtls__rom_strlen(text), n;

    if (buf != NULL && cap != 0) {
        n = len < cap ? len : cap - 1;
        dtls__rom_memcpy(buf, text, n);
        buf[n] = '\0';
    }
    return len;
}
