/* fuzz_common.h - what the libFuzzer targets of tests/fuzz share: an input
 * reader, a deterministic random source and clock, the test credentials of
 * tests/proto/certdata.h, real client and server endpoints for recording
 * seeds, and a seed writer.
 *
 * Each target includes the amalgamated dtls.h (DTLS_STATIC + DTLS_IMPLEMENTATION,
 * so the private dtls__ functions are reachable) before this file, and defines
 * LLVMFuzzerTestOneInput and fz_make_corpus (called by fuzz_main.c, the main
 * of the builds without libFuzzer).  Harness code is test code: it may use
 * <stdio.h>, <stdlib.h> and malloc (every datagram the library reads is
 * copied into a heap block of its exact length, so AddressSanitizer sees any
 * read past it). */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "../proto/certdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Writes the target's seeds into dir (it exists); argc/argv: the rest of the
 * command line.  0, or nonzero when a seed could not be made. */
int fz_make_corpus(const char *dir, int argc, char **argv);

/* ------------------------------------------------------------ input reader */

typedef struct fz_in {
    const uint8_t *p;
    size_t n, pos;
} fz_in;

static inline int fz_more(const fz_in *in)
{
    return in->pos < in->n;
}

static inline uint8_t fz_u8(fz_in *in)
{
    return in->pos < in->n ? in->p[in->pos++] : 0;
}

static inline uint16_t fz_u16(fz_in *in)
{
    uint16_t hi = fz_u8(in);
    return (uint16_t)((hi << 8) | fz_u8(in));
}

/* Up to want bytes (fewer at the end of the input): *p and the count. */
static inline size_t fz_bytes(fz_in *in, size_t want, const uint8_t **p)
{
    size_t left = in->n - in->pos;
    if (want > left)
        want = left;
    *p = in->p + in->pos;
    in->pos += want;
    return want;
}

/* A heap copy of exactly len bytes (at least 1 allocated; free with free()). */
static inline uint8_t *fz_dup(const uint8_t *p, size_t len)
{
    uint8_t *q = (uint8_t *)malloc(len ? len : 1);
    if (q == NULL)
        abort();
    if (len)
        memcpy(q, p, len);
    return q;
}

/* --------------------------------------------- deterministic random, clock */

typedef struct fz_rng {
    uint64_t s;
} fz_rng;

static inline int fz_random(void *user, uint8_t *out, size_t len)
{
    fz_rng *r = (fz_rng *)user;
    size_t i;
    for (i = 0; i < len; i++) {
        r->s ^= r->s << 13;
        r->s ^= r->s >> 7;
        r->s ^= r->s << 17;
        out[i] = (uint8_t)(r->s >> 29);
    }
    return 0;
}

/* The fake monotonic clock: starts 20 s below the 32-bit wrap, so that every
 * longer run crosses it. */
#define FZ_T0 (UINT32_C(0xFFFFFFFF) - 20000u)
static uint32_t fz_now_ms = FZ_T0;

static inline uint32_t fz_now(void *user)
{
    (void)user;
    return fz_now_ms;
}

/* Clock steps an input byte selects (4 bits): from nothing to an hour. */
static const uint32_t fz_dt[16] = {0,     1,     10,    100,    500,    1000,   2000,   4000,
                                   8000, 16000, 32000, 60000, 120000, 240000, 600000, 3600000};

/* 1 when the deadline at has passed (wrap-safe). */
static inline int fz_due(uint32_t at)
{
    return (uint32_t)(fz_now_ms - at) < UINT32_C(0x80000000);
}

/* Certificate validity: the wall clock of tests/proto/certdata.h's tests. */
#define FZ_WALL INT64_C(1811808000) /* 2027-06-01T00:00:00Z */
static inline int fz_wall(void *user, int64_t *t)
{
    (void)user;
    *t = FZ_WALL;
    return 0;
}

/* A verify callback that accepts what it is shown (raw public keys need one). */
static inline int fz_verify_any(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    (void)pc;
    return 0;
}

