/* test_lossy.c - seeded handshakes over a lossy in-memory link (issue 3,
 * "What must be shown"): for every suite and both ECDHE_PSK groups, under 20%
 * loss, 20% duplication, reordering within a window of 3, and all three
 * together, at mtu 256 and 1232, with the default timer and retry settings,
 * every seeded handshake completes and then makes 10 application round trips
 * (the application retries lost requests itself); every record the link
 * delivers intact arrives exactly once and unmodified (link.h).
 *
 * Runs per condition: 1000 for every suite and group (the number;
 * about 40 s under ASan+UBSan at -O1 on 2 cores).  DTLS_LOSSY_RUNS=N runs N
 * everywhere (tests/run.sh runs 10 in the reduced stages).
 * Each seed (identity and hint lengths, both random sources, every link
 * decision) replays exactly:
 *   DTLS_LOSSY_ONLY=<case name> DTLS_LOSSY_SEED=<seed> ./test_lossy
 * A failure prints that line.
 *
 * Certificates (issue 4, "What must be shown"): the four ECDHE-ECDSA suites
 * (AES128-CCM8, AES128-GCM-SHA256, AES256-GCM-SHA384, CHACHA20-POLY1305),
 * each with X25519 and with P-256 as the ECDHE group (the ServerKeyExchange
 * is checked to name it), the server presenting a three-certificate chain
 * (leaf, intermediate, root of certdata.h: a 1243-byte Certificate body;
 * the server's flight is 7 datagrams at mtu 256) to a client that trusts
 * the root and expects "localhost" (link.h, PAIR_CERTS_CHAIN3), under the
 * same four conditions at mtu 256 and 1232, with the same rule: every
 * seeded handshake completes and makes its 10 round trips, no timeout
 * accepted.
 * Runs per condition: 300 per suite with X25519, 100 per suite with P-256:
 * 12,800 certificate handshakes.  Why not 1000: a certificate handshake
 * costs one P-256 signature, three P-256 verifications (the
 * ServerKeyExchange, the leaf's and the intermediate's certificate
 * signatures) and the ECDHE: about 8.6 ms with X25519 and 12.7 ms with
 * P-256 under ASan+UBSan at -O1 against about 1.5 ms for a PSK handshake
 * (one full run on 2 cores, CPU time: 83 s for the 9,600 X25519 and 41 s
 * for the 3,200 P-256 certificate trials, 86 s for the 56,000 PSK ones).
 * 1000 everywhere would add about 12 minutes to each full ASan stage;
 * 300/100 add about 2 (the budget is ~3).  P-256 gets fewer runs since it
 * changes the arithmetic and the key share's size, not the flights'
 * structure, which the X25519 runs exercise.
 * DTLS_LOSSY_RUNS=N runs N for these too; DTLS_LOSSY_CERT_RUNS=N runs N for
 * them alone.  The 1000 per condition at mtu 256 runs without
 * sanitizers in tests/run.sh's clang stage (DTLS_LOSSY_FILTER=ECDHE-ECDSA,mtu256
 * DTLS_LOSSY_CERT_RUNS=1000: 32,000 certificate handshakes).
 * Path-MTU back-off: per ECDHE-ECDSA suite (X25519) one run at mtu 1400 on
 * both sides through a link that silently drops datagrams above 500 bytes
 * (case <suite>/X25519/blackhole500/mtu1400; lossy_blackhole_case below):
 * it completes, everything that got through was at most 500 bytes, and the
 * simulated time it took is printed (47.1 s with the defaults: the server's
 * fifth timer retransmission, fragmented at mtu_floor 256, is the first
 * that gets through; DTLS_LOSSY_RETRANSMIT_LIMIT=4 makes it fail, so the
 * back-off is what completes it).  DTLS_LINK_TRACE=1 prints its send log.
 *
 * The smallest sizes (tests/run.sh, stage "sizes": every size macro at its
 * minimum, with DTLS_ENABLE_CERTS=0 and with certificates): the same trials
 * compile and run; the certificate cases then use raw public keys (link.h,
 * PAIR_CERTS_RPK) when the three-certificate chain cannot be carried
 * (DTLS_MAX_CHAIN < 3 or DTLS_MAX_CERT_MSG < 1243), and are skipped when
 * certificates are compiled out.  DTLS_LOSSY_FILTER parts that start with
 * '!' must not be in the case name (e.g. "mtu256,!tinydtls").
 *
 * DTLS_LOSSY_RETRANSMIT_LIMIT / _MS / _COPIES override the retransmission
 * settings, only to check the test itself (a crippled retransmission, e.g.
 * one copy per timer retransmission, must make it fail; docs/DESIGN.md 5);
 * unset, the defaults run. */
#include "link.h"

#include <time.h>

#define LOSSY_DEFAULT_RUNS 1000 /* per condition: the 1000 for every suite and group */
#define LOSSY_CCM8_RUNS 1000
#define LOSSY_CERT_RUNS 300      /* per condition, ECDHE-ECDSA with X25519 (header comment: why) */
#define LOSSY_CERT_P256_RUNS 100 /* per condition, ECDHE-ECDSA with P-256 ECDHE */
#define LOSSY_ROUNDS 10

#if DTLS_MAX_CHAIN >= 3 && DTLS_MAX_CERT_MSG >= 1243
#define LOSSY_CERTS PAIR_CERTS_CHAIN3
#else
#define LOSSY_CERTS PAIR_CERTS_RPK /* the chain does not fit the size macros */
#endif

typedef struct lossy_cfg {
    const char *name;
    uint16_t suite, group;
    int certs; /* pair_opts.certs */
} lossy_cfg;

