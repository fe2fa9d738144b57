/* hmac.c - HMAC (RFC 2104 / FIPS 198-1) over SHA-256 and SHA-384, and the
 * TLS 1.2 PRF (RFC 5246 §5).
 *
 * The context keeps the inner hash running and only the chaining state of the
 * outer hash after its (key ^ opad) block, so final needs no key.  Branches
 * depend only on hash_alg and lengths (public). */
#include "hmac.h"
#include "internal.h"

/* 0, DTLS_ERR_DISABLED or DTLS_ERR_UNSUPPORTED. */
static int dtls__hmac_check_alg(int hash_alg)
{
    if (hash_alg == (int)DTLS_HASH_SHA256)
        return 0;
    if (hash_alg == (int)DTLS_HASH_SHA384) {
#if DTLS_ENABLE_SHA384
        return 0;
#else
        return DTLS_ERR_DISABLED;
#endif
    }
    return DTLS_ERR_UNSUPPORTED;
}

/* The start of dtls_hmac_init / _load: ctx zeroed (a failed init leaves it
 * so), then hash_alg checked. */
static int dtls__hmac_start(dtls_hmac_ctx *ctx, int hash_alg)
{
    if (ctx == NULL)
        return DTLS_ERR_BAD_ARG;
    memset(ctx, 0, sizeof *ctx);
    return dtls__hmac_check_alg(hash_alg);
}

DTLS_API size_t dtls_hash_len(int hash_alg)
{
    if (hash_alg == (int)DTLS_HASH_SHA256)
        return DTLS_SHA256_LEN;
    if (hash_alg == (int)DTLS_HASH_SHA384)
        return DTLS_SHA384_LEN;
    return 0;
}

DTLS_API int dtls_hmac_init(dtls_hmac_ctx *ctx, int hash_alg, const uint8_t *key, size_t key_len)
{
    uint8_t pad[128]; /* the key block: key (or its hash), zero padded, ^ ipad/opad */
    size_t block_len, i;
    int ret;

    ret = dtls__hmac_start(ctx, hash_alg);
    if (ret != 0)
        return ret;
    if (key == NULL && key_len != 0)
        return DTLS_ERR_BAD_ARG;

    memset(pad, 0, sizeof pad);
    if (hash_alg == (int)DTLS_HASH_SHA256) {
        block_len = DTLS_SHA256_BLOCK_LEN;
        if (key_len > block_len)
            dtls_sha256(pad, key, key_len);
        else if (key_len != 0)
            memcpy(pad, key, key_len);
        /* Outer: state after (K ^ opad); inner: running hash of (K ^ ipad). */
        for (i = 0; i < block_len; i++)
            pad[i] ^= 0x5c;
        dtls_sha256_init(&ctx->inner.sha256);
        dtls_sha256_update(&ctx->inner.sha256, pad, block_len);
        memcpy(ctx->outer.sha256, ctx->inner.sha256.state, sizeof ctx->outer.sha256);
        for (i = 0; i < block_len; i++)
            pad[i] ^= 0x5c ^ 0x36;
        dtls_sha256_init(&ctx->inner.sha256);
        dtls_sha256_update(&ctx->inner.sha256, pad, block_len);
    }
#if DTLS_ENABLE_SHA384
    else {
        block_len = DTLS_SHA512_BLOCK_LEN;
        if (key_len > block_len)
            dtls_sha384(pad, key, key_len);
        else if (key_len != 0)
            memcpy(pad, key, key_len);
        for (i = 0; i < block_len; i++)
            pad[i] ^= 0x5c;
        dtls_sha384_init(&ctx->inner.sha512);
        dtls_sha384_update(&ctx->inner.sha512, pad, block_len);
        memcpy(ctx->outer.sha512, ctx->inner.sha512.state, sizeof ctx->outer.sha512);
        for (i = 0; i < block_len; i++)
            pad[i] ^= 0x5c ^ 0x36;
        dtls_sha384_init(&ctx->inner.sha512);
        dtls_sha384_update(&ctx->inner.sha512, pad, block_len);
    }
#endif
    ctx->alg = (uint8_t)hash_alg;
    dtls_wipe(pad, sizeof pad);
    return 0;
}

