/* test_msg.c - handshake message bodies and hello extensions (proto/msg.h).
 *
 * Known answers are assembled field by field here from RFC 5246 §7.4.1.2-3, RFC 6347 §4.2.1,
 * RFC 4279 §2, RFC 5489 §2, RFC 8422 §5.1/§5.4, RFC 7627 §5.1, RFC 5746 §3.2, RFC 6066 §3; one real
 * ClientHello body was captured from OpenSSL 3.0 (`openssl s_client -dtls1_2 -psk 0102 -msg`). */
#include "ptest.h"

typedef int (*parse_fn)(const uint8_t *b, size_t n);

static int p_ch(const uint8_t *b, size_t n) { dtls__client_hello ch; return dtls__msg_parse_client_hello(&ch, b, n); }
static int p_sh(const uint8_t *b, size_t n) { dtls__server_hello sh; return dtls__msg_parse_server_hello(&sh, b, n); }
static int p_hvr(const uint8_t *b, size_t n)
{
    uint16_t v; const uint8_t *c; size_t cl;
    return dtls__msg_parse_hello_verify(&v, &c, &cl, b, n);
}
static int p_ske(const uint8_t *b, size_t n) { const uint8_t *h; size_t hl; return dtls__msg_parse_ske_psk(&h, &hl, b, n); }
static int p_ske_ec(const uint8_t *b, size_t n)
{
    const uint8_t *h, *pt; size_t hl, pl; uint16_t g;
    return dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, b, n);
}
static int p_cke(const uint8_t *b, size_t n) { const uint8_t *h; size_t hl; return dtls__msg_parse_cke_psk(&h, &hl, b, n); }
static int p_cke_ec(const uint8_t *b, size_t n)
{
    const uint8_t *h, *pt; size_t hl, pl;
    return dtls__msg_parse_cke_ecdhe_psk(&h, &hl, &pt, &pl, b, n);
}

/* Parses every prefix of body (each in its own exact-size heap copy, so ASan sees any over-read) and body plus a
   trailing byte: DTLS_ERR_DECODE for all, except the prefix of length ok_at (a hello cut right before its
   optional extensions block; (size_t)-1: none) and the whole body, which parse. */
static void check_lengths(parse_fn fn, const uint8_t *body, size_t len, size_t ok_at)
{
    size_t n;
    for (n = 0; n <= len + 1; n++) {
        uint8_t *c = (uint8_t *)malloc(n ? n : 1);
        int want = (n == len || n == ok_at) ? 0 : DTLS_ERR_DECODE, got;
        /* a zero-filled copy, then the body's bytes: the byte past the body
         * (n == len + 1) stays 0 (written this way, gcc -O2 sees no overflow) */
        memset(c, 0, n ? n : 1);
        if (n) memcpy(c, body, n <= len ? n : len);
        got = fn(n ? c : NULL, n);
        if (got != want) {
            fprintf(stderr, "  length %lu of %lu: got %d want %d\n", (unsigned long)n, (unsigned long)len, got, want);
            FAIL("check_lengths");
        }
        free(c);
    }
}

static const uint8_t rnd[32] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31 };
#define RND_HEX "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

/* ClientHello: session_id 5151, cookie c0c1c2, suites PSK_AES_128_CCM_8, ECDHE_PSK_CHACHA20, groups x25519, secp256r1,
   server_name "ab". */
static const char ch_full_hex[] =
    "fefd"                      /* client_version DTLS 1.2 */
    RND_HEX                     /* random */
    "02" "5151"                 /* session_id<0..32> */
    "03" "c0c1c2"               /* cookie<0..2^8-1> */
    "0004" "c0a8" "ccac"        /* cipher_suites<2..2^16-2> */
    "01" "00"                   /* compression_methods: null */
    "0036"                      /* extensions<0..2^16-1>: 54 bytes */
    "0017" "0000"               /* extended_master_secret, empty */
    "ff01" "0001" "00"          /* renegotiation_info: renegotiated_connection<0..255> empty */
    "000a" "0006" "0004" "001d" "0017"    /* supported_groups: x25519, secp256r1 */
    "000b" "0002" "01" "00"     /* ec_point_formats: [uncompressed] */
    "000d" "000e" "000c" "0403" "0503" "0804" "0805" "0401" "0501" /* signature_algorithms */
    "0000" "0007" "0005" "00" "0002" "6162"; /* server_name: list(5) = host_name(0), "ab" */
#define CH_FULL_EXT_AT (2 + 32 + 3 + 4 + 6 + 2) /* where the extensions block starts */

static const char ch_min_hex[] =
    "fefd" RND_HEX "00" "00" "0002" "c0a8" "0100"
    "001b" "00170000" "ff01000100" "000d000e000c040305030804080504010501";

/* OpenSSL 3.0.22 s_client -dtls1_2 -psk 0102: the body of its first ClientHello (232 bytes). */
static const char ch_openssl_hex[] =
    "fefd8ff7355b0111b5b8b605382fb33cf0a990dbf6f2bfe58f11f7e296c87731"
    "6c720000006cc02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023"
    "c0270067c00ac0140039c009c013003300ad00abccaeccadccac009d00a9ccab"
    "00ac00aa009c00a8003d003cc038c03600b700b300950091003500af008dc037"
    "c03500b600b200940090002f00ae008c00ff01000052000b000403000102000a"
    "000c000a001d0017001e00190018002300000016000000170000000d002a0028"
    "040305030603080708080809080a080b08040805080604010501060103030301"
    "0302040205020602";

static const uint16_t suites2[2] = { 0xC0A8, 0xCCAC };
static const uint16_t groups2[2] = { 29, 23 };
static const uint8_t sid2[2] = { 0x51, 0x51 }, cookie3[3] = { 0xC0, 0xC1, 0xC2 };

static void ch_out_full(dtls__client_hello_out *o)
{
    memset(o, 0, sizeof *o);
    o->random = rnd;
    o->session_id = sid2; o->session_id_len = 2;
    o->cookie = cookie3; o->cookie_len = 3;
    o->suites = suites2; o->n_suites = 2;
    o->groups = groups2; o->n_groups = 2;
    o->sni = (const uint8_t *)"ab"; o->sni_len = 2;
}

/* Every cap below the length is BUFFER_TOO_SMALL and writes nothing past cap; the exact cap works. */
#define CHECK_CAPS(call_with_cap, want_len)                                     \
    do {                                                                        \
        size_t cap_;                                                            \
        for (cap_ = 0; cap_ <= (size_t)(want_len); cap_++) {                    \
            memset(out, 0xEE, sizeof out);                                      \
            { size_t cap = cap_; int r_ = (call_with_cap);                     \
              CHECK_EQ(r_, cap_ == (size_t)(want_len) ? (int)(want_len) : DTLS_ERR_BUFFER_TOO_SMALL); } \
            CHECK(out[cap_] == 0xEE);                                           \
        }                                                                       \
    } while (0)

TEST(ch_write_known_answer)
{
    uint8_t out[300], want[300];
    size_t n = unhex(want, sizeof want, ch_full_hex);
    dtls__client_hello_out o;
    ch_out_full(&o);
    CHECK_EQ(n, 105);
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_client_hello(out, cap, &o), n);
    /* minimal: no session_id, cookie, groups, SNI */
    n = unhex(want, sizeof want, ch_min_hex);
    o.session_id = NULL; o.session_id_len = 0; o.cookie = NULL; o.cookie_len = 0;
    o.n_suites = 1; o.groups = NULL; o.n_groups = 0; o.sni = NULL; o.sni_len = 0;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), n);
    CHECK_MEM(out, want, n);
}

TEST(ch_write_bad_args)
{
    uint8_t out[600], big[300];
    dtls__client_hello_out o;
    memset(big, 0x41, sizeof big);
    ch_out_full(&o); o.random = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    ch_out_full(&o); o.session_id = big; o.session_id_len = 33;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_client_hello(out, 3, &o), DTLS_ERR_BAD_ARG); /* whatever cap is */
    o.session_id_len = 32;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), 105 + 30);
    ch_out_full(&o); o.cookie = big; o.cookie_len = 256;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    o.cookie_len = 255;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), 105 + 252);
    ch_out_full(&o); o.n_suites = 0;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    ch_out_full(&o); o.suites = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    ch_out_full(&o); o.groups = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    ch_out_full(&o); o.sni = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    ch_out_full(&o); o.session_id = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    {
        /* the extensions block holds 27 fixed bytes + 4 + 5 (server_name headers) + the host name (no groups):
           65499 bytes fit, 65500 make the block too long for its length field */
        uint8_t *host = (uint8_t *)calloc(65500, 1), *o2 = (uint8_t *)malloc(70000);
        ch_out_full(&o); o.n_groups = 0; o.sni = host; o.sni_len = 65500;
        CHECK_EQ(dtls__msg_write_client_hello(o2, 70000, &o), DTLS_ERR_BAD_ARG);
        o.sni_len = 65499;
        CHECK_EQ(dtls__msg_write_client_hello(o2, 70000, &o), 49 + 2 + 65535);
        free(host);
        free(o2);
    }
}

TEST(ch_round_trip_and_lengths)
{
    uint8_t b[300];
    size_t n = unhex(b, sizeof b, ch_full_hex);
    dtls__client_hello ch;
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.version, 0xFEFD);
    CHECK(ch.random == b + 2);
    CHECK(ch.session_id == b + 35); CHECK_EQ(ch.session_id_len, 2);
    CHECK(ch.cookie == b + 38); CHECK_EQ(ch.cookie_len, 3);
    CHECK(ch.suites == b + 43); CHECK_EQ(ch.suites_len, 4);
    CHECK(ch.compression == b + 48); CHECK_EQ(ch.compression_len, 1);
    CHECK_EQ(ch.has_null_compression, 1);
    CHECK_EQ(ch.has_ems, 1); CHECK_EQ(ch.has_reneg_ext, 1); CHECK_EQ(ch.has_scsv, 0);
    CHECK(ch.groups == b + CH_FULL_EXT_AT + 2 + 9 + 6); CHECK_EQ(ch.groups_len, 4);
    CHECK_EQ(ch.has_point_formats, 1); CHECK_EQ(ch.has_uncompressed, 1);
    CHECK(ch.sig_algs == b + CH_FULL_EXT_AT + 2 + 9 + 10 + 6 + 6); CHECK_EQ(ch.sig_algs_len, 12);
    CHECK(ch.sni == b + n - 2); CHECK_EQ(ch.sni_len, 2);
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xCCAC), 1);
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xC0A9), 0);
    CHECK_EQ(dtls__msg_has_group(ch.groups, ch.groups_len, 23), 1);
    CHECK_EQ(dtls__msg_has_group(ch.groups, ch.groups_len, 24), 0);
    check_lengths(p_ch, b, n, CH_FULL_EXT_AT);
    /* cut before the extensions: none of them */
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, CH_FULL_EXT_AT), 0);
    CHECK_EQ(ch.has_ems, 0); CHECK(ch.groups == NULL); CHECK(ch.sig_algs == NULL); CHECK(ch.sni == NULL);
    CHECK_EQ(ch.has_reneg_ext, 0); CHECK_EQ(ch.has_point_formats, 0);
    n = unhex(b, sizeof b, ch_min_hex);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.session_id_len, 0); CHECK_EQ(ch.cookie_len, 0); CHECK(ch.groups == NULL); CHECK(ch.sni == NULL);
    CHECK_EQ(ch.has_point_formats, 0); CHECK_EQ(ch.has_ems, 1);
    check_lengths(p_ch, b, n, 2 + 32 + 1 + 1 + 4 + 2);
}