/* FZ_DEBUG=1 in the environment: the targets print what each input reached. */
static inline int fz_debug(void)
{
    static int d = -1;
    if (d < 0)
        d = getenv("FZ_DEBUG") != NULL;
    return d;
}

/* Reads every byte of p (so ASan checks it). */
static volatile uint8_t fz_sink;
static inline void fz_touch(const uint8_t *p, size_t len)
{
    uint8_t x = 0;
    size_t i;
    for (i = 0; i < len; i++)
        x ^= p[i];
    fz_sink = x;
}

/* -------------------------------------------------------- test credentials */

static const uint8_t FZ_K1[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t FZ_K2[32] = {0xA5, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static dtls_private_key fz_k_srv, fz_k_cli, fz_k_rsrv;
static dtls_credential fz_c_srv, fz_c_cli, fz_c_rsrv;
static uint8_t fz_b_srv[2048], fz_b_cli[2048], fz_b_rsrv[2048];
static dtls_blob fz_anchors[2];
static int fz_creds_ready;

/* The credentials of certdata.h: P-256 server (leaf + intermediate), P-256
 * client (leaf + intermediate), RSA-2048 server; both roots as anchors. */
static inline void fz_creds(void)
{
    dtls_blob chain[2];
    if (fz_creds_ready)
        return;
    if (dtls_private_key_parse(&fz_k_srv, cd_srv_key, sizeof(cd_srv_key)) != 0 ||
        dtls_private_key_parse(&fz_k_cli, cd_cli_key, sizeof(cd_cli_key)) != 0 ||
        dtls_private_key_parse(&fz_k_rsrv, cd_rsrv_key, sizeof(cd_rsrv_key)) != 0)
        abort();
    chain[0].data = cd_srv;
    chain[0].len = sizeof(cd_srv);
    chain[1].data = cd_inter;
    chain[1].len = sizeof(cd_inter);
    if (dtls_credential_init(&fz_c_srv, fz_b_srv, sizeof(fz_b_srv), chain, 2, &fz_k_srv) != 0)
        abort();
    chain[0].data = cd_cli;
    chain[0].len = sizeof(cd_cli);
    if (dtls_credential_init(&fz_c_cli, fz_b_cli, sizeof(fz_b_cli), chain, 2, &fz_k_cli) != 0)
        abort();
    chain[0].data = cd_rsrv;
    chain[0].len = sizeof(cd_rsrv);
    if (dtls_credential_init(&fz_c_rsrv, fz_b_rsrv, sizeof(fz_b_rsrv), chain, 1, &fz_k_rsrv) != 0)
        abort();
    fz_anchors[0].data = cd_root;
    fz_anchors[0].len = sizeof(cd_root);
    fz_anchors[1].data = cd_rroot;
    fz_anchors[1].len = sizeof(cd_rroot);
    fz_creds_ready = 1;
}

/* Server PSK lookup: client1 -> FZ_K1, client2 -> FZ_K2. */
static inline int fz_psk_server(void *user, const uint8_t *id, size_t id_len, uint8_t *key, size_t *key_len)
{
    (void)user;
    if (id_len == 7 && memcmp(id, "client1", 7) == 0 && *key_len >= sizeof(FZ_K1)) {
        memcpy(key, FZ_K1, sizeof(FZ_K1));
        *key_len = sizeof(FZ_K1);
        return 0;
    }
    if (id_len == 7 && memcmp(id, "client2", 7) == 0 && *key_len >= sizeof(FZ_K2)) {
        memcpy(key, FZ_K2, sizeof(FZ_K2));
        *key_len = sizeof(FZ_K2);
        return 0;
    }
    return -1;
}

/* Client PSK callback: identity client2 (FZ_K2) whatever the hint. */
static inline int fz_psk_client(void *user, const uint8_t *hint, size_t hint_len, uint8_t *id, size_t *id_len,
                         uint8_t *key, size_t *key_len)
{
    (void)user;
    fz_touch(hint, hint_len);
    if (*id_len < 7 || *key_len < sizeof(FZ_K2))
        return -1;
    memcpy(id, "client2", 7);
    *id_len = 7;
    memcpy(key, FZ_K2, sizeof(FZ_K2));
    *key_len = sizeof(FZ_K2);
    return 0;
}

/* ---------------------------------------------------- datagram queues */

#define FZ_QMAX 64
#define FZ_DMAX 4096

typedef struct fz_queue {
    uint8_t d[FZ_QMAX][FZ_DMAX];
    size_t len[FZ_QMAX];
    uint8_t tag[FZ_QMAX]; /* e.g. the sender's address id */
    int n;
} fz_queue;

static inline void fz_push(fz_queue *q, uint8_t tag, const uint8_t *d, size_t len)
{
    if (q->n >= FZ_QMAX || len > FZ_DMAX)
        return;
    memcpy(q->d[q->n], d, len);
    q->len[q->n] = len;
    q->tag[q->n] = tag;
    q->n++;
}

/* Takes the first datagram of q into out (FZ_DMAX bytes): its length, 0 when empty. */
static inline size_t fz_pop(fz_queue *q, uint8_t *out, uint8_t *tag)
{
    size_t len;
    int i;
    if (q->n == 0)
        return 0;
    len = q->len[0];
    memcpy(out, q->d[0], len);
    if (tag != NULL)
        *tag = q->tag[0];
    for (i = 1; i < q->n; i++) {
        memcpy(q->d[i - 1], q->d[i], q->len[i]);
        q->len[i - 1] = q->len[i];
        q->tag[i - 1] = q->tag[i];
    }
    q->n--;
    return len;
}

/* ------------------------------------------------------------ seed writer */

#define FZ_SEED_MAX 65536
static uint8_t fz_sb[FZ_SEED_MAX];
static size_t fz_sbn;

static inline void fz_sb_reset(void)
{
    fz_sbn = 0;
}
static inline void fz_sb_u8(unsigned v)
{
    if (fz_sbn < FZ_SEED_MAX)
        fz_sb[fz_sbn++] = (uint8_t)v;
}
static inline void fz_sb_u16(size_t v)
{
    fz_sb_u8((unsigned)(v >> 8) & 0xFF);
    fz_sb_u8((unsigned)v & 0xFF);
}
static inline void fz_sb_bytes(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++)
        fz_sb_u8(b[i]);
}
/* One item of the common shape: ctrl, 16-bit length, bytes. */
static inline void fz_sb_item(unsigned ctrl, const void *p, size_t n)
{
    fz_sb_u8(ctrl);
    fz_sb_u16(n);
    fz_sb_bytes(p, n);
}

static inline void fz_write_file(const char *dir, const char *name, const uint8_t *p, size_t n)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fclose(f);
}

