/* test_rules.c - rules of issue 3 (DTLS 1.2 core) pinned one by one, each by
 * a test that fails without the rule:
 *   - renegotiation refused (RFC 5746): an authenticated ClientHello to the
 *     server, a HelloRequest to the client: a no_renegotiation warning in
 *     epoch 1, nothing changes;
 *   - max_auth_failures: the limit fails the connection with bad_record_mac;
 *     off (0) every failure is only counted;
 *   - record versions (RFC 6347 4.1): 0xFEFF accepted in epoch 0 before the
 *     ServerHello, only 0xFEFD after it;
 *   - early epoch-1 records: buffered (at most DTLS__EARLY_MAX) before the
 *     ChangeCipherSpec, later epochs dropped, application data delivered only
 *     once the peer's Finished verified; an early record must fit
 *     DTLS__EARLY_SLOT bytes;
 *   - empty application records are discarded, never a 0-byte read;
 *   - a ClientHello that cannot fit the mtu unfragmented: DTLS_ERR_TOO_BIG,
 *     nothing sent;
 *   - after a local close: close_notify once, then nothing is sent or
 *     processed.
 *
 * The harness is the in-memory world of world.h (a client engine and a
 * server engine started with dtls__conn_accept, or a dtls_server with
 * W.use_srv; a fake clock just below the wrap); datagrams are taken from its
 * queues and fed by hand where the order matters.  Records "from" a peer are
 * built with that peer's own epoch-1 write keys (seal: dtls__record_protect
 * on conn->dtls__wr, its next write sequence number), and the records a side
 * sends are opened with the other side's read keys (open1:
 * dtls__record_unprotect on conn->dtls__rd) to check the exact alert bytes
 * inside. */
#include "world.h"

/* -------------------------------------------------------------- helpers */

/* A record header's 48-bit sequence number. */
static uint64_t rec_seq(const uint8_t *d)
{
    uint64_t v = 0;
    int i;
    for (i = 5; i < 11; i++)
        v = (v << 8) | d[i];
    return v;
}

/* The sum of every drop counter. */
static uint32_t drops(const dtls_stats *st)
{
    return st->records_dropped_parse + st->records_dropped_auth + st->records_dropped_replay +
           st->records_dropped_epoch + st->records_dropped_plaintext_after_handshake + st->fragments_dropped;
}

/* Data both ways after the handshake: the client's "ping" reaches the
 * server's on_data, the server's "pong" the client's read. */
static void data_both_ways(void)
{
    uint8_t buf[64];
    W.ndata = 0;
    W.got_len = 0;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    deliver(1);
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.got_len, 4);
    CHECK_MEM(W.got, "ping", 4);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"pong", 4), 4);
    deliver(0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 4);
    CHECK_MEM(buf, "pong", 4);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
}

/* -------------------------------------------------------- renegotiation */

/* An authenticated (epoch-1) ClientHello to an established server: answered
 * with a no_renegotiation warning (level 1, description 100) in epoch 1;
 * nothing changes (no handshake starts, same suite and epochs, no
 * notification) and data flows both ways afterwards.  Every suite (the
 * three nonce constructions). */
