/* common.h - what dtls-client and dtls-server share: option parsing, hex and
 * suite lists, the callbacks the library needs (send over a UDP socket, a
 * monotonic clock, randomness, PSK lookup, the log line printer, the wall
 * clock and the certificate / raw-public-key verdict), certificate and key
 * files, error text.
 * Included by exactly one .c file per program; the platform code (sockets,
 * clock, entropy) is in port/posix.c. */
#ifndef DTLS_EXAMPLES_COMMON_H
#define DTLS_EXAMPLES_COMMON_H

#include "dtls.h"
#include "port.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#define TOOL_RX_CAP 65536u /* one UDP datagram, whatever its size */

/* Certificate and key files: the room reserved for them (static storage). */
#define TOOL_FILE_MAX (512u * 1024u)     /* the largest file read (text of a PEM bundle) */
#define TOOL_CHAIN_BYTES 16384u          /* our certificate chain, DER */
#define TOOL_KEY_BYTES 8192u             /* our private key, DER */
#define TOOL_CA_BYTES (384u * 1024u)     /* the trust anchors, DER */
#define TOOL_CA_MAX 512                  /* trust anchors in the --ca bundle */
#define TOOL_PEER_KEY_BYTES 2048u        /* --peer-key, SubjectPublicKeyInfo DER */

enum { TOOL_CLIENT = 1, TOOL_SERVER = 2 };

/* Everything both programs keep; cfg.user points here. */
typedef struct tool {
    const char *prog;
    int role;
    /* options */
    const char *psk_identity; /* client: sent; server: the only one accepted (NULL: any) */
    uint8_t psk[DTLS_MAX_PSK];
    size_t psk_len;
    const char *psk_hint;
    uint16_t suites[DTLS_MAX_SUITES];
    size_t n_suites;
    uint16_t groups[2];
    size_t n_groups;
    unsigned long mtu, timeout_ms, retransmit_ms, linger_ms, wait_ms, slots, handshakes, max_signatures;
    int verbose, quiet, echo, once, allow_no_ems;
    int cid;                  /* --cid N: -1 not given */
    const char *keylog_file;  /* --keylog FILE, else $SSLKEYLOGFILE */
    long heartbeat_ms;        /* --heartbeat-ms N: -1 not given */
    unsigned long record_size_limit, max_fragment_length; /* --record-size-limit N, client --max-fragment-length N */
    char export_label[64];     /* --export LABEL:LEN (RFC 5705): "" not given */
    unsigned long export_len;
    uint16_t srtp[8];          /* --srtp PROFILE[,PROFILE] (RFC 5764) */
    size_t n_srtp;
    const char *session_in, *session_out; /* client: --session-in FILE, --session-out FILE */
    int no_tickets;           /* server: --no-tickets */
    const char *ticket_key_file; /* server: --ticket-key-file F (32 bytes, shared by a fleet) */
    uint8_t ticket_secret[32];
    const char *cookie_secret_file; /* server: --cookie-secret-file F (32 bytes, shared by a fleet) */
    uint8_t cookie_secret[32];
    const char *bind_host, *host, *port;
    char host_buf[256], port_buf[8]; /* HOST of HOST:PORT / [IPv6]:PORT; the port in decimal */
    /* certificates and raw public keys */
    const char *cert_file, *key_file, *ca_file, *peer_key_file, *servername;
    int rpk, no_verify, verify_peer, no_clock, verify_client; /* verify_client: -1 not given */
    int certs; /* a certificate option was given: certificate suites by default */
#if DTLS_ENABLE_CERTS
    uint8_t file_text[TOOL_FILE_MAX];
    uint8_t chain_der[TOOL_CHAIN_BYTES];
    dtls_blob chain[DTLS_MAX_CHAIN];
    size_t n_chain;
    uint8_t chain_msg[TOOL_CHAIN_BYTES + 3 * (DTLS_MAX_CHAIN + 1)];
    uint8_t key_der[TOOL_KEY_BYTES];
    dtls_private_key key;
    dtls_credential cred;
    uint8_t ca_der[TOOL_CA_BYTES];
    dtls_blob anchors[TOOL_CA_MAX];
    size_t n_anchors;
    uint8_t peer_key[TOOL_PEER_KEY_BYTES];
    size_t peer_key_len;
#endif
    /* run time */
    int fd;
    int connected; /* the socket is connected: send without an address */
    int sock_err;  /* client: a hard error of the connected socket (ECONNREFUSED: ICMP port unreachable) */
    int sent_finished;   /* client: our Finished (an encrypted handshake record) went out */
    int log_fin_auth;    /* the engine logged that the peer's Finished failed authentication */
    const char *where;   /* server: the peer being served (prefix of the engine's log lines) */
    /* the last peer certificate verdict (tool_verify), for the failure message */
    const void *cert_conn;
    int cert_verdict;
    char cert_reason[512];
    uint32_t t0;
    dtls_crypto_hooks hooks;
    dtls_config cfg;
    void *app; /* the program's own state */
} tool;

static volatile sig_atomic_t tool_stop;

static void tool_on_signal(int sig)
{
    (void)sig;
    tool_stop = 1;
}

