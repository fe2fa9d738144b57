/* test.h - the tiny test harness shared by every test program.
 *
 * A test program is a main() that RUN()s test cases and ends with
 * `return test_done();`.  Each case counts once as passed or failed; a failed
 * CHECK prints file, line, and the values involved.  test_done() prints one
 * machine-readable line "RESULT <passed> <failed> <skipped>" that
 * tests/run.sh adds up into the closing "N passed, N failed" line.
 *
 * The same test source is built against the split sources (crypto/api.h) and
 * against the generated header (DTLS_TEST_AMALGAMATED: dtls_crypto.h). */
#ifndef DTLS_TEST_H
#define DTLS_TEST_H

#if defined(DTLS_TEST_AMALGAMATED)
#include "../dtls_crypto.h"
#else
#include "../crypto/api.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static DTLS__UNUSED int test__passed, test__failed, test__skipped, test__case_failed, test__case_skipped;

#define CHECK(cond)                                                               \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            test__case_failed = 1;                                                \
        }                                                                         \
    } while (0)

/* Integer equality, printing both values. */
#define CHECK_EQ(a, b)                                                            \
    do {                                                                          \
        long test__a = (long)(a), test__b = (long)(b);                            \
        if (test__a != test__b) {                                                 \
            fprintf(stderr, "%s:%d: CHECK_EQ(%s, %s) failed: %ld != %ld\n", __FILE__, \
                    __LINE__, #a, #b, test__a, test__b);                          \
            test__case_failed = 1;                                                \
        }                                                                         \
    } while (0)

/* Byte equality, printing both buffers in hex. */
#define CHECK_MEM(a, b, n) test_check_mem(__FILE__, __LINE__, #a, (a), (b), (n))

#define TEST(name) static void name(void)
#define RUN(name) test_run(#name, name)

static DTLS__UNUSED void test_print_hex(FILE *f, const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        fprintf(f, "%02x", p[i]);
}

static DTLS__UNUSED void test_check_mem(const char *file, int line, const char *what, const void *a,
                           const void *b, size_t n)
{
    if (memcmp(a, b, n) != 0) {
        fprintf(stderr, "%s:%d: CHECK_MEM(%s) failed\n  got:  ", file, line, what);
        test_print_hex(stderr, (const unsigned char *)a, n);
        fprintf(stderr, "\n  want: ");
        test_print_hex(stderr, (const unsigned char *)b, n);
        fprintf(stderr, "\n");
        test__case_failed = 1;
    }
}

static DTLS__UNUSED void test_run(const char *name, void (*fn)(void))
{
    test__case_failed = 0;
    test__case_skipped = 0;
    fn();
    if (test__case_failed) {
        test__failed++;
        printf("FAIL %s\n", name);
    } else if (test__case_skipped) {
        /* counted once, as skipped, by test_skip */
    } else {
        test__passed++;
        printf("ok   %s\n", name);
    }
    fflush(stdout);
}

/* Counts a case as skipped, saying plainly why. */
static DTLS__UNUSED void test_skip(const char *name, const char *why)
{
    test__skipped++;
    test__case_skipped = 1;
    printf("skip %s: %s\n", name, why);
}

/* Marks the running case failed with a message (for checks CHECK can't say). */
static DTLS__UNUSED void test_fail(const char *file, int line, const char *msg)
{
    fprintf(stderr, "%s:%d: %s\n", file, line, msg);
    test__case_failed = 1;
}
#define FAIL(msg) test_fail(__FILE__, __LINE__, (msg))

static DTLS__UNUSED int test_done(void)
{
    printf("RESULT %d %d %d\n", test__passed, test__failed, test__skipped);
    return test__failed ? 1 : 0;
}

/* 1 if the n bytes at p are all zero (outputs are wiped on failure). */
static DTLS__UNUSED int test_all_zero(const unsigned char *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

/* Decodes a hex string into out (at most cap bytes); returns the byte count,
 * or aborts the program on malformed hex (a broken test table is a bug). */
static DTLS__UNUSED size_t unhex(unsigned char *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (hex[0] && hex[1]) {
        unsigned v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = hex[i];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
            else { fprintf(stderr, "unhex: bad digit in \"%s\"\n", hex); exit(2); }
        }
        if (n >= cap) { fprintf(stderr, "unhex: output too small\n"); exit(2); }
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    if (hex[0]) { fprintf(stderr, "unhex: odd length\n"); exit(2); }
    return n;
}

#endif /* DTLS_TEST_H */
