/* test_hs_msg.c - the handshake message layer (proto/hs_msg.h):
 * RFC 6347 §4.2.2 header codec, §4.2.3 fragmentation and reassembly,
 * §4.2.6 transcript header.  Exact bytes, exact results, exact drop counts. */
#include "ptest.h"

static void fill(uint8_t *p, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (uint8_t)((i * 131u + seed * 7u + (i >> 8)) & 0xFF);
}

static dtls__hs_header hdr(uint8_t type, uint32_t length, uint16_t seq, uint32_t off, uint32_t flen)
{
    dtls__hs_header h;
    h.type = type;
    h.length = length;
    h.message_seq = seq;
    h.frag_offset = off;
    h.frag_length = flen;
    return h;
}

/* Adds body[off, off + flen) of message (type, seq, length). */
static int add(dtls__reasm *r, uint8_t type, uint16_t seq, const uint8_t *body, uint32_t length, uint32_t off,
               uint32_t flen)
{
    dtls__hs_header h = hdr(type, length, seq, off, flen);
    return dtls__reasm_add(r, &h, body + off);
}

/* Checks that the next expected message is complete and equal to (type, seq, body, length). */
static void expect_msg(const dtls__reasm *r, uint8_t type, uint16_t seq, const uint8_t *body, uint32_t length)
{
    dtls__hs_header h;
    const uint8_t *b = NULL;
    if (dtls__reasm_peek(r, &h, &b) != 1) {
        FAIL("expected a complete message");
        return;
    }
    CHECK_EQ(h.type, type);
    CHECK_EQ(h.length, length);
    CHECK_EQ(h.message_seq, seq);
    CHECK_EQ(h.frag_offset, 0);
    CHECK_EQ(h.frag_length, length);
    if (length)
        CHECK_MEM(b, body, length);
}

static int complete(const dtls__reasm *r)
{
    dtls__hs_header h;
    const uint8_t *b;
    return dtls__reasm_peek(r, &h, &b);
}

/* ---- header codec ---- */

/* A ClientHello fragment (length 16, seq 3, bytes [4, 10)) followed by a
 * Finished that is whole (length 2, seq 4) in one buffer. */
static const char *const two_frags =
    "01000010" "0003" "000004" "000006" "a0a1a2a3a4a5"
    "14000002" "0004" "000000" "000002" "b0b1";

TEST(parse_valid)
{
    uint8_t buf[64];
    size_t n = unhex(buf, sizeof buf, two_frags), used = 0;
    dtls__hs_header h;
    const uint8_t *frag = NULL;
    CHECK_EQ(n, 32);
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), 0);
    CHECK_EQ(h.type, DTLS__HS_CLIENT_HELLO);
    CHECK_EQ(h.length, 16);
    CHECK_EQ(h.message_seq, 3);
    CHECK_EQ(h.frag_offset, 4);
    CHECK_EQ(h.frag_length, 6);
    CHECK_EQ(used, 18);
    CHECK(frag == buf + 12);
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf + used, n - used, &used), 0);
    CHECK_EQ(h.type, DTLS__HS_FINISHED);
    CHECK_EQ(h.length, 2);
    CHECK_EQ(h.message_seq, 4);
    CHECK_EQ(h.frag_offset, 0);
    CHECK_EQ(h.frag_length, 2);
    CHECK_EQ(used, 14);
    CHECK(frag == buf + 18 + 12);
    /* big-endian multi-byte fields with every byte distinct */
    n = unhex(buf, sizeof buf, "0f" "fedcba" "8182" "123456" "000001" "77");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), 0);
    CHECK_EQ(h.type, 15);
    CHECK_EQ(h.length, 0xfedcbaL);
    CHECK_EQ(h.message_seq, 0x8182);
    CHECK_EQ(h.frag_offset, 0x123456L);
    CHECK_EQ(h.frag_length, 1);
    CHECK_EQ(used, 13);
    /* empty message (ServerHelloDone) */
    n = unhex(buf, sizeof buf, "0e000000000500000000000000");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), 0);
    CHECK_EQ(h.type, DTLS__HS_SERVER_HELLO_DONE);
    CHECK_EQ(h.length, 0);
    CHECK_EQ(h.message_seq, 5);
    CHECK_EQ(used, 12);
}

