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

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    unsigned long mtu, timeout_ms, retransmit_ms, linger_ms, wait_ms, slots;
    int verbose, quiet, echo, once, allow_no_ems;
    const char *bind_host, *host, *port;
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
    fprintf(f, "usage: %s [options] %s\n", t->prog, t->role == TOOL_CLIENT ? "HOST PORT" : "PORT");
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
            "  -v, --verbose       the handshake step by step on stderr (twice: every datagram)\n"
            "  -q, --quiet         no summary lines on stderr\n"
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
                "  --wait-ms N         at the end of input, keep receiving N ms before closing\n"
                "                      (default 0: close at once)\n"
                "  --linger-ms N       after sending close_notify, wait this long for the peer's\n"
                "                      (default 1000; reported, not required)\n"
                "Sends standard input as records (one per read chunk, at most the maximum payload)\n"
                "and writes the records received to standard output.  Exit status 0 when the\n"
                "handshake completed, all input was sent, close_notify was sent and no fatal alert\n"
                "occurred; otherwise 1 with the error on stderr (2: bad usage).\n");
    else
        fprintf(f, "%s",
                "  --psk-hint TEXT     identity hint (plain PSK then sends ServerKeyExchange)\n"
                "  --bind ADDR         local address (default :: and 0.0.0.0)\n"
                "  --slots N           connection slots, 1-64 (default 64)\n"
                "  --timeout-ms N      free a connection silent this long (default 60000; 0: never)\n"
                "  --echo              send every record received back to its sender\n"
                "  --once              exit after the first connection closes (status 0 if it ended\n"
                "                      with close_notify, 1 otherwise)\n"
                "Writes the records received to standard output.\n");
}

static void tool_bad_usage(const tool *t, const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\n", t->prog, what, arg ? ": " : "", arg ? arg : "");
    tool_usage(t, stderr);
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

static unsigned long tool_number(const tool *t, const char *opt, const char *s, unsigned long max)
{
    char *end;
    unsigned long v;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v > max || s[0] == '-')
        tool_bad_usage(t, opt, s);
    return v;
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

static void tool_parse(tool *t, int argc, char **argv)
{
    int i, npos = 0;
    const char *pos[2] = {NULL, NULL};
    int want = t->role == TOOL_CLIENT ? 2 : 1;
    t->mtu = 0;
    t->timeout_ms = t->role == TOOL_CLIENT ? 30000 : 60000;
    t->linger_ms = 1000;
    t->slots = 64;
    t->verify_client = -1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int srv = t->role == TOOL_SERVER, cli = t->role == TOOL_CLIENT;
#define TOOL_VALUE()                                  \
    do {                                              \
        if (v == NULL)                                \
            tool_bad_usage(t, "missing value for", a); \
        i++;                                          \
    } while (0)
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            tool_usage(t, stdout);
            exit(0);
        } else if (strcmp(a, "--psk-identity") == 0) {
            TOOL_VALUE();
            if (strlen(v) > DTLS_MAX_IDENTITY)
                tool_bad_usage(t, "identity longer than 128 bytes", v);
            t->psk_identity = v;
        } else if (strcmp(a, "--psk") == 0) {
            TOOL_VALUE();
            if (tool_hex(t->psk, sizeof t->psk, v, &t->psk_len) != 0 || t->psk_len == 0)
                tool_bad_usage(t, "--psk wants 1-64 bytes in hex", v);
        } else if (srv && strcmp(a, "--psk-hint") == 0) {
            TOOL_VALUE();
            if (strlen(v) > DTLS_MAX_IDENTITY)
                tool_bad_usage(t, "hint longer than 128 bytes", v);
            t->psk_hint = v;
        } else if (strcmp(a, "--suites") == 0) {
            TOOL_VALUE();
            tool_list(t, a, v, tool_add_suite);
        } else if (strcmp(a, "--groups") == 0) {
            TOOL_VALUE();
            tool_list(t, a, v, tool_add_group);
        } else if (strcmp(a, "--mtu") == 0) {
            TOOL_VALUE();
            t->mtu = tool_number(t, a, v, 65507);
        } else if (strcmp(a, "--timeout-ms") == 0) {
            TOOL_VALUE();
            t->timeout_ms = tool_number(t, a, v, 86400000ul);
        } else if (strcmp(a, "--retransmit-ms") == 0) {
            TOOL_VALUE();
            t->retransmit_ms = tool_number(t, a, v, 600000ul);
        } else if (cli && strcmp(a, "--linger-ms") == 0) {
            TOOL_VALUE();
            t->linger_ms = tool_number(t, a, v, 600000ul);
        } else if (cli && strcmp(a, "--wait-ms") == 0) {
            TOOL_VALUE();
            t->wait_ms = tool_number(t, a, v, 600000ul);
        } else if (srv && strcmp(a, "--slots") == 0) {
            TOOL_VALUE();
            t->slots = tool_number(t, a, v, 64);
            if (t->slots == 0)
                tool_bad_usage(t, a, v);
        } else if (srv && strcmp(a, "--bind") == 0) {
            TOOL_VALUE();
            t->bind_host = v;
        } else if (strcmp(a, "--cert") == 0) {
            TOOL_VALUE();
            t->cert_file = v;
        } else if (strcmp(a, "--key") == 0) {
            TOOL_VALUE();
            t->key_file = v;
        } else if (strcmp(a, "--ca") == 0) {
            TOOL_VALUE();
            t->ca_file = v;
        } else if (strcmp(a, "--peer-key") == 0) {
            TOOL_VALUE();
            t->peer_key_file = v;
        } else if (strcmp(a, "--rpk") == 0) {
            t->rpk = 1;
        } else if (strcmp(a, "--no-verify") == 0) {
            t->no_verify = 1;
        } else if (strcmp(a, "--no-clock") == 0) {
            t->no_clock = 1;
        } else if (cli && strcmp(a, "--servername") == 0) {
            TOOL_VALUE();
            if (v[0] == 0 || strlen(v) > 253)
                tool_bad_usage(t, "--servername wants a DNS name or an IP address", v);
            t->servername = v;
        } else if (cli && strcmp(a, "--verify-peer") == 0) {
            t->verify_peer = 1;
        } else if (srv && strcmp(a, "--verify-client") == 0) {
            TOOL_VALUE();
            if (strcmp(v, "none") == 0)
                t->verify_client = DTLS_VERIFY_NONE;
            else if (strcmp(v, "optional") == 0)
                t->verify_client = DTLS_VERIFY_OPTIONAL;
            else if (strcmp(v, "required") == 0)
                t->verify_client = DTLS_VERIFY_REQUIRED;
            else
                tool_bad_usage(t, "--verify-client wants none, optional or required", v);
        } else if (strcmp(a, "--allow-no-ems") == 0) {
            t->allow_no_ems = 1;
        } else if (srv && strcmp(a, "--echo") == 0) {
            t->echo = 1;
        } else if (srv && strcmp(a, "--once") == 0) {
            t->once = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            t->verbose++;
        } else if (strcmp(a, "-vv") == 0) {
            t->verbose += 2;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            t->quiet = 1;
        } else if (a[0] == '-' && a[1] != 0) {
            tool_bad_usage(t, "unknown option", a);
        } else {
            if (npos == want)
                tool_bad_usage(t, "too many arguments", a);
            pos[npos++] = a;
        }
#undef TOOL_VALUE
    }
    if (npos != want)
        tool_bad_usage(t, "missing arguments", NULL);
    tool_check_cert_options(t);
    if (t->role == TOOL_CLIENT) {
        t->host = pos[0];
        t->port = pos[1];
    } else {
        t->port = pos[0];
    }
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

