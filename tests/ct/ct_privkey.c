/* ct_privkey.c - constant-time check of private-key parsing (proto/x509.c
 * dtls_private_key_parse, proto/der.c) and of dtls_credential_init
 * (proto/handshake_cert.c) under valgrind memcheck.
 *
 * Secret (marked undefined in the DER, byte for byte): the P-256 scalar (the
 * 32 contents octets of the ECPrivateKey privateKey OCTET STRING) and the
 * contents octets of the RSAPrivateKey INTEGERs privateExponent, prime1,
 * prime2, exponent1, exponent2, coefficient (d, p, q, dp, dq, qinv; a leading
 * 0x00 sign octet included).  Public (left defined): every tag and length of
 * the DER, the version, the algorithm identifiers, the curve, the public key
 * in the DER, n and e, the certificates.
 *
 * Declassified inside the library (see README.md): DTLS__ECC_DECLASSIFY (the
 * scalar is in [1, n-1]) and DTLS__X509_DECLASSIFY (the P-256 public key
 * computed from the scalar; for each RSA private INTEGER, whether it is well
 * formed and whether a leading zero octet is dropped, i.e. its byte length).
 * Declassified by the harness: the return codes that come out of those, and
 * the one-bit results of dtls_ct_equal between the parsed scalar and the
 * expected one.
 *
 * The library sources are included here, compiled as static functions
 * (DTLS_STATIC + DTLS__AMALGAMATED, as in the single-header build) with both
 * declassification macros defined to VALGRIND_MAKE_MEM_DEFINED (as in
 * ct_p256.c); the program links with nothing else:
 *   gcc -O2 -g -Icrypto tests/ct/ct_privkey.c -o ct_privkey
 *   valgrind --error-exitcode=1 --track-origins=yes ./ct_privkey
 * (0 errors required, also at -Os). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#define DTLS_STATIC 1
#define DTLS__AMALGAMATED 1
#define DTLS_IMPLEMENTATION 1 /* private functions static too, as in the header's implementation unit */
#define DTLS__ECC_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#if !defined(DTLS__X509_DECLASSIFY) /* -D'DTLS__X509_DECLASSIFY(p,n)=' : negative control */
#define DTLS__X509_DECLASSIFY(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))
#endif

#include "sources_crypto.h"
#include "sources_proto.h"

/* P-256 key 1, PKCS#8 PrivateKeyInfo wrapping the SEC1 key with [0] and [1] (138 bytes) */
static const char k_ec_pkcs8[] =
    "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420aa53e497838094bb16016148"
    "4629873c42f7c79f7c41890f94e77c9420818b71a14403420004e7fede244f3080001cbaf18958f46704810d2616ce41"
    "cc051aea685cb74f5cdef49cee8df97539ffcfa23ba456f5b0a2a1799a9f8071130777c1a7cfb778b063";

/* P-256 key 1, SEC1 ECPrivateKey with [0] prime256v1 and [1] the uncompressed public key (tests/proto/certdata.h cd_srv_key) (121 bytes) */
static const char k_ec_sec1[] =
    "30770201010420aa53e497838094bb160161484629873c42f7c79f7c41890f94e77c9420818b71a00a06082a8648ce3d"
    "030107a14403420004e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cdef49cee8df97539"
    "ffcfa23ba456f5b0a2a1799a9f8071130777c1a7cfb778b063";

/* P-256 key 1, SEC1 with [0] and without the public key (51 bytes) */
static const char k_ec_sec1_nopub[] =
    "30310201010420aa53e497838094bb160161484629873c42f7c79f7c41890f94e77c9420818b71a00a06082a8648ce3d"
    "030107";

/* P-256 key 1, SEC1 with [0] and [1] the compressed public key (89 bytes) */
static const char k_ec_sec1_comp[] =
    "30570201010420aa53e497838094bb160161484629873c42f7c79f7c41890f94e77c9420818b71a00a06082a8648ce3d"
    "030107a12403220003e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cde";

