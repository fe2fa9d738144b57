/* test_heartbeat.c - heartbeat (RFC 6520, proto/heartbeat.c) as a NAT
 * keep-alive, in the in-memory world (world.h): the extension both ways and
 * its absence, requests and responses byte for byte, the over-read rule (a
 * payload_length past the record is answered with nothing: the Heartbleed
 * class), a response with another payload ignored, one request in flight,
 * the retransmissions and the timeout on the fake clock, nothing during a
 * handshake, the client and the server (through dtls_server and its index)
 * as senders, and the keep-alive holding a server's idle timeout off.
 * Built with DTLS_ENABLE_HEARTBEAT 0 it checks the stubs instead. */
#include "ptest.h"
#include "world.h"

/* A world of PSK-CCM_8 (records: 13 header + 8 explicit nonce + 8 tag). */
static void hb_setup(uint16_t cflags, uint16_t sflags)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.flags = (uint16_t)(W.cc.flags | cflags);
    W.sc.flags = (uint16_t)(W.sc.flags | sflags);
}

/* 1 when the n bytes of pat occur in the len bytes at p. */
static DTLS__UNUSED int has_bytes(const uint8_t *p, size_t len, const uint8_t *pat, size_t n)
{
    size_t i;
    for (i = 0; i + n <= len; i++)
        if (memcmp(p + i, pat, n) == 0)
            return 1;
    return 0;
}

static dtls_stats stats_of(const dtls_conn *c)
{
    dtls_stats st;
    dtls_conn_stats(c, &st);
    return st;
}

#if DTLS_ENABLE_HEARTBEAT

#define HB DTLS_CFG_HEARTBEAT
#define HB_ALL (DTLS__HB_ON | DTLS__HB_ANSWER | DTLS__HB_MAY_SEND)

/* A heartbeat record of `from` (its epoch-1 keys), fed to side q. */
static void hb_inject(int q, dtls_conn *from, const uint8_t *plain, size_t n)
{
    static uint8_t d[W_DMAX];
    size_t len = seal(from, 1, DTLS__CT_HEARTBEAT, plain, n, d, sizeof(d));
    w_feed(q, d, len);
}

/* The next datagram of queue q: one heartbeat record that reader opens; its
 * plaintext into plain, its length; *dlen the datagram's. */
static size_t hb_take(int q, const dtls_conn *reader, uint8_t *plain, size_t *dlen)
{
    uint8_t d[W_DMAX];
    size_t len = take(q, d), plen = 0;
    if (dlen != NULL)
        *dlen = len;
    CHECK(len > 0);
    if (len == 0)
        return 0;
    CHECK_EQ(open1(reader, d, len, DTLS__CT_HEARTBEAT, plain, &plen), 0);
    return plen;
}

/* A HeartbeatMessage: type, payload_length field, payload (n bytes of
 * byte v), pad bytes of padding; its length. */
static size_t hb_msg(uint8_t *out, uint8_t type, size_t field, size_t n, uint8_t v, size_t pad)
{
    out[0] = type;
    out[1] = (uint8_t)(field >> 8);
    out[2] = (uint8_t)field;
    memset(out + 3, v, n);
    memset(out + 3 + n, 0xA5, pad);
    return 3 + n + pad;
}

/* The client's request goes out now (heartbeat_ms after the last record
 * heard); its plaintext into req (35 bytes checked), the datagram left in
 * W.q[1][0] when keep. */
