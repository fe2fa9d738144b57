/* dtls-server.c - a DTLS 1.2 server for the command line (PSK, certificates
 * with optional client certificates, raw public keys): many peers on one UDP
 * port.
 *
 *   dtls-server [options] PORT     (dtls-server --help for the options)
 *
 * One UDP socket, a poll() loop, and dtls_server_* over an array of
 * connection slots: the stateless cookie exchange, then one slot per peer.
 * Every record received is written to standard output; with --echo it is
 * also sent back to its sender.  With --once the server exits after the
 * first connection closes or fails.
 *
 * A fleet (several dtls-server behind a UDP load balancer): --cookie-secret-file
 * and --ticket-key-file give every instance the same secrets, so any instance
 * accepts the cookies and decrypts the tickets of any other; SIGHUP re-reads
 * both files (README: a server fleet). */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#define SERVER_SLOTS_MAX 1000000 /* --slots */
#define SERVER_HS_MAX 65536       /* --handshakes: handshakes in progress at once */
#define SERVER_ECHO_MAX 64  /* records of one datagram waiting to be echoed */
#define FLEET_COOKIE_PERIOD_S 60u /* --cookie-secret-file: one cookie secret per minute of the wall clock */

static volatile sig_atomic_t reload_secrets; /* SIGHUP: re-read the secret files */

static void on_sighup(int sig)
{
    (void)sig;
    reload_secrets = 1;
}

typedef struct echo_item {
    dtls_conn *conn;
    size_t off, len;
} echo_item;

typedef struct server {
    dtls_ctx ctx;
    dtls_server srv;
    dtls_conn *slots; /* --slots of them (allocated by this program, not by the library) */
    dtls_hs *hs;      /* --handshakes */
    uint32_t *index;  /* dtls_server_index's words */
    dtls_session_slot *sessions; /* the session cache (as many entries as slots, at most SERVER_SESSIONS_MAX) */
    size_t n_sessions;
    uint8_t tx[TOOL_RX_CAP];
    uint8_t rx[TOOL_RX_CAP];
    /* echo: records are copied here during dtls_server_input and written
     * after it returns */
    uint8_t echo_buf[TOOL_RX_CAP];
    size_t echo_used;
    echo_item echo[SERVER_ECHO_MAX];
    size_t n_echo;
    const char *peer; /* text of the address of the datagram being fed, or "timer" */
    /* each slot's peer, for what the timer reports (a handshake timing out) */
    char (*slot_peer)[64];
    size_t n_slots;
    unsigned long connections;
    int done, exit_code;
} server;

/* cfg.fleet_key (--cookie-secret-file, --ticket-key-file): the key of a kind
 * and period is HMAC-SHA-256(the file's secret, label || period as uint32
 * big-endian), the period a minute of the wall clock (cookies) or
 * ticket_key_period_s (tickets), so every instance whose clock agrees (NTP)
 * gives the same.  A kind without its file is not the fleet's: the library
 * uses this process's own keys. */
static int fleet_key(void *user, int kind, uint32_t *period, uint8_t key[32])
{
    static const char cookie_label[] = "dtls-server fleet cookie secret";
    static const char ticket_label[] = "dtls-server fleet ticket key";
    const tool *t = (const tool *)user;
    int cookie = kind == DTLS_FLEET_COOKIE;
    const char *label = cookie ? cookie_label : ticket_label;
    uint64_t len = cookie ? FLEET_COOKIE_PERIOD_S : (t->cfg.ticket_key_period_s ? t->cfg.ticket_key_period_s : 3600u);
    uint32_t now, keep;
    struct timespec ts;
    uint8_t be[4];
    dtls_hmac_ctx h;
    if ((cookie ? t->cookie_secret_file : t->ticket_key_file) == NULL)
        return DTLS_ERR_UNSUPPORTED;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
        return -1;
    now = (uint32_t)((uint64_t)ts.tv_sec / len);
    /* a cookie lives one period more; a ticket's key its lifetime and one period more */
    keep = cookie ? 1u : (uint32_t)(((t->cfg.session_lifetime_s ? t->cfg.session_lifetime_s : 7200u) + len - 1u) / len) + 1u;
    if (*period == DTLS_FLEET_CURRENT)
        *period = now;
    else if (*period > now || now - *period > keep)
        return -1; /* retired */
    be[0] = (uint8_t)(*period >> 24);
    be[1] = (uint8_t)(*period >> 16);
    be[2] = (uint8_t)(*period >> 8);
    be[3] = (uint8_t)*period;
    (void)dtls_hmac_init(&h, DTLS_HASH_SHA256, cookie ? t->cookie_secret : t->ticket_secret, 32);
    dtls_hmac_update(&h, label, strlen(label));
    dtls_hmac_update(&h, be, 4);
    dtls_hmac_final(&h, key);
    return 0;
}

