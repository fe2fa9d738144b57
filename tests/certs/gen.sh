#!/usr/bin/env bash
# tests/certs/gen.sh DIR - generates the X.509 test corpus with the openssl CLI
# (Debian's OpenSSL 3.0; nothing else but bash and coreutils).
#
# Every certificate is issued by `openssl ca` with explicit -startdate/-enddate,
# so validity windows are fixed absolute dates, independent of the day the
# corpus is made:
#   normal            2024-01-01 .. 2049-12-31 (UTCTime)
#   expired           2020-01-01 .. 2021-01-01
#   not yet valid     2030-01-01 .. 2035-01-01
#   GeneralizedTime   2024-01-01 .. 2051-01-01 (RFC 5280 4.1.2.5: from 2050)
# and the cases are checked at NOW = 2025-06-01T00:00:00Z.  Keys are fresh on
# every run; file names are fixed.
#
# Output (all in DIR):
#   NAME.pem / NAME.der   certificates (DER is what the tests read)
#   NAME.key              private keys (PKCS#8 PEM), for later handshake tests
#   cases.txt             the manifest, one case per line (see its header)
#
# Exit status 0 when the whole corpus was made; any openssl failure stops it.
set -euo pipefail

if [ $# -ne 1 ]; then echo "usage: $0 DIR" >&2; exit 2; fi
DIR=$1
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/dtls-certs.XXXXXX")
trap 'rm -rf "$W"' EXIT

NOW=1748736000                       # 2025-06-01T00:00:00Z
NOW_2052=2600812800                  # 2052-06-01T00:00:00Z
V_START=20240101000000Z V_END=20491231235959Z
X_START=20200101000000Z X_END=20210101000000Z
F_START=20300101000000Z F_END=20350101000000Z
G_END=20510101000000Z

cat >"$W/ca.cnf" <<'EOF'
[ca]
default_ca = c
[c]
dir = $ENV::CADIR
database = $dir/index.txt
new_certs_dir = $dir
serial = $dir/serial
policy = pol
email_in_dn = no
unique_subject = no
copy_extensions = none
default_md = sha256
[pol]
commonName = optional
organizationName = optional
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
EOF

SERIAL=4096

# key NAME TYPE  (p256 p384 rsa1024 rsa2048 rsa4096 ed25519)
key() {
    local f="$DIR/$1.key"
    case $2 in
    p256) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out "$f" ;;
    p384) openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out "$f" ;;
    rsa*) openssl genpkey -quiet -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" -out "$f" ;;
    ed25519) openssl genpkey -quiet -algorithm ED25519 -out "$f" ;;
    *) echo "gen.sh: unknown key type $2" >&2; exit 1 ;;
    esac
}

# cert NAME KEY ISSUER SUBJECT START END MD EXTENSIONS [openssl ca options...]
#   ISSUER "self": self-signed with KEY; otherwise the cert/key named ISSUER.
#   EXTENSIONS: the lines of the extension section (newline separated);
#   extra sections may follow after a "[name]" line; "none": a v1 certificate.
cert() {
    local name=$1 k=$2 iss=$3 subj=$4 start=$5 end=$6 md=$7 ext=$8 d
    shift 8
    d=$(mktemp -d "$W/ca.XXXXXX")
    : >"$d/index.txt"
    echo "unique_subject = no" >"$d/index.txt.attr"
    SERIAL=$((SERIAL + 1))
    printf '%X\n' "$SERIAL" >"$d/serial"
    printf '[x]\n%s\n' "$ext" >"$d/ext.cnf"
    local extargs=(-extfile "$d/ext.cnf" -extensions x)
    [ "$ext" = none ] && extargs=() # no extensions: openssl ca writes a v1 certificate
    CADIR=$d openssl req -new -config "$W/ca.cnf" -key "$DIR/$k.key" -subj "$subj" -out "$d/req.csr"
    local signer=(-cert "$DIR/$iss.pem" -keyfile "$DIR/$iss.key")
    [ "$iss" = self ] && signer=(-selfsign -keyfile "$DIR/$k.key")
    CADIR=$d openssl ca -batch -config "$W/ca.cnf" "${signer[@]}" -in "$d/req.csr" -subj "$subj" \
        -preserveDN -notext -startdate "$start" -enddate "$end" -md "$md" \
        "${extargs[@]}" -out "$DIR/$name.pem" "$@" 2>"$d/log" ||
        { cat "$d/log" >&2; exit 1; }
    openssl x509 -in "$DIR/$name.pem" -outform DER -out "$DIR/$name.der"
}