static void client_request_keep(uint8_t *req, int keep)
{
    uint32_t at;
    size_t dlen = 0;
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at, W.c.dtls__last_heard + W.cc.heartbeat_ms);
    W.now = at;
    CHECK_EQ(dtls_conn_timer(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    CHECK_EQ(W.qlen[1][0], 13 + 8 + 35 + 8);
    CHECK_EQ(W.q[1][0][0], DTLS__CT_HEARTBEAT);
    CHECK_EQ(W.q[1][0][10], 1); /* its sequence number: epoch 1's second record (after the Finished) */
    if (keep) {
        CHECK_EQ(open1(&W.s, W.q[1][0], W.qlen[1][0], DTLS__CT_HEARTBEAT, req, &dlen), 0);
        CHECK_EQ(dlen, 35);
    } else {
        CHECK_EQ(hb_take(1, &W.s, req, &dlen), 35);
        CHECK_EQ(dlen, 13 + 8 + 35 + 8);
    }
    CHECK_EQ(req[0], DTLS__HB_REQUEST);
    CHECK_EQ(req[1], 0);
    CHECK_EQ(req[2], 16);
    CHECK_MEM(req + 3, W.c.dtls__hb_payload, 16);
    CHECK(W.c.dtls__hb & DTLS__HB_INFLIGHT);
}

static void client_request(uint8_t *req)
{
    client_request_keep(req, 0);
}

/* The hellos carry heartbeat(15) = [01] both ways; both sides answer and
 * may send.  The parser: a one-byte mode, nothing else. */
TEST(negotiated_both_ways)
{
    static const uint8_t ext[5] = {0x00, 0x0F, 0x00, 0x01, 0x01};
    uint8_t sh_ok[] = {0xFE, 0xFD, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                       1, 1, 1, 1, 0, 0xC0, 0xA8, 0, 0x00, 0x05, 0x00, 0x0F, 0x00, 0x01, 0x02};
    uint8_t sh_long[] = {0xFE, 0xFD, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                         1, 1, 1, 1, 0, 0xC0, 0xA8, 0, 0x00, 0x06, 0x00, 0x0F, 0x00, 0x02, 0x01, 0x00};
    dtls__server_hello sh;

    hb_setup(HB, HB);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    CHECK(has_bytes(W.q[1][0], W.qlen[1][0], ext, 5)); /* the ClientHello */
    deliver(1);
    CHECK(W.qn[0] >= 1);
    CHECK(has_bytes(W.q[0][0], W.qlen[0][0], ext, 5)); /* the ServerHello */
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(W.c.dtls__hb, HB_ALL);
    CHECK_EQ(W.s.dtls__hb, HB_ALL);

    /* the client says peer_not_allowed_to_send: it sends, the server answers */
    hb_setup(HB | DTLS_CFG_HEARTBEAT_NO_ANSWER, HB);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(W.c.dtls__hb, DTLS__HB_ON | DTLS__HB_MAY_SEND);
    CHECK_EQ(W.s.dtls__hb, DTLS__HB_ON | DTLS__HB_ANSWER);

    CHECK_EQ(dtls__msg_parse_server_hello(&sh, sh_ok, sizeof(sh_ok)), 0);
    CHECK_EQ(sh.has_heartbeat, 1);
    CHECK_EQ(sh.heartbeat_mode, 2);
    CHECK_EQ(sh.has_other_ext, 0);
    CHECK_EQ(dtls__msg_parse_server_hello(&sh, sh_long, sizeof(sh_long)), DTLS_ERR_DECODE);
}

/* An unknown HeartbeatMode is illegal_parameter (RFC 6520 §2) on both sides;
 * a ServerHello heartbeat we did not offer is unsupported_extension. */
TEST(bad_modes)
{
    static const uint8_t ext[5] = {0x00, 0x0F, 0x00, 0x01, 0x01};
    static const uint8_t alert_ip[2] = {2, DTLS_ALERT_ILLEGAL_PARAMETER};
    uint8_t *p;
    size_t i;

    /* server side: the client's mode edited to 3 */
    hb_setup(HB, HB);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    p = W.q[1][0];
    for (i = 0; i + 5 <= W.qlen[1][0]; i++)
        if (memcmp(p + i, ext, 5) == 0)
            p[i + 4] = 3;
    deliver(1);
    CHECK_EQ(W.qn[0], 1);
    CHECK_EQ(W.qlen[0][0], 15);
    CHECK_MEM(W.q[0][0] + 13, alert_ip, 2);
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));

    /* client side: the server's mode edited to 0 */
    hb_setup(HB, HB);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    p = W.q[0][0];
    for (i = 0; i + 5 <= W.qlen[0][0]; i++)
        if (memcmp(p + i, ext, 5) == 0)
            p[i + 4] = 0;
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));
    CHECK_EQ(W.qn[1], 1);
    CHECK_MEM(W.q[1][0] + 13, alert_ip, 2);

    /* a client that offered none refuses the server's */
    {
        dtls__server_hello sh;
        hb_setup(0, HB);
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        memset(&sh, 0, sizeof(sh));
        sh.has_heartbeat = 1;
        sh.heartbeat_mode = 1;
        CHECK_EQ(dtls__hb_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNSUPPORTED_EXTENSION));
        CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNSUPPORTED_EXTENSION));
    }
}

