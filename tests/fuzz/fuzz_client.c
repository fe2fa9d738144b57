/* fuzz_client.c - libFuzzer target: a client dtls_conn (api.h) that has sent
 * its ClientHello is fed the fuzzer's datagrams as the server's side of the
 * handshake, then reads (dtls_conn_read) what it delivers.
 *
 * With a fixed random source and clock the client's flights are the same on
 * every run, so the server datagrams of a real in-memory handshake, recorded
 * by fz_make_corpus, replay it exactly (HelloVerifyRequest, the server's
 * flight, its ChangeCipherSpec and Finished, application data, close_notify)
 * and mutations start from every depth of it.
 *
 * Input:
 *   mode(1)   bit 0: 0 raw datagrams, 1 handshake messages (see below);
 *             bits 1-7 % FC_NVAR: the client's configuration (fc_setup)
 *   raw mode, items: ctrl(1) len(2) datagram(len)
 *     ctrl bits 0-3  clock step before the datagram (fz_dt[]); due timers run
 *          bit 4     afterwards the client writes a record (if established)
 *          bit 5     afterwards the client closes
 *          bit 6     read first into a 4-byte buffer (DTLS_ERR_BUFFER_TOO_SMALL)
 *   message mode, items: ctrl(1) len(2) payload(len), built into records by the
 *   harness with correct lengths (header and record), so that mutations reach
 *   the message parsers rather than the length checks:
 *     ctrl bits 0-1  0: handshake message at epoch 0: payload = msg_type ‖ body; a
 *                       12-byte header (frag_offset 0, frag_length = length, the
 *                       next message_seq) and an epoch-0 record header are added
 *                    1: the same at epoch 1, sealed with the client's own read
 *                       keys (dtls__record_protect over conn->dtls__rd: what the
 *                       server's write keys are), e.g. the server's Finished
 *                    2: any record at epoch 1, sealed: payload = type ‖ plaintext
 *                    3: any record at epoch 0, plain: payload = type ‖ body
 *          bit 2     the datagram ends after this record (and at the end of input)
 *          bit 3     after that datagram the client writes a record (if established)
 *          bits 4-7  clock step before that datagram
 *   Record sequence numbers count up per epoch; message_seq counts up from 0
 *   over all handshake messages (the server's HelloVerifyRequest has 0, its
 *   ServerHello 1, ...).  At the end the clock goes to each deadline in turn. */
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "fuzz_common.h"

#define FC_NVAR 5
#define FC_DG_MAX 70000

static fz_cli C;
static fz_queue *fc_record_to; /* corpus recording: the client's datagrams go to the real server */
static uint8_t fc_dg[FC_DG_MAX];
static size_t fc_dgn;
static uint64_t fc_rseq[2];
static uint16_t fc_mseq;

/* The client configurations:
 *   0  PSK (client1) and certificates (both roots, "localhost", the client
 *      certificate when asked), every suite offered
 *   1  raw public keys (the client key when asked) and the PSK callback
 *   2  the PSK callback and unverified certificates (SNI rsa.example); mtu
 *      256, only secp256r1, 3 authentication failures end it, a Finished
 *      failing authentication is bad_record_mac, one copy per retransmission
 *   3  PSK offering use_srtp and max_fragment_length 1024, exporting
 *   4  PSK offering use_srtp and record_size_limit 512, exporting */
static void fc_setup(int var)
{
    static const uint16_t p256_only[1] = {DTLS_GROUP_SECP256R1};
    static const int kind[FC_NVAR] = {FZ_CK_CERT, FZ_CK_RPK, FZ_CK_NOVERIFY, FZ_CK_PSK_EXT, FZ_CK_PSK_RSL};
    static const uint8_t saddr[4] = {192, 0, 2, 1};
    fz_now_ms = FZ_T0;
    if (fz_cli_setup(&C, kind[var], 0, UINT64_C(0xC0FFEE0123456789), fc_record_to, 1) != 0)
        abort();
    switch (var) {
    case 0:
        C.cfg.psk_identity = (const uint8_t *)"client1";
        C.cfg.psk_identity_len = 7;
        C.cfg.psk = FZ_K1;
        C.cfg.psk_len = sizeof(FZ_K1);
        break;
    case 1:
        C.cfg.psk_client = fz_psk_client;
        break;
    case 3:
    case 4:
        break; /* fz_cli_setup's FZ_CK_PSK_EXT / _RSL */
    default:
        C.cfg.psk_client = fz_psk_client;
        C.cfg.mtu = 256;
        C.cfg.groups = p256_only;
        C.cfg.n_groups = 1;
        C.cfg.max_auth_failures = 3;
        C.cfg.flags |= DTLS_CFG_SEND_BAD_RECORD_MAC;
        C.cfg.retransmit_copies = 1;
        break;
    }
    if (dtls_ctx_init(&C.ctx, &C.cfg, C.tx, sizeof C.tx, &C.hs, 1) != 0 ||
        dtls_conn_init(&C.c, &C.ctx, saddr, 4) != 0 || dtls_conn_connect(&C.c) != 0)
        abort();
    fc_dgn = 0;
    fc_rseq[0] = fc_rseq[1] = 0;
    fc_mseq = 0;
}

