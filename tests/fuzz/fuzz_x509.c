/* fuzz_x509.c - libFuzzer target: X.509 / DER / PEM parsing, key loading,
 * name checks and path validation (proto/x509.h, der.h, pem.c, x509_path.c).
 *
 * Input: op(1), then what the op reads.  Items are len(2, big-endian) ‖ bytes,
 * each copied into a heap block of exactly that length (reads past an
 * element are caught).
 *   0  dtls_x509_parse(rest); when it parses, dtls_x509_check_name with a few
 *      names, with and without the CN fallback
 *   1  dtls_spki_parse(rest)
 *   2  dtls_private_key_parse(rest)
 *   3  dtls_pem_decode over rest as text: label selector(1) (any, CERTIFICATE,
 *      PRIVATE KEY, EC PRIVATE KEY), capacity selector(1), then the text; every
 *      block in turn, each decoded DER parsed as a certificate and as a key
 *   4  dtls_x509_verify: flags(1) (bit 0 client purpose, bit 1 check the time,
 *      bit 2 CN fallback, bits 4-6 max_depth), now(8, big-endian seconds),
 *      name_len(1) (255: no name) ‖ name, n_anchors(1), then items: the
 *      anchors, then the chain (leaf first), up to 8 certificates in all
 *   5  dtls_ip_parse(rest as a string), and dtls_x509_check_name of the
 *      test server and client certificates against it
 *   6  the DER reader (der.h) walked over rest: every element at every
 *      level, each primitive through the decoders for its tag
 *   7  dtls_credential_init: items: the private key, then the chain
 *   8  dtls_pubkey_verify: items: SubjectPublicKeyInfo, hash, signature;
 *      then sig_alg(2)
 * Seeds (fz_make_corpus DIR [CERTDIR]): the certificates and keys of
 * tests/proto/certdata.h, and with CERTDIR (made by tests/certs/gen.sh) every
 * certificate, key and path-validation case of that corpus. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

#define FX_NOPS 9
#define FX_MAX_ITEMS 8

/* Reads up to max items into heap copies: their count. */
static size_t fx_items(fz_in *in, dtls_blob *b, size_t max)
{
    size_t n = 0;
    while (n < max && fz_more(in)) {
        const uint8_t *p;
        size_t len = fz_bytes(in, fz_u16(in), &p);
        b[n].data = fz_dup(p, len);
        b[n].len = len;
        n++;
    }
    return n;
}

static void fx_free(dtls_blob *b, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free((void *)b[i].data);
}

static const char *const fx_names[] = {"localhost", "server.example.com", "a.example.com", "device-1",
                                       "127.0.0.1", "2001:db8::1", "cn.example.com", "*.example.com", ""};

static void fx_cert(const uint8_t *p, size_t n)
{
    dtls_x509 c;
    size_t i;
    if (dtls_x509_parse(&c, p, n) != 0)
        return;
    fz_touch(c.san.data, c.san.data ? c.san.len : 0);
    fz_touch(c.cn.data, c.cn.data ? c.cn.len : 0);
    for (i = 0; i < sizeof fx_names / sizeof fx_names[0]; i++) {
        (void)dtls_x509_check_name(&c, fx_names[i], 0);
        (void)dtls_x509_check_name(&c, fx_names[i], 1);
    }
}

static void fx_key(const uint8_t *p, size_t n)
{
    dtls_private_key k;
    (void)dtls_private_key_parse(&k, p, n);
}

static void fx_pem(fz_in *in)
{
    static const char *const labels[4] = {NULL, "CERTIFICATE", "PRIVATE KEY", "EC PRIVATE KEY"};
    const char *label = labels[fz_u8(in) & 3];
    uint8_t capsel = fz_u8(in);
    size_t cap = capsel == 0 ? 8192 : (size_t)capsel * 8;
    const uint8_t *t;
    size_t tn = fz_bytes(in, in->n, &t), pos = 0;
    char *text = (char *)fz_dup(t, tn);
    uint8_t *out = (uint8_t *)malloc(cap);
    int i;
    if (out == NULL)
        abort();
    for (i = 0; i < 8 && pos <= tn; i++) {
        size_t end = 0;
        int r = dtls_pem_decode(out, cap, text + pos, tn - pos, label, &end);
        if (r == DTLS_ERR_DECODE || end == 0)
            break;
        if (r >= 0) {
            uint8_t *der = fz_dup(out, (size_t)r);
            fx_cert(der, (size_t)r);
            fx_key(der, (size_t)r);
            free(der);
        }
        if (end > tn - pos)
            abort(); /* *end must stay inside the text */
        pos += end;
    }
    free(out);
    free(text);
}

