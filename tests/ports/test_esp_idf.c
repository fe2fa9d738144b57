/* test_esp_idf.c - port/esp_idf.c's logic on the host, against FAKE
 * implementations (in this file) of the ESP-IDF functions it calls, declared
 * by tests/ports/esp_idf_decl.  The fakes model what the real drivers do that
 * matters to the port: esp_aes_crypt_ecb takes and releases the AES lock
 * itself (components/mbedtls/port/aes/esp_aes.c), the AES and SHA locks are
 * not recursive, the SHA engine keeps one digest state that must be written
 * back before each call's blocks and read out after them.  The fake engines
 * compute with the library's software AES and SHA-256, so results must equal
 * software exactly.  Built three times by tests/ports/run.sh: ESP32-C3 with
 * ESP-IDF 5.5 (sha_core.h: esp_sha_block), ESP32-C3 with 4.4 (sha_dma.h:
 * esp_sha_dma) and the original ESP32 (no SHA hooks, AES-192 in hardware). */
#include "../../dtls.h"
#include "../../port/esp_idf.h"
#define DTLS_TEST_AMALGAMATED 1
#include "../test.h"

#include <errno.h>

#include "aes/esp_aes.h"
#include "esp_idf_version.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "sha/sha_core.h"
#include "sha/sha_dma.h"
#include "soc/soc_caps.h"

/* ---- fakes ---- */
static int64_t f_time_us;
static int f_fill_calls;
static int f_aes_locked, f_aes_acq, f_aes_rel, f_aes_ecb_calls, f_aes_violations, f_aes_fail;
static int f_sha_locked, f_sha_acq, f_sha_rel, f_sha_violations, f_sha_mode_set, f_sha_dma_fail_at, f_sha_dma_calls;
static dtls_sha256_ctx f_eng;

static void f_reset(void)
{
    f_aes_locked = f_aes_acq = f_aes_rel = f_aes_ecb_calls = f_aes_violations = f_aes_fail = 0;
    f_sha_locked = f_sha_acq = f_sha_rel = f_sha_violations = f_sha_mode_set = f_sha_dma_calls = 0;
    f_sha_dma_fail_at = -1;
}

int64_t esp_timer_get_time(void)
{
    return f_time_us;
}