PSS256=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256)
PSS384=(-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -sigopt rsa_mgf1_md:sha384)

CA_EXT='basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash'
SUB_EXT="$CA_EXT
authorityKeyIdentifier = keyid"
LEAF_AKID=1 # 0 under a v1 issuer (it has no subjectKeyIdentifier)
# leaf extensions: leaf_ext SAN [EKU] [KU]
leaf_ext() {
    local san=$1 eku=${2:-serverAuth} ku=${3:-digitalSignature}
    echo "basicConstraints = critical, CA:FALSE"
    [ "$ku" != none ] && echo "keyUsage = critical, $ku"
    [ "$eku" != none ] && echo "extendedKeyUsage = $eku"
    [ "$san" != none ] && echo "subjectAltName = $san"
    [ "$LEAF_AKID" = 1 ] && echo "authorityKeyIdentifier = keyid"
    return 0
}

# leaf NAME KEYTYPE ISSUER SAN [EKU] [KU] [START END] [MD] [SUBJECT] [sigopts...]
leaf() {
    local name=$1 kt=$2 iss=$3 san=$4 eku=${5:-serverAuth} ku=${6:-digitalSignature}
    local start=${7:-$V_START} end=${8:-$V_END} md=${9:-sha256} subj=${10:-/O=dtls.h test/CN=$1}
    shift 10 2>/dev/null || shift $#
    [ -f "$DIR/$name.key" ] || key "$name" "$kt"
    cert "$name" "$name" "$iss" "$subj" "$start" "$end" "$md" "$(leaf_ext "$san" "$eku" "$ku")" "$@"
}

# ---- the manifest ----
M="$DIR/cases.txt"
cat >"$M" <<EOF
# dtls.h X.509 corpus, made by tests/certs/gen.sh.  One case per line, fields:
#   name expect alert purpose host now max_depth cn_fallback anchors chain
# expect: OK or a DTLS_ERR_* name (crypto/error.h); alert: the alert number
#   dtls_x509_alert gives for it (0 for OK); purpose: server or client;
#   host: the expected name or - (no name check); now: seconds since 1970
#   (UTC) or - (check_time 0); max_depth: 0 = DTLS_MAX_CHAIN; anchors and
#   chain: comma-separated DER files in this directory (chain: leaf first).
EOF
# tc NAME EXPECT PURPOSE HOST NOW MAXDEPTH CNFB ANCHORS CHAIN
tc() {
    local alert
    case $2 in
    OK) alert=0 ;;
    DTLS_ERR_CERT_PARSE | DTLS_ERR_CERT_SIGNATURE | DTLS_ERR_CERT_ISSUER | DTLS_ERR_CERT_CRITICAL | \
        DTLS_ERR_CERT_CONSTRAINTS | DTLS_ERR_CERT_TOO_BIG) alert=42 ;;
    DTLS_ERR_CERT_UNSUPPORTED) alert=43 ;;
    DTLS_ERR_CERT_EXPIRED) alert=45 ;;
    DTLS_ERR_CERT_NAME | DTLS_ERR_CERT_NO_TIME) alert=46 ;;
    DTLS_ERR_CERT_UNKNOWN_CA) alert=48 ;;
    *) echo "gen.sh: unknown expectation $2" >&2; exit 1 ;;
    esac
    local f
    for f in ${8//,/ } ${9//,/ }; do
        [ -f "$DIR/$f" ] || { echo "gen.sh: case $1 names missing file $f" >&2; exit 1; }
    done
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$1" "$2" "$alert" "$3" "$4" "$5" "$6" "$7" "$8" "$9" >>"$M"
}
# ok NAME ANCHOR CHAIN [HOST] [PURPOSE] : a valid case at NOW
ok() { tc "$1" OK "${5:-server}" "${4:-server.example.com}" "$NOW" 0 0 "$2" "$3"; }
# bad NAME EXPECT ANCHOR CHAIN [HOST] [PURPOSE]
bad() { tc "$1" "$2" "${6:-server}" "${5:-server.example.com}" "$NOW" 0 0 "$3" "$4"; }