/* Not negotiated (the server does not want it, or the client did not offer
 * it): nothing in the ServerHello, type-24 records dropped and counted
 * (records_dropped_parse), nothing answered, no heartbeat deadline. */
TEST(not_negotiated)
{
    static const uint8_t ext[4] = {0x00, 0x0F, 0x00, 0x01};
    uint8_t m[64];
    size_t n;
    uint32_t at;
    int pass;
    for (pass = 0; pass < 2; pass++) {
        if (pass == 0)
            hb_setup(HB, 0);
        else
            hb_setup(0, HB);
        W.cc.heartbeat_ms = 1000;
        W.sc.heartbeat_ms = 1000;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        CHECK_EQ(has_bytes(W.q[1][0], W.qlen[1][0], ext, 4), pass == 0);
        deliver(1);
        CHECK(!has_bytes(W.q[0][0], W.qlen[0][0], ext, 4));
        CHECK_EQ(w_finish(), 0);
        CHECK_EQ(W.c.dtls__hb, 0);
        CHECK_EQ(W.s.dtls__hb, 0);
        CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0); /* the client has no duty and no heartbeat */
        n = hb_msg(m, DTLS__HB_REQUEST, 16, 16, 0x11, 16);
        hb_inject(1, &W.c, m, n);
        hb_inject(0, &W.s, m, n);
        CHECK_EQ(W.qn[0] + W.qn[1], 0);
        CHECK_EQ(stats_of(&W.s).records_dropped_parse, 1);
        CHECK_EQ(stats_of(&W.c).records_dropped_parse, 1);
        CHECK(dtls_conn_is_established(&W.c));
        CHECK_EQ(dtls_conn_error(&W.s), 0);
    }
}

/* The client's request and the server's response, byte for byte: the same
 * 16-byte payload, 16 bytes of padding each (fresh random bytes), 64-byte
 * datagrams; the response stops the timer, the next request is due
 * heartbeat_ms after it. */
TEST(request_response_exact_bytes)
{
    uint8_t req[64], resp[64];
    size_t dlen = 0;
    uint32_t at;
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = 5000;
    CHECK_EQ(w_handshake(), 0);
    client_request_keep(req, 1);
    deliver(1); /* the request, as the client sent it, to the server */
    CHECK_EQ(W.qn[0], 1);
    CHECK_EQ(W.qlen[0][0], 64);
    CHECK_EQ(open1(&W.c, W.q[0][0], W.qlen[0][0], DTLS__CT_HEARTBEAT, resp, &dlen), 0);
    CHECK_EQ(dlen, 35);
    CHECK_EQ(resp[0], DTLS__HB_RESPONSE);
    CHECK_EQ(resp[1], 0);
    CHECK_EQ(resp[2], 16);
    CHECK_MEM(resp + 3, req + 3, 16);
    CHECK(memcmp(resp + 19, req + 19, 16) != 0); /* padding: random, not the request's */
    W.now += 10;
    deliver(0); /* the response, as the server sent it, to the client */
    CHECK_EQ(W.c.dtls__hb & DTLS__HB_INFLIGHT, 0);
    CHECK_EQ(strcmp(W.log, "heartbeat response received"), 0);
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at, W.now + 5000);
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 0);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 0);
    hb_inject(1, &W.c, req, 0); /* an empty heartbeat record is no message */
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 1);
    CHECK_EQ(W.qn[0], 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
}

/* RFC 6520 §4: payload_length + 3 + 16 > the record's length: discarded
 * silently (the Heartbleed over-read), whatever the length claims; the
 * boundary case is answered with exactly its payload. */
