/* link.h - a seeded, lossy, in-memory datagram link between a client and a
 * server, driven by a fake clock: what the lossy trials (test_lossy.c) and the
 * systematic cases (test_schedule.c) run the engine over.
 *
 * The link.  Two directions (LINK_C2S, LINK_S2C), each a bounded queue of
 * datagrams.  Every datagram a side sends (cfg->send) is numbered per
 * direction (its index, counting every datagram sent, lost ones included) and
 * goes through the impairments of its direction, all drawn from one xorshift
 * generator seeded per run (a seed replays a run exactly):
 *   drop (probability), duplicate (a second copy right behind it), reorder
 *   (a datagram is held back until 1..N-1 later datagrams of its direction
 *   have been delivered, or hold_max_ms passed; at most one is held at a time,
 *   so no datagram is displaced by more than N-1 places: a reorder window of
 *   N), delay (a fixed one-way latency plus jitter), truncate, corrupt (one
 *   byte flipped), an MTU black hole (datagrams longer than X vanish), packing
 *   (datagrams due together are concatenated into one: records of several
 *   datagrams arrive in one), and a scripted hook that sees each datagram by
 *   its index (drop, duplicate, rewrite, inject) plus a permutation of one
 *   burst (the datagrams one engine call sent: a flight).
 *
 * The clock is a uint32_t millisecond counter that starts just below the wrap
 * (LINK_T0), so every run crosses 2^32 within its first seconds.
 *
 * The harness ("pair").  A client dtls_conn and a server (dtls_server with
 * one slot: server connections are set up by dtls_server_input) on the link.
 * pair_run() is the driver loop: it delivers every due datagram with
 * dtls_conn_input / dtls_server_input, calls dtls_conn_timer /
 * dtls_server_timer when their deadline is due, runs the application, and
 * advances the clock to the earliest of the next delivery, either engine's
 * deadline and the application's own timer.
 *
 * The application: after the handshake the client makes `rounds`
 * request/response round trips; each request carries its round number, the
 * server answers every copy it receives, and the client resends a request
 * (as a new record) when no answer came within PAIR_APP_RTO_MS.  Every
 * application payload written is unique (an id; its bytes derive from the id)
 * and registered with the link, which tags the datagram that carried it (the
 * test checks that one write sends exactly one datagram).  When the link
 * delivers a tagged datagram intact the payload must arrive exactly once;
 * a damaged (truncated, corrupted) copy may or may not bring it; nothing
 * may arrive twice, modified, or unregistered.
 *
 * Certificates (pair_opts.certs = PAIR_CERTS_CHAIN3, needs DTLS_ENABLE_CERTS):
 * the server presents the P-256 "localhost" leaf of certdata.h with the
 * intermediate and the root behind it (a three-certificate chain: leaf,
 * intermediate, root; 1243 bytes of Certificate body, so it is fragmented
 * at every mtu below that); the client trusts the root, expects "localhost"
 * and reads a fixed wall clock (HARNESS_WALL_TIME, 2027-06-01); neither side
 * has a PSK.  With certs 0 the PSK set-up is the one it always was, byte for
 * byte (the replay test pins its log).
 * PAIR_CERTS_RPK: raw public keys (RFC 7250) instead: the server presents
 * the same P-256 key with no certificate (a 94-byte Certificate body), the
 * client accepts exactly that key (its verify callback); what a build with
 * DTLS_MAX_CHAIN < 3 or DTLS_MAX_CERT_MSG < 1243 can carry.
 *
 * The size macros may be at their smallest (tests/run.sh, stage "sizes"):
 * the peer addresses are then cut to DTLS_MAX_ADDR bytes, the PSK to
 * DTLS_MAX_PSK bytes, and the server offers only the client's suite (its
 * default list would not fit DTLS_MAX_SUITES); at the defaults nothing
 * changes.
 *
 * From harness.h (shared with world.h, the engine tests' perfect link, and
 * test_contract.c): the certificate wall clock and the server's credential
 * and trust anchor of certdata.h.  The random source (link_rng) stays here:
 * every seed replays through it, not through world.h's xorshift.
 *
 * Everything here is static (one harness per test program). */
#ifndef DTLS_TEST_LINK_H
#define DTLS_TEST_LINK_H

#include "harness.h"
#if !defined(DTLS_TEST_AMALGAMATED)
#include "../../proto/api.h"
#endif

#define LINK_T0 UINT32_C(0xFFFFF000)
#define LINK_DGRAM_MAX 2048
#define LINK_QUEUE_CAP 64
#define LINK_MAX_TAGS 8
#define LINK_LOG_MAX 4096
#define LINK_C2S 0
#define LINK_S2C 1
#define LINK_NONE UINT32_C(0xFFFFFFFF)

/* scripted actions (bits) */
#define LINK_ACT_PASS 0
#define LINK_ACT_DROP 1
#define LINK_ACT_DUP 2

/* Wrap-safe: a is at or before b. */
#define LINK_LE(a, b) ((int32_t)(uint32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)

/* ---------------------------------------------------------------- PRNG -- */

typedef struct link_rng {
    uint64_t s;
} link_rng;

static DTLS__UNUSED void link_rng_seed(link_rng *r, uint64_t seed)
{
    /* splitmix64 of the seed, never zero */
    uint64_t z = seed + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    r->s = z ? z : 1;
}

static DTLS__UNUSED uint32_t link_rand(link_rng *r)
{
    uint64_t x = r->s; /* xorshift64* */
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return (uint32_t)((x * UINT64_C(2685821657736338717)) >> 32);
}

/* Uniform in [0, n) (n > 0; the tiny modulo bias does not matter here). */
static DTLS__UNUSED uint32_t link_below(link_rng *r, uint32_t n)
{
    return link_rand(r) % n;
}

/* True with probability ppm / 1e6. */
static DTLS__UNUSED int link_chance(link_rng *r, uint32_t ppm)
{
    return ppm != 0 && link_below(r, 1000000u) < ppm;
}

