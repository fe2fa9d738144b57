#!/usr/bin/env bash
# tests/baremetal/transcript.sh - "the same bytes everywhere": pair.h's
# sessions (seeded random source, fake clock) hash every datagram, both ways,
# in order; the SHA-256 digests of the PSK-CCM_8 and of the ECDHE-ECDSA-CCM_8
# handshake (and of each whole session: handshake, data, close) must be the
# same on x86-64, i386 (gcc -m32), armhf and big-endian s390x (qemu-user, as
# tests/run.sh's m32 and qemu stages build them) and in the bare-metal
# Cortex-M3 image (qemu-system-arm).  Every architecture is compared with
# x86-64, and every digest is printed.  An architecture whose tools are
# missing is skipped with the Debian packages that enable it.
# The last line is "RESULT <passed> <failed> <skipped>"; non-zero exit on failure.
#   usage: tests/baremetal/transcript.sh        (BUILD_DIR=... to build elsewhere)
set -u
cd "$(dirname "$0")/../.."
B=${BUILD_DIR:-build/baremetal}
mkdir -p "$B"
WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
T0=$(date +%s)

PASSED=0 FAILED=0 SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "skip $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }

# The builds run two at a time (the slow part), before the runs.
# prebuild ARCH CC "CFLAGS": starts the build in the background (status in $B/transcript-ARCH.rc)
prebuild() {
    local exe="$B/transcript-$1"
    rm -f "$exe" "$exe.rc"
    (nice $2 $WARN -O2 $3 tests/baremetal/transcript_host.c -o "$exe" >"$exe.log" 2>&1; echo $? >"$exe.rc") &
}
prebuild x86-64 gcc ""
gcc -m32 -x c /dev/null -fsyntax-only 2>/dev/null && prebuild i386 gcc "-m32"
wait -n 2>/dev/null
have arm-linux-gnueabihf-gcc && prebuild armhf arm-linux-gnueabihf-gcc "-static"
wait -n 2>/dev/null
have s390x-linux-gnu-gcc && prebuild s390x s390x-linux-gnu-gcc "-static"
wait

# hosted ARCH CC "CFLAGS" RUNNER... -> $B/transcript-ARCH.out (its stdout)
hosted() {
    local arch=$1 cc=$2 cflags=$3 exe="$B/transcript-$1"
    shift 3
    if [ "$(cat "$exe.rc" 2>/dev/null)" != 0 ]; then
        fail "transcript $arch: transcript_host.c builds warning-free ($cc $cflags)"
        head -n 20 "$exe.log" | sed 's/^/    /'
        return 1
    fi
    timeout 300 "$@" "$exe" >"$exe.out" 2>&1
    local rc=$? result
    result=$(grep -a '^RESULT ' "$exe.out" | tail -n 1)
    if [ "$rc" = 0 ] && [[ "$result" =~ ^RESULT\ [1-9][0-9]*\ 0\ 0$ ]]; then
        pass "transcript $arch: the sessions' checks pass (${result#RESULT }; $cc${cflags:+ $cflags}${*:+, run with $*})"
    else
        fail "transcript $arch: the sessions' checks (exit $rc, '$result')"
        grep -a '^FAIL' "$exe.out" | head -n 10 | sed 's/^/    /'
        return 1
    fi
}

# the digests of a run: "psk handshake <sha256> <datagrams> <bytes>" per line
digests() { grep -a -E '^transcript (psk|ecdsa) (handshake|session) [0-9a-f]{64} [0-9]+ [0-9]+$' "$1" | cut -d' ' -f2-; }

REF=""
compare() { # ARCH OUT
    local arch=$1 out=$2 got
    got=$(digests "$out")
    echo "$got" | sed "s/^/     $arch: /"
    if [ "$got" = "$REF" ]; then
        pass "transcript $arch: the 4 digests (PSK and ECDHE-ECDSA handshakes, whole sessions) equal x86-64's"
    else
        fail "transcript $arch: digests differ from x86-64's"
        diff <(echo "$REF") <(echo "$got") | sed 's/^/    /'
    fi
}