/* P-256 key 2 (openssl ecparam -genkey), SEC1 without [0] and [1] (39 bytes) */
static const char k_ec2_sec1_min[] =
    "302502010104203706bfd463e4f4562a79c578e49f59b061024adf29117484115af53e4d6e7c65";

/* its public key (uncompressed) (65 bytes) */
static const char k_ec2_pub[] =
    "046418a2ffa529b69aa106900b66288f9787066de25daf16c55cec6f0539d9ea947824beb00b11f17297d6b852c3ece3"
    "ce28df7d2d773e26645a62abdf2b152c50";

/* the RSA key of harness.h (ct_rsa2048_pkcs1), PKCS#8 PrivateKeyInfo (openssl pkcs8 -topk8 -nocrypt) (1218 bytes) */
static const char k_rsa_pkcs8[] =
    "308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100ac65f4a51bc1d41e3301"
    "9de7c66c7197dab31f6de8052e733b1711e17c5bd172de5e697e9ce40ac8610bb28afa63cf965b8d5a4346e4c31d1457"
    "d2947aad5774f40fe3ab45145be6a5cd7234dd45b35bd48739165ebf241d6e15bc923fb18211bcad9118367dfc4acc72"
    "3c60e4f6ee433defb9a8032c461f4a6d267d46735c54c0912d0e08b0cb5a161dabb7ec3af4a7ff99b0cf322e2f1e893d"
    "b745dddbc4dfb003d368485f6cadb504887855020a10fd87eec3d9f89502b7f8c3979ff6436e5e7be8dec0bfb5f4879f"
    "3d883eb997811fa91b3d8d7a6a866df19c8d4fd6a33cf14c00f12eb8c11133012aab32e117de6d76e3fc3c789bb5f887"
    "0f2b2e1dd84f0203010001028201000d9ea264b6dc29bf57053e2dd4e1b559ab57f25832f7d1d31dac7567ac74ee8796"
    "24bc4dd9e4342bdf6ad6a89f1e6a8474e82664e1416a5eae403fed2601f2c25513ba474a16512a5817f27955afcf7b26"
    "3fa6956b57cb691dccced07902b38566340a1df11423edded7f988281e8ff534fbeedd649ec74d6a8a53fb9aa8bb76ff"
    "6478900a2823766286f89aba1e54b2f883fb37abfd4f8fbd09fedef587f86b68707294ff60ad7d4adf66fab7809a67c5"
    "28a1e079d7cbabf3a5177563e9d782254a84aa41a9ae34f3b5f0af6607102dc1161387f437ce871f519de92df54ee605"
    "582298d416b38a4d942aee9607c15664444a174d4f1752c9a0caaa4b70cf3102818100db1b6279931ed71a1bd1da4651"
    "8b100e9becbcbe8314e69f469dceb23325874b3800331f1e8c40ed5554acbc00137f06755cdd68cf8b1664e2efb26ff2"
    "13d1257fa3c9059e915cf67254f87cf948fddb1dc4b294f1c245a0ef381ed49d5a308f75be3ea327205436471063ed67"
    "f85a96ec1e96fabd8a635a93753138427e95f102818100c96d30aec7187cbdaaac2deb991a1bf65c09ec3225d75248e4"
    "0cd09f838175f3f41a51f7d42d8ffa34c8b62d30b29ee642d3ac29632ae44fe443227c7bb61f83cb34e285ed34434148"
    "58dc6d4f41aabd9aa8f8713e1b8a629f58a46c0a26f71307b2732b9b6259de40d6ab4325993d22d63b87f07de5c230ad"
    "4dfa2d752c123f028181009165f0c940a9fc9024d9f3812a679ff631debdb9a6feddb3e086a43d78d7749aa3c4ee27be"
    "7bd0322ea80c208de4622d0500e524c265482d16b37db3efeedaa189bc448fe8140a9eb86c4ea19043b1c210551134e9"
    "e1c396f268497d4a16299769c91f83e15900c92c0b62648ed42e396ce337c998b217106a3e20b576dacde102818023ed"
    "d0233cec4743e5afb4b933a40e9cd12a0bf19e025c71180c9921fae91acb1b1d9ec5601988770ef74657a53a1751e755"
    "ae7deb6c79312efc32a895c094ba8382b96d3e347652acbefd029a82921c23fc43e49f397663c51ca0a78ce00a6e608f"
    "1a300b156e0650f679b20e80d900dfc9daa3b1314c843645947c8b4c032d02818100a7df91d65e017f82787354d3dfe6"
    "5d5ded89a9dcf26857f2b93eec5257aa210df83dc875747102b0fd83163778573cde65e7ee92999ced389373accf43f9"
    "942d9551226c68498de369eead376c0e34b84d59126309269d9ab529843c435163769e8324b322c1d86583bdb983698d"
    "d529f9588e1c96eb038f3ae3fa4923983ada";

