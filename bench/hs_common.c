/* hs_common.c - the queues, cases and drivers the handshake and record
 * benchmarks share (see hs_common.h). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hs_common.h"

const unsigned char hs_psk[16] = {0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78,
                                  0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0};

const hs_case_info hs_cases[HS_N_CASES] = {
    {"psk-ccm8", "hs_psk_aes128ccm8", 0xC0A8, HS_KX_PSK, HS_GROUP_NONE, HS_AEAD_CCM8},
    {"psk-gcm", "hs_psk_aes128gcm", 0x00A8, HS_KX_PSK, HS_GROUP_NONE, HS_AEAD_GCM},
    {"ecdhe-psk-chacha", "hs_ecdhe_psk_x25519_chacha20", 0xCCAC, HS_KX_ECDHE_PSK, HS_GROUP_X25519,
     HS_AEAD_CHACHA},
    {"ecdsa-gcm-p256", "hs_ecdhe_ecdsa_p256_aes128gcm", 0xC02B, HS_KX_ECDHE_ECDSA, HS_GROUP_P256, HS_AEAD_GCM},
    {"ecdsa-gcm-x25519", "hs_ecdhe_ecdsa_x25519_aes128gcm", 0xC02B, HS_KX_ECDHE_ECDSA, HS_GROUP_X25519,
     HS_AEAD_GCM},
    {"ecdsa-ccm8-p256", "hs_ecdhe_ecdsa_p256_aes128ccm8", 0xC0AE, HS_KX_ECDHE_ECDSA, HS_GROUP_P256, HS_AEAD_CCM8},
    {"ecdsa-ccm8-x25519", "hs_ecdhe_ecdsa_x25519_aes128ccm8", 0xC0AE, HS_KX_ECDHE_ECDSA, HS_GROUP_X25519,
     HS_AEAD_CCM8},
    {"ecdsa-chacha-p256", "hs_ecdhe_ecdsa_p256_chacha20", 0xCCA9, HS_KX_ECDHE_ECDSA, HS_GROUP_P256,
     HS_AEAD_CHACHA},
    {"ecdsa-chacha-x25519", "hs_ecdhe_ecdsa_x25519_chacha20", 0xCCA9, HS_KX_ECDHE_ECDSA, HS_GROUP_X25519,
     HS_AEAD_CHACHA},
};

const char *const hs_aead_names[HS_N_AEADS] = {"aes128gcm", "aes128ccm8", "chacha20poly1305"};

const hs_impl *const hs_impls[HS_N_IMPLS] = {&hs_impl_dtls, &hs_impl_openssl, &hs_impl_gnutls, &hs_impl_mbedtls,
                                             &hs_impl_wolfssl};

int hs_case_by_name(const char *name)
{
    int k;
    for (k = 0; k < HS_N_CASES; k++)
        if (strcmp(name, hs_cases[k].name) == 0)
            return k;
    return -1;
}

const hs_impl *hs_impl_by_name(const char *name)
{
    int k;
    for (k = 0; k < HS_N_IMPLS; k++)
        if (strcmp(name, hs_impls[k]->name) == 0)
            return hs_impls[k];
    return NULL;
}

/* The named group of a ServerKeyExchange (ECDHE_ECDSA: ECParameters first;
 * ECDHE_PSK: after the identity hint) in the records of one datagram:
 * header 13 bytes (type, version, epoch, sequence, length), epoch 0
 * handshake records, message header 12 bytes (RFC 6347 4.1, 4.2.2; RFC
 * 8422 5.4, RFC 5489 2). */