/* ---------------------------------------------------------------- link -- */

typedef struct link_imp {
    uint32_t drop_ppm, dup_ppm, corrupt_ppm, truncate_ppm;
    uint32_t reorder_window; /* N: a datagram may be overtaken by up to N-1 later ones (0, 1: none) */
    uint32_t reorder_ppm;    /* chance that a datagram is held back (when none is) */
    uint32_t hold_max_ms;    /* a held datagram goes at the latest this long after it was due */
    uint32_t delay_ms;       /* one-way latency */
    uint32_t jitter_ms;      /* plus 0..jitter_ms */
    uint32_t blackhole_above; /* datagrams longer than this vanish (0: off) */
    uint32_t pack_max;       /* concatenate due datagrams up to this many bytes (0: off) */
} link_imp;

typedef struct link_dgram {
    uint32_t at;    /* due time */
    uint32_t key;   /* order among datagrams due together */
    uint32_t index; /* per-direction send index */
    uint32_t burst; /* per-direction burst number */
    uint32_t hold_until;
    uint8_t damaged; /* truncated or corrupted */
    uint8_t held;    /* waiting for `behind` later datagrams */
    uint8_t behind;
    uint8_t n_tags;
    uint32_t tags[LINK_MAX_TAGS];
    size_t len;
    uint8_t data[LINK_DGRAM_MAX];
} link_dgram;

/* One line of the send log: what each side sent, when. */
typedef struct link_sent {
    uint32_t t;
    uint32_t index;
    uint32_t burst;
    uint8_t dir;
    uint8_t type;     /* content type of the first record */
    uint8_t hs_type;  /* its handshake type when an epoch-0 handshake record, else 0xFF */
    uint8_t n_records;
    uint16_t epoch;
    uint16_t len;
    uint8_t has_ccs;
    uint8_t fate;     /* 0 queued, 1 dropped (random), 2 dropped (script), 3 black hole, 4 queue full */
} link_sent;

typedef struct link link;
/* Scripted hook: may rewrite data / *len (up to LINK_DGRAM_MAX), inject
 * datagrams (link_inject), and returns LINK_ACT_* bits. */
typedef int (*link_script_fn)(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len);

struct link {
    uint32_t now;
    link_rng rng;
    link_imp imp[2];
    link_dgram q[2][LINK_QUEUE_CAP];
    size_t n[2];
    uint32_t sent[2];    /* datagrams sent per direction (the next index) */
    uint32_t bursts[2];  /* bursts per direction so far */
    uint32_t burst_open[2]; /* datagrams sent in this direction since the last link_end_call */
    uint32_t key_next;
    uint32_t dropped[2], duplicated[2], damaged[2], blackholed[2], overflowed[2], delivered[2], packed[2];
    int held_any[2];
    /* tagging of the datagram(s) sent during one dtls_conn_write */
    uint32_t cur_tag;
    uint32_t tagged_sends;
    /* script */
    link_script_fn script;
    void *script_ctx;
    /* permutation of one burst */
    int perm_dir;
    uint32_t perm_burst;
    uint32_t perm_n;
    uint8_t perm[8];
    int perm_done;     /* 1 applied, -1 the burst had another size */
    /* the send log */
    link_sent log[LINK_LOG_MAX];
    size_t n_log;
};

/* Describes datagram data: first record's type, epoch, handshake type, the
 * number of records, whether one is a ChangeCipherSpec. */
static DTLS__UNUSED void link_describe(const uint8_t *d, size_t len, link_sent *s)
{
    size_t off = 0;
    s->type = len ? d[0] : 0;
    s->epoch = (uint16_t)(len >= 5 ? ((unsigned)d[3] << 8) | d[4] : 0u);
    s->hs_type = (len > 13 && d[0] == 22 && s->epoch == 0) ? d[13] : 0xFF;
    s->n_records = 0;
    s->has_ccs = 0;
    while (off + 13 <= len) {
        size_t rl = ((size_t)d[off + 11] << 8) | d[off + 12];
        if (d[off] == 20) s->has_ccs = 1;
        s->n_records++;
        off += 13 + rl;
    }
}

/* Splits a datagram into its records: offsets and lengths (header included).
 * Returns the count (at most max). */
static DTLS__UNUSED size_t link_records(const uint8_t *d, size_t len, size_t *off, size_t *rlen, size_t max)
{
    size_t o = 0, n = 0;
    while (o + 13 <= len && n < max) {
        size_t l = 13 + (((size_t)d[o + 11] << 8) | d[o + 12]);
        if (o + l > len) break;
        off[n] = o;
        rlen[n] = l;
        n++;
        o += l;
    }
    return n;
}

static DTLS__UNUSED void link_init(link *l, uint64_t seed)
{
    memset(l, 0, sizeof *l);
    l->now = LINK_T0;
    link_rng_seed(&l->rng, seed);
    l->imp[0].delay_ms = l->imp[1].delay_ms = 10;
    l->perm_dir = -1;
    l->cur_tag = LINK_NONE;
}

/* Queues a datagram in dir as it is (no random impairment). */
static DTLS__UNUSED link_dgram *link_queue(link *l, int dir, const uint8_t *data, size_t len, uint32_t index)
{
    link_dgram *g;
    const link_imp *im = &l->imp[dir];
    if (l->n[dir] >= LINK_QUEUE_CAP || len > LINK_DGRAM_MAX) {
        l->overflowed[dir]++;
        return NULL;
    }
    g = &l->q[dir][l->n[dir]++];
    memset(g, 0, offsetof(link_dgram, data));
    g->at = l->now + im->delay_ms + (im->jitter_ms ? link_below(&l->rng, im->jitter_ms + 1) : 0);
    g->key = l->key_next++;
    g->index = index;
    g->burst = l->bursts[dir];
    g->len = len;
    memcpy(g->data, data, len);
    if (l->cur_tag != LINK_NONE) {
        g->tags[0] = l->cur_tag;
        g->n_tags = 1;
    }
    return g;
}