TEST(ch_openssl_capture)
{
    uint8_t b[300];
    size_t n = unhex(b, sizeof b, ch_openssl_hex);
    dtls__client_hello ch;
    CHECK_EQ(n, 232);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.version, 0xFEFD);
    CHECK_EQ(ch.session_id_len, 0);
    CHECK_EQ(ch.cookie_len, 0);
    CHECK_EQ(ch.suites_len, 108);
    CHECK_EQ(ch.has_scsv, 1);               /* 0x00FF, no renegotiation_info extension */
    CHECK_EQ(ch.has_reneg_ext, 0);
    CHECK_EQ(ch.has_ems, 1);
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0x00A8), 1); /* PSK_WITH_AES_128_GCM_SHA256 */
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xC0A8), 0); /* no CCM_8 by default */
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xCCAC), 1); /* ECDHE_PSK_CHACHA20 */
    CHECK_EQ(ch.compression_len, 1); CHECK_EQ(ch.has_null_compression, 1);
    CHECK_EQ(ch.groups_len, 10);
    CHECK_EQ(dtls__msg_has_group(ch.groups, ch.groups_len, 29), 1);
    CHECK_EQ(dtls__msg_has_group(ch.groups, ch.groups_len, 23), 1);
    CHECK_EQ(ch.has_point_formats, 1); CHECK_EQ(ch.has_uncompressed, 1);
    CHECK_EQ(ch.sig_algs_len, 40);
    CHECK(ch.sni == NULL);
    check_lengths(p_ch, b, n, 2 + 32 + 1 + 1 + 2 + 108 + 2);
}

/* A ClientHello with the minimal fixed part and the given extensions block (hex, without its length). */
static int ch_with_exts(dtls__client_hello *ch, const char *ext_hex)
{
    static uint8_t b[1200];
    size_t n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0002c0a8" "0100"), e;
    e = unhex(b + n + 2, sizeof b - n - 2, ext_hex);
    b[n] = (uint8_t)(e >> 8); b[n + 1] = (uint8_t)e;
    return dtls__msg_parse_client_hello(ch, b, n + 2 + e);
}

TEST(ch_extension_rules)
{
    dtls__client_hello ch;
    /* unknown extensions (0x1234 with data, 0xfe00 empty, session_ticket) are skipped */
    CHECK_EQ(ch_with_exts(&ch, "123400030a0b0c" "fe000000" "00170000" "00230000"), 0);
    CHECK_EQ(ch.has_ems, 1);
    CHECK_EQ(ch_with_exts(&ch, ""), 0); /* empty block */
    /* repeated: known, unknown, not adjacent */
    CHECK_EQ(ch_with_exts(&ch, "00170000" "00170000"), DTLS_ERR_DECODE);
    CHECK_EQ(ch_with_exts(&ch, "12340000" "00170000" "123400010a"), DTLS_ERR_DECODE);
    CHECK_EQ(ch_with_exts(&ch, "000a00040002001d" "000b00020100" "000a00040002001d"), DTLS_ERR_DECODE);
    /* inner length vs the extension's length */
    CHECK_EQ(ch_with_exts(&ch, "000a00040002001d"), 0);
    CHECK_EQ(ch_with_exts(&ch, "000a00060002001d0017"), DTLS_ERR_DECODE); /* inner 2 < outer 4 */
    CHECK_EQ(ch_with_exts(&ch, "000a00040004001d"), DTLS_ERR_DECODE);     /* inner 4 > outer 2 */
    CHECK_EQ(ch_with_exts(&ch, "000a000300010017"), DTLS_ERR_DECODE);      /* odd list */
    CHECK_EQ(ch_with_exts(&ch, "000a00020000"), DTLS_ERR_DECODE);          /* empty list */
    CHECK_EQ(ch_with_exts(&ch, "000d0004000204030000"), DTLS_ERR_DECODE);  /* outer 4 < its bytes */
    CHECK_EQ(ch_with_exts(&ch, "000d000400020403"), 0);
    CHECK_EQ(ch.sig_algs_len, 2);
    CHECK_EQ(ch_with_exts(&ch, "000d0005000304030100"), DTLS_ERR_DECODE);  /* odd */
    CHECK_EQ(ch_with_exts(&ch, "000b0003030100"), DTLS_ERR_DECODE);        /* inner 3 > outer 3-1 */
    CHECK_EQ(ch_with_exts(&ch, "000b000100"), DTLS_ERR_DECODE);            /* empty format list */
    CHECK_EQ(ch_with_exts(&ch, "000b00020101"), 0);                        /* ansiX962_compressed_prime only */
    CHECK_EQ(ch.has_point_formats, 1); CHECK_EQ(ch.has_uncompressed, 0);
    CHECK_EQ(ch_with_exts(&ch, "000b00040100" "0000"), DTLS_ERR_DECODE);     /* inner 1 < outer 4-1 */
    CHECK_EQ(ch_with_exts(&ch, "000b000403020100"), 0);
    CHECK_EQ(ch.has_uncompressed, 1);
    /* extension data running past the block, block length vs content */
    CHECK_EQ(ch_with_exts(&ch, "00170001"), DTLS_ERR_DECODE);
    CHECK_EQ(ch_with_exts(&ch, "0017"), DTLS_ERR_DECODE);
    /* extended_master_secret and renegotiation_info must be empty */
    CHECK_EQ(ch_with_exts(&ch, "0017000100"), DTLS_ERR_DECODE);
    CHECK_EQ(ch_with_exts(&ch, "ff01000100"), 0);
    CHECK_EQ(ch.has_reneg_ext, 1);
    CHECK_EQ(ch_with_exts(&ch, "ff010002" "0100"), DTLS_ERR_DECODE);       /* length 1 but no data */
    CHECK_EQ(ch_with_exts(&ch, "ff01000d" "0c000102030405060708090a0b"), DTLS_ERR_DECODE); /* renegotiating */
    CHECK_EQ(ch_with_exts(&ch, "ff010002" "0000"), DTLS_ERR_DECODE);       /* trailing byte */
    CHECK_EQ(ch_with_exts(&ch, "ff010000"), DTLS_ERR_DECODE);              /* no length byte */
    /* server_name */
    CHECK_EQ(ch_with_exts(&ch, "0000000c000a" "01000178" "0000036f6e65"), 0); /* type 1 skipped, host "one" */
    CHECK_EQ(ch.sni_len, 3); CHECK(ch.sni && memcmp(ch.sni, "one", 3) == 0);
    CHECK_EQ(ch_with_exts(&ch, "0000000a0008" "00000161" "00000162"), DTLS_ERR_DECODE); /* two host_names */
    CHECK_EQ(ch_with_exts(&ch, "000000050003" "000000"), DTLS_ERR_DECODE); /* empty HostName */
    CHECK_EQ(ch_with_exts(&ch, "000000020000"), DTLS_ERR_DECODE);         /* empty list */
    CHECK_EQ(ch_with_exts(&ch, "000000060003" "0000016100"), DTLS_ERR_DECODE); /* list shorter than data */
}

/* Work per hello is bounded (issue 9): at most DTLS__MSG_EXT_MAX (64)
 * extensions; the duplicate check is quadratic in their number.  64
 * distinct empty unknown extensions parse, 65 are a decode error. */
TEST(hello_extension_count_bounded)
{
    dtls__client_hello ch;
    dtls__server_hello sh;
    static char hex[4 * 8 * 70 + 1];
    static uint8_t b[1200];
    size_t n, i, e;
    for (i = 0; i < 65; i++)
        snprintf(hex + 8 * i, 9, "%04x0000", (unsigned)(0x1000 + i));
    hex[8 * 64] = 0;
    CHECK_EQ(ch_with_exts(&ch, hex), 0);
    snprintf(hex + 8 * 64, 9, "%04x0000", 0x1000u + 64u);
    CHECK_EQ(ch_with_exts(&ch, hex), DTLS_ERR_DECODE);
    /* the ServerHello likewise */
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "c0a8" "00");
    e = unhex(b + n + 2, sizeof b - n - 2, hex);
    b[n] = (uint8_t)(e >> 8);
    b[n + 1] = (uint8_t)e;
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, n + 2 + e), DTLS_ERR_DECODE);
    hex[8 * 64] = 0;
    e = unhex(b + n + 2, sizeof b - n - 2, hex);
    b[n] = (uint8_t)(e >> 8);
    b[n + 1] = (uint8_t)e;
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, n + 2 + e), 0);
}

TEST(ch_field_rules)
{
    uint8_t b[400];
    dtls__client_hello ch;
    size_t n;
    /* session_id of 32 accepted, 33 rejected */
    n = unhex(b, sizeof b, "fefd" RND_HEX "20" RND_HEX "00" "0002c0a8" "0100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.session_id_len, 32);
    n = unhex(b, sizeof b, "fefd" RND_HEX "21" RND_HEX "ff" "00" "0002c0a8" "0100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), DTLS_ERR_DECODE);
    /* compression without null: accepted and recorded; empty compression rejected */
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0002c0a8" "0201" "40");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.has_null_compression, 0); CHECK_EQ(ch.compression_len, 2); CHECK(ch.compression == b + 41);
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0002c0a8" "020100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.has_null_compression, 1);
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0002c0a8" "00");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), DTLS_ERR_DECODE);
    /* cipher_suites: odd or empty */
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0003c0a800" "0100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "fefd" RND_HEX "00" "00" "0000" "0100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), DTLS_ERR_DECODE);
    /* SCSV anywhere in the list; DTLS 1.0 version kept as sent */
    n = unhex(b, sizeof b, "feff" RND_HEX "00" "00" "0006c0a800ffccac" "0100");
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.has_scsv, 1); CHECK_EQ(ch.version, 0xFEFF);
    /* a cookie of 255 bytes */
    {
        char hex[800];
        size_t i;
        strcpy(hex, "fefd" RND_HEX "00" "ff");
        for (i = 0; i < 255; i++) strcat(hex, "5a");
        strcat(hex, "0002c0a80100");
        n = unhex(b, sizeof b, hex);
        CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
        CHECK_EQ(ch.cookie_len, 255); CHECK(ch.cookie == b + 36);
    }
}