/* SIGHUP: both secret files read again.  A file that cannot be used (gone,
 * malformed, readable by others) changes nothing: its previous secret stays.
 * fleet_key gives keys of the new secret from then on (the library asks at
 * every use): a cookie of the old one is refused (the client gets a new
 * HelloVerifyRequest, one round trip more), a ticket of the old one gives a
 * full handshake.  The session cache is kept. */
static void fleet_reload(tool *t)
{
    char err[160];
    uint8_t fresh[32];
    if (t->cookie_secret_file == NULL && t->ticket_key_file == NULL) {
        tool_msg(t, "SIGHUP: no --cookie-secret-file or --ticket-key-file to re-read");
        return;
    }
    if (t->cookie_secret_file != NULL) {
        if (tool_read_secret(t->cookie_secret_file, fresh, err, sizeof err) != 0) {
            tool_msg(t, "SIGHUP: --cookie-secret-file %s: %s: the previous secret is kept", t->cookie_secret_file, err);
        } else {
            memcpy(t->cookie_secret, fresh, 32);
            tool_msg(t, "SIGHUP: --cookie-secret-file %s re-read", t->cookie_secret_file);
        }
    }
    if (t->ticket_key_file != NULL) {
        if (tool_read_secret(t->ticket_key_file, fresh, err, sizeof err) != 0) {
            tool_msg(t, "SIGHUP: --ticket-key-file %s: %s: the previous secret is kept", t->ticket_key_file, err);
        } else {
            memcpy(t->ticket_secret, fresh, 32);
            tool_msg(t, "SIGHUP: --ticket-key-file %s re-read", t->ticket_key_file);
        }
    }
    memset(fresh, 0, sizeof fresh);
}

static void on_connect(void *user, dtls_conn *conn)
{
    tool *t = (tool *)user;
    server *s = (server *)t->app;
    char cid_text[80];
    s->connections++;
    if (!t->quiet)
        tool_msg(t, "%s: handshake complete%s: %s (suite 0x%04X), max payload %lu bytes%s", s->peer,
                 dtls_conn_resumed(conn) ? " (session resumed)" : "", dtls_suite_name(dtls_conn_suite(conn)),
                 dtls_conn_suite(conn), (unsigned long)dtls_conn_max_payload(conn),
                 tool_cid_text(conn, cid_text, sizeof cid_text));
}

static void on_data(void *user, dtls_conn *conn, const uint8_t *data, size_t len)
{
    tool *t = (tool *)user;
    server *s = (server *)t->app;
    if (t->verbose)
        tool_msg(t, "%s: received a record of %lu bytes", s->peer, (unsigned long)len);
    if (tool_write_all(STDOUT_FILENO, data, len) != 0 && t->verbose)
        tool_msg(t, "standard output: %s", strerror(errno));
    if (t->echo) {
        if (s->n_echo == SERVER_ECHO_MAX || len > sizeof s->echo_buf - s->echo_used) {
            tool_msg(t, "%s: echo queue full, record not echoed", s->peer);
            return;
        }
        memcpy(s->echo_buf + s->echo_used, data, len);
        s->echo[s->n_echo].conn = conn;
        s->echo[s->n_echo].off = s->echo_used;
        s->echo[s->n_echo].len = len;
        s->n_echo++;
        s->echo_used += len;
    }
}