TEST(over_length_request_answered_with_nothing)
{
    static const size_t fields[] = {17, 0xFFFF, 0x4000, 100};
    uint8_t m[128], resp[128];
    size_t n, i, dlen = 0;
    hb_setup(HB, HB);
    CHECK_EQ(w_handshake(), 0);
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        n = hb_msg(m, DTLS__HB_REQUEST, fields[i], 16, 0x42, 16); /* 35 bytes, 16 of payload */
        hb_inject(1, &W.c, m, n);
        CHECK_EQ(W.qn[0], 0);
        CHECK_EQ(stats_of(&W.s).records_dropped_parse, i + 1);
    }
    /* 15 bytes of padding: one short */
    n = hb_msg(m, DTLS__HB_REQUEST, 16, 16, 0x42, 15);
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 0);
    /* shorter than any message: type and length only */
    n = hb_msg(m, DTLS__HB_REQUEST, 0, 0, 0, 0);
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 0);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 6);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    /* payload_length = record - 19: answered, the payload copied, not one byte more */
    n = hb_msg(m, DTLS__HB_REQUEST, 20, 20, 0x42, 16);
    m[3 + 20] = 0x99; /* the first padding byte: never echoed */
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 1);
    CHECK_EQ(hb_take(0, &W.c, resp, &dlen), 3 + 20 + 16);
    CHECK_EQ(resp[0], DTLS__HB_RESPONSE);
    CHECK_EQ(resp[2], 20);
    CHECK_MEM(resp + 3, m + 3, 20);
    /* an empty payload with 16 bytes of padding: answered */
    n = hb_msg(m, DTLS__HB_REQUEST, 0, 0, 0, 16);
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(hb_take(0, &W.c, resp, &dlen), 19);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 6);
}

/* A request whose response would not fit the record room (our mtu) gets no
 * answer; a request to a side that said peer_not_allowed_to_send neither. */
TEST(unanswerable_requests)
{
    static uint8_t m[400];
    uint8_t resp[400];
    size_t n;
    hb_setup(HB, HB);
    W.sc.mtu = 200; /* the server's record room: 200 - 29 = 171 bytes */
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_max_payload(&W.s), 171);
    n = hb_msg(m, DTLS__HB_REQUEST, 152, 152, 0x33, 16); /* its response: 171 */
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 1);
    CHECK_EQ(hb_take(0, &W.c, resp, NULL), 171);
    n = hb_msg(m, DTLS__HB_REQUEST, 153, 153, 0x33, 16); /* 172: larger than the path MTU allows */
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 0);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 1);

    hb_setup(HB, HB | DTLS_CFG_HEARTBEAT_NO_ANSWER);
    CHECK_EQ(w_handshake(), 0);
    n = hb_msg(m, DTLS__HB_REQUEST, 16, 16, 0x33, 16);
    hb_inject(1, &W.c, m, n);
    CHECK_EQ(W.qn[0], 0);
    CHECK_EQ(stats_of(&W.s).records_dropped_parse, 1);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
}

/* A response that is not the echo of our request in flight is discarded
 * (RFC 6520 §4): another payload, another length, none in flight, a request
 * type; the request stays in flight until its echo comes. */
TEST(wrong_payload_response_ignored)
{
    uint8_t req[64], m[64];
    size_t n;
    uint32_t at, hb_at;
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = 2000;
    CHECK_EQ(w_handshake(), 0);
    /* none in flight */
    n = hb_msg(m, DTLS__HB_RESPONSE, 16, 16, 0, 16);
    hb_inject(0, &W.s, m, n);
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 1);
    client_request(req);
    hb_at = W.c.dtls__hb_at;
    /* one payload byte changed */
    memcpy(m, req, 35);
    m[0] = DTLS__HB_RESPONSE;
    m[3 + 15] ^= 1;
    hb_inject(0, &W.s, m, 35);
    CHECK(W.c.dtls__hb & DTLS__HB_INFLIGHT);
    /* the payload's first 15 bytes only (payload_length 15) */
    m[3 + 15] ^= 1;
    m[2] = 15;
    hb_inject(0, &W.s, m, 35);
    CHECK(W.c.dtls__hb & DTLS__HB_INFLIGHT);
    /* the right payload, but as a request: answered, not taken as the response */
    m[2] = 16;
    m[0] = DTLS__HB_REQUEST;
    hb_inject(0, &W.s, m, 35);
    CHECK(W.c.dtls__hb & DTLS__HB_INFLIGHT);
    CHECK_EQ(W.qn[1], 1); /* the client's answer to it */
    W.qn[1] = 0;
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 3);
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at, hb_at); /* still the retransmission's */
    /* the echo */
    m[0] = DTLS__HB_RESPONSE;
    hb_inject(0, &W.s, m, 35);
    CHECK_EQ(W.c.dtls__hb & DTLS__HB_INFLIGHT, 0);
    CHECK_EQ(stats_of(&W.c).records_dropped_parse, 3);
}

