/* ct_chachapoly_x25519.c - constant-time check of ChaCha20, Poly1305, the
 * ChaCha20-Poly1305 AEAD and X25519 under valgrind memcheck.
 *
 * Keys, nonces, plaintexts, AAD, ciphertexts, tags, scalars and points are
 * marked undefined (stricter than needed: nonces, AAD, ciphertexts and peer
 * points are public in DTLS); memcheck then reports any branch, loop bound or
 * memory index that depends on them.  Only lengths are public.  Intended
 * declassifications (listed in tests/ct/README.md): computed outputs, the
 * accept/reject result of dtls_chacha20poly1305_open and the zero/non-zero
 * result of dtls_x25519 -- each return code is marked defined before this
 * program branches on it.  Build and run:
 *   gcc -O2 -g -Icrypto tests/ct/ct_chachapoly_x25519.c crypto/chachapoly.c crypto/x25519.c \
 *       crypto/ct.c crypto/error.c
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out
 * (0 errors required, also at -Os). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "chachapoly.h"
#include "x25519.h"
#include "ct.h"
#include "error.h"


static unsigned char key[32], nonce[12], aad[40], msg[300], buf[300 + 16], out[300 + 16];



static void secrets(void)
{
    SECRET(key, sizeof key);
    SECRET(nonce, sizeof nonce);
    SECRET(aad, sizeof aad);
    SECRET(msg, sizeof msg);
}

int main(void)
{
    /* lengths around the 16-byte Poly1305 and 64-byte ChaCha20 blocks */
    static const size_t lens[] = {0, 1, 15, 16, 17, 63, 64, 65, 129, 300};
    size_t i;
    int bad = 0;

    fill(key, sizeof key, 7);
    fill(nonce, sizeof nonce, 77);
    fill(aad, sizeof aad, 5);
    fill(msg, sizeof msg, 123);

    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t n = lens[i], aad_len = (i * 7) % sizeof aad;
        dtls_poly1305_ctx p;
        int r;

        /* ChaCha20, out of place and in place */
        secrets();
        dtls_chacha20(out, msg, n, key, nonce, (uint32_t)i);
        consume(out, n);
        secrets();
        memcpy(buf, msg, n);
        dtls_chacha20(buf, buf, n, key, nonce, 0xFFFFFFFFu);
        consume(buf, n);

        /* Poly1305, one call and split */
        secrets();
        dtls_poly1305_init(&p, key);
        dtls_poly1305_update(&p, msg, n / 3);
        dtls_poly1305_update(&p, msg + n / 3, n - n / 3);
        dtls_poly1305_final(&p, out);
        consume(out, 16);

        /* AEAD seal; the return code depends on public lengths only */
        secrets();
        r = dtls_chacha20poly1305_seal(buf, key, nonce, 12, aad, aad_len, msg, n);
        PUBLIC(&r, sizeof r);
        bad |= r != 0;
        memcpy(out, buf, n + 16);
        consume(out, n + 16); /* ciphertext || tag is public */

        /* AEAD open, success, in place: the accept bit is declassified */
        secrets();
        SECRET(buf, n + 16);
        r = dtls_chacha20poly1305_open(buf, key, nonce, 12, aad, aad_len, buf, n + 16);
        PUBLIC(&r, sizeof r);
        if (r != 0) bad = 1;
        PUBLIC(buf, n);
        PUBLIC(msg, sizeof msg); /* only to check the result */
        if (memcmp(buf, msg, n) != 0) bad = 1;
        consume(buf, n);

        /* AEAD open, failure (tag modified), in place */
        memcpy(buf, out, n + 16);
        buf[n + (i % 16)] ^= 0x10;
        secrets();
        SECRET(buf, n + 16);
        r = dtls_chacha20poly1305_open(buf, key, nonce, 12, aad, aad_len, buf, n + 16);
        PUBLIC(&r, sizeof r);
        if (r != DTLS_ERR_AUTH) bad = 1;
        consume(buf, n);

        /* AEAD open, failure (ciphertext modified), out of place */
        if (n > 0) {
            memcpy(buf, out, n + 16);
            buf[i % n] ^= 1;
            secrets();
            SECRET(buf, n + 16);
            r = dtls_chacha20poly1305_open(out, key, nonce, 12, aad, aad_len, buf, n + 16);
            PUBLIC(&r, sizeof r);
            if (r != DTLS_ERR_AUTH) bad = 1;
            consume(out, n);
        }
        PUBLIC(msg, sizeof msg);
    }

    /* X25519: secret scalar (and, stricter, secret point) */
    {
        unsigned char k[32], u[32], pub[32], shared[32];
        int r;
        fill(k, 32, 200);
        fill(u, 32, 3);
        u[31] &= 0x7F;

        SECRET(k, 32);
        dtls_x25519_public(pub, k);
        consume(pub, 32);

        SECRET(k, 32);
        SECRET(pub, 32);
        r = dtls_x25519(shared, k, pub);
        PUBLIC(&r, sizeof r);
        if (r != 0) bad = 1;
        consume(shared, 32);

        /* a low-order point (u = 1): the zero result is declassified */
        memset(u, 0, 32);
        u[0] = 1;
        SECRET(k, 32);
        SECRET(u, 32);
        r = dtls_x25519(shared, k, u);
        PUBLIC(&r, sizeof r);
        if (r != DTLS_ERR_ZERO_SHARED) bad = 1;
        consume(shared, 32);
    }

    PUBLIC(&sink, sizeof sink);
    printf("ct_chachapoly_x25519: done (checksum %lx)\n", sink);
    return bad ? 2 : 0;
}
