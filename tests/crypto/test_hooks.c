/* test_hooks.c - the hardware hook table (crypto/hooks.h): every dispatch path
 * gives bit-identical results to software, whether the hook counts calls,
 * answers "in progress" twice per call, or keeps the key behind a handle.
 * Built once more with primitives compiled out (tests/run.sh, stage
 * "disabled"): then software is unavailable and only hooks can help. */
#include "../test.h"

/* ---- a fake "hardware" that keeps keys in its own slots ---- */
typedef struct {
    uint8_t slot_key[4][32];
    size_t slot_len[4];
    int nslots;
    int calls[16];   /* per entry */
    int pending[16]; /* "in progress" answers left before the current call completes */
    int in_progress; /* answer DTLS_ERR_IN_PROGRESS twice per call */
    int by_handle;   /* keep keys in slots, put only the slot number in the key */
    int hash_unsupported;
} hw_t;

enum { E_RANDOM, E_AES_SET, E_AES_ENC, E_AEAD_SET, E_AEAD_SEAL, E_AEAD_OPEN, E_HASH_INIT, E_HASH_UPD,
       E_HASH_FIN, E_ECDH_GEN, E_ECDH_SHARED, E_SIGN, E_VERIFY };

/* Returns 1 when the entry must answer "in progress" this time: with
 * in_progress set, every call is answered twice with DTLS_ERR_IN_PROGRESS and
 * completes on the third identical call. */
static int hw_busy(hw_t *hw, int entry)
{
    hw->calls[entry]++;
    if (!hw->in_progress)
        return 0;
    if (hw->pending[entry] < 2) {
        hw->pending[entry]++;
        return 1;
    }
    hw->pending[entry] = 0;
    return 0;
}

static void hw_store(hw_t *hw, dtls_crypto_key *key, const uint8_t *raw, size_t len)
{
    if (hw->by_handle) {
        memcpy(hw->slot_key[hw->nslots], raw, len);
        hw->slot_len[hw->nslots] = len;
        memset(key->bytes, 0, sizeof key->bytes);
        key->bytes[0] = (uint8_t)hw->nslots++;
        key->len = 0;
    } else {
        memcpy(key->bytes, raw, len);
        key->len = (uint8_t)len;
    }
}

static const uint8_t *hw_key(hw_t *hw, const dtls_crypto_key *key, size_t *len)
{
    if (hw->by_handle) {
        *len = hw->slot_len[key->bytes[0]];
        return hw->slot_key[key->bytes[0]];
    }
    *len = key->len;
    return key->bytes;
}

static int hw_random(void *user, uint8_t *out, size_t len)
{
    hw_t *hw = (hw_t *)user;
    size_t i;
    if (hw_busy(hw, E_RANDOM)) return DTLS_ERR_IN_PROGRESS;
    for (i = 0; i < len; i++) out[i] = (uint8_t)(0xA5 ^ (i * 7));
    return 0;
}

#if DTLS_ENABLE_AES
static int hw_aes_set(void *user, dtls_crypto_key *key, const uint8_t *raw, size_t len)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_AES_SET)) return DTLS_ERR_IN_PROGRESS;
    hw_store(hw, key, raw, len);
    return 0;
}

static int hw_aes_enc(void *user, const dtls_crypto_key *key, uint8_t out[16], const uint8_t in[16])
{
    hw_t *hw = (hw_t *)user;
    dtls_aes_ctx aes;
    size_t len;
    const uint8_t *k = hw_key(hw, key, &len);
    if (hw_busy(hw, E_AES_ENC)) return DTLS_ERR_IN_PROGRESS;
    dtls_aes_init(&aes, k, len);
    dtls_aes_encrypt_blocks(&aes, out, in, 1);
    return 0;
}
#endif

/* The whole-record AEAD "engine" of the fake hardware: software underneath. */
static int hw_aead_set(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t len)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_AEAD_SET)) return DTLS_ERR_IN_PROGRESS;
    key->alg = (uint8_t)alg;
    hw_store(hw, key, raw, len);
    return 0;
}

