/* suites.c - the cipher-suite table, the default suites and groups, the
 * signature schemes (see suites.h for the RFC sections). */
#include "suites.h"
#include "api.h"
#include "../crypto/internal.h"

/* id, kex, aead, prf, key, fixed IV, explicit nonce, tag, name */
#define DTLS__SUITES_GCM(id, kex, aead, prf, key, name) {id, kex, aead, prf, key, 4, 8, 16, name}
#define DTLS__SUITES_CHACHA(id, kex, name) \
    {id, kex, DTLS_AEAD_CHACHA20_POLY1305, DTLS_HASH_SHA256, 32, 12, 0, 16, name}

/* The IANA names: DTLS__ROM (flash on AVR; read through the prologue's readers). */
#if DTLS_ENABLE_CCM
static const char dtls__suites_n_c0a8[] DTLS__ROM = "TLS_PSK_WITH_AES_128_CCM_8";
static const char dtls__suites_n_c0a4[] DTLS__ROM = "TLS_PSK_WITH_AES_128_CCM";
static const char dtls__suites_n_c0ae[] DTLS__ROM = "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
#endif
#if DTLS_ENABLE_GCM
static const char dtls__suites_n_00a8[] DTLS__ROM = "TLS_PSK_WITH_AES_128_GCM_SHA256";
static const char dtls__suites_n_c02b[] DTLS__ROM = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
static const char dtls__suites_n_c02f[] DTLS__ROM = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
#if DTLS_ENABLE_SHA384
static const char dtls__suites_n_00a9[] DTLS__ROM = "TLS_PSK_WITH_AES_256_GCM_SHA384";
static const char dtls__suites_n_c02c[] DTLS__ROM = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
static const char dtls__suites_n_c030[] DTLS__ROM = "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
#endif
#endif
#if DTLS_ENABLE_CHACHAPOLY
static const char dtls__suites_n_ccab[] DTLS__ROM = "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256";
static const char dtls__suites_n_ccac[] DTLS__ROM = "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256";
static const char dtls__suites_n_cca9[] DTLS__ROM = "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
static const char dtls__suites_n_cca8[] DTLS__ROM = "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
#endif

static const dtls__suite dtls__suites_table[] = {
#if DTLS_ENABLE_CCM
    {0xC0A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8, dtls__suites_n_c0a8},
    {0xC0A4, DTLS__KEX_PSK, DTLS_AEAD_AES_128_CCM, DTLS_HASH_SHA256, 16, 4, 8, 16, dtls__suites_n_c0a4},
    {0xC0AE, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_CCM_8, DTLS_HASH_SHA256, 16, 4, 8, 8,
     dtls__suites_n_c0ae},
#endif
#if DTLS_ENABLE_GCM
    DTLS__SUITES_GCM(0x00A8, DTLS__KEX_PSK, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     dtls__suites_n_00a8),
    DTLS__SUITES_GCM(0xC02B, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     dtls__suites_n_c02b),
    DTLS__SUITES_GCM(0xC02F, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_128_GCM, DTLS_HASH_SHA256, 16,
                     dtls__suites_n_c02f),
#if DTLS_ENABLE_SHA384
    DTLS__SUITES_GCM(0x00A9, DTLS__KEX_PSK, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     dtls__suites_n_00a9),
    DTLS__SUITES_GCM(0xC02C, DTLS__KEX_ECDHE_ECDSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     dtls__suites_n_c02c),
    DTLS__SUITES_GCM(0xC030, DTLS__KEX_ECDHE_RSA, DTLS_AEAD_AES_256_GCM, DTLS_HASH_SHA384, 32,
                     dtls__suites_n_c030),
#endif
#endif
#if DTLS_ENABLE_CHACHAPOLY
    DTLS__SUITES_CHACHA(0xCCAB, DTLS__KEX_PSK, dtls__suites_n_ccab),
    DTLS__SUITES_CHACHA(0xCCAC, DTLS__KEX_ECDHE_PSK, dtls__suites_n_ccac),
    DTLS__SUITES_CHACHA(0xCCA9, DTLS__KEX_ECDHE_ECDSA, dtls__suites_n_cca9),
    DTLS__SUITES_CHACHA(0xCCA8, DTLS__KEX_ECDHE_RSA, dtls__suites_n_cca8),
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
        if (dtls__rom_strcmp(name, s->name) == 0)
            return s;
    return NULL;
}

DTLS_API size_t dtls_suite_name_r(uint16_t suite, char *buf, size_t cap)
{
    const dtls__suite *s = dtls__suite_find(suite);
    size_t len = s != NULL ? dtls__rom_strlen(s->name) : 0, n;

    if (buf != NULL && cap != 0) {
        n = len < cap ? len : cap - 1;
        if (s != NULL)
            dtls__rom_memcpy(buf, s->name, n);
        buf[n] = '\0';
    }
    return len;
}

/* What each default needs, compiled in (value-style, so no #if per suite).
 * AES=0 keeps the GCM / CCM suites in the table (an AES or AEAD hook may
 * serve them) but out of the defaults; the same holds for a group. */
#define DTLS__SUITES_ON_CCM (DTLS_ENABLE_AES && DTLS_ENABLE_CCM)
#define DTLS__SUITES_ON_GCM (DTLS_ENABLE_AES && DTLS_ENABLE_GCM)
#define DTLS__SUITES_ON_GCM384 (DTLS__SUITES_ON_GCM && DTLS_ENABLE_SHA384)
#define DTLS__SUITES_ON_CHACHA DTLS_ENABLE_CHACHAPOLY
#define DTLS__SUITES_ON_ECDHE (DTLS_ENABLE_X25519 || DTLS_ENABLE_P256)
#define DTLS__SUITES_ON_ECDSA (DTLS_ENABLE_CERTS && DTLS_ENABLE_P256)
#define DTLS__SUITES_ON_RSA (DTLS_ENABLE_CERTS && DTLS_ENABLE_RSA && DTLS__SUITES_ON_ECDHE)
#define DTLS__SUITES_IF(on, id) ((on) ? (id) : 0)