static const lossy_cfg cfgs[] = {
    {"PSK-AES128-CCM8", DTLS_PSK_WITH_AES_128_CCM_8, 0, 0},
    {"PSK-AES128-CCM", DTLS_PSK_WITH_AES_128_CCM, 0, 0},
    {"PSK-AES128-GCM-SHA256", DTLS_PSK_WITH_AES_128_GCM_SHA256, 0, 0},
    {"PSK-AES256-GCM-SHA384", DTLS_PSK_WITH_AES_256_GCM_SHA384, 0, 0},
    {"PSK-CHACHA20-POLY1305", DTLS_PSK_WITH_CHACHA20_POLY1305_SHA256, 0, 0},
    {"ECDHE-PSK-CHACHA20-POLY1305/X25519", DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_X25519, 0},
    {"ECDHE-PSK-CHACHA20-POLY1305/P-256", DTLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_SECP256R1, 0},
    /* certificates: leaf + intermediate + root (link.h, PAIR_CERTS_CHAIN3), or
     * a raw public key where the size macros cannot carry the chain */
    {"ECDHE-ECDSA-AES128-CCM8/X25519", DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, DTLS_GROUP_X25519, LOSSY_CERTS},
    {"ECDHE-ECDSA-AES128-GCM-SHA256/X25519", DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, DTLS_GROUP_X25519, LOSSY_CERTS},
    {"ECDHE-ECDSA-AES256-GCM-SHA384/X25519", DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, DTLS_GROUP_X25519, LOSSY_CERTS},
    {"ECDHE-ECDSA-CHACHA20-POLY1305/X25519", DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_X25519, LOSSY_CERTS},
    {"ECDHE-ECDSA-AES128-CCM8/P-256", DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, DTLS_GROUP_SECP256R1, LOSSY_CERTS},
    {"ECDHE-ECDSA-AES128-GCM-SHA256/P-256", DTLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, DTLS_GROUP_SECP256R1, LOSSY_CERTS},
    {"ECDHE-ECDSA-AES256-GCM-SHA384/P-256", DTLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, DTLS_GROUP_SECP256R1, LOSSY_CERTS},
    {"ECDHE-ECDSA-CHACHA20-POLY1305/P-256", DTLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, DTLS_GROUP_SECP256R1, LOSSY_CERTS},
};

typedef struct lossy_cond {
    const char *name;
    uint32_t drop_ppm, dup_ppm, reorder_window;
} lossy_cond;

static const lossy_cond conds[] = {
    {"loss20", 200000, 0, 0},
    {"dup20", 0, 200000, 0},
    {"reorder3", 0, 0, 3},
    {"loss20+dup20+reorder3", 200000, 200000, 3},
};

static const uint16_t mtus[] = {256, 1232};

static pair g_pair;

/* settings of this run */
static unsigned long runs_other, runs_ccm8, runs_cert, runs_cert_p256;
static const char *only;
static const char *filter; /* DTLS_LOSSY_FILTER: comma-separated substrings a case name must all contain
                            * (a part that starts with '!': must not contain) */

/* 1 when the case name passes DTLS_LOSSY_ONLY and DTLS_LOSSY_FILTER. */
static int lossy_selected(const char *name)
{
    const char *f = filter;
    if (only && strcmp(only, name) != 0) return 0;
    while (f && *f) {
        char part[64];
        size_t n = strcspn(f, ",");
        if (n >= sizeof part) n = sizeof part - 1;
        memcpy(part, f, n);
        part[n] = 0;
        if (part[0] == '!' ? n > 1 && strstr(name, part + 1) : n && !strstr(name, part)) return 0;
        f += n + (f[n] == ',');
    }
    return 1;
}
/* lossy_selected, and the build can run it: a certificate case is skipped
 * (counted, with the reason) when certificates are compiled out. */
static int lossy_runnable(const lossy_cfg *c, const char *name)
{
    if (!lossy_selected(name)) return 0;
    if (c->certs && !DTLS_ENABLE_CERTS) {
        test_skip(name, "certificates are compiled out (DTLS_ENABLE_CERTS=0)");
        return 0;
    }
    return 1;
}
static long one_seed = -1;
static int cur_restart; /* the server restarts on every cookie ClientHello, like tinydtls (link.h) */
static uint8_t scratch_limit;
static uint32_t scratch_ms;
static uint8_t scratch_copies;

static unsigned long env_ulong(const char *name, unsigned long dflt)
{
    const char *v = getenv(name);
    char *end;
    unsigned long x;
    if (!v || !*v) return dflt;
    x = strtoul(v, &end, 10);
    if (*end) {
        fprintf(stderr, "%s: not a number: %s\n", name, v);
        exit(2);
    }
    return x;
}

/* The named group of the server's ServerKeyExchange (certificate suites):
 * read from the first fragment of handshake type 12 the server sends. */
static uint16_t ske_group;

static int lossy_peek_ske(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len)
{
    size_t off[16], rlen[16], n, i;
    (void)ctx;
    (void)l;
    (void)index;
    if (dir != LINK_S2C) return LINK_ACT_PASS;
    n = link_records(data, *len, off, rlen, 16);
    for (i = 0; i < n; i++) {
        const uint8_t *r = data + off[i];
        /* epoch 0 handshake record: 13-byte record header, 12-byte handshake header */
        if (r[0] != 22 || r[3] != 0 || r[4] != 0 || rlen[i] < 13 + 12 + 3 || r[13] != 12) continue;
        if (r[19] != 0 || r[20] != 0 || r[21] != 0) continue; /* not the first fragment */
        if (r[25] == 3) ske_group = (uint16_t)(((unsigned)r[26] << 8) | r[27]); /* named_curve */
    }
    return LINK_ACT_PASS;
}

/* Resumed handshakes (issue 12, session resumption): cur_resume 1 by session
 * ID (the server's cache, tickets off), 2 by ticket (no cache).  Per case
 * one unimpaired full handshake (lossy_prime, its own pair) makes the
 * session; every seeded trial's client restores those bytes, and its server
 * shares the primer's ticket secret (a fleet) or a copy of its cache, so the
 * trial is an abbreviated handshake under the impairments: the server's
 * flight (ServerHello, [NewSessionTicket], CCS, Finished) on its timer, the
 * client's CCS + Finished the last flight with the duty (RFC 6347 4.2.4).
 * The trial checks both sides resumed.  Cases <suite>/resume-id/<condition>/
 * mtu<256|1232> and <suite>/resume-ticket/<condition>/mtu1232 (at 256 the
 * ticket does not fit the unfragmented ClientHello) for PSK-AES128-CCM8 and
 * ECDHE-ECDSA-AES128-CCM8/X25519; and <suite>/resume-ticket-issue/<condition>/
 * mtu1232: a full handshake whose last flight carries a NewSessionTicket (the
 * server keeps that flight for its duty: the Finished alone cannot be
 * regenerated with the ticket), which must complete and leave a ticket. */
