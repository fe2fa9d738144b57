/* avr_kat.c - known-answer tests of dtls_crypto.h on an 8-bit AVR (ATmega2560:
 * 16-bit int, 8 KiB of RAM), run under simavr by tests/run.sh.  Output goes to
 * UART0, which simavr prints; the last line is "RESULT <passed> <failed> 0".
 * Vectors are the same published ones as the host tests (sources named). */
#define DTLS_CRYPTO_IMPLEMENTATION
#include "../../dtls_crypto.h"

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
static int passed, failed;

/* Hex strings live in flash (PROGMEM): RAM is too small for them. */
static size_t hex_P(uint8_t *out, const char *s)
{
    size_t n = 0;
    for (;;) {
        char hi = (char)pgm_read_byte(s), lo;
        uint8_t v = 0;
        int i;
        if (!hi) return n;
        lo = (char)pgm_read_byte(s + 1);
        for (i = 0; i < 2; i++) {
            char c = i ? lo : hi;
            v = (uint8_t)(v << 4);
            v = (uint8_t)(v | (c <= '9' ? c - '0' : c - 'a' + 10));
        }
        out[n++] = v;
        s += 2;
    }
}

static void check(const char *name, int ok)
{
    if (ok) passed++; else failed++;
    printf_P(PSTR("%S %S\n"), ok ? PSTR("ok  ") : PSTR("FAIL"), name);
}

#define HEX(var, str) static const char var[] PROGMEM = str