/* P-256 leaf certificate of key 1 (tests/proto/certdata.h cd_srv) (444 bytes) */
static const char c_ec_leaf[] =
    "308201b83082015da003020102020103300a06082a8648ce3d04030230223120301e06035504030c175465737420496e"
    "7465726d65646961746520502d3235363020170d3236313132323232343335335a180f32313236313032393232343335"
    "335a30143112301006035504030c096c6f63616c686f73743059301306072a8648ce3d020106082a8648ce3d03010703"
    "420004e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cdef49cee8df97539ffcfa23ba456"
    "f5b0a2a1799a9f8071130777c1a7cfb778b063a3818f30818c30090603551d1304023000300e0603551d0f0101ff0404"
    "0302078030130603551d25040c300a06082b06010505070301301a0603551d110413301182096c6f63616c686f737487"
    "047f000001301d0603551d0e04160414bd82eb3c627bf9cdf6d3a34afecaf438d95cb0eb301f0603551d230418301680"
    "14ecb56da7ab25844ee59e1dc974858f8cf003e5bf300a06082a8648ce3d0403020349003046022100f9709f3c4cfc73"
    "60f1bbbefb441fb8b1cddd152ee66a056dc365554dcc91a06b022100ff09bd95a8d3d6be58f66d74f9a88dd8f1a1439d"
    "4e4fdc3b88bfe782f1745299";

/* RSA-2048 leaf certificate of the RSA key (tests/proto/certdata.h cd_rsrv) (829 bytes) */
static const char c_rsa_leaf[] =
    "3082033930820221a003020102020105300d06092a864886f70d01010b050030183116301406035504030c0d54657374"
    "20526f6f74205253413020170d3236313132323232343335335a180f32313236313032393232343335335a3014311230"
    "1006035504030c096c6f63616c686f737430820122300d06092a864886f70d01010105000382010f003082010a028201"
    "0100ac65f4a51bc1d41e33019de7c66c7197dab31f6de8052e733b1711e17c5bd172de5e697e9ce40ac8610bb28afa63"
    "cf965b8d5a4346e4c31d1457d2947aad5774f40fe3ab45145be6a5cd7234dd45b35bd48739165ebf241d6e15bc923fb1"
    "8211bcad9118367dfc4acc723c60e4f6ee433defb9a8032c461f4a6d267d46735c54c0912d0e08b0cb5a161dabb7ec3a"
    "f4a7ff99b0cf322e2f1e893db745dddbc4dfb003d368485f6cadb504887855020a10fd87eec3d9f89502b7f8c3979ff6"
    "436e5e7be8dec0bfb5f4879f3d883eb997811fa91b3d8d7a6a866df19c8d4fd6a33cf14c00f12eb8c11133012aab32e1"
    "17de6d76e3fc3c789bb5f8870f2b2e1dd84f0203010001a3818f30818c30090603551d1304023000300e0603551d0f01"
    "01ff04040302078030130603551d25040c300a06082b06010505070301301a0603551d110413301182096c6f63616c68"
    "6f737487047f000001301d0603551d0e041604147dfecb120a811541d55481df84e0a01f846ec948301f0603551d2304"
    "1830168014b30bc3ebe9c071d45b1fe6fa2173be858d4611c8300d06092a864886f70d01010b050003820101000bdf2d"
    "7f974bdcea855b563f9cfed4377aa747cb0fe8da805926bfd6bbe6a35f24a20dc22c6fcc4cc25fda58fa47decc342549"
    "b56eed17fb54715e46e8b95434c0bc3a60f35a96190dcf042f7714ed11745dca1b70c53821b5ae1e15bac2cc999eac1f"
    "c95457a5e953f95cb3b3e0922da46a9af8d40d3553db0a14ecdac4e5defc131cf8414ab2fd57a01d8af767864f4f4ccc"
    "5c6afaf4cd8bb739387aa7c1669e620d5e78bc54d677ca845bfef03e7498d40b7821a84bd88aaf3c0ff2051bc8261499"
    "d3cd78358f0933758d94be88e17b8e3debb566faa2f4e9b7f602562307299538906be2ea920776b6b6eefc0170a31c8f"
    "71db57238a719fafff7e39179c";