TEST(parse_truncations)
{
    uint8_t buf[64];
    size_t n = unhex(buf, sizeof buf, two_frags), len, used;
    dtls__hs_header h;
    const uint8_t *frag;
    for (len = 0; len <= 18; len++) {
        used = 999;
        frag = NULL;
        h.type = 0xAA;
        if (len < 18) {
            CHECK_EQ(dtls__hs_parse(&h, &frag, buf, len, &used), DTLS_ERR_DECODE);
            CHECK_EQ(used, 999); /* outputs untouched */
            CHECK(frag == NULL);
            CHECK_EQ(h.type, 0xAA);
        } else {
            CHECK_EQ(dtls__hs_parse(&h, &frag, buf, len, &used), 0);
            CHECK_EQ(used, 18);
        }
    }
    CHECK_EQ(n, 32);
    for (len = 0; len < 14; len++)
        CHECK_EQ(dtls__hs_parse(&h, &frag, buf + 18, len, &used), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf + 18, 14, &used), 0);
}

TEST(parse_beyond_length)
{
    uint8_t buf[32];
    size_t used;
    dtls__hs_header h;
    const uint8_t *frag;
    /* offset 4 + length 6 = 10 > 9 */
    size_t n = unhex(buf, sizeof buf, "01000009000000000400000600000000000000");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), DTLS_ERR_DECODE);
    /* exactly reaching the length: fine */
    n = unhex(buf, sizeof buf, "0100000a000000000400000600000000000000");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), 0);
    /* offset alone beyond the length, empty fragment */
    n = unhex(buf, sizeof buf, "01000009000000000a000000");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), DTLS_ERR_DECODE);
    /* the largest values: 0xffffff + 1 exceeds 0xffffff without overflowing */
    n = unhex(buf, sizeof buf, "01ffffff0000ffffff00000100");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), DTLS_ERR_DECODE);
    n = unhex(buf, sizeof buf, "01ffffff0000fffffe00000100");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), 0);
    CHECK_EQ(h.length, 0xffffffL);
    CHECK_EQ(h.frag_offset, 0xfffffeL);
    /* a 2^24-1 fragment length with 20 bytes available */
    n = unhex(buf, sizeof buf, "01ffffff0000000000ffffff0000000000000000");
    CHECK_EQ(dtls__hs_parse(&h, &frag, buf, n, &used), DTLS_ERR_DECODE);
}

TEST(write_header_bytes)
{
    uint8_t out[12], want[12];
    dtls__hs_header h = hdr(DTLS__HS_CERTIFICATE, 0x0a0b0c, 0x0d0e, 0x010203, 0x040506), g;
    const uint8_t *frag;
    size_t used;
    dtls__hs_write_header(out, &h);
    unhex(want, sizeof want, "0b0a0b0c0d0e010203040506");
    CHECK_MEM(out, want, 12);
    /* round trip needs length >= offset + frag_length, and the bytes */
    {
        uint8_t msg[12 + 5];
        h = hdr(DTLS__HS_FINISHED, 0xfffff0, 0xffff, 0xffffeb, 5);
        dtls__hs_write_header(msg, &h);
        memset(msg + 12, 0x5a, 5);
        CHECK_EQ(dtls__hs_parse(&g, &frag, msg, sizeof msg, &used), 0);
        CHECK_EQ(g.type, h.type);
        CHECK_EQ(g.length, h.length);
        CHECK_EQ(g.message_seq, h.message_seq);
        CHECK_EQ(g.frag_offset, h.frag_offset);
        CHECK_EQ(g.frag_length, h.frag_length);
        CHECK_EQ(used, sizeof msg);
    }
}

TEST(transcript_header_bytes)
{
    uint8_t out[12], want[12];
    dtls__hs_transcript_header(out, DTLS__HS_SERVER_HELLO, 0x123456, 0x0102);
    unhex(want, sizeof want, "02123456" "0102" "000000" "123456");
    CHECK_MEM(out, want, 12);
    dtls__hs_transcript_header(out, DTLS__HS_SERVER_HELLO_DONE, 0, 4);
    unhex(want, sizeof want, "0e000000" "0004" "000000" "000000");
    CHECK_MEM(out, want, 12);
}

/* ---- fragmentation ---- */

