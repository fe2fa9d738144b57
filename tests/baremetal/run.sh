#!/usr/bin/env bash
# tests/baremetal/run.sh - builds the bare-metal image (Cortex-M3, newlib-nano,
# no OS, no heap: startup.S, mps2-an385.ld, main_bm.c + pair.h) and runs it
# under qemu-system-arm (mps2-an385, semihosting).  The image's checks come
# back as "ok ..." / "FAIL ..." lines; this script adds its own:
#   - the image links no malloc/_sbrk/free and no libc function beyond
#     BM_LIBC_ALLOWED (and the whole library, dtls.c compiled alone,
#     references no other external symbol than those and compiler helpers);
#   - a sabotaged image (server with another PSK) fails and exits non-zero,
#     and a fault (undefined instruction) ends a run as a failure;
#   - a PSK-CCM_8 client alone (client-only, PSK-only build) replays the
#     session record.c recorded on the host, byte for byte, on Cortex-M4
#     (mps2-an386) and Cortex-M0 (microbit), measuring its peak stack;
# and prints the figures: flash (text + data), static RAM (data + bss, the
# stack region apart) and the peak stack the image measured.
# The last line is "RESULT <passed> <failed> <skipped>" (tests/run.sh's
# account); the exit status is non-zero when a case failed.
#   usage: tests/baremetal/run.sh        (BUILD_DIR=... to build elsewhere)
set -u
cd "$(dirname "$0")/../.."
B=${BUILD_DIR:-build/baremetal}
mkdir -p "$B"
BM_LIBC_ALLOWED=${BM_LIBC_ALLOWED:-"memcpy memmove memset memcmp"}
WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Werror"
CFLAGS="-mcpu=cortex-m3 -mthumb -Os -ffunction-sections -fdata-sections"
T0=$(date +%s)

PASSED=0 FAILED=0 SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1"; }
have() { command -v "$1" >/dev/null 2>&1; }
finish() {
    echo "baremetal: done in $(( $(date +%s) - T0 ))s"
    echo "RESULT $PASSED $FAILED $SKIPPED"
    [ "$FAILED" = 0 ]
    exit $?
}

for t in arm-none-eabi-gcc arm-none-eabi-nm arm-none-eabi-size arm-none-eabi-objdump qemu-system-arm; do
    have "$t" || { SKIPPED=1; echo "skip baremetal: skipped: install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"; finish; }
done
if [ ! -f "$(arm-none-eabi-gcc -print-file-name=nano.specs)" ]; then
    SKIPPED=1; echo "skip baremetal: skipped: install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"; finish
fi

# build IMAGE [extra flags...]
build() {
    local out=$1
    shift
    nice arm-none-eabi-gcc $WARN $CFLAGS "$@" --specs=nano.specs -nostartfiles -Ltests/baremetal -T tests/baremetal/mps2-an385.ld \
        -Wl,--gc-sections -Wl,-Map="$out.map" tests/baremetal/startup.S tests/baremetal/main_bm.c -o "$out" \
        >"$out.log" 2>&1
}
# run IMAGE LOG -> qemu's exit status (bounded: 300 s)
run() {
    timeout 300 qemu-system-arm -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native -kernel "$1" >"$2" 2>&1
}

ELF="$B/baremetal.elf"
if ! build "$ELF"; then
    fail "baremetal: the image builds warning-free (arm-none-eabi-gcc, newlib-nano, -nostartfiles, no nosys)"
    head -n 30 "$ELF.log" | sed 's/^/    /'
    finish
fi
pass "baremetal: the image builds warning-free and links with no OS stubs ($(arm-none-eabi-gcc -dumpversion), newlib-nano, -nostartfiles)"

t1=$(date +%s%N)
run "$ELF" "$B/baremetal.out"
rc=$?
t2=$(date +%s%N)
grep -a -E '^(ok|FAIL)' "$B/baremetal.out"
p=$(grep -a -c '^ok ' "$B/baremetal.out")
f=$(grep -a -c '^FAIL ' "$B/baremetal.out")
PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
result=$(grep -a '^RESULT ' "$B/baremetal.out" | tail -n 1)
if [ "$rc" = 0 ] && [ "$result" = "RESULT $p 0 0" ] && [ "$p" -gt 0 ]; then
    pass "baremetal: the image ran to its end under qemu-system-arm and exited 0 ($(( (t2 - t1) / 1000000 )) ms)"