TEST(renegotiation_client_hello_refused)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        static const uint8_t rnd[32] = {7};
        uint8_t msg[512], rec[600], alert[W_DMAX];
        dtls__client_hello_out o;
        dtls__hs_header h;
        dtls_stats st;
        uint64_t wseq;
        size_t rl, al;
        int n;
        w_setup(all_suites[i]);
        CHECK_EQ(w_handshake(), 0);
        CHECK_EQ(W.connected, 1);
        memset(&o, 0, sizeof(o));
        o.random = rnd;
        o.suites = &all_suites[i];
        o.n_suites = 1;
        n = dtls__msg_write_client_hello(msg + 12, sizeof(msg) - 12, &o);
        CHECK(n > 0);
        if (n <= 0)
            return;
        memset(&h, 0, sizeof(h));
        h.type = DTLS__HS_CLIENT_HELLO; /* message_seq 0: a new handshake (RFC 6347 4.2.2) */
        h.length = h.frag_length = (uint32_t)n;
        dtls__hs_write_header(msg, &h);
        rl = seal(&W.c, 1, DTLS__CT_HANDSHAKE, msg, 12 + (size_t)n, rec, sizeof(rec));
        wseq = W.s.dtls__wseq[1];
        CHECK_EQ(dtls_conn_input(&W.s, rec, rl), 0);
        CHECK_EQ(W.sent[1], 3); /* SH+SHD; CCS+Finished; the warning */
        CHECK_EQ(W.qn[0], 1);
        CHECK_EQ(rec_seq(W.q[0][0]), wseq); /* the server's next epoch-1 sequence number */
        al = W.qlen[0][0];
        memcpy(alert, W.q[0][0], al);
        check_alert1(0, &W.c, 1, DTLS_ALERT_NO_RENEGOTIATION);
        /* nothing changed */
        CHECK_EQ(dtls_conn_error(&W.s), 0);
        CHECK(dtls_conn_is_established(&W.s));
        CHECK(W.s.dtls__hs == NULL); /* no handshake started */
        CHECK_EQ(dtls_conn_suite(&W.s), all_suites[i]);
        CHECK_EQ(W.s.dtls__rd_epoch, 1);
        CHECK_EQ(W.s.dtls__wr_epoch, 1);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(W.closed, 0);
        dtls_conn_stats(&W.s, &st);
        CHECK_EQ(drops(&st), 0);
        /* the client takes the warning and goes on */
        CHECK_EQ(dtls_conn_input(&W.c, alert, al), 0);
        CHECK_EQ(dtls_conn_error(&W.c), 0);
        CHECK_EQ(W.sent[0], 2);
        data_both_ways();
        CHECK(dtls_conn_is_established(&W.c));
        CHECK_EQ(dtls_conn_suite(&W.c), all_suites[i]);
        CHECK_EQ(W.sent[1], 4);
    }
}

/* An authenticated HelloRequest (type 0, empty body) to an established
 * client: a no_renegotiation warning in epoch 1, no new ClientHello, the
 * connection continues; the server takes the warning and changes nothing. */
TEST(renegotiation_hello_request_refused)
{
    size_t i;
    for (i = 0; i < N_SUITES; i++) {
        uint8_t msg[12], rec[64], buf[16];
        dtls__hs_header h;
        dtls_stats st;
        size_t rl;
        w_setup(all_suites[i]);
        CHECK_EQ(w_handshake(), 0);
        memset(&h, 0, sizeof(h)); /* HelloRequest, length 0, message_seq 0 */
        h.type = DTLS__HS_HELLO_REQUEST;
        dtls__hs_write_header(msg, &h);
        rl = seal(&W.s, 1, DTLS__CT_HANDSHAKE, msg, sizeof(msg), rec, sizeof(rec));
        CHECK_EQ(dtls_conn_input(&W.c, rec, rl), 0);
        CHECK_EQ(W.sent[0], 3); /* ClientHello; CKE+CCS+Finished; the warning */
        CHECK_EQ(W.qn[1], 1);
        check_alert1(1, &W.s, 1, DTLS_ALERT_NO_RENEGOTIATION);
        CHECK_EQ(dtls_conn_error(&W.c), 0);
        CHECK(dtls_conn_is_established(&W.c));
        CHECK(W.c.dtls__hs == NULL);
        CHECK_EQ(dtls_conn_suite(&W.c), all_suites[i]);
        CHECK_EQ(W.c.dtls__rd_epoch, 1);
        CHECK_EQ(W.c.dtls__wr_epoch, 1);
        CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
        dtls_conn_stats(&W.c, &st);
        CHECK_EQ(drops(&st), 0);
        /* the warning reaches the server: nothing changes there either */
        {
            uint8_t d[W_DMAX];
            size_t dl;
            uint8_t a[2];
            a[0] = 1;
            a[1] = DTLS_ALERT_NO_RENEGOTIATION;
            dl = seal(&W.c, 1, DTLS__CT_ALERT, a, 2, d, sizeof(d));
            CHECK_EQ(dtls_conn_input(&W.s, d, dl), 0);
            CHECK_EQ(dtls_conn_error(&W.s), 0);
            CHECK_EQ(W.closed, 0);
        }
        data_both_ways();
        CHECK_EQ(W.sent[0], 4);
    }
}

/* ----------------------------------------------------- max_auth_failures */

/* A data record of the client with one ciphertext byte flipped. */
static size_t forged_from_client(uint8_t *d, const char *text)
{
    size_t len;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)text, strlen(text)), (int)strlen(text));
    len = take(1, d);
    CHECK(len > 13u + W.c.dtls__wr.explicit_nonce_len);
    d[13 + W.c.dtls__wr.explicit_nonce_len] ^= 0x01;
    return len;
}

