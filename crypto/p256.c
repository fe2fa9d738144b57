/* p256.c - NIST P-256 (FIPS 186-4 D.1.2.3, SEC 2 §2.4.2): field arithmetic,
 * Jacobian point arithmetic, constant-time scalar multiplication, ECDH,
 * key generation, ECDSA with RFC 6979 nonces, ECDSA verification.
 *
 * Field: p = 2^256 - 2^224 + 2^192 + 2^96 - 1 in 8 x 32-bit limbs, always
 * fully reduced.  Products are schoolbook (every product through
 * dtls__mul32x32) followed by the NIST fast reduction of FIPS 186-4 D.2.3
 * (Solinas), with signed carries kept in two's complement uint64_t and the
 * final correction done with masks.  Inversion is Fermat (a^(p-2)) with a
 * fixed addition chain: 255 squarings and 13 multiplications.
 *
 * Points: Jacobian (X, Y, Z) <-> (X/Z^2, Y/Z^3), Z = 0 is infinity.
 * Doubling dbl-2001-b (a = -3), addition add-2007-bl, mixed addition
 * madd-2007-bl (Explicit-Formulas Database).  The addition formulas are not
 * complete; in the constant-time scalar multiplications the exceptional cases
 * are kept out as follows.  The accumulator being infinity and the digit being
 * zero are handled by masked selection.  P1 = +-P2 cannot happen: with a
 * scalar k in [1, n-1] every accumulator value and every table point are
 * multiples m1 P, m2 P with m1, m2 non-negative integers made of disjoint sets
 * of bits of k (comb) or with m2 < 16 <= m1 (window), so 0 < m1 + m2 <= k < n
 * and 0 < |m1 - m2| < n: neither is 0 mod n.
 *
 * Variable base (ECDH): 4-bit fixed window, table of 15 Jacobian multiples
 * (built from the public point), 252 doublings + 64 additions, each table
 * entry read with a full masked scan.  Fixed base (keygen, signing): a comb
 * with 4 teeth in each of two static tables (bits j + 32 i, i = 0..3 and
 * i = 4..7): 31 doublings + 64 mixed additions, masked scans of 15 affine
 * points per addition.  Table: 2 x 15 points x 64 bytes = 1920 bytes of
 * const data.  Verification (public data): u1 G by the comb interleaved
 * with a width-5 wNAF of u2 Q, variable-time, exceptional cases by branches.
 *
 * Scalars mod n use the generic Montgomery code of ecc.c. */
#include "p256.h"
#include "sha2.h"
#include "hmac.h"
#include "ecc_int.h"

#if DTLS_ENABLE_P256

typedef uint32_t dtls__p256_fe[8];

typedef struct dtls__p256_jac {
    dtls__p256_fe x, y, z;
} dtls__p256_jac;

static const uint32_t dtls__p256_p[8] = {0xffffffffU, 0xffffffffU, 0xffffffffU, 0x00000000U,
                                         0x00000000U, 0x00000000U, 0x00000001U, 0xffffffffU};
static const uint32_t dtls__p256_b[8] = {0x27d2604bU, 0x3bce3c3eU, 0xcc53b0f6U, 0x651d06b0U,
                                         0x769886bcU, 0xb3ebbd55U, 0xaa3a93e7U, 0x5ac635d8U};
/* The group order n with its Montgomery constants (R = 2^256). */
static const dtls__ecc_mod dtls__p256_n = {
    {0xfc632551U, 0xf3b9cac2U, 0xa7179e84U, 0xbce6faadU, 0xffffffffU, 0xffffffffU, 0x00000000U,
     0xffffffffU, 0, 0, 0, 0},
    {0xbe79eea2U, 0x83244c95U, 0x49bd6fa6U, 0x4699799cU, 0x2b6bec59U, 0x2845b239U, 0xf3d95620U,
     0x66e12d94U, 0, 0, 0, 0},
    0xee00bc4fU,
    8};

/* Comb tables: entry 15 t + (b - 1), b = 1..15, is the affine point
 * sum_{i=0..3} b_i 2^(32 (i + 4 t)) G as X then Y, 8 limbs each, least
 * significant limb first.  Generated with Python big integers:
 *   k = sum(((b >> i) & 1) << (32 * (i + 4 * t)) for i in range(4)); P = k * G */
