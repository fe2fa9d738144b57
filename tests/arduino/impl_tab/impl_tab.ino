// impl_tab.ino - the pattern dot_a_linkage would need (tests/arduino/run.sh):
// the implementation compiled, with an option, in a .c tab of the sketch
// (dtls_impl.c), the library's own dtls.c expected to stay unused in an
// archive.  The flat library layout ignores dot_a_linkage (arduino-builder
// and arduino-cli archive only src/-layout libraries), so both copies are
// linked and the link fails with multiple definitions: the reason the
// examples compile the implementation with DTLS_STATIC in the sketch itself.
#define DTLS_ENABLE_CERTS 0
#include <dtls.h>

static int no_send(void *user, const uint8_t *addr, size_t addr_len, const uint8_t *data, size_t len) {
  (void)user; (void)addr; (void)addr_len; (void)data;
  return (int)len;
}
static dtls_config cfg;
static dtls_ctx ctx;
static dtls_hs hs;
static uint8_t tx[256];

void setup() {
  cfg.send = no_send;
  Serial.begin(115200);
  Serial.println(dtls_ctx_init(&ctx, &cfg, tx, sizeof tx, &hs, 1));
}

void loop() {}
