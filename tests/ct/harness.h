/* harness.h - what every valgrind constant-time harness shares.
 *
 * SECRET marks bytes undefined: from then on memcheck reports any branch,
 * loop bound or memory address computed from them.  PUBLIC declassifies:
 * use it only on results that are public by design (see README.md).
 * consume() declassifies an output and folds it into `sink`, so the compiler
 * cannot drop the computation. */
#ifndef DTLS_CT_HARNESS_H
#define DTLS_CT_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <valgrind/memcheck.h>

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

static unsigned long sink;

/* Deterministic test bytes. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
    size_t i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 29u + seed);
}

static void consume(const unsigned char *p, size_t n)
{
    size_t i;
    PUBLIC(p, n);
    for (i = 0; i < n; i++)
        sink = sink * 31u + p[i];
}

/* Lower-case hex to bytes (test tables only). */
static size_t ct_unhex(unsigned char *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (hex[0] && hex[1] && n < cap) {
        unsigned v = 0;
        int i;
        for (i = 0; i < 2; i++) {
            char c = hex[i];
            v <<= 4;
            v |= (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        out[n++] = (unsigned char)v;
        hex += 2;
    }
    return n;
}

/* One DER element header at p (definite lengths only: test tables). */
static size_t ct_tlv(const uint8_t *p, size_t *len)
{
    size_t k, i, n;
    if (p[1] < 0x80) {
        *len = p[1];
        return 2;
    }
    k = p[1] & 0x7fu;
    for (n = 0, i = 0; i < k; i++)
        n = (n << 8) | p[2 + i];
    *len = n;
    return 2 + k;
}

/* Offset of the first element inside the SEQUENCE / OCTET STRING at off. */
static size_t ct_enter(const uint8_t *p, size_t off)
{
    size_t len;
    return off + ct_tlv(p + off, &len);
}

/* Offset of the element after the one at off. */
static size_t ct_skip(const uint8_t *p, size_t off)
{
    size_t len, hl = ct_tlv(p + off, &len);
    return off + hl + len;
}

/* RSA-2048 key, PKCS#1 RSAPrivateKey (tests/proto/certdata.h cd_rsrv_key) (1192 bytes),
 * shared by ct_privkey.c and ct_hs_sign.c */
static const char ct_rsa2048_pkcs1[] =
    "308204a40201000282010100ac65f4a51bc1d41e33019de7c66c7197dab31f6de8052e733b1711e17c5bd172de5e697e"
    "9ce40ac8610bb28afa63cf965b8d5a4346e4c31d1457d2947aad5774f40fe3ab45145be6a5cd7234dd45b35bd4873916"
    "5ebf241d6e15bc923fb18211bcad9118367dfc4acc723c60e4f6ee433defb9a8032c461f4a6d267d46735c54c0912d0e"
    "08b0cb5a161dabb7ec3af4a7ff99b0cf322e2f1e893db745dddbc4dfb003d368485f6cadb504887855020a10fd87eec3"
    "d9f89502b7f8c3979ff6436e5e7be8dec0bfb5f4879f3d883eb997811fa91b3d8d7a6a866df19c8d4fd6a33cf14c00f1"
    "2eb8c11133012aab32e117de6d76e3fc3c789bb5f8870f2b2e1dd84f0203010001028201000d9ea264b6dc29bf57053e"
    "2dd4e1b559ab57f25832f7d1d31dac7567ac74ee879624bc4dd9e4342bdf6ad6a89f1e6a8474e82664e1416a5eae403f"
    "ed2601f2c25513ba474a16512a5817f27955afcf7b263fa6956b57cb691dccced07902b38566340a1df11423edded7f9"
    "88281e8ff534fbeedd649ec74d6a8a53fb9aa8bb76ff6478900a2823766286f89aba1e54b2f883fb37abfd4f8fbd09fe"
    "def587f86b68707294ff60ad7d4adf66fab7809a67c528a1e079d7cbabf3a5177563e9d782254a84aa41a9ae34f3b5f0"
    "af6607102dc1161387f437ce871f519de92df54ee605582298d416b38a4d942aee9607c15664444a174d4f1752c9a0ca"
    "aa4b70cf3102818100db1b6279931ed71a1bd1da46518b100e9becbcbe8314e69f469dceb23325874b3800331f1e8c40"
    "ed5554acbc00137f06755cdd68cf8b1664e2efb26ff213d1257fa3c9059e915cf67254f87cf948fddb1dc4b294f1c245"
    "a0ef381ed49d5a308f75be3ea327205436471063ed67f85a96ec1e96fabd8a635a93753138427e95f102818100c96d30"
    "aec7187cbdaaac2deb991a1bf65c09ec3225d75248e40cd09f838175f3f41a51f7d42d8ffa34c8b62d30b29ee642d3ac"
    "29632ae44fe443227c7bb61f83cb34e285ed3443414858dc6d4f41aabd9aa8f8713e1b8a629f58a46c0a26f71307b273"
    "2b9b6259de40d6ab4325993d22d63b87f07de5c230ad4dfa2d752c123f028181009165f0c940a9fc9024d9f3812a679f"
    "f631debdb9a6feddb3e086a43d78d7749aa3c4ee27be7bd0322ea80c208de4622d0500e524c265482d16b37db3efeeda"
    "a189bc448fe8140a9eb86c4ea19043b1c210551134e9e1c396f268497d4a16299769c91f83e15900c92c0b62648ed42e"
    "396ce337c998b217106a3e20b576dacde102818023edd0233cec4743e5afb4b933a40e9cd12a0bf19e025c71180c9921"
    "fae91acb1b1d9ec5601988770ef74657a53a1751e755ae7deb6c79312efc32a895c094ba8382b96d3e347652acbefd02"
    "9a82921c23fc43e49f397663c51ca0a78ce00a6e608f1a300b156e0650f679b20e80d900dfc9daa3b1314c843645947c"
    "8b4c032d02818100a7df91d65e017f82787354d3dfe65d5ded89a9dcf26857f2b93eec5257aa210df83dc875747102b0"
    "fd83163778573cde65e7ee92999ced389373accf43f9942d9551226c68498de369eead376c0e34b84d59126309269d9a"
    "b529843c435163769e8324b322c1d86583bdb983698dd529f9588e1c96eb038f3ae3fa4923983ada";

#if defined(__GNUC__)
static void ct__unused(void) __attribute__((unused));
#endif
static void ct__unused(void)
{
    (void)fill;
    (void)consume;
    (void)ct_unhex;
    (void)ct_tlv;
    (void)ct_enter;
    (void)ct_skip;
    (void)ct_rsa2048_pkcs1;
    (void)ct__unused;
}

#endif /* DTLS_CT_HARNESS_H */
