/* rsa.h - under construction (replaced by the module author). */
#ifndef DTLS_RSA_H
#define DTLS_RSA_H
#include "prologue.h"
#include "algs.h"
#endif