static void fx_verify(fz_in *in)
{
    dtls_x509_verify_params p;
    dtls_blob b[FX_MAX_ITEMS];
    dtls_x509 leaf;
    char name[256];
    uint8_t flags = fz_u8(in), nl, na;
    uint64_t now = 0;
    size_t n, i;
    memset(&p, 0, sizeof p);
    for (i = 0; i < 8; i++)
        now = now << 8 | fz_u8(in);
    nl = fz_u8(in);
    if (nl != 255) {
        const uint8_t *s;
        size_t got = fz_bytes(in, nl, &s);
        memcpy(name, s, got);
        name[got] = 0;
        p.name = name;
    }
    na = fz_u8(in);
    n = fx_items(in, b, FX_MAX_ITEMS);
    if (na > n)
        na = (uint8_t)n;
    p.anchors = b;
    p.n_anchors = na;
    p.now = (int64_t)now;
    p.check_time = (flags >> 1) & 1;
    p.purpose = (flags & 1) ? DTLS_X509_CLIENT : DTLS_X509_SERVER;
    p.cn_fallback = (flags >> 2) & 1;
    p.max_depth = (flags >> 4) & 7;
    i = (size_t)-dtls_x509_verify(&p, b + na, n - na, &leaf);
    if (i == 0)
        fz_touch(leaf.raw.data, leaf.raw.len);
    if (fz_debug())
        printf("x509: verify %d anchors, %d certificates: %d\n", (int)na, (int)(n - na), -(int)i);
    fx_free(b, n);
}

static void fx_names_of(fz_in *in)
{
    static dtls_x509 srv, cli;
    static int ready;
    char name[512];
    uint8_t ip[16];
    size_t ip_len = 0, n;
    const uint8_t *s;
    if (!ready) {
        if (dtls_x509_parse(&srv, cd_srv, sizeof cd_srv) != 0 || dtls_x509_parse(&cli, cd_cli, sizeof cd_cli) != 0)
            abort();
        ready = 1;
    }
    n = fz_bytes(in, sizeof name - 1, &s);
    memcpy(name, s, n);
    name[n] = 0;
    (void)dtls_ip_parse(name, ip, &ip_len);
    (void)dtls_x509_check_name(&srv, name, 0);
    (void)dtls_x509_check_name(&cli, name, 1);
}

/* Every element of the DER at every level (no recursion: a stack of readers). */
static void fx_der(const uint8_t *p, size_t n)
{
    static const uint8_t oid_p256[8] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    dtls__der st[8];
    dtls__der_tlv t;
    int depth = 0, steps = 0;
    (void)dtls__der_single(p, n, DTLS__DER_SEQUENCE, &t);
    dtls__der_init(&st[0], p, n);
    while (depth >= 0 && steps++ < 4096) {
        dtls__der probe;
        dtls__der_tlv u;
        const uint8_t *v;
        size_t vl;
        unsigned unused;
        uint32_t small;
        int64_t tm;
        int x;
        if (dtls__der_done(&st[depth])) {
            depth--;
            continue;
        }
        probe = st[depth];
        (void)dtls__der_optional(&probe, DTLS__DER_INTEGER, &u);
        probe = st[depth];
        (void)dtls__der_explicit(&probe, 0, &u);
        probe = st[depth];
        (void)dtls__der_expect(&probe, (uint8_t)(dtls__der_peek(&st[depth]) & 0xFF), &u);
        if (dtls__der_next(&st[depth], &t) != 0) {
            depth--;
            continue;
        }
        switch (t.tag) {
        case DTLS__DER_INTEGER:
            (void)dtls__der_integer(&t, &x);
            (void)dtls__der_uint(&t, &v, &vl);
            (void)dtls__der_small_uint(&t, &small);
            break;
        case DTLS__DER_BIT_STRING:
            (void)dtls__der_bit_string(&t, &v, &vl, &unused);
            break;
        case DTLS__DER_BOOLEAN:
            (void)dtls__der_bool(&t, &x);
            break;
        case DTLS__DER_NULL:
            (void)dtls__der_null(&t);
            break;
        case DTLS__DER_OID:
            (void)dtls__der_oid_check(&t);
            (void)dtls__der_oid_eq(&t, oid_p256, sizeof oid_p256);
            break;
        case DTLS__DER_UTC_TIME:
        case DTLS__DER_GENERALIZED_TIME:
            (void)dtls__der_time(&t, &tm);
            break;
        default:
            break;
        }
        if (t.tag == DTLS__DER_OCTET_STRING || t.tag == DTLS__DER_BIT_STRING) {
            /* extensions and keys wrap DER in strings: look inside too */
            if (depth < 7 && t.len > 1) {
                depth++;
                dtls__der_init(&st[depth], t.c + (t.tag == DTLS__DER_BIT_STRING), t.len - (t.tag == DTLS__DER_BIT_STRING));
            }
        } else if ((t.tag & 0x20) && depth < 7) {
            depth++;
            dtls__der_enter(&st[depth], &t);
        }
    }
}

