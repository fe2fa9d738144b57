/* ct_aes_gcm_ccm.c - constant-time check of AES (key schedule and
 * encryption), AES-GCM (GHASH) and AES-CCM under valgrind memcheck.
 *
 * Keys, plaintexts, AAD, and (stricter than needed) the ciphertext and tag
 * given to open are marked undefined; memcheck then reports any branch, loop
 * bound or memory index that depends on them.  Public: lengths, nonces, tag
 * lengths.  Outputs are declassified only after they are computed; the
 * accept/reject result of open is declassified (marked defined) before it is
 * tested - see README.md.  Build and run:
 *   gcc -O2 -g -Icrypto tests/ct/ct_aes_gcm_ccm.c crypto/aes.c crypto/gcm.c crypto/ccm.c crypto/ct.c crypto/error.c
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors required, also at -Os and with -DDTLS_CT_MUL16=1). */
#include "harness.h"

#include <stdio.h>

#include "aes.h"
#include "gcm.h"
#include "ccm.h"
#include "ct.h"
#include "error.h"


static unsigned char key[32], nonce[13], aad[40], pt[200], ct[232], out[232];



/* The declassified accept/reject bit. */
static int result(int ret)
{
    PUBLIC(&ret, sizeof ret);
    return ret;
}

int main(void)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 200};
    static const size_t klens[] = {16, 24, 32};
    size_t i, k;
    int bad = 0;

    fill(key, sizeof key, 11);
    fill(nonce, sizeof nonce, 22);
    fill(aad, sizeof aad, 33);
    fill(pt, sizeof pt, 44);

    /* AES: key schedule and 1..5 blocks (pairs and an odd block). */
    for (k = 0; k < 3; k++) {
        dtls_aes_ctx ctx;
        size_t nb;
        SECRET(key, sizeof key);
        SECRET(pt, sizeof pt);
        if (result(dtls_aes_init(&ctx, key, klens[k])) != 0) bad = 1;
        for (nb = 1; nb <= 5; nb++) {
            dtls_aes_encrypt_blocks(&ctx, out, pt, nb);
            consume(out, 16 * nb);
        }
        dtls_wipe(&ctx, sizeof ctx);
    }

    for (k = 0; k < 3; k += 2) { /* AES-128 and AES-256 */
        size_t kl = klens[k];
        for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            size_t n = lens[i], al = (i * 7) % 41, M;
            dtls_aes_ctx ctx;

            /* GCM seal (GHASH over AAD and ciphertext), pre-expanded and raw key */
            SECRET(key, sizeof key);
            SECRET(pt, sizeof pt);
            SECRET(aad, sizeof aad);
            if (result(dtls_aes_init(&ctx, key, kl)) != 0) bad = 1;
            if (result(dtls_gcm_seal(dtls_aes_ecb, &ctx, out, nonce, 12, aad, al, pt, n)) != 0) bad = 1;
            consume(out, n + 16);
            if (result(dtls_aes_gcm_seal(ct, key, kl, nonce, 12, aad, al, pt, n)) != 0) bad = 1;
            consume(ct, n + 16);

            /* GCM open: success, then a flipped tag bit (failure) */
            SECRET(ct, n + 16);
            if (result(dtls_aes_gcm_open(out, key, kl, nonce, 12, aad, al, ct, n + 16)) != 0) bad = 1;
            consume(out, n);
            PUBLIC(ct, n + 16);
            ct[n + 15] ^= 1;
            SECRET(ct, n + 16);
            if (result(dtls_gcm_open(dtls_aes_ecb, &ctx, out, nonce, 12, aad, al, ct, n + 16)) != DTLS_ERR_AUTH) bad = 1;
            consume(out, n);
            dtls_wipe(&ctx, sizeof ctx);

            /* CCM: 16-byte and 8-byte tags, 12- and 13-byte nonces */
            for (M = 8; M <= 16; M += 8) {
                size_t nl = M == 8 ? 13 : 12;
                SECRET(key, sizeof key);
                SECRET(pt, sizeof pt);
                SECRET(aad, sizeof aad);
                if (result(dtls_aes_ccm_seal(ct, key, kl, M, nonce, nl, aad, al, pt, n)) != 0) bad = 1;
                consume(ct, n + M);
                SECRET(ct, n + M);
                if (result(dtls_aes_ccm_open(out, key, kl, M, nonce, nl, aad, al, ct, n + M)) != 0) bad = 1;
                consume(out, n);
                PUBLIC(ct, n + M);
                ct[n / 2] ^= 0x20; /* ciphertext (or, for n = 0, tag) byte */
                SECRET(ct, n + M);
                if (result(dtls_aes_ccm_open(out, key, kl, M, nonce, nl, aad, al, ct, n + M)) != DTLS_ERR_AUTH) bad = 1;
                consume(out, n);
            }
        }
    }

    PUBLIC(&sink, sizeof sink);
    printf("ct_aes_gcm_ccm: %s (sink %lx)\n", bad ? "WRONG RESULTS" : "done", sink);
    return bad;
}
