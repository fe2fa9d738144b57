/* arduino-esp32 cores/esp32/Print.h: the members the sketch calls. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "Printable.h"
class Print {
  public:
    virtual ~Print() {}
    virtual size_t write(uint8_t) = 0;                       /* Print.h */
    virtual size_t write(const uint8_t *buffer, size_t size); /* Print.h */
    virtual void flush();                                    /* Print.h */
    size_t print(const char[]);                              /* Print.h */
    size_t print(int, int = 10);                             /* Print.h: print(int, int = DEC) */
    size_t println(const char[]);                            /* Print.h */
    size_t println(int, int = 10);                           /* Print.h: println(int, int = DEC) */
    size_t println(const Printable &);                       /* Print.h */
    size_t println(void);                                    /* Print.h */
};
