/* dtls-client.c - a DTLS 1.2 client for the command line: PSK, certificates
 * (with client certificates) and raw public keys.
 *
 *   dtls-client [options] HOST PORT     (dtls-client --help for the options)
 *
 * Connects, sends standard input as records (one record per read chunk, at
 * most the connection's maximum payload) and writes every record received to
 * standard output.  At the end of the input it sends close_notify and waits
 * up to --linger-ms for the peer's.  Exit status 0 only when the handshake
 * completed, all input was sent, close_notify was sent and no fatal alert
 * occurred.  It drives the I/O-free engine from a poll() loop: the socket,
 * standard input and the engine's deadline. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

typedef struct client {
    dtls_ctx ctx;
    dtls_hs hs;
    dtls_conn conn;
    uint8_t tx[TOOL_RX_CAP];
    uint8_t rx[TOOL_RX_CAP];
    uint8_t rd[TOOL_RX_CAP];
    int closed, peer_closed;
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

int main(int argc, char **argv)
{
    static tool t;
    static client c;
    uint8_t addr[DTLS_POSIX_ADDR_MAX];
    size_t addr_len = sizeof addr, max_payload;
    char addr_text[64];
    uint32_t start, hs_ms;
    int rc, stdin_ready, eof = 0, closed = 0;
    unsigned long sent_records = 0, sent_bytes = 0;

    tool_start(&t, "dtls-client", TOOL_CLIENT);
    tool_parse(&t, argc, argv);
    tool_config(&t);
    t.app = &c;

    if (dtls_posix_addr_parse(t.host, t.port, addr, &addr_len) != 0) {
        fprintf(stderr, "%s: cannot resolve %s port %s\n", t.prog, t.host, t.port);
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
        if (spent >= t.timeout_ms) {
            dtls_stats st;
            dtls_conn_stats(&c.conn, &st);
            fprintf(stderr, "%s: handshake with %s: not complete within --timeout-ms %lu (%lu datagrams received%s)\n",
                    t.prog, addr_text, t.timeout_ms, (unsigned long)st.datagrams_in,
                    st.records_dropped_auth ? ", records failing authentication: a wrong PSK?" : "");
            return 1;
        }
        rc = step(&t, &c, (uint32_t)t.timeout_ms - spent, 0, &stdin_ready);
    }
    if (rc < 0) {
#if DTLS_ENABLE_CERTS
        if (dtls_conn_cert_error(&c.conn) != 0)
            fprintf(stderr, "%s: the server's certificate: %s\n", t.prog, dtls_strerror(dtls_conn_cert_error(&c.conn)));
#endif
        return fail(&t, "handshake", rc);
    }
    hs_ms = dtls_posix_now_ms() - start;
    max_payload = dtls_conn_max_payload(&c.conn);
    if (max_payload > sizeof c.rd)
        max_payload = sizeof c.rd;
    if (!t.quiet)
        tool_msg(&t, "handshake with %s complete in %lu ms: %s (suite 0x%04X), max payload %lu bytes", addr_text,
                 (unsigned long)hs_ms, dtls_suite_name(dtls_conn_suite(&c.conn)), dtls_conn_suite(&c.conn),
                 (unsigned long)max_payload);

    /* data: standard input out, records in */
    while (!eof) {
        if (tool_stop) {
            fprintf(stderr, "%s: interrupted\n", t.prog);
            (void)dtls_conn_close(&c.conn);
            return 1;
        }
        rc = step(&t, &c, 1000, 1, &stdin_ready);
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

    /* --wait-ms: answers to the last records still arrive */
    start = dtls_posix_now_ms();
    while (!tool_stop) {
        uint32_t spent = dtls_posix_now_ms() - start;
        if (spent >= t.wait_ms)
            break;
        rc = step(&t, &c, (uint32_t)t.wait_ms - spent, 0, &stdin_ready);
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
