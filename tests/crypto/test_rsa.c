/* test_rsa.c - RSA PKCS#1 v1.5 and PSS (RFC 8017) signing and verification.
 *
 * Known answers: the keys below were generated once with `openssl genrsa
 * 2048|3072|4096` (OpenSSL 3) and the expected signatures with
 * `openssl dgst -sha256|-sha384 -sign key.pem msg.txt`, msg.txt holding
 * "dtls.h RSA known-answer test message" (no newline).  PKCS#1 v1.5 signing
 * is deterministic: ours must equal OpenSSL's byte for byte.  Key components
 * are kept as OpenSSL prints them (with the DER sign byte 00 where present).
 * PSS signatures are checked by our verifier and, independently, by a slow
 * textbook s^e mod n in this file followed by a by-hand EMSA-PSS decoding.
 * Wycheproof: rsa_signature_2048_sha256, rsa_signature_3072_sha256,
 * rsa_pss_2048_sha256_mgf1_32. */
#include "../wp.h"

/* 2048-bit key (openssl genrsa 2048) */
static const char k2048_n[] =
    "00ba9e2a4e0b074ff94707d1751ac7a41757c1d386a9d4db1635ada14f7a1bd53ac9fd968b24cc2501354801a979566f"
    "20e3eb60cd742cde263ee82687636665c258d00d9402b883500b454ed2b0c2581227df870712bc1b17ab26117bc5ad10"
    "df44051db5fcf14f544624259cc0cd9e144e13aa41abaa24adf095ff03447555e71e74627b9dc1e7f70b4d0dabf86490"
    "62917aba84484fba6466f74298788706f02acee2836478f1daf7b169ebdca4270e769c4a1e7126dda73b79e0e44ea90f"
    "5d977dab546d6410080e4b7d2ad47879265699287469cec734e7b823bc1b72d56417e5ba00be0678896bbe4c9551319e"
    "a8d083c9c33efe3afc0dc95c7f168cc203";

static const char k2048_p[] =
    "00e2b1078ef5fbba4bdc97929cda11ce9761202e1872c0334d240251e1e928a399cc2bdf9a50c99da29cb56c3232fd97"
    "1fa42d2ec42a451bf2c141cb3107673aedf92d1d79b45a1fbaa5a7c7254f74364dafe3d411b3da83d7a2913224e12fb5"
    "650c913e2c983e5c342775ff9caa1c9ed2d227ffedf18861ddcfbc749936849675";

static const char k2048_q[] =
    "00d2bec9d23bd691e3e820535fd109d5cad0fd2fc44259194bd0cc3137edd7510fce16847e432c734056864d86fcf64c"
    "333015460e07d1e7bb835af24f8dcd5969d76d945c7d5da913be0720621a1c9f5e5d525ee7a9067048ebe7d0e67c0e08"
    "e4fd3b5ae33fdc659336c78c9d2ca3dad6fe2dcbe62d64732cfbfd6ca19a159797";

static const char k2048_dp[] =
    "5c954caef88bbcc46aed84b586e2aaeb6c818611fa1bc1580a12e07a518d8573b4cd5e5f5a0b5dd422087e8dea01640d"
    "4a3221dd801e05921997d372ccc13e721ec86c375e8f48522481e775b78391021d8a00fcd1e5b6df04c82420a7cfa258"
    "08cff102a9931e79367c9cced1332b32931e3f0a61110057651664d086519459";

static const char k2048_dq[] =
    "17f4198a6cc4b9b656d6fdc3014685e75493c28f231f6f719f9ce5e73e805fb5552e5806e5e9b27bd899d14c0b8a8f24"
    "ae4d6cb6018b893455fccb57e17d3ab17e0bf57601c5d886e6ed766fd019fabf460a2bc15703e5555482f7ca8ac5299b"
    "a570cea6cfc664413453c016c951227997506b41915d3e7e1972379bb2a0cba7";

static const char k2048_qinv[] =
    "0095f241672dba436e7b1882c6fba2a5b09dd69e3833735439b8c17b4ff8bc36530844888df5491007b47d56ae7af526"
    "df57d24e77187c77b3f19ad931a1dc4cdbf2f9d0891281d0ec2292111b45d78e90026ddad16b094edff45d6e27de9f47"
    "3fe9a73d099e91f074a94c40c8c31a03004dce043139ef9a22be965d2415f9097d";

static const char k2048_e[] =
    "010001";

static const char k2048_sig_sha256[] =
    "0bd3e6c3e00fbc6286ae106a376192e2f3ec5b728b79e995c24c98c52aec25524c0d8e9f6abeff90ab2547c91d47a0c3"
    "80a7f20277976cd1e49bc9bab5ee6aea580e91d71b40d12c863ad59d6de86a97ece453fba126ba92f695a70b3ada79cb"
    "a572996fa7ef778145e802d151a4eb9e2a6cc015e86269e7679ee17b9a8f27560572f8bc96fa7eeacf60195fc879c069"
    "6975906167e95bf004454a5e449bccf67c9e5eeccfc27bf67b9018feb123c8326282ad85c882b77225744ef74811bde1"
    "b2a3cc157828def5be07db3c0f199b0f7952318668830a3fa874e58e92b353d7df5bbcaaa62c57531ad676a4c196f484"
    "ca8350d44e9ef578164d416302470abb";

static const char k2048_sig_sha384[] =
    "a422a5a99bf26c04ee2e59dbfed2638f6034e6363961cadda478381a1f3fd57f29a5fdf78234cc6e9a49c19af6ffd335"
    "3be48e24ec71de67343e3bb87e3321dae4880031c3ccfb669952b1f9ee8b0359de0babf3ce919d2b2bc0ac63d2564667"
    "342055c34d32c3aa4829abb442da9be56c94affe10c427153786e5855dafb29c12d6c627c2dcc504234bf40a4048e097"
    "6e475e898e1d729ea6e6c457e211f0d458578d6737a5c068c85eca6c64f879d7b7c7c922bcb8f3b969c15336a0b578b1"
    "4c4d5d1d6afb185d3631ad43a25bc2a4c13b195f19ade9669df9ee6207d76b5a24b2f0aba41e4de3a81c4d3fff14b327"
    "43b1a471d7683cd71ad632360ba20cbd";

/* 3072-bit key (openssl genrsa 3072) */
static const char k3072_n[] =
    "0095a46c180c6b6b902f4622a2df7cd780ad1e76e01745ab43bd2ab0d270915f5b4359f8d7af9ae61dee6e622f052d0a"
    "4f771eb5a09b1c1075fd3c163455dd4ee4067c7942ff2b9ad43189bed1b7532dba237ed721c3f00b5b5e92a58a0b4d6f"
    "77b5e444641623a86bda693dd2dc9856397af0eab191a43890e9c395cceade83b909ce252f7aecbd00a23c99f7cdd2c8"
    "310bfa5b8a0a216e1fbcd6169550855070a56f30357f534553668daca8b105851e56f96fa473ceb26f8532444af5ff2a"
    "73821d48483435b1b22e1dcd9169db02f8779a36814f241fe1c02fb8b8cc3f719d2c071db8f4e5a3bd3c3ca556ea7e13"
    "2d47641d948f89bb8278a840adad0dc733b49a8e7a3db784c715f1f7e841c98c0f06eda5b5ef149093d4e0b3d099597e"
    "e8cf97b68836d9b41826bd77917e404ebd26fc2b01cf19501926025a0a99fbc37fcc6d592ea7684efbbcb4b58a37902a"
    "fd4188263797de19444f89caea84ff539dea391416832a1eb0577e00f34699e335fb248479a9f7f91457cf72ff20e74d"
    "a1";

