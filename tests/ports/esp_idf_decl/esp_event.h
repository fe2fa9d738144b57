/* esp_event.h - from ESP-IDF components/esp_event/include/esp_event.h (v5.0
 * lines 69, 139) and esp_event_base.h (esp_event_base_t, esp_event_handler_t,
 * ESP_EVENT_ANY_ID, ESP_EVENT_DECLARE_BASE). */
#ifndef DTLS_DECL_ESP_EVENT_H
#define DTLS_DECL_ESP_EVENT_H
#include <stdint.h>
#include "esp_err.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef const char *esp_event_base_t;                                                           /* esp_event_base.h */
typedef void (*esp_event_handler_t)(void *event_handler_arg, esp_event_base_t event_base, int32_t event_id,
                                    void *event_data);                                          /* esp_event_base.h */
#define ESP_EVENT_ANY_ID -1                                                                     /* esp_event_base.h */
#define ESP_EVENT_DECLARE_BASE(id) extern esp_event_base_t const id                             /* esp_event_base.h (v5.0) */
esp_err_t esp_event_loop_create_default(void);                                                  /* esp_event.h */
esp_err_t esp_event_handler_register(esp_event_base_t event_base, int32_t event_id, esp_event_handler_t event_handler,
                                     void *event_handler_arg);                                  /* esp_event.h */
#ifdef __cplusplus
}
#endif
#endif
