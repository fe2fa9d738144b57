/* arduino-esp32 2.x libraries/WiFi/src/WiFiUdp.h: class WiFiUDP.  (In 3.x
 * this header only says #define WiFiUDP NetworkUDP.) */
#pragma once
#include "Udp.h"
class WiFiUDP : public UDP {
  public:
    WiFiUDP();                                          /* WiFiUdp.h */
    uint8_t begin(uint16_t p);                          /* WiFiUdp.h */
    void stop();                                        /* WiFiUdp.h */
    int beginPacket(IPAddress ip, uint16_t port);       /* WiFiUdp.h */
    int beginPacket(const char *host, uint16_t port);   /* WiFiUdp.h */
    int endPacket();                                    /* WiFiUdp.h */
    size_t write(uint8_t);                              /* WiFiUdp.h */
    size_t write(const uint8_t *buffer, size_t size);   /* WiFiUdp.h */
    void flush();                                       /* WiFiUdp.h */
    int parsePacket();                                  /* WiFiUdp.h */
    int available();                                    /* WiFiUdp.h */
    int read();                                         /* WiFiUdp.h */
    int read(unsigned char *buffer, size_t len);        /* WiFiUdp.h */
    int read(char *buffer, size_t len);                 /* WiFiUdp.h */
    int peek();                                         /* WiFiUdp.h */
    IPAddress remoteIP();                               /* WiFiUdp.h */
    uint16_t remotePort();                              /* WiFiUdp.h */
};