TEST(hello_verify)
{
    uint8_t out[300], cookie[256], want[300];
    uint16_t v = 0;
    const uint8_t *c = NULL;
    size_t cl = 9, n;
    memset(cookie, 0x77, sizeof cookie);
    /* server_version ‖ cookie<0..2^8-1> */
    n = unhex(want, sizeof want, "feff" "03" "777777");
    CHECK_EQ(dtls__msg_write_hello_verify(out, sizeof out, 0xFEFF, cookie, 3), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_hello_verify(out, cap, 0xFEFF, cookie, 3), n);
    CHECK_EQ(dtls__msg_parse_hello_verify(&v, &c, &cl, out, n), 0);
    CHECK_EQ(v, 0xFEFF); CHECK(c == out + 3); CHECK_EQ(cl, 3);
    check_lengths(p_hvr, out, n, (size_t)-1);
    /* 255 bytes: written and parsed; 256 cannot be said */
    CHECK_EQ(dtls__msg_write_hello_verify(out, sizeof out, 0xFEFD, cookie, 255), 258);
    CHECK_EQ(out[2], 255);
    CHECK_EQ(dtls__msg_parse_hello_verify(&v, &c, &cl, out, 258), 0);
    CHECK_EQ(v, 0xFEFD); CHECK_EQ(cl, 255); CHECK(c == out + 3);
    check_lengths(p_hvr, out, 258, (size_t)-1);
    CHECK_EQ(dtls__msg_write_hello_verify(out, sizeof out, 0xFEFD, cookie, 256), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_hello_verify(out, sizeof out, 0xFEFD, NULL, 1), DTLS_ERR_BAD_ARG);
    /* empty cookie */
    CHECK_EQ(dtls__msg_write_hello_verify(out, sizeof out, 0xFEFD, NULL, 0), 3);
    CHECK_EQ(dtls__msg_parse_hello_verify(&v, &c, &cl, out, 3), 0);
    CHECK_EQ(cl, 0);
}

/* ServerHello: session_id 5151, suite ECDHE_PSK_CHACHA20, compression null, all three extensions. */
static const char sh_full_hex[] =
    "fefd" RND_HEX "02" "5151" "ccac" "00"
    "000f"                      /* extensions: 15 bytes */
    "0017" "0000"               /* extended_master_secret */
    "ff01" "0001" "00"          /* renegotiation_info, empty */
    "000b" "0002" "01" "00";    /* ec_point_formats: [uncompressed] */
#define SH_EXT_AT (2 + 32 + 3 + 2 + 1)

static int sh_with_exts(dtls__server_hello *sh, const char *ext_hex)
{
    static uint8_t b[300];
    size_t n = unhex(b, sizeof b, "fefd" RND_HEX "00" "c0a8" "00"), e;
    e = unhex(b + n + 2, sizeof b - n - 2, ext_hex);
    b[n] = (uint8_t)(e >> 8); b[n + 1] = (uint8_t)e;
    return dtls__msg_parse_server_hello(sh, b, n + 2 + e);
}

/* The positional form of the ServerHello writer's struct, for the tables below. */
static int w_sh(uint8_t *out, size_t cap, const uint8_t *random, const uint8_t *sid, size_t sid_len, uint16_t suite,
                int ems, int reneg, int point_formats)
{
    dtls__server_hello_out o;
    memset(&o, 0, sizeof(o));
    o.random = random;
    o.session_id = sid;
    o.session_id_len = sid_len;
    o.suite = suite;
    o.ems = (uint8_t)(ems != 0);
    o.reneg = (uint8_t)(reneg != 0);
    o.point_formats = (uint8_t)(point_formats != 0);
    return dtls__msg_write_server_hello(out, cap, &o);
}

TEST(sh_write_parse)
{
    uint8_t out[200], want[200];
    size_t n = unhex(want, sizeof want, sh_full_hex);
    dtls__server_hello sh;
    int combo;
    CHECK_EQ(w_sh(out, sizeof out, rnd, sid2, 2, 0xCCAC, 1, 1, 1), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(w_sh(out, cap, rnd, sid2, 2, 0xCCAC, 1, 1, 1), n);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, out, n), 0);
    CHECK_EQ(sh.version, 0xFEFD); CHECK(sh.random == out + 2);
    CHECK(sh.session_id == out + 35); CHECK_EQ(sh.session_id_len, 2);
    CHECK_EQ(sh.suite, 0xCCAC); CHECK_EQ(sh.compression, 0);
    CHECK_EQ(sh.has_ems, 1); CHECK_EQ(sh.has_reneg_ext, 1); CHECK_EQ(sh.has_point_formats, 1);
    CHECK_EQ(sh.has_uncompressed, 1); CHECK_EQ(sh.has_other_ext, 0); CHECK_EQ(sh.has_server_name, 0);
    check_lengths(p_sh, out, n, SH_EXT_AT);
    /* no extension at all: no block */
    n = unhex(want, sizeof want, "fefd" RND_HEX "00" "c0a8" "00");
    CHECK_EQ(w_sh(out, sizeof out, rnd, NULL, 0, 0xC0A8, 0, 0, 0), (int)n);
    CHECK_MEM(out, want, n);
    check_lengths(p_sh, out, n, (size_t)-1);
    /* each combination round-trips */
    for (combo = 0; combo < 8; combo++) {
        int r = w_sh(out, sizeof out, rnd, NULL, 0, 0xC0A8, combo & 1, combo & 2, combo & 4);
        CHECK_EQ(r, 38 + (combo ? 2 : 0) + (combo & 1 ? 4 : 0) + (combo & 2 ? 5 : 0) + (combo & 4 ? 6 : 0));
        CHECK_EQ(dtls__msg_parse_server_hello(&sh, out, (size_t)r), 0);
        CHECK_EQ(sh.has_ems, (combo & 1) != 0);
        CHECK_EQ(sh.has_reneg_ext, (combo & 2) != 0);
        CHECK_EQ(sh.has_point_formats, (combo & 4) != 0);
        CHECK_EQ(sh.has_other_ext, 0);
    }
    CHECK_EQ(w_sh(out, sizeof out, NULL, NULL, 0, 0xC0A8, 0, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(w_sh(out, sizeof out, rnd, want, 33, 0xC0A8, 0, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(w_sh(out, sizeof out, rnd, NULL, 1, 0xC0A8, 0, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(w_sh(out, sizeof out, rnd, want, 32, 0xC0A8, 0, 0, 0), 70);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, out, 70), 0);
    CHECK_EQ(sh.session_id_len, 32);
    n = unhex(want, sizeof want, "fefd" RND_HEX "21" RND_HEX "ab" "c0a8" "00"); /* session_id of 33 bytes */
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, want, n), DTLS_ERR_DECODE);
    want[34] = 32; /* the same bytes with 32: the 33rd byte and the next two read as suite and compression */
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, want, n), DTLS_ERR_DECODE); /* one byte left over */
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, want, n - 1), 0);
}

TEST(sh_extension_rules)
{
    dtls__server_hello sh;
    /* unknown extensions are recorded (the first one's type), not fatal here */
    CHECK_EQ(sh_with_exts(&sh, "00170000" "0024000101" "12340000"), 0);
    CHECK_EQ(sh.has_other_ext, 1); CHECK_EQ(sh.other_ext_type, 0x0024); CHECK_EQ(sh.has_ems, 1);
    /* session_ticket (RFC 5077 §3.2): empty in a ServerHello */
    CHECK_EQ(sh_with_exts(&sh, "00230000"), 0);
    CHECK_EQ(sh.has_ticket, 1); CHECK_EQ(sh.has_other_ext, 0);
    CHECK_EQ(sh_with_exts(&sh, "0023000101"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "000a00040002001d"), 0); /* supported_groups is not a ServerHello extension */
    CHECK_EQ(sh.has_other_ext, 1); CHECK_EQ(sh.other_ext_type, 10);
    CHECK_EQ(sh_with_exts(&sh, "00000000"), 0);
    CHECK_EQ(sh.has_server_name, 1); CHECK_EQ(sh.has_other_ext, 0);
    CHECK_EQ(sh_with_exts(&sh, "0000000100"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, ""), 0);
    CHECK_EQ(sh.has_other_ext, 0);
    /* repeated */
    CHECK_EQ(sh_with_exts(&sh, "ff01000100" "ff01000100"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "12340000" "00170000" "12340000"), DTLS_ERR_DECODE);
    /* non-empty */
    CHECK_EQ(sh_with_exts(&sh, "ff01000d" "0c000102030405060708090a0b"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "ff010002" "0000"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "0017000100"), DTLS_ERR_DECODE);
    /* ec_point_formats lengths */
    CHECK_EQ(sh_with_exts(&sh, "000b00020101"), 0);
    CHECK_EQ(sh.has_point_formats, 1); CHECK_EQ(sh.has_uncompressed, 0);
    CHECK_EQ(sh_with_exts(&sh, "000b0003010000"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "000b00020200"), DTLS_ERR_DECODE);
    CHECK_EQ(sh_with_exts(&sh, "000b000100"), DTLS_ERR_DECODE);
    /* unknown extension data past the block */
    CHECK_EQ(sh_with_exts(&sh, "12340005aabb"), DTLS_ERR_DECODE);
}

/* RFC 7250 §4 client_certificate_type (19) / server_certificate_type (20): a list<1..2^8-1> in the ClientHello,
   one byte in the ServerHello; RFC 6066 §3 the server's empty server_name. */
