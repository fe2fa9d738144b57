/* ct_core.c - valgrind constant-time check of the comparison every protocol
 * secret goes through (tags, verify_data, cookies: dtls_ct_equal) and of the
 * hook dispatcher's AEAD path.  Secrets are marked undefined; memcheck reports
 * any branch or address that depends on them. */
#include "api.h"

#include <string.h>
#include "harness.h"


int main(void)
{
    uint8_t a[32], b[32], key[32], nonce[12], msg[64], rec[64 + 16];
    dtls_crypto_key k;
    int eq, rc, bad = 0;
    size_t i;

    for (i = 0; i < 32; i++) a[i] = b[i] = key[i] = (uint8_t)i;
    memset(nonce, 7, sizeof nonce);
    memset(msg, 0x33, sizeof msg);

    /* equal and unequal inputs, both secret */
    SECRET(a, 32);
    SECRET(b, 32);
    eq = dtls_ct_equal(a, b, 32);
    PUBLIC(&eq, sizeof eq); /* declassified: the comparison's result */
    bad |= eq != 1;
    b[31] ^= 1;
    eq = dtls_ct_equal(a, b, 32);
    PUBLIC(&eq, sizeof eq);
    bad |= eq != 0;

    /* the dispatcher: set a secret key, seal a secret record, open it in place */
    SECRET(key, 32);
    SECRET(msg, sizeof msg);
    for (i = 0; i < 3; i++) {
        static const int algs[3] = {DTLS_AEAD_AES_128_CCM_8, DTLS_AEAD_AES_128_GCM, DTLS_AEAD_CHACHA20_POLY1305};
        size_t klen = dtls_crypto_aead_key_len(algs[i]), tag = dtls_crypto_aead_tag_len(algs[i]);
        rc = dtls_crypto_aead_set_key(NULL, &k, algs[i], key, klen);
        bad |= rc != 0;
        rc = dtls_crypto_aead_seal(NULL, &k, rec, nonce, 12, NULL, 0, msg, sizeof msg);
        bad |= rc != 0;
        PUBLIC(rec, sizeof msg + tag); /* the record goes on the wire */
        rc = dtls_crypto_aead_open(NULL, &k, rec, nonce, 12, NULL, 0, rec, sizeof msg + tag);
        PUBLIC(&rc, sizeof rc); /* declassified: accept / reject */
        bad |= rc != 0;
        dtls_wipe(&k, sizeof k);
    }
    return bad;
}
