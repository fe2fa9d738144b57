/* test_buf.c - the bounds-checked reader and writer (proto/buf.h).
 * Every read is tried at every truncation point on a heap buffer of exactly
 * that length (ASan catches a read past it); the writer at every capacity
 * below what a message needs (canary bytes past the capacity must survive). */
#include "ptest.h"

/* A read sequence: u8, u48, u8, u16, u24, bytes(5), u8 (19 bytes).  The u8
 * after the u48 fits in what a failed u48 leaves: it must fail anyway. */
static const uint8_t seq_bytes[19] = {0x01, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x02, 0x20, 0x21,
                                      0x30, 0x31, 0x32, 0x40, 0x41, 0x42, 0x43, 0x44, 0x05};
static const size_t seq_size[7] = {1, 6, 1, 2, 3, 5, 1};

TEST(rd_values)
{
    dtls__rd r;
    const uint8_t *b;

    dtls__rd_init(&r, seq_bytes, sizeof seq_bytes);
    CHECK_EQ(dtls__rd_left(&r), 19);
    CHECK_EQ(dtls__rd_u8(&r), 0x01);
    CHECK(dtls__rd_u48(&r) == UINT64_C(0x101112131415));
    CHECK_EQ(dtls__rd_u8(&r), 0x02);
    CHECK_EQ(dtls__rd_u16(&r), 0x2021);
    CHECK_EQ(dtls__rd_u24(&r), 0x303132);
    CHECK_EQ(dtls__rd_done(&r), 0);
    b = dtls__rd_bytes(&r, 5);
    CHECK(b == seq_bytes + 13);
    CHECK_EQ(dtls__rd_left(&r), 1);
    CHECK(dtls__rd_bytes(&r, 0) == seq_bytes + 18); /* an empty read never fails */
    CHECK_EQ(dtls__rd_u8(&r), 0x05);
    CHECK_EQ(r.err, 0);
    CHECK_EQ(dtls__rd_left(&r), 0);
    CHECK_EQ(dtls__rd_done(&r), 1);
    /* one byte past the end */
    CHECK_EQ(dtls__rd_u8(&r), 0);
    CHECK_EQ(r.err, DTLS_ERR_DECODE);
    CHECK_EQ(dtls__rd_done(&r), 0);

    /* all-ones values survive (no sign extension) */
    {
        static const uint8_t ff[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
        dtls__rd_init(&r, ff, 6);
        CHECK(dtls__rd_u48(&r) == UINT64_C(0xFFFFFFFFFFFF));
        dtls__rd_init(&r, ff, 6);
        CHECK_EQ(dtls__rd_u24(&r), 0xFFFFFF);
        CHECK_EQ(dtls__rd_u16(&r), 0xFFFF);
        CHECK_EQ(dtls__rd_u8(&r), 0xFF);
        CHECK_EQ(dtls__rd_done(&r), 1);
    }
}

TEST(rd_every_truncation)
{
    size_t len;

    for (len = 0; len <= sizeof seq_bytes; len++) {
        uint8_t *buf = (uint8_t *)malloc(len ? len : 1);
        dtls__rd r;
        size_t op, end = 0;
        int failed = 0;

        memcpy(buf, seq_bytes, len);
        dtls__rd_init(&r, buf, len);
        for (op = 0; op < 7; op++) {
            uint64_t v = 0, want = 0;
            const uint8_t *b = NULL;
            size_t k;
            end += seq_size[op];
            failed |= end > len;
            for (k = end - seq_size[op]; k < end; k++)
                want = (want << 8) | seq_bytes[k];
            switch (op) {
            case 0: case 2: case 6: v = dtls__rd_u8(&r); break;
            case 1: v = dtls__rd_u48(&r); break;
            case 3: v = dtls__rd_u16(&r); break;
            case 4: v = dtls__rd_u24(&r); break;
            default: b = dtls__rd_bytes(&r, 5); v = b ? 1 : 0; want = 1; break;
            }
            if (failed) {
                CHECK(v == 0);
                CHECK_EQ(r.err, DTLS_ERR_DECODE);
                CHECK_EQ(dtls__rd_left(&r), 0);
                CHECK_EQ(dtls__rd_done(&r), 0);
                CHECK(dtls__rd_bytes(&r, 0) == NULL); /* sticky, even for nothing */
            } else {
                CHECK(v == want);
                CHECK_EQ(r.err, 0);
                CHECK_EQ(r.pos, end);
                CHECK_EQ(dtls__rd_left(&r), len - end);
                if (b) CHECK(b == buf + end - 5);
            }
        }
        CHECK_EQ(dtls__rd_done(&r), len == sizeof seq_bytes);
        free(buf);
    }
}

TEST(rd_empty)
{
    dtls__rd r;

    dtls__rd_init(&r, NULL, 0);
    CHECK_EQ(dtls__rd_done(&r), 1);
    CHECK(dtls__rd_bytes(&r, 0) == NULL);
    CHECK_EQ(r.err, 0);
    CHECK_EQ(dtls__rd_u8(&r), 0);
    CHECK_EQ(r.err, DTLS_ERR_DECODE);
}

/* A vector of n bytes (prefix len_bytes) at the front of a heap buffer of
 * exactly the size, read with bounds [min, max]. */
static int vec_case(size_t len_bytes, size_t n, size_t min, size_t max, size_t have, int *sub_ok)
{
    size_t total = len_bytes + n, i;
    uint8_t *buf = (uint8_t *)malloc(total);
    dtls__rd r, sub;
    int rc;

    for (i = 0; i < len_bytes; i++)
        buf[i] = (uint8_t)(n >> (8 * (len_bytes - 1 - i)));
    for (i = len_bytes; i < total; i++)
        buf[i] = (uint8_t)(i * 7);
    dtls__rd_init(&r, buf, have < total ? have : total);
    memset(&sub, 0x5A, sizeof sub);
    rc = dtls__rd_vec(&r, len_bytes, min, max, &sub);
    *sub_ok = 1;
    if (rc == 0) {
        /* the sub-reader is exactly the contents */
        *sub_ok = sub.p == buf + len_bytes && sub.len == n && sub.pos == 0 && sub.err == 0 && r.pos == total &&
                  dtls__rd_done(&r);
        for (i = 0; i < n && *sub_ok; i++)
            *sub_ok = dtls__rd_u8(&sub) == (uint8_t)((len_bytes + i) * 7);
        *sub_ok = *sub_ok && dtls__rd_done(&sub);
    } else {
        /* both in error; the sub-reader yields nothing */
        *sub_ok = r.err == DTLS_ERR_DECODE && sub.err == DTLS_ERR_DECODE && dtls__rd_left(&sub) == 0 &&
                  dtls__rd_bytes(&sub, 0) == NULL && dtls__rd_left(&r) == 0;
    }
    free(buf);
    return rc;
}

TEST(rd_vec_bounds)
{
    size_t lb;
    int ok;

    for (lb = 1; lb <= 3; lb++) {
        size_t big = lb == 1 ? 255 : lb == 2 ? 65535 : 70000;
        /* at min, at max, just outside either */
        CHECK_EQ(vec_case(lb, 3, 3, 10, (size_t)-1, &ok), 0); CHECK(ok);
        CHECK_EQ(vec_case(lb, 10, 3, 10, (size_t)-1, &ok), 0); CHECK(ok);
        CHECK_EQ(vec_case(lb, 2, 3, 10, (size_t)-1, &ok), DTLS_ERR_DECODE); CHECK(ok);
        CHECK_EQ(vec_case(lb, 11, 3, 10, (size_t)-1, &ok), DTLS_ERR_DECODE); CHECK(ok);
        /* empty vectors */
        CHECK_EQ(vec_case(lb, 0, 0, 10, (size_t)-1, &ok), 0); CHECK(ok);
        CHECK_EQ(vec_case(lb, 0, 1, 10, (size_t)-1, &ok), DTLS_ERR_DECODE); CHECK(ok);
        /* the largest length the prefix can say */
        CHECK_EQ(vec_case(lb, big, 0, big, (size_t)-1, &ok), 0); CHECK(ok);
        CHECK_EQ(vec_case(lb, big, 0, big - 1, (size_t)-1, &ok), DTLS_ERR_DECODE); CHECK(ok);
        /* contents truncated by one byte; prefix truncated at every length */
        CHECK_EQ(vec_case(lb, 10, 0, 100, lb + 9, &ok), DTLS_ERR_DECODE); CHECK(ok);
        {
            size_t h;
            for (h = 0; h < lb; h++) {
                CHECK_EQ(vec_case(lb, 0, 0, 100, h, &ok), DTLS_ERR_DECODE);
                CHECK(ok);
            }
        }
    }
    /* a parent already in error gives an erroneous sub-reader */
    {
        static const uint8_t v[3] = {2, 1, 2};
        dtls__rd r, sub;
        dtls__rd_init(&r, v, 3);
        dtls__rd_bytes(&r, 4);
        CHECK_EQ(dtls__rd_vec(&r, 1, 0, 10, &sub), DTLS_ERR_DECODE);
        CHECK_EQ(sub.err, DTLS_ERR_DECODE);
        CHECK_EQ(dtls__rd_u8(&sub), 0);
    }
}

TEST(rd_nested)
{
    /* outer<2>{ inner<1>{aa bb} u16 } then a trailing byte */
    static const uint8_t m[9] = {0x00, 0x05, 0x02, 0xAA, 0xBB, 0x12, 0x34, 0x77, 0x88};
    uint8_t bad[9];
    dtls__rd r, outer, inner;

    dtls__rd_init(&r, m, sizeof m);
    CHECK_EQ(dtls__rd_vec(&r, 2, 1, 100, &outer), 0);
    CHECK_EQ(dtls__rd_vec(&outer, 1, 1, 2, &inner), 0);
    CHECK_EQ(dtls__rd_u16(&inner), 0xAABB);
    CHECK_EQ(dtls__rd_done(&inner), 1);
    CHECK_EQ(dtls__rd_u16(&outer), 0x1234);
    CHECK_EQ(dtls__rd_done(&outer), 1);
    CHECK_EQ(dtls__rd_left(&r), 2);
    CHECK_EQ(dtls__rd_u16(&r), 0x7788);
    CHECK_EQ(dtls__rd_done(&r), 1);

    /* a read past the inner vector fails there although the outer one has more */
    dtls__rd_init(&r, m, sizeof m);
    dtls__rd_vec(&r, 2, 1, 100, &outer);
    dtls__rd_vec(&outer, 1, 1, 2, &inner);
    CHECK_EQ(dtls__rd_u24(&inner), 0);
    CHECK_EQ(inner.err, DTLS_ERR_DECODE);
    CHECK_EQ(outer.err, 0);
    CHECK_EQ(dtls__rd_u16(&outer), 0x1234);

    /* an inner length overrunning the outer vector (but not the buffer) */
    memcpy(bad, m, sizeof m);
    bad[2] = 0x05; /* 5 > 4 bytes left in outer, < 6 left in the buffer */
    dtls__rd_init(&r, bad, sizeof bad);
    CHECK_EQ(dtls__rd_vec(&r, 2, 1, 100, &outer), 0);
    CHECK_EQ(dtls__rd_vec(&outer, 1, 0, 100, &inner), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__rd_done(&outer), 0);
    CHECK_EQ(dtls__rd_u8(&outer), 0);
    CHECK_EQ(r.err, 0); /* the parent is not affected */
    CHECK_EQ(dtls__rd_u16(&r), 0x7788);

    /* an outer vector left unfinished is not done */
    dtls__rd_init(&r, m, sizeof m);
    dtls__rd_vec(&r, 2, 1, 100, &outer);
    dtls__rd_vec(&outer, 1, 1, 2, &inner);
    CHECK_EQ(dtls__rd_done(&outer), 0);
    CHECK_EQ(dtls__rd_left(&outer), 2);
}

/* The reference message: u8 u16 u24 u48 bytes(3) vec<2>{ u8 vec<1>{bytes(2)} vec<3>{} } */
static const uint8_t wr_want[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C,
                                  0x0D, 0xE0, 0xE1, 0xE2, 0x00, 0x07, 0xF0, 0x02, 0xC0, 0xC1, 0x00, 0x00,
                                  0x00};

static void wr_message(dtls__wr *w)
{
    static const uint8_t three[3] = {0xE0, 0xE1, 0xE2}, two[2] = {0xC0, 0xC1};
    size_t m2, m1, m3;

    dtls__wr_u8(w, 0x01);
    dtls__wr_u16(w, 0x0203);
    dtls__wr_u24(w, UINT32_C(0x040506));
    dtls__wr_u48(w, UINT64_C(0x0708090A0B0C));
    dtls__wr_u8(w, 0x0D);
    dtls__wr_bytes(w, three, 3);
    m2 = dtls__wr_vec_begin(w, 2);
    dtls__wr_u8(w, 0xF0);
    m1 = dtls__wr_vec_begin(w, 1);
    dtls__wr_bytes(w, two, 2);
    dtls__wr_vec_end(w, m1, 1);
    m3 = dtls__wr_vec_begin(w, 3);
    dtls__wr_bytes(w, NULL, 0);
    dtls__wr_vec_end(w, m3, 3);
    dtls__wr_vec_end(w, m2, 2);
}

TEST(wr_message_bytes)
{
    uint8_t out[64];
    dtls__wr w;

    memset(out, 0xAA, sizeof out);
    dtls__wr_init(&w, out, sizeof out);
    wr_message(&w);
    CHECK_EQ(w.err, 0);
    CHECK_EQ(w.pos, sizeof wr_want);
    CHECK_MEM(out, wr_want, sizeof wr_want);
    CHECK_EQ(out[sizeof wr_want], 0xAA);

    /* exact capacity */
    memset(out, 0xAA, sizeof out);
    dtls__wr_init(&w, out, sizeof wr_want);
    wr_message(&w);
    CHECK_EQ(w.err, 0);
    CHECK_MEM(out, wr_want, sizeof wr_want);

    /* u24 and u48 keep only their low bits */
    dtls__wr_init(&w, out, sizeof out);
    dtls__wr_u24(&w, UINT32_C(0xFF123456));
    dtls__wr_u48(&w, UINT64_C(0xFFFF0102030405FF));
    CHECK_EQ(w.pos, 9);
    CHECK_MEM(out, "\x12\x34\x56\x01\x02\x03\x04\x05\xFF", 9);

    /* bytes from inside the output buffer itself (overlapping copy) */
    dtls__wr_init(&w, out, sizeof out);
    dtls__wr_u24(&w, UINT32_C(0x010203));
    dtls__wr_bytes(&w, out + 1, 2);
    CHECK_MEM(out, "\x01\x02\x03\x02\x03", 5);
}

TEST(wr_every_capacity)
{
    size_t cap;

    for (cap = 0; cap < sizeof wr_want; cap++) {
        uint8_t *out = (uint8_t *)malloc(sizeof wr_want + 8);
        dtls__wr w;
        size_t i;
        int canary = 1;

        memset(out, 0xAA, sizeof wr_want + 8);
        dtls__wr_init(&w, out, cap);
        wr_message(&w);
        CHECK_EQ(w.err, DTLS_ERR_BUFFER_TOO_SMALL);
        CHECK(w.pos <= cap);
        for (i = cap; i < sizeof wr_want + 8; i++)
            canary &= out[i] == 0xAA;
        CHECK(canary);
        /* sticky: a write that would fit in what is left does nothing */
        i = w.pos;
        dtls__wr_u8(&w, 0x55);
        dtls__wr_bytes(&w, NULL, 0);
        CHECK_EQ(w.pos, i);
        CHECK_EQ(w.err, DTLS_ERR_BUFFER_TOO_SMALL);
        free(out);
    }
    /* the NULL, 0 writer */
    {
        dtls__wr w;
        dtls__wr_init(&w, NULL, 0);
        dtls__wr_bytes(&w, NULL, 0);
        CHECK_EQ(w.err, 0);
        dtls__wr_u8(&w, 1);
        CHECK_EQ(w.err, DTLS_ERR_BUFFER_TOO_SMALL);
    }
}

TEST(wr_vec_too_long)
{
    static uint8_t buf[300], big[300];
    dtls__wr w;
    size_t m;

    memset(big, 0x42, sizeof big);
    /* 1-byte prefix: 255 fits, 256 does not */
    dtls__wr_init(&w, buf, sizeof buf);
    m = dtls__wr_vec_begin(&w, 1);
    dtls__wr_bytes(&w, big, 255);
    dtls__wr_vec_end(&w, m, 1);
    CHECK_EQ(w.err, 0);
    CHECK_EQ(buf[0], 255);
    dtls__wr_init(&w, buf, sizeof buf);
    m = dtls__wr_vec_begin(&w, 1);
    dtls__wr_bytes(&w, big, 256);
    dtls__wr_vec_end(&w, m, 1);
    CHECK_EQ(w.err, DTLS_ERR_TOO_LONG);
    CHECK_EQ(buf[0], 0); /* the placeholder is left as reserved */
    dtls__wr_u8(&w, 1);  /* sticky */
    CHECK_EQ(w.err, DTLS_ERR_TOO_LONG);
    CHECK_EQ(w.pos, 257);

    /* 2- and 3-byte prefixes at their limits: the writer's position is set
     * directly (vec_end only writes the prefix, at the mark) */
    {
        static const size_t lb[2] = {2, 3};
        static const uint32_t lim[2] = {UINT32_C(0xFFFF), UINT32_C(0xFFFFFF)};
        size_t k;
        for (k = 0; k < 2; k++) {
            int extra;
            for (extra = 0; extra <= 1; extra++) {
                memset(buf, 0xAA, 8);
                dtls__wr_init(&w, buf, (size_t)-1);
                dtls__wr_u8(&w, 9);
                m = dtls__wr_vec_begin(&w, lb[k]);
                CHECK_EQ(m, 1);
                w.pos = 1 + lb[k] + (size_t)lim[k] + (size_t)extra;
                dtls__wr_vec_end(&w, m, lb[k]);
                if (extra) {
                    CHECK_EQ(w.err, DTLS_ERR_TOO_LONG);
                    CHECK_MEM(buf + 1, "\x00\x00\x00", lb[k]);
                } else {
                    CHECK_EQ(w.err, 0);
                    CHECK_MEM(buf + 1, "\xFF\xFF\xFF", lb[k]);
                }
                CHECK_EQ(buf[1 + lb[k]], 0xAA);
            }
        }
    }
}

int main(void)
{
    RUN(rd_values);
    RUN(rd_every_truncation);
    RUN(rd_empty);
    RUN(rd_vec_bounds);
    RUN(rd_nested);
    RUN(wr_message_bytes);
    RUN(wr_every_capacity);
    RUN(wr_vec_too_long);
    return test_done();
}
