/* avr_psk.c - a TLS_PSK_WITH_AES_128_CCM_8 client and server in one image
 * over an in-memory link, built for an ATmega2560 (8 KiB of RAM) and run
 * under simavr by tests/avr/run_psk.sh; the same file builds for the host,
 * where it must print the same transcript digest (same bytes everywhere).
 *
 * What it shows on the AVR:
 *   - the handshake (with the server's cookie exchange), one record each way
 *     and close_notify complete;
 *   - the constant tables read through crypto/prologue.h's DTLS__ROM readers
 *     give the host's answers: PRF labels (keys.c known answers, the vectors
 *     of tests/proto/test_keys.c), error and suite names copied out of flash;
 *   - the client's deepest stack: before each call into the client's
 *     connection the free RAM (from the end of .bss to the stack pointer) is
 *     painted, after it the lowest byte touched is found; the peak is
 *     reported below main's stack pointer ("client stack peak") and as the
 *     smallest gap left between .bss and the stack ("min free").
 * Output lines "ok ..." / "FAIL ...", figures as "FIGURE name value", a
 * transcript digest as "TRANSCRIPT <sha256 hex>", last "RESULT p f 0". */
#define DTLS_IMPLEMENTATION
#include "../../dtls.h"

#ifndef AVR_PSK_REPLAY
#define AVR_PSK_REPLAY 0 /* 1: the client alone against recorded server datagrams */
#endif
#ifndef AVR_PSK_DUMP
#define AVR_PSK_DUMP 0 /* 1 (host): print the server's datagrams as "S2C <hex>" */
#endif

#if defined(__AVR__)
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/pgmspace.h>
#include <avr/sleep.h>
#include <stdio.h>

static int uart_putchar(char c, FILE *stream)
{
    (void)stream;
    loop_until_bit_is_set(UCSR0A, UDRE0);
    UDR0 = (uint8_t)c;
    return 0;
}
static FILE uart = FDEV_SETUP_STREAM(uart_putchar, NULL, _FDEV_SETUP_WRITE);
/* The test's own texts stay in flash too (P: a DTLS__ROM string, "%S"). */
#define P(s) PSTR(s)
#define PFMT "%S"
#define OUT(fmt, ...) printf_P(PSTR(fmt), __VA_ARGS__)
#else
#include <stdio.h>
#define P(s) (s)
#define PFMT "%s"
#define OUT(fmt, ...) printf(fmt, __VA_ARGS__)
#endif

static int passed, failed;

#define CHECK(what, ok) check(P(what), (ok))
static void check(const char *what, int ok)
{
    if (ok)
        passed++;
    else
        failed++;
    OUT("%s " PFMT "\n", ok ? "ok  " : "FAIL", what);
}

/* ------------------------------------------------------------ stack paint */
#if defined(__AVR__)
extern uint8_t __heap_start; /* avr-libc's linker scripts: the first byte after .bss (.noinit) */
#define PAINT 0xA5
static uint16_t min_free = 0xFFFF, peak_client;

/* Paints from the end of .bss to a little below this function's frame. */
static void __attribute__((noinline)) paint(void)
{
    uint8_t *p = &__heap_start, *top = (uint8_t *)SP - 16;
    while (p < top)
        *p++ = PAINT;
}

/* After a call that started with main's stack pointer at sp: the lowest byte
 * touched since paint(). */
static void __attribute__((noinline)) scan(uint16_t sp)
{
    const uint8_t *p = &__heap_start;
    uint16_t free_bytes, depth;
    while (*p == PAINT)
        p++;
    free_bytes = (uint16_t)(p - &__heap_start);
    depth = (uint16_t)(sp - (uint16_t)p);
    if (free_bytes < min_free)
        min_free = free_bytes;
    if (depth > peak_client)
        peak_client = depth;
}
static int client_r;
#define CLIENT(expr) (paint(), client_r = (expr), scan(SP), client_r)
#else
#define CLIENT(expr) (expr)
#endif

/* ------------------------------------------------------------------- link */
/* One FIFO of datagrams for both directions (entries: direction, length
 * high, low, bytes): a PSK flight packs into one datagram, so little is ever
 * queued, and this image holds two endpoints in 8 KiB.  The front datagram
 * is delivered in place (input decrypts it there) and popped afterwards;
 * what the engines send meanwhile is appended behind it. */
