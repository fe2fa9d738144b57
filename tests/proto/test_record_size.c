/* test_record_size.c - record_size_limit (RFC 8449) and max_fragment_length
 * (RFC 6066 §4) in the in-memory world (world.h): the extensions' exact
 * bytes in both hellos and the parser's length rules; a server bound to a
 * client's limit (512, and the minimum 64) whose every datagram is checked
 * record by record (handshake fragments, unprotected ones included, and
 * application data; with certificates a Certificate message larger than the
 * limit); max_fragment_length 512 binding both sides; both offered (the
 * server takes record_size_limit, ignores max_fragment_length, even an
 * invalid one); the exact alerts (an invalid code, a limit below 64, an
 * echo that differs, both answered, one not offered); larger writes refused
 * with DTLS_ERR_TOO_BIG; larger protected records dropped by the side that
 * advertised the limit; a limit above 2^14 meaning 2^14; the inner type byte
 * of a tls12_cid record counted.  Built with DTLS_ENABLE_RECORD_SIZE 0 it
 * checks that nothing is offered or accepted instead. */
#include "ptest.h"
#include "world.h"

/* 1 when the n bytes of pat occur in the len bytes at p. */
static int has_bytes(const uint8_t *p, size_t len, const uint8_t *pat, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(p + i, pat, n) == 0)
            return 1;
    return 0;
}

/* Where the n bytes of pat start in the len bytes at p (len: none). */
static DTLS__UNUSED size_t find_bytes(const uint8_t *p, size_t len, const uint8_t *pat, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(p + i, pat, n) == 0)
            return i;
    return len;
}

static DTLS__UNUSED dtls_stats stats_of(const dtls_conn *c)
{
    dtls_stats st;
    dtls_conn_stats(c, &st);
    return st;
}

/* What rs_send checks on every datagram the watched side sends. */
static struct {
    int side;       /* 0: the client, 1: the server, -1: none */
    size_t limit;   /* the largest record plaintext allowed (a tls12_cid record's inner plaintext) */
    size_t dgmax;   /* the largest datagram allowed */
    int bad;        /* records or datagrams over their bound */
    size_t max_pt;  /* the largest record plaintext seen */
    int records, datagrams;
} RS;

static dtls_conn *side_conn(int id)
{
    if (id == 0)
        return &W.c;
    return W.use_srv ? &W.slots[0] : &W.s;
}

/* Splits a datagram of `from` into records and checks each one's plaintext
 * (the length less from's write expansion in epoch 1) against RS.limit. */
static void rs_check(const dtls_conn *from, const uint8_t *d, size_t len)
{
    size_t o = 0;
    RS.datagrams++;
    if (len > RS.dgmax)
        RS.bad++;
    while (o + 13 <= len) {
        size_t cid = d[o] == DTLS__CT_TLS12_CID ? from->dtls__cid_tx_len : 0;
        size_t epoch = ((size_t)d[o + 3] << 8) | d[o + 4];
        size_t l = ((size_t)d[o + 11 + cid] << 8) | d[o + 12 + cid];
        size_t pt = epoch ? l - dtls__cipher_overhead(&from->dtls__wr) : l;
        RS.records++;
        if (pt > RS.limit)
            RS.bad++;
        if (pt > RS.max_pt)
            RS.max_pt = pt;
        o += 13 + cid + l;
    }
    CHECK_EQ(o, len);
}

static int rs_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    const ep *e = (const ep *)user;
    /* the ClientHello goes before any limit is known (and is never fragmented) */
    int client_hello = len > 13 && data[0] == DTLS__CT_HANDSHAKE && data[13] == DTLS__HS_CLIENT_HELLO;
    if (e->id == RS.side && !client_hello)
        rs_check(side_conn(e->id), data, len);
    return w_send(user, addr, alen, data, len);
}

/* A PSK-CCM_8 world (records: 13 + 8 explicit nonce + 8 tag) whose `side`
 * is watched for records above limit and datagrams above one such record. */
