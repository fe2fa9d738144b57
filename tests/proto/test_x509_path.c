/* test_x509_path.c - certification path validation, RFC 9525 names, IP
 * literals and certificate alerts (proto/x509_path.c).
 *
 * Without openssl: dtls_ip_parse (RFC 791 dotted quad, RFC 4291 2.2 text
 * forms), dtls_x509_check_name over hand-made subjectAltName / CN values
 * (RFC 9525 6.3: wildcard only as the whole left-most label, no partial or
 * multiple wildcards, no single-label suffix, trailing dot, IP literals never
 * match dNSNames), dtls_x509_alert (RFC 5246 7.2.2 via x509.h), argument
 * checks of dtls_x509_verify.
 *
 * The corpus: every case of $DTLS_CERTS/cases.txt (made by
 * tests/certs/gen.sh; when DTLS_CERTS is unset the test runs gen.sh itself
 * into a temporary directory if openssl is on PATH) is verified and must give
 * exactly the expected error code and alert.  Each case counts as one test. */
#include "ptest.h"

#include <time.h>

/* ---------------------------------------------------------------- IP */

typedef struct {
    const char *text;
    const char *hex; /* NULL: not an IP literal */
} ip_vec;

static const ip_vec ip_vecs[] = {
    { "0.0.0.0", "00000000" },
    { "255.255.255.255", "ffffffff" },
    { "192.0.2.1", "c0000201" },
    { "10.0.0.10", "0a00000a" },
    { "::", "00000000000000000000000000000000" },
    { "::1", "00000000000000000000000000000001" },
    { "1::", "00010000000000000000000000000000" },
    { "1::8", "00010000000000000000000000000008" },
    { "fe80::", "fe800000000000000000000000000000" },
    { "2001:db8::1", "20010db8000000000000000000000001" },
    { "2001:DB8:0:0:8:800:200C:417A", "20010db80000000000080800200c417a" }, /* RFC 4291 2.2 */
    { "2001:db8:0:0::1", "20010db8000000000000000000000001" },
    { "1:2:3:4:5:6:7:8", "00010002000300040005000600070008" },
    { "::1:2:3:4:5:6:7", "00000001000200030004000500060007" },
    { "1:2:3:4:5:6:7::", "00010002000300040005000600070000" },
    { "::ffff:192.0.2.1", "00000000000000000000ffffc0000201" },
    { "::13.1.68.3", "0000000000000000000000000d014403" }, /* RFC 4291 2.2 example */
    { "1:2:3:4:5:6:1.2.3.4", "00010002000300040005000601020304" },
    { "0:0:0:0:0:FFFF:129.144.52.38", "00000000000000000000ffff81903426" },
    { "", NULL },
    { "example.com", NULL },
    { "1.2.3", NULL },
    { "1.2.3.4.5", NULL },
    { "256.1.1.1", NULL },
    { "1.2.3.256", NULL },
    { "01.2.3.4", NULL },
    { "1.2.3.04", NULL },
    { "1.2.3.000", NULL },
    { "1..2.3", NULL },
    { "1.2.3.4.", NULL },
    { ".1.2.3.4", NULL },
    { " 1.2.3.4", NULL },
    { "1.2.3.4 ", NULL },
    { "1.2.3.-4", NULL },
    { "0x1.2.3.4", NULL },
    { "1.2.3.4a", NULL },
    { "1234.2.3.4", NULL },
    { "1.2.3.4.example", NULL },
    { ":", NULL },
    { ":::", NULL },
    { "::::", NULL },
    { ":1", NULL },
    { "1:", NULL },
    { "1:2:3:4:5:6:7", NULL },
    { "1:2:3:4:5:6:7:8:9", NULL },
    { "1::2:3:4:5:6:7:8", NULL },
    { "1::2::3", NULL },
    { "::1::", NULL },
    { "12345::", NULL },
    { "g::", NULL },
    { "::1.2.3", NULL },
    { "1.2.3.4::", NULL },
    { "::1.2.3.4:5", NULL },
    { "::01.2.3.4", NULL },
    { "1:2:3:4:5:6:7:1.2.3.4", NULL },
    { "fe80::1%eth0", NULL },
    { "[::1]", NULL },
    { "::1/128", NULL },
    { "1:::2", NULL },
};

