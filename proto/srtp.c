/* srtp.c - the use_srtp extension (RFC 5764 4.1; see srtp.h).
 *
 * Choices written down here:
 * - We never use an MKI: the client offers an empty srtp_mki, the server
 *   answers with an empty one whatever the client sent (4.1.1 lets it: only a
 *   non-empty MKI different from the client's is an error), and a client
 *   that gets a non-empty one aborts with illegal_parameter.
 * - The server's preference decides: the first of cfg.srtp_profiles the
 *   client offered.  No profile in common: no use_srtp in the ServerHello,
 *   the handshake goes on (4.1.1: "SHOULD NOT return the use_srtp extension"),
 *   and dtls_conn_srtp_profile says 0; the application decides.
 * - An abbreviated handshake negotiates again (the hellos carry it). */
#include "srtp.h"
#include "engine.h"
#include "msg.h"

#if DTLS_ENABLE_SRTP

DTLS__PRIV void dtls__srtp_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    o->srtp_profiles = cfg->srtp_profiles;
    o->n_srtp_profiles = cfg->srtp_profiles != NULL ? cfg->n_srtp_profiles : 0;
}

static int dtls__srtp_listed(const uint16_t *list, size_t n, uint16_t p)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (list[i] == p)
            return 1;
    return 0;
}

DTLS__PRIV int dtls__srtp_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    conn->dtls__srtp = 0;
    if (!sh->has_srtp)
        return 0;
    if (cfg->srtp_profiles == NULL || cfg->n_srtp_profiles == 0)
        return dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION); /* never offered */
    if (sh->srtp_mki_len != 0 || !dtls__srtp_listed(cfg->srtp_profiles, cfg->n_srtp_profiles, sh->srtp_profile))
        return dtls__fatal(conn, DTLS_ALERT_ILLEGAL_PARAMETER);
    conn->dtls__srtp = sh->srtp_profile;
    return 0;
}

DTLS__PRIV void dtls__srtp_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    const dtls_config *cfg = conn->dtls__ctx->dtls__cfg;
    size_t i;
    conn->dtls__srtp = 0;
    if (ch->srtp_profiles == NULL || cfg->srtp_profiles == NULL)
        return;
    for (i = 0; i < cfg->n_srtp_profiles; i++)
        if (cfg->srtp_profiles[i] != 0 &&
            dtls__msg_has_suite(ch->srtp_profiles, ch->srtp_profiles_len, cfg->srtp_profiles[i])) {
            conn->dtls__srtp = cfg->srtp_profiles[i];
            return;
        }
}

DTLS__PRIV void dtls__srtp_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    o->srtp_profile = conn->dtls__srtp;
}

#else /* the stubs of a build without use_srtp */

DTLS__PRIV void dtls__srtp_client_hello_out(const dtls_conn *conn, struct dtls__client_hello_out *o)
{
    (void)conn;
    (void)o;
}

DTLS__PRIV int dtls__srtp_server_hello_in(dtls_conn *conn, const struct dtls__server_hello *sh)
{
    return sh->has_srtp ? dtls__fatal(conn, DTLS_ALERT_UNSUPPORTED_EXTENSION) : 0; /* never offered */
}

DTLS__PRIV void dtls__srtp_client_hello_in(dtls_conn *conn, const struct dtls__client_hello *ch)
{
    (void)conn;
    (void)ch;
}

DTLS__PRIV void dtls__srtp_server_hello_out(const dtls_conn *conn, struct dtls__server_hello_out *o)
{
    (void)conn;
    (void)o;
}

#endif /* DTLS_ENABLE_SRTP */

DTLS_API uint16_t dtls_conn_srtp_profile(const dtls_conn *conn)
{
    return conn != NULL && DTLS_ENABLE_SRTP ? conn->dtls__srtp : 0;
}
