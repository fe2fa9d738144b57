/* x86.h - x86 / x86-64 hardware crypto as dtls_crypto_hooks entries, chosen
 * at run time by CPUID:
 *   - AES-NI + PCLMULQDQ (+ SSE4.1): the AES block entries (aes_set_key,
 *     aes_encrypt: AES-128/192/256) and the whole-record AEAD entries
 *     (aead_set_key, aead_seal, aead_open) for AES-128-GCM, AES-256-GCM,
 *     AES-128-CCM and AES-128-CCM_8.  ChaCha20-Poly1305 is declined
 *     (aead_set_key answers DTLS_ERR_UNSUPPORTED): software runs it.
 *   - SHA-NI (+ SSE4.1): the SHA-256 hash entries (hash_init, hash_update,
 *     hash_final; SHA-384 is declined and hashed in software).
 *
 * The entries ignore the table's user pointer, never answer
 * DTLS_ERR_IN_PROGRESS and keep nothing between calls: a key handle holds
 * the raw key (dtls_crypto_key.bytes, as software does) and every record
 * expands it (AES round keys, GHASH powers) on the stack, wiped before the
 * entry returns.  The instructions have data-independent timing (Intel's
 * AES-NI and PCLMULQDQ guidance); the glue has no branch or index on a key,
 * a plaintext or a tag (tests/ct/ct_x86.c, tests/ct/README.md).
 *
 * Built with gcc or clang at the baseline (-march=x86-64 or i686): the
 * functions that use the instructions carry target attributes, so nothing
 * runs them unless CPUID says the processor has them.  On other
 * architectures and compilers the file compiles to dtls_x86_hooks answering
 * DTLS_ERR_UNSUPPORTED.
 *
 *     dtls_crypto_hooks hooks;
 *     memset(&hooks, 0, sizeof hooks);
 *     hooks.random = my_random;
 *     dtls_x86_hooks(&hooks, DTLS_X86_ALL); // then cfg.hooks = &hooks
 */
#ifndef DTLS_PORT_X86_H
#define DTLS_PORT_X86_H

#ifdef __cplusplus
extern "C" {
#endif

struct dtls_crypto_hooks;

#define DTLS_X86_AES 1u /* AES-NI, PCLMULQDQ, SSE4.1: AES block and AES-GCM/CCM records */
#define DTLS_X86_SHA 2u /* SHA-NI, SSE4.1: SHA-256 */
#define DTLS_X86_ALL 3u

/* The DTLS_X86_* groups this processor runs (CPUID); 0 on other architectures. */
unsigned dtls_x86_features(void);

/* Sets the entries of the groups in want that the processor runs and leaves
 * every other entry (random, user, ECDH, ECDSA, ...) as it is.  Returns the
 * DTLS_X86_* groups installed (0: none, hooks unchanged), or
 * DTLS_ERR_UNSUPPORTED when this is not an x86 build with gcc or clang. */
int dtls_x86_hooks(struct dtls_crypto_hooks *hooks, unsigned want);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_X86_H */
