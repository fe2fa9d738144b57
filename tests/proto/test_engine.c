/* test_engine.c - the connection engine and both handshake state machines:
 * a client engine and a server engine (started with dtls__conn_accept, no
 * cookie exchange) joined in memory by a perfect link (with optional drops),
 * a fake clock that starts just below 2^32, exact alerts and timings. */
#include "world.h"

/* Every suite: handshake, data both ways, close_notify both ways. */

TEST(handshake_every_suite)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        uint8_t buf[64];
        int r;
        w_setup(all_suites[i]);
        CHECK_EQ(w_handshake(), 0);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(dtls_conn_suite(&W.c), all_suites[i]);
        CHECK_EQ(dtls_conn_suite(&W.s), all_suites[i]);
        CHECK_EQ(W.sent[0], 2); /* ClientHello; CKE+CCS+Finished packed in one datagram */
        CHECK_EQ(W.sent[1], 2); /* SH+SHD; CCS+Finished */
        {
            /* the server's Finished duty: the longer of 2 x MSL and 6 x 60 s */
            uint32_t at;
            CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
            CHECK_EQ(dtls_conn_deadline(&W.s, &at), 1);
            CHECK_EQ(at, W.now + 360000);
        }
        CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"hello", 5), 5);
        w_pump();
        CHECK_EQ(W.ndata, 1);
        CHECK_EQ(W.got_len, 5);
        CHECK_MEM(W.got, "hello", 5);
        W.got_len = 0;
        CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"world!", 6), 6);
        w_pump();
        CHECK_EQ(W.got_len, 6);
        CHECK_MEM(W.got, "world!", 6);
        /* the client's data ended the duty: no deadline on either side */
        {
            uint32_t at;
            CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
            CHECK_EQ(dtls_conn_deadline(&W.s, &at), 0);
        }
        CHECK_EQ(dtls_conn_close(&W.c), 0);
        w_pump();
        CHECK_EQ(W.closed, 1);
        CHECK_EQ(W.close_reason, DTLS_ERR_CLOSED);
        CHECK(dtls__conn_is_free(&W.s));
        r = dtls_conn_read(&W.c, buf, sizeof(buf));
        CHECK_EQ(r, DTLS_ERR_CLOSED);
        CHECK_EQ(dtls_conn_write(&W.c, buf, 1), DTLS_ERR_CLOSED);
    }
}

/* The server closes: the client reads its data, then DTLS_ERR_CLOSED (never 0). */
TEST(close_notify_from_server)
{
    uint8_t buf[16];
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"bye", 3), 3);
    CHECK_EQ(dtls_conn_close(&W.s), 0);
    CHECK_EQ(W.closed, 1);
    w_pump();
    CHECK_EQ(W.got_len, 3);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 3); /* the client answered the close_notify */
}

/* Connects and runs the client's timer, delivering nothing, until it gives
 * up; returns the time of the connect. */
static uint32_t connect_unanswered(void)
{
    uint32_t t0, at;
    int i;
    CHECK_EQ(w_init(), 0);
    t0 = W.now;
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    for (i = 0; i < 20; i++) {
        if (!dtls_conn_deadline(&W.c, &at))
            break;
        W.now = at;
        if (dtls_conn_timer(&W.c) != 0)
            break;
    }
    return t0;
}

/* Exact retransmission schedule with defaults: sent at 0, retransmitted at 1,
 * 3, 7, 15, 31, 63 s, timed out at 127 s (clock wraps on the way). */
