/* impl_crypto.c - the implementation of the generated dtls_crypto.h, as the
 * tests link it (compiled as C, or as C++ with -x c++). */
#define DTLS_CRYPTO_IMPLEMENTATION
#include "../dtls_crypto.h"
