// crypto_selftest.ino - checks dtls.h's crypto core on the board: SHA-256 and
// AES-128-CCM_8 (the CoAP suite's cipher) against published known answers,
// then prints how long a CCM_8 record of 64 bytes takes to seal.
#include <dtls.h>

static bool same(const uint8_t *a, const uint8_t *b, size_t n) { return dtls_ct_equal(a, b, n) == 1; }

void setup() {
  Serial.begin(115200);
  static const uint8_t abc_sha256[32] = {
      0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  uint8_t out[64];
  dtls_sha256(out, "abc", 3);  // FIPS 180-4 example
  Serial.println(same(out, abc_sha256, 32) ? "SHA-256 ok" : "SHA-256 FAILED");

  // RFC 3610 packet vector 1 (AES-128-CCM, 8-byte tag)
  static const uint8_t key[16] = {0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
                                  0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf};
  static const uint8_t nonce[13] = {0x00, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                                    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5};
  static const uint8_t want[31] = {0x58, 0x8c, 0x97, 0x9a, 0x61, 0xc6, 0x63, 0xd2, 0xf0, 0x66, 0xd0,
                                   0xc2, 0xc0, 0xf9, 0x89, 0x80, 0x6d, 0x5f, 0x6b, 0x61, 0xda, 0xc3,
                                   0x84, 0x17, 0xe8, 0xd1, 0x2c, 0xfd, 0xf9, 0x26, 0xe0};
  uint8_t msg[31];
  for (uint8_t i = 0; i < 31; i++) msg[i] = i;
  dtls_aes_ccm_seal(out, key, 16, 8, nonce, 13, msg, 8, msg + 8, 23);
  Serial.println(same(out, want, 31) ? "AES-128-CCM_8 ok" : "AES-128-CCM_8 FAILED");

  uint8_t rec[64 + 8];
  memset(rec, 0x42, 64);
  unsigned long t0 = micros();
  dtls_aes_ccm_seal(rec, key, 16, 8, nonce, 12, NULL, 0, rec, 64);
  Serial.print("CCM_8 seal of 64 bytes: ");
  Serial.print(micros() - t0);
  Serial.println(" us");
}

void loop() {}
