/* msg.c - handshake message bodies and hello extensions (see msg.h). */
#include "msg.h"
#include "buf.h"
#include "suites.h"
#include <limits.h>

/* A vector of n bytes at p with an lb-byte length prefix, n in [min, max].  An argument out of range is
   DTLS_ERR_BAD_ARG, which overrides any earlier error (so it does not depend on cap). */
static void dtls__msg_wr_vec(dtls__wr *w, size_t lb, size_t min, size_t max, const uint8_t *p, size_t n)
{
    size_t m;

    if (n < min || n > max || (p == NULL && n != 0)) {
        w->err = DTLS_ERR_BAD_ARG;
        return;
    }
    m = dtls__wr_vec_begin(w, lb);
    dtls__wr_bytes(w, p, n);
    dtls__wr_vec_end(w, m, lb);
}

/* A list of n (1..max) 16-bit values with an lb-byte length prefix. */
static void dtls__msg_wr_list16(dtls__wr *w, size_t lb, size_t max, const uint16_t *v, size_t n)
{
    size_t m, i;

    if (v == NULL || n == 0 || n > max) {
        w->err = DTLS_ERR_BAD_ARG;
        return;
    }
    m = dtls__wr_vec_begin(w, lb);
    for (i = 0; i < n; i++)
        dtls__wr_u16(w, v[i]);
    dtls__wr_vec_end(w, m, lb);
}

/* The writer's result: the length written or its error (a vector too long for its field is the caller's). */
static int dtls__msg_wr_done(const dtls__wr *w)
{
    if (w->err == DTLS_ERR_TOO_LONG)
        return DTLS_ERR_BAD_ARG;
    if (w->err)
        return w->err;
    if (w->pos > (size_t)INT_MAX)
        return DTLS_ERR_BAD_ARG;
    return (int)w->pos;
}

/* 1 when the reader's remaining bytes contain b (consumes them). */
static uint8_t dtls__msg_rd_has(dtls__rd *r, uint8_t b)
{
    uint8_t found = 0;

    while (dtls__rd_left(r))
        found = (uint8_t)(found | (dtls__rd_u8(r) == b));
    return found;
}

/* A 2-byte-prefixed list of 16-bit values (min 2 bytes, even). */
static const uint8_t *dtls__msg_rd_list16(dtls__rd *r, size_t *len)
{
    dtls__rd v;

    dtls__rd_vec(r, 2, 2, 0xFFFF, &v);
    if (v.len & 1U)
        r->err = DTLS_ERR_DECODE;
    *len = v.len;
    return v.p;
}

typedef int (*dtls__msg_ext_fn)(void *ctx, uint16_t type, dtls__rd *data);

/* The optional extensions block that ends a hello: each extension goes to fn with a reader over its data, which
   must be consumed exactly (fn may leave it in error).  Any type seen twice is DTLS_ERR_DECODE, and so are more
   than DTLS__MSG_EXT_MAX extensions (bounded work per hello: the duplicate check is quadratic). */
static int dtls__msg_rd_exts(dtls__rd *r, dtls__msg_ext_fn fn, void *ctx)
{
    dtls__rd exts, d, prev;
    unsigned count = 0;

    if (dtls__rd_left(r) == 0)
        return r->err;
    dtls__rd_vec(r, 2, 0, 0xFFFF, &exts);
    if (!dtls__rd_done(r))
        return DTLS_ERR_DECODE;
    while (dtls__rd_left(&exts)) {
        size_t at = exts.pos;
        uint16_t type = dtls__rd_u16(&exts);

        if (++count > DTLS__MSG_EXT_MAX)
            return DTLS_ERR_DECODE;
        dtls__rd_vec(&exts, 2, 0, 0xFFFF, &d);
        if (exts.err)
            return DTLS_ERR_DECODE;
        dtls__rd_init(&prev, exts.p, at); /* the extensions before this one (well formed) */
        while (dtls__rd_left(&prev)) {
            dtls__rd skip;
            if (dtls__rd_u16(&prev) == type)
                return DTLS_ERR_DECODE;
            dtls__rd_vec(&prev, 2, 0, 0xFFFF, &skip);
        }
        if (fn(ctx, type, &d) != 0 || !dtls__rd_done(&d))
            return DTLS_ERR_DECODE;
    }
    return 0;
}

/* Shared by both hellos: 1 for extended_master_secret, renegotiation_info (empty), ec_point_formats, setting
   *ems, *reneg or *pf (and *uncompressed for ec_point_formats); 0 for another type (d untouched). */