/* Injects a datagram (from a script): queued with its own index. */
static DTLS__UNUSED void link_inject(link *l, int dir, const uint8_t *data, size_t len)
{
    (void)link_queue(l, dir, data, len, l->sent[dir]);
}

/* A side sends a datagram into dir. */
static DTLS__UNUSED void link_send(link *l, int dir, const uint8_t *data, size_t len)
{
    static uint8_t buf[LINK_DGRAM_MAX];
    const link_imp *im = &l->imp[dir];
    uint32_t index = l->sent[dir]++;
    int act = LINK_ACT_PASS;
    link_sent *s = NULL;
    link_dgram *g;

    l->burst_open[dir]++;
    if (l->cur_tag != LINK_NONE) l->tagged_sends++;
    if (l->n_log < LINK_LOG_MAX) {
        s = &l->log[l->n_log++];
        s->t = l->now;
        s->index = index;
        s->burst = l->bursts[dir];
        s->dir = (uint8_t)dir;
        s->len = (uint16_t)len;
        s->fate = 0;
        link_describe(data, len, s);
    }
    if (len > LINK_DGRAM_MAX) {
        if (s) s->fate = 4;
        l->overflowed[dir]++;
        return;
    }
    memcpy(buf, data, len);
    if (l->script) act = l->script(l->script_ctx, l, dir, index, buf, &len);
    if (act & LINK_ACT_DROP) {
        if (s) s->fate = 2;
        return;
    }
    if (im->blackhole_above && len > im->blackhole_above) {
        if (s) s->fate = 3;
        l->blackholed[dir]++;
        return;
    }
    if (link_chance(&l->rng, im->drop_ppm)) {
        if (s) s->fate = 1;
        l->dropped[dir]++;
        return;
    }
    g = link_queue(l, dir, buf, len, index);
    if (!g) {
        if (s) s->fate = 4;
        return;
    }
    if (len > 0 && link_chance(&l->rng, im->truncate_ppm)) {
        g->len = link_below(&l->rng, (uint32_t)len);
        g->damaged = 1;
        l->damaged[dir]++;
    }
    if (g->len > 0 && link_chance(&l->rng, im->corrupt_ppm)) {
        g->data[link_below(&l->rng, (uint32_t)g->len)] ^= (uint8_t)(1 + link_below(&l->rng, 255));
        g->damaged = 1;
        l->damaged[dir]++;
    }
    if (im->reorder_window > 1 && !l->held_any[dir] && link_chance(&l->rng, im->reorder_ppm)) {
        g->held = 1;
        g->behind = (uint8_t)(1 + link_below(&l->rng, im->reorder_window - 1));
        g->hold_until = g->at + im->hold_max_ms;
        l->held_any[dir] = 1;
    }
    if ((act & LINK_ACT_DUP) || link_chance(&l->rng, im->dup_ppm)) {
        link_dgram *c = link_queue(l, dir, g->data, g->len, index);
        if (c) {
            c->at = g->at;
            c->damaged = g->damaged;
            c->n_tags = g->n_tags;
            memcpy(c->tags, g->tags, sizeof c->tags);
            l->duplicated[dir]++;
        }
    }
}

/* Marks the end of one engine call: what each direction got since the last
 * call is one burst (a flight), which the permutation may reorder. */
static DTLS__UNUSED void link_end_call(link *l)
{
    int dir;
    for (dir = 0; dir < 2; dir++) {
        uint32_t n = l->burst_open[dir];
        if (n == 0) continue;
        if (dir == l->perm_dir && l->bursts[dir] == l->perm_burst) {
            /* the burst's queued members, in send order (all due at once) */
            link_dgram *m[8];
            uint32_t keys[8], k = 0, i;
            size_t j;
            for (j = 0; j < l->n[dir]; j++)
                if (l->q[dir][j].burst == l->perm_burst && k < 8) m[k++] = &l->q[dir][j];
            if (k != l->perm_n || n != l->perm_n) {
                l->perm_done = -1;
            } else {
                for (i = 0; i < k; i++) keys[i] = m[i]->key; /* increasing: send order */
                for (i = 0; i < k; i++) m[l->perm[i]]->key = keys[i];
                l->perm_done = 1;
            }
        }
        l->bursts[dir]++;
        l->burst_open[dir] = 0;
    }
}

static DTLS__UNUSED int link_eligible(const link *l, const link_dgram *g)
{
    if (!LINK_LE(g->at, l->now)) return 0;
    if (g->held && g->behind > 0 && !LINK_LE(g->hold_until, l->now)) return 0;
    return 1;
}

/* The next datagram to deliver in dir (-1: none due). */
static DTLS__UNUSED long link_next_due(const link *l, int dir)
{
    size_t i;
    long best = -1;
    for (i = 0; i < l->n[dir]; i++) {
        const link_dgram *g = &l->q[dir][i];
        if (!link_eligible(l, g)) continue;
        if (best < 0 || g->key < l->q[dir][best].key) best = (long)i;
    }
    return best;
}

/* Earliest time at which something in the link becomes due: 1 and *at, or 0. */
static DTLS__UNUSED int link_deadline(const link *l, uint32_t *at)
{
    int dir, have = 0;
    size_t i;
    for (dir = 0; dir < 2; dir++)
        for (i = 0; i < l->n[dir]; i++) {
            const link_dgram *g = &l->q[dir][i];
            uint32_t t = g->at;
            if (g->held && g->behind > 0 && !LINK_LE(g->hold_until, g->at)) {
                /* due at hold_until, unless later datagrams release it first (they are due
                 * themselves, and are counted here) */
                t = g->hold_until;
            }
            if (!have || !LINK_LE(*at, t)) *at = t;
            have = 1;
        }
    return have;
}

/* Takes the next due datagram of dir into out (packing due ones when asked).
 * Returns its length, or -1 when none is due.  *damaged, tags: what it carried. */