void esp_fill_random(void *buf, size_t len)
{
    size_t i;
    f_fill_calls++;
    for (i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = (uint8_t)(0xA0 + i);
}

uint32_t esp_random(void)
{
    return 0x12345678u;
}

void esp_aes_acquire_hardware(void)
{
    if (f_aes_locked)
        f_aes_violations++; /* the real lock is not recursive: a deadlock on the device */
    f_aes_locked = 1;
    f_aes_acq++;
}

void esp_aes_release_hardware(void)
{
    if (!f_aes_locked)
        f_aes_violations++;
    f_aes_locked = 0;
    f_aes_rel++;
}

void esp_aes_init(esp_aes_context *ctx)
{
    memset(ctx, 0, sizeof *ctx);
}

void esp_aes_free(esp_aes_context *ctx)
{
    memset(ctx, 0, sizeof *ctx);
}

int esp_aes_setkey(esp_aes_context *ctx, const unsigned char *key, unsigned int keybits)
{
    if (keybits != 128 && keybits != 256
#if defined(SOC_AES_SUPPORT_AES_192)
        && keybits != 192
#endif
    )
        return -0x0020; /* ERR_ESP_AES_INVALID_KEY_LENGTH */
    ctx->key_bytes = (uint8_t)(keybits / 8);
    memcpy(ctx->key, key, keybits / 8);
    return 0;
}

int esp_aes_crypt_ecb(esp_aes_context *ctx, int mode, const unsigned char input[16], unsigned char output[16])
{
    dtls_aes_ctx a;
    f_aes_ecb_calls++;
    if (mode != ESP_AES_ENCRYPT)
        f_aes_violations++;
    esp_aes_acquire_hardware(); /* as the driver does, per call */
    if (f_aes_fail) {
        esp_aes_release_hardware();
        return -1;
    }
    dtls_aes_init(&a, ctx->key, ctx->key_bytes);
    dtls_aes_encrypt_blocks(&a, output, input, 1);
    esp_aes_release_hardware();
    return 0;
}

void esp_sha_acquire_hardware(void)
{
    if (f_sha_locked)
        f_sha_violations++;
    f_sha_locked = 1;
    f_sha_mode_set = 0;
    f_sha_acq++;
}

void esp_sha_release_hardware(void)
{
    if (!f_sha_locked)
        f_sha_violations++;
    f_sha_locked = 0;
    f_sha_rel++;
}

void esp_sha_set_mode(esp_sha_type sha_type)
{
    if (!f_sha_locked || sha_type != SHA2_256)
        f_sha_violations++;
    f_sha_mode_set = 1;
}

void esp_sha_write_digest_state(esp_sha_type sha_type, void *digest_state)
{
    const uint8_t *b = (const uint8_t *)digest_state;
    int j;
    if (!f_sha_locked || sha_type != SHA2_256)
        f_sha_violations++;
    for (j = 0; j < 8; j++) /* the digest byte order, as the real engine's registers read */
        f_eng.state[j] = (uint32_t)b[4 * j] << 24 | (uint32_t)b[4 * j + 1] << 16 | (uint32_t)b[4 * j + 2] << 8 |
                         b[4 * j + 3];
    f_eng.count = 0;
}

void esp_sha_read_digest_state(esp_sha_type sha_type, void *digest_state)
{
    uint8_t *o = (uint8_t *)digest_state;
    int j;
    if (!f_sha_locked || sha_type != SHA2_256)
        f_sha_violations++;
    for (j = 0; j < 8; j++) {
        o[4 * j] = (uint8_t)(f_eng.state[j] >> 24);
        o[4 * j + 1] = (uint8_t)(f_eng.state[j] >> 16);
        o[4 * j + 2] = (uint8_t)(f_eng.state[j] >> 8);
        o[4 * j + 3] = (uint8_t)f_eng.state[j];
    }
}

static void f_sha_one(const void *blk, bool first)
{
    if (first)
        dtls_sha256_init(&f_eng);
    f_eng.count = 0;
    dtls_sha256_update(&f_eng, blk, 64); /* one compression */
}

void esp_sha_block(esp_sha_type sha_type, const void *data_block, bool is_first_block)
{
    if (!f_sha_locked || sha_type != SHA2_256 || !f_sha_mode_set)
        f_sha_violations++; /* 5.5+: esp_sha_set_mode first */
    f_sha_one(data_block, is_first_block);
}

int esp_sha_dma(esp_sha_type sha_type, const void *input, uint32_t ilen, const void *buf, uint32_t buf_len,
                bool is_first_block)
{
    uint32_t i;
    if (!f_sha_locked || sha_type != SHA2_256 || ilen % 64 != 0 || buf_len != 0 || buf != NULL)
        f_sha_violations++;
    if (f_sha_dma_calls++ == f_sha_dma_fail_at)
        return -1; /* e.g. no DMA channel: the engine is left as it was */
    for (i = 0; i < ilen / 64; i++)
        f_sha_one((const uint8_t *)input + 64 * i, is_first_block && i == 0);
    return 0;
}

/* sockets: a connected UDP socket on fd 7 */
static int f_sso_calls, f_recv_flags, f_recv_errno;
static ssize_t f_recv_ret;
static struct timeval f_tv;

int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen)
{
    f_sso_calls++;
    if (s != 7 || level != SOL_SOCKET || optname != SO_RCVTIMEO || optlen != sizeof f_tv)
        return -1;
    memcpy(&f_tv, optval, sizeof f_tv);
    return 0;
}

ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
    f_recv_flags = flags;
    if (s != 7)
        return -1;
    if (f_recv_ret < 0) {
        errno = f_recv_errno;
        return -1;
    }
    memset(mem, 0x42, (size_t)f_recv_ret < len ? (size_t)f_recv_ret : len);
    memset(from, 0, sizeof(struct sockaddr));
    from->sa_len = 16;
    from->sa_family = AF_INET;
    *fromlen = 16;
    return f_recv_ret;
}

