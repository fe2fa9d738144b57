/* esp_idf.c - ESP-IDF port (see esp_idf.h): esp_timer, esp_fill_random, lwIP
 * sockets, and the AES / SHA-256 peripherals through the mbedtls component's
 * driver API (components/mbedtls/port/include: aes/esp_aes.h, sha/sha_dma.h
 * for ESP-IDF 4.4 - 5.4, sha/sha_core.h from 5.5). */
#include "../dtls.h"
#include "esp_idf.h"

#include <errno.h>
#include <string.h>
#include <sys/time.h>

#include "esp_idf_version.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "soc/soc_caps.h"

#if DTLS_ESP_HW_AES
#include "aes/esp_aes.h"
#endif

/* The SHA-256 engine interface, by ESP-IDF version and chip:
 *   1: sha/sha_core.h (5.5+): esp_sha_set_mode, then esp_sha_block per block;
 *   2: sha/sha_dma.h (4.4 - 5.4, chips with SOC_SHA_SUPPORT_DMA): esp_sha_dma;
 *   0: software (the ESP32's parallel engine cannot load a state; chips
 *      without DMA before 5.5; or the option is off). */
#if DTLS_ESP_HW_SHA && defined(SOC_SHA_SUPPORT_PARALLEL_ENG)
#define DTLS__ESP_SHA 0
#elif DTLS_ESP_HW_SHA && ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
#define DTLS__ESP_SHA 1
#include "sha/sha_core.h"
#elif DTLS_ESP_HW_SHA && defined(SOC_SHA_SUPPORT_DMA)
#define DTLS__ESP_SHA 2
#include "sha/sha_dma.h"
#else
#define DTLS__ESP_SHA 0
#endif

int dtls_esp_idf_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    esp_fill_random(out, len);
    return 0;
}

uint32_t dtls_esp_idf_now_ms(void *user)
{
    (void)user;
    return (uint32_t)((uint64_t)esp_timer_get_time() / 1000u);
}

/* ---- AES block hook ---- */
#if DTLS_ESP_HW_AES

static int dtls__esp_aes_set_key(void *user, dtls_crypto_key *key, const uint8_t *raw, size_t raw_len)
{
    (void)user;
    if (raw_len != 16 && raw_len != 24 && raw_len != 32)
        return DTLS_ERR_BAD_KEY;
    /* the raw key stays in key (the driver's context is made per call) so
     * that software AES can take over for any block */
    memcpy(key->bytes, raw, raw_len);
    key->len = (uint8_t)raw_len;
    return 0;
}

static int dtls__esp_aes_encrypt(void *user, const dtls_crypto_key *key, uint8_t out[16], const uint8_t in[16])
{
    dtls_esp_idf_hw *hw = (dtls_esp_idf_hw *)user;
    int hw_len = key->len == 16 || key->len == 32;
#if defined(SOC_AES_SUPPORT_AES_192)
    hw_len = hw_len || key->len == 24;
#endif
    if (hw_len) {
        esp_aes_context c;
        int rc;
        esp_aes_init(&c);
        rc = esp_aes_setkey(&c, key->bytes, (unsigned)key->len * 8u);
        /* esp_aes_crypt_ecb acquires and releases the AES peripheral itself */
        if (rc == 0)
            rc = esp_aes_crypt_ecb(&c, ESP_AES_ENCRYPT, in, out);
        esp_aes_free(&c); /* wipes the key copy */
        if (rc == 0) {
            if (hw != NULL)
                hw->aes_hw_blocks++;
            return 0;
        }
    }
#if DTLS_ENABLE_AES
    {
        dtls_aes_ctx a;
        int rc = dtls_aes_init(&a, key->bytes, key->len);
        if (rc == 0)
            dtls_aes_encrypt_blocks(&a, out, in, 1);
        dtls_wipe(&a, sizeof a);
        if (rc == 0 && hw != NULL)
            hw->aes_sw_blocks++;
        return rc;
    }
#else
    (void)hw;
    (void)out;
    (void)in;
    (void)key;
    return DTLS_ERR_HOOK; /* nothing else can encrypt this block */
#endif
}
#endif /* DTLS_ESP_HW_AES */

/* ---- SHA-256 hooks ---- */
#if DTLS__ESP_SHA

/* The running hash, kept in dtls_hash_ctx.u.hook_state (copied in and out:
 * the handshake forks a hash by copying the struct, so nothing may live in
 * the peripheral between calls). */
typedef struct dtls__esp_sha {
    uint32_t h[8];    /* the engine's digest state as esp_sha_read_digest_state writes it (digest byte order) */
    uint64_t count;   /* bytes hashed */
    uint8_t buf[64];  /* partial block */
    uint8_t first;    /* no block hashed yet: the engine starts from the initial value */
} dtls__esp_sha;