static int cur_resume;
#if DTLS_ENABLE_RESUMPTION
static pair g_prime;
static dtls_session_slot prime_slots[2], trial_slots[2];
static uint8_t prime_sess[DTLS_SESSION_MAX], trial_sess[DTLS_SESSION_MAX];
static int prime_len;
static const uint8_t lossy_ticket_secret[32] = {0x5e, 0xc2, 0xe7};
#define LOSSY_RESUME_IDENTITY (DTLS_MAX_IDENTITY < 5 ? DTLS_MAX_IDENTITY : 5) /* the primer's identity length, kept by the trials */

/* Payloads written before the server completed: in an abbreviated handshake
 * the client completes first and may send at once, and what reaches the
 * server before the client's Finished waits in its early slots only when
 * there is room (DTLS__EARLY_MAX records of at most DTLS__EARLY_SLOT bytes),
 * else it is dropped and the application's retry brings it: such a payload
 * may be lost though delivered intact (received at most once still holds). */
static uint32_t resume_early_pl;

static void lossy_resume_on_connect(void *u, dtls_conn *conn)
{
    pair *p = (pair *)u;
    if (p->s_connects == 0) resume_early_pl = p->n_pl;
    pair_on_connect(u, conn);
}

static int lossy_wall(void *user, int64_t *t)
{
    (void)user;
    *t = INT64_C(1811808000);
    return 0;
}

/* The server of p made again with the wall clock and the shared ticket
 * secret, with the cache (by ID) of slots. */
static int lossy_resume_server(pair *p, dtls_session_slot *slots)
{
    int r;
    p->scfg.wall_time = lossy_wall;
    p->scfg.ticket_secret = lossy_ticket_secret;
    p->scfg.on_connect = lossy_resume_on_connect;
    resume_early_pl = 0;
    if (cur_resume == 1) p->scfg.flags |= DTLS_CFG_NO_TICKETS;
    r = dtls_ctx_init(&p->sctx, &p->scfg, p->stx, sizeof p->stx, &p->shs, 1);
    if (r == 0) r = dtls_server_init(&p->srv, &p->sctx, p->slots, 1);
    if (r == 0) r = dtls_server_sessions(&p->srv, cur_resume == 1 ? slots : NULL, cur_resume == 1 ? 2 : 0);
    return r;
}

/* The session every trial of the case resumes: 0 or a problem. */
static int lossy_prime(const lossy_cfg *c, uint16_t mtu)
{
    pair *p = &g_prime;
    pair_opts o;
    memset(&o, 0, sizeof o);
    o.suite = c->suite;
    o.group = c->group;
    o.certs = c->certs;
    o.mtu = mtu;
    o.identity_len = LOSSY_RESUME_IDENTITY;
    o.max_ms = 900000;
    if (pair_setup(p, &o, 1) < 0 || lossy_resume_server(p, prime_slots) != 0 ||
        dtls_conn_session_restore(&p->cconn, prime_sess, sizeof prime_sess, 0) != 0 || pair_connect(p) < 0 ||
        !pair_run(p, PAIR_UNTIL_ESTABLISHED) || dtls_conn_resumed(&p->cconn))
        return -1;
    prime_len = dtls_conn_session_save(&p->cconn, prime_sess, sizeof prime_sess);
    return prime_len > 0 ? 0 : -1;
}

/* A trial's server and client set up to resume the primed session. */
static int lossy_resume_setup(pair *p)
{
    if (lossy_resume_server(p, trial_slots) != 0) return -1;
    if (cur_resume == 3) /* a full handshake whose last flight carries a NewSessionTicket */
        return dtls_conn_session_restore(&p->cconn, trial_sess, sizeof trial_sess, 0);
    memcpy(trial_slots, prime_slots, sizeof trial_slots); /* the cache as the primer's server left it */
    memcpy(trial_sess, prime_sess, (size_t)prime_len);
    return dtls_conn_session_restore(&p->cconn, trial_sess, sizeof trial_sess, (size_t)prime_len);
}
#endif