static int bad;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        bad = 1;
    }
}

/* The declassified return code (see the header comment for why each is public). */
static int result(int rc)
{
    PUBLIC(&rc, sizeof rc);
    return rc;
}

/* Offset of the contents of the EC scalar (PKCS#8 or SEC1). */
static size_t ec_scalar_at(const uint8_t *der)
{
    size_t off = ct_skip(der, ct_enter(der, 0)); /* after the version */
    if (der[off] == 0x30) {                      /* PKCS#8: algorithm, then OCTET STRING { ECPrivateKey } */
        off = ct_enter(der, ct_enter(der, ct_skip(der, off)));
        off = ct_skip(der, off);                 /* the ECPrivateKey's version */
    }
    return ct_enter(der, off);
}

/* Offsets (of the contents) and lengths of the 8 RSAPrivateKey INTEGERs after
 * the version (PKCS#1 or PKCS#8). */
static void rsa_ints(const uint8_t *der, size_t at[8], size_t len[8])
{
    size_t off = ct_skip(der, ct_enter(der, 0)), i;
    if (der[off] == 0x30) /* PKCS#8 */
        off = ct_skip(der, ct_enter(der, ct_enter(der, ct_skip(der, off))));
    for (i = 0; i < 8; i++) {
        at[i] = off + ct_tlv(der + off, &len[i]);
        off = ct_skip(der, off);
    }
}

static uint8_t buf[2048], want[32], cbuf[4096];
static dtls_private_key key;
static dtls_credential cred;

/* dtls_private_key_parse of buf[0..n) into key, its code declassified and
 * compared with rc_want (a mismatch is reported); an expected failure must
 * leave key wiped, and ends the case ("ok").  1: the key was parsed as wanted,
 * the caller checks it; 0: the case is over. */
static int parsed(const char *name, size_t n, int rc_want)
{
    int rc = result(dtls_private_key_parse(&key, buf, n));
    if (rc != rc_want) {
        printf("FAIL %s: dtls_private_key_parse %d, want %d\n", name, rc, rc_want);
        bad = 1;
        return 0;
    }
    if (rc != 0) {
        size_t i;
        for (i = 0; i < sizeof key; i++) /* wiped on failure */
            check(((const uint8_t *)&key)[i] == 0, name);
        printf("ok   %s\n", name);
        return 0;
    }
    return 1;
}

/* dtls_credential_init of cred from the leaf cert_hex and the parsed key;
 * reports a code other than cred_want.  1: built as wanted (the caller checks
 * it), *cert_len the leaf's length; 0: otherwise. */