/* One request in flight (RFC 6520 §3): while it waits, neither the
 * heartbeat interval nor records heard from the peer start another; only
 * its retransmission timer sends (the same payload). */
TEST(one_in_flight)
{
    uint8_t req[64], again[64], m[64];
    uint32_t at;
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = 100; /* shorter than the 1000 ms retransmission timeout */
    CHECK_EQ(w_handshake(), 0);
    client_request(req);
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at, W.now + 1000);
    W.now += 500;
    CHECK_EQ(dtls_conn_timer(&W.c), 0);
    CHECK_EQ(W.qn[1], 0);
    /* application data from the server: heard, but no new request */
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"x", 1), 1);
    deliver(0);
    CHECK_EQ(W.c.dtls__last_heard, W.now);
    W.now += 499;
    CHECK_EQ(dtls_conn_timer(&W.c), 0);
    CHECK_EQ(W.qn[1], 0);
    W.now += 1;
    CHECK_EQ(dtls_conn_timer(&W.c), 0); /* 1000 ms: retransmitted */
    CHECK_EQ(W.qn[1], 1);
    CHECK_EQ(hb_take(1, &W.s, again, NULL), 35);
    CHECK_MEM(again, req, 19);          /* type, length, payload */
    CHECK(memcmp(again + 19, req + 19, 16) != 0); /* new padding */
    CHECK_EQ(retx_of(&W.c), 1);
    /* answered: the next request heartbeat_ms after the response */
    memcpy(m, req, 35);
    m[0] = DTLS__HB_RESPONSE;
    hb_inject(0, &W.s, m, 35);
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at, W.now + 100);
}

/* Unanswered: retransmitted at 1, 3 and 7 s (retransmit_limit 3), the
 * connection fails with DTLS_ERR_TIMEOUT at 15 s; each copy carries the
 * same payload. */
TEST(timeout)
{
    uint8_t req[64], again[64];
    uint32_t t0, at;
    static const uint32_t when[3] = {1000, 3000, 7000};
    int i;
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = 30000;
    W.cc.retransmit_limit = 3;
    CHECK_EQ(w_handshake(), 0);
    client_request(req);
    t0 = W.now;
    for (i = 0; i < 3; i++) {
        CHECK(dtls_conn_deadline(&W.c, &at));
        CHECK_EQ(at - t0, when[i]);
        W.now = at - 1;
        CHECK_EQ(dtls_conn_timer(&W.c), 0);
        CHECK_EQ(W.qn[1], 0);
        W.now = at;
        CHECK_EQ(dtls_conn_timer(&W.c), 0);
        CHECK_EQ(hb_take(1, &W.s, again, NULL), 35);
        CHECK_MEM(again, req, 19);
    }
    CHECK(dtls_conn_deadline(&W.c, &at));
    CHECK_EQ(at - t0, 15000);
    W.now = at;
    CHECK_EQ(dtls_conn_timer(&W.c), DTLS_ERR_TIMEOUT);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_TIMEOUT);
    CHECK_EQ(strcmp(W.log, "heartbeat unanswered: the peer is gone"), 0);
    CHECK_EQ(retx_of(&W.c), 3);
    CHECK_EQ(W.qn[1], 0);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"x", 1), DTLS_ERR_TIMEOUT);
}

/* During the handshake: a heartbeat in the next epoch (before the client
 * reads epoch 1) and one between the server's ChangeCipherSpec and its
 * Finished are dropped (records_dropped_epoch), not kept or answered; an
 * epoch-0 one after it is plaintext after the handshake. */
