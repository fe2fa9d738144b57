/* fp_program.c - `make size`'s footprint program (tools/size.py): the
 * smallest whole application of a named configuration (FP_CONF,
 * tests/baremetal/fp_app.h), linked with tests/baremetal/startup.S,
 * newlib-nano and --gc-sections, calling every entry point a real device
 * uses: a client init, connect, input, read, write, deadline, timer, close;
 * the server init, input, write (its answers, after input returns), deadline,
 * timer.  Its I/O, clock and entropy are registers of an imaginary board:
 * the program is linked for its flash and RAM, never run (the replay,
 * fp_replay.c, measures the stack).  FP_CONF 0 is the empty program (the
 * same startup, a main with no library call) that size.py subtracts.  The
 * caller's structures and buffers are one object, fp_app, whose size
 * size.py reports apart from the library's own static RAM. */
#if FP_CONF == 0
int main(void);
int main(void)
{
    return 0;
}
#else
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#define FP_PROGRAM 1
#include "../baremetal/fp_app.h"

/* the imaginary board's registers */
#define FP_REG(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define FP_RADIO_LEN 0x40001000u  /* length of the datagram received, 0: none */
#define FP_RADIO_DATA 0x40001004u /* its bytes, one per read; a write sends one */
#define FP_RADIO_SEND 0x40001008u /* a write sends the datagram written so far */
#define FP_MS 0x40002000u         /* milliseconds */
#define FP_RTC 0x40002004u        /* seconds since 1970 (certificate validity) */
#define FP_TRNG 0x40003000u       /* a random byte per read */

static struct fp_app {
    dtls_crypto_hooks hooks;
    dtls_config cfg;
    dtls_ctx ctx;
    dtls_hs hs[FP_N_HS];
#if FP_IS_SERVER
    dtls_server srv;
    dtls_conn slot[FP_SLOTS];
    dtls_conn *reply_to; /* on_data's connection: answered after input returns */
    size_t msg_len;
    uint8_t msg[64];
#else
    dtls_conn conn;
#endif
    uint8_t tx[FP_MTU], rx[FP_MTU];
} fp_app;

static int board_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    while (len-- > 0)
        out[len] = (uint8_t)FP_REG(FP_TRNG);
    return 0;
}

static uint32_t board_now(void *user)
{
    (void)user;
    return FP_REG(FP_MS);
}

static int board_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    size_t i;
    (void)user;
    for (i = 0; i < alen; i++)
        FP_REG(FP_RADIO_DATA) = addr[i];
    for (i = 0; i < len; i++)
        FP_REG(FP_RADIO_DATA) = data[i];
    FP_REG(FP_RADIO_SEND) = (uint32_t)len;
    return (int)len;
}

/* the next datagram into buf (its source address into addr[4]), 0 if none */
static size_t board_recv(uint8_t *buf, size_t cap, uint8_t *addr)
{
    size_t i, n = FP_REG(FP_RADIO_LEN);
    if (n > cap)
        n = 0;
    for (i = 0; i < 4; i++)
        addr[i] = (uint8_t)FP_REG(FP_RADIO_DATA);
    for (i = 0; i < n; i++)
        buf[i] = (uint8_t)FP_REG(FP_RADIO_DATA);
    return n;
}

#if FP_CONF == FP_RPK_CLIENT
/* the server's raw public key (SubjectPublicKeyInfo) this device trusts */
static const uint8_t fp_pin[91] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
static int board_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    if (pc->is_rpk && pc->n == 1 && pc->chain[0].len == sizeof fp_pin &&
        memcmp(pc->chain[0].data, fp_pin, sizeof fp_pin) == 0)
        return 0;
    return DTLS_ALERT_BAD_CERTIFICATE;
}
#endif
#if FP_X509
static int board_wall(void *user, int64_t *t)
{
    (void)user;
    *t = (int64_t)FP_REG(FP_RTC);
    return 0;
}
#endif

static void board_setup(void)
{
    fp_config(&fp_app.cfg);
    fp_app.hooks.random = board_random;
    fp_app.cfg.hooks = &fp_app.hooks;
    fp_app.cfg.send = board_send;
    fp_app.cfg.now = board_now;
#if FP_CONF == FP_RPK_CLIENT
    fp_app.cfg.verify = board_verify;
#endif
#if FP_X509
    fp_app.cfg.wall_time = board_wall;
#endif
}

/* 1 when the deadline passed (wrap-safe) */
static int due(int has, uint32_t at)
{
    return has == 1 && (int32_t)(FP_REG(FP_MS) - at) >= 0;
}

#if FP_IS_SERVER
static void on_data(void *user, dtls_conn *conn, const uint8_t *data, size_t len)
{
    (void)user;
    fp_app.msg_len = len < sizeof fp_app.msg ? len : sizeof fp_app.msg;
    memcpy(fp_app.msg, data, fp_app.msg_len);
    fp_app.reply_to = conn;
}

static void on_close(void *user, dtls_conn *conn, int reason)
{
    (void)user;
    (void)reason;
    if (fp_app.reply_to == conn)
        fp_app.reply_to = NULL;
}

int main(void)
{
    uint8_t addr[4];
    uint32_t at;
    size_t n;
    board_setup();
    fp_app.cfg.on_data = on_data;
    fp_app.cfg.on_close = on_close;
    if (dtls_ctx_init(&fp_app.ctx, &fp_app.cfg, fp_app.tx, sizeof fp_app.tx, fp_app.hs, FP_N_HS) < 0 ||
        dtls_server_init(&fp_app.srv, &fp_app.ctx, fp_app.slot, FP_SLOTS) < 0)
        return 1;
    for (;;) {
        n = board_recv(fp_app.rx, sizeof fp_app.rx, addr);
        if (n > 0)
            (void)dtls_server_input(&fp_app.srv, fp_app.rx, n, addr, sizeof addr);
        if (fp_app.reply_to != NULL) { /* an echo */
            (void)dtls_conn_write(fp_app.reply_to, fp_app.msg, fp_app.msg_len);
            fp_app.reply_to = NULL;
        }
        if (due(dtls_server_deadline(&fp_app.srv, &at), at))
            (void)dtls_server_timer(&fp_app.srv);
    }
}
#else
int main(void)
{
    uint8_t addr[4], msg[64];
    uint32_t at;
    size_t n;
    int r = 0;
    board_setup();
    if (dtls_ctx_init(&fp_app.ctx, &fp_app.cfg, fp_app.tx, sizeof fp_app.tx, fp_app.hs, FP_N_HS) < 0 ||
        dtls_conn_init(&fp_app.conn, &fp_app.ctx, fp_server_addr, sizeof fp_server_addr) < 0 ||
        dtls_conn_connect(&fp_app.conn) < 0)
        return 1;
    while (r >= 0 || r == DTLS_ERR_WOULD_BLOCK) {
        n = board_recv(fp_app.rx, sizeof fp_app.rx, addr);
        if (n > 0 && (r = dtls_conn_input(&fp_app.conn, fp_app.rx, n)) < 0)
            break;
        while ((r = dtls_conn_read(&fp_app.conn, msg, sizeof msg)) > 0) /* an echo */
            (void)dtls_conn_write(&fp_app.conn, msg, (size_t)r);
        if (due(dtls_conn_deadline(&fp_app.conn, &at), at))
            r = dtls_conn_timer(&fp_app.conn);
    }
    return dtls_conn_close(&fp_app.conn);
}
#endif
#endif
