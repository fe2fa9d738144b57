/* chachapoly.h - under construction (replaced by the module author). */
#ifndef DTLS_CHACHAPOLY_H
#define DTLS_CHACHAPOLY_H
#include "prologue.h"
#include "algs.h"
#endif
