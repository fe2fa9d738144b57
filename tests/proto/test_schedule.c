/* test_schedule.c - the retransmission schedule pinned with a fake clock, and
 * the systematic loss / duplication / reordering cases of issue 3 ("What must
 * be shown"), each finishing within a bound written in the test:
 *   - a peer that never answers: ClientHello at 0, retransmitted at 1, 3, 7,
 *     15, 31, 63 s (exact send times, across the uint32 clock wrap), then
 *     DTLS_ERR_TIMEOUT at 127 s (the wait after the last retransmission is
 *     the doubled 64 s: the 60 s cap bounds the interval between two
 *     retransmissions, which a second run with 8 retransmissions pins);
 *   - drop datagram k, for every k, in both directions;
 *   - duplicate datagram k, for every k, in both directions;
 *   - every permutation of each flight's datagrams (mtu 256, long identity
 *     and hint, so flights take several datagrams);
 *   - ChangeCipherSpec and Finished swapped, in one datagram and as separate
 *     datagrams, in both directions;
 *   - the server's final flight lost twice;
 *   - path MTU: a link that silently drops datagrams larger than 256 bytes
 *     while both sides start at mtu 1232 (back-off, RFC 6347 4.1.1.1).
 * The link and the driver are in link.h; default timer and retry settings. */
#include "link.h"

static pair g_pair;

#define MS 1u

typedef struct sched_cfg {
    const char *name;
    uint16_t suite, group, mtu;
    size_t identity_len, hint_len;
} sched_cfg;

/* The configurations every systematic case runs: the CoAP suite at the
 * default mtu (small one-datagram flights), and the biggest flights at mtu
 * 256 (ECDHE_PSK with P-256, longest identity and hint). */
static const sched_cfg scfgs[] = {
    {"PSK-CCM8/mtu1232", DTLS_PSK_WITH_AES_128_CCM_8, 0, 1232, 15, 0},
    {"PSK-CCM8+hint/mtu256", DTLS_PSK_WITH_AES_128_CCM_8, 0, 256, 128, 128},
    {"ECDHE-PSK-P256/mtu256", DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_SECP256R1, 256, 128, 128},
    {"ECDHE-PSK-X25519/mtu160", DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_X25519, 160, 128, 128},
};
#define N_SCFG (sizeof scfgs / sizeof scfgs[0])

/* ---- scripts ---- */

typedef struct script_state {
    int dir;
    uint32_t k;       /* the datagram index acted on */
    int act;
    int count;        /* times acted */
    int limit;        /* for the CCS scripts: how many datagrams to act on */
    int split;        /* CCS swap: as separate datagrams */
} script_state;

static int script_index(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len)
{
    script_state *s = (script_state *)ctx;
    (void)l;
    (void)data;
    (void)len;
    if (dir == s->dir && index == s->k) {
        s->count++;
        return s->act;
    }
    return LINK_ACT_PASS;
}

/* Drops the first `limit` datagrams of dir that carry a ChangeCipherSpec. */
static int script_drop_ccs(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len)
{
    script_state *s = (script_state *)ctx;
    link_sent d;
    (void)l;
    (void)index;
    link_describe(data, *len, &d);
    if (dir == s->dir && d.has_ccs && s->count < s->limit) {
        s->count++;
        return LINK_ACT_DROP;
    }
    return LINK_ACT_PASS;
}

/* The first datagram of dir with a ChangeCipherSpec: the CCS record is moved
 * behind the record that follows it (the Finished), in place or (split) as
 * one datagram per record.  When the CCS is the last record of its datagram,
 * it is taken out and sent right after the next datagram of that direction. */
static uint8_t held_ccs[64];
static size_t held_ccs_len;

