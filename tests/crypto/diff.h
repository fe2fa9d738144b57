/* diff.h - the harness the differential tests share (test_p256_diff.c,
 * test_x25519_diff.c): a deterministic byte stream (xorshift64), one SHA-256
 * digest over every output and return code, the loop that runs `ops`
 * iterations and prints the digest, and the comparison with the digest of the
 * first 64 iterations.
 *
 * Before including it, define:
 *   DIFF_SEED          the xorshift64 seed (uint64_t constant)
 *   DIFF_KNOWN64       the digest of the first 64 iterations (hex string)
 *   DIFF_PROFILE_NAME  the option the two builds differ in ("DTLS_P256_SPEED")
 *   DIFF_PROFILE       its value in this build
 *   DIFF_OPS_ENV       the environment variable that sets the iteration count
 *   DIFF_SCRIPT        the script that compares the profiles ("p256_diff.sh")
 * and, after it, static void one_iteration(long it). */
#ifndef DTLS_TEST_DIFF_H
#define DTLS_TEST_DIFF_H

#include "../test.h"

static const char *known64 = DIFF_KNOWN64;
static uint64_t xs = DIFF_SEED;

static void stream(uint8_t *out, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        xs ^= xs << 13;
        xs ^= xs >> 7;
        xs ^= xs << 17;
        out[i] = (uint8_t)(xs >> 32);
    }
}

static dtls_sha256_ctx dg;
static long calls;

static void feed(const void *p, size_t n)
{
    dtls_sha256_update(&dg, p, n);
}

/* A return code, big-endian, into the digest: one call counted. */
static void feed_ret(int ret)
{
    uint8_t b[4];
    uint32_t v = (uint32_t)ret;
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
    feed(b, 4);
    calls++;
}

static void one_iteration(long it);

static long ops = 64;
static char digest_hex[65];

TEST(diff_stream)
{
    uint8_t d[32];
    long i;
    dtls_sha256_init(&dg);
    for (i = 0; i < ops; i++)
        one_iteration(i);
    dtls_sha256_final(&dg, d);
    for (i = 0; i < 32; i++)
        sprintf(digest_hex + 2 * i, "%02x", d[i]);
    printf("digest %s (%ld iterations, %ld calls, %s %d)\n", digest_hex, ops, calls, DIFF_PROFILE_NAME,
           (int)DIFF_PROFILE);
}

TEST(diff_known_digest)
{
    if (ops != 64) {
        test_skip("diff_known_digest", DIFF_OPS_ENV " set: " DIFF_SCRIPT " compares the profiles");
        return;
    }
    CHECK(strcmp(digest_hex, known64) == 0);
    if (strcmp(digest_hex, known64) != 0) fprintf(stderr, "  got  %s\n  want %s\n", digest_hex, known64);
}

/* The iteration count from DIFF_OPS_ENV (64 when unset), then both cases. */
static void diff_run(void)
{
    const char *e = getenv(DIFF_OPS_ENV);
    if (e) ops = strtol(e, NULL, 10);
    RUN(diff_stream);
    RUN(diff_known_digest);
}

#endif
