/* test_x509_parse.c - the DER reader (proto/der.h), SubjectPublicKeyInfo,
 * private keys, signature verification with parsed keys, certificate parsing
 * and PEM (proto/x509.h).
 *
 * Hand-made DER vectors are assembled below from RFC 5280 4.1 / 4.2, RFC 5480,
 * RFC 5915, RFC 5208, RFC 8017 A.1, RFC 4055 and X.690 (DER rules).
 *
 * Real certificates and keys were made once with OpenSSL 3.0.22 and pasted
 * here as hex (the expected offsets come from `openssl asn1parse`, the times
 * from `openssl x509 -dates` converted with `date -u +%s`):
 *   ca:      openssl ecparam -name secp384r1 -genkey -noout -out ca.key
 *            openssl req -new -x509 -key ca.key -subj "/C=XX/O=dtls.h test/CN=Test P-384 CA" -days 10000
 *              -set_serial 1 -sha384 -extensions ca   (basicConstraints=critical,CA:TRUE,pathlen:1;
 *              keyUsage=critical,keyCertSign,cRLSign; subjectKeyIdentifier=hash)
 *              (P-384 CA, ecdsa-with-SHA384, notAfter 2054 as GeneralizedTime)
 *   leaf:    openssl ecparam -name prime256v1 -genkey -out leaf.sec1.pem
 *            openssl req -new -key leaf.sec1.pem -subj "/O=dtls.h test/CN=ignored.example/CN=leaf.example.com"
 *            openssl x509 -req -CA ca.pem -CAkey ca.key -set_serial 0x7f0102030405060708090a0b0c0d0e0f10111213
 *              -days 825 -sha384 -extensions leaf   (basicConstraints=critical,CA:FALSE;
 *              keyUsage=critical,digitalSignature,keyAgreement; extendedKeyUsage=serverAuth,clientAuth;
 *              subjectAltName=DNS:leaf.example.com,DNS:*.example.net,IP:192.0.2.1; AKI; SKI)
 *            keys: openssl ec -outform DER (SEC1), openssl ec -no_public (SEC1 without the public key),
 *              openssl pkcs8 -topk8 -nocrypt (PKCS#8, DER and PEM)
 *   rsaca:   openssl genrsa 2048; openssl req -new -x509 -subj "/CN=Test RSA CA" -days 3650 -set_serial 2
 *              -sha256 -extensions ca   (sha256WithRSAEncryption, PKCS#1 v1.5)
 *   rsaleaf: openssl genrsa 2048; openssl x509 -req -CA rsaca.pem -set_serial 3 -days 365 -sha256
 *              -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha256
 *              (basicConstraints=CA:FALSE; keyUsage=digitalSignature,keyEncipherment;
 *              extendedKeyUsage=serverAuth; subjectAltName=DNS:rsa.example.com)
 *            keys: openssl rsa -traditional (PKCS#1, DER and PEM), openssl pkcs8 -topk8 -nocrypt
 *   ed:      openssl genpkey -algorithm ed25519; openssl req -new -x509 -subj "/CN=ed25519" -set_serial 4
 *              (no extensions: a version 1 certificate; Ed25519 key and signature: unsupported)
 *   nc:      openssl ecparam -name prime256v1 -genkey; openssl req -new -x509 -subj "/CN=NC CA" -days 3650
 *              -set_serial 0x00ff -sha256   (basicConstraints=critical,CA:TRUE,pathlen:200;
 *              keyUsage=critical,keyCertSign; nameConstraints=critical,permitted;DNS:example.com,
 *              excluded;IP:10.0.0.0/255.0.0.0; 1.3.6.1.4.1.99999.1=critical,ASN1:NULL;
 *              1.3.6.1.4.1.99999.2=ASN1:NULL; SKI)
 *   ca.p8, ed.p8: openssl pkey -outform DER (P-384 and Ed25519 PKCS#8: unsupported private keys)
 *
 * Wycheproof ecdh_secp256r1 (peer keys as SubjectPublicKeyInfo DER): the SPKI
 * goes through dtls_spki_parse, then dtls_p256_ecdh.  Decisions by flag:
 *   every "acceptable" vector is rejected: InvalidAsn (BER forms such as
 *   long-form or padded lengths: not DER), UnnamedCurve (explicit curve
 *   parameters: only namedCurve is accepted, RFC 5480 2.1.1), UnusedParam,
 *   ModifiedCofactor / ModifiedGenerator / ModifiedCurveParameter / NoCofactor /
 *   WrongOrder (explicit parameters), CompressedPublic (a compressed point is
 *   unsupported).  The compressed ones are counted as rejected-by-design. */
#include "ptest.h"
#include "../wp.h"
#if !defined(DTLS_TEST_AMALGAMATED)
#include "../../proto/der.h"
#endif

typedef struct cert_want {
    size_t len, tbs_off, tbs_len, serial_off, serial_len, issuer_off, issuer_len, subject_off, subject_len,
        spki_off, spki_len, keybits_off, keybits_len, sig_off, sig_len;
    int64_t not_before, not_after;
    size_t san_off, san_len, nc_off, nc_len;
} cert_want;

/* ca: offsets and lengths from `openssl asn1parse` */
static const cert_want want_ca = { 492, 4, 371, 15, 1, 28, 61, 123, 61, 184, 120, 207, 97, 390, 102, INT64_C(1795387294), INT64_C(2659387294), 0, 0, 0, 0 };
/* sig len 102 */
static const char cert_ca_hex[] =
    "308201e83082016fa003020102020101300a06082a8648ce3d040303303b310b30090603550406130258583114301206"
    "0355040a0c0b64746c732e6820746573743116301406035504030c0d5465737420502d3338342043413020170d323631"
    "3132323232343133345a180f32303534303430393232343133345a303b310b3009060355040613025858311430120603"
    "55040a0c0b64746c732e6820746573743116301406035504030c0d5465737420502d3338342043413076301006072a86"
    "48ce3d020106052b8104002203620004a03c4c5e29a58ff0de9a50932d2bdeea1769dcd6fb8a0a7f0cce1359d321d507"
    "c9d70d3bb1336a6c5ba619a5a3d35be1d23f75a0e7b6f95d4a039d5975aa32bca2606f593eb637f8b7de74556654cdc4"
    "9c17b3c84eef058a8d65fd188a70102ca345304330120603551d130101ff040830060101ff020101300e0603551d0f01"
    "01ff040403020106301d0603551d0e041604141785d4812b9441cf184ebc50fd68b7b5a3499757300a06082a8648ce3d"
    "040303036700306402307eaf877362671a6476450426e9a3ab871bc843832d72cfd294a4342e211bd9b3e88a796f595a"
    "0a7b4b3c1898428808e302305fef4b43a487bb9617ded795c1c48b0d687f034e483471d95ec3cb4d1caea0bb0b87c3ca"
    "30cd5118a9d8c022bac78d90";
/* leaf: offsets and lengths from `openssl asn1parse` */
static const cert_want want_leaf = { 607, 4, 485, 15, 20, 47, 61, 140, 77, 217, 91, 243, 65, 504, 103, INT64_C(1795387294), INT64_C(1866667294), 386, 39, 0, 0 };
/* sig len 103 */
static const char cert_leaf_hex[] =
    "3082025b308201e1a00302010202147f0102030405060708090a0b0c0d0e0f10111213300a06082a8648ce3d04030330"
    "3b310b300906035504061302585831143012060355040a0c0b64746c732e6820746573743116301406035504030c0d54"
    "65737420502d333834204341301e170d3236313132323232343133345a170d3239303232343232343133345a304b3114"
    "3012060355040a0c0b64746c732e6820746573743118301606035504030c0f69676e6f7265642e6578616d706c653119"
    "301706035504030c106c6561662e6578616d706c652e636f6d3059301306072a8648ce3d020106082a8648ce3d030107"
    "03420004b92a3c18ae188c4a828583d03548168a67719dd9f58525b2bed107e1cc604ad2050fbf21a3db3c5bdab332d4"
    "346ab7a5d2a21dd4f26f35a32917bf7c4f7d7eb4a381b23081af300c0603551d130101ff04023000300e0603551d0f01"
    "01ff040403020388301d0603551d250416301406082b0601050507030106082b0601050507030230300603551d110429"
    "302782106c6561662e6578616d706c652e636f6d820d2a2e6578616d706c652e6e65748704c0000201301f0603551d23"
    "0418301680141785d4812b9441cf184ebc50fd68b7b5a3499757301d0603551d0e04160414f4cb8275a23def0b5dc493"
    "fb967d7b699ac943d5300a06082a8648ce3d040303036800306502307bb08cec22fdda6303531cc991930c0ac2545559"
    "a79b7a6f89cfae1025e165492bba13d9295b827d7c75b13ceb0354f4023100d33660cf895cf2405baf127482f24851f7"
    "b147c6a99c9e59c090460b031266be31982629d1f0a9e241ea9d72d807b6f7";
/* rsaca: offsets and lengths from `openssl asn1parse` */
static const cert_want want_rsaca = { 752, 4, 472, 15, 1, 31, 24, 87, 24, 111, 294, 135, 270, 496, 256, INT64_C(1795387294), INT64_C(2110747294), 0, 0, 0, 0 };
/* sig len 256 */
static const char cert_rsaca_hex[] =
    "308202ec308201d4a003020102020102300d06092a864886f70d01010b050030163114301206035504030c0b54657374"
    "20525341204341301e170d3236313132323232343133345a170d3336313131393232343133345a301631143012060355"
    "04030c0b546573742052534120434130820122300d06092a864886f70d01010105000382010f003082010a0282010100"
    "b84871b43b7ee77b3e40114bd4e2a00a0319d8fb6c153c563d2687530fbab8591648e4165eb991d86c9a98ca3227cc80"
    "205d7a4e87a25e38cb3baa6471277e43d6a1c022a0b5b5319db5f1971bc2323f39323e15ff0befae2c72af67f02e2f8f"
    "48c2c1122b75ae88b91eebe98c9fbcc412e163453d216a98489c60b87ef4749d8c16e8956849f9b35beed80fc194c450"
    "72cc173824545ebbae42ead7c79a5371fb810b204ee507b83f88a79ad892ec35b4e01b83b4f329ed3dba4b1dc1a063e1"
    "f22397e4c0ad0a9ec977d24a8309ed7cd78497809846e3f01a1f11a59907298f66242a8fb0b6ef670226275d7ef654b4"
    "4aaad5b0d75ef45b6982da5ec39ddb730203010001a345304330120603551d130101ff040830060101ff020101300e06"
    "03551d0f0101ff040403020106301d0603551d0e041604148eaf0df886e4d58d0506ec1afaa27a692f3472b7300d0609"
    "2a864886f70d01010b050003820101005b8852eae83c531324087e92549c33a0c74ac92478389186c7e390e123236b41"
    "b53c6f64392921dc96d311d1e9838e67d7de05a4c3a7037e4fad0d02ca1c4b9cf16270a78eedfaf8ed8b59be663ea10c"
    "1abaf496ff592842a6dbc99394f68c47bacb138144814f2f965b3a70e2a9729ff941d360003345f812caad97edb80460"
    "3c82668bea55f2a9832d1887618e26f6a96ef59803975b9d9b475f9c4babadeef6b127684d0ef5fe85203c87045c4e96"
    "86c59fc43bbc2969f5e01b4c66b8563f071dc3d31042420e22c07558331d9eb81256edc684bd42fb854eb522c366164f"
    "dcabfccc3a168e1e62ce22e983fad4c7b8b7286b56c38dca62b92a4f4bb510d3";
/* rsaleaf: offsets and lengths from `openssl asn1parse` */
static const cert_want want_rsaleaf = { 932, 4, 600, 15, 1, 83, 24, 139, 28, 167, 294, 191, 270, 676, 256, INT64_C(1795387294), INT64_C(1826923294), 523, 17, 0, 0 };
/* sig len 256 */
static const char cert_rsaleaf_hex[] =
    "308203a030820254a003020102020103304106092a864886f70d01010a3034a00f300d06096086480165030402010500"
    "a11c301a06092a864886f70d010108300d06096086480165030402010500a20302012030163114301206035504030c0b"
    "5465737420525341204341301e170d3236313132323232343133345a170d3237313132323232343133345a301a311830"
    "1606035504030c0f7273612e6578616d706c652e636f6d30820122300d06092a864886f70d01010105000382010f0030"
    "82010a0282010100cdb3fd24f2952ec48b105ed642c552f0f8edf638d4404aeafa213fe2c32f18e5dc6141e41541d378"
    "6aba2a55966a5558c2908eae8fbeabcc4a08b7306fc3c443f878051439b55db62b9036fb5498d23a9b860cf3698ae05a"
    "f328ede143677eb8b05466d7729b5cb9402e87f5bc9e4c39fd7851ce0ed265c72c12374c30fdf9e1b45a9d80d88069ce"
    "a40bd25312acd5dba77158415f28c29263ca9768789adfbdcf251c8302cc3b8d4b429a779f51164842baa4776922f1a4"
    "cd8c5b34421bdd20c8f7057a1613e2ed132b0993770601ea0ee95c186a493e98fc5d33019128d8653ea9b8f55ef694b2"
    "e7cf722cc0ba797eec0ef17a332ff8449f40faaaa450c2f50203010001a3818c30818930090603551d1304023000300b"
    "0603551d0f0404030205a030130603551d25040c300a06082b06010505070301301a0603551d1104133011820f727361"
    "2e6578616d706c652e636f6d301d0603551d0e04160414ebb07da0519a6dafd58c2a9af5ab4abbd8b2bc30301f060355"
    "1d230418301680148eaf0df886e4d58d0506ec1afaa27a692f3472b7304106092a864886f70d01010a3034a00f300d06"
    "096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a20302012003"
    "82010100b1f4555e2dd0280c78d6346de28a41d6b423aa086d5f0553e6b801b2e7eb0602f6b7ec29b931b8e1ccd64e51"
    "23196b10c38f2e6f0d696e2f92f5baf304e7f243bd959389d209a826950c543bad0b8fecaeeb9de68857cb7974d01784"
    "9ff407d3b3dcbc44d3a59e619b5671bd32e3bcef26399a463b19e7db068d65a460e353d7b7b3825d26619705033b3a3a"
    "c2e6a801277588ddef8b4e162b528f5ef697eaeaac3c81d23ce939d4f574986b0bc9e17fcd924c00b34ed310245a6dce"
    "0f996796303c8e8b4799d712e4b90de931bf08cc5be0d2dfeb8cf3fe15cfe368490b794375f36ce1af86e09baee9b6a9"
    "27fb280bd195d2a8c0560e9d53507af268f81c2b";
/* ed: offsets and lengths from `openssl asn1parse` */
static const cert_want want_ed = { 205, 3, 128, 7, 1, 15, 20, 67, 20, 87, 44, 99, 32, 141, 64, INT64_C(1795387295), INT64_C(1826923295), 0, 0, 0, 0 };
/* sig len 64 */
static const char cert_ed_hex[] =
    "3081ca307e020104300506032b657030123110300e06035504030c0765643235353139301e170d323631313232323234"
    "3133355a170d3237313132323232343133355a30123110300e06035504030c0765643235353139302a300506032b6570"
    "0321001b21a10a57244ee903bc6b5cf2f26b3cb9a667ecd918cec1e863696547a0df65300506032b6570034100a91697"
    "056a9615af25e8ebeb5d2fc630d966971c9ab4b80347f8f7e2fa8ecc960ed5b48cce971398034fe22d9555b74f4f67d4"
    "c7fac0b1444d91b5db954ba308";
