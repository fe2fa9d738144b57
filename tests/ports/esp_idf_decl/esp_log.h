/* esp_log.h - from ESP-IDF components/log/include/esp_log.h (v5.0 line 136:
 * esp_log_write).  ESP_LOGI / ESP_LOGE are macros there that add a colour,
 * a timestamp and the tag around esp_log_write; here they reduce to the call. */
#ifndef DTLS_DECL_ESP_LOG_H
#define DTLS_DECL_ESP_LOG_H
#ifdef __cplusplus
extern "C" {
#endif
typedef enum { ESP_LOG_NONE, ESP_LOG_ERROR, ESP_LOG_WARN, ESP_LOG_INFO, ESP_LOG_DEBUG, ESP_LOG_VERBOSE } esp_log_level_t; /* esp_log.h */
void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...)
    __attribute__((format(printf, 3, 4))); /* esp_log.h */
#define ESP_LOGE(tag, ...) esp_log_write(ESP_LOG_ERROR, tag, __VA_ARGS__) /* stand-in for esp_log.h's macro */
#define ESP_LOGI(tag, ...) esp_log_write(ESP_LOG_INFO, tag, __VA_ARGS__)  /* stand-in for esp_log.h's macro */
#ifdef __cplusplus
}
#endif
#endif