static void rs_setup(int side, size_t limit)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    memset(&RS, 0, sizeof(RS));
    RS.side = side;
    RS.limit = limit;
    RS.dgmax = limit + 13 + 16; /* one record of the limit in epoch 1 */
    W.cc.send = rs_send;
    W.sc.send = rs_send;
}

#if DTLS_ENABLE_RECORD_SIZE

static const uint8_t RSL_512[6] = {0x00, 0x1C, 0x00, 0x02, 0x02, 0x00};   /* record_size_limit 512 */
static const uint8_t RSL_16384[6] = {0x00, 0x1C, 0x00, 0x02, 0x40, 0x00}; /* ... 2^14 */
static const uint8_t MFL_1[5] = {0x00, 0x01, 0x00, 0x01, 0x01};           /* max_fragment_length 2^9 */

/* A ServerHello body (version, random of 1s, empty session ID, PSK-CCM_8,
 * null compression) with the extensions block ext (n bytes, its 2-byte
 * length first); its length. */
static size_t sh_body(uint8_t *out, const uint8_t *ext, size_t n)
{
    out[0] = 0xFE;
    out[1] = 0xFD;
    memset(out + 2, 1, 32);
    out[34] = 0;
    out[35] = 0xC0;
    out[36] = 0xA8;
    out[37] = 0;
    memcpy(out + 38, ext, n);
    return 38 + n;
}

/* A ClientHello body (version, random of 1s, no session ID or cookie,
 * PSK-CCM_8, null compression) with the extensions block ext; its length. */
static size_t ch_body(uint8_t *out, const uint8_t *ext, size_t n)
{
    static const uint8_t mid[8] = {0, 0, 0x00, 0x02, 0xC0, 0xA8, 1, 0};
    out[0] = 0xFE;
    out[1] = 0xFD;
    memset(out + 2, 1, 32);
    memcpy(out + 34, mid, sizeof(mid));
    memcpy(out + 42, ext, n);
    return 42 + n;
}

/* The extensions' exact bytes as the writers make them and the parsers take
 * them; a record_size_limit that is not exactly two bytes, or a
 * max_fragment_length not exactly one, is DTLS_ERR_DECODE in both hellos. */
