#!/usr/bin/env bash
# bench/scale.sh - the server scale benchmark (issue 13): ONE dtls-server
# (PSK, TLS_PSK_WITH_AES_128_CCM_8, --echo) on 127.0.0.1 and the load
# generator bench/scale.c, which establishes and holds N connections from as
# many distinct (127.16.x.y, port) peers over the loopback socket path and
# measures handshakes per second, echo round trips per second, the server's
# VmRSS per connection and its CPU time per echoed datagram at 10, 1,000 and
# N connections (bench/scale.c says how).
#
#   bash bench/scale.sh                       100,000 connections (make bench-scale)
#   bash bench/scale.sh --connections 2000    the CI size (under 30 s)
#
# Other options go to the generator (build/bench/scale --help).  Environment:
# BUILD (default build), SCALE_INFLIGHT (handshakes in flight, default 128;
# the server gets as many handshake slots), SCALE_SLOTS (the server's --slots,
# default: the connection count), SCALE_MAX_SECONDS (default 900),
# SCALE_NO_BUILD=1 (use the binaries as they are).  Prints the generator's
# table, its "BENCH name dtls.h value unit" lines (also written to
# $BUILD/bench/results-scale.txt for tools/bench_table.py), its "ok"/"FAIL"
# lines and a RESULT line; the exit status is the generator's.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
N=100000
args=()
while [ $# -gt 0 ]; do
    case $1 in
    --connections) N=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
    esac
done
W=${SCALE_INFLIGHT:-128}
SLOTS=${SCALE_SLOTS:-$N}
MAXS=${SCALE_MAX_SECONDS:-900}
PSK_ID=scale
PSK=000102030405060708090a0b0c0d0e0f
T0=$(date +%s)

if [ "${SCALE_NO_BUILD:-0}" != 1 ]; then
    make -s --no-print-directory BUILD="$BUILD" "$BUILD/dtls-server" "$BUILD/bench/scale" || exit 1
fi
mkdir -p "$BUILD/bench"
LOG="$BUILD/bench/scale-server.log"
SRV=
trap '[ -n "$SRV" ] && kill -KILL $SRV 2>/dev/null; wait 2>/dev/null' EXIT

# start_server SLOTS: dtls-server on a free port of 127.0.0.1 ($P, $SRV)
start_server() {
    local _
    for _ in $(seq 20); do
        P=$((30000 + RANDOM % 2700)) # below the usual ephemeral range (32768-60999)
        nice "$BUILD/dtls-server" -q --bind 127.0.0.1 --echo --psk-identity $PSK_ID --psk $PSK \
            --suites TLS_PSK_WITH_AES_128_CCM_8 --slots "$1" --handshakes "$W" --timeout-ms 0 "$P" \
            >/dev/null 2>"$LOG" &
        SRV=$!
        sleep 0.3
        kill -0 $SRV 2>/dev/null && return 0
        wait $SRV 2>/dev/null
        grep -q "port in use" "$LOG" || { cat "$LOG" >&2; return 1; }
    done
    echo "no free port found" >&2
    return 1
}

stop_server() {
    local _
    kill -TERM $SRV 2>/dev/null # it sends close_notify to every peer, then exits
    for _ in $(seq 100); do
        kill -0 $SRV 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL $SRV 2>/dev/null
    wait $SRV 2>/dev/null
    SRV=
}

# the process alone (--slots 1, the same handshake pool): the base of RSS per connection
start_server 1 || { echo "FAIL scale: dtls-server did not start"; echo "RESULT 0 1 0"; exit 1; }
BASE_KB=$(awk '/^VmRSS:/ {print $2}' /proc/$SRV/status)
stop_server

start_server "$SLOTS" || { echo "FAIL scale: dtls-server did not start"; echo "RESULT 0 1 0"; exit 1; }
echo "# server: dtls-server --bind 127.0.0.1 --echo --suites TLS_PSK_WITH_AES_128_CCM_8 --slots $SLOTS" \
    "--handshakes $W --timeout-ms 0 $P (pid $SRV); generator: $BUILD/bench/scale --connections $N --inflight $W ${args[*]:-}"
OUT="$BUILD/bench/scale-out.txt"
timeout -k 5 $((MAXS + 60)) nice "$BUILD/bench/scale" --port "$P" --server-pid "$SRV" --connections "$N" \
    --inflight "$W" --base-rss-kb "${BASE_KB:-0}" --max-seconds "$MAXS" ${args[@]+"${args[@]}"} >"$OUT"
rc=$?
stop_server
cat "$OUT"
grep '^BENCH ' "$OUT" >"$BUILD/bench/results-scale.txt"
grep -q '^RESULT ' "$OUT" || { echo "FAIL scale: the generator ended without a result (exit $rc)"; echo "RESULT 0 1 0"; }
echo "# bench/scale.sh: $(( $(date +%s) - T0 )) s in all (server log: $LOG)"
exit $rc
