/* replay.h - what the two bare-metal replays share (replay_bm.c: pair.h's
 * PSK client; fp_replay.c: the subject of a `make size` configuration): the
 * fake clock and the xorshift "entropy" the recording was made with, the
 * send callback that holds every datagram of the subject to the next recorded
 * one byte for byte, the "ok"/"FAIL" lines, the stack probe around each
 * library call (bm.h) and the closing RESULT line.
 *
 * The includer has included dtls.h, line.h, bm.h, xorshift.h and its
 * recording (rec_ev[]: kind, now, off, len into rec_bytes[]), and defines
 * REPLAY_NAME (the lines' prefix: "replay", "fp") and REC_OUT (the kind of an
 * event the subject sends; fp_data.h defines it). */
#ifndef DTLS_BAREMETAL_REPLAY_H
#define DTLS_BAREMETAL_REPLAY_H

#define NEV (sizeof(rec_ev) / sizeof(rec_ev[0]))

static uint32_t r_now;
static uint64_t r_rng;
static size_t r_next; /* the next event: an expected datagram, or the next input or call */
static int r_mismatch;
static int passed, failed;

static int r_random(void *user, uint8_t *out, size_t len)
{
    (void)user;
    pair_xorshift(&r_rng, out, len);
    return 0;
}

static uint32_t r_clock(void *user)
{
    (void)user;
    return r_now;
}

/* The subject's datagram must be the next recorded event, byte for byte. */
static int r_send(void *user, const uint8_t *addr, size_t alen, const uint8_t *data, size_t len)
{
    (void)user;
    (void)addr;
    (void)alen;
    if (r_next >= NEV || rec_ev[r_next].kind != REC_OUT || rec_ev[r_next].len != len ||
        memcmp(data, rec_bytes + rec_ev[r_next].off, len) != 0)
        r_mismatch++;
    else
        r_next++;
    return (int)len;
}

static void check(int cond, const char *what, int got)
{
    pair_line l;
    l.n = 0;
    pl_str(&l, cond ? "ok   " REPLAY_NAME ": " : "FAIL " REPLAY_NAME ": ");
    pl_str(&l, what);
    if (!cond) {
        pl_str(&l, " (got ");
        pl_int(&l, got);
        pl_str(&l, ")");
        failed++;
    } else {
        passed++;
    }
    bm_puts(l.b);
}

/* r = call, with the stack painted before and measured after (bm.h) */
#define CALL(r, call)                                                                                               \
    do {                                                                                                            \
        BM_PROBE_BEGIN();                                                                                           \
        (r) = (call);                                                                                               \
        BM_PROBE_END(0);                                                                                            \
    } while (0)

/* "RESULT passed failed 0" (written in main's line l); main's exit status */
static int replay_result(pair_line *l)
{
    l->n = 0;
    pl_str_u32(l, "RESULT ", (uint32_t)passed);
    pl_str_u32(l, " ", (uint32_t)failed);
    pl_str(l, " 0");
    bm_puts(l->b);
    return failed != 0;
}

#endif /* DTLS_BAREMETAL_REPLAY_H */