static int dtls__msg_rd_common_ext(uint16_t type, dtls__rd *d, uint8_t *ems, uint8_t *reneg, uint8_t *pf,
                                   uint8_t *uncompressed)
{
    dtls__rd v;

    switch (type) {
    case DTLS__EXT_EXTENDED_MASTER_SECRET: /* empty: the caller checks it is consumed */
        *ems = 1;
        return 1;
    case DTLS__EXT_RENEGOTIATION_INFO: /* renegotiated_connection<0..255>, empty on an initial handshake */
        dtls__rd_vec(d, 1, 0, 0, &v);
        *reneg = 1;
        return 1;
    case DTLS__EXT_EC_POINT_FORMATS: /* ECPointFormat ec_point_format_list<1..2^8-1> */
        dtls__rd_vec(d, 1, 1, 255, &v);
        *pf = 1;
        *uncompressed = dtls__msg_rd_has(&v, 0);
        return 1;
    default:
        return 0;
    }
}

static int dtls__msg_ch_ext(void *ctx, uint16_t type, dtls__rd *d)
{
    dtls__client_hello *ch = (dtls__client_hello *)ctx;
    dtls__rd v, h;

    if (dtls__msg_rd_common_ext(type, d, &ch->has_ems, &ch->has_reneg_ext, &ch->has_point_formats,
                                &ch->has_uncompressed))
        return 0;
    switch (type) {
    case DTLS__EXT_SUPPORTED_GROUPS: /* NamedCurve named_curve_list<2..2^16-1> */
        ch->groups = dtls__msg_rd_list16(d, &ch->groups_len);
        break;
    case DTLS__EXT_SIGNATURE_ALGORITHMS: /* SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2> */
        ch->sig_algs = dtls__msg_rd_list16(d, &ch->sig_algs_len);
        break;
    case DTLS__EXT_CLIENT_CERTIFICATE_TYPE: /* CertificateType client_certificate_types<1..2^8-1> (RFC 7250 §4) */
        dtls__rd_vec(d, 1, 1, 255, &v);
        ch->client_cert_types = v.p;
        ch->client_cert_types_len = v.len;
        break;
    case DTLS__EXT_SERVER_CERTIFICATE_TYPE: /* CertificateType server_certificate_types<1..2^8-1> */
        dtls__rd_vec(d, 1, 1, 255, &v);
        ch->server_cert_types = v.p;
        ch->server_cert_types_len = v.len;
        break;
    case DTLS__EXT_CONNECTION_ID: /* ConnectionId: opaque cid<0..2^8-1> (RFC 9146 §3) */
        dtls__rd_vec(d, 1, 0, 255, &v);
        ch->has_cid = 1;
        ch->cid = v.p;
        ch->cid_len = v.len;
        break;
    case DTLS__EXT_HEARTBEAT: /* HeartbeatExtension { HeartbeatMode mode; } (RFC 6520 §2) */
        ch->has_heartbeat = 1;
        ch->heartbeat_mode = dtls__rd_u8(d);
        break;
#if DTLS_ENABLE_RECORD_SIZE
    case DTLS__EXT_MAX_FRAGMENT_LENGTH: /* MaxFragmentLength: one byte (RFC 6066 §4) */
        ch->has_mfl = 1;
        ch->mfl = dtls__rd_u8(d);
        break;
    case DTLS__EXT_RECORD_SIZE_LIMIT: /* uint16 RecordSizeLimit (RFC 8449 §4) */
        ch->has_rsl = 1;
        ch->rsl = dtls__rd_u16(d);
        break;
#endif
    case DTLS__EXT_USE_SRTP: /* UseSRTPData { SRTPProtectionProfiles<2..2^16-1>; opaque srtp_mki<0..255>; } */
        ch->srtp_profiles = dtls__msg_rd_list16(d, &ch->srtp_profiles_len);
        dtls__rd_vec(d, 1, 0, 255, &v);
        ch->srtp_mki_len = v.len;
        break;
    case DTLS__EXT_SESSION_TICKET: /* opaque SessionTicket (the extension's whole data, RFC 5077 §3.2) */
        ch->has_ticket = 1;
        ch->ticket_len = dtls__rd_left(d);
        ch->ticket = dtls__rd_bytes(d, ch->ticket_len);
        break;
    case DTLS__EXT_SERVER_NAME: /* ServerName server_name_list<1..2^16-1>; ServerName: name_type, HostName<1..2^16-1> */
        dtls__rd_vec(d, 2, 1, 0xFFFF, &v);
        while (dtls__rd_left(&v)) {
            uint8_t t = dtls__rd_u8(&v);
            dtls__rd_vec(&v, 2, 1, 0xFFFF, &h);
            if (t == 0 && !v.err) {
                if (ch->sni) /* at most one name of a type (RFC 6066 §3) */
                    return DTLS_ERR_DECODE;
                ch->sni = h.p;
                ch->sni_len = h.len;
            }
        }
        return v.err;
    default: /* unknown: skipped */
        dtls__rd_bytes(d, dtls__rd_left(d));
        break;
    }
    return d->err;
}