static DTLS__UNUSED long link_take(link *l, int dir, uint8_t *out, int *damaged, uint32_t *tags, size_t *n_tags)
{
    long i = link_next_due(l, dir);
    size_t len = 0;
    *damaged = 0;
    *n_tags = 0;
    if (i < 0) return -1;
    for (;;) {
        link_dgram *g = &l->q[dir][i];
        size_t t, j;
        memcpy(out + len, g->data, g->len);
        len += g->len;
        if (g->damaged) *damaged = 1;
        for (t = 0; t < g->n_tags && *n_tags < LINK_MAX_TAGS; t++) tags[(*n_tags)++] = g->tags[t];
        if (g->held) l->held_any[dir] = 0;
        /* a delivered datagram releases a held one sent before it */
        for (j = 0; j < l->n[dir]; j++) {
            link_dgram *h = &l->q[dir][j];
            if (h != g && h->held && h->behind > 0 && h->index < g->index) {
                h->behind--;
                if (h->behind == 0 && !LINK_LE(h->at, l->now)) h->at = l->now;
                if (h->behind == 0) h->key = g->key; /* right behind it */
            }
        }
        /* remove g (keep the array compact; order does not matter: keys do) */
        l->q[dir][i] = l->q[dir][l->n[dir] - 1];
        l->n[dir]--;
        l->delivered[dir]++;
        if (!l->imp[dir].pack_max) break;
        i = link_next_due(l, dir);
        if (i < 0 || len + l->q[dir][i].len > l->imp[dir].pack_max) break;
        l->packed[dir]++;
    }
    return (long)len;
}

/* ------------------------------------------------------------- harness -- */

#define PAIR_APP_RTO_MS 700u  /* the application's own retry timer */
#define PAIR_MAX_PAYLOADS 2048
#define PAIR_INBOX 32

typedef struct pair_opts {
    uint16_t suite;        /* the client offers only this suite (0: every suite) */
    uint16_t group;        /* the client offers only this group (0: both) */
    uint16_t mtu;          /* both sides (0: default) */
    size_t identity_len;   /* 1..128 */
    size_t hint_len;       /* 0..128: a hint makes plain PSK send ServerKeyExchange */
    int rounds;            /* application round trips after the handshake */
    int no_server;         /* the server never answers (the schedule test) */
    uint8_t retransmit_limit; /* 0: default (only the scratch self-check sets it) */
    uint8_t retransmit_copies; /* likewise */
    uint32_t retransmit_initial_ms; /* 0: default (idem) */
    uint32_t max_ms;       /* simulated time limit of a run */
    int certs;             /* 0: PSK; PAIR_CERTS_CHAIN3 / _RPK: the certificate set-ups (top of this file) */
    int restart_server;    /* the server behaves like tinydtls: every ClientHello with a cookie that reaches
                            * it while its connection still handshakes starts a new handshake (a new
                            * ServerHello random) instead of being taken as a retransmission;
                            * PAIR_RESTART_TIMER: with tinydtls's 2 s retransmission timer,
                            * PAIR_RESTART_NO_TIMER: without (tinydtls's example dtls-server) */
    int cid;               /* Connection ID (RFC 9146): 0 none; 1 the client asks for 4 bytes, the server 8;
                            * 2 the client for none (0 bytes), the server 5 */
} pair_opts;

#define PAIR_RESTART_TIMER 1
#define PAIR_RESTART_NO_TIMER 2

#define PAIR_CERTS_CHAIN3 1
#define PAIR_CERTS_RPK 2
/* The lengths the size macros allow (the defaults: 6 and 16). */
#define PAIR_ADDR_LEN (DTLS_MAX_ADDR < 6 ? DTLS_MAX_ADDR : 6)
#define PAIR_KEY_LEN (DTLS_MAX_PSK < 16 ? DTLS_MAX_PSK : 16)

typedef struct pair_payload {
    uint32_t len;
    uint16_t intact, damaged, received;
} pair_payload;

typedef struct pair {
    link l;
    pair_opts o;
    dtls_config ccfg, scfg;
    dtls_crypto_hooks chooks, shooks;
    link_rng crng, srng;
    dtls_ctx cctx, sctx;
    dtls_hs chs, shs;
    dtls_conn cconn;
    dtls_conn slots[1];
    dtls_server srv;
    uint8_t ctx_tx[LINK_DGRAM_MAX], stx[LINK_DGRAM_MAX];
    uint16_t suites[1], groups[1];
    uint8_t identity[DTLS_MAX_IDENTITY], hint[DTLS_MAX_IDENTITY], key[PAIR_KEY_LEN];
    uint8_t rx[LINK_DGRAM_MAX];
#if DTLS_ENABLE_CERTS
    /* certificates (o.certs) */
    dtls_private_key skey;
    dtls_credential scred;
    dtls_blob anchor;
    uint8_t scred_buf[2048];
#endif
    /* state seen by the callbacks */
    dtls_conn *sconn;        /* the server's connection (on_connect) */
    int s_connects, s_closes, s_close_reason;
    uint32_t inbox_round[PAIR_INBOX];
    size_t n_inbox;
    /* the application */
    int round;               /* requests answered so far */
    int outstanding;
    uint32_t req_at;
    uint32_t requests_sent, responses_sent;
    uint32_t c_done_at;      /* client established at */
    int c_established;
    int write_errors;
    /* payload registry */
    pair_payload pl[PAIR_MAX_PAYLOADS];
    uint32_t n_pl;
    /* results */
    int c_err;               /* client's sticky error when the run ended */
    char why[200];           /* first problem seen */
    uint32_t calls;
    uint32_t restarts;       /* o.restart_server: handshakes the server restarted */
} pair;

static DTLS__UNUSED void pair_problem(pair *p, const char *what, long v)
{
    if (p->why[0] == 0) snprintf(p->why, sizeof p->why, "%s (%ld)", what, v);
}

static DTLS__UNUSED int pair_crandom(void *u, uint8_t *out, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) out[i] = (uint8_t)link_rand((link_rng *)u);
    return 0;
}

