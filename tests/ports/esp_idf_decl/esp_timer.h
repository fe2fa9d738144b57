/* esp_timer.h - from ESP-IDF components/esp_timer/include/esp_timer.h (v4.4 line 198, v6.0 line 223). */
#ifndef DTLS_DECL_ESP_TIMER_H
#define DTLS_DECL_ESP_TIMER_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
int64_t esp_timer_get_time(void); /* esp_timer.h: microseconds since boot */
#ifdef __cplusplus
}
#endif
#endif