static int hw_aead(hw_t *hw, const dtls_crypto_key *key, int open, uint8_t *out, const uint8_t *nonce,
                   size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    size_t klen;
    const uint8_t *k = hw_key(hw, key, &klen);
    (void)k; (void)klen; (void)open; (void)out; (void)nonce; (void)nonce_len; (void)aad; (void)aad_len;
    (void)in; (void)in_len;
    switch (key->alg) {
#if DTLS_ENABLE_AES && DTLS_ENABLE_GCM
    case DTLS_AEAD_AES_128_GCM:
    case DTLS_AEAD_AES_256_GCM:
        return open ? dtls_aes_gcm_open(out, k, klen, nonce, nonce_len, aad, aad_len, in, in_len)
                    : dtls_aes_gcm_seal(out, k, klen, nonce, nonce_len, aad, aad_len, in, in_len);
#endif
#if DTLS_ENABLE_AES && DTLS_ENABLE_CCM
    case DTLS_AEAD_AES_128_CCM:
    case DTLS_AEAD_AES_128_CCM_8: {
        size_t tag = key->alg == DTLS_AEAD_AES_128_CCM ? 16 : 8;
        return open ? dtls_aes_ccm_open(out, k, klen, tag, nonce, nonce_len, aad, aad_len, in, in_len)
                    : dtls_aes_ccm_seal(out, k, klen, tag, nonce, nonce_len, aad, aad_len, in, in_len);
    }
#endif
#if DTLS_ENABLE_CHACHAPOLY
    case DTLS_AEAD_CHACHA20_POLY1305:
        return open ? dtls_chacha20poly1305_open(out, k, nonce, nonce_len, aad, aad_len, in, in_len)
                    : dtls_chacha20poly1305_seal(out, k, nonce, nonce_len, aad, aad_len, in, in_len);
#endif
    default:
        return DTLS_ERR_UNSUPPORTED;
    }
}

static int hw_seal(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                   size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_AEAD_SEAL)) return DTLS_ERR_IN_PROGRESS;
    return hw_aead(hw, key, 0, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

static int hw_open(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                   size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_AEAD_OPEN)) return DTLS_ERR_IN_PROGRESS;
    return hw_aead(hw, key, 1, out, nonce, nonce_len, aad, aad_len, in, in_len);
}

/* Hash "engine" with an exportable state: software SHA kept in hook_state. */
static int hw_hash_init(void *user, dtls_hash_ctx *ctx, int alg)
{
    hw_t *hw = (hw_t *)user;
    if (hw->hash_unsupported) return DTLS_ERR_UNSUPPORTED;
    if (hw_busy(hw, E_HASH_INIT)) return DTLS_ERR_IN_PROGRESS;
    if (alg == DTLS_HASH_SHA256) { dtls_sha256_init((dtls_sha256_ctx *)(void *)ctx->u.hook_state); return 0; }
#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384) { dtls_sha384_init((dtls_sha512_ctx *)(void *)ctx->u.hook_state); return 0; }
#endif
    return DTLS_ERR_UNSUPPORTED;
}

static int hw_hash_update(void *user, dtls_hash_ctx *ctx, const uint8_t *data, size_t len)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_HASH_UPD)) return DTLS_ERR_IN_PROGRESS;
#if DTLS_ENABLE_SHA384
    if (ctx->alg == DTLS_HASH_SHA384) { dtls_sha384_update((dtls_sha512_ctx *)(void *)ctx->u.hook_state, data, len); return 0; }
#endif
    dtls_sha256_update((dtls_sha256_ctx *)(void *)ctx->u.hook_state, data, len);
    return 0;
}

static int hw_hash_final(void *user, dtls_hash_ctx *ctx, uint8_t *out)
{
    hw_t *hw = (hw_t *)user;
    if (hw_busy(hw, E_HASH_FIN)) return DTLS_ERR_IN_PROGRESS;
#if DTLS_ENABLE_SHA384
    if (ctx->alg == DTLS_HASH_SHA384) { dtls_sha384_final((dtls_sha512_ctx *)(void *)ctx->u.hook_state, out); return 0; }
#endif
    dtls_sha256_final((dtls_sha256_ctx *)(void *)ctx->u.hook_state, out);
    return 0;
}

