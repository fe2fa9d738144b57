/* counting_ecb.h - a dtls_ecb_fn over software AES that counts calls, records
 * the largest batch, and fails (with DTLS_ERR_HOOK) on call number fail_at
 * (0 = never): what the GCM and CCM tests use to check batching and that a
 * failing block cipher (a hardware hook) is passed back with the output wiped. */
#ifndef DTLS_TEST_COUNTING_ECB_H
#define DTLS_TEST_COUNTING_ECB_H

#include "../test.h"

typedef struct {
    dtls_aes_ctx aes;
    int calls, fail_at;
    size_t max_blocks;
} counting_ecb;

static int counting_ecb_fn(void *ctx, uint8_t *out, const uint8_t *in, size_t nblocks)
{
    counting_ecb *c = (counting_ecb *)ctx;
    c->calls++;
    if (nblocks > c->max_blocks) c->max_blocks = nblocks;
    if (c->fail_at && c->calls == c->fail_at) return DTLS_ERR_HOOK;
    return dtls_aes_ecb(&c->aes, out, in, nblocks);
}

#endif /* DTLS_TEST_COUNTING_ECB_H */
