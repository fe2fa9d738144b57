#!/usr/bin/env bash
# tests/ports/x86.sh - the x86 hooks (port/x86.c: AES-NI + PCLMULQDQ AES-GCM /
# AES-CCM records and AES blocks, SHA-NI SHA-256), chosen at run time by CPUID:
#   - port/x86.c compiles warning-free at the baseline (-march=x86-64; i686)
#     with gcc, clang and g++, and to the DTLS_ERR_UNSUPPORTED stub elsewhere
#     (Cortex-M4, rv32imc);
#   - tests/ports/test_x86.c: hooks against software through the dispatch and
#     the record layer (ASan+UBSan);
#   - the existing vector tests run unchanged through the hooks
#     (tests/ports/x86_shim*.h): test_aes, test_gcm, test_ccm (Wycheproof
#     aes_gcm / aes_ccm from $DTLS_VECTORS), test_sha2 (SHA-NI), test_record
#     (its known-answer records), test_engine (handshakes: client with the
#     hooks, server software);
#   - negative controls: a one-constant mutation of GHASH, CCM or SHA-256 in
#     a copy of port/x86.c makes those tests fail (so they do run the hooks);
#   - valgrind memcheck: tests/ct/ct_x86.c at gcc/clang -O2/-Os, 0 reports,
#     and a mutation with a branch on the tag comparison is reported;
#   - bench/bench_x86_records.c builds with the Makefile's bench rule and its
#     cross-checks against OpenSSL and mbedTLS pass (X86_BENCH=0 skips the run).
# Each part needing an instruction the CPU lacks (/proc/cpuinfo: aes,
# pclmulqdq, sse4_1; sha_ni) is skipped, saying so.
#
# One line "ok   NAME", "FAIL NAME" or "skip NAME: why" per check; the last
# line "RESULT passed failed skipped".  Exit status 1 when a check failed.
#   bash tests/ports/x86.sh   (BUILD_DIR=... for the objects; DTLS_VECTORS=... for Wycheproof)
set -u
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
B=${BUILD_DIR:-build/test/x86}
case $B in /*) ;; *) B="$ROOT/$B" ;; esac
mkdir -p "$B"
VEC=${DTLS_VECTORS:-$ROOT/build/test/vectors}

NP=0 NF=0 NS=0
ok() { NP=$((NP + 1)); echo "ok   $1"; }
skip() { NS=$((NS + 1)); echo "skip $1: $2"; }
bad() { NF=$((NF + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && [ -s "$2" ] && head -n 25 "$2" | sed 's/^/    /'; return 0; }
have() { command -v "$1" >/dev/null 2>&1; }

WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
CXXWARN="-Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"

cc() {
    local name=$1 log=$2
    shift 2
    if nice "$@" >"$log" 2>&1; then ok "$name"; else bad "$name" "$log"; fi
}

# runtest NAME LOG EXE: the program's ok/FAIL/skip lines under NAME/, its RESULT counted
runtest() {
    local name=$1 log=$2 exe=$3 rc line p f s
    env DTLS_VECTORS="$VEC" "$exe" >"$log" 2>&1
    rc=$?
    grep -a -E '^(ok|FAIL|skip) ' "$log" | sed -E "s#^(ok|FAIL|skip) +#\1 $name/#; s#^ok #ok   #"
    grep -a -E 'wycheproof [a-z_]+:|x86 (features|shim)' "$log" | sed 's/^ */    /'
    grep -a -v -E '^(ok|FAIL|skip|RESULT) |wycheproof|x86 (features|shim)' "$log" | head -n 20 | sed 's/^/    /'
    line=$(grep -a '^RESULT ' "$log" | tail -n 1)
    if [ -z "$line" ]; then bad "$name (no RESULT line, exit $rc)" "$log"; return; fi
    read -r _ p f s <<<"$line"
    NP=$((NP + p)); NF=$((NF + f)); NS=$((NS + s))
    [ "$rc" != 0 ] && [ "$f" = 0 ] && bad "$name (exit $rc with no failed case)" "$log"
    return 0
}

flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
hasf() { grep -qw "$1" <<<"$flags"; }
HAVE_AES=0 HAVE_SHA=0
hasf aes && hasf pclmulqdq && hasf sse4_1 && HAVE_AES=1
hasf sha_ni && hasf sse4_1 && HAVE_SHA=1
HAVE_VAES=0 # the 256-bit record loop (port/x86.c checks XGETBV too)
[ "$HAVE_AES" = 1 ] && hasf avx2 && hasf vaes && hasf vpclmulqdq && HAVE_VAES=1
EXPECT=$((HAVE_AES + 2 * HAVE_SHA))
echo "     /proc/cpuinfo: AES-NI+PCLMULQDQ+SSE4.1 $HAVE_AES, SHA-NI $HAVE_SHA, VAES+VPCLMULQDQ+AVX2 $HAVE_VAES"

