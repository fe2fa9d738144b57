/* test_export.c - the keying material exporter (RFC 5705; cfg.on_keys,
 * dtls_export_keying_material): known answers computed apart (Python's hmac
 * over RFC 5246 5's P_hash, tests/proto/test_export.c's table), the context
 * rules (absent differs from empty), the refusals (a label of the PRF itself,
 * a context too long, a session without extended master secret, RFC 7627
 * 5.4), and both sides of real handshakes giving the same bytes, once per
 * handshake, only during the callback; DTLS-SRTP's use_srtp (RFC 5764
 * 4.1.1): the exact extensions, the server's preference, nothing in common,
 * a profile the client did not offer (illegal_parameter). */
#include "world.h"

/* The hand-made session of the known answers: master 00..2f, client random
 * c0..cf c0..cf, server random 50..6f; label "EXPERIMENTAL dtls.h", 40 bytes. */
static const uint8_t kat_plain[40] = {
    0x4b, 0xff, 0xdb, 0xbe, 0x80, 0xab, 0xb7, 0x63, 0xf2, 0x93, 0xa8, 0x4d, 0x8d, 0x7c, 0xcc, 0x19, 0x0f, 0x66, 0x2c, 0x98,
    0xe6, 0xbb, 0xda, 0x1f, 0x53, 0x8f, 0x16, 0x99, 0xa4, 0xcb, 0xf2, 0x5f, 0x03, 0x0e, 0x82, 0xa8, 0x88, 0x90, 0x86, 0x38};
static const uint8_t kat_ctx[40] = { /* context "ctx" */
    0xbf, 0x68, 0x03, 0x0b, 0x91, 0x81, 0xb5, 0xfc, 0x87, 0x68, 0x2b, 0xd9, 0x94, 0xe4, 0xe6, 0x90, 0x04, 0xeb, 0xc5, 0x80,
    0x58, 0x7e, 0x97, 0x1c, 0x7e, 0x01, 0xbf, 0x8d, 0x51, 0xae, 0x6c, 0x8c, 0x9d, 0x04, 0xdb, 0x7e, 0xd9, 0xaf, 0xa9, 0x78};
static const uint8_t kat_empty[40] = { /* an empty context: two zero length bytes in the seed */
    0x6e, 0x5e, 0x95, 0xdd, 0x2b, 0xb3, 0x5a, 0x4b, 0xe0, 0xae, 0x46, 0x8e, 0x97, 0x36, 0xb0, 0x80, 0xf1, 0xb1, 0x8c, 0xf0,
    0x92, 0x70, 0x9c, 0x44, 0xdb, 0x64, 0xdb, 0x9f, 0xda, 0xc6, 0x59, 0xbe, 0xcd, 0x65, 0x99, 0x52, 0xe7, 0xd9, 0x3a, 0xed};
static const uint8_t kat_sha384[40] = { /* a SHA-384 PRF suite */
    0x05, 0x83, 0xf0, 0xc8, 0x20, 0x37, 0xb6, 0xc7, 0x38, 0xd8, 0x8e, 0xf5, 0x70, 0x2d, 0xf6, 0xad, 0xd2, 0x7e, 0x8b, 0x7f,
    0xb2, 0xc3, 0x47, 0x0e, 0xe9, 0x3c, 0x21, 0x02, 0xc3, 0xd1, 0x9e, 0xe8, 0x59, 0x72, 0x2e, 0x4d, 0xc0, 0x80, 0xfd, 0x5e};

static uint8_t m[48], cr[32], sr[32];

static dtls_exporter t_exporter(int hash, int ems)
{
    dtls_exporter x;
    size_t i;
    for (i = 0; i < 48; i++)
        m[i] = (uint8_t)i;
    for (i = 0; i < 32; i++) {
        cr[i] = (uint8_t)(0xc0 + i % 16);
        sr[i] = (uint8_t)(0x50 + i);
    }
    x.dtls__master = m;
    x.dtls__client_random = cr;
    x.dtls__server_random = sr;
    x.dtls__prf_hash = (uint8_t)hash;
    x.dtls__ems = (uint8_t)ems;
    return x;
}