static void tool_msg(const tool *t, const char *fmt, ...)
{
    va_list ap;
    uint32_t ms = dtls_posix_now_ms() - t->t0;
    fprintf(stderr, "%s [%5lu.%03lu] ", t->prog, (unsigned long)(ms / 1000u), (unsigned long)(ms % 1000u));
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static const char *tool_alert_name(int desc)
{
    switch (desc) {
    case DTLS_ALERT_CLOSE_NOTIFY: return "close_notify";
    case DTLS_ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case DTLS_ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case DTLS_ALERT_RECORD_OVERFLOW: return "record_overflow";
    case DTLS_ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case DTLS_ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case DTLS_ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case DTLS_ALERT_CERTIFICATE_EXPIRED: return "certificate_expired";
    case DTLS_ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case DTLS_ALERT_UNKNOWN_CA: return "unknown_ca";
    case 49: return "access_denied";
    case DTLS_ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case DTLS_ALERT_DECODE_ERROR: return "decode_error";
    case DTLS_ALERT_DECRYPT_ERROR: return "decrypt_error";
    case DTLS_ALERT_PROTOCOL_VERSION: return "protocol_version";
    case 71: return "insufficient_security";
    case DTLS_ALERT_INTERNAL_ERROR: return "internal_error";
    case DTLS_ALERT_NO_RENEGOTIATION: return "no_renegotiation";
    case DTLS_ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case DTLS_ALERT_UNKNOWN_PSK_IDENTITY: return "unknown_psk_identity";
    default: return "alert";
    }
}

/* The error's text, with the alert's name for alert codes. */
static const char *tool_error_text(int code, char *buf, size_t cap)
{
    int desc = -1;
    if (code <= DTLS_ERR_ALERT_SENT_BASE && code > DTLS_ERR_ALERT_SENT_BASE - 256)
        desc = DTLS_ERR_ALERT_SENT_BASE - code;
    else if (code <= DTLS_ERR_ALERT_RECEIVED_BASE && code > DTLS_ERR_ALERT_RECEIVED_BASE - 256)
        desc = DTLS_ERR_ALERT_RECEIVED_BASE - code;
    if (desc >= 0)
        snprintf(buf, cap, "%s: %s(%d)", dtls_strerror(code), tool_alert_name(desc), desc);
    else
        snprintf(buf, cap, "%s (%d)", dtls_strerror(code), code);
    return buf;
}

/* ---- options ---- */

static void tool_usage(const tool *t, FILE *f)
{
    fprintf(f, "usage: %s [options] %s\n", t->prog,
            t->role == TOOL_CLIENT ? "HOST PORT | HOST:PORT | [IPv6-ADDRESS]:PORT" : "PORT");
    fprintf(f, "PORT is a number from 1 to 65535.\n");
    fprintf(f, "%s",
            "  --psk-identity ID   PSK identity (client: sent; server: the only one accepted, default any)\n"
            "  --psk HEX           pre-shared key, 1-64 bytes in hex (required without certificates)\n"
            "  --suites LIST       IANA suite names, comma-separated, in preference order\n"
            "                      (default: every PSK suite compiled in; with certificate options\n"
            "                      every certificate suite (a server: those of its key's type),\n"
            "                      then the PSK suites when --psk is given)\n"
            "  --groups LIST       ECDHE groups: x25519, secp256r1 (alias p256), comma-separated\n"
            "  --mtu N             largest UDP payload sent (default 1232)\n"
            "  --retransmit-ms N   initial retransmission timeout (default 1000)\n"
            "  --allow-no-ems      accept peers without extended_master_secret (RFC 7627)\n"
            "  --cid N             negotiate a Connection ID (RFC 9146): N (0-16) is the length of\n"
            "                      the CID the peer puts on the records it sends us (0: none wanted,\n"
            "                      but the peer's is put on ours); a server then finds a peer whose\n"
            "                      address changed (NAT rebinding) by its CID\n"
            "  --keylog FILE       append each session's NSS key log line to FILE (also the\n"
            "                      SSLKEYLOGFILE environment variable): Wireshark decrypts with it;\n"
            "                      anyone who reads it can, too\n"
            "  --record-size-limit N  our record size limit (RFC 8449), 64-16384: the largest record\n"
            "                      we accept, offered by a client, a server's answer; the peer's\n"
            "                      records and handshake fragments to us stay within it\n"
            "  --max-fragment-length N  client: also offer max_fragment_length (RFC 6066) of N =\n"
            "                      512, 1024, 2048 or 4096 bytes (servers without record_size_limit)\n"
            "  --export LABEL:LEN  after each handshake print \"export: <hex>\" on stderr: LEN (1-1024)\n"
            "                      bytes of keying material exported with LABEL (RFC 5705, no context)\n"
            "  --srtp P[,P...]     offer (client) or accept (server, in this order of preference)\n"
            "                      DTLS-SRTP profiles (RFC 5764): SRTP_AES128_CM_SHA1_80,\n"
            "                      SRTP_AES128_CM_SHA1_32, SRTP_NULL_SHA1_80, SRTP_NULL_SHA1_32,\n"
            "                      SRTP_AEAD_AES_128_GCM, SRTP_AEAD_AES_256_GCM; prints \"srtp: <profile>\"\n"
            "                      (or \"srtp: none\") on stderr after each handshake\n"
            "  --heartbeat-ms N    heartbeat (RFC 6520) as a NAT keep-alive: negotiate it, answer the\n"
            "                      peer's requests, and send one after N ms without hearing from the\n"
            "                      peer (0: only answer); unanswered after the retransmissions, the\n"
            "                      connection ends (timeout).  -v shows each request and response\n");
    fprintf(f, "%s",
            "Session resumption (a session cache and tickets are on in the server):\n"
            "  --session-in FILE   client: offer the session saved in FILE (by --session-out)\n"
            "  --session-out FILE  client: save the resumable session to FILE after the handshake\n"
            "                      (it holds the master secret: keep it private); the client prints\n"
            "                      \"session: resumed\" or \"session: full\" on stderr after each handshake\n"
            "  --no-tickets        server: no session tickets (RFC 5077), the session cache only\n"
            "  --ticket-key-file F server: the 32-byte secret the ticket keys derive from (binary, or\n"
            "                      64 hex digits): servers sharing it resume each other's tickets\n"
            "  --cookie-secret-file F\n"
            "                      server: the 32-byte secret the cookie secrets derive from (same\n"
            "                      format): servers sharing it accept each other's cookies (a new\n"
            "                      cookie secret every 60 s of the wall clock; a cookie is accepted\n"
            "                      60-120 s).  Both files must be private (chmod 600); SIGHUP\n"
            "                      re-reads them\n"
            "  -v, --verbose       the handshake step by step on stderr (twice: every datagram)\n"
            "  -q, --quiet         no summary lines on stderr\n"
            "  -h, --help          this text\n"
            "  --version           the version of dtls.h the program is built with\n"
            "Certificates and raw public keys (TLS_ECDHE_ECDSA_* and TLS_ECDHE_RSA_* suites):\n"
            "  --cert FILE         our certificate chain: PEM (leaf first, then intermediates) or\n"
            "                      one DER certificate\n"
            "  --key FILE          our private key, PEM or DER: PKCS#8, SEC1 (P-256) or PKCS#1\n"
            "                      (RSA 2048-4096, server only)\n"
            "  --ca FILE           trust anchors for the peer's chain: a PEM bundle or one DER\n"
            "                      certificate\n"
            "  --rpk               raw public keys (RFC 7250) instead of certificates: our key's\n"
            "                      SubjectPublicKeyInfo is presented (P-256; --cert not needed)\n"
            "  --peer-key FILE     with --rpk: the one peer key trusted (PEM PUBLIC KEY, DER\n"
            "                      SubjectPublicKeyInfo, or a certificate holding it)\n"
            "  --no-verify         accept any peer certificate or key (testing only)\n"
            "  --no-clock          do not check validity dates, as a device without a clock does\n"
            "                      (default: the dates are checked against the system clock)\n");
    if (t->role == TOOL_CLIENT)
        fprintf(f, "%s",
                "  --servername NAME   the name the server's certificate must match (DNS name or IP\n"
                "                      address); sent as SNI unless an IP address (default: HOST)\n"
                "  --verify-peer       check the server's chain against --ca (the default with --ca)\n");
    else
        fprintf(f, "%s",
                "  --verify-client none|optional|required\n"
                "                      ask for a client certificate (default none); checked against\n"
                "                      --ca, or with --rpk against --peer-key\n");
    if (t->role == TOOL_CLIENT)
        fprintf(f, "%s",
                "  --timeout-ms N      give up the handshake after N ms (default 30000)\n"
                "  --wait-ms N         at the end of input, wait up to N ms for as many bytes to\n"
                "                      come back as were sent (an echo) before closing\n"
                "                      (default 1000; 0: close at once)\n"
                "  --linger-ms N       after sending close_notify, wait this long for the peer's\n"
                "                      (default 1000; reported, not required)\n"
                "Sends standard input as records (one per read chunk, at most the maximum payload)\n"
                "and writes the records received to standard output.  Exit status 0 when the\n"
                "handshake completed, all input was sent, close_notify was sent and no fatal alert\n"
                "occurred; otherwise 1 with the error on stderr (2: bad usage).  Nobody listening\n"
                "on PORT (ICMP port unreachable) is reported at once as connection refused.\n");
    else
        fprintf(f, "%s",
                "  --psk-hint TEXT     identity hint (plain PSK then sends ServerKeyExchange)\n"
                "  --bind ADDR         local address (default :: and 0.0.0.0)\n"
                "  --slots N           connection slots, 1-1000000 (default 64; 320 bytes each)\n"
                "  --handshakes N      handshakes in progress at once, 1-65536 (default 8; about\n"
                "                      8 KB each); a newcomer past it evicts a silent half-open one\n"
                "  --max-signatures N  signed handshakes started per second, 0-65535 (default 0: no\n"
                "                      bound); past it a cookie-verified ClientHello is dropped and\n"
                "                      the client's retransmission retries\n"
                "  --timeout-ms N      free a connection silent this long (default 60000; 0: never)\n"
                "  --echo              send every record received back to its sender\n"
                "  --once              exit after the first connection closes (status 0 if it ended\n"
                "                      with close_notify, 1 otherwise)\n"
                "Writes the records received to standard output.  Exit status 1 when the port\n"
                "cannot be bound (in use, or --bind does not resolve), 2 for bad usage.\n");
}

/* A usage error: one line naming it, then "see --help"; exit status 2. */
static void tool_bad_usage(const tool *t, const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s (see --help)\n", t->prog, what, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static int tool_hex(uint8_t *out, size_t cap, const char *s, size_t *len)
{
    size_t n = 0;
    if (strncmp(s, "0x", 2) == 0 || strncmp(s, "0X", 2) == 0)
        s += 2;
    while (s[0] && s[1]) {
        int v = 0, i;
        for (i = 0; i < 2; i++) {
            char c = s[i];
            int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                  : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
            if (d < 0)
                return -1;
            v = v * 16 + d;
        }
        if (n == cap)
            return -1;
        out[n++] = (uint8_t)v;
        s += 2;
    }
    if (s[0])
        return -1;
    *len = n;
    return 0;
}

/* A decimal number from min to max (digits only: no sign, no blanks). */
static unsigned long tool_number(const tool *t, const char *opt, const char *s, unsigned long min, unsigned long max)
{
    char *end;
    unsigned long v = 0;
    if (isdigit((unsigned char)s[0])) {
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno == 0 && *end == 0 && v >= min && v <= max)
            return v;
    }
    {
        char what[96];
        snprintf(what, sizeof what, "%s wants a number from %lu to %lu", opt, min, max);
        tool_bad_usage(t, what, s);
    }
    return 0;
}

/* A port number, 1-65535, into t->port (decimal, as getaddrinfo wants it). */
static void tool_set_port(tool *t, const char *s)
{
    unsigned long v = 0;
    char *end;
    if (isdigit((unsigned char)s[0])) {
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || *end != 0)
            v = 0;
    }
    if (v < 1 || v > 65535) {
        char what[96];
        snprintf(what, sizeof what, "bad port \"%.40s\": a port is a number from 1-65535", s);
        tool_bad_usage(t, what, NULL);
    }
    snprintf(t->port_buf, sizeof t->port_buf, "%lu", v);
    t->port = t->port_buf;
}

/* The client's target: HOST PORT (two arguments; HOST may be [IPv6]), or one
 * argument HOST:PORT / [IPv6]:PORT. */
static void tool_set_target(tool *t, const char *a, const char *port)
{
    const char *h = a, *colon = NULL;
    size_t hl;
    if (a[0] == '[') {
        const char *close = strchr(a, ']');
        if (close == NULL)
            tool_bad_usage(t, "missing ']' in", a);
        h = a + 1;
        hl = (size_t)(close - h);
        if (close[1] == ':' && port == NULL)
            colon = close + 1;
        else if (close[1] != 0)
            tool_bad_usage(t, "expected [IPv6-ADDRESS]:PORT, not", a);
    } else {
        const char *c = strchr(a, ':');
        hl = strlen(a);
        if (c != NULL && strchr(c + 1, ':') == NULL) { /* exactly one colon: HOST:PORT */
            if (port != NULL)
                tool_bad_usage(t, "a port twice: HOST:PORT and PORT", a);
            colon = c;
            hl = (size_t)(c - a);
        } else if (c != NULL && port == NULL) {
            tool_bad_usage(t, "an IPv6 address with a port is written [ADDRESS]:PORT, not", a);
        }
    }
    if (hl == 0 || hl >= sizeof t->host_buf)
        tool_bad_usage(t, "no usable host in", a);
    memcpy(t->host_buf, h, hl);
    t->host_buf[hl] = 0;
    t->host = t->host_buf;
    if (colon != NULL)
        port = colon + 1;
    if (port == NULL)
        tool_bad_usage(t, "missing PORT: give HOST PORT or HOST:PORT, not", a);
    tool_set_port(t, port);
}