static DTLS__UNUSED uint32_t pair_now(void *u)
{
    return ((pair *)u)->l.now;
}

static DTLS__UNUSED int pair_send_c(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    pair *p = (pair *)u;
    (void)addr;
    (void)addr_len;
    link_send(&p->l, LINK_C2S, data, len);
    return (int)len;
}

static DTLS__UNUSED int pair_send_s(void *u, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len)
{
    pair *p = (pair *)u;
    static const uint8_t caddr[6] = {10, 0, 0, 1, 0x16, 0x34};
    if (addr_len != PAIR_ADDR_LEN || memcmp(addr, caddr, PAIR_ADDR_LEN) != 0) pair_problem(p, "server sent to a wrong address", (long)addr_len);
    link_send(&p->l, LINK_S2C, data, len);
    return (int)len;
}

static DTLS__UNUSED int pair_psk_server(void *u, const uint8_t *identity, size_t identity_len, uint8_t *key, size_t *key_len)
{
    pair *p = (pair *)u;
    if (identity_len != p->o.identity_len || memcmp(identity, p->identity, identity_len) != 0) {
        pair_problem(p, "server looked up a wrong identity", (long)identity_len);
        return -1;
    }
    if (*key_len < sizeof p->key) return -1;
    memcpy(key, p->key, sizeof p->key);
    *key_len = sizeof p->key;
    return 0;
}

static DTLS__UNUSED void pair_on_connect(void *u, dtls_conn *conn)
{
    pair *p = (pair *)u;
    p->sconn = conn;
    p->s_connects++;
}

/* Payload bytes: [0] 'Q'/'R', [1..4] id, [5..6] round, then bytes derived from the id. */
static DTLS__UNUSED uint8_t pair_byte(uint32_t id, uint32_t i)
{
    uint32_t x = id * UINT32_C(2654435761) + i * UINT32_C(40503);
    x ^= x >> 13;
    return (uint8_t)(x * UINT32_C(2246822519) >> 24);
}

static DTLS__UNUSED size_t pair_make(uint8_t *out, uint8_t kind, uint32_t id, uint32_t round, size_t len)
{
    size_t i;
    out[0] = kind;
    out[1] = (uint8_t)(id >> 24);
    out[2] = (uint8_t)(id >> 16);
    out[3] = (uint8_t)(id >> 8);
    out[4] = (uint8_t)id;
    out[5] = (uint8_t)(round >> 8);
    out[6] = (uint8_t)round;
    for (i = 7; i < len; i++) out[i] = pair_byte(id, (uint32_t)i);
    return len;
}

/* A received application payload: it must be registered, unmodified, and the first copy. */
static DTLS__UNUSED uint32_t pair_received(pair *p, const uint8_t *data, size_t len, uint8_t kind)
{
    uint8_t want[LINK_DGRAM_MAX];
    uint32_t id;
    if (len < 7 || data[0] != kind) {
        pair_problem(p, "received an application record that was never written", (long)len);
        return LINK_NONE;
    }
    id = ((uint32_t)data[1] << 24) | ((uint32_t)data[2] << 16) | ((uint32_t)data[3] << 8) | data[4];
    if (id >= p->n_pl || p->pl[id].len != len) {
        pair_problem(p, "received an application record of a wrong id or length", (long)id);
        return LINK_NONE;
    }
    pair_make(want, kind, id, ((uint32_t)data[5] << 8) | data[6], len);
    if (memcmp(want, data, len) != 0) {
        pair_problem(p, "received a modified application record", (long)id);
        return LINK_NONE;
    }
    p->pl[id].received++;
    if (p->pl[id].received > 1) pair_problem(p, "an application record was delivered twice", (long)id);
    return ((uint32_t)data[5] << 8) | data[6];
}

static DTLS__UNUSED void pair_on_data(void *u, dtls_conn *conn, const uint8_t *data, size_t len)
{
    pair *p = (pair *)u;
    uint32_t r = pair_received(p, data, len, 'Q');
    (void)conn;
    if (r != LINK_NONE && p->n_inbox < PAIR_INBOX) p->inbox_round[p->n_inbox++] = r;
}

static DTLS__UNUSED void pair_on_close(void *u, dtls_conn *conn, int reason)
{
    pair *p = (pair *)u;
    (void)conn;
    p->s_closes++;
    p->s_close_reason = reason;
    if (conn == p->sconn) p->sconn = NULL;
}

/* Writes one application payload through conn; the link tags its datagram. */
static DTLS__UNUSED int pair_write(pair *p, dtls_conn *conn, uint8_t kind, uint32_t round)
{
    uint8_t buf[LINK_DGRAM_MAX];
    size_t maxp = dtls_conn_max_payload(conn), len;
    uint32_t id = p->n_pl;
    int r;
    if (id >= PAIR_MAX_PAYLOADS) {
        pair_problem(p, "the application ran out of payload ids", (long)id);
        return -1;
    }
    if (maxp < 8 || maxp > sizeof buf) {
        pair_problem(p, "dtls_conn_max_payload is implausible", (long)maxp);
        return -1;
    }
    len = 7 + (size_t)(pair_byte(id, 0) % 120u);
    if (id % 5 == 4) len = maxp; /* every fifth payload is as large as the connection allows */
    if (len > maxp) len = maxp;
    pair_make(buf, kind, id, round, len);
    p->pl[id].len = (uint32_t)len;
    p->pl[id].intact = p->pl[id].damaged = p->pl[id].received = 0;
    p->n_pl++;
    p->l.cur_tag = id;
    p->l.tagged_sends = 0;
    r = dtls_conn_write(conn, buf, len);
    p->l.cur_tag = LINK_NONE;
    link_end_call(&p->l);
    if (r != (int)len) {
        p->write_errors++;
        pair_problem(p, "dtls_conn_write failed", r);
        return r;
    }
    if (p->l.tagged_sends != 1) pair_problem(p, "one write did not send exactly one datagram", (long)p->l.tagged_sends);
    /* a write one past the maximum fails cleanly and sends nothing */
    if (id == 4 && maxp + 1 <= sizeof buf) {
        uint32_t before = p->l.sent[0] + p->l.sent[1];
        r = dtls_conn_write(conn, buf, maxp + 1);
        link_end_call(&p->l);
        if (r != DTLS_ERR_TOO_BIG) pair_problem(p, "a write above max_payload did not fail with DTLS_ERR_TOO_BIG", r);
        if (p->l.sent[0] + p->l.sent[1] != before) pair_problem(p, "a write above max_payload sent something", 0);
    }
    return r;
}

