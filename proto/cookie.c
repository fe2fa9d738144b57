/* cookie.c - stateless HelloVerifyRequest cookies (see cookie.h). */
#include "cookie.h"
#include "../crypto/internal.h"
#include "../crypto/hmac.h"

DTLS__PRIV int dtls__cookie_rotate(dtls__cookie_keys *k, dtls_random_fn rng, void *rng_ctx, uint32_t now_ms,
                                   uint32_t lifetime_ms)
{
    uint8_t fresh[64];
    size_t n;

    if (k == NULL || rng == NULL || lifetime_ms == 0)
        return DTLS_ERR_BAD_ARG;
    if (k->ready && (uint32_t)(now_ms - k->rotated_at) < lifetime_ms)
        return 0;
    n = k->ready ? 32 : 64; /* the first call draws the previous generation's secret too */
    if (rng(rng_ctx, fresh, n) != 0) {
        dtls_wipe(fresh, sizeof fresh);
        return DTLS_ERR_RANDOM;
    }
    if (k->ready) {
        k->gen++;
        memcpy(k->secret[k->gen & 1U], fresh, 32);
    } else {
        memcpy(k->secret, fresh, 64);
        k->gen = 0;
        k->ready = 1;
    }
    k->rotated_at = now_ms;
    dtls_wipe(fresh, sizeof fresh);
    return 0;
}

/* Feeds the length of p (in nb = 1 or 2 big-endian bytes), then p. */
static void dtls__cookie_vec(dtls_hmac_ctx *h, size_t nb, const uint8_t *p, size_t n)
{
    uint8_t b[2];
    b[0] = (uint8_t)(n >> 8);
    b[1] = (uint8_t)n;
    dtls_hmac_update(h, b + 2 - nb, nb);
    dtls_hmac_update(h, p, n);
}

/* 1 when p/n is a usable vector whose length fits max. */
static int dtls__cookie_ok(const uint8_t *p, size_t n, uint32_t max)
{
    return (p != NULL || n == 0) && (uint32_t)n == n && (uint32_t)n <= max;
}

/* The full 32-byte MAC of generation gen under secret. */
static int dtls__cookie_mac(uint8_t mac[32], const uint8_t *secret, uint32_t gen, const uint8_t *addr,
                            size_t addr_len, const dtls__ch_fields *ch)
{
    dtls_hmac_ctx h;
    uint8_t b[4];
    int rc;

    if (ch == NULL || ch->random == NULL || !dtls__cookie_ok(addr, addr_len, 255) ||
        !dtls__cookie_ok(ch->session_id, ch->session_id_len, 255) ||
        !dtls__cookie_ok(ch->cipher_suites, ch->cipher_suites_len, 0xFFFFU) ||
        !dtls__cookie_ok(ch->compression, ch->compression_len, 255))
        return DTLS_ERR_BAD_ARG;
    rc = dtls_hmac_init(&h, DTLS_HASH_SHA256, secret, 32);
    if (rc != 0)
        return rc;
    dtls__store32_be(b, gen);
    dtls_hmac_update(&h, b, 4);
    dtls__cookie_vec(&h, 1, addr, addr_len);
    b[0] = (uint8_t)(ch->client_version >> 8);
    b[1] = (uint8_t)ch->client_version;
    dtls_hmac_update(&h, b, 2);
    dtls_hmac_update(&h, ch->random, 32);
    dtls__cookie_vec(&h, 1, ch->session_id, ch->session_id_len);
    dtls__cookie_vec(&h, 2, ch->cipher_suites, ch->cipher_suites_len);
    dtls__cookie_vec(&h, 1, ch->compression, ch->compression_len);
    dtls_hmac_final(&h, mac);
    return 0;
}

DTLS__PRIV int dtls__cookie_make(uint8_t *out, size_t cookie_len, const dtls__cookie_keys *k,
                                 const uint8_t *addr, size_t addr_len, const dtls__ch_fields *ch)
{
    uint8_t mac[32];
    int rc;

    if (out == NULL || cookie_len < 2 || cookie_len > DTLS__COOKIE_MAX || k == NULL || !k->ready)
        return DTLS_ERR_BAD_ARG;
    rc = dtls__cookie_mac(mac, k->secret[k->gen & 1U], k->gen, addr, addr_len, ch);
    if (rc == 0) {
        out[0] = (uint8_t)k->gen;
        memcpy(out + 1, mac, cookie_len - 1);
    }
    dtls_wipe(mac, sizeof mac);
    return rc;
}

DTLS__PRIV int dtls__cookie_check(const dtls__cookie_keys *k, const uint8_t *cookie, size_t len, size_t cookie_len,
                                  const uint8_t *addr, size_t addr_len, const dtls__ch_fields *ch)
{
    uint8_t mac[32];
    uint32_t gen;
    int rc;

    if (cookie_len < 2 || cookie_len > DTLS__COOKIE_MAX || k == NULL)
        return DTLS_ERR_BAD_ARG;
    if (!k->ready || cookie == NULL || len != cookie_len)
        return DTLS_ERR_BAD_COOKIE;
    gen = k->gen; /* the generation byte is public (it is on the wire) */
    if (cookie[0] != (uint8_t)gen) {
        gen--;
        if (cookie[0] != (uint8_t)gen)
            return DTLS_ERR_BAD_COOKIE;
    }
    rc = dtls__cookie_mac(mac, k->secret[gen & 1U], gen, addr, addr_len, ch);
    if (rc == 0) /* no branch on the comparison: the result is computed arithmetically */
        rc = DTLS_ERR_BAD_COOKIE * (1 - dtls_ct_equal(mac, cookie + 1, cookie_len - 1));
    dtls_wipe(mac, sizeof mac);
    return rc;
}
