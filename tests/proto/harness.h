/* harness.h - what the in-memory handshake harnesses share, once: world.h
 * (test_engine.c, test_cert_hs.c, test_rules.c, test_defaults.c), link.h
 * (test_lossy.c, test_schedule.c) and test_contract.c's own network.
 *   - harness_xorshift_fill: the random bytes of world.h and test_contract.c
 *     (each keeps and seeds its own state).  link.h keeps its splitmix64-seeded
 *     xorshift64* (link_rng), through which its trials replay from their seeds.
 *   - HARNESS_WALL_TIME, harness_wall: the wall-clock time the fake clocks show
 *     for certificate validity (2027-06-01, inside certdata.h's validity).
 *   - harness_srv_key, harness_srv_cred, harness_root_anchor: the server's
 *     certificate credential of certdata.h and the root that anchors it
 *     (DTLS_ENABLE_CERTS only).
 * Static inline functions and constants only: no storage. */
#ifndef DTLS_TEST_HARNESS_H
#define DTLS_TEST_HARNESS_H

#include "ptest.h"
#if DTLS_ENABLE_CERTS
#include "certdata.h"
#endif

/* Fills out with len bytes from the xorshift64 state *s (seeded non-zero). */
static inline void harness_xorshift_fill(uint64_t *s, uint8_t *out, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        out[i] = (uint8_t)(*s >> 24);
    }
}

#define HARNESS_WALL_TIME INT64_C(1811808000) /* 2027-06-01T00:00:00Z */

static inline int harness_wall(void *user, int64_t *t)
{
    (void)user;
    *t = HARNESS_WALL_TIME;
    return 0;
}

#if DTLS_ENABLE_CERTS
/* The server's private key (cd_srv_key, P-256): dtls_private_key_parse's result. */
static inline int harness_srv_key(dtls_private_key *key)
{
    return dtls_private_key_parse(key, cd_srv_key, sizeof cd_srv_key);
}

/* The server's credential for key: the first n (1..3) of the chain cd_srv,
 * cd_inter, cd_root, its Certificate body in buf (cap bytes, outliving
 * cred): dtls_credential_init's result. */
static inline int harness_srv_cred(dtls_credential *cred, uint8_t *buf, size_t cap, size_t n,
                                   const dtls_private_key *key)
{
    dtls_blob chain[3];
    chain[0].data = cd_srv;
    chain[0].len = sizeof cd_srv;
    chain[1].data = cd_inter;
    chain[1].len = sizeof cd_inter;
    chain[2].data = cd_root;
    chain[2].len = sizeof cd_root;
    return dtls_credential_init(cred, buf, cap, chain, n, key);
}

/* The trust anchor that reaches the server's chain: the P-256 root. */
static inline void harness_root_anchor(dtls_blob *anchor)
{
    anchor->data = cd_root;
    anchor->len = sizeof cd_root;
}
#endif

#endif /* DTLS_TEST_HARNESS_H */