static DTLS__UNUSED void pair_client_read(pair *p)
{
    uint8_t buf[LINK_DGRAM_MAX];
    for (;;) {
        int r = dtls_conn_read(&p->cconn, buf, sizeof buf);
        uint32_t round;
        if (r == DTLS_ERR_WOULD_BLOCK) break;
        if (r <= 0) {
            if (r == 0) pair_problem(p, "dtls_conn_read returned 0", 0);
            break;
        }
        round = pair_received(p, buf, (size_t)r, 'R');
        if (round != LINK_NONE && p->outstanding && round == (uint32_t)p->round) {
            p->outstanding = 0;
            p->round++;
        }
    }
}

static DTLS__UNUSED void pair_server_answer(pair *p)
{
    size_t i;
    for (i = 0; i < p->n_inbox; i++) {
        if (!p->sconn) {
            pair_problem(p, "server data without a connection", 0);
            break;
        }
        p->responses_sent++;
        (void)pair_write(p, p->sconn, 'R', p->inbox_round[i]);
    }
    p->n_inbox = 0;
}

#if DTLS_ENABLE_CERTS
/* PAIR_CERTS_RPK: the client trusts the server's raw public key, no other. */
static DTLS__UNUSED int pair_verify_rpk(void *u, dtls_conn *conn, const dtls_peer_cert *pc)
{
    pair *p = (pair *)u;
    (void)conn;
    if (pc->is_rpk && pc->n == 1 && pc->chain[0].len == 91 && memcmp(pc->chain[0].data, p->scred.dtls__rpk_msg + 3, 91) == 0)
        return 0;
    pair_problem(p, "the client was shown another key", (long)pc->n);
    return -1;
}

/* The certificate set-ups of PAIR_CERTS_CHAIN3 and PAIR_CERTS_RPK (top of this file). */
static DTLS__UNUSED int pair_certs(pair *p)
{
    int r = harness_srv_key(&p->skey);
    if (r < 0) { pair_problem(p, "dtls_private_key_parse", r); return r; }
    if (p->o.certs == PAIR_CERTS_RPK) {
        r = dtls_credential_init(&p->scred, p->scred_buf, sizeof p->scred_buf, NULL, 0, &p->skey);
        if (r < 0) { pair_problem(p, "dtls_credential_init (raw public key)", r); return r; }
        p->ccfg.flags |= DTLS_CFG_RPK;
        p->ccfg.verify = pair_verify_rpk;
        p->scfg.flags |= DTLS_CFG_RPK;
        p->scfg.cred = &p->scred;
        return 0;
    }
    r = harness_srv_cred(&p->scred, p->scred_buf, sizeof p->scred_buf, 3, &p->skey);
    if (r < 0) { pair_problem(p, "dtls_credential_init", r); return r; }
    harness_root_anchor(&p->anchor);
    p->ccfg.trust_anchors = &p->anchor;
    p->ccfg.n_trust_anchors = 1;
    p->ccfg.server_name = "localhost";
    p->ccfg.wall_time = harness_wall;
    p->scfg.cred = &p->scred;
    p->scfg.wall_time = harness_wall;
    return 0;
}
#endif

/* Sets up the two endpoints.  seed drives the link, both random sources,
 * and (via the caller) the sizes. */
