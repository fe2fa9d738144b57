/* ct.h - constant-time comparison and wiping of secrets (public part). */
#ifndef DTLS_CT_H
#define DTLS_CT_H

#include "prologue.h"

DTLS__EXTERN_C_BEGIN

/* 1 if the n bytes at a and b are equal, else 0.  Time depends on n only:
 * use it for every comparison of tags, MACs, verify_data and cookies. */
DTLS_API int dtls_ct_equal(const void *a, const void *b, size_t n);

/* Overwrites n bytes at p with zeros in a way the compiler may not remove.
 * Every secret (keys, key schedules, intermediate values) is wiped with it. */
DTLS_API void dtls_wipe(void *p, size_t n);

DTLS__EXTERN_C_END

#endif /* DTLS_CT_H */
