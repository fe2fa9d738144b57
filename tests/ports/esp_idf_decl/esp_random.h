/* esp_random.h - from ESP-IDF components/esp_hw_support/include/esp_random.h (v4.4, v6.0). */
#ifndef DTLS_DECL_ESP_RANDOM_H
#define DTLS_DECL_ESP_RANDOM_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
uint32_t esp_random(void);                   /* esp_random.h (v4.4 line 29) */
void esp_fill_random(void *buf, size_t len); /* esp_random.h (v4.4 line 40) */
#ifdef __cplusplus
}
#endif
#endif
