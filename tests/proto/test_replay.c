/* test_replay.c - the 64-record anti-replay window (RFC 6347 §4.1.2.6),
 * against exact edges and against a plain reference model. */
#include "ptest.h"

#define REPLAYED DTLS_ERR_REPLAYED
#define SEQ_MAX ((UINT64_C(1) << 48) - 1) /* the largest 48-bit sequence number */

static dtls__replay fresh(void)
{
    dtls__replay w;
    memset(&w, 0, sizeof w);
    return w;
}

/* check, and assert that it left the window as it was */
static int check(const dtls__replay *w, uint64_t seq)
{
    dtls__replay before = *w;
    int rc = dtls__replay_check(w, seq);
    if (before.top != w->top || before.bits != w->bits || before.any != w->any)
        FAIL("dtls__replay_check modified the window");
    return rc;
}

TEST(empty_window)
{
    dtls__replay w = fresh();

    CHECK_EQ(check(&w, 0), 0);
    CHECK_EQ(check(&w, 1), 0);
    CHECK_EQ(check(&w, 12345), 0);
    CHECK_EQ(check(&w, SEQ_MAX), 0);
    CHECK_EQ(w.any, 0);
    dtls__replay_accept(&w, 0);
    CHECK_EQ(w.any, 1);
    CHECK_EQ(check(&w, 0), REPLAYED);
    CHECK_EQ(check(&w, 1), 0);
    CHECK_EQ(check(&w, 64), 0);
    CHECK_EQ(check(&w, SEQ_MAX), 0);
}

TEST(duplicate_and_neighbours)
{
    dtls__replay w = fresh();

    dtls__replay_accept(&w, 5);
    CHECK_EQ(check(&w, 5), REPLAYED);
    CHECK_EQ(check(&w, 4), 0);
    CHECK_EQ(check(&w, 6), 0);
    CHECK_EQ(check(&w, 0), 0); /* 5 - 0 < 64: inside the window, not seen */
    dtls__replay_accept(&w, 3);  /* older, inside: the top stays */
    CHECK_EQ(check(&w, 3), REPLAYED);
    CHECK_EQ(check(&w, 4), 0);
    CHECK_EQ(check(&w, 6), 0);
    CHECK(w.top == 5);
    dtls__replay_accept(&w, 5); /* accepting twice changes nothing */
    CHECK(w.top == 5);
    CHECK(w.bits == ((1u << 0) | (1u << 2)));
}

TEST(window_edges)
{
    dtls__replay w = fresh();

    dtls__replay_accept(&w, 1000);
    CHECK_EQ(check(&w, 1000 - 63), 0);        /* top-63: the oldest in the window */
    CHECK_EQ(check(&w, 1000 - 64), REPLAYED); /* top-64: left of the window */
    CHECK_EQ(check(&w, 0), REPLAYED);
    dtls__replay_accept(&w, 1000 - 63);
    CHECK_EQ(check(&w, 1000 - 63), REPLAYED);
    CHECK_EQ(check(&w, 1000 - 62), 0);
    dtls__replay_accept(&w, 1000 - 64); /* left of the window: ignored */
    CHECK(w.top == 1000);
    CHECK(w.bits == ((UINT64_C(1) << 63) | 1));
    /* one step right: 937 falls out, 938 becomes the edge */
    dtls__replay_accept(&w, 1001);
    CHECK_EQ(check(&w, 1001 - 64), REPLAYED);
    CHECK_EQ(check(&w, 1001 - 63), 0);
    CHECK_EQ(check(&w, 1000), REPLAYED);
    CHECK_EQ(check(&w, 1001), REPLAYED);
    CHECK_EQ(check(&w, 1002), 0);
}