/* One seeded trial.  Returns 1 when it passed; *retx, *hs_ms: what it took. */
static int lossy_trial(const lossy_cfg *c, const lossy_cond *k, uint16_t mtu, uint64_t seed, uint32_t *retx,
                       uint32_t *hs_ms, const char *case_name)
{
    pair *p = &g_pair;
    pair_opts o;
    link_rng sizes;
    uint64_t seed_no = seed;
    int dir, ok;

    /* every case sees its own link decisions and sizes for the same seed number */
    {
        const char *q;
        uint64_t h = UINT64_C(0xcbf29ce484222325);
        for (q = case_name; *q; q++) h = (h ^ (uint8_t)*q) * UINT64_C(0x100000001B3);
        seed = seed * UINT64_C(1000003) + h;
    }
    link_rng_seed(&sizes, seed + 7);
    memset(&o, 0, sizeof o);
    o.suite = c->suite;
    o.group = c->group;
    o.certs = c->certs;
    o.mtu = mtu;
    o.identity_len = 1 + link_below(&sizes, DTLS_MAX_IDENTITY);
    o.hint_len = link_below(&sizes, 2) ? link_below(&sizes, DTLS_MAX_IDENTITY + 1) : 0;
    o.rounds = LOSSY_ROUNDS;
    o.max_ms = 900000; /* 15 simulated minutes: far beyond the 127 s a handshake may take */
    o.retransmit_limit = scratch_limit;
    o.retransmit_initial_ms = scratch_ms;
    o.retransmit_copies = scratch_copies;
    o.restart_server = cur_restart;
    o.cid = (int)(seed_no % 3); /* a third without Connection ID, a third each of the two CID set-ups */
    if (cur_resume) o.identity_len = LOSSY_RESUME_IDENTITY;
    if (pair_setup(p, &o, seed) < 0) goto report;
#if DTLS_ENABLE_RESUMPTION
    if (cur_resume && lossy_resume_setup(p) != 0) {
        pair_problem(p, "the resumption set-up failed", 0);
        goto report;
    }
#endif
    ske_group = 0;
    if (c->certs) p->l.script = lossy_peek_ske;
    for (dir = 0; dir < 2; dir++) {
        link_imp *im = &p->l.imp[dir];
        im->drop_ppm = k->drop_ppm;
        im->dup_ppm = k->dup_ppm;
        im->reorder_window = k->reorder_window;
        im->reorder_ppm = k->reorder_window ? 250000 : 0;
        im->hold_max_ms = 1500; /* a held datagram may arrive after its retransmission */
    }
    if (pair_connect(p) < 0) goto report;
    ok = pair_run(p, PAIR_UNTIL_ESTABLISHED);
    *hs_ms = p->c_done_at - LINK_T0;
    if (ok) ok = pair_run(p, PAIR_UNTIL_ROUNDS);
    if (!ok) goto report;
    if (dtls_conn_suite(&p->cconn) != c->suite) pair_problem(p, "client negotiated another suite", dtls_conn_suite(&p->cconn));
    if (!p->sconn || p->s_connects != 1) pair_problem(p, "server did not report exactly one connection", p->s_connects);
    else if (dtls_conn_suite(p->sconn) != c->suite) pair_problem(p, "server negotiated another suite", dtls_conn_suite(p->sconn));
    if (c->certs && ske_group != c->group && !cur_resume) pair_problem(p, "the ServerKeyExchange named another group", ske_group);
    if (cur_resume && cur_resume < 3 && (!dtls_conn_resumed(&p->cconn) || !p->sconn || !dtls_conn_resumed(p->sconn)))
        pair_problem(p, "the handshake was not an abbreviated one", 0);
#if DTLS_ENABLE_RESUMPTION
    if (cur_resume == 3 && (dtls_conn_resumed(&p->cconn) || dtls_conn_session_save(&p->cconn, trial_sess, sizeof trial_sess) <= 113))
        pair_problem(p, "no ticket from the full handshake", 0);
#endif
    /* let what is still on the link arrive, then account for every payload */
    while (p->l.n[0] + p->l.n[1] > 0) {
        uint32_t t;
        if (link_deadline(&p->l, &t) && !LINK_LE(t, p->l.now)) p->l.now = t;
        while (pair_deliver_one(p, LINK_C2S) | pair_deliver_one(p, LINK_S2C)) {
        }
    }
#if DTLS_ENABLE_RESUMPTION
    if (cur_resume) { /* early requests may be lost (lossy_resume_on_connect) */
        uint32_t i;
        for (i = 0; i < resume_early_pl && i < p->n_pl; i++)
            if (p->pl[i].intact > 0 && p->pl[i].received == 0) p->pl[i].intact = 0, p->pl[i].damaged = 1;
    }
#endif
    pair_check_payloads(p);
    *retx = pair_retx(p, NULL, NULL);
    if (p->why[0] == 0 && p->c_err == 0) return 1;
report:
    /* No implementation completes a handshake when not one of the server's
     * datagrams arrives before the client's retransmissions run out (a burst
     * of the loss model): such a seed is counted apart, not as a failure. */
    if (p->why[0] == 0 && p->c_err == DTLS_ERR_TIMEOUT && p->l.delivered[LINK_S2C] == 0) {
        printf("     no datagram of the server's arrived: DTLS_LOSSY_ONLY='%s' DTLS_LOSSY_SEED=%lu (sent c->s %lu s->c %lu, "
               "delivered c->s %lu)\n",
               case_name, (unsigned long)seed_no, (unsigned long)p->l.sent[0], (unsigned long)p->l.sent[1],
               (unsigned long)p->l.delivered[LINK_C2S]);
        return 2;
    }
    printf("     FAILED: DTLS_LOSSY_ONLY='%s' DTLS_LOSSY_SEED=%lu: %s; client error %d (%s), "
           "server reported %d connection(s), %d close(s) (reason %d); rounds %d/%d; t=%lu ms; "
           "sent c->s %lu s->c %lu\n",
           case_name, (unsigned long)seed_no, p->why[0] ? p->why : "no problem recorded", p->c_err,
           p->c_err ? dtls_strerror(p->c_err) : "-", p->s_connects, p->s_closes, p->s_close_reason, p->round,
           LOSSY_ROUNDS, (unsigned long)(p->l.now - LINK_T0), (unsigned long)p->l.sent[0],
           (unsigned long)p->l.sent[1]);
    if (getenv("DTLS_LINK_TRACE")) pair_dump(p, stdout);
    return 0;
}

static const lossy_cfg *cur_cfg;
static const lossy_cond *cur_cond;
static uint16_t cur_mtu;
static char cur_name[160]; /* the running case */
static unsigned long total_trials;