TEST(retransmission_schedule)
{
    uint32_t t0, at;
    int i;
    w_setup(0);
    t0 = connect_unanswered();
    /* the defaults: two copies per timer retransmission */
    CHECK_EQ(W.sent[0], 1 + 6 * 2);
    CHECK_EQ(W.sent_at[0] - t0, 0);
    for (i = 0; i < 6; i++) {
        static const uint32_t when[6] = {1000, 3000, 7000, 15000, 31000, 63000};
        CHECK_EQ(W.sent_at[1 + 2 * i] - t0, when[i]);
        CHECK_EQ(W.sent_at[2 + 2 * i] - t0, when[i]);
    }
    CHECK_EQ(retx_of(&W.c), 6);
    CHECK_EQ(W.now - t0, 127000);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_TIMEOUT);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    /* one copy each (retransmit_copies = 1): the same times */
    w_setup(0);
    W.cc.retransmit_copies = 1;
    t0 = connect_unanswered();
    CHECK_EQ(W.sent[0], 7);
    CHECK_EQ(W.sent_at[0] - t0, 0);
    CHECK_EQ(W.sent_at[1] - t0, 1000);
    CHECK_EQ(W.sent_at[2] - t0, 3000);
    CHECK_EQ(W.sent_at[3] - t0, 7000);
    CHECK_EQ(W.sent_at[4] - t0, 15000);
    CHECK_EQ(W.sent_at[5] - t0, 31000);
    CHECK_EQ(W.sent_at[6] - t0, 63000);
    CHECK_EQ(W.now - t0, 127000);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_TIMEOUT);
    /* and more than 4 copies is refused */
    w_setup(0);
    W.cc.retransmit_copies = 5;
    CHECK_EQ(w_init(), DTLS_ERR_BAD_ARG);
}

/* Wrong PSK: the server drops the client's Finished (counted) and the
 * handshake ends by timeout, whose log suggests a wrong key. */
TEST(wrong_psk_times_out)
{
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    W.sc.psk = K2;
    CHECK_EQ(w_handshake(), DTLS_ERR_TIMEOUT);
    /* the server's timer restarted with each retransmission of the client:
     * it gives up later */
    while (!dtls__conn_is_free(&W.s) && W.closed == 0 && w_tick())
        w_pump();
    st = W.sctx.dtls__stats; /* the slot is released: its counters went to the endpoint totals (no dtls_server here) */
    CHECK(st.records_dropped_auth >= 1);
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_TIMEOUT);
    CHECK(strstr(W.log, "wrong PSK") != NULL);
}

TEST(wrong_psk_bad_record_mac)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM);
    W.sc.psk = K2;
    W.sc.flags = DTLS_CFG_SEND_BAD_RECORD_MAC;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
}

static int psk_lookup(void *user, const uint8_t *id, size_t idl, uint8_t *key, size_t *kl)
{
    (void)user;
    if (idl != 7 || memcmp(id, "client1", 7) != 0)
        return -1;
    memcpy(key, K1, 16);
    *kl = 16;
    return 0;
}

TEST(unknown_identity)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.psk_server = psk_lookup;
    W.cc.psk_identity = (const uint8_t *)"mallory";
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    /* as a wrong key instead */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.psk_server = psk_lookup;
    W.sc.flags = DTLS_CFG_UNKNOWN_PSK_AS_WRONG_KEY;
    W.cc.psk_identity = (const uint8_t *)"mallory";
    CHECK_EQ(w_handshake(), DTLS_ERR_TIMEOUT);
    /* the right identity through the callback */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.psk_server = psk_lookup;
    CHECK_EQ(w_handshake(), 0);
}

TEST(no_common_suite)
{
    static const uint16_t cs[1] = {DTLS_PSK_WITH_AES_128_CCM};
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.suites = cs;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_HANDSHAKE_FAILURE));
}

/* A hint makes the PSK server send ServerKeyExchange; the client's callback sees it. */
static uint8_t seen_hint[32];
static size_t seen_hint_len;
static int psk_client_cb(void *user, const uint8_t *hint, size_t hl, uint8_t *id, size_t *idl, uint8_t *key,
                         size_t *kl)
{
    (void)user;
    memcpy(seen_hint, hint, hl < 32 ? hl : 32);
    seen_hint_len = hl;
    memcpy(id, "client1", 7);
    *idl = 7;
    memcpy(key, K1, 16);
    *kl = 16;
    return 0;
}