# ---- roots and intermediates ----
key root_ec p256
cert root_ec root_ec self "/O=dtls.h test/CN=Root EC P-256" "$V_START" "$V_END" sha256 "$CA_EXT"
key root_rsa rsa2048
cert root_rsa root_rsa self "/O=dtls.h test/CN=Root RSA 2048" "$V_START" "$V_END" sha256 "$CA_EXT"
key root_other p256
cert root_other root_other self "/O=dtls.h test/CN=Another root" "$V_START" "$V_END" sha256 "$CA_EXT"

key int_ec p256
cert int_ec int_ec root_ec "/O=dtls.h test/CN=Intermediate EC P-256" "$V_START" "$V_END" sha256 "$SUB_EXT"
key int_p384 p384
cert int_p384 int_p384 root_ec "/O=dtls.h test/CN=Intermediate EC P-384" "$V_START" "$V_END" sha256 "$SUB_EXT"
key int_rsa2048 rsa2048
cert int_rsa2048 int_rsa2048 root_rsa "/O=dtls.h test/CN=Intermediate RSA 2048" "$V_START" "$V_END" sha256 "$SUB_EXT"
key int_rsa4096 rsa4096
cert int_rsa4096 int_rsa4096 root_rsa "/O=dtls.h test/CN=Intermediate RSA 4096" "$V_START" "$V_END" sha256 "$SUB_EXT"
# the P-256 intermediate certified by the RSA root with a PSS signature
key int_ec_pss p256
cert int_ec_pss int_ec_pss root_rsa "/O=dtls.h test/CN=Intermediate EC under RSA-PSS" "$V_START" "$V_END" sha256 "$SUB_EXT" "${PSS256[@]}"

SAN_SERVER="DNS:server.example.com"

# ---- valid chains: P-256 leaves under every kind of intermediate ----
leaf leaf_ec p256 int_ec "$SAN_SERVER"
ok valid_ec_p256 root_ec.der leaf_ec.der,int_ec.der
leaf leaf_p384ca p256 int_p384 "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha384
ok valid_ec_under_p384 root_ec.der leaf_p384ca.der,int_p384.der
leaf leaf_rsa2048_pkcs1 p256 int_rsa2048 "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha256
ok valid_ec_under_rsa2048_pkcs1 root_rsa.der leaf_rsa2048_pkcs1.der,int_rsa2048.der
leaf leaf_rsa4096_pkcs1 p256 int_rsa4096 "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha384
ok valid_ec_under_rsa4096_pkcs1_sha384 root_rsa.der leaf_rsa4096_pkcs1.der,int_rsa4096.der
leaf leaf_rsa2048_pss p256 int_rsa2048 "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha256 "" "${PSS256[@]}"
ok valid_ec_under_rsa2048_pss root_rsa.der leaf_rsa2048_pss.der,int_rsa2048.der
leaf leaf_rsa4096_pss p256 int_rsa4096 "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha384 "" "${PSS384[@]}"
ok valid_ec_under_rsa4096_pss_sha384 root_rsa.der leaf_rsa4096_pss.der,int_rsa4096.der
leaf leaf_ec_pssca p256 int_ec_pss "$SAN_SERVER"
ok valid_ec_under_ec_under_rsa_pss root_rsa.der leaf_ec_pssca.der,int_ec_pss.der
# RSA chain with an RSA leaf (keyEncipherment as well, as RSA servers have)
leaf leaf_rsa rsa2048 int_rsa2048 "$SAN_SERVER" serverAuth "digitalSignature, keyEncipherment"
ok valid_rsa_leaf root_rsa.der leaf_rsa.der,int_rsa2048.der
# leaf directly under the anchor; intermediates in another order; extras
leaf leaf_direct p256 root_ec "$SAN_SERVER"
ok valid_leaf_under_anchor root_ec.der leaf_direct.der
ok valid_extra_certs root_ec.der leaf_ec.der,root_other.der,int_rsa2048.der,int_ec.der
ok valid_root_in_chain root_ec.der leaf_ec.der,int_ec.der,root_ec.der
ok valid_several_anchors root_other.der,root_rsa.der,root_ec.der leaf_ec.der,int_ec.der
tc valid_no_name_check OK server - "$NOW" 0 0 root_ec.der leaf_ec.der,int_ec.der