/* max_auth_failures = 3 on the server (CCM_8, the suite the README advises it
 * for): the first two forged records are dropped and counted, a valid record
 * in between is delivered (the count is per connection, not consecutive), the
 * third fails the connection with a fatal bad_record_mac sent in epoch 1:
 * DTLS_ERR_ALERT_SENT(bad_record_mac), on_close once, records_dropped_auth 3. */
TEST(max_auth_failures_server)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.max_auth_failures = 3;
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;

    len = forged_from_client(d, "one");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 1);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"fine", 4), 4); /* a valid one between */
    deliver(1);
    CHECK_EQ(W.ndata, 1);
    len = forged_from_client(d, "two");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 2);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.sent[1], 2); /* nothing answered so far */
    CHECK_EQ(W.closed, 0);

    len = forged_from_client(d, "three");
    CHECK_EQ(dtls_conn_input(&W.s, d, len), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_error(&W.s), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.sent[1], 3);
    CHECK_EQ(W.qn[0], 1);
    dtls_conn_stats(&W.s, &st); /* the ended slot still reports its counters */
    CHECK_EQ(st.records_dropped_auth, 3);
    CHECK_EQ(drops(&st), 3);
    CHECK_EQ(W.s.dtls__last_alert, DTLS_ALERT_BAD_RECORD_MAC);
    {
        /* the alert on the wire: fatal bad_record_mac in epoch 1; the client fails with it */
        uint8_t a[W_DMAX];
        size_t al = W.qlen[0][0];
        memcpy(a, W.q[0][0], al);
        check_alert1(0, &W.c, 2, DTLS_ALERT_BAD_RECORD_MAC);
        CHECK_EQ(dtls_conn_input(&W.c, a, al), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_BAD_RECORD_MAC));
    }
    w_check_server_end(DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(W.sctx.dtls__stats.records_dropped_auth, 3); /* the released slot's counters */
}

/* The client side of the same limit (2): the client fails with
 * DTLS_ERR_ALERT_SENT(bad_record_mac), sends the fatal alert in epoch 1, and
 * every call returns that code afterwards. */
TEST(max_auth_failures_client)
{
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    dtls_stats st;
    int k;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    W.cc.max_auth_failures = 2;
    CHECK_EQ(w_handshake(), 0);
    for (k = 0; k < 2; k++) {
        CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"data", 4), 4);
        len = take(0, d);
        d[13 + W.s.dtls__wr.explicit_nonce_len + 2] ^= 0x80;
        CHECK_EQ(dtls_conn_input(&W.c, d, len), k == 0 ? 0 : DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
        CHECK_EQ(W.sent[0], k == 0 ? 2 : 3);
    }
    check_alert1(1, &W.s, 2, DTLS_ALERT_BAD_RECORD_MAC);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_auth, 2);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK_EQ(dtls_conn_write(&W.c, buf, 1), DTLS_ERR_ALERT_SENT(DTLS_ALERT_BAD_RECORD_MAC));
    CHECK(!dtls_conn_is_established(&W.c));
}

/* Off (0, the default): any number of failures is only counted; the
 * connection stays healthy and the next valid record is delivered. */
TEST(max_auth_failures_off)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    int k;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;
    for (k = 0; k < 40; k++) {
        len = forged_from_client(d, "forged");
        CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    }
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_auth, 40);
    CHECK_EQ(drops(&st), 40);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(W.sent[1], 2);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(W.closed, 0);
    data_both_ways();
}

/* ------------------------------------------------------ record versions */

/* A ClientHello record of version 0xFEFF (as OpenSSL sends it) is accepted
 * before the ServerHello: the handshake completes without retransmission,
 * nothing dropped.  Through the engine alone and through dtls_server (cookie
 * exchange: both ClientHellos 0xFEFF). */
