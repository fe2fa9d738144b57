/* fuzz_record.c - libFuzzer target: the record layer of an established
 * connection.  A client and a server (dtls_server) complete a PSK handshake
 * in memory once per suite, with fixed randomness; the pair is kept as a
 * snapshot and restored (same addresses, so its inner pointers stay valid)
 * before every input.  The fuzzer's payloads become records sealed under the
 * real epoch-1 keys of the sending side (dtls__record_protect with its write
 * cipher state, so they authenticate), or raw bytes, or records the sender's
 * engine writes itself; they are fed to the other side (dtls_conn_input for
 * the client, dtls_server_input for the server), and the client's records
 * are read with dtls_conn_read.  A second set of pairs negotiated heartbeat
 * (RFC 6520, proto/heartbeat.c) both ways, so that HeartbeatMessages
 * (content type 24) sealed under the same keys reach its parser on either
 * side: requests the target answers, and responses that echo the target's
 * own request in flight (the harness copies its payload in).
 *
 * Input:
 *   setup(1)  bits 0-2: the suite (% FR_NSUITE: PSK with AES-128-CCM_8,
 *             AES-128-CCM, AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305);
 *             bit 3: the target is the server (else the client);
 *             bit 4: the target has closed (sent close_notify) before
 *             bit 5: heartbeat negotiated (DTLS_CFG_HEARTBEAT both sides, requests
 *             after 5 s of silence from the client, 8 s from the server);
 *             bit 6 with bit 5: the client said peer_not_allowed_to_send
 *             (DTLS_CFG_HEARTBEAT_NO_ANSWER: it answers no request, the server
 *             sends none)
 *   items: ctrl(1) len(2) payload(len)
 *     ctrl bits 0-1  0: application data, sealed, the sender's next sequence number
 *                    1: a record: payload = type ‖ flags ‖ [seq(6) if flags bit 3] ‖ data
 *                       flags bits 0-1 epoch 1, 0, 2 or 0xFFFF; bit 2 version 0xFEFF;
 *                       bit 3 that sequence number; bit 4 one bit of the tag flipped;
 *                       bit 5 not protected (plaintext under that header);
 *                       bit 6 a heartbeat echo: when the target has a heartbeat
 *                       request in flight and data is at least 3 + 16 bytes, data's
 *                       bytes 3-18 become that request's payload (so a response
 *                       can match it; RFC 6520 §4)
 *                    2: raw bytes
 *                    3: an action: payload = op ‖ data; op % 7: 0 the sender's engine
 *                       writes data (its record joins the datagram), 1 the target
 *                       writes data, 2 the target closes, 3 the sender closes (its
 *                       close_notify joins the datagram), 4 the target reads into 4
 *                       bytes, 5 the clock moves by fz_dt[data[0] & 15] (timers run),
 *                       6 the sender's heartbeat timer: the clock goes to its
 *                       heartbeat deadline (if later) and the request (or its
 *                       retransmission) the sender's engine writes joins the datagram
 *          bit 2     the datagram ends after this item (and at the end of input)
 *          bits 4-7  clock step before that datagram (fz_dt[]); due timers run
 *   At the end the clock goes to each deadline in turn (the Finished duty). */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

#define FR_NSUITE 5
#define FR_NKIND 3 /* plain; heartbeat; heartbeat, the client not answering */
#define FR_DG_MAX 70000

typedef struct fr_pair {
    fz_cli c;
    fz_srv s;
    uint32_t now;
} fr_pair;

static fr_pair P;                  /* the live pair */
static fr_pair SNAP[FR_NKIND][FR_NSUITE]; /* established pairs, copied back into P */
static int fr_ready;
static fz_queue fr_to_srv, fr_to_cli;
static const uint8_t fr_caddr[4] = {10, 0, 0, 1};
static uint8_t fr_dg[FR_DG_MAX];
static size_t fr_dgn;

static const uint16_t fr_suites[FR_NSUITE] = {DTLS_PSK_WITH_AES_128_CCM_8, DTLS_PSK_WITH_AES_128_CCM,
                                              DTLS_PSK_WITH_AES_128_GCM_SHA256, DTLS_PSK_WITH_AES_256_GCM_SHA384,
                                              DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256};