DTLS__PRIV int dtls__msg_parse_client_hello(dtls__client_hello *ch, const uint8_t *body, size_t len)
{
    dtls__rd r, v;

    memset(ch, 0, sizeof *ch);
    dtls__rd_init(&r, body, len);
    ch->version = dtls__rd_u16(&r);
    ch->random = dtls__rd_bytes(&r, 32);
    dtls__rd_vec(&r, 1, 0, DTLS__MSG_SESSION_ID_MAX, &v);
    ch->session_id = v.p;
    ch->session_id_len = v.len;
    dtls__rd_vec(&r, 1, 0, DTLS__MSG_COOKIE_MAX, &v);
    ch->cookie = v.p;
    ch->cookie_len = v.len;
    ch->suites = dtls__msg_rd_list16(&r, &ch->suites_len);
    ch->has_scsv = (uint8_t)dtls__msg_has_suite(ch->suites, ch->suites_len, DTLS__MSG_SCSV);
    dtls__rd_vec(&r, 1, 1, 255, &v); /* CompressionMethod compression_methods<1..2^8-1> */
    ch->compression = v.p;
    ch->compression_len = v.len;
    ch->has_null_compression = dtls__msg_rd_has(&v, 0);
    return dtls__msg_rd_exts(&r, dtls__msg_ch_ext, ch) ? DTLS_ERR_DECODE : 0;
}

static int dtls__msg_sh_ext(void *ctx, uint16_t type, dtls__rd *d)
{
    dtls__server_hello *sh = (dtls__server_hello *)ctx;

    if (dtls__msg_rd_common_ext(type, d, &sh->has_ems, &sh->has_reneg_ext, &sh->has_point_formats,
                                &sh->has_uncompressed))
        return 0;
    if (type == DTLS__EXT_SERVER_NAME) { /* empty (RFC 6066 §3): the caller checks it is consumed */
        sh->has_server_name = 1;
        return 0;
    }
    if (type == DTLS__EXT_CLIENT_CERTIFICATE_TYPE) { /* CertificateType client_certificate_type (one byte) */
        sh->has_client_cert_type = 1;
        sh->client_cert_type = dtls__rd_u8(d);
        return 0;
    }
    if (type == DTLS__EXT_SERVER_CERTIFICATE_TYPE) {
        sh->has_server_cert_type = 1;
        sh->server_cert_type = dtls__rd_u8(d);
        return 0;
    }
    if (type == DTLS__EXT_CONNECTION_ID) { /* ConnectionId: opaque cid<0..2^8-1> */
        dtls__rd v;
        dtls__rd_vec(d, 1, 0, 255, &v);
        sh->has_cid = 1;
        sh->cid = v.p;
        sh->cid_len = v.len;
        return 0;
    }
    if (type == DTLS__EXT_HEARTBEAT) { /* HeartbeatMode mode (one byte, RFC 6520 §2) */
        sh->has_heartbeat = 1;
        sh->heartbeat_mode = dtls__rd_u8(d);
        return 0;
    }
    if (type == DTLS__EXT_SESSION_TICKET) { /* empty (RFC 5077 §3.2): the caller checks it is consumed */
        sh->has_ticket = 1;
        return 0;
    }
    if (type == DTLS__EXT_USE_SRTP) { /* UseSRTPData with the one profile chosen (RFC 5764 §4.1.1) */
        dtls__rd v;
        dtls__rd_vec(d, 2, 2, 2, &v);
        sh->has_srtp = 1;
        sh->srtp_profile = dtls__rd_u16(&v);
        dtls__rd_vec(d, 1, 0, 255, &v);
        sh->srtp_mki_len = v.len;
        return 0;
    }
#if DTLS_ENABLE_RECORD_SIZE
    if (type == DTLS__EXT_MAX_FRAGMENT_LENGTH) { /* the client's MaxFragmentLength echoed (RFC 6066 §4) */
        sh->has_mfl = 1;
        sh->mfl = dtls__rd_u8(d);
        return 0;
    }
    if (type == DTLS__EXT_RECORD_SIZE_LIMIT) { /* the server's own RecordSizeLimit (RFC 8449 §4) */
        sh->has_rsl = 1;
        sh->rsl = dtls__rd_u16(d);
        return 0;
    }
#endif
    if (!sh->has_other_ext)
        sh->other_ext_type = type;
    sh->has_other_ext = 1;
    dtls__rd_bytes(d, dtls__rd_left(d));
    return 0;
}

DTLS__PRIV int dtls__msg_parse_server_hello(dtls__server_hello *sh, const uint8_t *body, size_t len)
{
    dtls__rd r, v;

    memset(sh, 0, sizeof *sh);
    dtls__rd_init(&r, body, len);
    sh->version = dtls__rd_u16(&r);
    sh->random = dtls__rd_bytes(&r, 32);
    dtls__rd_vec(&r, 1, 0, DTLS__MSG_SESSION_ID_MAX, &v);
    sh->session_id = v.p;
    sh->session_id_len = v.len;
    sh->suite = dtls__rd_u16(&r);
    sh->compression = dtls__rd_u8(&r);
    return dtls__msg_rd_exts(&r, dtls__msg_sh_ext, sh) ? DTLS_ERR_DECODE : 0;
}