static const char k3072_p[] =
    "00c560a1523d44913db68a252d8bfa02aea13cad51e90e3c469bdec9432312e174bdb57adff8e43924b969ef9736b642"
    "a4b81a2e2afe2bde48c4443e49a0bf5a5e5ae21835f83a449215f3892549f42bc0ef1a2b4e9a617fe0077c6d543cad75"
    "aebf243d4046c5e02adbf17ca7e9e2f544359929197dbf0013c41cbb7d29c6fa0e6da97e49b884fe449aea050ba4a425"
    "eaf78ae2e56fda616c91673f3e46969fb0be865bc66d7bfbc8dd1be2d0104ebef06ba9267db9f7c9af7a876236dadfaf"
    "a9";

static const char k3072_q[] =
    "00c2164d38ce90806dd2e14ee5e8e050e1c6eb74fa096dea040b96a0132a6437521e29c5fb5feb465e6008d306158a25"
    "70edd460d5d74e1d73b36a61a700c71679a169548241f550a1ecd02b0dd31f016f124e8c8971242caa3edb54719ad141"
    "8745f070748266264030cfc44bffcc85b8207e9f4ac859a2117380e40877c9b7d2f6a6b939a77db3581c790da4fffa47"
    "9e4628fa7f82ff52e05387c8ae9b2fbe7ec49b11c1f8c64aa9e3cbd061468a2e58263173cd4fa7ed0dbc51a840053249"
    "39";

static const char k3072_dp[] =
    "009fc2ea713dc45d67bd742e49a2ae98332fb1847cf38ea13d69f737a34f257e3657442914574aabf24cde319f8d1a93"
    "f0ee4fcaa4e41d300c6848f0bdfa0e49206ca1eb84ebca862c54f64e414f8e034864812322b99547c3576be0b6b97291"
    "fa031f5b30c6d86ded6320218d6ca45770818dda959691de87214b3c7b40309dc0c604d682e78746a4d35baeffd0a149"
    "4bda58a1f5a2c6f9eabdfafb56f61dff5e39a95969d0bef57b8d757fee77f4b55ab75a301cbe45920ba6bb24c54ffe95"
    "19";

static const char k3072_dq[] =
    "78e10ced51719c1b4a58bb1be403393cb4f8569d979bd640f8bab22ddd9c16fc54feed68971fe06eccdf1216daf97442"
    "364dac95e287ab3e31431358c0da3dfc38f47206c26fb7ed71a160ff363b3c58620d7be7ea087eacf58302bfd28d7b83"
    "75a2bf574113bfc500e195bf43acaca7b5cd47067b6b9fcdc0a348e2a14087f5a35ac947c83238adaae616026acf0525"
    "e54a86613e4428e8bffd749692de94853d8bdaee753382b2f6c62c9d3922bca477fd1ac38755ee053d019a896cf319b9";

static const char k3072_qinv[] =
    "1e8232ef1940e19bf09f4adce842ca722dc5e61108f60091b8dae477cfbfd73c5193008e1e4d6a9d109682e6f88de6c1"
    "9e8e79a4020aa5136ce86f47d1c284dbdaf441f83302c6bff4fab45cc1b974d50976dcfce4de17f6623c3b9f2c322542"
    "2e9c69f89881fd15b50b543243bbfe79b4569a4e3ac7596bb82d3364c54a12f957d3b25af7c64203cf5e21da58f8112b"
    "b69d26ab0b1ed03a3b9ae1ab708769dfd8ce373428ba7b38c4619c4b21547552fa36619559a01244bc4f6bd627002ed6";

static const char k3072_e[] =
    "010001";

static const char k3072_sig_sha256[] =
    "09582531f0a41d9718e37226463db099f4fd54a61b09b6cc70847cacc36cd31ea760c60ef88626e8fe90396f29ccf086"
    "728e28575194bcf41a3deb6dc741d75dccc67b038ae846c21d711f9febc03737a7c7e377cc56b31bfea1aa9cb33af5f0"
    "325714a71367a6aa549f15753b7ac6941e033ec8fa37c95627d41c94b92ccef699faee96e21f572ebc6099cc84bca44c"
    "737c9e422fafa51f6e6d428718ea565fa4563534497225494b424c891cd0117566085140f25330ad7495d4a7b0aaafd9"
    "398403ab6c2ec36db409049aa2c38a57483d7cf0a13cca3915927291e6ff95d880a1ea6501d4f3e7faf42f9ff5cb72d7"
    "b4fd2884c5488ba48da7bbd347036460afc2589e71f61a7925cf768b9b30c0674d4a273c79f82d5488e1bded24ca21a9"
    "da3c0c688d77db2d677cd3179ec0b42aacaee3529fbcf188c4be95326c543c92276deb63891cca0bde74987ce0085367"
    "3a1664181cb4eea12d331656f677c837588a321ca8bbf128717dcd5d6b6f15a86a54bbf894d21719cb490363af8ae9ba";

static const char k3072_sig_sha384[] =
    "6bce0945d89cc3deefe3ea14472971e183c8fc5f1421e0f432d934c73b83003e74d16f99e6c378507ca8e3bc8f2c58e4"
    "22c7f2ac225e17c8386f7cacf689114364ddc19ef82ed3e2c3798feb173323d0ba158a4274f3333141a987055c669553"
    "85c00a1c827de6de00a3eb750f949d2a1a250dc5ef6208a9b039d8c881df359c904a471affc7ea57451c7d4f2a0ab2d2"
    "e9c04efa0ec284d55763764938dcc9934717393ff74f93bfeb40743e8a54b2dea37d63f92b35626e828cb80630f32c59"
    "a619c2bf819f3fb200602202a7fd63b5d550387997f28fba4cce883d7aec4f61f9a665b5c1e78000e5ee4601e76fc551"
    "0e4c40ce87ff6796730ae93858351ea099b6da0e34387a127e633ec89a76d0a7171558bd57e6a910bfbb4116eb9c282a"
    "4ff445eb239ac07e6b8ef38744a24846e3b7368a174eccc53ba10678aa53bc8b4536a3c0ae01e6f3d84206612a78f2af"
    "c0e3e199b3ee061f40bedeb7c85856f51908729f4ac765f0226a75591feaab3659d47cf29ad000117c96cd2b68772d4f";

