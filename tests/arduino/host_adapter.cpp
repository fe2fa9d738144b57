/* host_adapter.cpp - DtlsArduino.h driven on the host (tests/arduino/run.sh):
 * a DtlsArduinoClient over a UDP object of our own, against a dtls_server in
 * the same process, with a fake millis().  The core's classes are the
 * declarations of tests/arduino_decl; the few members used are defined here.
 * Checks: handshake, a record echoed back, a datagram from another port
 * ignored, records held while unread, a lost flight retransmitted on time,
 * close_notify reaching the server, connect() refused without a random
 * function.  Prints "ok"/"FAIL" lines and "RESULT p f s".
 *
 *   gcc -c dtls.c -o dtls.o
 *   g++ -std=c++11 -Itests/arduino_decl -I. -include Arduino.h tests/arduino/host_adapter.cpp dtls.o */
#include "dtls.h"
#include <DtlsArduino.h>
#include <stdio.h>

/* ---- the core parts the adapter uses (our own test definitions) ---- */
static unsigned long fake_ms = 1000;
extern "C" unsigned long millis(void) { return fake_ms; }
extern "C" void delay(uint32_t ms) { fake_ms += ms; }
IPAddress::IPAddress() : decl_bytes_() {}
IPAddress::IPAddress(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { decl_bytes_[0] = a, decl_bytes_[1] = b, decl_bytes_[2] = c, decl_bytes_[3] = d; }
uint8_t IPAddress::operator[](int i) const { return decl_bytes_[i]; }
size_t IPAddress::printTo(Print &) const { return 0; }
size_t Print::write(const uint8_t *, size_t n) { return n; }
void Print::flush() {}

static int np, nf;
static void check(bool good, const char *what)
{
    printf("%s %s\n", good ? "ok  " : "FAIL", what);
    (good ? np : nf)++;
}

/* ---- the server: PSK, echoes every record ---- */
static const uint8_t KEY[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
static const uint8_t SRV_ADDR[4] = {10, 0, 0, 1};
static const uint16_t SRV_PORT = 4433;
class LoopUdp;
static LoopUdp *net;
static dtls_server srv;
static dtls_ctx sctx;
static dtls_hs shs[1];
static dtls_conn slots[2];
static dtls_config scfg;
static dtls_crypto_hooks shooks;
static uint8_t stx[1232];
static int closed_reason = 1, drop_next_server_flight;

static int counter_random(void *user, uint8_t *out, size_t len)
{
    static uint8_t c;
    (void)user;
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(c++ * 151u + 7u);
    return 0;
}

/* ---- UDP: what the client sends goes to the server at once; what the
 * server sends waits in a queue for the client's parsePacket ---- */
class LoopUdp : public UDP {
  public:
    struct Dgram {
        uint8_t data[1500];
        size_t len;
        uint8_t ip[4];
        uint16_t port;
    };
    Dgram q[8];
    int n = 0, cur = -1;
    size_t pos = 0, out_len = 0;
    uint8_t out[1500];
    uint16_t local = 0;
    int client_sent = 0, parses = 0;
    void push(const uint8_t *d, size_t len, const uint8_t ip[4], uint16_t port)
    {
        if (n == 8 || len > sizeof q[0].data)
            return;
        memcpy(q[n].data, d, len), q[n].len = len, memcpy(q[n].ip, ip, 4), q[n].port = port;
        n++;
    }
    uint8_t begin(uint16_t p) { return (uint8_t)(local = p, 1); }
    void stop() {}
    int beginPacket(IPAddress ip, uint16_t port)
    {
        out_len = 0;
        return ip[0] == 10 && ip[3] == 1 && port == SRV_PORT ? 1 : 0;
    }
    int beginPacket(const char *, uint16_t) { return 0; }
    size_t write(uint8_t b) { return write(&b, 1); }
    size_t write(const uint8_t *b, size_t len)
    {
        if (out_len + len > sizeof out)
            return 0;
        memcpy(out + out_len, b, len), out_len += len;
        return len;
    }
    int endPacket()
    {
        static const uint8_t client[6] = {10, 0, 0, 2, 0x11, 0x52}; /* 10.0.0.2:4434, opaque to the server */
        client_sent++;
        (void)dtls_server_input(&srv, out, out_len, client, sizeof client);
        return 1;
    }
    int parsePacket()
    {
        parses++;
        if (cur >= 0) { /* drop the datagram handed out last */
            memmove(&q[0], &q[1], (size_t)(n - 1) * sizeof q[0]);
            n--, cur = -1;
        }
        if (n == 0)
            return 0;
        cur = 0, pos = 0;
        return (int)q[0].len;
    }
    int available() { return cur < 0 ? 0 : (int)(q[0].len - pos); }
    int read() { return -1; }
    int read(unsigned char *b, size_t len)
    {
        size_t k = cur < 0 ? 0 : q[0].len - pos;
        if (k > len)
            k = len;
        if (k)
            memcpy(b, q[0].data + pos, k), pos += k;
        return (int)k;
    }
    int read(char *b, size_t len) { return read((unsigned char *)b, len); }
    int peek() { return -1; }
    void flush() {}
    IPAddress remoteIP() { return IPAddress(q[0].ip[0], q[0].ip[1], q[0].ip[2], q[0].ip[3]); }
    uint16_t remotePort() { return q[0].port; }
};

static int srv_send(void *, const uint8_t *, size_t, const uint8_t *d, size_t len)
{
    if (drop_next_server_flight) { /* a lost datagram */
        drop_next_server_flight--;
        return (int)len;
    }
    net->push(d, len, SRV_ADDR, SRV_PORT);
    return (int)len;
}
static uint32_t srv_now(void *) { return (uint32_t)fake_ms; }
static void srv_data(void *, dtls_conn *c, const uint8_t *d, size_t len) { (void)dtls_conn_write(c, d, len); }
static void srv_close(void *, dtls_conn *, int reason) { closed_reason = reason; }

/* one round: the client's update and the server's timer, 10 ms later */
static void step(DtlsArduino &c)
{
    uint32_t at;
    c.update();
    fake_ms += 10;
    if (dtls_server_deadline(&srv, &at) && (int32_t)((uint32_t)fake_ms - at) >= 0)
        (void)dtls_server_timer(&srv);
}

int main()
{
    static const uint16_t suites[] = {DTLS_PSK_WITH_AES_128_CCM_8};
    LoopUdp udp;
    net = &udp;
    shooks.random = counter_random;
    scfg.role = DTLS_ROLE_SERVER;
    scfg.suites = suites, scfg.n_suites = 1;
    scfg.psk_identity = (const uint8_t *)"arduino", scfg.psk_identity_len = 7; /* the one identity accepted */
    scfg.psk = KEY, scfg.psk_len = sizeof KEY;
    scfg.send = srv_send, scfg.now = srv_now, scfg.hooks = &shooks;
    scfg.on_data = srv_data, scfg.on_close = srv_close;
    if (dtls_ctx_init(&sctx, &scfg, stx, sizeof stx, shs, 1) != 0 || dtls_server_init(&srv, &sctx, slots, 2) != 0) {
        puts("FAIL server setup");
        puts("RESULT 0 1 0");
        return 1;
    }

    {
        DtlsArduinoClient<512> none(udp, NULL, NULL);
        none.setPsk("arduino", KEY, sizeof KEY);
        int r = none.connect(IPAddress(10, 0, 0, 1), SRV_PORT);
        check(r == DTLS_ERR_RANDOM && udp.client_sent == 0 && strcmp(none.errorText(), "the random source failed") == 0,
              "connect() without a random function: DTLS_ERR_RANDOM, nothing sent");
    }

    static DtlsArduinoClient<512> c(udp, counter_random, NULL);
    c.setPsk("arduino", KEY, sizeof KEY);
    udp.begin(4434);
    drop_next_server_flight = 1; /* the HelloVerifyRequest is lost: the ClientHello must be resent after 1 s */
    check(c.connect(IPAddress(10, 0, 0, 1), SRV_PORT) == 0 && udp.client_sent == 1, "connect(): one ClientHello sent, returns at once");
    unsigned long t0 = fake_ms;
    int i;
    for (i = 0; i < 300 && udp.client_sent < 2; i++)
        step(c);
    /* (the retransmission sends retransmit_copies, 2 by default, copies) */
    check(udp.client_sent >= 2 && fake_ms - t0 >= 1000 && fake_ms - t0 <= 1020,
          "update(): the lost flight is resent when the 1 s retransmission timer expires");
    for (i = 0; i < 300 && !c.connected(); i++)
        step(c);
    check(c.connected() && c.error() == 0, "handshake TLS_PSK_WITH_AES_128_CCM_8 completed through update()");

    uint8_t buf[64];
    check(c.write("hello") == 5, "write(): one record");
    /* a datagram from another port of the server's host: not our peer */
    static const uint8_t junk[20] = {23, 0xfe, 0xfd};
    uint8_t other[4] = {10, 0, 0, 1};
    udp.push(junk, sizeof junk, other, 9999);
    /* the echo is behind it: move the junk first */
    if (udp.n == 2) {
        LoopUdp::Dgram t = udp.q[0];
        udp.q[0] = udp.q[1], udp.q[1] = t;
    }
    dtls_stats before, after;
    dtls_conn_stats(c.connection(), &before);
    step(c);
    dtls_conn_stats(c.connection(), &after);
    check(after.datagrams_in == before.datagrams_in + 1, "update(): a datagram from another port is not fed to the engine");
    check(c.available() == 1, "available(): the echoed record waits");
    c.write("again"); /* its echo arrives while "hello" is unread */
    int parses = udp.parses;
    step(c);
    check(udp.parses == parses && udp.n == 2, "update(): a further datagram waits in the UDP object while a record is unread");
    int n = c.read(buf, sizeof buf);
    check(n == 5 && memcmp(buf, "hello", 5) == 0, "read(): the echo, \"hello\"");
    step(c);
    n = c.read(buf, sizeof buf);
    check(n == 5 && memcmp(buf, "again", 5) == 0 && c.read(buf, sizeof buf) == 0, "read(): then \"again\", then 0 (none)");
    c.close();
    check(closed_reason == DTLS_ERR_CLOSED, "close(): the server's on_close sees close_notify (DTLS_ERR_CLOSED)");
    printf("RESULT %d %d 0\n", np, nf);
    return nf != 0;
}