/* Splits a comma-separated list; calls one(t, item) for each. */
static void tool_list(tool *t, const char *opt, const char *list, void (*one)(tool *, const char *, const char *))
{
    char item[96];
    while (*list) {
        size_t n = strcspn(list, ",");
        if (n == 0 || n >= sizeof item)
            tool_bad_usage(t, opt, list);
        memcpy(item, list, n);
        item[n] = 0;
        one(t, opt, item);
        list += n;
        if (*list == ',')
            list++;
    }
}

static void tool_add_suite(tool *t, const char *opt, const char *name)
{
    uint16_t s = dtls_suite_from_name(name);
    if (s == 0)
        tool_bad_usage(t, "unknown or compiled-out cipher suite (IANA name expected)", name);
    if (t->n_suites == DTLS_MAX_SUITES)
        tool_bad_usage(t, opt, "too many suites");
    t->suites[t->n_suites++] = s;
}

static void tool_add_group(tool *t, const char *opt, const char *name)
{
    uint16_t g = 0;
    if (strcmp(name, "x25519") == 0 || strcmp(name, "X25519") == 0)
        g = DTLS_GROUP_X25519;
    else if (strcmp(name, "secp256r1") == 0 || strcmp(name, "p256") == 0 || strcmp(name, "P-256") == 0)
        g = DTLS_GROUP_SECP256R1;
    else
        tool_bad_usage(t, "unknown group (x25519, secp256r1)", name);
    if (t->n_groups == 2)
        tool_bad_usage(t, opt, "too many groups");
    t->groups[t->n_groups++] = g;
}

/* The certificate options' combinations (after parsing). */
static void tool_check_cert_options(tool *t)
{
    int cli = t->role == TOOL_CLIENT;
    t->certs = t->cert_file || t->key_file || t->ca_file || t->peer_key_file || t->servername || t->rpk ||
               t->no_verify || t->verify_peer || t->verify_client > 0;
    if (t->verify_client < 0)
        t->verify_client = DTLS_VERIFY_NONE;
    if (!t->certs) {
        if (t->psk_len == 0)
            tool_bad_usage(t, "--psk is required (or certificates: --cert / --key, --ca, --rpk)", NULL);
        return;
    }
#if !DTLS_ENABLE_CERTS
    tool_bad_usage(t, "certificate options given, but this build has DTLS_ENABLE_CERTS 0", NULL);
#endif
    if (t->cert_file && !t->key_file)
        tool_bad_usage(t, "--cert needs --key (its private key)", NULL);
    if (t->key_file && !t->cert_file && !t->rpk)
        tool_bad_usage(t, "--key needs --cert (or --rpk: the key alone is presented)", NULL);
    if (t->peer_key_file && !t->rpk)
        tool_bad_usage(t, "--peer-key is for raw public keys (--rpk)", NULL);
    if (t->verify_peer && t->no_verify)
        tool_bad_usage(t, "--verify-peer and --no-verify contradict each other", NULL);
    if (!cli && !t->key_file)
        tool_bad_usage(t, t->rpk ? "a server with --rpk needs --key" : "a certificate server needs --cert and --key",
                       NULL);
    if (t->rpk) {
        /* the peer's key is trusted when it equals --peer-key (or any, --no-verify) */
        int need_peer = cli || t->verify_client != DTLS_VERIFY_NONE;
        if (need_peer && !t->peer_key_file && !t->no_verify)
            tool_bad_usage(t, cli ? "--rpk needs --peer-key FILE (the server's key) or --no-verify"
                                  : "--rpk with --verify-client needs --peer-key FILE (the client's key) or --no-verify",
                           NULL);
        if (t->ca_file)
            tool_bad_usage(t, "--ca is for certificates, not --rpk (use --peer-key)", NULL);
        return;
    }
    if (cli && !t->ca_file && !t->no_verify)
        tool_bad_usage(t, t->verify_peer ? "--verify-peer needs --ca FILE (the trust anchors)"
                                         : "the server's certificate is checked against --ca FILE (or --no-verify)",
                       NULL);
    if (!cli && t->verify_client != DTLS_VERIFY_NONE && !t->ca_file && !t->no_verify)
        tool_bad_usage(t, "--verify-client checks client certificates against --ca FILE (or --no-verify)", NULL);
}

/* Long-only options (getopt_long values above the characters). */
enum {
    TOOL_OPT_PSK_IDENTITY = 256, TOOL_OPT_PSK, TOOL_OPT_PSK_HINT, TOOL_OPT_SUITES, TOOL_OPT_GROUPS, TOOL_OPT_MTU,
    TOOL_OPT_TIMEOUT, TOOL_OPT_RETRANSMIT, TOOL_OPT_LINGER, TOOL_OPT_WAIT, TOOL_OPT_SLOTS, TOOL_OPT_HANDSHAKES, TOOL_OPT_MAX_SIGNATURES, TOOL_OPT_BIND,
    TOOL_OPT_CERT, TOOL_OPT_KEY, TOOL_OPT_CA, TOOL_OPT_PEER_KEY, TOOL_OPT_RPK, TOOL_OPT_NO_VERIFY,
    TOOL_OPT_NO_CLOCK, TOOL_OPT_SERVERNAME, TOOL_OPT_VERIFY_PEER, TOOL_OPT_VERIFY_CLIENT, TOOL_OPT_ALLOW_NO_EMS,
    TOOL_OPT_ECHO, TOOL_OPT_ONCE, TOOL_OPT_VERSION, TOOL_OPT_CID, TOOL_OPT_KEYLOG,
    TOOL_OPT_HEARTBEAT, TOOL_OPT_SESSION_IN, TOOL_OPT_SESSION_OUT, TOOL_OPT_NO_TICKETS, TOOL_OPT_TICKET_KEY_FILE,
    TOOL_OPT_COOKIE_SECRET_FILE, TOOL_OPT_RECORD_SIZE_LIMIT, TOOL_OPT_MAX_FRAGMENT_LENGTH, TOOL_OPT_EXPORT,
    TOOL_OPT_SRTP
};

/* Both programs' options; those of the other role are refused by name. */
static const struct option tool_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, TOOL_OPT_VERSION},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"psk-identity", required_argument, NULL, TOOL_OPT_PSK_IDENTITY},
    {"psk", required_argument, NULL, TOOL_OPT_PSK},
    {"psk-hint", required_argument, NULL, TOOL_OPT_PSK_HINT},
    {"suites", required_argument, NULL, TOOL_OPT_SUITES},
    {"groups", required_argument, NULL, TOOL_OPT_GROUPS},
    {"mtu", required_argument, NULL, TOOL_OPT_MTU},
    {"timeout-ms", required_argument, NULL, TOOL_OPT_TIMEOUT},
    {"retransmit-ms", required_argument, NULL, TOOL_OPT_RETRANSMIT},
    {"linger-ms", required_argument, NULL, TOOL_OPT_LINGER},
    {"wait-ms", required_argument, NULL, TOOL_OPT_WAIT},
    {"slots", required_argument, NULL, TOOL_OPT_SLOTS},
    {"handshakes", required_argument, NULL, TOOL_OPT_HANDSHAKES},
    {"max-signatures", required_argument, NULL, TOOL_OPT_MAX_SIGNATURES},
    {"bind", required_argument, NULL, TOOL_OPT_BIND},
    {"cert", required_argument, NULL, TOOL_OPT_CERT},
    {"key", required_argument, NULL, TOOL_OPT_KEY},
    {"ca", required_argument, NULL, TOOL_OPT_CA},
    {"peer-key", required_argument, NULL, TOOL_OPT_PEER_KEY},
    {"rpk", no_argument, NULL, TOOL_OPT_RPK},
    {"no-verify", no_argument, NULL, TOOL_OPT_NO_VERIFY},
    {"no-clock", no_argument, NULL, TOOL_OPT_NO_CLOCK},
    {"servername", required_argument, NULL, TOOL_OPT_SERVERNAME},
    {"verify-peer", no_argument, NULL, TOOL_OPT_VERIFY_PEER},
    {"verify-client", required_argument, NULL, TOOL_OPT_VERIFY_CLIENT},
    {"allow-no-ems", no_argument, NULL, TOOL_OPT_ALLOW_NO_EMS},
    {"echo", no_argument, NULL, TOOL_OPT_ECHO},
    {"once", no_argument, NULL, TOOL_OPT_ONCE},
    {"cid", required_argument, NULL, TOOL_OPT_CID},
    {"keylog", required_argument, NULL, TOOL_OPT_KEYLOG},
    {"heartbeat-ms", required_argument, NULL, TOOL_OPT_HEARTBEAT},
    {"session-in", required_argument, NULL, TOOL_OPT_SESSION_IN},
    {"session-out", required_argument, NULL, TOOL_OPT_SESSION_OUT},
    {"no-tickets", no_argument, NULL, TOOL_OPT_NO_TICKETS},
    {"ticket-key-file", required_argument, NULL, TOOL_OPT_TICKET_KEY_FILE},
    {"cookie-secret-file", required_argument, NULL, TOOL_OPT_COOKIE_SECRET_FILE},
    {"record-size-limit", required_argument, NULL, TOOL_OPT_RECORD_SIZE_LIMIT},
    {"max-fragment-length", required_argument, NULL, TOOL_OPT_MAX_FRAGMENT_LENGTH},
    {"export", required_argument, NULL, TOOL_OPT_EXPORT},
    {"srtp", required_argument, NULL, TOOL_OPT_SRTP},
    {NULL, 0, NULL, 0}};