#if AVR_PSK_REPLAY
#define Q_CAP 1 /* the client's datagrams are only hashed: the recording answers them */
#else
#define Q_CAP 240
#endif
#define TO_SRV 0
#define TO_CLI 1
static struct {
    uint8_t buf[Q_CAP];
    uint16_t used;
} q;
static uint32_t now_ms = UINT32_C(0xFFFFF000); /* crosses the 2^32 wrap */
static uint64_t rng_c = UINT64_C(0x9E3779B97F4A7C15), rng_s = UINT64_C(0x2545F4914F6CDD1D);
static dtls_sha256_ctx transcript; /* the client's datagrams, in the order sent */
static int datagrams, dropped;

static int push(uint8_t dir, const uint8_t *d, size_t len)
{
#if AVR_PSK_REPLAY
    datagrams++;
    dtls_sha256_update(&transcript, d, len);
    (void)dir;
    return (int)len;
#endif
    if (q.used + 3 + len > Q_CAP) {
        dropped++;
        return (int)len; /* lost: the retransmission recovers */
    }
    q.buf[q.used] = dir;
    q.buf[q.used + 1] = (uint8_t)(len >> 8);
    q.buf[q.used + 2] = (uint8_t)len;
    memcpy(q.buf + q.used + 3, d, len);
    q.used = (uint16_t)(q.used + 3 + len);
    datagrams++;
    if (dir == TO_SRV)
        dtls_sha256_update(&transcript, d, len);
#if AVR_PSK_DUMP
    if (dir == TO_CLI) { /* the server's datagrams, for the client-only replay */
        size_t i;
        printf("S2C ");
        for (i = 0; i < len; i++)
            printf("%02x", d[i]);
        printf("\n");
    }
#endif
    return (int)len;
}

static DTLS__UNUSED uint16_t front_len(void)
{
    return (uint16_t)((uint16_t)q.buf[1] << 8 | q.buf[2]);
}

static DTLS__UNUSED void pop(void)
{
    uint16_t n = (uint16_t)(3 + front_len());
    memmove(q.buf, q.buf + n, (size_t)(q.used - n));
    q.used = (uint16_t)(q.used - n);
}

static int send_cli(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t l)
{
    (void)u; (void)a; (void)al;
    return push(TO_SRV, d, l);
}

#if !AVR_PSK_REPLAY
static int send_srv(void *u, const uint8_t *a, size_t al, const uint8_t *d, size_t l)
{
    (void)u; (void)a; (void)al;
    return push(TO_CLI, d, l);
}
#endif

static uint32_t now(void *u)
{
    (void)u;
    return now_ms;
}

/* Each endpoint draws from its own xorshift64 (hooks.user): the client's
 * draws are the same whether or not a server runs in the same image. */
static int random_fill(void *u, uint8_t *o, size_t n)
{
    uint64_t *rng = (uint64_t *)u;
    size_t i;
    for (i = 0; i < n; i++) {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        o[i] = (uint8_t)(*rng >> 24);
    }
    return 0;
}