/* Writes the seed builder's bytes as dir/name. */
static inline void fz_sb_write(const char *dir, const char *name)
{
    if (fz_sbn >= FZ_SEED_MAX) {
        fprintf(stderr, "seed %s too long\n", name);
        exit(1);
    }
    fz_write_file(dir, name, fz_sb, fz_sbn);
}

#include "fuzz_file.h"

/* ------------------------------------------- real peers (corpus recording) */

/* A client endpoint whose datagrams go to a queue (tag: its address id).
 * Kinds: */
enum {
    FZ_CK_PSK = 0,     /* identity client1 / FZ_K1 (suite: one suite, 0: every PSK suite) */
    FZ_CK_PSK_CB,      /* the PSK callback (client2 / FZ_K2) */
    FZ_CK_CERT,        /* trusts both roots, expects "localhost", presents the client certificate if asked */
    FZ_CK_CERT_NOCRED, /* the same without a certificate of its own */
    FZ_CK_RPK,         /* raw public keys, presents the client key if asked */
    FZ_CK_NOVERIFY,    /* certificates not verified (DTLS_CFG_NO_VERIFY), SNI "rsa.example" */
    FZ_CK_PSK_CID,     /* FZ_CK_PSK asking for a 3-byte Connection ID (RFC 9146) */
    FZ_CK_PSK_EXT,     /* FZ_CK_PSK offering use_srtp (RFC 5764) and max_fragment_length 1024 (RFC 6066), exporting */
    FZ_CK_PSK_RSL      /* FZ_CK_PSK offering record_size_limit 512 (RFC 8449) and use_srtp, exporting */
};

