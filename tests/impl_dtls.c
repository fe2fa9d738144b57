/* impl_dtls.c - compiles the generated dtls.h with its implementation (the
 * C++ and cross-compiler checks build this file). */
#define DTLS_IMPLEMENTATION
#include "../dtls.h"