TEST(ch_cert_type_extensions)
{
    dtls__client_hello ch;
    uint8_t out[700], want[300];
    size_t n;
    dtls__client_hello_out o;
    static const uint8_t cli[1] = { DTLS__CERT_TYPE_RPK }, srv[2] = { DTLS__CERT_TYPE_RPK, DTLS__CERT_TYPE_X509 };
    static uint8_t many[256];
    /* parse */
    CHECK_EQ(ch_with_exts(&ch, "00170000"), 0);
    CHECK(ch.client_cert_types == NULL); CHECK(ch.server_cert_types == NULL);
    CHECK_EQ(ch_with_exts(&ch, "001300020102"), 0);
    CHECK(ch.client_cert_types != NULL); CHECK_EQ(ch.client_cert_types_len, 1); CHECK_EQ(ch.client_cert_types[0], 2);
    CHECK(ch.server_cert_types == NULL);
    CHECK_EQ(ch_with_exts(&ch, "00140003020200" "001300020100"), 0);
    CHECK_EQ(ch.server_cert_types_len, 2); CHECK_EQ(ch.server_cert_types[0], 2); CHECK_EQ(ch.server_cert_types[1], 0);
    CHECK_EQ(ch.client_cert_types_len, 1); CHECK_EQ(ch.client_cert_types[0], 0);
    CHECK_EQ(ch_with_exts(&ch, "0013000100"), DTLS_ERR_DECODE);         /* empty list */
    CHECK_EQ(ch_with_exts(&ch, "0014000100"), DTLS_ERR_DECODE);
    CHECK_EQ(ch_with_exts(&ch, "00130000"), DTLS_ERR_DECODE);           /* no list length */
    CHECK_EQ(ch_with_exts(&ch, "001300020202"), DTLS_ERR_DECODE);       /* inner 2 > outer 2-1 */
    CHECK_EQ(ch_with_exts(&ch, "00140003010200"), DTLS_ERR_DECODE);     /* inner 1 < outer 3-1 */
    CHECK_EQ(ch_with_exts(&ch, "001400020102" "001400020100"), DTLS_ERR_DECODE); /* repeated */
    /* write: after server_name, client's then server's; the rest byte for byte as before */
    ch_out_full(&o);
    o.client_cert_types = cli; o.n_client_cert_types = 1;
    o.server_cert_types = srv; o.n_server_cert_types = 2;
    n = unhex(want, sizeof want, ch_full_hex);
    n += unhex(want + n, sizeof want - n, "0013" "0002" "01" "02" "0014" "0003" "02" "0200");
    CHECK_EQ(n, 105 + 13);
    want[CH_FULL_EXT_AT + 1] = 0x36 + 13;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_client_hello(out, cap, &o), n);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, out, n), 0);
    CHECK(ch.client_cert_types == out + 105 + 5); CHECK_EQ(ch.client_cert_types_len, 1);
    CHECK(ch.server_cert_types == out + 105 + 6 + 5); CHECK_EQ(ch.server_cert_types_len, 2);
    CHECK(ch.sni == out + 103); CHECK_EQ(ch.sni_len, 2);
    check_lengths(p_ch, out, n, CH_FULL_EXT_AT);
    /* only one of them */
    o.n_client_cert_types = 0;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), 105 + 7);
    CHECK_MEM(out + 105, want + 105 + 6, 7);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, out, 112), 0);
    CHECK(ch.client_cert_types == NULL); CHECK_EQ(ch.server_cert_types_len, 2);
    /* bad arguments, whatever cap is; 255 types fit */
    o.server_cert_types = NULL;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_client_hello(out, 0, &o), DTLS_ERR_BAD_ARG);
    o.server_cert_types = many; o.n_server_cert_types = 256;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_client_hello(out, 0, &o), DTLS_ERR_BAD_ARG);
    o.n_server_cert_types = 255;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), 105 + 5 + 255);
    o.client_cert_types = NULL; o.n_client_cert_types = 1;
    CHECK_EQ(dtls__msg_write_client_hello(out, sizeof out, &o), DTLS_ERR_BAD_ARG);
}

TEST(sh_cert_type_extensions)
{
    dtls__server_hello sh;
    dtls__server_hello_out o;
    uint8_t out[200], want[200];
    size_t n;
    const size_t at = 2 + 32 + 1 + 2 + 1; /* no session_id: where the extensions start */
    /* parse: one byte each, not "other" */
    CHECK_EQ(sh_with_exts(&sh, "0013000102"), 0);
    CHECK_EQ(sh.has_client_cert_type, 1); CHECK_EQ(sh.client_cert_type, 2); CHECK_EQ(sh.has_server_cert_type, 0);
    CHECK_EQ(sh.has_other_ext, 0);
    CHECK_EQ(sh_with_exts(&sh, "0014000100"), 0);
    CHECK_EQ(sh.has_server_cert_type, 1); CHECK_EQ(sh.server_cert_type, 0); CHECK_EQ(sh.has_client_cert_type, 0);
    CHECK_EQ(sh.has_other_ext, 0);
    CHECK_EQ(sh_with_exts(&sh, "00130000"), DTLS_ERR_DECODE);           /* empty */
    CHECK_EQ(sh_with_exts(&sh, "001400020200"), DTLS_ERR_DECODE);       /* the ClientHello's list form */
    CHECK_EQ(sh_with_exts(&sh, "00140001"), DTLS_ERR_DECODE);           /* truncated */
    CHECK_EQ(sh_with_exts(&sh, "0013000102" "0013000102"), DTLS_ERR_DECODE); /* repeated */
    /* write: every extension, in the order of the struct */
    memset(&o, 0, sizeof o);
    o.random = rnd; o.suite = 0xC0AE; /* ECDHE_ECDSA_WITH_AES_128_CCM_8 */
    o.ems = 1; o.reneg = 1; o.point_formats = 1; o.sni_ack = 1;
    o.send_client_cert_type = 1; o.client_cert_type = DTLS__CERT_TYPE_RPK;
    o.send_server_cert_type = 1; o.server_cert_type = DTLS__CERT_TYPE_X509;
    n = unhex(want, sizeof want, "fefd" RND_HEX "00" "c0ae" "00" "001d"
              "00170000" "ff01000100" "000b00020100"
              "0000" "0000"                 /* server_name, empty */
              "0013" "0001" "02"            /* client_certificate_type: RawPublicKey */
              "0014" "0001" "00");          /* server_certificate_type: X.509 */
    CHECK_EQ(n, at + 2 + 29);
    CHECK_EQ(dtls__msg_write_server_hello(out, sizeof out, &o), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_server_hello(out, cap, &o), n);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, out, n), 0);
    CHECK_EQ(sh.has_server_name, 1);
    CHECK_EQ(sh.has_client_cert_type, 1); CHECK_EQ(sh.client_cert_type, 2);
    CHECK_EQ(sh.has_server_cert_type, 1); CHECK_EQ(sh.server_cert_type, 0);
    CHECK_EQ(sh.has_other_ext, 0); CHECK_EQ(sh.has_ems, 1);
    check_lengths(p_sh, out, n, at);
    /* one at a time: X.509 (0) is sent when its flag says so; a value without its flag is not */
    memset(&o, 0, sizeof o);
    o.random = rnd; o.suite = 0xC0AE;
    o.client_cert_type = DTLS__CERT_TYPE_RPK; o.server_cert_type = DTLS__CERT_TYPE_RPK;
    CHECK_EQ(dtls__msg_write_server_hello(out, sizeof out, &o), at);
    o.send_server_cert_type = 1; o.server_cert_type = DTLS__CERT_TYPE_X509;
    n = unhex(want, sizeof want, "fefd" RND_HEX "00" "c0ae" "00" "0005" "0014000100");
    CHECK_EQ(dtls__msg_write_server_hello(out, sizeof out, &o), (int)n);
    CHECK_MEM(out, want, n);
    o.send_server_cert_type = 0; o.sni_ack = 1;
    n = unhex(want, sizeof want, "fefd" RND_HEX "00" "c0ae" "00" "0004" "00000000");
    CHECK_EQ(dtls__msg_write_server_hello(out, sizeof out, &o), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, out, n), 0);
    CHECK_EQ(sh.has_server_name, 1); CHECK_EQ(sh.has_client_cert_type, 0); CHECK_EQ(sh.has_server_cert_type, 0);
    o.sni_ack = 0; o.send_client_cert_type = 1;
    n = unhex(want, sizeof want, "fefd" RND_HEX "00" "c0ae" "00" "0005" "0013000102");
    CHECK_EQ(dtls__msg_write_server_hello(out, sizeof out, &o), (int)n);
    CHECK_MEM(out, want, n);
}

TEST(ske_cke_psk)
{
    uint8_t out[200], want[200];
    const uint8_t *h = NULL, *pt = NULL;
    size_t hl = 99, pl = 99, n;
    uint16_t g = 0;
    uint8_t point[65];
    size_t i;
    for (i = 0; i < sizeof point; i++) point[i] = (uint8_t)(0x04 + i);
    /* RFC 4279 §2: psk_identity_hint<0..2^16-1> */
    n = unhex(want, sizeof want, "0004" "68696e74");
    CHECK_EQ(dtls__msg_write_ske_psk(out, sizeof out, (const uint8_t *)"hint", 4), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_ske_psk(out, cap, (const uint8_t *)"hint", 4), n);
    CHECK_EQ(dtls__msg_parse_ske_psk(&h, &hl, out, n), 0);
    CHECK(h == out + 2); CHECK_EQ(hl, 4);
    check_lengths(p_ske, out, n, (size_t)-1);
    CHECK_EQ(dtls__msg_write_ske_psk(out, sizeof out, NULL, 0), 2);
    CHECK_EQ(out[0], 0); CHECK_EQ(out[1], 0);
    CHECK_EQ(dtls__msg_parse_ske_psk(&h, &hl, out, 2), 0);
    CHECK_EQ(hl, 0);
    CHECK_EQ(dtls__msg_write_ske_psk(out, sizeof out, NULL, 1), DTLS_ERR_BAD_ARG);
    /* RFC 4279 §2: psk_identity<0..2^16-1> */
    n = unhex(want, sizeof want, "0002" "6964");
    CHECK_EQ(dtls__msg_write_cke_psk(out, sizeof out, (const uint8_t *)"id", 2), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_cke_psk(out, cap, (const uint8_t *)"id", 2), n);
    CHECK_EQ(dtls__msg_parse_cke_psk(&h, &hl, out, n), 0);
    CHECK(h == out + 2); CHECK_EQ(hl, 2);
    check_lengths(p_cke, out, n, (size_t)-1);
    (void)g; (void)pt; (void)pl;
}

