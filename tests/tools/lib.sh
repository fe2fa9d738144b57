# tests/tools/lib.sh - what run_tools.sh and fleet.sh share, sourced from the
# repository root as `. tests/tools/lib.sh NAME SHOW`:
#   CLI, SRV    the tools under test (in $TOOLS_BIN, default build/)
#   T           a temporary directory NAME.XXXXXX, removed on exit; PIDS, the
#               background processes the caller started, killed on exit
#   ok NAME / skip NAME WHY / bad NAME WHAT [FILE...] / finish
#               the "ok"/"skip"/"FAIL" lines and the closing "RESULT p f s"
#               (read by tests/run.sh's `account`); bad shows SHOW (head or
#               tail) -n 15 of each FILE
#   free_port   a random high UDP port nobody listens on (loopback)
# Ends the script ("FAIL tools missing", RESULT 0 1 0) when a tool is missing.
ROOT=$(pwd)
BIN=${TOOLS_BIN:-build}
case $BIN in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
CLI="$BIN/dtls-client"
SRV="$BIN/dtls-server"
T=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
TOOLS_SHOW=$2
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

NP=0 NF=0 NS=0
ok() { NP=$((NP + 1)); echo "ok   $1"; }
skip() { NS=$((NS + 1)); echo "skip $1: $2"; }
bad() {
    local name=$1 what=$2 f
    shift 2
    NF=$((NF + 1))
    echo "FAIL $name: $what"
    for f in "$@"; do
        [ -s "$f" ] && { echo "    --- $(basename "$f")"; "$TOOLS_SHOW" -n 15 "$f" | sed 's/^/    /'; }
    done
}
finish() { echo "RESULT $NP $NF $NS"; [ "$NF" = 0 ]; exit; }

if [ ! -x "$CLI" ] || [ ! -x "$SRV" ]; then
    echo "FAIL tools missing: $CLI, $SRV (make tools)"
    NF=1; finish
fi

free_port() {
    local p i
    for i in $(seq 50); do
        p=$((20000 + RANDOM % 40000))
        if command -v ss >/dev/null 2>&1; then
            ss -Hlun "sport = :$p" 2>/dev/null | grep -q . && continue
        fi
        echo "$p"
        return
    done
    echo $((20000 + RANDOM % 40000))
}
