/* hooks.h - hardware hooks: a caller-owned table of function pointers that can
 * replace any primitive the protocol uses, at run time.
 *
 * Ownership: the table and its user pointer belong to the caller; every context
 * that uses it keeps a pointer to it, so it must outlive those contexts.  There
 * is no global registration.  A NULL entry selects the software implementation.
 *
 * Keys: every keyed entry works on a dtls_crypto_key that the hook's own
 * set-key entry filled in.  The software path stores the raw key bytes there;
 * a hook may store a slot number or pointer instead, so software never sees a
 * key the hardware holds.  A secure element's signing key is a dtls_crypto_key
 * the application fills in itself (for example with the slot number).
 *
 * "In progress": any entry may return DTLS_ERR_IN_PROGRESS.  It is then called
 * again with the same arguments until it returns something else.  The dispatch
 * functions below pass DTLS_ERR_IN_PROGRESS to their caller, except for the
 * AES block entry, which software GCM/CCM call repeatedly in the middle of a
 * record: there the dispatcher calls it again at once.  In the protocol
 * (dtls.h): ECDH, ECDSA signing and the whole-record AEAD entries make the
 * engine return to the application and resume later, sending nothing
 * meanwhile; the hash entries (short work on the running transcript) and
 * the random entry are called again at once; an ECDSA verify entry must
 * answer at once (an "in progress" there ends the handshake with
 * internal_error).
 *
 * Algorithms are named by the IANA numbers where there is one. */
#ifndef DTLS_HOOKS_H
#define DTLS_HOOKS_H

#include "prologue.h"
#include "algs.h"
#include "sha2.h"

DTLS__EXTERN_C_BEGIN

#define DTLS_CRYPTO_KEY_MAX 32

/* A key as the hooks see it.  Software: bytes[0..len) is the raw key. */
typedef struct dtls_crypto_key {
    uint8_t bytes[DTLS_CRYPTO_KEY_MAX];
    uint8_t len;
    uint8_t alg;      /* the algorithm the key was set for */
    uint8_t by_hook;  /* 0: software key; 1: made by a whole-AEAD (or ECDH) hook, which
                       * then does every operation and may answer "in progress";
                       * 2: made by the AES block hook (software GCM/CCM over it) */
    uint8_t reserved;
} dtls_crypto_key;

/* Running hash state.  The state is explicit (lives here, not in hardware),
 * so copying the struct forks the hash: the handshake does that to compute a
 * Finished over the transcript so far.  A hook that cannot export its state
 * leaves hash_init NULL or answers DTLS_ERR_UNSUPPORTED, and software is used. */
typedef struct dtls_hash_ctx {
    union {
        dtls_sha256_ctx sha256;
#if DTLS_ENABLE_SHA384
        dtls_sha512_ctx sha512;
#endif
        uint8_t hook_state[216]; /* a hook's own exportable state */
    } u;
    uint8_t alg;     /* enum dtls_hash_alg */
    uint8_t by_hook; /* 1 when the hook owns u.hook_state */
} dtls_hash_ctx;

