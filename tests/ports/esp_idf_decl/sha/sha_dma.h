/* sha/sha_dma.h - from ESP-IDF components/mbedtls/port/include/sha/sha_dma.h (v4.4 - v5.5; removed in v6.0). */
#ifndef DTLS_DECL_SHA_DMA_H
#define DTLS_DECL_SHA_DMA_H
#include <stdbool.h>
#include <stdint.h>
#include "hal/sha_types.h"
#ifdef __cplusplus
extern "C" {
#endif
int esp_sha_dma(esp_sha_type sha_type, const void *input, uint32_t ilen, const void *buf, uint32_t buf_len,
                bool is_first_block);                                        /* sha/sha_dma.h */
void esp_sha_read_digest_state(esp_sha_type sha_type, void *digest_state);  /* sha/sha_dma.h */
void esp_sha_write_digest_state(esp_sha_type sha_type, void *digest_state); /* sha/sha_dma.h */
void esp_sha_acquire_hardware(void);                                        /* sha/sha_dma.h */
void esp_sha_release_hardware(void);                                        /* sha/sha_dma.h */
#ifdef __cplusplus
}
#endif
#endif