int lwip_socket(int domain, int type, int protocol)
{
    (void)domain;
    (void)type;
    (void)protocol;
    return 7;
}
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen)
{
    (void)s;
    (void)name;
    (void)namelen;
    return 0;
}
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags)
{
    (void)dataptr;
    (void)flags;
    return s == 7 ? (ssize_t)size : -1;
}
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags, const struct sockaddr *to, socklen_t tolen)
{
    (void)dataptr;
    (void)flags;
    (void)to;
    return s == 7 && tolen == 16 ? (ssize_t)size : -1;
}
int lwip_close(int s)
{
    (void)s;
    return 0;
}
void lwip_freeaddrinfo(struct addrinfo *ai)
{
    (void)ai;
}
int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints, struct addrinfo **res)
{
    (void)nodename;
    (void)servname;
    (void)hints;
    *res = NULL;
    return -1;
}

/* ---- cases ---- */
static dtls_crypto_hooks hooks;
static dtls_esp_idf_hw hw;

static void setup(void)
{
    f_reset();
    memset(&hw, 0, sizeof hw);
    dtls_esp_idf_hooks(&hooks, &hw);
}

TEST(random_and_clock)
{
    uint8_t b[40], want[40];
    size_t i;
    setup();
    CHECK(hooks.random == dtls_esp_idf_random);
    CHECK(hooks.user == &hw);
    for (i = 0; i < sizeof want; i++)
        want[i] = (uint8_t)(0xA0 + i);
    f_fill_calls = 0;
    CHECK_EQ(dtls_crypto_random(&hooks, b, sizeof b), 0);
    CHECK_EQ(f_fill_calls, 1);
    CHECK_MEM(b, want, sizeof b);
    f_time_us = 5000999;
    CHECK_EQ(dtls_esp_idf_now_ms(NULL), 5000);
    f_time_us = ((int64_t)1 << 32) * 1000 + 7999; /* 49.7 days: wraps like every dtls_now_fn */
    CHECK_EQ(dtls_esp_idf_now_ms(NULL), 7);
}

/* seal msg with alg under hooks and in pure software: identical bytes; open round trip */
static void aead_same(int alg, const uint8_t *k, size_t klen, int expect_hook)
{
    dtls_crypto_key kh, ks;
    uint8_t nonce[12], aad[13], msg[100], ch[116], cs[116], back[100];
    size_t tag = dtls_crypto_aead_tag_len(alg), nlen = (alg == DTLS_AEAD_AES_128_CCM_8) ? 12 : 12, i;
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 3);
    memset(nonce, 0x11, sizeof nonce);
    memset(aad, 0x22, sizeof aad);
    CHECK_EQ(dtls_crypto_aead_set_key(&hooks, &kh, alg, k, klen), 0);
    CHECK_EQ(kh.by_hook, expect_hook ? 2 : 0);
    CHECK_EQ(dtls_crypto_aead_set_key(NULL, &ks, alg, k, klen), 0);
    CHECK_EQ(dtls_crypto_aead_seal(&hooks, &kh, ch, nonce, nlen, aad, sizeof aad, msg, sizeof msg), 0);
    CHECK_EQ(dtls_crypto_aead_seal(NULL, &ks, cs, nonce, nlen, aad, sizeof aad, msg, sizeof msg), 0);
    CHECK_MEM(ch, cs, sizeof msg + tag);
    CHECK_EQ(dtls_crypto_aead_open(&hooks, &kh, back, nonce, nlen, aad, sizeof aad, ch, sizeof msg + tag), 0);
    CHECK_MEM(back, msg, sizeof msg);
    ch[5] ^= 1;
    CHECK_EQ(dtls_crypto_aead_open(&hooks, &kh, back, nonce, nlen, aad, sizeof aad, ch, sizeof msg + tag),
             DTLS_ERR_AUTH);
}