#if DTLS_ENABLE_P256
/* A "secure element": P-256 keys live in its slots; the application's key
 * handle holds only the slot number. */
static int hw_sign(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                   uint8_t *sig)
{
    hw_t *hw = (hw_t *)user;
    size_t len;
    const uint8_t *k = hw_key(hw, priv, &len);
    if (group != DTLS_GROUP_SECP256R1) return DTLS_ERR_UNSUPPORTED;
    if (hw_busy(hw, E_SIGN)) return DTLS_ERR_IN_PROGRESS;
    return dtls_p256_ecdsa_sign(sig, k, hash, hash_len, (dtls_random_fn)0, NULL);
}

static int hw_verify(void *user, int group, const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                     size_t hash_len, const uint8_t *sig, size_t sig_len)
{
    hw_t *hw = (hw_t *)user;
    if (group != DTLS_GROUP_SECP256R1 || sig_len != 64) return DTLS_ERR_UNSUPPORTED;
    if (hw_busy(hw, E_VERIFY)) return DTLS_ERR_IN_PROGRESS;
    return dtls_p256_ecdsa_verify(pub, pub_len, hash, hash_len, sig);
}
#endif

#if DTLS_ENABLE_X25519
static int hw_ecdh_gen(void *user, int group, dtls_crypto_key *priv, uint8_t *pub, size_t *pub_len)
{
    hw_t *hw = (hw_t *)user;
    uint8_t raw[32];
    size_t i;
    if (group != DTLS_GROUP_X25519) return DTLS_ERR_UNSUPPORTED;
    if (hw_busy(hw, E_ECDH_GEN)) return DTLS_ERR_IN_PROGRESS;
    for (i = 0; i < 32; i++) raw[i] = (uint8_t)(i * 13 + 1);
    hw_store(hw, priv, raw, 32);
    dtls_x25519_public(pub, raw);
    *pub_len = 32;
    return 0;
}

static int hw_ecdh_shared(void *user, int group, const dtls_crypto_key *priv, const uint8_t *peer,
                          size_t peer_len, uint8_t *secret, size_t *secret_len)
{
    hw_t *hw = (hw_t *)user;
    size_t len;
    const uint8_t *k = hw_key(hw, priv, &len);
    if (group != DTLS_GROUP_X25519 || peer_len != 32) return DTLS_ERR_UNSUPPORTED;
    if (hw_busy(hw, E_ECDH_SHARED)) return DTLS_ERR_IN_PROGRESS;
    *secret_len = 32;
    return dtls_x25519(secret, k, peer);
}
#endif

static void hooks_make(dtls_crypto_hooks *h, hw_t *hw, int with_aead, int with_aes)
{
    memset(h, 0, sizeof *h);
    h->user = hw;
    h->random = hw_random;
#if DTLS_ENABLE_AES
    if (with_aes) { h->aes_set_key = hw_aes_set; h->aes_encrypt = hw_aes_enc; }
#else
    (void)with_aes;
#endif
    if (with_aead) { h->aead_set_key = hw_aead_set; h->aead_seal = hw_seal; h->aead_open = hw_open; }
    h->hash_init = hw_hash_init;
    h->hash_update = hw_hash_update;
    h->hash_final = hw_hash_final;
#if DTLS_ENABLE_P256
    h->ecdsa_sign = hw_sign;
    h->ecdsa_verify = hw_verify;
#endif
#if DTLS_ENABLE_X25519
    h->ecdh_keygen = hw_ecdh_gen;
    h->ecdh_shared = hw_ecdh_shared;
#endif
}

/* Calls an entry again while it answers "in progress"; counts the answers. */
#define DRIVE(rc, call, spins)                                \
    do {                                                      \
        (spins) = 0;                                          \
        while (((rc) = (call)) == DTLS_ERR_IN_PROGRESS) (spins)++; \
    } while (0)

