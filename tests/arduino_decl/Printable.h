/* arduino-esp32 cores/esp32/Printable.h */
#pragma once
#include <stddef.h>
class Print;
class Printable {
  public:
    virtual ~Printable() {}
    virtual size_t printTo(Print &p) const = 0;  /* Printable.h */
};
