/* arduino-esp32 cores/esp32/Udp.h: class UDP, the abstract interface every
 * UDP implementation derives from (the same in the AVR core). */
#pragma once
#include "IPAddress.h"
#include "Stream.h"
class UDP : public Stream {
  public:
    virtual uint8_t begin(uint16_t) = 0;                         /* Udp.h */
    virtual void stop() = 0;                                     /* Udp.h */
    virtual int beginPacket(IPAddress ip, uint16_t port) = 0;    /* Udp.h */
    virtual int beginPacket(const char *host, uint16_t port) = 0; /* Udp.h */
    virtual int endPacket() = 0;                                 /* Udp.h */
    virtual size_t write(uint8_t) = 0;                           /* Udp.h */
    virtual size_t write(const uint8_t *buffer, size_t size) = 0; /* Udp.h */
    virtual int parsePacket() = 0;                               /* Udp.h */
    virtual int available() = 0;                                 /* Udp.h */
    virtual int read() = 0;                                      /* Udp.h */
    virtual int read(unsigned char *buffer, size_t len) = 0;     /* Udp.h */
    virtual int read(char *buffer, size_t len) = 0;              /* Udp.h */
    virtual int peek() = 0;                                      /* Udp.h */
    virtual void flush() = 0;                                    /* Udp.h */
    virtual IPAddress remoteIP() = 0;                            /* Udp.h */
    virtual uint16_t remotePort() = 0;                           /* Udp.h */
};