/* nc: offsets and lengths from `openssl asn1parse` */
static const cert_want want_nc = { 430, 4, 340, 15, 2, 29, 18, 79, 18, 97, 91, 123, 65, 359, 71, INT64_C(1795387353), INT64_C(2110747353), 0, 0, 245, 31 };
/* sig len 71 */
static const char cert_nc_hex[] =
    "308201aa30820150a003020102020200ff300a06082a8648ce3d0403023010310e300c06035504030c054e4320434130"
    "1e170d3236313132323232343233335a170d3336313131393232343233335a3010310e300c06035504030c054e432043"
    "413059301306072a8648ce3d020106082a8648ce3d03010703420004e74a4106bd2fd4f023852c6b822e1883be2f62d5"
    "3c92327e6ebcc62765bc54e73c52f21478d0ee42be5ca2394aa9e4e0ff2ba6b71ec8c950b42b896645a2e6f5a3819930"
    "819630130603551d130101ff040930070101ff020200c8300e0603551d0f0101ff040403020204302b0603551d1e0101"
    "ff0421301fa00f300d820b6578616d706c652e636f6da10c300a87080a000000ff000000301206092b06010401868d1f"
    "010101ff04020500300f06092b06010401868d1f0204020500301d0603551d0e04160414f36eee8fe39441fef95b1dcc"
    "8fa4ef683e6d567c300a06082a8648ce3d0403020348003045022100b9481bb04bef6c751818c55e703cb78f0c2ec067"
    "be583df3b0991b7dc0391dbd0220460225c9403fca123b98b3613a98a952b076da4993cf58714fc9cc0a92741ccf";
static const char key_leaf_sec1_hex[] =
    "30770201010420c1cf3479eab008f1e5ccb3e9f87a8608238f11a100c9d1b6dce302372056fbb3a00a06082a8648ce3d"
    "030107a14403420004b92a3c18ae188c4a828583d03548168a67719dd9f58525b2bed107e1cc604ad2050fbf21a3db3c"
    "5bdab332d4346ab7a5d2a21dd4f26f35a32917bf7c4f7d7eb4";
static const char key_leaf_p8_hex[] =
    "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420c1cf3479eab008f1e5ccb3e9"
    "f87a8608238f11a100c9d1b6dce302372056fbb3a14403420004b92a3c18ae188c4a828583d03548168a67719dd9f585"
    "25b2bed107e1cc604ad2050fbf21a3db3c5bdab332d4346ab7a5d2a21dd4f26f35a32917bf7c4f7d7eb4";
static const char key_leaf_sec1nopub_hex[] =
    "30310201010420c1cf3479eab008f1e5ccb3e9f87a8608238f11a100c9d1b6dce302372056fbb3a00a06082a8648ce3d"
    "030107";
static const char key_rsaleaf_p1_hex[] =
    "308204a30201000282010100cdb3fd24f2952ec48b105ed642c552f0f8edf638d4404aeafa213fe2c32f18e5dc6141e4"
    "1541d3786aba2a55966a5558c2908eae8fbeabcc4a08b7306fc3c443f878051439b55db62b9036fb5498d23a9b860cf3"
    "698ae05af328ede143677eb8b05466d7729b5cb9402e87f5bc9e4c39fd7851ce0ed265c72c12374c30fdf9e1b45a9d80"
    "d88069cea40bd25312acd5dba77158415f28c29263ca9768789adfbdcf251c8302cc3b8d4b429a779f51164842baa477"
    "6922f1a4cd8c5b34421bdd20c8f7057a1613e2ed132b0993770601ea0ee95c186a493e98fc5d33019128d8653ea9b8f5"
    "5ef694b2e7cf722cc0ba797eec0ef17a332ff8449f40faaaa450c2f50203010001028201002405bed13b55022f638dfe"
    "99a570424dd63defd6345f3cef68d5ad4723f8a9b2c934d3f1e20218cb17df999dcadd3cac724817e07c663ed623e9e2"
    "50ae65d94730ea2db384c69cce53d329b9ba2f17f3b0fc18e50088d430c12fdbf68c9401764cd4befcc042724ab3b162"
    "58578b5e1c72a5a127c56335751b63e640a6bcb7472dab16fa501ab2c41aefe2bb8d48aa52e9d4cb543c85463c57a072"
    "c45526950d4f445b71f1fe1060cd7d3eebf57ef426b58b66d50ed4a977899ca98da0132700f3d89ee765701634d3a5e8"
    "d0ff9179c6942e86caf4cbffbff635e19fed9c7558d0185fecbbffdf2b7dbd577a20d046facbb7d959dbd47a4db809bd"
    "1129aa230902818100e711707a5d80134e08e5e5c1732e869dc43ec35fd49ff58d0ce66af1dc781b1614bdda7e5f35b4"
    "5a17b474d3f112abb9876a361022c6d1ad8b67cb8a0cfbef74b3441616c27d39029e48681a4218da776f8d456ef670d1"
    "b37db8bf66ad7ed57208b26272b88e28341069c4a72d3d5b3e60cbd20baa49aa4e865c7f463022ecc902818100e3e5ea"
    "a9627b324c7063474874190e05de408ee9da7d686f612543ce4a79beeb5d26480cfb9b6d5b1ef1871581165b65a25883"
    "ac4d770934285049d187b3670da8f4abb8f3958302b6451b581b758947cea11921f83b7956a75c1f61c7e104db528932"
    "3a2dfc9d84118ee21d45c405b556d5995449aa75d1545276fd3a50f6cd0281810090f63ce557a150fb24d3edf71626bb"
    "276105ab1684d3317ea2f82f61bad9d2cc6088d6f96f0bc730ba2c691ac9e3d7be163948df88a1c8cba268a4a5e00d72"
    "25798d9e79fadc0a971cebf9fb773a165cd5ac004263f3556bd0d4c5a749f3073f7a3b474e07808fb25215b8dcd4a1e8"
    "8b52b8abf6cb875983d801518b9c095d190281805412b09416599e7fa682697ca81fca158e1d40dbb297cb1c33b95c9f"
    "50c8430f6f08bd51d4cc4cf66d9eea979b4c9521145815134e6c987f9e53a837dd18e8ee9822d2eae32987f04b2f895b"
    "e29d64ac91e4ca71c6b2a21bbe97f497ccf60d259ff82f085988b4cf50eee629a8601d3efdaec4e6dc5a3f269f35e0e1"
    "a04ed80d0281801c18b21c6442bee9c54705df1fdf4c3698f6eddbb4414f1ef1cb18afc6c1704ff2d178786fec9bbdde"
    "9fe7b28bc789db9328aa721a6af987934a3fd49e09aa48fad809e701baf2cb6f0216942bb69301239f312dc50c44fbd1"
    "d89a03dfb165154a061ca174fb757007be17f367335a9ad5c96e776714aa99574a7f3a8463de2c";
static const char key_rsaleaf_p8_hex[] =
    "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100cdb3fd24f2952ec48b10"
    "5ed642c552f0f8edf638d4404aeafa213fe2c32f18e5dc6141e41541d3786aba2a55966a5558c2908eae8fbeabcc4a08"
    "b7306fc3c443f878051439b55db62b9036fb5498d23a9b860cf3698ae05af328ede143677eb8b05466d7729b5cb9402e"
    "87f5bc9e4c39fd7851ce0ed265c72c12374c30fdf9e1b45a9d80d88069cea40bd25312acd5dba77158415f28c29263ca"
    "9768789adfbdcf251c8302cc3b8d4b429a779f51164842baa4776922f1a4cd8c5b34421bdd20c8f7057a1613e2ed132b"
    "0993770601ea0ee95c186a493e98fc5d33019128d8653ea9b8f55ef694b2e7cf722cc0ba797eec0ef17a332ff8449f40"
    "faaaa450c2f50203010001028201002405bed13b55022f638dfe99a570424dd63defd6345f3cef68d5ad4723f8a9b2c9"
    "34d3f1e20218cb17df999dcadd3cac724817e07c663ed623e9e250ae65d94730ea2db384c69cce53d329b9ba2f17f3b0"
    "fc18e50088d430c12fdbf68c9401764cd4befcc042724ab3b16258578b5e1c72a5a127c56335751b63e640a6bcb7472d"
    "ab16fa501ab2c41aefe2bb8d48aa52e9d4cb543c85463c57a072c45526950d4f445b71f1fe1060cd7d3eebf57ef426b5"
    "8b66d50ed4a977899ca98da0132700f3d89ee765701634d3a5e8d0ff9179c6942e86caf4cbffbff635e19fed9c7558d0"
    "185fecbbffdf2b7dbd577a20d046facbb7d959dbd47a4db809bd1129aa230902818100e711707a5d80134e08e5e5c173"
    "2e869dc43ec35fd49ff58d0ce66af1dc781b1614bdda7e5f35b45a17b474d3f112abb9876a361022c6d1ad8b67cb8a0c"
    "fbef74b3441616c27d39029e48681a4218da776f8d456ef670d1b37db8bf66ad7ed57208b26272b88e28341069c4a72d"
    "3d5b3e60cbd20baa49aa4e865c7f463022ecc902818100e3e5eaa9627b324c7063474874190e05de408ee9da7d686f61"
    "2543ce4a79beeb5d26480cfb9b6d5b1ef1871581165b65a25883ac4d770934285049d187b3670da8f4abb8f3958302b6"
    "451b581b758947cea11921f83b7956a75c1f61c7e104db5289323a2dfc9d84118ee21d45c405b556d5995449aa75d154"
    "5276fd3a50f6cd0281810090f63ce557a150fb24d3edf71626bb276105ab1684d3317ea2f82f61bad9d2cc6088d6f96f"
    "0bc730ba2c691ac9e3d7be163948df88a1c8cba268a4a5e00d7225798d9e79fadc0a971cebf9fb773a165cd5ac004263"
    "f3556bd0d4c5a749f3073f7a3b474e07808fb25215b8dcd4a1e88b52b8abf6cb875983d801518b9c095d190281805412"
    "b09416599e7fa682697ca81fca158e1d40dbb297cb1c33b95c9f50c8430f6f08bd51d4cc4cf66d9eea979b4c95211458"
    "15134e6c987f9e53a837dd18e8ee9822d2eae32987f04b2f895be29d64ac91e4ca71c6b2a21bbe97f497ccf60d259ff8"
    "2f085988b4cf50eee629a8601d3efdaec4e6dc5a3f269f35e0e1a04ed80d0281801c18b21c6442bee9c54705df1fdf4c"
    "3698f6eddbb4414f1ef1cb18afc6c1704ff2d178786fec9bbdde9fe7b28bc789db9328aa721a6af987934a3fd49e09aa"
    "48fad809e701baf2cb6f0216942bb69301239f312dc50c44fbd1d89a03dfb165154a061ca174fb757007be17f367335a"
    "9ad5c96e776714aa99574a7f3a8463de2c";
static const char key_ed_p8_hex[] =
    "302e020100300506032b6570042204201a7a227186157f166098742b5f39da32a990f38f4f73fb975ea7ec843bb45d03";
static const char key_ca_p8_hex[] =
    "3081a40201010430db25526ef4cb12245b2821ce034aa12a6f3c4b23ef6c9e86f9915a57d10c12d239770bfd032f6e74"
    "6a4114b1e1bf375ea00706052b81040022a16403620004a03c4c5e29a58ff0de9a50932d2bdeea1769dcd6fb8a0a7f0c"
    "ce1359d321d507c9d70d3bb1336a6c5ba619a5a3d35be1d23f75a0e7b6f95d4a039d5975aa32bca2606f593eb637f8b7"
    "de74556654cdc49c17b3c84eef058a8d65fd188a70102c";
static const char pem_leaf_sec1[] =
    "-----BEGIN EC PARAMETERS-----\n"
    "BggqhkjOPQMBBw==\n"
    "-----END EC PARAMETERS-----\n"
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEIMHPNHnqsAjx5cyz6fh6hggjjxGhAMnRttzjAjcgVvuzoAoGCCqGSM49\n"
    "AwEHoUQDQgAEuSo8GK4YjEqChYPQNUgWimdxndn1hSWyvtEH4cxgStIFD78ho9s8\n"
    "W9qzMtQ0arel0qId1PJvNaMpF798T31+tA==\n"
    "-----END EC PRIVATE KEY-----\n";
