/* ccm.h - under construction (replaced by the module author). */
#ifndef DTLS_CCM_H
#define DTLS_CCM_H
#include "prologue.h"
#include "algs.h"
#endif
