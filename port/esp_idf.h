/* esp_idf.h - ESP-IDF (>= 4.4) port: the clock, the random source, UDP over
 * lwIP's BSD sockets, and the AES and SHA-256 peripherals as
 * dtls_crypto_hooks entries.  Built into the component when ESP-IDF compiles
 * this repository (CMakeLists.txt); options in menuconfig (Kconfig:
 * "dtls.h").
 *
 * Facts a user trips on:
 *   - Random: dtls_esp_idf_random is esp_fill_random(), which is a true
 *     random number generator only while the RF subsystem (Wi-Fi or
 *     Bluetooth) is on, or after bootloader_random_enable() (ESP-IDF API
 *     reference, "Random Number Generation"); otherwise its output is
 *     pseudo-random and a handshake's keys are predictable.  Start Wi-Fi
 *     before the first handshake, or call bootloader_random_enable() (and
 *     bootloader_random_disable() before starting Wi-Fi / ADC use).
 *   - The AES and SHA peripherals are shared with the rest of the system
 *     (mbedTLS, esp_https, flash encryption tools).  Each hook call takes the
 *     driver's lock and gives it back before it returns; no entry ever
 *     answers DTLS_ERR_IN_PROGRESS, so no lock is ever held between calls.
 *     AES: esp_aes_crypt_ecb takes and releases the AES lock itself
 *     (components/mbedtls/port/aes: esp_aes_acquire_hardware inside), so the
 *     hook must not take it around the call (the lock is not recursive: on
 *     the ESP32 it is a spinlock critical section).  SHA: the hook takes
 *     esp_sha_acquire_hardware() / esp_sha_release_hardware() around the
 *     blocks of one call, loading and saving the digest state each time.
 *   - The original ESP32's SHA engine cannot load a digest state
 *     (sha/sha_parallel_engine.h: "it is not possible to restore a SHA digest
 *     state into the engine"): the handshake forks its transcript hash, so
 *     there the SHA hooks are not installed and software hashes.  Elsewhere a
 *     SHA-384 hash (hash_init answers DTLS_ERR_UNSUPPORTED) and any block the
 *     hardware refuses are hashed in software; an AES key length the
 *     peripheral lacks (AES-192 on the S2/S3/C-series) or a failed AES call
 *     is computed with the library's software AES.  Counters in
 *     dtls_esp_idf_hw say which path ran.
 *   - Stack: a handshake needs far more than the default main task stack
 *     (3,584 B); see examples/esp32/idf for the figures.
 *
 * Options (value-style, 0/1; from sdkconfig unless defined first):
 *   DTLS_ESP_HW_AES  the AES hooks (CONFIG_DTLS_ESP_HW_AES, and mbedTLS's
 *                    CONFIG_MBEDTLS_HARDWARE_AES, which compiles the driver)
 *   DTLS_ESP_HW_SHA  the SHA-256 hooks (CONFIG_DTLS_ESP_HW_SHA, and
 *                    CONFIG_MBEDTLS_HARDWARE_SHA) */
#ifndef DTLS_PORT_ESP_IDF_H
#define DTLS_PORT_ESP_IDF_H

#include <stddef.h>
#include <stdint.h>

#include "sdkconfig.h"

#ifndef DTLS_ESP_HW_AES
#if defined(CONFIG_DTLS_ESP_HW_AES) && defined(CONFIG_MBEDTLS_HARDWARE_AES)
#define DTLS_ESP_HW_AES 1
#else
#define DTLS_ESP_HW_AES 0
#endif
#endif
#ifndef DTLS_ESP_HW_SHA
#if defined(CONFIG_DTLS_ESP_HW_SHA) && defined(CONFIG_MBEDTLS_HARDWARE_SHA)
#define DTLS_ESP_HW_SHA 1
#else
#define DTLS_ESP_HW_SHA 0
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct dtls_crypto_hooks;

/* Which path each hook call took (the hooks' user pointer; caller-owned). */
typedef struct dtls_esp_idf_hw {
    uint32_t aes_hw_blocks;  /* blocks the AES peripheral encrypted */
    uint32_t aes_sw_blocks;  /* blocks software AES encrypted (key length, driver error) */
    uint32_t sha_hw_blocks;  /* SHA-256 blocks the SHA peripheral hashed */
    uint32_t sha_sw_blocks;  /* SHA-256 blocks hashed in software after a driver error */
    uint32_t sha_hw_errors;  /* driver calls that failed */
} dtls_esp_idf_hw;

/* Fills hooks (wiped first): random = esp_fill_random, and the AES / SHA-256
 * entries this chip and configuration support; user = hw (kept: hw must
 * outlive every context using hooks). */
void dtls_esp_idf_hooks(struct dtls_crypto_hooks *hooks, dtls_esp_idf_hw *hw);
/* 1 when dtls_esp_idf_hooks installs the AES / the SHA-256 entries. */
int dtls_esp_idf_has_hw_aes(void);
int dtls_esp_idf_has_hw_sha(void);

/* dtls_random_fn / hooks->random: esp_fill_random (see "Random" above); 0. */
int dtls_esp_idf_random(void *user, uint8_t *out, size_t len);
/* dtls_now_fn: esp_timer_get_time() / 1000 (microseconds since boot to
 * milliseconds), wrapping at 2^32. */
uint32_t dtls_esp_idf_now_ms(void *user);

/* ---- UDP over lwIP sockets (cfg->user = the dtls_esp_idf_udp) ----
 * Addresses are the struct sockaddr bytes lwIP's resolver gives (at most
 * 28, the library's DTLS_MAX_ADDR default). */
typedef struct dtls_esp_idf_udp {
    int fd;
} dtls_esp_idf_udp;

/* Resolves host:port (lwip_getaddrinfo), opens a UDP socket connected to it,
 * and writes the address to addr (*addr_len: in the capacity, out the
 * length).  0, or -1 (u->fd is then -1; errno or the resolver's code is
 * not kept: log host and port). */
int dtls_esp_idf_udp_connect(dtls_esp_idf_udp *u, const char *host, const char *port, uint8_t *addr,
                             size_t *addr_len);
/* dtls_send_fn: one datagram (to addr, or on the connected socket when
 * addr_len is 0).  len or -1. */
int dtls_esp_idf_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len);
/* dtls_recv_fn: waits up to timeout_ms (UINT32_MAX: forever) for one
 * datagram; its length, 0 on timeout, -1 on error. */
int dtls_esp_idf_recv(void *user, uint8_t *buf, size_t cap, uint8_t *addr, size_t *addr_len,
                      uint32_t timeout_ms);
void dtls_esp_idf_udp_close(dtls_esp_idf_udp *u);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_ESP_IDF_H */