/* 4096-bit key (openssl genrsa 4096) */
static const char k4096_n[] =
    "00a5908856e18964e21754827ea8f2a5a88b62f7ba8d020c703e538d1760fd5c09d7228f23beb4136221671cab279176"
    "176645970020cde72e2abf47878785cb5944b279cd02cab92a0b7bd4c300c8e0efa5f1d232f15524281076c9e3453bff"
    "3872a6c6f1954579fd7e473f5932f06c32a42eec8d28fe7a30bac40e552e6eeb20a327dd20bc08ee2e1e14cf1ecb25a1"
    "906973ec52d14741df1513d9a549085c783454e8094fd0e138af3f00ee7b041efd63de3e0faa023bfd73eedcebb68652"
    "68c0e97358c663e04bafea1a8dcac7d4dc162e86475d75ad1ee02b30186b93121a715f4e3e524b3bec19dae09cda5722"
    "5fa89e1be1a56876d29be6ddb2f51f5b0cbaff9acfeaecff026911dc28921e9c8373bff3fc39cb09f26041c9f9ceee12"
    "e9b8bfbd8140f4ad2780ead37278e8ff683165d3e09cb57e3170e3ce3dfa00c472a2303fff5330f2eb875213af05baa3"
    "3360161054fca097b7b7bfdcc350071799951d8e930e3e45265d09e2992d1cf6448110c258e013b1b2008ddfbc667ced"
    "fff6dbbecc6b7bfd0846205aca0890e04f5594bc00446aa52eaad3c861eb3b4f31bda4a8539d97f72c2fe17070e12233"
    "d3339360c1089ec0108268baeb8ccb2e71e79ee7f897a1e10bc7aa3ebea835ae9b14d2db0cdb276bf383d4761e56e8bf"
    "dd1042e8c84e3a1d2e87c6920479fa84dc30b9fe6c8c7e684f699fcf8dbb443ba5";

static const char k4096_p[] =
    "00ce52a043fcede33d9d5f96f3b5a1bd69df62399c257726512e231571859e01e4d327e707863f9b288420cab21bd7ed"
    "6bd3250f7f6e7bc73bbfd844357b1427c8c790201ebc2f2e4e3ecda9f8769996327ddfb6987cd398b651192b473653cb"
    "a520c5d6991b60f491c6dc1306a80f93cf8bc9a3ac72de4a0f9b9d14cdfcc7b57ee0ec400504c240b3d6cb0059b59b52"
    "baadd5036a8f9c9f370ea044ca60e6d216c5ca44a60ec77b75d45374033006389e18601538e35d7eb9a3f653531420d6"
    "7645143241c4e4c58ec3c1ef8055583bbc2a7c25ebffcf12df09eaa6709cb4424d79c85cdccea21e466956829d1f4513"
    "e17d78a5dec2a917a78b02037690ae4c3d";

static const char k4096_q[] =
    "00cd6da4cd0f270c9e8dd73148bdf023633b02f0d76d44bf795a3a6464d47c7550a9a28b704d998da97cf733f57d2002"
    "c6bd2a005d023d274186334a6e44949b82614692d3dd1de780457477cf76bce221fe085be1f570800c11b444044a45b7"
    "b7b6dc7d46d4a7888f8ca7e2a1539cb1b987cb4293c13d59e056bcf24653631f938b1356dfae227991d2ee9a423cf72d"
    "64b17f077e31b7a794c8ab0489ebc01f9829f595b84a67850b727f732eb4c6a7d1187954d81665b90dc6c36f0da6a7c7"
    "f2a38156e7cbfad8e1b0a10287ff12957e9c258eb5ddd7d049bf750735f273278582b6bc028ec4b4effd76734960bb6e"
    "cd2bc991ab8d312392bb1f6e1aabef1b89";

static const char k4096_dp[] =
    "1ee642f84badf8e56667457d344b87c98e59f094d10b9a22784d6acdb89c245e77bd371d6a5ea647181aad20a588de16"
    "d2e56effbfb52bee67d9e4c539ac9814bac67bf8fe67f68063697bb62954f12898af63724ce787ac6e52dda7699c7d18"
    "3ae3463361e5505b70b3cee9a54bc7f042582d7a0b2dfd5b7f0bb46cf1199bb5e7cb99fee66a8d3421cbff3e703355dd"
    "7d613484c60347d90008c2a4a884891c3dfcfff0faafa76ecb20c07425c218c29c95ef37b8dd6cb832b5165f8fd92725"
    "494d3005a78e37841d0f33663de1dbf85f487e896ca33f8945bbedb759d0a9495f1ec1c193f4b5a207ee9bdb1a2ec73e"
    "7303199c55fceafcfd958c9d3a27d065";

static const char k4096_dq[] =
    "00a0cd46c74d291ff3accbd9c43b099269c67392dacea995c8041cd92124431801c0078066b41792902d45c3e251c390"
    "e8c881ec2ee1e5c4a8c1c7bc677c3f674b33a1eea4f0dccbadd8b046689b65570d8cb0365c35a78e53e437db56105d6a"
    "65e039cfc676077e19ffdc1ac675909e7dc0121757595810d64e8f308664179f4bfafd746f3afbb975b04b1d6ce41407"
    "f05e1035694eb997f01af3e365a2a88d12ab2595c0e05d1003d9e871dd099cc71821b437f9bdee7a609249c0d04ab7e3"
    "07c77d22ede6f9c07349b37f2bbd3a6ad2e49f718a62d0e0361a2c1d2cd94fd28bebb9e68989ffe832439148c5137724"
    "506e0a2680c6d0c42bc355e2f5f5c80121";

static const char k4096_qinv[] =
    "6998208e266f748cc703c46c8dc2f46e842955b76340cbd1f56d0ffa51376f0858edd6a5f73fe4dc0f24ac6f3d749483"
    "d55b320ee9df7081c7759099fdc8f46c90d9640c0ab81a9be6449f59230ee70d04ddb570cefa2f0a1292fcd5b2b52e3b"
    "db939453bf0d3ee49a37ca4e5fb148cadb26cae33a670d09dc2fb40d6f0d58503db5c34a70feb8519c941971ffa0608c"
    "18fe53c56cf89f2f97cf6e7078181d9f2244ab89247a05b8a6b91fb941defa5f8812bedafdfe768c2b4d8c4b3ff7d10a"
    "76fbf167a5296b23741ae6b8805fcc9c0d08f50688a51baed49d622ae133a79a54c218d8f5f835411f4b2cf886b68e06"
    "269fc685c39ba5957ee05f0633688b82";

static const char k4096_e[] =
    "010001";