static void scan_ske(hs_queue *q, const unsigned char *d, size_t len)
{
    size_t pos = 0, rl;
    while (pos + 13 <= len) {
        rl = (size_t)d[pos + 11] << 8 | d[pos + 12];
        if (pos + 13 + rl > len)
            return;
        if (d[pos] == 22 && d[pos + 3] == 0 && d[pos + 4] == 0 && rl >= 12 + 3 && d[pos + 13] == 12 &&
            d[pos + 13 + 6] == 0 && d[pos + 13 + 7] == 0 && d[pos + 13 + 8] == 0) {
            const unsigned char *b = d + pos + 13 + 12;
            size_t bl = rl - 12, at = 0;
            if (b[0] != 3 && bl >= 2) /* not named_curve first: an ECDHE_PSK hint length */
                at = 2 + ((size_t)b[0] << 8 | b[1]);
            if (at + 3 <= bl && b[at] == 3)
                q->ske_group = (unsigned)b[at + 1] << 8 | b[at + 2];
        }
        pos += 13 + rl;
    }
}

/* The types of the epoch-0 handshake messages (or fragments) in the records
 * of one datagram, into q->hs_types (RFC 6347 4.2.2: a record may carry
 * several; message header: type, length 3, message_seq 2, fragment_offset 3,
 * fragment_length 3). */
static void scan_types(hs_queue *q, const unsigned char *d, size_t len)
{
    size_t pos = 0, rl, m, fl;
    while (pos + 13 <= len) {
        rl = (size_t)d[pos + 11] << 8 | d[pos + 12];
        if (pos + 13 + rl > len)
            return;
        if (d[pos] == 22 && d[pos + 3] == 0 && d[pos + 4] == 0)
            for (m = 0; m + 12 <= rl; m += 12 + fl) {
                const unsigned char *h = d + pos + 13 + m;
                fl = (size_t)h[9] << 16 | (size_t)h[10] << 8 | h[11];
                if (h[0] < 32)
                    q->hs_types |= (uint32_t)1 << h[0];
            }
        pos += 13 + rl;
    }
}

int hs_q_push(hs_queue *q, const void *data, size_t len)
{
    int k;
    if (q->n >= HS_QMAX || len > HS_DMAX) {
        fprintf(stderr, "hs: datagram of %lu bytes refused (queue full or too big)\n", (unsigned long)len);
        return -1;
    }
    k = (q->head + q->n) % HS_QMAX;
    memcpy(q->d[k], data, len);
    q->len[k] = len;
    q->n++;
    q->datagrams++;
    q->bytes += (unsigned long)len;
    /* a handshake record (22) whose first message is a HelloVerifyRequest (3) */
    if (len > 13 && q->d[k][0] == 22 && q->d[k][13] == 3)
        q->hello_verify++;
    scan_ske(q, q->d[k], len);
    scan_types(q, q->d[k], len);
    if (!q->flight_open)
        q->flights++;
    q->flight_open = 1;
    return 0;
}

int hs_q_peek(const hs_queue *q, void *out, size_t cap)
{
    size_t len;
    if (q->n == 0)
        return -1;
    len = q->len[q->head];
    if (len > cap)
        len = cap;
    memcpy(out, q->d[q->head], len);
    return (int)len;
}

int hs_q_pop(hs_queue *q, void *out, size_t cap)
{
    int n = hs_q_peek(q, out, cap);
    if (n >= 0) {
        q->head = (q->head + 1) % HS_QMAX;
        q->n--;
        if (q->reverse != NULL) /* the reader's next datagram is an answer: a new flight */
            q->reverse->flight_open = 0;
    }
    return n;
}

void hs_q_clear(hs_queue *q)
{
    q->head = 0;
    q->n = 0;
}

/* Handshake message types (RFC 5246 7.4). */
#define HS_T(t) ((uint32_t)1 << (t))
#define HS_CERTIFICATE 11
#define HS_SERVER_KEY_EXCHANGE 12
#define HS_SERVER_HELLO_DONE 14
#define HS_CLIENT_KEY_EXCHANGE 16

