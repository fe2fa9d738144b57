/* fp_replay.c - the subject of a `make size` configuration (fp_app.h,
 * FP_CONF; built with the configuration's options, e.g. client only) alone on
 * bare metal, replaying the session fp_record.c recorded on the host
 * (fp_data.h, generated in the build directory): its every datagram must
 * equal the recording byte for byte, the peer's datagrams are fed and its
 * calls (connect, writes, close, timer) made at their recorded times, and
 * the data it reads must be the payloads.  Around every library call the
 * stack is painted and measured (bm.h): the library's deepest call below
 * the caller's SP, through init, a handshake with one retransmission, data
 * both ways and close.  Runs on QEMU's mps2-an386 (Cortex-M4) and microbit
 * (Cortex-M0), with tests/footprint/fp_m4.ld / fp_m0.ld (the stack is the
 * RAM above .bss). */
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "line.h"
#include "bm.h"
#include "xorshift.h"
#include "fp_app.h"
#include "fp_data.h"
#define REPLAY_NAME "fp"
#include "replay.h"

static int r_data_ok = 1;
#if !FP_IS_SERVER
static int r_nread;
#endif

/* the caller's structures and buffers, as the footprint program has them */
static dtls_crypto_hooks r_hooks;
static dtls_config r_cfg;
static dtls_ctx r_ctx;
static dtls_hs r_hs[FP_N_HS];
static uint8_t r_tx[FP_MTU], r_rx[FP_MTU];
#if FP_IS_SERVER
static dtls_server r_srv;
static dtls_conn r_slot[FP_SLOTS];
#else
static dtls_conn r_c;
#endif
static uint8_t r_got[FP_MTU];