TEST(ip_parse)
{
    size_t i;
    for (i = 0; i < sizeof ip_vecs / sizeof ip_vecs[0]; i++) {
        uint8_t ip[16], want[16];
        size_t len = 99, wl = 0;
        int r;
        memset(ip, 0xaa, sizeof ip);
        r = dtls_ip_parse(ip_vecs[i].text, ip, &len);
        if (ip_vecs[i].hex != NULL)
            wl = unhex(want, sizeof want, ip_vecs[i].hex);
        if (r != (ip_vecs[i].hex != NULL))
            fprintf(stderr, "ip_parse(\"%s\") = %d\n", ip_vecs[i].text, r);
        CHECK_EQ(r, ip_vecs[i].hex != NULL);
        if (r && ip_vecs[i].hex != NULL) {
            CHECK_EQ(len, wl);
            CHECK_MEM(ip, want, wl);
        }
        /* the outputs are optional */
        CHECK_EQ(dtls_ip_parse(ip_vecs[i].text, NULL, NULL), ip_vecs[i].hex != NULL);
    }
    CHECK_EQ(dtls_ip_parse(NULL, NULL, NULL), 0);
}

/* ---------------------------------------------------------------- names */

/* A certificate with only the fields dtls_x509_check_name reads: the
 * subjectAltName GeneralNames contents and the CN.  san: entries separated
 * by '|', each "D:name" (dNSName), "I:hex" (iPAddress), "E:text"
 * (rfc822Name), "N:" a dNSName with an embedded NUL ("example.com\0.evil"). */
typedef struct {
    dtls_x509 c;
    uint8_t san[256];
    char cn[64];
} fake_cert;

static void fake_make(fake_cert *f, const char *san, const char *cn)
{
    size_t n = 0;
    memset(f, 0, sizeof *f);
    if (san != NULL) {
        const char *s = san;
        while (*s) {
            const char *e = strchr(s, '|');
            size_t l = e ? (size_t)(e - s) : strlen(s);
            uint8_t tag = s[0] == 'D' ? 0x82 : s[0] == 'I' ? 0x87 : s[0] == 'E' ? 0x81 : 0x82;
            if (s[0] == 'I') {
                char hex[80];
                memcpy(hex, s + 2, l - 2);
                hex[l - 2] = 0;
                f->san[n] = tag;
                f->san[n + 1] = (uint8_t)unhex(f->san + n + 2, sizeof f->san - n - 2, hex);
            } else if (s[0] == 'N') {
                static const char evil[] = "example.com\0.evil";
                f->san[n] = tag;
                f->san[n + 1] = (uint8_t)(sizeof evil - 1);
                memcpy(f->san + n + 2, evil, sizeof evil - 1);
            } else {
                f->san[n] = tag;
                f->san[n + 1] = (uint8_t)(l - 2);
                memcpy(f->san + n + 2, s + 2, l - 2);
            }
            n += 2 + f->san[n + 1];
            s += l;
            if (*s == '|') s++;
        }
        f->c.san.data = f->san;
        f->c.san.len = n;
    }
    if (cn != NULL) {
        strcpy(f->cn, cn);
        f->c.cn.data = (const uint8_t *)f->cn;
        f->c.cn.len = strlen(cn);
    }
}

typedef struct {
    const char *san; /* NULL: no subjectAltName */
    const char *cn;  /* NULL: no CN */
    int fallback;
    const char *name;
    int ok;
} name_vec;

