/* p256.h - under construction (replaced by the module author). */
#ifndef DTLS_P256_H
#define DTLS_P256_H
#include "prologue.h"
#include "algs.h"
#endif