TEST(psk_hint)
{
    w_setup(DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    W.sc.psk_hint = (const uint8_t *)"the-hint";
    W.sc.psk_hint_len = 8;
    W.cc.psk_client = psk_client_cb;
    seen_hint_len = 99;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(seen_hint_len, 8);
    CHECK_MEM(seen_hint, "the-hint", 8);
}

/* Application data limits: max payload, TOO_BIG, BUFFER_TOO_SMALL keeps the record. */
TEST(app_data_limits)
{
    uint8_t big[1300], small[4];
    size_t mp;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(w_handshake(), 0);
    mp = dtls_conn_max_payload(&W.c);
    CHECK_EQ(mp, 1232 - 13 - 8 - 16);
    memset(big, 0x5A, sizeof(big));
    CHECK_EQ(dtls_conn_write(&W.c, big, mp + 1), DTLS_ERR_TOO_BIG);
    CHECK_EQ(dtls_conn_write(&W.c, big, mp), (int)mp);
    CHECK_EQ(W.maxdg[0], 1232);
    {
        /* server -> client: a record bigger than the reader's buffer */
        uint8_t buf[W_DMAX];
        size_t len;
        CHECK_EQ(dtls_conn_write(&W.s, big, 100), 100);
        CHECK_EQ(W.qn[0], 1);
        len = take(0, buf);
        CHECK_EQ(dtls_conn_input(&W.c, buf, len), 0);
        CHECK_EQ(dtls_conn_read(&W.c, small, sizeof(small)), DTLS_ERR_BUFFER_TOO_SMALL);
        CHECK_EQ(dtls_conn_read(&W.c, big, sizeof(big)), 100);
        CHECK_EQ(dtls_conn_read(&W.c, big, sizeof(big)), DTLS_ERR_WOULD_BLOCK);
    }
}

/* The 48-bit write sequence number never wraps. */
TEST(seq_exhausted)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    W.c.dtls__wseq[1] = DTLS__SEQ_MAX;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"x", 1), 1);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"x", 1), DTLS_ERR_SEQ_EXHAUSTED);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
}

/* After the handshake, plaintext (epoch-0) alerts and data are dropped and counted. */
TEST(epoch0_after_handshake)
{
    uint8_t rec[15] = {21, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 50, 0, 2, 2, 40};
    uint8_t app[16] = {23, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 51, 0, 3, 'a', 'b', 'c'};
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_input(&W.c, rec, sizeof(rec)), 0);
    CHECK_EQ(dtls_conn_input(&W.c, app, sizeof(app)), 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, W.got, sizeof(W.got)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_plaintext_after_handshake, 2);
}

/* The server's final flight is lost: the client retransmits its flight, the
 * server (2 x MSL duty) regenerates CCS + Finished. */
TEST(server_final_flight_lost)
{
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    W.drop[1] = 2u; /* the server's second datagram (CCS + Finished) */
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(W.sent[0], 2 + 2); /* flight 5 retransmitted once, in two copies */
    CHECK_EQ(W.sent[1], 2 + 2); /* each copy answered by the duty */
    CHECK_EQ(retx_of(&W.c), 1);
}

/* Flights at mtu 256 with ECDHE_PSK P-256 and a long hint are fragmented,
 * every datagram fits. */