TEST(fragment_bytes_and_errors)
{
    uint8_t body[5] = {1, 2, 3, 4, 5}, out[32], want[32];
    memset(out, 0xEE, sizeof out);
    CHECK_EQ(dtls__hs_fragment(out, 15, DTLS__HS_CLIENT_KEY_EXCHANGE, 7, body, 5, 1), 3);
    unhex(want, sizeof want, "10000005" "0007" "000001" "000003" "020304");
    CHECK_MEM(out, want, 15);
    CHECK_EQ(out[15], 0xEE); /* nothing written past cap */
    CHECK_EQ(dtls__hs_fragment(out, 32, DTLS__HS_CLIENT_KEY_EXCHANGE, 7, body, 5, 4), 1);
    unhex(want, sizeof want, "10000005" "0007" "000004" "000001" "05");
    CHECK_MEM(out, want, 13);
    /* cap too small */
    CHECK_EQ(dtls__hs_fragment(out, 12, 16, 7, body, 5, 0), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__hs_fragment(out, 11, 16, 7, body, 5, 0), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__hs_fragment(out, 11, 14, 7, body, 0, 0), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__hs_fragment(out, 0, 14, 7, body, 0, 0), DTLS_ERR_BUFFER_TOO_SMALL);
    /* offset at or past the end, oversize body */
    CHECK_EQ(dtls__hs_fragment(out, 32, 16, 7, body, 5, 5), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__hs_fragment(out, 32, 16, 7, body, 5, 6), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__hs_fragment(out, 32, 14, 7, body, 0, 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls__hs_fragment(out, 32, 16, 7, body, UINT32_C(0x1000000), 0), DTLS_ERR_BAD_ARG);
    /* empty body: one 12-byte fragment */
    memset(out, 0xEE, sizeof out);
    CHECK_EQ(dtls__hs_fragment(out, 12, DTLS__HS_SERVER_HELLO_DONE, 2, NULL, 0, 0), 0);
    unhex(want, sizeof want, "0e000000" "0002" "000000" "000000");
    CHECK_MEM(out, want, 12);
    CHECK_EQ(out[12], 0xEE);
}

/* Fragments a 300-byte message at every cap from 13 to 312, parses every
 * fragment and reassembles it. */
TEST(fragment_every_cap_reassembles)
{
    enum { LEN = 300 };
    uint8_t body[LEN], out[LEN + 12], store[LEN];
    size_t cap;
    for (cap = 13; cap <= LEN + 12; cap++) {
        dtls__reasm r;
        uint32_t off = 0;
        unsigned nfrag = 0;
        fill(body, LEN, (unsigned)cap);
        dtls__reasm_init(&r, store, sizeof store, 9);
        while (off < LEN) {
            dtls__hs_header h;
            const uint8_t *frag;
            size_t used;
            int n = dtls__hs_fragment(out, cap, DTLS__HS_CERTIFICATE, 9, body, LEN, off);
            size_t want = cap - 12 < LEN - off ? cap - 12 : LEN - off;
            CHECK_EQ(n, want);
            if (n <= 0)
                break;
            CHECK_EQ(dtls__hs_parse(&h, &frag, out, cap, &used), 0);
            CHECK_EQ(used, 12 + (size_t)n);
            CHECK_EQ(h.frag_offset, off);
            CHECK_EQ(h.length, LEN);
            CHECK_EQ(h.message_seq, 9);
            CHECK_EQ(dtls__reasm_direct(&r, &h), (cap >= LEN + 12));
            CHECK_EQ(complete(&r), 0);
            CHECK_EQ(dtls__reasm_add(&r, &h, frag), 0);
            off += (uint32_t)n;
            nfrag++;
        }
        CHECK_EQ(nfrag, (LEN + (cap - 12) - 1) / (cap - 12));
        expect_msg(&r, DTLS__HS_CERTIFICATE, 9, body, LEN);
        CHECK_EQ(dtls__reasm_dropped(&r), 0);
        dtls__reasm_pop(&r);
        CHECK_EQ(complete(&r), 0);
        if (test__case_failed)
            break;
    }
}

/* ---- reassembly ---- */

/* All 24 delivery orders of a 4-fragment message, each fragment sent twice
 * (the duplicate right after it), plus an overlapping fragment [5, 25)
 * delivered in the middle.  The message must become complete exactly when
 * the delivered fragments first cover it. */
TEST(reasm_all_orders_dups_overlaps)
{
    enum { LEN = 40 };
    static const uint32_t frag_off[4] = {0, 10, 20, 30};
    uint8_t body[LEN], store[LEN];
    unsigned a, b, c, d, perms = 0;
    fill(body, LEN, 3);
    for (a = 0; a < 4; a++)
        for (b = 0; b < 4; b++)
            for (c = 0; c < 4; c++)
                for (d = 0; d < 4; d++) {
                    unsigned order[4], k, i;
                    uint8_t covered[LEN];
                    dtls__reasm r;
                    if (a == b || a == c || a == d || b == c || b == d || c == d)
                        continue;
                    perms++;
                    order[0] = a, order[1] = b, order[2] = c, order[3] = d;
                    memset(covered, 0, sizeof covered);
                    memset(store, 0, sizeof store);
                    dtls__reasm_init(&r, store, sizeof store, 1);
                    for (k = 0; k < 4; k++) {
                        int full = 1;
                        uint32_t o = frag_off[order[k]];
                        CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, body, LEN, o, 10), 0);
                        CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, body, LEN, o, 10), 0);
                        memset(covered + o, 1, 10);
                        if (k == 1) {
                            CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, body, LEN, 5, 20), 0);
                            memset(covered + 5, 1, 20);
                        }
                        for (i = 0; i < LEN; i++)
                            full &= covered[i];
                        CHECK_EQ(complete(&r), full);
                    }
                    expect_msg(&r, DTLS__HS_CERTIFICATE, 1, body, LEN);
                    CHECK_EQ(dtls__reasm_dropped(&r), 0);
                }
    CHECK_EQ(perms, 24);
}