static void fx_cred(fz_in *in)
{
    dtls_blob b[FX_MAX_ITEMS];
    dtls_private_key k;
    dtls_credential cred;
    uint8_t buf[8192];
    size_t n = fx_items(in, b, FX_MAX_ITEMS);
    if (n >= 1 && dtls_private_key_parse(&k, b[0].data, b[0].len) == 0)
        (void)dtls_credential_init(&cred, buf, sizeof buf, b + 1, n - 1, &k);
    fx_free(b, n);
}

static void fx_sig(fz_in *in)
{
    dtls_blob b[3];
    dtls_public_key key;
    size_t n = fx_items(in, b, 3);
    uint16_t alg = fz_u16(in);
    if (n == 3 && dtls_spki_parse(&key, b[0].data, b[0].len) == 0)
        (void)dtls_pubkey_verify(NULL, &key, alg, b[1].data, b[1].len, b[2].data, b[2].len);
    fx_free(b, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    uint8_t op;
    in.p = data;
    in.n = size;
    in.pos = 0;
    op = fz_u8(&in);
    switch (op % FX_NOPS) {
    case 0:
    case 1:
    case 2:
    case 6: {
        const uint8_t *p;
        size_t n = fz_bytes(&in, size, &p);
        uint8_t *x = fz_dup(p, n);
        if (op % FX_NOPS == 0) {
            fx_cert(x, n);
        } else if (op % FX_NOPS == 1) {
            dtls_public_key k;
            (void)dtls_spki_parse(&k, x, n);
        } else if (op % FX_NOPS == 2) {
            fx_key(x, n);
        } else {
            fx_der(x, n);
        }
        free(x);
        break;
    }
    case 3:
        fx_pem(&in);
        break;
    case 4:
        fx_verify(&in);
        break;
    case 5:
        fx_names_of(&in);
        break;
    case 7:
        fx_cred(&in);
        break;
    default:
        fx_sig(&in);
        break;
    }
    return 0;
}

/* ------------------------------------------------------------ the corpus */

static void fx_seed1(const char *dir, const char *name, unsigned op, const uint8_t *p, size_t n)
{
    fz_sb_reset();
    fz_sb_u8(op);
    fz_sb_bytes(p, n);
    fz_sb_write(dir, name);
}

static void fx_b64(char *out, const uint8_t *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0, col = 0;
    for (i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        out[o++] = t[v >> 18 & 63];
        out[o++] = t[v >> 12 & 63];
        out[o++] = i + 1 < n ? t[v >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? t[v & 63] : '=';
        if ((col += 4) == 64) {
            out[o++] = '\n';
            col = 0;
        }
    }
    if (col)
        out[o++] = '\n';
    out[o] = 0;
}

/* A PEM seed of one DER block (label), with text before it. */
static void fx_pem_seed(const char *dir, const char *name, const char *label, const uint8_t *p, size_t n)
{
    static char b64[16384];
    fx_b64(b64, p, n);
    fz_sb_reset();
    fz_sb_u8(3);
    fz_sb_u8(0);
    fz_sb_u8(0);
    fz_sb_bytes("comment line\n-----BEGIN ", 24);
    fz_sb_bytes(label, strlen(label));
    fz_sb_bytes("-----\n", 6);
    fz_sb_bytes(b64, strlen(b64));
    fz_sb_bytes("-----END ", 9);
    fz_sb_bytes(label, strlen(label));
    fz_sb_bytes("-----\n", 6);
    fz_sb_write(dir, name);
}

/* A verify seed. */
static void fx_verify_seed(const char *dir, const char *name, unsigned flags, int64_t now, const char *host,
                           const dtls_blob *anchors, size_t na, const dtls_blob *chain, size_t nc)
{
    size_t i;
    int k;
    fz_sb_reset();
    fz_sb_u8(4);
    fz_sb_u8(flags);
    for (k = 7; k >= 0; k--)
        fz_sb_u8((unsigned)((uint64_t)now >> (8 * k)) & 0xFF);
    if (host == NULL) {
        fz_sb_u8(255);
    } else {
        fz_sb_u8((unsigned)strlen(host));
        fz_sb_bytes(host, strlen(host));
    }
    fz_sb_u8((unsigned)na);
    for (i = 0; i < na; i++) {
        fz_sb_u16(anchors[i].len);
        fz_sb_bytes(anchors[i].data, anchors[i].len);
    }
    for (i = 0; i < nc; i++) {
        fz_sb_u16(chain[i].len);
        fz_sb_bytes(chain[i].data, chain[i].len);
    }
    fz_sb_write(dir, name);
}

/* A signature seed: cert's signature checked with issuer's key. */
static void fx_sig_seed(const char *dir, const char *name, const uint8_t *cert, size_t cn, const uint8_t *issuer,
                        size_t in_len)
{
    dtls_x509 c, i;
    uint8_t h[48];
    size_t hl;
    if (dtls_x509_parse(&c, cert, cn) != 0 || dtls_x509_parse(&i, issuer, in_len) != 0 || c.sig_alg == DTLS_SIG_NONE)
        return;
    if (c.sig_alg == DTLS_SIG_ECDSA_SHA384 || c.sig_alg == DTLS_SIG_RSA_PKCS1_SHA384 ||
        c.sig_alg == DTLS_SIG_RSA_PSS_SHA384) {
        dtls_sha384(h, c.tbs.data, c.tbs.len);
        hl = 48;
    } else {
        dtls_sha256(h, c.tbs.data, c.tbs.len);
        hl = 32;
    }
    fz_sb_reset();
    fz_sb_u8(8);
    fz_sb_u16(i.spki.len);
    fz_sb_bytes(i.spki.data, i.spki.len);
    fz_sb_u16(hl);
    fz_sb_bytes(h, hl);
    fz_sb_u16(c.sig.len);
    fz_sb_bytes(c.sig.data, c.sig.len);
    fz_sb_u16(c.sig_alg);
    fz_sb_write(dir, name);
}

/* The seeds of one certificate. */
static void fx_cert_seeds(const char *dir, const char *base, const uint8_t *p, size_t n)
{
    dtls_x509 c;
    char name[160];
    snprintf(name, sizeof name, "cert-%s", base);
    fx_seed1(dir, name, 0, p, n);
    snprintf(name, sizeof name, "der-%s", base);
    fx_seed1(dir, name, 6, p, n);
    if (dtls_x509_parse(&c, p, n) == 0) {
        snprintf(name, sizeof name, "spki-%s", base);
        fx_seed1(dir, name, 1, c.spki.data, c.spki.len);
    }
}

/* The seeds of one private key (DER). */
static void fx_key_seeds(const char *dir, const char *base, const uint8_t *p, size_t n, const uint8_t *cert, size_t cn)
{
    char name[160];
    snprintf(name, sizeof name, "key-%s", base);
    fx_seed1(dir, name, 2, p, n);
    snprintf(name, sizeof name, "pem-key-%s", base);
    fx_pem_seed(dir, name, "PRIVATE KEY", p, n);
    if (cert != NULL) {
        fz_sb_reset();
        fz_sb_u8(7);
        fz_sb_u16(n);
        fz_sb_bytes(p, n);
        fz_sb_u16(cn);
        fz_sb_bytes(cert, cn);
        fz_sb_u16(sizeof cd_inter);
        fz_sb_bytes(cd_inter, sizeof cd_inter);
        snprintf(name, sizeof name, "cred-%s", base);
        fz_sb_write(dir, name);
    }
}

/* Loads DIR/file (DER) into a static slot: a blob, or data NULL. */
static dtls_blob fx_load(const char *dir, const char *file)
{
    static uint8_t *held[512];
    static int nheld;
    char path[4096];
    dtls_blob b;
    uint8_t *buf = NULL;
    long n;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    n = fz_read_file(path, &buf);
    b.data = NULL;
    b.len = 0;
    if (n < 0)
        return b;
    if (nheld < 512)
        held[nheld++] = buf;
    b.data = buf;
    b.len = (size_t)n;
    return b;
}

/* Splits "a,b,c" into blobs loaded from dir: the count (0 on a missing file). */
static size_t fx_list(const char *dir, char *list, dtls_blob *out, size_t max)
{
    size_t n = 0;
    char *tok = strtok(list, ",");
    while (tok != NULL && n < max) {
        out[n] = fx_load(dir, tok);
        if (out[n].data == NULL)
            return 0;
        n++;
        tok = strtok(NULL, ",");
    }
    return n;
}

/* The corpus of tests/certs/gen.sh: every .der, every .key, every case. */
static int fx_certdir(const char *dir, const char *cdir)
{
    char path[4096], line[2048];
    DIR *d = opendir(cdir);
    struct dirent *e;
    FILE *f;
    if (d == NULL) {
        fprintf(stderr, "no certificate directory %s\n", cdir);
        return 1;
    }
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        uint8_t *buf = NULL;
        long n;
        char base[300];
        if (l < 5)
            continue;
        snprintf(path, sizeof path, "%s/%s", cdir, e->d_name);
        snprintf(base, sizeof base, "gen-%.*s", (int)(l - 4), e->d_name);
        if (strcmp(e->d_name + l - 4, ".der") == 0) {
            n = fz_read_file(path, &buf);
            if (n > 0)
                fx_cert_seeds(dir, base, buf, (size_t)n);
        } else if (strcmp(e->d_name + l - 4, ".key") == 0 || strcmp(e->d_name + l - 4, ".pem") == 0) {
            n = fz_read_file(path, &buf);
            if (n > 0) {
                static uint8_t der[16384];
                int r;
                char name[320];
                snprintf(name, sizeof name, "pemfile-%s", e->d_name);
                fz_sb_reset();
                fz_sb_u8(3);
                fz_sb_u8(0);
                fz_sb_u8(0);
                fz_sb_bytes(buf, (size_t)n);
                fz_sb_write(dir, name);
                r = dtls_pem_decode(der, sizeof der, (const char *)buf, (size_t)n, "PRIVATE KEY", NULL);
                if (r > 0) {
                    snprintf(name, sizeof name, "key-%s", base);
                    fx_seed1(dir, name, 2, der, (size_t)r);
                }
            }
        }
        free(buf);
    }
    closedir(d);
    snprintf(path, sizeof path, "%s/cases.txt", cdir);
    f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "no %s\n", path);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char cname[256], expect[64], alert[16], purpose[16], host[256], now[32], anchors[1024], chain[1024];
        int depth, cnfb;
        dtls_blob a[FX_MAX_ITEMS], c[FX_MAX_ITEMS];
        size_t na, nc;
        char name[320];
        unsigned flags;
        if (line[0] == '#' || sscanf(line, "%255s %63s %15s %15s %255s %31s %d %d %1023s %1023s", cname, expect, alert,
                                     purpose, host, now, &depth, &cnfb, anchors, chain) != 10)
            continue;
        na = fx_list(cdir, anchors, a, 4);
        nc = fx_list(cdir, chain, c, FX_MAX_ITEMS - na);
        if (na == 0 || nc == 0)
            continue;
        flags = (strcmp(purpose, "client") == 0 ? 1u : 0u) | (strcmp(now, "-") != 0 ? 2u : 0u) |
                (cnfb ? 4u : 0u) | ((unsigned)depth & 7) << 4;
        snprintf(name, sizeof name, "verify-gen-%s", cname);
        fx_verify_seed(dir, name, flags, strcmp(now, "-") != 0 ? (int64_t)strtoll(now, NULL, 10) : 0,
                       strcmp(host, "-") != 0 ? host : NULL, a, na, c, nc);
        if (nc >= 2) {
            snprintf(name, sizeof name, "sig-gen-%s", cname);
            fx_sig_seed(dir, name, c[0].data, c[0].len, c[1].data, c[1].len);
        }
    }
    fclose(f);
    return 0;
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static const struct {
        const char *name;
        const uint8_t *p;
        size_t n;
    } certs[] = {{"root", cd_root, sizeof cd_root},    {"inter", cd_inter, sizeof cd_inter},
                 {"srv", cd_srv, sizeof cd_srv},       {"cli", cd_cli, sizeof cd_cli},
                 {"rroot", cd_rroot, sizeof cd_rroot}, {"rsrv", cd_rsrv, sizeof cd_rsrv}};
    static const char *const names[] = {"localhost", "127.0.0.1", "::1", "device-1", "2001:db8::1:0:0:1",
                                        "LOCALHOST.", "1.2.3.4.5", "a..b", "xn--bcher-kva.example"};
    dtls_blob anchor[2], chain[2];
    size_t i;
    char name[64];
    for (i = 0; i < sizeof certs / sizeof certs[0]; i++) {
        fx_cert_seeds(dir, certs[i].name, certs[i].p, certs[i].n);
        snprintf(name, sizeof name, "pem-cert-%s", certs[i].name);
        fx_pem_seed(dir, name, "CERTIFICATE", certs[i].p, certs[i].n);
    }
    fx_key_seeds(dir, "srv", cd_srv_key, sizeof cd_srv_key, cd_srv, sizeof cd_srv);
    fx_key_seeds(dir, "cli", cd_cli_key, sizeof cd_cli_key, cd_cli, sizeof cd_cli);
    fx_key_seeds(dir, "rsrv", cd_rsrv_key, sizeof cd_rsrv_key, NULL, 0);
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(name, sizeof name, "name-%u", (unsigned)i);
        fx_seed1(dir, name, 5, (const uint8_t *)names[i], strlen(names[i]));
    }
    anchor[0].data = cd_root;
    anchor[0].len = sizeof cd_root;
    anchor[1].data = cd_rroot;
    anchor[1].len = sizeof cd_rroot;
    chain[0].data = cd_srv;
    chain[0].len = sizeof cd_srv;
    chain[1].data = cd_inter;
    chain[1].len = sizeof cd_inter;
    fx_verify_seed(dir, "verify-srv", 2, FZ_WALL, "localhost", anchor, 2, chain, 2);
    fx_verify_seed(dir, "verify-srv-ip", 2 | 4, FZ_WALL, "127.0.0.1", anchor, 1, chain, 2);
    chain[0].data = cd_cli;
    chain[0].len = sizeof cd_cli;
    fx_verify_seed(dir, "verify-cli", 1 | 2, FZ_WALL, NULL, anchor, 1, chain, 2);
    chain[0].data = cd_rsrv;
    chain[0].len = sizeof cd_rsrv;
    fx_verify_seed(dir, "verify-rsa", 2, FZ_WALL, "localhost", anchor + 1, 1, chain, 1);
    fx_sig_seed(dir, "sig-srv", cd_srv, sizeof cd_srv, cd_inter, sizeof cd_inter);
    fx_sig_seed(dir, "sig-inter", cd_inter, sizeof cd_inter, cd_root, sizeof cd_root);
    fx_sig_seed(dir, "sig-rsrv", cd_rsrv, sizeof cd_rsrv, cd_rroot, sizeof cd_rroot);
    if (argc >= 1)
        return fx_certdir(dir, argv[0]);
    return 0;
}