static const uint32_t dtls__p256_comb[30][16] = {
    {0xd898c296U, 0xf4a13945U, 0x2deb33a0U, 0x77037d81U, 0x63a440f2U, 0xf8bce6e5U, 0xe12c4247U, 0x6b17d1f2U,
     0x37bf51f5U, 0xcbb64068U, 0x6b315eceU, 0x2bce3357U, 0x7c0f9e16U, 0x8ee7eb4aU, 0xfe1a7f9bU, 0x4fe342e2U},
    {0x185a5943U, 0x3a5a9e22U, 0x5c65dfb6U, 0x1ab91936U, 0x262c71daU, 0x21656b32U, 0xaf22af89U, 0x7fe36b40U,
     0x699ca101U, 0xd50d152cU, 0x7b8af212U, 0x74b3d586U, 0x07dca6f1U, 0x9f09f404U, 0x25b63624U, 0xe697d458U},
    {0x8101e6e4U, 0x16fc51ffU, 0xfccc3ac2U, 0x830895e4U, 0x4aa7358fU, 0x608548c2U, 0x0cedc02aU, 0xe3579822U,
     0x52c392c3U, 0xaad2b998U, 0xc523e6efU, 0xf0570bedU, 0x768a3299U, 0xf3e4b396U, 0x1f433a2dU, 0x700f948eU},
    {0x8e14db63U, 0x90e75cb4U, 0xad651f7eU, 0x29493baaU, 0x326e25deU, 0x8492592eU, 0x2811aaa5U, 0x0fa822bcU,
     0x5f462ee7U, 0xe4112454U, 0x50fe82f5U, 0x34b1a650U, 0xb3df188bU, 0x6f4ad4bcU, 0xf5dba80dU, 0xbff44ae8U},
    {0x097992afU, 0x93391ce2U, 0x0d35f1faU, 0xe96c98fdU, 0x95e02789U, 0xb257c0deU, 0x89d6726fU, 0x300a4bbcU,
     0xc08127a0U, 0xaa54a291U, 0xa9d806a5U, 0x5bb1eeadU, 0xff1e3c6fU, 0x7f1ddb25U, 0xd09b4644U, 0x72aac7e0U},
    {0xee4039a0U, 0xd6e260f8U, 0x6c224571U, 0xe0d3eb33U, 0x680a7daaU, 0xa9cad33bU, 0x606a4a62U, 0x14cb5692U,
     0x9d83bc01U, 0xfe93d315U, 0x8039927cU, 0x5205ef8dU, 0x997a9a3bU, 0x878487edU, 0x3e1e4663U, 0x53098cfaU},
    {0xd945111eU, 0x30368cb6U, 0xf5c4ad42U, 0x585a137eU, 0xffea17c1U, 0xc22c48c5U, 0x958f1608U, 0xa5ab9e10U,
     0x785b4ed9U, 0xc34a47b8U, 0x49a10f77U, 0x46ed771cU, 0xad0648f4U, 0x629e17ebU, 0x8b1aa09aU, 0xd3ebc611U},
    {0x7512218eU, 0xa84aa939U, 0x74ca0141U, 0xe9a521b0U, 0x18a2e902U, 0x57880b3aU, 0x12a677a6U, 0x4a5b5066U,
     0x4c4f3840U, 0x0beada7aU, 0x19e26d9dU, 0x626db154U, 0xe1627d40U, 0xc42604fbU, 0xeac089f1U, 0xeb13461cU},
    {0xcc049786U, 0xc761c1feU, 0x5e98c12dU, 0x48f9c187U, 0xfd208dfbU, 0x00d1a0a5U, 0xa0642197U, 0x418d68deU,
     0x51b50759U, 0x481eef55U, 0xc16caad0U, 0x17429c50U, 0x2ef8d320U, 0x43563962U, 0xa5ba6dd4U, 0x5d7b26f6U},
    {0x27a43281U, 0xf9faed09U, 0x4103ecbcU, 0x5e52c414U, 0xa815c857U, 0xc342967aU, 0x1c6a220aU, 0x0781b829U,
     0xeac55f80U, 0x5a8343ceU, 0xe54a05e3U, 0x88f80eeeU, 0x12916434U, 0x97b2a14fU, 0xf0151593U, 0x690cde8dU},
    {0xe38e3820U, 0xc52c00caU, 0xdd561becU, 0x82d789a6U, 0x74647ebeU, 0x54a0fe52U, 0xa7b5d4fbU, 0x57f62eecU,
     0x48f81460U, 0xaa60759dU, 0xec356dceU, 0x0d300594U, 0xefea8f48U, 0x60e9c067U, 0x89bfe2adU, 0x5e5ff8bfU},
    {0xfa3289d5U, 0x5920d7b0U, 0x28994439U, 0x54d5dad9U, 0x27caa747U, 0x27035d26U, 0x88e9843cU, 0x91c821d4U,
     0x9aa8a566U, 0xe130deadU, 0x0408ebadU, 0x7b7df6eaU, 0x34938dacU, 0x919adc37U, 0x8f879f44U, 0xdb7aecc7U},
    {0xc6fae6d7U, 0xbc499ee7U, 0x7e1c792eU, 0xeddf9c6cU, 0x5bf70c35U, 0xc9c6f541U, 0x90422d81U, 0x06f0afdbU,
     0x4dbc747aU, 0x214f0ad0U, 0xaf7ae617U, 0x41a7cf1aU, 0xdde64646U, 0x7bab8955U, 0x3f9804c4U, 0x77f9e8f7U},
    {0xc96900d8U, 0x5d01a765U, 0x5e4ec965U, 0xf0698ff7U, 0xbcdf6567U, 0x92052d44U, 0xd6536c02U, 0xbc07bb82U,
     0x83762c71U, 0x5fe58ccfU, 0xc2e7ba73U, 0x635f210eU, 0xc7b19a1eU, 0xa17bf29fU, 0x1d90902aU, 0xeb165f9cU},
    {0xf2159928U, 0xaf972b45U, 0x4760c41eU, 0xd86848c8U, 0x6b47957bU, 0x269843f1U, 0x2086a46cU, 0xe018aaa2U,
     0x99698420U, 0x21a03322U, 0x4fed7bb9U, 0xd36d88b3U, 0xba0dbc83U, 0xf2fe8863U, 0x7f10ee50U, 0x383f4db0U},
    {0xd789bd85U, 0x57c84fc9U, 0xc297eac3U, 0xfc35ff7dU, 0x88c6766eU, 0xfb982fd5U, 0xeedb5e67U, 0x447d739bU,
     0x72e25b32U, 0x0c7e33c9U, 0xa7fae500U, 0x3d349b95U, 0x3a4aaff7U, 0xe12e9d95U, 0x834131eeU, 0x2d4825abU},
    {0xf7f82f2aU, 0xaee9c75dU, 0x4afdf43aU, 0x9e4c3587U, 0x37371326U, 0xf5622df4U, 0x6ec73617U, 0x8a535f56U,
     0x223094b7U, 0xc5f9a0acU, 0x4c8c7669U, 0xcde53386U, 0x085a92bfU, 0x37e02819U, 0x68b08bd7U, 0x0455c084U},
    {0xfbb7f12dU, 0x4193640bU, 0xdfd6c3f3U, 0xef8bf285U, 0x010729acU, 0x23fe7442U, 0x2c214cd9U, 0xff25f55aU,
     0xf30f0fc8U, 0xd77bf411U, 0x2ab82b74U, 0x1a08ebc7U, 0x74a58d77U, 0x00c15ba7U, 0x8a405100U, 0x94f114d3U},
    {0x313728beU, 0x6cf20ffbU, 0xa3c6b94aU, 0x96439591U, 0x44315fc5U, 0x2736ff83U, 0xa7849276U, 0xa6d39677U,
     0xc357f5f4U, 0xf2bab833U, 0x2284059bU, 0x824a920cU, 0x2d27ecdfU, 0x66b8babdU, 0x9b0b8816U, 0x674f8474U},
    {0x3e72ad0cU, 0xe96a79fbU, 0x42ba792fU, 0x43a0a28cU, 0x083e49f3U, 0xefe0a423U, 0x6b317466U, 0x68f344afU,
     0x3fb24d4aU, 0xcdfe17dbU, 0x71f5c626U, 0x668bfc22U, 0x24d67ff3U, 0x604ed93cU, 0xf8540a20U, 0x31b9c405U},
    {0x637d797dU, 0x270a098dU, 0xff736545U, 0x60ff39edU, 0x9d6b4a9bU, 0xeb3df8bfU, 0x0e6155faU, 0x0ac9835fU,
     0x640bc0e9U, 0x50c04b69U, 0x3fe89b08U, 0xfa24f733U, 0x5c6872b2U, 0xd8ac7b19U, 0x3d00d534U, 0xd6882b26U},
    {0x3765581eU, 0x7b3068d0U, 0x1dc2d82eU, 0x561d30f5U, 0xb1f23d69U, 0x8a404541U, 0x1b4084ceU, 0x6a25fb20U,
     0x60206329U, 0x50180e1bU, 0x5cf443d5U, 0x1e15941aU, 0xd06a4007U, 0xf5763393U, 0x19cfb424U, 0x5a0aebfcU},
    {0xe895df07U, 0x6a703f10U, 0x01876bd8U, 0xfd75f3faU, 0x0ce08ffeU, 0xeb5b06e7U, 0x2783dfeeU, 0x68f6b854U,
     0x78712655U, 0x90c76f8aU, 0xf310bf7fU, 0xcf5293d2U, 0xfda45028U, 0xfbc8044dU, 0x92e40ce6U, 0xcbe1febaU},
    {0xf202481aU, 0xcc38452eU, 0xabc96fedU, 0x50d19d86U, 0xc62cd055U, 0x83fb2d63U, 0x7b81568eU, 0xbd6058b0U,
     0x70737bb6U, 0x628271f1U, 0x83f257d4U, 0xc51419edU, 0x09ef7dd9U, 0x9ee514e4U, 0xf8467e37U, 0xf78e1fbeU},
    {0x702476b5U, 0xeee44b35U, 0xe45c2258U, 0x7ed031a0U, 0xbd6f8514U, 0xb422d1e7U, 0x5972a107U, 0xe51f547cU,
     0xc9cf343dU, 0xa25bcd6fU, 0x097c184eU, 0x8ca922eeU, 0xa9fe9a06U, 0xa62f98b3U, 0x25bb1387U, 0x1c309a2bU},
    {0xaac4170aU, 0x9baf4d7aU, 0x0d75821eU, 0x6da147f0U, 0x3879d7d8U, 0x58e0a73cU, 0xa60bcd77U, 0x86699898U,
     0x598a46ebU, 0xae7cd4daU, 0x0187f877U, 0x428dede8U, 0x2af12355U, 0x32ca235dU, 0xa4b075f4U, 0xc0d84aecU},
    {0x328fb9efU, 0xdceafeb7U, 0x311cb1f3U, 0x3478e062U, 0x03e042eaU, 0xb7fbe79eU, 0x28a8a8fbU, 0xfb0249aaU,
     0xb8ee1b8bU, 0x50b4bb44U, 0x3d152813U, 0x0e540e9fU, 0x09aa13a2U, 0x48e514e1U, 0x9c5fbc3eU, 0x172f4633U},
    {0xdc0b1061U, 0x2ffbcf19U, 0x139ad48cU, 0x846730adU, 0x12ca3c26U, 0xcbbd5f20U, 0x8855a59aU, 0xebc3d35eU,
     0x5b93e742U, 0x18644a97U, 0xf8f4be3aU, 0x0da658f5U, 0x3fe32589U, 0x4b3c3785U, 0x61ce3030U, 0x5290bec1U},
    {0xb7f6be1fU, 0x1e3081abU, 0x0d8a6fb0U, 0xd7768c94U, 0x31905283U, 0x70e00c75U, 0xae64d738U, 0xa176c395U,
     0x1fa3578cU, 0x9e5850bcU, 0x611fe506U, 0x087565ceU, 0x9feeea5cU, 0x51ab984bU, 0x947b45f1U, 0x9ebdec88U},
    {0x7bca0bc1U, 0x1bcb36a5U, 0xc6ad55f1U, 0xdadf6dceU, 0x6080e0f8U, 0x9de1e8e7U, 0xb2567ac5U, 0x681d6be2U,
     0x763f4fcbU, 0xdeb1edd4U, 0xe58790f1U, 0x2a6a766eU, 0xcf14e1b0U, 0x263f2166U, 0xc48087f3U, 0x1dfcab92U}
};

