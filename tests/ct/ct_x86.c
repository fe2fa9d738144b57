/* ct_x86.c - constant-time check of the x86 hooks (port/x86.c): AES-NI +
 * PCLMULQDQ AES-GCM and AES-CCM records and the AES block entries, under
 * valgrind memcheck (which executes AESENC, AESKEYGENASSIST, PCLMULQDQ and
 * SSE4.1, and reports them to the program through its own CPUID).
 *
 * Three tables: dtls_x86_hooks (each record expands its key),
 * dtls_x86_hooks_cached with three slots (keys expanded once; every fourth
 * record's key is pushed out of its slot by three others first, so the
 * fallback runs too), and the same with DTLS_X86_NO_VAES.  Every sealed
 * record is compared, once declassified, with crypto/'s software seal.  Run
 * natively (not under valgrind) the program checks the VAES loop against
 * software where the CPU has it; valgrind reports no VAES, so under it the
 * 128-bit loop runs in all three tables.
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

static unsigned char key[32], other[32], nonce[12], aad[40], pt[4200], ct[4216], out[4216], ref[4216];
static dtls_x86_slot slots[3];

/* The declassified accept/reject bit. */
static int result(int ret)
{
    PUBLIC(&ret, sizeof ret);
    return ret;
}

int main(void)
{
    /* 4200: the counter's low byte wraps inside an 8-block group */
    static const size_t lens[] = {0, 1, 15, 16, 17, 31, 32, 33, 64, 100, 127, 128, 129, 200, 255, 256, 300, 1024, 1037, 4200};
    static const int algs[4] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                                DTLS_AEAD_AES_128_CCM_8};
    static const char *const names[3] = {"uncached", "cached", "cached 128-bit loop"};
    dtls_crypto_hooks hw, tables[3];
    dtls_x86_cache cache;
    size_t i, a, k, t;
    long ops = 0;
    int bad = 0, groups;

    memset(&hw, 0, sizeof hw);
    groups = dtls_x86_hooks(&hw, DTLS_X86_ALL);
    printf("ct_x86: dtls_x86_hooks installed groups %d (1 AES-NI+PCLMULQDQ, 2 SHA-NI)\n", groups);
    if (groups < 0 || (groups & (int)DTLS_X86_AES) == 0) {
        printf("ct_x86: no AES-NI / PCLMULQDQ / SSE4.1 reported here: nothing checked\n");
        return 0;
    }
    printf("ct_x86: record loop %s\n", hw.aead_seal == dtls__x86_aead_seal_v ? "VAES (256-bit)" : "AES-NI (128-bit)");
    tables[0] = hw;
    memset(&cache, 0, sizeof cache);
    cache.slots = slots;
    cache.n_slots = sizeof slots / sizeof slots[0];
    memset(&tables[1], 0, sizeof tables[1]);
    memset(&tables[2], 0, sizeof tables[2]);
    if (dtls_x86_hooks_cached(&tables[1], DTLS_X86_AES, &cache) != (int)DTLS_X86_AES ||
        dtls_x86_hooks_cached(&tables[2], DTLS_X86_AES | DTLS_X86_NO_VAES, &cache) != (int)DTLS_X86_AES ||
        tables[1].user != &cache) {
        printf("ct_x86: dtls_x86_hooks_cached did not install the cached entries\n");
        return 1;
    }
    fill(key, sizeof key, 11);
    fill(other, sizeof other, 55);
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
    for (t = 0; t < 3; t++)
    for (a = 0; a < 4; a++) {
        int alg = algs[a];
        size_t kl = dtls_crypto_aead_key_len(alg), tl = dtls_crypto_aead_tag_len(alg);
        for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
            size_t n = lens[i], al = (i * 7) % 41;
            dtls_crypto_key hk, sk, ok;
            const dtls_crypto_hooks *h = &tables[t];

            SECRET(key, sizeof key);
            SECRET(pt, sizeof pt);
            SECRET(aad, sizeof aad);
            if (result(dtls_crypto_aead_set_key(h, &hk, alg, key, kl)) != 0 || hk.by_hook != 1) bad = 1;
            if (i % 4 == 3) /* three other keys take the slots: the record falls back */
                for (k = 0; k < 3; k++)
                    if (result(dtls_crypto_aead_set_key(h, &ok, alg, other, kl)) != 0) bad = 1;
            if (result(dtls_crypto_aead_seal(h, &hk, ct, nonce, 12, aad, al, pt, n)) != 0) bad = 1;
            consume(ct, n + tl);
            /* the same record sealed by software */
            if (result(dtls_crypto_aead_set_key(NULL, &sk, alg, key, kl)) != 0) bad = 1;
            if (result(dtls_crypto_aead_seal(NULL, &sk, ref, nonce, 12, aad, al, pt, n)) != 0) bad = 1;
            PUBLIC(ct, n + tl);
            PUBLIC(ref, n + tl);
            if (memcmp(ct, ref, n + tl) != 0) {
                printf("ct_x86: %s alg %d length %lu: not the software record\n", names[t], alg, (unsigned long)n);
                bad = 1;
            }
            dtls_wipe(&sk, sizeof sk);
            /* open in place of a copy, then out of place: success */
            memcpy(out, ct, n + tl);
            SECRET(out, n + tl);
            if (result(dtls_crypto_aead_open(h, &hk, out, nonce, 12, aad, al, out, n + tl)) != 0) bad = 1;
            consume(out, n);
            SECRET(ct, n + tl);
            if (result(dtls_crypto_aead_open(h, &hk, out, nonce, 12, aad, al, ct, n + tl)) != 0) bad = 1;
            consume(out, n);
            /* a flipped ciphertext (or, for n = 0, tag) bit: failure, output zeroed */
            PUBLIC(ct, n + tl);
            ct[n / 2] ^= 0x20;
            SECRET(ct, n + tl);
            if (result(dtls_crypto_aead_open(h, &hk, out, nonce, 12, aad, al, ct, n + tl)) != DTLS_ERR_AUTH) bad = 1;
            consume(out, n);
            dtls_wipe(&hk, sizeof hk);
            ops += 5;
        }
    }

    dtls_wipe(slots, sizeof slots);
    PUBLIC(&sink, sizeof sink);
    printf("ct_x86: %s: %ld AES-NI operations checked (sink %lx)\n", bad ? "WRONG RESULTS" : "done", ops, sink);
    return bad;
}