/* After a datagram from peer (from, from_len) was fed: the slot of that
 * address is named after it (the library keeps addresses as opaque bytes). */
static void name_slot(server *s, const uint8_t *from, size_t from_len, const char *peer)
{
    dtls_conn *conn = dtls_server_find(&s->srv, from, from_len);
    if (conn != NULL)
        snprintf(s->slot_peer[conn - s->slots], sizeof s->slot_peer[0], "%s", peer);
}

/* The counters of the connection of from (zero when it has none). */
static void conn_stats(server *s, const uint8_t *from, size_t from_len, dtls_stats *out)
{
    dtls_conn *conn = dtls_server_find(&s->srv, from, from_len);
    memset(out, 0, sizeof *out);
    if (conn != NULL)
        dtls_conn_stats(conn, out);
}

/* The peer of conn: the datagram's source, or (from the timer) its slot's. */
static const char *conn_peer(const server *s, const dtls_conn *conn)
{
    if ((strcmp(s->peer, "timer") == 0 || strcmp(s->peer, "-") == 0) && s->slot_peer != NULL && conn >= s->slots && conn < s->slots + s->n_slots &&
        s->slot_peer[conn - s->slots][0] != 0)
        return s->slot_peer[conn - s->slots];
    return s->peer;
}

static void on_close(void *user, dtls_conn *conn, int reason)
{
    tool *t = (tool *)user;
    server *s = (server *)t->app;
    size_t i;
    char text[160];
    const char *peer = conn_peer(s, conn);
    for (i = 0; i < s->n_echo; i++) /* the slot is about to be reused */
        if (s->echo[i].conn == conn)
            s->echo[i].conn = NULL;
    if (reason == DTLS_ERR_CLOSED && tool_stop) {
        if (!t->quiet)
            tool_msg(t, "%s: close_notify sent (shutting down)", peer);
    } else if (reason == DTLS_ERR_CLOSED) {
        if (!t->quiet)
            tool_msg(t, "%s: the peer sent close_notify", peer);
    } else {
        char why[640];
        dtls_stats st;
        dtls_conn_stats(conn, &st);
        if (reason == DTLS_ERR_TIMEOUT && !dtls_conn_is_established(conn) && st.records_dropped_auth != 0)
            tool_msg(t, "%s: handshake timed out: its Finished failed authentication (%lu record%s): a wrong PSK?",
                     peer, (unsigned long)st.records_dropped_auth, st.records_dropped_auth == 1 ? "" : "s");
        else
            tool_msg(t, "%s: connection ended: %s", peer, tool_error_text(reason, text, sizeof text));
        if (tool_cert_failure(t, conn, why, sizeof why))
            tool_msg(t, "%s: the client's certificate was refused: %s", peer, why);
    }
    if (t->verbose) {
        dtls_stats st;
        dtls_conn_stats(conn, &st);
        tool_print_stats(t, &st);
    }
    if (t->once && !s->done) {
        s->done = 1;
        s->exit_code = reason == DTLS_ERR_CLOSED ? 0 : 1;
    }
}

/* Connection ID (RFC 9146 §6): an authenticated record of conn came from the
 * datagram's address (s->peer), newer than any before: the answers go there.
 * No return-routability check is made (README: Connection ID). */
static void on_address(void *user, dtls_conn *conn, const uint8_t *addr, size_t addr_len)
{
    tool *t = (tool *)user;
    server *s = (server *)t->app;
    (void)addr;
    (void)addr_len;
    if (!t->quiet)
        tool_msg(t, "%s: the connection of %s moved here (its Connection ID)", s->peer,
                 s->slot_peer != NULL && s->slot_peer[conn - s->slots][0] != 0 ? s->slot_peer[conn - s->slots] : "?");
}