static int script_swap_ccs(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len)
{
    script_state *s = (script_state *)ctx;
    size_t off[8], rl[8], n, i, c = 99, o = 0;
    uint8_t tmp[LINK_DGRAM_MAX];
    (void)index;
    if (dir != s->dir) return LINK_ACT_PASS;
    if (held_ccs_len) {
        link_inject(l, dir, data, *len);
        link_inject(l, dir, held_ccs, held_ccs_len);
        held_ccs_len = 0;
        s->count++;
        return LINK_ACT_DROP;
    }
    if (s->count >= s->limit) return LINK_ACT_PASS;
    n = link_records(data, *len, off, rl, 8);
    for (i = 0; i < n; i++)
        if (data[off[i]] == 20) c = i;
    if (c == 99) return LINK_ACT_PASS;
    if (c + 1 >= n) {
        /* CCS last in its datagram: hold it back until the next one went */
        if (rl[c] > sizeof held_ccs) return LINK_ACT_PASS;
        memcpy(held_ccs, data + off[c], rl[c]);
        held_ccs_len = rl[c];
        if (n == 1) return LINK_ACT_DROP;
        *len = off[c];
        return LINK_ACT_PASS;
    }
    s->count++;
    /* order: records before c, c+1, c, the rest */
    for (i = 0; i < n; i++) {
        size_t j = i == c ? c + 1 : i == c + 1 ? c : i;
        if (s->split) link_inject(l, dir, data + off[j], rl[j]);
        else {
            memcpy(tmp + o, data + off[j], rl[j]);
            o += rl[j];
        }
    }
    if (s->split) return LINK_ACT_DROP;
    memcpy(data, tmp, o);
    *len = o;
    return LINK_ACT_PASS;
}

/* ---- helpers ---- */

static pair_opts opts_of(const sched_cfg *c, int rounds)
{
    pair_opts o;
    memset(&o, 0, sizeof o);
    o.suite = c->suite;
    o.group = c->group;
    o.mtu = c->mtu;
    o.identity_len = c->identity_len;
    o.hint_len = c->hint_len;
    o.rounds = rounds;
    o.max_ms = 300000;
    return o;
}

/* Runs one handshake and `rounds` round trips; returns 1 on success. */
static int run_pair(pair *p, const sched_cfg *c, int rounds, link_script_fn fn, void *ctx, uint64_t seed)
{
    pair_opts o = opts_of(c, rounds);
    if (pair_setup(p, &o, seed) < 0) return 0;
    p->l.script = fn;
    p->l.script_ctx = ctx;
    if (pair_connect(p) < 0) return 0;
    if (!pair_run(p, PAIR_UNTIL_ESTABLISHED)) return 0;
    if (!pair_run(p, PAIR_UNTIL_ROUNDS)) return 0;
    pair_check_payloads(p);
    return p->why[0] == 0 && p->c_err == 0 && p->sconn != NULL && dtls_conn_is_established(p->sconn);
}

static void report(const pair *p, const char *what)
{
    fprintf(stderr, "  %s: %s; client error %d; established %d at +%lu ms; rounds %d; sent c->s %lu s->c %lu\n", what,
            p->why[0] ? p->why : "-", p->c_err, p->c_established, (unsigned long)(p->c_done_at - LINK_T0), p->round,
            (unsigned long)p->l.sent[0], (unsigned long)p->l.sent[1]);
}

static const char *dir_name(int dir)
{
    return dir == LINK_C2S ? "client->server" : "server->client";
}

/* Baseline of each configuration: datagrams per direction, bursts (flights). */
typedef struct baseline {
    uint32_t sent[2];
    uint32_t done_ms;
    uint32_t burst_size[2][64];
    uint32_t n_bursts[2];
    uint32_t max_len;
} baseline;

static baseline bases[N_SCFG];

static int make_baseline(size_t i)
{
    pair *p = &g_pair;
    baseline *b = &bases[i];
    size_t j;
    memset(b, 0, sizeof *b);
    if (!run_pair(p, &scfgs[i], 1, NULL, NULL, 1)) {
        report(p, scfgs[i].name);
        return 0;
    }
    b->sent[0] = p->l.sent[0];
    b->sent[1] = p->l.sent[1];
    b->done_ms = p->c_done_at - LINK_T0;
    for (j = 0; j < p->l.n_log; j++) {
        const link_sent *s = &p->l.log[j];
        if (s->burst < 64) {
            b->burst_size[s->dir][s->burst]++;
            if (s->burst + 1 > b->n_bursts[s->dir]) b->n_bursts[s->dir] = s->burst + 1;
        }
        if (s->len > b->max_len) b->max_len = s->len;
    }
    return 1;
}

