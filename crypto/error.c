/* error.c - dtls_strerror over the X-macro list in error.h. */
#include "error.h"
#include "config.h"

DTLS_API const char *dtls_strerror(int code)
{
#if !DTLS_ENABLE_ERROR_TEXT
    return code == 0 ? "success" : "error (texts compiled out: DTLS_ENABLE_ERROR_TEXT 0)";
#else
    switch (code) {
#define DTLS__ERROR_CASE(name, value, text) \
    case value:                             \
        return text;
        DTLS_ERROR_LIST(DTLS__ERROR_CASE)
#undef DTLS__ERROR_CASE
    default:
        break;
    }
    if (code <= DTLS_ERR_ALERT_SENT_BASE && code > DTLS_ERR_ALERT_SENT_BASE - 256)
        return "fatal alert sent to the peer";
    if (code <= DTLS_ERR_ALERT_RECEIVED_BASE && code > DTLS_ERR_ALERT_RECEIVED_BASE - 256)
        return "fatal alert received from the peer";
    return "unknown error";
#endif
}
