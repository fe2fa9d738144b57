/* arduino-esp32 cores/esp32/esp_arduino_version.h: the core's version macros. */
#pragma once
#ifndef DECL_ESP_ARDUINO_MAJOR
#define DECL_ESP_ARDUINO_MAJOR 3
#endif
#define ESP_ARDUINO_VERSION_MAJOR DECL_ESP_ARDUINO_MAJOR
#define ESP_ARDUINO_VERSION_MINOR 0
#define ESP_ARDUINO_VERSION_PATCH 0