static DTLS__UNUSED int pair_setup(pair *p, const pair_opts *o, uint64_t seed)
{
    static const uint8_t saddr[6] = {10, 0, 0, 2, 0x16, 0x33};
    size_t i;
    int r;
    memset(p, 0, sizeof *p);
    link_init(&p->l, seed);
    p->o = *o;
    if (p->o.max_ms == 0) p->o.max_ms = 600000;
    link_rng_seed(&p->crng, seed ^ UINT64_C(0x1111111111111111));
    link_rng_seed(&p->srng, seed ^ UINT64_C(0x2222222222222222));
    for (i = 0; i < sizeof p->identity; i++) p->identity[i] = (uint8_t)('a' + i % 26);
    for (i = 0; i < sizeof p->hint; i++) p->hint[i] = (uint8_t)('A' + i % 26);
    for (i = 0; i < sizeof p->key; i++) p->key[i] = (uint8_t)(0x30 + i);

    p->chooks.user = &p->crng;
    p->chooks.random = pair_crandom;
    p->shooks.user = &p->srng;
    p->shooks.random = pair_crandom;

    p->ccfg.role = DTLS_ROLE_CLIENT;
    if (o->suite) {
        p->suites[0] = o->suite;
        p->ccfg.suites = p->suites;
        p->ccfg.n_suites = 1;
    }
#if DTLS_MAX_SUITES < 16
    if (o->suite) { /* the server's default list is longer than DTLS_MAX_SUITES */
        p->scfg.suites = p->suites;
        p->scfg.n_suites = 1;
    }
#endif
    if (o->group) {
        p->groups[0] = o->group;
        p->ccfg.groups = p->groups;
        p->ccfg.n_groups = 1;
    }
    if (!o->certs) {
        p->ccfg.psk_identity = p->identity;
        p->ccfg.psk_identity_len = o->identity_len;
        p->ccfg.psk = p->key;
        p->ccfg.psk_len = sizeof p->key;
    }
    p->ccfg.send = pair_send_c;
    p->ccfg.now = pair_now;
    p->ccfg.user = p;
    p->ccfg.hooks = &p->chooks;
    p->ccfg.mtu = o->mtu;
    p->ccfg.retransmit_limit = o->retransmit_limit;
    p->ccfg.retransmit_copies = o->retransmit_copies;
    p->ccfg.retransmit_initial_ms = o->retransmit_initial_ms;

    p->scfg.role = DTLS_ROLE_SERVER;
    if (!o->certs) {
        p->scfg.psk_server = pair_psk_server;
        if (o->hint_len) {
            p->scfg.psk_hint = p->hint;
            p->scfg.psk_hint_len = o->hint_len;
        }
    }
    p->scfg.send = pair_send_s;
    p->scfg.now = pair_now;
    p->scfg.user = p;
    p->scfg.hooks = &p->shooks;
    p->scfg.on_connect = pair_on_connect;
    p->scfg.on_data = pair_on_data;
    p->scfg.on_close = pair_on_close;
    p->scfg.mtu = o->mtu;
    p->scfg.retransmit_limit = o->retransmit_limit;
    p->scfg.retransmit_copies = o->retransmit_copies;
    p->scfg.retransmit_initial_ms = o->retransmit_initial_ms;
    if (o->cid && DTLS_ENABLE_CID) {
        p->ccfg.flags |= DTLS_CFG_CID;
        p->ccfg.cid_len = o->cid == 1 ? 4 : 0;
        p->scfg.flags |= DTLS_CFG_CID;
        p->scfg.cid_len = o->cid == 1 ? 8 : 5;
    }
    if (o->restart_server) {
        /* tinydtls's own retransmission starts at 2 s and runs only where
         * the application calls dtls_check_retransmit (libcoap does); its
         * example dtls-server never does, so it sends its first flight
         * again only for a new ClientHello (PAIR_RESTART_NO_TIMER) */
        p->scfg.retransmit_initial_ms = o->restart_server == PAIR_RESTART_NO_TIMER ? 600000 : 2000;
        p->scfg.retransmit_max_ms = o->restart_server == PAIR_RESTART_NO_TIMER ? 600000 : 0;
    }
    if (o->certs) {
#if DTLS_ENABLE_CERTS
        r = pair_certs(p);
        if (r < 0) return r;
#else
        pair_problem(p, "certificates are compiled out (DTLS_ENABLE_CERTS=0)", 0);
        return DTLS_ERR_BAD_ARG;
#endif
    }

    r = dtls_ctx_init(&p->cctx, &p->ccfg, p->ctx_tx, sizeof p->ctx_tx, &p->chs, 1);
    if (r < 0) { pair_problem(p, "client dtls_ctx_init", r); return r; }
    r = dtls_conn_init(&p->cconn, &p->cctx, saddr, PAIR_ADDR_LEN);
    if (r < 0) { pair_problem(p, "dtls_conn_init", r); return r; }
    if (!o->no_server) {
        r = dtls_ctx_init(&p->sctx, &p->scfg, p->stx, sizeof p->stx, &p->shs, 1);
        if (r < 0) { pair_problem(p, "server dtls_ctx_init", r); return r; }
        r = dtls_server_init(&p->srv, &p->sctx, p->slots, 1);
        if (r < 0) { pair_problem(p, "dtls_server_init", r); return r; }
    }
    return 0;
}

static DTLS__UNUSED int pair_connect(pair *p)
{
    int r = dtls_conn_connect(&p->cconn);
    link_end_call(&p->l);
    if (r < 0) pair_problem(p, "dtls_conn_connect", r);
    return r;
}

/* 1 when the datagram's first record is an epoch-0 ClientHello (whole, in
 * one record) that carries a cookie. */
static DTLS__UNUSED int pair_hello_with_cookie(const uint8_t *d, size_t len)
{
    size_t sid;
    /* record header 13, handshake header 12, client_version 2, random 32 */
    if (len < 13 + 12 + 34 + 1 || d[0] != 22 || d[3] != 0 || d[4] != 0 || d[13] != 1) return 0;
    sid = d[13 + 12 + 34];
    if (len < 13 + 12 + 34 + 1 + sid + 1) return 0;
    return d[13 + 12 + 34 + 1 + sid] != 0;
}

/* Delivers one due datagram of dir, if any: 1 delivered, 0 none. */
static DTLS__UNUSED int pair_deliver_one(pair *p, int dir)
{
    static const uint8_t caddr[6] = {10, 0, 0, 1, 0x16, 0x34};
    uint32_t tags[LINK_MAX_TAGS];
    size_t n_tags, t;
    int damaged, r;
    long len = link_take(&p->l, dir, p->rx, &damaged, tags, &n_tags);
    if (len < 0) return 0;
    for (t = 0; t < n_tags; t++) {
        if (tags[t] >= p->n_pl) continue;
        if (damaged) p->pl[tags[t]].damaged++;
        else p->pl[tags[t]].intact++;
    }
    p->calls++;
    if (dir == LINK_S2C) {
        r = dtls_conn_input(&p->cconn, p->rx, (size_t)len);
        link_end_call(&p->l);
        if (r < 0 && r != DTLS_ERR_IN_PROGRESS && p->c_err == 0) p->c_err = r;
        pair_client_read(p);
    } else if (!p->o.no_server) {
        p->n_inbox = 0;
        if (p->o.restart_server && pair_hello_with_cookie(p->rx, (size_t)len) && !dtls__conn_is_free(&p->slots[0]) &&
            dtls__conn_handshaking(&p->slots[0])) {
            /* tinydtls: the handshake starts again from this ClientHello */
            dtls__conn_release(&p->slots[0]);
            p->restarts++;
        }
        r = dtls_server_input(&p->srv, p->rx, (size_t)len, caddr, PAIR_ADDR_LEN);
        link_end_call(&p->l);
        (void)r; /* per-peer failures surface through on_close */
        pair_server_answer(p);
    }
    return 1;
}