TEST(extension_bytes)
{
    static const uint8_t rnd[32] = {7};
    static const uint16_t suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
    /* ... heartbeat, then max_fragment_length(1) [01], record_size_limit(28) [02 00] */
    static const uint8_t tail[11] = {0x00, 0x01, 0x00, 0x01, 0x01, 0x00, 0x1C, 0x00, 0x02, 0x02, 0x00};
    static const uint8_t sh_exts[13] = {0x00, 0x0B, 0x00, 0x01, 0x00, 0x01, 0x03, 0x00, 0x1C, 0x00, 0x02, 0x00, 0x40};
    static const uint8_t ch_rsl[8] = {0x00, 0x06, 0x00, 0x1C, 0x00, 0x02, 0x02, 0x00};
    static const uint8_t rsl_short[7] = {0x00, 0x05, 0x00, 0x1C, 0x00, 0x01, 0x02};
    static const uint8_t rsl_long[9] = {0x00, 0x07, 0x00, 0x1C, 0x00, 0x03, 0x02, 0x00, 0x00};
    static const uint8_t mfl_empty[6] = {0x00, 0x04, 0x00, 0x01, 0x00, 0x00};
    static const uint8_t mfl_long[8] = {0x00, 0x06, 0x00, 0x01, 0x00, 0x02, 0x01, 0x01};
    uint8_t b[256], c[256];
    dtls__client_hello_out o;
    dtls__server_hello_out so;
    dtls__client_hello ch;
    dtls__server_hello sh;
    int n;
    size_t len;

    memset(&o, 0, sizeof(o));
    o.random = rnd;
    o.suites = suites;
    o.n_suites = 1;
    o.send_mfl = 1;
    o.mfl = 1;
    o.send_rsl = 1;
    o.rsl = 512;
    n = dtls__msg_write_client_hello(b, sizeof(b), &o);
    CHECK(n > 11);
    CHECK_MEM(b + n - 11, tail, 11);
    o.send_mfl = 0;
    o.send_rsl = 0;
    CHECK_EQ(dtls__msg_write_client_hello(c, sizeof(c), &o), n - 11); /* the rest unchanged */
    CHECK_MEM(c + 48, b + 48, (size_t)n - 11 - 48);
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, (size_t)n), 0);
    CHECK_EQ(ch.has_mfl, 1);
    CHECK_EQ(ch.mfl, 1);
    CHECK_EQ(ch.has_rsl, 1);
    CHECK_EQ(ch.rsl, 512);
    CHECK_EQ(ch.has_ems, 1);

    memset(&so, 0, sizeof(so));
    so.random = rnd;
    so.suite = DTLS_PSK_WITH_AES_128_CCM_8;
    so.send_rsl = 1;
    so.rsl = 0x4000;
    n = dtls__msg_write_server_hello(b, sizeof(b), &so);
    CHECK_EQ(n, 38 + 2 + 6);
    CHECK_MEM(b + 40, RSL_16384, 6);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, (size_t)n), 0);
    CHECK_EQ(sh.has_rsl, 1);
    CHECK_EQ(sh.rsl, 0x4000);
    CHECK_EQ(sh.has_mfl, 0);
    CHECK_EQ(sh.has_other_ext, 0);
    so.send_rsl = 0;
    so.send_mfl = 1;
    so.mfl = 4;
    n = dtls__msg_write_server_hello(b, sizeof(b), &so);
    CHECK_EQ(n, 38 + 2 + 5);
    CHECK_EQ(b[44], 4);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, (size_t)n), 0);
    CHECK_EQ(sh.has_mfl, 1);
    CHECK_EQ(sh.mfl, 4);
    CHECK_EQ(sh.has_other_ext, 0);

    /* parsed as sent: max_fragment_length 3, record_size_limit 64 (both: the engine decides) */
    len = sh_body(b, sh_exts, sizeof(sh_exts));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, len), 0);
    CHECK_EQ(sh.mfl, 3);
    CHECK_EQ(sh.rsl, 64);
    len = sh_body(b, rsl_short, sizeof(rsl_short));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, len), DTLS_ERR_DECODE);
    len = sh_body(b, rsl_long, sizeof(rsl_long));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, len), DTLS_ERR_DECODE);
    len = sh_body(b, mfl_empty, sizeof(mfl_empty));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, len), DTLS_ERR_DECODE);
    len = sh_body(b, mfl_long, sizeof(mfl_long));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, len), DTLS_ERR_DECODE);

    /* the ClientHello: the same extensions with a wrong length, and right */
    len = ch_body(b, rsl_short, sizeof(rsl_short));
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, len), DTLS_ERR_DECODE);
    len = ch_body(b, rsl_long, sizeof(rsl_long));
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, len), DTLS_ERR_DECODE);
    len = ch_body(b, mfl_empty, sizeof(mfl_empty));
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, len), DTLS_ERR_DECODE);
    len = ch_body(b, mfl_long, sizeof(mfl_long));
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, len), DTLS_ERR_DECODE);
    len = ch_body(b, ch_rsl, sizeof(ch_rsl));
    CHECK_EQ(dtls__msg_parse_client_hello(&ch, b, len), 0);
    CHECK_EQ(ch.has_rsl, 1);
    CHECK_EQ(ch.rsl, 512);
    CHECK_EQ(ch.has_mfl, 0);
}

/* Over the engines: a client with max_record 512 offers record_size_limit
 * 512 (not max_fragment_length); the server answers with its own 2^14; both
 * sides keep the limits. */