static const char pem_leaf_p8[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgwc80eeqwCPHlzLPp\n"
    "+HqGCCOPEaEAydG23OMCNyBW+7OhRANCAAS5KjwYrhiMSoKFg9A1SBaKZ3Gd2fWF\n"
    "JbK+0QfhzGBK0gUPvyGj2zxb2rMy1DRqt6XSoh3U8m81oykXv3xPfX60\n"
    "-----END PRIVATE KEY-----\n";
static const char pem_rsaleaf_p1[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEowIBAAKCAQEAzbP9JPKVLsSLEF7WQsVS8Pjt9jjUQErq+iE/4sMvGOXcYUHk\n"
    "FUHTeGq6KlWWalVYwpCOro++q8xKCLcwb8PEQ/h4BRQ5tV22K5A2+1SY0jqbhgzz\n"
    "aYrgWvMo7eFDZ364sFRm13KbXLlALof1vJ5MOf14Uc4O0mXHLBI3TDD9+eG0Wp2A\n"
    "2IBpzqQL0lMSrNXbp3FYQV8owpJjypdoeJrfvc8lHIMCzDuNS0Kad59RFkhCuqR3\n"
    "aSLxpM2MWzRCG90gyPcFehYT4u0TKwmTdwYB6g7pXBhqST6Y/F0zAZEo2GU+qbj1\n"
    "XvaUsufPcizAunl+7A7xejMv+ESfQPqqpFDC9QIDAQABAoIBACQFvtE7VQIvY43+\n"
    "maVwQk3WPe/WNF8872jVrUcj+KmyyTTT8eICGMsX35mdyt08rHJIF+B8Zj7WI+ni\n"
    "UK5l2Ucw6i2zhMaczlPTKbm6LxfzsPwY5QCI1DDBL9v2jJQBdkzUvvzAQnJKs7Fi\n"
    "WFeLXhxypaEnxWM1dRtj5kCmvLdHLasW+lAassQa7+K7jUiqUunUy1Q8hUY8V6By\n"
    "xFUmlQ1PRFtx8f4QYM19Puv1fvQmtYtm1Q7UqXeJnKmNoBMnAPPYnudlcBY006Xo\n"
    "0P+RecaULobK9Mv/v/Y14Z/tnHVY0Bhf7Lv/3yt9vVd6INBG+su32Vnb1HpNuAm9\n"
    "ESmqIwkCgYEA5xFwel2AE04I5eXBcy6GncQ+w1/Un/WNDOZq8dx4GxYUvdp+XzW0\n"
    "Whe0dNPxEqu5h2o2ECLG0a2LZ8uKDPvvdLNEFhbCfTkCnkhoGkIY2ndvjUVu9nDR\n"
    "s324v2atftVyCLJicriOKDQQacSnLT1bPmDL0guqSapOhlx/RjAi7MkCgYEA4+Xq\n"
    "qWJ7MkxwY0dIdBkOBd5AjunafWhvYSVDzkp5vutdJkgM+5ttWx7xhxWBFltloliD\n"
    "rE13CTQoUEnRh7NnDaj0q7jzlYMCtkUbWBt1iUfOoRkh+Dt5VqdcH2HH4QTbUoky\n"
    "Oi38nYQRjuIdRcQFtVbVmVRJqnXRVFJ2/TpQ9s0CgYEAkPY85VehUPsk0+33Fia7\n"
    "J2EFqxaE0zF+ovgvYbrZ0sxgiNb5bwvHMLosaRrJ49e+FjlI34ihyMuiaKSl4A1y\n"
    "JXmNnnn63AqXHOv5+3c6FlzVrABCY/NVa9DUxadJ8wc/ejtHTgeAj7JSFbjc1KHo\n"
    "i1K4q/bLh1mD2AFRi5wJXRkCgYBUErCUFlmef6aCaXyoH8oVjh1A27KXyxwzuVyf\n"
    "UMhDD28IvVHUzEz2bZ7ql5tMlSEUWBUTTmyYf55TqDfdGOjumCLS6uMph/BLL4lb\n"
    "4p1krJHkynHGsqIbvpf0l8z2DSWf+C8IWYi0z1Du5imoYB0+/a7E5txaPyafNeDh\n"
    "oE7YDQKBgBwYshxkQr7pxUcF3x/fTDaY9u3btEFPHvHLGK/GwXBP8tF4eG/sm73e\n"
    "n+eyi8eJ25MoqnIaavmHk0o/1J4Jqkj62AnnAbryy28CFpQrtpMBI58xLcUMRPvR\n"
    "2JoD37FlFUoGHKF0+3VwB74X82czWprVyW53ZxSqmVdKfzqEY94s\n"
    "-----END RSA PRIVATE KEY-----\n";
static const char pem_bundle[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICWzCCAeGgAwIBAgIUfwECAwQFBgcICQoLDA0ODxAREhMwCgYIKoZIzj0EAwMw\n"
    "OzELMAkGA1UEBhMCWFgxFDASBgNVBAoMC2R0bHMuaCB0ZXN0MRYwFAYDVQQDDA1U\n"
    "ZXN0IFAtMzg0IENBMB4XDTI2MTEyMjIyNDEzNFoXDTI5MDIyNDIyNDEzNFowSzEU\n"
    "MBIGA1UECgwLZHRscy5oIHRlc3QxGDAWBgNVBAMMD2lnbm9yZWQuZXhhbXBsZTEZ\n"
    "MBcGA1UEAwwQbGVhZi5leGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqGSM49AwEH\n"
    "A0IABLkqPBiuGIxKgoWD0DVIFopncZ3Z9YUlsr7RB+HMYErSBQ+/IaPbPFvaszLU\n"
    "NGq3pdKiHdTybzWjKRe/fE99frSjgbIwga8wDAYDVR0TAQH/BAIwADAOBgNVHQ8B\n"
    "Af8EBAMCA4gwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUFBwMCMDAGA1UdEQQp\n"
    "MCeCEGxlYWYuZXhhbXBsZS5jb22CDSouZXhhbXBsZS5uZXSHBMAAAgEwHwYDVR0j\n"
    "BBgwFoAUF4XUgSuUQc8YTrxQ/Wi3taNJl1cwHQYDVR0OBBYEFPTLgnWiPe8LXcST\n"
    "+5Z9e2mayUPVMAoGCCqGSM49BAMDA2gAMGUCMHuwjOwi/dpjA1McyZGTDArCVFVZ\n"
    "p5t6b4nPrhAl4WVJK7oT2Slbgn18dbE86wNU9AIxANM2YM+JXPJAW68SdILySFH3\n"
    "sUfGqZyeWcCQRgsDEma+MZgmKdHwqeJB6p1y2Ae29w==\n"
    "-----END CERTIFICATE-----\n"
    "explanatory text between blocks\n"
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB6DCCAW+gAwIBAgIBATAKBggqhkjOPQQDAzA7MQswCQYDVQQGEwJYWDEUMBIG\n"
    "A1UECgwLZHRscy5oIHRlc3QxFjAUBgNVBAMMDVRlc3QgUC0zODQgQ0EwIBcNMjYx\n"
    "MTIyMjI0MTM0WhgPMjA1NDA0MDkyMjQxMzRaMDsxCzAJBgNVBAYTAlhYMRQwEgYD\n"
    "VQQKDAtkdGxzLmggdGVzdDEWMBQGA1UEAwwNVGVzdCBQLTM4NCBDQTB2MBAGByqG\n"
    "SM49AgEGBSuBBAAiA2IABKA8TF4ppY/w3ppQky0r3uoXadzW+4oKfwzOE1nTIdUH\n"
    "ydcNO7Ezamxbphmlo9Nb4dI/daDntvldSgOdWXWqMryiYG9ZPrY3+LfedFVmVM3E\n"
    "nBezyE7vBYqNZf0YinAQLKNFMEMwEgYDVR0TAQH/BAgwBgEB/wIBATAOBgNVHQ8B\n"
    "Af8EBAMCAQYwHQYDVR0OBBYEFBeF1IErlEHPGE68UP1ot7WjSZdXMAoGCCqGSM49\n"
    "BAMDA2cAMGQCMH6vh3NiZxpkdkUEJumjq4cbyEODLXLP0pSkNC4hG9mz6Ip5b1la\n"
    "CntLPBiYQogI4wIwX+9LQ6SHu5YX3teVwcSLDWh/A05INHHZXsPLTRyuoLsLh8PK\n"
    "MM1RGKnYwCK6x42Q\n"
    "-----END CERTIFICATE-----\n";

#define RSACA_N_HEX "b84871b43b7ee77b3e40114bd4e2a00a0319d8fb6c153c563d2687530fbab8591648e4165eb991d86c9a98ca3227cc80205d7a4e87a25e38cb3baa6471277e43d6a1c022a0b5b5319db5f1971bc2323f39323e15ff0befae2c72af67f02e2f8f48c2c1122b75ae88b91eebe98c9fbcc412e163453d216a98489c60b87ef4749d8c16e8956849f9b35beed80fc194c45072cc173824545ebbae42ead7c79a5371fb810b204ee507b83f88a79ad892ec35b4e01b83b4f329ed3dba4b1dc1a063e1f22397e4c0ad0a9ec977d24a8309ed7cd78497809846e3f01a1f11a59907298f66242a8fb0b6ef670226275d7ef654b44aaad5b0d75ef45b6982da5ec39ddb73"
#define RSALEAF_N_HEX "cdb3fd24f2952ec48b105ed642c552f0f8edf638d4404aeafa213fe2c32f18e5dc6141e41541d3786aba2a55966a5558c2908eae8fbeabcc4a08b7306fc3c443f878051439b55db62b9036fb5498d23a9b860cf3698ae05af328ede143677eb8b05466d7729b5cb9402e87f5bc9e4c39fd7851ce0ed265c72c12374c30fdf9e1b45a9d80d88069cea40bd25312acd5dba77158415f28c29263ca9768789adfbdcf251c8302cc3b8d4b429a779f51164842baa4776922f1a4cd8c5b34421bdd20c8f7057a1613e2ed132b0993770601ea0ee95c186a493e98fc5d33019128d8653ea9b8f55ef694b2e7cf722cc0ba797eec0ef17a332ff8449f40faaaa450c2f5"
/* the leaf's P-256 key (openssl ec -text) */
#define LEAF_PRIV_HEX "c1cf3479eab008f1e5ccb3e9f87a8608238f11a100c9d1b6dce302372056fbb3"
#define LEAF_PUB_HEX                                                                                          \
    "04b92a3c18ae188c4a828583d03548168a67719dd9f58525b2bed107e1cc604ad2"                                      \
    "050fbf21a3db3c5bdab332d4346ab7a5d2a21dd4f26f35a32917bf7c4f7d7eb4"

/* ---- helpers ---- */

static uint8_t g_buf[8][8192];

/* Decodes hex into the i-th scratch buffer. */
static size_t hx(int i, const char *hex)
{
    return unhex(g_buf[i], sizeof g_buf[i], hex);
}

/* An exact-size heap copy (ASan sees any read past the end). */
static uint8_t *dup_exact(const uint8_t *p, size_t n)
{
    uint8_t *c = (uint8_t *)malloc(n ? n : 1);
    if (!c) exit(2);
    if (n) memcpy(c, p, n);
    return c;
}

/* Hex TLV: tag, minimal DER length, inner hex.  Returns a static buffer from a
 * ring (callers nest a few). */
static const char *w(unsigned tag, const char *inner)
{
    static char ring[64][12000];
    static int k;
    char *o = ring[k++ % 64];
    size_t n = strlen(inner) / 2, h;
    char head[16];
    if (n < 128) snprintf(head, sizeof head, "%02x%02x", tag, (unsigned)n);
    else if (n < 256) snprintf(head, sizeof head, "%02x81%02x", tag, (unsigned)n);
    else snprintf(head, sizeof head, "%02x82%04x", tag, (unsigned)n);
    h = strlen(head);
    if (h + strlen(inner) + 1 > sizeof ring[0]) exit(2); /* the test's own limit */
    memcpy(o, head, h);
    memcpy(o + h, inner, strlen(inner) + 1);
    return o;
}

/* Concatenation of up to 8 hex strings (NULL ends the list), in a ring buffer. */
static const char *cat(const char *a, const char *b, const char *c, const char *d, const char *e, const char *f,
                       const char *g, const char *h)
{
    static char ring[64][12000];
    static int k;
    char *o = ring[k++ % 64];
    const char *v[8];
    int i;
    v[0] = a; v[1] = b; v[2] = c; v[3] = d; v[4] = e; v[5] = f; v[6] = g; v[7] = h;
    o[0] = 0;
    for (i = 0; i < 8 && v[i]; i++) strcat(o, v[i]);
    return o;
}
#define CAT2(a, b) cat(a, b, NULL, NULL, NULL, NULL, NULL, NULL)
#define CAT3(a, b, c) cat(a, b, c, NULL, NULL, NULL, NULL, NULL)

static dtls__der_tlv tlv_of(const uint8_t *p, size_t n)
{
    dtls__der d;
    dtls__der_tlv t;
    dtls__der_init(&d, p, n);
    if (dtls__der_next(&d, &t) != 0) {
        fprintf(stderr, "tlv_of: malformed test vector\n");
        exit(2);
    }
    return t;
}

/* ---- the DER reader ---- */

TEST(der_lengths)
{
    static const struct { const char *hex; int rc; size_t clen; } v[] = {
        { "0400", 0, 0 },
        { "04017a", 0, 1 },
        { "047f", DTLS_ERR_CERT_PARSE, 0 },         /* length beyond the input */
        { "0480", DTLS_ERR_CERT_PARSE, 0 },         /* indefinite length */
        { "04810100", DTLS_ERR_CERT_PARSE, 0 },     /* long form for 1: not minimal */
        { "04817f00", DTLS_ERR_CERT_PARSE, 0 },     /* long form for 127: not minimal */
        { "0482000100", DTLS_ERR_CERT_PARSE, 0 },   /* leading zero length octet */
        { "0485000000000100", DTLS_ERR_CERT_PARSE, 0 }, /* five length octets */
        { "04ff", DTLS_ERR_CERT_PARSE, 0 },         /* 127 length octets */
        { "04", DTLS_ERR_CERT_PARSE, 0 },           /* no length */
        { "", DTLS_ERR_CERT_PARSE, 0 },             /* nothing */
        { "1f0100", DTLS_ERR_CERT_PARSE, 0 },       /* high-tag-number form */
        { "0481", DTLS_ERR_CERT_PARSE, 0 },         /* long form cut */
        { "048180", DTLS_ERR_CERT_PARSE, 0 },       /* 128 announced, none there */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = hx(0, v[i].hex);
        uint8_t *c = dup_exact(g_buf[0], n);
        dtls__der d;
        dtls__der_tlv t;
        int rc;
        dtls__der_init(&d, c, n);
        rc = dtls__der_next(&d, &t);
        if (rc != v[i].rc) fprintf(stderr, "  vector %lu (%s)\n", (unsigned long)i, v[i].hex);
        CHECK_EQ(rc, v[i].rc);
        if (rc == 0) {
            CHECK_EQ(t.len, v[i].clen);
            CHECK_EQ(t.tag, 0x04);
            CHECK(dtls__der_done(&d));
        } else {
            CHECK_EQ(d.pos, 0); /* the reader did not move */
        }
        free(c);
    }
    /* 128 and 256 bytes: the two-octet and three-octet forms */
    {
        uint8_t b[300];
        dtls__der d;
        dtls__der_tlv t;
        memset(b, 0x55, sizeof b);
        b[0] = 0x04; b[1] = 0x81; b[2] = 0x80;
        dtls__der_init(&d, b, 131);
        CHECK_EQ(dtls__der_next(&d, &t), 0);
        CHECK_EQ(t.len, 128);
        CHECK(t.c == b + 3);
        CHECK(t.raw == b && t.raw_len == 131);
        b[1] = 0x82; b[2] = 0x01; b[3] = 0x00;
        dtls__der_init(&d, b, 260);
        CHECK_EQ(dtls__der_next(&d, &t), 0);
        CHECK_EQ(t.len, 256);
        CHECK(t.c == b + 4);
        dtls__der_init(&d, b, 259); /* one byte short */
        CHECK_EQ(dtls__der_next(&d, &t), DTLS_ERR_CERT_PARSE);
        b[1] = 0x82; b[2] = 0x00; b[3] = 0x80; /* 128 in two octets: leading zero */
        dtls__der_init(&d, b, 260);
        CHECK_EQ(dtls__der_next(&d, &t), DTLS_ERR_CERT_PARSE);
    }
}

TEST(der_nesting)
{
    /* SEQUENCE { [0] { INTEGER 2 }, [2] { NULL }, OCTET STRING "ab" } */
    size_t n = hx(0, "300da003020102a2020500040261620500");
    dtls__der d, s;
    dtls__der_tlv t, in;
    CHECK_EQ(dtls__der_single(g_buf[0], n, 0x30, &t), DTLS_ERR_CERT_PARSE); /* trailing NULL */
    CHECK_EQ(dtls__der_single(g_buf[0], n - 2, 0x30, &t), 0);
    CHECK_EQ(dtls__der_single(g_buf[0], n - 2, 0x31, &t), DTLS_ERR_CERT_PARSE); /* wrong tag */
    dtls__der_enter(&s, &t);
    CHECK_EQ(dtls__der_peek(&s), 0xa0);
    CHECK_EQ(dtls__der_explicit(&s, 1, &in), 0); /* [1] absent */
    CHECK_EQ(dtls__der_explicit(&s, 0, &in), 1);
    CHECK_EQ(in.tag, 0x02);
    CHECK_EQ(in.len, 1);
    CHECK_EQ(in.c[0], 2);
    CHECK_EQ(dtls__der_explicit(&s, 2, &in), 1);
    CHECK_EQ(in.tag, 0x05);
    CHECK_EQ(dtls__der_optional(&s, 0x02, &in), 0);
    CHECK_EQ(dtls__der_optional(&s, 0x04, &in), 1);
    CHECK_EQ(in.len, 2);
    CHECK(dtls__der_done(&s));
    CHECK_EQ(dtls__der_peek(&s), -1);
    CHECK_EQ(dtls__der_next(&s, &in), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(dtls__der_optional(&s, 0x04, &in), 0);
    /* an EXPLICIT wrapper holding two elements, or none */
    n = hx(1, "a0060201020201030000");
    dtls__der_init(&d, g_buf[1], n);
    CHECK_EQ(dtls__der_explicit(&d, 0, &in), DTLS_ERR_CERT_PARSE);
    n = hx(1, "a000");
    dtls__der_init(&d, g_buf[1], n);
    CHECK_EQ(dtls__der_explicit(&d, 0, &in), DTLS_ERR_CERT_PARSE);
    /* an optional element present but malformed */
    n = hx(1, "a005020102");
    dtls__der_init(&d, g_buf[1], n);
    CHECK_EQ(dtls__der_optional(&d, 0xa0, &in), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(dtls__der_expect(&d, 0x30, &in), DTLS_ERR_CERT_PARSE);
}

TEST(der_integer)
{
    static const struct { const char *hex; int rc; int neg; const char *mag; } v[] = {
        { "020100", 0, 0, "00" },
        { "02017f", 0, 0, "7f" },
        { "02020080", 0, 0, "80" },
        { "020180", 0, 1, NULL },
        { "0202ff7f", 0, 1, NULL },
        { "0202007f", DTLS_ERR_CERT_PARSE, 0, NULL },  /* 9 leading zero bits */
        { "0202ff80", DTLS_ERR_CERT_PARSE, 0, NULL },  /* 9 leading one bits */
        { "02020000", DTLS_ERR_CERT_PARSE, 0, NULL },
        { "0200", DTLS_ERR_CERT_PARSE, 0, NULL },      /* empty */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = hx(0, v[i].hex);
        dtls__der_tlv t = tlv_of(g_buf[0], n);
        int neg = -1, rc = dtls__der_integer(&t, &neg);
        const uint8_t *m;
        size_t ml;
        CHECK_EQ(rc, v[i].rc);
        if (rc == 0) CHECK_EQ(neg, v[i].neg);
        rc = dtls__der_uint(&t, &m, &ml);
        if (v[i].mag) {
            uint8_t want[8];
            size_t wl = unhex(want, sizeof want, v[i].mag);
            CHECK_EQ(rc, 0);
            CHECK_EQ(ml, wl);
            CHECK_MEM(m, want, wl);
        } else {
            CHECK_EQ(rc, DTLS_ERR_CERT_PARSE); /* negative or malformed */
        }
    }
    {
        uint32_t x = 0;
        dtls__der_tlv t;
        t = tlv_of(g_buf[0], hx(0, "02047fffffff"));
        CHECK_EQ(dtls__der_small_uint(&t, &x), 0);
        CHECK(x == UINT32_C(0x7fffffff));
        t = tlv_of(g_buf[0], hx(0, "02050080000000"));
        CHECK_EQ(dtls__der_small_uint(&t, &x), DTLS_ERR_CERT_PARSE); /* 2^31 */
        t = tlv_of(g_buf[0], hx(0, "0401ff"));
        CHECK_EQ(dtls__der_uint(&t, (const uint8_t **)&t.c, &t.len), DTLS_ERR_CERT_PARSE); /* not an INTEGER */
    }
}

TEST(der_bit_string_bool_null_oid)
{
    static const struct { const char *hex; int rc; unsigned unused; size_t len; } b[] = {
        { "030100", 0, 0, 0 },
        { "03020780", 0, 7, 1 },
        { "03020102", 0, 1, 1 },
        { "030101", DTLS_ERR_CERT_PARSE, 0, 0 },    /* unused bits in nothing */
        { "03020800", DTLS_ERR_CERT_PARSE, 0, 0 },  /* 8 unused bits */
        { "03020101", DTLS_ERR_CERT_PARSE, 0, 0 },  /* an unused bit set */
        { "0300", DTLS_ERR_CERT_PARSE, 0, 0 },      /* no unused-bits octet */
        { "2303030100", DTLS_ERR_CERT_PARSE, 0, 0 }, /* constructed (BER) */
        { "040100", DTLS_ERR_CERT_PARSE, 0, 0 },    /* OCTET STRING */
    };
    static const struct { const char *hex; int rc; int v; } bo[] = {
        { "010100", 0, 0 }, { "0101ff", 0, 1 }, { "010101", DTLS_ERR_CERT_PARSE, 0 },
        { "01020000", DTLS_ERR_CERT_PARSE, 0 }, { "0100", DTLS_ERR_CERT_PARSE, 0 }, { "0201ff", DTLS_ERR_CERT_PARSE, 0 },
    };
    static const uint8_t cn[] = { 0x55, 0x04, 0x03 };
    size_t i;
    dtls__der_tlv t;
    for (i = 0; i < sizeof b / sizeof b[0]; i++) {
        const uint8_t *bits = NULL;
        size_t bl = 99;
        unsigned u = 99;
        t = tlv_of(g_buf[0], hx(0, b[i].hex));
        CHECK_EQ(dtls__der_bit_string(&t, &bits, &bl, &u), b[i].rc);
        if (b[i].rc == 0) {
            CHECK_EQ(u, b[i].unused);
            CHECK_EQ(bl, b[i].len);
            CHECK(bits == t.c + 1);
        }
    }
    for (i = 0; i < sizeof bo / sizeof bo[0]; i++) {
        int v = -1;
        t = tlv_of(g_buf[0], hx(0, bo[i].hex));
        CHECK_EQ(dtls__der_bool(&t, &v), bo[i].rc);
        if (bo[i].rc == 0) CHECK_EQ(v, bo[i].v);
    }
    t = tlv_of(g_buf[0], hx(0, "0500"));
    CHECK_EQ(dtls__der_null(&t), 0);
    t = tlv_of(g_buf[0], hx(0, "050100"));
    CHECK_EQ(dtls__der_null(&t), DTLS_ERR_CERT_PARSE);
    t = tlv_of(g_buf[0], hx(0, "0603550403"));
    CHECK_EQ(dtls__der_oid_eq(&t, cn, 3), 1);
    CHECK_EQ(dtls__der_oid_eq(&t, cn, 2), 0);
    CHECK_EQ(dtls__der_oid_check(&t), 0);
    t = tlv_of(g_buf[0], hx(0, "0403550403")); /* same bytes, not an OID */
    CHECK_EQ(dtls__der_oid_eq(&t, cn, 3), 0);
    CHECK_EQ(dtls__der_oid_check(&t), DTLS_ERR_CERT_PARSE);
    t = tlv_of(g_buf[0], hx(0, "06032b8001")); /* 0x80 starts a subidentifier: not minimal */
    CHECK_EQ(dtls__der_oid_check(&t), DTLS_ERR_CERT_PARSE);
    t = tlv_of(g_buf[0], hx(0, "06022b86")); /* last octet continues */
    CHECK_EQ(dtls__der_oid_check(&t), DTLS_ERR_CERT_PARSE);
    t = tlv_of(g_buf[0], hx(0, "0600"));
    CHECK_EQ(dtls__der_oid_check(&t), DTLS_ERR_CERT_PARSE);
    t = tlv_of(g_buf[0], hx(0, "06032b8601"));
    CHECK_EQ(dtls__der_oid_check(&t), 0);
}

TEST(der_time)
{
    /* expected values: Python calendar.timegm */
    static const struct { unsigned tag; const char *s; int ok; int64_t t; } v[] = {
        { 0x17, "700101000000Z", 1, 0 },
        { 0x17, "500101000000Z", 1, -INT64_C(631152000) },    /* 50 -> 1950 */
        { 0x17, "491231235959Z", 1, INT64_C(2524607999) },    /* 49 -> 2049 */
        { 0x17, "691231235959Z", 1, -1 },
        { 0x17, "261122224134Z", 1, INT64_C(1795387294) },
        { 0x18, "20500101000000Z", 1, INT64_C(2524608000) },
        { 0x18, "99991231235959Z", 1, INT64_C(253402300799) },
        { 0x18, "20240229120000Z", 1, INT64_C(1709208000) },  /* leap year */
        { 0x18, "20000229000000Z", 1, INT64_C(951782400) },   /* divisible by 400 */
        { 0x18, "16000301000000Z", 1, -INT64_C(11670912000) },
        { 0x18, "00000101000000Z", 1, -INT64_C(62167219200) },
        { 0x18, "19691231235959Z", 1, -1 },
        { 0x18, "20230229000000Z", 0, 0 },  /* not a leap year */
        { 0x18, "21000229000000Z", 0, 0 },  /* divisible by 100 */
        { 0x17, "230431000000Z", 0, 0 },    /* April 31 */
        { 0x17, "231301000000Z", 0, 0 },    /* month 13 */
        { 0x17, "230001000000Z", 0, 0 },    /* month 0 */
        { 0x17, "230100000000Z", 0, 0 },    /* day 0 */
        { 0x17, "230132000000Z", 0, 0 },    /* day 32 */
        { 0x17, "230101240000Z", 0, 0 },    /* hour 24 */
        { 0x17, "230101006000Z", 0, 0 },    /* minute 60 */
        { 0x17, "230101000060Z", 0, 0 },    /* second 60 */
        { 0x17, "2301010000Z", 0, 0 },      /* no seconds */
        { 0x17, "230101000000z", 0, 0 },    /* lowercase z */
        { 0x17, "230101000000", 0, 0 },     /* no Z */
        { 0x17, "2301010000+0100", 0, 0 },  /* offset */
        { 0x17, "230101000000+0000", 0, 0 },
        { 0x17, "2301 1000000Z", 0, 0 },    /* non-digit */
        { 0x17, "23-101000000Z", 0, 0 },
        { 0x18, "20230101000000.5Z", 0, 0 }, /* fraction */
        { 0x18, "202301010000Z", 0, 0 },
        { 0x18, "20230101000000", 0, 0 },
        { 0x17, "20230101000000Z", 0, 0 },  /* a GeneralizedTime string in a UTCTime */
        { 0x18, "230101000000Z", 0, 0 },    /* and the reverse */
        { 0x04, "230101000000Z", 0, 0 },    /* not a time */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        dtls__der_tlv t;
        int64_t got = 12345;
        int rc;
        t.tag = (uint8_t)v[i].tag;
        t.c = (const uint8_t *)v[i].s;
        t.len = strlen(v[i].s);
        t.raw = t.c;
        t.raw_len = t.len;
        rc = dtls__der_time(&t, &got);
        if (rc != (v[i].ok ? 0 : DTLS_ERR_CERT_PARSE) || (v[i].ok && got != v[i].t))
            fprintf(stderr, "  time %s: rc %d, %lld\n", v[i].s, rc, (long long)got);
        CHECK_EQ(rc, v[i].ok ? 0 : DTLS_ERR_CERT_PARSE);
        if (v[i].ok) CHECK(got == v[i].t);
    }
}

/* ---- SubjectPublicKeyInfo ---- */

#define OID_EC_PUB "06072a8648ce3d0201"
#define OID_P256 "06082a8648ce3d030107"
#define OID_P384 "06052b81040022"
#define OID_RSA "06092a864886f70d010101"

static int spki_hex(dtls_public_key *k, const char *alg_inner, const char *bits_inner)
{
    const char *h = w(0x30, CAT2(w(0x30, alg_inner), w(0x03, bits_inner)));
    size_t n = hx(1, h);
    static uint8_t *c; /* exact-size copy, kept until the next call (k points into it) */
    free(c);
    c = dup_exact(g_buf[1], n);
    return dtls_spki_parse(k, c, n);
}

TEST(spki_handmade)
{
    static char p256[200], p256c[80], p384[240];
    dtls_public_key k;
    size_t n;
    snprintf(p256, sizeof p256, "00%s", LEAF_PUB_HEX);
    snprintf(p256c, sizeof p256c, "0002%.64s", &LEAF_PUB_HEX[2]);
    memset(p384, 0, sizeof p384);
    strcpy(p384, "0004");
    while (strlen(p384) < 2 + 2 * 97) strcat(p384, "11");
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), p256), 0);
    CHECK_EQ(k.type, DTLS_KEY_P256);
    CHECK_EQ(k.point_len, 65);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P384), p384), 0);
    CHECK_EQ(k.type, DTLS_KEY_P384);
    CHECK_EQ(k.point_len, 97);
    /* compressed: well formed, unsupported */
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), p256c), DTLS_ERR_CERT_UNSUPPORTED);
    CHECK_EQ(k.type, DTLS_KEY_OTHER);
    CHECK(k.point == NULL);
    /* wrong lengths and forms */
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), CAT2(p256, "00")), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(k.type, DTLS_KEY_NONE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P384), p256), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), "0006b92a"), DTLS_ERR_CERT_PARSE);
    p256[3] = '6'; /* hybrid form 0x06 */
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), p256), DTLS_ERR_CERT_PARSE);
    p256[3] = '4';
    p256[1] = '1'; /* one unused bit (and the last bit is 0) */
    p256[strlen(p256) - 1] = '0';
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, OID_P256), p256), DTLS_ERR_CERT_PARSE);
    snprintf(p256, sizeof p256, "00%s", LEAF_PUB_HEX);
    /* parameters: absent, NULL, explicit (specifiedCurve) */
    CHECK_EQ(spki_hex(&k, OID_EC_PUB, p256), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, "0500"), p256), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, "3003020101"), p256), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT3(OID_EC_PUB, OID_P256, "0500"), p256), DTLS_ERR_CERT_PARSE); /* extra in algid */
    /* other curves and algorithms: unsupported */
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, "06052b81040023"), CAT2("0004", "aa")), DTLS_ERR_CERT_UNSUPPORTED); /* P-521 */
    CHECK_EQ(k.type, DTLS_KEY_OTHER);
    CHECK_EQ(spki_hex(&k, CAT2(OID_EC_PUB, "06092b2403030208010107"), p256), DTLS_ERR_CERT_UNSUPPORTED); /* brainpoolP256r1 */
    CHECK_EQ(k.type, DTLS_KEY_OTHER);
    CHECK_EQ(spki_hex(&k, "06032b6570", "00d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
             DTLS_ERR_CERT_UNSUPPORTED); /* Ed25519 (RFC 8410) */
    CHECK_EQ(k.type, DTLS_KEY_OTHER);
    CHECK_EQ(spki_hex(&k, "06032b6570", "01d75a98"), DTLS_ERR_CERT_PARSE); /* unused bits, whatever the algorithm */
    CHECK_EQ(spki_hex(&k, "06032b8001", "00d75a98"), DTLS_ERR_CERT_PARSE); /* malformed OID */
    /* RSA */
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "0203008001020103"))), 0);
    CHECK_EQ(k.type, DTLS_KEY_RSA);
    CHECK_EQ(k.rsa.n_len, 2); /* the sign octet stripped */
    CHECK_EQ(k.rsa.n[0], 0x80);
    CHECK_EQ(k.rsa.e_len, 1);
    CHECK_EQ(k.rsa.e[0], 3);
    CHECK_EQ(spki_hex(&k, OID_RSA, CAT2("00", w(0x30, "0203008001020103"))), DTLS_ERR_CERT_PARSE); /* no NULL */
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0400"), CAT2("00", w(0x30, "0203008001020103"))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "020180020103"))), DTLS_ERR_CERT_PARSE); /* n < 0 */
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "0202007f020103"))), DTLS_ERR_CERT_PARSE); /* not minimal */
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "0203008001020100"))), DTLS_ERR_CERT_PARSE); /* e = 0 */
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "020300800102010300"))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", CAT2(w(0x30, "0203008001020103"), "00"))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(spki_hex(&k, CAT2(OID_RSA, "0500"), CAT2("00", w(0x30, "0203008001"))), DTLS_ERR_CERT_PARSE); /* no e */
    /* the outer structure */
    n = hx(1, w(0x30, CAT3(w(0x30, CAT2(OID_EC_PUB, OID_P256)), w(0x03, p256), "0500")));
    CHECK_EQ(dtls_spki_parse(&k, g_buf[1], n), DTLS_ERR_CERT_PARSE);
    n = hx(1, w(0x30, CAT2(w(0x30, CAT2(OID_EC_PUB, OID_P256)), w(0x03, p256))));
    CHECK_EQ(dtls_spki_parse(&k, g_buf[1], n + 1), DTLS_ERR_CERT_PARSE); /* trailing byte */
    CHECK_EQ(dtls_spki_parse(&k, g_buf[1], n - 1), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(dtls_spki_parse(&k, g_buf[1], n), 0);
    CHECK(k.point == g_buf[1] + n - 65);
    CHECK_EQ(dtls_spki_parse(NULL, g_buf[1], n), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_spki_parse(&k, NULL, 1), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_spki_parse(&k, NULL, 0), DTLS_ERR_CERT_PARSE);
}