/* Fragments of messages 1 and 2 arrive before message 0 completes. */
TEST(reasm_future_messages_first)
{
    uint8_t m0[50], m1[30], m2[20], store[100];
    dtls__reasm r;
    fill(m0, sizeof m0, 1);
    fill(m1, sizeof m1, 2);
    fill(m2, sizeof m2, 3);
    dtls__reasm_init(&r, store, sizeof store, 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m2, 20, 10, 10), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m0, 50, 0, 25), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m1, 30, 0, 30), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m2, 20, 0, 10), 0);
    CHECK_EQ(complete(&r), 0); /* 1 and 2 are whole, 0 is not */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m0, 50, 25, 25), 0);
    expect_msg(&r, DTLS__HS_SERVER_HELLO, 0, m0, 50);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 1, m1, 30);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m2, 20);
    dtls__reasm_pop(&r);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 0);
}

TEST(reasm_type_and_length_mismatch)
{
    uint8_t m[20], store[64];
    dtls__reasm r;
    fill(m, sizeof m, 4);
    dtls__reasm_init(&r, store, sizeof store, 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 0, 10), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 0, m, 20, 10, 10), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 1);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 21, 10, 10), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 19, 10, 9), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 3);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 10, 10), 0);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 0, m, 20);
    /* a mismatching duplicate of a complete message changes nothing */
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 0, m, 20, 0, 20), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 4);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 0, m, 20);
    CHECK_EQ(r.used, 20);
}

/* A fragment reaching beyond its length (hand-built: parse refuses it). */
TEST(reasm_beyond_length)
{
    uint8_t m[32], store[64];
    dtls__reasm r;
    dtls__hs_header h;
    fill(m, sizeof m, 5);
    dtls__reasm_init(&r, store, sizeof store, 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 15, 6), DTLS_ERR_DECODE);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 21, 0), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_EQ(r.used, 0); /* nothing allocated */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 0, 15), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 10, 11), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 3);
    /* values that would wrap 32-bit arithmetic */
    h = hdr(DTLS__HS_CERTIFICATE, 20, 0, UINT32_C(0xFFFFFFFF), 2);
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_DECODE);
    h = hdr(DTLS__HS_CERTIFICATE, 20, 0, 1, UINT32_C(0xFFFFFFFF));
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_DECODE);
    h = hdr(DTLS__HS_CERTIFICATE, UINT32_C(0x1000014), 0, 0, 20);
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_DECODE);
    CHECK_EQ(dtls__reasm_dropped(&r), 6);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 20, 15, 5), 0);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 0, m, 20);
}

TEST(reasm_window)
{
    uint8_t m[8], store[64];
    dtls__reasm r;
    fill(m, sizeof m, 6);
    dtls__reasm_init(&r, store, sizeof store, 5);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 9, m, 8, 0, 8), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 0xFFFF, m, 8, 0, 8), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 8, m, 8, 0, 8), 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    /* old messages: 1, not counted, nothing stored */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 4, m, 8, 0, 8), 1);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m, 8, 0, 4), 1);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_EQ(r.used, 8);
    /* after popping 5, 6, 7 (absent) message 8 is next; 5 is now old */
    dtls__reasm_pop(&r);
    dtls__reasm_pop(&r);
    CHECK_EQ(complete(&r), 0);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_FINISHED, 8, m, 8);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 5, m, 8, 0, 8), 1);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 11, m, 8, 0, 8), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 12, m, 8, 0, 8), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 3);
}