TEST(ske_cke_ecdhe_psk)
{
    uint8_t out[300], want[300], point[65];
    char hex[400];
    const uint8_t *h = NULL, *pt = NULL;
    size_t hl = 99, pl = 99, n, i;
    uint16_t g = 0;
    for (i = 0; i < 32; i++) point[i] = (uint8_t)(0xA0 + i);
    /* RFC 5489 §2: hint<0..2^16-1> ‖ ServerECDHParams{ curve_type named_curve(3), NamedCurve x25519(29),
       ECPoint point<1..2^8-1> } */
    n = unhex(want, sizeof want, "0002" "6869" "03" "001d" "20"
              "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    CHECK_EQ(n, 2 + 2 + 1 + 2 + 1 + 32);
    CHECK_EQ(dtls__msg_write_ske_ecdhe_psk(out, sizeof out, (const uint8_t *)"hi", 2, 29, point, 32), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_ske_ecdhe_psk(out, cap, (const uint8_t *)"hi", 2, 29, point, 32), n);
    CHECK_EQ(dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, out, n), 0);
    CHECK(h == out + 2); CHECK_EQ(hl, 2); CHECK_EQ(g, 29); CHECK(pt == out + 8); CHECK_EQ(pl, 32);
    check_lengths(p_ske_ec, out, n, (size_t)-1);
    /* curve_type other than named_curve(3): explicit_prime(1), explicit_char2(2) */
    out[4] = 1;
    CHECK_EQ(dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, out, n), DTLS_ERR_DECODE);
    out[4] = 2;
    CHECK_EQ(dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, out, n), DTLS_ERR_DECODE);
    /* an empty point */
    n = unhex(want, sizeof want, "0000" "03" "0017" "00");
    CHECK_EQ(dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, want, n), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__msg_write_ske_ecdhe_psk(out, sizeof out, NULL, 0, 23, point, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ske_ecdhe_psk(out, sizeof out, NULL, 0, 23, NULL, 65), DTLS_ERR_BAD_ARG);
    /* P-256 point, empty hint */
    for (i = 0; i < 65; i++) point[i] = (uint8_t)(i ? i : 4);
    CHECK_EQ(dtls__msg_write_ske_ecdhe_psk(out, sizeof out, NULL, 0, 23, point, 65), 2 + 3 + 1 + 65);
    CHECK_EQ(dtls__msg_parse_ske_ecdhe_psk(&h, &hl, &g, &pt, &pl, out, 71), 0);
    CHECK_EQ(hl, 0); CHECK_EQ(g, 23); CHECK_EQ(pl, 65); CHECK_MEM(pt, point, 65);
    /* RFC 5489 §2: psk_identity<0..2^16-1> ‖ ClientECDiffieHellmanPublic{ point<1..2^8-1> } */
    strcpy(hex, "0002" "6964" "41");
    for (i = 0; i < 65; i++) sprintf(hex + strlen(hex), "%02x", point[i]);
    n = unhex(want, sizeof want, hex);
    CHECK_EQ(n, 2 + 2 + 1 + 65);
    CHECK_EQ(dtls__msg_write_cke_ecdhe_psk(out, sizeof out, (const uint8_t *)"id", 2, point, 65), (int)n);
    CHECK_MEM(out, want, n);
    CHECK_CAPS(dtls__msg_write_cke_ecdhe_psk(out, cap, (const uint8_t *)"id", 2, point, 65), n);
    CHECK_EQ(dtls__msg_parse_cke_ecdhe_psk(&h, &hl, &pt, &pl, out, n), 0);
    CHECK(h == out + 2); CHECK_EQ(hl, 2); CHECK(pt == out + 5); CHECK_EQ(pl, 65);
    check_lengths(p_cke_ec, out, n, (size_t)-1);
    n = unhex(want, sizeof want, "0000" "00");
    CHECK_EQ(dtls__msg_parse_cke_ecdhe_psk(&h, &hl, &pt, &pl, want, n), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__msg_write_cke_ecdhe_psk(out, sizeof out, NULL, 0, point, 0), DTLS_ERR_BAD_ARG);
    /* 255-byte point: the limit; 256 cannot be said */
    {
        uint8_t bigp[256];
        memset(bigp, 0x42, sizeof bigp);
        CHECK_EQ(dtls__msg_write_cke_ecdhe_psk(out, sizeof out, NULL, 0, bigp, 255), 258);
        CHECK_EQ(dtls__msg_parse_cke_ecdhe_psk(&h, &hl, &pt, &pl, out, 258), 0);
        CHECK_EQ(pl, 255);
        CHECK_EQ(dtls__msg_write_cke_ecdhe_psk(out, sizeof out, NULL, 0, bigp, 256), DTLS_ERR_BAD_ARG);
        CHECK_EQ(dtls__msg_write_ske_ecdhe_psk(out, sizeof out, NULL, 0, 29, bigp, 256), DTLS_ERR_BAD_ARG);
    }
}

TEST(long_vectors)
{
    /* a 2-byte-prefixed vector longer than 65535 is the caller's error, whatever cap is */
    size_t big = 70000;
    uint8_t *in = (uint8_t *)calloc(big, 1), *out = (uint8_t *)malloc(big + 10);
    const uint8_t *h;
    size_t hl;
    CHECK_EQ(dtls__msg_write_cke_psk(out, big + 10, in, 65536), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ske_psk(out, 10, in, 65536), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_cke_psk(out, big + 10, in, 65535), 65537);
    CHECK_EQ(dtls__msg_parse_cke_psk(&h, &hl, out, 65537), 0);
    CHECK_EQ(hl, 65535);
    free(in);
    free(out);
}

TEST(has_suite_group)
{
    static const uint8_t l[] = { 0xC0, 0xA8, 0x00, 0xFF, 0xCC, 0xAC };
    CHECK_EQ(dtls__msg_has_suite(l, 6, 0xC0A8), 1);
    CHECK_EQ(dtls__msg_has_suite(l, 6, 0xCCAC), 1);
    CHECK_EQ(dtls__msg_has_suite(l, 6, 0x00FF), 1);
    CHECK_EQ(dtls__msg_has_suite(l, 6, 0xA800), 0); /* pairs are aligned */
    CHECK_EQ(dtls__msg_has_suite(l, 4, 0xCCAC), 0);
    CHECK_EQ(dtls__msg_has_suite(l, 5, 0xCCAC), 0);
    CHECK_EQ(dtls__msg_has_suite(NULL, 0, 0), 0);
    CHECK_EQ(dtls__msg_has_group(l, 6, 0x00FF), 1);
    CHECK_EQ(dtls__msg_has_group(l, 6, 0xFFCC), 0);
    CHECK_EQ(dtls__msg_has_u16(l, 6, 0xC0A8), 1);
    CHECK_EQ(dtls__msg_has_u16(l, 6, 0xCCAC), 1);
    CHECK_EQ(dtls__msg_has_u16(l, 6, 0xA800), 0);
    CHECK_EQ(dtls__msg_has_u16(l, 5, 0xCCAC), 0);
    CHECK_EQ(dtls__msg_has_u16(NULL, 0, 0x0403), 0);
}

#if DTLS_ENABLE_CERTS
/* Certificate-suite messages captured on loopback (OpenSSL 3.0.22, P-256 CA "Test CA" and leaves "server" /
   "client" made with `openssl ecparam -name prime256v1 -genkey` and `openssl req` / `openssl x509 -req`):
     openssl s_server -dtls1_2 -cert srv.pem -key srv.key -cert_chain ca.pem -CAfile ca.pem -Verify 1 \
         -cipher ECDHE-ECDSA-AES128-GCM-SHA256 -groups P-256 -naccept 1
     openssl s_client -dtls1_2 -cert cli.pem -key cli.key -CAfile ca.pem -groups P-256 -msg
   and the bodies (after the 12-byte handshake header) taken from s_client's -msg hex dump. */
static const char cap_client_random[] = "01d4b22451e63d2b9e2d4d014d8626407d465702287ea2e48489e66688708134";
static const char cap_server_random[] = "a71407aaaca16e20783d8a391d44593bd90146e602aac0005ebdabeb1b597a79";
/* The server's Certificate (678 bytes): certificate_list<3> = [ leaf "server" (289 bytes), "Test CA" (380 bytes) ]. */
static const char cap_cert_hex[] =
    "0002a3" "000121"
    "3082011d3081c40214242bc52968c251d1c6196168b31365c34a"
    "5a590f300a06082a8648ce3d04030230123110300e06035504030c0754657374"
    "204341301e170d3236313132323232333731315a170d33363131313932323337"
    "31315a3011310f300d06035504030c067365727665723059301306072a8648ce"
    "3d020106082a8648ce3d0301070342000493d1dabe8f14aaec1af3eb8d3b762e"
    "dca1077fdf0c9a8255e7889d177a06ca7ef4c688037baac9930ea2b5fa815b32"
    "40801cc94acd6b17bb0dfd8e574b6a6d74300a06082a8648ce3d040302034800"
    "3045022100e0b738e1b6fc1156358dc1b1b444193595821e0dcde3fa9af6276b"
    "08ad463153022031d7f00cdee2635d80ea52c63185280d22eaf1de23802cf6e8"
    "a67ee4967dc7de" "00017c" "308201783082011fa00302010202147a82ef3a994842"
    "704f3949c6cb41a57344a73fce300a06082a8648ce3d04030230123110300e06"
    "035504030c0754657374204341301e170d3236313132323232333731315a170d"
    "3336313131393232333731315a30123110300e06035504030c07546573742043"
    "413059301306072a8648ce3d020106082a8648ce3d0301070342000483ff20a9"
    "4e536d5df6579a470d860eb17b3285510437c80cec87ddf9fd5f363aa66ee301"
    "2dd8b225272881c4bc5d8fcd92b419447af8ae4608309c93d9744b72a3533051"
    "301d0603551d0e041604147811442d8f868fad6e2b5198d3ece233b4c9c91030"
    "1f0603551d230418301680147811442d8f868fad6e2b5198d3ece233b4c9c910"
    "300f0603551d130101ff040530030101ff300a06082a8648ce3d040302034700"
    "304402203c57986a293eb99d4653a675d2f3a36769a5d1ee4837c3e2d2421e5c"
    "012a16850220257254b8181ea21c2a9c0e9b983cd5e33a075aab5bf7d4ee6e19"
    "28a7df28d1c5";
#define CAP_LEAF_SPKI_AT (6 + 112)  /* the leaf's SubjectPublicKeyInfo (91 bytes: 3059...) in the body */
#define CAP_LEAF_POINT_AT (CAP_LEAF_SPKI_AT + 26) /* its uncompressed point (65 bytes) */
/* ServerKeyExchange (143 bytes): named_curve(3) secp256r1(23) point<65>, ecdsa_secp256r1_sha256 (0403),
   signature<70> (DER ECDSA-Sig-Value) over client_random ‖ server_random ‖ ServerECDHParams. */