/* ---- certificates from OpenSSL ---- */

static void check_cert(const char *hex, const cert_want *wt, int key_type, uint16_t sig_alg, int rc_want)
{
    size_t n = hx(2, hex);
    uint8_t *c = dup_exact(g_buf[2], n);
    dtls_x509 x;
    CHECK_EQ(n, wt->len);
    CHECK_EQ(dtls_x509_parse(&x, c, n), rc_want);
    CHECK(x.raw.data == c && x.raw.len == n);
    CHECK(x.tbs.data == c + wt->tbs_off && x.tbs.len == wt->tbs_len);
    CHECK(x.serial.data == c + wt->serial_off && x.serial.len == wt->serial_len);
    CHECK(x.issuer.data == c + wt->issuer_off && x.issuer.len == wt->issuer_len);
    CHECK(x.subject.data == c + wt->subject_off && x.subject.len == wt->subject_len);
    CHECK(x.spki.data == c + wt->spki_off && x.spki.len == wt->spki_len);
    CHECK(x.sig.data == c + wt->sig_off && x.sig.len == wt->sig_len);
    CHECK(x.not_before == wt->not_before);
    CHECK(x.not_after == wt->not_after);
    CHECK_EQ(x.key.type, key_type);
    CHECK_EQ(x.sig_alg, sig_alg);
    if (key_type == DTLS_KEY_P256 || key_type == DTLS_KEY_P384)
        CHECK(x.key.point == c + wt->keybits_off && x.key.point_len == wt->keybits_len);
    if (wt->san_len)
        CHECK(x.san.data == c + wt->san_off && x.san.len == wt->san_len);
    else
        CHECK(x.san.data == NULL && x.san.len == 0);
    if (wt->nc_len)
        CHECK(x.name_constraints.data == c + wt->nc_off && x.name_constraints.len == wt->nc_len);
    else
        CHECK(x.name_constraints.data == NULL && x.name_constraints.len == 0);
    free(c);
}