# ---- compiles ----
cc "x86: port/x86.c, gcc C99 -march=x86-64" "$B/cc-gcc.log" gcc $WARN -march=x86-64 -O2 -c port/x86.c -o "$B/cc-gcc.o"
if have clang; then
    cc "x86: port/x86.c, clang C99 -march=x86-64" "$B/cc-clang.log" clang $WARN -march=x86-64 -O2 -c port/x86.c -o "$B/cc-clang.o"
else skip "x86: port/x86.c, clang" "install clang"; fi
cc "x86: port/x86.c, g++ (C++)" "$B/cc-gxx.log" g++ -x c++ $CXXWARN -O2 -c port/x86.c -o "$B/cc-gxx.o"
if echo 'int main(void){return 0;}' | gcc -m32 -x c - -o "$B/m32probe" >/dev/null 2>&1; then
    cc "x86: port/x86.c, gcc -m32 -march=i686 (no SSE in the baseline)" "$B/cc-m32.log" \
        gcc -m32 -march=i686 $WARN -O2 -c port/x86.c -o "$B/cc-m32.o"
else skip "x86: port/x86.c, gcc -m32" "no 32-bit multilib (gcc-multilib)"; fi
if have arm-none-eabi-gcc; then
    cc "x86: port/x86.c for Cortex-M4 is the stub" "$B/cc-m4.log" \
        arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb $WARN -Os -c port/x86.c -o "$B/cc-m4.o"
    if [ -f "$B/cc-m4.o" ] && [ "$(arm-none-eabi-nm --defined-only "$B/cc-m4.o" | awk '{print $3}' | sort | tr '\n' ' ')" = "dtls_x86_features dtls_x86_hooks dtls_x86_hooks_cached " ]; then
        ok "x86: the Cortex-M4 object defines only dtls_x86_features, dtls_x86_hooks and dtls_x86_hooks_cached"
    else bad "x86: the Cortex-M4 object is not the stub"; fi
else skip "x86: port/x86.c for Cortex-M4" "install gcc-arm-none-eabi"; fi
if have riscv64-unknown-elf-gcc; then
    cc "x86: port/x86.c for rv32imc is the stub" "$B/cc-rv.log" \
        riscv64-unknown-elf-gcc --specs=picolibc.specs -march=rv32imc -mabi=ilp32 $WARN -Os -c port/x86.c -o "$B/cc-rv.o"
else skip "x86: port/x86.c for rv32imc" "install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf"; fi