static void fr_pump(void)
{
    uint8_t d[FZ_DMAX];
    size_t len;
    int rounds;
    for (rounds = 0; rounds < 50 && (fr_to_srv.n || fr_to_cli.n); rounds++) {
        while ((len = fz_pop(&fr_to_srv, d, NULL)) != 0)
            (void)dtls_server_input(&P.s.srv, d, len, fr_caddr, 4);
        while ((len = fz_pop(&fr_to_cli, d, NULL)) != 0) {
            (void)dtls_conn_input(&P.c.c, d, len);
            fz_cli_drain(&P.c.c);
        }
    }
}

/* The last heartbeat line either side logged in this input (FZ_DEBUG). */
static char fr_log[96];
static void fr_logf(void *user, const char *line)
{
    (void)user;
    if (strstr(line, "heartbeat") != NULL)
        snprintf(fr_log, sizeof fr_log, "%s", line);
}

/* Kind 1 and 2: both sides negotiate heartbeat (the endpoints set up again
 * with it in their configurations). */
static int fr_heartbeat(int kind)
{
    static const uint8_t saddr[4] = {192, 0, 2, 1};
    P.c.cfg.flags |= DTLS_CFG_HEARTBEAT;
    if (kind == 2)
        P.c.cfg.flags |= DTLS_CFG_HEARTBEAT_NO_ANSWER;
    P.c.cfg.heartbeat_ms = 5000;
    P.s.cfg.flags |= DTLS_CFG_HEARTBEAT;
    P.s.cfg.heartbeat_ms = 8000;
    if (dtls_ctx_init(&P.c.ctx, &P.c.cfg, P.c.tx, sizeof P.c.tx, &P.c.hs, 1) != 0 ||
        dtls_conn_init(&P.c.c, &P.c.ctx, saddr, 4) != 0 ||
        dtls_ctx_init(&P.s.ctx, &P.s.cfg, P.s.tx, sizeof P.s.tx, P.s.hs, 2) != 0 ||
        dtls_server_init(&P.s.srv, &P.s.ctx, P.s.slots, 2) != 0)
        return -1;
    return 0;
}

/* The established pairs, once. */
static void fr_init(void)
{
    int n, i, kind;
    if (fr_ready)
        return;
    for (n = 0; n < FR_NKIND * FR_NSUITE; n++) {
        kind = n / FR_NSUITE;
        i = n % FR_NSUITE;
        fz_now_ms = FZ_T0;
        fr_to_srv.n = fr_to_cli.n = 0;
        if (fz_cli_setup(&P.c, FZ_CK_PSK, fr_suites[i], UINT64_C(0xC1) + (uint64_t)i, &fr_to_srv, 1) != 0 ||
            fz_srv_setup(&P.s, FZ_SK_PSK, fr_suites[i], UINT64_C(0x51) + (uint64_t)i, &fr_to_cli) != 0 ||
            (kind != 0 && fr_heartbeat(kind) != 0) || dtls_conn_connect(&P.c.c) != 0)
            abort();
        P.c.cfg.log = fr_logf;
        P.s.cfg.log = fr_logf;
        if (i & 1) { /* odd suites: authentication failures count */
            P.c.cfg.max_auth_failures = 4;
            P.s.cfg.max_auth_failures = 4;
        }
        fr_pump();
        if (!dtls_conn_is_established(&P.c.c) || fz_srv_conn(&P.s) == NULL) {
            fprintf(stderr, "fuzz_record: the %04x handshake did not complete\n", fr_suites[i]);
            abort();
        }
        if (kind != 0 && (P.c.c.dtls__hb & DTLS__HB_ON) == 0) {
            fprintf(stderr, "fuzz_record: heartbeat was not negotiated (%04x)\n", fr_suites[i]);
            abort();
        }
        P.now = fz_now_ms;
        SNAP[kind][i] = P;
    }
    fr_ready = 1;
}

