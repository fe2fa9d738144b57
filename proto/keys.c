/* keys.c - premaster, master secret, key block and verify_data (see keys.h). */
#include "keys.h"
#include "../crypto/internal.h"
#include "../crypto/hmac.h"

DTLS__PRIV int dtls__keys_psk_premaster(uint8_t *out, size_t cap, const uint8_t *other, size_t other_len,
                                        const uint8_t *psk, size_t psk_len)
{
    size_t n;

    if (out == NULL || psk == NULL || psk_len == 0 || psk_len > DTLS__KEYS_PSK_MAX)
        return DTLS_ERR_BAD_ARG;
    if (other == NULL)
        other_len = psk_len;
    else if (other_len > DTLS__KEYS_OTHER_MAX)
        return DTLS_ERR_BAD_ARG;
    n = 4 + other_len + psk_len;
    if (cap < n)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    out[0] = (uint8_t)(other_len >> 8);
    out[1] = (uint8_t)other_len;
    if (other == NULL)
        memset(out + 2, 0, other_len);
    else
        memmove(out + 2, other, other_len);
    out[2 + other_len] = 0; /* psk_len <= 64 */
    out[3 + other_len] = (uint8_t)psk_len;
    memmove(out + 4 + other_len, psk, psk_len);
    return (int)n;
}

/* The PRF labels (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4): DTLS__ROM (flash
 * on AVR), copied to a small stack buffer for the PRF.  The two of prf64 are
 * 14 bytes with their NUL, the two of Finished 16. */
static const char dtls__keys_l_master[] DTLS__ROM = "master secret";
static const char dtls__keys_l_expansion[] DTLS__ROM = "key expansion";
static const char dtls__keys_l_ems[] DTLS__ROM = "extended master secret";
static const char dtls__keys_l_client[] DTLS__ROM = "client finished";
static const char dtls__keys_l_server[] DTLS__ROM = "server finished";

/* PRF(k's secret, label, a ‖ b) with two 32-byte halves of the seed; rom_label:
 * one of the 14-byte labels above. */
static int dtls__keys_prf64(uint8_t *out, size_t out_len, const dtls_hmac_ctx *k, const char *rom_label,
                            const uint8_t *a, const uint8_t *b)
{
    uint8_t seed[64];
    char label[sizeof dtls__keys_l_master];

    if (a == NULL || b == NULL)
        return DTLS_ERR_BAD_ARG;
    dtls__rom_memcpy(label, rom_label, sizeof label);
    memcpy(seed, a, 32);
    memcpy(seed + 32, b, 32);
    return dtls_tls12_prf_keyed(out, out_len, k, label, seed, sizeof seed);
}

DTLS__PRIV int dtls__keys_master(uint8_t master[48], int prf_hash, const uint8_t *pms, size_t pms_len,
                                 const uint8_t client_random[32], const uint8_t server_random[32])
{
    dtls_hmac_ctx k;
    int rc;
    if (pms == NULL) /* dtls_hmac_init takes a NULL empty key */
        return DTLS_ERR_BAD_ARG;
    rc = dtls_hmac_init(&k, prf_hash, pms, pms_len);
    if (rc == 0)
        rc = dtls__keys_prf64(master, 48, &k, dtls__keys_l_master, client_random, server_random);
    dtls_wipe(&k, sizeof k);
    return rc;
}

/* k keyed by the master secret (keys.h: the *_mk functions take it so). */
static int dtls__keys_mk(dtls_hmac_ctx *k, int prf_hash, const uint8_t master[48])
{
    return master == NULL ? DTLS_ERR_BAD_ARG : dtls_hmac_init(k, prf_hash, master, 48);
}

/* 0 when hash_len is the output length of prf_hash; unknown hashes are left to the PRF. */
static int dtls__keys_hash_len_ok(int prf_hash, size_t hash_len)
{
    size_t want = dtls_hash_len(prf_hash);
    return (want != 0 && hash_len != want) ? DTLS_ERR_BAD_ARG : 0;
}

DTLS__PRIV int dtls__keys_master_ems(uint8_t master[48], int prf_hash, const uint8_t *pms, size_t pms_len,
                                     const uint8_t *session_hash, size_t hash_len)
{
    char label[sizeof dtls__keys_l_ems];
    int rc = dtls__keys_hash_len_ok(prf_hash, hash_len);
    if (rc != 0)
        return rc;
    dtls__rom_memcpy(label, dtls__keys_l_ems, sizeof label);
    return dtls_tls12_prf(master, 48, prf_hash, pms, pms_len, label, session_hash, hash_len);
}

