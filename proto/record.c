/* record.c - DTLS 1.2 record header codec and record protection (see record.h). */
#include "record.h"
#include "buf.h"
#include "../crypto/internal.h"

#define DTLS__RECORD_KIND_INVALID 0xFF /* a cipher whose init failed */

DTLS__PRIV int dtls__record_parse(dtls__record *rec, uint8_t *dgram, size_t len, size_t *pos, size_t cid_len)
{
    dtls__rd r;
    size_t n;

    if (*pos >= len)
        return 1;
    dtls__rd_init(&r, dgram + *pos, len - *pos);
    rec->type = dtls__rd_u8(&r);
    rec->version = dtls__rd_u16(&r);
    rec->epoch = dtls__rd_u16(&r);
    rec->seq = dtls__rd_u48(&r);
    rec->cid = NULL;
    rec->cid_len = 0;
    if (rec->type == DTLS__CT_TLS12_CID) { /* RFC 9146 §4: the CID follows the sequence number */
        if (cid_len == 0 || cid_len > 255)
            r.err = DTLS_ERR_DECODE;
        rec->cid = dtls__rd_bytes(&r, cid_len);
        rec->cid_len = (uint8_t)cid_len;
    }
    n = dtls__rd_u16(&r);
    dtls__rd_bytes(&r, n);
    if (r.err)
        return DTLS_ERR_DECODE;
    rec->header = dgram + *pos;
    rec->header_len = r.pos - n;
    rec->body = rec->header + rec->header_len;
    rec->body_len = n;
    *pos += r.pos;
    return 0;
}

DTLS__PRIV void dtls__cipher_null(dtls__cipher *c)
{
    memset(c, 0, sizeof *c); /* kind DTLS__CIPHER_NULL, no overhead */
}

DTLS__PRIV int dtls__cipher_init(dtls__cipher *c, const dtls_crypto_hooks *hooks, int aead_alg,
                                 const uint8_t *key, size_t key_len, const uint8_t *iv, size_t iv_len)
{
    size_t tag = dtls_crypto_aead_tag_len(aead_alg);
    size_t fixed = aead_alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4;
    int rc = tag == 0 ? DTLS_ERR_UNSUPPORTED : iv_len != fixed ? DTLS_ERR_BAD_ARG : 0;

    memset(c, 0, sizeof *c);
    if (rc == 0)
        rc = dtls_crypto_aead_set_key(hooks, &c->key, aead_alg, key, key_len);
    if (rc != 0) {
        dtls_wipe(c, sizeof *c);
        c->kind = DTLS__RECORD_KIND_INVALID;
        return rc;
    }
    memcpy(c->iv, iv, fixed); /* GCM/CCM: iv[4..12) stays zero */
    c->kind = DTLS__CIPHER_AEAD;
    c->aead_alg = (uint8_t)aead_alg;
    c->fixed_iv_len = (uint8_t)fixed;
    c->explicit_nonce_len = (uint8_t)(12 - fixed); /* the nonce is 12 bytes either way */
    c->tag_len = (uint8_t)tag;
    return 0;
}

DTLS__PRIV size_t dtls__cipher_overhead(const dtls__cipher *c)
{
    return (size_t)c->explicit_nonce_len + c->tag_len;
}

static void dtls__record_put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* additional_data (RFC 5246 §6.2.3.3, RFC 6347 §4.1.2.1):
 * epoch(2) || seq(6) || type || version(2) || plaintext length(2). */
static void dtls__record_aad(uint8_t aad[13], uint8_t type, uint16_t version, uint16_t epoch, uint64_t seq,
                             size_t len)
{
    dtls__record_put16(aad, epoch);
    dtls__record_put16(aad + 2, (uint32_t)(seq >> 32));
    dtls__store32_be(aad + 4, (uint32_t)seq);
    aad[8] = type;
    dtls__record_put16(aad + 9, version);
    dtls__record_put16(aad + 11, (uint32_t)len);
}

/* The 12-byte AEAD nonce: the fixed IV (zero-padded to 12 bytes) with its
 * last 8 bytes XORed with x.  GCM/CCM (RFC 5288 §3, RFC 6655 §3): x is the
 * explicit nonce, giving fixed_iv(4) || explicit(8).  ChaCha20-Poly1305
 * (RFC 7905 §2): x is epoch || seq, giving iv XOR (0^32 || epoch || seq). */
static void dtls__record_nonce(uint8_t nonce[12], const dtls__cipher *c, const uint8_t x[8])
{
    size_t i;

    memcpy(nonce, c->iv, 12);
    for (i = 0; i < 8; i++)
        nonce[4 + i] ^= x[i];
}

/* RFC 9146 §5.3: the additional data of a tls12_cid record:
 * seq_num_placeholder (8 x 0xff) || tls12_cid || cid_length || tls12_cid ||
 * version(2) || epoch(2) || seq(6) || cid || length_of_DTLSInnerPlaintext(2).
 * Returns its length (23 + cid_len). */
static size_t dtls__record_aad_cid(uint8_t *aad, uint16_t version, uint16_t epoch, uint64_t seq,
                                   const uint8_t *cid, size_t cid_len, size_t inner_len)
{
    memset(aad, 0xff, 8);
    aad[8] = DTLS__CT_TLS12_CID;
    aad[9] = (uint8_t)cid_len;
    aad[10] = DTLS__CT_TLS12_CID;
    dtls__record_put16(aad + 11, version);
    dtls__record_put16(aad + 13, epoch);
    dtls__record_put16(aad + 15, (uint32_t)(seq >> 32));
    dtls__store32_be(aad + 17, (uint32_t)seq);
    memcpy(aad + 21, cid, cid_len);
    dtls__record_put16(aad + 21 + cid_len, (uint32_t)inner_len);
    return 23 + cid_len;
}