# names
ok name_case_insensitive root_ec.der leaf_ec.der,int_ec.der "SERVER.Example.COM"
ok name_trailing_dot root_ec.der leaf_ec.der,int_ec.der "server.example.com."
bad name_mismatch DTLS_ERR_CERT_NAME root_ec.der leaf_ec.der,int_ec.der "other.example.com"
bad name_parent_domain DTLS_ERR_CERT_NAME root_ec.der leaf_ec.der,int_ec.der "example.com"
leaf leaf_wild p256 int_ec "DNS:*.example.com"
ok wildcard_match root_ec.der leaf_wild.der,int_ec.der "a.example.com"
bad wildcard_not_bare_domain DTLS_ERR_CERT_NAME root_ec.der leaf_wild.der,int_ec.der "example.com"
bad wildcard_one_label_only DTLS_ERR_CERT_NAME root_ec.der leaf_wild.der,int_ec.der "a.b.example.com"
leaf leaf_wild_partial p256 int_ec "DNS:f*.example.com"
bad wildcard_partial_label DTLS_ERR_CERT_NAME root_ec.der leaf_wild_partial.der,int_ec.der "foo.example.com"
leaf leaf_ipv4 p256 int_ec "IP:192.0.2.1"
ok ipv4_match root_ec.der leaf_ipv4.der,int_ec.der "192.0.2.1"
bad ipv4_mismatch DTLS_ERR_CERT_NAME root_ec.der leaf_ipv4.der,int_ec.der "192.0.2.2"
bad ipv4_not_a_dns_name DTLS_ERR_CERT_NAME root_ec.der leaf_ec.der,int_ec.der "192.0.2.1"
leaf leaf_ipv6 p256 int_ec "IP:2001:db8::1, DNS:v6.example.com"
ok ipv6_match root_ec.der leaf_ipv6.der,int_ec.der "2001:db8:0:0::1"
bad ipv6_mismatch DTLS_ERR_CERT_NAME root_ec.der leaf_ipv6.der,int_ec.der "2001:db8::2"
leaf leaf_cn p256 int_ec none serverAuth digitalSignature "$V_START" "$V_END" sha256 "/O=dtls.h test/CN=cn.example.com"
bad cn_only_default DTLS_ERR_CERT_NAME root_ec.der leaf_cn.der,int_ec.der "cn.example.com"
tc cn_only_fallback OK server cn.example.com "$NOW" 0 1 root_ec.der leaf_cn.der,int_ec.der
leaf leaf_cn_san p256 int_ec "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$V_END" sha256 "/O=dtls.h test/CN=cn.example.com"
tc cn_ignored_with_san DTLS_ERR_CERT_NAME server cn.example.com "$NOW" 0 1 root_ec.der leaf_cn_san.der,int_ec.der

# purpose (extendedKeyUsage, keyUsage)
leaf leaf_client p256 int_ec none clientAuth
tc valid_client OK client - "$NOW" 0 0 root_ec.der leaf_client.der,int_ec.der
bad eku_client_only_for_server DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_client.der,int_ec.der "server.example.com"
tc eku_server_only_for_client DTLS_ERR_CERT_UNSUPPORTED client - "$NOW" 0 0 root_ec.der leaf_ec.der,int_ec.der
leaf leaf_both p256 int_ec "$SAN_SERVER" "serverAuth, clientAuth"
ok eku_both_server root_ec.der leaf_both.der,int_ec.der
tc eku_both_client OK client - "$NOW" 0 0 root_ec.der leaf_both.der,int_ec.der
leaf leaf_anyeku p256 int_ec "$SAN_SERVER" anyExtendedKeyUsage
ok eku_any root_ec.der leaf_anyeku.der,int_ec.der
leaf leaf_noext p256 int_ec "$SAN_SERVER" none none
ok no_eku_no_ku root_ec.der leaf_noext.der,int_ec.der
tc no_eku_no_ku_client OK client - "$NOW" 0 0 root_ec.der leaf_noext.der,int_ec.der
leaf leaf_ku_nods p256 int_ec "$SAN_SERVER" serverAuth keyAgreement
bad ku_without_digital_signature DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_ku_nods.der,int_ec.der

# keys
leaf leaf_p384 p384 int_ec "$SAN_SERVER"
bad leaf_p384_key DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_p384.der,int_ec.der
leaf leaf_ed25519 ed25519 int_ec "$SAN_SERVER"
bad leaf_ed25519_key DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_ed25519.der,int_ec.der
leaf leaf_rsa1024 rsa1024 int_ec "$SAN_SERVER"
bad leaf_rsa1024_key DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_rsa1024.der,int_ec.der