typedef char dtls__esp_sha_fits[sizeof(dtls__esp_sha) <= sizeof(((dtls_hash_ctx *)0)->u.hook_state) ? 1 : -1];

/* Hashes n 64-byte blocks: the engine under its lock for this call only;
 * blocks the driver refuses are hashed in software from the saved state. */
static void dtls__esp_sha_blocks(dtls_esp_idf_hw *hw, dtls__esp_sha *s, const uint8_t *blocks, size_t n)
{
    size_t i = 0;
    if (n == 0)
        return;
    esp_sha_acquire_hardware();
#if DTLS__ESP_SHA == 1
    esp_sha_set_mode(SHA2_256);
#endif
    if (!s->first)
        esp_sha_write_digest_state(SHA2_256, s->h);
    for (; i < n; i++) {
        uint32_t blk[16]; /* word-aligned, in internal RAM (DMA-capable) */
        memcpy(blk, blocks + 64 * i, 64);
#if DTLS__ESP_SHA == 1
        esp_sha_block(SHA2_256, blk, s->first != 0);
#else
        if (esp_sha_dma(SHA2_256, blk, 64, NULL, 0, s->first != 0) != 0) {
            if (hw != NULL)
                hw->sha_hw_errors++;
            break;
        }
#endif
        s->first = 0;
        if (hw != NULL)
            hw->sha_hw_blocks++;
    }
    if (!s->first)
        esp_sha_read_digest_state(SHA2_256, s->h);
    esp_sha_release_hardware();
    if (i < n) {
        /* software from the state so far (FIPS 180-4 6.2: H is all there is) */
        dtls_sha256_ctx c;
        const uint8_t *b = (const uint8_t *)s->h;
        unsigned j;
        dtls_sha256_init(&c);
        if (!s->first)
            for (j = 0; j < 8; j++)
                c.state[j] = (uint32_t)b[4 * j] << 24 | (uint32_t)b[4 * j + 1] << 16 | (uint32_t)b[4 * j + 2] << 8 |
                             b[4 * j + 3];
        c.count = 0; /* whole blocks only: nothing buffered */
        dtls_sha256_update(&c, blocks + 64 * i, 64 * (n - i));
        {
            uint8_t *o = (uint8_t *)s->h;
            for (j = 0; j < 8; j++) {
                o[4 * j] = (uint8_t)(c.state[j] >> 24);
                o[4 * j + 1] = (uint8_t)(c.state[j] >> 16);
                o[4 * j + 2] = (uint8_t)(c.state[j] >> 8);
                o[4 * j + 3] = (uint8_t)c.state[j];
            }
        }
        dtls_wipe(&c, sizeof c);
        s->first = 0;
        if (hw != NULL)
            hw->sha_sw_blocks += (uint32_t)(n - i);
    }
}

static int dtls__esp_hash_init(void *user, dtls_hash_ctx *ctx, int alg)
{
    dtls__esp_sha s;
    (void)user;
    if (alg != DTLS_HASH_SHA256)
        return DTLS_ERR_UNSUPPORTED; /* SHA-384: software */
    memset(&s, 0, sizeof s);
    s.first = 1;
    memcpy(ctx->u.hook_state, &s, sizeof s);
    return 0;
}

static int dtls__esp_hash_update(void *user, dtls_hash_ctx *ctx, const uint8_t *data, size_t len)
{
    dtls__esp_sha s;
    size_t have;
    memcpy(&s, ctx->u.hook_state, sizeof s);
    have = (size_t)(s.count % 64u);
    s.count += len;
    if (have > 0) {
        size_t take = 64 - have < len ? 64 - have : len;
        memcpy(s.buf + have, data, take);
        data += take;
        len -= take;
        have += take;
        if (have == 64)
            dtls__esp_sha_blocks((dtls_esp_idf_hw *)user, &s, s.buf, 1);
    }
    if (len >= 64) {
        dtls__esp_sha_blocks((dtls_esp_idf_hw *)user, &s, data, len / 64);
        data += len - len % 64;
        len %= 64;
    }
    if (len > 0)
        memcpy(s.buf, data, len);
    memcpy(ctx->u.hook_state, &s, sizeof s);
    dtls_wipe(&s, sizeof s);
    return 0;
}