static void flush_echo(tool *t, server *s)
{
    size_t i;
    char text[160];
    for (i = 0; i < s->n_echo; i++) {
        int rc;
        if (s->echo[i].conn == NULL)
            continue;
        rc = dtls_conn_write(s->echo[i].conn, s->echo_buf + s->echo[i].off, s->echo[i].len);
        if (rc < 0)
            tool_msg(t, "%s: echo of %lu bytes failed: %s", s->peer, (unsigned long)s->echo[i].len,
                     tool_error_text(rc, text, sizeof text));
        else if (t->verbose)
            tool_msg(t, "%s: echoed %lu bytes", s->peer, (unsigned long)s->echo[i].len);
    }
    s->n_echo = 0;
    s->echo_used = 0;
}

static int open_socket(tool *t)
{
    uint8_t addr[DTLS_POSIX_ADDR_MAX];
    size_t len = sizeof addr;
    char text[64], err[160];
    int fd, e;
    if (dtls_posix_addr_lookup(t->bind_host, t->port, addr, &len, err, sizeof err) != 0) {
        fprintf(stderr, "%s: cannot resolve --bind %s: %s\n", t->prog, t->bind_host ? t->bind_host : "::", err);
        return -1;
    }
    fd = dtls_posix_udp_bind(addr, len);
    e = errno;
    if (fd < 0 && t->bind_host == NULL && e != EADDRINUSE && e != EACCES) { /* no IPv6: IPv4 only */
        len = sizeof addr;
        if (dtls_posix_addr_parse("0.0.0.0", t->port, addr, &len) == 0) {
            fd = dtls_posix_udp_bind(addr, len);
            e = errno;
        }
    }
    if (fd < 0 && e == EADDRINUSE) {
        fprintf(stderr, "%s: cannot listen on %s port %s: port in use (another program, or another dtls-server, "
                "has it)\n", t->prog, t->bind_host ? t->bind_host : "all addresses", t->port);
        return -1;
    }
    if (fd < 0) {
        fprintf(stderr, "%s: cannot listen on %s port %s: %s\n", t->prog, t->bind_host ? t->bind_host : "all addresses",
                t->port, strerror(e));
        return -1;
    }
    if (!t->quiet && dtls_posix_addr_format(addr, len, text, sizeof text) > 0)
        tool_msg(t, "listening on %s%s", text, t->bind_host == NULL ? " (all addresses)" : "");
    return fd;
}