static const char cap_ske_hex[] =
    "03" "0017" "41" "04992b59fdf6ce58dd7816307d831e6db98b9597f027d1ad73e19c23"
    "6e03dfcbf5a3ed4ef6c892250c0d70464e136de64bbd067c145fcd57c161244a"
    "1e726cc68c" "0403" "0046" "304402201531722a810f5bbcd9b7b8b5e1f3e6dae8c48b"
    "58f71d967d6ada6506cc7997a002201205b2cb942b84f3429ae29c3f3109aad9"
    "977baa3b4d25f19c6d1884ebbf9315";
/* CertificateRequest (70 bytes): types [rsa_sign(1), dss_sign(2), ecdsa_sign(64)], 20 signature algorithms,
   certificate_authorities [ DER Name CN=Test CA (20 bytes) ]. */
static const char cap_cr_hex[] =
    "03" "010240" "0028" "040305030603080708080809080a080b08040805080604010501"
    "060103030301030204020502" "0602" "0016" "0014" "30123110300e06035504030c0754"
    "657374204341";
/* The client's ClientKeyExchange (66 bytes): point<65>. */
static const char cap_cke_hex[] =
    "41" "04f8864cb6121420f512510a95a719438e06f45ab1adde9731d895e4da5a05"
    "7cf2a0b8155e0dd824dbbf32a1eeec6f5ef4ed03a6669f9a992ae60c46c2e090"
    "845c";
/* The client's CertificateVerify (75 bytes): ecdsa_secp256r1_sha256, signature<71>. */
static const char cap_cv_hex[] =
    "0403" "0047" "30450220188b5258c145215242804b09862bbff7079bb0a6fad3d5db"
    "7eac89b6db861d520221009d61c2441e67c8a0789d3546c95c2bd7398b10b81e"
    "9c0657b312760a49d6b4dc";

static int p_cert(const uint8_t *b, size_t n) { dtls_blob c[4]; size_t k; return dtls__msg_parse_certificate(c, 4, &k, b, n); }
static int p_rpk(const uint8_t *b, size_t n) { dtls_blob s; return dtls__msg_parse_certificate_rpk(&s, b, n); }
static int p_ske_cert(const uint8_t *b, size_t n) { dtls__ske_ecdhe s; return dtls__msg_parse_ske_ecdhe(&s, b, n); }
static int p_cke_cert(const uint8_t *b, size_t n) { const uint8_t *p; size_t pl; return dtls__msg_parse_cke_ecdhe(&p, &pl, b, n); }
static int p_ds(const uint8_t *b, size_t n)
{
    uint16_t a; const uint8_t *s; size_t sl;
    return dtls__msg_parse_digitally_signed(&a, &s, &sl, b, n);
}
static int p_cr(const uint8_t *b, size_t n) { dtls__cert_request cr; return dtls__msg_parse_certificate_request(&cr, b, n); }

/* Each length field (offset, size in bytes) one more and one less than it says: DTLS_ERR_DECODE (and the body as
   given parses). */
static void check_len_fields(parse_fn fn, const uint8_t *body, size_t len, const size_t *fields, size_t n_fields)
{
    size_t i, k;
    uint8_t *c = (uint8_t *)malloc(len);
    CHECK_EQ(fn(body, len), 0);
    for (i = 0; i < n_fields; i++) {
        size_t at = fields[2 * i], nb = fields[2 * i + 1];
        int d;
        for (d = -1; d <= 1; d += 2) {
            uint32_t v = 0;
            memcpy(c, body, len);
            for (k = 0; k < nb; k++) v = (v << 8) | c[at + k];
            v = (uint32_t)((long)v + d);
            for (k = nb; k-- > 0; v >>= 8) c[at + k] = (uint8_t)v;
            if (fn(c, len) != DTLS_ERR_DECODE) {
                fprintf(stderr, "  length field at %lu (%lu bytes) %+d accepted\n", (unsigned long)at,
                        (unsigned long)nb, d);
                FAIL("check_len_fields");
            }
        }
    }
    free(c);
}

TEST(certificate_capture)
{
    static uint8_t b[800], out[800];
    dtls_blob c[3];
    size_t n = unhex(b, sizeof b, cap_cert_hex), k = 99;
    static const size_t fields[] = { 0, 3, 3, 3, 6 + 289, 3 };
    CHECK_EQ(n, 678);
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), 0);
    CHECK_EQ(k, 2);
    CHECK(c[0].data == b + 6); CHECK_EQ(c[0].len, 289);
    CHECK(c[1].data == b + 6 + 289 + 3); CHECK_EQ(c[1].len, 380);
    CHECK_EQ(c[0].data[0], 0x30); CHECK_EQ(c[1].data[0], 0x30);
    CHECK_EQ(dtls__msg_parse_certificate(c, 2, &k, b, n), 0);
    CHECK_EQ(k, 2);
    /* more certificates than max: CERT_TOO_BIG, the first max ones filled in */
    memset(c, 0, sizeof c);
    CHECK_EQ(dtls__msg_parse_certificate(c, 1, &k, b, n), DTLS_ERR_CERT_TOO_BIG);
    CHECK_EQ(k, 1); CHECK(c[0].data == b + 6); CHECK(c[1].data == NULL);
    CHECK_EQ(dtls__msg_parse_certificate(NULL, 0, &k, b, n), DTLS_ERR_CERT_TOO_BIG);
    CHECK_EQ(k, 0);
    /* malformed beats too many */
    CHECK_EQ(dtls__msg_parse_certificate(c, 1, &k, b, n - 1), DTLS_ERR_DECODE);
    check_lengths(p_cert, b, n, (size_t)-1);
    check_len_fields(p_cert, b, n, fields, 3);
    /* written back byte for byte */
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), 0);
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 2), (int)n);
    CHECK_MEM(out, b, n);
    CHECK_CAPS(dtls__msg_write_certificate(out, cap, c, 2), n);
}

TEST(certificate_rules)
{
    uint8_t b[64], out[64];
    dtls_blob c[3];
    size_t n, k = 99;
    /* an empty list: a client without a certificate */
    n = unhex(b, sizeof b, "000000");
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), 0);
    CHECK_EQ(k, 0);
    CHECK_EQ(dtls__msg_parse_certificate(NULL, 0, &k, b, n), 0);
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, NULL, 0), 3);
    CHECK_MEM(out, b, 3);
    CHECK_CAPS(dtls__msg_write_certificate(out, cap, NULL, 0), 3);
    /* an empty certificate */
    n = unhex(b, sizeof b, "000003" "000000");
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "000007" "00000130" "000000");
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), DTLS_ERR_DECODE);
    /* three one-byte certificates; max 3 exactly */
    n = unhex(b, sizeof b, "00000c" "00000141" "00000142" "00000143");
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), 0);
    CHECK_EQ(k, 3); CHECK(c[2].data == b + 14); CHECK_EQ(c[2].len, 1);
    CHECK_EQ(dtls__msg_parse_certificate(c, 2, &k, b, n), DTLS_ERR_CERT_TOO_BIG);
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 3), 15);
    CHECK_MEM(out, b, 15);
    /* a list length that leaves a partial header */
    n = unhex(b, sizeof b, "000006" "00000141" "0000");
    CHECK_EQ(dtls__msg_parse_certificate(c, 3, &k, b, n), DTLS_ERR_DECODE);
    /* bad arguments, whatever cap is */
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, NULL, 1), DTLS_ERR_BAD_ARG);
    c[0].data = b; c[0].len = 0;
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 1), DTLS_ERR_BAD_ARG);
    c[0].data = NULL; c[0].len = 1;
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 1), DTLS_ERR_BAD_ARG);
    /* the list's 2^24-1 limit (nothing is read: the lengths are checked first) */
    c[0].data = b; c[0].len = 0xFFFFFC; /* 3 + 0xFFFFFC = 2^24-1: fits its field */
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    c[0].len = 0xFFFFFD;
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate(out, 0, c, 1), DTLS_ERR_BAD_ARG);
    c[0].len = 0xFFFFF0; c[1].data = b; c[1].len = 10;
    CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 2), DTLS_ERR_BAD_ARG);
    if (sizeof(size_t) > 3) {
        c[0].len = (size_t)0x1000000;
        CHECK_EQ(dtls__msg_write_certificate(out, sizeof out, c, 1), DTLS_ERR_BAD_ARG);
    }
}

TEST(certificate_rpk)
{
    static uint8_t cert[800];
    uint8_t b[200], out[200];
    dtls_blob s;
    size_t n;
    static const size_t fields[] = { 0, 3 };
    unhex(cert, sizeof cert, cap_cert_hex);
    /* RFC 7250 §3: ASN.1_subjectPublicKeyInfo<1..2^24-1>, here the captured leaf's SPKI */
    CHECK_EQ(cert[CAP_LEAF_SPKI_AT], 0x30); CHECK_EQ(cert[CAP_LEAF_SPKI_AT + 1], 0x59);
    b[0] = 0; b[1] = 0; b[2] = 91;
    memcpy(b + 3, cert + CAP_LEAF_SPKI_AT, 91);
    n = 94;
    CHECK_EQ(dtls__msg_parse_certificate_rpk(&s, b, n), 0);
    CHECK(s.data == b + 3); CHECK_EQ(s.len, 91);
    CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, cert + CAP_LEAF_SPKI_AT, 91), 94);
    CHECK_MEM(out, b, 94);
    CHECK_CAPS(dtls__msg_write_certificate_rpk(out, cap, cert + CAP_LEAF_SPKI_AT, 91), 94);
    check_lengths(p_rpk, b, n, (size_t)-1);
    check_len_fields(p_rpk, b, n, fields, 1);
    /* no key: an empty certificate_list */
    s.data = b; s.len = 9;
    CHECK_EQ(dtls__msg_parse_certificate_rpk(&s, b, 3), DTLS_ERR_DECODE); /* b is 00 00 5b */
    n = unhex(b, sizeof b, "000000");
    CHECK_EQ(dtls__msg_parse_certificate_rpk(&s, b, n), 0);
    CHECK(s.data == NULL); CHECK_EQ(s.len, 0);
    check_lengths(p_rpk, b, n, (size_t)-1);
    CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, NULL, 0), 3);
    CHECK_MEM(out, b, 3);
    CHECK_CAPS(dtls__msg_write_certificate_rpk(out, cap, NULL, 0), 3);
    /* bad arguments */
    CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, NULL, 5), DTLS_ERR_BAD_ARG);
    if (sizeof(size_t) > 3)
        CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, b, (size_t)0x1000000), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, b, 0xFFFFFF), DTLS_ERR_BUFFER_TOO_SMALL);
}

