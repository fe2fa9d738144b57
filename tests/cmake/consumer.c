/* consumer.c - the program every CMake / pkg-config consumer of tests/run.sh
 * (stage cmake, tests/cmake/) builds against the library: a PSK client's
 * dtls_ctx_init, whose layout guard (DTLS_ERR_LAYOUT) refuses a program that
 * sees other DTLS_ENABLE_* values than the library was built with.
 *
 *   EXPECT_CERTS   the DTLS_ENABLE_CERTS this program must see (default 1)
 *   EXPECT_LAYOUT  1: the build deliberately leaves out the library's
 *                  definitions, and dtls_ctx_init must refuse (the control)
 * Prints one line and exits 0 when dtls_ctx_init returned what was expected. */
#include <stdio.h>
#include <string.h>
#include "dtls.h"

#ifndef EXPECT_CERTS
#define EXPECT_CERTS 1
#endif
#ifndef EXPECT_LAYOUT
#define EXPECT_LAYOUT 0
#endif
#if DTLS_ENABLE_CERTS != EXPECT_CERTS
#error "DTLS_ENABLE_CERTS is not the value this consumer expects: the build's definitions did not arrive"
#endif

static int c_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    (void)user;
    (void)addr;
    (void)addr_len;
    (void)data;
    return (int)len;
}
static uint32_t c_now(void *user)
{
    (void)user;
    return 0;
}
static int c_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    memset(out, 0x5a, len);
    return 0;
}

static const uint16_t suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
static const uint8_t key[16] = {1, 2, 3, 4};
static dtls_crypto_hooks hooks;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static uint8_t tx[1232];

int main(void)
{
    int rc, want = EXPECT_LAYOUT ? DTLS_ERR_LAYOUT : 0;
    uint8_t d[32];
    hooks.random = c_random;
    cfg.role = DTLS_ROLE_CLIENT;
    cfg.suites = suites;
    cfg.n_suites = 1;
    cfg.psk_identity = (const uint8_t *)"consumer";
    cfg.psk_identity_len = 8;
    cfg.psk = key;
    cfg.psk_len = sizeof key;
    cfg.send = c_send;
    cfg.now = c_now;
    cfg.hooks = &hooks;
    rc = dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1);
    dtls_sha256(d, "abc", 3); /* FIPS 180-2 B.1: ba7816bf...f20015ad */
    printf("dtls %s, DTLS_ENABLE_CERTS=%d: dtls_ctx_init (PSK client) = %d%s%s\n", DTLS_VERSION_STRING,
           DTLS_ENABLE_CERTS, rc, rc ? ", " : "", rc ? dtls_strerror(rc) : "");
    if (d[0] != 0xba || d[31] != 0xad) {
        printf("SHA-256(\"abc\") is wrong\n");
        return 1;
    }
    return rc == want ? 0 : 1;
}
