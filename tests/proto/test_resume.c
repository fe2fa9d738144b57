/* test_resume.c - session resumption (proto/session.c) over the in-memory
 * world (world.h) with a dtls_server (cookie exchange included): by session
 * ID from the server's cache and by ticket (RFC 5077), across a save /
 * restore of the client's session bytes into a freshly set-up client (a
 * reboot), for PSK and certificate sessions; the cache's eviction rule; an
 * expired, a forged and a foreign-key ticket (full handshake instead); bad
 * saved bytes refused; what is re-checked (the PSK identity and key, the
 * suite, the client-certificate policy, extended master secret, the server
 * name); no resumption after a fatal alert (RFC 5246 7.2); the counts of
 * datagrams and bytes of a resumed handshake against a full one. */
#include "world.h"

static int64_t wall = HARNESS_WALL_TIME;
static dtls_session_slot slots[4];
static uint8_t sess[DTLS_SESSION_MAX]; /* the client's buffer (its "RTC memory") */
static const uint8_t SA[4] = {10, 0, 0, 2};
static uint32_t bytes[2];             /* bytes each side sent (UDP payloads) */
static int restore_result;
static int psk_revoked, psk_use_k2;
static const uint8_t SECRET1[32] = {1}, SECRET2[32] = {2};

typedef struct saved {
    uint8_t b[DTLS_SESSION_MAX];
    int len;
} saved;

static int r_wall(void *user, int64_t *t)
{
    (void)user;
    *t = wall;
    return 0;
}

static int r_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    bytes[((ep *)user)->id] += (uint32_t)len;
    return w_send(user, addr, alen, data, len);
}

static int r_psk(void *user, const uint8_t *id, size_t idl, uint8_t *key, size_t *kl)
{
    (void)user;
    if (psk_revoked || idl != 7 || memcmp(id, "client1", 7) != 0)
        return -1;
    memcpy(key, psk_use_k2 ? K2 : K1, 16);
    *kl = 16;
    return 0;
}

/* A world whose server is a dtls_server with a cache of n_slots (0: none);
 * tickets unless no_tickets; the ticket secret given (NULL: random). */
static void r_setup(uint16_t suite, size_t n_slots, int no_tickets, const uint8_t *secret)
{
    (void)n_slots; /* r_start gives the cache */
    w_setup(suite);
    W.use_srv = 1;
    W.cc.send = r_send;
    W.sc.send = r_send;
    W.sc.wall_time = r_wall;
    W.sc.ticket_secret = secret;
    if (no_tickets)
        W.sc.flags |= DTLS_CFG_NO_TICKETS;
    wall = HARNESS_WALL_TIME;
}

static void r_start(size_t n_slots)
{
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_server_sessions(&W.srv, n_slots ? slots : NULL, n_slots), 0);
}

/* One connection of a freshly set-up client offering s (s->len 0: nothing):
 * 1 resumed, 0 full, or the client's error.  Data goes both ways, then the
 * client closes; s receives the session it saves (its length, or the error). */