/* --srtp's profile names (OpenSSL's, RFC 5764 4.1.2 / RFC 7714 14.2). */
static const struct {
    const char *name;
    uint16_t id;
} tool_srtp_names[] = {{"SRTP_AES128_CM_SHA1_80", DTLS_SRTP_AES128_CM_SHA1_80},
                       {"SRTP_AES128_CM_SHA1_32", DTLS_SRTP_AES128_CM_SHA1_32},
                       {"SRTP_NULL_SHA1_80", DTLS_SRTP_NULL_SHA1_80},
                       {"SRTP_NULL_SHA1_32", DTLS_SRTP_NULL_SHA1_32},
                       {"SRTP_AEAD_AES_128_GCM", DTLS_SRTP_AEAD_AES_128_GCM},
                       {"SRTP_AEAD_AES_256_GCM", DTLS_SRTP_AEAD_AES_256_GCM}};

/* The long name of option value val (for messages). */
static const char *tool_option_name(int val)
{
    size_t i;
    for (i = 0; tool_options[i].name != NULL; i++)
        if (tool_options[i].val == val)
            return tool_options[i].name;
    return "?";
}

/* An option of the other program: refused by name. */
static void tool_role_only(const tool *t, int val, int role)
{
    char what[96];
    if (t->role == role)
        return;
    snprintf(what, sizeof what, "--%s is an option of %s, not of %s", tool_option_name(val),
             role == TOOL_CLIENT ? "dtls-client" : "dtls-server", t->prog);
    tool_bad_usage(t, what, NULL);
}

static void tool_parse(tool *t, int argc, char **argv)
{
    int c, npos, i;
    t->mtu = 0;
    t->timeout_ms = t->role == TOOL_CLIENT ? 30000 : 60000;
    t->linger_ms = 1000;
    t->wait_ms = 1000;
    t->slots = 64;
    t->cid = -1;
    t->heartbeat_ms = -1;
    t->handshakes = 8;
    t->verify_client = -1;
    opterr = 0; /* our own one-line messages */
    while ((c = getopt_long(argc, argv, ":hvq", tool_options, NULL)) != -1) {
        const char *v = optarg;
        switch (c) {
        case 'h':
            tool_usage(t, stdout);
            exit(0);
        case TOOL_OPT_VERSION:
            printf("%s (dtls.h) %s\n", t->prog, DTLS_VERSION_STRING);
            exit(0);
        case 'v':
            t->verbose++;
            break;
        case 'q':
            t->quiet = 1;
            break;
        case TOOL_OPT_PSK_IDENTITY:
            if (strlen(v) > DTLS_MAX_IDENTITY)
                tool_bad_usage(t, "--psk-identity: longer than 128 bytes", v);
            t->psk_identity = v;
            break;
        case TOOL_OPT_PSK:
            if (tool_hex(t->psk, sizeof t->psk, v, &t->psk_len) != 0 || t->psk_len == 0)
                tool_bad_usage(t, "--psk wants 1-64 bytes in hex", v);
            break;
        case TOOL_OPT_PSK_HINT:
            tool_role_only(t, c, TOOL_SERVER);
            if (strlen(v) > DTLS_MAX_IDENTITY)
                tool_bad_usage(t, "--psk-hint: longer than 128 bytes", v);
            t->psk_hint = v;
            break;
        case TOOL_OPT_SUITES:
            tool_list(t, "--suites", v, tool_add_suite);
            break;
        case TOOL_OPT_GROUPS:
            tool_list(t, "--groups", v, tool_add_group);
            break;
        case TOOL_OPT_MTU:
            t->mtu = tool_number(t, "--mtu", v, 0, 65507);
            break;
        case TOOL_OPT_TIMEOUT:
            t->timeout_ms = tool_number(t, "--timeout-ms", v, 0, 86400000ul);
            break;
        case TOOL_OPT_RETRANSMIT:
            t->retransmit_ms = tool_number(t, "--retransmit-ms", v, 0, 600000ul);
            break;
        case TOOL_OPT_LINGER:
            tool_role_only(t, c, TOOL_CLIENT);
            t->linger_ms = tool_number(t, "--linger-ms", v, 0, 600000ul);
            break;
        case TOOL_OPT_WAIT:
            tool_role_only(t, c, TOOL_CLIENT);
            t->wait_ms = tool_number(t, "--wait-ms", v, 0, 600000ul);
            break;
        case TOOL_OPT_SLOTS:
            tool_role_only(t, c, TOOL_SERVER);
            t->slots = tool_number(t, "--slots", v, 1, 1000000ul);
            break;
        case TOOL_OPT_HANDSHAKES:
            tool_role_only(t, c, TOOL_SERVER);
            t->handshakes = tool_number(t, "--handshakes", v, 1, 65536ul);
            break;
        case TOOL_OPT_MAX_SIGNATURES:
            tool_role_only(t, c, TOOL_SERVER);
            t->max_signatures = tool_number(t, "--max-signatures", v, 0, 65535ul);
            break;
        case TOOL_OPT_BIND:
            tool_role_only(t, c, TOOL_SERVER);
            if (v[0] == 0)
                tool_bad_usage(t, "--bind wants an address or a host name", NULL);
            t->bind_host = v;
            break;
        case TOOL_OPT_CERT:
            t->cert_file = v;
            break;
        case TOOL_OPT_KEY:
            t->key_file = v;
            break;
        case TOOL_OPT_CA:
            t->ca_file = v;
            break;
        case TOOL_OPT_PEER_KEY:
            t->peer_key_file = v;
            break;
        case TOOL_OPT_RPK:
            t->rpk = 1;
            break;
        case TOOL_OPT_NO_VERIFY:
            t->no_verify = 1;
            break;
        case TOOL_OPT_NO_CLOCK:
            t->no_clock = 1;
            break;
        case TOOL_OPT_SERVERNAME:
            tool_role_only(t, c, TOOL_CLIENT);
            if (v[0] == 0 || strlen(v) > 253)
                tool_bad_usage(t, "--servername wants a DNS name or an IP address", v);
            t->servername = v;
            break;
        case TOOL_OPT_VERIFY_PEER:
            tool_role_only(t, c, TOOL_CLIENT);
            t->verify_peer = 1;
            break;
        case TOOL_OPT_VERIFY_CLIENT:
            tool_role_only(t, c, TOOL_SERVER);
            if (strcmp(v, "none") == 0)
                t->verify_client = DTLS_VERIFY_NONE;
            else if (strcmp(v, "optional") == 0)
                t->verify_client = DTLS_VERIFY_OPTIONAL;
            else if (strcmp(v, "required") == 0)
                t->verify_client = DTLS_VERIFY_REQUIRED;
            else
                tool_bad_usage(t, "--verify-client wants none, optional or required", v);
            break;
        case TOOL_OPT_ALLOW_NO_EMS:
            t->allow_no_ems = 1;
            break;
        case TOOL_OPT_ECHO:
            tool_role_only(t, c, TOOL_SERVER);
            t->echo = 1;
            break;
        case TOOL_OPT_ONCE:
            tool_role_only(t, c, TOOL_SERVER);
            t->once = 1;
            break;
        case TOOL_OPT_CID:
            t->cid = (int)tool_number(t, "--cid", v, 0, DTLS_MAX_CID);
            break;
        case TOOL_OPT_KEYLOG:
            t->keylog_file = v;
            break;
        case TOOL_OPT_HEARTBEAT:
            t->heartbeat_ms = (long)tool_number(t, "--heartbeat-ms", v, 0, 0x7FFFFFFFul);
            break;
        case TOOL_OPT_RECORD_SIZE_LIMIT:
            t->record_size_limit = tool_number(t, "--record-size-limit", v, 64, 16384);
            break;
        case TOOL_OPT_EXPORT: {
            const char *colon = strrchr(v, ':');
            if (colon == NULL || colon == v || (size_t)(colon - v) >= sizeof t->export_label)
                tool_bad_usage(t, "--export wants LABEL:LEN (a label of 1-63 characters), not", v);
            memcpy(t->export_label, v, (size_t)(colon - v));
            t->export_label[colon - v] = 0;
            t->export_len = tool_number(t, "--export", colon + 1, 1, 1024);
            break;
        }
        case TOOL_OPT_SRTP: {
            const char *p = v;
            t->n_srtp = 0;
            while (*p != 0) {
                size_t n = strcspn(p, ","), k;
                for (k = 0; k < sizeof tool_srtp_names / sizeof tool_srtp_names[0]; k++)
                    if (strlen(tool_srtp_names[k].name) == n && strncmp(p, tool_srtp_names[k].name, n) == 0)
                        break;
                if (k == sizeof tool_srtp_names / sizeof tool_srtp_names[0] || t->n_srtp == 8)
                    tool_bad_usage(t, "--srtp: an unknown profile (or more than 8) in", v);
                t->srtp[t->n_srtp++] = tool_srtp_names[k].id;
                p += n;
                if (*p == ',')
                    p++;
            }
            if (t->n_srtp == 0)
                tool_bad_usage(t, "--srtp wants a profile, not", v);
            break;
        }
        case TOOL_OPT_MAX_FRAGMENT_LENGTH:
            tool_role_only(t, c, TOOL_CLIENT);
            t->max_fragment_length = tool_number(t, "--max-fragment-length", v, 512, 4096);
            if (t->max_fragment_length & (t->max_fragment_length - 1))
                tool_bad_usage(t, "--max-fragment-length is 512, 1024, 2048 or 4096, not", v);
            break;
        case TOOL_OPT_SESSION_IN:
            tool_role_only(t, c, TOOL_CLIENT);
            t->session_in = v;
            break;
        case TOOL_OPT_SESSION_OUT:
            tool_role_only(t, c, TOOL_CLIENT);
            t->session_out = v;
            break;
        case TOOL_OPT_NO_TICKETS:
            tool_role_only(t, c, TOOL_SERVER);
            t->no_tickets = 1;
            break;
        case TOOL_OPT_TICKET_KEY_FILE:
            tool_role_only(t, c, TOOL_SERVER);
            t->ticket_key_file = v;
            break;
        case TOOL_OPT_COOKIE_SECRET_FILE:
            tool_role_only(t, c, TOOL_SERVER);
            t->cookie_secret_file = v;
            break;
        case ':': /* a value is missing */
            if (optopt >= 256)
                tool_bad_usage(t, "missing value for", argv[optind - 1]);
            tool_bad_usage(t, "missing value for an option", NULL);
            break;
        default: /* '?': unknown, or ambiguous abbreviation */
            if (optopt >= '0' && optopt <= '9') {
                /* "-1": a negative number where a port was meant */
                for (i = 1; i < argc; i++)
                    if (argv[i][0] == '-' && argv[i][1] == (char)optopt)
                        tool_set_port(t, argv[i]);
            }
            if (optopt == 0 || optopt >= 256 || optopt == 'h' || optopt == 'v' || optopt == 'q') { /* long */
                const char *a = argv[optind - 1];
                tool_bad_usage(t, strchr(a, '=') != NULL || strncmp(a, "--", 2) != 0 ? "bad option"
                                                                                      : "unknown or ambiguous option",
                               a);
            } else {
                char opt[3];
                opt[0] = '-';
                opt[1] = (char)optopt;
                opt[2] = 0;
                tool_bad_usage(t, "unknown option", opt);
            }
        }
    }
    npos = argc - optind;
    if (t->role == TOOL_CLIENT) {
        if (npos == 0)
            tool_bad_usage(t, "missing the server: HOST PORT or HOST:PORT", NULL);
        if (npos > 2)
            tool_bad_usage(t, "too many arguments from", argv[optind + 2]);
        tool_set_target(t, argv[optind], npos == 2 ? argv[optind + 1] : NULL);
    } else {
        if (npos == 0)
            tool_bad_usage(t, "missing the PORT to listen on", NULL);
        if (npos > 1)
            tool_bad_usage(t, "too many arguments from", argv[optind + 1]);
        tool_set_port(t, argv[optind]);
    }
    tool_check_cert_options(t);
}

