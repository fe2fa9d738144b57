/* aes.h - under construction (replaced by the module author). */
#ifndef DTLS_AES_H
#define DTLS_AES_H
#include "prologue.h"
#include "algs.h"
#endif
