/* ct_sha2_hmac.c - constant-time check of SHA-256, SHA-384, HMAC and the TLS
 * 1.2 PRF under valgrind memcheck.
 *
 * The message, key and PRF secret are marked undefined; memcheck then
 * reports any branch, loop bound or memory index that depends on them.  Only
 * lengths and algorithm choices are public.  Outputs are declassified
 * (marked defined) only after they are computed, and nothing here branches
 * on an output before that.  Build and run:
 *   gcc -O2 -g -Icrypto tests/ct/ct_sha2_hmac.c crypto/sha2.c crypto/hmac.c crypto/ct.c crypto/error.c
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors required, also at -Os). */
#include "harness.h"

#include <stdio.h>

#include "sha2.h"
#include "hmac.h"
#include "ct.h"
#include "error.h"


static unsigned char msg[700], key[200], out[160];



int main(void)
{
    /* Message lengths crossing the padding boundaries of both block sizes;
     * key lengths: short, exactly one block, longer than a block (hashed). */
    static const size_t msg_lens[] = {0, 1, 55, 56, 64, 111, 112, 128, 300, 700};
    static const size_t key_lens[] = {0, 16, 32, 64, 65, 128, 131, 200};
    size_t i, j;
    int bad = 0;

    fill(msg, sizeof msg, 3);
    fill(key, sizeof key, 101);

    for (i = 0; i < sizeof msg_lens / sizeof msg_lens[0]; i++) {
        size_t ml = msg_lens[i];
        dtls_sha256_ctx c256;

        SECRET(msg, sizeof msg);
        dtls_sha256(out, msg, ml);
        consume(out, 32);

        /* streaming, split in two */
        SECRET(msg, sizeof msg);
        dtls_sha256_init(&c256);
        dtls_sha256_update(&c256, msg, ml / 3);
        dtls_sha256_update(&c256, msg + ml / 3, ml - ml / 3);
        dtls_sha256_final(&c256, out);
        consume(out, 32);

#if DTLS_ENABLE_SHA384
        {
            dtls_sha512_ctx c512;
            SECRET(msg, sizeof msg);
            dtls_sha384(out, msg, ml);
            consume(out, 48);
            SECRET(msg, sizeof msg);
            dtls_sha384_init(&c512);
            dtls_sha384_update(&c512, msg, ml / 3);
            dtls_sha384_update(&c512, msg + ml / 3, ml - ml / 3);
            dtls_sha384_final(&c512, out);
            consume(out, 48);
            SECRET(msg, sizeof msg);
            dtls_sha512(out, msg, ml);
            consume(out, 64);
        }
#endif
    }

    for (i = 0; i < sizeof key_lens / sizeof key_lens[0]; i++) {
        size_t kl = key_lens[i];
        for (j = 0; j < 4; j++) {
            size_t ml = msg_lens[j * 3];
            dtls_hmac_ctx h, fork;
            int r;

            SECRET(key, sizeof key);
            SECRET(msg, sizeof msg);
            r = dtls_hmac(out, DTLS_HASH_SHA256, key, kl, msg, ml);
            consume(out, 32);
            bad |= r != 0; /* the return code depends on public inputs only */

            /* keyed template, fork, streaming */
            SECRET(key, sizeof key);
            SECRET(msg, sizeof msg);
            r = dtls_hmac_init(&h, DTLS_HASH_SHA256, key, kl);
            bad |= r != 0;
            fork = h;
            dtls_hmac_update(&fork, msg, ml);
            dtls_hmac_final(&fork, out);
            consume(out, 32);
            dtls_hmac_update(&h, msg, ml);
            dtls_hmac_final(&h, out);
            consume(out, 32);

#if DTLS_ENABLE_SHA384
            SECRET(key, sizeof key);
            SECRET(msg, sizeof msg);
            r = dtls_hmac(out, DTLS_HASH_SHA384, key, kl, msg, ml);
            consume(out, 48);
            bad |= r != 0;
#endif

            /* Tag comparison: the accept/reject result is the public output. */
            {
                unsigned char tag[32];
                int eq;
                memcpy(tag, out, 32);
                SECRET(out, 32);
                eq = dtls_ct_equal(out, tag, 32);
                PUBLIC(&eq, sizeof eq);
                bad |= eq != 1;
            }
        }
    }

    /* TLS 1.2 PRF: the secret (pre-master / master secret) is undefined; the
     * seed (public randoms in TLS) is still undefined here, which is stricter;
     * the key block is declassified after. */
    for (i = 0; i < 4; i++) {
        static const size_t out_lens[] = {12, 48, 104, 148};
        int r;
        SECRET(key, sizeof key);
        r = dtls_tls12_prf(out, out_lens[i], DTLS_HASH_SHA256, key, 48, "master secret", msg + 200, 64);
        consume(out, out_lens[i]);
        bad |= r != 0;
#if DTLS_ENABLE_SHA384
        SECRET(key, sizeof key);
        r = dtls_tls12_prf(out, out_lens[i], DTLS_HASH_SHA384, key, 48, "key expansion", msg + 200, 64);
        consume(out, out_lens[i]);
        bad |= r != 0;
#endif
        /* secret longer than a block */
        SECRET(key, sizeof key);
        r = dtls_tls12_prf(out, out_lens[i], DTLS_HASH_SHA256, key, 200, "client finished", msg + 200, 32);
        consume(out, out_lens[i]);
        bad |= r != 0;
        /* the keyed PRF from a saved and loaded keyed state (the master
         * secret's, kept in the handshake scratch): the states are secret */
        {
            dtls_hmac_ctx k, l;
            unsigned char st[128];
            size_t sl;
            SECRET(key, sizeof key);
            r = dtls_hmac_init(&k, DTLS_HASH_SHA256, key, 48);
            sl = dtls_hmac_save(&k, st, sizeof st);
            r |= dtls_hmac_load(&l, DTLS_HASH_SHA256, st, sl);
            r |= dtls_tls12_prf_keyed(out, out_lens[i], &l, "key expansion", msg + 200, 64);
            consume(out, out_lens[i]);
            bad |= r != 0 || sl != 64;
#if DTLS_ENABLE_SHA384
            SECRET(key, sizeof key);
            r = dtls_hmac_init(&k, DTLS_HASH_SHA384, key, 48);
            sl = dtls_hmac_save(&k, st, sizeof st);
            r |= dtls_hmac_load(&l, DTLS_HASH_SHA384, st, sl);
            r |= dtls_tls12_prf_keyed(out, out_lens[i], &l, "server finished", msg + 200, 48);
            consume(out, out_lens[i]);
            bad |= r != 0 || sl != 128;
#endif
            dtls_wipe(&k, sizeof k);
            dtls_wipe(&l, sizeof l);
            dtls_wipe(st, sizeof st);
        }
    }

    PUBLIC(&sink, sizeof sink);
    printf("ct_sha2_hmac: done (checksum %lx)\n", sink);
    return bad ? 2 : 0;
}
