/* x25519.h - under construction (replaced by the module author). */
#ifndef DTLS_X25519_H
#define DTLS_X25519_H
#include "prologue.h"
#include "algs.h"
#endif
