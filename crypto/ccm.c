/* ccm.c - CCM mode (RFC 3610 §2.2 authentication, §2.3 encryption).
 *
 * One pass: step i feeds the CBC-MAC with message block i and, in the same
 * ecb call, computes the CTR keystream for block i + 1 (so open can recover
 * plaintext block i + 1 before it is MACed).  The first call computes
 * E(B_0) and S_0 = E(A_0) (and A_1's keystream when there is no AAD); the
 * last AAD block's call computes A_1's keystream. */
#include "ccm.h"
#include "internal.h"

#if DTLS_ENABLE_CCM

/* Writes v big-endian into the n bytes at p (n <= 8). */
static void dtls__ccm_put_be(uint8_t *p, size_t n, uint64_t v)
{
    while (n > 0) {
        p[--n] = (uint8_t)v;
        v >>= 8;
    }
}

/* Counter block A_i: flags L-1, nonce, i in L bytes. */
static void dtls__ccm_ctr(uint8_t blk[16], const uint8_t *nonce, size_t nonce_len, uint64_t i)
{
    size_t l = 15 - nonce_len;
    blk[0] = (uint8_t)(l - 1);
    memcpy(blk + 1, nonce, nonce_len);
    dtls__ccm_put_be(blk + 1 + nonce_len, l, i);
}

static int dtls__ccm_check(size_t tag_len, size_t nonce_len, size_t text_len)
{
    size_t l;
    if (tag_len < 4 || tag_len > 16 || (tag_len & 1) != 0 || nonce_len < 7 || nonce_len > 13)
        return DTLS_ERR_UNSUPPORTED;
    l = 15 - nonce_len;
    if (l < 8 && ((uint64_t)text_len >> (8 * l)) != 0)
        return DTLS_ERR_TOO_LONG;
    return 0;
}

/* Encrypts or decrypts in_len bytes from in to out and writes the tag_len
 * byte tag to tag.  Parameters already checked.  0 or the ecb error. */
static int dtls__ccm_crypt(dtls_ecb_fn ecb, void *ecb_ctx, int decrypt, size_t tag_len,
                           uint8_t *out, const uint8_t *nonce, size_t nonce_len,
                           const uint8_t *aad, size_t aad_len, const uint8_t *in, size_t in_len,
                           uint8_t *tag)
{
    uint8_t bi[48], bo[48], s0[16], ks[16], m[16];
    size_t l = 15 - nonce_len, i, done;
    uint64_t ctr = 1;
    int ret;

    /* B_0 (RFC 3610 §2.2) and A_0, plus A_1 when no AAD block will carry it */
    bi[0] = (uint8_t)((aad_len > 0 ? 0x40 : 0) | (((tag_len - 2) / 2) << 3) | (l - 1));
    memcpy(bi + 1, nonce, nonce_len);
    dtls__ccm_put_be(bi + 1 + nonce_len, l, (uint64_t)in_len);
    dtls__ccm_ctr(bi + 16, nonce, nonce_len, 0);
    if (aad_len == 0 && in_len > 0) {
        dtls__ccm_ctr(bi + 32, nonce, nonce_len, ctr++);
        ret = ecb(ecb_ctx, bo, bi, 3);
        memcpy(ks, bo + 32, 16);
    } else {
        ret = ecb(ecb_ctx, bo, bi, 2);
    }
    if (ret != 0)
        goto fail;
    memcpy(s0, bo + 16, 16);
    /* bo[0..16) is the running CBC-MAC value X */

    if (aad_len > 0) {
        /* l(a) encoding (§2.2): 2 bytes, or 0xFFFE + 4 bytes, or 0xFFFF + 8 */
        uint8_t hdr[10];
        size_t hlen, total, pos = 0;
        uint64_t a = (uint64_t)aad_len;
        if (a < 0xFF00u) {
            hlen = 2;
            dtls__ccm_put_be(hdr, 2, a);
        } else if ((a >> 32) == 0) {
            hlen = 6;
            hdr[0] = 0xFF;
            hdr[1] = 0xFE;
            dtls__ccm_put_be(hdr + 2, 4, a);
        } else {
            hlen = 10;
            hdr[0] = 0xFF;
            hdr[1] = 0xFF;
            dtls__ccm_put_be(hdr + 2, 8, a);
        }
        total = hlen + aad_len; /* cannot wrap: aad exists in memory */
        while (pos < total) {
            size_t nblk = 1;
            for (i = 0; i < 16; i++, pos++) {
                uint8_t b = 0;
                if (pos < hlen)
                    b = hdr[pos];
                else if (pos < total)
                    b = aad[pos - hlen];
                bi[i] = (uint8_t)(bo[i] ^ b);
            }
            if (pos >= total && in_len > 0) {
                dtls__ccm_ctr(bi + 16, nonce, nonce_len, ctr++);
                nblk = 2;
            }
            ret = ecb(ecb_ctx, bo, bi, nblk);
            if (ret != 0)
                goto fail;
        }
        if (in_len > 0)
            memcpy(ks, bo + 16, 16);
    }

    for (done = 0; done < in_len;) {
        size_t n = in_len - done, nblk = 1;
        if (n > 16)
            n = 16;
        /* m = plaintext block (zero padded); out gets the other text */
        memset(m, 0, sizeof m);
        if (decrypt) {
            for (i = 0; i < n; i++)
                m[i] = (uint8_t)(in[done + i] ^ ks[i]);
            memcpy(out + done, m, n);
        } else {
            memcpy(m, in + done, n);
            for (i = 0; i < n; i++)
                out[done + i] = (uint8_t)(m[i] ^ ks[i]);
        }
        done += n;
        for (i = 0; i < 16; i++)
            bi[i] = (uint8_t)(bo[i] ^ m[i]);
        if (done < in_len) {
            dtls__ccm_ctr(bi + 16, nonce, nonce_len, ctr++);
            nblk = 2;
        }
        ret = ecb(ecb_ctx, bo, bi, nblk);
        if (ret != 0)
            goto fail;
        if (nblk == 2)
            memcpy(ks, bo + 16, 16);
    }

    for (i = 0; i < tag_len; i++)
        tag[i] = (uint8_t)(bo[i] ^ s0[i]);
    ret = 0;
    goto done;

fail:
    if (in_len > 0)
        dtls_wipe(out, in_len);
    dtls_wipe(tag, tag_len);
done:
    dtls_wipe(bi, sizeof bi);
    dtls_wipe(bo, sizeof bo);
    dtls_wipe(s0, sizeof s0);
    dtls_wipe(ks, sizeof ks);
    dtls_wipe(m, sizeof m);
    return ret;
}

