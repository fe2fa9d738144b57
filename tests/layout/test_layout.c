/* test_layout.c - the layout guard (api.h, DTLS_LAYOUT): this program is
 * compiled with the default options and linked with a library object (dtls.c)
 * that tests/run.sh compiles with LAYOUT_LIB_OPTIONS.  When they differ, every
 * init that writes caller memory refuses with DTLS_ERR_LAYOUT and writes
 * nothing; when they agree (LAYOUT_SAME), each init works.
 *
 *   gcc -DDTLS_HS_BUFFER=7000 -c dtls.c -o lib.o && gcc -DLAYOUT_SAME=0 tests/layout/test_layout.c lib.o
 * (LAYOUT_LIB_NO_CERTS=1 for a library built without certificates, which has
 * no dtls_credential_init at all: an application calling it does not link.)
 */
#include "../../dtls.h"
#include "../test.h"

#ifndef LAYOUT_SAME
#define LAYOUT_SAME 0
#endif
#ifndef LAYOUT_LIB_NO_CERTS
#define LAYOUT_LIB_NO_CERTS 0
#endif

static int t_send(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t l)
{
    (void)u;
    (void)a;
    (void)al;
    (void)d;
    return (int)l;
}
static uint32_t t_now(void *u)
{
    (void)u;
    return 0;
}
static int t_random(void *u, uint8_t *out, size_t len)
{
    (void)u;
    memset(out, 7, len);
    return 0;
}

static const uint8_t key[16] = {1};
static dtls_crypto_hooks hooks;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static dtls_conn conn, slots[2];
static dtls_server srv;
static uint8_t tx[1500];

/* 1 when every byte of p is 0xA5 (nothing was written). */
static int untouched(const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != 0xA5)
            return 0;
    return 1;
}

TEST(layout_guard)
{
    static const uint8_t addr[4] = {127, 0, 0, 1};
    int expect = LAYOUT_SAME ? 0 : DTLS_ERR_LAYOUT;
    hooks.random = t_random;
    cfg.role = DTLS_ROLE_CLIENT;
    cfg.psk = key;
    cfg.psk_len = sizeof key;
    cfg.send = t_send;
    cfg.now = t_now;
    cfg.hooks = &hooks;
    memset(&ctx, 0xA5, sizeof ctx);
    memset(&hs, 0xA5, sizeof hs);
    CHECK_EQ(dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1), expect);
    if (!LAYOUT_SAME) {
        CHECK(untouched(&ctx, sizeof ctx)); /* refused before the first write */
        CHECK(untouched(&hs, sizeof hs));
        printf("     dtls_ctx_init: %s\n", dtls_strerror(DTLS_ERR_LAYOUT));
    }
    memset(&conn, 0xA5, sizeof conn);
    CHECK_EQ(dtls_conn_init(&conn, &ctx, addr, sizeof addr), expect);
    if (!LAYOUT_SAME)
        CHECK(untouched(&conn, sizeof conn));
    cfg.role = DTLS_ROLE_SERVER;
    cfg.psk_identity = (const uint8_t *)"id";
    cfg.psk_identity_len = 2;
    if (LAYOUT_SAME)
        CHECK_EQ(dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1), 0);
    memset(&srv, 0xA5, sizeof srv);
    memset(slots, 0xA5, sizeof slots);
    CHECK_EQ(dtls_server_init(&srv, &ctx, slots, 2), expect);
    if (!LAYOUT_SAME) {
        CHECK(untouched(&srv, sizeof srv));
        CHECK(untouched(slots, sizeof slots));
    }
#if DTLS_ENABLE_CERTS && !LAYOUT_LIB_NO_CERTS /* (a library without certificates has no dtls_credential_init: the link fails) */
    {
        static dtls_credential cred;
        static dtls_private_key pk;
        static uint8_t buf[64];
        memset(&cred, 0xA5, sizeof cred);
        memset(&pk, 0, sizeof pk);
        /* the guard comes first: a key that is no key is refused only in the same layout */
        CHECK_EQ(dtls_credential_init(&cred, buf, sizeof buf, NULL, 0, &pk), LAYOUT_SAME ? DTLS_ERR_BAD_ARG : DTLS_ERR_LAYOUT);
        CHECK(untouched(&cred, sizeof cred));
    }
#endif
}

int main(void)
{
    RUN(layout_guard);
    return test_done();
}