static const name_vec name_vecs[] = {
    /* exact names, case, trailing dot */
    { "D:example.com", NULL, 0, "example.com", 1 },
    { "D:example.com", NULL, 0, "EXAMPLE.Com", 1 },
    { "D:Example.COM", NULL, 0, "example.com", 1 },
    { "D:example.com", NULL, 0, "example.com.", 1 },
    { "D:example.com", NULL, 0, "example.com..", 0 },
    { "D:example.com", NULL, 0, "www.example.com", 0 },
    { "D:example.com", NULL, 0, "xample.com", 0 },
    { "D:example.com", NULL, 0, "example.co", 0 },
    { "D:example.com", NULL, 0, "", 0 },
    { "D:example.com", NULL, 0, ".", 0 },
    { "D:example.com", NULL, 0, ".example.com", 0 },
    { "D:a.example.com|D:b.example.com", NULL, 0, "b.example.com", 1 },
    { "E:b.example.com|D:a.example.com", NULL, 0, "b.example.com", 0 },
    { "N:", NULL, 0, "example.com", 0 },
    { "D:example.com.", NULL, 0, "example.com", 0 },
    /* wildcards: only the whole left-most label, one label, two labels after it */
    { "D:*.example.com", NULL, 0, "a.example.com", 1 },
    { "D:*.example.com", NULL, 0, "A.EXAMPLE.com", 1 },
    { "D:*.example.com", NULL, 0, "a.example.com.", 1 },
    { "D:*.example.com", NULL, 0, "xn--bcher-kva.example.com", 1 },
    { "D:*.example.com", NULL, 0, "example.com", 0 },
    { "D:*.example.com", NULL, 0, ".example.com", 0 },
    { "D:*.example.com", NULL, 0, "a.b.example.com", 0 },
    { "D:*.example.com", NULL, 0, "*.example.com", 0 },
    { "D:*.example.com", NULL, 0, "a.example.org", 0 },
    { "D:*.example.com", NULL, 0, "aexample.com", 0 },
    { "D:f*.example.com", NULL, 0, "foo.example.com", 0 },
    { "D:*o.example.com", NULL, 0, "foo.example.com", 0 },
    { "D:f*o.example.com", NULL, 0, "foo.example.com", 0 },
    { "D:*.*.example.com", NULL, 0, "a.b.example.com", 0 },
    { "D:a.*.example.com", NULL, 0, "a.b.example.com", 0 },
    { "D:*.com", NULL, 0, "example.com", 0 },
    { "D:*", NULL, 0, "example", 0 },
    { "D:*.", NULL, 0, "a.", 0 },
    { "D:xn--*.example.com", NULL, 0, "xn--abc.example.com", 0 },
    { "D:*xn--abc.example.com", NULL, 0, "xn--abc.example.com", 0 },
    { "D:**.example.com", NULL, 0, "a.example.com", 0 },
    { "D:*..example.com", NULL, 0, "a..example.com", 0 },
    /* IP literals against iPAddress only, byte for byte */
    { "I:c0000201", NULL, 0, "192.0.2.1", 1 },
    { "I:c0000201", NULL, 0, "192.0.2.2", 0 },
    { "I:c0000201", NULL, 0, "::ffff:192.0.2.1", 0 },
    { "I:00000000000000000000ffffc0000201", NULL, 0, "::ffff:192.0.2.1", 1 },
    { "I:00000000000000000000ffffc0000201", NULL, 0, "192.0.2.1", 0 },
    { "I:20010db8000000000000000000000001", NULL, 0, "2001:db8::1", 1 },
    { "I:20010db8000000000000000000000001", NULL, 0, "2001:DB8:0::0:1", 1 },
    { "I:20010db8000000000000000000000001", NULL, 0, "2001:db8::2", 0 },
    { "D:192.0.2.1", NULL, 0, "192.0.2.1", 0 },
    { "I:c0000201", NULL, 0, "c0000201", 0 },
    { "D:example.com|I:c0000201", NULL, 0, "192.0.2.1", 1 },
    { "D:example.com|I:c0000201", NULL, 0, "example.com", 1 },
    /* the common name: only with the fallback, only without DNS/IP SANs */
    { NULL, "cn.example.com", 0, "cn.example.com", 0 },
    { NULL, "cn.example.com", 1, "cn.example.com", 1 },
    { NULL, "cn.example.com", 1, "CN.example.com.", 1 },
    { NULL, "cn.example.com", 1, "other.example.com", 0 },
    { NULL, "*.example.com", 1, "a.example.com", 1 },
    { NULL, "f*.example.com", 1, "foo.example.com", 0 },
    { "D:other.example.com", "cn.example.com", 1, "cn.example.com", 0 },
    { "I:c0000201", "cn.example.com", 1, "cn.example.com", 0 },
    { "E:cn.example.com", "cn.example.com", 1, "cn.example.com", 1 },
    { NULL, "192.0.2.1", 1, "192.0.2.1", 0 },
    { NULL, NULL, 1, "example.com", 0 },
};