/* Fixed extensions of our ClientHello: extended_master_secret (empty), renegotiation_info (empty). */
static const uint8_t dtls__msg_ch_fixed[] DTLS__ROM = { 0x00, 0x17, 0x00, 0x00, 0xFF, 0x01, 0x00, 0x01, 0x00 };
/* ec_point_formats [uncompressed]. */
static const uint8_t dtls__msg_pf[] DTLS__ROM = { 0x00, 0x0B, 0x00, 0x02, 0x01, 0x00 };

/* version 0xFEFD, random, session_id<0..32>. */
static void dtls__msg_wr_hello_start(dtls__wr *w, const uint8_t *random, const uint8_t *session_id, size_t session_id_len)
{
    if (random == NULL)
        w->err = DTLS_ERR_BAD_ARG;
    dtls__wr_u16(w, 0xFEFD);
    dtls__wr_bytes(w, random, 32);
    dtls__msg_wr_vec(w, 1, 0, DTLS__MSG_SESSION_ID_MAX, session_id, session_id_len);
}

/* A ClientHello's client_/server_certificate_type (RFC 7250 §4): CertificateType list<1..2^8-1>, when n > 0. */
static void dtls__msg_wr_cert_types(dtls__wr *w, uint16_t type, const uint8_t *types, size_t n)
{
    size_t m;

    if (n == 0)
        return;
    if (types == NULL) {
        w->err = DTLS_ERR_BAD_ARG;
        return;
    }
    dtls__wr_u16(w, type);
    m = dtls__wr_vec_begin(w, 2);
    dtls__msg_wr_vec(w, 1, 1, 255, types, n);
    dtls__wr_vec_end(w, m, 2);
}

/* use_srtp (RFC 5764 §4.1.1): UseSRTPData { SRTPProtectionProfiles, an empty srtp_mki } */
static void dtls__msg_wr_srtp(dtls__wr *w, const uint16_t *profiles, size_t n)
{
    size_t m;
    dtls__wr_u16(w, DTLS__EXT_USE_SRTP);
    m = dtls__wr_vec_begin(w, 2);
    dtls__msg_wr_list16(w, 2, 255, profiles, n);
    dtls__wr_u8(w, 0);
    dtls__wr_vec_end(w, m, 2);
}

/* connection_id (RFC 9146 §3): ConnectionId { opaque cid<0..2^8-1>; } */
static void dtls__msg_wr_cid(dtls__wr *w, const uint8_t *cid, size_t cid_len)
{
    size_t m;
    dtls__wr_u16(w, DTLS__EXT_CONNECTION_ID);
    m = dtls__wr_vec_begin(w, 2);
    dtls__msg_wr_vec(w, 1, 0, 255, cid, cid_len);
    dtls__wr_vec_end(w, m, 2);
}

/* heartbeat (RFC 6520 §2): HeartbeatExtension { HeartbeatMode mode; } */
static void dtls__msg_wr_heartbeat(dtls__wr *w, uint8_t mode)
{
    dtls__wr_u16(w, DTLS__EXT_HEARTBEAT);
    dtls__wr_u16(w, 1);
    dtls__wr_u8(w, mode);
}

/* max_fragment_length (RFC 6066 §4: one code byte) and record_size_limit (RFC 8449 §4: a uint16), when asked for;
   the same in both hellos. */
static void dtls__msg_wr_record_size(dtls__wr *w, uint8_t send_mfl, uint8_t mfl, uint8_t send_rsl, uint16_t rsl)
{
#if DTLS_ENABLE_RECORD_SIZE
    if (send_mfl) {
        dtls__wr_u16(w, DTLS__EXT_MAX_FRAGMENT_LENGTH);
        dtls__wr_u16(w, 1);
        dtls__wr_u8(w, mfl);
    }
    if (send_rsl) {
        dtls__wr_u16(w, DTLS__EXT_RECORD_SIZE_LIMIT);
        dtls__wr_u16(w, 2);
        dtls__wr_u16(w, rsl);
    }
#else
    (void)w;
    (void)send_mfl;
    (void)mfl;
    (void)send_rsl;
    (void)rsl;
#endif
}