/* ---- the cases ---- */

/* A clean run: no retransmission, done within a few link latencies. */
TEST(clean_baselines)
{
    size_t i;
    for (i = 0; i < N_SCFG; i++) {
        uint32_t c, s;
        CHECK(make_baseline(i));
        pair_retx(&g_pair, &c, &s);
        CHECK_EQ(c, 0);
        CHECK_EQ(s, 0);
        CHECK(bases[i].done_ms < 200);
        printf("     %-24s clean: %lu datagrams client->server, %lu server->client, largest %lu bytes, "
               "established at +%lu ms\n",
               scfgs[i].name, (unsigned long)bases[i].sent[0], (unsigned long)bases[i].sent[1],
               (unsigned long)bases[i].max_len, (unsigned long)bases[i].done_ms);
    }
    /* at mtu 256 the flights really are several datagrams, none above the mtu */
    CHECK(bases[2].max_len <= 256);
    {
        uint32_t multi = 0, d, b;
        for (d = 0; d < 2; d++)
            for (b = 0; b < bases[2].n_bursts[d]; b++)
                if (bases[2].burst_size[d][b] >= 2) multi++;
        CHECK(multi >= 2);
    }
}

/* The exact schedule: a peer that never answers. */
TEST(schedule_exact)
{
    static const uint32_t want_s[] = {0, 1, 3, 7, 15, 31, 63};
    pair *p = &g_pair;
    pair_opts o = opts_of(&scfgs[0], 0);
    uint32_t at, i, n_ch = 0;
    size_t j;
    int r;
    uint8_t first_body[512];
    size_t first_len = 0;
    uint64_t last_seq = 0;

    o.no_server = 1;
    CHECK_EQ(pair_setup(p, &o, 7), 0);
    CHECK_EQ(pair_connect(p), 0);
    /* the deadlines, one by one; nothing happens a millisecond early; each
     * timer retransmission sends two copies (retransmit_copies, default 2) */
    for (i = 1; i < 7; i++) {
        uint32_t want = LINK_T0 + want_s[i] * 1000u;
        CHECK(dtls_conn_deadline(&p->cconn, &at));
        CHECK_EQ(at, want);
        p->l.now = want - 1;
        CHECK_EQ(dtls_conn_timer(&p->cconn), 0);
        CHECK_EQ(p->l.sent[0], 1 + 2 * (i - 1));
        p->l.now = want;
        CHECK_EQ(dtls_conn_timer(&p->cconn), 0);
        CHECK_EQ(p->l.sent[0], 1 + 2 * i);
    }
    /* after the 6th retransmission: the last wait, 64 s */
    CHECK(dtls_conn_deadline(&p->cconn, &at));
    CHECK_EQ(at, LINK_T0 + 127000u);
    p->l.now = LINK_T0 + 127000u - 1;
    CHECK_EQ(dtls_conn_timer(&p->cconn), 0);
    CHECK_EQ(dtls_conn_error(&p->cconn), 0);
    CHECK_EQ(p->l.sent[0], 13);
    p->l.now = LINK_T0 + 127000u;
    r = dtls_conn_timer(&p->cconn);
    CHECK_EQ(r, DTLS_ERR_TIMEOUT);
    CHECK_EQ(dtls_conn_error(&p->cconn), DTLS_ERR_TIMEOUT);
    CHECK_EQ(dtls_conn_deadline(&p->cconn, &at), 0);
    CHECK_EQ(p->l.sent[0], 13); /* nothing more, not even an alert */
    CHECK(!dtls_conn_is_established(&p->cconn));
    /* sticky */
    p->l.now += 100000;
    CHECK_EQ(dtls_conn_timer(&p->cconn), DTLS_ERR_TIMEOUT);
    CHECK_EQ(p->l.sent[0], 13);

    /* the send log: exact times; every copy is the same ClientHello message in
     * a record with a fresh, increasing sequence number */
    for (j = 0; j < p->l.n_log; j++) {
        const link_sent *s = &p->l.log[j];
        const link_dgram *g;
        if (s->dir != LINK_C2S) continue;
        if (n_ch < 13) CHECK_EQ(s->t, LINK_T0 + want_s[(n_ch + 1) / 2] * 1000u);
        CHECK_EQ(s->hs_type, 1);
        CHECK_EQ(s->n_records, 1);
        CHECK(s->len <= 1232);
        n_ch++;
        /* the datagram itself is in the queue (nobody took it) */
        g = NULL;
        {
            size_t q;
            for (q = 0; q < p->l.n[0]; q++)
                if (p->l.q[0][q].index == s->index) g = &p->l.q[0][q];
        }
        CHECK(g != NULL);
        if (g) {
            uint64_t seq = 0;
            int b;
            for (b = 5; b < 11; b++) seq = (seq << 8) | g->data[b];
            if (n_ch == 1) {
                first_len = g->len - 13;
                if (first_len > sizeof first_body) first_len = sizeof first_body;
                memcpy(first_body, g->data + 13, first_len);
            } else {
                CHECK(seq > last_seq);
                CHECK_EQ(g->len - 13, first_len);
                CHECK(memcmp(g->data + 13, first_body, first_len) == 0);
            }
            last_seq = seq;
        }
    }
    CHECK_EQ(n_ch, 13);
}