DTLS__PRIV int dtls__record_protect_cid(const dtls_crypto_hooks *hooks, const dtls__cipher *c, uint8_t type,
                                        uint16_t version, uint16_t epoch, uint64_t seq, const uint8_t *cid,
                                        size_t cid_len, uint8_t *out, size_t out_cap, const uint8_t *payload,
                                        size_t len)
{
    size_t ex = c->explicit_nonce_len, hl = DTLS__RECORD_HEADER_LEN + cid_len;
    size_t inner = len + (cid_len ? 1u : 0u), frag = inner + dtls__cipher_overhead(c), al;
    uint8_t aad[23 + DTLS_MAX_CID], nonce[12], *body;
    int rc;

    if (c->kind > DTLS__CIPHER_AEAD || cid_len > DTLS_MAX_CID || (cid_len && c->kind != DTLS__CIPHER_AEAD))
        return DTLS_ERR_BAD_ARG; /* a CID only on protected records (RFC 9146 §3) */
    if (seq > DTLS__SEQ_MAX)
        return DTLS_ERR_SEQ_EXHAUSTED;
    if (inner > DTLS__PLAINTEXT_MAX) /* RFC 9146 §5: the inner plaintext too */
        return DTLS_ERR_TOO_LONG;
    if (out_cap < hl + frag)
        return DTLS_ERR_BUFFER_TOO_SMALL;
    body = out + hl + ex;
    if (len) /* first: payload may overlap the header's place */
        memmove(body, payload, len);
    out[0] = cid_len ? (uint8_t)DTLS__CT_TLS12_CID : type;
    dtls__record_put16(out + 1, version);
    dtls__record_put16(out + 3, epoch);
    dtls__record_put16(out + 5, (uint32_t)(seq >> 32));
    dtls__store32_be(out + 7, (uint32_t)seq);
    if (cid_len) {
        memcpy(out + 11, cid, cid_len);
        body[len] = type; /* DTLSInnerPlaintext: content || real_type, no padding */
        al = dtls__record_aad_cid(aad, version, epoch, seq, cid, cid_len, inner);
    } else {
        dtls__record_aad(aad, type, version, epoch, seq, len);
        al = 13;
    }
    dtls__record_put16(out + hl - 2, (uint32_t)frag);
    memcpy(out + hl, out + 3, ex); /* explicit nonce = epoch || seq */
    if (c->kind == DTLS__CIPHER_AEAD) {
        dtls__record_nonce(nonce, c, out + 3);
        rc = dtls_crypto_aead_seal(hooks, &c->key, body, nonce, 12, aad, al, body, inner);
        if (rc != 0)
            return rc;
    }
    return (int)(hl + frag);
}

DTLS__PRIV int dtls__record_protect(const dtls_crypto_hooks *hooks, const dtls__cipher *c, uint8_t type,
                                    uint16_t version, uint16_t epoch, uint64_t seq, uint8_t *out,
                                    size_t out_cap, const uint8_t *payload, size_t len)
{
    return dtls__record_protect_cid(hooks, c, type, version, epoch, seq, NULL, 0, out, out_cap, payload, len);
}

DTLS__PRIV int dtls__record_unprotect(const dtls_crypto_hooks *hooks, const dtls__cipher *c, dtls__record *rec)
{
    size_t ex = c->explicit_nonce_len, over = dtls__cipher_overhead(c), n, al = 13;
    uint8_t aad[23 + DTLS_MAX_CID], nonce[12], es[8];
    int rc, cid = rec->type == DTLS__CT_TLS12_CID;

    if (c->kind > DTLS__CIPHER_AEAD)
        return DTLS_ERR_BAD_ARG;
    if (cid && (c->kind != DTLS__CIPHER_AEAD || rec->cid_len > DTLS_MAX_CID))
        return DTLS_ERR_DECODE; /* a CID record is always protected (RFC 9146 §3) */
    if (rec->body_len - over > DTLS__PLAINTEXT_MAX) /* also when body_len < over (wraps) */
        return DTLS_ERR_DECODE;
    if (c->kind == DTLS__CIPHER_NULL)
        return 0;
    n = rec->body_len - over;
    if (cid)
        al = dtls__record_aad_cid(aad, rec->version, rec->epoch, rec->seq, rec->cid, rec->cid_len, n);
    else
        dtls__record_aad(aad, rec->type, rec->version, rec->epoch, rec->seq, n);
    dtls__record_put16(es, rec->epoch); /* epoch || seq: ChaCha20-Poly1305's nonce input */
    dtls__record_put16(es + 2, (uint32_t)(rec->seq >> 32));
    dtls__store32_be(es + 4, (uint32_t)rec->seq);
    dtls__record_nonce(nonce, c, ex ? rec->body : es);
    rc = dtls_crypto_aead_open(hooks, &c->key, rec->body + ex, nonce, 12, aad, al, rec->body + ex,
                               n + c->tag_len);
    /* Only an AEAD hook can answer "in progress".  The software result (the
     * secret-dependent accept bit) is never branched on here. */
    if (c->key.by_hook == 1 && rc == DTLS_ERR_IN_PROGRESS)
        return rc;
    rec->body += ex;
    rec->body_len = n;
    if (cid && rc == 0) {
        /* DTLSInnerPlaintext: the real type is the last non-zero byte; zeros
         * after it are padding (RFC 9146 §4); all zeros is no record */
        while (n > 0 && rec->body[n - 1] == 0)
            n--;
        if (n == 0)
            return DTLS_ERR_DECODE;
        rec->type = rec->body[n - 1];
        rec->body_len = n - 1;
    }
    return rc;
}

#undef DTLS__RECORD_KIND_INVALID