DTLS_API void dtls_hmac_update(dtls_hmac_ctx *ctx, const void *data, size_t len)
{
    if (ctx->alg == (uint8_t)DTLS_HASH_SHA256)
        dtls_sha256_update(&ctx->inner.sha256, data, len);
#if DTLS_ENABLE_SHA384
    else if (ctx->alg == (uint8_t)DTLS_HASH_SHA384)
        dtls_sha384_update(&ctx->inner.sha512, data, len);
#endif
}

DTLS_API void dtls_hmac_final(dtls_hmac_ctx *ctx, uint8_t *out)
{
    uint8_t ih[DTLS_HMAC_MAX_LEN]; /* inner hash */

    /* The inner final wipes the inner context; it is then reloaded with the
     * outer chaining state and a count of one block (the opad block). */
    if (ctx->alg == (uint8_t)DTLS_HASH_SHA256) {
        dtls_sha256_final(&ctx->inner.sha256, ih);
        memcpy(ctx->inner.sha256.state, ctx->outer.sha256, sizeof ctx->outer.sha256);
        ctx->inner.sha256.count = DTLS_SHA256_BLOCK_LEN;
        dtls_sha256_update(&ctx->inner.sha256, ih, DTLS_SHA256_LEN);
        dtls_sha256_final(&ctx->inner.sha256, out);
    }
#if DTLS_ENABLE_SHA384
    else if (ctx->alg == (uint8_t)DTLS_HASH_SHA384) {
        dtls_sha384_final(&ctx->inner.sha512, ih);
        memcpy(ctx->inner.sha512.state, ctx->outer.sha512, sizeof ctx->outer.sha512);
        ctx->inner.sha512.count = DTLS_SHA512_BLOCK_LEN;
        dtls_sha384_update(&ctx->inner.sha512, ih, DTLS_SHA384_LEN);
        dtls_sha384_final(&ctx->inner.sha512, out);
    }
#endif
    dtls_wipe(ih, sizeof ih);
    /* the hash's final wiped the inner state; init and load zeroed the rest
     * of its union, so the outer state and alg are all that is left */
    dtls_wipe(&ctx->outer, sizeof ctx->outer);
    dtls_wipe(&ctx->alg, sizeof ctx->alg);
}

DTLS_API int dtls_hmac(uint8_t *out, int hash_alg, const uint8_t *key, size_t key_len,
                       const void *msg, size_t msg_len)
{
    dtls_hmac_ctx ctx;
    int ret;

    ret = dtls__hmac_check_alg(hash_alg);
    if (ret != 0)
        return ret;
    if (out == NULL || (msg == NULL && msg_len != 0))
        return DTLS_ERR_BAD_ARG;
    ret = dtls_hmac_init(&ctx, hash_alg, key, key_len);
    if (ret != 0)
        return ret;
    dtls_hmac_update(&ctx, msg, msg_len);
    dtls_hmac_final(&ctx, out);
    return 0;
}

/* RFC 5246 §5:
 *   P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + ...
 *   A(0) = seed, A(i) = HMAC(secret, A(i-1)), and here seed = label || seed.
 * The secret is absorbed once into a keyed template that is copied for every
 * HMAC; out is written one block at a time. */
DTLS_API int dtls_tls12_prf(uint8_t *out, size_t out_len, int hash_alg, const uint8_t *secret,
                            size_t secret_len, const char *label, const uint8_t *seed,
                            size_t seed_len)
{
    dtls_hmac_ctx keyed;
    int ret;

    ret = dtls__hmac_check_alg(hash_alg);
    if (ret != 0)
        return ret;
    if ((out == NULL && out_len != 0) || label == NULL || (secret == NULL && secret_len != 0) ||
        (seed == NULL && seed_len != 0))
        return DTLS_ERR_BAD_ARG;
    ret = dtls_hmac_init(&keyed, hash_alg, secret, secret_len);
    if (ret == 0)
        ret = dtls_tls12_prf_keyed(out, out_len, &keyed, label, seed, seed_len);
    dtls_wipe(&keyed, sizeof keyed);
    return ret;
}

