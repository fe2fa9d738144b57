/* ct_x86.c - constant-time check of the x86 hooks (port/x86.c): AES-NI +
 * PCLMULQDQ AES-GCM and AES-CCM records and the AES block entries, under
 * valgrind memcheck (which executes AESENC, AESKEYGENASSIST, PCLMULQDQ and
 * SSE4.1, and reports them to the program through its own CPUID).
 *
 * Secret (marked undefined): the keys (so the key handles and the round
 * keys expanded from them, GHASH's H and its powers), the plaintexts, the
 * AAD, and (stricter than needed) the ciphertext and tag given to open.
 * Public: every length, the nonces, the algorithm.  Outputs are declassified
 * only once computed; the accept/reject result of open is declassified before
 * it is tested (see README.md, "x86 hooks").  SHA-NI is not checked here:
 * valgrind's CPUID reports no SHA, so dtls_x86_hooks installs no hash
 * entries under it (README.md gives the argument instead).
 *
 *   gcc -O2 -g -Icrypto tests/ct/ct_x86.c $(ls crypto/[a-z]*.c proto/[a-z]*.c)
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors; prints "ct_x86: done" with the number of operations checked,
 * or says plainly that this CPU / valgrind offers no AES-NI and checks
 * nothing.) */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "../../port/x86.c"

static unsigned char key[32], nonce[12], aad[40], pt[300], ct[316], out[316];

/* The declassified accept/reject bit. */
static int result(int ret)
{
    PUBLIC(&ret, sizeof ret);
    return ret;
}

int main(void)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 127, 128, 129, 200, 255, 256, 300};
    static const int algs[4] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                                DTLS_AEAD_AES_128_CCM_8};
    dtls_crypto_hooks hw;
    size_t i, a, k;
    long ops = 0;
    int bad = 0, groups;

    memset(&hw, 0, sizeof hw);
    groups = dtls_x86_hooks(&hw, DTLS_X86_ALL);
    printf("ct_x86: dtls_x86_hooks installed groups %d (1 AES-NI+PCLMULQDQ, 2 SHA-NI)\n", groups);
    if (groups < 0 || (groups & (int)DTLS_X86_AES) == 0) {
        printf("ct_x86: no AES-NI / PCLMULQDQ / SSE4.1 reported here: nothing checked\n");
        return 0;
    }
    fill(key, sizeof key, 11);
    fill(nonce, sizeof nonce, 22);
    fill(aad, sizeof aad, 33);
    fill(pt, sizeof pt, 44);

    /* the block entries: key expansion (16, 24, 32 bytes) and one block */
    for (k = 16; k <= 32; k += 8) {
        dtls_crypto_key kk;
        memset(&kk, 0, sizeof kk);
        SECRET(key, sizeof key);
        SECRET(pt, sizeof pt);
        if (result(hw.aes_set_key(hw.user, &kk, key, k)) != 0) bad = 1;
        if (result(hw.aes_encrypt(hw.user, &kk, out, pt)) != 0) bad = 1;
        consume(out, 16);
        dtls_wipe(&kk, sizeof kk);
        ops++;
    }

    /* whole records through the dispatch, as the record layer calls them */
    for (a = 0; a < 4; a++) {
        int alg = algs[a];
        size_t kl = dtls_crypto_aead_key_len(alg), tl = dtls_crypto_aead_tag_len(alg);
        for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            size_t n = lens[i], al = (i * 7) % 41;
            dtls_crypto_key hk;

            SECRET(key, sizeof key);
            SECRET(pt, sizeof pt);
            SECRET(aad, sizeof aad);
            if (result(dtls_crypto_aead_set_key(&hw, &hk, alg, key, kl)) != 0 || hk.by_hook != 1) bad = 1;
            if (result(dtls_crypto_aead_seal(&hw, &hk, ct, nonce, 12, aad, al, pt, n)) != 0) bad = 1;
            consume(ct, n + tl);
            /* open in place of a copy, then out of place: success */
            memcpy(out, ct, n + tl);
            SECRET(out, n + tl);
            if (result(dtls_crypto_aead_open(&hw, &hk, out, nonce, 12, aad, al, out, n + tl)) != 0) bad = 1;
            consume(out, n);
            SECRET(ct, n + tl);
            if (result(dtls_crypto_aead_open(&hw, &hk, out, nonce, 12, aad, al, ct, n + tl)) != 0) bad = 1;
            consume(out, n);
            /* a flipped ciphertext (or, for n = 0, tag) bit: failure, output zeroed */
            PUBLIC(ct, n + tl);
            ct[n / 2] ^= 0x20;
            SECRET(ct, n + tl);
            if (result(dtls_crypto_aead_open(&hw, &hk, out, nonce, 12, aad, al, ct, n + tl)) != DTLS_ERR_AUTH) bad = 1;
            consume(out, n);
            dtls_wipe(&hk, sizeof hk);
            ops += 4;
        }
    }

    PUBLIC(&sink, sizeof sink);
    printf("ct_x86: %s: %ld AES-NI operations checked (sink %lx)\n", bad ? "WRONG RESULTS" : "done", ops, sink);
    return bad;
}