static int r_connect(saved *s)
{
    int r, res;
    W.sent[0] = W.sent[1] = 0;
    bytes[0] = bytes[1] = 0;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    memset(sess, 0xA5, sizeof(sess));
    memcpy(sess, s->b, s->len > 0 ? (size_t)s->len : 0);
    restore_result = dtls_conn_session_restore(&W.c, sess, sizeof(sess), s->len > 0 ? (size_t)s->len : 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    r = w_finish();
    if (r != 0)
        return r;
    res = dtls_conn_resumed(&W.c);
    CHECK(dtls_conn_is_established(&W.slots[0]));
    CHECK_EQ(dtls_conn_resumed(&W.slots[0]), res);
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    W.got_len = 0;
    w_pump();
    CHECK_EQ(W.got_len, 4);
    CHECK_MEM(W.got, "ping", 4);
    W.got_len = 0;
    CHECK_EQ(dtls_conn_write(&W.slots[0], (const uint8_t *)"pong!", 5), 5);
    w_pump();
    CHECK_EQ(W.got_len, 5);
    CHECK_MEM(W.got, "pong!", 5);
    W.got_len = 0;
    s->len = dtls_conn_session_save(&W.c, s->b, sizeof(s->b));
    CHECK_EQ(dtls_conn_close(&W.c), 0);
    w_pump();
    CHECK(dtls__conn_is_free(&W.slots[0]));
    return res;
}

/* The saved session's ticket length (0: by session ID only). */
static size_t r_ticket_len(const saved *s)
{
    return ((size_t)s->b[103] << 8) | s->b[104];
}

/* Recomputes the check value after a test changed the bytes. */
static void r_recheck(saved *s)
{
    uint8_t h[32];
    size_t n = 105 + r_ticket_len(s);
    dtls_sha256(h, s->b, n);
    memcpy(s->b + n, h, 8);
}

TEST(psk_by_session_id)
{
    saved s;
    uint32_t full_dg[2], full_b[2];
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 1, NULL);
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, 0);
    CHECK_EQ(s.len, 113); /* no ticket: the fixed part and the check value */
    CHECK_EQ(r_ticket_len(&s), 0);
    CHECK_EQ(s.b[70], 32);
    full_dg[0] = (uint32_t)W.sent[0];
    full_dg[1] = (uint32_t)W.sent[1];
    full_b[0] = bytes[0];
    full_b[1] = bytes[1];
    CHECK_EQ(r_connect(&s), 1);
    CHECK_EQ(restore_result, 0);
    /* the abbreviated handshake: one server flight fewer (HelloVerifyRequest;
     * ServerHello + CCS + Finished), no key exchange; plus close_notify each */
    printf("     psk-ccm8 by id: full %u+%u datagrams %u+%u bytes, resumed %u+%u datagrams %u+%u bytes\n",
           full_dg[0], full_dg[1], full_b[0], full_b[1], (unsigned)W.sent[0], (unsigned)W.sent[1], bytes[0],
           bytes[1]);
    CHECK_EQ(W.sent[1] + 1, (int)full_dg[1]);
    CHECK(bytes[1] < full_b[1]);
    /* and again: the resumed session stays resumable */
    CHECK_EQ(r_connect(&s), 1);
    CHECK_EQ(r_connect(&s), 1);
}

TEST(psk_by_ticket)
{
    saved s, first;
    size_t i;
    int differ = 0;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0, NULL); /* no cache: tickets only */
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(s.b[70], 0); /* no session ID from a server without a cache */
    CHECK_EQ(r_ticket_len(&s), 32 + 109 + 7);
    CHECK_EQ(s.len, (int)(113 + 32 + 109 + 7));
    first = s;
    CHECK_EQ(r_connect(&s), 1);
    /* within the same key period no new ticket: the bytes keep the old one */
    CHECK_MEM(s.b + 105, first.b + 105, r_ticket_len(&first));
    /* a key period later the ticket is renewed in the abbreviated handshake */
    wall += 3600;
    CHECK_EQ(r_connect(&s), 1);
    CHECK_EQ(r_ticket_len(&s), r_ticket_len(&first));
    for (i = 0; i < r_ticket_len(&s); i++)
        differ |= s.b[105 + i] != first.b[105 + i];
    CHECK(differ);
    CHECK_EQ(s.b[105 + 3], (uint8_t)(first.b[105 + 3] + 1)); /* the key period moved on */
    /* a client built without tickets offered nothing and gets a full handshake */
    W.cc.flags |= DTLS_CFG_NO_TICKETS;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(s.len, DTLS_ERR_STATE); /* nothing resumable: no ticket, no session ID */
}

TEST(tickets_refused)
{
    saved s, good;
    s.len = 0;
    /* expired: the lifetime (7200 s by default) passed since the full handshake */
    r_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0, SECRET1);
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    good = s;
    wall += 7199;
    CHECK_EQ(r_connect(&s), 1);
    wall += 1;
    s = good;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, 0);
    CHECK_EQ(r_connect(&s), 1); /* the new session resumes */
    /* forged: one ciphertext bit (the check value made right again) */
    wall = HARNESS_WALL_TIME;
    s = good;
    s.b[105 + 40] ^= 1;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, 0);
    /* forged key period: tag fails too (the period is additional data) */
    s = good;
    s.b[105 + 3] ^= 1;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    /* a ticket from the future or too old a period: not even opened */
    s = good;
    s.b[105] = 0x7F;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    /* foreign key: another server (another ticket secret) */
    r_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0, SECRET2);
    r_start(0);
    s = good;
    CHECK_EQ(r_connect(&s), 0);
    /* the same secret (a fleet) resumes it */
    r_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0, SECRET1);
    r_start(0);
    s = good;
    CHECK_EQ(r_connect(&s), 1);
}

