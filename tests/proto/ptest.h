/* ptest.h - what a test of a protocol module includes.
 *
 * Protocol modules are private (dtls__ names).  Against the generated header
 * the test compiles the whole library into its own translation unit with
 * DTLS_STATIC, so the private functions are visible; against the split
 * sources it includes the module headers (proto/all.h) and links the objects. */
#ifndef DTLS_PTEST_H
#define DTLS_PTEST_H

#if defined(DTLS_TEST_AMALGAMATED)
#define DTLS_STATIC
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"
#else
#include "../../proto/all.h"
#endif
#include "../test.h"

#endif /* DTLS_PTEST_H */