static dtls_x509 g_x; /* the last certificate parsed by parse_hex, pointing into g_buf[3] */

static int parse_hex(const char *hex)
{
    size_t n = hx(3, hex);
    return dtls_x509_parse(&g_x, g_buf[3], n);
}

static int blob_is(dtls_blob b, const char *s)
{
    return b.len == strlen(s) && memcmp(b.data, s, b.len) == 0;
}

TEST(cert_p384_ca)
{
    check_cert(cert_ca_hex, &want_ca, DTLS_KEY_P384, DTLS_SIG_ECDSA_SHA384, 0);
    CHECK_EQ(parse_hex(cert_ca_hex), 0);
    CHECK_EQ(g_x.version, 3);
    CHECK_EQ(g_x.serial.data[0], 1);
    CHECK_EQ(g_x.has_basic_constraints, 1);
    CHECK_EQ(g_x.is_ca, 1);
    CHECK_EQ(g_x.path_len, 1);
    CHECK_EQ(g_x.has_key_usage, 1);
    CHECK_EQ(g_x.key_usage, DTLS_KU_KEY_CERT_SIGN | DTLS_KU_CRL_SIGN);
    CHECK_EQ(g_x.has_eku, 0);
    CHECK_EQ(g_x.eku, 0);
    CHECK_EQ(g_x.unknown_critical, 0);
    CHECK(blob_is(g_x.cn, "Test P-384 CA"));
    CHECK(g_x.issuer.len == g_x.subject.len && memcmp(g_x.issuer.data, g_x.subject.data, g_x.issuer.len) == 0);
}

TEST(cert_p256_leaf)
{
    static const uint8_t serial[20] = { 0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
    uint8_t pub[65];
    check_cert(cert_leaf_hex, &want_leaf, DTLS_KEY_P256, DTLS_SIG_ECDSA_SHA384, 0);
    CHECK_EQ(parse_hex(cert_leaf_hex), 0);
    CHECK_EQ(g_x.version, 3);
    CHECK_MEM(g_x.serial.data, serial, 20);
    CHECK_EQ(g_x.has_basic_constraints, 1);
    CHECK_EQ(g_x.is_ca, 0);
    CHECK_EQ(g_x.path_len, -1);
    CHECK_EQ(g_x.key_usage, DTLS_KU_DIGITAL_SIGNATURE | DTLS_KU_KEY_AGREEMENT);
    CHECK_EQ(g_x.has_eku, 1);
    CHECK_EQ(g_x.eku, DTLS_EKU_SERVER_AUTH | DTLS_EKU_CLIENT_AUTH);
    CHECK(blob_is(g_x.cn, "leaf.example.com")); /* the last of two CNs */
    unhex(pub, sizeof pub, LEAF_PUB_HEX);
    CHECK_MEM(g_x.key.point, pub, 65);
    /* GeneralNames: dNSName leaf.example.com, dNSName *.example.net, iPAddress 192.0.2.1 */
    CHECK_EQ(g_x.san.data[0], 0x82);
    CHECK_EQ(g_x.san.data[1], 16);
    CHECK_EQ(g_x.san.data[18 + 15 + 0], 0x87);
    CHECK_MEM(g_x.san.data + 35, "\xc0\x00\x02\x01", 4);
}

TEST(cert_rsa)
{
    uint8_t n[256];
    CHECK_EQ(unhex(n, sizeof n, RSACA_N_HEX), 256);
    check_cert(cert_rsaca_hex, &want_rsaca, DTLS_KEY_RSA, DTLS_SIG_RSA_PKCS1_SHA256, 0);
    CHECK_EQ(parse_hex(cert_rsaca_hex), 0);
    CHECK_EQ(g_x.key.rsa.n_len, 256);
    CHECK_MEM(g_x.key.rsa.n, n, 256);
    CHECK_EQ(g_x.key.rsa.e_len, 3);
    CHECK_MEM(g_x.key.rsa.e, "\x01\x00\x01", 3);
    CHECK(g_x.key.rsa.n == g_buf[3] + want_rsaca.keybits_off + 9); /* 30 82 01 0a 02 82 01 01 00 */
    CHECK(blob_is(g_x.cn, "Test RSA CA"));
    CHECK_EQ(g_x.is_ca, 1);
    CHECK_EQ(g_x.path_len, 1);

    CHECK_EQ(unhex(n, sizeof n, RSALEAF_N_HEX), 256);
    check_cert(cert_rsaleaf_hex, &want_rsaleaf, DTLS_KEY_RSA, DTLS_SIG_RSA_PSS_SHA256, 0);
    CHECK_EQ(parse_hex(cert_rsaleaf_hex), 0);
    CHECK_MEM(g_x.key.rsa.n, n, 256);
    CHECK_EQ(g_x.has_basic_constraints, 1);
    CHECK_EQ(g_x.is_ca, 0);
    CHECK_EQ(g_x.has_key_usage, 1);
    CHECK_EQ(g_x.key_usage, DTLS_KU_DIGITAL_SIGNATURE | DTLS_KU_KEY_ENCIPHERMENT);
    CHECK_EQ(g_x.eku, DTLS_EKU_SERVER_AUTH);
    CHECK_EQ(g_x.serial.len, 1);
    CHECK_EQ(g_x.serial.data[0], 3);
}

TEST(cert_ed25519_v1)
{
    check_cert(cert_ed_hex, &want_ed, DTLS_KEY_OTHER, DTLS_SIG_NONE, 0);
    CHECK_EQ(parse_hex(cert_ed_hex), 0);
    CHECK_EQ(g_x.version, 1);
    CHECK_EQ(g_x.has_basic_constraints, 0);
    CHECK_EQ(g_x.has_key_usage, 0);
    CHECK_EQ(g_x.has_eku, 0);
    CHECK_EQ(g_x.path_len, -1);
    CHECK(blob_is(g_x.cn, "ed25519"));
    CHECK(g_x.key.point == NULL);
}

TEST(cert_name_constraints_unknown_critical)
{
    check_cert(cert_nc_hex, &want_nc, DTLS_KEY_P256, DTLS_SIG_ECDSA_SHA256, 0);
    CHECK_EQ(parse_hex(cert_nc_hex), 0);
    CHECK_EQ(g_x.serial.len, 2);
    CHECK_MEM(g_x.serial.data, "\x00\xff", 2);
    CHECK_EQ(g_x.is_ca, 1);
    CHECK_EQ(g_x.path_len, 127); /* pathlen:200, clamped */
    CHECK_EQ(g_x.key_usage, DTLS_KU_KEY_CERT_SIGN);
    CHECK_EQ(g_x.unknown_critical, 1);
    CHECK_EQ(g_x.name_constraints.data[0], 0xa0); /* permittedSubtrees */
}

/* Every strict prefix and the whole plus one byte: DTLS_ERR_CERT_PARSE. */
TEST(cert_truncated_and_extended)
{
    const char *certs[6];
    size_t i, k;
    certs[0] = cert_ca_hex; certs[1] = cert_leaf_hex; certs[2] = cert_rsaca_hex;
    certs[3] = cert_rsaleaf_hex; certs[4] = cert_ed_hex; certs[5] = cert_nc_hex;
    for (i = 0; i < 6; i++) {
        size_t n = hx(2, certs[i]);
        int bad = 0;
        for (k = 0; k <= n + 1; k++) {
            uint8_t *c = (uint8_t *)calloc(1, k ? k : 1);
            dtls_x509 x;
            int rc;
            memcpy(c, g_buf[2], k <= n ? k : n);
            rc = dtls_x509_parse(&x, c, k);
            if (rc != (k == n ? 0 : DTLS_ERR_CERT_PARSE)) bad++;
            if (rc != 0 && (x.raw.data != NULL || x.key.type != 0 || x.path_len != -1)) bad++; /* cleared */
            free(c);
        }
        CHECK_EQ(bad, 0);
    }
}

/* ---- certificates assembled field by field ---- */

#define SIG_ECDSA256 "300a06082a8648ce3d040302"
#define NAME_A "3010310e300c06035504030c05416c696365"   /* CN=Alice */
#define VALIDITY "301e170d3234303130313030303030305a170d3334303130313030303030305a"

typedef struct parts {
    const char *version, *serial, *tbs_alg, *issuer, *validity, *subject, *spki, *uids, *exts, *outer_alg, *sig,
        *trailer;
} parts;

static void default_parts(parts *p)
{
    static char spki[300];
    snprintf(spki, sizeof spki, "3059301306072a8648ce3d020106082a8648ce3d030107034200%s", LEAF_PUB_HEX);
    p->version = "a003020102";
    p->serial = "02020101";
    p->tbs_alg = SIG_ECDSA256;
    p->issuer = NAME_A;
    p->validity = VALIDITY;
    p->subject = NAME_A;
    p->spki = spki;
    p->uids = "";
    p->exts = NULL;
    p->outer_alg = SIG_ECDSA256;
    p->sig = "030700300402010102"; /* an arbitrary signature value */
    p->trailer = "";
}

static int build_parse(const parts *p)
{
    const char *ext = p->exts ? w(0xa3, w(0x30, p->exts)) : "";
    const char *tbs = w(0x30, cat(p->version, p->serial, p->tbs_alg, p->issuer, p->validity, p->subject, p->spki,
                                  CAT2(p->uids, ext)));
    return parse_hex(CAT2(w(0x30, CAT3(tbs, p->outer_alg, p->sig)), p->trailer));
}

static const char *ext(const char *oid, int critical, const char *value)
{
    return w(0x30, CAT3(w(0x06, oid), critical ? "0101ff" : "", w(0x04, value)));
}

#define OID_BC "551d13"
#define OID_KU "551d0f"
#define OID_EKU "551d25"
#define OID_SAN "551d11"
#define OID_NC "551d1e"
#define OID_SKI "551d0e"
#define OID_AKI "551d23"

TEST(cert_handmade_fields)
{
    parts p;
    default_parts(&p);
    CHECK_EQ(build_parse(&p), 0);
    CHECK_EQ(g_x.version, 3);
    CHECK_EQ(g_x.sig_alg, DTLS_SIG_ECDSA_SHA256);
    CHECK(g_x.not_before == INT64_C(1704067200));
    CHECK(g_x.not_after == INT64_C(2019686400));
    CHECK(blob_is(g_x.cn, "Alice"));
    CHECK_EQ(g_x.sig.len, 6);
    CHECK_EQ(g_x.path_len, -1);
    CHECK(g_x.san.data == NULL);
    /* v1: no version field; v2 with unique identifiers */
    p.version = "";
    CHECK_EQ(build_parse(&p), 0);
    CHECK_EQ(g_x.version, 1);
    p.version = "a003020101";
    p.uids = "8102000082020780";
    CHECK_EQ(build_parse(&p), 0);
    CHECK_EQ(g_x.version, 2);
    p.version = "a003020102";
    CHECK_EQ(build_parse(&p), 0);
    CHECK_EQ(g_x.version, 3);
    /* an empty subject, a subject without CN, a multi-valued RDN with the CN last */
    p.subject = "3000";
    CHECK_EQ(build_parse(&p), 0);
    CHECK(g_x.cn.data == NULL && g_x.cn.len == 0);
    p.subject = w(0x30, w(0x31, w(0x30, "06035504061303585858"))); /* C=XXX (a PrintableString) */
    CHECK_EQ(build_parse(&p), 0);
    CHECK(g_x.cn.data == NULL);
    p.subject = w(0x30, CAT2(w(0x31, CAT2("300806035504030c0141", "300806035504060c0142")),
                             w(0x31, "300806035504030c0143"))); /* CN=A+C=B, CN=C */
    CHECK_EQ(build_parse(&p), 0);
    CHECK(blob_is(g_x.cn, "C"));
    p.subject = w(0x30, w(0x31, CAT2("300806035504030c0141", "300806035504060c0142"))); /* CN=A+C=B */
    CHECK_EQ(build_parse(&p), 0);
    CHECK(blob_is(g_x.cn, "A"));
    CHECK(g_x.subject.data[0] == 0x30);
}

TEST(cert_handmade_rejected)
{
    static const struct { int field; const char *value; const char *why; } v[] = {
        { 0, "a003020100", "v1 encoded explicitly (DEFAULT)" },
        { 0, "a003020103", "version 4" },
        { 0, "a00402020002", "version not minimal" },
        { 0, "a0050201020500", "two elements in [0]" },
        { 0, "a203020102", "version under the wrong tag" },
        { 1, "0200", "empty serial" },
        { 1, "02020001", "serial not minimal" },
        { 1, "0215010102030405060708090a0b0c0d0e0f1011121314", "serial of 21 octets" },
        { 1, "0216000102030405060708090a0b0c0d0e0f101112131415", "serial of 22 octets" },
        { 1, "0401", "serial not an INTEGER" },
        { 2, "300a06082a8648ce3d040303", "TBS signature differs (SHA-384)" },
        { 2, "300c06082a8648ce3d0403020500", "TBS signature differs (NULL added)" },
        { 3, "3000310d300b06035504030c0454657374", "issuer length wrong" },
        { 3, "30023100", "issuer with an empty RDN" },
        { 3, "3005310330010a", "issuer AttributeTypeAndValue without a value" },
        { 3, "300d310b300906035504030c01410500", "issuer AttributeTypeAndValue with two values" },
        { 3, "300a3108300604015504030c", "issuer type not an OID" },
        { 3, "31003000", "issuer not a SEQUENCE" },
        { 4, "300f170d3234303130313030303030305a", "validity with one time" },
        { 4, "301e170d3234303133323030303030305a170d3334303130313030303030305a", "notBefore day 32" },
        { 4, "301e170d3234303130313030303030305a170d3334303130313030303030302b", "notAfter without Z" },
        { 4, "3022180f32303234303130313030303030305a170d3334303130313030303030305a00", "validity: trailing" },
        { 4, "3020170d3234303130313030303030305a170f333430313031303030303030305a", "UTCTime of 15 characters" },
        { 6, "3059301306072a8648ce3d020106082a8648ce3d030107034201010101", "SPKI malformed" },
        { 6, "300d300b06092a864886f70d0101010300", "RSA SPKI without NULL parameters" },
        { 7, "8102000082020780", "unique identifiers in v1 (the version set to v1 below)" },
        { 8, "", "extensions [3] in v1 (the version set to v1 below)" },
        { 9, "300a06082a8648ce3d040303", "outer signature algorithm differs" },
        { 10, "0307013004020101ff", "signature BIT STRING with an unused bit" },
        { 10, "0407003004020101", "signature not a BIT STRING" },
        { 11, "00", "trailing byte" },
        { 12, "", "certificate ends after the signature algorithm" },
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        parts p;
        int rc;
        default_parts(&p);
        switch (v[i].field) {
        case 0: p.version = v[i].value; break;
        case 1: p.serial = v[i].value; break;
        case 2: p.tbs_alg = v[i].value; break;
        case 3: p.issuer = v[i].value; break;
        case 4: p.validity = v[i].value; break;
        case 6: p.spki = v[i].value; break;
        case 7: p.uids = v[i].value; p.version = ""; break;
        case 8: p.exts = ext(OID_SKI, 0, "04020102"); p.version = ""; break;
        case 9: p.outer_alg = v[i].value; break;
        case 10: p.sig = v[i].value; break;
        case 11: p.trailer = v[i].value; break;
        case 12: p.sig = v[i].value; break;
        }
        rc = build_parse(&p);
        if (rc != DTLS_ERR_CERT_PARSE) fprintf(stderr, "  accepted: %s\n", v[i].why);
        CHECK_EQ(rc, DTLS_ERR_CERT_PARSE);
    }
    /* 20 octets is the limit; a negative serial of a non-conforming CA is kept */
    {
        parts p;
        default_parts(&p);
        p.serial = "0214010102030405060708090a0b0c0d0e0f10111213";
        CHECK_EQ(build_parse(&p), 0);
        CHECK_EQ(g_x.serial.len, 20);
        p.serial = "0201ff";
        CHECK_EQ(build_parse(&p), 0);
        CHECK_EQ(g_x.serial.len, 1);
        p.serial = "020100";
        CHECK_EQ(build_parse(&p), 0);
        /* the unsupported-key path is not a parse error */
        p.spki = "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        CHECK_EQ(build_parse(&p), 0);
        CHECK_EQ(g_x.key.type, DTLS_KEY_OTHER);
    }
}

#define PSS_PARAMS_256 "3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120"
#define PSS_PARAMS_384 "3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130"

TEST(cert_sig_alg_mapping)
{
    static const struct { const char *inner; uint16_t alg; } v[] = {
        { "06082a8648ce3d040302", DTLS_SIG_ECDSA_SHA256 },
        { "06082a8648ce3d040303", DTLS_SIG_ECDSA_SHA384 },
        { "06082a8648ce3d0403020500", DTLS_SIG_NONE },            /* ECDSA with NULL parameters */
        { "06082a8648ce3d040304", DTLS_SIG_NONE },                /* ecdsa-with-SHA512 */
        { "06092a864886f70d01010b0500", DTLS_SIG_RSA_PKCS1_SHA256 },
        { "06092a864886f70d01010c0500", DTLS_SIG_RSA_PKCS1_SHA384 },
        { "06092a864886f70d01010b", DTLS_SIG_NONE },              /* without NULL */
        { "06092a864886f70d0101050500", DTLS_SIG_NONE },          /* sha1WithRSAEncryption */
        { "06092a864886f70d01010d0500", DTLS_SIG_NONE },          /* sha512WithRSAEncryption */
        { "06092a864886f70d01010a" PSS_PARAMS_256, DTLS_SIG_RSA_PSS_SHA256 },
        { "06092a864886f70d01010a" PSS_PARAMS_384, DTLS_SIG_RSA_PSS_SHA384 },
        /* PSS, hash parameters absent (RFC 4055 2.1 allows both) */
        { "06092a864886f70d01010a3030a00d300b0609608648016503040201a11a301806092a864886f70d010108300b0609608648016503040201a203020120",
          DTLS_SIG_RSA_PSS_SHA256 },
        /* PSS with salt 20, with MGF1-SHA-384 under SHA-256, with default (SHA-1) parameters, with a trailerField */
        { "06092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020114",
          DTLS_SIG_NONE },
        { "06092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020120",
          DTLS_SIG_NONE },
        { "06092a864886f70d01010a3000", DTLS_SIG_NONE },
        { "06092a864886f70d01010a", DTLS_SIG_NONE },
        { "06092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101",
          DTLS_SIG_NONE },
        { "06032b6570", DTLS_SIG_NONE },                          /* Ed25519 */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        parts p;
        const char *alg = w(0x30, v[i].inner);
        default_parts(&p);
        p.tbs_alg = alg;
        p.outer_alg = alg;
        CHECK_EQ(build_parse(&p), 0);
        if (g_x.sig_alg != v[i].alg) fprintf(stderr, "  vector %lu\n", (unsigned long)i);
        CHECK_EQ(g_x.sig_alg, v[i].alg);
    }
    {
        parts p;
        default_parts(&p);
        p.tbs_alg = p.outer_alg = "300406022b80"; /* a malformed OID */
        CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
        p.tbs_alg = p.outer_alg = "300906035504030500050000";
        CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);          /* two parameters */
    }
}