TEST(cache_eviction)
{
    saved a, b, c;
    a.len = b.len = c.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 2, 1, NULL);
    r_start(2);
    CHECK_EQ(r_connect(&a), 0);
    CHECK_EQ(r_connect(&b), 0);
    CHECK_EQ(r_connect(&a), 1); /* a is now the most recently used */
    CHECK_EQ(r_connect(&c), 0); /* the cache is full: b, least recently used, goes */
    CHECK_EQ(r_connect(&b), 0); /* full handshake (b's new session evicts a: c was used last) */
    CHECK_EQ(r_connect(&c), 1);
    CHECK_EQ(r_connect(&a), 0);
    CHECK_EQ(r_connect(&c), 1);
    /* an expired entry goes before the least recently used one */
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 2, 1, NULL);
    r_start(2);
    a.len = b.len = c.len = 0;
    CHECK_EQ(r_connect(&a), 0);
    wall += 7200;
    CHECK_EQ(r_connect(&b), 0);
    CHECK_EQ(r_connect(&b), 1); /* b is the least recently used now, a expired */
    CHECK_EQ(r_connect(&c), 0); /* takes a's slot */
    CHECK_EQ(r_connect(&b), 1);
    CHECK_EQ(r_connect(&c), 1);
}

TEST(bad_saved_bytes)
{
    saved s, good;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 0, NULL);
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    good = s;
    /* the check value */
    s.b[20] ^= 0x10;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    CHECK(s.len > 0); /* the buffer still received the new session */
    /* the version, the magic, a truncation, a length that disagrees */
    s = good;
    s.b[2] = 2;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    s = good;
    s.len -= 1;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    s = good;
    s.b[104] = 1;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    /* no extended master secret: never resumed (RFC 7627 5.3) */
    s = good;
    s.b[5] = 0;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    /* a suite this client no longer offers */
    s = good;
    s.b[3] = 0x00;
    s.b[4] = 0xA8; /* PSK_WITH_AES_128_GCM_SHA256: not in this client's list */
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    /* the API's own refusals */
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, 112, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, 200, 201), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), 0), 0);
    CHECK_EQ(dtls_conn_session_save(&W.c, good.b, sizeof(good.b)), DTLS_ERR_STATE);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), 0), DTLS_ERR_STATE);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_session_save(&W.c, good.b, 100), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK(dtls_conn_session_save(&W.c, good.b, sizeof(good.b)) > 113);
}

TEST(fatal_alert_forgets)
{
    saved s, copy;
    size_t i;
    int zero = 1;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 0, NULL);
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    copy = s;
    /* resumed, then ended by a fatal alert the client sends */
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    memcpy(sess, s.b, (size_t)s.len);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), (size_t)s.len), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_resumed(&W.c), 1);
    CHECK(dtls_conn_session_save(&W.c, s.b, sizeof(s.b)) > 0);
    W.closed = 0;
    CHECK_EQ(dtls__fatal(&W.c, DTLS_ALERT_INTERNAL_ERROR), DTLS_ERR_ALERT_SENT(DTLS_ALERT_INTERNAL_ERROR));
    w_pump();
    CHECK_EQ(W.closed, 1);
    CHECK_EQ(W.close_reason, DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_INTERNAL_ERROR));
    /* the client forgot it (its buffer wiped), the server too (its cache slot) */
    CHECK_EQ(dtls_conn_session_save(&W.c, s.b, sizeof(s.b)), DTLS_ERR_STATE);
    for (i = 0; i < 113; i++)
        zero &= sess[i] == 0;
    CHECK(zero);
    for (i = 0; i < 4; i++)
        CHECK_EQ(slots[i].dtls__serial, 0);
    /* bytes kept from before: by ID nothing, and the ticket?  Tickets cannot be
     * recalled: a ticket-less copy shows the server side */
    s = copy;
    s.b[103] = s.b[104] = 0;
    s.len = 113;
    r_recheck(&s);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, 0);
    /* an alert the server sends ends it on both sides too */
    CHECK_EQ(r_connect(&s), 1);
    copy = s;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    memcpy(sess, s.b, (size_t)s.len);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), (size_t)s.len), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_resumed(&W.c), 1);
    /* a record the server cannot open ends nothing; a renegotiation attempt
     * neither: use a fatal alert the server sends (from inside its callbacks
     * a server connection is the server's: here dtls__fatal directly) */
    (void)dtls__fatal(&W.slots[0], DTLS_ALERT_INTERNAL_ERROR);
    for (i = 0; i < 4; i++)
        CHECK_EQ(slots[i].dtls__serial, 0);
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_INTERNAL_ERROR));
    CHECK_EQ(dtls_conn_session_save(&W.c, s.b, sizeof(s.b)), DTLS_ERR_STATE);
}