/* ---- callbacks ---- */

static const char *tool_hs_name(unsigned type)
{
    switch (type) {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 3: return "HelloVerifyRequest";
    case 4: return "NewSessionTicket";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    default: return "handshake?";
    }
}

/* One line per datagram: its records (content type, handshake messages in
 * the clear, {epoch.record sequence number}).  -v shows the handshake, alerts and
 * ChangeCipherSpec; -vv every datagram. */
static void tool_trace(const tool *t, const char *dir, const uint8_t *d, size_t len)
{
    char line[400];
    size_t off = 0, n = 0;
    int w, only_data = 1;
    w = snprintf(line, sizeof line, "%s %lu bytes:", dir, (unsigned long)len);
    n = w > 0 ? (size_t)w : 0;
    while (off + 13 <= len) {
        unsigned type = d[off], epoch = (unsigned)d[off + 3] << 8 | d[off + 4];
        size_t rlen = (size_t)d[off + 11] << 8 | d[off + 12], h = 0;
        const uint8_t *body = d + off + 13;
        if (off + 13 + rlen > len)
            rlen = len - off - 13;
        w = 0;
        if (type != 23)
            only_data = 0;
        if (type == 22 && epoch == 0) {
            while (h + 12 <= rlen && n < sizeof line) {
                size_t total = (size_t)body[h + 1] << 16 | (size_t)body[h + 2] << 8 | body[h + 3];
                size_t foff = (size_t)body[h + 6] << 16 | (size_t)body[h + 7] << 8 | body[h + 8];
                size_t flen = (size_t)body[h + 9] << 16 | (size_t)body[h + 10] << 8 | body[h + 11];
                if (foff == 0 && flen == total)
                    w = snprintf(line + n, sizeof line - n, " %s(seq %u)", tool_hs_name(body[h]),
                                 (unsigned)body[h + 4] << 8 | body[h + 5]);
                else
                    w = snprintf(line + n, sizeof line - n, " %s(seq %u, fragment %lu+%lu of %lu)",
                                 tool_hs_name(body[h]), (unsigned)body[h + 4] << 8 | body[h + 5],
                                 (unsigned long)foff, (unsigned long)flen, (unsigned long)total);
                if (w > 0)
                    n += (size_t)w;
                h += 12 + flen;
            }
            w = 0;
        } else if (type == 22) {
            w = snprintf(line + n, sizeof line - n, " Finished(encrypted, epoch %u)", epoch);
        } else if (type == 20) {
            w = snprintf(line + n, sizeof line - n, " ChangeCipherSpec");
        } else if (type == 21) {
            if (epoch == 0 && rlen >= 2)
                w = snprintf(line + n, sizeof line - n, " Alert(%s %s)", body[0] == 2 ? "fatal" : "warning",
                             tool_alert_name(body[1]));
            else
                w = snprintf(line + n, sizeof line - n, " Alert(encrypted, epoch %u)", epoch);
        } else if (type == 23) {
            w = snprintf(line + n, sizeof line - n, " application_data(epoch %u, %lu bytes)", epoch,
                         (unsigned long)rlen);
        } else if (type == 24) { /* RFC 6520: request or response, encrypted */
            w = snprintf(line + n, sizeof line - n, " heartbeat(epoch %u, %lu bytes)", epoch, (unsigned long)rlen);
        } else {
            w = snprintf(line + n, sizeof line - n, " type %u?", type);
        }
        if (w > 0)
            n += (size_t)w;
        if (n < sizeof line) { /* the record's epoch.sequence */
            uint64_t seq = 0;
            unsigned i;
            for (i = 5; i < 11; i++)
                seq = seq << 8 | d[off + i];
            w = snprintf(line + n, sizeof line - n, " {%u.%lu}", epoch, (unsigned long)seq);
            if (w > 0)
                n += (size_t)w;
        }
        if (n >= sizeof line)
            break;
        off += 13 + rlen;
    }
    if (t->verbose >= 2 || (t->verbose && !only_data))
        tool_msg(t, "%s", line);
}

/* 1 when the datagram holds an encrypted handshake record (a Finished:
 * epoch 1 or later). */
static int tool_has_finished(const uint8_t *d, size_t len)
{
    size_t off = 0;
    while (off + 13 <= len) {
        size_t rlen = (size_t)d[off + 11] << 8 | d[off + 12];
        if (d[off] == 22 && (d[off + 3] | d[off + 4]) != 0)
            return 1;
        off += 13 + rlen;
    }
    return 0;
}

/* A hard error of the client's connected socket: nobody listens on the
 * server's port, or no route.  Other errors are a lost datagram. */
static int tool_hard_error(int e)
{
    return e == ECONNREFUSED || e == EHOSTUNREACH || e == ENETUNREACH;
}

static int tool_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    tool *t = (tool *)user;
    int n;
    if (t->verbose)
        tool_trace(t, "send", data, len);
    if (t->role == TOOL_CLIENT && tool_has_finished(data, len))
        t->sent_finished = 1;
    n = dtls_posix_udp_send(t->fd, t->connected ? NULL : addr, t->connected ? 0 : addr_len, data, len);
    if (n < 0 && t->connected && tool_hard_error(errno) && t->sock_err == 0)
        t->sock_err = errno; /* reported by the program's loop */
    else if (n < 0 && t->verbose)
        tool_msg(t, "send failed: %s (a lost datagram)", strerror(errno));
    return n;
}

static uint32_t tool_now(void *user)
{
    (void)user;
    return dtls_posix_now_ms();
}

static void tool_log(void *user, const char *line)
{
    tool *t = (tool *)user;
    if (strstr(line, "Finished failed authentication") != NULL)
        t->log_fin_auth = 1;
    if (t->verbose && t->where != NULL)
        tool_msg(t, "%s: %s", t->where, line);
    else if (t->verbose)
        tool_msg(t, "%s", line);
}

static int tool_psk_client(void *user, const uint8_t *hint, size_t hint_len, uint8_t *identity, size_t *identity_len,
                           uint8_t *key, size_t *key_len)
{
    const tool *t = (const tool *)user;
    size_t il = t->psk_identity ? strlen(t->psk_identity) : 0;
    if (t->verbose)
        tool_msg(t, "server identity hint: \"%.*s\" (%lu bytes); sending identity \"%s\"", (int)hint_len,
                 (const char *)hint, (unsigned long)hint_len, t->psk_identity ? t->psk_identity : "");
    if (il > *identity_len || t->psk_len > *key_len)
        return -1;
    memcpy(identity, t->psk_identity ? t->psk_identity : "", il);
    *identity_len = il;
    memcpy(key, t->psk, t->psk_len);
    *key_len = t->psk_len;
    return 0;
}