static const char k4096_sig_sha256[] =
    "424533023b26b73806db9fb1179e3ead355741f42ea0f1329820895ee106a1f3ed14252f9a2237c0acc0e10523a3859b"
    "063be8e0c250774d0c7b8724a72a4b8e9f2d6dbdef01d12ac6a9711cfe32a97e80529410771fd713a086a8e82935d25a"
    "8ad9b6935f520df9cf9bd9bfacb35efe92d9ed06607451955519424b54567c9a8e3eedc972f778a7e9ab92aa4640729a"
    "4a6bbe56add2b23b3902e546df4520a8acf4e8a342e4c398a541611992b73b9427f15a60c354f0d24ea105d980c7ec94"
    "77b446d897ce04cfc673fc7ad9202bd7ffae0cbbb228e9946fd43fb4acf3348970bbb48532ec0744fe5114f9c4c925e3"
    "e428b25698ad4a07d5896740423614a83c908bebfa5d9a389f0e2937bede39d21799f320055b8dae3c967001bbef7c94"
    "1abba9bedead8fd5f8f50759e1175caf54edc90f6d42e5e9a398c24a4bd482495e8b23229eabc0bb512cfdd652206bde"
    "6d58059e982087b936ff0cab2affe74b48d7584ec288946691c8705a5ab81482d99e7bf8c378cf71059bb9926acca3f2"
    "0e0f50f8b13a4f55b7424b9a26dfcd5773bc445b6b65a5a5fcfb3b57c8973622bcedb0717a84aa45e18b3b6c953c193a"
    "e467c2ee091dd79e47407318283c44d66951efc957ae9c282010101177f7ab74bc8b225c102f32ef7d65f6ced1b1c0a3"
    "dbd69e527d3c6229f149815c883647a9da84491c48c2504e22b92077c1cea09c";


/* 2049-bit key made with Python (random.seed(2049), Miller-Rabin, p and q of
 * 1025 bits): modBits = 1 mod 8, so the PSS encoding is one byte shorter than n.
 * Expected signature: pow(EM, d, n) computed by Python. */
static const char k2049_n[] =
    "01fd6f498391d33b105bcc2fe1c1eea9c33622c459cf4effcd78077494cfab4de344fe5c7205fd25a0e42531b73b72d7"
    "90f05bb9114894c173a52e20d1f1b6e322bddffb9b78d326911874bdd1f988b098b45408898a49d52e8c7cf6ee0cd936"
    "8e857a51a1f42a8f101568774ff0e8a141302b0d40033dc470d965fbb11ce247c1928d1fc87b38855d059cbca0c4733c"
    "7d9c4f40b57a4d1d6a5cd5ce9224aa14c0c30da089dc0b7bb6481e042115211ff129b188627fcbd8c64f6233bc9dcf8e"
    "aab873b874c91eda22419fd4db255a776addc2c389a67bf6fa23a33f93f0de609d8e1702a180a644351f055786d3fdcb"
    "429ba205349609f8d119ea793a425b30e3";

static const char k2049_p[] =
    "018e0ad68b36985530812cf01404b147056d04b9c7cb8bf9fe57f0c493eedf00e0f1d0c923473af1e6da90e0ff87b737"
    "cb2eefd241fd541bac70c22e0edcb177e017ab90fa6fff6bdb3b0ed72f5641fd85f2477113f8c60224b114b0c90e4eb3"
    "cd44e3f6d74bdfe7aed05f9d166ef2198e91133b92d8010957eb04611224c67013";

static const char k2049_q[] =
    "0147a449a7ffc0721f1bebecbe64abf162a19d5eb025129ad0b6823d57aa4807248caba995a5e52500805e0f9d62af6f"
    "b1dabec4f968a53c1971576b107f75ebf61a65675083fe5ec95e3f1e081e25a8dd6afaf5c4aab977248513b9eb862147"
    "192f67f405c1280673bd72c439909aaaeaa98947edf70a223f9be06ca83cc175f1";

static const char k2049_dp[] =
    "0147d6916253f31fa7359da797354e35eab821fe4a1ad20d737946eb01d4ea83b4c2366e93c9e538bc2524d2cc642179"
    "a8b5ddfcd5312b87277e2fd0f398bdeab7fd86e77ffda2e858c6c9b05e62b3337691585a4052d3f38bf8f5cbadad4511"
    "3e6e113c8b9308b5affc1be42c47f0cb2feb396605ca3700551352a608e5953355";

static const char k2049_dq[] =
    "6ea019fe8f6bfb1c65e112de763f581165602d486c3c0be9ccb5cce07cae353b3204040e73251b893fce8297316aeadb"
    "b2701731df136b676bcd8868d9a0873b614e3bc403cd2f53ee6e81455c687acbc8035458430cbc1da8913085459496dc"
    "fa14af600207f1a5c2a1ad7f8243b6d1e4cc656d03ac7843e1edb4c259413901";

static const char k2049_qinv[] =
    "a3d2926047c5bc1d9725ca58aae9ef12bd9fc776e67e0fb19e3ad3ec0c48ff5f721808982d57acf8f1a94cee19d4a824"
    "491546ba0991d5787145a748192675535ade13aa74e779d7a90af2d92dc767a23b9003e22d951ee913bc4cb4588e7dc0"
    "e0a189a04328e4704ec0affd256099827593994bb14545d3007d194f0226320f";

static const char k2049_e[] =
    "010001";

static const char k2049_sig_sha256[] =
    "01c59e1f757dab15a384bd5769369da6d546838af34dba6690cc98c8c22a19ee6c8afc538498a64edc4ba2a421dff5ec"
    "a9b8dbada65f5d7230550427a3488c6fad179018b761366ec961792075d8a8899d02ebe23667bc15efcb91578dde0b3f"
    "249ee43894ee2b01279b1b66aa8600bf88c5cd09bb3c79e13b357e1cc149ad26588cdc18a7bbd3cd40c6878eaa7a167d"
    "d6f88314335fe15809208a922806c9d418eb3b2649e6ccf60e3c0c5d516632bf1e3c30eaf3885b795b514a20bb331fc2"
    "5f418bd630678d93a51c76fab787ac1e178983bf2bf90782392a45bb38f411313139e63aa9f66f645c92ebc81a4aebf1"
    "1e727e4a1eea7bf8d918be960d74ed1c05";


static const char kat_msg[] = "dtls.h RSA known-answer test message";

/* ---- keys ---- */

typedef struct {
    uint8_t n[520], e[8], p[300], q[300], dp[300], dq[300], qinv[300];
    dtls_rsa_private_key priv;
    dtls_rsa_public_key pub;
} test_key;

static void load_key(test_key *k, const char *n, const char *e, const char *p, const char *q,
                     const char *dp, const char *dq, const char *qinv)
{
    memset(k, 0, sizeof *k);
    k->priv.n = k->n;
    k->priv.n_len = unhex(k->n, sizeof k->n, n);
    k->priv.e = k->e;
    k->priv.e_len = unhex(k->e, sizeof k->e, e);
    k->priv.p = k->p;
    k->priv.p_len = unhex(k->p, sizeof k->p, p);
    k->priv.q = k->q;
    k->priv.q_len = unhex(k->q, sizeof k->q, q);
    k->priv.dp = k->dp;
    k->priv.dp_len = unhex(k->dp, sizeof k->dp, dp);
    k->priv.dq = k->dq;
    k->priv.dq_len = unhex(k->dq, sizeof k->dq, dq);
    k->priv.qinv = k->qinv;
    k->priv.qinv_len = unhex(k->qinv, sizeof k->qinv, qinv);
    k->pub.n = k->n;
    k->pub.n_len = k->priv.n_len;
    k->pub.e = k->e;
    k->pub.e_len = k->priv.e_len;
}

