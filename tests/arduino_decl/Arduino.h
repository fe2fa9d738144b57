/* arduino-esp32 cores/esp32/Arduino.h (which arduino-builder / arduino-cli
 * include at the top of every sketch): the parts the sketch uses. */
#pragma once
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "esp_arduino_version.h" /* Arduino.h includes it */
#include "Stream.h"

#ifdef __cplusplus
extern "C" {
#endif
unsigned long millis(void);  /* cores/esp32/esp32-hal.h: unsigned long millis(); */
void delay(uint32_t);        /* cores/esp32/esp32-hal.h */
#ifdef __cplusplus
}
#endif

/* cores/esp32/HardwareSerial.h: class HardwareSerial : public Stream */
class HardwareSerial : public Stream {
  public:
    void begin(unsigned long baud, uint32_t config = 0x800001c /* SERIAL_8N1, esp32-hal-uart.h */, int8_t rxPin = -1, int8_t txPin = -1,
               bool invert = false, unsigned long timeout_ms = 20000UL, uint8_t rxfifo_full_thrhd = 112); /* HardwareSerial.h */
    int available();       /* HardwareSerial.h */
    int read();            /* HardwareSerial.h */
    int peek();            /* HardwareSerial.h */
    size_t write(uint8_t); /* HardwareSerial.h */
};
extern HardwareSerial Serial; /* HardwareSerial.h: extern HardwareSerial Serial (Serial0) */

void setup(void); /* Arduino.h */
void loop(void);  /* Arduino.h */