TEST(cert_extensions)
{
    parts p;
    char buf[2000];
    default_parts(&p);
    /* every recognised extension, in one certificate */
    snprintf(buf, sizeof buf, "%s", cat(ext(OID_BC, 1, "30060101ff020103"), ext(OID_KU, 1, "030205a0"),
                                        ext(OID_EKU, 0, "3024" "06082b06010505070301" "06082b06010505070302" "0604551d2500" "06082b06010505070304"),
                                        ext(OID_SAN, 0, "300d820b6578616d706c652e636f6d"),
                                        ext(OID_NC, 1, "300fa00d300b82096578616d706c652e6f"),
                                        ext(OID_SKI, 0, "04020102"), ext(OID_AKI, 0, "300480020102"), NULL));
    p.exts = buf;
    CHECK_EQ(build_parse(&p), 0);
    CHECK_EQ(g_x.has_basic_constraints, 1);
    CHECK_EQ(g_x.is_ca, 1);
    CHECK_EQ(g_x.path_len, 3);
    CHECK_EQ(g_x.has_key_usage, 1);
    CHECK_EQ(g_x.key_usage, DTLS_KU_DIGITAL_SIGNATURE | DTLS_KU_KEY_ENCIPHERMENT); /* bits 0 and 2 */
    CHECK_EQ(g_x.has_eku, 1);
    CHECK_EQ(g_x.eku, DTLS_EKU_SERVER_AUTH | DTLS_EKU_CLIENT_AUTH | DTLS_EKU_ANY | DTLS_EKU_OTHER);
    CHECK_EQ(g_x.san.len, 13);
    CHECK_MEM(g_x.san.data, "\x82\x0b" "example.com", 13);
    CHECK_EQ(g_x.name_constraints.len, 15);
    CHECK_EQ(g_x.name_constraints.data[0], 0xa0);
    CHECK_EQ(g_x.unknown_critical, 0);
}

TEST(cert_extensions_each)
{
    static const struct { const char *oid; int crit; const char *value; int rc; int what; long want; } v[] = {
        /* basicConstraints: what 1 = is_ca, 2 = path_len */
        { OID_BC, 1, "3000", 0, 1, 0 },
        { OID_BC, 1, "3000", 0, 2, -1 },
        { OID_BC, 1, "30030101ff", 0, 1, 1 },
        { OID_BC, 1, "30060101ff020100", 0, 2, 0 },
        { OID_BC, 1, "3003020105", 0, 2, 5 },                 /* pathLen without cA: kept */
        { OID_BC, 1, "3003010100", DTLS_ERR_CERT_PARSE, 0, 0 }, /* cA FALSE encoded */
        { OID_BC, 1, "3003010101", DTLS_ERR_CERT_PARSE, 0, 0 }, /* BOOLEAN 01 */
        { OID_BC, 1, "30060101ff0201ff", DTLS_ERR_CERT_PARSE, 0, 0 }, /* negative pathLen */
        { OID_BC, 1, "30060201010101ff", DTLS_ERR_CERT_PARSE, 0, 0 }, /* wrong order */
        { OID_BC, 1, "30030101ff00", DTLS_ERR_CERT_PARSE, 0, 0 }, /* trailing in extnValue */
        { OID_BC, 1, "0101ff", DTLS_ERR_CERT_PARSE, 0, 0 },
        /* keyUsage: what 3 = key_usage */
        { OID_KU, 1, "03020780", 0, 3, DTLS_KU_DIGITAL_SIGNATURE },
        { OID_KU, 1, "03020204", 0, 3, DTLS_KU_KEY_CERT_SIGN },
        { OID_KU, 1, "03020106", 0, 3, DTLS_KU_KEY_CERT_SIGN | DTLS_KU_CRL_SIGN },
        { OID_KU, 1, "03020308", 0, 3, DTLS_KU_KEY_AGREEMENT },
        { OID_KU, 1, "0303070080", 0, 3, 0x100 },            /* decipherOnly (bit 8) */
        { OID_KU, 1, "030100", 0, 3, 0 },
        { OID_KU, 1, "03020080", DTLS_ERR_CERT_PARSE, 0, 0 },  /* trailing zero bits not removed */
        { OID_KU, 1, "030201a0", DTLS_ERR_CERT_PARSE, 0, 0 },  /* same (bit 6 clear but counted) */
        { OID_KU, 1, "03020781", DTLS_ERR_CERT_PARSE, 0, 0 },  /* an unused bit set */
        { OID_KU, 1, "030400808080", DTLS_ERR_CERT_PARSE, 0, 0 }, /* more than 16 bits */
        { OID_KU, 1, "0401a0", DTLS_ERR_CERT_PARSE, 0, 0 },
        /* extendedKeyUsage: what 4 = eku */
        { OID_EKU, 0, "300a06082b06010505070301", 0, 4, DTLS_EKU_SERVER_AUTH },
        { OID_EKU, 0, "30060604551d2500", 0, 4, DTLS_EKU_ANY },
        { OID_EKU, 0, "300a06082b06010505070308", 0, 4, DTLS_EKU_OTHER },
        { OID_EKU, 0, "3000", DTLS_ERR_CERT_PARSE, 0, 0 },     /* SIZE (1..MAX) */
        { OID_EKU, 0, "30030401aa", DTLS_ERR_CERT_PARSE, 0, 0 },
        /* subjectAltName: what 5 = san.len */
        { OID_SAN, 0, "30068704c0000201", 0, 5, 6 },
        { OID_SAN, 0, "3000", DTLS_ERR_CERT_PARSE, 0, 0 },
        { OID_SAN, 0, "30030401aa", DTLS_ERR_CERT_PARSE, 0, 0 }, /* a universal tag */
        { OID_SAN, 0, "3003820261", DTLS_ERR_CERT_PARSE, 0, 0 }, /* inner length wrong */
        /* nameConstraints: what 6 = name_constraints.len */
        { OID_NC, 1, "3008a106300482026162", 0, 6, 8 },
        { OID_NC, 1, "3000", DTLS_ERR_CERT_PARSE, 0, 0 },
        { OID_NC, 1, "3004a2023000", DTLS_ERR_CERT_PARSE, 0, 0 },
        /* SKI / AKI: recognised, well formed */
        { OID_SKI, 0, "04020102", 0, 7, 0 },
        { OID_SKI, 0, "3000", DTLS_ERR_CERT_PARSE, 0, 0 },
        { OID_AKI, 0, "3000", 0, 7, 0 },
        { OID_AKI, 0, "04020102", DTLS_ERR_CERT_PARSE, 0, 0 },
        /* unknown extensions: what 7 = unknown_critical */
        { "2b0601040183e81f01", 1, "0500", 0, 7, 1 },
        { "2b0601040183e81f01", 0, "0500", 0, 7, 0 },
        { "2b0601040183e81f01", 1, "", 0, 7, 1 },          /* any extnValue, not parsed */
        { OID_SKI, 1, "04020102", 0, 7, 0 },               /* a recognised one marked critical */
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        parts p;
        int rc;
        long got = 0;
        default_parts(&p);
        p.exts = ext(v[i].oid, v[i].crit, v[i].value);
        rc = build_parse(&p);
        if (rc != v[i].rc) fprintf(stderr, "  vector %lu: %d\n", (unsigned long)i, rc);
        CHECK_EQ(rc, v[i].rc);
        if (rc != 0) continue;
        switch (v[i].what) {
        case 1: got = g_x.is_ca; CHECK_EQ(g_x.has_basic_constraints, 1); break;
        case 2: got = g_x.path_len; break;
        case 3: got = g_x.key_usage; CHECK_EQ(g_x.has_key_usage, 1); break;
        case 4: got = g_x.eku; CHECK_EQ(g_x.has_eku, 1); break;
        case 5: got = (long)g_x.san.len; break;
        case 6: got = (long)g_x.name_constraints.len; break;
        case 7: got = g_x.unknown_critical; break;
        }
        if (got != v[i].want) fprintf(stderr, "  vector %lu: field %ld want %ld\n", (unsigned long)i, got, v[i].want);
        CHECK_EQ(got, v[i].want);
    }
}

TEST(cert_extensions_structure)
{
    parts p;
    default_parts(&p);
    /* a repeated extension, known or not */
    p.exts = CAT2(ext(OID_KU, 1, "03020780"), ext(OID_KU, 1, "03020780"));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = cat(ext("2b0601040183e81f02", 0, "0500"), ext(OID_KU, 1, "03020780"), ext("2b0601040183e81f02", 0, "0500"),
                 NULL, NULL, NULL, NULL, NULL);
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = CAT2(ext("2b0601040183e81f02", 0, "0500"), ext("2b0601040183e81f03", 0, "0500"));
    CHECK_EQ(build_parse(&p), 0);
    /* critical FALSE encoded (DEFAULT), a critical flag that is not DER */
    p.exts = w(0x30, CAT3(w(0x06, OID_KU), "010100", w(0x04, "03020780")));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = w(0x30, CAT3(w(0x06, OID_KU), "010101", w(0x04, "03020780")));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    /* no extnValue, an extra element, the value not an OCTET STRING */
    p.exts = w(0x30, w(0x06, OID_KU));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = w(0x30, CAT3(w(0x06, OID_KU), w(0x04, "03020780"), "0500"));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = w(0x30, CAT2(w(0x06, OID_KU), w(0x03, "0003020780")));
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    /* an empty Extensions SEQUENCE (SIZE (1..MAX)), an extension that is not a SEQUENCE */
    p.exts = "";
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    p.exts = "0500";
    CHECK_EQ(build_parse(&p), DTLS_ERR_CERT_PARSE);
    /* [3] holding something else than a SEQUENCE */
    {
        parts q;
        default_parts(&q);
        q.uids = w(0xa3, w(0x31, ext(OID_KU, 1, "03020780")));
        CHECK_EQ(build_parse(&q), DTLS_ERR_CERT_PARSE);
        /* a unique identifier after the extensions */
        q.uids = "";
        q.exts = ext(OID_KU, 1, "03020780");
        q.trailer = "";
        CHECK_EQ(build_parse(&q), 0);
        q.uids = "81020000";
        CHECK_EQ(build_parse(&q), 0); /* before [3]: allowed in v3 */
        q.uids = "82020101"; /* a unique identifier BIT STRING with a set unused bit */
        CHECK_EQ(build_parse(&q), DTLS_ERR_CERT_PARSE);
    }
}

/* ---- private keys ---- */

