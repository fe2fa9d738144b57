/* hmac.h - HMAC-SHA-256 / HMAC-SHA-384 (RFC 2104, FIPS 198-1) and the TLS 1.2
 * PRF (RFC 5246 §5: PRF(secret, label, seed) = P_<hash>(secret, label || seed)).
 *
 * hash_alg is DTLS_HASH_SHA256 or DTLS_HASH_SHA384 (algs.h).  Any other value
 * gives DTLS_ERR_UNSUPPORTED; DTLS_HASH_SHA384 with DTLS_ENABLE_SHA384 == 0
 * gives DTLS_ERR_DISABLED.
 *
 * Ownership: dtls_hmac_ctx is a plain caller-owned struct.  After
 * dtls_hmac_init it holds only the hash states after the ipad and opad
 * blocks, never the key, so the key buffer may be wiped or reused at once;
 * copying an initialised context forks it (one keyed template, many MACs).
 * dtls_hmac_final writes dtls_hash_len(alg) bytes and wipes the context.
 * A context whose init failed is zeroed: update ignores it and final writes
 * nothing.
 *
 * Aliasing: dtls_hmac's out may overlap key or msg (it is written last).
 * dtls_tls12_prf's out may overlap secret (absorbed before any output), but
 * must not overlap label or seed (read again for every output block).
 *
 * Constant time: time depends only on the lengths and hash_alg, never on the
 * key, message or secret bytes.  Intermediates are wiped before return. */
#ifndef DTLS_HMAC_H
#define DTLS_HMAC_H

#include "prologue.h"
#include "config.h"
#include "algs.h"
#include "sha2.h"

DTLS__EXTERN_C_BEGIN

#if DTLS_ENABLE_SHA384
#define DTLS_HMAC_MAX_LEN DTLS_SHA384_LEN
#else
#define DTLS_HMAC_MAX_LEN DTLS_SHA256_LEN
#endif

typedef struct dtls_hmac_ctx {
    union {
        dtls_sha256_ctx sha256;
#if DTLS_ENABLE_SHA384
        dtls_sha512_ctx sha512;
#endif
    } inner; /* hash of (key ^ ipad) || message so far */
    union {
        uint32_t sha256[8];
#if DTLS_ENABLE_SHA384
        uint64_t sha512[8];
#endif
    } outer; /* chaining state after the (key ^ opad) block */
    uint8_t alg; /* enum dtls_hash_alg, 0 when not initialised */
} dtls_hmac_ctx;

/* Keys of any length (longer than the hash block: hashed first, RFC 2104 §2).
 * key may be NULL when key_len is 0.  0, DTLS_ERR_UNSUPPORTED,
 * DTLS_ERR_DISABLED or DTLS_ERR_BAD_ARG (NULL ctx, or NULL key with key_len > 0). */
DTLS_API int dtls_hmac_init(dtls_hmac_ctx *ctx, int hash_alg, const uint8_t *key, size_t key_len);
DTLS_API void dtls_hmac_update(dtls_hmac_ctx *ctx, const void *data, size_t len);
/* Writes dtls_hash_len(alg) bytes (32 or 48) to out, then wipes ctx. */
DTLS_API void dtls_hmac_final(dtls_hmac_ctx *ctx, uint8_t *out);
/* One-shot HMAC; writes dtls_hash_len(hash_alg) bytes.  Errors as dtls_hmac_init,
 * plus DTLS_ERR_BAD_ARG for NULL out or NULL msg with msg_len > 0. */
DTLS_API int dtls_hmac(uint8_t *out, int hash_alg, const uint8_t *key, size_t key_len,
                       const void *msg, size_t msg_len);

/* Output length of hash_alg in bytes: 32 (SHA-256), 48 (SHA-384, also when
 * compiled out: it is a property of the algorithm), or 0 for anything else. */
DTLS_API size_t dtls_hash_len(int hash_alg);

/* TLS 1.2 PRF: out[0..out_len) = first out_len bytes of
 * P_hash(secret, label || seed), label a NUL-terminated ASCII string (the NUL
 * is not hashed).  Streams: no buffer grows with out_len.  Returns 0,
 * DTLS_ERR_UNSUPPORTED / DTLS_ERR_DISABLED for hash_alg, or DTLS_ERR_BAD_ARG
 * (NULL out with out_len > 0, NULL label, NULL secret or seed with a nonzero
 * length); on error out is left untouched. */
DTLS_API int dtls_tls12_prf(uint8_t *out, size_t out_len, int hash_alg, const uint8_t *secret,
                            size_t secret_len, const char *label, const uint8_t *seed,
                            size_t seed_len);

/* The same with the secret already absorbed: keyed is a dtls_hmac_init
 * context (or one dtls_hmac_load made) before any update, only read, so one
 * keying serves many PRF calls (TLS 1.2: the master secret's key block and
 * both Finished).  0, or DTLS_ERR_BAD_ARG (NULL or unkeyed keyed, and the
 * NULL cases of dtls_tls12_prf). */
DTLS_API int dtls_tls12_prf_keyed(uint8_t *out, size_t out_len, const dtls_hmac_ctx *keyed, const char *label,
                                  const uint8_t *seed, size_t seed_len);

/* A keyed context in fewer bytes: dtls_hmac_save writes the hash states after
 * the ipad and opad blocks of a dtls_hmac_init context before any update (64
 * bytes for SHA-256, 128 for SHA-384) to out and returns that length, or 0
 * (cap too small, ctx not so); dtls_hmac_load makes the keyed context from
 * them again (0, or DTLS_ERR_BAD_ARG for a length that is not the algorithm's,
 * and the errors of hash_alg as dtls_hmac_init).  The bytes are in host order
 * (for this program, not for the wire) and as secret as the key: wipe them. */
DTLS_API size_t dtls_hmac_save(const dtls_hmac_ctx *ctx, uint8_t *out, size_t cap);
DTLS_API int dtls_hmac_load(dtls_hmac_ctx *ctx, int hash_alg, const uint8_t *in, size_t len);

DTLS__EXTERN_C_END

#endif /* DTLS_HMAC_H */