TEST(aes_hardware_equals_software)
{
    uint8_t k[32];
    size_t i;
    for (i = 0; i < sizeof k; i++)
        k[i] = (uint8_t)(0x30 + i);
    setup();
    CHECK(hooks.aes_set_key != NULL && hooks.aes_encrypt != NULL);
    aead_same(DTLS_AEAD_AES_128_CCM_8, k, 16, 1);
    aead_same(DTLS_AEAD_AES_128_GCM, k, 16, 1);
    aead_same(DTLS_AEAD_AES_256_GCM, k, 32, 1);
    CHECK(hw.aes_hw_blocks > 0);
    CHECK_EQ(hw.aes_sw_blocks, 0);
    CHECK_EQ((long)hw.aes_hw_blocks, f_aes_ecb_calls);
    /* the driver took its lock once per block and the port never held it around the call */
    CHECK_EQ(f_aes_acq, f_aes_ecb_calls);
    CHECK_EQ(f_aes_rel, f_aes_acq);
    CHECK_EQ(f_aes_violations, 0);
    CHECK_EQ(f_aes_locked, 0);
}

TEST(aes_driver_error_falls_back_to_software)
{
    uint8_t k[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    setup();
    f_aes_fail = 1; /* every esp_aes_crypt_ecb fails (released on that path too) */
    aead_same(DTLS_AEAD_AES_128_CCM, k, 16, 1);
    CHECK(hw.aes_sw_blocks > 0);
    CHECK_EQ(hw.aes_hw_blocks, 0);
    CHECK_EQ(f_aes_acq, f_aes_rel);
    CHECK_EQ(f_aes_violations, 0);
}

TEST(aes_192_by_hook)
{
    dtls_crypto_key key;
    dtls_aes_ctx a;
    uint8_t k[24], in[16], out[16], want[16];
    memset(k, 0x5C, sizeof k);
    memset(in, 0xC5, sizeof in);
    setup();
    CHECK_EQ(hooks.aes_set_key(hooks.user, &key, k, 24), 0);
    CHECK_EQ(hooks.aes_set_key(hooks.user, &key, k, 20), DTLS_ERR_BAD_KEY);
    CHECK_EQ(hooks.aes_set_key(hooks.user, &key, k, 24), 0);
    CHECK_EQ(hooks.aes_encrypt(hooks.user, &key, out, in), 0);
    dtls_aes_init(&a, k, 24);
    dtls_aes_encrypt_blocks(&a, want, in, 1);
    CHECK_MEM(out, want, 16);
#if defined(SOC_AES_SUPPORT_AES_192)
    CHECK_EQ(hw.aes_hw_blocks, 1); /* the ESP32 has AES-192 */
    CHECK_EQ(f_aes_ecb_calls, 1);
#else
    CHECK_EQ(hw.aes_sw_blocks, 1); /* the C3 has not: software, the driver never called */
    CHECK_EQ(f_aes_ecb_calls, 0);
#endif
    CHECK_EQ(f_aes_acq, f_aes_rel);
}

/* SHA-256 through the dispatcher in chunks of step bytes vs dtls_sha256 */
static void sha_same(size_t len, size_t step)
{
    static uint8_t msg[1000];
    uint8_t got[32], want[32];
    dtls_hash_ctx h;
    size_t i, off;
    for (i = 0; i < len; i++)
        msg[i] = (uint8_t)(i * 13 + len);
    CHECK_EQ(dtls_crypto_hash_init(&hooks, &h, DTLS_HASH_SHA256), 0);
    CHECK_EQ(h.by_hook, dtls_esp_idf_has_hw_sha() ? 1 : 0);
    for (off = 0; off < len; off += step) {
        size_t n = len - off < step ? len - off : step;
        CHECK_EQ(dtls_crypto_hash_update(&hooks, &h, msg + off, n), 0);
        CHECK_EQ(f_sha_locked, 0); /* never held between calls */
    }
    CHECK_EQ(dtls_crypto_hash_final(&hooks, &h, got), 0);
    dtls_sha256(want, msg, len);
    CHECK_MEM(got, want, 32);
}

TEST(sha256_equals_software)
{
    static const size_t lens[] = {0, 1, 55, 56, 63, 64, 65, 119, 128, 1000};
    size_t i;
    setup();
#if defined(SOC_SHA_SUPPORT_PARALLEL_ENG)
    CHECK_EQ(dtls_esp_idf_has_hw_sha(), 0); /* the ESP32: software, no hooks installed */
    CHECK(hooks.hash_init == NULL);
#else
    CHECK_EQ(dtls_esp_idf_has_hw_sha(), 1);
    CHECK(hooks.hash_init != NULL);
#endif
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        sha_same(lens[i], 1000);
        sha_same(lens[i], 7);
        sha_same(lens[i], 64);
    }
    CHECK_EQ(f_sha_acq, f_sha_rel);
    CHECK_EQ(f_sha_violations, 0);
    if (dtls_esp_idf_has_hw_sha()) {
        CHECK(hw.sha_hw_blocks > 0);
        CHECK_EQ(hw.sha_sw_blocks, 0);
    } else {
        CHECK_EQ(f_sha_acq, 0);
    }
}