static void fc_timers(void)
{
    uint32_t at;
    int i;
    for (i = 0; i < 4 && dtls_conn_deadline(&C.c, &at) && fz_due(at); i++)
        (void)dtls_conn_timer(&C.c);
}

/* Feeds one datagram (a heap copy of exactly len bytes), reads what it
 * delivered, and does what ctrl asks afterwards: 1 write, 2 close, 4 a
 * too-small read first. */
static void fc_deliver(const uint8_t *d, size_t len, uint32_t step, unsigned act)
{
    uint8_t *x;
    fz_now_ms += step;
    fc_timers();
    x = fz_dup(d, len);
    /* DTLS_ERR_IN_PROGRESS cannot happen with software crypto; never fed again anyway */
    (void)dtls_conn_input(&C.c, x, len);
    if (act & 4) {
        uint8_t small[4];
        (void)dtls_conn_read(&C.c, small, sizeof small);
    }
    fz_cli_drain(&C.c); /* the records point into x */
    free(x);
    if ((act & 1) && dtls_conn_is_established(&C.c))
        (void)dtls_conn_write(&C.c, (const uint8_t *)"fuzzed client says hi", 21);
    if (act & 2)
        (void)dtls_conn_close(&C.c);
}

/* Appends a record to the datagram being built: epoch 0 plain, or epoch 1
 * sealed with the client's read keys. */
static void fc_add_record(uint8_t type, uint16_t epoch, const uint8_t *p, size_t n)
{
    dtls__cipher null_cipher;
    const dtls__cipher *c = &null_cipher;
    int r;
    dtls__cipher_null(&null_cipher);
    if (epoch != 0)
        c = &C.c.dtls__rd;
    r = dtls__record_protect(C.cfg.hooks, c, type, DTLS__VERSION_1_2, epoch, fc_rseq[epoch != 0], fc_dg + fc_dgn,
                             FC_DG_MAX - fc_dgn, p, n);
    if (r > 0) {
        fc_dgn += (size_t)r;
        fc_rseq[epoch != 0]++;
    }
}