TEST(small_mtu_fragmentation)
{
    static const uint16_t g[1] = {DTLS_GROUP_SECP256R1};
    static uint8_t hint[128];
    memset(hint, 'h', sizeof(hint));
    w_setup(DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
    W.cc.mtu = 256;
    W.sc.mtu = 256;
    W.sc.psk_hint = hint;
    W.sc.psk_hint_len = sizeof(hint);
    W.sc.groups = g;
    W.sc.n_groups = 1;
    CHECK_EQ(w_handshake(), 0);
    CHECK(W.maxdg[0] <= 256);
    CHECK(W.maxdg[1] <= 256);
    CHECK(W.sent[1] >= 3);
}

/* A HelloVerifyRequest (made statelessly, as server.c does) copies the
 * ClientHello's record sequence number (0); the server's ServerHello then
 * starts its own epoch-0 numbering at 0 too.  The client must not take that
 * ServerHello for a replay of the HelloVerifyRequest (RFC 6347 4.2.1). */
TEST(hello_verify_then_server_hello_seq0)
{
    uint8_t hvr[13 + 12 + 3 + 4] = {22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12 + 3 + 4,
                                   3, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 7, 0xFE, 0xFF, 4, 0xC0, 0x0C, 0x1E, 0x55};
    int i;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    W.qn[1] = 0; /* the cookieless ClientHello went to the (stateless) cookie check */
    CHECK_EQ(dtls_conn_input(&W.c, hvr, sizeof(hvr)), 0);
    CHECK_EQ(W.qn[1], 1); /* the ClientHello with the cookie, message_seq 1 */
    CHECK_EQ(W.q[1][0][13 + 5], 1);
    for (i = 0; i < 5 && !dtls_conn_is_established(&W.c); i++)
        w_pump();
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(W.sent[0], 3); /* ClientHello twice, then the key exchange flight: no retransmission */
    CHECK_EQ(W.sent[1], 2);
}

/* The server's flight (ServerHello, ServerKeyExchange, ServerHelloDone over
 * several datagrams) arrives in reverse order: the messages after the
 * ServerHello wait in the reassembly and are processed as soon as it comes,
 * with no retransmission. */
TEST(reordered_flight)
{
    static uint8_t hint[128];
    memset(hint, 'h', sizeof(hint));
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.mtu = 160; /* ServerHello alone in the first datagram */
    W.sc.psk_hint = hint;
    W.sc.psk_hint_len = sizeof(hint);
    W.reverse[0] = 1;
    W.reverse[1] = 1;
    CHECK_EQ(w_handshake(), 0);
    CHECK(W.sent[1] >= 3);
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(retx_of(&W.c), 0);
    CHECK_EQ(retx_of(&W.s), 0);
}

/* The client's flight arrives reversed: ChangeCipherSpec + Finished before
 * the ClientKeyExchange.  The early CCS is remembered (not dropped) and
 * applied once the ClientKeyExchange is processed: no retransmission. */
TEST(ccs_before_key_exchange)
{
    static uint8_t id[128];
    memset(id, 'i', sizeof(id));
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    W.cc.mtu = 160; /* ClientKeyExchange alone in the first datagram */
    W.cc.psk_identity = id;
    W.cc.psk_identity_len = sizeof(id);
    W.sc.psk_identity = id;
    W.sc.psk_identity_len = sizeof(id);
    W.reverse[1] = 1;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(W.sent[0], 3);
    CHECK_EQ(W.sent[1], 2);
    CHECK_EQ(retx_of(&W.c), 0);
    CHECK_EQ(retx_of(&W.s), 0);
}

/* A retransmission triggered by the peer's retransmitted flight restarts our
 * timer (RFC 6347 4.2.4): the server resends its lost flight when the
 * client's ClientHello comes again, and its own timer, due 10 ms later, does
 * not resend it a second time. */
TEST(trigger_restarts_timer)
{
    uint32_t t0, at;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.retransmit_copies = 1; /* one copy each: the counts below are the rule's */
    W.sc.retransmit_copies = 1;
    W.drop[1] = 3u; /* the server's flight and its first retransmission are lost */
    CHECK_EQ(w_init(), 0);
    t0 = W.now;
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    W.now = t0 + 10;
    w_pump(); /* the server's flight goes at t0 + 10: its timer is due at t0 + 1010 */
    CHECK_EQ(W.sent[1], 1);
    CHECK(dtls_conn_deadline(&W.s, &at) && at == t0 + 1010);
    W.now = t0 + 1000;
    CHECK_EQ(dtls_conn_timer(&W.c), 0); /* the client's ClientHello again */
    w_pump();
    CHECK_EQ(W.sent[1], 2); /* triggered */
    CHECK(dtls_conn_deadline(&W.s, &at) && at == t0 + 2000);
    W.now = t0 + 1010;
    CHECK_EQ(dtls_conn_timer(&W.s), 0);
    CHECK_EQ(W.sent[1], 2);
}

/* The side that sent the last flight answers the peer's retransmitted final
 * flight for as long as the peer may retransmit it: here the client's timer
 * for its last flight starts backed off (2 s: its ClientHello needed a
 * retransmission), so its sixth retransmission comes 122 s after the first
 * copy; every earlier answer of the server is lost.  (A duty of 2 x 60 s
 * ended before it and stranded the client.) */
TEST(duty_covers_peer_retransmissions)
{
    int i;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.drop[1] = 1u; /* the server's first flight: the client's ClientHello is retransmitted */
    W.ccs_mute = 1;
    W.ccs_mute_until = W.now + 122000; /* every final flight (CCS + Finished) of the server until then */
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    for (i = 0; i < 40 && !dtls_conn_is_established(&W.c) && dtls_conn_error(&W.c) == 0; i++) {
        w_pump();
        if (!w_tick())
            break;
    }
    w_pump();
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_error(&W.c), 0);
}

