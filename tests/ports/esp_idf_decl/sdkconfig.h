/* sdkconfig.h - stand-in for the header ESP-IDF generates from menuconfig
 * (build/config/sdkconfig.h): the CONFIG_* the port and the example read.
 * Booleans that are off are absent, as in the generated file. */
#ifndef DTLS_DECL_SDKCONFIG_H
#define DTLS_DECL_SDKCONFIG_H
#if !defined(CONFIG_IDF_TARGET_ESP32) && !defined(CONFIG_IDF_TARGET_ESP32C3)
#define CONFIG_IDF_TARGET_ESP32C3 1
#endif
/* components/mbedtls/Kconfig: MBEDTLS_HARDWARE_AES, MBEDTLS_HARDWARE_SHA (default y) */
#define CONFIG_MBEDTLS_HARDWARE_AES 1
#define CONFIG_MBEDTLS_HARDWARE_SHA 1
/* this repository's Kconfig */
#define CONFIG_DTLS_ESP_HW_AES 1
#define CONFIG_DTLS_ESP_HW_SHA 1
/* examples/esp32/idf/main/Kconfig.projbuild */
#define CONFIG_DTLS_EXAMPLE_WIFI_SSID "myssid"
#define CONFIG_DTLS_EXAMPLE_WIFI_PASSWORD "mypassword"
#define CONFIG_DTLS_EXAMPLE_SERVER_HOST "192.168.1.10"
#define CONFIG_DTLS_EXAMPLE_SERVER_PORT 4433
#define CONFIG_DTLS_EXAMPLE_PSK_IDENTITY "device-1"
#define CONFIG_DTLS_EXAMPLE_PSK_KEY_HEX "000102030405060708090a0b0c0d0e0f"
#define CONFIG_DTLS_EXAMPLE_TASK_STACK 10240
#endif
