// layout_guard.ino - the layout guard on an Arduino Mega (tests/arduino/run.sh
// builds it with arduino-builder and runs it under simavr).
//   LAYOUT_OWN_IMPL 0: DTLS_ENABLE_CERTS 0 is set only here, as a user might
//     try; the library's dtls.c (compiled apart, with the defaults) must refuse
//     dtls_ctx_init with DTLS_ERR_LAYOUT (-36) instead of writing past the
//     smaller structures this file allocates.
//   LAYOUT_OWN_IMPL 1: the same option, with the implementation compiled in
//     this file (DTLS_STATIC, DTLS_IMPLEMENTATION): dtls_ctx_init returns 0.
// The result goes to the serial port; then the CPU sleeps with interrupts off,
// which ends simavr.
#ifndef LAYOUT_OWN_IMPL
#define LAYOUT_OWN_IMPL 0
#endif
#define DTLS_ENABLE_CERTS 0
#if LAYOUT_OWN_IMPL
#define DTLS_STATIC 1
#define DTLS_IMPLEMENTATION 1
#endif
#include <dtls.h>
#include <avr/sleep.h>

static int fixed_random(void *user, uint8_t *out, size_t len) {  // a test: no handshake runs
  (void)user;
  memset(out, 7, len);
  return 0;
}
static int no_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len) {
  (void)user; (void)addr; (void)addr_len; (void)data;
  return (int)len;
}
static uint32_t now_ms(void *user) {
  (void)user;
  return millis();
}

static const uint8_t key[16] = {1};
static dtls_crypto_hooks hooks;
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static uint8_t tx[256];

void setup() {
  Serial.begin(115200);
  hooks.random = fixed_random;
  cfg.role = DTLS_ROLE_CLIENT;
  cfg.psk_identity = (const uint8_t *)"id";
  cfg.psk_identity_len = 2;
  cfg.psk = key;
  cfg.psk_len = sizeof key;
  cfg.send = no_send;
  cfg.now = now_ms;
  cfg.hooks = &hooks;
  cfg.mtu = sizeof tx;
  int r = dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1);
  Serial.print(F("dtls_ctx_init: "));
  Serial.print(r);
  Serial.print(F(" "));
  char text[80];
  dtls_strerror_r(r, text, sizeof text);  // the texts are in flash on AVR
  Serial.println(text);
  Serial.print(F("sizeof(dtls_hs) "));
  Serial.println((unsigned)sizeof(dtls_hs));
  Serial.flush();
  set_sleep_mode(SLEEP_MODE_PWR_DOWN);
  sleep_enable();
  cli();
  sleep_cpu();
}

void loop() {}
