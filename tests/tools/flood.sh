#!/usr/bin/env bash
# tests/tools/flood.sh - the server's denial-of-service budget (README:
# "Denial-of-service budgets"), on loopback: dtls-server (PSK, --echo) under
# a flood of FLOOD_HALF_OPEN cookie-verified handshakes that then go silent
# and FLOOD_SPOOFED ClientHellos from addresses that never answer, spread
# over FLOOD_SECONDS, while established peers exchange data and new
# legitimate clients connect (tests/tools/flood.c says what is measured).
#
#   bash tests/tools/flood.sh            (build/dtls-server and build/flood: make flood)
#   TOOLS_BIN=DIR bash tests/tools/flood.sh
#
# The server's handshake pool is sized by the rule the README states: a
# half-open handshake can be evicted once it is retransmit_initial_ms / 4
# (250 ms) old, so a pool of at least rate x 0.25 s (2,000/s -> 500; 600 here)
# always has a victim for a newcomer.
set -u
cd "$(dirname "$0")/../.."
BIN=${TOOLS_BIN:-build}
SECONDS_=${FLOOD_SECONDS:-5}
HALF=${FLOOD_HALF_OPEN:-10000}
SPOOF=${FLOOD_SPOOFED:-100000}
T=$(mktemp -d "${TMPDIR:-/tmp}/flood.XXXXXX")
trap 'kill $SRV 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 20); do
    P=$((20000 + RANDOM % 40000))
    "$BIN/dtls-server" --bind 127.0.0.1 --echo --psk-identity demo --psk 000102030405060708090a0b0c0d0e0f \
        --slots 100000 --handshakes 600 "$P" >/dev/null 2>"$T/srv.err" &
    SRV=$!
    sleep 0.3
    kill -0 $SRV 2>/dev/null && break
done
echo "server: dtls-server --slots 100000 --handshakes 600 (PSK, --echo) on 127.0.0.1:$P"
timeout 60 "$BIN/flood" "$P" "$SECONDS_" "$HALF" "$SPOOF"
rc=$?
kill -INT $SRV 2>/dev/null
wait $SRV 2>/dev/null
echo "server: $(grep -o "stats: .*" "$T/srv.err" | tail -n 1)"
exit $rc
