/* arduino-esp32 cores/esp32/IPAddress.h: the members the sketch and
 * DtlsArduino.h use (3.x stores an lwIP ip_addr_t; the representation here
 * is only ours, the declarations are the core's). */
#pragma once
#include <stdint.h>
#include "Printable.h"
class IPAddress : public Printable {
  public:
    IPAddress();                                                        /* IPAddress.h */
    IPAddress(uint8_t first_octet, uint8_t second_octet, uint8_t third_octet,
              uint8_t fourth_octet);                                    /* IPAddress.h */
    uint8_t operator[](int index) const;                                /* IPAddress.h */
    virtual size_t printTo(Print &p) const;                             /* IPAddress.h */
  private:
    uint8_t decl_bytes_[4];
};