TEST(check_name_table)
{
    size_t i;
    fake_cert f;
    for (i = 0; i < sizeof name_vecs / sizeof name_vecs[0]; i++) {
        const name_vec *v = &name_vecs[i];
        int r;
        fake_make(&f, v->san, v->cn);
        r = dtls_x509_check_name(&f.c, v->name, v->fallback);
        if (r != (v->ok ? 0 : DTLS_ERR_CERT_NAME))
            fprintf(stderr, "check_name(san \"%s\", cn \"%s\", fallback %d, \"%s\") = %d\n",
                    v->san ? v->san : "-", v->cn ? v->cn : "-", v->fallback, v->name, r);
        CHECK_EQ(r, v->ok ? 0 : DTLS_ERR_CERT_NAME);
    }
    fake_make(&f, "D:example.com", NULL);
    CHECK_EQ(dtls_x509_check_name(NULL, "example.com", 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_x509_check_name(&f.c, NULL, 0), DTLS_ERR_BAD_ARG);
    /* a malformed subjectAltName matches nothing */
    f.c.san.len = 5;
    CHECK_EQ(dtls_x509_check_name(&f.c, "example.com", 0), DTLS_ERR_CERT_NAME);
}

/* ---------------------------------------------------------------- alerts */

TEST(alerts)
{
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_PARSE), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_SIGNATURE), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_ISSUER), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_CRITICAL), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_CONSTRAINTS), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_TOO_BIG), 42);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_UNSUPPORTED), 43);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_EXPIRED), 45);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_NAME), 46);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_NO_TIME), 46);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_UNKNOWN_CA), 48);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_CERT_REJECTED), 0);
    CHECK_EQ(dtls_x509_alert(0), 0);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_BAD_ARG), 0);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_BAD_SIGNATURE), 0);
    CHECK_EQ(dtls_x509_alert(DTLS_ERR_DECODE), 0);
    CHECK_EQ(dtls_x509_alert(1), 0);
}

/* ---------------------------------------------------------------- arguments */

TEST(verify_arguments)
{
    static const uint8_t junk[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
    dtls_blob chain[DTLS_MAX_CHAIN + 1], anchor;
    dtls_x509_verify_params p;
    size_t i;

    anchor.data = junk;
    anchor.len = sizeof junk;
    for (i = 0; i < DTLS_MAX_CHAIN + 1; i++) {
        chain[i].data = junk;
        chain[i].len = sizeof junk;
    }
    memset(&p, 0, sizeof p);
    p.anchors = &anchor;
    p.n_anchors = 1;
    p.purpose = DTLS_X509_SERVER;
    CHECK_EQ(dtls_x509_verify(NULL, chain, 1, NULL), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_x509_verify(&p, NULL, 1, NULL), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_x509_verify(&p, chain, 0, NULL), DTLS_ERR_BAD_ARG);
    p.purpose = 0;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_BAD_ARG);
    p.purpose = 3;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_BAD_ARG);
    p.purpose = DTLS_X509_CLIENT;
    p.anchors = NULL;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_BAD_ARG);
    p.anchors = &anchor;
    /* the count is checked before anything is parsed */
    CHECK_EQ(dtls_x509_verify(&p, chain, DTLS_MAX_CHAIN + 1, NULL), DTLS_ERR_CERT_TOO_BIG);
    CHECK_EQ(dtls_x509_verify(&p, chain, DTLS_MAX_CHAIN, NULL), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_CERT_PARSE);
    chain[0].len = 0;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_CERT_PARSE);
    chain[0].data = NULL;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_CERT_PARSE);
    chain[0].len = 5;
    CHECK_EQ(dtls_x509_verify(&p, chain, 1, NULL), DTLS_ERR_BAD_ARG);
}