static const int aead_algs[] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                                DTLS_AEAD_AES_128_CCM_8, DTLS_AEAD_CHACHA20_POLY1305};

/* Software reference for alg, computed with the module functions directly.
 * Returns DTLS_ERR_DISABLED when software cannot do it in this build. */
static int soft_seal(int alg, uint8_t *out, const uint8_t *key, const uint8_t *nonce, const uint8_t *aad,
                     size_t aad_len, const uint8_t *in, size_t len)
{
    (void)out; (void)key; (void)nonce; (void)aad; (void)aad_len; (void)in; (void)len;
    switch (alg) {
#if DTLS_ENABLE_AES && DTLS_ENABLE_GCM
    case DTLS_AEAD_AES_128_GCM: return dtls_aes_gcm_seal(out, key, 16, nonce, 12, aad, aad_len, in, len);
    case DTLS_AEAD_AES_256_GCM: return dtls_aes_gcm_seal(out, key, 32, nonce, 12, aad, aad_len, in, len);
#endif
#if DTLS_ENABLE_AES && DTLS_ENABLE_CCM
    case DTLS_AEAD_AES_128_CCM: return dtls_aes_ccm_seal(out, key, 16, 16, nonce, 12, aad, aad_len, in, len);
    case DTLS_AEAD_AES_128_CCM_8: return dtls_aes_ccm_seal(out, key, 16, 8, nonce, 12, aad, aad_len, in, len);
#endif
#if DTLS_ENABLE_CHACHAPOLY
    case DTLS_AEAD_CHACHA20_POLY1305: return dtls_chacha20poly1305_seal(out, key, nonce, 12, aad, aad_len, in, len);
#endif
    default: return DTLS_ERR_DISABLED;
    }
}

/* mode 0: no hooks; 1: counting AEAD hook; 2: AES block hook holding the key
 * behind a handle; 3: AEAD hook, in progress twice per call, keys by handle. */
