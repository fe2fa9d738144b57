/* hooks.c - dispatch of every primitive the protocol uses: the caller's hook
 * when one is installed, otherwise the software implementation, otherwise
 * DTLS_ERR_DISABLED (the primitive is compiled out and nothing provides it). */
#include "hooks.h"
#include "internal.h"
#include "sha2.h"
#include "hmac.h"
#include "aes.h"
#include "gcm.h"
#include "ccm.h"
#include "chachapoly.h"
#include "x25519.h"
#include "p256.h"
#include "p384.h"

DTLS_API int dtls_crypto_random(const dtls_crypto_hooks *hooks, uint8_t *out, size_t len)
{
    int rc;

    if (!hooks || !hooks->random)
        return DTLS_ERR_DISABLED; /* there is no software entropy source */
    rc = hooks->random(hooks->user, out, len);
    if (rc == DTLS_ERR_IN_PROGRESS)
        return rc;
    return rc < 0 ? DTLS_ERR_RANDOM : 0;
}

/* Adapter: crypto functions take a dtls_random_fn, the hooks table has its own shape. */
static DTLS__UNUSED int dtls__hooks_rng(void *ctx, uint8_t *out, size_t len)
{
    const dtls_crypto_hooks *hooks = (const dtls_crypto_hooks *)ctx;
    int rc;

    /* An in-progress random source inside a signature is waited for here:
     * the caller cannot resume a half-made signature. */
    do {
        rc = dtls_crypto_random(hooks, out, len);
    } while (rc == DTLS_ERR_IN_PROGRESS);
    return rc;
}

/* ---- hashes ---- */

DTLS_API size_t dtls_crypto_hash_len(int alg)
{
    if (alg == DTLS_HASH_SHA256)
        return 32;
#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384)
        return 48;
#endif
    return 0;
}

DTLS_API int dtls_crypto_hash_init(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, int alg)
{
    if (dtls_crypto_hash_len(alg) == 0)
        return DTLS_ERR_UNSUPPORTED;
    ctx->alg = (uint8_t)alg;
    ctx->by_hook = 0;
    if (hooks && hooks->hash_init && hooks->hash_update && hooks->hash_final) {
        int rc = hooks->hash_init(hooks->user, ctx, alg);
        if (rc != DTLS_ERR_UNSUPPORTED) {
            if (rc == 0)
                ctx->by_hook = 1;
            return rc;
        }
        /* The hook cannot export this state: hash in software. */
    }
#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384) {
        dtls_sha384_init(&ctx->u.sha512);
        return 0;
    }
#endif
    dtls_sha256_init(&ctx->u.sha256);
    return 0;
}

DTLS_API int dtls_crypto_hash_update(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx,
                                     const uint8_t *data, size_t len)
{
    if (ctx->by_hook) {
        if (!hooks || !hooks->hash_update)
            return DTLS_ERR_BAD_ARG;
        return hooks->hash_update(hooks->user, ctx, data, len);
    }
#if DTLS_ENABLE_SHA384
    if (ctx->alg == DTLS_HASH_SHA384) {
        dtls_sha384_update(&ctx->u.sha512, data, len);
        return 0;
    }
#endif
    if (ctx->alg != DTLS_HASH_SHA256)
        return DTLS_ERR_BAD_ARG;
    dtls_sha256_update(&ctx->u.sha256, data, len);
    return 0;
}

DTLS_API int dtls_crypto_hash_final(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, uint8_t *out)
{
    if (ctx->by_hook) {
        if (!hooks || !hooks->hash_final)
            return DTLS_ERR_BAD_ARG;
        return hooks->hash_final(hooks->user, ctx, out);
    }
#if DTLS_ENABLE_SHA384
    if (ctx->alg == DTLS_HASH_SHA384) {
        dtls_sha384_final(&ctx->u.sha512, out);
        return 0;
    }
#endif
    if (ctx->alg != DTLS_HASH_SHA256)
        return DTLS_ERR_BAD_ARG;
    dtls_sha256_final(&ctx->u.sha256, out);
    return 0;
}

/* ---- AEAD ---- */

DTLS_API size_t dtls_crypto_aead_tag_len(int alg)
{
    switch (alg) {
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_256_GCM:
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_CHACHA20_POLY1305:
        return 16;
    case DTLS_AEAD_AES_128_CCM_8:
        return 8;
    default:
        return 0;
    }
}

DTLS_API size_t dtls_crypto_aead_key_len(int alg)
{
    switch (alg) {
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_AES_128_CCM_8:
        return 16;
    case DTLS_AEAD_AES_256_GCM:
    case DTLS_AEAD_CHACHA20_POLY1305:
        return 32;
    default:
        return 0;
    }
}