#define KEY(dst, B) load_key(dst, k##B##_n, k##B##_e, k##B##_p, k##B##_q, k##B##_dp, k##B##_dq, k##B##_qinv)

/* Modulus length without leading zero bytes. */
static size_t key_k(const test_key *k)
{
    size_t i = 0;
    while (i < k->pub.n_len && k->n[i] == 0) i++;
    return k->pub.n_len - i;
}

/* ---- random sources ---- */

typedef struct {
    uint64_t s;
    int calls, fail_at; /* fail_at: call number (1-based) that fails, 0 = never */
    uint8_t last[600];  /* copy of the last output */
    size_t last_len;
} test_rng;

static int rng_fn(void *ctx, uint8_t *out, size_t len)
{
    test_rng *r = (test_rng *)ctx;
    size_t i;
    r->calls++;
    if (r->fail_at && r->calls == r->fail_at) return DTLS_ERR_RANDOM;
    for (i = 0; i < len; i++) {
        r->s ^= r->s << 13;
        r->s ^= r->s >> 7;
        r->s ^= r->s << 17;
        out[i] = (uint8_t)(r->s >> 24);
    }
    if (len <= sizeof r->last) {
        memcpy(r->last, out, len);
        r->last_len = len;
    }
    return 0;
}

static void rng_init(test_rng *r, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    r->s = seed | 1;
}

/* ---- textbook RSA public operation (independent of the library) ---- */

#define TB_L 130
typedef struct { uint32_t w[TB_L]; } tb_num;

static void tb_from(tb_num *x, const uint8_t *b, size_t len)
{
    size_t i;
    memset(x, 0, sizeof *x);
    for (i = 0; i < len; i++)
        x->w[i / 4] |= (uint32_t)b[len - 1 - i] << (8 * (i % 4));
}

static int tb_ge(const tb_num *a, const tb_num *b)
{
    int i;
    for (i = TB_L - 1; i >= 0; i--)
        if (a->w[i] != b->w[i]) return a->w[i] > b->w[i];
    return 1;
}

static void tb_sub(tb_num *a, const tb_num *b)
{
    uint64_t br = 0;
    int i;
    for (i = 0; i < TB_L; i++) {
        uint64_t v = (uint64_t)a->w[i] - b->w[i] - br;
        a->w[i] = (uint32_t)v;
        br = (v >> 63) & 1;
    }
}

static void tb_addmod(tb_num *a, const tb_num *b, const tb_num *n)
{
    uint64_t c = 0;
    int i;
    for (i = 0; i < TB_L; i++) {
        uint64_t v = (uint64_t)a->w[i] + b->w[i] + c;
        a->w[i] = (uint32_t)v;
        c = v >> 32;
    }
    if (tb_ge(a, n)) tb_sub(a, n);
}

/* r = a * b mod n by double-and-add over the bits of a. */
static void tb_mulmod(tb_num *r, const tb_num *a, const tb_num *b, const tb_num *n)
{
    tb_num acc;
    int i;
    memset(&acc, 0, sizeof acc);
    for (i = 32 * TB_L - 1; i >= 0; i--) {
        tb_num t = acc;
        tb_addmod(&acc, &t, n);
        if ((a->w[i / 32] >> (i % 32)) & 1) tb_addmod(&acc, b, n);
    }
    *r = acc;
}

/* out[0..k) = sig^e mod n. */
static void tb_public(uint8_t *out, size_t k, const test_key *key, const uint8_t *sig)
{
    tb_num n, s, acc;
    uint32_t e = 0;
    size_t i;
    int bit;
    tb_from(&n, key->n, key->pub.n_len);
    tb_from(&s, sig, k);
    for (i = 0; i < key->pub.e_len; i++) e = (e << 8) | key->e[i];
    bit = 31;
    while (bit > 0 && !((e >> bit) & 1)) bit--;
    acc = s;
    while (bit-- > 0) {
        tb_mulmod(&acc, &acc, &acc, &n);
        if ((e >> bit) & 1) tb_mulmod(&acc, &acc, &s, &n);
    }
    for (i = 0; i < k; i++) out[k - 1 - i] = (uint8_t)(acc.w[i / 4] >> (8 * (i % 4)));
}

/* By-hand EMSA-PSS-VERIFY (RFC 8017 §9.1.2) over em (k bytes, modBits = bits),
 * SHA-256, checking that the salt equals want_salt. */
static int tb_pss_check(const uint8_t *em_k, size_t k, size_t bits, const uint8_t *mhash,
                        const uint8_t *want_salt, size_t slen)
{
    uint8_t db[600], h[32], mp[8 + 32 + 600], cnt[4];
    size_t em_len = (bits - 1 + 7) / 8, db_len = em_len - 33, i, done;
    const uint8_t *em = em_k + (k - em_len);
    uint32_t c;
    if (em_len < k && em_k[0] != 0) return 0;
    if (em[em_len - 1] != 0xbc) return 0;
    memcpy(db, em, db_len);
    for (done = 0, c = 0; done < db_len; c++) {
        dtls_sha256_ctx ctx;
        cnt[0] = (uint8_t)(c >> 24); cnt[1] = (uint8_t)(c >> 16); cnt[2] = (uint8_t)(c >> 8); cnt[3] = (uint8_t)c;
        dtls_sha256_init(&ctx);
        dtls_sha256_update(&ctx, em + db_len, 32);
        dtls_sha256_update(&ctx, cnt, 4);
        dtls_sha256_final(&ctx, h);
        for (i = 0; i < 32 && done < db_len; i++) db[done++] ^= h[i];
    }
    db[0] &= (uint8_t)(0xFF >> (8 * em_len - (bits - 1)));
    for (i = 0; i < db_len - slen - 1; i++)
        if (db[i] != 0) return 0;
    if (db[db_len - slen - 1] != 1) return 0;
    if (memcmp(db + db_len - slen, want_salt, slen) != 0) return 0;
    memset(mp, 0, 8);
    memcpy(mp + 8, mhash, 32);
    memcpy(mp + 40, want_salt, slen);
    dtls_sha256(h, mp, 40 + slen);
    return memcmp(h, em + db_len, 32) == 0;
}

/* ---- known answers ---- */

static void pss_roundtrip(const test_key *key, size_t bits, size_t slen);

static void kat_pkcs1(const test_key *key, int alg, const char *want_hex)
{
    uint8_t hash[48], sig[512], want[512];
    test_rng r;
    size_t hlen = alg == DTLS_HASH_SHA256 ? 32 : 48, k = key_k(key);
    CHECK_EQ(unhex(want, sizeof want, want_hex), k);
    if (alg == DTLS_HASH_SHA256) dtls_sha256(hash, kat_msg, strlen(kat_msg));
#if DTLS_ENABLE_SHA384
    else dtls_sha384(hash, kat_msg, strlen(kat_msg));
#endif
    rng_init(&r, 1);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key->priv, alg, hash, hlen, rng_fn, &r), k);
    CHECK_MEM(sig, want, k);
    CHECK_EQ(r.calls, 1); /* the blinding value */
    /* another blinding value, same signature */
    rng_init(&r, 99);
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, k, &key->priv, alg, hash, hlen, rng_fn, &r), k);
    CHECK_MEM(sig, want, k);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key->pub, alg, hash, hlen, want, k), 0);
    want[k / 2] ^= 0x10;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key->pub, alg, hash, hlen, want, k), DTLS_ERR_BAD_SIGNATURE);
    want[k / 2] ^= 0x10;
    hash[0] ^= 1;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key->pub, alg, hash, hlen, want, k), DTLS_ERR_BAD_SIGNATURE);
}