TEST(reasm_buffer_exhaustion)
{
    uint8_t m[128], store[100];
    dtls__reasm r;
    fill(m, sizeof m, 7);
    dtls__reasm_init(&r, store, sizeof store, 0);
    /* larger than the whole buffer */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 101, 0, 10), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 1);
    CHECK_EQ(r.used, 0);
    /* 60 + 40 fill it exactly; a third (further ahead) does not fit */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m, 60, 0, 10), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 40, 0, 40), 0);
    CHECK_EQ(r.used, 100);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m, 1, 0, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    /* an empty message still fits */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m, 0, 0, 0), 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    /* the next expected message evicts 3 (nothing gained), 2, then fits */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m, 30, 0, 30), 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 4);
    CHECK_EQ(r.used, 90);
    expect_msg(&r, DTLS__HS_SERVER_HELLO, 0, m, 30);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 60);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m, 60, 10, 50), 0);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 1, m, 60);
    /* nothing is further ahead than 2: 41 bytes do not fit, 40 do */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 41, 0, 41), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 40, 0, 40), 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 5);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 40);
    CHECK_EQ(r.used, 40);
}

/* Eviction: a message that does not fit evicts the messages further ahead
 * than it, farthest first, only as far as needed; one that cannot fit even
 * then has evicted them all and is dropped. */
TEST(reasm_eviction_order)
{
    uint8_t m[128], store[100];
    dtls__reasm r;
    fill(m, sizeof m, 8);
    dtls__reasm_init(&r, store, sizeof store, 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 40, 0, 40), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m, 50, 0, 50), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m, 10, 0, 10), 0);
    CHECK_EQ(r.used, 100);
    /* message 1 is known: a fragment of it needs no space */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m, 50, 0, 10), 0);
    /* message 0 needs 45: evicting 3 (10) is not enough, 2 (40) too: 1 stays */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m, 45, 0, 45), 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_EQ(r.used, 95);
    expect_msg(&r, DTLS__HS_SERVER_HELLO, 0, m, 45);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 1, m, 50);
    dtls__reasm_pop(&r);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(r.used, 0);
    /* 101 bytes: everything ahead is evicted, then it is dropped anyway */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m, 60, 0, 60), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m, 101, 0, 10), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 4);
    CHECK_EQ(r.used, 0);
}

/* Many tiny disjoint fragments exhaust the range table; a full
 * retransmission then completes the message. */
TEST(reasm_range_exhaustion)
{
    uint8_t m[100], store[128];
    dtls__reasm r;
    unsigned i;
    fill(m, sizeof m, 9);
    dtls__reasm_init(&r, store, sizeof store, 0);
    for (i = 0; i < DTLS__REASM_RANGES; i++)
        CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 10 * i + 1, 1), 0);
    CHECK_EQ(r.slot[0].nranges, DTLS__REASM_RANGES);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 90, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 2, 0), 0); /* empty, touches [1,2) */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 5, 2), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    /* touching or overlapping existing ranges needs no new entry */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 2, 3), 0);   /* [1,5) */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 0, 1), 0);   /* [0,5) */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 3, 30), 0);  /* [0,33): merges 3 more */
    CHECK_EQ(r.slot[0].nranges, 3);
    CHECK_EQ(r.slot[0].ranges[0][0], 0);
    CHECK_EQ(r.slot[0].ranges[0][1], 33);
    CHECK_EQ(r.slot[0].ranges[1][0], 41);
    CHECK_EQ(r.slot[0].ranges[2][1], 52);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 90, 1), 0);
    CHECK_EQ(r.slot[0].nranges, 4);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 100, 0, 100), 0);
    CHECK_EQ(r.slot[0].nranges, 1);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 0, m, 100);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
}

/* Empty messages (ServerHelloDone) through fragment, parse, reassembly,
 * between non-empty ones, with pops in between. */
