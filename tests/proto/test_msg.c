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
    static uint8_t b[600];
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
    CHECK_EQ(sh_with_exts(&sh, "00170000" "0023000101" "12340000"), 0);
    CHECK_EQ(sh.has_other_ext, 1); CHECK_EQ(sh.other_ext_type, 0x0023); CHECK_EQ(sh.has_ems, 1);
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
}

int main(void)
{
    RUN(ch_write_known_answer);
    RUN(ch_write_bad_args);
    RUN(ch_round_trip_and_lengths);
    RUN(ch_openssl_capture);
    RUN(ch_extension_rules);
    RUN(ch_field_rules);
    RUN(hello_verify);
    RUN(sh_write_parse);
    RUN(sh_extension_rules);
    RUN(ske_cke_psk);
    RUN(ske_cke_ecdhe_psk);
    RUN(long_vectors);
    RUN(has_suite_group);
    return test_done();
}
