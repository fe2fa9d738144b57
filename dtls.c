/* dtls.c - the one translation unit that holds the implementation, for build
 * systems that compile sources rather than headers (Arduino, PlatformIO,
 * ESP-IDF, CMake).  Everyone else may instead write
 *     #define DTLS_IMPLEMENTATION
 *     #include "dtls.h"
 * in exactly one of their own .c files. */
#define DTLS_IMPLEMENTATION
#include "dtls.h"