static void lossy_case(void)
{
    char name[160];
    unsigned long n = cur_cfg->certs ? (cur_cfg->group == DTLS_GROUP_SECP256R1 ? runs_cert_p256 : runs_cert)
                      : cur_cfg->suite == DTLS_PSK_WITH_AES_128_CCM_8 ? runs_ccm8 : runs_other;
    unsigned long i, passed = 0, silenced = 0;
    uint32_t retx_max = 0, hs_max = 0;
    unsigned long long retx_sum = 0, hs_sum = 0;
    int printed = 0;
    clock_t t0 = clock();

    snprintf(name, sizeof name, "%s/%s%s%s/mtu%u", cur_cfg->name, cur_restart ? "tinydtls/" : "",
             cur_resume == 1 ? "resume-id/" : cur_resume == 2 ? "resume-ticket/" : cur_resume == 3 ? "resume-ticket-issue/" : "", cur_cond->name,
             (unsigned)cur_mtu);
    if (!lossy_selected(name)) return;
#if DTLS_ENABLE_RESUMPTION
    if (cur_resume && cur_resume < 3 && lossy_prime(cur_cfg, cur_mtu) != 0) {
        FAIL("the primer's full handshake did not give a resumable session");
        return;
    }
#endif
    for (i = 1; i <= n; i++) {
        uint64_t seed = one_seed >= 0 ? (uint64_t)one_seed : (uint64_t)i;
        uint32_t retx = 0, hs = 0;
        int r = lossy_trial(cur_cfg, cur_cond, cur_mtu, seed, &retx, &hs, name);
        if (r == 2) {
            silenced++;
        } else if (r) {
            passed++;
            retx_sum += retx;
            hs_sum += hs;
            if (retx > retx_max) retx_max = retx;
            if (hs > hs_max) hs_max = hs;
        } else if (++printed >= 5) {
            printf("     (further failures of this case not printed)\n");
            printed = -1000000;
        }
        total_trials++;
        if (one_seed >= 0) {
            n = 1;
            break;
        }
    }
    printf("     %-50s %4lu/%-4lu completed + %d round trips; retransmissions mean %.1f max %lu; "
           "handshake mean %.1f s max %.1f s; %.1f s\n",
           name, passed, n, LOSSY_ROUNDS, passed ? (double)retx_sum / (double)passed : 0.0, (unsigned long)retx_max,
           passed ? (double)hs_sum / (double)passed / 1000.0 : 0.0, (double)hs_max / 1000.0,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (silenced)
        printf("     %-50s %4lu run(s) in which the link delivered none of the server's datagrams (not counted)\n", name,
               silenced);
    fflush(stdout);
    if (passed + silenced != n || silenced * 100 > n)
        FAIL("not every seeded handshake completed (the FAILED lines above replay them)");
}

/* Path-MTU back-off (issue 4): client and server at mtu 1400 over a link
 * that silently drops every datagram longer than 500 bytes, no other
 * impairment.  The server's flight (a 1243-byte Certificate body) does not
 * get through at 1400, nor (mostly) at 548, the size of the third and fourth
 * timer retransmissions; the fifth is fragmented at mtu_floor (256) and
 * completes the handshake (proto/engine.c, dtls_conn_timer).  Then the 10
 * round trips: the library does not carry the backed-off size over to
 * application data, so the application's largest writes (every fifth,
 * max_payload at mtu 1400) vanish too and the application's own retry
 * (a smaller payload) answers for them.  Checked: the handshake completes,
 * every datagram that got through was at most 500 bytes, the black hole
 * did swallow datagrams; printed: the simulated time it took. */
#define LOSSY_HOLE_MTU 1400
#define LOSSY_HOLE_ABOVE 500

static void lossy_blackhole_case(void)
{
    pair *p = &g_pair;
    pair_opts o;
    uint64_t seed = one_seed >= 0 ? (uint64_t)one_seed : 1;
    uint32_t largest[2] = {0, 0}, holed[2] = {0, 0}, hs_holed[2] = {0, 0}, retx_c = 0, retx_s = 0, hs_ms = 0;
    size_t j;
    int ok;
    clock_t t0 = clock();

    memset(&o, 0, sizeof o);
    o.suite = cur_cfg->suite;
    o.group = cur_cfg->group;
    o.certs = cur_cfg->certs;
    o.mtu = LOSSY_HOLE_MTU;
    o.identity_len = 1;
    o.rounds = LOSSY_ROUNDS;
    o.max_ms = 900000;
    o.retransmit_limit = scratch_limit;
    o.retransmit_initial_ms = scratch_ms;
    o.retransmit_copies = scratch_copies;
    CHECK_EQ(pair_setup(p, &o, seed), 0);
    p->l.imp[LINK_C2S].blackhole_above = LOSSY_HOLE_ABOVE;
    p->l.imp[LINK_S2C].blackhole_above = LOSSY_HOLE_ABOVE;
    CHECK(pair_connect(p) >= 0);
    ok = pair_run(p, PAIR_UNTIL_ESTABLISHED);
    hs_ms = p->c_done_at - LINK_T0;
    for (j = 0; j < p->l.n_log; j++) /* the handshake's datagrams */
        if (p->l.log[j].fate == 3 && p->l.log[j].type == 22) hs_holed[p->l.log[j].dir]++;
    if (ok) ok = pair_run(p, PAIR_UNTIL_ROUNDS);
    if (ok) {
        while (p->l.n[0] + p->l.n[1] > 0) {
            uint32_t t;
            if (link_deadline(&p->l, &t) && !LINK_LE(t, p->l.now)) p->l.now = t;
            while (pair_deliver_one(p, LINK_C2S) | pair_deliver_one(p, LINK_S2C)) {
            }
        }
        pair_check_payloads(p);
    }
    (void)pair_retx(p, &retx_c, &retx_s);
    CHECK(ok);
    CHECK_EQ(p->c_err, 0);
    CHECK(dtls_conn_is_established(&p->cconn));
    CHECK_EQ(dtls_conn_suite(&p->cconn), cur_cfg->suite);
    CHECK_EQ(p->s_connects, 1);
    CHECK_EQ(p->round, LOSSY_ROUNDS);
    CHECK(p->l.n_log < LINK_LOG_MAX); /* the log below is complete */
    for (j = 0; j < p->l.n_log; j++) {
        const link_sent *x = &p->l.log[j];
        if (x->fate == 0 && x->len > largest[x->dir]) largest[x->dir] = x->len;
        if (x->fate == 3) holed[x->dir]++;
    }
    CHECK(largest[LINK_C2S] <= LOSSY_HOLE_ABOVE);
    CHECK(largest[LINK_S2C] <= LOSSY_HOLE_ABOVE);
    CHECK(hs_holed[LINK_S2C] > 0); /* the server's flight met the black hole */
    CHECK_EQ(holed[0], p->l.blackholed[0]);
    CHECK_EQ(holed[1], p->l.blackholed[1]);
    if (p->why[0]) printf("     problem: %s\n", p->why);
    if (p->c_established)
        printf("     %-50s handshake completed in %.1f s (simulated)", cur_name, (double)hs_ms / 1000.0);
    else
        printf("     %-50s handshake FAILED (not established at %.1f s)", cur_name, (double)(p->l.now - LINK_T0) / 1000.0);
    printf(", %lu retransmissions (client %lu, server %lu); "
           "black-holed: %lu handshake + %lu other datagrams; largest through c->s %lu s->c %lu bytes; "
           "%d/%d round trips by %.1f s; %.2f s CPU\n",
           (unsigned long)(retx_c + retx_s),
           (unsigned long)retx_c, (unsigned long)retx_s, (unsigned long)(hs_holed[0] + hs_holed[1]),
           (unsigned long)(holed[0] + holed[1] - hs_holed[0] - hs_holed[1]), (unsigned long)largest[LINK_C2S],
           (unsigned long)largest[LINK_S2C], p->round, LOSSY_ROUNDS, (double)(p->l.now - LINK_T0) / 1000.0,
           (double)(clock() - t0) / CLOCKS_PER_SEC);
    if (!ok || p->why[0] || p->c_err)
        printf("     FAILED: DTLS_LOSSY_ONLY='%s' DTLS_LOSSY_SEED=%lu; DTLS_LINK_TRACE=1 prints the send log\n",
               cur_name, (unsigned long)seed);
    if (!ok || p->why[0] || p->c_err || getenv("DTLS_LINK_TRACE")) pair_dump(p, stdout);
    CHECK(p->why[0] == 0);
    total_trials++;
}

/* A tinydtls-like server (issue 8, defect 5): tinydtls (libcoap's tinydtls
 * build, RIOT, Contiki-NG, Wakaama) starts a new handshake, with a new
 * ServerHello random, for every ClientHello carrying a valid cookie instead
 * of resending its flight (RFC 6347 4.2.4 expects the resend).  link.h's
 * restart_server makes our server do that.  The client's timer resend of its
 * cookie ClientHello goes out once (a second copy would start a second
 * handshake that overtakes the first) and rewinds the client to await a
 * ServerHello, so the restarted flight is taken whole.  Cases, each with the
 * server's first flight (ServerHello .. ServerHelloDone) impaired:
 *   onelost: each of its datagrams lost alone (k = 0 .. n-1, one run each);
 *   lost2:   that flight lost twice (the first two server bursts after the
 *            HelloVerifyRequest);
 * and under 20% loss (the loss20 trials with restart_server, lossy_case). */
typedef struct tiny_script {
    int mode;       /* 1: drop the server datagram of index 1 + k; 2: drop server bursts 1 and 2;
                     * 3: the ServerHello record alone lost (the rest of its datagram arrives) */
    uint32_t k;
} tiny_script;

static int lossy_tiny_script(void *ctx, link *l, int dir, uint32_t index, uint8_t *data, size_t *len)
{
    const tiny_script *t = (const tiny_script *)ctx;
    (void)data;
    (void)len;
    if (dir != LINK_S2C) return LINK_ACT_PASS;
    if (t->mode == 1 && index == 1 + t->k) return LINK_ACT_DROP;
    if (t->mode == 2 && l->bursts[LINK_S2C] >= 1 && l->bursts[LINK_S2C] <= 2) return LINK_ACT_DROP;
    if (t->mode == 3 && index == 1) {
        /* tinydtls sends each message in its own datagram, so the others
         * arrive and occupy the record numbers its restarted flight reuses */
        size_t off[16], rlen[16], n = link_records(data, *len, off, rlen, 16);
        if (n < 2 || data[0] != 22 || data[13] != 2) return LINK_ACT_DROP;
        memmove(data, data + off[1], *len - off[1]);
        *len -= off[1];
    }
    return LINK_ACT_PASS;
}

/* One scripted run against the restarting server; returns 1 when it
 * completed its round trips with the server restarted at least once
 * (mode 0: no impairment, *n_first: the datagrams of the server's first flight). */
static int lossy_tiny_run(int mode, uint32_t k, uint32_t *n_first, uint32_t *restarts)
{
    pair *p = &g_pair;
    pair_opts o;
    tiny_script ts;
    size_t j;
    int ok;
    memset(&o, 0, sizeof o);
    o.suite = cur_cfg->suite;
    o.group = cur_cfg->group;
    o.certs = cur_cfg->certs;
    o.mtu = cur_mtu;
    o.identity_len = 8;
    o.rounds = LOSSY_ROUNDS;
    o.max_ms = 900000;
    o.retransmit_limit = scratch_limit;
    o.retransmit_initial_ms = scratch_ms;
    o.retransmit_copies = scratch_copies;
    o.restart_server = PAIR_RESTART_NO_TIMER; /* the harshest: only our resend brings its flight again */
    if (pair_setup(p, &o, 1) < 0) return 0;
    ts.mode = mode;
    ts.k = k;
    p->l.script = lossy_tiny_script;
    p->l.script_ctx = &ts;
    if (pair_connect(p) < 0) return 0;
    ok = pair_run(p, PAIR_UNTIL_ROUNDS);
    *restarts = p->restarts;
    if (n_first) {
        uint32_t burst = 0;
        int found = 0;
        *n_first = 0;
        for (j = 0; j < p->l.n_log; j++) {
            const link_sent *x = &p->l.log[j];
            if (x->dir != LINK_S2C) continue;
            if (x->index == 1) { burst = x->burst; found = 1; }
            if (found && x->burst == burst) (*n_first)++;
        }
    }
    if (!ok || p->c_err != 0 || p->why[0]) {
        printf("     FAILED: %s, mode %d, k %lu: %s; client error %d (%s); restarts %lu; t=%.1f s\n", cur_name, mode,
               (unsigned long)k, p->why[0] ? p->why : "-", p->c_err, p->c_err ? dtls_strerror(p->c_err) : "-",
               (unsigned long)p->restarts, (double)(p->l.now - LINK_T0) / 1000.0);
        if (getenv("DTLS_LINK_TRACE")) pair_dump(p, stdout);
        return 0;
    }
    if (dtls_conn_suite(&p->cconn) != cur_cfg->suite || p->s_connects != 1) return 0;
    return 1;
}

static void lossy_tiny_case(void)
{
    uint32_t n = 0, k, restarts = 0, done = 0, max_restarts = 0;
    CHECK(lossy_tiny_run(0, 0, &n, &restarts)); /* a clean link: nothing to restart */
    CHECK_EQ(restarts, 0);
    CHECK(n >= 1);
    for (k = 0; k < n; k++) {
        int ok = lossy_tiny_run(1, k, NULL, &restarts);
        CHECK(ok);
        CHECK(restarts >= 1); /* the client's resend restarted the server's handshake */
        done += (uint32_t)ok;
        if (restarts > max_restarts) max_restarts = restarts;
    }
    CHECK(lossy_tiny_run(2, 0, NULL, &restarts));
    CHECK(restarts >= 1);
    CHECK(lossy_tiny_run(3, 0, NULL, &restarts)); /* the ServerHello record alone lost */
    CHECK(restarts >= 1);
    printf("     %-50s first flight %lu datagram(s): each lost alone %lu/%lu completed (restarts max %lu); "
           "the flight lost twice and its ServerHello alone lost completed (%lu restarts)\n",
           cur_name, (unsigned long)n, (unsigned long)done, (unsigned long)n, (unsigned long)max_restarts,
           (unsigned long)restarts);
    total_trials += n + 2;
}

/* The link itself does what the trials rely on: the drop and duplication
 * rates, reordering within the window and never beyond, the black hole,
 * packing, damage flags, and the same run from the same seed. */
static link g_link;

static uint32_t link_drive(link *l, uint32_t n, uint32_t *order, uint32_t *n_order, uint32_t *packs)
{
    uint32_t i, delivered = 0;
    uint8_t d[64], out[LINK_DGRAM_MAX];
    *n_order = 0;
    *packs = 0;
    for (i = 0; i < n || l->n[0] > 0; i++) {
        int dam;
        uint32_t tags[LINK_MAX_TAGS], t;
        size_t nt;
        long len;
        if (i < n) {
            memset(d, 0, sizeof d);
            d[0] = (uint8_t)(i >> 24); d[1] = (uint8_t)(i >> 16); d[2] = (uint8_t)(i >> 8); d[3] = (uint8_t)i;
            link_send(l, LINK_C2S, d, 20 + (i % 3) * 10);
            link_end_call(l);
            if (link_below(&l->rng, 3) == 0) l->now += link_below(&l->rng, 40);
        } else if (link_deadline(l, &t) && !LINK_LE(t, l->now)) {
            l->now = t;
        }
        while ((len = link_take(l, LINK_C2S, out, &dam, tags, &nt)) >= 0) {
            long o = 0;
            delivered++;
            if (len > 30) (*packs)++;
            while (o + 20 <= len) {
                uint32_t x = ((uint32_t)out[o] << 24) | ((uint32_t)out[o + 1] << 16) | ((uint32_t)out[o + 2] << 8) | out[o + 3];
                if (*n_order < 20000) order[(*n_order)++] = x;
                o += 20 + (long)(x % 3) * 10;
            }
        }
    }
    return delivered;
}

TEST(link_impairments)
{
    static uint32_t order[20000];
    uint32_t n_order, packs, i, j, seen_reorder = 0, max_disp = 0, dups = 0;
    link *l = &g_link;

    /* 20% loss */
    link_init(l, 1);
    l->imp[0].drop_ppm = 200000;
    link_drive(l, 10000, order, &n_order, &packs);
    CHECK(n_order > 7800 && n_order < 8200);
    CHECK_EQ(l->dropped[0], 10000 - n_order);
    for (i = 1; i < n_order; i++) CHECK(order[i] > order[i - 1]); /* no reordering without a window */

    /* 20% duplication: each copy right behind its original */
    link_init(l, 2);
    l->imp[0].dup_ppm = 200000;
    link_drive(l, 10000, order, &n_order, &packs);
    CHECK(n_order > 11800 && n_order < 12200);
    for (i = 1; i < n_order; i++) {
        CHECK(order[i] >= order[i - 1]);
        if (order[i] == order[i - 1]) dups++;
    }
    CHECK_EQ(dups, n_order - 10000);

    /* reordering within a window of 3: a datagram is overtaken by at most 2 later ones */
    link_init(l, 3);
    l->imp[0].reorder_window = 3;
    l->imp[0].reorder_ppm = 250000;
    l->imp[0].hold_max_ms = 1500;
    link_drive(l, 10000, order, &n_order, &packs);
    CHECK_EQ(n_order, 10000);
    for (i = 0; i < n_order; i++) {
        uint32_t disp = 0;
        for (j = i + 1; j < n_order && j < i + 10; j++)
            if (order[j] < order[i]) disp++;
        if (disp) seen_reorder++;
        /* order[i] overtook `disp` earlier datagrams; equivalently count later ones before it */
        for (j = (i > 10 ? i - 10 : 0), disp = 0; j < i; j++)
            if (order[j] > order[i]) disp++;
        if (disp > max_disp) max_disp = disp;
    }
    CHECK(seen_reorder > 1000);
    CHECK_EQ(max_disp, 2);

    /* black hole above 30 bytes: the 40-byte datagrams vanish */
    link_init(l, 4);
    l->imp[0].blackhole_above = 30;
    link_drive(l, 3000, order, &n_order, &packs);
    CHECK_EQ(n_order, 2000);
    CHECK_EQ(l->blackholed[0], 1000);

    /* packing: datagrams due together arrive as one */
    link_init(l, 5);
    l->imp[0].pack_max = 100;
    link_drive(l, 3000, order, &n_order, &packs);
    CHECK_EQ(n_order, 3000);
    for (i = 1; i < n_order; i++) CHECK(order[i] > order[i - 1]);
    CHECK(packs > 100);

    /* damage is flagged */
    link_init(l, 6);
    l->imp[0].corrupt_ppm = 500000;
    l->imp[0].truncate_ppm = 500000;
    link_drive(l, 1000, order, &n_order, &packs);
    CHECK(l->damaged[0] > 600);
}

/* The link is deterministic per seed: the same seed gives the same run. */
TEST(lossy_replays_exactly)
{
    uint32_t a_retx = 0, a_hs = 0, b_retx = 0, b_hs = 0;
    size_t a_log, b_log;
    static link_sent first[LINK_LOG_MAX];
    CHECK(lossy_trial(&cfgs[0], &conds[3], 256, 42, &a_retx, &a_hs, "replay"));
    a_log = g_pair.l.n_log;
    memcpy(first, g_pair.l.log, sizeof first);
    CHECK(lossy_trial(&cfgs[0], &conds[3], 256, 42, &b_retx, &b_hs, "replay"));
    b_log = g_pair.l.n_log;
    CHECK_EQ(a_log, b_log);
    CHECK(memcmp(first, g_pair.l.log, a_log * sizeof first[0]) == 0);
    CHECK_EQ(a_retx, b_retx);
    CHECK_EQ(a_hs, b_hs);
    CHECK(a_log > 10);
}

int main(void)
{
    size_t a, b, m;
    clock_t t0 = clock();
    runs_other = env_ulong("DTLS_LOSSY_RUNS", LOSSY_DEFAULT_RUNS);
    runs_ccm8 = getenv("DTLS_LOSSY_RUNS") ? runs_other : LOSSY_CCM8_RUNS;
    if (runs_ccm8 < runs_other) runs_ccm8 = runs_other;
    runs_cert = getenv("DTLS_LOSSY_RUNS") ? runs_other : LOSSY_CERT_RUNS;
    runs_cert_p256 = getenv("DTLS_LOSSY_RUNS") ? runs_other : LOSSY_CERT_P256_RUNS;
    if (getenv("DTLS_LOSSY_CERT_RUNS"))
        runs_cert = runs_cert_p256 = env_ulong("DTLS_LOSSY_CERT_RUNS", LOSSY_CERT_RUNS);
    only = getenv("DTLS_LOSSY_ONLY");
    filter = getenv("DTLS_LOSSY_FILTER");
    if (getenv("DTLS_LOSSY_SEED")) one_seed = (long)env_ulong("DTLS_LOSSY_SEED", 0);
    scratch_limit = (uint8_t)env_ulong("DTLS_LOSSY_RETRANSMIT_LIMIT", 0);
    scratch_ms = (uint32_t)env_ulong("DTLS_LOSSY_RETRANSMIT_MS", 0);
    scratch_copies = (uint8_t)env_ulong("DTLS_LOSSY_RETRANSMIT_COPIES", 0);
    printf("     seeded handshakes per condition: %lu for PSK-AES128-CCM8, %lu for every other PSK suite/group "
           "(DTLS_LOSSY_RUNS; the issue asks 1000); certificates: %lu per ECDHE-ECDSA suite with X25519, %lu with "
           "P-256 (the CPU budget: see the top of test_lossy.c)%s\n",
           runs_ccm8, runs_other, runs_cert, runs_cert_p256,
           scratch_limit || scratch_ms || scratch_copies ? "; SCRATCH retransmission settings (not the defaults)" : "");
    printf("     sizes: DTLS_HS_BUFFER %ld, DTLS_MAX_IDENTITY %ld, DTLS_MAX_PSK %ld (key of %ld bytes), DTLS_MAX_ADDR %ld "
           "(addresses of %ld bytes), DTLS_MAX_SUITES %ld; certificates: %s\n",
           (long)DTLS_HS_BUFFER, (long)DTLS_MAX_IDENTITY, (long)DTLS_MAX_PSK, (long)PAIR_KEY_LEN, (long)DTLS_MAX_ADDR,
           (long)PAIR_ADDR_LEN, (long)DTLS_MAX_SUITES,
           !DTLS_ENABLE_CERTS ? "compiled out" : LOSSY_CERTS == PAIR_CERTS_RPK ? "a raw public key (the chain does not fit)"
                                                                             : "the three-certificate chain");
    if (!only && !filter) RUN(link_impairments);
    if (!only && !filter) RUN(lossy_replays_exactly);
    for (a = 0; a < sizeof cfgs / sizeof cfgs[0]; a++)
        for (b = 0; b < sizeof conds / sizeof conds[0]; b++)
            for (m = 0; m < sizeof mtus / sizeof mtus[0]; m++) {
                char name[160];
                cur_cfg = &cfgs[a];
                cur_cond = &conds[b];
                cur_mtu = mtus[m];
                snprintf(name, sizeof name, "%s/%s/mtu%u", cur_cfg->name, cur_cond->name, (unsigned)cur_mtu);
                if (!lossy_runnable(cur_cfg, name)) continue;
                test_run(name, lossy_case);
            }
    for (a = 0; a < sizeof cfgs / sizeof cfgs[0]; a++) {
        /* one run per ECDHE-ECDSA suite (X25519 as its group) */
        if (!cfgs[a].certs || cfgs[a].group != DTLS_GROUP_X25519) continue;
        cur_cfg = &cfgs[a];
        snprintf(cur_name, sizeof cur_name, "%s/blackhole%u/mtu%u", cur_cfg->name, (unsigned)LOSSY_HOLE_ABOVE,
                 (unsigned)LOSSY_HOLE_MTU);
        if (!lossy_runnable(cur_cfg, cur_name)) continue;
        test_run(cur_name, lossy_blackhole_case);
    }
    /* the tinydtls-like server: scripted losses of its first flight, then 20% loss */
    for (a = 0; a < sizeof cfgs / sizeof cfgs[0]; a++) {
        if (cfgs[a].suite != DTLS_PSK_WITH_AES_128_CCM_8 &&
            !(cfgs[a].certs && cfgs[a].suite == DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 && cfgs[a].group == DTLS_GROUP_X25519))
            continue;
        for (m = 0; m < sizeof mtus / sizeof mtus[0]; m++) {
            cur_cfg = &cfgs[a];
            cur_mtu = mtus[m];
            snprintf(cur_name, sizeof cur_name, "%s/tinydtls-first-flight/mtu%u", cur_cfg->name, (unsigned)cur_mtu);
            if (lossy_runnable(cur_cfg, cur_name)) test_run(cur_name, lossy_tiny_case);
            cur_cond = &conds[0]; /* loss20 */
            cur_restart = PAIR_RESTART_TIMER;
            snprintf(cur_name, sizeof cur_name, "%s/tinydtls/%s/mtu%u", cur_cfg->name, cur_cond->name, (unsigned)cur_mtu);
            if (lossy_runnable(cur_cfg, cur_name)) test_run(cur_name, lossy_case);
            cur_restart = 0;
        }
    }
    /* resumed handshakes (abbreviated, the reversed last flight) under the four conditions */
    for (a = 0; DTLS_ENABLE_RESUMPTION && a < sizeof cfgs / sizeof cfgs[0]; a++) {
        int mode;
        if (cfgs[a].suite != DTLS_PSK_WITH_AES_128_CCM_8 &&
            !(cfgs[a].certs && cfgs[a].suite == DTLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 && cfgs[a].group == DTLS_GROUP_X25519))
            continue;
        for (mode = 1; mode <= 3; mode++)
            for (b = 0; b < sizeof conds / sizeof conds[0]; b++)
                for (m = 0; m < sizeof mtus / sizeof mtus[0]; m++) {
                    cur_cfg = &cfgs[a];
                    cur_cond = &conds[b];
                    cur_mtu = mtus[m];
                    if (mode != 1 && cur_mtu < 512)
                        continue; /* a ClientHello with our ticket (~150 bytes) and a cookie does not fit
                                   * 256 bytes and is never fragmented: the ticket stays home (session ID only) */
                    cur_resume = mode;
                    snprintf(cur_name, sizeof cur_name, "%s/%s/%s/mtu%u", cur_cfg->name,
                             mode == 1 ? "resume-id" : mode == 2 ? "resume-ticket" : "resume-ticket-issue",
                             cur_cond->name, (unsigned)cur_mtu);
                    if (lossy_runnable(cur_cfg, cur_name)) test_run(cur_name, lossy_case);
                    cur_resume = 0;
                }
    }
    printf("     %lu seeded handshakes in %.1f s\n", total_trials, (double)(clock() - t0) / CLOCKS_PER_SEC);
    return test_done();
}