/* The 60 s cap on the interval between retransmissions: with 8
 * retransmissions allowed (not the default; only to reach the cap) they go at
 * 0, 1, 3, 7, 15, 31, 63, 123, 183 s. */
TEST(schedule_cap)
{
    static const uint32_t want_s[] = {0, 1, 3, 7, 15, 31, 63, 123, 183};
    pair *p = &g_pair;
    pair_opts o = opts_of(&scfgs[0], 0);
    uint32_t at, n = 0, guard = 0;
    size_t j;
    o.no_server = 1;
    o.retransmit_limit = 8;
    CHECK_EQ(pair_setup(p, &o, 7), 0);
    CHECK_EQ(pair_connect(p), 0);
    while (dtls_conn_deadline(&p->cconn, &at) && guard++ < 20) {
        p->l.now = at;
        if (dtls_conn_timer(&p->cconn) < 0) break;
    }
    CHECK_EQ(dtls_conn_error(&p->cconn), DTLS_ERR_TIMEOUT);
    CHECK(p->l.now - LINK_T0 >= 183000u + 60000u);
    for (j = 0; j < p->l.n_log; j++)
        if (p->l.log[j].dir == LINK_C2S) {
            if (n < 17) CHECK_EQ(p->l.log[j].t, LINK_T0 + want_s[(n + 1) / 2] * 1000u); /* two copies each */
            n++;
        }
    CHECK_EQ(n, 17);
}

/* Drop datagram k, for every k, in both directions: the handshake and one
 * round trip complete after one retransmission timeout (before the second,
 * at +3 s), with at most 4 retransmissions on each side.  (The engine resends
 * a lost flight twice at once when its timer expires just as the peer's
 * retransmission arrives - the timer and the trigger - and each copy makes
 * the peer resend once more: up to 4 where 1 would do.) */