static int tool_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    tool *t = (tool *)user;
    int n;
    if (t->verbose)
        tool_trace(t, "send", data, len);
    n = dtls_posix_udp_send(t->fd, t->connected ? NULL : addr, t->connected ? 0 : addr_len, data, len);
    if (n < 0 && t->verbose)
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
    const tool *t = (const tool *)user;
    if (t->verbose)
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

/* The peer's certificate chain or raw public key: the library's verdict,
 * --no-verify, and for raw public keys the comparison with --peer-key. */
static int tool_verify(void *user, dtls_conn *conn, const dtls_peer_cert *peer)
{
    const tool *t = (const tool *)user;
    const char *who = t->role == TOOL_CLIENT ? "server" : "client";
    (void)conn;
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
        if (!t->quiet)
            tool_msg(t, "%s raw public key rejected: %s", who,
                     t->peer_key_len ? "not the --peer-key" : "no --peer-key to compare with");
        return DTLS_ALERT_UNKNOWN_CA;
    }
    if (t->verbose) {
        dtls_x509 leaf;
        char cn[80] = "";
        if (peer->n >= 1 && dtls_x509_parse(&leaf, peer->chain[0].data, peer->chain[0].len) == 0 &&
            leaf.cn.data != NULL) {
            size_t i, l = leaf.cn.len < sizeof cn - 1 ? leaf.cn.len : sizeof cn - 1;
            for (i = 0; i < l; i++) /* printable ASCII only */
                cn[i] = (char)(leaf.cn.data[i] >= 0x20 && leaf.cn.data[i] < 0x7f ? leaf.cn.data[i] : '?');
            cn[l] = 0;
        }
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
    if (!t->quiet)
        tool_msg(t, "%s certificate rejected: %s", who, dtls_strerror(peer->verdict));
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

/* Fills t->cfg from the options; the program adds its role's callbacks. */
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
    }
    c->send = tool_send;
    c->now = tool_now;
    c->user = t;
    c->hooks = &t->hooks;
    c->log = tool_log;
    c->mtu = (uint16_t)t->mtu;
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
             "replay %lu epoch %lu plaintext %lu fragments %lu, hello_verify %lu, no_slot %lu",
             (unsigned long)s->datagrams_in, (unsigned long)s->datagrams_out, (unsigned long)s->records_in,
             (unsigned long)s->retransmissions, (unsigned long)s->records_dropped_parse,
             (unsigned long)s->records_dropped_auth, (unsigned long)s->records_dropped_replay,
             (unsigned long)s->records_dropped_epoch, (unsigned long)s->records_dropped_plaintext_after_handshake,
             (unsigned long)s->fragments_dropped, (unsigned long)s->hello_verify_sent,
             (unsigned long)s->no_slot_drops);
}

#endif /* DTLS_EXAMPLES_COMMON_H */