TEST(reasm_empty_messages)
{
    uint8_t m[16], out[16], store[16];
    dtls__reasm r;
    dtls__hs_header h;
    const uint8_t *frag, *body;
    size_t used;
    fill(m, sizeof m, 10);
    dtls__reasm_init(&r, store, sizeof store, 2);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 4, m, 12, 0, 12), 0);
    CHECK_EQ(dtls__hs_fragment(out, sizeof out, DTLS__HS_SERVER_HELLO_DONE, 3, NULL, 0, 0), 0);
    CHECK_EQ(dtls__hs_parse(&h, &frag, out, 12, &used), 0);
    CHECK_EQ(dtls__reasm_add(&r, &h, frag), 0);
    CHECK_EQ(dtls__reasm_add(&r, &h, frag), 0); /* duplicate */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 2, m, 4, 0, 4), 0);
    CHECK_EQ(r.used, 16);
    expect_msg(&r, DTLS__HS_SERVER_HELLO, 2, m, 4);
    dtls__reasm_pop(&r);
    CHECK_EQ(dtls__reasm_peek(&r, &h, &body), 1);
    CHECK_EQ(h.type, DTLS__HS_SERVER_HELLO_DONE);
    CHECK_EQ(h.length, 0);
    CHECK_EQ(h.message_seq, 3);
    CHECK_EQ(h.frag_length, 0);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_FINISHED, 4, m, 12);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 0);
    /* an empty message in a zero-size buffer; a non-empty one is dropped */
    dtls__reasm_init(&r, store, 0, 0);
    CHECK_EQ(add(&r, DTLS__HS_HELLO_REQUEST, 0, m, 0, 0, 0), 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 1, m, 1, 0, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(complete(&r), 1);
    /* an empty fragment of a non-empty message does not complete it */
    dtls__reasm_init(&r, store, sizeof store, 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 0, m, 12, 0, 0), 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 0, m, 12, 12, 0), 0);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 0, m, 12, 0, 12), 0);
    expect_msg(&r, DTLS__HS_FINISHED, 0, m, 12);
}

/* The largest length: no overflow, dropped for lack of space.  With a
 * 70000-byte buffer (clamped to 65535) a 65535-byte message still
 * reassembles and a 65536-byte one is dropped. */
TEST(reasm_largest_lengths)
{
    uint8_t *store = (uint8_t *)malloc(70000), *m = (uint8_t *)malloc(65536);
    dtls__reasm r;
    dtls__hs_header h;
    if (!store || !m) {
        FAIL("malloc");
        free(store);
        free(m);
        return;
    }
    fill(m, 65536, 11);
    dtls__reasm_init(&r, store, 70000, 0);
    CHECK_EQ(r.cap, 65535L);
    h = hdr(DTLS__HS_CERTIFICATE, UINT32_C(0xFFFFFF), 0, UINT32_C(0xFFFFFE), 1);
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_BUFFER_TOO_SMALL);
    h = hdr(DTLS__HS_CERTIFICATE, UINT32_C(0xFFFFFF), 1, 0, UINT32_C(0xFFFFFF));
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_BUFFER_TOO_SMALL);
    h = hdr(DTLS__HS_CERTIFICATE, UINT32_C(0xFFFFFF), 0, UINT32_C(0xFFFFFF), 1);
    CHECK_EQ(dtls__reasm_add(&r, &h, m), DTLS_ERR_DECODE);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 65536, 0, 100), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 4);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 65535, 40000, 25535), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 0, m, 65535, 0, 40001), 0);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 0, m, 65535);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 1, m, 1, 0, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 1, m, 1, 0, 1), 0);
    free(store);
    free(m);
}

/* A reassembly buffer smaller than the messages sent to it never has a byte
 * written outside it.  The engine gives dtls__reasm_init the part of
 * dtls_hs.dtls__buf after the flight: DTLS_HS_BUFFER - DTLS__FLIGHT_CAP, an
 * int; with a DTLS_HS_BUFFER below the flight's part (possible before
 * api.h's compile-time minimum) that is negative, and converted to size_t it
 * was clamped to 65535 bytes of room: a ServerHello's fragments were then
 * written past the buffer (heap-buffer-overflow in dtls__reasm_add).  Such a
 * cap (above SIZE_MAX / 2: no object is that large) is now no room at all.
 * Checked: the exact results and drop counts, the buffer's own bytes left
 * alone by refused fragments, and 32 guard bytes right after it (in the same
 * struct, so that they are checked without AddressSanitizer too); a
 * separate exact-size array lets AddressSanitizer see any stray write. */
/* Bytes of p[0, n) that are not v. */
static size_t count_not(const uint8_t *p, size_t n, uint8_t v)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++)
        k += p[i] != v;
    return k;
}