static int cert_cred(const char *name, const char *cert_hex, int cred_want, size_t *cert_len)
{
    dtls_blob cert;
    static uint8_t cder[1024];
    int rc;

    cert.data = cder;
    cert.len = ct_unhex(cder, sizeof cder, cert_hex);
    *cert_len = cert.len;
    rc = dtls_credential_init(&cred, cbuf, sizeof cbuf, &cert, 1, &key);
    if (rc != cred_want) {
        printf("FAIL %s: dtls_credential_init %d, want %d\n", name, rc, cred_want);
        bad = 1;
        return 0;
    }
    return rc == 0;
}

/* Parses an EC key with its scalar secret; rc_want: the expected code.  With
 * cert (the leaf of key 1), also dtls_credential_init. */
static void ec_case(const char *name, const char *hex, const char *pub_hex, int corrupt, int rc_want,
                    const char *cert_hex, int cred_want)
{
    uint8_t pub[65];
    size_t n = ct_unhex(buf, sizeof buf, hex), at = ec_scalar_at(buf);
    int rc, eq;

    if (corrupt == 1)
        memset(buf + at, 0, 32); /* d = 0 */
    else if (corrupt == 2)
        memset(buf + at, 0xff, 32); /* d > n */
    else if (corrupt == 3)
        buf[n - 1] ^= 1; /* the DER's public key is another point's */
    memcpy(want, buf + at, 32);
    SECRET(buf + at, 32);
    SECRET(want, 32);
    if (!parsed(name, n, rc_want))
        return;
    ct_unhex(pub, sizeof pub, pub_hex);
    check(key.type == DTLS_KEY_P256 && key.ec.len == 32 && key.ec.by_hook == 0 &&
              key.ec.alg == DTLS_GROUP_SECP256R1, name);
    eq = dtls_ct_equal(key.ec.bytes, want, 32);
    check(result(eq) == 1, name);
    check(memcmp(key.ec_pub, pub, 65) == 0, name);
    if (cert_hex != NULL) {
        size_t cert_len;
        if (cert_cred(name, cert_hex, cred_want, &cert_len))
            check(cred.dtls__chain_len == 3 + 3 + cert_len && cred.dtls__rpk_len == 94 &&
                      memcmp(cred.dtls__rpk_msg + 3 + 26, pub, 65) == 0,
                  name);
    } else {
        /* a raw-public-key credential: the public key is copied into it */
        rc = dtls_credential_init(&cred, NULL, 0, NULL, 0, &key);
        check(rc == 0 && cred.dtls__rpk_len == 94 && memcmp(cred.dtls__rpk_msg + 3 + 26, pub, 65) == 0, name);
    }
    printf("ok   %s\n", name);
}

/* Parses the RSA key with d, p, q, dp, dq, qinv secret; corrupt: 1 makes dq
 * negative (its first octet 0x80), 2 makes qinv's sign octet superfluous
 * (0x00 followed by a clear top bit), both DTLS_ERR_CERT_PARSE. */
static void rsa_case(const char *name, const char *hex, int corrupt, int rc_want, const char *cert_hex,
                     int cred_want)
{
    size_t n = ct_unhex(buf, sizeof buf, hex), at[8], len[8], i;

    rsa_ints(buf, at, len);
    if (corrupt == 1) {
        check(buf[at[6]] != 0 && len[6] == 128, name); /* dq has no sign octet */
        buf[at[6]] = 0x80;
    } else if (corrupt == 2) {
        check(buf[at[7]] == 0 && len[7] == 129, name); /* qinv has one */
        buf[at[7] + 1] &= 0x7f;
    }
    for (i = 2; i < 8; i++)
        SECRET(buf + at[i], len[i]);
    if (!parsed(name, n, rc_want))
        return;
    check(key.type == DTLS_KEY_RSA, name);
    /* the pointers skip the sign octet (the harness knows where it is: the
     * table is public to it) */
    check(key.rsa.n == buf + at[0] + 1 && key.rsa.n_len == 256 && key.rsa.e == buf + at[1] && key.rsa.e_len == 3,
          name);
    check(key.rsa.p == buf + at[3] + 1 && key.rsa.p_len == 128, name);
    check(key.rsa.q == buf + at[4] + 1 && key.rsa.q_len == 128, name);
    check(key.rsa.dp == buf + at[5] + 1 && key.rsa.dp_len == 128, name);
    check(key.rsa.dq == buf + at[6] && key.rsa.dq_len == 128, name);
    check(key.rsa.qinv == buf + at[7] + 1 && key.rsa.qinv_len == 128, name);
    if (cert_hex != NULL) {
        size_t cert_len;
        if (cert_cred(name, cert_hex, cred_want, &cert_len))
            check(cred.dtls__chain_len == 3 + 3 + cert_len && cred.dtls__rpk_len == 0, name);
    }
    printf("ok   %s\n", name);
}