/* ---- Field arithmetic mod p ------------------------------------------------ */

/* Arithmetic right shift by 32 of a two's complement value held in a uint64_t. */
static uint64_t dtls__p256_sar32(uint64_t x)
{
    return (x >> 32) | ((0U - (x >> 63)) << 32);
}

static void dtls__p256_fe_copy(dtls__p256_fe r, const dtls__p256_fe a)
{
    memcpy(r, a, sizeof(dtls__p256_fe));
}

/* r = a - b over 8 limbs; returns the borrow (0 or 1). */
static uint32_t dtls__p256_sub8(uint32_t *r, const uint32_t *a, const uint32_t *b)
{
    uint64_t acc = 0;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)a[i] - (uint64_t)b[i] - (acc >> 63);
        r[i] = (uint32_t)acc;
    }
    return (uint32_t)(acc >> 63);
}

/* r = a + b mod p */
static void dtls__p256_fe_add(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t t[8];
    uint64_t acc = 0;
    uint32_t carry, keep;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)a[i] + b[i] + (acc >> 32);
        t[i] = (uint32_t)acc;
    }
    carry = (uint32_t)(acc >> 32);
    keep = dtls__ct_mask32(dtls__p256_sub8(r, t, dtls__p256_p) & (carry ^ 1U));
    for (i = 0; i < 8; i++)
        r[i] = dtls__ct_select32(keep, t[i], r[i]);
}

/* r = a - b mod p */
static void dtls__p256_fe_sub(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t mask = dtls__ct_mask32(dtls__p256_sub8(r, a, b));
    uint64_t acc = 0;
    int i;

    for (i = 0; i < 8; i++) {
        acc = (uint64_t)r[i] + (dtls__p256_p[i] & mask) + (acc >> 32);
        r[i] = (uint32_t)acc;
    }
}

/* r = c mod p for a 512-bit c (FIPS 186-4 D.2.3). */
static void dtls__p256_reduce(dtls__p256_fe r, const uint32_t c[16])
{
    uint64_t c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11], c12 = c[12], c13 = c[13],
             c14 = c[14], c15 = c[15];
    uint64_t acc, s;
    uint32_t t[8], top, neg, keep;
    int i;

    /* s1 + 2 s2 + 2 s3 + s4 + s5 - s6 - s7 - s8 - s9, limb by limb; each
     * column sum is within +-2^36, so the wrapping uint64_t arithmetic holds
     * the exact two's complement value. */
    acc = (uint64_t)c[0] + c8 + c9 - c11 - c12 - c13 - c14;
    t[0] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[1] + c9 + c10 - c12 - c13 - c14 - c15;
    t[1] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[2] + c10 + c11 - c13 - c14 - c15;
    t[2] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[3] + c11 + c11 + c12 + c12 + c13 - c15 - c8 - c9;
    t[3] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[4] + c12 + c12 + c13 + c13 + c14 - c9 - c10;
    t[4] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[5] + c13 + c13 + c14 + c14 + c15 - c10 - c11;
    t[5] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[6] + c13 + c14 + c14 + c14 + c15 + c15 - c8 - c9;
    t[6] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + c[7] + c8 + c15 + c15 + c15 - c10 - c11 - c12 - c13;
    t[7] = (uint32_t)acc;
    s = dtls__p256_sar32(acc); /* the value is t + s 2^256, s in [-4, 6] */

    /* Subtract s p: adds s (2^224 - 2^192 - 2^96 + 1); the result V = r + top 2^256
     * lies in (-p, 2p), top in {-1, 0, 1}. */
    acc = (uint64_t)t[0] + s;
    r[0] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[1];
    r[1] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[2];
    r[2] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[3] - s;
    r[3] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[4];
    r[4] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[5];
    r[5] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[6] - s;
    r[6] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc) + t[7] + s;
    r[7] = (uint32_t)acc;
    acc = dtls__p256_sar32(acc);
    top = (uint32_t)acc;

    /* V < 0: add p (then V in (0, p)). */
    neg = dtls__ct_mask32((uint32_t)(acc >> 63));
    acc = 0;
    for (i = 0; i < 8; i++) {
        acc = (uint64_t)r[i] + (dtls__p256_p[i] & neg) + (acc >> 32);
        r[i] = (uint32_t)acc;
    }
    top += (uint32_t)(acc >> 32); /* now 0 or 1 */

    /* V >= p: subtract p. */
    keep = dtls__ct_mask32(dtls__p256_sub8(t, r, dtls__p256_p) & (top ^ 1U));
    for (i = 0; i < 8; i++)
        r[i] = dtls__ct_select32(keep, r[i], t[i]);
}

