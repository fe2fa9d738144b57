/* gcm.h - under construction (replaced by the module author). */
#ifndef DTLS_GCM_H
#define DTLS_GCM_H
#include "prologue.h"
#include "algs.h"
#endif