HEX(sha256_abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
HEX(sha384_abc, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
HEX(hmac_c1, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
HEX(prf_secret, "9bbe436ba940f017b17652849a71db35");
HEX(prf_seed, "a0ba9f936cda311827a6f796ffd5198c");
HEX(prf_out, "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66");
HEX(aes_key, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
HEX(aes_pt, "00112233445566778899aabbccddeeff");
HEX(aes128_ct, "69c4e0d86a7b0430d8cdb78070b4c55a");
HEX(aes256_ct, "8ea2b7ca516745bfeafc49904b496089");
HEX(gcm2_out, "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
HEX(ccm_key, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
HEX(ccm_nonce, "00000003020100a0a1a2a3a4a5");
HEX(ccm_out, "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0");
HEX(cp_key, "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
HEX(cp_nonce, "070000004041424344454647");
HEX(cp_aad, "50515253c0c1c2c3c4c5c6c7");
HEX(cp_ct, "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116");
HEX(cp_tag, "1ae10b594f09e26a7e902ecbd0600691");
HEX(x_alice, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
HEX(x_alice_pub, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
HEX(x_bob_pub, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
HEX(x_shared, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
HEX(p256_priv, "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
HEX(p256_pub, "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299");
HEX(p256_sig, "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");

static const char ladies[] PROGMEM =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";

int main(void)
{
    static uint8_t a[160], b[160], c[160], k[32], n[16]; /* the RFC 8439 record is 114 + 16 bytes */
    size_t len;

    UCSR0B = (uint8_t)(1 << TXEN0);
    stdout = &uart;
    printf_P(PSTR("dtls_crypto.h on AVR: sizeof(int) = %d\n"), (int)sizeof(int));

    dtls_sha256(a, "abc", 3); /* FIPS 180-4 */
    hex_P(b, sha256_abc);
    check(PSTR("SHA-256 abc (FIPS 180-4)"), memcmp(a, b, 32) == 0);
#if DTLS_ENABLE_SHA384
    dtls_sha384(a, "abc", 3);
    hex_P(b, sha384_abc);
    check(PSTR("SHA-384 abc (FIPS 180-4)"), memcmp(a, b, 48) == 0);
#endif
    memset(k, 0x0b, 20); /* RFC 4231 case 1 */
    dtls_hmac(a, DTLS_HASH_SHA256, k, 20, "Hi There", 8);
    hex_P(b, hmac_c1);
    check(PSTR("HMAC-SHA-256 (RFC 4231 case 1)"), memcmp(a, b, 32) == 0);

    hex_P(k, prf_secret); /* TLS 1.2 PRF test vector (SHA-256) */
    hex_P(n, prf_seed);
    dtls_tls12_prf(a, 100, DTLS_HASH_SHA256, k, 16, "test label", n, 16);
    hex_P(b, prf_out);
    check(PSTR("TLS 1.2 PRF SHA-256 (100 bytes)"), memcmp(a, b, 100) == 0);

    {
        dtls_aes_ctx aes; /* FIPS-197 C.1 and C.3 */
        hex_P(k, aes_key);
        hex_P(a, aes_pt);
        dtls_aes_init(&aes, k, 16);
        dtls_aes_encrypt_blocks(&aes, b, a, 1);
        hex_P(c, aes128_ct);
        check(PSTR("AES-128 (FIPS-197 C.1)"), memcmp(b, c, 16) == 0);
        dtls_aes_init(&aes, k, 32);
        dtls_aes_encrypt_blocks(&aes, b, a, 1);
        hex_P(c, aes256_ct);
        check(PSTR("AES-256 (FIPS-197 C.3)"), memcmp(b, c, 16) == 0);
    }

    memset(k, 0, 16); /* GCM spec test case 2 */
    memset(n, 0, 12);
    memset(a, 0, 16);
    dtls_aes_gcm_seal(b, k, 16, n, 12, NULL, 0, a, 16);
    hex_P(c, gcm2_out);
    check(PSTR("AES-128-GCM (GCM spec case 2)"), memcmp(b, c, 32) == 0);
    check(PSTR("AES-128-GCM open"), dtls_aes_gcm_open(a, k, 16, n, 12, NULL, 0, b, 32) == 0);
    b[5] ^= 1;
    check(PSTR("AES-128-GCM open rejects a flipped bit"), dtls_aes_gcm_open(a, k, 16, n, 12, NULL, 0, b, 32) == DTLS_ERR_AUTH);

    hex_P(k, ccm_key); /* RFC 3610 packet vector 1 */
    hex_P(n, ccm_nonce);
    for (len = 0; len < 31; len++) a[len] = (uint8_t)len;
    dtls_aes_ccm_seal(b, k, 16, 8, n, 13, a, 8, a + 8, 23);
    hex_P(c, ccm_out);
    check(PSTR("AES-128-CCM_8 (RFC 3610 packet 1)"), memcmp(b, c, 31) == 0);
    check(PSTR("AES-128-CCM_8 open in place"), dtls_aes_ccm_open(b, k, 16, 8, n, 13, a, 8, b, 31) == 0 && memcmp(b, a + 8, 23) == 0);

    hex_P(k, cp_key); /* RFC 8439 2.8.2 */
    hex_P(n, cp_nonce);
    hex_P(c, cp_aad);
    len = strlen_P(ladies);
    memcpy_P(a, ladies, len);
    dtls_chacha20poly1305_seal(b, k, n, 12, c, 12, a, len);
    hex_P(a, cp_ct);
    hex_P(a + len, cp_tag);
    check(PSTR("ChaCha20-Poly1305 (RFC 8439 2.8.2)"), memcmp(a, b, len + 16) == 0);

    hex_P(k, x_alice); /* RFC 7748 6.1 */
    dtls_x25519_public(a, k);
    hex_P(b, x_alice_pub);
    check(PSTR("X25519 public key (RFC 7748 6.1)"), memcmp(a, b, 32) == 0);
    hex_P(c, x_bob_pub);
    check(PSTR("X25519 shared (RFC 7748 6.1)"), dtls_x25519(a, k, c) == 0 && (hex_P(b, x_shared), memcmp(a, b, 32) == 0));

#if DTLS_ENABLE_P256
    hex_P(k, p256_priv); /* RFC 6979 A.2.5 */
    dtls_p256_public(a, k);
    hex_P(b, p256_pub);
    check(PSTR("P-256 public key (RFC 6979 A.2.5)"), memcmp(a, b, 65) == 0);
    dtls_sha256(c, "sample", 6);
    dtls_p256_ecdsa_sign(a + 65, k, c, 32, (dtls_random_fn)0, NULL);
    hex_P(b + 65, p256_sig);
    check(PSTR("P-256 ECDSA sign, RFC 6979 deterministic"), memcmp(a + 65, b + 65, 64) == 0);
    check(PSTR("P-256 ECDSA verify"), dtls_p256_ecdsa_verify(b, 65, c, 32, b + 65) == 0);
    c[0] ^= 1;
    check(PSTR("P-256 ECDSA verify rejects another hash"), dtls_p256_ecdsa_verify(b, 65, c, 32, b + 65) == DTLS_ERR_BAD_SIGNATURE);
#endif

    printf_P(PSTR("RESULT %d %d 0\n"), passed, failed);
    cli();
    sleep_mode(); /* simavr ends the run: sleeping with interrupts off */
    return 0;
}