static int key_hex(dtls_private_key *k, const char *hex)
{
    size_t n = hx(4, hex);
    return dtls_private_key_parse(k, g_buf[4], n);
}

TEST(private_key_ec)
{
    dtls_private_key k;
    uint8_t priv[32], pub[65];
    const char *forms[3];
    size_t i;
    unhex(priv, sizeof priv, LEAF_PRIV_HEX);
    unhex(pub, sizeof pub, LEAF_PUB_HEX);
    forms[0] = key_leaf_sec1_hex;        /* SEC1 with [0] parameters and [1] public key */
    forms[1] = key_leaf_p8_hex;          /* PKCS#8 (SEC1 inside without [0], with [1]) */
    forms[2] = key_leaf_sec1nopub_hex;   /* SEC1 with [0] only: the public key is computed */
    for (i = 0; i < 3; i++) {
        memset(&k, 0xee, sizeof k);
        CHECK_EQ(key_hex(&k, forms[i]), 0);
        CHECK_EQ(k.type, DTLS_KEY_P256);
        CHECK_EQ(k.ec.len, 32);
        CHECK_EQ(k.ec.by_hook, 0);
        CHECK_EQ(k.ec.alg, DTLS_GROUP_SECP256R1);
        CHECK_MEM(k.ec.bytes, priv, 32);
        CHECK_MEM(k.ec_pub, pub, 65);
    }
    /* SEC1 without [0] and [1], and with a short scalar */
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020101", w(0x04, LEAF_PRIV_HEX)))), 0);
    CHECK_MEM(k.ec_pub, pub, 65);
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020101", w(0x04, "01")))), 0);
    CHECK_EQ(k.ec_pub[0], 4);
    CHECK_MEM(k.ec.bytes, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 32);
    /* [1] public key: compressed form matching, mismatching, malformed */
    CHECK_EQ(key_hex(&k, w(0x30, cat("020101", w(0x04, LEAF_PRIV_HEX), w(0xa1, w(0x03, CAT2("0002", (const char *)&LEAF_PUB_HEX[2])))
                                         , NULL, NULL, NULL, NULL, NULL))), DTLS_ERR_CERT_PARSE); /* 65 bytes, 02 first */
    {
        char comp[80], compw[80];
        snprintf(comp, sizeof comp, "0002%.64s", &LEAF_PUB_HEX[2]); /* y of the leaf key is even (..b4) */
        snprintf(compw, sizeof compw, "0003%.64s", &LEAF_PUB_HEX[2]);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa1, w(0x03, comp))))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa1, w(0x03, compw))))), DTLS_ERR_BAD_KEY);
        CHECK_EQ(k.type, DTLS_KEY_NONE);
        CHECK(test_all_zero(k.ec.bytes, 32)); /* wiped */
    }
    {
        char other[140];
        snprintf(other, sizeof other, "00%s", LEAF_PUB_HEX);
        other[10] = other[10] == '0' ? '1' : '0';
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa1, w(0x03, other))))), DTLS_ERR_BAD_KEY);
        snprintf(other, sizeof other, "01%s", LEAF_PUB_HEX);
        other[strlen(other) - 1] = '0';
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa1, w(0x03, other))))), DTLS_ERR_CERT_PARSE);
    }
    /* scalars out of range: 0 and n */
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020101", w(0x04, "0000000000000000000000000000000000000000000000000000000000000000")))),
             DTLS_ERR_BAD_KEY);
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020101", w(0x04, "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")))),
             DTLS_ERR_BAD_KEY);
    /* malformed: version 0 or 2, a 33-byte scalar, explicit parameters, trailing, empty scalar */
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020102", w(0x04, LEAF_PRIV_HEX)))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, CAT2("00", LEAF_PRIV_HEX)), ""))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa0, "3003020101")))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), "0500"))), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(key_hex(&k, w(0x30, CAT2("020101", "0400"))), DTLS_ERR_CERT_PARSE);
    /* another curve in [0]: unsupported */
    CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa0, OID_P384)))), DTLS_ERR_CERT_UNSUPPORTED);
    CHECK_EQ(key_hex(&k, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa0, OID_P256)))), 0);
    /* PKCS#8 of P-384 and Ed25519: unsupported; PKCS#8 with explicit / absent curve: malformed */
    CHECK_EQ(key_hex(&k, key_ca_p8_hex), DTLS_ERR_CERT_UNSUPPORTED);
    CHECK_EQ(key_hex(&k, key_ed_p8_hex), DTLS_ERR_CERT_UNSUPPORTED);
    CHECK_EQ(k.type, DTLS_KEY_NONE);
    {
        const char *inner = w(0x04, w(0x30, CAT2("020101", w(0x04, LEAF_PRIV_HEX))));
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, OID_EC_PUB), inner))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020102", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner))), DTLS_ERR_CERT_PARSE);
        /* attributes [0] are skipped; [1] only in version 1 (RFC 5958) */
        CHECK_EQ(key_hex(&k, w(0x30, cat("020100", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner, "a000", NULL, NULL, NULL, NULL))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, cat("020101", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner, "a000", "810100", NULL, NULL, NULL))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, cat("020100", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner, "810100", NULL, NULL, NULL, NULL))),
                 DTLS_ERR_CERT_PARSE);
        /* the inner ECPrivateKey naming another curve than the outer one */
        inner = w(0x04, w(0x30, CAT3("020101", w(0x04, LEAF_PRIV_HEX), w(0xa0, OID_P384))));
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, CAT2(OID_EC_PUB, OID_P256)), inner))), DTLS_ERR_CERT_UNSUPPORTED);
    }
    CHECK_EQ(key_hex(&k, "3003020101"), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(key_hex(&k, "300302010105"), DTLS_ERR_CERT_PARSE);
    CHECK_EQ(dtls_private_key_parse(NULL, g_buf[4], 1), DTLS_ERR_BAD_ARG);
}

TEST(private_key_rsa)
{
    dtls_private_key k;
    uint8_t n[256];
    size_t i;
    const char *forms[2];
    forms[0] = key_rsaleaf_p1_hex;
    forms[1] = key_rsaleaf_p8_hex;
    unhex(n, sizeof n, RSALEAF_N_HEX);
    for (i = 0; i < 2; i++) {
        size_t len = hx(4, forms[i]);
        const uint8_t *lo = g_buf[4], *hi = g_buf[4] + len;
        CHECK_EQ(dtls_private_key_parse(&k, g_buf[4], len), 0);
        CHECK_EQ(k.type, DTLS_KEY_RSA);
        CHECK_EQ(k.rsa.n_len, 256);
        CHECK_MEM(k.rsa.n, n, 256);
        CHECK_EQ(k.rsa.e_len, 3);
        CHECK_MEM(k.rsa.e, "\x01\x00\x01", 3);
        CHECK_EQ(k.rsa.p_len, 128);
        CHECK_EQ(k.rsa.q_len, 128);
        CHECK(k.rsa.p > k.rsa.e && k.rsa.q > k.rsa.p && k.rsa.dp > k.rsa.q && k.rsa.dq > k.rsa.dp && k.rsa.qinv > k.rsa.dq);
        CHECK(k.rsa.n > lo && k.rsa.qinv + k.rsa.qinv_len == hi); /* pointers into the DER, qinv last */
        CHECK(k.rsa.p[0] != 0 && k.rsa.q[0] != 0 && k.rsa.dp[0] != 0 && k.rsa.qinv[0] != 0);
    }
    /* hand-made PKCS#1 bodies: n, e, d, p, q, dp, dq, qinv */
    {
        static char big[1200], small[300], huge[1100];
        const char *rest = "020103" "020105" "020107" "02010b" "02010d" "020111" "020113";
        strcpy(small, "02818100"); /* 1024 bits */
        while (strlen(small) < 8 + 256) strcat(small, "c5");
        strcpy(big, "0282010100"); /* 2048 bits exactly */
        while (strlen(big) < 10 + 512) strcat(big, "c5");
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, rest))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", small, rest))), DTLS_ERR_CERT_UNSUPPORTED);
        strcpy(huge, "0282010101"); /* 2049 bits */
        while (strlen(huge) < 10 + 512) strcat(huge, "00");
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", huge, rest))), 0);
        strcpy(big, "0282010050"); /* 2047 bits */
        while (strlen(big) < 10 + 510) strcat(big, "c5");
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, rest))), DTLS_ERR_CERT_UNSUPPORTED);
        strcpy(big, "0282020200"); /* 4096 bits + 8: beyond DTLS_RSA_MAX_BITS (4096) */
        while (strlen(big) < 10 + 1026) strcat(big, "c5");
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, rest))), DTLS_RSA_MAX_BITS >= 4104 ? 0 : DTLS_ERR_CERT_UNSUPPORTED);
        strcpy(big, "0282010100");
        while (strlen(big) < 10 + 512) strcat(big, "c5");
        /* version 1 (multi-prime) with otherPrimeInfos: unsupported; version 2: malformed */
        CHECK_EQ(key_hex(&k, w(0x30, cat("020101", big, rest, "3000", NULL, NULL, NULL, NULL))), DTLS_ERR_CERT_UNSUPPORTED);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020102", big, rest))), DTLS_ERR_CERT_PARSE);
        /* a missing, negative, zero or non-minimal integer; trailing data */
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, "020103" "020105" "020107" "02010b" "02010d" "020111"))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, "020103" "020105" "020107" "02010b" "02010d" "020111" "0201ff"))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, "020103" "020105" "020100" "02010b" "02010d" "020111" "020113"))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", big, "020103" "020105" "0202000b" "02010b" "02010d" "020111" "020113"))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, cat("020100", big, rest, "0500", NULL, NULL, NULL, NULL))), DTLS_ERR_CERT_PARSE);
        /* PKCS#8 wrapping: NULL parameters required */
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, CAT2(OID_RSA, "0500")), w(0x04, w(0x30, CAT3("020100", big, rest)))))), 0);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, OID_RSA), w(0x04, w(0x30, CAT3("020100", big, rest)))))), DTLS_ERR_CERT_PARSE);
        CHECK_EQ(key_hex(&k, w(0x30, CAT3("020100", w(0x30, CAT2(OID_RSA, "0500")), w(0x04, CAT2(w(0x30, CAT3("020100", big, rest)), "00"))))),
                 DTLS_ERR_CERT_PARSE);
    }
}

TEST(private_key_from_handle)
{
    dtls_private_key k;
    dtls_crypto_key h;
    uint8_t pub[65];
    memset(&h, 0, sizeof h);
    h.bytes[0] = 7; /* a slot number */
    h.len = 1;
    h.by_hook = 1;
    unhex(pub, sizeof pub, LEAF_PUB_HEX);
    CHECK_EQ(dtls_private_key_from_handle(&k, &h, pub), 0);
    CHECK_EQ(k.type, DTLS_KEY_P256);
    CHECK_EQ(k.ec.bytes[0], 7);
    CHECK_EQ(k.ec.by_hook, 1);
    CHECK_MEM(k.ec_pub, pub, 65);
    pub[64] ^= 1; /* off the curve */
    CHECK_EQ(dtls_private_key_from_handle(&k, &h, pub), DTLS_ERR_BAD_KEY);
    CHECK_EQ(dtls_private_key_from_handle(NULL, &h, pub), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_private_key_from_handle(&k, NULL, pub), DTLS_ERR_BAD_ARG);
    CHECK_EQ(dtls_private_key_from_handle(&k, &h, NULL), DTLS_ERR_BAD_ARG);
}

/* ---- signatures with parsed keys ---- */

/* A deterministic test "random" source (xorshift). */
static int test_rng(void *ctx, uint8_t *out, size_t len)
{
    uint32_t *s = (uint32_t *)ctx;
    size_t i;
    for (i = 0; i < len; i++) {
        *s ^= *s << 13; *s ^= *s >> 17; *s ^= *s << 5;
        out[i] = (uint8_t)*s;
    }
    return 0;
}

/* Verifies cert (hex) with the key of issuer (hex) through dtls_pubkey_verify. */
static int verify_cert(const char *cert_hex, const char *issuer_hex, int flip)
{
    dtls_x509 c, is;
    uint8_t h[48], *sig;
    size_t n = hx(5, cert_hex), m = hx(6, issuer_hex), hl;
    int rc;
    if (dtls_x509_parse(&c, g_buf[5], n) != 0 || dtls_x509_parse(&is, g_buf[6], m) != 0) return 99;
    hl = (c.sig_alg == DTLS_SIG_ECDSA_SHA384 || c.sig_alg == DTLS_SIG_RSA_PKCS1_SHA384 ||
          c.sig_alg == DTLS_SIG_RSA_PSS_SHA384) ? 48 : 32;
    if (hl == 48) dtls_sha384(h, c.tbs.data, c.tbs.len);
    else dtls_sha256(h, c.tbs.data, c.tbs.len);
    sig = dup_exact(c.sig.data, c.sig.len);
    if (flip) sig[c.sig.len - 5] ^= 0x10;
    rc = dtls_pubkey_verify(NULL, &is.key, c.sig_alg, h, hl, sig, c.sig.len);
    free(sig);
    return rc;
}

TEST(verify_certificate_signatures)
{
    CHECK_EQ(verify_cert(cert_ca_hex, cert_ca_hex, 0), 0);          /* P-384, SHA-384 */
    CHECK_EQ(verify_cert(cert_leaf_hex, cert_ca_hex, 0), 0);        /* P-384 CA over a P-256 leaf */
    CHECK_EQ(verify_cert(cert_rsaca_hex, cert_rsaca_hex, 0), 0);    /* RSA PKCS#1 v1.5 SHA-256 */
    CHECK_EQ(verify_cert(cert_rsaleaf_hex, cert_rsaca_hex, 0), 0);  /* RSA PSS SHA-256 */
    CHECK_EQ(verify_cert(cert_nc_hex, cert_nc_hex, 0), 0);          /* P-256, SHA-256 */
    CHECK_EQ(verify_cert(cert_ca_hex, cert_ca_hex, 1), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(verify_cert(cert_leaf_hex, cert_ca_hex, 1), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(verify_cert(cert_rsaca_hex, cert_rsaca_hex, 1), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(verify_cert(cert_rsaleaf_hex, cert_rsaca_hex, 1), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(verify_cert(cert_nc_hex, cert_nc_hex, 1), DTLS_ERR_BAD_SIGNATURE);
    /* the wrong issuer */
    CHECK_EQ(verify_cert(cert_leaf_hex, cert_nc_hex, 0), DTLS_ERR_BAD_SIGNATURE);   /* P-256 key, SHA-384 */
    CHECK_EQ(verify_cert(cert_rsaleaf_hex, cert_rsaleaf_hex, 0), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(verify_cert(cert_ed_hex, cert_ed_hex, 0), DTLS_ERR_BAD_SIGNATURE);     /* DTLS_SIG_NONE, KEY_OTHER */
}

TEST(sign_verify_roundtrip_ec)
{
    dtls_private_key k;
    dtls_x509 c;
    uint8_t h[48], rs[64], der[80];
    int dl;
    size_t n;
    CHECK_EQ(key_hex(&k, key_leaf_p8_hex), 0);
    n = hx(5, cert_leaf_hex);
    CHECK_EQ(dtls_x509_parse(&c, g_buf[5], n), 0);
    dtls_sha256(h, "message", 7);
    CHECK_EQ(dtls_p256_ecdsa_sign(rs, k.ec.bytes, h, 32, NULL, NULL), 0);
    dl = dtls_ecdsa_sig_to_der(der, sizeof der, rs, 32);
    CHECK(dl > 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 48, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA384, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PKCS1_SHA256, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_NONE, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, 0x0807, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE); /* ed25519 */
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl - 1), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, rs, 64), DTLS_ERR_BAD_SIGNATURE); /* raw, not DER */
    h[0] ^= 1;
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    /* SHA-384 hash with the P-256 key (TLS 1.2 ecdsa with sha384) */
    dtls_sha384(h, "message", 7);
    CHECK_EQ(dtls_p256_ecdsa_sign(rs, k.ec.bytes, h, 48, NULL, NULL), 0);
    dl = dtls_ecdsa_sig_to_der(der, sizeof der, rs, 32);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA384, h, 48, der, (size_t)dl), 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, NULL, DTLS_SIG_ECDSA_SHA384, h, 48, der, (size_t)dl), DTLS_ERR_BAD_ARG);
    /* the P-384 CA key with SHA-256: not a fitting pair */
    n = hx(6, cert_ca_hex);
    CHECK_EQ(dtls_x509_parse(&c, g_buf[6], n), 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
}

