/* rsa.c - RSASSA-PKCS1-v1_5 and RSASSA-PSS (RFC 8017 §8.1, §8.2, §9.1, §9.2,
 * MGF1 §B.2.1), CRT signing with Garner's recombination (RFC 8017 §5.1.2),
 * base blinding and a check of the result before release.  See rsa.h. */
#include "rsa.h"
#include "sha2.h"
#include "bignum_int.h"

#if DTLS_ENABLE_RSA

#define DTLS__RSA_N DTLS__BN_N_MAX
#define DTLS__RSA_K DTLS__BN_K_MAX
#define DTLS__RSA_BYTES (DTLS__RSA_N * 4)
#define DTLS__RSA_DI_LEN 19 /* DigestInfo prefix before the hash */

/* DER DigestInfo prefixes with NULL parameters (RFC 8017 §9.2 note 1). */
static const uint8_t dtls__rsa_di_sha256[DTLS__RSA_DI_LEN] DTLS__ROM = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
#if DTLS_ENABLE_SHA384
static const uint8_t dtls__rsa_di_sha384[DTLS__RSA_DI_LEN] DTLS__ROM = {
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
#endif

/* ---- hashing ---- */

typedef struct dtls__rsa_hctx {
    union {
        dtls_sha256_ctx s256;
#if DTLS_ENABLE_SHA384
        dtls_sha512_ctx s512;
#endif
    } u;
    int alg;
} dtls__rsa_hctx;

/* Digest length of alg, 0 when unsupported. */
static size_t dtls__rsa_hlen(int alg)
{
    if (alg == DTLS_HASH_SHA256) return 32;
#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384) return 48;
#endif
    return 0;
}

static void dtls__rsa_hinit(dtls__rsa_hctx *h, int alg)
{
    h->alg = alg;
#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384) {
        dtls_sha384_init(&h->u.s512);
        return;
    }
#endif
    dtls_sha256_init(&h->u.s256);
}

static void dtls__rsa_hupdate(dtls__rsa_hctx *h, const uint8_t *data, size_t len)
{
#if DTLS_ENABLE_SHA384
    if (h->alg == DTLS_HASH_SHA384) {
        dtls_sha384_update(&h->u.s512, data, len);
        return;
    }
#endif
    dtls_sha256_update(&h->u.s256, data, len);
}

static void dtls__rsa_hfinal(dtls__rsa_hctx *h, uint8_t *out)
{
#if DTLS_ENABLE_SHA384
    if (h->alg == DTLS_HASH_SHA384) {
        dtls_sha384_final(&h->u.s512, out);
        return;
    }
#endif
    dtls_sha256_final(&h->u.s256, out);
}

/* out[0..len) ^= MGF1(seed, len) (RFC 8017 §B.2.1). */
static void dtls__rsa_mgf1_xor(uint8_t *out, size_t len, const uint8_t *seed, size_t seed_len,
                               int alg)
{
    dtls__rsa_hctx h;
    uint8_t md[48], cnt[4];
    size_t hlen = dtls__rsa_hlen(alg), done = 0, i, n;
    uint32_t c = 0;

    while (done < len) {
        dtls__store32_be(cnt, c);
        dtls__rsa_hinit(&h, alg);
        dtls__rsa_hupdate(&h, seed, seed_len);
        dtls__rsa_hupdate(&h, cnt, 4);
        dtls__rsa_hfinal(&h, md);
        n = len - done < hlen ? len - done : hlen;
        for (i = 0; i < n; i++)
            out[done + i] ^= md[i];
        done += n;
        c++;
    }
    dtls_wipe(md, sizeof md);
    dtls_wipe(&h, sizeof h);
}

