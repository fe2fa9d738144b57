/* x86_shim.c - the x86shim_* functions x86_shim.h and x86_shim_record.h
 * substitute for the software entry points (see there).  Every call goes
 * through one dtls_crypto_hooks table filled by dtls_x86_hooks_cached and the
 * library's dispatch functions; a missing CPU feature ends the program
 * (tests/ports/x86.sh runs these tests only on a CPU that has them). */
#include "../../crypto/api.h"
#include "../../port/x86.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The prototypes the renamed declarations of x86_shim.h give the tests. */
int x86shim_aes_init(dtls_aes_ctx *ctx, const uint8_t *key, size_t key_len);
void x86shim_aes_encrypt_blocks(const dtls_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks);
int x86shim_aes_ecb(void *aes_ctx, uint8_t *out, const uint8_t *in, size_t nblocks);
int x86shim_aes_gcm_seal(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce, size_t nonce_len,
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
int x86shim_aes_gcm_open(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce, size_t nonce_len,
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
int x86shim_aes_ccm_seal(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len, const uint8_t *nonce,
                         size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
int x86shim_aes_ccm_open(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len, const uint8_t *nonce,
                         size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
void x86shim_sha256_init(dtls_sha256_ctx *ctx);
void x86shim_sha256_update(dtls_sha256_ctx *ctx, const void *data, size_t len);
void x86shim_sha256_final(dtls_sha256_ctx *ctx, uint8_t out[32]);
void x86shim_sha256(uint8_t out[32], const void *data, size_t len);
const dtls_crypto_hooks *x86shim_hooks(const dtls_crypto_hooks *hooks);

static dtls_crypto_hooks shim_table;
static int shim_groups = -1;
static dtls_x86_slot shim_slots[4]; /* the AEAD entries' expanded keys (port/x86.h) */
static dtls_x86_cache shim_cache = {NULL, shim_slots, 4, 0, 0};

static const dtls_crypto_hooks *shim(unsigned need)
{
    if (shim_groups < 0) {
        memset(&shim_table, 0, sizeof shim_table);
        shim_groups = dtls_x86_hooks_cached(&shim_table, DTLS_X86_ALL, &shim_cache);
        printf("     x86 shim: dtls_x86_hooks installed groups %d (1 AES-NI+PCLMULQDQ, 2 SHA-NI)\n", shim_groups);
    }
    if (shim_groups < 0 || ((unsigned)shim_groups & need) != need) {
        fprintf(stderr, "x86 shim: this CPU lacks the hooks' instructions (groups %d, need %u)\n", shim_groups, need);
        exit(2);
    }
    return &shim_table;
}

const dtls_crypto_hooks *x86shim_hooks(const dtls_crypto_hooks *hooks)
{
    return hooks ? hooks : shim(DTLS_X86_AES);
}

/* ---- AES block: the key handle lives inside the caller's dtls_aes_ctx ---- */

static dtls_crypto_key shim_key_of(const dtls_aes_ctx *ctx)
{
    dtls_crypto_key k;
    memcpy(&k, ctx->rk, sizeof k);
    return k;
}

int x86shim_aes_init(dtls_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    const dtls_crypto_hooks *h = shim(DTLS_X86_AES);
    dtls_crypto_key k;
    int rc;
    memset(&k, 0, sizeof k);
    rc = h->aes_set_key(h->user, &k, key, key_len);
    if (rc != 0)
        return rc;
    k.by_hook = 2;
    memset(ctx, 0, sizeof *ctx);
    memcpy(ctx->rk, &k, sizeof k);
    ctx->nr = (uint32_t)(6 + key_len / 4);
    dtls_wipe(&k, sizeof k);
    return 0;
}

int x86shim_aes_ecb(void *aes_ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    const dtls_crypto_hooks *h = shim(DTLS_X86_AES);
    dtls_crypto_key k = shim_key_of((const dtls_aes_ctx *)aes_ctx);
    size_t i;
    int rc = 0;
    for (i = 0; i < nblocks && rc == 0; i++)
        rc = h->aes_encrypt(h->user, &k, out + 16 * i, in + 16 * i);
    dtls_wipe(&k, sizeof k);
    return rc < 0 ? DTLS_ERR_HOOK : 0;
}

void x86shim_aes_encrypt_blocks(const dtls_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    if (x86shim_aes_ecb((void *)(uintptr_t)ctx, out, in, nblocks) != 0) {
        fprintf(stderr, "x86 shim: aes_encrypt failed\n");
        exit(2);
    }
}

/* ---- raw-key AEADs: the whole-record entries where the DTLS algorithms
 * cover the parameters, else software GCM/CCM over the block entries ---- */

static int shim_aead(int alg, int open, uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce,
                     size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    const dtls_crypto_hooks *h = shim(DTLS_X86_AES);
    dtls_crypto_key k;
    int rc = dtls_crypto_aead_set_key(h, &k, alg, key, key_len);
    if (rc == 0 && k.by_hook != 1) {
        fprintf(stderr, "x86 shim: the AEAD key is not the hook's (by_hook %d)\n", k.by_hook);
        exit(2);
    }
    if (rc == 0)
        rc = open ? dtls_crypto_aead_open(h, &k, out, nonce, nonce_len, aad, aad_len, in, in_len)
                  : dtls_crypto_aead_seal(h, &k, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&k, sizeof k);
    return rc;
}

int x86shim_aes_gcm_seal(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce, size_t nonce_len,
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_aes_ctx c;
    int rc;
    if (key_len == 16 || key_len == 32)
        return shim_aead(key_len == 16 ? DTLS_AEAD_AES_128_GCM : DTLS_AEAD_AES_256_GCM, 0, out, key, key_len, nonce,
                         nonce_len, aad, aad_len, in, in_len);
    rc = x86shim_aes_init(&c, key, key_len);
    if (rc == 0)
        rc = dtls_gcm_seal(x86shim_aes_ecb, &c, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&c, sizeof c);
    return rc;
}

int x86shim_aes_gcm_open(uint8_t *out, const uint8_t *key, size_t key_len, const uint8_t *nonce, size_t nonce_len,
                         const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_aes_ctx c;
    int rc;
    if (key_len == 16 || key_len == 32)
        return shim_aead(key_len == 16 ? DTLS_AEAD_AES_128_GCM : DTLS_AEAD_AES_256_GCM, 1, out, key, key_len, nonce,
                         nonce_len, aad, aad_len, in, in_len);
    rc = x86shim_aes_init(&c, key, key_len);
    if (rc == 0)
        rc = dtls_gcm_open(x86shim_aes_ecb, &c, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&c, sizeof c);
    return rc;
}

int x86shim_aes_ccm_seal(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len, const uint8_t *nonce,
                         size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_aes_ctx c;
    int rc;
    if (key_len == 16 && (tag_len == 8 || tag_len == 16))
        return shim_aead(tag_len == 8 ? DTLS_AEAD_AES_128_CCM_8 : DTLS_AEAD_AES_128_CCM, 0, out, key, key_len, nonce,
                         nonce_len, aad, aad_len, in, in_len);
    rc = x86shim_aes_init(&c, key, key_len);
    if (rc == 0)
        rc = dtls_ccm_seal(x86shim_aes_ecb, &c, tag_len, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&c, sizeof c);
    return rc;
}

int x86shim_aes_ccm_open(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len, const uint8_t *nonce,
                         size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len)
{
    dtls_aes_ctx c;
    int rc;
    if (key_len == 16 && (tag_len == 8 || tag_len == 16))
        return shim_aead(tag_len == 8 ? DTLS_AEAD_AES_128_CCM_8 : DTLS_AEAD_AES_128_CCM, 1, out, key, key_len, nonce,
                         nonce_len, aad, aad_len, in, in_len);
    rc = x86shim_aes_init(&c, key, key_len);
    if (rc == 0)
        rc = dtls_ccm_open(x86shim_aes_ecb, &c, tag_len, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&c, sizeof c);
    return rc;
}

/* ---- SHA-256: the hook's exported state is dtls_sha256_ctx's bytes ---- */

static void shim_hash(dtls_sha256_ctx *ctx, int op, const void *data, size_t len, uint8_t *out)
{
    const dtls_crypto_hooks *h = shim(DTLS_X86_SHA);
    dtls_hash_ctx hc;
    int rc;
    memset(&hc, 0, sizeof hc);
    if (op == 0) {
        rc = dtls_crypto_hash_init(h, &hc, DTLS_HASH_SHA256);
        if (rc == 0 && hc.by_hook != 1)
            rc = -1;
    } else {
        hc.alg = DTLS_HASH_SHA256;
        hc.by_hook = 1;
        memcpy(hc.u.hook_state, ctx, sizeof *ctx);
        rc = op == 1 ? dtls_crypto_hash_update(h, &hc, (const uint8_t *)data, len) : dtls_crypto_hash_final(h, &hc, out);
    }
    if (rc != 0) {
        fprintf(stderr, "x86 shim: hash hook failed (%d)\n", rc);
        exit(2);
    }
    memcpy(ctx, hc.u.hook_state, sizeof *ctx);
    dtls_wipe(&hc, sizeof hc);
}

void x86shim_sha256_init(dtls_sha256_ctx *ctx)
{
    shim_hash(ctx, 0, NULL, 0, NULL);
}

void x86shim_sha256_update(dtls_sha256_ctx *ctx, const void *data, size_t len)
{
    shim_hash(ctx, 1, data, len, NULL);
}

void x86shim_sha256_final(dtls_sha256_ctx *ctx, uint8_t out[32])
{
    shim_hash(ctx, 2, NULL, 0, out);
}

void x86shim_sha256(uint8_t out[32], const void *data, size_t len)
{
    dtls_sha256_ctx c;
    x86shim_sha256_init(&c);
    x86shim_sha256_update(&c, data, len);
    x86shim_sha256_final(&c, out);
}
