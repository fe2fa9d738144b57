/* esp_err.h - from ESP-IDF components/esp_common/include/esp_err.h (v4.4, v5.0 lines 19-22). */
#ifndef DTLS_DECL_ESP_ERR_H
#define DTLS_DECL_ESP_ERR_H
typedef int esp_err_t; /* esp_err.h */
#define ESP_OK 0       /* esp_err.h */
#endif
