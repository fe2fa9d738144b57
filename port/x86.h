/* x86.h - x86 / x86-64 hardware crypto as dtls_crypto_hooks entries, chosen
 * at run time by CPUID:
 *   - AES-NI + PCLMULQDQ (+ SSE4.1): the AES block entries (aes_set_key,
 *     aes_encrypt: AES-128/192/256) and the whole-record AEAD entries
 *     (aead_set_key, aead_seal, aead_open) for AES-128-GCM, AES-256-GCM,
 *     AES-128-CCM and AES-128-CCM_8.  ChaCha20-Poly1305 is declined
 *     (aead_set_key answers DTLS_ERR_UNSUPPORTED): software runs it.
 *     GCM's 8-block groups run AES and GHASH (Karatsuba, one reduction per
 *     group) of neighbouring groups together; where AVX2, VAES and
 *     VPCLMULQDQ run (CPUID, XGETBV) two blocks per instruction.
 *   - SHA-NI (+ SSE4.1): the SHA-256 hash entries (hash_init, hash_update,
 *     hash_final; SHA-384 is declined and hashed in software).
 *
 * The entries never answer DTLS_ERR_IN_PROGRESS.  A key handle holds the
 * raw key (dtls_crypto_key.bytes, as software does).  Installed by
 * dtls_x86_hooks they ignore the table's user pointer and keep nothing
 * between calls: every record expands its key (AES round keys, GHASH key
 * powers) on the stack, wiped before the entry returns.  Installed by
 * dtls_x86_hooks_cached, an AES-128 key is expanded once, when it is set,
 * into a slot of the caller's dtls_x86_cache, and its records use that
 * (a 1 KiB AES-128-GCM seal: about 180 instead of 270 ns with VAES, 240
 * instead of 335 ns without, on a 2.6 GHz Xeon).  The instructions have
 * data-independent timing (Intel's AES-NI and PCLMULQDQ guidance); the glue
 * has no branch or index on a key, a plaintext or a tag (tests/ct/ct_x86.c,
 * tests/ct/README.md).
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
 *
 * or, keeping expanded keys between records (below):
 *
 *     dtls_x86_slot slots[2 * MAX_CONNECTIONS + 2];
 *     dtls_x86_cache cache = {NULL, slots, 2 * MAX_CONNECTIONS + 2, 0, 0};
 *     memset(slots, 0, sizeof slots);
 *     dtls_x86_hooks_cached(&hooks, DTLS_X86_ALL, &cache);
 */
#ifndef DTLS_PORT_X86_H
#define DTLS_PORT_X86_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dtls_crypto_hooks;

#define DTLS_X86_AES 1u /* AES-NI, PCLMULQDQ, SSE4.1: AES block and AES-GCM/CCM records */
#define DTLS_X86_SHA 2u /* SHA-NI, SSE4.1: SHA-256 */
#define DTLS_X86_ALL 3u
/* want only: the 128-bit AES-NI record loop even where VAES and VPCLMULQDQ
 * (with AVX2) would run two blocks per instruction (tests of both loops) */
#define DTLS_X86_NO_VAES 0x100u

/* The DTLS_X86_* groups this processor runs (CPUID); 0 on other architectures. */
unsigned dtls_x86_features(void);

/* Sets the entries of the groups in want that the processor runs and leaves
 * every other entry (random, user, ECDH, ECDSA, ...) as it is.  Returns the
 * DTLS_X86_* groups installed (0: none, hooks unchanged), or
 * DTLS_ERR_UNSUPPORTED when this is not an x86 build with gcc or clang. */
int dtls_x86_hooks(struct dtls_crypto_hooks *hooks, unsigned want);

/* Expanded keys kept between records, in memory the application gives.
 * One slot per AES-128 key in use: two per connection (its read and write
 * keys), and two more per handshake in progress (the next epoch's).  Keys
 * take the slots in turn; a key whose slot a later key took still works,
 * expanded again for each of its records as without a cache.  AES-256 keys
 * are never cached.
 *
 *   - The slots hold expanded keys (as secret as the keys): wipe them
 *     (dtls_wipe(slots, n_slots * sizeof *slots)) when the table is retired;
 *     a closed connection's keys stay until later keys take their slots.
 *   - The cache changes when a key is set: a table with a cache serves one
 *     thread at a time (give each thread its own table and cache).
 *   - The table's user pointer becomes the cache: the application's own
 *     entries (random, ...) then receive the cache as their user argument
 *     and find their own pointer in cache->user. */
#define DTLS_X86_SLOT_BYTES 512
typedef struct dtls_x86_slot {
    uint64_t key_id; /* the key this slot holds, 0 for none */
    uint64_t reserved;
    unsigned char pre[DTLS_X86_SLOT_BYTES]; /* round keys, GHASH key powers */
} dtls_x86_slot;

typedef struct dtls_x86_cache {
    void *user;            /* the application's: see above */
    dtls_x86_slot *slots;  /* n_slots slots, zeroed (or all key_id 0) before the first use */
    size_t n_slots;
    size_t next;           /* the next slot to take: 0 at first */
    uint64_t keys;         /* keys set so far: 0 at first */
} dtls_x86_cache;

/* dtls_x86_hooks, then, when it installed the AES group and cache is not
 * NULL, the AEAD entries that use cache (hooks->user = cache).  Same
 * return values. */
int dtls_x86_hooks_cached(struct dtls_crypto_hooks *hooks, unsigned want, dtls_x86_cache *cache);

#ifdef __cplusplus
}
#endif

#endif /* DTLS_PORT_X86_H */