/* r = a b mod p */
static void dtls__p256_fe_mul(dtls__p256_fe r, const dtls__p256_fe a, const dtls__p256_fe b)
{
    uint32_t c[16];
    uint64_t acc;
    uint32_t carry;
    int i, j;

    for (j = 0; j < 8; j++)
        c[j] = 0;
    for (i = 0; i < 8; i++) {
        uint32_t ai = a[i];
        carry = 0;
        for (j = 0; j < 8; j++) {
            acc = (uint64_t)c[i + j] + dtls__mul32x32(ai, b[j]) + carry;
            c[i + j] = (uint32_t)acc;
            carry = (uint32_t)(acc >> 32);
        }
        c[i + 8] = carry;
    }
    dtls__p256_reduce(r, c);
}

/* r = a^2 mod p: 28 cross products doubled plus 8 squares. */
static void dtls__p256_fe_sqr(dtls__p256_fe r, const dtls__p256_fe a)
{
    uint32_t c[16];
    uint64_t acc, sq;
    uint32_t carry;
    int i, j;

    for (j = 0; j < 16; j++)
        c[j] = 0;
    for (i = 0; i < 7; i++) {
        uint32_t ai = a[i];
        carry = 0;
        for (j = i + 1; j < 8; j++) {
            acc = (uint64_t)c[i + j] + dtls__mul32x32(ai, a[j]) + carry;
            c[i + j] = (uint32_t)acc;
            carry = (uint32_t)(acc >> 32);
        }
        c[i + 8] = carry;
    }
    c[15] = c[14] >> 31;
    for (j = 14; j > 0; j--)
        c[j] = (c[j] << 1) | (c[j - 1] >> 31);
    c[0] <<= 1;
    acc = 0;
    for (i = 0; i < 8; i++) {
        sq = dtls__mul32x32(a[i], a[i]);
        acc = (uint64_t)c[2 * i] + (uint32_t)sq + (acc >> 32);
        c[2 * i] = (uint32_t)acc;
        acc = (uint64_t)c[2 * i + 1] + (uint32_t)(sq >> 32) + (acc >> 32);
        c[2 * i + 1] = (uint32_t)acc;
    }
    dtls__p256_reduce(r, c);
}

static void dtls__p256_fe_sqrn(dtls__p256_fe r, const dtls__p256_fe a, int n)
{
    dtls__p256_fe_sqr(r, a);
    while (--n > 0)
        dtls__p256_fe_sqr(r, r);
}

/* r = a^-1 = a^(p-2) mod p (0 for 0). */
static void dtls__p256_fe_inv(dtls__p256_fe r, const dtls__p256_fe a)
{
    dtls__p256_fe t2, t4, t8, t16, t32, acc;

    dtls__p256_fe_sqr(t2, a);
    dtls__p256_fe_mul(t2, t2, a); /* 2^2 - 1 */
    dtls__p256_fe_sqrn(t4, t2, 2);
    dtls__p256_fe_mul(t4, t4, t2); /* 2^4 - 1 */
    dtls__p256_fe_sqrn(t8, t4, 4);
    dtls__p256_fe_mul(t8, t8, t4); /* 2^8 - 1 */
    dtls__p256_fe_sqrn(t16, t8, 8);
    dtls__p256_fe_mul(t16, t16, t8); /* 2^16 - 1 */
    dtls__p256_fe_sqrn(t32, t16, 16);
    dtls__p256_fe_mul(t32, t32, t16); /* 2^32 - 1 */
    dtls__p256_fe_sqrn(acc, t32, 32);
    dtls__p256_fe_mul(acc, acc, a); /* ffffffff 00000001 */
    dtls__p256_fe_sqrn(acc, acc, 128);
    dtls__p256_fe_mul(acc, acc, t32); /* ... 00000000 x3 ffffffff */
    dtls__p256_fe_sqrn(acc, acc, 32);
    dtls__p256_fe_mul(acc, acc, t32); /* ... ffffffff */
    dtls__p256_fe_sqrn(acc, acc, 16);
    dtls__p256_fe_mul(acc, acc, t16);
    dtls__p256_fe_sqrn(acc, acc, 8);
    dtls__p256_fe_mul(acc, acc, t8);
    dtls__p256_fe_sqrn(acc, acc, 4);
    dtls__p256_fe_mul(acc, acc, t4);
    dtls__p256_fe_sqrn(acc, acc, 2);
    dtls__p256_fe_mul(acc, acc, t2);
    dtls__p256_fe_sqrn(acc, acc, 2);
    dtls__p256_fe_mul(r, acc, a); /* ... fffffffd */
    dtls_wipe(t2, sizeof t2);
    dtls_wipe(t4, sizeof t4);
    dtls_wipe(t8, sizeof t8);
    dtls_wipe(t16, sizeof t16);
    dtls_wipe(t32, sizeof t32);
    dtls_wipe(acc, sizeof acc);
}

/* ---- Points ---------------------------------------------------------------- */

