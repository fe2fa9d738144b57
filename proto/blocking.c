/* blocking.c - blocking helpers over the I/O-free engine (cfg->recv and
 * cfg->now): a thin loop that waits for a datagram up to the next deadline,
 * feeds it in, and runs the timer.  Datagrams from another address than the
 * connection's peer are ignored. */
#include "engine.h"
#include "../crypto/error.h"

#define DTLS__BLOCKING_BUF 1536 /* datagram buffer of dtls_conn_handshake_blocking (on the stack) */

/* Waits for one datagram (at most until the connection's deadline or
 * end_ms), feeds it or runs the timer.  Returns 0, 1 when end_ms passed, or
 * an error. */
static int dtls__blocking_step(dtls_conn *conn, uint8_t *buf, size_t cap, uint32_t end_ms)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    uint8_t addr[DTLS_MAX_ADDR];
    size_t alen = sizeof(addr), len;
    uint32_t now = cfg->now(cfg->user), at, wait;
    int r;

    if ((uint32_t)(now - end_ms) < UINT32_C(0x80000000))
        return 1;
    wait = end_ms - now;
    if (dtls_conn_deadline(conn, &at)) {
        if ((uint32_t)(now - at) < UINT32_C(0x80000000))
            wait = 0;
        else if (at - now < wait)
            wait = at - now;
    }
    if (wait == 0) {
        r = dtls_conn_timer(conn);
        return r == DTLS_ERR_IN_PROGRESS ? 0 : r;
    }
    r = cfg->recv(cfg->user, buf, cap, addr, &alen, wait);
    if (r < 0)
        return 0; /* an interrupted or failed receive: try again */
    if (r == 0) {
        r = dtls_conn_timer(conn);
        return r == DTLS_ERR_IN_PROGRESS ? 0 : r;
    }
    if (!dtls__conn_addr_equal(conn, addr, alen))
        return 0;
    len = (size_t)r;
    /* a busy crypto hook: the deadline is now, and the timer resumes the work */
    r = dtls_conn_input(conn, buf, len);
    return r == DTLS_ERR_IN_PROGRESS ? 0 : r;
}

DTLS_API int dtls_conn_handshake_blocking(dtls_conn *conn, uint32_t timeout_ms)
{
    const dtls_config *cfg;
    uint8_t buf[DTLS__BLOCKING_BUF];
    uint32_t end;
    int r;

    if (conn == NULL || conn->dtls__ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    cfg = conn->dtls__ctx->dtls__cfg;
    if (cfg->recv == NULL)
        return DTLS_ERR_BAD_ARG;
    if (conn->dtls__state == DTLS__CS_IDLE) {
        r = dtls_conn_connect(conn);
        if (r < 0 && r != DTLS_ERR_IN_PROGRESS)
            return r;
    }
    end = cfg->now(cfg->user) + timeout_ms;
    for (;;) {
        if (dtls_conn_is_established(conn))
            return 0;
        if (dtls_conn_error(conn) != 0)
            return dtls_conn_error(conn);
        if (conn->dtls__state == DTLS__CS_CLOSED)
            return DTLS_ERR_CLOSED;
        r = dtls__blocking_step(conn, buf, sizeof(buf), end);
        if (r == 1)
            return DTLS_ERR_WOULD_BLOCK;
        if (r < 0 && !dtls_conn_is_established(conn))
            return r;
    }
}

/* The datagram is received into out itself (records are decrypted in place
 * and the first is moved to its start), so a datagram larger than cap is
 * truncated and its records dropped. */
DTLS_API int dtls_conn_read_blocking(dtls_conn *conn, uint8_t *out, size_t cap, uint32_t timeout_ms)
{
    const dtls_config *cfg;
    uint32_t end;
    int r;

    if (conn == NULL || conn->dtls__ctx == NULL || out == NULL)
        return DTLS_ERR_BAD_ARG;
    cfg = conn->dtls__ctx->dtls__cfg;
    if (cfg->recv == NULL)
        return DTLS_ERR_BAD_ARG;
    end = cfg->now(cfg->user) + timeout_ms;
    for (;;) {
        r = dtls_conn_read(conn, out, cap);
        if (r != DTLS_ERR_WOULD_BLOCK)
            return r;
        r = dtls__blocking_step(conn, out, cap, end);
        if (r == 1)
            return DTLS_ERR_WOULD_BLOCK;
        if (r < 0 && r != DTLS_ERR_CLOSED)
            return r;
    }
}

#undef DTLS__BLOCKING_BUF