static void aead_mode(int mode)
{
    uint8_t key[32], nonce[12], aad[13], msg[100], ref[116], out[116], back[116];
    size_t a, len;
    for (a = 0; a < 32; a++) key[a] = (uint8_t)(a * 3 + 1);
    for (a = 0; a < 12; a++) nonce[a] = (uint8_t)(0xF0 + a);
    for (a = 0; a < 13; a++) aad[a] = (uint8_t)a;
    for (a = 0; a < 100; a++) msg[a] = (uint8_t)(a ^ 0x5C);

    for (a = 0; a < sizeof aead_algs / sizeof aead_algs[0]; a++) {
        int alg = aead_algs[a];
        size_t klen = dtls_crypto_aead_key_len(alg), tag = dtls_crypto_aead_tag_len(alg);
        for (len = 0; len <= 100; len += 33) {
            hw_t hw;
            dtls_crypto_hooks h;
            dtls_crypto_key k;
            int rc, spins, soft = soft_seal(alg, ref, key, nonce, aad, 13, msg, len);
            memset(&hw, 0, sizeof hw);
            hw.in_progress = mode == 3;
            hw.by_handle = mode >= 2;
            hooks_make(&h, &hw, mode == 1 || mode == 3, mode == 2);
            DRIVE(rc, dtls_crypto_aead_set_key(mode ? &h : NULL, &k, alg, key, klen), spins);
            if (mode == 0 || mode == 2) {
                /* software (over the AES block hook in mode 2) must exist */
                int soft_mode = mode == 0 ? soft != DTLS_ERR_DISABLED
                              : alg == DTLS_AEAD_CHACHA20_POLY1305 ? DTLS_ENABLE_CHACHAPOLY
                              : alg <= DTLS_AEAD_AES_256_GCM ? DTLS_ENABLE_GCM : DTLS_ENABLE_CCM;
                if (!soft_mode) {
                    CHECK_EQ(rc, DTLS_ERR_DISABLED); /* compiled out and no hook: a clear error */
                    continue;
                }
            }
            if ((mode == 1 || mode == 3) && soft == DTLS_ERR_DISABLED) {
                /* the hook owns the algorithm: set-up succeeds, and the hook's own
                 * answer (this fake engine has no such cipher) comes back as is */
                CHECK_EQ(rc, 0);
                DRIVE(rc, dtls_crypto_aead_seal(&h, &k, out, nonce, 12, aad, 13, msg, len), spins);
                CHECK_EQ(rc, DTLS_ERR_UNSUPPORTED);
                continue;
            }
            CHECK_EQ(rc, 0);
            if (mode == 3) CHECK_EQ(spins, 2);
            if (hw.by_handle && (mode == 3 || (mode == 2 && alg != DTLS_AEAD_CHACHA20_POLY1305)))
                CHECK(memcmp(k.bytes, key, 8) != 0); /* the raw key is not in the handle */
            DRIVE(rc, dtls_crypto_aead_seal(mode ? &h : NULL, &k, out, nonce, 12, aad, 13, msg, len), spins);
            CHECK_EQ(rc, 0);
            if (mode == 3) CHECK_EQ(spins, 2);
            if (soft == 0) CHECK_MEM(out, ref, len + tag); /* bit-identical to software */
            DRIVE(rc, dtls_crypto_aead_open(mode ? &h : NULL, &k, back, nonce, 12, aad, 13, out, len + tag), spins);
            CHECK_EQ(rc, 0);
            CHECK_MEM(back, msg, len);
            out[len] ^= 0x80; /* corrupt the tag */
            DRIVE(rc, dtls_crypto_aead_open(mode ? &h : NULL, &k, back, nonce, 12, aad, 13, out, len + tag), spins);
            CHECK_EQ(rc, DTLS_ERR_AUTH);
            if (mode == 1) {
                CHECK_EQ(hw.calls[E_AEAD_SEAL], 1);
                CHECK_EQ(hw.calls[E_AEAD_OPEN], 2);
            }
            if (mode == 2 && alg != DTLS_AEAD_CHACHA20_POLY1305) CHECK(hw.calls[E_AES_ENC] > 0);
            if (mode == 2 && alg == DTLS_AEAD_CHACHA20_POLY1305) CHECK_EQ(hw.calls[E_AES_ENC], 0);
        }
    }
}

TEST(aead_software_dispatch) { aead_mode(0); }
TEST(aead_counting_hook) { aead_mode(1); }
TEST(aead_over_aes_block_hook_with_key_handle) { aead_mode(2); }
TEST(aead_hook_in_progress_twice_key_handle) { aead_mode(3); }