TEST(known_answers)
{
    dtls_exporter x = t_exporter(DTLS_HASH_SHA256, 1);
    uint8_t out[40], big[DTLS_EXPORT_CONTEXT_MAX + 1];
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", NULL, 0, 0), 0);
    CHECK_MEM(out, kat_plain, 40);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", (const uint8_t *)"ctx", 3, 1), 0);
    CHECK_MEM(out, kat_ctx, 40);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", NULL, 0, 1), 0);
    CHECK_MEM(out, kat_empty, 40);
    CHECK_EQ(dtls_export_keying_material(&x, out, 7, "EXPERIMENTAL dtls.h", NULL, 0, 0), 0);
    CHECK_MEM(out, kat_plain, 7); /* a prefix of the longer output */
#if DTLS_ENABLE_SHA384
    x = t_exporter(DTLS_HASH_SHA384, 1);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", NULL, 0, 0), 0);
    CHECK_MEM(out, kat_sha384, 40);
#endif
    /* refusals, out untouched */
    x = t_exporter(DTLS_HASH_SHA256, 1);
    memset(out, 0xEE, sizeof out);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "master secret", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "key expansion", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "client finished", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "server finished", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "extended master secret", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, NULL, NULL, 0, 0), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(NULL, out, 40, "EXPERIMENTAL dtls.h", NULL, 0, 0), DTLS_ERR_BAD_ARG);
    memset(big, 1, sizeof big);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", big, sizeof big, 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "master secretX", big, DTLS_EXPORT_CONTEXT_MAX, 1), 0);
    x.dtls__ems = 0; /* RFC 7627 5.4 */
    memset(out, 0xEE, sizeof out);
    CHECK_EQ(dtls_export_keying_material(&x, out, 40, "EXPERIMENTAL dtls.h", NULL, 0, 0), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(out[0], 0xEE);
}

/* ---- real handshakes: each side's on_keys exports; both must agree */
static uint8_t got[2][32];
static int calls[2], results[2], established_in_cb[2];

static void t_on_keys(void *user, dtls_conn *conn, const dtls_exporter *x)
{
    int side = ((const ep *)user)->id;
    calls[side]++;
    established_in_cb[side] = dtls_conn_is_established(conn);
    results[side] = dtls_export_keying_material(x, got[side], 32, "EXTRACTOR-dtls_srtp", NULL, 0, 0);
}

static void t_run(uint16_t suite, uint64_t seed)
{
    w_setup(suite);
    W.rng ^= seed; /* another seed: other randoms */
    W.cc.on_keys = t_on_keys;
    W.sc.on_keys = t_on_keys;
    memset(got, 0, sizeof got);
    memset(calls, 0, sizeof calls);
    results[0] = results[1] = -999;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(calls[0], 1);
    CHECK_EQ(calls[1], 1);
    CHECK_EQ(results[0], 0);
    CHECK_EQ(results[1], 0);
    CHECK_EQ(established_in_cb[0], 1);
    CHECK_MEM(got[0], got[1], 32);
    CHECK(got[0][0] | got[0][1] | got[0][2] | got[0][3]);
    /* data still flows, and no second call comes */
    CHECK_EQ(dtls_conn_write(&W.c, (const uint8_t *)"ping", 4), 4);
    w_pump();
    CHECK_EQ(W.got_len, 4);
    CHECK_EQ(calls[0] + calls[1], 2);
}

TEST(both_sides_agree)
{
    uint8_t first[32];
    t_run(DTLS_PSK_WITH_AES_128_CCM_8, 0);
    memcpy(first, got[0], 32);
    t_run(DTLS_PSK_WITH_AES_128_CCM_8, 1); /* another session (other randoms): other keys */
    CHECK(memcmp(first, got[0], 32) != 0);
#if DTLS_ENABLE_GCM && DTLS_ENABLE_SHA384
    t_run(DTLS_PSK_WITH_AES_256_GCM_SHA384, 2);
#endif
}

/* ---- use_srtp (RFC 5764 4.1.1) */
#if DTLS_ENABLE_SRTP

/* The first occurrence of pat in the first datagram queued for side q. */
static uint8_t *t_find(int q, const uint8_t *pat, size_t n)
{
    size_t i;
    if (W.qn[q] == 0)
        return NULL;
    for (i = 0; i + n <= W.qlen[q][0]; i++)
        if (memcmp(W.q[q][0] + i, pat, n) == 0)
            return W.q[q][0] + i;
    return NULL;
}