/* Appends a record: sealed by `from` (its write keys), or plain. */
static void fr_seal(dtls_conn *from, uint8_t type, uint16_t epoch, uint16_t version, int seq_given, uint64_t seq,
                    int flip, int plain, const uint8_t *p, size_t n)
{
    dtls__cipher null_cipher;
    int r;
    dtls__cipher_null(&null_cipher);
    if (!seq_given)
        seq = from->dtls__wseq[1]++;
    r = dtls__record_protect(P.c.cfg.hooks, plain ? &null_cipher : &from->dtls__wr, type, version, epoch,
                             seq & DTLS__SEQ_MAX, fr_dg + fr_dgn, FR_DG_MAX - fr_dgn, p, n);
    if (r <= 0)
        return;
    if (flip)
        fr_dg[fr_dgn + (size_t)r - 1] ^= 0x01;
    fr_dgn += (size_t)r;
}

static void fr_add(const uint8_t *p, size_t n)
{
    if (n > FR_DG_MAX - fr_dgn)
        n = FR_DG_MAX - fr_dgn;
    memcpy(fr_dg + fr_dgn, p, n);
    fr_dgn += n;
}

/* Moves the newest datagram the sender sent (its queue: q) into the one being built. */
static void fr_take_sent(fz_queue *q)
{
    uint8_t d[FZ_DMAX];
    size_t len = 0;
    while (q->n > 1)
        (void)fz_pop(q, d, NULL);
    len = fz_pop(q, d, NULL);
    fr_add(d, len);
}

static void fr_timers(void)
{
    uint32_t at;
    int i;
    for (i = 0; i < 4; i++) {
        int any = 0;
        if (dtls_conn_deadline(&P.c.c, &at) && fz_due(at)) {
            (void)dtls_conn_timer(&P.c.c);
            any = 1;
        }
        if (dtls_server_deadline(&P.s.srv, &at) && fz_due(at)) {
            (void)dtls_server_timer(&P.s.srv);
            any = 1;
        }
        if (!any)
            break;
    }
}

static void fr_deliver(int to_server, uint32_t step)
{
    uint8_t *x;
    fz_now_ms += step;
    fr_timers();
    x = fz_dup(fr_dg, fr_dgn); /* exactly the datagram's bytes */
    /* DTLS_ERR_IN_PROGRESS cannot happen with software crypto; never fed again anyway */
    if (to_server) {
        (void)dtls_server_input(&P.s.srv, x, fr_dgn, fr_caddr, 4);
    } else {
        (void)dtls_conn_input(&P.c.c, x, fr_dgn);
        fz_cli_drain(&P.c.c); /* the records point into x */
    }
    free(x);
    fr_dgn = 0;
    fr_to_srv.n = fr_to_cli.n = 0; /* what either side sent meanwhile is lost */
}

/* A server slot the application may still call: in use and not ended (an
 * ended or freed slot has had its on_close: api.h says not to touch it). */