TEST(negotiated_bytes)
{
    rs_setup(-1, 0);
    W.cc.max_record = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    CHECK(has_bytes(W.q[1][0], W.qlen[1][0], RSL_512, 6));
    CHECK(!has_bytes(W.q[1][0], W.qlen[1][0], MFL_1, 4));
    deliver(1);
    CHECK(W.qn[0] >= 1);
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], RSL_16384, 6));
    CHECK_EQ(W.s.dtls__tx_limit, 512);
    CHECK_EQ(W.s.dtls__rx_limit, 16384);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(W.c.dtls__tx_limit, 16384);
    CHECK_EQ(W.c.dtls__rx_limit, 512);
    CHECK_EQ(dtls_conn_max_payload(&W.s), 512);
    CHECK_EQ(dtls_conn_max_payload(&W.c), 512); /* its own max_record */

    /* without max_record the client offers nothing, and nothing is answered */
    rs_setup(-1, 0);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK(!has_bytes(W.q[1][0], W.qlen[1][0], RSL_16384, 4));
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(W.s.dtls__tx_limit, 0);
    CHECK_EQ(W.c.dtls__rx_limit, 0);
    CHECK_EQ(dtls_conn_max_payload(&W.s), 1232 - 13 - 16);
}

/* The server's application data toward a 512-byte limit: 512 goes as one
 * record of 512, 513 is refused with DTLS_ERR_TOO_BIG and sends nothing. */
static void server_writes(size_t limit)
{
    static uint8_t data[1100];
    int sent = W.sent[1];
    memset(data, 0x5A, sizeof(data));
    CHECK_EQ(dtls_conn_max_payload(&W.s), limit);
    CHECK_EQ(dtls_conn_write(&W.s, data, limit + 1), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[1], sent);
    CHECK_EQ(dtls_conn_write(&W.s, data, limit), (int)limit);
    CHECK_EQ(W.sent[1], sent + 1);
    CHECK_EQ(RS.max_pt, limit);
    w_pump();
    CHECK_EQ(W.got_len, limit);
}

/* A server bound to the client's 512-byte limit: every record of every
 * datagram it sends is at most 512 bytes of plaintext, and no datagram is
 * larger than one such record.  PSK: the flight is small; limit 64 (the
 * least) fragments even the ServerHello.  With certificates (ECDHE-ECDSA,
 * the two-certificate chain, a Certificate message above 512) under 256:
 * fragments of exactly 256. */
TEST(server_bound_to_client_limit)
{
    rs_setup(1, 512);
    W.cc.max_record = 512;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(RS.bad, 0);
    CHECK(RS.datagrams >= 2);
    server_writes(512);
    CHECK_EQ(RS.bad, 0);

    rs_setup(1, 64);
    W.cc.max_record = 64;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(RS.bad, 0);
    CHECK_EQ(RS.max_pt, 64); /* the ServerHello went in fragments of the limit */
    CHECK(RS.records >= 5);  /* ServerHello in two, ServerHelloDone, ChangeCipherSpec, Finished */
    CHECK(RS.datagrams >= 3); /* the ServerHelloDone beside the ServerHello's tail: 93 bytes at most */
    server_writes(64);
    CHECK_EQ(RS.bad, 0);

    /* through dtls_server (cookie exchange, the slot) */
    rs_setup(1, 200);
    W.cc.max_record = 200;
    W.use_srv = 1;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(RS.bad, 0);
    CHECK(RS.datagrams >= 3); /* HelloVerifyRequest, flight 4, flight 6 */

#if DTLS_ENABLE_CERTS && DTLS_ENABLE_P256 && DTLS_ENABLE_GCM
    {
        static dtls_private_key key;
        static dtls_credential cred;
        static uint8_t chain[2048];
        static dtls_blob anchor;
        CHECK_EQ(harness_srv_key(&key), 0);
        CHECK_EQ(harness_srv_cred(&cred, chain, sizeof(chain), 2, &key), 0);
        CHECK(cred.dtls__chain_len > 512);
        harness_root_anchor(&anchor);
        rs_setup(1, 256);
        one_suite[0] = DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
        w_certs(&cred, &anchor, 1, harness_wall);
        W.cc.max_record = 256;
        RS.dgmax = 256 + 13 + 24;
        CHECK_EQ(w_handshake(), 0);
        CHECK_EQ(RS.bad, 0);
        CHECK_EQ(RS.max_pt, 256); /* the Certificate's middle fragments: exactly the limit */
        CHECK(RS.records >= 8);
        server_writes(256);
        CHECK_EQ(RS.bad, 0);
    }
#endif
}