TEST(srtp_negotiation)
{
    static const uint16_t cli[2] = {DTLS_SRTP_AES128_CM_SHA1_80, DTLS_SRTP_AEAD_AES_128_GCM};
    static const uint16_t srv[2] = {DTLS_SRTP_AEAD_AES_128_GCM, DTLS_SRTP_AES128_CM_SHA1_80};
    static const uint16_t other[1] = {DTLS_SRTP_AES128_CM_SHA1_32};
    /* extension 14: profiles<2..>, an empty MKI */
    static const uint8_t ch_ext[11] = {0x00, 0x0e, 0x00, 0x07, 0x00, 0x04, 0x00, 0x01, 0x00, 0x07, 0x00};
    static const uint8_t sh_ext[9] = {0x00, 0x0e, 0x00, 0x05, 0x00, 0x02, 0x00, 0x07, 0x00};
    static const uint8_t sh_ext80[9] = {0x00, 0x0e, 0x00, 0x05, 0x00, 0x02, 0x00, 0x01, 0x00};
    static const uint8_t ext_type[2] = {0x00, 0x0e};
    uint8_t *p;

    /* the server's preference decides */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = cli;
    W.cc.n_srtp_profiles = 2;
    W.sc.srtp_profiles = srv;
    W.sc.n_srtp_profiles = 2;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    CHECK(t_find(1, ch_ext, sizeof ch_ext) != NULL);
    deliver(1);
    CHECK(t_find(0, sh_ext, sizeof sh_ext) != NULL);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.c), DTLS_SRTP_AEAD_AES_128_GCM);
    CHECK_EQ(dtls_conn_srtp_profile(&W.s), DTLS_SRTP_AEAD_AES_128_GCM);

    /* nothing in common: no answer, the handshake goes on without SRTP */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = cli;
    W.cc.n_srtp_profiles = 2;
    W.sc.srtp_profiles = other;
    W.sc.n_srtp_profiles = 1;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    CHECK(t_find(0, ext_type, 2) == NULL || t_find(0, sh_ext, 4) == NULL);
    CHECK_EQ(w_finish(), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.c), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.s), 0);

    /* a server without profiles ignores the offer; a client without one sends none */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = cli;
    W.cc.n_srtp_profiles = 2;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.c), 0);
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.sc.srtp_profiles = srv;
    W.sc.n_srtp_profiles = 2;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.s), 0);

    /* a ServerHello naming a profile we did not offer: illegal_parameter */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = cli;
    W.cc.n_srtp_profiles = 1; /* SRTP_AES128_CM_HMAC_SHA1_80 only */
    W.sc.srtp_profiles = cli;
    W.sc.n_srtp_profiles = 1;
    CHECK_EQ(w_init(), 0);
    CHECK_EQ(dtls_conn_connect(&W.c), 0);
    deliver(1);
    p = t_find(0, sh_ext80, sizeof sh_ext80);
    CHECK(p != NULL);
    if (p != NULL)
        p[7] = 0x02; /* SRTP_AES128_CM_HMAC_SHA1_32 */
    deliver(0);
    CHECK_EQ(dtls_conn_error(&W.c), DTLS_ERR_ALERT_SENT(DTLS_ALERT_ILLEGAL_PARAMETER));

    /* the configuration's bounds */
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = NULL;
    W.cc.n_srtp_profiles = 1;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
    W.cc.srtp_profiles = cli;
    W.cc.n_srtp_profiles = 256;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_BAD_ARG);
}

#else
/* Built without use_srtp: a configuration asking for it is refused. */
TEST(srtp_compiled_out)
{
    static const uint16_t one[1] = {DTLS_SRTP_AES128_CM_SHA1_80};
    w_setup(DTLS_PSK_WITH_AES_128_CCM_8);
    W.cc.srtp_profiles = one;
    W.cc.n_srtp_profiles = 1;
    CHECK_EQ(dtls_ctx_init(&W.cctx, &W.cc, W.ctx_tx[0], sizeof(W.ctx_tx[0]), &W.chs, 1), DTLS_ERR_DISABLED);
    W.cc.n_srtp_profiles = 0;
    CHECK_EQ(w_handshake(), 0);
    CHECK_EQ(dtls_conn_srtp_profile(&W.c), 0);
}
#endif

int main(void)
{
    RUN(known_answers);
    RUN(both_sides_agree);
#if DTLS_ENABLE_SRTP
    RUN(srtp_negotiation);
#else
    RUN(srtp_compiled_out);
#endif
    return test_done();
}