TEST(psk_rechecked)
{
    saved s, good;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 0, NULL);
    W.sc.psk_server = r_psk;
    psk_revoked = psk_use_k2 = 0;
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    good = s;
    CHECK_EQ(r_connect(&s), 1);
    /* the identity's key changed (both sides): the old session does not resume */
    psk_use_k2 = 1;
    W.cc.psk = K2;
    s = good;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(r_connect(&s), 1);
    /* the identity revoked: no resumption, and the full handshake fails */
    psk_revoked = 1;
    CHECK_EQ(r_connect(&s), DTLS_ERR_ALERT_RECEIVED(DTLS_ALERT_UNKNOWN_PSK_IDENTITY));
    psk_revoked = psk_use_k2 = 0;
}

TEST(suite_rechecked)
{
    static const uint16_t two[2] = {DTLS_PSK_WITH_AES_128_CCM_8, DTLS_PSK_WITH_AES_128_GCM_SHA256};
    static const uint16_t gcm[1] = {DTLS_PSK_WITH_AES_128_GCM_SHA256};
    saved s;
    s.len = 0;
    r_setup(0, 0, 0, SECRET1);
    W.cc.suites = two;
    W.cc.n_suites = 2;
    W.sc.suites = two;
    W.sc.n_suites = 2;
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_PSK_WITH_AES_128_CCM_8);
    CHECK_EQ(r_connect(&s), 1);
    /* the server disabled the session's suite: a full handshake on another */
    r_setup(0, 0, 0, SECRET1);
    W.cc.suites = two;
    W.cc.n_suites = 2;
    W.sc.suites = gcm;
    W.sc.n_suites = 1;
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(dtls_conn_suite(&W.c), DTLS_PSK_WITH_AES_128_GCM_SHA256);
    CHECK_EQ(r_connect(&s), 1);
}

/* The ClientHello's extended_master_secret renamed (00 17 00 00 -> 5a 5a 00 00)
 * in every datagram queued for the server. */
static void r_strip_ems(void)
{
    int k;
    size_t i;
    for (k = 0; k < W.qn[1]; k++) {
        uint8_t *d = W.q[1][k];
        for (i = 0; i + 9 <= W.qlen[1][k]; i++)
            if (d[i] == 0 && d[i + 1] == 0x17 && d[i + 2] == 0 && d[i + 3] == 0 && d[i + 4] == 0xFF &&
                d[i + 5] == 0x01) {
                d[i] = 0x5A;
                d[i + 1] = 0x5A;
                break;
            }
    }
}

TEST(no_ems_no_resumption)
{
    saved s;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 1, NULL);
    W.sc.flags |= DTLS_CFG_ALLOW_NO_EMS;
    W.cc.flags |= DTLS_CFG_ALLOW_NO_EMS;
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(r_connect(&s), 1);
    /* the same session offered in a ClientHello without extended_master_secret */
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    memcpy(sess, s.b, (size_t)s.len);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), (size_t)s.len), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    r_strip_ems();
    deliver(1); /* HelloVerifyRequest */
    deliver(0);
    r_strip_ems();
    deliver(1);
    CHECK(W.qn[0] >= 1);
    /* the ServerHello: record header 13, handshake header 12, version 2, random 32: session_id_len */
    CHECK_EQ(W.q[0][0][13], DTLS__HS_SERVER_HELLO);
    CHECK_EQ(W.q[0][0][13 + 12 + 34], 0); /* no session resumed, and none made without EMS */
}