static const uint16_t dtls__suites_defaults[] = {
    DTLS__SUITES_IF(DTLS__SUITES_ON_CCM, DTLS_PSK_WITH_AES_128_CCM_8),
    DTLS__SUITES_IF(DTLS__SUITES_ON_CCM, DTLS_PSK_WITH_AES_128_CCM),
    DTLS__SUITES_IF(DTLS__SUITES_ON_GCM, DTLS_PSK_WITH_AES_128_GCM_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_GCM384, DTLS_PSK_WITH_AES_256_GCM_SHA384),
    DTLS__SUITES_IF(DTLS__SUITES_ON_CHACHA, DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_CHACHA && DTLS__SUITES_ON_ECDHE, DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_ECDSA && DTLS__SUITES_ON_CCM, DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8),
    DTLS__SUITES_IF(DTLS__SUITES_ON_ECDSA && DTLS__SUITES_ON_GCM, DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_ECDSA && DTLS__SUITES_ON_GCM384, DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384),
    DTLS__SUITES_IF(DTLS__SUITES_ON_ECDSA && DTLS__SUITES_ON_CHACHA, DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_RSA && DTLS__SUITES_ON_GCM, DTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256),
    DTLS__SUITES_IF(DTLS__SUITES_ON_RSA && DTLS__SUITES_ON_GCM384, DTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
    DTLS__SUITES_IF(DTLS__SUITES_ON_RSA && DTLS__SUITES_ON_CHACHA, DTLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
};

/* The compiled-in groups are a slice of this: x25519 only when compiled in,
 * then secp256r1 only when compiled in. */
static const uint16_t dtls__suites_groups[] = {DTLS_GROUP_X25519, DTLS_GROUP_SECP256R1};

DTLS__PRIV const uint16_t *dtls__suites_default(const uint16_t *given, size_t n_given, size_t *n)
{
    if (given != NULL) {
        *n = n_given;
        return given;
    }
    *n = sizeof(dtls__suites_defaults) / sizeof(dtls__suites_defaults[0]);
    return dtls__suites_defaults;
}

DTLS__PRIV const uint16_t *dtls__groups_default(const uint16_t *given, size_t n_given, size_t *n)
{
    if (given != NULL) {
        *n = n_given;
        return given;
    }
    *n = (size_t)(DTLS_ENABLE_X25519 ? 1 : 0) + (size_t)(DTLS_ENABLE_P256 ? 1 : 0);
    return dtls__suites_groups + (DTLS_ENABLE_X25519 ? 0 : 1);
}

DTLS__PRIV int dtls__groups_usable(const uint16_t *groups, size_t n, const dtls_crypto_hooks *hooks)
{
    int hooked = hooks != NULL && hooks->ecdh_keygen != NULL && hooks->ecdh_shared != NULL;
    size_t i;
    for (i = 0; i < n; i++) {
        if (groups[i] == DTLS_GROUP_X25519 && (DTLS_ENABLE_X25519 || hooked))
            continue;
        if (groups[i] == DTLS_GROUP_SECP256R1 && (DTLS_ENABLE_P256 || hooked))
            continue;
        return 0;
    }
    return 1;
}

/* ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, rsa_pss_rsae_sha256,
 * rsa_pss_rsae_sha384, rsa_pkcs1_sha256, rsa_pkcs1_sha384 */
static const uint16_t dtls__suites_sigs[DTLS__SIG_MAX] DTLS__ROM = {0x0403, 0x0503, 0x0804, 0x0805, 0x0401, 0x0501};

DTLS__PRIV int dtls__sig_hash(uint16_t scheme)
{
    int sha384 = scheme == 0x0503 || scheme == 0x0805 || scheme == 0x0501;
    int rsa = scheme == 0x0804 || scheme == 0x0805 || scheme == 0x0401 || scheme == 0x0501;
    if (!sha384 && !rsa && scheme != 0x0403)
        return 0; /* not one of ours */
    if (!DTLS_ENABLE_CERTS || (sha384 && !DTLS_ENABLE_SHA384) || (rsa && !DTLS_ENABLE_RSA))
        return 0;
    return sha384 ? DTLS_HASH_SHA384 : DTLS_HASH_SHA256;
}

DTLS__PRIV size_t dtls__sig_schemes(uint16_t out[DTLS__SIG_MAX])
{
    size_t i, n = 0;
    for (i = 0; i < DTLS__SIG_MAX; i++)
        if (dtls__sig_hash(dtls__rom_u16(&dtls__suites_sigs[i])) != 0)
            out[n++] = dtls__rom_u16(&dtls__suites_sigs[i]);
    return n;
}

#undef DTLS__SUITES_GCM
#undef DTLS__SUITES_CHACHA
#undef DTLS__SUITES_ON_CCM
#undef DTLS__SUITES_ON_GCM
#undef DTLS__SUITES_ON_GCM384
#undef DTLS__SUITES_ON_CHACHA
#undef DTLS__SUITES_ON_ECDHE
#undef DTLS__SUITES_ON_ECDSA
#undef DTLS__SUITES_ON_RSA
#undef DTLS__SUITES_IF
