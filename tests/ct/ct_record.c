/* ct_record.c - valgrind constant-time check of the record layer
 * (proto/record.c): cipher set-up, protect (out of place and in place) and
 * unprotect (accepted and rejected) for every AEAD and the NULL cipher.
 *
 * Secret (marked undefined): the write key, the fixed IV (and so every nonce
 * built from it) and the plaintext.  Public: the record header fields, every
 * length, the hooks (none: software dispatch).  Declassified: the protected
 * record once built (it goes on the wire) and the accept/reject result of
 * unprotect; nothing else (the decrypted plaintext stays undefined and is not
 * looked at here; test_record.c checks it).  See README.md.  Build with every
 * crypto and proto source, then run:
 *   gcc -O2 -g -Icrypto tests/ct/ct_record.c $(ls crypto/[a-z]*.c proto/[a-z]*.c)
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors required, also at -Os). */
#include "harness.h"
#include "../../proto/all.h"

static const int algs[5] = {DTLS_AEAD_AES_128_GCM, DTLS_AEAD_AES_256_GCM, DTLS_AEAD_AES_128_CCM,
                            DTLS_AEAD_AES_128_CCM_8, DTLS_AEAD_CHACHA20_POLY1305};

/* The declassified accept/reject result. */
static int result(int rc)
{
    PUBLIC(&rc, sizeof rc);
    return rc;
}

int main(void)
{
    static const size_t lens[4] = {0, 1, 33, 200};
    static uint8_t key[32], iv[12], pt[200], out[256], inplace[256];
    size_t i, k;
    int bad = 0;

    for (i = 0; i < 6; i++) { /* 5 AEADs, then the NULL cipher */
        dtls__cipher c;
        size_t ex;

        fill(key, sizeof key, (unsigned)(11 + i));
        fill(iv, sizeof iv, (unsigned)(22 + i));
        SECRET(key, sizeof key);
        SECRET(iv, sizeof iv);
        if (i < 5) {
            int alg = algs[i];
            size_t ivl = alg == DTLS_AEAD_CHACHA20_POLY1305 ? 12 : 4;
            bad |= dtls__cipher_init(&c, NULL, alg, key, dtls_crypto_aead_key_len(alg), iv, ivl) != 0;
        } else {
            dtls__cipher_null(&c);
        }
        ex = c.explicit_nonce_len;

        for (k = 0; k < 4; k++) {
            size_t len = lens[k], pos = 0;
            dtls__record r;
            int n, n2;

            fill(pt, sizeof pt, (unsigned)(33 + k));
            SECRET(pt, sizeof pt);
            n = dtls__record_protect(NULL, &c, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, 1,
                                     UINT64_C(0x0000A0B0C0D0) + k, out, sizeof out, pt, len);
            bad |= n != (int)(13 + len + dtls__cipher_overhead(&c));
            if (n < 0)
                continue;
            PUBLIC(out, (size_t)n); /* declassified: the record goes on the wire */

            /* in place: the plaintext already where the ciphertext goes */
            memcpy(inplace + 13 + ex, pt, len);
            n2 = dtls__record_protect(NULL, &c, DTLS__CT_APPLICATION_DATA, DTLS__VERSION_1_2, 1,
                                      UINT64_C(0x0000A0B0C0D0) + k, inplace, sizeof inplace, inplace + 13 + ex, len);
            bad |= n2 != n;
            PUBLIC(inplace, (size_t)n);
            bad |= memcmp(inplace, out, (size_t)n) != 0;

            /* accepted */
            bad |= dtls__record_parse(&r, out, (size_t)n, &pos, 0) != 0;
            bad |= result(dtls__record_unprotect(NULL, &c, &r)) != 0;
            bad |= r.body_len != len;

            /* rejected (AEAD): the last tag byte flipped, and the header's sequence number */
            if (i < 5) {
                inplace[n - 1] ^= 0x01;
                pos = 0;
                bad |= dtls__record_parse(&r, inplace, (size_t)n, &pos, 0) != 0;
                bad |= result(dtls__record_unprotect(NULL, &c, &r)) != DTLS_ERR_AUTH;
                inplace[n - 1] ^= 0x01;
                inplace[10] ^= 0x80;
                pos = 0;
                bad |= dtls__record_parse(&r, inplace, (size_t)n, &pos, 0) != 0;
                bad |= result(dtls__record_unprotect(NULL, &c, &r)) != DTLS_ERR_AUTH;
            }
        }
        dtls_wipe(&c, sizeof c);
    }
    return bad;
}