TEST(during_handshake_dropped)
{
    uint8_t m[64], d[W_DMAX], one[W_DMAX];
    size_t n, len, off[4], rl[4], nr;
    uint8_t e0[13 + 35];
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = 1;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);             /* ClientHello -> flight 4 */
    deliver(0);             /* flight 4 -> flight 5 */
    deliver(1);             /* flight 5 -> the server completes, flight 6 queued */
    CHECK(dtls_conn_is_established(&W.s));
    CHECK(!dtls_conn_is_established(&W.c));
    n = hb_msg(m, DTLS__HB_REQUEST, 16, 16, 0x77, 16);
    hb_inject(0, &W.s, m, n); /* epoch 1 while the client reads epoch 0 */
    CHECK_EQ(stats_of(&W.c).records_dropped_epoch, 1);
    CHECK_EQ(W.qn[1], 0);
    /* flight 6 record by record: CCS, the heartbeat, Finished */
    CHECK_EQ(W.qn[0], 1);
    len = take(0, d);
    nr = records(d, len, off, rl, 4);
    CHECK_EQ(nr, 2);
    CHECK_EQ(d[off[0]], DTLS__CT_CHANGE_CIPHER_SPEC);
    memcpy(one, d + off[0], rl[0]);
    w_feed(0, one, rl[0]);
    CHECK_EQ(W.c.dtls__rd_epoch, 1);
    hb_inject(0, &W.s, m, n);
    CHECK_EQ(stats_of(&W.c).records_dropped_epoch, 2);
    CHECK_EQ(W.qn[1], 0);
    memcpy(one, d + off[1], rl[1]);
    w_feed(0, one, rl[1]);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(W.qn[1], 0);
    CHECK_EQ(W.c.dtls__hb & DTLS__HB_INFLIGHT, 0); /* nothing was sent while handshaking */
    /* epoch 0 after the handshake */
    memset(e0, 0, sizeof(e0));
    e0[0] = DTLS__CT_HEARTBEAT;
    e0[1] = 0xFE;
    e0[2] = 0xFD;
    e0[10] = 9;
    e0[12] = 35;
    memcpy(e0 + 13, m, 35);
    w_feed(0, e0, sizeof(e0));
    CHECK_EQ(stats_of(&W.c).records_dropped_plaintext_after_handshake, 1);
    CHECK_EQ(W.qn[1], 0);
    /* established: the answers come */
    hb_inject(0, &W.s, m, n);
    CHECK_EQ(W.qn[1], 1);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
}

/* The server sends (through dtls_server with its index: the deadline heap
 * holds the heartbeat's deadline) and the client answers; unanswered, the
 * server's slot ends with on_close(DTLS_ERR_TIMEOUT) (the scan, no index). */