/* max_fragment_length 2^9 alone: offered and echoed byte for byte; it binds
 * both sides (RFC 6066 §4), their handshake fragments and data. */
TEST(mfl_512)
{
    rs_setup(1, 512);
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK(has_bytes(W.q[1][0], W.qlen[1][0], MFL_1, 5));
    CHECK(!has_bytes(W.q[1][0], W.qlen[1][0], RSL_512, 4));
    deliver(1);
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], MFL_1, 5));
    CHECK(!has_bytes(W.q[0][0], W.qlen[0][0], RSL_16384, 4));
    CHECK_EQ(W.s.dtls__tx_limit, 512);
    CHECK_EQ(W.s.dtls__rx_limit, 512);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(RS.bad, 0);
    CHECK_EQ(W.c.dtls__tx_limit, 512);
    CHECK_EQ(W.c.dtls__rx_limit, 512);
    CHECK_EQ(dtls_conn_max_payload(&W.c), 512);
    server_writes(512);
    CHECK_EQ(RS.bad, 0);

    /* the client's records too (after its ClientHello) */
    rs_setup(0, 512);
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_handshake(), 0);
    {
        static uint8_t data[600];
        memset(data, 1, sizeof(data));
        CHECK_EQ(dtls_conn_write(&W.c, data, 513), DTLS_ERR_TOO_BIG);
        CHECK_EQ(dtls_conn_write(&W.c, data, 512), 512);
    }
    CHECK_EQ(RS.bad, 0);
    CHECK_EQ(RS.max_pt, 512);

    /* the configuration: 512, 1024, 2048 or 4096 only */
    {
        static const uint16_t badv[5] = {1, 256, 513, 3000, 8192};
        size_t k;
        for (k = 0; k < 5; k++) {
            rs_setup(-1, 0);
            W.cc.max_fragment_length = badv[k];
            CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
        }
        rs_setup(-1, 0);
        W.cc.max_fragment_length = 4096;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        {
            static const uint8_t mfl4[5] = {0x00, 0x01, 0x00, 0x01, 0x04};
            CHECK(has_bytes(W.q[1][0], W.qlen[1][0], mfl4, 5));
        }
        rs_setup(-1, 0);
        W.cc.max_record = 63; /* RFC 8449 §4: 64 at least */
        CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
    }
}

/* Both offered: the server takes record_size_limit and ignores
 * max_fragment_length (RFC 8449 §5), even one with an invalid code: its
 * records reach 1000 bytes, above the 512 the other asked. */
TEST(both_offered_mfl_ignored)
{
    size_t at;
    rs_setup(1, 1000);
    W.cc.max_record = 1000;
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK(has_bytes(W.q[1][0], W.qlen[1][0], MFL_1, 5));
    deliver(1);
    CHECK(!has_bytes(W.q[0][0], W.qlen[0][0], MFL_1, 4));
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], RSL_16384, 6));
    CHECK_EQ(W.s.dtls__tx_limit, 1000);
    CHECK_EQ(W.s.dtls__hs->dtls__mfl, 0);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(W.c.dtls__tx_limit, 16384);
    CHECK_EQ(W.c.dtls__rx_limit, 1000);
    server_writes(1000);
    CHECK_EQ(RS.bad, 0);

    /* the max_fragment_length code edited to 9: still ignored (the server
     * answers with its flight; the edit spoils the transcript after that) */
    rs_setup(-1, 0);
    W.cc.max_record = 1000;
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    at = find_bytes(W.q[1][0], W.qlen[1][0], MFL_1, 5);
    CHECK(at < W.qlen[1][0]);
    W.q[1][0][at + 4] = 9;
    deliver(1);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.closed, 0);
    CHECK_EQ(W.s.dtls__tx_limit, 1000);
    CHECK(W.qn[0] >= 1);
    CHECK_EQ(W.q[0][0][0], DTLS__CT_HANDSHAKE);
    CHECK_EQ(W.q[0][0][13], DTLS__HS_SERVER_HELLO);
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], RSL_16384, 6));
}

/* The next queued datagram of queue q is exactly one epoch-0 fatal alert
 * with desc. */