TEST(version_feff_before_server_hello)
{
    dtls_stats st;
    int via;
    for (via = 0; via < 2; via++) {
        uint8_t d[W_DMAX];
        size_t len;
        w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
        W.use_srv = via;
        CHECK_EQ(w_init(), 0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        CHECK_EQ(W.qn[1], 1);
        W.q[1][0][1] = 0xFE;
        W.q[1][0][2] = 0xFF;
        if (via) {
            /* the stateless check answers with a HelloVerifyRequest; the
             * ClientHello with the cookie goes as 0xFEFF too */
            len = take(1, d);
            CHECK_EQ(dtls_server_input(&W.srv, d, len, CADDR, 4), 0);
            CHECK_EQ(W.sent[1], 1);
            CHECK_EQ(W.q[0][0][13], DTLS__HS_HELLO_VERIFY_REQUEST);
            deliver(0);
            CHECK_EQ(W.sent[0], 2);
            CHECK_EQ(W.qn[1], 1);
            W.q[1][0][1] = 0xFE;
            W.q[1][0][2] = 0xFF;
        }
        CHECK_EQ(w_finish(), 0);
        CHECK_EQ(W.connected, 1);
        CHECK_EQ(W.sent[0], via ? 3 : 2); /* no retransmission */
        CHECK_EQ(W.sent[1], via ? 3 : 2);
        if (via)
            dtls_server_stats(&W.srv, &st);
        else
            dtls_conn_stats(&W.s, &st);
        CHECK_EQ(drops(&st), 0);
        CHECK_EQ(st.retransmissions, 0);
    }
}

/* Another version (0xFEFE) on the ClientHello record is dropped and counted
 * (records_dropped_parse): the server answers nothing. */
TEST(version_other_dropped)
{
    uint8_t d[W_DMAX];
    size_t len;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    len = take(1, d);
    d[1] = 0xFE;
    d[2] = 0xFE;
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.sent[1], 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_in, 1);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(drops(&st), 1);
}

/* After the ServerHello was received, an epoch-0 handshake record of version
 * 0xFEFF (here the ServerHelloDone) is dropped, counted in
 * records_dropped_parse, and does not advance the client; the same record as
 * 0xFEFD (same sequence number: the window did not move) then does. */
TEST(version_locked_after_server_hello_client)
{
    uint8_t d[W_DMAX], r2[W_DMAX];
    size_t len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    len = take(0, d);
    CHECK_EQ(records(d, len, off, rl, 4), 2); /* ServerHello, ServerHelloDone */
    CHECK_EQ(d[off[0] + 13], DTLS__HS_SERVER_HELLO);
    CHECK_EQ(d[off[1] + 13], DTLS__HS_SERVER_HELLO_DONE);
    memcpy(r2, d + off[1], rl[1]);
    CHECK_EQ(dtls_conn_input(&W.c, d, rl[0]), 0); /* the ServerHello (0xFEFD) */
    CHECK_EQ(W.sent[0], 1);
    d[off[1] + 1] = 0xFE;
    d[off[1] + 2] = 0xFF;
    CHECK_EQ(dtls_conn_input(&W.c, d + off[1], rl[1]), 0);
    CHECK_EQ(W.sent[0], 1); /* not processed: no ClientKeyExchange flight */
    CHECK_EQ(W.qn[1], 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(drops(&st), 1);
    CHECK_EQ(dtls_conn_input(&W.c, r2, rl[1]), 0); /* as sent */
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(w_finish(), 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(st.retransmissions, 0);
}

/* The server side: after it sent its ServerHello, the client's
 * ClientKeyExchange as 0xFEFF is dropped (records_dropped_parse) and not
 * processed: the CCS + Finished that follow cannot complete the handshake;
 * the ClientKeyExchange as sent (0xFEFD) then completes it (the early CCS and
 * the buffered Finished take effect). */
TEST(version_locked_after_server_hello_server)
{
    uint8_t d[W_DMAX], cke[W_DMAX];
    size_t len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    deliver(0);
    len = take(1, d);
    CHECK_EQ(records(d, len, off, rl, 4), 3); /* ClientKeyExchange, CCS, Finished */
    CHECK_EQ(d[off[0] + 13], DTLS__HS_CLIENT_KEY_EXCHANGE);
    CHECK_EQ(d[off[1]], DTLS__CT_CHANGE_CIPHER_SPEC);
    memcpy(cke, d, rl[0]);
    cke[1] = 0xFE;
    cke[2] = 0xFF;
    CHECK_EQ(dtls_conn_input(&W.s, cke, rl[0]), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_parse, 1);
    CHECK_EQ(dtls_conn_input(&W.s, d + off[1], len - off[1]), 0); /* CCS + Finished */
    CHECK(!dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 0);
    CHECK_EQ(W.sent[1], 1);
    memcpy(cke, d, rl[0]);
    CHECK_EQ(dtls_conn_input(&W.s, cke, rl[0]), 0); /* as sent */
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 1);
    CHECK_EQ(W.sent[1], 2);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(drops(&st), 1);
    CHECK_EQ(w_finish(), 0);
}

/* ------------------------------------------------------- early records */

/* Runs the handshake up to the server's final flight (CCS + Finished), which
 * is held back in fin (returns its length); the server is established. */
static size_t run_to_server_final(uint8_t *fin)
{
    size_t len;
    if (w_init() != 0 || dtls_conn_connect(&W.c) != 0)
        return 0;
    deliver(1);
    deliver(0);
    deliver(1);
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.qn[0], 1);
    len = take(0, fin);
    CHECK(!dtls_conn_is_established(&W.c));
    return len;
}