/* Profiles offered / accepted in the use_srtp cases (RFC 5764). */
static const uint16_t fz_srtp[2] = {DTLS_SRTP_AEAD_AES_128_GCM, DTLS_SRTP_AES128_CM_SHA1_80};

/* cfg.on_keys: exports some keying material (RFC 5705), so the exporter runs. */
static inline void fz_on_keys(void *user, dtls_conn *conn, const dtls_exporter *x)
{
    uint8_t out[48];
    (void)user;
    if (dtls_export_keying_material(x, out, sizeof out, "EXTRACTOR-dtls_srtp", NULL, 0, 0) == 0)
        fz_touch(out, sizeof out);
    (void)dtls_export_keying_material(x, out, 7, "EXPERIMENTAL fuzz", (const uint8_t *)"ctx", 3, 1);
    fz_touch(out, 7);
    (void)dtls_conn_srtp_profile(conn);
}

typedef struct fz_cli {
    dtls_config cfg;
    dtls_crypto_hooks hooks;
    fz_rng rng;
    dtls_ctx ctx;
    dtls_hs hs;
    dtls_conn c;
    uint8_t tx[1500];
    uint16_t suite[1];
    fz_queue *out;
    uint8_t tag;
} fz_cli;

static inline int fz_cli_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *d, size_t len)
{
    fz_cli *k = (fz_cli *)user;
    (void)addr;
    (void)alen;
    if (k->out != NULL)
        fz_push(k->out, k->tag, d, len);
    return (int)len;
}

/* Sets up k (kind, suite, random seed) towards the server at saddr; its
 * datagrams go to out with tag.  0 or the library's error. */
static inline int fz_cli_setup(fz_cli *k, int kind, uint16_t suite, uint64_t seed, fz_queue *out, uint8_t tag)
{
    static const uint8_t saddr[4] = {192, 0, 2, 1};
    int r;
    fz_creds();
    memset(k, 0, sizeof *k);
    k->rng.s = seed;
    k->hooks.user = &k->rng;
    k->hooks.random = fz_random;
    k->out = out;
    k->tag = tag;
    k->cfg.role = DTLS_ROLE_CLIENT;
    k->cfg.send = fz_cli_send;
    k->cfg.now = fz_now;
    k->cfg.user = k;
    k->cfg.hooks = &k->hooks;
    if (suite) {
        k->suite[0] = suite;
        k->cfg.suites = k->suite;
        k->cfg.n_suites = 1;
    }
    if (kind == FZ_CK_PSK_EXT || kind == FZ_CK_PSK_RSL) {
        k->cfg.srtp_profiles = fz_srtp + (kind == FZ_CK_PSK_RSL);
        k->cfg.n_srtp_profiles = kind == FZ_CK_PSK_RSL ? 1 : 2;
        k->cfg.on_keys = fz_on_keys;
        if (kind == FZ_CK_PSK_EXT)
            k->cfg.max_fragment_length = 1024;
        else
            k->cfg.max_record = 512;
    }
    switch (kind) {
    case FZ_CK_PSK_CID:
        k->cfg.flags = DTLS_CFG_CID;
        k->cfg.cid_len = 3;
        /* fall through */
    case FZ_CK_PSK:
    case FZ_CK_PSK_EXT:
    case FZ_CK_PSK_RSL:
        k->cfg.psk_identity = (const uint8_t *)"client1";
        k->cfg.psk_identity_len = 7;
        k->cfg.psk = FZ_K1;
        k->cfg.psk_len = sizeof(FZ_K1);
        break;
    case FZ_CK_PSK_CB:
        k->cfg.psk_client = fz_psk_client;
        break;
    case FZ_CK_CERT:
    case FZ_CK_CERT_NOCRED:
        k->cfg.trust_anchors = fz_anchors;
        k->cfg.n_trust_anchors = 2;
        k->cfg.server_name = "localhost";
        k->cfg.wall_time = fz_wall;
        if (kind == FZ_CK_CERT)
            k->cfg.cred = &fz_c_cli;
        break;
    case FZ_CK_RPK:
        k->cfg.flags = DTLS_CFG_RPK;
        k->cfg.verify = fz_verify_any;
        k->cfg.cred = &fz_c_cli;
        break;
    default:
        k->cfg.flags = DTLS_CFG_NO_VERIFY;
        k->cfg.server_name = "rsa.example";
        break;
    }
    r = dtls_ctx_init(&k->ctx, &k->cfg, k->tx, sizeof k->tx, &k->hs, 1);
    if (r == 0)
        r = dtls_conn_init(&k->c, &k->ctx, saddr, 4);
    return r;
}

