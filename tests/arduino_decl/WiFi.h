/* arduino-esp32 libraries/WiFi/src/WiFi.h, WiFiSTA.h, WiFiType.h,
 * WiFiGeneric.h: the station calls the sketch makes. */
#pragma once
#include <stdint.h>
#include "Arduino.h"
#include "IPAddress.h"
#if ESP_ARDUINO_VERSION_MAJOR >= 3
#include "NetworkUdp.h" /* WiFi.h (3.x) includes "NetworkUdp.h" */
#else
#include "WiFiUdp.h"    /* WiFi.h (2.x) includes "WiFiUdp.h" */
#endif

/* WiFiType.h */
typedef enum {
    WL_NO_SHIELD = 255, WL_IDLE_STATUS = 0, WL_NO_SSID_AVAIL = 1, WL_SCAN_COMPLETED = 2,
    WL_CONNECTED = 3, WL_CONNECT_FAILED = 4, WL_CONNECTION_LOST = 5, WL_DISCONNECTED = 6
} wl_status_t;
/* WiFiType.h: #define WIFI_STA WIFI_MODE_STA (esp_wifi_types.h: wifi_mode_t, WIFI_MODE_STA = 1) */
typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA = 1 } wifi_mode_t;
#define WIFI_STA WIFI_MODE_STA

class WiFiClass {
  public:
    bool mode(wifi_mode_t);                                     /* WiFiGeneric.h */
    wl_status_t begin(const char *ssid, const char *passphrase = NULL, int32_t channel = 0,
                      const uint8_t *bssid = NULL, bool connect = true); /* WiFiSTA.h */
    static wl_status_t status();                                /* WiFiSTA.h */
    IPAddress localIP();                                        /* WiFiSTA.h */
};
extern WiFiClass WiFi; /* WiFi.h */