/* ---------------------------------------------------------------- endpoints */
static const uint16_t suites[1] = {DTLS_PSK_WITH_AES_128_CCM_8};
static const uint8_t psk[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint8_t srv_addr[4] = {10, 0, 0, 2};
#if !AVR_PSK_REPLAY
static const uint8_t cli_addr[4] = {10, 0, 0, 1};
#endif
static dtls_crypto_hooks hooks_c, hooks_s;

static dtls_config ccfg;
static dtls_ctx cctx;
static dtls_hs chs;
static dtls_conn cconn;
static const uint8_t ping[] = "ping from the client";
static const uint8_t pong[] = "pong from the server";

#if AVR_PSK_REPLAY
/* The client alone, as tests/footprint/psk_client.c sets it up (512-byte
 * transmit and receive buffers), fed the server's datagrams that the host
 * run of the two-endpoint build printed (avr_psk_s2c.h, DTLS__ROM). */
#include "avr_psk_s2c.h"
#define MTU 512
static uint8_t ctx_tx[MTU], rx[MTU];
static size_t s2c_next, s2c_off;

/* Copies the next recorded server datagram into rx and feeds it to the client. */
static int feed(void)
{
    size_t len;
    if (s2c_next >= S2C_N)
        return 0;
    len = dtls__rom_u16(&s2c_len[s2c_next]);
    dtls__rom_memcpy(rx, s2c_data + s2c_off, len);
    s2c_off += len;
    s2c_next++;
    (void)CLIENT(dtls_conn_input(&cconn, rx, len));
    return 1;
}
#else
static dtls_config scfg;
static dtls_ctx sctx;
static dtls_hs shs;
static dtls_conn sslot;
static dtls_server srv;
#define MTU 256 /* both sides: a PSK flight is smaller; this image has two endpoints in 8 KiB */
static uint8_t ctx_tx[MTU], stx[MTU];

static dtls_conn *srv_conn;
static int srv_connects, srv_closes, srv_close_reason, srv_got_ok;

static void on_connect(void *u, dtls_conn *c)
{
    (void)u;
    srv_conn = c;
    srv_connects++;
}

static void on_data(void *u, dtls_conn *c, const uint8_t *d, size_t len)
{
    (void)u; (void)c;
    srv_got_ok = len == sizeof ping && memcmp(d, ping, len) == 0;
}

static void on_close(void *u, dtls_conn *c, int reason)
{
    (void)u; (void)c;
    srv_closes++;
    srv_close_reason = reason;
}

/* Delivers the oldest datagram queued, else runs due timers; with nothing
 * queued the clock jumps to the earliest deadline.  0 when nothing is left. */
static int step(void)
{
    uint32_t at, next = 0;
    int have = 0;
    if (q.used != 0) {
        if (q.buf[0] == TO_SRV)
            (void)dtls_server_input(&srv, q.buf + 3, front_len(), cli_addr, sizeof cli_addr);
        else
            (void)CLIENT(dtls_conn_input(&cconn, q.buf + 3, front_len()));
        pop();
        return 1;
    }
    if (CLIENT(dtls_conn_deadline(&cconn, &at))) {
        next = at;
        have = 1;
    }
    if (dtls_server_deadline(&srv, &at) && (!have || (int32_t)(at - next) < 0)) {
        next = at;
        have = 1;
    }
    if (!have)
        return 0;
    if ((int32_t)(next - now_ms) > 0)
        now_ms = next;
    (void)CLIENT(dtls_conn_timer(&cconn));
    (void)dtls_server_timer(&srv);
    return 1;
}
#endif

/* --------------------------------------------------- flash-table answers */
/* hex: a P() string (in flash on the AVR, read with the library's reader). */
static int unhex_(uint8_t *out, const char *hex)
{
    int n = 0;
    for (;; hex += 2) {
        uint8_t v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = (char)dtls__rom_u8(hex + i);
            if (c == 0)
                return n;
            v = (uint8_t)(v << 4 | (c <= '9' ? c - '0' : c - 'a' + 10));
        }
        out[n++] = v;
    }
}
#define unhex(out, hex) unhex_((out), P(hex))

/* tests/proto/test_keys.c's vectors (OpenSSL 3.0 TLS1-PRF): the labels
 * "master secret", "extended master secret", "key expansion", "client
 * finished", "server finished" come out of flash on the AVR. */
static void __attribute__((noinline)) keys_answers(void)
{
    uint8_t cr[32], sr[32], hh[32], pms[36], m[48], want[48], v[12];
    dtls__key_block kb;
    int i;
    for (i = 0; i < 32; i++) {
        cr[i] = (uint8_t)i;
        sr[i] = (uint8_t)(32 + i);
        hh[i] = (uint8_t)(0xc0 + i); /* the handshake hash; the session hash is a0.. */
    }
    (void)unhex(pms, "0010000000000000000000000000000000000010" "0102030405060708090a0b0c0d0e0f10");
    (void)unhex(want, "08cd6fd50b5bbf0352361eb0aab94ca1fbc15abec762adf50a842c7d7fd6c09520e61ed19973480197754e875103e5bd");
    CHECK("keys: master secret (label in flash)",
          dtls__keys_master(m, DTLS_HASH_SHA256, pms, 36, cr, sr) == 0 && memcmp(m, want, 48) == 0);
    CHECK("keys: key expansion, TLS_PSK_WITH_AES_128_CCM_8 split",
          dtls__keys_block(&kb, dtls__suite_find(0xC0A8), m, cr, sr) == 0 &&
              unhex(want, "242e1497c946f066767b03b8ad79adf6") == 16 && memcmp(kb.client_key, want, 16) == 0 &&
              unhex(want, "fb5488936f1c2a4ba79a0c281b13f967") == 16 && memcmp(kb.server_key, want, 16) == 0 &&
              unhex(want, "175b27374edc3604") == 8 && memcmp(kb.client_iv, want, 4) == 0 &&
              memcmp(kb.server_iv, want + 4, 4) == 0);
    (void)unhex(want, "bdc97c4be73974f30d0f10cc");
    CHECK("keys: client finished",
          dtls__keys_finished(v, DTLS_HASH_SHA256, m, 1, hh, 32) == 0 && memcmp(v, want, 12) == 0);
    (void)unhex(want, "b6442d74a955af757dfffcda");
    CHECK("keys: server finished",
          dtls__keys_finished(v, DTLS_HASH_SHA256, m, 0, hh, 32) == 0 && memcmp(v, want, 12) == 0);
    for (i = 0; i < 32; i++)
        hh[i] = (uint8_t)(0xa0 + i);
    (void)unhex(want, "f785fccea9bb829dc827f9d536cdc1cd520633ff2a657a79e259000f9df631ad4c53ca930c61f23a4dff2e138ddecf2b");
    CHECK("keys: extended master secret",
          dtls__keys_master_ems(m, DTLS_HASH_SHA256, pms, 36, hh, 32) == 0 && memcmp(m, want, 48) == 0);
}