/* The extended_master_secret extension (00 17 00 00, the first of the
 * ServerHello's, session ID of 32 bytes) taken out of the ServerHello that
 * starts the first datagram queued for the client: the extensions',
 * message's, fragment's and record's lengths fixed (epoch 0: no MAC). */
static void r_drop_server_hello_ems(void)
{
    uint8_t *d = W.q[0][0];
    size_t e = 13 + 12 + 2 + 32 + 1 + 32 + 2 + 1, len = W.qlen[0][0], n;
    CHECK(len > e + 6);
    CHECK_MEM(d + e + 2, "\x00\x17\x00\x00", 4);
    memmove(d + e + 2, d + e + 6, len - (e + 6));
    W.qlen[0][0] = len - 4;
    n = ((size_t)d[e] << 8 | d[e + 1]) - 4;
    d[e] = (uint8_t)(n >> 8);
    d[e + 1] = (uint8_t)n;
    n = ((size_t)d[11] << 8 | d[12]) - 4; /* the record */
    d[11] = (uint8_t)(n >> 8);
    d[12] = (uint8_t)n;
    n = ((size_t)d[14] << 16 | (size_t)d[15] << 8 | d[16]) - 4; /* length and fragment_length */
    d[14] = d[22] = (uint8_t)(n >> 16);
    d[15] = d[23] = (uint8_t)(n >> 8);
    d[16] = d[24] = (uint8_t)n;
}

/* RFC 7627 5.3, the client's side: a server that resumes our session (its
 * ServerHello echoes the session ID) without extended_master_secret gets
 * handshake_failure, even from a client that allows full handshakes
 * without it (DTLS_CFG_ALLOW_NO_EMS); nothing is saved. */
TEST(resumed_server_hello_without_ems)
{
    saved s;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 1, NULL);
    W.cc.flags |= DTLS_CFG_ALLOW_NO_EMS;
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), 0);
    CHECK_EQ(dtls_conn_init(&W.c, &W.cctx, SA, 4), 0);
    memcpy(sess, s.b, (size_t)s.len);
    CHECK_EQ(dtls_conn_session_restore(&W.c, sess, sizeof(sess), (size_t)s.len), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1); /* HelloVerifyRequest */
    deliver(0);
    deliver(1); /* ServerHello, ChangeCipherSpec, Finished: the abbreviated handshake */
    CHECK_EQ(W.qn[0], 1);
    /* the ServerHello: record header 13, handshake header 12, version 2, random 32: session_id */
    CHECK_EQ(W.q[0][0][13], DTLS__HS_SERVER_HELLO);
    CHECK_EQ(W.q[0][0][13 + 12 + 34], 32);
    CHECK_MEM(W.q[0][0] + 13 + 12 + 35, s.b + 71, 32); /* our session, resumed */
    r_drop_server_hello_ems();
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_HANDSHAKE_FAILURE));
    CHECK_EQ(dtls_conn_resumed(&W.c), 0);
    CHECK_EQ(dtls_conn_session_save(&W.c, s.b, sizeof(s.b)), DTLS_ERR_STATE);
}

/* A cached session (by session ID) expires after the lifetime from its full
 * handshake (7200 s by default), resumptions in between not extending it. */
TEST(session_id_expires)
{
    saved s, first;
    s.len = 0;
    r_setup(DTLS_PSK_WITH_AES_128_CCM_8, 4, 1, NULL);
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    first = s;
    wall += 7199;
    CHECK_EQ(r_connect(&s), 1);
    CHECK_MEM(s.b + 71, first.b + 71, 32); /* the same session ID */
    wall += 1;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(restore_result, 0);
    CHECK(memcmp(s.b + 71, first.b + 71, 32) != 0); /* a new session */
    CHECK_EQ(r_connect(&s), 1);
}