static int tool_psk_server(void *user, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    const tool *t = (const tool *)user;
    int known = t->psk_identity == NULL ||
                (strlen(t->psk_identity) == identity_len && memcmp(t->psk_identity, identity, identity_len) == 0);
    if (t->verbose)
        tool_msg(t, "client identity \"%.*s\": %s", (int)identity_len, (const char *)identity,
                 known ? "known" : "unknown");
    if (!known || t->psk_len > *key_len)
        return -1;
    memcpy(key, t->psk, t->psk_len);
    *key_len = t->psk_len;
    return 0;
}

#if DTLS_ENABLE_CERTS
/* Wall-clock time for certificate validity: the system clock. */
static int tool_wall_time(void *user, int64_t *unix_seconds)
{
    time_t now = time(NULL);
    (void)user;
    if (now == (time_t)-1)
        return -1;
    *unix_seconds = (int64_t)now;
    return 0;
}

/* Printable ASCII of p[0..n) into out ('?' for anything else). */
static void tool_printable(char *out, size_t cap, const uint8_t *p, size_t n)
{
    size_t i;
    if (cap == 0)
        return;
    if (n > cap - 1)
        n = cap - 1;
    for (i = 0; i < n; i++)
        out[i] = (char)(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?');
    out[n] = 0;
}

/* The last commonName of a DER Name (RDN values shorter than 128 bytes), or
 * "" when it has none. */
static void tool_name_cn(const dtls_blob *name, char *out, size_t cap)
{
    static const uint8_t cn_oid[5] = {0x06, 0x03, 0x55, 0x04, 0x03};
    size_t i;
    out[0] = 0;
    for (i = 0; name->data != NULL && i + 7 <= name->len; i++) {
        size_t l = name->data[i + 6];
        if (memcmp(name->data + i, cn_oid, sizeof cn_oid) == 0 && l < 0x80 && i + 7 + l <= name->len)
            tool_printable(out, cap, name->data + i + 7, l);
    }
}

/* Appends to out (cap bytes, NUL-terminated). */
static void tool_append(char *out, size_t cap, const char *fmt, ...)
{
    size_t n = strlen(out);
    va_list ap;
    if (n + 1 >= cap)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(out + n, cap - n, fmt, ap);
    va_end(ap);
}

/* The names a certificate holds: "DNS:a, IP:127.0.0.1" from subjectAltName,
 * else "CN=..." (or "no name"). */
static void tool_cert_names(const dtls_x509 *x, char *out, size_t cap)
{
    size_t off = 0;
    out[0] = 0;
    while (x->san.data != NULL && off + 2 <= x->san.len) {
        const uint8_t *d = x->san.data;
        unsigned tag = d[off];
        size_t len = d[off + 1], hdr = 2;
        char v[128];
        if (len == 0x81 && off + 3 <= x->san.len) {
            len = d[off + 2];
            hdr = 3;
        } else if (len == 0x82 && off + 4 <= x->san.len) {
            len = (size_t)d[off + 2] << 8 | d[off + 3];
            hdr = 4;
        } else if (len >= 0x80) {
            break;
        }
        if (off + hdr + len > x->san.len)
            break;
        if (tag == 0x82) { /* dNSName */
            tool_printable(v, sizeof v, d + off + hdr, len);
            tool_append(out, cap, "%sDNS:%s", out[0] ? ", " : "", v);
        } else if (tag == 0x87 && (len == 4 || len == 16)) { /* iPAddress */
            char ip[64] = "";
            size_t i;
            for (i = 0; i < len; i++) {
                if (len == 4)
                    snprintf(ip + strlen(ip), sizeof ip - strlen(ip), "%s%u", i ? "." : "", d[off + hdr + i]);
                else if (i % 2 == 0)
                    snprintf(ip + strlen(ip), sizeof ip - strlen(ip), "%s%x", i ? ":" : "",
                             (unsigned)d[off + hdr + i] << 8 | d[off + hdr + i + 1]);
            }
            tool_append(out, cap, "%sIP:%s", out[0] ? ", " : "", ip);
        }
        off += hdr + len;
    }
    if (out[0] == 0 && x->cn.data != NULL) {
        char v[128];
        tool_printable(v, sizeof v, x->cn.data, x->cn.len);
        snprintf(out, cap, "CN=%s (no subjectAltName)", v);
    }
    if (out[0] == 0)
        snprintf(out, cap, "no name at all");
}

/* "2025-01-31 12:00 UTC" */
static void tool_date(int64_t t, char *out, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL || strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(out, cap, "%lld s after 1970", (long long)t);
}

/* The certificate of chain[0..n) (or an anchor) whose subject is x's issuer,
 * or -1. */
static int tool_find_issuer(const dtls_x509 *x, const dtls_blob *chain, size_t n, dtls_x509 *out)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (dtls_x509_parse(out, chain[i].data, chain[i].len) == 0 && out->subject.len == x->issuer.len &&
            memcmp(out->subject.data, x->issuer.data, x->issuer.len) == 0 && out->raw.data != x->raw.data)
            return (int)i;
    return -1;
}

/* Why the library's verdict refused the peer's chain, in words: the verdict's
 * text, then what failed (the names it holds, its issuer, its dates). */
static void tool_explain_verdict(const tool *t, const dtls_peer_cert *peer, char *out, size_t cap)
{
    dtls_x509 leaf, cur, up;
    char a[300], b[128];
    size_t hops;
    snprintf(out, cap, "%s", dtls_strerror(peer->verdict));
    if (peer->n == 0 || dtls_x509_parse(&leaf, peer->chain[0].data, peer->chain[0].len) != 0)
        return;
    switch (peer->verdict) {
    case DTLS_ERR_CERT_NAME:
        tool_cert_names(&leaf, a, sizeof a);
        tool_append(out, cap, ": \"%s\" (%s) is not among its names: %s",
                    t->servername ? t->servername : t->host ? t->host : "", t->servername ? "--servername" : "HOST",
                    a);
        break;
    case DTLS_ERR_CERT_UNKNOWN_CA:
        cur = leaf; /* climb the chain as far as it goes */
        for (hops = 0; hops < peer->n && tool_find_issuer(&cur, peer->chain, peer->n, &up) >= 0; hops++)
            cur = up;
        tool_name_cn(&cur.subject, a, sizeof a);
        tool_name_cn(&cur.issuer, b, sizeof b);
        tool_append(out, cap, ": the chain ends at \"%s\", issued by \"%s\", which is not in --ca (%lu certificate(s))",
                    a[0] ? a : "(no CN)", b[0] ? b : "(no CN)", (unsigned long)t->n_anchors);
        break;
    case DTLS_ERR_CERT_EXPIRED: {
        int64_t now = (int64_t)time(NULL);
        size_t i;
        for (i = 0; i < peer->n + t->n_anchors; i++) {
            const dtls_blob *c = i < peer->n ? &peer->chain[i] : &t->anchors[i - peer->n];
            char nb[40], na[40], nw[40];
            if (dtls_x509_parse(&cur, c->data, c->len) != 0 || (now >= cur.not_before && now <= cur.not_after))
                continue;
            tool_name_cn(&cur.subject, a, sizeof a);
            tool_date(cur.not_before, nb, sizeof nb);
            tool_date(cur.not_after, na, sizeof na);
            tool_date(now, nw, sizeof nw);
            tool_append(out, cap, ": \"%s\"%s is valid from %s to %s, the system clock says %s (--no-clock skips the dates)",
                        a, i < peer->n ? "" : " (in --ca)", nb, na, nw);
            break;
        }
        break;
    }
    case DTLS_ERR_CERT_ISSUER:
    case DTLS_ERR_CERT_SIGNATURE:
        tool_name_cn(&leaf.subject, a, sizeof a);
        tool_name_cn(&leaf.issuer, b, sizeof b);
        tool_append(out, cap, " (leaf \"%s\", issued by \"%s\")", a, b);
        break;
    default:
        break;
    }
}

/* The peer's certificate chain or raw public key: the library's verdict,
 * --no-verify, and for raw public keys the comparison with --peer-key.  A
 * refusal is explained in t->cert_reason (see tool_cert_failure). */