static void check_alert0(int q, uint8_t desc)
{
    static const uint8_t hdr[5] = {DTLS__CT_ALERT, 0xFE, 0xFD, 0, 0};
    CHECK(W.qn[q] >= 1);
    CHECK_EQ(W.qlen[q][0], 15);
    CHECK_MEM(W.q[q][0], hdr, 5);
    CHECK_EQ(W.q[q][0][11], 0);
    CHECK_EQ(W.q[q][0][12], 2);
    CHECK_EQ(W.q[q][0][13], 2);
    CHECK_EQ(W.q[q][0][14], desc);
}

/* The server: a max_fragment_length code outside 1..4 (0, 5, 255) and a
 * record_size_limit below 64 end with illegal_parameter (RFC 6066 §4,
 * RFC 8449 §4); 64 itself and a value above 2^14 (meaning 2^14) are taken. */
TEST(server_invalid_values)
{
    static const uint8_t codes[3] = {0, 5, 255};
    static const uint16_t rsl[4] = {63, 0, 64, 0xFFFF};
    size_t k, at;
    for (k = 0; k < 3; k++) {
        rs_setup(-1, 0);
        W.cc.max_fragment_length = 512;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        at = find_bytes(W.q[1][0], W.qlen[1][0], MFL_1, 5);
        CHECK(at < W.qlen[1][0]);
        W.q[1][0][at + 4] = codes[k];
        deliver(1);
        check_alert0(0, DTLS_ALERT_ILLEGAL_PARAMETER);
        CHECK_EQ(W.qn[0], 1);
        CHECK_EQ(W.closed, 1);
        CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));
    }
    for (k = 0; k < 4; k++) {
        rs_setup(-1, 0);
        W.cc.max_record = 512;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        at = find_bytes(W.q[1][0], W.qlen[1][0], RSL_512, 6);
        CHECK(at < W.qlen[1][0]);
        W.q[1][0][at + 4] = (uint8_t)(rsl[k] >> 8);
        W.q[1][0][at + 5] = (uint8_t)rsl[k];
        RS.side = 1; /* the server's answer to 64 is in records of 64 */
        RS.limit = rsl[k] == 64 ? 64 : 16384;
        RS.dgmax = rsl[k] == 64 ? 64 + 13 : 1232;
        deliver(1);
        if (rsl[k] < 64) {
            check_alert0(0, DTLS_ALERT_ILLEGAL_PARAMETER);
            CHECK_EQ(W.qn[0], 1);
            CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));
        } else { /* the flight answers (the edit spoils the transcript after that) */
            CHECK_EQ(dtls_conn_error(&W.s), 0);
            CHECK_EQ(W.s.dtls__tx_limit, rsl[k] == 64 ? 64 : 16384);
            CHECK_EQ(W.q[0][0][13], DTLS__HS_SERVER_HELLO);
            CHECK_EQ(RS.bad, 0);
            CHECK_EQ(RS.max_pt, rsl[k] == 64 ? 64 : 12 + 38 + 2 + 4 + 5 + 6);
        }
    }
}

/* The client: a max_fragment_length echoed with another code, both
 * extensions answered, a record_size_limit below 64: illegal_parameter; an
 * extension it did not offer: unsupported_extension. */
