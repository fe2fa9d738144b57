/* x86_shim.h - runs the existing crypto tests (tests/crypto/test_aes.c,
 * test_gcm.c, test_ccm.c, test_sha2.c) unchanged through the x86 hooks
 * (port/x86.c): force-included (-include) before the test, it renames the
 * software entry points the tests call to the x86shim_* functions of
 * x86_shim.c, which go through a dtls_crypto_hooks table filled by
 * dtls_x86_hooks and the library's dispatch (dtls_crypto_aead_*,
 * dtls_crypto_hash_*):
 *   - dtls_aes_gcm_* with a 16- or 32-byte key and dtls_aes_ccm_* with a
 *     16-byte key and an 8- or 16-byte tag: the whole-record AEAD entries;
 *   - every other key length / tag length (AES-192, Wycheproof's CCM tag
 *     sizes), dtls_aes_init / dtls_aes_encrypt_blocks / dtls_aes_ecb and so
 *     dtls_gcm_* / dtls_ccm_* over dtls_aes_ecb: software GCM/CCM over the
 *     AES block entries (aes_set_key, aes_encrypt);
 *   - dtls_sha256_*: the SHA-NI hash entries (the hook's exported state has
 *     dtls_sha256_ctx's layout, so the test's context holds it).
 * The library objects are compiled without this header. */
#ifndef DTLS_TEST_X86_SHIM_H
#define DTLS_TEST_X86_SHIM_H

#define dtls_aes_init x86shim_aes_init
#define dtls_aes_encrypt_blocks x86shim_aes_encrypt_blocks
#define dtls_aes_ecb x86shim_aes_ecb
#define dtls_aes_gcm_seal x86shim_aes_gcm_seal
#define dtls_aes_gcm_open x86shim_aes_gcm_open
#define dtls_aes_ccm_seal x86shim_aes_ccm_seal
#define dtls_aes_ccm_open x86shim_aes_ccm_open
#define dtls_sha256_init x86shim_sha256_init
#define dtls_sha256_update x86shim_sha256_update
#define dtls_sha256_final x86shim_sha256_final
#define dtls_sha256 x86shim_sha256

#endif /* DTLS_TEST_X86_SHIM_H */