static int tool_verify(void *user, dtls_conn *conn, const dtls_peer_cert *peer)
{
    tool *t = (tool *)user;
    const char *who = t->role == TOOL_CLIENT ? "server" : "client";
    t->cert_conn = conn;
    t->cert_verdict = peer->verdict;
    t->cert_reason[0] = 0;
    if (peer->is_rpk) {
        int match = peer->n >= 1 && t->peer_key_len != 0 && peer->chain[0].len == t->peer_key_len &&
                    memcmp(peer->chain[0].data, t->peer_key, t->peer_key_len) == 0;
        if (match || t->no_verify) {
            if (t->verbose)
                tool_msg(t, "%s raw public key (%lu bytes): %s", who,
                         (unsigned long)(peer->n ? peer->chain[0].len : 0),
                         match ? "trusted (equals --peer-key)" : "accepted (--no-verify)");
            return 0;
        }
        snprintf(t->cert_reason, sizeof t->cert_reason, "its raw public key is %s", 
                 t->peer_key_len ? "not the one in --peer-key" : "not checked against anything (no --peer-key)");
        if (t->verbose)
            tool_msg(t, "%s raw public key rejected: %s", who, t->cert_reason);
        return DTLS_ALERT_UNKNOWN_CA;
    }
    if (t->verbose) {
        dtls_x509 leaf;
        char cn[80] = "";
        if (peer->n >= 1 && dtls_x509_parse(&leaf, peer->chain[0].data, peer->chain[0].len) == 0 &&
            leaf.cn.data != NULL)
            tool_printable(cn, sizeof cn, leaf.cn.data, leaf.cn.len);
        tool_msg(t, "%s certificate chain: %lu certificate(s), leaf CN \"%s\", verdict: %s", who,
                 (unsigned long)peer->n, cn, peer->verdict == 0 ? "ok" : dtls_strerror(peer->verdict));
    }
    if (peer->verdict == 0)
        return 0;
    if (t->no_verify) {
        if (!t->quiet)
            tool_msg(t, "%s certificate accepted despite: %s (--no-verify)", who, dtls_strerror(peer->verdict));
        return 0;
    }
    tool_explain_verdict(t, peer, t->cert_reason, sizeof t->cert_reason);
    if (t->verbose)
        tool_msg(t, "%s certificate rejected: %s", who, t->cert_reason);
    {
        uint8_t alert = dtls_x509_alert(peer->verdict);
        return alert != 0 ? (int)alert : -1;
    }
}

/* Reads --cert, --key, --ca and --peer-key; exits with the loader's message
 * on failure. */
static void tool_load_files(tool *t)
{
    char err[512];
    int rc;
    if (t->cert_file) {
        rc = dtls_posix_load_certs(t->cert_file, t->chain_der, sizeof t->chain_der, t->chain, DTLS_MAX_CHAIN,
                                   t->file_text, sizeof t->file_text, err, sizeof err);
        if (rc < 0)
            goto fail;
        t->n_chain = (size_t)rc;
    }
    if (t->key_file) {
        if (dtls_posix_load_key(t->key_file, t->key_der, sizeof t->key_der, &t->key, t->file_text,
                                sizeof t->file_text, err, sizeof err) < 0)
            goto fail;
        if (t->key.type == DTLS_KEY_RSA && (t->role == TOOL_CLIENT || t->rpk)) {
            snprintf(err, sizeof err, "%s: an RSA key serves only as a server certificate's key (no raw public "
                     "keys, no client certificates)", t->key_file);
            goto fail;
        }
        rc = dtls_credential_init(&t->cred, t->chain_msg, sizeof t->chain_msg, t->chain, t->n_chain, &t->key);
        if (rc < 0) {
            snprintf(err, sizeof err, "%s with %s: %s", t->cert_file ? t->cert_file : "(no certificate)", t->key_file,
                     rc == DTLS_ERR_BAD_KEY ? "the key is not the certificate's key" : dtls_strerror(rc));
            goto fail;
        }
    }
    if (t->ca_file) {
        rc = dtls_posix_load_certs(t->ca_file, t->ca_der, sizeof t->ca_der, t->anchors, TOOL_CA_MAX, t->file_text,
                                   sizeof t->file_text, err, sizeof err);
        if (rc < 0)
            goto fail;
        t->n_anchors = (size_t)rc;
    }
    if (t->peer_key_file) {
        long n = dtls_posix_load_public_key(t->peer_key_file, t->peer_key, sizeof t->peer_key, t->file_text,
                                            sizeof t->file_text, err, sizeof err);
        if (n < 0)
            goto fail;
        t->peer_key_len = (size_t)n;
    }
    if (t->verbose && t->cert_file)
        tool_msg(t, "our chain: %lu certificate(s), %s key", (unsigned long)t->n_chain,
                 t->key.type == DTLS_KEY_RSA ? "RSA" : "P-256");
    if (t->verbose && t->ca_file)
        tool_msg(t, "trust anchors: %lu certificate(s)", (unsigned long)t->n_anchors);
    return;
fail:
    fprintf(stderr, "%s: %s\n", t->prog, err);
    exit(1);
}
#endif

#if DTLS_ENABLE_CERTS
/* With certificate options and no --suites: every certificate suite compiled
 * in (a server: those its key can sign for; raw public keys: ECDSA only), then
 * the PSK suites when --psk is given. */
static void tool_default_suites(tool *t)
{
    static const char *const ecdsa[] = {
        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"};
    static const char *const rsa[] = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                                      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                                      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};
    static const char *const psk[] = {
        "TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_CCM", "TLS_PSK_WITH_AES_128_GCM_SHA256",
        "TLS_PSK_WITH_AES_256_GCM_SHA384", "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"};
    int use_ecdsa = 1, use_rsa = !t->rpk;
    size_t i;
    if (t->role == TOOL_SERVER) {
        use_ecdsa = t->key.type == DTLS_KEY_P256;
        use_rsa = use_rsa && t->key.type == DTLS_KEY_RSA;
    }
    t->n_suites = 0;
    for (i = 0; use_ecdsa && i < sizeof ecdsa / sizeof ecdsa[0]; i++)
        if (dtls_suite_from_name(ecdsa[i]) != 0 && t->n_suites < DTLS_MAX_SUITES)
            t->suites[t->n_suites++] = dtls_suite_from_name(ecdsa[i]);
    for (i = 0; use_rsa && i < sizeof rsa / sizeof rsa[0]; i++)
        if (dtls_suite_from_name(rsa[i]) != 0 && t->n_suites < DTLS_MAX_SUITES)
            t->suites[t->n_suites++] = dtls_suite_from_name(rsa[i]);
    for (i = 0; t->psk_len && i < sizeof psk / sizeof psk[0]; i++)
        if (dtls_suite_from_name(psk[i]) != 0 && t->n_suites < DTLS_MAX_SUITES)
            t->suites[t->n_suites++] = dtls_suite_from_name(psk[i]);
    if (t->n_suites == 0) {
        fprintf(stderr, "%s: no certificate suite is compiled in\n", t->prog);
        exit(1);
    }
}
#endif

/* ", connection ID ours AABB.., the peer's CCDD.." when one was negotiated
 * (RFC 9146), else "". */
static const char *tool_cid_text(const dtls_conn *conn, char *out, size_t cap)
{
    const uint8_t *o, *p;
    size_t ol, pl, i, n;
    out[0] = 0;
    if (!dtls_conn_cid(conn, &o, &ol, &p, &pl))
        return out;
    n = (size_t)snprintf(out, cap, ", connection ID ours ");
    for (i = 0; i < ol && n + 3 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%02x", o[i]);
    if (ol == 0 && n + 5 < cap)
        n += (size_t)snprintf(out + n, cap - n, "none");
    if (n < cap)
        n += (size_t)snprintf(out + n, cap - n, ", the peer's ");
    for (i = 0; i < pl && n + 3 < cap; i++)
        n += (size_t)snprintf(out + n, cap - n, "%02x", p[i]);
    if (pl == 0 && n + 5 < cap)
        (void)snprintf(out + n, cap - n, "none");
    return out;
}

/* cfg.keylog: one NSS key log line appended to --keylog's file (opened and
 * closed each time: rarely, once a handshake). */
static void tool_keylog(void *user, const char *line)
{
    tool *t = (tool *)user;
    FILE *f = fopen(t->keylog_file, "a");
    if (f == NULL) {
        fprintf(stderr, "%s: --keylog %s: %s\n", t->prog, t->keylog_file, strerror(errno));
        return;
    }
    fprintf(f, "%s\n", line);
    fclose(f);
}

/* cfg.on_keys (--export, --srtp): "export: <hex>", "srtp: <profile>" on stderr. */
static void tool_on_keys(void *user, dtls_conn *conn, const dtls_exporter *x)
{
    const tool *t = (const tool *)user;
    size_t i, k;
    if (t->export_label[0] != 0) {
        uint8_t out[1024];
        int r = dtls_export_keying_material(x, out, t->export_len, t->export_label, NULL, 0, 0);
        if (r != 0) {
            fprintf(stderr, "export: %s\n", dtls_strerror(r));
        } else {
            fprintf(stderr, "export: ");
            for (i = 0; i < t->export_len; i++)
                fprintf(stderr, "%02x", out[i]);
            fprintf(stderr, "\n");
        }
        memset(out, 0, sizeof out);
    }
    if (t->n_srtp != 0) {
        uint16_t p = dtls_conn_srtp_profile(conn);
        const char *name = "none";
        for (k = 0; k < sizeof tool_srtp_names / sizeof tool_srtp_names[0]; k++)
            if (tool_srtp_names[k].id == p)
                name = tool_srtp_names[k].name;
        fprintf(stderr, "srtp: %s\n", name);
    }
}

/* Fills t->cfg from the options; the program adds its role's callbacks. */
/* Session lifetimes (tickets, the cache) are wall-clock. */
static int tool_session_wall_time(void *user, int64_t *unix_seconds)
{
    time_t now = time(NULL);
    (void)user;
    if (now == (time_t)-1)
        return -1;
    *unix_seconds = (int64_t)now;
    return 0;
}

/* --ticket-key-file, --cookie-secret-file: 32 bytes, raw or as 64 hex digits
 * (whitespace around them ignored), in a regular file that neither group nor
 * others may read or write (a fleet's secrets: whoever reads one forges
 * cookies or decrypts every ticket, master secrets included).  0, or -1 with
 * the reason in err (out unchanged). */
static int tool_read_secret(const char *path, uint8_t out[32], char *err, size_t err_cap)
{
    uint8_t buf[200], key[32];
    size_t n, i, k = 0;
    struct stat st;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, err_cap, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_cap, "not a regular file");
        fclose(f);
        return -1;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        snprintf(err, err_cap, "a secret file that group or others may access (mode %04o): chmod 600 it",
                 (unsigned)(st.st_mode & 07777));
        fclose(f);
        return -1;
    }
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == sizeof buf) { /* longer than 64 hex digits with generous whitespace */
        memset(buf, 0, sizeof buf);
        snprintf(err, err_cap, "wants 32 bytes, or 64 hex digits");
        return -1;
    }
    if (n == 32) {
        memcpy(out, buf, 32);
        memset(buf, 0, sizeof buf);
        return 0;
    }
    memset(key, 0, sizeof key);
    for (i = 0; i < n && k < 64; i++) {
        int d = buf[i] >= '0' && buf[i] <= '9' ? buf[i] - '0' : buf[i] >= 'a' && buf[i] <= 'f' ? buf[i] - 'a' + 10
              : buf[i] >= 'A' && buf[i] <= 'F' ? buf[i] - 'A' + 10 : -1;
        if (d < 0) {
            if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')
                continue;
            break;
        }
        key[k / 2] = (uint8_t)((k % 2) ? (key[k / 2] | d) : (d << 4));
        k++;
    }
    for (; i < n && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'); i++) {
    }
    memset(buf, 0, sizeof buf);
    if (k != 64 || i != n) {
        memset(key, 0, sizeof key);
        snprintf(err, err_cap, "wants 32 bytes, or 64 hex digits");
        return -1;
    }
    memcpy(out, key, 32);
    memset(key, 0, sizeof key);
    return 0;
}