DTLS__PRIV int dtls__msg_write_client_hello(uint8_t *out, size_t cap, const dtls__client_hello_out *p)
{
    dtls__wr w;
    uint16_t sigs[DTLS__SIG_MAX];
    size_t exts, m, list, n_sigs;

    dtls__wr_init(&w, out, cap);
    dtls__msg_wr_hello_start(&w, p->random, p->session_id, p->session_id_len);
    dtls__msg_wr_vec(&w, 1, 0, DTLS__MSG_COOKIE_MAX, p->cookie, p->cookie_len);
    dtls__msg_wr_list16(&w, 2, 0x7FFF, p->suites, p->n_suites);
    dtls__wr_u8(&w, 1); /* compression_methods: [null] */
    dtls__wr_u8(&w, 0);
    exts = dtls__wr_vec_begin(&w, 2);
    dtls__wr_rom(&w, dtls__msg_ch_fixed, sizeof dtls__msg_ch_fixed);
    if (p->n_groups) {
        dtls__wr_u16(&w, DTLS__EXT_SUPPORTED_GROUPS);
        m = dtls__wr_vec_begin(&w, 2);
        dtls__msg_wr_list16(&w, 2, 0x7FFE, p->groups, p->n_groups);
        dtls__wr_vec_end(&w, m, 2);
        dtls__wr_rom(&w, dtls__msg_pf, sizeof dtls__msg_pf);
    }
    n_sigs = dtls__sig_schemes(sigs); /* what this build verifies (suites.h); none without certificates */
    if (n_sigs) {
        dtls__wr_u16(&w, DTLS__EXT_SIGNATURE_ALGORITHMS);
        m = dtls__wr_vec_begin(&w, 2);
        dtls__msg_wr_list16(&w, 2, 0x7FFF, sigs, n_sigs);
        dtls__wr_vec_end(&w, m, 2);
    }
    if (p->sni_len) { /* server_name: server_name_list<1..2^16-1> = [host_name(0), HostName<1..2^16-1>] */
        dtls__wr_u16(&w, DTLS__EXT_SERVER_NAME);
        m = dtls__wr_vec_begin(&w, 2);
        list = dtls__wr_vec_begin(&w, 2);
        dtls__wr_u8(&w, 0);
        dtls__msg_wr_vec(&w, 2, 1, 0xFFFF, p->sni, p->sni_len);
        dtls__wr_vec_end(&w, list, 2);
        dtls__wr_vec_end(&w, m, 2);
    }
    dtls__msg_wr_cert_types(&w, DTLS__EXT_CLIENT_CERTIFICATE_TYPE, p->client_cert_types, p->n_client_cert_types);
    dtls__msg_wr_cert_types(&w, DTLS__EXT_SERVER_CERTIFICATE_TYPE, p->server_cert_types, p->n_server_cert_types);
    if (p->send_cid)
        dtls__msg_wr_cid(&w, p->cid, p->cid_len);
    if (p->send_heartbeat)
        dtls__msg_wr_heartbeat(&w, p->heartbeat_mode);
    dtls__msg_wr_record_size(&w, p->send_mfl, p->mfl, p->send_rsl, p->rsl);
    if (p->n_srtp_profiles != 0)
        dtls__msg_wr_srtp(&w, p->srtp_profiles, p->n_srtp_profiles);
    if (p->send_ticket) { /* session_ticket: the ticket, or empty (RFC 5077 §3.2) */
        dtls__wr_u16(&w, DTLS__EXT_SESSION_TICKET);
        dtls__msg_wr_vec(&w, 2, 0, 0xFFFF, p->ticket, p->ticket_len);
    }
    dtls__wr_vec_end(&w, exts, 2);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_parse_hello_verify(uint16_t *version, const uint8_t **cookie, size_t *cookie_len,
                                            const uint8_t *body, size_t len)
{
    dtls__rd r, v;

    dtls__rd_init(&r, body, len);
    *version = dtls__rd_u16(&r);
    dtls__rd_vec(&r, 1, 0, DTLS__MSG_COOKIE_MAX, &v);
    *cookie = v.p;
    *cookie_len = v.len;
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_write_hello_verify(uint8_t *out, size_t cap, uint16_t version, const uint8_t *cookie,
                                            size_t cookie_len)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__wr_u16(&w, version);
    dtls__msg_wr_vec(&w, 1, 0, DTLS__MSG_COOKIE_MAX, cookie, cookie_len);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_write_server_hello(uint8_t *out, size_t cap, const dtls__server_hello_out *p)
{
    dtls__wr w;
    size_t m;

    if (p == NULL)
        return DTLS_ERR_BAD_ARG;
    dtls__wr_init(&w, out, cap);
    dtls__msg_wr_hello_start(&w, p->random, p->session_id, p->session_id_len);
    dtls__wr_u16(&w, p->suite);
    dtls__wr_u8(&w, 0);
    if (p->ems || p->reneg || p->point_formats || p->sni_ack || p->send_client_cert_type || p->send_server_cert_type ||
        p->send_cid || p->send_heartbeat || p->send_mfl || p->send_rsl || p->srtp_profile || p->send_ticket) {
        m = dtls__wr_vec_begin(&w, 2);
        if (p->ems)
            dtls__wr_rom(&w, dtls__msg_ch_fixed, 4);
        if (p->reneg)
            dtls__wr_rom(&w, dtls__msg_ch_fixed + 4, 5);
        if (p->point_formats)
            dtls__wr_rom(&w, dtls__msg_pf, sizeof dtls__msg_pf);
        if (p->sni_ack) { /* server_name, empty */
            dtls__wr_u16(&w, DTLS__EXT_SERVER_NAME);
            dtls__wr_u16(&w, 0);
        }
        if (p->send_client_cert_type) { /* client_certificate_type: the one type chosen */
            dtls__wr_u16(&w, DTLS__EXT_CLIENT_CERTIFICATE_TYPE);
            dtls__wr_u16(&w, 1);
            dtls__wr_u8(&w, p->client_cert_type);
        }
        if (p->send_server_cert_type) {
            dtls__wr_u16(&w, DTLS__EXT_SERVER_CERTIFICATE_TYPE);
            dtls__wr_u16(&w, 1);
            dtls__wr_u8(&w, p->server_cert_type);
        }
        if (p->send_cid)
            dtls__msg_wr_cid(&w, p->cid, p->cid_len);
        if (p->send_heartbeat)
            dtls__msg_wr_heartbeat(&w, p->heartbeat_mode);
        dtls__msg_wr_record_size(&w, p->send_mfl, p->mfl, p->send_rsl, p->rsl);
        if (p->srtp_profile != 0)
            dtls__msg_wr_srtp(&w, &p->srtp_profile, 1);
        if (p->send_ticket) { /* session_ticket, empty */
            dtls__wr_u16(&w, DTLS__EXT_SESSION_TICKET);
            dtls__wr_u16(&w, 0);
        }
        dtls__wr_vec_end(&w, m, 2);
    }
    return dtls__msg_wr_done(&w);
}

/* ECParameters (RFC 8422 §5.4): curve_type named_curve(3), NamedCurve.  DTLS_ERR_DECODE for another curve_type. */
static int dtls__msg_rd_ecdh_params(dtls__rd *r, uint16_t *group)
{
    if (dtls__rd_u8(r) != 3)
        return DTLS_ERR_DECODE;
    *group = dtls__rd_u16(r);
    return r->err;
}

/* ECPoint point<1..2^8-1> (its length in *len). */
static const uint8_t *dtls__msg_rd_point(dtls__rd *r, size_t *len)
{
    dtls__rd v;

    dtls__rd_vec(r, 1, 1, 255, &v);
    *len = v.len;
    return v.p;
}

/* psk_identity_hint / psk_identity<0..2^16-1>, then (when point) ECParameters and/or a point<1..255>:
   ske: curve_type named_curve(3), NamedCurve, point; cke: point. */
static int dtls__msg_rd_psk(const uint8_t **id, size_t *id_len, int ske, uint16_t *group, const uint8_t **point,
                            size_t *point_len, const uint8_t *body, size_t len)
{
    dtls__rd r, v;

    dtls__rd_init(&r, body, len);
    dtls__rd_vec(&r, 2, 0, 0xFFFF, &v);
    *id = v.p;
    *id_len = v.len;
    if (point) {
        if (ske && dtls__msg_rd_ecdh_params(&r, group) != 0)
            return DTLS_ERR_DECODE;
        *point = dtls__msg_rd_point(&r, point_len);
    }
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

static int dtls__msg_wr_psk(uint8_t *out, size_t cap, const uint8_t *id, size_t id_len, int ske, uint16_t group,
                            const uint8_t *point, size_t point_len, int with_point)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__msg_wr_vec(&w, 2, 0, 0xFFFF, id, id_len);
    if (with_point) {
        if (ske) {
            dtls__wr_u8(&w, 3); /* ECCurveType named_curve */
            dtls__wr_u16(&w, group);
        }
        dtls__msg_wr_vec(&w, 1, 1, 255, point, point_len);
    }
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_parse_ske_psk(const uint8_t **hint, size_t *hint_len, const uint8_t *body, size_t len)
{
    return dtls__msg_rd_psk(hint, hint_len, 1, NULL, NULL, NULL, body, len);
}

DTLS__PRIV int dtls__msg_parse_ske_ecdhe_psk(const uint8_t **hint, size_t *hint_len, uint16_t *group,
                                             const uint8_t **point, size_t *point_len, const uint8_t *body, size_t len)
{
    return dtls__msg_rd_psk(hint, hint_len, 1, group, point, point_len, body, len);
}

DTLS__PRIV int dtls__msg_parse_cke_psk(const uint8_t **identity, size_t *identity_len, const uint8_t *body, size_t len)
{
    return dtls__msg_rd_psk(identity, identity_len, 0, NULL, NULL, NULL, body, len);
}

DTLS__PRIV int dtls__msg_parse_cke_ecdhe_psk(const uint8_t **identity, size_t *identity_len, const uint8_t **point,
                                             size_t *point_len, const uint8_t *body, size_t len)
{
    return dtls__msg_rd_psk(identity, identity_len, 0, NULL, point, point_len, body, len);
}

DTLS__PRIV int dtls__msg_write_ske_psk(uint8_t *out, size_t cap, const uint8_t *hint, size_t hint_len)
{
    return dtls__msg_wr_psk(out, cap, hint, hint_len, 1, 0, NULL, 0, 0);
}

DTLS__PRIV int dtls__msg_write_ske_ecdhe_psk(uint8_t *out, size_t cap, const uint8_t *hint, size_t hint_len,
                                             uint16_t group, const uint8_t *point, size_t point_len)
{
    return dtls__msg_wr_psk(out, cap, hint, hint_len, 1, group, point, point_len, 1);
}

DTLS__PRIV int dtls__msg_write_cke_psk(uint8_t *out, size_t cap, const uint8_t *identity, size_t identity_len)
{
    return dtls__msg_wr_psk(out, cap, identity, identity_len, 0, 0, NULL, 0, 0);
}

DTLS__PRIV int dtls__msg_write_cke_ecdhe_psk(uint8_t *out, size_t cap, const uint8_t *identity, size_t identity_len,
                                             const uint8_t *point, size_t point_len)
{
    return dtls__msg_wr_psk(out, cap, identity, identity_len, 0, 0, point, point_len, 1);
}

DTLS__PRIV int dtls__msg_has_u16(const uint8_t *list, size_t len, uint16_t v)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        if ((uint16_t)(((unsigned)list[i] << 8) | list[i + 1]) == v)
            return 1;
    return 0;
}

DTLS__PRIV int dtls__msg_has_suite(const uint8_t *suites, size_t suites_len, uint16_t suite)
{
    return dtls__msg_has_u16(suites, suites_len, suite);
}

DTLS__PRIV int dtls__msg_has_group(const uint8_t *groups, size_t groups_len, uint16_t group)
{
    return dtls__msg_has_u16(groups, groups_len, group);
}

#if DTLS_ENABLE_CERTS
/* 2^24-1, the most a 3-byte length says (or SIZE_MAX where size_t is 16 bits). */
#define DTLS__MSG_U24_MAX (SIZE_MAX < 0xFFFFFF ? SIZE_MAX : (size_t)0xFFFFFF)

DTLS__PRIV int dtls__msg_parse_certificate(dtls_blob *certs, size_t max, size_t *n, const uint8_t *body, size_t len)
{
    dtls__rd r, list, c;
    size_t count = 0;

    *n = 0;
    dtls__rd_init(&r, body, len);
    dtls__rd_vec(&r, 3, 0, DTLS__MSG_U24_MAX, &list); /* ASN.1Cert certificate_list<0..2^24-1> */
    while (dtls__rd_left(&list)) {
        dtls__rd_vec(&list, 3, 1, DTLS__MSG_U24_MAX, &c); /* opaque ASN.1Cert<1..2^24-1> */
        if (list.err)
            return DTLS_ERR_DECODE;
        if (count < max) {
            certs[count].data = c.p;
            certs[count].len = c.len;
            *n = count + 1;
        }
        count++;
    }
    if (!dtls__rd_done(&r) || list.err)
        return DTLS_ERR_DECODE;
    return count > max ? DTLS_ERR_CERT_TOO_BIG : 0;
}

DTLS__PRIV int dtls__msg_write_certificate(uint8_t *out, size_t cap, const dtls_blob *certs, size_t n)
{
    dtls__wr w;
    size_t i, m;
    uint32_t total = 0;

    if (certs == NULL && n != 0)
        return DTLS_ERR_BAD_ARG;
    for (i = 0; i < n; i++) { /* the list's length first, so the error does not depend on cap */
        if (certs[i].data == NULL || certs[i].len == 0 || certs[i].len > DTLS__MSG_U24_MAX)
            return DTLS_ERR_BAD_ARG;
        total += 3 + (uint32_t)certs[i].len;
        if (total > UINT32_C(0xFFFFFF))
            return DTLS_ERR_BAD_ARG;
    }
    dtls__wr_init(&w, out, cap);
    m = dtls__wr_vec_begin(&w, 3);
    for (i = 0; i < n; i++)
        dtls__msg_wr_vec(&w, 3, 1, DTLS__MSG_U24_MAX, certs[i].data, certs[i].len);
    dtls__wr_vec_end(&w, m, 3);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_parse_certificate_rpk(dtls_blob *spki, const uint8_t *body, size_t len)
{
    dtls__rd r, v;

    dtls__rd_init(&r, body, len);
    dtls__rd_vec(&r, 3, 0, DTLS__MSG_U24_MAX, &v); /* ASN.1_subjectPublicKeyInfo<1..2^24-1>, or an empty certificate_list */
    spki->data = v.len ? v.p : NULL;
    spki->len = v.len;
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_write_certificate_rpk(uint8_t *out, size_t cap, const uint8_t *spki, size_t spki_len)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__msg_wr_vec(&w, 3, 0, DTLS__MSG_U24_MAX, spki, spki_len);
    return dtls__msg_wr_done(&w);
}

/* digitally-signed (RFC 5246 §4.7): SignatureAndHashAlgorithm, signature<min..2^16-1>. */
static void dtls__msg_rd_signed(dtls__rd *r, size_t min, uint16_t *sig_alg, const uint8_t **sig, size_t *sig_len)
{
    dtls__rd v;

    *sig_alg = dtls__rd_u16(r);
    dtls__rd_vec(r, 2, min, 0xFFFF, &v);
    *sig = v.p;
    *sig_len = v.len;
}

DTLS__PRIV int dtls__msg_parse_ske_ecdhe(dtls__ske_ecdhe *ske, const uint8_t *body, size_t len)
{
    dtls__rd r;

    memset(ske, 0, sizeof *ske);
    dtls__rd_init(&r, body, len);
    if (dtls__msg_rd_ecdh_params(&r, &ske->group) != 0)
        return DTLS_ERR_DECODE;
    ske->point = dtls__msg_rd_point(&r, &ske->point_len);
    ske->params = body;
    ske->params_len = r.pos;
    dtls__msg_rd_signed(&r, 0, &ske->sig_alg, &ske->sig, &ske->sig_len);
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_write_ecdh_params(uint8_t *out, size_t cap, uint16_t group, const uint8_t *point, size_t point_len)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__wr_u8(&w, 3); /* ECCurveType named_curve */
    dtls__wr_u16(&w, group);
    dtls__msg_wr_vec(&w, 1, 1, 255, point, point_len);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_write_digitally_signed(uint8_t *out, size_t cap, uint16_t sig_alg, const uint8_t *sig,
                                                size_t sig_len)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__wr_u16(&w, sig_alg);
    dtls__msg_wr_vec(&w, 2, 1, 0xFFFF, sig, sig_len);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_parse_digitally_signed(uint16_t *sig_alg, const uint8_t **sig, size_t *sig_len,
                                                const uint8_t *body, size_t len)
{
    dtls__rd r;

    dtls__rd_init(&r, body, len);
    dtls__msg_rd_signed(&r, 1, sig_alg, sig, sig_len);
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_parse_cke_ecdhe(const uint8_t **point, size_t *point_len, const uint8_t *body, size_t len)
{
    dtls__rd r;

    dtls__rd_init(&r, body, len);
    *point = dtls__msg_rd_point(&r, point_len);
    return dtls__rd_done(&r) ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_write_cke_ecdhe(uint8_t *out, size_t cap, const uint8_t *point, size_t point_len)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    dtls__msg_wr_vec(&w, 1, 1, 255, point, point_len);
    return dtls__msg_wr_done(&w);
}

DTLS__PRIV int dtls__msg_parse_certificate_request(dtls__cert_request *cr, const uint8_t *body, size_t len)
{
    dtls__rd r, v, dn;

    dtls__rd_init(&r, body, len);
    dtls__rd_vec(&r, 1, 1, 255, &v); /* ClientCertificateType certificate_types<1..2^8-1> */
    cr->types = v.p;
    cr->types_len = v.len;
    cr->sig_algs = dtls__msg_rd_list16(&r, &cr->sig_algs_len); /* supported_signature_algorithms<2..2^16-2> */
    dtls__rd_vec(&r, 2, 0, 0xFFFF, &v); /* DistinguishedName certificate_authorities<0..2^16-1> */
    cr->cas = v.p;
    cr->cas_len = v.len;
    while (dtls__rd_left(&v))
        dtls__rd_vec(&v, 2, 1, 0xFFFF, &dn); /* opaque DistinguishedName<1..2^16-1> */
    return dtls__rd_done(&r) && !v.err ? 0 : DTLS_ERR_DECODE;
}

DTLS__PRIV int dtls__msg_write_certificate_request(uint8_t *out, size_t cap, const uint8_t *types, size_t n_types,
                                                   const uint16_t *sig_algs, size_t n_sig_algs)
{
    dtls__wr w;

    dtls__wr_init(&w, out, cap);
    if (types == NULL) /* dtls__msg_wr_vec accepts NULL when n is 0, which is out of range here anyway */
        w.err = DTLS_ERR_BAD_ARG;
    dtls__msg_wr_vec(&w, 1, 1, 255, types, n_types);
    dtls__msg_wr_list16(&w, 2, 0x7FFF, sig_algs, n_sig_algs);
    dtls__wr_u16(&w, 0); /* certificate_authorities: empty */
    return dtls__msg_wr_done(&w);
}
#undef DTLS__MSG_U24_MAX
#endif /* DTLS_ENABLE_CERTS */