/* ---- alerts, row by row: the exact code on both sides; the server slot is
 * reported once (on_close) and freed ---- */

/* Delivers the one queued datagram for the server after edit(q) and runs the
 * handshake to its end. */
static int w_alert_run(void (*edit)(uint8_t *d, size_t len), int side)
{
    int i;
    if (w_init() != 0 || dtls_conn_connect(&W.c) != 0)
        return -1000;
    if (side == 1 && W.qn[1] > 0)
        edit(W.q[1][0], W.qlen[1][0]);
    if (side == 0) {
        uint8_t buf[W_DMAX];
        size_t len = W.qlen[1][0];
        memcpy(buf, W.q[1][0], len);
        W.qn[1] = 0;
        (void)dtls_conn_input(&W.s, buf, len); /* the ClientHello: the server's flight is queued */
        edit(W.q[0][0], W.qlen[0][0]);
    }
    for (i = 0; i < 20 && !dtls_conn_is_established(&W.c) && dtls_conn_error(&W.c) == 0; i++) {
        w_pump();
        if (dtls_conn_error(&W.c) != 0 || !w_tick())
            break;
    }
    w_pump();
    return dtls_conn_error(&W.c);
}

/* ClientHello body offsets (one record, one unfragmented message). */
#define CH_BODY 25
static void edit_ch_version(uint8_t *d, size_t len)
{
    (void)len;
    d[CH_BODY] = 0xFE; /* DTLS 1.0 */
    d[CH_BODY + 1] = 0xFF;
}
static void edit_ch_session_id_len(uint8_t *d, size_t len)
{
    (void)len;
    d[CH_BODY + 34] = 200; /* overruns the message */
}
static void edit_ch_compression(uint8_t *d, size_t len)
{
    size_t o = CH_BODY + 34; /* session_id length */
    (void)len;
    o += 1u + d[o];          /* cookie length */
    o += 1u + d[o];          /* cipher_suites length */
    o += 2u + (((size_t)d[o] << 8) | d[o + 1]);
    CHECK_EQ(d[o], 1);       /* one compression method: null */
    d[o + 1] = 1;            /* DEFLATE only */
}
static void edit_sh_type(uint8_t *d, size_t len)
{
    (void)len;
    CHECK_EQ(d[13], 2);
    d[13] = 14; /* a ServerHelloDone where the ServerHello is due */
}

TEST(alert_protocol_version)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_alert_run(edit_ch_version, 1), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_PROTOCOL_VERSION));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_PROTOCOL_VERSION));
}

TEST(alert_decode_error)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_alert_run(edit_ch_session_id_len, 1), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_DECODE_ERROR));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_DECODE_ERROR));
}

TEST(alert_illegal_parameter)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_alert_run(edit_ch_compression, 1), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_ILLEGAL_PARAMETER));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));
}

TEST(alert_unexpected_message)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_alert_run(edit_sh_type, 0), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNEXPECTED_MESSAGE));
    w_check_server_end(DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNEXPECTED_MESSAGE));
    CHECK_EQ(dtls_conn_read(&W.c, W.got, sizeof(W.got)), DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNEXPECTED_MESSAGE));
}

TEST(alert_handshake_failure_and_unknown_identity)
{
    static const uint16_t cs[1] = {DTLS_PSK_WITH_AES_128_CCM};
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.suites = cs;
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_HANDSHAKE_FAILURE));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_HANDSHAKE_FAILURE));
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.psk_server = psk_lookup;
    W.cc.psk_identity = (const uint8_t *)"mallory";
    CHECK_EQ(w_handshake(), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
}