/* H = Hash(00*8 || mhash || salt) (RFC 8017 §9.1.1 steps 5-6). */
static void dtls__rsa_pss_hash(uint8_t *out, int alg, const uint8_t *mhash, size_t hlen,
                               const uint8_t *salt, size_t salt_len)
{
    static const uint8_t zeros[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    dtls__rsa_hctx h;

    dtls__rsa_hinit(&h, alg);
    dtls__rsa_hupdate(&h, zeros, 8);
    dtls__rsa_hupdate(&h, mhash, hlen);
    dtls__rsa_hupdate(&h, salt, salt_len);
    dtls__rsa_hfinal(&h, out);
    dtls_wipe(&h, sizeof h);
}

/* ---- keys ---- */

typedef struct dtls__rsa_pub {
    const uint8_t *n; /* without leading zero bytes */
    size_t k;         /* bytes of n */
    size_t bits;      /* bits of n */
    uint32_t e;
} dtls__rsa_pub;

static int dtls__rsa_check_pub(dtls__rsa_pub *pk, const uint8_t *n, size_t n_len,
                               const uint8_t *e, size_t e_len)
{
    size_t i;
    uint8_t top;

    if (!n || !e) return DTLS_ERR_BAD_ARG;
    while (n_len > 0 && n[0] == 0) {
        n++;
        n_len--;
    }
    while (e_len > 0 && e[0] == 0) {
        e++;
        e_len--;
    }
    if (n_len < 256 || n_len > (DTLS_RSA_MAX_BITS + 7) / 8) return DTLS_ERR_BAD_KEY;
    pk->n = n;
    pk->k = n_len;
    pk->bits = 8 * (n_len - 1);
    for (top = n[0]; top; top = (uint8_t)(top >> 1))
        pk->bits++;
    if (pk->bits < 2048 || pk->bits > DTLS_RSA_MAX_BITS || (n[n_len - 1] & 1) == 0)
        return DTLS_ERR_BAD_KEY;
    if (e_len == 0 || e_len > 4) return DTLS_ERR_BAD_KEY;
    pk->e = 0;
    for (i = 0; i < e_len; i++)
        pk->e = (pk->e << 8) | e[i];
    if (pk->e < 3 || (pk->e & 1) == 0) return DTLS_ERR_BAD_KEY;
    return 0;
}

/* ---- public operation (everything public: variable time is fine) ---- */

/* em[0..k) = sig^e mod n.  DTLS_ERR_BAD_SIGNATURE when sig_len != k or
 * sig >= n (RFC 8017 §5.2.2 step 1). */
static int dtls__rsa_public_op(uint8_t *em, const dtls__rsa_pub *pk, const uint8_t *sig,
                               size_t sig_len)
{
    uint32_t n[DTLS__RSA_N], r2[DTLS__RSA_N], s[DTLS__RSA_N];
    size_t nl = (pk->bits + 31) / 32;
    uint32_t m0i;

    if (sig_len != pk->k) return DTLS_ERR_BAD_SIGNATURE;
    (void)dtls__bn_decode(n, nl, pk->n, pk->k);
    (void)dtls__bn_decode(s, nl, sig, sig_len);
    if (!dtls__bn_lt(s, n, nl)) return DTLS_ERR_BAD_SIGNATURE;
    m0i = dtls__bn_m0inv(n[0]);
    dtls__bn_r2(r2, n, nl, m0i, pk->bits - 1);
    dtls__bn_montmul(s, s, r2, n, nl, m0i);             /* s*R */
    dtls__bn_modexp_pub(r2, s, pk->e, n, nl, m0i);      /* s^e*R */
    dtls__bn_redc(s, r2, n, nl, m0i);
    dtls__bn_encode(em, pk->k, s, nl);
    return 0;
}

/* ---- encodings ---- */

/* EM = 00 01 FF..FF 00 DigestInfo || hash, k bytes (RFC 8017 §9.2). */
static void dtls__rsa_pkcs1_encode(uint8_t *em, size_t k, int alg, const uint8_t *hash,
                                   size_t hlen)
{
    const uint8_t *di = dtls__rsa_di_sha256;
    size_t tlen = DTLS__RSA_DI_LEN + hlen;

#if DTLS_ENABLE_SHA384
    if (alg == DTLS_HASH_SHA384) di = dtls__rsa_di_sha384;
#else
    (void)alg;
#endif
    em[0] = 0x00;
    em[1] = 0x01;
    memset(em + 2, 0xFF, k - tlen - 3);
    em[k - tlen - 1] = 0x00;
    dtls__rom_memcpy(em + k - tlen, di, DTLS__RSA_DI_LEN); /* di: a DTLS__ROM table */
    memcpy(em + k - hlen, hash, hlen);
}

/* Checks the hash algorithm and length; the digest length or an error. */
static int dtls__rsa_check_hash(int alg, const uint8_t *hash, size_t hash_len, size_t *hlen)
{
    *hlen = dtls__rsa_hlen(alg);
    if (*hlen == 0) return DTLS_ERR_UNSUPPORTED;
    if (!hash || hash_len != *hlen) return DTLS_ERR_BAD_ARG;
    return 0;
}

/* ---- verification ---- */

DTLS_API int dtls_rsa_pkcs1_verify(const dtls_rsa_public_key *key, int hash_alg,
                                   const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                   size_t sig_len)
{
    uint8_t em[DTLS__RSA_BYTES], want[DTLS__RSA_BYTES];
    dtls__rsa_pub pk;
    size_t hlen;
    int ret;

    if (!key || !sig) return DTLS_ERR_BAD_ARG;
    ret = dtls__rsa_check_hash(hash_alg, hash, hash_len, &hlen);
    if (ret) return ret;
    ret = dtls__rsa_check_pub(&pk, key->n, key->n_len, key->e, key->e_len);
    if (ret) return ret;
    ret = dtls__rsa_public_op(em, &pk, sig, sig_len);
    if (ret) return ret;
    /* Strict: recompute EM' and compare the whole encoding (RFC 8017 §8.2.2
     * steps 3-4); DigestInfo without NULL parameters is not accepted. */
    dtls__rsa_pkcs1_encode(want, pk.k, hash_alg, hash, hlen);
    return dtls_ct_equal(em, want, pk.k) ? 0 : DTLS_ERR_BAD_SIGNATURE;
}

DTLS_API int dtls_rsa_pss_verify(const dtls_rsa_public_key *key, int hash_alg, size_t salt_len,
                                 const uint8_t *hash, size_t hash_len, const uint8_t *sig,
                                 size_t sig_len)
{
    uint8_t buf[DTLS__RSA_BYTES], h2[48];
    uint8_t *em;
    dtls__rsa_pub pk;
    size_t hlen, em_bits, em_len, db_len, zbits, i, ps_len;
    uint32_t bad = 0;
    int ret;

    if (!key || !sig) return DTLS_ERR_BAD_ARG;
    ret = dtls__rsa_check_hash(hash_alg, hash, hash_len, &hlen);
    if (ret) return ret;
    ret = dtls__rsa_check_pub(&pk, key->n, key->n_len, key->e, key->e_len);
    if (ret) return ret;
    ret = dtls__rsa_public_op(buf, &pk, sig, sig_len);
    if (ret) return ret;

    /* RFC 8017 §9.1.2 (EMSA-PSS-VERIFY) with emBits = modBits - 1. */
    em_bits = pk.bits - 1;
    em_len = (em_bits + 7) / 8;
    zbits = 8 * em_len - em_bits;
    if (em_len < pk.k && buf[0] != 0) return DTLS_ERR_BAD_SIGNATURE; /* I2OSP(m, emLen) */
    em = buf + (pk.k - em_len);
    if (salt_len > em_len || em_len < hlen + salt_len + 2) return DTLS_ERR_BAD_SIGNATURE;
    if (em[em_len - 1] != 0xBC) return DTLS_ERR_BAD_SIGNATURE;
    db_len = em_len - hlen - 1;
    if (em[0] & (uint8_t)~(0xFFU >> zbits)) return DTLS_ERR_BAD_SIGNATURE;
    dtls__rsa_mgf1_xor(em, db_len, em + db_len, hlen, hash_alg);
    em[0] = (uint8_t)(em[0] & (0xFFU >> zbits)); /* no &=: int is 16 bits on AVR */
    ps_len = db_len - salt_len - 1;
    for (i = 0; i < ps_len; i++)
        bad |= em[i];
    bad |= (uint32_t)(em[ps_len] ^ 0x01);
    if (bad) return DTLS_ERR_BAD_SIGNATURE;
    dtls__rsa_pss_hash(h2, hash_alg, hash, hlen, em + db_len - salt_len, salt_len);
    return dtls_ct_equal(h2, em + db_len, hlen) ? 0 : DTLS_ERR_BAD_SIGNATURE;
}

/* ---- private operation ---- */

/* The signing workspace: numbers of one phase share storage with the next. */
typedef struct dtls__rsa_ws {
    uint32_t big[2 * DTLS__RSA_N]; /* m' | r; at the end s = s_q + q*h */
    uint32_t sq[DTLS__RSA_K];      /* s_q = m^dq mod q */
    union {
        struct { /* blinding, mod n */
            uint32_t n[DTLS__RSA_N], r2[DTLS__RSA_N], m[DTLS__RSA_N], r[DTLS__RSA_N];
        } a;
        struct { /* one prime */
            uint32_t m[DTLS__RSA_K], r2[DTLS__RSA_K], x[DTLS__RSA_K], u[DTLS__RSA_K];
            uint32_t tab[8 * DTLS__RSA_K];
        } b;
        struct { /* check, mod n */
            uint32_t n[DTLS__RSA_N], r2[DTLS__RSA_N], c[DTLS__RSA_N];
        } c;
    } u;
} dtls__rsa_ws;

/* Exponentiation modulo one prime X (q, then p): leaves x = m^dX * R mod X
 * (unblinded) and the prime in ws->u.b.m.  Returns the OR of the key bytes
 * that did not fit (0 for a well-formed key). */
static uint32_t dtls__rsa_crt_leg(dtls__rsa_ws *ws, size_t nl, size_t kp, const uint8_t *x,
                                  size_t x_len, const uint8_t *dx, size_t dx_len)
{
    uint32_t over, m0i;

    over = dtls__bn_decode(ws->u.b.m, kp, x, x_len);
    m0i = dtls__bn_m0inv(ws->u.b.m[0]);
    dtls__bn_r2(ws->u.b.r2, ws->u.b.m, kp, m0i, 0);
    /* x = m'^dX R, m' = m * r^e mod n */
    dtls__bn_to_mont(ws->u.b.x, ws->big, nl, ws->u.b.m, kp, m0i, ws->u.b.r2, ws->u.b.tab);
    over |= dtls__bn_decode(ws->u.b.u, kp, dx, dx_len); /* u: dX for now */
    dtls__bn_modexp_ct(ws->u.b.x, ws->u.b.x, ws->u.b.u, kp, ws->u.b.m, kp, m0i, ws->u.b.r2,
                       ws->u.b.tab, 8 * DTLS__RSA_K);
    /* u = r^-1 R mod X (constant-time binary inversion of r mod X) */
    dtls__bn_to_mont(ws->u.b.u, ws->big + DTLS__RSA_N, nl, ws->u.b.m, kp, m0i, ws->u.b.r2,
                     ws->u.b.tab);
    dtls__bn_redc(ws->u.b.u, ws->u.b.u, ws->u.b.m, kp, m0i);
    dtls__bn_modinv(ws->u.b.u, ws->u.b.u, ws->u.b.m, kp, ws->u.b.tab);
    dtls__bn_montmul(ws->u.b.u, ws->u.b.u, ws->u.b.r2, ws->u.b.m, kp, m0i);
    /* m'^dX = m^dX * r (e*dX = 1 mod X-1): multiply by r^-1 */
    dtls__bn_montmul(ws->u.b.x, ws->u.b.x, ws->u.b.u, ws->u.b.m, kp, m0i);
    return over;
}

/* sig[0..k) holds EM on entry and the signature on success.  Returns k, or
 * DTLS_ERR_FAULT or DTLS_ERR_RANDOM with sig[0..sig_cap) zeroed.  No branch
 * depends on the outcome of the check (the caller declassifies it). */
static int dtls__rsa_private_op(uint8_t *sig, size_t sig_cap, const dtls__rsa_pub *pk,
                                const dtls_rsa_private_key *key, dtls_random_fn rng,
                                void *rng_ctx)
{
    dtls__rsa_ws ws;
    size_t nl = (pk->bits + 31) / 32;
    size_t kp = ((pk->bits + 1) / 2 + 31) / 32;
    uint32_t m0i, over, c, ok;
    size_t l;
    int ret;

    /* Blinding modulo n: big = m' = m * r^e, big + N = r. */
    (void)dtls__bn_decode(ws.u.a.n, nl, pk->n, pk->k);
    m0i = dtls__bn_m0inv(ws.u.a.n[0]);
    dtls__bn_r2(ws.u.a.r2, ws.u.a.n, nl, m0i, pk->bits - 1);
    if (rng(rng_ctx, (uint8_t *)(ws.big + DTLS__RSA_N), 4 * nl) < 0) {
        dtls_wipe(sig, sig_cap);
        ret = DTLS_ERR_RANDOM;
        goto out;
    }
    (void)dtls__bn_decode(ws.u.a.m, nl, sig, pk->k);
    dtls__bn_montmul(ws.u.a.m, ws.u.a.m, ws.u.a.r2, ws.u.a.n, nl, m0i);         /* m R */
    dtls__bn_montmul(ws.u.a.r, ws.big + DTLS__RSA_N, ws.u.a.r2, ws.u.a.n, nl, m0i); /* r R */
    dtls__bn_modexp_pub(ws.u.a.r2, ws.u.a.r, pk->e, ws.u.a.n, nl, m0i);         /* r^e R */
    dtls__bn_montmul(ws.u.a.m, ws.u.a.m, ws.u.a.r2, ws.u.a.n, nl, m0i);         /* m' R */
    dtls__bn_redc(ws.big, ws.u.a.m, ws.u.a.n, nl, m0i);

    /* CRT: s_q, then s_p and Garner: h = qinv (s_p - s_q) mod p, s = s_q + q h. */
    over = dtls__rsa_crt_leg(&ws, nl, kp, key->q, key->q_len, key->dq, key->dq_len);
    m0i = dtls__bn_m0inv(ws.u.b.m[0]);
    dtls__bn_redc(ws.sq, ws.u.b.x, ws.u.b.m, kp, m0i);
    over |= dtls__rsa_crt_leg(&ws, nl, kp, key->p, key->p_len, key->dp, key->dp_len);
    m0i = dtls__bn_m0inv(ws.u.b.m[0]);
    dtls__bn_to_mont(ws.u.b.u, ws.sq, kp, ws.u.b.m, kp, m0i, ws.u.b.r2, ws.u.b.tab);
    dtls__bn_modsub(ws.u.b.x, ws.u.b.x, ws.u.b.u, ws.u.b.m, kp);                 /* (s_p-s_q) R */
    over |= dtls__bn_decode(ws.u.b.tab, kp, key->qinv, key->qinv_len);
    dtls__bn_montmul(ws.u.b.u, ws.u.b.tab, ws.u.b.x, ws.u.b.m, kp, m0i);         /* h */
    over |= dtls__bn_decode(ws.u.b.tab, kp, key->q, key->q_len);
    dtls__bn_mul(ws.big, ws.u.b.tab, kp, ws.u.b.u, kp);
    c = dtls__bn_add(ws.big, ws.big, ws.sq, kp);
    for (l = kp; l < 2 * kp; l++) {
        uint64_t v = (uint64_t)ws.big[l] + c;
        ws.big[l] = (uint32_t)v;
        c = (uint32_t)(v >> 32);
    }
    over |= c;
    for (l = nl; l < 2 * kp; l++)
        over |= ws.big[l];

    /* Check before release: s < n and s^e mod n == m (fault attacks, bad keys). */
    (void)dtls__bn_decode(ws.u.c.n, nl, pk->n, pk->k);
    m0i = dtls__bn_m0inv(ws.u.c.n[0]);
    dtls__bn_r2(ws.u.c.r2, ws.u.c.n, nl, m0i, pk->bits - 1);
    dtls__bn_montmul(ws.u.c.c, ws.big, ws.u.c.r2, ws.u.c.n, nl, m0i);
    dtls__bn_modexp_pub(ws.u.c.r2, ws.u.c.c, pk->e, ws.u.c.n, nl, m0i);
    dtls__bn_redc(ws.u.c.c, ws.u.c.r2, ws.u.c.n, nl, m0i);
    (void)dtls__bn_decode(ws.u.c.r2, nl, sig, pk->k);
    ok = dtls__bn_eq(ws.u.c.c, ws.u.c.r2, nl) & dtls__bn_lt(ws.big, ws.u.c.n, nl) &
         dtls__ct_is_zero32(over);
    /* Release without a branch on the secret-derived check bit: the
     * signature bytes and the return value are the declassified outputs. */
    dtls__bn_encode(sig, pk->k, ws.big, nl);
    for (l = 0; l < sig_cap; l++) /* beyond k: unchanged on success */
        sig[l] = (uint8_t)(sig[l] & dtls__ct_mask32(ok));
    ret = (int)ok * (int)pk->k + (1 - (int)ok) * DTLS_ERR_FAULT;
out:
    dtls_wipe(&ws, sizeof ws);
    return ret;
}

/* Shared front end of the two signing functions. */
static int dtls__rsa_sign(uint8_t *sig, size_t sig_cap, const dtls_rsa_private_key *key,
                          int hash_alg, int pss, size_t salt_len, const uint8_t *hash,
                          size_t hash_len, dtls_random_fn rng, void *rng_ctx)
{
    dtls__rsa_pub pk;
    size_t hlen;
    int ret;

    if (!sig) return DTLS_ERR_BAD_ARG;
    if (!key || !rng || !key->p || !key->q || !key->dp || !key->dq || !key->qinv) {
        ret = DTLS_ERR_BAD_ARG;
        goto fail;
    }
    ret = dtls__rsa_check_hash(hash_alg, hash, hash_len, &hlen);
    if (ret) goto fail;
    ret = dtls__rsa_check_pub(&pk, key->n, key->n_len, key->e, key->e_len);
    if (ret) goto fail;
    if (sig_cap < pk.k) {
        ret = DTLS_ERR_BUFFER_TOO_SMALL;
        goto fail;
    }
    if (!pss) {
        dtls__rsa_pkcs1_encode(sig, pk.k, hash_alg, hash, hlen);
    } else {
        /* RFC 8017 §9.1.1 (EMSA-PSS-ENCODE) with emBits = modBits - 1. */
        size_t em_bits = pk.bits - 1, em_len = (em_bits + 7) / 8;
        size_t zbits = 8 * em_len - em_bits, db_len, ps_len;
        uint8_t *em = sig + (pk.k - em_len);

        if (salt_len > em_len || em_len < hlen + salt_len + 2) {
            ret = DTLS_ERR_BAD_ARG;
            goto fail;
        }
        sig[0] = 0; /* when em_len == k - 1 */
        db_len = em_len - hlen - 1;
        ps_len = db_len - salt_len - 1;
        memset(em, 0, ps_len);
        em[ps_len] = 0x01;
        if (salt_len > 0 && rng(rng_ctx, em + ps_len + 1, salt_len) < 0) {
            ret = DTLS_ERR_RANDOM;
            goto fail;
        }
        dtls__rsa_pss_hash(em + db_len, hash_alg, hash, hlen, em + ps_len + 1, salt_len);
        dtls__rsa_mgf1_xor(em, db_len, em + db_len, hlen, hash_alg);
        em[0] = (uint8_t)(em[0] & (0xFFU >> zbits)); /* no &=: int is 16 bits on AVR */
        em[em_len - 1] = 0xBC;
    }
    return dtls__rsa_private_op(sig, sig_cap, &pk, key, rng, rng_ctx);
fail:
    dtls_wipe(sig, sig_cap);
    return ret;
}

DTLS_API int dtls_rsa_pkcs1_sign(uint8_t *sig, size_t sig_cap, const dtls_rsa_private_key *key,
                                 int hash_alg, const uint8_t *hash, size_t hash_len,
                                 dtls_random_fn rng, void *rng_ctx)
{
    return dtls__rsa_sign(sig, sig_cap, key, hash_alg, 0, 0, hash, hash_len, rng, rng_ctx);
}

DTLS_API int dtls_rsa_pss_sign(uint8_t *sig, size_t sig_cap, const dtls_rsa_private_key *key,
                               int hash_alg, size_t salt_len, const uint8_t *hash,
                               size_t hash_len, dtls_random_fn rng, void *rng_ctx)
{
    return dtls__rsa_sign(sig, sig_cap, key, hash_alg, 1, salt_len, hash, hash_len, rng,
                          rng_ctx);
}

#undef DTLS__RSA_N
#undef DTLS__RSA_K
#undef DTLS__RSA_BYTES
#undef DTLS__RSA_DI_LEN

#endif /* DTLS_ENABLE_RSA */