int main(void)
{
    static const char ec1_pub[] =
        "04e7fede244f3080001cbaf18958f46704810d2616ce41cc051aea685cb74f5cdef49cee8df97539ffcfa23ba456f5b0a2"
        "a1799a9f8071130777c1a7cfb778b063";

    ec_case("P-256 PKCS#8 + credential", k_ec_pkcs8, ec1_pub, 0, 0, c_ec_leaf, 0);
    ec_case("P-256 SEC1 with public key + credential", k_ec_sec1, ec1_pub, 0, 0, c_ec_leaf, 0);
    ec_case("P-256 SEC1 without public key + credential", k_ec_sec1_nopub, ec1_pub, 0, 0, c_ec_leaf, 0);
    ec_case("P-256 SEC1 with compressed public key + credential", k_ec_sec1_comp, ec1_pub, 0, 0, c_ec_leaf, 0);
    ec_case("P-256 SEC1 minimal, raw public key credential", k_ec2_sec1_min, k_ec2_pub, 0, 0, NULL, 0);
    ec_case("P-256 key 2 with key 1's leaf: credential refused", k_ec2_sec1_min, k_ec2_pub, 0, 0, c_ec_leaf,
            DTLS_ERR_BAD_KEY);
    ec_case("P-256 key with an RSA leaf: credential refused", k_ec_sec1, ec1_pub, 0, 0, c_rsa_leaf,
            DTLS_ERR_BAD_KEY);
    ec_case("P-256 d = 0 refused", k_ec_sec1, ec1_pub, 1, DTLS_ERR_BAD_KEY, NULL, 0);
    ec_case("P-256 d > n refused (PKCS#8)", k_ec_pkcs8, ec1_pub, 2, DTLS_ERR_BAD_KEY, NULL, 0);
    ec_case("P-256 public key mismatch refused", k_ec_sec1, ec1_pub, 3, DTLS_ERR_BAD_KEY, NULL, 0);
    ec_case("P-256 compressed public key mismatch refused", k_ec_sec1_comp, ec1_pub, 3, DTLS_ERR_BAD_KEY, NULL, 0);

    rsa_case("RSA-2048 PKCS#1 + credential", ct_rsa2048_pkcs1, 0, 0, c_rsa_leaf, 0);
    rsa_case("RSA-2048 PKCS#8 + credential", k_rsa_pkcs8, 0, 0, c_rsa_leaf, 0);
    rsa_case("RSA-2048 with a P-256 leaf: credential refused", ct_rsa2048_pkcs1, 0, 0, c_ec_leaf, DTLS_ERR_BAD_KEY);
    rsa_case("RSA negative dq refused", ct_rsa2048_pkcs1, 1, DTLS_ERR_CERT_PARSE, NULL, 0);
    rsa_case("RSA non-minimal qinv refused (PKCS#8)", k_rsa_pkcs8, 2, DTLS_ERR_CERT_PARSE, NULL, 0);

    dtls_wipe(&key, sizeof key);
    printf("%s\n", bad ? "FAILED" : "all passed");
    return bad;
}