# validity
leaf leaf_expired p256 int_ec "$SAN_SERVER" serverAuth digitalSignature "$X_START" "$X_END"
bad leaf_expired DTLS_ERR_CERT_EXPIRED root_ec.der leaf_expired.der,int_ec.der
tc leaf_expired_no_clock OK server server.example.com - 0 0 root_ec.der leaf_expired.der,int_ec.der
leaf leaf_notyet p256 int_ec "$SAN_SERVER" serverAuth digitalSignature "$F_START" "$F_END"
bad leaf_not_yet_valid DTLS_ERR_CERT_EXPIRED root_ec.der leaf_notyet.der,int_ec.der
key int_expired p256
cert int_expired int_expired root_ec "/O=dtls.h test/CN=Intermediate expired" "$X_START" "$X_END" sha256 "$SUB_EXT"
leaf leaf_under_expired p256 int_expired "$SAN_SERVER"
bad intermediate_expired DTLS_ERR_CERT_EXPIRED root_ec.der leaf_under_expired.der,int_expired.der
leaf leaf_gentime p256 int_ec "$SAN_SERVER" serverAuth digitalSignature "$V_START" "$G_END"
ok generalized_time_valid root_ec.der leaf_gentime.der,int_ec.der
tc generalized_time_expired DTLS_ERR_CERT_EXPIRED server server.example.com "$NOW_2052" 0 0 root_ec.der leaf_gentime.der,int_ec.der

# path building
bad unknown_ca DTLS_ERR_CERT_UNKNOWN_CA root_rsa.der leaf_ec.der,int_ec.der
bad missing_intermediate DTLS_ERR_CERT_UNKNOWN_CA root_ec.der leaf_ec.der
bad wrong_intermediate DTLS_ERR_CERT_UNKNOWN_CA root_ec.der leaf_ec.der,int_p384.der
# a decoy with the intermediate's exact subject but another key: tried, fails, the real one is found
key int_decoy p256
cert int_decoy int_decoy root_ec "/O=dtls.h test/CN=Intermediate EC P-256" "$V_START" "$V_END" sha256 "$SUB_EXT"
ok issuer_alternatives root_ec.der leaf_ec.der,int_decoy.der,int_ec.der
bad issuer_decoy_only DTLS_ERR_CERT_SIGNATURE root_ec.der leaf_ec.der,int_decoy.der

# signatures (the last byte of the certificate is the last byte of the signature)
flip_last() {
    local f=$1 size b
    size=$(stat -c %s "$f")
    b=$(tail -c 1 "$f" | od -An -tu1 | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 1)))" | dd of="$f" bs=1 seek=$((size - 1)) conv=notrunc status=none
}
cp "$DIR/leaf_ec.der" "$DIR/leaf_badsig.der"; flip_last "$DIR/leaf_badsig.der"
bad bad_signature_leaf DTLS_ERR_CERT_SIGNATURE root_ec.der leaf_badsig.der,int_ec.der
cp "$DIR/int_ec.der" "$DIR/int_badsig.der"; flip_last "$DIR/int_badsig.der"
bad bad_signature_intermediate DTLS_ERR_CERT_SIGNATURE root_ec.der leaf_ec.der,int_badsig.der
cp "$DIR/leaf_rsa2048_pss.der" "$DIR/leaf_badsig_pss.der"; flip_last "$DIR/leaf_badsig_pss.der"
bad bad_signature_rsa_pss DTLS_ERR_CERT_SIGNATURE root_rsa.der leaf_badsig_pss.der,int_rsa2048.der
cp "$DIR/leaf_rsa4096_pkcs1.der" "$DIR/leaf_badsig_pkcs1.der"; flip_last "$DIR/leaf_badsig_pkcs1.der"
bad bad_signature_rsa_pkcs1 DTLS_ERR_CERT_SIGNATURE root_rsa.der leaf_badsig_pkcs1.der,int_rsa4096.der