/* The client: the server's first application records overtake its CCS +
 * Finished.  An epoch-2 record is dropped and counted at once
 * (records_dropped_epoch) and takes no buffer slot; the next two epoch-1
 * records are buffered (DTLS__EARLY_MAX), the third dropped and counted;
 * nothing is readable before the Finished verifies; right after it the two
 * buffered records are read, in order; no retransmission was needed. */
TEST(early_records_client)
{
    uint8_t fin[W_DMAX], d[W_DMAX], buf[64];
    size_t fl, len;
    dtls_stats st;
    CHECK_EQ(DTLS__EARLY_MAX, 2);
    w_setup(DTLS_PSK_WITH_AES_128_CCM);
    fl = run_to_server_final(fin);
    CHECK(fl > 0);
    len = seal(&W.s, 2, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"e2", 2, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 1);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"first", 5), 5);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"second", 6), 6);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"third", 5), 5);
    CHECK_EQ(W.qn[0], 3);
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 2); /* epoch 2, and the third early record */
    CHECK_EQ(drops(&st), 2);
    CHECK_EQ(dtls_conn_input(&W.c, fin, fl), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 5);
    CHECK_MEM(buf, "first", 5);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 6);
    CHECK_MEM(buf, "second", 6);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    CHECK_EQ(W.sent[0], 2);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.retransmissions, 0);
    CHECK_EQ(drops(&st), 2);
    /* after the handshake, epoch 2 is still dropped and counted */
    len = seal(&W.s, 2, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"e2", 2, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 3);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    data_both_ways();
}

/* The buffer is bounded in bytes too: an early record is kept only when it
 * fits DTLS__EARLY_SLOT whole (header included); a longer one is dropped and
 * counted (records_dropped_epoch).  At the boundary: one byte over is
 * dropped, exactly the slot is kept and read after completion. */
TEST(early_record_slot_size)
{
    uint8_t fin[W_DMAX], big[DTLS__EARLY_SLOT], buf[DTLS__EARLY_SLOT];
    size_t fl, n;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    fl = run_to_server_final(fin);
    n = DTLS__EARLY_SLOT - 13 - dtls__cipher_overhead(&W.s.dtls__wr); /* the largest payload kept */
    memset(big, 0xA5, sizeof(big));
    CHECK_EQ(dtls_conn_write(&W.s, big, n + 1), (int)(n + 1));
    big[0] = 0x5A;
    CHECK_EQ(dtls_conn_write(&W.s, big, n), (int)n);
    CHECK_EQ(W.qlen[0][0], DTLS__EARLY_SLOT + 1);
    CHECK_EQ(W.qlen[0][1], DTLS__EARLY_SLOT);
    deliver(0);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_epoch, 1);
    CHECK_EQ(dtls_conn_input(&W.c, fin, fl), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), (int)n);
    CHECK_MEM(buf, big, n);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 1);
}

/* The server's Finished (an epoch-1 handshake record) before its CCS: kept
 * and processed right after the CCS: the client completes without
 * retransmission.  Then application data arriving after the CCS but before
 * the Finished (current epoch, still handshaking) is not delivered before the
 * Finished verifies, and is delivered right after it. */
TEST(early_finished_and_data_after_ccs)
{
    uint8_t fin[W_DMAX], d[W_DMAX], buf[64];
    size_t fl, len, off[4], rl[4];
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    fl = run_to_server_final(fin);
    CHECK_EQ(records(fin, fl, off, rl, 4), 2);
    CHECK_EQ(fin[off[0]], DTLS__CT_CHANGE_CIPHER_SPEC);
    CHECK_EQ(dtls_conn_input(&W.c, fin + off[1], rl[1]), 0); /* the Finished first */
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_input(&W.c, fin, rl[0]), 0); /* then the CCS */
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(W.sent[0], 2);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(st.retransmissions, 0);

    /* CCS, then data, then the Finished */
    w_setup(DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256);
    fl = run_to_server_final(fin);
    CHECK_EQ(records(fin, fl, off, rl, 4), 2);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"early", 5), 5);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, fin, rl[0]), 0); /* CCS: the client reads epoch 1 */
    CHECK_EQ(W.c.dtls__rd_epoch, 1);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_input(&W.c, fin + off[1], rl[1]), 0);
    CHECK(dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 5);
    CHECK_MEM(buf, "early", 5);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
}

