/* freertos/FreeRTOS.h - ESP-IDF components/freertos (v5.0: FreeRTOS-Kernel
 * include/freertos/FreeRTOS.h, portmacro.h, projdefs.h; esp_bit_defs.h for
 * BIT0): the types and macros main.c uses.  configTICK_RATE_HZ is the
 * sdkconfig default (CONFIG_FREERTOS_HZ=100). */
#ifndef DTLS_DECL_FREERTOS_H
#define DTLS_DECL_FREERTOS_H
#include <stdint.h>
typedef int BaseType_t;             /* portmacro.h: portBASE_TYPE int */
typedef unsigned int UBaseType_t;   /* portmacro.h */
typedef uint32_t TickType_t;        /* portmacro.h */
#define portMAX_DELAY (TickType_t)0xffffffffUL /* portmacro.h */
#define pdFALSE ((BaseType_t)0)     /* projdefs.h */
#define pdTRUE ((BaseType_t)1)      /* projdefs.h */
#define BIT0 0x00000001             /* esp_bit_defs.h */
#endif