static int dtls__esp_hash_final(void *user, dtls_hash_ctx *ctx, uint8_t *out)
{
    dtls__esp_sha s;
    uint8_t pad[128];
    size_t have, n;
    uint64_t bits;
    unsigned j;
    memcpy(&s, ctx->u.hook_state, sizeof s);
    have = (size_t)(s.count % 64u);
    bits = s.count * 8u;
    /* FIPS 180-4 5.1.1: 0x80, zeros, the bit length big-endian */
    memset(pad, 0, sizeof pad);
    memcpy(pad, s.buf, have);
    pad[have] = 0x80;
    n = have < 56 ? 64 : 128;
    for (j = 0; j < 8; j++)
        pad[n - 1 - j] = (uint8_t)(bits >> (8 * j));
    dtls__esp_sha_blocks((dtls_esp_idf_hw *)user, &s, pad, n / 64);
    memcpy(out, s.h, 32);
    dtls_wipe(&s, sizeof s);
    dtls_wipe(pad, sizeof pad);
    dtls_wipe(ctx->u.hook_state, sizeof ctx->u.hook_state);
    return 0;
}
#endif /* DTLS__ESP_SHA */

int dtls_esp_idf_has_hw_aes(void)
{
    return DTLS_ESP_HW_AES;
}

int dtls_esp_idf_has_hw_sha(void)
{
    return DTLS__ESP_SHA != 0;
}

void dtls_esp_idf_hooks(struct dtls_crypto_hooks *hooks, dtls_esp_idf_hw *hw)
{
    memset(hooks, 0, sizeof *hooks);
    hooks->user = hw;
    hooks->random = dtls_esp_idf_random;
#if DTLS_ESP_HW_AES
    hooks->aes_set_key = dtls__esp_aes_set_key;
    hooks->aes_encrypt = dtls__esp_aes_encrypt;
#endif
#if DTLS__ESP_SHA
    hooks->hash_init = dtls__esp_hash_init;
    hooks->hash_update = dtls__esp_hash_update;
    hooks->hash_final = dtls__esp_hash_final;
#endif
}

/* ---- UDP over lwIP sockets ---- */

int dtls_esp_idf_udp_connect(dtls_esp_idf_udp *u, const char *host, const char *port, uint8_t *addr,
                             size_t *addr_len)
{
    struct addrinfo hints, *res = NULL;
    int fd;
    u->fd = -1;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    if (lwip_getaddrinfo(host, port, &hints, &res) != 0 || res == NULL) {
        if (res != NULL)
            lwip_freeaddrinfo(res);
        return -1;
    }
    if ((size_t)res->ai_addrlen > *addr_len || (size_t)res->ai_addrlen > DTLS_MAX_ADDR) {
        lwip_freeaddrinfo(res);
        return -1;
    }
    fd = lwip_socket(res->ai_family, SOCK_DGRAM, 0);
    if (fd < 0 || lwip_connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        if (fd >= 0)
            lwip_close(fd);
        lwip_freeaddrinfo(res);
        return -1;
    }
    memcpy(addr, res->ai_addr, (size_t)res->ai_addrlen);
    *addr_len = (size_t)res->ai_addrlen;
    lwip_freeaddrinfo(res);
    u->fd = fd;
    return 0;
}

int dtls_esp_idf_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    const dtls_esp_idf_udp *u = (const dtls_esp_idf_udp *)user;
    ssize_t n;
    if (addr_len == 0)
        n = lwip_send(u->fd, data, len, 0);
    else
        n = lwip_sendto(u->fd, data, len, 0, (const struct sockaddr *)(const void *)addr, (socklen_t)addr_len);
    return n < 0 ? -1 : (int)n;
}

int dtls_esp_idf_recv(void *user, uint8_t *buf, size_t cap, uint8_t *addr, size_t *addr_len,
                      uint32_t timeout_ms)
{
    const dtls_esp_idf_udp *u = (const dtls_esp_idf_udp *)user;
    struct sockaddr_storage ss;
    socklen_t sl = (socklen_t)sizeof ss;
    ssize_t n;
    int flags = 0;
    if (timeout_ms == 0) {
        flags = MSG_DONTWAIT; /* SO_RCVTIMEO 0 would mean "forever" in lwIP */
    } else {
        struct timeval tv;
        uint32_t t = timeout_ms == UINT32_MAX ? 0 : timeout_ms; /* 0: no timeout */
        tv.tv_sec = (time_t)(t / 1000u);
        tv.tv_usec = (int)((t % 1000u) * 1000u);
        if (lwip_setsockopt(u->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, (socklen_t)sizeof tv) < 0)
            return -1;
    }
    for (;;) {
        n = lwip_recvfrom(u->fd, buf, cap, flags, (struct sockaddr *)(void *)&ss, &sl);
        if (n < 0)
            return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
        if (n > 0)
            break;
        /* an empty datagram: wait for the next one */
    }
    if (addr != NULL && addr_len != NULL) {
        size_t l = (size_t)sl < *addr_len ? (size_t)sl : *addr_len;
        memcpy(addr, &ss, l);
        *addr_len = l;
    }
    return (int)n;
}

void dtls_esp_idf_udp_close(dtls_esp_idf_udp *u)
{
    if (u->fd >= 0)
        lwip_close(u->fd);
    u->fd = -1;
}
