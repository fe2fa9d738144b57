/* dtls-client.c - a DTLS 1.2 client for the command line: PSK, certificates
 * (with client certificates) and raw public keys.
 *
 *   dtls-client [options] HOST PORT     (dtls-client --help for the options)
 *
 * Connects, sends standard input as records (one record per read chunk, at
 * most the connection's maximum payload) and writes every record received to
 * standard output.  At the end of the input it waits up to --wait-ms for as
 * many bytes to come back as it sent (an echo server's answer), then sends
 * close_notify and waits up to --linger-ms for the peer's.  Exit status 0 only when the handshake
 * completed, all input was sent, close_notify was sent and no fatal alert
 * occurred.  It drives the I/O-free engine from a poll() loop: the socket,
 * standard input and the engine's deadline. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

typedef struct client {
    uint8_t session[DTLS_SESSION_MAX]; /* --session-in / --session-out */
    dtls_ctx ctx;
    dtls_hs hs;
    dtls_conn conn;
    uint8_t tx[TOOL_RX_CAP];
    uint8_t rx[TOOL_RX_CAP];
    uint8_t rd[TOOL_RX_CAP];
    int closed, peer_closed;
    unsigned long recv_bytes; /* application data written to standard output */
} client;

static int fail(const tool *t, const char *what, int code)
{
    char text[160];
    fprintf(stderr, "%s: %s: %s\n", t->prog, what, tool_error_text(code, text, sizeof text));
    return 1;
}

/* Takes every record the last datagram delivered; DTLS_ERR_CLOSED once the
 * peer's close_notify arrived, a fatal code, or 0. */
static int drain(tool *t, client *c)
{
    for (;;) {
        int n = dtls_conn_read(&c->conn, c->rd, sizeof c->rd);
        if (n == DTLS_ERR_WOULD_BLOCK)
            return 0;
        if (n == DTLS_ERR_CLOSED) {
            if (!c->peer_closed && !t->quiet)
                tool_msg(t, "the peer sent close_notify");
            c->peer_closed = 1;
            return n;
        }
        if (n < 0)
            return n;
        if (t->verbose)
            tool_msg(t, "received a record of %d bytes", n);
        c->recv_bytes += (unsigned long)n;
        if (tool_write_all(STDOUT_FILENO, c->rd, (size_t)n) != 0) {
            fprintf(stderr, "%s: standard output: %s\n", t->prog, strerror(errno));
            return DTLS_ERR_BAD_ARG;
        }
    }
}

/* Waits for a datagram or the engine's deadline (at most cap_ms, and not past
 * stdin becoming readable when watch_stdin); feeds the engine.  Returns the
 * engine's result (0, or a fatal code) and sets *stdin_ready. */