TEST(server_as_sender)
{
    static uint32_t words[DTLS_SERVER_INDEX_WORDS(1)];
    uint8_t req[64], resp[64];
    uint32_t at;
    int pass, i;
    for (pass = 0; pass < 2; pass++) {
        dtls_conn *s = &W.slots[0];
        hb_setup(HB, HB);
        W.use_srv = 1;
        W.sc.heartbeat_ms = 3000;
        W.sc.retransmit_limit = 2;
        CHECK_EQ(w_init(), 0);
        if (pass == 0)
            CHECK_EQ(dtls_server_index(&W.srv, words, DTLS_SERVER_INDEX_WORDS(1)), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        CHECK_EQ(w_finish(), 0);
        CHECK_EQ(s->dtls__hb, HB_ALL);
        CHECK(dtls_server_deadline(&W.srv, &at));
        CHECK_EQ(at, s->dtls__last_heard + 3000); /* before the duty's (240 s) */
        W.now = at;
        CHECK_EQ(dtls_server_timer(&W.srv), 0);
        CHECK_EQ(W.qn[0], 1);
        CHECK_EQ(hb_take(0, &W.c, req, NULL), 35);
        CHECK_EQ(req[0], DTLS__HB_REQUEST);
        CHECK_MEM(req + 3, s->dtls__hb_payload, 16);
        CHECK(dtls_server_deadline(&W.srv, &at));
        CHECK_EQ(at, W.now + 1000); /* the retransmission */
        if (pass == 0) {
            /* the client answers; the server's next request 3 s after the answer */
            hb_inject(0, s, req, 35);
            CHECK_EQ(W.qn[1], 1);
            CHECK_EQ(hb_take(1, s, resp, NULL), 35);
            CHECK_EQ(resp[0], DTLS__HB_RESPONSE);
            CHECK_MEM(resp + 3, req + 3, 16);
            W.now += 20;
            hb_inject(1, &W.c, resp, 35);
            CHECK_EQ(s->dtls__hb & DTLS__HB_INFLIGHT, 0);
            CHECK(dtls_server_deadline(&W.srv, &at));
            CHECK_EQ(at, W.now + 3000);
            CHECK_EQ(W.closed, 0);
        } else {
            /* no answer: 1 s, 3 s, then the end at 7 s */
            for (i = 0; i < 3; i++) {
                CHECK(dtls_server_deadline(&W.srv, &at));
                W.now = at;
                CHECK_EQ(dtls_server_timer(&W.srv), 0);
            }
            CHECK_EQ(W.qn[0], 2); /* two retransmissions (the request was taken) */
            CHECK_EQ(W.closed, 1);
            CHECK_EQ(W.close_reason, DTLS_ERR_TIMEOUT);
            CHECK(dtls__conn_is_free(s));
        }
    }
}

/* The keep-alive: a client sending every 4 s holds a server's 10 s idle
 * timeout off for a minute (heartbeats are heard); without it the slot goes. */
TEST(keeps_idle_timeout_off)
{
    int pass, n;
    for (pass = 0; pass < 2; pass++) {
        uint32_t end;
        hb_setup(HB, HB);
        W.cc.heartbeat_ms = pass == 0 ? 4000 : 0;
        W.sc.idle_timeout_ms = 10000;
        CHECK_EQ(w_handshake(), 0);
        end = W.now + 60000;
        for (n = 0; n < 100 && (int32_t)(W.now - end) < 0; n++) {
            if (!w_tick())
                break;
            w_pump();
        }
        if (pass == 0) {
            CHECK_EQ(W.closed, 0);
            CHECK_EQ(dtls_conn_error(&W.s), 0);
            CHECK(dtls_conn_is_established(&W.s));
            CHECK_EQ(dtls_conn_error(&W.c), 0);
            CHECK(W.sent[0] >= 2 + 14); /* flight 5 and a request every 4 s */
        } else {
            CHECK_EQ(W.closed, 1);
            CHECK_EQ(W.close_reason, DTLS_ERR_TIMEOUT);
        }
    }
}

/* dtls_ctx_init: heartbeat_ms of 2^31 or more is refused (deadlines stay
 * wrap-safe). */
TEST(config_bounds)
{
    hb_setup(HB, HB);
    W.cc.heartbeat_ms = UINT32_C(0x80000000);
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
    W.cc.heartbeat_ms = UINT32_C(0x7FFFFFFF);
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
}

#else /* DTLS_ENABLE_HEARTBEAT 0: the stubs */

TEST(compiled_out)
{
    static uint8_t rec[13 + 8 + 35 + 8];
    dtls__server_hello sh;
    hb_setup(DTLS_CFG_HEARTBEAT, 0);
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_DISABLED);
    hb_setup(0, 0);
    CHECK_EQ(w_handshake(), 0);
    {
        uint8_t m[35];
        memset(m, 0, sizeof(m));
        m[0] = 1;
        m[2] = 16;
        CHECK(seal(&W.s, 1, 24, m, sizeof(m), rec, sizeof(rec)) == sizeof(rec));
        w_feed(0, rec, sizeof(rec));
        CHECK_EQ(stats_of(&W.c).records_dropped_parse, 1);
        CHECK_EQ(W.qn[1], 0);
    }
    memset(&sh, 0, sizeof(sh));
    sh.has_heartbeat = 1;
    CHECK_EQ(dtls__hb_server_hello_in(&W.c, &sh), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNSUPPORTED_EXTENSION));
}

#endif

int main(void)
{
#if DTLS_ENABLE_HEARTBEAT
    RUN(negotiated_both_ways);
    RUN(bad_modes);
    RUN(not_negotiated);
    RUN(request_response_exact_bytes);
    RUN(over_length_request_answered_with_nothing);
    RUN(unanswerable_requests);
    RUN(wrong_payload_response_ignored);
    RUN(one_in_flight);
    RUN(timeout);
    RUN(during_handshake_dropped);
    RUN(server_as_sender);
    RUN(keeps_idle_timeout_off);
    RUN(config_bounds);
#else
    RUN(compiled_out);
#endif
    return test_done();
}