/* A failing random callback on the server (its random) is internal_error. */
static void edit_random_fail(uint8_t *d, size_t len)
{
    (void)d;
    (void)len;
    W.random_fail = 1;
}

TEST(alert_internal_error)
{
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_alert_run(edit_random_fail, 1), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_INTERNAL_ERROR));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_INTERNAL_ERROR));
    /* and nothing starts without randomness */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    W.random_fail = 1;
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_INTERNAL_ERROR));
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_INTERNAL_ERROR));
}

/* Connects and runs the first two flights by hand, every input answering 0:
 * the client's final flight (ClientKeyExchange, CCS, Finished) is queued
 * for the server. */
static void run_to_client_final(void)
{
    uint8_t buf[W_DMAX];
    size_t len;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    len = take(1, buf); /* the ClientHello */
    CHECK_EQ(dtls_conn_input(&W.s, buf, len), 0);
    while ((len = take(0, buf)) != 0)
        CHECK_EQ(dtls_conn_input(&W.c, buf, len), 0);
}

/* A client Finished that decrypts (the keys agree) but carries verify_data
 * the server does not expect: decrypt_error.  The server's transcript is
 * made to differ after the master secret is derived (the ClientKeyExchange
 * record is fed alone first). */
TEST(alert_decrypt_error)
{
    uint8_t buf[W_DMAX];
    size_t len, first;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    run_to_client_final();
    CHECK_EQ(W.qn[1], 1); /* ClientKeyExchange, CCS, Finished */
    len = take(1, buf);
    first = 13 + (((size_t)buf[11] << 8) | buf[12]);
    CHECK_EQ(dtls_conn_input(&W.s, buf, first), 0);
    CHECK(W.s.dtls__hs != NULL);
    if (W.s.dtls__hs != NULL)
        CHECK_EQ(dtls_crypto_hash_update(&W.hooks[1], &W.s.dtls__hs->dtls__transcript, (const uint8_t *)"x", 1), 0);
    CHECK_EQ(dtls_conn_input(&W.s, buf + first, len - first), DTLS_ERR_ALERT_SENT(DTLS_ALERT_DECRYPT_ERROR));
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_DECRYPT_ERROR));
    w_pump();
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_DECRYPT_ERROR));
}

/* The peer's Finished must come in epoch 1: after the ChangeCipherSpec, a
 * plaintext (epoch-0) Finished with the expected message_seq is dropped and
 * counted, never checked (a spoofed one would otherwise end the handshake
 * with decrypt_error); the real one then completes it. */
TEST(finished_only_in_epoch1)
{
    uint8_t buf[W_DMAX], fake[13 + 12 + 12];
    size_t len, r1, r2;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    run_to_client_final();
    len = take(1, buf);
    r1 = 13 + (((size_t)buf[11] << 8) | buf[12]);              /* ClientKeyExchange */
    r2 = r1 + 13 + (((size_t)buf[r1 + 11] << 8) | buf[r1 + 12]); /* ChangeCipherSpec */
    CHECK_EQ(buf[r1], 20);
    CHECK_EQ(dtls_conn_input(&W.s, buf, r2), 0);
    CHECK_EQ(W.s.dtls__rd_epoch, 1);
    /* epoch 0, record seq 9, Finished, message_seq 2 (the client's next) */
    memset(fake, 0, sizeof(fake));
    fake[0] = 22;
    fake[1] = 0xFE;
    fake[2] = 0xFD;
    fake[10] = 9;
    fake[12] = 24;
    fake[13] = 20;
    fake[16] = 12;
    fake[18] = 2; /* message_seq 2 */
    fake[24] = 12;
    CHECK_EQ(dtls_conn_input(&W.s, fake, sizeof(fake)), 0);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.closed, 0);
    CHECK_EQ(dtls_conn_input(&W.s, buf + r2, len - r2), 0);
    CHECK(dtls_conn_is_established(&W.s));
    w_pump();
    CHECK(dtls_conn_is_established(&W.c));
}