TEST(test_pkcs1_sign_kat_2048)
{
    test_key key;
    KEY(&key, 2048);
    kat_pkcs1(&key, DTLS_HASH_SHA256, k2048_sig_sha256);
#if DTLS_ENABLE_SHA384
    kat_pkcs1(&key, DTLS_HASH_SHA384, k2048_sig_sha384);
#else
    (void)k2048_sig_sha384;
#endif
}

TEST(test_pkcs1_sign_kat_3072)
{
    test_key key;
    KEY(&key, 3072);
    kat_pkcs1(&key, DTLS_HASH_SHA256, k3072_sig_sha256);
#if DTLS_ENABLE_SHA384
    kat_pkcs1(&key, DTLS_HASH_SHA384, k3072_sig_sha384);
#else
    (void)k3072_sig_sha384;
#endif
}

TEST(test_pkcs1_sign_kat_4096_roundtrip)
{
    test_key key;
    KEY(&key, 4096);
    kat_pkcs1(&key, DTLS_HASH_SHA256, k4096_sig_sha256);
}

/* With DTLS_RSA_MAX_BITS below a key's size the key is refused. */
static void check_too_big(int bits)
{
    test_key key;
    uint8_t hash[32], sig[512];
    test_rng r;
    if (bits == 3072) KEY(&key, 3072);
    else KEY(&key, 4096);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    rng_init(&r, 1);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, sig, (size_t)bits / 8), DTLS_ERR_BAD_KEY);
}
TEST(test_3072_over_max) { check_too_big(3072); }
TEST(test_4096_over_max) { check_too_big(4096); }

/* 2049 bits: a 257-byte modulus, primes of 33 limbs, and a PSS encoding of
 * emLen = k - 1 bytes (RFC 8017 §9.1.1 with emBits = 2048). */
TEST(test_2049_bit_key)
{
    test_key key;
    KEY(&key, 2049);
    CHECK_EQ(key_k(&key), 257);
    kat_pkcs1(&key, DTLS_HASH_SHA256, k2049_sig_sha256);
    pss_roundtrip(&key, 2049, 32);
    pss_roundtrip(&key, 2049, 0);
}

/* Leading zero bytes of the key components are optional. */
TEST(test_pkcs1_sign_stripped_key)
{
    test_key key;
    uint8_t hash[32], sig[256], want[256];
    test_rng r;
    KEY(&key, 2048);
    unhex(want, sizeof want, k2048_sig_sha256);
#define STRIP(f) while (key.priv.f##_len > 0 && key.priv.f[0] == 0) { key.priv.f++; key.priv.f##_len--; }
    STRIP(n) STRIP(p) STRIP(q) STRIP(dp) STRIP(dq) STRIP(qinv)
#undef STRIP
    CHECK_EQ(key.priv.n_len, 256);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    rng_init(&r, 5);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), 256);
    CHECK_MEM(sig, want, 256);
}

static void pss_roundtrip(const test_key *key, size_t bits, size_t slen)
{
    uint8_t hash[32], sig[512], sig2[512], em[512], salt[600];
    test_rng r;
    size_t k = key_k(key);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    rng_init(&r, 7 + slen);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key->priv, DTLS_HASH_SHA256, slen, hash, 32, rng_fn, &r), k);
    CHECK_EQ(r.calls, slen ? 2 : 1);
    /* the salt is the first rng output when slen > 0 */
    {
        test_rng r2;
        rng_init(&r2, 7 + slen);
        if (slen) rng_fn(&r2, salt, slen);
    }
    CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen, hash, 32, sig, k), 0);
    tb_public(em, k, key, sig);
    CHECK(tb_pss_check(em, k, bits, hash, salt, slen));
    /* wrong salt length, modified signature, modified hash */
    CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen + 1, hash, 32, sig, k), DTLS_ERR_BAD_SIGNATURE);
    if (slen) CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen - 1, hash, 32, sig, k), DTLS_ERR_BAD_SIGNATURE);
    sig[3] ^= 4;
    CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen, hash, 32, sig, k), DTLS_ERR_BAD_SIGNATURE);
    sig[3] ^= 4;
    hash[31] ^= 0x80;
    CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen, hash, 32, sig, k), DTLS_ERR_BAD_SIGNATURE);
    hash[31] ^= 0x80;
    /* a PSS signature is not a PKCS#1 v1.5 one */
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key->pub, DTLS_HASH_SHA256, hash, 32, sig, k), DTLS_ERR_BAD_SIGNATURE);
    /* fresh salt: a different signature (same one with an empty salt) */
    rng_init(&r, 1000 + slen);
    CHECK_EQ(dtls_rsa_pss_sign(sig2, k, &key->priv, DTLS_HASH_SHA256, slen, hash, 32, rng_fn, &r), k);
    CHECK_EQ(dtls_rsa_pss_verify(&key->pub, DTLS_HASH_SHA256, slen, hash, 32, sig2, k), 0);
    CHECK_EQ(memcmp(sig, sig2, k) == 0, slen == 0);
}

TEST(test_pss_sign_verify_2048)
{
    test_key key;
    KEY(&key, 2048);
    pss_roundtrip(&key, 2048, 32);
    pss_roundtrip(&key, 2048, 0);
    pss_roundtrip(&key, 2048, 256 - 32 - 2); /* largest salt */
}

TEST(test_pss_sign_verify_3072)
{
    test_key key;
    KEY(&key, 3072);
    pss_roundtrip(&key, 3072, 32);
}

TEST(test_pss_sign_verify_4096)
{
    test_key key;
    KEY(&key, 4096);
    pss_roundtrip(&key, 4096, 32);
}

#if DTLS_ENABLE_SHA384
TEST(test_pss_sha384)
{
    test_key key;
    uint8_t hash[48], sig[256];
    test_rng r;
    KEY(&key, 2048);
    dtls_sha384(hash, kat_msg, strlen(kat_msg));
    rng_init(&r, 3);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA384, 48, hash, 48, rng_fn, &r), 256);
    CHECK_EQ(dtls_rsa_pss_verify(&key.pub, DTLS_HASH_SHA384, 48, hash, 48, sig, 256), 0);
    CHECK_EQ(dtls_rsa_pss_verify(&key.pub, DTLS_HASH_SHA384, 32, hash, 48, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    /* salt too long for the key */
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA384, 256 - 48 - 1, hash, 48, rng_fn, &r), DTLS_ERR_BAD_ARG);
    CHECK_EQ(sig[0] | sig[255], 0);
}
#endif

/* ---- failures ---- */