static int step(tool *t, client *c, uint32_t cap_ms, int watch_stdin, int *stdin_ready)
{
    struct pollfd p[2];
    uint32_t at;
    int have = dtls_conn_deadline(&c->conn, &at), r, rc = 0;
    p[0].fd = t->fd;
    p[0].events = POLLIN;
    p[1].fd = STDIN_FILENO;
    p[1].events = POLLIN;
    p[0].revents = p[1].revents = 0;
    *stdin_ready = 0;
    r = poll(p, watch_stdin ? 2 : 1, tool_wait_ms(have, at, cap_ms));
    if (r < 0 && errno != EINTR) {
        fprintf(stderr, "%s: poll: %s\n", t->prog, strerror(errno));
        return DTLS_ERR_BAD_ARG;
    }
    if (r > 0 && (p[0].revents & POLLERR)) {
        /* an ICMP error for our connected socket: ECONNREFUSED when nobody
         * listens on the server's port (read it before recv skips it) */
        int e = dtls_posix_udp_error(t->fd);
        if (tool_hard_error(e) && t->sock_err == 0)
            t->sock_err = e;
    }
    if (t->sock_err != 0)
        return 0; /* the caller reports it */
    if (r > 0 && (p[0].revents & (POLLIN | POLLERR))) {
        for (;;) { /* every datagram waiting, each read out before the next */
            int n = dtls_posix_udp_recv(t->fd, c->rx, sizeof c->rx, NULL, NULL, 0);
            if (n <= 0)
                break;
            if (t->verbose)
                tool_trace(t, "recv", c->rx, (size_t)n);
            rc = dtls_conn_input(&c->conn, c->rx, (size_t)n);
            if (c->closed && !c->peer_closed && dtls_conn_peer_closed(&c->conn)) {
                /* after our close_notify the engine still recognises the
                 * peer's answering one (RFC 5246 7.2.1) */
                if (!t->quiet)
                    tool_msg(t, "the peer sent close_notify (after ours)");
                c->peer_closed = 1;
            }
            if (c->closed)
                rc = 0; /* closed locally: the engine answers DTLS_ERR_CLOSED */
            if (rc == DTLS_ERR_IN_PROGRESS)
                rc = 0;
            if (rc < 0)
                break;
            if (!c->closed)
                rc = drain(t, c);
            if (rc < 0)
                break;
        }
    }
    if (rc >= 0 && watch_stdin && r > 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
        *stdin_ready = 1;
    if (rc >= 0 && (have = dtls_conn_deadline(&c->conn, &at)) != 0 && (int32_t)(dtls_posix_now_ms() - at) >= 0) {
        rc = dtls_conn_timer(&c->conn);
        if (rc == DTLS_ERR_IN_PROGRESS)
            rc = 0;
    }
    return rc < 0 ? rc : 0;
}

/* A hard socket error (t->sock_err): nobody listens on the port, no route. */
static int unreachable(const tool *t, const char *addr_text)
{
    if (t->sock_err == ECONNREFUSED)
        fprintf(stderr, "%s: %s: connection refused: nothing listens on that UDP port (ICMP port unreachable)\n",
                t->prog, addr_text);
    else
        fprintf(stderr, "%s: %s: %s\n", t->prog, addr_text, strerror(t->sock_err));
    return 1;
}

/* Why the handshake failed (rc < 0) or did not complete within --timeout-ms
 * (rc 0), in the user's terms. */
static int handshake_failed(const tool *t, client *c, const char *addr_text, int rc)
{
    char text[640];
    dtls_stats st;
    dtls_conn_stats(&c->conn, &st);
    if (t->sock_err != 0)
        return unreachable(t, addr_text);
    if (tool_cert_failure(t, &c->conn, text, sizeof text)) {
        fprintf(stderr, "%s: the server's certificate was refused: %s\n", t->prog, text);
        return fail(t, "handshake", rc);
    }
    if (rc == DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_PSK_IDENTITY)) {
        fprintf(stderr, "%s: unknown PSK identity \"%s\": the server does not accept this --psk-identity (alert "
                "unknown_psk_identity)\n", t->prog, t->psk_identity ? t->psk_identity : "");
        return 1;
    }
    if (t->psk_len != 0 && (rc == DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_BAD_RECORD_MAC) ||
                            rc == DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_DECRYPT_ERROR))) {
        fprintf(stderr, "%s: handshake: %s: the server could not authenticate our Finished: a wrong PSK (--psk) is "
                "the likely cause\n", t->prog, tool_error_text(rc, text, sizeof text));
        return 1;
    }
    if (rc != 0 && rc != DTLS_ERR_TIMEOUT)
        return fail(t, "handshake", rc);
    if (t->log_fin_auth)
        fprintf(stderr, "%s: handshake with %s timed out: the server's Finished failed authentication: a wrong PSK "
                "(--psk) is the likely cause\n", t->prog, addr_text);
    else if (t->sent_finished && t->psk_len != 0)
        fprintf(stderr, "%s: handshake with %s: the server never accepted our Finished (no answer to it within %lu "
                "ms): a wrong PSK (--psk) is the likely cause\n", t->prog, addr_text, t->timeout_ms);
    else if (t->sent_finished)
        fprintf(stderr, "%s: handshake with %s: the server never accepted our Finished within %lu ms (the server's "
                "log may say why)\n", t->prog, addr_text, t->timeout_ms);
    else if (st.datagrams_in == 0)
        fprintf(stderr, "%s: handshake with %s: no answer within %lu ms (%lu datagrams sent): is a DTLS server "
                "running there, or a firewall dropping UDP?\n", t->prog, addr_text, t->timeout_ms,
                (unsigned long)st.datagrams_out);
    else
        fprintf(stderr, "%s: handshake with %s: not complete within --timeout-ms %lu (%lu datagrams received)\n",
                t->prog, addr_text, t->timeout_ms, (unsigned long)st.datagrams_in);
    return 1;
}