TEST(reasm_never_writes_outside)
{
    struct {
        uint8_t buf[16];
        uint8_t guard[32];
    } a;
    uint8_t exact[16], sh[40], zero[16];
    int hs_buffer = 600, flight_cap = 640; /* as DTLS_HS_BUFFER and DTLS__FLIGHT_CAP: ints */
    dtls__reasm r;
    dtls__hs_header h;
    const uint8_t *body;

    fill(sh, sizeof sh, 21);
    memset(zero, 0, sizeof zero);
    /* a negative room: nothing but empty messages is kept */
    memset(&a, 0xA5, sizeof a);
    dtls__reasm_init(&r, a.buf, (size_t)(hs_buffer - flight_cap), 1);
    CHECK_EQ(r.cap, 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 0, 20), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 20, 20), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 0, 40), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 3);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(complete(&r), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 1, sh, 0, 0, 0), 0);
    CHECK_EQ(complete(&r), 1);
    CHECK_EQ(count_not(a.buf, sizeof a.buf, 0xA5), 0);
    CHECK_EQ(count_not(a.guard, sizeof a.guard, 0xA5), 0);
    /* the same into an array of exactly 16 bytes (AddressSanitizer) */
    memset(exact, 0, sizeof exact);
    dtls__reasm_init(&r, exact, (size_t)(hs_buffer - flight_cap), 1);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 0, 40), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 16, 24), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
    CHECK_MEM(exact, zero, sizeof exact);
    /* a true room of 16 bytes: a 40-byte message (its fragments inside and
     * past the 16) is refused whole and counted; a 16-byte one fills it */
    memset(&a, 0xA5, sizeof a);
    dtls__reasm_init(&r, a.buf, sizeof a.buf, 1);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 0, 10), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 40, 10, 30), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 17, 0, 17), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 3);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(count_not(a.buf, sizeof a.buf, 0xA5), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 16, 8, 8), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 1, sh, 16, 0, 8), 0);
    CHECK_EQ(dtls__reasm_peek(&r, &h, &body), 1);
    CHECK_EQ(h.length, 16);
    CHECK(body == a.buf);
    CHECK_MEM(a.buf, sh, 16);
    /* a message further ahead finds no room either */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 2, sh, 1, 0, 1), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 4);
    CHECK_EQ(count_not(a.guard, sizeof a.guard, 0xA5), 0);
}

/* Pop closes the gap: a message that only fits after compaction is stored,
 * and messages laid out after the popped one keep their bytes. */
TEST(reasm_pop_compacts)
{
    uint8_t m0[30], m1[50], m2[20], m3[30], store[100];
    dtls__reasm r;
    fill(m0, sizeof m0, 12);
    fill(m1, sizeof m1, 13);
    fill(m2, sizeof m2, 14);
    fill(m3, sizeof m3, 15);
    dtls__reasm_init(&r, store, sizeof store, 0);
    /* layout: m2 at 0, m1 at 20, m0 at 70 */
    CHECK_EQ(add(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m2, 20, 0, 20), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m1, 50, 10, 20), 0);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO, 0, m0, 30, 0, 30), 0);
    CHECK_EQ(r.used, 100);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m3, 30, 0, 30), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(dtls__reasm_dropped(&r), 1);
    expect_msg(&r, DTLS__HS_SERVER_HELLO, 0, m0, 30);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 70);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m3, 30, 0, 15), 0);
    CHECK_EQ(r.used, 100);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m1, 50, 0, 10), 0);
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 1, m1, 50, 30, 20), 0);
    expect_msg(&r, DTLS__HS_CERTIFICATE, 1, m1, 50);
    dtls__reasm_pop(&r); /* m1 sat between m2 and m3: m3 moves down */
    CHECK_EQ(r.used, 50);
    CHECK_EQ(add(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m3, 30, 15, 15), 0);
    expect_msg(&r, DTLS__HS_SERVER_KEY_EXCHANGE, 2, m2, 20);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m3, 30);
    /* a fourth message fits in the space freed, m3 intact */
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 4, m1, 50, 0, 50), 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 5, m1, 21, 0, 21), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 5, m0, 20, 0, 20), 0);
    expect_msg(&r, DTLS__HS_SERVER_HELLO_DONE, 3, m3, 30);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_FINISHED, 4, m1, 50);
    dtls__reasm_pop(&r);
    expect_msg(&r, DTLS__HS_FINISHED, 5, m0, 20);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 0);
    CHECK_EQ(dtls__reasm_dropped(&r), 2);
}