TEST(client_checks_answer)
{
    static const uint8_t mfl2[5] = {0x00, 0x01, 0x00, 0x01, 0x02};
    size_t at;
    dtls__server_hello sh;

    /* the echo edited on the wire: 2^9 asked, 2^10 answered */
    rs_setup(-1, 0);
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    at = find_bytes(W.q[0][0], W.qlen[0][0], MFL_1, 5);
    CHECK(at < W.qlen[0][0]);
    W.q[0][0][at + 4] = 2;
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], mfl2, 5));
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));
    check_alert0(1, DTLS_ALERT_ILLEGAL_PARAMETER);
    CHECK_EQ(W.qn[1], 1);

    /* the answers as parsed (each on a fresh client that offered what it says) */
    memset(&sh, 0, sizeof(sh));
    sh.has_rsl = 1;
    sh.rsl = 600;
    sh.has_mfl = 1;
    sh.mfl = 1;
    rs_setup(-1, 0);
    W.cc.max_record = 600;
    W.cc.max_fragment_length = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(dtls__rs_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));

    sh.has_mfl = 0;
    sh.rsl = 63;
    rs_setup(-1, 0);
    W.cc.max_record = 600;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(dtls__rs_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));

    sh.rsl = 0xFFFF; /* above 2^14: 2^14 */
    rs_setup(-1, 0);
    W.cc.max_record = 600;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(dtls__rs_server_hello_in(&W.c, &sh), 0);
    CHECK_EQ(W.c.dtls__tx_limit, 16384);
    CHECK_EQ(W.c.dtls__rx_limit, 600);

    /* not offered */
    rs_setup(-1, 0);
    W.cc.max_fragment_length = 512; /* offers only max_fragment_length */
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    sh.rsl = 600;
    CHECK_EQ(dtls__rs_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNSUPPORTED_EXTENSION));
    memset(&sh, 0, sizeof(sh));
    sh.has_mfl = 1;
    sh.mfl = 1;
    rs_setup(-1, 0);
    W.cc.max_record = 600; /* offers only record_size_limit */
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(dtls__rs_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNSUPPORTED_EXTENSION));
}

/* The side that advertised a limit drops the peer's protected records above
 * it (RFC 8449 §4, the DTLS choice: discarded and counted) and takes those
 * at it; and its own writes stay within the peer's. */
TEST(larger_records_dropped)
{
    static uint8_t data[700], d[W_DMAX];
    size_t len;
    memset(data, 0x33, sizeof(data));

    /* the client advertised 512 */
    rs_setup(-1, 0);
    W.cc.max_record = 512;
    CHECK_EQ(w_handshake(), 0);
    len = seal(&W.s, 1, DTLS__CT_APPLICATION_DATA, data, 513, d, sizeof(d));
    w_feed(0, d, len);
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 1);
    CHECK_EQ(dtls_conn_read(&W.c, data, sizeof(data)), DTLS_ERR_WOULD_BLOCK);
    len = seal(&W.s, 1, DTLS__CT_APPLICATION_DATA, data, 512, d, sizeof(d));
    w_feed(0, d, len);
    CHECK_EQ(dtls_conn_read(&W.c, data, sizeof(data)), 512);
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 1);

    /* the server advertised 256 (its max_record) to a client offering 512 */
    rs_setup(0, 256);
    W.cc.max_record = 512;
    W.sc.max_record = 256;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(W.c.dtls__tx_limit, 256);
    CHECK_EQ(W.s.dtls__rx_limit, 256);
    CHECK_EQ(dtls_conn_max_payload(&W.c), 256);
    CHECK_EQ(dtls_conn_write(&W.c, data, 257), DTLS_ERR_TOO_BIG);
    CHECK_EQ(dtls_conn_write(&W.c, data, 256), 256);
    w_pump();
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.got_len, 256);
    CHECK_EQ(RS.bad, 0);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, data, 257, d, sizeof(d));
    w_feed(1, d, len);
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 1);

    /* no limit negotiated: nothing dropped below 2^14 */
    rs_setup(-1, 0);
    CHECK_EQ(w_handshake(), 0);
    len = seal(&W.s, 1, DTLS__CT_APPLICATION_DATA, data, sizeof(data), d, sizeof(d));
    w_feed(0, d, len);
    CHECK_EQ(dtls_conn_read(&W.c, data, sizeof(data)), (int)sizeof(data));
}

/* A tls12_cid record's inner plaintext holds the type byte: under a limit
 * of 64 the server's largest write is 63, its records' inner plaintexts at
 * most 64. */