# x86-64: the reference
if hosted x86-64 gcc ""; then
    REF=$(digests "$B/transcript-x86-64.out")
    if [ "$(echo "$REF" | grep -c .)" = 4 ]; then
        pass "transcript x86-64: 4 digests (the reference)"
        echo "$REF" | sed 's/^/     x86-64: /'
    else
        fail "transcript x86-64: expected 4 transcript lines"; REF=""
    fi
fi
if [ -z "$REF" ]; then
    echo "RESULT $PASSED $((FAILED + 1)) $SKIPPED"; exit 1
fi

# i386: natively when the kernel runs it, else qemu-i386 (tests/run.sh's m32 stage)
if echo 'int main(void){return 0;}' | gcc -m32 -x c - -o "$B/m32probe" 2>/dev/null; then
    runner=()
    "$B/m32probe" 2>/dev/null || { have qemu-i386 && runner=(qemu-i386); }
    if "$B/m32probe" 2>/dev/null || [ ${#runner[@]} -gt 0 ]; then
        hosted i386 gcc "-m32" "${runner[@]}" && compare i386 "$B/transcript-i386.out"
    else skip "transcript i386" "cannot run i386 binaries: install qemu-user"; fi
else skip "transcript i386" "install lib32gcc-12-dev libc6-dev-i386"; fi

# armhf and big-endian s390x under qemu-user (tests/run.sh's qemu stage)
for t in "arm-linux-gnueabihf-gcc qemu-arm armhf gcc-arm-linux-gnueabihf arm-linux-gnueabihf" \
    "s390x-linux-gnu-gcc qemu-s390x s390x gcc-s390x-linux-gnu s390x-linux-gnu"; do
    set -- $t
    if have "$1" && have "$2"; then
        hosted "$3" "$1" "-static" "$2" -L "/usr/$5" && compare "$3" "$B/transcript-$3.out"
    else skip "transcript $3" "install $4 qemu-user"; fi
done

# the bare-metal Cortex-M3 image (tests/baremetal/run.sh builds and checks it in full)
if have arm-none-eabi-gcc && have qemu-system-arm && [ -f "$(arm-none-eabi-gcc -print-file-name=nano.specs)" ]; then
    elf="$B/transcript-cortex-m3.elf"
    if nice arm-none-eabi-gcc $WARN -mcpu=cortex-m3 -mthumb -Os -ffunction-sections -fdata-sections --specs=nano.specs \
        -nostartfiles -Ltests/baremetal -T tests/baremetal/mps2-an385.ld -Wl,--gc-sections tests/baremetal/startup.S tests/baremetal/main_bm.c \
        -o "$elf" >"$elf.log" 2>&1; then
        timeout 300 qemu-system-arm -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none \
            -semihosting-config enable=on,target=native -kernel "$elf" >"$elf.out" 2>&1
        rc=$?
        result=$(grep -a '^RESULT ' "$elf.out" | tail -n 1)
        if [ "$rc" = 0 ] && [[ "$result" =~ ^RESULT\ [1-9][0-9]*\ 0\ 0$ ]]; then
            pass "transcript cortex-m3: the bare-metal image's checks pass (${result#RESULT }; qemu-system-arm mps2-an385)"
            compare cortex-m3 "$elf.out"
        else
            fail "transcript cortex-m3: the bare-metal image's run (exit $rc, '$result')"
            tail -n 10 "$elf.out" | sed 's/^/    /'
        fi
    else fail "transcript cortex-m3: the image builds"; head -n 20 "$elf.log" | sed 's/^/    /'; fi
else skip "transcript cortex-m3" "install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"; fi

echo "transcript: done in $(( $(date +%s) - T0 ))s"
echo "RESULT $PASSED $FAILED $SKIPPED"
[ "$FAILED" = 0 ]