/* The zero-copy path: a whole next-expected message; pop also releases a
 * partial copy of it. */
TEST(reasm_direct_path)
{
    uint8_t m[40], store[40];
    dtls__reasm r;
    dtls__hs_header h;
    fill(m, sizeof m, 16);
    dtls__reasm_init(&r, store, sizeof store, 3);
    h = hdr(DTLS__HS_FINISHED, 12, 3, 0, 12);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 1);
    h = hdr(DTLS__HS_FINISHED, 12, 4, 0, 12);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 0);
    h = hdr(DTLS__HS_FINISHED, 12, 3, 0, 11);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 0);
    h = hdr(DTLS__HS_FINISHED, 12, 3, 1, 11);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 0);
    h = hdr(DTLS__HS_SERVER_HELLO_DONE, 0, 3, 0, 0);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 1);
    /* a partial copy of 3, then 3 arrives whole and is taken directly */
    CHECK_EQ(add(&r, DTLS__HS_CERTIFICATE, 3, m, 30, 0, 10), 0);
    CHECK_EQ(add(&r, DTLS__HS_FINISHED, 4, m, 10, 0, 10), 0);
    CHECK_EQ(r.used, 40);
    h = hdr(DTLS__HS_CERTIFICATE, 30, 3, 0, 30);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 1);
    dtls__reasm_pop(&r);
    CHECK_EQ(r.used, 10);
    expect_msg(&r, DTLS__HS_FINISHED, 4, m, 10);
    h = hdr(DTLS__HS_FINISHED, 10, 4, 0, 10);
    CHECK_EQ(dtls__reasm_direct(&r, &h), 1);
}

/* Three messages cut into random fragments (random sizes and offsets,
 * overlapping), delivered in random order with repeats; every message must
 * come out exactly once, in order, with its bytes (xorshift PRNG, fixed seed). */
static uint32_t rng_state = 2463534242u;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

TEST(reasm_random_fragments)
{
    enum { N = 3 };
    static const uint32_t lens[N] = {77, 0, 211};
    uint8_t msgs[N][211], store[300];
    unsigned round;
    for (round = 0; round < 500; round++) {
        dtls__reasm r;
        unsigned next = 0, steps = 0, k;
        for (k = 0; k < N; k++)
            fill(msgs[k], 211, round * 3 + k);
        dtls__reasm_init(&r, store, sizeof store, 100);
        while (next < N && steps < 10000) {
            unsigned which = next + rng() % (N - next);
            uint32_t len = lens[which], off, flen;
            int rc;
            steps++;
            off = len ? rng() % len : 0;
            flen = len ? 1 + rng() % (len - off) : 0;
            if (rng() % 4 == 0)
                off = 0, flen = len; /* a whole retransmission now and then */
            rc = add(&r, (uint8_t)(which + 1), (uint16_t)(100 + which), msgs[which], len, off, flen);
            CHECK(rc == 0 || rc == DTLS_ERR_BUFFER_TOO_SMALL); /* range table full */
            while (complete(&r)) {
                expect_msg(&r, (uint8_t)(next + 1), (uint16_t)(100 + next), msgs[next], lens[next]);
                dtls__reasm_pop(&r);
                next++;
            }
            if (rng() % 8 == 0) /* an old message */
                CHECK_EQ(add(&r, 9, (uint16_t)(99 - rng() % 50), msgs[0], 3, 0, 3), 1);
        }
        CHECK_EQ(next, N);
        CHECK_EQ(r.used, 0);
        if (test__case_failed)
            break;
    }
}

int main(void)
{
    RUN(parse_valid);
    RUN(parse_truncations);
    RUN(parse_beyond_length);
    RUN(write_header_bytes);
    RUN(transcript_header_bytes);
    RUN(fragment_bytes_and_errors);
    RUN(fragment_every_cap_reassembles);
    RUN(reasm_all_orders_dups_overlaps);
    RUN(reasm_future_messages_first);
    RUN(reasm_type_and_length_mismatch);
    RUN(reasm_beyond_length);
    RUN(reasm_window);
    RUN(reasm_buffer_exhaustion);
    RUN(reasm_eviction_order);
    RUN(reasm_range_exhaustion);
    RUN(reasm_empty_messages);
    RUN(reasm_largest_lengths);
    RUN(reasm_never_writes_outside);
    RUN(reasm_pop_compacts);
    RUN(reasm_direct_path);
    RUN(reasm_random_fragments);
    return test_done();
}
