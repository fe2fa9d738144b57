/* sha2.h - under construction (replaced by the module author). */
#ifndef DTLS_SHA2_H
#define DTLS_SHA2_H
#include "prologue.h"
#include "algs.h"
#endif
