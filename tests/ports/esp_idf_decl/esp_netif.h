/* esp_netif.h - from ESP-IDF components/esp_netif/include/esp_netif.h (v5.0
 * line 40) and esp_netif_types.h (IP_EVENT, ip_event_t: IP_EVENT_STA_GOT_IP
 * first, line 96). */
#ifndef DTLS_DECL_ESP_NETIF_H
#define DTLS_DECL_ESP_NETIF_H
#include "esp_err.h"
#include "esp_event.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct esp_netif_obj esp_netif_t;                /* esp_netif_types.h */
ESP_EVENT_DECLARE_BASE(IP_EVENT);                        /* esp_netif_types.h */
typedef enum { IP_EVENT_STA_GOT_IP = 0 } ip_event_t;     /* esp_netif_types.h (first member only) */
esp_err_t esp_netif_init(void);                          /* esp_netif.h */
#ifdef __cplusplus
}
#endif
#endif