# issuers
# ca_issuer NAME EXTENSIONS: an intermediate under root_ec with a leaf NAME_leaf under it
ca_issuer() {
    key "$1" p256
    cert "$1" "$1" root_ec "/O=dtls.h test/CN=$1" "$V_START" "$V_END" sha256 "$2"
    leaf "$1_leaf" p256 "$1" "${3:-$SAN_SERVER}"
}
ca_issuer int_cafalse 'basicConstraints = critical, CA:FALSE
keyUsage = critical, keyCertSign, cRLSign'
bad issuer_ca_false DTLS_ERR_CERT_ISSUER root_ec.der int_cafalse_leaf.der,int_cafalse.der
ca_issuer int_nobc 'keyUsage = critical, keyCertSign, cRLSign'
bad issuer_no_basic_constraints DTLS_ERR_CERT_ISSUER root_ec.der int_nobc_leaf.der,int_nobc.der
ca_issuer int_noks 'basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, cRLSign'
bad issuer_ku_without_keycertsign DTLS_ERR_CERT_ISSUER root_ec.der int_noks_leaf.der,int_noks.der
ca_issuer int_noku 'basicConstraints = critical, CA:TRUE'
ok issuer_without_key_usage root_ec.der int_noku_leaf.der,int_noku.der
LEAF_AKID=0
ca_issuer int_v1 none
bad issuer_v1 DTLS_ERR_CERT_ISSUER root_ec.der int_v1_leaf.der,int_v1.der
# the anchor's own constraints count too
key root_v1 p256
cert root_v1 root_v1 self "/O=dtls.h test/CN=Root v1" "$V_START" "$V_END" sha256 none
leaf leaf_root_v1 p256 root_v1 "$SAN_SERVER"
LEAF_AKID=1
bad anchor_v1 DTLS_ERR_CERT_ISSUER root_v1.der leaf_root_v1.der
key root_expired p256
cert root_expired root_expired self "/O=dtls.h test/CN=Root expired" "$X_START" "$X_END" sha256 "$CA_EXT"
leaf leaf_root_expired p256 root_expired "$SAN_SERVER"
bad anchor_expired DTLS_ERR_CERT_EXPIRED root_expired.der leaf_root_expired.der
# pathLen: root_ec -> int_pl0 (pathlen 0) -> int_pl0_sub -> leaf fails; pathlen 1 passes
for pl in 0 1; do
    key "int_pl$pl" p256
    cert "int_pl$pl" "int_pl$pl" root_ec "/O=dtls.h test/CN=int_pl$pl" "$V_START" "$V_END" sha256 \
        "basicConstraints = critical, CA:TRUE, pathlen:$pl
keyUsage = critical, keyCertSign, cRLSign"
    key "int_pl${pl}_sub" p256
    cert "int_pl${pl}_sub" "int_pl${pl}_sub" "int_pl$pl" "/O=dtls.h test/CN=int_pl${pl}_sub" "$V_START" "$V_END" sha256 "$SUB_EXT"
    leaf "leaf_pl$pl" p256 "int_pl${pl}_sub" "$SAN_SERVER"
done
bad pathlen_exceeded DTLS_ERR_CERT_ISSUER root_ec.der leaf_pl0.der,int_pl0_sub.der,int_pl0.der
ok pathlen_ok root_ec.der leaf_pl1.der,int_pl1_sub.der,int_pl1.der
ok intermediates_out_of_order root_ec.der leaf_pl1.der,int_pl1.der,int_pl1_sub.der
tc max_depth_exceeded DTLS_ERR_CERT_TOO_BIG server server.example.com "$NOW" 2 0 root_ec.der leaf_pl1.der,int_pl1_sub.der,int_pl1.der
tc max_depth_enough OK server server.example.com "$NOW" 3 0 root_ec.der leaf_pl1.der,int_pl1_sub.der,int_pl1.der

# a chain of 5 certificates (over DTLS_MAX_CHAIN = 4): root_ec -> long1 .. long4 -> leaf_long
prev=root_ec
for i in 1 2 3 4; do
    key "long$i" p256
    cert "long$i" "long$i" "$prev" "/O=dtls.h test/CN=long$i" "$V_START" "$V_END" sha256 "$SUB_EXT"
    prev=long$i
