/* x86_shim_record.h - runs tests/proto/test_record.c unchanged with the x86
 * AEAD hooks: force-included (-include) before the test, it makes every
 * record-layer call that passes no hooks table (NULL: software) pass the
 * table dtls_x86_hooks filled (x86shim_hooks in x86_shim.c); a test's own
 * table is passed as it is.  The module headers come first, so their
 * declarations are not renamed. */
#ifndef DTLS_TEST_X86_SHIM_RECORD_H
#define DTLS_TEST_X86_SHIM_RECORD_H

#include "../../proto/all.h"

const dtls_crypto_hooks *x86shim_hooks(const dtls_crypto_hooks *hooks);

#define dtls__cipher_init(c, h, ...) dtls__cipher_init((c), x86shim_hooks(h), __VA_ARGS__)
#define dtls__record_protect(h, ...) dtls__record_protect(x86shim_hooks(h), __VA_ARGS__)
#define dtls__record_protect_cid(h, ...) dtls__record_protect_cid(x86shim_hooks(h), __VA_ARGS__)
#define dtls__record_unprotect(h, ...) dtls__record_unprotect(x86shim_hooks(h), __VA_ARGS__)

#endif /* DTLS_TEST_X86_SHIM_RECORD_H */