static int dtls__hooks_aead_is_aes(int alg)
{
    return alg == DTLS_AEAD_AES_128_GCM || alg == DTLS_AEAD_AES_256_GCM || alg == DTLS_AEAD_AES_128_CCM ||
           alg == DTLS_AEAD_AES_128_CCM_8;
}

/* 1 when software (possibly over the AES block hook) can run alg. */
static int dtls__hooks_aead_soft(int alg)
{
    switch (alg) {
#if DTLS_ENABLE_GCM
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_256_GCM:
        return 1;
#endif
#if DTLS_ENABLE_CCM
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_AES_128_CCM_8:
        return 1;
#endif
#if DTLS_ENABLE_CHACHAPOLY
    case DTLS_AEAD_CHACHA20_POLY1305:
        return 1;
#endif
    default:
        return 0;
    }
}

DTLS_API int dtls_crypto_aead_set_key(const dtls_crypto_hooks *hooks, dtls_crypto_key *key, int alg,
                                      const uint8_t *raw, size_t raw_len)
{
    size_t klen = dtls_crypto_aead_key_len(alg);

    if (klen == 0)
        return DTLS_ERR_UNSUPPORTED;
    if (raw_len != klen)
        return DTLS_ERR_BAD_KEY;
    memset(key, 0, sizeof *key);
    key->alg = (uint8_t)alg;
    if (hooks && hooks->aead_set_key && hooks->aead_seal && hooks->aead_open) {
        int rc = hooks->aead_set_key(hooks->user, key, alg, raw, raw_len);
        if (rc != DTLS_ERR_UNSUPPORTED) {
            key->alg = (uint8_t)alg;
            key->by_hook = 1; /* seal/open go to the AEAD hook */
            return rc;
        }
    }
    if (!dtls__hooks_aead_soft(alg))
        return DTLS_ERR_DISABLED;
    if (dtls__hooks_aead_is_aes(alg) && hooks && hooks->aes_set_key && hooks->aes_encrypt) {
        int rc = hooks->aes_set_key(hooks->user, key, raw, raw_len);
        key->alg = (uint8_t)alg;
        key->by_hook = 2; /* software GCM/CCM over the AES block hook */
        return rc;
    }
#if !DTLS_ENABLE_AES
    if (dtls__hooks_aead_is_aes(alg))
        return DTLS_ERR_DISABLED;
#endif
    memcpy(key->bytes, raw, raw_len);
    key->len = (uint8_t)raw_len;
    return 0;
}

#if DTLS_ENABLE_GCM || DTLS_ENABLE_CCM
/* The block cipher software GCM/CCM run over: the AES hook or software AES. */
typedef struct dtls__hooks_block {
    const dtls_crypto_hooks *hooks;
    const dtls_crypto_key *key;
#if DTLS_ENABLE_AES
    dtls_aes_ctx aes;
#endif
} dtls__hooks_block;

static int dtls__hooks_block_ecb(void *ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    dtls__hooks_block *b = (dtls__hooks_block *)ctx;
    size_t i;

    for (i = 0; i < nblocks; i++) {
        int rc;
        /* A block is short work: an in-progress block hook is polled here
         * rather than unwinding a half-processed record. */
        do {
            rc = b->hooks->aes_encrypt(b->hooks->user, b->key, out + 16 * i, in + 16 * i);
        } while (rc == DTLS_ERR_IN_PROGRESS);
        if (rc < 0)
            return DTLS_ERR_HOOK;
    }
    return 0;
}

/* Sets up *b and returns the ECB function to use, or NULL when unavailable. */
static dtls_ecb_fn dtls__hooks_block_setup(dtls__hooks_block *b, const dtls_crypto_hooks *hooks,
                                           const dtls_crypto_key *key, int *rc)
{
    b->hooks = hooks;
    b->key = key;
    *rc = 0;
    if (key->by_hook == 2)
        return (hooks && hooks->aes_encrypt) ? dtls__hooks_block_ecb : (dtls_ecb_fn)0;
#if DTLS_ENABLE_AES
    *rc = dtls_aes_init(&b->aes, key->bytes, key->len);
    return dtls_aes_ecb;
#else
    return (dtls_ecb_fn)0;
#endif
}

static void *dtls__hooks_block_ctx(dtls__hooks_block *b)
{
#if DTLS_ENABLE_AES
    if (b->key->by_hook != 2)
        return &b->aes;
#endif
    return b;
}
#endif

