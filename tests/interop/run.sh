#!/usr/bin/env bash
# tests/interop/run.sh - the interop stage: build/dtls-client and
# build/dtls-server against OpenSSL (s_server / s_client -dtls1_2) and GnuTLS
# (gnutls-serv / gnutls-cli --udp) on loopback, in both directions.
#
# Every case: a handshake with one suite, data both ways (the client's line
# reaches the server, the server's line -- its own, or the echo of ours --
# reaches the client), then the client's close_notify and, where the peer
# shows it, the answer.  Also: ServerKeyExchange with a PSK identity hint,
# ECDHE_PSK with X25519 and with P-256, a peer without extended_master_secret
# (refused by default, accepted with --allow-no-ems), and one run per
# direction through tests/interop/relay.c, which loses the first copy of every
# handshake flight so that both sides' retransmissions meet.
#
# Certificates (made here with openssl in $BUILD_DIR/certs, never committed):
# every ECDHE_ECDSA and ECDHE_RSA suite against OpenSSL in both directions,
# server-only and mutual authentication, P-256 and RSA server chains (root ->
# intermediate -> leaf); GnuTLS with P-256 and RSA chains; raw public keys
# (RFC 7250) against gnutls-serv / gnutls-cli in both roles.
#
# Prints ok / FAIL / skip lines and "RESULT passed failed skipped" (tests/run.sh
# adds it up).  Logs of each case: $BUILD_DIR/<case>/.  Run alone:
#     bash tests/interop/run.sh            (INTEROP_ONLY=substring: only the matching cases,
#                                           any case: INTEROP_ONLY=ecdsa, =rsa, =rpk, =mutual, =cert)
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
B=${BUILD_DIR:-build/interop}
case $B in /*) ;; *) B="$ROOT/$B" ;; esac
INTEROP_ONLY=${INTEROP_ONLY:-}
mkdir -p "$B"

PASSED=0 FAILED=0 SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "skip $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }
finish() { echo "RESULT $PASSED $FAILED $SKIPPED"; exit $([ "$FAILED" = 0 ] && echo 0 || echo 1); }

# ---- processes: every one started here is killed at the end ----
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    exec 3>&- 4>&- 2>/dev/null
}
trap cleanup EXIT
trap '' PIPE # a peer that exits early must not kill the script through a FIFO write
trap 'echo "interrupted"; exit 130' INT TERM

# Ports from 20000-29999, spread by our process id (parallel runs do not clash).
NEXT_PORT=$((20000 + ($$ * 61) % 9900))
next_port() { PORT=$NEXT_PORT; NEXT_PORT=$((NEXT_PORT + 1)); }

# waits until a UDP socket is bound to port $1 (ss), or a moment without ss
wait_bound() {
    local i
    if have ss; then
        for i in $(seq 1 50); do
            ss -Hlun "sport = :$1" 2>/dev/null | grep -q . && return 0
            sleep 0.1
        done
        return 1
    fi
    sleep 0.5
}
# wait_for FILE TEXT SECONDS [PID]: until FILE contains TEXT (or PID ends)
wait_for() {
    local i
    for i in $(seq 1 $(($3 * 10))); do
        grep -a -q -F -- "$2" "$1" 2>/dev/null && return 0
        [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null && { grep -a -q -F -- "$2" "$1" 2>/dev/null; return; }
        sleep 0.1
    done
    return 1
}
# wait_exit PID SECONDS: its exit status, or 124 after killing it
wait_exit() {
    local i
    for i in $(seq 1 $(($2 * 10))); do
        kill -0 "$1" 2>/dev/null || { wait "$1"; return $?; }
        sleep 0.1
    done
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
    return 124
}
# OpenSSL -msg shows each received alert as a "<<<" line then its two bytes
ossl_got_close_notify() {
    awk 'prev ~ /^<<< / && prev ~ /(content_type=21|Alert)/ && $0 ~ /^ +01 00 *$/ {f = 1} {prev = $0} END {exit !f}' "$1"
}

PSK=5f9b3c2ad1e04a77c86b21f0933d4e18
ID=interop-client
CLIENT_MSG="line-from-the-client-$$"
SERVER_MSG="line-from-the-server-$$"
HOLD=30 # seconds a case may take at most

# ---- build ----
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
TOOLS_DIR=${TOOLS_DIR:-} # set: use the dtls-client / dtls-server already there
if [ -n "$TOOLS_DIR" ]; then
    cp "$TOOLS_DIR/dtls-client" "$TOOLS_DIR/dtls-server" "$B/" || finish
    echo "     using the tools of $TOOLS_DIR"
elif ! make -s tools BUILD="$B" CFLAGS="-O1 -g $SAN" >"$B/build.log" 2>&1; then
    fail "build dtls-client and dtls-server (make tools, ASan+UBSan)"; tail -n 30 "$B/build.log" | sed 's/^/    /'
    finish
else
    pass "build dtls-client and dtls-server (make tools, warnings are errors, ASan+UBSan)"
fi
# (port/posix.c holds the tools' certificate loaders, which call the library)
if gcc -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror -O2 -I. -Iport \
        tests/interop/relay.c port/posix.c dtls.c -o "$B/relay" >>"$B/build.log" 2>&1; then
    pass "build the loss relay (tests/interop/relay.c)"
else fail "build the loss relay"; tail -n 20 "$B/build.log" | sed 's/^/    /'; fi
CLIENT="$B/dtls-client"
SERVER="$B/dtls-server"
# the tools under ASan: no leak check at exit (its ptrace-based tracer has been seen spinning forever
# after a normal exit on a loaded machine; the library allocates nothing)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# The OpenSSL configuration of a peer without extended_master_secret.
cat >"$B/no_ems.cnf" <<'EOF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_module
[ssl_module]
system_default = no_ems
[no_ems]
Options = -ExtendedMasterSecret
EOF

# A case's result: "ok NAME" when $WHY is empty, else FAIL with the reasons
# and the end of the logs.
verdict() {
    local name=$1 d=$2 f
    if [ -z "$WHY" ]; then pass "$name"; return; fi
    echo "    why:$WHY"
    echo "    logs: $d"
    fail "$name"
    for f in "$d"/*; do
        [ -s "$f" ] || continue
        echo "    --- $(basename "$f") (last lines)"
        tail -n 12 "$f" | sed 's/^/    | /'
    done
}
why() { WHY="$WHY $*;"; }
want() { [ -z "$INTEROP_ONLY" ] || [[ "${1,,}" == *"${INTEROP_ONLY,,}"* ]]; } # case-insensitive

# ---------------------------------------------------------------------------
# run_case NAME  with these variables set by the caller:
#   SRV_KIND  ours | openssl | gnutls      CLI_KIND  ours | openssl | gnutls
#   SUITE     IANA name (our --suites)     OSSL_CIPHER / GNUTLS_PRIO for the peer
#   SRV_ARGS / CLI_ARGS: extra arguments of the server / client
#   SRV_AUTH / CLI_AUTH: the server's / client's authentication arguments
#             (empty: the PSK ones of its kind; set for certificates)
#   PEER_ENV  environment for the peer (e.g. OPENSSL_CONF=...)
#   EXPECT    ok | refused                 RELAY 0 | 1
#   CHECK     optional extra checks, function names (each called with the case dir)
# ---------------------------------------------------------------------------
run_case() {
    local name=$1 d port cport srv_pid cli_pid relay_pid="" srv_rc cli_rc slug c
    local srv_auth=$SRV_AUTH cli_auth=$CLI_AUTH
    want "$name" || return 0
    slug=$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_' | sed 's/_*$//')
    d="$B/$slug"; rm -rf "$d"; mkdir -p "$d"
    WHY=""
    next_port; port=$PORT; cport=$port
    mkfifo "$d/srv.in" "$d/cli.in"

    # -- the server
    case $SRV_KIND in
    ours)
        [ -n "$srv_auth" ] || srv_auth="--psk-identity $ID --psk $PSK"
        $timeout_cmd "$SERVER" -v --once --echo --bind 127.0.0.1 $srv_auth \
            --suites "$SUITE" $SRV_ARGS "$port" <"$d/srv.in" >"$d/server.out" 2>"$d/server.err" &
        srv_pid=$! ;;
    openssl)
        [ -n "$srv_auth" ] || srv_auth="-nocert -psk $PSK -psk_identity $ID"
        env $PEER_ENV $timeout_cmd openssl s_server -dtls1_2 -accept "127.0.0.1:$port" \
            $srv_auth -cipher "$OSSL_CIPHER" -naccept 1 -msg $SRV_ARGS \
            <"$d/srv.in" >"$d/server.out" 2>&1 &
        srv_pid=$! ;;
    gnutls)
        echo "$ID:$PSK" >"$d/psk.passwd"
        [ -n "$srv_auth" ] || srv_auth="--pskpasswd $d/psk.passwd"
        $timeout_cmd gnutls-serv --udp -p "$port" $srv_auth --priority "$GNUTLS_PRIO" \
            --echo $SRV_ARGS <"$d/srv.in" >"$d/server.out" 2>&1 &
        srv_pid=$! ;;
    esac
    PIDS+=("$srv_pid")
    exec 3>"$d/srv.in"
    # s_server answers a line it has before the handshake through SSL_write, which
    # completes the handshake without printing the session (-keymatexport, SRTP):
    # SERVER_MSG_LATE=1 gives it the line after the client's has arrived
    [ "$SRV_KIND" = openssl ] && [ "$SERVER_MSG_LATE" != 1 ] && echo "$SERVER_MSG" >&3
    wait_bound "$port" || why "the server did not bind port $port"

    # -- the relay
    if [ "$RELAY" = 1 ]; then
        next_port; cport=$PORT
        "$B/relay" "$cport" "$port" 2>"$d/relay.log" &
        relay_pid=$!; PIDS+=("$relay_pid")
        wait_bound "$cport" || why "the relay did not bind port $cport"
    fi

    # -- the client
    case $CLI_KIND in
    ours)
        [ -n "$cli_auth" ] || cli_auth="--psk-identity $ID --psk $PSK"
        $timeout_cmd "$CLIENT" -v --suites "$SUITE" $cli_auth $CLI_ARGS \
            127.0.0.1 "$cport" <"$d/cli.in" >"$d/client.out" 2>"$d/client.err" &
        cli_pid=$! ;;
    openssl)
        [ -n "$cli_auth" ] || cli_auth="-psk_identity $ID -psk $PSK"
        env $PEER_ENV $timeout_cmd openssl s_client -dtls1_2 -connect "127.0.0.1:$cport" \
            $cli_auth -cipher "$OSSL_CIPHER" -msg $CLI_ARGS \
            <"$d/cli.in" >"$d/client.out" 2>&1 &
        cli_pid=$! ;;
    gnutls)
        [ -n "$cli_auth" ] || cli_auth="--pskusername $ID --pskkey $PSK"
        $timeout_cmd stdbuf -oL gnutls-cli --udp -p "$cport" 127.0.0.1 $cli_auth \
            --priority "$GNUTLS_PRIO" $CLI_ARGS <"$d/cli.in" >"$d/client.out" 2>&1 &
        cli_pid=$! ;;
    esac
    PIDS+=("$cli_pid")
    exec 4>"$d/cli.in"
    echo "$CLIENT_MSG" >&4
    if [ "$SRV_KIND" = openssl ] && [ "$SERVER_MSG_LATE" = 1 ]; then
        wait_for "$d/server.out" "$CLIENT_MSG" 5 && echo "$SERVER_MSG" >&3
    fi

    local expect_back=$SERVER_MSG
    [ "$SRV_KIND" = openssl ] || expect_back=$CLIENT_MSG # the echo
    if [ "$EXPECT" = ok ]; then
        wait_for "$d/client.out" "$expect_back" $HOLD "$cli_pid" || why "the client did not receive the server's line"
        wait_for "$d/server.out" "$CLIENT_MSG" 5 || why "the server did not receive the client's line"
    fi
    exec 4>&- # end of the client's input: it sends close_notify
    wait_exit "$cli_pid" $HOLD; cli_rc=$?
    [ "$SRV_KIND" = gnutls ] && sleep 0.3
    if [ "$SRV_KIND" = gnutls ]; then kill "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null; srv_rc=0
    else wait_exit "$srv_pid" 10; srv_rc=$?; fi
    exec 3>&-
    if [ -n "$relay_pid" ]; then kill "$relay_pid" 2>/dev/null; wait "$relay_pid" 2>/dev/null; fi

    # -- checks
    # Debian's gnutls-cli 3.7.9 crashes (SIGSEGV in gnutls_psk_server_get_username,
    # called by its session printout) after every ECDHE-PSK handshake it
    # completes, against OpenSSL's s_server as well: only the handshake counts.
    if [ "$CLI_KIND" = gnutls ] && [ "$cli_rc" = 139 ] && grep -q "^- Description: .*ECDHE" "$d/client.out" &&
        grep -q "^- PSK authentication" "$d/client.out"; then
        WHY="" # no data could flow
        grep -q "handshake complete: $SUITE " "$d/server.err" || why "dtls-server did not complete the handshake"
        grep -q "ERROR: AddressSanitizer\|runtime error:" "$d"/*.err 2>/dev/null && why "sanitizer report"
        verdict "$name: handshake (both sides complete)" "$d"
        skip "$name: data and close_notify" "gnutls-cli $(gnutls-cli --version | head -n 1 | awk '{print $NF}') crashes after an ECDHE-PSK handshake (its own bug, also against OpenSSL)"
        return
    fi
    if [ "$EXPECT" = ok ]; then
        case $CLI_KIND in
        ours)
            [ "$cli_rc" = 0 ] || why "dtls-client exited $cli_rc"
            grep -q "complete in .*: $SUITE " "$d/client.err" || why "dtls-client did not report $SUITE"
            grep -q "and close_notify" "$d/client.err" || why "dtls-client did not send close_notify"
            # gnutls-serv --udp answers no close_notify (to gnutls-cli neither)
            [ "$SRV_KIND" = ours ] || [ "$SRV_KIND" = gnutls ] || grep -q "the peer sent close_notify" "$d/client.err" ||
                why "dtls-client did not receive the server's close_notify" ;;
        openssl)
            [ "$cli_rc" = 0 ] || why "s_client exited $cli_rc"
            grep -q "Cipher is $OSSL_CIPHER" "$d/client.out" || why "s_client did not negotiate $OSSL_CIPHER" ;;
        gnutls)
            [ "$cli_rc" = 0 ] || why "gnutls-cli exited $cli_rc"
            grep -q "Handshake was completed" "$d/client.out" || why "gnutls-cli: no completed handshake"
            grep -q "Peer has closed the GnuTLS connection" "$d/client.out" ||
                why "gnutls-cli did not receive our close_notify" ;;
        esac
        case $SRV_KIND in
        ours)
            [ "$srv_rc" = 0 ] || why "dtls-server exited $srv_rc (0: the connection ended with close_notify)"
            grep -q "handshake complete: $SUITE " "$d/server.err" || why "dtls-server did not report $SUITE"
            grep -q "the peer sent close_notify" "$d/server.err" || why "dtls-server saw no close_notify" ;;
        openssl)
            ossl_got_close_notify "$d/server.out" || why "s_server did not receive close_notify" ;;
        esac
    else # refused: the handshake must fail on our side with handshake_failure
        if [ "$CLI_KIND" = ours ]; then
            [ "$cli_rc" != 0 ] && [ "$cli_rc" != 124 ] || why "dtls-client exited $cli_rc (refusal expected)"
            grep -q "handshake_failure" "$d/client.err" || why "dtls-client did not report handshake_failure"
        else
            grep -q "Cipher is (NONE)\|alert handshake failure" "$d/client.out" || why "the peer client did not fail"
            grep -q "handshake_failure" "$d/server.err" || why "dtls-server did not report handshake_failure"
        fi
    fi
    if [ "$RELAY" = 1 ]; then
        grep -q "drop c>s" "$d/relay.log" && grep -q "drop s>c" "$d/relay.log" ||
            why "the relay dropped nothing in one direction"
    fi
    for c in $CHECK; do $c "$d" || why "$c"; done
    grep -q "ERROR: AddressSanitizer\|runtime error:" "$d"/*.err 2>/dev/null && why "sanitizer report"
    verdict "$name" "$d"
}

timeout_cmd="timeout -k 5 $((HOLD + 15))"
defaults() {
    SRV_ARGS="" CLI_ARGS="" PEER_ENV="" EXPECT=ok RELAY=0 CHECK="" OSSL_CIPHER="" GNUTLS_PRIO="" SERVER_MSG_LATE=0
    SRV_AUTH="" CLI_AUTH=""
}

# suite table: IANA name, OpenSSL name
SUITES="TLS_PSK_WITH_AES_128_CCM_8:PSK-AES128-CCM8
TLS_PSK_WITH_AES_128_CCM:PSK-AES128-CCM
TLS_PSK_WITH_AES_128_GCM_SHA256:PSK-AES128-GCM-SHA256
TLS_PSK_WITH_AES_256_GCM_SHA384:PSK-AES256-GCM-SHA384
TLS_PSK_WITH_CHACHA20_POLY1305_SHA256:PSK-CHACHA20-POLY1305
TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256:ECDHE-PSK-CHACHA20-POLY1305"

# extra checks
hint_seen_by_us() { grep -q 'server identity hint: "hint-from-openssl"' "$1/client.err"; }
# OpenSSL 3.0's -msg shows DTLS records in hex: a ServerKeyExchange is a
# received handshake record whose body starts with type 0c
ske_seen_by_openssl() {
    awk 'prev ~ /^<<< .*content_type=22/ && $1 == "0c" {f = 1} {prev = $0} END {exit !f}' "$1/client.out"
}
openssl_no_ems() { grep -q "Extended master secret: no" "$1/client.out"; }
x25519_used() { ! grep -q "Server Temp Key" "$1/client.out" || grep -q "Server Temp Key: X25519" "$1/client.out"; }
p256_used() { ! grep -q "Server Temp Key" "$1/client.out" || grep -q "Server Temp Key: ECDH, prime256v1\|Server Temp Key: ECDH, P-256" "$1/client.out"; }

we_fragmented_client() { grep -q "send .*ClientKeyExchange(seq 2, fragment 0+" "$1/client.err"; }
we_fragmented_server() { grep -q "send .*ServerKeyExchange(seq 2, fragment 0+" "$1/server.err"; }

# ---------------------------------------------------------------------------
if ! have openssl; then
    skip "OpenSSL interop (s_server / s_client -dtls1_2)" "install openssl"
else
    echo "     peer: $(openssl version)"
    while IFS=: read -r iana ossl; do
        defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$iana OSSL_CIPHER=$ossl
        case $iana in *ECDHE*) SRV_ARGS="-groups X25519" CHECK="" ;; esac
        run_case "openssl s_server <- dtls-client: $iana${SRV_ARGS:+ (X25519)}"
        defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$iana OSSL_CIPHER=$ossl
        case $iana in *ECDHE*) CLI_ARGS="-groups X25519" CHECK=x25519_used ;; esac
        run_case "openssl s_client -> dtls-server: $iana${CLI_ARGS:+ (X25519)}"
    done <<<"$SUITES"

    E=TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256 EO=ECDHE-PSK-CHACHA20-POLY1305
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$E OSSL_CIPHER=$EO SRV_ARGS="-groups P-256"
    run_case "openssl s_server <- dtls-client: $E (P-256)"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$E OSSL_CIPHER=$EO CLI_ARGS="-groups P-256" CHECK=p256_used
    run_case "openssl s_client -> dtls-server: $E (P-256)"

    # a PSK identity hint: plain PSK with ServerKeyExchange
    C=TLS_PSK_WITH_AES_128_CCM_8 CO=PSK-AES128-CCM8
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$C OSSL_CIPHER=$CO SRV_ARGS="-psk_hint hint-from-openssl" CHECK=hint_seen_by_us
    run_case "openssl s_server -psk_hint <- dtls-client: $C, ServerKeyExchange"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$C OSSL_CIPHER=$CO SRV_ARGS="--psk-hint hint-from-dtls.h" CHECK=ske_seen_by_openssl
    run_case "openssl s_client -> dtls-server --psk-hint: $C, ServerKeyExchange"

    # handshake messages in fragments (RFC 6347 4.2.3): a 128-byte identity or
    # hint with a P-256 share does not fit our --mtu 200
    LONG=$(printf 'x%.0s' $(seq 1 128))
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$E OSSL_CIPHER=$EO SRV_ARGS="-groups P-256" CLI_ARGS="--mtu 200 --psk-identity $LONG" CHECK=we_fragmented_client
    run_case "openssl s_server <- dtls-client --mtu 200: $E (P-256), ClientKeyExchange in fragments"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$E OSSL_CIPHER=$EO SRV_ARGS="--mtu 200 --psk-hint $LONG" CLI_ARGS="-groups P-256" CHECK=we_fragmented_server
    run_case "openssl s_client -> dtls-server --mtu 200: $E (P-256), ServerKeyExchange in fragments"

    # a peer without extended_master_secret
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$C OSSL_CIPHER=$CO PEER_ENV="OPENSSL_CONF=$B/no_ems.cnf" EXPECT=refused
    run_case "openssl s_server without EMS <- dtls-client: refused (handshake_failure)"
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$C OSSL_CIPHER=$CO PEER_ENV="OPENSSL_CONF=$B/no_ems.cnf" CLI_ARGS=--allow-no-ems
    run_case "openssl s_server without EMS <- dtls-client --allow-no-ems: accepted"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$C OSSL_CIPHER=$CO PEER_ENV="OPENSSL_CONF=$B/no_ems.cnf" EXPECT=refused
    run_case "openssl s_client without EMS -> dtls-server: refused (handshake_failure)"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$C OSSL_CIPHER=$CO PEER_ENV="OPENSSL_CONF=$B/no_ems.cnf" SRV_ARGS=--allow-no-ems CHECK=openssl_no_ems
    run_case "openssl s_client without EMS -> dtls-server --allow-no-ems: accepted"

    # retransmission against retransmission: the first copy of every flight lost
    defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$C OSSL_CIPHER=$CO RELAY=1
    run_case "openssl s_server <- relay <- dtls-client: $C, first copy of every flight lost"
    defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$E OSSL_CIPHER=$EO RELAY=1
    run_case "openssl s_client -> relay -> dtls-server: $E, first copy of every flight lost"
fi

# ---------------------------------------------------------------------------
if ! have gnutls-serv || ! have gnutls-cli; then
    skip "GnuTLS interop (gnutls-serv / gnutls-cli --udp)" "install gnutls-bin"
else
    echo "     peer: $(gnutls-cli --version | head -n 1)"
    G="-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:-CIPHER-ALL:-MAC-ALL:+AEAD"
    while IFS=: read -r iana prio; do
        defaults; SRV_KIND=gnutls CLI_KIND=ours SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$prio"
        run_case "gnutls-serv <- dtls-client: $iana"
        defaults; SRV_KIND=ours CLI_KIND=gnutls SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$prio"
        run_case "gnutls-cli -> dtls-server: $iana"
    done <<EOF
TLS_PSK_WITH_AES_128_CCM_8:+PSK:+AES-128-CCM-8
TLS_PSK_WITH_AES_128_GCM_SHA256:+PSK:+AES-128-GCM
TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256:+ECDHE-PSK:+CHACHA20-POLY1305
EOF
fi

# ---------------------------------------------------------------------------
# Certificates and raw public keys.  Made at test time with openssl (never
# committed): P-256 and RSA-2048 chains root -> intermediate -> leaf, the
# server leaves for localhost / 127.0.0.1, a client leaf (clientAuth) under
# the P-256 intermediate, our keys also in SEC1, PKCS#1 and DER form (the
# loaders' other encodings), and two P-256 key pairs for raw public keys.
CD="$B/certs"
make_certs() {
    rm -rf "$CD"; mkdir -p "$CD"
    (
        set -e
        cd "$CD"
        ec="openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30"
        rsa="openssl req -x509 -newkey rsa:2048 -nodes -days 30"
        ca="-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
        int="-addext basicConstraints=critical,CA:TRUE,pathlen:0 -addext keyUsage=critical,keyCertSign,cRLSign"
        leaf="-addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature"
        srv="-addext extendedKeyUsage=serverAuth -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
        for k in ec rsa; do
            r=${!k}
            $r -keyout $k-root.key -out $k-root.pem -subj "/CN=interop $k root CA" $ca
            $r -keyout $k-int.key -out $k-int.pem -subj "/CN=interop $k intermediate CA" \
                -CA $k-root.pem -CAkey $k-root.key $int
            $r -keyout $k-srv.key -out $k-srv.pem -subj "/CN=localhost" -CA $k-int.pem -CAkey $k-int.key $leaf $srv
            cat $k-srv.pem $k-int.pem >$k-srv-chain.pem
        done
        $ec -keyout ec-cli.key -out ec-cli.pem -subj "/CN=interop client" -CA ec-int.pem -CAkey ec-int.key \
            $leaf -addext extendedKeyUsage=clientAuth
        cat ec-cli.pem ec-int.pem >ec-cli-chain.pem
        openssl ec -in ec-srv.key -out ec-srv.sec1.pem               # SEC1 "EC PRIVATE KEY"
        openssl rsa -in rsa-srv.key -traditional -out rsa-srv.pkcs1.pem # PKCS#1 "RSA PRIVATE KEY"
        openssl pkey -in ec-cli.key -outform DER -out ec-cli.key.der   # PKCS#8 DER
        for k in rpk-ours rpk-peer; do
            openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $k.key
            openssl pkey -in $k.key -pubout -out $k.pub
        done
        grep -q "BEGIN EC PRIVATE KEY" ec-srv.sec1.pem && grep -q "BEGIN RSA PRIVATE KEY" rsa-srv.pkcs1.pem
    ) >"$B/certs.log" 2>&1
}

# extra checks of the certificate cases
we_verified_server() { grep -q 'server certificate chain: 2 certificate(s), leaf CN "localhost", verdict: ok' "$1/client.err"; }
we_verified_client() { grep -q 'client certificate chain: 2 certificate(s), leaf CN "interop client", verdict: ok' "$1/server.err"; }
we_trusted_server_rpk() { grep -q "server raw public key (91 bytes): trusted" "$1/client.err"; }
we_trusted_client_rpk() { grep -q "client raw public key (91 bytes): trusted" "$1/server.err"; }
openssl_verified_us() { grep -q "Verify return code: 0 (ok)" "$1/client.out"; }
# s_server -Verify 1 -verify_return_error: the client leaf checked ("verify return:1")
openssl_verified_client() {
    awk 'prev ~ /^depth=0 CN = interop client$/ && $0 ~ /^verify return:1$/ {f = 1} {prev = $0} END {exit !f}' "$1/server.out"
}
we_sent_certificate_verify() { grep -q "^dtls-client .*send .*Certificate(seq 2.*CertificateVerify" "$1/client.err"; }
gnutls_saw_our_rpk() { grep -q "^- Certificate type: Raw Public Key" "$1/client.out" && grep -q "^- Got 1 Raw public-key" "$1/client.out"; }
gnutls_verified_us() { grep -q "The certificate is trusted" "$1/client.out"; }

# suite table: IANA name, OpenSSL name, GnuTLS priority items
CERT_SUITES="TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8:ECDHE-ECDSA-AES128-CCM8:+ECDHE-ECDSA:+AES-128-CCM-8
TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:+ECDHE-ECDSA:+AES-128-GCM
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:+ECDHE-ECDSA:+AES-256-GCM
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:+ECDHE-ECDSA:+CHACHA20-POLY1305
TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256:+ECDHE-RSA:+AES-128-GCM
TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:ECDHE-RSA-AES256-GCM-SHA384:+ECDHE-RSA:+AES-256-GCM
TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:ECDHE-RSA-CHACHA20-POLY1305:+ECDHE-RSA:+CHACHA20-POLY1305"

# our side's arguments for a chain of kind $1 (ec | rsa)
our_server_cert() {
    if [ "$1" = rsa ]; then echo "--cert $CD/rsa-srv-chain.pem --key $CD/rsa-srv.pkcs1.pem"
    else echo "--cert $CD/ec-srv-chain.pem --key $CD/ec-srv.sec1.pem"; fi
}
OUR_CLIENT_CERT="--cert $CD/ec-cli-chain.pem --key $CD/ec-cli.key.der"

CERT_CASES=1
if ! have openssl; then
    skip "certificate interop" "install openssl (it makes the test certificates)"
    CERT_CASES=0
else
    if make_certs; then
        pass "certificates made with openssl (P-256 and RSA chains, client leaf, raw public keys) in $CD"
    else
        fail "make the test certificates with openssl"; tail -n 20 "$B/certs.log" | sed 's/^/    /'
        CERT_CASES=0
    fi
fi

if [ "$CERT_CASES" = 1 ]; then
    while IFS=: read -r iana ossl gprio; do
        k=ec kname="P-256 chain"
        case $iana in *_RSA_*) k=rsa kname="RSA chain" ;; esac
        OSSL_SRV_CERT="-cert $CD/$k-srv.pem -key $CD/$k-srv.key -cert_chain $CD/$k-int.pem"
        OSSL_CLI_VERIFY="-CAfile $CD/$k-root.pem -verify_return_error -verify_hostname localhost -servername localhost"
        OUR_CLI_VERIFY="--ca $CD/$k-root.pem --servername localhost"

        defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$iana OSSL_CIPHER=$ossl
        SRV_AUTH=$OSSL_SRV_CERT CLI_AUTH=$OUR_CLI_VERIFY CHECK=we_verified_server
        run_case "openssl s_server <- dtls-client: $iana (cert, $kname)"
        defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$iana OSSL_CIPHER=$ossl
        SRV_AUTH=$(our_server_cert $k) CLI_AUTH=$OSSL_CLI_VERIFY CHECK=openssl_verified_us
        run_case "openssl s_client -> dtls-server: $iana (cert, $kname)"

        # mutual: the client presents the P-256 client chain
        defaults; SRV_KIND=openssl CLI_KIND=ours SUITE=$iana OSSL_CIPHER=$ossl
        SRV_AUTH="$OSSL_SRV_CERT -Verify 1 -verify_return_error -CAfile $CD/ec-root.pem"
        CLI_AUTH="$OUR_CLI_VERIFY $OUR_CLIENT_CERT" CHECK="we_verified_server we_sent_certificate_verify openssl_verified_client"
        run_case "openssl s_server -Verify 1 <- dtls-client --cert: $iana (cert, $kname, mutual)"
        defaults; SRV_KIND=ours CLI_KIND=openssl SUITE=$iana OSSL_CIPHER=$ossl
        SRV_AUTH="$(our_server_cert $k) --verify-client required --ca $CD/ec-root.pem"
        CLI_AUTH="$OSSL_CLI_VERIFY -cert $CD/ec-cli.pem -key $CD/ec-cli.key -cert_chain $CD/ec-int.pem"
        CHECK="openssl_verified_us we_verified_client"
        run_case "openssl s_client -cert -> dtls-server --verify-client required: $iana (cert, $kname, mutual)"
    done <<<"$CERT_SUITES"
fi

if [ "$CERT_CASES" = 1 ] && have gnutls-serv && have gnutls-cli; then
    G="-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:-CIPHER-ALL:-MAC-ALL:+AEAD"
    for row in "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8:ec:+ECDHE-ECDSA:+AES-128-CCM-8" \
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:rsa:+ECDHE-RSA:+AES-128-GCM"; do
        iana=${row%%:*} rest=${row#*:}; k=${rest%%:*} gprio=${rest#*:}
        kname="P-256 chain"; [ $k = rsa ] && kname="RSA chain"
        defaults; SRV_KIND=gnutls CLI_KIND=ours SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$gprio"
        SRV_AUTH="--x509certfile $CD/$k-srv-chain.pem --x509keyfile $CD/$k-srv.key"
        CLI_AUTH="--ca $CD/$k-root.pem --servername localhost" CHECK=we_verified_server
        run_case "gnutls-serv <- dtls-client: $iana (cert, $kname)"
        defaults; SRV_KIND=ours CLI_KIND=gnutls SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$gprio"
        SRV_AUTH=$(our_server_cert $k) CLI_AUTH="--x509cafile $CD/$k-root.pem --verify-hostname localhost"
        CHECK=gnutls_verified_us
        run_case "gnutls-cli -> dtls-server: $iana (cert, $kname)"
    done
    iana=TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 gprio="+ECDHE-ECDSA:+AES-128-CCM-8"
    defaults; SRV_KIND=gnutls CLI_KIND=ours SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$gprio"
    SRV_AUTH="--x509certfile $CD/ec-srv-chain.pem --x509keyfile $CD/ec-srv.key --require-client-cert --verify-client-cert --x509cafile $CD/ec-root.pem"
    CLI_AUTH="--ca $CD/ec-root.pem --servername localhost $OUR_CLIENT_CERT" CHECK="we_verified_server we_sent_certificate_verify"
    run_case "gnutls-serv --verify-client-cert <- dtls-client --cert: $iana (cert, P-256 chain, mutual)"
    defaults; SRV_KIND=ours CLI_KIND=gnutls SUITE=$iana GNUTLS_PRIO="NORMAL:$G:$gprio"
    SRV_AUTH="$(our_server_cert ec) --verify-client required --ca $CD/ec-root.pem"
    CLI_AUTH="--x509cafile $CD/ec-root.pem --verify-hostname localhost --x509certfile $CD/ec-cli-chain.pem --x509keyfile $CD/ec-cli.key"
    CHECK="gnutls_verified_us we_verified_client"
    run_case "gnutls-cli --x509certfile -> dtls-server --verify-client required: $iana (cert, P-256 chain, mutual)"

    # raw public keys (RFC 7250): Debian's OpenSSL 3.0 has none, GnuTLS has
    R="NORMAL:$G:$gprio:+CTYPE-CLI-RAWPK:+CTYPE-SRV-RAWPK"
    defaults; SRV_KIND=gnutls CLI_KIND=ours SUITE=$iana GNUTLS_PRIO=$R
    SRV_AUTH="--rawpkfile $CD/rpk-peer.pub --rawpkkeyfile $CD/rpk-peer.key"
    CLI_AUTH="--rpk --key $CD/rpk-ours.key --peer-key $CD/rpk-peer.pub" CHECK=we_trusted_server_rpk
    run_case "gnutls-serv --rawpkfile <- dtls-client --rpk: $iana (rpk)"
    defaults; SRV_KIND=gnutls CLI_KIND=ours SUITE=$iana GNUTLS_PRIO=$R
    SRV_AUTH="--rawpkfile $CD/rpk-peer.pub --rawpkkeyfile $CD/rpk-peer.key --require-client-cert"
    CLI_AUTH="--rpk --key $CD/rpk-ours.key --peer-key $CD/rpk-peer.pub"
    CHECK="we_trusted_server_rpk we_sent_certificate_verify"
    run_case "gnutls-serv --rawpkfile --require-client-cert <- dtls-client --rpk: $iana (rpk, mutual)"
    defaults; SRV_KIND=ours CLI_KIND=gnutls SUITE=$iana GNUTLS_PRIO=$R
    # gnutls-cli has no way to trust a raw key but TOFU: --insecure (our key is
    # the one it prints; the direction above checks a raw key on our side)
    SRV_AUTH="--rpk --key $CD/rpk-ours.key"
    CLI_AUTH="--insecure" CHECK=gnutls_saw_our_rpk
    run_case "gnutls-cli -> dtls-server --rpk: $iana (rpk)"
    defaults; SRV_KIND=ours CLI_KIND=gnutls SUITE=$iana GNUTLS_PRIO=$R
    SRV_AUTH="--rpk --key $CD/rpk-ours.key --verify-client required --peer-key $CD/rpk-peer.pub"
    CLI_AUTH="--insecure --rawpkfile $CD/rpk-peer.pub --rawpkkeyfile $CD/rpk-peer.key"
    CHECK="gnutls_saw_our_rpk we_trusted_client_rpk"
    run_case "gnutls-cli --rawpkfile -> dtls-server --rpk --verify-client required: $iana (rpk, mutual)"
elif [ "$CERT_CASES" = 1 ]; then
    skip "GnuTLS certificate and raw-public-key interop" "install gnutls-bin"
fi

# ---------------------------------------------------------------------------
# Heartbeat (RFC 6520) over DTLS with GnuTLS 3.7 (--heartbeat): our client's
# requests answered by gnutls-serv; gnutls-serv's request (its echo server
# pings on the line "**HEARTBEAT**") answered by our client; our server's
# requests answered by gnutls-cli.  (gnutls-cli sends "**HEARTBEAT**" as
# data: it has no ping command of its own here, so our server's answering is
# shown in-memory, tests/proto/test_heartbeat.c, and against our client.)
hb_case() { want "$1" || return 1; HBD="$B/hb_$2"; rm -rf "$HBD"; mkdir -p "$HBD"; next_port; return 0; }
if have gnutls-serv && have gnutls-cli && gnutls-cli --help 2>&1 | grep -q -- '--heartbeat'; then
    HBP="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:-CIPHER-ALL:-MAC-ALL:+AEAD:+PSK:+AES-128-CCM-8"
    name="gnutls-serv --heartbeat <- dtls-client --heartbeat-ms 300: requests answered"
    if hb_case "$name" a; then
        echo "$ID:$PSK" >"$HBD/psk.passwd"
        timeout -k 5 15 gnutls-serv --udp -p "$PORT" --pskpasswd "$HBD/psk.passwd" --heartbeat --echo --priority "$HBP" \
            >"$HBD/server.out" 2>&1 &
        hpid=$!; PIDS+=("$hpid")
        wait_bound "$PORT"
        (sleep 1.3; echo hello) | timeout -k 5 10 "$CLIENT" -v --psk-identity "$ID" --psk "$PSK" --heartbeat-ms 300 \
            127.0.0.1 "$PORT" >"$HBD/client.out" 2>"$HBD/client.err"
        rc=$?; kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null
        nq=$(grep -c 'heartbeat request sent' "$HBD/client.err"); na=$(grep -c 'heartbeat response received' "$HBD/client.err")
        if [ $rc = 0 ] && [ "$nq" -ge 3 ] && [ "$nq" = "$na" ] && grep -q '^hello$' "$HBD/client.out"; then pass "$name ($nq of $nq)"
        else fail "$name: exit $rc, $nq requests, $na responses ($HBD)"; fi
    fi
    name="gnutls-serv --heartbeat pings -> dtls-client --heartbeat-ms 0: answered"
    if hb_case "$name" b; then
        echo "$ID:$PSK" >"$HBD/psk.passwd"
        timeout -k 5 15 gnutls-serv --udp -p "$PORT" --pskpasswd "$HBD/psk.passwd" --heartbeat --echo --priority "$HBP" \
            >"$HBD/server.out" 2>&1 &
        hpid=$!; PIDS+=("$hpid")
        wait_bound "$PORT"
        (echo '**HEARTBEAT**'; sleep 1.5) | timeout -k 5 10 "$CLIENT" -v --psk-identity "$ID" --psk "$PSK" --heartbeat-ms 0 \
            127.0.0.1 "$PORT" >"$HBD/client.out" 2>"$HBD/client.err"
        rc=$?; kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null
        # GnuTLS pings with 300 bytes of payload: 319 bytes of message each way
        if [ $rc = 0 ] && grep -q 'recv [0-9]* bytes: heartbeat(epoch 1, 319 bytes)' "$HBD/client.err" &&
            grep -q 'send [0-9]* bytes: heartbeat(epoch 1, 319 bytes)' "$HBD/client.err" &&
            ! grep -qi 'error' "$HBD/server.out"; then pass "$name"
        else fail "$name: exit $rc ($HBD)"; fi
    fi
    name="gnutls-cli --heartbeat -> dtls-server --heartbeat-ms 300: requests answered"
    if hb_case "$name" c; then
        timeout -k 5 15 "$SERVER" -v --once --echo --bind 127.0.0.1 --psk-identity "$ID" --psk "$PSK" --heartbeat-ms 300 \
            "$PORT" >"$HBD/server.out" 2>"$HBD/server.err" &
        hpid=$!; PIDS+=("$hpid")
        wait_bound "$PORT"
        (echo hello; sleep 1.5) | timeout -k 5 3 gnutls-cli --udp -p "$PORT" 127.0.0.1 --pskusername "$ID" --pskkey "$PSK" \
            --heartbeat --priority "$HBP" >"$HBD/client.out" 2>&1
        sleep 0.2; kill "$hpid" 2>/dev/null; wait "$hpid" 2>/dev/null
        nq=$(grep -c 'heartbeat request sent' "$HBD/server.err"); na=$(grep -c 'heartbeat response received' "$HBD/server.err")
        if [ "$nq" -ge 3 ] && [ "$na" -ge $((nq - 1)) ] && grep -q 'Handshake was completed' "$HBD/client.out"; then
            pass "$name ($na of $nq; the last may be cut by the end)"
        else fail "$name: $nq requests, $na responses ($HBD)"; fi
    fi
else
    skip "GnuTLS heartbeat interop" "gnutls-serv / gnutls-cli with --heartbeat not installed"
fi

# ---------------------------------------------------------------------------
# Session resumption (issue 12) with PSK-AES128-CCM8: by session ID (tickets
# off on the server side) and by ticket (RFC 5077), each way.  A case passes
# when both connections exit 0, the first is a full handshake and the second
# an abbreviated one: OpenSSL prints "New," then "Reused,", s_server "Reused
# session-id"; gnutls-cli --resume "This is a resumed session"; our client
# "session: full" then "session: resumed"; our server "(session resumed)".
res_case() { want "$1" || return 1; RSD="$B/res_$2"; rm -rf "$RSD"; mkdir -p "$RSD"; next_port; return 0; }
RES_CIPHER=PSK-AES128-CCM8
if have openssl; then
    for mode in id ticket; do
        sopt=""; [ $mode = id ] && sopt="--no-tickets"
        name="openssl s_client -sess_out/-sess_in -> dtls-server${sopt:+ $sopt}: resumed by $mode"
        if res_case "$name" "osc_$mode"; then
            timeout -k 5 20 "$SERVER" --psk-identity "$ID" --psk "$PSK" --echo $sopt --bind 127.0.0.1 "$PORT" \
                2>"$RSD/server.err" &
            rpid=$!; PIDS+=("$rpid")
            wait_bound "$PORT"
            (echo one; sleep 1) | timeout -k 5 10 openssl s_client -dtls1_2 -connect "127.0.0.1:$PORT" -psk_identity "$ID" \
                -psk "$PSK" -cipher $RES_CIPHER -sess_out "$RSD/sess.pem" >"$RSD/c1.out" 2>&1
            rc1=$?
            (echo two; sleep 1) | timeout -k 5 10 openssl s_client -dtls1_2 -connect "127.0.0.1:$PORT" -psk_identity "$ID" \
                -psk "$PSK" -cipher $RES_CIPHER -sess_in "$RSD/sess.pem" >"$RSD/c2.out" 2>&1
            rc2=$?
            kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
            tk=0; grep -q 'TLS session ticket:' "$RSD/c1.out" && tk=1
            if [ $rc1 = 0 ] && [ $rc2 = 0 ] && grep -q '^New, TLSv1.2' "$RSD/c1.out" && grep -q '^Reused, TLSv1.2' "$RSD/c2.out" &&
                grep -q 'handshake complete (session resumed)' "$RSD/server.err" &&
                { { [ $mode = id ] && [ $tk = 0 ]; } || { [ $mode = ticket ] && [ $tk = 1 ]; }; }; then
                pass "$name (exit 0/0, New then Reused, ticket issued: $tk)"
            else fail "$name: exit $rc1/$rc2, ticket $tk ($RSD)"; fi
        fi
        sopt=""; [ $mode = id ] && sopt="-no_ticket"
        name="openssl s_server${sopt:+ $sopt} <- dtls-client --session-out/--session-in: resumed by $mode"
        if res_case "$name" "oss_$mode"; then
            sleep 8 | timeout -k 5 10 openssl s_server -dtls1_2 -accept "127.0.0.1:$PORT" -nocert -psk_identity "$ID" \
                -psk "$PSK" -cipher $RES_CIPHER $sopt >"$RSD/server.out" 2>&1 &
            rpid=$!; PIDS+=("$rpid")
            wait_bound "$PORT"
            echo one | timeout -k 5 8 "$CLIENT" --psk-identity "$ID" --psk "$PSK" --session-out "$RSD/sess" --wait-ms 300 \
                --linger-ms 300 127.0.0.1 "$PORT" >"$RSD/c1.out" 2>"$RSD/c1.err"
            rc1=$?
            echo two | timeout -k 5 8 "$CLIENT" --psk-identity "$ID" --psk "$PSK" --session-in "$RSD/sess" --wait-ms 300 \
                --linger-ms 300 127.0.0.1 "$PORT" >"$RSD/c2.out" 2>"$RSD/c2.err"
            rc2=$?
            kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
            sz=$(wc -c <"$RSD/sess" 2>/dev/null || echo 0)
            if [ $rc1 = 0 ] && [ $rc2 = 0 ] && grep -qx 'session: full' "$RSD/c1.err" && grep -qx 'session: resumed' "$RSD/c2.err" &&
                grep -q 'Reused session-id' "$RSD/server.out" &&
                { { [ $mode = id ] && [ "$sz" = 113 ]; } || { [ $mode = ticket ] && [ "$sz" -gt 113 ]; }; }; then
                pass "$name (exit 0/0, session: full then resumed, $sz bytes saved)"
            else fail "$name: exit $rc1/$rc2, $sz bytes saved ($RSD)"; fi
        fi
    done
else
    skip "OpenSSL resumption interop" "install openssl"
fi
if have gnutls-cli && have gnutls-serv; then
    RP="NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:-CIPHER-ALL:-MAC-ALL:+AEAD:+PSK:+AES-128-CCM-8"
    for mode in id ticket; do
        sopt=""; [ $mode = id ] && sopt="--no-tickets"
        name="gnutls-cli --resume -> dtls-server${sopt:+ $sopt}: resumed by $mode"
        if res_case "$name" "gc_$mode"; then
            timeout -k 5 20 "$SERVER" --psk-identity "$ID" --psk "$PSK" --echo $sopt --bind 127.0.0.1 "$PORT" \
                2>"$RSD/server.err" &
            rpid=$!; PIDS+=("$rpid")
            wait_bound "$PORT"
            sleep 3 | timeout -k 5 10 gnutls-cli --udp --resume --pskusername "$ID" --pskkey "$PSK" --priority "$RP" \
                -p "$PORT" 127.0.0.1 >"$RSD/client.out" 2>&1
            rc=$?
            kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
            if [ $rc = 0 ] && grep -q 'This is a resumed session' "$RSD/client.out" &&
                grep -q 'handshake complete (session resumed)' "$RSD/server.err"; then pass "$name (exit 0, resumed)"
            else fail "$name: exit $rc ($RSD)"; fi
        fi
        sopt=""; [ $mode = id ] && sopt=":%NO_TICKETS"
        name="gnutls-serv <- dtls-client --session-out/--session-in: resumed by $mode"
        if res_case "$name" "gs_$mode"; then
            echo "$ID:$PSK" >"$RSD/psk.passwd"
            timeout -k 5 12 gnutls-serv --udp -p "$PORT" --pskpasswd "$RSD/psk.passwd" --echo --priority "$RP$sopt" \
                >"$RSD/server.out" 2>&1 &
            rpid=$!; PIDS+=("$rpid")
            wait_bound "$PORT"
            echo one | timeout -k 5 8 "$CLIENT" --psk-identity "$ID" --psk "$PSK" --session-out "$RSD/sess" --wait-ms 500 \
                --linger-ms 300 127.0.0.1 "$PORT" >"$RSD/c1.out" 2>"$RSD/c1.err"
            rc1=$?
            echo two | timeout -k 5 8 "$CLIENT" --psk-identity "$ID" --psk "$PSK" --session-in "$RSD/sess" --wait-ms 500 \
                --linger-ms 300 127.0.0.1 "$PORT" >"$RSD/c2.out" 2>"$RSD/c2.err"
            rc2=$?
            kill "$rpid" 2>/dev/null; wait "$rpid" 2>/dev/null
            sz=$(wc -c <"$RSD/sess" 2>/dev/null || echo 0)
            if [ $rc1 = 0 ] && [ $rc2 = 0 ] && grep -qx 'session: full' "$RSD/c1.err" && grep -qx 'session: resumed' "$RSD/c2.err"; then
                pass "$name (exit 0/0, session: full then resumed, $sz bytes saved)"
            else fail "$name: exit $rc1/$rc2, $sz bytes saved ($RSD)"; fi
        fi
    done
else
    skip "GnuTLS resumption interop" "install gnutls-bin"
fi

# ---------------------------------------------------------------------------
# Record size (issue 12): max_fragment_length (RFC 6066 §4) with OpenSSL 3.0
# (-maxfraglen) and record_size_limit (RFC 8449) with GnuTLS 3.7
# (--recordsize, which sends both extensions: our server answers
# record_size_limit alone, RFC 8449 §5), both directions, an RSA chain so that
# the Certificate message (1.7 KB) is fragmented to the 512-byte limit.  A
# case passes when the handshake completes, a 500-byte line crosses, and
# -vv shows every handshake fragment within 500 + 12 bytes and every datagram
# of ours within one record of the limit (512 + 13 + 24).  OpenSSL refuses a
# record above the negotiated length (record_overflow); GnuTLS's debug log
# names the limit it negotiated.
rs_case() { want "$1" || return 1; RZD="$B/rs_$2"; rm -rf "$RZD"; mkdir -p "$RZD"; next_port; return 0; }
# the largest handshake fragment (-vv "fragment A+B of C": B) and datagram ("send N bytes") of a trace
rs_max_frag() { grep -a "$2 [0-9]* bytes" "$1" | grep -o 'fragment [0-9]*+[0-9]*' | sed 's/.*+//' | sort -n | tail -1; }
rs_max_dgram() { grep -a -o "$2 [0-9]* bytes" "$1" | awk '{print $2}' | sort -n | tail -1; }
RS_LINE=$(printf 'r%.0s' $(seq 1 500))
if ! "$CLIENT" --help 2>&1 | grep -q -- '--record-size-limit'; then
    skip "record size interop" "the tools have no --record-size-limit / --max-fragment-length"
elif [ "$CERT_CASES" != 1 ]; then
    skip "record size interop" "no test certificates"
else
    if have openssl; then
        name="openssl s_client -maxfraglen 512 -> dtls-server (RSA chain): echoed, our records within 512"
        if rs_case "$name" osc; then
            timeout -k 5 10 "$SERVER" -vv --once --echo --bind 127.0.0.1 $(our_server_cert rsa) "$PORT" \
                >"$RZD/server.out" 2>"$RZD/server.err" &
            zpid=$!; PIDS+=("$zpid")
            wait_bound "$PORT"
            (echo "$RS_LINE"; sleep 1.5) | timeout -k 5 8 openssl s_client -dtls1_2 -connect "127.0.0.1:$PORT" -maxfraglen 512 \
                -CAfile "$CD/rsa-root.pem" -servername localhost >"$RZD/client.out" 2>&1
            rc=$?; kill "$zpid" 2>/dev/null; wait "$zpid" 2>/dev/null
            f=$(rs_max_frag "$RZD/server.err" send); g=$(rs_max_dgram "$RZD/server.err" send)
            if [ $rc = 0 ] && grep -q "^$RS_LINE\$" "$RZD/client.out" && grep -q 'Verify return code: 0 (ok)' "$RZD/client.out" &&
                [ "${f:-9999}" = 500 ] && [ "${g:-9999}" -le 549 ]; then pass "$name (fragments <= $f, datagrams <= $g bytes)"
            else fail "$name: exit $rc, largest fragment ${f:-?}, datagram ${g:-?} ($RZD)"; fi
        fi
        name="openssl s_server (RSA chain) <- dtls-client --max-fragment-length 512: echoed, its records within 512"
        if rs_case "$name" oss; then
            (sleep 1.5; echo "$RS_LINE"; sleep 2) | timeout -k 5 8 openssl s_server -dtls1_2 -accept "127.0.0.1:$PORT" \
                -cert "$CD/rsa-srv.pem" -key "$CD/rsa-srv.key" -cert_chain "$CD/rsa-int.pem" >"$RZD/server.out" 2>&1 &
            zpid=$!; PIDS+=("$zpid")
            wait_bound "$PORT"
            (sleep 2; echo "$CLIENT_MSG"; sleep 1) | timeout -k 5 8 "$CLIENT" -vv --max-fragment-length 512 --ca "$CD/rsa-root.pem" \
                --servername localhost --wait-ms 1500 127.0.0.1 "$PORT" >"$RZD/client.out" 2>"$RZD/client.err"
            rc=$?; kill "$zpid" 2>/dev/null; wait "$zpid" 2>/dev/null
            f=$(rs_max_frag "$RZD/client.err" recv)
            if [ $rc = 0 ] && grep -q "^$RS_LINE\$" "$RZD/client.out" && grep -q "$CLIENT_MSG" "$RZD/server.out" &&
                [ "${f:-9999}" -le 500 ] && grep -q 'recv 538 bytes: application_data(epoch 1, 525 bytes)' "$RZD/client.err"; then
                pass "$name (its fragments <= $f)"
            else fail "$name: exit $rc, largest fragment ${f:-?} ($RZD)"; fi
        fi
    else
        skip "OpenSSL max_fragment_length interop" "install openssl"
    fi
    if have gnutls-cli && have gnutls-serv; then
        name="gnutls-cli --recordsize=512 -> dtls-server (RSA chain): record_size_limit answered, our records within 512"
        if rs_case "$name" gc; then
            timeout -k 5 10 "$SERVER" -vv --once --echo --bind 127.0.0.1 $(our_server_cert rsa) "$PORT" \
                >"$RZD/server.out" 2>"$RZD/server.err" &
            zpid=$!; PIDS+=("$zpid")
            wait_bound "$PORT"
            (echo "$RS_LINE"; sleep 1.5) | timeout -k 5 8 gnutls-cli --udp -p "$PORT" 127.0.0.1 --recordsize=512 \
                --x509cafile "$CD/rsa-root.pem" -d 4 >"$RZD/client.out" 2>&1
            rc=$?; kill "$zpid" 2>/dev/null; wait "$zpid" 2>/dev/null
            f=$(rs_max_frag "$RZD/server.err" send); g=$(rs_max_dgram "$RZD/server.err" send)
            if [ $rc = 0 ] && grep -q "^$RS_LINE\$" "$RZD/client.out" &&
                grep -q 'Sending extension Maximum Record Size/1' "$RZD/client.out" &&
                grep -q 'record_size_limit 16384 negotiated' "$RZD/client.out" &&
                [ "${f:-9999}" = 500 ] && [ "${g:-9999}" -le 549 ]; then pass "$name (fragments <= $f, datagrams <= $g bytes)"
            else fail "$name: exit $rc, largest fragment ${f:-?}, datagram ${g:-?} ($RZD)"; fi
        fi
        name="gnutls-serv (RSA chain) <- dtls-client --record-size-limit 512: negotiated, its records within 512"
        if rs_case "$name" gs; then
            timeout -k 5 10 gnutls-serv --udp -p "$PORT" --echo --x509certfile "$CD/rsa-srv-chain.pem" \
                --x509keyfile "$CD/rsa-srv.key" -d 4 >"$RZD/server.out" 2>&1 &
            zpid=$!; PIDS+=("$zpid")
            wait_bound "$PORT"
            (echo "$CLIENT_MSG"; sleep 1) | timeout -k 5 8 "$CLIENT" -vv --record-size-limit 512 --ca "$CD/rsa-root.pem" \
                --servername localhost --wait-ms 800 127.0.0.1 "$PORT" >"$RZD/client.out" 2>"$RZD/client.err"
            rc=$?; kill "$zpid" 2>/dev/null; wait "$zpid" 2>/dev/null
            f=$(rs_max_frag "$RZD/client.err" recv)
            if [ $rc = 0 ] && grep -q "$CLIENT_MSG" "$RZD/client.out" &&
                grep -q 'record_size_limit 512 negotiated' "$RZD/server.out" && [ "${f:-9999}" -le 500 ]; then
                pass "$name (its fragments <= $f)"
            else fail "$name: exit $rc, largest fragment ${f:-?} ($RZD)"; fi
        fi
    else
        skip "GnuTLS record_size_limit interop" "install gnutls-bin"
    fi
fi

# ---------------------------------------------------------------------------
# The keying material exporter (RFC 5705) and DTLS-SRTP's use_srtp (RFC 5764)
# with OpenSSL 3.0, both directions, PSK-CCM_8: our "export: <hex>" equals
# OpenSSL's -keymatexport output byte for byte, and both sides name the
# profile the server preferred among those the client offered.
EXP_LABEL="EXPERIMENTAL-dtls.h-interop"
ours_export() { grep -a -o '^export: [0-9a-f]*' "$1" | head -n 1 | cut -c9- | tr a-f A-F; }
ossl_export() { grep -a -o 'Keying material: [0-9A-F]*' "$1" | head -n 1 | cut -c18-; }
export_same_client() { # ours is the client
    local a b; a=$(ours_export "$1/client.err"); b=$(ossl_export "$1/server.out")
    [ -n "$a" ] && [ "${#a}" = 64 ] && [ "$a" = "$b" ]
}
export_same_server() {
    local a b; a=$(ours_export "$1/server.err"); b=$(ossl_export "$1/client.out")
    [ -n "$a" ] && [ "${#a}" = 64 ] && [ "$a" = "$b" ]
}
srtp_gcm_client() { grep -qx 'srtp: SRTP_AEAD_AES_128_GCM' "$1/client.err" && grep -q 'SRTP Extension negotiated, profile=SRTP_AEAD_AES_128_GCM' "$1/server.out"; }
srtp_80_server() { grep -qx 'srtp: SRTP_AES128_CM_SHA1_80' "$1/server.err" && grep -q 'SRTP Extension negotiated, profile=SRTP_AES128_CM_SHA1_80' "$1/client.out"; }
if ! "$CLIENT" --help 2>&1 | grep -q -- '--srtp'; then
    skip "exporter / use_srtp interop" "the tools have no --export / --srtp"
elif have openssl; then
    defaults; SRV_KIND=openssl; CLI_KIND=ours; SUITE=TLS_PSK_WITH_AES_128_CCM_8; OSSL_CIPHER=PSK-AES128-CCM8
    SRV_ARGS="-keymatexport $EXP_LABEL -keymatexportlen 32 -use_srtp SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"
    CLI_ARGS="--export $EXP_LABEL:32 --srtp SRTP_AES128_CM_SHA1_80,SRTP_AEAD_AES_128_GCM"
    CHECK="export_same_client srtp_gcm_client" SERVER_MSG_LATE=1
    run_case "openssl s_server -keymatexport -use_srtp <- dtls-client --export --srtp: the same 32 bytes, SRTP_AEAD_AES_128_GCM"
    defaults; SRV_KIND=ours; CLI_KIND=openssl; SUITE=TLS_PSK_WITH_AES_128_CCM_8; OSSL_CIPHER=PSK-AES128-CCM8
    SRV_ARGS="--export $EXP_LABEL:32 --srtp SRTP_AES128_CM_SHA1_80,SRTP_AEAD_AES_128_GCM"
    CLI_ARGS="-keymatexport $EXP_LABEL -keymatexportlen 32 -use_srtp SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80"
    CHECK="export_same_server srtp_80_server"
    run_case "openssl s_client -keymatexport -use_srtp -> dtls-server --export --srtp: the same 32 bytes, SRTP_AES128_CM_SHA1_80"
else
    skip "exporter / use_srtp interop" "install openssl"
fi

finish