/* The server: a client application record (epoch 1, built with the client's
 * keys and its next sequence number) arrives before the client's flight
 * (ClientKeyExchange, CCS, Finished): buffered, and delivered (on_data) only
 * after the Finished verified, right after on_connect; it also proves the
 * client completed, so the server's Finished duty ends. */
TEST(early_data_server)
{
    uint8_t d[W_DMAX], f5[W_DMAX];
    size_t len, fl;
    uint32_t at;
    dtls_stats st;
    w_setup(DTLS_PSK_WITH_AES_256_GCM_SHA384);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    deliver(0);
    fl = take(1, f5); /* the client's flight: its epoch-1 keys exist now */
    CHECK(fl > 0);
    CHECK_EQ(W.c.dtls__wr_epoch, 1);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, (const uint8_t *)"early", 5, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(W.connected, 0);
    CHECK_EQ(dtls_conn_input(&W.s, f5, fl), 0);
    CHECK(dtls_conn_is_established(&W.s));
    CHECK_EQ(W.connected, 1);
    CHECK_EQ(W.ndata, 1);
    CHECK_EQ(W.connected_at_data, 1); /* after on_connect */
    CHECK_EQ(W.got_len, 5);
    CHECK_MEM(W.got, "early", 5);
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 0); /* no Finished duty: the client's data proved it completed */
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(drops(&st), 0);
    deliver(0);
    CHECK(dtls_conn_is_established(&W.c));
    data_both_ways();
}

/* ------------------------------------------------------- empty records */

/* An authenticated application record with 0 bytes of plaintext is discarded:
 * never an on_data call with 0 bytes (server), never a 0-byte read (client:
 * DTLS_ERR_WOULD_BLOCK); no drop counter moves (records_in does: it was a
 * valid record, accepted by the replay window, and it ends the server's
 * Finished duty like any authenticated data).  A write of 0 bytes sends
 * nothing. */
/* Heartbeat is not implemented (RFC 6520, CVE-2014-0160 "Heartbleed" was an
 * over-read answering one): an authenticated heartbeat record (content type
 * 24, a request claiming a 16 KB payload it does not carry), and a record of
 * an unknown content type, are dropped and counted; nothing is answered,
 * the connection goes on. */
TEST(heartbeat_and_unknown_content_types_dropped)
{
    static const uint8_t hb[3] = {1, 0x40, 0x00}; /* heartbeat_request, payload_length 16384, no payload */
    static const uint8_t junk[2] = {1, 2};
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    dtls_stats st, st0;
    int sent;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    sent = W.sent[1];
    dtls_conn_stats(&W.s, &st0);
    len = seal(&W.c, 1, 24, hb, sizeof(hb), d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    len = seal(&W.c, 1, 99, junk, sizeof(junk), d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_parse, st0.records_dropped_parse + 2);
    CHECK_EQ(W.sent[1], sent); /* nothing answered */
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    /* the client too */
    dtls_conn_stats(&W.c, &st0);
    len = seal(&W.s, 1, 24, hb, sizeof(hb), d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_dropped_parse, st0.records_dropped_parse + 1);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    /* data still flows */
    W.ndata = 0;
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ok", 2), 2);
    w_pump();
    CHECK_EQ(W.ndata, 1);
}

/* Work per datagram is bounded (issue 9): a datagram of 40 authentic
 * records delivers the first DTLS_MAX_RECORDS (32); the rest of it is
 * dropped and counted once; the next datagram is read normally. */
TEST(records_per_datagram_bounded)
{
    uint8_t d[W_DMAX], p[2];
    size_t len = 0;
    int i;
    dtls_stats st0, st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(DTLS_MAX_RECORDS, 32);
    for (i = 0; i < 40; i++) {
        p[0] = 'r';
        p[1] = (uint8_t)i;
        len += seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, p, 2, d + len, sizeof(d) - len);
    }
    dtls_conn_stats(&W.s, &st0);
    W.ndata = 0;
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.ndata, DTLS_MAX_RECORDS);
    CHECK_EQ(W.got[1], DTLS_MAX_RECORDS - 1); /* the last one delivered */
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_in, st0.records_in + DTLS_MAX_RECORDS);
    CHECK_EQ(st.records_dropped_parse, st0.records_dropped_parse + 1);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ok", 2), 2);
    w_pump();
    CHECK_EQ(W.ndata, DTLS_MAX_RECORDS + 1);
    CHECK_MEM(W.got, "ok", 2);
}