/* An ECDH hook that answers "in progress" for 7.5 s of fake time while the
 * client retransmits its ClientHello 3 times (1, 3, 7 s): the server sends
 * nothing meanwhile, absorbs the retransmissions, starts no second key
 * generation, and sends its flight exactly once; the handshake completes. */
static uint32_t slow_ready_at;
static int slow_started, slow_done, slow_shared;
static int slow_keygen(void *user, int group, dtls_crypto_key *priv, uint8_t *pub, size_t *pub_len)
{
    (void)user;
    (void)group;
    (void)priv;
    (void)pub;
    (void)pub_len;
    if (!slow_started) {
        slow_started = 1;
        slow_ready_at = W.now + 7500;
    }
    if ((int32_t)(W.now - slow_ready_at) < 0)
        return DTLS_ERR_IN_PROGRESS;
    slow_done++;
    return DTLS_ERR_UNSUPPORTED; /* the software implementation does the work */
}
static int slow_ecdh_shared(void *user, int group, const dtls_crypto_key *priv, const uint8_t *peer, size_t peer_len,
                            uint8_t *out, size_t *out_len)
{
    (void)user;
    (void)group;
    (void)priv;
    (void)peer;
    (void)peer_len;
    (void)out;
    (void)out_len;
    slow_shared++;
    return DTLS_ERR_UNSUPPORTED;
}

TEST(ecdh_in_progress)
{
    uint32_t t0;
    int step;
    w_setup(DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256);
    W.hooks[1].ecdh_keygen = slow_keygen;
    W.hooks[1].ecdh_shared = slow_ecdh_shared;
    slow_started = slow_done = slow_shared = 0;
    CHECK_EQ(w_init(), 0);
    t0 = W.now;
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    for (step = 0; step < 80 && !dtls_conn_is_established(&W.c); step++) {
        uint32_t at;
        w_pump();
        if (dtls_conn_deadline(&W.c, &at) && (int32_t)(W.now - at) >= 0)
            (void)dtls_conn_timer(&W.c);
        if (!dtls__conn_is_free(&W.s) && dtls_conn_deadline(&W.s, &at) && (int32_t)(W.now - at) >= 0)
            (void)dtls_conn_timer(&W.s);
        w_pump();
        if ((int32_t)(W.now - t0) < 7500)
            CHECK_EQ(W.sent[1], 0); /* nothing while the hook works */
        W.now += 250;
    }
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(W.sent[0], 1 + 3 * 2 + 1); /* ClientHello at 0, then two copies at 1, 3, 7 s; then the key exchange flight */
    CHECK_EQ(W.sent[1], 2);   /* flight 4 once; the final flight */
    CHECK_EQ(slow_done, 1);   /* one key generation */
    CHECK_EQ(slow_shared, 0); /* a software key: the shared secret never asks the hook */
    CHECK_EQ(retx_of(&W.s), 0);
}

/* A whole-record AEAD hook (software underneath) whose open answers "in
 * progress" twice before each result: the engine calls it again at once (a
 * record is opened whole within the call), so the caller never feeds a
 * datagram again; nothing is lost and nothing is processed twice. */
