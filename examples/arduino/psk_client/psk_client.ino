// psk_client.ino - a DTLS 1.2 PSK client (TLS_PSK_WITH_AES_128_CCM_8) for
// any board with a UDP implementation (Ethernet shield, Wi-Fi module, ...).
// It connects to dtls-server on a PC, sends a line every 5 seconds and prints
// what the server echoes.  Step by step: examples/arduino/README.md.

// ==== 1. dtls.h's options: set here, compiled here ====
// A sketch's #define never reaches the library's own dtls.c (Arduino compiles
// it apart, with the defaults).  So this sketch compiles the implementation
// itself, in this file, with its options (DTLS_STATIC keeps it private to
// this file: the library's default copy is then unused and dropped by the
// linker).  PSK only, client only: what fits an 8 KB ATmega2560.
#define DTLS_ENABLE_CERTS 0
#define DTLS_ENABLE_SERVER 0
#define DTLS_ENABLE_RSA 0
#define DTLS_ENABLE_P384 0
#define DTLS_ENABLE_SHA384 0
#define DTLS_ENABLE_GCM 0
#define DTLS_ENABLE_CHACHAPOLY 0
#define DTLS_ENABLE_X25519 0
#define DTLS_ENABLE_P256 0
#define DTLS_MAX_IDENTITY 32
#define DTLS_MAX_PSK 32
#define DTLS_STATIC 1
#define DTLS_IMPLEMENTATION 1
#include <dtls.h>
#include <DtlsArduino.h>

// ==== 2. the network: the one place that names a UDP implementation ====
// 1: an Ethernet shield or module (W5100/W5200/W5500) with the Ethernet
// library that ships with the Arduino IDE.  Another board's UDP class
// (WiFiUDP of WiFiNINA or WiFiS3, ...) goes here the same way: anything
// derived from the core's UDP works.  0: stub_udp.h, which sends nowhere
// (it builds on any board, as the repository's test does, but never connects).
#define USE_ETHERNET 0
#if USE_ETHERNET
#include <Ethernet.h>
#include <EthernetUdp.h>
EthernetUDP udp;
static byte mac[] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x17};  // locally administered
static bool network_begin() {
  Serial.println(F("DHCP..."));
  if (Ethernet.begin(mac) == 0) return false;  // 1 when DHCP gave an address
  Serial.print(F("address "));
  Serial.println(Ethernet.localIP());
  return true;
}
#else
#include "stub_udp.h"
StubUdp udp;
static bool network_begin() {
  Serial.println(F("stub UDP: nothing is sent; set USE_ETHERNET to 1 (psk_client.ino, part 2)"));
  return true;
}
#endif

// ==== 3. the server and the key: the same as dtls-server's options ====
//   build/dtls-server --psk-identity arduino --psk 000102030405060708090a0b0c0d0e0f --echo 4433
static const IPAddress SERVER_IP(192, 168, 1, 10);  // the PC running dtls-server
static const uint16_t SERVER_PORT = 4433;
static const uint16_t LOCAL_PORT = 4434;
static const char PSK_IDENTITY[] = "arduino";
static const uint8_t PSK[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

// ==== 4. entropy: the sketch must supply it ====
// DTLS needs unpredictable bytes (the client random, RFC 5246 7.4.1.2).  An
// ATmega has no random source, and random() is predictable, so there is no
// default: give board_random() your board's true random source (a hardware
// RNG, a secure element such as the ATECC608, ...).  Until then it fails and
// connect() reports "the random source failed".
// USE_TEST_ENTROPY 1 is for a bench test only: it hashes analogRead noise of
// an open pin and micros() jitter, which is NOT a secure random source.
#define USE_TEST_ENTROPY 0
static int board_random(void *user, uint8_t *out, size_t len) {
  (void)user;
#if USE_TEST_ENTROPY
  static uint32_t counter;
  while (len > 0) {
    uint8_t pool[72], digest[32];
    uint32_t t = micros();
    memcpy(pool, &counter, 4);
    memcpy(pool + 4, &t, 4);
    for (uint8_t i = 0; i < 32; i++) {
      uint16_t a = (uint16_t)analogRead(A0);
      pool[8 + 2 * i] = (uint8_t)a;
      pool[9 + 2 * i] = (uint8_t)(micros() ^ (a >> 8));
    }
    counter++;
    dtls_sha256(digest, pool, sizeof pool);
    size_t n = len < sizeof digest ? len : sizeof digest;
    memcpy(out, digest, n);
    out += n;
    len -= n;
  }
  return 0;
#else
  (void)out;
  (void)len;
  return -1;
#endif
}

// The connection: buffers of 512 bytes (largest datagram sent and received).
DtlsArduinoClient<512> dtls(udp, board_random, NULL);
static uint32_t last_sent, failed_at;
static uint16_t count;

static void start() {
  int r = dtls.connect(SERVER_IP, SERVER_PORT);
  Serial.print(F("connect: "));
  Serial.println(r == 0 ? "ClientHello sent" : dtls.errorText());
  if (r != 0) failed_at = millis() | 1;
}

void setup() {
  Serial.begin(115200);
  if (!network_begin()) Serial.println(F("network: no address"));
  udp.begin(LOCAL_PORT);
  dtls.setPsk(PSK_IDENTITY, PSK, sizeof PSK);
#if USE_TEST_ENTROPY
  Serial.println(F("WARNING: test entropy (USE_TEST_ENTROPY): not secure"));
#endif
  start();
}

void loop() {
  dtls.update();  // datagrams in, retransmissions out
  if (dtls.error() != 0) {
    if (failed_at == 0) {  // report once, retry in 10 s
      Serial.print(F("failed: "));
      Serial.println(dtls.errorText());
      failed_at = millis() | 1;
    } else if (millis() - failed_at > 10000) {
      failed_at = 0;
      start();
    }
    return;
  }
  if (dtls.connected() && (last_sent == 0 || millis() - last_sent > 5000)) {
    char line[32];
    snprintf(line, sizeof line, "hello %u from the board", ++count);
    int r = dtls.write(line);
    Serial.print(F("sent: "));
    Serial.println(r > 0 ? line : dtls.errorText(r));
    last_sent = millis() | 1;
  }
  uint8_t buf[64];
  int n;
  while ((n = dtls.read(buf, sizeof buf - 1)) > 0) {
    buf[n] = 0;
    Serial.print(F("echo: "));
    Serial.println((const char *)buf);
  }
}