TEST(cid_inner_type_counted)
{
#if DTLS_ENABLE_CID
    rs_setup(1, 64);
    W.cc.flags |= DTLS_CFG_CID;
    W.sc.flags |= DTLS_CFG_CID;
    W.cc.cid_len = 4;
    W.sc.cid_len = 4;
    W.cc.max_record = 64;
    RS.dgmax = 64 + 13 + 4 + 16;
    CHECK_EQ(w_handshake(), 0);
    CHECK(W.s.dtls__cid_on);
    CHECK_EQ(W.s.dtls__cid_tx_len, 4);
    CHECK_EQ(dtls_conn_max_payload(&W.s), 63);
    {
        static uint8_t data[64];
        CHECK_EQ(dtls_conn_write(&W.s, data, 64), DTLS_ERR_TOO_BIG);
        CHECK_EQ(dtls_conn_write(&W.s, data, 63), 63);
    }
    CHECK_EQ(RS.bad, 0);
    CHECK_EQ(RS.max_pt, 64);
#else
    test_skip("cid_inner_type_counted", "DTLS_ENABLE_CID 0");
#endif
}

/* A resumed handshake negotiates afresh (RFC 8449 §4). */
TEST(resumed_negotiates_again)
{
#if DTLS_ENABLE_RESUMPTION
    static dtls_session_slot cache[2];
    static uint8_t sess[DTLS_SESSION_MAX];
    static const uint8_t SA[4] = {10, 0, 0, 2};
    int n;
    rs_setup(1, 256);
    W.use_srv = 1;
    W.cc.max_record = 256;
    W.sc.flags |= DTLS_CFG_NO_TICKETS;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_server_sessions(&W.srv, cache, 2), 0);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), 0), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(w_finish(), 0);
    n = dtls_conn_session_save(&W.c, sess, sizeof(sess));
    CHECK(n > 0);
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    w_pump();
    CHECK(dtls__conn_is_free(&W.slots[0]));
    /* the second connection, same configs: the abbreviated flight bounded too */
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), (size_t)(n > 0 ? n : 0)), 0);
    RS.max_pt = 0;
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_resumed(&W.c), 1);
    CHECK_EQ(W.slots[0].dtls__tx_limit, 256);
    CHECK_EQ(W.c.dtls__rx_limit, 256);
    CHECK_EQ(RS.bad, 0);
#else
    test_skip("resumed_negotiates_again", "DTLS_ENABLE_RESUMPTION 0");
#endif
}

#else /* DTLS_ENABLE_RECORD_SIZE 0 */

/* Compiled out: max_fragment_length is refused, max_record only bounds our
 * own records (nothing offered), and a ServerHello with either extension is
 * one we did not offer. */
TEST(compiled_out)
{
    static const uint8_t rsl[4] = {0x00, 0x1C, 0x00, 0x02};
    dtls__server_hello sh;
    uint8_t b[64];
    static const uint8_t ext[8] = {0x00, 0x06, 0x00, 0x1C, 0x00, 0x02, 0x02, 0x00};
    rs_setup(-1, 0);
    W.cc.max_fragment_length = 512;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_DISABLED);
    rs_setup(-1, 0);
    W.cc.max_record = 512;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK(!has_bytes(W.q[1][0], W.qlen[1][0], rsl, 4));
    rs_setup(-1, 0);
    W.cc.max_record = 512;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_max_payload(&W.c), 512);
    CHECK_EQ(W.s.dtls__tx_limit, 0);
    memset(b, 0, sizeof(b));
    b[0] = 0xFE;
    b[1] = 0xFD;
    b[35] = 0xC0;
    b[36] = 0xA8;
    memcpy(b + 38, ext, sizeof(ext));
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, b, 38 + sizeof(ext)), 0);
    CHECK_EQ(sh.has_rsl, 0);
    CHECK_EQ(sh.has_other_ext, 1);
    CHECK_EQ(sh.other_ext_type, 28);
}

#endif

int main(void)
{
#if DTLS_ENABLE_RECORD_SIZE
    RUN(extension_bytes);
    RUN(negotiated_bytes);
    RUN(server_bound_to_client_limit);
    RUN(mfl_512);
    RUN(both_offered_mfl_ignored);
    RUN(server_invalid_values);
    RUN(client_checks_answer);
    RUN(larger_records_dropped);
    RUN(cid_inner_type_counted);
    RUN(resumed_negotiates_again);
#else
    RUN(compiled_out);
#endif
    return test_done();
}