/* r = 2 a (dbl-2001-b, a = -3).  r may alias a; infinity stays infinity. */
static void dtls__p256_double(dtls__p256_jac *r, const dtls__p256_jac *a)
{
    dtls__p256_fe delta, gamma, beta, alpha, t1, t2;

    dtls__p256_fe_sqr(delta, a->z);
    dtls__p256_fe_sqr(gamma, a->y);
    dtls__p256_fe_mul(beta, a->x, gamma);
    dtls__p256_fe_sub(t1, a->x, delta);
    dtls__p256_fe_add(t2, a->x, delta);
    dtls__p256_fe_mul(alpha, t1, t2);
    dtls__p256_fe_add(t1, alpha, alpha);
    dtls__p256_fe_add(alpha, t1, alpha); /* 3 (X - delta)(X + delta) */
    dtls__p256_fe_add(t1, a->y, a->z);
    dtls__p256_fe_sqr(t1, t1);
    dtls__p256_fe_sub(t1, t1, gamma);
    dtls__p256_fe_sub(r->z, t1, delta); /* (Y + Z)^2 - gamma - delta */
    dtls__p256_fe_add(beta, beta, beta);
    dtls__p256_fe_add(beta, beta, beta); /* 4 beta */
    dtls__p256_fe_sqr(t1, alpha);
    dtls__p256_fe_add(t2, beta, beta);
    dtls__p256_fe_sub(r->x, t1, t2); /* alpha^2 - 8 beta */
    dtls__p256_fe_sub(t1, beta, r->x);
    dtls__p256_fe_mul(t1, alpha, t1);
    dtls__p256_fe_sqr(gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma);
    dtls__p256_fe_add(gamma, gamma, gamma); /* 8 gamma^2 */
    dtls__p256_fe_sub(r->y, t1, gamma);
}

/* r = a + (bx, by) (madd-2007-bl).  Not valid when a is infinity or
 * a = +-(bx, by): callers exclude those.  r may alias a. */
static void dtls__p256_madd(dtls__p256_jac *r, const dtls__p256_jac *a, const uint32_t *bx,
                            const uint32_t *by)
{
    dtls__p256_fe z1z1, u2, s2, h, hh, i4, j, rr, v, t;

    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_mul(u2, bx, z1z1);
    dtls__p256_fe_mul(s2, by, a->z);
    dtls__p256_fe_mul(s2, s2, z1z1);
    dtls__p256_fe_sub(h, u2, a->x);
    dtls__p256_fe_sqr(hh, h);
    dtls__p256_fe_add(i4, hh, hh);
    dtls__p256_fe_add(i4, i4, i4);
    dtls__p256_fe_mul(j, h, i4);
    dtls__p256_fe_sub(rr, s2, a->y);
    dtls__p256_fe_add(rr, rr, rr);
    dtls__p256_fe_mul(v, a->x, i4);
    dtls__p256_fe_mul(s2, a->y, j); /* Y1 J */
    dtls__p256_fe_add(t, a->z, h);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(r->z, t, hh); /* (Z1 + H)^2 - Z1Z1 - HH */
    dtls__p256_fe_sqr(t, rr);
    dtls__p256_fe_sub(t, t, j);
    dtls__p256_fe_sub(t, t, v);
    dtls__p256_fe_sub(r->x, t, v); /* rr^2 - J - 2 V */
    dtls__p256_fe_sub(t, v, r->x);
    dtls__p256_fe_mul(t, rr, t);
    dtls__p256_fe_add(s2, s2, s2);
    dtls__p256_fe_sub(r->y, t, s2); /* rr (V - X3) - 2 Y1 J */
}

/* r = a + b (add-2007-bl).  Same exclusions as madd.  r may alias a or b. */
static void dtls__p256_add(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_jac *b)
{
    dtls__p256_fe z1z1, z2z2, u1, u2, s1, s2, h, i4, j, rr, v, t;

    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_sqr(z2z2, b->z);
    dtls__p256_fe_mul(u1, a->x, z2z2);
    dtls__p256_fe_mul(u2, b->x, z1z1);
    dtls__p256_fe_mul(s1, a->y, b->z);
    dtls__p256_fe_mul(s1, s1, z2z2);
    dtls__p256_fe_mul(s2, b->y, a->z);
    dtls__p256_fe_mul(s2, s2, z1z1);
    dtls__p256_fe_sub(h, u2, u1);
    dtls__p256_fe_add(i4, h, h);
    dtls__p256_fe_sqr(i4, i4);
    dtls__p256_fe_mul(j, h, i4);
    dtls__p256_fe_sub(rr, s2, s1);
    dtls__p256_fe_add(rr, rr, rr);
    dtls__p256_fe_mul(v, u1, i4);
    dtls__p256_fe_add(t, a->z, b->z);
    dtls__p256_fe_sqr(t, t);
    dtls__p256_fe_sub(t, t, z1z1);
    dtls__p256_fe_sub(t, t, z2z2);
    dtls__p256_fe_mul(r->z, t, h); /* ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H */
    dtls__p256_fe_sqr(t, rr);
    dtls__p256_fe_sub(t, t, j);
    dtls__p256_fe_sub(t, t, v);
    dtls__p256_fe_sub(r->x, t, v);
    dtls__p256_fe_sub(t, v, r->x);
    dtls__p256_fe_mul(t, rr, t);
    dtls__p256_fe_mul(s1, s1, j);
    dtls__p256_fe_add(s1, s1, s1);
    dtls__p256_fe_sub(r->y, t, s1);
}

/* r = mask ? a : r, over n limbs. */
static void dtls__p256_cmov(uint32_t *r, const uint32_t *a, uint32_t mask, int n)
{
    int i;

    for (i = 0; i < n; i++)
        r[i] = dtls__ct_select32(mask, a[i], r[i]);
}

/* Affine coordinates (x, y) of a (0, 0 for infinity). */
static void dtls__p256_to_affine(dtls__p256_fe x, dtls__p256_fe y, const dtls__p256_jac *a)
{
    dtls__p256_fe zi, zi2;

    dtls__p256_fe_inv(zi, a->z);
    dtls__p256_fe_sqr(zi2, zi);
    dtls__p256_fe_mul(x, a->x, zi2);
    dtls__p256_fe_mul(zi2, zi2, zi);
    dtls__p256_fe_mul(y, a->y, zi2);
    dtls_wipe(zi, sizeof zi);
    dtls_wipe(zi2, sizeof zi2);
}

/* Bit i of the scalar k (8 limbs); i is public. */
static uint32_t dtls__p256_bit(const uint32_t k[8], unsigned i)
{
    return (k[i >> 5] >> (i & 31u)) & 1U;
}

/* Comb digit of column j (0..31) for table t (0, 1). */
static uint32_t dtls__p256_comb_digit(const uint32_t k[8], unsigned j, unsigned t)
{
    unsigned base = j + 128u * t;
    return dtls__p256_bit(k, base) | (dtls__p256_bit(k, base + 32) << 1) |
           (dtls__p256_bit(k, base + 64) << 2) | (dtls__p256_bit(k, base + 96) << 3);
}