#if DTLS_ENABLE_CERTS
static dtls_private_key k_srv, k_cli;
static dtls_credential c_srv, c_cli;
static uint8_t b_srv[2048], b_cli[2048];
static dtls_blob anchors[1];

TEST(certificate_sessions)
{
    dtls_blob chain[2];
    saved s, t;
    CHECK_EQ(harness_srv_key(&k_srv), 0);
    CHECK_EQ(harness_srv_cred(&c_srv, b_srv, sizeof(b_srv), 2, &k_srv), 0);
    CHECK_EQ(dtls_private_key_parse(&k_cli, cd_cli_key, sizeof(cd_cli_key)), 0);
    chain[0].data = cd_cli;
    chain[0].len = sizeof(cd_cli);
    chain[1].data = cd_inter;
    chain[1].len = sizeof(cd_inter);
    CHECK_EQ(dtls_credential_init(&c_cli, b_cli, sizeof(b_cli), chain, 2, &k_cli), 0);
    harness_root_anchor(&anchors[0]);

    /* by session ID */
    s.len = 0;
    r_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 4, 1, NULL);
    w_certs(&c_srv, anchors, 1, r_wall);
    r_start(4);
    CHECK_EQ(r_connect(&s), 0);
    {
        uint32_t fd0 = (uint32_t)W.sent[0], fd1 = (uint32_t)W.sent[1], fb = bytes[0] + bytes[1];
        CHECK_EQ(r_connect(&s), 1);
        printf("     ecdhe-ecdsa by id: full %u+%u datagrams %u bytes, resumed %u+%u datagrams %u bytes\n", fd0, fd1,
               fb, (unsigned)W.sent[0], (unsigned)W.sent[1], bytes[0] + bytes[1]);
        CHECK(bytes[0] + bytes[1] < fb / 2);
    }
    /* another server name configured: the saved session is not this client's */
    t = s;
    W.cc.server_name = "other.example";
    CHECK(r_connect(&t) < 0); /* (and the full handshake fails the name check) */
    CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    W.cc.server_name = "localhost";
    /* by ticket */
    s.len = 0;
    r_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0, 0, NULL);
    w_certs(&c_srv, anchors, 1, r_wall);
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    CHECK(r_ticket_len(&s) > 0);
    CHECK_EQ(r_connect(&s), 1);
    /* the server now requires client certificates: this session had none */
    r_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 4, 1, NULL);
    w_certs(&c_srv, anchors, 1, r_wall);
    r_start(4);
    s.len = 0;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(r_connect(&s), 1);
    W.sc.verify_client = DTLS_VERIFY_REQUIRED;
    W.cc.cred = &c_cli;
    CHECK_EQ(r_connect(&s), 0); /* full handshake, with the client's certificate */
    CHECK_EQ(r_connect(&s), 1); /* that session had one: it resumes */
}

/* RFC 6066 3: a session resumes only toward the server name it was made
 * with, and the server checks it too.  A client's saved bytes re-labelled
 * with another name (check value made right) are restored and offered by a
 * client asking for that name: the server takes neither the ticket nor the
 * cached session ID, and makes a new session (full handshake), which then
 * resumes.  The client does not verify the certificate (DTLS_CFG_NO_VERIFY),
 * so the full handshake to another name succeeds. */
