#!/usr/bin/env bash
# tests/tools/run_tools.sh - build/dtls-client and build/dtls-server driven as
# a user drives them: exit codes and the messages on stderr, on loopback
# (127.0.0.1, ::1) only, random high ports, every run bounded by `timeout`.
#
#   bash tests/tools/run_tools.sh            (the tools in build/: make tools)
#   TOOLS_BIN=DIR bash tests/tools/run_tools.sh
#
# One line "ok   NAME" or "FAIL NAME" per check (a failure is followed by what
# was seen), "skip NAME: why" for a check that cannot run here, and a last line
# "RESULT passed failed skipped" (read by tests/run.sh's `account`).
set -u
cd "$(dirname "$0")/../.."
. tests/tools/lib.sh run_tools head

KEY=000102030405060708090a0b0c0d0e0f
PSK=(--psk-identity dev1 --psk $KEY)
VERSION=$(sed -n 's/^#define DTLS_VERSION_STRING "\(.*\)"/\1/p' dtls.h | head -n 1)

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# start_server NAME PORT ARGS...: dtls-server in the background on loopback;
# SPID, its stderr in $T/NAME.srv.err, its stdout in $T/NAME.srv.out.  Waits
# for its "listening on" line (2 s at most).
start_server() {
    local name=$1 port=$2 i
    shift 2
    timeout -k 2 30 "$SRV" "$@" "$port" >"$T/$name.srv.out" 2>"$T/$name.srv.err" &
    SPID=$!
    PIDS+=("$SPID")
    for i in $(seq 40); do
        grep -q "listening on" "$T/$name.srv.err" 2>/dev/null && return 0
        kill -0 "$SPID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}
stop_server() { kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null; }

# run NAME SECONDS CMD...: runs CMD with stdin from /dev/null (unless STDIN is
# set to a file), stdout to $T/NAME.out, stderr to $T/NAME.err; RC, MS (wall time)
run() {
    local name=$1 secs=$2 t0
    shift 2
    t0=$(now_ms)
    timeout -k 2 "$secs" "$@" <"${STDIN:-/dev/null}" >"$T/$name.out" 2>"$T/$name.err"
    RC=$?
    MS=$(($(now_ms) - t0))
    OUT="$T/$name.out"
    ERR="$T/$name.err"
}
lines() { wc -l <"$1" | tr -d ' '; }

# ---- 8. --version, usage errors ----
for tool in client server; do
    exe=$CLI; [ $tool = server ] && exe=$SRV
    run "version_$tool" 5 "$exe" --version
    if [ $RC = 0 ] && [ -n "$VERSION" ] && grep -q -F "$VERSION" "$OUT"; then ok "version_$tool: --version prints $VERSION"
    else bad "version_$tool" "exit $RC, DTLS_VERSION_STRING '$VERSION' expected on stdout" "$OUT" "$ERR"; fi

    run "usage_$tool" 5 "$exe" --no-such-option
    if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q -- "see --help" "$ERR" && grep -q -- "--no-such-option" "$ERR"; then
        ok "usage_$tool: an unknown option is one line naming it, then 'see --help' (exit 2)"
    else bad "usage_$tool" "exit $RC, $(lines "$ERR") line(s) on stderr; one line with 'see --help' expected" "$ERR"; fi

    run "usage_missing_$tool" 5 "$exe" "${PSK[@]}"
    if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q -- "see --help" "$ERR"; then
        ok "usage_missing_$tool: missing arguments are one line, then 'see --help' (exit 2)"
    else bad "usage_missing_$tool" "exit $RC, $(lines "$ERR") line(s) on stderr; one line with 'see --help' expected" "$ERR"; fi
done

# ---- 2. ports outside 1-65535 ----
for p in 99999 0 -1 abc 65536; do
    run "port_range_server_$p" 3 "$SRV" "${PSK[@]}" --bind 127.0.0.1 -- "$p"
    if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q "1-65535" "$ERR" && grep -q -F -- "$p" "$ERR"; then
        ok "port_range_server_$p: refused with one line naming 1-65535"
    else bad "port_range_server_$p" "exit $RC (2 expected), one line naming the port and 1-65535" "$ERR"; fi
    run "port_range_client_$p" 3 "$CLI" "${PSK[@]}" -- 127.0.0.1 "$p"
    if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q "1-65535" "$ERR" && grep -q -F -- "$p" "$ERR"; then
        ok "port_range_client_$p: refused with one line naming 1-65535"
    else bad "port_range_client_$p" "exit $RC (2 expected), one line naming the port and 1-65535" "$ERR"; fi
done
# a negative port without "--" (getopt would take it for an option)
run "port_range_client_neg" 3 "$CLI" "${PSK[@]}" 127.0.0.1 -5
if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q "1-65535" "$ERR" && grep -q -F -- "-5" "$ERR"; then
    ok "port_range_client_neg: 'HOST -5' refused as a port, one line"
else bad "port_range_client_neg" "exit $RC (2 expected), one line naming -5 and 1-65535" "$ERR"; fi
run "port_range_target" 3 "$CLI" "${PSK[@]}" 127.0.0.1:70000
if [ $RC = 2 ] && [ "$(lines "$ERR")" = 1 ] && grep -q "1-65535" "$ERR" && grep -q 70000 "$ERR"; then
    ok "port_range_target: HOST:70000 refused, one line"
else bad "port_range_target" "exit $RC (2 expected), one line naming 70000 and 1-65535" "$ERR"; fi

# ---- 1. a second server on a port in use ----
P=$(free_port)
if start_server inuse "$P" "${PSK[@]}" --bind 127.0.0.1; then
    run "port_in_use" 3 "$SRV" "${PSK[@]}" --bind 127.0.0.1 "$P"
    if [ $RC != 0 ] && [ $RC != 124 ] && grep -q "port in use" "$ERR"; then
        ok "port_in_use: a second server on 127.0.0.1:$P fails with 'port in use' (exit $RC)"
    else bad "port_in_use" "exit $RC (124: it kept running, sharing the port); 'port in use' expected" "$ERR"; fi
    run "port_in_use_any" 3 "$SRV" "${PSK[@]}" "$P"
    if [ $RC != 0 ] && [ $RC != 124 ] && grep -q "port in use" "$ERR"; then
        ok "port_in_use_any: a second server on all addresses, port $P, fails with 'port in use'"
    else bad "port_in_use_any" "exit $RC; 'port in use' expected" "$ERR"; fi
    stop_server
else bad "port_in_use" "the first server did not start" "$T/inuse.srv.err"; fi
if grep -n -E 'SO_REUSE(ADDR|PORT)' port/posix.c | grep -v -E '^[0-9]+: *(/\*|\*)' >"$T/reuse.txt"; then
    bad "no_reuseaddr" "port/posix.c sets SO_REUSEADDR/SO_REUSEPORT" "$T/reuse.txt"
else ok "no_reuseaddr: port/posix.c sets neither SO_REUSEADDR nor SO_REUSEPORT"; fi

# ---- 3. --bind to a name that does not resolve ----
P=$(free_port)
run "bind_unresolvable" 10 "$SRV" "${PSK[@]}" --bind nosuch.invalid "$P"
if [ $RC = 1 ] && grep -q "cannot resolve" "$ERR" && ! grep -q "Success" "$ERR" && [ "$(lines "$ERR")" = 1 ]; then
    ok "bind_unresolvable: $(cat "$ERR")"
else bad "bind_unresolvable" "exit $RC; one line 'cannot resolve ...: <resolver error>' expected" "$ERR"; fi
run "client_unresolvable" 10 "$CLI" "${PSK[@]}" nosuch.invalid "$P"
if [ $RC = 1 ] && grep -q -E "cannot resolve nosuch.invalid.*: [A-Za-z]" "$ERR" && ! grep -q "Success" "$ERR"; then
    ok "client_unresolvable: $(cat "$ERR")"
else bad "client_unresolvable" "exit $RC; 'cannot resolve nosuch.invalid ...: <resolver error>' expected" "$ERR"; fi

# ---- 7. nobody on the port: ICMP port unreachable ----
P=$(free_port)
run "closed_port" 10 "$CLI" "${PSK[@]}" 127.0.0.1 "$P"
if [ $RC = 1 ] && grep -q -i "connection refused" "$ERR" && [ "$MS" -lt 1000 ]; then
    ok "closed_port: exit 1 in $MS ms: $(head -n 1 "$ERR")"
else bad "closed_port" "exit $RC after $MS ms; 'connection refused' within 1 s expected" "$ERR"; fi

# ---- 6. the README's echo example ----
readme=$(sed -n '/^## Command-line tools/,/^## /p' README.md)
sline=$(grep -m1 -E '^build/dtls-server --echo --psk' <<<"$readme")
cline=$(grep -m1 -E '^echo hi \| build/dtls-client --psk' <<<"$readme")
if [ -z "$sline" ] || [ -z "$cline" ]; then
    bad "readme_echo" "the README's PSK server/client example lines were not found"
else
    P=$(free_port)
    # loopback only: the server gets --bind 127.0.0.1; the port and build/ are substituted
    s=${sline//4433/$P}; s=${s/build\/dtls-server/$SRV --bind 127.0.0.1}
    c=${cline//4433/$P}; c=${c//build\//$BIN/}
    timeout -k 2 30 bash -c "$s" >"$T/readme.srv.out" 2>"$T/readme.srv.err" &
    SPID=$!; PIDS+=("$SPID")
    for i in $(seq 40); do grep -q "listening on" "$T/readme.srv.err" && break; sleep 0.05; done
    # five times: the echo must not depend on who wins a race
    good=0 worst=0
    for i in 1 2 3 4 5; do
        run readme_echo 10 bash -c "$c"
        [ "$MS" -gt "$worst" ] && worst=$MS
        [ $RC = 0 ] && [ "$(cat "$OUT")" = hi ] || break
        good=$i
    done
    if [ $good = 5 ]; then
        ok "readme_echo: the README's 'echo hi | build/dtls-client ...' prints hi, 5 runs out of 5 (at most $worst ms)"
    else bad "readme_echo" "run $((good + 1)): exit $RC, stdout '$(head -c 80 "$OUT")' ('hi' expected): $cline" "$ERR"; fi
    # HOST:PORT and [v6]:PORT as the target
    STDIN=<(echo hi) run host_port 10 "$CLI" "${PSK[@]}" "127.0.0.1:$P"
    if [ $RC = 0 ] && [ "$(cat "$OUT")" = hi ]; then ok "host_port: 127.0.0.1:$P as the target"
    else bad "host_port" "exit $RC, stdout '$(head -c 80 "$OUT")'" "$ERR"; fi
    kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null
fi
if grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
    P=$(free_port)
    if start_server v6 "$P" --echo "${PSK[@]}" --bind ::1; then
        printf 'hi6\n' >"$T/hi6.in"
        STDIN="$T/hi6.in" run v6_target 10 "$CLI" "${PSK[@]}" "[::1]:$P"
        if [ $RC = 0 ] && [ "$(cat "$OUT")" = hi6 ]; then ok "v6_target: [::1]:$P as the target"
        else bad "v6_target" "exit $RC, stdout '$(head -c 80 "$OUT")'" "$ERR" "$T/v6.srv.err"; fi
        stop_server
    else bad "v6_target" "a server on ::1 did not start" "$T/v6.srv.err"; fi
else skip v6_target "no IPv6 loopback (::1) here"; fi

# ---- 4. a wrong PSK, an unknown identity ----
P=$(free_port)
if start_server psk "$P" -v --echo "${PSK[@]}" --bind 127.0.0.1; then
    run wrong_psk 10 "$CLI" --timeout-ms 2500 --psk-identity dev1 --psk 0f0e0d0c0b0a09080706050403020100 127.0.0.1 "$P"
    if [ $RC = 1 ] && grep -q "never accepted our Finished" "$ERR" && grep -q "wrong PSK" "$ERR"; then
        ok "wrong_psk: $(grep -m1 'Finished' "$ERR")"
    else bad "wrong_psk" "exit $RC; 'never accepted our Finished' and 'wrong PSK' expected" "$ERR"; fi
    if grep -q -E "127\.0\.0\.1:[0-9]+: .*failed authentication.*wrong PSK" "$T/psk.srv.err"; then
        ok "wrong_psk_server: -v logs '$(grep -m1 -E '127\.0\.0\.1:[0-9]+: .*failed authentication' "$T/psk.srv.err" | sed 's/^.*\] //')'"
    else bad "wrong_psk_server" "-v: no line 'PEER: ... failed authentication ... wrong PSK'" "$T/psk.srv.err"; fi
    run unknown_identity 10 "$CLI" --timeout-ms 5000 --psk-identity nobody --psk $KEY 127.0.0.1 "$P"
    if [ $RC = 1 ] && grep -q 'unknown PSK identity "nobody"' "$ERR" && [ "$(lines "$ERR")" -le 2 ]; then
        ok "unknown_identity: $(grep -m1 'identity' "$ERR")"
    else bad "unknown_identity" "exit $RC; 'unknown PSK identity \"nobody\"' expected" "$ERR"; fi
    stop_server
else bad "wrong_psk" "the server did not start" "$T/psk.srv.err"; fi
# without -v: the server says so when the handshake times out (--timeout-ms)
P=$(free_port)
if start_server psk2 "$P" --once --timeout-ms 1200 "${PSK[@]}" --bind 127.0.0.1; then
    run wrong_psk_quiet 10 "$CLI" --timeout-ms 800 --psk-identity dev1 --psk 00 127.0.0.1 "$P"
    wait "$SPID" 2>/dev/null
    src=$?
    if [ $src = 1 ] && grep -q -E "127\.0\.0\.1:[0-9]+: handshake timed out: .*failed authentication.*wrong PSK" "$T/psk2.srv.err"; then
        ok "wrong_psk_server_quiet: (exit 1) '$(grep -m1 'wrong PSK' "$T/psk2.srv.err" | sed 's/^.*\] //')'"
    else bad "wrong_psk_server_quiet" "server exit $src (1 expected); 'PEER: handshake timed out: ... wrong PSK' expected" "$T/psk2.srv.err"; fi
else bad "wrong_psk_server_quiet" "the server did not start" "$T/psk2.srv.err"; fi

# ---- 5. certificate failures say what failed ----
if command -v openssl >/dev/null 2>&1; then
    d="$T/certs"; mkdir -p "$d"
    req="openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30"
    if { $req -keyout "$d/root.key" -out "$d/root.pem" -subj "/CN=tools test root" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
         $req -keyout "$d/other.key" -out "$d/other.pem" -subj "/CN=tools other root" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
         $req -keyout "$d/leaf.key" -out "$d/leaf.pem" -subj "/CN=localhost" -CA "$d/root.pem" -CAkey "$d/root.key" \
            -addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature \
            -addext extendedKeyUsage=serverAuth -addext subjectAltName=DNS:localhost,IP:127.0.0.1; } >"$d/log" 2>&1; then
        P=$(free_port)
        if start_server cert "$P" --echo --cert "$d/leaf.pem" --key "$d/leaf.key" --bind 127.0.0.1; then
            run cert_ok 10 "$CLI" --ca "$d/root.pem" --servername localhost 127.0.0.1 "$P"
            if [ $RC = 0 ]; then ok "cert_ok: the right name and root are accepted"
            else bad "cert_ok" "exit $RC" "$ERR"; fi
            run cert_name 10 "$CLI" --ca "$d/root.pem" --servername wrong.example 127.0.0.1 "$P"
            if [ $RC = 1 ] && ! grep -q "verify callback" "$ERR" && grep -q "does not match" "$ERR" &&
               grep -q "wrong.example" "$ERR" && grep -q "DNS:localhost" "$ERR"; then
                ok "cert_name: $(grep -m1 'does not match' "$ERR")"
            else bad "cert_name" "exit $RC; the name asked for and the certificate's names expected, no 'verify callback'" "$ERR"; fi
            run cert_issuer 10 "$CLI" --ca "$d/other.pem" --servername localhost 127.0.0.1 "$P"
            if [ $RC = 1 ] && ! grep -q "verify callback" "$ERR" && grep -q "no trust anchor" "$ERR" &&
               grep -q "tools test root" "$ERR"; then
                ok "cert_issuer: $(grep -m1 'trust anchor' "$ERR")"
            else bad "cert_issuer" "exit $RC; 'no trust anchor' and the issuer's name expected, no 'verify callback'" "$ERR"; fi
            stop_server
        else bad "cert_server" "the certificate server did not start" "$T/cert.srv.err"; fi
        # dates: a leaf that expired yesterday (-days -1: notAfter before notBefore)
        printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n' >"$d/ext.cnf"
        if { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/exp.key" -out "$d/exp.csr" \
                -subj "/CN=expired leaf" &&
             openssl x509 -req -in "$d/exp.csr" -CA "$d/root.pem" -CAkey "$d/root.key" -set_serial 7 -days -1 \
                -extfile "$d/ext.cnf" -out "$d/exp.pem"; } >"$d/exp.log" 2>&1; then
            P=$(free_port)
            if start_server cert_exp "$P" --cert "$d/exp.pem" --key "$d/exp.key" --bind 127.0.0.1; then
                run cert_dates 10 "$CLI" --ca "$d/root.pem" --servername localhost 127.0.0.1 "$P"
                if [ $RC = 1 ] && ! grep -q "verify callback" "$ERR" && grep -q "expired" "$ERR" &&
                   grep -q -E '"expired leaf" is valid from [0-9-]+ [0-9:]+ UTC to' "$ERR"; then
                    ok "cert_dates: $(grep -m1 'valid from' "$ERR")"
                else bad "cert_dates" "exit $RC; the certificate's validity dates expected, no 'verify callback'" "$ERR"; fi
                stop_server
            else bad "cert_dates" "the server did not start" "$T/cert_exp.srv.err"; fi
        else skip cert_dates "this openssl cannot make an expired certificate (x509 -days -1)"; fi
    else bad "cert_setup" "openssl could not make the test certificates" "$d/log"; fi
else
    skip cert_name "install openssl (it makes the test certificates)"
    skip cert_issuer "install openssl"
fi

# ---- Connection ID and the key log (the deployment-features issue) ----
P=$(free_port)
if start_server cid "$P" "${PSK[@]}" --echo --cid 6 --bind 127.0.0.1; then
    printf 'over a connection id\n' >"$T/cid.in"
    STDIN="$T/cid.in" run cid 15 "$CLI" "${PSK[@]}" --cid 4 --keylog "$T/keys.log" 127.0.0.1 "$P"
    if [ $RC = 0 ] && [ "$(cat "$OUT")" = "over a connection id" ] &&
        grep -q -E 'connection ID ours [0-9a-f]{8}, the peer.s [0-9a-f]{12}$' "$ERR" &&
        grep -q -E 'connection ID ours [0-9a-f]{12}, the peer.s [0-9a-f]{8}$' "$T/cid.srv.err"; then
        ok "cid: --cid 4 / --cid 6 negotiate a Connection ID of each length, the echo comes back"
    else bad "cid" "exit $RC; the echo and 'connection ID ours ... the peer's ...' on both sides expected" "$ERR" "$T/cid.srv.err"; fi
    if [ "$(wc -l <"$T/keys.log" 2>/dev/null)" = 1 ] && grep -q -E '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$T/keys.log"; then
        ok "keylog: --keylog FILE gets one NSS key log line for the session"
    else bad "keylog" "one CLIENT_RANDOM line expected" "$T/keys.log"; fi
    STDIN="$T/cid.in" SSLKEYLOGFILE="$T/env.log" run keylog_env 15 env SSLKEYLOGFILE="$T/env.log" "$CLI" "${PSK[@]}" 127.0.0.1 "$P"
    if [ $RC = 0 ] && grep -q -E '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$T/env.log" 2>/dev/null &&
        ! grep -q 'connection ID' "$ERR"; then
        ok "keylog: SSLKEYLOGFILE does the same; without --cid no Connection ID"
    else bad "keylog_env" "exit $RC; a CLIENT_RANDOM line in \$SSLKEYLOGFILE expected" "$ERR"; fi
    run cid_range 5 "$CLI" "${PSK[@]}" --cid 17 127.0.0.1 "$P"
    if [ $RC = 2 ] && grep -q -- '--cid' "$ERR"; then ok "cid_range: --cid 17 (above DTLS_MAX_CID) is a usage error"
    else bad "cid_range" "exit $RC; exit 2 naming --cid expected" "$ERR"; fi
    stop_server
else bad "cid_server" "the server with --cid did not start" "$T/cid.srv.err"; fi

# ---- heartbeat (RFC 6520) as a NAT keep-alive (the deployment-features issue) ----
P=$(free_port)
if start_server hb "$P" "${PSK[@]}" --echo --heartbeat-ms 0 -v --bind 127.0.0.1; then
    # the client idle 1.3 s before its line: a request every 300 ms, each answered (64-byte datagrams:
    # 35 bytes of message, PSK-CCM_8), then the echo as usual
    t0=$(now_ms)
    (sleep 1.3; echo 'kept alive') | timeout -k 2 15 "$CLI" "${PSK[@]}" --heartbeat-ms 300 -v 127.0.0.1 "$P" \
        >"$T/hb.out" 2>"$T/hb.err"
    RC=$?
    nreq=$(grep -c 'heartbeat request sent' "$T/hb.err")
    nresp=$(grep -c 'heartbeat response received' "$T/hb.err")
    if [ $RC = 0 ] && [ "$(cat "$T/hb.out")" = "kept alive" ] && [ "$nreq" -ge 3 ] && [ "$nreq" = "$nresp" ] &&
        grep -q 'send 64 bytes: heartbeat(epoch 1, 51 bytes)' "$T/hb.err" &&
        grep -q 'recv 64 bytes: heartbeat(epoch 1, 51 bytes)' "$T/hb.err" &&
        grep -q 'send 64 bytes: heartbeat(epoch 1, 51 bytes)' "$T/hb.srv.err"; then
        ok "heartbeat: --heartbeat-ms 300 on an idle client: $nreq requests, each answered by the server, the echo after"
    else bad "heartbeat" "exit $RC, $nreq requests / $nresp responses (3 or more, equal, expected)" "$T/hb.err" "$T/hb.srv.err"; fi
    printf 'no keep-alive\n' >"$T/hb_off.in"
    STDIN="$T/hb_off.in" run hb_off 15 "$CLI" "${PSK[@]}" -v 127.0.0.1 "$P"
    if [ $RC = 0 ] && [ "$(cat "$OUT")" = "no keep-alive" ] && ! grep -q 'heartbeat' "$ERR"; then
        ok "heartbeat_off: without --heartbeat-ms the client offers none and no heartbeat record is sent"
    else bad "heartbeat_off" "exit $RC; the echo and no heartbeat line expected" "$ERR"; fi
    run hb_usage 5 "$CLI" "${PSK[@]}" --heartbeat-ms soon 127.0.0.1 "$P"
    if [ $RC = 2 ] && grep -q -- '--heartbeat-ms' "$ERR"; then ok "hb_usage: --heartbeat-ms soon is a usage error"
    else bad "hb_usage" "exit 2 naming --heartbeat-ms expected" "$ERR"; fi
    # the server stops answering (SIGSTOP at 0.5 s; the request at 1 s) and 6 retransmissions (--retransmit-ms 100:
    # after 0.1, 0.3, 0.7, 1.5, 3.1, 6.3 s), then the connection fails at 12.7 s: exit 1
    SRVPID=$(ps -o pid= --ppid "$SPID" | tr -d ' ')
    (sleep 0.5; [ -n "$SRVPID" ] && kill -STOP "$SRVPID"; sleep 20) |
        timeout -k 2 25 "$CLI" "${PSK[@]}" --heartbeat-ms 1000 --retransmit-ms 100 -v 127.0.0.1 "$P" \
        >"$T/hb_to.out" 2>"$T/hb_to.err"
    RC=$?
    [ -n "$SRVPID" ] && kill -CONT "$SRVPID" 2>/dev/null
    nsend=$(grep -c 'send 64 bytes: heartbeat' "$T/hb_to.err")
    if [ $RC = 1 ] && [ "$nsend" = 7 ] && grep -q 'heartbeat unanswered: the peer is gone' "$T/hb_to.err" &&
        grep -q 'timed out' "$T/hb_to.err"; then
        ok "heartbeat_timeout: a server that stops answering: the request and 6 retransmissions, then exit 1 (timed out)"
    else bad "heartbeat_timeout" "exit $RC, $nsend heartbeat datagrams (7 and exit 1 expected)" "$T/hb_to.err"; fi
    stop_server
else bad "hb_server" "the server with --heartbeat-ms did not start" "$T/hb.srv.err"; fi

# ---- session resumption (issue 12): --session-out / --session-in, "session: resumed|full" ----
# resume_pair NAME SERVER-ARGS...: two client runs against one server; the first saves its session,
# the second offers it
resume_pair() {
    local name=$1
    shift
    P=$(free_port)
    if start_server "$name" "$P" "${PSK[@]}" --echo --bind 127.0.0.1 "$@"; then
        rm -f "$T/$name.sess"
        printf 'one\n' >"$T/$name.in1"
        STDIN="$T/$name.in1" run "${name}_1" 10 "$CLI" "${PSK[@]}" --session-out "$T/$name.sess" 127.0.0.1 "$P"
        RC1=$RC
        printf 'two\n' >"$T/$name.in2"
        STDIN="$T/$name.in2" run "${name}_2" 10 "$CLI" "${PSK[@]}" --session-in "$T/$name.sess" \
            --session-out "$T/$name.sess" 127.0.0.1 "$P"
        stop_server
    else RC1=99; RC=99; fi
}
resume_pair resume_id --no-tickets
if [ $RC1 = 0 ] && [ $RC = 0 ] && grep -qx 'session: full' "$T/resume_id_1.err" &&
    grep -qx 'session: resumed' "$T/resume_id_2.err" && [ "$(cat "$T/resume_id_2.out")" = two ] &&
    grep -q 'handshake complete (session resumed)' "$T/resume_id.srv.err" && [ "$(wc -c <"$T/resume_id.sess")" = 113 ]; then
    ok "resume_id: --session-out then --session-in against one server (--no-tickets): session: full, then session: resumed (by session ID; 113 bytes saved)"
else bad "resume_id" "exit $RC1/$RC; session: full then session: resumed expected" "$T/resume_id_1.err" "$T/resume_id_2.err" "$T/resume_id.srv.err"; fi
resume_pair resume_ticket
if [ $RC1 = 0 ] && [ $RC = 0 ] && grep -qx 'session: full' "$T/resume_ticket_1.err" &&
    grep -qx 'session: resumed' "$T/resume_ticket_2.err" && [ "$(wc -c <"$T/resume_ticket.sess")" -gt 113 ]; then
    ok "resume_ticket: the same with tickets on (the default): session: resumed, the saved session holds a ticket"
else bad "resume_ticket" "exit $RC1/$RC; session: full then session: resumed expected" "$T/resume_ticket_1.err" "$T/resume_ticket_2.err"; fi
# a fleet: a second server sharing --ticket-key-file resumes the first one's ticket; another key does not
head -c 32 /dev/urandom >"$T/tk1"; head -c 32 /dev/urandom >"$T/tk2"; chmod 600 "$T/tk1" "$T/tk2" # secret files: private
P=$(free_port)
if start_server fleet1 "$P" "${PSK[@]}" --echo --bind 127.0.0.1 --ticket-key-file "$T/tk1"; then
    rm -f "$T/fleet.sess"
    STDIN="$T/resume_id.in1" run fleet_1 10 "$CLI" "${PSK[@]}" --session-out "$T/fleet.sess" 127.0.0.1 "$P"
    RC1=$RC
    stop_server
    start_server fleet2 "$P" "${PSK[@]}" --echo --bind 127.0.0.1 --ticket-key-file "$T/tk1"
    STDIN="$T/resume_id.in2" run fleet_2 10 "$CLI" "${PSK[@]}" --session-in "$T/fleet.sess" 127.0.0.1 "$P"
    RC2=$RC
    stop_server
    start_server fleet3 "$P" "${PSK[@]}" --echo --bind 127.0.0.1 --ticket-key-file "$T/tk2"
    STDIN="$T/resume_id.in2" run fleet_3 10 "$CLI" "${PSK[@]}" --session-in "$T/fleet.sess" 127.0.0.1 "$P"
    stop_server
    if [ $RC1 = 0 ] && [ $RC2 = 0 ] && [ $RC = 0 ] && grep -qx 'session: resumed' "$T/fleet_2.err" &&
        grep -qx 'session: full' "$T/fleet_3.err"; then
        ok "resume_fleet: a restarted server with the same --ticket-key-file resumes the ticket; with another key: session: full"
    else bad "resume_fleet" "exit $RC1/$RC2/$RC; resumed with the same key, full with another expected" "$T/fleet_2.err" "$T/fleet_3.err"; fi
else bad "resume_fleet" "the server with --ticket-key-file did not start" "$T/fleet1.srv.err"; fi
printf 'garbage' >"$T/bad.sess"
P=$(free_port)
if start_server resume_bad "$P" "${PSK[@]}" --echo --bind 127.0.0.1; then
    STDIN="$T/resume_id.in1" run resume_bad 10 "$CLI" "${PSK[@]}" --session-in "$T/bad.sess" 127.0.0.1 "$P"
    stop_server
    if [ $RC = 0 ] && grep -qx 'session: full' "$ERR" && grep -q 'not a session of this configuration' "$ERR"; then
        ok "resume_bad: --session-in with bad bytes: said so, then a full handshake (exit 0)"
    else bad "resume_bad" "exit $RC; a full handshake expected" "$ERR"; fi
else bad "resume_bad" "the server did not start" "$T/resume_bad.srv.err"; fi

finish
