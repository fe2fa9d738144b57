/* client.c - the smallest use of the engine: a PSK client over your own
 * send / clock / entropy functions (shown in README.md, compiled by make test). */
#include <string.h>
#define DTLS_IMPLEMENTATION
#include "dtls.h"

/* Your platform: one datagram out, a millisecond clock, entropy. */
int my_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len);
uint32_t my_now(void *user);
int my_random(void *user, uint8_t *out, size_t len);

static const uint16_t suites[] = {DTLS_PSK_WITH_AES_128_CCM_8};
static const uint8_t key[16] = {0x01, 0x02 /* ... */};
static dtls_crypto_hooks hooks; /* all NULL: software crypto */
static dtls_config cfg;
static dtls_ctx ctx;   /* one endpoint */
static dtls_hs hs;     /* handshake scratch (one for a client) */
static dtls_conn conn; /* the connection */
static uint8_t tx[1232], rx[1232];

int start(const uint8_t *server_addr, size_t addr_len)
{
    hooks.random = my_random;       /* ... and your entropy source */
    cfg.role = DTLS_ROLE_CLIENT;
    cfg.suites = suites;
    cfg.n_suites = 1;
    cfg.psk_identity = (const uint8_t *)"device-17";
    cfg.psk_identity_len = 9;
    cfg.psk = key;
    cfg.psk_len = sizeof key;
    cfg.send = my_send;
    cfg.now = my_now;
    cfg.hooks = &hooks;
    if (dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1) < 0 || dtls_conn_init(&conn, &ctx, server_addr, addr_len) < 0)
        return -1;
    return dtls_conn_connect(&conn); /* sends the ClientHello */
}

/* Call on every received datagram, and when the deadline passes. */
void on_datagram(size_t n)
{
    uint8_t msg[256];
    int len;
    dtls_conn_input(&conn, rx, n);                 /* decrypted in place */
    while ((len = dtls_conn_read(&conn, msg, sizeof msg)) > 0) {
        /* msg[0..len) is one application record */
    }
    if (dtls_conn_is_established(&conn))
        dtls_conn_write(&conn, (const uint8_t *)"hello", 5);
}

void on_tick(void)
{
    uint32_t at;
    if (dtls_conn_deadline(&conn, &at) && (int32_t)(my_now(NULL) - at) >= 0)
        dtls_conn_timer(&conn);                    /* retransmissions */
}