done
leaf leaf_long p256 long4 "$SAN_SERVER"
bad chain_too_long DTLS_ERR_CERT_TOO_BIG root_ec.der leaf_long.der,long4.der,long3.der,long2.der,long1.der
ok chain_four_certs long1.der leaf_long.der,long4.der,long3.der,long2.der
tc chain_four_certs_max_depth_3 DTLS_ERR_CERT_TOO_BIG server server.example.com "$NOW" 3 0 long1.der leaf_long.der,long4.der,long3.der,long2.der
ok chain_anchor_is_intermediate long2.der leaf_long.der,long4.der,long3.der

# critical extensions
key leaf_crit p256
cert leaf_crit leaf_crit int_ec "/O=dtls.h test/CN=leaf_crit" "$V_START" "$V_END" sha256 \
    "$(leaf_ext "$SAN_SERVER")
1.3.6.1.4.1.55555.1 = critical, ASN1:UTF8String:must understand"
bad unknown_critical_leaf DTLS_ERR_CERT_CRITICAL root_ec.der leaf_crit.der,int_ec.der
cert leaf_noncrit leaf_crit int_ec "/O=dtls.h test/CN=leaf_noncrit" "$V_START" "$V_END" sha256 \
    "$(leaf_ext "$SAN_SERVER")
1.3.6.1.4.1.55555.1 = ASN1:UTF8String:may ignore"
ok unknown_noncritical_leaf root_ec.der leaf_noncrit.der,int_ec.der
ca_issuer int_crit "$SUB_EXT
1.3.6.1.4.1.55555.1 = critical, ASN1:NULL"
bad unknown_critical_intermediate DTLS_ERR_CERT_CRITICAL root_ec.der int_crit_leaf.der,int_crit.der

# name constraints
NC_EXT="$SUB_EXT
nameConstraints = critical"
ca_issuer int_nc_dns "$NC_EXT, permitted;DNS:example.com" "DNS:server.example.com, DNS:example.com"
ok nc_dns_permitted root_ec.der int_nc_dns_leaf.der,int_nc_dns.der
leaf leaf_nc_dns_bad p256 int_nc_dns "DNS:server.example.com, DNS:server.example.org"
bad nc_dns_not_permitted DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dns_bad.der,int_nc_dns.der
leaf leaf_nc_dns_suffix p256 int_nc_dns "DNS:server.badexample.com"
bad nc_dns_label_boundary DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dns_suffix.der,int_nc_dns.der "server.badexample.com"
ca_issuer int_nc_dnsx "$NC_EXT, excluded;DNS:bad.example.com"
ok nc_dns_excluded_other root_ec.der int_nc_dnsx_leaf.der,int_nc_dnsx.der
leaf leaf_nc_dnsx_bad p256 int_nc_dnsx "DNS:host.bad.example.com"
bad nc_dns_excluded DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dnsx_bad.der,int_nc_dnsx.der "host.bad.example.com"
leaf leaf_nc_dnsx_wild p256 int_nc_dnsx "DNS:*.example.com"
bad nc_dns_excluded_by_wildcard DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dnsx_wild.der,int_nc_dnsx.der "a.example.com"
ca_issuer int_nc_dot "$NC_EXT, permitted;DNS:.example.com" "DNS:www.example.com"
ok nc_dns_dot_subdomain root_ec.der int_nc_dot_leaf.der,int_nc_dot.der "www.example.com"
leaf leaf_nc_dot_bad p256 int_nc_dot "DNS:example.com"
bad nc_dns_dot_not_the_domain DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dot_bad.der,int_nc_dot.der "example.com"
leaf leaf_nc_cn p256 int_nc_dns none serverAuth digitalSignature "$V_START" "$V_END" sha256 "/O=dtls.h test/CN=cn.example.org"
tc nc_dns_cn_fallback DTLS_ERR_CERT_CONSTRAINTS server cn.example.org "$NOW" 0 1 root_ec.der leaf_nc_cn.der,int_nc_dns.der
ca_issuer int_nc_ip "$NC_EXT, permitted;IP:192.0.2.0/255.255.255.0, permitted;IP:2001:db8::/ffff:ffff:0:0:0:0:0:0" "IP:192.0.2.7"
ok nc_ip_permitted root_ec.der int_nc_ip_leaf.der,int_nc_ip.der "192.0.2.7"
leaf leaf_nc_ip_bad p256 int_nc_ip "IP:198.51.100.1"
bad nc_ip_not_permitted DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_ip_bad.der,int_nc_ip.der "198.51.100.1"
leaf leaf_nc_ip6 p256 int_nc_ip "IP:2001:db8:1::5"
ok nc_ipv6_permitted root_ec.der leaf_nc_ip6.der,int_nc_ip.der "2001:db8:1::5"
leaf leaf_nc_ip6_bad p256 int_nc_ip "IP:2001:db9::5"
bad nc_ipv6_not_permitted DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_ip6_bad.der,int_nc_ip.der "2001:db9::5"
ca_issuer int_nc_ipx "$NC_EXT, excluded;IP:192.0.2.0/255.255.255.128" "IP:192.0.2.200"
ok nc_ip_excluded_other root_ec.der int_nc_ipx_leaf.der,int_nc_ipx.der "192.0.2.200"
leaf leaf_nc_ipx_bad p256 int_nc_ipx "IP:192.0.2.100"
bad nc_ip_excluded DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_ipx_bad.der,int_nc_ipx.der "192.0.2.100"
ca_issuer int_nc_email "$NC_EXT, permitted;email:example.com"
bad nc_email_form DTLS_ERR_CERT_CONSTRAINTS root_ec.der int_nc_email_leaf.der,int_nc_email.der
ca_issuer int_nc_dir "$NC_EXT, permitted;dirName:nc_dir
[nc_dir]
O = dtls.h test"
bad nc_dirname_form DTLS_ERR_CERT_CONSTRAINTS root_ec.der int_nc_dir_leaf.der,int_nc_dir.der
ca_issuer int_nc_uri "$NC_EXT, excluded;URI:.example.net"
bad nc_uri_form DTLS_ERR_CERT_CONSTRAINTS root_ec.der int_nc_uri_leaf.der,int_nc_uri.der

