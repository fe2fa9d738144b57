/* pem.c - PEM decoding (RFC 7468; see dtls_pem_decode in x509.h).
 *
 * Accepted: text before and between blocks (explanatory text, other
 * blocks), a "-----BEGIN label-----" line starting a line, base64 lines of
 * any length ending in LF or CRLF (trailing spaces or tabs tolerated, empty
 * lines skipped), then "-----END label-----" with the same label.  Rejected
 * with DTLS_ERR_ENCODING: characters outside the base64 alphabet (so RFC 1421
 * headers such as "Proc-Type:" of encrypted keys), '=' anywhere but at the
 * end, a length that is not a multiple of 4, non-zero bits in the last
 * character's unused part, a missing or mismatched END line. */
#include "x509.h"
#include "../crypto/internal.h"

#if DTLS_ENABLE_CERTS

#define DTLS__PEM_DASHES "-----"

/* Value of a base64 character, or -1. */
static int dtls__pem_b64(char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

/* Length of the line at t[pos..len) without its terminator (LF or CRLF) and
 * trailing spaces/tabs; *next gets the offset of the next line. */
static size_t dtls__pem_line(const char *t, size_t len, size_t pos, size_t *next)
{
    size_t e = pos, n;
    while (e < len && t[e] != '\n')
        e++;
    *next = e < len ? e + 1 : e;
    n = e - pos;
    while (n > 0 && (t[pos + n - 1] == '\r' || t[pos + n - 1] == ' ' || t[pos + n - 1] == '\t'))
        n--;
    return n;
}

/* 1 when the line t[pos..pos+n) is "-----<word> label-----" (label NULL: any
 * non-empty label); *lab / *lab_len get the label. */
static int dtls__pem_marker(const char *t, size_t pos, size_t n, const char *word, const char *label,
                            size_t *lab, size_t *lab_len)
{
    size_t wl = dtls__strlen(word), ll;
    if (n < 10 + wl + 1 || memcmp(t + pos, DTLS__PEM_DASHES, 5) != 0 || memcmp(t + pos + 5, word, wl) != 0 ||
        t[pos + 5 + wl] != ' ' || memcmp(t + pos + n - 5, DTLS__PEM_DASHES, 5) != 0)
        return 0;
    ll = n - 10 - wl - 1;
    if (ll == 0)
        return 0;
    if (label != NULL && (dtls__strlen(label) != ll || memcmp(t + pos + 6 + wl, label, ll) != 0))
        return 0;
    *lab = pos + 6 + wl;
    *lab_len = ll;
    return 1;
}

DTLS_API int dtls_pem_decode(uint8_t *out, size_t cap, const char *text, size_t text_len, const char *label,
                             size_t *end)
{
    size_t pos = 0, next, n, lab = 0, lab_len = 0, olen = 0, chars = 0, pad = 0, i;
    uint32_t acc = 0;
    int found = 0, rc = DTLS_ERR_ENCODING;

    if ((out == NULL && cap != 0) || (text == NULL && text_len != 0))
        return DTLS_ERR_BAD_ARG;
    /* the BEGIN line */
    while (pos < text_len) {
        n = dtls__pem_line(text, text_len, pos, &next);
        if (dtls__pem_marker(text, pos, n, "BEGIN", label, &lab, &lab_len)) {
            found = 1;
            pos = next;
            break;
        }
        pos = next;
    }
    if (!found)
        return DTLS_ERR_DECODE;
    /* base64 lines up to the END line */
    while (pos < text_len) {
        size_t el, el_len;
        n = dtls__pem_line(text, text_len, pos, &next);
        if (n >= 5 && memcmp(text + pos, DTLS__PEM_DASHES, 5) == 0) {
            if (!dtls__pem_marker(text, pos, n, "END", NULL, &el, &el_len) || el_len != lab_len ||
                memcmp(text + el, text + lab, lab_len) != 0)
                goto fail;
            /* complete quanta only; the unused bits of a padded end are zero */
            if (chars % 4 != 0 || (pad == 1 && (acc & 0x3u) != 0) || (pad == 2 && (acc & 0xfu) != 0))
                goto fail;
            if (olen > cap) {
                rc = DTLS_ERR_BUFFER_TOO_SMALL;
                goto fail;
            }
            if (olen > (size_t)(~0u >> 1)) { /* more than INT_MAX: a count an int cannot return */
                rc = DTLS_ERR_TOO_LONG;
                goto fail;
            }
            if (end != NULL)
                *end = next;
            return (int)olen;
        }
        for (i = 0; i < n; i++) {
            char ch = text[pos + i];
            int v;
            if (ch == '=') {
                /* at most two, only in the last quantum */
                if (pad == 2 || chars % 4 < 2)
                    goto fail;
                pad++;
                chars++;
                continue;
            }
            v = dtls__pem_b64(ch);
            if (v < 0 || pad != 0)
                goto fail;
            acc = (acc << 6) | (uint32_t)v;
            chars++;
            switch (chars % 4) {
            case 2:
                if (olen < cap)
                    out[olen] = (uint8_t)(acc >> 4);
                olen++;
                break;
            case 3:
                if (olen < cap)
                    out[olen] = (uint8_t)(acc >> 2);
                olen++;
                break;
            case 0:
                if (olen < cap)
                    out[olen] = (uint8_t)acc;
                olen++;
                acc = 0;
                break;
            default:
                break;
            }
        }
        pos = next;
    }
fail:
    if (out != NULL)
        dtls_wipe(out, olen < cap ? olen : cap);
    return rc;
}

#undef DTLS__PEM_DASHES

#endif /* DTLS_ENABLE_CERTS */