/* r = k G for k in [1, n-1], constant time. */
static void dtls__p256_mul_base(dtls__p256_jac *r, const uint32_t k[8])
{
    dtls__p256_jac q, sum;
    uint32_t tx[16], one[8] = {1, 0, 0, 0, 0, 0, 0, 0};
    uint32_t qinf = 0xffffffffU, d, dz, m;
    unsigned j, t, e;
    int col;

    memset(&q, 0, sizeof q);
    for (col = 31; col >= 0; col--) {
        j = (unsigned)col;
        dtls__p256_double(&q, &q);
        for (t = 0; t < 2; t++) {
            d = dtls__p256_comb_digit(k, j, t);
            memset(tx, 0, sizeof tx);
            for (e = 1; e < 16; e++) {
                const uint32_t *ent = dtls__p256_comb[15 * t + e - 1];
                int l;
                m = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d ^ e)));
                for (l = 0; l < 16; l++)
                    tx[l] |= ent[l] & m;
            }
            dtls__p256_madd(&sum, &q, tx, tx + 8);
            dz = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d)));
            /* q = qinf ? T : (d == 0 ? q : sum) */
            dtls__p256_cmov(q.x, sum.x, ~dz, 8);
            dtls__p256_cmov(q.y, sum.y, ~dz, 8);
            dtls__p256_cmov(q.z, sum.z, ~dz, 8);
            dtls__p256_cmov(q.x, tx, qinf, 8);
            dtls__p256_cmov(q.y, tx + 8, qinf, 8);
            dtls__p256_cmov(q.z, one, qinf, 8);
            qinf &= dz;
        }
    }
    *r = q;
    dtls_wipe(&q, sizeof q);
    dtls_wipe(&sum, sizeof sum);
    dtls_wipe(tx, sizeof tx);
    dtls_wipe(&d, sizeof d);
}

/* r = k P for k in [1, n-1] and P = (px, py) a valid point, constant time
 * in k (the table depends on the public P only). */
static void dtls__p256_mul_var(dtls__p256_jac *r, const uint32_t k[8], const dtls__p256_fe px,
                               const dtls__p256_fe py)
{
    dtls__p256_jac tab[15], q, tt, sum;
    uint32_t qinf = 0xffffffffU, d, dz, m;
    unsigned e;
    int w, i;

    dtls__p256_fe_copy(tab[0].x, px);
    dtls__p256_fe_copy(tab[0].y, py);
    memset(tab[0].z, 0, sizeof tab[0].z);
    tab[0].z[0] = 1;
    dtls__p256_double(&tab[1], &tab[0]);
    for (i = 2; i < 15; i++)
        dtls__p256_madd(&tab[i], &tab[i - 1], px, py); /* (i+1) P, i + 1 < n: no exception */

    memset(&q, 0, sizeof q);
    for (w = 63; w >= 0; w--) {
        if (w != 63) {
            dtls__p256_double(&q, &q);
            dtls__p256_double(&q, &q);
            dtls__p256_double(&q, &q);
            dtls__p256_double(&q, &q);
        }
        d = (k[w >> 3] >> (4 * (w & 7))) & 15U;
        memset(&tt, 0, sizeof tt);
        for (e = 1; e < 16; e++) {
            m = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d ^ e)));
            dtls__p256_cmov(tt.x, tab[e - 1].x, m, 8);
            dtls__p256_cmov(tt.y, tab[e - 1].y, m, 8);
            dtls__p256_cmov(tt.z, tab[e - 1].z, m, 8);
        }
        dtls__p256_add(&sum, &q, &tt);
        dz = dtls__ct_opaque32(dtls__ct_mask32(dtls__ct_is_zero32(d)));
        dtls__p256_cmov(q.x, sum.x, ~dz, 8);
        dtls__p256_cmov(q.y, sum.y, ~dz, 8);
        dtls__p256_cmov(q.z, sum.z, ~dz, 8);
        dtls__p256_cmov(q.x, tt.x, qinf, 8);
        dtls__p256_cmov(q.y, tt.y, qinf, 8);
        dtls__p256_cmov(q.z, tt.z, qinf, 8);
        qinf &= dz;
    }
    *r = q;
    dtls_wipe(&q, sizeof q);
    dtls_wipe(&tt, sizeof tt);
    dtls_wipe(&sum, sizeof sum);
    dtls_wipe(&d, sizeof d);
}

/* ---- Encodings and validation ----------------------------------------------- */

/* Loads priv (big-endian) into k; returns 1 if it is in [1, n-1], else 0
 * (computed without branches; the caller declassifies the result). */
static uint32_t dtls__p256_load_scalar(uint32_t k[8], const uint8_t priv[32])
{
    dtls__ecc_from_be(k, priv, 8);
    return dtls__ecc_lt(k, dtls__p256_n.m, 8) & (dtls__ecc_is_zero(k, 8) ^ 1U);
}