/* One body for seal and open: they differ only in the functions they call. */
static int dtls__hooks_aead(const dtls_crypto_hooks *hooks, const dtls_crypto_key *key, int open,
                            uint8_t *out, const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                            size_t aad_len, const uint8_t *in, size_t in_len)
{
    int alg = key->alg;
    int rc = DTLS_ERR_DISABLED;

    if (key->by_hook == 1) {
        if (!hooks || !hooks->aead_seal || !hooks->aead_open)
            return DTLS_ERR_BAD_ARG;
        return open ? hooks->aead_open(hooks->user, key, out, nonce, nonce_len, aad, aad_len, in, in_len)
                    : hooks->aead_seal(hooks->user, key, out, nonce, nonce_len, aad, aad_len, in, in_len);
    }
#if DTLS_ENABLE_CHACHAPOLY
    if (alg == DTLS_AEAD_CHACHA20_POLY1305) {
        if (key->len != 32)
            return DTLS_ERR_BAD_KEY;
        return open ? dtls_chacha20poly1305_open(out, key->bytes, nonce, nonce_len, aad, aad_len, in, in_len)
                    : dtls_chacha20poly1305_seal(out, key->bytes, nonce, nonce_len, aad, aad_len, in, in_len);
    }
#endif
#if DTLS_ENABLE_GCM || DTLS_ENABLE_CCM
    if (dtls__hooks_aead_is_aes(alg) && dtls__hooks_aead_soft(alg)) {
        dtls__hooks_block b;
        dtls_ecb_fn ecb = dtls__hooks_block_setup(&b, hooks, key, &rc);
        void *ectx = dtls__hooks_block_ctx(&b);

        if (!ecb)
            rc = DTLS_ERR_DISABLED;
        if (rc == 0) {
#if DTLS_ENABLE_GCM
            if (alg == DTLS_AEAD_AES_128_GCM || alg == DTLS_AEAD_AES_256_GCM)
                rc = open ? dtls_gcm_open(ecb, ectx, out, nonce, nonce_len, aad, aad_len, in, in_len)
                          : dtls_gcm_seal(ecb, ectx, out, nonce, nonce_len, aad, aad_len, in, in_len);
#endif
#if DTLS_ENABLE_CCM
            if (alg == DTLS_AEAD_AES_128_CCM || alg == DTLS_AEAD_AES_128_CCM_8) {
                size_t tag = dtls_crypto_aead_tag_len(alg);
                rc = open ? dtls_ccm_open(ecb, ectx, tag, out, nonce, nonce_len, aad, aad_len, in, in_len)
                          : dtls_ccm_seal(ecb, ectx, tag, out, nonce, nonce_len, aad, aad_len, in, in_len);
            }
#endif
        }
        dtls_wipe(&b, sizeof b);
        return rc;
    }
#endif
    (void)out; (void)nonce; (void)nonce_len; (void)aad; (void)aad_len; (void)in; (void)in_len; (void)open;
    (void)hooks;
    (void)alg;
    return rc;
}

