/* ct_keys_cookie.c - constant-time check of the protocol's key derivation
 * (proto/keys.c) and stateless cookies (proto/cookie.c) under valgrind memcheck.
 *
 * Secret (marked undefined): the PSK, the ECDHE shared secret, the premaster and
 * master secrets and everything derived from them, and the cookie secrets (marked
 * undefined by the random source as it produces them).  Public: lengths, the
 * randoms, the hashes of the transcript, the peer address, the ClientHello fields
 * and the cookie's generation byte.  Return codes of the key functions are not
 * declassified: they must depend on lengths only (memcheck reports the test of an
 * undefined one).  Declassified: the one-bit results of dtls_ct_equal comparisons
 * of derived secrets with the known answers of tests/proto/test_keys.c, and the
 * accept/reject result of dtls__cookie_check.  Build (the test runner links every
 * .c file of crypto/ and proto/), then run:
 *   gcc -std=c99 -O2 -g -Icrypto tests/ct/ct_keys_cookie.c $(ls crypto/[a-z]*.c proto/[a-z]*.c)
 *   valgrind --error-exitcode=1 --track-origins=yes ./a.out     (also at -Os) */
#include "../../proto/all.h"

#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static int bad;

static void unhex_(uint8_t *out, const char *h)
{
    while (h[0] && h[1]) {
        unsigned v;
        sscanf(h, "%2x", &v);
        *out++ = (uint8_t)v;
        h += 2;
    }
}

/* 1 when the n secret bytes at p equal the known answer; only that bit is made public. */
static int same(const uint8_t *p, const char *hex, size_t n)
{
    uint8_t want[88];
    int eq;
    unhex_(want, hex);
    eq = dtls_ct_equal(p, want, n);
    PUBLIC(&eq, sizeof eq);
    return eq;
}

static int rng_secret(void *ctx, uint8_t *out, size_t len)
{
    uint8_t *next = (uint8_t *)ctx;
    size_t i;
    for (i = 0; i < len; i++)
        out[i] = (*next)++;
    SECRET(out, len); /* everything the source returns is secret */
    return 0;
}

static void keys(void)
{
    uint8_t psk[16], z[32], pms[80], m[48], vd[12], cr[32], sr[32], sh[48], hh[48];
    dtls__key_block kb;
    int i, rc;

    for (i = 0; i < 16; i++)
        psk[i] = (uint8_t)(i + 1);
    for (i = 0; i < 32; i++) {
        z[i] = (uint8_t)(0x40 + i);
        cr[i] = (uint8_t)i;
        sr[i] = (uint8_t)(32 + i);
    }
    for (i = 0; i < 48; i++) {
        sh[i] = (uint8_t)(0xa0 + i);
        hh[i] = (uint8_t)(0xc0 + i);
    }
    SECRET(psk, sizeof psk);
    SECRET(z, sizeof z);

    /* plain PSK premaster, master secret with both PRF hashes */
    rc = dtls__keys_psk_premaster(pms, sizeof pms, NULL, 0, psk, 16);
    bad |= rc != 36;
    rc = dtls__keys_master(m, DTLS_HASH_SHA256, pms, 36, cr, sr);
    bad |= rc != 0;
    bad |= !same(m, "08cd6fd50b5bbf0352361eb0aab94ca1fbc15abec762adf50a842c7d7fd6c09520e61ed19973480197754e875103e5bd",
                 48);

    /* key block split for CCM_8 (16+16+4+4) and ChaCha20 (32+32+12+12) */
    rc = dtls__keys_block(&kb, dtls__suite_find(0xC0A8), m, cr, sr);
    bad |= rc != 0;
    bad |= !same(kb.client_key, "242e1497c946f066767b03b8ad79adf6", 16);
    bad |= !same(kb.server_iv, "4edc3604", 4);
    rc = dtls__keys_block(&kb, dtls__suite_find(0xCCAB), m, cr, sr);
    bad |= rc != 0;
    bad |= !same(kb.server_iv, "2978414d3145f6cf333ee1e0", 12);

    /* verify_data, both labels */
    rc = dtls__keys_finished(vd, DTLS_HASH_SHA256, m, 1, hh, 32);
    bad |= rc != 0;
    bad |= !same(vd, "bdc97c4be73974f30d0f10cc", 12);
    rc = dtls__keys_finished(vd, DTLS_HASH_SHA256, m, 0, hh, 32);
    bad |= rc != 0;
    bad |= !same(vd, "b6442d74a955af757dfffcda", 12);

    /* extended master secret */
    rc = dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, sh, 32);
    bad |= rc != 0;
    bad |= !same(m, "f785fccea9bb829dc827f9d536cdc1cd520633ff2a657a79e259000f9df631ad4c53ca930c61f23a4dff2e138ddecf2b",
                 48);

    /* the SHA-384 path: TLS_PSK_WITH_AES_256_GCM_SHA384 */
    rc = dtls__keys_master(m, DTLS_HASH_SHA384, pms, 36, cr, sr);
    bad |= rc != 0;
    rc = dtls__keys_block(&kb, dtls__suite_find(0x00A9), m, cr, sr);
    bad |= rc != 0;
    bad |= !same(kb.client_key, "1348315d9d98fdd2f58d27434bf499b4b383d043ee51c54345ed211a0ef7dd5f", 32);
    rc = dtls__keys_finished(vd, DTLS_HASH_SHA384, m, 1, hh, 48);
    bad |= rc != 0;
    bad |= !same(vd, "31c2dd72ce17e3d2861b1945", 12);
    rc = dtls__keys_master_ems(m, DTLS_HASH_SHA384, pms, 36, sh, 48);
    bad |= rc != 0;

    /* ECDHE_PSK premaster (RFC 5489) from a secret shared secret */
    rc = dtls__keys_psk_premaster(pms, sizeof pms, z, 32, psk, 4);
    bad |= rc != 40;
    rc = dtls__keys_master(m, DTLS_HASH_SHA256, pms, 40, cr, sr);
    bad |= rc != 0;
    bad |= !same(m, "776b39c5961b28bb24f4c2262d763d75db4a1c6241934f4ab079726f13d18e979a7761ec94641cf616b28a31fa439ac8",
                 48);
    dtls_wipe(pms, sizeof pms);
    dtls_wipe(m, sizeof m);
    dtls_wipe(&kb, sizeof kb);
}