TEST(ske_ecdhe_capture)
{
    static uint8_t cert[800];
    uint8_t b[200], out[200], cr[32], sr[32], h[32], rs[64];
    dtls__ske_ecdhe s;
    dtls_sha256_ctx hc;
    size_t n = unhex(b, sizeof b, cap_ske_hex);
    static const size_t fields[] = { 3, 1, 71, 2 };
    int r;
    CHECK_EQ(n, 143);
    CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), 0);
    CHECK_EQ(s.group, 23);
    CHECK(s.point == b + 4); CHECK_EQ(s.point_len, 65);
    CHECK(s.params == b); CHECK_EQ(s.params_len, 69);
    CHECK_EQ(s.sig_alg, 0x0403);
    CHECK(s.sig == b + 73); CHECK_EQ(s.sig_len, 70);
    check_lengths(p_ske_cert, b, n, (size_t)-1);
    check_len_fields(p_ske_cert, b, n, fields, 2);
    /* params_len is what the server signed: the signature verifies under the captured leaf's key over
       client_random ‖ server_random ‖ params, and not over one byte fewer */
    unhex(cert, sizeof cert, cap_cert_hex);
    unhex(cr, sizeof cr, cap_client_random);
    unhex(sr, sizeof sr, cap_server_random);
    CHECK_EQ(dtls_ecdsa_sig_from_der(rs, 32, s.sig, s.sig_len), 0);
    dtls_sha256_init(&hc);
    dtls_sha256_update(&hc, cr, 32);
    dtls_sha256_update(&hc, sr, 32);
    dtls_sha256_update(&hc, s.params, s.params_len);
    dtls_sha256_final(&hc, h);
    r = dtls_p256_ecdsa_verify(cert + CAP_LEAF_POINT_AT, 65, h, 32, rs);
    CHECK_EQ(r, 0);
    dtls_sha256_init(&hc);
    dtls_sha256_update(&hc, cr, 32);
    dtls_sha256_update(&hc, sr, 32);
    dtls_sha256_update(&hc, s.params, s.params_len - 1);
    dtls_sha256_final(&hc, h);
    CHECK_EQ(dtls_p256_ecdsa_verify(cert + CAP_LEAF_POINT_AT, 65, h, 32, rs), DTLS_ERR_BAD_SIGNATURE);
    /* written back: the params (the length to sign), then the digitally-signed */
    CHECK_EQ(dtls__msg_write_ecdh_params(out, sizeof out, 23, b + 4, 65), 69);
    CHECK_EQ(dtls__msg_write_digitally_signed(out + 69, sizeof out - 69, 0x0403, b + 73, 70), 74);
    CHECK_MEM(out, b, n);
    CHECK_CAPS(dtls__msg_write_ecdh_params(out, cap, 23, b + 4, 65), 69);
    CHECK_CAPS(dtls__msg_write_digitally_signed(out, cap, 0x0403, b + 73, 70), 74);
}

TEST(ske_ecdhe_rules)
{
    uint8_t b[400], out[400], big[300];
    dtls__ske_ecdhe s;
    size_t n;
    memset(big, 0x42, sizeof big);
    /* x25519, a 1-byte point, an empty signature (parses; verification fails it) */
    n = unhex(b, sizeof b, "03" "001d" "01" "09" "0807" "0000");
    CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), 0);
    CHECK_EQ(s.group, 29); CHECK_EQ(s.point_len, 1); CHECK_EQ(s.params_len, 5); CHECK_EQ(s.sig_alg, 0x0807);
    CHECK_EQ(s.sig_len, 0);
    check_lengths(p_ske_cert, b, n, (size_t)-1);
    /* curve_type explicit_prime(1), explicit_char2(2), 0, 4 */
    b[0] = 1; CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    b[0] = 2; CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    b[0] = 0; CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    b[0] = 4; CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    /* an empty point */
    n = unhex(b, sizeof b, "03" "0017" "00" "0403" "0001" "aa");
    CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    /* no digitally-signed at all (a PSK-style body) */
    n = unhex(b, sizeof b, "03" "0017" "01" "04");
    CHECK_EQ(dtls__msg_parse_ske_ecdhe(&s, b, n), DTLS_ERR_DECODE);
    /* writers: bad arguments, whatever cap is; the limits */
    CHECK_EQ(dtls__msg_write_ecdh_params(out, sizeof out, 23, NULL, 65), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ecdh_params(out, sizeof out, 23, big, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ecdh_params(out, sizeof out, 23, big, 256), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ecdh_params(out, 2, 23, big, 256), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_ecdh_params(out, sizeof out, 29, big, 255), 259);
    CHECK_EQ(out[0], 3); CHECK_EQ(out[1], 0); CHECK_EQ(out[2], 29); CHECK_EQ(out[3], 255);
    CHECK_EQ(dtls__msg_write_digitally_signed(out, sizeof out, 0x0403, NULL, 70), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_digitally_signed(out, sizeof out, 0x0403, big, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_digitally_signed(out, sizeof out, 0x0403, NULL, 0), DTLS_ERR_BAD_ARG);
    {
        uint8_t *sig = (uint8_t *)calloc(65536, 1), *o2 = (uint8_t *)malloc(65540);
        CHECK_EQ(dtls__msg_write_digitally_signed(o2, 65540, 0x0804, sig, 65536), DTLS_ERR_BAD_ARG);
        CHECK_EQ(dtls__msg_write_digitally_signed(o2, 65540, 0x0804, sig, 65535), 65539);
        CHECK_EQ(o2[0], 8); CHECK_EQ(o2[1], 4); CHECK_EQ(o2[2], 0xFF); CHECK_EQ(o2[3], 0xFF);
        free(sig);
        free(o2);
    }
}

TEST(certificate_verify_capture)
{
    uint8_t b[200], out[200];
    uint16_t a = 0;
    const uint8_t *sig = NULL;
    size_t n = unhex(b, sizeof b, cap_cv_hex), sl = 0;
    static const size_t fields[] = { 2, 2 };
    CHECK_EQ(n, 75);
    CHECK_EQ(dtls__msg_parse_digitally_signed(&a, &sig, &sl, b, n), 0);
    CHECK_EQ(a, 0x0403); CHECK(sig == b + 4); CHECK_EQ(sl, 71);
    check_lengths(p_ds, b, n, (size_t)-1);
    check_len_fields(p_ds, b, n, fields, 1);
    CHECK_EQ(dtls__msg_write_digitally_signed(out, sizeof out, a, sig, sl), (int)n);
    CHECK_MEM(out, b, n);
    CHECK_CAPS(dtls__msg_write_digitally_signed(out, cap, a, sig, sl), n);
    /* an empty signature is DECODE here (never a valid CertificateVerify) */
    n = unhex(b, sizeof b, "0403" "0000");
    CHECK_EQ(dtls__msg_parse_digitally_signed(&a, &sig, &sl, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "0804" "0001" "5a");
    CHECK_EQ(dtls__msg_parse_digitally_signed(&a, &sig, &sl, b, n), 0);
    CHECK_EQ(a, 0x0804); CHECK_EQ(sl, 1); CHECK(sig == b + 4);
    check_lengths(p_ds, b, n, (size_t)-1);
}

TEST(cke_ecdhe_capture)
{
    uint8_t b[300], out[300], big[256];
    const uint8_t *p = NULL;
    size_t n = unhex(b, sizeof b, cap_cke_hex), pl = 0;
    static const size_t fields[] = { 0, 1 };
    CHECK_EQ(n, 66);
    CHECK_EQ(dtls__msg_parse_cke_ecdhe(&p, &pl, b, n), 0);
    CHECK(p == b + 1); CHECK_EQ(pl, 65); CHECK_EQ(p[0], 4);
    check_lengths(p_cke_cert, b, n, (size_t)-1);
    check_len_fields(p_cke_cert, b, n, fields, 1);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, sizeof out, b + 1, 65), (int)n);
    CHECK_MEM(out, b, n);
    CHECK_CAPS(dtls__msg_write_cke_ecdhe(out, cap, b + 1, 65), n);
    /* an empty point; the 255-byte limit */
    b[0] = 0;
    CHECK_EQ(dtls__msg_parse_cke_ecdhe(&p, &pl, b, 1), DTLS_ERR_DECODE);
    memset(big, 0x42, sizeof big);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, sizeof out, big, 255), 256);
    CHECK_EQ(dtls__msg_parse_cke_ecdhe(&p, &pl, out, 256), 0);
    CHECK_EQ(pl, 255);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, sizeof out, big, 256), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, sizeof out, big, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, sizeof out, NULL, 32), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_cke_ecdhe(out, 0, NULL, 32), DTLS_ERR_BAD_ARG);
}

TEST(certificate_request_capture)
{
    uint8_t b[200];
    dtls__cert_request cr;
    size_t n = unhex(b, sizeof b, cap_cr_hex);
    static const size_t fields[] = { 0, 1, 4, 2, 46, 2, 48, 2 };
    CHECK_EQ(n, 70);
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), 0);
    CHECK(cr.types == b + 1); CHECK_EQ(cr.types_len, 3);
    CHECK_EQ(cr.types[2], DTLS__CLIENT_CERT_ECDSA_SIGN); CHECK_EQ(cr.types[0], DTLS__CLIENT_CERT_RSA_SIGN);
    CHECK(cr.sig_algs == b + 6); CHECK_EQ(cr.sig_algs_len, 40);
    CHECK_EQ(dtls__msg_has_u16(cr.sig_algs, cr.sig_algs_len, 0x0403), 1);
    CHECK_EQ(dtls__msg_has_u16(cr.sig_algs, cr.sig_algs_len, 0x0302), 1);
    CHECK_EQ(dtls__msg_has_u16(cr.sig_algs, cr.sig_algs_len, 0x0603 + 1), 0);
    CHECK(cr.cas == b + 48); CHECK_EQ(cr.cas_len, 22);
    check_lengths(p_cr, b, n, (size_t)-1);
    check_len_fields(p_cr, b, n, fields, 4);
}