else
    fail "baremetal: the image's run (exit $rc, '$result', $p ok lines, $f FAIL lines)"
    tail -n 20 "$B/baremetal.out" | sed 's/^/    /'
fi

# ---- what the image links
nm=$(arm-none-eabi-nm "$ELF")
heap=$(echo "$nm" | awk '{print $NF}' | grep -E '^(malloc|_malloc_r|free|_free_r|calloc|realloc|_sbrk|_sbrk_r|sbrk)$' | tr '\n' ' ')
[ -z "$heap" ] && pass "baremetal: no heap: malloc, free, _sbrk absent from the image" || fail "baremetal: heap functions linked: $heap"

# libc members the link pulled (the map) that are still in the image (nm)
libc=$(sed -n '/^Archive member included/,/^Discarded input sections/p' "$ELF.map" |
    grep -A1 -E 'libc_nano\.a\(' | grep -oE '\(([A-Za-z_0-9]+)\)$' | tr -d '()' | sort -u)
inimage="" extra=""
for s in $libc; do
    echo "$nm" | grep -qE " [Tt] $s\$" || continue
    inimage="$inimage $s"
    case " $BM_LIBC_ALLOWED " in *" $s "*) ;; *)
        callers=$(arm-none-eabi-objdump -d "$ELF" | awk -v s="<$s>" '/^[0-9a-f]+ <.*>:$/ {fn=$2} index($0, s) && !/^[0-9a-f]+ </ {gsub(/[<>:]/, "", fn); print fn}' | sort -u | tr '\n' ' ')
        extra="$extra $s (called by: ${callers% }),"
    esac
done
if [ -z "$extra" ]; then pass "baremetal: the only libc functions in the image are within {$BM_LIBC_ALLOWED}:$inimage"
else fail "baremetal: libc beyond {$BM_LIBC_ALLOWED} in the image:${extra%,}"; fi

# the whole library (every entry point), compiled alone: its external references
if nice arm-none-eabi-gcc $WARN $CFLAGS -c dtls.c -o "$B/dtls_lib.o" 2>"$B/dtls_lib.log"; then
    undef=$(arm-none-eabi-nm -u "$B/dtls_lib.o" | awk '{print $NF}' | grep -vE '^__(aeabi_|gnu_|udiv|div|mod|umod|clz|ctz|popcount|ashl|ashr|lshr|mul|neg|cmp|ucmp)' | sort -u)
    bad=""
    for s in $undef; do case " $BM_LIBC_ALLOWED " in *" $s "*) ;; *) bad="$bad $s" ;; esac; done
    if [ -z "$bad" ]; then pass "baremetal: dtls.c (the whole library) references only {$BM_LIBC_ALLOWED} and compiler helpers"
    else fail "baremetal: dtls.c (the whole library) references libc beyond {$BM_LIBC_ALLOWED}:$bad"; fi
else fail "baremetal: dtls.c builds for Cortex-M3"; head -n 20 "$B/dtls_lib.log" | sed 's/^/    /'; fi
helpers=$(sed -n '/^Archive member included/,/^Discarded input sections/p' "$ELF.map" |
    grep -A1 -E 'libgcc\.a\(' | grep -oE '\(([A-Za-z_0-9]+)\)$' | tr -d '()' | sort -u | tr '\n' ' ')
echo "     compiler helpers (libgcc) linked: ${helpers:-none}"

# ---- the sabotaged image must fail, and say so
if build "$B/sabotage.elf" -DPAIR_SABOTAGE=1; then
    run "$B/sabotage.elf" "$B/sabotage.out"
    src=$?
    if [ "$src" = 1 ] && grep -q '^FAIL psk: handshake complete on the client' "$B/sabotage.out" &&
        grep -q '^ok   ecdsa: handshake complete on the client' "$B/sabotage.out"; then
        pass "baremetal: a server with another PSK fails the image (exit 1, 'FAIL psk: handshake complete on the client')"
    else fail "baremetal: the sabotaged image did not fail as it must (exit $src)"; tail -n 20 "$B/sabotage.out" | sed 's/^/    /'; fi
else fail "baremetal: the sabotaged image builds"; head -n 20 "$B/sabotage.elf.log" | sed 's/^/    /'; fi

# ---- a fault must end the run as a failure, not hang or pass
if build "$B/fault.elf" -DBM_FAULT_TEST=1; then
    run "$B/fault.elf" "$B/fault.out"
    src=$?
    if [ "$src" = 3 ] && grep -q '^FAIL baremetal: fault exception' "$B/fault.out" && ! grep -q '^RESULT' "$B/fault.out"; then
        pass "baremetal: an undefined instruction ends the run through the fault handler (exit 3)"
    else fail "baremetal: the fault self-test (exit $src)"; tail -n 10 "$B/fault.out" | sed 's/^/    /'; fi
