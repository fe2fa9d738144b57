#!/usr/bin/env bash
# tests/fuzz/fuzz.sh OUT COMMAND [ARGS] - builds and runs the libFuzzer targets
# of tests/fuzz (fuzz_server, fuzz_client, fuzz_record, fuzz_x509, fuzz_session).
#
#   probe                  exit 0 when $FUZZ_CC (clang) links -fsanitize=fuzzer
#   build T                OUT/bin/fuzz_T (libFuzzer) and OUT/bin/fuzz_T-replay (own main,
#                          fuzz_main.c), both from one object: -g -O1, ASan + UBSan
#   corpus T               OUT/corpus/fuzz_T: the seeds the harness records (fuzz_x509 also
#                          from a tests/certs/gen.sh corpus: $DTLS_CERTS, else OUT/certs);
#                          inputs earlier runs added to the directory stay
#   regress T              every file of tests/fuzz/regressions/fuzz_T through fuzz_T-replay
#   seeds T                fuzz_T -runs=0 over its corpus (every seed once)
#   run T SECONDS          fuzz_T for SECONDS over its corpus (new inputs kept there),
#                          -print_final_stats=1; the last line is a summary
#   check T SMOKE          build, corpus, regress, seeds, and a run of SMOKE seconds whose new
#                          inputs are dropped (tests/run.sh's stage); last line: a summary
#   cover [T...]           region coverage per library module reached by each target's corpus
#                          (llvm-cov; tools/fuzz_cover.py): make fuzz-cover
#   all SECONDS            (make fuzz) every target: build, corpus, regressions, a run of
#                          SECONDS each ($FUZZ_JOBS at once, default nproc); one summary line
#                          per target; exit status 1 when anything was found
#
# Findings (crash-*, leak-*, timeout-*, oom-*) land in OUT/findings/fuzz_T/; turn one into a
# regression with: OUT/bin/fuzz_T-replay --to-hex FILE > tests/fuzz/regressions/fuzz_T/NAME.hex
set -u
cd "$(dirname "$0")/../.."
OUT=${1:?usage: tests/fuzz/fuzz.sh OUT COMMAND [ARGS]}
CMD=${2:?usage: tests/fuzz/fuzz.sh OUT COMMAND [ARGS]}
shift 2
case $OUT in /*) ;; *) OUT="$(pwd)/$OUT" ;; esac
CC=${FUZZ_CC:-clang}
CFLAGS="-std=c99 -D_POSIX_C_SOURCE=200809L -g -O1 -Wall -Wextra -fno-omit-frame-pointer"
SAN="address,undefined"
TARGETS="server client record x509 session"
# per input: a timeout is a finding; the library's handshakes take milliseconds
FUZZ_OPTS="-timeout=25 -rss_limit_mb=2048 -print_final_stats=1"
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_stack_use_after_return=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"

mkdir -p "$OUT/bin" "$OUT/log" "$OUT/corpus" "$OUT/findings"

probe() {
    printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
        >"$OUT/probe.c"
    $CC -fsanitize=fuzzer,$SAN "$OUT/probe.c" -o "$OUT/probe" >"$OUT/log/probe.log" 2>&1
}

build() {
    local t=fuzz_$1 log="$OUT/log/fuzz_$1.build.log"
    $CC $CFLAGS -fsanitize=fuzzer-no-link,$SAN -c "tests/fuzz/$t.c" -o "$OUT/$t.o" >"$log" 2>&1 &&
        $CC $CFLAGS -fsanitize=$SAN -c tests/fuzz/fuzz_main.c -o "$OUT/$t.main.o" >>"$log" 2>&1 &&
        $CC -fsanitize=fuzzer,$SAN "$OUT/$t.o" -o "$OUT/bin/$t" >>"$log" 2>&1 &&
        $CC -fsanitize=$SAN "$OUT/$t.o" "$OUT/$t.main.o" -o "$OUT/bin/$t-replay" >>"$log" 2>&1
}

# The certificate corpus for fuzz_x509 (gen.sh needs openssl; without it the
# certificates of tests/proto/certdata.h remain).
certdir() {
    if [ -n "${DTLS_CERTS:-}" ] && [ -f "$DTLS_CERTS/cases.txt" ]; then echo "$DTLS_CERTS"; return; fi
    if [ ! -f "$OUT/certs/cases.txt" ] && command -v openssl >/dev/null 2>&1; then
        rm -rf "$OUT/certs"
        bash tests/certs/gen.sh "$OUT/certs" >"$OUT/log/certs.log" 2>&1 || rm -rf "$OUT/certs"
    fi
    [ -f "$OUT/certs/cases.txt" ] && echo "$OUT/certs"
}

corpus() {
    local t=fuzz_$1 extra=()
    [ "$1" = x509 ] && extra=($(certdir))
    # the seeds are (re)written by name; what earlier runs found stays (rm -rf the directory to start over)
    "$OUT/bin/$t-replay" --make-corpus "$OUT/corpus/$t" "${extra[@]}" >"$OUT/log/$t.corpus.log" 2>&1
}

regress() {
    local t=fuzz_$1 d=tests/fuzz/regressions/fuzz_$1 files
    files=$(ls "$d"/* 2>/dev/null | grep -v '/README' || true)
    if [ -z "$files" ]; then echo "no regression files"; return 0; fi
    # shellcheck disable=SC2086
    "$OUT/bin/$t-replay" $files >"$OUT/log/$t.regress.log" 2>&1 &&
        echo "$(echo "$files" | wc -l) regression files pass"
}

seeds() {
    local t=fuzz_$1
    mkdir -p "$OUT/findings/$t"
    "$OUT/bin/$t" $FUZZ_OPTS -runs=0 -artifact_prefix="$OUT/findings/$t/" "$OUT/corpus/$t" \
        >"$OUT/log/$t.seeds.log" 2>&1
}

# summary T LOG RC: one line from libFuzzer's output
summary() {
    local t=$1 log=$2 rc=$3 execs rate cov ft corp new art
    execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -n1 | awk '{print $2}')
    rate=$(grep -a 'stat::average_exec_per_sec' "$log" | tail -n1 | awk '{print $2}')
    new=$(grep -a 'stat::new_units_added' "$log" | tail -n1 | awk '{print $2}')
    cov=$(grep -a -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n1)
    corp=$(grep -a -o 'corp: [0-9]*' "$log" | tail -n1 | awk '{print $2}')
    art=$(grep -a -o "Test unit written to [^ ]*" "$log" | tail -n1 | sed 's/Test unit written to //')
    printf '%s: %s execs (%s/s), %s, corpus %s (%s new)' "$t" "${execs:-?}" "${rate:-?}" "${cov:-cov: ?}" \
        "${corp:-?}" "${new:-?}"
    if [ "$rc" = 0 ] && [ -z "$art" ]; then
        echo ", no crash"
    else
        echo ", FINDING (exit $rc): ${art:-see $log}"
        grep -a -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|==[0-9]+== ERROR: libFuzzer)' "$log" | sed 's/^/    /'
    fi
}

# fuzzrun T SECONDS WORKDIR...: the run; its summary on stdout, status libFuzzer's
fuzzrun() {
    local t=fuzz_$1 secs=$2 rc log="$OUT/log/fuzz_$1.run.log"
    shift 2
    mkdir -p "$OUT/findings/$t"
    "$OUT/bin/$t" $FUZZ_OPTS -max_total_time="$secs" -artifact_prefix="$OUT/findings/$t/" "$@" >"$log" 2>&1
    rc=$?
    summary "$t" "$log" "$rc"
    return $rc
}

check() {
    local t=$1 smoke=$2 r
    build "$t" || { echo "build failed:"; tail -n 20 "$OUT/log/fuzz_$t.build.log"; return 1; }
    corpus "$t" || { echo "corpus failed:"; tail -n 20 "$OUT/log/fuzz_$t.corpus.log"; return 1; }
    r=$(regress "$t") || { echo "a regression file fails:"; tail -n 30 "$OUT/log/fuzz_$t.regress.log"; return 1; }
    seeds "$t" || { echo "a seed fails:"; summary "fuzz_$t" "$OUT/log/fuzz_$t.seeds.log" 1; return 1; }
    rm -rf "$OUT/work/fuzz_$t"
    mkdir -p "$OUT/work/fuzz_$t"
    local n
    n=$(ls "$OUT/corpus/fuzz_$t" | wc -l)
    local s
    s=$(fuzzrun "$t" "$smoke" "$OUT/work/fuzz_$t" "$OUT/corpus/fuzz_$t") || { echo "$s"; return 1; }
    echo "$n seeds once, $r, ${smoke}s: ${s#fuzz_$t: }"
}

# cover T...: region coverage of the library's modules by each target's corpus
# (clang source-based coverage of the replay program, no sanitizers), one
# table (tools/fuzz_cover.py); run after `all` to see what the fuzzing reached
cover() {
    local t args=() prof=${LLVM_PROFDATA:-llvm-profdata} cov=${LLVM_COV:-llvm-cov}
    command -v "$prof" >/dev/null 2>&1 && command -v "$cov" >/dev/null 2>&1 ||
        { echo "coverage skipped: install llvm (llvm-profdata, llvm-cov)"; return 0; }
    for t in "$@"; do
        local b="$OUT/cover/fuzz_$t"
        rm -rf "$b"; mkdir -p "$b"
        $CC $CFLAGS -fprofile-instr-generate -fcoverage-mapping tests/fuzz/fuzz_$t.c tests/fuzz/fuzz_main.c \
            -o "$b/replay" >"$b/build.log" 2>&1 || { echo "fuzz_$t: coverage build FAILED"; tail -n 20 "$b/build.log"; return 1; }
        [ -d "$OUT/corpus/fuzz_$t" ] || { "$b/replay" --make-corpus "$OUT/corpus/fuzz_$t" $([ "$t" = x509 ] && certdir) >/dev/null 2>&1; }
        LLVM_PROFILE_FILE="$b/%p.profraw" "$b/replay" "$OUT/corpus/fuzz_$t" >"$b/run.log" 2>&1
        "$prof" merge -sparse "$b"/*.profraw -o "$b/all.profdata" &&
            "$cov" export -format=text -instr-profile="$b/all.profdata" "$b/replay" >"$b/export.json" ||
            { echo "fuzz_$t: llvm-cov FAILED"; return 1; }
        args+=("$b/export.json=fuzz_$t ($(ls "$OUT/corpus/fuzz_$t" | wc -l) inputs)")
    done
    python3 tools/fuzz_cover.py "${args[@]}"
}

case $CMD in
probe) probe ;;
cover) [ $# -gt 0 ] && cover "$@" || cover $TARGETS ;;
build | corpus | regress | seeds) "$CMD" "${1:?target}" ;;
run) fuzzrun "${1:?target}" "${2:?seconds}" "$OUT/corpus/fuzz_$1" ;;
check) check "${1:?target}" "${2:?seconds}" ;;
all)
    secs=${1:-60}
    jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
    if ! probe; then
        echo "$CC cannot build libFuzzer targets (-fsanitize=fuzzer): install clang (Debian: clang, libclang-rt-14-dev)"
        cat "$OUT/log/probe.log"
        exit 2
    fi
    echo "building fuzz_{$(echo $TARGETS | tr ' ' ,)} in $OUT/bin (clang -fsanitize=fuzzer,$SAN -g -O1)"
    pids=()
    for t in $TARGETS; do build "$t" & pids+=($!); done
    bad=0
    i=0
    for t in $TARGETS; do
        wait "${pids[$i]}" || { echo "fuzz_$t: build FAILED"; tail -n 20 "$OUT/log/fuzz_$t.build.log"; bad=1; }
        i=$((i + 1))
    done
    [ $bad = 0 ] || exit 1
    for t in $TARGETS; do
        corpus "$t" || { echo "fuzz_$t: corpus FAILED"; tail -n 20 "$OUT/log/fuzz_$t.corpus.log"; exit 1; }
        if r=$(regress "$t"); then
            echo "fuzz_$t: $(tail -n1 "$OUT/log/fuzz_$t.corpus.log"); $r"
        else
            echo "fuzz_$t: a regression file FAILS:"; tail -n 30 "$OUT/log/fuzz_$t.regress.log"; bad=1
        fi
    done
    echo "running each target for ${secs}s ($jobs at once; -print_final_stats=1; logs in $OUT/log)"
    running=0
    for t in $TARGETS; do
        (fuzzrun "$t" "$secs" "$OUT/corpus/fuzz_$t" >"$OUT/log/fuzz_$t.summary"; echo $? >"$OUT/log/fuzz_$t.rc") &
        running=$((running + 1))
        if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
    done
    wait
    for t in $TARGETS; do
        cat "$OUT/log/fuzz_$t.summary"
        [ "$(cat "$OUT/log/fuzz_$t.rc")" = 0 ] || bad=1
    done
    if [ $bad = 0 ]; then echo "no findings"; else echo "FINDINGS: see $OUT/findings and tests/fuzz/README.md"; fi
    exit $bad
    ;;
*) echo "unknown command $CMD" >&2; exit 2 ;;
esac
