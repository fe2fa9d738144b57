/* p384.h - under construction (replaced by the module author). */
#ifndef DTLS_P384_H
#define DTLS_P384_H
#include "prologue.h"
#include "algs.h"
#endif