typedef struct dtls_crypto_hooks {
    void *user; /* passed as the first argument of every entry */

    /* Random bytes (mandatory for the protocol; the crypto core needs it for
     * key generation, hedged ECDSA nonces and RSA blinding).  0 or error.
     * Unlike the other entries this one has no software fallback. */
    int (*random)(void *user, uint8_t *out, size_t len);

    /* AES block cipher (used by software GCM and CCM). */
    int (*aes_set_key)(void *user, dtls_crypto_key *key, const uint8_t *raw, size_t raw_len);
    int (*aes_encrypt)(void *user, const dtls_crypto_key *key, uint8_t out[16], const uint8_t in[16]);

    /* Whole-record AEAD.  seal writes in_len bytes of ciphertext and then the
     * tag to out; open reads ciphertext||tag (in_len includes the tag) and
     * writes in_len - tag bytes, or returns DTLS_ERR_AUTH.  out == in is
     * allowed (records are decrypted in place). */
    int (*aead_set_key)(void *user, dtls_crypto_key *key, int alg, const uint8_t *raw, size_t raw_len);
    int (*aead_seal)(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                     size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                     size_t in_len);
    int (*aead_open)(void *user, const dtls_crypto_key *key, uint8_t *out, const uint8_t *nonce,
                     size_t nonce_len, const uint8_t *aad, size_t aad_len, const uint8_t *in,
                     size_t in_len);

    /* Streaming SHA-256 / SHA-384 over ctx->u.hook_state. */
    int (*hash_init)(void *user, dtls_hash_ctx *ctx, int alg);
    int (*hash_update)(void *user, dtls_hash_ctx *ctx, const uint8_t *data, size_t len);
    int (*hash_final)(void *user, dtls_hash_ctx *ctx, uint8_t *out);

    /* Ephemeral ECDH: keygen makes a private key (kept in *priv, which may be a
     * handle) and writes the public value (X25519: 32 bytes; P-256: 65 bytes,
     * uncompressed) to pub, setting *pub_len.  shared writes the shared secret
     * (32 bytes) and returns DTLS_ERR_ZERO_SHARED / DTLS_ERR_BAD_KEY for an
     * all-zero X25519 result / an invalid peer point. */
    int (*ecdh_keygen)(void *user, int group, dtls_crypto_key *priv, uint8_t *pub, size_t *pub_len);
    int (*ecdh_shared)(void *user, int group, const dtls_crypto_key *priv, const uint8_t *peer,
                       size_t peer_len, uint8_t *secret, size_t *secret_len);

    /* ECDSA.  Signatures are raw r||s (2 x 32 bytes for P-256, 2 x 48 for
     * P-384); the protocol converts to and from DER.  sign uses the key handle
     * only; verify takes an uncompressed public key. */
    int (*ecdsa_sign)(void *user, int group, const dtls_crypto_key *priv, const uint8_t *hash,
                      size_t hash_len, uint8_t *sig);
    int (*ecdsa_verify)(void *user, int group, const uint8_t *pub, size_t pub_len,
                        const uint8_t *hash, size_t hash_len, const uint8_t *sig, size_t sig_len);
} dtls_crypto_hooks;

/* ---- Dispatch: hook when set, otherwise software.  hooks may be NULL. ---- */

/* DTLS_ERR_DISABLED when neither a hook nor the software primitive exists. */
DTLS_API int dtls_crypto_random(const dtls_crypto_hooks *hooks, uint8_t *out, size_t len);

DTLS_API int dtls_crypto_hash_init(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, int alg);
DTLS_API int dtls_crypto_hash_update(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx,
                                     const uint8_t *data, size_t len);
/* Writes 32 or 48 bytes.  ctx is finished (copy it first to keep hashing). */
DTLS_API int dtls_crypto_hash_final(const dtls_crypto_hooks *hooks, dtls_hash_ctx *ctx, uint8_t *out);
DTLS_API size_t dtls_crypto_hash_len(int alg);

/* Sets up key for alg: the AEAD hook's set-key when present, else the AES
 * hook's set-key for the AES-based AEADs, else a software copy of raw. */
DTLS_API int dtls_crypto_aead_set_key(const dtls_crypto_hooks *hooks, dtls_crypto_key *key, int alg,
                                      const uint8_t *raw, size_t raw_len);
DTLS_API int dtls_crypto_aead_seal(const dtls_crypto_hooks *hooks, const dtls_crypto_key *key,
                                   uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                                   const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
DTLS_API int dtls_crypto_aead_open(const dtls_crypto_hooks *hooks, const dtls_crypto_key *key,
                                   uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                                   const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len);
/* Tag length of alg in bytes (8 or 16), 0 for an unknown alg. */
DTLS_API size_t dtls_crypto_aead_tag_len(int alg);
DTLS_API size_t dtls_crypto_aead_key_len(int alg);

DTLS_API int dtls_crypto_ecdh_keygen(const dtls_crypto_hooks *hooks, int group, dtls_crypto_key *priv,
                                     uint8_t *pub, size_t *pub_len);
DTLS_API int dtls_crypto_ecdh_shared(const dtls_crypto_hooks *hooks, int group,
                                     const dtls_crypto_key *priv, const uint8_t *peer, size_t peer_len,
                                     uint8_t *secret, size_t *secret_len);
DTLS_API int dtls_crypto_ecdsa_sign(const dtls_crypto_hooks *hooks, int group,
                                    const dtls_crypto_key *priv, const uint8_t *hash, size_t hash_len,
                                    uint8_t *sig);
DTLS_API int dtls_crypto_ecdsa_verify(const dtls_crypto_hooks *hooks, int group, const uint8_t *pub,
                                      size_t pub_len, const uint8_t *hash, size_t hash_len,
                                      const uint8_t *sig, size_t sig_len);

DTLS__EXTERN_C_END

#endif /* DTLS_HOOKS_H */