TEST(aes_block_hook_in_progress_is_polled)
{
#if DTLS_ENABLE_AES && DTLS_ENABLE_GCM
    hw_t hw;
    dtls_crypto_hooks h;
    dtls_crypto_key k;
    uint8_t key[16] = {0}, nonce[12] = {0}, zero[16] = {0}, out[32], ref[32];
    int rc, spins;
    memset(&hw, 0, sizeof hw);
    hw.in_progress = 1;
    hw.by_handle = 1;
    hooks_make(&h, &hw, 0, 1);
    DRIVE(rc, dtls_crypto_aead_set_key(&h, &k, DTLS_AEAD_AES_128_GCM, key, 16), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(spins, 2);
    /* The block hook answers "in progress" twice per block; the record still
     * completes in one call, identical to software. */
    rc = dtls_crypto_aead_seal(&h, &k, out, nonce, 12, NULL, 0, zero, 16);
    CHECK_EQ(rc, 0);
    CHECK_EQ(dtls_aes_gcm_seal(ref, key, 16, nonce, 12, NULL, 0, zero, 16), 0);
    CHECK_MEM(out, ref, 32);
    CHECK(hw.calls[E_AES_ENC] >= 3 * 3);
#else
    test_skip("aes_block_hook_in_progress_is_polled", "AES or GCM compiled out in this build");
#endif
}

static void hash_mode(int mode, int alg)
{
    /* mode 0: software; 1: hook; 2: hook in progress twice; 3: hook that
     * cannot export state (falls back to software). */
    static const char msg[] = "The quick brown fox jumps over the lazy dog";
    uint8_t ref[48], out[48], fork[48];
    size_t n = dtls_crypto_hash_len(alg), half = 20;
    hw_t hw;
    dtls_crypto_hooks h;
    dtls_hash_ctx ctx, copy;
    int rc, spins;

    memset(&hw, 0, sizeof hw);
    hw.in_progress = mode == 2;
    hw.hash_unsupported = mode == 3;
    hooks_make(&h, &hw, 0, 0);
    if (alg == DTLS_HASH_SHA256) dtls_sha256(ref, msg, sizeof msg - 1);
#if DTLS_ENABLE_SHA384
    else dtls_sha384(ref, msg, sizeof msg - 1);
#endif
    DRIVE(rc, dtls_crypto_hash_init(mode ? &h : NULL, &ctx, alg), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(ctx.by_hook, mode == 1 || mode == 2);
    DRIVE(rc, dtls_crypto_hash_update(mode ? &h : NULL, &ctx, (const uint8_t *)msg, half), spins);
    CHECK_EQ(rc, 0);
    copy = ctx; /* explicit state: copying forks the hash (the transcript does this) */
    DRIVE(rc, dtls_crypto_hash_update(mode ? &h : NULL, &ctx, (const uint8_t *)msg + half, sizeof msg - 1 - half), spins);
    CHECK_EQ(rc, 0);
    DRIVE(rc, dtls_crypto_hash_final(mode ? &h : NULL, &ctx, out), spins);
    CHECK_EQ(rc, 0);
    if (mode == 2) CHECK_EQ(spins, 2);
    CHECK_MEM(out, ref, n);
    DRIVE(rc, dtls_crypto_hash_update(mode ? &h : NULL, &copy, (const uint8_t *)msg + half, sizeof msg - 1 - half), spins);
    DRIVE(rc, dtls_crypto_hash_final(mode ? &h : NULL, &copy, fork), spins);
    CHECK_MEM(fork, ref, n);
    if (mode == 1) CHECK_EQ(hw.calls[E_HASH_UPD], 3); /* two on ctx, one on the fork */
    if (mode == 2) CHECK_EQ(hw.calls[E_HASH_UPD], 9); /* each answered twice first */
    if (mode == 3) CHECK_EQ(hw.calls[E_HASH_UPD], 0);
}

TEST(hash_dispatch)
{
    int mode;
    for (mode = 0; mode < 4; mode++) {
        hash_mode(mode, DTLS_HASH_SHA256);
#if DTLS_ENABLE_SHA384
        hash_mode(mode, DTLS_HASH_SHA384);
#endif
    }
    {
        dtls_hash_ctx ctx;
        CHECK_EQ(dtls_crypto_hash_init(NULL, &ctx, 2 /* SHA-1 */), DTLS_ERR_UNSUPPORTED);
    }
}

TEST(random_dispatch)
{
    hw_t hw;
    dtls_crypto_hooks h;
    uint8_t out[8];
    int rc, spins;
    memset(&hw, 0, sizeof hw);
    hw.in_progress = 1;
    hooks_make(&h, &hw, 0, 0);
    CHECK_EQ(dtls_crypto_random(NULL, out, 8), DTLS_ERR_DISABLED); /* no software entropy */
    DRIVE(rc, dtls_crypto_random(&h, out, 8), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(spins, 2);
    CHECK_EQ(out[1], 0xA5 ^ 7);
}

TEST(ecdsa_hook_only_key)
{
#if DTLS_ENABLE_P256
    /* RFC 6979 A.2.5: the private key exists only inside the "secure element". */
    static const char *priv_hex = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
    uint8_t priv[32], pub[65], hash[32], sig[64], ref[64];
    hw_t hw;
    dtls_crypto_hooks h;
    dtls_crypto_key handle;
    int rc, spins;
    unhex(priv, sizeof priv, priv_hex);
    memset(&hw, 0, sizeof hw);
    hw.in_progress = 1;
    hw.by_handle = 1;
    hooks_make(&h, &hw, 0, 0);
    memset(&handle, 0, sizeof handle);
    hw_store(&hw, &handle, priv, 32); /* provisioning: the application gets a slot number */
    handle.by_hook = 1;
    CHECK(memcmp(handle.bytes, priv, 8) != 0);
    CHECK_EQ(dtls_p256_public(pub, priv), 0);
    dtls_sha256(hash, "sample", 6);
    DRIVE(rc, dtls_crypto_ecdsa_sign(&h, DTLS_GROUP_SECP256R1, &handle, hash, 32, sig), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(spins, 2);
    CHECK_EQ(dtls_p256_ecdsa_sign(ref, priv, hash, 32, (dtls_random_fn)0, NULL), 0);
    CHECK_MEM(sig, ref, 64);
    DRIVE(rc, dtls_crypto_ecdsa_verify(&h, DTLS_GROUP_SECP256R1, pub, 65, hash, 32, sig, 64), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(hw.calls[E_VERIFY], 3);
    sig[10] ^= 1;
    CHECK_EQ(dtls_crypto_ecdsa_verify(NULL, DTLS_GROUP_SECP256R1, pub, 65, hash, 32, sig, 64), DTLS_ERR_BAD_SIGNATURE);
    /* A hook-only key without a signing hook cannot be used by software. */
    CHECK_EQ(dtls_crypto_ecdsa_sign(NULL, DTLS_GROUP_SECP256R1, &handle, hash, 32, sig), DTLS_ERR_BAD_KEY);
    /* Software signing with hedged nonces (random hook present) verifies. */
    {
        dtls_crypto_key soft;
        dtls_crypto_hooks only_rng;
        memset(&soft, 0, sizeof soft);
        memcpy(soft.bytes, priv, 32);
        soft.len = 32;
        memset(&only_rng, 0, sizeof only_rng);
        only_rng.user = &hw;
        only_rng.random = hw_random;
        hw.in_progress = 0;
        CHECK_EQ(dtls_crypto_ecdsa_sign(&only_rng, DTLS_GROUP_SECP256R1, &soft, hash, 32, sig), 0);
        CHECK(memcmp(sig, ref, 64) != 0);
        CHECK_EQ(dtls_p256_ecdsa_verify(pub, 65, hash, 32, sig), 0);
    }
#else
    test_skip("ecdsa_hook_only_key", "P-256 compiled out in this build");
#endif
}

TEST(ecdh_dispatch)
{
    uint8_t pub_a[65], pub_b[65], sec_a[32], sec_b[32];
    size_t la = 0, lb = 0, sa = 0, sb = 0;
    dtls_crypto_key ka, kb;
    hw_t hw;
    dtls_crypto_hooks h, rng_only;
    int rc, spins;
    (void)rc;
    (void)spins;
    memset(&hw, 0, sizeof hw);
    hooks_make(&h, &hw, 0, 0);
    memset(&rng_only, 0, sizeof rng_only);
    rng_only.user = &hw;
    rng_only.random = hw_random;
#if DTLS_ENABLE_X25519
    /* hook side (in progress twice, key by handle) against software side */
    hw.in_progress = 1;
    hw.by_handle = 1;
    DRIVE(rc, dtls_crypto_ecdh_keygen(&h, DTLS_GROUP_X25519, &ka, pub_a, &la), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(spins, 2);
    CHECK_EQ(la, 32);
    hw.in_progress = 0;
    CHECK_EQ(dtls_crypto_ecdh_keygen(&rng_only, DTLS_GROUP_X25519, &kb, pub_b, &lb), 0);
    CHECK_EQ(lb, 32);
    hw.in_progress = 1;
    DRIVE(rc, dtls_crypto_ecdh_shared(&h, DTLS_GROUP_X25519, &ka, pub_b, lb, sec_a, &sa), spins);
    CHECK_EQ(rc, 0);
    CHECK_EQ(dtls_crypto_ecdh_shared(&rng_only, DTLS_GROUP_X25519, &kb, pub_a, la, sec_b, &sb), 0);
    CHECK_EQ(sa, 32);
    CHECK_MEM(sec_a, sec_b, 32);
    memset(pub_b, 0, 32); /* a low-order point: all-zero shared secret */
    CHECK_EQ(dtls_crypto_ecdh_shared(&rng_only, DTLS_GROUP_X25519, &kb, pub_b, 32, sec_b, &sb), DTLS_ERR_ZERO_SHARED);
#else
    CHECK_EQ(dtls_crypto_ecdh_keygen(&rng_only, DTLS_GROUP_X25519, &ka, pub_a, &la), DTLS_ERR_DISABLED);
#endif
#if DTLS_ENABLE_P256
    CHECK_EQ(dtls_crypto_ecdh_keygen(&rng_only, DTLS_GROUP_SECP256R1, &ka, pub_a, &la), 0);
    CHECK_EQ(la, 65);
    CHECK_EQ(dtls_crypto_ecdh_keygen(&rng_only, DTLS_GROUP_SECP256R1, &kb, pub_b, &lb), 0);
    CHECK_EQ(dtls_crypto_ecdh_shared(NULL, DTLS_GROUP_SECP256R1, &ka, pub_b, lb, sec_a, &sa), 0);
    CHECK_EQ(dtls_crypto_ecdh_shared(NULL, DTLS_GROUP_SECP256R1, &kb, pub_a, la, sec_b, &sb), 0);
    CHECK_MEM(sec_a, sec_b, 32);
    pub_b[40] ^= 1; /* off the curve */
    CHECK_EQ(dtls_crypto_ecdh_shared(NULL, DTLS_GROUP_SECP256R1, &ka, pub_b, lb, sec_a, &sa), DTLS_ERR_BAD_KEY);
#endif
    /* no random source: key generation cannot start */
    CHECK_EQ(dtls_crypto_ecdh_keygen(NULL, DTLS_GROUP_SECP256R1, &ka, pub_a, &la), DTLS_ERR_RANDOM);
    CHECK_EQ(dtls_crypto_ecdh_keygen(&rng_only, 99, &ka, pub_a, &la), DTLS_ERR_UNSUPPORTED);
}

TEST(aead_bad_arguments)
{
    dtls_crypto_key k;
    uint8_t key[32] = {0};
    CHECK_EQ(dtls_crypto_aead_set_key(NULL, &k, 99, key, 16), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_crypto_aead_set_key(NULL, &k, DTLS_AEAD_AES_128_GCM, key, 32), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_crypto_aead_tag_len(DTLS_AEAD_AES_128_CCM_8), 8);
    CHECK_EQ(dtls_crypto_aead_tag_len(DTLS_AEAD_CHACHA20_POLY1305), 16);
    CHECK_EQ(dtls_crypto_aead_key_len(DTLS_AEAD_AES_256_GCM), 32);
    CHECK(strcmp(dtls_strerror(DTLS_ERR_DISABLED), "primitive compiled out and no hook provides it") == 0);
    CHECK(strcmp(dtls_strerror(DTLS_ERR_ALERT_SENT(51)), "fatal alert sent to the peer") == 0);
    CHECK_EQ(DTLS_ERR_ALERT_RECEIVED(20), -2020);
}

int main(void)
{
    RUN(aead_software_dispatch);
    RUN(aead_counting_hook);
    RUN(aead_over_aes_block_hook_with_key_handle);
    RUN(aead_hook_in_progress_twice_key_handle);
    RUN(aes_block_hook_in_progress_is_polled);
    RUN(hash_dispatch);
    RUN(random_dispatch);
    RUN(ecdsa_hook_only_key);
    RUN(ecdh_dispatch);
    RUN(aead_bad_arguments);
    return test_done();
}