TEST(sha256_block_count_and_fork)
{
    uint8_t msg[200], a[32], b[32], wa[32], wb[32];
    dtls_hash_ctx h, fork;
    dtls_sha256_ctx s;
    memset(msg, 0x61, sizeof msg);
    setup();
    CHECK_EQ(dtls_crypto_hash_init(&hooks, &h, DTLS_HASH_SHA256), 0);
    CHECK_EQ(dtls_crypto_hash_update(&hooks, &h, msg, 100), 0);
    fork = h; /* the handshake forks its transcript this way */
    CHECK_EQ(dtls_crypto_hash_update(&hooks, &h, msg, 100), 0);
    CHECK_EQ(dtls_crypto_hash_update(&hooks, &fork, (const uint8_t *)"x", 1), 0);
    CHECK_EQ(dtls_crypto_hash_final(&hooks, &h, a), 0);
    CHECK_EQ(dtls_crypto_hash_final(&hooks, &fork, b), 0);
    dtls_sha256(wa, msg, 200);
    dtls_sha256_init(&s);
    dtls_sha256_update(&s, msg, 100);
    dtls_sha256_update(&s, "x", 1);
    dtls_sha256_final(&s, wb);
    CHECK_MEM(a, wa, 32);
    CHECK_MEM(b, wb, 32);
    if (dtls_esp_idf_has_hw_sha()) {
        /* 200 bytes + padding: 4 blocks; the fork, 101 bytes: 2; the first
         * 64 bytes are hashed once, before the fork */
        CHECK_EQ(hw.sha_hw_blocks, 4 + 2 - 1);
        CHECK_EQ(f_sha_acq, f_sha_rel);
    }
}

TEST(sha384_not_served_goes_to_software)
{
    uint8_t got[48], want[48];
    dtls_hash_ctx h;
    setup();
    CHECK_EQ(dtls_crypto_hash_init(&hooks, &h, DTLS_HASH_SHA384), 0);
    CHECK_EQ(h.by_hook, 0);
    CHECK_EQ(dtls_crypto_hash_update(&hooks, &h, (const uint8_t *)"abc", 3), 0);
    CHECK_EQ(dtls_crypto_hash_final(&hooks, &h, got), 0);
    dtls_sha384(want, "abc", 3);
    CHECK_MEM(got, want, 48);
    CHECK_EQ(f_sha_acq, 0);
}