/* Reads every queued application record of a client (they point into the
 * datagram just fed). */
static inline void fz_cli_drain(dtls_conn *c)
{
    uint8_t out[16384 + 64];
    int i, r;
    for (i = 0; i < 8; i++) {
        r = dtls_conn_read(c, out, sizeof out);
        if (r <= 0)
            break;
        fz_touch(out, (size_t)r);
    }
}

/* A dtls_server endpoint (2 slots, 2 handshakes) whose datagrams go to a
 * queue (tag: the last byte of the peer's address).  Kinds: */
enum {
    FZ_SK_PSK = 0,     /* psk_server (client1 / client2) */
    FZ_SK_PSK_HINT,    /* the same with an identity hint (plain PSK sends ServerKeyExchange) */
    FZ_SK_ECDSA,       /* the P-256 chain */
    FZ_SK_ECDSA_REQ,   /* the P-256 chain, client certificate required */
    FZ_SK_RSA,         /* the RSA-2048 leaf */
    FZ_SK_RPK,         /* raw public keys, client key optional */
    FZ_SK_PSK_SMALL,   /* PSK with hint, mtu 256 (fragmented flights), 8-byte cookies */
    FZ_SK_PSK_EXT      /* PSK accepting use_srtp (RFC 5764), record limit 600 (RFC 8449), exporting */
};

typedef struct fz_srv {
    dtls_config cfg;
    dtls_crypto_hooks hooks;
    fz_rng rng;
    dtls_ctx ctx;
    dtls_hs hs[2];
    dtls_conn slots[2];
    dtls_server srv;
    uint8_t tx[1500];
    uint16_t suite[1];
    fz_queue *out;
} fz_srv;

static inline int fz_srv_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *d, size_t len)
{
    fz_srv *k = (fz_srv *)user;
    if (k->out != NULL)
        fz_push(k->out, alen ? addr[alen - 1] : 0, d, len);
    return (int)len;
}

static inline void fz_srv_on_data(void *user, dtls_conn *c, const uint8_t *d, size_t len)
{
    (void)user;
    (void)c;
    fz_touch(d, len);
}

static inline int fz_srv_setup(fz_srv *k, int kind, uint16_t suite, uint64_t seed, fz_queue *out)
{
    int r;
    fz_creds();
    memset(k, 0, sizeof *k);
    k->rng.s = seed;
    k->hooks.user = &k->rng;
    k->hooks.random = fz_random;
    k->out = out;
    k->cfg.role = DTLS_ROLE_SERVER;
    k->cfg.send = fz_srv_send;
    k->cfg.now = fz_now;
    k->cfg.user = k;
    k->cfg.hooks = &k->hooks;
    k->cfg.on_data = fz_srv_on_data;
    k->cfg.mtu = 1400; /* flights unfragmented (the client harness re-wraps whole messages) */
    if (suite) {
        k->suite[0] = suite;
        k->cfg.suites = k->suite;
        k->cfg.n_suites = 1;
    }
    switch (kind) {
    case FZ_SK_PSK_EXT:
        k->cfg.psk_server = fz_psk_server;
        k->cfg.srtp_profiles = fz_srtp;
        k->cfg.n_srtp_profiles = 2;
        k->cfg.max_record = 600;
        k->cfg.on_keys = fz_on_keys;
        break;
    case FZ_SK_PSK:
    case FZ_SK_PSK_HINT:
    case FZ_SK_PSK_SMALL:
        k->cfg.psk_server = fz_psk_server;
        if (kind != FZ_SK_PSK) {
            k->cfg.psk_hint = (const uint8_t *)"fuzz hint";
            k->cfg.psk_hint_len = 9;
        }
        if (kind == FZ_SK_PSK_SMALL) {
            k->cfg.mtu = 256;
            k->cfg.cookie_len = 8;
        }
        break;
    case FZ_SK_ECDSA:
    case FZ_SK_ECDSA_REQ:
        k->cfg.cred = &fz_c_srv;
        k->cfg.trust_anchors = fz_anchors;
        k->cfg.n_trust_anchors = 2;
        k->cfg.wall_time = fz_wall;
        k->cfg.verify_client = kind == FZ_SK_ECDSA ? DTLS_VERIFY_OPTIONAL : DTLS_VERIFY_REQUIRED;
        break;
    case FZ_SK_RSA:
        k->cfg.cred = &fz_c_rsrv;
        break;
    default:
        k->cfg.flags = DTLS_CFG_RPK;
        k->cfg.cred = &fz_c_srv;
        k->cfg.verify = fz_verify_any;
        k->cfg.verify_client = DTLS_VERIFY_OPTIONAL;
        break;
    }
    r = dtls_ctx_init(&k->ctx, &k->cfg, k->tx, sizeof k->tx, k->hs, 2);
    if (r == 0)
        r = dtls_server_init(&k->srv, &k->ctx, k->slots, 2);
    return r;
}

