/* arduino-esp32 3.x libraries/Network/src/NetworkUdp.h: class NetworkUDP
 * (WiFiUdp.h then only says #define WiFiUDP NetworkUDP). */
#pragma once
#include "Udp.h"
class NetworkUDP : public UDP {
  public:
    NetworkUDP();                                       /* NetworkUdp.h */
    uint8_t begin(uint16_t p);                          /* NetworkUdp.h */
    void stop();                                        /* NetworkUdp.h */
    int beginPacket(IPAddress ip, uint16_t port);       /* NetworkUdp.h */
    int beginPacket(const char *host, uint16_t port);   /* NetworkUdp.h */
    int endPacket();                                    /* NetworkUdp.h */
    size_t write(uint8_t);                              /* NetworkUdp.h */
    size_t write(const uint8_t *buffer, size_t size);   /* NetworkUdp.h */
    void flush();                                       /* NetworkUdp.h */
    int parsePacket();                                  /* NetworkUdp.h */
    int available();                                    /* NetworkUdp.h */
    int read();                                         /* NetworkUdp.h */
    int read(unsigned char *buffer, size_t len);        /* NetworkUdp.h */
    int read(char *buffer, size_t len);                 /* NetworkUdp.h */
    int peek();                                         /* NetworkUdp.h */
    IPAddress remoteIP();                               /* NetworkUdp.h */
    uint16_t remotePort();                              /* NetworkUdp.h */
};