/* Decodes and checks an uncompressed point (public data).  0 or DTLS_ERR_BAD_KEY. */
static int dtls__p256_load_point(dtls__p256_fe x, dtls__p256_fe y, const uint8_t *pub, size_t pub_len)
{
    dtls__p256_fe l, rhs;

    if (!pub || pub_len != 65 || pub[0] != 0x04) return DTLS_ERR_BAD_KEY;
    dtls__ecc_from_be(x, pub + 1, 8);
    dtls__ecc_from_be(y, pub + 33, 8);
    if (!dtls__ecc_lt(x, dtls__p256_p, 8) || !dtls__ecc_lt(y, dtls__p256_p, 8)) return DTLS_ERR_BAD_KEY;
    /* y^2 == x^3 - 3 x + b */
    dtls__p256_fe_sqr(l, y);
    dtls__p256_fe_sqr(rhs, x);
    dtls__p256_fe_mul(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    dtls__p256_fe_sub(rhs, rhs, x);
    dtls__p256_fe_add(rhs, rhs, dtls__p256_b);
    if (memcmp(l, rhs, sizeof l) != 0) return DTLS_ERR_BAD_KEY;
    return 0;
}

DTLS_API int dtls_p256_check_public(const uint8_t *pub, size_t pub_len)
{
    dtls__p256_fe x, y;

    return dtls__p256_load_point(x, y, pub, pub_len);
}

DTLS_API int dtls_p256_public(uint8_t pub[65], const uint8_t priv[32])
{
    uint32_t k[8], ok;
    dtls__p256_jac q;
    dtls__p256_fe x, y;

    ok = dtls__p256_load_scalar(k, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok); /* a valid key or not: public */
    if (!ok) {
        dtls_wipe(k, sizeof k);
        return DTLS_ERR_BAD_KEY;
    }
    dtls__p256_mul_base(&q, k);
    dtls__p256_to_affine(x, y, &q);
    pub[0] = 0x04;
    dtls__ecc_to_be(pub + 1, x, 8);
    dtls__ecc_to_be(pub + 33, y, 8);
    dtls_wipe(k, sizeof k);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    return 0;
}

DTLS_API int dtls_p256_keygen(uint8_t priv[32], uint8_t pub[65], dtls_random_fn rng, void *rng_ctx)
{
    uint32_t k[8], ok = 0;
    int tries;

    if (!rng) return DTLS_ERR_BAD_ARG;
    /* Rejection sampling: a candidate >= n has probability < 2^-32, so a
     * source that fails 64 times in a row is broken. */
    for (tries = 0; tries < 64; tries++) {
        if (rng(rng_ctx, priv, 32) != 0) break;
        ok = dtls__p256_load_scalar(k, priv);
        DTLS__ECC_DECLASSIFY(&ok, sizeof ok); /* reveals only that a discarded candidate was rejected */
        if (ok) break;
    }
    dtls_wipe(k, sizeof k);
    if (!ok) {
        dtls_wipe(priv, 32);
        return DTLS_ERR_RANDOM;
    }
    return dtls_p256_public(pub, priv);
}

DTLS_API int dtls_p256_ecdh(uint8_t secret[32], const uint8_t priv[32], const uint8_t *peer_pub,
                            size_t peer_len)
{
    uint32_t k[8], ok, inf;
    dtls__p256_fe px, py, x, y;
    dtls__p256_jac q;

    if (dtls__p256_load_point(px, py, peer_pub, peer_len) != 0) return DTLS_ERR_BAD_KEY;
    ok = dtls__p256_load_scalar(k, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        dtls_wipe(k, sizeof k);
        return DTLS_ERR_BAD_KEY;
    }
    dtls__p256_mul_var(&q, k, px, py);
    inf = dtls__ecc_is_zero(q.z, 8);
    dtls__p256_to_affine(x, y, &q);
    dtls__ecc_to_be(secret, x, 8);
    dtls_wipe(k, sizeof k);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    /* Infinity cannot happen for a valid point of prime order n and k in
     * [1, n-1]; the check guards against faults. */
    DTLS__ECC_DECLASSIFY(&inf, sizeof inf);
    if (inf) {
        dtls_wipe(secret, 32);
        return DTLS_ERR_BAD_KEY;
    }
    return 0;
}

/* ---- ECDSA ------------------------------------------------------------------- */

/* HMAC-SHA-256 of the concatenation of up to five pieces (NULL ends). */
static void dtls__p256_hmac(uint8_t out[32], const uint8_t key[32], const uint8_t *a, size_t alen,
                            const uint8_t *b, size_t blen, const uint8_t *c, size_t clen,
                            const uint8_t *d, size_t dlen, const uint8_t *e, size_t elen)
{
    dtls_hmac_ctx h;

    (void)dtls_hmac_init(&h, DTLS_HASH_SHA256, key, 32); /* cannot fail for SHA-256 */
    dtls_hmac_update(&h, a, alen);
    if (b) dtls_hmac_update(&h, b, blen);
    if (c) dtls_hmac_update(&h, c, clen);
    if (d) dtls_hmac_update(&h, d, dlen);
    if (e) dtls_hmac_update(&h, e, elen);
    dtls_hmac_final(&h, out);
}

DTLS_API int dtls_p256_ecdsa_sign(uint8_t sig[64], const uint8_t priv[32], const uint8_t *hash,
                                  size_t hash_len, dtls_random_fn rng, void *rng_ctx)
{
    uint32_t dk[8], e[8], k[8], r[8], s[8], t[8], ok, fail;
    uint8_t hk[32], hv[32], h1[32], extra[32];
    static const uint8_t zero = 0x00, one = 0x01;
    dtls__p256_jac q;
    dtls__p256_fe x, y;
    const dtls__ecc_mod *nm = &dtls__p256_n;
    size_t extra_len = 0;

    if (!hash && hash_len) return DTLS_ERR_BAD_ARG;
    ok = dtls__p256_load_scalar(dk, priv);
    DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
    if (!ok) {
        dtls_wipe(dk, sizeof dk);
        return DTLS_ERR_BAD_KEY;
    }
    if (rng) {
        if (rng(rng_ctx, extra, 32) != 0) {
            dtls_wipe(dk, sizeof dk);
            dtls_wipe(extra, sizeof extra);
            return DTLS_ERR_RANDOM;
        }
        extra_len = 32;
    }
    /* e = bits2int(H(m)) mod n; h1 = bits2octets(H(m)) = int2octets(e). */
    dtls__ecc_bits2int(e, hash, hash_len, 8);
    dtls__ecc_reduce_once(e, e, nm->m, 8);
    dtls__ecc_to_be(h1, e, 8);

    /* RFC 6979 §3.2 b-g (with the additional data of §3.6 when hedged). */
    memset(hv, 0x01, 32);
    memset(hk, 0x00, 32);
    dtls__p256_hmac(hk, hk, hv, 32, &zero, 1, priv, 32, h1, 32, extra_len ? extra : NULL, extra_len);
    dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
    dtls__p256_hmac(hk, hk, hv, 32, &one, 1, priv, 32, h1, 32, extra_len ? extra : NULL, extra_len);
    dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);

    for (;;) {
        /* §3.2 h: qlen = hlen = 256, so one HMAC block is T. */
        dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
        ok = dtls__p256_load_scalar(k, hv);
        /* Declassified: a candidate outside [1, n-1] (probability < 2^-32)
         * is discarded and never used. */
        DTLS__ECC_DECLASSIFY(&ok, sizeof ok);
        if (ok) {
            dtls__p256_mul_base(&q, k);
            dtls__p256_to_affine(x, y, &q);
            dtls__ecc_reduce_once(r, x, nm->m, 8); /* r = x mod n (x < p < 2n) */
            /* s = k^-1 (e + r d) mod n */
            dtls__ecc_to_mont(t, k, nm);
            dtls__ecc_mont_inv(t, t, nm);          /* k^-1 R */
            dtls__ecc_to_mont(s, r, nm);
            dtls__ecc_mont_mul(s, s, dk, nm);      /* r d */
            dtls__ecc_mod_add(s, s, e, nm);        /* e + r d */
            dtls__ecc_mont_mul(s, t, s, nm);       /* k^-1 (e + r d) */
            fail = dtls__ecc_is_zero(r, 8) | dtls__ecc_is_zero(s, 8);
            /* Declassified: r = 0 or s = 0 (probability ~2^-255) means retry
             * with the next k; it reveals nothing about the k that is used. */
            DTLS__ECC_DECLASSIFY(&fail, sizeof fail);
            if (!fail) break;
        }
        /* §3.2 h.3 */
        dtls__p256_hmac(hk, hk, hv, 32, &zero, 1, NULL, 0, NULL, 0, NULL, 0);
        dtls__p256_hmac(hv, hk, hv, 32, NULL, 0, NULL, 0, NULL, 0, NULL, 0);
    }
    dtls__ecc_to_be(sig, r, 8);
    dtls__ecc_to_be(sig + 32, s, 8);

    dtls_wipe(dk, sizeof dk);
    dtls_wipe(e, sizeof e);
    dtls_wipe(k, sizeof k);
    dtls_wipe(r, sizeof r);
    dtls_wipe(s, sizeof s);
    dtls_wipe(t, sizeof t);
    dtls_wipe(hk, sizeof hk);
    dtls_wipe(hv, sizeof hv);
    dtls_wipe(h1, sizeof h1);
    dtls_wipe(extra, sizeof extra);
    dtls_wipe(&q, sizeof q);
    dtls_wipe(x, sizeof x);
    dtls_wipe(y, sizeof y);
    return 0;
}