static int check(const dtls__cookie_keys *k, const uint8_t *ck, size_t len, const uint8_t *addr,
                 const dtls__ch_fields *ch)
{
    int rc = dtls__cookie_check(k, ck, len, 16, addr, 6, ch);
    PUBLIC(&rc, sizeof rc); /* declassified: accept / reject */
    return rc;
}

static void cookies(void)
{
    static const uint8_t addr[6] = {0xc0, 0xa8, 0x00, 0x01, 0x16, 0x33}, cs[4] = {0xc0, 0xa8, 0xc0, 0xae},
                         comp[1] = {0};
    uint8_t rnd[32], a[16], b[16], t[16], next = 0;
    dtls__cookie_keys k;
    dtls__ch_fields ch;
    int i;

    for (i = 0; i < 32; i++)
        rnd[i] = (uint8_t)(0x70 + i);
    ch.client_version = 0xFEFD;
    ch.random = rnd;
    ch.session_id = NULL;
    ch.session_id_len = 0;
    ch.cipher_suites = cs;
    ch.cipher_suites_len = sizeof cs;
    ch.compression = comp;
    ch.compression_len = sizeof comp;

    memset(&k, 0, sizeof k);
    bad |= dtls__cookie_rotate(&k, rng_secret, &next, 0, 1000) != 0;
    bad |= dtls__cookie_make(a, 16, &k, addr, 6, &ch) != 0; /* the MAC bytes stay secret */
    bad |= check(&k, a, 16, addr, &ch) != 0;
    memcpy(t, a, 16);
    t[9] ^= 0x10; /* a wrong MAC: same code path, rejected */
    bad |= check(&k, t, 16, addr, &ch) != DTLS_ERR_BAD_COOKIE;
    t[9] ^= 0x10;
    t[0] ^= 0x02; /* an unknown generation: rejected before any MAC (public byte) */
    bad |= check(&k, t, 16, addr, &ch) != DTLS_ERR_BAD_COOKIE;

    /* rotation: the previous generation's cookie, then two generations ago */
    bad |= dtls__cookie_rotate(&k, rng_secret, &next, 1000, 1000) != 0;
    bad |= dtls__cookie_make(b, 16, &k, addr, 6, &ch) != 0;
    bad |= check(&k, a, 16, addr, &ch) != 0;
    bad |= check(&k, b, 16, addr, &ch) != 0;
    bad |= dtls__cookie_rotate(&k, rng_secret, &next, 2000, 1000) != 0;
    bad |= check(&k, a, 16, addr, &ch) != DTLS_ERR_BAD_COOKIE;
    bad |= check(&k, b, 16, addr, &ch) != 0;
    /* another port */
    {
        uint8_t other[6];
        memcpy(other, addr, 6);
        other[5] ^= 1;
        bad |= check(&k, b, 16, other, &ch) != DTLS_ERR_BAD_COOKIE;
    }
    dtls_wipe(&k, sizeof k);
}

int main(void)
{
    keys();
    cookies();
    if (bad)
        fprintf(stderr, "ct_keys_cookie: wrong result\n");
    return bad;
}