TEST(drop_each_datagram)
{
    size_t i;
    int dir;
    for (i = 0; i < N_SCFG; i++)
        for (dir = 0; dir < 2; dir++) {
            uint32_t k, worst = 0, worst_retx = 0;
            for (k = 0; k < bases[i].sent[dir]; k++) {
                pair *p = &g_pair;
                script_state s;
                uint32_t c, sv;
                memset(&s, 0, sizeof s);
                s.dir = dir;
                s.k = k;
                s.act = LINK_ACT_DROP;
                if (!run_pair(p, &scfgs[i], 1, script_index, &s, 1)) {
                    fprintf(stderr, "  %s: dropping %s datagram %lu\n", scfgs[i].name, dir_name(dir), (unsigned long)k);
                    report(p, "failed");
                    FAIL("a handshake with one datagram dropped did not complete");
                    continue;
                }
                CHECK_EQ(s.count, 1);
                pair_retx(p, &c, &sv);
                if (p->l.now - LINK_T0 >= 3000u || c > 4 || sv > 4) {
                    fprintf(stderr, "  %s: dropping %s datagram %lu: done at +%lu ms, retransmissions client %lu server %lu\n",
                            scfgs[i].name, dir_name(dir), (unsigned long)k, (unsigned long)(p->l.now - LINK_T0),
                            (unsigned long)c, (unsigned long)sv);
                    FAIL("one dropped datagram took more than one retransmission timeout");
                }
                if (p->l.now - LINK_T0 > worst) worst = p->l.now - LINK_T0;
                if (c + sv > worst_retx) worst_retx = c + sv;
            }
            printf("     %-24s drop each of %lu %s datagrams: all complete, slowest +%lu ms, at most %lu retransmissions\n",
                   scfgs[i].name, (unsigned long)bases[i].sent[dir], dir_name(dir), (unsigned long)worst,
                   (unsigned long)worst_retx);
        }
}

/* Duplicate datagram k, for every k, in both directions: no timer is needed
 * (done before +1 s), every record arrives once, at most 2 retransmissions
 * per side (a copy of the last message of the peer's flight triggers one). */
TEST(duplicate_each_datagram)
{
    size_t i;
    int dir;
    for (i = 0; i < N_SCFG; i++)
        for (dir = 0; dir < 2; dir++) {
            uint32_t k;
            for (k = 0; k < bases[i].sent[dir]; k++) {
                pair *p = &g_pair;
                script_state s;
                uint32_t c, sv;
                memset(&s, 0, sizeof s);
                s.dir = dir;
                s.k = k;
                s.act = LINK_ACT_DUP;
                if (!run_pair(p, &scfgs[i], 1, script_index, &s, 1)) {
                    fprintf(stderr, "  %s: duplicating %s datagram %lu\n", scfgs[i].name, dir_name(dir), (unsigned long)k);
                    report(p, "failed");
                    FAIL("a handshake with one datagram duplicated did not complete");
                    continue;
                }
                pair_retx(p, &c, &sv);
                if (p->l.now - LINK_T0 >= 1000u || c > 2 || sv > 2) {
                    fprintf(stderr, "  %s: duplicating %s datagram %lu: done at +%lu ms, retransmissions client %lu server %lu\n",
                            scfgs[i].name, dir_name(dir), (unsigned long)k, (unsigned long)(p->l.now - LINK_T0),
                            (unsigned long)c, (unsigned long)sv);
                    FAIL("a duplicated datagram needed a retransmission timeout");
                }
            }
        }
}

/* Every permutation of each multi-datagram flight (mtu 256 and 160): no
 * timer needed, no retransmission at all (reassembly takes fragments in any
 * order; an early ChangeCipherSpec or Finished waits for what precedes it). */
static uint32_t perms_run, perm_flights;