DTLS_API int dtls_crypto_aead_seal(const dtls_crypto_hooks *hooks, const dtls_crypto_key *key,
                                   uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                                   const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    return dtls__hooks_aead(hooks, key, 0, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

DTLS_API int dtls_crypto_aead_open(const dtls_crypto_hooks *hooks, const dtls_crypto_key *key,
                                   uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                                   const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    return dtls__hooks_aead(hooks, key, 1, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

/* ---- ECDH and ECDSA ---- */

DTLS_API int dtls_crypto_ecdh_keygen(const dtls_crypto_hooks *hooks, int group, dtls_crypto_key *priv,
                                     uint8_t *pub, size_t *pub_len)
{
    int rc = DTLS_ERR_UNSUPPORTED;

    if (hooks && hooks->ecdh_keygen && hooks->ecdh_shared) {
        rc = hooks->ecdh_keygen(hooks->user, group, priv, pub, pub_len);
        if (rc != DTLS_ERR_UNSUPPORTED) {
            if (rc == 0) {
                priv->by_hook = 1;
                priv->alg = (uint8_t)group;
            }
            return rc;
        }
    }
    memset(priv, 0, sizeof *priv);
    priv->alg = (uint8_t)group;
    if ((group == DTLS_GROUP_X25519 || group == DTLS_GROUP_SECP256R1) && (!hooks || !hooks->random))
        return DTLS_ERR_RANDOM; /* software key generation needs the random source */
#if DTLS_ENABLE_X25519
    if (group == DTLS_GROUP_X25519) {
        rc = dtls__hooks_rng((void *)(uintptr_t)hooks, priv->bytes, 32);
        if (rc < 0) {
            dtls_wipe(priv, sizeof *priv);
            return rc;
        }
        priv->len = 32;
        dtls_x25519_public(pub, priv->bytes);
        *pub_len = 32;
        return 0;
    }
#endif
#if DTLS_ENABLE_P256
    if (group == DTLS_GROUP_SECP256R1) {
        rc = dtls_p256_keygen(priv->bytes, pub, dtls__hooks_rng, (void *)(uintptr_t)hooks);
        if (rc < 0) {
            dtls_wipe(priv, sizeof *priv);
            return rc;
        }
        priv->len = 32;
        *pub_len = 65;
        return 0;
    }
#endif
    (void)pub;
    (void)pub_len;
    return rc == DTLS_ERR_UNSUPPORTED && (group == DTLS_GROUP_X25519 || group == DTLS_GROUP_SECP256R1)
               ? DTLS_ERR_DISABLED
               : DTLS_ERR_UNSUPPORTED;
}

DTLS_API int dtls_crypto_ecdh_shared(const dtls_crypto_hooks *hooks, int group,
                                     const dtls_crypto_key *priv, const uint8_t *peer, size_t peer_len,
                                     uint8_t *secret, size_t *secret_len)
{
    if (priv->by_hook) {
        if (!hooks || !hooks->ecdh_shared)
            return DTLS_ERR_BAD_ARG;
        return hooks->ecdh_shared(hooks->user, group, priv, peer, peer_len, secret, secret_len);
    }
#if DTLS_ENABLE_X25519
    if (group == DTLS_GROUP_X25519) {
        int rc;
        if (peer_len != 32 || priv->len != 32)
            return DTLS_ERR_BAD_KEY;
        rc = dtls_x25519(secret, priv->bytes, peer);
        *secret_len = rc == 0 ? 32 : 0;
        return rc;
    }
#endif
#if DTLS_ENABLE_P256
    if (group == DTLS_GROUP_SECP256R1) {
        int rc;
        if (priv->len != 32)
            return DTLS_ERR_BAD_KEY;
        rc = dtls_p256_ecdh(secret, priv->bytes, peer, peer_len);
        *secret_len = rc == 0 ? 32 : 0;
        return rc;
    }
#endif
    (void)peer;
    (void)peer_len;
    (void)secret;
    (void)secret_len;
    return (group == DTLS_GROUP_X25519 || group == DTLS_GROUP_SECP256R1) ? DTLS_ERR_DISABLED
                                                                         : DTLS_ERR_UNSUPPORTED;
}

DTLS_API int dtls_crypto_ecdsa_sign(const dtls_crypto_hooks *hooks, int group,
                                    const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                                    uint8_t *sig)
{
    if (hooks && hooks->ecdsa_sign) {
        int rc = hooks->ecdsa_sign(hooks->user, group, priv, hash, hash_len, sig);
        if (rc != DTLS_ERR_UNSUPPORTED || priv->by_hook)
            return rc;
    }
#if DTLS_ENABLE_P256
    if (group == DTLS_GROUP_SECP256R1) {
        if (priv->by_hook || priv->len != 32)
            return DTLS_ERR_BAD_KEY;
        /* Hedged nonces when a random source exists (RFC 6979 + entropy),
         * deterministic RFC 6979 otherwise. */
        if (hooks && hooks->random)
            return dtls_p256_ecdsa_sign(sig, priv->bytes, hash, hash_len, dtls__hooks_rng,
                                        (void *)(uintptr_t)hooks);
        return dtls_p256_ecdsa_sign(sig, priv->bytes, hash, hash_len, (dtls_random_fn)0, NULL);
    }
#endif
    (void)hash;
    (void)hash_len;
    (void)sig;
    return group == DTLS_GROUP_SECP256R1 ? DTLS_ERR_DISABLED : DTLS_ERR_UNSUPPORTED;
}

DTLS_API int dtls_crypto_ecdsa_verify(const dtls_crypto_hooks *hooks, int group, const uint8_t *pub,
                                      size_t pub_len, const uint8_t *hash, size_t hash_len,
                                      const uint8_t *sig, size_t sig_len)
{
    if (hooks && hooks->ecdsa_verify) {
        int rc = hooks->ecdsa_verify(hooks->user, group, pub, pub_len, hash, hash_len, sig, sig_len);
        if (rc != DTLS_ERR_UNSUPPORTED)
            return rc;
    }
#if DTLS_ENABLE_P256
    if (group == DTLS_GROUP_SECP256R1) {
        if (sig_len != 64)
            return DTLS_ERR_BAD_SIGNATURE;
        return dtls_p256_ecdsa_verify(pub, pub_len, hash, hash_len, sig);
    }
#endif
#if DTLS_ENABLE_P384
    if (group == DTLS_GROUP_SECP384R1) {
        if (sig_len != 96)
            return DTLS_ERR_BAD_SIGNATURE;
        return dtls_p384_ecdsa_verify(pub, pub_len, hash, hash_len, sig);
    }
#endif
    (void)pub;
    (void)pub_len;
    (void)hash;
    (void)hash_len;
    (void)sig;
    (void)sig_len;
    return (group == DTLS_GROUP_SECP256R1 || group == DTLS_GROUP_SECP384R1) ? DTLS_ERR_DISABLED
                                                                            : DTLS_ERR_UNSUPPORTED;
}