static int all_zero(const uint8_t *p, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

TEST(test_fault_corrupted_dp)
{
    test_key key;
    uint8_t hash[32], sig[256];
    test_rng r;
    KEY(&key, 2048);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    key.dp[100] ^= 0x01;
    rng_init(&r, 1);
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_FAULT);
    CHECK(all_zero(sig, sizeof sig));
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, 32, hash, 32, rng_fn, &r), DTLS_ERR_FAULT);
    CHECK(all_zero(sig, sizeof sig));
    key.dp[100] ^= 0x01;
    /* wrong qinv, p and q swapped (qinv then belongs to the other order), oversized p */
    key.qinv[50] ^= 0x40;
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_FAULT);
    key.qinv[50] ^= 0x40;
    {
        dtls_rsa_private_key sw = key.priv;
        sw.p = key.priv.q; sw.p_len = key.priv.q_len; sw.q = key.priv.p; sw.q_len = key.priv.p_len;
        sw.dp = key.priv.dq; sw.dp_len = key.priv.dq_len; sw.dq = key.priv.dp; sw.dq_len = key.priv.dp_len;
        CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &sw, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_FAULT);
        sw = key.priv;
        key.p[0] = 1; /* the sign byte becomes a 1025th bit */
        CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &sw, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_FAULT);
        key.p[0] = 0;
        CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &sw, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), 256);
    }
}

TEST(test_failing_rng)
{
    test_key key;
    uint8_t hash[32], sig[256];
    test_rng r;
    KEY(&key, 2048);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    rng_init(&r, 1);
    r.fail_at = 1;
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_RANDOM);
    CHECK(all_zero(sig, sizeof sig));
    rng_init(&r, 1);
    r.fail_at = 1; /* the salt */
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, 32, hash, 32, rng_fn, &r), DTLS_ERR_RANDOM);
    CHECK(all_zero(sig, sizeof sig));
    rng_init(&r, 1);
    r.fail_at = 2; /* the blinding value */
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, 32, hash, 32, rng_fn, &r), DTLS_ERR_RANDOM);
    CHECK(all_zero(sig, sizeof sig));
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, NULL, NULL), DTLS_ERR_BAD_ARG);
}

TEST(test_bad_keys)
{
    test_key key;
    uint8_t hash[32], sig[600], n[600];
    dtls_rsa_public_key pub;
    dtls_rsa_private_key priv;
    test_rng r;
    static const uint8_t e1[] = {0x01}, e2[] = {0x02}, e4[] = {0x01, 0x00, 0x00}, e_big[] = {0x01, 0x00, 0x00, 0x00, 0x01};
    static const uint8_t e_ok0[] = {0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01};
    KEY(&key, 2048);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    unhex(sig, sizeof sig, k2048_sig_sha256);
    rng_init(&r, 1);
    pub = key.pub;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), 0);
    /* 2047-bit modulus (top bit of a 2048-bit one cleared) */
    memcpy(n, key.n, key.pub.n_len);
    n[1] &= 0x7F;
    pub.n = n;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_rsa_pss_verify(&pub, DTLS_HASH_SHA256, 32, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    /* 1024-bit modulus */
    pub.n = key.n + 1;
    pub.n_len = 128;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 128), DTLS_ERR_BAD_KEY);
    /* even modulus */
    memcpy(n, key.n, key.pub.n_len);
    n[key.pub.n_len - 1] ^= 1;
    pub.n = n;
    pub.n_len = key.pub.n_len;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    /* DTLS_RSA_MAX_BITS + 1 bits */
    memset(n, 0, sizeof n);
    n[0] = 0x01;
    n[DTLS_RSA_MAX_BITS / 8] = 0x01;
    pub.n = n;
    pub.n_len = DTLS_RSA_MAX_BITS / 8 + 1;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, pub.n_len), DTLS_ERR_BAD_KEY);
    /* exponents */
    pub = key.pub;
    pub.e = e1; pub.e_len = 1;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    pub.e = e2; pub.e_len = 1;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    pub.e = e4; pub.e_len = 3;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    pub.e = e_big; pub.e_len = 5;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    pub.e = e_ok0; pub.e_len = 0;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_KEY);
    pub.e_len = sizeof e_ok0; /* leading zeros are fine */
    CHECK_EQ(dtls_rsa_pkcs1_verify(&pub, DTLS_HASH_SHA256, hash, 32, sig, 256), 0);
    /* signing with a bad public part */
    priv = key.priv;
    priv.n = key.n + 1;
    priv.n_len = 128;
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_BAD_KEY);
    CHECK(all_zero(sig, sizeof sig));
    priv = key.priv;
    priv.e = e2; priv.e_len = 1;
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &priv, DTLS_HASH_SHA256, 32, hash, 32, rng_fn, &r), DTLS_ERR_BAD_KEY);
}

TEST(test_bad_args)
{
    test_key key;
    uint8_t hash[48], sig[600];
    test_rng r;
    KEY(&key, 2048);
    dtls_sha256(hash, kat_msg, strlen(kat_msg));
    unhex(sig, sizeof sig, k2048_sig_sha256);
    rng_init(&r, 1);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, 2 /* SHA-1 */, hash, 20, sig, 256), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_rsa_pss_verify(&key.pub, 6 /* SHA-512 */, 32, hash, 64, sig, 256), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 48, sig, 256), DTLS_ERR_BAD_ARG);
#if DTLS_ENABLE_SHA384
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA384, hash, 32, sig, 256), DTLS_ERR_BAD_ARG);
#else
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA384, hash, 48, sig, 256), DTLS_ERR_UNSUPPORTED);
#endif
    CHECK_EQ(dtls_rsa_pkcs1_verify(NULL, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, NULL, 256), DTLS_ERR_BAD_ARG);
    /* signature length and range */
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, sig, 255), DTLS_ERR_BAD_SIGNATURE);
    memmove(sig + 1, sig, 256);
    sig[0] = 0;
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, sig, 257), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, key.n + 1, 256), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_rsa_pss_verify(&key.pub, DTLS_HASH_SHA256, 32, hash, 32, key.n + 1, 256), DTLS_ERR_BAD_SIGNATURE);
    memset(sig, 0, 256);
    CHECK_EQ(dtls_rsa_pkcs1_verify(&key.pub, DTLS_HASH_SHA256, hash, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_rsa_pss_verify(&key.pub, DTLS_HASH_SHA256, 1000, hash, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    /* signing */
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, 255, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_BUFFER_TOO_SMALL);
    CHECK(all_zero(sig, 255));
    CHECK_EQ(sig[255], 0xAA);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, 2, hash, 20, rng_fn, &r), DTLS_ERR_UNSUPPORTED);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 31, rng_fn, &r), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, NULL, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_rsa_pkcs1_sign(NULL, 0, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_rsa_pss_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, 256 - 32 - 1, hash, 32, rng_fn, &r), DTLS_ERR_BAD_ARG);
    /* output bigger than needed: exactly k bytes written */
    memset(sig, 0xAA, sizeof sig);
    CHECK_EQ(dtls_rsa_pkcs1_sign(sig, sizeof sig, &key.priv, DTLS_HASH_SHA256, hash, 32, rng_fn, &r), 256);
    CHECK_EQ(sig[256], 0xAA);
}