/* ---------------------------------------------------------------- corpus */

#define MAX_FILES 8
#define MAX_DER 8192

static const struct {
    const char *name;
    int value;
} err_names[] = {
#define ERR_ROW(name, value, text) { #name, value },
    DTLS_ERROR_LIST(ERR_ROW)
#undef ERR_ROW
    { "OK", 0 },
};

static int err_value(const char *name, int *out)
{
    size_t i;
    for (i = 0; i < sizeof err_names / sizeof err_names[0]; i++)
        if (strcmp(err_names[i].name, name) == 0) {
            *out = err_names[i].value;
            return 1;
        }
    return 0;
}

typedef struct {
    char name[80], expect[48], purpose[16], host[80], now[24], anchors[400], chain[400];
    int max_depth, cn_fallback, alert;
} corpus_case;

static const char *corpus_dir;
static corpus_case cur_case;
static int seen_codes[64]; /* -DTLS_ERR_CERT_* seen as expectations */
static uint8_t files[2][MAX_FILES][MAX_DER];

/* Reads the comma-separated DER files of list into files[which]; the count, or -1. */
static int load_list(int which, const char *list, dtls_blob *out)
{
    char path[1024], one[128];
    int n = 0;
    while (*list) {
        const char *e = strchr(list, ',');
        size_t l = e ? (size_t)(e - list) : strlen(list);
        FILE *f;
        size_t got;
        if (n == MAX_FILES || l >= sizeof one)
            return -1;
        memcpy(one, list, l);
        one[l] = 0;
        snprintf(path, sizeof path, "%s/%s", corpus_dir, one);
        f = fopen(path, "rb");
        if (f == NULL) {
            fprintf(stderr, "cannot open %s\n", path);
            return -1;
        }
        got = fread(files[which][n], 1, MAX_DER, f);
        fclose(f);
        out[n].data = files[which][n];
        out[n].len = got;
        n++;
        list += l;
        if (*list == ',') list++;
    }
    return n;
}

static void run_case(void)
{
    const corpus_case *c = &cur_case;
    dtls_blob anchors[MAX_FILES], chain[MAX_FILES];
    dtls_x509_verify_params p;
    dtls_x509 leaf;
    int na, nc, want = 1, rc;

    if (!err_value(c->expect, &want)) {
        FAIL("unknown expectation in cases.txt");
        return;
    }
    na = load_list(0, c->anchors, anchors);
    nc = load_list(1, c->chain, chain);
    if (na < 0 || nc < 0) {
        FAIL("cannot load the case's files");
        return;
    }
    memset(&p, 0, sizeof p);
    p.anchors = anchors;
    p.n_anchors = (size_t)na;
    p.check_time = strcmp(c->now, "-") != 0;
    p.now = p.check_time ? (int64_t)strtoll(c->now, NULL, 10) : 0;
    p.purpose = strcmp(c->purpose, "client") == 0 ? DTLS_X509_CLIENT : DTLS_X509_SERVER;
    p.cn_fallback = (uint8_t)c->cn_fallback;
    p.max_depth = (uint8_t)c->max_depth;
    p.name = strcmp(c->host, "-") != 0 ? c->host : NULL;
    memset(&leaf, 0, sizeof leaf);
    rc = dtls_x509_verify(&p, chain, (size_t)nc, &leaf);
    if (rc != want)
        fprintf(stderr, "case %s: got %d (%s), want %s\n", c->name, rc, dtls_strerror(rc), c->expect);
    CHECK_EQ(rc, want);
    CHECK_EQ(dtls_x509_alert(rc), c->alert);
    CHECK_EQ(dtls_x509_alert(want), c->alert);
    if (want == 0) {
        CHECK(leaf.raw.data == chain[0].data);
        CHECK_EQ(leaf.raw.len, chain[0].len);
    }
    if (want < 0 && -want < 64)
        seen_codes[-want] = 1;
}