TEST(sni_rechecked_by_server)
{
    saved s, t;
    uint8_t h[32];
    int by_ticket;
    CHECK_EQ(harness_srv_key(&k_srv), 0);
    CHECK_EQ(harness_srv_cred(&c_srv, b_srv, sizeof(b_srv), 2, &k_srv), 0);
    harness_root_anchor(&anchors[0]);
    for (by_ticket = 0; by_ticket < 2; by_ticket++) {
        s.len = 0;
        r_setup(DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0, !by_ticket, NULL);
        w_certs(&c_srv, anchors, 1, r_wall);
        W.cc.flags |= DTLS_CFG_NO_VERIFY;
        W.cc.server_name = "a.example";
        r_start(by_ticket ? 0 : 4); /* by ticket: no cache; by session ID: no tickets */
        CHECK_EQ(r_connect(&s), 0);
        CHECK_EQ(r_ticket_len(&s) > 0, by_ticket);
        CHECK_EQ(s.b[70], by_ticket ? 0 : 32);
        CHECK_EQ(r_connect(&s), 1); /* toward a.example it resumes */
        /* the same session claimed for b.example */
        t = s;
        dtls_sha256(h, (const uint8_t *)"b.example", 9);
        memcpy(t.b + 54, h, 16);
        r_recheck(&t);
        W.cc.server_name = "b.example";
        CHECK_EQ(r_connect(&t), 0);
        CHECK_EQ(restore_result, 0); /* the client took the bytes: only the server refused */
        CHECK_EQ(r_connect(&t), 1); /* the new session (made for b.example) resumes */
        /* and the a.example session offered by a b.example client is refused by the client itself */
        t = s;
        CHECK_EQ(r_connect(&t), 0);
        CHECK_EQ(restore_result, DTLS_ERR_DECODE);
    }
}
#endif

/* ---- a server fleet (cfg.fleet_key): several processes acting as one.
 * A "process" here is the server set up afresh (dtls_ctx_init +
 * dtls_server_init: nothing kept but the configuration), so what one issued
 * reaches another only through the keys the callback gives. */
static uint8_t fleet_secret[32];
static uint32_t fleet_period, fleet_oldest; /* the current period; older than fleet_oldest: retired */
static int fleet_fail, fleet_fail_ticket, fleet_not_shared, fleet_calls[3];

static int f_key(void *user, int kind, uint32_t *period, uint8_t key[32])
{
    size_t i;
    (void)user;
    fleet_calls[kind == DTLS_FLEET_COOKIE ? 1 : 2]++;
    if (fleet_fail || (fleet_fail_ticket && kind == DTLS_FLEET_TICKET))
        return -1;
    if (kind == fleet_not_shared)
        return DTLS_ERR_UNSUPPORTED; /* this process's own keys */
    if (*period == DTLS_FLEET_CURRENT)
        *period = fleet_period;
    else if (*period > fleet_period || *period < fleet_oldest)
        return -1;
    for (i = 0; i < 32; i++)
        key[i] = (uint8_t)(fleet_secret[i] ^ (kind * 31 + (int)(*period * 7u) + (int)i));
    return 0;
}

/* Another process of the fleet takes over the server's address. */
static void f_restart(void)
{
    memset(&W.srv, 0, sizeof(W.srv));
    CHECK_EQ(dtls_ctx_init(&W.sctx, &W.sc, W.ctx_tx[1], sizeof(W.ctx_tx[1]), W.shs, 2), 0);
    CHECK_EQ(dtls_server_init(&W.srv, &W.sctx, W.slots, 1), 0);
}

static uint32_t f_hvr(void)
{
    dtls_stats st;
    dtls_server_stats(&W.srv, &st);
    return st.hello_verify_sent;
}

static void f_setup(void)
{
    r_setup(DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0, NULL);
    W.sc.fleet_key = f_key;
    memset(fleet_secret, 0x5A, sizeof(fleet_secret));
    fleet_period = 1000;
    fleet_oldest = 0;
    fleet_fail = 0;
    fleet_not_shared = 0;
    memset(fleet_calls, 0, sizeof(fleet_calls));
}

/* The ClientHello with the cookie of one process, answered by another: with
 * the fleet's keys it goes on to the ServerHello (no second
 * HelloVerifyRequest) in the same period and the next; two periods later,
 * or with another secret, the client gets a new cookie and still connects. */
