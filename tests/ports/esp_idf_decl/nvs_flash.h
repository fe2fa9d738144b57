/* nvs_flash.h - from ESP-IDF components/nvs_flash/include/nvs_flash.h (v5.0
 * lines 65, 134) and nvs.h (lines 29, 42, 46). */
#ifndef DTLS_DECL_NVS_FLASH_H
#define DTLS_DECL_NVS_FLASH_H
#include "esp_err.h"
#define ESP_ERR_NVS_BASE 0x1100                                 /* nvs.h */
#define ESP_ERR_NVS_NO_FREE_PAGES (ESP_ERR_NVS_BASE + 0x0d)     /* nvs.h */
#define ESP_ERR_NVS_NEW_VERSION_FOUND (ESP_ERR_NVS_BASE + 0x10) /* nvs.h */
esp_err_t nvs_flash_init(void);                                 /* nvs_flash.h */
esp_err_t nvs_flash_erase(void);                                /* nvs_flash.h */
#endif