else fail "baremetal: the fault self-test image builds"; head -n 20 "$B/fault.elf.log" | sed 's/^/    /'; fi

# ---- a PSK-CCM_8 client alone (client-only, PSK-only build) replaying the
# recorded session: Cortex-M4 (mps2-an386) and Cortex-M0 (microbit)
PSKONLY="-DDTLS_ENABLE_GCM=0 -DDTLS_ENABLE_CHACHAPOLY=0 -DDTLS_ENABLE_SHA384=0 -DDTLS_ENABLE_X25519=0 -DDTLS_ENABLE_P256=0 -DDTLS_ENABLE_P384=0 -DDTLS_ENABLE_RSA=0 -DDTLS_ENABLE_ERROR_TEXT=0"
replay_figs=()
if nice ${CC:-gcc} $WARN -O1 $PSKONLY tests/baremetal/record.c -o "$B/record" >"$B/record.log" 2>&1 &&
    "$B/record" >"$B/replay_data.h" 2>>"$B/record.log"; then
    for m in "cortex-m4 mps2-an385.ld mps2-an386" "cortex-m0 microbit.ld microbit"; do
        set -- $m
        elf="$B/replay-$1.elf"
        if nice arm-none-eabi-gcc $WARN -mcpu=$1 -mthumb -Os -ffunction-sections -fdata-sections $PSKONLY -DDTLS_ENABLE_SERVER=0 \
            -I"$B" --specs=nano.specs -nostartfiles -Ltests/baremetal -T tests/baremetal/$2 -Wl,--gc-sections \
            tests/baremetal/startup.S tests/baremetal/replay_bm.c -o "$elf" >"$elf.log" 2>&1; then
            timeout 300 qemu-system-arm -M $3 -nographic -monitor none -serial none \
                -semihosting-config enable=on,target=native -kernel "$elf" >"$elf.out" 2>&1
            src=$?
            result=$(grep -a '^RESULT ' "$elf.out" | tail -n 1)
            if [ "$src" = 0 ] && [[ "$result" =~ ^RESULT\ [1-9][0-9]*\ 0\ 0$ ]]; then
                pass "baremetal: a PSK-CCM_8 client alone replays the recorded session on $1 ($3: ${result#RESULT } checks)"
            else fail "baremetal: the $1 replay (exit $src, '$result')"; grep -a '^FAIL' "$elf.out" | sed 's/^/    /'; fi
            read -r t d b s < <(arm-none-eabi-size -A "$elf" | awk '$1 == ".text" || $1 == ".ARM.exidx" {t += $2}
                $1 == ".data" {d += $2} $1 == ".bss" {b += $2} $1 == ".stack" {s += $2} END {print t + 0, d + 0, b + 0, s + 0}')
            replay_figs+=("figure replay $1 flash (text + data) $((t + d)) B; static RAM (data + bss) $((d + b)) B; $(grep -a '^stack ' "$elf.out")")
        else fail "baremetal: the $1 replay image builds"; head -n 20 "$elf.log" | sed 's/^/    /'; fi
    done
else fail "baremetal: record.c records the PSK session"; tail -n 20 "$B/record.log" | sed 's/^/    /'; fi

# ---- figures
read -r text data bss stack < <(arm-none-eabi-size -A "$ELF" | awk '
    $1 == ".text" || $1 == ".ARM.exidx" {t += $2} $1 == ".data" {d += $2} $1 == ".bss" {b += $2} $1 == ".stack" {s += $2}
    END {print t + 0, d + 0, b + 0, s + 0}')
lib=$(arm-none-eabi-nm -S -t d --defined-only "$ELF" | awk 'NF == 4 && $4 ~ /^dtls/ && $3 ~ /[TtRr]/ {n += $2} END {print n + 0}')
echo "figure baremetal flash (text + data): $((text + data)) B; static RAM (data + bss): $((data + bss)) B, plus the $stack B stack region"
echo "figure baremetal of the flash, functions and tables named dtls*: $lib B (the rest: the harness, certdata.h, libc, literals)"
grep -a -E '^(stack|sizeof|transcript) ' "$B/baremetal.out" | sed 's/^/figure baremetal /'
for f in "${replay_figs[@]}"; do echo "$f"; done
finish