TEST(fleet_cookie_across_processes)
{
    static const struct {
        uint32_t periods_later;
        int other_secret, not_shared;
        uint32_t hvr_of_second;
    } cases[] = {{0, 0, 0, 0}, {1, 0, 0, 0}, {2, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, DTLS_FLEET_COOKIE, 1}};
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t dg[W_DMAX];
        size_t n;
        f_setup();
        fleet_not_shared = cases[i].not_shared;
        r_start(0);
        CHECK_EQ(dtls_conn_connect(&W.c), 0);
        n = take(1, dg);
        w_feed(1, dg, n); /* process 1: the HelloVerifyRequest */
        CHECK_EQ(f_hvr(), 1);
        n = take(0, dg);
        w_feed(0, dg, n); /* the client: its ClientHello with the cookie */
        CHECK_EQ(W.qn[1], 1);
        fleet_period += cases[i].periods_later;
        if (cases[i].other_secret)
            fleet_secret[0] ^= 1;
        f_restart(); /* process 2 */
        CHECK_EQ(w_finish(), 0);
        CHECK_EQ(f_hvr(), cases[i].hvr_of_second);
        CHECK(fleet_calls[1] > 0);
    }
    /* a callback that fails: no answer at all (the client retransmits) */
    f_setup();
    fleet_fail = 1;
    r_start(0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    w_pump();
    CHECK_EQ(f_hvr(), 0);
    CHECK_EQ(W.qn[0], 0);
    fleet_fail = 0;
    CHECK_EQ(w_finish(), 0); /* the retransmitted ClientHello gets its cookie */
}

/* A ticket issued by one process resumes on another; the ticket carries the
 * callback's period; a period the callback retired, another secret, or a
 * callback that failed when the ticket was due (an empty ticket, RFC 5077
 * 3.3) give a full handshake. */
TEST(fleet_tickets_across_processes)
{
    saved s, good;
    s.len = 0;
    f_setup();
    r_start(0);
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(r_ticket_len(&s), 32 + 109 + 7);
    CHECK_EQ(s.b[105] << 24 | s.b[106] << 16 | s.b[107] << 8 | s.b[108], 1000); /* the period */
    CHECK(fleet_calls[2] > 0);
    good = s;
    f_restart();
    CHECK_EQ(r_connect(&s), 1);
    /* within the fleet's current period no new ticket: the bytes keep the old one */
    CHECK_EQ(r_ticket_len(&s), r_ticket_len(&good));
    CHECK_MEM(s.b + 105, good.b + 105, r_ticket_len(&good));
    fleet_period = 1003; /* still given: resumes, and a new ticket of period 1003 comes */
    s = good;
    f_restart();
    CHECK_EQ(r_connect(&s), 1);
    CHECK_EQ(s.b[108], 1003 & 0xFF);
    fleet_oldest = 1001; /* period 1000 retired */
    s = good;
    f_restart();
    CHECK_EQ(r_connect(&s), 0);
    fleet_oldest = 0;
    fleet_secret[0] ^= 1; /* another fleet */
    s = good;
    f_restart();
    CHECK_EQ(r_connect(&s), 0);
    /* tickets not shared by the fleet: each process's own (ticket_secret) */
    f_setup();
    fleet_not_shared = DTLS_FLEET_TICKET;
    W.sc.ticket_secret = SECRET1;
    r_start(0);
    s.len = 0;
    CHECK_EQ(r_connect(&s), 0);
    f_restart();
    CHECK_EQ(r_connect(&s), 1); /* the same ticket_secret */
    W.sc.ticket_secret = SECRET2;
    f_restart();
    CHECK_EQ(r_connect(&s), 0);
    /* the callback fails for the ticket key: an empty NewSessionTicket, the
     * handshake completes, nothing resumable (no cache either) */
    f_setup();
    r_start(0);
    s.len = 0;
    fleet_fail_ticket = 1;
    CHECK_EQ(r_connect(&s), 0);
    CHECK_EQ(s.len, DTLS_ERR_STATE);
    fleet_fail_ticket = 0;
}

int main(void)
{
    (void)w_handshake;
    RUN(psk_by_session_id);
    RUN(psk_by_ticket);
    RUN(tickets_refused);
    RUN(cache_eviction);
    RUN(bad_saved_bytes);
    RUN(fatal_alert_forgets);
    RUN(psk_rechecked);
    RUN(suite_rechecked);
    RUN(no_ems_no_resumption);
    RUN(resumed_server_hello_without_ems);
    RUN(session_id_expires);
#if DTLS_ENABLE_CERTS
    RUN(certificate_sessions);
    RUN(sni_rechecked_by_server);
    RUN(fleet_cookie_across_processes);
    RUN(fleet_tickets_across_processes);
#endif
    return test_done();
}