TEST(empty_records)
{
    static const uint8_t none[1] = {0};
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    uint32_t at;
    dtls_stats st, st0;
    w_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(w_handshake(), 0);
    W.ndata = 0;
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 1); /* the server's Finished duty */
    dtls_conn_stats(&W.s, &st0);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(len, 13 + 8 + 16);
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(W.ndata, 0);
    CHECK_EQ(dtls_conn_error(&W.s), 0);
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_in, st0.records_in + 1);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(dtls_conn_deadline(&W.s, &at), 0);
    len = seal(&W.c, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0);
    CHECK_EQ(dtls_conn_input(&W.s, d, len), 0); /* (decrypted in place: a replay now either way) */
    dtls_conn_stats(&W.s, &st);
    CHECK_EQ(st.records_dropped_replay, 1);
    CHECK_EQ(W.ndata, 0);

    /* the client */
    len = seal(&W.s, 1, DTLS__CT_APPLICATION_DATA, none, 0, d, sizeof(d));
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_WOULD_BLOCK);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(drops(&st), 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    /* the next record is read normally */
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"z", 1), 1);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), 0);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), 1);
    CHECK_EQ(buf[0], 'z');

    /* writing nothing sends nothing */
    CHECK_EQ(dtls_conn_write(&W.c, none, 0), 0);
    CHECK_EQ(dtls_conn_write(&W.s, none, 0), 0);
    CHECK_EQ(W.qn[0] + W.qn[1], 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(W.sent[1], 3);
}

/* ------------------------------------------------- ClientHello too big */

/* Our ClientHello is never fragmented: at an mtu exactly its datagram's size
 * connect succeeds (one datagram of that size); one byte less, and at the
 * smallest mtu (64), connect fails with DTLS_ERR_TOO_BIG and sends nothing;
 * the connection is not failed (no sticky error) and stays set up: connect
 * again gives the same answer, and the handshake scratch is free again. */
TEST(client_hello_too_big)
{
    size_t L;
    uint32_t at;
    w_setup(0); /* every suite and group offered */
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.qn[1], 1);
    L = W.qlen[1][0];
    CHECK(L > 100);

    w_setup(0);
    W.cc.mtu = (uint16_t)L;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(W.sent[0], 1);
    CHECK_EQ(W.qlen[1][0], L);

    w_setup(0);
    W.cc.mtu = (uint16_t)(L - 1);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    CHECK(W.chs.dtls__owner == NULL); /* the handshake scratch went back */
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);

    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.mtu = 64;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 0);
}

/* ---------------------------------------------------------- local close */

/* dtls_conn_close sends close_notify (warning, epoch 1) exactly once; a
 * second close returns 0 and sends nothing.  Afterwards: write and read
 * return DTLS_ERR_CLOSED (a record received before the close but not read is
 * gone), no deadline, the timer returns DTLS_ERR_CLOSED, the connection is
 * not in error (dtls_conn_error 0); input returns DTLS_ERR_CLOSED and
 * processes nothing: the peer's data is not delivered, no counter moves, and
 * the peer's answering close_notify is not answered again. */
