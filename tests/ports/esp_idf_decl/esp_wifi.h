/* esp_wifi.h - from ESP-IDF components/esp_wifi/include/esp_wifi.h (v5.0
 * lines 250, 278, 306, 354, 806), esp_wifi_types.h (wifi_mode_t,
 * wifi_interface_t, wifi_config_t, wifi_event_t: lines 597-600) and
 * esp_wifi_default.h (esp_netif_create_default_wifi_sta).  The structs carry
 * only the members main.c names (the real ones have more); the real
 * WIFI_INIT_CONFIG_DEFAULT() fills every member from sdkconfig; here it makes
 * a value of the type. */
#ifndef DTLS_DECL_ESP_WIFI_H
#define DTLS_DECL_ESP_WIFI_H
#include <stdint.h>
#include "esp_err.h"
#include "esp_event.h"
#include "esp_netif.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct { int magic; } wifi_init_config_t;                            /* esp_wifi.h (members elided) */
#define WIFI_INIT_CONFIG_DEFAULT() {0}                                       /* stand-in, see above */
typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA, WIFI_MODE_AP, WIFI_MODE_APSTA } wifi_mode_t; /* esp_wifi_types.h */
typedef enum { WIFI_IF_STA = 0, WIFI_IF_AP = 1 } wifi_interface_t;          /* esp_wifi_types.h / esp_interface.h */
typedef struct { uint8_t ssid[32]; uint8_t password[64]; } wifi_sta_config_t; /* esp_wifi_types.h (first members) */
typedef union { wifi_sta_config_t sta; } wifi_config_t;                     /* esp_wifi_types.h (ap member elided) */
typedef enum {
    WIFI_EVENT_WIFI_READY = 0, WIFI_EVENT_SCAN_DONE, WIFI_EVENT_STA_START, WIFI_EVENT_STA_STOP,
    WIFI_EVENT_STA_CONNECTED, WIFI_EVENT_STA_DISCONNECTED
} wifi_event_t;                                                              /* esp_wifi_types.h (first members) */
ESP_EVENT_DECLARE_BASE(WIFI_EVENT);                                          /* esp_wifi_types.h */
esp_err_t esp_wifi_init(const wifi_init_config_t *config);                   /* esp_wifi.h */
esp_err_t esp_wifi_set_mode(wifi_mode_t mode);                               /* esp_wifi.h */
esp_err_t esp_wifi_start(void);                                              /* esp_wifi.h */
esp_err_t esp_wifi_connect(void);                                            /* esp_wifi.h */
esp_err_t esp_wifi_set_config(wifi_interface_t interface, wifi_config_t *conf); /* esp_wifi.h */
esp_netif_t *esp_netif_create_default_wifi_sta(void);                        /* esp_wifi_default.h */
#ifdef __cplusplus
}
#endif
#endif