static int busy_open_calls, busy_opens, busy_state;
static int busy_set_key(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    return dtls_crypto_aead_set_key(NULL, key, alg, raw, raw_len);
}
static int busy_seal(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_crypto_key k = *key;
    (void)user;
    k.by_hook = 0;
    return dtls_crypto_aead_seal(NULL, &k, out, nonce, nonce_len, aad, aad_len, in, in_len);
}
static int busy_open(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                     const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_crypto_key k = *key;
    (void)user;
    busy_open_calls++;
    if (busy_state < 2) {
        busy_state++;
        return DTLS_ERR_IN_PROGRESS;
    }
    busy_state = 0;
    busy_opens++;
    k.by_hook = 0;
    return dtls_crypto_aead_open(NULL, &k, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

TEST(aead_open_in_progress)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        uint8_t dg[W_DMAX];
        size_t n0, n1;
        dtls_stats cs, ss;
        int side;
        w_setup(all_suites[i]);
        for (side = 0; side < 2; side++) {
            W.hooks[side].aead_set_key = busy_set_key;
            W.hooks[side].aead_seal = busy_seal;
            W.hooks[side].aead_open = busy_open;
        }
        busy_open_calls = busy_opens = busy_state = 0;
        CHECK_EQ(w_handshake(), 0);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(W.sent[0], 2); /* no retransmission was needed */
        CHECK_EQ(W.sent[1], 2);
        CHECK_EQ(busy_opens, 2); /* each Finished opened once */
        CHECK_EQ(busy_open_calls, 6);
        CHECK_EQ(W.in_progress, 0); /* never passed to the caller */
        /* two records in one datagram to the server: both delivered in the
         * one call, each opened once */
        CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"one", 3), 3);
        CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"two!", 4), 4);
        CHECK_EQ(W.qn[1], 2);
        n0 = W.qlen[1][0];
        n1 = W.qlen[1][1];
        memcpy(dg, W.q[1][0], n0);
        memcpy(dg + n0, W.q[1][1], n1);
        W.qn[1] = 0;
        CHECK_EQ(dtls_conn_input(&W.s, dg, n0 + n1), 0);
        CHECK_EQ(W.ndata, 2);
        CHECK_EQ(W.got_len, 4);
        CHECK_MEM(W.got, "two!", 4);
        CHECK_EQ(busy_opens, 4);
        CHECK_EQ(busy_open_calls, 12);
        CHECK_EQ(dtls_conn_input(&W.s, dg, n0 + n1), 0); /* a replay now: dropped before opening */
        CHECK_EQ(W.ndata, 2);
        CHECK_EQ(busy_open_calls, 12);
        /* and the other way, through the link */
        W.got_len = 0;
        W.ndata = 0;
        CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"back", 4), 4);
        w_pump();
        CHECK_EQ(W.ndata, 1);
        CHECK_EQ(W.got_len, 4);
        CHECK_MEM(W.got, "back", 4);
        dtls_conn_stats(&W.c, &cs);
        dtls_conn_stats(&W.s, &ss);
        CHECK_EQ(cs.records_dropped_auth + ss.records_dropped_auth, 0);
        CHECK_EQ(ss.records_dropped_replay, 2);
        CHECK_EQ(dtls_conn_error(&W.c), 0);
        CHECK_EQ(dtls_conn_error(&W.s), 0);
    }
}

TEST(sizes)
{
    printf("     sizeof dtls_conn %u, dtls_hs %u, dtls_ctx %u, dtls_server %u\n", (unsigned)sizeof(dtls_conn),
           (unsigned)sizeof(dtls_hs), (unsigned)sizeof(dtls_ctx), (unsigned)sizeof(dtls_server));
    CHECK(sizeof(dtls_conn) <= 512);
}

int main(void)
{
    RUN(handshake_every_suite);
    RUN(close_notify_from_server);
    RUN(retransmission_schedule);
    RUN(wrong_psk_times_out);
    RUN(wrong_psk_bad_record_mac);
    RUN(unknown_identity);
    RUN(no_common_suite);
    RUN(psk_hint);
    RUN(app_data_limits);
    RUN(seq_exhausted);
    RUN(epoch0_after_handshake);
    RUN(server_final_flight_lost);
    RUN(small_mtu_fragmentation);
    RUN(hello_verify_then_server_hello_seq0);
    RUN(reordered_flight);
    RUN(ccs_before_key_exchange);
    RUN(trigger_restarts_timer);
    RUN(duty_covers_peer_retransmissions);
    RUN(alert_protocol_version);
    RUN(alert_decode_error);
    RUN(alert_illegal_parameter);
    RUN(alert_unexpected_message);
    RUN(alert_handshake_failure_and_unknown_identity);
    RUN(alert_internal_error);
    RUN(alert_decrypt_error);
    RUN(finished_only_in_epoch1);
    RUN(ecdh_in_progress);
    RUN(aead_open_in_progress);
    RUN(sizes);
    return test_done();
}