# malformed DER
src="$DIR/leaf_ec.der"
size=$(stat -c %s "$src")
head -c $((size - 10)) "$src" >"$DIR/leaf_truncated.der"
bad der_truncated DTLS_ERR_CERT_PARSE root_ec.der leaf_truncated.der,int_ec.der
{ cat "$src"; printf '\000\000'; } >"$DIR/leaf_trailing.der"
bad der_trailing_bytes DTLS_ERR_CERT_PARSE root_ec.der leaf_trailing.der,int_ec.der
# the outer SEQUENCE is 30 82 HH LL: claim one byte more than there is
len=$((size - 4))
{ printf '\060\202'; printf "\\$(printf '%03o' $(((len + 1) >> 8)))\\$(printf '%03o' $(((len + 1) & 255)))"; tail -c +5 "$src"; } >"$DIR/leaf_badlen.der"
bad der_bad_length DTLS_ERR_CERT_PARSE root_ec.der leaf_badlen.der,int_ec.der
# the same length in a non-minimal form (30 83 00 HH LL)
{ printf '\060\203\000'; printf "\\$(printf '%03o' $((len >> 8)))\\$(printf '%03o' $((len & 255)))"; tail -c +5 "$src"; } >"$DIR/leaf_longlen.der"
bad der_non_minimal_length DTLS_ERR_CERT_PARSE root_ec.der leaf_longlen.der,int_ec.der
bad der_bad_intermediate DTLS_ERR_CERT_PARSE root_ec.der leaf_ec.der,leaf_truncated.der

# which failure comes first (see dtls_x509_verify in proto/x509_path.c)
bad order_parse_before_unknown_ca DTLS_ERR_CERT_PARSE root_rsa.der leaf_ec.der,leaf_trailing.der
bad order_unknown_ca_before_expired DTLS_ERR_CERT_UNKNOWN_CA root_rsa.der leaf_expired.der,int_ec.der
bad order_signature_before_expired DTLS_ERR_CERT_SIGNATURE root_ec.der leaf_expired.der,int_decoy.der
leaf leaf_p384_expired p384 int_ec "$SAN_SERVER" serverAuth digitalSignature "$X_START" "$X_END"
bad order_expired_before_key DTLS_ERR_CERT_EXPIRED root_ec.der leaf_p384_expired.der,int_ec.der
bad order_key_before_name DTLS_ERR_CERT_UNSUPPORTED root_ec.der leaf_p384.der,int_ec.der "wrong.example.com"
bad order_constraints_before_name DTLS_ERR_CERT_CONSTRAINTS root_ec.der leaf_nc_dns_bad.der,int_nc_dns.der "wrong.example.com"

echo "gen.sh: $(grep -c -v '^#' "$M") cases in $M"