DTLS_API int dtls_tls12_prf_keyed(uint8_t *out, size_t out_len, const dtls_hmac_ctx *keyed, const char *label,
                                  const uint8_t *seed, size_t seed_len)
{
    dtls_hmac_ctx work;
    uint8_t a[DTLS_HMAC_MAX_LEN], blk[DTLS_HMAC_MAX_LEN];
    size_t hash_len, label_len, n;

    if (keyed == NULL || dtls__hmac_check_alg(keyed->alg) != 0 || (out == NULL && out_len != 0) || label == NULL ||
        (seed == NULL && seed_len != 0))
        return DTLS_ERR_BAD_ARG;
    hash_len = dtls_hash_len(keyed->alg);
    label_len = dtls__strlen(label);

    /* A(1) */
    work = *keyed;
    dtls_hmac_update(&work, label, label_len);
    dtls_hmac_update(&work, seed, seed_len);
    dtls_hmac_final(&work, a);
    while (out_len != 0) {
        work = *keyed;
        dtls_hmac_update(&work, a, hash_len);
        dtls_hmac_update(&work, label, label_len);
        dtls_hmac_update(&work, seed, seed_len);
        dtls_hmac_final(&work, blk);
        n = out_len < hash_len ? out_len : hash_len;
        memcpy(out, blk, n);
        out += n;
        out_len -= n;
        if (out_len != 0) {
            /* A(i+1) = HMAC(secret, A(i)) */
            work = *keyed;
            dtls_hmac_update(&work, a, hash_len);
            dtls_hmac_final(&work, a);
        }
    }
    dtls_wipe(a, sizeof a);
    dtls_wipe(blk, sizeof blk);
    return 0;
}

/* The two chaining values, inner then outer, in host order (the bytes never
 * leave this machine: they stand in for the key inside one program). */
DTLS_API size_t dtls_hmac_save(const dtls_hmac_ctx *ctx, uint8_t *out, size_t cap)
{
    if (ctx == NULL || out == NULL)
        return 0;
    if (ctx->alg == (uint8_t)DTLS_HASH_SHA256 && ctx->inner.sha256.count == DTLS_SHA256_BLOCK_LEN &&
        cap >= 2 * sizeof ctx->outer.sha256) {
        memcpy(out, ctx->inner.sha256.state, sizeof ctx->outer.sha256);
        memcpy(out + sizeof ctx->outer.sha256, ctx->outer.sha256, sizeof ctx->outer.sha256);
        return 2 * sizeof ctx->outer.sha256;
    }
#if DTLS_ENABLE_SHA384
    if (ctx->alg == (uint8_t)DTLS_HASH_SHA384 && ctx->inner.sha512.count == DTLS_SHA512_BLOCK_LEN &&
        cap >= 2 * sizeof ctx->outer.sha512) {
        memcpy(out, ctx->inner.sha512.state, sizeof ctx->outer.sha512);
        memcpy(out + sizeof ctx->outer.sha512, ctx->outer.sha512, sizeof ctx->outer.sha512);
        return 2 * sizeof ctx->outer.sha512;
    }
#endif
    return 0;
}

DTLS_API int dtls_hmac_load(dtls_hmac_ctx *ctx, int hash_alg, const uint8_t *in, size_t len)
{
    int ret;

    ret = dtls__hmac_start(ctx, hash_alg);
    if (ret != 0)
        return ret;
    if (in == NULL)
        return DTLS_ERR_BAD_ARG;
    if (hash_alg == (int)DTLS_HASH_SHA256) {
        if (len != 2 * sizeof ctx->outer.sha256)
            return DTLS_ERR_BAD_ARG;
        memcpy(ctx->inner.sha256.state, in, sizeof ctx->outer.sha256);
        memcpy(ctx->outer.sha256, in + sizeof ctx->outer.sha256, sizeof ctx->outer.sha256);
        ctx->inner.sha256.count = DTLS_SHA256_BLOCK_LEN;
    }
#if DTLS_ENABLE_SHA384
    else {
        if (len != 2 * sizeof ctx->outer.sha512)
            return DTLS_ERR_BAD_ARG;
        memcpy(ctx->inner.sha512.state, in, sizeof ctx->outer.sha512);
        memcpy(ctx->outer.sha512, in + sizeof ctx->outer.sha512, sizeof ctx->outer.sha512);
        ctx->inner.sha512.count = DTLS_SHA512_BLOCK_LEN;
    }
#endif
    ctx->alg = (uint8_t)hash_alg;
    return 0;
}
