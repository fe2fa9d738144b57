/* replay_bm.c - a PSK-CCM_8 client alone (DTLS_ENABLE_SERVER 0, PSK-only
 * options) replaying pair.h's session as record.c recorded it
 * (replay_data.h, generated in the build directory): the client's every
 * datagram must equal the recording byte for byte, the server's datagrams are
 * fed at their recorded times, and the data read must be the recorded
 * payloads.  Around every client call the stack is measured (bm.h): the
 * peak stack of a client through handshake, data both ways and close.  Runs
 * on QEMU's mps2-an386 (Cortex-M4) and microbit (Cortex-M0). */
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#include "line.h"
#include "bm.h"
#include "xorshift.h"
#include "replay_data.h"
#define REC_OUT 0 /* replay_data.h: kind 0, sent by the client */
#define REPLAY_NAME "replay"
#include "replay.h"

static dtls_crypto_hooks r_hooks;
static dtls_config r_cfg;
static dtls_ctx r_ctx;
static dtls_hs r_hs;
static dtls_conn r_c;
static uint8_t r_tx[REC_MTU], r_rx[1536], r_got[600];
static const uint16_t r_suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
static const uint8_t r_addr[4] = {192, 0, 2, 1};

/* The client's action n (1 connect, 2 and 3 the writes, 4 close). */
static int r_action(int n)
{
    int r;
    if (n == 1)
        CALL(r, dtls_conn_connect(&r_c));
    else if (n == 2)
        CALL(r, dtls_conn_write(&r_c, rec_msg0, sizeof rec_msg0));
    else if (n == 3)
        CALL(r, dtls_conn_write(&r_c, rec_msg1, sizeof rec_msg1));
    else
        CALL(r, dtls_conn_close(&r_c));
    return r;
}

int main(void)
{
    pair_line l;
    int r, phase = 0, nread = 0, reads_ok = 1, actions_ok = 1;
    size_t i;
    r_rng = REC_SEED;
    r_hooks.random = r_random;
    r_cfg.role = DTLS_ROLE_CLIENT;
    r_cfg.suites = r_suites;
    r_cfg.n_suites = 1;
    r_cfg.psk_identity = rec_identity;
    r_cfg.psk_identity_len = sizeof rec_identity;
    r_cfg.psk = rec_psk;
    r_cfg.psk_len = sizeof rec_psk;
    r_cfg.send = r_send;
    r_cfg.now = r_clock;
    r_cfg.hooks = &r_hooks;
    r_cfg.mtu = REC_MTU;
    CALL(r, dtls_ctx_init(&r_ctx, &r_cfg, r_tx, sizeof r_tx, &r_hs, 1));
    check(r == 0, "client dtls_ctx_init", r);
    CALL(r, dtls_conn_init(&r_c, &r_ctx, r_addr, sizeof r_addr));
    check(r == 0, "dtls_conn_init", r);
    for (i = 0; i < NEV && r_mismatch == 0; i++) {
        const struct rec_event *e = &rec_ev[i];
        r_now = e->now;
        while (phase < e->phase) {
            phase++;
            if (r_action(phase) != (phase == 2 ? (int)sizeof rec_msg0 : phase == 3 ? (int)sizeof rec_msg1 : 0))
                actions_ok = 0;
        }
        if (e->kind == 0)
            continue; /* sent by the client: r_send checked it */
        if (r_next != i) {
            r_mismatch++; /* the client did not send what it sent before this datagram */
            break;
        }
        r_next++;
        memcpy(r_rx, rec_bytes + e->off, e->len); /* decrypted in place: a RAM copy */
        CALL(r, dtls_conn_input(&r_c, r_rx, e->len));
        for (;;) {
            CALL(r, dtls_conn_read(&r_c, r_got, sizeof r_got));
            if (r <= 0)
                break;
            nread++;
            if (nread == 1)
                reads_ok &= (size_t)r == sizeof rec_rep0 && memcmp(r_got, rec_rep0, sizeof rec_rep0) == 0;
            else if (nread == 2)
                reads_ok &= (size_t)r == sizeof rec_rep1 && memcmp(r_got, rec_rep1, sizeof rec_rep1) == 0;
            else
                reads_ok = 0;
        }
    }
    check(r_mismatch == 0 && r_next == NEV, "every client datagram equals the recording, every server datagram fed",
          (int)r_next);
    check(actions_ok && phase == 4, "connect, two writes and close as recorded", phase);
    check(dtls_conn_suite(&r_c) == DTLS_PSK_WITH_AES_128_CCM_8, "suite TLS_PSK_WITH_AES_128_CCM_8",
          (int)dtls_conn_suite(&r_c));
    check(reads_ok && nread == 2, "reads exactly the server's two answers", nread);
    check(dtls_conn_peer_closed(&r_c) == 1, "the server's close_notify arrived", dtls_conn_error(&r_c));
    check(!bm_overflow, "the stack stayed inside its region", 0);
    l.n = 0;
    pl_str_u32(&l, "stack replay-psk client ", bm_depth[0]);
    pl_str_u32(&l, " peak ", bm_peak);
    pl_str_u32(&l, " of ", (uint32_t)((uintptr_t)__stack_top - (uintptr_t)__stack_limit));
    pl_str_u32(&l, "; sizeof dtls_hs ", (uint32_t)sizeof(dtls_hs));
    pl_str_u32(&l, " dtls_conn ", (uint32_t)sizeof(dtls_conn));
    pl_str_u32(&l, " dtls_ctx ", (uint32_t)sizeof(dtls_ctx));
    pl_str_u32(&l, " dtls_config ", (uint32_t)sizeof(dtls_config));
    bm_puts(l.b);
    return replay_result(&l);
}