/* The application's step: send (or resend) the current request. */
static DTLS__UNUSED void pair_app(pair *p)
{
    if (!p->c_established) {
        if (dtls_conn_is_established(&p->cconn)) {
            p->c_established = 1;
            p->c_done_at = p->l.now;
        } else {
            return;
        }
    }
    if (p->round >= p->o.rounds) return;
    if (p->outstanding && !LINK_LE(p->req_at + PAIR_APP_RTO_MS, p->l.now)) return;
    p->outstanding = 1;
    p->req_at = p->l.now;
    p->requests_sent++;
    (void)pair_write(p, &p->cconn, 'Q', (uint32_t)p->round);
}

/* Stop conditions of pair_run. */
#define PAIR_UNTIL_ESTABLISHED 1 /* the client is established */
#define PAIR_UNTIL_ROUNDS 2      /* ... and every round trip completed */
#define PAIR_UNTIL_QUIET 3       /* the link is empty and no deadline remains (or max_ms) */

/* The driver loop.  Returns 1 when the condition was reached, 0 when the
 * client failed, the time limit passed or nothing was left to happen. */
static DTLS__UNUSED int pair_run(pair *p, int until)
{
    uint32_t start = LINK_T0, iter = 0;
    for (;;) {
        uint32_t next = 0, t;
        int have = 0, progress = 1;
        if (++iter > 2000000u) {
            pair_problem(p, "driver loop did not converge", 0);
            return 0;
        }
        /* deliver everything due now, in link order */
        while (progress) {
            progress = pair_deliver_one(p, LINK_C2S);
            progress |= pair_deliver_one(p, LINK_S2C);
        }
        /* timers */
        if (dtls_conn_deadline(&p->cconn, &t) && LINK_LE(t, p->l.now)) {
            int r = dtls_conn_timer(&p->cconn);
            p->calls++;
            link_end_call(&p->l);
            if (r < 0 && r != DTLS_ERR_IN_PROGRESS && p->c_err == 0) p->c_err = r;
        }
        if (!p->o.no_server && dtls_server_deadline(&p->srv, &t) && LINK_LE(t, p->l.now)) {
            p->calls++;
            (void)dtls_server_timer(&p->srv);
            link_end_call(&p->l);
        }
        pair_app(p);
        if (p->c_err == 0) p->c_err = dtls_conn_error(&p->cconn);
        if (until == PAIR_UNTIL_ESTABLISHED && p->c_established) return 1;
        if (until == PAIR_UNTIL_ROUNDS && p->c_established && p->round >= p->o.rounds) return 1;
        if (p->c_err != 0 && until != PAIR_UNTIL_QUIET) return 0;
        /* the next event */
        if (link_deadline(&p->l, &t)) { next = t; have = 1; }
        if (dtls_conn_deadline(&p->cconn, &t) && (!have || !LINK_LE(next, t))) { next = t; have = 1; }
        if (!p->o.no_server && dtls_server_deadline(&p->srv, &t) && (!have || !LINK_LE(next, t))) { next = t; have = 1; }
        if (p->c_established && p->round < p->o.rounds && p->outstanding) {
            t = p->req_at + PAIR_APP_RTO_MS;
            if (!have || !LINK_LE(next, t)) { next = t; have = 1; }
        }
        if (!have) {
            if (until == PAIR_UNTIL_QUIET) return 1;
            pair_problem(p, "nothing left to happen (no datagram, no deadline)", 0);
            return 0;
        }
        if ((uint32_t)(next - start) > p->o.max_ms) {
            if (until == PAIR_UNTIL_QUIET) return 1;
            pair_problem(p, "simulated time limit passed", (long)p->o.max_ms);
            return 0;
        }
        if (!LINK_LE(next, p->l.now)) p->l.now = next;
    }
}

/* Checks the payload registry: every payload delivered intact arrived exactly
 * once; the others at most once (a damaged copy may still carry it). */
static DTLS__UNUSED void pair_check_payloads(pair *p)
{
    uint32_t i;
    for (i = 0; i < p->n_pl; i++) {
        const pair_payload *x = &p->pl[i];
        if (x->intact > 0 && x->received != 1) pair_problem(p, "a record the link delivered intact did not arrive exactly once", (long)i);
        if (x->intact == 0 && x->damaged == 0 && x->received != 0) pair_problem(p, "a record the link never delivered arrived", (long)i);
        if (x->received > 1) pair_problem(p, "a record arrived more than once", (long)i);
    }
}

/* Retransmissions of both sides (the engine's counters). */
static DTLS__UNUSED uint32_t pair_retx(const pair *p, uint32_t *c, uint32_t *s)
{
    dtls_stats a, b;
    dtls_conn_stats(&p->cconn, &a);
    memset(&b, 0, sizeof b);
    if (!p->o.no_server) dtls_server_stats(&p->srv, &b);
    if (c) *c = a.retransmissions;
    if (s) *s = b.retransmissions;
    return a.retransmissions + b.retransmissions;
}

/* Prints the send log (for a failure's replay; DTLS_LINK_TRACE=1 in the tests). */
static DTLS__UNUSED void pair_dump(const pair *p, FILE *f)
{
    static const char *fates[] = {"sent", "lost", "dropped by the script", "black hole", "queue full"};
    size_t j;
    for (j = 0; j < p->l.n_log; j++) {
        const link_sent *s = &p->l.log[j];
        fprintf(f, "    +%7lu ms %s #%-3lu burst %-3lu %4u bytes, %u record(s), first: type %u epoch %u",
                (unsigned long)(s->t - LINK_T0), s->dir == LINK_C2S ? "c->s" : "s->c", (unsigned long)s->index,
                (unsigned long)s->burst, (unsigned)s->len, (unsigned)s->n_records, (unsigned)s->type,
                (unsigned)s->epoch);
        if (s->hs_type != 0xFF) fprintf(f, " hs %u", (unsigned)s->hs_type);
        fprintf(f, "%s: %s\n", s->has_ccs ? " +CCS" : "", fates[s->fate < 5 ? s->fate : 0]);
    }
}

#endif /* DTLS_TEST_LINK_H */