int main(int argc, char **argv)
{
    static tool t;
    static server s;
    char text[160], peer[64];
    int rc;
    size_t i;

    tool_start(&t, "dtls-server", TOOL_SERVER);
    tool_parse(&t, argc, argv);
    tool_config(&t);
    t.app = &s;
    t.cfg.on_connect = on_connect;
    t.cfg.on_data = on_data;
    t.cfg.on_close = on_close;
    t.cfg.on_address = on_address;
    if (t.cookie_secret_file != NULL || t.ticket_key_file != NULL)
        t.cfg.fleet_key = fleet_key;
    s.peer = "-";
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sighup;
        sigaction(SIGHUP, &sa, NULL);
    }

    t.fd = open_socket(&t);
    if (t.fd < 0)
        return 1;
    s.n_slots = (size_t)t.slots;
    s.slots = (dtls_conn *)calloc(s.n_slots, sizeof *s.slots);
    s.slot_peer = (char(*)[64])calloc(s.n_slots, sizeof *s.slot_peer);
    s.hs = (dtls_hs *)calloc((size_t)t.handshakes, sizeof *s.hs);
    s.index = (uint32_t *)calloc(DTLS_SERVER_INDEX_WORDS(s.n_slots), sizeof *s.index);
    s.n_sessions = s.n_slots < 4096 ? s.n_slots : 4096;
    s.sessions = (dtls_session_slot *)calloc(s.n_sessions, sizeof *s.sessions);
    if (s.slots == NULL || s.slot_peer == NULL || s.hs == NULL || s.index == NULL || s.sessions == NULL) {
        fprintf(stderr, "%s: not enough memory for %lu slots and %lu handshakes\n", t.prog, t.slots, t.handshakes);
        return 1;
    }
    rc = dtls_ctx_init(&s.ctx, &t.cfg, s.tx, sizeof s.tx, s.hs, (size_t)t.handshakes);
    if (rc < 0) {
        fprintf(stderr, "%s: configuration: %s\n", t.prog, tool_error_text(rc, text, sizeof text));
        return 1;
    }
    rc = dtls_server_init(&s.srv, &s.ctx, s.slots, (size_t)t.slots);
    if (rc == 0) /* a datagram's connection and the next deadline without a scan of every slot */
        rc = dtls_server_index(&s.srv, s.index, DTLS_SERVER_INDEX_WORDS(s.n_slots));
    if (rc == 0 && DTLS_ENABLE_RESUMPTION) /* resumption by session ID (tickets: cfg, common.h) */
        rc = dtls_server_sessions(&s.srv, s.sessions, s.n_sessions);
    if (rc < 0) {
        fprintf(stderr, "%s: server: %s\n", t.prog, tool_error_text(rc, text, sizeof text));
        return 1;
    }

    while (!tool_stop && !s.done) {
        struct pollfd p;
        uint32_t at;
        int have = dtls_server_deadline(&s.srv, &at), r;
        p.fd = t.fd;
        p.events = POLLIN;
        p.revents = 0;
        r = poll(&p, 1, tool_wait_ms(have, at, 1000));
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "%s: poll: %s\n", t.prog, strerror(errno));
            return 1;
        }
        if (reload_secrets) {
            reload_secrets = 0;
            fleet_reload(&t);
        }
        if (r > 0 && (p.revents & (POLLIN | POLLERR))) {
            while (!s.done) {
                dtls_stats before, after;
                int fin;
                uint8_t from[DTLS_POSIX_ADDR_MAX];
                size_t from_len = sizeof from;
                int n = dtls_posix_udp_recv(t.fd, s.rx, sizeof s.rx, from, &from_len, 0);
                if (n <= 0)
                    break;
                if (dtls_posix_addr_format(from, from_len, peer, sizeof peer) < 0)
                    strcpy(peer, "?");
                s.peer = peer;
                t.where = peer;
                if (t.verbose)
                    tool_trace(&t, peer, s.rx, (size_t)n);
                if (t.verbose) /* this peer's connection's counters (the whole server's would cost a scan) */
                    conn_stats(&s, from, from_len, &before);
                fin = t.verbose && tool_has_finished(s.rx, (size_t)n);
                rc = dtls_server_input(&s.srv, s.rx, (size_t)n, from, from_len);
                name_slot(&s, from, from_len, peer);
                if (rc < 0 && rc != DTLS_ERR_IN_PROGRESS && t.verbose)
                    tool_msg(&t, "%s: %s", peer, tool_error_text(rc, text, sizeof text));
                if (t.verbose) { /* per peer: what failed authentication in its datagram */
                    conn_stats(&s, from, from_len, &after);
                    if (after.records_dropped_auth > before.records_dropped_auth)
                        tool_msg(&t, "%s: %lu record(s) failed authentication%s", peer,
                                 (unsigned long)(after.records_dropped_auth - before.records_dropped_auth),
                                 fin ? " (its Finished, or what follows it): a wrong PSK?" : "");
                }
                flush_echo(&t, &s);
            }
        }
        if (dtls_server_deadline(&s.srv, &at) && (int32_t)(dtls_posix_now_ms() - at) >= 0) {
            s.peer = "timer";
            t.where = NULL;
            (void)dtls_server_timer(&s.srv);
        }
        s.peer = "-";
        t.where = NULL;
    }

    /* interrupted: say goodbye to every established peer */
    if (tool_stop) {
        s.peer = "-";
        for (i = 0; i < (size_t)t.slots; i++)
            if (dtls_conn_is_established(&s.slots[i]))
                (void)dtls_conn_close(&s.slots[i]);
    }
    if (!t.quiet) {
        dtls_stats st;
        dtls_server_stats(&s.srv, &st);
        tool_msg(&t, "all connections:");
        tool_print_stats(&t, &st);
    }
    if (!t.quiet)
        tool_msg(&t, "%lu connection(s) completed; exiting", s.connections);
    dtls_posix_udp_close(t.fd);
    return s.exit_code;
}