TEST(jumps)
{
    static const uint64_t jumps[] = {1, 2, 62, 63, 64, 65, 100, 1000, UINT64_C(0x123456789A)};
    size_t i;

    for (i = 0; i < sizeof jumps / sizeof jumps[0]; i++) {
        uint64_t j = jumps[i], base = 500, top = base + j;
        dtls__replay w = fresh();
        dtls__replay_accept(&w, base);
        dtls__replay_accept(&w, base - 1);
        dtls__replay_accept(&w, top);
        CHECK(w.top == top);
        CHECK_EQ(check(&w, top), REPLAYED);
        CHECK_EQ(check(&w, base), REPLAYED);     /* seen, or now left of the window */
        CHECK_EQ(check(&w, base - 1), REPLAYED);
        /* base + 1 .. top - 1 were never seen: new while inside the window */
        if (j >= 2) CHECK_EQ(check(&w, base + 1), j - 1 <= 63 ? 0 : REPLAYED);
        CHECK_EQ(check(&w, top - 1), j >= 2 ? 0 : REPLAYED);
        CHECK_EQ(check(&w, top - 63), (j == 62 || j == 63) ? REPLAYED : 0); /* base-1 or base */
        CHECK_EQ(check(&w, top - 64), REPLAYED);
        /* the bitmap holds exactly what is still inside */
        CHECK(w.bits == (1 | (j < 64 ? UINT64_C(1) << j : 0) | (j + 1 < 64 ? UINT64_C(1) << (j + 1) : 0)));
    }
}

TEST(out_of_order_fill)
{
    dtls__replay w = fresh();
    uint64_t i;
    unsigned k = 0;

    /* 200..263 in a scrambled order (17 is odd: a permutation mod 64) */
    for (i = 0; i < 64; i++) {
        uint64_t s = 200 + ((i * 17 + 5) & 63), t;
        CHECK_EQ(check(&w, s), 0);
        dtls__replay_accept(&w, s);
        CHECK_EQ(check(&w, s), REPLAYED);
        for (t = 200; t < 264; t++) {
            uint64_t m;
            int seen = 0;
            for (m = 0; m <= i; m++)
                seen |= t == 200 + ((m * 17 + 5) & 63);
            if (check(&w, t) != (seen ? REPLAYED : 0))
                k++;
        }
    }
    CHECK_EQ(k, 0);
    CHECK(w.top == 263);
    CHECK(w.bits == ~UINT64_C(0));
    CHECK_EQ(check(&w, 264), 0);
    CHECK_EQ(check(&w, 199), REPLAYED);
}

TEST(sequence_limits)
{
    dtls__replay w = fresh();

    dtls__replay_accept(&w, SEQ_MAX);
    CHECK_EQ(check(&w, SEQ_MAX), REPLAYED);
    CHECK_EQ(check(&w, SEQ_MAX - 1), 0);
    CHECK_EQ(check(&w, SEQ_MAX - 63), 0);
    CHECK_EQ(check(&w, SEQ_MAX - 64), REPLAYED);
    CHECK_EQ(check(&w, 0), REPLAYED);
    dtls__replay_accept(&w, SEQ_MAX - 63);
    CHECK_EQ(check(&w, SEQ_MAX - 63), REPLAYED);

    /* from 0 straight to the maximum */
    w = fresh();
    dtls__replay_accept(&w, 0);
    dtls__replay_accept(&w, SEQ_MAX);
    CHECK(w.bits == 1);
    CHECK_EQ(check(&w, 0), REPLAYED);
    CHECK_EQ(check(&w, 63), REPLAYED);
}

/* Reference model: a set of accepted numbers in [0, 300) and the top. */
TEST(against_model)
{
    static uint8_t seen[300];
    dtls__replay w = fresh();
    uint32_t x = 12345;
    int any = 0, mismatches = 0;
    uint64_t top = 0;
    unsigned n;

    memset(seen, 0, sizeof seen);
    for (n = 0; n < 20000; n++) {
        uint64_t s;
        int want;
        x = x * 1103515245u + 12345u;
        /* mostly near the top, sometimes far */
        s = (x >> 16) % 8 == 0 ? (x >> 8) % 300 : (top + 70 > 140 ? top - 70 : 0) + (x >> 12) % 100;
        if (s >= 300) s = 299;
        want = (any && s <= top && (top - s >= 64 || seen[s])) ? REPLAYED : 0;
        if (check(&w, s) != want) mismatches++;
        if (want == 0 && (x & 0x100)) { /* authenticated: accept */
            dtls__replay_accept(&w, s);
            seen[s] = 1;
            if (!any || s > top) top = s;
            any = 1;
        }
    }
    CHECK_EQ(mismatches, 0);
    CHECK(any && w.top == top);
}

int main(void)
{
    RUN(empty_window);
    RUN(duplicate_and_neighbours);
    RUN(window_edges);
    RUN(jumps);
    RUN(out_of_order_fill);
    RUN(sequence_limits);
    RUN(against_model);
    return test_done();
}