#if FP_CONF == FP_RPK_CLIENT
/* the server's raw public key, pinned (the one recorded) */
static int cb_verify(void *user, dtls_conn *conn, const dtls_peer_cert *pc)
{
    (void)user;
    (void)conn;
    if (pc->is_rpk && pc->n == 1 && pc->chain[0].len == sizeof rec_pin &&
        memcmp(pc->chain[0].data, rec_pin, sizeof rec_pin) == 0)
        return 0;
    return DTLS_ALERT_BAD_CERTIFICATE;
}
#endif
int main(void)
{
    pair_line l;
    int r, calls_ok = 1;
    uint32_t at;
    r_now = FP_T0;
    r_rng = FP_IS_SERVER ? FP_SEED_SERVER : FP_SEED_CLIENT;
    r_hooks.random = r_random;
    fp_config(&r_cfg);
    r_cfg.send = r_send;
    r_cfg.now = r_clock;
    r_cfg.hooks = &r_hooks;
#if FP_CONF == FP_RPK_CLIENT
    r_cfg.verify = cb_verify;
#endif
#if FP_X509
    r_cfg.wall_time = fp_wall;
#endif
#if FP_IS_SERVER
    r_cfg.on_connect = fp_on_connect;
    r_cfg.on_data = fp_on_data;
    r_cfg.on_close = fp_on_close;
#endif
    CALL(r, dtls_ctx_init(&r_ctx, &r_cfg, r_tx, sizeof r_tx, r_hs, FP_N_HS));
    check(r == 0, "dtls_ctx_init", r);
#if FP_IS_SERVER
    CALL(r, dtls_server_init(&r_srv, &r_ctx, r_slot, FP_SLOTS));
    check(r == 0, "dtls_server_init (4 slots)", r);
#else
    CALL(r, dtls_conn_init(&r_c, &r_ctx, fp_server_addr, sizeof fp_server_addr));
    check(r == 0, "dtls_conn_init", r);
#endif
    while (r_next < NEV && r_mismatch == 0) {
        const struct rec_event *e = &rec_ev[r_next];
        if (e->kind == REC_OUT) {
            r_mismatch++; /* the subject did not send this datagram when it should have */
            break;
        }
        r_next++;
        r_now = e->now;
        switch (e->kind) {
        case REC_IN:
            memcpy(r_rx, rec_bytes + e->off, e->len); /* decrypted in place: a RAM copy */
#if FP_IS_SERVER
            CALL(r, dtls_server_input(&r_srv, r_rx, e->len, fp_client_addr, sizeof fp_client_addr));
            calls_ok &= r == 0;
            if (fp_srv.reply_to != NULL) {
                fp_fill(fp_srv.reply_k, r_got);
                CALL(r, dtls_conn_write(fp_srv.reply_to, r_got, fp_len(fp_srv.reply_k)));
                r_data_ok &= r == (int)fp_len(fp_srv.reply_k);
                fp_srv.reply_to = NULL;
            }
            CALL(r, dtls_server_deadline(&r_srv, &at));
#else
            CALL(r, dtls_conn_input(&r_c, r_rx, e->len));
            calls_ok &= r == 0 || (r == DTLS_ERR_CLOSED && dtls_conn_peer_closed(&r_c) == 1);
            for (;;) {
                CALL(r, dtls_conn_read(&r_c, r_got, sizeof r_got));
                if (r <= 0)
                    break;
                if (r_nread > 1 || !fp_is(2 + (unsigned)r_nread, r_got, (size_t)r))
                    r_data_ok = 0;
                r_nread++;
            }
            CALL(r, dtls_conn_deadline(&r_c, &at));
#endif
            (void)at;
            break;
        case REC_TIMER:
#if FP_IS_SERVER
            CALL(r, dtls_server_timer(&r_srv));
#else
            CALL(r, dtls_conn_timer(&r_c));
#endif
            calls_ok &= r == 0;
            break;
#if !FP_IS_SERVER
        case REC_CONNECT:
            CALL(r, dtls_conn_connect(&r_c));
            calls_ok &= r == 0;
            break;
        case REC_WRITE0:
        case REC_WRITE1:
            fp_fill(e->kind == REC_WRITE0 ? 0u : 1u, r_got);
            CALL(r, dtls_conn_write(&r_c, r_got, fp_len(e->kind == REC_WRITE0 ? 0u : 1u)));
            calls_ok &= r == (int)fp_len(e->kind == REC_WRITE0 ? 0u : 1u);
            break;
        case REC_CLOSE:
            CALL(r, dtls_conn_close(&r_c));
            calls_ok &= r == 0;
            break;
#endif
        default:
            r_mismatch++;
            break;
        }
    }
    check(r_mismatch == 0 && r_next == NEV, "every datagram equals the recording, every input and call replayed",
          (int)r_next);
    check(calls_ok, "every call succeeded (init, connect, input, timer, writes, close)", 0);
#if FP_IS_SERVER
    check(fp_srv.connected == 1 && fp_srv.closed == 1 && fp_srv.close_reason == DTLS_ERR_CLOSED,
          "one connection: on_connect, on_close(DTLS_ERR_CLOSED)", fp_srv.close_reason);
    check(r_data_ok && !fp_srv.bad && fp_srv.ndata == 2, "received both messages exactly, answered both", fp_srv.ndata);
#else
    check(dtls_conn_suite(&r_c) == FP_SUITE, "the recorded suite", (int)dtls_conn_suite(&r_c));
    check(r_data_ok && r_nread == 2, "reads exactly the server's two answers", r_nread);
    check(dtls_conn_peer_closed(&r_c) == 1, "the server's close_notify arrived", dtls_conn_error(&r_c));
#endif
    check(!bm_overflow, "the stack stayed inside its region", 0);
    l.n = 0;
    pl_str_u32(&l, "stack ", bm_depth[0]);
    pl_str_u32(&l, " peak ", bm_peak);
    pl_str_u32(&l, " of ", (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit));
    bm_puts(l.b);
    l.n = 0;
    pl_str_u32(&l, "sizeof ctx ", (uint32_t)sizeof(dtls_ctx));
#if FP_IS_SERVER
    pl_str_u32(&l, " conn ", (uint32_t)sizeof(dtls_conn));
    pl_str_u32(&l, " server ", (uint32_t)sizeof(dtls_server));
#else
    pl_str_u32(&l, " conn ", (uint32_t)sizeof(dtls_conn));
#endif
    pl_str_u32(&l, " hs ", (uint32_t)sizeof(dtls_hs));
    pl_str_u32(&l, " config ", (uint32_t)sizeof(dtls_config));
    pl_str_u32(&l, " hooks ", (uint32_t)sizeof(dtls_crypto_hooks));
    bm_puts(l.b);
    return replay_result(&l);
}