/* Every certificate error the issue names appears in the corpus. */
TEST(corpus_covers_every_error)
{
    static const int codes[] = { DTLS_ERR_CERT_PARSE, DTLS_ERR_CERT_SIGNATURE, DTLS_ERR_CERT_ISSUER,
                                 DTLS_ERR_CERT_CRITICAL, DTLS_ERR_CERT_CONSTRAINTS, DTLS_ERR_CERT_TOO_BIG,
                                 DTLS_ERR_CERT_EXPIRED, DTLS_ERR_CERT_UNKNOWN_CA, DTLS_ERR_CERT_UNSUPPORTED,
                                 DTLS_ERR_CERT_NAME };
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (!seen_codes[-codes[i]])
            fprintf(stderr, "no corpus case expects %s\n", dtls_strerror(codes[i]));
        CHECK(seen_codes[-codes[i]]);
    }
}

static int run_corpus(const char *dir)
{
    char path[1024], line[2048];
    FILE *f;
    int n = 0;

    corpus_dir = dir;
    snprintf(path, sizeof path, "%s/cases.txt", dir);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (fgets(line, sizeof line, f) != NULL) {
        corpus_case *c = &cur_case;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        memset(c, 0, sizeof *c);
        if (sscanf(line, "%79s %47s %d %15s %79s %23s %d %d %399s %399s", c->name, c->expect, &c->alert,
                   c->purpose, c->host, c->now, &c->max_depth, &c->cn_fallback, c->anchors, c->chain) != 10) {
            fprintf(stderr, "cases.txt: bad line: %s", line);
            fclose(f);
            return -1;
        }
        test_run(c->name, run_case);
        n++;
    }
    fclose(f);
    return n;
}

TEST(corpus_missing)
{
    test_skip("corpus", "DTLS_CERTS is unset and the corpus could not be made (openssl not on PATH, "
                        "or tests/certs/gen.sh not found from the current directory)");
}

TEST(corpus_broken)
{
    FAIL("the corpus's cases.txt is missing or malformed");
}

int main(void)
{
    const char *dir = getenv("DTLS_CERTS");
    char tmp[512], cmd[1200];
    int made = 0, n;

    RUN(ip_parse);
    RUN(check_name_table);
    RUN(alerts);
    RUN(verify_arguments);

    if (dir == NULL || dir[0] == 0) {
        FILE *g = fopen("tests/certs/gen.sh", "r");
        const char *t = getenv("TMPDIR");
        if (g != NULL)
            fclose(g);
        if (g != NULL && system("command -v openssl >/dev/null 2>&1") == 0) {
            snprintf(tmp, sizeof tmp, "%s/dtls-x509-path-%ld-%lu", t ? t : "/tmp", (long)time(NULL),
                     (unsigned long)clock());
            snprintf(cmd, sizeof cmd, "bash tests/certs/gen.sh '%s' >/dev/null 2>&1", tmp);
            printf("     DTLS_CERTS unset: making the corpus in %s\n", tmp);
            if (system(cmd) == 0) {
                dir = tmp;
                made = 1;
            }
        }
    }
    if (dir == NULL || dir[0] == 0) {
        RUN(corpus_missing);
    } else {
        n = run_corpus(dir);
        if (n <= 0)
            RUN(corpus_broken);
        else {
            printf("     corpus %s: %d cases\n", dir, n);
            RUN(corpus_covers_every_error);
        }
    }
    if (made) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
        if (system(cmd) != 0)
            printf("     could not remove %s\n", tmp);
    }
    return test_done();
}