/* ---- Wycheproof ---- */

static int sha_alg(const char *name)
{
    if (name && strcmp(name, "SHA-256") == 0) return DTLS_HASH_SHA256;
    if (name && strcmp(name, "SHA-384") == 0) return DTLS_HASH_SHA384;
    return 0;
}

static void wycheproof_rsa(const char *file, int pss)
{
    static uint8_t n[1100], e[16], msg[5000], sig[1100];
    uint8_t hash[48];
    long valid = 0, invalid = 0, acc_yes = 0, acc_no = 0, design = 0, failures = 0;
    char flags_acc[256] = "";
    wp_file f;
    if (!wp_open(&f, file)) {
        test_skip(file, "vector file not found");
        return;
    }
    while (wp_next(&f)) {
        dtls_rsa_public_key pub;
        const char *res = wp_result(&f.test);
        int alg = sha_alg(wp_get(&f.group, "sha")), ret;
        size_t msg_len, sig_len, slen = (size_t)wp_int(&f.group, "sLen");
        pub.n = n;
        pub.n_len = wp_hex(&f.group, "publicKey.modulus", n, sizeof n);
        pub.e = e;
        pub.e_len = wp_hex(&f.group, "publicKey.publicExponent", e, sizeof e);
        msg_len = wp_hex(&f.test, "msg", msg, sizeof msg);
        sig_len = wp_hex(&f.test, "sig", sig, sizeof sig);
        if (alg == DTLS_HASH_SHA256) dtls_sha256(hash, msg, msg_len);
#if DTLS_ENABLE_SHA384
        else if (alg == DTLS_HASH_SHA384) dtls_sha384(hash, msg, msg_len);
#endif
        else { failures++; fprintf(stderr, "%s tcId %ld: hash %s\n", file, wp_int(&f.test, "tcId"), wp_get(&f.group, "sha")); continue; }
        if (pss && sha_alg(wp_get(&f.group, "mgfSha")) != alg) { FAIL("MGF1 hash differs from the message hash"); failures++; continue; }
        ret = pss ? dtls_rsa_pss_verify(&pub, alg, slen, hash, alg == DTLS_HASH_SHA256 ? 32 : 48, sig, sig_len)
                  : dtls_rsa_pkcs1_verify(&pub, alg, hash, alg == DTLS_HASH_SHA256 ? 32 : 48, sig, sig_len);
        if (wp_int(&f.group, "keySize") < 2048 || wp_int(&f.group, "keySize") > DTLS_RSA_MAX_BITS) {
            /* outside 2048..DTLS_RSA_MAX_BITS: must be refused as a bad key */
            if (ret == DTLS_ERR_BAD_KEY) design++;
            else failures++;
        } else if (strcmp(res, "valid") == 0) {
            if (ret == 0) valid++;
            else { failures++; fprintf(stderr, "%s tcId %ld: valid vector -> %d\n", file, wp_int(&f.test, "tcId"), ret); }
        } else if (strcmp(res, "invalid") == 0) {
            if (ret == DTLS_ERR_BAD_SIGNATURE) invalid++;
            else { failures++; fprintf(stderr, "%s tcId %ld: invalid vector -> %d\n", file, wp_int(&f.test, "tcId"), ret); }
        } else {
            /* acceptable: our decision per flag.  MissingNull (DigestInfo
             * without the NULL parameters): rejected, see rsa.h. */
            const char *fl = wp_get(&f.test, "flags");
            if (wp_has_flag(&f.test, "MissingNull") && ret == DTLS_ERR_BAD_SIGNATURE) acc_no++;
            else if (ret == 0) { acc_yes++; fprintf(stderr, "%s tcId %ld: acceptable (%s) accepted: no decision recorded\n", file, wp_int(&f.test, "tcId"), fl ? fl : ""); failures++; }
            else { failures++; fprintf(stderr, "%s tcId %ld: acceptable (%s) -> %d\n", file, wp_int(&f.test, "tcId"), fl ? fl : "", ret); }
            if (fl && !strstr(flags_acc, fl) && strlen(flags_acc) + strlen(fl) + 20 < sizeof flags_acc) {
                if (flags_acc[0]) strcat(flags_acc, ", ");
                strcat(flags_acc, fl);
                strcat(flags_acc, ": rejected");
            }
        }
    }
    wp_close(&f);
    printf("     wycheproof %s: %ld valid ok, %ld invalid rejected, %ld acceptable (accepted %ld / rejected %ld%s%s), %ld rejected-by-design (key size outside 2048..%d bits), %ld failures\n",
           file, valid, invalid, acc_yes + acc_no, acc_yes, acc_no, flags_acc[0] ? "; " : "", flags_acc, design, DTLS_RSA_MAX_BITS, failures);
    CHECK_EQ(failures, 0);
    CHECK(valid + invalid + design > 0);
}

TEST(test_wycheproof_rsa_signature_2048_sha256) { wycheproof_rsa("rsa_signature_2048_sha256", 0); }
TEST(test_wycheproof_rsa_signature_3072_sha256) { wycheproof_rsa("rsa_signature_3072_sha256", 0); }
TEST(test_wycheproof_rsa_pss_2048_sha256_mgf1_32) { wycheproof_rsa("rsa_pss_2048_sha256_mgf1_32", 1); }

int main(void)
{
    RUN(test_pkcs1_sign_kat_2048);
#if DTLS_RSA_MAX_BITS >= 3072
    RUN(test_pkcs1_sign_kat_3072);
    RUN(test_pss_sign_verify_3072);
    (void)test_3072_over_max;
#else
    RUN(test_3072_over_max);
    (void)test_pkcs1_sign_kat_3072;
    (void)test_pss_sign_verify_3072;
#endif
#if DTLS_RSA_MAX_BITS >= 4096
    RUN(test_pkcs1_sign_kat_4096_roundtrip);
    RUN(test_pss_sign_verify_4096);
    (void)test_4096_over_max;
#else
    RUN(test_4096_over_max);
    (void)test_pkcs1_sign_kat_4096_roundtrip;
    (void)test_pss_sign_verify_4096;
#endif
#if DTLS_RSA_MAX_BITS >= 2049
    RUN(test_2049_bit_key);
#else
    test_skip("test_2049_bit_key", "DTLS_RSA_MAX_BITS < 2049");
    (void)test_2049_bit_key;
#endif
    RUN(test_pkcs1_sign_stripped_key);
    RUN(test_pss_sign_verify_2048);
#if DTLS_ENABLE_SHA384
    RUN(test_pss_sha384);
#else
    test_skip("test_pss_sha384", "DTLS_ENABLE_SHA384=0");
#endif
    RUN(test_fault_corrupted_dp);
    RUN(test_failing_rng);
    RUN(test_bad_keys);
    RUN(test_bad_args);
    RUN(test_wycheproof_rsa_signature_2048_sha256);
    RUN(test_wycheproof_rsa_signature_3072_sha256);
    RUN(test_wycheproof_rsa_pss_2048_sha256_mgf1_32);
    return test_done();
}
