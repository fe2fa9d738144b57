/* esp_idf_version.h - from ESP-IDF components/esp_common/include/esp_idf_version.h
 * (v4.4, v6.0: the same macros).  The version numbers are set by the
 * compile check (-DESP_IDF_VERSION_MAJOR=..); default 5.5. */
#ifndef DTLS_DECL_ESP_IDF_VERSION_H
#define DTLS_DECL_ESP_IDF_VERSION_H
#ifndef ESP_IDF_VERSION_MAJOR
#define ESP_IDF_VERSION_MAJOR 5
#endif
#ifndef ESP_IDF_VERSION_MINOR
#define ESP_IDF_VERSION_MINOR 5
#endif
#ifndef ESP_IDF_VERSION_PATCH
#define ESP_IDF_VERSION_PATCH 0
#endif
/* esp_idf_version.h: ESP_IDF_VERSION_VAL, ESP_IDF_VERSION */
#define ESP_IDF_VERSION_VAL(major, minor, patch) ((major << 16) | (minor << 8) | (patch))
#define ESP_IDF_VERSION ESP_IDF_VERSION_VAL(ESP_IDF_VERSION_MAJOR, ESP_IDF_VERSION_MINOR, ESP_IDF_VERSION_PATCH)
#endif