int hs_one(hs_run *run, const hs_impl *impl, int i)
{
    const hs_case_info *ci = &hs_cases[run->hs_case];
    hs_queue *tc = run->to_client, *ts = run->to_server;
    unsigned long hvr = tc->hello_verify;
    unsigned long cd = ts->datagrams, cb = ts->bytes, cf = ts->flights;
    unsigned long sd = tc->datagrams, sb = tc->bytes, sf = tc->flights;
    unsigned want = ci->group == HS_GROUP_P256 ? 23 : ci->group == HS_GROUP_X25519 ? 29 : 0;
    uint32_t full_only = HS_T(HS_CERTIFICATE) | HS_T(HS_SERVER_KEY_EXCHANGE) | HS_T(HS_SERVER_HELLO_DONE);
    tc->ske_group = 0;
    tc->hs_types = ts->hs_types = 0;
    tc->reverse = ts;
    ts->reverse = tc;
    ts->flight_open = 0; /* the ClientHello begins the client's first flight */
    if (impl->make_pair(run, i) != 0 || impl->handshake(run, i) != 0)
        return 1;
    if (tc->hello_verify == hvr) {
        fprintf(stderr, "hs %s %s: the server sent no HelloVerifyRequest\n", impl->name, ci->name);
        return 1;
    }
    if (run->expect_resumed) {
        /* RFC 5246 7.3: the abbreviated handshake is ClientHello, ServerHello,
         * [NewSessionTicket,] ChangeCipherSpec, Finished both ways */
        if ((tc->hs_types & full_only) != 0 || (ts->hs_types & HS_T(HS_CLIENT_KEY_EXCHANGE)) != 0) {
            fprintf(stderr, "hs %s %s: handshake %d not abbreviated on the wire (types sent 0x%08lx / 0x%08lx)\n",
                    impl->name, ci->name, run->n_done + 1, (unsigned long)ts->hs_types,
                    (unsigned long)tc->hs_types);
            return 1;
        }
    } else {
        if ((ts->hs_types & HS_T(HS_CLIENT_KEY_EXCHANGE)) == 0 || (tc->hs_types & HS_T(HS_SERVER_HELLO_DONE)) == 0) {
            fprintf(stderr, "hs %s %s: handshake %d not a full one on the wire\n", impl->name, ci->name,
                    run->n_done + 1);
            return 1;
        }
        if (tc->ske_group != want) {
            fprintf(stderr, "hs %s %s: ServerKeyExchange with group %u, not %u\n", impl->name, ci->name,
                    tc->ske_group, want);
            return 1;
        }
    }
    run->n_done++;
    if (run->verbose)
        fprintf(stderr,
                "hs_wire: handshake %d %s: client %lu datagrams %lu bytes %lu flights; server %lu datagrams %lu bytes"
                " %lu flights\n",
                run->n_done, run->expect_resumed ? "resumed" : "full", ts->datagrams - cd, ts->bytes - cb,
                ts->flights - cf, tc->datagrams - sd, tc->bytes - sb, tc->flights - sf);
    return 0;
}

int hs_drive(hs_run *run, const hs_impl *impl)
{
    int i, r;
    if (run->n_handshakes > HS_MAX_RUN || run->prime > 1) {
        fprintf(stderr, "hs %s: at most %d handshakes, 1 before them\n", impl->name, HS_MAX_RUN);
        return 1;
    }
    if (run->resume != HS_RESUME_NONE && impl != &hs_impl_dtls) {
        run->unsupported = "session resumption is measured for dtls.h only";
        return HS_UNSUPPORTED;
    }
    r = impl->setup(run);
    if (r != 0)
        return r == HS_UNSUPPORTED ? r : 1;
    for (i = 0; i < run->prime + run->n_handshakes; i++) {
        run->expect_resumed = run->resume != HS_RESUME_NONE && i > 0;
        if ((i > 0 && impl->close_pair(run, 0) != 0) || hs_one(run, impl, 0) != 0)
            return 1;
    }
    if (run->n_handshakes == 0) /* stop where the first counted handshake would begin */
        return (run->prime > 0 && impl->close_pair(run, 0) != 0) || impl->make_pair(run, 0) != 0;
    return 0;
}

double hs_cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