/* The server's established slot (NULL if none). */
static inline dtls_conn *fz_srv_conn(fz_srv *k)
{
    int i;
    for (i = 0; i < 2; i++)
        if (!dtls__conn_is_free(&k->slots[i]) && dtls_conn_is_established(&k->slots[i]))
            return &k->slots[i];
    return NULL;
}

/* ------------------------------------------- epoch-1 records sealed (server targets) */

/* One datagram to srv from addr, in a heap block of exactly len bytes (reads
 * past the datagram are caught).  DTLS_ERR_IN_PROGRESS cannot happen with
 * software crypto; the datagram is never fed again anyway. */
static inline void fz_srv_input(dtls_server *srv, const uint8_t *addr, size_t alen, const uint8_t *d, size_t len)
{
    uint8_t *exact = fz_dup(d, len);
    (void)dtls_server_input(srv, exact, len, addr, alen);
    free(exact);
}

/* srv's connection to addr that would read an epoch-1 record (a handshake
 * that reads epoch 1 before an established one), or NULL. */
static inline dtls_conn *fz_epoch1_conn(dtls_server *srv, const uint8_t *addr, size_t alen)
{
    dtls_conn *best = NULL;
    size_t i;
    for (i = 0; i < srv->dtls__n_slots; i++) {
        dtls_conn *c = &srv->dtls__slots[i];
        if (dtls__conn_is_free(c) || dtls__conn_ended(c) || !dtls__conn_addr_equal(c, addr, alen))
            continue;
        if (best == NULL || (dtls__conn_handshaking(c) && dtls__conn_reads_epoch1(c)))
            best = c;
    }
    return best;
}

/* Datagram d from addr with its epoch-1 records sealed under the read keys of
 * fz_epoch1_conn (AEAD suites), so that the fuzzer's bytes reach what lies
 * behind decryption; fix (or NULL) may rewrite a handshake record's plaintext
 * first.  Each sealed record goes alone, after the records before it (they
 * may set up the keys); the other records, and what does not parse, go as
 * they are. */