static void permute_all(size_t ci, int dir, uint32_t burst, uint32_t m, uint8_t *a, uint32_t depth)
{
    uint32_t i;
    if (depth == m) {
        pair *p = &g_pair;
        pair_opts o = opts_of(&scfgs[ci], 1);
        uint32_t c, s;
        int identity = 1, ok;
        for (i = 0; i < m; i++)
            if (a[i] != i) identity = 0;
        if (identity) return;
        perms_run++;
        ok = pair_setup(p, &o, 1) == 0;
        p->l.perm_dir = dir;
        p->l.perm_burst = burst;
        p->l.perm_n = m;
        memcpy(p->l.perm, a, m);
        ok = ok && pair_connect(p) == 0 && pair_run(p, PAIR_UNTIL_ESTABLISHED) && pair_run(p, PAIR_UNTIL_ROUNDS);
        if (ok) pair_check_payloads(p);
        pair_retx(p, &c, &s);
        if (!ok || p->why[0] || p->l.perm_done != 1 || c != 0 || s != 0 || p->l.now - LINK_T0 >= 1000u) {
            fprintf(stderr, "  %s: %s burst %lu permuted", scfgs[ci].name, dir_name(dir), (unsigned long)burst);
            for (i = 0; i < m; i++) fprintf(stderr, " %u", (unsigned)a[i]);
            fprintf(stderr, " (applied %d): done at +%lu ms, retransmissions client %lu server %lu\n", p->l.perm_done,
                    (unsigned long)(p->l.now - LINK_T0), (unsigned long)c, (unsigned long)s);
            report(p, "failed");
            FAIL("a permuted flight needed a retransmission (or failed)");
        }
        return;
    }
    for (i = 0; i < m; i++) {
        uint32_t j;
        int used = 0;
        for (j = 0; j < depth; j++)
            if (a[j] == i) used = 1;
        if (used) continue;
        a[depth] = (uint8_t)i;
        permute_all(ci, dir, burst, m, a, depth + 1);
    }
}

TEST(permute_each_flight)
{
    size_t i;
    int dir;
    for (i = 0; i < N_SCFG; i++) {
        uint32_t before = perms_run, flights = 0;
        for (dir = 0; dir < 2; dir++) {
            uint32_t b;
            for (b = 0; b < bases[i].n_bursts[dir]; b++) {
                uint32_t m = bases[i].burst_size[dir][b];
                uint8_t a[8];
                if (m < 2) continue;
                if (m > 6) {
                    FAIL("a flight of more than 6 datagrams (720 permutations): cap raised?");
                    continue;
                }
                flights++;
                permute_all(i, dir, b, m, a, 0);
            }
        }
        perm_flights += flights;
        printf("     %-24s %lu multi-datagram flights, %lu permutations: all complete without retransmission\n",
               scfgs[i].name, (unsigned long)flights, (unsigned long)(perms_run - before));
    }
    CHECK(perm_flights >= 4);
}

/* ChangeCipherSpec and Finished swapped (in one datagram, and as separate
 * datagrams), each direction: no timer needed, no retransmission. */
TEST(ccs_finished_swapped)
{
    size_t i;
    int dir, split;
    for (i = 0; i < N_SCFG; i++)
        for (dir = 0; dir < 2; dir++)
            for (split = 0; split < 2; split++) {
                pair *p = &g_pair;
                script_state s;
                uint32_t c, sv;
                int ok;
                memset(&s, 0, sizeof s);
                s.dir = dir;
                s.limit = 1;
                s.split = split;
                held_ccs_len = 0;
                ok = run_pair(p, &scfgs[i], 1, script_swap_ccs, &s, 1);
                pair_retx(p, &c, &sv);
                if (s.count != 1) {
                    fprintf(stderr, "  %s: %s: no datagram with a ChangeCipherSpec followed by a record\n", scfgs[i].name,
                            dir_name(dir));
                    FAIL("the CCS/Finished swap was not applied");
                } else if (!ok || c != 0 || sv != 0 || p->l.now - LINK_T0 >= 1000u) {
                    fprintf(stderr, "  %s: %s CCS/Finished swapped%s: done at +%lu ms, retransmissions client %lu server %lu\n",
                            scfgs[i].name, dir_name(dir), split ? " (separate datagrams)" : "",
                            (unsigned long)(p->l.now - LINK_T0), (unsigned long)c, (unsigned long)sv);
                    report(p, "failed");
                    FAIL("Finished before ChangeCipherSpec needed a retransmission (or failed)");
                }
            }
}

/* The server's final flight (ChangeCipherSpec + Finished) lost twice: the
 * client retransmits its flight at +1 s, in two copies; the server answers
 * each from its Finished duty, the first answer is lost too, the second
 * arrives: done right after +1 s with 1 client retransmission (with one copy
 * per retransmission it would take until +3 s and 2). */
