/* test_p384.c - P-384 ECDSA verification and public-key checks.
 *
 * Sources: a signature made with OpenSSL 3.0 (`openssl dgst -sha384 -sign`
 * with a fresh secp384r1 key over the message below); Wycheproof
 * ecdsa_secp384r1_sha384 (DER signatures, SHA-384).
 *
 * Wycheproof decisions by flag: the file has no "acceptable" vectors; BER
 * forms (BerEncodedSignature, InvalidEncoding, MissingZero, ...) are rejected
 * by the strict DER parser and would count as rejected-by-design if marked
 * acceptable; out-of-range r, s (RangeCheck, IntegerOverflow) by verify. */
#include "../wp.h"

static const char *ossl_pub =
    "0409085518412b0557b72012c1e9b07b4e4b75f98b5c0a89e94f81d09e08e8943f4aa65aaa322508d3dea6"
    "376941ecd4c92872eb48c472df9d9d1b5de402ddc8cc6d3aeb62d2d962198674ad7674e792f4f20ba903fd4e"
    "6a9f78e6ffa5cf0de52f";
static const char *ossl_msg = "dtls.h P-384 test message";
static const char *ossl_sig =
    "3066023100e0b2ab0658a4823736b23cba78cafb45efddaa62d79e998d51612f1e39f3d0eb213cdbd549d80c"
    "f48fe606f31db91bd90231008a33ca1636b28e10fbb9c4a637ba99877c6226d409216023aa8d1dcd9d366b7b"
    "297e371dcb66206f99af4199fc417818";
static const char *n384_hex = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                              "581a0db248b0a77aecec196accc52973";

TEST(openssl_signature)
{
    uint8_t pub[97], der[120], rs[96], bad[96], h[48], back[120];
    size_t dl;
    CHECK_EQ(unhex(pub, sizeof pub, ossl_pub), 97);
    dl = unhex(der, sizeof der, ossl_sig);
    dtls_sha384(h, ossl_msg, strlen(ossl_msg));
    CHECK_EQ(dtls_p384_check_public(pub, 97), 0);
    CHECK_EQ(dtls_ecdsa_sig_from_der(rs, 48, der, dl), 0);
    CHECK_EQ(dtls_ecdsa_sig_to_der(back, sizeof back, rs, 48), (long)dl);
    CHECK_MEM(back, der, dl);
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, rs), 0);
    /* tampered hash, r, s */
    h[47] ^= 1;
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, rs), DTLS_ERR_BAD_SIGNATURE);
    h[47] ^= 1;
    memcpy(bad, rs, 96);
    bad[10] ^= 4;
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, bad), DTLS_ERR_BAD_SIGNATURE);
    memcpy(bad, rs, 96);
    bad[95] ^= 4;
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, bad), DTLS_ERR_BAD_SIGNATURE);
    /* r = 0, s = n */
    memcpy(bad, rs, 96);
    memset(bad, 0, 48);
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, bad), DTLS_ERR_BAD_SIGNATURE);
    memcpy(bad, rs, 96);
    unhex(bad + 48, 48, n384_hex);
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, bad), DTLS_ERR_BAD_SIGNATURE);
    /* a truncated hash of 32 bytes is a different message */
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 32, rs), DTLS_ERR_BAD_SIGNATURE);
}

TEST(invalid_public_keys)
{
    uint8_t pub[98], h[48], rs[96];
    unhex(pub, 97, ossl_pub);
    memset(h, 0, sizeof h);
    memset(rs, 1, sizeof rs);
    pub[96] ^= 1; /* off the curve */
    CHECK_EQ(dtls_p384_check_public(pub, 97), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p384_ecdsa_verify(pub, 97, h, 48, rs), DTLS_ERR_BAD_KEY);
    pub[96] ^= 1;
    pub[0] = 0x03;
    CHECK_EQ(dtls_p384_check_public(pub, 97), DTLS_ERR_BAD_KEY);
    pub[0] = 0x04;
    pub[97] = 0;
    CHECK_EQ(dtls_p384_check_public(pub, 96), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p384_check_public(pub, 98), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_p384_check_public(pub, 65), DTLS_ERR_BAD_KEY);
    /* x = p */
    unhex(pub + 1, 48, "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff");
    CHECK_EQ(dtls_p384_check_public(pub, 97), DTLS_ERR_BAD_KEY);
    /* all zero */
    memset(pub + 1, 0, 96);
    CHECK_EQ(dtls_p384_check_public(pub, 97), DTLS_ERR_BAD_KEY);
}

TEST(wycheproof_ecdsa_secp384r1_sha384)
{
    wp_file f;
    long valid_ok = 0, invalid_rej = 0, acc_yes = 0, acc_no = 0, failures = 0;
    static uint8_t pub[200], msg[70000], sig[70000], h[48], rs[96];
    const char *name = "ecdsa_secp384r1_sha384";
    if (!wp_open(&f, name)) {
        test_skip(name, "Wycheproof vectors not found (set DTLS_VECTORS)");
        return;
    }
    while (wp_next(&f)) {
        size_t pl = wp_hex(&f.group, "publicKey.uncompressed", pub, sizeof pub);
        size_t ml = wp_hex(&f.test, "msg", msg, sizeof msg);
        size_t sl = wp_hex(&f.test, "sig", sig, sizeof sig);
        const char *res = wp_result(&f.test);
        long tc = wp_int(&f.test, "tcId");
        int ret;
        dtls_sha384(h, msg, ml);
        ret = dtls_ecdsa_sig_from_der(rs, 48, sig, sl);
        if (ret == 0) ret = dtls_p384_ecdsa_verify(pub, pl, h, 48, rs);
        if (ret != 0 && ret != DTLS_ERR_BAD_SIGNATURE && ret != DTLS_ERR_ENCODING) {
            fprintf(stderr, "%s tcId %ld: unexpected code %d\n", name, tc, ret);
            failures++;
        } else if (strcmp(res, "valid") == 0) {
            if (ret == 0) valid_ok++;
            else {
                fprintf(stderr, "%s tcId %ld: valid vector rejected (%d)\n", name, tc, ret);
                failures++;
            }
        } else if (strcmp(res, "invalid") == 0) {
            if (ret != 0) invalid_rej++;
            else {
                fprintf(stderr, "%s tcId %ld: invalid vector accepted\n", name, tc);
                failures++;
            }
        } else {
            if (ret == 0) acc_yes++;
            else acc_no++;
            if (ret == 0 && wp_has_flag(&f.test, "BerEncodedSignature")) {
                FAIL("acceptable BER signature accepted (decision: strict DER rejects it)");
                failures++;
            }
        }
    }
    wp_close(&f);
    printf("     wycheproof %s: %ld valid ok, %ld invalid rejected, %ld acceptable (accepted %ld / "
           "rejected %ld), %ld rejected-by-design (not strict DER), %ld failures\n",
           name, valid_ok, invalid_rej, acc_yes + acc_no, acc_yes, acc_no, acc_no, failures);
    CHECK_EQ(failures, 0);
    CHECK(valid_ok > 0 && invalid_rej > 0);
}

int main(void)
{
    RUN(openssl_signature);
    RUN(invalid_public_keys);
    RUN(wycheproof_ecdsa_secp384r1_sha384);
    return test_done();
}