static dtls_conn *fr_live(dtls_conn *c)
{
    if (c->dtls__role == DTLS_ROLE_SERVER && (dtls__conn_is_free(c) || dtls__conn_ended(c)))
        return NULL;
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    uint8_t setup;
    int to_server, round;
    dtls_conn *target, *sender, *slot;
    fz_queue *sender_q;

    fr_init();
    in.p = data;
    in.n = size;
    in.pos = 0;
    setup = fz_u8(&in);
    P = SNAP[(setup & 0x20) ? 1 + ((setup >> 6) & 1) : 0][(setup & 7) % FR_NSUITE];
    fz_now_ms = P.now;
    fr_to_srv.n = fr_to_cli.n = 0;
    fr_dgn = 0;
    fr_log[0] = 0;
    to_server = (setup >> 3) & 1;
    slot = fz_srv_conn(&P.s); /* established in the snapshot; its address stays */
    if (slot == NULL)
        abort();
    /* sealing reads the sender's keys even after its slot ended (they are
     * wiped then: the records go out unprotected); API calls check fr_live */
    target = to_server ? slot : &P.c.c;
    sender = to_server ? &P.c.c : slot;
    sender_q = to_server ? &fr_to_srv : &fr_to_cli;
    if (setup & 0x10)
        (void)dtls_conn_close(target);
    while (fz_more(&in)) {
        uint8_t ctrl = fz_u8(&in);
        const uint8_t *d;
        size_t len = fz_bytes(&in, fz_u16(&in), &d);
        switch (ctrl & 3) {
        case 0:
            fr_seal(sender, DTLS__CT_APPLICATION_DATA, 1, DTLS__VERSION_1_2, 0, 0, 0, 0, d, len);
            break;
        case 1: {
            static const uint16_t epochs[4] = {1, 0, 2, 0xFFFF};
            uint8_t type, flags;
            uint64_t seq = 0;
            int k;
            if (len < 2)
                break;
            type = d[0];
            flags = d[1];
            d += 2;
            len -= 2;
            if ((flags & 8) && len >= 6) {
                for (k = 0; k < 6; k++)
                    seq = seq << 8 | d[k];
                d += 6;
                len -= 6;
            }
            if ((flags & 64) && len >= 3 + DTLS__HB_PAYLOAD && (target->dtls__hb & DTLS__HB_INFLIGHT)) {
                /* the echo of the target's request in flight (RFC 6520 §4) */
                uint8_t *echo = fz_dup(d, len);
                memcpy(echo + 3, target->dtls__hb_payload, DTLS__HB_PAYLOAD);
                fr_seal(sender, type, epochs[flags & 3], (flags & 4) ? DTLS__VERSION_1_0 : DTLS__VERSION_1_2,
                        (flags & 8) != 0, seq, (flags & 16) != 0, (flags & 32) != 0, echo, len);
                free(echo);
                break;
            }
            fr_seal(sender, type, epochs[flags & 3], (flags & 4) ? DTLS__VERSION_1_0 : DTLS__VERSION_1_2,
                    (flags & 8) != 0, seq, (flags & 16) != 0, (flags & 32) != 0, d, len);
            break;
        }
        case 2:
            fr_add(d, len);
            break;
        default:
            if (len == 0)
                break;
            switch (d[0] % 7) {
            case 0:
                if (fr_live(sender) != NULL) {
                    (void)dtls_conn_write(sender, d + 1, len - 1);
                    fr_take_sent(sender_q);
                }
                break;
            case 1:
                if (fr_live(target) != NULL)
                    (void)dtls_conn_write(target, d + 1, len - 1);
                break;
            case 2:
                if (fr_live(target) != NULL)
                    (void)dtls_conn_close(target);
                break;
            case 3:
                if (fr_live(sender) != NULL) {
                    (void)dtls_conn_close(sender);
                    fr_take_sent(sender_q);
                }
                break;
            case 4:
                if (!to_server) {
                    uint8_t small[4];
                    (void)dtls_conn_read(target, small, sizeof small);
                }
                break;
            case 5:
                fz_now_ms += fz_dt[len > 1 ? d[1] & 15 : 0];
                fr_timers();
                break;
            default: {
                uint32_t at;
                /* a freed server slot (its ctx gone) has no timer: private functions need a live one */
                if (fr_live(sender) == NULL || dtls__conn_is_free(sender) || sender->dtls__ctx == NULL ||
                    !dtls__hb_deadline(sender, &at))
                    break;
                if (!fz_due(at))
                    fz_now_ms = at;
                if (to_server)
                    (void)dtls_conn_timer(sender);
                else
                    (void)dtls_server_timer(&P.s.srv);
                fr_take_sent(sender_q);
                break;
            }
            }
            break;
        }
        if ((ctrl & 4) || !fz_more(&in))
            fr_deliver(to_server, fz_dt[ctrl >> 4]);
    }
    if (fr_dgn)
        fr_deliver(to_server, 0);
    for (round = 0; round < 6; round++) {
        uint32_t a, b;
        int ha = dtls_conn_deadline(&P.c.c, &a), hb = dtls_server_deadline(&P.s.srv, &b);
        if (!ha && !hb)
            break;
        if (!ha || (hb && (int32_t)(b - a) < 0))
            a = b;
        if (!fz_due(a))
            fz_now_ms = a;
        fr_timers();
    }
    if (fz_debug()) {
        dtls_stats st;
        dtls_conn_stats(&P.c.c, &st);
        printf("record: client established %d closed %d error %d, records in %u (auth drops %u, replay drops %u, "
               "parse drops %u), heartbeat %02x; ",
               dtls_conn_is_established(&P.c.c), dtls_conn_peer_closed(&P.c.c), dtls_conn_error(&P.c.c),
               (unsigned)st.records_in, (unsigned)st.records_dropped_auth, (unsigned)st.records_dropped_replay,
               (unsigned)st.records_dropped_parse, (unsigned)P.c.c.dtls__hb);
        dtls_server_stats(&P.s.srv, &st);
        printf("server records in %u (auth drops %u, replay drops %u, parse drops %u), heartbeat %02x, log: %s\n",
               (unsigned)st.records_in, (unsigned)st.records_dropped_auth, (unsigned)st.records_dropped_replay,
               (unsigned)st.records_dropped_parse, (unsigned)slot->dtls__hb, fr_log);
    }
    return 0;
}

