#!/usr/bin/env bash
# tests/tools/tshark.sh - our records read by an independent dissector:
# Wireshark's (Debian's tshark) decodes captures of the library's sessions
# (tests/tools/pcap_session.c, in memory, written as pcap) and decrypts them
# with the session's NSS key log (cfg.keylog): the RFC 9146 tls12_cid format
# (the CID in the header, the real type inside, the AEAD additional data:
# a wrong byte of it and the dissector cannot decrypt) and the key log line.
#
#   bash tests/tools/tshark.sh [BUILD_DIR]
#
# One "ok"/"FAIL"/"skip" line per check, then "RESULT passed failed skipped".
set -u
cd "$(dirname "$0")/../.."
B=${1:-${BUILD_DIR:-build/tshark}}
mkdir -p "$B"
NP=0 NF=0 NS=0
ok() { NP=$((NP + 1)); echo "ok   $1"; }
bad() { NF=$((NF + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/    /' "$2" | head -n 20; }
if ! command -v tshark >/dev/null 2>&1; then
    echo "skip tshark: install tshark (Debian: tshark)"
    echo "RESULT 0 0 1"
    exit 0
fi
if ! ${CC:-gcc} -std=c99 -Wall -Wextra -Werror -O1 -DDTLS_ENABLE_KEYLOG=1 -I. -o "$B/pcap_session" \
    tests/tools/pcap_session.c 2>"$B/build.log"; then
    bad "tshark: pcap_session builds" "$B/build.log"
    echo "RESULT $NP $NF $NS"
    exit 1
fi
TS=(tshark -o data.show_as_text:TRUE -d udp.port==4433,dtls -T fields -e udp.srcport -e dtls.record.content_type
    -e dtls.record.connection_id -e data.text)
for suite in psk-ccm8 psk-gcm; do
    for cid in 0 1; do
        n="$suite$([ $cid = 1 ] && echo ' with Connection ID')"
        if ! "$B/pcap_session" "$B/s.pcap" "$B/k.log" "$suite" "$cid" >"$B/session.out" 2>&1; then
            bad "tshark $n: the session completes" "$B/session.out"; continue
        fi
        grep -q '^CLIENT_RANDOM [0-9a-f]\{64\} [0-9a-f]\{96\}$' "$B/k.log" || bad "tshark $n: key log line" "$B/k.log"
        "${TS[@]}" -r "$B/s.pcap" -o "tls.keylog_file:$B/k.log" 2>/dev/null | grep 'hello' >"$B/got"
        if [ $cid = 1 ]; then
            c=$(sed -n 's/^client-cid //p' "$B/session.out"); s=$(sed -n 's/^server-cid //p' "$B/session.out")
            printf '40000\t23\t%s\thello 1\n4433\t23\t%s\thello 1\n40000\t23\t%s\thello 2\n4433\t23\t%s\thello 2\n40001\t23\t%s\thello 3\n4433\t23\t%s\thello 3\n' \
                "$s" "$c" "$s" "$c" "$s" "$c" >"$B/want"
        else
            printf '40000\t23\t\thello 1\n4433\t23\t\thello 1\n40000\t23\t\thello 2\n4433\t23\t\thello 2\n40000\t23\t\thello 3\n4433\t23\t\thello 3\n' >"$B/want"
        fi
        if cmp -s "$B/got" "$B/want"; then
            ok "tshark $n: decrypted with the key log, every record's type$([ $cid = 1 ] && echo ', CID (the receiver'"'"'s, tls12_cid) and the moved client port') as sent"
        else diff "$B/want" "$B/got" >"$B/diff"; bad "tshark $n: what the dissector reads" "$B/diff"; fi
        if [ $cid = 1 ]; then
            # negative control: one CID byte of the client's first data record changed in the capture
            python3 - "$B/s.pcap" "$B/bad.pcap" "$s" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
cid = bytes.fromhex(sys.argv[3])
pos, n = 24, 0
while pos < len(data):
    ln = int.from_bytes(data[pos + 8:pos + 12], "little")
    rec = pos + 16 + 28
    if data[rec] == 25 and data[rec + 11:rec + 11 + len(cid)] == cid and data[rec + 3:rec + 5] == b"\x00\x01":
        n += 1
        if n == 1:  # the client's first protected record that leads its datagram: its first data record
            data[rec + 11] ^= 1
            break
    pos += 16 + ln
open(sys.argv[2], "wb").write(data)
PY
            "${TS[@]}" -r "$B/bad.pcap" -o "tls.keylog_file:$B/k.log" 2>/dev/null | grep -c 'hello 1' >"$B/n1"
            if [ "$(cat "$B/n1")" = 1 ]; then ok "tshark $n: a record whose CID byte was changed is not decrypted (the CID is in the additional data)"
            else bad "tshark $n: a changed CID byte still decrypts ($(cat "$B/n1") x hello 1)"; fi
        fi
    done
done
echo "RESULT $NP $NF $NS"
[ "$NF" = 0 ]