DTLS_API int dtls_ccm_seal(dtls_ecb_fn ecb, void *ecb_ctx, size_t tag_len, uint8_t *out,
                           const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                           const uint8_t *in, size_t in_len)
{
    uint8_t tag[16];
    int ret = dtls__ccm_check(tag_len, nonce_len, in_len);
    if (ret != 0)
        return ret;
    ret = dtls__ccm_crypt(ecb, ecb_ctx, 0, tag_len, out, nonce, nonce_len, aad, aad_len, in, in_len, tag);
    if (ret == 0)
        memcpy(out + in_len, tag, tag_len);
    else
        dtls_wipe(out + in_len, tag_len);
    dtls_wipe(tag, sizeof tag);
    return ret;
}

DTLS_API int dtls_ccm_open(dtls_ecb_fn ecb, void *ecb_ctx, size_t tag_len, uint8_t *out,
                           const uint8_t *nonce, size_t nonce_len, const uint8_t *aad, size_t aad_len,
                           const uint8_t *in, size_t in_len)
{
    uint8_t tag[16], want[16];
    size_t len, i;
    uint32_t ok;
    uint8_t mask;
    int ret = dtls__ccm_check(tag_len, nonce_len, 0);
    if (ret != 0)
        return ret;
    if (in_len < tag_len)
        return DTLS_ERR_AUTH;
    len = in_len - tag_len;
    ret = dtls__ccm_check(tag_len, nonce_len, len);
    if (ret != 0)
        return ret;
    memcpy(want, in + len, tag_len);
    ret = dtls__ccm_crypt(ecb, ecb_ctx, 1, tag_len, out, nonce, nonce_len, aad, aad_len, in, len, tag);
    if (ret != 0) {
        dtls_wipe(tag, sizeof tag);
        return ret;
    }
    /* accept/reject without branching on the secret comparison */
    ok = (uint32_t)dtls_ct_equal(tag, want, tag_len);
    mask = (uint8_t)dtls__ct_mask32(ok);
    for (i = 0; i < len; i++)
        out[i] &= mask;
    dtls_wipe(tag, sizeof tag);
    return (int)(1 - ok) * DTLS_ERR_AUTH;
}

DTLS_API int dtls_aes_ccm_seal(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len,
                               const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t in_len)
{
#if DTLS_ENABLE_AES
    dtls_aes_ctx ctx;
    int ret = dtls__ccm_check(tag_len, nonce_len, in_len);
    if (ret != 0)
        return ret;
    ret = dtls_aes_init(&ctx, key, key_len);
    if (ret == 0)
        ret = dtls_ccm_seal(dtls_aes_ecb, &ctx, tag_len, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&ctx, sizeof ctx);
    return ret;
#else
    (void)out; (void)key; (void)key_len; (void)tag_len; (void)nonce; (void)nonce_len;
    (void)aad; (void)aad_len; (void)in; (void)in_len;
    return DTLS_ERR_DISABLED;
#endif
}

DTLS_API int dtls_aes_ccm_open(uint8_t *out, const uint8_t *key, size_t key_len, size_t tag_len,
                               const uint8_t *nonce, size_t nonce_len, const uint8_t *aad,
                               size_t aad_len, const uint8_t *in, size_t in_len)
{
#if DTLS_ENABLE_AES
    dtls_aes_ctx ctx;
    int ret = dtls__ccm_check(tag_len, nonce_len, 0);
    if (ret != 0)
        return ret;
    if (in_len < tag_len)
        return DTLS_ERR_AUTH;
    ret = dtls_aes_init(&ctx, key, key_len);
    if (ret == 0)
        ret = dtls_ccm_open(dtls_aes_ecb, &ctx, tag_len, out, nonce, nonce_len, aad, aad_len, in, in_len);
    dtls_wipe(&ctx, sizeof ctx);
    return ret;
#else
    (void)out; (void)key; (void)key_len; (void)tag_len; (void)nonce; (void)nonce_len;
    (void)aad; (void)aad_len; (void)in; (void)in_len;
    return DTLS_ERR_DISABLED;
#endif
}

#endif /* DTLS_ENABLE_CCM */
