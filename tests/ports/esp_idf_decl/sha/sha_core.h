/* sha/sha_core.h - from ESP-IDF components/mbedtls/port/include/sha/sha_core.h (v5.5, v6.0). */
#ifndef DTLS_DECL_SHA_CORE_H
#define DTLS_DECL_SHA_CORE_H
#include <stdbool.h>
#include <stddef.h>
#include "hal/sha_types.h"
#include "soc/soc_caps.h"
#ifdef __cplusplus
extern "C" {
#endif
void esp_sha_set_mode(esp_sha_type sha_type);                                         /* sha/sha_core.h */
void esp_sha_block(esp_sha_type sha_type, const void *data_block, bool is_first_block); /* sha/sha_core.h */
void esp_sha_read_digest_state(esp_sha_type sha_type, void *digest_state);            /* sha/sha_core.h */
void esp_sha_write_digest_state(esp_sha_type sha_type, void *digest_state);           /* sha/sha_core.h */
void esp_sha_acquire_hardware(void);                                                  /* sha/sha_core.h */
void esp_sha_release_hardware(void);                                                  /* sha/sha_core.h */
#ifdef __cplusplus
}
#endif
#endif