int main(int argc, char **argv)
{
    char cid_text[80];
    static tool t;
    static client c;
    uint8_t addr[DTLS_POSIX_ADDR_MAX];
    size_t addr_len = sizeof addr, max_payload;
    char addr_text[64], err[160];
    uint32_t start, hs_ms;
    int rc, stdin_ready, eof = 0, closed = 0;
    unsigned long sent_records = 0, sent_bytes = 0;

    tool_start(&t, "dtls-client", TOOL_CLIENT);
    tool_parse(&t, argc, argv);
    tool_config(&t);
    t.app = &c;

    if (dtls_posix_addr_lookup(t.host, t.port, addr, &addr_len, err, sizeof err) != 0) {
        fprintf(stderr, "%s: cannot resolve %s (port %s): %s\n", t.prog, t.host, t.port, err);
        return 1;
    }
    if (dtls_posix_addr_format(addr, addr_len, addr_text, sizeof addr_text) < 0)
        strcpy(addr_text, "?");
    t.fd = dtls_posix_udp_connect(addr, addr_len);
    if (t.fd < 0) {
        fprintf(stderr, "%s: socket to %s: %s\n", t.prog, addr_text, strerror(errno));
        return 1;
    }
    t.connected = 1;

    rc = dtls_ctx_init(&c.ctx, &t.cfg, c.tx, sizeof c.tx, &c.hs, 1);
    if (rc < 0)
        return fail(&t, "configuration", rc);
    rc = dtls_conn_init(&c.conn, &c.ctx, addr, addr_len);
    if (rc < 0)
        return fail(&t, "connection", rc);
    if (t.session_in != NULL || t.session_out != NULL) {
        size_t n = 0;
        if (t.session_in != NULL) {
            FILE *f = fopen(t.session_in, "rb");
            if (f == NULL)
                fprintf(stderr, "%s: --session-in %s: %s (a full handshake)\n", t.prog, t.session_in, strerror(errno));
            else {
                n = fread(c.session, 1, sizeof c.session, f);
                fclose(f);
            }
        }
        rc = dtls_conn_session_restore(&c.conn, c.session, sizeof c.session, n);
        if (rc == DTLS_ERR_DECODE)
            fprintf(stderr, "%s: --session-in %s: not a session of this configuration (a full handshake)\n", t.prog,
                    t.session_in);
        else if (rc < 0)
            return fail(&t, "session", rc);
    }

    if (t.verbose)
        tool_msg(&t, "connecting to %s", addr_text);
    start = dtls_posix_now_ms();
    rc = dtls_conn_connect(&c.conn);
    if (rc == DTLS_ERR_IN_PROGRESS)
        rc = 0;
    while (rc == 0 && !dtls_conn_is_established(&c.conn)) {
        uint32_t spent = dtls_posix_now_ms() - start;
        if (tool_stop) {
            fprintf(stderr, "%s: interrupted during the handshake\n", t.prog);
            return 1;
        }
        if (spent >= t.timeout_ms)
            return handshake_failed(&t, &c, addr_text, 0);
        rc = step(&t, &c, (uint32_t)t.timeout_ms - spent, 0, &stdin_ready);
        if (t.sock_err != 0)
            return unreachable(&t, addr_text);
    }
    if (rc < 0)
        return handshake_failed(&t, &c, addr_text, rc);
    hs_ms = dtls_posix_now_ms() - start;
    fprintf(stderr, "session: %s\n", dtls_conn_resumed(&c.conn) ? "resumed" : "full");
    if (t.session_out != NULL) {
        int n = dtls_conn_session_save(&c.conn, c.session, sizeof c.session);
        FILE *f = n > 0 ? fopen(t.session_out, "wb") : NULL;
        if (n <= 0)
            fprintf(stderr, "%s: --session-out: the server gave no resumable session\n", t.prog);
        else if (f == NULL || fwrite(c.session, 1, (size_t)n, f) != (size_t)n)
            fprintf(stderr, "%s: --session-out %s: %s\n", t.prog, t.session_out, strerror(errno));
        if (f != NULL)
            fclose(f);
    }
    max_payload = dtls_conn_max_payload(&c.conn);
    if (max_payload > sizeof c.rd)
        max_payload = sizeof c.rd;
    if (!t.quiet)
        tool_msg(&t, "handshake with %s complete in %lu ms: %s (suite 0x%04X), max payload %lu bytes%s", addr_text,
                 (unsigned long)hs_ms, dtls_suite_name(dtls_conn_suite(&c.conn)), dtls_conn_suite(&c.conn),
                 (unsigned long)max_payload, tool_cid_text(&c.conn, cid_text, sizeof cid_text));

    /* data: standard input out, records in */
    while (!eof) {
        if (tool_stop) {
            fprintf(stderr, "%s: interrupted\n", t.prog);
            (void)dtls_conn_close(&c.conn);
            return 1;
        }
        rc = step(&t, &c, 1000, 1, &stdin_ready);
        if (t.sock_err != 0)
            return unreachable(&t, addr_text);
        if (rc == DTLS_ERR_CLOSED) {
            fprintf(stderr, "%s: the peer closed the connection before all input was sent\n", t.prog);
            return 1;
        }
        if (rc < 0)
            return fail(&t, "connection", rc);
        if (stdin_ready) {
            ssize_t n = read(STDIN_FILENO, c.rd, max_payload);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                fprintf(stderr, "%s: standard input: %s\n", t.prog, strerror(errno));
                (void)dtls_conn_close(&c.conn);
                return 1;
            }
            if (n == 0) {
                eof = 1;
                break;
            }
            rc = dtls_conn_write(&c.conn, c.rd, (size_t)n);
            if (rc < 0)
                return fail(&t, "write", rc);
            sent_records++;
            sent_bytes += (unsigned long)n;
            if (t.verbose)
                tool_msg(&t, "sent a record of %ld bytes", (long)n);
        }
    }

    /* --wait-ms: the answers to what was sent (an echo) are still on their
     * way; wait until as many bytes came back as were sent */
    start = dtls_posix_now_ms();
    while (!tool_stop && !c.peer_closed && c.recv_bytes < sent_bytes) {
        uint32_t spent = dtls_posix_now_ms() - start;
        if (spent >= t.wait_ms) {
            if (t.verbose)
                tool_msg(&t, "--wait-ms %lu: %lu of the %lu bytes sent came back", t.wait_ms, c.recv_bytes, sent_bytes);
            break;
        }
        rc = step(&t, &c, (uint32_t)t.wait_ms - spent, 0, &stdin_ready);
        if (t.sock_err != 0)
            return unreachable(&t, addr_text);
        if (rc == DTLS_ERR_CLOSED)
            break; /* the peer closed first: ours is still sent below */
        if (rc < 0)
            return fail(&t, "connection", rc);
    }

    rc = dtls_conn_close(&c.conn);
    if (rc < 0 && !(rc == DTLS_ERR_CLOSED && c.peer_closed)) /* the engine answered the peer's */
        return fail(&t, "close", rc);
    closed = 1;
    c.closed = 1;
    if (!t.quiet)
        tool_msg(&t, "sent %lu records (%lu bytes) and close_notify", sent_records, sent_bytes);

    /* linger: the peer's close_notify is reported, not required */
    start = dtls_posix_now_ms();
    while (!c.peer_closed && !tool_stop) {
        uint32_t spent = dtls_posix_now_ms() - start;
        if (spent >= t.linger_ms)
            break;
        (void)step(&t, &c, (uint32_t)t.linger_ms - spent, 0, &stdin_ready);
    }
    if (!c.peer_closed && !t.quiet)
        tool_msg(&t, "no close_notify from the peer within %lu ms (not required)", t.linger_ms);
    if (t.verbose) {
        dtls_stats s;
        dtls_conn_stats(&c.conn, &s);
        tool_print_stats(&t, &s);
    }
    dtls_posix_udp_close(t.fd);
    return closed ? 0 : 1;
}