TEST(local_close)
{
    uint8_t d[W_DMAX], buf[16];
    size_t len;
    uint32_t at;
    dtls_stats st0, st;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"unread", 6), 6);
    deliver(0); /* queued for reading, not read */
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 3);
    CHECK_EQ(W.qn[1], 1);
    check_alert1(1, &W.s, 1, DTLS_ALERT_CLOSE_NOTIFY);
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 3);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"x", 1), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_error(&W.c), 0);
    CHECK(!dtls_conn_is_established(&W.c));
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    CHECK_EQ(dtls_conn_timer(&W.c), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 3);

    /* input after the close */
    dtls_conn_stats(&W.c, &st0);
    CHECK_EQ(dtls_conn_write(&W.s, (const uint8_t *)"late", 4), 4);
    len = take(0, d);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_read(&W.c, buf, sizeof(buf)), DTLS_ERR_CLOSED);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.datagrams_in, st0.datagrams_in);
    CHECK_EQ(st.records_in, st0.records_in);
    CHECK_EQ(drops(&st), drops(&st0));
    /* the server closes too: its close_notify is not answered, but it is
     * recognised (dtls_conn_peer_closed), once, and only when authentic */
    CHECK_EQ(dtls_conn_peer_closed(&W.c), 0);
    CHECK_EQ(dtls_conn_close(&W.s), 0);
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_CLOSED);
    CHECK_EQ(W.qn[0], 1);
    len = take(0, d);
    {
        static uint8_t forged[W_DMAX];
        memcpy(forged, d, len);
        forged[len - 1] ^= 1; /* a forged copy: not authentic (opened in place, so on a copy) */
        CHECK_EQ(dtls_conn_input(&W.c, forged, len), DTLS_ERR_CLOSED);
    }
    CHECK_EQ(dtls_conn_peer_closed(&W.c), 0);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(dtls_conn_peer_closed(&W.c), 1);
    CHECK_EQ(W.sent[0], 3);
    dtls_conn_stats(&W.c, &st);
    CHECK_EQ(st.records_in, st0.records_in);
    CHECK_EQ(st.datagrams_out, st0.datagrams_out);
}

/* Closing during the handshake: close_notify once, in epoch 0 (plaintext:
 * exactly 15 01 00 on the wire after the header), the handshake scratch is
 * released, no timer remains, input is refused. */
TEST(local_close_during_handshake)
{
    uint8_t d[W_DMAX];
    size_t len;
    uint32_t at;
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1); /* the server's flight waits for the client */
    W.qn[1] = 0;
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK_EQ(W.qn[1], 1);
    len = take(1, d);
    CHECK_EQ(len, 15);
    CHECK_EQ(d[0], DTLS__CT_ALERT);
    CHECK_EQ(d[1], 0xFE);
    CHECK_EQ(d[2], 0xFD);
    CHECK_EQ(d[3], 0);
    CHECK_EQ(d[4], 0); /* epoch 0 */
    CHECK_EQ(d[10], 1); /* after the ClientHello (sequence number 0) */
    CHECK_EQ(d[12], 2);
    CHECK_EQ(d[13], 1);
    CHECK_EQ(d[14], DTLS_ALERT_CLOSE_NOTIFY);
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    CHECK_EQ(W.sent[0], 2);
    CHECK(W.chs.dtls__owner == NULL);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
    len = take(0, d);
    CHECK(len > 0);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_CLOSED);
    CHECK_EQ(W.sent[0], 2);
}

/* Regression: a HelloVerifyRequest whose cookie makes our second ClientHello
 * too big for the mtu failed only that input call (the connection then timed
 * out at 127 s with an empty flight): now the connection fails at once with
 * the sticky DTLS_ERR_TOO_BIG and has no deadline. */
TEST(cookie_makes_client_hello_too_big)
{
    uint8_t d[W_DMAX];
    size_t L, len;
    uint32_t at;
    w_setup(0);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    L = W.qlen[1][0];
    w_setup(0);
    W.use_srv = 1;
    W.cc.mtu = (uint16_t)(L + 10);
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    len = take(1, d);
    CHECK_EQ(dtls_server_input(&W.srv, d, len, CADDR, 4), 0);
    len = take(0, d);
    CHECK_EQ(d[13], DTLS__HS_HELLO_VERIFY_REQUEST);
    CHECK_EQ(dtls_conn_input(&W.c, d, len), DTLS_ERR_TOO_BIG);
    CHECK_EQ(W.sent[0], 1);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_TOO_BIG);
    CHECK_EQ(dtls_conn_deadline(&W.c, &at), 0);
}
int main(void)
{
    RUN(renegotiation_client_hello_refused);
    RUN(renegotiation_hello_request_refused);
    RUN(max_auth_failures_server);
    RUN(max_auth_failures_client);
    RUN(max_auth_failures_off);
    RUN(version_feff_before_server_hello);
    RUN(version_other_dropped);
    RUN(version_locked_after_server_hello_client);
    RUN(version_locked_after_server_hello_server);
    RUN(early_records_client);
    RUN(early_record_slot_size);
    RUN(early_finished_and_data_after_ccs);
    RUN(early_data_server);
    RUN(heartbeat_and_unknown_content_types_dropped);
    RUN(records_per_datagram_bounded);
    RUN(empty_records);
    RUN(client_hello_too_big);
    RUN(local_close);
    RUN(local_close_during_handshake);
    RUN(cookie_makes_client_hello_too_big);
    return test_done();
}