TEST(sign_verify_roundtrip_rsa)
{
    dtls_private_key k;
    dtls_x509 c;
    uint8_t h[48], sig[512];
    uint32_t seed = 12345;
    int sl;
    size_t n;
    CHECK_EQ(key_hex(&k, key_rsaleaf_p1_hex), 0);
    n = hx(5, cert_rsaleaf_hex);
    CHECK_EQ(dtls_x509_parse(&c, g_buf[5], n), 0);
    dtls_sha256(h, "message", 7);
    sl = dtls_rsa_pkcs1_sign(sig, sizeof sig, &k.rsa, DTLS_HASH_SHA256, h, 32, test_rng, &seed);
    CHECK_EQ(sl, 256);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PKCS1_SHA256, h, 32, sig, 256), 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PSS_SHA256, h, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PKCS1_SHA256, h, 32, sig, 255), DTLS_ERR_BAD_SIGNATURE);
    sig[100] ^= 1;
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PKCS1_SHA256, h, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    dtls_sha384(h, "message", 7);
    sl = dtls_rsa_pss_sign(sig, sizeof sig, &k.rsa, DTLS_HASH_SHA384, 48, h, 48, test_rng, &seed);
    CHECK_EQ(sl, 256);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PSS_SHA384, h, 48, sig, 256), 0);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PSS_SHA384, h, 32, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PKCS1_SHA384, h, 48, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    /* PSS with a salt other than the hash length is refused */
    sl = dtls_rsa_pss_sign(sig, sizeof sig, &k.rsa, DTLS_HASH_SHA384, 32, h, 48, test_rng, &seed);
    CHECK_EQ(sl, 256);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PSS_SHA384, h, 48, sig, 256), DTLS_ERR_BAD_SIGNATURE);
    /* the PKCS#8 form signs the same */
    CHECK_EQ(key_hex(&k, key_rsaleaf_p8_hex), 0);
    sl = dtls_rsa_pss_sign(sig, sizeof sig, &k.rsa, DTLS_HASH_SHA384, 48, h, 48, test_rng, &seed);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_RSA_PSS_SHA384, h, 48, sig, 256), 0);
}

static int g_hook_calls;
static int hook_verify_busy(void *user, int group, const uint8_t *pub, size_t pub_len, const uint8_t *hash,
                            size_t hash_len, const uint8_t *sig, size_t sig_len)
{
    (void)user; (void)pub; (void)pub_len; (void)hash; (void)hash_len; (void)sig; (void)sig_len;
    g_hook_calls++;
    if (group != DTLS_GROUP_SECP256R1 || sig_len != 64) return DTLS_ERR_HOOK;
    return g_hook_calls == 1 ? DTLS_ERR_IN_PROGRESS : DTLS_ERR_HOOK;
}

TEST(verify_through_hook)
{
    dtls_crypto_hooks hooks;
    dtls_private_key k;
    dtls_x509 c;
    uint8_t h[32], rs[64], der[80];
    int dl;
    size_t n = hx(5, cert_leaf_hex);
    memset(&hooks, 0, sizeof hooks);
    hooks.ecdsa_verify = hook_verify_busy;
    CHECK_EQ(dtls_x509_parse(&c, g_buf[5], n), 0);
    CHECK_EQ(key_hex(&k, key_leaf_sec1_hex), 0);
    dtls_sha256(h, "m", 1);
    CHECK_EQ(dtls_p256_ecdsa_sign(rs, k.ec.bytes, h, 32, NULL, NULL), 0);
    dl = dtls_ecdsa_sig_to_der(der, sizeof der, rs, 32);
    g_hook_calls = 0;
    CHECK_EQ(dtls_pubkey_verify(&hooks, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), DTLS_ERR_IN_PROGRESS);
    CHECK_EQ(dtls_pubkey_verify(&hooks, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), DTLS_ERR_BAD_SIGNATURE);
    CHECK_EQ(g_hook_calls, 2);
    CHECK_EQ(dtls_pubkey_verify(NULL, &c.key, DTLS_SIG_ECDSA_SHA256, h, 32, der, (size_t)dl), 0);
}

/* ---- PEM ---- */

TEST(pem_keys_and_bundle)
{
    static uint8_t out[4096], want[4096];
    size_t end = 0, wl, pos;
    int n;
    dtls_private_key k;
    /* SEC1 after an EC PARAMETERS block */
    n = dtls_pem_decode(out, sizeof out, pem_leaf_sec1, strlen(pem_leaf_sec1), "EC PRIVATE KEY", &end);
    wl = hx(0, key_leaf_sec1_hex);
    CHECK_EQ(n, (int)wl);
    CHECK_MEM(out, g_buf[0], wl);
    CHECK_EQ(end, strlen(pem_leaf_sec1));
    CHECK_EQ(dtls_private_key_parse(&k, out, (size_t)n), 0);
    /* any label: the EC PARAMETERS block first (the namedCurve OID) */
    n = dtls_pem_decode(out, sizeof out, pem_leaf_sec1, strlen(pem_leaf_sec1), NULL, &end);
    CHECK_EQ(n, 10);
    CHECK_MEM(out, "\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07", 10);
    CHECK_EQ(end, 75); /* 30 + 17 + 28 characters */
    n = dtls_pem_decode(out, sizeof out, pem_leaf_p8, strlen(pem_leaf_p8), "PRIVATE KEY", NULL);
    wl = hx(0, key_leaf_p8_hex);
    CHECK_EQ(n, (int)wl);
    CHECK_MEM(out, g_buf[0], wl);
    n = dtls_pem_decode(out, sizeof out, pem_rsaleaf_p1, strlen(pem_rsaleaf_p1), "RSA PRIVATE KEY", NULL);
    wl = hx(0, key_rsaleaf_p1_hex);
    CHECK_EQ(n, (int)wl);
    CHECK_MEM(out, g_buf[0], wl);
    CHECK_EQ(dtls_pem_decode(out, sizeof out, pem_rsaleaf_p1, strlen(pem_rsaleaf_p1), "PRIVATE KEY", NULL), DTLS_ERR_DECODE);
    /* a bundle read block by block */
    pos = 0;
    n = dtls_pem_decode(out, sizeof out, pem_bundle, strlen(pem_bundle), "CERTIFICATE", &end);
    wl = hx(0, cert_leaf_hex);
    CHECK_EQ(n, (int)wl);
    CHECK_MEM(out, g_buf[0], wl);
    pos = end;
    n = dtls_pem_decode(out, sizeof out, pem_bundle + pos, strlen(pem_bundle) - pos, "CERTIFICATE", &end);
    wl = hx(0, cert_ca_hex);
    CHECK_EQ(n, (int)wl);
    CHECK_MEM(out, g_buf[0], wl);
    pos += end;
    CHECK_EQ(pos, strlen(pem_bundle));
    CHECK_EQ(dtls_pem_decode(out, sizeof out, pem_bundle + pos, 0, "CERTIFICATE", &end), DTLS_ERR_DECODE);
    /* too small a buffer: exact fit works, one less does not */
    wl = hx(0, cert_leaf_hex);
    CHECK_EQ(dtls_pem_decode(out, wl, pem_bundle, strlen(pem_bundle), "CERTIFICATE", NULL), (int)wl);
    CHECK_EQ(dtls_pem_decode(out, wl - 1, pem_bundle, strlen(pem_bundle), "CERTIFICATE", NULL), DTLS_ERR_BUFFER_TOO_SMALL);
    (void)want;
}

TEST(pem_rules)
{
    static const struct { const char *text; int rc; const char *bytes; } v[] = {
        { "-----BEGIN X-----\nAAEC\n-----END X-----\n", 3, "000102" },
        { "-----BEGIN X-----\r\nAAEC\r\n-----END X-----\r\n", 3, "000102" },      /* CRLF */
        { "junk\n-----BEGIN X-----\nAA\nEC\n\n-----END X-----", 3, "000102" },     /* text before, short lines, an empty line, no final newline */
        { "-----BEGIN X-----\nAAEC  \n-----END X-----\n", 3, "000102" },          /* trailing spaces */
        { "-----BEGIN X-----\nAAE=\n-----END X-----\n", 2, "0001" },
        { "-----BEGIN X-----\nAA==\n-----END X-----\n", 1, "00" },
        { "-----BEGIN X-----\n-----END X-----\n", 0, "" },
        { "-----BEGIN X-----\nAAF=\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },  /* non-zero pad bits */
        { "-----BEGIN X-----\nAB==\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN X-----\nAAE\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },   /* no padding */
        { "-----BEGIN X-----\nA===\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN X-----\nAA==AAEC\n-----END X-----\n", DTLS_ERR_ENCODING, NULL }, /* data after padding */
        { "-----BEGIN X-----\nAA=A\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN X-----\nAA EC\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },  /* space inside */
        { "-----BEGIN X-----\nAA*C\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nAAEC\n-----END X-----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN X-----\nAAEC\n", DTLS_ERR_ENCODING, NULL },                   /* no END */
        { "-----BEGIN X-----\nAAEC\n-----END Y-----\n", DTLS_ERR_ENCODING, NULL },  /* END label differs */
        { "-----BEGIN X-----\nAAEC\n-----END X----\n", DTLS_ERR_ENCODING, NULL },
        { "-----BEGIN -----\nAAEC\n-----END -----\n", DTLS_ERR_DECODE, NULL },     /* empty label */
        { " -----BEGIN X-----\nAAEC\n-----END X-----\n", DTLS_ERR_DECODE, NULL },  /* not at a line start */
        { "-----BEGIN X----\nAAEC\n-----END X-----\n", DTLS_ERR_DECODE, NULL },
        { "", DTLS_ERR_DECODE, NULL },
    };
    size_t i;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t out[16], want[16];
        size_t end = 999, tl = strlen(v[i].text);
        char *t = (char *)dup_exact((const uint8_t *)v[i].text, tl);
        int rc = dtls_pem_decode(out, sizeof out, t, tl, NULL, &end);
        if (rc != v[i].rc) fprintf(stderr, "  vector %lu: %d\n", (unsigned long)i, rc);
        CHECK_EQ(rc, v[i].rc);
        if (v[i].bytes && rc >= 0) {
            CHECK_EQ(unhex(want, sizeof want, v[i].bytes), (size_t)rc);
            CHECK_MEM(out, want, (size_t)rc);
            CHECK_EQ(end, tl);
        }
        free(t);
    }
    /* label selection skips other blocks; the whole key on one line */
    {
        const char *t = "-----BEGIN A-----\nAAEC\n-----END A-----\n-----BEGIN B-----\nAAECAwQF\n-----END B-----\n";
        uint8_t out[16];
        size_t end;
        CHECK_EQ(dtls_pem_decode(out, sizeof out, t, strlen(t), "B", &end), 6);
        CHECK_EQ(end, strlen(t));
        CHECK_MEM(out, "\x00\x01\x02\x03\x04\x05", 6);
        CHECK_EQ(dtls_pem_decode(out, sizeof out, t, strlen(t), "C", &end), DTLS_ERR_DECODE);
        CHECK_EQ(dtls_pem_decode(out, 2, t, strlen(t), "A", &end), DTLS_ERR_BUFFER_TOO_SMALL);
        CHECK_EQ(dtls_pem_decode(NULL, 2, t, strlen(t), "A", &end), DTLS_ERR_BAD_ARG);
    }
}

/* ---- Wycheproof ecdh_secp256r1: SubjectPublicKeyInfo peer keys ---- */

TEST(wycheproof_ecdh_secp256r1)
{
    wp_file f;
    wp_tally t = {0, 0, 0, 0, 0, 0};
    static uint8_t pub[8192], shared[64];
    const char *name = "ecdh_secp256r1";
    if (!wp_open(&f, name)) {
        test_skip(name, "Wycheproof vectors not found (set DTLS_VECTORS)");
        return;
    }
    while (wp_next(&f)) {
        size_t pl = wp_hex(&f.test, "public", pub, sizeof pub);
        size_t sl = wp_hex(&f.test, "shared", shared, sizeof shared);
        uint8_t priv[32], out[32];
        uint8_t *spki;
        dtls_public_key key;
        long tc = wp_int(&f.test, "tcId");
        int prc, ret;
        if (!wp_hex_be(&f.test, "private", priv, sizeof priv)) {
            fprintf(stderr, "%s tcId %ld: private key too long\n", name, tc);
            t.failures++;
            continue;
        }
        spki = dup_exact(pub, pl);
        prc = dtls_spki_parse(&key, spki, pl);
        if (prc == 0 && key.type == DTLS_KEY_P256)
            ret = dtls_p256_ecdh(out, priv, key.point, key.point_len);
        else
            ret = prc == 0 ? DTLS_ERR_BAD_KEY : prc; /* a P-384 key: not for this curve */
        if (prc == DTLS_ERR_CERT_UNSUPPORTED && wp_has_flag(&f.test, "CompressedPublic")) t.by_design++;
        if (ret != 0 && ret != DTLS_ERR_BAD_KEY && ret != DTLS_ERR_CERT_PARSE && ret != DTLS_ERR_CERT_UNSUPPORTED) {
            fprintf(stderr, "%s tcId %ld: unexpected code %d\n", name, tc, ret);
            t.failures++;
        } else if (wp_tally_add(&t, name, tc, wp_result(&f.test), ret,
                                ret == 0 && sl == 32 && memcmp(out, shared, 32) == 0) &&
                   ret == 0) {
            /* acceptable: BER encodings, explicit or unusual curve parameters, a compressed point: all rejected */
            fprintf(stderr, "%s tcId %ld: acceptable vector accepted\n", name, tc);
            t.failures++;
        }
        free(spki);
    }
    wp_close(&f);
    wp_tally_print(&t, name, "compressed point: unsupported, counted within the above");
    CHECK_EQ(t.failures, 0);
    CHECK(t.valid_ok > 0 && t.invalid_rej > 0);
}

int main(void)
{
    RUN(der_lengths);
    RUN(der_nesting);
    RUN(der_integer);
    RUN(der_bit_string_bool_null_oid);
    RUN(der_time);
    RUN(spki_handmade);
    RUN(cert_p384_ca);
    RUN(cert_p256_leaf);
    RUN(cert_rsa);
    RUN(cert_ed25519_v1);
    RUN(cert_name_constraints_unknown_critical);
    RUN(cert_truncated_and_extended);
    RUN(cert_handmade_fields);
    RUN(cert_handmade_rejected);
    RUN(cert_sig_alg_mapping);
    RUN(cert_extensions);
    RUN(cert_extensions_each);
    RUN(cert_extensions_structure);
    RUN(private_key_ec);
    RUN(private_key_rsa);
    RUN(private_key_from_handle);
    RUN(verify_certificate_signatures);
    RUN(sign_verify_roundtrip_ec);
    RUN(sign_verify_roundtrip_rsa);
    RUN(verify_through_hook);
    RUN(pem_keys_and_bundle);
    RUN(pem_rules);
    RUN(wycheproof_ecdh_secp256r1);
    return test_done();
}