/* ---- Verification (public data: variable time) -------------------------------- */

static void dtls__p256_set_affine(dtls__p256_jac *r, const uint32_t *x, const uint32_t *y)
{
    dtls__p256_fe_copy(r->x, x);
    dtls__p256_fe_copy(r->y, y);
    memset(r->z, 0, sizeof r->z);
    r->z[0] = 1;
}

/* r = a + (bx, by) for any a. */
static void dtls__p256_madd_vt(dtls__p256_jac *r, const dtls__p256_jac *a, const uint32_t *bx,
                               const uint32_t *by)
{
    dtls__p256_fe z1z1, u2, s2;

    if (dtls__ecc_is_zero(a->z, 8)) {
        dtls__p256_set_affine(r, bx, by);
        return;
    }
    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_mul(u2, bx, z1z1);
    if (memcmp(u2, a->x, sizeof u2) == 0) {
        dtls__p256_fe_mul(s2, by, a->z);
        dtls__p256_fe_mul(s2, s2, z1z1);
        if (memcmp(s2, a->y, sizeof s2) == 0)
            dtls__p256_double(r, a);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    dtls__p256_madd(r, a, bx, by);
}

/* r = a + b for any a, b. */
static void dtls__p256_add_vt(dtls__p256_jac *r, const dtls__p256_jac *a, const dtls__p256_jac *b)
{
    dtls__p256_fe z1z1, z2z2, u1, u2, s1, s2;

    if (dtls__ecc_is_zero(a->z, 8)) {
        *r = *b;
        return;
    }
    if (dtls__ecc_is_zero(b->z, 8)) {
        *r = *a;
        return;
    }
    dtls__p256_fe_sqr(z1z1, a->z);
    dtls__p256_fe_sqr(z2z2, b->z);
    dtls__p256_fe_mul(u1, a->x, z2z2);
    dtls__p256_fe_mul(u2, b->x, z1z1);
    if (memcmp(u1, u2, sizeof u1) == 0) {
        dtls__p256_fe_mul(s1, a->y, b->z);
        dtls__p256_fe_mul(s1, s1, z2z2);
        dtls__p256_fe_mul(s2, b->y, a->z);
        dtls__p256_fe_mul(s2, s2, z1z1);
        if (memcmp(s1, s2, sizeof s1) == 0)
            dtls__p256_double(r, a);
        else
            memset(r, 0, sizeof *r);
        return;
    }
    dtls__p256_add(r, a, b);
}

DTLS_API int dtls_p256_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                                    size_t hash_len, const uint8_t sig[64])
{
    const dtls__ecc_mod *nm = &dtls__p256_n;
    dtls__p256_fe qx, qy, x, y;
    dtls__p256_jac tab[8], acc, q2, neg;
    uint32_t r[8], s[8], e[8], w[8], u1[8], u2[8];
    signed char naf[257];
    int i, len;
    unsigned t;

    if (dtls__p256_load_point(qx, qy, pub, pub_len) != 0) return DTLS_ERR_BAD_KEY;
    if ((!hash && hash_len) || !sig) return DTLS_ERR_BAD_ARG;
    dtls__ecc_from_be(r, sig, 8);
    dtls__ecc_from_be(s, sig + 32, 8);
    if (dtls__ecc_is_zero(r, 8) || dtls__ecc_is_zero(s, 8) || !dtls__ecc_lt(r, nm->m, 8) ||
        !dtls__ecc_lt(s, nm->m, 8))
        return DTLS_ERR_BAD_SIGNATURE;
    dtls__ecc_bits2int(e, hash, hash_len, 8);
    dtls__ecc_reduce_once(e, e, nm->m, 8);
    dtls__ecc_to_mont(w, s, nm);
    dtls__ecc_mont_inv(w, w, nm);   /* s^-1 R */
    dtls__ecc_mont_mul(u1, w, e, nm); /* e / s */
    dtls__ecc_mont_mul(u2, w, r, nm); /* r / s */

    /* tab[j] = (2 j + 1) Q */
    dtls__p256_set_affine(&tab[0], qx, qy);
    dtls__p256_double(&q2, &tab[0]);
    for (i = 1; i < 8; i++)
        dtls__p256_add_vt(&tab[i], &tab[i - 1], &q2);
    len = dtls__ecc_wnaf(naf, u2, 8);
    if (len < 32) len = 32;

    memset(&acc, 0, sizeof acc);
    for (i = len - 1; i >= 0; i--) {
        if (!dtls__ecc_is_zero(acc.z, 8)) dtls__p256_double(&acc, &acc);
        if (naf[i] > 0) {
            dtls__p256_add_vt(&acc, &acc, &tab[naf[i] >> 1]);
        } else if (naf[i] < 0) {
            neg = tab[(-naf[i]) >> 1];
            dtls__p256_fe_sub(neg.y, dtls__p256_p, neg.y); /* p - y: y < p */
            dtls__ecc_reduce_once(neg.y, neg.y, dtls__p256_p, 8);
            dtls__p256_add_vt(&acc, &acc, &neg);
        }
        if (i < 32) {
            for (t = 0; t < 2; t++) {
                uint32_t d = dtls__p256_comb_digit(u1, (unsigned)i, t);
                if (d) {
                    const uint32_t *ent = dtls__p256_comb[15 * t + d - 1];
                    dtls__p256_madd_vt(&acc, &acc, ent, ent + 8);
                }
            }
        }
    }
    if (dtls__ecc_is_zero(acc.z, 8)) return DTLS_ERR_BAD_SIGNATURE;
    dtls__p256_to_affine(x, y, &acc);
    dtls__ecc_reduce_once(x, x, nm->m, 8);
    return memcmp(x, r, sizeof x) == 0 ? 0 : DTLS_ERR_BAD_SIGNATURE;
}

#endif /* DTLS_ENABLE_P256 */