TEST(sha_driver_error_mid_hash)
{
#if DTLS_ESP_HW_SHA && !defined(SOC_SHA_SUPPORT_PARALLEL_ENG) && ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(5, 5, 0)
    /* sha_dma.h: esp_sha_dma can fail (no DMA channel); the third block fails */
    setup();
    f_sha_dma_fail_at = 2;
    sha_same(1000, 1000);
    CHECK_EQ(hw.sha_hw_errors, 1);
    /* the update's 15 blocks: 2 by the engine, the failed one and the 12
     * after it in software; the final padding block on the engine again */
    CHECK_EQ(hw.sha_hw_blocks, 2 + 1);
    CHECK_EQ(hw.sha_sw_blocks, 13);
    CHECK_EQ(f_sha_acq, f_sha_rel);
    CHECK_EQ(f_sha_violations, 0);
    f_sha_dma_fail_at = 0; /* the very first block fails: software from the initial value */
    sha_same(130, 130);
    CHECK_EQ(f_sha_acq, f_sha_rel);
#else
    test_skip("sha_driver_error_mid_hash", "only esp_sha_dma (ESP-IDF 4.4 - 5.4) reports errors");
#endif
}

TEST(recv_timeouts)
{
    dtls_esp_idf_udp u;
    uint8_t buf[64], addr[28];
    size_t alen = sizeof addr;
    u.fd = 7;
    f_sso_calls = 0;
    f_recv_ret = -1;
    f_recv_errno = EAGAIN;
    CHECK_EQ(dtls_esp_idf_recv(&u, buf, sizeof buf, addr, &alen, 0), 0);
    CHECK_EQ(f_recv_flags, MSG_DONTWAIT); /* SO_RCVTIMEO 0 would wait forever */
    CHECK_EQ(f_sso_calls, 0);
    CHECK_EQ(dtls_esp_idf_recv(&u, buf, sizeof buf, addr, &alen, 1500), 0);
    CHECK_EQ(f_recv_flags, 0);
    CHECK_EQ(f_tv.tv_sec, 1);
    CHECK_EQ(f_tv.tv_usec, 500000);
    CHECK_EQ(dtls_esp_idf_recv(&u, buf, sizeof buf, addr, &alen, UINT32_MAX), 0);
    CHECK_EQ(f_tv.tv_sec, 0);
    CHECK_EQ(f_tv.tv_usec, 0);
    f_recv_errno = ECONNRESET;
    CHECK_EQ(dtls_esp_idf_recv(&u, buf, sizeof buf, addr, &alen, 10), -1);
    f_recv_ret = 20;
    CHECK_EQ(dtls_esp_idf_recv(&u, buf, sizeof buf, addr, &alen, 10), 20);
    CHECK_EQ(alen, 16);
    CHECK_EQ(buf[19], 0x42);
    CHECK_EQ(dtls_esp_idf_send(&u, addr, 16, buf, 20), 20);
    CHECK_EQ(dtls_esp_idf_send(&u, NULL, 0, buf, 20), 20);
    u.fd = 3;
    CHECK_EQ(dtls_esp_idf_send(&u, NULL, 0, buf, 20), -1);
}

int main(void)
{
    printf("# target %s, ESP-IDF %d.%d, SHA hooks %d, AES hooks %d\n",
#if defined(CONFIG_IDF_TARGET_ESP32)
           "esp32",
#else
           "esp32c3",
#endif
           ESP_IDF_VERSION_MAJOR, ESP_IDF_VERSION_MINOR, dtls_esp_idf_has_hw_sha(), dtls_esp_idf_has_hw_aes());
    RUN(random_and_clock);
    RUN(aes_hardware_equals_software);
    RUN(aes_driver_error_falls_back_to_software);
    RUN(aes_192_by_hook);
    RUN(sha256_equals_software);
    RUN(sha256_block_count_and_fork);
    RUN(sha384_not_served_goes_to_software);
    RUN(sha_driver_error_mid_hash);
    RUN(recv_timeouts);
    return test_done();
}