# ---- the library (split sources), the port, the shim ----
LIB_SRC=$(ls crypto/*.c proto/*.c | sort)
L="$B/lib"
mkdir -p "$L"
if for s in $LIB_SRC; do echo "gcc $WARN -O1 -g $SAN -Icrypto -c $s -o $L/$(basename "$(dirname "$s")")_$(basename "$s" .c).o"; done |
    nice xargs -P 2 -I{} sh -c '{}' >"$B/lib.log" 2>&1 && rm -f "$L/lib.a" && ar rcs "$L/lib.a" "$L"/*.o &&
    nice gcc $WARN -O1 -g $SAN -c port/x86.c -o "$L/x86.o" >>"$B/lib.log" 2>&1 &&
    nice gcc $WARN -O1 -g $SAN -c tests/ports/x86_shim.c -o "$L/shim.o" >>"$B/lib.log" 2>&1; then
    LIB_OK=1
else LIB_OK=0; bad "x86: library, port and shim build (ASan+UBSan)" "$B/lib.log"; fi

# build_shimmed NAME SHIM TEST X86OBJ -> $B/NAME
build_shimmed() {
    local name=$1 shim=$2 t=$3 xo=$4 extra=""
    [ "$shim" = tests/ports/x86_shim.h ] && extra="$L/shim.o"
    [ "$shim" = tests/ports/x86_shim_record.h ] && extra="$L/shim.o"
    nice gcc $WARN -O1 -g $SAN -include "$shim" -Icrypto "$t" $extra "$xo" "$L/lib.a" -o "$B/$name" >"$B/$name.build.log" 2>&1
}

SHIMMED="aes:x86_shim.h:tests/crypto/test_aes.c:1 gcm:x86_shim.h:tests/crypto/test_gcm.c:1
ccm:x86_shim.h:tests/crypto/test_ccm.c:1 sha2:x86_shim.h:tests/crypto/test_sha2.c:2
record:x86_shim_record.h:tests/proto/test_record.c:1 engine:x86_shim_world.h:tests/proto/test_engine.c:3"

if [ "$LIB_OK" = 1 ]; then
    if nice gcc $WARN -O1 -g $SAN -Icrypto tests/ports/test_x86.c "$L/x86.o" "$L/lib.a" -o "$B/test_x86" >"$B/test_x86.build.log" 2>&1; then
        DTLS_X86_EXPECT=$EXPECT runtest x86 "$B/test_x86.log" "$B/test_x86"
    else bad "x86: test_x86 builds" "$B/test_x86.build.log"; fi
    [ -f "$VEC/aes_gcm.txt" ] || echo "     (no Wycheproof vectors in $VEC: test_gcm / test_ccm skip them; run tests/run.sh's vectors stage)"
    for e in $SHIMMED; do
        IFS=: read -r n shim t need <<<"$e"
        if [ $((EXPECT & need)) != "$need" ]; then skip "x86-$n: $t through the hooks" "this CPU lacks the instructions"; continue; fi
        if build_shimmed "shim_$n" "tests/ports/$shim" "$t" "$L/x86.o"; then
            runtest "x86-$n" "$B/shim_$n.log" "$B/shim_$n"
        else bad "x86-$n: $t builds with tests/ports/$shim" "$B/shim_$n.build.log"; fi
    done

    # ---- negative controls: one constant changed in a copy of port/x86.c ----
    M="$B/mut"
    mkdir -p "$M/port"
    cp port/x86.h "$M/port/"
    # NAME:SED:TESTS[:vaes] (the shimmed tests that must now fail; vaes: only
    # where the 256-bit loop runs)
    MUTS="ghash:s/_mm_set_epi32((int)0xc2000000u, 0, 0, 1)/_mm_set_epi32((int)0xc3000000u, 0, 0, 1)/:gcm,record
vaes-ctr:s/(2 \* q + 2) << 24/(2 * q + 3) << 24/:gcm:vaes
ccm-b0:s/(((m - 2) \/ 2) << 3)/(((m - 2) \/ 2) << 2)/:ccm,record
sha256-k0:s/0x428a2f98/0x428a2f99/:sha2,engine"
    while IFS=: read -r mn sedexpr tests mneed; do
        if [ "$mneed" = vaes ] && [ "$HAVE_VAES" = 0 ]; then skip "x86: mutation $mn" "this CPU runs no VAES loop"; continue; fi
        sed "$sedexpr" port/x86.c >"$M/port/x86.c"
        sed -i 's|#include "../dtls.h"|#include "'"$ROOT"'/dtls.h"|' "$M/port/x86.c"
        if cmp -s port/x86.c "$M/port/x86.c" || ! grep -q . "$M/port/x86.c"; then bad "x86: mutation $mn applies"; continue; fi
        if ! nice gcc $WARN -O1 -g $SAN -c "$M/port/x86.c" -o "$M/x86-$mn.o" >"$M/$mn.log" 2>&1; then
            bad "x86: mutation $mn builds" "$M/$mn.log"; continue
        fi
        for tn in ${tests//,/ }; do
            e=$(grep -E "^$tn:|[[:space:]]$tn:" <<<"$SHIMMED" | tr ' ' '\n' | grep "^$tn:")
            IFS=: read -r n shim t need <<<"$e"
            if [ $((EXPECT & need)) != "$need" ]; then skip "x86: mutation $mn fails $t" "this CPU lacks the instructions"; continue; fi
            if build_shimmed "mut_${mn}_$n" "tests/ports/$shim" "$t" "$M/x86-$mn.o" &&
                ! env DTLS_VECTORS="$VEC" "$B/mut_${mn}_$n" >"$B/mut_${mn}_$n.log" 2>&1 &&
                grep -q '^FAIL ' "$B/mut_${mn}_$n.log"; then
                ok "x86: negative control: mutation $mn makes $t (through the hooks) fail ($(grep -c '^FAIL ' "$B/mut_${mn}_$n.log") cases)"
            else bad "x86: negative control: mutation $mn went unnoticed by $t" "$B/mut_${mn}_$n.log"; fi
        done
    done <<<"$MUTS"
fi

# ---- constant time: valgrind memcheck ----
if have valgrind && [ -f /usr/include/valgrind/memcheck.h ]; then
    mkdir -p "$B/ct"
    for ccopt in "gcc -O2" "gcc -Os" "clang -O2" "clang -Os"; do
        c=${ccopt% *}; opt=${ccopt#* }
        have "$c" || { skip "x86 ct $c $opt" "install $c"; continue; }
        exe="$B/ct/ct_x86-$c$opt"
        if ! nice $c -std=c99 -Wall -Wextra -Werror $opt -gdwarf-4 -Icrypto tests/ct/ct_x86.c $LIB_SRC -o "$exe" 2>"$exe.build.log"; then
            bad "x86 ct $c $opt: build" "$exe.build.log"; continue
        fi
        if nice valgrind -q --error-exitcode=3 --track-origins=yes "$exe" >"$exe.log" 2>&1; then
            if grep -q '^ct_x86: done: ' "$exe.log"; then ok "x86 ct $c $opt: $(grep -o '[0-9]* AES-NI operations' "$exe.log") under valgrind, 0 reports"
            elif [ "$HAVE_AES" = 0 ] && grep -q 'nothing checked' "$exe.log"; then skip "x86 ct $c $opt" "no AES-NI on this CPU"
            else bad "x86 ct $c $opt: the harness checked nothing (valgrind's CPUID offers no AES-NI?)" "$exe.log"; fi
        else bad "x86 ct $c $opt" "$exe.log"; fi
    done
    # natively: every record of the three tables equals software's (the VAES
    # loop where the CPU runs it; valgrind above ran the 128-bit loop)
    exe="$B/ct/ct_x86-native"
    if [ "$HAVE_AES" = 0 ]; then skip "x86: ct_x86 natively" "no AES-NI on this CPU"
    elif nice gcc -std=c99 -Wall -Wextra -Werror -O2 -g $SAN -Icrypto tests/ct/ct_x86.c $LIB_SRC -o "$exe" 2>"$exe.build.log" &&
        "$exe" >"$exe.log" 2>&1 && grep -q '^ct_x86: done: ' "$exe.log"; then
        ok "x86: ct_x86 natively (ASan+UBSan, $(sed -n 's/^ct_x86: record loop //p' "$exe.log") loop): every record equals software's, $(grep -o '[0-9]* AES-NI operations' "$exe.log")"
    else bad "x86: ct_x86 natively" "$exe.log"; fi
    # negative control: the tag compared with an early-exit memcmp is reported
    M="$B/ctmut"
    mkdir -p "$M/port" "$M/tests/ct"
    cp port/x86.h "$M/port/"
    cp tests/ct/harness.h tests/ct/ct_x86.c "$M/tests/ct/"
    sed -e 's/ok = (uint32_t)dtls_ct_equal(tag, want, tag_len);/ok = memcmp(tag, want, tag_len) == 0 ? 1u : 0u;/' \
        -e 's|#include "../dtls.h"|#include "'"$ROOT"'/dtls.h"|' port/x86.c >"$M/port/x86.c"
    exe="$M/ct_x86-memcmp"
    if [ "$HAVE_AES" = 0 ]; then skip "x86 ct: negative control" "no AES-NI on this CPU"
    elif grep -q 'memcmp(tag, want' "$M/port/x86.c" &&
        nice gcc -std=c99 -Wall -Wextra -Werror -O2 -gdwarf-4 -Icrypto "$M/tests/ct/ct_x86.c" $LIB_SRC -o "$exe" 2>"$exe.build.log"; then
        nice valgrind -q --error-exitcode=3 "$exe" >"$exe.log" 2>&1
        rc=$?
        nrep=$(grep -c 'depends on uninitialised' "$exe.log")
        if [ "$rc" = 3 ] && [ "$nrep" -gt 0 ]; then ok "x86 ct: negative control: a memcmp of the tag is reported ($nrep reports)"
        else bad "x86 ct: negative control: a memcmp of the tag went unreported (exit $rc)" "$exe.log"; fi
    else bad "x86 ct: negative control builds" "$exe.build.log"; fi
else skip "x86 ct" "install valgrind"; fi

# ---- the benchmark: the Makefile's bench rule, and its cross-checks ----
if [ -f /usr/include/openssl/evp.h ] && [ -f /usr/include/mbedtls/gcm.h ] && [ -f /usr/include/gnutls/gnutls.h ] &&
    [ -f /usr/include/wolfssl/ssl.h ]; then
    if nice make -s BUILD="$B/mk" "$B/mk/bench/bench_x86_records" >"$B/bench.build.log" 2>&1; then
        ok "x86: bench/bench_x86_records.c builds with the Makefile's bench rule"
        if [ "${X86_BENCH:-1}" = 0 ]; then skip "x86: bench run" "X86_BENCH=0"
        elif "$B/mk/bench/bench_x86_records" >"$B/bench.txt" 2>"$B/bench.err"; then
            ok "x86: bench_x86_records: records opened by the software record layer and by each peer, $(grep -c '^BENCH' "$B/bench.txt") BENCH lines"
            grep -E '^BENCH (records|sha256)[a-z0-9_]* (dtls.h|openssl) ' "$B/bench.txt" | sed 's/^/    /'
        else bad "x86: bench_x86_records run" "$B/bench.err"; fi
    else bad "x86: bench/bench_x86_records.c builds with the Makefile's bench rule" "$B/bench.build.log"; fi
else skip "x86: bench" "install libssl-dev libmbedtls-dev libgnutls28-dev libwolfssl-dev"; fi

echo "RESULT $NP $NF $NS"
[ "$NF" = 0 ]
