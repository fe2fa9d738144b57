/* arduino-esp32 cores/esp32/Stream.h: the pure virtual members. */
#pragma once
#include "Print.h"
class Stream : public Print {
  public:
    virtual int available() = 0; /* Stream.h */
    virtual int read() = 0;      /* Stream.h */
    virtual int peek() = 0;      /* Stream.h */
};
