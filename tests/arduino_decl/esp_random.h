/* ESP-IDF components/esp_hw_support/include/esp_random.h (IDF >= 4.3; the
 * Arduino-ESP32 2.x and 3.x cores are built on IDF 4.4 and 5.x). */
#pragma once
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
uint32_t esp_random(void);                     /* esp_random.h */
void esp_fill_random(void *buf, size_t len);   /* esp_random.h */
#ifdef __cplusplus
}
#endif
