/* suites.c - the cipher-suite table (see suites.h for the RFC sections). */
#include "suites.h"
#include "../crypto/internal.h"

/* id, kex, aead, prf, key, fixed IV, explicit nonce, tag, name */
#define DTLS__SUITES_GCM(id, kex, aead, prf, key, name) {id, kex, aead, prf, key, 4, 8, 16, name}
#define DTLS__SUITES_CHACHA(id, kex, name) \
    {id, kex, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, name}

static const dtls__suite dtls__suites_table[] = {
#if DTLS_ENABLE_CCM
    {0xC0A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8, "TLS_PSK_WITH_AES_128_CCM_8"},
    {0xC0A4, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM, DTLS_HASH_SHA256, 16, 4, 8, 16, "TLS_PSK_WITH_AES_128_CCM"},
    {0xC0AE, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8,
     "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
#endif
#if DTLS_ENABLE_GCM
    DTLS__SUITES_GCM(0x00A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     "TLS_PSK_WITH_AES_128_GCM_SHA256"),
    DTLS__SUITES_GCM(0xC02B, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    DTLS__SUITES_GCM(0xC02F, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
#if DTLS_ENABLE_SHA384
    DTLS__SUITES_GCM(0x00A9, DTLS__KEX_PSK, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     "TLS_PSK_WITH_AES_256_GCM_SHA384"),
    DTLS__SUITES_GCM(0xC02C, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    DTLS__SUITES_GCM(0xC030, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
#endif
#endif
#if DTLS_ENABLE_CHACHAPOLY
    DTLS__SUITES_CHACHA(0xCCAB, DTLS__KEX_PSK, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    DTLS__SUITES_CHACHA(0xCCAC, DTLS__KEX_ECDHE_PSK, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256"),
    DTLS__SUITES_CHACHA(0xCCA9, DTLS__KEX_ECDHE_ECDSA, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    DTLS__SUITES_CHACHA(0xCCA8, DTLS__KEX_ECDHE_RSA, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
#endif
    {0, 0, 0, 0, 0, 0, 0, 0, NULL} /* end (also keeps the table non-empty with every AEAD compiled out) */
};

DTLS__PRIV const dtls__suite *dtls__suite_find(uint16_t id)
{
    const dtls__suite *s;
    for (s = dtls__suites_table; s->name != NULL; s++)
        if (s->id == id)
            return s;
    return NULL;
}

DTLS__PRIV const dtls__suite *dtls__suite_by_name(const char *name)
{
    const dtls__suite *s;
    if (name == NULL)
        return NULL;
    for (s = dtls__suites_table; s->name != NULL; s++)
        if (strcmp(s->name, name) == 0)
            return s;
    return NULL;
}

#undef DTLS__SUITES_GCM
#undef DTLS__SUITES_CHACHA
