/* hmac.h - under construction (replaced by the module author). */
#ifndef DTLS_HMAC_H
#define DTLS_HMAC_H
#include "prologue.h"
#include "algs.h"
#endif