TEST(server_final_flight_lost_twice)
{
    size_t i;
    for (i = 0; i < N_SCFG; i++) {
        pair *p = &g_pair;
        script_state s;
        uint32_t c, sv, n_ccs = 0, t_c[8], n_c = 0;
        size_t j;
        int ok;
        memset(&s, 0, sizeof s);
        s.dir = LINK_S2C;
        s.limit = 2;
        ok = run_pair(p, &scfgs[i], 1, script_drop_ccs, &s, 1);
        pair_retx(p, &c, &sv);
        CHECK(ok);
        CHECK_EQ(s.count, 2);
        for (j = 0; j < p->l.n_log; j++) {
            const link_sent *x = &p->l.log[j];
            if (x->dir == LINK_S2C && x->has_ccs) n_ccs++;
            if (x->dir == LINK_C2S && x->has_ccs && n_c < 8) t_c[n_c++] = x->t - LINK_T0;
        }
        CHECK_EQ(n_ccs, 3);
        CHECK_EQ(n_c, 3);
        if (n_c == 3) {
            /* the client's flight with CCS: sent, then twice at +1 s */
            CHECK_EQ(t_c[1] - t_c[0], 1000);
            CHECK_EQ(t_c[2] - t_c[1], 0);
        }
        CHECK_EQ(c, 1);
        CHECK(p->c_done_at - LINK_T0 >= 1000u && p->c_done_at - LINK_T0 < 1200u);
        CHECK_EQ(p->s_connects, 1);
        if (!ok) report(p, scfgs[i].name);
    }
}

/* Path MTU: both sides at mtu 1232 behind a link that silently drops
 * datagrams above 256 bytes.  The flights (ECDHE_PSK with P-256, 128-byte
 * identity and hint: about 330 bytes) only pass once re-fragmented to the
 * floor (default 256) after 4 unanswered retransmissions; the handshake still
 * completes within the default retry limit.  (The flights of this protocol
 * never exceed about 340 bytes, so a 500-byte black hole would drop nothing:
 * 256 is the threshold that makes the back-off necessary.) */
TEST(path_mtu_black_hole)
{
    pair *p = &g_pair;
    sched_cfg cfg = scfgs[2];
    pair_opts o;
    int ok, dir;
    size_t j;
    uint32_t big_passed = 0;
    cfg.mtu = 1232;
    o = opts_of(&cfg, 1);
    CHECK_EQ(pair_setup(p, &o, 1), 0);
    for (dir = 0; dir < 2; dir++) p->l.imp[dir].blackhole_above = 256;
    CHECK_EQ(pair_connect(p), 0);
    ok = pair_run(p, PAIR_UNTIL_ESTABLISHED) && pair_run(p, PAIR_UNTIL_ROUNDS);
    if (!ok) report(p, "path MTU");
    CHECK(ok);
    CHECK(p->l.blackholed[0] + p->l.blackholed[1] > 0); /* the case is not vacuous */
    for (j = 0; j < p->l.n_log; j++)
        if (p->l.log[j].fate == 0 && p->l.log[j].len > 256) big_passed++;
    CHECK_EQ(big_passed, 0);
    CHECK(p->c_done_at - LINK_T0 < 127000u);
    printf("     path MTU (black hole above 256, mtu 1232): established at +%lu s, %lu+%lu datagrams black-holed\n",
           (unsigned long)((p->c_done_at - LINK_T0) / 1000u), (unsigned long)p->l.blackholed[0],
           (unsigned long)p->l.blackholed[1]);
}

int main(void)
{
    RUN(clean_baselines);
    RUN(schedule_exact);
    RUN(schedule_cap);
    RUN(drop_each_datagram);
    RUN(duplicate_each_datagram);
    RUN(permute_each_flight);
    RUN(ccs_finished_swapped);
    RUN(server_final_flight_lost_twice);
    RUN(path_mtu_black_hole);
    return test_done();
}
