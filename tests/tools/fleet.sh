#!/usr/bin/env bash
# tests/tools/fleet.sh - a fleet of dtls-server instances behind Debian's nginx
# UDP proxy (the stream module), on loopback, run as the calling user: nginx
# gets its own prefix, configuration and logs in a temporary directory.
#
#   bash tests/tools/fleet.sh            (the tools in build/: make tools)
#   TOOLS_BIN=DIR bash tests/tools/fleet.sh
#   NGINX=/path/to/nginx bash tests/tools/fleet.sh
#
# Fleet S: three instances sharing --cookie-secret-file and --ticket-key-file.
# Fleet D: three instances, each with its own two files.  nginx listens on one
# port per fleet (round robin, no affinity: nginx keeps a client's UDP session
# on one instance while it lasts; a new session goes to the next instance).
#   1. six clients at once through nginx: handshakes and echoes, 2 per instance;
#      with proxy_responses 1 every ClientHello arrives from a new nginx port and
#      no cookie is ever accepted (the cookie is bound to nginx's port)
#   2. a cookie exchange split across two instances (the first ClientHello to
#      one, everything after it to another, from one source address: what an
#      address-preserving balancer does while its affinity settles; nginx
#      itself changes the source address, README): fleet S completes with one
#      HelloVerifyRequest; fleet D with a second one from the other instance
#   3. a session saved through nginx resumes through nginx on another
#      instance (fleet S: "session: resumed", the instance says so); fleet D:
#      a full handshake
#   CID: a NAT rebinding through nginx: "hash $remote_addr consistent" keeps
#      the instance, which finds the connection by its CID; round robin loses it
#   4. SIGHUP re-reads the files (a fleet-D instance given fleet S's secrets
#      joins it; an unusable file keeps the previous secret); a secret file
#      that group or others may read is refused at start
# Lines "ok NAME", "FAIL NAME: ...", "skip NAME: why", then "RESULT p f s".
# Bounded: every process runs under timeout; the whole script takes ~5 s.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/tools/lib.sh fleet tail

# ---- nginx with the stream module (Debian: nginx + libnginx-mod-stream) ----
NGINX=${NGINX:-$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)}
if [ -z "$NGINX" ] || [ ! -x "$NGINX" ]; then
    skip fleet "nginx is not installed (Debian: apt-get install nginx libnginx-mod-stream)"; finish
fi
LOAD=""
if "$NGINX" -V 2>&1 | grep -q -- '--with-stream=dynamic'; then
    MOD=""
    for m in /usr/lib/nginx/modules/ngx_stream_module.so /usr/lib64/nginx/modules/ngx_stream_module.so; do
        [ -f "$m" ] && MOD=$m && break
    done
    if [ -z "$MOD" ]; then
        skip fleet "nginx's stream module is missing (Debian: apt-get install libnginx-mod-stream)"; finish
    fi
    LOAD="load_module $MOD;"
elif ! "$NGINX" -V 2>&1 | grep -q -- '--with-stream\( \|$\)'; then
    skip fleet "this nginx is built without the stream module"; finish
fi
if ! command -v python3 >/dev/null 2>&1; then skip fleet "python3 (the split-exchange relay) is missing"; finish; fi