static void __attribute__((noinline)) name_answers(void)
{
    char buf[64];
    size_t n = dtls_suite_name_r(DTLS_PSK_WITH_AES_128_CCM_8, buf, sizeof buf);
    CHECK("dtls_suite_name_r copies the name out of flash",
          n == 26 && strcmp(buf, "TLS_PSK_WITH_AES_128_CCM_8") == 0);
    CHECK("dtls_suite_name_r cuts at cap - 1 and returns the whole length",
          dtls_suite_name_r(DTLS_PSK_WITH_AES_128_CCM_8, buf, 8) == 26 && strcmp(buf, "TLS_PSK") == 0);
    CHECK("dtls_suite_from_name compares against flash",
          dtls_suite_from_name("TLS_PSK_WITH_AES_128_CCM_8") == DTLS_PSK_WITH_AES_128_CCM_8 &&
              dtls_suite_from_name("TLS_PSK_WITH_AES_128_CCM_9") == 0);
    n = dtls_strerror_r(DTLS_ERR_AUTH, buf, sizeof buf);
#if DTLS_ENABLE_ERROR_TEXT
    CHECK("dtls_strerror_r copies the text out of flash",
          n == 43 && strcmp(buf, "authentication failed (tag or MAC mismatch)") == 0);
#else
    CHECK("dtls_strerror_r copies the text out of flash",
          n == 52 && strcmp(buf, "error (texts compiled out: DTLS_ENABLE_ERROR_TEXT 0)") == 0);
#endif
}