/* At start: a secret file that cannot be used is a usage error (exit 2). */
static void tool_load_secret(const tool *t, const char *opt, const char *path, uint8_t out[32])
{
    char err[160];
    if (tool_read_secret(path, out, err, sizeof err) != 0) {
        fprintf(stderr, "%s: %s %s: %s\n", t->prog, opt, path, err);
        exit(2);
    }
}

static void tool_config(tool *t)
{
    dtls_config *c = &t->cfg;
    memset(&t->hooks, 0, sizeof t->hooks);
    t->hooks.random = dtls_posix_random;
    memset(c, 0, sizeof *c);
    c->role = (uint8_t)(t->role == TOOL_CLIENT ? DTLS_ROLE_CLIENT : DTLS_ROLE_SERVER);
    c->flags = (uint16_t)(t->allow_no_ems ? DTLS_CFG_ALLOW_NO_EMS : 0);
#if DTLS_ENABLE_CERTS
    if (t->certs) {
        tool_load_files(t);
        if (t->n_suites == 0)
            tool_default_suites(t);
        if (t->key_file)
            c->cred = &t->cred;
        if (t->n_anchors) {
            c->trust_anchors = t->anchors;
            c->n_trust_anchors = t->n_anchors;
        }
        if (t->role == TOOL_CLIENT && !t->rpk)
            c->server_name = t->servername ? t->servername : t->host;
        if (t->no_clock)
            c->flags = (uint16_t)(c->flags | DTLS_CFG_NO_CLOCK);
        else
            c->wall_time = tool_wall_time;
        if (t->rpk)
            c->flags = (uint16_t)(c->flags | DTLS_CFG_RPK);
        if (t->no_verify && t->role == TOOL_CLIENT)
            c->flags = (uint16_t)(c->flags | DTLS_CFG_NO_VERIFY);
        c->verify = tool_verify;
        c->verify_client = (uint8_t)t->verify_client;
    }
#endif
    if (t->n_suites) {
        c->suites = t->suites;
        c->n_suites = t->n_suites;
    }
    if (t->n_groups) {
        c->groups = t->groups;
        c->n_groups = t->n_groups;
    }
    if (t->role == TOOL_CLIENT) {
        if (t->psk_len)
            c->psk_client = tool_psk_client;
    } else {
        if (t->psk_len)
            c->psk_server = tool_psk_server;
        if (t->psk_hint) {
            c->psk_hint = (const uint8_t *)t->psk_hint;
            c->psk_hint_len = strlen(t->psk_hint);
        }
        c->idle_timeout_ms = (uint32_t)t->timeout_ms;
        c->max_signatures_per_s = (uint16_t)t->max_signatures;
    }
    c->send = tool_send;
    c->now = tool_now;
    c->user = t;
    c->hooks = &t->hooks;
    c->log = tool_log;
    if (t->cid >= 0) {
        c->flags |= DTLS_CFG_CID;
        c->cid_len = (uint8_t)t->cid;
    }
    if (t->heartbeat_ms >= 0) {
        c->flags |= DTLS_CFG_HEARTBEAT;
        c->heartbeat_ms = (uint32_t)t->heartbeat_ms;
    }
    if (t->role == TOOL_SERVER) { /* session resumption: the cache (dtls-server) and tickets */
        c->wall_time = tool_session_wall_time;
        if (t->no_tickets)
            c->flags |= DTLS_CFG_NO_TICKETS;
        if (t->ticket_key_file != NULL) {
            tool_load_secret(t, "--ticket-key-file", t->ticket_key_file, t->ticket_secret);
            c->ticket_secret = t->ticket_secret;
        }
        if (t->cookie_secret_file != NULL) /* given by dtls-server's cfg.fleet_key */
            tool_load_secret(t, "--cookie-secret-file", t->cookie_secret_file, t->cookie_secret);
    }
    if (t->keylog_file == NULL && getenv("SSLKEYLOGFILE") != NULL && getenv("SSLKEYLOGFILE")[0] != 0)
        t->keylog_file = getenv("SSLKEYLOGFILE");
    if (t->keylog_file != NULL)
        c->keylog = tool_keylog;
    c->mtu = (uint16_t)t->mtu;
    c->max_record = (uint16_t)t->record_size_limit;
    c->max_fragment_length = (uint16_t)t->max_fragment_length;
    if (t->export_label[0] != 0 || t->n_srtp != 0)
        c->on_keys = tool_on_keys;
    c->srtp_profiles = t->n_srtp != 0 ? t->srtp : NULL;
    c->n_srtp_profiles = t->n_srtp;
    c->retransmit_initial_ms = (uint32_t)t->retransmit_ms;
}

/* Common start: clock origin, signals. */
static void tool_start(tool *t, const char *prog, int role)
{
    struct sigaction sa;
    memset(t, 0, sizeof *t);
    t->prog = prog;
    t->role = role;
    t->fd = -1;
    t->t0 = dtls_posix_now_ms();
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = tool_on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

/* poll() timeout until the deadline at (wrap-safe), capped at cap_ms. */
static int tool_wait_ms(int have_deadline, uint32_t at, uint32_t cap_ms)
{
    int32_t d;
    if (!have_deadline)
        return cap_ms > (uint32_t)INT_MAX ? INT_MAX : (int)cap_ms;
    d = (int32_t)(at - dtls_posix_now_ms());
    if (d < 0)
        d = 0;
    if ((uint32_t)d > cap_ms)
        d = (int32_t)(cap_ms > (uint32_t)INT_MAX ? INT_MAX : cap_ms);
    return (int)d;
}

/* Writes all of data to fd (standard output). */
static int tool_write_all(int fd, const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static void tool_print_stats(const tool *t, const dtls_stats *s)
{
    tool_msg(t,
             "stats: datagrams in %lu out %lu, records in %lu, retransmissions %lu, dropped: parse %lu auth %lu "
             "replay %lu epoch %lu plaintext %lu fragments %lu, hello_verify %lu, no_slot %lu, half_open_evicted %lu, "
             "signatures_shed %lu",
             (unsigned long)s->datagrams_in, (unsigned long)s->datagrams_out, (unsigned long)s->records_in,
             (unsigned long)s->retransmissions, (unsigned long)s->records_dropped_parse,
             (unsigned long)s->records_dropped_auth, (unsigned long)s->records_dropped_replay,
             (unsigned long)s->records_dropped_epoch, (unsigned long)s->records_dropped_plaintext_after_handshake,
             (unsigned long)s->fragments_dropped, (unsigned long)s->hello_verify_sent,
             (unsigned long)s->no_slot_drops, (unsigned long)s->half_open_evicted, (unsigned long)s->signatures_shed);
}

/* Why the peer's certificate or raw public key was refused, in words (the
 * library's verdict explained, not "rejected by the verify callback"): 1, or
 * 0 when it was not refused. */
static int tool_cert_failure(const tool *t, const dtls_conn *conn, char *out, size_t cap)
{
#if DTLS_ENABLE_CERTS
    int e = dtls_conn_cert_error(conn);
    if (e == 0)
        return 0;
    if (e == DTLS_ERR_CERT_REJECTED && t->cert_conn == (const void *)conn && t->cert_reason[0] != 0)
        snprintf(out, cap, "%s", t->cert_reason);
    else
        snprintf(out, cap, "%s", dtls_strerror(e));
    return 1;
#else
    (void)t;
    (void)conn;
    (void)out;
    (void)cap;
    return 0;
#endif
}

#endif /* DTLS_EXAMPLES_COMMON_H */