static void fc_add_message(uint16_t epoch, const uint8_t *p, size_t n)
{
    static uint8_t msg[DTLS__HS_HEADER_LEN + 0x10000];
    dtls__hs_header h;
    if (n == 0)
        return;
    h.type = p[0];
    h.length = (uint32_t)(n - 1);
    h.message_seq = fc_mseq++;
    h.frag_offset = 0;
    h.frag_length = h.length;
    dtls__hs_write_header(msg, &h);
    memcpy(msg + DTLS__HS_HEADER_LEN, p + 1, n - 1);
    fc_add_record(DTLS__CT_HANDSHAKE, epoch, msg, DTLS__HS_HEADER_LEN + n - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in;
    uint8_t mode;
    int round;

    in.p = data;
    in.n = size;
    in.pos = 0;
    mode = fz_u8(&in);
    fc_setup((mode >> 1) % FC_NVAR);
    while (fz_more(&in)) {
        uint8_t ctrl = fz_u8(&in);
        const uint8_t *d;
        size_t len = fz_bytes(&in, fz_u16(&in), &d);
        if (!(mode & 1)) {
            fc_deliver(d, len, fz_dt[ctrl & 15], (ctrl >> 4) & 7);
            continue;
        }
        switch (ctrl & 3) {
        case 0:
            fc_add_message(0, d, len);
            break;
        case 1:
            fc_add_message(1, d, len);
            break;
        default:
            if (len > 0)
                fc_add_record(d[0], (ctrl & 3) == 2 ? 1 : 0, d + 1, len - 1);
            break;
        }
        if ((ctrl & 4) || !fz_more(&in)) {
            fc_deliver(fc_dg, fc_dgn, fz_dt[ctrl >> 4], (ctrl & 8) ? 1u : 0u);
            fc_dgn = 0;
        }
    }
    for (round = 0; round < 10; round++) {
        uint32_t at;
        if (!dtls_conn_deadline(&C.c, &at))
            break;
        if (!fz_due(at))
            fz_now_ms = at;
        (void)dtls_conn_timer(&C.c);
    }
    if (fz_debug())
        printf("client: established %d, peer closed %d, error %d, cert error %d, suite %04x\n",
               dtls_conn_is_established(&C.c), dtls_conn_peer_closed(&C.c),
               dtls_conn_error(&C.c), dtls_conn_cert_error(&C.c), dtls_conn_suite(&C.c));
    return 0;
}

/* ------------------------------------------------------------ the corpus */

#define FC_REC_MAX 32
static fz_queue fc_to_srv, fc_to_cli;
static fz_srv fc_srv;
static uint8_t fc_rec[FC_REC_MAX][FZ_DMAX]; /* the server's datagrams, as recorded */
static size_t fc_rec_len[FC_REC_MAX];
static int fc_nrec;

static void fc_pump(void)
{
    static const uint8_t caddr[4] = {10, 0, 0, 1};
    uint8_t d[FZ_DMAX];
    size_t len;
    int rounds;
    for (rounds = 0; rounds < 50 && (fc_to_srv.n || fc_to_cli.n); rounds++) {
        while ((len = fz_pop(&fc_to_srv, d, NULL)) != 0)
            (void)dtls_server_input(&fc_srv.srv, d, len, caddr, 4);
        while ((len = fz_pop(&fc_to_cli, d, NULL)) != 0) {
            if (fc_nrec < FC_REC_MAX) {
                memcpy(fc_rec[fc_nrec], d, len);
                fc_rec_len[fc_nrec++] = len;
            }
            fc_deliver(d, len, 0, 0); /* as the raw mode does */
        }
    }
}

/* The recorded datagrams as message-mode items: whole handshake messages
 * (fragments joined), other records by type; epoch-1 records opened with the
 * client's read keys. */
static void fc_structured(void)
{
    static uint8_t msg[8][8192];
    static size_t have[8];
    static uint32_t mlen[8];
    int k, i;
    for (i = 0; i < 8; i++)
        have[i] = 0;
    for (k = 0; k < fc_nrec; k++) {
        uint8_t d[FZ_DMAX];
        size_t pos = 0, len = fc_rec_len[k], last_item = 0;
        dtls__record rec;
        memcpy(d, fc_rec[k], len);
        while (dtls__record_parse(&rec, d, len, &pos, 0) == 0) {
            size_t hp = 0;
            unsigned kind_hs = rec.epoch == 0 ? 0u : 1u;
            if (rec.epoch != 0 && dtls__record_unprotect(C.cfg.hooks, &C.c.dtls__rd, &rec) != 0)
                continue;
            if (rec.type != DTLS__CT_HANDSHAKE) {
                last_item = fz_sbn;
                fz_sb_u8(rec.epoch == 0 ? 3u : 2u);
                fz_sb_u16(rec.body_len + 1);
                fz_sb_u8(rec.type);
                fz_sb_bytes(rec.body, rec.body_len);
                continue;
            }
            while (hp < rec.body_len) {
                dtls__hs_header h;
                const uint8_t *frag;
                size_t used;
                int slot;
                if (dtls__hs_parse(&h, &frag, rec.body + hp, rec.body_len - hp, &used) != 0)
                    break;
                hp += used;
                slot = h.message_seq & 7;
                if (h.length > sizeof msg[0] || h.frag_offset != have[slot])
                    continue; /* in order, as our server sends them */
                memcpy(msg[slot] + h.frag_offset, frag, h.frag_length);
                have[slot] += h.frag_length;
                mlen[slot] = h.length;
                if (have[slot] == h.length) {
                    last_item = fz_sbn;
                    fz_sb_u8(kind_hs);
                    fz_sb_u16(h.length + 1);
                    fz_sb_u8(h.type);
                    fz_sb_bytes(msg[slot], mlen[slot]);
                    have[slot] = 0;
                }
            }
        }
        if (fz_sbn > last_item)
            fz_sb[last_item] |= 4; /* the datagram ends here */
    }
}

/* A handshake of client configuration var with a real server (kind,
 * suite); after: 0 nothing, 1 the server sends data, 2 data and close_notify.
 * Writes a raw-mode and a message-mode seed. */
static int fc_session(const char *dir, const char *name, int var, int skind, uint16_t suite, int after)
{
    char n2[128];
    int k;
    fc_to_srv.n = fc_to_cli.n = 0;
    fc_nrec = 0;
    fc_record_to = &fc_to_srv;
    fc_setup(var);
    if (fz_srv_setup(&fc_srv, skind, suite, UINT64_C(0x5E77E7), &fc_to_cli) != 0) {
        fprintf(stderr, "%s: server setup failed\n", name);
        return 1;
    }
    fc_pump();
    if (!dtls_conn_is_established(&C.c)) {
        fprintf(stderr, "%s: handshake did not complete (client error %d)\n", name, dtls_conn_error(&C.c));
        fc_record_to = NULL;
        return 1;
    }
    if (after >= 1 && fz_srv_conn(&fc_srv) != NULL) {
        (void)dtls_conn_write(fz_srv_conn(&fc_srv), (const uint8_t *)"hello from the server", 21);
        fc_pump();
    }
    if (after >= 2 && fz_srv_conn(&fc_srv) != NULL) {
        (void)dtls_conn_close(fz_srv_conn(&fc_srv));
        fc_pump();
    }
    fc_record_to = NULL;
    fz_sb_reset();
    fz_sb_u8((unsigned)(var << 1));
    for (k = 0; k < fc_nrec; k++)
        fz_sb_item(0, fc_rec[k], fc_rec_len[k]);
    snprintf(n2, sizeof n2, "raw-%s", name);
    fz_sb_write(dir, n2);
    fz_sb_reset();
    fz_sb_u8((unsigned)(var << 1 | 1));
    fc_structured();
    snprintf(n2, sizeof n2, "msg-%s", name);
    fz_sb_write(dir, n2);
    return 0;
}

int fz_make_corpus(const char *dir, int argc, char **argv)
{
    static const uint16_t psk[] = {DTLS_PSK_WITH_AES_128_CCM_8, DTLS_PSK_WITH_AES_128_CCM,
                                   DTLS_PSK_WITH_AES_128_GCM_SHA256, DTLS_PSK_WITH_AES_256_GCM_SHA384,
                                   DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256,
                                   DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256};
    static const uint16_t ecdsa[] = {DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                                     DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                                     DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
    static const uint16_t rsa[] = {DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                                   DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
    char name[64];
    size_t i;
    int bad = 0;
    (void)argc;
    (void)argv;
    for (i = 0; i < sizeof psk / sizeof psk[0]; i++) {
        snprintf(name, sizeof name, "psk-%04x", psk[i]);
        bad |= fc_session(dir, name, 0, FZ_SK_PSK, psk[i], (int)(i % 3));
        snprintf(name, sizeof name, "psk-hint-%04x", psk[i]);
        bad |= fc_session(dir, name, 2, FZ_SK_PSK_HINT, psk[i], 1);
    }
    bad |= fc_session(dir, "psk-fragmented", 2, FZ_SK_PSK_SMALL, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, 2);
    bad |= fc_session(dir, "psk-rpk-client", 1, FZ_SK_PSK_HINT, DTLS_PSK_WITH_AES_128_GCM_SHA256, 1);
    for (i = 0; i < sizeof ecdsa / sizeof ecdsa[0]; i++) {
        snprintf(name, sizeof name, "ecdsa-%04x", ecdsa[i]);
        bad |= fc_session(dir, name, 0, FZ_SK_ECDSA, ecdsa[i], 1);
        snprintf(name, sizeof name, "ecdsa-client-cert-%04x", ecdsa[i]);
        bad |= fc_session(dir, name, 0, FZ_SK_ECDSA_REQ, ecdsa[i], 2);
    }
    for (i = 0; i < sizeof rsa / sizeof rsa[0]; i++) {
        snprintf(name, sizeof name, "rsa-%04x", rsa[i]);
        bad |= fc_session(dir, name, 0, FZ_SK_RSA, rsa[i], 1);
        snprintf(name, sizeof name, "rsa-noverify-%04x", rsa[i]);
        bad |= fc_session(dir, name, 2, FZ_SK_RSA, rsa[i], 2);
    }
    bad |= fc_session(dir, "rpk", 1, FZ_SK_RPK, 0, 2);
    bad |= fc_session(dir, "psk-srtp-mfl", 3, FZ_SK_PSK_EXT, DTLS_PSK_WITH_AES_128_CCM_8, 2);
    bad |= fc_session(dir, "psk-srtp-rsl", 4, FZ_SK_PSK_EXT, DTLS_PSK_WITH_AES_128_GCM_SHA256, 1);
    bad |= fc_session(dir, "ecdsa-noverify", 2, FZ_SK_ECDSA, 0, 1);
    return bad;
}