DTLS__PRIV int dtls__keys_block(dtls__key_block *kb, const dtls__suite *s, const uint8_t master[48],
                                const uint8_t client_random[32], const uint8_t server_random[32])
{
    dtls_hmac_ctx k;
    int rc = s == NULL ? DTLS_ERR_BAD_ARG : dtls__keys_mk(&k, s->prf_hash, master);
    if (rc == 0)
        rc = dtls__keys_block_mk(kb, s, &k, client_random, server_random);
    else if (kb != NULL)
        memset(kb, 0, sizeof *kb);
    dtls_wipe(&k, sizeof k);
    return rc;
}

DTLS__PRIV int dtls__keys_block_mk(dtls__key_block *kb, const dtls__suite *s, const dtls_hmac_ctx *mk,
                                   const uint8_t client_random[32], const uint8_t server_random[32])
{
    uint8_t block[2 * 32 + 2 * 12];
    size_t k, iv;
    int rc;

    if (kb == NULL || s == NULL)
        return DTLS_ERR_BAD_ARG;
    memset(kb, 0, sizeof *kb);
    k = s->key_len;
    iv = s->fixed_iv_len;
    if (k > sizeof kb->client_key || iv > sizeof kb->client_iv)
        return DTLS_ERR_BAD_ARG;
    if (mk == NULL || mk->alg != (uint8_t)s->prf_hash)
        return DTLS_ERR_BAD_ARG;
    rc = dtls__keys_prf64(block, 2 * k + 2 * iv, mk, dtls__keys_l_expansion, server_random, client_random);
    if (rc == 0) {
        memcpy(kb->client_key, block, k);
        memcpy(kb->server_key, block + k, k);
        memcpy(kb->client_iv, block + 2 * k, iv);
        memcpy(kb->server_iv, block + 2 * k + iv, iv);
    }
    dtls_wipe(block, sizeof block);
    return rc;
}

DTLS__PRIV int dtls__keys_finished(uint8_t verify_data[12], int prf_hash, const uint8_t master[48],
                                   int is_client, const uint8_t *handshake_hash, size_t hash_len)
{
    dtls_hmac_ctx k;
    int rc = dtls__keys_hash_len_ok(prf_hash, hash_len);
    if (rc == 0)
        rc = dtls__keys_mk(&k, prf_hash, master);
    if (rc == 0)
        rc = dtls__keys_finished_mk(verify_data, &k, is_client, handshake_hash, hash_len);
    dtls_wipe(&k, sizeof k);
    return rc;
}

DTLS__PRIV int dtls__keys_finished_mk(uint8_t verify_data[12], const dtls_hmac_ctx *mk, int is_client,
                                      const uint8_t *handshake_hash, size_t hash_len)
{
    char label[sizeof dtls__keys_l_client];
    int rc = mk == NULL ? DTLS_ERR_BAD_ARG : dtls__keys_hash_len_ok(mk->alg, hash_len);
    if (rc != 0)
        return rc;
    dtls__rom_memcpy(label, is_client ? dtls__keys_l_client : dtls__keys_l_server, sizeof label);
    return dtls_tls12_prf_keyed(verify_data, 12, mk, label, handshake_hash, hash_len);
}

DTLS__PRIV int dtls__keys_export(uint8_t *out, size_t out_len, int prf_hash, const uint8_t master[48],
                                 const uint8_t client_random[32], const uint8_t server_random[32], const char *label,
                                 const uint8_t *context, size_t context_len, int use_context)
{
    uint8_t seed[64 + 2 + DTLS__KEYS_CONTEXT_MAX];
    size_t n = 64;
    int r;
    if (label == NULL || label[0] == '\0' || (out == NULL && out_len != 0) || context_len > DTLS__KEYS_CONTEXT_MAX ||
        (use_context && context == NULL && context_len != 0))
        return DTLS_ERR_BAD_ARG;
    /* an exporter label is never one of the PRF's own (its outputs must stay apart) */
    if (dtls__rom_strcmp(label, dtls__keys_l_master) == 0 || dtls__rom_strcmp(label, dtls__keys_l_expansion) == 0 ||
        dtls__rom_strcmp(label, dtls__keys_l_ems) == 0 || dtls__rom_strcmp(label, dtls__keys_l_client) == 0 ||
        dtls__rom_strcmp(label, dtls__keys_l_server) == 0)
        return DTLS_ERR_BAD_ARG;
    memcpy(seed, client_random, 32);
    memcpy(seed + 32, server_random, 32);
    if (use_context) {
        seed[64] = (uint8_t)(context_len >> 8);
        seed[65] = (uint8_t)context_len;
        if (context_len != 0)
            memcpy(seed + 66, context, context_len);
        n = 66 + context_len;
    }
    r = dtls_tls12_prf(out, out_len, prf_hash, master, 48, label, seed, n);
    dtls_wipe(seed, sizeof seed); /* public values; wiped as the context may not be */
    return r;
}