/* ---------------------------------------------------------------------- main */
int main(void)
{
    uint8_t digest[32], rd[32];
    int i, r, guard;
    char line[64];
#if defined(__AVR__)
    stdout = &uart;
#endif
    dtls_sha256_init(&transcript);
    hooks_c.random = random_fill;
    hooks_c.user = &rng_c;
    hooks_s.random = random_fill;
    hooks_s.user = &rng_s;

    keys_answers();
    name_answers();

    ccfg.role = DTLS_ROLE_CLIENT;
    ccfg.suites = suites;
    ccfg.n_suites = 1;
    ccfg.psk_identity = (const uint8_t *)"avr";
    ccfg.psk_identity_len = 3;
    ccfg.psk = psk;
    ccfg.psk_len = sizeof psk;
    ccfg.send = send_cli;
    ccfg.now = now;
    ccfg.hooks = &hooks_c;
    ccfg.mtu = MTU;
#if AVR_PSK_REPLAY
    r = dtls_ctx_init(&cctx, &ccfg, ctx_tx, sizeof ctx_tx, &chs, 1);
    if (r == 0)
        r = dtls_conn_init(&cconn, &cctx, srv_addr, sizeof srv_addr);
    CHECK("set-up: the client alone (DTLS_ENABLE_SERVER 0), 512-byte buffers", r == 0);
    r = CLIENT(dtls_conn_connect(&cconn));
    for (guard = 0; guard < 16 && !dtls_conn_is_established(&cconn); guard++)
        if (!feed())
            break;
    CHECK("handshake against the recorded server: client established",
          dtls_conn_is_established(&cconn) == 1 && r == 0);
#else
    scfg = ccfg;
    scfg.role = DTLS_ROLE_SERVER;
    scfg.send = send_srv;
    scfg.hooks = &hooks_s;
    scfg.on_connect = on_connect;
    scfg.on_data = on_data;
    scfg.on_close = on_close;

    r = dtls_ctx_init(&cctx, &ccfg, ctx_tx, sizeof ctx_tx, &chs, 1);
    if (r == 0)
        r = dtls_ctx_init(&sctx, &scfg, stx, sizeof stx, &shs, 1);
    if (r == 0)
        r = dtls_server_init(&srv, &sctx, &sslot, 1);
    if (r == 0)
        r = dtls_conn_init(&cconn, &cctx, srv_addr, sizeof srv_addr);
    CHECK("set-up: two endpoints, one server slot", r == 0);
    if (r != 0)
        OUT("     error %d\n", r);

    r = CLIENT(dtls_conn_connect(&cconn));
    for (guard = 0; guard < 200 && !(dtls_conn_is_established(&cconn) && srv_connects); guard++)
        if (!step())
            break;
    CHECK("handshake: client established and server on_connect",
          dtls_conn_is_established(&cconn) == 1 && srv_connects == 1 && r == 0);
#endif
    CHECK("suite TLS_PSK_WITH_AES_128_CCM_8", dtls_conn_suite(&cconn) == DTLS_PSK_WITH_AES_128_CCM_8);
    if (dtls_conn_error(&cconn) != 0) {
        (void)dtls_strerror_r(dtls_conn_error(&cconn), line, sizeof line);
        OUT("     client error %d: %s\n", dtls_conn_error(&cconn), line);
    }

    r = CLIENT(dtls_conn_write(&cconn, ping, sizeof ping));
#if AVR_PSK_REPLAY
    CHECK("client -> server: one record", r == (int)sizeof ping);
    r = feed() && CLIENT(dtls_conn_read(&cconn, rd, sizeof rd)) == (int)sizeof pong &&
        memcmp(rd, pong, sizeof pong) == 0;
    CHECK("server -> client: one record, exact bytes", r);
    r = CLIENT(dtls_conn_close(&cconn));
    while (feed())
        ;
    CHECK("close_notify sent; the recorded server's answer is seen", r == 0 && dtls_conn_peer_closed(&cconn) == 1);
#else
    while (q.used != 0)
        (void)step();
    CHECK("client -> server: one record, exact bytes", r == (int)sizeof ping && srv_got_ok);

    r = srv_conn != NULL ? dtls_conn_write(srv_conn, pong, sizeof pong) : -1;
    r = r == (int)sizeof pong && q.used == 3 + front_len() && q.buf[0] == TO_CLI;
    if (r) {
        (void)CLIENT(dtls_conn_input(&cconn, q.buf + 3, front_len()));
        r = CLIENT(dtls_conn_read(&cconn, rd, sizeof rd)) == (int)sizeof pong && memcmp(rd, pong, sizeof pong) == 0;
        pop();
    }
    CHECK("server -> client: one record, exact bytes", r);

    r = CLIENT(dtls_conn_close(&cconn));
    while (q.used != 0)
        (void)step();
    CHECK("close_notify: server on_close DTLS_ERR_CLOSED",
          r == 0 && srv_closes == 1 && srv_close_reason == DTLS_ERR_CLOSED);
#endif

    dtls_sha256_final(&transcript, digest);
    OUT("%s", "TRANSCRIPT ");
    for (i = 0; i < 32; i++)
        OUT("%02x", digest[i]);
    OUT(" (%d datagrams, %d dropped)\n", datagrams, dropped);
    OUT("FIGURE sizeof_dtls_hs %u\n", (unsigned)sizeof(dtls_hs));
    OUT("FIGURE sizeof_dtls_conn %u\n", (unsigned)sizeof(dtls_conn));
    OUT("FIGURE sizeof_dtls_ctx %u\n", (unsigned)sizeof(dtls_ctx));
    OUT("FIGURE sizeof_dtls_config %u\n", (unsigned)sizeof(dtls_config));
#if !AVR_PSK_REPLAY
    OUT("FIGURE sizeof_dtls_server %u\n", (unsigned)sizeof(dtls_server));
#endif
#if defined(__AVR__)
    OUT("FIGURE static_ram %u\n", (unsigned)((uint16_t)&__heap_start - 0x200u));
    OUT("FIGURE client_stack_peak %u\n", (unsigned)peak_client);
    OUT("FIGURE min_free %u\n", (unsigned)min_free);
#endif
    OUT("RESULT %d %d 0\n", passed, failed);
#if defined(__AVR__)
    cli();
    sleep_mode(); /* simavr ends the run: sleeping with interrupts off */
#endif
    return failed != 0;
}
