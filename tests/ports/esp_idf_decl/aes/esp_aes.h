/* aes/esp_aes.h - from ESP-IDF components/mbedtls/port/include/aes/esp_aes.h
 * (v4.4, v6.0: these declarations unchanged) and hal/aes_types.h
 * (components/hal/include/hal/aes_types.h v4.4; esp_hal_security in v6.0). */
#ifndef DTLS_DECL_ESP_AES_H
#define DTLS_DECL_ESP_AES_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
#define ESP_AES_ENCRYPT 1 /* hal/aes_types.h */
#define ESP_AES_DECRYPT 0 /* hal/aes_types.h */
/* aes/esp_aes.h: AES context structure */
typedef struct {
    uint8_t key_bytes;
    volatile uint8_t key_in_hardware;
    uint8_t key[32];
} esp_aes_context;
void esp_aes_acquire_hardware(void);                  /* aes/esp_aes.h */
void esp_aes_release_hardware(void);                  /* aes/esp_aes.h */
void esp_aes_init(esp_aes_context *ctx);              /* aes/esp_aes.h */
void esp_aes_free(esp_aes_context *ctx);              /* aes/esp_aes.h */
int esp_aes_setkey(esp_aes_context *ctx, const unsigned char *key, unsigned int keybits); /* aes/esp_aes.h */
int esp_aes_crypt_ecb(esp_aes_context *ctx, int mode, const unsigned char input[16],
                      unsigned char output[16]);      /* aes/esp_aes.h */
#ifdef __cplusplus
}
#endif
#endif
