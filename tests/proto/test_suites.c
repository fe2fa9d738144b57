/* test_suites.c - the cipher-suite table: every entry's IANA number, name and
 * parameters, unknown numbers and names, and the entries that disappear when
 * their AEAD or PRF hash is compiled out.
 *
 * Expected values written from the sources, not from the table under test:
 * IANA TLS Cipher Suites registry; RFC 5487 §3.1, RFC 6655 §2-§4, RFC 7251 §2,
 * RFC 5289 §3.2, RFC 7905 §2 (fixed IV 12, no explicit nonce), RFC 5288 §3
 * (GCM: 4-byte salt + 8-byte explicit nonce). */
#include "ptest.h"

typedef struct {
    uint16_t id;
    int kex, aead, prf, key, fixed_iv, explicit_nonce, tag, enabled;
    const char *name;
} want_suite;

#define GCM_ON DTLS_ENABLE_GCM
#define GCM384_ON (DTLS_ENABLE_GCM && DTLS_ENABLE_SHA384)
#define CCM_ON DTLS_ENABLE_CCM
#define CHACHA_ON DTLS_ENABLE_CHACHAPOLY

static const want_suite want[] = {
    {0xC0A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8, CCM_ON, "TLS_PSK_WITH_AES_128_CCM_8"},
    {0xC0A4, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM, DTLS_HASH_SHA256, 16, 4, 8, 16, CCM_ON, "TLS_PSK_WITH_AES_128_CCM"},
    {0x00A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16, 4, 8, 16, GCM_ON, "TLS_PSK_WITH_AES_128_GCM_SHA256"},
    {0x00A9, DTLS__KEX_PSK, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32, 4, 8, 16, GCM384_ON, "TLS_PSK_WITH_AES_256_GCM_SHA384"},
    {0xCCAB, DTLS__KEX_PSK, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, CHACHA_ON,
     "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256"},
    {0xCCAC, DTLS__KEX_ECDHE_PSK, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, CHACHA_ON,
     "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"},
    {0xC0AE, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8, CCM_ON,
     "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
    {0xC02B, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16, 4, 8, 16, GCM_ON,
     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xC02C, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32, 4, 8, 16, GCM384_ON,
     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xCCA9, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, CHACHA_ON,
     "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xC02F, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16, 4, 8, 16, GCM_ON,
     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xC030, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32, 4, 8, 16, GCM384_ON,
     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xCCA8, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, CHACHA_ON,
     "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};
#define NWANT (sizeof want / sizeof want[0])

/* Every listed suite is found by number and by name with exactly these parameters
 * (or is absent in both ways when compiled out). */
TEST(every_entry)
{
    size_t i;
    for (i = 0; i < NWANT; i++) {
        const want_suite *w = &want[i];
        const dtls__suite *s = dtls__suite_find(w->id), *n = dtls__suite_by_name(w->name);
        if (!w->enabled) {
            CHECK(s == NULL);
            CHECK(n == NULL);
            continue;
        }
        if (s == NULL || n == NULL) {
            fprintf(stderr, "suite 0x%04x %s missing\n", w->id, w->name);
            FAIL("suite missing");
            continue;
        }
        CHECK(s == n);
        CHECK_EQ(s->id, w->id);
        CHECK_EQ(s->kex, w->kex);
        CHECK_EQ(s->aead_alg, w->aead);
        CHECK_EQ(s->prf_hash, w->prf);
        CHECK_EQ(s->key_len, w->key);
        CHECK_EQ(s->fixed_iv_len, w->fixed_iv);
        CHECK_EQ(s->explicit_nonce_len, w->explicit_nonce);
        CHECK_EQ(s->tag_len, w->tag);
        CHECK(strcmp(s->name, w->name) == 0);
        /* the crypto core agrees on the AEAD's key and tag lengths */
        CHECK_EQ(dtls_crypto_aead_key_len(s->aead_alg), s->key_len);
        CHECK_EQ(dtls_crypto_aead_tag_len(s->aead_alg), s->tag_len);
    }
}

/* The table holds nothing else: a sweep of all 65536 numbers finds exactly the
 * enabled entries above. */
TEST(nothing_else)
{
    uint32_t id;
    size_t found = 0, enabled = 0, i;
    for (i = 0; i < NWANT; i++)
        enabled += want[i].enabled ? 1u : 0u;
    for (id = 0; id <= 0xFFFFu; id++) {
        const dtls__suite *s = dtls__suite_find((uint16_t)id);
        if (s == NULL)
            continue;
        found++;
        for (i = 0; i < NWANT && want[i].id != id; i++) {
        }
        if (i == NWANT) {
            fprintf(stderr, "unexpected suite 0x%04x\n", (unsigned)id);
            FAIL("unexpected suite");
        }
    }
    CHECK_EQ(found, enabled);
}

TEST(unknown)
{
    /* neighbours of listed numbers, the TLS 1.3 suites, the SCSVs, 0 and 0xFFFF */
    static const uint16_t ids[] = {0x0000, 0x00A7, 0x00AA, 0xC0A5, 0xC0A9, 0xC0AC, 0xC0AF, 0xC02D,
                                   0xC031, 0xCCAA, 0xCCAD, 0x1301, 0x1302, 0x1303, 0x00FF, 0x5600, 0xFFFF};
    size_t i;
    for (i = 0; i < sizeof ids / sizeof ids[0]; i++)
        CHECK(dtls__suite_find(ids[i]) == NULL);
    CHECK(dtls__suite_by_name(NULL) == NULL);
    CHECK(dtls__suite_by_name("") == NULL);
    CHECK(dtls__suite_by_name("TLS_PSK_WITH_AES_128_CCM_") == NULL);   /* prefix */
    CHECK(dtls__suite_by_name("TLS_PSK_WITH_AES_128_CCM_8_") == NULL); /* longer */
    CHECK(dtls__suite_by_name("tls_psk_with_aes_128_ccm_8") == NULL);  /* case matters */
    CHECK(dtls__suite_by_name("TLS_PSK_WITH_AES_256_CCM_8") == NULL);
    CHECK(dtls__suite_by_name("PSK-AES128-CCM8") == NULL);             /* OpenSSL's name */
#if DTLS_ENABLE_CCM
    /* a name that shares a prefix with an entry still finds the right one */
    CHECK_EQ(dtls__suite_by_name("TLS_PSK_WITH_AES_128_CCM")->id, 0xC0A4);
    CHECK_EQ(dtls__suite_by_name("TLS_PSK_WITH_AES_128_CCM_8")->id, 0xC0A8);
#endif
}

/* The build's options decide which groups are present (run by the compiled-out
 * stages with DTLS_ENABLE_GCM=0, DTLS_ENABLE_CCM=0, ...). */
TEST(compiled_out)
{
#if DTLS_ENABLE_GCM
    CHECK(dtls__suite_find(0x00A8) != NULL);
#else
    CHECK(dtls__suite_find(0x00A8) == NULL);
    CHECK(dtls__suite_find(0xC02B) == NULL);
    CHECK(dtls__suite_by_name("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") == NULL);
#endif
#if DTLS_ENABLE_GCM && DTLS_ENABLE_SHA384
    CHECK(dtls__suite_find(0xC030) != NULL);
#else
    CHECK(dtls__suite_find(0x00A9) == NULL);
    CHECK(dtls__suite_find(0xC02C) == NULL);
    CHECK(dtls__suite_find(0xC030) == NULL);
#endif
#if DTLS_ENABLE_CCM
    CHECK(dtls__suite_find(0xC0A8) != NULL);
#else
    CHECK(dtls__suite_find(0xC0A8) == NULL);
    CHECK(dtls__suite_find(0xC0A4) == NULL);
    CHECK(dtls__suite_find(0xC0AE) == NULL);
#endif
#if DTLS_ENABLE_CHACHAPOLY
    CHECK(dtls__suite_find(0xCCAC) != NULL);
#else
    CHECK(dtls__suite_find(0xCCA8) == NULL);
    CHECK(dtls__suite_find(0xCCAB) == NULL);
    CHECK(dtls__suite_by_name("TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256") == NULL);
#endif
}

int main(void)
{
    RUN(every_entry);
    RUN(nothing_else);
    RUN(unknown);
    RUN(compiled_out);
    return test_done();
}
