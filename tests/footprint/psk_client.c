/* psk_client.c - a minimal PSK-CCM_8 client calling every entry point a real
 * client uses (init, connect, input, read, write, deadline, timer, close):
 * linked for Cortex-M4 by tests/run.sh (stage cross) to show what a
 * client-only build (DTLS_ENABLE_SERVER 0) links. */
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
static int s_send(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t l) { (void)u; (void)a; (void)al; (void)d; return (int)l; }
static uint32_t s_now(void *u) { (void)u; return 0; }
static int s_rand(void *u, uint8_t *o, size_t n) { (void)u; while (n--) o[n] = (uint8_t)n; return 0; }
static const uint16_t suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
static const uint8_t key[16] = {1};
static dtls_crypto_hooks hooks;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static dtls_conn conn;
static uint8_t tx[512], rx[512];
int main(void)
{
    uint32_t at;
    hooks.random = s_rand;
    cfg.role = DTLS_ROLE_CLIENT; cfg.suites = suites; cfg.n_suites = 1;
    cfg.psk_identity = (const uint8_t *)"id"; cfg.psk_identity_len = 2; cfg.psk = key; cfg.psk_len = 16;
    cfg.send = s_send; cfg.now = s_now; cfg.hooks = &hooks; cfg.mtu = 512;
    if (dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1) || dtls_conn_init(&conn, &ctx, key, 4) || dtls_conn_connect(&conn)) return 1;
    (void)dtls_conn_input(&conn, rx, sizeof rx);
    (void)dtls_conn_read(&conn, rx, sizeof rx);
    (void)dtls_conn_write(&conn, rx, 10);
    if (dtls_conn_deadline(&conn, &at)) (void)dtls_conn_timer(&conn);
    return dtls_conn_close(&conn);
}