static inline void fz_sealed_feed(dtls_server *srv, const uint8_t *addr, size_t alen,
                                  void (*fix)(dtls_conn *c, uint8_t *body, size_t len), const uint8_t *d, size_t len)
{
    uint8_t *copy = fz_dup(d, len), *pend = (uint8_t *)malloc(len + 1), *sealed;
    size_t pos = 0, np = 0, cap;
    dtls__record rec;
    dtls_conn *c;
    int r;

    if (pend == NULL)
        abort();
    while (dtls__record_parse(&rec, copy, len, &pos, 0) == 0) {
        if (rec.epoch != 0 && np) {
            fz_srv_input(srv, addr, alen, pend, np);
            np = 0;
        }
        if (rec.epoch == 0 || (c = fz_epoch1_conn(srv, addr, alen)) == NULL || c->dtls__rd.kind != DTLS__CIPHER_AEAD) {
            memcpy(pend + np, rec.header, rec.header_len + rec.body_len);
            np += rec.header_len + rec.body_len;
            continue;
        }
        if (fix != NULL && rec.type == DTLS__CT_HANDSHAKE)
            fix(c, (uint8_t *)rec.body, rec.body_len);
        cap = DTLS__RECORD_HEADER_LEN + rec.body_len + 64;
        sealed = (uint8_t *)malloc(cap);
        if (sealed == NULL)
            abort();
        r = dtls__record_protect(srv->dtls__ctx->dtls__cfg->hooks, &c->dtls__rd, rec.type, rec.version, rec.epoch,
                                 rec.seq, sealed, cap, rec.body, rec.body_len);
        if (r > 0)
            fz_srv_input(srv, addr, alen, sealed, (size_t)r);
        free(sealed);
    }
    memcpy(pend + np, copy + pos, len - pos);
    np += len - pos;
    if (np)
        fz_srv_input(srv, addr, alen, pend, np);
    free(pend);
    free(copy);
}

/* The other way, for the seeds: datagram d's epoch-1 records opened with the
 * sender's write keys (hooks, wr), each with the plaintext's length in its
 * header, written to out (FZ_DMAX bytes); its length, or 0 when no record
 * opened (the seed then carries d as it is). */
static inline size_t fz_open_records(const dtls_crypto_hooks *hooks, const dtls__cipher *wr, const uint8_t *d,
                                     size_t len, uint8_t *out)
{
    uint8_t copy[FZ_DMAX];
    size_t pos = 0, o = 0;
    dtls__record rec;
    int opened = 0;
    memcpy(copy, d, len);
    while (dtls__record_parse(&rec, copy, len, &pos, 0) == 0) {
        if (rec.epoch != 0 && dtls__record_unprotect(hooks, wr, &rec) == 0) {
            rec.header[11] = (uint8_t)(rec.body_len >> 8);
            rec.header[12] = (uint8_t)rec.body_len;
            opened = 1;
        }
        memcpy(out + o, rec.header, rec.header_len);
        memcpy(out + o + rec.header_len, rec.body, rec.body_len);
        o += rec.header_len + rec.body_len;
    }
    return opened ? o : 0;
}

/* ------------------------------------------- ClientHello rewriting (server targets) */

/* Rewrites the body of a ClientHello: writes the new body to out (cap
 * bytes) and returns its length, or 0 to leave the datagram alone. */
typedef size_t (*fz_hello_edit)(void *arg, const dtls__client_hello *ch, const uint8_t *body, size_t len,
                                uint8_t *out, size_t cap);

/* When d's first record is an epoch-0 handshake record that starts with one
 * whole ClientHello that parses: writes to out (cap bytes) the datagram with
 * that message's body replaced by edit's, the handshake and record lengths
 * fixed, the rest of the record and of the datagram kept; its length.
 * Otherwise (or when edit declines) 0. */