PSK=(--psk-identity dev1 --psk 000102030405060708090a0b0c0d0e0f)
PORTS=()
# PORTS: 15 distinct free UDP ports on loopback
while [ ${#PORTS[@]} -lt 15 ]; do
    p=$(free_port)
    case " ${PORTS[*]} " in *" $p "*) continue ;; esac
    PORTS+=("$p")
done
LB_S=${PORTS[0]} LB_D=${PORTS[1]} RELAY=${PORTS[8]} RELAY2=${PORTS[9]} RELAY3=${PORTS[10]}
LB_H=${PORTS[11]} NAT=${PORTS[12]} NAT2=${PORTS[13]} LB_R=${PORTS[14]}
S_PORTS=("${PORTS[2]}" "${PORTS[3]}" "${PORTS[4]}")
D_PORTS=("${PORTS[5]}" "${PORTS[6]}" "${PORTS[7]}")

# ---- the secret files (chmod 600: the servers refuse others) ----
umask 077
secret() { head -c 32 /dev/urandom >"$1"; }
secret "$T/cookie.S"; secret "$T/ticket.S"
for i in 0 1 2; do
    secret "$T/cookie.D$i"
    od -An -tx1 -v /dev/urandom | tr -d ' \n' | head -c 64 >"$T/ticket.D$i" # the hex form
    echo >>"$T/ticket.D$i"
done

# start_server NAME PORT ARGS...: an instance on 127.0.0.1 (stderr: $T/NAME.err);
# SPID its pid (the dtls-server process itself: SIGHUP goes to it)
start_server() {
    local name=$1 port=$2 i
    shift 2
    timeout -k 2 60 "$SRV" "${PSK[@]}" --echo --bind 127.0.0.1 "$@" "$port" >"$T/$name.out" 2>"$T/$name.err" &
    PIDS+=($!)
    for i in $(seq 40); do
        grep -q "listening on" "$T/$name.err" 2>/dev/null && break
        sleep 0.05
    done
    SPID=$(ps -o pid= --ppid "$!" | tr -d ' ')
    grep -q "listening on" "$T/$name.err" 2>/dev/null
}
started=0
for i in 0 1 2; do
    start_server "S$i" "${S_PORTS[$i]}" --cid 4 --cookie-secret-file "$T/cookie.S" --ticket-key-file "$T/ticket.S" &&
        started=$((started + 1))
    start_server "D$i" "${D_PORTS[$i]}" --cookie-secret-file "$T/cookie.D$i" --ticket-key-file "$T/ticket.D$i" &&
        started=$((started + 1))
    [ "$i" = 1 ] && D1_PID=$SPID
done
if [ $started = 6 ]; then ok "start: 6 instances (fleet S: shared secret files; fleet D: one pair of files each, D's tickets in hex)"
else bad start "$started of 6 instances started" "$T"/S*.err "$T"/D*.err; finish; fi

# ---- nginx: round robin over each fleet, one worker (a deterministic rotation) ----
mkdir -p "$T/nginx/logs"
cat >"$T/nginx/nginx.conf" <<EOF
$LOAD
daemon off;
master_process on;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log info;
events { worker_connections 256; }
stream {
    upstream fleet_s { server 127.0.0.1:${S_PORTS[0]}; server 127.0.0.1:${S_PORTS[1]}; server 127.0.0.1:${S_PORTS[2]}; }
    upstream fleet_h { hash \$remote_addr consistent; server 127.0.0.1:${S_PORTS[0]}; server 127.0.0.1:${S_PORTS[1]}; server 127.0.0.1:${S_PORTS[2]}; }
    upstream fleet_d { server 127.0.0.1:${D_PORTS[0]}; server 127.0.0.1:${D_PORTS[1]}; server 127.0.0.1:${D_PORTS[2]}; }
    server { listen 127.0.0.1:$LB_S udp; proxy_pass fleet_s; proxy_timeout 20s; }
    server { listen 127.0.0.1:$LB_D udp; proxy_pass fleet_d; proxy_timeout 20s; }
    server { listen 127.0.0.1:$LB_H udp; proxy_pass fleet_h; proxy_timeout 20s; }
    server { listen 127.0.0.1:$LB_R udp; proxy_pass fleet_s; proxy_timeout 20s; proxy_responses 1; }
}
EOF
NG=("$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/logs/error.log")
if ! "${NG[@]}" -t >"$T/nginx-t.log" 2>&1; then
    skip fleet "nginx -t refuses the stream configuration: $(grep -m1 emerg "$T/nginx-t.log" "$T/nginx/logs/error.log" 2>/dev/null)"
    finish
fi
timeout -k 2 60 "${NG[@]}" >"$T/nginx.out" 2>&1 &
PIDS+=($!)
for i in $(seq 40); do
    ss -Hlun "sport = :$LB_S" 2>/dev/null | grep -q . && break
    sleep 0.05
done

# completed NAME: the number of "handshake complete" lines in instance NAME's log
completed() { grep -c 'handshake complete' "$T/$1.err"; }
counts() { local n; for n in "$@"; do printf '%s ' "$(completed "$n")"; done; }
# landed BEFORE NAMES...: the one instance whose count grew since BEFORE (counts' output)
landed() {
    local was n i=0 who=""
    read -r -a was <<<"$1"
    shift
    for n in "$@"; do
        [ "$(completed "$n")" -gt "${was[$i]}" ] && who="$who$n"
        i=$((i + 1))
    done
    echo "$who"
}

# ---- 1. six clients at once through nginx ----
for i in 1 2 3 4 5 6; do
    printf 'client %s through the balancer\n' "$i" >"$T/c$i.in"
    timeout -k 2 15 "$CLI" "${PSK[@]}" 127.0.0.1 "$LB_S" <"$T/c$i.in" >"$T/c$i.out" 2>"$T/c$i.err" &
    CPIDS[$i]=$!
done
good=0
for i in 1 2 3 4 5 6; do
    wait "${CPIDS[$i]}" && cmp -s "$T/c$i.in" "$T/c$i.out" && grep -qx 'session: full' "$T/c$i.err" && good=$((good + 1))
done
dist=$(counts S0 S1 S2)
if [ $good = 6 ] && [ "$dist" = "2 2 2 " ]; then
    ok "lb_echo: 6 clients at once through nginx (127.0.0.1:$LB_S): 6 handshakes and echoes, 2 on each instance"
else bad lb_echo "$good of 6 clients echoed; handshakes per instance: $dist(2 2 2 expected)" "$T/c1.err" "$T/S0.err" \
    "$T/nginx/logs/error.log"; fi

# ---- 1b. nginx changes the source address: proxy_responses 1 ends the session after each answer ----
# Each ClientHello (the one with its cookie too) then reaches an instance from a new nginx port:
# the cookie, bound to the port it was made for, is refused even though fleet S shares the
# secret; every answer is a HelloVerifyRequest (60 bytes: a 32-byte cookie), no handshake.
hvr_sessions() { grep -c -E 'udp done, packets from/to client:1/1, bytes from/to client:[0-9]+/60,' "$T/nginx/logs/error.log"; }
b=$(counts S0 S1 S2); h0=$(hvr_sessions)
printf 'never\n' | timeout -k 2 10 "$CLI" "${PSK[@]}" --timeout-ms 1500 127.0.0.1 "$LB_R" >"$T/resp.out" 2>"$T/resp.err"
RC=$?
sleep 0.2 # nginx writes "udp done" once the answer went back
h1=$(hvr_sessions)
if [ $RC = 1 ] && [ "$(counts S0 S1 S2)" = "$b" ] && [ $((h1 - h0)) -ge 2 ] && grep -q 'not complete within' "$T/resp.err"; then
    ok "lb_new_port: with proxy_responses 1 every ClientHello reaches fleet S from a new nginx port: $((h1 - h0)) sessions each answered by one HelloVerifyRequest, no handshake (the cookie is bound to nginx's port)"
else bad lb_new_port "exit $RC (1 expected), $((h1 - h0)) sessions answered by a HelloVerifyRequest (2 or more expected), handshakes per instance $(counts S0 S1 S2)(unchanged: $b)" \
    "$T/resp.err"; fi

# ---- 2. a cookie exchange split across two instances ----
# The relay: the first datagram from the client goes to instance A, every later one to B,
# all from one socket (A and B see one source address, as behind an address-preserving
# balancer); it logs "A|B <handshake type>" for each epoch-0 handshake datagram back.
cat >"$T/relay.py" <<'EOF'
import socket, sys, select, time
listen, a, b, log = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.bind(("127.0.0.1", listen))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
names = {a: "A", b: "B"}
client, sent, out, end = None, 0, open(log, "w"), time.time() + 15
print("ready", flush=True)
while time.time() < end:
    r, _, _ = select.select([c, u], [], [], 0.2)
    if c in r:
        d, client = c.recvfrom(65536)
        u.sendto(d, ("127.0.0.1", a if sent == 0 else b)); sent += 1
    if u in r:
        d, frm = u.recvfrom(65536)
        if frm[1] in names and client:
            if len(d) > 13 and d[0] == 22 and d[3:5] == b"\0\0":
                out.write("%s %d\n" % (names[frm[1]], d[13])); out.flush()
            c.sendto(d, client)
EOF
# split NAME RELAYPORT A B: one client through the relay (A: the first ClientHello, B: the rest)
split() {
    local name=$1 rp=$2 i
    timeout -k 2 20 python3 "$T/relay.py" "$rp" "$3" "$4" "$T/$name.relay" >"$T/$name.ready" 2>&1 &
    PIDS+=($!)
    for i in $(seq 40); do grep -q ready "$T/$name.ready" 2>/dev/null && break; sleep 0.05; done
    printf 'split %s\n' "$name" >"$T/$name.in"
    timeout -k 2 15 "$CLI" "${PSK[@]}" 127.0.0.1 "$rp" <"$T/$name.in" >"$T/$name.out" 2>"$T/$name.err"
    RC=$?
    SEQ=$(tr '\n' ' ' <"$T/$name.relay")
}
before=$(counts S0 S1)
split split_s "$RELAY" "${S_PORTS[0]}" "${S_PORTS[1]}"
if [ $RC = 0 ] && cmp -s "$T/split_s.in" "$T/split_s.out" && [ "$SEQ" = "A 3 B 2 " ] && [ "$(landed "$before" S0 S1)" = S1 ]; then
    ok "split_shared: HelloVerifyRequest from instance S0, the ClientHello with its cookie to S1: S1 accepts the cookie (ServerHello, no second HelloVerifyRequest) and completes"
else bad split_shared "exit $RC, handshake datagrams '$SEQ' ('A 3 B 2' expected: HelloVerifyRequest from A, then ServerHello from B)" \
    "$T/split_s.err" "$T/S1.err"; fi
split split_d "$RELAY2" "${D_PORTS[0]}" "${D_PORTS[1]}"
if [ $RC = 0 ] && cmp -s "$T/split_d.in" "$T/split_d.out" && [ "$SEQ" = "A 3 B 3 B 2 " ]; then
    ok "split_distinct: with other cookie secrets D1 refuses D0's cookie, sends its own HelloVerifyRequest, and the client completes with D1 (one round trip more)"
else bad split_distinct "exit $RC, handshake datagrams '$SEQ' ('A 3 B 3 B 2' expected)" "$T/split_d.err" "$T/D1.err"; fi

# ---- 3. resumption through nginx on another instance ----
# resume LB NAMES...: a client saves its session through the balancer, a second client
# offers it; FIRST and SECOND: the instances they landed on
resume() {
    local lb=$1 b
    shift
    rm -f "$T/sess.$lb"
    b=$(counts "$@")
    printf 'first\n' | timeout -k 2 15 "$CLI" "${PSK[@]}" --session-out "$T/sess.$lb" 127.0.0.1 "$lb" \
        >"$T/r1.$lb.out" 2>"$T/r1.$lb.err"
    RC1=$?
    FIRST=$(landed "$b" "$@")
    b=$(counts "$@")
    printf 'second\n' | timeout -k 2 15 "$CLI" "${PSK[@]}" --session-in "$T/sess.$lb" 127.0.0.1 "$lb" \
        >"$T/r2.$lb.out" 2>"$T/r2.$lb.err"
    RC2=$?
    SECOND=$(landed "$b" "$@")
}
resume "$LB_S" S0 S1 S2
if [ $RC1 = 0 ] && [ $RC2 = 0 ] && [ -n "$FIRST" ] && [ ${#SECOND} = 2 ] && [ "$FIRST" != "$SECOND" ] &&
    grep -qx 'session: full' "$T/r1.$LB_S.err" && grep -qx 'session: resumed' "$T/r2.$LB_S.err" &&
    [ "$(cat "$T/r2.$LB_S.out")" = second ] && grep 'handshake complete' "$T/$SECOND.err" | tail -n 1 | grep -q 'handshake complete (session resumed)'; then
    ok "resume_shared: a session saved on $FIRST resumes through nginx on $SECOND (client: session: resumed; $SECOND: handshake complete (session resumed))"
else bad resume_shared "exit $RC1/$RC2, instances '$FIRST' then '$SECOND' (two different ones expected), session: full then resumed expected" \
    "$T/r1.$LB_S.err" "$T/r2.$LB_S.err"; fi
resume "$LB_D" D0 D1 D2
if [ $RC1 = 0 ] && [ $RC2 = 0 ] && [ ${#FIRST} = 2 ] && [ ${#SECOND} = 2 ] && [ "$FIRST" != "$SECOND" ] &&
    grep -qx 'session: full' "$T/r1.$LB_D.err" && grep -qx 'session: full' "$T/r2.$LB_D.err" &&
    [ "$(cat "$T/r2.$LB_D.out")" = second ] && grep 'handshake complete' "$T/$SECOND.err" | tail -n 1 | grep -q -v 'session resumed'; then
    ok "resume_distinct: with other ticket keys, the session saved on $FIRST gets a full handshake on $SECOND (session: full, exit 0)"
else bad resume_distinct "exit $RC1/$RC2, instances '$FIRST' then '$SECOND', session: full twice expected" \
    "$T/r1.$LB_D.err" "$T/r2.$LB_D.err"; fi

# ---- 4b. Connection ID through nginx: a NAT rebinding (the client's port changes mid-session) ----
# The NAT: forwards the client's datagrams to nginx from one socket, from a new one (another
# port) once the file FLAG exists; what comes back on either goes to the client.
cat >"$T/nat.py" <<'EOF'
import socket, sys, select, time, os
listen, up, flag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); c.bind(("127.0.0.1", listen))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
socks, client, end = [c, u], None, time.time() + 15
print("ready", flush=True)
while time.time() < end:
    r, _, _ = select.select(socks, [], [], 0.2)
    for s in r:
        d, frm = s.recvfrom(65536)
        if s is c:
            client = frm
            if os.path.exists(flag) and len(socks) == 2:
                u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); socks.append(u)
            u.sendto(d, ("127.0.0.1", up))
        elif client:
            c.sendto(d, client)
EOF
# rebind NAME NATPORT LB: a client through the NAT and nginx (fleet S negotiates a CID with it);
# the NAT rebinds between its two lines.  WHO: the instance of its handshake
rebind() {
    local name=$1 np=$2 lb=$3 i b
    rm -f "$T/$name.flag"
    timeout -k 2 20 python3 "$T/nat.py" "$np" "$lb" "$T/$name.flag" >"$T/$name.ready" 2>&1 &
    PIDS+=($!)
    for i in $(seq 40); do grep -q ready "$T/$name.ready" 2>/dev/null && break; sleep 0.05; done
    b=$(counts S0 S1 S2)
    { printf 'before\n'; sleep 0.5; touch "$T/$name.flag"; printf 'after\n'; } |
        timeout -k 2 15 "$CLI" "${PSK[@]}" --cid 0 --wait-ms 800 --linger-ms 200 127.0.0.1 "$np" >"$T/$name.out" 2>"$T/$name.err"
    WHO=$(landed "$b" S0 S1 S2)
    GOT=$(tr '\n' ' ' <"$T/$name.out")
}
rebind cid_hash "$NAT" "$LB_H"
if [ "$GOT" = "before after " ] && [ ${#WHO} = 2 ] && [ "$(grep -c 'moved here (its Connection ID)' "$T/$WHO.err")" = 1 ] &&
    grep -q "connection ID" "$T/cid_hash.err"; then
    ok "cid_hash: nginx 'hash \$remote_addr consistent': after the client's port changed, nginx's new session goes to the same instance ($WHO), which finds the connection by its CID (both lines echoed; $WHO: 'moved here')"
else bad cid_hash "stdout '$GOT' ('before after' expected), instance '$WHO' with one 'moved here' line" \
    "$T/cid_hash.err" "$T/${WHO:-S0}.err"; fi
rebind cid_rr "$NAT2" "$LB_S"
moved=$(cat "$T"/S?.err | grep -c 'moved here')
if [ "$GOT" = "before " ] && [ ${#WHO} = 2 ] && [ "$moved" = 1 ]; then
    ok "cid_round_robin: round robin: after the port change nginx sends the CID records to another instance, which has no such connection: dropped ('after' never echoed)"
else bad cid_round_robin "stdout '$GOT' ('before' only expected), $moved 'moved here' lines (1 expected: cid_hash's)" \
    "$T/cid_rr.err"; fi

# ---- 4. SIGHUP re-reads the files; permissions ----
cp "$T/cookie.S" "$T/cookie.D1"; cp "$T/ticket.S" "$T/ticket.D1"
kill -HUP "$D1_PID"
for i in $(seq 40); do [ "$(grep -c 're-read' "$T/D1.err")" = 2 ] && break; sleep 0.05; done
if grep -q -- "SIGHUP: --cookie-secret-file $T/cookie.D1 re-read" "$T/D1.err" &&
    grep -q -- "SIGHUP: --ticket-key-file $T/ticket.D1 re-read" "$T/D1.err"; then
    ok "sighup: D1 re-reads both files on SIGHUP"
else bad sighup "'SIGHUP: ... re-read' twice expected" "$T/D1.err"; fi
split split_hup "$RELAY3" "${S_PORTS[2]}" "${D_PORTS[1]}"
if [ $RC = 0 ] && [ "$SEQ" = "A 3 B 2 " ]; then
    ok "sighup_cookie: after SIGHUP D1 accepts a cookie S2 made (fleet S's secret)"
else bad sighup_cookie "exit $RC, handshake datagrams '$SEQ' ('A 3 B 2' expected)" "$T/split_hup.err" "$T/D1.err"; fi
printf 'after sighup\n' | timeout -k 2 15 "$CLI" "${PSK[@]}" --session-in "$T/sess.$LB_S" 127.0.0.1 "${D_PORTS[1]}" \
    >"$T/hup.out" 2>"$T/hup.err"
if [ $? = 0 ] && grep -qx 'session: resumed' "$T/hup.err"; then
    ok "sighup_ticket: after SIGHUP D1 resumes a fleet-S session (its ticket)"
else bad sighup_ticket "session: resumed expected" "$T/hup.err" "$T/D1.err"; fi
chmod 644 "$T/cookie.D1"
kill -HUP "$D1_PID"
for i in $(seq 40); do grep -q 'previous secret is kept' "$T/D1.err" && break; sleep 0.05; done
printf 'still\n' | timeout -k 2 15 "$CLI" "${PSK[@]}" --session-in "$T/sess.$LB_S" 127.0.0.1 "${D_PORTS[1]}" \
    >"$T/hup2.out" 2>"$T/hup2.err"
if grep -q -- "SIGHUP: --cookie-secret-file $T/cookie.D1: a secret file that group or others may access (mode 0644): chmod 600 it: the previous secret is kept" "$T/D1.err" &&
    grep -qx 'session: resumed' "$T/hup2.err" && [ "$(cat "$T/hup2.out")" = still ]; then
    ok "sighup_refused: a file readable by others on SIGHUP: said so, the previous secret kept, service goes on"
else bad sighup_refused "'... (mode 0644): chmod 600 it: the previous secret is kept' and a resumed session expected" "$T/D1.err" "$T/hup2.err"; fi
timeout -k 2 5 "$SRV" "${PSK[@]}" --cookie-secret-file "$T/cookie.D1" --bind 127.0.0.1 "$RELAY3" >/dev/null 2>"$T/perm.err"
rc=$?
if [ $rc = 2 ] && [ "$(wc -l <"$T/perm.err")" = 1 ] &&
    grep -q -- "--cookie-secret-file $T/cookie.D1: a secret file that group or others may access (mode 0644): chmod 600 it" "$T/perm.err"; then
    ok "perm_start: a group/world-readable --cookie-secret-file is refused at start (exit 2, one line)"
else bad perm_start "exit $rc (2 expected), one line naming the mode and chmod 600" "$T/perm.err"; fi
chmod 600 "$T/cookie.D1"; printf 'not a key\n' >"$T/bad.key"
timeout -k 2 5 "$SRV" "${PSK[@]}" --ticket-key-file "$T/bad.key" --bind 127.0.0.1 "$RELAY3" >/dev/null 2>"$T/badkey.err"
rc=$?
if [ $rc = 2 ] && grep -q -- "--ticket-key-file $T/bad.key: wants 32 bytes, or 64 hex digits" "$T/badkey.err"; then
    ok "bad_key: a malformed --ticket-key-file is refused at start (exit 2)"
else bad bad_key "exit $rc (2 expected)" "$T/badkey.err"; fi

finish