TEST(certificate_request_rules)
{
    uint8_t b[200], out[200];
    dtls__cert_request cr;
    size_t n;
    static const uint8_t types[2] = { DTLS__CLIENT_CERT_ECDSA_SIGN, DTLS__CLIENT_CERT_RSA_SIGN };
    static const uint16_t algs[2] = { 0x0403, 0x0804 };
    static uint8_t many[256];
    static uint16_t many16[0x8000];
    /* types [ecdsa_sign, rsa_sign], [ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256], no CAs */
    n = unhex(b, sizeof b, "02" "4001" "0004" "04030804" "0000");
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, types, 2, algs, 2), (int)n);
    CHECK_MEM(out, b, n);
    CHECK_CAPS(dtls__msg_write_certificate_request(out, cap, types, 2, algs, 2), n);
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), 0);
    CHECK(cr.types == b + 1); CHECK_EQ(cr.types_len, 2);
    CHECK(cr.sig_algs == b + 5); CHECK_EQ(cr.sig_algs_len, 4);
    CHECK_EQ(cr.cas_len, 0);
    check_lengths(p_cr, b, n, (size_t)-1);
    /* two CAs; an empty DistinguishedName; an empty type list; odd or empty signature list */
    n = unhex(b, sizeof b, "0140" "00020403" "0008" "0001aa" "0003bbccdd");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), 0);
    CHECK_EQ(cr.cas_len, 8); CHECK(cr.cas == b + 8);
    check_lengths(p_cr, b, n, (size_t)-1);
    n = unhex(b, sizeof b, "0140" "00020403" "0005" "0001aa" "0000");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "0140" "00020403" "0002" "0000");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "00" "00020403" "0000");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "0140" "0003040308" "0000");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "0140" "0000" "0000");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE);
    n = unhex(b, sizeof b, "0140" "00020403");
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), DTLS_ERR_DECODE); /* no CA list at all */
    /* writer: bad arguments whatever cap is, the limits */
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, NULL, 2, algs, 2), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, NULL, 0, algs, 2), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, types, 0, algs, 2), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, types, 2, NULL, 2), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, types, 2, algs, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, 0, types, 2, algs, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, sizeof out, many, 256, algs, 2), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__msg_write_certificate_request(out, 0, many, 256, algs, 2), DTLS_ERR_BAD_ARG);
    {
        uint8_t *o2 = (uint8_t *)malloc(70000);
        CHECK_EQ(dtls__msg_write_certificate_request(o2, 70000, many, 255, algs, 2), 1 + 255 + 2 + 4 + 2);
        CHECK_EQ(dtls__msg_write_certificate_request(o2, 70000, types, 2, many16, 0x8000), DTLS_ERR_BAD_ARG);
        CHECK_EQ(dtls__msg_write_certificate_request(o2, 70000, types, 2, many16, 0x7FFF), 3 + 2 + 0xFFFE + 2);
        CHECK_EQ(dtls__msg_parse_certificate_request(&cr, o2, 3 + 2 + 0xFFFE + 2), 0);
        CHECK_EQ(cr.sig_algs_len, 0xFFFE);
        free(o2);
    }
}

/* Raw public keys (RFC 7250) captured on loopback from GnuTLS 3.7.9 through a UDP relay that logged every datagram
   (the same P-256 keys as above, exported with `openssl pkey -pubout` and `openssl pkcs8 -topk8 -nocrypt`):
     gnutls-serv --udp --rawpkfile srv.pub --rawpkkeyfile srv.p8 -r --priority P
     gnutls-cli --udp --rawpkfile cli.pub --rawpkkeyfile cli.p8 --insecure --priority P
   with P = NORMAL:+CTYPE-CLI-RAWPK:+CTYPE-SRV-RAWPK:-CTYPE-CLI-X509:-CTYPE-SRV-X509; the bodies below are the
   client's second ClientHello (after the cookie), the ServerHello, the server's Certificate and its
   CertificateRequest. */
static const char gnutls_ch_hex[] =
    "fefdabb46f7c2f2e3d5310b91daf8932ade1895f7da3b0e7b4b4902d9cd4143d"
    "cf41001097df952acee5fa6aaf2f17ab88744dcd0032c02ccca9c0adc00ac02b"
    "c0acc009c030cca8c014c02fc013009dc09d0035009cc09c002f009fccaac09f"
    "0039009ec09e0033010000720005000501000000000013000201020014000201"
    "02000a00160014001700180019001d001e01000101010201030104000b000201"
    "00000d00220020040108090804040308070501080a0805050308080601080b08"
    "06060302010203001600000017000000230000ff01000100001c00024000";
static const char gnutls_sh_hex[] =
    "fefdb5873fdd542d0c1d67ee27d521b75c56f773765d6c73594713e46e5f5939"
    "4dca20f9bc9f699f6cc85a6cde1e70e4b40683011bcb8636338ed1b1522cf0a9"
    "05842fc02c00002300130001020014000102000b000201000017000000230000"
    "ff01000100001c00024000";
static const char gnutls_rpk_hex[] =
    "00005b3059301306072a8648ce3d020106082a8648ce3d0301070342000493d1"
    "dabe8f14aaec1af3eb8d3b762edca1077fdf0c9a8255e7889d177a06ca7ef4c6"
    "88037baac9930ea2b5fa815b3240801cc94acd6b17bb0dfd8e574b6a6d74";
static const char gnutls_cr_hex[] =
    "0201400020040108090804040308070501080a0805050308080601080b080606"
    "03020102030000";

TEST(gnutls_rpk_capture)
{
    static uint8_t b[300], cert[800], out[300];
    dtls__client_hello ch;
    dtls__server_hello sh;
    dtls__cert_request cr;
    dtls_blob s;
    size_t n;
    static const size_t cr_fields[] = { 0, 1, 3, 2, 37, 2 };
    /* ClientHello: client_ and server_certificate_type, each [RawPublicKey] */
    n = unhex(b, sizeof b, gnutls_ch_hex);
    CHECK_EQ(n, 222);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, n), 0);
    CHECK_EQ(ch.cookie_len, 16);
    CHECK_EQ(ch.client_cert_types_len, 1); CHECK(ch.client_cert_types == b + 106 + 2 + 9 + 4 + 1);
    CHECK_EQ(ch.client_cert_types[0], DTLS__CERT_TYPE_RPK);
    CHECK_EQ(ch.server_cert_types_len, 1); CHECK(ch.server_cert_types == b + 106 + 2 + 9 + 6 + 4 + 1);
    CHECK_EQ(ch.server_cert_types[0], DTLS__CERT_TYPE_RPK);
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xC0AE), 0);
    CHECK_EQ(dtls__msg_has_suite(ch.suites, ch.suites_len, 0xC02B), 1); /* ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    CHECK_EQ(dtls__msg_has_u16(ch.sig_algs, ch.sig_algs_len, 0x0403), 1);
    CHECK_EQ(dtls__msg_has_group(ch.groups, ch.groups_len, 23), 1);
    CHECK(ch.sni == NULL);
    check_lengths(p_ch, b, n, 106);
    /* ServerHello: both types RawPublicKey; session_ticket (35), then record_size_limit (28) of 2^14 (the first
       "other" built without DTLS_ENABLE_RECORD_SIZE) */
    n = unhex(b, sizeof b, gnutls_sh_hex);
    CHECK_EQ(n, 107);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, n), 0);
    CHECK_EQ(sh.session_id_len, 32); CHECK_EQ(sh.suite, 0xC02C);
    CHECK_EQ(sh.has_client_cert_type, 1); CHECK_EQ(sh.client_cert_type, DTLS__CERT_TYPE_RPK);
    CHECK_EQ(sh.has_server_cert_type, 1); CHECK_EQ(sh.server_cert_type, DTLS__CERT_TYPE_RPK);
    CHECK_EQ(sh.has_ems, 1); CHECK_EQ(sh.has_reneg_ext, 1); CHECK_EQ(sh.has_uncompressed, 1);
    CHECK_EQ(sh.has_ticket, 1);
#if DTLS_ENABLE_RECORD_SIZE
    CHECK_EQ(sh.has_other_ext, 0); CHECK_EQ(sh.has_rsl, 1); CHECK_EQ(sh.rsl, 0x4000);
#else
    CHECK_EQ(sh.has_other_ext, 1); CHECK_EQ(sh.other_ext_type, 28);
#endif
    check_lengths(p_sh, b, n, 70);
    /* Certificate: the SPKI, the same bytes as in OpenSSL's X.509 leaf for this key; our writer agrees */
    n = unhex(b, sizeof b, gnutls_rpk_hex);
    unhex(cert, sizeof cert, cap_cert_hex);
    CHECK_EQ(n, 94);
    CHECK_EQ(dtls__msg_parse_certificate_rpk(&s, b, n), 0);
    CHECK(s.data == b + 3); CHECK_EQ(s.len, 91);
    CHECK_MEM(s.data, cert + CAP_LEAF_SPKI_AT, 91);
    CHECK_EQ(dtls__msg_write_certificate_rpk(out, sizeof out, cert + CAP_LEAF_SPKI_AT, 91), 94);
    CHECK_MEM(out, b, 94);
    /* the same body read as an X.509 certificate_list: a "certificate" of 0x30 bytes, then garbage */
    {
        dtls_blob c[4];
        size_t k;
        CHECK_EQ(dtls__msg_parse_certificate(c, 4, &k, b, n), DTLS_ERR_DECODE);
    }
    /* CertificateRequest: [rsa_sign, ecdsa_sign], 16 signature algorithms, no CAs */
    n = unhex(b, sizeof b, gnutls_cr_hex);
    CHECK_EQ(n, 39);
    CHECK_EQ(dtls__msg_parse_certificate_request(&cr, b, n), 0);
    CHECK_EQ(cr.types_len, 2); CHECK_EQ(cr.types[1], DTLS__CLIENT_CERT_ECDSA_SIGN);
    CHECK(cr.sig_algs == b + 5); CHECK_EQ(cr.sig_algs_len, 32);
    CHECK_EQ(cr.cas_len, 0);
    check_lengths(p_cr, b, n, (size_t)-1);
    check_len_fields(p_cr, b, n, cr_fields, 3);
}
#endif /* DTLS_ENABLE_CERTS */

int main(void)
{
    RUN(ch_write_known_answer);
    RUN(ch_write_bad_args);
    RUN(ch_round_trip_and_lengths);
    RUN(ch_openssl_capture);
    RUN(ch_extension_rules);
    RUN(hello_extension_count_bounded);
    RUN(ch_field_rules);
    RUN(hello_verify);
    RUN(sh_write_parse);
    RUN(sh_extension_rules);
    RUN(ch_cert_type_extensions);
    RUN(sh_cert_type_extensions);
    RUN(ske_cke_psk);
    RUN(ske_cke_ecdhe_psk);
    RUN(long_vectors);
    RUN(has_suite_group);
#if DTLS_ENABLE_CERTS
    RUN(certificate_capture);
    RUN(certificate_rules);
    RUN(certificate_rpk);
    RUN(ske_ecdhe_capture);
    RUN(ske_ecdhe_rules);
    RUN(certificate_verify_capture);
    RUN(cke_ecdhe_capture);
    RUN(certificate_request_capture);
    RUN(certificate_request_rules);
    RUN(gnutls_rpk_capture);
#endif
    return test_done();
}