static inline size_t fz_hello_rewrite(uint8_t *out, size_t cap, const uint8_t *d, size_t len, fz_hello_edit edit,
                                      void *arg)
{
    dtls__record rec;
    dtls__hs_header h;
    dtls__client_hello ch;
    const uint8_t *frag;
    uint8_t *tmp, *body = NULL;
    size_t pos = 0, consumed, body_len, rec_len, o, rest, body_cap, result = 0;

    tmp = fz_dup(d, len);
    if (dtls__record_parse(&rec, tmp, len, &pos, 0) != 0 || rec.type != DTLS__CT_HANDSHAKE || rec.epoch != 0 ||
        rec.header_len != DTLS__RECORD_HEADER_LEN)
        goto out;
    if (dtls__hs_parse(&h, &frag, rec.body, rec.body_len, &consumed) != 0 || h.type != DTLS__HS_CLIENT_HELLO ||
        h.frag_offset != 0 || h.frag_length != h.length)
        goto out;
    if (dtls__msg_parse_client_hello(&ch, frag, h.length) != 0)
        goto out;
    body_cap = (size_t)h.length + 1024;
    body = (uint8_t *)malloc(body_cap);
    if (body == NULL)
        abort();
    body_len = edit(arg, &ch, frag, h.length, body, body_cap);
    if (body_len == 0)
        goto out;
    rest = rec.body_len - consumed; /* bytes after the message in its record */
    rec_len = DTLS__HS_HEADER_LEN + body_len + rest;
    if (rec_len > 0xFFFF || DTLS__RECORD_HEADER_LEN + rec_len + (len - pos) > cap)
        goto out;
    memcpy(out, rec.header, DTLS__RECORD_HEADER_LEN);
    out[11] = (uint8_t)(rec_len >> 8);
    out[12] = (uint8_t)rec_len;
    o = DTLS__RECORD_HEADER_LEN;
    h.length = (uint32_t)body_len;
    h.frag_length = (uint32_t)body_len;
    dtls__hs_write_header(out + o, &h);
    o += DTLS__HS_HEADER_LEN;
    memcpy(out + o, body, body_len);
    o += body_len;
    memcpy(out + o, rec.body + consumed, rest);
    o += rest;
    memcpy(out + o, tmp + pos, len - pos);
    o += len - pos;
    result = o;
out:
    free(body);
    free(tmp);
    return result;
}

typedef struct fz_cookie_arg {
    dtls_server *srv;
    const uint8_t *addr;
    size_t alen;
} fz_cookie_arg;

/* The cookie the server expects from that address for this ClientHello
 * (dtls__cookie_make over its fields, the server's current secret and
 * length) in place of the one it carries. */
static inline size_t fz_cookie_edit(void *arg, const dtls__client_hello *ch, const uint8_t *body, size_t len,
                                    uint8_t *out, size_t cap)
{
    const fz_cookie_arg *a = (const fz_cookie_arg *)arg;
    dtls__ch_fields f;
    uint8_t cookie[DTLS__COOKIE_MAX];
    size_t cookie_len, off, tail, o;
    if (dtls__server_rotate(a->srv) != 0)
        return 0;
    cookie_len = dtls__server_cookie_len(a->srv);
    if (cookie_len < 2)
        return 0;
    f.client_version = ch->version;
    f.random = ch->random;
    f.session_id = ch->session_id;
    f.session_id_len = ch->session_id_len;
    f.cipher_suites = ch->suites;
    f.cipher_suites_len = ch->suites_len;
    f.compression = ch->compression;
    f.compression_len = ch->compression_len;
    if (dtls__cookie_make(cookie, cookie_len, &a->srv->dtls__ctx->dtls__cookie, a->addr, a->alen, &f) != 0)
        return 0;
    off = 2 + 32 + 1 + ch->session_id_len; /* the cookie's length byte */
    tail = off + 1 + ch->cookie_len;       /* what follows the cookie */
    if (tail > len || off + 1 + cookie_len + (len - tail) > cap)
        return 0;
    memcpy(out, body, off);
    o = off;
    out[o++] = (uint8_t)cookie_len;
    memcpy(out + o, cookie, cookie_len);
    o += cookie_len;
    memcpy(out + o, body + tail, len - tail);
    return o + (len - tail);
}

/* When d's first record is one whole ClientHello: writes to out (cap bytes,
 * at least len + 64) the datagram with the cookie srv expects from that
 * address for it (lengths fixed, the rest of the datagram kept) and returns
 * its length; otherwise 0.  The cookie secret is rotated first as the
 * server would (dtls__server_rotate), so the server then finds it current. */
static inline size_t fz_patch_cookie(dtls_server *srv, uint8_t *out, size_t cap, const uint8_t *d, size_t len,
                                     const uint8_t *addr, size_t alen)
{
    fz_cookie_arg a;
    a.srv = srv;
    a.addr = addr;
    a.alen = alen;
    return fz_hello_rewrite(out, cap, d, len, fz_cookie_edit, &a);
}

#endif /* FUZZ_COMMON_H */