/* ------------------------------------------------------------ the corpus */

static void fr_app(const char *text, unsigned ctrl)
{
    fz_sb_item(ctrl, text, strlen(text));
}

/* A record item: type, flags, optional seq, data. */
static void fr_rec(unsigned ctrl, uint8_t type, uint8_t flags, uint64_t seq, const uint8_t *p, size_t n)
{
    size_t total = 2 + ((flags & 8) ? 6 : 0) + n;
    int k;
    fz_sb_u8(ctrl | 1u);
    fz_sb_u16(total);
    fz_sb_u8(type);
    fz_sb_u8(flags);
    if (flags & 8)
        for (k = 5; k >= 0; k--)
            fz_sb_u8((unsigned)(seq >> (8 * k)) & 0xFF);
    fz_sb_bytes(p, n);
}

static void fr_act(unsigned ctrl, uint8_t op, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    fz_sb_u8(ctrl | 3u);
    fz_sb_u16(1 + n);
    fz_sb_u8(op);
    fz_sb_bytes(text, n);
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static const uint8_t close_notify[2] = {1, 0}, warn[2] = {1, 100}, fatal[2] = {2, 40}, ccs[1] = {1};
    /* a Finished (type 20, length 12, message_seq 5) and a HelloRequest, as epoch-1 handshake records */
    static const uint8_t fin[12 + 12] = {20, 0, 0, 12, 0, 5, 0, 0, 0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t hello_req[12] = {0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0};
    static const uint8_t reneg_ch[12 + 4] = {1, 0, 0, 4, 0, 9, 0, 0, 0, 0, 0, 4, 0xFE, 0xFD, 0, 0};
    static uint8_t big[0x4801];
    /* HeartbeatMessages (RFC 6520 §4): type, payload_length, payload, 16 bytes of padding */
    static const uint8_t hb_req[3 + 16 + 16] = {1, 0, 16, 'h', 'e', 'a', 'r', 't', 'b', 'e', 'a', 't', ' ',
                                                'p', 'a', 'y', 'l', 'd', '!', 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5,
                                                0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5, 0xA5};
    static const uint8_t hb_resp[3 + 16 + 16] = {2, 0, 16}; /* payload: the target's request (flag 64) */
    static const uint8_t hb_bleed[3 + 16 + 16] = {1, 0xFF, 0xFF, 'x'};
    static const uint8_t hb_bleed4000[3 + 16 + 16] = {1, 0x40, 0x00, 'x'};
    static const uint8_t hb_req17[3 + 16 + 16] = {1, 0, 17, 'x'}; /* one past the boundary */
    static const uint8_t hb_type3[3 + 16 + 16] = {3, 0, 16};
    static const uint8_t hb_zero[3 + 0 + 16] = {1, 0, 0};
    unsigned s, t, k, i;
    char name[64];
    (void)argc;
    (void)argv;
    memset(big, 'x', sizeof big);
    for (s = 0; s < FR_NSUITE; s++) {
        for (t = 0; t < 2; t++) {
            unsigned setup = s | t << 3;
#define FR_SEED(tag)                                                                                                   \
    do {                                                                                                               \
        snprintf(name, sizeof name, "%s-%04x-%s", tag, fr_suites[s], t ? "to-server" : "to-client");                  \
        fz_sb_write(dir, name);                                                                                        \
    } while (0)
            fz_sb_reset();
            fz_sb_u8(setup);
            fr_app("hello over the record layer", 4);
            FR_SEED("app");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_app("one", 0);
            fr_app("", 0);
            fr_app("three", 4);
            fr_rec(4, 21, 0, 0, close_notify, 2);
            fr_app("after close", 4);
            FR_SEED("three-then-close");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(0, 21, 0, 0, warn, 2);
            fr_app("after a warning", 4);
            fr_rec(4, 21, 0, 0, fatal, 2);
            FR_SEED("alerts");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(4, 22, 0, 0, fin, sizeof fin);
            fr_rec(4, 22, 0, 0, t ? reneg_ch : hello_req, t ? sizeof reneg_ch : sizeof hello_req);
            fr_app("still here", 4);
            FR_SEED("handshake-after");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(4, 23, 8, 40, (const uint8_t *)"forty", 5);
            fr_rec(4, 23, 8, 40, (const uint8_t *)"forty again", 11);
            fr_rec(4, 23, 8, 200, (const uint8_t *)"far ahead", 9);
            fr_rec(4, 23, 8, 100, (const uint8_t *)"behind the window", 17);
            fr_rec(4, 23, 8, 199, (const uint8_t *)"just inside", 11);
            FR_SEED("replay-window");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(0, 23, 1 | 32, 0, (const uint8_t *)"plaintext epoch 0", 17);
            fr_rec(0, 20, 1 | 32, 0, ccs, 1);
            fr_rec(0, 23, 2, 0, (const uint8_t *)"epoch 2", 7);
            fr_rec(0, 23, 3, 0, (const uint8_t *)"epoch 65535", 11);
            fr_rec(0, 23, 4, 0, (const uint8_t *)"version 1.0", 11);
            fr_rec(0, 23, 16, 0, (const uint8_t *)"bad tag", 7);
            fr_rec(0, 23, 16, 0, (const uint8_t *)"bad tag", 7);
            fr_rec(0, 23, 16, 0, (const uint8_t *)"bad tag", 7);
            fr_rec(0, 23, 16, 0, (const uint8_t *)"bad tag", 7);
            fr_rec(0, 99, 0, 0, (const uint8_t *)"unknown type", 12);
            fr_app("good", 4);
            FR_SEED("odd-records");

            fz_sb_reset();
            fz_sb_u8(setup);
            fz_sb_item(4, big, 16384);
            fz_sb_item(4, big, 16385);
            {
                /* a record header claiming more ciphertext than 2^14 + 2048 */
                uint8_t hdr[13] = {23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 0x70, 0x48, 0x01};
                fz_sb_u8(2);
                fz_sb_u16(sizeof hdr + 0x4801);
                fz_sb_bytes(hdr, sizeof hdr);
                fz_sb_bytes(big, 0x4801);
                fz_sb_u8(4 | 2);
                fz_sb_u16(5);
                fz_sb_bytes("\x17\xfe\xfd\x00", 4); /* a truncated header */
                fz_sb_u8(0);
            }
            FR_SEED("big");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_act(0, 0, "written by the sender's engine");
            fr_act(4, 1, "the target writes");
            fr_act(0, 4, NULL);
            fr_app("ok", 4);
            fr_act(4, 3, NULL);
            fr_app("after the sender closed", 4);
            FR_SEED("actions");

            fz_sb_reset();
            fz_sb_u8(setup | 0x10);
            fr_app("to a closed target", 4);
            fr_rec(4, 21, 0, 0, close_notify, 2);
            FR_SEED("target-closed");

            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(4 | 0xE0, 22, 0, 0, fin, sizeof fin);
            fr_app("much later", 4 | 0xF0);
            FR_SEED("late");

            /* heartbeat (RFC 6520) on a pair that did not negotiate it: dropped */
            fz_sb_reset();
            fz_sb_u8(setup);
            fr_rec(4, 24, 0, 0, hb_req, sizeof hb_req);
            fr_app("after the heartbeat", 4);
            FR_SEED("hb-not-negotiated");

            /* and on the pairs that did (bit 5; bit 6: the client does not answer) */
            for (k = 0; k < 2; k++) {
                unsigned hb = 0x20u | (k ? 0x40u : 0u);
                const char *kn = k ? "-client-no-answer" : "";
                char tag[64];
#define FR_HB_SEED(what)                                                                                               \
    do {                                                                                                               \
        snprintf(tag, sizeof tag, "%s%s", what, kn);                                                                 \
        FR_SEED(tag);                                                                                                  \
    } while (0)
                /* a valid request: answered with its payload */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                fr_rec(4, 24, 0, 0, hb_req, sizeof hb_req);
                fr_app("after the request", 4);
                FR_HB_SEED("hb-request");

                /* the target's own request goes out after its silence (the clock
                 * moves 8 s); a valid response echoes it (flag 64 copies the payload) */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                fr_act(0, 5, "\x08");
                fr_rec(4, 24, 64, 0, hb_resp, sizeof hb_resp);
                fr_app("after the response", 4);
                fr_act(4, 5, "\x08");
                FR_HB_SEED("hb-response");

                /* the sender's engine writes its request (its heartbeat timer) */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                fr_act(4, 6, NULL);
                fr_act(4, 6, NULL); /* its retransmission */
                fr_app("after the sender's request", 4);
                FR_HB_SEED("hb-sender-request");

                /* the over-read class (Heartbleed, CVE-2014-0160): payload_length past
                 * the record, the boundary, too short, an unknown type, a response
                 * nobody asked for, epoch 0, a bad tag */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                fr_rec(0, 24, 0, 0, hb_bleed, sizeof hb_bleed);
                fr_rec(0, 24, 0, 0, hb_bleed4000, sizeof hb_bleed4000);
                fr_rec(0, 24, 0, 0, hb_req17, sizeof hb_req17);
                fr_rec(0, 24, 0, 0, hb_req, 18);
                fr_rec(0, 24, 0, 0, hb_req, 0);
                fr_rec(0, 24, 0, 0, hb_type3, sizeof hb_type3);
                fr_rec(0, 24, 0, 0, hb_resp, sizeof hb_resp);
                fr_rec(0, 24, 1 | 32, 0, hb_req, sizeof hb_req);
                fr_rec(0, 24, 16, 0, hb_req, sizeof hb_req);
                fr_rec(4, 24, 0, 0, hb_zero, sizeof hb_zero);
                fr_app("still here", 4);
                FR_HB_SEED("hb-malformed");

                /* a request too large to answer within the mtu */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                {
                    static uint8_t m[1500];
                    memset(m, 0x5A, sizeof m);
                    m[0] = 1;
                    m[1] = (uint8_t)((sizeof m - 19) >> 8);
                    m[2] = (uint8_t)(sizeof m - 19);
                    fr_rec(4, 24, 0, 0, m, sizeof m);
                }
                FR_HB_SEED("hb-too-large");

                /* the target's request unanswered: retransmissions, then DTLS_ERR_TIMEOUT */
                fz_sb_reset();
                fz_sb_u8(setup | hb);
                fr_act(0, 5, "\x08");
                for (i = 0; i < 10; i++)
                    fr_act(0, 5, "\x0b"); /* a minute each: every retransmission, then the failure */
                fr_rec(4, 24, 64, 0, hb_resp, sizeof hb_resp);
                FR_HB_SEED("hb-timeout");
#undef FR_HB_SEED
            }
#undef FR_SEED
        }
    }
    return 0;
}
